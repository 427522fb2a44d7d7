import { describe, expect, it } from "vitest";
import { decimal, multiply, parseDecimal } from "../../../src/core/decimal.ts";
import {
  abs,
  add,
  allocate,
  allocateMoney,
  allocationPartsMax,
  compare,
  equals,
  formatMoney,
  isNegative,
  isZero,
  max,
  min,
  money,
  moneyTextLengthMax,
  multiplyByDecimal,
  negate,
  parseMinor,
  parseMoney,
  splitEvenly,
  subtract,
  sum,
  zero,
} from "../../../src/core/money.ts";
import { roundingModes } from "../../../src/core/rounding.ts";
import { appErrorCode, thrown } from "./support.ts";

const cny = (amountMinor: bigint) => money(amountMinor, "CNY");

describe("money", () => {
  it("builds a frozen plain value", () => {
    const m = money(123_450n, "CNY");
    expect(m).toEqual({ amountMinor: 123_450n, currency: "CNY" });
    expect(Object.isFrozen(m)).toBe(true);
    expect(Object.getPrototypeOf(m)).toBe(Object.prototype);
  });

  it("rejects an unknown or malformed currency", () => {
    expect(appErrorCode(() => money(1n, "XYZ"))).toBe("INVALID_CURRENCY");
    expect(appErrorCode(() => money(1n, "cny"))).toBe("INVALID_CURRENCY");
  });

  it("asserts that the amount is a bigint", () => {
    expect(() => money(1.5 as unknown as bigint, "CNY")).toThrow(/Assertion failed/);
  });

  it("zero is zero in the currency", () => {
    expect(zero("JPY")).toEqual({ amountMinor: 0n, currency: "JPY" });
    expect(appErrorCode(() => zero("???"))).toBe("INVALID_CURRENCY");
  });
});

describe("parseMoney and parseMinor", () => {
  const accepted: ReadonlyArray<readonly [string, string, bigint]> = [
    ["0", "CNY", 0n],
    ["1", "CNY", 100n],
    ["1.5", "CNY", 150n],
    ["1234.56", "CNY", 123_456n],
    ["-0.05", "CNY", -5n],
    ["-0.00", "CNY", 0n],
    ["-0", "CNY", 0n],
    ["007.10", "CNY", 710n],
    ["100", "JPY", 100n],
    ["1.234", "BHD", 1234n],
    ["1.2", "BHD", 1200n],
    ["0.0001", "CLF", 1n],
    ["123456789012345678901234567890.12", "CNY", 12_345_678_901_234_567_890_123_456_789_012n],
  ];
  for (const [text, currency, expected] of accepted) {
    it(`reads ${JSON.stringify(text)} in ${currency} as ${expected}`, () => {
      expect(parseMinor(text, currency)).toBe(expected);
      expect(parseMoney(text, currency)).toEqual({ amountMinor: expected, currency });
    });
  }

  const rejected = [
    "",
    ".",
    "1.",
    ".5",
    "-",
    "-.5",
    "+1",
    " 1",
    "1 ",
    "1e3",
    "1E3",
    "1,000",
    "1_000",
    "1 000",
    "0x10",
    "１",
    "١",
    "NaN",
    "Infinity",
    "--1",
    "1.2.3",
    "¥1",
    "1\n",
  ];
  for (const text of rejected) {
    it(`rejects ${JSON.stringify(text)} with INVALID_AMOUNT`, () => {
      expect(appErrorCode(() => parseMoney(text, "CNY"))).toBe("INVALID_AMOUNT");
      expect(appErrorCode(() => parseMinor(text, "CNY", { rounding: "half-even" }))).toBe("INVALID_AMOUNT");
    });
  }

  it("rejects text longer than the limit, and accepts text of exactly the limit", () => {
    const atLimit = "1".repeat(moneyTextLengthMax);
    expect(parseMinor(atLimit, "JPY")).toBe(BigInt(atLimit));
    expect(appErrorCode(() => parseMinor(`${atLimit}1`, "JPY"))).toBe("INVALID_AMOUNT");
  });

  it("rejects values that are not text", () => {
    expect(appErrorCode(() => parseMoney(12 as unknown as string, "CNY"))).toBe("INVALID_AMOUNT");
    expect(appErrorCode(() => parseMoney(null as unknown as string, "CNY"))).toBe("INVALID_AMOUNT");
  });

  it("rejects more fraction digits than the currency has, with the scale as a parameter", () => {
    expect(appErrorCode(() => parseMoney("1.005", "CNY"))).toBe("INVALID_AMOUNT");
    expect(appErrorCode(() => parseMoney("1.5", "JPY"))).toBe("INVALID_AMOUNT");
    expect(appErrorCode(() => parseMoney("1.2345", "BHD"))).toBe("INVALID_AMOUNT");
    expect(thrown(() => parseMoney("1.005", "CNY"))).toMatchObject({
      code: "INVALID_AMOUNT",
      status: 400,
      params: { scale: 2, currency: "CNY" },
    });
  });

  it("checks the currency before the amount", () => {
    expect(appErrorCode(() => parseMoney("1.00", "XYZ"))).toBe("INVALID_CURRENCY");
    expect(appErrorCode(() => parseMoney("oops", "XYZ"))).toBe("INVALID_CURRENCY");
  });

  it("rounds extra digits exactly once when a rounding mode is given", () => {
    expect(parseMoney("1.005", "CNY", { rounding: "half-even" }).amountMinor).toBe(100n);
    expect(parseMoney("1.005", "CNY", { rounding: "half-up" }).amountMinor).toBe(101n);
    expect(parseMoney("1.005", "CNY", { rounding: "half-down" }).amountMinor).toBe(100n);
    expect(parseMoney("1.015", "CNY", { rounding: "half-even" }).amountMinor).toBe(102n);
    expect(parseMoney("1.0051", "CNY", { rounding: "half-down" }).amountMinor).toBe(101n);
    expect(parseMoney("-1.005", "CNY", { rounding: "half-up" }).amountMinor).toBe(-101n);
    expect(parseMoney("-1.005", "CNY", { rounding: "ceiling" }).amountMinor).toBe(-100n);
    expect(parseMoney("-1.001", "CNY", { rounding: "floor" }).amountMinor).toBe(-101n);
    expect(parseMoney("2.5", "JPY", { rounding: "half-even" }).amountMinor).toBe(2n);
    expect(parseMoney("-0.004", "CNY", { rounding: "half-up" }).amountMinor).toBe(0n);
    // Rounding is applied to the whole fraction, not digit by digit: 1.00449 → 1.00, not 1.01.
    expect(parseMoney("1.00449", "CNY", { rounding: "half-up" }).amountMinor).toBe(100n);
  });

  it("does not round when the digits fit, whatever the mode", () => {
    for (const mode of roundingModes) expect(parseMinor("1.01", "CNY", { rounding: mode })).toBe(101n);
  });
});

