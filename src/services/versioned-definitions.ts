import type { Executor } from "../store/database.ts";
import { appendAudit } from "./audit.ts";
import type { Actor, Tx } from "./command.ts";
import { stringifyMinor } from "./minor-json.ts";

/**
 * Versioned definitions (scorecards, credit and installment policies): saving makes a new
 * version and never changes an old one, because every assessment, offer and plan names the
 * version it used. Until an organization saves its own, the built-in default stands (not stored).
 */

export interface Versioned<T> {
  readonly definition: T;
  /** Who saved the version; null for the built-in default. */
  readonly createdBy: string | null;
  readonly createdAt: string | null;
}

export type DefinitionTable =
  | "scorecards"
  | "credit_policies"
  | "installment_policies"
  | "receivables_policies"
  | "dunning_policies"
  | "risk_policies"
  | "warning_rule_sets";

const audited: Readonly<Record<DefinitionTable, { action: string; entityType: string }>> = {
  scorecards: { action: "scorecard.saved", entityType: "scorecard" },
  credit_policies: { action: "credit_policy.saved", entityType: "credit_policy" },
  installment_policies: { action: "installment_policy.saved", entityType: "installment_policy" },
  receivables_policies: { action: "receivables_policy.saved", entityType: "receivables_policy" },
  dunning_policies: { action: "dunning_policy.saved", entityType: "dunning_policy" },
  risk_policies: { action: "risk_policy.saved", entityType: "risk_policy" },
  warning_rule_sets: { action: "warning_rules.saved", entityType: "warning_rules" },
};

export async function latest(db: Executor, table: DefinitionTable, orgId: string, version?: number) {
  let query = db.selectFrom(table).selectAll().where("org_id", "=", orgId);
  query =
    version === undefined
      ? query.orderBy("version", "desc").limit(1)
      : query.where("version", "=", BigInt(version));
  return query.executeTakeFirst();
}

/** Versions saved so far, newest first (the built-in default is not listed). */
export async function listVersions(
  db: Executor,
  table: DefinitionTable,
  orgId: string,
): Promise<Array<{ version: number; createdBy: string; createdAt: string }>> {
  const rows = await db
    .selectFrom(table)
    .select(["version", "created_by", "created_at"])
    .where("org_id", "=", orgId)
    .orderBy("version", "desc")
    .execute();
  return rows.map((row) => ({
    version: Number(row.version),
    createdBy: row.created_by,
    createdAt: row.created_at,
  }));
}

export async function saveVersion<T extends { readonly version: number }>(
  tx: Tx,
  actor: Actor,
  orgId: string,
  table: DefinitionTable,
  current: T,
  next: T,
): Promise<Versioned<T>> {
  // The audit append takes the organization's lock, so two editors saving at once get
  // consecutive versions instead of a key conflict.
  await appendAudit(tx, {
    orgId,
    actor,
    action: audited[table].action,
    entityType: audited[table].entityType,
    entityId: String(next.version),
    before: JSON.parse(stringifyMinor(current)),
    after: JSON.parse(stringifyMinor(next)),
  });
  await tx.db
    .insertInto(table)
    .values({
      org_id: orgId,
      version: BigInt(next.version),
      definition_json: stringifyMinor(next),
      created_by: actor.label,
      created_at: tx.now,
    })
    .execute();
  return { definition: next, createdBy: actor.label, createdAt: tx.now };
}

export async function nextVersion(
  tx: Tx,
  table: DefinitionTable,
  orgId: string,
  builtIn: number,
): Promise<number> {
  const row = await latest(tx.db, table, orgId);
  return Math.max(builtIn, row === undefined ? 0 : Number(row.version)) + 1;
}
