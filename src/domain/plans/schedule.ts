import { isAmountIn, isIntegerIn } from "../../core/checks.ts";
import { isCurrencyCode } from "../../core/currency.ts";
import { compare, type Decimal, decimal, parseDecimal, ZERO } from "../../core/decimal.ts";
import { AppError, assert, type FieldIssue, isAppError } from "../../core/errors.ts";
import { divideRounded, isRoundingMode, type RoundingMode } from "../../core/rounding.ts";
import {
  type CivilDate,
  civilDateOf,
  type DayCount,
  formatCivilDate,
  isDayCount,
  yearFractionOf,
} from "./day-count.ts";
import {
  anchorDayOf,
  dueDateSeries,
  dueDatesMax,
  type Frequency,
  isFrequency,
  periodsAfter,
  periodsPerYear,
} from "./frequency.ts";

/**
 * The schedule engine (还款计划): from a plan's terms to its installments, exactly.
 *
 * Conventions, each a choice a reader should not have to guess:
 *
 * - Money is integer minor units. Every interest and fee amount is computed exactly from exact
 *   rationals and rounded once, with the request's rounding mode; the last installment takes
 *   whatever is left, so the principal parts add up to the amount financed to the minor unit.
 * - The periodic rate of a regular period is annualRate / periodsPerYear under 30/360 (a monthly
 *   period is annualRate / 12 whatever the month's length) and annualRate × the period's year
 *   fraction under actual/365 and actual/actual (a 31-day month costs more than a 28-day one).
 * - An irregular first period (a first due date other than one period after the start) is
 *   charged interest on its own length: annualRate × its year fraction under every day count
 *   (30E/360 days over 360 for "30/360"). It changes only the first installment's interest: the
 *   principal part of that installment is what it would be after a regular first period (the one
 *   period that ends on the first due date), so a long first period makes the first installment
 *   larger, a short one smaller, and every later installment stays level. This is how lenders
 *   treat odd days (首期按实际天数计息), and it never leaves a level installment unable to cover a
 *   long first period's interest, which spreading the odd days over the level payment would.
 * - Equal-installment (等额本息): the level amount X repays the balance after the grace periods
 *   exactly over the remaining periods at their periodic rates r_k:
 *   balance = Σ_k X / Π_{j≤k}(1 + r_j), which is PMT = P·r / (1 − (1 + r)^−n) when every r_k is
 *   the same. X is computed as an exact rational (never in floating point) and X + fee is
 *   rounded once to the installment multiple; each row's principal is that amount less its
 *   interest and fee.
 * - Equal-principal (等额本金): after the grace periods each row repays financed / periods
 *   (rounded to the installment multiple), interest on the declining balance.
 * - Flat-fee (手续费分期): no interest (annualRate must be 0); each row carries the fee
 *   feeRatePerPeriod × the amount financed (not the declining balance), rounded once, and
 *   financed / periods of principal, rounded so that the row's total is a multiple of the
 *   installment multiple.
 * - Interest-only: interest every period, the whole principal with the last.
 * - A periodic fee (feeRatePerPeriod × the amount financed) is charged on every row of every
 *   method, grace rows included; it is not interest, so an interest-free promotion keeps it.
 * - Grace on principal: the first N rows pay interest and fee only; the method then amortizes
 *   over the remaining periods.
 * - Down payment: paid to the seller at the start; financed = principal − down payment. It is
 *   not a credit cash flow.
 * - Upfront fee: the customer receives the amount financed and pays the fee back at the start,
 *   so the credit's single advance, dated the start date, is financed − upfront fee. The
 *   payments are the installments' totals on their due dates (rows of zero are left out). These
 *   two lists are what an APR calculation needs.
 * - Interest-free promotion (免息): the customer's schedule is the same plan at a zero rate; the
 *   merchant's subsidy (贴息) is the total interest the plan would have earned at annualRate.
 * - The installment multiple rounds the level total (equal-installment, flat-fee) or the level
 *   principal part (equal-principal); interest-only rows are not level and are not rounded to it.
 * - Terms that cannot be amortized are refused (VALIDATION_FAILED) rather than bent: a level
 *   installment below a period's interest and fee (INSTALLMENT_BELOW_CHARGES: a coarse multiple,
 *   or a 31-day month under actual days when (1 + monthly rate)^periods exceeds about 50, as at
 *   24 % a year over more than 16 years), or installments that
 *   repay everything before the last period (PAID_OFF_EARLY: a coarse multiple, or a few fen
 *   over many periods).
 */

export type ScheduleMethod = "equal-installment" | "equal-principal" | "flat-fee" | "interest-only";

export const scheduleMethods: ReadonlyArray<ScheduleMethod> = Object.freeze([
  "equal-installment",
  "equal-principal",
  "flat-fee",
  "interest-only",
] as const);

export function isScheduleMethod(value: unknown): value is ScheduleMethod {
  return typeof value === "string" && (scheduleMethods as ReadonlyArray<string>).includes(value);
}

