import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  cashForecast,
  delayModel,
  type ForecastItem,
  forecastWeeksMax,
  plusDays,
  predictPayment,
  type SettledItem,
} from "../../src/domain/forecast/index.ts";

const asOf = "2026-11-23";
const customers = ["A", "B", "C", "D"];

const settledArbitrary: fc.Arbitrary<SettledItem> = fc
  .record({
    customer: fc.constantFrom(...customers),
    settledBefore: fc.integer({ min: 0, max: 900 }),
    delay: fc.integer({ min: -60, max: 400 }),
  })
  .map(({ customer, settledBefore, delay }) => {
    const settledOn = plusDays(asOf, -settledBefore);
    return { customerId: customer, settledOn, dueDate: plusDays(settledOn, -delay) };
  });

const itemArbitrary: fc.Arbitrary<ForecastItem> = fc.record({
  customerId: fc.constantFrom(...customers, "NEW"),
  dueDate: fc.integer({ min: -500, max: 400 }).map((days) => plusDays(asOf, days)),
  amountMinor: fc.bigInt({ min: 1n, max: 10n ** 12n }),
  disputed: fc.boolean(),
  litigation: fc.boolean(),
});

const gradesArbitrary = fc
  .array(fc.constantFrom<string | null>("A", "B", null), { minLength: 5, maxLength: 5 })
  .map(
    (grades) => new Map([...customers, "NEW"].map((customer, index) => [customer, grades[index] ?? null])),
  );

describe("the cash forecast, for any history and items", () => {
  it("puts every open amount somewhere: weeks + later + disputed + not expected = open total", () => {
    fc.assert(
      fc.property(
        fc.array(settledArbitrary, { maxLength: 200 }),
        gradesArbitrary,
        fc.array(itemArbitrary, { maxLength: 60 }),
        fc.integer({ min: 1, max: forecastWeeksMax }),
        (history, grades, items, weeks) => {
          const model = delayModel(history, grades, asOf);
          const forecast = cashForecast(items, model, asOf, weeks);
          const weekly = forecast.weeks.reduce((sum, week) => sum + week.expectedMinor, 0n);
          const open = items.reduce((sum, item) => sum + item.amountMinor, 0n);
          expect(forecast.openTotalMinor).toBe(open);
          expect(weekly + forecast.laterMinor + forecast.disputedMinor + forecast.notExpectedMinor).toBe(
            open,
          );
          for (const week of forecast.weeks) expect(week.expectedMinor >= 0n).toBe(true);
          expect(forecast.laterMinor >= 0n).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("predicts no payment before the as-of date, and certain lateness for overdue items", () => {
    fc.assert(
      fc.property(
        fc.array(settledArbitrary, { maxLength: 200 }),
        gradesArbitrary,
        itemArbitrary,
        (history, grades, item) => {
          const prediction = predictPayment(
            delayModel(history, grades, asOf).profileOf(item.customerId),
            item.dueDate,
            asOf,
          );
          expect(prediction.predictedDate >= asOf).toBe(true);
          expect(prediction.lateProbability).toBeGreaterThanOrEqual(0);
          expect(prediction.lateProbability).toBeLessThanOrEqual(1);
          if (item.dueDate < asOf) expect(prediction.lateProbability).toBe(1);
        },
      ),
      { numRuns: 300 },
    );
  });
});
