import { once } from "node:events";
import type { Stream } from "node:stream";
import ExcelJS from "exceljs";
import { currencyScale as isoCurrencyScale } from "../core/currency.ts";
import { assert } from "../core/errors.ts";
import { type Account, type AccountType, voucherWord } from "../domain/ledger/index.ts";
import type { LineView, TrialBalance, VoucherView } from "../services/ledger/index.ts";
import { csvRow, neutralizeFormula, utf8Bom } from "./spreadsheet-safety.ts";

/**
 * Exports of the journal (序时账) and the trial balance (科目余额表): an hledger journal, CSV and
 * XLSX tables, and a voucher file in the layout Chinese accounting software imports. Pure and
 * streaming: vouchers arrive as an async iterable (one page of `listJournal` at a time) and
 * leave as text chunks or through a writable stream, so a million lines never sit in memory.
 * docs/ledger-exports.md describes every format column by column.
 */

export type ExportLanguage = "zh-CN" | "en";

export interface LedgerExportInput {
  /** The organization's whole chart, parents included: hledger's account tree is built from it. */
  readonly accounts: ReadonlyArray<Account>;
  readonly vouchers: AsyncIterable<VoucherView>;
  /** Decimal places of a currency's minor unit (`currencyScale` of core/currency.ts). */
  readonly currencyScale: (currency: string) => number;
  /**
   * Currencies declared as hledger commodities before the first transaction (the organization's
   * base currency at least). A currency met later is declared just before its first use.
   */
  readonly currencies: ReadonlyArray<string>;
  readonly language: ExportLanguage;
}

/** What the journal tables (CSV, XLSX) need: no chart, line views carry their account names. */
export type JournalTableInput = Pick<LedgerExportInput, "vouchers" | "currencyScale" | "language">;

export interface VoucherImportInput extends Pick<LedgerExportInput, "vouchers" | "currencyScale"> {
  /** 本位币: its lines get 汇率 1; other currencies' lines get no rate (see docs/ledger-exports.md). */
  readonly baseCurrency: string;
}

/** Excel's (and WPS's) hard limit of rows in one worksheet; a longer journal continues on another sheet. */
export const xlsxSheetRowsMax = 1_048_576;
/** Rows written between two looks at the output's backpressure. */
const xlsxRowsPerDrainCheck = 1000;
/** Currency scales that decimal text supports; ISO 4217 has nothing above 4 (CLF). */
const scaleMax = 18;

// ---------------------------------------------------------------------------------------------
// Amounts

/** Exact decimal text of a minor-unit amount: "-1130.00" at scale 2, "-1130" at scale 0. */
function decimalText(amountMinor: bigint, scale: number): string {
  assert(Number.isInteger(scale) && scale >= 0 && scale <= scaleMax, `currency scale ${scale} out of range`);
  const negative = amountMinor < 0n;
  const digits = (negative ? -amountMinor : amountMinor).toString().padStart(scale + 1, "0");
  const sign = negative ? "-" : "";
  if (scale === 0) return `${sign}${digits}`;
  return `${sign}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}

/** Excel number format with the currency's decimals and thousands separators. */
export function amountFormat(scale: number): string {
  return scale === 0 ? "#,##0" : `#,##0.${"0".repeat(scale)}`;
}

/**
 * Debits equal credits per currency, and no side is negative. Vouchers were checked when posted;
 * they are checked again as they are read back (TIGER_STYLE's pair assertions), so an export never
 * passes on a voucher that does not balance, whatever happened to the database since.
 */
function checkVoucher(voucher: VoucherView): void {
  const netByCurrency = new Map<string, bigint>();
  for (const line of voucher.lines) {
    assert(
      line.debitMinor >= 0n && line.creditMinor >= 0n,
      `voucher ${voucher.voucherId} line ${line.lineNo} has a negative side`,
    );
    netByCurrency.set(
      line.currency,
      (netByCurrency.get(line.currency) ?? 0n) + line.debitMinor - line.creditMinor,
    );
  }
  for (const [currency, net] of netByCurrency) {
    assert(net === 0n, `voucher ${voucher.voucherId} does not balance in ${currency} (${net})`);
  }
}