describe("formatMoney", () => {
  const cases: ReadonlyArray<readonly [bigint, string, string]> = [
    [123_450n, "CNY", "1234.50"],
    [-5n, "CNY", "-0.05"],
    [0n, "CNY", "0.00"],
    [-0n, "CNY", "0.00"],
    [1n, "CNY", "0.01"],
    [-100n, "CNY", "-1.00"],
    [100n, "JPY", "100"],
    [-7n, "JPY", "-7"],
    [0n, "JPY", "0"],
    [1234n, "BHD", "1.234"],
    [5n, "KWD", "0.005"],
    [1n, "CLF", "0.0001"],
    [10n ** 30n, "USD", `1${"0".repeat(28)}.00`],
  ];
  for (const [amountMinor, currency, text] of cases) {
    it(`writes ${amountMinor} ${currency} as ${text}`, () => {
      expect(formatMoney(money(amountMinor, currency))).toBe(text);
    });
  }

  it("formats a parsed negative zero as zero", () => {
    expect(formatMoney(parseMoney("-0.00", "CNY"))).toBe("0.00");
  });

  it("rejects a value with an unknown currency", () => {
    expect(appErrorCode(() => formatMoney({ amountMinor: 1n, currency: "XYZ" }))).toBe("INVALID_CURRENCY");
  });
});

