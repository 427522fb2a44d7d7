import type { FieldIssue } from "../core/errors.ts";
import { neutralizeFormula } from "./spreadsheet-safety.ts";

/**
 * The rows of an import sheet whose first non-blank row names the columns, in Chinese or English,
 * in any order and case: shared by every row-per-record import (customers, invoices, payments).
 * Pure: a table of cell text in, each row's cells by column key out, with every problem of the
 * header (unknown, repeated, missing, unnamed columns) and of the row count found at once.
 */

export interface SheetColumn<Key extends string> {
  readonly key: Key;
  readonly zh: string;
  readonly en: string;
  /** Other headers people give the column (compared as `headerKey` compares). */
  readonly aliases?: ReadonlyArray<string>;
}

export interface SheetLayout<Key extends string> {
  readonly columns: ReadonlyArray<SheetColumn<Key>>;
  readonly required: ReadonlyArray<Key>;
  /** What a row is, in the plural, for messages: "customers", "invoice lines". */
  readonly rowsNoun: string;
  /** Non-blank rows below the header that one file may have. */
  readonly rowsMax: number;
}

export interface SheetRow<Key extends string> {
  /** The row as Excel numbers it: the header is row 1, or lower when rows above it are blank. */
  readonly rowNumber: number;
  /** Trimmed cell text by column; columns the file lacks are absent. */
  readonly cells: ReadonlyMap<Key, string>;
}

export interface SheetRows<Key extends string> {
  /** Blank rows are left out (their numbers are not reused). Empty when `fileIssues` is not. */
  readonly rows: ReadonlyArray<SheetRow<Key>>;
  /** Problems of the file as a whole (path `file`): unknown or missing columns, no rows. */
  readonly fileIssues: ReadonlyArray<FieldIssue>;
}

export function sheetIssue(path: string, code: string, message: string): FieldIssue {
  return { path, code, message };
}

/** Headers compare without spaces and case: "Credit Code", "creditcode" and "creditCode" are one column. */
export function headerKey(text: string): string {
  return text.replace(/\s+/g, "").toLowerCase();
}

export const isBlankRow = (row: ReadonlyArray<string>): boolean => row.every((cell) => cell.trim() === "");

/** Excel's column letters: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let letters = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  }
  return letters;
}

/**
 * A cell's text as it was before an export neutralized it: `'=HYPERLINK(…)` back to `=HYPERLINK(…)`.
 * Only the apostrophe that `neutralizeFormula` would have added goes, so an export re-imports
 * unchanged; the database holds plain text, and every export neutralizes it again.
 */
export function unneutralized(text: string): string {
  return text.startsWith("'") && neutralizeFormula(text.slice(1)) === text ? text.slice(1) : text;
}

/**
 * A number as Excel shows it once it no longer holds all its digits (1.10105E+17). Excel keeps 15
 * significant digits, so an 18-digit ID number, credit code or 20-digit 发票号码 typed into a
 * General cell has lost its last digits before the file is saved: CSV files carry this text, and
 * the XLSX reader writes such numbers in this form too (see `xlsxNumberText`).
 */
const scientificNumber = /^-?[0-9](\.[0-9]+)?E[+-]?[0-9]+$/i;

/** NUMBER_PRECISION_LOST when an identifier reached us as Excel's scientific form. */
export function precisionLost(path: string, value: string): FieldIssue[] {
  return scientificNumber.test(value)
    ? [
        sheetIssue(
          path,
          "NUMBER_PRECISION_LOST",
          `Excel stored ${value} as a number and kept only 15 digits; format the column as text (文本) and type it again`,
        ),
      ]
    : [];
}

export function tooLong(path: string, value: string, lengthMax: number): FieldIssue[] {
  return value.length > lengthMax ? [sheetIssue(path, "TOO_LONG", `at most ${lengthMax} characters`)] : [];
}

const columnNames = <Key extends string>(columns: ReadonlyArray<SheetColumn<Key>>) =>
  columns.map((c) => `${c.zh}/${c.en}`).join(", ");

