import { parseBusinessDate } from "../core/dates.ts";
import { compare, decimal, divide, parseDecimal } from "../core/decimal.ts";
import type { FieldIssue } from "../core/errors.ts";
import { type InvoiceLineInput, vatRates } from "../domain/receivables/index.ts";
import {
  allocationItemsMax,
  invoiceTextLengthMax,
  type PaymentMethod,
  paymentTextLengthMax,
  taxInvoiceNumberPattern,
} from "../services/receivables/index.ts";
import { readCsv } from "./csv-read.ts";
import { readXlsxTable } from "./customer-sheet.ts";
import type { ExportLanguage } from "./ledger-export.ts";
import {
  sheetIssue as issue,
  precisionLost,
  readSheetRows,
  type SheetLayout,
  tooLong,
} from "./sheet-columns.ts";
import {
  type SheetTemplate,
  sheetTemplateCsv,
  sheetTemplateXlsx,
  type TemplateColumn,
} from "./sheet-template.ts";

/**
 * Invoices and payments received as import sheets, one row per invoice line or per payment, with
 * headers in Chinese or English. Pure: cells to typed rows with every problem a row shows by
 * itself; checks against the organization (customer codes, terms, today, open items) live in
 * services/receivables-import.ts. Also the templates to download, with example rows.
 */

/** Invoice lines one file may hold: a month of a busy sales ledger. */
export const invoiceImportLinesMax = 20_000;
/** Payments one file may hold. */
export const paymentImportRowsMax = 20_000;

export const receivablesSheetFormats = ["csv", "xlsx"] as const;
export type ReceivablesSheetFormat = (typeof receivablesSheetFormats)[number];

/** The file's own key for an invoice, never stored; long enough for any ERP's order number. */
const referenceLengthMax = 64;
/** The API's bound for customer codes (src/api/routes/customers.ts). */
const customerCodeLengthMax = 32;
/** The API's bound for payment terms codes. */
const termsCodeLengthMax = 32;
/** The API's bound for payer names and bank references. */
const payerTextLengthMax = 200;
/** Longest number text read: far beyond any amount, short enough to never cost anything. */
const numberTextLengthMax = 40;

// ---------------------------------------------------------------------------------------------
// Cells

/**
 * A date as people type it in a Chinese spreadsheet: 2026-11-05, 2026/11/5 (what Excel in a
 * Chinese locale writes into a CSV), 2026.11.5 or 2026年11月5日. Year first always, so nothing
 * is guessed; an Excel date cell arrives as YYYY-MM-DD already (`readXlsxTable`).
 */
const datePattern = /^([0-9]{4})\s*[-/.年]\s*([0-9]{1,2})\s*[-/.月]\s*([0-9]{1,2})\s*日?$/;

/** The date as YYYY-MM-DD, or null when the text is not a real day. */
export function sheetDate(text: string): string | null {
  const match = datePattern.exec(text.normalize("NFKC"));
  if (match === null) return null;
  const [, year = "", month = "", day = ""] = match;
  const iso = `${year}-${month.padStart(2, "0")}-${day.padStart(2, "0")}`;
  try {
    parseBusinessDate(iso);
    return iso;
  } catch {
    return null;
  }
}

