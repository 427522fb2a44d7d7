import { decimalIn } from "../../core/checks.ts";
import {
  add,
  compare,
  type Decimal,
  decimal,
  multiply,
  ONE,
  parseDecimal,
  toFixedString,
  ZERO,
} from "../../core/decimal.ts";
import { assert } from "../../core/errors.ts";
import { divideRounded } from "../../core/rounding.ts";
import { agingBucketOfDays } from "../payments/index.ts";

/**
 * The provision matrix of the simplified approach (CAS 22 第六十三条 / IFRS 9 §5.5.15 and
 * B5.5.35): trade receivables carry a loss allowance of lifetime expected credit losses, which a
 * provision matrix estimates as a loss rate per aging bucket times the bucket's balance (IFRS 9
 * Illustrative Examples, Example 12, IE74–IE77).
 *
 * The loss rates come from the organization's own history by the roll-rate (flow-rate) method,
 * measured item by item between consecutive month ends of the window:
 * - the roll rate of bucket b is, of the money that left bucket b from one month end to the next,
 *   the share that left by ageing into a later bucket (still unpaid) or by being written off,
 *   rather than by being paid or credited: Σ rolled(b) / Σ left(b), balance-weighted over the
 *   window. With buckets one month wide this is the classic "share of bucket b at month m found in
 *   bucket b+1 at month m+1"; measuring what left, instead of the whole balance, keeps the rate
 *   right for wider buckets (91–180 days, 181–365 days), where most of a month-end balance is still
 *   in the same bucket a month later and has not yet rolled or cured. It is at most 1 by
 *   construction;
 * - an item that skips a bucket between two month ends (30 days past due on one, 61 on the next)
 *   passed through the skipped bucket unpaid: it counts as rolled in each bucket it crossed;
 * - a bucket where money stayed through the window and none of it left has rolled nothing and
 *   cured nothing: none of it was paid, so it is taken as rolling on (rate 1). Taking it as 0
 *   made every younger bucket's loss rate 0 too (a product through it), so a book whose oldest
 *   debts simply sat unpaid showed no expected loss at all;
 * - a bucket that held nothing in the window has no evidence either way: its rate is taken as 0
 *   and the bucket's floor rate, when the policy sets one, governs;
 * - the last bucket (over the last edge, over 365 days by default) has loss rate 1. Amounts that
 *   old are not collected in practice, and write-off is a separate decision (it needs a reason and,
 *   above the threshold, a second person), so there is no steady flow onwards to measure;
 *   providing for them in full is the conservative reading;
 * - the loss rate of bucket b is the product of the roll rates from b to the last bucket, times
 *   (1 + forward-looking adjustment), kept within [0, 1] and raised to the bucket's floor;
 * - loss rates are carried to six decimals (half-up), the precision shown, and each bucket's
 *   provision is its balance times the rate as shown, rounded half-up to the minor unit, so that
 *   anyone can check the matrix by hand. The required allowance is the sum of the buckets.
 *
 * Only amounts owed count (positive open amounts): a credit owed to a customer (an unused credit
 * note) is not an asset to impair, so the balances here are gross of credits.
 */

export const lossRateFractionDigits = 6;
export const provisionHistoryMonthsMax = 37;

/** What was open of one item at one month end, and in which bucket (index into the bucket keys). */
export interface ItemSnapshot {
  readonly itemId: string;
  readonly bucket: number;
  readonly openMinor: bigint;
}

export interface ProvisionMatrixInput {
  /** Keys of the aging buckets, youngest first (not_due, 1_30, …, over_365). */
  readonly bucketKeys: ReadonlyArray<string>;
  /**
   * The open items at consecutive month ends, oldest first; the last entry is the date the
   * allowance is for.
   */
  readonly snapshots: ReadonlyArray<ReadonlyArray<ItemSnapshot>>;
  /**
   * Per pair of consecutive month ends (one fewer than the snapshots), the amounts written off
   * between them, by item: a credit loss, so it counts as rolled.
   */
  readonly writtenOff?: ReadonlyArray<ReadonlyMap<string, bigint>>;
  /** Decimal fraction, from -1 to 1. */
  readonly forwardLookingAdjustment: string;
  /** Floor loss rate per bucket key (decimal fractions); keys not among the buckets are ignored. */
  readonly floorRates: Readonly<Record<string, string>>;
}

