import { describe, expect, it } from "vitest";
import {
  add,
  compare,
  type Decimal,
  decimal,
  decimalFractionDigitsMax,
  decimalTextLengthMax,
  divide,
  fixedFractionDigitsMax,
  fromMinor,
  isZero,
  multiply,
  negate,
  ONE,
  parseDecimal,
  power,
  powerExponentMax,
  roundToInteger,
  subtract,
  toCanonicalString,
  toFixedString,
  toMinor,
  toNumberApprox,
  ZERO,
} from "../../../src/core/decimal.ts";
import { appErrorCode, thrown } from "./support.ts";

const fields = (x: Decimal) => [x.numerator, x.denominator];

describe("decimal", () => {
  it("normalizes sign and common factors", () => {
    expect(fields(decimal(2n, 4n))).toEqual([1n, 2n]);
    expect(fields(decimal(2n, -4n))).toEqual([-1n, 2n]);
    expect(fields(decimal(-2n, -4n))).toEqual([1n, 2n]);
    expect(fields(decimal(0n, -5n))).toEqual([0n, 1n]);
    expect(fields(decimal(7))).toEqual([7n, 1n]);
    expect(fields(decimal(-6, 4))).toEqual([-3n, 2n]);
    expect(Object.isFrozen(decimal(1n, 3n))).toBe(true);
  });

  it("asserts on a zero denominator and on numbers that are not safe integers", () => {
    expect(() => decimal(1n, 0n)).toThrow(/Assertion/);
    expect(() => decimal(0.1)).toThrow(/Assertion/);
    expect(() => decimal(2 ** 53)).toThrow(/Assertion/);
    expect(() => decimal(1, Number.NaN)).toThrow(/Assertion/);
  });

  it("has frozen ONE and ZERO", () => {
    expect(fields(ONE)).toEqual([1n, 1n]);
    expect(fields(ZERO)).toEqual([0n, 1n]);
    expect(Object.isFrozen(ONE) && Object.isFrozen(ZERO)).toBe(true);
  });
});

describe("parseDecimal", () => {
  const accepted: ReadonlyArray<readonly [string, bigint, bigint]> = [
    ["0", 0n, 1n],
    ["-0", 0n, 1n],
    ["-0.000", 0n, 1n],
    ["1", 1n, 1n],
    ["0.0435", 87n, 2000n],
    ["-0.5", -1n, 2n],
    ["12.50", 25n, 2n],
    ["003.25", 13n, 4n],
    [`0.${"0".repeat(29)}1`, 1n, 10n ** 30n],
  ];
  for (const [text, numerator, denominator] of accepted) {
    it(`reads ${JSON.stringify(text)} as ${numerator}/${denominator}`, () => {
      expect(fields(parseDecimal(text))).toEqual([numerator, denominator]);
    });
  }

  const rejected = [
    "",
    ".",
    "1.",
    ".5",
    "+1",
    " 1",
    "1 ",
    "1e3",
    "1,000",
    "0.5%",
    "1/3",
    "--1",
    "NaN",
    "٠.٥",
  ];
  for (const text of rejected) {
    it(`rejects ${JSON.stringify(text)} with INVALID_RATE`, () => {
      expect(appErrorCode(() => parseDecimal(text))).toBe("INVALID_RATE");
    });
  }

  it("limits the number of fraction digits and the length", () => {
    expect(appErrorCode(() => parseDecimal(`0.${"1".repeat(decimalFractionDigitsMax + 1)}`))).toBe(
      "INVALID_RATE",
    );
    expect(appErrorCode(() => parseDecimal("1".repeat(decimalTextLengthMax)))).toBe("no error");
    expect(appErrorCode(() => parseDecimal("1".repeat(decimalTextLengthMax + 1)))).toBe("INVALID_RATE");
    expect(thrown(() => parseDecimal("1e3"))).toMatchObject({ status: 400, params: { reason: "syntax" } });
  });

  it("rejects values that are not text", () => {
    expect(appErrorCode(() => parseDecimal(0.5 as unknown as string))).toBe("INVALID_RATE");
  });
});

