import { assert } from "../../core/errors.ts";
import { dateOfDay, dayNumber } from "./day-numbers.ts";

/**
 * Payment-date prediction (issue 8, must-have 6). A customer's habit is the distribution of its
 * delays — days from an item's due date to the allocation that closed it — over its most recent
 * settled items, the recent ones weighing more. A thin history is blended with the habit of
 * customers of the same credit grade, and a grade's with the whole organization's, each level
 * counting as a number of "pseudo-items" (a Bayesian blend: the more items of its own a customer
 * has, the more its own habit counts). Everything here is pure; the history arrives as data.
 */

/** N: settled items of one customer's history that count, the most recent ones. */
export const historyItemsMax = 50;
/** K: the grade's habit counts as this many of the customer's own items. */
export const customerPriorItems = 5;
/** The organization's habit counts as this many of a grade's pooled items. */
export const gradePriorItems = 20;
/**
 * With no history at all the organization starts from this many pseudo-items, half paid on time
 * and half late, paid on the due date: the Laplace rule of succession for the late share.
 */
export const organizationPriorItems = 2;
/** An item settled this many days before the as-of date weighs half as much as one settled on it. */
export const recencyHalfLifeDays = 180;
/** Delays are kept within these days (paid a year early … three years late): outliers clamp. */
export const delayDaysMin = -365;
export const delayDaysMax = 1095;
/**
 * An overdue item older than anything the history saw paid: predicted this many days after the
 * as-of date (no evidence of when; a month is the collections cycle of a dunning level).
 */
export const unseenDelayFallbackDays = 30;

/** Below this probability mass a conditional distribution is treated as empty. */
const massEpsilon = 1e-12;

/** One item of the history: its customer, its due date, the date of the allocation that closed it. */
export interface SettledItem {
  readonly customerId: string;
  readonly dueDate: string;
  readonly settledOn: string;
}

/** A discrete distribution of delays in days: ascending points with cumulative sums. */
export interface DelayDistribution {
  readonly delaysDays: ReadonlyArray<number>;
  /** P(delay ≤ delaysDays[i]). The last is 1. */
  readonly cumulative: ReadonlyArray<number>;
  /** Σ p·delay over points up to i. */
  readonly cumulativeDelay: ReadonlyArray<number>;
}

/** Where a prediction's habit comes from. */
export type PredictionBasis = "customer" | "blend" | "grade" | "organization" | "none";

/**
 * A customer's predictive habit: a mixture of its own distribution and the levels above it, with
 * the smoothed probability of paying after the due date.
 */
export interface DelayProfile {
  readonly components: ReadonlyArray<{ readonly weight: number; readonly distribution: DelayDistribution }>;
  readonly lateProbability: number;
  /** Own settled items behind the profile (at most `historyItemsMax`). */
  readonly ownItemCount: number;
  readonly basis: PredictionBasis;
}

interface WeightedHistory {
  readonly count: number;
  readonly distribution: DelayDistribution | null;
  /** Recency-weighted share paid after the due date (0 when empty). */
  readonly lateShare: number;
}

function clampDelay(days: number): number {
  return Math.min(delayDaysMax, Math.max(delayDaysMin, days));
}

/** A distribution of weighted points (weights need not sum to 1). */
export function distributionOf(points: ReadonlyMap<number, number>): DelayDistribution {
  const delaysDays = [...points.keys()].sort((a, b) => a - b);
  let total = 0;
  for (const weight of points.values()) {
    assert(weight >= 0 && Number.isFinite(weight), "delay weights are finite and not negative");
    total += weight;
  }
  assert(total > 0, "a delay distribution needs weight");
  const cumulative: number[] = [];
  const cumulativeDelay: number[] = [];
  let mass = 0;
  let delaySum = 0;
  for (const delay of delaysDays) {
    const p = (points.get(delay) ?? 0) / total;
    mass += p;
    delaySum += p * delay;
    cumulative.push(mass);
    cumulativeDelay.push(delaySum);
  }
  cumulative[cumulative.length - 1] = 1;
  return { delaysDays, cumulative, cumulativeDelay };
}