/** 1,234,567.89: commas only between groups of three digits, so a decimal comma is never misread. */
const groupedNumber = /^[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?$/;
const plainNumber = /^[0-9]+(\.[0-9]+)?$/;

/**
 * A non-negative decimal as canonical text (`1234567.89`), or null. Full-width digits and commas
 * (typed with a Chinese input method) count as their ASCII forms; thousands separators go. A sign,
 * an exponent or a currency symbol is refused rather than guessed at.
 */
export function sheetNumber(text: string): string | null {
  const normalized = text.normalize("NFKC").replace(/\s+/g, "");
  if (normalized.length > numberTextLengthMax) return null;
  const ungrouped = groupedNumber.test(normalized) ? normalized.replaceAll(",", "") : normalized;
  return plainNumber.test(ungrouped) ? ungrouped : null;
}

/** Rates without a percent sign from 1 up are percentages: "13" is 13 %, as a 发票 prints it. */
const percentFrom = decimal(1n);
const hundred = decimal(100n);
/** Words for a line without tax: 免税 (exempt) and 不征税 (out of scope) carry rate 0 on a 发票. */
const zeroRateWords: ReadonlySet<string> = new Set(["免税", "不征税", "exempt"]);

/**
 * A VAT rate as `vatRates` spells it: "13%", "13", "0.13" and an Excel percentage cell (0.13) are
 * all "0.13"; 免税 is "0". Null for anything else, including rates that are not in force.
 */
export function sheetVatRate(text: string): string | null {
  const normalized = text.normalize("NFKC").replace(/\s+/g, "").toLowerCase();
  if (zeroRateWords.has(normalized)) return "0";
  const percent = normalized.endsWith("%");
  const digits = sheetNumber(percent ? normalized.slice(0, -1) : normalized);
  if (digits === null) return null;
  const value = parseDecimal(digits);
  const rate = percent || compare(value, percentFrom) >= 0 ? divide(value, hundred) : value;
  return vatRates.find((allowed) => compare(parseDecimal(allowed), rate) === 0) ?? null;
}

const yesWords: ReadonlySet<string> = new Set(["是", "yes", "true", "y"]);
const noWords: ReadonlySet<string> = new Set(["否", "no", "false", "n"]);

/** 是/否, yes/no, true/false (an Excel boolean cell reads as true/false); empty means `fallback`. */
function sheetYesNo(text: string, fallback: boolean): boolean | null {
  const word = text.normalize("NFKC").trim().toLowerCase();
  if (word === "") return fallback;
  if (yesWords.has(word)) return true;
  if (noWords.has(word)) return false;
  return null;
}

const orNull = (value: string): string | null => (value === "" ? null : value);

function dateCell(path: string, text: string, required: boolean, issues: FieldIssue[]): string | null {
  if (text === "") {
    if (required) issues.push(issue(path, "REQUIRED", "required"));
    return null;
  }
  const date = sheetDate(text);
  if (date === null) {
    issues.push(issue(path, "INVALID_DATE", `${text} is not a date; write it as YYYY-MM-DD (2026-11-05)`));
  }
  return date;
}

function requiredText(path: string, text: string, lengthMax: number, issues: FieldIssue[]): string {
  if (text === "") issues.push(issue(path, "REQUIRED", "required"));
  issues.push(...tooLong(path, text, lengthMax));
  return text;
}

// ---------------------------------------------------------------------------------------------
// Invoices

export const invoiceColumnKeys = [
  "reference",
  "customerCode",
  "documentDate",
  "termsCode",
  "taxInclusive",
  "description",
  "quantity",
  "unitPrice",
  "vatRate",
  "taxInvoiceNumber",
  "taxInvoiceDate",
  "note",
] as const;
export type InvoiceColumnKey = (typeof invoiceColumnKeys)[number];

const invoiceColumns: ReadonlyArray<TemplateColumn<InvoiceColumnKey>> = [
  { key: "reference", zh: "单据号", en: "reference", aliases: ["单号"], width: 14, identifier: true },
  {
    key: "customerCode",
    zh: "客户编码",
    en: "customerCode",
    aliases: ["客户代码"],
    width: 14,
    identifier: true,
  },
  { key: "documentDate", zh: "开票日期", en: "documentDate", width: 12, identifier: false },
  { key: "termsCode", zh: "付款条件", en: "termsCode", width: 12, identifier: true },
  { key: "taxInclusive", zh: "含税", en: "taxInclusive", aliases: ["是否含税"], width: 8, identifier: false },
  {
    key: "description",
    zh: "商品或服务",
    en: "description",
    // The column's name on a 发票 (货物或应税劳务、服务名称) and on 数电票 (项目名称).
    aliases: ["货物或应税劳务、服务名称", "项目名称", "商品名称"],
    width: 32,
    identifier: false,
  },
  { key: "quantity", zh: "数量", en: "quantity", width: 10, identifier: false },
  { key: "unitPrice", zh: "单价", en: "unitPrice", width: 12, identifier: false },
  { key: "vatRate", zh: "税率", en: "vatRate", aliases: ["税率/征收率"], width: 8, identifier: false },
  { key: "taxInvoiceNumber", zh: "发票号码", en: "taxInvoiceNumber", width: 22, identifier: true },
  { key: "taxInvoiceDate", zh: "发票日期", en: "taxInvoiceDate", width: 12, identifier: false },
  { key: "note", zh: "备注", en: "note", width: 30, identifier: false },
];

const invoiceLayout: SheetLayout<InvoiceColumnKey> = {
  columns: invoiceColumns,
  // Price and rate are required columns too: an invoice without them cannot be priced or taxed.
  required: ["reference", "customerCode", "documentDate", "description", "unitPrice", "vatRate"],
  rowsNoun: "invoice lines",
  rowsMax: invoiceImportLinesMax,
};

/** One row: one line of an invoice, with the invoice's fields repeated. */
export interface InvoiceSheetRow {
  /** The row as Excel numbers it: the header is row 1. */
  readonly rowNumber: number;
  readonly reference: string;
  readonly customerCode: string;
  /** YYYY-MM-DD, or null when missing or not a date (then an issue says so). */
  readonly documentDate: string | null;
  /** Null: the customer's own terms. */
  readonly termsCode: string | null;
  readonly taxInclusive: boolean;
  /** Quantity and price as canonical decimal text (the raw text when it is not a number), rate as `vatRates` spells it. */
  readonly line: InvoiceLineInput;
  readonly taxInvoiceNumber: string | null;
  readonly taxInvoiceDate: string | null;
  readonly note: string | null;
  readonly issues: ReadonlyArray<FieldIssue>;
}

/** The rows that share a reference: one invoice, its lines in file order. */
export interface InvoiceSheetDocument {
  readonly reference: string;
  readonly rows: ReadonlyArray<InvoiceSheetRow>;
  /** The first 备注 given on any of its rows. */
  readonly note: string | null;
}

export interface ParsedInvoiceSheet {
  /** In file order; blank rows are left out. Empty when `fileIssues` is not. */
  readonly rows: ReadonlyArray<InvoiceSheetRow>;
  /** In the order their first rows appear. */
  readonly documents: ReadonlyArray<InvoiceSheetDocument>;
  readonly fileIssues: ReadonlyArray<FieldIssue>;
}

function invoiceRowOf(rowNumber: number, cells: ReadonlyMap<InvoiceColumnKey, string>): InvoiceSheetRow {
  const text = (key: InvoiceColumnKey) => cells.get(key) ?? "";
  const issues: FieldIssue[] = [];

  const reference = requiredText("reference", text("reference"), referenceLengthMax, issues);
  issues.push(...precisionLost("reference", reference));
  const customerCode = requiredText("customerCode", text("customerCode"), customerCodeLengthMax, issues);
  issues.push(...precisionLost("customerCode", customerCode));
  const documentDate = dateCell("documentDate", text("documentDate"), true, issues);
  const termsCode = orNull(text("termsCode"));
  if (termsCode !== null) issues.push(...tooLong("termsCode", termsCode, termsCodeLengthMax));

  const taxInclusive = sheetYesNo(text("taxInclusive"), false);
  if (taxInclusive === null) {
    issues.push(issue("taxInclusive", "INVALID_CHOICE", "是 or 否 (yes or no); empty means 否"));
  }

  // Description, quantity and price are checked with the rest of the invoice's lines
  // (checkInvoiceLines, in the service); only what the sheet adds is checked here.
  const description = text("description");
  const quantityText = text("quantity");
  const quantity = quantityText === "" ? "1" : (sheetNumber(quantityText) ?? quantityText);
  const unitPriceText = text("unitPrice");
  if (unitPriceText === "") issues.push(issue("unitPrice", "REQUIRED", "required"));
  const unitPrice = sheetNumber(unitPriceText) ?? unitPriceText;
  const vatRateText = text("vatRate");
  const vatRate = vatRateText === "" ? null : sheetVatRate(vatRateText);
  if (vatRateText === "") issues.push(issue("vatRate", "REQUIRED", "required"));
  else if (vatRate === null) {
    issues.push(
      issue(
        "vatRate",
        "INVALID_VAT_RATE",
        `${vatRateText} is not a VAT rate in force; one of 13%, 9%, 6%, 5%, 3%, 1%, 0% (免税)`,
      ),
    );
  }

  const taxInvoiceNumber = orNull(text("taxInvoiceNumber"));
  if (taxInvoiceNumber !== null) {
    const lost = precisionLost("taxInvoiceNumber", taxInvoiceNumber);
    issues.push(...lost);
    if (lost.length === 0 && !taxInvoiceNumberPattern.test(taxInvoiceNumber)) {
      issues.push(issue("taxInvoiceNumber", "INVALID_FORMAT", "8 or 20 digits (发票号码)"));
    }
  }
  const taxInvoiceDate = dateCell("taxInvoiceDate", text("taxInvoiceDate"), false, issues);
  if ((taxInvoiceNumber === null) !== (text("taxInvoiceDate") === "")) {
    issues.push(
      issue(
        taxInvoiceNumber === null ? "taxInvoiceNumber" : "taxInvoiceDate",
        "REQUIRED",
        "发票号码 and 发票日期 go together",
      ),
    );
  }
  const note = orNull(text("note"));
  if (note !== null) issues.push(...tooLong("note", note, invoiceTextLengthMax));

  return {
    rowNumber,
    reference,
    customerCode,
    documentDate,
    termsCode,
    taxInclusive: taxInclusive ?? false,
    line: { description, quantity, unitPrice, vatRate: vatRate ?? vatRateText },
    taxInvoiceNumber,
    taxInvoiceDate,
    note,
    issues,
  };
}

/** The fields every row of an invoice repeats, as they compare and as a message shows them. */
const sharedFields: ReadonlyArray<{
  readonly path: InvoiceColumnKey;
  readonly value: (row: InvoiceSheetRow) => string;
}> = [
  { path: "customerCode", value: (row) => row.customerCode },
  { path: "documentDate", value: (row) => row.documentDate ?? "" },
  // Terms codes are looked up without regard to case (see the service).
  { path: "termsCode", value: (row) => row.termsCode?.toUpperCase() ?? "" },
  { path: "taxInclusive", value: (row) => (row.taxInclusive ? "是" : "否") },
  { path: "taxInvoiceNumber", value: (row) => row.taxInvoiceNumber ?? "" },
  { path: "taxInvoiceDate", value: (row) => row.taxInvoiceDate ?? "" },
];

/**
 * Rows of one reference must agree on the invoice's fields; a row that differs from the first row
 * of its reference gets an issue at each field that differs (unless the field is already wrong by
 * itself). 备注 may be given on one row only, but two different notes are a disagreement too.
 */
function disagreements(rows: ReadonlyArray<InvoiceSheetRow>): Map<number, FieldIssue[]> {
  const found = new Map<number, FieldIssue[]>();
  const [first, ...rest] = rows;
  if (first === undefined) return found;
  const faulty = (row: InvoiceSheetRow, path: string) => row.issues.some((i) => i.path === path);
  const firstNote = rows.find((row) => row.note !== null);
  for (const row of rest) {
    const issues: FieldIssue[] = [];
    for (const field of sharedFields) {
      if (faulty(row, field.path) || faulty(first, field.path)) continue;
      const expected = field.value(first);
      if (field.value(row) !== expected) {
        issues.push(
          issue(
            field.path,
            "INCONSISTENT",
            `differs from row ${first.rowNumber} of ${first.reference} (${expected === "" ? "empty" : expected}); the rows of one invoice must agree`,
          ),
        );
      }
    }
    if (row.note !== null && firstNote !== undefined && row !== firstNote && row.note !== firstNote.note) {
      issues.push(
        issue(
          "note",
          "INCONSISTENT",
          `differs from the note in row ${firstNote.rowNumber} of ${first.reference}; give an invoice's note once`,
        ),
      );
    }
    if (issues.length > 0) found.set(row.rowNumber, issues);
  }
  return found;
}

/**
 * Rows of an invoice file as invoices: rows with the same 单据号 (anywhere in the file) are the
 * lines of one invoice, in file order. A row without a reference stands alone (and is invalid).
 */
export function parseInvoiceRows(table: ReadonlyArray<ReadonlyArray<string>>): ParsedInvoiceSheet {
  const sheet = readSheetRows(table, invoiceLayout);
  if (sheet.fileIssues.length > 0) return { rows: [], documents: [], fileIssues: sheet.fileIssues };
  const parsed = sheet.rows.map((row) => invoiceRowOf(row.rowNumber, row.cells));
  const groups = new Map<string, InvoiceSheetRow[]>();
  for (const row of parsed) {
    const key = row.reference === "" ? `\u0000${row.rowNumber}` : row.reference;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [row]);
    else group.push(row);
  }
  const extra = new Map<number, FieldIssue[]>();
  for (const group of groups.values()) {
    for (const [rowNumber, issues] of disagreements(group)) extra.set(rowNumber, issues);
  }
  const withExtra = (row: InvoiceSheetRow): InvoiceSheetRow => {
    const more = extra.get(row.rowNumber);
    return more === undefined ? row : { ...row, issues: [...row.issues, ...more] };
  };
  const documents = [...groups.values()].map((group) => {
    const rows = group.map(withExtra);
    return {
      reference: rows[0]?.reference ?? "",
      rows,
      note: rows.find((row) => row.note !== null)?.note ?? null,
    };
  });
  return { rows: parsed.map(withExtra), documents, fileIssues: [] };
}

