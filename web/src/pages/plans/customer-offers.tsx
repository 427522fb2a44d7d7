import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client.ts";
import type {
  Customer,
  InstallmentPolicyBody,
  CustomerOffers as Offers,
  OffersRequest,
  OfferView,
  OrganizationOfUser,
  PlanTermsRequest,
} from "../../api/types.ts";
import { todayIn } from "../../business-date.ts";
import { ErrorMessage } from "../../components/error-message.tsx";
import { TextField } from "../../components/form-fields.tsx";
import { formatDate, formatMoney } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { can } from "../../session.ts";
import { formatShare, readAmount } from "../credit/credit-format.ts";
import { customerPath } from "../credit/credit-queries.ts";
import { PlanTable } from "./plan-list-page.tsx";
import { useInstallmentPolicy, usePlans } from "./plan-queries.ts";
import { formatRate } from "./plans-format.ts";
import { SavePlanDialog } from "./save-plan-form.tsx";

/** An amount as the API takes it; what cannot be read goes as typed, for the server to name. */
function amountOrText(text: string, currency: string): string | undefined {
  if (text.trim() === "") return undefined;
  const read = readAmount(text, currency);
  return read.ok ? (read.amount ?? undefined) : text.trim();
}

/**
 * The terms of an offer as a plan: the price with the offer's down payment and upfront fee, the
 * offer's method, periods and prices, and the frequency, day count and rounding of the policy the
 * offers were computed under, so that the plan's schedule is the offer's to the minor unit.
 */
export function offerTerms(
  offers: Offers,
  option: OfferView,
  policy: InstallmentPolicyBody,
): PlanTermsRequest {
  const summary = option.summary;
  return {
    principal: offers.amount,
    method: option.method,
    periods: option.periods,
    frequency: policy.frequency,
    startDate: offers.startDate,
    annualRate: option.annualRate,
    ...(option.method === "flat-fee" || option.feeRatePerPeriod !== "0"
      ? { feeRatePerPeriod: option.feeRatePerPeriod }
      : {}),
    ...(summary === null ? {} : { downPayment: summary.downPayment, upfrontFee: summary.upfrontFee }),
    dayCount: policy.dayCount,
    graceOnPrincipalPeriods: 0,
    interestFree: option.interestFree,
    roundingMode: policy.roundingMode,
  };
}

function OfferStanding(props: { readonly option: OfferView }) {
  const { t } = useTranslation();
  const { option } = props;
  const reason = (code: string) =>
    t(`offerReasons.${code}` as "offerReasons.UNAFFORDABLE", { defaultValue: code });
  if (!option.offered) {
    return (
      <ul className="plain-list warning-text" data-testid="offer-reasons">
        {option.reasons.map((code) => (
          <li key={code} data-reason={code}>
            {reason(code)}
          </li>
        ))}
      </ul>
    );
  }
  return (
    <>
      <span className="status plan-status-active">{t("customerOffers.offered")}</span>
      {option.warnings.map((code) => (
        <div key={code} className="subtle warning-text" data-warning={code}>
          {reason(code)}
        </div>
      ))}
    </>
  );
}

