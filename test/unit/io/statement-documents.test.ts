import { inflateSync } from "node:zlib";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { addDays, formatBusinessDate, parseBusinessDate } from "../../../src/core/dates.ts";
import { AppError } from "../../../src/core/errors.ts";
import { formatMinor } from "../../../src/core/money.ts";
import {
  buildStatement,
  type StatementInput,
  type StatementMovement,
  type StatementOfAccount,
  statementLinesMax,
} from "../../../src/domain/receivables/index.ts";
import { contentWidthPt } from "../../../src/io/pdf-layout.ts";
import {
  agingBucketLabel,
  amountText,
  renderStatementPdf,
  statementLabels,
  statementLineColumns,
} from "../../../src/io/statement-pdf.ts";
import { statementWorkbook, xlsxNumberMinorMax } from "../../../src/io/statement-workbook.ts";

// Rendering embeds a subset of a 20 MB font collection; the first call also reads it.
const renderTimeoutMs = 60_000;

// ---------------------------------------------------------------------------------------------
// A realistic statement: 上海星辰贸易有限公司's first quarter of 2026 with its supplier.

const periodFrom = "2026-01-01";
const periodTo = "2026-03-31";
const invoiceCount = 50;

function dayAfter(date: string, days: number): string {
  return formatBusinessDate(addDays(parseBusinessDate(date), days));
}

function invoiceNumber(index: number): string {
  return `INV-${String(index + 1).padStart(6, "0")}`;
}

interface Invoice {
  readonly number: string;
  readonly date: string;
  readonly amountMinor: bigint;
}

/** 50 VAT invoices (13%) through the quarter: 10,000.00 net and upwards, so 11,300.00 gross and up. */
const invoices: ReadonlyArray<Invoice> = Array.from({ length: invoiceCount }, (_, index) => ({
  number: invoiceNumber(index),
  date: dayAfter("2026-01-02", Math.floor((index * 88) / invoiceCount)),
  amountMinor: ((1_000_000n + BigInt(index) * 37_500n) * 113n) / 100n,
}));

function movement(
  date: string,
  kind: StatementMovement["kind"],
  documentNumber: string | null,
  description: string,
  amountMinor: bigint,
  voucherId: string,
): StatementMovement {
  return { date, kind, documentNumber, description, amountMinor, voucherId };
}

/** 60 lines: 50 invoices, 6 receipts, a cash discount, a credit note, a debit note and a write-off. */
function quarterMovements(): StatementMovement[] {
  return [
    ...invoices.map((invoice, index) =>
      movement(
        invoice.date,
        "invoice",
        invoice.number,
        `销售货物：办公家具一批（合同 HT-2025-118 第 ${index + 1} 批）`,
        invoice.amountMinor,
        `v-inv-${index + 1}`,
      ),
    ),
    ...["2026-01-15", "2026-01-30", "2026-02-13", "2026-02-27", "2026-03-13", "2026-03-27"].map(
      (date, index) =>
        movement(
          date,
          "payment",
          `RCPT-${String(index + 1).padStart(6, "0")}`,
          "收到货款（招商银行上海分行 电汇）",
          -10_000_000n,
          `v-rcpt-${index + 1}`,
        ),
    ),
    movement("2026-01-15", "discount", "RCPT-000001", "现金折扣 2/10，N/30", -22_600n, "v-disc-1"),
    movement(
      "2026-02-20",
      "credit_note",
      "CN-000001",
      "退货：办公椅 5 把，开具红字发票",
      -565_000n,
      "v-cn-1",
    ),
    movement("2026-03-05", "debit_note", "DN-000001", "补开运费", 22_600n, "v-dn-1"),
    movement("2026-03-27", "write_off", "RCPT-000006", "尾差核销", -37n, "v-wo-1"),
  ];
}

const openingMinor = 1_250_000n;

/** The newest invoices open up to the closing balance, the oldest of them in part: oldest first allocation. */
function openItemsFor(closingMinor: bigint): StatementInput["openItems"] {
  const items: Array<StatementInput["openItems"][number]> = [];
  let remaining = closingMinor;
  for (const invoice of [...invoices].reverse()) {
    if (remaining <= 0n) break;
    const openMinor = invoice.amountMinor < remaining ? invoice.amountMinor : remaining;
    items.push({
      documentNumber: invoice.number,
      documentDate: invoice.date,
      dueDate: dayAfter(invoice.date, 30),
      openMinor,
    });
    remaining -= openMinor;
  }
  return items;
}

