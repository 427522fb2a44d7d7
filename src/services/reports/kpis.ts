import { sql } from "kysely";
import type { Temporal } from "temporal-polyfill";
import {
  addDays,
  addMonths,
  daysBetween,
  endOfMonth,
  formatBusinessDate,
  parseBusinessDate,
} from "../../core/dates.ts";
import { AppError } from "../../core/errors.ts";
import { formatMinor } from "../../core/money.ts";
import {
  averageDaysDelinquent,
  bestPossibleDso,
  type ConcentrationReading,
  collectionEffectiveness,
  concentrationOf,
  concentrationTopCounts,
  dsoAverage,
  dsoCountback,
  kpiDaysText,
  kpiIndexText,
  kpiRatioText,
  overdueRatio,
  receivablesTurnover,
  type SalesSegment,
  structureBy,
  turnoverDays,
} from "../../domain/receivables/index.ts";
import type { Executor } from "../../store/database.ts";
import { agingReport } from "./aging.ts";
import type { ReportDefinition, ReportOutput, ReportTable } from "./report.ts";

/**
 * The receivables KPIs of an organization as of a date, from its books.
 *
 * Credit sales are everything that creates a receivable, documented in the period: every open
 * item with a positive original amount (invoices and debit notes gross of VAT, installment-plan
 * billings as they are billed — down payments, fees and installments —, penalty accruals and
 * dunning fees). Payments are not sales, and neither are credit notes: a credit note lowers the
 * balance the way a collection does (the collections context's CEI counts the same way). A
 * financed sale counts as its billings fall due, because only billed amounts are receivables.
 *
 * The receivables balance on a date is exactly what was open at the end of that day (items
 * documented by then, less the allocations dated by then and not reversed by then — the aging
 * report's aggregate, `agingReport`); its overdue part is what was due before that day, current
 * the rest. Amounts are in the organization's base currency.
 */

/** Months of trend by default, and at most. */
export const kpiTrendMonthsDefault = 12;
export const kpiTrendMonthsMax = 36;
/**
 * The period of the average-method DSO, the best possible DSO, ADD and the CEI: the three months
 * to the date (the most commonly used DSO base, a quarter, which smooths one month's swings).
 */
export const kpiPeriodMonths = 3;
/** The countback stops this many months back; a balance older than that is reported as such. */
export const countbackMonthsMax = 24;
/** Receivables turnover is over the twelve months to the date. */
export const turnoverPeriodMonths = 12;
/** Customers listed in the concentration table. */
export const concentrationListMax = 10;

export interface KpiFigures {
  readonly date: string;
  readonly receivables: string;
  readonly current: string;
  readonly overdue: string;
  readonly periodFrom: string;
  readonly periodDays: number;
  readonly creditSales: string;
  readonly dsoCountback: string | null;
  /** False when the balance is older than the countback's history: the figure is a lower bound. */
  readonly dsoCountbackComplete: boolean;
  readonly dsoAverage: string | null;
  readonly bestPossibleDso: string | null;
  readonly averageDaysDelinquent: string | null;
  readonly cei: string | null;
  readonly overdueRatio: string | null;
}

export interface KpiTrendPoint extends KpiFigures {
  /** The credit sales of the calendar month that ends on `date`. */
  readonly monthSales: string;
}

export interface KpiStructureRow {
  /** The grade, the industry or the owner's user id; null when the customer has none. */
  readonly key: string | null;
  /** The owner's name (for owners); the key otherwise. */
  readonly label: string | null;
  readonly customers: number;
  readonly outstanding: string;
  readonly overdue: string;
  readonly share: string | null;
  readonly overdueRatio: string | null;
}

