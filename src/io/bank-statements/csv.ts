import { isCurrencyCode } from "../../core/currency.ts";
import { AppError, type FieldIssue } from "../../core/errors.ts";
import { decodeSpreadsheetText, parseCsv } from "../csv-read.ts";
import {
  type AmountDigits,
  bankEntriesMax,
  buildStatement,
  checkStatementSize,
  convertAmount,
  entryOf,
  isIbanShaped,
  isoDate,
  isRealDate,
  sha256Hex,
  statementError,
} from "./build-statement.ts";
import type { ParsedBankEntry, ParsedStatementFile } from "./types.ts";

/**
 * A bank's CSV export (网银导出的交易明细) read through a column mapping: which header holds the
 * date, the amount (one signed column, or separate credit and debit columns as Chinese banks
 * write 贷方发生额/借方发生额 or 收入/支出), the other party and the text. Files come in UTF-8 or
 * GB18030 (src/io/csv-read.ts). Every bad row is reported, each at `rows.<row>.<field>` with
 * the row number Excel shows, so that a user can fix them all in one pass.
 */

export type BankCsvDateFormat = "YYYY-MM-DD" | "YYYYMMDD" | "YYYY/MM/DD" | "DD.MM.YYYY";
export const bankCsvDateFormats: ReadonlyArray<BankCsvDateFormat> = [
  "YYYY-MM-DD",
  "YYYYMMDD",
  "YYYY/MM/DD",
  "DD.MM.YYYY",
];

/** A header text, or several that banks use for the same column: the first one found is read. */
export type BankCsvColumn = string | ReadonlyArray<string>;

export interface BankCsvColumns {
  readonly bookingDate: BankCsvColumn;
  readonly valueDate?: BankCsvColumn;
  /** A signed amount: negative is money out. Either this or `credit` and `debit`. */
  readonly amount?: BankCsvColumn;
  /** Money in (贷方发生额, 收入). */
  readonly credit?: BankCsvColumn;
  /** Money out (借方发生额, 支出). */
  readonly debit?: BankCsvColumn;
  readonly counterpartyName?: BankCsvColumn;
  readonly counterpartyAccount?: BankCsvColumn;
  readonly remittance?: BankCsvColumn;
  /** The bank's own id of the transaction (流水号), used to spot an entry imported twice. */
  readonly reference?: BankCsvColumn;
}

export interface BankCsvMapping {
  /** The account the export is of; CSV exports rarely repeat it on every row. */
  readonly account: string;
  readonly currency: string;
  readonly columns: BankCsvColumns;
  readonly dateFormat: BankCsvDateFormat;
  readonly decimalSeparator: "." | ",";
  /** The header's row number as Excel shows it; without it, the first row with the columns. */
  readonly headerRow?: number;
}

type ColumnField = keyof BankCsvColumns;
const columnFields: ReadonlyArray<ColumnField> = [
  "bookingDate",
  "valueDate",
  "amount",
  "credit",
  "debit",
  "counterpartyName",
  "counterpartyAccount",
  "remittance",
  "reference",
];

/** Rows searched for the header when the mapping does not say where it is (title rows on top). */
export const bankCsvHeaderSearchRowsMax = 30;
/** Longest header text in a mapping, and most alternatives for one column. */
export const bankCsvHeaderLengthMax = 100;
export const bankCsvHeaderAlternativesMax = 10;
/** Longest account in a mapping. */
export const bankCsvAccountLengthMax = 64;
/** Longest text in a cell that is kept (names, accounts, remittance). */
export const bankCsvCellLengthMax = 2000;
/** Row problems listed in one error; the count of the rest is given. */
export const bankCsvIssuesMax = 200;

/**
 * A typical Chinese online-banking export (工行, 建行, 农行, 中行, 招行 and others name their
 * columns much alike). Add the account, and change `dateFormat` if the bank writes 20240131 or
 * 2024/01/31. For the text, 附言/用途 (the payer's words, where invoice numbers are) come before
 * 摘要 (often only the bank's category such as 转账).
 */
