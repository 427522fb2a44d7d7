import { describe, expect, it } from "vitest";
import { compare, decimal, parseDecimal } from "../../../src/core/decimal.ts";
import { parseMinor, stringifyMinor } from "../../../src/services/minor-json.ts";

describe("minor JSON", () => {
  it("round-trips amounts under *Minor keys and exact decimals, and leaves other text alone", () => {
    const third = decimal(1n, 3n);
    const record = {
      limitMinor: 123_456_789_012_345_678n,
      capMinor: null,
      rate: "0.0435",
      code: "123",
      state: { feeRatePerPeriod: third, chargedMinor: -5n },
    };
    const back = parseMinor<typeof record>(stringifyMinor(record));
    expect(back.limitMinor).toBe(123_456_789_012_345_678n);
    expect(back.capMinor).toBeNull();
    expect(back.rate).toBe("0.0435");
    expect(back.code).toBe("123");
    expect(back.state.chargedMinor).toBe(-5n);
    expect(compare(back.state.feeRatePerPeriod, third)).toBe(0);
    expect(compare(back.state.feeRatePerPeriod, parseDecimal("0.3333"))).toBe(1);
  });
});
