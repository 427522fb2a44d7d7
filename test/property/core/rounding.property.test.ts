import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { divideRounded, type RoundingMode, roundingModes } from "../../../src/core/rounding.ts";

const numerators = fc.oneof(
  fc.bigInt({ min: -1000n, max: 1000n }),
  fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }),
);
const denominators = fc
  .oneof(fc.bigInt({ min: -50n, max: 50n }), fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }))
  .filter((d) => d !== 0n);
const modes = fc.constantFrom(...roundingModes);

/** Sign of (r − n/d), computed exactly by cross-multiplying with a positive denominator. */
function signOfError(r: bigint, n: bigint, d: bigint): -1 | 0 | 1 {
  const difference = d > 0n ? r * d - n : n - r * d;
  return difference < 0n ? -1 : difference > 0n ? 1 : 0;
}

/** |r − n/d| scaled by 2|d|, compared with |d|: -1 when the error is below one half. */
function errorAgainstHalf(r: bigint, n: bigint, d: bigint): -1 | 0 | 1 {
  const magnitude = d > 0n ? r * d - n : n - r * d;
  const twice = 2n * (magnitude < 0n ? -magnitude : magnitude);
  const absoluteDenominator = d < 0n ? -d : d;
  return twice < absoluteDenominator ? -1 : twice > absoluteDenominator ? 1 : 0;
}

const run = { numRuns: 2_000 };

describe("divideRounded properties", () => {
  it("floor ≤ exact ≤ ceiling, one apart unless exact", () => {
    fc.assert(
      fc.property(numerators, denominators, (n, d) => {
        const floor = divideRounded(n, d, "floor");
        const ceiling = divideRounded(n, d, "ceiling");
        expect(signOfError(floor, n, d)).toBeLessThanOrEqual(0);
        expect(signOfError(ceiling, n, d)).toBeGreaterThanOrEqual(0);
        expect(ceiling - floor).toBe(n % d === 0n ? 0n : 1n);
      }),
      run,
    );
  });

  it("every mode lands on the floor or the ceiling, within one unit of the exact quotient", () => {
    fc.assert(
      fc.property(numerators, denominators, modes, (n, d, mode) => {
        const result = divideRounded(n, d, mode);
        const floor = divideRounded(n, d, "floor");
        expect([floor, floor + (n % d === 0n ? 0n : 1n)]).toContain(result);
      }),
      run,
    );
  });

  it("down never moves away from zero and up never toward it", () => {
    fc.assert(
      fc.property(numerators, denominators, (n, d) => {
        const down = divideRounded(n, d, "down");
        const up = divideRounded(n, d, "up");
        const positive = n > 0n === d > 0n;
        expect(down).toBe(positive ? divideRounded(n, d, "floor") : divideRounded(n, d, "ceiling"));
        expect(up).toBe(positive ? divideRounded(n, d, "ceiling") : divideRounded(n, d, "floor"));
      }),
      run,
    );
  });

  it("half modes are within one half, and differ only on ties", () => {
    fc.assert(
      fc.property(numerators, denominators, (n, d) => {
        const halfModes: ReadonlyArray<RoundingMode> = ["half-up", "half-down", "half-even"];
        const results = halfModes.map((mode) => divideRounded(n, d, mode));
        for (const result of results) expect(errorAgainstHalf(result, n, d)).toBeLessThanOrEqual(0);
        const [halfUp, halfDown, halfEven] = results;
        const tie = errorAgainstHalf(divideRounded(n, d, "floor"), n, d) === 0;
        if (!tie) {
          expect(halfUp).toBe(halfDown);
          expect(halfUp).toBe(halfEven);
        } else {
          expect(halfUp).toBe(divideRounded(n, d, "up"));
          expect(halfDown).toBe(divideRounded(n, d, "down"));
          expect((halfEven ?? 1n) % 2n).toBe(0n);
        }
      }),
      run,
    );
  });

  it("is symmetric under negation", () => {
    const mirror: Record<RoundingMode, RoundingMode> = {
      "half-even": "half-even",
      "half-up": "half-up",
      "half-down": "half-down",
      up: "up",
      down: "down",
      ceiling: "floor",
      floor: "ceiling",
    };
    fc.assert(
      fc.property(numerators, denominators, modes, (n, d, mode) => {
        expect(divideRounded(-n, d, mode)).toBe(-divideRounded(n, d, mirror[mode]));
        expect(divideRounded(n, -d, mode)).toBe(divideRounded(-n, d, mode));
      }),
      run,
    );
  });
});
