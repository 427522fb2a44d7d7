import { decimalIn, isAmountIn, isIntegerIn } from "../../core/checks.ts";
import { currencyScale, isCurrencyCode } from "../../core/currency.ts";
import { compare, type Decimal, decimal, ONE, parseDecimal, ZERO } from "../../core/decimal.ts";
import { AppError, type FieldIssue } from "../../core/errors.ts";
import { divideRounded, isRoundingMode, type RoundingMode } from "../../core/rounding.ts";
import { type Grade, grades, type PricingBand } from "../credit/index.ts";
import {
  checkRateCeilingSettings,
  judicialCeilingLprMultiple,
  type RateCeilingSettings,
} from "./ceilings.ts";
import { type DayCount, isDayCount } from "./day-count.ts";
import { checkEarlyRepaymentFeePolicy, type EarlyRepaymentFeePolicy } from "./early-repayment.ts";
import { checkFeeRule, type FeeRule, feeOf } from "./fee-rule.ts";
import { type Frequency, isFrequency } from "./frequency.ts";
import { checkPenaltySettings, defaultPenaltySettings, type PenaltySettings } from "./penalties.ts";
import { type FeeRecognition, feeRecognitions } from "./plan-accounting.ts";
import { isScheduleMethod, type ScheduleMethod, schedulePeriodsMax } from "./schedule.ts";

/**
 * An organization's installment policy: what plans it offers to which pricing band, at what price,
 * to whom, and what it expects to earn on them. Like the credit policy it is versioned data: a
 * saved policy never changes, an edit makes a new version, and every offer names the version it
 * was computed under. The credit policy decides each grade's pricing band and whether the grade
 * may have installments at all; this policy prices the bands.
 *
 * Rates are exact decimal text ("0.085" a year), shares decimal text from 0 to 1, amounts bigint
 * minor units of `currency`.
 */

/** The bands that have a price list; "none" (no credit) never gets installments. */
export const installmentBands = ["prime", "standard", "high"] as const satisfies ReadonlyArray<PricingBand>;
export type InstallmentBand = (typeof installmentBands)[number];

export interface BandPricing {
  /** Contract annual rate of the interest-bearing methods (equal-installment, equal-principal, interest-only). */
  readonly annualRate: string;
  /** Fee per period on the amount financed of the flat-fee method (手续费分期); "0" when flat-fee is not offered. */
  readonly feeRatePerPeriod: string;
  readonly methods: ReadonlyArray<ScheduleMethod>;
  /** Numbers of installments offered (3, 6, 12, 24). */
  readonly periods: ReadonlyArray<number>;
}

/** The upfront fee: its base is the amount financed. */
export type UpfrontFeeRule = FeeRule;

/** Interest-free promotions (免息): the customer pays no interest; the subsidy (贴息) is recorded. */
export interface PromotionRule {
  readonly allowed: boolean;
  /** Longest plan that may be interest-free. */
  readonly periodsMax: number;
  /**
   * The merchant pays the subsidy (the interest forgone), so it is income of the credit; otherwise
   * the organization forgoes the interest itself.
   */
  readonly merchantFunded: boolean;
  /** Bands that may have the promotion. */
  readonly bands: ReadonlyArray<InstallmentBand>;
}

/**
 * - "income-after-obligations": installment ÷ (monthly income − existing monthly obligations).
 * - "total-debt-service": (installment + existing obligations) ÷ monthly income.
 */
export const affordabilityBases = ["income-after-obligations", "total-debt-service"] as const;
export type AffordabilityBasis = (typeof affordabilityBases)[number];

export interface AffordabilityRule {
  /** Highest payment-to-income ratio ("0.5"). */
  readonly paymentToIncomeMax: string;
  readonly basis: AffordabilityBasis;
  /** Without a stated income or cash flow, no plan is offered (INCOME_UNKNOWN); otherwise affordability is not checked. */
  readonly incomeRequired: boolean;
}

export interface PaymentBehaviorRule {
  /** A customer whose average days late (amount-weighted) is above this gets no plan. */
  readonly averageDaysLateMax: number;
  /** With a worsening payment trend, plans longer than this are not offered. */
  readonly worseningTrendPeriodsMax: number;
}

