import { isCurrencyCode } from "../../core/currency.ts";
import {
  add,
  compare,
  type Decimal,
  decimal,
  divide,
  multiply,
  parseDecimal,
  roundToInteger,
  toFixedString,
  ZERO,
} from "../../core/decimal.ts";
import { AppError, type FieldIssue, isAppError } from "../../core/errors.ts";
import {
  type Grade,
  grades,
  type PaymentTrend,
  type PricingBand,
  paymentTrends,
  pricingBands,
} from "../credit/index.ts";
import {
  checkRateCeiling,
  type LprEntry,
  type RateCeiling,
  type RateCeilingCheck,
  rateCeiling,
} from "./ceilings.ts";
import { civilDateOf, yearFraction } from "./day-count.ts";
import { periodsPerYear } from "./frequency.ts";
import {
  checkInstallmentPolicy,
  downPaymentMinimumMinor,
  type InstallmentBand,
  type InstallmentPolicy,
  installmentBands,
  upfrontFeeMinor,
} from "./installment-policy.ts";
import { quote } from "./quote.ts";
import { formatRate } from "./rates.ts";
import { type Schedule, type ScheduleMethod, scheduleAmountMinorMax, scheduleMethods } from "./schedule.ts";

/**
 * Personalized offers (issue 5, item 7): for one customer and one amount, every plan the
 * installment policy prices for the customer's band — each (method, periods) of the band, and an
 * interest-free equal-installment plan for each period count when promotions are allowed — with its
 * cost to the customer, its annualized rates, its affordability, the organization's expected
 * margin, and whether it is offered and why not.
 *
 * Definitions (amounts in minor units of the policy's currency):
 * - Down payment: the grade's minimum share of the price, rounded up. Financed = amount − down
 *   payment; the limit headroom, the amount bounds and the schedule all apply to it.
 * - Cost of credit = interest + fees + upfront fee: what the plan costs the customer beyond the
 *   price. Total paid = down payment + upfront fee + every installment.
 * - Affordability: the monthly payment is the largest installment × periods a year ÷ 12; the ratio
 *   is that payment over (income − existing obligations) or (payment + obligations) over income,
 *   as the policy's basis says; within policy when at most `paymentToIncomeMax`. Income or cash
 *   flow not stated: not checked, unless the policy requires it (INCOME_UNKNOWN).
 * - Exposure-years BY = Σ_k B_k × τ_k, B_k the principal owed at the start of period k and τ_k the
 *   period's year fraction under the plan's day count (the average balance × the term in years).
 * - Revenue = interest + fees + upfront fee (+ the subsidy of a merchant-funded promotion).
 *   Cost of funds = costOfFundsAnnual × BY. Expected loss = PD(grade) × LGD × BY: the annual
 *   probability of default applied to the exposure-years, a linear approximation of
 *   1 − (1 − PD)^T that is close for the small PDs of the grades that get plans.
 *   Margin = revenue − cost of funds − expected loss; the two costs are each rounded once with the
 *   policy's mode. Nothing is discounted: the figures compare plans, they are not booked.
 * - The rate checked against the ceiling is the nominal annualized rate (年化利率) of quote().
 *
 * Ranking: offered options first; then the customer's cost of credit, ascending; then the margin,
 * descending; then fewer periods, the method's order in `scheduleMethods`, and the plain plan
 * before the interest-free one, so that the order is total and the same for the same input.
 */

export const offerReasonCodes = [
  "NOT_INSTALLMENT_ELIGIBLE",
  "NO_PRICING_BAND",
  "POOR_PAYMENT_BEHAVIOR",
  "WORSENING_PAYMENT_TREND",
  "BELOW_MIN_AMOUNT",
  "ABOVE_MAX_AMOUNT",
  "OVER_HEADROOM",
  "PROMOTION_NOT_ALLOWED",
  "SCHEDULE_NOT_POSSIBLE",
  "INCOME_UNKNOWN",
  "UNAFFORDABLE",
  "RATE_ABOVE_CEILING",
  "NEGATIVE_MARGIN",
] as const;
export type OfferReasonCode = (typeof offerReasonCodes)[number];

export interface OfferPaymentBehavior {
  /** Amount-weighted average days late (`paymentHistory().averageDaysLate`); null when unknown. */
  readonly averageDaysLate: Decimal | null;
  readonly trend: PaymentTrend | null;
}

