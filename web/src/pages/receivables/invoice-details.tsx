import { useTranslation } from "react-i18next";
import type { InvoiceView } from "../../api/receivables-types.ts";
import type { OrganizationOfUser } from "../../api/types.ts";
import { Link } from "../../components/link.tsx";
import { formatDate, formatInstant, formatMoney } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { invoicePagePath, orgPagePath } from "../../routes.ts";
import { documentTermsText } from "./receivables-format.ts";
import { useInvoice, usePaymentTerms } from "./receivables-queries.ts";

/** The invoice a credit or debit note corrects, by its number once read. */
function OriginalLink(props: { readonly org: OrganizationOfUser; readonly invoiceId: string }) {
  const { t } = useTranslation();
  const original = useInvoice(props.org.orgId, props.invoiceId);
  return (
    <Link
      to={invoicePagePath(props.org.orgId, props.invoiceId)}
      className="mono"
      data-testid="original-invoice"
    >
      {original.data?.number ?? t("invoices.originalInvoice")}
    </Link>
  );
}

/** Who, when, on which terms, and the amounts: the header of a document's page. */
export function InvoiceDetails(props: { readonly org: OrganizationOfUser; readonly invoice: InvoiceView }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { org, invoice } = props;
  const templates = usePaymentTerms(org.orgId);
  const money = (amount: string) => formatMoney(amount, invoice.currency, language);
  const draft = invoice.status === "draft";
  return (
    <div className="credit-columns">
      <dl className="details" data-testid="invoice-details">
        <dt>{t("invoices.fields.customer")}</dt>
        <dd>
          <Link
            to={orgPagePath(org.orgId, "customers", invoice.customerId, { tab: "receivables" })}
            data-testid="invoice-customer"
          >
            {invoice.customerName}
          </Link>
        </dd>
        <dt>{t("invoices.fields.documentDate")}</dt>
        <dd>{formatDate(invoice.documentDate, language)}</dd>
        <dt>{t("invoices.fields.terms")}</dt>
        <dd>
          {documentTermsText({
            termsCode: invoice.termsCode,
            terms: invoice.terms,
            templates: templates.data?.items,
            language,
            t,
          })}
        </dd>
        <dt>{t("invoices.fields.prices")}</dt>
        <dd>{invoice.taxInclusive ? t("invoices.pricesInclusive") : t("invoices.pricesExclusive")}</dd>
        {invoice.relatedInvoiceId !== null && (
          <>
            <dt>{t("invoices.fields.corrects")}</dt>
            <dd>
              <OriginalLink org={org} invoiceId={invoice.relatedInvoiceId} />
            </dd>
          </>
        )}
        {invoice.reason !== null && (
          <>
            <dt>{t("invoices.fields.reason")}</dt>
            <dd className="pre-wrap">{invoice.reason}</dd>
          </>
        )}
        <dt>{t("taxInvoice.number")}</dt>
        <dd
          className={invoice.taxInvoiceNumber === null ? undefined : "mono"}
          data-testid="invoice-tax-invoice"
        >
          {invoice.taxInvoiceNumber === null
            ? t("taxInvoice.none")
            : `${invoice.taxInvoiceNumber}${
                invoice.taxInvoiceDate === null ? "" : ` · ${formatDate(invoice.taxInvoiceDate, language)}`
              }`}
        </dd>
        {invoice.note !== null && (
          <>
            <dt>{t("invoices.fields.note")}</dt>
            <dd className="pre-wrap">{invoice.note}</dd>
          </>
        )}
        <dt>{t("invoices.fields.createdBy")}</dt>
        <dd>
          {invoice.createdBy} · {formatInstant(invoice.createdAt, org.timeZone, language)}
        </dd>
        {invoice.issuedBy !== null && invoice.issuedAt !== null && (
          <>
            <dt>{t("invoices.fields.issuedBy")}</dt>
            <dd>
              {invoice.issuedBy} · {formatInstant(invoice.issuedAt, org.timeZone, language)}
            </dd>
          </>
        )}
      </dl>
      <dl className="details details-amounts" data-testid="invoice-amounts">
        <dt>{t("invoiceLines.net")}</dt>
        <dd>{money(invoice.net)}</dd>
        <dt>{t("invoiceLines.tax")}</dt>
        <dd>{money(invoice.tax)}</dd>
        <dt>{t("invoiceLines.gross")}</dt>
        <dd>
          <strong>{money(invoice.gross)}</strong>
        </dd>
        {!draft && (
          <>
            <dt>{t("invoices.columns.open")}</dt>
            <dd data-testid="invoice-open">{money(invoice.open)}</dd>
          </>
        )}
      </dl>
    </div>
  );
}
