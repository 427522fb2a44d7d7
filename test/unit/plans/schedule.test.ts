import { describe, expect, it } from "vitest";
import { decimal } from "../../../src/core/decimal.ts";
import { type AppError, isAppError } from "../../../src/core/errors.ts";
import { formatMoney, money, parseMinor } from "../../../src/core/money.ts";
import type { RoundingMode } from "../../../src/core/rounding.ts";
import {
  buildSchedule,
  checkScheduleRequest,
  dueDates,
  type Frequency,
  type Schedule,
  type ScheduleRequest,
  schedulePeriodsMax,
} from "../../../src/domain/plans/index.ts";
import { thrown } from "../core/support.ts";

const cny = (text: string): bigint => parseMinor(text, "CNY");

/** The issue's quote contract example (issue 5, "Contracts"). */
const contract: ScheduleRequest = {
  principalMinor: cny("12000.00"),
  currency: "CNY",
  method: "equal-installment",
  periods: 4,
  frequency: "monthly",
  startDate: "2011-09-20",
  firstDueDate: "2011-10-20",
  annualRate: "0.24",
  feeRatePerPeriod: "0",
  upfrontFeeMinor: 0n,
  dayCount: "30/360",
  graceOnPrincipalPeriods: 0,
  roundingMode: "half-even",
  installmentMultipleMinor: 1n,
};

type Row = readonly [number, string, string, string, string, string, string];

/** number, due date, principal, interest, fee, total, balance after — as decimal text. */
function table(schedule: Schedule): Row[] {
  const text = (amountMinor: bigint) => formatMoney(money(amountMinor, schedule.currency));
  return schedule.installments.map((row) => [
    row.number,
    row.dueDate,
    text(row.principalMinor),
    text(row.interestMinor),
    text(row.feeMinor),
    text(row.totalMinor),
    text(row.balanceAfterMinor),
  ]);
}

function totals(schedule: Schedule): string[] {
  const { principalMinor, interestMinor, feeMinor, totalMinor } = schedule.totals;
  return [principalMinor, interestMinor, feeMinor, totalMinor].map((x) =>
    formatMoney(money(x, schedule.currency)),
  );
}

function quote(change: Partial<ScheduleRequest>): Schedule {
  return buildSchedule({ ...contract, ...change });
}

function issuesOf(action: () => unknown): string[] {
  const error = thrown(action);
  if (!isAppError(error)) throw error;
  expect(error.code).toBe("VALIDATION_FAILED");
  return (error as AppError).issues.map((issue) => `${issue.path} ${issue.code}`);
}

