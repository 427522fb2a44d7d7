import { decimalIn, isAmountIn, isIntegerIn } from "../../core/checks.ts";
import { parseDecimal } from "../../core/decimal.ts";
import { AppError, type FieldIssue } from "../../core/errors.ts";

/**
 * How an organization handles credit losses: above which amount a write-off needs a second
 * person (maker-checker, DESIGN.md §5), and the settings of the provision matrix (how many months
 * of its own history the roll rates average over, the forward-looking adjustment IFRS 9 §5.5.17(c)
 * asks for, and optional floor loss rates per aging bucket). Versioned, because every provision
 * run and every write-off names the version it followed.
 */
export interface RiskPolicy {
  readonly version: number;
  /** A write-off above this amount waits for approval; at or below it posts at once. */
  readonly writeOffApprovalThresholdMinor: bigint;
  /** Month ends of history the roll rates average over (the window). */
  readonly historyMonths: number;
  /** A decimal fraction: "0.10" raises every loss rate by 10 % (of itself), "-0.05" lowers it. */
  readonly forwardLookingAdjustment: string;
  /** Lowest loss rate per aging bucket key ("91_180", "over_365"), decimal fractions from 0 to 1. */
  readonly floorRates: Readonly<Record<string, string>>;
}

export const writeOffThresholdMinorMax = 10n ** 15n;
export const historyMonthsMin = 1;
export const historyMonthsMax = 36;
export const floorRatesMax = 22;
const bucketKeyPattern = /^(not_due|[0-9]{1,4}_[0-9]{1,4}|over_[0-9]{1,4})$/;

export function defaultRiskPolicy(): RiskPolicy {
  return {
    version: 1,
    writeOffApprovalThresholdMinor: 10_000_00n,
    historyMonths: 12,
    forwardLookingAdjustment: "0",
    floorRates: {},
  };
}

export function checkRiskPolicy(policy: RiskPolicy): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const issue = (path: string, code: string, message: string) => issues.push({ path, code, message });
  if (!isAmountIn(policy.writeOffApprovalThresholdMinor, 0n, writeOffThresholdMinorMax)) {
    issue("writeOffApprovalThreshold", "OUT_OF_RANGE", "from 0 to 10,000,000,000,000.00");
  }
  if (!isIntegerIn(policy.historyMonths, historyMonthsMin, historyMonthsMax)) {
    issue("historyMonths", "OUT_OF_RANGE", `whole months from ${historyMonthsMin} to ${historyMonthsMax}`);
  }
  if (decimalIn(policy.forwardLookingAdjustment, parseDecimal("-1"), parseDecimal("1")) === null) {
    issue("forwardLookingAdjustment", "OUT_OF_RANGE", "a decimal fraction from -1 to 1, such as 0.10");
  }
  const floors = Object.entries(policy.floorRates ?? {});
  if (floors.length > floorRatesMax) issue("floorRates", "TOO_MANY", `at most ${floorRatesMax} buckets`);
  for (const [key, rate] of floors) {
    if (!bucketKeyPattern.test(key)) {
      issue(`floorRates.${key}`, "UNKNOWN_BUCKET", "an aging bucket key such as 91_180 or over_365");
    } else if (decimalIn(rate, parseDecimal("0"), parseDecimal("1")) === null) {
      issue(`floorRates.${key}`, "OUT_OF_RANGE", "a decimal fraction from 0 to 1");
    }
  }
  return issues;
}

export function assertRiskPolicy(policy: RiskPolicy): void {
  const issues = checkRiskPolicy(policy);
  if (issues.length > 0) {
    throw new AppError("VALIDATION_FAILED", { detail: issues.map((i) => i.message).join("; "), issues });
  }
}
