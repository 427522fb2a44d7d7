import { describe, expect, it } from "vitest";
import { collectionEffectivenessIndex, ratioPercent } from "../../../src/domain/collections/index.ts";

describe("collection effectiveness", () => {
  it("computes CEI from the period's receivables and sales", () => {
    // A hand-worked month: 100,000.00 owed at the start, 50,000.00 billed, 60,000.00 owed at the
    // end of which 40,000.00 not yet due: (100,000 + 50,000 − 60,000) / (100,000 + 50,000 − 40,000)
    // = 90,000 / 110,000 = 81.8 %.
    expect(
      collectionEffectivenessIndex({
        beginningMinor: 10_000_000n,
        creditSalesMinor: 5_000_000n,
        endingTotalMinor: 6_000_000n,
        endingCurrentMinor: 4_000_000n,
      }),
    ).toBe(81.8);
    // Everything collected that could be: 100.
    expect(
      collectionEffectivenessIndex({
        beginningMinor: 100n,
        creditSalesMinor: 50n,
        endingTotalMinor: 30n,
        endingCurrentMinor: 30n,
      }),
    ).toBe(100);
    expect(
      collectionEffectivenessIndex({
        beginningMinor: 0n,
        creditSalesMinor: 0n,
        endingTotalMinor: 0n,
        endingCurrentMinor: 0n,
      }),
    ).toBeNull();
  });

  it("rounds ratios half up to one decimal", () => {
    expect(ratioPercent(1n, 3n)).toBe(33.3);
    expect(ratioPercent(2n, 3n)).toBe(66.7);
    expect(ratioPercent(5n, 0n)).toBeNull();
  });
});
