import { isIntegerIn } from "../../core/checks.ts";
import {
  compare,
  type Decimal,
  decimal,
  parseDecimal,
  toCanonicalString,
  toFixedString,
} from "../../core/decimal.ts";
import { AppError, assert, type FieldIssue } from "../../core/errors.ts";
import { divideRounded, type RoundingMode } from "../../core/rounding.ts";
import type { AltmanResult } from "./altman.ts";
import type { PaymentHistory } from "./payment-history.ts";
import { type Ratios, ratioFractionDigits, ratioKeys } from "./ratios.ts";

/** Credit grades, best first. The names follow the rating-agency scale finance teams know. */
export const grades = ["AAA", "AA", "A", "BBB", "BB", "B", "CCC", "D"] as const;
export type Grade = (typeof grades)[number];

/**
 * What a scorecard can weigh: the seven ratios, Altman's Z'', four facts from a credit report
 * (征信报告 or a commercial bureau) and three from the customer's payment history with us.
 * This order is also the tie-break order of reasons.
 */
export const factorKeys = [
  ...ratioKeys,
  "altmanZ",
  "creditReportScore",
  "defaultsCount",
  "lawsuitsCount",
  "enforcementsCount",
  "averageDaysLate",
  "shareLate",
  "maxDaysPastDue",
] as const;
export type FactorKey = (typeof factorKeys)[number];

/**
 * One range of a factor's value and the points it earns. `min` is inclusive and `max` exclusive,
 * both decimal text; the first bin has no `min` and the last no `max`, so the bins of a factor
 * cover every value exactly once.
 */
export interface ScorecardBin {
  readonly label: string;
  readonly min?: string;
  readonly max?: string;
  /** 0 (worst) to 100 (best). */
  readonly points: number;
}

export interface ScorecardFactor {
  readonly key: FactorKey;
  /** Integer percent of the score; a card's weights sum to 100. */
  readonly weight: number;
  readonly bins: ReadonlyArray<ScorecardBin>;
  /** Points when the value is missing or not meaningful (a ratio with a zero denominator). */
  readonly missingPoints: number;
}

export interface GradeBand {
  readonly grade: Grade;
  /** Lowest score (0–1000) that earns the grade. */
  readonly minScore: number;
}

/** A versioned, editable scorecard. Saved cards are never changed: an edit makes a new version. */
export interface Scorecard {
  readonly version: number;
  readonly name: string;
  readonly factors: ReadonlyArray<ScorecardFactor>;
  /** Every grade once, best first, with strictly descending minScore ending at 0. */
  readonly grades: ReadonlyArray<GradeBand>;
}

export type FactorInputs = Partial<Record<FactorKey, Decimal | null>>;

export interface FactorResult {
  readonly key: FactorKey;
  /** The input as text (see `formatFactorValue`), or null when missing. */
  readonly value: string | null;
  /** The bin the value fell in, or null when missing. */
  readonly binLabel: string | null;
  readonly points: number;
  readonly weight: number;
  /** weight × points / 10: this factor's share of the 0–1000 score, exactly. */
  readonly contribution: Decimal;
  /** weight × (100 − points) / 10: what the factor cost against a perfect score. */
  readonly lostPoints: Decimal;
}

export interface ScoreReason {
  /** `${key}:${binLabel}`, or `${key}:missing`: stable, translated at the edge. */
  readonly code: string;
  readonly key: FactorKey;
  readonly lostPoints: Decimal;
}

export interface ScorecardResult {
  /** 0–1000, an integer. */
  readonly score: number;
  readonly grade: Grade;
  readonly factors: ReadonlyArray<FactorResult>;
  readonly reasons: ReadonlyArray<ScoreReason>;
}

export const scoreMax = 1000;
export const pointsMax = 100;
export const weightTotal = 100;
/** Bins per factor; a finer ladder than this is false precision. */
export const binsPerFactorMax = 20;
export const scorecardNameLengthMax = 100;
export const binLabelLengthMax = 40;
/** Reasons reported with a grade: the factors that cost the most. */
export const reasonsMax = 3;
/** The label reason codes use for a missing value; no bin may take it. */
export const missingLabel = "missing";
/**
 * Σ weight × points is in tenths of a score point. The score rounds down, so rounding never lifts
 * a customer over a grade boundary: 699.9 is 699, not the 700 of the next grade.
 */
