import type { MatchReason } from "../../../src/domain/payments/matching.ts";
import type { BankLineStatus } from "../../../src/services/receivables/bank.ts";
import type { AllocationRequestBody, PaymentView } from "./receivables-types.ts";

/**
 * What the bank API sends and takes (src/api/routes/bank.ts), as the web app reads it: every
 * `xMinor` of the services arrives as `x`, a decimal string in major units. The vocabularies are
 * the server's own types, so a status or a reason added there is a type error here.
 */

export type { BankLineStatus, MatchReason };

/** The formats the importer reads (src/io/bank-statements/types.ts). */
export type BankStatementFormat = "camt.053" | "MT940" | "csv";

/** How a CSV export is read; what is left out is the common Chinese bank export's. */
export interface BankCsvMappingRequest {
  /** The account the export is of: CSV exports rarely repeat it on every row. */
  readonly account: string;
  readonly currency?: string;
  /** Header texts by field; given, they replace the preset's columns as a whole. */
  readonly columns?: Readonly<Partial<Record<BankCsvColumnField, string>>>;
  readonly dateFormat?: BankCsvDateFormat;
  readonly decimalSeparator?: "." | ",";
}

export type BankCsvColumnField =
  | "bookingDate"
  | "credit"
  | "debit"
  | "counterpartyName"
  | "counterpartyAccount"
  | "remittance"
  | "reference";

export type BankCsvDateFormat = "YYYY-MM-DD" | "YYYYMMDD" | "YYYY/MM/DD" | "DD.MM.YYYY";

export interface BankImportRequest {
  readonly fileBase64: string;
  readonly fileName: string | null;
  readonly format?: BankStatementFormat;
  readonly csvMapping?: BankCsvMappingRequest;
}

export interface BankImportSummary {
  readonly statements: ReadonlyArray<{
    readonly statementId: string;
    readonly account: string;
    readonly reference: string | null;
    readonly lines: number;
    /** The importer's findings in English, e.g. that the statement does not reconcile. */
    readonly warnings: ReadonlyArray<string>;
  }>;
  readonly lines: number;
  readonly incoming: number;
  readonly matchedAutomatically: number;
  readonly waitingForReview: number;
  readonly paymentIds: ReadonlyArray<string>;
}

/** An imported statement as the list shows it. */
export interface BankStatementSummary {
  readonly statementId: string;
  readonly format: string;
  readonly account: string;
  readonly reference: string | null;
  readonly currency: string;
  readonly fileName: string | null;
  readonly opening: string | null;
  readonly closing: string | null;
  readonly from: string | null;
  readonly to: string | null;
  readonly lineCount: number;
  readonly warnings: ReadonlyArray<string>;
  readonly importedBy: string;
  readonly importedAt: string;
}

/** One way to apply a line: the customer, the items with what each takes, and the rest unapplied. */
export interface MatchSuggestion {
  readonly customerId: string;
  readonly allocations: ReadonlyArray<{ readonly itemId: string; readonly amount: string }>;
  readonly unapplied: string;
  /** 0..1. */
  readonly confidence: number;
  readonly reasons: ReadonlyArray<MatchReason>;
}

export interface BankLineView {
  readonly lineId: string;
  readonly statementId: string;
  readonly seq: number;
  readonly bookingDate: string;
  readonly valueDate: string | null;
  /** Negative for money out. */
  readonly amount: string;
  readonly currency: string;
  readonly counterpartyName: string | null;
  readonly counterpartyAccount: string | null;
  readonly remittance: string | null;
  readonly endToEndId: string | null;
  readonly bankReference: string | null;
  readonly status: BankLineStatus;
  readonly confidence: number | null;
  /** Ranked best first. */
  readonly suggestions: ReadonlyArray<MatchSuggestion>;
  readonly paymentId: string | null;
  readonly resolvedBy: string | null;
  readonly resolvedAt: string | null;
}

export interface BankLineList {
  readonly items: ReadonlyArray<BankLineView>;
}

export type BankLineResolution =
  | { readonly kind: "accept"; readonly suggestion: number }
  | {
      readonly kind: "assign";
      readonly customerId: string;
      readonly allocation: AllocationRequestBody | null;
    }
  | { readonly kind: "ignore"; readonly reason: string };

export interface BankLineResolved {
  readonly line: BankLineView;
  readonly payment: PaymentView | null;
}

export interface RematchResult {
  readonly matched: number;
  readonly waiting: number;
  readonly paymentIds: ReadonlyArray<string>;
}
