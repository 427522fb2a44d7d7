/**
 * JSON for records that hold amounts as bigint minor units. By the naming rule every amount field
 * ends in `Minor` (`limitMinor`, `capMinor`), so writing turns bigints into integer strings and
 * reading turns integer strings under such keys back into bigints.
 */

export function stringifyMinor(value: unknown, space?: number): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v), space);
}

export function parseMinor<T>(text: string): T {
  return JSON.parse(text, (key, v: unknown) =>
    key.endsWith("Minor") && typeof v === "string" && /^-?[0-9]+$/.test(v) ? BigInt(v) : v,
  ) as T;
}
