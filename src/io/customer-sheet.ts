import { once } from "node:events";
import type { Stream } from "node:stream";
import ExcelJS from "exceljs";
import type { FieldIssue } from "../core/errors.ts";
import { type CustomerKind, customerTagLengthMax } from "../domain/credit/index.ts";
import { type Customer, customerInputIssues } from "../services/customers.ts";
import { normalizeEmail } from "../services/people.ts";
import {
  checkImportSize,
  fileError,
  importRowsMax,
  oleSignature,
  readCsv,
  zipSignature,
} from "./csv-read.ts";
import { type ExportLanguage, xlsxSheetRowsMax } from "./ledger-export.ts";
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
import { csvRow, neutralizeFormula, utf8Bom } from "./spreadsheet-safety.ts";

/**
 * The customer list as a spreadsheet, both ways: rows of an import file (CSV or XLSX, headers in
 * Chinese or English) to customer inputs with every problem found, and customers to an export
 * file with the same columns, so that an export can be edited and imported again. Pure, apart
 * from reading and writing the bytes; checks against the database live in
 * services/customer-import.ts.
 */

export const customerColumnKeys = [
  "code",
  "name",
  "kind",
  "creditCode",
  "idNumber",
  "industry",
  "tags",
  "ownerEmail",
  "notes",
] as const;
export type CustomerColumnKey = (typeof customerColumnKeys)[number];

/**
 * Codes and identity numbers are `identifier` columns: the export formats them as text (`@`), so a
 * number typed into one later keeps its leading zeros and all 18 digits instead of becoming 1.10105E+17.
 */
type ColumnSpec = TemplateColumn<CustomerColumnKey>;

const columnSpecs: ReadonlyArray<ColumnSpec> = [
  { key: "code", zh: "客户编码", en: "code", width: 14, identifier: true },
  { key: "name", zh: "客户名称", en: "name", width: 32, identifier: false },
  { key: "kind", zh: "类型", en: "kind", width: 10, identifier: false },
  { key: "creditCode", zh: "统一社会信用代码", en: "creditCode", width: 22, identifier: true },
  { key: "idNumber", zh: "身份证号", en: "idNumber", width: 22, identifier: true },
  { key: "industry", zh: "行业", en: "industry", width: 16, identifier: false },
  { key: "tags", zh: "标签", en: "tags", width: 24, identifier: false },
  { key: "ownerEmail", zh: "负责人邮箱", en: "ownerEmail", width: 28, identifier: false },
  { key: "notes", zh: "备注", en: "notes", width: 40, identifier: false },
];

export interface CustomerExportColumn {
  readonly key: CustomerColumnKey;
  readonly header: string;
  /** Width in characters for XLSX. */
  readonly width: number;
}

/** The columns of an export, and the headers an import recognizes (either language, any case). */
export const customerExportColumns: Readonly<Record<ExportLanguage, ReadonlyArray<CustomerExportColumn>>> = {
  "zh-CN": columnSpecs.map((c) => ({ key: c.key, header: c.zh, width: c.width })),
  en: columnSpecs.map((c) => ({ key: c.key, header: c.en, width: c.width })),
};

const customerLayout: SheetLayout<CustomerColumnKey> = {
  columns: columnSpecs,
  required: ["code", "name"],
  rowsNoun: "customers",
  rowsMax: importRowsMax,
};

const kindLabels: Readonly<Record<ExportLanguage, Readonly<Record<CustomerKind, string>>>> = {
  "zh-CN": { company: "公司", individual: "个人" },
  en: { company: "company", individual: "individual" },
};

const kindByLabel: ReadonlyMap<string, CustomerKind> = new Map([
  ["公司", "company"],
  ["company", "company"],
  ["个人", "individual"],
  ["individual", "individual"],
]);

// The same bounds as the customer API's request body (src/api/routes/customers.ts), so that an
// import never stores what a form could not.
const codeLengthMax = 32;
const nameLengthMax = 200;
const industryLengthMax = 100;
const notesLengthMax = 2000;
const emailLengthMax = 254;

