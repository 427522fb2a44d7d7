import { type Decimal, decimal, toFixedString } from "../../core/decimal.ts";
import { AppError, assert, type FieldIssue } from "../../core/errors.ts";
import { type CivilDate, civilDateOf, daysInMonth, epochDayOf } from "./day-count.ts";
// One concept, one name: the schedule engine owns the dated amount its cash flows are made of.
import type { DatedAmount } from "./schedule.ts";

/**
 * Annualized rates of dated cash flows: what a credit really costs, by the rule of the market the
 * figure is shown in (issue 5, item 2).
 *
 * - "us-reg-z": the actuarial method of US Regulation Z, 12 CFR 1026 Appendix J. Time is counted
 *   in unit-periods chosen by (b)(3)–(4); the odd days before the first full unit-period earn
 *   simple interest, the full unit-periods compound ((b)(5)–(6)), so a flow t full unit-periods and
 *   a fraction f after the start is discounted by (1 + f·i)(1 + i)^t ((b)(8)). APR = i × unit-periods
 *   a year ((b)(1)). The term starts with the first advance ((b)(2) starts it at consummation,
 *   which is not an input here; a creditor whose finance charge starts later passes that date).
 * - "eu-aprc": the annual percentage rate of charge of Directive 2008/48/EC, Annex I, Part I:
 *   Σ drawdowns·(1 + X)^−t = Σ repayments·(1 + X)^−s, t and s in years from the first drawdown.
 * - "xirr": Excel's XIRR: Σ v·(1 + r)^−(d − d0)/365, d0 the earliest date. Advances are the
 *   lender's outflows and payments its inflows, so the result is the lender's rate of return.
 * - "irr-nominal": the internal rate of return per unit-period (unit-periods as for Appendix J,
 *   odd days a compounding fraction of a unit-period) times the unit-periods in a year: the
 *   nominal annualized rate (年化利率) that PBOC announcement 〔2021〕 No. 3 requires lenders to
 *   show, computed by the IRR method. `effectiveAnnualRate` turns it into the compound rate.
 *
 * Precision: the equations are solved in float64 by Newton's method inside a bracket that always
 * holds a sign change (a step that leaves the bracket is replaced by bisection), until a step is
 * below 4 ulps of the rate or the bracket collapses, at most `rateSolverIterationsMax` times.
 * Amounts (exact as doubles below 2^53 minor units) are scaled by the total advanced, so every
 * term is of order 1, and summed in one canonical order, so the result does not depend on the
 * order of the input. The error of the root is then the rounding of the sum, about n·ε, over the
 * slope of the equation, which for a credit repaid over its term is of the order of its duration:
 * for ordinary plans (rates from 0 to a few hundred percent a year) the periodic rate is good to
 * about 1e-15 and the annual figure to better than 1e-12, far inside the 1e-9 the six decimals
 * need (the property tests check order-independence to the last bit). Only for flows whose rate
 * nears −100 % a period (almost nothing repaid) does the conditioning degrade. Nothing computed
 * here is booked: rates are shown, money is computed exactly elsewhere.
 */

export const rateMethods = ["us-reg-z", "eu-aprc", "xirr", "irr-nominal"] as const;
export type RateMethod = (typeof rateMethods)[number];

/** The unit-periods a request may name (the `apr` contract of issue 5). */
export const unitPeriods = [
  "day",
  "week",
  "biweek",
  "semimonth",
  "4week",
  "month",
  "2month",
  "quarter",
  "halfyear",
  "year",
] as const;
export type UnitPeriod = (typeof unitPeriods)[number];

/**
 * The unit-period used. Appendix J may choose one the request cannot name (3 weeks, 4 months, or
 * the term of a single-payment credit such as 255 days); those read `3week`, `4month`, `255day`.
 */
export type UnitPeriodName = UnitPeriod | `${number}day` | `${number}week` | `${number}month`;

/**
 * How the EU APRC measures time (Annex I, Part I, remark (c): "a year is presumed to have 365
 * days (or 366 days for leap years), 52 weeks or 12 equal months"):
 * - "equal-months" (default): whole calendar months counted back from each flow to the first
 *   drawdown are twelfths of a year, the days left over are 365ths. A schedule of whole months is
 *   thus measured in exact twelfths, so a regular monthly plan's APRC is exactly (1 + i)^12 − 1.
 * - "calendar-days": every interval is its actual days over 365, as in the calendar-basis worked
 *   examples of Directive 98/7/EC Annex III part A. The 366-day leap year the remark also allows
 *   is not offered: one year length keeps the rate of a given schedule independent of the year.
 */
export const aprcTimeBases = ["equal-months", "calendar-days"] as const;
export type AprcTimeBasis = (typeof aprcTimeBases)[number];

