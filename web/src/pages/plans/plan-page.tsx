import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { EarlyRepaymentFeePolicyView, OrganizationOfUser, PlanView } from "../../api/types.ts";
import { ErrorMessage, SuccessMessage } from "../../components/error-message.tsx";
import { Link } from "../../components/link.tsx";
import { PageHeader } from "../../components/page-header.tsx";
import { formatDate, formatInstant, formatMoney } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { orgPagePath } from "../../routes.ts";
import { can } from "../../session.ts";
import { formatShare, shareToPercent } from "../credit/credit-format.ts";
import { VoucherDialog } from "../ledger/voucher-dialog.tsx";
import { PlanActions } from "./plan-actions.tsx";
import { PlanStatusBadge, usePlanShape } from "./plan-badges.tsx";
import { PlanChangePanel } from "./plan-change-panel.tsx";
import { plansPath, runningStatuses, usePlan } from "./plan-queries.ts";
import { PlanItemsTable, PlanVersionsTable, PlanVouchersTable } from "./plan-tables.tsx";
import { formatRate } from "./plans-format.ts";
import { RateList, ScheduleTable } from "./quote-result.tsx";

const decisionClass = { ok: "decision-pass", warn: "decision-warn", block: "decision-block" } as const;

/** The disclosure sheet (信息披露表) as a PDF in either language; it opens in a new tab. */
function DisclosureLinks(props: { readonly orgId: string; readonly plan: PlanView }) {
  const { t } = useTranslation();
  const path = plansPath(props.orgId, props.plan.planId, "disclosure.pdf");
  return (
    <span className="toolbar-buttons" data-testid="plan-disclosure">
      <span className="subtle">{t("planDoc.disclosure")}</span>
      {(["zh-CN", "en"] as const).map((locale) => (
        <a
          key={locale}
          className="button button-small"
          href={`${path}?locale=${locale}`}
          target="_blank"
          rel="noopener"
          data-locale={locale}
        >
          {t(`planDoc.disclosureLocales.${locale}`)}
        </a>
      ))}
    </span>
  );
}

function useEarlyRepaymentFeeText(): (fee: EarlyRepaymentFeePolicyView, currency: string) => string {
  const { t } = useTranslation();
  const language = currentLanguage();
  return (fee, currency) => {
    const cap =
      "cap" in fee && fee.cap !== undefined && fee.cap !== null
        ? ` ${t("planDoc.earlyFee.cap", { cap: formatMoney(fee.cap, currency, language) })}`
        : "";
    switch (fee.kind) {
      case "none":
        return t("planDoc.earlyFee.none");
      case "percent-of-prepaid":
        return t("planDoc.earlyFee.percent", { rate: formatShare(fee.rate, language, 4) }) + cap;
      case "fixed":
        return t("planDoc.earlyFee.fixed", { amount: formatMoney(fee.amount, currency, language) }) + cap;
      case "months-of-interest":
        return t("planDoc.earlyFee.months", { count: fee.months }) + cap;
    }
  };
}

