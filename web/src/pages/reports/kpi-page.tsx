import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import type { OrganizationOfUser } from "../../api/types.ts";
import { todayIn } from "../../business-date.ts";
import { ErrorMessage } from "../../components/error-message.tsx";
import { ListTable } from "../../components/list-table.tsx";
import { formatAmount, formatDate, formatMoney } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { can } from "../../session.ts";
import { type KpiReport, type KpiStructureRow, useKpis } from "./kpi-queries.ts";
import { KpiTrendChart } from "./kpi-trend-chart.tsx";
import { SchedulePanel } from "./schedule-panel.tsx";

/** The server's countback history (src/services/reports/kpis.ts `countbackMonthsMax`). */
const countbackMonthsMax = 24;

/** A decimal fraction ("0.2857") as a percentage for people ("28.6%"). */
export function formatRatio(fraction: string, language: string): string {
  return new Intl.NumberFormat(language, {
    style: "percent",
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  }).format(Number(fraction));
}

function Tile(props: {
  readonly id: string;
  readonly label: string;
  readonly value: string;
  readonly help: string;
  readonly note?: string | undefined;
}) {
  return (
    <div className="card kpi-tile" data-testid={`kpi-${props.id}`} title={props.help}>
      <h3>{props.label}</h3>
      <p className="score" data-column="value">
        {props.value}
      </p>
      {props.note !== undefined && <p className="subtle">{props.note}</p>}
      <p className="muted">{props.help}</p>
    </div>
  );
}

/** No stylesheet of its own: the tiles flow in as many columns as fit. */
const tilesStyle = {
  display: "grid",
  gridTemplateColumns: "repeat(auto-fill, minmax(220px, 1fr))",
  gap: "14px",
  marginBottom: "14px",
} as const;

function Tiles(props: { readonly report: KpiReport }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const f = props.report.figures;
  const days = (value: string | null) =>
    value === null
      ? t("reporting.kpis.none")
      : t("reporting.kpis.days", { value: formatAmount(value, language) });
  const ratio = (value: string | null) =>
    value === null ? t("reporting.kpis.none") : formatRatio(value, language);
  return (
    <div data-testid="kpi-tiles" style={tilesStyle}>
      <Tile
        id="receivables"
        label={t("reporting.kpis.receivables")}
        value={formatMoney(f.receivables, props.report.currency, language)}
        help={`${t("reporting.kpis.overdue")}: ${formatMoney(f.overdue, props.report.currency, language)}`}
      />
      <Tile
        id="dso-countback"
        label={t("reporting.kpis.dsoCountback")}
        value={days(f.dsoCountback)}
        help={t("reporting.kpis.dsoCountbackHelp")}
        note={
          f.dsoCountbackComplete
            ? undefined
            : t("reporting.kpis.dsoCountbackFloor", { months: countbackMonthsMax })
        }
      />
      <Tile
        id="dso-average"
        label={t("reporting.kpis.dsoAverage")}
        value={days(f.dsoAverage)}
        help={t("reporting.kpis.dsoAverageHelp")}
      />
      <Tile
        id="best-dso"
        label={t("reporting.kpis.bestPossibleDso")}
        value={days(f.bestPossibleDso)}
        help={t("reporting.kpis.bestPossibleDsoHelp")}
      />
      <Tile
        id="add"
        label={t("reporting.kpis.averageDaysDelinquent")}
        value={days(f.averageDaysDelinquent)}
        help={t("reporting.kpis.averageDaysDelinquentHelp")}
      />
      <Tile
        id="cei"
        label={t("reporting.kpis.cei")}
        value={ratio(f.cei)}
        help={t("reporting.kpis.ceiHelp")}
      />
      <Tile
        id="turnover"
        label={t("reporting.kpis.turnover")}
        value={
          f.turnover === null
            ? t("reporting.kpis.none")
            : t("reporting.kpis.times", { value: formatAmount(f.turnover, language) })
        }
        help={t("reporting.kpis.turnoverHelp", {
          days:
            f.turnoverInDays === null ? t("reporting.kpis.none") : formatAmount(f.turnoverInDays, language),
        })}
      />
      <Tile
        id="overdue-ratio"
        label={t("reporting.kpis.overdueRatio")}
        value={ratio(f.overdueRatio)}
        help={t("reporting.kpis.overdueRatioHelp")}
      />
    </div>
  );
}