describe("arithmetic", () => {
  const third = decimal(1, 3);
  const half = decimal(1, 2);

  it("adds, subtracts, multiplies and divides exactly", () => {
    expect(fields(add(third, half))).toEqual([5n, 6n]);
    expect(fields(subtract(third, half))).toEqual([-1n, 6n]);
    expect(fields(multiply(third, half))).toEqual([1n, 6n]);
    expect(fields(divide(third, half))).toEqual([2n, 3n]);
    expect(fields(divide(half, decimal(-3)))).toEqual([-1n, 6n]);
    expect(fields(add(parseDecimal("0.1"), parseDecimal("0.2")))).toEqual(fields(parseDecimal("0.3")));
    expect(fields(subtract(half, half))).toEqual([0n, 1n]);
  });

  it("asserts on division by zero", () => {
    expect(() => divide(ONE, ZERO)).toThrow(/division by zero/);
  });

  it("negates", () => {
    expect(fields(negate(third))).toEqual([-1n, 3n]);
    expect(fields(negate(ZERO))).toEqual([0n, 1n]);
  });

  it("raises to integer powers", () => {
    expect(fields(power(decimal(2, 3), 3))).toEqual([8n, 27n]);
    expect(fields(power(decimal(-2, 3), 3))).toEqual([-8n, 27n]);
    expect(fields(power(decimal(-2, 3), -3))).toEqual([-27n, 8n]);
    expect(fields(power(decimal(-2, 3), -2))).toEqual([9n, 4n]);
    expect(fields(power(decimal(5), 0))).toEqual([1n, 1n]);
    expect(fields(power(ZERO, 0))).toEqual([1n, 1n]);
    expect(fields(power(ZERO, 4))).toEqual([0n, 1n]);
    // (1 + 0.06/12)^12, the effective annual rate of 6% nominal compounded monthly, is 6.1678%.
    expect(toFixedString(subtract(power(add(ONE, decimal(6, 1200)), 12), ONE), 6, "half-even")).toBe(
      "0.061678",
    );
  });

  it("asserts on bad exponents", () => {
    expect(() => power(ZERO, -1)).toThrow(/division by zero/);
    expect(() => power(ONE, 1.5)).toThrow(/Assertion/);
    expect(() => power(ONE, powerExponentMax + 1)).toThrow(/Assertion/);
    expect(fields(power(ONE, -powerExponentMax))).toEqual([1n, 1n]);
  });

  it("compares and tests for zero", () => {
    expect(compare(third, half)).toBe(-1);
    expect(compare(half, third)).toBe(1);
    expect(compare(decimal(2, 4), half)).toBe(0);
    expect(compare(decimal(-1, 2), decimal(-1, 3))).toBe(-1);
    expect(isZero(ZERO)).toBe(true);
    expect(isZero(subtract(third, third))).toBe(true);
    expect(isZero(third)).toBe(false);
  });
});

