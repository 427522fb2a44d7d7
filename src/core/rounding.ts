import { assert } from "./errors.ts";

/**
 * How an exact quotient becomes an integer. Every call site names its mode, because interest,
 * fees and tax can each follow a different rule (四舍五入 is "half-up"; a bank or a contract may
 * ask for another), so no mode is a silent default.
 *
 * "up" rounds away from zero and "down" toward zero; "ceiling" and "floor" round toward
 * positive and negative infinity. The three "half-" modes differ only on an exact tie.
 */
export type RoundingMode = "half-even" | "half-up" | "half-down" | "up" | "down" | "ceiling" | "floor";

export const roundingModes: ReadonlyArray<RoundingMode> = Object.freeze([
  "half-even",
  "half-up",
  "half-down",
  "up",
  "down",
  "ceiling",
  "floor",
] as const);

export function isRoundingMode(value: unknown): value is RoundingMode {
  return typeof value === "string" && (roundingModes as ReadonlyArray<string>).includes(value);
}

/** numerator / denominator rounded to an integer with `mode`, exactly, for any signs. */
export function divideRounded(numerator: bigint, denominator: bigint, mode: RoundingMode): bigint {
  assert(typeof numerator === "bigint" && typeof denominator === "bigint", "divideRounded takes bigints");
  assert(denominator !== 0n, "divideRounded: denominator must not be zero");
  const dividend = denominator < 0n ? -numerator : numerator;
  const divisor = denominator < 0n ? -denominator : denominator;
  // BigInt division truncates toward zero and the remainder takes the dividend's sign.
  const truncated = dividend / divisor;
  const remainder = dividend % divisor;
  if (remainder === 0n) return truncated;

  const sign = dividend < 0n ? -1n : 1n;
  const awayFromZero = truncated + sign;
  const twiceRemainder = 2n * (remainder < 0n ? -remainder : remainder);

  switch (mode) {
    case "down":
      return truncated;
    case "up":
      return awayFromZero;
    case "ceiling":
      return sign > 0n ? awayFromZero : truncated;
    case "floor":
      return sign < 0n ? awayFromZero : truncated;
    case "half-up":
      return twiceRemainder >= divisor ? awayFromZero : truncated;
    case "half-down":
      return twiceRemainder > divisor ? awayFromZero : truncated;
    case "half-even":
      if (twiceRemainder !== divisor) return twiceRemainder > divisor ? awayFromZero : truncated;
      return truncated % 2n === 0n ? truncated : awayFromZero;
    default:
      return unknownMode(mode);
  }
}

function unknownMode(mode: never): never {
  throw new Error(`Assertion failed: unknown rounding mode ${String(mode)}`);
}
