import { describe, expect, it } from "vitest";
import { decimal } from "../../../src/core/decimal.ts";
import { type AppError, isAppError } from "../../../src/core/errors.ts";
import { parseMinor } from "../../../src/core/money.ts";
import {
  checkInstallmentPolicy,
  defaultInstallmentPolicy,
  downPaymentMinimumMinor,
  type InstallmentPolicy,
  type LprEntry,
  type Offer,
  type OfferCustomer,
  type Offers,
  type OffersRequest,
  personalizedOffers,
  upfrontFeeMinor,
} from "../../../src/domain/plans/index.ts";
import { thrown } from "../core/support.ts";

const cny = (text: string): bigint => parseMinor(text, "CNY");

/**
 * One-year LPR: 3.85 % (the July 2020 fixing the Supreme People's Court used for its 15.4 %
 * example, China News Service 2020-08-20), 3.10 % from 2024-10-21 (Xinhua via China Daily HK) and
 * 3.00 % from 2025-05-20 (S&P Global Market Intelligence); see ceilings.test.ts for the sources.
 */
const lprTable: ReadonlyArray<LprEntry> = [
  { effectiveDate: "2020-07-20", rate: "0.0385" },
  { effectiveDate: "2024-10-21", rate: "0.031" },
  { effectiveDate: "2025-05-20", rate: "0.03" },
];

const policy = defaultInstallmentPolicy("CNY");

const strong: OfferCustomer = {
  grade: "AAA",
  pricingBand: "prime",
  installmentEligible: true,
  limitHeadroomMinor: cny("100000"),
  monthlyIncomeMinor: cny("20000"),
  existingMonthlyObligationsMinor: cny("5000"),
  paymentBehavior: { averageDaysLate: decimal(2), trend: "stable" },
};

const request: OffersRequest = {
  customer: strong,
  amountMinor: cny("12000"),
  currency: "CNY",
  startDate: "2025-06-01",
  policy,
  lprTable,
};

function offers(change: Partial<OffersRequest> = {}, customer: Partial<OfferCustomer> = {}): Offers {
  return personalizedOffers({ ...request, ...change, customer: { ...strong, ...customer } });
}

function option(result: Offers, id: string): Offer {
  const found = result.options.find((candidate) => candidate.id === id);
  if (found === undefined) throw new Error(`no option ${id}`);
  return found;
}

function issuesOf(action: () => unknown): string[] {
  const error = thrown(action);
  if (!isAppError(error)) throw error;
  expect(error.code).toBe("VALIDATION_FAILED");
  return (error as AppError).issues.map((issue) => `${issue.path} ${issue.code}`);
}

