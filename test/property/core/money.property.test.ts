import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { currencyCodes, currencyScale } from "../../../src/core/currency.ts";
import { decimal, multiply, parseDecimal, roundToInteger } from "../../../src/core/decimal.ts";
import {
  add,
  allocate,
  allocateMoney,
  compare,
  formatMoney,
  type Money,
  money,
  multiplyByDecimal,
  negate,
  parseMinor,
  parseMoney,
  splitEvenly,
  subtract,
  sum,
} from "../../../src/core/money.ts";
import { divideRounded, roundingModes } from "../../../src/core/rounding.ts";

const run = { numRuns: 1_000 };
const amounts = fc.oneof(
  fc.bigInt({ min: -100_000n, max: 100_000n }),
  fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }),
);
const currencies = fc.constantFrom(...currencyCodes);
const monies = fc.tuple(amounts, currencies).map(([amountMinor, currency]) => money(amountMinor, currency));
const sameCurrencyPair = fc
  .tuple(amounts, amounts, currencies)
  .map(([a, b, currency]): readonly [Money, Money] => [money(a, currency), money(b, currency)]);
const weightLists = fc
  .array(fc.oneof(fc.bigInt({ min: 0n, max: 10n }), fc.bigInt({ min: 0n, max: 10n ** 12n })), {
    minLength: 1,
    maxLength: 30,
  })
  .filter((weights) => weights.some((weight) => weight > 0n));

describe("allocate properties", () => {
  it("parts sum to the total, each within one unit of its exact share", () => {
    fc.assert(
      fc.property(amounts, weightLists, (total, weights) => {
        const parts = allocate(total, weights);
        const weightTotal = weights.reduce((accumulated, weight) => accumulated + weight, 0n);
        expect(parts).toHaveLength(weights.length);
        expect(parts.reduce((accumulated, part) => accumulated + part, 0n)).toBe(total);
        parts.forEach((part, index) => {
          const weight = weights[index] ?? 0n;
          // |part − total·w/W| < 1  ⇔  |part·W − total·w| < W
          const error = part * weightTotal - total * weight;
          expect(error < 0n ? -error : error).toBeLessThan(weightTotal);
          if (weight === 0n) expect(part).toBe(0n);
          // Never on the other side of zero from the total.
          expect(total >= 0n ? part >= 0n : part <= 0n).toBe(true);
        });
      }),
      run,
    );
  });

  it("mirrors negative totals and keeps the currency", () => {
    fc.assert(
      fc.property(amounts, weightLists, currencies, (total, weights, currency) => {
        expect(allocate(-total, weights)).toEqual(allocate(total, weights).map((part) => -part));
        const parts = allocateMoney(money(total, currency), weights);
        expect(sum(parts, currency)).toEqual(money(total, currency));
      }),
      run,
    );
  });

  it("splitEvenly sums to the total with parts at most one apart, larger ones first", () => {
    fc.assert(
      fc.property(amounts, fc.integer({ min: 1, max: 400 }), (total, count) => {
        const parts = splitEvenly(total, count);
        expect(parts).toHaveLength(count);
        expect(parts.reduce((accumulated, part) => accumulated + part, 0n)).toBe(total);
        const magnitudes = parts.map((part) => (part < 0n ? -part : part));
        const steps = magnitudes.slice(1).map((magnitude, index) => (magnitudes[index] ?? 0n) - magnitude);
        expect(steps.every((step) => step === 0n || step === 1n)).toBe(true);
        expect((magnitudes[0] ?? 0n) - (magnitudes.at(-1) ?? 0n) <= 1n).toBe(true);
        expect(parts).toEqual(allocate(total, new Array<bigint>(count).fill(1n)));
      }),
      run,
    );
  });
});

describe("text round trips", () => {
  it("parseMoney(formatMoney(m)) is m", () => {
    fc.assert(
      fc.property(monies, (m) => {
        expect(parseMoney(formatMoney(m), m.currency)).toEqual(m);
      }),
      run,
    );
  });

  it("formatMoney writes exactly the currency's decimals", () => {
    fc.assert(
      fc.property(monies, (m) => {
        const scale = currencyScale(m.currency);
        const [, fraction] = formatMoney(m).split(".");
        expect(fraction?.length ?? 0).toBe(scale);
      }),
      run,
    );
  });

  it("rounding while parsing equals rounding the exact value once", () => {
    const texts = fc.stringMatching(/^-?[0-9]{1,12}\.[0-9]{1,20}$/);
    fc.assert(
      fc.property(texts, currencies, fc.constantFrom(...roundingModes), (text, currency, mode) => {
        const scale = currencyScale(currency);
        const exactMinor = multiply(parseDecimal(text), decimal(10n ** BigInt(scale)));
        expect(parseMinor(text, currency, { rounding: mode })).toBe(roundToInteger(exactMinor, mode));
      }),
      run,
    );
  });
});

describe("arithmetic laws", () => {
  it("subtract undoes add, and add commutes", () => {
    fc.assert(
      fc.property(sameCurrencyPair, ([a, b]) => {
        expect(subtract(add(a, b), b)).toEqual(a);
        expect(add(subtract(a, b), b)).toEqual(a);
        expect(add(a, b)).toEqual(add(b, a));
        expect(subtract(a, b)).toEqual(negate(subtract(b, a)));
      }),
      run,
    );
  });

  it("compare is antisymmetric and agrees with subtraction", () => {
    fc.assert(
      fc.property(sameCurrencyPair, ([a, b]) => {
        expect(compare(a, b)).toBe(-compare(b, a) || 0);
        const difference = subtract(a, b).amountMinor;
        expect(compare(a, b)).toBe(difference < 0n ? -1 : difference > 0n ? 1 : 0);
      }),
      run,
    );
  });

  it("multiplyByDecimal lies between the floor and the ceiling of the exact product", () => {
    const factors = fc
      .tuple(fc.bigInt({ min: -(10n ** 9n), max: 10n ** 9n }), fc.bigInt({ min: 1n, max: 10n ** 9n }))
      .map(([n, d]) => decimal(n, d));
    fc.assert(
      fc.property(monies, factors, fc.constantFrom(...roundingModes), (m, factor, mode) => {
        const result = multiplyByDecimal(m, factor, mode).amountMinor;
        const exactNumerator = m.amountMinor * factor.numerator;
        const floor = divideRounded(exactNumerator, factor.denominator, "floor");
        const ceiling = divideRounded(exactNumerator, factor.denominator, "ceiling");
        expect(result >= floor && result <= ceiling).toBe(true);
      }),
      run,
    );
  });
});
