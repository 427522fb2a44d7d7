import PDFDocument from "pdfkit";
import { assert } from "../core/errors.ts";
import { fontRegular, loadCjkFont, registerCjkFonts } from "./pdf-fonts.ts";

/**
 * The page, the type and the drawing helpers shared by Credence's A4 documents (the installment
 * disclosure sheet, the statement of account), so that they look like one family: same margins,
 * same type sizes, same tables, footers numbered "第 X / Y 页" on every page.
 */

export type PdfDocument = PDFKit.PDFDocument;

export const pageMarginPt = 40;
/** A4 portrait. */
export const pageWidthPt = 595.28;
export const pageHeightPt = 841.89;
export const contentWidthPt = pageWidthPt - 2 * pageMarginPt;

const footerHeightPt = 18;
const contentBottomPt = pageHeightPt - pageMarginPt - footerHeightPt;
export const sectionGapPt = 8;
export const tableRowHeightPt = 13;
export const tableHeaderHeightPt = 15;
const tableCellPaddingPt = 3;

export const colorText = "#1a1a1a";
const colorMuted = "#5c5c5c";
export const colorRule = "#9a9a9a";
export const colorRowRule = "#dddddd";
export const colorAccent = "#1f4e8c";
export const colorAccentFill = "#eef3fa";
const colorHeaderFill = "#ececec";

export interface TextStyle {
  readonly bold?: boolean;
  readonly sizePt: number;
  readonly color?: string;
}

const styleTitle: TextStyle = { bold: true, sizePt: 15 };
const styleHeading: TextStyle = { bold: true, sizePt: 9.5 };
export const styleBody: TextStyle = { sizePt: 8.5 };
export const styleLabel: TextStyle = { sizePt: 8.5, color: colorMuted };
export const styleCell: TextStyle = { sizePt: 8 };
export const styleCellBold: TextStyle = { bold: true, sizePt: 8 };
const styleFooter: TextStyle = { sizePt: 7, color: colorMuted };
export const styleHeadline: TextStyle = { bold: true, sizePt: 9.5, color: colorAccent };
export const styleBodyBold: TextStyle = { bold: true, sizePt: 8.5 };

/** A document being drawn. Renderers extend it with what they draw. */
export interface PdfCanvas {
  readonly doc: PdfDocument;
  /** The registered name of the bold font: the regular one when there is no bold file. */
  readonly boldFont: string;
}

export interface PdfOptions {
  /** BCP 47 tag of the document's language ("zh-CN", "en"), for screen readers. */
  readonly lang: string;
  readonly title: string;
  /**
   * The document's creation date. A fixed one (from the data, not the clock) makes the file
   * identifier, and so the whole file, repeatable.
   */
  readonly createdAt: Date;
}

/**
 * A new A4 document with the CJK font registered, its cursor at the top of the first page, and
 * the bytes it will produce once `doc.end()` is called. Throws PDF_FONT_MISSING without a font.
 */
export function openPdf(options: PdfOptions): { readonly canvas: PdfCanvas; readonly pdf: Promise<Buffer> } {
  const font = loadCjkFont();
  const doc = new PDFDocument({
    size: "A4",
    margins: { top: pageMarginPt, bottom: pageMarginPt, left: pageMarginPt, right: pageMarginPt },
    // Footers carry the page count, known only at the end.
    bufferPages: true,
    lang: options.lang,
    displayTitle: true,
    info: {
      Title: options.title,
      Producer: "Credence",
      Creator: "Credence",
      CreationDate: options.createdAt,
    },
  });
  const pdf = collectPdf(doc);
  const canvas: PdfCanvas = { doc, boldFont: registerCjkFonts(doc, font) };
  doc.y = pageMarginPt;
  return { canvas, pdf };
}

function collectPdf(doc: PdfDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    doc.on("data", (chunk: Uint8Array) => chunks.push(chunk));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
}

// ---------------------------------------------------------------------------------------------
// Text

function styled(canvas: PdfCanvas, style: TextStyle): PdfDocument {
  return canvas.doc
    .font(style.bold === true ? canvas.boldFont : fontRegular)
    .fontSize(style.sizePt)
    .fillColor(style.color ?? colorText);
}

export function lineHeightOf(canvas: PdfCanvas, style: TextStyle): number {
  return styled(canvas, style).currentLineHeight(true);
}

export function widthOf(canvas: PdfCanvas, text: string, style: TextStyle): number {
  return styled(canvas, style).widthOfString(text);
}

export function heightOf(canvas: PdfCanvas, text: string, style: TextStyle, widthPt: number): number {
  return styled(canvas, style).heightOfString(text, { width: widthPt, lineGap: 1 });
}

/**
 * One line at (x, y) without wrapping. Numbers are shrunk to fit rather than cut, since a cut
 * amount would state a different amount.
 */
