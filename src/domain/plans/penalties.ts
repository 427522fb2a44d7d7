import { decimalIn, isAmountIn, isIntegerIn } from "../../core/checks.ts";
import { isCurrencyCode } from "../../core/currency.ts";
import {
  add,
  compare,
  type Decimal,
  decimal,
  multiply,
  ONE,
  parseDecimal,
  roundToInteger,
  ZERO,
} from "../../core/decimal.ts";
import { AppError, type FieldIssue } from "../../core/errors.ts";
import { divideRounded, isRoundingMode, type RoundingMode } from "../../core/rounding.ts";
import { civilDateOf, civilOfEpochDay, epochDayOf, yearFractionOf } from "./day-count.ts";
import { checkFeeRule, type FeeRule, feeOf } from "./fee-rule.ts";

/**
 * Late payment (issue 5, item 6): penalty interest (罚息) and late fees on one overdue installment,
 * accrued over a date range by the end-of-day batch.
 *
 * Rules, and where they come from:
 * - Penalty rate: by default the contract rate plus 50 % (contract × 1.5). PBOC 《关于人民币贷款利率
 *   有关问题的通知》 (银发〔2003〕251号) §3 sets the overdue-loan penalty rate at the contract rate plus
 *   30 %–50 %, charged from the day the loan is overdue until it is repaid, and compound interest
 *   (复利) at the penalty rate on interest not paid on time; we take the top of that range. A fixed
 *   annual rate may be configured instead.
 * - The penalty rate is capped at the rate ceiling by default (`capRateAtCeiling`): the private-
 *   lending provisions (最高人民法院关于审理民间借贷案件适用法律若干问题的规定, 2020 revision)
 *   Article 28 limits an agreed overdue rate to four times the one-year LPR at contract date, and
 *   Article 29 limits overdue interest, penalties and fees together to the same. Only the rate cap is
 *   applied here; the combined limit is the organization's to set through `cap`.
 * - Compound interest on overdue interest is an option, off by default.
 * - Day count: each overdue night costs the annual rate over 365 ("actual/365", default), over 360
 *   ("actual/360", the 日利率 = 年利率 / 360 convention of Chinese banks; use it for a plan on
 *   30/360, whose per-day weights are not defined), or over the length of its own year
 *   ("actual/actual", ISDA).
 * - Grace (宽限期): an installment paid within `graceDays` of its due date is treated as paid on time.
 *   After that, penalty interest runs from the due date (`graceInterest` "charged-from-due-date",
 *   the market practice: the grace days are recognized on the first day after the grace) or only
 *   from the end of the grace ("waived"). The late fee is charged once, on the first accrual that
 *   ends after the grace; it is fixed, or a share of the overdue amount with a floor and a ceiling.
 * - Caps: the total penalty (interest, compound interest, late fee) on the installment never
 *   exceeds `cap.shareOfOverdue` × the overdue amount (rounded down) nor `cap.amountMinor`. Within an
 *   accrual the cut comes off the late fee first, then the compound interest, then the penalty
 *   interest. A cap never takes back what was already charged.
 *
 * Dates: an accrual runs from `fromDate` (exclusive) to `toDate` (inclusive) and covers the nights
 * from `fromDate` to the night before `toDate`; the installment is overdue from the night of its due
 * date (unpaid at the end of that day), so ten days after the due date it has accrued ten nights.
 *
 * Exactness and idempotence by period: the state `accrued` carries the unrounded interest accrued
 * so far, and each accrual charges round(accrued after) − round(accrued before) with the settings'
 * rounding mode. Splitting a range A → C at B therefore charges exactly what A → C charges, to the
 * minor unit, for every rounding mode (the caps are applied to running totals in the same way).
 * With constant overdue amounts this holds exactly; when they change, the batch accrues up to the
 * day of the change and carries the state on.
 */

export type PenaltyRateRule =
  /** contract rate × (1 + markupShare): "0.5" is contract + 50 %. */
  | { readonly kind: "contract-markup"; readonly markupShare: string }
  | { readonly kind: "fixed"; readonly annualRate: string };

/** The late fee: its base is the overdue amount. */
export type LateFeeRule = FeeRule;

export const penaltyDayCounts = ["actual/365", "actual/360", "actual/actual"] as const;
export type PenaltyDayCount = (typeof penaltyDayCounts)[number];

export const graceInterestRules = ["charged-from-due-date", "waived"] as const;
export type GraceInterestRule = (typeof graceInterestRules)[number];

