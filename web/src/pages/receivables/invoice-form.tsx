import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client.ts";
import type { InvoiceRequest, InvoiceView } from "../../api/receivables-types.ts";
import type { OrganizationOfUser } from "../../api/types.ts";
import { todayIn } from "../../business-date.ts";
import { ErrorMessage } from "../../components/error-message.tsx";
import { TextField } from "../../components/form-fields.tsx";
import { currentLanguage } from "../../i18n/index.ts";
import { orNull } from "../../or-null.ts";
import { queryKeys } from "../../query-keys.ts";
import { useIdempotencyKey } from "../../use-idempotency-key.ts";
import { issueText } from "../credit/credit-format.ts";
import { FieldIssue, issuesByPath } from "../credit/problem-list.tsx";
import type { PickedCustomer } from "../ledger/customer-picker.tsx";
import { CreditBlockedNote } from "./credit-blocked-note.tsx";
import { CustomerField } from "./customer-field.tsx";
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
import { IssueInvoiceDialog } from "./issue-invoice-dialog.tsx";
import { termsName } from "./receivables-format.ts";
import { receivablesPath, usePaymentTerms, useReceivablesChanged } from "./receivables-queries.ts";
import { TaxInvoiceFields, taxInvoiceProblems } from "./tax-invoice-fields.tsx";

const noteLengthMax = 500;

/**
 * A draft invoice keyed in: customer, date, terms, whether prices include VAT, the lines and the
 * tax invoice if one was already drawn. "Save draft" keeps it to be checked; "Save and issue" asks
 * first, then creates and issues it in one request. Totals update as one types, computed exactly
 * as the server will; the server checks everything again and its objections show at the fields.
 * Editing a draft (`invoice` given) replaces it with PUT and has no issue button: the draft's page
 * issues it.
 */