/** Most installments in one plan: fifty years of months. */
export const schedulePeriodsMax = dueDatesMax;
/** Largest principal, down payment, fee or multiple: 10^17 minor units (10^15 元). */
export const scheduleAmountMinorMax = 10n ** 17n;
/** Highest annual rate accepted: 1,000 % a year. Beyond it the figure is a typing mistake. */
export const scheduleAnnualRateMax: Decimal = decimal(10);
/** Highest fee rate per period: the whole amount financed each period. */
export const scheduleFeeRatePerPeriodMax: Decimal = decimal(1);
/** Start dates are accepted from this year … */
export const scheduleStartYearMin = 1900;
/** … to this one; 600 yearly periods later is still a four-digit year. */
export const scheduleStartYearMax = 2999;
/** A first period may be at most this many regular periods long; longer is a deferral, not odd days. */
export const firstPeriodRegularPeriodsMax = 2;

export interface ScheduleRequest {
  /** The amount to be paid in installments before the down payment, in minor units. */
  readonly principalMinor: bigint;
  /** ISO 4217 code; amounts are minor units of it. */
  readonly currency: string;
  readonly method: ScheduleMethod;
  readonly periods: number;
  readonly frequency: Frequency;
  /** `YYYY-MM-DD`: the day the credit starts (the advance). */
  readonly startDate: string;
  /** `YYYY-MM-DD`; default one period after the start. Another day makes the first period irregular. */
  readonly firstDueDate?: string | undefined;
  /** Decimal fraction a year ("0.0435"), or an exact Decimal. */
  readonly annualRate: Decimal | string;
  /** Decimal fraction of the amount financed charged each period; required for flat-fee. Default 0. */
  readonly feeRatePerPeriod?: Decimal | string | undefined;
  /** Default 0. Paid at the start; must be less than the amount financed. */
  readonly upfrontFeeMinor?: bigint | undefined;
  /** Default 0. Must be less than the principal. */
  readonly downPaymentMinor?: bigint | undefined;
  /** Default "30/360". */
  readonly dayCount?: DayCount | undefined;
  /** Default 0; at most periods − 1. */
  readonly graceOnPrincipalPeriods?: number | undefined;
  /** Default false. */
  readonly interestFree?: boolean | undefined;
  /** Default "half-even". */
  readonly roundingMode?: RoundingMode | undefined;
  /** Default 1 (the minor unit). */
  readonly installmentMultipleMinor?: bigint | undefined;
}

export interface Installment {
  /** 1-based. */
  readonly number: number;
  readonly dueDate: string;
  readonly principalMinor: bigint;
  readonly interestMinor: bigint;
  readonly feeMinor: bigint;
  /** principal + interest + fee. */
  readonly totalMinor: bigint;
  /** Principal still owed after this installment; 0 after the last. */
  readonly balanceAfterMinor: bigint;
}

export interface ScheduleTotals {
  readonly principalMinor: bigint;
  readonly interestMinor: bigint;
  readonly feeMinor: bigint;
  readonly totalMinor: bigint;
}

export interface DatedAmount {
  readonly date: string;
  readonly amountMinor: bigint;
}

/** The credit's cash flows, each amount positive: what the lender advances and what it is repaid. */
export interface ScheduleCashFlows {
  readonly advances: ReadonlyArray<DatedAmount>;
  readonly payments: ReadonlyArray<DatedAmount>;
}

export type FirstPeriod = "regular" | "short" | "long";

export interface Schedule {
  readonly currency: string;
  readonly method: ScheduleMethod;
  readonly frequency: Frequency;
  readonly dayCount: DayCount;
  readonly roundingMode: RoundingMode;
  readonly periodsPerYear: number;
  /** The contract rate, exact, even when the customer pays none of it (interest-free). */
  readonly annualRate: Decimal;
  readonly firstPeriod: FirstPeriod;
  readonly installments: ReadonlyArray<Installment>;
  /** Sums of the installments' columns (the upfront fee is not in them). */
  readonly totals: ScheduleTotals;
  /** Principal before the down payment, as requested. */
  readonly principalMinor: bigint;
  readonly downPaymentMinor: bigint;
  /** principal − down payment: the sum of the installments' principal parts. */
  readonly financedMinor: bigint;
  readonly upfrontFeeMinor: bigint;
  /** Interest the merchant pays for an interest-free promotion; 0 otherwise. */
  readonly subsidyMinor: bigint;
  /** The level total of equal-installment and flat-fee rows (all but the last and the grace rows); null otherwise. */
  readonly levelInstallmentMinor: bigint | null;
  readonly cashFlows: ScheduleCashFlows;
}

/** A rate per period, as an exact fraction (not necessarily in lowest terms). */
interface PeriodRate {
  readonly numerator: bigint;
  readonly denominator: bigint;
}