describe("personalizedOffers: a strong grade", () => {
  const result = offers();

  it("lists every priced plan of the band, most of them offered, ranked by the customer's cost", () => {
    // Prime: 3 methods × (3, 6, 12, 24) + interest-free equal installments for each period count.
    expect(result.options).toHaveLength(16);
    expect(result.customerReasons).toEqual([]);
    expect(result.options.map((candidate) => candidate.rank)).toEqual(
      Array.from({ length: 16 }, (_, i) => i + 1),
    );
    expect(result.options.map((candidate) => [candidate.id, candidate.offered])).toEqual([
      // Interest-free first (cost 0); of the two the larger margin first (105.55 > 59.96).
      ["equal-installment/6/interest-free", true],
      ["equal-installment/3/interest-free", true],
      ["flat-fee/3", true], // cost 126.00
      ["equal-principal/3", true], // 130.00
      ["equal-installment/3", true], // 130.23
      ["equal-principal/6", true], // 227.50
      ["equal-installment/6", true], // 228.52
      ["flat-fee/6", true], // 252.00
      ["equal-principal/12", true], // 422.50
      ["equal-installment/12", true], // 426.70
      ["flat-fee/12", true], // 504.00
      ["equal-principal/24", true], // 812.52
      ["equal-installment/24", true], // 829.31
      ["flat-fee/24", true], // 1,008.00
      // Not offered last: promotions are allowed up to 6 months.
      ["equal-installment/24/interest-free", false],
      ["equal-installment/12/interest-free", false],
    ]);
    expect(option(result, "equal-installment/12/interest-free").reasons).toEqual(["PROMOTION_NOT_ALLOWED"]);
  });

  it("prices an equal-principal plan and its margin by hand", () => {
    const plan = option(result, "equal-principal/3");
    // 6.5 % / 12 a month on 12,000, 8,000, 4,000: 65.00 + 43.33 + 21.67 = 130.00 of interest.
    expect(plan.summary).toMatchObject({
      installmentMinor: cny("4065.00"),
      installmentMaxMinor: cny("4065.00"),
      installmentMinMinor: cny("4021.67"),
      downPaymentMinor: 0n,
      financedMinor: cny("12000"),
      interestMinor: cny("130.00"),
      costOfCreditMinor: cny("130.00"),
      totalPaidMinor: cny("12130.00"),
      firstDueDate: "2025-07-01",
      lastDueDate: "2025-09-01",
    });
    expect(plan.rates?.nominal).toBe("0.065000");
    // Exposure-years = (12,000 + 8,000 + 4,000) × 1/12 = 2,000 yuan-years.
    // Cost of funds 3.5 % × 2,000 = 70.00; expected loss 0.03 % × 45 % × 2,000 = 0.27;
    // margin = 130.00 − 70.00 − 0.27 = 59.73.
    expect(plan.margin).toMatchObject({
      revenueMinor: cny("130.00"),
      exposureYears: "200000.000000",
      averageBalanceMinor: cny("8000"),
      termYears: "0.250000",
      costOfFundsMinor: cny("70.00"),
      expectedLossMinor: cny("0.27"),
      marginMinor: cny("59.73"),
      probabilityOfDefault: "0.0003",
      lossGivenDefault: "0.45",
    });
    // 4,065.00 / (20,000 − 5,000) = 0.271.
    expect(plan.affordability).toEqual({
      monthlyPaymentMinor: cny("4065.00"),
      paymentToIncome: "0.271000",
      paymentToIncomeMax: "0.5",
      basis: "income-after-obligations",
      withinPolicy: true,
    });
    expect(plan.rateCeiling?.decision).toBe("ok");
    expect(plan.rateCeiling?.ceiling.annualRateText).toBe("0.120000");
  });

  it("prices an equal installment like PMT and a flat fee like a card installment", () => {
    // r = 0.065/12 = 0.0054166…; (1 + r)^12 = 1.066972…; PMT = 12,000 × r / (1 − 1.066972…^−12)
    // = 65.00 / 0.062769… = 1,035.56.
    expect(option(result, "equal-installment/12").summary?.installmentMinor).toBe(cny("1035.56"));
    // 0.35 % × 12,000 = 42.00 a month on top of 1,000.00 of principal; 12 × 42.00 = 504.00; its
    // annualized rate is well above 12 × 0.35 % = 4.2 %.
    const flat = option(result, "flat-fee/12");
    expect([flat.summary?.installmentMinor, flat.summary?.feeMinor, flat.summary?.costOfCreditMinor]).toEqual(
      [cny("1042.00"), cny("504.00"), cny("504.00")],
    );
    expect(flat.rates?.nominal).toBe("0.076644");
    expect([flat.annualRate, flat.feeRatePerPeriod]).toEqual(["0", "0.0035"]);
  });

  it("records a merchant-funded promotion's subsidy as the credit's revenue", () => {
    const free = option(result, "equal-installment/6/interest-free");
    // The customer pays 2,000.00 a month and nothing more; the merchant pays the 228.52 the plan
    // would earn at 6.5 % (the interest of equal-installment/6).
    expect(free.summary).toMatchObject({
      installmentMinor: cny("2000.00"),
      costOfCreditMinor: 0n,
      subsidyMinor: cny("228.52"),
    });
    expect(option(result, "equal-installment/6").summary?.interestMinor).toBe(cny("228.52"));
    // Exposure-years 12,000 × (6+5+4+3+2+1)/6 × 1/12 = 3,500; cost of funds 122.50;
    // expected loss 0.03 % × 45 % × 3,500 = 0.4725 → 0.47; margin 228.52 − 122.50 − 0.47 = 105.55.
    expect(free.margin).toMatchObject({
      revenueMinor: cny("228.52"),
      costOfFundsMinor: cny("122.50"),
      expectedLossMinor: cny("0.47"),
      marginMinor: cny("105.55"),
    });
    expect(free.rates?.nominal).toBe("0.000000");
  });

  it("makes an organization-funded promotion a loss: NEGATIVE_MARGIN", () => {
    const unfunded = offers({
      policy: { ...policy, promotion: { ...policy.promotion, merchantFunded: false } },
    });
    const free = option(unfunded, "equal-installment/6/interest-free");
    expect([free.offered, free.reasons, free.margin?.marginMinor]).toEqual([
      false,
      ["NEGATIVE_MARGIN"],
      -cny("122.97"),
    ]);
    expect(option(unfunded, "equal-installment/6").offered).toBe(true);
  });

  it("lists no promotions when the policy allows none", () => {
    const none = offers({ policy: { ...policy, promotion: { ...policy.promotion, allowed: false } } });
    expect(none.options).toHaveLength(12);
    expect(none.options.every((candidate) => !candidate.interestFree && candidate.offered)).toBe(true);
  });
});

