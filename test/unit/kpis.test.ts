import { describe, expect, it } from "vitest";
import { decimal } from "../../src/core/decimal.ts";
import {
  averageDaysDelinquent,
  bestPossibleDso,
  collectionEffectiveness,
  concentrationOf,
  dsoAverage,
  dsoCountback,
  hhiReading,
  kpiDaysText,
  kpiIndexText,
  kpiRatioText,
  overdueRatio,
  receivablesTurnover,
  structureBy,
  turnoverDays,
} from "../../src/domain/receivables/index.ts";

/** Whole currency units to minor units (分). */
const yuan = (amount: number) => BigInt(amount) * 100n;

describe("DSO, countback method", () => {
  it("matches the published worked example", () => {
    // Benji Pays, "Mastering DSO Calculation: The Count-Back Method Explained" (2 Apr 2024),
    // https://support.benjipays.com/support/solutions/articles/150000179580, repeated in Mesha,
    // "The 2 DSO Calculation Formulas: Simple vs Countback Method Explained": ending receivables
    // $212,000; credit sales month 3 $100,000, month 2 $80,000, month 1 $70,000, 30-day months.
    // 212,000 − 100,000 = 112,000 (30 days); − 80,000 = 32,000 (30 days); 32,000 / 70,000 of
    // month 1 = 13.714 days; DSO = 73.714 → "73.7".
    const result = dsoCountback(yuan(212_000), [
      { days: 30, creditSalesMinor: yuan(100_000) },
      { days: 30, creditSalesMinor: yuan(80_000) },
      { days: 30, creditSalesMinor: yuan(70_000) },
    ]);
    expect(result.complete).toBe(true);
    expect(result.days).toEqual(decimal(60 * 7 + 96, 7)); // 60 + 30 × 32/70 = 516/7
    expect(kpiDaysText(result.days)).toBe("73.7");
  });

  it("counts a partial current month, a month without sales whole, and says when history runs out", () => {
    // Hand-worked: as of 23 Nov the month to date has 23 days and 50,000 of sales; October (31
    // days) had none; September (30 days) 100,000. Balance 120,000: 23 days use 50,000, October
    // is used up whole (nothing billed in it is open), September covers 70,000 of 100,000 = 21
    // days. DSO = 23 + 31 + 21 = 75.
    const segments = [
      { days: 23, creditSalesMinor: yuan(50_000) },
      { days: 31, creditSalesMinor: 0n },
      { days: 30, creditSalesMinor: yuan(100_000) },
    ];
    const full = dsoCountback(yuan(120_000), segments);
    expect(full).toEqual({ days: decimal(75), complete: true });
    // 200,000 outlasts the 150,000 of history: 84 days is only a lower bound.
    expect(dsoCountback(yuan(200_000), segments)).toEqual({ days: decimal(84), complete: false });
    // Nothing owed (or a credit balance): 0 days.
    expect(dsoCountback(0n, segments)).toEqual({ days: decimal(0), complete: true });
    expect(dsoCountback(-5n, segments).days).toEqual(decimal(0));
    // A balance exactly equal to the newest month's sales is that month's days.
    expect(dsoCountback(yuan(50_000), segments).days).toEqual(decimal(23));
  });
});

describe("DSO, average method, best possible DSO and ADD", () => {
  it("matches the published simple-method example", () => {
    // Mesha (as above), simple method: $150,000 receivables, $1,800,000 annual credit sales,
    // 365 days: 150,000 / 1,800,000 × 365 = 30.416… → "30.4".
    const dso = dsoAverage({ receivablesMinor: yuan(150_000), creditSalesMinor: yuan(1_800_000), days: 365 });
    expect(dso).toEqual(decimal(365, 12));
    expect(kpiDaysText(dso)).toBe("30.4");
  });

  it("splits DSO into the best possible DSO and the days delinquent", () => {
    // Hand-worked quarter of 90 days: credit sales 70,000 + 80,000 + 100,000 = 250,000; ending
    // receivables 212,000 of which 120,000 not yet due (92,000 overdue).
    // DSO = 212,000 / 250,000 × 90 = 76.32; best possible DSO = 120,000 / 250,000 × 90 = 43.2
    // (The Hackett Group, "Using DSO to Measure Receivables, Part 2" (2018): BPDSO follows the
    // DSO formula with the current balance in the numerator); ADD = 76.32 − 43.2 = 33.12.
    const period = { creditSalesMinor: yuan(250_000), days: 90 };
    const dso = dsoAverage({ ...period, receivablesMinor: yuan(212_000) });
    const best = bestPossibleDso({ ...period, currentMinor: yuan(120_000) });
    const add = averageDaysDelinquent(dso, best);
    expect([kpiDaysText(dso), kpiDaysText(best), kpiDaysText(add)]).toEqual(["76.3", "43.2", "33.1"]);
    expect(add).toEqual(decimal(3312, 100));
    expect(kpiRatioText(overdueRatio(yuan(92_000), yuan(212_000)))).toBe("0.4340"); // 0.43396…
  });

  it("answers null without sales or without a balance", () => {
    expect(dsoAverage({ receivablesMinor: 100n, creditSalesMinor: 0n, days: 30 })).toBeNull();
    expect(bestPossibleDso({ currentMinor: 100n, creditSalesMinor: -1n, days: 30 })).toBeNull();
    expect(averageDaysDelinquent(null, decimal(1))).toBeNull();
    expect(overdueRatio(0n, 0n)).toBeNull();
    expect(kpiDaysText(null)).toBeNull();
  });
});

