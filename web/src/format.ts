/**
 * Locale formatting for what the API sends. Amounts arrive as decimal strings ("1234.50") and are
 * handed to Intl as strings: Intl.NumberFormat formats a decimal string exactly, where a float would
 * already have lost digits beyond 2^53. Nothing here does arithmetic on money.
 */

const decimalPattern = /^-?\d+(?:\.(\d+))?$/;
const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Intl accepts decimal strings at run time; the bundled lib types only declare numbers. */
type DecimalFormat = (value: string) => string;

export function formatMoney(decimalString: string, currency: string, locale: string): string {
  const match = decimalPattern.exec(decimalString);
  if (match === null) throw new RangeError(`not a decimal amount: "${decimalString}"`);
  const currencyDigits = new Intl.NumberFormat(locale, { style: "currency", currency }).resolvedOptions()
    .maximumFractionDigits;
  const givenDigits = match[1]?.length ?? 0;
  // Show every digit the server sent: a display that rounds could hide a residue the ledger keeps.
  const format = new Intl.NumberFormat(locale, {
    style: "currency",
    currency,
    maximumFractionDigits: Math.max(currencyDigits ?? 2, givenDigits),
  }).format as unknown as DecimalFormat;
  return format(decimalString);
}

/** A business date (`YYYY-MM-DD`) is a calendar day, not an instant: format it without a time zone shift. */
export function formatDate(date: string, locale: string): string {
  const match = datePattern.exec(date);
  if (match === null) throw new RangeError(`not a YYYY-MM-DD date: "${date}"`);
  const utc = new Date(0);
  utc.setUTCFullYear(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" }).format(utc);
}

/** A UTC instant, shown as the wall-clock time of the organization's time zone. */
export function formatInstant(iso: string, timeZone: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, {
    dateStyle: "medium",
    timeStyle: "medium",
    hourCycle: "h23",
    timeZone,
  }).format(new Date(iso));
}

/** The calendar day of a UTC instant in the organization's time zone. */
export function formatInstantDate(iso: string, timeZone: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone }).format(new Date(iso));
}

/**
 * An amount in a ledger column: grouped digits, no currency sign (the column says the currency),
 * and exactly the digits the server sent, so a column of figures lines up to the minor unit.
 */
export function formatAmount(decimalString: string, locale: string): string {
  const match = decimalPattern.exec(decimalString);
  if (match === null) throw new RangeError(`not a decimal amount: "${decimalString}"`);
  const digits = match[1]?.length ?? 0;
  const format = new Intl.NumberFormat(locale, {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format as unknown as DecimalFormat;
  return format(decimalString);
}

/** An accounting period (`YYYY-MM`): "2026年1月", "Jan 2026". */
export function formatPeriod(period: string, locale: string): string {
  const match = /^(\d{4})-(\d{2})$/.exec(period);
  if (match === null) return period;
  const utc = new Date(0);
  utc.setUTCFullYear(Number(match[1]), Number(match[2]) - 1, 1);
  return new Intl.DateTimeFormat(locale, { year: "numeric", month: "short", timeZone: "UTC" }).format(utc);
}
