import { Writable } from "node:stream";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { parseCsv, readCsv } from "../../../src/io/csv-read.ts";
import {
  customersCsv,
  customerTemplateCsv,
  customerTemplateXlsx,
  parseCustomerRows,
  readCustomerSheet,
  readXlsxTable,
  writeCustomersXlsx,
  xlsxNumberText,
} from "../../../src/io/customer-sheet.ts";
import type { Customer } from "../../../src/services/customers.ts";

// 统一社会信用代码 of 华为技术有限公司 and of 阿里巴巴（中国）有限公司, as published on their licences.
const huaweiUsc = "91440300708461136T";
const alibabaUsc = "91330100716105852F";
// The worked example of GB 11643-1999 (公民身份号码).
const standardIdNumber = "11010519491231002X";

const utf8 = (text: string) => new TextEncoder().encode(text);
const hex = (text: string) => Uint8Array.from(Buffer.from(text, "hex"));

async function* listOf<T>(items: ReadonlyArray<T>): AsyncGenerator<T> {
  yield* items;
}

function customer(fields: Partial<Customer> & Pick<Customer, "code" | "name">): Customer {
  return {
    customerId: `id-${fields.code}`,
    kind: "company",
    creditCode: null,
    idNumberMasked: null,
    groupPayerId: null,
    industry: null,
    tags: [],
    ownerUserId: null,
    notes: null,
    grade: null,
    createdAt: "2026-11-23T08:00:00.000Z",
    updatedAt: "2026-11-23T08:00:00.000Z",
    ...fields,
  };
}

function collector(): { stream: Writable; bytes: () => Buffer } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      chunks.push(Buffer.from(chunk));
      callback();
    },
  });
  return { stream, bytes: () => Buffer.concat(chunks) };
}

async function joined(chunks: AsyncIterable<string>): Promise<string> {
  let text = "";
  for await (const chunk of chunks) text += chunk;
  return text;
}

describe("parseCustomerRows", () => {
  it("reads Chinese headers, 公司/个人, tags in any separator, and numbers rows as Excel does", () => {
    const parsed = parseCustomerRows([
      [],
      ["客户编码", "客户名称", "类型", "统一社会信用代码", "身份证号", "标签", "负责人邮箱"],
      [
        "H001",
        " 华为技术有限公司 ",
        "公司",
        huaweiUsc.toLowerCase(),
        "",
        "战略；重点, 华南",
        " Owner@Example.Test ",
      ],
      ["", "", "", "", "", "", ""],
      ["P001", "张三", "个人", "", standardIdNumber.toLowerCase(), "", ""],
    ]);
    expect(parsed.fileIssues).toEqual([]);
    expect(parsed.rows.map((row) => row.rowNumber)).toEqual([3, 5]);
    expect(parsed.rows[0]).toMatchObject({
      issues: [],
      input: {
        code: "H001",
        name: "华为技术有限公司",
        kind: "company",
        creditCode: huaweiUsc,
        idNumber: null,
        tags: ["战略", "重点", "华南"],
        ownerEmail: "owner@example.test",
      },
    });
    expect(parsed.rows[1]?.input).toMatchObject({ kind: "individual", idNumber: standardIdNumber });
  });

  it("reads English headers in any case and spacing", () => {
    const parsed = parseCustomerRows([
      ["Code", "NAME", "Kind", "Credit Code", "ownerEmail"],
      ["A1", "Alibaba", "company", alibabaUsc, ""],
    ]);
    expect(parsed.fileIssues).toEqual([]);
    expect(parsed.rows[0]?.input).toMatchObject({ code: "A1", creditCode: alibabaUsc, ownerEmail: null });
  });

  it("refuses a file whose columns are unknown, missing, repeated or unnamed", () => {
    expect(parseCustomerRows([]).fileIssues).toMatchObject([{ code: "NO_HEADER" }]);
    expect(parseCustomerRows([["客户编码", "客户名称"]]).fileIssues).toMatchObject([{ code: "NO_ROWS" }]);
    const codes = parseCustomerRows([
      ["客户编码", "电话", "code", ""],
      ["C1", "123", "C1", "stray"],
    ]).fileIssues.map((issue) => issue.code);
    expect(codes).toEqual(["UNKNOWN_COLUMNS", "REPEATED_COLUMNS", "MISSING_COLUMNS", "UNNAMED_COLUMN"]);
    const unnamed = parseCustomerRows([
      ["客户编码", "客户名称", ""],
      ["C1", "A", ""],
      ["C2", "B", "x"],
    ]).fileIssues;
    expect(unnamed).toEqual([
      { path: "file", code: "UNNAMED_COLUMN", message: "column C has no header but row 3 has a value in it" },
    ]);
  });

  it("reports every problem of a row with its column key", () => {
    const parsed = parseCustomerRows([
      ["客户编码", "客户名称", "类型", "统一社会信用代码", "身份证号", "负责人邮箱"],
      ["", "", "合伙", `${huaweiUsc.slice(0, 17)}U`, "", "not-an-email"],
      ["C2", "某公司", "公司", "", standardIdNumber, ""],
      ["C3", "李四", "个人", "", "1.10105194912310E+17", ""],
    ]);
    const issues = parsed.rows.map((row) => row.issues.map((issue) => `${issue.path}:${issue.code}`));
    expect(issues[0]).toEqual([
      "code:REQUIRED",
      "name:REQUIRED",
      "kind:INVALID_KIND",
      "ownerEmail:INVALID_EMAIL",
      "creditCode:USC_CHECK_CHARACTER",
    ]);
    expect(issues[1]).toEqual(["idNumber:ID_NUMBER_FOR_INDIVIDUALS"]);
    expect(issues[2]).toEqual(["idNumber:NUMBER_PRECISION_LOST"]);
  });

  it("flags every row that repeats a code or credit code of another row, naming the others", () => {
    const parsed = parseCustomerRows([
      ["code", "name", "creditCode"],
      ["C1", "A", huaweiUsc],
      ["C2", "B", huaweiUsc],
      ["C1", "C", ""],
      ["C4", "D", ""],
    ]);
    expect(parsed.rows.map((row) => row.issues.map((issue) => issue.message))).toEqual([
      ["row 4 has the same code", "row 3 has the same creditCode"],
      ["row 2 has the same creditCode"],
      ["row 2 has the same code"],
      [],
    ]);
  });

  it("names at most five other rows when a value repeats many times", () => {
    const rows = Array.from({ length: 2_000 }, (_, index) => ["SAME", `name ${index}`]);
    const started = performance.now();
    const parsed = parseCustomerRows([["code", "name"], ...rows]);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(parsed.rows[0]?.issues[0]?.message).toBe("rows 3, 4, 5, 6, 7 and 1994 more have the same code");
    expect(parsed.rows[4]?.issues[0]?.message).toBe("rows 2, 3, 4, 5, 7 and 1994 more have the same code");
  });

  it("reads a masked ID number (as exports write it) as none, and an apostrophe an export added as nothing", () => {
    const parsed = parseCustomerRows([
      ["客户编码", "客户名称", "类型", "身份证号", "备注"],
      ["'-001", '\'=HYPERLINK("http://evil")', "个人", "110*************2X", "'plain apostrophe"],
    ]);
    expect(parsed.rows[0]).toMatchObject({
      issues: [],
      input: {
        code: "-001",
        name: '=HYPERLINK("http://evil")',
        idNumber: null,
        notes: "'plain apostrophe",
      },
    });
  });
});