// ---------------------------------------------------------------------------------------------
// Payments

export const paymentColumnKeys = [
  "customerCode",
  "receivedDate",
  "amount",
  "method",
  "payerName",
  "reference",
  "note",
  "allocation",
  "invoiceNumbers",
] as const;
export type PaymentColumnKey = (typeof paymentColumnKeys)[number];

const paymentColumns: ReadonlyArray<TemplateColumn<PaymentColumnKey>> = [
  {
    key: "customerCode",
    zh: "客户编码",
    en: "customerCode",
    aliases: ["客户代码"],
    width: 14,
    identifier: true,
  },
  {
    key: "receivedDate",
    zh: "收款日期",
    en: "receivedDate",
    aliases: ["到账日期"],
    width: 12,
    identifier: false,
  },
  { key: "amount", zh: "金额", en: "amount", aliases: ["收款金额"], width: 14, identifier: false },
  { key: "method", zh: "收款方式", en: "method", aliases: ["结算方式"], width: 14, identifier: false },
  { key: "payerName", zh: "付款人", en: "payerName", aliases: ["付款方"], width: 28, identifier: false },
  { key: "reference", zh: "摘要", en: "reference", width: 24, identifier: false },
  { key: "note", zh: "备注", en: "note", width: 30, identifier: false },
  { key: "allocation", zh: "核销", en: "allocation", aliases: ["核销方式"], width: 14, identifier: false },
  { key: "invoiceNumbers", zh: "核销单据", en: "invoiceNumbers", width: 28, identifier: true },
];