describe("personalizedOffers: weak grades and limits", () => {
  it("gives a grade without a price list no options, and says why", () => {
    const weak = offers({}, { grade: "B", pricingBand: "none", installmentEligible: false });
    expect(weak.options).toEqual([]);
    expect(weak.customerReasons).toEqual(["NOT_INSTALLMENT_ELIGIBLE", "NO_PRICING_BAND"]);
  });

  it("prices a grade the credit policy keeps from installments, and refuses every option", () => {
    // BB: band "high" in the default credit policy, no installments; down payment 30 %.
    const bb = offers({}, { grade: "BB", pricingBand: "high", installmentEligible: false });
    expect(bb.customerReasons).toEqual(["NOT_INSTALLMENT_ELIGIBLE"]);
    // None is offered, so the ranking is by cost alone: the interest-free ones (0) first, the
    // larger margin of the two first.
    expect(bb.options.map((candidate) => candidate.id)).toEqual([
      "equal-installment/6/interest-free",
      "equal-installment/3/interest-free",
      "equal-installment/3",
      "equal-installment/6",
    ]);
    expect(bb.options.every((candidate) => !candidate.offered)).toBe(true);
    expect(option(bb, "equal-installment/3").reasons).toEqual(["NOT_INSTALLMENT_ELIGIBLE"]);
    // Promotions are for prime and standard only.
    expect(option(bb, "equal-installment/3/interest-free").reasons).toEqual([
      "NOT_INSTALLMENT_ELIGIBLE",
      "PROMOTION_NOT_ALLOWED",
    ]);
    // 30 % of 12,000 = 3,600 down, 8,400 financed at 11 %.
    expect(option(bb, "equal-installment/3").summary).toMatchObject({
      downPaymentMinor: cny("3600"),
      financedMinor: cny("8400"),
    });
    // At 11 % a year; the rounded installments move the disclosed IRR by a millionth (0.110001).
    expect(option(bb, "equal-installment/3").annualRate).toBe("0.11");
    expect(Math.abs(Number(option(bb, "equal-installment/3").rates?.nominal) - 0.11)).toBeLessThan(2e-6);
  });

  it("refuses every option over the limit headroom, counting the down payment out", () => {
    const over = offers({}, { limitHeadroomMinor: cny("11999.99") });
    expect(over.options.every((candidate) => candidate.reasons.includes("OVER_HEADROOM"))).toBe(true);
    expect(offers({}, { limitHeadroomMinor: cny("12000") }).options.filter((o) => o.offered)).toHaveLength(
      14,
    );
    // Grade A puts 10 % down: 10,800 financed fits a headroom of exactly 10,800.
    const a = offers({}, { grade: "A", pricingBand: "standard", limitHeadroomMinor: cny("10800") });
    expect(a.options.some((candidate) => candidate.offered)).toBe(true);
    expect(a.options.some((candidate) => candidate.reasons.includes("OVER_HEADROOM"))).toBe(false);
    const negative = offers({}, { limitHeadroomMinor: -cny("1") });
    expect(negative.options.every((candidate) => candidate.reasons.includes("OVER_HEADROOM"))).toBe(true);
  });

  it("refuses amounts outside the policy's bounds", () => {
    const small = offers({ amountMinor: cny("999.99") });
    expect(small.options.every((candidate) => candidate.reasons.includes("BELOW_MIN_AMOUNT"))).toBe(true);
    const large = offers({ amountMinor: cny("5000000.01") }, { limitHeadroomMinor: cny("10000000") });
    expect(large.options.every((candidate) => candidate.reasons.includes("ABOVE_MAX_AMOUNT"))).toBe(true);
  });

  it("holds back customers who pay late, and long plans when the trend worsens", () => {
    const late = offers({}, { paymentBehavior: { averageDaysLate: decimal(61, 2), trend: null } });
    expect(late.customerReasons).toEqual(["POOR_PAYMENT_BEHAVIOR"]);
    expect(late.options.every((candidate) => !candidate.offered)).toBe(true);
    const onTheLine = offers({}, { paymentBehavior: { averageDaysLate: decimal(30), trend: null } });
    expect(onTheLine.customerReasons).toEqual([]);
    const worsening = offers({}, { paymentBehavior: { averageDaysLate: null, trend: "worsening" } });
    expect(option(worsening, "equal-installment/6").offered).toBe(true);
    expect(option(worsening, "equal-installment/12").reasons).toEqual(["WORSENING_PAYMENT_TREND"]);
  });

  it("marks terms that cannot be scheduled", () => {
    const fee = offers({ policy: { ...policy, upfrontFee: { kind: "fixed", amountMinor: cny("20000") } } });
    const plan = option(fee, "equal-installment/3");
    expect([plan.offered, plan.reasons, plan.summary, plan.margin]).toEqual([
      false,
      ["SCHEDULE_NOT_POSSIBLE"],
      null,
      null,
    ]);
  });
});

