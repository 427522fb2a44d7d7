import { isAmountIn } from "../../core/checks.ts";
import {
  compare,
  type Decimal,
  decimal,
  multiply,
  ONE,
  parseDecimal,
  subtract,
  ZERO,
} from "../../core/decimal.ts";
import { AppError, assert, type FieldIssue, isAppError } from "../../core/errors.ts";
import { divideRounded, type RoundingMode } from "../../core/rounding.ts";
import {
  type CivilDate,
  civilDateOf,
  civilOfEpochDay,
  type DayCount,
  days30E360,
  epochDayOf,
  formatCivilDate,
  yearFractionOf,
} from "./day-count.ts";
import {
  anchorDayOf,
  dueDates,
  dueDatesMax,
  type Frequency,
  periodsAfter,
  periodsPerYear,
} from "./frequency.ts";
import {
  buildSchedule,
  checkScheduleRequest,
  type Installment,
  type Schedule,
  type ScheduleMethod,
  type ScheduleRequest,
  type ScheduleTotals,
  scheduleAmountMinorMax,
} from "./schedule.ts";

/**
 * Early repayment (提前还款) of an installment plan, and the plan versions that every change
 * (a partial prepayment here, a restructuring in restructure.ts) produces. Pure: the plan, the
 * date and every policy arrive as arguments.
 *
 * Where a plan stands on a date (`planStanding`):
 * - Installments 1..paidThrough are paid in full; a row whose due date is on or before the date
 *   and that is not paid is in arrears (a row due on the date itself is due, not future).
 * - The current row is the first row that is neither paid nor due. Its period runs from the
 *   previous row's due date (the plan's start for row 1) to its own due date. The outstanding
 *   principal is the current row's opening balance (its balance after + its principal): the
 *   principal neither paid nor due.
 * - Interest accrues on the outstanding principal from the period start to the date at the
 *   customer's rate (0 for an interest-free plan), computed exactly and rounded once with the
 *   plan's rounding mode. Under "actual/365" and "actual/actual" the accrued part is the year
 *   fraction of the days to the date by that day count. Under "30/360" a regular period is
 *   charged annualRate / periods a year whatever its 30E/360 length (schedule.ts), so the days
 *   to the date count as their share of the period's 30E/360 days: for a 30-day month that is
 *   exactly days / 360. An irregular first period is charged on its own 30E/360 length.
 * - A row paid before it falls due (paid ahead) has already paid its period's interest: no
 *   interest accrues before its due date and none is refunded.
 *
 * Early-repayment fee (提前还款违约金/手续费), always disclosed with its basis and cap:
 * "percent-of-prepaid" (rate × the principal repaid early), "fixed" (charged whenever some
 * principal is repaid early), "months-of-interest" (months × annualRate / 12 × the principal
 * repaid early, at the customer's rate, so 0 for an interest-free or flat-fee plan), each
 * rounded once with the plan's rounding mode and then limited to `capMinor` when given. No
 * principal repaid early, no fee.
 *
 * Fees of future periods (`futureFees`) for plans whose rows carry a periodic fee (手续费分期,
 * flat-fee plans above all): "charge" keeps them — a payoff adds the fees of every row not yet
 * due, and after a partial prepayment the fees of the remaining periods of the current term are
 * spread over the new rows, so a shorter term charges each row more; "waive" reduces them in
 * proportion to the principal repaid early — a payoff charges none, and after a partial
 * prepayment each new row carries the current row's fee × remaining / outstanding principal.
 * The default is "charge" for flat-fee plans, as card issuers in China usually collect the
 * remaining installment fees (剩余手续费) on early repayment, and "waive" for every other method,
 * whose price is interest that simply stops accruing.
 *
 * A partial prepayment's cash is applied in this order: unpaid due installments (arrears, in
 * full), the interest accrued to the date, the early-repayment fee, and the rest to principal.
 * The principal is the largest amount whose fee still fits in what is left; when a rounded
 * percentage fee skips over the exact amount, the minor unit or two left over is reported as
 * `unappliedMinor` (returned to the customer or held as a credit), never hidden in a fee.
 *
 * Versions (`PlanVersion`): a change keeps every row before it unchanged (paid, paid ahead, or
 * due and unpaid) and replaces the rest by new rows that `buildSchedule` builds from a fresh
 * request: the remaining principal over the remaining (or changed) number of periods, no down
 * payment or upfront fee, the remaining grace periods, on the plan's calendar (the first new
 * row falls on the next due date of the original series, month ends anchored as before). New
 * rows are numbered on from the kept ones. Three things of a new row are set here rather than
 * by buildSchedule, each documented where it is done: the first row's interest (only the part of
 * its period after the change is charged at the new terms), the fees (a total spread over the
 * rows), and interest deferred by a payment holiday (restructure.ts).
 */

export const prepaymentModes = ["reduce-term", "reduce-installment"] as const;
/** "reduce-installment" keeps the number of remaining periods; "reduce-term" keeps the installment. */
export type PrepaymentMode = (typeof prepaymentModes)[number];

export const futureFeeTreatments = ["charge", "waive"] as const;
export type FutureFees = (typeof futureFeeTreatments)[number];

export const earlyRepaymentFeeKinds = ["none", "percent-of-prepaid", "fixed", "months-of-interest"] as const;
export type EarlyRepaymentFeeKind = (typeof earlyRepaymentFeeKinds)[number];

/** Most months of interest an early-repayment fee may charge: two years. */
export const earlyRepaymentFeeMonthsMax = 24;
/** Most rows a plan may hold across its versions: a full calendar of rows kept and as many new. */
export const planRowsMax = 2 * dueDatesMax;
/** Highest percent-of-prepaid fee rate: the whole principal repaid early. */
export const earlyRepaymentFeeRateMax: Decimal = ONE;

export type EarlyRepaymentFeePolicy =
  | { readonly kind: "none" }
  | {
      readonly kind: "percent-of-prepaid";
      /** Decimal fraction of the principal repaid early ("0.02"), or an exact Decimal. */
      readonly rate: Decimal | string;
      readonly capMinor?: bigint | undefined;
    }
  | { readonly kind: "fixed"; readonly amountMinor: bigint; readonly capMinor?: bigint | undefined }
  | { readonly kind: "months-of-interest"; readonly months: number; readonly capMinor?: bigint | undefined };

/** The fee as disclosed to the customer. */
export interface EarlyRepaymentFee {
  readonly kind: EarlyRepaymentFeeKind;
  /** The principal repaid early: the basis of the percentage and months-of-interest fees. */
  readonly prepaidPrincipalMinor: bigint;
  /** The fee by its formula, before the cap. */
  readonly uncappedMinor: bigint;
  readonly capMinor: bigint | null;
  /** What is charged: the uncapped fee limited to the cap. */
  readonly amountMinor: bigint;
}