// ---------------------------------------------------------------------------------------------
// hledger

const controlOrSpace = /[\p{Cc}\p{Zl}\p{Zp}\s]+/gu;

/**
 * Text that cannot break hledger's line format: line breaks, tabs and runs of spaces become one
 * space (two spaces end an account name), and `;` becomes the full-width `；` (it starts a
 * comment in a description or an account name).
 */
function journalText(text: string): string {
  return text.replace(controlOrSpace, " ").replaceAll(";", "；").trim();
}

/** One level of an hledger account name: no `:` (it separates levels). */
function accountSegment(code: string, name: string): string {
  const cleanName = journalText(name).replaceAll(":", "：");
  return cleanName === "" ? code : `${code} ${cleanName}`;
}

/** A tag value ends at a comma (hledger's rule), so commas inside become the full-width `，`. */
function tagValue(text: string): string {
  return journalText(text).replaceAll(",", "，");
}

function accountName(account: Pick<Account, "nameZh" | "nameEn">, language: ExportLanguage): string {
  switch (language) {
    case "zh-CN":
      return account.nameZh;
    case "en":
      return account.nameEn === "" ? account.nameZh : account.nameEn;
  }
}

function lineAccountName(line: LineView, language: ExportLanguage): string {
  return accountName({ nameZh: line.accountNameZh, nameEn: line.accountNameEn }, language);
}

/**
 * hledger's account types (the `type:` tag of an account directive) so that `hledger bs` and
 * `hledger is` sort the chart correctly. 成本类 accounts (生产成本, 制造费用) hold work in progress,
 * which the balance sheet reports with inventories: an asset.
 */
function hledgerAccountType(type: AccountType): "A" | "L" | "E" | "R" | "X" {
  switch (type) {
    case "asset":
    case "cost":
      return "A";
    case "liability":
      return "L";
    case "equity":
      return "E";
    case "revenue":
      return "R";
    case "expense":
      return "X";
  }
}

/**
 * Full hledger names of every account: the `code name` of each level from the top, joined by
 * `:`, so that hledger's tree is the chart's parent/child tree
 * (`2221 应交税费:222101 应交增值税:22210102 销项税额`).
 */
export function hledgerAccountNames(
  accounts: ReadonlyArray<Account>,
  language: ExportLanguage,
): ReadonlyMap<string, string> {
  const byCode = new Map(accounts.map((account) => [account.code, account]));
  const names = new Map<string, string>();
  const nameOf = (code: string, depth: number): string => {
    const known = names.get(code);
    if (known !== undefined) return known;
    const account = byCode.get(code);
    assert(account !== undefined, `account ${code} is not in the chart`);
    // Sub-account codes extend their parent's (4 to 20 digits), so a chain is at most 17 deep.
    assert(depth <= 20, `the chart has a parent cycle at ${code}`);
    const segment = accountSegment(account.code, accountName(account, language));
    const name =
      account.parentCode === null ? segment : `${nameOf(account.parentCode, depth + 1)}:${segment}`;
    names.set(code, name);
    return name;
  };
  for (const account of accounts) nameOf(account.code, 0);
  return names;
}

const currencyCodeShape = /^[A-Z]{3}$/;

function commodityDirective(currency: string, scale: number): string {
  // An unquoted hledger commodity symbol is letters only; ISO codes are.
  assert(currencyCodeShape.test(currency), `currency ${currency} is not an ISO 4217 code`);
  // hledger 1.25 wants a decimal mark in the sample amount even with no decimals ("1000.").
  return `commodity 1000.${"0".repeat(scale)} ${currency}\n`;
}

