import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { readCsv } from "../../../src/io/csv-read.ts";
import { readXlsxTable } from "../../../src/io/customer-sheet.ts";
import {
  invoiceImportLinesMax,
  invoiceTemplateCsv,
  invoiceTemplateXlsx,
  parseInvoiceRows,
  parsePaymentRows,
  paymentTemplateCsv,
  sheetDate,
  sheetNumber,
  sheetVatRate,
} from "../../../src/io/receivables-sheet.ts";

const header = ["单据号", "客户编码", "开票日期", "商品或服务", "单价", "税率"];
const codes = (issues: ReadonlyArray<{ path: string; code: string }>) =>
  issues.map((issue) => `${issue.path}:${issue.code}`);

describe("receivables sheet cells", () => {
  it("reads dates the ways Chinese spreadsheets write them, year first only", () => {
    expect(sheetDate("2026-11-05")).toBe("2026-11-05");
    expect(sheetDate("2026/11/5")).toBe("2026-11-05");
    expect(sheetDate("2026.1.5")).toBe("2026-01-05");
    expect(sheetDate("2026年11月5日")).toBe("2026-11-05");
    expect(sheetDate("２０２６－１１－０５")).toBe("2026-11-05");
    expect(sheetDate("2026/2/30")).toBeNull();
    expect(sheetDate("5/11/2026")).toBeNull();
    expect(sheetDate("2026-11-05 10:30:00")).toBeNull();
  });

  it("reads numbers with thousands separators and full-width digits, refusing anything ambiguous", () => {
    expect(sheetNumber("1,234,567.89")).toBe("1234567.89");
    expect(sheetNumber("１，２００．５")).toBe("1200.5");
    expect(sheetNumber("1 200")).toBe("1200");
    expect(sheetNumber("12.50")).toBe("12.50");
    for (const bad of ["1,23", "12,34.5", "-5", "+5", "1e3", "¥100", "1.2.3", "", "."]) {
      expect(sheetNumber(bad), bad).toBeNull();
    }
  });

  it("reads VAT rates as 13%, 13 or 0.13, and only the rates in force", () => {
    for (const text of ["13%", "13", "0.13", "13.0%", " 13 % ", "１３％"])
      expect(sheetVatRate(text), text).toBe("0.13");
    expect(sheetVatRate("9%")).toBe("0.09");
    expect(sheetVatRate("1")).toBe("0.01");
    expect(sheetVatRate("0.01")).toBe("0.01");
    expect(sheetVatRate("0")).toBe("0");
    expect(sheetVatRate("0%")).toBe("0");
    expect(sheetVatRate("免税")).toBe("0");
    for (const bad of ["12%", "0.13%", "17%", "0.5", "thirteen", "-13%"])
      expect(sheetVatRate(bad), bad).toBeNull();
  });
});

