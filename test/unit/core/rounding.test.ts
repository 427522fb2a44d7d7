import { describe, expect, it } from "vitest";
import {
  divideRounded,
  isRoundingMode,
  type RoundingMode,
  roundingModes,
} from "../../../src/core/rounding.ts";

// The table in the Java SE documentation of java.math.RoundingMode ("Summary of Rounding
// Operations Under Different Rounding Modes"); input is tenths, so 55 means 5.5.
// Columns: up, down, ceiling, floor, half-up, half-down, half-even.
const javaRoundingModeTable: ReadonlyArray<readonly [bigint, ReadonlyArray<bigint>]> = [
  [55n, [6n, 5n, 6n, 5n, 6n, 5n, 6n]],
  [25n, [3n, 2n, 3n, 2n, 3n, 2n, 2n]],
  [16n, [2n, 1n, 2n, 1n, 2n, 2n, 2n]],
  [11n, [2n, 1n, 2n, 1n, 1n, 1n, 1n]],
  [10n, [1n, 1n, 1n, 1n, 1n, 1n, 1n]],
  [-10n, [-1n, -1n, -1n, -1n, -1n, -1n, -1n]],
  [-11n, [-2n, -1n, -1n, -2n, -1n, -1n, -1n]],
  [-16n, [-2n, -1n, -1n, -2n, -2n, -2n, -2n]],
  [-25n, [-3n, -2n, -2n, -3n, -3n, -2n, -2n]],
  [-55n, [-6n, -5n, -5n, -6n, -6n, -5n, -6n]],
];
const tableModes: ReadonlyArray<RoundingMode> = [
  "up",
  "down",
  "ceiling",
  "floor",
  "half-up",
  "half-down",
  "half-even",
];

describe("divideRounded", () => {
  for (const [tenths, expected] of javaRoundingModeTable) {
    tableModes.forEach((mode, column) => {
      const want = expected[column];
      it(`${tenths}/10 with ${mode} is ${want}`, () => {
        expect(divideRounded(tenths, 10n, mode)).toBe(want);
        // The same quotient written with a negative denominator, and scaled up.
        expect(divideRounded(-tenths, -10n, mode)).toBe(want);
        expect(divideRounded(tenths * 1_000_003n, 10_000_030n, mode)).toBe(want);
      });
    });
  }

  it("handles a positive numerator over a negative denominator", () => {
    // 7 / -2 = -3.5
    const expected: Record<RoundingMode, bigint> = {
      up: -4n,
      down: -3n,
      ceiling: -3n,
      floor: -4n,
      "half-up": -4n,
      "half-down": -3n,
      "half-even": -4n,
    };
    for (const mode of roundingModes) expect(divideRounded(7n, -2n, mode)).toBe(expected[mode]);
  });

  it("rounds ties to the even neighbour with half-even on both sides of zero", () => {
    expect(divideRounded(1n, 2n, "half-even")).toBe(0n);
    expect(divideRounded(3n, 2n, "half-even")).toBe(2n);
    expect(divideRounded(-1n, 2n, "half-even")).toBe(0n);
    expect(divideRounded(-3n, 2n, "half-even")).toBe(-2n);
    expect(divideRounded(-5n, 2n, "half-even")).toBe(-2n);
  });

  it("treats a remainder just below or above one half correctly with odd denominators", () => {
    // 1/3 and 2/3 are never ties.
    for (const mode of ["half-up", "half-down", "half-even"] as const) {
      expect(divideRounded(1n, 3n, mode)).toBe(0n);
      expect(divideRounded(2n, 3n, mode)).toBe(1n);
      expect(divideRounded(-2n, 3n, mode)).toBe(-1n);
    }
  });

  it("returns exact quotients unchanged in every mode", () => {
    for (const mode of roundingModes) {
      expect(divideRounded(0n, 7n, mode)).toBe(0n);
      expect(divideRounded(0n, -7n, mode)).toBe(0n);
      expect(divideRounded(-42n, 7n, mode)).toBe(-6n);
      expect(divideRounded(42n, -7n, mode)).toBe(-6n);
    }
  });

  it("is exact far beyond the range of doubles", () => {
    const big = 10n ** 40n + 5n;
    expect(divideRounded(big, 10n, "half-up")).toBe(10n ** 39n + 1n);
    expect(divideRounded(big, 10n, "half-even")).toBe(10n ** 39n);
    expect(divideRounded(-big, 10n, "floor")).toBe(-(10n ** 39n) - 1n);
  });

  it("asserts on a zero denominator", () => {
    expect(() => divideRounded(1n, 0n, "half-even")).toThrow(/Assertion failed/);
  });

  it("asserts on an unknown mode", () => {
    expect(() => divideRounded(1n, 3n, "nearest" as RoundingMode)).toThrow(/unknown rounding mode/);
  });
});

describe("roundingModes", () => {
  it("lists the seven modes once each", () => {
    expect([...roundingModes].sort()).toEqual([
      "ceiling",
      "down",
      "floor",
      "half-down",
      "half-even",
      "half-up",
      "up",
    ]);
    expect(Object.isFrozen(roundingModes)).toBe(true);
  });

  it("recognizes modes with isRoundingMode", () => {
    for (const mode of roundingModes) expect(isRoundingMode(mode)).toBe(true);
    expect(isRoundingMode("HALF_UP")).toBe(false);
    expect(isRoundingMode("")).toBe(false);
    expect(isRoundingMode(undefined)).toBe(false);
  });
});
