import { describe, expect, it } from "vitest";
import type { AppError } from "../../../src/core/errors.ts";
import { formatMoney, money, parseMinor } from "../../../src/core/money.ts";
import {
  buildSchedule,
  type Installment,
  type PlanChange,
  type PlanState,
  partialPrepayment,
  payoffQuote,
  restructurePlan,
  type ScheduleRequest,
} from "../../../src/domain/plans/index.ts";
import { thrown } from "../core/support.ts";

const cny = (text: string): bigint => parseMinor(text, "CNY");
const text = (amountMinor: bigint): string => formatMoney(money(amountMinor, "CNY"));

type Row = readonly [number, string, string, string, string, string, string];

/** number, due date, principal, interest, fee, total, balance after — as decimal text. */
const table = (rows: ReadonlyArray<Installment>): Row[] =>
  rows.map((row) => [
    row.number,
    row.dueDate,
    text(row.principalMinor),
    text(row.interestMinor),
    text(row.feeMinor),
    text(row.totalMinor),
    text(row.balanceAfterMinor),
  ]);

const principalOf = (rows: ReadonlyArray<Installment>): bigint =>
  rows.reduce((total, row) => total + row.principalMinor, 0n);

function issuesOf(action: () => unknown): string[] {
  const error = thrown(action) as AppError;
  expect(error.code).toBe("VALIDATION_FAILED");
  return error.issues.map((issue) => `${issue.path} ${issue.code}`);
}

function planOf(request: ScheduleRequest, paidThrough: number): PlanState {
  return { request, schedule: buildSchedule(request), paidThrough };
}

/**
 * The issue's quote contract example: 12,000.00 over 4 months at 24 % (2 % a month), 30/360.
 * Row 1: 2,911.49 + 240.00 = 3,151.49, balance 9,088.51; row 2: 2,969.72 + 181.77, balance 6,118.79;
 * row 3: 3,029.11 + 122.38; row 4: 3,089.68 + 61.79. Due on the 20th.
 */
const contract: ScheduleRequest = {
  principalMinor: cny("12000.00"),
  currency: "CNY",
  method: "equal-installment",
  periods: 4,
  frequency: "monthly",
  startDate: "2011-09-20",
  firstDueDate: "2011-10-20",
  annualRate: "0.24",
  dayCount: "30/360",
};
const rowOne: Row = [1, "2011-10-20", "2911.49", "240.00", "0.00", "3151.49", "9088.51"];