/** The terms the plan was made with, as disclosed to the customer. */
function PlanTerms(props: { readonly plan: PlanView }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const earlyFee = useEarlyRepaymentFeeText();
  const { plan } = props;
  const terms = plan.terms;
  const money = (amount: string) => formatMoney(amount, plan.currency, language);
  const sale = plan.accountingMode === "financed-sale";
  return (
    <dl className="details" data-testid="plan-terms">
      <dt>{t("plans.fields.principal")}</dt>
      <dd>{money(terms.principal)}</dd>
      <dt>{t("plans.fields.downPayment")}</dt>
      <dd>{money(terms.downPayment)}</dd>
      <dt>{t("plans.financed")}</dt>
      <dd data-testid="plan-financed">{money(plan.financed)}</dd>
      {terms.upfrontFee !== "0.00" && terms.upfrontFee !== "0" && (
        <>
          <dt>{t("plans.fields.upfrontFee")}</dt>
          <dd>{money(terms.upfrontFee)}</dd>
        </>
      )}
      <dt>{t("plans.fields.method")}</dt>
      <dd>{t(`plans.methods.${terms.method}`)}</dd>
      <dt>{t("plans.fields.periods")}</dt>
      <dd>
        {t("planDoc.periodsOf", {
          count: terms.periods,
          frequency: t(`plans.frequencies.${terms.frequency}`),
        })}
      </dd>
      <dt>{t("planDoc.fields.contractDate")}</dt>
      <dd>{formatDate(plan.contractDate, language)}</dd>
      {terms.firstDueDate !== null && (
        <>
          <dt>{t("plans.fields.firstDueDate")}</dt>
          <dd>{formatDate(terms.firstDueDate, language)}</dd>
        </>
      )}
      {terms.method === "flat-fee" ? (
        <>
          <dt>{t("plans.fields.feeRatePerPeriod")}</dt>
          <dd>{shareToPercent(terms.feeRatePerPeriod)}</dd>
        </>
      ) : (
        <>
          <dt>{t("plans.fields.annualRate")}</dt>
          <dd>{shareToPercent(terms.annualRate)}</dd>
        </>
      )}
      {terms.interestFree && (
        <>
          <dt>{t("planDoc.fields.interestFree")}</dt>
          <dd>
            {t("planDoc.yes")}
            {plan.subsidy !== undefined && ` · ${t("plans.subsidy")} ${money(plan.subsidy)}`}
          </dd>
        </>
      )}
      <dt>{t("plans.fields.dayCount")}</dt>
      <dd>{t(`plans.dayCounts.${terms.dayCount}`)}</dd>
      {terms.graceOnPrincipalPeriods > 0 && (
        <>
          <dt>{t("plans.fields.graceOnPrincipalPeriods")}</dt>
          <dd>{terms.graceOnPrincipalPeriods}</dd>
        </>
      )}
      <dt>{t("plans.fields.roundingMode")}</dt>
      <dd>{t(`plans.roundingModes.${terms.roundingMode}`)}</dd>
      {sale && (
        <>
          <dt>{t("planDoc.fields.vatRateShort")}</dt>
          <dd>{formatShare(plan.vatRate, language, 2)}</dd>
          <dt>{t("planDoc.fields.costShort")}</dt>
          <dd>{money(plan.cost)}</dd>
        </>
      )}
      <dt>{t("planDoc.fields.feeRecognition")}</dt>
      <dd>{t(`planDoc.feeRecognitions.${plan.feeRecognition}`)}</dd>
      <dt>{t("planDoc.fields.earlyRepaymentFee")}</dt>
      <dd>{earlyFee(plan.earlyRepaymentFee, plan.currency)}</dd>
      <dt>{t("planDoc.fields.policyVersion")}</dt>
      <dd>
        {plan.policyVersion}
        {plan.offerId !== null && (
          <span className="subtle"> · {t("planDoc.fromOffer", { offer: plan.offerId })}</span>
        )}
      </dd>
      {plan.note !== null && (
        <>
          <dt>{t("planDoc.fields.note")}</dt>
          <dd className="pre-wrap">{plan.note}</dd>
        </>
      )}
    </dl>
  );
}