export interface AnnualRateRequest {
  readonly method: RateMethod;
  /** Money lent (drawdowns): positive or zero amounts, at least one positive. */
  readonly advances: ReadonlyArray<DatedAmount>;
  /** Money repaid (installments, fees, interest): positive or zero amounts, at least one positive. */
  readonly payments: ReadonlyArray<DatedAmount>;
  /** For "us-reg-z" and "irr-nominal"; chosen by Appendix J (b)(4) when omitted. Ignored otherwise. */
  readonly unitPeriod?: UnitPeriod;
  /** For "eu-aprc"; "equal-months" when omitted. Ignored otherwise. */
  readonly aprcTimeBasis?: AprcTimeBasis;
}

export interface AnnualRate {
  readonly method: RateMethod;
  /** The annual rate as a fraction (0.0968… for 9.68 %). */
  readonly rate: number;
  /** `rate` with six decimals, rounded half-even from its exact binary value: "0.096857". */
  readonly rateText: string;
  /** "year" for the methods whose unknown is an annual effective rate (eu-aprc, xirr). */
  readonly unitPeriod: UnitPeriodName;
  /** Who chose the unit-period: the request, Appendix J (b)(4), or the method itself. */
  readonly unitPeriodChosenBy: "request" | "appendix-j" | "method";
  /** Not always an integer: a single-payment credit of 255 days has 365/255 unit-periods a year. */
  readonly periodsPerYear: number;
  readonly ratePerPeriod: number;
  /** (1 + ratePerPeriod)^periodsPerYear − 1; equal to `rate` for eu-aprc and xirr. */
  readonly effectiveAnnualRate: number;
  readonly iterations: number;
}

/** Most advances, and most payments, in one request: daily flows for 30 years are about 11,000. */
export const rateCashFlowsMax = 20_000;
/** Newton steps (or bisections) before giving up; a well-posed equation needs well under 100. */
export const rateSolverIterationsMax = 300;
/** Decimals of `rateText`, the contract's "rates with 6 decimals". */
export const rateTextFractionDigits = 6;
/** Largest rate per period searched for; beyond it a "rate" is a data error, not a price. */
const ratePerPeriodSearchMax = 1e6;

// ———————————————————————————————————————— dates and months

function epochDay(date: CivilDate): number {
  return epochDayOf(date.year, date.month, date.day);
}

function monthIndex(date: CivilDate): number {
  return date.year * 12 + date.month - 1;
}

function isLastDayOfMonth(date: CivilDate): boolean {
  return date.day === daysInMonth(date.year, date.month);
}

/**
 * Whether a whole number of months separates two dates on the same day of the month, by
 * Appendix J (b)(3)(iv): "all months shall be considered equal"; a series on the last day of each
 * month runs from month end to month end, and a series on the 29th or 30th uses the last day of
 * February. Read symmetrically: a month end on either side matches any later day of the month on
 * the other (31 Jan → 28 Feb, 28 Feb → 30 Mar, 30 Apr → 31 May).
 */
function sameDayOfMonth(a: CivilDate, b: CivilDate): boolean {
  return (
    a.day === b.day || (isLastDayOfMonth(a) && b.day >= a.day) || (isLastDayOfMonth(b) && a.day >= b.day)
  );
}

/** `date` moved back `months` calendar months; a month end stays a month end, a 31st clamps. */
function monthsBefore(date: CivilDate, months: number): CivilDate {
  const index = monthIndex(date) - months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  const lastDay = daysInMonth(year, month);
  const day = isLastDayOfMonth(date) || date.day > lastDay ? lastDay : date.day;
  return { year, month, day };
}

interface MonthsAndDays {
  /** Full months measured back from the later date. */
  readonly months: number;
  /** Days from the earlier date forward to the start of the first full month. */
  readonly days: number;
}

/**
 * Appendix J (b)(5)(ii): "the number of full unit-periods between 2 dates shall be the number of
 * months measured back from the later date. The remaining fraction … shall be the number of days
 * measured forward from the earlier date to the beginning of the first full unit-period".
 */
function monthsAndDaysBetween(earlier: CivilDate, later: CivilDate): MonthsAndDays {
  const monthsApart = monthIndex(later) - monthIndex(earlier);
  assert(epochDay(later) >= epochDay(earlier), "months are measured forward");
  if (sameDayOfMonth(earlier, later)) return { months: monthsApart, days: 0 };
  const sameMonthAsEarlier = monthsBefore(later, monthsApart);
  const months = epochDay(sameMonthAsEarlier) >= epochDay(earlier) ? monthsApart : monthsApart - 1;
  return { months, days: epochDay(monthsBefore(later, months)) - epochDay(earlier) };
}

// ———————————————————————————————————————— unit-periods

type UnitKind = "day" | "week" | "semimonth" | "month";

/** A unit-period: `count` days, weeks or months, or a semimonth (count 1). */
interface Unit {
  readonly kind: UnitKind;
  readonly count: number;
}

