import { describe, expect, it } from "vitest";
import { decimal, parseDecimal } from "../../../src/core/decimal.ts";
import { type AppError, isAppError } from "../../../src/core/errors.ts";
import { parseMinor } from "../../../src/core/money.ts";
import {
  accruePenalty,
  checkPenaltySettings,
  defaultPenaltySettings,
  noPenaltyAccrued,
  type PenaltyAccrual,
  type PenaltyAccrualRequest,
  type PenaltySettings,
  penaltyAnnualRate,
} from "../../../src/domain/plans/index.ts";
import { thrown } from "../core/support.ts";

const cny = (text: string): bigint => parseMinor(text, "CNY");

/** No grace, no fee, no cap: the bare 罚息 rule. */
const bare: PenaltySettings = { ...defaultPenaltySettings(), graceDays: 0 };

const base: PenaltyAccrualRequest = {
  currency: "CNY",
  dueDate: "2025-06-10",
  fromDate: "2025-06-10",
  toDate: "2025-06-20",
  overduePrincipalMinor: cny("10000.00"),
  overdueInterestMinor: 0n,
  penaltyAnnualRate: "0.18",
  settings: bare,
};

function accrue(change: Partial<PenaltyAccrualRequest>): PenaltyAccrual {
  return accruePenalty({ ...base, ...change });
}

function issuesOf(action: () => unknown): string[] {
  const error = thrown(action);
  if (!isAppError(error)) throw error;
  expect(error.code).toBe("VALIDATION_FAILED");
  return (error as AppError).issues.map((issue) => `${issue.path} ${issue.code}`);
}

describe("penaltyAnnualRate (罚息利率)", () => {
  it("is the contract rate plus 50 % by default: 12 % × 1.5 = 18 %", () => {
    // PBOC 银发〔2003〕251号 §3: overdue loans pay the contract rate plus 30 %–50 %.
    const rate = penaltyAnnualRate({ ...defaultPenaltySettings(), capRateAtCeiling: false }, "0.12", null);
    expect(rate).toEqual({
      annualRate: parseDecimal("0.18"),
      uncappedAnnualRate: parseDecimal("0.18"),
      cappedAtCeiling: false,
    });
  });

  it("is held at the rate ceiling by default (Article 28: at most 4 × LPR)", () => {
    // 18 % against the 12.0 % ceiling of 2025-06 (4 × 3.00 %).
    const capped = penaltyAnnualRate(defaultPenaltySettings(), "0.12", parseDecimal("0.12"));
    expect([capped.annualRate, capped.uncappedAnnualRate, capped.cappedAtCeiling]).toEqual([
      parseDecimal("0.12"),
      parseDecimal("0.18"),
      true,
    ]);
    // 8 % × 1.5 = 12 % is not above a 15.4 % ceiling: unchanged.
    const under = penaltyAnnualRate(defaultPenaltySettings(), decimal(8, 100), parseDecimal("0.154"));
    expect([under.annualRate, under.cappedAtCeiling]).toEqual([parseDecimal("0.12"), false]);
  });

  it("may be a fixed rate or another markup", () => {
    const fixed = penaltyAnnualRate({ ...bare, rate: { kind: "fixed", annualRate: "0.0005" } }, "0.12", null);
    expect(fixed.annualRate).toEqual(parseDecimal("0.0005"));
    const thirty = penaltyAnnualRate(
      { ...bare, rate: { kind: "contract-markup", markupShare: "0.3" } },
      "0.1",
      null,
    );
    expect(thirty.annualRate).toEqual(parseDecimal("0.13"));
  });

  it("refuses invalid settings and rates", () => {
    expect(
      issuesOf(() =>
        penaltyAnnualRate({ ...bare, rate: { kind: "contract-markup", markupShare: "-1" } }, "x", null),
      ),
    ).toEqual(["settings.rate.markupShare OUT_OF_RANGE", "contractAnnualRate INVALID_RATE"]);
  });
});