/** Tags in one cell are separated by `;`, `,` or their full-width forms, as people type them. */
const tagSeparators = /[;；,，]/;
/** What an export writes between tags; an import splits it again. */
const tagJoiner = "; ";

/** What `maskIdNumber` makes of an 18-character ID number, as exports show it. */
const maskedIdNumber = /^[0-9]{3}\*{13}[0-9X]{2}$/i;

/** One row of the sheet as a customer's fields; the owner by email, resolved against members later. */
export interface CustomerSheetInput {
  readonly code: string;
  readonly name: string;
  readonly kind: CustomerKind;
  readonly creditCode: string | null;
  readonly idNumber: string | null;
  readonly industry: string | null;
  readonly tags: ReadonlyArray<string>;
  readonly ownerEmail: string | null;
  readonly notes: string | null;
}

export interface ParsedCustomerRow {
  /** The row as Excel numbers it: the header is row 1. */
  readonly rowNumber: number;
  readonly input: CustomerSheetInput;
  readonly issues: ReadonlyArray<FieldIssue>;
}

export interface ParsedCustomerSheet {
  /** Blank rows are left out (their numbers are not reused). Empty when `fileIssues` is not. */
  readonly rows: ReadonlyArray<ParsedCustomerRow>;
  /** Problems of the file as a whole (path `file`): unknown or missing columns, no rows. */
  readonly fileIssues: ReadonlyArray<FieldIssue>;
}

function rowOf(cells: ReadonlyMap<CustomerColumnKey, string>): {
  input: CustomerSheetInput;
  issues: FieldIssue[];
} {
  const text = (key: CustomerColumnKey) => cells.get(key) ?? "";
  const orNull = (value: string) => (value === "" ? null : value);
  const issues: FieldIssue[] = [];

  const code = text("code");
  if (code === "") issues.push(issue("code", "REQUIRED", "required"));
  issues.push(...tooLong("code", code, codeLengthMax), ...precisionLost("code", code));
  const name = text("name");
  if (name === "") issues.push(issue("name", "REQUIRED", "required"));
  issues.push(...tooLong("name", name, nameLengthMax));

  const kindText = text("kind");
  const kind = kindText === "" ? "company" : kindByLabel.get(kindText.toLowerCase());
  if (kind === undefined) issues.push(issue("kind", "INVALID_KIND", "公司 or 个人 (company or individual)"));

  const creditCodeText = text("creditCode").toUpperCase();
  const creditCodeLost = precisionLost("creditCode", creditCodeText);
  issues.push(...creditCodeLost);
  // An export shows ID numbers masked; the number itself never leaves Credence, so a mask read
  // back means "not given" rather than a wrong number.
  const idNumberText = maskedIdNumber.test(text("idNumber")) ? "" : text("idNumber").toUpperCase();
  const idNumberLost = precisionLost("idNumber", idNumberText);
  issues.push(...idNumberLost);

  const industry = text("industry");
  issues.push(...tooLong("industry", industry, industryLengthMax));
  const tags = [
    ...new Set(
      text("tags")
        .split(tagSeparators)
        .map((tag) => tag.trim())
        .filter((tag) => tag !== ""),
    ),
  ];
  const longTag = tags.find((tag) => tag.length > customerTagLengthMax);
  if (longTag !== undefined) {
    issues.push(issue("tags", "TOO_LONG", `at most ${customerTagLengthMax} characters per tag (${longTag})`));
  }
  const ownerEmail = normalizeEmail(text("ownerEmail"));
  issues.push(...tooLong("ownerEmail", ownerEmail, emailLengthMax));
  if (ownerEmail !== "" && !/^[^\s@]+@[^\s@]+$/.test(ownerEmail)) {
    issues.push(issue("ownerEmail", "INVALID_EMAIL", "an email address"));
  }
  const notes = text("notes");
  issues.push(...tooLong("notes", notes, notesLengthMax));

  const input: CustomerSheetInput = {
    code,
    name,
    kind: kind ?? "company",
    creditCode: orNull(creditCodeText),
    idNumber: orNull(idNumberText),
    industry: orNull(industry),
    tags,
    ownerEmail: orNull(ownerEmail),
    notes: orNull(notes),
  };
  issues.push(
    ...customerInputIssues({
      ...input,
      // The kind is already reported when unknown; without one, ID numbers are not judged by it.
      ...(kind === undefined ? { kind: "individual" } : {}),
      creditCode: creditCodeLost.length > 0 ? null : input.creditCode,
      idNumber: idNumberLost.length > 0 ? null : input.idNumber,
    }),
  );
  return { input, issues };
}