const unitOfName: Readonly<Record<UnitPeriod, Unit>> = {
  day: { kind: "day", count: 1 },
  week: { kind: "week", count: 1 },
  biweek: { kind: "week", count: 2 },
  semimonth: { kind: "semimonth", count: 1 },
  "4week": { kind: "week", count: 4 },
  month: { kind: "month", count: 1 },
  "2month": { kind: "month", count: 2 },
  quarter: { kind: "month", count: 3 },
  halfyear: { kind: "month", count: 6 },
  year: { kind: "month", count: 12 },
};

function nameOfUnit(unit: Unit): UnitPeriodName {
  for (const name of unitPeriods) {
    const candidate = unitOfName[name];
    if (candidate.kind === unit.kind && candidate.count === unit.count) return name;
  }
  switch (unit.kind) {
    case "day":
      return `${unit.count}day`;
    case "week":
      return `${unit.count}week`;
    case "semimonth":
      return "semimonth";
    case "month":
      return `${unit.count}month`;
    default:
      return unknownKind(unit.kind);
  }
}

/**
 * Unit-periods a year, Appendix J (b)(5)(ii)–(iv): 12 ÷ months, 24 semimonths, 52 ÷ weeks, and
 * 365 days. A unit of several days (only the term of a single-payment credit, (b)(5)(vii)) has
 * 365 ÷ its days.
 */
function unitsPerYear(unit: Unit): number {
  switch (unit.kind) {
    case "day":
      return 365 / unit.count;
    case "week":
      return 52 / unit.count;
    case "semimonth":
      return 24;
    case "month":
      return 12 / unit.count;
    default:
      return unknownKind(unit.kind);
  }
}

/** Full unit-periods `t` and the fraction `f` of one, from the start of the term to a flow. */
interface Timing {
  readonly whole: number;
  readonly fraction: number;
}

/** Appendix J (b)(5): the unit-periods between the start of the term and `date`. */
function timingOf(start: CivilDate, date: CivilDate, unit: Unit): Timing {
  switch (unit.kind) {
    case "day":
    case "week": {
      // (b)(5)(iv): the days between the dates divided by the days per unit-period.
      const unitDays = unit.kind === "day" ? unit.count : 7 * unit.count;
      const days = epochDay(date) - epochDay(start);
      const whole = Math.floor(days / unitDays);
      return { whole, fraction: (days - whole * unitDays) / unitDays };
    }
    case "semimonth":
    case "month": {
      const { months, days } = monthsAndDaysBetween(start, date);
      if (unit.kind === "month" && unit.count === 12) {
        // (b)(5)(v): full years of 12 months back from the later date; the rest is whole months
        // over 12, or, when it is not a whole number of months, its days over 365.
        const whole = Math.floor(months / 12);
        const restMonths = months - 12 * whole;
        if (days === 0) return { whole, fraction: restMonths / 12 };
        return { whole, fraction: (epochDay(monthsBefore(date, 12 * whole)) - epochDay(start)) / 365 };
      }
      if (unit.kind === "month" && unit.count === 1) {
        // (b)(5)(ii): full months, and the odd days over 30.
        return { whole: months, fraction: days / 30 };
      }
      // (b)(5)(iii): 30 days for each full month plus the odd days, over 15 for a semimonth or
      // over 30 × months for a unit of several months.
      const unitDays = unit.kind === "semimonth" ? 15 : 30 * unit.count;
      const totalDays = 30 * months + days;
      const whole = Math.floor(totalDays / unitDays);
      return { whole, fraction: (totalDays - whole * unitDays) / unitDays };
    }
    default:
      return unknownKind(unit.kind);
  }
}

/** One period of the transaction ((b)(3)(i)) as a length that can be compared with others. */
interface Period {
  /** Equal keys are equal periods ((b)(3)(ii) "a period that occurs more than once"). */
  readonly key: string;
  /** Length in days, months being 365/12: for ordering and for averaging ((b)(4)(i)(A)–(B)). */
  readonly days: number;
  /** The unit-period this period would be; null beyond a year ((b)(4)(i) "not to exceed 1 year"). */
  readonly unit: Unit | null;
}

const daysPerMonth = 365 / 12;
/** A semimonth interval between two due dates is 13 to 16 days; 17 leaves room for the 31st. */
const semimonthDaysMin = 13;
const semimonthDaysMax = 17;

function isWholeMonthsApart(a: CivilDate, b: CivilDate, months: number): boolean {
  return monthIndex(b) - monthIndex(a) === months && sameDayOfMonth(a, b);
}

/**
 * The period from `series[index]` to `series[index + 1]`. A semimonth is recognised when the
 * interval is about half a month and the date two steps before or after is a whole month away
 * (due on the 1st and 16th, or on the 20th and 15 days later): a semimonth is not a fixed number of
 * days, so it can only be seen in the series.
 */
