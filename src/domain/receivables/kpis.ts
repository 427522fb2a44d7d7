import {
  add as addDecimal,
  type Decimal,
  decimal,
  divide,
  multiply,
  subtract,
  toFixedString,
} from "../../core/decimal.ts";
import type { RoundingMode } from "../../core/rounding.ts";
import { collectionEffectivenessIndex } from "../collections/index.ts";

/**
 * Receivables KPIs as pure, exact arithmetic over amounts in minor units. Every figure is an exact
 * `Decimal` (or null when its denominator is not positive) and becomes text once, at the edge,
 * through `kpiDaysText` / `kpiRatioText` with the named rounding below.
 *
 * Definitions (docs/reports.md has them with their sources):
 * - DSO, countback: the balance at the period end, less each month's credit sales going back
 *   (newest first) until it is used up; the days of each fully used month plus the used fraction
 *   of the last one.
 * - DSO, average: receivables ÷ credit sales of the period × days in the period.
 * - Best possible DSO: current (not yet due) receivables ÷ credit sales × days — the DSO if every
 *   customer paid on time; it follows the average method so the two can be subtracted.
 * - Average days delinquent: DSO (average) − best possible DSO.
 * - CEI: `collectionEffectivenessIndex` of the collections context, as a fraction.
 * - Receivables turnover: credit sales ÷ average receivables ((beginning + ending) / 2);
 *   turnover days: days in the period ÷ turnover.
 * - Overdue ratio: overdue ÷ outstanding.
 * - Concentration: the top customers' share of what is owed, and the Herfindahl–Hirschman index.
 */

/** Days (DSO, ADD, turnover days) are shown with one decimal: "45.3". */
export const kpiDaysFractionDigits = 1;
/** Ratios are decimal fractions with four decimals: "0.1234" is 12.34 %. */
export const kpiRatioFractionDigits = 4;
/** The HHI (0–10,000) and the turnover (times) carry two decimals. */
export const kpiIndexFractionDigits = 2;
/** 四舍五入: KPIs are management figures; nothing is booked from them. */
export const kpiRounding: RoundingMode = "half-up";
/** The top-customer counts whose share of the outstanding is reported. */
export const concentrationTopCounts: ReadonlyArray<number> = [5, 10];

/** A stretch of days and the credit sales documented in it (a calendar month, or part of one). */
export interface SalesSegment {
  readonly days: number;
  readonly creditSalesMinor: bigint;
}

export interface Countback {
  readonly days: Decimal;
  /**
   * False when the segments ran out before the balance was used up: `days` is then a lower
   * bound (the balance is older than the history given).
   */
  readonly complete: boolean;
}

/**
 * DSO by the countback method. `segments` run newest first: the period-end month (to date) and
 * then each month before it. A segment without sales is used up whole (the balance is older).
 */
export function dsoCountback(receivablesMinor: bigint, segments: ReadonlyArray<SalesSegment>): Countback {
  let remaining = receivablesMinor;
  let days = decimal(0);
  if (remaining <= 0n) return { days, complete: true };
  for (const segment of segments) {
    if (segment.creditSalesMinor >= remaining) {
      const fraction = decimal(remaining, segment.creditSalesMinor);
      return { days: addDecimal(days, multiply(decimal(segment.days), fraction)), complete: true };
    }
    if (segment.creditSalesMinor > 0n) remaining -= segment.creditSalesMinor;
    days = addDecimal(days, decimal(segment.days));
  }
  return { days, complete: false };
}

/** `part / whole × days`; null unless the whole is positive. */
function daysShare(partMinor: bigint, wholeMinor: bigint, days: number): Decimal | null {
  if (wholeMinor <= 0n) return null;
  return decimal(partMinor * BigInt(days), wholeMinor);
}

/** DSO, average method: receivables ÷ credit sales of the period × days in the period. */
export function dsoAverage(input: {
  readonly receivablesMinor: bigint;
  readonly creditSalesMinor: bigint;
  readonly days: number;
}): Decimal | null {
  return daysShare(input.receivablesMinor, input.creditSalesMinor, input.days);
}

