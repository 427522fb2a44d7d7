import { decimalIn, isAmountIn, isIntegerIn } from "../../core/checks.ts";
import { currencyScale, isCurrencyCode } from "../../core/currency.ts";
import { addDays, formatBusinessDate, parseBusinessDate } from "../../core/dates.ts";
import {
  type Decimal,
  decimal,
  multiply,
  ONE,
  parseDecimal,
  roundToInteger,
  ZERO,
} from "../../core/decimal.ts";
import { AppError, type FieldIssue } from "../../core/errors.ts";
import { type FinancialStatement, statementMonthsMax } from "./financial-statement.ts";
import { type Grade, grades } from "./scorecard.ts";

export const pricingBands = ["prime", "standard", "high", "none"] as const;
export type PricingBand = (typeof pricingBands)[number];

/** Net N: the invoice is due N days after its date (账期). Cash in advance: no credit at all. */
export type PaymentTerms =
  | { readonly kind: "net"; readonly days: number }
  | { readonly kind: "cash_in_advance" };

/**
 * How a grade's limit is sized. Each non-null entry is a ceiling; the limit is the least of them.
 * Shares are decimal text from 0 to 1 ("0.10" = 10 %).
 */
export interface LimitRule {
  /** Share of the customer's book equity (净资产). */
  readonly netAssetsShare: string | null;
  /** Share of the customer's annualized revenue (营业收入). */
  readonly revenueShare: string | null;
  /** An absolute ceiling in minor units of the policy's currency. */
  readonly capMinor: bigint | null;
}

export interface GradePolicy {
  readonly limit: LimitRule;
  readonly terms: PaymentTerms;
  /** May be offered a cash discount for early payment (现金折扣). */
  readonly earlyDiscountEligible: boolean;
  /** May be offered installment plans (分期). */
  readonly installmentEligible: boolean;
  /** Which price list installment offers use; "none" when no credit is extended. */
  readonly pricingBand: PricingBand;
}

/** An organization's credit policy. Saved policies are never changed: an edit makes a new version. */
export interface CreditPolicy {
  readonly version: number;
  /** The currency of every amount here and of the statements the limits are computed from. */
  readonly currency: string;
  readonly byGrade: Readonly<Record<Grade, GradePolicy>>;
  /** Exposure may exceed the limit by this share with a warning before orders are blocked. */
  readonly warnToleranceShare: string;
  /** Orders are blocked when the customer's oldest overdue item is more days overdue than this. */
  readonly overdueBlockDays: number;
  /** An assessment is valid for this many days, its own day included. */
  readonly assessmentValidityDays: number;
  /**
   * A customer is re-assessed this many days after its last assessment (a re-assessment task is
   * scheduled), and also when it hands in new statements or falls more than `overdueBlockDays`
   * overdue. Shorter than the validity, so a new assessment is ready before the old one expires.
   */
  readonly reassessmentIntervalDays: number;
  /** Recommended limits are rounded down to a multiple of this. */
  readonly limitRoundingMinor: bigint;
  /** A limit increase larger than this needs a second person's approval (maker-checker). */
  readonly approvalThresholdMinor: bigint;
}

/** Longest net terms accepted; beyond a year trade credit is a loan. */
export const netTermsDaysMax = 365;
/** Ten years: longer than any policy day count has a reason to be. */
export const policyDaysMax = 3650;
/** Largest amount in a policy: 10^17 minor units, like the largest statement item. */
export const policyAmountMinorMax = 10n ** 17n;

function majorUnits(amount: bigint, currency: string): bigint {
  return amount * 10n ** BigInt(currencyScale(currency));
}

function creditGrade(
  netAssetsShare: string,
  revenueShare: string,
  capMajor: bigint,
  currency: string,
  days: number,
  pricingBand: PricingBand,
  installmentEligible: boolean,
): GradePolicy {
  return {
    limit: { netAssetsShare, revenueShare, capMinor: majorUnits(capMajor, currency) },
    terms: { kind: "net", days },
    earlyDiscountEligible: true,
    installmentEligible,
    pricingBand,
  };
}