describe("arithmetic and comparison", () => {
  const usd = money(100n, "USD");

  it("adds, subtracts and negates within a currency", () => {
    expect(add(cny(150n), cny(275n))).toEqual(cny(425n));
    expect(subtract(cny(150n), cny(275n))).toEqual(cny(-125n));
    expect(negate(cny(150n))).toEqual(cny(-150n));
    expect(negate(cny(0n))).toEqual(cny(0n));
    expect(Object.isFrozen(add(cny(1n), cny(2n)))).toBe(true);
  });

  it("takes absolute values", () => {
    expect(abs(cny(-150n))).toEqual(cny(150n));
    expect(abs(cny(150n))).toEqual(cny(150n));
    expect(abs(cny(0n))).toEqual(cny(0n));
  });

  it("throws CURRENCY_MISMATCH when currencies differ", () => {
    expect(appErrorCode(() => add(cny(1n), usd))).toBe("CURRENCY_MISMATCH");
    expect(appErrorCode(() => subtract(cny(1n), usd))).toBe("CURRENCY_MISMATCH");
    expect(appErrorCode(() => compare(cny(1n), usd))).toBe("CURRENCY_MISMATCH");
    expect(appErrorCode(() => equals(cny(100n), usd))).toBe("CURRENCY_MISMATCH");
    expect(appErrorCode(() => sum([cny(1n), usd], "CNY"))).toBe("CURRENCY_MISMATCH");
    expect(appErrorCode(() => sum([usd], "CNY"))).toBe("CURRENCY_MISMATCH");
    expect(appErrorCode(() => min(cny(1n), usd))).toBe("CURRENCY_MISMATCH");
    expect(appErrorCode(() => max(cny(1n), cny(2n), usd))).toBe("CURRENCY_MISMATCH");
    expect(thrown(() => add(cny(1n), usd))).toMatchObject({ params: { expected: "CNY", actual: "USD" } });
  });

  it("compares and tests equality", () => {
    expect(compare(cny(1n), cny(2n))).toBe(-1);
    expect(compare(cny(2n), cny(2n))).toBe(0);
    expect(compare(cny(3n), cny(2n))).toBe(1);
    expect(compare(cny(-3n), cny(2n))).toBe(-1);
    expect(equals(cny(2n), cny(2n))).toBe(true);
    expect(equals(cny(2n), cny(-2n))).toBe(false);
  });

  it("tests for zero and for negative amounts", () => {
    expect(isZero(cny(0n))).toBe(true);
    expect(isZero(cny(1n))).toBe(false);
    expect(isNegative(cny(-1n))).toBe(true);
    expect(isNegative(cny(0n))).toBe(false);
    expect(isNegative(cny(1n))).toBe(false);
  });

  it("sums a list, and the sum of none is zero in the given currency", () => {
    expect(sum([cny(1n), cny(2n), cny(-10n)], "CNY")).toEqual(cny(-7n));
    expect(sum([], "JPY")).toEqual(zero("JPY"));
    expect(appErrorCode(() => sum([], "XYZ"))).toBe("INVALID_CURRENCY");
  });

  it("finds the least and the greatest amount", () => {
    expect(min(cny(5n))).toEqual(cny(5n));
    expect(min(cny(5n), cny(-2n), cny(3n))).toEqual(cny(-2n));
    expect(max(cny(5n), cny(-2n), cny(30n))).toEqual(cny(30n));
    expect(max(cny(-5n), cny(-2n))).toEqual(cny(-2n));
  });
});

describe("multiplyByDecimal", () => {
  it("multiplies exactly and rounds once", () => {
    // 10,000.00 元 at 4.35% a year for 31 days of 360: 37.4583… 元.
    const principal = parseMoney("10000.00", "CNY");
    const interestFactor = multiply(parseDecimal("0.0435"), decimal(31, 360));
    expect(multiplyByDecimal(principal, interestFactor, "half-up")).toEqual(cny(3746n));
    expect(multiplyByDecimal(principal, interestFactor, "floor")).toEqual(cny(3745n));
  });

  it("rounds ties with the given mode", () => {
    // 0.05 元 × 0.5 = 0.025 元
    expect(multiplyByDecimal(cny(5n), decimal(1, 2), "half-even")).toEqual(cny(2n));
    expect(multiplyByDecimal(cny(5n), decimal(1, 2), "half-up")).toEqual(cny(3n));
    expect(multiplyByDecimal(cny(-5n), decimal(1, 2), "half-up")).toEqual(cny(-3n));
    expect(multiplyByDecimal(cny(5n), decimal(-1, 2), "ceiling")).toEqual(cny(-2n));
  });

  it("keeps the currency and handles zero and integer factors", () => {
    expect(multiplyByDecimal(money(7n, "JPY"), decimal(3), "down")).toEqual(money(21n, "JPY"));
    expect(multiplyByDecimal(cny(7n), decimal(0), "up")).toEqual(cny(0n));
  });

  it("asserts on a factor with a non-positive denominator", () => {
    expect(() => multiplyByDecimal(cny(7n), { numerator: 1n, denominator: 0n }, "up")).toThrow(/Assertion/);
  });
});