export interface PenaltyCap {
  /** The total penalty is at most this share of the overdue amount; null for no such cap. */
  readonly shareOfOverdue: string | null;
  /** The total penalty is at most this; null for no such cap. */
  readonly amountMinor: bigint | null;
}

export interface PenaltySettings {
  readonly rate: PenaltyRateRule;
  /** Hold the penalty rate at or below the rate ceiling of the contract date. */
  readonly capRateAtCeiling: boolean;
  /** Penalty interest also on overdue interest (复利). */
  readonly compoundOnInterest: boolean;
  readonly dayCount: PenaltyDayCount;
  readonly roundingMode: RoundingMode;
  readonly graceDays: number;
  readonly graceInterest: GraceInterestRule;
  readonly lateFee: LateFeeRule;
  readonly cap: PenaltyCap;
}

/** Longest grace: a month. Longer is a payment holiday (a restructuring), not grace. */
export const penaltyGraceDaysMax = 31;
/** Highest penalty rate or markup accepted: 1,000 % a year. */
export const penaltyRateMax: Decimal = decimal(10);
/** Largest amount in penalty settings and accruals: 10^17 minor units, as for schedules. */
export const penaltyAmountMinorMax = 10n ** 17n;
/** Longest single accrual: fifty years of nights. */
export const penaltyAccrualDaysMax = 18_300;

/**
 * Contract + 50 %, no compound interest, actual/365, 四舍五入 (half-up), three days' grace after
 * which interest runs from the due date (the grace Chinese card issuers commonly give), no late fee
 * (罚息 is the compensation; a fee on top counts against the Article 29 limit), no cap beyond the
 * rate ceiling.
 */
export function defaultPenaltySettings(): PenaltySettings {
  return {
    rate: { kind: "contract-markup", markupShare: "0.5" },
    capRateAtCeiling: true,
    compoundOnInterest: false,
    dayCount: "actual/365",
    roundingMode: "half-up",
    graceDays: 3,
    graceInterest: "charged-from-due-date",
    lateFee: { kind: "none" },
    cap: { shareOfOverdue: null, amountMinor: null },
  };
}

/** Field issues of penalty settings, paths under `path` ("penalty"). */
export function checkPenaltySettings(settings: PenaltySettings, path: string): FieldIssue[] {
  if (typeof settings !== "object" || settings === null) {
    return [{ path, code: "REQUIRED", message: "penalty settings" }];
  }
  const issues: FieldIssue[] = [];
  const push = (at: string, code: string, message: string): void => {
    issues.push({ path: `${path}.${at}`, code, message });
  };
  const rate = settings.rate;
  if (rate?.kind === "contract-markup") {
    if (decimalIn(rate.markupShare, ZERO, penaltyRateMax) === null) {
      push("rate.markupShare", "OUT_OF_RANGE", "a share from 0 to 10 (0.5 is contract + 50 %)");
    }
  } else if (rate?.kind === "fixed") {
    if (decimalIn(rate.annualRate, ZERO, penaltyRateMax) === null) {
      push("rate.annualRate", "OUT_OF_RANGE", "an annual rate from 0 to 10");
    }
  } else {
    push("rate.kind", "INVALID_CHOICE", "contract-markup or fixed");
  }
  for (const flag of ["capRateAtCeiling", "compoundOnInterest"] as const) {
    if (typeof settings[flag] !== "boolean") push(flag, "REQUIRED", "yes or no");
  }
  if (!(penaltyDayCounts as ReadonlyArray<string>).includes(settings.dayCount)) {
    push("dayCount", "INVALID_CHOICE", penaltyDayCounts.join(", "));
  }
  if (!isRoundingMode(settings.roundingMode)) push("roundingMode", "INVALID_CHOICE", "a rounding mode");
  if (!isIntegerIn(settings.graceDays, 0, penaltyGraceDaysMax)) {
    push("graceDays", "OUT_OF_RANGE", `0 to ${penaltyGraceDaysMax} days`);
  }
  if (!(graceInterestRules as ReadonlyArray<string>).includes(settings.graceInterest)) {
    push("graceInterest", "INVALID_CHOICE", graceInterestRules.join(" or "));
  }
  issues.push(...checkFeeRule(settings.lateFee, `${path}.lateFee`, penaltyAmountMinorMax));
  const cap = settings.cap;
  if (typeof cap !== "object" || cap === null) {
    push("cap", "REQUIRED", "caps (each may be empty)");
  } else {
    if (cap.shareOfOverdue !== null && decimalIn(cap.shareOfOverdue, ZERO, penaltyRateMax) === null) {
      push("cap.shareOfOverdue", "OUT_OF_RANGE", "a share from 0 to 10, or empty");
    }
    if (cap.amountMinor !== null && !isAmountIn(cap.amountMinor, 0n, penaltyAmountMinorMax)) {
      push("cap.amountMinor", "OUT_OF_RANGE", "a non-negative amount, or empty");
    }
  }
  return issues;
}