export function put(
  canvas: PdfCanvas,
  text: string,
  at: { readonly x: number; readonly y: number; readonly widthPt: number; readonly align: "left" | "right" },
  style: TextStyle,
): void {
  if (text === "") return;
  const naturalWidthPt = widthOf(canvas, text, style);
  const fitted =
    naturalWidthPt > at.widthPt ? { ...style, sizePt: (style.sizePt * at.widthPt) / naturalWidthPt } : style;
  const widthPt = Math.min(naturalWidthPt, at.widthPt);
  const x = at.align === "right" ? at.x + at.widthPt - widthPt : at.x;
  styled(canvas, fitted).text(text, x, at.y, { lineBreak: false });
}

/** Wrapped text within `widthPt`; the caller has made room for it. */
export function paragraph(
  canvas: PdfCanvas,
  text: string,
  at: { readonly x: number; readonly y: number; readonly widthPt: number },
  style: TextStyle,
): void {
  if (text === "") return;
  styled(canvas, style).text(text, at.x, at.y, { width: at.widthPt, lineGap: 1 });
}

/** Starts a new page when `heightPt` does not fit below the cursor; true if it did. */
export function makeRoom(canvas: PdfCanvas, heightPt: number): boolean {
  assert(heightPt <= contentBottomPt - pageMarginPt, `block of ${heightPt}pt is taller than a page`);
  if (canvas.doc.y + heightPt <= contentBottomPt) return false;
  canvas.doc.addPage();
  canvas.doc.y = pageMarginPt;
  return true;
}

export function rule(
  doc: PdfDocument,
  x: number,
  y: number,
  widthPt: number,
  color: string,
  lineWidthPt = 0.5,
): void {
  doc
    .moveTo(x, y)
    .lineTo(x + widthPt, y)
    .lineWidth(lineWidthPt)
    .strokeColor(color)
    .stroke();
}

// ---------------------------------------------------------------------------------------------
// Blocks

export function drawTitle(canvas: PdfCanvas, title: string): void {
  const { doc } = canvas;
  const y = doc.y;
  put(canvas, title, { x: pageMarginPt, y, widthPt: contentWidthPt, align: "left" }, styleTitle);
  const bottom = y + lineHeightOf(canvas, styleTitle) + 2;
  rule(doc, pageMarginPt, bottom, contentWidthPt, colorText, 1);
  doc.y = bottom + 6;
}

export function headingHeightOf(canvas: PdfCanvas): number {
  return lineHeightOf(canvas, styleHeading) + 3;
}

/** A section heading kept on one page with the first `keepWithPt` of what follows it. */
export function drawHeading(canvas: PdfCanvas, text: string, keepWithPt: number): void {
  const { doc } = canvas;
  const heightPt = headingHeightOf(canvas);
  makeRoom(canvas, heightPt + keepWithPt);
  const y = doc.y;
  put(canvas, text, { x: pageMarginPt, y, widthPt: contentWidthPt, align: "left" }, styleHeading);
  doc.y = y + heightPt;
}

export interface Pair {
  readonly label: string;
  readonly value: string;
  readonly emphasis?: boolean;
}

/**
 * Label/value pairs in two columns; values wrap (header) or sit right-aligned on one line
 * (amounts). `colon` follows each label ("：" in Chinese, ": " in English).
 */
export function drawPairs(
  canvas: PdfCanvas,
  pairs: ReadonlyArray<Pair>,
  options: { readonly values: "wrap" | "right"; readonly colon: string },
): void {
  const { doc } = canvas;
  const { values, colon } = options;
  const gutterPt = 18;
  const columnWidthPt = (contentWidthPt - gutterPt) / 2;
  // Wrapped values (names) get half the column at least; one-line amounts need only their width.
  const valueWidthMinPt = values === "wrap" ? columnWidthPt / 2 : 70;
  const labelWidthPt = Math.min(
    columnWidthPt - valueWidthMinPt,
    Math.max(...pairs.map((pair) => widthOf(canvas, `${pair.label}${colon}`, styleLabel))) + 4,
  );
  const valueWidthPt = columnWidthPt - labelWidthPt;
  for (let index = 0; index < pairs.length; index += 2) {
    const line = pairs.slice(index, index + 2);
    const heights = line.map((pair) => {
      const style = pair.emphasis === true ? styleBodyBold : styleBody;
      return Math.max(
        heightOf(canvas, pair.label, styleLabel, labelWidthPt),
        values === "wrap" ? heightOf(canvas, pair.value, style, valueWidthPt) : lineHeightOf(canvas, style),
      );
    });
    const rowHeightPt = Math.max(...heights) + 2;
    makeRoom(canvas, rowHeightPt);
    const y = doc.y;
    line.forEach((pair, column) => {
      const x = pageMarginPt + column * (columnWidthPt + gutterPt);
      const style = pair.emphasis === true ? styleBodyBold : styleBody;
      paragraph(canvas, `${pair.label}${colon}`, { x, y, widthPt: labelWidthPt }, styleLabel);
      if (values === "wrap")
        paragraph(canvas, pair.value, { x: x + labelWidthPt, y, widthPt: valueWidthPt }, style);
      else put(canvas, pair.value, { x: x + labelWidthPt, y, widthPt: valueWidthPt, align: "right" }, style);
    });
    doc.y = y + rowHeightPt;
  }
}

