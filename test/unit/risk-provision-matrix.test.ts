import { describe, expect, it } from "vitest";
import { toFixedString } from "../../src/core/decimal.ts";
import {
  bucketIndexOf,
  checkRiskPolicy,
  defaultRiskPolicy,
  provisionFor,
  provisionMatrix,
  rollRates,
} from "../../src/domain/risk/index.ts";

describe("provision matrix: applying loss rates by bucket", () => {
  // IFRS 9 Illustrative Examples, Example 12 (IE74–IE77), "provision matrix": Company M's trade
  // receivables of CU30,000,000 and its loss rates per aging bucket give a lifetime ECL of
  // CU580,000: 15,000,000 × 0.3 % = 45,000; 7,500,000 × 1.6 % = 120,000; 4,000,000 × 3.6 % =
  // 144,000; 2,500,000 × 6.6 % = 165,000; 1,000,000 × 10.6 % = 106,000.
  it("reproduces IFRS 9 IE Example 12 (amounts in whole units, minor units ×100)", () => {
    const rows = [
      [15_000_000n, "0.003", 45_000n],
      [7_500_000n, "0.016", 120_000n],
      [4_000_000n, "0.036", 144_000n],
      [2_500_000n, "0.066", 165_000n],
      [1_000_000n, "0.106", 106_000n],
    ] as const;
    let total = 0n;
    for (const [balance, rate, expected] of rows) {
      const provision = provisionFor(balance * 100n, rate);
      expect(provision).toBe(expected * 100n);
      total += provision;
    }
    expect(total).toBe(580_000_00n);
  });

  it("rounds half-up to the minor unit, and never provides on a credit balance", () => {
    expect(provisionFor(5n, "0.1")).toBe(1n); // 0.5 → 1
    expect(provisionFor(4n, "0.1")).toBe(0n); // 0.4 → 0
    expect(provisionFor(-10_000n, "0.5")).toBe(0n);
  });
});

