import {
  type AmountDigits,
  balanceOf,
  bankEntriesMax,
  buildStatement,
  checkStatementSize,
  convertAmountOrThrow,
  entriesText,
  entryOf,
  isRealDate,
  otherBalancesOf,
  sha256Hex,
  statementError,
  withChainWarnings,
} from "./build-statement.ts";
import type { ParsedBalance, ParsedBankEntry, ParsedStatement, ParsedStatementFile } from "./types.ts";
import { childOf, childrenOf, elementAt, readXml, textAt, type XmlElement } from "./xml-read.ts";

/**
 * ISO 20022 camt.053 (BankToCustomerStatement), versions 001.02 to 001.08 and later: they differ
 * in wrappers (`Pty` around party names from .08, `Sts/Cd` instead of `Sts`), not in meaning.
 * Which element gives which field: test/fixtures/bank-statements/README.md.
 */

const camtNamespacePattern = /^urn:iso:std:iso:20022:tech:xsd:camt\.(05[234])\.001\.[0-9]{2}$/;

/** What a camt root other than a statement is, for the error message. */
const otherCamtMessages: ReadonlyMap<string, string> = new Map([
  ["BkToCstmrAcctRpt", "camt.052 (an intraday account report)"],
  ["BkToCstmrDbtCdtNtfctn", "camt.054 (a debit/credit notification)"],
]);

function decodeXmlBytes(bytes: Uint8Array): string {
  let label = "utf-8";
  if (bytes[0] === 0xff && bytes[1] === 0xfe) label = "utf-16le";
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) label = "utf-16be";
  else {
    // The declaration is ASCII in every encoding a bank would use, so it can be read before decoding.
    const head = new TextDecoder("latin1").decode(bytes.subarray(0, 256));
    const declared =
      /^(?:\uFEFF|\u00EF\u00BB\u00BF)?\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]{1,40})["']/.exec(
        head,
      )?.[1];
    if (declared !== undefined) label = declared.toLowerCase();
  }
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label, { fatal: true });
  } catch {
    throw statementError(`the XML declares the encoding ${label}, which Credence cannot read`);
  }
  try {
    return decoder.decode(bytes);
  } catch {
    throw statementError(`the file is not valid ${label} text, as its XML declaration says it is`);
  }
}

function amountDigits(text: string, where: string): AmountDigits {
  // xs:decimal without a sign: camt amounts are never negative, the sign is CdtDbtInd.
  const match = /^([0-9]*)(?:\.([0-9]*))?$/.exec(text);
  if (match === null || text === "." || text === "") {
    throw statementError(`${where}: ${text} is not an amount (digits with an optional . and decimals)`);
  }
  return { integer: match[1] ?? "", fraction: match[2] ?? "" };
}

interface AmountElement {
  readonly raw: string;
  readonly currency: string;
  readonly digits: AmountDigits;
}

function amountOf(parent: XmlElement, where: string): AmountElement {
  const element = childOf(parent, "Amt");
  if (element === undefined) throw statementError(`${where} (line ${parent.line}): no <Amt>`);
  const raw = element.text.trim();
  const currency = element.attributes.get("Ccy")?.trim() ?? "";
  if (!/^[A-Z]{3}$/.test(currency)) {
    throw statementError(`${where} (line ${element.line}): <Amt> has no Ccy attribute with a currency code`);
  }
  return { raw, currency, digits: amountDigits(raw, `${where} (line ${element.line})`) };
}

/** `Dt` or the date part of `DtTm`; the date-time itself when that is what the file gives. */
function dateOf(
  parent: XmlElement | undefined,
  where: string,
): { date: string | null; dateTime: string | null } {
  if (parent === undefined) return { date: null, dateTime: null };
  const date = textAt(parent, "Dt");
  const dateTime = textAt(parent, "DtTm");
  const day = date ?? dateTime?.slice(0, 10) ?? null;
  if (day !== null && !isRealDate(day)) {
    throw statementError(`${where} (line ${parent.line}): ${date ?? dateTime} is not a date (YYYY-MM-DD)`);
  }
  return { date: day, dateTime: date === null ? dateTime : null };
}

function creditDebitOf(parent: XmlElement, where: string, amountIsZero: boolean): string {
  const mark = textAt(parent, "CdtDbtInd");
  if (mark === "CRDT" || mark === "DBIT") return mark;
  // A zero balance may come without an indicator; its sign does not matter.
  if (mark === null && amountIsZero) return "CRDT";
  throw statementError(
    `${where} (line ${parent.line}): <CdtDbtInd> must be CRDT or DBIT, not ${mark ?? "missing"}`,
  );
}