function validationFailed(issues: ReadonlyArray<FieldIssue>): AppError {
  return new AppError("VALIDATION_FAILED", {
    detail: issues.map((issue) => `${issue.path}: ${issue.message}`).join("; "),
    issues,
  });
}

function readRate(value: unknown, path: string, issues: FieldIssue[]): Decimal | null {
  if (typeof value === "string") {
    const rate = decimalIn(value, ZERO, penaltyRateMax);
    if (rate === null) issues.push({ path, code: "INVALID_RATE", message: "an annual rate from 0 to 10" });
    return rate;
  }
  if (
    typeof value === "object" &&
    value !== null &&
    typeof (value as Decimal).numerator === "bigint" &&
    typeof (value as Decimal).denominator === "bigint" &&
    (value as Decimal).denominator > 0n
  ) {
    const rate = decimal((value as Decimal).numerator, (value as Decimal).denominator);
    if (compare(rate, ZERO) >= 0 && compare(rate, penaltyRateMax) <= 0) return rate;
  }
  issues.push({ path, code: "INVALID_RATE", message: "an annual rate from 0 to 10" });
  return null;
}

export interface PenaltyRate {
  /** The penalty annual rate to accrue at. */
  readonly annualRate: Decimal;
  /** The rate the rule gives before the ceiling. */
  readonly uncappedAnnualRate: Decimal;
  /** Whether the rate ceiling lowered it. */
  readonly cappedAtCeiling: boolean;
}

/**
 * The penalty annual rate of a plan whose contract rate is `contractAnnualRate`: the rule's rate,
 * held at or below `ceilingAnnualRate` when the settings say so and a ceiling is given (the
 * ceiling of the contract date, from `rateCeiling`). 12 % × 1.5 = 18 %; with a 12 % ceiling, 12 %.
 */
export function penaltyAnnualRate(
  settings: PenaltySettings,
  contractAnnualRate: Decimal | string,
  ceilingAnnualRate: Decimal | null,
): PenaltyRate {
  const issues = checkPenaltySettings(settings, "settings");
  const contract = readRate(contractAnnualRate, "contractAnnualRate", issues);
  if (issues.length > 0 || contract === null) throw validationFailed(issues);
  const rule = settings.rate;
  let uncapped: Decimal;
  switch (rule.kind) {
    case "contract-markup":
      uncapped = multiply(contract, add(ONE, parseDecimal(rule.markupShare)));
      break;
    case "fixed":
      uncapped = parseDecimal(rule.annualRate);
      break;
    default:
      return unknownRule(rule);
  }
  const capped =
    settings.capRateAtCeiling && ceilingAnnualRate !== null && compare(uncapped, ceilingAnnualRate) > 0;
  return {
    annualRate: capped && ceilingAnnualRate !== null ? ceilingAnnualRate : uncapped,
    uncappedAnnualRate: uncapped,
    cappedAtCeiling: capped,
  };
}

function unknownRule(rule: never): never {
  throw new Error(`Assertion failed: unknown penalty rate rule ${JSON.stringify(rule)}`);
}

/** What has been accrued on one installment so far; start from `noPenaltyAccrued`. */
export interface PenaltyAccrued {
  /** Penalty interest on principal since the installment fell due, in minor units, unrounded and before caps. */
  readonly penaltyInterestExactMinor: Decimal;
  /** Compound interest (复利) on overdue interest, likewise. */
  readonly compoundInterestExactMinor: Decimal;
  readonly lateFeeCharged: boolean;
  /** Everything charged so far, after caps: the sum of the accruals' `totalMinor`. */
  readonly chargedMinor: bigint;
}

export const noPenaltyAccrued: PenaltyAccrued = Object.freeze({
  penaltyInterestExactMinor: ZERO,
  compoundInterestExactMinor: ZERO,
  lateFeeCharged: false,
  chargedMinor: 0n,
});

export interface PenaltyAccrualRequest {
  readonly currency: string;
  /** `YYYY-MM-DD`: the installment's due date. */
  readonly dueDate: string;
  /** `YYYY-MM-DD`, exclusive: the end of the previous accrual (or the due date). */
  readonly fromDate: string;
  /** `YYYY-MM-DD`, inclusive: the day accrued to (the batch's business date). */
  readonly toDate: string;
  /** Principal of the installment still unpaid over the range. */
  readonly overduePrincipalMinor: bigint;
  /** Interest of the installment still unpaid over the range (the base of compound interest). Default 0. */
  readonly overdueInterestMinor?: bigint | undefined;
  /** From `penaltyAnnualRate`. */
  readonly penaltyAnnualRate: Decimal | string;
  readonly settings: PenaltySettings;
  /** Default `noPenaltyAccrued`. */
  readonly accrued?: PenaltyAccrued | undefined;
}