export interface OfferCustomer {
  readonly grade: Grade;
  /** From the credit policy for the grade. */
  readonly pricingBand: PricingBand;
  /** From the credit policy for the grade. */
  readonly installmentEligible: boolean;
  /** Limit − exposure; may be negative when the customer is over its limit. */
  readonly limitHeadroomMinor: bigint;
  /** Stated monthly income or operating cash flow; null when not stated. */
  readonly monthlyIncomeMinor: bigint | null;
  /** Monthly payments the customer already owes elsewhere. */
  readonly existingMonthlyObligationsMinor: bigint;
  readonly paymentBehavior: OfferPaymentBehavior;
}

export interface OffersRequest {
  readonly customer: OfferCustomer;
  /** The price to be paid in installments, before the down payment. */
  readonly amountMinor: bigint;
  readonly currency: string;
  /** `YYYY-MM-DD`: the contract date and the start of the plan. */
  readonly startDate: string;
  readonly policy: InstallmentPolicy;
  /** The one-year LPR entries the organization entered (for an LPR-based ceiling). */
  readonly lprTable: ReadonlyArray<LprEntry>;
}

export interface OfferSummary {
  /** The first installment (the level amount of level methods). */
  readonly installmentMinor: bigint;
  readonly installmentMaxMinor: bigint;
  readonly installmentMinMinor: bigint;
  readonly downPaymentMinor: bigint;
  readonly financedMinor: bigint;
  readonly upfrontFeeMinor: bigint;
  readonly interestMinor: bigint;
  readonly feeMinor: bigint;
  /** interest + fees + upfront fee. */
  readonly costOfCreditMinor: bigint;
  /** down payment + upfront fee + every installment. */
  readonly totalPaidMinor: bigint;
  /** Interest the merchant pays for an interest-free plan (贴息); 0 otherwise. */
  readonly subsidyMinor: bigint;
  readonly firstDueDate: string;
  readonly lastDueDate: string;
}

/** Six-decimal texts, as the quote contract discloses them. */
export interface OfferRates {
  readonly nominal: string;
  readonly effective: string;
  readonly usAprRegZ: string;
  readonly euAprc: string;
}

export interface OfferAffordability {
  /** The largest installment as a monthly amount. */
  readonly monthlyPaymentMinor: bigint;
  /** Six decimals; null when income is not stated or nothing is left of it. */
  readonly paymentToIncome: string | null;
  readonly paymentToIncomeMax: string;
  readonly basis: InstallmentPolicy["affordability"]["basis"];
  /** Null when income is not stated. */
  readonly withinPolicy: boolean | null;
}

export interface OfferMargin {
  /** interest + fees + upfront fee + merchant-funded subsidy. */
  readonly revenueMinor: bigint;
  /** Exposure-years BY in minor-unit-years, six decimals. */
  readonly exposureYears: string;
  /** BY ÷ term, rounded with the policy's mode. */
  readonly averageBalanceMinor: bigint;
  /** Σ τ_k, six decimals. */
  readonly termYears: string;
  readonly costOfFundsMinor: bigint;
  readonly expectedLossMinor: bigint;
  readonly marginMinor: bigint;
  readonly probabilityOfDefault: string;
  readonly lossGivenDefault: string;
  readonly costOfFundsAnnual: string;
}

export interface Offer {
  /** "equal-installment/12", "equal-installment/6/interest-free". */
  readonly id: string;
  /** 1-based position in the ranking. */
  readonly rank: number;
  readonly method: ScheduleMethod;
  readonly periods: number;
  readonly interestFree: boolean;
  /** Contract annual rate (0 for flat-fee), exact text. */
  readonly annualRate: string;
  readonly feeRatePerPeriod: string;
  readonly offered: boolean;
  /** Why it is not offered, in `offerReasonCodes` order; empty when offered. */
  readonly reasons: ReadonlyArray<OfferReasonCode>;
  /** Offered with a caveat (RATE_ABOVE_CEILING under a warning ceiling). */
  readonly warnings: ReadonlyArray<OfferReasonCode>;
  /** Null when no schedule could be built (SCHEDULE_NOT_POSSIBLE). */
  readonly summary: OfferSummary | null;
  readonly rates: OfferRates | null;
  readonly affordability: OfferAffordability | null;
  readonly margin: OfferMargin | null;
  readonly rateCeiling: RateCeilingCheck | null;
  readonly schedule: Schedule | null;
}

