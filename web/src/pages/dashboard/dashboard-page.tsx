import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { TFunction } from "i18next";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, orgPath } from "../../api/client.ts";
import type { DashboardBucket, DashboardView } from "../../api/dashboard-types.ts";
import type { OrganizationOfUser } from "../../api/types.ts";
import { todayIn } from "../../business-date.ts";
import { ErrorMessage } from "../../components/error-message.tsx";
import { Link } from "../../components/link.tsx";
import { ListTable } from "../../components/list-table.tsx";
import { PageHeader } from "../../components/page-header.tsx";
import { formatDate, formatMoney } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { queryKeys } from "../../query-keys.ts";
import { navigate } from "../../router.ts";
import { customerCollectionsPath, orgPagePath } from "../../routes.ts";
import { AgingChart } from "../reports/aging-chart.tsx";
import { KpiTrendChart } from "../reports/kpi-trend-chart.tsx";
import { CollectionsChart } from "./collections-chart.tsx";
import "./dashboard.css";

/**
 * 首页看板: the first screen after signing in. One request (GET …/dashboard) brings every figure;
 * each links to the page that explains it: an aging bar to the aging report drilled into its
 * bucket, a customer to their page, a worklist row to the customer's collections.
 */

const datePattern = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;

export function bucketLabel(bucket: Pick<DashboardBucket, "fromDays" | "toDays">, t: TFunction): string {
  if (bucket.fromDays === null) return t("reporting.aging.current");
  if (bucket.toDays === null) return t("reporting.aging.over", { days: bucket.fromDays - 1 });
  return t("reporting.aging.range", { from: bucket.fromDays, to: bucket.toDays });
}

/** A decimal fraction ("0.9868") as a percentage for people ("98.7%"). */
export function formatShare(fraction: string | null, language: string): string {
  if (fraction === null) return "—";
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
  readonly note?: string | undefined;
}) {
  return (
    <div className="card dashboard-tile" data-testid={`dashboard-tile-${props.id}`}>
      <h3>{props.label}</h3>
      <p className="dashboard-tile-value" data-column="value">
        {props.value}
      </p>
      {props.note !== undefined && <p className="subtle">{props.note}</p>}
    </div>
  );
}

