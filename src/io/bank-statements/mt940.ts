import {
  balanceOf,
  bankEntriesMax,
  buildStatement,
  checkStatementSize,
  convertAmountOrThrow,
  entryOf,
  isIbanShaped,
  isoDate,
  isRealDate,
  otherBalancesOf,
  sha256Hex,
  statementError,
  withChainWarnings,
} from "./build-statement.ts";
import type { ParsedBalance, ParsedBankEntry, ParsedStatement, ParsedStatementFile } from "./types.ts";

/**
 * SWIFT MT940 (customer statement message) as banks really write it: bare field lines or wrapped
 * in SWIFT blocks `{1:}{2:}{4:` … `-}` with SOH/ETX bytes around each message (two messages may
 * share a physical line), header lines a bank adds before `:20:`, CRLF or LF, statements with or
 * without a `-` between them. The `:86:` text has no standard layout; the German `?nn` subfields,
 * the `/KEY/value` layout of Rabobank and ABN AMRO's SEPA format, and the free-text layouts of
 * ABN AMRO, ING, PostFinance and mBank are read as test/fixtures/bank-statements/README.md says.
 */

/** Tags that belong to a statement; one of them before any `:20:` is an error, not a header line. */
const statementTags: ReadonlySet<string> = new Set([
  "21",
  "25",
  "25P",
  "28",
  "28C",
  "60F",
  "60M",
  "61",
  "86",
  "62F",
  "62M",
  "64",
  "65",
  "13",
  "13D",
  "34F",
  "90C",
  "90D",
]);

type Bank = "abnamro" | "ing" | "postfinance" | "rabobank" | "mbank";

/** Banks told apart by the BIC in a SWIFT header block or in the header lines before `:20:`. */
const bankByBic: ReadonlyArray<readonly [RegExp, Bank]> = [
  [/ABNANL2A/, "abnamro"],
  [/INGBNL2A/, "ing"],
  [/POFICHBE/, "postfinance"],
  [/RABONL2U/, "rabobank"],
  [/BREXPLPW/, "mbank"],
];

/** …and by the bank code inside an IBAN in `:25:` (PostFinance is clearing 9000, mBank 114). */
const bankByIban: ReadonlyArray<readonly [RegExp, Bank]> = [
  [/^NL[0-9]{2}ABNA/, "abnamro"],
  [/^NL[0-9]{2}INGB/, "ing"],
  [/^NL[0-9]{2}RABO/, "rabobank"],
  [/^CH[0-9]{2}09000/, "postfinance"],
  [/^PL[0-9]{2}114/, "mbank"],
];

function bankIn(text: string): Bank | null {
  for (const [pattern, bank] of bankByBic) if (pattern.test(text)) return bank;
  return null;
}

interface Field {
  readonly tag: string;
  readonly lines: string[];
  readonly line: number;
}

interface RawStatement {
  readonly fields: Field[];
  readonly line: number;
  readonly bankHint: Bank | null;
}

/** UTF-8 when the bytes are valid UTF-8, else Latin-1 (as TextDecoder reads it: windows-1252). */
function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder("latin1").decode(bytes);
  }
}