describe("restructurePlan: rate change", () => {
  it("splits the current period at the effective date (分段计息) and re-amortizes at the new rate", () => {
    const plan = planOf(contract, 1);
    const result = restructurePlan(plan, {
      kind: "rate-change",
      effectiveDate: "2011-11-05",
      annualRate: "0.12",
      reason: "repricing to the new LPR",
    });
    // Row 2: 20 Oct → 5 Nov at 24 %: 9,088.51 × 0.24 × 15/360 = 90.8851 → 90.89; 5 Nov → 20 Nov at
    // 12 %: 9,088.51 × 0.12 × 15/360 = 45.4426 → 45.44; 136.33 in all. The level is
    // PMT(1 %, 3, 9,088.51) = 3,090.294 → 3,090.29; row 2's principal is that less a regular month's
    // interest at 1 % (90.89): 2,999.40.
    expect(table(result.next.schedule.installments)).toEqual([
      rowOne,
      [2, "2011-11-20", "2999.40", "136.33", "0.00", "3135.73", "6089.11"],
      [3, "2011-12-20", "3029.40", "60.89", "0.00", "3090.29", "3059.71"],
      [4, "2012-01-20", "3059.71", "30.60", "0.00", "3090.31", "0.00"],
    ]);
    expect(result.kind).toBe("rate-change");
    expect(result.reason).toBe("repricing to the new LPR");
    expect(result.previous).toBe(plan);
    expect(text(result.interestBeforeChangeMinor)).toBe("90.89");
    expect(result.next.periodSplit).toEqual({
      rowNumber: 2,
      from: "2011-11-05",
      interestBeforeMinor: cny("90.89"),
    });
    expect(result.next.request).toMatchObject({
      principalMinor: cny("9088.51"),
      periods: 3,
      annualRate: { numerator: 3n, denominator: 25n },
    });

    // A payoff later in that period owes the old-rate part and 10 days at 12 %:
    // 90.89 + 9,088.51 × 0.12 × 10/360 (30.295 → 30.30) = 121.19.
    const payoff = payoffQuote(result.next, { date: "2011-11-15", feePolicy: { kind: "none" } });
    expect(text(payoff.accruedInterestMinor)).toBe("121.19");
    expect(text(payoff.totalMinor)).toBe("9209.70");
  });

  it("takes effect on a due date without a split", () => {
    const result = restructurePlan(planOf(contract, 2), {
      kind: "rate-change",
      effectiveDate: "2011-11-20",
      annualRate: "0.12",
      reason: "repricing",
    });
    // 6,118.79 × 1 % = 61.1879 → 61.19; PMT(1 %, 2, 6,118.79) = 3,105.362 → 3,105.36.
    expect(table(result.next.schedule.installments.slice(2))).toEqual([
      [3, "2011-12-20", "3044.17", "61.19", "0.00", "3105.36", "3074.62"],
      [4, "2012-01-20", "3074.62", "30.75", "0.00", "3105.37", "0.00"],
    ]);
    expect(result.interestBeforeChangeMinor).toBe(0n);
    expect(result.next.periodSplit).toBeUndefined();
  });

  it("splits an actual/actual quarter across the year end and keeps a month-end calendar", () => {
    // 10,000.00 over 4 quarters from 31 Aug 2023 at 8 %: due 30 Nov, 29 Feb, 31 May, 31 Aug.
    const quarterly: ScheduleRequest = {
      principalMinor: cny("10000.00"),
      currency: "CNY",
      method: "equal-installment",
      periods: 4,
      frequency: "quarterly",
      startDate: "2023-08-31",
      annualRate: "0.08",
      dayCount: "actual/actual",
    };
    const plan = planOf(quarterly, 1);
    expect(text(plan.schedule.installments[0]?.balanceAfterMinor ?? 0n)).toBe("7573.32");
    const result = restructurePlan(plan, {
      kind: "rate-change",
      effectiveDate: "2023-12-15",
      annualRate: "0.04",
      reason: "repricing",
    });
    // 30 Nov → 15 Dec 2023 at 8 %: 7,573.32 × 0.08 × 15/365 = 24.8986 → 24.90. 15 Dec → 29 Feb at 4 %:
    // 17 days of 2023 (/365) and 59 of 2024 (/366): 7,573.32 × 0.04 × (17/365 + 59/366) = 62.9426 →
    // 62.94. Row 2's interest is 87.84.
    const rows = result.next.schedule.installments;
    expect(text(rows[1]?.interestMinor ?? 0n)).toBe("87.84");
    expect(rows.map((row) => row.dueDate)).toEqual(["2023-11-30", "2024-02-29", "2024-05-31", "2024-08-31"]);
    expect(result.next.calendarKept).toBe(true);
    // A further change on the new version continues the calendar on the 31st.
    const extended = restructurePlan(result.next, {
      kind: "term-extension",
      effectiveDate: "2024-01-10",
      extraPeriods: 2,
      reason: "hardship",
    });
    expect(extended.next.schedule.installments.map((row) => row.dueDate)).toEqual([
      "2023-11-30",
      "2024-02-29",
      "2024-05-31",
      "2024-08-31",
      "2024-11-30",
      "2025-02-28",
    ]);
    // Row 2 keeps its interest (old and new rate parts alike).
    expect(text(extended.next.schedule.installments[1]?.interestMinor ?? 0n)).toBe("87.84");
  });
});

