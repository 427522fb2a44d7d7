import { useMutation } from "@tanstack/react-query";
import type { TFunction } from "i18next";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client.ts";
import type { Dispute, DisputeResolutionRequest } from "../../api/collections-types.ts";
import type { OrganizationOfUser } from "../../api/types.ts";
import { ErrorMessage } from "../../components/error-message.tsx";
import { FormDialog } from "../../components/form-dialog.tsx";
import { Link } from "../../components/link.tsx";
import { formatDate, formatMoney } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { invoicePagePath } from "../../routes.ts";
import { collectionsIssues, FieldProblem, isConflict } from "./collections-format.tsx";
import { collectionsPath, useDisputesChanged, useInvoiceOf } from "./collections-queries.ts";

/** Characters of a note the server keeps. */
const noteLengthMax = 500;

/** The facts a question about a dispute names: customer, document, amount and reason. */
function disputeFacts(dispute: Dispute, t: TFunction, language: string) {
  return {
    customer: dispute.customerName,
    document: dispute.documentNumber ?? t("common.none"),
    amount: formatMoney(dispute.amount, dispute.currency, language),
    reason: t(`collections.disputeReasons.${dispute.reasonCode}`),
  };
}

function useResolve(org: OrganizationOfUser, dispute: Dispute, onDone: (dispute: Dispute) => void) {
  const disputesChanged = useDisputesChanged(org.orgId);
  return useMutation({
    mutationFn: (body: DisputeResolutionRequest) =>
      api.post<Dispute>(collectionsPath(org.orgId, "disputes", dispute.disputeId, "resolution"), body),
    onSuccess: (resolved) => {
      disputesChanged();
      onDone(resolved);
    },
  });
}

/**
 * Ends a dispute with the credit note issued for it. Credit notes are issued on the invoice's page
 * (receivables.manage); this dialog links there and lets the user pick one of the invoice's credit
 * notes. The server takes only a credit note of the disputed invoice, and says so at the field.
 */
export function CreditNoteResolutionDialog(props: {
  readonly org: OrganizationOfUser;
  readonly dispute: Dispute & { readonly invoiceId: string };
  readonly onDone: (dispute: Dispute) => void;
  readonly onCancel: () => void;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { org, dispute } = props;
  const invoice = useInvoiceOf(org.orgId, dispute.invoiceId);
  const [creditNoteId, setCreditNoteId] = useState("");
  const [note, setNote] = useState("");
  const resolve = useResolve(org, dispute, props.onDone);
  const issues = collectionsIssues(resolve.error, t);
  const conflict = isConflict(resolve.error);
  const creditNotes = (invoice.data?.notes ?? []).filter(
    (candidate) => candidate.kind === "credit_note" && candidate.status !== "draft",
  );
  const invoiceLink = (
    <Link to={invoicePagePath(org.orgId, dispute.invoiceId)} data-testid="dispute-invoice-link">
      {t("collections.disputes.openInvoice", { document: dispute.documentNumber ?? t("common.none") })}
    </Link>
  );
  return (
    <FormDialog
      title={t("collections.disputes.creditTitle")}
      intro={t("collections.disputes.creditIntro", disputeFacts(dispute, t, language))}
      submitLabel={t("collections.disputes.creditSubmit")}
      pendingLabel={t("common.saving")}
      pending={resolve.isPending}
      error={conflict ? null : resolve.error}
      canSubmit={creditNoteId !== ""}
      wide
      testId="dispute-credit-dialog"
      onSubmit={() =>
        resolve.mutate({
          resolution: "credit_note",
          creditNoteId,
          note: note.trim() === "" ? null : note.trim(),
        })
      }
      onCancel={props.onCancel}
    >
      {conflict && (
        <p role="alert" className="notice notice-error">
          {t("collections.disputes.notOpen")}
        </p>
      )}
      <ErrorMessage error={invoice.error} />
      <fieldset className="choices" data-testid="credit-note-choices">
        <legend>{t("collections.disputes.fields.creditNote")}</legend>
        {invoice.isPending && <p className="muted">{t("common.loading")}</p>}
        {invoice.data !== undefined && creditNotes.length === 0 && (
          <p className="notice notice-info" data-testid="no-credit-notes">
            {t("collections.disputes.noCreditNotes")} {invoiceLink}
          </p>
        )}
        {creditNotes.map((candidate) => (
          <label key={candidate.invoiceId} className="choice" data-credit-note-id={candidate.invoiceId}>
            <input
              type="radio"
              name="creditNoteId"
              value={candidate.invoiceId}
              checked={creditNoteId === candidate.invoiceId}
              onChange={() => {
                resolve.reset();
                setCreditNoteId(candidate.invoiceId);
              }}
            />
            <span>
              {t("collections.disputes.creditNoteOption", {
                number: candidate.number ?? t("common.none"),
                date: formatDate(candidate.documentDate, language),
                gross: formatMoney(candidate.gross, candidate.currency, language),
              })}
              {candidate.reason !== null && <span className="subtle"> · {candidate.reason}</span>}
            </span>
          </label>
        ))}
        <FieldProblem issues={issues} path="creditNoteId" />
      </fieldset>
      {creditNotes.length > 0 && (
        <p className="subtle">
          {t("collections.disputes.creditNoteElsewhere")} {invoiceLink}
        </p>
      )}
      <label className="field">
        <span>
          {t("collections.disputes.fields.resolutionNote")}
          <span className="field-note"> ({t("customers.optional")})</span>
        </span>
        <textarea
          name="note"
          rows={2}
          maxLength={noteLengthMax}
          value={note}
          aria-invalid={issues.has("note")}
          onChange={(event) => {
            resolve.reset();
            setNote(event.target.value);
          }}
        />
        <FieldProblem issues={issues} path="note" />
      </label>
    </FormDialog>
  );
}

/**
 * Rejects a dispute, after a question that names it and with the note the customer will be told:
 * the item is no longer disputed, and dunning takes up what is still open.
 */
export function RejectDisputeDialog(props: {
  readonly org: OrganizationOfUser;
  readonly dispute: Dispute;
  readonly onDone: (dispute: Dispute) => void;
  readonly onCancel: () => void;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { org, dispute } = props;
  const [note, setNote] = useState("");
  const resolve = useResolve(org, dispute, props.onDone);
  const issues = collectionsIssues(resolve.error, t);
  const conflict = isConflict(resolve.error);
  return (
    <FormDialog
      title={t("collections.disputes.rejectTitle")}
      intro={t("collections.disputes.rejectQuestion", disputeFacts(dispute, t, language))}
      submitLabel={t("collections.disputes.rejectSubmit")}
      pendingLabel={t("common.saving")}
      pending={resolve.isPending}
      error={conflict ? null : resolve.error}
      canSubmit={note.trim() !== ""}
      danger
      testId="dispute-reject-dialog"
      onSubmit={() => resolve.mutate({ resolution: "rejected", note: note.trim() })}
      onCancel={props.onCancel}
    >
      <p className="dialog-consequence">{t("collections.disputes.rejectConsequence")}</p>
      {conflict && (
        <p role="alert" className="notice notice-error">
          {t("collections.disputes.notOpen")}
        </p>
      )}
      <label className="field">
        <span>{t("collections.disputes.fields.rejectionNote")}</span>
        <textarea
          name="note"
          rows={3}
          required
          maxLength={noteLengthMax}
          value={note}
          aria-invalid={issues.has("note")}
          onChange={(event) => {
            resolve.reset();
            setNote(event.target.value);
          }}
        />
        <FieldProblem issues={issues} path="note" />
      </label>
    </FormDialog>
  );
}
