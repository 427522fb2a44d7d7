import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client.ts";
import type { InvoiceView, NoteRequest } from "../../api/receivables-types.ts";
import type { OrganizationOfUser } from "../../api/types.ts";
import { todayIn } from "../../business-date.ts";
import { FormDialog } from "../../components/form-dialog.tsx";
import { TextField } from "../../components/form-fields.tsx";
import { formatMoney } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { useIdempotencyKey } from "../../use-idempotency-key.ts";
import { issueText } from "../credit/credit-format.ts";
import { FieldIssue, issuesByPath } from "../credit/problem-list.tsx";
import { CreditBlockedNote } from "./credit-blocked-note.tsx";
import {
  type DraftLine,
  draftLinesOf,
  emptyLine,
  isBlankLine,
  type LineField,
  lineRequest,
  previewLines,
} from "./invoice-lines.ts";
import { InvoiceLinesEditor } from "./invoice-lines-editor.tsx";
import { receivablesPath, useReceivablesChanged } from "./receivables-queries.ts";

export type NoteKind = "credit" | "debit";

const reasonLengthMax = 500;

/**
 * A credit note (红字: a return, a price reduction) or a debit note (补开: an additional charge)
 * against an issued invoice: its date, the reason, whether prices include VAT, and its lines. A
 * credit note is applied at once to what is open on the invoice; a debit note is credit-checked
 * and falls due on the invoice's terms from its own date.
 */
export function NoteDialog(props: {
  readonly org: OrganizationOfUser;
  readonly invoice: InvoiceView;
  readonly kind: NoteKind;
  readonly onDone: (note: InvoiceView) => void;
  readonly onCancel: () => void;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { org, invoice, kind } = props;
  const currency = invoice.currency;
  const today = todayIn(org.timeZone);
  const receivablesChanged = useReceivablesChanged(org.orgId);
  const idempotency = useIdempotencyKey();
  const [documentDate, setDocumentDate] = useState(today);
  const [reason, setReason] = useState("");
  const [taxInclusive, setTaxInclusive] = useState(invoice.taxInclusive);
  const [lines, setLines] = useState<ReadonlyArray<DraftLine>>(() => [emptyLine(invoice.lines[0]?.vatRate)]);
  const [submittedKeys, setSubmittedKeys] = useState<ReadonlyArray<number>>([]);

  const create = useMutation({
    mutationFn: (body: NoteRequest) =>
      api.post<InvoiceView>(
        receivablesPath(
          org.orgId,
          "invoices",
          invoice.invoiceId,
          kind === "credit" ? "credit-notes" : "debit-notes",
        ),
        body,
        { "Idempotency-Key": idempotency.keyFor(body) },
      ),
    onSuccess: (note) => {
      idempotency.renew();
      receivablesChanged();
      props.onDone(note);
    },
  });
  const edited = () => {
    if (create.error !== null) create.reset();
  };

  const preview = previewLines(lines, { taxInclusive, currency });
  const filled = lines.filter((line) => !isBlankLine(line));
  const readable = filled.length > 0 && filled.every((line) => preview.lines.get(line.key)?.ok === true);
  const issues = issuesByPath(create.error, (code, message) => issueText({ path: "", code, message }, t));
  const issueAt = (key: number, field: LineField | "line") => {
    const index = submittedKeys.indexOf(key);
    if (index < 0) return undefined;
    return issues.get(field === "line" ? `lines.${index}` : `lines.${index}.${field}`);
  };

  return (
    <FormDialog
      title={kind === "credit" ? t("notes.creditTitle") : t("notes.debitTitle")}
      intro={t(kind === "credit" ? "notes.creditIntro" : "notes.debitIntro", {
        number: invoice.number ?? "",
        open: formatMoney(invoice.open, currency, language),
      })}
      submitLabel={kind === "credit" ? t("notes.creditSubmit") : t("notes.debitSubmit")}
      pendingLabel={t("common.saving")}
      pending={create.isPending}
      error={create.error}
      canSubmit={readable && reason.trim() !== "" && documentDate !== ""}
      wide
      testId={kind === "credit" ? "credit-note-dialog" : "debit-note-dialog"}
      onSubmit={() => {
        setSubmittedKeys(filled.map((line) => line.key));
        create.mutate({ documentDate, taxInclusive, lines: filled.map(lineRequest), reason: reason.trim() });
      }}
      onCancel={props.onCancel}
    >
      <CreditBlockedNote org={org} error={create.error} customerId={invoice.customerId} />
      <div className="form-row">
        <TextField
          label={t("notes.date")}
          name="documentDate"
          type="date"
          min={invoice.documentDate}
          max={today}
          aria-invalid={issues.has("documentDate")}
          value={documentDate}
          onChange={(value) => {
            edited();
            setDocumentDate(value);
          }}
        >
          <FieldIssue issues={issues} path="documentDate" />
        </TextField>
        <label className="checkbox">
          <input
            type="checkbox"
            className="checkbox-input"
            checked={taxInclusive}
            onChange={(event) => {
              edited();
              setTaxInclusive(event.target.checked);
            }}
          />
          <span>{t("invoices.fields.taxInclusive")}</span>
        </label>
      </div>
      <label className="field">
        <span>{t("invoices.fields.reason")}</span>
        <textarea
          name="reason"
          rows={2}
          required
          maxLength={reasonLengthMax}
          placeholder={
            kind === "credit" ? t("notes.creditReasonPlaceholder") : t("notes.debitReasonPlaceholder")
          }
          value={reason}
          onChange={(event) => {
            edited();
            setReason(event.target.value);
          }}
        />
        <FieldIssue issues={issues} path="reason" />
      </label>
      <div className="toolbar">
        <span className="subtle">{t("notes.linesHint")}</span>
        <button
          type="button"
          className="button button-small"
          data-action="copy-lines"
          disabled={create.isPending}
          onClick={() => {
            edited();
            setTaxInclusive(invoice.taxInclusive);
            setLines(draftLinesOf(invoice.lines));
          }}
        >
          {t("notes.copyLines")}
        </button>
      </div>
      <InvoiceLinesEditor
        lines={lines}
        preview={preview}
        taxInclusive={taxInclusive}
        currency={currency}
        disabled={create.isPending}
        issueAt={issueAt}
        onChange={(next) => {
          edited();
          setLines(next);
        }}
        testId="note-lines"
      />
      <FieldIssue issues={issues} path="lines" />
    </FormDialog>
  );
}
