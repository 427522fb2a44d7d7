import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Backtest, CashForecastView, ItemPredictionList } from "../../api/forecast-types.ts";
import type { OrganizationOfUser } from "../../api/types.ts";
import { todayIn } from "../../business-date.ts";
import { ErrorMessage } from "../../components/error-message.tsx";
import { ListTable } from "../../components/list-table.tsx";
import { formatDate, formatMoney, formatPeriod } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import type { ChartSpec } from "./chart-spec.ts";
import { formatShare, sumAmounts } from "./forecast-format.ts";
import { predictionsShown, useBacktest, useCashForecast, usePredictions } from "./forecast-queries.ts";
import { SpecChart } from "./spec-chart.tsx";

const datePattern = /^\d{4}-\d{2}-\d{2}$/;

function Figures(props: { readonly forecast: CashForecastView }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const f = props.forecast;
  const money = (amount: string) => formatMoney(amount, f.currency, language);
  const within = sumAmounts(f.weeks.map((week) => week.expected));
  return (
    <dl className="public-figures" data-testid="forecast-figures">
      <div>
        <dt>{t("forecast.figures.within")}</dt>
        <dd data-testid="forecast-within">{money(within)}</dd>
      </div>
      <div>
        <dt>{t("forecast.figures.later")}</dt>
        <dd>{money(f.later)}</dd>
      </div>
      <div>
        <dt>{t("forecast.figures.disputed")}</dt>
        <dd>{money(f.disputed)}</dd>
      </div>
      <div>
        <dt>{t("forecast.figures.notExpected")}</dt>
        <dd>{money(f.notExpected)}</dd>
      </div>
      <div>
        <dt>{t("forecast.figures.openTotal")}</dt>
        <dd data-testid="forecast-open-total">{money(f.openTotal)}</dd>
      </div>
    </dl>
  );
}

function MonthCard(props: { readonly forecast: CashForecastView }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { month, currency } = props.forecast;
  const money = (amount: string) => formatMoney(amount, currency, language);
  return (
    <section className="card" data-testid="forecast-month">
      <h2>{t("forecast.monthTitle", { month: formatPeriod(month.month, language) })}</h2>
      <dl className="public-figures">
        <div>
          <dt>{t("forecast.monthCollected")}</dt>
          <dd>{money(month.collected)}</dd>
        </div>
        <div>
          <dt>{t("forecast.monthForecast")}</dt>
          <dd>{money(month.forecast)}</dd>
        </div>
        <div>
          <dt>{t("forecast.monthRest")}</dt>
          <dd>{money(month.expectedRest)}</dd>
        </div>
      </dl>
    </section>
  );
}

/** The back-test's figures, each in a sentence. */
function BacktestCard(props: { readonly backtest: Backtest }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const b = props.backtest;
  const number = (value: number, digits: number) =>
    new Intl.NumberFormat(language, { maximumFractionDigits: digits }).format(value);
  return (
    <section className="card" data-testid="forecast-backtest">
      <h2>{t("forecast.backtestTitle", { date: formatDate(b.asOf, language) })}</h2>
      <p data-testid="backtest-mae">
        {b.meanAbsoluteErrorDays === null
          ? t("forecast.backtestMaeNone")
          : t("forecast.backtestMae", { days: number(b.meanAbsoluteErrorDays, 1), count: b.itemsPaid })}
      </p>
      <p data-testid="backtest-brier">
        {b.brierScore === null
          ? t("forecast.backtestBrierNone")
          : t("forecast.backtestBrier", {
              score: number(b.brierScore, 3),
              count: b.itemsWithOutcome,
              observed: formatShare(b.observedLateShare, language),
              predicted: formatShare(b.predictedLateShare, language),
            })}
      </p>
      <p data-testid="backtest-wape">
        {b.weeklyWape === null
          ? t("forecast.backtestWapeNone")
          : t("forecast.backtestWape", { wape: formatShare(String(b.weeklyWape), language) })}
      </p>
    </section>
  );
}

