import type { Locale } from "../domain/organization/index.ts";
import type { ReportCell, ReportColumn, ReportTable } from "../services/reports/report.ts";
import { csvRow, neutralizeFormula, utf8Bom } from "./spreadsheet-safety.ts";

/**
 * A report table as CSV (RFC 4180, UTF-8 with a byte order mark so that Excel and WPS read the
 * Chinese): a header row in the chosen language, one record per row, then the totals row with
 * 合计 / Total in its first empty cell. Amounts stay plain decimals ("-1234.56", no grouping) so
 * that every program reads them back as the same number; text cells are neutralized.
 */

export const totalLabel: Readonly<Record<Locale, string>> = { "zh-CN": "合计", en: "Total" };

/** A cell as CSV text: text neutralized, everything else as written. */
export function csvCell(column: ReportColumn, cell: ReportCell | undefined): string {
  if (cell === null || cell === undefined) return "";
  if (typeof cell === "number") return String(cell);
  return column.kind === "text" ? neutralizeFormula(cell) : cell;
}

/**
 * The totals row's cells with the total label in the first column that has no value (the row's
 * heading), so a reader sees which row sums the others.
 */
export function totalsWithLabel(
  table: ReportTable,
  locale: Locale,
): Readonly<Record<string, ReportCell>> | undefined {
  if (table.totals === undefined) return undefined;
  const first = table.columns.find((column) => column.kind === "text" && table.totals?.[column.key] == null);
  return first === undefined ? table.totals : { ...table.totals, [first.key]: totalLabel[locale] };
}

export function reportCsv(table: ReportTable, locale: Locale): string {
  const lines = [utf8Bom, csvRow(table.columns.map((column) => neutralizeFormula(column.label[locale])))];
  for (const row of table.rows)
    lines.push(csvRow(table.columns.map((column) => csvCell(column, row[column.key]))));
  const totals = totalsWithLabel(table, locale);
  if (totals !== undefined)
    lines.push(csvRow(table.columns.map((column) => csvCell(column, totals[column.key]))));
  return lines.join("");
}