export function DashboardPage(props: { readonly org: OrganizationOfUser }) {
  const { t } = useTranslation();
  const { org } = props;
  const language = currentLanguage();
  const [asOf, setAsOf] = useState(todayIn(org.timeZone));
  const query = useQuery({
    queryKey: queryKeys.dashboard(org.orgId, asOf),
    queryFn: () => api.get<DashboardView>(orgPath(org.orgId, "dashboard"), { asOf }),
    placeholderData: keepPreviousData,
    enabled: datePattern.test(asOf),
  });
  const view = query.data;
  const money = (amount: string) => formatMoney(amount, view?.currency ?? org.baseCurrency, language);
  const bars = useMemo(
    () =>
      (view?.aging.buckets ?? []).map((bucket) => ({
        key: bucket.key,
        label: bucketLabel(bucket, t),
        amount: bucket.amount,
      })),
    [view, t],
  );
  const labelOf = (key: string) => bars.find((bar) => bar.key === key)?.label ?? key;
  const agingPath = (bucket: string) =>
    orgPagePath(org.orgId, "reports", undefined, { asOf: view?.asOf ?? asOf, bucket });
  const months = useMemo(() => (view?.dso.trend ?? []).map((point) => point.date.slice(0, 7)), [view]);
  const dsoSeries = useMemo(
    () => [
      {
        name: t("dashboard.dsoTrend.countback"),
        values: (view?.dso.trend ?? []).map((point) => point.dsoCountback),
      },
      {
        name: t("dashboard.dsoTrend.average"),
        values: (view?.dso.trend ?? []).map((point) => point.dsoAverage),
      },
    ],
    [view, t],
  );
  const collections = view?.collections;
  const figures = useMemo(
    () =>
      collections === undefined
        ? null
        : {
            forecast: collections.forecast,
            collected: collections.collected,
            expectedRest: collections.expectedRest,
          },
    [collections],
  );
  const empty = view !== undefined && view.receivables.items === 0;

  return (
    <>
      <PageHeader
        title={t("dashboard.title")}
        orgName={org.name}
        actions={
          <label className="dashboard-as-of">
            {t("dashboard.asOf")}{" "}
            <input
              type="date"
              value={asOf}
              max={todayIn(org.timeZone)}
              onChange={(event) => setAsOf(event.target.value)}
              data-testid="dashboard-as-of"
            />
          </label>
        }
      />
      <div data-testid="dashboard" data-ready={view === undefined ? undefined : "true"}>
        {query.error !== null && <ErrorMessage error={query.error} />}
        {query.isPending && <p className="muted">{t("common.loading")}</p>}
        {empty && (
          <p className="notice notice-info" data-testid="dashboard-empty">
            {t("dashboard.empty")}
          </p>
        )}
        {view !== undefined && (
          <>
            <div className="dashboard-tiles">
              <Tile
                id="total"
                label={t("dashboard.tiles.total")}
                value={money(view.receivables.total)}
                note={t("dashboard.tiles.totalNote", {
                  customers: view.receivables.customers,
                  items: view.receivables.items,
                })}
              />
              <Tile
                id="overdue-share"
                label={t("dashboard.tiles.overdueShare")}
                value={formatShare(view.receivables.overdueShare, language)}
                note={t("dashboard.tiles.overdueNote", { amount: money(view.receivables.overdue) })}
              />
              <Tile
                id="dso"
                label={t("dashboard.tiles.dso")}
                value={
                  view.dso.countback === null
                    ? "—"
                    : t("dashboard.tiles.days", {
                        days: `${view.dso.countbackComplete ? "" : "≥ "}${view.dso.countback}`,
                      })
                }
                note={
                  view.dso.countbackComplete
                    ? t("dashboard.tiles.dsoNote", { days: view.dso.average ?? "—" })
                    : t("dashboard.tiles.dsoIncomplete")
                }
              />
              <Tile
                id="collected"
                label={t("dashboard.tiles.collected")}
                value={money(view.collections.collected)}
                note={
                  view.collections.achieved === null
                    ? t("dashboard.tiles.collectedNoForecast", { forecast: money(view.collections.forecast) })
                    : t("dashboard.tiles.collectedNote", {
                        forecast: money(view.collections.forecast),
                        share: formatShare(view.collections.achieved, language),
                      })
                }
              />
              {view.openAlerts !== null && (
                <Tile
                  id="alerts"
                  label={t("dashboard.tiles.alerts")}
                  value={String(view.openAlerts)}
                  note={t("dashboard.tiles.alertsNote")}
                />
              )}
            </div>

            <div className="dashboard-grid">
              <section className="card" data-testid="dashboard-aging">
                <AgingChart bars={bars} selected={null} onBar={(key) => navigate(agingPath(key))} />
                <p className="subtle">{t("dashboard.aging.hint")}</p>
                <ul className="dashboard-buckets">
                  {bars.map((bar) => (
                    <li key={bar.key}>
                      <Link
                        to={agingPath(bar.key)}
                        className="dashboard-bucket"
                        title={t("dashboard.aging.bucketLink", { bucket: bar.label })}
                        data-testid={`dashboard-aging-${bar.key}`}
                      >
                        <span>{bar.label}</span>
                        <span className="cell-figure">{money(bar.amount)}</span>
                      </Link>
                    </li>
                  ))}
                </ul>
              </section>
              <section className="card">
                <KpiTrendChart
                  title={t("dashboard.dsoTrend.title")}
                  axis={t("dashboard.dsoTrend.axis")}
                  percent={false}
                  months={months}
                  series={dsoSeries}
                  testId="dashboard-dso-chart"
                />
              </section>
              <section className="card">
                {figures !== null && <CollectionsChart figures={figures} />}
                <p className="subtle">
                  {t("dashboard.collections.month", {
                    from: formatDate(view.collections.from, language),
                    to: formatDate(view.collections.to, language),
                  })}
                </p>
              </section>
              <section className="card" data-testid="dashboard-top-overdue">
                <h2>{t("dashboard.topOverdue.title")}</h2>
                <ListTable
                  pending={false}
                  testId="dashboard-top-overdue-table"
                  columnCount={4}
                  rowCount={view.topOverdue.length}
                  emptyText={t("dashboard.topOverdue.empty")}
                  head={
                    <>
                      <th>{t("dashboard.topOverdue.customer")}</th>
                      <th className="num">{t("dashboard.topOverdue.overdue")}</th>
                      <th className="num">{t("dashboard.topOverdue.outstanding")}</th>
                      <th>{t("dashboard.topOverdue.oldest")}</th>
                    </>
                  }
                >
                  {view.topOverdue.map((row) => (
                    <tr key={row.customerId} data-testid="dashboard-top-overdue-row">
                      <td>
                        <Link to={orgPagePath(org.orgId, "customers", row.customerId)}>
                          {row.code} {row.name}
                        </Link>
                      </td>
                      <td className="num">{money(row.overdue)}</td>
                      <td className="num">{money(row.outstanding)}</td>
                      <td>{labelOf(row.oldestBucket)}</td>
                    </tr>
                  ))}
                </ListTable>
              </section>
            </div>

            {view.worklist !== null && (
              <section className="card" data-testid="dashboard-worklist">
                <div className="card-title-row">
                  <h2>
                    {view.worklist.scope === "collector"
                      ? t("dashboard.worklist.titleMine")
                      : t("dashboard.worklist.title")}
                  </h2>
                  <Link to={orgPagePath(org.orgId, "collections")}>{t("dashboard.worklist.all")}</Link>
                </div>
                <ListTable
                  pending={false}
                  testId="dashboard-worklist-table"
                  columnCount={6}
                  rowCount={view.worklist.rows.length}
                  emptyText={t("dashboard.worklist.empty")}
                  head={
                    <>
                      <th>{t("dashboard.worklist.customer")}</th>
                      <th className="num">{t("dashboard.worklist.overdue")}</th>
                      <th className="num">{t("dashboard.worklist.days")}</th>
                      <th>{t("dashboard.worklist.collector")}</th>
                      <th className="num">{t("dashboard.worklist.tasks")}</th>
                      <th>{t("dashboard.worklist.followUp")}</th>
                    </>
                  }
                >
                  {view.worklist.rows.map((row) => (
                    <tr key={row.customerId} data-testid="dashboard-worklist-row">
                      <td>
                        <Link to={customerCollectionsPath(org.orgId, row.customerId)}>
                          {row.code} {row.name}
                        </Link>
                      </td>
                      <td className="num">{money(row.overdue)}</td>
                      <td className="num">{row.daysPastDue}</td>
                      <td>{row.collectorName ?? "—"}</td>
                      <td className="num">{row.openTasks}</td>
                      <td>{row.nextFollowUp === null ? "—" : formatDate(row.nextFollowUp, language)}</td>
                    </tr>
                  ))}
                </ListTable>
              </section>
            )}
          </>
        )}
      </div>
    </>
  );
}