/**
 * Display width in a terminal: CJK and full-width characters take two columns. Spreadsheet
 * column widths count the same way (a Chinese character is about two digits wide).
 */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    const wide =
      (code >= 0x1100 && code <= 0x115f) ||
      (code >= 0x2e80 && code <= 0xa4cf) ||
      (code >= 0xac00 && code <= 0xd7a3) ||
      (code >= 0xf900 && code <= 0xfaff) ||
      (code >= 0xfe30 && code <= 0xfe4f) ||
      (code >= 0xff00 && code <= 0xff60) ||
      (code >= 0xffe0 && code <= 0xffe6) ||
      (code >= 0x20000 && code <= 0x3fffd);
    width += wide ? 2 : 1;
  }
  return width;
}

/** Column at which posting amounts end, as `hledger print` lays them out: for people reading the file. */
const postingAmountEndColumn = 76;

function postingLine(accountPath: string, amount: string, comment: string | null): string {
  const used = 4 + displayWidth(accountPath) + amount.length;
  const gap = " ".repeat(Math.max(2, postingAmountEndColumn - used));
  return `    ${accountPath}${gap}${amount}${comment === null ? "" : `  ; ${comment}`}\n`;
}

/**
 * An hledger journal (hledger 1.25 and later; Ledger reads it too): one transaction per voucher,
 * dated with the voucher date, the voucher's period and label as hledger's code, its memo as
 * the description, and tags that lead back to Credence. Postings are debit positive, credit
 * negative, written from the exact minor units. Every account and commodity is declared, so
 * `hledger check -s` (strict) accepts the file.
 */
export async function* hledgerJournal(input: LedgerExportInput): AsyncGenerator<string> {
  const names = hledgerAccountNames(input.accounts, input.language);
  yield [
    "; Credence journal (序时账) for hledger: one transaction per voucher.",
    "; Amounts: debit positive, credit negative, exact to the currency's minor unit.",
    '; Account names: "code name" of each level of the chart, joined by ":".',
    "; Tags: voucher (Credence voucher id), kind, event, source, reverses, reversed-by, customer.",
    "",
    "decimal-mark .",
    "",
    "",
  ].join("\n");
  const declared = new Set<string>();
  let commodities = "";
  for (const currency of input.currencies) {
    if (declared.has(currency)) continue;
    declared.add(currency);
    commodities += commodityDirective(currency, input.currencyScale(currency));
  }
  if (commodities !== "") yield `${commodities}\n`;
  const sorted = [...input.accounts].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  yield `${sorted
    .map((account) => `account ${names.get(account.code)}  ; type: ${hledgerAccountType(account.type)}\n`)
    .join("")}\n`;

  for await (const voucher of input.vouchers) {
    checkVoucher(voucher);
    let entry = "";
    for (const line of voucher.lines) {
      if (declared.has(line.currency)) continue;
      declared.add(line.currency);
      entry += `${commodityDirective(line.currency, input.currencyScale(line.currency))}\n`;
    }
    const code = journalText(`${voucher.period} ${voucher.label}`).replaceAll(")", "）");
    entry += `${voucher.date} (${code}) ${journalText(voucher.memo)}`.trimEnd();
    entry += "\n";
    entry += `    ; voucher:${tagValue(voucher.voucherId)}\n`;
    entry += `    ; kind:${voucher.kind}\n`;
    if (voucher.eventType !== null) entry += `    ; event:${voucher.eventType}\n`;
    if (voucher.sourceType !== null || voucher.sourceId !== null) {
      entry += `    ; source:${tagValue(voucher.sourceType ?? "")}:${tagValue(voucher.sourceId ?? "")}\n`;
    }
    if (voucher.reversesVoucherId !== null)
      entry += `    ; reverses:${tagValue(voucher.reversesVoucherId)}\n`;
    if (voucher.reversedByVoucherId !== null) {
      entry += `    ; reversed-by:${tagValue(voucher.reversedByVoucherId)}\n`;
    }
    for (const line of voucher.lines) {
      const path = names.get(line.accountCode);
      assert(
        path !== undefined,
        `voucher ${voucher.voucherId} uses account ${line.accountCode}, not in the chart`,
      );
      const quantity = `${decimalText(line.debitMinor - line.creditMinor, input.currencyScale(line.currency))} ${line.currency}`;
      const customer =
        line.customerId === null
          ? null
          : `customer: ${tagValue([line.customerCode ?? line.customerId, line.customerName ?? ""].join(" "))}`;
      entry += postingLine(path, quantity, customer);
      const memo = line.memo === null ? "" : journalText(line.memo);
      if (memo !== "") entry += `      ; ${memo}\n`;
    }
    yield `${entry}\n`;
  }
}