export function InvoiceForm(props: {
  readonly org: OrganizationOfUser;
  /** The draft being edited; null for a new invoice. */
  readonly invoice: InvoiceView | null;
  readonly customer: PickedCustomer | null;
  readonly onSaved: (invoice: InvoiceView) => void;
  readonly onCancel: () => void;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { org, invoice } = props;
  const currency = org.baseCurrency;
  const today = todayIn(org.timeZone);
  const queryClient = useQueryClient();
  const receivablesChanged = useReceivablesChanged(org.orgId);
  const terms = usePaymentTerms(org.orgId);
  const idempotency = useIdempotencyKey();

  const [customer, setCustomer] = useState<PickedCustomer | null>(props.customer);
  const [documentDate, setDocumentDate] = useState(invoice?.documentDate ?? today);
  const [termsCode, setTermsCode] = useState(invoice?.termsCode ?? "");
  const [taxInclusive, setTaxInclusive] = useState(invoice?.taxInclusive ?? false);
  const [lines, setLines] = useState<ReadonlyArray<DraftLine>>(() =>
    invoice === null ? [emptyLine()] : draftLinesOf(invoice.lines),
  );
  const [note, setNote] = useState(invoice?.note ?? "");
  const [taxInvoiceNumber, setTaxInvoiceNumber] = useState(invoice?.taxInvoiceNumber ?? "");
  const [taxInvoiceDate, setTaxInvoiceDate] = useState(invoice?.taxInvoiceDate ?? "");
  const [confirmingIssue, setConfirmingIssue] = useState(false);
  // Which draft line each submitted line was: the server's issues name submitted lines by index.
  const [submittedKeys, setSubmittedKeys] = useState<ReadonlyArray<number>>([]);

  const save = useMutation({
    mutationFn: (variables: { readonly body: InvoiceRequest; readonly issue: boolean }) => {
      if (invoice !== null) {
        return api.put<InvoiceView>(
          receivablesPath(org.orgId, "invoices", invoice.invoiceId),
          variables.body,
        );
      }
      const body = { ...variables.body, issue: variables.issue };
      return api.post<InvoiceView>(receivablesPath(org.orgId, "invoices"), body, {
        "Idempotency-Key": idempotency.keyFor(body),
      });
    },
    onSuccess: (saved) => {
      idempotency.renew();
      setConfirmingIssue(false);
      queryClient.setQueryData(queryKeys.invoice(org.orgId, saved.invoiceId), (before?: InvoiceView) =>
        // The POSTs answer without vouchers; keep the ones on screen until the page reads them again.
        saved.vouchers === undefined && before?.vouchers !== undefined
          ? { ...saved, vouchers: before.vouchers }
          : saved,
      );
      receivablesChanged();
      props.onSaved(saved);
    },
  });

  const edited = () => {
    if (save.error !== null) save.reset();
  };

  const preview = previewLines(lines, { taxInclusive, currency });
  const filled = lines.filter((line) => !isBlankLine(line));
  const taxInvoice = taxInvoiceProblems(taxInvoiceNumber, taxInvoiceDate, t);
  const linesReadable = filled.length > 0 && filled.every((line) => preview.lines.get(line.key)?.ok === true);
  const ready =
    customer !== null &&
    documentDate !== "" &&
    linesReadable &&
    taxInvoice.number === null &&
    taxInvoice.date === null;

  const issues = issuesByPath(save.error, (code, message) => issueText({ path: "", code, message }, t));
  const issueAt = (key: number, field: LineField | "line") => {
    const index = submittedKeys.indexOf(key);
    if (index < 0) return undefined;
    return issues.get(field === "line" ? `lines.${index}` : `lines.${index}.${field}`);
  };

  function body(): InvoiceRequest | null {
    if (customer === null) return null;
    return {
      customerId: customer.customerId,
      documentDate,
      termsCode: termsCode === "" ? null : termsCode,
      taxInclusive,
      lines: filled.map(lineRequest),
      taxInvoiceNumber: orNull(taxInvoiceNumber),
      taxInvoiceDate: orNull(taxInvoiceNumber) === null ? null : orNull(taxInvoiceDate),
      note: orNull(note),
    };
  }

  function submit(issue: boolean): void {
    const request = body();
    if (!ready || request === null || save.isPending) return;
    setSubmittedKeys(filled.map((line) => line.key));
    save.mutate({ body: request, issue });
  }

  function onSubmit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    submit(false);
  }

  const activeTerms = (terms.data?.items ?? []).filter(
    (record) => record.active || record.code === invoice?.termsCode,
  );
  const templateFound = activeTerms.some((record) => record.code === termsCode);

  let hint: string | null = null;
  if (customer === null) hint = t("invoices.form.needsCustomer");
  else if (filled.length === 0) hint = t("invoices.form.needsLines");
  else if (!linesReadable) hint = t("invoices.form.fixLines");

  return (
    <>
      <form className="card" onSubmit={onSubmit} noValidate data-testid="invoice-form">
        <h2>{invoice === null ? t("invoices.form.newTitle") : t("invoices.form.editTitle")}</h2>
        <p className="muted">{t("invoices.form.intro")}</p>
        {!confirmingIssue && <ErrorMessage error={save.error} />}
        {!confirmingIssue && (
          <CreditBlockedNote org={org} error={save.error} customerId={customer?.customerId ?? null} />
        )}
        <ErrorMessage error={terms.error} />
        <div className="form-grid form-grid-top invoice-head">
          <CustomerField
            orgId={org.orgId}
            name="customerId"
            label={t("invoices.fields.customer")}
            initial={props.customer}
            customer={customer}
            invalid={issues.has("customerId")}
            onText={edited}
            onPick={setCustomer}
          >
            <FieldIssue issues={issues} path="customerId" />
          </CustomerField>
          <TextField
            label={t("invoices.fields.documentDate")}
            name="documentDate"
            type="date"
            max={today}
            required
            aria-invalid={issues.has("documentDate")}
            value={documentDate}
            onChange={(value) => {
              edited();
              setDocumentDate(value);
            }}
          >
            <FieldIssue issues={issues} path="documentDate" />
          </TextField>
          <label className="field">
            <span>{t("invoices.fields.terms")}</span>
            <select
              name="termsCode"
              aria-invalid={issues.has("termsCode")}
              value={termsCode}
              onChange={(event) => {
                edited();
                setTermsCode(event.target.value);
              }}
            >
              <option value="">{t("invoices.customerTerms")}</option>
              {!templateFound && termsCode !== "" && <option value={termsCode}>{termsCode}</option>}
              {activeTerms.map((record) => (
                <option key={record.code} value={record.code}>
                  {record.code} · {termsName(record, language)}
                </option>
              ))}
            </select>
            <FieldIssue issues={issues} path="termsCode" />
          </label>
          <p className="subtle form-full">{t("invoices.form.termsHint")}</p>
          <label className="checkbox form-full">
            <input
              type="checkbox"
              className="checkbox-input"
              name="taxInclusive"
              checked={taxInclusive}
              onChange={(event) => {
                edited();
                setTaxInclusive(event.target.checked);
              }}
            />
            <span>{t("invoices.fields.taxInclusive")}</span>
          </label>
        </div>

        <h3 className="form-section-title">{t("invoices.form.lines")}</h3>
        <InvoiceLinesEditor
          lines={lines}
          preview={preview}
          taxInclusive={taxInclusive}
          currency={currency}
          disabled={save.isPending}
          issueAt={issueAt}
          onChange={(next) => {
            edited();
            setLines(next);
          }}
          testId="invoice-form-lines"
        />
        <FieldIssue issues={issues} path="lines" />

        <div className="form-grid">
          <TaxInvoiceFields
            number={taxInvoiceNumber}
            date={taxInvoiceDate}
            today={today}
            problems={taxInvoice}
            issues={issues}
            onNumber={(value) => {
              edited();
              setTaxInvoiceNumber(value);
            }}
            onDate={(value) => {
              edited();
              setTaxInvoiceDate(value);
            }}
          />
          <label className="field form-full">
            <span>
              {t("invoices.fields.note")} <span className="field-note">({t("customers.optional")})</span>
            </span>
            <textarea
              name="note"
              rows={2}
              maxLength={noteLengthMax}
              value={note}
              onChange={(event) => {
                edited();
                setNote(event.target.value);
              }}
            />
            <FieldIssue issues={issues} path="note" />
          </label>
        </div>

        <div className="form-actions invoice-actions">
          <button
            type="submit"
            className="button"
            disabled={!ready || save.isPending}
            data-action="save-draft"
          >
            {save.isPending && !confirmingIssue
              ? t("common.saving")
              : invoice === null
                ? t("invoices.form.saveDraft")
                : t("invoices.form.saveChanges")}
          </button>
          {invoice === null && (
            <button
              type="button"
              className="button button-primary"
              disabled={!ready || save.isPending}
              data-action="save-and-issue"
              onClick={() => {
                edited();
                setConfirmingIssue(true);
              }}
            >
              {t("invoices.form.saveAndIssue")}
            </button>
          )}
          <button
            type="button"
            className="button button-quiet"
            onClick={props.onCancel}
            disabled={save.isPending}
          >
            {t("common.cancel")}
          </button>
          {hint !== null && <span className="muted">{hint}</span>}
        </div>
      </form>
      {confirmingIssue && customer !== null && (
        <IssueInvoiceDialog
          org={org}
          customerId={customer.customerId}
          customerName={customer.name}
          gross={preview.totals?.gross ?? null}
          pending={save.isPending}
          error={save.error}
          onConfirm={() => submit(true)}
          onCancel={() => {
            setConfirmingIssue(false);
          }}
        />
      )}
    </>
  );
}
