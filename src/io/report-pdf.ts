import type { Locale } from "../domain/organization/index.ts";
import type { ReportCell, ReportColumn, ReportTable } from "../services/reports/report.ts";
import {
  colorRowRule,
  colorText,
  contentWidthPt,
  drawFooters,
  drawHeading,
  drawPairs,
  drawTableHeader,
  drawTableRow,
  drawTitle,
  makeRoom,
  openPdf,
  type PdfCanvas,
  type PdfColumn,
  pageMarginPt,
  rule,
  sectionGapPt,
  styleCell,
  styleCellBold,
  tableHeaderHeightPt,
  tableRowHeightPt,
} from "./pdf-layout.ts";
import { totalsWithLabel } from "./report-csv.ts";

/**
 * A report as an A4 PDF in the family of the statement and the disclosure sheet: the title, the
 * organization and the as-of date, then each table with its header repeated at the top of every
 * page it runs onto, the totals row bold, and "第 X / Y 页" footers. Noto Sans CJK draws Chinese and
 * English alike. Repeatable: the document's date is the as-of date, never the clock.
 */

export interface ReportPdfInput {
  readonly title: string;
  readonly organizationName: string;
  readonly asOf: string;
  readonly locale: Locale;
  /** More label/value lines under the title (basis, grouping, currency…). */
  readonly facts: ReadonlyArray<{ readonly label: string; readonly value: string }>;
  readonly tables: ReadonlyArray<ReportTable>;
}

const labels = {
  "zh-CN": {
    organization: "组织",
    asOf: "截至日期",
    colon: "：",
    empty: "（无数据）",
    pageText: (page: number, count: number) => `第 ${page} / ${count} 页`,
  },
  en: {
    organization: "Organization",
    asOf: "As of",
    colon: ": ",
    empty: "(no rows)",
    pageText: (page: number, count: number) => `Page ${page} of ${count}`,
  },
} as const;

/** Relative column widths by kind: names need room, counts little. */
const kindWeight: Readonly<Record<ReportColumn["kind"], number>> = {
  text: 2,
  money: 1.35,
  date: 1.1,
  count: 0.7,
  number: 0.9,
  percent: 0.9,
};

/** "1234567.89" → "1,234,567.89": the decimal as written, with thousands grouped. */
export function groupedDecimal(text: string): string {
  const match = /^(-?)([0-9]+)(\.[0-9]+)?$/.exec(text);
  if (match === null) return text;
  const [, sign = "", whole = "", fraction = ""] = match;
  return `${sign}${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}${fraction}`;
}

function cellText(column: ReportColumn, cell: ReportCell | undefined): string {
  if (cell === null || cell === undefined) return "";
  switch (column.kind) {
    case "money":
      return groupedDecimal(String(cell));
    case "percent": {
      const value = Number(cell);
      return Number.isFinite(value) ? `${(value * 100).toFixed(2)}%` : String(cell);
    }
    case "text":
    case "count":
    case "number":
    case "date":
      return String(cell);
  }
}

function pdfColumns(table: ReportTable, locale: Locale): PdfColumn[] {
  const weights = table.columns.map((column) => kindWeight[column.kind]);
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  return table.columns.map((column, index) => {
    return {
      label: column.label[locale],
      align: column.kind === "text" || column.kind === "date" ? "left" : "right",
      widthPt: (contentWidthPt * (weights[index] ?? 1)) / total,
    };
  });
}

function drawTable(canvas: PdfCanvas, table: ReportTable, locale: Locale): void {
  const columns = pdfColumns(table, locale);
  drawHeading(canvas, table.title[locale], tableHeaderHeightPt + tableRowHeightPt);
  drawTableHeader(canvas, columns);
  const drawRecord = (record: Readonly<Record<string, ReportCell>>, bold: boolean) => {
    // A row that opens a page comes under the header again.
    if (makeRoom(canvas, tableRowHeightPt)) drawTableHeader(canvas, columns);
    if (bold) rule(canvas.doc, pageMarginPt, canvas.doc.y, contentWidthPt, colorText);
    drawTableRow(
      canvas,
      columns,
      table.columns.map((column) => cellText(column, record[column.key])),
      { heightPt: tableRowHeightPt, style: bold ? styleCellBold : styleCell, fill: null },
    );
    rule(canvas.doc, pageMarginPt, canvas.doc.y, contentWidthPt, colorRowRule, 0.3);
  };
  if (table.rows.length === 0) {
    const first = table.columns[0];
    if (first !== undefined) drawRecord({ [first.key]: labels[locale].empty }, false);
  }
  for (const record of table.rows) drawRecord(record, false);
  const totals = totalsWithLabel(table, locale);
  if (totals !== undefined) drawRecord(totals, true);
  canvas.doc.y += sectionGapPt;
}

export async function reportPdf(input: ReportPdfInput): Promise<Buffer> {
  const text = labels[input.locale];
  const { canvas, pdf } = openPdf({
    lang: input.locale,
    title: input.title,
    createdAt: new Date(`${input.asOf}T00:00:00Z`),
  });
  drawTitle(canvas, input.title);
  drawPairs(
    canvas,
    [
      { label: text.organization, value: input.organizationName },
      { label: text.asOf, value: input.asOf },
      ...input.facts,
    ],
    { values: "wrap", colon: text.colon },
  );
  canvas.doc.y += sectionGapPt;
  for (const table of input.tables) drawTable(canvas, table, input.locale);
  drawFooters(canvas, {
    leftText: `${input.organizationName} · ${input.title} · ${input.asOf}`,
    pageText: text.pageText,
  });
  canvas.doc.end();
  return pdf;
}