function weekCategory(week: { week: number; from: string }, label: (week: number, from: string) => string) {
  return label(week.week, week.from.slice(5));
}

function Predictions(props: { readonly list: ItemPredictionList | undefined; readonly pending: boolean }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const items = props.list?.items ?? [];
  const currency = props.list?.currency ?? "";
  return (
    <section>
      <h2>{t("forecast.predictionsTitle")}</h2>
      {props.list !== undefined && (
        <p className="subtle">
          {t("forecast.predictionsNote", {
            shown: Math.min(predictionsShown, props.list.total),
            total: props.list.total,
          })}
        </p>
      )}
      <ListTable
        pending={props.pending}
        testId="forecast-predictions"
        columnCount={8}
        rowCount={items.length}
        emptyText={t("forecast.empty")}
        head={
          <>
            <th>{t("forecast.predictionColumns.document")}</th>
            <th>{t("forecast.predictionColumns.customer")}</th>
            <th>{t("forecast.predictionColumns.due")}</th>
            <th className="num">{t("forecast.predictionColumns.open")}</th>
            <th>{t("forecast.predictionColumns.predicted")}</th>
            <th className="num">{t("forecast.predictionColumns.daysLate")}</th>
            <th className="num">{t("forecast.predictionColumns.lateProbability")}</th>
            <th>{t("forecast.predictionColumns.basis")}</th>
          </>
        }
      >
        {items.map((item) => (
          <tr key={item.key} data-category={item.category}>
            <td>{item.documentNumber}</td>
            <td>{item.customerName}</td>
            <td>{formatDate(item.dueDate, language)}</td>
            <td className="num">{formatMoney(item.open, currency, language)}</td>
            <td>
              {item.predictedDate === null
                ? t(`forecast.category.${item.category}`)
                : formatDate(item.predictedDate, language)}
            </td>
            <td className="num">{item.expectedDaysLate ?? ""}</td>
            <td className="num">{formatShare(item.lateProbability, language)}</td>
            <td>{t(`forecast.basis.${item.basis}`)}</td>
          </tr>
        ))}
      </ListTable>
    </section>
  );
}

/**
 * 现金回款预测: expected collections for the next 13 weeks, with the month's collections against
 * the forecast, each open amount's predicted payment date, and — for a past date chosen — the
 * back-test: what the forecast of that day expected, against what came in.
 */
