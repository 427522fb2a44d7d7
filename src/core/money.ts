import { currencyScale } from "./currency.ts";
import type { Decimal } from "./decimal.ts";
import { AppError, assert } from "./errors.ts";
import { divideRounded, type RoundingMode } from "./rounding.ts";

/**
 * An amount of money: an integer count of the currency's minor unit (分 for CNY) and an
 * ISO 4217 code. Never a float. Values are frozen; every function returns a new one.
 */
export interface Money {
  readonly amountMinor: bigint;
  readonly currency: string;
}

/** Longest accepted amount text, sign and point included; no real amount comes near it. */
export const moneyTextLengthMax = 40;

/**
 * Most parts `allocate` and `splitEvenly` produce. Daily parts over thirty years are about
 * 11,000; a larger count is a bug, not a schedule.
 */
export const allocationPartsMax = 100_000;

const amountPattern = /^(-?)([0-9]+)(?:\.([0-9]+))?$/;

export function money(amountMinor: bigint, currency: string): Money {
  assert(typeof amountMinor === "bigint", "amountMinor must be a bigint");
  currencyScale(currency);
  return Object.freeze({ amountMinor, currency });
}

export function zero(currency: string): Money {
  return money(0n, currency);
}

export interface ParseMoneyOptions {
  /**
   * Round extra fraction digits with this mode. Without it, more digits than the currency has
   * are an error: silently dropping 0.005 元 from a typed amount is how ledgers stop balancing.
   */
  readonly rounding?: RoundingMode;
}

/**
 * The amount in minor units of a strict decimal text (`-?digits(.digits)?`): no exponent, no
 * thousands separators, no '+', no surrounding spaces. "1234.5" in CNY is 123450n.
 */
export function parseMinor(text: string, currency: string, options: ParseMoneyOptions = {}): bigint {
  const scale = currencyScale(currency);
  const invalid = (reason: string): AppError =>
    new AppError("INVALID_AMOUNT", {
      detail: `Not an amount in ${currency}: ${reason}`,
      params: { reason, currency, scale },
    });
  if (typeof text !== "string") throw invalid("not text");
  if (text.length > moneyTextLengthMax) throw invalid("too long");
  const match = amountPattern.exec(text);
  if (match === null) throw invalid("syntax");
  const [, sign = "", integerDigits = "", fractionDigits = ""] = match;
  const magnitude = BigInt(integerDigits + fractionDigits);
  const signed = sign === "-" ? -magnitude : magnitude;
  const extraDigits = fractionDigits.length - scale;
  if (extraDigits <= 0) return signed * 10n ** BigInt(-extraDigits);
  if (options.rounding === undefined) throw invalid("too many fraction digits");
  return divideRounded(signed, 10n ** BigInt(extraDigits), options.rounding);
}

/** `parseMinor` for a field of a request: an INVALID_AMOUNT names the field at `path`. */
export function parseMinorAt(text: string, currency: string, path: string): bigint {
  try {
    return parseMinor(text, currency);
  } catch (error) {
    if (error instanceof AppError) {
      throw new AppError("INVALID_AMOUNT", {
        detail: `${path}: ${text} is not an amount in ${currency}`,
        params: error.params,
        issues: [{ path, code: "INVALID_AMOUNT", message: `${text} is not an amount in ${currency}` }],
      });
    }
    throw error;
  }
}

export function parseMoney(text: string, currency: string, options: ParseMoneyOptions = {}): Money {
  return money(parseMinor(text, currency, options), currency);
}

/** `formatMoney` of an amount in minor units of `currency`. */
export function formatMinor(amountMinor: bigint, currency: string): string {
  return formatMoney(money(amountMinor, currency));
}

/** Canonical text with exactly the currency's decimals: "1234.50", "-0.05", "100" (JPY). */
export function formatMoney(m: Money): string {
  const scale = currencyScale(m.currency);
  const negative = m.amountMinor < 0n;
  const digits = (negative ? -m.amountMinor : m.amountMinor).toString().padStart(scale + 1, "0");
  const sign = negative ? "-" : "";
  if (scale === 0) return `${sign}${digits}`;
  const split = digits.length - scale;
  return `${sign}${digits.slice(0, split)}.${digits.slice(split)}`;
}

function assertSameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) {
    throw new AppError("CURRENCY_MISMATCH", {
      detail: `Cannot combine ${a.currency} with ${b.currency}`,
      params: { expected: a.currency, actual: b.currency },
    });
  }
}

export function add(a: Money, b: Money): Money {
  assertSameCurrency(a, b);
  return money(a.amountMinor + b.amountMinor, a.currency);
}

export function subtract(a: Money, b: Money): Money {
  assertSameCurrency(a, b);
  return money(a.amountMinor - b.amountMinor, a.currency);
}

export function negate(m: Money): Money {
  return money(-m.amountMinor, m.currency);
}

export function abs(m: Money): Money {
  return m.amountMinor < 0n ? negate(m) : money(m.amountMinor, m.currency);
}

/**
 * Order of two amounts of one currency. Amounts in different currencies have no order and
 * are not "unequal" either: comparing them is a mistake, so it throws.
 */
