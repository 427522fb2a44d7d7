import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { OpenItemView } from "../../api/receivables-types.ts";
import type { OrganizationOfUser } from "../../api/types.ts";
import { todayIn } from "../../business-date.ts";
import { ErrorMessage, SuccessMessage } from "../../components/error-message.tsx";
import { Link } from "../../components/link.tsx";
import { PageHeader } from "../../components/page-header.tsx";
import { formatMoney } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { orgPagePath } from "../../routes.ts";
import { can } from "../../session.ts";
import { useCustomerRecord } from "../customers/customer-queries.ts";
import { DisputeDialog } from "./dispute-dialog.tsx";
import { DocumentVouchers } from "./document-vouchers.tsx";
import { InvoiceActions } from "./invoice-actions.tsx";
import { InvoiceDetails } from "./invoice-details.tsx";
import { InvoiceForm } from "./invoice-form.tsx";
import { InvoiceLinesTable } from "./invoice-lines-table.tsx";
import { InvoiceNotesTable } from "./invoice-notes-table.tsx";
import { OpenItemsTable } from "./open-items-table.tsx";
import { InvoiceStatusBadge } from "./receivables-badges.tsx";
import { useInvoice } from "./receivables-queries.ts";

/**
 * One invoice, credit note or debit note as a document: who and on which terms, its lines and
 * totals, what is open on it item by item, the notes that correct it and the vouchers it posted;
 * and the next step its status allows. A draft is edited in place.
 */
export function InvoicePage(props: { readonly org: OrganizationOfUser; readonly invoiceId: string }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { org } = props;
  const invoice = useInvoice(org.orgId, props.invoiceId);
  const [editing, setEditing] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [disputing, setDisputing] = useState<OpenItemView | null>(null);
  const draftCustomer = useCustomerRecord(
    org.orgId,
    editing && invoice.data !== undefined ? invoice.data.customerId : null,
  );
  const back = (
    <Link to={orgPagePath(org.orgId, "receivables")} className="back-link">
      ← {t("invoices.backToList")}
    </Link>
  );
  if (invoice.isPending) {
    return (
      <>
        {back}
        <p className="muted">{t("common.loading")}</p>
      </>
    );
  }
  if (invoice.isError) {
    return (
      <>
        {back}
        <ErrorMessage error={invoice.error} />
      </>
    );
  }
  const view = invoice.data;
  const draft = view.status === "draft";
  const title =
    view.number === null
      ? t("invoices.draftTitle")
      : t("invoices.pageTitle", { kind: t(`invoices.kinds.${view.kind}`), number: view.number });

  if (editing && draft) {
    const record = draftCustomer.data;
    return (
      <div data-testid="invoice-page" data-invoice-id={view.invoiceId} data-status={view.status}>
        {back}
        <PageHeader title={title} orgName={org.name} />
        <ErrorMessage error={draftCustomer.error} />
        {record === undefined ? (
          draftCustomer.isPending && <p className="muted">{t("common.loading")}</p>
        ) : (
          <InvoiceForm
            org={org}
            invoice={view}
            customer={{ customerId: record.customerId, code: record.code, name: record.name }}
            onSaved={() => {
              setEditing(false);
              setNotice(t("invoices.saved"));
            }}
            onCancel={() => setEditing(false)}
          />
        )}
      </div>
    );
  }

  return (
    <div data-testid="invoice-page" data-invoice-id={view.invoiceId} data-status={view.status}>
      {back}
      <PageHeader title={title} orgName={org.name} />
      <p className="customer-summary" data-testid="invoice-summary">
        <InvoiceStatusBadge status={view.status} testId="invoice-status" />
        <span>{view.customerName}</span>
        <span>{formatMoney(view.gross, view.currency, language)}</span>
        {!draft && (
          <span>{t("invoices.openNow", { amount: formatMoney(view.open, view.currency, language) })}</span>
        )}
      </p>
      <SuccessMessage>{notice}</SuccessMessage>
      <InvoiceActions
        org={org}
        invoice={view}
        onEdit={() => {
          setNotice(null);
          setEditing(true);
        }}
        onNotice={setNotice}
      />

      <section className="card" aria-labelledby="invoice-details-title">
        <h2 id="invoice-details-title">{t("invoices.detailsTitle")}</h2>
        <InvoiceDetails org={org} invoice={view} />
      </section>

      <section className="card" aria-labelledby="invoice-lines-title">
        <h2 id="invoice-lines-title">{t("invoices.linesTitle")}</h2>
        <InvoiceLinesTable invoice={view} />
      </section>

      {!draft && (
        <section className="card" aria-labelledby="invoice-items-title">
          <h2 id="invoice-items-title">{t("invoices.itemsTitle")}</h2>
          <p className="muted">
            {view.kind === "credit_note" ? t("invoices.itemsCreditIntro") : t("invoices.itemsIntro")}
          </p>
          <OpenItemsTable
            org={org}
            items={view.items}
            pending={false}
            asOf={todayIn(org.timeZone)}
            linkDocuments={false}
            emptyText={t("invoices.noItems")}
            testId="invoice-items"
            onDispute={can(org, "receivables.manage") ? setDisputing : null}
          />
        </section>
      )}

      {view.kind === "invoice" && !draft && (
        <section className="card" aria-labelledby="invoice-notes-title">
          <h2 id="invoice-notes-title">{t("invoices.notesTitle")}</h2>
          <InvoiceNotesTable org={org} notes={view.notes} />
        </section>
      )}

      <section className="card" aria-labelledby="invoice-vouchers-title">
        <h2 id="invoice-vouchers-title">{t("invoices.vouchersTitle")}</h2>
        <DocumentVouchers
          org={org}
          vouchers={view.vouchers}
          currency={view.currency}
          emptyText={draft ? t("invoices.noVouchersDraft") : t("invoices.noVouchers")}
          testId="invoice-vouchers"
        />
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
