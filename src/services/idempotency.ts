import { createHash } from "node:crypto";
import { AppError } from "../core/errors.ts";
import { canonicalJson } from "./canonical-json.ts";
import { lockOrganization, type Tx } from "./command.ts";

/**
 * Idempotency for money-moving commands (DESIGN.md §5): the first response to a key is stored in
 * the same transaction as the command's effects, so a retry gets exactly that answer and the
 * effects happen once. The same key with a different request is refused.
 */

export const idempotencyKeyLengthMax = 200;
export const idempotencyKeyPattern = /^[\x21-\x7e]{1,200}$/;

export interface StoredResponse {
  readonly statusCode: number;
  readonly body: unknown;
}

export interface IdempotentOutcome extends StoredResponse {
  readonly replayed: boolean;
}

export function requestFingerprint(request: { method: string; path: string; body: unknown }): string {
  return createHash("sha256").update(canonicalJson(request)).digest("hex");
}

export async function withIdempotency(
  tx: Tx,
  orgId: string,
  key: string,
  fingerprint: string,
  run: () => Promise<StoredResponse>,
): Promise<IdempotentOutcome> {
  // Holding the organization lock makes a concurrent retry wait for the first attempt's commit
  // and then find its stored answer, instead of running the command a second time.
  await lockOrganization(tx, orgId);
  const stored = await tx.db
    .selectFrom("idempotency_keys")
    .select(["request_hash", "status_code", "response_json"])
    .where("org_id", "=", orgId)
    .where("idempotency_key", "=", key)
    .executeTakeFirst();
  if (stored !== undefined) {
    if (stored.request_hash !== fingerprint)
      throw new AppError("IDEMPOTENCY_KEY_REUSED", { params: { key } });
    return { statusCode: Number(stored.status_code), body: JSON.parse(stored.response_json), replayed: true };
  }
  const response = await run();
  await tx.db
    .insertInto("idempotency_keys")
    .values({
      org_id: orgId,
      idempotency_key: key,
      request_hash: fingerprint,
      status_code: BigInt(response.statusCode),
      response_json: JSON.stringify(response.body),
      created_at: tx.now,
    })
    .execute();
  return { ...response, replayed: false };
}
