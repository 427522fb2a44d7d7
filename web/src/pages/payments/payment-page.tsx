import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { OrganizationOfUser } from "../../api/types.ts";
import { ErrorMessage, SuccessMessage } from "../../components/error-message.tsx";
import { Link } from "../../components/link.tsx";
import { PageHeader } from "../../components/page-header.tsx";
import { formatDate, formatInstant, formatMoney } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { orgPagePath } from "../../routes.ts";
import { DocumentVouchers } from "../receivables/document-vouchers.tsx";
import { PaymentActions } from "./payment-actions.tsx";
import { PaymentAllocationsTable } from "./payment-allocations-table.tsx";
import { usePayment } from "./payment-queries.ts";
import { PaymentRefundsTable } from "./payment-refunds-table.tsx";
import { PaymentStatusBadge } from "./payment-status-badge.tsx";

/**
 * One payment: who paid, how and when, how much is still unapplied, what it settled, what was
 * refunded and the vouchers; and applying, refunding or reversing it.
 */
export function PaymentPage(props: { readonly org: OrganizationOfUser; readonly paymentId: string }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { org } = props;
  const payment = usePayment(org.orgId, props.paymentId);
  const [notice, setNotice] = useState<string | null>(null);
  const back = (
    <Link to={orgPagePath(org.orgId, "payments")} className="back-link">
      ← {t("payments.backToList")}
    </Link>
  );
  if (payment.isPending) {
    return (
      <>
        {back}
        <p className="muted">{t("common.loading")}</p>
      </>
    );
  }
  if (payment.isError) {
    return (
      <>
        {back}
        <ErrorMessage error={payment.error} />
      </>
    );
  }
  const view = payment.data;
  const money = (amount: string) => formatMoney(amount, view.currency, language);

  return (
    <div data-testid="payment-page" data-payment-id={view.paymentId} data-status={view.status}>
      {back}
      <PageHeader title={t("payments.pageTitle", { number: view.number })} orgName={org.name} />
      <p className="customer-summary" data-testid="payment-summary">
        <PaymentStatusBadge status={view.status} testId="payment-status" />
        <span>{view.customerName}</span>
        <span>{money(view.amount)}</span>
        <span data-testid="payment-unapplied">
          {t("payments.unappliedNow", { amount: money(view.unapplied) })}
        </span>
      </p>
      <SuccessMessage>{notice}</SuccessMessage>
      <PaymentActions org={org} payment={view} onNotice={setNotice} />

      <section className="card" aria-labelledby="payment-details-title">
        <h2 id="payment-details-title">{t("payments.detailsTitle")}</h2>
        <div className="credit-columns">
          <dl className="details" data-testid="payment-details">
            <dt>{t("payments.fields.payer")}</dt>
            <dd>
              <Link to={orgPagePath(org.orgId, "customers", view.customerId, { tab: "receivables" })}>
                {view.customerName}
              </Link>
            </dd>
            {view.payerName !== null && (
              <>
                <dt>{t("payments.fields.payerName")}</dt>
                <dd>{view.payerName}</dd>
              </>
            )}
            <dt>{t("payments.fields.method")}</dt>
            <dd>{t(`payments.methods.${view.method}`)}</dd>
            <dt>{t("payments.fields.receivedDate")}</dt>
            <dd>{formatDate(view.receivedDate, language)}</dd>
            <dt>{t("payments.fields.reference")}</dt>
            <dd className="mono">{view.reference ?? t("common.none")}</dd>
            {view.note !== null && (
              <>
                <dt>{t("payments.fields.note")}</dt>
                <dd className="pre-wrap">{view.note}</dd>
              </>
            )}
            {view.reversedOn !== null && (
              <>
                <dt>{t("payments.fields.reversedOn")}</dt>
                <dd>
                  {formatDate(view.reversedOn, language)}
                  {view.reversalReason !== null && (
                    <div className="pre-wrap subtle">{view.reversalReason}</div>
                  )}
                </dd>
              </>
            )}
            <dt>{t("payments.fields.recordedBy")}</dt>
            <dd>
              {view.createdBy} · {formatInstant(view.createdAt, org.timeZone, language)}
            </dd>
          </dl>
          <dl className="details details-amounts" data-testid="payment-amounts">
            <dt>{t("payments.columns.amount")}</dt>
            <dd>
              <strong>{money(view.amount)}</strong>
            </dd>
            <dt>{t("payments.columns.unapplied")}</dt>
            <dd data-testid="payment-unapplied-amount">{money(view.unapplied)}</dd>
          </dl>
        </div>
      </section>

      <section className="card" aria-labelledby="payment-allocations-title">
        <h2 id="payment-allocations-title">{t("payments.allocationsTitle")}</h2>
        <PaymentAllocationsTable payment={view} />
      </section>

      {view.refunds.length > 0 && (
        <section className="card" aria-labelledby="payment-refunds-title">
          <h2 id="payment-refunds-title">{t("payments.refundsTitle")}</h2>
          <PaymentRefundsTable payment={view} />
        </section>
      )}

      <section className="card" aria-labelledby="payment-vouchers-title">
        <h2 id="payment-vouchers-title">{t("payments.vouchersTitle")}</h2>
        <DocumentVouchers
          org={org}
          vouchers={view.vouchers}
          currency={view.currency}
          emptyText={t("payments.noVouchers")}
          testId="payment-vouchers"
        />
      </section>
    </div>
  );
}