interface Plan {
  readonly principalMinor: bigint;
  readonly currency: string;
  readonly method: ScheduleMethod;
  readonly periods: number;
  readonly frequency: Frequency;
  readonly startDate: string;
  readonly start: CivilDate;
  readonly firstDue: CivilDate | null;
  readonly annualRate: Decimal;
  readonly feeRatePerPeriod: Decimal;
  readonly upfrontFeeMinor: bigint;
  readonly downPaymentMinor: bigint;
  readonly financedMinor: bigint;
  readonly dayCount: DayCount;
  readonly grace: number;
  readonly interestFree: boolean;
  readonly roundingMode: RoundingMode;
  readonly multipleMinor: bigint;
}

function isDecimalValue(value: unknown): value is Decimal {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as { numerator?: unknown; denominator?: unknown };
  return (
    typeof candidate.numerator === "bigint" &&
    typeof candidate.denominator === "bigint" &&
    candidate.denominator > 0n
  );
}

function addIssue(issues: FieldIssue[], path: string, code: string, message: string): void {
  issues.push({ path, code, message });
}

/** A rate in [0, max] from decimal text or a Decimal, or null after pushing an issue. */
function readRate(value: unknown, path: string, max: Decimal, issues: FieldIssue[]): Decimal | null {
  let rate: Decimal;
  if (typeof value === "string") {
    try {
      rate = parseDecimal(value);
    } catch (error) {
      if (!isAppError(error)) throw error;
      addIssue(issues, path, "INVALID_RATE", "a decimal fraction such as 0.0435");
      return null;
    }
  } else if (isDecimalValue(value)) {
    rate = decimal(value.numerator, value.denominator);
  } else {
    addIssue(
      issues,
      path,
      value === undefined ? "REQUIRED" : "INVALID_RATE",
      "a decimal fraction such as 0.0435",
    );
    return null;
  }
  if (compare(rate, ZERO) < 0 || compare(rate, max) > 0) {
    addIssue(issues, path, "OUT_OF_RANGE", `from 0 to ${max.numerator / max.denominator}`);
    return null;
  }
  return rate;
}

function isBefore(a: CivilDate, b: CivilDate): boolean {
  return a.year !== b.year ? a.year < b.year : a.month !== b.month ? a.month < b.month : a.day < b.day;
}

