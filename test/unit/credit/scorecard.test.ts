import { describe, expect, it } from "vitest";
import { type Decimal, decimal, parseDecimal, subtractDecimal } from "../../../src/core/index.ts";
import {
  altmanZ,
  checkScorecard,
  computeRatios,
  defaultScorecard,
  evaluateScorecard,
  type FactorInputs,
  type FactorKey,
  factorInputs,
  factorKeys,
  type Grade,
  grades,
  paymentHistory,
  type Scorecard,
  type ScorecardBin,
  type ScorecardFactor,
} from "../../../src/domain/credit/index.ts";
import { defined } from "../../support/fixtures.ts";
import { appErrorCode } from "../core/support.ts";
import { previousYear, soundYear } from "./statements.ts";

const d = parseDecimal;

function withFactor(card: Scorecard, key: FactorKey, change: Partial<ScorecardFactor>): Scorecard {
  return {
    ...card,
    factors: card.factors.map((factor) => (factor.key === key ? { ...factor, ...change } : factor)),
  };
}

function issueCodes(card: Scorecard): string[] {
  return checkScorecard(card).map((issue) => `${issue.path} ${issue.code}`);
}

/** A value inside the bin: its min, or just below its max, or 0 for a single open bin. */
function valueIn(bin: ScorecardBin): Decimal {
  if (bin.min !== undefined) return d(bin.min);
  if (bin.max !== undefined) return subtractDecimal(d(bin.max), decimal(1));
  return decimal(0);
}

const low: ScorecardBin = { label: "low", max: "0.4", points: 100 };
const mid: ScorecardBin = { label: "mid", min: "0.4", max: "0.8", points: 50 };
const high: ScorecardBin = { label: "high", min: "0.8", points: 0 };
const debtBins: ReadonlyArray<ScorecardBin> = [low, mid, high];