export interface KpiReport {
  readonly asOf: string;
  readonly currency: string;
  readonly periodMonths: number;
  readonly figures: KpiFigures & {
    readonly turnoverFrom: string;
    readonly turnoverDays: number;
    readonly turnoverCreditSales: string;
    readonly turnover: string | null;
    readonly turnoverInDays: string | null;
  };
  readonly trend: ReadonlyArray<KpiTrendPoint>;
  readonly concentration: {
    readonly total: string;
    readonly customers: number;
    readonly top: ReadonlyArray<{
      readonly count: number;
      readonly amount: string;
      readonly share: string | null;
    }>;
    readonly hhi: string | null;
    readonly reading: ConcentrationReading | null;
    readonly largest: ReadonlyArray<{
      readonly customerId: string;
      readonly code: string;
      readonly name: string;
      readonly outstanding: string;
      readonly share: string | null;
    }>;
  };
  readonly structure: {
    readonly grade: ReadonlyArray<KpiStructureRow>;
    readonly industry: ReadonlyArray<KpiStructureRow>;
    readonly owner: ReadonlyArray<KpiStructureRow>;
    readonly outstanding: string;
    readonly overdue: string;
  };
}

interface Balance {
  readonly totalMinor: bigint;
  readonly overdueMinor: bigint;
  readonly byCustomer: ReadonlyMap<string, { totalMinor: bigint; overdueMinor: bigint }>;
}

type PlainDate = Temporal.PlainDate;

/** `months` before `end`; a month end maps to a month end (30 Nov − 3 months = 31 Aug). */
function monthsBefore(end: PlainDate, months: number): PlainDate {
  const start = addMonths(end, -months);
  return end.day === end.daysInMonth ? endOfMonth(start) : start;
}

function checkMonths(text: string | undefined): number {
  if (text === undefined || text === "") return kpiTrendMonthsDefault;
  const months = /^[0-9]{1,3}$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(months) || months < 1 || months > kpiTrendMonthsMax) {
    throw new AppError("VALIDATION_FAILED", {
      detail: `months: a whole number from 1 to ${kpiTrendMonthsMax}`,
      issues: [
        { path: "months", code: "OUT_OF_RANGE", message: `a whole number from 1 to ${kpiTrendMonthsMax}` },
      ],
    });
  }
  return months;
}