/** Rows named in a duplicate's message: a value repeated 5,000 times must not make 5,000² words. */
const duplicateRowsShownMax = 5;

/** "row 7 has …", "rows 3, 7 have …", "rows 3, 7, 9, 12, 15 and 120 more have …". */
function otherRowsText(shown: ReadonlyArray<number>, othersCount: number, field: string): string {
  if (othersCount === 1) return `row ${shown[0]} has the same ${field}`;
  const more = othersCount - shown.length;
  return `rows ${shown.join(", ")}${more > 0 ? ` and ${more} more` : ""} have the same ${field}`;
}

/** Rows that share a value the database keeps unique: each of them is told which others. */
function duplicateIssues(
  rows: ReadonlyArray<{ rowNumber: number; input: CustomerSheetInput }>,
): Map<number, FieldIssue[]> {
  const found = new Map<number, FieldIssue[]>();
  const fields = ["code", "creditCode", "idNumber"] as const;
  for (const field of fields) {
    const byValue = new Map<string, number[]>();
    for (const row of rows) {
      const value = row.input[field];
      if (value === null || value === "") continue;
      const rowNumbers = byValue.get(value);
      if (rowNumbers === undefined) byValue.set(value, [row.rowNumber]);
      else rowNumbers.push(row.rowNumber);
    }
    for (const rowNumbers of byValue.values()) {
      if (rowNumbers.length < 2) continue;
      // Only the first rows are named; one more than shown, in case the row itself is among them.
      const named = rowNumbers.slice(0, duplicateRowsShownMax + 1);
      for (const rowNumber of rowNumbers) {
        const shown = named.filter((n) => n !== rowNumber).slice(0, duplicateRowsShownMax);
        const issues = found.get(rowNumber) ?? [];
        issues.push(issue(field, "DUPLICATE_IN_FILE", otherRowsText(shown, rowNumbers.length - 1, field)));
        found.set(rowNumber, issues);
      }
    }
  }
  return found;
}

/**
 * Rows of an import file as customer inputs. The first non-blank row names the columns (Chinese
 * or English headers, see `customerExportColumns`); 客户编码/code and 客户名称/name are required,
 * the others optional. Cells are trimmed. 类型 is 公司/个人 or company/individual (empty means
 * company, as in the API); 标签 splits at `;` `；` `,` `，`. Each row gets every problem found:
 * check characters (`customerInputIssues`), lengths, and values that another row of the file has
 * too (code, credit code, ID number: both rows are flagged). A masked ID number (as exports write
 * it) reads as none.
 */
export function parseCustomerRows(table: ReadonlyArray<ReadonlyArray<string>>): ParsedCustomerSheet {
  const sheet = readSheetRows(table, customerLayout);
  if (sheet.fileIssues.length > 0) return { rows: [], fileIssues: sheet.fileIssues };
  const parsed = sheet.rows.map((row) => ({ rowNumber: row.rowNumber, ...rowOf(row.cells) }));
  const duplicates = duplicateIssues(parsed);
  return {
    rows: parsed.map((row) => ({
      rowNumber: row.rowNumber,
      input: row.input,
      issues: [...row.issues, ...(duplicates.get(row.rowNumber) ?? [])],
    })),
    fileIssues: [],
  };
}