describe("reading CSV", () => {
  it("parses quoted fields with commas, doubled quotes and line breaks", () => {
    expect(parseCsv('a,"b,c","say ""hi""","two\r\nlines"\r\n,x\n')).toEqual([
      ["a", "b,c", 'say "hi"', "two\r\nlines"],
      ["", "x"],
    ]);
  });

  it("drops a UTF-8 byte order mark", () => {
    const { table, encoding } = readCsv(utf8("\uFEFF客户编码,客户名称\r\nC1,甲\r\n"));
    expect(encoding).toBe("utf-8");
    expect(table[0]).toEqual(["客户编码", "客户名称"]);
  });

  it("reads GB18030 (Excel's 'CSV (逗号分隔)' on Chinese Windows)", async () => {
    // "客户编码,客户名称,类型\r\nC001,华为技术有限公司,公司\r\n" encoded as GB18030.
    const bytes = hex(
      "bfcdbba7b1e0c2eb2cbfcdbba7c3fbb3c62cc0e0d0cd0d0a433030312cbbaaceaabcbccaf5d3d0cfdeb9abcbbe2cb9abcbbe0d0a",
    );
    expect(readCsv(bytes).encoding).toBe("gb18030");
    const parsed = await readCustomerSheet("csv", bytes);
    expect(parsed.fileIssues).toEqual([]);
    expect(parsed.rows[0]?.input).toMatchObject({ code: "C001", name: "华为技术有限公司", kind: "company" });
  });

  it("refuses an XLSX sent as CSV and UTF-16 text", () => {
    expect(() => readCsv(Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0]))).toThrow(/XLSX workbook/);
    expect(() => readCsv(Uint8Array.from([0xff, 0xfe, 0x41, 0]))).toThrow(/UTF-16/);
  });

  it("refuses an unclosed quote with its row", () => {
    expect(() => parseCsv('a,b\r\n"open,c\r\n')).toThrow(/row 2 .*never closed/);
  });
});

