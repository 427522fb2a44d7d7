import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  add,
  type Decimal,
  decimal,
  divide,
  multiply,
  ONE,
  power,
  subtract,
  toMinor,
} from "../../src/core/decimal.ts";
import { splitEvenly } from "../../src/core/money.ts";
import { divideRounded } from "../../src/core/rounding.ts";
import { amortize } from "../../src/domain/plans/amortize.ts";
import { type AnnualRateRequest, annualRate } from "../../src/domain/plans/rates.ts";
import type { DatedAmount } from "../../src/domain/plans/schedule.ts";

const run = { numRuns: 300 };

function text(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** A start date and `count` due dates one month apart after it (days 1–28, so no month clamps). */
function monthlyDates(
  year: number,
  month: number,
  day: number,
  count: number,
): { start: string; due: string[] } {
  const at = (offset: number) => {
    const index = year * 12 + month - 1 + offset;
    return text(Math.floor(index / 12), (index % 12) + 1, day);
  };
  return { start: at(0), due: Array.from({ length: count }, (_, index) => at(index + 1)) };
}

const starts = fc.record({
  year: fc.integer({ min: 2000, max: 2040 }),
  month: fc.integer({ min: 1, max: 12 }),
  day: fc.integer({ min: 1, max: 28 }),
});

interface Plan {
  readonly request: AnnualRateRequest;
  /** Opening balance of each period, for the rounding bound. */
  readonly openings: ReadonlyArray<bigint>;
}

/**
 * An equal-installment (等额本息) plan built exactly: the annuity installment P·r / (1 − (1 + r)^−n)
 * computed as a fraction and rounded half-even to the fen, each period's interest rounded
 * half-even on the balance, and the last installment taking whatever balance is left.
 */
function equalInstallmentPlan(
  principalMinor: bigint,
  monthlyRate: Decimal,
  periods: number,
  start: { year: number; month: number; day: number },
): Plan {
  const growth = power(add(ONE, monthlyRate), periods);
  const installmentMinor = toMinor(
    divide(multiply(multiply(decimal(principalMinor), monthlyRate), growth), subtract(growth, ONE)),
    0,
    "half-even",
  );
  const { start: startDate, due } = monthlyDates(start.year, start.month, start.day, periods);
  const payments: DatedAmount[] = [];
  const openings: bigint[] = [];
  let balance = principalMinor;
  due.forEach((date, index) => {
    openings.push(balance);
    const interest = divideRounded(balance * monthlyRate.numerator, monthlyRate.denominator, "half-even");
    const principal = index === periods - 1 ? balance : installmentMinor - interest;
    payments.push({ date, amountMinor: principal + interest });
    balance -= principal;
  });
  expect(balance).toBe(0n);
  return {
    request: {
      method: "irr-nominal",
      advances: [{ date: startDate, amountMinor: principalMinor }],
      payments,
    },
    openings,
  };
}

const annualBasisPoints = fc.integer({ min: 100, max: 3600 });
const periodCounts = fc.integer({ min: 2, max: 60 });

describe("irr-nominal of a plain equal-installment plan is its contract rate (issue 5, done means)", () => {
  it("within 1e-6 a year for principals from 200,000.00", () => {
    // Rounding each period's interest to the fen moves the IRR by at most about
    // 12 × Σ 0.5 fen / Σ balances a year (see the next property), under 1e-6 from here up.
    fc.assert(
      fc.property(
        fc.bigInt({ min: 20_000_000n, max: 10_000_000_000n }),
        annualBasisPoints,
        periodCounts,
        starts,
        (principalMinor, basisPoints, periods, start) => {
          const monthlyRate = decimal(basisPoints, 120_000);
          const { request } = equalInstallmentPlan(principalMinor, monthlyRate, periods, start);
          const result = annualRate(request);
          expect(result.unitPeriod).toBe("month");
          expect(Math.abs(result.rate - basisPoints / 10_000)).toBeLessThan(1e-6);
        },
      ),
      run,
    );
  });

  it("within the first-order bound of its fen rounding for any principal from 1,000.00", () => {
    // With interest rounded by δ_k (|δ_k| ≤ ½ fen), Σ payments·v^k = P + Σ δ_k·v^k at the contract
    // rate, and the present value falls by Σ opening_k·v^k per unit of rate: so the IRR moves by
    // at most Σ ½·v^k / Σ opening_k·v^k a month, to first order.
    fc.assert(
      fc.property(
        fc.bigInt({ min: 100_000n, max: 100_000_000n }),
        annualBasisPoints,
        periodCounts,
        starts,
        (principalMinor, basisPoints, periods, start) => {
          const monthlyRate = decimal(basisPoints, 120_000);
          const { request, openings } = equalInstallmentPlan(principalMinor, monthlyRate, periods, start);
          const i = basisPoints / 120_000;
          let roundingWeight = 0;
          let balanceWeight = 0;
          openings.forEach((opening, index) => {
            const discount = (1 + i) ** -(index + 1);
            roundingWeight += 0.5 * discount;
            balanceWeight += Number(opening) * discount;
          });
          const bound = 12 * (roundingWeight / balanceWeight) * 1.01 + 1e-12;
          expect(Math.abs(annualRate(request).rate - basisPoints / 10_000)).toBeLessThanOrEqual(bound);
        },
      ),
      run,
    );
  });

  it("agrees with the Appendix J APR and the EU APRC when no day is odd", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 100_000n, max: 1_000_000_000n }),
        annualBasisPoints,
        periodCounts,
        starts,
        (principalMinor, basisPoints, periods, start) => {
          const { request } = equalInstallmentPlan(
            principalMinor,
            decimal(basisPoints, 120_000),
            periods,
            start,
          );
          const nominal = annualRate(request);
          expect(annualRate({ ...request, method: "us-reg-z" }).rate).toBeCloseTo(nominal.rate, 12);
          expect(annualRate({ ...request, method: "eu-aprc" }).rate).toBeCloseTo(
            nominal.effectiveAnnualRate,
            12,
          );
        },
      ),
      run,
    );
  });
});

