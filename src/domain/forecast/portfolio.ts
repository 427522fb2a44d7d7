import { assert } from "../../core/errors.ts";
import { daysFrom, monthEndOf, monthsFrom, plusDays, plusMonths } from "./day-numbers.ts";

/**
 * The installment portfolio (issue 8, must-have 7) as of any date: what is outstanding, how late
 * the running plans are, how they moved between delinquency buckets month by month (roll rates)
 * and how each month's new plans went bad with time on book (vintage curves). Every figure is
 * derived from the plans' items and the dated allocations of their open items, so a past date
 * gets the answer it would have got on that day.
 */

export const delinquencyBuckets = ["current", "1-30", "31-60", "61-90", "90+"] as const;
export type DelinquencyBucket = (typeof delinquencyBuckets)[number];
/** Where a plan that was in a bucket can be a month later: a bucket, or no longer running. */
export const rollTargets = [...delinquencyBuckets, "closed"] as const;
export type RollTarget = (typeof rollTargets)[number];

/** Month-end to month-end transitions counted by the roll rates. */
export const rollRateMonths = 12;
/**
 * A vintage curve counts a plan once one of its items has been more than 30 days past due (the
 * 31–60 bucket or worse) — the usual "30+ days past due" mark of consumer-credit vintages.
 */
export const vintageDelinquentDaysMin = 31;
/** Start months shown by the vintage curves, the most recent ones. */
export const vintageMonthsMax = 36;
/** Decimals of the shares and rates (as decimal strings). */
export const ratioDecimals = 4;

export interface PortfolioAllocation {
  readonly date: string;
  /** Applied + discount + write-off: what it settled of the item. */
  readonly settledMinor: bigint;
  readonly reversedOn: string | null;
}

export interface PortfolioItem {
  readonly seq: number;
  /** The schedule version that wrote the item. */
  readonly version: number;
  readonly status: string;
  readonly dueDate: string;
  readonly principalMinor: bigint;
  readonly totalMinor: bigint;
  /** The open item it became when billed, with its dated allocations; null while scheduled. */
  readonly billed: {
    readonly documentDate: string;
    readonly originalMinor: bigint;
    readonly allocations: ReadonlyArray<PortfolioAllocation>;
  } | null;
}

export interface PortfolioPlan {
  readonly planId: string;
  readonly number: string;
  readonly customerId: string;
  /** The accounting mode: financed-sale or installment-credit. */
  readonly product: string;
  /** The schedule method: equal-installment, equal-principal, … */
  readonly method: string;
  readonly contractDate: string;
  readonly activatedOn: string | null;
  readonly closedOn: string | null;
  readonly originalPrincipalMinor: bigint;
  /** The day each schedule version took effect, by version number. */
  readonly versionDates: ReadonlyMap<number, string>;
  readonly items: ReadonlyArray<PortfolioItem>;
}

export type PlanStanding =
  | { readonly state: "not-started" | "closed" }
  | {
      readonly state: "running";
      readonly outstandingPrincipalMinor: bigint;
      readonly unpaidMinor: bigint;
      /** Days past due of the oldest unpaid billed item (0: none past due). */
      readonly daysPastDue: number;
      readonly bucket: DelinquencyBucket;
    };

export function bucketOfDays(daysPastDue: number): DelinquencyBucket {
  if (daysPastDue <= 0) return "current";
  if (daysPastDue <= 30) return "1-30";
  if (daysPastDue <= 60) return "31-60";
  if (daysPastDue <= 90) return "61-90";
  return "90+";
}

/** What was open of a billed item at the end of `date`. */
function openAt(billed: NonNullable<PortfolioItem["billed"]>, date: string): bigint {
  let open = billed.originalMinor;
  for (const allocation of billed.allocations) {
    if (allocation.date > date) continue;
    if (allocation.reversedOn !== null && allocation.reversedOn <= date) continue;
    open -= allocation.settledMinor;
  }
  return open;
}

/**
 * Whether an item was part of the plan's schedule on `date`: written by a version in effect by
 * then, and — an item a plan change cancelled, or settled without billing it (a prepayment) — not
 * yet replaced by the next version.
 */
function itemInForce(plan: PortfolioPlan, item: PortfolioItem, date: string): boolean {
  const from = plan.versionDates.get(item.version) ?? plan.contractDate;
  if (from > date) return false;
  const replaced = item.status === "cancelled" || (item.billed === null && item.status !== "scheduled");
  if (!replaced) return true;
  const until = plan.versionDates.get(item.version + 1);
  return until === undefined || until > date;
}

/**
 * A plan's standing at the end of `date`. Outstanding principal: the principal of items not yet
 * billed, and of billed items the share still open (payments settle an item's principal,
 * interest and fee pro rata).
 */