// ---------------------------------------------------------------------------------------------
// Tables: one row model for CSV and XLSX

type Cell =
  | { readonly kind: "text"; readonly value: string }
  | { readonly kind: "date"; readonly value: string }
  | { readonly kind: "integer"; readonly value: number }
  | { readonly kind: "amount"; readonly minor: bigint; readonly scale: number }
  | { readonly kind: "empty" };

interface TableRow {
  readonly cells: ReadonlyArray<Cell>;
  readonly bold?: boolean;
}

interface Column {
  readonly header: string;
  /** Width in characters for XLSX. */
  readonly width: number;
}

const text = (value: string): Cell => ({ kind: "text", value });
const textOrEmpty = (value: string | null): Cell =>
  value === null || value === "" ? { kind: "empty" } : { kind: "text", value };
const amount = (minor: bigint, scale: number): Cell => ({ kind: "amount", minor, scale });
const integer = (value: bigint | number): Cell => {
  const number = Number(value);
  assert(Number.isSafeInteger(number), `${value} is not a safe integer`);
  return { kind: "integer", value: number };
};
const empty: Cell = { kind: "empty" };

function csvCell(cell: Cell): string {
  switch (cell.kind) {
    case "text":
      return neutralizeFormula(cell.value);
    case "date":
      return cell.value;
    case "integer":
      return String(cell.value);
    case "amount":
      return decimalText(cell.minor, cell.scale);
    case "empty":
      return "";
  }
}

function csvRecord(row: TableRow): string {
  return csvRow(row.cells.map(csvCell));
}

const datePattern = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;

/**
 * Cell value and number format for XLSX. Excel stores numbers as doubles, so an amount becomes
 * the double nearest to its exact decimal: Number() of the decimal text rounds correctly, which
 * is what Excel itself stores when the amount is typed (dividing the bigint by 10^scale as a
 * float would add a second rounding). A decimal of at most 15 significant digits survives the
 * trip to a double and back (IEEE 754, DBL_DIG = 15), so amounts below 10^15 minor units
 * (10 trillion 元) show exactly at the cell's decimals; beyond that the CSV is the exact record.
 * Dates are calendar dates, written as UTC midnight so that no time zone moves them a day.
 */
function xlsxCell(cell: Cell): { value: ExcelJS.CellValue; numFmt?: string } {
  switch (cell.kind) {
    case "text":
      // Typed string cells do not run as formulas when opened, but they do once someone edits
      // the cell or saves the sheet as CSV: neutralized like the CSV.
      return { value: neutralizeFormula(cell.value) };
    case "date": {
      const match = datePattern.exec(cell.value);
      assert(match !== null, `${cell.value} is not a YYYY-MM-DD date`);
      const [, year = "", month = "", day = ""] = match;
      return {
        value: new Date(Date.UTC(Number(year), Number(month) - 1, Number(day))),
        numFmt: "yyyy-mm-dd",
      };
    }
    case "integer":
      return { value: cell.value };
    case "amount":
      return { value: Number(decimalText(cell.minor, cell.scale)), numFmt: amountFormat(cell.scale) };
    case "empty":
      return { value: null };
  }
}

interface SheetSpec {
  readonly name: string;
  readonly columns: ReadonlyArray<Column>;
}

function hasBackpressure(output: NodeJS.WritableStream): boolean {
  return "writableNeedDrain" in output && output.writableNeedDrain === true;
}