describe("a flat-fee plan (手续费分期) costs more than 12 × its monthly fee rate", () => {
  it("for any principal, fee rate and term of 2 to 36 months", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 100_000n, max: 10_000_000_000n }),
        fc.integer({ min: 10, max: 150 }),
        fc.integer({ min: 2, max: 36 }),
        starts,
        (principalMinor, feeBasisPoints, periods, start) => {
          // The fee is charged every month on the original principal; principal in equal parts.
          const feeMinor = divideRounded(principalMinor * BigInt(feeBasisPoints), 10_000n, "half-even");
          const parts = splitEvenly(principalMinor, periods);
          const { start: startDate, due } = monthlyDates(start.year, start.month, start.day, periods);
          const result = annualRate({
            method: "irr-nominal",
            advances: [{ date: startDate, amountMinor: principalMinor }],
            payments: due.map((date, index) => ({ date, amountMinor: (parts[index] ?? 0n) + feeMinor })),
          });
          expect(result.rate).toBeGreaterThan((12 * feeBasisPoints) / 10_000);
        },
      ),
      run,
    );
  });
});

describe("annualRate is a function of the flows, not of how they are listed", () => {
  it("gives the same rate, to the last bit, for the flows in any order", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("us-reg-z", "eu-aprc", "xirr", "irr-nominal" as const),
        fc.array(
          fc.record({
            offset: fc.integer({ min: 1, max: 2000 }),
            amount: fc.bigInt({ min: 1n, max: 10_000_000n }),
          }),
          {
            minLength: 1,
            maxLength: 24,
          },
        ),
        fc.bigInt({ min: 1n, max: 100_000_000n }),
        fc.integer({ min: 0, max: 1_000 }),
        (method, flows, advanceMinor, seed) => {
          const base = Date.UTC(2020, 0, 1);
          const payments = flows.map(({ offset, amount }) => ({
            date: new Date(base + offset * 86_400_000).toISOString().slice(0, 10),
            amountMinor: amount,
          }));
          const shuffled = [...payments].sort(
            (a, b) => ((a.date.charCodeAt(9) * 31 + seed) % 7) - ((b.date.charCodeAt(9) * 31 + seed) % 7),
          );
          const request = {
            method,
            advances: [{ date: "2020-01-01", amountMinor: advanceMinor }],
            payments,
          } as const;
          let first: ReturnType<typeof annualRate> | null = null;
          try {
            first = annualRate(request);
          } catch {
            return; // no rate for these flows (payments far below the advance): nothing to compare
          }
          const second = annualRate({ ...request, payments: shuffled });
          expect(second.rate).toBe(first.rate);
          expect(second.rateText).toBe(first.rateText);
          expect(second.unitPeriod).toBe(first.unitPeriod);
        },
      ),
      run,
    );
  });
});

