import { useTranslation } from "react-i18next";
import type { OrganizationOfUser } from "../../api/types.ts";
import { FormDialog } from "../../components/form-dialog.tsx";
import { formatMoney } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { CreditBlockedNote } from "./credit-blocked-note.tsx";

/**
 * A second look before issuing: issuing runs the credit check, takes the next number of the series
 * and posts the voucher, and an issued invoice is corrected only by a credit or debit note.
 */
export function IssueInvoiceDialog(props: {
  readonly org: OrganizationOfUser;
  readonly customerId: string;
  readonly customerName: string;
  /** The total as computed; null while lines cannot be read (the server computes it anyway). */
  readonly gross: string | null;
  readonly pending: boolean;
  readonly error: unknown;
  readonly onConfirm: () => void;
  readonly onCancel: () => void;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const currency = props.org.baseCurrency;
  return (
    <FormDialog
      title={t("invoices.issueTitle")}
      intro={
        props.gross === null
          ? t("invoices.issueQuestionNoTotal", { customer: props.customerName })
          : t("invoices.issueQuestion", {
              customer: props.customerName,
              total: formatMoney(props.gross, currency, language),
            })
      }
      submitLabel={t("invoices.issue")}
      pendingLabel={t("invoices.issuing")}
      pending={props.pending}
      error={props.error}
      testId="issue-dialog"
      onSubmit={props.onConfirm}
      onCancel={props.onCancel}
    >
      <p className="dialog-consequence">{t("invoices.issueConsequence")}</p>
      <CreditBlockedNote org={props.org} error={props.error} customerId={props.customerId} />
    </FormDialog>
  );
}