export const chineseBankCsvPreset: Omit<BankCsvMapping, "account"> = Object.freeze({
  currency: "CNY",
  columns: Object.freeze({
    bookingDate: ["交易日期", "记账日期", "交易时间"],
    credit: ["贷方发生额", "贷方金额", "收入金额", "收入"],
    debit: ["借方发生额", "借方金额", "支出金额", "支出"],
    counterpartyName: ["对方户名", "对方账户名称", "对方单位", "对方名称"],
    counterpartyAccount: ["对方账号", "对方账户"],
    remittance: ["附言", "用途", "摘要"],
    reference: ["流水号", "交易流水号", "凭证号"],
  }),
  dateFormat: "YYYY-MM-DD",
  decimalSeparator: ".",
});

function issue(path: string, code: string, message: string): FieldIssue {
  return { path, code, message };
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function headerTexts(column: BankCsvColumn): ReadonlyArray<string> {
  return typeof column === "string" ? [column] : column;
}

function columnIssues(path: string, value: unknown): FieldIssue[] {
  const texts = typeof value === "string" ? [value] : Array.isArray(value) ? (value as unknown[]) : null;
  if (texts === null || texts.length === 0) {
    return [issue(path, "INVALID_COLUMN", "a header text, or a list of header texts")];
  }
  if (texts.length > bankCsvHeaderAlternativesMax) {
    return [issue(path, "INVALID_COLUMN", `at most ${bankCsvHeaderAlternativesMax} header texts`)];
  }
  for (const text of texts) {
    if (typeof text !== "string" || text.trim() === "") {
      return [issue(path, "INVALID_COLUMN", "header texts must not be empty")];
    }
    if (text.length > bankCsvHeaderLengthMax) {
      return [
        issue(path, "INVALID_COLUMN", `header texts have at most ${bankCsvHeaderLengthMax} characters`),
      ];
    }
  }
  return [];
}

/** Headers compare without spaces and case: "Booking Date" and "bookingdate" are one column. */
function headerKey(text: string): string {
  return text.replace(/[\s\uFEFF]+/g, "").toLowerCase();
}

/**
 * Problems with a mapping, as data (an empty list when it is usable). Takes `unknown` because
 * mappings are stored as settings and come back as JSON.
 */
export function checkBankCsvMapping(mapping: unknown): FieldIssue[] {
  if (!isRecord(mapping)) return [issue("mapping", "INVALID_MAPPING", "a column mapping object")];
  const issues: FieldIssue[] = [];
  const account = mapping.account;
  if (typeof account !== "string" || account.trim() === "") {
    issues.push(issue("account", "REQUIRED", "the account the export is of"));
  } else if (account.trim().length > bankCsvAccountLengthMax) {
    issues.push(issue("account", "TOO_LONG", `at most ${bankCsvAccountLengthMax} characters`));
  }
  if (!isCurrencyCode(mapping.currency)) {
    issues.push(issue("currency", "INVALID_CURRENCY", "an ISO 4217 currency code such as CNY"));
  }
  if (!bankCsvDateFormats.includes(mapping.dateFormat as BankCsvDateFormat)) {
    issues.push(issue("dateFormat", "INVALID_DATE_FORMAT", `one of ${bankCsvDateFormats.join(", ")}`));
  }
  if (mapping.decimalSeparator !== "." && mapping.decimalSeparator !== ",") {
    issues.push(issue("decimalSeparator", "INVALID_DECIMAL_SEPARATOR", '"." or ","'));
  }
  const headerRow = mapping.headerRow;
  if (
    headerRow !== undefined &&
    (typeof headerRow !== "number" ||
      !Number.isInteger(headerRow) ||
      headerRow < 1 ||
      headerRow > bankCsvHeaderSearchRowsMax)
  ) {
    issues.push(
      issue("headerRow", "INVALID_HEADER_ROW", `a row number from 1 to ${bankCsvHeaderSearchRowsMax}`),
    );
  }
  const columns = mapping.columns;
  if (!isRecord(columns)) {
    issues.push(issue("columns", "REQUIRED", "the columns: at least bookingDate and the amount columns"));
    return issues;
  }
  for (const key of Object.keys(columns)) {
    if (!(columnFields as ReadonlyArray<string>).includes(key)) {
      issues.push(
        issue(`columns.${key}`, "UNKNOWN_FIELD", `not a field; the fields are ${columnFields.join(", ")}`),
      );
    }
  }
  const given = columnFields.filter((field) => columns[field] !== undefined);
  for (const field of given) issues.push(...columnIssues(`columns.${field}`, columns[field]));
  if (columns.bookingDate === undefined) {
    issues.push(issue("columns.bookingDate", "REQUIRED", "the header of the booking date column"));
  }
  const hasAmount = columns.amount !== undefined;
  const hasCredit = columns.credit !== undefined;
  const hasDebit = columns.debit !== undefined;
  if (hasAmount && (hasCredit || hasDebit)) {
    issues.push(
      issue(
        "columns.amount",
        "AMOUNT_COLUMNS",
        "either a signed amount column or credit and debit columns, not both",
      ),
    );
  } else if (!hasAmount && !(hasCredit && hasDebit)) {
    issues.push(
      issue(
        hasCredit || hasDebit ? (hasCredit ? "columns.debit" : "columns.credit") : "columns.amount",
        "AMOUNT_COLUMNS",
        "a signed amount column, or both a credit (money in) and a debit (money out) column",
      ),
    );
  }
  if (issues.length === 0) {
    const owner = new Map<string, ColumnField>();
    for (const field of given) {
      for (const text of headerTexts(columns[field] as BankCsvColumn)) {
        const other = owner.get(headerKey(text));
        if (other !== undefined && other !== field) {
          issues.push(issue(`columns.${field}`, "REPEATED_COLUMN", `${text} is also the ${other} column`));
        }
        owner.set(headerKey(text), field);
      }
    }
  }
  return issues;
}

/** Where each mapped column is in the header row; a header annotated in brackets (`支出（元）`) counts. */
function locateColumns(
  header: ReadonlyArray<string>,
  columns: BankCsvColumns,
): Map<ColumnField, { index: number; header: string }> {
  const keys = header.map(headerKey);
  const located = new Map<ColumnField, { index: number; header: string }>();
  for (const field of columnFields) {
    const column = columns[field];
    if (column === undefined) continue;
    for (const text of headerTexts(column)) {
      const key = headerKey(text);
      let index = keys.indexOf(key);
      if (index < 0) {
        index = keys.findIndex((cell) => cell.startsWith(`${key}(`) || cell.startsWith(`${key}（`));
      }
      if (index >= 0) {
        located.set(field, { index, header: (header[index] ?? "").trim() });
        break;
      }
    }
  }
  return located;
}

function requiredFields(columns: BankCsvColumns): ColumnField[] {
  return columns.amount === undefined ? ["bookingDate", "credit", "debit"] : ["bookingDate", "amount"];
}

function columnLabel(column: BankCsvColumn): string {
  return headerTexts(column).join("/");
}

const datePatterns: Readonly<Record<BankCsvDateFormat, RegExp>> = {
  "YYYY-MM-DD": /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})$/,
  YYYYMMDD: /^([0-9]{4})([0-9]{2})([0-9]{2})$/,
  "YYYY/MM/DD": /^([0-9]{4})\/([0-9]{1,2})\/([0-9]{1,2})$/,
  "DD.MM.YYYY": /^([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})$/,
};

