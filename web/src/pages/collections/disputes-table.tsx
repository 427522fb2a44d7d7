import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Dispute } from "../../api/collections-types.ts";
import type { OrganizationOfUser } from "../../api/types.ts";
import { Link } from "../../components/link.tsx";
import { ListTable } from "../../components/list-table.tsx";
import { formatAmount, formatDate, formatMoney } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { customerCollectionsPath, invoicePagePath } from "../../routes.ts";
import { can } from "../../session.ts";
import { DisputeStatusBadge } from "./collections-format.tsx";
import { usePeople } from "./collections-people.ts";
import { CreditNoteResolutionDialog, RejectDisputeDialog } from "./resolve-dispute-dialog.tsx";

type Resolving =
  | { readonly kind: "credit"; readonly dispute: Dispute & { readonly invoiceId: string } }
  | { readonly kind: "reject"; readonly dispute: Dispute };

function withInvoice(dispute: Dispute): (Dispute & { readonly invoiceId: string }) | null {
  return dispute.invoiceId === null ? null : { ...dispute, invoiceId: dispute.invoiceId };
}

/**
 * Disputes as a table: when each was opened, on which document (and line), why, for how much, who
 * owns it and where it stands — with the credit note that resolved it, or the note it was rejected
 * with. An open one is resolved from its row (collections.manage): by a credit note of its invoice,
 * or rejected after a question. `onResolved` hears the outcome, for the page to say so.
 */