export const scoreRoundingMode: RoundingMode = "down";

/** Labels are codes that the UI translates and reason codes embed: `low`, `very_high`, `none`. */
const binLabelPattern = /^[a-z][a-z0-9_]*$/;

function parseBound(text: unknown): Decimal | null {
  if (typeof text !== "string") return null;
  try {
    return parseDecimal(text);
  } catch {
    return null;
  }
}

function checkBins(factor: ScorecardFactor, path: string, issues: FieldIssue[]): void {
  const push = (at: string, code: string, message: string): void => {
    issues.push({ path: at, code, message });
  };
  const bins = factor.bins;
  if (!Array.isArray(bins) || bins.length === 0) {
    push(`${path}.bins`, "EMPTY", "a factor needs at least one bin");
    return;
  }
  if (bins.length > binsPerFactorMax) {
    push(`${path}.bins`, "TOO_MANY", `at most ${binsPerFactorMax} bins`);
  }
  const labels = new Set<string>();
  let previousMax: Decimal | null = null;
  bins.forEach((bin, index) => {
    const at = `${path}.bins.${index}`;
    if (typeof bin.label !== "string" || !binLabelPattern.test(bin.label)) {
      push(`${at}.label`, "INVALID_LABEL", "a label is lowercase letters, digits and _ (e.g. very_high)");
    } else if (bin.label.length > binLabelLengthMax) {
      push(`${at}.label`, "TOO_LONG", `a label has at most ${binLabelLengthMax} characters`);
    } else if (bin.label === missingLabel) {
      push(`${at}.label`, "RESERVED_LABEL", `"${missingLabel}" is reserved for missing values`);
    } else if (labels.has(bin.label)) {
      push(`${at}.label`, "DUPLICATE_LABEL", `label ${bin.label} is used twice`);
    }
    labels.add(bin.label);
    if (!isIntegerIn(bin.points, 0, pointsMax)) {
      push(`${at}.points`, "OUT_OF_RANGE", `points are a whole number from 0 to ${pointsMax}`);
    }
    const first = index === 0;
    const last = index === bins.length - 1;
    const min = bin.min === undefined ? null : parseBound(bin.min);
    const max = bin.max === undefined ? null : parseBound(bin.max);
    if (bin.min !== undefined && min === null) push(`${at}.min`, "INVALID_BOUND", "min must be a decimal");
    if (bin.max !== undefined && max === null) push(`${at}.max`, "INVALID_BOUND", "max must be a decimal");
    // Open ends make the bins cover every value: the first reaches down, the last up, forever.
    if (first && bin.min !== undefined) {
      push(`${at}.min`, "NOT_COVERING", "the first bin has no min, so that it covers every low value");
    }
    if (!first && bin.min === undefined) {
      push(`${at}.min`, "NOT_COVERING", "only the first bin may leave min open");
    }
    if (last && bin.max !== undefined) {
      push(`${at}.max`, "NOT_COVERING", "the last bin has no max, so that it covers every high value");
    }
    if (!last && bin.max === undefined) {
      push(`${at}.max`, "NOT_COVERING", "only the last bin may leave max open");
    }
    if (min !== null && max !== null && compare(min, max) >= 0) {
      push(at, "BIN_EMPTY", "min must be below max");
    }
    if (!first && min !== null && previousMax !== null) {
      const order = compare(min, previousMax);
      if (order < 0) push(`${at}.min`, "BINS_OVERLAP", "min is below the previous bin's max");
      if (order > 0) push(`${at}.min`, "BINS_GAP", "min is above the previous bin's max: a gap");
    }
    previousMax = max;
  });
}

