import {
  compare,
  type Decimal,
  decimal,
  multiply,
  parseDecimal,
  toCanonicalString,
  toFixedString,
  ZERO,
} from "../../core/decimal.ts";
import { AppError, type FieldIssue, isAppError } from "../../core/errors.ts";
import { civilDateOf, epochDayOf } from "./day-count.ts";

/**
 * Rate ceilings (issue 5, item 3): the highest annualized rate an organization lets a plan carry,
 * and what happens above it (a warning, or the plan is refused).
 *
 * The default ceiling is the Chinese judicial protection ceiling for private lending: four times
 * the one-year loan prime rate (一年期贷款市场报价利率, LPR) in force when the contract is made.
 * 《最高人民法院关于审理民间借贷案件适用法律若干问题的规定》 Article 25 (as amended 29 December 2020,
 * in force 1 January 2021; the 4 × LPR rule replaced the old 24 % / 36 % lines on 20 August 2020):
 * a court supports the agreed interest "unless the agreed rate exceeds four times the one-year LPR
 * at the time the contract was made", the LPR being the rate the National Interbank Funding Center
 * (全国银行间同业拆借中心) publishes monthly on the PBOC's authority. Those provisions govern private
 * lending (民间借贷) and exclude licensed lenders; a seller's installment credit is not bank lending,
 * and what a court would not enforce is a sound upper bound for what to offer, so the rule is used
 * here as a conservative default. An organization may enter another multiple or a fixed rate.
 *
 * Conventions:
 * - The LPR is data the organization enters ({effectiveDate, rate} for each published change), not
 *   part of the versioned installment policy: it changes monthly and is the same for every policy.
 * - The rate in force on a date is the entry with the latest effective date on or before it; a
 *   fixing takes effect on its publication day (the 20th, or the next working day).
 * - The rate compared is the annualized nominal rate (年化利率, IRR method, PBOC announcement 〔2021〕
 *   No. 3) as disclosed with six decimals: the figure the customer sees is the figure checked.
 *   A rate equal to the ceiling is within it.
 */

export const rateCeilingModes = ["warn", "block"] as const;
export type RateCeilingMode = (typeof rateCeilingModes)[number];

export const rateCeilingSourceKinds = ["lpr-multiple", "fixed"] as const;
export type RateCeilingSourceKind = (typeof rateCeilingSourceKinds)[number];

export type RateCeilingSource =
  /** `multiple` × the one-year LPR in force on the contract date ("4"). */
  | { readonly kind: "lpr-multiple"; readonly multiple: string }
  /** A fixed annual rate ("0.24"). */
  | { readonly kind: "fixed"; readonly annualRate: string };

export interface RateCeilingSettings {
  /** "warn": the plan is offered with a warning; "block": it is not offered. */
  readonly mode: RateCeilingMode;
  readonly source: RateCeilingSource;
}

/** One published one-year LPR: the rate ("0.0385") in force from `effectiveDate` until the next entry. */
export interface LprEntry {
  readonly effectiveDate: string;
  readonly rate: string;
}

export interface RateCeiling {
  readonly mode: RateCeilingMode;
  readonly source: RateCeilingSourceKind;
  readonly contractDate: string;
  /** The ceiling as an exact annual fraction (0.154 for 15.4 %). */
  readonly annualRate: Decimal;
  /** `annualRate` with six decimals ("0.154000"). */
  readonly annualRateText: string;
  /** The LPR entry used; null for a fixed ceiling. */
  readonly lpr: LprEntry | null;
  /** The multiple applied to the LPR; null for a fixed ceiling. */
  readonly multiple: string | null;
  /** The rule the ceiling comes from; null for a ceiling the organization chose itself. */
  readonly legalBasis: string | null;
  /** How the ceiling was obtained, in words. */
  readonly explanation: string;
}

export const rateCeilingDecisions = ["ok", "warn", "block"] as const;
export type RateCeilingDecision = (typeof rateCeilingDecisions)[number];

export interface RateCeilingCheck {
  readonly decision: RateCeilingDecision;
  /** The rate checked, six decimals. */
  readonly annualRateText: string;
  readonly ceiling: RateCeiling;
  readonly source: RateCeilingSourceKind;
  readonly explanation: string;
}

/** 4 × the one-year LPR: Article 25 of the private-lending provisions. */
export const judicialCeilingLprMultiple = "4";
export const privateLendingCeilingBasis =
  "最高人民法院关于审理民间借贷案件适用法律若干问题的规定 (2020 revision), Article 25: " +
  "4 × the one-year LPR at contract date, the judicial protection ceiling for private lending";

/** Most LPR entries: monthly fixings for eighty years. */
export const lprEntriesMax = 1000;
/** Largest LPR accepted: 20 % a year, far above any fixing since the LPR began in 2019 (4.31 %). */
export const lprRateMax: Decimal = decimal(1, 5);
/** Largest LPR multiple accepted. */
export const lprMultipleMax: Decimal = decimal(10);
/** Largest fixed ceiling: 1,000 % a year, the schedule engine's own limit. */
export const fixedCeilingRateMax: Decimal = decimal(10);
/** Decimals of the ceiling and checked-rate texts, as for every disclosed rate. */
export const ceilingTextFractionDigits = 6;