describe("equal-installment (等额本息)", () => {
  it("matches the quote contract's example exactly", () => {
    const schedule = buildSchedule(contract);
    // r = 0.24 / 12 = 0.02 (30/360, regular first period: 2011-09-20 → 2011-10-20).
    // PMT = 12000 × 0.02 × 1.02^4 / (1.02^4 − 1) = 240 × 6765201 / 515201 = 3151.4851… → 3151.49.
    // 1: interest 12000.00 × 0.02 = 240.00; principal 3151.49 − 240.00 = 2911.49; balance 9088.51
    // 2: interest 9088.51 × 0.02 = 181.7702 → 181.77; principal 2969.72; balance 6118.79
    // 3: interest 6118.79 × 0.02 = 122.3758 → 122.38; principal 3029.11; balance 3089.68
    // 4: interest 3089.68 × 0.02 = 61.7936 → 61.79; principal = the balance 3089.68; total 3151.47
    expect(table(schedule)).toEqual([
      [1, "2011-10-20", "2911.49", "240.00", "0.00", "3151.49", "9088.51"],
      [2, "2011-11-20", "2969.72", "181.77", "0.00", "3151.49", "6118.79"],
      [3, "2011-12-20", "3029.11", "122.38", "0.00", "3151.49", "3089.68"],
      [4, "2012-01-20", "3089.68", "61.79", "0.00", "3151.47", "0.00"],
    ]);
    expect(totals(schedule)).toEqual(["12000.00", "605.94", "0.00", "12605.94"]);
    expect(schedule.levelInstallmentMinor).toBe(cny("3151.49"));
    expect(schedule.firstPeriod).toBe("regular");
    expect(schedule.periodsPerYear).toBe(12);
    expect(schedule.annualRate).toEqual(decimal(6, 25));
    expect([schedule.financedMinor, schedule.subsidyMinor]).toEqual([cny("12000.00"), 0n]);
    expect(schedule.cashFlows).toEqual({
      advances: [{ date: "2011-09-20", amountMinor: cny("12000.00") }],
      payments: [
        { date: "2011-10-20", amountMinor: cny("3151.49") },
        { date: "2011-11-20", amountMinor: cny("3151.49") },
        { date: "2011-12-20", amountMinor: cny("3151.49") },
        { date: "2012-01-20", amountMinor: cny("3151.47") },
      ],
    });
  });

  it("applies the documented defaults: no first due date, 30/360, half-even, the minor unit", () => {
    const minimal: ScheduleRequest = {
      principalMinor: contract.principalMinor,
      currency: "CNY",
      method: "equal-installment",
      periods: 4,
      frequency: "monthly",
      startDate: "2011-09-20",
      annualRate: "0.24",
    };
    expect(buildSchedule(minimal)).toEqual(buildSchedule(contract));
    expect(checkScheduleRequest(minimal)).toEqual([]);
    // An exact Decimal rate is the same as its decimal text.
    expect(buildSchedule({ ...minimal, annualRate: decimal(24, 100) })).toEqual(buildSchedule(contract));
  });

  // Microsoft Support, "PMT function", example 1:
  // https://support.microsoft.com/en-us/excel/functions/pmt-function
  // =PMT(8%/12, 10, 10000) → (1,037.03): the monthly payment of a 10-month loan of 10,000 at 8 %.
  it("pays Excel's PMT example: 10,000 at 8 % over 10 months is 1,037.03 a month", () => {
    const schedule = quote({
      principalMinor: parseMinor("10000", "USD"),
      currency: "USD",
      periods: 10,
      annualRate: "0.08",
      firstDueDate: undefined,
    });
    expect(schedule.levelInstallmentMinor).toBe(103_703n);
    expect(schedule.installments.slice(0, 9).every((row) => row.totalMinor === 103_703n)).toBe(true);
    // The last absorbs the rounding: 10 × 1,037.0321… = 10,370.32; 9 × 1,037.03 + 1,037.07 = 10,370.34.
    expect(schedule.installments[9]?.totalMinor).toBe(103_707n);
  });

  // Microsoft Support, "IPMT function": https://support.microsoft.com/en-us/excel/ipmt-function
  // =IPMT(10%/12, 1, 3*12, 8000) → ($66.67), the first month's interest of a 3-year loan of $8,000;
  // =IPMT(10%, 3, 3, 8000) → ($292.45), the last year's interest of the same loan paid yearly.
  it("charges Excel's IPMT example interest: 66.67 in month 1, 292.45 in year 3", () => {
    const monthly = quote({
      principalMinor: parseMinor("8000", "USD"),
      currency: "USD",
      periods: 36,
      annualRate: "0.10",
      firstDueDate: undefined,
    });
    expect(monthly.installments[0]?.interestMinor).toBe(6_667n);
    const yearly = quote({
      principalMinor: parseMinor("8000", "USD"),
      currency: "USD",
      periods: 3,
      frequency: "yearly",
      annualRate: "0.10",
      firstDueDate: undefined,
    });
    // PMT = 8000 × 0.1 / (1 − 1.1^−3) = 3,216.92; balances 5,583.08 and 2,924.47; 10 % of 2,924.47.
    expect(table(yearly)).toEqual([
      [1, "2012-09-20", "2416.92", "800.00", "0.00", "3216.92", "5583.08"],
      [2, "2013-09-20", "2658.61", "558.31", "0.00", "3216.92", "2924.47"],
      [3, "2014-09-20", "2924.47", "292.45", "0.00", "3216.92", "0.00"],
    ]);
  });

  // Microsoft Support, "PPMT function": https://support.microsoft.com/en-us/Excel/functions/ppmt-function
  // =PPMT(10%/12, 1, 2*12, 2000) → ($75.62), the principal of month 1 of a 2-year loan of $2,000.
  it("repays Excel's PPMT example principal: 75.62 in month 1", () => {
    const schedule = quote({
      principalMinor: parseMinor("2000", "USD"),
      currency: "USD",
      periods: 24,
      annualRate: "0.10",
      firstDueDate: undefined,
    });
    // PMT = 92.2899… → 92.29; interest 2000 × 0.1 / 12 = 16.67; principal 92.29 − 16.67 = 75.62.
    expect(schedule.installments[0]).toMatchObject({ principalMinor: 7_562n, interestMinor: 1_667n });
  });

  it("rounds the level installment to the installment multiple; the last takes the residue", () => {
    const schedule = quote({ installmentMultipleMinor: cny("1.00") });
    // 3151.4851… rounds half-even to 3151.00. Interest: 240.00; 9089.00 × 0.02 = 181.78;
    // 6119.78 × 0.02 = 122.3956 → 122.40; 3091.18 × 0.02 = 61.8236 → 61.82.
    expect(table(schedule)).toEqual([
      [1, "2011-10-20", "2911.00", "240.00", "0.00", "3151.00", "9089.00"],
      [2, "2011-11-20", "2969.22", "181.78", "0.00", "3151.00", "6119.78"],
      [3, "2011-12-20", "3028.60", "122.40", "0.00", "3151.00", "3091.18"],
      [4, "2012-01-20", "3091.18", "61.82", "0.00", "3153.00", "0.00"],
    ]);
    expect(schedule.levelInstallmentMinor).toBe(cny("3151.00"));
  });

  it("rounds with the mode it is given", () => {
    // Up: the level 3151.4851… → 3151.49 and 181.7702 → 181.78; down: 3151.48 and 181.77.
    expect(table(quote({ roundingMode: "up" }))).toEqual([
      [1, "2011-10-20", "2911.49", "240.00", "0.00", "3151.49", "9088.51"],
      [2, "2011-11-20", "2969.71", "181.78", "0.00", "3151.49", "6118.80"],
      [3, "2011-12-20", "3029.11", "122.38", "0.00", "3151.49", "3089.69"],
      [4, "2012-01-20", "3089.69", "61.80", "0.00", "3151.49", "0.00"],
    ]);
    expect(table(quote({ roundingMode: "down" }))).toEqual([
      [1, "2011-10-20", "2911.48", "240.00", "0.00", "3151.48", "9088.52"],
      [2, "2011-11-20", "2969.71", "181.77", "0.00", "3151.48", "6118.81"],
      [3, "2011-12-20", "3029.11", "122.37", "0.00", "3151.48", "3089.70"],
      [4, "2012-01-20", "3089.70", "61.79", "0.00", "3151.49", "0.00"],
    ]);
  });

  it("rounds exact half-fen ties of interest by the mode, on small and on huge amounts", () => {
    // 1 % a month (0.12 / 12) of 2.50 and 3.50 is exactly 0.025 and 0.035: ties at the fen.
    const interestOf = (principalMinor: bigint, roundingMode: RoundingMode) =>
      quote({ method: "interest-only", principalMinor, annualRate: "0.12", periods: 1, roundingMode })
        .installments[0]?.interestMinor;
    const expected: ReadonlyArray<readonly [RoundingMode, bigint, bigint]> = [
      ["half-even", 2n, 4n],
      ["half-up", 3n, 4n],
      ["half-down", 2n, 3n],
      ["up", 3n, 4n],
      ["ceiling", 3n, 4n],
      ["down", 2n, 3n],
      ["floor", 2n, 3n],
    ];
    for (const [mode, even, odd] of expected) {
      expect([mode, interestOf(250n, mode), interestOf(350n, mode)]).toEqual([mode, even, odd]);
      // Above 2^52 the engine leaves double arithmetic for BigInt: the same answers.
      const huge = 10n ** 16n * 5n;
      expect([mode, interestOf(huge + 250n, mode), interestOf(huge + 350n, mode)]).toEqual([
        mode,
        huge / 100n + even,
        huge / 100n + odd,
      ]);
    }
  });

  it("adds a periodic fee on the amount financed to every row", () => {
    const schedule = quote({ feeRatePerPeriod: "0.005" });
    // 0.5 % of 12000.00 = 60.00 a period; principal and interest are the contract example's.
    expect(table(schedule)).toEqual([
      [1, "2011-10-20", "2911.49", "240.00", "60.00", "3211.49", "9088.51"],
      [2, "2011-11-20", "2969.72", "181.77", "60.00", "3211.49", "6118.79"],
      [3, "2011-12-20", "3029.11", "122.38", "60.00", "3211.49", "3089.68"],
      [4, "2012-01-20", "3089.68", "61.79", "60.00", "3211.47", "0.00"],
    ]);
    expect(totals(schedule)).toEqual(["12000.00", "605.94", "240.00", "12845.94"]);
  });

  it("pays interest only during the grace on principal, then amortizes over the remaining periods", () => {
    const schedule = quote({ periods: 6, graceOnPrincipalPeriods: 2 });
    // Two rows of 12000.00 × 0.02 = 240.00, then the contract example's four rows one month later.
    expect(table(schedule)).toEqual([
      [1, "2011-10-20", "0.00", "240.00", "0.00", "240.00", "12000.00"],
      [2, "2011-11-20", "0.00", "240.00", "0.00", "240.00", "12000.00"],
      [3, "2011-12-20", "2911.49", "240.00", "0.00", "3151.49", "9088.51"],
      [4, "2012-01-20", "2969.72", "181.77", "0.00", "3151.49", "6118.79"],
      [5, "2012-02-20", "3029.11", "122.38", "0.00", "3151.49", "3089.68"],
      [6, "2012-03-20", "3089.68", "61.79", "0.00", "3151.47", "0.00"],
    ]);
  });
});