const paymentLayout: SheetLayout<PaymentColumnKey> = {
  columns: paymentColumns,
  required: ["customerCode", "receivedDate", "amount"],
  rowsNoun: "payments",
  rowsMax: paymentImportRowsMax,
};

/**
 * How a payment of the file is applied: oldest_first (the default), proportional, none (kept as
 * the payer's unapplied money, 预收), or chosen (the documents named in 核销单据, in that order).
 */
export const paymentAllocationChoices = ["oldest_first", "proportional", "none", "chosen"] as const;
export type PaymentAllocationChoice = (typeof paymentAllocationChoices)[number];

/** Labels compare in lower case with spaces and hyphens as underscores: "Bank transfer" is bank_transfer. */
const labelKey = (text: string) =>
  text
    .normalize("NFKC")
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_");

const methodByLabel: ReadonlyMap<string, PaymentMethod> = new Map([
  ["银行转账", "bank_transfer"],
  ["转账", "bank_transfer"],
  ["电汇", "bank_transfer"],
  ["bank_transfer", "bank_transfer"],
  ["支票", "cheque"],
  ["cheque", "cheque"],
  ["check", "cheque"],
  ["现金", "cash"],
  ["cash", "cash"],
  ["银行承兑汇票", "bank_acceptance_draft"],
  ["银承", "bank_acceptance_draft"],
  ["承兑汇票", "bank_acceptance_draft"],
  ["bank_acceptance_draft", "bank_acceptance_draft"],
  ["线上", "online"],
  ["线上支付", "online"],
  ["online", "online"],
]);

