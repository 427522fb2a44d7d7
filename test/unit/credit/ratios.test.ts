import { describe, expect, it } from "vitest";
import { type Decimal, decimal, parseDecimal } from "../../../src/core/decimal.ts";
import {
  computeRatios,
  formatRatio,
  type Ratio,
  type RatioReason,
  ratioKeys,
} from "../../../src/domain/credit/index.ts";
import { emptyStatement, insolvent, previousYear, soundHalfYear, soundYear, yuan } from "./statements.ts";

const value = (x: Decimal): Ratio => ({ value: x });
const none = (reason: RatioReason): Ratio => ({ value: null, reason });
const d = parseDecimal;

describe("computeRatios on hand-computed statements", () => {
  it("a sound year", () => {
    expect(computeRatios(soundYear, previousYear)).toEqual({
      debtRatio: value(d("0.6")), // 9,000,000 / 15,000,000
      currentRatio: value(d("1.5")), // 6,000,000 / 4,000,000
      quickRatio: value(d("1.05")), // (6,000,000 − 1,800,000) / 4,000,000 = 4,200,000 / 4,000,000
      interestCoverage: value(d("4.5")), // 1,800,000 / 400,000
      operatingCashFlowRatio: value(d("0.375")), // 1,500,000 / 4,000,000
      netMargin: value(d("0.04")), // 1,200,000 / 30,000,000
      revenueGrowth: value(d("0.25")), // (30,000,000 − 24,000,000) / 24,000,000
    });
  });

  it("a half-year annualizes its cash flow and revenue but not the same-period ratios", () => {
    // OCF 750,000 × 12/6 = 1,500,000 → 1,500,000 / 4,000,000 = 0.375; revenue 15,000,000 × 2 =
    // 30,000,000 against last year's 24,000,000 → 0.25; coverage 900,000 / 200,000 = 4.5 and margin
    // 600,000 / 15,000,000 = 0.04 compare flows of the same six months.
    expect(computeRatios(soundHalfYear, soundYear)).toMatchObject({
      operatingCashFlowRatio: value(d("0.375")),
      interestCoverage: value(d("4.5")),
      netMargin: value(d("0.04")),
      revenueGrowth: value(d("0")), // 30,000,000 annualized against the year's 30,000,000
    });
    expect(computeRatios(soundHalfYear, previousYear).revenueGrowth).toEqual(value(d("0.25")));
  });

  it("negative equity and losses stay meaningful", () => {
    expect(computeRatios(insolvent, null)).toEqual({
      debtRatio: value(d("1.2")), // 12,000,000 / 10,000,000: liabilities exceed assets
      currentRatio: value(d("0.6")), // 3,000,000 / 5,000,000
      quickRatio: value(d("0.4")), // (3,000,000 − 1,000,000) / 5,000,000
      interestCoverage: value(decimal(-5, 3)), // −500,000 / 300,000
      operatingCashFlowRatio: value(d("-0.04")), // −200,000 / 5,000,000
      netMargin: value(d("-0.1125")), // −900,000 / 8,000,000
      revenueGrowth: none("MISSING"), // no previous statement
    });
  });
});

describe("ratios without a value", () => {
  it("zero denominators are not meaningful, never Infinity or NaN", () => {
    const zeros = {
      ...soundYear,
      totalAssets: 0n,
      currentLiabilities: 0n,
      interestExpense: 0n,
      revenue: 0n,
    };
    expect(computeRatios(zeros, { ...previousYear, revenue: 0n })).toEqual({
      debtRatio: none("ZERO_DENOMINATOR"),
      currentRatio: none("ZERO_DENOMINATOR"),
      quickRatio: none("ZERO_DENOMINATOR"),
      interestCoverage: none("ZERO_DENOMINATOR"),
      operatingCashFlowRatio: none("ZERO_DENOMINATOR"),
      netMargin: none("ZERO_DENOMINATOR"),
      revenueGrowth: none("ZERO_DENOMINATOR"),
    });
  });

  it("a zero numerator over a usable denominator is a value of zero", () => {
    const ratios = computeRatios({ ...soundYear, totalLiabilities: 0n, netProfit: 0n }, null);
    expect(ratios.debtRatio).toEqual(value(d("0")));
    expect(ratios.netMargin).toEqual(value(d("0")));
  });

  it("negative denominators are refused, not turned into a ratio with its sign flipped", () => {
    // Net interest income (interest expense −100,000) would make a profitable firm's coverage
    // negative; negative current liabilities would make any firm look liquid.
    const negatives = {
      ...soundYear,
      totalAssets: yuan(-1),
      currentLiabilities: yuan(-1),
      interestExpense: yuan(-100_000),
      revenue: yuan(-1),
    };
    const ratios = computeRatios(negatives, { ...previousYear, revenue: yuan(-1) });
    for (const key of ratioKeys) expect(ratios[key], key).toEqual(none("NEGATIVE_DENOMINATOR"));
  });

  it("missing items give MISSING, and only for the ratios that need them", () => {
    expect(computeRatios(emptyStatement, null)).toEqual(
      Object.fromEntries(ratioKeys.map((key) => [key, none("MISSING")])),
    );
    // No inventory reported: the quick ratio is missing, not computed as if inventory were 0.
    const ratios = computeRatios({ ...soundYear, inventory: null }, null);
    expect(ratios.quickRatio).toEqual(none("MISSING"));
    expect(ratios.currentRatio).toEqual(value(d("1.5")));
  });

  it("revenue growth needs an earlier statement in the same currency", () => {
    expect(computeRatios(soundYear, { ...previousYear, revenue: null }).revenueGrowth).toEqual(
      none("MISSING"),
    );
    expect(computeRatios(soundYear, { ...previousYear, currency: "USD" }).revenueGrowth).toEqual(
      none("MISSING"),
    );
    expect(computeRatios(soundYear, { ...previousYear, periodEnd: "2025-12-31" }).revenueGrowth).toEqual(
      none("MISSING"),
    );
    expect(computeRatios(previousYear, soundYear).revenueGrowth).toEqual(none("MISSING"));
  });

  it("an unusable period length makes the annualized ratios missing instead of throwing", () => {
    const ratios = computeRatios({ ...soundYear, months: 0 }, previousYear);
    expect(ratios.operatingCashFlowRatio).toEqual(none("MISSING"));
    expect(ratios.revenueGrowth).toEqual(none("MISSING"));
    expect(ratios.debtRatio).toEqual(value(d("0.6")));
  });
});

describe("formatRatio", () => {
  it("writes four decimals with the rounding mode it is given", () => {
    expect(formatRatio(value(decimal(2, 3)), "half-up")).toBe("0.6667");
    expect(formatRatio(value(decimal(2, 3)), "down")).toBe("0.6666");
    expect(formatRatio(value(decimal(-5, 3)), "half-even")).toBe("-1.6667");
    expect(formatRatio(value(d("1.5")), "half-even")).toBe("1.5000");
    expect(formatRatio(value(d("0.00005")), "half-even")).toBe("0.0000");
    expect(formatRatio(value(d("0.00005")), "half-up")).toBe("0.0001");
    expect(formatRatio(none("ZERO_DENOMINATOR"), "half-up")).toBeNull();
  });
});