describe("checkScorecard", () => {
  it("accepts the default card", () => {
    expect(checkScorecard(defaultScorecard)).toEqual([]);
    expect(defaultScorecard.factors.map((factor) => factor.key)).toEqual(factorKeys);
  });

  it("weights must be whole percents that sum to 100", () => {
    expect(issueCodes(withFactor(defaultScorecard, "debtRatio", { weight: 9 }))).toEqual([
      "factors WEIGHTS_NOT_100",
    ]);
    expect(issueCodes(withFactor(defaultScorecard, "debtRatio", { weight: 10.5 }))).toEqual([
      "factors.0.weight OUT_OF_RANGE",
    ]);
    expect(issueCodes(withFactor(defaultScorecard, "debtRatio", { weight: 0 }))).toEqual([
      "factors.0.weight OUT_OF_RANGE",
    ]);
  });

  it("bins must be ordered, without gaps or overlaps, open at both ends", () => {
    const bins = (list: ReadonlyArray<ScorecardBin>): string[] =>
      issueCodes(withFactor(defaultScorecard, "debtRatio", { bins: list }));
    expect(bins(debtBins)).toEqual([]);
    expect(bins([{ label: "all", points: 50 }])).toEqual([]);
    expect(bins([low, { ...mid, min: "0.5" }, high])).toEqual(["factors.0.bins.1.min BINS_GAP"]);
    expect(bins([low, { ...mid, min: "0.3" }, high])).toEqual(["factors.0.bins.1.min BINS_OVERLAP"]);
    expect(bins([low, { ...mid, max: "0.4" }, { ...high, min: "0.4" }])).toEqual([
      "factors.0.bins.1 BIN_EMPTY",
    ]);
    expect(bins([{ ...low, min: "0" }, mid, high])).toEqual(["factors.0.bins.0.min NOT_COVERING"]);
    expect(bins([low, mid, { ...high, max: "5" }])).toEqual(["factors.0.bins.2.max NOT_COVERING"]);
    expect(bins([low, { label: "mid", max: "0.8", points: 50 }, high])).toEqual([
      "factors.0.bins.1.min NOT_COVERING",
    ]);
    expect(bins([low, { ...mid, max: "8e-1" }, high])).toEqual(["factors.0.bins.1.max INVALID_BOUND"]);
    expect(bins([])).toEqual(["factors.0.bins EMPTY"]);
  });

  it("points, labels and missing points are checked", () => {
    const bins = (list: ReadonlyArray<ScorecardBin>): string[] =>
      issueCodes(withFactor(defaultScorecard, "debtRatio", { bins: list }));
    expect(bins([{ ...low, points: 101 }, mid, high])).toEqual(["factors.0.bins.0.points OUT_OF_RANGE"]);
    expect(bins([low, { ...mid, points: -1 }, high])).toEqual(["factors.0.bins.1.points OUT_OF_RANGE"]);
    expect(bins([low, { ...mid, label: "low" }, high])).toEqual(["factors.0.bins.1.label DUPLICATE_LABEL"]);
    expect(bins([low, { ...mid, label: "Mid range" }, high])).toEqual([
      "factors.0.bins.1.label INVALID_LABEL",
    ]);
    expect(bins([low, { ...mid, label: "missing" }, high])).toEqual([
      "factors.0.bins.1.label RESERVED_LABEL",
    ]);
    expect(issueCodes(withFactor(defaultScorecard, "debtRatio", { missingPoints: 120 }))).toEqual([
      "factors.0.missingPoints OUT_OF_RANGE",
    ]);
  });

  it("factor keys must be known and unique", () => {
    const [firstFactor, secondFactor, ...rest] = defaultScorecard.factors;
    const first = defined(firstFactor);
    const second = defined(secondFactor);
    const duplicate = { ...defaultScorecard, factors: [first, { ...second, key: first.key }, ...rest] };
    expect(issueCodes(duplicate)).toEqual(["factors.1.key DUPLICATE_FACTOR"]);
    const unknown = {
      ...defaultScorecard,
      factors: [{ ...first, key: "ebitda" as FactorKey }, second, ...rest],
    };
    expect(issueCodes(unknown)).toEqual(["factors.0.key UNKNOWN_FACTOR"]);
    expect(issueCodes({ ...defaultScorecard, factors: [] })).toEqual(["factors EMPTY"]);
  });

  it("grade bands must list every grade, best first, descending to 0", () => {
    const bands = defaultScorecard.grades;
    expect(issueCodes({ ...defaultScorecard, grades: bands.slice(1) })).toEqual(["grades GRADES_INCOMPLETE"]);
    expect(
      issueCodes({
        ...defaultScorecard,
        grades: bands.map((band, i) => (i === 3 ? { ...band, minScore: 700 } : band)),
      }),
    ).toEqual(["grades.3.minScore GRADES_NOT_DESCENDING"]);
    expect(
      issueCodes({
        ...defaultScorecard,
        grades: bands.map((band, i) => (i === 7 ? { ...band, minScore: 10 } : band)),
      }),
    ).toEqual(["grades.7.minScore LAST_GRADE_NOT_ZERO"]);
    const swapped = [defined(bands[1]), defined(bands[0]), ...bands.slice(2)];
    expect(issueCodes({ ...defaultScorecard, grades: swapped })).toEqual([
      "grades.0.grade GRADE_ORDER",
      "grades.1.grade GRADE_ORDER",
      "grades.1.minScore GRADES_NOT_DESCENDING",
    ]);
    expect(
      issueCodes({
        ...defaultScorecard,
        grades: bands.map((band, i) => (i === 0 ? { ...band, minScore: 1001 } : band)),
      }),
    ).toEqual(["grades.0.minScore OUT_OF_RANGE"]);
  });

  it("version and name are required", () => {
    expect(issueCodes({ ...defaultScorecard, version: 0, name: " " })).toEqual([
      "version OUT_OF_RANGE",
      "name REQUIRED",
    ]);
  });
});