const startOfHeading = "\u0001";
const endOfText = "\u0003";
const tagPattern = /^:([0-9]{2,3}[A-Z]?|NS):/;
/** `-` alone ends a message, ING writes `-XXX`; `-}` ends a SWIFT block 4. */
const terminatorPattern = /^-(XXX)?[ \t]*$/;
const swiftBlockPattern = /^\{[1-5]:/;

/** The file as statements of fields, each field with its lines as written and its line number. */
function splitStatements(text: string): RawStatement[] {
  const statements: RawStatement[] = [];
  let current: RawStatement | null = null;
  let field: Field | null = null;
  let hint: Bank | null = null;
  const close = () => {
    if (current !== null) statements.push(current);
    current = null;
    field = null;
  };
  const handle = (piece: string, lineNumber: number) => {
    let rest = piece;
    for (;;) {
      if (swiftBlockPattern.test(rest)) {
        // A header block starts a new message; the statement's fields follow `{4:`.
        close();
        const body = rest.indexOf("{4:");
        hint = bankIn(body < 0 ? rest : rest.slice(0, body)) ?? hint;
        if (body < 0) return;
        rest = rest.slice(body + 3);
        continue;
      }
      if (rest.startsWith("-}")) {
        close();
        rest = rest.slice(2);
        continue;
      }
      break;
    }
    if (rest === "") return;
    if (terminatorPattern.test(rest)) {
      close();
      return;
    }
    const tag = tagPattern.exec(rest);
    if (tag !== null) {
      const name = tag[1] ?? "";
      if (name === "20") {
        close();
        current = { fields: [], line: lineNumber, bankHint: hint };
      }
      if (current === null) {
        if (statementTags.has(name)) {
          throw statementError(
            `line ${lineNumber}: the field :${name}: comes before any :20: (transaction reference), so it belongs to no statement`,
          );
        }
        hint = bankIn(rest) ?? hint;
        return;
      }
      field = { tag: name, lines: [rest.slice(tag[0].length)], line: lineNumber };
      current.fields.push(field);
      return;
    }
    if (field === null) {
      // Lines outside a statement: bank header lines (`ABNANL2A`, `940`, `0000 01INGBNL2AXXXX00001`).
      hint = bankIn(rest) ?? hint;
      return;
    }
    field.lines.push(rest);
  };
  for (const [index, physicalLine] of text.split(/\r\n|\n|\r/).entries()) {
    // SOH (0x01) and ETX (0x03) frame SWIFT messages; they may sit mid-line between two messages.
    for (const piece of physicalLine.replaceAll(endOfText, startOfHeading).split(startOfHeading)) {
      handle(piece, index + 1);
    }
  }
  close();
  return statements;
}

interface ParsedDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** `YYMMDD`, read as 20YY as banks have written it since 2000. */
function swiftDate(text: string, where: string): ParsedDate & { readonly iso: string } {
  const year = 2000 + Number(text.slice(0, 2));
  const month = Number(text.slice(2, 4));
  const day = Number(text.slice(4, 6));
  const iso = isoDate(year, month, day);
  if (!/^[0-9]{6}$/.test(text) || !isRealDate(iso)) {
    throw statementError(`${where}: ${text} is not a date (YYMMDD)`);
  }
  return { year, month, day, iso };
}

const dayMs = 24 * 60 * 60 * 1000;

/**
 * The entry date `MMDD` of `:61:` has no year; it is the one of the year before, of or after the
 * value date's that lies closest to the value date (a payment booked on 12-31 with value 01-02).
 */
function entryDate(mmdd: string, value: ParsedDate, where: string): string {
  const month = Number(mmdd.slice(0, 2));
  const day = Number(mmdd.slice(2, 4));
  const valueTime = Date.UTC(value.year, value.month - 1, value.day);
  let best: string | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const year of [value.year - 1, value.year, value.year + 1]) {
    const iso = isoDate(year, month, day);
    if (!isRealDate(iso)) continue;
    const distance = Math.abs(Date.UTC(year, month - 1, day) - valueTime);
    if (distance < bestDistance) {
      best = iso;
      bestDistance = distance;
    }
  }
  if (best === null || bestDistance > 366 * dayMs) {
    throw statementError(`${where}: ${mmdd} is not an entry date (MMDD)`);
  }
  return best;
}

const balancePattern = /^(C|D)([0-9]{6})([A-Z]{3})([0-9]+),([0-9]*)[ \t]*$/;

function balanceFrom(field: Field): ParsedBalance {
  const where = `line ${field.line}: :${field.tag}:`;
  const text = field.lines[0] ?? "";
  const match = balancePattern.exec(text);
  if (match === null) {
    throw statementError(
      `${where} is not a balance (C or D, date YYMMDD, currency, amount with a decimal comma): ${text.slice(0, 80)}`,
    );
  }
  const [, mark = "", date = "", currency = "", integer = "", fraction = ""] = match;
  return balanceOf({
    type: field.tag,
    amountRaw: `${integer},${fraction}`,
    converted: convertAmountOrThrow({ integer, fraction }, currency, where),
    currency,
    creditDebit: mark,
    date: swiftDate(date, where).iso,
  });
}