const allocationByLabel: ReadonlyMap<string, PaymentAllocationChoice> = new Map([
  ["先到期先核销", "oldest_first"],
  ["oldest_first", "oldest_first"],
  ["按比例", "proportional"],
  ["按比例核销", "proportional"],
  ["proportional", "proportional"],
  ["不核销", "none"],
  ["none", "none"],
  ["指定单据", "chosen"],
  ["chosen", "chosen"],
]);

/** Document numbers in one cell, as people separate them: `;` `；` `,` `，` `、` or spaces. */
const numberSeparators = /[;；,，、\s]+/;

export interface PaymentSheetRow {
  readonly rowNumber: number;
  readonly customerCode: string;
  readonly receivedDate: string | null;
  /** Canonical decimal text in major units (`1234.5`), or null when missing or not an amount above 0. */
  readonly amount: string | null;
  readonly method: PaymentMethod;
  readonly payerName: string | null;
  readonly reference: string | null;
  readonly note: string | null;
  readonly allocation: PaymentAllocationChoice;
  /** The document numbers of 核销单据 in the given order, each once; empty unless `allocation` is chosen. */
  readonly invoiceNumbers: ReadonlyArray<string>;
  readonly issues: ReadonlyArray<FieldIssue>;
}

export interface ParsedPaymentSheet {
  readonly rows: ReadonlyArray<PaymentSheetRow>;
  readonly fileIssues: ReadonlyArray<FieldIssue>;
}