describe("irregular first periods", () => {
  it("charges a short first period on its own days and keeps the principal of a regular one", () => {
    const schedule = quote({ firstDueDate: "2011-10-05" });
    // 30E/360 from 09-20 to 10-05 is 15 days: 12000.00 × 0.24 × 15 / 360 = 120.00. The principal
    // is the regular first period's 2911.49, so every later row is the contract example's.
    expect(schedule.firstPeriod).toBe("short");
    expect(table(schedule)).toEqual([
      [1, "2011-10-05", "2911.49", "120.00", "0.00", "3031.49", "9088.51"],
      [2, "2011-11-05", "2969.72", "181.77", "0.00", "3151.49", "6118.79"],
      [3, "2011-12-05", "3029.11", "122.38", "0.00", "3151.49", "3089.68"],
      [4, "2012-01-05", "3089.68", "61.79", "0.00", "3151.47", "0.00"],
    ]);
  });

  it("charges a long first period on its own days (30/360)", () => {
    const schedule = quote({ firstDueDate: "2011-11-05" });
    // 30E/360 from 09-20 to 11-05 is 45 days: 12000.00 × 0.24 × 45 / 360 = 360.00.
    expect(schedule.firstPeriod).toBe("long");
    expect(table(schedule)[0]).toEqual([1, "2011-11-05", "2911.49", "360.00", "0.00", "3271.49", "9088.51"]);
    expect(schedule.installments.slice(1).map((row) => row.dueDate)).toEqual([
      "2011-12-05",
      "2012-01-05",
      "2012-02-05",
    ]);
  });

  it("charges a long first period on its actual days (actual/365)", () => {
    const schedule = quote({ firstDueDate: "2011-11-05", dayCount: "actual/365" });
    // Actual days: 09-20 → 11-05 is 46: 12000.00 × 0.24 × 46/365 = 362.958… → 362.96.
    // Later periods are 30, 31 and 31 days (11-05 → 12-05 → 01-05 → 02-05); the level payment
    // repays 12000.00 over a regular first period (10-05 → 11-05, 31 days) and those three:
    // 3152.91. Row 1's principal is 3152.91 − 12000.00 × 0.24 × 31/365 (244.60) = 2908.31.
    // Row 2: 9091.69 × 0.24 × 30/365 = 179.343… → 179.34.
    expect(table(schedule)).toEqual([
      [1, "2011-11-05", "2908.31", "362.96", "0.00", "3271.27", "9091.69"],
      [2, "2011-12-05", "2973.57", "179.34", "0.00", "3152.91", "6118.12"],
      [3, "2012-01-05", "3028.20", "124.71", "0.00", "3152.91", "3089.92"],
      [4, "2012-02-05", "3089.92", "62.98", "0.00", "3152.90", "0.00"],
    ]);
  });

  it("treats a first due date one period after the start as regular, month-end clamping included", () => {
    const schedule = quote({ startDate: "2024-01-31", firstDueDate: "2024-02-29" });
    expect(schedule.firstPeriod).toBe("regular");
    expect(schedule.installments.map((row) => row.dueDate)).toEqual([
      "2024-02-29",
      "2024-03-31",
      "2024-04-30",
      "2024-05-31",
    ]);
  });

  it("keeps the start day as the anchor when the first due date was clamped to a month end", () => {
    // Start on the 31st, a long first period to 29 Feb: later dates return to the 31st.
    const clamped = quote({ startDate: "2023-12-31", firstDueDate: "2024-02-29" });
    expect(clamped.firstPeriod).toBe("long");
    expect(clamped.installments.map((row) => row.dueDate)).toEqual([
      "2024-02-29",
      "2024-03-31",
      "2024-04-30",
      "2024-05-31",
    ]);
    // Start on the 10th with a first due date on 29 Feb: the series keeps the 29th.
    const chosen = quote({ startDate: "2024-01-10", firstDueDate: "2024-02-29" });
    expect(chosen.installments.map((row) => row.dueDate)).toEqual([
      "2024-02-29",
      "2024-03-29",
      "2024-04-29",
      "2024-05-29",
    ]);
  });
});

