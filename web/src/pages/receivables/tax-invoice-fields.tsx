import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { TextField } from "../../components/form-fields.tsx";
import { FieldIssue } from "../credit/problem-list.tsx";

/**
 * 发票号码: 8 digits on paper and older electronic invoices, 20 on 数电票 (fully digital invoices),
 * as the server checks it (src/services/receivables/invoices.ts).
 */
const taxInvoiceNumberPattern = /^(\d{8}|\d{20})$/;
const taxInvoiceNumberLengthMax = 20;

export interface TaxInvoiceProblems {
  readonly number: string | null;
  readonly date: string | null;
}

/**
 * What is wrong with a typed tax invoice before it is sent: a bad number, or a number without its
 * date. A date without a number is not sent at all (the form sends both or neither).
 */
export function taxInvoiceProblems(number: string, date: string, t: TFunction): TaxInvoiceProblems {
  const typed = number.trim();
  if (typed === "") return { number: null, date: null };
  return {
    number: taxInvoiceNumberPattern.test(typed) ? null : t("taxInvoice.numberInvalid"),
    date: date === "" ? t("taxInvoice.dateRequired") : null,
  };
}

/** The 发票号码 and its date: optional, but together. */
export function TaxInvoiceFields(props: {
  readonly number: string;
  readonly date: string;
  readonly today: string;
  readonly problems: TaxInvoiceProblems;
  /** The server's objections by field path. */
  readonly issues: Map<string, string>;
  readonly optional?: boolean;
  readonly onNumber: (value: string) => void;
  readonly onDate: (value: string) => void;
}) {
  const { t } = useTranslation();
  const { problems, issues } = props;
  const note = props.optional === false ? t("taxInvoice.numberHint") : t("taxInvoice.optionalHint");
  const typedNumber = props.number.trim() !== "";
  return (
    <>
      <TextField
        label={t("taxInvoice.number")}
        note={note}
        name="taxInvoiceNumber"
        className="input-medium mono"
        inputMode="numeric"
        autoComplete="off"
        maxLength={taxInvoiceNumberLengthMax}
        aria-invalid={(typedNumber && problems.number !== null) || issues.has("taxInvoiceNumber")}
        value={props.number}
        onChange={(value) => props.onNumber(value.trim())}
      >
        {typedNumber && problems.number !== null && <div className="field-error">{problems.number}</div>}
        <FieldIssue issues={issues} path="taxInvoiceNumber" />
      </TextField>
      <TextField
        label={t("taxInvoice.date")}
        name="taxInvoiceDate"
        type="date"
        max={props.today}
        aria-invalid={(typedNumber && problems.date !== null) || issues.has("taxInvoiceDate")}
        value={props.date}
        onChange={props.onDate}
      >
        {typedNumber && problems.date !== null && <div className="field-error">{problems.date}</div>}
        <FieldIssue issues={issues} path="taxInvoiceDate" />
      </TextField>
    </>
  );
}