export interface RiskParameters {
  /** One-year probability of default by grade (PD), a share. */
  readonly probabilityOfDefaultByGrade: Readonly<Record<Grade, string>>;
  /** Loss given default (LGD), a share of the exposure at default. */
  readonly lossGivenDefault: string;
  /** What the organization pays a year for the money it lends (资金成本). */
  readonly costOfFundsAnnual: string;
}

export interface InstallmentPolicy {
  readonly version: number;
  /** The currency of every amount here; offers in another currency are refused. */
  readonly currency: string;
  readonly frequency: Frequency;
  readonly dayCount: DayCount;
  readonly roundingMode: RoundingMode;
  readonly byBand: Readonly<Record<InstallmentBand, BandPricing>>;
  /** Least and most amount financed (principal less down payment). */
  readonly amountMinMinor: bigint;
  readonly amountMaxMinor: bigint;
  /** Least down payment (首付) by grade, a share of the price, rounded up to the minor unit. */
  readonly downPaymentShareMinByGrade: Readonly<Record<Grade, string>>;
  readonly upfrontFee: UpfrontFeeRule;
  readonly promotion: PromotionRule;
  readonly affordability: AffordabilityRule;
  readonly paymentBehavior: PaymentBehaviorRule;
  readonly risk: RiskParameters;
  readonly penalty: PenaltySettings;
  readonly rateCeiling: RateCeilingSettings;
  /** Charged on principal repaid early; disclosed on every plan. */
  readonly earlyRepaymentFee: EarlyRepaymentFeePolicy;
  /** How installment credit earns its fees (see plan-accounting.ts); 小企业会计准则 always uses "when-charged". */
  readonly feeRecognition: FeeRecognition;
}

/** Largest amount in a policy: 10^17 minor units, as for schedules. */
export const installmentPolicyAmountMinorMax = 10n ** 17n;
/** Highest contract rate in a policy: 1,000 % a year, the schedule engine's limit. */
export const installmentPolicyRateMax: Decimal = decimal(10);
/** Most period choices per band. */
export const bandPeriodChoicesMax = 24;
/** Longest average lateness a policy may tolerate, in days. */
export const averageDaysLateMaxLimit = 3650;

function majorUnits(amount: bigint, currency: string): bigint {
  return amount * 10n ** BigInt(currencyScale(currency));
}

/**
 * The policy new organizations start with. Monthly plans on 30/360 (月利率 = 年利率 / 12, as Chinese
 * lenders quote), rounded half-up (四舍五入). Every default price keeps the annualized rate of every
 * default plan below 12 %, four times the one-year LPR of 3.00 % in force since 20 May 2025, so
 * that the default ceiling (block) passes them:
 * - prime 6.5 % a year or 0.35 % a month flat fee, 3–24 months; standard 8.5 % or 0.45 %, 3–12
 *   months; high 11 %, 3 or 6 months, equal installments only.
 * - 1,000 to 5,000,000 in the currency's major units; no down payment for AAA/AA, 10 % for A, 20 %
 *   for BBB, 30 % for BB, 50 % below (those grades get no installments from the default credit
 *   policy anyway); no upfront fee (PBOC announcement 〔2021〕 No. 3 folds fees into the disclosed rate,
 *   and a fee taken at the start raises it most).
 * - Interest-free up to 6 months for prime and standard, merchant-funded.
 * - Affordability: the installment at most half of the monthly income left after existing
 *   obligations; without a stated income the limit and the credit check are the safeguard
 *   (trade customers seldom state one).
 * - Payment behavior: on average more than 30 days late, no plan; a worsening trend, 6 months at most.
 * - Risk: PD by grade from 0.03 % (the Basel II floor for corporate PDs, ¶285) for AAA up to 15 % for
 *   CCC, 100 % for D (the Basel II PD of a defaulted borrower, ¶285): illustrative, to be replaced by
 *   the organization's own loss history. LGD 45 %: Basel II foundation IRB, senior unsecured claims
 *   on corporates (¶287). Cost of funds 3.5 %: the one-year LPR (3.00 %) plus 50 basis points.
 * - Penalties: `defaultPenaltySettings()` (contract rate + 50 %).
 * - Rate ceiling: 4 × the one-year LPR at contract date, blocking.
 * - No early-repayment fee; fees of installment credit folded into the effective rate (IFRS 9 B5.4.2).
 */