const cashInAdvance: GradePolicy = {
  limit: { netAssetsShare: null, revenueShare: null, capMinor: 0n },
  terms: { kind: "cash_in_advance" },
  earlyDiscountEligible: false,
  installmentEligible: false,
  pricingBand: "none",
};

/**
 * The policy new organizations start with: strong grades Net 90/60, middle grades Net 45/30,
 * BB Net 30 with a smaller limit and no installments, weak grades cash in advance.
 *
 * Limit shares follow the trade-credit rule of thumb that one supplier should not carry more than
 * 10–20 % of a customer's net worth, nor more than a few weeks of its sales (10 % of yearly revenue
 * is about five weeks). Caps keep a single customer from dominating the organization's receivables
 * whatever its size; they are in major units of `currency` (元 for CNY).
 */
export function defaultCreditPolicy(currency: string): CreditPolicy {
  return {
    version: 1,
    currency,
    byGrade: {
      AAA: creditGrade("0.20", "0.10", 5_000_000n, currency, 90, "prime", true),
      AA: creditGrade("0.15", "0.08", 3_000_000n, currency, 60, "prime", true),
      A: creditGrade("0.10", "0.06", 1_500_000n, currency, 45, "standard", true),
      BBB: creditGrade("0.08", "0.05", 800_000n, currency, 30, "standard", true),
      BB: creditGrade("0.05", "0.03", 300_000n, currency, 30, "high", false),
      B: cashInAdvance,
      CCC: cashInAdvance,
      D: cashInAdvance,
    },
    warnToleranceShare: "0.10",
    overdueBlockDays: 30,
    assessmentValidityDays: 365,
    reassessmentIntervalDays: 180,
    limitRoundingMinor: majorUnits(1000n, currency),
    approvalThresholdMinor: majorUnits(100_000n, currency),
  };
}

/** A share from 0 to 1, or null when the text is not one. */
const parseShare = (text: unknown): Decimal | null => decimalIn(text, ZERO, ONE);

function checkGradePolicy(policy: GradePolicy, path: string, issues: FieldIssue[]): void {
  const push = (at: string, code: string, message: string): void => {
    issues.push({ path: `${path}.${at}`, code, message });
  };
  const limit = policy.limit;
  for (const share of ["netAssetsShare", "revenueShare"] as const) {
    if (limit[share] !== null && parseShare(limit[share]) === null) {
      push(`limit.${share}`, "INVALID_SHARE", "a share is a decimal from 0 to 1, or empty");
    }
  }
  if (limit.capMinor !== null && !isAmountIn(limit.capMinor, 0n, policyAmountMinorMax)) {
    push("limit.capMinor", "OUT_OF_RANGE", "the cap is a non-negative amount, or empty");
  }
  const terms = policy.terms;
  const credit = terms.kind === "net";
  if (terms.kind === "net") {
    if (!isIntegerIn(terms.days, 0, netTermsDaysMax)) {
      push("terms.days", "OUT_OF_RANGE", `net terms are 0 to ${netTermsDaysMax} days`);
    }
  } else if (terms.kind !== "cash_in_advance") {
    push("terms.kind", "INVALID_TERMS", "terms are net N days or cash in advance");
  }
  if (typeof policy.earlyDiscountEligible !== "boolean") {
    push("earlyDiscountEligible", "REQUIRED", "yes or no");
  } else if (policy.earlyDiscountEligible && !credit) {
    // A cash discount rewards paying a credit invoice early; with cash in advance there is none.
    push("earlyDiscountEligible", "NEEDS_CREDIT_TERMS", "a cash discount needs net terms");
  }
  if (typeof policy.installmentEligible !== "boolean") {
    push("installmentEligible", "REQUIRED", "yes or no");
  } else if (policy.installmentEligible && !credit) {
    push("installmentEligible", "NEEDS_CREDIT_TERMS", "installments are credit: they need net terms");
  }
  if (!(pricingBands as ReadonlyArray<string>).includes(policy.pricingBand)) {
    push("pricingBand", "INVALID_PRICING_BAND", `one of ${pricingBands.join(", ")}`);
  }
}

