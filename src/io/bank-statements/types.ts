/**
 * The one shape every bank-statement importer produces, whatever the file was: ISO 20022 camt.053,
 * SWIFT MT940 or a bank's CSV export. Field meanings follow
 * test/fixtures/bank-statements/README.md, which also gives the expected values for the samples.
 */

export type BankStatementFormat = "camt.053" | "MT940" | "csv";

/** `IBAN` when the account is written as an IBAN (camt `Acct/Id/IBAN`, an IBAN-shaped MT940 `:25:`). */
export type BankAccountKind = "IBAN" | "other";

export interface ParsedBalance {
  /** camt `OPBD`, `CLBD`, `OPAV`, `CLAV`…; MT940 the tag: `60F`, `60M`, `62F`, `62M`, `64`, `65`. */
  readonly type: string;
  /** Decimal text with `.`, the decimals as written (`18.150`, `9`), leading zeros dropped. */
  readonly amount: string;
  /** The amount exactly as the file writes it (`000000001000,00`, `9,`). */
  readonly amountRaw: string;
  readonly currency: string;
  /** As written: camt `CRDT`/`DBIT`, MT940 `C`/`D`. */
  readonly creditDebit: string;
  /** `amount` with a leading `-` for a debit balance (none for zero). */
  readonly signedAmount: string;
  readonly date: string;
  /** The unsigned amount in minor units of `currency`. */
  readonly amountMinor: bigint;
}

export type BankEntryDetails = Readonly<Record<string, string | boolean | null>>;

export interface ParsedBankEntry {
  readonly bookingDate: string | null;
  readonly valueDate: string | null;
  /** As written: camt `CRDT`/`DBIT`; MT940 and CSV `C`, `D`, `RC` (a debit) or `RD` (a credit). */
  readonly creditDebit: string;
  readonly reversal: boolean;
  readonly amount: string;
  readonly amountRaw: string;
  readonly currency: string;
  readonly signedAmount: string;
  /** The unsigned amount in minor units of `currency`. */
  readonly amountMinor: bigint;
  /** Signed minor units: + money in (credit), − money out (debit). */
  readonly signedMinor: bigint;
  readonly counterpartyName: string | null;
  readonly counterpartyAccount: string | null;
  readonly remittance: string | null;
  readonly endToEndId: string | null;
  /**
   * A stable per-entry reference for duplicate detection: camt `AcctSvcrRef`, the MT940 bank
   * reference (after `//` in `:61:`), the CSV reference column; else null.
   */
  readonly bankReference: string | null;
  /**
   * Format-specific extras, read as written. camt: bookingDateTime, status, debtorName,
   * creditorName, creditorReference, accountServicerReference, bankTransactionCode,
   * additionalEntryInformation. MT940: layout, fundsCode, transactionType, customerReference,
   * bankReference, supplementaryDetails, detailsRaw, and for the German `?nn` layout gvc,
   * bookingText, purpose, counterpartyBank. CSV: row, reference.
   */
  readonly details: BankEntryDetails;
}

export interface ParsedStatement {
  readonly format: BankStatementFormat;
  /** camt `Stmt/Id`, MT940 `:20:` (not unique in some banks' files), null for CSV. */
  readonly id: string | null;
  /** camt `LglSeqNb`, MT940 `:28C:` as written. */
  readonly statementNumber: string | null;
  /** camt `ElctrncSeqNb`. */
  readonly electronicSequenceNumber: string | null;
  readonly account: string;
  readonly accountKind: BankAccountKind;
  /** camt `Acct/Ccy` (null when the file gives none), MT940 the opening balance's, CSV the mapping's. */
  readonly currency: string | null;
  readonly opening: ParsedBalance | null;
  readonly closing: ParsedBalance | null;
  /** Every other balance by type; a type met again is keyed `TYPE#2`, `TYPE#3`… */
  readonly otherBalances: Readonly<Record<string, ParsedBalance>>;
  readonly entries: ReadonlyArray<ParsedBankEntry>;
  readonly creditCount: number;
  readonly debitCount: number;
  /** Exact decimal sums of the unsigned amounts; the scale is the largest summed; `0` for none. */
  readonly creditSum: string;
  readonly debitSum: string;
  readonly creditSumMinor: bigint;
  readonly debitSumMinor: bigint;
  /** opening + credits − debits = closing, all in one currency. */
  readonly reconciles: boolean;
  /** MT940 `:86:` after the closing balance; camt `AddtlStmtInf`. */
  readonly statementInformation: string | null;
  /** Problems a user must see before importing: does not reconcile, currency mismatch, … */
  readonly warnings: ReadonlyArray<string>;
}

export interface ParsedStatementFile {
  readonly format: BankStatementFormat;
  /** The camt XML namespace (its version); null for MT940 and CSV. */
  readonly namespace: string | null;
  /** camt `GrpHdr/MsgId`. */
  readonly messageId: string | null;
  readonly statements: ReadonlyArray<ParsedStatement>;
  /** SHA-256 of the raw bytes, lowercase hex: the same file imported twice has the same one. */
  readonly sha256: string;
}