/** The validated, defaulted terms, or the field issues (paths named as in the quote contract). */
function readRequest(request: ScheduleRequest): {
  readonly plan: Plan | null;
  readonly issues: FieldIssue[];
} {
  const issues: FieldIssue[] = [];
  if (typeof request !== "object" || request === null) {
    addIssue(issues, "", "REQUIRED", "a schedule request");
    return { plan: null, issues };
  }

  const principalMinor = request.principalMinor;
  if (!isAmountIn(principalMinor, 1n, scheduleAmountMinorMax)) {
    addIssue(
      issues,
      "principal",
      principalMinor === undefined ? "REQUIRED" : "OUT_OF_RANGE",
      "more than 0 and at most 10^17 minor units",
    );
  }
  if (!isCurrencyCode(request.currency)) {
    addIssue(issues, "currency", "INVALID_CURRENCY", "an ISO 4217 currency code");
  }
  const method = request.method;
  if (!isScheduleMethod(method)) {
    addIssue(issues, "method", "INVALID_CHOICE", `one of ${scheduleMethods.join(", ")}`);
  }
  const periods = request.periods;
  const periodsValid = isIntegerIn(periods, 1, schedulePeriodsMax);
  if (!periodsValid) {
    addIssue(issues, "periods", "OUT_OF_RANGE", `a whole number from 1 to ${schedulePeriodsMax}`);
  }
  const frequency = request.frequency;
  if (!isFrequency(frequency)) {
    addIssue(
      issues,
      "frequency",
      "INVALID_CHOICE",
      "weekly, biweekly, semimonthly, monthly, quarterly or yearly",
    );
  }

  const start = civilDateOf(request.startDate);
  if (start === null) {
    addIssue(
      issues,
      "startDate",
      request.startDate === undefined ? "REQUIRED" : "INVALID_DATE",
      "a date (YYYY-MM-DD)",
    );
  } else if (start.year < scheduleStartYearMin || start.year > scheduleStartYearMax) {
    addIssue(
      issues,
      "startDate",
      "OUT_OF_RANGE",
      `a date from ${scheduleStartYearMin} to ${scheduleStartYearMax}`,
    );
  }
  let firstDue: CivilDate | null = null;
  if (request.firstDueDate !== undefined) {
    firstDue = civilDateOf(request.firstDueDate);
    if (firstDue === null) {
      addIssue(issues, "firstDueDate", "INVALID_DATE", "a date (YYYY-MM-DD)");
    } else if (start !== null && isFrequency(frequency)) {
      if (!isBefore(start, firstDue)) {
        addIssue(
          issues,
          "firstDueDate",
          "NOT_AFTER_START",
          "the first due date must be after the start date",
        );
      } else if (
        isBefore(periodsAfter(start, start.day, frequency, firstPeriodRegularPeriodsMax), firstDue)
      ) {
        addIssue(
          issues,
          "firstDueDate",
          "FIRST_PERIOD_TOO_LONG",
          `the first period may be at most ${firstPeriodRegularPeriodsMax} regular periods long`,
        );
      }
    }
  }

  const annualRate = readRate(request.annualRate, "annualRate", scheduleAnnualRateMax, issues);
  const feeRatePerPeriod =
    request.feeRatePerPeriod === undefined
      ? method === "flat-fee"
        ? null
        : ZERO
      : readRate(request.feeRatePerPeriod, "feeRatePerPeriod", scheduleFeeRatePerPeriodMax, issues);
  if (request.feeRatePerPeriod === undefined && method === "flat-fee") {
    addIssue(issues, "feeRatePerPeriod", "REQUIRED", "a flat-fee plan needs its fee rate per period");
  }
  if (method === "flat-fee" && annualRate !== null && annualRate.numerator !== 0n) {
    addIssue(
      issues,
      "annualRate",
      "NOT_APPLICABLE",
      "a flat-fee plan charges a fee, not interest: the annual rate must be 0",
    );
  }

  const downPaymentMinor = request.downPaymentMinor ?? 0n;
  const downPaymentValid = isAmountIn(downPaymentMinor, 0n, scheduleAmountMinorMax);
  if (!downPaymentValid) {
    addIssue(issues, "downPayment", "OUT_OF_RANGE", "from 0 to 10^17 minor units");
  } else if (typeof principalMinor === "bigint" && downPaymentMinor >= principalMinor) {
    addIssue(
      issues,
      "downPayment",
      "NOT_LESS_THAN_PRINCIPAL",
      "the down payment must leave something to finance",
    );
  }
  const financedMinor =
    typeof principalMinor === "bigint" && downPaymentValid ? principalMinor - downPaymentMinor : 0n;
  const upfrontFeeMinor = request.upfrontFeeMinor ?? 0n;
  if (!isAmountIn(upfrontFeeMinor, 0n, scheduleAmountMinorMax)) {
    addIssue(issues, "upfrontFee", "OUT_OF_RANGE", "from 0 to 10^17 minor units");
  } else if (financedMinor > 0n && upfrontFeeMinor >= financedMinor) {
    addIssue(
      issues,
      "upfrontFee",
      "NOT_LESS_THAN_FINANCED",
      "the upfront fee must be less than the amount financed",
    );
  }

  const dayCount = request.dayCount ?? "30/360";
  if (!isDayCount(dayCount)) {
    addIssue(issues, "dayCount", "INVALID_CHOICE", "30/360, actual/365 or actual/actual");
  }
  const grace = request.graceOnPrincipalPeriods ?? 0;
  if (!isIntegerIn(grace, 0, schedulePeriodsMax - 1)) {
    addIssue(issues, "graceOnPrincipalPeriods", "OUT_OF_RANGE", "a whole number of periods, 0 or more");
  } else if (periodsValid && grace >= periods) {
    addIssue(issues, "graceOnPrincipalPeriods", "OUT_OF_RANGE", "fewer than the number of periods");
  }
  const interestFree = request.interestFree ?? false;
  if (typeof interestFree !== "boolean") addIssue(issues, "interestFree", "INVALID_TYPE", "true or false");
  const roundingMode = request.roundingMode ?? "half-even";
  if (!isRoundingMode(roundingMode)) {
    addIssue(
      issues,
      "roundingMode",
      "INVALID_CHOICE",
      "half-even, half-up, half-down, up, down, ceiling or floor",
    );
  }
  const multipleMinor = request.installmentMultipleMinor ?? 1n;
  if (!isAmountIn(multipleMinor, 1n, scheduleAmountMinorMax)) {
    addIssue(issues, "installmentMultiple", "OUT_OF_RANGE", "a positive amount of at most 10^17 minor units");
  }

  if (
    issues.length > 0 ||
    start === null ||
    annualRate === null ||
    feeRatePerPeriod === null ||
    !isScheduleMethod(method) ||
    !isFrequency(frequency) ||
    !isDayCount(dayCount) ||
    !isRoundingMode(roundingMode)
  ) {
    return { plan: null, issues };
  }
  return {
    plan: {
      principalMinor,
      currency: request.currency,
      method,
      periods,
      frequency,
      startDate: request.startDate,
      start,
      firstDue,
      annualRate,
      feeRatePerPeriod,
      upfrontFeeMinor,
      downPaymentMinor,
      financedMinor,
      dayCount,
      grace,
      interestFree,
      roundingMode,
      multipleMinor,
    },
    issues,
  };
}

/** The field issues of a request (paths as in the quote contract); empty when it can be built. */
export function checkScheduleRequest(request: ScheduleRequest): ReadonlyArray<FieldIssue> {
  return readRequest(request).issues;
}

function validationFailed(issues: ReadonlyArray<FieldIssue>): AppError {
  return new AppError("VALIDATION_FAILED", {
    detail: issues.map((issue) => `${issue.path}: ${issue.message}`).join("; "),
    issues,
  });
}

