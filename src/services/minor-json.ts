import { decimal } from "../core/decimal.ts";

/**
 * JSON for records that hold amounts as bigint minor units. By the naming rule every amount field
 * ends in `Minor` (`limitMinor`, `capMinor`), so writing turns bigints into integer strings and
 * reading turns integer strings under such keys back into bigints. An exact Decimal (a rate the
 * domain derived, an accrual state) is written as its integer numerator and denominator and read
 * back as a Decimal.
 */

export function stringifyMinor(value: unknown, space?: number): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v), space);
}

const integerText = /^-?[0-9]+$/;

function isDecimalJson(v: unknown): v is { numerator: string; denominator: string } {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
  const keys = Object.keys(v);
  const { numerator, denominator } = v as { numerator?: unknown; denominator?: unknown };
  return (
    keys.length === 2 &&
    typeof numerator === "string" &&
    typeof denominator === "string" &&
    integerText.test(numerator) &&
    integerText.test(denominator)
  );
}

export function parseMinor<T>(text: string): T {
  return JSON.parse(text, (key, v: unknown) => {
    if (key.endsWith("Minor") && typeof v === "string" && integerText.test(v)) return BigInt(v);
    if (isDecimalJson(v)) return decimal(BigInt(v.numerator), BigInt(v.denominator));
    return v;
  }) as T;
}