function readPositiveDecimal(text: unknown, max: Decimal): Decimal | null {
  if (typeof text !== "string") return null;
  try {
    const value = parseDecimal(text);
    return compare(value, ZERO) > 0 && compare(value, max) <= 0 ? value : null;
  } catch (error) {
    if (!isAppError(error)) throw error;
    return null;
  }
}

function epochDayOfText(text: unknown): number | null {
  const date = civilDateOf(text);
  return date === null ? null : epochDayOf(date.year, date.month, date.day);
}

/** Field issues of rate-ceiling settings, paths under `path` ("rateCeiling"). */
export function checkRateCeilingSettings(settings: RateCeilingSettings, path: string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (typeof settings !== "object" || settings === null) {
    return [{ path, code: "REQUIRED", message: "rate-ceiling settings" }];
  }
  if (!(rateCeilingModes as ReadonlyArray<string>).includes(settings.mode)) {
    issues.push({ path: `${path}.mode`, code: "INVALID_CHOICE", message: "warn or block" });
  }
  const source = settings.source;
  if (typeof source !== "object" || source === null) {
    issues.push({ path: `${path}.source`, code: "REQUIRED", message: "lpr-multiple or fixed" });
    return issues;
  }
  switch (source.kind) {
    case "lpr-multiple":
      if (readPositiveDecimal(source.multiple, lprMultipleMax) === null) {
        issues.push({
          path: `${path}.source.multiple`,
          code: "OUT_OF_RANGE",
          message: "a multiple above 0 and at most 10 (the judicial ceiling is 4)",
        });
      }
      break;
    case "fixed":
      if (readPositiveDecimal(source.annualRate, fixedCeilingRateMax) === null) {
        issues.push({
          path: `${path}.source.annualRate`,
          code: "OUT_OF_RANGE",
          message: "an annual rate above 0 and at most 10",
        });
      }
      break;
    default:
      issues.push({ path: `${path}.source.kind`, code: "INVALID_CHOICE", message: "lpr-multiple or fixed" });
  }
  return issues;
}

/**
 * Field issues of an LPR table: real dates, rates above 0 and at most 20 %, one rate per date.
 * The order of the entries does not matter.
 */
export function checkLprTable(table: ReadonlyArray<LprEntry>): FieldIssue[] {
  if (!Array.isArray(table))
    return [{ path: "lprTable", code: "REQUIRED", message: "a list of LPR entries" }];
  if (table.length > lprEntriesMax) {
    return [{ path: "lprTable", code: "TOO_MANY", message: `at most ${lprEntriesMax} entries` }];
  }
  const issues: FieldIssue[] = [];
  const seen = new Set<number>();
  table.forEach((entry, index) => {
    const at = `lprTable.${index}`;
    const day = epochDayOfText(entry?.effectiveDate);
    if (day === null) {
      issues.push({ path: `${at}.effectiveDate`, code: "INVALID_DATE", message: "a date (YYYY-MM-DD)" });
    } else if (seen.has(day)) {
      issues.push({ path: `${at}.effectiveDate`, code: "DUPLICATE", message: "one LPR per effective date" });
    } else {
      seen.add(day);
    }
    if (readPositiveDecimal(entry?.rate, lprRateMax) === null) {
      issues.push({
        path: `${at}.rate`,
        code: "OUT_OF_RANGE",
        message: "an annual rate above 0 and at most 0.2, such as 0.0385",
      });
    }
  });
  return issues;
}

function validationFailed(issues: ReadonlyArray<FieldIssue>): AppError {
  return new AppError("VALIDATION_FAILED", {
    detail: issues.map((issue) => `${issue.path}: ${issue.message}`).join("; "),
    issues,
  });
}

/** The LPR entry in force on `date` (latest effective date on or before it), or null. */
export function lprInForce(table: ReadonlyArray<LprEntry>, date: string): LprEntry | null {
  const issues = checkLprTable(table);
  if (issues.length > 0) throw validationFailed(issues);
  const day = epochDayOfText(date);
  if (day === null)
    throw validationFailed([{ path: "contractDate", code: "INVALID_DATE", message: "a date" }]);
  let best: LprEntry | null = null;
  let bestDay = Number.NEGATIVE_INFINITY;
  for (const entry of table) {
    const effective = epochDayOfText(entry.effectiveDate) ?? Number.POSITIVE_INFINITY;
    if (effective <= day && effective > bestDay) {
      best = entry;
      bestDay = effective;
    }
  }
  return best;
}

