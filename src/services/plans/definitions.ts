import { AppError } from "../../core/errors.ts";
import {
  assertInstallmentPolicy,
  checkLprTable,
  defaultInstallmentPolicy,
  type InstallmentPolicy,
  type LprEntry,
  lprEntriesMax,
} from "../../domain/plans/index.ts";
import type { Executor } from "../../store/database.ts";
import { appendAudit } from "../audit.ts";
import type { Actor, Tx } from "../command.ts";
import { parseMinor } from "../minor-json.ts";
import { getOrganization } from "../organizations.ts";
import { latest, nextVersion, saveVersion, type Versioned } from "../versioned-definitions.ts";

/**
 * The one-year Loan Prime Rate (贷款市场报价利率) as published by the National Interbank Funding
 * Center on behalf of the PBOC, from the reformed LPR's first fixing (20 August 2019). An
 * organization that has entered no table of its own uses this one; it must add later fixings
 * itself (Settings → Installments), since a legal ceiling must never be guessed.
 */
export const publishedOneYearLpr: ReadonlyArray<LprEntry> = Object.freeze([
  { effectiveDate: "2019-08-20", rate: "0.0425" },
  { effectiveDate: "2019-09-20", rate: "0.042" },
  { effectiveDate: "2019-11-20", rate: "0.0415" },
  { effectiveDate: "2020-02-20", rate: "0.0405" },
  { effectiveDate: "2020-04-20", rate: "0.0385" },
  { effectiveDate: "2021-12-20", rate: "0.038" },
  { effectiveDate: "2022-01-20", rate: "0.037" },
  { effectiveDate: "2022-08-22", rate: "0.0365" },
  { effectiveDate: "2023-06-20", rate: "0.0355" },
  { effectiveDate: "2023-08-21", rate: "0.0345" },
  { effectiveDate: "2024-07-22", rate: "0.0335" },
  { effectiveDate: "2024-10-21", rate: "0.031" },
  { effectiveDate: "2025-05-20", rate: "0.03" },
]);

export async function getInstallmentPolicy(
  db: Executor,
  orgId: string,
  version?: number,
): Promise<Versioned<InstallmentPolicy>> {
  const row = await latest(db, "installment_policies", orgId, version);
  if (row === undefined) {
    if (version !== undefined && version !== 1) {
      throw new AppError("NOT_FOUND", { detail: `installment policy version ${version} does not exist` });
    }
    const { baseCurrency } = await getOrganization(db, orgId);
    return { definition: defaultInstallmentPolicy(baseCurrency), createdBy: null, createdAt: null };
  }
  return {
    definition: parseMinor<InstallmentPolicy>(row.definition_json),
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

/** Saves a new installment policy version (the version in `policy` is ignored); VALIDATION_FAILED names each bad field. */
export async function saveInstallmentPolicy(
  tx: Tx,
  actor: Actor,
  orgId: string,
  policy: Omit<InstallmentPolicy, "version">,
): Promise<Versioned<InstallmentPolicy>> {
  const current = (await getInstallmentPolicy(tx.db, orgId)).definition;
  const { baseCurrency } = await getOrganization(tx.db, orgId);
  const next: InstallmentPolicy = {
    ...policy,
    version: await nextVersion(tx, "installment_policies", orgId, 1),
  };
  assertInstallmentPolicy(next);
  if (next.currency !== baseCurrency) {
    throw new AppError("VALIDATION_FAILED", {
      detail: `plans are granted in the organization's currency ${baseCurrency}`,
      issues: [{ path: "currency", code: "CURRENCY_MISMATCH", message: `must be ${baseCurrency}` }],
    });
  }
  return saveVersion(tx, actor, orgId, "installment_policies", current, next);
}

export interface LprTable {
  readonly entries: ReadonlyArray<LprEntry>;
  /** False while the organization uses the published table built in. */
  readonly saved: boolean;
}

export async function getLprTable(db: Executor, orgId: string): Promise<LprTable> {
  const rows = await db
    .selectFrom("lpr_rates")
    .select(["effective_date", "rate"])
    .where("org_id", "=", orgId)
    .orderBy("effective_date")
    .limit(lprEntriesMax)
    .execute();
  if (rows.length === 0) return { entries: publishedOneYearLpr, saved: false };
  return { entries: rows.map((row) => ({ effectiveDate: row.effective_date, rate: row.rate })), saved: true };
}

/** Replaces the organization's LPR table; VALIDATION_FAILED for a bad or duplicate entry. */
export async function saveLprTable(
  tx: Tx,
  actor: Actor,
  orgId: string,
  entries: ReadonlyArray<LprEntry>,
): Promise<LprTable> {
  const issues = checkLprTable(entries);
  if (entries.length === 0) issues.push({ path: "entries", code: "REQUIRED", message: "at least one LPR" });
  if (issues.length > 0) {
    throw new AppError("VALIDATION_FAILED", {
      detail: issues.map((issue) => `${issue.path}: ${issue.message}`).join("; "),
      issues,
    });
  }
  const before = await getLprTable(tx.db, orgId);
  const sorted = [...entries].sort((a, b) => a.effectiveDate.localeCompare(b.effectiveDate));
  await tx.db.deleteFrom("lpr_rates").where("org_id", "=", orgId).execute();
  await tx.db
    .insertInto("lpr_rates")
    .values(
      sorted.map((entry) => ({
        org_id: orgId,
        effective_date: entry.effectiveDate,
        rate: entry.rate,
        created_by: actor.label,
        created_at: tx.now,
      })),
    )
    .execute();
  await appendAudit(tx, {
    orgId,
    actor,
    action: "lpr_table.saved",
    entityType: "lpr_table",
    entityId: orgId,
    before: before.entries,
    after: sorted,
  });
  return { entries: sorted, saved: true };
}
