import {
  assertCreditPolicy,
  assertScorecard,
  type CreditPolicy,
  defaultCreditPolicy,
  defaultScorecard,
  type Scorecard,
} from "../../domain/credit/index.ts";
import type { Executor } from "../../store/database.ts";
import type { Actor, Tx } from "../command.ts";
import { parseMinor } from "../minor-json.ts";
import { getOrganization } from "../organizations.ts";
import { latest, nextVersion, saveVersion, type Versioned } from "../versioned-definitions.ts";

export { listVersions, type Versioned } from "../versioned-definitions.ts";

/**
 * The scorecard and the credit policy of an organization. Both are versioned: saving makes a new
 * version and never changes an old one, because every assessment names the versions it used.
 * Until an organization saves its own, version 1 is the built-in default (not stored).
 */

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