function checkGrades(bands: ReadonlyArray<GradeBand>, issues: FieldIssue[]): void {
  if (!Array.isArray(bands) || bands.length !== grades.length) {
    issues.push({ path: "grades", code: "GRADES_INCOMPLETE", message: `list all ${grades.length} grades` });
    return;
  }
  bands.forEach((band, index) => {
    const at = `grades.${index}`;
    if (band.grade !== grades[index]) {
      issues.push({
        path: `${at}.grade`,
        code: "GRADE_ORDER",
        message: `grade ${index + 1} is ${grades[index]}`,
      });
    }
    if (!isIntegerIn(band.minScore, 0, scoreMax)) {
      issues.push({
        path: `${at}.minScore`,
        code: "OUT_OF_RANGE",
        message: `minScore is a whole number from 0 to ${scoreMax}`,
      });
      return;
    }
    const previous = bands[index - 1];
    if (
      previous !== undefined &&
      isIntegerIn(previous.minScore, 0, scoreMax) &&
      band.minScore >= previous.minScore
    ) {
      issues.push({
        path: `${at}.minScore`,
        code: "GRADES_NOT_DESCENDING",
        message: "each grade needs a lower minScore than the grade above",
      });
    }
  });
  const last = bands[bands.length - 1];
  if (last !== undefined && last.minScore !== 0) {
    issues.push({
      path: `grades.${bands.length - 1}.minScore`,
      code: "LAST_GRADE_NOT_ZERO",
      message: "the last grade starts at 0, so that every score has a grade",
    });
  }
}

/** Field issues of a scorecard as saved in Settings; an empty list means it can be used. */
export function checkScorecard(card: Scorecard): ReadonlyArray<FieldIssue> {
  const issues: FieldIssue[] = [];
  if (!isIntegerIn(card.version, 1, Number.MAX_SAFE_INTEGER)) {
    issues.push({ path: "version", code: "OUT_OF_RANGE", message: "version is a positive whole number" });
  }
  if (typeof card.name !== "string" || card.name.trim() === "") {
    issues.push({ path: "name", code: "REQUIRED", message: "a scorecard needs a name" });
  } else if (card.name.length > scorecardNameLengthMax) {
    issues.push({ path: "name", code: "TOO_LONG", message: `at most ${scorecardNameLengthMax} characters` });
  }
  if (!Array.isArray(card.factors) || card.factors.length === 0) {
    issues.push({ path: "factors", code: "EMPTY", message: "a scorecard needs at least one factor" });
  } else {
    const seen = new Set<string>();
    let weights = 0;
    let weightsValid = true;
    card.factors.forEach((factor, index) => {
      const path = `factors.${index}`;
      if (!(factorKeys as ReadonlyArray<string>).includes(factor.key)) {
        issues.push({
          path: `${path}.key`,
          code: "UNKNOWN_FACTOR",
          message: `unknown factor ${String(factor.key)}`,
        });
      } else if (seen.has(factor.key)) {
        issues.push({
          path: `${path}.key`,
          code: "DUPLICATE_FACTOR",
          message: `factor ${factor.key} is listed twice`,
        });
      }
      seen.add(factor.key);
      if (isIntegerIn(factor.weight, 1, weightTotal)) {
        weights += factor.weight;
      } else {
        weightsValid = false;
        issues.push({
          path: `${path}.weight`,
          code: "OUT_OF_RANGE",
          message: `weight is a whole percent from 1 to ${weightTotal}`,
        });
      }
      if (!isIntegerIn(factor.missingPoints, 0, pointsMax)) {
        issues.push({
          path: `${path}.missingPoints`,
          code: "OUT_OF_RANGE",
          message: `missingPoints is a whole number from 0 to ${pointsMax}`,
        });
      }
      checkBins(factor, path, issues);
    });
    if (weightsValid && weights !== weightTotal) {
      issues.push({
        path: "factors",
        code: "WEIGHTS_NOT_100",
        message: `weights sum to ${weights}, not ${weightTotal}`,
      });
    }
  }
  checkGrades(card.grades, issues);
  return issues;
}

export function assertScorecard(card: Scorecard): void {
  const issues = checkScorecard(card);
  if (issues.length > 0) {
    throw new AppError("VALIDATION_FAILED", {
      detail: issues.map((issue) => `${issue.path}: ${issue.message}`).join("; "),
      params: { scorecardVersion: typeof card.version === "number" ? card.version : 0 },
      issues,
    });
  }
}