function Trend(props: { readonly report: KpiReport }) {
  const { t } = useTranslation();
  const trend = props.report.trend;
  const months = useMemo(() => trend.map((point) => point.date.slice(0, 7)), [trend]);
  const daySeries = useMemo(
    () => [
      { name: t("reporting.kpis.dsoCountback"), values: trend.map((point) => point.dsoCountback) },
      { name: t("reporting.kpis.dsoAverage"), values: trend.map((point) => point.dsoAverage) },
      { name: t("reporting.kpis.bestPossibleDso"), values: trend.map((point) => point.bestPossibleDso) },
      {
        name: t("reporting.kpis.averageDaysDelinquent"),
        values: trend.map((point) => point.averageDaysDelinquent),
      },
    ],
    [trend, t],
  );
  const ratioSeries = useMemo(
    () => [
      { name: t("reporting.kpis.cei"), values: trend.map((point) => point.cei) },
      { name: t("reporting.kpis.overdueRatio"), values: trend.map((point) => point.overdueRatio) },
    ],
    [trend, t],
  );
  return (
    <section className="card" aria-labelledby="kpi-trend-title">
      <h2 id="kpi-trend-title">{t("reporting.kpis.trendTitle")}</h2>
      <KpiTrendChart
        title={t("reporting.kpis.daysChart")}
        axis={t("reporting.kpis.trendDays")}
        percent={false}
        months={months}
        series={daySeries}
        testId="kpi-days-chart"
      />
      <KpiTrendChart
        title={t("reporting.kpis.ratioChart")}
        axis={t("reporting.kpis.trendPercent")}
        percent={true}
        months={months}
        series={ratioSeries}
        testId="kpi-ratio-chart"
      />
    </section>
  );
}

function Concentration(props: { readonly report: KpiReport }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { concentration, currency } = props.report;
  const largest = concentration.largest;
  return (
    <section className="card" aria-labelledby="kpi-concentration-title" data-testid="kpi-concentration">
      <h2 id="kpi-concentration-title">{t("reporting.kpis.concentrationTitle")}</h2>
      <p className="muted">{t("reporting.kpis.concentrationIntro")}</p>
      <dl className="details details-compact">
        {concentration.top.map((top) => (
          <div key={top.count} style={{ display: "contents" }}>
            <dt>{t("reporting.kpis.top", { count: top.count })}</dt>
            <dd data-column={`top${top.count}`}>
              {top.share === null ? t("reporting.kpis.none") : formatRatio(top.share, language)}
            </dd>
          </div>
        ))}
        <dt>{t("reporting.kpis.hhi")}</dt>
        <dd data-column="hhi" data-reading={concentration.reading ?? ""}>
          {concentration.hhi === null
            ? t("reporting.kpis.none")
            : `${formatAmount(concentration.hhi, language)} · ${
                concentration.reading === null ? "" : t(`reporting.kpis.reading.${concentration.reading}`)
              }`}
        </dd>
      </dl>
      <ListTable
        pending={false}
        testId="kpi-largest"
        head={
          <>
            <th scope="col">{t("reporting.kpis.rank")}</th>
            <th scope="col">{t("reporting.kpis.customer")}</th>
            <th scope="col" className="cell-amount">
              {t("reporting.kpis.outstanding")}
            </th>
            <th scope="col" className="cell-amount">
              {t("reporting.kpis.share")}
            </th>
          </>
        }
        columnCount={4}
        rowCount={largest.length}
        emptyText={t("reporting.kpis.empty")}
      >
        {largest.map((one, index) => (
          <tr key={one.customerId} data-customer-id={one.customerId}>
            <td>{index + 1}</td>
            <td>
              {one.name} <span className="subtle">{one.code}</span>
            </td>
            <td className="cell-amount">{formatMoney(one.outstanding, currency, language)}</td>
            <td className="cell-amount">{one.share === null ? "" : formatRatio(one.share, language)}</td>
          </tr>
        ))}
      </ListTable>
    </section>
  );
}