const isZeroDigits = (digits: AmountDigits) => !/[1-9]/.test(digits.integer + digits.fraction);

function balanceFrom(element: XmlElement, where: string): ParsedBalance {
  const type = textAt(element, "Tp/CdOrPrtry/Cd") ?? textAt(element, "Tp/CdOrPrtry/Prtry");
  if (type === null) {
    throw statementError(`${where} (line ${element.line}): the balance has no type (Tp/CdOrPrtry)`);
  }
  const label = `${where} ${type}`;
  const amount = amountOf(element, label);
  const { date } = dateOf(childOf(element, "Dt"), label);
  if (date === null) throw statementError(`${label} (line ${element.line}): the balance has no date`);
  return balanceOf({
    type,
    amountRaw: amount.raw,
    converted: convertAmountOrThrow(amount.digits, amount.currency, `${label} (line ${element.line})`),
    currency: amount.currency,
    creditDebit: creditDebitOf(element, label, isZeroDigits(amount.digits)),
    date,
  });
}

/** `Nm` of a party, inside `Pty` from camt.053.001.08 on. */
function partyName(related: XmlElement | undefined, role: "Dbtr" | "Cdtr"): string | null {
  return textAt(related, `${role}/Nm`) ?? textAt(related, `${role}/Pty/Nm`);
}

function partyAccount(related: XmlElement | undefined, role: "DbtrAcct" | "CdtrAcct"): string | null {
  return textAt(related, `${role}/Id/IBAN`) ?? textAt(related, `${role}/Id/Othr/Id`);
}

function bankTransactionCode(entry: XmlElement): string | null {
  const domain = elementAt(entry, "BkTxCd/Domn");
  if (domain !== undefined) {
    const parts = [textAt(domain, "Cd"), textAt(domain, "Fmly/Cd"), textAt(domain, "Fmly/SubFmlyCd")];
    return parts.filter((part) => part !== null).join("/") || null;
  }
  return textAt(entry, "BkTxCd/Prtry/Cd");
}

function entryFrom(element: XmlElement, where: string): ParsedBankEntry {
  const amount = amountOf(element, where);
  const creditDebit = creditDebitOf(element, where, false);
  const reversalText = textAt(element, "RvslInd");
  const reversal = reversalText === "true" || reversalText === "1";
  const booking = dateOf(childOf(element, "BookgDt"), `${where} BookgDt`);
  const value = dateOf(childOf(element, "ValDt"), `${where} ValDt`);
  const transactions = childrenOf(element, "NtryDtls").flatMap((details) => childrenOf(details, "TxDtls"));
  // A batch booking has several transactions under one entry; the parties and references of the
  // first stand for the entry, and the count tells the user there are more.
  const transaction = transactions[0];
  const related = childOf(transaction, "RltdPties");
  const debtorName = partyName(related, "Dbtr");
  const creditorName = partyName(related, "Cdtr");
  const unstructured = childrenOf(childOf(transaction, "RmtInf"), "Ustrd")
    .map((line) => line.text.trim())
    .filter((line) => line !== "");
  const creditorReference = textAt(transaction, "RmtInf/Strd/CdtrRefInf/Ref");
  const accountServicerReference = textAt(element, "AcctSvcrRef");
  // The other party is the debtor of money coming in and the creditor of money going out; a
  // reversal (RvslInd) books the opposite way of the payment it undoes, whose parties it keeps.
  const moneyIn = (creditDebit === "CRDT") !== reversal;
  return entryOf({
    bookingDate: booking.date,
    valueDate: value.date,
    creditDebit,
    reversal,
    amountRaw: amount.raw,
    converted: convertAmountOrThrow(amount.digits, amount.currency, `${where} (line ${element.line})`),
    currency: amount.currency,
    counterpartyName: moneyIn ? debtorName : creditorName,
    counterpartyAccount: partyAccount(related, moneyIn ? "DbtrAcct" : "CdtrAcct"),
    remittance: unstructured.length > 0 ? unstructured.join(" ") : creditorReference,
    endToEndId: textAt(transaction, "Refs/EndToEndId"),
    bankReference: accountServicerReference,
    details: {
      bookingDateTime: booking.dateTime,
      status: textAt(element, "Sts/Cd") ?? textAt(element, "Sts"),
      debtorName,
      creditorName,
      creditorReference,
      accountServicerReference,
      bankTransactionCode: bankTransactionCode(element),
      additionalEntryInformation: textAt(element, "AddtlNtryInf"),
      transactionCount: String(transactions.length),
    },
  });
}