/**
 * A factor value as text: the exact decimal when it has at most `ratioFractionDigits` decimals
 * ("3", "0.25"), otherwise rounded half-even to that many ("0.3333"). Bins compare the exact value,
 * so a value shown as "0.4000" may still sit in the bin below 0.4.
 */
export function formatFactorValue(value: Decimal): string {
  const rounded = toFixedString(value, ratioFractionDigits, "half-even");
  const exact = compare(parseDecimal(rounded), value) === 0;
  return exact ? toCanonicalString(value) : rounded;
}

function binOf(factor: ScorecardFactor, value: Decimal): ScorecardBin {
  const bin = factor.bins.find(
    (candidate) =>
      (candidate.min === undefined || compare(value, parseDecimal(candidate.min)) >= 0) &&
      (candidate.max === undefined || compare(value, parseDecimal(candidate.max)) < 0),
  );
  assert(bin !== undefined, `the bins of ${factor.key} do not cover ${formatFactorValue(value)}`);
  return bin;
}

/**
 * The score and grade of `inputs` on a valid card (an invalid one is VALIDATION_FAILED). A
 * factor whose input is absent, or null, earns its missingPoints. Inputs for keys the card does
 * not weigh are ignored. Score = ⌊Σ weight × points / 10⌋, so 0–1000.
 */
export function evaluateScorecard(card: Scorecard, inputs: FactorInputs): ScorecardResult {
  assertScorecard(card);
  let tenths = 0;
  const factors = card.factors.map((factor): FactorResult => {
    const value = inputs[factor.key] ?? null;
    const bin = value === null ? null : binOf(factor, value);
    const points = bin === null ? factor.missingPoints : bin.points;
    tenths += factor.weight * points;
    return {
      key: factor.key,
      value: value === null ? null : formatFactorValue(value),
      binLabel: bin === null ? null : bin.label,
      points,
      weight: factor.weight,
      contribution: decimal(factor.weight * points, 10),
      lostPoints: decimal(factor.weight * (pointsMax - points), 10),
    };
  });
  const score = Number(divideRounded(BigInt(tenths), 10n, scoreRoundingMode));
  assert(score >= 0 && score <= scoreMax, "score out of range");
  const band = card.grades.find((candidate) => score >= candidate.minScore);
  assert(band !== undefined, "the grade bands do not reach 0");
  const reasons = factors
    .filter((factor) => factor.lostPoints.numerator > 0n)
    .sort(
      (a, b) => compare(b.lostPoints, a.lostPoints) || factorKeys.indexOf(a.key) - factorKeys.indexOf(b.key),
    )
    .slice(0, reasonsMax)
    .map(
      (factor): ScoreReason => ({
        code: `${factor.key}:${factor.binLabel ?? missingLabel}`,
        key: factor.key,
        lostPoints: factor.lostPoints,
      }),
    );
  return { score, grade: band.grade, factors, reasons };
}

/** Facts taken from a credit report; null where the report says nothing. */
export interface CreditReportFacts {
  /** The bureau's score; the default card expects a 0–100 scale where higher is better. */
  readonly score: Decimal | null;
  /** Defaults and bad-debt records (违约/不良记录). */
  readonly defaultsCount: number | null;
  /** Lawsuits as defendant (涉诉), typically over the last three years. */
  readonly lawsuitsCount: number | null;
  /** Court enforcement cases (被执行人) and dishonest-debtor listings (失信被执行人). */
  readonly enforcementsCount: number | null;
}

export interface FactorSources {
  readonly ratios: Ratios | null;
  readonly altman: AltmanResult | null;
  readonly creditReport: CreditReportFacts | null;
  readonly paymentHistory: PaymentHistory | null;
}

function count(value: number | null | undefined): Decimal | null {
  if (value === null || value === undefined) return null;
  assert(Number.isSafeInteger(value) && value >= 0, "counts are non-negative whole numbers");
  return decimal(value);
}