// ---------------------------------------------------------------------------------------------
// Tables

export interface PdfColumn {
  readonly label: string;
  readonly align: "left" | "right";
  readonly widthPt: number;
}

/** Width of a table cell's text: the column less its padding on both sides. */
export function cellWidthOf(column: PdfColumn): number {
  return column.widthPt - 2 * tableCellPaddingPt;
}

export function drawTableRow(
  canvas: PdfCanvas,
  columns: ReadonlyArray<PdfColumn>,
  texts: ReadonlyArray<string>,
  options: { readonly heightPt: number; readonly style: TextStyle; readonly fill: string | null },
): void {
  const { doc } = canvas;
  const top = doc.y;
  if (options.fill !== null) doc.rect(pageMarginPt, top, contentWidthPt, options.heightPt).fill(options.fill);
  const textY = top + (options.heightPt - lineHeightOf(canvas, options.style)) / 2;
  let x = pageMarginPt;
  columns.forEach((column, index) => {
    put(
      canvas,
      texts[index] ?? "",
      { x: x + tableCellPaddingPt, y: textY, widthPt: cellWidthOf(column), align: column.align },
      options.style,
    );
    x += column.widthPt;
  });
  doc.y = top + options.heightPt;
}

export function drawTableHeader(canvas: PdfCanvas, columns: ReadonlyArray<PdfColumn>): void {
  drawTableRow(
    canvas,
    columns,
    columns.map((column) => column.label),
    { heightPt: tableHeaderHeightPt, style: styleCellBold, fill: colorHeaderFill },
  );
  rule(canvas.doc, pageMarginPt, canvas.doc.y, contentWidthPt, colorRule);
}

// ---------------------------------------------------------------------------------------------
// Signature and footers

/** "客户确认（签字/盖章）：______    日期：______" on one line at `y`; labels include their colon. */
export function drawSignatureLine(
  canvas: PdfCanvas,
  y: number,
  labels: { readonly signature: string; readonly date: string },
): void {
  const { doc } = canvas;
  const signatureLabelWidthPt = widthOf(canvas, labels.signature, styleBody);
  const dateLabelWidthPt = widthOf(canvas, labels.date, styleBody);
  const dateX = pageMarginPt + contentWidthPt * 0.62;
  const lineY = y + lineHeightOf(canvas, styleBody) - 2;
  put(
    canvas,
    labels.signature,
    { x: pageMarginPt, y, widthPt: signatureLabelWidthPt, align: "left" },
    styleBody,
  );
  rule(
    doc,
    pageMarginPt + signatureLabelWidthPt + 2,
    lineY,
    dateX - pageMarginPt - signatureLabelWidthPt - 20,
    colorText,
  );
  put(canvas, labels.date, { x: dateX, y, widthPt: dateLabelWidthPt, align: "left" }, styleBody);
  rule(
    doc,
    dateX + dateLabelWidthPt + 2,
    lineY,
    pageMarginPt + contentWidthPt - dateX - dateLabelWidthPt - 2,
    colorText,
  );
}

/**
 * Footers on every buffered page: `leftText` (the document's number and date) and the page
 * number. Page numbers need the page count, so footers are drawn last.
 */
export function drawFooters(
  canvas: PdfCanvas,
  footer: { readonly leftText: string; readonly pageText: (page: number, pageCount: number) => string },
): void {
  const { doc } = canvas;
  const range = doc.bufferedPageRange();
  const ruleY = pageHeightPt - pageMarginPt - footerHeightPt + 5;
  const textY = ruleY + 3;
  for (let index = range.start; index < range.start + range.count; index += 1) {
    doc.switchToPage(index);
    rule(doc, pageMarginPt, ruleY, contentWidthPt, colorRule);
    const page = footer.pageText(index - range.start + 1, range.count);
    const pageWidthPtOfText = widthOf(canvas, page, styleFooter);
    put(canvas, page, { x: pageMarginPt, y: textY, widthPt: contentWidthPt, align: "right" }, styleFooter);
    put(
      canvas,
      footer.leftText,
      { x: pageMarginPt, y: textY, widthPt: contentWidthPt - pageWidthPtOfText - 12, align: "left" },
      styleFooter,
    );
  }
}