/** Field issues of a credit policy as saved in Settings; empty when it can be used. */
export function checkCreditPolicy(p: CreditPolicy): ReadonlyArray<FieldIssue> {
  const issues: FieldIssue[] = [];
  if (!isIntegerIn(p.version, 1, Number.MAX_SAFE_INTEGER)) {
    issues.push({ path: "version", code: "OUT_OF_RANGE", message: "version is a positive whole number" });
  }
  if (!isCurrencyCode(p.currency)) {
    issues.push({ path: "currency", code: "INVALID_CURRENCY", message: "currency must be an ISO 4217 code" });
  }
  const byGrade: Readonly<Record<string, GradePolicy | undefined>> = p.byGrade ?? {};
  for (const grade of grades) {
    const policy = byGrade[grade];
    if (policy === undefined) {
      issues.push({
        path: `byGrade.${grade}`,
        code: "MISSING_GRADE",
        message: `grade ${grade} has no policy`,
      });
    } else {
      checkGradePolicy(policy, `byGrade.${grade}`, issues);
    }
  }
  for (const key of Object.keys(byGrade)) {
    if (!(grades as ReadonlyArray<string>).includes(key)) {
      issues.push({ path: `byGrade.${key}`, code: "UNKNOWN_GRADE", message: `${key} is not a grade` });
    }
  }
  if (parseShare(p.warnToleranceShare) === null) {
    issues.push({
      path: "warnToleranceShare",
      code: "INVALID_SHARE",
      message: "a share is a decimal from 0 to 1",
    });
  }
  if (!isIntegerIn(p.overdueBlockDays, 0, policyDaysMax)) {
    issues.push({ path: "overdueBlockDays", code: "OUT_OF_RANGE", message: `0 to ${policyDaysMax} days` });
  }
  if (!isIntegerIn(p.assessmentValidityDays, 1, policyDaysMax)) {
    issues.push({
      path: "assessmentValidityDays",
      code: "OUT_OF_RANGE",
      message: `1 to ${policyDaysMax} days`,
    });
  }
  if (!isIntegerIn(p.reassessmentIntervalDays, 1, policyDaysMax)) {
    issues.push({
      path: "reassessmentIntervalDays",
      code: "OUT_OF_RANGE",
      message: `1 to ${policyDaysMax} days`,
    });
  }
  if (!isAmountIn(p.limitRoundingMinor, 1n, policyAmountMinorMax)) {
    issues.push({ path: "limitRoundingMinor", code: "OUT_OF_RANGE", message: "a positive amount" });
  }
  if (!isAmountIn(p.approvalThresholdMinor, 0n, policyAmountMinorMax)) {
    issues.push({ path: "approvalThresholdMinor", code: "OUT_OF_RANGE", message: "a non-negative amount" });
  }
  return issues;
}

export function assertCreditPolicy(p: CreditPolicy): void {
  const issues = checkCreditPolicy(p);
  if (issues.length > 0) {
    throw new AppError("VALIDATION_FAILED", {
      detail: issues.map((issue) => `${issue.path}: ${issue.message}`).join("; "),
      issues,
    });
  }
}

export const limitComponents = ["netAssets", "revenue", "cap"] as const;
export type LimitComponent = (typeof limitComponents)[number];

/** One ceiling on the limit: share × base = amount, or a cap. amountMinor null when unavailable. */
export interface LimitExplanation {
  readonly component: LimitComponent;
  /** The share applied; null for the cap, or when the grade has no such share. */
  readonly share: string | null;
  /** Equity or annualized revenue (rounded down), or null. */
  readonly baseMinor: bigint | null;
  /** The ceiling, never negative, before rounding to `limitRoundingMinor`; null when unavailable. */
  readonly amountMinor: bigint | null;
}

