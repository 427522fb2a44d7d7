import { Temporal } from "temporal-polyfill";
import { describe, expect, it } from "vitest";
import {
  addDays,
  addMonths,
  assertTimeZone,
  compareDates,
  daysBetween,
  endOfMonth,
  formatBusinessDate,
  isoInstant,
  parseBusinessDate,
  timeZoneLengthMax,
  todayIn,
} from "../../../src/core/dates.ts";
import { appErrorCode, thrown } from "./support.ts";

const day = (text: string) => parseBusinessDate(text);
const text = (d: Temporal.PlainDate) => formatBusinessDate(d);
const instant = (iso: string) => Temporal.Instant.from(iso);

describe("parseBusinessDate", () => {
  for (const valid of ["2026-11-23", "2024-02-29", "2000-02-29", "1999-12-31", "0001-01-01", "9999-12-31"]) {
    it(`accepts ${valid}`, () => {
      const d = parseBusinessDate(valid);
      expect(d).toBeInstanceOf(Temporal.PlainDate);
      expect(formatBusinessDate(d)).toBe(valid);
    });
  }

  const rejected = [
    "2026-02-30",
    "2026-02-29",
    "1900-02-29",
    "2026-04-31",
    "2026-13-01",
    "2026-00-10",
    "2026-01-00",
    "2026-1-5",
    "26-01-05",
    "2026/01/05",
    "20260105",
    "2026-01-05T00:00",
    "2026-01-05Z",
    " 2026-01-05",
    "2026-01-05 ",
    "+002026-01-05",
    "２０２６-01-05",
    "",
  ];
  for (const bad of rejected) {
    it(`rejects ${JSON.stringify(bad)} with INVALID_DATE`, () => {
      expect(appErrorCode(() => parseBusinessDate(bad))).toBe("INVALID_DATE");
    });
  }

  it("says why a well-formed text is not a date", () => {
    expect(thrown(() => parseBusinessDate("2026-02-30"))).toMatchObject({
      code: "INVALID_DATE",
      params: { reason: "no such day" },
    });
  });

  it("rejects values that are not text", () => {
    expect(appErrorCode(() => parseBusinessDate(undefined as unknown as string))).toBe("INVALID_DATE");
  });
});

describe("formatBusinessDate", () => {
  it("pads every field", () => {
    expect(formatBusinessDate(new Temporal.PlainDate(33, 1, 5))).toBe("0033-01-05");
  });

  it("asserts on dates outside four-digit years or the ISO calendar", () => {
    expect(() => formatBusinessDate(new Temporal.PlainDate(10_000, 1, 1))).toThrow(/Assertion/);
    expect(() => formatBusinessDate(new Temporal.PlainDate(-1, 1, 1))).toThrow(/Assertion/);
    expect(() => formatBusinessDate(new Temporal.PlainDate(2026, 1, 1, "gregory"))).toThrow(/Assertion/);
  });
});

describe("assertTimeZone", () => {
  for (const zone of [
    "Asia/Shanghai",
    "UTC",
    "Europe/Berlin",
    "America/Argentina/Buenos_Aires",
    "Etc/GMT-8",
  ]) {
    it(`accepts ${zone}`, () => {
      expect(assertTimeZone(zone)).toBe(zone);
    });
  }

  it("returns the canonical spelling", () => {
    expect(assertTimeZone("asia/shanghai")).toBe("Asia/Shanghai");
  });

  const rejected = [
    "",
    "Asia/Beijing",
    "Mars/Olympus_Mons",
    "+08:00",
    "-05:00",
    "Z",
    "Asia/Shanghai ",
    " UTC",
    "2026-01-01T00:00[Asia/Shanghai]",
    "Asia/Shanghai[u-ca=iso8601]",
    `Asia/${"x".repeat(timeZoneLengthMax)}`,
  ];
  for (const zone of rejected) {
    it(`rejects ${JSON.stringify(zone)} with INVALID_TIME_ZONE`, () => {
      expect(appErrorCode(() => assertTimeZone(zone))).toBe("INVALID_TIME_ZONE");
    });
  }

  it("rejects values that are not text", () => {
    expect(appErrorCode(() => assertTimeZone(8 as unknown as string))).toBe("INVALID_TIME_ZONE");
  });
});