describe("day counts in the schedule", () => {
  it("charges a 30/360 regular month one twelfth of the annual rate whatever its length", () => {
    const schedule = quote({ method: "interest-only", startDate: "2024-01-31", firstDueDate: undefined });
    // 29 Feb, 31 Mar, 30 Apr, 31 May: every row 12000.00 × 0.24 / 12 = 240.00.
    expect(schedule.installments.map((row) => row.interestMinor)).toEqual([
      cny("240.00"),
      cny("240.00"),
      cny("240.00"),
      cny("240.00"),
    ]);
  });

  it("charges actual/365 periods on their actual days", () => {
    const schedule = quote({ dayCount: "actual/365", startDate: "2024-01-31", firstDueDate: undefined });
    // 31 Jan → 29 Feb is 29 days: 12000.00 × 0.24 × 29/365 = 228.821… → 228.82; then 31, 30, 31
    // days on the declining balance, e.g. 9079.46 × 0.24 × 31/365 = 185.069… → 185.07. The level
    // 3149.36 repays exactly at these four rates, so only rounding is left for the last.
    expect(table(schedule)).toEqual([
      [1, "2024-02-29", "2920.54", "228.82", "0.00", "3149.36", "9079.46"],
      [2, "2024-03-31", "2964.29", "185.07", "0.00", "3149.36", "6115.17"],
      [3, "2024-04-30", "3028.73", "120.63", "0.00", "3149.36", "3086.44"],
      [4, "2024-05-31", "3086.44", "62.91", "0.00", "3149.35", "0.00"],
    ]);
  });

  it("splits actual/actual periods at the year end", () => {
    const schedule = quote({ dayCount: "actual/actual", startDate: "2023-11-15", firstDueDate: undefined });
    // 15 Nov → 15 Dec 2023: 30/365 → 12000.00 × 0.24 × 30/365 = 236.71.
    // 15 Dec 2023 → 15 Jan 2024: 17/365 + 14/366 of 9085.49 × 0.24 = 184.966… → 184.97.
    expect(table(schedule).slice(0, 2)).toEqual([
      [1, "2023-12-15", "2914.51", "236.71", "0.00", "3151.22", "9085.49"],
      [2, "2024-01-15", "2966.25", "184.97", "0.00", "3151.22", "6119.24"],
    ]);
  });
});

