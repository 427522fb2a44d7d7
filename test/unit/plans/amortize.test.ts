import { describe, expect, it } from "vitest";
import { parseDecimal, toCanonicalString } from "../../../src/core/decimal.ts";
import { type AppError, isAppError } from "../../../src/core/errors.ts";
import { type AmortizeRequest, amortize } from "../../../src/domain/plans/amortize.ts";
import { thrown } from "../core/support.ts";

const d = parseDecimal;

function yearEnds(firstYear: number, count: number, amountMinor: bigint) {
  return Array.from({ length: count }, (_, index) => ({ date: `${firstYear + index}-12-31`, amountMinor }));
}

function column<K extends "interestMinor" | "principalMinor" | "closingMinor" | "openingMinor">(
  request: AmortizeRequest,
  key: K,
): bigint[] {
  return amortize(request).rows.map((row) => row[key]);
}

function issuesOf(request: AmortizeRequest): ReadonlyArray<{ path: string; code: string }> {
  const error = thrown(() => amortize(request));
  expect(isAppError(error)).toBe(true);
  expect((error as AppError).code).toBe("VALIDATION_FAILED");
  return (error as AppError).issues.map(({ path, code }) => ({ path, code }));
}

/**
 * The installment-sale example of the CAS 14 (收入) guidance, 例6, as reproduced in "分期收款销售
 * 实际利率法" (cklww.com/article/6214-4.html): on 1 January 2007 甲公司 sells equipment for
 * 1,000,000 yuan payable in 5 equal instalments each 31 December; the cash price is 800,000 yuan;
 * the effective rate is 7.93 %. The table (in 万元, two decimals) recognizes financing income of
 * 6.34, 5.26, 4.09 and 2.83, and the last year takes the rest: 20 − 6.34 − 5.26 − 4.09 − 2.83 = 1.48.
 */
describe("amortize: the CAS 14 installment sale (未实现融资收益 by the effective interest method)", () => {
  it("reproduces the textbook table at 7.93 %, in the textbook's unit of 0.01 万元", () => {
    // The textbook rounds every figure to 0.01 万元 (100 yuan), half up (四舍五入), so one minor
    // unit here is 100 yuan: cash price 8000, instalments 2000.
    const request: AmortizeRequest = {
      startDate: "2007-01-01",
      payments: yearEnds(2007, 5, 2000n),
      cashPriceMinor: 8000n,
      ratePerPeriod: d("0.0793"),
      roundingMode: "half-up",
    };
    expect(column(request, "interestMinor")).toEqual([634n, 526n, 409n, 283n, 148n]);
    // "2008年甲公司提供给乙公司资金是66.34万元(80−13.66)", then 14.74 of principal in 2008.
    expect(column(request, "principalMinor")).toEqual([1366n, 1474n, 1591n, 1717n, 1852n]);
    expect(column(request, "closingMinor")).toEqual([6634n, 5160n, 3569n, 1852n, 0n]);
    const result = amortize(request);
    expect(result.solved).toBeNull();
    expect(result.interestTotalMinor).toBe(2000n);
  });

  it("finds the 7.93 % from the cash price and the instalments", () => {
    const result = amortize({
      startDate: "2007-01-01",
      payments: yearEnds(2007, 5, 20_000_000n),
      cashPriceMinor: 80_000_000n,
    });
    expect(result.solved).toBe("ratePerPeriod");
    // The solved rate is printed to 10 decimals, and the rows follow from that printed value.
    expect(toCanonicalString(result.ratePerPeriod)).toBe("0.0793082612");
    expect((Number(toCanonicalString(result.ratePerPeriod)) * 100).toFixed(2)).toBe("7.93");
    expect(result.interestTotalMinor).toBe(20_000_000n);
    expect(result.rows.at(-1)?.closingMinor).toBe(0n);
  });

  it("finds the same rate for the 20,000,000 contract sold for 16,000,000 in 5 × 4,000,000", () => {
    const result = amortize({
      startDate: "2007-01-01",
      payments: yearEnds(2007, 5, 400_000_000n),
      cashPriceMinor: 1_600_000_000n,
    });
    expect(toCanonicalString(result.ratePerPeriod)).toBe("0.0793082612");
    // Year one: 16,000,000 × 7.93082612 % = 1,268,932.18 yuan of financing income.
    expect(result.rows[0]?.interestMinor).toBe(126_893_218n);
  });
});

/**
 * The issue's figures: 5 yearly payments of 180,000.00 at 6 %. Their present value is
 * 180,000 × (1 − 1.06^−5)/0.06 = 758,225.48 (758,232 with the four-decimal annuity table
 * factor 4.2124), so the issue's cash price of 758,178.00 is not that present value: given with
 * the rate, the last row absorbs the 47.48 difference grown by five years of interest.
 */