export interface Offers {
  readonly policyVersion: number;
  readonly currency: string;
  readonly amountMinor: bigint;
  readonly startDate: string;
  readonly grade: Grade;
  readonly pricingBand: PricingBand;
  /** Reasons that hold for every option (and explain an empty list). */
  readonly customerReasons: ReadonlyArray<OfferReasonCode>;
  readonly ceiling: RateCeiling;
  /** Ranked; see the module comment. */
  readonly options: ReadonlyArray<Offer>;
}

/** Decimals of the ratio and year texts. */
export const offerTextFractionDigits = 6;

function validationFailed(issues: ReadonlyArray<FieldIssue>): AppError {
  return new AppError("VALIDATION_FAILED", {
    detail: issues.map((issue) => `${issue.path}: ${issue.message}`).join("; "),
    issues,
  });
}

function isAmount(value: unknown, min: bigint): value is bigint {
  return typeof value === "bigint" && value >= min && value <= scheduleAmountMinorMax;
}

function isDecimalValue(value: unknown): value is Decimal {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as Decimal).numerator === "bigint" &&
    typeof (value as Decimal).denominator === "bigint" &&
    (value as Decimal).denominator > 0n
  );
}

function checkRequest(request: OffersRequest): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const push = (path: string, code: string, message: string): void => {
    issues.push({ path, code, message });
  };
  const customer = request.customer;
  if (typeof customer !== "object" || customer === null) {
    push("customer", "REQUIRED", "the customer");
  } else {
    if (!(grades as ReadonlyArray<string>).includes(customer.grade))
      push("customer.grade", "INVALID_CHOICE", "a grade");
    if (!(pricingBands as ReadonlyArray<string>).includes(customer.pricingBand)) {
      push("customer.pricingBand", "INVALID_CHOICE", pricingBands.join(", "));
    }
    if (typeof customer.installmentEligible !== "boolean") {
      push("customer.installmentEligible", "REQUIRED", "yes or no");
    }
    const headroom = customer.limitHeadroomMinor;
    if (
      typeof headroom !== "bigint" ||
      headroom > scheduleAmountMinorMax ||
      headroom < -scheduleAmountMinorMax
    ) {
      push("customer.limitHeadroomMinor", "OUT_OF_RANGE", "an amount (negative when over the limit)");
    }
    if (customer.monthlyIncomeMinor !== null && !isAmount(customer.monthlyIncomeMinor, 0n)) {
      push("customer.monthlyIncomeMinor", "OUT_OF_RANGE", "a non-negative amount, or empty");
    }
    if (!isAmount(customer.existingMonthlyObligationsMinor, 0n)) {
      push("customer.existingMonthlyObligationsMinor", "OUT_OF_RANGE", "a non-negative amount");
    }
    const behavior = customer.paymentBehavior;
    if (typeof behavior !== "object" || behavior === null) {
      push("customer.paymentBehavior", "REQUIRED", "payment behavior (its parts may be empty)");
    } else {
      const late = behavior.averageDaysLate;
      if (late !== null && (!isDecimalValue(late) || late.numerator < 0n)) {
        push("customer.paymentBehavior.averageDaysLate", "OUT_OF_RANGE", "non-negative days, or empty");
      }
      if (behavior.trend !== null && !(paymentTrends as ReadonlyArray<string>).includes(behavior.trend)) {
        push("customer.paymentBehavior.trend", "INVALID_CHOICE", paymentTrends.join(", "));
      }
    }
  }
  if (!isAmount(request.amountMinor, 1n))
    push("amountMinor", "OUT_OF_RANGE", "more than 0 and at most 10^17");
  if (!isCurrencyCode(request.currency)) push("currency", "INVALID_CURRENCY", "an ISO 4217 currency code");
  if (civilDateOf(request.startDate) === null) push("startDate", "INVALID_DATE", "a date (YYYY-MM-DD)");
  for (const issue of checkInstallmentPolicy(request.policy)) {
    issues.push({ ...issue, path: issue.path === "" ? "policy" : `policy.${issue.path}` });
  }
  return issues;
}

interface Candidate {
  readonly method: ScheduleMethod;
  readonly periods: number;
  readonly interestFree: boolean;
}

function candidatesOf(policy: InstallmentPolicy, band: InstallmentBand): Candidate[] {
  const pricing = policy.byBand[band];
  const periods = [...pricing.periods].sort((a, b) => a - b);
  const methods = scheduleMethods.filter((method) => pricing.methods.includes(method));
  const candidates: Candidate[] = [];
  for (const method of methods) {
    for (const count of periods) candidates.push({ method, periods: count, interestFree: false });
  }
  if (policy.promotion.allowed) {
    for (const count of periods)
      candidates.push({ method: "equal-installment", periods: count, interestFree: true });
  }
  return candidates;
}