/** A rate as a percentage without trailing zeros where it terminates ("15.4%", "3.85%"). */
export function percentText(rate: Decimal): string {
  const percent = multiply(rate, decimal(100));
  try {
    return `${toCanonicalString(percent)}%`;
  } catch {
    return `${toFixedString(percent, 4, "half-even")}%`;
  }
}

/**
 * The ceiling that applies to a contract made on `contractDate` under `policy.rateCeiling`, with
 * the one-year LPR table the organization entered (unused for a fixed ceiling).
 * VALIDATION_FAILED when the settings or the table are invalid, or when no LPR is in force on the
 * contract date (NO_LPR_IN_FORCE: the organization must enter it; guessing a legal limit is worse
 * than asking).
 */
export function rateCeiling(
  policy: { readonly rateCeiling: RateCeilingSettings },
  contractDate: string,
  lprTable: ReadonlyArray<LprEntry>,
): RateCeiling {
  const settings = policy?.rateCeiling;
  const issues = checkRateCeilingSettings(settings, "rateCeiling");
  if (civilDateOf(contractDate) === null) {
    issues.push({ path: "contractDate", code: "INVALID_DATE", message: "a date (YYYY-MM-DD)" });
  }
  if (issues.length > 0) throw validationFailed(issues);
  const source = settings.source;
  switch (source.kind) {
    case "fixed": {
      const annualRate = parseDecimal(source.annualRate);
      return {
        mode: settings.mode,
        source: "fixed",
        contractDate,
        annualRate,
        annualRateText: toFixedString(annualRate, ceilingTextFractionDigits, "half-even"),
        lpr: null,
        multiple: null,
        legalBasis: null,
        explanation: `The organization's fixed ceiling of ${percentText(annualRate)} a year.`,
      };
    }
    case "lpr-multiple": {
      const lpr = lprInForce(lprTable, contractDate);
      if (lpr === null) {
        throw validationFailed([
          {
            path: "lprTable",
            code: "NO_LPR_IN_FORCE",
            message: `no one-year LPR is entered for ${contractDate} or before`,
          },
        ]);
      }
      const lprRate = parseDecimal(lpr.rate);
      const multiple = parseDecimal(source.multiple);
      const annualRate = multiply(lprRate, multiple);
      const judicial = compare(multiple, parseDecimal(judicialCeilingLprMultiple)) === 0;
      const base =
        `${toCanonicalString(multiple)} × the one-year LPR of ${percentText(lprRate)} in force on ` +
        `${contractDate} (effective ${lpr.effectiveDate}) = ${percentText(annualRate)} a year.`;
      return {
        mode: settings.mode,
        source: "lpr-multiple",
        contractDate,
        annualRate,
        annualRateText: toFixedString(annualRate, ceilingTextFractionDigits, "half-even"),
        lpr,
        multiple: toCanonicalString(multiple),
        legalBasis: judicial ? privateLendingCeilingBasis : null,
        explanation: judicial
          ? `${base} This is the judicial protection ceiling for private lending (最高人民法院关于审理民间借贷案件` +
            "适用法律若干问题的规定, 2020 revision, Article 25: interest above four times the one-year LPR at " +
            "contract date is not enforced), used here as a conservative default."
          : `${base} A multiple chosen by the organization.`,
      };
    }
    default:
      return unknownSource(source);
  }
}

function unknownSource(source: never): never {
  throw new Error(`Assertion failed: unknown ceiling source ${JSON.stringify(source)}`);
}

function readRate(value: Decimal | string): Decimal {
  if (typeof value === "string") {
    try {
      return parseDecimal(value);
    } catch (error) {
      if (!isAppError(error)) throw error;
      throw validationFailed([{ path: "annualRate", code: "INVALID_RATE", message: "a decimal fraction" }]);
    }
  }
  return decimal(value.numerator, value.denominator);
}

/**
 * Whether an annualized nominal rate is within `ceiling`: "ok" at or below it; above it "warn" or
 * "block" as the ceiling's mode says. The rate is compared as disclosed, rounded half-even to six
 * decimals, so that 0.1540004 against a 15.4 % ceiling reads 0.154000 and passes, as the customer
 * is shown.
 */
export function checkRateCeiling(annualRate: Decimal | string, ceiling: RateCeiling): RateCeilingCheck {
  const rate = readRate(annualRate);
  const annualRateText = toFixedString(rate, ceilingTextFractionDigits, "half-even");
  const disclosed = parseDecimal(annualRateText);
  const above = compare(disclosed, ceiling.annualRate) > 0;
  const decision: RateCeilingDecision = above ? ceiling.mode : "ok";
  const comparison = above ? "above" : "within";
  const outcome =
    decision === "block"
      ? " The plan is not offered."
      : decision === "warn"
        ? " The plan may be offered, with a warning."
        : "";
  return {
    decision,
    annualRateText,
    ceiling,
    source: ceiling.source,
    explanation:
      `The annualized rate ${percentText(disclosed)} is ${comparison} the ceiling of ` +
      `${percentText(ceiling.annualRate)}.${outcome} ${ceiling.explanation}`,
  };
}
