import { Temporal } from "temporal-polyfill";
import { describe, expect, it } from "vitest";
import { decimal } from "../../../src/core/decimal.ts";
import {
  actualDays,
  type CivilDate,
  civilDateOf,
  civilOfEpochDay,
  type DayCount,
  days30E360,
  daysInMonth,
  epochDayOf,
  formatCivilDate,
  isDayCount,
  isLeapYear,
  yearFraction,
} from "../../../src/domain/plans/index.ts";
import { appErrorCode } from "../core/support.ts";

function date(text: string): CivilDate {
  const parsed = civilDateOf(text);
  if (parsed === null) throw new Error(`not a date: ${text}`);
  return parsed;
}

/** The year fraction as a normalized Decimal, so that equal values compare equal. */
function fraction(dayCount: DayCount, start: string, end: string) {
  const { numerator, denominator } = yearFraction(dayCount, start, end);
  return decimal(numerator, denominator);
}

describe("civil dates and epoch days", () => {
  it("counts days from 1970-01-01", () => {
    expect(epochDayOf(1970, 1, 1)).toBe(0);
    expect(epochDayOf(1969, 12, 31)).toBe(-1);
    expect(epochDayOf(2000, 3, 1)).toBe(11_017);
    expect(civilOfEpochDay(11_017)).toEqual({ year: 2000, month: 3, day: 1 });
    expect(civilOfEpochDay(-1)).toEqual({ year: 1969, month: 12, day: 31 });
  });

  it("agrees with Temporal on every day from 1899 to 2101 and back", () => {
    let day = Temporal.PlainDate.from("1899-01-01");
    const last = Temporal.PlainDate.from("2101-12-31");
    let epochDay = epochDayOf(1899, 1, 1);
    expect(epochDay).toBe(day.since("1970-01-01").days);
    while (Temporal.PlainDate.compare(day, last) <= 0) {
      const civil = civilOfEpochDay(epochDay);
      if (civil.year !== day.year || civil.month !== day.month || civil.day !== day.day) {
        throw new Error(`${epochDay} is ${day.toString()}, not ${JSON.stringify(civil)}`);
      }
      if (epochDayOf(civil.year, civil.month, civil.day) !== epochDay)
        throw new Error(`round trip at ${epochDay}`);
      day = day.add({ days: 1 });
      epochDay += 1;
    }
  });

  it("knows leap years and month lengths (Gregorian: 1900 is not leap, 2000 is)", () => {
    expect([1900, 2000, 2023, 2024].map(isLeapYear)).toEqual([false, true, false, true]);
    expect([daysInMonth(2023, 2), daysInMonth(2024, 2), daysInMonth(1900, 2), daysInMonth(2024, 4)]).toEqual([
      28, 29, 28, 30,
    ]);
  });

  it("reads strict YYYY-MM-DD texts of real days only", () => {
    expect(civilDateOf("2024-02-29")).toEqual({ year: 2024, month: 2, day: 29 });
    for (const text of [
      "2023-02-29",
      "2024-13-01",
      "2024-00-10",
      "2024-01-00",
      "2024-1-01",
      "2024/01/01",
      " 2024-01-01",
      "２０２４-01-01",
      20240101,
      null,
    ]) {
      expect(civilDateOf(text)).toBeNull();
    }
    expect(formatCivilDate(2024, 2, 9)).toBe("2024-02-09");
    expect(formatCivilDate(999, 12, 31)).toBe("0999-12-31");
  });
});