describe("equal-principal (等额本金)", () => {
  it("repays equal principal with interest on the declining balance", () => {
    const schedule = quote({ method: "equal-principal" });
    // 12000.00 / 4 = 3000.00 a month; interest 2 % of 12000, 9000, 6000, 3000.
    expect(table(schedule)).toEqual([
      [1, "2011-10-20", "3000.00", "240.00", "0.00", "3240.00", "9000.00"],
      [2, "2011-11-20", "3000.00", "180.00", "0.00", "3180.00", "6000.00"],
      [3, "2011-12-20", "3000.00", "120.00", "0.00", "3120.00", "3000.00"],
      [4, "2012-01-20", "3000.00", "60.00", "0.00", "3060.00", "0.00"],
    ]);
    expect(schedule.levelInstallmentMinor).toBeNull();
  });

  it("puts the rounding residue of the principal parts in the last", () => {
    const schedule = quote({
      method: "equal-principal",
      principalMinor: cny("10000.00"),
      periods: 3,
      annualRate: "0.12",
    });
    // 10000.00 / 3 = 3333.333… → 3333.33 twice and 3333.34 last; interest 1 % of
    // 10000.00, 6666.67 (66.6667 → 66.67) and 3333.34 (33.3334 → 33.33).
    expect(table(schedule)).toEqual([
      [1, "2011-10-20", "3333.33", "100.00", "0.00", "3433.33", "6666.67"],
      [2, "2011-11-20", "3333.33", "66.67", "0.00", "3400.00", "3333.34"],
      [3, "2011-12-20", "3333.34", "33.33", "0.00", "3366.67", "0.00"],
    ]);
  });
});

describe("flat-fee (手续费分期)", () => {
  it("charges the card-installment fee: 12,000 over 12 months at 0.6 % a month is 72.00 a month", () => {
    // The usual Chinese credit-card installment: 分期手续费 0.6 % of the amount a month, principal
    // in 12 equal parts: 1,000.00 + 72.00 = 1,072.00 a month, 864.00 of fees in all.
    const schedule = quote({
      method: "flat-fee",
      periods: 12,
      annualRate: "0",
      feeRatePerPeriod: "0.006",
      firstDueDate: undefined,
    });
    for (const row of schedule.installments) {
      expect([row.principalMinor, row.interestMinor, row.feeMinor, row.totalMinor]).toEqual([
        cny("1000.00"),
        0n,
        cny("72.00"),
        cny("1072.00"),
      ]);
    }
    expect(totals(schedule)).toEqual(["12000.00", "0.00", "864.00", "12864.00"]);
    expect(schedule.levelInstallmentMinor).toBe(cny("1072.00"));
    expect(schedule.installments.at(-1)?.balanceAfterMinor).toBe(0n);
  });

  it("keeps the fee on the original amount and puts the principal residue in the last", () => {
    const schedule = quote({
      method: "flat-fee",
      principalMinor: cny("10000.00"),
      periods: 3,
      annualRate: "0",
      feeRatePerPeriod: "0.006",
    });
    expect(table(schedule)).toEqual([
      [1, "2011-10-20", "3333.33", "0.00", "60.00", "3393.33", "6666.67"],
      [2, "2011-11-20", "3333.33", "0.00", "60.00", "3393.33", "3333.34"],
      [3, "2011-12-20", "3333.34", "0.00", "60.00", "3393.34", "0.00"],
    ]);
  });

  it("rounds the level total, fee included, to the installment multiple", () => {
    const schedule = quote({
      method: "flat-fee",
      principalMinor: cny("10000.00"),
      periods: 3,
      annualRate: "0",
      feeRatePerPeriod: "0.006",
      installmentMultipleMinor: cny("10.00"),
    });
    // 3333.33… + 60.00 = 3393.33… → 3390.00: principal 3330.00 twice, the last 3340.00.
    expect(table(schedule).map((row) => [row[2], row[5]])).toEqual([
      ["3330.00", "3390.00"],
      ["3330.00", "3390.00"],
      ["3340.00", "3400.00"],
    ]);
  });
});

