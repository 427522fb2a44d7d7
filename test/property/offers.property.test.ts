import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  add,
  type Decimal,
  decimal,
  multiply,
  parseDecimal,
  roundToInteger,
  ZERO,
} from "../../src/core/decimal.ts";
import { roundingModes } from "../../src/core/rounding.ts";
import { type Grade, grades, type PricingBand, paymentTrends } from "../../src/domain/credit/index.ts";
import {
  accruePenalty,
  civilOfEpochDay,
  compareOffers,
  defaultInstallmentPolicy,
  epochDayOf,
  formatCivilDate,
  type InstallmentPolicy,
  installmentBands,
  type LprEntry,
  noPenaltyAccrued,
  type Offer,
  type OffersRequest,
  offerReasonCodes,
  type PenaltyAccrual,
  type PenaltyAccrualRequest,
  type PenaltySettings,
  penaltyDayCounts,
  personalizedOffers,
  type UpfrontFeeRule,
  yearFraction,
} from "../../src/domain/plans/index.ts";

const offerRuns = { numRuns: 150 };
const penaltyRuns = { numRuns: 2_000 };

/** Published one-year LPR changes (sources in test/unit/plans/ceilings.test.ts). */
const lprTable: ReadonlyArray<LprEntry> = [
  { effectiveDate: "2020-07-20", rate: "0.0385" },
  { effectiveDate: "2021-12-20", rate: "0.038" },
  { effectiveDate: "2022-01-20", rate: "0.037" },
  { effectiveDate: "2022-08-22", rate: "0.0365" },
  { effectiveDate: "2023-06-20", rate: "0.0355" },
  { effectiveDate: "2023-08-21", rate: "0.0345" },
  { effectiveDate: "2024-07-22", rate: "0.0335" },
  { effectiveDate: "2024-10-21", rate: "0.031" },
  { effectiveDate: "2025-05-20", rate: "0.03" },
];

const dateOfEpochDay = (epochDay: number): string => {
  const { year, month, day } = civilOfEpochDay(epochDay);
  return formatCivilDate(year, month, day);
};
const startDays = { min: epochDayOf(2020, 7, 20), max: epochDayOf(2026, 12, 31) };
const basisPoints = (points: number): string => (points / 10_000).toFixed(4);

const upfrontFees: fc.Arbitrary<UpfrontFeeRule> = fc.oneof(
  fc.constant<UpfrontFeeRule>({ kind: "none" }),
  fc.bigInt({ min: 0n, max: 50_000n }).map((amountMinor): UpfrontFeeRule => ({ kind: "fixed", amountMinor })),
  fc.integer({ min: 0, max: 300 }).map(
    (points): UpfrontFeeRule => ({
      kind: "percent",
      share: basisPoints(points),
      minMinor: 0n,
      maxMinor: 100_000n,
    }),
  ),
);

const policies: fc.Arbitrary<InstallmentPolicy> = fc
  .record({
    primeFeePoints: fc.integer({ min: 20, max: 80 }),
    standardRatePoints: fc.integer({ min: 300, max: 1_600 }),
    upfrontFee: upfrontFees,
    promotionAllowed: fc.boolean(),
    merchantFunded: fc.boolean(),
    promotionPeriodsMax: fc.constantFrom(0, 3, 6, 12),
    ceilingMode: fc.constantFrom("warn" as const, "block" as const),
    basis: fc.constantFrom("income-after-obligations" as const, "total-debt-service" as const),
    incomeRequired: fc.boolean(),
    roundingMode: fc.constantFrom(...roundingModes),
  })
  .map((choice) => {
    const base = defaultInstallmentPolicy("CNY");
    return {
      ...base,
      roundingMode: choice.roundingMode,
      byBand: {
        ...base.byBand,
        prime: { ...base.byBand.prime, feeRatePerPeriod: basisPoints(choice.primeFeePoints) },
        standard: { ...base.byBand.standard, annualRate: basisPoints(choice.standardRatePoints) },
      },
      upfrontFee: choice.upfrontFee,
      promotion: {
        ...base.promotion,
        allowed: choice.promotionAllowed,
        merchantFunded: choice.merchantFunded,
        periodsMax: choice.promotionPeriodsMax,
      },
      affordability: { ...base.affordability, basis: choice.basis, incomeRequired: choice.incomeRequired },
      rateCeiling: { ...base.rateCeiling, mode: choice.ceilingMode },
    };
  });