/** Best possible DSO: current (not yet due) receivables ÷ credit sales × days. */
export function bestPossibleDso(input: {
  readonly currentMinor: bigint;
  readonly creditSalesMinor: bigint;
  readonly days: number;
}): Decimal | null {
  return daysShare(input.currentMinor, input.creditSalesMinor, input.days);
}

/** Average days delinquent: DSO − best possible DSO (both by the average method, same period). */
export function averageDaysDelinquent(dso: Decimal | null, best: Decimal | null): Decimal | null {
  if (dso === null || best === null) return null;
  return subtract(dso, best);
}

/**
 * The collection effectiveness index as a fraction ("0.9530" is 95.3 %). The index itself is the
 * collections context's (`collectionEffectivenessIndex`, a percentage to one decimal), so the
 * KPI page and the collections effectiveness page can never disagree.
 */
export function collectionEffectiveness(input: {
  readonly beginningMinor: bigint;
  readonly creditSalesMinor: bigint;
  readonly endingTotalMinor: bigint;
  readonly endingCurrentMinor: bigint;
}): Decimal | null {
  const percent = collectionEffectivenessIndex(input);
  if (percent === null) return null;
  // The index is a whole number of tenths of a percent, so this is exact.
  return decimal(Math.round(percent * 10), 1000);
}

/** Receivables turnover: credit sales ÷ ((beginning + ending receivables) / 2). */
export function receivablesTurnover(input: {
  readonly creditSalesMinor: bigint;
  readonly beginningMinor: bigint;
  readonly endingMinor: bigint;
}): Decimal | null {
  const twiceAverage = input.beginningMinor + input.endingMinor;
  if (twiceAverage <= 0n) return null;
  return decimal(input.creditSalesMinor * 2n, twiceAverage);
}

/** Turnover days: the days of the period ÷ the turnover; null when nothing turned over. */
export function turnoverDays(turnover: Decimal | null, days: number): Decimal | null {
  if (turnover === null || turnover.numerator <= 0n) return null;
  return divide(decimal(days), turnover);
}

/** Overdue ÷ outstanding; null unless something is outstanding. */
export function overdueRatio(overdueMinor: bigint, outstandingMinor: bigint): Decimal | null {
  if (outstandingMinor <= 0n) return null;
  return decimal(overdueMinor, outstandingMinor);
}

/**
 * How the HHI reads, with the thresholds of the U.S. DOJ/FTC Horizontal Merger Guidelines (2010),
 * §5.3: below 1,500 unconcentrated, 1,500 to 2,500 moderately concentrated, above 2,500 highly
 * concentrated. Applied here to customers' shares of the receivables instead of firms' shares of
 * a market: the higher, the more the book depends on a few customers.
 */
export type ConcentrationReading = "unconcentrated" | "moderate" | "high";

export function hhiReading(hhi: Decimal): ConcentrationReading {
  if (hhi.numerator < 1500n * hhi.denominator) return "unconcentrated";
  if (hhi.numerator <= 2500n * hhi.denominator) return "moderate";
  return "high";
}

export interface ConcentrationTop {
  readonly count: number;
  readonly amountMinor: bigint;
  readonly share: Decimal | null;
}

export interface Concentration<K> {
  /** What the customers with a positive balance owe; credit balances are no exposure. */
  readonly totalMinor: bigint;
  readonly customers: number;
  /** The customers with a positive balance, largest first (ties by key). */
  readonly ranked: ReadonlyArray<{ readonly key: K; readonly amountMinor: bigint; readonly share: Decimal }>;
  readonly top: ReadonlyArray<ConcentrationTop>;
  /** Σ (share × 100)², 0–10,000; null when nothing is owed. */
  readonly hhi: Decimal | null;
  readonly reading: ConcentrationReading | null;
}