export interface PenaltyAccrual {
  readonly currency: string;
  /** Overdue nights whose interest this accrual recognizes (grace nights included when charged). */
  readonly days: number;
  /** Their exact year fraction under the day count. */
  readonly yearFraction: Decimal;
  /** Each item after caps; they add up to `totalMinor`. */
  readonly penaltyInterestMinor: bigint;
  readonly compoundInterestMinor: bigint;
  readonly lateFeeMinor: bigint;
  /** What the caps removed from this accrual's items. */
  readonly capReductionMinor: bigint;
  readonly totalMinor: bigint;
  /** The cap on the installment's total penalty at this accrual; null when there is none. */
  readonly capMinor: bigint | null;
  /** The state to pass to the next accrual. */
  readonly accrued: PenaltyAccrued;
}

interface NightRange {
  readonly from: number;
  readonly to: number;
}

function fractionOfNights(dayCount: PenaltyDayCount, ranges: ReadonlyArray<NightRange>): Decimal {
  let total = ZERO;
  for (const range of ranges) {
    if (range.to <= range.from) continue;
    const start = civilOfEpochDay(range.from);
    const end = civilOfEpochDay(range.to);
    switch (dayCount) {
      case "actual/365":
      case "actual/actual": {
        const fraction = yearFractionOf(dayCount, start, end);
        total = add(total, decimal(fraction.numerator, fraction.denominator));
        break;
      }
      case "actual/360":
        total = add(total, decimal(range.to - range.from, 360));
        break;
      default:
        return unknownDayCount(dayCount);
    }
  }
  return total;
}

function unknownDayCount(dayCount: never): never {
  throw new Error(`Assertion failed: unknown penalty day count ${String(dayCount)}`);
}

function epochDayOfText(text: unknown): number | null {
  const date = civilDateOf(text);
  return date === null ? null : epochDayOf(date.year, date.month, date.day);
}

function isAccrued(value: unknown): value is PenaltyAccrued {
  if (typeof value !== "object" || value === null) return false;
  const state = value as PenaltyAccrued;
  const isNonNegative = (x: unknown): boolean =>
    typeof x === "object" &&
    x !== null &&
    typeof (x as Decimal).numerator === "bigint" &&
    typeof (x as Decimal).denominator === "bigint" &&
    (x as Decimal).denominator > 0n &&
    (x as Decimal).numerator >= 0n;
  return (
    isNonNegative(state.penaltyInterestExactMinor) &&
    isNonNegative(state.compoundInterestExactMinor) &&
    typeof state.lateFeeCharged === "boolean" &&
    typeof state.chargedMinor === "bigint" &&
    state.chargedMinor >= 0n
  );
}

function capOf(cap: PenaltyCap, overdueMinor: bigint): bigint | null {
  let least: bigint | null = cap.amountMinor;
  if (cap.shareOfOverdue !== null) {
    const share = parseDecimal(cap.shareOfOverdue);
    // Rounded down: a cap is a limit, and rounding up would let the penalty pass it.
    const byShare = divideRounded(overdueMinor * share.numerator, share.denominator, "floor");
    if (least === null || byShare < least) least = byShare;
  }
  return least;
}

/**
 * Penalty interest, compound interest and late fee on one overdue installment from `fromDate`
 * (exclusive) to `toDate` (inclusive), given what was accrued before. Pure and deterministic;
 * see the module comment for the rules. 10,000.00 overdue at 18 % for ten nights under
 * actual/365: 1,000,000 × 0.18 × 10 / 365 = 4,931.506… fen → 49.32.
 */
