import { createHash } from "node:crypto";
import { currencyScale, isCurrencyCode } from "../../core/currency.ts";
import { type AppError, assert } from "../../core/errors.ts";
import { moneyTextLengthMax } from "../../core/money.ts";
import { fileError } from "../csv-read.ts";
import type {
  BankAccountKind,
  BankEntryDetails,
  BankStatementFormat,
  ParsedBalance,
  ParsedBankEntry,
  ParsedStatement,
} from "./types.ts";

/**
 * The parts every bank-statement importer shares: limits, the file error, amounts in minor units,
 * dates, and the totals and checks of a statement (counts, sums, does it reconcile).
 */

/** Bytes a statement file may have, whatever its format. */
export const bankStatementBytesMax = 20 * 1024 * 1024;
/** Entries one file may hold over all its statements; a year of a busy account is far below. */
export const bankEntriesMax = 200_000;

/** The file is not a statement Credence can read: 400 VALIDATION_FAILED, one issue at `file`. */
export function statementError(message: string): AppError {
  return fileError("BANK_STATEMENT_INVALID", message);
}

export function checkStatementSize(bytes: Uint8Array): void {
  if (!(bytes instanceof Uint8Array)) throw statementError("no file content was given");
  if (bytes.length === 0) throw statementError("the file is empty");
  if (bytes.length > bankStatementBytesMax) {
    throw fileError(
      "FILE_TOO_LARGE",
      `the file has ${bytes.length} bytes; at most ${bankStatementBytesMax} (${bankStatementBytesMax / 1024 / 1024} MiB) are accepted`,
    );
  }
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** camt `DBIT`, MT940 and CSV `D`, and `RC` (the reversal of a credit takes the money back out). */
export function isDebitMark(creditDebit: string): boolean {
  return creditDebit === "D" || creditDebit === "RC" || creditDebit === "DBIT";
}

/** An amount split into its digits as written, before any conversion. */
export interface AmountDigits {
  readonly integer: string;
  readonly fraction: string;
}

export interface ConvertedAmount {
  readonly amount: string;
  readonly amountMinor: bigint;
}

/**
 * `amount` (decimals as written, leading zeros dropped) and the amount in minor units of the
 * currency, or a reason why there is none. Extra decimals beyond the currency's scale convert
 * only when they are zeros (`18.150` EUR is 1815): anything else would need rounding, and a
 * statement amount is never rounded on the way in.
 */
export function convertAmount(
  digits: AmountDigits,
  currency: string,
): { ok: true; value: ConvertedAmount } | { ok: false; reason: string } {
  if (!/^[0-9]*$/.test(digits.integer) || !/^[0-9]*$/.test(digits.fraction)) {
    return { ok: false, reason: "not a number" };
  }
  if (digits.integer === "" && digits.fraction === "") return { ok: false, reason: "no digits" };
  if (digits.integer.length + digits.fraction.length > moneyTextLengthMax) {
    return { ok: false, reason: `more than ${moneyTextLengthMax} digits` };
  }
  if (!isCurrencyCode(currency)) {
    return { ok: false, reason: `${currency} is not an ISO 4217 currency code that Credence supports` };
  }
  const scale = currencyScale(currency);
  const integer = digits.integer.replace(/^0+(?=[0-9])/, "") || "0";
  const amount = digits.fraction === "" ? integer : `${integer}.${digits.fraction}`;
  const kept = digits.fraction.slice(0, scale);
  if (/[^0]/.test(digits.fraction.slice(scale))) {
    return {
      ok: false,
      reason: `${amount} has more decimals than ${currency} has (${scale}) and they are not zeros`,
    };
  }
  return { ok: true, value: { amount, amountMinor: BigInt(integer + kept.padEnd(scale, "0")) } };
}

/** `convertAmount` where a failure is an error of the whole file, naming where the amount is. */
export function convertAmountOrThrow(digits: AmountDigits, currency: string, where: string): ConvertedAmount {
  const converted = convertAmount(digits, currency);
  if (!converted.ok) throw statementError(`${where}: ${converted.reason}`);
  return converted.value;
}

function signed(amount: string, amountMinor: bigint, debit: boolean): string {
  return debit && amountMinor !== 0n ? `-${amount}` : amount;
}

export function balanceOf(fields: {
  readonly type: string;
  readonly amountRaw: string;
  readonly converted: ConvertedAmount;
  readonly currency: string;
  readonly creditDebit: string;
  readonly date: string;
}): ParsedBalance {
  const { amount, amountMinor } = fields.converted;
  return Object.freeze({
    type: fields.type,
    amount,
    amountRaw: fields.amountRaw,
    currency: fields.currency,
    creditDebit: fields.creditDebit,
    signedAmount: signed(amount, amountMinor, isDebitMark(fields.creditDebit)),
    date: fields.date,
    amountMinor,
  });
}

export function signedBalanceMinor(balance: ParsedBalance): bigint {
  return isDebitMark(balance.creditDebit) ? -balance.amountMinor : balance.amountMinor;
}

export function entryOf(fields: {
  readonly bookingDate: string | null;
  readonly valueDate: string | null;
  readonly creditDebit: string;
  readonly reversal: boolean;
  readonly amountRaw: string;
  readonly converted: ConvertedAmount;
  readonly currency: string;
  readonly counterpartyName: string | null;
  readonly counterpartyAccount: string | null;
  readonly remittance: string | null;
  readonly endToEndId: string | null;
  readonly bankReference: string | null;
  readonly details: BankEntryDetails;
}): ParsedBankEntry {
  const { amount, amountMinor } = fields.converted;
  const debit = isDebitMark(fields.creditDebit);
  return Object.freeze({
    bookingDate: fields.bookingDate,
    valueDate: fields.valueDate,
    creditDebit: fields.creditDebit,
    reversal: fields.reversal,
    amount,
    amountRaw: fields.amountRaw,
    currency: fields.currency,
    signedAmount: signed(amount, amountMinor, debit),
    amountMinor,
    signedMinor: debit ? -amountMinor : amountMinor,
    counterpartyName: fields.counterpartyName,
    counterpartyAccount: fields.counterpartyAccount,
    remittance: fields.remittance,
    endToEndId: fields.endToEndId,
    bankReference: fields.bankReference,
    details: Object.freeze({ ...fields.details }),
  });
}

/** "18.150" → 18150 at scale 3, "-0.05" → -5 at scale 2. Only for the canonical texts made here. */
function decimalParts(amount: string): { units: bigint; scale: number } {
  const [integer = "0", fraction = ""] = amount.split(".");
  return { units: BigInt(integer + fraction), scale: fraction.length };
}

function decimalText(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, "0");
  const sign = negative ? "-" : "";
  if (scale === 0) return `${sign}${digits}`;
  return `${sign}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}

/** Exact sum of decimal texts (a leading `-` allowed) at the largest scale among them; "0" for none. */
export function sumDecimalTexts(amounts: ReadonlyArray<string>): string {
  if (amounts.length === 0) return "0";
  const parts = amounts.map(decimalParts);
  let scale = 0;
  for (const part of parts) scale = Math.max(scale, part.scale);
  let total = 0n;
  for (const part of parts) total += part.units * 10n ** BigInt(scale - part.scale);
  return decimalText(total, scale);
}

/** "1 entry is", "3 entries are": the subject of a warning about entries. */
export const entriesText = (count: number) => (count === 1 ? "1 entry is" : `${count} entries are`);

const ibanShape = /^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$/;

/** An account written as an IBAN: two letters, two check digits, 11–30 letters or digits. */
export function isIbanShaped(account: string): boolean {
  return ibanShape.test(account);
}

/** ISO 13616 check digits: the rearranged IBAN, letters as 10–35, is 1 modulo 97. */
export function ibanChecksumValid(iban: string): boolean {
  if (!ibanShape.test(iban)) return false;
  let remainder = 0;
  for (const character of iban.slice(4) + iban.slice(0, 4)) {
    const value = Number.parseInt(character, 36);
    remainder = value < 10 ? (remainder * 10 + value) % 97 : (remainder * 100 + value) % 97;
  }
  return remainder === 1;
}

const isoDatePattern = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** A `YYYY-MM-DD` text that names a real day. */
export function isRealDate(text: string): boolean {
  const match = isoDatePattern.exec(text);
  if (match === null) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

export function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

export interface StatementDraft {
  readonly format: BankStatementFormat;
  readonly id: string | null;
  readonly statementNumber: string | null;
  readonly electronicSequenceNumber: string | null;
  readonly account: string;
  readonly accountKind: BankAccountKind;
  readonly currency: string | null;
  readonly opening: ParsedBalance | null;
  readonly closing: ParsedBalance | null;
  readonly otherBalances: Readonly<Record<string, ParsedBalance>>;
  readonly entries: ReadonlyArray<ParsedBankEntry>;
  readonly statementInformation: string | null;
  /** Format-specific warnings found while reading; the common checks are added here. */
  readonly warnings: ReadonlyArray<string>;
}

/**
 * Counts, sums and the balance check of a statement. A statement that does not reconcile, or
 * whose balances and entries are in different currencies, is returned with a warning rather than
 * refused: the user has to see it, and decide.
 */
export function buildStatement(draft: StatementDraft): ParsedStatement {
  const credits = draft.entries.filter((entry) => !isDebitMark(entry.creditDebit));
  const debits = draft.entries.filter((entry) => isDebitMark(entry.creditDebit));
  const creditSum = sumDecimalTexts(credits.map((entry) => entry.amount));
  const debitSum = sumDecimalTexts(debits.map((entry) => entry.amount));
  let creditSumMinor = 0n;
  for (const entry of credits) creditSumMinor += entry.amountMinor;
  let debitSumMinor = 0n;
  for (const entry of debits) debitSumMinor += entry.amountMinor;

  const warnings = [...draft.warnings];
  const { opening, closing } = draft;
  const currency = opening?.currency ?? draft.currency;
  if (draft.accountKind === "IBAN" && !ibanChecksumValid(draft.account)) {
    warnings.push(`the account ${draft.account} is written as an IBAN but its check digits are wrong`);
  }
  if (draft.currency !== null && opening !== null && opening.currency !== draft.currency) {
    warnings.push(
      `the account currency is ${draft.currency} but the opening balance is in ${opening.currency}`,
    );
  }
  const foreign = currency === null ? [] : draft.entries.filter((entry) => entry.currency !== currency);
  if (foreign.length > 0) {
    const currencies = [...new Set(foreign.map((entry) => entry.currency))].join(", ");
    warnings.push(
      `entries in ${currencies} (${foreign.length} of ${draft.entries.length}) are not in ${currency}, the currency of the statement`,
    );
  }
  if (closing !== null) {
    const late = draft.entries.filter(
      (entry) => entry.bookingDate !== null && entry.bookingDate > closing.date,
    );
    if (late.length > 0) {
      warnings.push(
        `${entriesText(late.length)} booked after ${closing.date}, the date of the closing balance (the first on ${late[0]?.bookingDate})`,
      );
    }
  }

  // Every statement that does not reconcile gets exactly one warning saying so, and why.
  const notReconciled = "the statement does not reconcile: ";
  let reconciles = false;
  if (opening === null || closing === null) {
    const missing = [
      opening === null ? "no opening balance" : null,
      closing === null ? "no closing balance" : null,
    ]
      .filter((part) => part !== null)
      .join(" and ");
    warnings.push(`${notReconciled}it has ${missing} to check its entries against`);
  } else if (opening.currency !== closing.currency) {
    warnings.push(
      `${notReconciled}the opening balance is in ${opening.currency} but the closing balance in ${closing.currency}`,
    );
  } else if (foreign.length > 0) {
    warnings.push(
      `${notReconciled}its entries are not all in ${opening.currency}, the currency of its balances`,
    );
  } else {
    reconciles = signedBalanceMinor(opening) + creditSumMinor - debitSumMinor === signedBalanceMinor(closing);
    if (!reconciles) {
      const expected = sumDecimalTexts([opening.signedAmount, creditSum, `-${debitSum}`]);
      warnings.push(
        `${notReconciled}opening balance ${opening.signedAmount} + credits ${creditSum} − debits ${debitSum} = ${expected} ${opening.currency}, but the closing balance is ${closing.signedAmount} ${closing.currency}; entries are missing or the file is damaged`,
      );
    }
  }
  let netMinor = 0n;
  for (const entry of draft.entries) netMinor += entry.signedMinor;
  assert(netMinor === creditSumMinor - debitSumMinor, "signed entries add up to credits less debits");

  return Object.freeze({
    format: draft.format,
    id: draft.id,
    statementNumber: draft.statementNumber,
    electronicSequenceNumber: draft.electronicSequenceNumber,
    account: draft.account,
    accountKind: draft.accountKind,
    currency: draft.currency,
    opening,
    closing,
    otherBalances: Object.freeze({ ...draft.otherBalances }),
    entries: Object.freeze([...draft.entries]),
    creditCount: credits.length,
    debitCount: debits.length,
    creditSum,
    debitSum,
    creditSumMinor,
    debitSumMinor,
    reconciles,
    statementInformation: draft.statementInformation,
    warnings: Object.freeze(warnings),
  });
}

/**
 * `otherBalances` from balances in file order, keyed by type; a type met again is keyed `TYPE#2`,
 * `TYPE#3`… (camt forward-available balances `FWAV` and MT940 `:65:` come once per day).
 * `Object.fromEntries` defines own properties, so a type named `__proto__` stays a plain key.
 */
export function otherBalancesOf(
  balances: ReadonlyArray<ParsedBalance>,
): Readonly<Record<string, ParsedBalance>> {
  const seen = new Map<string, number>();
  const keyed: Array<[string, ParsedBalance]> = [];
  for (const balance of balances) {
    const count = (seen.get(balance.type) ?? 0) + 1;
    seen.set(balance.type, count);
    keyed.push([count === 1 ? balance.type : `${balance.type}#${count}`, balance]);
  }
  return Object.freeze(Object.fromEntries(keyed));
}

/**
 * A statement's opening balance is the closing balance of the one before it for the same
 * account (pages of one statement, or consecutive days). When they differ, a statement is
 * missing in between, and the later one says so.
 */
export function withChainWarnings(statements: ReadonlyArray<ParsedStatement>): ParsedStatement[] {
  const previousByAccount = new Map<string, ParsedStatement>();
  return statements.map((statement) => {
    const previous = previousByAccount.get(statement.account);
    previousByAccount.set(statement.account, statement);
    const before = previous?.closing ?? null;
    const opening = statement.opening;
    if (before === null || opening === null || before.currency !== opening.currency) return statement;
    if (signedBalanceMinor(before) === signedBalanceMinor(opening)) return statement;
    return Object.freeze({
      ...statement,
      warnings: Object.freeze([
        ...statement.warnings,
        `the opening balance ${opening.signedAmount} ${opening.currency} is not the closing balance ${before.signedAmount} ${before.currency} of the statement before it (${previous?.id ?? "without id"}): a statement may be missing in between`,
      ]),
    });
  });
}
