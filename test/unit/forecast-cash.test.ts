import { describe, expect, it } from "vitest";
import {
  cashForecast,
  delayModel,
  type ForecastItem,
  forecastWeekPeriods,
  type PortfolioItem,
  type PortfolioPlan,
  planStandingAt,
  plusDays,
  portfolioSummary,
  ratioText,
  rollMonthEnds,
  rollRates,
  vintageCurves,
} from "../../src/domain/forecast/index.ts";

const sumOf = (values: ReadonlyArray<bigint>) => values.reduce((sum, value) => sum + value, 0n);

/** A customer who always pays exactly `delay` days late (100 items settled on one day). */
function exactPayer(customerId: string, delay: number) {
  return Array.from({ length: 100 }, () => ({
    customerId,
    dueDate: plusDays("2026-10-01", -delay),
    settledOn: "2026-10-01",
  }));
}

describe("the cash forecast", () => {
  it("has 13 Monday weeks, the first holding the as-of date", () => {
    const weeks = forecastWeekPeriods("2026-11-25", 13);
    expect(weeks).toHaveLength(13);
    expect(weeks[0]).toEqual({ from: "2026-11-23", to: "2026-11-29" });
    expect(weeks[12]).toEqual({ from: "2027-02-15", to: "2027-02-21" });
  });

  it("puts a punctual customer's items in their due weeks, and the rest in their places", () => {
    // P pays on the due date (its 100 items outweigh the organization's two pseudo-items:
    // P = (100·δ0 + 5·org)/105 with org = (100·δ0 + 2·δ0)/102 — all on the due date).
    const model = delayModel(exactPayer("P", 0), new Map(), "2026-11-25");
    const items: ForecastItem[] = [
      { customerId: "P", dueDate: "2026-11-27", amountMinor: 100_00n, disputed: false, litigation: false },
      { customerId: "P", dueDate: "2026-12-07", amountMinor: 250_50n, disputed: false, litigation: false },
      { customerId: "P", dueDate: "2027-06-01", amountMinor: 999_99n, disputed: false, litigation: false },
      { customerId: "P", dueDate: "2026-12-08", amountMinor: 40_00n, disputed: true, litigation: false },
      { customerId: "P", dueDate: "2026-12-08", amountMinor: 30_00n, disputed: false, litigation: true },
      // More than a year past due: not expected.
      { customerId: "P", dueDate: "2025-11-01", amountMinor: 7_00n, disputed: false, litigation: false },
    ];
    const forecast = cashForecast(items, model, "2026-11-25");
    expect(forecast.weeks[0]?.expectedMinor).toBe(100_00n);
    expect(forecast.weeks[1]?.expectedMinor).toBe(0n);
    expect(forecast.weeks[2]?.expectedMinor).toBe(250_50n); // week of 12-07
    expect(forecast.laterMinor).toBe(999_99n);
    expect(forecast.disputedMinor).toBe(40_00n);
    expect(forecast.notExpectedMinor).toBe(37_00n);
    expect(forecast.openTotalMinor).toBe(1_427_49n);
    expect(
      sumOf(forecast.weeks.map((week) => week.expectedMinor)) +
        forecast.laterMinor +
        forecast.disputedMinor +
        forecast.notExpectedMinor,
    ).toBe(forecast.openTotalMinor);
  });

  it("spreads an item over the weeks by the customer's habit, exactly to the minor unit", () => {
    // H pays half its items on the due date and half 14 days late (25 each, equal weights).
    const history = [...exactPayer("H", 0).slice(0, 25), ...exactPayer("H", 14).slice(0, 25)];
    const model = delayModel(history, new Map(), "2026-11-23");
    const forecast = cashForecast(
      [{ customerId: "H", dueDate: "2026-11-24", amountMinor: 100_01n, disputed: false, litigation: false }],
      model,
      "2026-11-23",
    );
    const [first = 0n, second = 0n, third = 0n] = forecast.weeks.map((week) => week.expectedMinor);
    // The organization's pseudo-items add a little to "on time": P(on time) = 0.5 + a bit.
    expect(first).toBeGreaterThan(50_00n);
    expect(second).toBe(0n);
    expect(third).toBeGreaterThan(45_00n);
    expect(first + third).toBe(100_01n);
  });
});

// ---------------------------------------------------------------------------------------------
// Installment portfolio
// ---------------------------------------------------------------------------------------------

function item(seq: number, dueDate: string, paidOn: string | null, principalMinor = 900n): PortfolioItem {
  const totalMinor = 1000n;
  return {
    seq,
    version: 1,
    status: paidOn === null ? "billed" : "paid",
    dueDate,
    principalMinor,
    totalMinor,
    billed: {
      documentDate: dueDate,
      originalMinor: totalMinor,
      allocations: paidOn === null ? [] : [{ date: paidOn, settledMinor: totalMinor, reversedOn: null }],
    },
  };
}

