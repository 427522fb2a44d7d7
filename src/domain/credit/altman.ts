import { add, compare, type Decimal, decimal, divide, multiply, parseDecimal } from "../../core/decimal.ts";
import { type FinancialStatement, type StatementItem, statementMonthsMax } from "./financial-statement.ts";
import type { RatioReason } from "./ratios.ts";

/**
 * Altman's Z''-score for private and non-manufacturing firms, the variant without the market
 * value of equity and without sales/total assets (which varies too much between industries):
 *
 *   Z'' = 6.56·X1 + 3.26·X2 + 6.72·X3 + 1.05·X4
 *   X1 = (current assets − current liabilities) / total assets   (working capital)
 *   X2 = retained earnings / total assets
 *   X3 = EBIT / total assets                                     (EBIT over a year)
 *   X4 = book value of equity / total liabilities
 *   zones: Z'' > 2.60 safe, 1.10 ≤ Z'' ≤ 2.60 grey, Z'' < 1.10 distress
 *
 * Sources: E. I. Altman, J. Hartzell and M. Peck, "Emerging Markets Corporate Bonds: A Scoring
 * System", Salomon Brothers, 1995; E. I. Altman, "Predicting Financial Distress of Companies:
 * Revisiting the Z-Score and ZETA® Models", NYU Stern working paper, July 2000 (the Z''-score
 * and its cut-offs). The emerging-market variant adds a constant 3.25 and is not used here.
 */
export const altmanCoefficients = Object.freeze({
  x1: parseDecimal("6.56"),
  x2: parseDecimal("3.26"),
  x3: parseDecimal("6.72"),
  x4: parseDecimal("1.05"),
});

/** Above this the firm is in the safe zone. */
export const altmanSafeAbove: Decimal = parseDecimal("2.60");
/** Below this the firm is in the distress zone. */
export const altmanDistressBelow: Decimal = parseDecimal("1.10");

export const altmanZones = ["safe", "grey", "distress"] as const;
export type AltmanZone = (typeof altmanZones)[number];

export interface AltmanComponents {
  readonly x1: Decimal;
  readonly x2: Decimal;
  readonly x3: Decimal;
  readonly x4: Decimal;
}

export type AltmanResult =
  | { readonly score: Decimal; readonly zone: AltmanZone; readonly components: AltmanComponents }
  | {
      readonly score: null;
      readonly reason: RatioReason;
      /** The items that were not reported, when the reason is MISSING. */
      readonly missing: ReadonlyArray<StatementItem>;
    };

const altmanItems: ReadonlyArray<StatementItem> = [
  "currentAssets",
  "currentLiabilities",
  "totalAssets",
  "totalLiabilities",
  "retainedEarnings",
  "operatingProfit",
  "equity",
];

export function altmanZone(score: Decimal): AltmanZone {
  if (compare(score, altmanSafeAbove) > 0) return "safe";
  if (compare(score, altmanDistressBelow) < 0) return "distress";
  return "grey";
}

/**
 * Z'' of a statement, exactly. EBIT is annualized (× 12 / months) because the model was fitted on
 * yearly figures. Not meaningful when an item is missing or the period length is unusable
 * (MISSING), or when total assets or total liabilities are zero (ZERO_DENOMINATOR) or negative
 * (NEGATIVE_DENOMINATOR). Negative equity or retained earnings are meaningful and lower the score.
 */
export function altmanZ(s: FinancialStatement): AltmanResult {
  const missing = altmanItems.filter((item) => s[item] === null);
  const monthsUsable = Number.isSafeInteger(s.months) && s.months >= 1 && s.months <= statementMonthsMax;
  const {
    currentAssets,
    currentLiabilities,
    totalAssets,
    totalLiabilities,
    retainedEarnings,
    operatingProfit,
    equity,
  } = s;
  if (
    currentAssets === null ||
    currentLiabilities === null ||
    totalAssets === null ||
    totalLiabilities === null ||
    retainedEarnings === null ||
    operatingProfit === null ||
    equity === null ||
    !monthsUsable
  ) {
    return { score: null, reason: "MISSING", missing };
  }
  if (totalAssets === 0n || totalLiabilities === 0n) {
    return { score: null, reason: "ZERO_DENOMINATOR", missing };
  }
  if (totalAssets < 0n || totalLiabilities < 0n) {
    return { score: null, reason: "NEGATIVE_DENOMINATOR", missing };
  }
  const components: AltmanComponents = {
    x1: decimal(currentAssets - currentLiabilities, totalAssets),
    x2: decimal(retainedEarnings, totalAssets),
    x3: divide(decimal(operatingProfit * 12n, BigInt(s.months)), decimal(totalAssets)),
    x4: decimal(equity, totalLiabilities),
  };
  const score = [
    multiply(altmanCoefficients.x1, components.x1),
    multiply(altmanCoefficients.x2, components.x2),
    multiply(altmanCoefficients.x3, components.x3),
    multiply(altmanCoefficients.x4, components.x4),
  ].reduce(add);
  return { score, zone: altmanZone(score), components };
}
