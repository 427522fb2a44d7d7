import { AppError } from "../../core/errors.ts";
import { assertRiskPolicy, defaultRiskPolicy, type RiskPolicy } from "../../domain/risk/index.ts";
import type { Executor } from "../../store/database.ts";
import type { Actor, Tx } from "../command.ts";
import { parseMinor } from "../minor-json.ts";
import { latest, nextVersion, saveVersion, type Versioned } from "../versioned-definitions.ts";

/** The organization's risk policy: the saved version asked for, the latest, or the built-in default. */
export async function getRiskPolicy(
  db: Executor,
  orgId: string,
  version?: number,
): Promise<Versioned<RiskPolicy>> {
  const row = await latest(db, "risk_policies", orgId, version);
  if (row === undefined) {
    if (version !== undefined && version !== 1) {
      throw new AppError("NOT_FOUND", { detail: `risk policy version ${version} does not exist` });
    }
    return { definition: defaultRiskPolicy(), createdBy: null, createdAt: null };
  }
  return {
    definition: parseMinor<RiskPolicy>(row.definition_json),
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

/** Saves a new risk policy version (the version in `policy` is ignored); VALIDATION_FAILED names each bad field. */
export async function saveRiskPolicy(
  tx: Tx,
  actor: Actor,
  orgId: string,
  policy: Omit<RiskPolicy, "version">,
): Promise<Versioned<RiskPolicy>> {
  const current = (await getRiskPolicy(tx.db, orgId)).definition;
  const next: RiskPolicy = { ...policy, version: await nextVersion(tx, "risk_policies", orgId, 1) };
  assertRiskPolicy(next);
  return saveVersion(tx, actor, orgId, "risk_policies", current, next);
}
