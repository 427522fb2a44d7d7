import { currencyScale, isCurrencyCode } from "../../core/currency.ts";
import { parseBusinessDate } from "../../core/dates.ts";
import { type Decimal, decimal } from "../../core/decimal.ts";
import { assert, type FieldIssue } from "../../core/errors.ts";

/**
 * The items of a customer's financial statements that credit evaluation reads, named after the
 * lines of the Chinese statement formats (企业会计准则 财务报表格式): 资产负债表, 利润表, 现金流量表.
 * Order matters only for forms and imports, which list the items in this order.
 */
export const statementItems = [
  // 资产负债表 (balance sheet), amounts at periodEnd
  "cash", // 货币资金
  "accountsReceivable", // 应收账款
  "inventory", // 存货
  "currentAssets", // 流动资产合计
  "totalAssets", // 资产总计
  "currentLiabilities", // 流动负债合计
  "totalLiabilities", // 负债合计
  "retainedEarnings", // 未分配利润 (plus 盈余公积 where the customer reports them together)
  "equity", // 所有者权益（或股东权益）合计
  // 利润表 (income statement), flows over the `months` before periodEnd
  "revenue", // 营业收入
  "operatingProfit", // 营业利润, used as EBIT
  "interestExpense", // 利息费用 (the line under 财务费用, not 财务费用 itself, which nets interest income)
  "netProfit", // 净利润
  // 现金流量表 (cash flow statement), a flow over the same months
  "operatingCashFlow", // 经营活动产生的现金流量净额
] as const;

export type StatementItem = (typeof statementItems)[number];

export const statementSections = ["balance_sheet", "income_statement", "cash_flow"] as const;
export type StatementSection = (typeof statementSections)[number];

export const statementItemSection: Readonly<Record<StatementItem, StatementSection>> = {
  cash: "balance_sheet",
  accountsReceivable: "balance_sheet",
  inventory: "balance_sheet",
  currentAssets: "balance_sheet",
  totalAssets: "balance_sheet",
  currentLiabilities: "balance_sheet",
  totalLiabilities: "balance_sheet",
  retainedEarnings: "balance_sheet",
  equity: "balance_sheet",
  revenue: "income_statement",
  operatingProfit: "income_statement",
  interestExpense: "income_statement",
  netProfit: "income_statement",
  operatingCashFlow: "cash_flow",
};

/**
 * Items that cannot be negative on a genuine statement: balances of assets and liabilities,
 * revenue and interest expense. Equity, retained earnings, profits and cash flow can be.
 */
export const nonNegativeStatementItems: ReadonlyArray<StatementItem> = [
  "cash",
  "accountsReceivable",
  "inventory",
  "currentAssets",
  "totalAssets",
  "currentLiabilities",
  "totalLiabilities",
  "revenue",
  "interestExpense",
];

/** Each item in minor units of `currency`, or null when the customer did not report it. */
export type StatementAmounts = { readonly [Item in StatementItem]: bigint | null };

/** One set of statements of one customer for a period ending on `periodEnd`. */
export interface FinancialStatement extends StatementAmounts {
  /** Balance-sheet date, `YYYY-MM-DD`. */
  readonly periodEnd: string;
  /**
   * Length of the period that the flows (income statement, cash flow) cover: 12 for a year,
   * 6 for a half-year report, 3 for a quarter. Ratios that need a year's flow annualize.
   */
  readonly months: number;
  readonly currency: string;
}

export const statementMonthsMax = 12;
/**
 * Largest accepted |item|: 10^17 minor units is 10^15 yuan, some thousand times the total assets
 * of China's largest bank. A bigger figure is a typing or unit error (元 vs 万元), not a company.
 */
export const statementAmountMinorMax = 10n ** 17n;
/**
 * Statements are often published rounded to the yuan, so totals may miss the sum of their parts
 * by a little. One major unit (1 元) of difference is tolerated before warning.
 */
export const statementToleranceMajor = 1n;

export type StatementIssueSeverity = "error" | "warning";

/**
 * A problem with one field. An error makes the statement unusable (the service refuses it); a
 * warning is shown to the credit manager, who may accept the statement as it is, because
 * customers do hand in statements that do not add up and the assessment must still be recorded.
 */
export interface StatementIssue extends FieldIssue {
  readonly severity: StatementIssueSeverity;
}

