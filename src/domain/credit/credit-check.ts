import { compareDates, parseBusinessDate } from "../../core/dates.ts";
import { parseDecimal } from "../../core/decimal.ts";
import { AppError } from "../../core/errors.ts";
import { assertCreditPolicy, type CreditPolicy } from "./policy.ts";

/** A temporary limit increase (临时额度), valid through `expiresOn` inclusive. */
export interface TemporaryIncrease {
  readonly amountMinor: bigint;
  readonly expiresOn: string;
}

export interface CreditCheckInput {
  /** The order or invoice about to be accepted; 0 asks only about the current standing. */
  readonly requestMinor: bigint;
  /** What the customer already owes or has on order (信用占用), before this request. */
  readonly exposureMinor: bigint;
  /** The granted limit; null when the customer has none. */
  readonly limitMinor: bigint | null;
  readonly temporaryIncrease: TemporaryIncrease | null;
  readonly onHold: boolean;
  /** Days past due of the customer's most overdue open item; 0 when nothing is overdue. */
  readonly maxDaysOverdue: number;
  /** Last day the current assessment is valid (see `assessmentExpiresOn`); null when none. */
  readonly assessmentExpiresOn: string | null;
  readonly today: string;
  readonly policy: CreditPolicy;
}

export const creditCheckDecisions = ["pass", "warn", "block"] as const;
export type CreditCheckDecision = (typeof creditCheckDecisions)[number];

/** Every reason, in the order they are reported. All but WITHIN_TOLERANCE block. */
export const creditCheckReasons = [
  "ON_HOLD",
  "OVERDUE",
  "NO_ASSESSMENT",
  "ASSESSMENT_EXPIRED",
  "NO_LIMIT",
  "OVER_LIMIT",
  "WITHIN_TOLERANCE",
] as const;
export type CreditCheckReason = (typeof creditCheckReasons)[number];

export interface CreditCheckResult {
  readonly decision: CreditCheckDecision;
  /** Every finding, in `creditCheckReasons` order; empty on a clean pass. */
  readonly reasons: ReadonlyArray<CreditCheckReason>;
  /** The limit plus a temporary increase that has not expired. */
  readonly effectiveLimitMinor: bigint;
  /** The most exposure that warns rather than blocks: effective limit × (1 + tolerance), rounded down. */
  readonly toleranceLimitMinor: bigint;
  readonly exposureAfterMinor: bigint;
  /** effective limit − exposure after the request: what remains, negative when over. */
  readonly headroomMinor: bigint;
}

function invalid(path: string, message: string): AppError {
  return new AppError("VALIDATION_FAILED", {
    detail: message,
    issues: [{ path, code: "OUT_OF_RANGE", message }],
  });
}

/**
 * Whether an order may be accepted on credit. Blocks when the customer is on hold, more than
 * `overdueBlockDays` overdue, without a valid assessment (it is valid through its expiry day),
 * without a limit, or when exposure after the request exceeds the effective limit by more than
 * `warnToleranceShare`; warns when it exceeds the limit but stays within the tolerance; passes
 * otherwise. Reaching the limit exactly passes. All findings are reported, not only the first,
 * so that the credit manager sees everything that stands in the way.
 */
export function creditCheck(input: CreditCheckInput): CreditCheckResult {
  const { policy } = input;
  assertCreditPolicy(policy);
  if (typeof input.requestMinor !== "bigint" || input.requestMinor < 0n) {
    throw invalid("requestMinor", "the request is a non-negative amount");
  }
  if (typeof input.exposureMinor !== "bigint") throw invalid("exposureMinor", "the exposure is an amount");
  if (input.limitMinor !== null && (typeof input.limitMinor !== "bigint" || input.limitMinor < 0n)) {
    throw invalid("limitMinor", "the limit is a non-negative amount");
  }
  if (!Number.isSafeInteger(input.maxDaysOverdue) || input.maxDaysOverdue < 0) {
    throw invalid("maxDaysOverdue", "days overdue are a non-negative whole number");
  }
  const today = parseBusinessDate(input.today);

  let increaseMinor = 0n;
  const temporary = input.temporaryIncrease;
  if (temporary !== null) {
    if (typeof temporary.amountMinor !== "bigint" || temporary.amountMinor < 0n) {
      throw invalid("temporaryIncrease.amountMinor", "a temporary increase is a non-negative amount");
    }
    if (compareDates(today, parseBusinessDate(temporary.expiresOn)) <= 0)
      increaseMinor = temporary.amountMinor;
  }

  const reasons = new Set<CreditCheckReason>();
  if (input.onHold) reasons.add("ON_HOLD");
  if (input.maxDaysOverdue > policy.overdueBlockDays) reasons.add("OVERDUE");
  if (input.assessmentExpiresOn === null) reasons.add("NO_ASSESSMENT");
  else if (compareDates(today, parseBusinessDate(input.assessmentExpiresOn)) > 0)
    reasons.add("ASSESSMENT_EXPIRED");

  const effectiveLimitMinor = (input.limitMinor ?? 0n) + increaseMinor;
  const exposureAfterMinor = input.exposureMinor + input.requestMinor;
  const tolerance = parseDecimal(policy.warnToleranceShare);
  // limit × (1 + n/d) = limit × (d + n) / d; integer division rounds down for a non-negative limit.
  const toleranceLimitMinor =
    (effectiveLimitMinor * (tolerance.denominator + tolerance.numerator)) / tolerance.denominator;
  if (input.limitMinor === null) {
    // Without a granted limit there is nothing to measure the exposure against.
    reasons.add("NO_LIMIT");
  } else if (exposureAfterMinor > toleranceLimitMinor) {
    reasons.add("OVER_LIMIT");
  } else if (exposureAfterMinor > effectiveLimitMinor) {
    reasons.add("WITHIN_TOLERANCE");
  }

  const ordered = creditCheckReasons.filter((reason) => reasons.has(reason));
  const blocking = ordered.some((reason) => reason !== "WITHIN_TOLERANCE");
  const decision: CreditCheckDecision = blocking ? "block" : ordered.length > 0 ? "warn" : "pass";
  return {
    decision,
    reasons: ordered,
    effectiveLimitMinor,
    toleranceLimitMinor,
    exposureAfterMinor,
    headroomMinor: effectiveLimitMinor - exposureAfterMinor,
  };
}