/** Six decimals, half-even, for display: the exact values decide, the texts only show them. */
function sixDecimals(value: Decimal): string {
  return toFixedString(value, offerTextFractionDigits, "half-even");
}

/** Σ B_k × τ_k and Σ τ_k of a schedule, exactly. */
export function exposureYearsOf(schedule: Schedule, startDate: string): { exposure: Decimal; term: Decimal } {
  let exposure = ZERO;
  let term = ZERO;
  let balance = schedule.financedMinor;
  let periodStart = startDate;
  for (const row of schedule.installments) {
    const fraction = yearFraction(schedule.dayCount, periodStart, row.dueDate);
    const tau = decimal(fraction.numerator, fraction.denominator);
    exposure = add(exposure, multiply(decimal(balance), tau));
    term = add(term, tau);
    balance = row.balanceAfterMinor;
    periodStart = row.dueDate;
  }
  return { exposure, term };
}

interface Evaluation {
  readonly summary: OfferSummary;
  readonly rates: OfferRates;
  readonly affordability: OfferAffordability;
  readonly margin: OfferMargin;
  readonly ceilingCheck: RateCeilingCheck;
  readonly schedule: Schedule;
}

function evaluate(
  request: OffersRequest,
  band: InstallmentBand,
  candidate: Candidate,
  ceiling: RateCeiling,
  downPaymentMinor: bigint,
): Evaluation | null {
  const { policy, customer } = request;
  const pricing = policy.byBand[band];
  const financedMinor = request.amountMinor - downPaymentMinor;
  const flat = candidate.method === "flat-fee";
  const feeMinor = upfrontFeeMinor(policy, financedMinor);
  let result: ReturnType<typeof quote>;
  try {
    result = quote({
      principalMinor: request.amountMinor,
      currency: request.currency,
      method: candidate.method,
      periods: candidate.periods,
      frequency: policy.frequency,
      startDate: request.startDate,
      annualRate: flat ? "0" : pricing.annualRate,
      feeRatePerPeriod: flat ? pricing.feeRatePerPeriod : "0",
      upfrontFeeMinor: feeMinor,
      downPaymentMinor,
      dayCount: policy.dayCount,
      interestFree: candidate.interestFree,
      roundingMode: policy.roundingMode,
    });
  } catch (error) {
    // Terms that cannot amortize (a few fen over many periods, a fee as large as the credit).
    if (isAppError(error) && error.code === "VALIDATION_FAILED") return null;
    throw error;
  }
  const schedule = result.schedule;
  const rows = schedule.installments;
  const totals = schedule.totals;
  let installmentMaxMinor = 0n;
  let installmentMinMinor = rows[0]?.totalMinor ?? 0n;
  for (const row of rows) {
    if (row.totalMinor > installmentMaxMinor) installmentMaxMinor = row.totalMinor;
    if (row.totalMinor < installmentMinMinor) installmentMinMinor = row.totalMinor;
  }
  const summary: OfferSummary = {
    installmentMinor: rows[0]?.totalMinor ?? 0n,
    installmentMaxMinor,
    installmentMinMinor,
    downPaymentMinor,
    financedMinor: schedule.financedMinor,
    upfrontFeeMinor: schedule.upfrontFeeMinor,
    interestMinor: totals.interestMinor,
    feeMinor: totals.feeMinor,
    costOfCreditMinor: totals.interestMinor + totals.feeMinor + schedule.upfrontFeeMinor,
    totalPaidMinor: downPaymentMinor + schedule.upfrontFeeMinor + totals.totalMinor,
    subsidyMinor: schedule.subsidyMinor,
    firstDueDate: rows[0]?.dueDate ?? request.startDate,
    lastDueDate: rows[rows.length - 1]?.dueDate ?? request.startDate,
  };
  const rates: OfferRates = {
    nominal: result.rates.nominal.rateText,
    effective: formatRate(result.rates.effective),
    usAprRegZ: result.rates.usAprRegZ.rateText,
    euAprc: result.rates.euAprc.rateText,
  };

  // Affordability.
  const rule = policy.affordability;
  const mode = policy.roundingMode;
  const monthlyExact = divide(
    decimal(installmentMaxMinor * BigInt(periodsPerYear(policy.frequency))),
    decimal(12),
  );
  const income = customer.monthlyIncomeMinor;
  const obligations = customer.existingMonthlyObligationsMinor;
  let ratio: Decimal | null = null;
  let withinPolicy: boolean | null = null;
  if (income !== null) {
    const denominator = rule.basis === "income-after-obligations" ? income - obligations : income;
    const numerator =
      rule.basis === "income-after-obligations" ? monthlyExact : add(monthlyExact, decimal(obligations));
    if (denominator > 0n) {
      ratio = divide(numerator, decimal(denominator));
      withinPolicy = compare(ratio, parseDecimal(rule.paymentToIncomeMax)) <= 0;
    } else {
      withinPolicy = false;
    }
  }
  const affordability: OfferAffordability = {
    monthlyPaymentMinor: roundToInteger(monthlyExact, mode),
    paymentToIncome: ratio === null ? null : sixDecimals(ratio),
    paymentToIncomeMax: rule.paymentToIncomeMax,
    basis: rule.basis,
    withinPolicy,
  };

  // Margin after expected loss.
  const risk = policy.risk;
  const { exposure, term } = exposureYearsOf(schedule, request.startDate);
  const probabilityOfDefault = risk.probabilityOfDefaultByGrade[customer.grade];
  const subsidyIncome =
    candidate.interestFree && policy.promotion.merchantFunded ? schedule.subsidyMinor : 0n;
  const revenueMinor = totals.interestMinor + totals.feeMinor + schedule.upfrontFeeMinor + subsidyIncome;
  const costOfFundsMinor = roundToInteger(multiply(parseDecimal(risk.costOfFundsAnnual), exposure), mode);
  const expectedLossMinor = roundToInteger(
    multiply(multiply(parseDecimal(probabilityOfDefault), parseDecimal(risk.lossGivenDefault)), exposure),
    mode,
  );
  const margin: OfferMargin = {
    revenueMinor,
    exposureYears: sixDecimals(exposure),
    averageBalanceMinor: compare(term, ZERO) > 0 ? roundToInteger(divide(exposure, term), mode) : 0n,
    termYears: sixDecimals(term),
    costOfFundsMinor,
    expectedLossMinor,
    marginMinor: revenueMinor - costOfFundsMinor - expectedLossMinor,
    probabilityOfDefault,
    lossGivenDefault: risk.lossGivenDefault,
    costOfFundsAnnual: risk.costOfFundsAnnual,
  };
  const ceilingCheck = checkRateCeiling(rates.nominal, ceiling);
  return { summary, rates, affordability, margin, ceilingCheck, schedule };
}