/** The date of a cell; a time after it (交易时间 2024-01-31 10:22:33) is left out. */
function csvDate(text: string, format: BankCsvDateFormat): string | null {
  const day = text.trim().replace(/[ T][0-9]{1,2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?$/, "");
  const match = datePatterns[format].exec(day);
  if (match === null) return null;
  const [, first = "", second = "", third = ""] = match;
  const iso =
    format === "DD.MM.YYYY"
      ? isoDate(Number(third), Number(second), Number(first))
      : isoDate(Number(first), Number(second), Number(third));
  return isRealDate(iso) ? iso : null;
}

type CsvAmount =
  | { kind: "empty" }
  | { kind: "invalid" }
  | { kind: "amount"; negative: boolean; digits: AmountDigits; zero: boolean };

/**
 * An amount as people and banks write it: `-1,234.50`, `+1 234,50`, `(1,234.50)`, `1234.50-`,
 * an optional currency sign in front. Thousands separators must group by three, so a typo such
 * as `1,23.45` is an error rather than 123.45. `-`, `--` and `—` are placeholders for nothing.
 */
function csvAmount(text: string, decimalSeparator: "." | ","): CsvAmount {
  let s = text.trim();
  if (s === "" || /^[-–—]+$/.test(s)) return { kind: "empty" };
  let negative = false;
  if (s.startsWith("(") && s.endsWith(")")) {
    negative = true;
    s = s.slice(1, -1).trim();
  }
  if (s.startsWith("-") || s.startsWith("+")) {
    negative = negative || s.startsWith("-");
    s = s.slice(1).trim();
  } else if (s.endsWith("-")) {
    negative = true;
    s = s.slice(0, -1).trim();
  }
  s = s.replace(/^[¥￥€$£]\s*/, "");
  const group = decimalSeparator === "." ? "," : ".";
  s = s.replace(/[ \u00A0\u202F']/g, group);
  const escapedGroup = group === "." ? "\\." : ",";
  const escapedDecimal = decimalSeparator === "." ? "\\." : ",";
  const pattern = new RegExp(
    `^([0-9]{1,3}(?:${escapedGroup}[0-9]{3})+|[0-9]+)(?:${escapedDecimal}([0-9]+))?$`,
  );
  const match = pattern.exec(s);
  if (match === null) return { kind: "invalid" };
  const integer = (match[1] ?? "").split(group).join("");
  const fraction = match[2] ?? "";
  return { kind: "amount", negative, digits: { integer, fraction }, zero: !/[1-9]/.test(integer + fraction) };
}

/** Excel's display of a long number it has already cut to 15 digits (6.22848E+18). */
const scientificNumber = /^-?[0-9](\.[0-9]+)?E[+-]?[0-9]+$/i;

/** Labels of a totals row under the entries; such a row is not an entry. */
const totalsLabels: ReadonlySet<string> = new Set([
  "合计",
  "总计",
  "小计",
  "本页合计",
  "本页小计",
  "累计",
  "total",
  "totals",
  "summe",
]);

const isBlankRow = (row: ReadonlyArray<string>) => row.every((cell) => cell.trim() === "");

function findHeaderRow(table: ReadonlyArray<ReadonlyArray<string>>, mapping: BankCsvMapping): number {
  const required = requiredFields(mapping.columns);
  const missingIn = (rowIndex: number) => {
    const located = locateColumns(table[rowIndex] ?? [], mapping.columns);
    return required.filter((field) => !located.has(field));
  };
  if (mapping.headerRow !== undefined) {
    const missing = missingIn(mapping.headerRow - 1);
    if (missing.length > 0) {
      const found = (table[mapping.headerRow - 1] ?? [])
        .map((cell) => cell.trim())
        .filter((cell) => cell !== "");
      throw statementError(
        `row ${mapping.headerRow}, the header row of the mapping, lacks the columns ${missing
          .map((field) => columnLabel(mapping.columns[field] ?? ""))
          .join(", ")}; it has ${found.length === 0 ? "nothing" : found.join(", ")}`,
      );
    }
    return mapping.headerRow - 1;
  }
  const searched = Math.min(table.length, bankCsvHeaderSearchRowsMax);
  for (let rowIndex = 0; rowIndex < searched; rowIndex += 1) {
    if (missingIn(rowIndex).length === 0) return rowIndex;
  }
  throw statementError(
    `no header row found: none of the first ${bankCsvHeaderSearchRowsMax} rows has the columns ${required
      .map((field) => columnLabel(mapping.columns[field] ?? ""))
      .join(", ")}`,
  );
}

/** A bank's CSV export as one statement of the mapping's account; no balances, so it cannot reconcile. */
export function parseBankCsv(bytes: Uint8Array, mapping: BankCsvMapping): ParsedStatementFile {
  const mappingIssues = checkBankCsvMapping(mapping);
  if (mappingIssues.length > 0) {
    throw new AppError("VALIDATION_FAILED", {
      detail: `the CSV column mapping is not usable: ${mappingIssues.map((item) => `${item.path}: ${item.message}`).join("; ")}`,
      issues: mappingIssues.map((item) => ({ ...item, path: `mapping.${item.path}` })),
    });
  }
  checkStatementSize(bytes);
  const { text } = decodeSpreadsheetText(bytes);
  const table = parseCsv(text, bankEntriesMax + bankCsvHeaderSearchRowsMax);
  const headerIndex = findHeaderRow(table, mapping);
  const located = locateColumns(table[headerIndex] ?? [], mapping.columns);
  const warnings: string[] = [];
  for (const field of columnFields) {
    const column = mapping.columns[field];
    if (column !== undefined && !located.has(field)) {
      warnings.push(`the file has no column ${columnLabel(column)} (${field}); that field is left empty`);
    }
  }

  const issues: FieldIssue[] = [];
  let issueCount = 0;
  const report = (path: string, code: string, message: string) => {
    issueCount += 1;
    if (issues.length < bankCsvIssuesMax) issues.push(issue(path, code, message));
  };
  const entries: ParsedBankEntry[] = [];
  const currency = mapping.currency;
  for (let rowIndex = headerIndex + 1; rowIndex < table.length; rowIndex += 1) {
    const row = table[rowIndex] ?? [];
    if (isBlankRow(row)) continue;
    const rowNumber = rowIndex + 1;
    const cell = (field: ColumnField): string => {
      const at = located.get(field);
      return at === undefined ? "" : (row[at.index] ?? "").trim();
    };
    const header = (field: ColumnField) => located.get(field)?.header ?? field;
    const dateText = cell("bookingDate");
    if (totalsLabels.has(headerKey(dateText).replace(/[:：]$/, ""))) continue;
    const bookingDate = csvDate(dateText, mapping.dateFormat);
    if (bookingDate === null) {
      report(
        `rows.${rowNumber}.bookingDate`,
        dateText === "" ? "REQUIRED" : "INVALID_DATE",
        `${header("bookingDate")}: ${dateText === "" ? "empty" : `${dateText} is not a date ${mapping.dateFormat}`}`,
      );
    }
    const valueText = cell("valueDate");
    const valueDate = valueText === "" ? null : csvDate(valueText, mapping.dateFormat);
    if (valueText !== "" && valueDate === null) {
      report(
        `rows.${rowNumber}.valueDate`,
        "INVALID_DATE",
        `${header("valueDate")}: ${valueText} is not a date ${mapping.dateFormat}`,
      );
    }

    let creditDebit = "C";
    let digits: AmountDigits | null = null;
    let amountRaw = "";
    let amountField: ColumnField = "amount";
    const invalid = (field: ColumnField, raw: string) =>
      report(
        `rows.${rowNumber}.${field}`,
        "INVALID_AMOUNT",
        `${header(field)}: ${raw} is not an amount (decimal separator "${mapping.decimalSeparator}")`,
      );
    if (mapping.columns.amount !== undefined) {
      amountRaw = cell("amount");
      const parsed = csvAmount(amountRaw, mapping.decimalSeparator);
      if (parsed.kind === "empty") {
        report(`rows.${rowNumber}.amount`, "REQUIRED", `${header("amount")}: empty`);
      } else if (parsed.kind === "invalid") {
        invalid("amount", amountRaw);
      } else {
        digits = parsed.digits;
        creditDebit = parsed.negative && !parsed.zero ? "D" : "C";
      }
    } else {
      const creditRaw = cell("credit");
      const debitRaw = cell("debit");
      const credit = csvAmount(creditRaw, mapping.decimalSeparator);
      const debit = csvAmount(debitRaw, mapping.decimalSeparator);
      if (credit.kind === "invalid") invalid("credit", creditRaw);
      if (debit.kind === "invalid") invalid("debit", debitRaw);
      if (credit.kind !== "invalid" && debit.kind !== "invalid") {
        const creditAmount = credit.kind === "amount" ? credit : null;
        const debitAmount = debit.kind === "amount" ? debit : null;
        if (creditAmount === null && debitAmount === null) {
          report(
            `rows.${rowNumber}.amount`,
            "REQUIRED",
            `neither ${header("credit")} nor ${header("debit")} has an amount`,
          );
        } else if (creditAmount !== null && debitAmount !== null && !creditAmount.zero && !debitAmount.zero) {
          report(
            `rows.${rowNumber}.amount`,
            "BOTH_AMOUNTS",
            `both ${header("credit")} (${creditRaw}) and ${header("debit")} (${debitRaw}) have an amount; a row is money in or money out`,
          );
        } else {
          // A negative amount in a credit or debit column is how exports show a reversal (冲正):
          // a negative credit takes money back out (RC), a negative debit brings it back (RD).
          const useDebit = debitAmount !== null && (creditAmount === null || !debitAmount.zero);
          const chosen = useDebit ? debitAmount : creditAmount;
          if (chosen !== null) {
            amountField = useDebit ? "debit" : "credit";
            amountRaw = useDebit ? debitRaw : creditRaw;
            digits = chosen.digits;
            const reversed = chosen.negative && !chosen.zero;
            creditDebit = useDebit ? (reversed ? "RD" : "D") : reversed ? "RC" : "C";
          }
        }
      }
    }
    let converted: { amount: string; amountMinor: bigint } | null = null;
    if (digits !== null) {
      const result = convertAmount(digits, currency);
      if (result.ok) converted = result.value;
      else
        report(
          `rows.${rowNumber}.${amountField}`,
          "INVALID_AMOUNT",
          `${header(amountField)}: ${result.reason}`,
        );
    }

    const texts = new Map<ColumnField, string | null>();
    for (const field of ["counterpartyName", "counterpartyAccount", "remittance", "reference"] as const) {
      const value = cell(field);
      if (value.length > bankCsvCellLengthMax) {
        report(
          `rows.${rowNumber}.${field}`,
          "TOO_LONG",
          `${header(field)}: at most ${bankCsvCellLengthMax} characters`,
        );
      }
      if ((field === "counterpartyAccount" || field === "reference") && scientificNumber.test(value)) {
        report(
          `rows.${rowNumber}.${field}`,
          "NUMBER_PRECISION_LOST",
          `${header(field)}: Excel stored ${value} as a number and kept only 15 digits; export the file again without opening it in Excel, or format the column as text (文本)`,
        );
      }
      texts.set(field, value === "" ? null : value);
    }
    if (bookingDate === null || converted === null) continue;
    if (entries.length >= bankEntriesMax) {
      throw statementError(`the file has more than ${bankEntriesMax} entries; split it into smaller files`);
    }
    const reference = texts.get("reference") ?? null;
    entries.push(
      entryOf({
        bookingDate,
        valueDate,
        creditDebit,
        reversal: creditDebit === "RC" || creditDebit === "RD",
        amountRaw,
        converted,
        currency,
        counterpartyName: texts.get("counterpartyName") ?? null,
        counterpartyAccount: texts.get("counterpartyAccount") ?? null,
        remittance: texts.get("remittance") ?? null,
        endToEndId: null,
        bankReference: reference,
        details: { row: String(rowNumber), reference },
      }),
    );
  }
  if (issueCount > 0) {
    const more = issueCount - issues.length;
    throw new AppError("VALIDATION_FAILED", {
      detail: `${issueCount} problems in the rows of the file${more > 0 ? ` (the first ${issues.length} are listed)` : ""}; nothing was imported`,
      issues,
    });
  }
  if (entries.length === 0) {
    throw statementError(`the file has no entries below the header (row ${headerIndex + 1})`);
  }
  const account = mapping.account.trim();
  return Object.freeze({
    format: "csv",
    namespace: null,
    messageId: null,
    statements: Object.freeze([
      buildStatement({
        format: "csv",
        id: null,
        statementNumber: null,
        electronicSequenceNumber: null,
        account,
        accountKind: isIbanShaped(account) ? "IBAN" : "other",
        currency,
        opening: null,
        closing: null,
        otherBalances: {},
        entries,
        statementInformation: null,
        warnings,
      }),
    ]),
    sha256: sha256Hex(bytes),
  });
}