/**
 * `:61:` subfields: value date YYMMDD, entry date MMDD (optional), mark C/D/RC/RD, funds code
 * (optional letter), amount with a decimal comma, transaction type (a letter and three
 * characters), customer reference, `//` bank reference (optional); supplementary details on the
 * next line.
 */
const statementLinePattern =
  /^([0-9]{6})([0-9]{4})?(RC|RD|C|D)([A-Z])?([0-9]+),([0-9]*)([A-Z][A-Z0-9]{3})(.*)$/;

interface StatementLine {
  readonly field: Field;
  readonly valueDate: string;
  readonly bookingDate: string | null;
  readonly mark: string;
  readonly fundsCode: string | null;
  readonly integer: string;
  readonly fraction: string;
  readonly transactionType: string;
  readonly customerReference: string | null;
  readonly bankReference: string | null;
  readonly supplementaryDetails: string | null;
  details: string[] | null;
}

function statementLineFrom(field: Field): StatementLine {
  const where = `line ${field.line}: :61:`;
  const text = field.lines[0] ?? "";
  const match = statementLinePattern.exec(text);
  if (match === null) {
    throw statementError(
      `${where} does not follow the SWIFT layout (value date YYMMDD, optional entry date MMDD, C/D/RC/RD, amount with a decimal comma, transaction type such as NTRF): ${text.slice(0, 80)}`,
    );
  }
  const [, value = "", entry, mark = "", fundsCode, integer = "", fraction = "", type = "", rest = ""] =
    match;
  const valueDate = swiftDate(value, where);
  const split = rest.indexOf("//");
  const customer = (split < 0 ? rest : rest.slice(0, split)).trimEnd();
  const bank = split < 0 ? "" : rest.slice(split + 2).trimEnd();
  const supplementary = field.lines
    .slice(1)
    .map((line) => line.trimEnd())
    .join("\n");
  return {
    field,
    valueDate: valueDate.iso,
    bookingDate: entry === undefined ? null : entryDate(entry, valueDate, where),
    mark,
    fundsCode: fundsCode ?? null,
    integer,
    fraction,
    transactionType: type,
    customerReference: customer === "" ? null : customer,
    bankReference: bank === "" ? null : bank,
    supplementaryDetails: supplementary === "" ? null : supplementary,
    details: null,
  };
}

interface Interpretation {
  readonly layout: string;
  readonly counterpartyName: string | null;
  readonly counterpartyAccount: string | null;
  readonly remittance: string | null;
  readonly endToEndId: string | null;
  readonly extras: Readonly<Record<string, string | null>>;
}

const orNull = (text: string | undefined | null): string | null => {
  const trimmed = text?.trim();
  return trimmed === undefined || trimmed === "" ? null : trimmed;
};

/** Layouts without a separate remittance field: the whole `:86:` text, exactly as written. */
const wholeText = (raw: string): string | null => (raw.trim() === "" ? null : raw);

/** SEPA keywords of the German `:86:` purpose (Deutsche Kreditwirtschaft, DFÜ-Abkommen annex 3). */
const sepaKeyword = "(?:EREF|KREF|MREF|CRED|DEBT|COAM|OAMT|SVWZ|ABWA|ABWE|BREF|RREF)\\+";

function sepaValue(purpose: string, keyword: string): string | null {
  const match = new RegExp(`${keyword}\\+([\\s\\S]*?)(?=${sepaKeyword}|$)`).exec(purpose);
  return match === null ? null : orNull(match[1]);
}

/**
 * German banks (DFÜ-Abkommen): a 3-digit business transaction code, then `?nn` subfields. The
 * lines are wrapped at a fixed width, mid-word, so they join without a separator, trailing
 * spaces kept. ?00 booking text, ?20–?29 and ?60–?63 purpose, ?30 bank, ?31 account, ?32–?33 name.
 */