/** Index of the last point ≤ x, or −1. */
function lastAtOrBelow(distribution: DelayDistribution, x: number): number {
  const delays = distribution.delaysDays;
  let low = 0;
  let high = delays.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if ((delays[middle] ?? 0) <= x) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found;
}

/** P(delay ≤ x). */
export function cumulativeAt(profile: DelayProfile, x: number): number {
  let sum = 0;
  for (const { weight, distribution } of profile.components) {
    const index = lastAtOrBelow(distribution, x);
    if (index >= 0) sum += weight * (distribution.cumulative[index] ?? 0);
  }
  return sum;
}

/** Σ p·delay over delays ≤ x (x = +∞: the mean). */
function partialMeanAt(profile: DelayProfile, x: number): number {
  let sum = 0;
  for (const { weight, distribution } of profile.components) {
    const index =
      x === Number.POSITIVE_INFINITY ? distribution.delaysDays.length - 1 : lastAtOrBelow(distribution, x);
    if (index >= 0) sum += weight * (distribution.cumulativeDelay[index] ?? 0);
  }
  return sum;
}

function weightedHistory(items: ReadonlyArray<SettledItem>, asOfDay: number): WeightedHistory {
  if (items.length === 0) return { count: 0, distribution: null, lateShare: 0 };
  const points = new Map<number, number>();
  let total = 0;
  let late = 0;
  for (const item of items) {
    const settledDay = dayNumber(item.settledOn);
    const delay = clampDelay(settledDay - dayNumber(item.dueDate));
    const weight = 0.5 ** (Math.max(0, asOfDay - settledDay) / recencyHalfLifeDays);
    points.set(delay, (points.get(delay) ?? 0) + weight);
    total += weight;
    if (delay > 0) late += weight;
  }
  return { count: items.length, distribution: distributionOf(points), lateShare: late / total };
}

/** `own` items of own habit blended with `prior` counting as `priorItems` items. */
function blend(
  own: WeightedHistory,
  prior: Omit<DelayProfile, "basis" | "ownItemCount">,
  priorItems: number,
): Omit<DelayProfile, "basis" | "ownItemCount"> {
  if (own.distribution === null) return prior;
  const ownWeight = own.count / (own.count + priorItems);
  return {
    components: [
      { weight: ownWeight, distribution: own.distribution },
      ...prior.components.map((c) => ({ weight: c.weight * (1 - ownWeight), distribution: c.distribution })),
    ],
    lateProbability: ownWeight * own.lateShare + (1 - ownWeight) * prior.lateProbability,
  };
}

/** The habits of every customer, built once per as-of date. */
export interface DelayModel {
  profileOf(customerId: string): DelayProfile;
}

/**
 * The model as of `asOf` from the settled items (only those settled on or before `asOf` count)
 * and each customer's credit grade (null: none).
 */
export function delayModel(
  settled: ReadonlyArray<SettledItem>,
  gradeOf: ReadonlyMap<string, string | null>,
  asOf: string,
): DelayModel {
  const asOfDay = dayNumber(asOf);
  const byCustomer = new Map<string, SettledItem[]>();
  for (const item of settled) {
    if (item.settledOn > asOf) continue;
    const list = byCustomer.get(item.customerId) ?? [];
    list.push(item);
    byCustomer.set(item.customerId, list);
  }
  const own = new Map<string, WeightedHistory>();
  const byGrade = new Map<string, SettledItem[]>();
  const everyone: SettledItem[] = [];
  for (const [customerId, list] of byCustomer) {
    list.sort((a, b) => (a.settledOn > b.settledOn ? -1 : a.settledOn < b.settledOn ? 1 : 0));
    const recent = list.slice(0, historyItemsMax);
    own.set(customerId, weightedHistory(recent, asOfDay));
    everyone.push(...recent);
    const grade = gradeOf.get(customerId) ?? null;
    if (grade !== null) {
      const pooled = byGrade.get(grade) ?? [];
      pooled.push(...recent);
      byGrade.set(grade, pooled);
    }
  }
  const base = {
    components: [{ weight: 1, distribution: distributionOf(new Map([[0, 1]])) }],
    lateProbability: 0.5,
  };
  const organizationHistory = weightedHistory(everyone, asOfDay);
  const organization = blend(organizationHistory, base, organizationPriorItems);
  const grades = new Map<string, { readonly count: number; readonly profile: typeof organization }>();
  for (const [grade, items] of byGrade) {
    const history = weightedHistory(items, asOfDay);
    grades.set(grade, { count: history.count, profile: blend(history, organization, gradePriorItems) });
  }
  const empty: WeightedHistory = { count: 0, distribution: null, lateShare: 0 };
  const cache = new Map<string, DelayProfile>();
  return {
    profileOf(customerId: string): DelayProfile {
      const cached = cache.get(customerId);
      if (cached !== undefined) return cached;
      const history = own.get(customerId) ?? empty;
      const grade = grades.get(gradeOf.get(customerId) ?? "");
      const prior = grade?.profile ?? organization;
      const mixed = blend(history, prior, customerPriorItems);
      const basis: PredictionBasis =
        history.count >= customerPriorItems
          ? "customer"
          : history.count > 0
            ? "blend"
            : grade !== undefined
              ? "grade"
              : organizationHistory.count > 0
                ? "organization"
                : "none";
      const profile: DelayProfile = { ...mixed, ownItemCount: history.count, basis };
      cache.set(customerId, profile);
      return profile;
    },
  };
}