export function accruePenalty(request: PenaltyAccrualRequest): PenaltyAccrual {
  const issues: FieldIssue[] = [];
  if (typeof request !== "object" || request === null) {
    throw validationFailed([{ path: "", code: "REQUIRED", message: "a penalty accrual request" }]);
  }
  if (!isCurrencyCode(request.currency)) {
    issues.push({ path: "currency", code: "INVALID_CURRENCY", message: "an ISO 4217 currency code" });
  }
  const due = epochDayOfText(request.dueDate);
  const from = epochDayOfText(request.fromDate);
  const to = epochDayOfText(request.toDate);
  for (const [path, day] of [
    ["dueDate", due],
    ["fromDate", from],
    ["toDate", to],
  ] as const) {
    if (day === null) issues.push({ path, code: "INVALID_DATE", message: "a date (YYYY-MM-DD)" });
  }
  if (from !== null && to !== null) {
    if (to < from) issues.push({ path: "toDate", code: "BEFORE_START", message: "not before fromDate" });
    else if (to - from > penaltyAccrualDaysMax) {
      issues.push({ path: "toDate", code: "OUT_OF_RANGE", message: `at most ${penaltyAccrualDaysMax} days` });
    }
  }
  const principal = request.overduePrincipalMinor;
  if (!isAmountIn(principal, 0n, penaltyAmountMinorMax)) {
    issues.push({ path: "overduePrincipalMinor", code: "OUT_OF_RANGE", message: "a non-negative amount" });
  }
  const interest = request.overdueInterestMinor ?? 0n;
  if (!isAmountIn(interest, 0n, penaltyAmountMinorMax)) {
    issues.push({ path: "overdueInterestMinor", code: "OUT_OF_RANGE", message: "a non-negative amount" });
  }
  const rate = readRate(request.penaltyAnnualRate, "penaltyAnnualRate", issues);
  issues.push(...checkPenaltySettings(request.settings, "settings"));
  const before = request.accrued ?? noPenaltyAccrued;
  if (!isAccrued(before)) {
    issues.push({ path: "accrued", code: "INVALID_STATE", message: "a state returned by accruePenalty" });
  }
  if (issues.length > 0 || due === null || from === null || to === null || rate === null) {
    throw validationFailed(issues);
  }
  const settings = request.settings;
  const mode = settings.roundingMode;
  const overdueMinor = principal + interest;

  // Nights from the due date on; the grace nights [due, due + grace) are recognized, if at all, by
  // the accrual that contains the first day after the grace.
  const graceEnd = due + settings.graceDays;
  const ranges: NightRange[] = [{ from: Math.max(from, graceEnd), to }];
  const passesGrace = from <= graceEnd && to > graceEnd;
  if (passesGrace && settings.graceInterest === "charged-from-due-date") {
    ranges.push({ from: due, to: graceEnd });
  }
  const nights = ranges.reduce((count, range) => count + Math.max(0, range.to - range.from), 0);
  const fraction = overdueMinor === 0n ? ZERO : fractionOfNights(settings.dayCount, ranges);

  const penaltyExactAfter = add(
    before.penaltyInterestExactMinor,
    multiply(decimal(principal), multiply(rate, fraction)),
  );
  const compoundExactAfter = settings.compoundOnInterest
    ? add(before.compoundInterestExactMinor, multiply(decimal(interest), multiply(rate, fraction)))
    : before.compoundInterestExactMinor;
  const penaltyItem =
    roundToInteger(penaltyExactAfter, mode) - roundToInteger(before.penaltyInterestExactMinor, mode);
  const compoundItem =
    roundToInteger(compoundExactAfter, mode) - roundToInteger(before.compoundInterestExactMinor, mode);
  const chargeFee = !before.lateFeeCharged && overdueMinor > 0n && to > graceEnd;
  const feeItem = chargeFee ? feeOf(settings.lateFee, overdueMinor, mode) : 0n;

  const capMinor = capOf(settings.cap, overdueMinor);
  const uncapped = penaltyItem + compoundItem + feeItem;
  const room =
    capMinor === null ? uncapped : capMinor > before.chargedMinor ? capMinor - before.chargedMinor : 0n;
  const total = uncapped < room ? uncapped : room;
  // The cut comes off the late fee, then compound interest, then penalty interest.
  let cut = uncapped - total;
  const take = (item: bigint): bigint => {
    const taken = cut < item ? cut : item;
    cut -= taken;
    return item - taken;
  };
  const lateFeeMinor = take(feeItem);
  const compoundInterestMinor = take(compoundItem);
  const penaltyInterestMinor = take(penaltyItem);

  return {
    currency: request.currency,
    days: overdueMinor === 0n ? 0 : nights,
    yearFraction: fraction,
    penaltyInterestMinor,
    compoundInterestMinor,
    lateFeeMinor,
    capReductionMinor: uncapped - total,
    totalMinor: total,
    capMinor,
    accrued: Object.freeze({
      penaltyInterestExactMinor: penaltyExactAfter,
      compoundInterestExactMinor: compoundExactAfter,
      lateFeeCharged: before.lateFeeCharged || chargeFee,
      chargedMinor: before.chargedMinor + total,
    }),
  };
}
