import { describe, expect, it } from "vitest";
import {
  brierScore,
  delayModel,
  meanAbsoluteErrorDays,
  mondayOf,
  plusDays,
  predictPayment,
  type SettledItem,
  unseenDelayFallbackDays,
  weightedAbsolutePercentageError,
} from "../../src/domain/forecast/index.ts";

/**
 * Items of one customer, all settled on `settledOn` (so every item weighs the same whatever the
 * recency half-life), each `delayDays` after its due date.
 */
function settled(
  customerId: string,
  delaysDays: ReadonlyArray<number>,
  settledOn = "2026-10-01",
): SettledItem[] {
  return delaysDays.map((delay) => ({ customerId, dueDate: plusDays(settledOn, -delay), settledOn }));
}

const times = (count: number, delay: number) => Array.from({ length: count }, () => delay);

describe("payment-date prediction", () => {
  it("follows a rich history of the customer's own", () => {
    // R: 50 items, each paid 7 days late; the organization is R alone, with its 2 pseudo-items
    // paid on the due date: org = (50·δ7 + 2·δ0)/52, mean 350/52 = 6.73. R = (50·δ7 + 5·org)/55,
    // mean (350 + 5·6.73)/55 = 6.975 → 7 days.
    const model = delayModel(settled("R", times(50, 7)), new Map(), "2026-11-23");
    const profile = model.profileOf("R");
    expect(profile.basis).toBe("customer");
    expect(profile.ownItemCount).toBe(50);
    const prediction = predictPayment(profile, "2026-12-10", "2026-11-23");
    expect(prediction.predictedDate).toBe("2026-12-17");
    expect(prediction.expectedDaysLate).toBe(7);
    // Late share: org (50 + 2·0.5)/52 = 0.9808; R (50 + 5·0.9808)/55 = 0.9983.
    expect(prediction.lateProbability).toBeCloseTo(0.99825, 4);
  });

  it("keeps only the most recent 50 settled items of a customer", () => {
    const old = settled("R", times(30, 90), "2025-01-01");
    const recent = settled("R", times(50, 0), "2026-10-01");
    const profile = delayModel([...old, ...recent], new Map(), "2026-11-23").profileOf("R");
    expect(profile.ownItemCount).toBe(50);
    expect(predictPayment(profile, "2026-12-10", "2026-11-23").expectedDaysLate).toBe(0);
  });

  it("falls back to the grade, then to the organization, when the customer has no history", () => {
    // A1 (grade A): 50 items 10 days late; C1 (grade C): 50 items 40 days late, settled on the
    // same days. Org = (50·δ10 + 50·δ40 + 2·δ0)/102, mean 2500/102 = 24.51.
    // Grade A = (50·δ10 + 20·org)/70, mean (500 + 490.2)/70 = 14.15 → 14 days.
    // Grade C = (50·δ40 + 20·org)/70, mean (2000 + 490.2)/70 = 35.57 → 36 days.
    const grades = new Map<string, string | null>([
      ["A1", "A"],
      ["C1", "C"],
      ["NA", "A"],
      ["NC", "C"],
      ["NB", "B"],
      ["NN", null],
    ]);
    const model = delayModel(
      [...settled("A1", times(50, 10)), ...settled("C1", times(50, 40))],
      grades,
      "2026-11-23",
    );
    const due = "2026-12-10";
    const at = (customerId: string) => predictPayment(model.profileOf(customerId), due, "2026-11-23");
    expect(model.profileOf("NA").basis).toBe("grade");
    expect(at("NA").expectedDaysLate).toBe(14);
    expect(at("NC").expectedDaysLate).toBe(36);
    // Grade B has no history of its own and no grade at all: the organization's 24.51 → 25.
    expect(model.profileOf("NB").basis).toBe("organization");
    expect(at("NB").expectedDaysLate).toBe(25);
    expect(at("NN").expectedDaysLate).toBe(25);
  });

  it("blends a thin history with its grade, weighted by the number of its own items", () => {
    // U (grade G): 50 items paid on the due date; T (grade G): 1 item 20 days late. Org and
    // grade pool the same 51 items: org = (51 items + 2·δ0)/53, mean 20/53 = 0.377; grade =
    // (51 items + 20·org)/71, mean (20 + 7.55)/71 = 0.388. T = (1·δ20 + 5·grade)/6, mean
    // (20 + 1.94)/6 = 3.66 → 4 days.
    const grades = new Map<string, string | null>([
      ["U", "G"],
      ["T", "G"],
    ]);
    const model = delayModel([...settled("U", times(50, 0)), ...settled("T", [20])], grades, "2026-11-23");
    const profile = model.profileOf("T");
    expect(profile.basis).toBe("blend");
    expect(predictPayment(profile, "2026-12-10", "2026-11-23").expectedDaysLate).toBe(4);
    // U pays on the due date.
    expect(predictPayment(model.profileOf("U"), "2026-12-10", "2026-11-23").expectedDaysLate).toBe(0);
  });

  it("predicts an overdue item from the delays longer than it has already waited", () => {
    // 20 items on time, 10 items 30 days late, 10 items 60 days late (no grade).
    const history = settled("Q", [...times(20, 0), ...times(10, 30), ...times(10, 60)]);
    const profile = delayModel(history, new Map(), "2026-11-05").profileOf("Q");
    // Due 10-01, 35 days overdue on 11-05: only the 60-day delays are still possible.
    const overdue = predictPayment(profile, "2026-10-01", "2026-11-05");
    expect(overdue.predictedDate).toBe("2026-11-30");
    expect(overdue.lateProbability).toBe(1);
    // Not yet due: the whole history. Own mean 22.5; org = (40 items + 2·δ0)/42, mean 21.43;
    // Q = (40·own + 5·org)/45, mean 22.38 → 22 days.
    const ahead = predictPayment(profile, "2026-12-01", "2026-11-05");
    expect(ahead.predictedDate).toBe("2026-12-23");
    expect(ahead.lateProbability).toBeLessThan(1);
    // 100 days overdue, longer than any delay seen: as-of date + the fallback.
    const unseen = predictPayment(profile, "2026-07-28", "2026-11-05");
    expect(unseen.predictedDate).toBe(plusDays("2026-11-05", unseenDelayFallbackDays));
  });

  it("never predicts a date before the as-of date", () => {
    // Pays 20 days early; an item due in 5 days cannot be paid in the past.
    const profile = delayModel(settled("E", times(50, -20)), new Map(), "2026-11-23").profileOf("E");
    const prediction = predictPayment(profile, "2026-11-28", "2026-11-23");
    expect(prediction.predictedDate >= "2026-11-23").toBe(true);
    expect(prediction.lateProbability).toBeLessThan(0.05);
  });

  it("ignores items settled after the as-of date", () => {
    const model = delayModel(settled("F", times(10, 30), "2026-12-01"), new Map(), "2026-11-23");
    expect(model.profileOf("F").basis).toBe("none");
    expect(predictPayment(model.profileOf("F"), "2026-12-10", "2026-11-23").expectedDaysLate).toBe(0);
  });

  it("weighs recent items more (half-life 180 days)", () => {
    // 25 items 0 days late settled 360 days ago (weight 1/4), 25 items 40 days late settled today
    // (weight 1): own mean = 40·25/(25·0.25 + 25) = 32 — not the plain 20.
    const history = [
      ...settled("H", times(25, 0), "2025-11-28"),
      ...settled("H", times(25, 40), "2026-11-23"),
    ];
    const profile = delayModel(history, new Map(), "2026-11-23").profileOf("H");
    expect(predictPayment(profile, "2026-12-10", "2026-11-23").expectedDaysLate).toBeGreaterThanOrEqual(29);
  });
});

