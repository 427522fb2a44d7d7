import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, isApiError } from "../../api/client.ts";
import type { Approval, ItemList, OrganizationOfUser, SessionView } from "../../api/types.ts";
import { ErrorMessage, SuccessMessage } from "../../components/error-message.tsx";
import { FormDialog } from "../../components/form-dialog.tsx";
import { ChoiceField } from "../../components/form-fields.tsx";
import { Link } from "../../components/link.tsx";
import { ListTable } from "../../components/list-table.tsx";
import { formatDate, formatInstant } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { queryKeys } from "../../query-keys.ts";
import { orgPagePath } from "../../routes.ts";
import { can } from "../../session.ts";
import { ReasonField } from "./credit-actions.tsx";
import { money, termsText } from "./credit-format.ts";
import { creditPath, useCreditChanged } from "./credit-queries.ts";

const statusFilters = ["pending", "approved", "rejected", "all"] as const;
type StatusFilter = (typeof statusFilters)[number];

type Decision = "approve" | "reject";

function RequestText(props: { readonly approval: Approval; readonly currency: string }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { request } = props.approval;
  if (props.approval.kind === "temporary_increase") {
    return (
      <span>
        {t("approvals.temporaryRequest", {
          amount:
            request.amount === undefined ? t("common.none") : money(request.amount, props.currency, language),
          date: request.expiresOn === undefined ? t("common.none") : formatDate(request.expiresOn, language),
        })}
      </span>
    );
  }
  return (
    <span>
      <span className="cell-figure">
        {request.limit === undefined ? t("common.none") : money(request.limit, props.currency, language)}
      </span>
      {request.terms !== undefined && <span className="subtle"> · {termsText(request.terms, t)}</span>}
    </span>
  );
}

function DecisionDialog(props: {
  readonly org: OrganizationOfUser;
  readonly approval: Approval;
  readonly decision: Decision;
  readonly onDone: (approval: Approval) => void;
  readonly onCancel: () => void;
}) {
  const { t } = useTranslation();
  const { org, approval, decision } = props;
  const creditChanged = useCreditChanged(org.orgId);
  const [reason, setReason] = useState("");
  const decide = useMutation({
    mutationFn: (body: { readonly decision: Decision; readonly reason?: string }) =>
      api.post<Approval>(creditPath(org.orgId, "approvals", approval.approvalId, "decision"), body),
    onSuccess: (decided) => {
      creditChanged();
      props.onDone(decided);
    },
    onError: (error) => {
      // Someone else decided first: the queue is stale.
      if (isApiError(error) && error.code === "ALREADY_DECIDED") creditChanged();
    },
  });
  const selfApproval = isApiError(decide.error) && decide.error.code === "SELF_APPROVAL";
  const reject = decision === "reject";

  return (
    <FormDialog
      title={reject ? t("approvals.rejectTitle") : t("approvals.approveTitle")}
      intro={t("approvals.decisionQuestion", { code: approval.customerCode, name: approval.customerName })}
      submitLabel={reject ? t("approvals.reject") : t("approvals.approve")}
      pendingLabel={t("common.saving")}
      pending={decide.isPending}
      error={selfApproval ? null : decide.error}
      canSubmit={!reject || reason.trim() !== ""}
      danger={reject}
      testId="decision-dialog"
      onSubmit={() => decide.mutate({ decision, ...(reason.trim() === "" ? {} : { reason: reason.trim() }) })}
      onCancel={props.onCancel}
    >
      {selfApproval && (
        <div role="alert" className="notice notice-error" data-testid="self-approval">
          <p>
            <strong>{t("approvals.selfApprovalTitle")}</strong>
          </p>
          <p>{t("approvals.selfApproval")}</p>
        </div>
      )}
      <ReasonField value={reason} onChange={setReason} optional={!reject} />
    </FormDialog>
  );
}

/**
 * Limit changes waiting for a second person (maker-checker): what was asked, why it needs an
 * approval, who asked and why. The requester cannot decide their own request; the server says so.
 */