function periodAt(series: ReadonlyArray<CivilDate>, index: number): Period {
  const from = series[index];
  const to = series[index + 1];
  assert(from !== undefined && to !== undefined, "a period needs two dates");
  return periodBetween(from, to, () => {
    const before = series[index - 1];
    const after = series[index + 2];
    return (
      (after !== undefined && isWholeMonthsApart(from, after, 1)) ||
      (before !== undefined && isWholeMonthsApart(before, to, 1))
    );
  });
}

function periodBetween(from: CivilDate, to: CivilDate, inSemimonthSeries: () => boolean): Period {
  const days = epochDay(to) - epochDay(from);
  const { months, days: oddDays } = monthsAndDaysBetween(from, to);
  if (oddDays === 0 && months >= 1) {
    return {
      key: `${months}m`,
      days: months * daysPerMonth,
      unit: months <= 12 ? { kind: "month", count: months } : null,
    };
  }
  if (days >= semimonthDaysMin && days <= semimonthDaysMax && inSemimonthSeries()) {
    return { key: "semimonth", days: daysPerMonth / 2, unit: { kind: "semimonth", count: 1 } };
  }
  if (days % 7 === 0) {
    const weeks = days / 7;
    return { key: `${weeks}w`, days, unit: weeks <= 52 ? { kind: "week", count: weeks } : null };
  }
  return { key: `${days}d`, days, unit: days <= 365 ? { kind: "day", count: days } : null };
}

/**
 * The standard intervals of time of (b)(3)(iii): a day, a week, a semimonth, a month, or a multiple
 * of a week or a month up to a year; ascending.
 */
const standardIntervals: ReadonlyArray<{ readonly days: number; readonly unit: Unit }> = [
  { days: 1, unit: { kind: "day" as const, count: 1 } },
  { days: daysPerMonth / 2, unit: { kind: "semimonth" as const, count: 1 } },
  ...Array.from({ length: 52 }, (_, index) => ({
    days: 7 * (index + 1),
    unit: { kind: "week" as const, count: index + 1 },
  })),
  ...Array.from({ length: 12 }, (_, index) => ({
    days: (index + 1) * daysPerMonth,
    unit: { kind: "month" as const, count: index + 1 },
  })),
].sort((a, b) => a.days - b.days);

function distinctSorted(dates: ReadonlyArray<CivilDate>): CivilDate[] {
  const byDay = new Map<number, CivilDate>();
  for (const date of dates) byDay.set(epochDay(date), date);
  return [...byDay.entries()].sort((a, b) => a[0] - b[0]).map((entry) => entry[1]);
}

/**
 * Appendix J (b)(4): the unit-period of a transaction whose term starts on `start`.
 *
 * (ii) A single advance repaid by a single payment: the term, at most a year ((b)(5)(vi)–(vii):
 * a term of whole months is that many months; otherwise its days).
 * (i) Otherwise the common period, not over a year, that occurs most often, (A) the smaller of
 * two as frequent, (B) with no common period, the average of all periods rounded to the nearest
 * standard interval of time, the lower of two as near.
 *
 * The periods ((b)(3)(i)) are the intervals between successive advances, between successive
 * payments, and from the start of the term to the first payment (the start being the first
 * advance, the first advance after it is the second advance). Dates are taken once each, however
 * many flows fall on them.
 */
function appendixJUnit(
  start: CivilDate,
  advances: ReadonlyArray<CivilDate>,
  payments: ReadonlyArray<CivilDate>,
): Unit {
  const advanceDates = distinctSorted(advances);
  const paymentDates = distinctSorted(payments);
  const last = paymentDates[paymentDates.length - 1];
  if (advanceDates.length === 1 && paymentDates.length === 1 && last !== undefined) {
    const { months, days } = monthsAndDaysBetween(start, last);
    if (months >= 12) return { kind: "month", count: 12 };
    if (days === 0 && months >= 1) return { kind: "month", count: months };
    const termDays = epochDay(last) - epochDay(start);
    if (termDays <= 0) throw noTerm();
    return { kind: "day", count: termDays };
  }

  const periods: Period[] = [];
  for (let index = 0; index + 1 < advanceDates.length; index += 1)
    periods.push(periodAt(advanceDates, index));
  for (let index = 0; index + 1 < paymentDates.length; index += 1)
    periods.push(periodAt(paymentDates, index));
  const first = paymentDates[0];
  if (first !== undefined && epochDay(first) > epochDay(start)) {
    periods.push(periodBetween(start, first, () => false));
  }
  if (periods.length === 0) throw noTerm();

  const occurrences = new Map<string, { period: Period; count: number }>();
  for (const period of periods) {
    const seen = occurrences.get(period.key);
    occurrences.set(period.key, { period, count: (seen?.count ?? 0) + 1 });
  }
  let best: { period: Period; count: number } | null = null;
  for (const entry of occurrences.values()) {
    if (entry.count < 2 || entry.period.unit === null) continue;
    if (
      best === null ||
      entry.count > best.count ||
      (entry.count === best.count && entry.period.days < best.period.days)
    ) {
      best = entry;
    }
  }
  if (best?.period.unit) return best.period.unit;

  const averageDays = periods.reduce((total, period) => total + period.days, 0) / periods.length;
  let nearest = standardIntervals[0];
  assert(nearest !== undefined, "there are standard intervals");
  for (const candidate of standardIntervals) {
    // Ascending order and a strict comparison keep the lower of two equally near intervals.
    if (Math.abs(candidate.days - averageDays) < Math.abs(nearest.days - averageDays) - 1e-9)
      nearest = candidate;
  }
  return nearest.unit;
}