export interface ProvisionMatrixRow {
  readonly bucket: string;
  readonly balanceMinor: bigint;
  /** Share of what left the bucket that left unpaid (rolled on or written off); null for the last bucket. */
  readonly rollRate: string | null;
  /** False when nothing left the bucket in the window to measure a roll rate from. */
  readonly observed: boolean;
  /** Product of the roll rates to the last bucket, before adjustment and floor. */
  readonly historicalLossRate: string;
  readonly lossRate: string;
  readonly provisionMinor: bigint;
}

export interface ProvisionMatrix {
  readonly rows: ReadonlyArray<ProvisionMatrixRow>;
  /** Pairs of consecutive month ends the roll rates are measured over. */
  readonly transitions: number;
  readonly forwardLookingAdjustment: string;
  readonly totalBalanceMinor: bigint;
  readonly requiredMinor: bigint;
}

const positive = (value: bigint | undefined): bigint => (value !== undefined && value > 0n ? value : 0n);
const minDecimal = (a: Decimal, b: Decimal): Decimal => (compare(a, b) <= 0 ? a : b);
const maxDecimal = (a: Decimal, b: Decimal): Decimal => (compare(a, b) >= 0 ? a : b);

/** Balance times a loss rate of at most `lossRateFractionDigits` decimals, rounded half-up to the minor unit. */
export function provisionFor(balanceMinor: bigint, lossRate: string): bigint {
  const rate = parseDecimal(lossRate);
  assert(compare(rate, ZERO) >= 0 && compare(rate, ONE) <= 0, "a loss rate lies in [0, 1]");
  if (balanceMinor <= 0n) return 0n;
  return divideRounded(balanceMinor * rate.numerator, rate.denominator, "half-up");
}

/** Bucket index of an amount `daysPastDue` days past due, as every aging buckets it (0: not due). */
export const bucketIndexOf = agingBucketOfDays;

/** Roll rates per bucket but the last (exact, each in [0, 1]), and whether each was observed. */
export function rollRates(
  bucketCount: number,
  snapshots: ReadonlyArray<ReadonlyArray<ItemSnapshot>>,
  writtenOff: ReadonlyArray<ReadonlyMap<string, bigint>> = [],
): Array<{ readonly rate: Decimal; readonly observed: boolean }> {
  const rolled = new Array<bigint>(bucketCount).fill(0n);
  const left = new Array<bigint>(bucketCount).fill(0n);
  const stayed = new Array<bigint>(bucketCount).fill(0n);
  const last = bucketCount - 1;
  for (let month = 0; month + 1 < snapshots.length; month += 1) {
    const next = new Map((snapshots[month + 1] ?? []).map((item) => [item.itemId, item]));
    const lost = writtenOff[month];
    for (const item of snapshots[month] ?? []) {
      const open = positive(item.openMinor);
      if (open === 0n || item.bucket >= last) continue;
      const later = next.get(item.itemId);
      const laterOpen = positive(later?.openMinor);
      const stillOpen = laterOpen < open ? laterOpen : open;
      const gone = open - stillOpen;
      const writtenOffMinor = positive(lost?.get(item.itemId));
      const loss = writtenOffMinor < gone ? writtenOffMinor : gone;
      const laterBucket = later === undefined ? item.bucket : Math.min(later.bucket, last);
      if (later !== undefined && stillOpen > 0n && laterBucket > item.bucket) {
        // Everything left the bucket: what is still open aged on, the rest was paid or written off.
        rolled[item.bucket] = (rolled[item.bucket] ?? 0n) + stillOpen + loss;
        left[item.bucket] = (left[item.bucket] ?? 0n) + open;
        for (let crossed = item.bucket + 1; crossed < laterBucket; crossed += 1) {
          rolled[crossed] = (rolled[crossed] ?? 0n) + stillOpen;
          left[crossed] = (left[crossed] ?? 0n) + stillOpen;
        }
      } else {
        // What is still open stays in the bucket, neither rolled nor cured yet.
        rolled[item.bucket] = (rolled[item.bucket] ?? 0n) + loss;
        left[item.bucket] = (left[item.bucket] ?? 0n) + gone;
        stayed[item.bucket] = (stayed[item.bucket] ?? 0n) + stillOpen;
      }
    }
  }
  const rates: Array<{ rate: Decimal; observed: boolean }> = [];
  for (let bucket = 0; bucket < last; bucket += 1) {
    const from = left[bucket] ?? 0n;
    if (from > 0n) {
      rates.push({ rate: minDecimal(decimal(rolled[bucket] ?? 0n, from), ONE), observed: true });
    } else {
      rates.push(
        (stayed[bucket] ?? 0n) > 0n ? { rate: ONE, observed: true } : { rate: ZERO, observed: false },
      );
    }
  }
  return rates;
}