function OffersTable(props: {
  readonly org: OrganizationOfUser;
  readonly offers: Offers;
  readonly canCreate: boolean;
  readonly onCreate: (option: OfferView) => void;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { offers } = props;
  const money = (amount: string) => formatMoney(amount, offers.currency, language);
  return (
    <div className="table-wrap">
      <table className="table table-compact" data-testid="offers-table">
        <thead>
          <tr>
            <th scope="col" className="cell-number">
              {t("customerOffers.columns.rank")}
            </th>
            <th scope="col">{t("customerOffers.columns.plan")}</th>
            <th scope="col" className="cell-amount">
              {t("customerOffers.columns.installment")}
            </th>
            <th scope="col" className="cell-amount">
              {t("customerOffers.columns.downPayment")}
            </th>
            <th scope="col" className="cell-amount">
              {t("customerOffers.columns.costOfCredit")}
            </th>
            <th scope="col" className="cell-amount">
              {t("customerOffers.columns.nominal")}
            </th>
            <th scope="col">{t("customerOffers.columns.affordability")}</th>
            <th scope="col" className="cell-amount">
              {t("customerOffers.columns.margin")}
            </th>
            <th scope="col">{t("customerOffers.columns.standing")}</th>
            {props.canCreate && (
              <th scope="col" className="cell-actions">
                <span className="visually-hidden">{t("customerOffers.columns.actions")}</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {offers.options.length === 0 && (
            <tr>
              <td colSpan={props.canCreate ? 10 : 9} className="table-empty">
                {t("customerOffers.none")}
              </td>
            </tr>
          )}
          {offers.options.map((option) => {
            const summary = option.summary;
            const affordability = option.affordability;
            return (
              <tr
                key={option.id}
                data-offer-id={option.id}
                data-offered={option.offered}
                className={option.offered ? undefined : "row-muted"}
              >
                <td className="cell-number">{option.rank}</td>
                <td>
                  {t(`plans.methods.${option.method}`)}
                  <div className="subtle">
                    {t("customerOffers.periods", { count: option.periods })}
                    {option.interestFree && (
                      <>
                        {" "}
                        <span className="tag">{t("customerOffers.interestFree")}</span>
                      </>
                    )}
                  </div>
                </td>
                <td className="cell-amount">
                  {summary === null ? t("common.none") : money(summary.installment)}
                </td>
                <td className="cell-amount">
                  {summary === null ? t("common.none") : money(summary.downPayment)}
                </td>
                <td className="cell-amount">
                  {summary === null ? t("common.none") : money(summary.costOfCredit)}
                  {summary !== null && (
                    <div className="subtle">
                      {t("customerOffers.totalPaid", { amount: money(summary.totalPaid) })}
                    </div>
                  )}
                </td>
                <td className="cell-amount" data-value={option.rates?.nominal ?? ""}>
                  {option.rates === null ? t("common.none") : formatRate(option.rates.nominal, language)}
                </td>
                <td>
                  {affordability === null || affordability.paymentToIncome === null ? (
                    <span className="subtle">{t("customerOffers.affordabilityUnknown")}</span>
                  ) : (
                    <span className={affordability.withinPolicy === false ? "warning-text nowrap" : "nowrap"}>
                      {t("customerOffers.affordabilityRatio", {
                        ratio: formatShare(affordability.paymentToIncome, language, 1),
                        max: formatShare(affordability.paymentToIncomeMax, language, 1),
                      })}
                    </span>
                  )}
                </td>
                <td className="cell-amount">
                  {option.margin === null ? t("common.none") : money(option.margin.margin)}
                </td>
                <td>
                  <OfferStanding option={option} />
                </td>
                {props.canCreate && (
                  <td className="cell-actions nowrap">
                    {option.offered && summary !== null && (
                      <button
                        type="button"
                        className="button button-small"
                        data-testid="create-plan-from-offer"
                        onClick={() => props.onCreate(option)}
                      >
                        {t("customerOffers.createPlan")}
                      </button>
                    )}
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/**
 * A customer's installment offers (分期方案): for an amount, every plan the policy prices for the
 * customer's grade, ranked, each with its cost, rate, affordability and margin, or the reasons it
 * is not offered; an offered one becomes a draft plan in one step. The customer's plans follow.
 */
export function CustomerOffers(props: { readonly org: OrganizationOfUser; readonly customer: Customer }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { org, customer } = props;
  const currency = org.baseCurrency;
  const [amount, setAmount] = useState("");
  const [income, setIncome] = useState("");
  const [obligations, setObligations] = useState("");
  const [startDate, setStartDate] = useState(() => todayIn(org.timeZone));
  const [creating, setCreating] = useState<OfferView | null>(null);
  const canCreate = can(org, "plans.manage");
  const policy = useInstallmentPolicy(org.orgId, canCreate);
  const plans = usePlans(org.orgId, { customerId: customer.customerId });

  const ask = useMutation({
    mutationFn: (body: OffersRequest) =>
      api.post<Offers>(customerPath(org.orgId, customer.customerId, "offers"), body),
  });
  const offers = ask.data ?? null;

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    const price = amountOrText(amount, currency);
    if (price === undefined || ask.isPending) return;
    const monthlyIncome = amountOrText(income, currency);
    const existing = amountOrText(obligations, currency);
    ask.mutate({
      amount: price,
      ...(startDate === "" ? {} : { startDate }),
      ...(monthlyIncome === undefined ? {} : { monthlyIncome }),
      ...(existing === undefined ? {} : { existingMonthlyObligations: existing }),
    });
  }

  const creatingPolicy = policy.data?.policy;
  return (
    <div data-testid="customer-offers">
      <section className="card" aria-labelledby="offers-title">
        <h2 id="offers-title">{t("customerOffers.title")}</h2>
        <p className="muted">{t("customerOffers.intro")}</p>
        <form className="filters" onSubmit={submit} noValidate data-testid="offers-form">
          <TextField
            label={t("customerOffers.fields.amount", { currency })}
            name="amount"
            inputMode="decimal"
            autoComplete="off"
            className="input-amount"
            value={amount}
            onChange={setAmount}
          />
          <TextField
            label={t("customerOffers.fields.monthlyIncome", { currency })}
            note={t("plans.optional")}
            name="monthlyIncome"
            inputMode="decimal"
            autoComplete="off"
            className="input-amount"
            value={income}
            onChange={setIncome}
          />
          <TextField
            label={t("customerOffers.fields.existingMonthlyObligations", { currency })}
            note={t("plans.optional")}
            name="existingMonthlyObligations"
            inputMode="decimal"
            autoComplete="off"
            className="input-amount"
            value={obligations}
            onChange={setObligations}
          />
          <TextField
            label={t("plans.fields.startDate")}
            name="startDate"
            type="date"
            value={startDate}
            onChange={setStartDate}
          />
          <button
            type="submit"
            className="button button-primary"
            disabled={amount.trim() === "" || ask.isPending}
          >
            {ask.isPending ? t("customerOffers.asking") : t("customerOffers.ask")}
          </button>
        </form>
        <ErrorMessage error={ask.error} />
        {offers !== null && (
          <>
            <dl className="details details-compact" data-testid="offers-customer">
              <dt>{t("credit.grade")}</dt>
              <dd>
                <span className={`grade grade-${offers.grade}`}>{offers.grade}</span>{" "}
                {t("customerOffers.band", { band: t(`credit.pricingBands.${offers.pricingBand}`) })}
              </dd>
              <dt>{t("customerOffers.amount")}</dt>
              <dd>
                {formatMoney(offers.amount, offers.currency, language)} ·{" "}
                {t("customerOffers.from", { date: formatDate(offers.startDate, language) })}
              </dd>
              <dt>{t("customerOffers.ceiling")}</dt>
              <dd>
                {formatRate(offers.ceiling.annualRateText, language)}{" "}
                <span className="subtle">({t(`planPolicy.ceilingModes.${offers.ceiling.mode}`)})</span>
                <div className="subtle">{offers.ceiling.explanation}</div>
              </dd>
              <dt>{t("customerOffers.policyVersion")}</dt>
              <dd>{offers.policyVersion}</dd>
            </dl>
            {offers.customerReasons.length > 0 && (
              <div className="notice notice-warning" data-testid="offers-customer-reasons">
                <p>{t("customerOffers.customerReasons")}</p>
                <ul>
                  {offers.customerReasons.map((code) => (
                    <li key={code} data-reason={code}>
                      {t(`offerReasons.${code}` as "offerReasons.UNAFFORDABLE", { defaultValue: code })}
                    </li>
                  ))}
                </ul>
              </div>
            )}
            <OffersTable
              org={org}
              offers={offers}
              canCreate={canCreate && creatingPolicy !== undefined}
              onCreate={setCreating}
            />
          </>
        )}
      </section>

      <section className="card" aria-labelledby="customer-plans-title">
        <h2 id="customer-plans-title">{t("customerOffers.plansTitle")}</h2>
        <ErrorMessage error={plans.error} />
        <PlanTable
          org={org}
          plans={plans.data?.items ?? []}
          pending={plans.isPending}
          emptyText={t("customerOffers.noPlans")}
          customerColumn={false}
          testId="customer-plans"
        />
      </section>

      {creating !== null && offers !== null && creatingPolicy !== undefined && (
        <SavePlanDialog
          org={org}
          title={t("customerOffers.createTitle")}
          intro={t("customerOffers.createIntro", {
            method: t(`plans.methods.${creating.method}`),
            periods: creating.periods,
            amount: formatMoney(offers.amount, offers.currency, language),
          })}
          terms={offerTerms(offers, creating, creatingPolicy)}
          customer={{ customerId: customer.customerId, code: customer.code, name: customer.name }}
          offerId={creating.id}
          onCancel={() => setCreating(null)}
        />
      )}
    </div>
  );
}