/**
 * The scorecard inputs that an assessment's sources provide. A ratio without a value (whatever
 * the reason) and a history without settled or overdue items are missing, so they earn the
 * factor's missingPoints.
 */
export function factorInputs(sources: FactorSources): FactorInputs {
  const inputs: Partial<Record<FactorKey, Decimal | null>> = {};
  for (const key of ratioKeys) inputs[key] = sources.ratios?.[key].value ?? null;
  inputs.altmanZ = sources.altman?.score ?? null;
  const report = sources.creditReport;
  inputs.creditReportScore = report?.score ?? null;
  inputs.defaultsCount = count(report?.defaultsCount);
  inputs.lawsuitsCount = count(report?.lawsuitsCount);
  inputs.enforcementsCount = count(report?.enforcementsCount);
  const history = sources.paymentHistory;
  const observed = history !== null && history.averageDaysLate !== null;
  inputs.averageDaysLate = history?.averageDaysLate ?? null;
  inputs.shareLate = history?.shareLate ?? null;
  inputs.maxDaysPastDue = observed ? decimal(history.maxDaysPastDue) : null;
  return inputs;
}

type LadderStep = string | readonly [label: string, points: number];

/**
 * Bins from alternating [label, points] and bound entries, lowest values first:
 * ladder(["low", 100], "0.4", ["high", 0]) is  x < 0.4 → low, x ≥ 0.4 → high.
 */
function ladder(...steps: ReadonlyArray<LadderStep>): ReadonlyArray<ScorecardBin> {
  const bins: ScorecardBin[] = [];
  let min: string | undefined;
  for (let index = 0; index < steps.length; index += 2) {
    const step = steps[index];
    const bound = steps[index + 1];
    assert(Array.isArray(step), "ladder: a bin is [label, points]");
    assert(bound === undefined || typeof bound === "string", "ladder: bins are separated by bounds");
    const [label, points] = step as readonly [string, number];
    bins.push({
      label,
      points,
      ...(min === undefined ? {} : { min }),
      ...(bound === undefined ? {} : { max: bound }),
    });
    min = bound;
  }
  return bins;
}

/**
 * The scorecard new organizations start with, for Chinese SME trade customers. Weights: the
 * statements 45 (ratios 40, Z'' 5), the credit report 30, our own payment history 25, because
 * SME statements are often unaudited while a customer's record of paying us is first-hand.
 *
 * Bin edges follow the rules of thumb Chinese credit analysts use: 资产负债率 below 40 % is sound
 * and above 70–80 % heavily leveraged; 流动比率 of 2 and 速动比率 of 1 are the textbook norms;
 * interest covered less than once means operating profit does not pay the interest; Z'' bins are
 * Altman's zones (a score of exactly 2.60 is "grey" as a zone but earns the safe bin, because
 * bins include their min). Late payment: within a week is friction, past 30 days is a pattern,
 * past 90 days is what 企业会计准则 practice treats as a serious arrear.
 *
 * Missing values earn between a third and two thirds of the points: less than an average value
 * for the statements (a customer who withholds them is not average), neutral for a new
 * customer's empty payment history. A customer about whom nothing is known scores 441 (B), which
 * the default policy serves cash in advance. Every factor has a 100-point and a 0-point bin, and
 * no single bin step moves the score by 100 or more, so every grade from AAA to D is reachable.
 */