const requests: fc.Arbitrary<OffersRequest> = fc
  .record({
    grade: fc.constantFrom<Grade>(...grades),
    pricingBand: fc.constantFrom<PricingBand>("prime", "standard", "high", "none"),
    installmentEligible: fc.boolean(),
    limitHeadroomMinor: fc.bigInt({ min: -1_000_000n, max: 10_000_000_000n }),
    monthlyIncomeMinor: fc.option(fc.bigInt({ min: 0n, max: 100_000_000n }), { nil: null }),
    existingMonthlyObligationsMinor: fc.bigInt({ min: 0n, max: 10_000_000n }),
    averageDaysLate: fc.option(fc.integer({ min: 0, max: 900 }), { nil: null }),
    trend: fc.option(fc.constantFrom(...paymentTrends), { nil: null }),
    amountMinor: fc.bigInt({ min: 50_000n, max: 600_000_000n }),
    startDay: fc.integer(startDays),
    policy: policies,
  })
  .map((choice) => ({
    customer: {
      grade: choice.grade,
      pricingBand: choice.pricingBand,
      installmentEligible: choice.installmentEligible,
      limitHeadroomMinor: choice.limitHeadroomMinor,
      monthlyIncomeMinor: choice.monthlyIncomeMinor,
      existingMonthlyObligationsMinor: choice.existingMonthlyObligationsMinor,
      paymentBehavior: {
        averageDaysLate: choice.averageDaysLate === null ? null : decimal(choice.averageDaysLate, 10),
        trend: choice.trend,
      },
    },
    amountMinor: choice.amountMinor,
    currency: "CNY",
    startDate: dateOfEpochDay(choice.startDay),
    policy: choice.policy,
    lprTable,
  }));

function reversedLists(policy: InstallmentPolicy): InstallmentPolicy {
  const byBand = { ...policy.byBand };
  for (const band of installmentBands) {
    const pricing = policy.byBand[band];
    byBand[band] = {
      ...pricing,
      methods: [...pricing.methods].reverse(),
      periods: [...pricing.periods].reverse(),
    };
  }
  return {
    ...policy,
    byBand,
    promotion: { ...policy.promotion, bands: [...policy.promotion.bands].reverse() },
  };
}

/** Σ B_k × τ_k recomputed from the rows, independently of offers.ts. */
function exposureYears(option: Offer, startDate: string): Decimal {
  let total = ZERO;
  let periodStart = startDate;
  let balance = option.summary?.financedMinor ?? 0n;
  for (const row of option.schedule?.installments ?? []) {
    const fraction = yearFraction(option.schedule?.dayCount ?? "30/360", periodStart, row.dueDate);
    total = add(total, multiply(decimal(balance), decimal(fraction.numerator, fraction.denominator)));
    balance = row.balanceAfterMinor;
    periodStart = row.dueDate;
  }
  return total;
}