describe("amortize: parts sum to the whole (DESIGN.md §3)", () => {
  const schedules = fc.record({
    payments: fc.array(fc.bigInt({ min: 1n, max: 100_000_000n }), { minLength: 1, maxLength: 60 }),
    start: starts,
    basisPoints: fc.integer({ min: 0, max: 5_000 }),
    mode: fc.constantFrom("half-even", "half-up", "down", "up" as const),
  });

  it("with a rate: principal sums to the cash price, the balance closes at 0 and never goes negative", () => {
    fc.assert(
      fc.property(schedules, ({ payments, start, basisPoints, mode }) => {
        const { start: startDate, due } = monthlyDates(start.year, start.month, start.day, payments.length);
        const result = amortize({
          startDate,
          payments: due.map((date, index) => ({ date, amountMinor: payments[index] ?? 0n })),
          ratePerPeriod: decimal(basisPoints, 100_000),
          roundingMode: mode,
        });
        expect(result.rows.reduce((total, row) => total + row.principalMinor, 0n)).toBe(
          result.cashPriceMinor,
        );
        expect(result.rows.at(-1)?.closingMinor).toBe(0n);
        for (const row of result.rows) {
          expect(row.closingMinor >= 0n).toBe(true);
          expect(row.interestMinor + row.principalMinor).toBe(row.paymentMinor);
          expect(row.openingMinor - row.principalMinor).toBe(row.closingMinor);
        }
        const paid = payments.reduce((total, amount) => total + amount, 0n);
        expect(result.interestTotalMinor).toBe(paid - result.cashPriceMinor);
      }),
      run,
    );
  });

  it("with a cash price: the solved rate reproduces it, and the rows close exactly", () => {
    fc.assert(
      fc.property(
        schedules,
        fc.integer({ min: 1, max: 1_000 }),
        ({ payments, start, mode }, discountPerMille) => {
          const paid = payments.reduce((total, amount) => total + amount, 0n);
          const cashPriceMinor = paid - (paid * BigInt(discountPerMille)) / 2_000n;
          fc.pre(cashPriceMinor > 0n);
          const { start: startDate, due } = monthlyDates(start.year, start.month, start.day, payments.length);
          const request = {
            startDate,
            payments: due.map((date, index) => ({ date, amountMinor: payments[index] ?? 0n })),
            roundingMode: mode,
          };
          const solved = amortize({ ...request, cashPriceMinor });
          expect(solved.cashPriceMinor).toBe(cashPriceMinor);
          expect(solved.rows.reduce((total, row) => total + row.principalMinor, 0n)).toBe(cashPriceMinor);
          expect(solved.rows.every((row) => row.closingMinor >= 0n)).toBe(true);
          // The present value at the printed rate is the cash price again, to within the rounding of
          // the rate to 10 decimals (a relative 1e-10 per period of duration) and of the result.
          const again = amortize({ ...request, ratePerPeriod: solved.ratePerPeriod });
          const tolerance = 1n + (paid * BigInt(payments.length)) / 10_000_000_000n;
          const gap = again.cashPriceMinor - cashPriceMinor;
          expect(gap <= tolerance && gap >= -tolerance).toBe(true);
        },
      ),
      run,
    );
  });
});
