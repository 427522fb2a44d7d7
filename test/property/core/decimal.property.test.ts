import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  add,
  compare,
  type Decimal,
  decimal,
  divide,
  isZero,
  multiply,
  negate,
  ONE,
  parseDecimal,
  power,
  subtract,
  toCanonicalString,
  toFixedString,
  toNumberApprox,
  ZERO,
} from "../../../src/core/decimal.ts";
import { roundingModes } from "../../../src/core/rounding.ts";

const run = { numRuns: 1_000 };
const decimals = fc
  .tuple(
    fc.oneof(fc.bigInt({ min: -100n, max: 100n }), fc.bigInt({ min: -(10n ** 24n), max: 10n ** 24n })),
    fc.oneof(fc.bigInt({ min: -100n, max: 100n }), fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n })),
  )
  .filter(([, d]) => d !== 0n)
  .map(([n, d]) => decimal(n, d));
const nonZero = decimals.filter((x) => !isZero(x));
/** Values with a terminating decimal expansion: n / (2^i · 5^j). */
const terminating = fc
  .tuple(fc.bigInt({ min: -(10n ** 18n), max: 10n ** 18n }), fc.nat(20), fc.nat(20))
  .map(([n, twos, fives]) => decimal(n, 2n ** BigInt(twos) * 5n ** BigInt(fives)));

function greatestCommonDivisor(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

function expectNormalized(x: Decimal): void {
  expect(x.denominator > 0n).toBe(true);
  expect(greatestCommonDivisor(x.numerator, x.denominator)).toBe(1n);
}

describe("decimal arithmetic laws", () => {
  it("results are normalized", () => {
    fc.assert(
      fc.property(decimals, nonZero, (a, b) => {
        for (const result of [add(a, b), subtract(a, b), multiply(a, b), divide(a, b), negate(a)]) {
          expectNormalized(result);
        }
      }),
      run,
    );
  });

  it("addition and multiplication commute and associate", () => {
    fc.assert(
      fc.property(decimals, decimals, decimals, (a, b, c) => {
        expect(add(a, b)).toEqual(add(b, a));
        expect(multiply(a, b)).toEqual(multiply(b, a));
        expect(add(add(a, b), c)).toEqual(add(a, add(b, c)));
        expect(multiply(multiply(a, b), c)).toEqual(multiply(a, multiply(b, c)));
        expect(multiply(a, add(b, c))).toEqual(add(multiply(a, b), multiply(a, c)));
      }),
      run,
    );
  });

  it("(a / b) · b = a and (a − b) + b = a, with identities ONE and ZERO", () => {
    fc.assert(
      fc.property(decimals, nonZero, (a, b) => {
        expect(multiply(divide(a, b), b)).toEqual(a);
        expect(add(subtract(a, b), b)).toEqual(a);
        expect(multiply(a, ONE)).toEqual(a);
        expect(add(a, ZERO)).toEqual(a);
        expect(add(a, negate(a))).toEqual(ZERO);
        expect(divide(b, b)).toEqual(ONE);
      }),
      run,
    );
  });

  it("compare agrees with the sign of the difference and is antisymmetric", () => {
    fc.assert(
      fc.property(decimals, decimals, (a, b) => {
        const difference = subtract(a, b).numerator;
        expect(compare(a, b)).toBe(difference < 0n ? -1 : difference > 0n ? 1 : 0);
        expect(compare(a, b)).toBe(-compare(b, a) || 0);
      }),
      run,
    );
  });

  it("powers add their exponents and cancel with negative exponents", () => {
    const smallNonZero = fc
      .tuple(fc.bigInt({ min: -1000n, max: 1000n }), fc.bigInt({ min: 1n, max: 1000n }))
      .filter(([n]) => n !== 0n)
      .map(([n, d]) => decimal(n, d));
    fc.assert(
      fc.property(
        smallNonZero,
        fc.integer({ min: -12, max: 12 }),
        fc.integer({ min: -12, max: 12 }),
        (x, m, n) => {
          const product = multiply(power(x, m), power(x, n));
          expect(power(x, m + n)).toEqual(product);
          expectNormalized(power(x, m));
          expect(multiply(power(x, n), power(x, -n))).toEqual(ONE);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("decimal text", () => {
  it("parseDecimal(toCanonicalString(x)) is x for terminating values", () => {
    fc.assert(
      fc.property(terminating, (x) => {
        const text = toCanonicalString(x);
        expect(parseDecimal(text)).toEqual(x);
        // Shortest: no trailing zero after the point.
        expect(text).not.toMatch(/\.[0-9]*0$/);
      }),
      run,
    );
  });

  it("toFixedString is within half a unit in the last place for half modes, one unit otherwise", () => {
    fc.assert(
      fc.property(
        decimals,
        fc.integer({ min: 0, max: 12 }),
        fc.constantFrom(...roundingModes),
        (x, digits, mode) => {
          const written = parseDecimal(toFixedString(x, digits, mode));
          const unit = decimal(1n, 10n ** BigInt(digits));
          const error = subtract(written, x);
          const absoluteError = error.numerator < 0n ? negate(error) : error;
          const bound = mode.startsWith("half-") ? multiply(unit, decimal(1, 2)) : unit;
          expect(compare(absoluteError, bound)).toBeLessThanOrEqual(mode.startsWith("half-") ? 0 : -1);
        },
      ),
      run,
    );
  });

  it("toNumberApprox is close to the quotient of the parts", () => {
    const safe = fc
      .tuple(fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), fc.integer({ min: 1, max: 2 ** 40 }))
      .map(([n, d]) => [decimal(n, d), n / d] as const);
    fc.assert(
      fc.property(safe, ([x, quotient]) => {
        const approx = toNumberApprox(x);
        expect(Math.abs(approx - quotient)).toBeLessThanOrEqual(Math.abs(quotient) * 1e-15);
      }),
      run,
    );
  });
});