describe("30/360 is 30E/360 (2006 ISDA Definitions §4.16(g), Eurobond basis)", () => {
  it("counts every month as 30 days and a 31st as the 30th at either end", () => {
    expect(days30E360(date("2024-01-15"), date("2024-02-15"))).toBe(30);
    expect(days30E360(date("2024-01-31"), date("2024-03-31"))).toBe(60);
    // February is short in 30E/360: the end date is not moved to the 30th.
    expect(days30E360(date("2023-01-31"), date("2023-02-28"))).toBe(28);
    expect(days30E360(date("2023-02-28"), date("2023-03-31"))).toBe(32);
    expect(days30E360(date("2011-09-20"), date("2011-10-05"))).toBe(15);
  });

  it("differs from 30/360 US (§4.16(f)) only when the end is a 31st and the start before the 30th", () => {
    // 30/360 US leaves D2 = 31 when D1 < 30, counting 76 days here; 30E/360 counts 75.
    expect(days30E360(date("2024-01-15"), date("2024-03-31"))).toBe(75);
    expect(fraction("30/360", "2024-01-15", "2024-03-31")).toEqual(decimal(75, 360));
  });

  it("is a fraction of a 360-day year", () => {
    expect(fraction("30/360", "2011-09-20", "2011-10-20")).toEqual(decimal(1, 12));
    expect(fraction("30/360", "2024-01-01", "2025-01-01")).toEqual(decimal(1));
  });
});

describe("actual/365 (Fixed, §4.16(d))", () => {
  it("counts actual days over 365, even in a leap year", () => {
    expect(fraction("actual/365", "2024-01-01", "2025-01-01")).toEqual(decimal(366, 365));
    expect(fraction("actual/365", "2024-02-01", "2024-03-01")).toEqual(decimal(29, 365));
    expect(actualDays(date("2003-11-01"), date("2004-05-01"))).toBe(182);
    expect(fraction("actual/365", "2003-11-01", "2004-05-01")).toEqual(decimal(182, 365));
  });
});

describe("actual/actual (ISDA, §4.16(b))", () => {
  // ISDA, "EMU and Market Conventions: Recent Developments" (1998), §4 "Actual/Actual", worked
  // examples (http://www.isda.org/publications/pdf/Day-Count-Fracation1999.pdf):
  // 1 Nov 2003 – 1 May 2004: ISDA 61/365 + 121/366 = 0.49772; 1 Feb 1999 – 1 Jul 2000 (long first
  // period): 334/365 + 182/366 = 1.41234.
  it("matches ISDA's worked examples", () => {
    const regular = fraction("actual/actual", "2003-11-01", "2004-05-01");
    expect(regular).toEqual(decimal(61 * 366 + 121 * 365, 365 * 366));
    expect(Math.round((Number(regular.numerator) / Number(regular.denominator)) * 1e8)).toBe(49_772_438);
    const long = fraction("actual/actual", "1999-02-01", "2000-07-01");
    expect(long).toEqual(decimal(334 * 366 + 182 * 365, 365 * 366));
    expect(Math.round((Number(long.numerator) / Number(long.denominator)) * 1e8)).toBe(141_233_625);
  });

  it("is days over 365 or 366 within one year, and exactly 1 for a calendar year", () => {
    expect(fraction("actual/actual", "2023-03-01", "2023-04-01")).toEqual(decimal(31, 365));
    expect(fraction("actual/actual", "2024-03-01", "2024-04-01")).toEqual(decimal(31, 366));
    expect(fraction("actual/actual", "2024-01-01", "2025-01-01")).toEqual(decimal(1));
    // Two year ends: 2023-12-15 → 2026-01-15 is 17/365 + 366/366 + 365/365 + 14/365.
    expect(fraction("actual/actual", "2023-12-15", "2026-01-15")).toEqual(decimal(2 * 365 + 31, 365));
  });

  it("is zero for an empty period", () => {
    for (const dayCount of ["30/360", "actual/365", "actual/actual"] as const) {
      expect(fraction(dayCount, "2024-02-29", "2024-02-29")).toEqual(decimal(0));
    }
  });
});

describe("day count names and errors", () => {
  it("accepts the three names only", () => {
    expect(["30/360", "actual/365", "actual/actual", "30E/360", "ACT/365", 360].map(isDayCount)).toEqual([
      true,
      true,
      true,
      false,
      false,
      false,
    ]);
  });

  it("rejects dates that are not days and periods that run backwards", () => {
    expect(appErrorCode(() => yearFraction("actual/365", "2024-02-30", "2024-03-01"))).toBe("INVALID_DATE");
    expect(appErrorCode(() => yearFraction("actual/365", "2024-03-01", "2024-02-01"))).toBe(
      "VALIDATION_FAILED",
    );
  });
});
