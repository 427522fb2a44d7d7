import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isAppError } from "../../src/core/errors.ts";
import { divideRounded, roundingModes } from "../../src/core/rounding.ts";
import {
  buildSchedule,
  checkScheduleRequest,
  civilDateOf,
  civilOfEpochDay,
  type DayCount,
  daysInMonth,
  epochDayOf,
  type Frequency,
  formatCivilDate,
  frequencies,
  periodsPerYear,
  type Schedule,
  type ScheduleMethod,
  type ScheduleRequest,
  scheduleMethods,
  yearFraction,
} from "../../src/domain/plans/index.ts";

const run = { numRuns: 1_500 };
const dayCountList: ReadonlyArray<DayCount> = ["30/360", "actual/365", "actual/actual"];

/** Codes for terms that are valid field by field but cannot be amortized (see buildSchedule). */
const unamortizable = new Set(["PAID_OFF_EARLY", "INSTALLMENT_BELOW_CHARGES"]);

const rateText = (basisPoints: number): string =>
  `${Math.floor(basisPoints / 10_000)}.${String(basisPoints % 10_000).padStart(4, "0")}`;

const dateOfEpochDay = (epochDay: number): string => {
  const { year, month, day } = civilOfEpochDay(epochDay);
  return formatCivilDate(year, month, day);
};

/** Days in at most two regular periods: a first due date up to here is always accepted (monthly 59+). */
const firstPeriodDaysMax: Readonly<Record<Frequency, number>> = {
  weekly: 14,
  biweekly: 28,
  semimonthly: 28,
  monthly: 56,
  quarterly: 180,
  yearly: 730,
};

const requests: fc.Arbitrary<ScheduleRequest> = fc
  .record({
    method: fc.constantFrom<ScheduleMethod>(...scheduleMethods),
    frequency: fc.constantFrom<Frequency>(...frequencies),
    dayCount: fc.constantFrom<DayCount>(...dayCountList),
    roundingMode: fc.constantFrom(...roundingModes),
    periods: fc.oneof(
      { weight: 8, arbitrary: fc.integer({ min: 1, max: 36 }) },
      { weight: 1, arbitrary: fc.integer({ min: 37, max: 360 }) },
    ),
    principalMinor: fc.oneof(
      fc.bigInt({ min: 1n, max: 10_000n }),
      fc.bigInt({ min: 10_000n, max: 100_000_000n }),
      fc.bigInt({ min: 100_000_000n, max: 10n ** 17n }),
    ),
    downPaymentShare: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 99 })),
    upfrontFeeShare: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 10 })),
    annualRateBasisPoints: fc.oneof(
      fc.constant(0),
      fc.integer({ min: 1, max: 3_600 }),
      fc.integer({ min: 3_600, max: 100_000 }),
    ),
    feeRateTenThousandths: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 200 })),
    startEpochDay: fc.integer({ min: epochDayOf(2000, 1, 1), max: epochDayOf(2035, 12, 31) }),
    firstDueOffsetDays: fc.option(fc.integer({ min: 1, max: 730 }), { nil: undefined }),
    graceShare: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 100 })),
    interestFree: fc.boolean(),
    multipleMinor: fc.oneof(
      { weight: 6, arbitrary: fc.constant(1n) },
      { weight: 1, arbitrary: fc.constantFrom(5n, 10n, 100n, 1_000n) },
    ),
  })
  .map((r): ScheduleRequest => {
    const downPaymentMinor = (r.principalMinor * BigInt(r.downPaymentShare)) / 100n;
    const financed = r.principalMinor - downPaymentMinor;
    const upfrontFeeMinor = (financed * BigInt(r.upfrontFeeShare)) / 100n;
    const firstDueOffset =
      r.firstDueOffsetDays === undefined
        ? undefined
        : 1 + (r.firstDueOffsetDays % firstPeriodDaysMax[r.frequency]);
    return {
      principalMinor: r.principalMinor,
      currency: "CNY",
      method: r.method,
      periods: r.periods,
      frequency: r.frequency,
      startDate: dateOfEpochDay(r.startEpochDay),
      firstDueDate:
        firstDueOffset === undefined ? undefined : dateOfEpochDay(r.startEpochDay + firstDueOffset),
      annualRate: r.method === "flat-fee" ? "0" : rateText(r.annualRateBasisPoints),
      feeRatePerPeriod: rateText(r.feeRateTenThousandths),
      upfrontFeeMinor,
      downPaymentMinor,
      dayCount: r.dayCount,
      graceOnPrincipalPeriods: Math.floor(((r.periods - 1) * r.graceShare) / 400),
      interestFree: r.interestFree,
      roundingMode: r.roundingMode,
      installmentMultipleMinor: r.multipleMinor,
    };
  });

/** The schedule, or null when the terms cannot be amortized (a documented VALIDATION_FAILED). */
function tryBuild(request: ScheduleRequest): Schedule | null {
  try {
    return buildSchedule(request);
  } catch (error) {
    if (
      isAppError(error) &&
      error.code === "VALIDATION_FAILED" &&
      error.issues.every((issue) => unamortizable.has(issue.code))
    ) {
      return null;
    }
    throw error;
  }
}