/**
 * The unit-period Appendix J (b)(4) chooses for advances and payments on these dates
 * (`YYYY-MM-DD`), the term starting with the earliest advance.
 */
export function appendixJUnitPeriod(
  advanceDates: ReadonlyArray<string>,
  paymentDates: ReadonlyArray<string>,
): UnitPeriodName {
  const advances = advanceDates.map((text, index) => dateOrThrow(text, `advances[${index}].date`));
  const payments = paymentDates.map((text, index) => dateOrThrow(text, `payments[${index}].date`));
  const start = distinctSorted(advances)[0];
  if (start === undefined) throw invalid("advances", "REQUIRED", "at least one advance");
  return nameOfUnit(appendixJUnit(start, advances, payments));
}

// ———————————————————————————————————————— the solver

/**
 * One flow of the equation: a signed amount (payments +, advances −, scaled) discounted by
 * (1 + simpleFraction·i)^−1 · (1 + i)^−exponent. Appendix J uses both factors; the compound-only
 * methods leave simpleFraction at 0 and put the whole time in the exponent.
 */
interface Term {
  readonly amount: number;
  readonly exponent: number;
  readonly simpleFraction: number;
}

interface Evaluation {
  readonly value: number;
  readonly slope: number;
}

function presentValue(terms: ReadonlyArray<Term>, rate: number): Evaluation {
  const logGrowth = Math.log1p(rate);
  let value = 0;
  let slope = 0;
  for (const term of terms) {
    const simple = 1 + term.simpleFraction * rate;
    const discounted = (term.amount * Math.exp(-term.exponent * logGrowth)) / simple;
    value += discounted;
    slope -= discounted * (term.simpleFraction / simple + term.exponent / (1 + rate));
  }
  return { value, slope };
}

interface Root {
  readonly rate: number;
  readonly iterations: number;
}

type Bracket = { readonly low: number; readonly high: number; readonly lowValue: number };

/** A rate above 0 where the value has the other sign than at 0, searching upward by doubling. */
function bracketAbove(terms: ReadonlyArray<Term>, valueAtZero: number): Bracket | null {
  let low = 0;
  let lowValue = valueAtZero;
  for (let high = 0.01; high <= ratePerPeriodSearchMax; high *= 2) {
    const value = presentValue(terms, high).value;
    if (!Number.isFinite(value)) return null;
    if (Math.sign(value) !== Math.sign(lowValue)) return { low, high, lowValue };
    low = high;
    lowValue = value;
  }
  return null;
}

/** A rate in (−1, 0) where the value has the other sign than at 0, halving the distance to −1. */
function bracketBelow(terms: ReadonlyArray<Term>, valueAtZero: number): Bracket | null {
  let high = 0;
  for (let gap = 0.5; gap > 1e-12; gap /= 2) {
    const low = -1 + gap;
    const value = presentValue(terms, low).value;
    if (!Number.isFinite(value)) return null;
    if (Math.sign(value) !== Math.sign(valueAtZero)) return { low, high, lowValue: value };
    high = low;
  }
  return null;
}

/**
 * The rate per period at which the terms' present value is zero, or null when none is found. The
 * search starts at 0 and looks first on the side the sign at 0 points to (payments exceeding
 * advances mean a positive rate), then on the other.
 */
function solveRate(terms: ReadonlyArray<Term>): Root | null {
  const atZero = presentValue(terms, 0).value;
  if (atZero === 0) return { rate: 0, iterations: 0 };
  const bracket =
    atZero > 0
      ? (bracketAbove(terms, atZero) ?? bracketBelow(terms, atZero))
      : (bracketBelow(terms, atZero) ?? bracketAbove(terms, atZero));
  if (bracket === null) return null;

  let { low, high } = bracket;
  const lowSign = Math.sign(bracket.lowValue);
  let rate = (low + high) / 2;
  for (let iteration = 1; iteration <= rateSolverIterationsMax; iteration += 1) {
    const { value, slope } = presentValue(terms, rate);
    if (value === 0 || !Number.isFinite(value)) return { rate, iterations: iteration };
    if (Math.sign(value) === lowSign) low = rate;
    else high = rate;
    const newton = rate - value / slope;
    const next = Number.isFinite(newton) && newton > low && newton < high ? newton : (low + high) / 2;
    const tolerance = 4 * Number.EPSILON * Math.max(Math.abs(next), 1e-3);
    if (Math.abs(next - rate) <= tolerance || high - low <= tolerance)
      return { rate: next, iterations: iteration };
    rate = next;
  }
  return { rate, iterations: rateSolverIterationsMax };
}