interface StatementOverrides {
  readonly customerName?: string;
  readonly movements?: ReadonlyArray<StatementMovement>;
  readonly openingMinor?: bigint;
}

function statementOf(overrides: StatementOverrides = {}): StatementOfAccount {
  const movements = overrides.movements ?? quarterMovements();
  const opening = overrides.openingMinor ?? openingMinor;
  const closing = movements.reduce((sum, each) => sum + each.amountMinor, opening);
  return buildStatement({
    number: "SOA-2026-000123",
    organizationName: "杭州云栖供应链管理有限公司",
    customer: {
      customerId: "c-0107",
      code: "C-0107",
      name: overrides.customerName ?? "上海星辰贸易有限公司",
      creditCode: "91310115MA1H7T2Q4B",
    },
    currency: "CNY",
    from: periodFrom,
    to: periodTo,
    openingMinor: opening,
    movements,
    openItems: openItemsFor(closing),
    agingEdgesDays: [30, 60, 90, 180, 365],
    generatedOn: "2026-04-02",
  });
}

const confirmation = { url: "https://credence.example.cn/s/3fK9x2LqP7", expiresOn: "2026-04-30" };

// ---------------------------------------------------------------------------------------------
// Reading a PDF back: pdfkit writes Flate streams and Identity-H fonts whose ToUnicode CMaps map
// glyph ids back to text, which is all a text extraction needs.

interface PdfObject {
  readonly dictionary: string;
  readonly stream: Buffer | null;
}

function pdfObjects(pdf: Buffer): ReadonlyMap<number, PdfObject> {
  const text = pdf.toString("latin1");
  const objects = new Map<number, PdfObject>();
  const header = /(\d+) 0 obj\n/g;
  for (let match = header.exec(text); match !== null; match = header.exec(text)) {
    const start = match.index + match[0].length;
    const streamAt = text.indexOf("\nstream\n", start);
    const endAt = text.indexOf("\nendobj", start);
    if (streamAt === -1 || streamAt > endAt) {
      objects.set(Number(match[1]), { dictionary: text.slice(start, endAt), stream: null });
      header.lastIndex = endAt;
      continue;
    }
    const dictionary = text.slice(start, streamAt);
    const length = Number(/\/Length (\d+)/.exec(dictionary)?.[1]);
    const raw = pdf.subarray(streamAt + 8, streamAt + 8 + length);
    objects.set(Number(match[1]), {
      dictionary,
      stream: dictionary.includes("/FlateDecode") ? inflateSync(raw) : raw,
    });
    // Skip the binary stream: it may contain anything, "0 obj" included.
    header.lastIndex = streamAt + 8 + length;
  }
  return objects;
}

function reference(dictionary: string, key: string): number {
  const match = new RegExp(`/${key} (\\d+) 0 R`).exec(dictionary);
  if (match === null) throw new Error(`no /${key} in ${dictionary}`);
  return Number(match[1]);
}

/** UTF-16BE hex to text; a ligature lists its code units apart ("<0066 0069>" for "fi"). */
function utf16Hex(hex: string): string {
  const units = hex.replaceAll(" ", "").match(/.{4}/g) ?? [];
  return String.fromCharCode(...units.map((unit) => Number.parseInt(unit, 16)));
}

/** Glyph code → text, from a ToUnicode CMap's bfrange entries in array form (all pdfkit writes). */
function toUnicode(cmap: string): ReadonlyMap<number, string> {
  const map = new Map<number, string>();
  for (const [, first = "", list = ""] of cmap.matchAll(/<([0-9a-f]+)>\s*<[0-9a-f]+>\s*\[([^\]]*)\]/gi)) {
    let code = Number.parseInt(first, 16);
    for (const [, hex = ""] of list.matchAll(/<([0-9a-f ]+)>/gi)) {
      map.set(code, utf16Hex(hex));
      code += 1;
    }
  }
  return map;
}