function germanLayout(joined: string): Interpretation {
  const subfields = new Map<string, string>();
  const parts = joined.slice(3).split(/\?([0-9]{2})/);
  for (let n = 1; n + 1 < parts.length; n += 2) {
    const code = parts[n] ?? "";
    subfields.set(code, (subfields.get(code) ?? "") + (parts[n + 1] ?? ""));
  }
  const purposeCodes = ["20", "21", "22", "23", "24", "25", "26", "27", "28", "29", "60", "61", "62", "63"];
  const purpose = purposeCodes.map((code) => subfields.get(code) ?? "").join("");
  const name = (subfields.get("32") ?? "") + (subfields.get("33") ?? "");
  return {
    layout: "german",
    counterpartyName: orNull(name),
    counterpartyAccount: orNull(subfields.get("31")),
    remittance: /SVWZ\+/.test(purpose) ? sepaValue(purpose, "SVWZ") : orNull(purpose),
    endToEndId: sepaValue(purpose, "EREF"),
    extras: {
      gvc: joined.slice(0, 3),
      bookingText: orNull(subfields.get("00")),
      purpose: purpose === "" ? null : purpose,
      counterpartyBank: orNull(subfields.get("30")),
    },
  };
}

/** Keys of the `/KEY/value` layout (Rabobank's structured MT940, ABN AMRO's SEPA descriptions). */
const structuredKeys = [
  "CDTRREFTP",
  "CDTRREF",
  "EREF",
  "PREF",
  "MARF",
  "CSID",
  "BENM",
  "ORDP",
  "NAME",
  "ADDR",
  "REMI",
  "ISDT",
  "RTRN",
  "TRCD",
  "TRTP",
  "IBAN",
  "BIC",
  "ISSR",
  "PURP",
  "ULTC",
  "ULTD",
  "BUSP",
  "SVCL",
];
const structuredKeyPattern = new RegExp(`/(${structuredKeys.join("|")})/`, "g");
const structuredStart = new RegExp(`^/(${structuredKeys.join("|")})/`);

function structuredLayout(joined: string, supplementary: string | null): Interpretation {
  const values = new Map<string, string>();
  const matches = [...joined.matchAll(structuredKeyPattern)];
  for (const [n, match] of matches.entries()) {
    const key = match[1] ?? "";
    const start = (match.index ?? 0) + match[0].length;
    const end = matches[n + 1]?.index ?? joined.length;
    if (!values.has(key)) values.set(key, joined.slice(start, end));
  }
  return {
    layout: "structured",
    counterpartyName: orNull(values.get("NAME")),
    // Rabobank writes the other account on the second line of :61:, ABN AMRO under /IBAN/.
    counterpartyAccount: orNull(values.get("IBAN")) ?? orNull(supplementary),
    remittance: orNull(values.get("REMI")) ?? orNull(values.get("CDTRREF")),
    endToEndId: orNull(values.get("EREF")),
    extras: {},
  };
}

/** mBank: `key: value;` pairs, OD (from), Z RACH. (from account), TYT. (title). */
function mbankLayout(raw: string): Interpretation {
  const account = /Z RACH\.:([^;]*)/.exec(raw)?.[1]?.replace(/\s+/g, "");
  return {
    layout: "mbank",
    counterpartyName: orNull(/(?:^|[\s;])OD: ?([^\n;]*)/.exec(raw)?.[1]),
    counterpartyAccount: orNull(account),
    remittance: orNull(/TYT\.:([^;]*)/.exec(raw)?.[1]?.replace(/\n/g, "")),
    endToEndId: null,
    extras: {},
  };
}

/**
 * ABN AMRO's older free text: the other account first (`GIRO` and up to 9 digits, or a dotted
 * number such as 52.89.39.882), the name after it within the first 32 characters, or else in
 * the next 32. Card payments (`BEA`, `GEA`) name no separable party.
 */
