import { AppError, assert } from "./errors.ts";
import { divideRounded, type RoundingMode } from "./rounding.ts";

/**
 * An exact rational number, used for rates ("0.0435" a year), day-count fractions and every
 * intermediate step of interest arithmetic. Interest is computed exactly and rounded once
 * (DESIGN.md §3), so nothing here rounds unless a function says so and takes the mode.
 *
 * Always normalized: denominator > 0 and gcd(|numerator|, denominator) = 1, so two equal
 * values have equal fields.
 */
export interface Decimal {
  readonly numerator: bigint;
  readonly denominator: bigint;
}

/** Longest accepted rate text, sign and point included; longer input is not a rate. */
export const decimalTextLengthMax = 64;
/** Most fraction digits accepted when parsing; rates beyond 30 places are not business data. */
export const decimalFractionDigitsMax = 30;
/** Most fraction digits `toFixedString` will produce. */
export const fixedFractionDigitsMax = 100;
/**
 * Largest |exponent| for `power`. Daily compounding over a century is 36,525 periods; anything
 * bigger is a bug and would build numbers with millions of digits.
 */
export const powerExponentMax = 100_000;

const decimalPattern = /^(-?)([0-9]+)(?:\.([0-9]+))?$/;

function absolute(value: bigint): bigint {
  return value < 0n ? -value : value;
}

function greatestCommonDivisor(a: bigint, b: bigint): bigint {
  let x = absolute(a);
  let y = absolute(b);
  while (y !== 0n) {
    const rest = x % y;
    x = y;
    y = rest;
  }
  return x;
}

function normalized(numerator: bigint, denominator: bigint): Decimal {
  assert(denominator !== 0n, "Decimal denominator must not be zero");
  if (numerator === 0n) return ZERO;
  const sign = denominator < 0n ? -1n : 1n;
  const divisor = greatestCommonDivisor(numerator, denominator);
  return Object.freeze({
    numerator: (sign * numerator) / divisor,
    denominator: (sign * denominator) / divisor,
  });
}

function toBigInt(value: bigint | number, what: string): bigint {
  if (typeof value === "bigint") return value;
  assert(Number.isSafeInteger(value), `${what} must be a safe integer, got ${String(value)}`);
  return BigInt(value);
}

export const ZERO: Decimal = Object.freeze({ numerator: 0n, denominator: 1n });
export const ONE: Decimal = Object.freeze({ numerator: 1n, denominator: 1n });

/** numerator / denominator (default 1). Numbers must be safe integers: floats never enter. */
export function decimal(numerator: bigint | number, denominator: bigint | number = 1n): Decimal {
  return normalized(toBigInt(numerator, "numerator"), toBigInt(denominator, "denominator"));
}

/** amountMinor / 10^scale: a money amount as an exact number of major units. */
export function fromMinor(amountMinor: bigint, scale: number): Decimal {
  assert(Number.isSafeInteger(scale) && scale >= 0, "scale must be a non-negative integer");
  return normalized(amountMinor, 10n ** BigInt(scale));
}

/** x in minor units of a currency with `scale` decimals, rounded once with `mode`. */
export function toMinor(x: Decimal, scale: number, mode: RoundingMode): bigint {
  assert(Number.isSafeInteger(scale) && scale >= 0, "scale must be a non-negative integer");
  return divideRounded(x.numerator * 10n ** BigInt(scale), x.denominator, mode);
}

function invalidDecimal(reason: string): AppError {
  return new AppError("INVALID_RATE", { detail: `Not a decimal number: ${reason}`, params: { reason } });
}

/**
 * Strict decimal text: `-?digits(.digits)?`. No exponent, no '+', no separators, no spaces,
 * because a rate that a person typed ambiguously must be re-entered, not guessed.
 */
export function parseDecimal(text: string): Decimal {
  if (typeof text !== "string") throw invalidDecimal("not text");
  if (text.length > decimalTextLengthMax) throw invalidDecimal("too long");
  const match = decimalPattern.exec(text);
  if (match === null) throw invalidDecimal("syntax");
  const [, sign = "", integerDigits = "", fractionDigits = ""] = match;
  if (fractionDigits.length > decimalFractionDigitsMax) throw invalidDecimal("too many fraction digits");
  const magnitude = BigInt(integerDigits + fractionDigits);
  return normalized(sign === "-" ? -magnitude : magnitude, 10n ** BigInt(fractionDigits.length));
}

export function add(a: Decimal, b: Decimal): Decimal {
  return normalized(a.numerator * b.denominator + b.numerator * a.denominator, a.denominator * b.denominator);
}

export function subtract(a: Decimal, b: Decimal): Decimal {
  return normalized(a.numerator * b.denominator - b.numerator * a.denominator, a.denominator * b.denominator);
}

