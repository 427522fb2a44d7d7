import { type Decimal, decimal, divide, subtract, toFixedString } from "../../core/decimal.ts";
import type { RoundingMode } from "../../core/rounding.ts";
import { type FinancialStatement, statementMonthsMax } from "./financial-statement.ts";

/**
 * Why a ratio has no value. MISSING: an item it needs was not reported (or the period length is
 * unusable). ZERO_DENOMINATOR: the denominator is zero, so the ratio is infinite or undefined.
 * NEGATIVE_DENOMINATOR: the denominator is negative, which turns the ratio's meaning around
 * (a loss-making firm with negative current liabilities would look "liquid").
 */
export const ratioReasons = ["MISSING", "ZERO_DENOMINATOR", "NEGATIVE_DENOMINATOR"] as const;
export type RatioReason = (typeof ratioReasons)[number];

/** An exact ratio, or no value and why: never NaN, never Infinity. */
export type Ratio = { readonly value: Decimal } | { readonly value: null; readonly reason: RatioReason };

export const ratioKeys = [
  "debtRatio",
  "currentRatio",
  "quickRatio",
  "interestCoverage",
  "operatingCashFlowRatio",
  "netMargin",
  "revenueGrowth",
] as const;
export type RatioKey = (typeof ratioKeys)[number];

export type Ratios = { readonly [Key in RatioKey]: Ratio };

/** Ratios are shown and exported with this many decimals (0.6523 = 65.23 %). */
export const ratioFractionDigits = 4;

function notMeaningful(reason: RatioReason): Ratio {
  return Object.freeze({ value: null, reason });
}

const missing = notMeaningful("MISSING");
const zeroDenominator = notMeaningful("ZERO_DENOMINATOR");
const negativeDenominator = notMeaningful("NEGATIVE_DENOMINATOR");

/**
 * numerator / denominator, both in the same unit (minor units, or minor units per year). Any
 * numerator sign is meaningful; a zero denominator never is, and a negative one is refused.
 */
function ratio(numerator: Decimal | bigint | null, denominator: Decimal | bigint | null): Ratio {
  if (numerator === null || denominator === null) return missing;
  const top = typeof numerator === "bigint" ? decimal(numerator) : numerator;
  const bottom = typeof denominator === "bigint" ? decimal(denominator) : denominator;
  if (bottom.numerator === 0n) return zeroDenominator;
  if (bottom.numerator < 0n) return negativeDenominator;
  return { value: divide(top, bottom) };
}

function monthsUsable(months: number): boolean {
  return Number.isSafeInteger(months) && months >= 1 && months <= statementMonthsMax;
}

/** A flow over the statement's months, scaled to a year; null when it or the period is unusable. */
function annualFlow(statement: FinancialStatement, amountMinor: bigint | null): Decimal | null {
  if (amountMinor === null || !monthsUsable(statement.months)) return null;
  return decimal(amountMinor * 12n, BigInt(statement.months));
}

/**
 * Revenue growth against `previous`, both annualized so that a half-year can follow a year.
 * No value (MISSING) without a previous statement, when either revenue is missing, when the
 * currencies differ (the amounts are not comparable) or when `previous` is not earlier.
 */
function revenueGrowth(current: FinancialStatement, previous: FinancialStatement | null): Ratio {
  if (previous === null) return missing;
  if (previous.currency !== current.currency || previous.periodEnd >= current.periodEnd) return missing;
  const now = annualFlow(current, current.revenue);
  const before = annualFlow(previous, previous.revenue);
  if (now === null || before === null) return missing;
  return ratio(subtract(now, before), before);
}

/**
 * The seven ratios of a statement (and the previous one, for growth), exactly. Decisions:
 *
 * - debtRatio 资产负债率 = totalLiabilities / totalAssets. Negative equity gives a ratio above 1,
 *   which is meaningful (insolvent on the books) and kept.
 * - currentRatio 流动比率 = currentAssets / currentLiabilities; zero current liabilities give no
 *   value (not "infinitely liquid": a scorecard must not reward a figure it cannot rank).
 * - quickRatio 速动比率 = (currentAssets − inventory) / currentLiabilities. A missing inventory
 *   makes it MISSING rather than assumed zero; a firm without stock reports inventory 0.
 * - interestCoverage 利息保障倍数 = EBIT / interestExpense, both over the same months. Zero
 *   interest expense (no borrowings) gives ZERO_DENOMINATOR: no debt service to cover, so the
 *   ratio says nothing. Negative EBIT gives a negative, meaningful coverage.
 * - operatingCashFlowRatio 现金流动负债比 = annualized operating cash flow / currentLiabilities.
 * - netMargin 销售净利率 = netProfit / revenue (same months; no annualization needed).
 * - revenueGrowth 营业收入增长率 = (annualized revenue − previous annualized) / previous annualized.
 *
 * A negative denominator (negative assets, liabilities, interest or revenue: all invalid per
 * `checkStatement`) gives NEGATIVE_DENOMINATOR, never a value with its sign turned around.
 */
export function computeRatios(current: FinancialStatement, previous: FinancialStatement | null): Ratios {
  const currentAssets = current.currentAssets;
  const inventory = current.inventory;
  return {
    debtRatio: ratio(current.totalLiabilities, current.totalAssets),
    currentRatio: ratio(currentAssets, current.currentLiabilities),
    quickRatio: ratio(
      currentAssets === null || inventory === null ? null : currentAssets - inventory,
      current.currentLiabilities,
    ),
    interestCoverage: ratio(current.operatingProfit, current.interestExpense),
    operatingCashFlowRatio: ratio(annualFlow(current, current.operatingCashFlow), current.currentLiabilities),
    netMargin: ratio(current.netProfit, current.revenue),
    revenueGrowth: revenueGrowth(current, previous),
  };
}

/**
 * The ratio as text with `ratioFractionDigits` decimals ("0.6523"), rounded once with `mode`,
 * or null when it has no value. Display only: scoring uses the exact value.
 */
export function formatRatio(r: Ratio, mode: RoundingMode): string | null {
  return r.value === null ? null : toFixedString(r.value, ratioFractionDigits, mode);
}
