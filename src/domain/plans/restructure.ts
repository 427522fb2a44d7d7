import { add, type Decimal, subtract, ZERO } from "../../core/decimal.ts";
import { assert, type FieldIssue } from "../../core/errors.ts";
import {
  continuePlan,
  type PlanContinuation,
  type PlanStanding,
  type PlanState,
  type PlanVersion,
  planInterestOf,
  planStanding,
  planValidationFailed,
  readPlanRate,
  regularPeriodFraction,
  upcomingDueDates,
} from "./early-repayment.ts";
import { dueDatesMax } from "./frequency.ts";
import { type Installment, scheduleAnnualRateMax } from "./schedule.ts";

/**
 * Restructuring (重组) of an installment plan: each change makes a new version from an effective
 * date and keeps the previous one, which is returned unchanged beside it. Every row due on or
 * before the effective date, or already paid, is kept as it was; the rows after it are rebuilt by
 * buildSchedule on the plan's calendar (see early-repayment.ts for versions, the current period
 * and accrued interest).
 *
 * - "rate-change": the outstanding principal is re-amortized at the new rate over the remaining
 *   periods. The current period is split at the effective date (分段计息): the first new row
 *   charges the interest accrued before the date at the old rate plus interest at the new rate
 *   for the rest of its period. Not for flat-fee plans (they charge fees, not interest) nor
 *   interest-free ones (the customer pays no rate).
 * - "payment-holiday": the next `periods` due dates are skipped and the remaining rows move back
 *   by as many periods, so the term grows by the holiday. Interest keeps accruing on the
 *   outstanding principal over the skipped periods (simple interest, at the plan's period
 *   rates, rounded once). `holidayInterest` "spread" (the default) adds that interest to the
 *   remaining rows in equal parts (rounded down, the last row taking the rest) and never charges
 *   interest on it (no 复利); "capitalize" adds it to the principal that is re-amortized, so it
 *   bears interest from the end of the holiday. Skipped periods carry no fee: the remaining rows
 *   keep theirs.
 * - "term-extension": the outstanding principal over the remaining periods plus `extraPeriods`;
 *   the current row's interest is unchanged, each extra period carries the current row's fee.
 * - "capitalize-arrears": the unpaid interest and fees of the installments due on or before the
 *   effective date are added to the principal (their principal already is in it), the arrears
 *   rows are replaced, and the whole is re-amortized over the periods left after them; the
 *   current period is split at the date like a rate change (the capitalized amount bears interest
 *   from the effective date). Penalty interest (罚息) on the arrears is not part of it.
 *
 * Fees of the remaining rows are kept (spread evenly over the new rows). The new rows are
 * numbered on from the kept rows; after capitalizing arrears that is from the last paid one.
 */

export const restructureKinds = [
  "rate-change",
  "payment-holiday",
  "term-extension",
  "capitalize-arrears",
] as const;
export type RestructureKind = (typeof restructureKinds)[number];

export const holidayInterestTreatments = ["spread", "capitalize"] as const;
export type HolidayInterest = (typeof holidayInterestTreatments)[number];

/** Longest payment holiday, in periods. */
export const holidayPeriodsMax = 24;
/** Most periods a term extension adds (the calendar holds at most this many due dates). */
export const termExtensionPeriodsMax = dueDatesMax;
/** Longest reason text, in characters. */
export const restructureReasonLengthMax = 500;

export type PlanChange =
  | {
      readonly kind: "rate-change";
      /** `YYYY-MM-DD`: the new rate applies from this day. */
      readonly effectiveDate: string;
      /** The new annual rate: a decimal fraction ("0.0385") or an exact Decimal. */
      readonly annualRate: Decimal | string;
      readonly reason: string;
    }
  | {
      readonly kind: "payment-holiday";
      readonly effectiveDate: string;
      /** Due dates skipped, from the first one after the effective date. */
      readonly periods: number;
      /** Default "spread". */
      readonly holidayInterest?: HolidayInterest | undefined;
      readonly reason: string;
    }
  | {
      readonly kind: "term-extension";
      readonly effectiveDate: string;
      readonly extraPeriods: number;
      readonly reason: string;
    }
  | {
      readonly kind: "capitalize-arrears";
      readonly effectiveDate: string;
      readonly reason: string;
    };

