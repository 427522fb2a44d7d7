import { useTranslation } from "react-i18next";
import type { PaymentView } from "../../api/receivables-types.ts";
import { formatAmount, formatDate } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";

/** Money of a payment paid back, with the reason each refund was made for. */
export function PaymentRefundsTable(props: { readonly payment: PaymentView }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  return (
    <div className="table-wrap">
      <table className="table table-compact" data-testid="payment-refunds">
        <thead>
          <tr>
            <th scope="col">{t("payments.refundColumns.date")}</th>
            <th scope="col" className="cell-amount">
              {t("payments.refundColumns.amount")}
            </th>
            <th scope="col">{t("payments.refundColumns.reason")}</th>
          </tr>
        </thead>
        <tbody>
          {props.payment.refunds.length === 0 && (
            <tr>
              <td colSpan={3} className="table-empty">
                {t("payments.noRefunds")}
              </td>
            </tr>
          )}
          {props.payment.refunds.map((refund) => (
            <tr key={refund.refundId}>
              <td className="nowrap">{formatDate(refund.date, language)}</td>
              <td className="cell-amount">{formatAmount(refund.amount, language)}</td>
              <td className="pre-wrap">{refund.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