describe("restructurePlan: payment holiday", () => {
  it("spreads the holiday's interest over the remaining rows by default, without interest on it", () => {
    const result = restructurePlan(planOf(contract, 1), {
      kind: "payment-holiday",
      effectiveDate: "2011-11-05",
      periods: 2,
      reason: "hardship",
    });
    // 20 Nov and 20 Dec are skipped. Interest from 20 Oct to 20 Dec on 9,088.51: 2 × 2 % = 4 % →
    // 363.5404 → 363.54, spread as 121.18 a row. The 9,088.51 re-amortize over 3 months from 20 Dec:
    // PMT(2 %, 3, 9,088.51) = 3,151.483 → 3,151.48; row 2: 181.77 + 121.18 of interest.
    expect(result.skippedDueDates).toEqual(["2011-11-20", "2011-12-20"]);
    expect(result.holidayInterest).toBe("spread");
    expect(text(result.holidayInterestMinor)).toBe("363.54");
    expect(result.capitalizedMinor).toBe(0n);
    expect(table(result.next.schedule.installments)).toEqual([
      rowOne,
      [2, "2012-01-20", "2969.71", "302.95", "0.00", "3272.66", "6118.80"],
      [3, "2012-02-20", "3029.10", "243.56", "0.00", "3272.66", "3089.70"],
      [4, "2012-03-20", "3089.70", "182.97", "0.00", "3272.67", "0.00"],
    ]);
    expect(principalOf(result.next.schedule.installments)).toBe(cny("12000.00"));
  });

  it("capitalizes the holiday's interest on request", () => {
    const result = restructurePlan(planOf(contract, 1), {
      kind: "payment-holiday",
      effectiveDate: "2011-11-05",
      periods: 1,
      holidayInterest: "capitalize",
      reason: "hardship",
    });
    // 9,088.51 × 2 % = 181.7702 → 181.77 added: 9,270.28 over 3 months from 20 Nov.
    // 9,270.28 × 2 % = 185.4056 → 185.41; PMT(2 %, 3, 9,270.28) = 3,214.513 → 3,214.51.
    expect(text(result.capitalizedMinor)).toBe("181.77");
    expect(table(result.next.schedule.installments)).toEqual([
      rowOne,
      [2, "2011-12-20", "3029.10", "185.41", "0.00", "3214.51", "6241.18"],
      [3, "2012-01-20", "3089.69", "124.82", "0.00", "3214.51", "3151.49"],
      [4, "2012-02-20", "3151.49", "63.03", "0.00", "3214.52", "0.00"],
    ]);
    // Paid rows + new rows = the amount financed + the capitalized interest.
    expect(principalOf(result.next.schedule.installments)).toBe(cny("12000.00") + cny("181.77"));
  });
});