export function provisionMatrix(input: ProvisionMatrixInput): ProvisionMatrix {
  const count = input.bucketKeys.length;
  assert(count >= 2, "a provision matrix has two buckets at least");
  assert(input.snapshots.length >= 1, "the history holds the items being provided for");
  assert(input.snapshots.length <= provisionHistoryMonthsMax, "history within the longest window");
  const adjustment = decimalIn(input.forwardLookingAdjustment, parseDecimal("-1"), ONE);
  assert(adjustment !== null, "the forward-looking adjustment lies in [-1, 1]");
  const factor = add(ONE, adjustment);
  const rolls = rollRates(count, input.snapshots, input.writtenOff);
  const current = new Array<bigint>(count).fill(0n);
  for (const item of input.snapshots[input.snapshots.length - 1] ?? []) {
    const bucket = Math.min(Math.max(item.bucket, 0), count - 1);
    current[bucket] = (current[bucket] ?? 0n) + positive(item.openMinor);
  }
  const historical: Decimal[] = new Array<Decimal>(count).fill(ONE);
  for (let bucket = count - 2; bucket >= 0; bucket -= 1) {
    historical[bucket] = multiply(rolls[bucket]?.rate ?? ZERO, historical[bucket + 1] ?? ONE);
  }
  const rows: ProvisionMatrixRow[] = input.bucketKeys.map((bucket, index) => {
    const floorText = input.floorRates[bucket];
    const floor = floorText === undefined ? ZERO : (decimalIn(floorText, ZERO, ONE) ?? ZERO);
    const adjusted = minDecimal(ONE, maxDecimal(ZERO, multiply(historical[index] ?? ONE, factor)));
    const lossRate = toFixedString(maxDecimal(adjusted, floor), lossRateFractionDigits, "half-up");
    const balanceMinor = current[index] ?? 0n;
    const roll = rolls[index];
    return {
      bucket,
      balanceMinor,
      rollRate: roll === undefined ? null : toFixedString(roll.rate, lossRateFractionDigits, "half-up"),
      observed: roll === undefined ? true : roll.observed,
      historicalLossRate: toFixedString(historical[index] ?? ONE, lossRateFractionDigits, "half-up"),
      lossRate,
      provisionMinor: provisionFor(balanceMinor, lossRate),
    };
  });
  return {
    rows,
    transitions: input.snapshots.length - 1,
    forwardLookingAdjustment: input.forwardLookingAdjustment,
    totalBalanceMinor: rows.reduce((sum, row) => sum + row.balanceMinor, 0n),
    requiredMinor: rows.reduce((sum, row) => sum + row.provisionMinor, 0n),
  };
}
