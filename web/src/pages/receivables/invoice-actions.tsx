import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client.ts";
import type { InvoiceView } from "../../api/receivables-types.ts";
import type { OrganizationOfUser } from "../../api/types.ts";
import { ConfirmDialog } from "../../components/confirm-dialog.tsx";
import { formatMoney } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { queryKeys } from "../../query-keys.ts";
import { navigate } from "../../router.ts";
import { orgPagePath } from "../../routes.ts";
import { can } from "../../session.ts";
import { useIdempotencyKey } from "../../use-idempotency-key.ts";
import { IssueInvoiceDialog } from "./issue-invoice-dialog.tsx";
import { NoteDialog, type NoteKind } from "./note-dialog.tsx";
import { receivablesPath, useReceivablesChanged } from "./receivables-queries.ts";
import { TaxInvoiceDialog } from "./tax-invoice-dialog.tsx";

type Open = "issue" | "delete" | "taxInvoice" | NoteKind;

/**
 * What can be done to a document, as its status and the user's permission allow: a draft is
 * issued, edited or deleted; an issued invoice is corrected by a credit or debit note; any issued
 * document gets its 发票号码 recorded.
 */
export function InvoiceActions(props: {
  readonly org: OrganizationOfUser;
  readonly invoice: InvoiceView;
  readonly onEdit: () => void;
  /** What was done, for the page to say; null clears it. */
  readonly onNotice: (text: string | null) => void;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { org, invoice, onNotice } = props;
  const queryClient = useQueryClient();
  const receivablesChanged = useReceivablesChanged(org.orgId);
  const idempotency = useIdempotencyKey();
  const [open, setOpen] = useState<Open | null>(null);

  const issue = useMutation({
    mutationFn: () =>
      api.post<InvoiceView>(
        receivablesPath(org.orgId, "invoices", invoice.invoiceId, "issue"),
        {},
        { "Idempotency-Key": idempotency.keyFor({ issue: invoice.invoiceId }) },
      ),
    onSuccess: (issued) => {
      idempotency.renew();
      queryClient.setQueryData(queryKeys.invoice(org.orgId, issued.invoiceId), issued);
      receivablesChanged();
      setOpen(null);
      onNotice(t("invoices.issued", { number: issued.number ?? "" }));
    },
  });
  const remove = useMutation({
    mutationFn: () => api.delete<undefined>(receivablesPath(org.orgId, "invoices", invoice.invoiceId)),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: queryKeys.invoice(org.orgId, invoice.invoiceId) });
      receivablesChanged();
      navigate(orgPagePath(org.orgId, "receivables"));
    },
  });

  if (!can(org, "receivables.manage")) return null;
  const draft = invoice.status === "draft";
  const correctable = invoice.kind === "invoice" && !draft;
  const start = (which: Open) => () => {
    onNotice(null);
    issue.reset();
    remove.reset();
    setOpen(which);
  };

  return (
    <div className="toolbar" data-testid="invoice-actions" data-status={invoice.status}>
      {draft && (
        <>
          <button
            type="button"
            className="button button-primary"
            data-action="issue"
            onClick={start("issue")}
          >
            {t("invoices.issue")}
          </button>
          <button type="button" className="button" data-action="edit" onClick={props.onEdit}>
            {t("invoices.edit")}
          </button>
          <button
            type="button"
            className="button button-danger-quiet"
            data-action="delete"
            onClick={start("delete")}
          >
            {t("invoices.deleteDraft")}
          </button>
          <span className="subtle">{t("invoices.draftHint")}</span>
        </>
      )}
      {correctable && (
        <>
          <button type="button" className="button" data-action="credit-note" onClick={start("credit")}>
            {t("notes.creditAction")}
          </button>
          <button type="button" className="button" data-action="debit-note" onClick={start("debit")}>
            {t("notes.debitAction")}
          </button>
        </>
      )}
      {!draft && (
        <button type="button" className="button" data-action="tax-invoice" onClick={start("taxInvoice")}>
          {invoice.taxInvoiceNumber === null ? t("taxInvoice.recordAction") : t("taxInvoice.changeAction")}
        </button>
      )}

      {open === "issue" && (
        <IssueInvoiceDialog
          org={org}
          customerId={invoice.customerId}
          customerName={invoice.customerName}
          gross={invoice.gross}
          pending={issue.isPending}
          error={issue.error}
          onConfirm={() => issue.mutate()}
          onCancel={() => setOpen(null)}
        />
      )}
      <ConfirmDialog
        open={open === "delete"}
        title={t("invoices.deleteTitle")}
        question={t("invoices.deleteQuestion", {
          customer: invoice.customerName,
          total: formatMoney(invoice.gross, invoice.currency, language),
        })}
        consequence={t("invoices.deleteConsequence")}
        confirmLabel={t("invoices.deleteDraft")}
        pendingLabel={t("common.saving")}
        pending={remove.isPending}
        error={remove.error}
        onConfirm={() => remove.mutate()}
        onCancel={() => setOpen(null)}
      />
      {(open === "credit" || open === "debit") && (
        <NoteDialog
          org={org}
          invoice={invoice}
          kind={open}
          onDone={(note) => {
            setOpen(null);
            onNotice(
              t(open === "credit" ? "notes.creditIssued" : "notes.debitIssued", {
                number: note.number ?? "",
              }),
            );
          }}
          onCancel={() => setOpen(null)}
        />
      )}
      {open === "taxInvoice" && (
        <TaxInvoiceDialog
          org={org}
          invoice={invoice}
          onDone={(saved) => {
            queryClient.setQueryData(queryKeys.invoice(org.orgId, saved.invoiceId), saved);
            setOpen(null);
            onNotice(
              saved.taxInvoiceNumber === null
                ? t("taxInvoice.removed")
                : t("taxInvoice.recorded", { number: saved.taxInvoiceNumber }),
            );
          }}
          onCancel={() => setOpen(null)}
        />
      )}
    </div>
  );
}
