import { sql } from "kysely";
import { decimal } from "../../core/decimal.ts";
import { formatMinor } from "../../core/money.ts";
import { kpiRatioText, overdueRatio } from "../../domain/receivables/index.ts";
import type { Executor } from "../../store/database.ts";
import { type WorklistScope, worklist } from "../collections/worklist.ts";
import { forecastCash } from "../forecast/index.ts";
import { agingReport } from "./aging.ts";
import { receivablesKpis } from "./kpis.ts";

/**
 * The dashboard (首页看板): the first screen after signing in, one call. Each figure comes from
 * the report that owns it, so that the dashboard never disagrees with the report it links to:
 * totals, buckets and the top overdue customers from the aging report as of the date, the DSO and
 * its trend from the KPIs, this month's collections against the forecast from the cash forecast,
 * today's worklist from the collector's worklist, open alerts from the early warnings.
 */

/** Months of DSO trend: a year, the span a manager compares against. */
export const dashboardTrendMonths = 12;
/** Customers in the top-overdue list and rows of today's worklist. */
export const dashboardTopCustomersMax = 10;
export const dashboardWorklistRowsMax = 10;

export interface DashboardOptions {
  readonly asOf: string;
  /** Today's business date: the forecast and the worklist are about today, whatever the date. */
  readonly today: string;
  /** Whose worklist the member sees; null when they may not read collections (no worklist). */
  readonly worklistScope: WorklistScope | null;
  /** Whether the member may read the early-warning alerts (their count is null otherwise). */
  readonly alerts: boolean;
  readonly trendMonths?: number;
}

export interface DashboardView {
  readonly asOf: string;
  readonly today: string;
  readonly currency: string;
  readonly receivables: {
    readonly total: string;
    readonly current: string;
    readonly overdue: string;
    /** Overdue ÷ total, four decimals; null when nothing is owed. */
    readonly overdueShare: string | null;
    readonly items: number;
    readonly customers: number;
  };
  readonly aging: {
    readonly basis: "due";
    readonly buckets: ReadonlyArray<{
      readonly key: string;
      readonly fromDays: number | null;
      readonly toDays: number | null;
      readonly amount: string;
    }>;
  };
  readonly dso: {
    readonly countback: string | null;
    readonly countbackComplete: boolean;
    readonly average: string | null;
    readonly bestPossible: string | null;
    readonly trend: ReadonlyArray<{
      readonly date: string;
      readonly receivables: string;
      readonly overdue: string;
      readonly dsoCountback: string | null;
      readonly dsoAverage: string | null;
    }>;
  };
  readonly collections: {
    readonly month: string;
    readonly from: string;
    readonly to: string;
    readonly collected: string;
    /** What the forecast made on the eve of the month expected for the whole month. */
    readonly forecast: string;
    /** What the forecast as of the date still expects until the month's end. */
    readonly expectedRest: string;
    /** Collected ÷ forecast, four decimals; null when nothing was forecast. */
    readonly achieved: string | null;
  };
  readonly topOverdue: ReadonlyArray<{
    readonly customerId: string;
    readonly code: string;
    readonly name: string;
    readonly outstanding: string;
    readonly overdue: string;
    /** The oldest bucket the customer owes in. */
    readonly oldestBucket: string;
  }>;
  readonly worklist: {
    readonly scope: WorklistScope["kind"];
    readonly rows: ReadonlyArray<{
      readonly customerId: string;
      readonly code: string;
      readonly name: string;
      readonly grade: string | null;
      readonly collectorName: string | null;
      readonly overdue: string;
      readonly daysPastDue: number;
      readonly bucket: string;
      readonly openTasks: number;
      readonly brokenPromises: number;
      readonly nextFollowUp: string | null;
    }>;
  } | null;
  readonly openAlerts: number | null;
}