/** Below 2^52, integer quotients, remainders and sums of a few of them are exact in doubles. */
const exactDoubleMax = 2 ** 52;
const exactDoubleMaxBig = 2n ** 52n;

/**
 * dividend / divisor rounded with `mode`, for integers 0 ≤ dividend < 2^52 and 0 < divisor < 2^52
 * held in doubles: the same result as `divideRounded` (core/rounding.ts) on the same values, in
 * exact double arithmetic. It exists because BigInt division allocates and costs several times
 * more, and a quote is recomputed on every keystroke; the property tests check every row's
 * interest against `divideRounded` in all seven modes.
 */
function divideRoundedExactDoubles(dividend: number, divisor: number, mode: RoundingMode): number {
  let quotient = Math.floor(dividend / divisor);
  let remainder = dividend - quotient * divisor;
  // The correctly rounded double quotient can round up to the next integer, never down.
  if (remainder < 0) {
    quotient -= 1;
    remainder += divisor;
  }
  if (remainder === 0) return quotient;
  const twiceRemainder = 2 * remainder;
  switch (mode) {
    case "down":
    case "floor":
      return quotient;
    case "up":
    case "ceiling":
      return quotient + 1;
    case "half-up":
      return twiceRemainder >= divisor ? quotient + 1 : quotient;
    case "half-down":
      return twiceRemainder > divisor ? quotient + 1 : quotient;
    case "half-even":
      return twiceRemainder > divisor || (twiceRemainder === divisor && quotient % 2 === 1)
        ? quotient + 1
        : quotient;
    default:
      return unknownMode(mode);
  }
}

/** `divideRounded` for 0 ≤ numerator and 0 < denominator; in doubles when both are below 2^52. */
function divideRoundedNonNegative(numerator: bigint, denominator: bigint, mode: RoundingMode): bigint {
  if (numerator >= exactDoubleMaxBig || denominator >= exactDoubleMaxBig) {
    return divideRounded(numerator, denominator, mode);
  }
  return BigInt(divideRoundedExactDoubles(Number(numerator), Number(denominator), mode));
}

function unknownMode(mode: never): never {
  throw new Error(`Assertion failed: unknown rounding mode ${String(mode)}`);
}

const zeroRate: PeriodRate = Object.freeze({ numerator: 0n, denominator: 1n });

function rateOf(annualRate: Decimal, fractionNumerator: bigint, fractionDenominator: bigint): PeriodRate {
  // decimal() puts the fraction in lowest terms, which keeps the level-payment arithmetic small.
  return decimal(annualRate.numerator * fractionNumerator, annualRate.denominator * fractionDenominator);
}

interface PeriodRates {
  /** The rate each period is charged: the first period's on its actual length. */
  readonly charged: ReadonlyArray<PeriodRate>;
  /** The rate of the regular period ending on the first due date; differs only for an irregular first period. */
  readonly regularFirst: PeriodRate;
}

function periodRatesOf(
  plan: Plan,
  annualRate: Decimal,
  dates: ReadonlyArray<CivilDate>,
  regularFirstPeriod: boolean,
): PeriodRates {
  const charged: PeriodRate[] = new Array(plan.periods);
  if (annualRate.numerator === 0n) {
    charged.fill(zeroRate);
    return { charged, regularFirst: zeroRate };
  }
  const firstDue = dates[0] ?? plan.start;
  if (plan.dayCount === "30/360") {
    const regular = rateOf(annualRate, 1n, BigInt(periodsPerYear(plan.frequency)));
    charged.fill(regular);
    if (!regularFirstPeriod) {
      const fraction = yearFractionOf("30/360", plan.start, firstDue);
      charged[0] = rateOf(annualRate, fraction.numerator, fraction.denominator);
    }
    return { charged, regularFirst: regular };
  }
  let periodStart = plan.start;
  for (let index = 0; index < plan.periods; index += 1) {
    const periodEnd = dates[index] ?? periodStart;
    const fraction = yearFractionOf(plan.dayCount, periodStart, periodEnd);
    charged[index] = rateOf(annualRate, fraction.numerator, fraction.denominator);
    periodStart = periodEnd;
  }
  if (regularFirstPeriod) return { charged, regularFirst: charged[0] ?? zeroRate };
  // The regular period that ends on the first due date starts one period before it.
  const anchorDay = anchorDayOf(plan.start, firstDue);
  const regularStart = periodsAfter(firstDue, anchorDay, plan.frequency, -1);
  const fraction = yearFractionOf(plan.dayCount, regularStart, firstDue);
  return { charged, regularFirst: rateOf(annualRate, fraction.numerator, fraction.denominator) };
}

/**
 * The exact level payment X (numerator / denominator) that repays `balance` over the periods
 * from index `from` with rates `rates`: balance = Σ_k X / Π_{j≤k}(1 + r_j).
 */
