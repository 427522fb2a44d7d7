import { useTranslation } from "react-i18next";
import { FieldIssue } from "../credit/problem-list.tsx";

/** The same limit as the server's (src/services/receivables/payments.ts, paymentTextLengthMax). */
const reasonLengthMax = 500;

/** A required reason, kept with the record (why a refund, why a reversal). */
export function ReasonText(props: {
  readonly value: string;
  readonly issues: Map<string, string>;
  readonly placeholder?: string;
  readonly onChange: (value: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <label className="field">
      <span>{t("payments.fields.reason")}</span>
      <textarea
        name="reason"
        rows={3}
        required
        maxLength={reasonLengthMax}
        placeholder={props.placeholder}
        aria-invalid={props.issues.has("reason")}
        value={props.value}
        onChange={(event) => props.onChange(event.target.value)}
      />
      <FieldIssue issues={props.issues} path="reason" />
    </label>
  );
}