// ———————————————————————————————————————— validation

function invalid(path: string, code: string, message: string): AppError {
  return new AppError("VALIDATION_FAILED", {
    detail: `${path}: ${message}`,
    issues: [{ path, code, message }],
  });
}

function noTerm(): AppError {
  return invalid(
    "payments",
    "NO_TERM",
    "every payment falls on the day of the first advance: no time passes",
  );
}

function noRate(): AppError {
  return invalid("payments", "NO_RATE", "no rate makes the payments worth the advances");
}

function dateOrThrow(text: string, path: string): CivilDate {
  const date = civilDateOf(text);
  if (date === null) throw invalid(path, "INVALID_DATE", "a date YYYY-MM-DD");
  return date;
}

interface Flow {
  readonly date: CivilDate;
  readonly amount: number;
}

interface CheckedFlows {
  readonly start: CivilDate;
  readonly advances: ReadonlyArray<Flow>;
  readonly payments: ReadonlyArray<Flow>;
  readonly advancedMinor: bigint;
}

function checkSide(
  side: "advances" | "payments",
  list: ReadonlyArray<DatedAmount>,
  issues: FieldIssue[],
): { flows: Flow[]; totalMinor: bigint; listed: boolean } {
  const flows: Flow[] = [];
  let totalMinor = 0n;
  if (!Array.isArray(list) || list.length === 0) {
    issues.push({ path: side, code: "REQUIRED", message: `at least one of the ${side}` });
    return { flows, totalMinor, listed: false };
  }
  if (list.length > rateCashFlowsMax) {
    issues.push({ path: side, code: "TOO_MANY", message: `at most ${rateCashFlowsMax} ${side}` });
    return { flows, totalMinor, listed: false };
  }
  list.forEach((item, index) => {
    const date = civilDateOf(item?.date);
    if (date === null)
      issues.push({ path: `${side}[${index}].date`, code: "INVALID_DATE", message: "a date YYYY-MM-DD" });
    const amount = item?.amountMinor;
    if (typeof amount !== "bigint" || amount < 0n) {
      issues.push({
        path: `${side}[${index}].amountMinor`,
        code: "OUT_OF_RANGE",
        message: "a non-negative amount",
      });
      return;
    }
    totalMinor += amount;
    if (date !== null && amount > 0n) flows.push({ date, amount: Number(amount) });
  });
  if (issues.length === 0 && totalMinor === 0n) {
    issues.push({ path: side, code: "ALL_ZERO", message: `the ${side} add up to zero` });
  }
  return { flows, totalMinor, listed: true };
}

function checkFlows(request: AnnualRateRequest): CheckedFlows {
  const issues: FieldIssue[] = [];
  if (!(rateMethods as ReadonlyArray<string>).includes(request.method)) {
    issues.push({ path: "method", code: "UNKNOWN", message: `one of ${rateMethods.join(", ")}` });
  }
  if (
    request.unitPeriod !== undefined &&
    !(unitPeriods as ReadonlyArray<string>).includes(request.unitPeriod)
  ) {
    issues.push({ path: "unitPeriod", code: "UNKNOWN", message: `one of ${unitPeriods.join(", ")}` });
  }
  if (
    request.aprcTimeBasis !== undefined &&
    !(aprcTimeBases as ReadonlyArray<string>).includes(request.aprcTimeBasis)
  ) {
    issues.push({ path: "aprcTimeBasis", code: "UNKNOWN", message: `one of ${aprcTimeBases.join(", ")}` });
  }
  const advanceIssues: FieldIssue[] = [];
  const advances = checkSide("advances", request.advances, advanceIssues);
  const paymentIssues: FieldIssue[] = [];
  const payments = checkSide("payments", request.payments, paymentIssues);
  issues.push(...advanceIssues, ...paymentIssues);

  const startDay = Math.min(...advances.flows.map((flow) => epochDay(flow.date)));
  const start = advances.flows.find((flow) => epochDay(flow.date) === startDay)?.date;
  if (start !== undefined && payments.listed) {
    request.payments.forEach((item, index) => {
      const date = civilDateOf(item?.date);
      if (date !== null && epochDay(date) < startDay) {
        issues.push({
          path: `payments[${index}].date`,
          code: "BEFORE_FIRST_ADVANCE",
          message: "a payment cannot come before the first advance",
        });
      }
    });
  }
  if (issues.length > 0 || start === undefined) {
    throw new AppError("VALIDATION_FAILED", {
      detail: issues.map((issue) => `${issue.path}: ${issue.message}`).join("; "),
      issues,
    });
  }
  return { start, advances: advances.flows, payments: payments.flows, advancedMinor: advances.totalMinor };
}

