import { Temporal } from "temporal-polyfill";
import { AppError, assert } from "./errors.ts";

/**
 * Business dates are calendar dates in the organization's time zone (DESIGN.md §3): a due
 * date is a day, not an instant. Timestamps are UTC instants. Nothing here reads the clock;
 * "now" is always an argument.
 */

const businessDatePattern = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;

/** Longest accepted time-zone name; the longest IANA name is about 30 characters. */
export const timeZoneLengthMax = 64;

/**
 * IANA zone names: letters, digits, '_', '-', '+', '/', starting with a letter. This rejects
 * fixed offsets ("+08:00"), which do not follow a region's rules, and the full ISO date-time
 * strings that Temporal would otherwise accept as a zone.
 */
const timeZonePattern = /^[A-Za-z][A-Za-z0-9_+\-/]*$/;

/** A strict `YYYY-MM-DD` that names a real day ("2026-02-30" does not). */
export function parseBusinessDate(text: string): Temporal.PlainDate {
  const invalid = (reason: string): AppError =>
    new AppError("INVALID_DATE", { detail: `Not a date (YYYY-MM-DD): ${reason}`, params: { reason } });
  if (typeof text !== "string") throw invalid("not text");
  const match = businessDatePattern.exec(text);
  if (match === null) throw invalid("syntax");
  const [, year = "", month = "", day = ""] = match;
  try {
    return Temporal.PlainDate.from(
      { year: Number(year), month: Number(month), day: Number(day) },
      { overflow: "reject" },
    );
  } catch (error) {
    throw new AppError("INVALID_DATE", {
      detail: "Not a date (YYYY-MM-DD): no such day",
      params: { reason: "no such day" },
      cause: error,
    });
  }
}

export function formatBusinessDate(d: Temporal.PlainDate): string {
  assert(d.calendarId === "iso8601", "business dates use the ISO 8601 calendar");
  assert(d.year >= 0 && d.year <= 9999, "business dates have four-digit years");
  const year = String(d.year).padStart(4, "0");
  const month = String(d.month).padStart(2, "0");
  const day = String(d.day).padStart(2, "0");
  return `${year}-${month}-${day}`;
}

/** The zone's canonical spelling ("asia/shanghai" → "Asia/Shanghai"), or INVALID_TIME_ZONE. */
export function assertTimeZone(tz: string): string {
  const invalid = (cause?: unknown): AppError =>
    new AppError("INVALID_TIME_ZONE", {
      detail: "Not an IANA time zone name",
      params: { timeZone: typeof tz === "string" ? tz.slice(0, timeZoneLengthMax) : typeof tz },
      ...(cause === undefined ? {} : { cause }),
    });
  if (typeof tz !== "string" || tz.length > timeZoneLengthMax || !timeZonePattern.test(tz)) throw invalid();
  try {
    return Temporal.Instant.fromEpochMilliseconds(0).toZonedDateTimeISO(tz).timeZoneId;
  } catch (error) {
    throw invalid(error);
  }
}

/** The calendar date at instant `now` in `timeZone`: what "today" means to that organization. */
export function todayIn(timeZone: string, now: Temporal.Instant): Temporal.PlainDate {
  return now.toZonedDateTimeISO(assertTimeZone(timeZone)).toPlainDate();
}

export function addDays(d: Temporal.PlainDate, days: number): Temporal.PlainDate {
  assert(Number.isSafeInteger(days), "days must be an integer");
  return d.add({ days });
}

/** Calendar months later (or earlier); a day past the target month's end clamps to it. */
export function addMonths(d: Temporal.PlainDate, months: number): Temporal.PlainDate {
  assert(Number.isSafeInteger(months), "months must be an integer");
  return d.add({ months }, { overflow: "constrain" });
}

/** b − a in days: positive when b is later. */
export function daysBetween(a: Temporal.PlainDate, b: Temporal.PlainDate): number {
  return a.until(b, { largestUnit: "day" }).days;
}

export function compareDates(a: Temporal.PlainDate, b: Temporal.PlainDate): -1 | 0 | 1 {
  const order = Temporal.PlainDate.compare(a, b);
  return order < 0 ? -1 : order > 0 ? 1 : 0;
}

export function endOfMonth(d: Temporal.PlainDate): Temporal.PlainDate {
  return d.with({ day: d.daysInMonth });
}

/** UTC ISO 8601 with milliseconds ("2026-11-23T08:15:00.000Z"), the one timestamp format. */
export function isoInstant(now: Temporal.Instant): string {
  return now.toString({ fractionalSecondDigits: 3 });
}