/** The text of each page, in drawing order, one line per text run. */
function pdfPageTexts(pdf: Buffer): string[] {
  const objects = pdfObjects(pdf);
  const object = (id: number): PdfObject => {
    const found = objects.get(id);
    if (found === undefined) throw new Error(`no object ${id}`);
    return found;
  };
  const pages = [...objects.values()].find((each) => /\/Type \/Pages\b/.test(each.dictionary));
  if (pages === undefined) throw new Error("no page tree");
  const kids = [...(/\/Kids \[([^\]]*)\]/.exec(pages.dictionary)?.[1] ?? "").matchAll(/(\d+) 0 R/g)];
  return kids.map(([, pageId]) => {
    const page = object(Number(pageId)).dictionary;
    const resources = object(reference(page, "Resources")).dictionary;
    const fonts = new Map<string, ReadonlyMap<number, string>>();
    for (const [, name = "", fontId = ""] of resources.matchAll(/\/(F\d+) (\d+) 0 R/g)) {
      const font = object(Number(fontId)).dictionary;
      fonts.set(name, toUnicode(object(reference(font, "ToUnicode")).stream?.toString("latin1") ?? ""));
    }
    const content = object(reference(page, "Contents")).stream?.toString("latin1") ?? "";
    const runs: string[] = [];
    let glyphs: ReadonlyMap<number, string> = new Map();
    for (const [, font, array] of content.matchAll(/\/(F\d+) [\d.]+ Tf|\[([^\]]*)\] TJ/g)) {
      if (font !== undefined) {
        glyphs = fonts.get(font) ?? new Map();
        continue;
      }
      const codes = [...(array ?? "").matchAll(/<([0-9a-f]+)>/gi)].flatMap(
        ([, hex = ""]) => hex.match(/.{4}/g) ?? [],
      );
      runs.push(codes.map((code) => glyphs.get(Number.parseInt(code, 16)) ?? "\uFFFD").join(""));
    }
    return runs.join("\n");
  });
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

// ---------------------------------------------------------------------------------------------
// Reading an XLSX back

async function readWorkbook(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook;
}

function sheetOf(workbook: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const sheet = workbook.getWorksheet(name);
  if (sheet === undefined) throw new Error(`no sheet ${name}`);
  return sheet;
}

/** Row number of the first row whose column `column` holds `value`. */
function rowWith(sheet: ExcelJS.Worksheet, column: number, value: string): number {
  for (let row = 1; row <= sheet.rowCount; row += 1) {
    if (sheet.getRow(row).getCell(column).value === value) return row;
  }
  throw new Error(`no row with ${value} in column ${column} of ${sheet.name}`);
}

/** A number cell back in minor units (two decimals); its number format must be the amount format. */
function minorOf(cell: ExcelJS.Cell): bigint {
  expect(cell.type, `cell ${cell.address}`).toBe(ExcelJS.ValueType.Number);
  expect(cell.numFmt, `cell ${cell.address}`).toBe("#,##0.00");
  return BigInt((cell.value as number).toFixed(2).replace(".", ""));
}

function isoDateOf(cell: ExcelJS.Cell): string {
  expect(cell.value, `cell ${cell.address}`).toBeInstanceOf(Date);
  return (cell.value as Date).toISOString().slice(0, 10);
}

// ---------------------------------------------------------------------------------------------

describe("amountText", () => {
  it("groups thousands and keeps the currency's decimals", () => {
    expect(amountText(123_456_789n, "CNY")).toBe("1,234,567.89");
    expect(amountText(100_000n, "CNY")).toBe("1,000.00");
    expect(amountText(99_999n, "CNY")).toBe("999.99");
    expect(amountText(0n, "CNY")).toBe("0.00");
    expect(amountText(5n, "CNY")).toBe("0.05");
    expect(amountText(1_500n, "JPY")).toBe("1,500");
    expect(amountText(1_234_567n, "BHD")).toBe("1,234.567");
  });

  it("keeps the sign in front of the digits", () => {
    expect(amountText(-5n, "CNY")).toBe("-0.05");
    expect(amountText(-123_456_789n, "CNY")).toBe("-1,234,567.89");
    expect(amountText(-100_000n, "JPY")).toBe("-100,000");
  });

  it("is exact far beyond a double's digits", () => {
    expect(amountText(123_456_789_012_345_678_901n, "CNY")).toBe("1,234,567,890,123,456,789.01");
  });
});