/** The rows of a plan: a Schedule from buildSchedule, or a ScheduleVersion. */
export interface PlanRows {
  /** Every row, numbered 1, 2, … in due-date order. */
  readonly installments: ReadonlyArray<Installment>;
  /** The level total of the latest rows, when they have one (equal-installment, flat-fee). */
  readonly levelInstallmentMinor?: bigint | null | undefined;
}

/**
 * A change dated inside a period: the row's interest is `interestBeforeMinor` (accrued before
 * `from`, at the earlier rate or on the earlier balance, and still owed with the row; 0 when a
 * prepayment paid it) plus interest at the current terms from `from` to the due date.
 */
export interface PeriodSplit {
  readonly rowNumber: number;
  readonly from: string;
  readonly interestBeforeMinor: bigint;
}

/** A plan as it stands: the terms of its latest rows, every row, and how many are paid. */
export interface PlanState {
  /**
   * The terms the latest rows were built from: they are the last `request.periods` rows. For a
   * plan never changed, the plan's own request.
   */
  readonly request: ScheduleRequest;
  readonly schedule: PlanRows;
  /** Installments 1..paidThrough are paid in full (0: none). */
  readonly paidThrough: number;
  /** The date of the latest change; a later change or quote may not be dated before it. */
  readonly changedOn?: string | undefined;
  readonly periodSplit?: PeriodSplit | undefined;
}

/** The rows of a plan version: the kept rows followed by the new ones. */
export interface ScheduleVersion extends PlanRows {
  readonly currency: string;
  readonly installments: ReadonlyArray<Installment>;
  /** Rows 1..keptThrough are the previous version's, unchanged; the new rows follow. */
  readonly keptThrough: number;
  /** Sums over every row, kept and new. */
  readonly totals: ScheduleTotals;
  /** The level total of the new rows (equal-installment, flat-fee); null otherwise. */
  readonly levelInstallmentMinor: bigint | null;
}

export interface PlanVersion extends PlanState {
  readonly schedule: ScheduleVersion;
  readonly changedOn: string;
  /**
   * True when the new rows fall on the plan's original calendar. buildSchedule cannot continue
   * a semimonthly series from its second date of a month after a clamped month end (anchored on
   * the 29th–31st), nor a yearly 29 February series after two clamped years; then the new rows
   * follow buildSchedule's own series from the next due date, and this is false.
   */
  readonly calendarKept: boolean;
}

/** The period the date falls in: the current row's. */
export interface CurrentPeriod {
  readonly installment: Installment;
  readonly periodStart: string;
  readonly dueDate: string;
  /** The fraction of a year the whole period is charged: the row's rate is annualRate × it. */
  readonly periodFraction: Decimal;
  /** Interest accrues at the current terms from here: the period start, or a change inside it. */
  readonly accrualFrom: string;
  /** The part of periodFraction before accrualFrom. */
  readonly accrualFromFraction: Decimal;
  /** The date interest is accrued to: the date asked, or the period start when the row was paid ahead. */
  readonly accrualTo: string;
  /** The part of periodFraction before accrualTo. */
  readonly accrualToFraction: Decimal;
  /** Interest accrued before accrualFrom and still owed (see PeriodSplit). */
  readonly carriedInterestMinor: bigint;
  /** carried + the interest on the outstanding principal from accrualFrom to accrualTo, rounded once. */
  readonly accruedInterestMinor: bigint;
}

/** Where a plan stands on a date. */
export interface PlanStanding {
  readonly plan: PlanState;
  readonly date: string;
  readonly currency: string;
  readonly method: ScheduleMethod;
  readonly frequency: Frequency;
  readonly dayCount: DayCount;
  readonly roundingMode: RoundingMode;
  /** The contract rate of the latest terms. */
  readonly annualRate: Decimal;
  /** The rate the customer pays: the contract rate, or 0 for an interest-free plan. */
  readonly customerRate: Decimal;
  readonly interestFree: boolean;
  readonly paidThrough: number;
  /** Rows 1..dueThrough fall due on or before the date. */
  readonly dueThrough: number;
  /** max(paidThrough, dueThrough): every row after it is neither paid nor due. */
  readonly settledThrough: number;
  /** Rows paidThrough+1..dueThrough: due and unpaid. */
  readonly arrears: ReadonlyArray<Installment>;
  readonly arrearsTotals: ScheduleTotals;
  /** The balance before the current row: principal neither paid nor due. */
  readonly outstandingPrincipalMinor: bigint;
  /** The fees of the rows neither paid nor due. */
  readonly futureFeesMinor: bigint;
  /** Null when every row is paid or due. */
  readonly current: CurrentPeriod | null;
  /** Rows before the latest terms' rows (kept by earlier versions). */
  readonly historyLength: number;
}

const zeroTotals: ScheduleTotals = Object.freeze({
  principalMinor: 0n,
  interestMinor: 0n,
  feeMinor: 0n,
  totalMinor: 0n,
});