describe("personalizedOffers: affordability", () => {
  it("flips with income: 4,065.00 is half of 8,130.00 left after obligations, and no more", () => {
    // equal-principal/3's largest installment is 4,065.00; obligations 2,000.00.
    const at = (income: string): Offer =>
      option(
        offers({}, { monthlyIncomeMinor: cny(income), existingMonthlyObligationsMinor: cny("2000") }),
        "equal-principal/3",
      );
    expect([at("10130.00").offered, at("10130.00").affordability?.paymentToIncome]).toEqual([
      true,
      "0.500000",
    ]);
    // 4,065.00 / 8,129.99 = 0.5000006… > 0.5.
    expect([at("10129.99").reasons, at("10129.99").affordability?.paymentToIncome]).toEqual([
      ["UNAFFORDABLE"],
      "0.500001",
    ]);
    // Nothing left after obligations: unaffordable, no ratio.
    expect(at("2000.00").affordability).toMatchObject({ paymentToIncome: null, withinPolicy: false });
  });

  it("leaves affordability unchecked without income, unless the policy requires income", () => {
    const unknown = offers({}, { monthlyIncomeMinor: null });
    expect(option(unknown, "equal-principal/3").affordability).toMatchObject({
      paymentToIncome: null,
      withinPolicy: null,
    });
    expect(option(unknown, "equal-principal/3").offered).toBe(true);
    const strict: InstallmentPolicy = {
      ...policy,
      affordability: { ...policy.affordability, incomeRequired: true },
    };
    expect(
      option(offers({ policy: strict }, { monthlyIncomeMinor: null }), "equal-principal/3").reasons,
    ).toEqual(["INCOME_UNKNOWN"]);
  });

  it("measures total debt service when the policy says so", () => {
    const tds: InstallmentPolicy = {
      ...policy,
      affordability: { ...policy.affordability, basis: "total-debt-service" },
    };
    // (4,065.00 + 2,000.00) / 12,130.00 = 0.5.
    const plan = option(
      offers(
        { policy: tds },
        { monthlyIncomeMinor: cny("12130"), existingMonthlyObligationsMinor: cny("2000") },
      ),
      "equal-principal/3",
    );
    expect([plan.affordability?.paymentToIncome, plan.offered]).toEqual(["0.500000", true]);
  });
});