function bandOf(band: PricingBand): InstallmentBand | null {
  return (installmentBands as ReadonlyArray<string>).includes(band) ? (band as InstallmentBand) : null;
}

function reasonOrder(code: OfferReasonCode): number {
  return offerReasonCodes.indexOf(code);
}

/**
 * The order of the ranking (negative when `a` comes first): offered first, cost of credit
 * ascending, margin descending, periods ascending, method order, plain before interest-free.
 */
export function compareOffers(
  a: Omit<Offer, "rank" | "schedule">,
  b: Omit<Offer, "rank" | "schedule">,
): number {
  if (a.offered !== b.offered) return a.offered ? -1 : 1;
  const costA = a.summary?.costOfCreditMinor ?? null;
  const costB = b.summary?.costOfCreditMinor ?? null;
  if (costA !== costB) {
    if (costA === null) return 1;
    if (costB === null) return -1;
    return costA < costB ? -1 : 1;
  }
  const marginA = a.margin?.marginMinor ?? null;
  const marginB = b.margin?.marginMinor ?? null;
  if (marginA !== marginB) {
    if (marginA === null) return 1;
    if (marginB === null) return -1;
    return marginA > marginB ? -1 : 1;
  }
  if (a.periods !== b.periods) return a.periods - b.periods;
  const methodA = scheduleMethods.indexOf(a.method);
  const methodB = scheduleMethods.indexOf(b.method);
  if (methodA !== methodB) return methodA - methodB;
  if (a.interestFree !== b.interestFree) return a.interestFree ? 1 : -1;
  return 0;
}

/**
 * The ranked plans the policy prices for the customer's band, each with its reasons. A customer
 * whose band has no price list ("none") gets no options and the reasons in `customerReasons`.
 * VALIDATION_FAILED for an invalid request or policy, CURRENCY_MISMATCH when the amount is not in
 * the policy's currency, and the ceiling's errors (NO_LPR_IN_FORCE) from `rateCeiling`.
 */
