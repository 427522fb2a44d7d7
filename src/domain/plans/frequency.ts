import { AppError, assert, type FieldIssue } from "../../core/errors.ts";
import {
  type CivilDate,
  civilDateOf,
  civilOfEpochDay,
  daysInMonth,
  epochDayOf,
  formatCivilDate,
} from "./day-count.ts";

/**
 * How often installments fall due. Weekly and biweekly step by 7 and 14 days. Monthly, quarterly
 * and yearly step by 1, 3 and 12 calendar months, anchored on a day of the month: a day the
 * target month lacks clamps to its last day, and the next month returns to the anchor day
 * (anchored on the 31st: 31 Jan → 28/29 Feb → 31 Mar → 30 Apr).
 *
 * Semimonthly (twice a month) falls due on the anchor day and 15 days after it: the even steps
 * are whole months from the anchor (clamped as above), the odd steps those dates + 15 days.
 * Anchored on the 1st that is the 1st and 16th; on the 20th, the 20th and the 5th (4th or 6th
 * after February) of the next month. This rule, rather than "the 15th and the month end", keeps
 * the first period from the start date a regular half month whatever day the plan starts.
 */
export type Frequency = "weekly" | "biweekly" | "semimonthly" | "monthly" | "quarterly" | "yearly";

export const frequencies: ReadonlyArray<Frequency> = Object.freeze([
  "weekly",
  "biweekly",
  "semimonthly",
  "monthly",
  "quarterly",
  "yearly",
] as const);

export function isFrequency(value: unknown): value is Frequency {
  return typeof value === "string" && (frequencies as ReadonlyArray<string>).includes(value);
}

/** Regular periods in a year: the divisor of the annual rate for 30/360 periods. */
export function periodsPerYear(frequency: Frequency): number {
  switch (frequency) {
    case "weekly":
      return 52;
    case "biweekly":
      return 26;
    case "semimonthly":
      return 24;
    case "monthly":
      return 12;
    case "quarterly":
      return 4;
    case "yearly":
      return 1;
    default:
      return unknownFrequency(frequency);
  }
}

/** Most due dates in one series: fifty years of months. */
export const dueDatesMax = 600;

/** Days a semimonthly second due date falls after the first. */
export const semimonthlyOffsetDays = 15;

function monthsLater(anchor: CivilDate, anchorDay: number, months: number): CivilDate {
  const monthIndex = anchor.year * 12 + (anchor.month - 1) + months;
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12 + 1;
  const lastDay = daysInMonth(year, month);
  return { year, month, day: anchorDay < lastDay ? anchorDay : lastDay };
}

function daysLater(date: CivilDate, days: number): CivilDate {
  return civilOfEpochDay(epochDayOf(date.year, date.month, date.day) + days);
}

/**
 * The date `count` periods after `anchor` (`anchor` itself for 0, earlier for a negative count). `anchorDay` is the
 * day of the month that month steps return to; usually `anchor.day`, larger when the anchor
 * itself was clamped to a month end (a series anchored on the 31st whose first date is 30 April).
 */
export function periodsAfter(
  anchor: CivilDate,
  anchorDay: number,
  frequency: Frequency,
  count: number,
): CivilDate {
  assert(Number.isSafeInteger(count), "count must be an integer");
  switch (frequency) {
    case "weekly":
      return count === 0 ? anchor : daysLater(anchor, 7 * count);
    case "biweekly":
      return count === 0 ? anchor : daysLater(anchor, 14 * count);
    case "semimonthly": {
      const base = monthsLater(anchor, anchorDay, Math.floor(count / 2));
      return count % 2 === 0 ? base : daysLater(base, semimonthlyOffsetDays);
    }
    case "monthly":
      return monthsLater(anchor, anchorDay, count);
    case "quarterly":
      return monthsLater(anchor, anchorDay, 3 * count);
    case "yearly":
      return monthsLater(anchor, anchorDay, 12 * count);
    default:
      return unknownFrequency(frequency);
  }
}