export interface CreditRecommendation {
  readonly grade: Grade;
  readonly limitMinor: bigint;
  readonly terms: PaymentTerms;
  readonly earlyDiscountEligible: boolean;
  readonly installmentEligible: boolean;
  readonly pricingBand: PricingBand;
  /** Always the three components, in `limitComponents` order. */
  readonly explanation: ReadonlyArray<LimitExplanation>;
  /** The component that set the limit (the first of equals), or null when none was available. */
  readonly binding: LimitComponent | null;
}

function shareOf(share: string | null, base: Decimal | null): bigint | null {
  if (share === null || base === null) return null;
  const amount = roundToInteger(multiply(parseDecimal(share), base), "floor");
  return amount < 0n ? 0n : amount;
}

/**
 * The limit, terms and offers a grade earns under `policy`. The limit is the least of the
 * available ceilings — share × equity, share × annualized revenue, cap — floored at zero (negative
 * equity gives 0) and rounded down to a multiple of `limitRoundingMinor`. A ceiling whose share or
 * statement item is absent does not apply; with no statement only the cap does; with none at all
 * the limit is 0. A statement in another currency than the policy's is CURRENCY_MISMATCH.
 */
export function recommendCredit(
  policy: CreditPolicy,
  grade: Grade,
  statement: FinancialStatement | null,
): CreditRecommendation {
  assertCreditPolicy(policy);
  if (statement !== null && statement.currency !== policy.currency) {
    throw new AppError("CURRENCY_MISMATCH", {
      detail: `The statement is in ${statement.currency}, the credit policy in ${policy.currency}`,
      params: { expected: policy.currency, actual: statement.currency },
    });
  }
  const rule = policy.byGrade[grade];
  const equity = statement?.equity ?? null;
  const revenue = statement?.revenue ?? null;
  const months = statement?.months ?? 0;
  const annualRevenue =
    revenue !== null && Number.isSafeInteger(months) && months >= 1 && months <= statementMonthsMax
      ? decimal(revenue * 12n, BigInt(months))
      : null;
  const explanation: ReadonlyArray<LimitExplanation> = [
    {
      component: "netAssets",
      share: rule.limit.netAssetsShare,
      baseMinor: equity,
      amountMinor: shareOf(rule.limit.netAssetsShare, equity === null ? null : decimal(equity)),
    },
    {
      component: "revenue",
      share: rule.limit.revenueShare,
      baseMinor: annualRevenue === null ? null : roundToInteger(annualRevenue, "floor"),
      amountMinor: shareOf(rule.limit.revenueShare, annualRevenue),
    },
    { component: "cap", share: null, baseMinor: null, amountMinor: rule.limit.capMinor },
  ];
  let binding: LimitComponent | null = null;
  let least: bigint | null = null;
  for (const entry of explanation) {
    if (entry.amountMinor !== null && (least === null || entry.amountMinor < least)) {
      least = entry.amountMinor;
      binding = entry.component;
    }
  }
  const multiple = policy.limitRoundingMinor;
  const limitMinor = least === null ? 0n : (least / multiple) * multiple;
  return {
    grade,
    limitMinor,
    terms: rule.terms,
    earlyDiscountEligible: rule.earlyDiscountEligible,
    installmentEligible: rule.installmentEligible,
    pricingBand: rule.pricingBand,
    explanation,
    binding,
  };
}

/**
 * Whether changing a limit from `currentLimitMinor` (null: none yet) to `newLimitMinor` needs a
 * second person: an increase of more than `approvalThresholdMinor`. Decreases never do, because
 * lowering a limit only reduces risk.
 */
export function limitChangeNeedsApproval(
  policy: CreditPolicy,
  currentLimitMinor: bigint | null,
  newLimitMinor: bigint,
): boolean {
  return newLimitMinor - (currentLimitMinor ?? 0n) > policy.approvalThresholdMinor;
}

/**
 * The last day an assessment made on `assessedOn` is valid: `assessmentValidityDays` days counting
 * its own day, so a 365-day validity from 2026-01-01 runs through 2026-12-31.
 */
export function assessmentExpiresOn(policy: CreditPolicy, assessedOn: string): string {
  return formatBusinessDate(addDays(parseBusinessDate(assessedOn), policy.assessmentValidityDays - 1));
}
