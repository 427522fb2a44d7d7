import { useTranslation } from "react-i18next";
import type { InvoiceSummary } from "../../api/receivables-types.ts";
import type { OrganizationOfUser } from "../../api/types.ts";
import { Link } from "../../components/link.tsx";
import { ListTable } from "../../components/list-table.tsx";
import { formatAmount, formatDate } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { invoicePagePath, orgPagePath } from "../../routes.ts";
import { InvoiceStatusBadge } from "./receivables-badges.tsx";

/**
 * Invoices, credit and debit notes as a table: number (or "draft"), kind, customer, date, terms,
 * total, what is open, status and the 发票号码. The number opens the document; `customerColumn`
 * is left out on a customer's own page.
 */
export function InvoiceTable(props: {
  readonly org: OrganizationOfUser;
  readonly invoices: ReadonlyArray<InvoiceSummary>;
  readonly pending: boolean;
  readonly emptyText: string;
  readonly customerColumn: boolean;
  readonly testId: string;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { org } = props;
  return (
    <ListTable
      pending={props.pending}
      testId={props.testId}
      head={
        <>
          <th scope="col">{t("invoices.columns.number")}</th>
          <th scope="col">{t("invoices.columns.kind")}</th>
          {props.customerColumn && <th scope="col">{t("invoices.columns.customer")}</th>}
          <th scope="col">{t("invoices.columns.documentDate")}</th>
          <th scope="col">{t("invoices.columns.terms")}</th>
          <th scope="col" className="cell-amount">
            {t("invoices.columns.gross")}
          </th>
          <th scope="col" className="cell-amount">
            {t("invoices.columns.open")}
          </th>
          <th scope="col">{t("invoices.columns.status")}</th>
          <th scope="col">{t("invoices.columns.taxInvoice")}</th>
        </>
      }
      columnCount={props.customerColumn ? 9 : 8}
      rowCount={props.invoices.length}
      emptyText={props.emptyText}
    >
      {props.invoices.map((invoice) => (
        <tr
          key={invoice.invoiceId}
          data-invoice-id={invoice.invoiceId}
          data-number={invoice.number ?? ""}
          data-status={invoice.status}
          data-kind={invoice.kind}
        >
          <td className="nowrap">
            <Link
              to={invoicePagePath(org.orgId, invoice.invoiceId)}
              className="mono"
              data-testid="invoice-link"
            >
              {invoice.number ?? t("invoices.draftNumber")}
            </Link>
          </td>
          <td className="nowrap">{t(`invoices.kinds.${invoice.kind}`)}</td>
          {props.customerColumn && (
            <td>
              <Link to={orgPagePath(org.orgId, "customers", invoice.customerId, { tab: "receivables" })}>
                {invoice.customerName}
              </Link>
            </td>
          )}
          <td className="nowrap">{formatDate(invoice.documentDate, language)}</td>
          <td className="nowrap mono">{invoice.termsCode ?? t("invoices.customerTermsShort")}</td>
          <td className="cell-amount">{formatAmount(invoice.gross, language)}</td>
          <td className="cell-amount" data-column="open">
            {invoice.status === "draft" ? (
              <span className="subtle">{t("common.none")}</span>
            ) : (
              formatAmount(invoice.open, language)
            )}
          </td>
          <td>
            <InvoiceStatusBadge status={invoice.status} />
          </td>
          <td className="nowrap mono">
            {invoice.taxInvoiceNumber ?? <span className="subtle">{t("common.none")}</span>}
          </td>
        </tr>
      ))}
    </ListTable>
  );
}
