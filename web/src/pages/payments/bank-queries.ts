import { useQuery } from "@tanstack/react-query";
import type {
  BankCsvColumnField,
  BankCsvDateFormat,
  BankLineList,
  BankLineStatus,
  BankStatementSummary,
  MatchReason,
} from "../../api/bank-types.ts";
import { api } from "../../api/client.ts";
import { queryKeys } from "../../query-keys.ts";
import { receivablesPath } from "../receivables/receivables-queries.ts";

/**
 * Bank statements and their lines on the API (src/api/routes/bank.ts). The statuses and reasons
 * are the server's (src/services/receivables/bank.ts, src/domain/payments/matching.ts), copied
 * because those modules are not for the browser; the `Complete` checks make a value added there a
 * type error here.
 */

type Complete<Listed, All> = [Exclude<All, Listed>] extends [never] ? true : never;

export const bankLineStatuses = [
  "review",
  "matched",
  "ignored",
  "outgoing",
] as const satisfies ReadonlyArray<BankLineStatus>;
const bankLineStatusesComplete: Complete<(typeof bankLineStatuses)[number], BankLineStatus> = true;

/** Strongest first, as the matching engine weighs them. */
export const matchReasons = [
  "REFERENCE",
  "TAX_INVOICE_NUMBER",
  "ACCOUNT",
  "NAME",
  "AMOUNT_EXACT",
  "AMOUNT_COMBINATION",
  "AMOUNT_PARTIAL",
  "OLDEST_OPEN",
] as const satisfies ReadonlyArray<MatchReason>;
const matchReasonsComplete: Complete<(typeof matchReasons)[number], MatchReason> = true;

void [bankLineStatusesComplete, matchReasonsComplete];

/** Lines one request brings (the server's page limit, bankLinesPageMax): the newest first. */
export const bankLinesMax = 500;
/** Imported statements one list shows, newest first (the server allows 200). */
export const bankStatementsMax = 100;
/** The importer's limit on a file (src/io/bank-statements/build-statement.ts, bankStatementBytesMax). */
export const bankStatementBytesMax = 20 * 1024 * 1024;

/**
 * The header names of the common Chinese online-banking export, the first of each column's
 * alternatives in the server's preset (src/io/bank-statements/csv.ts, chineseBankCsvPreset). Left
 * as they are, the request sends no columns and the server tries every alternative it knows.
 */
export const chineseBankCsvHeaders: Readonly<Record<BankCsvColumnField, string>> = {
  bookingDate: "交易日期",
  credit: "贷方发生额",
  debit: "借方发生额",
  counterpartyName: "对方户名",
  counterpartyAccount: "对方账号",
  remittance: "附言",
  reference: "流水号",
};
export const bankCsvColumnFields = [
  "bookingDate",
  "credit",
  "debit",
  "counterpartyName",
  "counterpartyAccount",
  "remittance",
  "reference",
] as const satisfies ReadonlyArray<BankCsvColumnField>;
const csvColumnsComplete: Complete<(typeof bankCsvColumnFields)[number], BankCsvColumnField> = true;
void csvColumnsComplete;

export const bankCsvDateFormats = [
  "YYYY-MM-DD",
  "YYYYMMDD",
  "YYYY/MM/DD",
  "DD.MM.YYYY",
] as const satisfies ReadonlyArray<BankCsvDateFormat>;

export function useBankLines(orgId: string, status: BankLineStatus) {
  return useQuery({
    queryKey: [...queryKeys.bank(orgId), "lines", status],
    queryFn: () =>
      api.get<BankLineList>(receivablesPath(orgId, "bank-lines"), { status, limit: bankLinesMax }),
  });
}

export function useBankStatements(orgId: string) {
  return useQuery({
    queryKey: [...queryKeys.bank(orgId), "statements"],
    queryFn: () =>
      api.get<{ readonly items: ReadonlyArray<BankStatementSummary> }>(
        receivablesPath(orgId, "bank-statements"),
        { limit: bankStatementsMax },
      ),
  });
}

/** A confidence of 0..1 as a whole percentage ("82%"): a score, not money, so a float is fine. */
export function formatConfidence(confidence: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 0 }).format(confidence);
}

/**
 * The importer's warnings are English sentences; the one that matters most, that a statement's
 * balances and entries do not add up, always starts with this text (src/io/bank-statements/
 * build-statement.ts, `notReconciled`), so the page can say it in the reader's language too.
 */
const notReconciledPrefix = "the statement does not reconcile";

export function reconciles(warnings: ReadonlyArray<string>): boolean {
  return !warnings.some((warning) => warning.startsWith(notReconciledPrefix));
}