/**
 * The day of the month a series whose first due date is `firstDue` returns to. A first due date
 * on the last day of a month that is earlier than the start day was clamped: the series keeps
 * the start day (start 31 Jan, first due 29 Feb: later dates fall on the 31st, or the month end).
 */
export function anchorDayOf(start: CivilDate, firstDue: CivilDate): number {
  const clamped = firstDue.day === daysInMonth(firstDue.year, firstDue.month) && start.day > firstDue.day;
  return clamped ? start.day : firstDue.day;
}

export interface DueDateSeries {
  /** `periods` due dates, the first being `firstDue`. */
  readonly dates: ReadonlyArray<CivilDate>;
  /** True when the first due date is exactly one period after the start. */
  readonly regularFirstPeriod: boolean;
}

/**
 * The due dates of `periods` installments from `start`. Without `firstDue` the first falls one
 * period after the start. With it, the series runs from `firstDue`; when `firstDue` is exactly
 * one period after the start the result is the same as without it.
 */
export function dueDateSeries(
  start: CivilDate,
  frequency: Frequency,
  periods: number,
  firstDue: CivilDate | null,
): DueDateSeries {
  assert(Number.isSafeInteger(periods) && periods >= 1, "periods must be a positive integer");
  const regularFirst = periodsAfter(start, start.day, frequency, 1);
  const regular =
    firstDue === null ||
    (firstDue.year === regularFirst.year &&
      firstDue.month === regularFirst.month &&
      firstDue.day === regularFirst.day);
  const dates: CivilDate[] = new Array(periods);
  if (regular) {
    for (let index = 0; index < periods; index += 1) {
      dates[index] = index === 0 ? regularFirst : periodsAfter(start, start.day, frequency, index + 1);
    }
  } else {
    const anchorDay = anchorDayOf(start, firstDue);
    for (let index = 0; index < periods; index += 1) {
      dates[index] = periodsAfter(firstDue, anchorDay, frequency, index);
    }
  }
  return { dates, regularFirstPeriod: regular };
}

/**
 * `dueDateSeries` for `YYYY-MM-DD` texts: the due dates of `periods` installments, for callers
 * at the edge (previews, restructuring). A text that is not a real day is INVALID_DATE; a bad
 * count, frequency or a first due date not after the start is VALIDATION_FAILED.
 */
export function dueDates(
  startDate: string,
  frequency: Frequency,
  periods: number,
  firstDueDate?: string,
): ReadonlyArray<string> {
  const start = civilDateOf(startDate);
  const firstDue = firstDueDate === undefined ? null : civilDateOf(firstDueDate);
  if (start === null || (firstDueDate !== undefined && firstDue === null)) {
    throw new AppError("INVALID_DATE", {
      detail: "Not a date (YYYY-MM-DD)",
      params: { reason: "syntax or no such day" },
    });
  }
  const issues: FieldIssue[] = [];
  if (!Number.isSafeInteger(periods) || periods < 1 || periods > dueDatesMax) {
    issues.push({
      path: "periods",
      code: "OUT_OF_RANGE",
      message: `a whole number from 1 to ${dueDatesMax}`,
    });
  }
  if (!isFrequency(frequency)) {
    issues.push({ path: "frequency", code: "INVALID_CHOICE", message: frequencies.join(", ") });
  }
  if (
    firstDue !== null &&
    epochDayOf(firstDue.year, firstDue.month, firstDue.day) <= epochDayOf(start.year, start.month, start.day)
  ) {
    issues.push({
      path: "firstDueDate",
      code: "NOT_AFTER_START",
      message: "the first due date must be after the start date",
    });
  }
  if (issues.length > 0) {
    throw new AppError("VALIDATION_FAILED", {
      detail: issues.map((issue) => `${issue.path}: ${issue.message}`).join("; "),
      issues,
    });
  }
  return dueDateSeries(start, frequency, periods, firstDue).dates.map((date) =>
    formatCivilDate(date.year, date.month, date.day),
  );
}

function unknownFrequency(frequency: never): never {
  throw new Error(`Assertion failed: unknown frequency ${String(frequency)}`);
}