describe("personalizedOffers: properties", () => {
  it("is deterministic, whatever the order of the policy's lists and of the LPR table", () => {
    fc.assert(
      fc.property(requests, (request) => {
        const first = personalizedOffers(request);
        expect(personalizedOffers(request)).toEqual(first);
        const shuffled = {
          ...request,
          policy: reversedLists(request.policy),
          lprTable: [...lprTable].reverse(),
        };
        const again = personalizedOffers(shuffled);
        expect(again.options).toEqual(first.options);
        expect(again.customerReasons).toEqual(first.customerReasons);
      }),
      offerRuns,
    );
  });

  it("ranks by the documented order: offered, cost of credit ascending, margin descending", () => {
    fc.assert(
      fc.property(requests, (request) => {
        const { options } = personalizedOffers(request);
        expect(new Set(options.map((option) => option.id)).size).toBe(options.length);
        options.forEach((option, index) => {
          expect(option.rank).toBe(index + 1);
          expect(option.offered).toBe(option.reasons.length === 0);
          const order = option.reasons.map((code) => offerReasonCodes.indexOf(code));
          expect(order).toEqual([...order].sort((a, b) => a - b));
          const next = options[index + 1];
          if (next === undefined) return;
          // A total order: distinct options never tie.
          expect(compareOffers(option, next)).toBeLessThan(0);
          // The documented keys, checked without compareOffers.
          if (option.offered !== next.offered) {
            expect(option.offered).toBe(true);
            return;
          }
          const cost = option.summary?.costOfCreditMinor;
          const nextCost = next.summary?.costOfCreditMinor;
          if (cost === undefined || nextCost === undefined) {
            expect(nextCost).toBeUndefined();
            return;
          }
          expect(cost <= nextCost).toBe(true);
          if (cost === nextCost && option.margin !== null && next.margin !== null) {
            expect(option.margin.marginMinor >= next.margin.marginMinor).toBe(true);
          }
        });
      }),
      offerRuns,
    );
  });

  it("computes the margin as revenue − cost of funds − PD × LGD × exposure-years", () => {
    fc.assert(
      fc.property(requests, (request) => {
        const result = personalizedOffers(request);
        const { policy, customer } = request;
        const mode = policy.roundingMode;
        for (const option of result.options) {
          const { summary, margin, schedule } = option;
          if (summary === null || margin === null || schedule === null) {
            expect(option.reasons).toContain("SCHEDULE_NOT_POSSIBLE");
            continue;
          }
          const subsidy = option.interestFree && policy.promotion.merchantFunded ? summary.subsidyMinor : 0n;
          expect(margin.revenueMinor).toBe(
            summary.interestMinor + summary.feeMinor + summary.upfrontFeeMinor + subsidy,
          );
          const exposure = exposureYears(option, request.startDate);
          expect(margin.costOfFundsMinor).toBe(
            roundToInteger(multiply(parseDecimal(policy.risk.costOfFundsAnnual), exposure), mode),
          );
          const lossRate = multiply(
            parseDecimal(policy.risk.probabilityOfDefaultByGrade[customer.grade]),
            parseDecimal(policy.risk.lossGivenDefault),
          );
          expect(margin.expectedLossMinor).toBe(roundToInteger(multiply(lossRate, exposure), mode));
          expect(margin.marginMinor).toBe(
            margin.revenueMinor - margin.costOfFundsMinor - margin.expectedLossMinor,
          );
          expect(option.reasons.includes("NEGATIVE_MARGIN")).toBe(margin.marginMinor < 0n);
          // What the customer pays beyond the price is the cost of credit.
          expect(summary.totalPaidMinor - request.amountMinor).toBe(summary.costOfCreditMinor);
          expect(summary.financedMinor + summary.downPaymentMinor).toBe(request.amountMinor);
        }
      }),
      offerRuns,
    );
  });
});

const penaltySettingsArbitrary: fc.Arbitrary<PenaltySettings> = fc.record({
  rate: fc.constant({ kind: "contract-markup" as const, markupShare: "0.5" }),
  capRateAtCeiling: fc.boolean(),
  compoundOnInterest: fc.boolean(),
  dayCount: fc.constantFrom(...penaltyDayCounts),
  roundingMode: fc.constantFrom(...roundingModes),
  graceDays: fc.integer({ min: 0, max: 10 }),
  graceInterest: fc.constantFrom("charged-from-due-date" as const, "waived" as const),
  lateFee: fc.oneof(
    fc.constant({ kind: "none" as const }),
    fc.bigInt({ min: 0n, max: 20_000n }).map((amountMinor) => ({ kind: "fixed" as const, amountMinor })),
    fc.integer({ min: 0, max: 1_000 }).map((points) => ({
      kind: "percent" as const,
      share: basisPoints(points),
      minMinor: 500n,
      maxMinor: 50_000n,
    })),
  ),
  cap: fc.record({
    shareOfOverdue: fc.option(
      fc.integer({ min: 0, max: 5_000 }).map((points) => basisPoints(points)),
      { nil: null },
    ),
    amountMinor: fc.option(fc.bigInt({ min: 0n, max: 1_000_000n }), { nil: null }),
  }),
});

const accruals = fc.record({
  settings: penaltySettingsArbitrary,
  principal: fc.bigInt({ min: 0n, max: 10_000_000_000n }),
  interest: fc.bigInt({ min: 0n, max: 100_000_000n }),
  ratePoints: fc.integer({ min: 0, max: 5_000 }),
  dueDay: fc.integer({ min: epochDayOf(2020, 1, 1), max: epochDayOf(2026, 12, 31) }),
  startOffset: fc.integer({ min: -10, max: 20 }),
  cuts: fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 6 }),
});

