import { compareDates, daysBetween, parseBusinessDate } from "../../core/dates.ts";
import { compare, type Decimal, decimal, negate, subtract } from "../../core/decimal.ts";
import { AppError } from "../../core/errors.ts";

/**
 * One receivable of the customer: due on `dueOn`, settled on `paidOn` (null while open). A
 * partly paid invoice is given as several items, one per settled part and one for the rest.
 */
export interface PaymentHistoryItem {
  readonly dueOn: string;
  readonly paidOn: string | null;
  readonly amountMinor: bigint;
}

export const paymentTrends = ["improving", "stable", "worsening"] as const;
export type PaymentTrend = (typeof paymentTrends)[number];

export interface PaymentHistory {
  readonly itemCount: number;
  /**
   * Amount-weighted days late over the observed items: settled items (days from due to paid,
   * early counting 0) and open items already past due (days as of today). Null when none is observed.
   */
  readonly averageDaysLate: Decimal | null;
  /** Share of the observed amount that was, or is, late. */
  readonly shareLate: Decimal | null;
  /** Most days late of any item: settled ones at settlement, open ones as of today. 0 if none. */
  readonly maxDaysPastDue: number;
  readonly trend: PaymentTrend | null;
}

/** Items per history; some years of invoices of one customer, far beyond any real one. */
export const paymentHistoryItemsMax = 100_000;
/** A trend needs at least this many observed items, half of them in each half. */
export const trendItemsMin = 4;
/**
 * The recent half must pay this many days later (or sooner) on average than the older half to
 * count as worsening (or improving). Five days separates a change of habit from the noise of
 * weekends, holidays and bank transfer delays.
 */
export const trendThresholdDays = 5;

interface Observation {
  readonly dueOn: string;
  readonly daysLate: number;
  readonly amountMinor: bigint;
  readonly index: number;
}

function invalid(path: string, code: string, message: string): AppError {
  return new AppError("VALIDATION_FAILED", { detail: message, issues: [{ path, code, message }] });
}

function weightedDaysLate(observations: ReadonlyArray<Observation>): Decimal | null {
  let amount = 0n;
  let weighted = 0n;
  for (const observation of observations) {
    amount += observation.amountMinor;
    weighted += BigInt(observation.daysLate) * observation.amountMinor;
  }
  return amount === 0n ? null : decimal(weighted, amount);
}

/**
 * How the customer pays us, as of `today`.
 *
 * Early payment counts as 0 days late, not negative, so paying one invoice early does not hide
 * paying another late. Open items not yet due say nothing yet and are left out of the averages.
 * The trend sorts the observed items by due date (stable) and compares the amount-weighted
 * average days late of the most recent half with the oldest half (the middle item of an odd
 * count belongs to neither): `trendThresholdDays` or more later is worsening, as much sooner is
 * improving; fewer than `trendItemsMin` observed items give no trend.
 */
export function paymentHistory(items: ReadonlyArray<PaymentHistoryItem>, today: string): PaymentHistory {
  if (items.length > paymentHistoryItemsMax) {
    throw invalid("items", "TOO_MANY", `at most ${paymentHistoryItemsMax} items`);
  }
  const asOf = parseBusinessDate(today);
  const observations: Observation[] = [];
  let maxDaysPastDue = 0;
  items.forEach((item, index) => {
    if (typeof item.amountMinor !== "bigint" || item.amountMinor < 0n) {
      throw invalid(`items.${index}.amountMinor`, "NEGATIVE", "amounts are non-negative minor units");
    }
    const due = parseBusinessDate(item.dueOn);
    const end = item.paidOn === null ? asOf : parseBusinessDate(item.paidOn);
    if (item.paidOn === null && compareDates(asOf, due) <= 0) return;
    const daysLate = Math.max(0, daysBetween(due, end));
    maxDaysPastDue = Math.max(maxDaysPastDue, daysLate);
    observations.push({ dueOn: item.dueOn, daysLate, amountMinor: item.amountMinor, index });
  });

  const averageDaysLate = weightedDaysLate(observations);
  let lateMinor = 0n;
  let totalMinor = 0n;
  for (const observation of observations) {
    totalMinor += observation.amountMinor;
    if (observation.daysLate > 0) lateMinor += observation.amountMinor;
  }
  const shareLate = totalMinor === 0n ? null : decimal(lateMinor, totalMinor);

  let trend: PaymentTrend | null = null;
  if (observations.length >= trendItemsMin) {
    // `YYYY-MM-DD` text sorts as the dates do; the index keeps equal due dates in input order.
    const sorted = [...observations].sort((a, b) =>
      a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : a.index - b.index,
    );
    const half = Math.floor(sorted.length / 2);
    const older = weightedDaysLate(sorted.slice(0, half));
    const recent = weightedDaysLate(sorted.slice(sorted.length - half));
    if (older !== null && recent !== null) {
      const change = subtract(recent, older);
      const threshold = decimal(trendThresholdDays);
      if (compare(change, threshold) >= 0) trend = "worsening";
      else if (compare(change, negate(threshold)) <= 0) trend = "improving";
      else trend = "stable";
    }
  }
  return { itemCount: items.length, averageDaysLate, shareLate, maxDaysPastDue, trend };
}