export function planValidationFailed(issues: ReadonlyArray<FieldIssue>): AppError {
  return new AppError("VALIDATION_FAILED", {
    detail: issues.map((issue) => `${issue.path}: ${issue.message}`).join("; "),
    issues,
  });
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

/** A rate in [0, max] from decimal text or a Decimal, or null after pushing an issue at `path`. */
export function readPlanRate(
  value: unknown,
  path: string,
  max: Decimal,
  issues: FieldIssue[],
): Decimal | null {
  let rate: Decimal | null = null;
  if (typeof value === "string") {
    try {
      rate = parseDecimal(value);
    } catch (error) {
      if (!isAppError(error)) throw error;
    }
  } else if (isDecimalValue(value)) {
    rate = decimal(value.numerator, value.denominator);
  }
  if (rate === null) {
    issues.push({
      path,
      code: value === undefined ? "REQUIRED" : "INVALID_RATE",
      message: "a decimal fraction such as 0.0435",
    });
    return null;
  }
  if (compare(rate, ZERO) < 0 || compare(rate, max) > 0) {
    issues.push({ path, code: "OUT_OF_RANGE", message: `from 0 to ${max.numerator / max.denominator}` });
    return null;
  }
  return rate;
}

/** interest = balance × rate × fraction, exactly, rounded once. */
export function planInterestOf(
  balanceMinor: bigint,
  rate: Decimal,
  fraction: Decimal,
  mode: RoundingMode,
): bigint {
  assert(fraction.numerator >= 0n, "interest accrues forward");
  if (balanceMinor === 0n || rate.numerator === 0n || fraction.numerator === 0n) return 0n;
  return divideRounded(
    balanceMinor * rate.numerator * fraction.numerator,
    rate.denominator * fraction.denominator,
    mode,
  );
}

function civil(text: string): CivilDate {
  const date = civilDateOf(text);
  assert(date !== null, "dates here were validated");
  return date;
}

/**
 * The fraction of a year a regular period (any but a plan's first) is charged: annualRate /
 * periods a year under 30/360, the year fraction of its days under the actual day counts.
 */
export function regularPeriodFraction(
  dayCount: DayCount,
  frequency: Frequency,
  startDate: string,
  endDate: string,
): Decimal {
  if (dayCount === "30/360") return decimal(1, periodsPerYear(frequency));
  const fraction = yearFractionOf(dayCount, civil(startDate), civil(endDate));
  return decimal(fraction.numerator, fraction.denominator);
}

interface Period {
  readonly start: CivilDate;
  readonly end: CivilDate;
  readonly fraction: Decimal;
  /** A 30/360 regular period: days count as their share of its 30E/360 days. */
  readonly proportional: boolean;
  readonly dayCount: DayCount;
}

function periodOf(
  dayCount: DayCount,
  frequency: Frequency,
  startDate: string,
  endDate: string,
  irregularFirst: boolean,
): Period {
  const start = civil(startDate);
  const end = civil(endDate);
  if (dayCount === "30/360" && !irregularFirst) {
    return { start, end, fraction: decimal(1, periodsPerYear(frequency)), proportional: true, dayCount };
  }
  const fraction = yearFractionOf(dayCount, start, end);
  return {
    start,
    end,
    fraction: decimal(fraction.numerator, fraction.denominator),
    proportional: false,
    dayCount,
  };
}

/** The part of the period's fraction from its start to `date` (start ≤ date ≤ end). */
function shareOf(period: Period, date: string): Decimal {
  const at = civil(date);
  if (period.proportional) {
    const whole = days30E360(period.start, period.end);
    assert(whole > 0, "a regular period has 30E/360 days");
    const part = Math.min(Math.max(days30E360(period.start, at), 0), whole);
    return multiply(period.fraction, decimal(part, whole));
  }
  const fraction = yearFractionOf(period.dayCount, period.start, at);
  const share = decimal(fraction.numerator, fraction.denominator);
  return compare(share, period.fraction) > 0 ? period.fraction : share;
}

function rateOfRequest(request: ScheduleRequest): Decimal {
  const rate = request.annualRate;
  return typeof rate === "string" ? parseDecimal(rate) : decimal(rate.numerator, rate.denominator);
}

/** True when the request's first period is not one regular period long. */
function firstPeriodIrregular(request: ScheduleRequest): boolean {
  if (request.firstDueDate === undefined) return false;
  const start = civil(request.startDate);
  const regular = periodsAfter(start, start.day, request.frequency, 1);
  return formatCivilDate(regular.year, regular.month, regular.day) !== request.firstDueDate;
}

function sumRows(rows: ReadonlyArray<Installment>): ScheduleTotals {
  let principalMinor = 0n;
  let interestMinor = 0n;
  let feeMinor = 0n;
  let totalMinor = 0n;
  for (const row of rows) {
    principalMinor += row.principalMinor;
    interestMinor += row.interestMinor;
    feeMinor += row.feeMinor;
    totalMinor += row.totalMinor;
  }
  return { principalMinor, interestMinor, feeMinor, totalMinor };
}

/**
 * The issues of a plan's rows: numbered 1.. by rising due date, total = principal + interest +
 * fee, no negative amount, and the latest terms' rows (the last request.periods) chained from
 * their principal down to 0. Rows kept from earlier versions keep the balance they had then: a
 * prepayment lowers, and a capitalization raises, the balance between the last kept row and the
 * first new one, so the chain is checked within the latest rows only.
 */
function rowIssues(rows: unknown, request: ScheduleRequest): FieldIssue[] {
  const path = "plan.schedule.installments";
  if (!Array.isArray(rows) || rows.length === 0) {
    return [{ path, code: "REQUIRED", message: "the plan's installments" }];
  }
  if (rows.length > planRowsMax) {
    return [{ path, code: "OUT_OF_RANGE", message: `at most ${planRowsMax} installments` }];
  }
  if (typeof request.periods === "number" && rows.length < request.periods) {
    return [{ path, code: "INCONSISTENT", message: "fewer rows than the request's periods" }];
  }
  const latestFrom = rows.length - request.periods;
  let balance = 0n;
  let previousDue = "";
  for (let index = 0; index < rows.length; index += 1) {
    const row = rows[index] as Installment | undefined;
    const amounts = [
      row?.principalMinor,
      row?.interestMinor,
      row?.feeMinor,
      row?.totalMinor,
      row?.balanceAfterMinor,
    ];
    const consistent =
      row !== undefined &&
      row.number === index + 1 &&
      civilDateOf(row.dueDate) !== null &&
      row.dueDate > previousDue &&
      amounts.every((amount) => isAmountIn(amount, 0n, scheduleAmountMinorMax * 10n)) &&
      row.totalMinor === row.principalMinor + row.interestMinor + row.feeMinor;
    if (!consistent) {
      return [
        {
          path: `${path}.${index}`,
          code: "INCONSISTENT",
          message: "rows numbered 1.. by rising due date, total = principal + interest + fee",
        },
      ];
    }
    if (index === latestFrom) {
      for (const later of (rows as ReadonlyArray<Installment>).slice(latestFrom)) {
        balance += typeof later?.principalMinor === "bigint" ? later.principalMinor : 0n;
      }
    }
    if (index >= latestFrom) {
      balance -= row.principalMinor;
      if (row.balanceAfterMinor !== balance) {
        return [
          {
            path: `${path}.${index}`,
            code: "INCONSISTENT",
            message: "the latest rows' balances run from their principal down to 0",
          },
        ];
      }
    }
    previousDue = row.dueDate;
  }
  return [];
}

function planIssues(plan: PlanState): FieldIssue[] {
  if (typeof plan !== "object" || plan === null) {
    return [{ path: "plan", code: "REQUIRED", message: "a plan: its request, schedule and paidThrough" }];
  }
  const issues: FieldIssue[] = checkScheduleRequest(plan.request).map((issue) => ({
    ...issue,
    path: issue.path === "" ? "plan.request" : `plan.request.${issue.path}`,
  }));
  if (issues.length > 0) return issues;
  const rows = plan.schedule?.installments;
  issues.push(...rowIssues(rows, plan.request));
  if (issues.length > 0) return issues;
  const count = (rows as ReadonlyArray<Installment>).length;
  const paid = plan.paidThrough;
  if (typeof paid !== "number" || !Number.isSafeInteger(paid) || paid < 0 || paid > count) {
    issues.push({
      path: "plan.paidThrough",
      code: "OUT_OF_RANGE",
      message: `a whole number of installments from 0 to ${count}`,
    });
  }
  if (plan.changedOn !== undefined && civilDateOf(plan.changedOn) === null) {
    issues.push({ path: "plan.changedOn", code: "INVALID_DATE", message: "a date (YYYY-MM-DD)" });
  }
  const split = plan.periodSplit;
  if (
    split !== undefined &&
    (typeof split !== "object" ||
      split === null ||
      !Number.isSafeInteger(split.rowNumber) ||
      split.rowNumber < 1 ||
      split.rowNumber > count ||
      civilDateOf(split.from) === null ||
      !isAmountIn(split.interestBeforeMinor, 0n, scheduleAmountMinorMax))
  ) {
    issues.push({
      path: "plan.periodSplit",
      code: "INCONSISTENT",
      message: "a row number of the plan, a date and an amount of interest",
    });
  }
  return issues;
}

export interface PlanStandingOptions {
  /** The name of the date in errors; default "date". */
  readonly datePath?: string | undefined;
  /** Issues the caller found in its own arguments, reported with the plan's and the date's. */
  readonly issues?: ReadonlyArray<FieldIssue> | undefined;
}

/**
 * Where `plan` stands on `date`: paid, due and current rows, the outstanding principal and the
 * interest accrued on it (see the module comment). `datePath` names the date in errors. Bad
 * input is VALIDATION_FAILED: the plan's fields under "plan." and the date under `datePath`
 * (INVALID_DATE, BEFORE_START: before the plan starts, BEFORE_LAST_CHANGE: before its latest
 * version).
 */
export function planStanding(plan: PlanState, date: string, options: PlanStandingOptions = {}): PlanStanding {
  const datePath = options.datePath ?? "date";
  const issues = [...planIssues(plan), ...(options.issues ?? [])];
  if (civilDateOf(date) === null) {
    issues.push({ path: datePath, code: "INVALID_DATE", message: "a date (YYYY-MM-DD)" });
  } else if (issues.length === 0) {
    const rowCount = plan.schedule.installments.length;
    const historyLength = rowCount - plan.request.periods;
    // A changed plan's latest terms may start later than the change (a payment holiday); the
    // change's own date is then the bound, below.
    if (historyLength === 0 && plan.changedOn === undefined && date < plan.request.startDate) {
      issues.push({ path: datePath, code: "BEFORE_START", message: "on or after the plan's start date" });
    }
    if (plan.changedOn !== undefined && date < plan.changedOn) {
      issues.push({
        path: datePath,
        code: "BEFORE_LAST_CHANGE",
        message: `on or after the plan's latest change (${plan.changedOn})`,
      });
    }
  }
  if (issues.length > 0) throw planValidationFailed(issues);

  const request = plan.request;
  const rows = plan.schedule.installments;
  const count = rows.length;
  const historyLength = count - request.periods;
  const paidThrough = plan.paidThrough;
  let dueThrough = 0;
  while (dueThrough < count && (rows[dueThrough]?.dueDate ?? "") <= date) dueThrough += 1;
  const settledThrough = Math.max(paidThrough, dueThrough);
  const arrears = rows.slice(paidThrough, dueThrough);
  // The current row's opening balance: after a change it differs from the last kept row's balance.
  const currentRow = rows[settledThrough];
  const outstandingPrincipalMinor =
    currentRow === undefined ? 0n : currentRow.balanceAfterMinor + currentRow.principalMinor;
  const mode = request.roundingMode ?? "half-even";
  const dayCount = request.dayCount ?? "30/360";
  const annualRate = rateOfRequest(request);
  const interestFree = request.interestFree ?? false;
  const customerRate = interestFree ? ZERO : annualRate;
  let futureFeesMinor = 0n;
  for (const row of rows.slice(settledThrough)) futureFeesMinor += row.feeMinor;

  let current: CurrentPeriod | null = null;
  const row = currentRow;
  if (row !== undefined) {
    // Rows kept from earlier versions are paid or were due when the latest version was made, so
    // the current row is one of the latest terms' rows, and row 1 only when nothing was kept.
    assert(settledThrough >= historyLength, "the current row is one of the latest terms' rows");
    const periodStart = settledThrough === 0 ? request.startDate : (rows[settledThrough - 1]?.dueDate ?? "");
    const period = periodOf(
      dayCount,
      request.frequency,
      periodStart,
      row.dueDate,
      settledThrough === 0 && firstPeriodIrregular(request),
    );
    const split = plan.periodSplit;
    const splitHere = split !== undefined && split.rowNumber === row.number && split.from >= periodStart;
    const accrualFrom = splitHere ? split.from : periodStart;
    const accrualTo = date > accrualFrom ? date : accrualFrom;
    const accrualFromFraction = shareOf(period, accrualFrom);
    const accrualToFraction = shareOf(period, accrualTo);
    const carriedInterestMinor = splitHere ? split.interestBeforeMinor : 0n;
    current = {
      installment: row,
      periodStart,
      dueDate: row.dueDate,
      periodFraction: period.fraction,
      accrualFrom,
      accrualFromFraction,
      accrualTo,
      accrualToFraction,
      carriedInterestMinor,
      accruedInterestMinor:
        carriedInterestMinor +
        planInterestOf(
          outstandingPrincipalMinor,
          customerRate,
          subtract(accrualToFraction, accrualFromFraction),
          mode,
        ),
    };
  }
  return {
    plan,
    date,
    currency: request.currency,
    method: request.method,
    frequency: request.frequency,
    dayCount,
    roundingMode: mode,
    annualRate,
    customerRate,
    interestFree,
    paidThrough,
    dueThrough,
    settledThrough,
    arrears,
    arrearsTotals: arrears.length === 0 ? zeroTotals : sumRows(arrears),
    outstandingPrincipalMinor,
    futureFeesMinor,
    current,
    historyLength,
  };
}

/**
 * `count` due dates of the plan's calendar from the current row's due date on (later ones
 * continue the series past the last row), and the calendar date before the first. The calendar
 * is the series of the latest terms, which every version keeps.
 */
export function upcomingDueDates(
  standing: PlanStanding,
  count: number,
  errorPath: string,
): { readonly previous: string; readonly dates: ReadonlyArray<string> } {
  const request = standing.plan.request;
  const position = standing.settledThrough - standing.historyLength;
  const length = position + count;
  if (length > dueDatesMax) {
    throw planValidationFailed([
      {
        path: errorPath,
        code: "OUT_OF_RANGE",
        message: `a plan's calendar holds at most ${dueDatesMax} due dates from its latest terms' start`,
      },
    ]);
  }
  const series = dueDates(request.startDate, request.frequency, length, request.firstDueDate);
  return {
    previous: position === 0 ? request.startDate : (series[position - 1] ?? ""),
    dates: series.slice(position),
  };
}

/** What the new rows of a version are built from. */
export interface PlanContinuation {
  /** Rows 1..keptThrough stay as they are; the new rows are numbered from keptThrough + 1. */
  readonly keptThrough: number;
  /** paidThrough of the new version. */
  readonly paidThrough: number;
  /** Due dates of the calendar skipped before the first new row (a payment holiday); usually 0. */
  readonly skipPeriods: number;
  /** Principal of the new rows. */
  readonly principalMinor: bigint;
  readonly periods: number;
  /** Contract rate of the new rows. */
  readonly annualRate: Decimal;
  /** The new rows' fees: the total is spread evenly (rounded down), the last row taking the rest. */
  readonly feesTotalMinor: bigint;
  /** Interest added to the new rows' interest, spread the same way (a deferred holiday interest). */
  readonly spreadInterestMinor: bigint;
  /**
   * The first new row's interest is firstInterestBeforeMinor plus interest on the new principal
   * at the new rate for the part of its period after firstInterestFromFraction, rounded once.
   */
  readonly firstInterestBeforeMinor: bigint;
  readonly firstInterestFromFraction: Decimal;
  readonly periodSplit: PeriodSplit | undefined;
  /** The field blamed when the new terms cannot be amortized. */
  readonly errorPath: string;
}

interface Candidate {
  readonly startDate: string;
  readonly firstDueDate: string | undefined;
}

function sameDates(a: ReadonlyArray<string>, b: ReadonlyArray<string>): boolean {
  return a.length === b.length && a.every((date, index) => date === b[index]);
}

function seriesOrNull(
  candidate: Candidate,
  frequency: Frequency,
  count: number,
): ReadonlyArray<string> | null {
  try {
    return dueDates(candidate.startDate, frequency, count, candidate.firstDueDate);
  } catch (error) {
    if (isAppError(error)) return null;
    throw error;
  }
}

/**
 * A start (and first due date) from which buildSchedule's series is exactly `target`, or null.
 * The start only anchors the calendar: the first new row's interest is set by continuePlan.
 */
function calendarStart(
  request: ScheduleRequest,
  previous: string,
  target: ReadonlyArray<string>,
  atFirstRow: boolean,
): Candidate | null {
  const first = target[0] ?? "";
  const candidates: Candidate[] = atFirstRow
    ? [{ startDate: request.startDate, firstDueDate: request.firstDueDate }]
    : [
        { startDate: previous, firstDueDate: undefined },
        { startDate: previous, firstDueDate: first },
      ];
  const firstDate = civil(first);
  // A start the day before makes the first period irregular, so the series is anchored on the
  // first due date itself rather than on the start: this continues a semimonthly series from
  // its first date of a month (a start 15 days earlier would anchor the months on that day).
  const dayBefore = civilOfEpochDay(epochDayOf(firstDate.year, firstDate.month, firstDate.day) - 1);
  candidates.push({
    startDate: formatCivilDate(dayBefore.year, dayBefore.month, dayBefore.day),
    firstDueDate: first,
  });
  // A due date clamped to a month end (30 April in a series on the 31st) hides the anchor day;
  // a start on the anchor day before it restores it (anchorDayOf keeps a later start day).
  const start = civil(request.startDate);
  const anchorDay =
    request.firstDueDate === undefined ? start.day : anchorDayOf(start, civil(request.firstDueDate));
  if (request.frequency !== "weekly" && request.frequency !== "biweekly" && firstDate.day !== anchorDay) {
    const earliest = periodsAfter(firstDate, anchorDay, request.frequency, -2);
    const earliestDay = epochDayOf(earliest.year, earliest.month, earliest.day);
    for (
      let day = epochDayOf(firstDate.year, firstDate.month, firstDate.day) - 1;
      day >= earliestDay;
      day -= 1
    ) {
      const date = civilOfEpochDay(day);
      if (date.day === anchorDay) {
        candidates.push({ startDate: formatCivilDate(date.year, date.month, date.day), firstDueDate: first });
        break;
      }
    }
  }
  for (const candidate of candidates) {
    const series = seriesOrNull(candidate, request.frequency, target.length);
    if (series !== null && sameDates(series, target)) return candidate;
  }
  return null;
}

function remapped(error: unknown, path: string): unknown {
  if (!isAppError(error) || error.code !== "VALIDATION_FAILED") return error;
  return planValidationFailed(
    error.issues.map((issue) => ({ path, code: issue.code, message: issue.message })),
  );
}

/**
 * The next version of a plan from where it stands: rows 1..keptThrough unchanged, then
 * `periods` new rows built by buildSchedule from a fresh request on the plan's calendar (see the
 * module comment). Terms that cannot be amortized are VALIDATION_FAILED at `errorPath`.
 */
export function continuePlan(standing: PlanStanding, continuation: PlanContinuation): PlanVersion {
  const { plan, current } = standing;
  assert(current !== null, "a plan continues from its current row");
  const request = plan.request;
  const {
    keptThrough,
    skipPeriods,
    principalMinor,
    periods,
    annualRate,
    feesTotalMinor,
    spreadInterestMinor,
  } = continuation;
  assert(principalMinor > 0n && periods >= 1, "a version has principal and periods");
  assert(feesTotalMinor >= 0n && spreadInterestMinor >= 0n, "fees and interest are not negative");

  const calendar = upcomingDueDates(standing, skipPeriods + periods, continuation.errorPath);
  const target = calendar.dates.slice(skipPeriods);
  const previous = skipPeriods === 0 ? calendar.previous : (calendar.dates[skipPeriods - 1] ?? "");
  const atFirstRow = standing.settledThrough === 0 && skipPeriods === 0;
  const found = calendarStart(request, previous, target, atFirstRow);
  const start: Candidate = found ?? { startDate: previous, firstDueDate: target[0] };

  const feeLevelMinor = feesTotalMinor / BigInt(periods);
  // A fee up to the principal is a fee rate buildSchedule accepts (it then rounds the level total
  // of a flat-fee plan to the installment multiple with the fee in it); a larger one is added on.
  const feeInRate = feeLevelMinor <= principalMinor;
  const position = standing.settledThrough - standing.historyLength;
  const tailRequest: ScheduleRequest = {
    principalMinor,
    currency: request.currency,
    method: request.method,
    periods,
    frequency: request.frequency,
    startDate: start.startDate,
    firstDueDate: start.firstDueDate,
    annualRate,
    feeRatePerPeriod: feeInRate ? decimal(feeLevelMinor, principalMinor) : ZERO,
    dayCount: standing.dayCount,
    graceOnPrincipalPeriods: Math.max(0, (request.graceOnPrincipalPeriods ?? 0) - position),
    interestFree: standing.interestFree,
    roundingMode: standing.roundingMode,
    installmentMultipleMinor: request.installmentMultipleMinor ?? 1n,
  };
  let built: Schedule;
  try {
    built = buildSchedule(tailRequest);
  } catch (error) {
    throw remapped(error, continuation.errorPath);
  }

  const customerRate = standing.interestFree ? ZERO : annualRate;
  const firstPeriodFraction =
    skipPeriods === 0
      ? current.periodFraction
      : regularPeriodFraction(standing.dayCount, request.frequency, previous, target[0] ?? "");
  const firstInterestMinor =
    continuation.firstInterestBeforeMinor +
    planInterestOf(
      principalMinor,
      customerRate,
      subtract(firstPeriodFraction, continuation.firstInterestFromFraction),
      standing.roundingMode,
    );
  const addOnFeeMinor = feeInRate ? 0n : feeLevelMinor;
  const feeRestMinor = feesTotalMinor - feeLevelMinor * BigInt(periods);
  const spreadLevelMinor = spreadInterestMinor / BigInt(periods);
  const spreadRestMinor = spreadInterestMinor - spreadLevelMinor * BigInt(periods);
  const last = periods - 1;
  const newRows: Installment[] = built.installments.map((row, index) => {
    const interestMinor =
      (index === 0 ? firstInterestMinor : row.interestMinor) +
      spreadLevelMinor +
      (index === last ? spreadRestMinor : 0n);
    const feeMinor = row.feeMinor + addOnFeeMinor + (index === last ? feeRestMinor : 0n);
    return {
      number: keptThrough + 1 + index,
      dueDate: row.dueDate,
      principalMinor: row.principalMinor,
      interestMinor,
      feeMinor,
      totalMinor: row.principalMinor + interestMinor + feeMinor,
      balanceAfterMinor: row.balanceAfterMinor,
    };
  });
  // Pair assertions: the new rows repay exactly the new principal and carry exactly the fees.
  const newTotals = sumRows(newRows);
  assert(newTotals.principalMinor === principalMinor, "the new rows repay the new principal");
  assert(newTotals.feeMinor === feesTotalMinor, "the new rows carry the fees");
  assert(
    newRows.every((row) => row.balanceAfterMinor >= 0n),
    "no balance is negative",
  );

  const installments = [...plan.schedule.installments.slice(0, keptThrough), ...newRows];
  const level = built.levelInstallmentMinor;
  return {
    request: tailRequest,
    schedule: {
      currency: request.currency,
      installments,
      keptThrough,
      totals: sumRows(installments),
      levelInstallmentMinor: level === null ? null : level + addOnFeeMinor + spreadLevelMinor,
    },
    paidThrough: continuation.paidThrough,
    changedOn: standing.date,
    periodSplit: continuation.periodSplit,
    calendarKept: found !== null,
  };
}

/** Field issues of an early-repayment fee policy, paths under `path` ("feePolicy"). */
export function checkEarlyRepaymentFeePolicy(policy: EarlyRepaymentFeePolicy, path: string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  feeIssues(policy, issues, path);
  return issues;
}

function feeIssues(policy: EarlyRepaymentFeePolicy, issues: FieldIssue[], path = "feePolicy"): void {
  if (typeof policy !== "object" || policy === null) {
    issues.push({ path, code: "REQUIRED", message: "an early-repayment fee policy" });
    return;
  }
  if (!(earlyRepaymentFeeKinds as ReadonlyArray<string>).includes(policy.kind)) {
    issues.push({
      path: `${path}.kind`,
      code: "INVALID_CHOICE",
      message: earlyRepaymentFeeKinds.join(", "),
    });
    return;
  }
  switch (policy.kind) {
    case "none":
      return;
    case "percent-of-prepaid":
      readPlanRate(policy.rate, `${path}.rate`, earlyRepaymentFeeRateMax, issues);
      break;
    case "fixed":
      if (!isAmountIn(policy.amountMinor, 0n, scheduleAmountMinorMax)) {
        issues.push({
          path: `${path}.amountMinor`,
          code: "OUT_OF_RANGE",
          message: "from 0 to 10^17 minor units",
        });
      }
      break;
    case "months-of-interest":
      if (
        typeof policy.months !== "number" ||
        !Number.isSafeInteger(policy.months) ||
        policy.months < 0 ||
        policy.months > earlyRepaymentFeeMonthsMax
      ) {
        issues.push({
          path: `${path}.months`,
          code: "OUT_OF_RANGE",
          message: `a whole number of months from 0 to ${earlyRepaymentFeeMonthsMax}`,
        });
      }
      break;
    default:
      unknownFeeKind(policy);
  }
  if (policy.capMinor !== undefined && !isAmountIn(policy.capMinor, 0n, scheduleAmountMinorMax)) {
    issues.push({ path: `${path}.capMinor`, code: "OUT_OF_RANGE", message: "from 0 to 10^17 minor units" });
  }
}

/** The early-repayment fee on `prepaidPrincipalMinor` (policy already validated). */
function earlyRepaymentFee(
  policy: EarlyRepaymentFeePolicy,
  prepaidPrincipalMinor: bigint,
  standing: PlanStanding,
): EarlyRepaymentFee {
  let uncappedMinor = 0n;
  let capMinor: bigint | null = null;
  if (prepaidPrincipalMinor > 0n) {
    switch (policy.kind) {
      case "none":
        break;
      case "percent-of-prepaid": {
        const rate =
          typeof policy.rate === "string"
            ? parseDecimal(policy.rate)
            : decimal(policy.rate.numerator, policy.rate.denominator);
        uncappedMinor = divideRounded(
          prepaidPrincipalMinor * rate.numerator,
          rate.denominator,
          standing.roundingMode,
        );
        break;
      }
      case "fixed":
        uncappedMinor = policy.amountMinor;
        break;
      case "months-of-interest":
        uncappedMinor = planInterestOf(
          prepaidPrincipalMinor,
          standing.customerRate,
          decimal(policy.months, 12),
          standing.roundingMode,
        );
        break;
      default:
        return unknownFeeKind(policy);
    }
  }
  if (policy.kind !== "none" && policy.capMinor !== undefined) capMinor = policy.capMinor;
  return {
    kind: policy.kind,
    prepaidPrincipalMinor,
    uncappedMinor,
    capMinor,
    amountMinor: capMinor !== null && capMinor < uncappedMinor ? capMinor : uncappedMinor,
  };
}

function futureFeesIssues(value: unknown, issues: FieldIssue[]): void {
  if (value !== undefined && !(futureFeeTreatments as ReadonlyArray<unknown>).includes(value)) {
    issues.push({ path: "futureFees", code: "INVALID_CHOICE", message: futureFeeTreatments.join(", ") });
  }
}

function futureFeesOf(value: FutureFees | undefined, method: ScheduleMethod): FutureFees {
  return value ?? (method === "flat-fee" ? "charge" : "waive");
}

export interface PayoffQuoteRequest {
  /** `YYYY-MM-DD`: the day the customer pays everything. */
  readonly date: string;
  readonly feePolicy: EarlyRepaymentFeePolicy;
  /** Default "charge" for flat-fee plans, "waive" otherwise (see the module comment). */
  readonly futureFees?: FutureFees | undefined;
}

export type PayoffItemKind =
  | "arrears"
  | "outstanding-principal"
  | "accrued-interest"
  | "future-fees"
  | "early-repayment-fee";

export interface PayoffItem {
  readonly kind: PayoffItemKind;
  readonly amountMinor: bigint;
}

export interface PayoffQuote {
  readonly date: string;
  readonly currency: string;
  /** Installments due on or before the date and unpaid, each in full. */
  readonly arrears: ReadonlyArray<Installment>;
  readonly arrearsMinor: bigint;
  /** Principal neither paid nor due: repaid early. */
  readonly outstandingPrincipalMinor: bigint;
  /** Interest on it from accrualFrom to accrualTo (see the module comment); 0 when nothing is current. */
  readonly accruedInterestMinor: bigint;
  readonly accrualFrom: string | null;
  readonly accrualTo: string | null;
  readonly futureFees: FutureFees;
  /** Fees of the rows not yet due, charged under "charge". */
  readonly futureFeesMinor: bigint;
  readonly earlyRepaymentFee: EarlyRepaymentFee;
  /** The items in the order they are listed: arrears, principal, interest, future fees, fee. */
  readonly items: ReadonlyArray<PayoffItem>;
  readonly totalMinor: bigint;
}

/**
 * What the customer pays on `date` to settle the plan in full: arrears + outstanding principal +
 * accrued interest + future fees (under "charge") + the early-repayment fee on the outstanding
 * principal. Bad input is VALIDATION_FAILED (paths: date, feePolicy.*, futureFees, plan.*).
 */
export function payoffQuote(plan: PlanState, request: PayoffQuoteRequest): PayoffQuote {
  const issues: FieldIssue[] = [];
  feeIssues(request?.feePolicy, issues);
  futureFeesIssues(request?.futureFees, issues);
  const standing = planStanding(plan, request?.date, { issues });
  const futureFees = futureFeesOf(request.futureFees, standing.method);
  const fee = earlyRepaymentFee(request.feePolicy, standing.outstandingPrincipalMinor, standing);
  const accruedInterestMinor = standing.current?.accruedInterestMinor ?? 0n;
  const futureFeesMinor = futureFees === "charge" ? standing.futureFeesMinor : 0n;
  const items: PayoffItem[] = [
    { kind: "arrears", amountMinor: standing.arrearsTotals.totalMinor },
    { kind: "outstanding-principal", amountMinor: standing.outstandingPrincipalMinor },
    { kind: "accrued-interest", amountMinor: accruedInterestMinor },
    { kind: "future-fees", amountMinor: futureFeesMinor },
    { kind: "early-repayment-fee", amountMinor: fee.amountMinor },
  ];
  return {
    date: standing.date,
    currency: standing.currency,
    arrears: standing.arrears,
    arrearsMinor: standing.arrearsTotals.totalMinor,
    outstandingPrincipalMinor: standing.outstandingPrincipalMinor,
    accruedInterestMinor,
    accrualFrom: standing.current?.accrualFrom ?? null,
    accrualTo: standing.current?.accrualTo ?? null,
    futureFees,
    futureFeesMinor,
    earlyRepaymentFee: fee,
    items,
    totalMinor: items.reduce((sum, item) => sum + item.amountMinor, 0n),
  };
}

export interface PartialPrepaymentRequest {
  /** `YYYY-MM-DD`: the day the money is received. */
  readonly date: string;
  /** Cash received, in minor units: applied to arrears, accrued interest, the fee, then principal. */
  readonly amountMinor: bigint;
  readonly mode: PrepaymentMode;
  readonly feePolicy: EarlyRepaymentFeePolicy;
  /** Default "charge" for flat-fee plans, "waive" otherwise (see the module comment). */
  readonly futureFees?: FutureFees | undefined;
}

/** How the cash was applied, in this order; the parts add up to the amount received. */
export interface PrepaymentApplication {
  readonly arrearsMinor: bigint;
  readonly accruedInterestMinor: bigint;
  readonly earlyRepaymentFeeMinor: bigint;
  readonly principalMinor: bigint;
  /** Left over when a rounded fee skips the exact amount: returned or held as a credit. */
  readonly unappliedMinor: bigint;
}

export interface PartialPrepayment {
  readonly date: string;
  readonly currency: string;
  readonly mode: PrepaymentMode;
  readonly futureFees: FutureFees;
  readonly amountMinor: bigint;
  readonly applied: PrepaymentApplication;
  readonly earlyRepaymentFee: EarlyRepaymentFee;
  readonly outstandingPrincipalBeforeMinor: bigint;
  readonly outstandingPrincipalAfterMinor: bigint;
  readonly previous: PlanState;
  /** Paid through the last kept row; the new rows repay outstandingPrincipalAfterMinor. */
  readonly next: PlanVersion;
  /** The new rows alone. */
  readonly remaining: ReadonlyArray<Installment>;
}

/** The level a reduce-term prepayment keeps: the level total, or the level principal of equal-principal rows. */
function levelOf(method: ScheduleMethod, rows: PlanRows, from: number): bigint | null {
  const installments = rows.installments;
  const secondLast = installments[installments.length - 2];
  switch (method) {
    case "equal-installment":
    case "flat-fee":
      return (
        rows.levelInstallmentMinor ??
        (secondLast !== undefined && secondLast.number > from ? secondLast.totalMinor : null)
      );
    case "equal-principal": {
      // The level principal part: that of any amortizing row but the last.
      const row = installments.slice(from, -1).find((candidate) => candidate.principalMinor > 0n);
      return row === undefined ? null : row.principalMinor;
    }
    case "interest-only":
      return null;
    default:
      return unknownMethod(method);
  }
}

/**
 * Applies `amountMinor` received on `date` (arrears, accrued interest, the early-repayment fee,
 * then principal) and re-amortizes what is left: "reduce-installment" over the same remaining
 * periods, "reduce-term" over the fewest periods whose installment (the level total; the level
 * principal of equal-principal) is at most the current one, so the installment falls as little
 * as the whole number of periods allows and the last row absorbs the residue. An amount that
 * would repay everything is refused (COVERS_PAYOFF: use payoffQuote), as is one that pays no
 * principal (AMOUNT_TOO_SMALL). Bad input is VALIDATION_FAILED (paths: date, amountMinor, mode,
 * feePolicy.*, futureFees, plan.*).
 */
export function partialPrepayment(plan: PlanState, request: PartialPrepaymentRequest): PartialPrepayment {
  const issues: FieldIssue[] = [];
  if (!isAmountIn(request?.amountMinor, 1n, scheduleAmountMinorMax)) {
    issues.push({
      path: "amountMinor",
      code: "OUT_OF_RANGE",
      message: "more than 0 and at most 10^17 minor units",
    });
  }
  if (!(prepaymentModes as ReadonlyArray<unknown>).includes(request?.mode)) {
    issues.push({ path: "mode", code: "INVALID_CHOICE", message: prepaymentModes.join(", ") });
  }
  feeIssues(request?.feePolicy, issues);
  futureFeesIssues(request?.futureFees, issues);
  const standing = planStanding(plan, request?.date, { issues });
  const current = standing.current;
  if (current === null) {
    throw planValidationFailed([
      { path: "date", code: "AFTER_MATURITY", message: "every installment is due: nothing to prepay" },
    ]);
  }
  const { mode, feePolicy, amountMinor } = request;
  const futureFees = futureFeesOf(request.futureFees, standing.method);
  if (mode === "reduce-term" && standing.method === "interest-only") {
    throw planValidationFailed([
      { path: "mode", code: "NOT_APPLICABLE", message: "an interest-only plan has no installment to keep" },
    ]);
  }

  const outstanding = standing.outstandingPrincipalMinor;
  const arrearsMinor = standing.arrearsTotals.totalMinor;
  const accruedInterestMinor = current.accruedInterestMinor;
  const available = amountMinor - arrearsMinor - accruedInterestMinor;
  const cost = (principal: bigint): bigint =>
    principal + earlyRepaymentFee(feePolicy, principal, standing).amountMinor;
  if (cost(outstanding) <= available) {
    throw planValidationFailed([
      {
        path: "amountMinor",
        code: "COVERS_PAYOFF",
        message: "the amount repays the whole plan: quote a payoff instead",
      },
    ]);
  }
  if (available < 1n || cost(1n) > available) {
    throw planValidationFailed([
      {
        path: "amountMinor",
        code: "AMOUNT_TOO_SMALL",
        message: "the amount must exceed the arrears, the accrued interest and the early-repayment fee",
      },
    ]);
  }
  // cost() rises strictly with the principal: the largest principal whose cost fits.
  let low = 1n;
  let high = outstanding - 1n;
  while (low < high) {
    const middle = (low + high + 1n) / 2n;
    if (cost(middle) <= available) low = middle;
    else high = middle - 1n;
  }
  const principalMinor = low;
  const fee = earlyRepaymentFee(feePolicy, principalMinor, standing);
  const unappliedMinor = available - principalMinor - fee.amountMinor;
  const after = outstanding - principalMinor;

  const remainingPeriods = plan.schedule.installments.length - standing.settledThrough;
  const currentFeeMinor = current.installment.feeMinor;
  const feesTotalFor = (periods: number): bigint =>
    futureFees === "charge"
      ? standing.futureFeesMinor
      : divideRounded(currentFeeMinor * after, outstanding, standing.roundingMode) * BigInt(periods);
  const continuationFor = (periods: number): PlanContinuation => ({
    keptThrough: standing.settledThrough,
    paidThrough: standing.settledThrough,
    skipPeriods: 0,
    principalMinor: after,
    periods,
    annualRate: standing.annualRate,
    feesTotalMinor: feesTotalFor(periods),
    spreadInterestMinor: 0n,
    // The interest accrued to the date is paid now: the first new row charges only the rest of its period.
    firstInterestBeforeMinor: 0n,
    firstInterestFromFraction: current.accrualToFraction,
    periodSplit:
      current.accrualTo > current.periodStart
        ? { rowNumber: current.installment.number, from: current.accrualTo, interestBeforeMinor: 0n }
        : undefined,
    errorPath: "amountMinor",
  });

  let next: PlanVersion | null = null;
  if (mode === "reduce-term") {
    const keep = levelOf(standing.method, plan.schedule, standing.settledThrough);
    const position = standing.settledThrough - standing.historyLength;
    const graceLeft = Math.max(0, (plan.request.graceOnPrincipalPeriods ?? 0) - position);
    if (keep !== null) {
      const fits = (periods: number): PlanVersion | null => {
        let version: PlanVersion;
        try {
          version = continuePlan(standing, continuationFor(periods));
        } catch (error) {
          if (isAppError(error)) return null;
          throw error;
        }
        const level = levelOf(standing.method, version.schedule, version.schedule.keptThrough);
        return level === null || level <= keep ? version : null;
      };
      // The installment falls as the term grows: the fewest periods that fit, by bisection.
      let lowPeriods = graceLeft + 1;
      let highPeriods = remainingPeriods;
      let best: PlanVersion | null = null;
      while (lowPeriods <= highPeriods) {
        const middle = Math.floor((lowPeriods + highPeriods) / 2);
        const version = fits(middle);
        if (version === null) {
          lowPeriods = middle + 1;
        } else {
          best = version;
          highPeriods = middle - 1;
        }
      }
      next = best;
    }
  }
  next ??= continuePlan(standing, continuationFor(remainingPeriods));

  const applied: PrepaymentApplication = {
    arrearsMinor,
    accruedInterestMinor,
    earlyRepaymentFeeMinor: fee.amountMinor,
    principalMinor,
    unappliedMinor,
  };
  assert(
    arrearsMinor + accruedInterestMinor + fee.amountMinor + principalMinor + unappliedMinor === amountMinor,
    "the amount received is applied in full",
  );
  return {
    date: standing.date,
    currency: standing.currency,
    mode,
    futureFees,
    amountMinor,
    applied,
    earlyRepaymentFee: fee,
    outstandingPrincipalBeforeMinor: outstanding,
    outstandingPrincipalAfterMinor: after,
    previous: plan,
    next,
    remaining: next.schedule.installments.slice(next.schedule.keptThrough),
  };
}

function unknownFeeKind(policy: never): never {
  throw new Error(`Assertion failed: unknown fee kind ${String((policy as { kind?: unknown }).kind)}`);
}

function unknownMethod(method: never): never {
  throw new Error(`Assertion failed: unknown schedule method ${String(method)}`);
}