export interface Restructuring {
  readonly kind: RestructureKind;
  readonly effectiveDate: string;
  readonly reason: string;
  /** The plan as it was, unchanged. */
  readonly previous: PlanState;
  readonly next: PlanVersion;
  /** Added to the principal: the arrears' unpaid interest and fees, or capitalized holiday interest. */
  readonly capitalizedMinor: bigint;
  /** Payment holiday: the due dates skipped and the interest that accrued over them. */
  readonly skippedDueDates: ReadonlyArray<string>;
  readonly holidayInterestMinor: bigint;
  readonly holidayInterest: HolidayInterest | null;
  /** Capitalize-arrears: the previous version's rows whose unpaid amounts moved into the principal. */
  readonly capitalizedInstallments: ReadonlyArray<Installment>;
  /**
   * Interest of the current period accrued before the effective date at the previous terms,
   * charged with the first new row (rate change, capitalized arrears); 0 otherwise.
   */
  readonly interestBeforeChangeMinor: bigint;
}

function isCount(value: unknown, min: number, max: number): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= min && value <= max;
}

function changeIssues(change: PlanChange): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (typeof change !== "object" || change === null) {
    return [{ path: "", code: "REQUIRED", message: "a plan change" }];
  }
  if (!(restructureKinds as ReadonlyArray<unknown>).includes(change.kind)) {
    issues.push({ path: "kind", code: "INVALID_CHOICE", message: restructureKinds.join(", ") });
  }
  if (
    typeof change.reason !== "string" ||
    change.reason.trim() === "" ||
    change.reason.length > restructureReasonLengthMax
  ) {
    issues.push({
      path: "reason",
      code: change.reason === undefined ? "REQUIRED" : "OUT_OF_RANGE",
      message: `why the plan changes, 1 to ${restructureReasonLengthMax} characters`,
    });
  }
  switch (change.kind) {
    case "rate-change":
      readPlanRate(change.annualRate, "annualRate", scheduleAnnualRateMax, issues);
      break;
    case "payment-holiday":
      if (!isCount(change.periods, 1, holidayPeriodsMax)) {
        issues.push({
          path: "periods",
          code: "OUT_OF_RANGE",
          message: `a whole number of periods from 1 to ${holidayPeriodsMax}`,
        });
      }
      if (
        change.holidayInterest !== undefined &&
        !(holidayInterestTreatments as ReadonlyArray<unknown>).includes(change.holidayInterest)
      ) {
        issues.push({
          path: "holidayInterest",
          code: "INVALID_CHOICE",
          message: holidayInterestTreatments.join(", "),
        });
      }
      break;
    case "term-extension":
      if (!isCount(change.extraPeriods, 1, termExtensionPeriodsMax)) {
        issues.push({
          path: "extraPeriods",
          code: "OUT_OF_RANGE",
          message: `a whole number of periods from 1 to ${termExtensionPeriodsMax}`,
        });
      }
      break;
    case "capitalize-arrears":
      break;
    default:
      break;
  }
  return issues;
}

function refused(path: string, code: string, message: string): never {
  throw planValidationFailed([{ path, code, message }]);
}

/**
 * A new version of `plan` from `change.effectiveDate` (see the module comment), beside the plan
 * as it was. Bad input is VALIDATION_FAILED: effectiveDate (INVALID_DATE, BEFORE_START,
 * BEFORE_LAST_CHANGE, AFTER_MATURITY when every row is due, NO_ARREARS), kind, reason,
 * annualRate (NOT_APPLICABLE to flat-fee and interest-free plans), periods, holidayInterest,
 * extraPeriods and plan.*; terms that cannot be amortized are VALIDATION_FAILED at the field of
 * the change.
 */
