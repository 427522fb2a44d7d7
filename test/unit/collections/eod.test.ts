import { describe, expect, it } from "vitest";
import {
  datesToRun,
  delinquencyBucketOf,
  eodCatchUpDaysMax,
  parseEodTime,
} from "../../../src/domain/collections/index.ts";
import { eodDueThrough } from "../../../src/jobs/scheduler.ts";

describe("end-of-day dates", () => {
  it("starts today when nothing ever ran, and catches up from the day after the last run", () => {
    expect(datesToRun(null, "2026-11-23")).toEqual(["2026-11-23"]);
    expect(datesToRun("2026-11-23", "2026-11-23")).toEqual([]);
    expect(datesToRun("2026-02-27", "2026-03-02")).toEqual(["2026-02-28", "2026-03-01", "2026-03-02"]);
    expect(datesToRun("2024-02-28", "2024-03-01")).toEqual(["2024-02-29", "2024-03-01"]);
    expect(datesToRun("2026-11-30", "2026-11-23")).toEqual([]);
  });

  it("catches up at most a year at a time", () => {
    const dates = datesToRun("2020-01-01", "2026-11-23");
    expect(dates).toHaveLength(eodCatchUpDaysMax);
    expect(dates[0]).toBe("2020-01-02");
  });

  it("is due today from the configured local time, yesterday before it", () => {
    // 2026-11-23T16:30Z is 00:30 on the 24th in Shanghai.
    expect(eodDueThrough(new Date("2026-11-23T16:30:00Z"), "Asia/Shanghai", "01:00")).toBe("2026-11-23");
    expect(eodDueThrough(new Date("2026-11-23T17:00:00Z"), "Asia/Shanghai", "01:00")).toBe("2026-11-24");
    expect(eodDueThrough(new Date("2026-11-23T17:00:00Z"), "Europe/Berlin", "18:00")).toBe("2026-11-23");
    expect(() => eodDueThrough(new Date(), "Asia/Shanghai", "25:00")).toThrow(/HH:MM/);
  });
});

describe("delinquency buckets and the batch time", () => {
  it("classifies days past due at the bucket edges", () => {
    const cases: Array<[number, string]> = [
      [-5, "current"],
      [0, "current"],
      [1, "1-30"],
      [30, "1-30"],
      [31, "31-60"],
      [60, "31-60"],
      [61, "61-90"],
      [90, "61-90"],
      [91, "91-180"],
      [180, "91-180"],
      [181, "181-365"],
      [365, "181-365"],
      [366, "365+"],
    ];
    for (const [days, bucket] of cases) expect(delinquencyBucketOf(days), String(days)).toBe(bucket);
  });

  it("reads HH:MM and nothing else", () => {
    expect(parseEodTime("01:00")).toEqual({ hour: 1, minute: 0 });
    expect(parseEodTime("23:59")).toEqual({ hour: 23, minute: 59 });
    for (const bad of ["24:00", "1:00", "01:60", "0100", "", "01:00 "])
      expect(parseEodTime(bad), bad).toBeNull();
  });
});
