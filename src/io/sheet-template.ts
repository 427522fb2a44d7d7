import ExcelJS from "exceljs";
import type { ExportLanguage } from "./ledger-export.ts";
import type { SheetColumn } from "./sheet-columns.ts";
import { csvRow, neutralizeFormula, utf8Bom } from "./spreadsheet-safety.ts";

/**
 * The file a user downloads to fill in for an import: the header row (with example rows when the
 * layout is not obvious), and in XLSX a second sheet that explains each column. Imports read the
 * first sheet only. Every text cell is neutralized (spreadsheet-safety.ts), examples included.
 */

export interface TemplateColumn<Key extends string> extends SheetColumn<Key> {
  /** Width in characters for XLSX. */
  readonly width: number;
  /**
   * Codes and numbers that must stay text: the XLSX column is formatted as text (`@`), so a code
   * typed into it later keeps its leading zeros and a 20-digit number all its digits.
   */
  readonly identifier: boolean;
}

export interface SheetTemplate<Key extends string> {
  readonly columns: ReadonlyArray<TemplateColumn<Key>>;
  /** The name of the first sheet, where the rows go. */
  readonly sheetName: Readonly<Record<ExportLanguage, string>>;
  /** What each column holds, for the instructions sheet. */
  readonly guides: Readonly<Record<Key, Readonly<Record<ExportLanguage, string>>>>;
  /** The instructions' last paragraphs: how rows become records, what happens to invalid rows. */
  readonly closing: Readonly<Record<ExportLanguage, ReadonlyArray<string>>>;
  /** Rows under the header, by column key; missing keys are empty cells. */
  readonly examples: ReadonlyArray<Readonly<Partial<Record<Key, string>>>>;
}

export function templateHeader<Key extends string>(
  columns: ReadonlyArray<SheetColumn<Key>>,
  language: ExportLanguage,
): string[] {
  return columns.map((column) => (language === "zh-CN" ? column.zh : column.en));
}

const exampleCells = <Key extends string>(
  template: SheetTemplate<Key>,
  example: Readonly<Partial<Record<Key, string>>>,
): string[] => template.columns.map((column) => neutralizeFormula(example[column.key] ?? ""));

/** The template as CSV: UTF-8 with a byte order mark (so Excel on Windows reads it as UTF-8), CRLF. */
export function sheetTemplateCsv<Key extends string>(
  template: SheetTemplate<Key>,
  language: ExportLanguage,
): string {
  const rows = [
    templateHeader(template.columns, language),
    ...template.examples.map((example) => exampleCells(template, example)),
  ];
  return `${utf8Bom}${rows.map(csvRow).join("")}`;
}

/** The template as XLSX: the rows on the first sheet (identifier columns formatted as text), then 说明 / Instructions. */
export async function sheetTemplateXlsx<Key extends string>(
  template: SheetTemplate<Key>,
  language: ExportLanguage,
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Credence";
  const zh = language === "zh-CN";
  const sheet = workbook.addWorksheet(template.sheetName[language], {
    views: [{ state: "frozen", ySplit: 1 }],
  });
  sheet.columns = template.columns.map((column) => ({
    width: column.width,
    ...(column.identifier ? { style: { numFmt: "@" } } : {}),
  }));
  sheet.addRow(templateHeader(template.columns, language)).font = { bold: true };
  for (const example of template.examples) {
    sheet.addRow(exampleCells(template, example).map((cell) => (cell === "" ? null : cell)));
  }
  const guide = workbook.addWorksheet(zh ? "说明" : "Instructions");
  guide.columns = [{ width: 22 }, { width: 22 }, { width: 90 }];
  guide.addRow(
    zh ? ["列（中文）", "列（英文）", "说明"] : ["Column (Chinese)", "Column (English)", "What it holds"],
  ).font = { bold: true };
  for (const column of template.columns) {
    guide.addRow([column.zh, column.en, neutralizeFormula(template.guides[column.key][language])]);
  }
  guide.addRow([]);
  for (const paragraph of template.closing[language]) guide.addRow([paragraph]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