describe("provision matrix: roll rates from the organization's history", () => {
  // A hand-built history, three buckets (not due, 1–30, over 30), amounts in minor units:
  //   month end 0: X1 not due 1000; X2 1–30 400; X3 1–30 200
  //   month end 1: X1 1–30 1000 (aged on); X2 over 30 300 (100 paid); X3 gone (paid);
  //                X4 not due 500; X5 1–30 200
  //   month end 2: X1 over 30 600 (400 paid); X2 over 30 300; X4 not due 500 (still not due);
  //                X5 gone: 50 written off, 150 paid           (the date provided for)
  // not due: left 1000 (X1, all aged on) → rolled 1000; X4 stayed, so it neither rolled nor cured.
  //   roll = 1000 / 1000 = 1
  // 1–30: X2 left 400, rolled 300; X3 left 200, rolled 0; X1 left 1000, rolled 600;
  //       X5 left 200, of which 50 written off (a loss, so rolled).
  //   roll = (300 + 600 + 50) / (400 + 200 + 1000 + 200) = 950 / 1800 = 0.527777…
  // loss(over 30) = 1; loss(1–30) = 19/36 → 0.527778; loss(not due) = 1 × 19/36 → 0.527778.
  // balances on month end 2: not due 500, 1–30 0, over 30 900.
  // provisions: 500 × 0.527778 = 263.889 → 264; 0; 900 × 1 = 900; required 1164.
  const x = (itemId: string, bucket: number, openMinor: bigint) => ({ itemId, bucket, openMinor });
  const snapshots = [
    [x("X1", 0, 1000n), x("X2", 1, 400n), x("X3", 1, 200n)],
    [x("X1", 1, 1000n), x("X2", 2, 300n), x("X4", 0, 500n), x("X5", 1, 200n)],
    [x("X1", 2, 600n), x("X2", 2, 300n), x("X4", 0, 500n)],
  ];
  const writtenOff = [new Map<string, bigint>(), new Map([["X5", 50n]])];
  const bucketKeys = ["not_due", "1_30", "over_30"];

  it("measures roll rates item by item and multiplies them, as computed by hand", () => {
    const rolls = rollRates(3, snapshots, writtenOff);
    expect(rolls.map((r) => toFixedString(r.rate, 6, "half-up"))).toEqual(["1.000000", "0.527778"]);
    const matrix = provisionMatrix({
      bucketKeys,
      snapshots,
      writtenOff,
      forwardLookingAdjustment: "0",
      floorRates: {},
    });
    expect(matrix.rows.map((row) => row.rollRate)).toEqual(["1.000000", "0.527778", null]);
    expect(matrix.rows.map((row) => row.lossRate)).toEqual(["0.527778", "0.527778", "1.000000"]);
    expect(matrix.rows.map((row) => row.balanceMinor)).toEqual([500n, 0n, 900n]);
    expect(matrix.rows.map((row) => row.provisionMinor)).toEqual([264n, 0n, 900n]);
    expect(matrix.requiredMinor).toBe(1164n);
    expect(matrix.totalBalanceMinor).toBe(1400n);
    expect(matrix.transitions).toBe(2);
  });

  it("raises every loss rate by the forward-looking adjustment, kept at or under 100 %", () => {
    // 19/36 × 1.1 = 0.580555… → 0.580556; 1 × 1.1 → 1. 500 × 0.580556 = 290.278 → 290.
    const matrix = provisionMatrix({
      bucketKeys,
      snapshots,
      writtenOff,
      forwardLookingAdjustment: "0.10",
      floorRates: {},
    });
    expect(matrix.rows.map((row) => row.lossRate)).toEqual(["0.580556", "0.580556", "1.000000"]);
    expect(matrix.requiredMinor).toBe(290n + 900n);
  });

  it("counts an item that skips a bucket as rolled through it", () => {
    // 30 days past due on one month end, 61 on the next: it crossed 31–60 unpaid.
    const rolls = rollRates(4, [[x("Y", 1, 100n)], [x("Y", 3, 100n)]]);
    expect(rolls.map((r) => [toFixedString(r.rate, 2, "half-up"), r.observed])).toEqual([
      ["0.00", false],
      ["1.00", true],
      ["1.00", true],
    ]);
  });

  it("applies a floor rate, and takes an unobserved bucket's roll rate as 0", () => {
    const matrix = provisionMatrix({
      bucketKeys,
      snapshots: [[], [x("Z", 0, 50_000n)]],
      forwardLookingAdjustment: "0",
      floorRates: { not_due: "0.005", unknown_bucket: "1" },
    });
    expect(matrix.rows.map((row) => row.observed)).toEqual([false, false, true]);
    expect(matrix.rows.map((row) => row.lossRate)).toEqual(["0.005000", "0.000000", "1.000000"]);
    expect(matrix.requiredMinor).toBe(250n);
  });

  it("takes a bucket whose money sat unpaid through the window as rolling on, not as 0", () => {
    // 181–365 days held 2,000.00 at both month ends and nothing left it: nothing was paid, so
    // what reaches it is expected to roll on to the last bucket (loss rate 1), and the younger
    // bucket's loss rate is its own roll rate times 1, not 0.
    const history = [
      [x("A", 1, 100_00n), x("B", 2, 2_000_00n)],
      [x("A", 2, 100_00n), x("B", 2, 2_000_00n), x("C", 1, 300_00n)],
    ];
    const rolls = rollRates(4, history);
    expect(rolls.map((r) => [toFixedString(r.rate, 2, "half-up"), r.observed])).toEqual([
      ["0.00", false],
      ["1.00", true],
      ["1.00", true],
    ]);
    const matrix = provisionMatrix({
      bucketKeys: ["not_due", "1_180", "181_365", "over_365"],
      snapshots: history,
      forwardLookingAdjustment: "0",
      floorRates: {},
    });
    expect(matrix.rows.map((row) => row.lossRate)).toEqual(["0.000000", "1.000000", "1.000000", "1.000000"]);
  });

  it("buckets days past due as the aging report does", () => {
    const edges = [30, 60, 90, 180, 365];
    expect([-5, 0, 1, 30, 31, 90, 91, 365, 366].map((days) => bucketIndexOf(days, edges))).toEqual([
      0, 0, 1, 1, 2, 3, 4, 5, 6,
    ]);
  });
});

describe("risk policy", () => {
  it("accepts the default and names every bad field", () => {
    expect(checkRiskPolicy(defaultRiskPolicy())).toEqual([]);
    expect(defaultRiskPolicy().writeOffApprovalThresholdMinor).toBe(1_000_000n);
    const issues = checkRiskPolicy({
      version: 2,
      writeOffApprovalThresholdMinor: -1n,
      historyMonths: 0,
      forwardLookingAdjustment: "1.5",
      floorRates: { "91_180": "2", "bad key": "0.1" },
    });
    expect(issues.map((issue) => issue.path).sort()).toEqual([
      "floorRates.91_180",
      "floorRates.bad key",
      "forwardLookingAdjustment",
      "historyMonths",
      "writeOffApprovalThreshold",
    ]);
  });
});