/**
 * Writes rows to an XLSX workbook through exceljs's streaming writer: each row is committed
 * (serialized and handed to the zip) as soon as it is added. Header row bold and frozen; past
 * Excel's row limit the rows continue on "<name> (2)", "<name> (3)", ….
 */
async function writeXlsx(
  spec: SheetSpec,
  rows: AsyncIterable<TableRow>,
  output: NodeJS.WritableStream,
): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: output as unknown as Stream,
    useStyles: true,
    useSharedStrings: false,
  });
  workbook.creator = "Credence";
  let sheetCount = 0;
  let sheet: ExcelJS.Worksheet | null = null;
  let rowsInSheet = 0;
  let rowsSinceDrainCheck = 0;
  const openSheet = (): ExcelJS.Worksheet => {
    sheetCount += 1;
    const next = workbook.addWorksheet(sheetCount === 1 ? spec.name : `${spec.name} (${sheetCount})`, {
      views: [{ state: "frozen", ySplit: 1 }],
    });
    next.columns = spec.columns.map((column) => ({ width: column.width }));
    const header = next.addRow(spec.columns.map((column) => column.header));
    header.font = { bold: true };
    header.commit();
    rowsInSheet = 1;
    return next;
  };
  sheet = openSheet();
  for await (const row of rows) {
    if (rowsInSheet >= xlsxSheetRowsMax) {
      sheet.commit();
      sheet = openSheet();
    }
    const cells = row.cells.map(xlsxCell);
    const added = sheet.addRow(cells.map((cell) => cell.value));
    cells.forEach((cell, index) => {
      const target = added.getCell(index + 1);
      if (cell.numFmt !== undefined) target.numFmt = cell.numFmt;
      if (row.bold === true) target.font = { bold: true };
    });
    added.commit();
    rowsInSheet += 1;
    rowsSinceDrainCheck += 1;
    if (rowsSinceDrainCheck >= xlsxRowsPerDrainCheck) {
      rowsSinceDrainCheck = 0;
      // The zip pipes into `output`; waiting here keeps a slow reader (an HTTP client) from
      // piling the compressed workbook up in memory.
      if (hasBackpressure(output)) await once(output, "drain");
    }
  }
  sheet.commit();
  await workbook.commit();
}

async function* rowsOf(rows: ReadonlyArray<TableRow>): AsyncGenerator<TableRow> {
  yield* rows;
}

// ---------------------------------------------------------------------------------------------
// Journal tables (序时账)

const journalColumns: Readonly<Record<ExportLanguage, ReadonlyArray<Column>>> = {
  "zh-CN": [
    { header: "日期", width: 12 },
    { header: "会计期间", width: 10 },
    { header: "凭证号", width: 10 },
    { header: "摘要", width: 40 },
    { header: "科目编码", width: 12 },
    { header: "科目名称", width: 20 },
    { header: "客户编码", width: 12 },
    { header: "客户名称", width: 30 },
    { header: "借方金额", width: 16 },
    { header: "贷方金额", width: 16 },
    { header: "币别", width: 6 },
    { header: "凭证ID", width: 38 },
  ],
  en: [
    { header: "Date", width: 12 },
    { header: "Period", width: 10 },
    { header: "Voucher", width: 10 },
    { header: "Memo", width: 40 },
    { header: "Account code", width: 12 },
    { header: "Account name", width: 24 },
    { header: "Customer code", width: 14 },
    { header: "Customer name", width: 30 },
    { header: "Debit", width: 16 },
    { header: "Credit", width: 16 },
    { header: "Currency", width: 9 },
    { header: "Voucher ID", width: 38 },
  ],
};

/** 摘要 of a line: its own memo when it has one, else the voucher's (as Chinese ledgers print it). */
function lineMemo(voucher: VoucherView, line: LineView): string {
  return line.memo !== null && line.memo !== "" ? line.memo : voucher.memo;
}