export function ForecastPage({ org }: { readonly org: OrganizationOfUser }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const today = todayIn(org.timeZone);
  const [asOf, setAsOf] = useState(today);
  const [backtestDate, setBacktestDate] = useState("");
  const valid = datePattern.test(asOf);
  const backtestValid = datePattern.test(backtestDate) && backtestDate < today;
  const forecast = useCashForecast(org.orgId, valid ? asOf : today);
  const predictions = usePredictions(org.orgId, valid ? asOf : today);
  const backtest = useBacktest(org.orgId, backtestValid ? backtestDate : null);
  const shown = backtestValid ? backtest.data : undefined;

  const spec = useMemo<ChartSpec | null>(() => {
    const label = (week: number, from: string) => t("forecast.weekLabel", { week, from });
    const amountAxis = t("forecast.amountAxis", { currency: org.baseCurrency });
    if (shown !== undefined) {
      return {
        categories: shown.weeks.map((week) => weekCategory(week, label)),
        yName: amountAxis,
        series: [
          {
            name: t("forecast.seriesExpected"),
            type: "bar",
            data: shown.weeks.map((w) => Number(w.forecast)),
          },
          {
            name: t("forecast.seriesActual"),
            type: "line",
            data: shown.weeks.map((w) => (w.from <= today ? Number(w.actual) : null)),
          },
        ],
      };
    }
    if (forecast.data === undefined) return null;
    return {
      categories: forecast.data.weeks.map((week) => weekCategory(week, label)),
      yName: amountAxis,
      series: [
        {
          name: t("forecast.seriesExpected"),
          type: "bar",
          data: forecast.data.weeks.map((w) => Number(w.expected)),
        },
      ],
    };
  }, [forecast.data, shown, t, org.baseCurrency, today]);

  const money = (amount: string, currency: string) => formatMoney(amount, currency, language);
  return (
    <>
      <div className="toolbar toolbar-spread">
        <p className="muted">{t("forecast.intro")}</p>
      </div>
      <div className="filters">
        <label className="field">
          <span>{t("forecast.asOf")}</span>
          <input type="date" name="asOf" value={asOf} onChange={(event) => setAsOf(event.target.value)} />
        </label>
        {asOf !== today && (
          <button type="button" className="button button-quiet" onClick={() => setAsOf(today)}>
            {t("forecast.today")}
          </button>
        )}
        <label className="field" title={t("forecast.backtestHelp")}>
          <span>{t("forecast.backtestDate")}</span>
          <input
            type="date"
            name="backtestAsOf"
            max={today}
            value={backtestDate}
            onChange={(event) => setBacktestDate(event.target.value)}
          />
        </label>
        {backtestDate !== "" && (
          <button type="button" className="button button-quiet" onClick={() => setBacktestDate("")}>
            {t("forecast.backtestClear")}
          </button>
        )}
      </div>
      <p className="subtle">{t("forecast.backtestHelp")}</p>
      <ErrorMessage error={forecast.error ?? backtest.error ?? predictions.error} />
      {forecast.isPending ? (
        <p className="muted">{t("common.loading")}</p>
      ) : forecast.data === undefined ? null : (
        <>
          <Figures forecast={forecast.data} />
          {spec !== null && (
            <SpecChart
              spec={spec}
              title={
                shown === undefined
                  ? t("forecast.chartTitle")
                  : t("forecast.chartBacktestTitle", { date: formatDate(shown.asOf, language) })
              }
              testId="forecast-chart"
            />
          )}
          {shown !== undefined && <BacktestCard backtest={shown} />}
          {shown !== undefined ? (
            <ListTable
              pending={false}
              testId="backtest-weeks"
              columnCount={5}
              rowCount={shown.weeks.length}
              emptyText={t("forecast.empty")}
              head={
                <>
                  <th>{t("forecast.columns.week")}</th>
                  <th>{t("forecast.columns.from")}</th>
                  <th>{t("forecast.columns.to")}</th>
                  <th className="num">{t("forecast.columns.forecast")}</th>
                  <th className="num">{t("forecast.columns.actual")}</th>
                </>
              }
            >
              {shown.weeks.map((week) => (
                <tr key={week.week}>
                  <td>{week.week}</td>
                  <td>{formatDate(week.from, language)}</td>
                  <td>{formatDate(week.to, language)}</td>
                  <td className="num">{money(week.forecast, shown.currency)}</td>
                  <td className="num">{week.from <= today ? money(week.actual, shown.currency) : ""}</td>
                </tr>
              ))}
            </ListTable>
          ) : (
            <ListTable
              pending={false}
              testId="forecast-weeks"
              columnCount={4}
              rowCount={forecast.data.weeks.length}
              emptyText={t("forecast.empty")}
              head={
                <>
                  <th>{t("forecast.columns.week")}</th>
                  <th>{t("forecast.columns.from")}</th>
                  <th>{t("forecast.columns.to")}</th>
                  <th className="num">{t("forecast.columns.expected")}</th>
                </>
              }
            >
              {forecast.data.weeks.map((week) => (
                <tr key={week.week}>
                  <td>{week.week}</td>
                  <td>{formatDate(week.from, language)}</td>
                  <td>{formatDate(week.to, language)}</td>
                  <td className="num">{money(week.expected, forecast.data.currency)}</td>
                </tr>
              ))}
            </ListTable>
          )}
          <MonthCard forecast={forecast.data} />
        </>
      )}
      <Predictions list={predictions.data} pending={predictions.isPending} />
    </>
  );
}
