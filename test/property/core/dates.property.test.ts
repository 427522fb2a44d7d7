import fc from "fast-check";
import { Temporal } from "temporal-polyfill";
import { describe, expect, it } from "vitest";
import {
  addDays,
  addMonths,
  compareDates,
  daysBetween,
  endOfMonth,
  formatBusinessDate,
  parseBusinessDate,
  todayIn,
} from "../../../src/core/dates.ts";

const run = { numRuns: 1_000 };
const epochDay = Temporal.PlainDate.from("1970-01-01");
/** Every date from 1900-01-01 to 2199-12-31. */
const dates = fc.integer({ min: -25_567, max: 84_005 }).map((days) => epochDay.add({ days }));

describe("business date properties", () => {
  it("parseBusinessDate(formatBusinessDate(d)) is d", () => {
    fc.assert(
      fc.property(dates, (d) => {
        expect(parseBusinessDate(formatBusinessDate(d)).equals(d)).toBe(true);
      }),
      run,
    );
  });

  it("daysBetween undoes addDays and agrees with compareDates", () => {
    fc.assert(
      fc.property(dates, fc.integer({ min: -20_000, max: 20_000 }), (d, days) => {
        const later = addDays(d, days);
        expect(daysBetween(d, later)).toBe(days);
        expect(compareDates(d, later)).toBe(Math.sign(days) * -1 || 0);
      }),
      run,
    );
  });

  it("addMonths moves by whole months and clamps only at month end", () => {
    fc.assert(
      fc.property(dates, fc.integer({ min: -600, max: 600 }), (d, months) => {
        const moved = addMonths(d, months);
        expect(moved.year * 12 + moved.month - (d.year * 12 + d.month)).toBe(months);
        expect(moved.day).toBe(Math.min(d.day, moved.daysInMonth));
      }),
      run,
    );
  });

  it("endOfMonth is in the same month and the next day starts a month", () => {
    fc.assert(
      fc.property(dates, (d) => {
        const end = endOfMonth(d);
        expect(end.month).toBe(d.month);
        expect(compareDates(d, end)).toBeLessThanOrEqual(0);
        expect(addDays(end, 1).day).toBe(1);
      }),
      run,
    );
  });

  it("Shanghai's date is UTC's date or the next one, never the previous one", () => {
    const instants = fc
      .integer({ min: 0, max: 4_102_444_800_000 })
      .map((ms) => Temporal.Instant.fromEpochMilliseconds(ms));
    fc.assert(
      fc.property(instants, (now) => {
        const difference = daysBetween(todayIn("UTC", now), todayIn("Asia/Shanghai", now));
        expect([0, 1]).toContain(difference);
      }),
      run,
    );
  });
});
