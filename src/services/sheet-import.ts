import { sql } from "kysely";
import { AppError, type FieldIssue } from "../core/errors.ts";
import type { Tx } from "./command.ts";

/**
 * What every row-by-row import from a sheet shares (customers, invoices, payments): the two modes,
 * the status of a row, the counts of the report, and running each document of a file so that one
 * refusal undoes only that document.
 */

export const sheetImportModes = ["all-or-nothing", "valid-only"] as const;
export type SheetImportMode = (typeof sheetImportModes)[number];

/**
 * imported: written. valid: would be written (a dry run). invalid: has issues, not written.
 * skipped: valid, but not written because another row is invalid and the mode is all-or-nothing.
 */
export const sheetImportRowStatuses = ["imported", "valid", "invalid", "skipped"] as const;
export type SheetImportRowStatus = (typeof sheetImportRowStatuses)[number];

export interface SheetImportOptions {
  readonly mode: SheetImportMode;
  readonly dryRun: boolean;
}

/** The counts every import report starts with. */
export interface SheetImportSummary {
  readonly mode: SheetImportMode;
  readonly dryRun: boolean;
  /** Rows read (blank rows are not counted). */
  readonly total: number;
  readonly valid: number;
  readonly invalid: number;
  /** Records written: 0 on a dry run and whenever all-or-nothing met an invalid row. */
  readonly imported: number;
}

/** A problem of the file as a whole (missing columns, no rows): there are no rows to report on. */
export function refuseFileIssues(fileIssues: ReadonlyArray<FieldIssue>): void {
  if (fileIssues.length > 0) {
    throw new AppError("VALIDATION_FAILED", {
      detail: fileIssues.map((i) => i.message).join("; "),
      issues: fileIssues,
    });
  }
}

/** Whether the valid rows are written: not on a dry run, and in all-or-nothing only when no row is invalid. */
export function importWrites(options: SheetImportOptions, invalidRows: number): boolean {
  return !options.dryRun && (options.mode === "valid-only" || invalidRows === 0);
}

/** A row's status once its issues are known and it is settled whether valid rows are written. */
export function rowStatus(
  issues: ReadonlyArray<FieldIssue>,
  options: SheetImportOptions,
  writes: boolean,
): SheetImportRowStatus {
  if (issues.length > 0) return "invalid";
  if (options.dryRun) return "valid";
  return writes ? "imported" : "skipped";
}

/** True when the import refused the file: all-or-nothing, not a dry run, and some row invalid. */
export function importRefused(report: SheetImportSummary): boolean {
  return !report.dryRun && report.mode === "all-or-nothing" && report.invalid > 0;
}

/**
 * True when rows are invalid and nothing was imported, or on a dry run nothing would be: the CLI's
 * exit code 1. A dry run answers as the import itself would.
 */
export function nothingImported(report: SheetImportSummary): boolean {
  const importable = report.dryRun
    ? report.mode === "valid-only" || report.invalid === 0
      ? report.valid
      : 0
    : report.imported;
  return report.invalid > 0 && importable === 0;
}

/** Values per `in (…)` list: far below SQLite's 32,766 and PostgreSQL's 65,535 bind parameters. */
export const lookupChunkSize = 500;

/** `lookup` over the distinct `values` in chunks of `lookupChunkSize`, the results concatenated. */
export async function lookUpInChunks<Value, Row>(
  values: Iterable<Value>,
  lookup: (chunk: Value[]) => Promise<ReadonlyArray<Row>>,
): Promise<Row[]> {
  const unique = [...new Set(values)];
  const found: Row[] = [];
  for (let start = 0; start < unique.length; start += lookupChunkSize) {
    found.push(...(await lookup(unique.slice(start, start + lookupChunkSize))));
  }
  return found;
}

const savepointName = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Runs `work` inside a savepoint of the command's transaction: when it throws, what it wrote is
 * undone and the error goes on to the caller, while the transaction and what came before stay.
 * SAVEPOINT, ROLLBACK TO SAVEPOINT and RELEASE SAVEPOINT mean the same on SQLite and PostgreSQL;
 * on PostgreSQL the rollback also clears a failed statement, so the transaction can go on. Should
 * the rollback itself fail, that error is thrown instead, so a half-undone document is never
 * mistaken for a refusal and committed.
 */
export async function inSavepoint<T>(tx: Tx, name: string, work: () => Promise<T>): Promise<T> {
  if (!savepointName.test(name)) throw new Error(`invalid savepoint name "${name}"`);
  await sql`savepoint ${sql.raw(name)}`.execute(tx.db);
  let value: T;
  try {
    value = await work();
  } catch (error) {
    await sql`rollback to savepoint ${sql.raw(name)}`.execute(tx.db);
    await sql`release savepoint ${sql.raw(name)}`.execute(tx.db);
    throw error;
  }
  await sql`release savepoint ${sql.raw(name)}`.execute(tx.db);
  return value;
}

/** A command's refusal of one document (a 4xx AppError), as opposed to a bug or an outage. */
export function isRefusal(error: unknown): error is AppError {
  return error instanceof AppError && error.status < 500;
}

export type DocumentOutcome<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: AppError };

/**
 * One document of a file (an invoice, a payment) through its command, in a savepoint: a refusal
 * undoes what the command wrote and comes back as the outcome; anything else (a bug, a lost
 * connection) is thrown and ends the whole import.
 */
export async function attemptDocument<T>(tx: Tx, run: () => Promise<T>): Promise<DocumentOutcome<T>> {
  try {
    return { ok: true, value: await inSavepoint(tx, "sheet_import_document", run) };
  } catch (error) {
    if (isRefusal(error)) return { ok: false, error };
    throw error;
  }
}

/** Carries an import's report out of the savepoint it undoes. */
class DiscardedImport<T> extends Error {
  constructor(readonly value: T) {
    super("import discarded");
  }
}

/**
 * Runs an import's writes in a savepoint and keeps them only when `work` says so (not on a dry
 * run, nor in all-or-nothing once a row is invalid or refused); otherwise everything it wrote is
 * undone, while its report still comes back.
 */
export async function keepImportIf<T>(
  tx: Tx,
  work: () => Promise<{ readonly value: T; readonly keep: boolean }>,
): Promise<T> {
  try {
    return await inSavepoint(tx, "sheet_import", async () => {
      const { value, keep } = await work();
      if (!keep) throw new DiscardedImport(value);
      return value;
    });
  } catch (error) {
    if (error instanceof DiscardedImport) return error.value as T;
    throw error;
  }
}