describe("personalizedOffers: the rate ceiling", () => {
  // A standard band priced at the card-installment fee of 0.6 % a month: 13.03 % a year over 12 months.
  const card: InstallmentPolicy = {
    ...policy,
    byBand: { ...policy.byBand, standard: { ...policy.byBand.standard, feeRatePerPeriod: "0.006" } },
  };
  const standard: Partial<OfferCustomer> = { grade: "A", pricingBand: "standard" };

  it("blocks a plan above 4 × LPR (12.0 % in June 2025) and shows the ceiling", () => {
    const result = offers({ policy: card }, standard);
    const flat = option(result, "flat-fee/12");
    expect(flat.rates?.nominal).toBe("0.130342");
    expect([flat.offered, flat.reasons]).toEqual([false, ["RATE_ABOVE_CEILING"]]);
    expect(flat.rateCeiling?.decision).toBe("block");
    expect(result.ceiling.annualRateText).toBe("0.120000");
    expect(result.ceiling.lpr).toEqual({ effectiveDate: "2025-05-20", rate: "0.03" });
  });

  it("offers it with a warning under a warning ceiling, and plainly under 2020's 15.4 %", () => {
    const warn: InstallmentPolicy = { ...card, rateCeiling: { ...card.rateCeiling, mode: "warn" } };
    const warned = option(offers({ policy: warn }, standard), "flat-fee/12");
    expect([warned.offered, warned.reasons, warned.warnings]).toEqual([true, [], ["RATE_ABOVE_CEILING"]]);
    const in2020 = option(offers({ policy: card, startDate: "2020-09-01" }, standard), "flat-fee/12");
    expect([in2020.offered, in2020.rateCeiling?.decision, in2020.warnings]).toEqual([true, "ok", []]);
  });

  it("needs an LPR in force on the contract date", () => {
    expect(issuesOf(() => offers({ lprTable: [] }))).toEqual(["lprTable NO_LPR_IN_FORCE"]);
  });
});

describe("personalizedOffers: requests", () => {
  it("refuses an amount in another currency than the policy's", () => {
    const error = thrown(() => offers({ currency: "USD" }));
    expect(isAppError(error) && error.code).toBe("CURRENCY_MISMATCH");
  });

  it("names every bad field", () => {
    expect(
      issuesOf(() =>
        offers(
          { amountMinor: 0n, startDate: "2025-06-31", policy: { ...policy, version: 0 } },
          {
            grade: "Z" as never,
            monthlyIncomeMinor: -1n,
            paymentBehavior: { averageDaysLate: null, trend: "sideways" as never },
          },
        ),
      ),
    ).toEqual([
      "customer.grade INVALID_CHOICE",
      "customer.monthlyIncomeMinor OUT_OF_RANGE",
      "customer.paymentBehavior.trend INVALID_CHOICE",
      "amountMinor OUT_OF_RANGE",
      "startDate INVALID_DATE",
      "policy.version OUT_OF_RANGE",
    ]);
  });
});