// ---------------------------------------------------------------------------------------------
// Reading XLSX

/** Excel's precision: 15 significant digits (Microsoft, "Excel specifications and limits"). */
const excelDigitsMax = 15;

/**
 * A number cell as text. Integers below 10^15 are written out in full, zero-padded to the width
 * of a `000000`-style number format (the usual way to keep a code's leading zeros in Excel).
 * Larger integers have already lost their digits beyond the 15th inside Excel (an 18-digit ID
 * number typed into a General cell is stored as 110105194912310000), so they come back in
 * Excel's own scientific form (1.1010519491231E+17), which `parseCustomerRows` reports instead
 * of storing a number whose last digits were invented. Other numbers are rounded to Excel's 15
 * digits, as Excel shows them (0.1+0.2 is 0.3).
 */
export function xlsxNumberText(value: number, numFmt: string | undefined): string {
  if (Number.isInteger(value) && Math.abs(value) >= 10 ** excelDigitsMax) {
    return value
      .toExponential(excelDigitsMax - 1)
      .replace(/\.?0+e/, "e")
      .toUpperCase();
  }
  if (Number.isInteger(value)) {
    const text = String(value);
    return value >= 0 && numFmt !== undefined && /^0+$/.test(numFmt)
      ? text.padStart(numFmt.length, "0")
      : text;
  }
  return String(Number(value.toPrecision(excelDigitsMax)));
}

/** Dates as YYYY-MM-DD (exceljs reads them as UTC), with the time when there is one. */
function xlsxDateText(value: Date): string {
  const iso = value.toISOString();
  return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso.slice(0, 19).replace("T", " ");
}

function xlsxCellText(cell: ExcelJS.Cell): string {
  switch (cell.type) {
    case ExcelJS.ValueType.Null:
    // The cells a merge covers are empty, as in a CSV that Excel saves; the first holds the value.
    case ExcelJS.ValueType.Merge:
      return "";
    case ExcelJS.ValueType.Number:
      return xlsxNumberText(cell.value as number, cell.numFmt);
    case ExcelJS.ValueType.Date:
      return xlsxDateText(cell.value as Date);
    case ExcelJS.ValueType.Formula: {
      // The value Excel computed when it saved the file; the formula itself is not run.
      const result: unknown = cell.result;
      if (typeof result === "number") return xlsxNumberText(result, cell.numFmt);
      if (result instanceof Date) return xlsxDateText(result);
      if (typeof result === "string" || typeof result === "boolean") return String(result);
      if (result !== null && typeof result === "object" && "error" in result) return String(result.error);
      return "";
    }
    case ExcelJS.ValueType.Error:
      return String((cell.value as ExcelJS.CellErrorValue).error);
    default:
      // Strings, rich text (its runs joined), hyperlinks (their text), booleans.
      return cell.text;
  }
}

/**
 * The first worksheet of an XLSX workbook as rows of text, numbered as in Excel (table row i is
 * Excel row i + 1; empty rows stay, as empty arrays). Cells go through `xlsxCellText`.
 *
 * @param dataRowsMax rows allowed below the first (the header row); a later row is an error.
 */