export function defaultInstallmentPolicy(currency: string): InstallmentPolicy {
  return {
    version: 1,
    currency,
    frequency: "monthly",
    dayCount: "30/360",
    roundingMode: "half-up",
    byBand: {
      prime: {
        annualRate: "0.065",
        feeRatePerPeriod: "0.0035",
        methods: ["equal-installment", "equal-principal", "flat-fee"],
        periods: [3, 6, 12, 24],
      },
      standard: {
        annualRate: "0.085",
        feeRatePerPeriod: "0.0045",
        methods: ["equal-installment", "equal-principal", "flat-fee"],
        periods: [3, 6, 12],
      },
      high: {
        annualRate: "0.11",
        feeRatePerPeriod: "0",
        methods: ["equal-installment"],
        periods: [3, 6],
      },
    },
    amountMinMinor: majorUnits(1000n, currency),
    amountMaxMinor: majorUnits(5_000_000n, currency),
    downPaymentShareMinByGrade: {
      AAA: "0",
      AA: "0",
      A: "0.1",
      BBB: "0.2",
      BB: "0.3",
      B: "0.5",
      CCC: "0.5",
      D: "0.5",
    },
    upfrontFee: { kind: "none" },
    promotion: { allowed: true, periodsMax: 6, merchantFunded: true, bands: ["prime", "standard"] },
    affordability: { paymentToIncomeMax: "0.5", basis: "income-after-obligations", incomeRequired: false },
    paymentBehavior: { averageDaysLateMax: 30, worseningTrendPeriodsMax: 6 },
    risk: {
      probabilityOfDefaultByGrade: {
        AAA: "0.0003",
        AA: "0.0005",
        A: "0.001",
        BBB: "0.003",
        BB: "0.01",
        B: "0.04",
        CCC: "0.15",
        D: "1",
      },
      lossGivenDefault: "0.45",
      costOfFundsAnnual: "0.035",
    },
    penalty: defaultPenaltySettings(),
    rateCeiling: { mode: "block", source: { kind: "lpr-multiple", multiple: judicialCeilingLprMultiple } },
    earlyRepaymentFee: { kind: "none" },
    feeRecognition: "effective-rate",
  };
}

function checkBand(pricing: BandPricing, path: string, issues: FieldIssue[]): void {
  const push = (at: string, code: string, message: string): void => {
    issues.push({ path: `${path}.${at}`, code, message });
  };
  if (decimalIn(pricing.annualRate, ZERO, installmentPolicyRateMax) === null) {
    push("annualRate", "INVALID_RATE", "an annual rate from 0 to 10");
  }
  const fee = decimalIn(pricing.feeRatePerPeriod, ZERO, ONE);
  if (fee === null) push("feeRatePerPeriod", "INVALID_RATE", "a fee rate from 0 to 1");
  const methods = pricing.methods;
  if (!Array.isArray(methods) || methods.length === 0) {
    push("methods", "REQUIRED", "at least one method");
  } else {
    methods.forEach((method, index) => {
      if (!isScheduleMethod(method)) push(`methods.${index}`, "INVALID_CHOICE", "a schedule method");
      else if (methods.indexOf(method) !== index) push(`methods.${index}`, "DUPLICATE", "each method once");
    });
    if (methods.includes("flat-fee") && fee !== null && compare(fee, ZERO) === 0) {
      push("feeRatePerPeriod", "REQUIRED_FOR_FLAT_FEE", "a flat-fee plan needs a fee above 0");
    }
  }
  const periods = pricing.periods;
  if (!Array.isArray(periods) || periods.length === 0 || periods.length > bandPeriodChoicesMax) {
    push("periods", "REQUIRED", `1 to ${bandPeriodChoicesMax} choices`);
  } else {
    periods.forEach((count, index) => {
      if (!isIntegerIn(count, 1, schedulePeriodsMax)) {
        push(`periods.${index}`, "OUT_OF_RANGE", `a whole number from 1 to ${schedulePeriodsMax}`);
      } else if (periods.indexOf(count) !== index) {
        push(`periods.${index}`, "DUPLICATE", "each number of periods once");
      }
    });
  }
}

