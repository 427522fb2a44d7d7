import { describe, expect, it } from "vitest";
import { decimal, parseDecimal } from "../../../src/core/decimal.ts";
import { isAppError } from "../../../src/core/errors.ts";
import {
  type PaymentHistoryItem,
  paymentHistory,
  paymentHistoryItemsMax,
  trendThresholdDays,
} from "../../../src/domain/credit/index.ts";
import { appErrorCode, thrown } from "../core/support.ts";

const d = parseDecimal;
const today = "2026-06-30";

/** A settled item due on `dueOn`, paid on `paidOn`. */
function paid(dueOn: string, paidOn: string, amountMinor: bigint): PaymentHistoryItem {
  return { dueOn, paidOn, amountMinor };
}

function open(dueOn: string, amountMinor: bigint): PaymentHistoryItem {
  return { dueOn, paidOn: null, amountMinor };
}

/**
 * Items paid `daysLate` days after due dates a month apart from January 2026, in that order,
 * each of `amountMinor` unless given as [days, amount]. Days may be negative (paid early).
 */
function settledSeries(...entries: ReadonlyArray<number | readonly [number, bigint]>): PaymentHistoryItem[] {
  return entries.map((entry, index) => {
    const [days, amountMinor] = typeof entry === "number" ? [entry, 100_000n] : entry;
    const due = new Date(Date.UTC(2026, index, 1));
    const paidOn = new Date(due.getTime() + days * 86_400_000);
    return paid(due.toISOString().slice(0, 10), paidOn.toISOString().slice(0, 10), amountMinor);
  });
}

describe("paymentHistory figures, by hand", () => {
  const items: ReadonlyArray<PaymentHistoryItem> = [
    paid("2026-01-31", "2026-02-10", 100_000n), // 10 days late
    paid("2026-02-28", "2026-02-20", 300_000n), // 8 days early: counts 0, not −8
    paid("2026-03-31", "2026-05-15", 50_000n), // 30 days of April + 15 = 45 days late
    open("2026-06-10", 150_000n), // open, 20 days past due as of 2026-06-30
    open("2026-07-15", 999_999n), // open, not yet due: not observed
    open("2026-06-30", 777_777n), // open, due today: not yet late, not observed
  ];

  it("weighs days late by amount, counting early payment as 0 and open items as of today", () => {
    // Σ days × amount = 10·100,000 + 0·300,000 + 45·50,000 + 20·150,000 = 6,250,000
    // Σ amount        = 100,000 + 300,000 + 50,000 + 150,000           =   600,000
    // average = 6,250,000 / 600,000 = 125/12 ≈ 10.42 days
    // late amount = 100,000 + 50,000 + 150,000 = 300,000 → share 300,000 / 600,000 = 1/2
    const history = paymentHistory(items, today);
    expect(history).toMatchObject({
      itemCount: 6,
      averageDaysLate: decimal(125, 12),
      shareLate: d("0.5"),
      maxDaysPastDue: 45,
    });
  });

  it("finds the trend from the due-date order: the recent half pays later", () => {
    // Observed by due date: 01-31 (10 d, 100,000), 02-28 (0 d, 300,000) | 03-31 (45 d, 50,000),
    // 06-10 (20 d, 150,000). Older: 1,000,000 / 400,000 = 2.5 days; recent: (2,250,000 +
    // 3,000,000) / 200,000 = 26.25 days; 26.25 − 2.5 = 23.75 ≥ 5 → worsening.
    expect(paymentHistory(items, today).trend).toBe("worsening");
    // Input order does not matter: the items are sorted by due date first.
    expect(paymentHistory([...items].reverse(), today).trend).toBe("worsening");
  });

  it("an open item becomes observed the day after its due date", () => {
    const history = paymentHistory([open("2026-06-30", 100n)], "2026-07-01");
    expect(history).toMatchObject({ averageDaysLate: d("1"), shareLate: d("1"), maxDaysPastDue: 1 });
    expect(paymentHistory([open("2026-06-30", 100n)], "2026-06-30")).toMatchObject({
      averageDaysLate: null,
      shareLate: null,
      maxDaysPastDue: 0,
    });
  });

  it("paying on the due date or early is on time", () => {
    // Early by 5 and 1 days, on the day: three observed items, none late; no negative average.
    const history = paymentHistory(settledSeries(-5, -1, 0), today);
    expect(history).toMatchObject({
      itemCount: 3,
      averageDaysLate: d("0"),
      shareLate: d("0"),
      maxDaysPastDue: 0,
      trend: null,
    });
  });

  it("zero amounts are observed for maxDaysPastDue but weigh nothing in the averages", () => {
    const history = paymentHistory(settledSeries([12, 0n], [3, 0n]), today);
    expect(history).toMatchObject({ averageDaysLate: null, shareLate: null, maxDaysPastDue: 12 });
  });
});