/** Who confirmed for the customer, how and when; and when the plan started or ended. */
function PlanRecord(props: { readonly org: OrganizationOfUser; readonly plan: PlanView }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { plan } = props;
  const confirmation = plan.confirmation;
  return (
    <dl className="details" data-testid="plan-confirmation">
      <dt>{t("planDoc.confirmation")}</dt>
      <dd>
        {confirmation === null
          ? t("planDoc.notConfirmed")
          : t("planDoc.confirmedText", {
              by: confirmation.confirmedBy,
              method: t(`planDoc.confirmationMethods.${confirmation.method}`),
              date: formatDate(confirmation.confirmedOn, language),
            })}
        {confirmation !== null && confirmation.reference !== null && (
          <div className="subtle">{confirmation.reference}</div>
        )}
        {confirmation !== null && (
          <div className="subtle">
            {t("planDoc.recordedBy", {
              by: confirmation.recordedBy,
              at: formatInstant(confirmation.recordedAt, props.org.timeZone, language),
            })}
          </div>
        )}
      </dd>
      {plan.activatedOn !== null && (
        <>
          <dt>{t("planDoc.fields.activatedOn")}</dt>
          <dd>{formatDate(plan.activatedOn, language)}</dd>
        </>
      )}
      {plan.closedOn !== null && (
        <>
          <dt>{t("planDoc.fields.closedOn")}</dt>
          <dd>{formatDate(plan.closedOn, language)}</dd>
        </>
      )}
      {plan.closedReason !== null && (
        <>
          <dt>{t("planDoc.fields.closedReason")}</dt>
          <dd className="pre-wrap">{plan.closedReason}</dd>
        </>
      )}
      {runningStatuses.includes(plan.status) && (
        <>
          <dt>{t("planDoc.fields.paidThrough")}</dt>
          <dd>
            {plan.paidThrough === 0
              ? t("planDoc.nothingPaid", { version: plan.version })
              : t("planDoc.paidThroughText", { count: plan.paidThrough, version: plan.version })}
          </dd>
        </>
      )}
      {plan.createdBy !== undefined && (
        <>
          <dt>{t("planDoc.fields.createdBy")}</dt>
          <dd>
            {plan.createdBy} · {formatInstant(plan.createdAt, props.org.timeZone, language)}
          </dd>
        </>
      )}
    </dl>
  );
}

/** The four annualized rates, nominal first, and the rate ceiling the plan was checked against. */
function PlanRates(props: { readonly plan: PlanView }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const ceiling = props.plan.rateCeiling;
  return (
    <>
      <RateList rates={props.plan.annualizedRate} testId="plan-rates" />
      <div data-testid="plan-ceiling" data-decision={ceiling.decision}>
        <p>
          <span className={`decision ${decisionClass[ceiling.decision]}`}>
            {t(`planDoc.ceilingDecisions.${ceiling.decision}`)}
          </span>{" "}
          {t("planDoc.ceilingLine", {
            rate: formatRate(props.plan.annualizedRate.nominal, language),
            ceiling: formatRate(ceiling.ceilingRate, language),
          })}
        </p>
        <p className="subtle">{ceiling.explanation}</p>
        {ceiling.legalBasis !== null && (
          <p className="subtle">{t("planDoc.legalBasis", { basis: ceiling.legalBasis })}</p>
        )}
      </div>
    </>
  );
}

/**
 * One installment plan as a document: who, which terms and rates, where it stands, its next step,
 * early repayment and restructuring while it runs, and its schedule, items, versions and vouchers.
 */