describe("interest-only", () => {
  it("pays interest each period and the whole principal with the last (balloon)", () => {
    const schedule = quote({ method: "interest-only", annualRate: "0.12", periods: 3 });
    expect(table(schedule)).toEqual([
      [1, "2011-10-20", "0.00", "120.00", "0.00", "120.00", "12000.00"],
      [2, "2011-11-20", "0.00", "120.00", "0.00", "120.00", "12000.00"],
      [3, "2011-12-20", "12000.00", "120.00", "0.00", "12120.00", "0.00"],
    ]);
  });
});

describe("down payment, upfront fee and interest-free promotions", () => {
  it("finances the principal less the down payment and nets the upfront fee from the advance", () => {
    const schedule = quote({
      principalMinor: cny("15000.00"),
      downPaymentMinor: cny("3000.00"),
      upfrontFeeMinor: cny("100.00"),
    });
    expect(schedule.principalMinor).toBe(cny("15000.00"));
    expect(schedule.downPaymentMinor).toBe(cny("3000.00"));
    expect(schedule.financedMinor).toBe(cny("12000.00"));
    expect(schedule.upfrontFeeMinor).toBe(cny("100.00"));
    // 12000.00 financed: the contract example's rows.
    expect(table(schedule)).toEqual(table(buildSchedule(contract)));
    expect(schedule.totals.principalMinor).toBe(cny("12000.00"));
    expect(schedule.cashFlows.advances).toEqual([{ date: "2011-09-20", amountMinor: cny("11900.00") }]);
  });

  it("charges the customer no interest and records the merchant's subsidy", () => {
    const schedule = quote({ interestFree: true });
    expect(table(schedule)).toEqual([
      [1, "2011-10-20", "3000.00", "0.00", "0.00", "3000.00", "9000.00"],
      [2, "2011-11-20", "3000.00", "0.00", "0.00", "3000.00", "6000.00"],
      [3, "2011-12-20", "3000.00", "0.00", "0.00", "3000.00", "3000.00"],
      [4, "2012-01-20", "3000.00", "0.00", "0.00", "3000.00", "0.00"],
    ]);
    // The interest the contract example earns at 24 %.
    expect(schedule.subsidyMinor).toBe(cny("605.94"));
    expect(schedule.annualRate).toEqual(decimal(6, 25));
  });

  it("leaves rows of nothing out of the cash flows", () => {
    const schedule = quote({ interestFree: true, periods: 5, graceOnPrincipalPeriods: 1 });
    expect(schedule.installments[0]?.totalMinor).toBe(0n);
    expect(schedule.cashFlows.payments.map((payment) => payment.date)).toEqual([
      "2011-11-20",
      "2011-12-20",
      "2012-01-20",
      "2012-02-20",
    ]);
    // Interest of the rated plan: 240.00 of grace, then the contract example's 605.94.
    expect(schedule.subsidyMinor).toBe(cny("845.94"));
  });
});

