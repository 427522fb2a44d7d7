import { useTranslation } from "react-i18next";
import type { QuoteInstallment, QuoteResponse } from "../../api/types.ts";
import { formatAmount, formatDate, formatMoney } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { creditCost, firstInstallment, formatRate, totalPaid } from "./plans-format.ts";

const rateKeys = ["nominal", "effective", "usAprRegZ", "euAprc"] as const;

/** The four annualized rates, each under the name a customer or a regulator knows it by. */
export function RateList(props: {
  readonly rates: QuoteResponse["annualizedRate"];
  readonly testId?: string;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  return (
    <dl className="details plans-rates" data-testid={props.testId ?? "quote-rates"}>
      {rateKeys.map((key) => (
        <div key={key} className="plans-rate" data-rate={key}>
          <dt>{t(`plans.rates.${key}`)}</dt>
          <dd data-testid={`rate-${key}`} data-value={props.rates[key]}>
            {formatRate(props.rates[key], language)}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** A designed plan: what the customer pays and when, and what the credit costs a year. */
export function QuoteResult(props: { readonly quote: QuoteResponse; readonly interestFree: boolean }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { quote } = props;
  const money = (amount: string) => formatMoney(amount, quote.currency, language);
  const first = firstInstallment(quote);
  return (
    <>
      <dl className="details plans-summary" data-testid="quote-summary">
        <dt>{t("plans.firstInstallment")}</dt>
        <dd data-testid="first-installment">{first === null ? t("common.none") : money(first)}</dd>
        <dt>{t("plans.financed")}</dt>
        <dd data-testid="financed">{money(quote.financed)}</dd>
        <dt>{t("plans.creditCost")}</dt>
        <dd data-testid="credit-cost">{money(creditCost(quote))}</dd>
        <dt>{t("plans.totalPaid")}</dt>
        <dd data-testid="total-paid">{money(totalPaid(quote))}</dd>
        {props.interestFree && (
          <>
            <dt>{t("plans.subsidy")}</dt>
            <dd data-testid="subsidy">{money(quote.subsidy)}</dd>
          </>
        )}
        {quote.firstPeriod !== "regular" && (
          <>
            <dt>{t("plans.firstPeriod")}</dt>
            <dd>{t(`plans.firstPeriods.${quote.firstPeriod}`)}</dd>
          </>
        )}
      </dl>
      <RateList rates={quote.annualizedRate} />
      <ScheduleTable
        installments={quote.installments}
        totals={quote.totals}
        currency={quote.currency}
        testId="schedule-table"
        totalsTestId="schedule-totals"
      />
    </>
  );
}

/** Installments as a table with their totals: a quote's, or a plan's current schedule. */
export function ScheduleTable(props: {
  readonly installments: ReadonlyArray<QuoteInstallment>;
  readonly totals: QuoteResponse["totals"];
  readonly currency: string;
  readonly testId: string;
  readonly totalsTestId: string;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  return (
    <div className="table-wrap">
      <table className="table table-compact" data-testid={props.testId}>
        <caption className="visually-hidden">{t("plans.scheduleTitle")}</caption>
        <thead>
          <tr>
            <th className="cell-number">{t("plans.columns.number")}</th>
            <th>{t("plans.columns.dueDate")}</th>
            <th className="cell-amount">{t("plans.columns.principal", { currency: props.currency })}</th>
            <th className="cell-amount">{t("plans.columns.interest", { currency: props.currency })}</th>
            <th className="cell-amount">{t("plans.columns.fee", { currency: props.currency })}</th>
            <th className="cell-amount">{t("plans.columns.total", { currency: props.currency })}</th>
            <th className="cell-amount">{t("plans.columns.balanceAfter", { currency: props.currency })}</th>
          </tr>
        </thead>
        <tbody>
          {props.installments.map((row) => (
            <tr key={row.number} data-number={row.number}>
              <td className="cell-number">{row.number}</td>
              <td className="nowrap">{formatDate(row.dueDate, language)}</td>
              <td className="cell-amount">{formatAmount(row.principal, language)}</td>
              <td className="cell-amount">{formatAmount(row.interest, language)}</td>
              <td className="cell-amount">{formatAmount(row.fee, language)}</td>
              <td className="cell-amount" data-column="total">
                {formatAmount(row.total, language)}
              </td>
              <td className="cell-amount">{formatAmount(row.balanceAfter, language)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr className="row-total" data-testid={props.totalsTestId}>
            <th colSpan={2}>{t("plans.totals")}</th>
            <td className="cell-amount">{formatAmount(props.totals.principal, language)}</td>
            <td className="cell-amount">{formatAmount(props.totals.interest, language)}</td>
            <td className="cell-amount">{formatAmount(props.totals.fee, language)}</td>
            <td className="cell-amount" data-column="total">
              {formatAmount(props.totals.total, language)}
            </td>
            <td />
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