describe("restructurePlan: term extension and capitalized arrears", () => {
  it("spreads the outstanding principal over more periods, the current row's interest unchanged", () => {
    const result = restructurePlan(planOf(contract, 1), {
      kind: "term-extension",
      effectiveDate: "2011-11-05",
      extraPeriods: 2,
      reason: "hardship",
    });
    // PMT(2 %, 5, 9,088.51) = 1,928.204 → 1,928.20; row 2 keeps 181.77 of interest.
    expect(table(result.next.schedule.installments)).toEqual([
      rowOne,
      [2, "2011-11-20", "1746.43", "181.77", "0.00", "1928.20", "7342.08"],
      [3, "2011-12-20", "1781.36", "146.84", "0.00", "1928.20", "5560.72"],
      [4, "2012-01-20", "1816.99", "111.21", "0.00", "1928.20", "3743.73"],
      [5, "2012-02-20", "1853.33", "74.87", "0.00", "1928.20", "1890.40"],
      [6, "2012-03-20", "1890.40", "37.81", "0.00", "1928.21", "0.00"],
    ]);
  });

  it("keeps month ends: a plan due on the 31st continues on the 31st or the month's last day", () => {
    // 6,000.00, equal principal over 6 months from 31 Jan 2024 at 6 %, actual/365.
    const monthEnd: ScheduleRequest = {
      principalMinor: cny("6000.00"),
      currency: "CNY",
      method: "equal-principal",
      periods: 6,
      frequency: "monthly",
      startDate: "2024-01-31",
      annualRate: "0.06",
      dayCount: "actual/365",
    };
    const result = restructurePlan(planOf(monthEnd, 2), {
      kind: "term-extension",
      effectiveDate: "2024-04-10",
      extraPeriods: 3,
      reason: "hardship",
    });
    // 4,000.00 over 7 months: 571.43 a month, the last 571.42. Row 3 keeps its interest:
    // 4,000.00 × 0.06 × 30/365 = 19.726 → 19.73. Row 4: 3,428.57 × 0.06 × 31/365 = 17.4714 → 17.47.
    expect(table(result.next.schedule.installments.slice(2))).toEqual([
      [3, "2024-04-30", "571.43", "19.73", "0.00", "591.16", "3428.57"],
      [4, "2024-05-31", "571.43", "17.47", "0.00", "588.90", "2857.14"],
      [5, "2024-06-30", "571.43", "14.09", "0.00", "585.52", "2285.71"],
      [6, "2024-07-31", "571.43", "11.65", "0.00", "583.08", "1714.28"],
      [7, "2024-08-31", "571.43", "8.74", "0.00", "580.17", "1142.85"],
      [8, "2024-09-30", "571.43", "5.64", "0.00", "577.07", "571.42"],
      [9, "2024-10-31", "571.42", "2.91", "0.00", "574.33", "0.00"],
    ]);
  });

  it("adds the arrears' unpaid interest to the principal and re-amortizes over the periods left", () => {
    const plan = planOf(contract, 1);
    const result = restructurePlan(plan, {
      kind: "capitalize-arrears",
      effectiveDate: "2011-12-05",
      reason: "arrears agreement",
    });
    // Row 2 (due 20 Nov) is unpaid: its 181.77 of interest is capitalized; its principal is already
    // owed. New principal 9,088.51 + 181.77 = 9,270.28 over the 2 periods left (20 Dec, 20 Jan).
    // Row 3's period is split on 5 Dec: 6,118.79 × 0.24 × 15/360 = 61.1879 → 61.19 before it,
    // 9,270.28 × 0.24 × 15/360 = 92.7028 → 92.70 after: 153.89. Level PMT(2 %, 2, 9,270.28)
    // = 4,774.653 → 4,774.65; principal 4,774.65 − 185.41 = 4,589.24.
    expect(table(result.capitalizedInstallments)).toEqual([
      [2, "2011-11-20", "2969.72", "181.77", "0.00", "3151.49", "6118.79"],
    ]);
    expect(text(result.capitalizedMinor)).toBe("181.77");
    expect(text(result.interestBeforeChangeMinor)).toBe("61.19");
    expect(table(result.next.schedule.installments)).toEqual([
      rowOne,
      [2, "2011-12-20", "4589.24", "153.89", "0.00", "4743.13", "4681.04"],
      [3, "2012-01-20", "4681.04", "93.62", "0.00", "4774.66", "0.00"],
    ]);
    expect(result.next.paidThrough).toBe(1);
    expect(result.next.periodSplit).toEqual({
      rowNumber: 2,
      from: "2011-12-05",
      interestBeforeMinor: cny("61.19"),
    });
    expect(principalOf(result.next.schedule.installments)).toBe(cny("12000.00") + cny("181.77"));
  });
});