export function PlanPage(props: { readonly org: OrganizationOfUser; readonly planId: string }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { org } = props;
  const plan = usePlan(org.orgId, props.planId);
  const shape = usePlanShape();
  const [openVoucherId, setOpenVoucherId] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const back = (
    <Link to={orgPagePath(org.orgId, "plans", "list")} className="back-link">
      ← {t("planDoc.backToList")}
    </Link>
  );
  if (plan.isPending) {
    return (
      <>
        {back}
        <p className="muted">{t("common.loading")}</p>
      </>
    );
  }
  if (plan.isError) {
    return (
      <>
        {back}
        <ErrorMessage error={plan.error} />
      </>
    );
  }
  const view = plan.data;
  const money = (amount: string) => formatMoney(amount, view.currency, language);
  const running = runningStatuses.includes(view.status);
  const readsLedger = can(org, "ledger.read");

  return (
    <div data-testid="plan-page" data-plan-id={view.planId} data-status={view.status}>
      {back}
      <PageHeader
        title={t("planDoc.pageTitle", { number: view.number })}
        orgName={org.name}
        actions={<DisclosureLinks orgId={org.orgId} plan={view} />}
      />
      <p className="customer-summary" data-testid="plan-summary">
        <PlanStatusBadge status={view.status} testId="plan-status" />
        <Link
          to={orgPagePath(org.orgId, "customers", view.customerId, { tab: "plans" })}
          data-testid="plan-customer"
        >
          <span className="mono">{view.customer.code}</span> {view.customer.name}
        </Link>
        <span data-testid="plan-accounting-mode">{t(`planDoc.accountingModes.${view.accountingMode}`)}</span>
        <span>{shape(view)}</span>
        <span>{money(view.financed)}</span>
      </p>
      <SuccessMessage>{notice}</SuccessMessage>
      <PlanActions org={org} plan={view} onNotice={setNotice} />

      <section className="card" aria-labelledby="plan-rates-title">
        <h2 id="plan-rates-title">{t("planDoc.ratesTitle")}</h2>
        <PlanRates plan={view} />
      </section>

      <div className="credit-columns">
        <section className="card" aria-labelledby="plan-terms-title">
          <h2 id="plan-terms-title">{t("planDoc.termsTitle")}</h2>
          <PlanTerms plan={view} />
        </section>
        <section className="card" aria-labelledby="plan-record-title">
          <h2 id="plan-record-title">{t("planDoc.recordTitle")}</h2>
          <PlanRecord org={org} plan={view} />
        </section>
      </div>

      {running && <PlanChangePanel org={org} plan={view} onNotice={setNotice} />}

      <section className="card" aria-labelledby="plan-schedule-title">
        <h2 id="plan-schedule-title">{t("planDoc.scheduleTitle", { version: view.version })}</h2>
        {view.status === "paid-off" && <p className="muted">{t("planDoc.schedulePaidOff")}</p>}
        <ScheduleTable
          installments={view.schedule.installments}
          totals={view.schedule.totals}
          currency={view.currency}
          testId="plan-schedule"
          totalsTestId="plan-schedule-totals"
        />
      </section>

      <section className="card" aria-labelledby="plan-items-title">
        <h2 id="plan-items-title">{t("planDoc.itemsTitle")}</h2>
        <p className="muted">
          {view.itemsProjected === true ? t("planDoc.itemsProjected") : t("planDoc.itemsIntro")}
        </p>
        <dl className="details details-compact" data-testid="plan-item-totals">
          <dt>{t("planDoc.itemTotals.total")}</dt>
          <dd>{money(view.itemTotals.total)}</dd>
          <dt>{t("planDoc.itemTotals.tax")}</dt>
          <dd>{money(view.itemTotals.tax)}</dd>
          <dt>{t("planDoc.itemTotals.billed")}</dt>
          <dd>{money(view.itemTotals.billed)}</dd>
          <dt>{t("planDoc.itemTotals.paid")}</dt>
          <dd>{money(view.itemTotals.paid)}</dd>
          <dt>{t("planDoc.itemTotals.scheduled")}</dt>
          <dd>{money(view.itemTotals.scheduled)}</dd>
        </dl>
        <PlanItemsTable
          items={view.items}
          currency={view.currency}
          testId="plan-items"
          caption={t("planDoc.itemsTitle")}
        />
      </section>

      <section className="card" aria-labelledby="plan-versions-title">
        <h2 id="plan-versions-title">{t("planDoc.versionsTitle")}</h2>
        <PlanVersionsTable org={org} versions={view.versions} />
      </section>

      <section className="card" aria-labelledby="plan-vouchers-title">
        <h2 id="plan-vouchers-title">{t("planDoc.vouchersTitle")}</h2>
        <PlanVouchersTable
          vouchers={view.vouchers}
          currency={view.currency}
          onOpen={readsLedger ? setOpenVoucherId : null}
        />
      </section>
      {openVoucherId !== null && (
        <VoucherDialog
          key={openVoucherId}
          org={org}
          voucherId={openVoucherId}
          onOpen={setOpenVoucherId}
          onClose={() => setOpenVoucherId(null)}
        />
      )}
    </div>
  );
}