export function DisputesTable(props: {
  readonly org: OrganizationOfUser;
  readonly disputes: ReadonlyArray<Dispute>;
  readonly pending: boolean;
  /** Off on a customer's own page, where every row is of that customer. */
  readonly showCustomer: boolean;
  readonly emptyText: string;
  readonly testId: string;
  readonly onResolved: (message: string) => void;
  readonly onStart?: () => void;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { org, disputes } = props;
  const { nameOf } = usePeople(org);
  const [resolving, setResolving] = useState<Resolving | null>(null);
  const manages = can(org, "collections.manage");
  const columnCount = 8 + (props.showCustomer ? 1 : 0) + (manages ? 1 : 0);

  function resolved(dispute: Dispute): void {
    setResolving(null);
    props.onResolved(
      dispute.status === "rejected"
        ? t("collections.disputes.rejected", {
            customer: dispute.customerName,
            document: dispute.documentNumber ?? t("common.none"),
          })
        : t("collections.disputes.credited", {
            customer: dispute.customerName,
            document: dispute.documentNumber ?? t("common.none"),
          }),
    );
  }

  function start(next: Resolving): void {
    props.onStart?.();
    setResolving(next);
  }

  return (
    <>
      <ListTable
        pending={props.pending}
        testId={props.testId}
        head={
          <>
            <th scope="col">{t("collections.disputes.columns.openedOn")}</th>
            {props.showCustomer && <th scope="col">{t("collections.disputes.columns.customer")}</th>}
            <th scope="col">{t("collections.disputes.columns.document")}</th>
            <th scope="col">{t("collections.disputes.columns.reason")}</th>
            <th scope="col" className="cell-amount">
              {t("collections.disputes.columns.amount")}
            </th>
            <th scope="col">{t("collections.disputes.columns.owner")}</th>
            <th scope="col">{t("collections.disputes.columns.status")}</th>
            <th scope="col">{t("collections.disputes.columns.note")}</th>
            <th scope="col">{t("collections.disputes.columns.resolution")}</th>
            {manages && (
              <th scope="col">
                <span className="visually-hidden">{t("collections.disputes.columns.actions")}</span>
              </th>
            )}
          </>
        }
        columnCount={columnCount}
        rowCount={disputes.length}
        emptyText={props.emptyText}
      >
        {disputes.map((dispute) => {
          const owner = dispute.ownerUserId === null ? null : nameOf(dispute.ownerUserId);
          const credit = withInvoice(dispute);
          return (
            <tr
              key={dispute.disputeId}
              data-dispute-id={dispute.disputeId}
              data-status={dispute.status}
              data-reason={dispute.reasonCode}
              data-customer-id={dispute.customerId}
              data-item-id={dispute.itemId ?? ""}
            >
              <td className="nowrap">{formatDate(dispute.openedOn, language)}</td>
              {props.showCustomer && (
                <td>
                  <Link to={customerCollectionsPath(org.orgId, dispute.customerId)}>
                    {dispute.customerName}
                  </Link>
                </td>
              )}
              <td className="nowrap" data-column="document">
                {dispute.invoiceId === null ? (
                  (dispute.documentNumber ?? <span className="subtle">{t("common.none")}</span>)
                ) : (
                  <Link to={invoicePagePath(org.orgId, dispute.invoiceId)}>
                    {dispute.documentNumber ?? t("collections.disputes.invoice")}
                  </Link>
                )}
                {dispute.lineSeq !== null && (
                  <div className="subtle">{t("collections.disputes.lineN", { n: dispute.lineSeq })}</div>
                )}
              </td>
              <td>{t(`collections.disputeReasons.${dispute.reasonCode}`)}</td>
              <td className="cell-amount" data-column="amount">
                {formatAmount(dispute.amount, language)}
              </td>
              <td>
                {dispute.ownerUserId === null ? (
                  <span className="subtle">{t("collections.disputes.noOwner")}</span>
                ) : (
                  (owner ?? <span className="subtle">{t("collections.disputes.anotherMember")}</span>)
                )}
              </td>
              <td>
                <DisputeStatusBadge status={dispute.status} />
                {dispute.resolvedOn !== null && (
                  <div className="subtle nowrap">{formatDate(dispute.resolvedOn, language)}</div>
                )}
              </td>
              <td className="pre-wrap" data-column="note">
                {dispute.note ?? <span className="subtle">{t("common.none")}</span>}
                <div className="subtle">{dispute.createdBy}</div>
              </td>
              <td data-column="resolution">
                {dispute.creditNoteId !== null && (
                  <div>
                    <Link
                      to={invoicePagePath(org.orgId, dispute.creditNoteId)}
                      data-testid="dispute-credit-note"
                    >
                      {t("collections.disputes.creditNote")}
                    </Link>
                  </div>
                )}
                {dispute.resolutionNote !== null && <div className="pre-wrap">{dispute.resolutionNote}</div>}
                {dispute.creditNoteId === null && dispute.resolutionNote === null && (
                  <span className="subtle">{t("common.none")}</span>
                )}
              </td>
              {manages && (
                <td className="cell-actions">
                  {dispute.status === "open" && (
                    <div className="toolbar-buttons">
                      {credit !== null && (
                        <button
                          type="button"
                          className="button button-small"
                          data-action="credit"
                          title={t("collections.disputes.creditHint")}
                          onClick={() => start({ kind: "credit", dispute: credit })}
                        >
                          {t("collections.disputes.credit")}
                        </button>
                      )}
                      <button
                        type="button"
                        className="button button-small button-danger-quiet"
                        data-action="reject"
                        aria-label={t("collections.disputes.rejectOf", {
                          document: dispute.documentNumber ?? t("common.none"),
                          amount: formatMoney(dispute.amount, dispute.currency, language),
                        })}
                        onClick={() => start({ kind: "reject", dispute })}
                      >
                        {t("collections.disputes.reject")}
                      </button>
                    </div>
                  )}
                </td>
              )}
            </tr>
          );
        })}
      </ListTable>
      {resolving?.kind === "credit" && (
        <CreditNoteResolutionDialog
          org={org}
          dispute={resolving.dispute}
          onDone={resolved}
          onCancel={() => setResolving(null)}
        />
      )}
      {resolving?.kind === "reject" && (
        <RejectDisputeDialog
          org={org}
          dispute={resolving.dispute}
          onDone={resolved}
          onCancel={() => setResolving(null)}
        />
      )}
    </>
  );
}
