import { assert } from "../../core/errors.ts";

/**
 * Business dates as whole day numbers (days since 1970-01-01), for the forecast's arithmetic over
 * hundreds of thousands of items: one parse per date instead of a calendar object per step. The
 * calendar is the proleptic Gregorian one of `YYYY-MM-DD`, the same as src/core/dates.ts.
 */

const msPerDay = 86_400_000;
const datePattern = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;

export function dayNumber(date: string): number {
  const match = datePattern.exec(date);
  assert(match !== null, `not a business date: ${date}`);
  const [, year = "", month = "", day = ""] = match;
  return Math.round(Date.UTC(Number(year), Number(month) - 1, Number(day)) / msPerDay);
}

export function dateOfDay(day: number): string {
  assert(Number.isSafeInteger(day), "day numbers are integers");
  return new Date(day * msPerDay).toISOString().slice(0, 10);
}

/** The date `days` later (earlier when negative). */
export function plusDays(date: string, days: number): string {
  return dateOfDay(dayNumber(date) + days);
}

/** later − earlier in days. */
export function daysFrom(earlier: string, later: string): number {
  return dayNumber(later) - dayNumber(earlier);
}

/** The Monday on or before the date (ISO 8601 weeks start on Monday). */
export function mondayOf(date: string): string {
  const day = dayNumber(date);
  // 1970-01-01 was a Thursday: day 0 is weekday 3 counting Monday as 0.
  const weekday = (((day + 3) % 7) + 7) % 7;
  return dateOfDay(day - weekday);
}

/** The last day of the date's month. */
export function monthEndOf(date: string): string {
  const [year = 0, month = 0] = date.split("-").map(Number);
  return dateOfDay(Math.round(Date.UTC(year, month, 0) / msPerDay));
}

/** The first day of the date's month. */
export function monthStartOf(date: string): string {
  return `${date.slice(0, 7)}-01`;
}

/** The month `months` later as `YYYY-MM` (earlier when negative). */
export function plusMonths(month: string, months: number): string {
  const [year = 0, index = 1] = month.split("-").map(Number);
  const total = year * 12 + (index - 1) + months;
  return `${String(Math.floor(total / 12)).padStart(4, "0")}-${String((total % 12) + 1).padStart(2, "0")}`;
}

/** Whole months from `from` to `to` (both `YYYY-MM`). */
export function monthsFrom(from: string, to: string): number {
  const [fy = 0, fm = 1] = from.split("-").map(Number);
  const [ty = 0, tm = 1] = to.split("-").map(Number);
  return (ty - fy) * 12 + (tm - fm);
}
