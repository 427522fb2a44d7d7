import { AppError, assert } from "../../core/errors.ts";

/**
 * Calendar arithmetic for schedules and the day counts that turn a period into a fraction of a
 * year. Schedules compute hundreds of dates per plan and quotes are computed as the user types,
 * so dates here are plain civil `{ year, month, day }` values and epoch-day integers (days since
 * 1970-01-01, proleptic Gregorian), not Temporal objects; they are parsed and formatted as
 * `YYYY-MM-DD` only at the edges. The conversions are Howard Hinnant's exact integer algorithms
 * ("chrono-Compatible Low-Level Date Algorithms", days_from_civil / civil_from_days).
 */

/** A calendar date; always a real day (month 1–12, day within the month). */
export interface CivilDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/**
 * How many days of a period count and how long a year is:
 * - "30/360": 30E/360, the Eurobond basis of the 2006 ISDA Definitions §4.16(g): a 31st counts as
 *   the 30th at either end; every month has 30 days and the year 360. Chosen over 30/360 US
 *   (§4.16(f)) because it is symmetric (the end date's 31st becomes 30 whatever the start is), so
 *   a half-month or a month-end period always counts the same; the two differ only when an end
 *   date falls on a 31st and the start day is before the 30th.
 * - "actual/365": Actual/365 (Fixed), §4.16(d): actual days over 365, leap years included.
 * - "actual/actual": Actual/Actual (ISDA), §4.16(b): the days falling in a leap year over 366
 *   plus the days falling in other years over 365.
 */
export type DayCount = "30/360" | "actual/365" | "actual/actual";

export const dayCounts: ReadonlyArray<DayCount> = Object.freeze([
  "30/360",
  "actual/365",
  "actual/actual",
] as const);

export function isDayCount(value: unknown): value is DayCount {
  return typeof value === "string" && (dayCounts as ReadonlyArray<string>).includes(value);
}

/** An exact year fraction: numerator / denominator, both positive or the numerator zero. */
export interface YearFraction {
  readonly numerator: bigint;
  readonly denominator: bigint;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const monthLengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return monthLengths[month - 1] ?? 0;
}

/** Days from 1970-01-01 to the date (negative before it). */
export function epochDayOf(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const shiftedMonth = month > 2 ? month - 3 : month + 9;
  const dayOfYear = Math.floor((153 * shiftedMonth + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** The date `epochDay` days after 1970-01-01. */
export function civilOfEpochDay(epochDay: number): CivilDate {
  const z = epochDay + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

const twoDigits: ReadonlyArray<string> = Array.from({ length: 32 }, (_, index) =>
  String(index).padStart(2, "0"),
);

/** `YYYY-MM-DD` of a date with a four-digit year. */
export function formatCivilDate(year: number, month: number, day: number): string {
  assert(year >= 0 && year <= 9999, "business dates have four-digit years");
  const yearText = year >= 1000 ? String(year) : String(year).padStart(4, "0");
  return `${yearText}-${twoDigits[month] ?? "??"}-${twoDigits[day] ?? "??"}`;
}

const zeroCode = 48;

function digitAt(text: string, index: number): number {
  const digit = text.charCodeAt(index) - zeroCode;
  return digit >= 0 && digit <= 9 ? digit : -1;
}

/**
 * The date of a strict `YYYY-MM-DD` that names a real day, or null. Read by hand rather than by
 * a regular expression or Temporal: it is on the path of every quote.
 */
export function civilDateOf(text: unknown): CivilDate | null {
  if (typeof text !== "string" || text.length !== 10) return null;
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return null;
  let year = 0;
  for (const index of [0, 1, 2, 3]) {
    const digit = digitAt(text, index);
    if (digit < 0) return null;
    year = year * 10 + digit;
  }
  const m1 = digitAt(text, 5);
  const m2 = digitAt(text, 6);
  const d1 = digitAt(text, 8);
  const d2 = digitAt(text, 9);
  if (m1 < 0 || m2 < 0 || d1 < 0 || d2 < 0) return null;
  const month = m1 * 10 + m2;
  const day = d1 * 10 + d2;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

/** Days in the 30E/360 count from `start` to `end` (ISDA 2006 §4.16(g)); negative when end is earlier. */
export function days30E360(start: CivilDate, end: CivilDate): number {
  const startDay = start.day === 31 ? 30 : start.day;
  const endDay = end.day === 31 ? 30 : end.day;
  return 360 * (end.year - start.year) + 30 * (end.month - start.month) + (endDay - startDay);
}

/** Actual days from `start` to `end`: the start day counts, the end day does not. */
export function actualDays(start: CivilDate, end: CivilDate): number {
  return epochDayOf(end.year, end.month, end.day) - epochDayOf(start.year, start.month, start.day);
}

const denominator360 = 360n;
const denominator365 = 365n;
/** 365 × 366: a common denominator of the two halves of an Actual/Actual (ISDA) fraction. */
const denominatorIsda = 133_590n;

/**
 * The exact fraction of a year from `start` to `end` under `dayCount` (not normalized; zero when
 * the dates are equal). `end` must not be before `start`.
 */
export function yearFractionOf(dayCount: DayCount, start: CivilDate, end: CivilDate): YearFraction {
  switch (dayCount) {
    case "30/360": {
      const days = days30E360(start, end);
      assert(days >= 0, "a day count runs forward");
      return { numerator: BigInt(days), denominator: denominator360 };
    }
    case "actual/365": {
      const days = actualDays(start, end);
      assert(days >= 0, "a day count runs forward");
      return { numerator: BigInt(days), denominator: denominator365 };
    }
    case "actual/actual": {
      const startDay = epochDayOf(start.year, start.month, start.day);
      const endDay = epochDayOf(end.year, end.month, end.day);
      assert(endDay >= startDay, "a day count runs forward");
      // Split the period at each 1 January it spans: each piece lies within one year.
      let leapDays = 0;
      let otherDays = 0;
      let pieceStart = startDay;
      for (let year = start.year; pieceStart < endDay; year += 1) {
        const nextYearStart = epochDayOf(year + 1, 1, 1);
        const pieceEnd = Math.min(endDay, nextYearStart);
        if (isLeapYear(year)) leapDays += pieceEnd - pieceStart;
        else otherDays += pieceEnd - pieceStart;
        pieceStart = pieceEnd;
      }
      return { numerator: BigInt(leapDays * 365 + otherDays * 366), denominator: denominatorIsda };
    }
    default:
      return unknownDayCount(dayCount);
  }
}

/**
 * `yearFractionOf` for `YYYY-MM-DD` texts, for callers at the edge (rates, accruals). A date
 * that is not a real day is INVALID_DATE; an end before the start is VALIDATION_FAILED.
 */
export function yearFraction(dayCount: DayCount, startDate: string, endDate: string): YearFraction {
  const start = civilDateOf(startDate);
  const end = civilDateOf(endDate);
  if (start === null || end === null) {
    throw new AppError("INVALID_DATE", {
      detail: "Not a date (YYYY-MM-DD)",
      params: { reason: "syntax or no such day" },
    });
  }
  if (actualDays(start, end) < 0) {
    const message = "the end date is before the start date";
    throw new AppError("VALIDATION_FAILED", {
      detail: message,
      issues: [{ path: "endDate", code: "BEFORE_START", message }],
    });
  }
  return yearFractionOf(dayCount, start, end);
}

function unknownDayCount(dayCount: never): never {
  throw new Error(`Assertion failed: unknown day count ${String(dayCount)}`);
}
