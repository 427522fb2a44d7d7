import type { FieldIssue } from "../core/errors.ts";
import type { CustomerSheetInput, ParsedCustomerSheet } from "../io/customer-sheet.ts";
import type { Executor } from "../store/database.ts";
import { type Actor, lockOrganization, type Tx } from "./command.ts";
import { createCustomer } from "./customers.ts";
import type { IdentityCipher } from "./identity-cipher.ts";
import { listMembers, normalizeEmail } from "./people.ts";
import {
  importWrites,
  lookUpInChunks,
  refuseFileIssues,
  rowStatus,
  type SheetImportMode,
  type SheetImportOptions,
  type SheetImportRowStatus,
  type SheetImportSummary,
  sheetImportModes,
} from "./sheet-import.ts";

export { importRefused } from "./sheet-import.ts";

/**
 * Importing customers from a sheet (issue 4): every row is checked (the sheet's own checks in
 * io/customer-sheet.ts, then against the database: codes, credit codes and ID numbers already
 * taken, owners who are not members), and the whole report comes back row by row. Nothing is
 * written while any row is invalid, unless the caller chose `valid-only`.
 */

export const customerImportModes = sheetImportModes;
export type CustomerImportMode = SheetImportMode;
/** See `SheetImportRowStatus`: imported means created. */
export type CustomerImportRowStatus = SheetImportRowStatus;

export interface CustomerImportRowReport {
  /** The row as Excel numbers it (the header is row 1, or lower when rows above it are blank). */
  readonly row: number;
  readonly code: string;
  readonly status: CustomerImportRowStatus;
  /** `path` is the column key (code, name, kind, creditCode, idNumber, industry, tags, ownerEmail, notes). */
  readonly issues: ReadonlyArray<FieldIssue>;
}

/** `imported` counts customers created. */
export interface CustomerImportReport extends SheetImportSummary {
  readonly rows: ReadonlyArray<CustomerImportRowReport>;
}

export type CustomerImportOptions = SheetImportOptions;

/** Which of `values` a column of the organization's customers already holds. */
async function takenValues(
  db: Executor,
  orgId: string,
  column: "code" | "credit_code" | "id_number_hash",
  values: ReadonlyArray<string>,
): Promise<Set<string>> {
  const rows = await lookUpInChunks(values, (chunk) =>
    db
      .selectFrom("customers")
      .select(`${column} as value`)
      .where("org_id", "=", orgId)
      .where(column, "in", chunk)
      .execute(),
  );
  return new Set(rows.flatMap((row) => (row.value === null ? [] : [row.value])));
}

const presentValues = (rows: ReadonlyArray<{ input: CustomerSheetInput }>, key: "code" | "creditCode") =>
  rows.flatMap((row) => {
    const value = row.input[key];
    return value === null || value === "" ? [] : [value];
  });

/**
 * Checks every row of a parsed sheet against the organization and, unless this is a dry run,
 * creates the customers the mode allows, each through `createCustomer` (so each is audited and
 * checked once more inside the transaction). A file-level problem (missing columns, no rows)
 * is thrown as VALIDATION_FAILED, since there are no rows to report on.
 */
export async function importCustomers(
  tx: Tx,
  actor: Actor,
  orgId: string,
  sheet: ParsedCustomerSheet,
  options: CustomerImportOptions,
  cipher: IdentityCipher,
): Promise<CustomerImportReport> {
  refuseFileIssues(sheet.fileIssues);
  // Writers of this organization wait until the import commits, so the checks below stay true.
  if (!options.dryRun) await lockOrganization(tx, orgId);

  const rows = sheet.rows;
  const hashes = rows.map((row) => (row.input.idNumber === null ? null : cipher.hash(row.input.idNumber)));
  const [codesTaken, creditCodesTaken, idHashesTaken, members] = [
    await takenValues(tx.db, orgId, "code", presentValues(rows, "code")),
    await takenValues(tx.db, orgId, "credit_code", presentValues(rows, "creditCode")),
    await takenValues(
      tx.db,
      orgId,
      "id_number_hash",
      hashes.filter((hash) => hash !== null),
    ),
    await listMembers(tx.db, orgId),
  ];
  const memberByEmail = new Map(members.map((member) => [normalizeEmail(member.email), member.userId]));

  const checked = rows.map((row, index) => {
    const issues: FieldIssue[] = [...row.issues];
    const { code, creditCode, ownerEmail } = row.input;
    if (code !== "" && codesTaken.has(code)) {
      issues.push({ path: "code", code: "TAKEN", message: "another customer has this code" });
    }
    if (creditCode !== null && creditCodesTaken.has(creditCode)) {
      issues.push({ path: "creditCode", code: "TAKEN", message: "another customer has this credit code" });
    }
    const hash = hashes[index];
    if (hash !== null && hash !== undefined && idHashesTaken.has(hash)) {
      issues.push({ path: "idNumber", code: "TAKEN", message: "another customer has this ID number" });
    }
    const ownerUserId = ownerEmail === null ? null : (memberByEmail.get(ownerEmail) ?? null);
    if (ownerEmail !== null && ownerUserId === null) {
      issues.push({
        path: "ownerEmail",
        code: "NOT_A_MEMBER",
        message: `${ownerEmail} is not a member of the organization`,
      });
    }
    return { row, issues, ownerUserId };
  });

  const invalid = checked.filter((entry) => entry.issues.length > 0).length;
  const valid = checked.length - invalid;
  const writes = importWrites(options, invalid);
  let imported = 0;
  const reports: CustomerImportRowReport[] = [];
  for (const { row, issues, ownerUserId } of checked) {
    const status = rowStatus(issues, options, writes);
    reports.push({ row: row.rowNumber, code: row.input.code, issues, status });
    if (status !== "imported") continue;
    const { ownerEmail: _ownerEmail, ...input } = row.input;
    await createCustomer(tx, actor, orgId, { ...input, ownerUserId }, cipher);
    imported += 1;
  }
  return {
    mode: options.mode,
    dryRun: options.dryRun,
    total: checked.length,
    valid,
    invalid,
    imported,
    rows: reports,
  };
}