function StructureTable(props: {
  readonly title: string;
  readonly noKey: string;
  readonly rows: ReadonlyArray<KpiStructureRow>;
  readonly report: KpiReport;
  readonly testId: string;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const money = (amount: string) => formatAmount(amount, language);
  return (
    <>
      <h3>{props.title}</h3>
      <ListTable
        pending={false}
        testId={props.testId}
        head={
          <>
            <th scope="col">{props.title}</th>
            <th scope="col" className="cell-amount">
              {t("reporting.kpis.customers")}
            </th>
            <th scope="col" className="cell-amount">
              {t("reporting.kpis.outstanding")}
            </th>
            <th scope="col" className="cell-amount">
              {t("reporting.kpis.overdue")}
            </th>
            <th scope="col" className="cell-amount">
              {t("reporting.kpis.share")}
            </th>
            <th scope="col" className="cell-amount">
              {t("reporting.kpis.overdueRatio")}
            </th>
          </>
        }
        columnCount={6}
        rowCount={props.rows.length}
        emptyText={t("reporting.kpis.empty")}
      >
        {props.rows.map((row) => (
          <tr key={row.key ?? ""} data-key={row.key ?? ""}>
            <td>{row.label ?? <span className="subtle">{props.noKey}</span>}</td>
            <td className="cell-amount">{row.customers}</td>
            <td className="cell-amount">{money(row.outstanding)}</td>
            <td className="cell-amount">{money(row.overdue)}</td>
            <td className="cell-amount">{row.share === null ? "" : formatRatio(row.share, language)}</td>
            <td className="cell-amount">
              {row.overdueRatio === null ? "" : formatRatio(row.overdueRatio, language)}
            </td>
          </tr>
        ))}
        {props.rows.length > 0 && (
          <tr className="row-total">
            <th scope="row">{t("reporting.kpis.total")}</th>
            <td className="cell-amount">{props.rows.reduce((sum, row) => sum + row.customers, 0)}</td>
            <td className="cell-amount">{money(props.report.structure.outstanding)}</td>
            <td className="cell-amount">{money(props.report.structure.overdue)}</td>
            <td />
            <td />
          </tr>
        )}
      </ListTable>
    </>
  );
}

/**
 * 关键指标: DSO by the countback and average methods, best possible DSO, average days delinquent,
 * CEI, turnover and the overdue ratio as of a date, their trend by month end, the concentration of
 * the book and its structure by grade, industry and owner; and the scheduled report emails.
 */
export function KpiPage({ org }: { readonly org: OrganizationOfUser }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const [asOf, setAsOf] = useState(() => todayIn(org.timeZone));
  const kpis = useKpis(org.orgId, asOf);
  const report = kpis.data;
  return (
    <>
      <p className="muted">{t("reporting.kpis.intro")}</p>
      <div className="filters">
        <label className="field">
          <span>{t("reporting.kpis.asOf")}</span>
          <input
            type="date"
            name="asOf"
            value={asOf}
            data-testid="kpi-as-of"
            onChange={(event) => {
              if (event.target.value !== "") setAsOf(event.target.value);
            }}
          />
        </label>
      </div>
      <ErrorMessage error={kpis.error} />
      {kpis.isPending && <p className="muted">{t("common.loading")}</p>}
      {report !== undefined && (
        <>
          <p className="subtle" data-testid="kpi-period">
            {t("reporting.kpis.period", {
              from: formatDate(report.figures.periodFrom, language),
              to: formatDate(report.figures.date, language),
              days: report.figures.periodDays,
              sales: formatMoney(report.figures.creditSales, report.currency, language),
            })}
          </p>
          <Tiles report={report} />
          <Trend report={report} />
          <Concentration report={report} />
          <section className="card" aria-labelledby="kpi-structure-title">
            <h2 id="kpi-structure-title">{t("reporting.kpis.structureTitle")}</h2>
            <StructureTable
              title={t("reporting.kpis.byGrade")}
              noKey={t("reporting.kpis.noGrade")}
              rows={report.structure.grade}
              report={report}
              testId="kpi-by-grade"
            />
            <StructureTable
              title={t("reporting.kpis.byIndustry")}
              noKey={t("reporting.kpis.noIndustry")}
              rows={report.structure.industry}
              report={report}
              testId="kpi-by-industry"
            />
            <StructureTable
              title={t("reporting.kpis.byOwner")}
              noKey={t("reporting.kpis.noOwner")}
              rows={report.structure.owner}
              report={report}
              testId="kpi-by-owner"
            />
          </section>
        </>
      )}
      <SchedulePanel org={org} canManage={can(org, "reports.manage")} />
    </>
  );
}