function paymentRowOf(rowNumber: number, cells: ReadonlyMap<PaymentColumnKey, string>): PaymentSheetRow {
  const text = (key: PaymentColumnKey) => cells.get(key) ?? "";
  const issues: FieldIssue[] = [];

  const customerCode = requiredText("customerCode", text("customerCode"), customerCodeLengthMax, issues);
  issues.push(...precisionLost("customerCode", customerCode));
  const receivedDate = dateCell("receivedDate", text("receivedDate"), true, issues);

  const amountText = text("amount");
  let amount = amountText === "" ? null : sheetNumber(amountText);
  if (amountText === "") issues.push(issue("amount", "REQUIRED", "required"));
  else if (amount === null || compare(parseDecimal(amount), decimal(0n)) <= 0) {
    issues.push(issue("amount", "INVALID_AMOUNT", `${amountText} is not an amount above 0 (1,234.50)`));
    amount = null;
  }

  const methodText = text("method");
  const method = methodText === "" ? "bank_transfer" : methodByLabel.get(labelKey(methodText));
  if (method === undefined) {
    issues.push(
      issue(
        "method",
        "INVALID_CHOICE",
        "银行转账, 支票, 现金, 银行承兑汇票 or 线上 (bank_transfer, cheque, cash, bank_acceptance_draft, online); empty means 银行转账",
      ),
    );
  }

  const payerName = orNull(text("payerName"));
  if (payerName !== null) issues.push(...tooLong("payerName", payerName, payerTextLengthMax));
  const reference = orNull(text("reference"));
  if (reference !== null) issues.push(...tooLong("reference", reference, payerTextLengthMax));
  const note = orNull(text("note"));
  if (note !== null) issues.push(...tooLong("note", note, paymentTextLengthMax));

  const invoiceNumbers = [
    ...new Set(
      text("invoiceNumbers")
        .normalize("NFKC")
        .split(numberSeparators)
        .map((number) => number.trim().toUpperCase())
        .filter((number) => number !== ""),
    ),
  ];
  if (invoiceNumbers.length > allocationItemsMax) {
    issues.push(issue("invoiceNumbers", "TOO_MANY", `at most ${allocationItemsMax} documents`));
  }
  const allocationText = text("allocation");
  const named = allocationText === "" ? undefined : allocationByLabel.get(labelKey(allocationText));
  let allocation: PaymentAllocationChoice = invoiceNumbers.length > 0 ? "chosen" : "oldest_first";
  if (allocationText !== "" && named === undefined) {
    issues.push(
      issue(
        "allocation",
        "INVALID_CHOICE",
        "先到期先核销, 按比例, 不核销 or 指定单据 (oldest_first, proportional, none, chosen); empty means 先到期先核销, or 指定单据 when 核销单据 names documents",
      ),
    );
  } else if (named !== undefined) {
    allocation = named;
    if (named === "chosen" && invoiceNumbers.length === 0) {
      issues.push(issue("invoiceNumbers", "REQUIRED", "指定单据 (chosen) needs the documents to apply to"));
    }
    if (named !== "chosen" && invoiceNumbers.length > 0) {
      issues.push(
        issue(
          "allocation",
          "CONFLICT",
          `${allocationText} does not go with 核销单据; leave 核销 empty to apply to the documents named`,
        ),
      );
    }
  }

  return {
    rowNumber,
    customerCode,
    receivedDate,
    amount,
    method: method ?? "bank_transfer",
    payerName,
    reference,
    note,
    allocation,
    invoiceNumbers: allocation === "chosen" ? invoiceNumbers : [],
    issues,
  };
}

/** Rows of a payment file as payments, one per row, in file order. */
export function parsePaymentRows(table: ReadonlyArray<ReadonlyArray<string>>): ParsedPaymentSheet {
  const sheet = readSheetRows(table, paymentLayout);
  if (sheet.fileIssues.length > 0) return { rows: [], fileIssues: sheet.fileIssues };
  return { rows: sheet.rows.map((row) => paymentRowOf(row.rowNumber, row.cells)), fileIssues: [] };
}

// ---------------------------------------------------------------------------------------------
// Reading files

/** A CSV (UTF-8 or GB18030) or the first sheet of an XLSX workbook, at most `dataRowsMax` rows below the header. */
async function readTable(
  format: ReceivablesSheetFormat,
  bytes: Uint8Array,
  dataRowsMax: number,
): Promise<string[][]> {
  switch (format) {
    case "csv":
      return readCsv(bytes, dataRowsMax).table;
    case "xlsx":
      return readXlsxTable(bytes, dataRowsMax);
  }
}

export async function readInvoiceSheet(
  format: ReceivablesSheetFormat,
  bytes: Uint8Array,
): Promise<ParsedInvoiceSheet> {
  return parseInvoiceRows(await readTable(format, bytes, invoiceImportLinesMax));
}

export async function readPaymentSheet(
  format: ReceivablesSheetFormat,
  bytes: Uint8Array,
): Promise<ParsedPaymentSheet> {
  return parsePaymentRows(await readTable(format, bytes, paymentImportRowsMax));
}

// ---------------------------------------------------------------------------------------------
// Templates