describe("due dates", () => {
  const datesOf = (frequency: Frequency, startDate: string, periods: number) =>
    quote({
      frequency,
      startDate,
      periods,
      firstDueDate: undefined,
      method: "interest-only",
    }).installments.map((row) => row.dueDate);

  it("steps weekly and biweekly by 7 and 14 days across a year end", () => {
    expect(datesOf("weekly", "2024-12-25", 3)).toEqual(["2025-01-01", "2025-01-08", "2025-01-15"]);
    expect(datesOf("biweekly", "2024-12-25", 3)).toEqual(["2025-01-08", "2025-01-22", "2025-02-05"]);
  });

  it("clamps monthly dates to the month end and returns to the start day", () => {
    expect(datesOf("monthly", "2023-01-31", 4)).toEqual([
      "2023-02-28",
      "2023-03-31",
      "2023-04-30",
      "2023-05-31",
    ]);
    expect(datesOf("monthly", "2024-01-31", 2)).toEqual(["2024-02-29", "2024-03-31"]);
    expect(datesOf("monthly", "2024-01-30", 2)).toEqual(["2024-02-29", "2024-03-30"]);
  });

  it("steps quarterly and yearly by 3 and 12 months, clamped the same way", () => {
    expect(datesOf("quarterly", "2023-11-30", 4)).toEqual([
      "2024-02-29",
      "2024-05-30",
      "2024-08-30",
      "2024-11-30",
    ]);
    expect(datesOf("yearly", "2024-02-29", 4)).toEqual([
      "2025-02-28",
      "2026-02-28",
      "2027-02-28",
      "2028-02-29",
    ]);
  });

  it("falls due twice a month, on the start day and 15 days later", () => {
    expect(datesOf("semimonthly", "2024-01-31", 6)).toEqual([
      "2024-02-15",
      "2024-02-29",
      "2024-03-15",
      "2024-03-31",
      "2024-04-15",
      "2024-04-30",
    ]);
    expect(datesOf("semimonthly", "2025-01-20", 4)).toEqual([
      "2025-02-04",
      "2025-02-20",
      "2025-03-07",
      "2025-03-20",
    ]);
    expect(datesOf("semimonthly", "2025-01-01", 3)).toEqual(["2025-01-16", "2025-02-01", "2025-02-16"]);
  });

  it("charges a regular period annualRate / periods-per-year under 30/360", () => {
    const rates: ReadonlyArray<readonly [Frequency, string]> = [
      ["weekly", "55.38"], // 12000.00 × 0.24 / 52 = 55.3846…
      ["biweekly", "110.77"], // / 26 = 110.769…
      ["semimonthly", "120.00"], // / 24
      ["monthly", "240.00"], // / 12
      ["quarterly", "720.00"], // / 4
      ["yearly", "2880.00"], // / 1
    ];
    for (const [frequency, interest] of rates) {
      const schedule = quote({ frequency, firstDueDate: undefined, method: "interest-only" });
      expect([frequency, formatMoney(money(schedule.installments[0]?.interestMinor ?? -1n, "CNY"))]).toEqual([
        frequency,
        interest,
      ]);
    }
  });

  it("lists due dates from texts at the edge", () => {
    expect(dueDates("2024-01-31", "monthly", 3)).toEqual(["2024-02-29", "2024-03-31", "2024-04-30"]);
    expect(dueDates("2024-01-31", "monthly", 2, "2024-02-15")).toEqual(["2024-02-15", "2024-03-15"]);
    expect(() => dueDates("2024-02-30", "monthly", 2)).toThrow(/Not a date/);
    expect(issuesOf(() => dueDates("2024-01-31", "monthly", 601))).toEqual(["periods OUT_OF_RANGE"]);
    expect(issuesOf(() => dueDates("2024-01-31", "daily" as Frequency, 2, "2024-01-31"))).toEqual([
      "frequency INVALID_CHOICE",
      "firstDueDate NOT_AFTER_START",
    ]);
  });
});

