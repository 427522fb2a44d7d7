/**
 * Defences for files that people open in Excel, WPS or LibreOffice (OWASP "CSV Injection").
 * A customer named `=HYPERLINK("http://evil","点我")` must reach the finance team as text,
 * not as a formula that runs when the export is opened.
 */

/**
 * First characters that make a spreadsheet read a cell as a formula. Tab and carriage return
 * are on OWASP's list because some programs strip them and then see what follows; the
 * full-width forms are there because Chinese input methods type them and WPS and Excel in a
 * Chinese locale accept `＝` as the start of a formula.
 */
const formulaStarts: ReadonlySet<string> = new Set(["=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠"]);

/**
 * The text as a spreadsheet will show it, never as a formula: a leading apostrophe when it
 * starts like one (the apostrophe is Excel's own "this is text" mark). For text cells only:
 * amounts we format ourselves are written as numbers and must keep their minus sign.
 */
export function neutralizeFormula(text: string): string {
  const first = text.charAt(0);
  return formulaStarts.has(first) ? `'${text}` : text;
}

const needsQuotes = /[",\r\n]/;

/**
 * One CSV record (RFC 4180): a field with a comma, a double quote or a line break is quoted
 * and its quotes doubled; the record ends with CRLF. It quotes, it does not neutralize:
 * callers pass text cells through `neutralizeFormula` first.
 */
export function csvRow(cells: ReadonlyArray<string>): string {
  return `${cells.map((cell) => (needsQuotes.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell)).join(",")}\r\n`;
}

/**
 * The byte order mark that tells Excel on Windows a CSV file is UTF-8; without it Excel reads
 * the file in the system code page (GBK on Chinese Windows) and every Chinese name is garbled.
 */
export const utf8Bom = "\uFEFF";