export async function readXlsxTable(
  bytes: Uint8Array,
  dataRowsMax: number = importRowsMax,
): Promise<string[][]> {
  checkImportSize(bytes);
  if (!zipSignature.every((byte, index) => bytes[index] === byte)) {
    const xls = oleSignature.every((byte, index) => bytes[index] === byte);
    throw fileError(
      "NOT_XLSX",
      xls
        ? "the file is an Excel 97–2003 workbook (.xls): save it as .xlsx (Excel 工作簿) first"
        : "the file is not an XLSX workbook",
    );
  }
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as never);
  } catch (error) {
    throw fileError(
      "NOT_XLSX",
      `the workbook cannot be read (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  const sheet = workbook.worksheets[0];
  if (sheet === undefined) return [];
  const table: string[][] = [];
  let tooMany = false;
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    // Row numbers are what the user sees, so the limit is on them: header and dataRowsMax rows.
    if (rowNumber > dataRowsMax + 1) {
      tooMany = true;
      return;
    }
    while (table.length < rowNumber - 1) table.push([]);
    const cells: string[] = [];
    for (let column = 1; column <= row.cellCount; column += 1) cells.push(xlsxCellText(row.getCell(column)));
    table.push(cells);
  });
  if (tooMany) {
    throw fileError(
      "TOO_MANY_ROWS",
      `the sheet has rows beyond row ${dataRowsMax + 1}; at most ${dataRowsMax} rows below the header are read`,
    );
  }
  return table;
}

export const customerSheetFormats = ["csv", "xlsx"] as const;
export type CustomerSheetFormat = (typeof customerSheetFormats)[number];

/** An import file's bytes to checked rows: CSV (UTF-8 or GB18030) or the first sheet of an XLSX workbook. */
export async function readCustomerSheet(
  format: CustomerSheetFormat,
  bytes: Uint8Array,
): Promise<ParsedCustomerSheet> {
  switch (format) {
    case "csv":
      return parseCustomerRows(readCsv(bytes).table);
    case "xlsx":
      return parseCustomerRows(await readXlsxTable(bytes));
  }
}

// ---------------------------------------------------------------------------------------------
// Export

export interface CustomerTableInput {
  readonly customers: AsyncIterable<Customer>;
  readonly language: ExportLanguage;
  /** The owner's email (their login), or null when the user is gone. */
  readonly ownerEmailOf: (userId: string) => string | null;
}

/**
 * A customer's cells in the order of `customerExportColumns`, as plain text. The ID number column
 * holds the mask only: the number is never decrypted for an export (PIPL art. 28, sensitive
 * personal information).
 */
function customerCells(customer: Customer, input: CustomerTableInput): ReadonlyArray<string> {
  const values: Readonly<Record<CustomerColumnKey, string>> = {
    code: customer.code,
    name: customer.name,
    kind: kindLabels[input.language][customer.kind],
    creditCode: customer.creditCode ?? "",
    idNumber: customer.idNumberMasked ?? "",
    industry: customer.industry ?? "",
    tags: customer.tags.join(tagJoiner),
    ownerEmail: customer.ownerUserId === null ? "" : (input.ownerEmailOf(customer.ownerUserId) ?? ""),
    notes: customer.notes ?? "",
  };
  return customerExportColumns[input.language].map((column) => values[column.key]);
}

/** Customers as CSV: UTF-8 with a byte order mark, CRLF, RFC 4180 quoting, every cell neutralized. */
export async function* customersCsv(input: CustomerTableInput): AsyncGenerator<string> {
  yield `${utf8Bom}${csvRow(customerExportColumns[input.language].map((column) => column.header))}`;
  for await (const customer of input.customers) {
    yield csvRow(customerCells(customer, input).map(neutralizeFormula));
  }
}

/** Rows written between two looks at the output's backpressure. */
const xlsxRowsPerDrainCheck = 1000;

/**
 * Customers as an XLSX workbook (one sheet, the columns of `customersCsv`), streamed row by row.
 * Every cell is a text cell, neutralized; the code and identity columns are formatted as text.
 */
export async function writeCustomersXlsx(
  input: CustomerTableInput,
  output: NodeJS.WritableStream,
): Promise<void> {
  const columns = customerExportColumns[input.language];
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: output as unknown as Stream,
    useStyles: true,
    useSharedStrings: false,
  });
  workbook.creator = "Credence";
  const sheet = workbook.addWorksheet(input.language === "zh-CN" ? "客户" : "Customers", {
    views: [{ state: "frozen", ySplit: 1 }],
  });
  sheet.columns = columnSpecs.map((spec) => ({
    width: spec.width,
    ...(spec.identifier ? { style: { numFmt: "@" } } : {}),
  }));
  const header = sheet.addRow(columns.map((column) => column.header));
  header.font = { bold: true };
  header.commit();
  let rows = 1;
  for await (const customer of input.customers) {
    if (rows >= xlsxSheetRowsMax) {
      throw new Error(`more than ${xlsxSheetRowsMax - 1} customers do not fit one sheet; export CSV instead`);
    }
    sheet
      .addRow(customerCells(customer, input).map((cell) => (cell === "" ? null : neutralizeFormula(cell))))
      .commit();
    rows += 1;
    // The zip pipes into `output`; waiting here keeps a slow reader from piling the file up in memory.
    if (
      rows % xlsxRowsPerDrainCheck === 0 &&
      "writableNeedDrain" in output &&
      output.writableNeedDrain === true
    ) {
      await once(output, "drain");
    }
  }
  sheet.commit();
  await workbook.commit();
}

// ---------------------------------------------------------------------------------------------
// Import template

/** What each column holds, for the template's second sheet (说明 / Instructions). */
const columnGuides: Readonly<Record<CustomerColumnKey, Readonly<Record<ExportLanguage, string>>>> = {
  code: {
    "zh-CN": "必填。本组织内唯一，最多 32 个字符；以 0 开头的编码请把该列设为文本格式。",
    en: "Required. Unique in the organization, at most 32 characters; format the column as text to keep leading zeros.",
  },
  name: { "zh-CN": "必填。最多 200 个字符。", en: "Required. At most 200 characters." },
  kind: {
    "zh-CN": "公司 或 个人；留空为公司。",
    en: "company or individual (公司/个人); empty means company.",
  },
  creditCode: {
    "zh-CN": "统一社会信用代码，18 位，校验码须正确（GB 32100-2015）。",
    en: "Unified social credit code, 18 characters with a valid check character (GB 32100-2015).",
  },
  idNumber: {
    "zh-CN": "仅个人客户：18 位居民身份证号，加密保存，导出时只显示掩码。",
    en: "Individuals only: the 18-character resident ID number; stored encrypted, exported masked.",
  },
  industry: { "zh-CN": "行业，最多 100 个字符。", en: "Industry, at most 100 characters." },
  tags: {
    "zh-CN": `标签，用 ; 或 ， 分隔，每个最多 ${customerTagLengthMax} 个字符。`,
    en: `Tags separated by ; or , (at most ${customerTagLengthMax} characters each).`,
  },
  ownerEmail: {
    "zh-CN": "负责人的登录邮箱，须是本组织成员。",
    en: "The owner's login email; they must be a member of the organization.",
  },
  notes: { "zh-CN": "备注，最多 2000 个字符。", en: "Notes, at most 2000 characters." },
};

const customerTemplate: SheetTemplate<CustomerColumnKey> = {
  columns: columnSpecs,
  sheetName: { "zh-CN": "客户", en: "Customers" },
  guides: columnGuides,
  closing: {
    "zh-CN": [
      "第一行是列名（中文或英文均可），之后每行一个客户。任何一行有误时默认不导入任何行；可选择只导入正确的行。",
    ],
    en: [
      "The first row names the columns (Chinese or English headers); then one customer per row. By default nothing is imported while any row is invalid; you may choose to import the valid rows only.",
    ],
  },
  // No example rows, so that nothing sample-like gets imported.
  examples: [],
};

/** The import template as CSV: the header row only. */
export function customerTemplateCsv(language: ExportLanguage): string {
  return sheetTemplateCsv(customerTemplate, language);
}

/**
 * The import template as XLSX: the first sheet holds the header row (identifier columns formatted
 * as text, so that codes and 18-digit numbers survive typing), the second explains each column.
 */
export async function customerTemplateXlsx(language: ExportLanguage): Promise<Buffer> {
  return sheetTemplateXlsx(customerTemplate, language);
}