function levelPaymentOf(
  balance: bigint,
  rates: ReadonlyArray<PeriodRate>,
  from: number,
): { readonly numerator: bigint; readonly denominator: bigint } {
  const count = rates.length - from;
  const first = rates[from] ?? zeroRate;
  let uniform = true;
  for (let index = from + 1; index < rates.length; index += 1) {
    const rate = rates[index] ?? zeroRate;
    if (rate.numerator !== first.numerator || rate.denominator !== first.denominator) {
      uniform = false;
      break;
    }
  }
  if (uniform) {
    if (first.numerator === 0n) return { numerator: balance, denominator: BigInt(count) };
    // r = a/d: X = P·r·(1+r)^n / ((1+r)^n − 1) = P·a·(d+a)^n / (d·((d+a)^n − d^n)).
    const a = first.numerator;
    const d = first.denominator;
    const exponent = BigInt(count);
    const grown = (d + a) ** exponent;
    return { numerator: balance * a * grown, denominator: d * (grown - d ** exponent) };
  }
  // Horner from the last period back: S = v_1(1 + v_2(1 + … v_n)), v_j = 1/(1 + r_j); X = P / S.
  let sumNumerator = 0n;
  let sumDenominator = 1n;
  for (let index = rates.length - 1; index >= from; index -= 1) {
    const rate = rates[index] ?? zeroRate;
    sumNumerator = (sumDenominator + sumNumerator) * rate.denominator;
    sumDenominator = sumDenominator * (rate.denominator + rate.numerator);
  }
  return { numerator: balance * sumDenominator, denominator: sumNumerator };
}

interface Amortization {
  readonly installments: ReadonlyArray<Installment>;
  readonly payments: ReadonlyArray<DatedAmount>;
  readonly totals: ScheduleTotals;
  readonly levelInstallmentMinor: bigint | null;
}

function amortizationFailed(plan: Plan, code: string, message: string): AppError {
  // With a coarse installment multiple the rounding is the cause; otherwise the terms themselves.
  const path =
    plan.multipleMinor > 1n ? "installmentMultiple" : code === "PAID_OFF_EARLY" ? "principal" : "periods";
  return validationFailed([{ path, code, message }]);
}

const paidOffEarly =
  "the installments repay the principal before the last period: fewer periods or a finer multiple";
const belowCharges =
  "the level installment does not cover a period's interest and fee: the balance would grow";

/** The installments under `rates`, per the method, with their totals and the cash flows repaid. */
function amortize(plan: Plan, rates: PeriodRates, dueDates: ReadonlyArray<string>): Amortization {
  const { periods, grace, roundingMode: mode, multipleMinor: multiple, financedMinor: financed } = plan;
  const charged = rates.charged;
  const feeMinor =
    plan.feeRatePerPeriod.numerator === 0n
      ? 0n
      : divideRoundedNonNegative(
          financed * plan.feeRatePerPeriod.numerator,
          plan.feeRatePerPeriod.denominator,
          mode,
        );
  const amortizing = periods - grace;
  let levelInstallmentMinor: bigint | null = null;
  /** The principal part of every amortizing row but the last, when it is fixed in advance. */
  let fixedPart: bigint | null = null;
  /** The level principal + interest of equal-installment rows. */
  let levelPayment = 0n;
  switch (plan.method) {
    case "equal-installment": {
      // The level payment is that of a regular first period (see the module comment).
      const levelRates =
        grace === 0 && rates.regularFirst !== charged[0]
          ? [rates.regularFirst, ...charged.slice(1)]
          : charged;
      const exact = levelPaymentOf(financed, levelRates, grace);
      const total =
        divideRounded(exact.numerator + feeMinor * exact.denominator, exact.denominator * multiple, mode) *
        multiple;
      levelInstallmentMinor = total;
      levelPayment = total - feeMinor;
      break;
    }
    case "equal-principal":
      fixedPart = divideRounded(financed, BigInt(amortizing) * multiple, mode) * multiple;
      break;
    case "flat-fee": {
      const total =
        divideRounded(financed + feeMinor * BigInt(amortizing), BigInt(amortizing) * multiple, mode) *
        multiple;
      levelInstallmentMinor = total;
      fixedPart = total - feeMinor;
      break;
    }
    case "interest-only":
      fixedPart = 0n;
      break;
    default:
      return unknownMethod(plan.method);
  }

  const terms: RowTerms = { plan, rates, dueDates, feeMinor, fixedPart, levelPayment };
  const rows = rowsInDoubles(terms) ?? rowsInBigInts(terms);
  const feeTotal = feeMinor * BigInt(periods);
  return {
    installments: rows.installments,
    payments: rows.payments,
    totals: {
      principalMinor: financed,
      interestMinor: rows.interestTotalMinor,
      feeMinor: feeTotal,
      totalMinor: financed + rows.interestTotalMinor + feeTotal,
    },
    levelInstallmentMinor,
  };
}