function plan(
  planId: string,
  start: string,
  items: PortfolioItem[],
  closedOn: string | null = null,
): PortfolioPlan {
  return {
    planId,
    number: planId,
    customerId: "c",
    product: "installment-credit",
    method: "equal-installment",
    contractDate: start,
    activatedOn: start,
    closedOn,
    originalPrincipalMinor: 2700n,
    versionDates: new Map([[1, start]]),
    items,
  };
}

describe("the installment portfolio", () => {
  // Good: pays each installment on its due date. Bad: never pays the first (due 02-01).
  const good = plan("good", "2026-01-01", [
    item(1, "2026-02-01", "2026-02-01"),
    item(2, "2026-03-01", "2026-03-01"),
    item(3, "2026-04-01", "2026-04-01"),
  ]);
  const bad = plan("bad", "2026-01-15", [
    item(1, "2026-02-01", null),
    item(2, "2026-03-01", "2026-03-05"),
    { ...item(3, "2026-04-01", null), billed: null, status: "scheduled" },
  ]);

  it("finds each plan's bucket from its oldest unpaid billed installment", () => {
    expect(planStandingAt(good, "2026-02-15")).toMatchObject({ state: "running", bucket: "current" });
    expect(planStandingAt(good, "2026-04-30")).toEqual({ state: "closed" });
    expect(planStandingAt(bad, "2026-01-10")).toEqual({ state: "not-started" });
    // 03-15: installment 1 is 42 days past due.
    expect(planStandingAt(bad, "2026-03-15")).toMatchObject({
      state: "running",
      daysPastDue: 42,
      bucket: "31-60",
      outstandingPrincipalMinor: 1800n, // unpaid #1 and unbilled #3
    });
    const summary = portfolioSummary([good, bad], "2026-03-15");
    expect(summary.runningCount).toBe(2);
    expect(summary.outstandingPrincipalMinor).toBe(2700n);
    expect(summary.buckets.map((b) => [b.bucket, b.count])).toEqual([
      ["current", 1],
      ["1-30", 0],
      ["31-60", 1],
      ["61-90", 0],
      ["90+", 0],
    ]);
  });

  it("counts roll rates between month ends", () => {
    expect(rollMonthEnds("2026-05-10").slice(-3)).toEqual(["2026-02-28", "2026-03-31", "2026-04-30"]);
    expect(rollMonthEnds("2026-04-30").at(-1)).toBe("2026-04-30");
    const rates = rollRates([good, bad], "2026-05-10");
    const from = (bucket: string) => rates.rows.find((row) => row.from === bucket);
    // Month ends 01-31 … 04-30. good: current, current, current, then closed at 04-30.
    // bad: current (01-31), 1-30 (02-28: 27 days), 31-60 (03-31: 58 days), 61-90 (04-30: 88 days).
    expect(from("current")?.count).toBe(4);
    expect(from("current")?.to.find((t) => t.to === "current")?.count).toBe(2);
    expect(from("current")?.to.find((t) => t.to === "1-30")?.rate).toBe("0.2500");
    expect(from("current")?.to.find((t) => t.to === "closed")?.rate).toBe("0.2500");
    expect(from("1-30")?.to.find((t) => t.to === "31-60")?.rate).toBe("1.0000");
    expect(from("31-60")?.to.find((t) => t.to === "61-90")?.count).toBe(1);
    expect(from("90+")?.count).toBe(0);
    expect(from("90+")?.to[0]?.rate).toBeNull();
  });

  it("draws vintage curves of the share ever more than 30 days past due", () => {
    const later = plan("later", "2026-02-10", [item(1, "2026-03-10", "2026-03-10")]);
    const vintages = vintageCurves([good, bad, later], "2026-05-10");
    expect(vintages.map((v) => v.month)).toEqual(["2026-01", "2026-02"]);
    const january = vintages[0];
    expect(january?.planCount).toBe(2);
    // bad's installment 1 becomes 31 days past due on 03-04: from month on book 2 (March) on,
    // half the January principal (2,700 of 5,400).
    expect(january?.curve.map((point) => point.share)).toEqual(["0.0000", "0.0000", "0.5000", "0.5000"]);
    expect(vintages[1]?.curve.map((point) => point.share)).toEqual(["0.0000", "0.0000", "0.0000"]);
  });

  it("writes ratios half up to four places", () => {
    expect(ratioText(1n, 3n)).toBe("0.3333");
    expect(ratioText(2n, 3n)).toBe("0.6667");
    expect(ratioText(1n, 0n)).toBeNull();
  });
});