function statementFrom(element: XmlElement, index: number, entriesSoFar: number): ParsedStatement {
  const id = textAt(element, "Id");
  const where = `statement ${index + 1}${id === null ? "" : ` (${id})`}`;
  const iban = textAt(element, "Acct/Id/IBAN");
  const account = iban ?? textAt(element, "Acct/Id/Othr/Id");
  if (account === null) {
    throw statementError(`${where} (line ${element.line}): no account (Acct/Id/IBAN or Acct/Id/Othr/Id)`);
  }
  const currency = textAt(element, "Acct/Ccy");

  let opening: ParsedBalance | null = null;
  let previousClosing: ParsedBalance | null = null;
  let closing: ParsedBalance | null = null;
  const others: ParsedBalance[] = [];
  for (const balanceElement of childrenOf(element, "Bal")) {
    const balance = balanceFrom(balanceElement, `${where}, balance`);
    if (balance.type === "OPBD" && opening === null) opening = balance;
    else if (balance.type === "CLBD" && closing === null) closing = balance;
    else if (balance.type === "PRCD" && previousClosing === null) previousClosing = balance;
    else others.push(balance);
  }
  // PRCD, the closing balance of the previous statement, is the opening balance where a bank
  // sends it instead of OPBD (several German and Swiss banks do).
  if (opening === null && previousClosing !== null) opening = previousClosing;
  else if (previousClosing !== null) others.unshift(previousClosing);

  const entryElements = childrenOf(element, "Ntry");
  if (entriesSoFar + entryElements.length > bankEntriesMax) {
    throw statementError(`the file has more than ${bankEntriesMax} entries; split it into smaller files`);
  }
  const entries = entryElements.map((entry, n) => entryFrom(entry, `${where}, entry ${n + 1}`));
  const warnings: string[] = [];
  const unbooked = entries.filter(
    (entry) => entry.details.status !== null && entry.details.status !== "BOOK",
  );
  if (unbooked.length > 0) {
    const statuses = [...new Set(unbooked.map((entry) => entry.details.status))].join(", ");
    warnings.push(
      `${entriesText(unbooked.length)} not booked (status ${statuses}): an entry that is not booked may still change`,
    );
  }
  return buildStatement({
    format: "camt.053",
    id,
    statementNumber: textAt(element, "LglSeqNb"),
    electronicSequenceNumber: textAt(element, "ElctrncSeqNb"),
    account,
    accountKind: iban === null ? "other" : "IBAN",
    currency,
    opening,
    closing,
    otherBalances: otherBalancesOf(others),
    entries,
    statementInformation: textAt(element, "AddtlStmtInf"),
    warnings,
  });
}

/** A camt.053 file: every `<Stmt>` of its `BkToCstmrStmt`, with the message's namespace and id. */
export function parseCamt053(bytes: Uint8Array): ParsedStatementFile {
  checkStatementSize(bytes);
  const { root, namespace } = readXml(decodeXmlBytes(bytes));
  const version = namespace === null ? null : camtNamespacePattern.exec(namespace);
  if (version?.[1] !== undefined && version[1] !== "053") {
    throw statementError(`the file is camt.${version[1]}, not a camt.053 bank statement`);
  }
  const message = root.name === "Document" ? root.children[0] : root;
  if (message === undefined || message.name !== "BkToCstmrStmt") {
    const other = message === undefined ? undefined : otherCamtMessages.get(message.name);
    throw statementError(
      other === undefined
        ? `not a camt.053 bank statement: expected <Document><BkToCstmrStmt>, found <${root.name}>${message === undefined || message === root ? "" : `<${message.name}>`}`
        : `the file is ${other}, not a camt.053 bank statement`,
    );
  }
  const statementElements = childrenOf(message, "Stmt");
  if (statementElements.length === 0) {
    throw statementError(`line ${message.line}: <BkToCstmrStmt> holds no <Stmt>`);
  }
  const statements: ParsedStatement[] = [];
  let entryCount = 0;
  for (const [index, element] of statementElements.entries()) {
    const statement = statementFrom(element, index, entryCount);
    entryCount += statement.entries.length;
    statements.push(statement);
  }
  return Object.freeze({
    format: "camt.053",
    namespace,
    messageId: textAt(message, "GrpHdr/MsgId"),
    statements: Object.freeze(withChainWarnings(statements)),
    sha256: sha256Hex(bytes),
  });
}