interface RowTerms {
  readonly plan: Plan;
  readonly rates: PeriodRates;
  readonly dueDates: ReadonlyArray<string>;
  readonly feeMinor: bigint;
  /** The principal of every amortizing row but the last, when fixed in advance (not equal-installment). */
  readonly fixedPart: bigint | null;
  /** Equal-installment: the level principal + interest of a row. */
  readonly levelPayment: bigint;
}

interface Rows {
  readonly installments: ReadonlyArray<Installment>;
  readonly payments: ReadonlyArray<DatedAmount>;
  readonly interestTotalMinor: bigint;
}

/**
 * The rows, in BigInt arithmetic: any size. Row by row: interest on the opening balance; the
 * principal is zero in grace, the balance in the last row, the fixed part, or the level payment
 * less the interest (less a regular first period's interest after an irregular one).
 */
function rowsInBigInts(terms: RowTerms): Rows {
  const { plan, rates, dueDates, feeMinor, fixedPart, levelPayment } = terms;
  const { periods, grace, roundingMode: mode } = plan;
  const installments: Installment[] = new Array(periods);
  const payments: DatedAmount[] = [];
  let balance = plan.financedMinor;
  let interestTotalMinor = 0n;
  const last = periods - 1;
  for (let index = 0; index < periods; index += 1) {
    const rate = rates.charged[index] ?? zeroRate;
    const interestMinor =
      rate.numerator === 0n ? 0n : divideRoundedNonNegative(balance * rate.numerator, rate.denominator, mode);
    let principalMinor: bigint;
    if (index < grace) {
      principalMinor = 0n;
    } else if (index === last) {
      principalMinor = balance;
    } else if (fixedPart !== null) {
      principalMinor = fixedPart;
    } else if (index === 0 && rates.regularFirst !== rate) {
      const regular = rates.regularFirst;
      principalMinor =
        levelPayment -
        (regular.numerator === 0n
          ? 0n
          : divideRoundedNonNegative(balance * regular.numerator, regular.denominator, mode));
    } else {
      principalMinor = levelPayment - interestMinor;
    }
    if (principalMinor < 0n) throw amortizationFailed(plan, "INSTALLMENT_BELOW_CHARGES", belowCharges);
    if (index !== last && principalMinor >= balance && principalMinor > 0n) {
      throw amortizationFailed(plan, "PAID_OFF_EARLY", paidOffEarly);
    }
    balance -= principalMinor;
    const totalMinor = principalMinor + interestMinor + feeMinor;
    const dueDate = dueDates[index] ?? plan.startDate;
    installments[index] = {
      number: index + 1,
      dueDate,
      principalMinor,
      interestMinor,
      feeMinor,
      totalMinor,
      balanceAfterMinor: balance,
    };
    if (totalMinor > 0n) payments.push({ date: dueDate, amountMinor: totalMinor });
    interestTotalMinor += interestMinor;
  }
  // Pair assertion: the last row took the balance, so the principal parts add up to the amount financed.
  assert(balance === 0n, "the schedule repays the amount financed");
  return { installments, payments, interestTotalMinor };
}

/** Amounts below 2^50 keep every sum of a row (principal + interest + fee) below 2^52. */
const doubleAmountMax = 2n ** 50n;

/**
 * `rowsInBigInts` in exact double arithmetic, for the ordinary plan whose every intermediate
 * value is an integer below 2^52 (financed × the largest rate numerator, every denominator, the
 * level payment, the fee); null for any other, which then takes the BigInt path. The same rules
 * in the same order; BigInts are made only for the rows' fields.
 */