export interface PaymentPrediction {
  readonly predictedDate: string;
  /** predictedDate − dueDate. */
  readonly expectedDaysLate: number;
  /** 1 for an item already past due on the as-of date. */
  readonly lateProbability: number;
}

/**
 * The predicted payment date of an item still open at the end of `asOf`: the mean of the habit's
 * delays, conditioned on the item not having been paid yet (delay ≥ asOf − dueDate: an item 40
 * days overdue is paid 40 days late or more). Never before `asOf`.
 */
export function predictPayment(profile: DelayProfile, dueDate: string, asOf: string): PaymentPrediction {
  const dueDay = dayNumber(dueDate);
  const asOfDay = dayNumber(asOf);
  const elapsed = asOfDay - dueDay;
  const tail = 1 - cumulativeAt(profile, elapsed - 1);
  let predictedDay: number;
  if (tail < massEpsilon) {
    predictedDay = asOfDay + unseenDelayFallbackDays;
  } else {
    const mean =
      (partialMeanAt(profile, Number.POSITIVE_INFINITY) - partialMeanAt(profile, elapsed - 1)) / tail;
    predictedDay = Math.max(asOfDay, dueDay + Math.round(mean));
  }
  return {
    predictedDate: dateOfDay(predictedDay),
    expectedDaysLate: predictedDay - dueDay,
    lateProbability: elapsed > 0 ? 1 : profile.lateProbability,
  };
}

/**
 * The probability that an item still open at the end of `asOf` is paid within each period
 * (inclusive date ranges, ascending, not overlapping), and after the last one (`beyond`): the
 * habit's delays conditioned as in `predictPayment`. The shares sum to 1.
 */
export function paymentShares(
  profile: DelayProfile,
  dueDate: string,
  asOf: string,
  periods: ReadonlyArray<{ readonly fromDay: number; readonly toDay: number }>,
): { readonly shares: number[]; readonly beyond: number } {
  const dueDay = dayNumber(dueDate);
  const asOfDay = dayNumber(asOf);
  const elapsed = asOfDay - dueDay;
  const below = cumulativeAt(profile, elapsed - 1);
  const tail = 1 - below;
  if (tail < massEpsilon) {
    const day = asOfDay + unseenDelayFallbackDays;
    const shares: number[] = periods.map((period) => (day >= period.fromDay && day <= period.toDay ? 1 : 0));
    const placed = shares.reduce((sum, share) => sum + share, 0);
    return { shares, beyond: 1 - placed };
  }
  const shares: number[] = [];
  let placed = 0;
  for (const period of periods) {
    const from = Math.max(period.fromDay - dueDay, elapsed);
    const to = period.toDay - dueDay;
    const share =
      to < from ? 0 : Math.max(0, cumulativeAt(profile, to) - cumulativeAt(profile, from - 1)) / tail;
    shares.push(share);
    placed += share;
  }
  return { shares, beyond: Math.max(0, 1 - placed) };
}
