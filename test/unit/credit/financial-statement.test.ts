import { describe, expect, it } from "vitest";
import { decimal } from "../../../src/core/decimal.ts";
import {
  annualizedMinor,
  checkStatement,
  type FinancialStatement,
  isStatementUsable,
  statementItemSection,
  statementItems,
} from "../../../src/domain/credit/index.ts";
import { emptyStatement, soundYear, yuan } from "./statements.ts";

function codes(statement: FinancialStatement): string[] {
  return checkStatement(statement).map((issue) => `${issue.severity} ${issue.path} ${issue.code}`);
}

describe("statement items", () => {
  it("lists the fourteen items once each, every one with its statement", () => {
    expect(statementItems).toHaveLength(14);
    expect(new Set(statementItems).size).toBe(14);
    expect(Object.keys(statementItemSection).sort()).toEqual([...statementItems].sort());
    expect(statementItemSection.operatingCashFlow).toBe("cash_flow");
    expect(statementItemSection.equity).toBe("balance_sheet");
  });
});

describe("checkStatement", () => {
  it("finds nothing wrong with a consistent statement", () => {
    expect(checkStatement(soundYear)).toEqual([]);
  });

  it("refuses negative balances, revenue and interest expense but not losses or negative equity", () => {
    expect(codes({ ...soundYear, totalAssets: -1n })).toEqual(["error totalAssets NEGATIVE"]);
    expect(codes({ ...soundYear, revenue: -1n, interestExpense: -1n })).toEqual([
      "error revenue NEGATIVE",
      "error interestExpense NEGATIVE",
    ]);
    const lossMaking = {
      ...soundYear,
      totalLiabilities: yuan(16_000_000),
      equity: yuan(-1_000_000),
      retainedEarnings: yuan(-3_000_000),
      operatingProfit: yuan(-100),
      netProfit: yuan(-200),
      operatingCashFlow: yuan(-300),
    };
    expect(checkStatement(lossMaking)).toEqual([]);
  });

  it("tolerates one yuan between total assets and liabilities plus equity, then warns", () => {
    expect(checkStatement({ ...soundYear, equity: yuan(6_000_000) - 100n })).toEqual([]);
    expect(checkStatement({ ...soundYear, equity: yuan(6_000_000) + 100n })).toEqual([]);
    const issues = checkStatement({ ...soundYear, equity: yuan(6_000_000) - 101n });
    expect(issues).toMatchObject([
      { path: "totalAssets", code: "BALANCE_SHEET_UNBALANCED", severity: "warning" },
    ]);
    expect(isStatementUsable(issues)).toBe(true);
  });

  it("measures the tolerance in the currency's major unit (1 yen has no fen)", () => {
    const yen = {
      ...emptyStatement,
      currency: "JPY",
      totalAssets: 1000n,
      totalLiabilities: 600n,
      equity: 399n,
    };
    expect(checkStatement(yen)).toEqual([]);
    expect(codes({ ...yen, equity: 398n })).toEqual(["warning totalAssets BALANCE_SHEET_UNBALANCED"]);
  });

  it("warns when parts exceed their totals, or total assets are zero", () => {
    expect(codes({ ...soundYear, cash: yuan(3_000_000) })).toEqual([
      "warning currentAssets PARTS_EXCEED_TOTAL",
    ]);
    expect(codes({ ...soundYear, currentLiabilities: yuan(9_000_001) })).toEqual([]);
    expect(codes({ ...soundYear, currentLiabilities: yuan(9_000_001) + 1n })).toEqual([
      "warning totalLiabilities PARTS_EXCEED_TOTAL",
    ]);
    expect(codes({ ...emptyStatement, totalAssets: 0n })).toEqual(["warning totalAssets ZERO"]);
  });

  it("refuses malformed fields", () => {
    expect(codes({ ...soundYear, periodEnd: "2025-02-30" })).toEqual(["error periodEnd INVALID_DATE"]);
    expect(codes({ ...soundYear, months: 0 })).toEqual(["error months OUT_OF_RANGE"]);
    expect(codes({ ...soundYear, months: 13 })).toEqual(["error months OUT_OF_RANGE"]);
    expect(codes({ ...soundYear, months: 1.5 })).toEqual(["error months OUT_OF_RANGE"]);
    expect(codes({ ...soundYear, currency: "RMB" })).toEqual(["error currency INVALID_CURRENCY"]);
    const floatCash = { ...soundYear, cash: 100 as unknown as bigint };
    expect(codes(floatCash)).toEqual(["error cash NOT_AN_AMOUNT"]);
    expect(codes({ ...soundYear, revenue: 10n ** 17n + 1n })).toEqual(["error revenue TOO_LARGE"]);
    expect(codes(emptyStatement)).toEqual(["error  EMPTY"]);
  });

  it("leaves consistency warnings out while an error stands", () => {
    expect(codes({ ...soundYear, months: 0, equity: 0n })).toEqual(["error months OUT_OF_RANGE"]);
  });
});

describe("annualizedMinor", () => {
  it("scales a flow of some months to a year, exactly", () => {
    expect(annualizedMinor(600n, 6)).toEqual(decimal(1200));
    expect(annualizedMinor(100n, 7)).toEqual(decimal(1200, 7));
    expect(annualizedMinor(-5n, 12)).toEqual(decimal(-5));
    expect(() => annualizedMinor(1n, 0)).toThrow(/months/);
  });
});