describe("amortize: five payments of 180,000 at 6 % a period", () => {
  const payments = yearEnds(2020, 5, 18_000_000n);

  it("solves the cash price as the present value at the rate, rounded once", () => {
    const result = amortize({ startDate: "2020-01-01", payments, ratePerPeriod: d("0.06") });
    expect(result.solved).toBe("cashPrice");
    expect(result.cashPriceMinor).toBe(75_822_548n);
    // 758,225.48 × 6 % = 45,493.5288 → 45,493.53.
    expect(result.rows.map((row) => row.interestMinor)).toEqual([
      4_549_353n,
      3_742_314n,
      2_886_853n,
      1_980_064n,
      1_018_868n,
    ]);
    expect(result.rows.map((row) => row.closingMinor)).toEqual([
      62_371_901n,
      48_114_215n,
      33_001_068n,
      16_981_132n,
      0n,
    ]);
  });

  it("uses the given rate with the given cash price 758,178.00; the last row absorbs the residue", () => {
    const result = amortize({
      startDate: "2020-01-01",
      payments,
      cashPriceMinor: 75_817_800n,
      ratePerPeriod: d("0.06"),
    });
    expect(result.solved).toBeNull();
    const interest = result.rows.map((row) => row.interestMinor);
    // 758,178.00 × 6 % = 45,490.68; …; the last row would earn 169,751.38 × 6 % = 10,185.08 but
    // takes 10,248.62: the 63.54 residue is 47.48 × 1.06^5.
    expect(interest).toEqual([4_549_068n, 3_742_012n, 2_886_533n, 1_979_725n, 1_024_862n]);
    expect(result.interestTotalMinor).toBe(90_000_000n - 75_817_800n);
    expect(result.rows.reduce((total, row) => total + row.principalMinor, 0n)).toBe(75_817_800n);
    expect(result.rows.at(-1)?.closingMinor).toBe(0n);
  });

  it("earns nothing at a rate of 0: the cash price is the sum of the payments", () => {
    const result = amortize({ startDate: "2020-01-01", payments, ratePerPeriod: d("0") });
    expect(result.cashPriceMinor).toBe(90_000_000n);
    expect(result.rows.every((row) => row.interestMinor === 0n)).toBe(true);
    const solved = amortize({ startDate: "2020-01-01", payments, cashPriceMinor: 90_000_000n });
    expect(toCanonicalString(solved.ratePerPeriod)).toBe("0");
  });

  it("rounds each period's interest with the mode asked for", () => {
    const request: AmortizeRequest = {
      startDate: "2020-01-01",
      payments: [
        { date: "2020-02-01", amountMinor: 1000n },
        { date: "2020-03-01", amountMinor: 1000n },
      ],
      cashPriceMinor: 1950n,
      ratePerPeriod: d("0.01"),
    };
    // 1950 × 1 % = 19.5: a tie.
    expect(column({ ...request, roundingMode: "half-even" }, "interestMinor")[0]).toBe(20n);
    expect(column({ ...request, roundingMode: "half-down" }, "interestMinor")[0]).toBe(19n);
    expect(column({ ...request, roundingMode: "down" }, "interestMinor")[0]).toBe(19n);
  });
});

describe("amortize rejects invalid input with VALIDATION_FAILED and the path at fault", () => {
  const valid: AmortizeRequest = {
    startDate: "2020-01-01",
    payments: yearEnds(2020, 3, 100_000n),
    ratePerPeriod: d("0.05"),
  };

  it("neither a cash price nor a rate", () => {
    const { ratePerPeriod: _, ...neither } = valid;
    expect(issuesOf(neither)).toEqual([{ path: "cashPrice", code: "REQUIRED" }]);
  });

  it("no payments, all zero, or a negative one", () => {
    expect(issuesOf({ ...valid, payments: [] })).toEqual([{ path: "payments", code: "REQUIRED" }]);
    expect(issuesOf({ ...valid, payments: yearEnds(2020, 3, 0n) })).toEqual([
      { path: "payments", code: "ALL_ZERO" },
    ]);
    expect(issuesOf({ ...valid, payments: [{ date: "2020-12-31", amountMinor: -5n }] })).toEqual([
      { path: "payments[0].amountMinor", code: "OUT_OF_RANGE" },
    ]);
  });

  it("a payment on or before the start, or out of date order", () => {
    expect(issuesOf({ ...valid, payments: [{ date: "2020-01-01", amountMinor: 100_000n }] })).toEqual([
      { path: "payments[0].date", code: "NOT_ASCENDING" },
    ]);
    const swapped = [valid.payments[1], valid.payments[0], valid.payments[2]].filter(
      (payment) => payment !== undefined,
    );
    expect(issuesOf({ ...valid, payments: swapped })).toEqual([
      { path: "payments[1].date", code: "NOT_ASCENDING" },
    ]);
  });

  it("a bad date, cash price or rate", () => {
    expect(issuesOf({ ...valid, startDate: "2020-13-01" })).toEqual([
      { path: "startDate", code: "INVALID_DATE" },
    ]);
    expect(issuesOf({ ...valid, cashPriceMinor: 0n })).toEqual([{ path: "cashPrice", code: "OUT_OF_RANGE" }]);
    expect(issuesOf({ ...valid, ratePerPeriod: d("-0.01") })).toEqual([
      { path: "ratePerPeriod", code: "OUT_OF_RANGE" },
    ]);
    expect(issuesOf({ ...valid, roundingMode: "bankers" as never })).toEqual([
      { path: "roundingMode", code: "UNKNOWN" },
    ]);
  });

  it("a cash price above the payments: nothing to amortize", () => {
    const { ratePerPeriod: _, ...cashOnly } = valid;
    expect(issuesOf({ ...cashOnly, cashPriceMinor: 300_001n })).toEqual([
      { path: "cashPrice", code: "ABOVE_PAYMENTS" },
    ]);
  });

  it("a cash price and a rate that cannot both be true", () => {
    // Far above the present value: the balance outgrows the payments and the last interest is negative.
    expect(issuesOf({ ...valid, cashPriceMinor: 299_000n })).toEqual([
      { path: "cashPrice", code: "INCONSISTENT_WITH_RATE" },
    ]);
    // Far below it: the first payment is more than the balance due.
    expect(issuesOf({ ...valid, cashPriceMinor: 50_000n })).toEqual([
      { path: "cashPrice", code: "INCONSISTENT_WITH_RATE" },
    ]);
  });
});