export function restructurePlan(plan: PlanState, change: PlanChange): Restructuring {
  const issues = changeIssues(change);
  const standing = planStanding(plan, change?.effectiveDate, { datePath: "effectiveDate", issues });
  const current = standing.current;
  if (current === null || standing.outstandingPrincipalMinor === 0n) {
    return refused(
      "effectiveDate",
      "AFTER_MATURITY",
      "every installment is due: nothing left to restructure",
    );
  }
  const rows = plan.schedule.installments;
  const remainingPeriods = rows.length - standing.settledThrough;
  const outstanding = standing.outstandingPrincipalMinor;
  const base: Omit<PlanContinuation, "errorPath"> = {
    keptThrough: standing.settledThrough,
    paidThrough: standing.paidThrough,
    skipPeriods: 0,
    principalMinor: outstanding,
    periods: remainingPeriods,
    annualRate: standing.annualRate,
    feesTotalMinor: standing.futureFeesMinor,
    spreadInterestMinor: 0n,
    firstInterestBeforeMinor: 0n,
    firstInterestFromFraction: ZERO,
    periodSplit: undefined,
  };
  const unchanged = {
    kind: change.kind,
    effectiveDate: change.effectiveDate,
    reason: change.reason,
    previous: plan,
    capitalizedMinor: 0n,
    skippedDueDates: [],
    holidayInterestMinor: 0n,
    holidayInterest: null,
    capitalizedInstallments: [],
    interestBeforeChangeMinor: 0n,
  } as const;
  const splitAtDate = (rowNumber: number) =>
    current.accrualTo > current.periodStart
      ? { rowNumber, from: current.accrualTo, interestBeforeMinor: current.accruedInterestMinor }
      : undefined;

  switch (change.kind) {
    case "rate-change": {
      if (standing.method === "flat-fee") {
        return refused("annualRate", "NOT_APPLICABLE", "a flat-fee plan charges fees, not interest");
      }
      if (standing.interestFree) {
        return refused("annualRate", "NOT_APPLICABLE", "the customer of an interest-free plan pays no rate");
      }
      const rate = readPlanRate(change.annualRate, "annualRate", scheduleAnnualRateMax, []);
      assert(rate !== null, "the new rate was validated with the change");
      const next = continuePlan(standing, {
        ...base,
        annualRate: rate,
        firstInterestBeforeMinor: current.accruedInterestMinor,
        firstInterestFromFraction: current.accrualToFraction,
        periodSplit: splitAtDate(current.installment.number),
        errorPath: "annualRate",
      });
      return { ...unchanged, next, interestBeforeChangeMinor: current.accruedInterestMinor };
    }
    case "payment-holiday": {
      const treatment = change.holidayInterest ?? "spread";
      const holidayInterestMinor = holidayInterestOf(standing, change.periods);
      const { dates } = upcomingDueDates(standing, change.periods, "periods");
      const capitalize = treatment === "capitalize";
      const next = continuePlan(standing, {
        ...base,
        skipPeriods: change.periods,
        principalMinor: capitalize ? outstanding + holidayInterestMinor : outstanding,
        spreadInterestMinor: capitalize ? 0n : holidayInterestMinor,
        errorPath: "periods",
      });
      return {
        ...unchanged,
        next,
        capitalizedMinor: capitalize ? holidayInterestMinor : 0n,
        skippedDueDates: dates,
        holidayInterestMinor,
        holidayInterest: treatment,
      };
    }
    case "term-extension": {
      const split = plan.periodSplit;
      const next = continuePlan(standing, {
        ...base,
        periods: remainingPeriods + change.extraPeriods,
        feesTotalMinor: standing.futureFeesMinor + current.installment.feeMinor * BigInt(change.extraPeriods),
        // The current row keeps its interest: same principal, same rate, same period.
        firstInterestBeforeMinor: current.installment.interestMinor,
        firstInterestFromFraction: current.periodFraction,
        periodSplit:
          split !== undefined && split.rowNumber === current.installment.number ? split : undefined,
        errorPath: "extraPeriods",
      });
      return { ...unchanged, next };
    }
    case "capitalize-arrears": {
      const arrears = standing.arrears;
      if (arrears.length === 0) {
        return refused("effectiveDate", "NO_ARREARS", "no installment due on or before the date is unpaid");
      }
      const capitalizedMinor = standing.arrearsTotals.interestMinor + standing.arrearsTotals.feeMinor;
      const next = continuePlan(standing, {
        ...base,
        keptThrough: standing.paidThrough,
        principalMinor: outstanding + standing.arrearsTotals.principalMinor + capitalizedMinor,
        firstInterestBeforeMinor: current.accruedInterestMinor,
        firstInterestFromFraction: current.accrualToFraction,
        periodSplit: splitAtDate(standing.paidThrough + 1),
        errorPath: "effectiveDate",
      });
      return {
        ...unchanged,
        next,
        capitalizedMinor,
        capitalizedInstallments: arrears,
        interestBeforeChangeMinor: current.accruedInterestMinor,
      };
    }
    default:
      return unknownKind(change);
  }
}

/**
 * Interest on the outstanding principal from where the current period's accrual starts to the
 * last skipped due date: the rest of the current period, then `periods − 1` whole periods, as
 * one exact sum rounded once, plus the interest the period already carried.
 */
function holidayInterestOf(standing: PlanStanding, periods: number): bigint {
  const current = standing.current;
  if (current === null) return 0n;
  const { previous, dates } = upcomingDueDates(standing, periods, "periods");
  let fraction = subtract(current.periodFraction, current.accrualFromFraction);
  let start = dates[0] ?? previous;
  for (const end of dates.slice(1)) {
    fraction = add(fraction, regularPeriodFraction(standing.dayCount, standing.frequency, start, end));
    start = end;
  }
  return (
    current.carriedInterestMinor +
    planInterestOf(standing.outstandingPrincipalMinor, standing.customerRate, fraction, standing.roundingMode)
  );
}

function unknownKind(change: never): never {
  throw new Error(
    `Assertion failed: unknown restructure kind ${String((change as { kind?: unknown }).kind)}`,
  );
}
