import { describe, expect, it } from "vitest";
import * as currency from "../../../src/core/currency.ts";
import * as dates from "../../../src/core/dates.ts";
import * as decimal from "../../../src/core/decimal.ts";
import * as errors from "../../../src/core/errors.ts";
import * as ids from "../../../src/core/ids.ts";
import * as core from "../../../src/core/index.ts";
import * as money from "../../../src/core/money.ts";
import * as rounding from "../../../src/core/rounding.ts";

// The index as a plain map of name → export, so every export can be checked by name.
const coreExports: ReadonlyMap<string, unknown> = new Map(Object.entries(core));

describe("core index", () => {
  it("re-exports every export of the money, rounding, currency, date, id and error modules", () => {
    for (const module of [currency, dates, errors, ids, money, rounding]) {
      for (const [name, value] of Object.entries(module)) {
        expect(coreExports.get(name), name).toBe(value);
      }
    }
  });

  it("re-exports every decimal export, with a Decimal suffix where money has the same name", () => {
    const renamed: Record<string, string> = {
      add: "addDecimal",
      subtract: "subtractDecimal",
      multiply: "multiplyDecimal",
      divide: "divideDecimal",
      negate: "negateDecimal",
      power: "powerDecimal",
      compare: "compareDecimal",
      isZero: "isZeroDecimal",
    };
    for (const [name, value] of Object.entries(decimal)) {
      const exported = renamed[name] ?? name;
      expect(coreExports.get(exported), exported).toBe(value);
    }
  });

  it("keeps the short arithmetic names for money", () => {
    expect(core.add).toBe(money.add);
    expect(core.compare).toBe(money.compare);
    expect(core.isZero).toBe(money.isZero);
  });
});