/** The KPIs as of `asOf` with `months` of monthly trend. */
export async function receivablesKpis(
  db: Executor,
  orgId: string,
  input: { readonly asOf: string; readonly months?: number | undefined },
): Promise<KpiReport> {
  const months = input.months ?? kpiTrendMonthsDefault;
  const asOf = parseBusinessDate(input.asOf);
  const organization = await db
    .selectFrom("organizations")
    .select("base_currency")
    .where("org_id", "=", orgId)
    .executeTakeFirstOrThrow();
  const currency = organization.base_currency;
  const money = (minor: bigint) => formatMinor(minor, currency);

  // The month ends of the trend: the `months` latest on or before the date, oldest first.
  const lastMonthEnd = asOf.day === asOf.daysInMonth ? asOf : endOfMonth(addMonths(asOf, -1));
  const monthEnds: PlainDate[] = [];
  for (let back = months - 1; back >= 0; back -= 1)
    monthEnds.push(endOfMonth(addMonths(lastMonthEnd, -back)));
  const oldest = monthEnds[0] ?? lastMonthEnd;

  // Credit sales by document date, from the first day any figure looks at.
  const salesFrom = [
    monthsBefore(oldest, countbackMonthsMax),
    monthsBefore(oldest, kpiPeriodMonths),
    monthsBefore(asOf, turnoverPeriodMonths),
  ].reduce((a, b) => (daysBetween(a, b) < 0 ? b : a));
  const salesRows = await db
    .selectFrom("open_items")
    .select(["document_date", sql<bigint>`cast(sum(original_minor) as bigint)`.as("sales")])
    .where("org_id", "=", orgId)
    .where("original_minor", ">", 0n)
    .where("currency", "=", currency)
    .where("document_date", ">", formatBusinessDate(salesFrom))
    .where("document_date", "<=", input.asOf)
    .groupBy("document_date")
    .execute();
  const salesByDate = salesRows
    .map((row) => ({ date: row.document_date, minor: BigInt(row.sales) }))
    .sort((a, b) => (a.date < b.date ? -1 : 1));
  /** Credit sales documented after `from` up to and including `to`. */
  const salesBetween = (from: PlainDate, to: PlainDate) => {
    const after = formatBusinessDate(from);
    const through = formatBusinessDate(to);
    let sum = 0n;
    for (const row of salesByDate) if (row.date > after && row.date <= through) sum += row.minor;
    return sum;
  };

  const balances = new Map<string, Promise<Balance>>();
  const balanceAt = (date: PlainDate): Promise<Balance> => {
    const key = formatBusinessDate(date);
    let found = balances.get(key);
    if (found === undefined) {
      // The aging report's aggregate (sums by customer in SQL, exact as of the date) is the
      // balance; its overdue is what was due before the date, as here.
      found = agingReport(db, orgId, { asOf: key, groupBy: "customer", currency }).then((aging) => {
        const byCustomer = new Map<string, { totalMinor: bigint; overdueMinor: bigint }>();
        for (const group of aging.groups) {
          if (group.key === null) continue;
          byCustomer.set(group.key, { totalMinor: group.outstandingMinor, overdueMinor: group.overdueMinor });
        }
        return {
          totalMinor: aging.totals.outstandingMinor,
          overdueMinor: aging.totals.overdueMinor,
          byCustomer,
        };
      });
      balances.set(key, found);
    }
    return found;
  };

  const figuresAt = async (date: PlainDate): Promise<KpiFigures> => {
    const end = await balanceAt(date);
    const periodStart = monthsBefore(date, kpiPeriodMonths);
    const beginning = await balanceAt(periodStart);
    const days = daysBetween(periodStart, date);
    const salesMinor = salesBetween(periodStart, date);
    const currentMinor = end.totalMinor - end.overdueMinor;
    // Countback segments, newest first: the month to the date, then whole calendar months.
    const segments: SalesSegment[] = [];
    let segmentEnd = date;
    for (let index = 0; index < countbackMonthsMax; index += 1) {
      const before = addDays(segmentEnd.with({ day: 1 }), -1);
      segments.push({
        days: daysBetween(before, segmentEnd),
        creditSalesMinor: salesBetween(before, segmentEnd),
      });
      segmentEnd = before;
    }
    const countback = dsoCountback(end.totalMinor, segments);
    const average = dsoAverage({ receivablesMinor: end.totalMinor, creditSalesMinor: salesMinor, days });
    const best = bestPossibleDso({ currentMinor, creditSalesMinor: salesMinor, days });
    return {
      date: formatBusinessDate(date),
      receivables: money(end.totalMinor),
      current: money(currentMinor),
      overdue: money(end.overdueMinor),
      periodFrom: formatBusinessDate(addDays(periodStart, 1)),
      periodDays: days,
      creditSales: money(salesMinor),
      dsoCountback: kpiDaysText(countback.days),
      dsoCountbackComplete: countback.complete,
      dsoAverage: kpiDaysText(average),
      bestPossibleDso: kpiDaysText(best),
      averageDaysDelinquent: kpiDaysText(averageDaysDelinquent(average, best)),
      cei: kpiRatioText(
        collectionEffectiveness({
          beginningMinor: beginning.totalMinor,
          creditSalesMinor: salesMinor,
          endingTotalMinor: end.totalMinor,
          endingCurrentMinor: currentMinor,
        }),
      ),
      overdueRatio: kpiRatioText(overdueRatio(end.overdueMinor, end.totalMinor)),
    };
  };

  const current = await figuresAt(asOf);
  const turnoverStart = monthsBefore(asOf, turnoverPeriodMonths);
  const turnoverSalesMinor = salesBetween(turnoverStart, asOf);
  const turnoverPeriodDays = daysBetween(turnoverStart, asOf);
  const turnover = receivablesTurnover({
    creditSalesMinor: turnoverSalesMinor,
    beginningMinor: (await balanceAt(turnoverStart)).totalMinor,
    endingMinor: (await balanceAt(asOf)).totalMinor,
  });

  const trend: KpiTrendPoint[] = [];
  for (const monthEnd of monthEnds) {
    const figures = await figuresAt(monthEnd);
    const monthStart = addDays(monthEnd.with({ day: 1 }), -1);
    trend.push({ ...figures, monthSales: money(salesBetween(monthStart, monthEnd)) });
  }

  // Concentration and structure, on the balances of the date.
  const end = await balanceAt(asOf);
  const customerIds = [...end.byCustomer.keys()];
  const customers = new Map<
    string,
    {
      code: string;
      name: string;
      industry: string | null;
      grade: string | null;
      ownerId: string | null;
      owner: string | null;
    }
  >();
  for (let start = 0; start < customerIds.length; start += 1000) {
    const rows = await db
      .selectFrom("customers as c")
      .leftJoin("customer_credit as k", (join) =>
        join.onRef("k.org_id", "=", "c.org_id").onRef("k.customer_id", "=", "c.customer_id"),
      )
      .leftJoin("users as u", "u.user_id", "c.owner_user_id")
      .select([
        "c.customer_id",
        "c.code",
        "c.name",
        "c.industry",
        "c.owner_user_id",
        "k.grade",
        "u.display_name",
      ])
      .where("c.org_id", "=", orgId)
      .where("c.customer_id", "in", customerIds.slice(start, start + 1000))
      .execute();
    for (const row of rows) {
      customers.set(row.customer_id, {
        code: row.code,
        name: row.name,
        industry: row.industry === null || row.industry.trim() === "" ? null : row.industry,
        grade: row.grade ?? null,
        ownerId: row.owner_user_id,
        owner: row.display_name ?? null,
      });
    }
  }
  const concentration = concentrationOf(
    customerIds.map((customerId) => ({
      key: customerId,
      amountMinor: end.byCustomer.get(customerId)?.totalMinor ?? 0n,
    })),
  );
  const structureOf = (
    keyOf: (customerId: string) => string | null,
    labelOf?: (key: string) => string | null,
  ) => {
    const noKey = "\u0000";
    const grouped = structureBy(
      customerIds.map((customerId) => {
        const balance = end.byCustomer.get(customerId) ?? { totalMinor: 0n, overdueMinor: 0n };
        return {
          key: keyOf(customerId) ?? noKey,
          outstandingMinor: balance.totalMinor,
          overdueMinor: balance.overdueMinor,
        };
      }),
    );
    return grouped.groups.map((group) => {
      const key = group.key === noKey ? null : group.key;
      return {
        key,
        label: key === null ? null : (labelOf?.(key) ?? key),
        customers: group.customers,
        outstanding: money(group.outstandingMinor),
        overdue: money(group.overdueMinor),
        share: kpiRatioText(group.share),
        overdueRatio: kpiRatioText(group.overdueRatio),
      };
    });
  };
  const ownerNames = new Map<string, string | null>();
  for (const customer of customers.values())
    if (customer.ownerId !== null) ownerNames.set(customer.ownerId, customer.owner);

  return {
    asOf: input.asOf,
    currency,
    periodMonths: kpiPeriodMonths,
    figures: {
      ...current,
      turnoverFrom: formatBusinessDate(addDays(turnoverStart, 1)),
      turnoverDays: turnoverPeriodDays,
      turnoverCreditSales: money(turnoverSalesMinor),
      turnover: kpiIndexText(turnover),
      turnoverInDays: kpiDaysText(turnoverDays(turnover, turnoverPeriodDays)),
    },
    trend,
    concentration: {
      total: money(concentration.totalMinor),
      customers: concentration.customers,
      top: concentration.top.map((top) => ({
        count: top.count,
        amount: money(top.amountMinor),
        share: kpiRatioText(top.share),
      })),
      hhi: kpiIndexText(concentration.hhi),
      reading: concentration.reading,
      largest: concentration.ranked.slice(0, concentrationListMax).map((one) => ({
        customerId: one.key,
        code: customers.get(one.key)?.code ?? "",
        name: customers.get(one.key)?.name ?? "",
        outstanding: money(one.amountMinor),
        share: kpiRatioText(one.share),
      })),
    },
    structure: {
      grade: structureOf((id) => customers.get(id)?.grade ?? null),
      industry: structureOf((id) => customers.get(id)?.industry ?? null),
      owner: structureOf(
        (id) => customers.get(id)?.ownerId ?? null,
        (key) => ownerNames.get(key) ?? null,
      ),
      outstanding: money(end.totalMinor),
      overdue: money(end.overdueMinor),
    },
  };
}