export function ApprovalsPage(props: { readonly org: OrganizationOfUser; readonly session: SessionView }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { org } = props;
  const approves = can(org, "credit.approve");
  const [status, setStatus] = useState<StatusFilter>("pending");
  const [deciding, setDeciding] = useState<{
    readonly approval: Approval;
    readonly decision: Decision;
  } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const approvals = useQuery({
    queryKey: [...queryKeys.credit(org.orgId), "approvals", status],
    queryFn: () => api.get<ItemList<Approval>>(creditPath(org.orgId, "approvals"), { status }),
  });
  // Pending first, in the server's order (oldest first: a queue is worked from its head).
  const items = [...(approvals.data?.items ?? [])].sort(
    (a, b) => Number(b.status === "pending") - Number(a.status === "pending"),
  );
  const columns = approves ? 8 : 7;

  return (
    <>
      <div className="toolbar toolbar-spread">
        <p className="muted">{t("approvals.intro")}</p>
        <ChoiceField
          label={t("approvals.status")}
          name="status"
          choices={statusFilters}
          value={status}
          choiceLabel={(s) => t(`approvals.statuses.${s}`)}
          onChange={setStatus}
        />
      </div>
      <SuccessMessage>{notice}</SuccessMessage>
      <ErrorMessage error={approvals.error} />
      <ListTable
        pending={approvals.isPending}
        testId="approvals-table"
        head={
          <>
            <th scope="col">{t("approvals.requested")}</th>
            <th scope="col">{t("approvals.customer")}</th>
            <th scope="col">{t("approvals.request")}</th>
            <th scope="col" className="cell-amount">
              {t("approvals.currentLimit")}
            </th>
            <th scope="col">{t("approvals.grounds")}</th>
            <th scope="col">{t("approvals.requestedBy")}</th>
            <th scope="col">{t("approvals.status")}</th>
            {approves && (
              <th scope="col" className="cell-actions">
                {t("members.actions")}
              </th>
            )}
          </>
        }
        columnCount={columns}
        rowCount={items.length}
        emptyText={status === "pending" ? t("approvals.emptyPending") : t("approvals.empty")}
      >
        {items.map((approval) => {
          const mine = approval.requestedByUserId === props.session.user.userId;
          return (
            <tr
              key={approval.approvalId}
              data-approval-id={approval.approvalId}
              data-customer-code={approval.customerCode}
              data-status={approval.status}
            >
              <td>{formatInstant(approval.createdAt, org.timeZone, language)}</td>
              <td>
                <Link to={orgPagePath(org.orgId, "customers", approval.customerId)}>
                  <span className="mono nowrap">{approval.customerCode}</span>
                  <div>{approval.customerName}</div>
                </Link>
              </td>
              <td>
                <div className="subtle">{t(`approvals.kinds.${approval.kind}`)}</div>
                <RequestText approval={approval} currency={approval.currency} />
              </td>
              <td className="cell-amount">{money(approval.currentLimit, approval.currency, language)}</td>
              <td>
                <ul className="plain-list" data-testid="approval-grounds">
                  {approval.grounds.map((ground) => (
                    <li key={ground}>{t(`credit.grounds.${ground}`)}</li>
                  ))}
                </ul>
              </td>
              <td>
                {approval.requestedBy}
                {mine && <span className="tag">{t("approvals.yours")}</span>}
                {approval.reason !== "" && <div className="subtle pre-wrap">{approval.reason}</div>}
              </td>
              <td>
                <span className={`status status-${approval.status}`}>
                  {t(`approvals.statuses.${approval.status}`)}
                </span>
                {approval.decidedBy !== null && (
                  <div className="subtle">
                    {approval.decidedBy}
                    {approval.decidedAt !== null &&
                      ` · ${formatInstant(approval.decidedAt, org.timeZone, language)}`}
                  </div>
                )}
                {approval.decisionReason !== null && (
                  <div className="subtle pre-wrap">{approval.decisionReason}</div>
                )}
              </td>
              {approves && (
                <td className="cell-actions nowrap">
                  {approval.status === "pending" && (
                    <>
                      <button
                        type="button"
                        className="button button-small button-primary"
                        onClick={() => {
                          setNotice(null);
                          setDeciding({ approval, decision: "approve" });
                        }}
                      >
                        {t("approvals.approve")}
                      </button>{" "}
                      <button
                        type="button"
                        className="button button-small button-danger-quiet"
                        onClick={() => {
                          setNotice(null);
                          setDeciding({ approval, decision: "reject" });
                        }}
                      >
                        {t("approvals.reject")}
                      </button>
                    </>
                  )}
                </td>
              )}
            </tr>
          );
        })}
      </ListTable>
      {deciding !== null && (
        <DecisionDialog
          org={org}
          approval={deciding.approval}
          decision={deciding.decision}
          onDone={(approval) => {
            setDeciding(null);
            const values = { code: approval.customerCode, name: approval.customerName };
            setNotice(
              approval.status === "approved"
                ? t("approvals.approved", values)
                : t("approvals.rejected", values),
            );
          }}
          onCancel={() => setDeciding(null)}
        />
      )}
    </>
  );
}