describe("todayIn", () => {
  it("is already tomorrow in Shanghai while it is still today in UTC", () => {
    // 16:30 UTC is 00:30 the next day in China Standard Time (UTC+8, no daylight saving).
    const now = instant("2026-11-22T16:30:00Z");
    expect(text(todayIn("Asia/Shanghai", now))).toBe("2026-11-23");
    expect(text(todayIn("UTC", now))).toBe("2026-11-22");
  });

  it("turns the date exactly at Shanghai midnight", () => {
    expect(text(todayIn("Asia/Shanghai", instant("2026-11-22T15:59:59.999Z")))).toBe("2026-11-22");
    expect(text(todayIn("Asia/Shanghai", instant("2026-11-22T16:00:00Z")))).toBe("2026-11-23");
  });

  it("follows daylight saving in Berlin", () => {
    // CET (UTC+1) in winter, CEST (UTC+2) in summer.
    expect(text(todayIn("Europe/Berlin", instant("2026-01-15T23:30:00Z")))).toBe("2026-01-16");
    expect(text(todayIn("Europe/Berlin", instant("2026-07-15T22:30:00Z")))).toBe("2026-07-16");
    expect(text(todayIn("Europe/Berlin", instant("2026-07-15T21:30:00Z")))).toBe("2026-07-15");
  });

  it("rejects an unknown zone", () => {
    expect(appErrorCode(() => todayIn("Asia/Beijing", instant("2026-11-22T16:30:00Z")))).toBe(
      "INVALID_TIME_ZONE",
    );
  });
});

describe("addDays and daysBetween", () => {
  it("adds days across months, years and leap days", () => {
    expect(text(addDays(day("2026-11-23"), 30))).toBe("2026-12-23");
    expect(text(addDays(day("2026-12-31"), 1))).toBe("2027-01-01");
    expect(text(addDays(day("2024-02-28"), 1))).toBe("2024-02-29");
    expect(text(addDays(day("2026-02-28"), 1))).toBe("2026-03-01");
    expect(text(addDays(day("2026-03-01"), -1))).toBe("2026-02-28");
    expect(text(addDays(day("2026-03-01"), 0))).toBe("2026-03-01");
  });

  it("asserts on a fractional count", () => {
    expect(() => addDays(day("2026-03-01"), 0.5)).toThrow(/Assertion/);
  });

  it("counts days from a to b", () => {
    expect(daysBetween(day("2026-01-01"), day("2027-01-01"))).toBe(365);
    expect(daysBetween(day("2024-01-01"), day("2025-01-01"))).toBe(366);
    expect(daysBetween(day("2026-03-01"), day("2026-02-01"))).toBe(-28);
    expect(daysBetween(day("2026-11-23"), day("2026-11-23"))).toBe(0);
    // Across the Berlin or any other daylight-saving change a calendar day is still one day.
    expect(daysBetween(day("2026-03-28"), day("2026-03-30"))).toBe(2);
  });
});

describe("addMonths", () => {
  const cases: ReadonlyArray<readonly [string, number, string]> = [
    ["2026-01-31", 1, "2026-02-28"],
    ["2024-01-31", 1, "2024-02-29"],
    ["2024-02-29", 12, "2025-02-28"],
    ["2024-02-29", 48, "2028-02-29"],
    ["2026-05-31", 1, "2026-06-30"],
    ["2026-03-31", -1, "2026-02-28"],
    ["2026-01-15", -1, "2025-12-15"],
    ["2026-11-23", 0, "2026-11-23"],
    ["2026-08-31", 6, "2027-02-28"],
    ["2026-01-30", 1, "2026-02-28"],
  ];
  for (const [from, months, expected] of cases) {
    it(`${from} + ${months} months is ${expected}`, () => {
      expect(text(addMonths(day(from), months))).toBe(expected);
    });
  }

  it("clamps each step, so schedules should count months from the first due date", () => {
    expect(text(addMonths(addMonths(day("2026-01-31"), 1), 1))).toBe("2026-03-28");
    expect(text(addMonths(day("2026-01-31"), 2))).toBe("2026-03-31");
  });

  it("asserts on a fractional count", () => {
    expect(() => addMonths(day("2026-01-31"), 1.5)).toThrow(/Assertion/);
  });
});

describe("compareDates and endOfMonth", () => {
  it("orders dates", () => {
    expect(compareDates(day("2026-01-01"), day("2026-01-02"))).toBe(-1);
    expect(compareDates(day("2026-01-02"), day("2026-01-02"))).toBe(0);
    expect(compareDates(day("2027-01-01"), day("2026-12-31"))).toBe(1);
  });

  it("finds the last day of the month", () => {
    expect(text(endOfMonth(day("2026-02-10")))).toBe("2026-02-28");
    expect(text(endOfMonth(day("2024-02-01")))).toBe("2024-02-29");
    expect(text(endOfMonth(day("2026-04-30")))).toBe("2026-04-30");
    expect(text(endOfMonth(day("2026-12-01")))).toBe("2026-12-31");
  });
});

describe("isoInstant", () => {
  it("writes UTC with milliseconds", () => {
    expect(isoInstant(instant("2026-11-23T08:15:00Z"))).toBe("2026-11-23T08:15:00.000Z");
    expect(isoInstant(instant("2026-11-23T16:15:00+08:00"))).toBe("2026-11-23T08:15:00.000Z");
    expect(isoInstant(Temporal.Instant.fromEpochMilliseconds(0))).toBe("1970-01-01T00:00:00.000Z");
  });

  it("truncates below the millisecond rather than rounding into the next one", () => {
    expect(isoInstant(instant("2026-11-23T08:15:59.999999999Z"))).toBe("2026-11-23T08:15:59.999Z");
  });
});