describe("allocate", () => {
  it("splits 100 in three as 34, 33, 33", () => {
    expect(allocate(100n, [1n, 1n, 1n])).toEqual([34n, 33n, 33n]);
  });

  it("mirrors negative totals", () => {
    expect(allocate(-100n, [1n, 1n, 1n])).toEqual([-34n, -33n, -33n]);
    expect(allocate(-7n, [1n, 2n])).toEqual([-2n, -5n]);
  });

  it("gives leftover units to the largest remainders, ties to the earliest index", () => {
    // 10 × 3/7 = 4.29, 10 × 2/7 = 2.86, 10 × 2/7 = 2.86: floors 4, 2, 2; two units left.
    expect(allocate(10n, [3n, 2n, 2n])).toEqual([4n, 3n, 3n]);
    // 100 × 1/6 = 16.67, 100 × 2/6 = 33.33, 100 × 3/6 = 50: one unit left, to the 16.67.
    expect(allocate(100n, [1n, 2n, 3n])).toEqual([17n, 33n, 50n]);
    expect(allocate(2n, [1n, 1n, 1n, 1n])).toEqual([1n, 1n, 0n, 0n]);
    expect(allocate(1n, [1n, 1n], { mode: "largest-remainder" })).toEqual([1n, 0n]);
  });

  it("gives zero weights nothing", () => {
    expect(allocate(101n, [0n, 1n, 0n, 1n])).toEqual([0n, 51n, 0n, 50n]);
    expect(allocate(5n, [0n, 3n])).toEqual([0n, 5n]);
  });

  it("handles a zero total and a single weight", () => {
    expect(allocate(0n, [1n, 2n])).toEqual([0n, 0n]);
    expect(allocate(12_345n, [7n])).toEqual([12_345n]);
  });

  it("splits by a percentage table", () => {
    // 30% / 30% / 40% of 999.99 元.
    expect(allocate(99_999n, [30n, 30n, 40n])).toEqual([30_000n, 30_000n, 39_999n]);
  });

  it("asserts on bad weights", () => {
    expect(() => allocate(10n, [])).toThrow(/Assertion/);
    expect(() => allocate(10n, [0n, 0n])).toThrow(/Assertion/);
    expect(() => allocate(10n, [1n, -1n])).toThrow(/Assertion/);
    expect(() => allocate(10n, [1 as unknown as bigint])).toThrow(/Assertion/);
    expect(() => allocate(10n, new Array<bigint>(allocationPartsMax + 1).fill(1n))).toThrow(/Assertion/);
    expect(() => allocate(10n, [1n], { mode: "d'Hondt" as "largest-remainder" })).toThrow(
      /unknown allocation/,
    );
  });

  it("allocateMoney keeps the currency", () => {
    expect(allocateMoney(cny(100n), [1n, 1n, 1n])).toEqual([cny(34n), cny(33n), cny(33n)]);
    expect(allocateMoney(money(-5n, "JPY"), [1n, 1n])).toEqual([money(-3n, "JPY"), money(-2n, "JPY")]);
  });
});

describe("splitEvenly", () => {
  it("spreads the remainder over the first parts", () => {
    expect(splitEvenly(100n, 3)).toEqual([34n, 33n, 33n]);
    expect(splitEvenly(1_000_000n, 12)).toEqual([
      ...new Array(4).fill(83_334n),
      ...new Array(8).fill(83_333n),
    ]);
    expect(splitEvenly(2n, 5)).toEqual([1n, 1n, 0n, 0n, 0n]);
    expect(splitEvenly(9n, 3)).toEqual([3n, 3n, 3n]);
    expect(splitEvenly(9n, 1)).toEqual([9n]);
    expect(splitEvenly(0n, 2)).toEqual([0n, 0n]);
  });

  it("mirrors negative totals", () => {
    expect(splitEvenly(-100n, 3)).toEqual([-34n, -33n, -33n]);
  });

  it("asserts on a bad count", () => {
    expect(() => splitEvenly(10n, 0)).toThrow(/Assertion/);
    expect(() => splitEvenly(10n, -1)).toThrow(/Assertion/);
    expect(() => splitEvenly(10n, 1.5)).toThrow(/Assertion/);
    expect(() => splitEvenly(10n, allocationPartsMax + 1)).toThrow(/Assertion/);
  });
});
