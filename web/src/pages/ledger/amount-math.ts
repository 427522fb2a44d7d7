import { formatMoney, money, parseMinor } from "../../../../src/core/money.ts";

/**
 * The little arithmetic the web app does on money — totals of a voucher being keyed in — done
 * as the server does it: integer minor units through src/core/money.ts, never floats.
 */

/** Characters people type or paste into an amount that carry no value: grouping and spaces. */
const groupingPattern = /[,，\s]/g;

/**
 * A typed amount in minor units: "" is zero, "1,234.5" is 123450 for CNY. Null when it is not a
 * non-negative amount with at most the currency's decimals (a voucher line is never negative:
 * the other side says so).
 */
export function parseAmountInput(text: string, currency: string): bigint | null {
  const cleaned = text.replace(groupingPattern, "");
  if (cleaned === "") return 0n;
  try {
    const minor = parseMinor(cleaned, currency);
    return minor < 0n ? null : minor;
  } catch {
    return null;
  }
}

/** Canonical decimal text ("1234.50") of minor units, as the API writes amounts. */
export function amountText(minor: bigint, currency: string): string {
  return formatMoney(money(minor, currency));
}

/** The total of canonical amounts from the API. */
export function sumAmounts(amounts: ReadonlyArray<string>, currency: string): string {
  let total = 0n;
  for (const amount of amounts) total += parseMinor(amount, currency);
  return amountText(total, currency);
}
