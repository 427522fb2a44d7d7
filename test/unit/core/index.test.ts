import { describe, expect, it } from "vitest";
import * as currency from "../../../src/core/currency.ts";
import * as dates from "../../../src/core/dates.ts";
import * as decimal from "../../../src/core/decimal.ts";
import * as errors from "../../../src/core/errors.ts";
import * as ids from "../../../src/core/ids.ts";
import * as core from "../../../src/core/index.ts";
import * as money from "../../../src/core/money.ts";
import * as rounding from "../../../src/core/rounding.ts";

describe("core index", () => {
  it("re-exports every export of the money, rounding, currency, date, id and error modules", () => {
    for (const module of [currency, dates, errors, ids, money, rounding]) {
      for (const [name, value] of Object.entries(module)) {
        expect(core[name as keyof typeof core], name).toBe(value);
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
      expect(core[exported as keyof typeof core], exported).toBe(value);
    }
  });

  it("keeps the short arithmetic names for money", () => {
    expect(core.add).toBe(money.add);
    expect(core.compare).toBe(money.compare);
    expect(core.isZero).toBe(money.isZero);
  });
});