describe("labels", () => {
  it("names the line kinds in both languages", () => {
    expect(statementLabels["zh-CN"].kinds).toEqual({
      invoice: "销售发票",
      debit_note: "补开应收",
      credit_note: "红字冲销",
      payment: "回款",
      discount: "现金折扣",
      write_off: "尾差核销",
      refund: "退款",
      reversal: "冲销",
      installment: "分期",
      other: "其他",
    });
    expect(statementLabels.en.kinds.write_off).toBe("Write-off");
  });

  it("has every label in both languages, Chinese in one, plain ASCII in the other", () => {
    const zh = statementLabels["zh-CN"];
    const en = statementLabels.en;
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const [key, value] of Object.entries(zh)) {
      if (typeof value === "string" && key !== "colon") {
        expect(value, key).toMatch(/\p{Script=Han}/u);
        expect(en[key as keyof typeof en], key).toMatch(/^[\x20-\x7e]+$/);
      }
    }
  });

  it("names aging buckets from their bounds", () => {
    const { buckets } = statementOf().aging;
    expect(buckets.map((bucket) => agingBucketLabel(bucket, "zh-CN"))).toEqual([
      "未到期",
      "逾期 1–30 天",
      "逾期 31–60 天",
      "逾期 61–90 天",
      "逾期 91–180 天",
      "逾期 181–365 天",
      "逾期 365 天以上",
    ]);
    const oldest = buckets.at(-1);
    if (oldest === undefined) throw new Error("no buckets");
    expect(agingBucketLabel(oldest, "en")).toBe("Over 365 days past due");
  });

  it("fills the A4 width inside 40 pt margins with the lines table", () => {
    const columns = statementLineColumns("zh-CN");
    expect(columns.reduce((sum, column) => sum + column.widthPt, 0)).toBeCloseTo(contentWidthPt, 6);
    expect(columns.filter((column) => column.align === "right").map((column) => column.key)).toEqual([
      "seq",
      "debit",
      "credit",
      "balance",
    ]);
  });
});

describe("the test statement", () => {
  it("has 60 lines, every kind it claims, and open items equal to the closing balance", () => {
    const statement = statementOf();
    expect(statement.lines).toHaveLength(60);
    expect(new Set(statement.lines.map((line) => line.kind))).toEqual(
      new Set(["invoice", "payment", "discount", "credit_note", "debit_note", "write_off"]),
    );
    expect(statement.closingMinor).toBeGreaterThan(0n);
    expect(statement.aging.totalMinor).toBe(statement.closingMinor);
    expect(statement.aging.overdueMinor).toBeGreaterThan(0n);
  });
});