describe("restructurePlan: versions", () => {
  const holidayChange: PlanChange = {
    kind: "payment-holiday",
    effectiveDate: "2011-11-05",
    periods: 1,
    reason: "hardship",
  };

  /** 24,000.00 over 12 months at 9.6 %, paid through row 5. */
  const longer: ScheduleRequest = {
    principalMinor: cny("24000.00"),
    currency: "CNY",
    method: "equal-installment",
    periods: 12,
    frequency: "monthly",
    startDate: "2024-03-15",
    annualRate: "0.096",
    dayCount: "actual/365",
  };

  it("keeps the paid history unchanged whatever the change", () => {
    const plan = planOf(longer, 5);
    const paid = plan.schedule.installments.slice(0, 5);
    const changes: ReadonlyArray<PlanChange> = [
      { kind: "rate-change", effectiveDate: "2024-08-20", annualRate: "0.072", reason: "repricing" },
      { kind: "payment-holiday", effectiveDate: "2024-08-20", periods: 3, reason: "hardship" },
      { kind: "term-extension", effectiveDate: "2024-08-20", extraPeriods: 6, reason: "hardship" },
      { kind: "capitalize-arrears", effectiveDate: "2024-09-20", reason: "arrears" },
    ];
    for (const change of changes) {
      const result = restructurePlan(plan, change);
      expect(result.next.schedule.installments.slice(0, 5)).toEqual(paid);
      expect(result.previous.schedule.installments).toBe(plan.schedule.installments);
      expect(result.next.paidThrough).toBe(5);
      expect(result.next.changedOn).toBe(change.effectiveDate);
      expect(result.next.calendarKept).toBe(true);
      const rows = result.next.schedule.installments;
      expect(rows.at(-1)?.balanceAfterMinor).toBe(0n);
      expect(rows.every((row) => row.balanceAfterMinor >= 0n)).toBe(true);
      expect(principalOf(rows)).toBe(cny("24000.00") + result.capitalizedMinor);
    }
  });

  it("chains: a prepayment, then a holiday on the new version, then a payoff", () => {
    const prepaid = partialPrepayment(planOf(longer, 5), {
      date: "2024-08-15",
      amountMinor: cny("5000.00"),
      mode: "reduce-term",
      feePolicy: { kind: "none" },
    });
    const holiday = restructurePlan(prepaid.next, {
      kind: "payment-holiday",
      effectiveDate: "2024-09-01",
      periods: 1,
      holidayInterest: "capitalize",
      reason: "hardship",
    });
    expect(holiday.next.schedule.installments.slice(0, 5)).toEqual(
      prepaid.next.schedule.installments.slice(0, 5),
    );
    expect(principalOf(holiday.next.schedule.installments) + prepaid.applied.principalMinor).toBe(
      cny("24000.00") + holiday.capitalizedMinor,
    );
    const payoff = payoffQuote(holiday.next, { date: "2024-10-01", feePolicy: { kind: "none" } });
    expect(payoff.outstandingPrincipalMinor).toBe(principalOf(holiday.next.schedule.installments.slice(5)));
    expect(
      issuesOf(() => restructurePlan(holiday.next, { ...holidayChange, effectiveDate: "2024-08-31" })),
    ).toEqual(["effectiveDate BEFORE_LAST_CHANGE"]);
  });

  it("refuses changes that do not apply, with the field at fault", () => {
    const plan = planOf(contract, 1);
    expect(issuesOf(() => restructurePlan(plan, { ...holidayChange, reason: " " }))).toEqual([
      "reason OUT_OF_RANGE",
    ]);
    expect(issuesOf(() => restructurePlan(plan, { ...holidayChange, reason: "x".repeat(501) }))).toEqual([
      "reason OUT_OF_RANGE",
    ]);
    expect(issuesOf(() => restructurePlan(plan, { ...holidayChange, kind: "forgive" } as never))).toEqual([
      "kind INVALID_CHOICE",
    ]);
    expect(issuesOf(() => restructurePlan(plan, { ...holidayChange, periods: 0 }))).toEqual([
      "periods OUT_OF_RANGE",
    ]);
    expect(issuesOf(() => restructurePlan(plan, { ...holidayChange, periods: 25 }))).toEqual([
      "periods OUT_OF_RANGE",
    ]);
    expect(
      issuesOf(() => restructurePlan(plan, { ...holidayChange, holidayInterest: "forgive" as never })),
    ).toEqual(["holidayInterest INVALID_CHOICE"]);
    expect(
      issuesOf(() =>
        restructurePlan(plan, {
          kind: "term-extension",
          effectiveDate: "2011-11-05",
          extraPeriods: 0,
          reason: "x",
        }),
      ),
    ).toEqual(["extraPeriods OUT_OF_RANGE"]);
    expect(
      issuesOf(() =>
        restructurePlan(plan, {
          kind: "rate-change",
          effectiveDate: "2011-11-05",
          annualRate: "11",
          reason: "x",
        }),
      ),
    ).toEqual(["annualRate OUT_OF_RANGE"]);
    expect(issuesOf(() => restructurePlan(plan, { ...holidayChange, effectiveDate: "2011-02-30" }))).toEqual([
      "effectiveDate INVALID_DATE",
    ]);
    expect(
      issuesOf(() =>
        restructurePlan(plan, { kind: "capitalize-arrears", effectiveDate: "2011-11-05", reason: "x" }),
      ),
    ).toEqual(["effectiveDate NO_ARREARS"]);
    expect(
      issuesOf(() => restructurePlan(planOf(contract, 3), { ...holidayChange, effectiveDate: "2012-01-20" })),
    ).toEqual(["effectiveDate AFTER_MATURITY"]);
    const card = planOf(
      {
        ...contract,
        method: "flat-fee",
        annualRate: "0",
        feeRatePerPeriod: "0.006",
      },
      1,
    );
    const rateChange: PlanChange = {
      kind: "rate-change",
      effectiveDate: "2011-11-05",
      annualRate: "0.1",
      reason: "x",
    };
    expect(issuesOf(() => restructurePlan(card, rateChange))).toEqual(["annualRate NOT_APPLICABLE"]);
    expect(
      issuesOf(() => restructurePlan(planOf({ ...contract, interestFree: true }, 1), rateChange)),
    ).toEqual(["annualRate NOT_APPLICABLE"]);
    // A term past the calendar's 600 due dates.
    expect(
      issuesOf(() =>
        restructurePlan(plan, {
          kind: "term-extension",
          effectiveDate: "2011-11-05",
          extraPeriods: 600,
          reason: "x",
        }),
      ),
    ).toEqual(["extraPeriods OUT_OF_RANGE"]);
  });

  it("keeps a flat-fee plan's fees through a holiday and an extension", () => {
    // 1,200.00 × 0.6 % = 7.20 a month; rows of 300.00 + 7.20.
    const card = planOf(
      {
        ...contract,
        principalMinor: cny("1200.00"),
        method: "flat-fee",
        annualRate: "0",
        feeRatePerPeriod: "0.006",
      },
      1,
    );
    const holiday = restructurePlan(card, holidayChange);
    expect(holiday.holidayInterestMinor).toBe(0n);
    expect(table(holiday.next.schedule.installments.slice(1))).toEqual([
      [2, "2011-12-20", "300.00", "0.00", "7.20", "307.20", "600.00"],
      [3, "2012-01-20", "300.00", "0.00", "7.20", "307.20", "300.00"],
      [4, "2012-02-20", "300.00", "0.00", "7.20", "307.20", "0.00"],
    ]);
    const extension = restructurePlan(card, {
      kind: "term-extension",
      effectiveDate: "2011-11-05",
      extraPeriods: 1,
      reason: "hardship",
    });
    // 900.00 over 4 months: 225.00 + 7.20 each; the extra month carries a fee too.
    expect(table(extension.next.schedule.installments.slice(1)).map((row) => [row[2], row[4]])).toEqual([
      ["225.00", "7.20"],
      ["225.00", "7.20"],
      ["225.00", "7.20"],
      ["225.00", "7.20"],
    ]);
  });
});