/** The concentration of the balances owed by customer. */
export function concentrationOf<K extends string>(
  balances: ReadonlyArray<{ readonly key: K; readonly amountMinor: bigint }>,
  topCounts: ReadonlyArray<number> = concentrationTopCounts,
): Concentration<K> {
  const owing = balances.filter((balance) => balance.amountMinor > 0n);
  const sorted = [...owing].sort((a, b) =>
    a.amountMinor === b.amountMinor ? (a.key < b.key ? -1 : 1) : a.amountMinor > b.amountMinor ? -1 : 1,
  );
  const totalMinor = sorted.reduce((sum, one) => sum + one.amountMinor, 0n);
  if (totalMinor === 0n) {
    return {
      totalMinor,
      customers: 0,
      ranked: [],
      top: topCounts.map((count) => ({ count, amountMinor: 0n, share: null })),
      hhi: null,
      reading: null,
    };
  }
  const top = topCounts.map((count) => {
    const amountMinor = sorted.slice(0, count).reduce((sum, one) => sum + one.amountMinor, 0n);
    return { count, amountMinor, share: decimal(amountMinor, totalMinor) };
  });
  const squares = sorted.reduce((sum, one) => sum + one.amountMinor * one.amountMinor, 0n);
  const hhi = decimal(squares * 10_000n, totalMinor * totalMinor);
  return {
    totalMinor,
    customers: sorted.length,
    ranked: sorted.map((one) => ({ ...one, share: decimal(one.amountMinor, totalMinor) })),
    top,
    hhi,
    reading: hhiReading(hhi),
  };
}

export interface StructureRow<K> {
  readonly key: K;
  readonly customers: number;
  readonly outstandingMinor: bigint;
  readonly overdueMinor: bigint;
  /** This group's share of the total outstanding; null when the total is not positive. */
  readonly share: Decimal | null;
  readonly overdueRatio: Decimal | null;
}

/**
 * The outstanding and overdue grouped by a key (grade, industry, owner), largest outstanding
 * first; the groups sum to the totals, which are returned with them.
 */
export function structureBy<K extends string>(
  rows: ReadonlyArray<{ readonly key: K; readonly outstandingMinor: bigint; readonly overdueMinor: bigint }>,
): {
  readonly groups: ReadonlyArray<StructureRow<K>>;
  readonly outstandingMinor: bigint;
  readonly overdueMinor: bigint;
} {
  const groups = new Map<K, { customers: number; outstandingMinor: bigint; overdueMinor: bigint }>();
  let outstandingMinor = 0n;
  let overdueMinor = 0n;
  for (const row of rows) {
    const group = groups.get(row.key) ?? { customers: 0, outstandingMinor: 0n, overdueMinor: 0n };
    group.customers += 1;
    group.outstandingMinor += row.outstandingMinor;
    group.overdueMinor += row.overdueMinor;
    groups.set(row.key, group);
    outstandingMinor += row.outstandingMinor;
    overdueMinor += row.overdueMinor;
  }
  const list = [...groups].map(([key, group]) => ({
    key,
    ...group,
    share: outstandingMinor > 0n ? decimal(group.outstandingMinor, outstandingMinor) : null,
    overdueRatio: overdueRatio(group.overdueMinor, group.outstandingMinor),
  }));
  list.sort((a, b) =>
    a.outstandingMinor === b.outstandingMinor
      ? a.key < b.key
        ? -1
        : 1
      : a.outstandingMinor > b.outstandingMinor
        ? -1
        : 1,
  );
  return { groups: list, outstandingMinor, overdueMinor };
}

/** Days as text with one decimal ("73.7"); null stays null. */
export function kpiDaysText(days: Decimal | null): string | null {
  return days === null ? null : toFixedString(days, kpiDaysFractionDigits, kpiRounding);
}

/** A ratio as a decimal fraction with four decimals ("0.2500"); null stays null. */
export function kpiRatioText(ratio: Decimal | null): string | null {
  return ratio === null ? null : toFixedString(ratio, kpiRatioFractionDigits, kpiRounding);
}

/** An index or a multiple with two decimals ("2187.50", "4.06"); null stays null. */
export function kpiIndexText(value: Decimal | null): string | null {
  return value === null ? null : toFixedString(value, kpiIndexFractionDigits, kpiRounding);
}
