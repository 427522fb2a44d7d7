import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { readCsv } from "../../../src/io/csv-read.ts";
import {
  parseStatementAmount,
  parseStatementTable,
  periodEndOf,
  readStatementTable,
  statementTemplateCsv,
  statementTemplateXlsx,
} from "../../../src/io/statement-sheet.ts";

const cny = { currency: "CNY" };
const hex = (text: string) => Uint8Array.from(Buffer.from(text, "hex"));

/** Whole yuan in 分. */
const yuan = (amount: number) => BigInt(amount) * 100n;

const codesOf = (issues: ReadonlyArray<{ cell: string | null; code: string; severity: string }>) =>
  issues.map((issue) => `${issue.severity} ${issue.cell ?? "file"} ${issue.code}`);

describe("parseStatementAmount", () => {
  it("reads separators, brackets, dashes and units exactly", () => {
    expect(parseStatementAmount("1,234,567.89", 1n, 2)).toEqual({ kind: "amount", minor: 123456789n });
    expect(parseStatementAmount("(1,234.50)", 1n, 2)).toEqual({ kind: "amount", minor: -123450n });
    expect(parseStatementAmount("-0.01", 1n, 2)).toEqual({ kind: "amount", minor: -1n });
    expect(parseStatementAmount("—", 1n, 2)).toEqual({ kind: "amount", minor: 0n });
    expect(parseStatementAmount(" ", 1n, 2)).toEqual({ kind: "empty" });
    expect(parseStatementAmount("¥98.5", 1n, 2)).toEqual({ kind: "amount", minor: 9850n });
    // 1,234.5678 万元 = 12,345,678 元.
    expect(parseStatementAmount("1,234.5678", 10_000n, 2)).toEqual({ kind: "amount", minor: 1234567800n });
  });

  it("refuses what is not exactly an amount", () => {
    expect(parseStatementAmount("1.234", 1n, 2)).toMatchObject({ kind: "error", code: "TOO_MANY_DECIMALS" });
    expect(parseStatementAmount("1.23456789", 10_000n, 2)).toMatchObject({ code: "TOO_MANY_DECIMALS" });
    expect(parseStatementAmount("1,23", 1n, 2)).toMatchObject({ code: "NOT_AN_AMOUNT" });
    expect(parseStatementAmount("12%", 1n, 2)).toMatchObject({ code: "NOT_AN_AMOUNT" });
    expect(parseStatementAmount("1.2E+15", 1n, 2)).toMatchObject({ code: "NUMBER_PRECISION_LOST" });
    expect(parseStatementAmount("9".repeat(50), 1n, 2)).toMatchObject({ code: "NOT_AN_AMOUNT" });
  });
});

describe("periodEndOf", () => {
  it("reads the ways people write a balance-sheet date", () => {
    expect(periodEndOf("2025-12-31")).toBe("2025-12-31");
    expect(periodEndOf("2025/6/30")).toBe("2025-06-30");
    expect(periodEndOf("2025年12月31日")).toBe("2025-12-31");
    expect(periodEndOf("2025-12-31 00:00:00")).toBe("2025-12-31");
    expect(periodEndOf("2025-12-31（万元）")).toBe("2025-12-31");
    expect(periodEndOf("2025-02-30")).toBeNull();
    expect(periodEndOf("期末余额")).toBeNull();
  });
});