function headerIssues<Key extends string>(
  layout: SheetLayout<Key>,
  header: ReadonlyArray<string>,
  body: ReadonlyArray<ReadonlyArray<string>>,
  firstBodyRowNumber: number,
) {
  const columnByHeader = new Map<string, Key>(
    layout.columns.flatMap((c) => [c.zh, c.en, ...(c.aliases ?? [])].map((name) => [headerKey(name), c.key])),
  );
  const keys: Array<Key | null> = [];
  const unknown: string[] = [];
  const repeated: string[] = [];
  for (const cell of header) {
    const name = cell.trim();
    const key = name === "" ? undefined : columnByHeader.get(headerKey(name));
    if (name !== "" && key === undefined) unknown.push(name);
    if (key !== undefined && keys.includes(key)) repeated.push(name);
    keys.push(key === undefined || keys.includes(key) ? null : key);
  }
  const fileIssues: FieldIssue[] = [];
  if (unknown.length > 0) {
    fileIssues.push(
      sheetIssue(
        "file",
        "UNKNOWN_COLUMNS",
        `unknown columns: ${unknown.join(", ")}; the columns are ${columnNames(layout.columns)}`,
      ),
    );
  }
  if (repeated.length > 0) {
    fileIssues.push(sheetIssue("file", "REPEATED_COLUMNS", `columns named twice: ${repeated.join(", ")}`));
  }
  const missing = layout.required.filter((key) => !keys.includes(key));
  if (missing.length > 0) {
    const names = columnNames(layout.columns.filter((c) => missing.includes(c.key)));
    fileIssues.push(sheetIssue("file", "MISSING_COLUMNS", `required columns missing: ${names}`));
  }
  // A cell under no header would be dropped without a word; say where it is instead.
  // A loop, not Math.max(...rows): spreading 100,000 arguments overflows the call stack.
  let width = header.length;
  for (const row of body) width = Math.max(width, row.length);
  for (let column = 0; column < width; column += 1) {
    if ((header[column] ?? "").trim() !== "") continue;
    const at = body.findIndex((row) => (row[column] ?? "").trim() !== "");
    if (at >= 0) {
      fileIssues.push(
        sheetIssue(
          "file",
          "UNNAMED_COLUMN",
          `column ${columnLetter(column)} has no header but row ${firstBodyRowNumber + at} has a value in it`,
        ),
      );
    }
  }
  return { keys, fileIssues };
}

/**
 * The non-blank rows of `table` below its header, each as trimmed cell text by column key (an
 * apostrophe that an export put before formula-like text is removed). Any problem of the header
 * or the row count comes back in `fileIssues`, with no rows.
 */
export function readSheetRows<Key extends string>(
  table: ReadonlyArray<ReadonlyArray<string>>,
  layout: SheetLayout<Key>,
): SheetRows<Key> {
  const headerIndex = table.findIndex((row) => !isBlankRow(row));
  const header = table[headerIndex];
  if (header === undefined) {
    const required = layout.columns.filter((c) => layout.required.includes(c.key)).map((c) => c.zh);
    return {
      rows: [],
      fileIssues: [
        sheetIssue(
          "file",
          "NO_HEADER",
          `the file is empty; its first row names the columns (${[...required, "…"].join(", ")})`,
        ),
      ],
    };
  }
  const body = table.slice(headerIndex + 1);
  const { keys, fileIssues } = headerIssues(layout, header, body, headerIndex + 2);
  const filled = body.filter((row) => !isBlankRow(row)).length;
  if (filled === 0) {
    fileIssues.push(sheetIssue("file", "NO_ROWS", `the file has a header but no ${layout.rowsNoun}`));
  }
  if (filled > layout.rowsMax) {
    fileIssues.push(
      sheetIssue("file", "TOO_MANY_ROWS", `at most ${layout.rowsMax} ${layout.rowsNoun} in one file`),
    );
  }
  if (fileIssues.length > 0) return { rows: [], fileIssues };

  const rows: Array<SheetRow<Key>> = [];
  body.forEach((row, index) => {
    if (isBlankRow(row)) return;
    const cells = new Map<Key, string>();
    keys.forEach((key, column) => {
      if (key !== null) cells.set(key, unneutralized((row[column] ?? "").trim()));
    });
    rows.push({ rowNumber: headerIndex + index + 2, cells });
  });
  return { rows, fileIssues: [] };
}