export function personalizedOffers(request: OffersRequest): Offers {
  if (typeof request !== "object" || request === null) {
    throw validationFailed([{ path: "", code: "REQUIRED", message: "an offers request" }]);
  }
  const issues = checkRequest(request);
  if (issues.length > 0) throw validationFailed(issues);
  const { policy, customer } = request;
  if (request.currency !== policy.currency) {
    throw new AppError("CURRENCY_MISMATCH", {
      detail: `The amount is in ${request.currency}, the installment policy in ${policy.currency}`,
      params: { expected: policy.currency, actual: request.currency },
    });
  }
  const ceiling = rateCeiling(policy, request.startDate, request.lprTable);

  const customerReasons: OfferReasonCode[] = [];
  const band = bandOf(customer.pricingBand);
  if (!customer.installmentEligible) customerReasons.push("NOT_INSTALLMENT_ELIGIBLE");
  if (band === null) customerReasons.push("NO_PRICING_BAND");
  const late = customer.paymentBehavior.averageDaysLate;
  if (late !== null && compare(late, decimal(policy.paymentBehavior.averageDaysLateMax)) > 0) {
    customerReasons.push("POOR_PAYMENT_BEHAVIOR");
  }

  const base = {
    policyVersion: policy.version,
    currency: request.currency,
    amountMinor: request.amountMinor,
    startDate: request.startDate,
    grade: customer.grade,
    pricingBand: customer.pricingBand,
    customerReasons,
    ceiling,
  };
  if (band === null) return { ...base, options: [] };

  const pricing = policy.byBand[band];
  const downPaymentMinor = downPaymentMinimumMinor(policy, customer.grade, request.amountMinor);
  const financedMinor = request.amountMinor - downPaymentMinor;
  const unranked: Omit<Offer, "rank">[] = candidatesOf(policy, band).map((candidate) => {
    const reasons = new Set<OfferReasonCode>(customerReasons);
    const warnings: OfferReasonCode[] = [];
    if (
      customer.paymentBehavior.trend === "worsening" &&
      candidate.periods > policy.paymentBehavior.worseningTrendPeriodsMax
    ) {
      reasons.add("WORSENING_PAYMENT_TREND");
    }
    if (financedMinor < policy.amountMinMinor) reasons.add("BELOW_MIN_AMOUNT");
    if (financedMinor > policy.amountMaxMinor) reasons.add("ABOVE_MAX_AMOUNT");
    if (financedMinor > customer.limitHeadroomMinor) reasons.add("OVER_HEADROOM");
    if (
      candidate.interestFree &&
      (candidate.periods > policy.promotion.periodsMax || !policy.promotion.bands.includes(band))
    ) {
      reasons.add("PROMOTION_NOT_ALLOWED");
    }
    const evaluation = evaluate(request, band, candidate, ceiling, downPaymentMinor);
    if (evaluation === null) {
      reasons.add("SCHEDULE_NOT_POSSIBLE");
    } else {
      if (customer.monthlyIncomeMinor === null && policy.affordability.incomeRequired)
        reasons.add("INCOME_UNKNOWN");
      if (evaluation.affordability.withinPolicy === false) reasons.add("UNAFFORDABLE");
      if (evaluation.ceilingCheck.decision === "block") reasons.add("RATE_ABOVE_CEILING");
      if (evaluation.ceilingCheck.decision === "warn") warnings.push("RATE_ABOVE_CEILING");
      if (evaluation.margin.marginMinor < 0n) reasons.add("NEGATIVE_MARGIN");
    }
    const flat = candidate.method === "flat-fee";
    return {
      id: `${candidate.method}/${candidate.periods}${candidate.interestFree ? "/interest-free" : ""}`,
      method: candidate.method,
      periods: candidate.periods,
      interestFree: candidate.interestFree,
      annualRate: flat ? "0" : pricing.annualRate,
      feeRatePerPeriod: flat ? pricing.feeRatePerPeriod : "0",
      offered: reasons.size === 0,
      reasons: [...reasons].sort((x, y) => reasonOrder(x) - reasonOrder(y)),
      warnings,
      summary: evaluation?.summary ?? null,
      rates: evaluation?.rates ?? null,
      affordability: evaluation?.affordability ?? null,
      margin: evaluation?.margin ?? null,
      rateCeiling: evaluation?.ceilingCheck ?? null,
      schedule: evaluation?.schedule ?? null,
    };
  });
  const options = [...unranked].sort(compareOffers).map((option, index) => ({ ...option, rank: index + 1 }));
  return { ...base, options };
}