describe("invoice rows", () => {
  it("groups rows by reference, in file order, wherever they are", () => {
    const parsed = parseInvoiceRows([
      ["单据号", "客户编码", "开票日期", "含税", "商品或服务", "数量", "单价", "税率", "备注"],
      ["A", "C1", "2026-11-01", "是", "甲", "", "1,000", "13%", ""],
      ["B", "C2", "2026-11-02", "", "乙", "2", "10", "6", "B 的备注"],
      [],
      ["A", "C1", "2026/11/1", "yes", "丙", "3", "5.5", "0.09", "A 的备注"],
    ]);
    expect(parsed.fileIssues).toEqual([]);
    expect(parsed.documents.map((d) => [d.reference, d.rows.map((r) => r.rowNumber), d.note])).toEqual([
      ["A", [2, 5], "A 的备注"],
      ["B", [3], "B 的备注"],
    ]);
    expect(parsed.rows.every((row) => row.issues.length === 0)).toBe(true);
    expect(parsed.documents[0]?.rows.map((row) => row.line)).toEqual([
      { description: "甲", quantity: "1", unitPrice: "1000", vatRate: "0.13" },
      { description: "丙", quantity: "3", unitPrice: "5.5", vatRate: "0.09" },
    ]);
    expect(parsed.documents[0]?.rows[0]).toMatchObject({ taxInclusive: true, documentDate: "2026-11-01" });
  });

  it("flags rows of one invoice that disagree, against the first row, and two different notes", () => {
    const parsed = parseInvoiceRows([
      [...header, "含税", "付款条件", "备注"],
      ["A", "C1", "2026-11-01", "甲", "1", "13%", "否", "NET30", "一"],
      ["A", "C1", "2026-11-02", "乙", "1", "13%", "是", "net30", ""],
      ["A", "C1", "2026-11-01", "丙", "1", "13%", "", "NET30", "二"],
    ]);
    expect(parsed.rows.map((row) => codes(row.issues))).toEqual([
      [],
      ["documentDate:INCONSISTENT", "taxInclusive:INCONSISTENT"],
      ["note:INCONSISTENT"],
    ]);
    expect(parsed.rows[1]?.issues[0]?.message).toBe(
      "differs from row 2 of A (2026-11-01); the rows of one invoice must agree",
    );
  });

  it("reports each cell's problem at its column", () => {
    const parsed = parseInvoiceRows([
      [...header, "含税", "发票号码", "发票日期"],
      ["", "C1", "2026-11-01", "甲", "1", "13%", "", "", ""],
      ["B", "", "11/01/2026", "乙", "", "12%", "maybe", "1.23456789012346E+19", "2026-11-01"],
      ["C", "C1", "2026-11-01", "丙", "1", "", "", "12345678", ""],
    ]);
    expect(parsed.rows.map((row) => codes(row.issues))).toEqual([
      ["reference:REQUIRED"],
      [
        "customerCode:REQUIRED",
        "documentDate:INVALID_DATE",
        "taxInclusive:INVALID_CHOICE",
        "unitPrice:REQUIRED",
        "vatRate:INVALID_VAT_RATE",
        "taxInvoiceNumber:NUMBER_PRECISION_LOST",
      ],
      ["vatRate:REQUIRED", "taxInvoiceDate:REQUIRED"],
    ]);
    // A row without a reference stands alone.
    expect(parsed.documents).toHaveLength(3);
  });

  it("refuses files without the required columns, with unknown ones, or with too many rows", () => {
    expect(
      codes(
        parseInvoiceRows([
          ["单据号", "客户编码", "折扣"],
          ["A", "C1", "1"],
        ]).fileIssues,
      ),
    ).toEqual(["file:UNKNOWN_COLUMNS", "file:MISSING_COLUMNS"]);
    const many = Array.from({ length: invoiceImportLinesMax + 1 }, (_, i) => [
      `R${i}`,
      "C1",
      "2026-11-01",
      "x",
      "1",
      "13%",
    ]);
    expect(codes(parseInvoiceRows([header, ...many]).fileIssues)).toEqual(["file:TOO_MANY_ROWS"]);
    expect(codes(parseInvoiceRows([]).fileIssues)).toEqual(["file:NO_HEADER"]);
  });

  it("offers templates whose example rows parse without an issue", async () => {
    const csv = parseInvoiceRows(readCsv(Buffer.from(invoiceTemplateCsv("zh-CN", "2026-11-23"))).table);
    expect(csv.fileIssues).toEqual([]);
    expect(csv.rows.flatMap((row) => row.issues)).toEqual([]);
    expect(csv.documents.map((document) => document.rows.length)).toEqual([2, 1]);
    const xlsx = parseInvoiceRows(await readXlsxTable(await invoiceTemplateXlsx("en", "2026-11-23")));
    expect(xlsx.rows.flatMap((row) => row.issues)).toEqual([]);
    expect(xlsx.rows[2]).toMatchObject({ customerCode: "EXAMPLE-B", termsCode: "NET60", taxInclusive: true });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await invoiceTemplateXlsx("zh-CN", "2026-11-23")) as never);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(["发票", "说明"]);
    const payments = parsePaymentRows(readCsv(Buffer.from(paymentTemplateCsv("en", "2026-11-23"))).table);
    expect(payments.rows.flatMap((row) => row.issues)).toEqual([]);
    expect(payments.rows.map((row) => [row.allocation, row.method])).toEqual([
      ["oldest_first", "bank_transfer"],
      ["chosen", "bank_acceptance_draft"],
      ["none", "cash"],
    ]);
  });
});

describe("payment rows", () => {
  const paymentHeader = ["客户编码", "收款日期", "金额", "收款方式", "核销", "核销单据"];

  it("reads methods and allocations in either language, and the documents named in order", () => {
    const parsed = parsePaymentRows([
      paymentHeader,
      ["C1", "2026-11-01", "12,345.60", "", "", ""],
      ["C1", "2026-11-01", "1", "Bank Transfer", "按比例", ""],
      ["C1", "2026-11-01", "1", "银行承兑汇票", "", "inv-000002/2；INV-000001, INV-000002/2、INV-000003"],
      ["C1", "2026-11-01", "1", "cash", "指定单据", "INV-000004"],
      ["C1", "2026-11-01", "1", "线上", "none", ""],
    ]);
    expect(parsed.rows.map((row) => codes(row.issues))).toEqual([[], [], [], [], []]);
    expect(parsed.rows.map((row) => [row.amount, row.method, row.allocation, row.invoiceNumbers])).toEqual([
      ["12345.60", "bank_transfer", "oldest_first", []],
      ["1", "bank_transfer", "proportional", []],
      ["1", "bank_acceptance_draft", "chosen", ["INV-000002/2", "INV-000001", "INV-000003"]],
      ["1", "cash", "chosen", ["INV-000004"]],
      ["1", "online", "none", []],
    ]);
  });

  it("reports amounts, methods and allocations that do not go together", () => {
    const parsed = parsePaymentRows([
      paymentHeader,
      ["C1", "2026-11-01", "0", "汇款", "", ""],
      ["C1", "", "-3", "", "不核销", "INV-000001"],
      ["", "2026-13-01", "", "", "指定单据", ""],
      ["C1", "2026-11-01", "1", "", "随便", ""],
    ]);
    expect(parsed.rows.map((row) => codes(row.issues))).toEqual([
      ["amount:INVALID_AMOUNT", "method:INVALID_CHOICE"],
      ["receivedDate:REQUIRED", "amount:INVALID_AMOUNT", "allocation:CONFLICT"],
      ["customerCode:REQUIRED", "receivedDate:INVALID_DATE", "amount:REQUIRED", "invoiceNumbers:REQUIRED"],
      ["allocation:INVALID_CHOICE"],
    ]);
  });
});