function abnAmroLayout(lines: ReadonlyArray<string>, raw: string): Interpretation {
  const first = lines[0] ?? "";
  const giro = /^GIRO([0-9 ]{9}) /.exec(first);
  const dotted = /^([0-9.]{11,14}) /.exec(first);
  const account = giro?.[1]?.trim() ?? dotted?.[1]?.replace(/\./g, "") ?? null;
  const offset = giro?.[0].length ?? dotted?.[0].length ?? null;
  const name = offset === null ? null : (orNull(first.slice(offset, 32)) ?? orNull(first.slice(32, 64)));
  return {
    layout: "abnamro",
    counterpartyName: name,
    counterpartyAccount: orNull(account),
    remittance: wholeText(raw),
    endToEndId: null,
    extras: {},
  };
}

/** ING's older free text: a 9- or 10-digit account first, no separable name. */
function ingLayout(raw: string): Interpretation {
  return {
    layout: "ing",
    counterpartyName: null,
    counterpartyAccount: /^([0-9]{9,10}) /.exec(raw)?.[1] ?? null,
    remittance: wholeText(raw),
    endToEndId: null,
    extras: {},
  };
}

/** PostFinance: the account as `yymmddCHnnnnnnnn`, the message after `MITTEILUNGEN:`. */
function postFinanceLayout(joined: string): Interpretation {
  return {
    layout: "postfinance",
    counterpartyName: null,
    counterpartyAccount: /[0-9]{6}CH([0-9]{8})/.exec(joined)?.[1] ?? null,
    remittance: orNull(/MITTEILUNGEN:([\s\S]*)$/.exec(joined)?.[1]),
    endToEndId: null,
    extras: {},
  };
}

function interpretDetails(
  lines: ReadonlyArray<string> | null,
  bank: Bank | null,
  supplementary: string | null,
): Interpretation {
  if (lines === null) {
    return {
      layout: "none",
      counterpartyName: null,
      counterpartyAccount: null,
      remittance: null,
      endToEndId: null,
      extras: {},
    };
  }
  const raw = lines.join("\n");
  const joined = lines.join("");
  if (/^[0-9]{3}\?[0-9]{2}/.test(joined)) return germanLayout(joined);
  if (structuredStart.test(joined)) return structuredLayout(joined, supplementary);
  if (bank === "mbank" || /Z RACH\.:|TYT\.:/.test(raw)) return mbankLayout(raw);
  switch (bank) {
    case "abnamro":
      return abnAmroLayout(lines, raw);
    case "ing":
      return ingLayout(raw);
    case "postfinance":
      return postFinanceLayout(joined);
    case "rabobank":
    case null:
      return {
        layout: "free text",
        counterpartyName: null,
        counterpartyAccount: null,
        remittance: wholeText(raw),
        endToEndId: null,
        extras: {},
      };
    default:
      return unknownBank(bank);
  }
}

function unknownBank(bank: never): never {
  throw new Error(`Assertion failed: unknown bank ${String(bank)}`);
}

function statementBank(hint: Bank | null, reference: string, account: string): Bank | null {
  for (const [pattern, bank] of bankByIban) if (pattern.test(account)) return bank;
  if (/^ABN AMRO/i.test(reference)) return "abnamro";
  return hint;
}

function entryFrom(line: StatementLine, currency: string, bank: Bank | null): ParsedBankEntry {
  const where = `line ${line.field.line}: :61:`;
  const interpretation = interpretDetails(line.details, bank, line.supplementaryDetails);
  return entryOf({
    bookingDate: line.bookingDate,
    valueDate: line.valueDate,
    creditDebit: line.mark,
    reversal: line.mark === "RC" || line.mark === "RD",
    amountRaw: `${line.integer},${line.fraction}`,
    converted: convertAmountOrThrow({ integer: line.integer, fraction: line.fraction }, currency, where),
    currency,
    counterpartyName: interpretation.counterpartyName,
    counterpartyAccount: interpretation.counterpartyAccount,
    remittance: interpretation.remittance,
    endToEndId: interpretation.endToEndId,
    bankReference: line.bankReference,
    details: {
      layout: interpretation.layout,
      fundsCode: line.fundsCode,
      transactionType: line.transactionType,
      customerReference: line.customerReference,
      bankReference: line.bankReference,
      supplementaryDetails: line.supplementaryDetails,
      detailsRaw: line.details === null ? null : line.details.join("\n"),
      ...interpretation.extras,
    },
  });
}