async function* journalRows(input: JournalTableInput): AsyncGenerator<TableRow> {
  for await (const voucher of input.vouchers) {
    checkVoucher(voucher);
    for (const line of voucher.lines) {
      const scale = input.currencyScale(line.currency);
      yield {
        cells: [
          { kind: "date", value: voucher.date },
          text(voucher.period),
          text(voucher.label),
          text(lineMemo(voucher, line)),
          text(line.accountCode),
          text(lineAccountName(line, input.language)),
          textOrEmpty(line.customerCode),
          textOrEmpty(line.customerName),
          amount(line.debitMinor, scale),
          amount(line.creditMinor, scale),
          text(line.currency),
          text(voucher.voucherId),
        ],
      };
    }
  }
}

function headerRecord(columns: ReadonlyArray<Column>): string {
  return csvRow(columns.map((column) => column.header));
}

/**
 * The journal as CSV, one record per line: UTF-8 with a byte order mark, CRLF, RFC 4180
 * quoting, text neutralized against formulas, amounts as plain decimals ("1130.00").
 */
export async function* journalCsv(input: JournalTableInput): AsyncGenerator<string> {
  yield `${utf8Bom}${headerRecord(journalColumns[input.language])}`;
  for await (const row of journalRows(input)) yield csvRecord(row);
}

/** The journal as an XLSX workbook with the columns of `journalCsv`: numeric amounts, date cells. */
export async function writeJournalXlsx(
  input: JournalTableInput,
  output: NodeJS.WritableStream,
): Promise<void> {
  const name = input.language === "zh-CN" ? "序时账" : "Journal";
  await writeXlsx({ name, columns: journalColumns[input.language] }, journalRows(input), output);
}

// ---------------------------------------------------------------------------------------------
// Voucher import file (凭证导入)

/**
 * The columns that the voucher import templates of 金蝶 (KIS, 精斗云) and 用友 (T3, T+) share,
 * one row per entry (分录), the vouchers told apart by 会计期间 + 凭证字 + 凭证号.
 */
const voucherImportColumns: ReadonlyArray<Column> = [
  { header: "日期", width: 12 },
  { header: "会计期间", width: 10 },
  { header: "凭证字", width: 8 },
  { header: "凭证号", width: 8 },
  { header: "附单据数", width: 9 },
  { header: "分录序号", width: 9 },
  { header: "摘要", width: 40 },
  { header: "科目编码", width: 12 },
  { header: "科目名称", width: 20 },
  { header: "借方金额", width: 16 },
  { header: "贷方金额", width: 16 },
  { header: "币别", width: 6 },
  { header: "汇率", width: 8 },
  { header: "原币金额", width: 16 },
  { header: "客户编码", width: 12 },
  { header: "客户名称", width: 30 },
  { header: "制单人", width: 20 },
];

const lineBreaks = /\r\n|\r|\n|\u2028|\u2029/g;

async function* voucherImportRows(input: VoucherImportInput): AsyncGenerator<TableRow> {
  for await (const voucher of input.vouchers) {
    checkVoucher(voucher);
    for (const line of voucher.lines) {
      const scale = input.currencyScale(line.currency);
      const isBase = line.currency === input.baseCurrency;
      yield {
        cells: [
          { kind: "date", value: voucher.date },
          text(voucher.period),
          text(voucherWord),
          integer(voucher.number),
          // Credence keeps no count of paper attachments (附单据); 0 is what the templates default to.
          integer(0),
          integer(line.lineNo),
          // 摘要 is a one-line field in every template; a line break would end the import there.
          text(lineMemo(voucher, line).replace(lineBreaks, " ")),
          text(line.accountCode),
          text(line.accountNameZh),
          amount(line.debitMinor, scale),
          amount(line.creditMinor, scale),
          text(line.currency),
          // Credence keeps no exchange rates: a foreign-currency line is left without one so that
          // the importing software asks for it rather than books it at a guessed rate.
          isBase ? integer(1) : empty,
          amount(line.debitMinor + line.creditMinor, scale),
          textOrEmpty(line.customerCode),
          textOrEmpty(line.customerName),
          text(voucher.createdBy),
        ],
      };
    }
  }
}