describe("parseStatementTable", () => {
  it("reads a Chinese sheet in 万元 with a months row, one statement per period", () => {
    const parsed = parseStatementTable(
      [
        ["资产负债表及利润表摘要"],
        ["编制单位：某某贸易有限公司", "", "单位：万元"],
        ["项目", "2024-12-31", "2025年6月30日", "单位：万元"],
        ["月数", "12", "6"],
        ["流动资产：", "", ""],
        ["货币资金", "120.5", "98"],
        ["应收账款", "250", "300.25"],
        ["存货", "-", "180"],
        ["流动资产合计", "600", "600"],
        ["资产总计", "1,500", "1,500"],
        ["负债合计", "900", "900"],
        ["所有者权益（或股东权益）合计", "600", "600"],
        ["一、营业收入", "3,000", "1,600"],
        ["其中：利息费用", "30", "(2)"],
        ["应付账款", "400", "420"],
        ["净利润", "165", ""],
      ],
      cny,
    );
    expect(codesOf(parsed.issues)).toEqual(["warning file ROWS_IGNORED", "error C14 NEGATIVE"]);
    expect(parsed.issues[0]?.message).toContain("应付账款 (row 15)");
    expect(parsed.issues[1]).toMatchObject({ periodEnd: "2025-06-30", item: "interestExpense", path: "C14" });
    expect(parsed.unitFactor).toBe(10_000n);
    expect(parsed.statements).toHaveLength(2);
    expect(parsed.statements[0]).toMatchObject({
      periodEnd: "2024-12-31",
      months: 12,
      currency: "CNY",
      cash: yuan(1_205_000),
      accountsReceivable: yuan(2_500_000),
      inventory: 0n,
      totalAssets: yuan(15_000_000),
      equity: yuan(6_000_000),
      revenue: yuan(30_000_000),
      interestExpense: yuan(300_000),
      netProfit: yuan(1_650_000),
      operatingCashFlow: null,
    });
    expect(parsed.statements[1]).toMatchObject({ periodEnd: "2025-06-30", months: 6, netProfit: null });
  });

  it("reads English labels and the item keys, in 元 by default", () => {
    const parsed = parseStatementTable(
      [
        ["Item", "2025-12-31"],
        ["Cash", "1,000.00"],
        ["total assets", "5000"],
        ["totalLiabilities", "3000"],
        ["Total equity", "2000"],
        ["Net cash from operating activities", "-120.5"],
      ],
      cny,
    );
    expect(parsed.issues).toEqual([]);
    expect(parsed.statements[0]).toMatchObject({
      months: 12,
      cash: 100000n,
      totalAssets: 500000n,
      operatingCashFlow: -12050n,
    });
  });

  it("names the cell of every error, and of every warning the domain checks raise", () => {
    const parsed = parseStatementTable(
      [
        ["项目", "2024-12-31", "2025-12-31", "行次", "2025-12-31"],
        ["月数", "13", "12", "", ""],
        ["货币资金", "abc", "100", "1", "1"],
        ["存货", "10", "-5", "2", ""],
        ["资产总计", "100", "1,000", "3", ""],
        ["负债合计", "50", "100", "4", ""],
        ["所有者权益合计", "50", "100", "5", ""],
        ["", "1", "", "", ""],
        ["货币资金", "1", "1", "", ""],
      ],
      cny,
    );
    expect(codesOf(parsed.issues)).toEqual([
      "error E1 DUPLICATE_PERIOD",
      "error B2 OUT_OF_RANGE",
      "error B3 NOT_AN_AMOUNT",
      "error C4 NEGATIVE",
      "error A8 MISSING_ITEM",
      "error A9 DUPLICATE_ITEM",
    ]);
    expect(parsed.issues[0]?.message).toBe("2025-12-31 is also the period of C1");

    const unbalanced = parseStatementTable(
      [
        ["项目", "2025-12-31"],
        ["资产总计", "1,000"],
        ["负债合计", "600"],
        ["所有者权益合计", "300"],
      ],
      cny,
    );
    expect(codesOf(unbalanced.issues)).toEqual(["warning B2 BALANCE_SHEET_UNBALANCED"]);
    expect(unbalanced.issues[0]?.message).toMatch(/^资产总计 2025-12-31: total assets differ/);
  });

  it("refuses a sheet without periods, with an unknown or conflicting unit, or a header that is not a date", () => {
    expect(
      codesOf(
        parseStatementTable(
          [
            ["项目", "期末余额"],
            ["货币资金", "1"],
          ],
          cny,
        ).issues,
      ),
    ).toEqual(["error file NO_PERIODS"]);
    expect(
      codesOf(
        parseStatementTable(
          [
            ["单位：美元", "单位：元"],
            ["项目（万元）", "2025-12-31", "备注", "上年"],
            ["货币资金", "1", "x", ""],
          ],
          cny,
        ).issues,
      ),
    ).toEqual(["error A1 UNKNOWN_UNIT", "error A2 UNIT_CONFLICT", "error D2 INVALID_DATE"]);
    expect(
      codesOf(
        parseStatementTable(
          [
            ["项目", "2025-12-31", ""],
            ["货币资金", "1", "2"],
          ],
          cny,
        ).issues,
      ),
    ).toEqual(["error C1 MISSING_PERIOD_END"]);
  });

  it("reads Excel date headers and numeric cells from XLSX", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("报表");
    sheet.addRow(["金额单位：千元"]);
    const header = sheet.addRow(["项目", new Date(Date.UTC(2025, 11, 31))]);
    header.getCell(2).numFmt = "yyyy-mm-dd";
    const cash = sheet.addRow(["货币资金", 1234.5]);
    cash.getCell(2).numFmt = "#,##0.00";
    sheet.addRow(["营业收入", { formula: "1000*2", result: 2000 }]);
    const table = await readStatementTable("xlsx", new Uint8Array(await workbook.xlsx.writeBuffer()));
    const parsed = parseStatementTable(table, cny);
    expect(parsed.issues).toEqual([]);
    expect(parsed.statements[0]).toMatchObject({
      periodEnd: "2025-12-31",
      cash: yuan(1_234_500),
      revenue: yuan(2_000_000),
    });
  });

  it("reads a GB18030 CSV with a unit row and quoted thousands", async () => {
    // "项目,2025-12-31\r\n单位：万元\r\n货币资金,\"1,200.5\"\r\n" encoded as GB18030.
    const bytes = hex(
      "cfeec4bf2c323032352d31322d33310d0ab5a5cebba3bacdf2d4aa0d0abbf5b1d2d7cabdf02c22312c3230302e35220d0a",
    );
    expect(readCsv(bytes).encoding).toBe("gb18030");
    const parsed = parseStatementTable(await readStatementTable("csv", bytes), cny);
    expect(parsed.issues).toEqual([]);
    expect(parsed.statements[0]?.cash).toBe(yuan(12_005_000));
  });
});

describe("template", () => {
  it("imports as it is, without a warning, in both formats and languages", async () => {
    for (const language of ["zh-CN", "en"] as const) {
      const csv = statementTemplateCsv(language, "2025-12-31");
      expect(
        csv.startsWith(
          language === "zh-CN"
            ? "\uFEFF单位：元\r\n项目,2025-12-31\r\n月数,12\r\n货币资金,"
            : "\uFEFFUnit: yuan\r\n",
        ),
      ).toBe(true);
      const fromCsv = parseStatementTable(
        await readStatementTable("csv", new TextEncoder().encode(csv)),
        cny,
      );
      expect(fromCsv.issues).toEqual([]);
      const fromXlsx = parseStatementTable(
        await readStatementTable("xlsx", new Uint8Array(await statementTemplateXlsx(language, "2025-12-31"))),
        cny,
      );
      expect(fromXlsx.issues).toEqual([]);
      expect(fromXlsx.statements).toEqual(fromCsv.statements);
      expect(fromXlsx.statements[0]).toMatchObject({
        periodEnd: "2025-12-31",
        months: 12,
        totalAssets: yuan(15_000_000),
      });
    }
  });
});
