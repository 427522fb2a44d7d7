import { useTranslation } from "react-i18next";
import type { PaymentView } from "../../api/receivables-types.ts";
import { formatAmount, formatDate } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { isZeroAmount } from "../receivables/receivables-format.ts";

/**
 * What a payment settled, item by item: cash applied, the cash discount given and the shortfall
 * written off, and the day a reversal reopened it. A reversed line stays, struck through.
 */
export function PaymentAllocationsTable(props: { readonly payment: PaymentView }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { payment } = props;
  const figure = (amount: string) =>
    isZeroAmount(amount) ? (
      <span className="subtle">{formatAmount(amount, language)}</span>
    ) : (
      formatAmount(amount, language)
    );
  return (
    <div className="table-wrap">
      <table className="table table-compact" data-testid="payment-allocations">
        <thead>
          <tr>
            <th scope="col">{t("openItems.columns.document")}</th>
            <th scope="col">{t("payments.allocationColumns.date")}</th>
            <th scope="col" className="cell-amount">
              {t("payments.allocationColumns.applied")}
            </th>
            <th scope="col" className="cell-amount">
              {t("payments.allocationColumns.discount")}
            </th>
            <th scope="col" className="cell-amount">
              {t("payments.allocationColumns.writeOff")}
            </th>
            <th scope="col">{t("payments.allocationColumns.reversedOn")}</th>
          </tr>
        </thead>
        <tbody>
          {payment.allocations.length === 0 && (
            <tr>
              <td colSpan={6} className="table-empty">
                {t("payments.noAllocations")}
              </td>
            </tr>
          )}
          {payment.allocations.map((allocation) => (
            <tr
              key={allocation.allocationId}
              data-document={allocation.documentNumber}
              className={allocation.reversedOn === null ? undefined : "row-cancelled"}
            >
              <td className="nowrap mono">{allocation.documentNumber}</td>
              <td className="nowrap">{formatDate(allocation.date, language)}</td>
              <td className="cell-amount" data-column="applied">
                {figure(allocation.applied)}
              </td>
              <td className="cell-amount" data-column="discount">
                {figure(allocation.discount)}
              </td>
              <td className="cell-amount" data-column="writeOff">
                {figure(allocation.writeOff)}
              </td>
              <td className="nowrap">
                {allocation.reversedOn === null ? (
                  <span className="subtle">{t("common.none")}</span>
                ) : (
                  formatDate(allocation.reversedOn, language)
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