function accrueChain(
  base: Omit<PenaltyAccrualRequest, "fromDate" | "toDate" | "accrued">,
  days: ReadonlyArray<number>,
): PenaltyAccrual[] {
  const results: PenaltyAccrual[] = [];
  let accrued = noPenaltyAccrued;
  for (let index = 1; index < days.length; index += 1) {
    const result = accruePenalty({
      ...base,
      fromDate: dateOfEpochDay(days[index - 1] ?? 0),
      toDate: dateOfEpochDay(days[index] ?? 0),
      accrued,
    });
    results.push(result);
    accrued = result.accrued;
  }
  return results;
}

describe("accruePenalty: properties", () => {
  it("charges the same for a range however it is split, to the minor unit", () => {
    fc.assert(
      fc.property(accruals, (choice) => {
        const start = choice.dueDay + choice.startOffset;
        const ends = [...choice.cuts].sort((a, b) => a - b).map((offset) => start + offset);
        const last = ends[ends.length - 1] ?? start;
        const base = {
          currency: "CNY",
          dueDate: dateOfEpochDay(choice.dueDay),
          overduePrincipalMinor: choice.principal,
          overdueInterestMinor: choice.interest,
          penaltyAnnualRate: basisPoints(choice.ratePoints),
          settings: choice.settings,
        };
        const [whole] = accrueChain(base, [start, last]);
        const parts = accrueChain(base, [start, ...ends]);
        if (whole === undefined) throw new Error("no accrual");
        const sum = (pick: (part: PenaltyAccrual) => bigint): bigint =>
          parts.reduce((total, part) => total + pick(part), 0n);
        expect(sum((part) => part.totalMinor)).toBe(whole.totalMinor);
        expect(sum((part) => BigInt(part.days))).toBe(BigInt(whole.days));
        expect(parts[parts.length - 1]?.accrued).toEqual(whole.accrued);
        if (choice.settings.cap.shareOfOverdue === null && choice.settings.cap.amountMinor === null) {
          expect(sum((part) => part.penaltyInterestMinor)).toBe(whole.penaltyInterestMinor);
          expect(sum((part) => part.compoundInterestMinor)).toBe(whole.compoundInterestMinor);
          expect(sum((part) => part.lateFeeMinor)).toBe(whole.lateFeeMinor);
        }
        for (const part of [whole, ...parts]) {
          expect(part.totalMinor).toBe(
            part.penaltyInterestMinor + part.compoundInterestMinor + part.lateFeeMinor,
          );
          expect(part.totalMinor >= 0n && part.capReductionMinor >= 0n).toBe(true);
          if (part.capMinor !== null) expect(part.accrued.chargedMinor <= part.capMinor).toBe(true);
        }
      }),
      penaltyRuns,
    );
  });

  it("charges, without caps, the exact interest of the whole range rounded once", () => {
    fc.assert(
      fc.property(accruals, (choice) => {
        const settings = { ...choice.settings, cap: { shareOfOverdue: null, amountMinor: null } };
        const start = choice.dueDay;
        const end = start + (choice.cuts[0] ?? 0);
        const [result] = accrueChain(
          {
            currency: "CNY",
            dueDate: dateOfEpochDay(choice.dueDay),
            overduePrincipalMinor: choice.principal,
            overdueInterestMinor: 0n,
            penaltyAnnualRate: basisPoints(choice.ratePoints),
            settings: { ...settings, graceDays: 0 },
          },
          [start, end],
        );
        // From the due date with no grace every night counts: principal × rate × yearFraction.
        const days = end - start;
        const fraction =
          settings.dayCount === "actual/360"
            ? decimal(days, 360)
            : (() => {
                const f = yearFraction(settings.dayCount, dateOfEpochDay(start), dateOfEpochDay(end));
                return decimal(f.numerator, f.denominator);
              })();
        const exact = multiply(
          multiply(decimal(choice.principal), parseDecimal(basisPoints(choice.ratePoints))),
          fraction,
        );
        expect(result?.penaltyInterestMinor).toBe(
          choice.principal === 0n ? 0n : roundToInteger(exact, settings.roundingMode),
        );
        expect(result?.days).toBe(choice.principal === 0n ? 0 : days);
      }),
      penaltyRuns,
    );
  });
});