describe("accruePenalty: penalty interest", () => {
  it("charges 49.32 on 10,000 overdue for 10 days at 18 % (12 % × 1.5), actual/365", () => {
    // 10,000.00 × 0.18 × 10 / 365 = 1,800 / 36.5 = 49.3150… → 49.32 (half-up, 四舍五入).
    const result = accrue({});
    expect(result.days).toBe(10);
    expect(result.yearFraction).toEqual(decimal(10, 365));
    expect(result.penaltyInterestMinor).toBe(cny("49.32"));
    expect([result.compoundInterestMinor, result.lateFeeMinor, result.capReductionMinor]).toEqual([
      0n,
      0n,
      0n,
    ]);
    expect(result.totalMinor).toBe(cny("49.32"));
    expect(result.capMinor).toBeNull();
    // The state keeps the exact amount: 1,000,000 fen × 0.18 × 10/365 = 360,000/73 fen.
    expect(result.accrued.penaltyInterestExactMinor).toEqual(decimal(360_000, 73));
    expect(result.accrued.chargedMinor).toBe(cny("49.32"));
  });

  it("charges 50.00 under actual/360 (日利率 = 年利率 / 360)", () => {
    // 10,000.00 × 0.18 × 10 / 360 = 50.00.
    expect(accrue({ settings: { ...bare, dayCount: "actual/360" } }).totalMinor).toBe(cny("50.00"));
  });

  it("weights each night by its own year under actual/actual across New Year 2024", () => {
    // Nights 27–31 Dec 2023 (5 / 365) and 1–5 Jan 2024 (5 / 366):
    // 10,000.00 × 0.18 × (5/365 + 5/366) = 24.6575… + 24.5902 = 49.2477 → 49.25.
    const result = accrue({
      dueDate: "2023-12-27",
      fromDate: "2023-12-27",
      toDate: "2024-01-06",
      settings: { ...bare, dayCount: "actual/actual" },
    });
    expect(result.days).toBe(10);
    expect(result.yearFraction).toEqual(decimal(5 * 366 + 5 * 365, 365 * 366));
    expect(result.totalMinor).toBe(cny("49.25"));
  });

  it("adds compound interest (复利) on overdue interest only when asked", () => {
    // 1,000.00 of overdue interest × 0.18 × 10 / 365 = 4.9315… → 4.93.
    const compound = accrue({
      overdueInterestMinor: cny("1000.00"),
      settings: { ...bare, compoundOnInterest: true },
    });
    expect([compound.penaltyInterestMinor, compound.compoundInterestMinor, compound.totalMinor]).toEqual([
      cny("49.32"),
      cny("4.93"),
      cny("54.25"),
    ]);
    const simple = accrue({ overdueInterestMinor: cny("1000.00") });
    expect([simple.compoundInterestMinor, simple.totalMinor]).toEqual([0n, cny("49.32")]);
  });

  it("splits a range exactly: 10 June → 13 June → 20 June charges what 10 June → 20 June does", () => {
    // 3 nights: 1,000,000 × 0.18 × 3/365 = 1,479.45… fen → 14.79;
    // 10 nights in all: 4,931.50… fen → 49.32, so the second part is 49.32 − 14.79 = 34.53
    // (7 nights alone would be 3,452.05… → 34.52: the carried remainder makes the difference).
    const first = accrue({ toDate: "2025-06-13" });
    const second = accrue({ fromDate: "2025-06-13", accrued: first.accrued });
    expect([first.totalMinor, second.totalMinor]).toEqual([cny("14.79"), cny("34.53")]);
    expect(first.totalMinor + second.totalMinor).toBe(accrue({}).totalMinor);
    expect(second.accrued).toEqual(accrue({}).accrued);
    // Day by day gives the same again.
    let state = noPenaltyAccrued;
    let total = 0n;
    for (let day = 11; day <= 20; day += 1) {
      const step = accrue({
        fromDate: `2025-06-${String(day - 1).padStart(2, "0")}`,
        toDate: `2025-06-${String(day).padStart(2, "0")}`,
        accrued: state,
      });
      state = step.accrued;
      total += step.totalMinor;
    }
    expect(total).toBe(cny("49.32"));
  });

  it("accrues nothing before the due date, on an empty range, or when nothing is overdue", () => {
    expect(accrue({ fromDate: "2025-06-01", toDate: "2025-06-10" }).totalMinor).toBe(0n);
    expect(accrue({ fromDate: "2025-06-01", toDate: "2025-06-20" }).totalMinor).toBe(cny("49.32"));
    expect(accrue({ fromDate: "2025-06-20", toDate: "2025-06-20" }).days).toBe(0);
    const nothing = accrue({
      overduePrincipalMinor: 0n,
      settings: { ...bare, lateFee: { kind: "fixed", amountMinor: cny("50") } },
    });
    expect([nothing.totalMinor, nothing.days, nothing.accrued]).toEqual([0n, 0, noPenaltyAccrued]);
  });
});