/** The voucher import file as XLSX (sheet 凭证), for 金蝶/用友 凭证导入. */
export async function writeVoucherImportXlsx(
  input: VoucherImportInput,
  output: NodeJS.WritableStream,
): Promise<void> {
  await writeXlsx({ name: "凭证", columns: voucherImportColumns }, voucherImportRows(input), output);
}

/** The voucher import file as CSV (UTF-8 with BOM), for software versions that import CSV. */
export async function* voucherImportCsv(input: VoucherImportInput): AsyncGenerator<string> {
  yield `${utf8Bom}${headerRecord(voucherImportColumns)}`;
  for await (const row of voucherImportRows(input)) yield csvRecord(row);
}

// ---------------------------------------------------------------------------------------------
// Trial balance (科目余额表)

const trialBalanceColumns: Readonly<Record<ExportLanguage, ReadonlyArray<Column>>> = {
  "zh-CN": [
    { header: "科目编码", width: 12 },
    { header: "科目名称", width: 24 },
    { header: "级次", width: 6 },
    { header: "期初借方", width: 16 },
    { header: "期初贷方", width: 16 },
    { header: "本期借方", width: 16 },
    { header: "本期贷方", width: 16 },
    { header: "期末借方", width: 16 },
    { header: "期末贷方", width: 16 },
    { header: "币别", width: 6 },
  ],
  en: [
    { header: "Account code", width: 12 },
    { header: "Account name", width: 30 },
    { header: "Level", width: 6 },
    { header: "Opening debit", width: 16 },
    { header: "Opening credit", width: 16 },
    { header: "Debit", width: 16 },
    { header: "Credit", width: 16 },
    { header: "Closing debit", width: 16 },
    { header: "Closing credit", width: 16 },
    { header: "Currency", width: 9 },
  ],
};

/**
 * `trialBalance` reports an empty ledger asked for zero rows with the currency "", which has no
 * scale; its amounts are all zero, so any scale prints them truthfully.
 */
function trialBalanceScale(currency: string): number {
  return currency === "" ? 0 : isoCurrencyScale(currency);
}

function trialBalanceRows(tb: TrialBalance, language: ExportLanguage): TableRow[] {
  const amounts = (row: TrialBalance["totals"][number]): Cell[] => {
    const scale = trialBalanceScale(row.currency);
    return [
      amount(row.openingDebitMinor, scale),
      amount(row.openingCreditMinor, scale),
      amount(row.debitMinor, scale),
      amount(row.creditMinor, scale),
      amount(row.closingDebitMinor, scale),
      amount(row.closingCreditMinor, scale),
    ];
  };
  const rows: TableRow[] = tb.rows.map((row) => ({
    cells: [
      text(row.code),
      text(accountName(row, language)),
      integer(row.level),
      ...amounts(row),
      textOrEmpty(row.currency),
    ],
  }));
  for (const total of tb.totals) {
    rows.push({
      cells: [
        empty,
        text(language === "zh-CN" ? "合计" : "Total"),
        empty,
        ...amounts(total),
        textOrEmpty(total.currency),
      ],
      bold: true,
    });
  }
  return rows;
}

/** 科目余额表 as CSV (UTF-8 with BOM): every account row, then a 合计 row per currency from `tb.totals`. */
export function trialBalanceCsv(tb: TrialBalance, language: ExportLanguage): string {
  return `${utf8Bom}${headerRecord(trialBalanceColumns[language])}${trialBalanceRows(tb, language)
    .map(csvRecord)
    .join("")}`;
}

/** 科目余额表 as XLSX: the columns of `trialBalanceCsv`, numeric amounts, 合计 rows in bold. */
export async function writeTrialBalanceXlsx(
  tb: TrialBalance,
  language: ExportLanguage,
  output: NodeJS.WritableStream,
): Promise<void> {
  const name = language === "zh-CN" ? "科目余额表" : "Trial balance";
  await writeXlsx(
    { name, columns: trialBalanceColumns[language] },
    rowsOf(trialBalanceRows(tb, language)),
    output,
  );
}