describe("evaluateScorecard", () => {
  it("scores the sound company by hand, rounding down", () => {
    const ratios = computeRatios(soundYear, previousYear);
    const inputs: FactorInputs = {
      ...factorInputs({
        ratios,
        altman: altmanZ(soundYear),
        creditReport: { score: d("72"), defaultsCount: 0, lawsuitsCount: 1, enforcementsCount: 0 },
        paymentHistory: null,
      }),
      averageDaysLate: d("3"),
      shareLate: d("0.1"),
      maxDaysPastDue: d("12"),
    };
    const result = evaluateScorecard(defaultScorecard, inputs);
    // weight × points: debtRatio 0.6 → elevated 10×50 = 500; currentRatio 1.5 → good 6×80 = 480;
    // quickRatio 1.05 → strong 4×100 = 400; interestCoverage 4.5 → good 5×80 = 400;
    // operatingCashFlowRatio 0.375 → fair 5×70 = 350; netMargin 0.04 → fair 6×60 = 360;
    // revenueGrowth 0.25 → growth 4×100 = 400; altmanZ 2.9027 → safe 5×100 = 500;
    // creditReportScore 72 → good 12×85 = 1020; defaults 0 → 8×100 = 800; lawsuits 1 → few 5×70 = 350;
    // enforcements 0 → 5×100 = 500; averageDaysLate 3 → within_week 10×80 = 800;
    // shareLate 0.1 → occasional 7×75 = 525; maxDaysPastDue 12 → up_to_30 8×70 = 560.
    // Σ = 7945 tenths = 794.5 → 794 (rounded down, so not lifted towards AA) → A.
    expect(result.score).toBe(794);
    expect(result.grade).toBe("A");
    expect(result.factors.map((f) => [f.key, f.value, f.binLabel, f.points])).toEqual([
      ["debtRatio", "0.6", "elevated", 50],
      ["currentRatio", "1.5", "good", 80],
      ["quickRatio", "1.05", "strong", 100],
      ["interestCoverage", "4.5", "good", 80],
      ["operatingCashFlowRatio", "0.375", "fair", 70],
      ["netMargin", "0.04", "fair", 60],
      ["revenueGrowth", "0.25", "growth", 100],
      ["altmanZ", "2.9027", "safe", 100],
      ["creditReportScore", "72", "good", 85],
      ["defaultsCount", "0", "none", 100],
      ["lawsuitsCount", "1", "few", 70],
      ["enforcementsCount", "0", "none", 100],
      ["averageDaysLate", "3", "within_week", 80],
      ["shareLate", "0.1", "occasional", 75],
      ["maxDaysPastDue", "12", "up_to_30", 70],
    ]);
    expect(result.factors[13]).toMatchObject({ weight: 7, contribution: d("52.5"), lostPoints: d("17.5") });
    // Lost: debtRatio 10×50/10 = 50; netMargin 6×40/10 = 24 and maxDaysPastDue 8×30/10 = 24 tie,
    // netMargin first in key order; then averageDaysLate 20, crs 18, shareLate 17.5, …
    expect(result.reasons).toEqual([
      { code: "debtRatio:elevated", key: "debtRatio", lostPoints: d("50") },
      { code: "netMargin:fair", key: "netMargin", lostPoints: d("24") },
      { code: "maxDaysPastDue:up_to_30", key: "maxDaysPastDue", lostPoints: d("24") },
    ]);
  });

  it("bins include their min and exclude their max", () => {
    const score = (debtRatio: string): string | null =>
      defined(evaluateScorecard(defaultScorecard, { debtRatio: d(debtRatio) }).factors[0]).binLabel;
    expect(score("0.3999")).toBe("low");
    expect(score("0.4")).toBe("moderate");
    expect(score("0.8")).toBe("very_high");
    expect(score("-1")).toBe("low");
    // An exact value just below a bound is binned below it, even where the text rounds up.
    const third = evaluateScorecard(defaultScorecard, {
      debtRatio: subtractDecimal(d("0.4"), decimal(1, 10 ** 9)),
    });
    expect(third.factors[0]).toMatchObject({ value: "0.4000", binLabel: "low" });
  });

  it("a customer about whom nothing is known scores 441 (B), reasons led by the heaviest gaps", () => {
    const result = evaluateScorecard(defaultScorecard, {});
    expect(result.score).toBe(441);
    expect(result.grade).toBe("B");
    // Missing costs: creditReportScore 12×60/10 = 72, debtRatio 10×70/10 = 70, currentRatio and
    // netMargin 6×70/10 = 42 each (currentRatio first in key order).
    expect(result.reasons.map((reason) => reason.code)).toEqual([
      "creditReportScore:missing",
      "debtRatio:missing",
      "currentRatio:missing",
    ]);
    expect(evaluateScorecard(defaultScorecard, { debtRatio: null })).toEqual(result);
  });

  it("a perfect customer scores 1000 and has no reasons; factors that lost nothing never are one", () => {
    const best: FactorInputs = Object.fromEntries(
      defaultScorecard.factors.map((factor) => {
        const bin = defined(factor.bins.find((candidate) => candidate.points === 100));
        return [factor.key, valueIn(bin)];
      }),
    );
    const perfect = evaluateScorecard(defaultScorecard, best);
    expect(perfect).toMatchObject({ score: 1000, grade: "AAA", reasons: [] });
    const oneFlaw = evaluateScorecard(defaultScorecard, { ...best, lawsuitsCount: d("2") });
    expect(oneFlaw.score).toBe(985); // 1000 − 5×30/10
    expect(oneFlaw.reasons).toEqual([
      { code: "lawsuitsCount:few", key: "lawsuitsCount", lostPoints: d("15") },
    ]);
  });

  it("ignores inputs for factors the card does not weigh", () => {
    const card: Scorecard = {
      ...defaultScorecard,
      factors: [{ key: "debtRatio", weight: 100, bins: debtBins, missingPoints: 0 }],
    };
    const result = evaluateScorecard(card, { debtRatio: d("0.5"), lawsuitsCount: d("9") });
    expect(result).toMatchObject({ score: 500, grade: "BB" });
    expect(result.factors).toHaveLength(1);
  });

  it("refuses an invalid card", () => {
    const broken = withFactor(defaultScorecard, "debtRatio", { weight: 11 });
    expect(appErrorCode(() => evaluateScorecard(broken, {}))).toBe("VALIDATION_FAILED");
  });

  it("every grade from AAA to D is reachable with the default card", () => {
    // Walk from the best value of every factor to the worst, one bin at a time: no step moves the
    // score by 100 or more, so the walk passes through every grade band.
    const inputs: Record<string, Decimal> = {};
    const byPoints = (factor: ScorecardFactor): ScorecardBin[] =>
      [...factor.bins].sort((a, b) => b.points - a.points);
    for (const factor of defaultScorecard.factors) inputs[factor.key] = valueIn(defined(byPoints(factor)[0]));
    const seen = new Map<Grade, number>();
    const record = (): void => {
      const { score, grade } = evaluateScorecard(defaultScorecard, inputs);
      if (!seen.has(grade)) seen.set(grade, score);
    };
    record();
    for (const factor of defaultScorecard.factors) {
      for (const bin of byPoints(factor)) {
        inputs[factor.key] = valueIn(bin);
        record();
      }
    }
    expect([...seen.keys()]).toEqual(grades);
    expect(seen.get("AAA")).toBe(1000);
    expect(seen.get("D")).toBeLessThan(300);
    expect(evaluateScorecard(defaultScorecard, inputs)).toMatchObject({ score: 0, grade: "D" });
  });
});