// ———————————————————————————————————————— the public functions

/**
 * The annualized rate of dated advances and payments by `method` (see the top of this file).
 * Invalid input — no advance or payment, negative amounts, all zero, a payment before the first
 * advance, no time elapsing — is VALIDATION_FAILED with the path of the field at fault; flows for
 * which no rate exists are VALIDATION_FAILED at "payments" with code NO_RATE.
 */
export function annualRate(request: AnnualRateRequest): AnnualRate {
  const flows = checkFlows(request);
  const scale = Number(flows.advancedMinor);
  // Summed in one canonical order (by date, then amount), so that the float result depends on the
  // flows and never on the order they were listed in.
  const signed = [
    ...flows.advances.map((flow) => ({ date: flow.date, amount: -flow.amount / scale })),
    ...flows.payments.map((flow) => ({ date: flow.date, amount: flow.amount / scale })),
  ].sort((a, b) => epochDay(a.date) - epochDay(b.date) || a.amount - b.amount);
  const startDay = epochDay(flows.start);
  if (flows.payments.every((flow) => epochDay(flow.date) === startDay)) throw noTerm();

  switch (request.method) {
    case "xirr":
    case "eu-aprc": {
      const calendarDays = request.method === "xirr" || request.aprcTimeBasis === "calendar-days";
      const terms = signed.map((flow) => {
        if (calendarDays)
          return { amount: flow.amount, exponent: (epochDay(flow.date) - startDay) / 365, simpleFraction: 0 };
        const { months, days } = monthsAndDaysBetween(flows.start, flow.date);
        return { amount: flow.amount, exponent: months / 12 + days / 365, simpleFraction: 0 };
      });
      const root = solveRate(terms);
      if (root === null) throw noRate();
      return {
        method: request.method,
        rate: root.rate,
        rateText: formatRate(root.rate),
        unitPeriod: "year",
        unitPeriodChosenBy: "method",
        periodsPerYear: 1,
        ratePerPeriod: root.rate,
        effectiveAnnualRate: root.rate,
        iterations: root.iterations,
      };
    }
    case "us-reg-z":
    case "irr-nominal": {
      const unit =
        request.unitPeriod === undefined
          ? appendixJUnit(
              flows.start,
              flows.advances.map((flow) => flow.date),
              flows.payments.map((flow) => flow.date),
            )
          : unitOfName[request.unitPeriod];
      const actuarial = request.method === "us-reg-z";
      const terms = signed.map((flow) => {
        const { whole, fraction } = timingOf(flows.start, flow.date, unit);
        return actuarial
          ? { amount: flow.amount, exponent: whole, simpleFraction: fraction }
          : { amount: flow.amount, exponent: whole + fraction, simpleFraction: 0 };
      });
      const root = solveRate(terms);
      if (root === null) throw noRate();
      const perYear = unitsPerYear(unit);
      const annualized = root.rate * perYear;
      return {
        method: request.method,
        rate: annualized,
        rateText: formatRate(annualized),
        unitPeriod: nameOfUnit(unit),
        unitPeriodChosenBy: request.unitPeriod === undefined ? "appendix-j" : "request",
        periodsPerYear: perYear,
        ratePerPeriod: root.rate,
        effectiveAnnualRate: effectiveAnnualRate(root.rate, perYear),
        iterations: root.iterations,
      };
    }
    default:
      return unknownMethod(request.method);
  }
}

/** (1 + i)^m − 1: the compound annual rate of a periodic rate i with m periods a year. */
export function effectiveAnnualRate(periodicRate: number, periodsPerYear: number): number {
  assert(Number.isFinite(periodicRate) && periodicRate > -1, "a periodic rate is above −100 %");
  assert(Number.isFinite(periodsPerYear) && periodsPerYear > 0, "periods per year are positive");
  return Math.expm1(periodsPerYear * Math.log1p(periodicRate));
}

/** The exact value of a finite double as a fraction: its binary digits, nothing rounded. */
export function decimalOfNumber(value: number): Decimal {
  assert(Number.isFinite(value), "only a finite number has a decimal value");
  if (value === 0) return decimal(0n);
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  const bits = view.getBigUint64(0);
  const negative = bits >> 63n === 1n;
  const biasedExponent = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & 0xfffffffffffffn;
  const mantissa = biasedExponent === 0 ? fraction : fraction | (1n << 52n);
  const exponent = (biasedExponent === 0 ? 1 : biasedExponent) - 1075;
  const signed = negative ? -mantissa : mantissa;
  return exponent >= 0 ? decimal(signed * 2n ** BigInt(exponent)) : decimal(signed, 2n ** BigInt(-exponent));
}