describe("reading XLSX", () => {
  it("writes Excel numbers as the digits the user sees, and reports lost precision", () => {
    expect(xlsxNumberText(7, "000")).toBe("007");
    expect(xlsxNumberText(110105194912310000, undefined)).toBe("1.1010519491231E+17");
    expect(xlsxNumberText(0.1 + 0.2, undefined)).toBe("0.3");
    expect(xlsxNumberText(1234567.891, "#,##0.00")).toBe("1234567.891");
  });

  it("reads numeric, date, formula and rich-text cells of the first sheet", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("客户");
    sheet.addRow(["客户编码", "客户名称", "类型", "身份证号", "备注"]);
    const row = sheet.addRow([7, "华为", "公司", null, new Date(Date.UTC(2025, 11, 31))]);
    row.getCell(1).numFmt = "000";
    sheet.addRow([8, { richText: [{ text: "阿里" }, { text: "巴巴" }] }, "个人", 110105194912310000, null]);
    sheet.getCell("E3").value = { formula: "1+1", result: 2 };
    workbook.addWorksheet("其他").addRow(["ignored"]);
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const table = await readXlsxTable(bytes);
    expect(table).toEqual([
      ["客户编码", "客户名称", "类型", "身份证号", "备注"],
      ["007", "华为", "公司", "", "2025-12-31"],
      ["8", "阿里巴巴", "个人", "1.1010519491231E+17", "2"],
    ]);
    const parsed = await readCustomerSheet("xlsx", bytes);
    expect(parsed.rows[1]?.issues).toMatchObject([{ path: "idNumber", code: "NUMBER_PRECISION_LOST" }]);
  });

  it("refuses what is not an XLSX workbook", async () => {
    await expect(readXlsxTable(utf8("code,name\r\n"))).rejects.toThrow(/not an XLSX workbook/);
    await expect(readXlsxTable(Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0]))).rejects.toThrow(/\.xls/);
  });
});

describe("export", () => {
  const customers = [
    customer({
      code: "H001",
      name: "华为技术有限公司",
      creditCode: huaweiUsc,
      tags: ["战略", "华南"],
      ownerUserId: "u1",
    }),
    customer({ code: "P001", name: "张三", kind: "individual", idNumberMasked: "110*************2X" }),
    customer({ code: "X001", name: '=HYPERLINK("http://evil","点我")', notes: "+86 line\nbreak" }),
  ];
  const input = (language: "zh-CN" | "en") => ({
    customers: listOf(customers),
    language,
    ownerEmailOf: (userId: string) => (userId === "u1" ? "owner@example.test" : null),
  });

  it("writes CSV with a BOM, neutralized formulas and masked ID numbers, which imports again unchanged", async () => {
    const csv = await joined(customersCsv(input("zh-CN")));
    expect(
      csv.startsWith("\uFEFF客户编码,客户名称,类型,统一社会信用代码,身份证号,行业,标签,负责人邮箱,备注\r\n"),
    ).toBe(true);
    expect(csv).toContain(`H001,华为技术有限公司,公司,${huaweiUsc},,,战略; 华南,owner@example.test,\r\n`);
    expect(csv).toContain('X001,"\'=HYPERLINK(""http://evil"",""点我"")",公司,');
    expect(csv).toContain("110*************2X");
    expect(csv).not.toContain("19491231");
    const parsed = parseCustomerRows(readCsv(utf8(csv)).table);
    expect(parsed.fileIssues).toEqual([]);
    expect(parsed.rows.map((row) => row.issues)).toEqual([[], [], []]);
    expect(parsed.rows.map((row) => row.input.name)).toEqual(customers.map((c) => c.name));
    expect(parsed.rows[0]?.input.tags).toEqual(["战略", "华南"]);
    expect(parsed.rows[1]?.input).toMatchObject({ kind: "individual", idNumber: null });
    expect(parsed.rows[2]?.input.notes).toBe("+86 line\nbreak");
  });

  it("writes XLSX with text cells, neutralized, in English headers", async () => {
    const output = collector();
    await writeCustomersXlsx(input("en"), output.stream);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(output.bytes() as never);
    const sheet = workbook.worksheets[0];
    expect(sheet?.name).toBe("Customers");
    expect(sheet?.getRow(1).values).toEqual([
      undefined,
      "code",
      "name",
      "kind",
      "creditCode",
      "idNumber",
      "industry",
      "tags",
      "ownerEmail",
      "notes",
    ]);
    expect(sheet?.getCell("B4").value).toBe('\'=HYPERLINK("http://evil","点我")');
    expect(sheet?.getCell("I4").value).toBe("'+86 line\nbreak");
    expect(sheet?.getCell("C3").value).toBe("individual");
    expect(sheet?.getCell("E3").value).toBe("110*************2X");
    const reread = await readCustomerSheet("xlsx", new Uint8Array(output.bytes()));
    expect(reread.rows.map((row) => row.input.name)).toEqual(customers.map((c) => c.name));
  });

  it("offers an empty template: CSV headers only, XLSX with an instructions sheet", async () => {
    expect(customerTemplateCsv("en")).toBe(
      "\uFEFFcode,name,kind,creditCode,idNumber,industry,tags,ownerEmail,notes\r\n",
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await customerTemplateXlsx("zh-CN")) as never);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(["客户", "说明"]);
    expect(workbook.worksheets[0]?.rowCount).toBe(1);
    expect(workbook.worksheets[1]?.getCell("A2").value).toBe("客户编码");
    const parsed = parseCustomerRows(await readXlsxTable(await customerTemplateXlsx("zh-CN")));
    expect(parsed.fileIssues).toMatchObject([{ code: "NO_ROWS" }]);
  });
});