function statementFrom(raw: RawStatement, entriesSoFar: number): ParsedStatement {
  const reference = (raw.fields[0]?.lines[0] ?? "").trim();
  const where = `the statement at line ${raw.line} (:20:${reference})`;
  if (reference === "") throw statementError(`line ${raw.line}: :20: (transaction reference) is empty`);
  let account: string | null = null;
  let statementNumber: string | null = null;
  let opening: ParsedBalance | null = null;
  let closing: ParsedBalance | null = null;
  const others: ParsedBalance[] = [];
  const lines: StatementLine[] = [];
  const information: string[] = [];
  let previousTag = "";
  for (const field of raw.fields) {
    const first = (field.lines[0] ?? "").trim();
    switch (field.tag) {
      case "25":
      case "25P":
        account = first;
        break;
      case "28":
      case "28C":
        statementNumber = first;
        break;
      case "60F":
      case "60M":
        if (opening !== null) {
          throw statementError(`line ${field.line}: a second opening balance in ${where}`);
        }
        opening = balanceFrom(field);
        break;
      case "62F":
      case "62M":
        if (closing !== null) {
          throw statementError(`line ${field.line}: a second closing balance in ${where}`);
        }
        closing = balanceFrom(field);
        break;
      case "64":
      case "65":
        others.push(balanceFrom(field));
        break;
      case "61":
        if (opening === null) {
          throw statementError(`line ${field.line}: :61: comes before the opening balance (:60F: or :60M:)`);
        }
        if (closing !== null) {
          throw statementError(`line ${field.line}: :61: comes after the closing balance (:62F: or :62M:)`);
        }
        lines.push(statementLineFrom(field));
        break;
      case "86": {
        // Information for an entry follows its :61:; anywhere else (ING puts it after :62F:) it
        // is about the statement as a whole.
        const last = lines[lines.length - 1];
        if (previousTag === "61" && last !== undefined && last.details === null) last.details = field.lines;
        else information.push(field.lines.join("\n"));
        break;
      }
      default:
        break;
    }
    previousTag = field.tag;
  }
  if (account === null || account === "") {
    throw statementError(`${where} has no :25: (account identification)`);
  }
  if (opening === null) throw statementError(`${where} has no opening balance (:60F: or :60M:)`);
  if (closing === null) throw statementError(`${where} has no closing balance (:62F: or :62M:)`);
  if (entriesSoFar + lines.length > bankEntriesMax) {
    throw statementError(`the file has more than ${bankEntriesMax} entries; split it into smaller files`);
  }
  const currency = opening.currency;
  const bank = statementBank(raw.bankHint, reference, account);
  return buildStatement({
    format: "MT940",
    id: reference,
    statementNumber,
    electronicSequenceNumber: null,
    account,
    accountKind: isIbanShaped(account) ? "IBAN" : "other",
    currency,
    opening,
    closing,
    otherBalances: otherBalancesOf(others),
    entries: lines.map((line) => entryFrom(line, currency, bank)),
    statementInformation: information.length === 0 ? null : information.join("\n"),
    warnings: [],
  });
}

/** An MT940 file: every statement (`:20:` … `:62a:`), pages of a long statement one by one. */
export function parseMt940(bytes: Uint8Array): ParsedStatementFile {
  checkStatementSize(bytes);
  const text = decodeText(bytes);
  if (text.includes("\u0000")) throw statementError("the file is binary, not MT940 text");
  if (/^\s*</.test(text)) throw statementError("the file is XML, not MT940; import it as camt.053");
  const raws = splitStatements(text);
  if (raws.length === 0) {
    throw statementError("no MT940 statement found: no line starts with :20: (transaction reference)");
  }
  const statements: ParsedStatement[] = [];
  let entryCount = 0;
  for (const raw of raws) {
    const statement = statementFrom(raw, entryCount);
    entryCount += statement.entries.length;
    statements.push(statement);
  }
  return Object.freeze({
    format: "MT940",
    namespace: null,
    messageId: null,
    statements: Object.freeze(withChainWarnings(statements)),
    sha256: sha256Hex(bytes),
  });
}