/** A rate as text with `fractionDigits` decimals (6 by default), rounded half-even from its exact value. */
export function formatRate(rate: number, fractionDigits: number = rateTextFractionDigits): string {
  return toFixedString(decimalOfNumber(rate), fractionDigits, "half-even");
}

// ———————————————————————————————————————— Excel-compatible helpers

/**
 * Spreadsheet time-value functions with Excel's arguments and sign convention (money received
 * positive, money paid negative; `type` 0 for payments at the end of each period, 1 at the
 * start). For tests against Microsoft's documented examples and for quick checks; schedules use
 * exact arithmetic instead. `rate` and `irr` return NaN where Excel shows #NUM!.
 */
export type PaymentTiming = 0 | 1;

function annuityTerms(nper: number, payment: number, pv: number, fv: number, type: PaymentTiming): Term[] {
  assert(
    Number.isSafeInteger(nper) && nper >= 1 && nper <= 100_000,
    "nper must be a whole number of periods",
  );
  const size = Math.max(Math.abs(payment), Math.abs(pv), Math.abs(fv), Number.MIN_VALUE);
  const terms: Term[] = [{ amount: pv / size, exponent: 0, simpleFraction: 0 }];
  for (let period = 1; period <= nper; period += 1) {
    terms.push({ amount: payment / size, exponent: type === 1 ? period - 1 : period, simpleFraction: 0 });
  }
  terms.push({ amount: fv / size, exponent: nper, simpleFraction: 0 });
  return terms;
}

/** Excel RATE(nper, pmt, pv, [fv], [type]): the rate per period of an annuity. */
export function rate(
  nper: number,
  payment: number,
  pv: number,
  futureValue = 0,
  type: PaymentTiming = 0,
): number {
  return solveRate(annuityTerms(nper, payment, pv, futureValue, type))?.rate ?? Number.NaN;
}

/** Excel IRR(values): the rate per period of flows one period apart, the first at time 0. */
export function irr(values: ReadonlyArray<number>): number {
  const size = Math.max(...values.map((value) => Math.abs(value)));
  if (!(size > 0)) return Number.NaN;
  return (
    solveRate(values.map((value, period) => ({ amount: value / size, exponent: period, simpleFraction: 0 })))
      ?.rate ?? Number.NaN
  );
}

/** Excel PMT(rate, nper, pv, [fv], [type]): the level payment that brings pv to fv. */
export function pmt(
  ratePerPeriod: number,
  nper: number,
  pv: number,
  futureValue = 0,
  type: PaymentTiming = 0,
): number {
  if (ratePerPeriod === 0) return -(pv + futureValue) / nper;
  const growth = (1 + ratePerPeriod) ** nper;
  return -(ratePerPeriod * (futureValue + pv * growth)) / ((1 + ratePerPeriod * type) * (growth - 1));
}

/** Excel FV(rate, nper, pmt, pv, [type]): the balance after `nper` periods, Excel's sign. */
function fv(ratePerPeriod: number, nper: number, payment: number, pv: number, type: PaymentTiming): number {
  if (ratePerPeriod === 0) return -(pv + payment * nper);
  const growth = (1 + ratePerPeriod) ** nper;
  return -(pv * growth + (payment * (1 + ratePerPeriod * type) * (growth - 1)) / ratePerPeriod);
}

/**
 * Excel IPMT(rate, per, nper, pv, [fv], [type]): the interest part of payment `per`. With
 * payments at the start of each period the first payment carries no interest.
 */
export function ipmt(
  ratePerPeriod: number,
  per: number,
  nper: number,
  pv: number,
  futureValue = 0,
  type: PaymentTiming = 0,
): number {
  assert(Number.isSafeInteger(per) && per >= 1 && per <= nper, "per must be a period from 1 to nper");
  const payment = pmt(ratePerPeriod, nper, pv, futureValue, type);
  if (type === 1) {
    if (per === 1) return 0;
    return (fv(ratePerPeriod, per - 2, payment, pv, 1) - payment) * ratePerPeriod;
  }
  return fv(ratePerPeriod, per - 1, payment, pv, 0) * ratePerPeriod;
}

/** Excel PPMT(rate, per, nper, pv, [fv], [type]): the principal part of payment `per`. */
export function ppmt(
  ratePerPeriod: number,
  per: number,
  nper: number,
  pv: number,
  futureValue = 0,
  type: PaymentTiming = 0,
): number {
  return (
    pmt(ratePerPeriod, nper, pv, futureValue, type) - ipmt(ratePerPeriod, per, nper, pv, futureValue, type)
  );
}

function unknownKind(kind: never): never {
  throw new Error(`Assertion failed: unknown unit-period kind ${String(kind)}`);
}

function unknownMethod(method: never): never {
  throw new Error(`Assertion failed: unknown rate method ${String(method)}`);
}