describe("accruePenalty: grace days (宽限期)", () => {
  const grace: PenaltySettings = { ...defaultPenaltySettings(), graceDays: 3 };

  it("charges nothing within the grace, then the nights from the due date", () => {
    // Due 10 June, 3 days' grace (11–13 June). To 12 June: still within, nothing.
    const within = accrue({ toDate: "2025-06-12", settings: grace });
    expect([within.days, within.totalMinor]).toEqual([0, 0n]);
    // To 14 June: 4 nights (10–13 June) at once: 1,000,000 × 0.18 × 4/365 = 1,972.60… → 19.73.
    const past = accrue({
      fromDate: "2025-06-12",
      toDate: "2025-06-14",
      settings: grace,
      accrued: within.accrued,
    });
    expect([past.days, past.totalMinor]).toEqual([4, cny("19.73")]);
    // To 20 June: the rest, so that the whole is again 49.32.
    const rest = accrue({ fromDate: "2025-06-14", settings: grace, accrued: past.accrued });
    expect([rest.days, within.totalMinor + past.totalMinor + rest.totalMinor]).toEqual([6, cny("49.32")]);
    expect(accrue({ settings: grace }).totalMinor).toBe(cny("49.32"));
  });

  it("waives the grace nights when the settings say so", () => {
    // 7 nights (13–19 June): 1,000,000 × 0.18 × 7/365 = 3,452.05… → 34.52.
    const waived = accrue({ settings: { ...grace, graceInterest: "waived" } });
    expect([waived.days, waived.totalMinor]).toEqual([7, cny("34.52")]);
  });
});