export function multiply(a: Decimal, b: Decimal): Decimal {
  return normalized(a.numerator * b.numerator, a.denominator * b.denominator);
}

export function divide(a: Decimal, b: Decimal): Decimal {
  assert(b.numerator !== 0n, "division by zero");
  return normalized(a.numerator * b.denominator, a.denominator * b.numerator);
}

export function negate(x: Decimal): Decimal {
  return normalized(-x.numerator, x.denominator);
}

/** x^exponent for an integer exponent; a negative exponent needs a non-zero base. */
export function power(x: Decimal, exponent: number): Decimal {
  assert(Number.isSafeInteger(exponent), "exponent must be an integer");
  assert(Math.abs(exponent) <= powerExponentMax, `|exponent| must be at most ${powerExponentMax}`);
  if (exponent === 0) return ONE;
  const base = exponent > 0 ? x : divide(ONE, x);
  const n = BigInt(Math.abs(exponent));
  // The powers of coprime integers stay coprime, so no gcd is needed (it would be costly).
  return Object.freeze({
    numerator: base.numerator ** n,
    denominator: base.denominator ** n,
  });
}

export function compare(a: Decimal, b: Decimal): -1 | 0 | 1 {
  const left = a.numerator * b.denominator;
  const right = b.numerator * a.denominator;
  return left < right ? -1 : left > right ? 1 : 0;
}

export function isZero(x: Decimal): boolean {
  return x.numerator === 0n;
}

/** x rounded to an integer with `mode`. */
export function roundToInteger(x: Decimal, mode: RoundingMode): bigint {
  return divideRounded(x.numerator, x.denominator, mode);
}

function formatScaled(scaled: bigint, fractionDigits: number): string {
  const digits = absolute(scaled)
    .toString()
    .padStart(fractionDigits + 1, "0");
  const sign = scaled < 0n ? "-" : "";
  if (fractionDigits === 0) return `${sign}${digits}`;
  const split = digits.length - fractionDigits;
  return `${sign}${digits.slice(0, split)}.${digits.slice(split)}`;
}

/** x with exactly `fractionDigits` decimals, rounded once with `mode` ("0.0435"). */
export function toFixedString(x: Decimal, fractionDigits: number, mode: RoundingMode): string {
  assert(
    Number.isSafeInteger(fractionDigits) && fractionDigits >= 0 && fractionDigits <= fixedFractionDigitsMax,
    `fractionDigits must be an integer from 0 to ${fixedFractionDigitsMax}`,
  );
  const scaled = divideRounded(x.numerator * 10n ** BigInt(fractionDigits), x.denominator, mode);
  return formatScaled(scaled, fractionDigits);
}

function multiplicity(value: bigint, factor: bigint): number {
  let rest = value;
  let count = 0;
  while (rest % factor === 0n) {
    rest /= factor;
    count += 1;
  }
  return count;
}

/**
 * The shortest exact decimal text ("0.0435", "12", "-0.5"). Only values whose denominator has
 * no prime factor other than 2 and 5 terminate; asking for any other (1/3) is a programmer
 * error, and callers that may meet one use `toFixedString` with an explicit rounding mode.
 */
export function toCanonicalString(x: Decimal): string {
  const value = normalized(x.numerator, x.denominator);
  const twos = multiplicity(value.denominator, 2n);
  const fives = multiplicity(value.denominator, 5n);
  assert(
    value.denominator === 2n ** BigInt(twos) * 5n ** BigInt(fives),
    "toCanonicalString: value has no terminating decimal expansion",
  );
  const fractionDigits = Math.max(twos, fives);
  const scaled = (value.numerator * 10n ** BigInt(fractionDigits)) / value.denominator;
  return formatScaled(scaled, fractionDigits);
}

/** Significant digits carried into `toNumberApprox`; a double holds about 17. */
const approxDigits = 20;

/**
 * A nearby JavaScript number, for display (charts) and for seeding iterative solvers (an APR
 * search) only. Never feed the result back into money: it is not exact.
 */
export function toNumberApprox(x: Decimal): number {
  if (x.numerator === 0n) return 0;
  const numeratorDigits = absolute(x.numerator).toString().length;
  const denominatorDigits = x.denominator.toString().length;
  // Scale so that the integer quotient has about `approxDigits` digits, then let the
  // runtime's correctly rounded decimal-to-double conversion do the rest.
  const shift = approxDigits - (numeratorDigits - denominatorDigits);
  const quotient =
    shift >= 0
      ? (absolute(x.numerator) * 10n ** BigInt(shift)) / x.denominator
      : absolute(x.numerator) / (x.denominator * 10n ** BigInt(-shift));
  const sign = x.numerator < 0n ? "-" : "";
  return Number(`${sign}${quotient}e${-shift}`);
}
