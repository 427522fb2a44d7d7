import type { FinancialStatement } from "../../../src/domain/credit/index.ts";

/** Whole yuan in 分: yuan(1_200_000) is 1,200,000.00 元. */
export function yuan(amount: number): bigint {
  return BigInt(amount) * 100n;
}

export const emptyStatement: FinancialStatement = {
  periodEnd: "2025-12-31",
  months: 12,
  currency: "CNY",
  cash: null,
  accountsReceivable: null,
  inventory: null,
  currentAssets: null,
  totalAssets: null,
  currentLiabilities: null,
  totalLiabilities: null,
  retainedEarnings: null,
  equity: null,
  revenue: null,
  operatingProfit: null,
  interestExpense: null,
  netProfit: null,
  operatingCashFlow: null,
};

/**
 * A sound trading company, year 2025 (all figures in 元). The ratios and Z'' the tests expect are
 * computed by hand next to them.
 */
export const soundYear: FinancialStatement = {
  ...emptyStatement,
  cash: yuan(1_200_000),
  accountsReceivable: yuan(2_500_000),
  inventory: yuan(1_800_000),
  currentAssets: yuan(6_000_000),
  totalAssets: yuan(15_000_000),
  currentLiabilities: yuan(4_000_000),
  totalLiabilities: yuan(9_000_000),
  retainedEarnings: yuan(2_400_000),
  equity: yuan(6_000_000),
  revenue: yuan(30_000_000),
  operatingProfit: yuan(1_800_000),
  interestExpense: yuan(400_000),
  netProfit: yuan(1_200_000),
  operatingCashFlow: yuan(1_500_000),
};

/** The same company's half-year: the same balance sheet and exactly half of every flow. */
export const soundHalfYear: FinancialStatement = {
  ...soundYear,
  periodEnd: "2026-06-30",
  months: 6,
  revenue: yuan(15_000_000),
  operatingProfit: yuan(900_000),
  interestExpense: yuan(200_000),
  netProfit: yuan(600_000),
  operatingCashFlow: yuan(750_000),
};

/** The year before `soundYear`: only revenue matters (24,000,000 元). */
export const previousYear: FinancialStatement = {
  ...emptyStatement,
  periodEnd: "2024-12-31",
  revenue: yuan(24_000_000),
};

/** A loss-making company with negative equity (liabilities exceed assets). */
export const insolvent: FinancialStatement = {
  ...emptyStatement,
  inventory: yuan(1_000_000),
  currentAssets: yuan(3_000_000),
  totalAssets: yuan(10_000_000),
  currentLiabilities: yuan(5_000_000),
  totalLiabilities: yuan(12_000_000),
  retainedEarnings: yuan(-4_000_000),
  equity: yuan(-2_000_000),
  revenue: yuan(8_000_000),
  operatingProfit: yuan(-500_000),
  interestExpense: yuan(300_000),
  netProfit: yuan(-900_000),
  operatingCashFlow: yuan(-200_000),
};
