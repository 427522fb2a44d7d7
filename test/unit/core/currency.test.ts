import { describe, expect, it } from "vitest";
import { currencyCodes, currencyScale, isCurrencyCode } from "../../../src/core/currency.ts";
import { appErrorCode } from "./support.ts";

// ISO 4217 list one, "minor unit" column.
const isoScales: ReadonlyArray<readonly [string, number]> = [
  ["CNY", 2],
  ["USD", 2],
  ["EUR", 2],
  ["GBP", 2],
  ["HKD", 2],
  ["JPY", 0],
  ["KRW", 0],
  ["TWD", 2],
  ["SGD", 2],
  ["CHF", 2],
  ["AUD", 2],
  ["CAD", 2],
  ["MOP", 2],
  ["BHD", 3],
  ["KWD", 3],
  ["JOD", 3],
  ["OMR", 3],
  ["TND", 3],
  ["CLF", 4],
  ["VND", 0],
  ["ISK", 0],
];

describe("currencyScale", () => {
  for (const [code, scale] of isoScales) {
    it(`${code} has ${scale} decimals`, () => {
      expect(currencyScale(code)).toBe(scale);
    });
  }

  for (const bad of ["", "cny", "Cny", "CN", "CNYY", " CNY", "CNY ", "XXX", "ABC", "123", "XAU", "人民币"]) {
    it(`rejects ${JSON.stringify(bad)} with INVALID_CURRENCY`, () => {
      expect(appErrorCode(() => currencyScale(bad))).toBe("INVALID_CURRENCY");
    });
  }

  it("rejects names of Object.prototype members", () => {
    expect(appErrorCode(() => currencyScale("__proto__"))).toBe("INVALID_CURRENCY");
    expect(appErrorCode(() => currencyScale("constructor"))).toBe("INVALID_CURRENCY");
  });

  it("rejects values that are not text", () => {
    expect(appErrorCode(() => currencyScale(undefined as unknown as string))).toBe("INVALID_CURRENCY");
    expect(appErrorCode(() => currencyScale(156 as unknown as string))).toBe("INVALID_CURRENCY");
  });
});

describe("isCurrencyCode", () => {
  it("accepts supported codes and rejects everything else", () => {
    expect(isCurrencyCode("CNY")).toBe(true);
    expect(isCurrencyCode("BHD")).toBe(true);
    expect(isCurrencyCode("cny")).toBe(false);
    expect(isCurrencyCode("XXX")).toBe(false);
    expect(isCurrencyCode(null)).toBe(false);
  });
});

describe("currencyCodes", () => {
  it("is sorted, unique, frozen, well formed and includes every required code", () => {
    expect([...currencyCodes].sort()).toEqual(currencyCodes);
    expect(new Set(currencyCodes).size).toBe(currencyCodes.length);
    expect(Object.isFrozen(currencyCodes)).toBe(true);
    for (const code of currencyCodes) {
      expect(code).toMatch(/^[A-Z]{3}$/);
      expect([0, 2, 3, 4]).toContain(currencyScale(code));
    }
    for (const [code] of isoScales) expect(currencyCodes).toContain(code);
  });
});
