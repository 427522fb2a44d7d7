import { describe, expect, it } from "vitest";
import { isAppError } from "../../src/core/errors.ts";
import { agingOf, defaultAgingEdgesDays } from "../../src/domain/payments/index.ts";
import { groupedDecimal } from "../../src/io/report-pdf.ts";
import {
  agingBucketIndex,
  agingBucketLabel,
  agingBucketSpecs,
  agingThresholds,
} from "../../src/services/reports/aging-buckets.ts";

const edges = defaultAgingEdgesDays;
const item = (dueDate: string, documentDate = "2026-01-01", openMinor = 100n) => ({
  dueDate,
  documentDate,
  openMinor,
});

describe("aging buckets", () => {
  it("take their keys from the edges", () => {
    expect(agingBucketSpecs(edges, "due").map((spec) => spec.key)).toEqual([
      "current",
      "1-30",
      "31-60",
      "61-90",
      "91-180",
      "181-365",
      ">365",
    ]);
    expect(agingBucketSpecs([15, 45], "due").map((spec) => spec.key)).toEqual([
      "current",
      "1-15",
      "16-45",
      ">45",
    ]);
    expect(agingBucketSpecs(edges, "document").map((spec) => spec.key)).toEqual([
      "0-30",
      "31-60",
      "61-90",
      "91-180",
      "181-365",
      ">365",
    ]);
    expect(agingBucketLabel({ key: ">365", fromDays: 366, toDays: null })).toEqual({
      "zh-CN": "365天以上",
      en: "Over 365 days",
    });
  });

  it("refuse bad edges with VALIDATION_FAILED", () => {
    for (const bad of [[], [30, 30], [0, 30], [30.5]]) {
      try {
        agingBucketSpecs(bad, "due");
        expect.unreachable();
      } catch (error) {
        expect(isAppError(error) && error.code === "VALIDATION_FAILED").toBe(true);
      }
    }
  });

  it("bucket by due date at the edges: due today is current, 30 days is 1-30, 31 is 31-60", () => {
    const asOf = "2026-11-23";
    expect(agingBucketIndex(item("2026-11-24"), asOf, edges, "due")).toBe(0);
    expect(agingBucketIndex(item("2026-11-23"), asOf, edges, "due")).toBe(0);
    expect(agingBucketIndex(item("2026-11-22"), asOf, edges, "due")).toBe(1);
    expect(agingBucketIndex(item("2026-10-24"), asOf, edges, "due")).toBe(1);
    expect(agingBucketIndex(item("2026-10-23"), asOf, edges, "due")).toBe(2);
    expect(agingBucketIndex(item("2025-11-23"), asOf, edges, "due")).toBe(5);
    expect(agingBucketIndex(item("2025-11-22"), asOf, edges, "due")).toBe(6);
    // A credit sits in the first bucket whatever its date.
    expect(agingBucketIndex(item("2020-01-01", "2020-01-01", -5n), asOf, edges, "due")).toBe(0);
  });

  it("bucket by document date from 0 days", () => {
    const asOf = "2026-11-23";
    expect(agingBucketIndex(item("2027-01-01", "2026-11-23"), asOf, edges, "document")).toBe(0);
    expect(agingBucketIndex(item("2027-01-01", "2026-10-24"), asOf, edges, "document")).toBe(0);
    expect(agingBucketIndex(item("2027-01-01", "2026-10-23"), asOf, edges, "document")).toBe(1);
    expect(agingBucketIndex(item("2027-01-01", "2024-01-01"), asOf, edges, "document")).toBe(5);
  });

  it("give the thresholds the SQL compares with, agreeing with the domain's agingOf", () => {
    const asOf = "2026-03-01";
    expect(agingThresholds(asOf, [30, 60], "due")).toEqual(["2026-03-01", "2026-01-30", "2025-12-31"]);
    expect(agingThresholds(asOf, [30, 60], "document")).toEqual(["2026-01-30", "2025-12-31"]);
    // Every due date of two years against the domain's reference aging.
    const start = Date.UTC(2024, 2, 1);
    for (let day = 0; day < 760; day += 1) {
      const dueDate = new Date(start + day * 86_400_000).toISOString().slice(0, 10);
      const domain = agingOf([{ dueDate, openMinor: 1n }], asOf, edges).buckets.findIndex(
        (b) => b.amountMinor === 1n,
      );
      expect(agingBucketIndex(item(dueDate), asOf, edges, "due"), dueDate).toBe(domain);
      const thresholds = agingThresholds(asOf, edges, "due");
      const bySql = thresholds.findIndex((threshold) => dueDate >= threshold);
      expect(bySql === -1 ? thresholds.length : bySql, dueDate).toBe(domain);
    }
  });

  it("group thousands in PDF amounts without changing them", () => {
    expect(groupedDecimal("1234567.89")).toBe("1,234,567.89");
    expect(groupedDecimal("-1000.00")).toBe("-1,000.00");
    expect(groupedDecimal("999.5")).toBe("999.5");
  });
});
