import { describe, expect, it } from "vitest";
import type { AppError } from "../../../src/core/errors.ts";
import { formatMoney, money, parseMinor } from "../../../src/core/money.ts";
import {
  buildSchedule,
  type Installment,
  type PlanState,
  partialPrepayment,
  payoffQuote,
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

const sum = (rows: ReadonlyArray<Installment>, pick: (row: Installment) => bigint): bigint =>
  rows.reduce((total, row) => total + pick(row), 0n);

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
 * Rows (see schedule.test.ts): 2,911.49 + 240.00; 2,969.72 + 181.77; 3,029.11 + 122.38;
 * 3,089.68 + 61.79. Balances 9,088.51, 6,118.79, 3,089.68, 0. Due on the 20th.
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

/** 120,000.00 over 12 months at 12 % (1 % a month): Excel PMT(1%, 12, 120000) = 10,661.85. */
const loan: ScheduleRequest = {
  principalMinor: cny("120000.00"),
  currency: "CNY",
  method: "equal-installment",
  periods: 12,
  frequency: "monthly",
  startDate: "2024-01-10",
  annualRate: "0.12",
};

/** A card installment (手续费分期): 12,000.00 over 12 months, 0.6 % a month = 72.00 a month. */
const cardInstallment: ScheduleRequest = {
  principalMinor: cny("12000.00"),
  currency: "CNY",
  method: "flat-fee",
  periods: 12,
  frequency: "monthly",
  startDate: "2024-01-20",
  annualRate: "0",
  feeRatePerPeriod: "0.006",
};

describe("payoffQuote", () => {
  it("between due dates under 30/360: the days to the date are 30E/360 days of a 360-day year; the fee is capped", () => {
    const quote = payoffQuote(planOf(contract, 1), {
      date: "2011-11-05",
      feePolicy: { kind: "percent-of-prepaid", rate: "0.02", capMinor: cny("100.00") },
    });
    // Outstanding: the balance after row 1, 9,088.51. From 20 Oct to 5 Nov is 15 days in 30E/360:
    // 9,088.51 × 0.24 × 15/360 = 9,088.51 × 0.01 = 90.8851 → 90.89.
    expect(text(quote.outstandingPrincipalMinor)).toBe("9088.51");
    expect(text(quote.accruedInterestMinor)).toBe("90.89");
    expect([quote.accrualFrom, quote.accrualTo]).toEqual(["2011-10-20", "2011-11-05"]);
    // Fee: 2 % × 9,088.51 = 181.7702 → 181.77, capped at 100.00.
    expect(quote.earlyRepaymentFee).toEqual({
      kind: "percent-of-prepaid",
      prepaidPrincipalMinor: cny("9088.51"),
      uncappedMinor: cny("181.77"),
      capMinor: cny("100.00"),
      amountMinor: cny("100.00"),
    });
    // 9,088.51 + 90.89 + 100.00 = 9,279.40.
    expect(text(quote.totalMinor)).toBe("9279.40");
    expect(quote.items.map((item) => [item.kind, text(item.amountMinor)])).toEqual([
      ["arrears", "0.00"],
      ["outstanding-principal", "9088.51"],
      ["accrued-interest", "90.89"],
      ["future-fees", "0.00"],
      ["early-repayment-fee", "100.00"],
    ]);
  });

  it("under actual/365 counts calendar days; the same dates under 30/360 count 30E days", () => {
    // 10,000.00 over 3 months from 15 Jan 2024 at 3.65 % (0.01 % a day under actual/365).
    const actual: ScheduleRequest = {
      principalMinor: cny("10000.00"),
      currency: "CNY",
      method: "equal-installment",
      periods: 3,
      frequency: "monthly",
      startDate: "2024-01-15",
      annualRate: "0.0365",
      dayCount: "actual/365",
    };
    const plan = planOf(actual, 1);
    expect(text(plan.schedule.installments[0]?.balanceAfterMinor ?? 0n)).toBe("6677.42");
    const quote = payoffQuote(plan, { date: "2024-03-05", feePolicy: { kind: "none" } });
    // 15 Feb → 5 Mar 2024 is 19 days (leap February): 6,677.42 × 0.0365 × 19/365 = 6,677.42 × 0.0019
    // = 12.687098 → 12.69.
    expect(text(quote.accruedInterestMinor)).toBe("12.69");
    expect(text(quote.totalMinor)).toBe("6690.11");

    const thirty = planOf({ ...actual, dayCount: "30/360" }, 1);
    expect(text(thirty.schedule.installments[0]?.balanceAfterMinor ?? 0n)).toBe("6676.79");
    // 30E/360: (3 − 2) × 30 + 5 − 15 = 20 days of the period's 30: 6,676.79 × 0.0365 × 20/360
    // = 13.5390... → 13.54.
    const quoteThirty = payoffQuote(thirty, { date: "2024-03-05", feePolicy: { kind: "none" } });
    expect(text(quoteThirty.accruedInterestMinor)).toBe("13.54");
  });

  it("counts a row due on the date as arrears and caps a months-of-interest fee", () => {
    const quote = payoffQuote(planOf(contract, 1), {
      date: "2011-11-20",
      feePolicy: { kind: "months-of-interest", months: 2, capMinor: cny("200.00") },
    });
    // Row 2 (3,151.49) falls due that day; the outstanding principal is the balance after it.
    expect(table(quote.arrears)).toEqual([
      [2, "2011-11-20", "2969.72", "181.77", "0.00", "3151.49", "6118.79"],
    ]);
    expect(text(quote.outstandingPrincipalMinor)).toBe("6118.79");
    expect(quote.accruedInterestMinor).toBe(0n);
    // Two months of interest: 6,118.79 × 0.24 × 2/12 = 244.7516 → 244.75, capped at 200.00.
    expect(text(quote.earlyRepaymentFee.uncappedMinor)).toBe("244.75");
    expect(text(quote.earlyRepaymentFee.amountMinor)).toBe("200.00");
    // 3,151.49 + 6,118.79 + 200.00.
    expect(text(quote.totalMinor)).toBe("9470.28");
  });

  it("accrues nothing before the due date of a row paid ahead, and refunds nothing", () => {
    const quote = payoffQuote(planOf(contract, 2), {
      date: "2011-11-05",
      feePolicy: { kind: "fixed", amountMinor: cny("50.00") },
    });
    expect(text(quote.outstandingPrincipalMinor)).toBe("6118.79");
    expect(quote.accruedInterestMinor).toBe(0n);
    expect([quote.accrualFrom, quote.accrualTo]).toEqual(["2011-11-20", "2011-11-20"]);
    expect(text(quote.totalMinor)).toBe("6168.79");
  });

  it("after the last due date is the arrears alone: nothing is repaid early, so there is no fee", () => {
    const quote = payoffQuote(planOf(contract, 2), {
      date: "2012-02-01",
      feePolicy: { kind: "fixed", amountMinor: cny("50.00") },
    });
    expect(quote.arrears.map((row) => row.number)).toEqual([3, 4]);
    expect(quote.earlyRepaymentFee.amountMinor).toBe(0n);
    expect(quote.accrualFrom).toBeNull();
    // 3,151.49 + 3,151.47.
    expect(text(quote.totalMinor)).toBe("6302.96");
  });

  it("charges a flat-fee plan's remaining fees by default, and waives them on request", () => {
    const plan = planOf(cardInstallment, 3);
    const charged = payoffQuote(plan, { date: "2024-04-25", feePolicy: { kind: "none" } });
    // Rows 4–12 are not yet due: 9 × 1,000.00 of principal and 9 × 72.00 = 648.00 of fees; no interest.
    expect(charged.futureFees).toBe("charge");
    expect(text(charged.futureFeesMinor)).toBe("648.00");
    expect(charged.accruedInterestMinor).toBe(0n);
    expect(text(charged.totalMinor)).toBe("9648.00");
    const waived = payoffQuote(plan, {
      date: "2024-04-25",
      feePolicy: { kind: "none" },
      futureFees: "waive",
    });
    expect(text(waived.totalMinor)).toBe("9000.00");
    // Interest-bearing plans waive by default: their price is interest, which stops accruing.
    expect(payoffQuote(planOf(loan, 3), { date: "2024-04-10", feePolicy: { kind: "none" } }).futureFees).toBe(
      "waive",
    );
  });

  it("charges an interest-free plan no interest and no months-of-interest fee", () => {
    const plan = planOf({ ...contract, interestFree: true }, 1);
    const quote = payoffQuote(plan, {
      date: "2011-11-05",
      feePolicy: { kind: "months-of-interest", months: 3 },
    });
    expect(quote.accruedInterestMinor).toBe(0n);
    expect(quote.earlyRepaymentFee.amountMinor).toBe(0n);
    expect(text(quote.totalMinor)).toBe("9000.00");
  });

  it("refuses bad input with the field at fault", () => {
    const plan = planOf(contract, 1);
    expect(issuesOf(() => payoffQuote(plan, { date: "2011-11-31", feePolicy: { kind: "none" } }))).toEqual([
      "date INVALID_DATE",
    ]);
    expect(issuesOf(() => payoffQuote(plan, { date: "2011-09-19", feePolicy: { kind: "none" } }))).toEqual([
      "date BEFORE_START",
    ]);
    expect(
      issuesOf(() =>
        payoffQuote(plan, { date: "2011-11-05", feePolicy: { kind: "percent-of-prepaid", rate: "1.5" } }),
      ),
    ).toEqual(["feePolicy.rate OUT_OF_RANGE"]);
    expect(
      issuesOf(() =>
        payoffQuote(plan, {
          date: "2011-11-05",
          feePolicy: { kind: "months-of-interest", months: 25, capMinor: -1n },
        }),
      ),
    ).toEqual(["feePolicy.months OUT_OF_RANGE", "feePolicy.capMinor OUT_OF_RANGE"]);
    expect(
      issuesOf(() =>
        payoffQuote(plan, {
          date: "2011-11-05",
          feePolicy: { kind: "refund" } as never,
          futureFees: "keep" as never,
        }),
      ),
    ).toEqual(["feePolicy.kind INVALID_CHOICE", "futureFees INVALID_CHOICE"]);
    expect(
      issuesOf(() =>
        payoffQuote({ ...plan, paidThrough: 5 }, { date: "2011-11-05", feePolicy: { kind: "none" } }),
      ),
    ).toEqual(["plan.paidThrough OUT_OF_RANGE"]);
    const tampered = plan.schedule.installments.map((row) =>
      row.number === 2 ? { ...row, interestMinor: row.interestMinor + 1n } : row,
    );
    expect(
      issuesOf(() =>
        payoffQuote(
          { ...plan, schedule: { installments: tampered } },
          { date: "2011-11-05", feePolicy: { kind: "none" } },
        ),
      ),
    ).toEqual(["plan.schedule.installments.1 INCONSISTENT"]);
    expect(
      issuesOf(() =>
        payoffQuote(
          { ...plan, request: { ...contract, annualRate: "x" } },
          { date: "2011-11-05", feePolicy: { kind: "none" } },
        ),
      ),
    ).toEqual(["plan.request.annualRate INVALID_RATE"]);
  });
});

describe("partialPrepayment", () => {
  it("reduce-installment keeps the term, reduce-term keeps the installment and costs less interest", () => {
    const plan = planOf(loan, 3);
    const rows = plan.schedule.installments;
    // Paid through row 3 (10 Apr 2024), on whose due date the money arrives: nothing accrues.
    expect(text(rows[2]?.balanceAfterMinor ?? 0n)).toBe("91329.65");
    const request = {
      date: "2024-04-10",
      amountMinor: cny("30000.00"),
      feePolicy: { kind: "percent-of-prepaid", rate: "0.01" },
    } as const;
    const installment = partialPrepayment(plan, { ...request, mode: "reduce-installment" });
    // Principal P with P + 1 % × P = 30,000.00: P = 29,702.97, fee 297.0297 → 297.03, and
    // 29,702.97 + 297.03 = 30,000.00 exactly.
    expect(installment.applied).toEqual({
      arrearsMinor: 0n,
      accruedInterestMinor: 0n,
      earlyRepaymentFeeMinor: cny("297.03"),
      principalMinor: cny("29702.97"),
      unappliedMinor: 0n,
    });
    // 91,329.65 − 29,702.97 = 61,626.68 over the 9 remaining months: PMT(1 %, 9, 61,626.68) =
    // 61,626.68 × 0.01 / (1 − 1.01^−9) = 7,194.320… → 7,194.32; first row's interest 616.2668 → 616.27.
    expect(text(installment.outstandingPrincipalAfterMinor)).toBe("61626.68");
    expect(installment.remaining.length).toBe(9);
    expect(text(installment.next.schedule.levelInstallmentMinor ?? 0n)).toBe("7194.32");
    expect(table(installment.remaining).slice(0, 1)).toEqual([
      [4, "2024-05-10", "6578.05", "616.27", "0.00", "7194.32", "55048.63"],
    ]);
    expect(table(installment.remaining).slice(-1)).toEqual([
      [12, "2025-01-10", "7123.11", "71.23", "0.00", "7194.34", "0.00"],
    ]);

    const term = partialPrepayment(plan, { ...request, mode: "reduce-term" });
    // The fewest periods whose installment is at most 10,661.85: PMT(1 %, 6, 61,626.68) = 10,633.58
    // fits, PMT(1 %, 5, …) = 12,697.55 does not. The term ends on 10 Oct 2024 instead of 10 Jan 2025.
    expect(term.remaining.length).toBe(6);
    expect(text(term.next.schedule.levelInstallmentMinor ?? 0n)).toBe("10633.58");
    expect(table(term.remaining).slice(-1)).toEqual([
      [9, "2024-10-10", "10528.31", "105.28", "0.00", "10633.59", "0.00"],
    ]);
    const interest = (rows: ReadonlyArray<Installment>) => sum(rows, (row) => row.interestMinor);
    // Interest row by row on the declining balance (checked with exact fractions).
    expect(text(interest(installment.remaining))).toBe("3122.22");
    expect(text(interest(term.remaining))).toBe("2174.81");
    expect(interest(term.remaining)).toBeLessThan(interest(installment.remaining));
    // Both: paid rows + principal prepaid + new rows = the amount financed; paid rows unchanged.
    for (const result of [installment, term]) {
      expect(result.next.schedule.installments.slice(0, 3)).toEqual(rows.slice(0, 3));
      expect(
        sum(result.next.schedule.installments, (row) => row.principalMinor) + result.applied.principalMinor,
      ).toBe(cny("120000.00"));
      expect(result.next.paidThrough).toBe(3);
      expect(result.next.changedOn).toBe("2024-04-10");
      expect(result.next.periodSplit).toBeUndefined();
      expect(result.next.calendarKept).toBe(true);
    }
  });

  it("between due dates: accrued interest first, then only the rest of the period on the new balance", () => {
    const plan = planOf(contract, 1);
    const result = partialPrepayment(plan, {
      date: "2011-11-05",
      amountMinor: cny("3000.00"),
      mode: "reduce-installment",
      feePolicy: { kind: "none" },
    });
    // Accrued 90.89 (9,088.51 × 0.24 × 15/360); principal 3,000.00 − 90.89 = 2,909.11; left 6,179.40.
    expect(text(result.applied.accruedInterestMinor)).toBe("90.89");
    expect(text(result.applied.principalMinor)).toBe("2909.11");
    expect(text(result.outstandingPrincipalAfterMinor)).toBe("6179.40");
    // Row 2 charges 5 Nov → 20 Nov only: 6,179.40 × 0.24 × 15/360 = 61.794 → 61.79. Its principal is
    // what a regular period repays: PMT(2 %, 3, 6,179.40) = 2,142.7358 → 2,142.74, less 6,179.40 × 2 %
    // = 123.588 → 123.59: 2,019.15. Row 3: 4,160.25 × 2 % = 83.205 → 83.20 (half-even).
    expect(table(result.remaining)).toEqual([
      [2, "2011-11-20", "2019.15", "61.79", "0.00", "2080.94", "4160.25"],
      [3, "2011-12-20", "2059.54", "83.20", "0.00", "2142.74", "2100.71"],
      [4, "2012-01-20", "2100.71", "42.01", "0.00", "2142.72", "0.00"],
    ]);
    expect(result.next.periodSplit).toEqual({ rowNumber: 2, from: "2011-11-05", interestBeforeMinor: 0n });

    // A payoff later in the same period accrues from the prepayment, not from 20 Oct again:
    // 6,179.40 × 0.24 × 10/360 = 41.196 → 41.20.
    const payoff = payoffQuote(result.next, { date: "2011-11-15", feePolicy: { kind: "none" } });
    expect(payoff.accrualFrom).toBe("2011-11-05");
    expect(text(payoff.accruedInterestMinor)).toBe("41.20");
    expect(text(payoff.totalMinor)).toBe("6220.60");
    // The version refuses dates before its change.
    expect(
      issuesOf(() => payoffQuote(result.next, { date: "2011-11-04", feePolicy: { kind: "none" } })),
    ).toEqual(["date BEFORE_LAST_CHANGE"]);
  });

  it("pays the arrears first and continues after them", () => {
    const result = partialPrepayment(planOf(contract, 1), {
      date: "2011-11-25",
      amountMinor: cny("5000.00"),
      mode: "reduce-installment",
      feePolicy: { kind: "fixed", amountMinor: cny("20.00") },
    });
    // Row 2 (3,151.49) is due and unpaid; then 5 days of interest on 6,118.79:
    // 6,118.79 × 0.24 × 5/360 = 20.3960 → 20.40; the fee 20.00; principal 5,000.00 − 3,151.49 − 20.40
    // − 20.00 = 1,808.11.
    expect(result.applied).toEqual({
      arrearsMinor: cny("3151.49"),
      accruedInterestMinor: cny("20.40"),
      earlyRepaymentFeeMinor: cny("20.00"),
      principalMinor: cny("1808.11"),
      unappliedMinor: 0n,
    });
    expect(result.next.paidThrough).toBe(2);
    expect(result.remaining.map((row) => row.number)).toEqual([3, 4]);
    expect(sum(result.remaining, (row) => row.principalMinor)).toBe(cny("4310.68"));
  });

  it("reports the minor unit a rounded percentage fee cannot use", () => {
    const result = partialPrepayment(planOf(loan, 3), {
      date: "2024-04-10",
      amountMinor: 51n,
      mode: "reduce-installment",
      feePolicy: { kind: "percent-of-prepaid", rate: "0.03" },
    });
    // 49 fen cost 49 + round(1.47) = 50; 50 fen cost 50 + round(1.5, half-even) = 52: 1 fen is left.
    expect(result.applied).toEqual({
      arrearsMinor: 0n,
      accruedInterestMinor: 0n,
      earlyRepaymentFeeMinor: 1n,
      principalMinor: 49n,
      unappliedMinor: 1n,
    });
  });

  it("keeps a flat-fee plan's remaining fees under charge and reduces them with the principal under waive", () => {
    const plan = planOf(cardInstallment, 3);
    const prepay = (futureFees: "charge" | "waive", mode: "reduce-installment" | "reduce-term") =>
      partialPrepayment(plan, {
        date: "2024-04-20",
        amountMinor: cny("3000.00"),
        mode,
        feePolicy: { kind: "none" },
        futureFees,
      }).remaining;
    // 9,000.00 outstanding, 3,000.00 repaid; the 9 remaining fees are 9 × 72.00 = 648.00.
    const chargeSame = prepay("charge", "reduce-installment");
    expect(table(chargeSame).slice(0, 1)).toEqual([
      [4, "2024-05-20", "666.67", "0.00", "72.00", "738.67", "5333.33"],
    ]);
    expect(text(sum(chargeSame, (row) => row.feeMinor))).toBe("648.00");
    // Reduce-term keeps the installment (1,072.00) at most: 7 rows of 857.14 + 648.00 / 7 = 92.57
    // (rounded down; the last row takes 92.58) = 949.71; 6 rows would be 1,000.00 + 108.00.
    const chargeShort = prepay("charge", "reduce-term");
    expect(chargeShort.length).toBe(7);
    expect(table(chargeShort).slice(-1)).toEqual([
      [10, "2024-11-20", "857.16", "0.00", "92.58", "949.74", "0.00"],
    ]);
    expect(text(sum(chargeShort, (row) => row.feeMinor))).toBe("648.00");
    // Waive: each new row's fee is 72.00 × 6,000.00 / 9,000.00 = 48.00.
    const waiveSame = prepay("waive", "reduce-installment");
    expect(text(sum(waiveSame, (row) => row.feeMinor))).toBe("432.00");
    const waiveShort = prepay("waive", "reduce-term");
    expect(table(waiveShort).slice(0, 1)).toEqual([
      [4, "2024-05-20", "1000.00", "0.00", "48.00", "1048.00", "5000.00"],
    ]);
    expect(waiveShort.length).toBe(6);
  });

  it("refuses an amount that pays no principal, or all of it, and modes that do not apply", () => {
    const plan = planOf(contract, 1);
    const base = { date: "2011-11-05", mode: "reduce-term", feePolicy: { kind: "none" } } as const;
    // 90.89 of accrued interest comes first.
    expect(issuesOf(() => partialPrepayment(plan, { ...base, amountMinor: cny("90.89") }))).toEqual([
      "amountMinor AMOUNT_TOO_SMALL",
    ]);
    expect(issuesOf(() => partialPrepayment(plan, { ...base, amountMinor: cny("9179.40") }))).toEqual([
      "amountMinor COVERS_PAYOFF",
    ]);
    expect(issuesOf(() => partialPrepayment(plan, { ...base, amountMinor: 0n }))).toEqual([
      "amountMinor OUT_OF_RANGE",
    ]);
    expect(
      issuesOf(() =>
        partialPrepayment(plan, { ...base, amountMinor: cny("100.00"), mode: "shorter" as never }),
      ),
    ).toEqual(["mode INVALID_CHOICE"]);
    expect(
      issuesOf(() =>
        partialPrepayment(planOf({ ...contract, method: "interest-only" }, 1), {
          ...base,
          amountMinor: cny("1000.00"),
        }),
      ),
    ).toEqual(["mode NOT_APPLICABLE"]);
    expect(
      issuesOf(() =>
        partialPrepayment(planOf(contract, 4), { ...base, date: "2012-02-01", amountMinor: 100n }),
      ),
    ).toEqual(["date AFTER_MATURITY"]);
  });
});