const sum = (values: ReadonlyArray<bigint>): bigint => values.reduce((total, value) => total + value, 0n);

describe("schedule properties", () => {
  it("accepts every generated request field by field, and amortizes nearly all of them", () => {
    let refused = 0;
    fc.assert(
      fc.property(requests, (request) => {
        expect(checkScheduleRequest(request)).toEqual([]);
        if (tryBuild(request) === null) refused += 1;
      }),
      run,
    );
    // Refusals come from coarse multiples on tiny amounts and extreme rates over long terms.
    expect(refused).toBeLessThan(run.numRuns / 10);
  });

  it("repays exactly the amount financed, with rows and totals that add up and no negative balance", () => {
    fc.assert(
      fc.property(requests, (request) => {
        const schedule = tryBuild(request);
        if (schedule === null) return;
        const rows = schedule.installments;
        const financed = request.principalMinor - (request.downPaymentMinor ?? 0n);
        expect(schedule.financedMinor).toBe(financed);
        expect(rows).toHaveLength(request.periods);
        expect(sum(rows.map((row) => row.principalMinor))).toBe(financed);
        expect(schedule.totals).toEqual({
          principalMinor: sum(rows.map((row) => row.principalMinor)),
          interestMinor: sum(rows.map((row) => row.interestMinor)),
          feeMinor: sum(rows.map((row) => row.feeMinor)),
          totalMinor: sum(rows.map((row) => row.totalMinor)),
        });
        let balance = financed;
        let previousDue = civilDateOf(request.startDate);
        rows.forEach((row, index) => {
          expect(row.number).toBe(index + 1);
          expect(row.totalMinor).toBe(row.principalMinor + row.interestMinor + row.feeMinor);
          expect(row.principalMinor >= 0n && row.interestMinor >= 0n && row.feeMinor >= 0n).toBe(true);
          balance -= row.principalMinor;
          expect(row.balanceAfterMinor).toBe(balance);
          expect(balance >= 0n).toBe(true);
          if (index < (request.graceOnPrincipalPeriods ?? 0)) expect(row.principalMinor).toBe(0n);
          const due = civilDateOf(row.dueDate);
          expect(due !== null && previousDue !== null).toBe(true);
          if (due !== null && previousDue !== null) {
            expect(epochDayOf(due.year, due.month, due.day)).toBeGreaterThan(
              epochDayOf(previousDue.year, previousDue.month, previousDue.day),
            );
          }
          previousDue = due;
        });
        expect(rows.at(-1)?.balanceAfterMinor).toBe(0n);
        // The cash flows: one advance net of the upfront fee, every non-zero installment repaid.
        expect(schedule.cashFlows.advances).toEqual([
          { date: request.startDate, amountMinor: financed - (request.upfrontFeeMinor ?? 0n) },
        ]);
        expect(sum(schedule.cashFlows.payments.map((payment) => payment.amountMinor))).toBe(
          schedule.totals.totalMinor,
        );
        expect(schedule.cashFlows.payments.every((payment) => payment.amountMinor > 0n)).toBe(true);
      }),
      run,
    );
  });

  it("keeps equal installments level except the last, the grace rows and an irregular first row", () => {
    fc.assert(
      fc.property(
        requests.filter((request) => request.method === "equal-installment"),
        (request) => {
          const schedule = tryBuild(request);
          if (schedule === null) return;
          const level = schedule.levelInstallmentMinor;
          expect(level).not.toBeNull();
          expect((level ?? 0n) % (request.installmentMultipleMinor ?? 1n)).toBe(0n);
          const grace = request.graceOnPrincipalPeriods ?? 0;
          schedule.installments.forEach((row, index) => {
            const irregularFirst = index === 0 && grace === 0 && schedule.firstPeriod !== "regular";
            if (index >= grace && index < request.periods - 1 && !irregularFirst) {
              expect(row.totalMinor).toBe(level);
            }
          });
        },
      ),
      run,
    );
  });

  it("splits equal principal into equal parts; only the last differs, by the rounding residue", () => {
    fc.assert(
      fc.property(
        requests.filter((request) => request.method === "equal-principal" || request.method === "flat-fee"),
        (request) => {
          const schedule = tryBuild(request);
          if (schedule === null) return;
          const grace = request.graceOnPrincipalPeriods ?? 0;
          const amortizing = schedule.installments.slice(grace);
          const part = amortizing[0]?.principalMinor ?? 0n;
          const count = BigInt(amortizing.length);
          const multiple = request.installmentMultipleMinor ?? 1n;
          for (const row of amortizing.slice(0, -1)) expect(row.principalMinor).toBe(part);
          const residue = (amortizing.at(-1)?.principalMinor ?? 0n) - part;
          expect(residue).toBe(schedule.financedMinor - count * part);
          // Each part is financed / count (plus the fee, for flat-fee) rounded to the multiple:
          // within one multiple of its exact share, so the residue is under count multiples.
          expect(residue < count * multiple && residue > -count * multiple).toBe(true);
        },
      ),
      run,
    );
  });

  it("charges each period's interest on its opening balance, rounded once", () => {
    fc.assert(
      fc.property(requests, (request) => {
        const schedule = tryBuild(request);
        if (schedule === null) return;
        const annual = schedule.annualRate;
        const mode = schedule.roundingMode;
        let opening = schedule.financedMinor;
        let periodStart = request.startDate;
        schedule.installments.forEach((row, index) => {
          let expected: bigint;
          if (request.interestFree || annual.numerator === 0n) {
            expected = 0n;
          } else if (schedule.dayCount === "30/360" && !(index === 0 && schedule.firstPeriod !== "regular")) {
            expected = divideRounded(
              opening * annual.numerator,
              annual.denominator * BigInt(periodsPerYear(schedule.frequency)),
              mode,
            );
          } else {
            const fraction = yearFraction(schedule.dayCount, periodStart, row.dueDate);
            expected = divideRounded(
              opening * annual.numerator * fraction.numerator,
              annual.denominator * fraction.denominator,
              mode,
            );
          }
          expect(row.interestMinor).toBe(expected);
          opening = row.balanceAfterMinor;
          periodStart = row.dueDate;
        });
      }),
      run,
    );
  });

  it("rounds exact ties of interest like divideRounded in every mode, small amounts and huge", () => {
    // Random rates almost never meet an exact tie, so make them: 1 % a month of (100k + 50) fen.
    fc.assert(
      fc.property(
        fc.oneof(
          fc.bigInt({ min: 0n, max: 10n ** 12n }),
          fc.bigInt({ min: 10n ** 14n, max: 10n ** 15n - 1n }),
        ),
        fc.constantFrom(...roundingModes),
        (hundreds, roundingMode) => {
          const principalMinor = hundreds * 100n + 50n;
          const schedule = buildSchedule({
            principalMinor,
            currency: "CNY",
            method: "interest-only",
            periods: 2,
            frequency: "monthly",
            startDate: "2026-01-31",
            annualRate: "0.12",
            roundingMode,
          });
          const expected = divideRounded(principalMinor, 100n, roundingMode);
          expect(schedule.installments.map((row) => row.interestMinor)).toEqual([expected, expected]);
        },
      ),
      run,
    );
  });

  it("records the subsidy of an interest-free plan as the interest of the same plan at its rate", () => {
    fc.assert(
      fc.property(
        requests.filter((request) => request.interestFree === true),
        (request) => {
          const free = tryBuild(request);
          const rated = tryBuild({ ...request, interestFree: false });
          if (free === null || rated === null) return;
          expect(free.totals.interestMinor).toBe(0n);
          expect(free.subsidyMinor).toBe(rated.totals.interestMinor);
        },
      ),
      run,
    );
  });

  it("pays the level installment that the float PMT formula gives, within the rounding", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 100_000, max: 100_000_000 }),
        fc.integer({ min: 1, max: 3_600 }),
        fc.integer({ min: 1, max: 120 }),
        (principal, basisPoints, periods) => {
          const schedule = buildSchedule({
            principalMinor: BigInt(principal),
            currency: "CNY",
            method: "equal-installment",
            periods,
            frequency: "monthly",
            startDate: "2026-01-31",
            annualRate: rateText(basisPoints),
          });
          const r = basisPoints / 10_000 / 12;
          const pmt = (principal * r) / (1 - (1 + r) ** -periods);
          expect(Math.abs(Number(schedule.levelInstallmentMinor) - pmt)).toBeLessThanOrEqual(
            0.5 + 1e-6 * pmt,
          );
        },
      ),
      run,
    );
  });

  it("anchors monthly, quarterly and yearly due dates on the start day, clamped to the month end", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: epochDayOf(1990, 1, 1), max: epochDayOf(2060, 12, 31) }),
        fc.constantFrom<readonly [Frequency, number]>(["monthly", 1], ["quarterly", 3], ["yearly", 12]),
        fc.integer({ min: 1, max: 60 }),
        (startEpochDay, [frequency, step], periods) => {
          const start = civilOfEpochDay(startEpochDay);
          const schedule = buildSchedule({
            principalMinor: 1_000_000n,
            currency: "CNY",
            method: "interest-only",
            periods,
            frequency,
            startDate: dateOfEpochDay(startEpochDay),
            annualRate: "0.1",
          });
          schedule.installments.forEach((row, index) => {
            const monthIndex = start.year * 12 + start.month - 1 + step * (index + 1);
            const year = Math.floor(monthIndex / 12);
            const month = (monthIndex % 12) + 1;
            const day = Math.min(start.day, daysInMonth(year, month));
            expect(row.dueDate).toBe(formatCivilDate(year, month, day));
          });
        },
      ),
      { numRuns: 500 },
    );
  });
});