describe("renderStatementPdf", () => {
  const statement = statementOf();
  let zhPages: string[] = [];
  let zhPdf: Buffer = Buffer.alloc(0);

  beforeAll(async () => {
    zhPdf = await renderStatementPdf(statement, { locale: "zh-CN", confirmation });
    zhPages = pdfPageTexts(zhPdf);
  }, renderTimeoutMs);

  it("is an A4 PDF in Chinese with the CJK font embedded", () => {
    expect(zhPdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(zhPdf.subarray(-6).toString("latin1")).toContain("%%EOF");
    expect(zhPdf.includes("NotoSansCJKsc-Regular")).toBe(true);
    expect(zhPdf.includes("/Lang (zh-CN)")).toBe(true);
    expect(zhPdf.includes("/MediaBox [0 0 595.28 841.89]")).toBe(true);
  });

  it("shows the title, the parties, the period and the balances on the first page", () => {
    const first = zhPages[0] ?? "";
    expect(first).toContain("对账单　SOA-2026-000123");
    expect(first).toContain("杭州云栖供应链管理有限公司");
    expect(first).toContain("上海星辰贸易有限公司");
    expect(first).toContain("C-0107");
    expect(first).toContain("91310115MA1H7T2Q4B");
    expect(first).toContain("2026-01-01 至 2026-03-31");
    expect(first).toContain("余额汇总（币种：CNY）");
    expect(first).toContain("期初余额\n12,500.00");
    const closing = amountText(statement.closingMinor, "CNY");
    expect(closing).toMatch(/^\d{3},\d{3}\.\d{2}$/);
    expect(first).toContain(`期末余额\n${closing}`);
    expect(first).toContain(`本期借方（应收增加）\n${amountText(statement.debitTotalMinor, "CNY")}`);
    expect(first).toContain(`本期贷方（回款及减少）\n${amountText(statement.creditTotalMinor, "CNY")}`);
  });

  it("lists every line with its localized kind and running balance, across pages", () => {
    expect(zhPages.length).toBeGreaterThanOrEqual(2);
    const all = zhPages.join("\n");
    for (const line of statement.lines) {
      if (line.documentNumber !== null) expect(all).toContain(line.documentNumber);
      expect(all).toContain(amountText(line.balanceMinor, "CNY"));
    }
    for (const kind of ["销售发票", "回款", "现金折扣", "红字冲销", "补开应收", "尾差核销"]) {
      expect(all).toContain(kind);
    }
    // The last invoice sits on the second page, under a repeated header row.
    const second = zhPages[1] ?? "";
    expect(zhPages[0]).not.toContain("INV-000050");
    expect(second).toContain("INV-000050");
    expect(second).toContain("行号\n日期\n单据号\n类型\n摘要\n借方\n贷方\n余额");
    expect(all).toContain(`本期合计\n${amountText(statement.debitTotalMinor, "CNY")}`);
  });

  it("shows the open items, the aging and the confirmation request with its link", () => {
    const all = zhPages.join("\n");
    expect(all).toContain("未清项（截至 2026-03-31，币种：CNY）");
    expect(all).toContain("账龄（截至 2026-03-31，币种：CNY）");
    expect(all).toContain(`其中：已逾期\n${amountText(statement.aging.overdueMinor, "CNY")}`);
    expect(all).toContain("对账确认");
    expect(all).toContain("请核对上述余额。如无误，请通过以下链接确认；如有差异，请在链接中注明有争议的行。");
    expect(all.replaceAll("\n", "")).toContain(`确认链接：${confirmation.url}`);
    expect(all).toContain("链接有效期至：2026-04-30");
    expect(zhPdf.includes(`/URI (${confirmation.url})`)).toBe(true);
  });

  it("numbers every page and dates it", () => {
    zhPages.forEach((page, index) => {
      expect(page).toContain(`第 ${index + 1} / ${zhPages.length} 页`);
      expect(page).toContain("对账单编号：SOA-2026-000123    出具日期：2026-04-02");
    });
  });

  it(
    "is repeatable: the same statement gives the same bytes",
    async () => {
      const again = await renderStatementPdf(statement, { locale: "zh-CN", confirmation });
      expect(again.equals(zhPdf)).toBe(true);
    },
    renderTimeoutMs,
  );

  it(
    "renders English labels in English",
    async () => {
      const pages = pdfPageTexts(await renderStatementPdf(statement, { locale: "en", confirmation }));
      const all = pages.join("\n");
      expect(pages[0]).toContain("Statement of account SOA-2026-000123");
      expect(all).toContain(`Closing balance\n${amountText(statement.closingMinor, "CNY")}`);
      expect(all).toContain("No.\nDate\nDocument\nType\nDescription\nDebit\nCredit\nBalance");
      expect(all).toContain("Invoice");
      expect(all).toContain("Credit note");
      expect(all).toContain("Over 365 days past due");
      expect(all).toContain(`Page 1 of ${pages.length}`);
      expect(all.replaceAll("\n", "")).toContain(`Confirmation link: ${confirmation.url}`);
      // The customer's own data stays as typed.
      expect(all).toContain("上海星辰贸易有限公司");
      expect(all).not.toContain("期末余额");
    },
    renderTimeoutMs,
  );

  it(
    "shows a recorded response instead of the link",
    async () => {
      const pages = pdfPageTexts(
        await renderStatementPdf(statement, {
          locale: "zh-CN",
          confirmation,
          response: {
            status: "disputed",
            by: "李会计",
            at: "2026-04-08 10:24",
            note: "第 52 行回款 100,000.00 已于 3 月 26 日支付，请核对。",
          },
        }),
      );
      const all = pages.join("\n");
      expect(all).toContain("客户回复：有异议");
      expect(all).toContain("回复人：李会计    回复时间：2026-04-08 10:24");
      expect(all).toContain("说明：第 52 行回款 100,000.00 已于 3 月 26 日支付，请核对。");
      expect(all).not.toContain(confirmation.url);
      expect(all).not.toContain("请通过以下链接确认");
    },
    renderTimeoutMs,
  );

  it(
    "asks for a signature when there is neither link nor response",
    async () => {
      const pages = pdfPageTexts(await renderStatementPdf(statement, { locale: "zh-CN" }));
      const all = pages.join("\n");
      expect(all).toContain("请核对上述余额。如无误，请签字盖章后寄回；如有差异，请注明有争议的行号及金额。");
      expect(all).toContain("客户确认（签字/盖章）：");
      expect(all).not.toContain("确认链接");
    },
    renderTimeoutMs,
  );

  it(
    "renders a statement without lines or open items on one page",
    async () => {
      const quiet = buildStatement({
        number: "SOA-2026-000124",
        organizationName: "杭州云栖供应链管理有限公司",
        customer: { customerId: "c-0108", code: "C-0108", name: "苏州明远电子有限公司", creditCode: null },
        currency: "CNY",
        from: periodFrom,
        to: periodTo,
        openingMinor: 0n,
        movements: [],
        openItems: [],
        agingEdgesDays: [30, 60, 90],
        generatedOn: "2026-04-02",
      });
      const pages = pdfPageTexts(await renderStatementPdf(quiet, { locale: "zh-CN", confirmation: null }));
      expect(pages).toHaveLength(1);
      expect(pages[0]).toContain("无未清项。");
      expect(pages[0]).not.toContain("统一社会信用代码");
    },
    renderTimeoutMs,
  );

  it(`refuses more than statementLinesMax (${statementLinesMax}) lines, before drawing anything`, async () => {
    const movements = Array.from({ length: statementLinesMax + 1 }, (_, index) =>
      movement(
        dayAfter(periodFrom, index % 90),
        "invoice",
        invoiceNumber(index),
        "销售货物",
        100_00n,
        `v-${index}`,
      ),
    );
    const tooLong = statementOf({ movements });
    expect(tooLong.lines).toHaveLength(statementLinesMax + 1);
    for (const render of [
      renderStatementPdf(tooLong, { locale: "zh-CN" }),
      statementWorkbook(tooLong, { locale: "zh-CN" }),
    ]) {
      const error = await rejection(render);
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({
        code: "VALIDATION_FAILED",
        status: 400,
        issues: [{ path: "lines", code: "TOO_MANY_LINES" }],
      });
    }
  });

  it("refuses a link that is not http(s), a bad expiry and an over-long note, naming each", async () => {
    const error = await rejection(
      renderStatementPdf(statementOf(), {
        locale: "zh-CN",
        confirmation: { url: "javascript:alert(1)", expiresOn: "2026-02-30" },
        response: { status: "confirmed", by: "李会计", at: "2026-04-08", note: "好".repeat(1_001) },
      }),
    );
    expect(error).toMatchObject({ code: "VALIDATION_FAILED" });
    expect((error as AppError).issues.map((issue) => `${issue.path} ${issue.code}`)).toEqual([
      "response.note TOO_LONG",
      "confirmation.url INVALID_URL",
      "confirmation.expiresOn INVALID_DATE",
    ]);
  });

  it("refuses, as a bug, a statement that does not add up", async () => {
    const statement = statementOf();
    const tampered: StatementOfAccount = { ...statement, closingMinor: statement.closingMinor + 1n };
    const error = await rejection(renderStatementPdf(tampered, { locale: "zh-CN" }));
    expect(error).not.toBeInstanceOf(AppError);
    expect((error as Error).message).toContain("opening + debits − credits ≠ closing");
  });
});

describe("statementWorkbook", () => {
  const statement = statementOf({ customerName: '=HYPERLINK("x")' });
  let workbook = new ExcelJS.Workbook();

  beforeAll(async () => {
    workbook = await readWorkbook(await statementWorkbook(statement, { locale: "zh-CN" }));
  });

  it("has the statement, open items and aging sheets", () => {
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(["对账单", "未清项", "账龄"]);
  });

  it("neutralizes a customer name that would run as a formula, and holds no formula anywhere", () => {
    const sheet = sheetOf(workbook, "对账单");
    const row = rowWith(sheet, 1, "客户");
    expect(sheet.getRow(row).getCell(2).value).toBe(`'=HYPERLINK("x")`);
    for (const each of workbook.worksheets) {
      each.eachRow((sheetRow) =>
        sheetRow.eachCell((cell) => {
          expect(cell.type, `${each.name}!${cell.address}`).not.toBe(ExcelJS.ValueType.Formula);
          if (typeof cell.value === "string") expect(cell.value).not.toMatch(/^[=+\-@＝＋－＠\t\r]/);
        }),
      );
    }
  });

  it("neutralizes descriptions and document numbers too", async () => {
    const movements = [
      movement("2026-01-05", "invoice", "=1+1", "+cmd|' /C calc'!A0", 1_000n, "v-1"),
      movement("2026-01-06", "payment", "@SUM(A1)", "－2", -500n, "v-2"),
    ];
    const read = await readWorkbook(await statementWorkbook(statementOf({ movements }), { locale: "zh-CN" }));
    const sheet = sheetOf(read, "对账单");
    const header = rowWith(sheet, 1, "行号");
    expect(sheet.getRow(header + 2).getCell(3).value).toBe("'=1+1");
    expect(sheet.getRow(header + 2).getCell(5).value).toBe("'+cmd|' /C calc'!A0");
    expect(sheet.getRow(header + 3).getCell(3).value).toBe("'@SUM(A1)");
    expect(sheet.getRow(header + 3).getCell(5).value).toBe("'－2");
  });

  it("writes the balances as numbers equal to the statement's", () => {
    const sheet = sheetOf(workbook, "对账单");
    const amountNextTo = (label: string): bigint =>
      minorOf(sheet.getRow(rowWith(sheet, 1, label)).getCell(2));
    expect(amountNextTo("期初余额")).toBe(statement.openingMinor);
    expect(amountNextTo("本期借方（应收增加）")).toBe(statement.debitTotalMinor);
    expect(amountNextTo("本期贷方（回款及减少）")).toBe(statement.creditTotalMinor);
    expect(amountNextTo("期末余额")).toBe(statement.closingMinor);
    expect(sheet.getRow(rowWith(sheet, 1, "统一社会信用代码")).getCell(2).value).toBe("91310115MA1H7T2Q4B");
  });

  it("has one row per line, after the opening balance, with the statement's numbers", () => {
    const sheet = sheetOf(workbook, "对账单");
    const header = rowWith(sheet, 1, "行号");
    expect(sheet.getRow(header).getCell(8).value).toBe("余额");
    const opening = sheet.getRow(header + 1);
    expect(opening.getCell(5).value).toBe("期初余额");
    expect(minorOf(opening.getCell(8))).toBe(statement.openingMinor);
    const totals = rowWith(sheet, 5, "本期合计");
    expect(totals - header - 2).toBe(statement.lines.length);
    statement.lines.forEach((line, index) => {
      const row = sheet.getRow(header + 2 + index);
      expect(row.getCell(1).value).toBe(line.seq);
      expect(isoDateOf(row.getCell(2))).toBe(line.date);
      expect(row.getCell(3).value).toBe(line.documentNumber);
      expect(row.getCell(4).value).toBe(statementLabels["zh-CN"].kinds[line.kind]);
      expect(row.getCell(5).value).toBe(line.description);
      if (line.debitMinor === 0n) expect(row.getCell(6).value).toBeNull();
      else expect(minorOf(row.getCell(6))).toBe(line.debitMinor);
      if (line.creditMinor === 0n) expect(row.getCell(7).value).toBeNull();
      else expect(minorOf(row.getCell(7))).toBe(line.creditMinor);
      expect(minorOf(row.getCell(8))).toBe(line.balanceMinor);
    });
    const total = sheet.getRow(totals);
    expect(minorOf(total.getCell(6))).toBe(statement.debitTotalMinor);
    expect(minorOf(total.getCell(7))).toBe(statement.creditTotalMinor);
    expect(minorOf(total.getCell(8))).toBe(statement.closingMinor);
  });

  it("sizes columns for Chinese text", () => {
    const sheet = sheetOf(workbook, "对账单");
    // 统一社会信用代码: eight characters, two units each.
    expect(sheet.getColumn(1).width).toBeGreaterThanOrEqual(16);
    // The longest description, 销售货物：办公家具一批（合同 HT-2025-118 第 50 批）, is 44 units wide.
    expect(sheet.getColumn(5).width).toBeGreaterThanOrEqual(44);
    expect(sheet.getColumn(5).width).toBeLessThanOrEqual(60);
  });

  it("lists the open items and the aging with the statement's numbers", () => {
    const open = sheetOf(workbook, "未清项");
    const header = rowWith(open, 1, "单据号");
    statement.openItems.forEach((item, index) => {
      const row = open.getRow(header + 1 + index);
      expect(row.getCell(1).value).toBe(item.documentNumber);
      expect(isoDateOf(row.getCell(2))).toBe(item.documentDate);
      expect(isoDateOf(row.getCell(3))).toBe(item.dueDate);
      expect(minorOf(row.getCell(4))).toBe(item.openMinor);
      expect(row.getCell(5).value).toBe(item.daysPastDue);
    });
    const openTotal = open.getRow(header + 1 + statement.openItems.length);
    expect(openTotal.getCell(1).value).toBe("合计");
    expect(minorOf(openTotal.getCell(4))).toBe(statement.aging.totalMinor);

    const aging = sheetOf(workbook, "账龄");
    const agingHeader = rowWith(aging, 1, "账龄区间");
    statement.aging.buckets.forEach((bucket, index) => {
      const row = aging.getRow(agingHeader + 1 + index);
      expect(row.getCell(1).value).toBe(agingBucketLabel(bucket, "zh-CN"));
      expect(row.getCell(2).value).toBe(bucket.count);
      expect(minorOf(row.getCell(3))).toBe(bucket.amountMinor);
    });
    expect(minorOf(aging.getRow(rowWith(aging, 1, "合计")).getCell(3))).toBe(statement.aging.totalMinor);
    expect(minorOf(aging.getRow(rowWith(aging, 1, "其中：已逾期")).getCell(3))).toBe(
      statement.aging.overdueMinor,
    );
  });

  it("names sheets and labels in English for the English locale", async () => {
    const read = await readWorkbook(await statementWorkbook(statement, { locale: "en" }));
    expect(read.worksheets.map((sheet) => sheet.name)).toEqual(["Statement", "Open items", "Aging"]);
    const sheet = sheetOf(read, "Statement");
    expect(minorOf(sheet.getRow(rowWith(sheet, 1, "Closing balance")).getCell(2))).toBe(
      statement.closingMinor,
    );
    expect(rowWith(sheet, 5, "Period total") - rowWith(sheet, 1, "No.") - 2).toBe(statement.lines.length);
  });

  it("writes an amount too large for a double's 15 digits as exact text", async () => {
    const huge = xlsxNumberMinorMax + 1n;
    const read = await readWorkbook(
      await statementWorkbook(statementOf({ openingMinor: huge, movements: [] }), { locale: "zh-CN" }),
    );
    const sheet = sheetOf(read, "对账单");
    const opening = sheet.getRow(rowWith(sheet, 1, "期初余额")).getCell(2);
    expect(opening.value).toBe("10,000,000,000,000.00");
    expect(formatMinor(huge, "CNY")).toBe("10000000000000.00");
    const largestNumber = await readWorkbook(
      await statementWorkbook(statementOf({ openingMinor: xlsxNumberMinorMax, movements: [] }), {
        locale: "zh-CN",
      }),
    );
    const exact = sheetOf(largestNumber, "对账单");
    expect(minorOf(exact.getRow(rowWith(exact, 1, "期初余额")).getCell(2))).toBe(xlsxNumberMinorMax);
  });

  it(`accepts exactly statementLinesMax (${statementLinesMax}) lines`, async () => {
    const movements = Array.from({ length: statementLinesMax }, (_, index) =>
      movement(
        dayAfter(periodFrom, index % 90),
        "invoice",
        invoiceNumber(index),
        "销售货物",
        100_00n,
        `v-${index}`,
      ),
    );
    const read = await readWorkbook(await statementWorkbook(statementOf({ movements }), { locale: "zh-CN" }));
    const sheet = sheetOf(read, "对账单");
    expect(rowWith(sheet, 5, "本期合计") - rowWith(sheet, 1, "行号") - 2).toBe(statementLinesMax);
  });
});