function checkShareByGrade(
  shares: Readonly<Record<string, string>> | undefined,
  path: string,
  max: Decimal,
  maxExclusive: boolean,
  issues: FieldIssue[],
): void {
  if (typeof shares !== "object" || shares === null) {
    issues.push({ path, code: "REQUIRED", message: "a share for every grade" });
    return;
  }
  for (const grade of grades) {
    const share = decimalIn(shares[grade], ZERO, max);
    if (share === null || (maxExclusive && compare(share, max) === 0)) {
      issues.push({
        path: `${path}.${grade}`,
        code: "INVALID_SHARE",
        message: maxExclusive ? "a share from 0 to below 1" : "a share from 0 to 1",
      });
    }
  }
  for (const key of Object.keys(shares)) {
    if (!(grades as ReadonlyArray<string>).includes(key)) {
      issues.push({ path: `${path}.${key}`, code: "UNKNOWN_GRADE", message: `${key} is not a grade` });
    }
  }
}

/** Field issues of an installment policy as saved in Settings; empty when it can be used. */
export function checkInstallmentPolicy(p: InstallmentPolicy): ReadonlyArray<FieldIssue> {
  if (typeof p !== "object" || p === null) return [{ path: "", code: "REQUIRED", message: "a policy" }];
  const issues: FieldIssue[] = [];
  const push = (path: string, code: string, message: string): void => {
    issues.push({ path, code, message });
  };
  if (!isIntegerIn(p.version, 1, Number.MAX_SAFE_INTEGER))
    push("version", "OUT_OF_RANGE", "a positive whole number");
  if (!isCurrencyCode(p.currency)) push("currency", "INVALID_CURRENCY", "an ISO 4217 currency code");
  if (!isFrequency(p.frequency)) push("frequency", "INVALID_CHOICE", "a payment frequency");
  if (!isDayCount(p.dayCount)) push("dayCount", "INVALID_CHOICE", "30/360, actual/365 or actual/actual");
  if (!isRoundingMode(p.roundingMode)) push("roundingMode", "INVALID_CHOICE", "a rounding mode");

  const byBand: Readonly<Record<string, BandPricing | undefined>> = p.byBand ?? {};
  for (const band of installmentBands) {
    const pricing = byBand[band];
    if (pricing === undefined) push(`byBand.${band}`, "MISSING_BAND", `band ${band} has no prices`);
    else checkBand(pricing, `byBand.${band}`, issues);
  }
  for (const key of Object.keys(byBand)) {
    if (!(installmentBands as ReadonlyArray<string>).includes(key)) {
      push(`byBand.${key}`, "UNKNOWN_BAND", `${key} is not a priced band`);
    }
  }

  const minValid = isAmountIn(p.amountMinMinor, 1n, installmentPolicyAmountMinorMax);
  if (!minValid) push("amountMinMinor", "OUT_OF_RANGE", "a positive amount");
  if (!isAmountIn(p.amountMaxMinor, 1n, installmentPolicyAmountMinorMax))
    push("amountMaxMinor", "OUT_OF_RANGE", "a positive amount");
  else if (minValid && p.amountMaxMinor < p.amountMinMinor) {
    push("amountMaxMinor", "BELOW_MIN", "not below the minimum amount");
  }
  // A down payment of the whole price leaves nothing to finance.
  checkShareByGrade(p.downPaymentShareMinByGrade, "downPaymentShareMinByGrade", ONE, true, issues);

  issues.push(...checkFeeRule(p.upfrontFee, "upfrontFee", installmentPolicyAmountMinorMax));

  const promotion = p.promotion;
  if (typeof promotion !== "object" || promotion === null) {
    push("promotion", "REQUIRED", "the promotion rule");
  } else {
    if (typeof promotion.allowed !== "boolean") push("promotion.allowed", "REQUIRED", "yes or no");
    if (typeof promotion.merchantFunded !== "boolean")
      push("promotion.merchantFunded", "REQUIRED", "yes or no");
    if (!isIntegerIn(promotion.periodsMax, 0, schedulePeriodsMax)) {
      push("promotion.periodsMax", "OUT_OF_RANGE", `0 to ${schedulePeriodsMax} periods`);
    }
    if (!Array.isArray(promotion.bands)) {
      push("promotion.bands", "REQUIRED", "a list of bands");
    } else {
      promotion.bands.forEach((band, index) => {
        if (!(installmentBands as ReadonlyArray<string>).includes(band)) {
          push(`promotion.bands.${index}`, "INVALID_CHOICE", installmentBands.join(", "));
        }
      });
    }
  }

  const affordability = p.affordability;
  if (typeof affordability !== "object" || affordability === null) {
    push("affordability", "REQUIRED", "the affordability rule");
  } else {
    const ratio = decimalIn(affordability.paymentToIncomeMax, ZERO, ONE);
    if (ratio === null || compare(ratio, ZERO) === 0) {
      push("affordability.paymentToIncomeMax", "INVALID_SHARE", "a share above 0 and at most 1");
    }
    if (!(affordabilityBases as ReadonlyArray<string>).includes(affordability.basis)) {
      push("affordability.basis", "INVALID_CHOICE", affordabilityBases.join(" or "));
    }
    if (typeof affordability.incomeRequired !== "boolean") {
      push("affordability.incomeRequired", "REQUIRED", "yes or no");
    }
  }

  const behavior = p.paymentBehavior;
  if (typeof behavior !== "object" || behavior === null) {
    push("paymentBehavior", "REQUIRED", "the payment-behavior rule");
  } else {
    if (!isIntegerIn(behavior.averageDaysLateMax, 0, averageDaysLateMaxLimit)) {
      push("paymentBehavior.averageDaysLateMax", "OUT_OF_RANGE", `0 to ${averageDaysLateMaxLimit} days`);
    }
    if (!isIntegerIn(behavior.worseningTrendPeriodsMax, 0, schedulePeriodsMax)) {
      push("paymentBehavior.worseningTrendPeriodsMax", "OUT_OF_RANGE", `0 to ${schedulePeriodsMax} periods`);
    }
  }

  const risk = p.risk;
  if (typeof risk !== "object" || risk === null) {
    push("risk", "REQUIRED", "the risk parameters");
  } else {
    checkShareByGrade(
      risk.probabilityOfDefaultByGrade,
      "risk.probabilityOfDefaultByGrade",
      ONE,
      false,
      issues,
    );
    if (decimalIn(risk.lossGivenDefault, ZERO, ONE) === null) {
      push("risk.lossGivenDefault", "INVALID_SHARE", "a share from 0 to 1");
    }
    if (decimalIn(risk.costOfFundsAnnual, ZERO, installmentPolicyRateMax) === null) {
      push("risk.costOfFundsAnnual", "INVALID_RATE", "an annual rate from 0 to 10");
    }
  }
  issues.push(...checkPenaltySettings(p.penalty, "penalty"));
  issues.push(...checkRateCeilingSettings(p.rateCeiling, "rateCeiling"));
  issues.push(...checkEarlyRepaymentFeePolicy(p.earlyRepaymentFee, "earlyRepaymentFee"));
  if (!(feeRecognitions as ReadonlyArray<unknown>).includes(p.feeRecognition)) {
    push("feeRecognition", "INVALID_CHOICE", feeRecognitions.join(", "));
  }
  return issues;
}

export function assertInstallmentPolicy(p: InstallmentPolicy): void {
  const issues = checkInstallmentPolicy(p);
  if (issues.length > 0) {
    throw new AppError("VALIDATION_FAILED", {
      detail: issues.map((issue) => `${issue.path}: ${issue.message}`).join("; "),
      issues,
    });
  }
}

/** The least down payment of `grade` on a price of `amountMinor`: share × amount, rounded up. */
export function downPaymentMinimumMinor(
  policy: InstallmentPolicy,
  grade: Grade,
  amountMinor: bigint,
): bigint {
  const share = parseDecimal(policy.downPaymentShareMinByGrade[grade]);
  // Up: a minimum rounded down would let the customer pay less than the policy asks.
  return divideRounded(amountMinor * share.numerator, share.denominator, "ceiling");
}

/** The upfront fee on `financedMinor` under the policy's rule. */
export function upfrontFeeMinor(policy: InstallmentPolicy, financedMinor: bigint): bigint {
  return feeOf(policy.upfrontFee, financedMinor, policy.roundingMode);
}
