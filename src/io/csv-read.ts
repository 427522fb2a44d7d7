import { AppError } from "../core/errors.ts";

/**
 * Reading CSV files that people make with Excel, WPS, LibreOffice or a script: RFC 4180 records
 * (quoted fields, doubled quotes, CRLF or LF, line breaks inside quotes), in UTF-8 with or without
 * a byte order mark, or in GB18030 (GBK's superset), which Excel on Chinese Windows writes when
 * a sheet is saved as plain "CSV (逗号分隔)".
 */

/** Data rows an import accepts in one file (the header row comes on top). */
export const importRowsMax = 100_000;
/** Bytes an import file may have, CSV or XLSX. */
export const importBytesMax = 20 * 1024 * 1024;

export type TextEncodingName = "utf-8" | "gb18030";

/** A problem with the file as a whole: 400 VALIDATION_FAILED with one issue at path `file`. */
export function fileError(code: string, message: string): AppError {
  return new AppError("VALIDATION_FAILED", { detail: message, issues: [{ path: "file", code, message }] });
}

export function checkImportSize(bytes: Uint8Array): void {
  if (bytes.length > importBytesMax) {
    throw fileError(
      "FILE_TOO_LARGE",
      `the file has ${bytes.length} bytes; at most ${importBytesMax} (${importBytesMax / 1024 / 1024} MB) are accepted`,
    );
  }
}

const startsWith = (bytes: Uint8Array, prefix: ReadonlyArray<number>) =>
  prefix.every((byte, index) => bytes[index] === byte);

/** PK\x03\x04: a zip archive, which is what an .xlsx file is. */
export const zipSignature: ReadonlyArray<number> = [0x50, 0x4b, 0x03, 0x04];
/** The OLE2 compound file of Excel 97–2003 (.xls). */
export const oleSignature: ReadonlyArray<number> = [0xd0, 0xcf, 0x11, 0xe0];

/**
 * The text of a CSV file. UTF-8 is tried first and strictly; bytes that are not valid UTF-8 are
 * read as GB18030. The two rarely both fit: Chinese text in GBK is almost never valid UTF-8 (a
 * GBK lead byte 0x81–0xFE is followed by 0x40–0xFE, where UTF-8 wants 0x80–0xBF after a lead
 * byte), so a file that decodes as UTF-8 is UTF-8. A leading byte order mark is dropped.
 */
export function decodeSpreadsheetText(bytes: Uint8Array): { text: string; encoding: TextEncodingName } {
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) {
    throw fileError(
      "ENCODING",
      "the file is UTF-16 text (Excel's “Unicode Text”); save it as “CSV UTF-8 (逗号分隔)” instead",
    );
  }
  if (startsWith(bytes, zipSignature)) {
    throw fileError("NOT_CSV", "the file is an XLSX workbook (a zip archive), not CSV: import it as xlsx");
  }
  if (startsWith(bytes, oleSignature)) {
    throw fileError("NOT_CSV", "the file is an Excel 97–2003 workbook (.xls): save it as .xlsx or CSV");
  }
  const decoded = decodeAs(bytes, "utf-8") ?? decodeAs(bytes, "gb18030");
  if (decoded === null) throw fileError("ENCODING", "the file is neither UTF-8 nor GB18030/GBK text");
  return { text: decoded.text.replace(/^\uFEFF/, ""), encoding: decoded.encoding };
}

function decodeAs(bytes: Uint8Array, encoding: TextEncodingName) {
  try {
    return { text: new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes), encoding };
  } catch {
    return null;
  }
}

const quote = 0x22;
const comma = 0x2c;
const carriageReturn = 0x0d;
const lineFeed = 0x0a;

/** Line breaks in `text` counted the way the parser ends records: CRLF, CR and LF each count one. */
function lineBreaksIn(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === lineFeed || (c === carriageReturn && text.charCodeAt(i + 1) !== lineFeed)) count += 1;
  }
  return count;
}

/**
 * The records of a CSV text (RFC 4180). A record ends at CRLF, LF or a lone CR; a field that
 * starts with `"` runs to the next single `"` and may hold commas, doubled quotes and line
 * breaks. A `"` inside an unquoted field is kept as it is, as Excel does (`15" screen`). Fields
 * are returned untrimmed, and an empty line is a record with one empty field, so record n is
 * row n when Excel opens the file. A final line break does not start another record.
 *
 * @param dataRowsMax records after the first (the header row) allowed; one more is an error, raised
 *   before the rest of the text is parsed.
 */
export function parseCsv(text: string, dataRowsMax: number = Number.POSITIVE_INFINITY): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let atFieldStart = true;
  let line = 1;
  let i = 0;
  const endRecord = () => {
    record.push(field);
    records.push(record);
    if (records.length > dataRowsMax + 1) {
      throw fileError("TOO_MANY_ROWS", `the file has more than ${dataRowsMax} rows below the header row`);
    }
    record = [];
    field = "";
    atFieldStart = true;
  };
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === quote && atFieldStart) {
      const startLine = line;
      let value = "";
      i += 1;
      for (;;) {
        const next = text.indexOf('"', i);
        if (next < 0) {
          throw fileError(
            "CSV_QUOTE_NOT_CLOSED",
            `row ${records.length + 1} (line ${startLine} of the file): a quoted field is never closed`,
          );
        }
        const part = text.slice(i, next);
        value += part;
        line += lineBreaksIn(part);
        if (text.charCodeAt(next + 1) === quote) {
          value += '"';
          i = next + 2;
          continue;
        }
        i = next + 1;
        break;
      }
      const after = text.charCodeAt(i);
      if (i < text.length && after !== comma && after !== carriageReturn && after !== lineFeed) {
        throw fileError(
          "CSV_TEXT_AFTER_QUOTE",
          `row ${records.length + 1} (line ${line} of the file): text follows the closing quote of a field; double a quote inside a quoted field ("")`,
        );
      }
      field = value;
      atFieldStart = false;
      continue;
    }
    if (c === comma) {
      record.push(field);
      field = "";
      atFieldStart = true;
      i += 1;
      continue;
    }
    if (c === carriageReturn || c === lineFeed) {
      endRecord();
      i += c === carriageReturn && text.charCodeAt(i + 1) === lineFeed ? 2 : 1;
      line += 1;
      continue;
    }
    let end = i;
    while (end < text.length) {
      const d = text.charCodeAt(end);
      if (d === comma || d === carriageReturn || d === lineFeed) break;
      end += 1;
    }
    field += text.slice(i, end);
    atFieldStart = false;
    i = end;
  }
  if (record.length > 0 || !atFieldStart) endRecord();
  return records;
}

/** A CSV import file as rows of cells: size checked, decoded, parsed, at most `dataRowsMax` data rows. */
export function readCsv(
  bytes: Uint8Array,
  dataRowsMax: number = importRowsMax,
): { table: string[][]; encoding: TextEncodingName } {
  checkImportSize(bytes);
  const { text, encoding } = decodeSpreadsheetText(bytes);
  return { table: parseCsv(text, dataRowsMax), encoding };
}