const invoiceGuides: SheetTemplate<InvoiceColumnKey>["guides"] = {
  reference: {
    "zh-CN":
      "必填。文件内的单据号：单据号相同的各行是同一张发票的各个明细行。不会保存，发票编号由系统按顺序生成（INV-000001）。",
    en: "Required. The file's own key: rows with the same reference are the lines of one invoice. Not stored; the system numbers invoices in sequence (INV-000001).",
  },
  customerCode: {
    "zh-CN": "必填。客户编码，须是已有客户。",
    en: "Required. The code of an existing customer.",
  },
  documentDate: {
    "zh-CN": "必填。开票日期 YYYY-MM-DD（或 Excel 日期），不能晚于今天。",
    en: "Required. The invoice date, YYYY-MM-DD (or an Excel date); not after today.",
  },
  termsCode: {
    "zh-CN": "付款条件代码（如 NET30、EOM30、SPLIT30-70）；留空则用客户的信用账期。",
    en: "A payment terms code (NET30, EOM30, SPLIT30-70, …); empty means the customer's credit terms.",
  },
  taxInclusive: {
    "zh-CN": "单价是否含税：是 或 否；留空为否。",
    en: "Whether unit prices include VAT: yes or no (是/否); empty means no.",
  },
  description: {
    "zh-CN": "必填。商品或服务名称，最多 200 个字符。",
    en: "Required. The goods or service, at most 200 characters.",
  },
  quantity: {
    "zh-CN": "数量，大于 0，最多 8 位小数；留空为 1。",
    en: "Quantity above 0 with at most 8 decimals; empty means 1.",
  },
  unitPrice: {
    "zh-CN": "必填。单价，可带千位分隔符（1,200.00）。",
    en: "Required. Unit price; thousands separators are allowed (1,200.00).",
  },
  vatRate: {
    "zh-CN": "必填。税率：13%、9%、6%、5%、3%、1% 或 0%（免税）；写 13、13% 或 0.13 均可。",
    en: "Required. VAT rate: 13%, 9%, 6%, 5%, 3%, 1% or 0% (exempt); 13, 13% and 0.13 all mean 13 %.",
  },
  taxInvoiceNumber: {
    "zh-CN": "发票号码（8 位或数电票 20 位），与发票日期一起填写；请把该列设为文本格式。",
    en: "The 发票 number (8 digits, or 20 on a fully digital invoice), together with its date; keep the column as text.",
  },
  taxInvoiceDate: {
    "zh-CN": "发票日期，与发票号码一起填写。",
    en: "The 发票's date, together with its number.",
  },
  note: {
    "zh-CN": "备注，最多 500 个字符；同一张发票只需填一次。",
    en: "A note, at most 500 characters; once per invoice is enough.",
  },
};

const paymentGuides: SheetTemplate<PaymentColumnKey>["guides"] = {
  customerCode: {
    "zh-CN": "必填。付款客户的编码（集团代付时为付款的总部）。",
    en: "Required. The paying customer's code (the head office when it pays for its branches).",
  },
  receivedDate: {
    "zh-CN": "必填。到账日期 YYYY-MM-DD，不能晚于今天。",
    en: "Required. The day the money arrived, YYYY-MM-DD; not after today.",
  },
  amount: {
    "zh-CN": "必填。收款金额，大于 0，可带千位分隔符（12,345.60）。",
    en: "Required. The amount received, above 0; thousands separators are allowed (12,345.60).",
  },
  method: {
    "zh-CN": "银行转账、支票、现金、银行承兑汇票 或 线上；留空为银行转账。",
    en: "bank_transfer, cheque, cash, bank_acceptance_draft or online (or the Chinese names); empty means bank_transfer.",
  },
  payerName: { "zh-CN": "银行回单上的付款人名称。", en: "The payer's name as the bank shows it." },
  reference: { "zh-CN": "摘要或附言，如回单号。", en: "The bank's reference or the payer's memo." },
  note: { "zh-CN": "备注，最多 500 个字符。", en: "A note, at most 500 characters." },
  allocation: {
    "zh-CN":
      "先到期先核销（默认）、按比例 或 不核销（留作预收）。在折扣期内自动享受现金折扣，容差内的尾差自动核销。",
    en: "oldest_first (the default), proportional or none (kept as an advance). Cash discounts in their window are taken and a shortfall within the tolerance is written off.",
  },
  invoiceNumbers: {
    "zh-CN":
      "指定核销的单据号，用 ; 或 ， 分隔，按顺序核销（INV-000012 核销整张发票，INV-000012/2 只核销第 2 期）；填写时核销列留空。",
    en: "The documents to apply to, separated by ; or , and applied in that order (INV-000012 is the whole invoice, INV-000012/2 its second portion); leave allocation empty then.",
  },
};

