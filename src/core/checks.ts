import { compare, type Decimal, parseDecimal } from "./decimal.ts";
import { isAppError } from "./errors.ts";

/**
 * Range checks for settings and requests that arrive as data (policies, scorecards, schedules),
 * used where a field issue is collected rather than thrown.
 */

/** A safe integer from `low` to `high`. */
export function isIntegerIn(value: unknown, low: number, high: number): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= low && value <= high;
}

/** An amount in minor units from `low` to `high`. */
export function isAmountIn(value: unknown, low: bigint, high: bigint): value is bigint {
  return typeof value === "bigint" && value >= low && value <= high;
}

/** The exact value of decimal text from `low` to `high`, or null when it is not one. */
export function decimalIn(text: unknown, low: Decimal, high: Decimal): Decimal | null {
  if (typeof text !== "string") return null;
  try {
    const value = parseDecimal(text);
    return compare(value, low) >= 0 && compare(value, high) <= 0 ? value : null;
  } catch (error) {
    if (!isAppError(error)) throw error;
    return null;
  }
}