describe("installment policy", () => {
  it("has valid defaults that keep every default plan under the 12.0 % ceiling of 2025", () => {
    expect(checkInstallmentPolicy(policy)).toEqual([]);
    for (const [grade, pricingBand] of [
      ["AAA", "prime"],
      ["A", "standard"],
      ["BBB", "standard"],
    ] as const) {
      const result = offers({}, { grade, pricingBand });
      const refused = result.options.filter(
        (candidate) =>
          !candidate.offered && !candidate.reasons.every((code) => code === "PROMOTION_NOT_ALLOWED"),
      );
      expect(refused.map((candidate) => candidate.id)).toEqual([]);
    }
  });

  it("names every bad field", () => {
    const bad = {
      ...policy,
      frequency: "daily",
      byBand: {
        ...policy.byBand,
        prime: {
          annualRate: "0.065",
          feeRatePerPeriod: "0",
          methods: ["flat-fee", "flat-fee"],
          periods: [3, 0],
        },
        none: policy.byBand.high,
      },
      amountMaxMinor: 1n,
      downPaymentShareMinByGrade: { ...policy.downPaymentShareMinByGrade, D: "1" },
      promotion: { ...policy.promotion, bands: ["none"] },
      risk: { ...policy.risk, lossGivenDefault: "1.5" },
      penalty: { ...policy.penalty, graceDays: -1 },
      rateCeiling: { mode: "warn", source: { kind: "lpr-multiple", multiple: "11" } },
    } as unknown as InstallmentPolicy;
    expect(checkInstallmentPolicy(bad).map((issue) => `${issue.path} ${issue.code}`)).toEqual([
      "frequency INVALID_CHOICE",
      "byBand.prime.methods.1 DUPLICATE",
      "byBand.prime.feeRatePerPeriod REQUIRED_FOR_FLAT_FEE",
      "byBand.prime.periods.1 OUT_OF_RANGE",
      "byBand.none UNKNOWN_BAND",
      "amountMaxMinor BELOW_MIN",
      "downPaymentShareMinByGrade.D INVALID_SHARE",
      "promotion.bands.0 INVALID_CHOICE",
      "risk.lossGivenDefault INVALID_SHARE",
      "penalty.graceDays OUT_OF_RANGE",
      "rateCeiling.source.multiple OUT_OF_RANGE",
    ]);
  });

  it("rounds the minimum down payment up, and holds a percentage fee within its bounds", () => {
    // 10 % of 12,345.67 = 1,234.567 → 1,234.57.
    expect(downPaymentMinimumMinor(policy, "A", cny("12345.67"))).toBe(cny("1234.57"));
    expect(downPaymentMinimumMinor(policy, "AAA", cny("12345.67"))).toBe(0n);
    const percent = (financed: string): bigint =>
      upfrontFeeMinor(
        {
          ...policy,
          upfrontFee: { kind: "percent", share: "0.01", minMinor: cny("20"), maxMinor: cny("300") },
        },
        cny(financed),
      );
    // 1 % of 12,000 = 120.00; of 1,000 = 10.00 → 20.00; of 50,000 = 500.00 → 300.00.
    expect([percent("12000"), percent("1000"), percent("50000")]).toEqual([
      cny("120"),
      cny("20"),
      cny("300"),
    ]);
  });

  it("folds an upfront fee into the cost and the annualized rate", () => {
    const fee: InstallmentPolicy = { ...policy, upfrontFee: { kind: "fixed", amountMinor: cny("60") } };
    const plan = option(offers({ policy: fee }), "equal-principal/3");
    // 130.00 of interest + 60.00 at the start.
    expect([
      plan.summary?.costOfCreditMinor,
      plan.summary?.totalPaidMinor,
      plan.margin?.revenueMinor,
    ]).toEqual([cny("190.00"), cny("12190.00"), cny("190.00")]);
    expect(Number(plan.rates?.nominal)).toBeGreaterThan(0.065);
  });
});