describe("validation", () => {
  it("names every field at fault with the quote contract's paths", () => {
    const bad = {
      principalMinor: 0n,
      currency: "XXX",
      method: "balloon",
      periods: 601,
      frequency: "daily",
      startDate: "2024-02-30",
      annualRate: "0.1.2",
      feeRatePerPeriod: "-0.01",
      upfrontFeeMinor: -1n,
      downPaymentMinor: -1n,
      dayCount: "30/365",
      graceOnPrincipalPeriods: -1,
      interestFree: "yes",
      roundingMode: "bankers",
      installmentMultipleMinor: 0n,
    } as unknown as ScheduleRequest;
    expect(issuesOf(() => buildSchedule(bad))).toEqual([
      "principal OUT_OF_RANGE",
      "currency INVALID_CURRENCY",
      "method INVALID_CHOICE",
      "periods OUT_OF_RANGE",
      "frequency INVALID_CHOICE",
      "startDate INVALID_DATE",
      "annualRate INVALID_RATE",
      "feeRatePerPeriod OUT_OF_RANGE",
      "downPayment OUT_OF_RANGE",
      "upfrontFee OUT_OF_RANGE",
      "dayCount INVALID_CHOICE",
      "graceOnPrincipalPeriods OUT_OF_RANGE",
      "interestFree INVALID_TYPE",
      "roundingMode INVALID_CHOICE",
      "installmentMultiple OUT_OF_RANGE",
    ]);
    expect(checkScheduleRequest(bad)).toHaveLength(15);
  });

  it("enforces the limits: periods 1 to 600, principal up to 10^17 minor units, rates 0 to 10", () => {
    expect(issuesOf(() => quote({ periods: 0 }))).toEqual(["periods OUT_OF_RANGE"]);
    expect(issuesOf(() => quote({ periods: 2.5 }))).toEqual(["periods OUT_OF_RANGE"]);
    expect(checkScheduleRequest({ ...contract, periods: schedulePeriodsMax })).toEqual([]);
    expect(issuesOf(() => quote({ principalMinor: 10n ** 17n + 1n }))).toEqual(["principal OUT_OF_RANGE"]);
    expect(checkScheduleRequest({ ...contract, principalMinor: 10n ** 17n })).toEqual([]);
    expect(issuesOf(() => quote({ annualRate: "10.000001" }))).toEqual(["annualRate OUT_OF_RANGE"]);
    expect(issuesOf(() => quote({ annualRate: "-0.01" }))).toEqual(["annualRate OUT_OF_RANGE"]);
    expect(checkScheduleRequest({ ...contract, annualRate: "10" })).toEqual([]);
    expect(issuesOf(() => quote({ annualRate: 0.24 as unknown as string }))).toEqual([
      "annualRate INVALID_RATE",
    ]);
    expect(issuesOf(() => quote({ feeRatePerPeriod: "1.5" }))).toEqual(["feeRatePerPeriod OUT_OF_RANGE"]);
    expect(issuesOf(() => quote({ startDate: "1899-12-31", firstDueDate: undefined }))).toEqual([
      "startDate OUT_OF_RANGE",
    ]);
  });

  it("checks the first due date against the start", () => {
    expect(issuesOf(() => quote({ firstDueDate: "2011-09-20" }))).toEqual(["firstDueDate NOT_AFTER_START"]);
    expect(issuesOf(() => quote({ firstDueDate: "2011-09-01" }))).toEqual(["firstDueDate NOT_AFTER_START"]);
    expect(issuesOf(() => quote({ firstDueDate: "20111020" }))).toEqual(["firstDueDate INVALID_DATE"]);
    // Two regular periods is the longest first period: 2011-11-20 is accepted, a day more is not.
    expect(checkScheduleRequest({ ...contract, firstDueDate: "2011-11-20" })).toEqual([]);
    expect(issuesOf(() => quote({ firstDueDate: "2011-11-21" }))).toEqual([
      "firstDueDate FIRST_PERIOD_TOO_LONG",
    ]);
  });

  it("checks the down payment, the upfront fee and the grace against the plan", () => {
    expect(issuesOf(() => quote({ downPaymentMinor: cny("12000.00") }))).toEqual([
      "downPayment NOT_LESS_THAN_PRINCIPAL",
    ]);
    expect(
      issuesOf(() => quote({ downPaymentMinor: cny("2000.00"), upfrontFeeMinor: cny("10000.00") })),
    ).toEqual(["upfrontFee NOT_LESS_THAN_FINANCED"]);
    expect(issuesOf(() => quote({ graceOnPrincipalPeriods: 4 }))).toEqual([
      "graceOnPrincipalPeriods OUT_OF_RANGE",
    ]);
    expect(checkScheduleRequest({ ...contract, graceOnPrincipalPeriods: 3 })).toEqual([]);
  });

  it("requires a fee rate and no interest rate for a flat-fee plan", () => {
    expect(issuesOf(() => quote({ method: "flat-fee", feeRatePerPeriod: undefined }))).toEqual([
      "feeRatePerPeriod REQUIRED",
      "annualRate NOT_APPLICABLE",
    ]);
  });

  it("reports missing fields as required", () => {
    const empty = { currency: "CNY" } as unknown as ScheduleRequest;
    expect(issuesOf(() => buildSchedule(empty))).toEqual([
      "principal REQUIRED",
      "method INVALID_CHOICE",
      "periods OUT_OF_RANGE",
      "frequency INVALID_CHOICE",
      "startDate REQUIRED",
      "annualRate REQUIRED",
    ]);
  });

  it("refuses a level installment that cannot cover a period's interest", () => {
    // Rounded to 10,000.00 the level 3151.49 becomes 0: the balance would grow.
    expect(issuesOf(() => quote({ installmentMultipleMinor: cny("10000.00") }))).toEqual([
      "installmentMultiple INSTALLMENT_BELOW_CHARGES",
    ]);
    // At 24 % over 50 years of actual days, a 31-day month's interest exceeds the level installment.
    expect(issuesOf(() => quote({ periods: 600, dayCount: "actual/365", firstDueDate: undefined }))).toEqual([
      "periods INSTALLMENT_BELOW_CHARGES",
    ]);
  });

  it("refuses installments that repay everything before the last period", () => {
    // Rounded to 5,000.00, three installments would more than repay 12,000.00.
    expect(issuesOf(() => quote({ installmentMultipleMinor: cny("5000.00") }))).toEqual([
      "installmentMultiple PAID_OFF_EARLY",
    ]);
    // 0.05 in four equal parts rounded up is 0.02 each: the third would overpay.
    expect(
      issuesOf(() =>
        quote({ method: "equal-principal", principalMinor: 5n, annualRate: "0", roundingMode: "up" }),
      ),
    ).toEqual(["principal PAID_OFF_EARLY"]);
  });
});