function rowsInDoubles(terms: RowTerms): Rows | null {
  const { plan, rates, dueDates, feeMinor, fixedPart, levelPayment } = terms;
  const { periods, grace, roundingMode: mode, financedMinor } = plan;
  if (financedMinor >= doubleAmountMax || feeMinor >= doubleAmountMax) return null;
  if (
    levelPayment >= doubleAmountMax ||
    (fixedPart !== null && (fixedPart >= doubleAmountMax || fixedPart < 0n))
  ) {
    return null;
  }
  let previous: PeriodRate | null = null;
  for (const rate of rates.charged) {
    if (rate === previous) continue;
    if (rate.denominator >= exactDoubleMaxBig || financedMinor * rate.numerator >= exactDoubleMaxBig)
      return null;
    previous = rate;
  }
  const regular = rates.regularFirst;
  if (regular.denominator >= exactDoubleMaxBig || financedMinor * regular.numerator >= exactDoubleMaxBig)
    return null;

  const fee = Number(feeMinor);
  const fixed = fixedPart === null ? null : Number(fixedPart);
  const level = Number(levelPayment);
  const installments: Installment[] = new Array(periods);
  const payments: DatedAmount[] = [];
  let balance = Number(financedMinor);
  let interestTotal = 0;
  const last = periods - 1;
  let previousTotal = -1;
  let previousTotalMinor = 0n;
  let previousPrincipal = -1;
  let previousPrincipalMinor = 0n;
  let rate: PeriodRate | null = null;
  let rateNumerator = 0;
  let rateDenominator = 1;
  for (let index = 0; index < periods; index += 1) {
    const periodRate = rates.charged[index] ?? zeroRate;
    if (periodRate !== rate) {
      rate = periodRate;
      rateNumerator = Number(periodRate.numerator);
      rateDenominator = Number(periodRate.denominator);
    }
    const interest =
      rateNumerator === 0 ? 0 : divideRoundedExactDoubles(balance * rateNumerator, rateDenominator, mode);
    let principal: number;
    if (index < grace) {
      principal = 0;
    } else if (index === last) {
      principal = balance;
    } else if (fixed !== null) {
      principal = fixed;
    } else if (index === 0 && regular !== periodRate) {
      principal =
        level -
        (regular.numerator === 0n
          ? 0
          : divideRoundedExactDoubles(
              balance * Number(regular.numerator),
              Number(regular.denominator),
              mode,
            ));
    } else {
      principal = level - interest;
    }
    if (principal < 0) throw amortizationFailed(plan, "INSTALLMENT_BELOW_CHARGES", belowCharges);
    if (index !== last && principal >= balance && principal > 0) {
      throw amortizationFailed(plan, "PAID_OFF_EARLY", paidOffEarly);
    }
    balance -= principal;
    const total = principal + interest + fee;
    const dueDate = dueDates[index] ?? plan.startDate;
    // Level rows repeat their total (and fixed-part rows their principal): one BigInt serves all.
    if (total !== previousTotal) {
      previousTotal = total;
      previousTotalMinor = BigInt(total);
    }
    if (principal !== previousPrincipal) {
      previousPrincipal = principal;
      previousPrincipalMinor = BigInt(principal);
    }
    const totalMinor = previousTotalMinor;
    installments[index] = {
      number: index + 1,
      dueDate,
      principalMinor: previousPrincipalMinor,
      interestMinor: BigInt(interest),
      feeMinor,
      totalMinor,
      balanceAfterMinor: BigInt(balance),
    };
    if (total > 0) payments.push({ date: dueDate, amountMinor: totalMinor });
    interestTotal += interest;
  }
  assert(balance === 0, "the schedule repays the amount financed");
  assert(interestTotal < exactDoubleMax, "the interest total is exact");
  return { installments, payments, interestTotalMinor: BigInt(interestTotal) };
}

/**
 * The schedule of a plan. Bad input is VALIDATION_FAILED with one issue per field at fault,
 * paths named as in the quote contract (principal, annualRate, upfrontFee, installmentMultiple…);
 * terms that cannot be amortized (a level installment below a period's interest, or one that
 * repays everything before the last period) are VALIDATION_FAILED too.
 */
export function buildSchedule(request: ScheduleRequest): Schedule {
  const { plan, issues } = readRequest(request);
  if (plan === null) throw validationFailed(issues);

  const series = dueDateSeries(plan.start, plan.frequency, plan.periods, plan.firstDue);
  const dates = series.dates;
  const dueDateTexts: string[] = new Array(plan.periods);
  for (let index = 0; index < plan.periods; index += 1) {
    const date = dates[index] ?? plan.start;
    dueDateTexts[index] = formatCivilDate(date.year, date.month, date.day);
  }
  const contractRates = periodRatesOf(plan, plan.annualRate, dates, series.regularFirstPeriod);
  let subsidyMinor = 0n;
  let amortization: Amortization;
  if (plan.interestFree && plan.annualRate.numerator !== 0n) {
    subsidyMinor = amortize(plan, contractRates, dueDateTexts).totals.interestMinor;
    amortization = amortize(plan, periodRatesOf(plan, ZERO, dates, series.regularFirstPeriod), dueDateTexts);
  } else {
    amortization = amortize(plan, contractRates, dueDateTexts);
  }

  const firstDue = dates[0] ?? plan.start;
  const firstPeriod: FirstPeriod = series.regularFirstPeriod
    ? "regular"
    : isBefore(firstDue, periodsAfter(plan.start, plan.start.day, plan.frequency, 1))
      ? "short"
      : "long";
  return {
    currency: plan.currency,
    method: plan.method,
    frequency: plan.frequency,
    dayCount: plan.dayCount,
    roundingMode: plan.roundingMode,
    periodsPerYear: periodsPerYear(plan.frequency),
    annualRate: plan.annualRate,
    firstPeriod,
    installments: amortization.installments,
    totals: amortization.totals,
    principalMinor: plan.principalMinor,
    downPaymentMinor: plan.downPaymentMinor,
    financedMinor: plan.financedMinor,
    upfrontFeeMinor: plan.upfrontFeeMinor,
    subsidyMinor,
    levelInstallmentMinor: amortization.levelInstallmentMinor,
    cashFlows: {
      advances: [{ date: plan.startDate, amountMinor: plan.financedMinor - plan.upfrontFeeMinor }],
      payments: amortization.payments,
    },
  };
}

function unknownMethod(method: never): never {
  throw new Error(`Assertion failed: unknown schedule method ${String(method)}`);
}