export function planStandingAt(plan: PortfolioPlan, date: string): PlanStanding {
  if (plan.activatedOn === null || plan.activatedOn > date) return { state: "not-started" };
  if (plan.closedOn !== null && plan.closedOn <= date) return { state: "closed" };
  let outstandingPrincipalMinor = 0n;
  let unpaidMinor = 0n;
  let daysPastDue = 0;
  for (const item of plan.items) {
    if (!itemInForce(plan, item, date)) continue;
    if (item.billed === null || item.billed.documentDate > date) {
      outstandingPrincipalMinor += item.principalMinor;
      unpaidMinor += item.totalMinor;
      continue;
    }
    const open = openAt(item.billed, date);
    if (open <= 0n) continue;
    unpaidMinor += open;
    if (item.totalMinor > 0n) outstandingPrincipalMinor += (item.principalMinor * open) / item.totalMinor;
    if (item.dueDate < date) daysPastDue = Math.max(daysPastDue, daysFrom(item.dueDate, date));
  }
  if (unpaidMinor <= 0n) return { state: "closed" };
  return {
    state: "running",
    outstandingPrincipalMinor,
    unpaidMinor,
    daysPastDue,
    bucket: bucketOfDays(daysPastDue),
  };
}

/** numerator / denominator as a decimal string with `ratioDecimals` places, half up; null for 0/0. */
export function ratioText(numerator: bigint, denominator: bigint): string | null {
  assert(numerator >= 0n && denominator >= 0n, "ratios of counts and amounts are not negative");
  if (denominator === 0n) return null;
  const scale = 10n ** BigInt(ratioDecimals);
  const scaled = (numerator * scale * 2n + denominator) / (denominator * 2n);
  const whole = scaled / scale;
  const fraction = String(scaled % scale).padStart(ratioDecimals, "0");
  return `${whole}.${fraction}`;
}

export interface PortfolioSummary {
  readonly asOf: string;
  readonly runningCount: number;
  readonly outstandingPrincipalMinor: bigint;
  readonly unpaidMinor: bigint;
  readonly byProduct: ReadonlyArray<{
    readonly product: string;
    readonly method: string;
    readonly count: number;
    readonly outstandingPrincipalMinor: bigint;
  }>;
  readonly buckets: ReadonlyArray<{
    readonly bucket: DelinquencyBucket;
    readonly count: number;
    readonly outstandingPrincipalMinor: bigint;
    readonly unpaidMinor: bigint;
  }>;
}

export function portfolioSummary(plans: ReadonlyArray<PortfolioPlan>, asOf: string): PortfolioSummary {
  const products = new Map<string, { product: string; method: string; count: number; principal: bigint }>();
  const buckets = new Map(
    delinquencyBuckets.map((bucket) => [bucket, { count: 0, principal: 0n, unpaid: 0n }]),
  );
  let runningCount = 0;
  let outstandingPrincipalMinor = 0n;
  let unpaidMinor = 0n;
  for (const plan of plans) {
    const standing = planStandingAt(plan, asOf);
    if (standing.state !== "running") continue;
    runningCount += 1;
    outstandingPrincipalMinor += standing.outstandingPrincipalMinor;
    unpaidMinor += standing.unpaidMinor;
    const key = `${plan.product}|${plan.method}`;
    const product = products.get(key) ?? {
      product: plan.product,
      method: plan.method,
      count: 0,
      principal: 0n,
    };
    product.count += 1;
    product.principal += standing.outstandingPrincipalMinor;
    products.set(key, product);
    const bucket = buckets.get(standing.bucket);
    assert(bucket !== undefined, "every bucket is counted");
    bucket.count += 1;
    bucket.principal += standing.outstandingPrincipalMinor;
    bucket.unpaid += standing.unpaidMinor;
  }
  return {
    asOf,
    runningCount,
    outstandingPrincipalMinor,
    unpaidMinor,
    byProduct: [...products.values()]
      .sort((a, b) =>
        a.product === b.product ? a.method.localeCompare(b.method) : a.product.localeCompare(b.product),
      )
      .map((p) => ({
        product: p.product,
        method: p.method,
        count: p.count,
        outstandingPrincipalMinor: p.principal,
      })),
    buckets: delinquencyBuckets.map((bucket) => {
      const entry = buckets.get(bucket) ?? { count: 0, principal: 0n, unpaid: 0n };
      return {
        bucket,
        count: entry.count,
        outstandingPrincipalMinor: entry.principal,
        unpaidMinor: entry.unpaid,
      };
    }),
  };
}

/** The month ends of the roll rates: the last `rollRateMonths` + 1 ends on or before `asOf`, oldest first. */
export function rollMonthEnds(asOf: string): string[] {
  const last = monthEndOf(asOf) === asOf ? asOf : plusDays(`${asOf.slice(0, 7)}-01`, -1);
  const lastMonth = last.slice(0, 7);
  return Array.from({ length: rollRateMonths + 1 }, (_, index) =>
    monthEndOf(`${plusMonths(lastMonth, index - rollRateMonths)}-01`),
  );
}