/** Alerts still to be dealt with: open or acknowledged. */
export async function openAlertCount(db: Executor, orgId: string): Promise<number> {
  const row = await db
    .selectFrom("warning_alerts")
    .select(sql<number | bigint>`count(*)`.as("n"))
    .where("org_id", "=", orgId)
    .where("status", "in", ["open", "acknowledged"])
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function dashboard(
  db: Executor,
  orgId: string,
  options: DashboardOptions,
): Promise<DashboardView> {
  const { asOf, today } = options;
  const [aging, kpis, forecast, rows, alerts] = await Promise.all([
    agingReport(db, orgId, { asOf, groupBy: "customer" }),
    receivablesKpis(db, orgId, { asOf, months: options.trendMonths ?? dashboardTrendMonths }),
    forecastCash(db, orgId, { asOf, today, weeks: 1 }),
    options.worklistScope === null
      ? Promise.resolve(null)
      : worklist(db, orgId, { scope: options.worklistScope, today, limit: dashboardWorklistRowsMax }),
    options.alerts ? openAlertCount(db, orgId) : Promise.resolve(null),
  ]);
  const currency = aging.currency;
  const money = (minor: bigint) => formatMinor(minor, currency);
  const totals = aging.totals;
  const month = forecast.month;
  const topOverdue = aging.groups
    .filter((group) => group.key !== null && group.overdueMinor > 0n)
    .sort((a, b) =>
      a.overdueMinor !== b.overdueMinor
        ? a.overdueMinor > b.overdueMinor
          ? -1
          : 1
        : a.label < b.label
          ? -1
          : 1,
    )
    .slice(0, dashboardTopCustomersMax)
    .map((group) => {
      let oldest = 0;
      group.bucketsMinor.forEach((amount, index) => {
        if (amount > 0n) oldest = index;
      });
      return {
        customerId: group.key ?? "",
        code: group.code ?? "",
        name: group.label,
        outstanding: money(group.outstandingMinor),
        overdue: money(group.overdueMinor),
        oldestBucket: aging.buckets[oldest]?.key ?? "",
      };
    });
  return {
    asOf,
    today,
    currency,
    receivables: {
      total: money(totals.outstandingMinor),
      current: money(totals.outstandingMinor - totals.overdueMinor),
      overdue: money(totals.overdueMinor),
      overdueShare: kpiRatioText(overdueRatio(totals.overdueMinor, totals.outstandingMinor)),
      items: totals.count,
      customers: aging.groups.filter((group) => group.key !== null).length,
    },
    aging: {
      basis: "due",
      buckets: aging.buckets.map((spec, index) => ({
        key: spec.key,
        fromDays: spec.fromDays,
        toDays: spec.toDays,
        amount: money(totals.bucketsMinor[index] ?? 0n),
      })),
    },
    dso: {
      countback: kpis.figures.dsoCountback,
      countbackComplete: kpis.figures.dsoCountbackComplete,
      average: kpis.figures.dsoAverage,
      bestPossible: kpis.figures.bestPossibleDso,
      trend: kpis.trend.map((point) => ({
        date: point.date,
        receivables: point.receivables,
        overdue: point.overdue,
        dsoCountback: point.dsoCountback,
        dsoAverage: point.dsoAverage,
      })),
    },
    collections: {
      month: month.month,
      from: month.from,
      to: month.to,
      collected: formatMinor(month.collectedMinor, forecast.currency),
      forecast: formatMinor(month.forecastMinor, forecast.currency),
      expectedRest: formatMinor(month.expectedRestMinor, forecast.currency),
      achieved:
        month.forecastMinor > 0n ? kpiRatioText(decimal(month.collectedMinor, month.forecastMinor)) : null,
    },
    topOverdue,
    worklist:
      rows === null || options.worklistScope === null
        ? null
        : {
            scope: options.worklistScope.kind,
            rows: rows.map((row) => ({
              customerId: row.customerId,
              code: row.code,
              name: row.name,
              grade: row.grade,
              collectorName: row.collectorName,
              overdue: money(row.overdueMinor),
              daysPastDue: row.daysPastDue,
              bucket: row.bucket,
              openTasks: row.openTasks,
              brokenPromises: row.brokenPromises,
              nextFollowUp: row.nextFollowUp,
            })),
          },
    openAlerts: alerts,
  };
}
