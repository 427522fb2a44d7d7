import { writeFileSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import type { InjectOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BuiltApp } from "../../src/api/app.ts";
import { listOpenItems } from "../../src/services/receivables/index.ts";
import { openStore, type Store } from "../../src/store/database.ts";
import { migrateToLatest } from "../../src/store/migrations.ts";
import { cliHarness } from "../support/cli.ts";
import { describeEachEngine, engines, postgresAvailable } from "../support/engines.ts";
import {
  addTestCustomer,
  addTestMember,
  defined,
  fixedClock,
  grantTestCredit,
  makeOrganization,
  type TestOrganization,
} from "../support/fixtures.ts";
import { makeTestApp, type Session, signIn } from "../support/http.ts";

/**
 * Invoices and payments imported from CSV and XLSX through the API on both engines, and through
 * the CLI. The fixed clock makes today 2026-11-23; the CLI runs on the real clock, so its dates
 * are in November 2026 too.
 */

const invoiceHeader = [
  "单据号",
  "客户编码",
  "开票日期",
  "付款条件",
  "含税",
  "商品或服务",
  "数量",
  "单价",
  "税率",
  "发票号码",
  "发票日期",
  "备注",
];
const paymentHeader = [
  "客户编码",
  "收款日期",
  "金额",
  "收款方式",
  "付款人",
  "摘要",
  "备注",
  "核销",
  "核销单据",
];

function csvText(rows: ReadonlyArray<ReadonlyArray<string>>): string {
  const quote = (cell: string) => (/[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell);
  return `\uFEFF${rows.map((row) => row.map(quote).join(",")).join("\r\n")}\r\n`;
}

/**
 * The GB18030 bytes of `text`, as Excel on Chinese Windows saves "CSV (逗号分隔)": the decoder's
 * two-byte range inverted, which covers every character these files use.
 */
function gb18030(text: string): Buffer {
  const decoder = new TextDecoder("gb18030");
  const pairs = new Map<string, [number, number]>();
  for (let lead = 0x81; lead <= 0xfe; lead += 1) {
    for (let trail = 0x40; trail <= 0xfe; trail += 1) {
      if (trail === 0x7f) continue;
      const character = decoder.decode(Uint8Array.of(lead, trail));
      if ([...character].length === 1 && !pairs.has(character)) pairs.set(character, [lead, trail]);
    }
  }
  const bytes: number[] = [];
  for (const character of text) {
    const code = character.codePointAt(0) ?? 0;
    if (code < 0x80) bytes.push(code);
    else bytes.push(...defined(pairs.get(character)));
  }
  return Buffer.from(bytes);
}

async function xlsxOf(rows: ReadonlyArray<ReadonlyArray<ExcelJS.CellValue>>): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("Sheet1");
  for (const row of rows) sheet.addRow([...row]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

interface RowView {
  row: number;
  status: string;
  issues: Array<{ path: string; code: string; message: string }>;
}
interface InvoiceView {
  reference: string;
  status: string;
  number: string | null;
  invoiceId: string | null;
  gross: string | null;
}
interface PaymentRowView extends RowView {
  number: string | null;
  amount: string | null;
  applied: string | null;
  unapplied: string | null;
  appliedTo: string[];
}

const issueCodes = (rows: ReadonlyArray<RowView>) =>
  rows.map((row) =>
    `${row.row} ${row.status} ${row.issues.map((i) => `${i.path}:${i.code}`).join(" ")}`.trim(),
  );

describeEachEngine("receivables import API", (context) => {
  let built: BuiltApp;
  let org: TestOrganization;
  let accountant: Session;
  let collector: Session;

  beforeAll(async () => {
    const store = context.store();
    built = await makeTestApp(store, { clock: fixedClock });
    org = await makeOrganization(store, "Import Receivables Co.");
    accountant = await signIn(built, (await addTestMember(store, org, "accountant")).email);
    collector = await signIn(built, (await addTestMember(store, org, "collector")).email);
    for (const code of ["C001", "C002", "C003", "P001", "P002"]) {
      const customer = await addTestCustomer(store, org, code);
      await grantTestCredit(store, org, customer.customerId);
    }
    // No credit granted: every invoice on credit is blocked (NO_LIMIT).
    await addTestCustomer(store, org, "NOCREDIT");
  });

  const inject = (options: InjectOptions) => built.app.inject(options);
  const url = (path: string) => `/api/v1/orgs/${org.orgId}${path}`;
  const importFile = (
    kind: "invoices" | "payments",
    file: { format: "csv" | "xlsx"; bytes: Buffer },
    extra: Record<string, unknown> = {},
    session: Session = accountant,
  ) =>
    inject({
      method: "POST",
      url: url(`/${kind}/import`),
      headers: session.headers,
      payload: { format: file.format, fileBase64: file.bytes.toString("base64"), ...extra },
    });
  const importInvoiceCsv = (
    rows: ReadonlyArray<ReadonlyArray<string>>,
    extra: Record<string, unknown> = {},
  ) =>
    importFile("invoices", { format: "csv", bytes: Buffer.from(csvText([invoiceHeader, ...rows])) }, extra);
  const importPaymentCsv = (
    rows: ReadonlyArray<ReadonlyArray<string>>,
    extra: Record<string, unknown> = {},
  ) =>
    importFile("payments", { format: "csv", bytes: Buffer.from(csvText([paymentHeader, ...rows])) }, extra);

  const count = async (
    table: "invoices" | "open_items" | "vouchers" | "audit_log" | "payments" | "allocations",
  ) =>
    Number(
      (
        await context
          .store()
          .db.selectFrom(table)
          .select((eb) => eb.fn.countAll().as("n"))
          .where("org_id", "=", org.orgId)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const snapshot = async () => ({
    invoices: await count("invoices"),
    openItems: await count("open_items"),
    vouchers: await count("vouchers"),
    audit: await count("audit_log"),
    payments: await count("payments"),
    allocations: await count("allocations"),
  });
  const customerId = async (code: string) =>
    (
      await context
        .store()
        .db.selectFrom("customers")
        .select("customer_id")
        .where("org_id", "=", org.orgId)
        .where("code", "=", code)
        .executeTakeFirstOrThrow()
    ).customer_id;
  const itemsOf = async (code: string) =>
    listOpenItems(context.store().db, org.orgId, { customerIds: [await customerId(code)] });

  it("imports and issues three invoices: one with two lines, one tax-inclusive on split terms", async () => {
    const before = await snapshot();
    const response = await importInvoiceCsv([
      ["S-001", "C001", "2026-11-20", "", "否", "钢材 Q235", "2", "1,500.00", "13%", "", "", ""],
      ["S-001", "C001", "2026-11-20", "", "否", "运输服务", "", "200", "9", "", "", "十一月"],
      [
        "S-002",
        "C002",
        "2026/11/21",
        "SPLIT30-70",
        "是",
        "技术服务费",
        "1",
        "10600",
        "0.06",
        "12345678",
        "2026-11-21",
        "含税价",
      ],
      ["S-003", "C003", "2026-11-22", "net30", "no", "咨询", "3", "100", "13", "", "", ""],
    ]);
    expect(response.statusCode, response.body).toBe(200);
    const report = response.json();
    expect(report).toMatchObject({
      mode: "all-or-nothing",
      dryRun: false,
      draft: false,
      currency: "CNY",
      total: 4,
      valid: 4,
      invalid: 0,
      imported: 3,
    });
    expect(report.rows.map((row: RowView) => row.status)).toEqual([
      "imported",
      "imported",
      "imported",
      "imported",
    ]);
    const invoices = report.invoices as InvoiceView[];
    // 3,000.00 + 390.00 VAT and 200.00 + 18.00; 10,600.00 including 600.00 VAT; 300.00 + 39.00.
    expect(invoices.map(({ reference, status, gross }) => [reference, status, gross])).toEqual([
      ["S-001", "imported", "3608.00"],
      ["S-002", "imported", "10600.00"],
      ["S-003", "imported", "339.00"],
    ]);
    const numbers = invoices.map((invoice) => defined(invoice.number ?? undefined));
    expect(numbers).toEqual(["INV-000001", "INV-000002", "INV-000003"]);
    expect(await count("invoices")).toBe(before.invoices + 3);
    expect(await count("open_items")).toBe(before.openItems + 4);

    const detail = await inject({
      method: "GET",
      url: url(`/invoices/${invoices[1]?.invoiceId}`),
      headers: accountant.headers,
    });
    expect(detail.json()).toMatchObject({
      status: "issued",
      number: "INV-000002",
      taxInclusive: true,
      net: "10000.00",
      tax: "600.00",
      termsCode: "SPLIT30-70",
      taxInvoiceNumber: "12345678",
      note: "含税价",
    });
    expect(
      (await itemsOf("C002")).map((item) => [item.documentNumber, item.dueDate, item.openMinor]),
    ).toEqual([
      ["INV-000002/1", "2026-11-21", 318000n],
      ["INV-000002/2", "2027-01-20", 742000n],
    ]);
    const first = await inject({
      method: "GET",
      url: url(`/invoices/${invoices[0]?.invoiceId}`),
      headers: accountant.headers,
    });
    expect(first.json().lines).toMatchObject([
      { description: "钢材 Q235", quantity: "2", unitPrice: "1500.00", vatRate: "0.13" },
      { description: "运输服务", quantity: "1", unitPrice: "200", vatRate: "0.09" },
    ]);
    expect(first.json()).toMatchObject({ note: "十一月", termsCode: null });
    const third = await inject({
      method: "GET",
      url: url(`/invoices/${invoices[2]?.invoiceId}`),
      headers: accountant.headers,
    });
    expect(third.json().termsCode).toBe("NET30");
  });

  it("reads a GB18030 CSV as Excel on Chinese Windows saves it", async () => {
    const bytes = gb18030(
      `${invoiceHeader.join(",")}\r\nG-001,C001,2026-11-22,,是,办公用品 钢笔,10,11.30,13%,,,中文备注\r\n`,
    );
    expect(() => new TextDecoder("utf-8", { fatal: true }).decode(bytes)).toThrow();
    const response = await importFile("invoices", { format: "csv", bytes });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().invoices).toMatchObject([
      { reference: "G-001", status: "imported", gross: "113.00" },
    ]);
    const detail = await inject({
      method: "GET",
      url: url(`/invoices/${response.json().invoices[0].invoiceId}`),
      headers: accountant.headers,
    });
    expect(detail.json()).toMatchObject({ note: "中文备注", lines: [{ description: "办公用品 钢笔" }] });
  });

  const mixedRows = () => [
    ["B-001", "C001", "2026-11-20", "", "否", "钢材", "1", "100", "12%", "", "", ""],
    ["B-002", "NOPE", "2026-11-20", "", "否", "钢材", "1", "100", "13%", "", "", ""],
    ["B-003", "C001", "2026-12-01", "", "否", "钢材", "1", "100", "13%", "", "", ""],
    ["B-004", "C001", "2026-11-20", "", "否", "钢材", "1", "100", "13%", "", "", ""],
    ["B-004", "C002", "2026-11-20", "", "否", "运输", "1", "100", "9%", "", "", ""],
    ["B-005", "C003", "2026-11-20", "", "否", "好货", "1", "100", "13%", "", "", ""],
  ];

  it("refuses a file with any invalid row, row by row, and writes nothing", async () => {
    const before = await snapshot();
    const response = await importInvoiceCsv(mixedRows());
    expect(response.statusCode).toBe(400);
    expect(response.headers["content-type"]).toContain("application/problem+json");
    const problem = response.json();
    expect(problem).toMatchObject({
      code: "VALIDATION_FAILED",
      report: { mode: "all-or-nothing", total: 6, valid: 1, invalid: 5, imported: 0 },
    });
    expect(problem.detail).toContain("5 of 6 rows are invalid");
    expect(problem.issues[0]).toMatchObject({ path: "rows.2.vatRate", code: "INVALID_VAT_RATE" });
    expect(issueCodes(problem.report.rows)).toEqual([
      "2 invalid vatRate:INVALID_VAT_RATE",
      "3 invalid customerCode:UNKNOWN_CUSTOMER",
      "4 invalid documentDate:FUTURE_DATE",
      "5 invalid reference:INVOICE_INVALID",
      "6 invalid customerCode:INCONSISTENT",
      "7 skipped",
    ]);
    expect(problem.report.rows[4].issues[0].message).toBe(
      "differs from row 5 of B-004 (C001); the rows of one invoice must agree",
    );
    expect(
      problem.report.invoices.map((invoice: InvoiceView) => [invoice.reference, invoice.status]),
    ).toEqual([
      ["B-001", "invalid"],
      ["B-002", "invalid"],
      ["B-003", "invalid"],
      ["B-004", "invalid"],
      ["B-005", "skipped"],
    ]);
    expect(await snapshot()).toEqual(before);
  });

  it("imports the valid invoices with valid-only, and checks only on a dry run", async () => {
    const before = await snapshot();
    const dry = await importInvoiceCsv(mixedRows(), { mode: "valid-only", dryRun: true });
    expect(dry.statusCode).toBe(200);
    expect(dry.json()).toMatchObject({ dryRun: true, valid: 1, invalid: 5, imported: 0 });
    expect(dry.json().invoices[4]).toMatchObject({ status: "valid", number: null, gross: "113.00" });
    expect(await snapshot()).toEqual(before);

    const response = await importInvoiceCsv(mixedRows(), { mode: "valid-only" });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ total: 6, valid: 1, invalid: 5, imported: 1 });
    expect(response.json().rows[5]).toMatchObject({ row: 7, status: "imported" });
    expect(response.json().invoices[4]).toMatchObject({ reference: "B-005", status: "imported" });
    expect(response.json().invoices[4].number).toMatch(/^INV-[0-9]{6}$/);
    expect(await count("invoices")).toBe(before.invoices + 1);
  });

  it("reports an invoice the credit check blocks, and imports it as a draft on request", async () => {
    const before = await snapshot();
    const rows = [
      ["K-001", "C003", "2026-11-20", "", "否", "钢材", "1", "100", "13%", "", "", ""],
      ["K-002", "NOCREDIT", "2026-11-20", "", "否", "钢材", "1", "100", "13%", "", "", ""],
      ["K-002", "NOCREDIT", "2026-11-20", "", "否", "运费", "1", "10", "9%", "", "", ""],
    ];
    const refused = await importInvoiceCsv(rows);
    expect(refused.statusCode).toBe(400);
    const report = refused.json().report;
    expect(issueCodes(report.rows)).toEqual([
      "2 skipped",
      "3 invalid credit:CREDIT_BLOCKED",
      "4 invalid credit:CREDIT_BLOCKED",
    ]);
    expect(report.rows[1].issues[0].message).toContain("NO_LIMIT");
    // The good invoice was issued in the trial run and undone: no number was used up.
    expect(await snapshot()).toEqual(before);
    const numbersBefore = await context
      .store()
      .db.selectFrom("invoices")
      .select("number")
      .where("org_id", "=", org.orgId)
      .where("number", "is not", null)
      .orderBy("number", "desc")
      .executeTakeFirstOrThrow();

    const validOnly = await importInvoiceCsv(rows, { mode: "valid-only" });
    expect(validOnly.statusCode).toBe(200);
    expect(validOnly.json().invoices.map((invoice: InvoiceView) => invoice.status)).toEqual([
      "imported",
      "invalid",
    ]);
    const next = Number(defined(numbersBefore.number ?? undefined).slice(4)) + 1;
    expect(validOnly.json().invoices[0].number).toBe(`INV-${String(next).padStart(6, "0")}`);

    const drafts = await importInvoiceCsv(rows.slice(1), { draft: true });
    expect(drafts.statusCode, drafts.body).toBe(200);
    expect(drafts.json()).toMatchObject({ draft: true, imported: 1 });
    expect(drafts.json().invoices[0]).toMatchObject({ status: "imported", number: null, gross: "123.90" });
    const draft = await inject({
      method: "GET",
      url: url(`/invoices/${drafts.json().invoices[0].invoiceId}`),
      headers: accountant.headers,
    });
    expect(draft.json()).toMatchObject({ status: "draft", number: null, items: [] });
  });

  it("imports invoices from XLSX with Excel dates, numbers, percentages and English headers", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Invoices");
    sheet.addRow([
      "Reference",
      "Customer Code",
      "Document Date",
      "taxInclusive",
      "Description",
      "Quantity",
      "Unit Price",
      "VAT Rate",
    ]);
    sheet.addRow(["X-001", "C001", new Date(Date.UTC(2026, 10, 18)), false, "Steel", 4, 250.5, 0.13]);
    sheet.addRow(["X-001", "C001", new Date(Date.UTC(2026, 10, 18)), false, "Freight", 1, 100, 0.09]);
    sheet.getCell("H2").numFmt = "0%";
    const response = await importFile("invoices", {
      format: "xlsx",
      bytes: Buffer.from(await workbook.xlsx.writeBuffer()),
    });
    expect(response.statusCode, response.body).toBe(200);
    // 1,002.00 + 130.26 VAT and 100.00 + 9.00.
    expect(response.json().invoices).toMatchObject([
      { reference: "X-001", status: "imported", gross: "1241.26" },
    ]);
  });

  it("imports payments: oldest first, chosen documents in order, and none", async () => {
    const invoices = await importInvoiceCsv([
      ["P-1", "P001", "2026-11-01", "", "否", "甲", "1", "1000", "13%", "", "", ""],
      ["P-2", "P001", "2026-11-05", "", "否", "乙", "1", "2000", "13%", "", "", ""],
      ["P-3", "P001", "2026-11-10", "SPLIT30-70", "否", "丙", "1", "1000", "6%", "", "", ""],
    ]);
    expect(invoices.statusCode, invoices.body).toBe(200);
    const [p1 = "", p2 = "", p3 = ""] = (invoices.json().invoices as InvoiceView[]).map(
      (invoice) => invoice.number ?? "",
    );
    const before = await snapshot();
    const response = await importPaymentCsv([
      // The oldest items: P-3's first portion (318.00, due on its date), then P-1 (1,130.00).
      ["P001", "2026-11-20", "1,448.00", "银行转账", "某某有限公司", "回单 001", "", "", ""],
      ["P001", "2026-11-21", "742.00", "支票", "", "", "", "", `${p3}/2`],
      ["P001", "2026-11-22", "2,260.00", "online", "", "", "", "", p2],
      ["P001", "2026-11-22", "500", "现金", "", "预收", "", "不核销", ""],
    ]);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ total: 4, valid: 4, invalid: 0, imported: 4 });
    const rows = response.json().rows as PaymentRowView[];
    expect(
      rows.map(({ status, amount, applied, unapplied, appliedTo }) => ({
        status,
        amount,
        applied,
        unapplied,
        appliedTo,
      })),
    ).toEqual([
      {
        status: "imported",
        amount: "1448.00",
        applied: "1448.00",
        unapplied: "0.00",
        appliedTo: [`${p3}/1`, p1],
      },
      { status: "imported", amount: "742.00", applied: "742.00", unapplied: "0.00", appliedTo: [`${p3}/2`] },
      { status: "imported", amount: "2260.00", applied: "2260.00", unapplied: "0.00", appliedTo: [p2] },
      { status: "imported", amount: "500.00", applied: "0.00", unapplied: "500.00", appliedTo: [] },
    ]);
    expect(rows.every((row) => /^RC-[0-9]{6}$/.test(row.number ?? ""))).toBe(true);
    expect(await count("payments")).toBe(before.payments + 4);
    expect((await itemsOf("P001")).map((item) => [item.documentNumber, item.openMinor, item.status])).toEqual(
      [
        [`${p3}/1`, 0n, "closed"],
        [p1, 0n, "closed"],
        [p2, 0n, "closed"],
        [`${p3}/2`, 0n, "closed"],
      ],
    );
    const payment = await context
      .store()
      .db.selectFrom("payments")
      .select(["method", "payer_name", "reference"])
      .where("org_id", "=", org.orgId)
      .where("number", "=", defined(rows[0]?.number ?? undefined))
      .executeTakeFirstOrThrow();
    expect(payment).toEqual({ method: "bank_transfer", payer_name: "某某有限公司", reference: "回单 001" });
  });

  it("refuses payments row by row: unknown, settled and other customers' documents, bad amounts and dates", async () => {
    const other = await importInvoiceCsv([
      ["Q-1", "P002", "2026-11-10", "", "否", "丁", "1", "100", "13%", "", "", ""],
    ]);
    const otherNumber = defined(other.json().invoices[0].number ?? undefined);
    const settled = defined((await itemsOf("P001"))[0]).documentNumber;
    const before = await snapshot();
    const rows = [
      ["P002", "2026-11-20", "113", "", "", "", "", "", "INV-999999"],
      ["P001", "2026-11-20", "113", "", "", "", "", "", settled],
      ["P001", "2026-11-20", "113", "", "", "", "", "", otherNumber],
      ["P002", "2026-11-20", "-5", "", "", "", "", "", ""],
      ["P002", "2026-11-20", "12.345", "", "", "", "", "", ""],
      ["P002", "2026-11-24", "10", "", "", "", "", "", ""],
      ["P002", "2026-11-20", "10", "汇款", "", "", "", "按比例", otherNumber],
      ["NOPE", "2026-11-20", "10", "", "", "", "", "", ""],
      ["P002", "2026-11-20", "113.00", "", "", "", "", "", otherNumber],
    ];
    const response = await importPaymentCsv(rows);
    expect(response.statusCode).toBe(400);
    expect(issueCodes(response.json().report.rows)).toEqual([
      "2 invalid invoiceNumbers:UNKNOWN_DOCUMENT",
      "3 invalid invoiceNumbers:NOT_OPEN",
      "4 invalid invoiceNumbers:OTHER_CUSTOMER",
      "5 invalid amount:INVALID_AMOUNT",
      "6 invalid amount:INVALID_AMOUNT",
      "7 invalid receivedDate:FUTURE_DATE",
      "8 invalid method:INVALID_CHOICE allocation:CONFLICT",
      "9 invalid customerCode:UNKNOWN_CUSTOMER",
      "10 skipped",
    ]);
    expect(await snapshot()).toEqual(before);

    const validOnly = await importPaymentCsv(rows, { mode: "valid-only" });
    expect(validOnly.statusCode).toBe(200);
    expect(validOnly.json().rows[8]).toMatchObject({
      status: "imported",
      applied: "113.00",
      appliedTo: [otherNumber],
    });
    expect(await count("payments")).toBe(before.payments + 1);
  });

  it("imports payments from XLSX with date and number cells", async () => {
    const file = await xlsxOf([
      ["customerCode", "receivedDate", "amount", "method", "allocation"],
      ["P002", new Date(Date.UTC(2026, 10, 22)), 1234.5, "bank transfer", "none"],
    ]);
    const response = await importFile("payments", { format: "xlsx", bytes: file });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().rows).toMatchObject([
      { status: "imported", amount: "1234.50", unapplied: "1234.50" },
    ]);
  });

  it("refuses files whose columns are wrong, and lets only those who may import", async () => {
    const unknown = await importFile("invoices", {
      format: "csv",
      bytes: Buffer.from(
        csvText([
          [...invoiceHeader, "折扣"],
          ["A", "C001", "2026-11-20", "", "", "x", "1", "1", "13%", "", "", "", ""],
        ]),
      ),
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().issues).toMatchObject([{ path: "file", code: "UNKNOWN_COLUMNS" }]);
    expect(unknown.json().issues[0].message).toContain("unknown columns: 折扣");
    const missing = await importFile("payments", {
      format: "csv",
      bytes: Buffer.from(
        csvText([
          ["客户编码", "金额"],
          ["P001", "1"],
        ]),
      ),
    });
    expect(missing.json().issues).toMatchObject([{ code: "MISSING_COLUMNS" }]);
    expect(missing.json().issues[0].message).toContain("收款日期/receivedDate");
    const forbidden = await importFile(
      "payments",
      { format: "csv", bytes: Buffer.from(csvText([paymentHeader])) },
      {},
      collector,
    );
    expect(forbidden.statusCode).toBe(403);
  });

  it("offers templates with example rows that parse, naming customers that do not exist", async () => {
    const csv = await inject({
      method: "GET",
      url: url("/invoices/import-template"),
      headers: collector.headers,
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers["content-type"]).toBe("text/csv; charset=utf-8");
    expect(csv.body.startsWith(`\uFEFF${invoiceHeader.join(",")}\r\n`)).toBe(true);
    expect(csv.body).toContain('S-001,示例客户A,2026-11-23,,否,钢材 Q235,2,"1,500.00",13%');
    const tried = await importFile("invoices", { format: "csv", bytes: csv.rawPayload }, { dryRun: true });
    expect(tried.statusCode).toBe(200);
    expect(tried.json().rows.flatMap((row: RowView) => row.issues.map((issue) => issue.code))).toEqual([
      "UNKNOWN_CUSTOMER",
      "UNKNOWN_CUSTOMER",
      "UNKNOWN_CUSTOMER",
    ]);

    const xlsx = await inject({
      method: "GET",
      url: url("/payments/import-template?format=xlsx&language=en"),
      headers: accountant.headers,
    });
    expect(xlsx.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as never);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(["Payments", "Instructions"]);
    expect(workbook.worksheets[0]?.getRow(1).values).toEqual([
      undefined,
      "customerCode",
      "receivedDate",
      "amount",
      "method",
      "payerName",
      "reference",
      "note",
      "allocation",
      "invoiceNumbers",
    ]);
    const triedPayments = await importFile(
      "payments",
      { format: "xlsx", bytes: xlsx.rawPayload },
      { dryRun: true },
    );
    expect(
      triedPayments.json().rows.flatMap((row: RowView) => row.issues.map((issue) => issue.code)),
    ).toEqual(["UNKNOWN_CUSTOMER", "UNKNOWN_CUSTOMER", "UNKNOWN_CUSTOMER"]);
  });
});