export interface RollRates {
  readonly monthEnds: ReadonlyArray<string>;
  /** One row per bucket a plan was in at a month end: where it was at the next month end. */
  readonly rows: ReadonlyArray<{
    readonly from: DelinquencyBucket;
    /** Plan-months that started in the bucket. */
    readonly count: number;
    readonly to: ReadonlyArray<{
      readonly to: RollTarget;
      readonly count: number;
      readonly rate: string | null;
    }>;
  }>;
}

/**
 * Roll rates by count: of the plans in a bucket at one month end, the share in each bucket (or
 * closed) at the next, summed over the last twelve transitions.
 */
export function rollRates(plans: ReadonlyArray<PortfolioPlan>, asOf: string): RollRates {
  const monthEnds = rollMonthEnds(asOf);
  const counts = new Map<string, number>();
  const fromCounts = new Map<string, number>();
  for (const plan of plans) {
    let previous: PlanStanding | null = null;
    for (const monthEnd of monthEnds) {
      const standing = planStandingAt(plan, monthEnd);
      if (previous !== null && previous.state === "running") {
        const to: RollTarget = standing.state === "running" ? standing.bucket : "closed";
        const key = `${previous.bucket}|${to}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
        fromCounts.set(previous.bucket, (fromCounts.get(previous.bucket) ?? 0) + 1);
      }
      previous = standing;
    }
  }
  return {
    monthEnds,
    rows: delinquencyBuckets.map((from) => {
      const count = fromCounts.get(from) ?? 0;
      return {
        from,
        count,
        to: rollTargets.map((to) => {
          const n = counts.get(`${from}|${to}`) ?? 0;
          return { to, count: n, rate: ratioText(BigInt(n), BigInt(count)) };
        }),
      };
    }),
  };
}

/** The first day a plan's item was more than 30 days past due and still unpaid, or null. */
export function firstDelinquentDate(plan: PortfolioPlan): string | null {
  let first: string | null = null;
  for (const item of plan.items) {
    if (item.billed === null) continue;
    const mark = plusDays(item.dueDate, vintageDelinquentDaysMin);
    if (first !== null && mark >= first) continue;
    if (plan.closedOn !== null && plan.closedOn <= mark) continue;
    if (!itemInForce(plan, item, mark) || item.billed.documentDate > mark) continue;
    if (openAt(item.billed, mark) > 0n) first = mark;
  }
  return first;
}

export interface Vintage {
  /** The start month (`YYYY-MM`) of the plans: their contract date. */
  readonly month: string;
  readonly planCount: number;
  readonly originalPrincipalMinor: bigint;
  /** By month on book (0: the start month), as of each month's end up to `asOf`. */
  readonly curve: ReadonlyArray<{
    readonly monthOnBook: number;
    readonly monthEnd: string;
    readonly delinquentPrincipalMinor: bigint;
    readonly share: string | null;
  }>;
}

/**
 * Vintage curves: plans grouped by start month; for each month on book, the cumulative share of
 * the vintage's original principal in plans that had been more than 30 days past due by that
 * month's end. Only completed month ends count, and only the last `vintageMonthsMax` start months.
 */
export function vintageCurves(plans: ReadonlyArray<PortfolioPlan>, asOf: string): Vintage[] {
  const lastEnd = rollMonthEnds(asOf).at(-1) ?? asOf;
  const lastMonth = lastEnd.slice(0, 7);
  const firstMonth = plusMonths(lastMonth, -(vintageMonthsMax - 1));
  const groups = new Map<
    string,
    { principal: bigint; count: number; marks: { principal: bigint; date: string | null }[] }
  >();
  for (const plan of plans) {
    if (plan.activatedOn === null || plan.activatedOn > lastEnd) continue;
    const month = plan.contractDate.slice(0, 7);
    if (month < firstMonth || month > lastMonth) continue;
    const group = groups.get(month) ?? { principal: 0n, count: 0, marks: [] };
    group.principal += plan.originalPrincipalMinor;
    group.count += 1;
    group.marks.push({ principal: plan.originalPrincipalMinor, date: firstDelinquentDate(plan) });
    groups.set(month, group);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([month, group]) => {
      const months = monthsFrom(month, lastMonth);
      const curve = Array.from({ length: months + 1 }, (_, monthOnBook) => {
        const monthEnd = monthEndOf(`${plusMonths(month, monthOnBook)}-01`);
        let delinquent = 0n;
        for (const mark of group.marks) {
          if (mark.date !== null && mark.date <= monthEnd) delinquent += mark.principal;
        }
        return {
          monthOnBook,
          monthEnd,
          delinquentPrincipalMinor: delinquent,
          share: ratioText(delinquent, group.principal),
        };
      });
      return { month, planCount: group.count, originalPrincipalMinor: group.principal, curve };
    });
}