describe("factorInputs", () => {
  it("takes ratio values, Z'', report facts and payment history; no value is missing", () => {
    const history = paymentHistory(
      [
        { dueOn: "2026-01-31", paidOn: "2026-02-10", amountMinor: 100n },
        { dueOn: "2026-02-28", paidOn: "2026-02-28", amountMinor: 300n },
      ],
      "2026-06-30",
    );
    const inputs = factorInputs({
      ratios: computeRatios(soundYear, null),
      altman: altmanZ({ ...soundYear, equity: null }),
      creditReport: { score: null, defaultsCount: 2, lawsuitsCount: null, enforcementsCount: 0 },
      paymentHistory: history,
    });
    expect(inputs).toEqual({
      debtRatio: d("0.6"),
      currentRatio: d("1.5"),
      quickRatio: d("1.05"),
      interestCoverage: d("4.5"),
      operatingCashFlowRatio: d("0.375"),
      netMargin: d("0.04"),
      revenueGrowth: null,
      altmanZ: null,
      creditReportScore: null,
      defaultsCount: d("2"),
      lawsuitsCount: null,
      enforcementsCount: d("0"),
      averageDaysLate: d("2.5"), // (10 × 100 + 0 × 300) / 400
      shareLate: d("0.25"),
      maxDaysPastDue: d("10"),
    });
    const nothing = factorInputs({ ratios: null, altman: null, creditReport: null, paymentHistory: null });
    expect(Object.values(nothing).every((value) => value === null)).toBe(true);
    expect(Object.keys(nothing).sort()).toEqual([...factorKeys].sort());
    const notYetDue = paymentHistory(
      [{ dueOn: "2026-07-31", paidOn: null, amountMinor: 100n }],
      "2026-06-30",
    );
    expect(
      factorInputs({ ratios: null, altman: null, creditReport: null, paymentHistory: notYetDue }),
    ).toMatchObject({
      averageDaysLate: null,
      maxDaysPastDue: null,
    });
  });
});