/**
 * Field issues of a statement: malformed fields and impossible signs are errors; totals that
 * disagree with their parts beyond `statementToleranceMajor`, and a zero balance sheet, are warnings.
 */
export function checkStatement(s: FinancialStatement): ReadonlyArray<StatementIssue> {
  const issues: StatementIssue[] = [];
  const error = (path: string, code: string, message: string): void => {
    issues.push({ path, code, message, severity: "error" });
  };
  const warning = (path: string, code: string, message: string): void => {
    issues.push({ path, code, message, severity: "warning" });
  };

  try {
    parseBusinessDate(s.periodEnd);
  } catch {
    error("periodEnd", "INVALID_DATE", "periodEnd must be a date YYYY-MM-DD");
  }
  if (!Number.isSafeInteger(s.months) || s.months < 1 || s.months > statementMonthsMax) {
    error("months", "OUT_OF_RANGE", `months must be a whole number from 1 to ${statementMonthsMax}`);
  }
  const currencyKnown = isCurrencyCode(s.currency);
  if (!currencyKnown) error("currency", "INVALID_CURRENCY", "currency must be an ISO 4217 code");

  let reported = 0;
  for (const item of statementItems) {
    const value: unknown = s[item];
    if (value === null) continue;
    if (typeof value !== "bigint") {
      error(item, "NOT_AN_AMOUNT", `${item} must be an amount in minor units or null`);
      continue;
    }
    reported += 1;
    if (value > statementAmountMinorMax || value < -statementAmountMinorMax) {
      error(item, "TOO_LARGE", `${item} is beyond ${statementAmountMinorMax} minor units`);
    } else if (value < 0n && nonNegativeStatementItems.includes(item)) {
      error(item, "NEGATIVE", `${item} cannot be negative`);
    }
  }
  if (reported === 0) error("", "EMPTY", "the statement reports no item");
  if (!currencyKnown || issues.some((issue) => issue.severity === "error")) return issues;

  const tolerance = statementToleranceMajor * 10n ** BigInt(currencyScale(s.currency));
  const amount = (item: StatementItem): bigint | null => {
    const value = s[item];
    return typeof value === "bigint" ? value : null;
  };
  const totalAssets = amount("totalAssets");
  const totalLiabilities = amount("totalLiabilities");
  const equity = amount("equity");
  if (totalAssets === 0n) {
    warning("totalAssets", "ZERO", "total assets are zero: the balance-sheet ratios cannot be computed");
  }
  if (totalAssets !== null && totalLiabilities !== null && equity !== null) {
    const difference = totalAssets - (totalLiabilities + equity);
    if (difference > tolerance || difference < -tolerance) {
      warning(
        "totalAssets",
        "BALANCE_SHEET_UNBALANCED",
        `total assets differ from total liabilities plus equity by ${difference} minor units`,
      );
    }
  }
  const partExceedsTotal = (parts: ReadonlyArray<StatementItem>, total: StatementItem): void => {
    const totalValue = amount(total);
    if (totalValue === null) return;
    let sum = 0n;
    let present = 0;
    for (const part of parts) {
      const value = amount(part);
      if (value === null) continue;
      sum += value;
      present += 1;
    }
    if (present > 0 && sum - totalValue > tolerance) {
      warning(total, "PARTS_EXCEED_TOTAL", `${parts.join(" + ")} exceed ${total}`);
    }
  };
  partExceedsTotal(["cash", "accountsReceivable", "inventory"], "currentAssets");
  partExceedsTotal(["currentAssets"], "totalAssets");
  partExceedsTotal(["currentLiabilities"], "totalLiabilities");
  return issues;
}

/** True when `issues` has no error (warnings allowed). */
export function isStatementUsable(issues: ReadonlyArray<StatementIssue>): boolean {
  return issues.every((issue) => issue.severity !== "error");
}

/**
 * A flow of `months` months scaled to a year (× 12 / months), exactly, in minor units. Scaling is
 * linear on purpose: seasonality is the credit manager's judgement, not the formula's.
 */
export function annualizedMinor(amountMinor: bigint, months: number): Decimal {
  assert(
    Number.isSafeInteger(months) && months >= 1 && months <= statementMonthsMax,
    `months must be a whole number from 1 to ${statementMonthsMax}`,
  );
  return decimal(amountMinor * 12n, BigInt(months));
}