describe("accruePenalty: late fee and caps", () => {
  const feeFixed: PenaltySettings = {
    ...bare,
    graceDays: 3,
    lateFee: { kind: "fixed", amountMinor: cny("50") },
  };

  it("charges a fixed late fee once, on the first accrual past the grace", () => {
    const within = accrue({ toDate: "2025-06-13", settings: feeFixed });
    expect(within.lateFeeMinor).toBe(0n);
    const past = accrue({
      fromDate: "2025-06-13",
      toDate: "2025-06-14",
      settings: feeFixed,
      accrued: within.accrued,
    });
    expect([past.lateFeeMinor, past.accrued.lateFeeCharged]).toEqual([cny("50"), true]);
    const later = accrue({ fromDate: "2025-06-14", settings: feeFixed, accrued: past.accrued });
    expect(later.lateFeeMinor).toBe(0n);
    // In one go: 49.32 + 50.00.
    expect(accrue({ settings: feeFixed }).totalMinor).toBe(cny("99.32"));
  });

  it("charges a percentage fee on the overdue amount within its floor and ceiling", () => {
    const percent = (share: string, maxMinor: bigint | null): bigint =>
      accrue({
        overdueInterestMinor: cny("1000"),
        settings: { ...bare, lateFee: { kind: "percent", share, minMinor: cny("10"), maxMinor } },
      }).lateFeeMinor;
    // 5 % of (10,000 + 1,000) = 550.00; held at a 200.00 maximum; 0.05 % = 5.50 raised to the 10.00 floor.
    expect(percent("0.05", null)).toBe(cny("550"));
    expect(percent("0.05", cny("200"))).toBe(cny("200"));
    expect(percent("0.0005", null)).toBe(cny("10"));
  });

  it("caps the total penalty at a share of the overdue amount, cutting the fee first", () => {
    // 10,000.00 overdue for 365 nights at 18 % = 1,800.00, fee 50.00; cap 10 % of 10,000 = 1,000.00.
    const settings: PenaltySettings = { ...feeFixed, cap: { shareOfOverdue: "0.1", amountMinor: null } };
    const result = accrue({ toDate: "2026-06-10", settings });
    expect(result.capMinor).toBe(cny("1000"));
    expect([
      result.penaltyInterestMinor,
      result.lateFeeMinor,
      result.totalMinor,
      result.capReductionMinor,
    ]).toEqual([cny("1000"), 0n, cny("1000"), cny("850")]);
    // Once the cap is reached, nothing more is charged: 30 more nights would be
    // round(1,000,000 × 0.18 × 395/365) − 180,000 = 194,794.52… → 194,795 − 180,000 fen = 147.95, all cut.
    const next = accrue({ fromDate: "2026-06-10", toDate: "2026-07-10", settings, accrued: result.accrued });
    expect([next.totalMinor, next.capReductionMinor]).toEqual([0n, cny("147.95")]);
  });

  it("applies an absolute cap, and the smaller of two caps", () => {
    // 49.32 + 50.00 = 99.32 against 60.00: the fee is cut to 10.68.
    const absolute = accrue({
      settings: { ...feeFixed, cap: { shareOfOverdue: null, amountMinor: cny("60") } },
    });
    expect([absolute.penaltyInterestMinor, absolute.lateFeeMinor, absolute.totalMinor]).toEqual([
      cny("49.32"),
      cny("10.68"),
      cny("60"),
    ]);
    // 0.2 % of 10,000 = 20.00 is below 60.00.
    const both = accrue({
      settings: { ...feeFixed, cap: { shareOfOverdue: "0.002", amountMinor: cny("60") } },
    });
    expect([both.capMinor, both.totalMinor, both.penaltyInterestMinor]).toEqual([
      cny("20"),
      cny("20"),
      cny("20"),
    ]);
  });
});

describe("penalty settings and requests: validation", () => {
  it("accepts the defaults", () => {
    expect(checkPenaltySettings(defaultPenaltySettings(), "penalty")).toEqual([]);
    expect(defaultPenaltySettings()).toMatchObject({
      rate: { kind: "contract-markup", markupShare: "0.5" },
      capRateAtCeiling: true,
      compoundOnInterest: false,
      dayCount: "actual/365",
      graceDays: 3,
    });
  });

  it("names every bad field", () => {
    const bad = {
      ...bare,
      dayCount: "30/360",
      graceDays: 40,
      lateFee: { kind: "percent", share: "2", minMinor: 10n, maxMinor: 5n },
      cap: { shareOfOverdue: "x", amountMinor: -1n },
      compoundOnInterest: "no",
    } as unknown as PenaltySettings;
    expect(checkPenaltySettings(bad, "penalty").map((issue) => `${issue.path} ${issue.code}`)).toEqual([
      "penalty.compoundOnInterest REQUIRED",
      "penalty.dayCount INVALID_CHOICE",
      "penalty.graceDays OUT_OF_RANGE",
      "penalty.lateFee.share INVALID_SHARE",
      "penalty.lateFee.maxMinor BELOW_MIN",
      "penalty.cap.shareOfOverdue OUT_OF_RANGE",
      "penalty.cap.amountMinor OUT_OF_RANGE",
    ]);
  });

  it("refuses bad dates, amounts, rates and states with their paths", () => {
    expect(issuesOf(() => accrue({ toDate: "2025-06-09" }))).toEqual(["toDate BEFORE_START"]);
    expect(
      issuesOf(() =>
        accrue({
          currency: "XXX",
          dueDate: "2025-02-30",
          overduePrincipalMinor: -1n,
          penaltyAnnualRate: "11",
          accrued: { chargedMinor: 0n } as never,
        }),
      ),
    ).toEqual([
      "currency INVALID_CURRENCY",
      "dueDate INVALID_DATE",
      "overduePrincipalMinor OUT_OF_RANGE",
      "penaltyAnnualRate INVALID_RATE",
      "accrued INVALID_STATE",
    ]);
  });
});