describe("trend", () => {
  it(`is worsening when the recent half pays exactly ${trendThresholdDays} days later`, () => {
    expect(trendThresholdDays).toBe(5);
    // Older 0, 0 → 0 days; recent 5, 5 → 5 days; change 5 ≥ 5.
    expect(paymentHistory(settledSeries(0, 0, 5, 5), today).trend).toBe("worsening");
  });

  it("is stable just under the threshold either way", () => {
    // Recent (5 × 99 + 4 × 1) / 100 = 4.99 days against 0: change 4.99 < 5.
    expect(paymentHistory(settledSeries(0, 0, [5, 99n], [4, 1n]), today).trend).toBe("stable");
    // Older 10, recent (5 × 99 + 6 × 1) / 100 = 5.01: change −4.99 > −5.
    expect(paymentHistory(settledSeries(10, 10, [5, 99n], [6, 1n]), today).trend).toBe("stable");
    expect(paymentHistory(settledSeries(7, 7, 7, 7), today).trend).toBe("stable");
  });

  it("is improving when the recent half pays exactly 5 days sooner", () => {
    // Older 10, 10; recent 5, 5: change −5 ≤ −5.
    expect(paymentHistory(settledSeries(10, 10, 5, 5), today).trend).toBe("improving");
    // Early payment counts 0, so older 8 and recent −30 (→ 0) is 8 days sooner, not 38.
    expect(paymentHistory(settledSeries(8, 8, -30, -30), today)).toMatchObject({
      trend: "improving",
      averageDaysLate: d("4"),
    });
  });

  it("leaves the middle item of an odd count out of both halves", () => {
    // Older 0, 0; middle 100; recent 3, 3. Without the middle the change is 3 → stable; counted
    // with the recent half it would be worsening, with the older half improving.
    expect(paymentHistory(settledSeries(0, 0, 100, 3, 3), today).trend).toBe("stable");
  });

  it("needs at least 4 observed items", () => {
    expect(paymentHistory(settledSeries(0, 0, 40), today).trend).toBeNull();
    // Five items, but two are open and not yet due: three observed, no trend.
    const items = [...settledSeries(0, 0, 40), open("2026-08-31", 100n), open("2026-09-30", 100n)];
    expect(paymentHistory(items, today)).toMatchObject({ itemCount: 5, trend: null });
    // A fourth observed item (open and 30 days past due) gives one.
    expect(paymentHistory([...items, open("2026-05-31", 100n)], today).trend).toBe("worsening");
  });
});

describe("empty and invalid histories", () => {
  it("an empty history has no figures", () => {
    expect(paymentHistory([], today)).toEqual({
      itemCount: 0,
      averageDaysLate: null,
      shareLate: null,
      maxDaysPastDue: 0,
      trend: null,
    });
  });

  it("a history of items not yet due has no figures either", () => {
    expect(paymentHistory([open("2026-07-31", 100n), open("2026-08-31", 200n)], today)).toEqual({
      itemCount: 2,
      averageDaysLate: null,
      shareLate: null,
      maxDaysPastDue: 0,
      trend: null,
    });
  });

  it("a negative amount is VALIDATION_FAILED with the item's path", () => {
    const error = thrown(() =>
      paymentHistory([paid("2026-01-31", "2026-02-01", 1n), open("2026-05-31", -1n)], today),
    );
    expect(isAppError(error) && { code: error.code, issues: error.issues }).toEqual({
      code: "VALIDATION_FAILED",
      issues: [expect.objectContaining({ path: "items.1.amountMinor", code: "NEGATIVE" })],
    });
  });

  it("too many items is VALIDATION_FAILED, a bad date INVALID_DATE", () => {
    const many = Array.from({ length: paymentHistoryItemsMax + 1 }, () => open("2026-07-31", 1n));
    expect(appErrorCode(() => paymentHistory(many, today))).toBe("VALIDATION_FAILED");
    expect(appErrorCode(() => paymentHistory([], "2026-02-30"))).toBe("INVALID_DATE");
    expect(appErrorCode(() => paymentHistory([paid("2026-01-31", "2026-1-31", 1n)], today))).toBe(
      "INVALID_DATE",
    );
  });
});