export function compare(a: Money, b: Money): -1 | 0 | 1 {
  assertSameCurrency(a, b);
  return a.amountMinor < b.amountMinor ? -1 : a.amountMinor > b.amountMinor ? 1 : 0;
}

export function equals(a: Money, b: Money): boolean {
  return compare(a, b) === 0;
}

export function isZero(m: Money): boolean {
  return m.amountMinor === 0n;
}

export function isNegative(m: Money): boolean {
  return m.amountMinor < 0n;
}

/** Total of amounts in `currency`; the total of none is zero, which is why the currency is given. */
export function sum(list: ReadonlyArray<Money>, currency: string): Money {
  let total = zero(currency);
  for (const item of list) total = add(total, item);
  return total;
}

export function min(first: Money, ...rest: ReadonlyArray<Money>): Money {
  let least = first;
  for (const item of rest) if (compare(item, least) < 0) least = item;
  return money(least.amountMinor, least.currency);
}

export function max(first: Money, ...rest: ReadonlyArray<Money>): Money {
  let greatest = first;
  for (const item of rest) if (compare(item, greatest) > 0) greatest = item;
  return money(greatest.amountMinor, greatest.currency);
}

/** m × factor, computed exactly and rounded once to the minor unit with `mode`. */
export function multiplyByDecimal(m: Money, factor: Decimal, mode: RoundingMode): Money {
  assert(factor.denominator > 0n, "factor must be a normalized Decimal");
  return money(divideRounded(m.amountMinor * factor.numerator, factor.denominator, mode), m.currency);
}

export type AllocationMethod = "largest-remainder";

export interface AllocateOptions {
  readonly mode?: AllocationMethod;
}

/**
 * Splits `totalMinor` in proportion to non-negative integer weights so that the parts add up
 * to the total exactly. Each part is its exact share rounded down or up (never further than
 * one minor unit from it); the units left after rounding down go to the largest remainders,
 * ties to the earliest index, so the result is deterministic. A negative total is split as
 * the negation of its absolute value, so a refund mirrors its charge. Zero weights get zero.
 */
export function allocate(
  totalMinor: bigint,
  weights: ReadonlyArray<bigint>,
  options: AllocateOptions = {},
): bigint[] {
  assert(typeof totalMinor === "bigint", "totalMinor must be a bigint");
  assert(weights.length > 0, "allocate needs at least one weight");
  assert(weights.length <= allocationPartsMax, `allocate takes at most ${allocationPartsMax} weights`);
  let weightTotal = 0n;
  for (const weight of weights) {
    assert(typeof weight === "bigint" && weight >= 0n, "weights must be non-negative bigints");
    weightTotal += weight;
  }
  assert(weightTotal > 0n, "allocate needs at least one positive weight");

  const method = options.mode ?? "largest-remainder";
  switch (method) {
    case "largest-remainder":
      break;
    default:
      return unknownMethod(method);
  }

  const negative = totalMinor < 0n;
  const magnitude = negative ? -totalMinor : totalMinor;
  const parts = weights.map((weight) => (magnitude * weight) / weightTotal);
  const remainders = weights.map((weight) => (magnitude * weight) % weightTotal);
  let leftover = magnitude - parts.reduce((accumulated, part) => accumulated + part, 0n);
  const byRemainder = weights
    .map((_, index) => index)
    .sort((i, j) => {
      const left = remainders[i] ?? 0n;
      const right = remainders[j] ?? 0n;
      return left === right ? i - j : left > right ? -1 : 1;
    });
  // leftover < number of non-zero remainders, so only parts with a fractional share grow.
  for (const index of byRemainder) {
    if (leftover === 0n) break;
    parts[index] = (parts[index] ?? 0n) + 1n;
    leftover -= 1n;
  }
  assert(leftover === 0n, "allocate: leftover units were not placed");
  return negative ? parts.map((part) => -part) : parts;
}

function unknownMethod(method: never): never {
  throw new Error(`Assertion failed: unknown allocation method ${String(method)}`);
}

export function allocateMoney(
  m: Money,
  weights: ReadonlyArray<bigint>,
  options: AllocateOptions = {},
): Money[] {
  return allocate(m.amountMinor, weights, options).map((part) => money(part, m.currency));
}

/**
 * `count` parts as equal as possible; the remainder goes one unit each to the first parts
 * (100 in 3 → 34, 33, 33), so an earlier part is never smaller than a later one. A negative
 * total mirrors its absolute value.
 */
export function splitEvenly(totalMinor: bigint, count: number): bigint[] {
  assert(typeof totalMinor === "bigint", "totalMinor must be a bigint");
  assert(Number.isSafeInteger(count) && count >= 1, "count must be a positive integer");
  assert(count <= allocationPartsMax, `splitEvenly makes at most ${allocationPartsMax} parts`);
  const negative = totalMinor < 0n;
  const magnitude = negative ? -totalMinor : totalMinor;
  const base = magnitude / BigInt(count);
  const remainder = Number(magnitude % BigInt(count));
  const parts = Array.from({ length: count }, (_, index) => (index < remainder ? base + 1n : base));
  return negative ? parts.map((part) => -part) : parts;
}
