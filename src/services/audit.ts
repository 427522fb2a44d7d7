import { createHash } from "node:crypto";
import type { Executor } from "../store/database.ts";
import { canonicalJson } from "./canonical-json.ts";
import { type Actor, lockOrganization, type Tx } from "./command.ts";

/**
 * The audit log: append-only and hash-chained per organization. Each record's hash covers its
 * own fields and the previous record's hash, so editing, deleting or reordering any record
 * breaks the chain from that point on (`credence verify` names the first broken record).
 */

export const auditGenesisHash = "0".repeat(64);
export const auditPageSizeMax = 200;

export interface AuditEntryInput {
  readonly orgId: string;
  readonly actor: Actor;
  readonly action: string;
  readonly entityType: string;
  readonly entityId: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

export interface AuditRecord {
  readonly orgId: string;
  readonly seq: bigint;
  readonly recordedAt: string;
  readonly actorUserId: string | null;
  readonly actorLabel: string;
  readonly action: string;
  readonly entityType: string;
  readonly entityId: string;
  readonly before: unknown;
  readonly after: unknown;
  readonly prevHash: string;
  readonly hash: string;
}

interface HashedFields {
  readonly org_id: string;
  readonly seq: bigint;
  readonly recorded_at: string;
  readonly actor_user_id: string | null;
  readonly actor_label: string;
  readonly action: string;
  readonly entity_type: string;
  readonly entity_id: string;
  readonly before_json: string | null;
  readonly after_json: string | null;
  readonly prev_hash: string;
}

export function auditHash(fields: HashedFields): string {
  return createHash("sha256").update(canonicalJson(fields)).digest("hex");
}

function jsonOrNull(value: unknown): string | null {
  return value === undefined ? null : canonicalJson(value);
}

export async function appendAudit(tx: Tx, entry: AuditEntryInput): Promise<AuditRecord> {
  await lockOrganization(tx, entry.orgId);
  const last = await tx.db
    .selectFrom("audit_log")
    .select(["seq", "hash"])
    .where("org_id", "=", entry.orgId)
    .orderBy("seq", "desc")
    .limit(1)
    .executeTakeFirst();
  const fields: HashedFields = {
    org_id: entry.orgId,
    seq: (last?.seq ?? 0n) + 1n,
    recorded_at: tx.now,
    actor_user_id: entry.actor.userId,
    actor_label: entry.actor.label,
    action: entry.action,
    entity_type: entry.entityType,
    entity_id: entry.entityId,
    before_json: jsonOrNull(entry.before),
    after_json: jsonOrNull(entry.after),
    prev_hash: last?.hash ?? auditGenesisHash,
  };
  const hash = auditHash(fields);
  await tx.db
    .insertInto("audit_log")
    .values({ ...fields, hash })
    .execute();
  return toRecord({ ...fields, hash });
}

function toRecord(row: HashedFields & { readonly hash: string }): AuditRecord {
  return {
    orgId: row.org_id,
    seq: BigInt(row.seq),
    recordedAt: row.recorded_at,
    actorUserId: row.actor_user_id,
    actorLabel: row.actor_label,
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    before: row.before_json === null ? null : JSON.parse(row.before_json),
    after: row.after_json === null ? null : JSON.parse(row.after_json),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

export interface AuditPage {
  readonly items: ReadonlyArray<AuditRecord>;
  /** Pass as `beforeSeq` to get the next (older) page; null on the last page. */
  readonly nextBeforeSeq: bigint | null;
}

export async function listAudit(
  db: Executor,
  orgId: string,
  options: { readonly limit: number; readonly beforeSeq?: bigint; readonly entityId?: string },
): Promise<AuditPage> {
  const limit = Math.min(Math.max(1, options.limit), auditPageSizeMax);
  let query = db.selectFrom("audit_log").selectAll().where("org_id", "=", orgId);
  if (options.beforeSeq !== undefined) query = query.where("seq", "<", options.beforeSeq);
  if (options.entityId !== undefined) query = query.where("entity_id", "=", options.entityId);
  const rows = await query
    .orderBy("seq", "desc")
    .limit(limit + 1)
    .execute();
  const items = rows.slice(0, limit).map(toRecord);
  const hasMore = rows.length > limit;
  return { items, nextBeforeSeq: hasMore ? (items.at(-1)?.seq ?? null) : null };
}

export interface AuditChainReport {
  readonly orgId: string;
  readonly checked: number;
  readonly ok: boolean;
  /** The first record whose hash or link does not hold, with what is wrong with it. */
  readonly firstBroken: { readonly seq: bigint; readonly reason: "hash" | "link" | "gap" } | null;
}

const auditVerifyBatchSize = 5_000;

/** Recomputes the chain of one organization, in batches so memory stays flat. */
export async function verifyAuditChain(db: Executor, orgId: string): Promise<AuditChainReport> {
  let prevHash = auditGenesisHash;
  let expectedSeq = 1n;
  let checked = 0;
  for (;;) {
    const rows = await db
      .selectFrom("audit_log")
      .selectAll()
      .where("org_id", "=", orgId)
      .where("seq", ">=", expectedSeq)
      .orderBy("seq", "asc")
      .limit(auditVerifyBatchSize)
      .execute();
    for (const row of rows) {
      const seq = BigInt(row.seq);
      const broken = (reason: "hash" | "link" | "gap"): AuditChainReport => ({
        orgId,
        checked,
        ok: false,
        firstBroken: { seq, reason },
      });
      if (seq !== expectedSeq) return broken("gap");
      if (row.prev_hash !== prevHash) return broken("link");
      const { hash, ...fields } = row;
      if (auditHash({ ...fields, seq }) !== hash) return broken("hash");
      checked += 1;
      prevHash = hash;
      expectedSeq = seq + 1n;
    }
    if (rows.length < auditVerifyBatchSize) break;
  }
  return { orgId, checked, ok: true, firstBroken: null };
}