describe("weeks", () => {
  it("start on Monday", () => {
    expect(mondayOf("2026-11-23")).toBe("2026-11-23"); // a Monday
    expect(mondayOf("2026-11-25")).toBe("2026-11-23");
    expect(mondayOf("2026-11-29")).toBe("2026-11-23"); // Sunday
    expect(mondayOf("2026-11-30")).toBe("2026-11-30");
    expect(mondayOf("2027-01-01")).toBe("2026-12-28"); // across the year
    expect(mondayOf("1970-01-01")).toBe("1969-12-29");
  });
});

describe("back-test errors", () => {
  it("mean absolute error in days", () => {
    expect(
      meanAbsoluteErrorDays([
        { predictedDate: "2026-11-10", actualDate: "2026-11-13" },
        { predictedDate: "2026-11-20", actualDate: "2026-11-19" },
      ]),
    ).toBe(2);
    expect(meanAbsoluteErrorDays([])).toBeNull();
  });

  it("Brier score", () => {
    // (0.8 − 1)² = 0.04, (0.3 − 0)² = 0.09 → mean 0.065.
    expect(
      brierScore([
        { probability: 0.8, late: true },
        { probability: 0.3, late: false },
      ]),
    ).toBeCloseTo(0.065, 10);
    expect(brierScore([{ probability: 0.5, late: true }])).toBe(0.25);
  });

  it("weighted absolute percentage error", () => {
    // |100 − 80| + |50 − 70| = 40 over 150 actual → 0.266666.
    expect(weightedAbsolutePercentageError([100n, 50n], [80n, 70n])).toBe(0.266666);
    expect(weightedAbsolutePercentageError([100n], [0n])).toBeNull();
  });
});
