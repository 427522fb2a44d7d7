import ExcelJS from "exceljs";
import { assert } from "../core/errors.ts";
import type { Locale } from "../domain/organization/index.ts";
import type { ReportCell, ReportColumn, ReportTable } from "../services/reports/report.ts";
import { totalsWithLabel } from "./report-csv.ts";
import { neutralizeFormula } from "./spreadsheet-safety.ts";

/**
 * A report as an XLSX workbook: one sheet per table, the header row bold and frozen, amounts and
 * counts as numbers (so that they sum), amounts formatted #,##0.00, dates as dates, shares as
 * percentages, text neutralized against formulas, the totals row bold. The file is repeatable:
 * its dates come from the report's as-of date, never from the clock.
 */

/**
 * Most significant digits of an amount written as a number: every decimal of at most 15 digits
 * survives the round trip through a double (DBL_DIG), so it reads back to the same minor units.
 * A longer amount is written as exact text, right-aligned (see statement-workbook.ts).
 */
const numberDigitsMax = 15;
const columnWidthMin = 8;
const columnWidthMax = 60;
/** Sheet names: at most 31 characters, none of : \ / ? * [ ] (Excel's rules). */
const sheetNameLengthMax = 31;

export interface ReportWorkbookInput {
  readonly title: string;
  readonly organizationName: string;
  readonly asOf: string;
  readonly locale: Locale;
  readonly tables: ReadonlyArray<ReportTable>;
}

function decimalDigits(text: string): number {
  return text.replace(/[^0-9]/g, "").replace(/^0+/, "").length;
}

function dateValue(text: string): Date {
  const match = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(text);
  assert(match !== null, `${text} is not a YYYY-MM-DD date`);
  const [, year = "", month = "", day = ""] = match;
  // UTC midnight: no time zone moves a calendar date to the day before.
  return new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
}

function writeCell(target: ExcelJS.Cell, column: ReportColumn, cell: ReportCell | undefined): number {
  if (cell === null || cell === undefined) return 0;
  switch (column.kind) {
    case "text": {
      const text = neutralizeFormula(String(cell));
      target.value = text;
      return [...text].reduce((width, char) => width + ((char.codePointAt(0) ?? 0) > 0x2e80 ? 2 : 1), 0);
    }
    case "money": {
      const text = String(cell);
      if (decimalDigits(text) <= numberDigitsMax) {
        target.value = Number(text);
        const decimals = text.includes(".") ? (text.split(".")[1]?.length ?? 2) : 0;
        target.numFmt = decimals === 0 ? "#,##0" : `#,##0.${"0".repeat(decimals)}`;
      } else {
        target.value = text;
        target.alignment = { horizontal: "right" };
      }
      return text.length + Math.floor(text.length / 3);
    }
    case "percent": {
      target.value = Number(cell);
      target.numFmt = "0.00%";
      return 8;
    }
    case "count":
    case "number":
      target.value = typeof cell === "number" ? cell : Number(cell);
      return String(cell).length;
    case "date":
      target.value = dateValue(String(cell));
      target.numFmt = "yyyy-mm-dd";
      return 10;
  }
}

function sheetName(title: string, used: Set<string>): string {
  const base = title.replace(/[:\\/?*[\]]/g, " ").slice(0, sheetNameLengthMax) || "Sheet";
  let name = base;
  for (let n = 2; used.has(name); n += 1) name = `${base.slice(0, sheetNameLengthMax - 4)} (${n})`;
  used.add(name);
  return name;
}

export async function reportWorkbook(input: ReportWorkbookInput): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const created = dateValue(input.asOf);
  workbook.creator = "Credence";
  workbook.title = input.title;
  workbook.company = input.organizationName;
  workbook.created = created;
  workbook.modified = created;
  const used = new Set<string>();
  for (const table of input.tables) {
    const sheet = workbook.addWorksheet(sheetName(table.title[input.locale], used), {
      views: [{ state: "frozen", ySplit: 1 }],
    });
    const widths = table.columns.map((column) => [...column.label[input.locale]].length * 2);
    const header = sheet.addRow(table.columns.map((column) => neutralizeFormula(column.label[input.locale])));
    header.font = { bold: true };
    const addRecord = (record: Readonly<Record<string, ReportCell>>, bold: boolean) => {
      const row = sheet.addRow([]);
      table.columns.forEach((column, index) => {
        const cell = row.getCell(index + 1);
        const width = writeCell(cell, column, record[column.key]);
        widths[index] = Math.max(widths[index] ?? 0, width);
        if (bold) cell.font = { bold: true };
      });
    };
    for (const record of table.rows) addRecord(record, false);
    const totals = totalsWithLabel(table, input.locale);
    if (totals !== undefined) addRecord(totals, true);
    widths.forEach((width, index) => {
      sheet.getColumn(index + 1).width = Math.min(columnWidthMax, Math.max(columnWidthMin, width + 2));
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
