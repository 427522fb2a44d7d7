import { createHash } from "node:crypto";
import { checkStatementSize, signedBalanceMinor, statementError } from "./build-statement.ts";
import { parseCamt053 } from "./camt053.ts";
import { type BankCsvMapping, parseBankCsv } from "./csv.ts";
import { parseMt940 } from "./mt940.ts";
import type { BankStatementFormat, ParsedBalance, ParsedStatement, ParsedStatementFile } from "./types.ts";

/**
 * Bank-statement import, the pure part: bytes of a camt.053, MT940 or CSV file to statements with
 * their balances, entries, sums and warnings. No database; whoever imports checks
 * `statementFingerprint` and the file's `sha256` against what was imported before.
 */

export { bankEntriesMax, bankStatementBytesMax, ibanChecksumValid } from "./build-statement.ts";
export { parseCamt053 } from "./camt053.ts";
export {
  type BankCsvColumn,
  type BankCsvColumns,
  type BankCsvDateFormat,
  type BankCsvMapping,
  bankCsvDateFormats,
  checkBankCsvMapping,
  chineseBankCsvPreset,
  parseBankCsv,
} from "./csv.ts";
export { parseMt940 } from "./mt940.ts";
export type {
  BankAccountKind,
  BankEntryDetails,
  BankStatementFormat,
  ParsedBalance,
  ParsedBankEntry,
  ParsedStatement,
  ParsedStatementFile,
} from "./types.ts";

/** Bytes looked at to tell the formats apart. */
const detectionBytesMax = 4096;

/**
 * The format of a statement file by its content, never its name: XML is camt.053, a SWIFT block
 * or a `:20:`/`:25:`/`:60F:` field line is MT940, anything else is taken for CSV (whose reading
 * then needs a column mapping, and says so).
 */
export function detectStatementFormat(bytes: Uint8Array): BankStatementFormat {
  let head = bytes.subarray(0, detectionBytesMax);
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    // UTF-16 with a byte order mark: look at the characters, not at their zero bytes.
    head = head.filter((byte) => byte !== 0x00 && byte !== 0xff && byte !== 0xfe);
  }
  // SOH (0x01) opens a SWIFT message; read as a line break, it leaves the field lines at line starts.
  const text = new TextDecoder("latin1")
    .decode(head)
    .replace(/^\u00EF\u00BB\u00BF/, "")
    .replaceAll("\u0001", "\n");
  if (/^\s*</.test(text)) return "camt.053";
  if (/(?:^|[\r\n])\{1:/.test(text) || /(?:^|[\r\n]):(?:20|25|28C?|60[FM]):/.test(text)) {
    return "MT940";
  }
  return "csv";
}

export interface ParseBankStatementOptions {
  /** The format, when the user chose it; otherwise `detectStatementFormat`. */
  readonly format?: BankStatementFormat;
  /** How to read a CSV export; required for CSV. */
  readonly csvMapping?: BankCsvMapping;
}

export function parseBankStatement(
  bytes: Uint8Array,
  options: ParseBankStatementOptions = {},
): ParsedStatementFile {
  checkStatementSize(bytes);
  const format = options.format ?? detectStatementFormat(bytes);
  switch (format) {
    case "camt.053":
      return parseCamt053(bytes);
    case "MT940":
      return parseMt940(bytes);
    case "csv":
      if (options.csvMapping === undefined) {
        throw statementError(
          options.format === undefined
            ? "the file is neither camt.053 XML nor MT940; if it is a CSV export of a bank, choose or define its column mapping"
            : "a CSV export needs a column mapping (which column holds the date, the amount, …)",
        );
      }
      return parseBankCsv(bytes, options.csvMapping);
    default:
      return unknownFormat(format);
  }
}

function unknownFormat(format: never): never {
  throw new Error(`Assertion failed: unknown statement format ${String(format)}`);
}

function balanceKey(balance: ParsedBalance | null): ReadonlyArray<string> | null {
  return balance === null ? null : [balance.date, balance.currency, signedBalanceMinor(balance).toString()];
}

/**
 * A SHA-256 (hex) that stays the same when the same statement is read again, from the same
 * file or a copy re-exported by the bank: account, statement id and numbers, both balances
 * (date and signed amount), and every entry's date, signed amount in minor units and bank
 * reference or end-to-end id. An import that finds the fingerprint already booked refuses
 * the statement; the file's own `sha256` is the second check.
 */
export function statementFingerprint(statement: ParsedStatement): string {
  const canonical = JSON.stringify([
    "bank-statement-v1",
    statement.account,
    statement.id,
    statement.statementNumber,
    statement.electronicSequenceNumber,
    balanceKey(statement.opening),
    balanceKey(statement.closing),
    statement.entries.map((entry) => [
      entry.bookingDate ?? entry.valueDate,
      entry.currency,
      entry.signedMinor.toString(),
      entry.bankReference ?? entry.endToEndId,
    ]),
  ]);
  return createHash("sha256").update(canonical, "utf8").digest("hex");
}