const closing = (zh: string, en: string): SheetTemplate<string>["closing"] => ({
  "zh-CN": [
    zh,
    "任何一行有误或被拒绝（如信用检查未通过）时，默认不导入任何行；可选择只导入正确的行。导入前请删除示例行。",
  ],
  en: [
    en,
    "By default nothing is imported while any row is invalid or refused (a credit check that blocks, say); you may choose to import the valid rows only. Delete the example rows before importing.",
  ],
});

/**
 * The examples name customers that cannot be mistaken for real ones (示例客户A), so an unedited
 * template refuses to import instead of invoicing somebody.
 */
const exampleCustomers = (language: ExportLanguage) =>
  language === "zh-CN" ? (["示例客户A", "示例客户B"] as const) : (["EXAMPLE-A", "EXAMPLE-B"] as const);

function invoiceTemplate(language: ExportLanguage, today: string): SheetTemplate<InvoiceColumnKey> {
  const [a, b] = exampleCustomers(language);
  const zh = language === "zh-CN";
  const yes = zh ? "是" : "yes";
  const no = zh ? "否" : "no";
  return {
    columns: invoiceColumns,
    sheetName: { "zh-CN": "发票", en: "Invoices" },
    guides: invoiceGuides,
    closing: closing(
      "第一行是列名（中文或英文均可），之后每行一个发票明细行；单据号相同的行合成一张发票，各行的客户、日期、付款条件、含税和发票号码须一致。每张发票导入后即开具（含信用检查），也可选择只生成草稿。",
      "The first row names the columns (Chinese or English headers); then one invoice line per row. Rows with the same reference make one invoice and must agree on customer, dates, terms, tax-inclusive and 发票 number. Each invoice is issued as it is imported (credit check included), or created as a draft on request.",
    ),
    examples: [
      {
        reference: "S-001",
        customerCode: a,
        documentDate: today,
        taxInclusive: no,
        description: zh ? "钢材 Q235" : "Steel Q235",
        quantity: "2",
        unitPrice: "1,500.00",
        vatRate: "13%",
      },
      {
        reference: "S-001",
        customerCode: a,
        documentDate: today,
        taxInclusive: no,
        description: zh ? "运输服务" : "Freight",
        quantity: "1",
        unitPrice: "200.00",
        vatRate: "9%",
      },
      {
        reference: "S-002",
        customerCode: b,
        documentDate: today,
        termsCode: "NET60",
        taxInclusive: yes,
        description: zh ? "技术服务费" : "Technical services",
        quantity: "1",
        unitPrice: "10,600.00",
        vatRate: "6%",
        note: zh ? "含税价" : "Prices include VAT",
      },
    ],
  };
}

function paymentTemplate(language: ExportLanguage, today: string): SheetTemplate<PaymentColumnKey> {
  const [a, b] = exampleCustomers(language);
  const zh = language === "zh-CN";
  return {
    columns: paymentColumns,
    sheetName: { "zh-CN": "收款", en: "Payments" },
    guides: paymentGuides,
    closing: closing(
      "第一行是列名（中文或英文均可），之后每行一笔收款。每笔收款入账后按核销列核销客户的未结项。",
      "The first row names the columns (Chinese or English headers); then one payment per row. Each payment is recorded and applied to the customer's open items as the allocation column says.",
    ),
    examples: [
      {
        customerCode: a,
        receivedDate: today,
        amount: "3,590.00",
        method: zh ? "银行转账" : "bank_transfer",
        payerName: zh ? "示例客户A有限公司" : "Example A Ltd.",
        reference: zh ? "货款" : "Payment for goods",
        allocation: zh ? "先到期先核销" : "oldest_first",
      },
      {
        customerCode: b,
        receivedDate: today,
        amount: "10,600.00",
        method: zh ? "银行承兑汇票" : "bank_acceptance_draft",
        invoiceNumbers: "INV-000002",
      },
      {
        customerCode: b,
        receivedDate: today,
        amount: "5,000.00",
        method: zh ? "现金" : "cash",
        reference: zh ? "预收款" : "Advance",
        allocation: zh ? "不核销" : "none",
      },
    ],
  };
}

/** `today` dates the examples, so that they pass the date checks once real customers are filled in. */
export function invoiceTemplateCsv(language: ExportLanguage, today: string): string {
  return sheetTemplateCsv(invoiceTemplate(language, today), language);
}

export function invoiceTemplateXlsx(language: ExportLanguage, today: string): Promise<Buffer> {
  return sheetTemplateXlsx(invoiceTemplate(language, today), language);
}

export function paymentTemplateCsv(language: ExportLanguage, today: string): string {
  return sheetTemplateCsv(paymentTemplate(language, today), language);
}

export function paymentTemplateXlsx(language: ExportLanguage, today: string): Promise<Buffer> {
  return sheetTemplateXlsx(paymentTemplate(language, today), language);
}
