import { useTranslation } from "react-i18next";
import type { InvoiceView } from "../../api/receivables-types.ts";
import { formatAmount } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { formatVatRate } from "./receivables-format.ts";

/** A saved document's lines as the server computed them, with the totals of a 增值税发票. */
export function InvoiceLinesTable(props: { readonly invoice: InvoiceView }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { invoice } = props;
  return (
    <div className="table-wrap">
      <table className="table table-compact" data-testid="invoice-lines">
        <thead>
          <tr>
            <th scope="col" className="cell-number">
              {t("invoiceLines.lineNo")}
            </th>
            <th scope="col">{t("invoiceLines.description")}</th>
            <th scope="col" className="cell-amount">
              {t("invoiceLines.quantity")}
            </th>
            <th scope="col" className="cell-amount">
              {invoice.taxInclusive
                ? t("invoiceLines.unitPriceInclusive")
                : t("invoiceLines.unitPriceExclusive")}
            </th>
            <th scope="col" className="cell-amount">
              {t("invoiceLines.vatRate")}
            </th>
            <th scope="col" className="cell-amount">
              {t("invoiceLines.net")}
            </th>
            <th scope="col" className="cell-amount">
              {t("invoiceLines.tax")}
            </th>
            <th scope="col" className="cell-amount">
              {t("invoiceLines.gross")}
            </th>
          </tr>
        </thead>
        <tbody>
          {invoice.lines.map((line) => (
            <tr key={line.lineNo} data-line={line.lineNo}>
              <td className="cell-number subtle">{line.lineNo}</td>
              <td>{line.description}</td>
              <td className="cell-amount">{formatAmount(line.quantity, language)}</td>
              <td className="cell-amount">{formatAmount(line.unitPrice, language)}</td>
              <td className="cell-amount">{formatVatRate(line.vatRate, language)}</td>
              <td className="cell-amount">{formatAmount(line.net, language)}</td>
              <td className="cell-amount">{formatAmount(line.tax, language)}</td>
              <td className="cell-amount">{formatAmount(line.gross, language)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr className="row-total">
            <th scope="row" colSpan={5}>
              {t("invoiceLines.totals", { currency: invoice.currency })}
            </th>
            <td className="cell-amount" data-testid="invoice-net">
              {formatAmount(invoice.net, language)}
            </td>
            <td className="cell-amount" data-testid="invoice-tax">
              {formatAmount(invoice.tax, language)}
            </td>
            <td className="cell-amount" data-testid="invoice-gross">
              {formatAmount(invoice.gross, language)}
            </td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
