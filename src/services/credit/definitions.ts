import {
  assertCreditPolicy,
  assertScorecard,
  type CreditPolicy,
  defaultCreditPolicy,
  defaultScorecard,
  type Scorecard,
} from "../../domain/credit/index.ts";
import type { Executor } from "../../store/database.ts";
import { appendAudit } from "../audit.ts";
import type { Actor, Tx } from "../command.ts";
import { parseMinor, stringifyMinor } from "../minor-json.ts";
import { getOrganization } from "../organizations.ts";

/**
 * The scorecard and the credit policy of an organization. Both are versioned: saving makes a new
 * version and never changes an old one, because every assessment names the versions it used.
 * Until an organization saves its own, version 1 is the built-in default (not stored).
 */

export interface Versioned<T> {
  readonly definition: T;
  /** Who saved the version; null for the built-in default. */
  readonly createdBy: string | null;
  readonly createdAt: string | null;
}

type DefinitionTable = "scorecards" | "credit_policies";

async function latest(db: Executor, table: DefinitionTable, orgId: string, version?: number) {
  let query = db.selectFrom(table).selectAll().where("org_id", "=", orgId);
  query =
    version === undefined
      ? query.orderBy("version", "desc").limit(1)
      : query.where("version", "=", BigInt(version));
  return query.executeTakeFirst();
}

export async function getScorecard(
  db: Executor,
  orgId: string,
  version?: number,
): Promise<Versioned<Scorecard>> {
  const row = await latest(db, "scorecards", orgId, version);
  if (row === undefined) return { definition: defaultScorecard, createdBy: null, createdAt: null };
  return {
    definition: JSON.parse(row.definition_json) as Scorecard,
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

export async function getCreditPolicy(
  db: Executor,
  orgId: string,
  version?: number,
): Promise<Versioned<CreditPolicy>> {
  const row = await latest(db, "credit_policies", orgId, version);
  if (row === undefined) {
    const { baseCurrency } = await getOrganization(db, orgId);
    return { definition: defaultCreditPolicy(baseCurrency), createdBy: null, createdAt: null };
  }
  return {
    definition: parseMinor<CreditPolicy>(row.definition_json),
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
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

async function saveVersion<T extends { readonly version: number }>(
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
    action: table === "scorecards" ? "scorecard.saved" : "credit_policy.saved",
    entityType: table === "scorecards" ? "scorecard" : "credit_policy",
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

async function nextVersion(tx: Tx, table: DefinitionTable, orgId: string, builtIn: number): Promise<number> {
  const row = await latest(tx.db, table, orgId);
  return Math.max(builtIn, row === undefined ? 0 : Number(row.version)) + 1;
}

/** Saves a new scorecard version; the version number in `card` is ignored. VALIDATION_FAILED names each bad field. */
export async function saveScorecard(
  tx: Tx,
  actor: Actor,
  orgId: string,
  card: Omit<Scorecard, "version">,
): Promise<Versioned<Scorecard>> {
  const current = (await getScorecard(tx.db, orgId)).definition;
  const next: Scorecard = {
    ...card,
    version: await nextVersion(tx, "scorecards", orgId, defaultScorecard.version),
  };
  assertScorecard(next);
  return saveVersion(tx, actor, orgId, "scorecards", current, next);
}

/** Saves a new credit policy version; see `saveScorecard`. */
export async function saveCreditPolicy(
  tx: Tx,
  actor: Actor,
  orgId: string,
  policy: Omit<CreditPolicy, "version">,
): Promise<Versioned<CreditPolicy>> {
  const current = (await getCreditPolicy(tx.db, orgId)).definition;
  const next: CreditPolicy = { ...policy, version: await nextVersion(tx, "credit_policies", orgId, 1) };
  assertCreditPolicy(next);
  return saveVersion(tx, actor, orgId, "credit_policies", current, next);
}