describe("rounding and text", () => {
  it("rounds to integers with the given mode", () => {
    expect(roundToInteger(decimal(5, 2), "half-even")).toBe(2n);
    expect(roundToInteger(decimal(5, 2), "half-up")).toBe(3n);
    expect(roundToInteger(decimal(-5, 2), "floor")).toBe(-3n);
    expect(roundToInteger(decimal(-5, 2), "down")).toBe(-2n);
    expect(roundToInteger(decimal(7), "up")).toBe(7n);
  });

  it("writes fixed decimals", () => {
    expect(toFixedString(parseDecimal("0.0435"), 4, "half-even")).toBe("0.0435");
    expect(toFixedString(parseDecimal("0.0435"), 6, "half-even")).toBe("0.043500");
    expect(toFixedString(parseDecimal("0.0435"), 3, "half-even")).toBe("0.044");
    expect(toFixedString(parseDecimal("0.0445"), 3, "half-even")).toBe("0.044");
    expect(toFixedString(parseDecimal("0.0445"), 3, "half-up")).toBe("0.045");
    expect(toFixedString(decimal(2, 3), 4, "half-up")).toBe("0.6667");
    expect(toFixedString(decimal(-2, 3), 4, "down")).toBe("-0.6666");
    expect(toFixedString(decimal(-1, 1000), 2, "half-even")).toBe("0.00");
    expect(toFixedString(decimal(-1, 1000), 2, "floor")).toBe("-0.01");
    expect(toFixedString(decimal(1234), 0, "half-even")).toBe("1234");
    expect(toFixedString(decimal(-5, 2), 0, "half-up")).toBe("-3");
    expect(toFixedString(decimal(12), 2, "half-up")).toBe("12.00");
  });

  it("asserts on a bad number of fraction digits", () => {
    expect(() => toFixedString(ONE, -1, "half-up")).toThrow(/Assertion/);
    expect(() => toFixedString(ONE, 1.5, "half-up")).toThrow(/Assertion/);
    expect(() => toFixedString(ONE, fixedFractionDigitsMax + 1, "half-up")).toThrow(/Assertion/);
  });

  it("writes the shortest exact decimal", () => {
    expect(toCanonicalString(parseDecimal("0.043500"))).toBe("0.0435");
    expect(toCanonicalString(parseDecimal("12.000"))).toBe("12");
    expect(toCanonicalString(parseDecimal("-0.5"))).toBe("-0.5");
    expect(toCanonicalString(ZERO)).toBe("0");
    expect(toCanonicalString(decimal(1, 8))).toBe("0.125");
    expect(toCanonicalString(decimal(-1, 1024))).toBe("-0.0009765625");
    expect(toCanonicalString(decimal(3, 20))).toBe("0.15");
    expect(toCanonicalString(decimal(10n ** 30n + 1n, 10n ** 30n))).toBe(`1.${"0".repeat(29)}1`);
    // A value that was built by hand without normalizing is still written canonically.
    expect(toCanonicalString({ numerator: 6n, denominator: -12n })).toBe("-0.5");
  });

  it("asserts on values without a terminating expansion", () => {
    expect(() => toCanonicalString(decimal(1, 3))).toThrow(/no terminating decimal/);
    expect(() => toCanonicalString(decimal(1, 14))).toThrow(/no terminating decimal/);
  });

  it("converts to and from minor units", () => {
    expect(fields(fromMinor(123_450n, 2))).toEqual([2469n, 2n]);
    expect(fields(fromMinor(-5n, 3))).toEqual([-1n, 200n]);
    expect(fields(fromMinor(7n, 0))).toEqual([7n, 1n]);
    expect(toMinor(parseDecimal("1234.565"), 2, "half-even")).toBe(123_456n);
    expect(toMinor(parseDecimal("1234.565"), 2, "half-up")).toBe(123_457n);
    expect(toMinor(decimal(1, 3), 0, "up")).toBe(1n);
    expect(() => fromMinor(1n, -1)).toThrow(/Assertion/);
    expect(() => toMinor(ONE, 0.5, "up")).toThrow(/Assertion/);
  });

  it("approximates as a number for display", () => {
    expect(toNumberApprox(parseDecimal("0.0435"))).toBe(0.0435);
    expect(toNumberApprox(decimal(1, 3))).toBe(1 / 3);
    expect(toNumberApprox(decimal(-2, 3))).toBe(-2 / 3);
    expect(toNumberApprox(ZERO)).toBe(0);
    expect(toNumberApprox(decimal(12_345))).toBe(12_345);
    expect(toNumberApprox(decimal(10n ** 400n, 3n * 10n ** 399n))).toBeCloseTo(10 / 3, 14);
    expect(toNumberApprox(decimal(1n, 10n ** 30n))).toBe(1e-30);
    expect(toNumberApprox(decimal(10n ** 30n))).toBe(1e30);
  });
});
