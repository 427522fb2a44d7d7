import { assert } from "../../core/errors.ts";
import { allocate } from "../../core/money.ts";
import { dateOfDay, dayNumber, mondayOf } from "./day-numbers.ts";
import { type DelayModel, paymentShares } from "./payment-delay.ts";

/**
 * The cash forecast: expected collections by week. Each open item's amount is spread over the
 * weeks by its customer's habit (the probability of being paid in each week, conditioned on its
 * being unpaid at the as-of date), not put whole into its predicted week: a forecast of many
 * items is then the sum of their expectations, which is what a treasurer plans with. Amounts stay
 * exact: each spread is an integer apportionment (largest remainder), so the weeks, what comes
 * later and what is not expected add up to the open total to the minor unit.
 */

export const forecastWeeksDefault = 13;
export const forecastWeeksMax = 26;
/** An item more than this many days past due is not expected to be collected. */
export const notExpectedOverdueDaysMin = 366;
/** Probabilities become integer weights at this scale for the apportionment. */
const shareScale = 1_000_000_000;

/**
 * Why an amount is where it is: `expected` in the weeks or later; `disputed` (an open dispute on
 * the item); `litigation` (the customer is being sued: collection follows the court, not the
 * habit); `stale` (more than a year past due).
 */
export type ForecastCategory = "expected" | "disputed" | "litigation" | "stale";

export interface ForecastItem {
  readonly customerId: string;
  readonly dueDate: string;
  /** What is open of it, positive (credits are not collections). */
  readonly amountMinor: bigint;
  readonly disputed: boolean;
  readonly litigation: boolean;
}

export interface ForecastPeriod {
  readonly from: string;
  readonly to: string;
}

export interface ForecastWeek extends ForecastPeriod {
  /** 1-based. Week 1 is the week (Monday to Sunday) of the as-of date. */
  readonly week: number;
  readonly expectedMinor: bigint;
}

export interface CashForecast {
  readonly asOf: string;
  readonly weeks: ReadonlyArray<ForecastWeek>;
  /** Expected after the last week. */
  readonly laterMinor: bigint;
  readonly disputedMinor: bigint;
  /** Litigation and items more than a year past due. */
  readonly notExpectedMinor: bigint;
  /** Every item's amount: weeks + later + disputed + not expected. */
  readonly openTotalMinor: bigint;
  readonly itemCount: number;
}

export function categoryOf(item: ForecastItem, asOf: string): ForecastCategory {
  if (item.litigation) return "litigation";
  if (item.disputed) return "disputed";
  if (dayNumber(asOf) - dayNumber(item.dueDate) >= notExpectedOverdueDaysMin) return "stale";
  return "expected";
}

/** The weeks of a forecast: Monday to Sunday, the first one holding `asOf`. */
export function forecastWeekPeriods(asOf: string, weeks: number): ForecastPeriod[] {
  assert(Number.isSafeInteger(weeks) && weeks >= 1 && weeks <= forecastWeeksMax, "1 to 26 weeks");
  const monday = dayNumber(mondayOf(asOf));
  return Array.from({ length: weeks }, (_, index) => ({
    from: dateOfDay(monday + 7 * index),
    to: dateOfDay(monday + 7 * index + 6),
  }));
}

/**
 * The expected amounts of the items in each period and after the last one, for the items of the
 * `expected` category; the other categories' totals beside them. Items of one customer and due
 * date are spread together (their habit and condition are the same).
 */
export function expectedByPeriod(
  items: Iterable<ForecastItem>,
  model: DelayModel,
  asOf: string,
  periods: ReadonlyArray<ForecastPeriod>,
): {
  readonly periodsMinor: bigint[];
  readonly laterMinor: bigint;
  readonly disputedMinor: bigint;
  readonly notExpectedMinor: bigint;
  readonly openTotalMinor: bigint;
  readonly itemCount: number;
} {
  const days = periods.map((period) => ({ fromDay: dayNumber(period.from), toDay: dayNumber(period.to) }));
  const groups = new Map<string, { customerId: string; dueDate: string; amountMinor: bigint }>();
  let disputedMinor = 0n;
  let notExpectedMinor = 0n;
  let openTotalMinor = 0n;
  let itemCount = 0;
  for (const item of items) {
    assert(item.amountMinor > 0n, "forecast items are positive amounts");
    openTotalMinor += item.amountMinor;
    itemCount += 1;
    const category = categoryOf(item, asOf);
    switch (category) {
      case "disputed":
        disputedMinor += item.amountMinor;
        break;
      case "litigation":
      case "stale":
        notExpectedMinor += item.amountMinor;
        break;
      case "expected": {
        const key = `${item.customerId}|${item.dueDate}`;
        const group = groups.get(key);
        if (group === undefined) {
          groups.set(key, {
            customerId: item.customerId,
            dueDate: item.dueDate,
            amountMinor: item.amountMinor,
          });
        } else {
          group.amountMinor += item.amountMinor;
        }
        break;
      }
      default:
        return unknownCategory(category);
    }
  }
  const periodsMinor = periods.map(() => 0n);
  let laterMinor = 0n;
  for (const group of groups.values()) {
    const parts = spreadAmount(
      group.amountMinor,
      paymentShares(model.profileOf(group.customerId), group.dueDate, asOf, days),
    );
    for (let index = 0; index < periodsMinor.length; index += 1) {
      periodsMinor[index] = (periodsMinor[index] ?? 0n) + (parts[index] ?? 0n);
    }
    laterMinor += parts[periodsMinor.length] ?? 0n;
  }
  return { periodsMinor, laterMinor, disputedMinor, notExpectedMinor, openTotalMinor, itemCount };
}

/** An amount split by shares (periods, then beyond) exactly: the parts sum to the amount. */
export function spreadAmount(
  amountMinor: bigint,
  split: { readonly shares: ReadonlyArray<number>; readonly beyond: number },
): bigint[] {
  const weights = [...split.shares, split.beyond].map((share) => BigInt(Math.round(share * shareScale)));
  if (!weights.some((weight) => weight > 0n)) weights[weights.length - 1] = 1n;
  return allocate(amountMinor, weights);
}

/** The weekly cash forecast as of a date. */
export function cashForecast(
  items: Iterable<ForecastItem>,
  model: DelayModel,
  asOf: string,
  weeks: number = forecastWeeksDefault,
): CashForecast {
  const periods = forecastWeekPeriods(asOf, weeks);
  const spread = expectedByPeriod(items, model, asOf, periods);
  return {
    asOf,
    weeks: periods.map((period, index) => ({
      ...period,
      week: index + 1,
      expectedMinor: spread.periodsMinor[index] ?? 0n,
    })),
    laterMinor: spread.laterMinor,
    disputedMinor: spread.disputedMinor,
    notExpectedMinor: spread.notExpectedMinor,
    openTotalMinor: spread.openTotalMinor,
    itemCount: spread.itemCount,
  };
}

function unknownCategory(category: never): never {
  throw new Error(`Assertion failed: unknown forecast category ${String(category)}`);
}