const structureColumns = (first: { "zh-CN": string; en: string }) =>
  [
    { key: "group", label: first, kind: "text" },
    { key: "customers", label: { "zh-CN": "客户数", en: "Customers" }, kind: "count" },
    { key: "outstanding", label: { "zh-CN": "未清余额", en: "Outstanding" }, kind: "money" },
    { key: "overdue", label: { "zh-CN": "逾期金额", en: "Overdue" }, kind: "money" },
    { key: "share", label: { "zh-CN": "占比", en: "Share" }, kind: "percent" },
    { key: "overdueRatio", label: { "zh-CN": "逾期率", en: "Overdue ratio" }, kind: "percent" },
  ] as const;

/** The tables the CSV, XLSX and PDF renderers lay out. */
export function kpiTables(report: KpiReport): ReadonlyArray<ReportTable> {
  const f = report.figures;
  const number = (text: string | null) => (text === null ? null : Number(text));
  const figure = (
    zh: string,
    en: string,
    cells: { amount?: string | null; value?: string | null; ratio?: string | null; note?: string },
  ) => ({
    figure: `${zh} / ${en}`,
    amount: cells.amount ?? null,
    value: number(cells.value ?? null),
    ratio: cells.ratio ?? null,
    note: cells.note ?? "",
  });
  const concentrationTop = (count: number) => report.concentration.top.find((top) => top.count === count);
  const top5 = concentrationTop(concentrationTopCounts[0] ?? 5);
  const top10 = concentrationTop(concentrationTopCounts[1] ?? 10);
  const period = `${f.periodFrom} – ${f.date}`;
  const figures: ReportTable = {
    title: { "zh-CN": "关键指标", en: "Key figures" },
    columns: [
      { key: "figure", label: { "zh-CN": "指标", en: "Figure" }, kind: "text" },
      { key: "amount", label: { "zh-CN": "金额", en: "Amount" }, kind: "money" },
      { key: "value", label: { "zh-CN": "数值", en: "Value" }, kind: "number" },
      { key: "ratio", label: { "zh-CN": "比率", en: "Ratio" }, kind: "percent" },
      { key: "note", label: { "zh-CN": "说明", en: "Note" }, kind: "text" },
    ],
    rows: [
      figure("应收余额", "Receivables", { amount: f.receivables }),
      figure("未到期", "Current", { amount: f.current }),
      figure("逾期", "Overdue", { amount: f.overdue }),
      figure("期间赊销额", "Credit sales of the period", { amount: f.creditSales, note: period }),
      figure("DSO（倒推法）", "DSO (countback)", {
        value: f.dsoCountback,
        note: f.dsoCountbackComplete ? "" : `≥ (${countbackMonthsMax})`,
      }),
      figure("DSO（平均法）", "DSO (average)", { value: f.dsoAverage, note: period }),
      figure("最佳可能 DSO", "Best possible DSO", { value: f.bestPossibleDso }),
      figure("平均逾期天数", "Average days delinquent", { value: f.averageDaysDelinquent }),
      figure("催收有效性指数", "Collection effectiveness index", { ratio: f.cei, note: period }),
      figure("应收账款周转率", "Receivables turnover", {
        value: f.turnover,
        note: `${f.turnoverFrom} – ${f.date}`,
      }),
      figure("周转天数", "Turnover days", { value: f.turnoverInDays }),
      figure("逾期率", "Overdue ratio", { ratio: f.overdueRatio }),
      figure("前 5 名客户占比", "Top 5 customers' share", {
        amount: top5?.amount ?? null,
        ratio: top5?.share ?? null,
      }),
      figure("前 10 名客户占比", "Top 10 customers' share", {
        amount: top10?.amount ?? null,
        ratio: top10?.share ?? null,
      }),
      figure("HHI 集中度", "HHI", {
        value: report.concentration.hhi,
        note: report.concentration.reading ?? "",
      }),
    ],
  };
  const trend: ReportTable = {
    title: { "zh-CN": "月度趋势", en: "Monthly trend" },
    columns: [
      { key: "date", label: { "zh-CN": "月末", en: "Month end" }, kind: "date" },
      { key: "receivables", label: { "zh-CN": "应收余额", en: "Receivables" }, kind: "money" },
      { key: "overdue", label: { "zh-CN": "逾期", en: "Overdue" }, kind: "money" },
      { key: "monthSales", label: { "zh-CN": "当月赊销", en: "Credit sales of the month" }, kind: "money" },
      { key: "dsoCountback", label: { "zh-CN": "DSO（倒推法）", en: "DSO (countback)" }, kind: "number" },
      { key: "dsoAverage", label: { "zh-CN": "DSO（平均法）", en: "DSO (average)" }, kind: "number" },
      { key: "bestPossibleDso", label: { "zh-CN": "最佳可能 DSO", en: "Best possible DSO" }, kind: "number" },
      { key: "averageDaysDelinquent", label: { "zh-CN": "平均逾期天数", en: "ADD" }, kind: "number" },
      { key: "cei", label: { "zh-CN": "CEI", en: "CEI" }, kind: "percent" },
      { key: "overdueRatio", label: { "zh-CN": "逾期率", en: "Overdue ratio" }, kind: "percent" },
    ],
    rows: report.trend.map((point) => ({
      date: point.date,
      receivables: point.receivables,
      overdue: point.overdue,
      monthSales: point.monthSales,
      dsoCountback: number(point.dsoCountback),
      dsoAverage: number(point.dsoAverage),
      bestPossibleDso: number(point.bestPossibleDso),
      averageDaysDelinquent: number(point.averageDaysDelinquent),
      cei: point.cei,
      overdueRatio: point.overdueRatio,
    })),
  };
  const concentration: ReportTable = {
    title: { "zh-CN": "客户集中度", en: "Concentration" },
    columns: [
      { key: "rank", label: { "zh-CN": "排名", en: "Rank" }, kind: "count" },
      { key: "code", label: { "zh-CN": "客户编码", en: "Code" }, kind: "text" },
      { key: "name", label: { "zh-CN": "客户", en: "Customer" }, kind: "text" },
      { key: "outstanding", label: { "zh-CN": "未清余额", en: "Outstanding" }, kind: "money" },
      { key: "share", label: { "zh-CN": "占比", en: "Share" }, kind: "percent" },
    ],
    rows: report.concentration.largest.map((one, index) => ({
      rank: index + 1,
      code: one.code,
      name: one.name,
      outstanding: one.outstanding,
      share: one.share,
    })),
    totals: { rank: null, code: null, name: null, outstanding: report.concentration.total, share: null },
  };
  const structure = (
    rows: ReadonlyArray<KpiStructureRow>,
    title: { "zh-CN": string; en: string },
    first: { "zh-CN": string; en: string },
  ): ReportTable => ({
    title,
    columns: structureColumns(first),
    rows: rows.map((row) => ({
      group: row.label ?? "—",
      customers: row.customers,
      outstanding: row.outstanding,
      overdue: row.overdue,
      share: row.share,
      overdueRatio: row.overdueRatio,
    })),
    totals: {
      group: null,
      customers: rows.reduce((sum, row) => sum + row.customers, 0),
      outstanding: report.structure.outstanding,
      overdue: report.structure.overdue,
      share: null,
      overdueRatio: null,
    },
  });
  return [
    figures,
    trend,
    concentration,
    structure(
      report.structure.grade,
      { "zh-CN": "按信用等级", en: "By grade" },
      { "zh-CN": "信用等级", en: "Grade" },
    ),
    structure(
      report.structure.industry,
      { "zh-CN": "按行业", en: "By industry" },
      { "zh-CN": "行业", en: "Industry" },
    ),
    structure(
      report.structure.owner,
      { "zh-CN": "按负责人", en: "By owner" },
      { "zh-CN": "负责人", en: "Owner" },
    ),
  ];
}

/** `credence report kpis`, `GET …/reports/kpis`, the KPI page's export and scheduled emails. */
export const kpisReport: ReportDefinition = {
  name: "kpis",
  title: { "zh-CN": "应收账款关键指标", en: "Receivables KPIs" },
  permission: "reports.read",
  options: {
    months: `months of monthly trend, 1 to ${kpiTrendMonthsMax} (default ${kpiTrendMonthsDefault})`,
  },
  async run(db, orgId, request): Promise<ReportOutput> {
    const months = checkMonths(request.options.months);
    const report = await receivablesKpis(db, orgId, { asOf: request.asOf, months });
    return { json: report, tables: kpiTables(report) };
  },
};