describe("CEI, turnover", () => {
  it("takes the CEI from the collections context, as a fraction", () => {
    // Hand-worked month: 200,000 owed at its start, 250,000 billed, 212,000 owed at its end of
    // which 120,000 not yet due: (450,000 − 212,000) / (450,000 − 120,000) = 238 / 330 = 72.12 %
    // → 72.1 % (one decimal, as the collections effectiveness page shows it) → "0.7210".
    const cei = collectionEffectiveness({
      beginningMinor: yuan(200_000),
      creditSalesMinor: yuan(250_000),
      endingTotalMinor: yuan(212_000),
      endingCurrentMinor: yuan(120_000),
    });
    expect(kpiRatioText(cei)).toBe("0.7210");
    expect(
      collectionEffectiveness({
        beginningMinor: 0n,
        creditSalesMinor: 0n,
        endingTotalMinor: 0n,
        endingCurrentMinor: 0n,
      }),
    ).toBeNull();
  });

  it("computes the turnover on the average of the opening and closing balances", () => {
    // Hand-worked year of 365 days: credit sales 1,200,000; receivables 90,000 at the start and
    // 110,000 at the end, average 100,000: turnover 12 times; 365 / 12 = 30.416… days.
    const turnover = receivablesTurnover({
      creditSalesMinor: yuan(1_200_000),
      beginningMinor: yuan(90_000),
      endingMinor: yuan(110_000),
    });
    expect(turnover).toEqual(decimal(12));
    expect(kpiIndexText(turnover)).toBe("12.00");
    expect(kpiDaysText(turnoverDays(turnover, 365))).toBe("30.4");
    expect(receivablesTurnover({ creditSalesMinor: 1n, beginningMinor: 0n, endingMinor: 0n })).toBeNull();
    expect(turnoverDays(decimal(0), 365)).toBeNull();
  });
});

describe("concentration and structure", () => {
  it("computes the top shares and the HHI", () => {
    // Hand-worked: four customers owe 40 %, 30 %, 20 % and 10 % of 1,000,000; a fifth has a
    // credit balance, which is no exposure. HHI = 40² + 30² + 20² + 10² = 1,600 + 900 + 400 + 100
    // = 3,000: highly concentrated (above 2,500, U.S. Horizontal Merger Guidelines 2010 §5.3).
    const result = concentrationOf([
      { key: "b", amountMinor: yuan(300_000) },
      { key: "a", amountMinor: yuan(400_000) },
      { key: "d", amountMinor: yuan(100_000) },
      { key: "c", amountMinor: yuan(200_000) },
      { key: "e", amountMinor: -yuan(50_000) },
    ]);
    expect(result.totalMinor).toBe(yuan(1_000_000));
    expect(result.customers).toBe(4);
    expect(result.ranked.map((one) => one.key)).toEqual(["a", "b", "c", "d"]);
    expect(kpiIndexText(result.hhi)).toBe("3000.00");
    expect(result.reading).toBe("high");
    expect(result.top.map((top) => [top.count, kpiRatioText(top.share)])).toEqual([
      [5, "1.0000"],
      [10, "1.0000"],
    ]);
    const top2 = concentrationOf(result.ranked, [2]).top[0];
    expect(top2?.amountMinor).toBe(yuan(700_000));
  });

  it("reads the HHI by the guideline thresholds", () => {
    // Ten equal customers: 10 × 10² = 1,000, unconcentrated.
    const equal = concentrationOf(Array.from({ length: 10 }, (_, i) => ({ key: `c${i}`, amountMinor: 7n })));
    expect(equal.hhi).toEqual(decimal(1000));
    expect(equal.reading).toBe("unconcentrated");
    expect(kpiRatioText(equal.top[0]?.share ?? null)).toBe("0.5000");
    expect(hhiReading(decimal(1499))).toBe("unconcentrated");
    expect(hhiReading(decimal(1500))).toBe("moderate");
    expect(hhiReading(decimal(2500))).toBe("moderate");
    expect(hhiReading(decimal(250001, 100))).toBe("high");
    const none = concentrationOf([{ key: "x", amountMinor: 0n }]);
    expect([none.hhi, none.reading, none.top[0]?.share]).toEqual([null, null, null]);
  });

  it("groups the outstanding and overdue, and the groups sum to the totals", () => {
    const result = structureBy([
      { key: "A", outstandingMinor: 600n, overdueMinor: 0n },
      { key: "B", outstandingMinor: 300n, overdueMinor: 300n },
      { key: "A", outstandingMinor: 100n, overdueMinor: 50n },
    ]);
    expect(result.outstandingMinor).toBe(1000n);
    expect(result.overdueMinor).toBe(350n);
    expect(
      result.groups.map((g) => [
        g.key,
        g.customers,
        g.outstandingMinor,
        kpiRatioText(g.share),
        kpiRatioText(g.overdueRatio),
      ]),
    ).toEqual([
      ["A", 2, 700n, "0.7000", "0.0714"],
      ["B", 1, 300n, "0.3000", "1.0000"],
    ]);
    expect(result.groups.reduce((sum, g) => sum + g.outstandingMinor, 0n)).toBe(result.outstandingMinor);
  });
});
