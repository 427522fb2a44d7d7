import { describe, expect, it } from "vitest";
import { decimal, parseDecimal } from "../../../src/core/decimal.ts";
import { altmanZ, altmanZone } from "../../../src/domain/credit/index.ts";
import { emptyStatement, insolvent, soundHalfYear, soundYear } from "./statements.ts";

const d = parseDecimal;

describe("Altman Z'' (Altman 1995/2000, non-manufacturing and private firms)", () => {
  it("a sound year, by hand", () => {
    // X1 = (6,000,000 − 4,000,000) / 15,000,000 = 2/15
    // X2 = 2,400,000 / 15,000,000 = 0.16
    // X3 = 1,800,000 / 15,000,000 = 0.12
    // X4 = 6,000,000 / 9,000,000 = 2/3
    // Z'' = 6.56·2/15 + 3.26·0.16 + 6.72·0.12 + 1.05·2/3
    //     = 13.12/15 + 0.5216 + 0.8064 + 0.7 = (13.12 + 30.42)/15 = 43.54/15 = 2177/750 ≈ 2.9027 > 2.60
    expect(altmanZ(soundYear)).toEqual({
      score: decimal(2177, 750),
      zone: "safe",
      components: { x1: decimal(2, 15), x2: d("0.16"), x3: d("0.12"), x4: decimal(2, 3) },
    });
  });

  it("annualizes EBIT: a half-year with half the profit scores like the year", () => {
    // X3 = 900,000 × 12/6 / 15,000,000 = 0.12, as for the year.
    expect(altmanZ(soundHalfYear)).toEqual(altmanZ(soundYear));
  });

  it("negative equity and retained earnings lower the score into distress", () => {
    // X1 = (3,000,000 − 5,000,000) / 10,000,000 = −0.2;  X2 = −4,000,000 / 10,000,000 = −0.4
    // X3 = −500,000 / 10,000,000 = −0.05;                X4 = −2,000,000 / 12,000,000 = −1/6
    // Z'' = −1.312 − 1.304 − 0.336 − 0.175 = −3.127
    expect(altmanZ(insolvent)).toEqual({
      score: d("-3.127"),
      zone: "distress",
      components: { x1: d("-0.2"), x2: d("-0.4"), x3: d("-0.05"), x4: decimal(-1, 6) },
    });
  });

  it("is not meaningful with a missing item, and names the items", () => {
    expect(altmanZ({ ...soundYear, retainedEarnings: null, equity: null })).toEqual({
      score: null,
      reason: "MISSING",
      missing: ["retainedEarnings", "equity"],
    });
    expect(altmanZ(emptyStatement)).toMatchObject({ score: null, reason: "MISSING" });
    // Cash, receivables, revenue and the rest are not in the model: their absence does not matter.
    expect(altmanZ({ ...soundYear, cash: null, revenue: null, interestExpense: null }).score).toEqual(
      decimal(2177, 750),
    );
  });

  it("is not meaningful with zero or negative total assets or liabilities", () => {
    expect(altmanZ({ ...soundYear, totalAssets: 0n })).toMatchObject({
      score: null,
      reason: "ZERO_DENOMINATOR",
    });
    // No liabilities at all: X4 = equity / 0 has no value, however strong the firm.
    expect(altmanZ({ ...soundYear, totalLiabilities: 0n })).toMatchObject({
      score: null,
      reason: "ZERO_DENOMINATOR",
    });
    expect(altmanZ({ ...soundYear, totalAssets: -1n })).toMatchObject({
      score: null,
      reason: "NEGATIVE_DENOMINATOR",
    });
    expect(altmanZ({ ...soundYear, months: 0 })).toMatchObject({
      score: null,
      reason: "MISSING",
      missing: [],
    });
  });

  it("zones: above 2.60 safe, 1.10 to 2.60 grey (both ends included), below 1.10 distress", () => {
    expect(altmanZone(d("2.6000001"))).toBe("safe");
    expect(altmanZone(d("2.60"))).toBe("grey");
    expect(altmanZone(d("1.10"))).toBe("grey");
    expect(altmanZone(d("1.0999999"))).toBe("distress");
    expect(altmanZone(d("-3"))).toBe("distress");
  });
});