for (const engine of engines) {
  describe.skipIf(engine === "postgres" && !postgresAvailable)(
    `credence import invoices/payments [${engine}]`,
    () => {
      const harness = cliHarness(engine);
      const { cli, dir } = harness;
      let store: Store;
      let org: TestOrganization;

      const file = (name: string, content: string | Buffer) => {
        const path = join(dir, name);
        writeFileSync(path, content);
        return path;
      };

      beforeAll(async () => {
        await harness.setUp();
        store = await openStore(harness.databaseUrl);
        await migrateToLatest(store);
        org = await makeOrganization(store, "CLI Receivables Co.");
        const customer = await addTestCustomer(store, org, "C001");
        await grantTestCredit(store, org, customer.customerId);
      });

      afterAll(async () => {
        await store.close();
        await harness.tearDown();
      });

      it("explains both commands with an example", async () => {
        const help = await cli("import", "invoices", "--help");
        expect(help.code).toBe(0);
        expect(help.stdout).toContain("--draft");
        expect(help.stdout).toContain("单据号/reference");
        expect(help.stdout).toContain("Example: credence import invoices");
        expect((await cli("import", "payments", "--help")).stdout).toContain("核销单据/invoiceNumbers");
      });

      it("imports invoices, refusing a file with an invalid row (exit 1)", async () => {
        const good = file(
          "invoices.csv",
          csvText([
            ["reference", "customerCode", "documentDate", "description", "quantity", "unitPrice", "vatRate"],
            ["A-1", "C001", "2026-11-20", "钢材", "1", "1,000", "13%"],
            ["A-2", "C001", "2026-11-21", "咨询", "2", "50", "6%"],
          ]),
        );
        const bad = file(
          "bad.csv",
          csvText([
            ["reference", "customerCode", "documentDate", "description", "unitPrice", "vatRate"],
            ["B-1", "C001", "2026-11-20", "钢材", "100", "7%"],
          ]),
        );
        const refused = await cli("import", "invoices", bad, "--org", org.orgId);
        expect(refused.code).toBe(1);
        expect(refused.stdout).toContain("Nothing imported: 1 rows: 0 valid, 1 invalid.");
        expect(refused.stdout).toContain("row 2 (B-1)  vatRate: 7% is not a VAT rate in force");

        const dry = await cli("import", "invoices", good, "--dry-run", "--json");
        expect(dry.code).toBe(0);
        expect(JSON.parse(dry.stdout)).toMatchObject({ dryRun: true, valid: 2, imported: 0 });

        const imported = await cli("import", "invoices", good);
        expect(imported.stderr).toBe("");
        expect(imported.code).toBe(0);
        expect(imported.stdout).toContain("Imported 2 invoices. 2 rows: 2 valid, 0 invalid.");
        expect(imported.stdout).toContain("A-1 → INV-000001  C001  1130.00 CNY");
        expect(imported.stdout).toContain("A-2 → INV-000002  C001  106.00 CNY");
      });

      it("imports payments applied to the documents named", async () => {
        const xlsx = file(
          "payments.xlsx",
          await xlsxOf([
            ["客户编码", "收款日期", "金额", "核销单据"],
            ["C001", "2026-11-25", "1,130.00", "INV-000001"],
          ]),
        );
        const imported = await cli("import", "payments", xlsx, "--org", org.orgId);
        expect(imported.stderr).toBe("");
        expect(imported.code).toBe(0);
        expect(imported.stdout).toContain("Imported 1 payments.");
        expect(imported.stdout).toContain(
          "row 2 → RC-000001  C001  1130.00 CNY, applied 1130.00 to INV-000001, unapplied 0.00",
        );
        const again = await cli("import", "payments", xlsx, "--json");
        expect(again.code).toBe(1);
        expect(JSON.parse(again.stdout).rows[0].issues).toMatchObject([
          { path: "invoiceNumbers", code: "NOT_OPEN" },
        ]);
      });

      it("imports a bank statement, matches the receipt quoting an invoice, and refuses the same statement again", async () => {
        const statement = file(
          "bank.csv",
          "交易日期,贷方发生额,借方发生额,对方户名,对方账号,附言\n2026-11-26,106.00,,Customer C001,,付 INV-000002\n2026-11-26,,50.00,手续费,,\n",
        );
        const noAccount = await cli("import", "bank-statement", statement);
        expect(noAccount.code).toBe(1);
        expect(noAccount.stderr).toContain("--account");
        const imported = await cli("import", "bank-statement", statement, "--account", "6222000011112222");
        expect(imported.stderr).toBe("");
        expect(imported.code).toBe(0);
        expect(imported.stdout).toContain(
          "2 lines: 1 incoming, 1 matched automatically, 0 waiting for review",
        );
        const again = await cli("import", "bank-statement", statement, "--account", "6222000011112222");
        expect(again.code).toBe(1);
        expect(again.stderr).toContain("BANK_STATEMENT_DUPLICATE: this file was imported on");
      });
    },
  );
}