export const defaultScorecard: Scorecard = {
  version: 1,
  name: "Credence default (Chinese SME trade credit)",
  factors: [
    {
      key: "debtRatio",
      weight: 10,
      bins: ladder(
        ["low", 100],
        "0.4",
        ["moderate", 75],
        "0.6",
        ["elevated", 50],
        "0.7",
        ["high", 25],
        "0.8",
        ["very_high", 0],
      ),
      missingPoints: 30,
    },
    {
      key: "currentRatio",
      weight: 6,
      bins: ladder(["below_one", 0], "1", ["weak", 30], "1.2", ["fair", 60], "1.5", ["good", 80], "2", [
        "strong",
        100,
      ]),
      missingPoints: 30,
    },
    {
      key: "quickRatio",
      weight: 4,
      bins: ladder(["weak", 0], "0.5", ["fair", 40], "0.8", ["good", 70], "1", ["strong", 100]),
      missingPoints: 30,
    },
    {
      // No interest expense gives no ratio, so missingPoints sits near the middle: a firm
      // without borrowings is not a risk for that reason, but unreported interest might be.
      key: "interestCoverage",
      weight: 5,
      bins: ladder(["not_covered", 0], "1", ["thin", 20], "1.5", ["fair", 50], "3", ["good", 80], "6", [
        "strong",
        100,
      ]),
      missingPoints: 50,
    },
    {
      key: "operatingCashFlowRatio",
      weight: 5,
      bins: ladder(["negative", 0], "0", ["weak", 40], "0.2", ["fair", 70], "0.4", ["strong", 100]),
      missingPoints: 30,
    },
    {
      key: "netMargin",
      weight: 6,
      bins: ladder(["loss", 0], "0", ["thin", 40], "0.02", ["fair", 60], "0.05", ["good", 80], "0.1", [
        "strong",
        100,
      ]),
      missingPoints: 30,
    },
    {
      // Very fast growth (over 50 % a year) scores below steady growth: overtrading is how
      // growing SMEs run out of cash.
      key: "revenueGrowth",
      weight: 4,
      bins: ladder(
        ["sharp_decline", 0],
        "-0.2",
        ["decline", 40],
        "0",
        ["flat", 70],
        "0.1",
        ["growth", 100],
        "0.5",
        ["very_fast", 70],
      ),
      missingPoints: 50,
    },
    {
      key: "altmanZ",
      weight: 5,
      bins: ladder(["distress", 0], "1.1", ["grey", 50], "2.6", ["safe", 100]),
      missingPoints: 30,
    },
    {
      key: "creditReportScore",
      weight: 12,
      bins: ladder(["poor", 0], "40", ["weak", 30], "55", ["fair", 60], "70", ["good", 85], "85", [
        "excellent",
        100,
      ]),
      missingPoints: 40,
    },
    {
      key: "defaultsCount",
      weight: 8,
      bins: ladder(["none", 100], "1", ["one", 30], "2", ["several", 0]),
      missingPoints: 50,
    },
    {
      key: "lawsuitsCount",
      weight: 5,
      bins: ladder(["none", 100], "1", ["few", 70], "3", ["several", 40], "6", ["many", 0]),
      missingPoints: 50,
    },
    {
      key: "enforcementsCount",
      weight: 5,
      bins: ladder(["none", 100], "1", ["one", 20], "2", ["several", 0]),
      missingPoints: 50,
    },
    {
      key: "averageDaysLate",
      weight: 10,
      bins: ladder(
        ["on_time", 100],
        "1",
        ["within_week", 80],
        "8",
        ["within_fortnight", 60],
        "16",
        ["within_month", 30],
        "31",
        ["within_two_months", 10],
        "61",
        ["beyond_two_months", 0],
      ),
      missingPoints: 60,
    },
    {
      key: "shareLate",
      weight: 7,
      bins: ladder(
        ["rare", 100],
        "0.05",
        ["occasional", 75],
        "0.15",
        ["frequent", 50],
        "0.3",
        ["usual", 25],
        "0.5",
        ["mostly", 0],
      ),
      missingPoints: 60,
    },
    {
      key: "maxDaysPastDue",
      weight: 8,
      bins: ladder(
        ["none", 100],
        "1",
        ["up_to_30", 70],
        "31",
        ["up_to_60", 40],
        "61",
        ["up_to_90", 15],
        "91",
        ["beyond_90", 0],
      ),
      missingPoints: 60,
    },
  ],
  grades: [
    { grade: "AAA", minScore: 900 },
    { grade: "AA", minScore: 800 },
    { grade: "A", minScore: 700 },
    { grade: "BBB", minScore: 600 },
    { grade: "BB", minScore: 500 },
    { grade: "B", minScore: 400 },
    { grade: "CCC", minScore: 300 },
    { grade: "D", minScore: 0 },
  ],
};
