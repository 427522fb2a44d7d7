import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { OpenItemView } from "../../api/receivables-types.ts";
import type { Customer, OrganizationOfUser } from "../../api/types.ts";
import { ErrorMessage, SuccessMessage } from "../../components/error-message.tsx";
import { Link } from "../../components/link.tsx";
import { formatDate } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { newInvoicePath, newPaymentPath, orgPagePath } from "../../routes.ts";
import { can } from "../../session.ts";
import { usePayments } from "../payments/payment-queries.ts";
import { PaymentTable } from "../payments/payment-table.tsx";
import { AgingTable } from "./aging-table.tsx";
import { CustomerStatements } from "./customer-statements.tsx";
import { DisputeDialog } from "./dispute-dialog.tsx";
import { GroupPayerSetting } from "./group-payer-setting.tsx";
import { InvoiceTable } from "./invoice-table.tsx";
import { OpenItemsTable } from "./open-items-table.tsx";
import { recentDocumentsMax, useAging, useInvoices, useOpenItems } from "./receivables-queries.ts";

/**
 * 应收 on a customer's page: what it owes now and how late (its aging and open items), its latest
 * invoices, payments and statements of account, the buttons to key in the next ones for it, and
 * who pays for it.
 */
export function CustomerReceivables(props: {
  readonly org: OrganizationOfUser;
  readonly customer: Customer;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { org, customer } = props;
  const id = customer.customerId;
  const aging = useAging(org.orgId, { asOf: null, customerId: id });
  const items = useOpenItems(org.orgId, id);
  const invoices = useInvoices(org.orgId, { customerId: id, limit: recentDocumentsMax });
  const payments = usePayments(org.orgId, { customerId: id, limit: recentDocumentsMax });
  const [disputing, setDisputing] = useState<OpenItemView | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const manages = can(org, "receivables.manage");
  const records = can(org, "payments.manage");
  const row = aging.data?.customers.find((entry) => entry.customerId === id);

  return (
    <div data-testid="customer-receivables">
      {(manages || records) && (
        <div className="toolbar">
          {manages && (
            <Link
              to={newInvoicePath(org.orgId, id)}
              className="button button-primary"
              data-testid="customer-new-invoice"
            >
              {t("invoices.newInvoice")}
            </Link>
          )}
          {records && (
            <Link to={newPaymentPath(org.orgId, id)} className="button" data-testid="customer-record-payment">
              {t("payments.newPayment")}
            </Link>
          )}
        </div>
      )}
      <SuccessMessage>{notice}</SuccessMessage>

      <section className="card" aria-labelledby="customer-aging-title">
        <h2 id="customer-aging-title">{t("customerReceivables.agingTitle")}</h2>
        <ErrorMessage error={aging.error} />
        {aging.data === undefined ? (
          aging.isPending && <p className="muted">{t("common.loading")}</p>
        ) : (
          <>
            <p className="subtle">
              {t("aging.shownAsOf", {
                date: formatDate(aging.data.asOf, language),
                currency: org.baseCurrency,
              })}
            </p>
            <AgingTable
              org={org}
              customers={row === undefined ? [] : [row]}
              total={row === undefined ? aging.data.total : null}
              customerColumn={false}
              emptyText={t("customerReceivables.nothingOpen")}
              testId="customer-aging"
            />
          </>
        )}
      </section>

      <section className="card" aria-labelledby="customer-items-title">
        <h2 id="customer-items-title">{t("customerReceivables.itemsTitle")}</h2>
        <ErrorMessage error={items.error} />
        <OpenItemsTable
          org={org}
          items={items.data?.items ?? []}
          pending={items.isPending}
          asOf={items.data?.asOf ?? null}
          linkDocuments
          emptyText={t("customerReceivables.noItems")}
          testId="customer-open-items"
          onDispute={manages ? setDisputing : null}
        />
      </section>

      <section className="card" aria-labelledby="customer-invoices-title">
        <div className="card-title-row">
          <h2 id="customer-invoices-title">{t("customerReceivables.invoicesTitle")}</h2>
          <Link to={orgPagePath(org.orgId, "receivables", undefined, { customerId: id })}>
            {t("customerReceivables.allInvoices")}
          </Link>
        </div>
        <ErrorMessage error={invoices.error} />
        <InvoiceTable
          org={org}
          invoices={invoices.data?.items ?? []}
          pending={invoices.isPending}
          emptyText={t("customerReceivables.noInvoices")}
          customerColumn={false}
          testId="customer-invoices"
        />
      </section>

      <section className="card" aria-labelledby="customer-payments-title">
        <div className="card-title-row">
          <h2 id="customer-payments-title">{t("customerReceivables.paymentsTitle")}</h2>
          <Link to={orgPagePath(org.orgId, "payments", undefined, { customerId: id })}>
            {t("customerReceivables.allPayments")}
          </Link>
        </div>
        <ErrorMessage error={payments.error} />
        <PaymentTable
          org={org}
          payments={payments.data?.items ?? []}
          pending={payments.isPending}
          emptyText={t("customerReceivables.noPayments")}
          customerColumn={false}
          testId="customer-payments"
        />
      </section>

      <CustomerStatements org={org} customer={customer} />

      <section className="card" aria-labelledby="customer-group-payer-title">
        <h2 id="customer-group-payer-title">{t("groupPayer.title")}</h2>
        <GroupPayerSetting org={org} customer={customer} />
      </section>

      {disputing !== null && (
        <DisputeDialog
          org={org}
          item={disputing}
          onDone={(item) => {
            setDisputing(null);
            setNotice(
              item.disputed
                ? t("openItems.disputedNotice", { document: item.documentNumber })
                : t("openItems.clearedNotice", { document: item.documentNumber }),
            );
          }}
          onCancel={() => setDisputing(null)}
        />
      )}
    </div>
  );
}
