import { AppError, type FieldIssue } from "../core/errors.ts";
import type { CustomerSheetInput, ParsedCustomerSheet } from "../io/customer-sheet.ts";
import type { Executor } from "../store/database.ts";
import { type Actor, lockOrganization, type Tx } from "./command.ts";
import { createCustomer } from "./customers.ts";
import type { IdentityCipher } from "./identity-cipher.ts";
import { listMembers, normalizeEmail } from "./people.ts";

/**
 * Importing customers from a sheet (issue 4): every row is checked (the sheet's own checks in
 * io/customer-sheet.ts, then against the database: codes, credit codes and ID numbers already
 * taken, owners who are not members), and the whole report comes back row by row. Nothing is
 * written while any row is invalid, unless the caller chose `valid-only`.
 */

export const customerImportModes = ["all-or-nothing", "valid-only"] as const;
export type CustomerImportMode = (typeof customerImportModes)[number];

/**
 * imported: created. valid: would be created (a dry run). invalid: has issues, not created.
 * skipped: valid, but not created because another row is invalid and the mode is all-or-nothing.
 */
export type CustomerImportRowStatus = "imported" | "valid" | "invalid" | "skipped";

export interface CustomerImportRowReport {
  /** The row as Excel numbers it (the header is row 1, or lower when rows above it are blank). */
  readonly row: number;
  readonly code: string;
  readonly status: CustomerImportRowStatus;
  /** `path` is the column key (code, name, kind, creditCode, idNumber, industry, tags, ownerEmail, notes). */
  readonly issues: ReadonlyArray<FieldIssue>;
}

export interface CustomerImportReport {
  readonly mode: CustomerImportMode;
  readonly dryRun: boolean;
  /** Rows read (blank rows are not counted). */
  readonly total: number;
  readonly valid: number;
  readonly invalid: number;
  /** Customers created: 0 on a dry run and whenever all-or-nothing met an invalid row. */
  readonly imported: number;
  readonly rows: ReadonlyArray<CustomerImportRowReport>;
}

export interface CustomerImportOptions {
  readonly mode: CustomerImportMode;
  readonly dryRun: boolean;
}

/** Values per `in (…)` list: far below SQLite's 32,766 and PostgreSQL's 65,535 bind parameters. */
const lookupChunkSize = 500;

/** Which of `values` a column of the organization's customers already holds. */
async function takenValues(
  db: Executor,
  orgId: string,
  column: "code" | "credit_code" | "id_number_hash",
  values: ReadonlyArray<string>,
): Promise<Set<string>> {
  const taken = new Set<string>();
  const unique = [...new Set(values)];
  for (let start = 0; start < unique.length; start += lookupChunkSize) {
    const chunk = unique.slice(start, start + lookupChunkSize);
    const rows = await db
      .selectFrom("customers")
      .select(`${column} as value`)
      .where("org_id", "=", orgId)
      .where(column, "in", chunk)
      .execute();
    for (const row of rows) if (row.value !== null) taken.add(row.value);
  }
  return taken;
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
  if (sheet.fileIssues.length > 0) {
    throw new AppError("VALIDATION_FAILED", {
      detail: sheet.fileIssues.map((i) => i.message).join("; "),
      issues: sheet.fileIssues,
    });
  }
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
  const writes = !options.dryRun && (options.mode === "valid-only" || invalid === 0);
  let imported = 0;
  const reports: CustomerImportRowReport[] = [];
  for (const { row, issues, ownerUserId } of checked) {
    const base = { row: row.rowNumber, code: row.input.code, issues };
    if (issues.length > 0) {
      reports.push({ ...base, status: "invalid" });
      continue;
    }
    if (options.dryRun) {
      reports.push({ ...base, status: "valid" });
      continue;
    }
    if (!writes) {
      reports.push({ ...base, status: "skipped" });
      continue;
    }
    const { ownerEmail: _ownerEmail, ...input } = row.input;
    await createCustomer(tx, actor, orgId, { ...input, ownerUserId }, cipher);
    imported += 1;
    reports.push({ ...base, status: "imported" });
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

/** True when the import refused the file: all-or-nothing, not a dry run, and some row invalid. */
export function importRefused(report: CustomerImportReport): boolean {
  return !report.dryRun && report.mode === "all-or-nothing" && report.invalid > 0;
}
