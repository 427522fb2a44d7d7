import { AppError } from "../../core/errors.ts";
import {
  assertReceivablesPolicy,
  builtInTermsTemplates,
  checkPaymentTerms,
  defaultReceivablesPolicy,
  net,
  type PaymentTerms,
  type ReceivablesPolicy,
  type TermsTemplate,
} from "../../domain/receivables/index.ts";
import type { Executor } from "../../store/database.ts";
import { appendAudit } from "../audit.ts";
import type { Actor, Tx } from "../command.ts";
import { getCreditStatus } from "../credit/credit-account.ts";
import { parseMinor } from "../minor-json.ts";
import { latest, nextVersion, saveVersion, type Versioned } from "../versioned-definitions.ts";

export async function getReceivablesPolicy(
  db: Executor,
  orgId: string,
  version?: number,
): Promise<Versioned<ReceivablesPolicy>> {
  const row = await latest(db, "receivables_policies", orgId, version);
  if (row === undefined) {
    if (version !== undefined && version !== 1) {
      throw new AppError("NOT_FOUND", { detail: `receivables policy version ${version} does not exist` });
    }
    return { definition: defaultReceivablesPolicy(), createdBy: null, createdAt: null };
  }
  return {
    definition: parseMinor<ReceivablesPolicy>(row.definition_json),
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

/** Saves a new receivables policy version (the version in `policy` is ignored). */
export async function saveReceivablesPolicy(
  tx: Tx,
  actor: Actor,
  orgId: string,
  policy: Omit<ReceivablesPolicy, "version">,
): Promise<Versioned<ReceivablesPolicy>> {
  const current = (await getReceivablesPolicy(tx.db, orgId)).definition;
  const next: ReceivablesPolicy = {
    ...policy,
    version: await nextVersion(tx, "receivables_policies", orgId, 1),
  };
  assertReceivablesPolicy(next);
  await findTerms(tx.db, orgId, next.defaultTermsCode, "defaultTermsCode");
  return saveVersion(tx, actor, orgId, "receivables_policies", current, next);
}

export interface TermsRecord extends TermsTemplate {
  readonly active: boolean;
  /** False for a built-in template the organization has not changed. */
  readonly saved: boolean;
}

export const termsCodePattern = /^[A-Za-z0-9_/.-]{1,32}$/;

/** The organization's payment terms: the built-in templates, replaced or extended by its own. */
export async function listPaymentTerms(db: Executor, orgId: string): Promise<TermsRecord[]> {
  const rows = await db.selectFrom("payment_terms").selectAll().where("org_id", "=", orgId).execute();
  const own = new Map(
    rows.map((row) => [
      row.code,
      {
        code: row.code,
        nameZh: row.name_zh,
        nameEn: row.name_en,
        terms: JSON.parse(row.terms_json) as PaymentTerms,
        active: BigInt(row.active) === 1n,
        saved: true,
      } satisfies TermsRecord,
    ]),
  );
  const builtIn = builtInTermsTemplates.map(
    (template): TermsRecord => own.get(template.code) ?? { ...template, active: true, saved: false },
  );
  const extra = [...own.values()].filter(
    (record) => !builtInTermsTemplates.some((t) => t.code === record.code),
  );
  return [...builtIn, ...extra.sort((a, b) => a.code.localeCompare(b.code))];
}

async function findTerms(db: Executor, orgId: string, code: string, path: string): Promise<TermsRecord> {
  const found = (await listPaymentTerms(db, orgId)).find((record) => record.code === code);
  if (found === undefined || !found.active) {
    throw new AppError("VALIDATION_FAILED", {
      detail: `no active payment terms with code ${code}`,
      issues: [{ path, code: "UNKNOWN_TERMS", message: code }],
    });
  }
  return found;
}

/** Saves (creates or replaces) a payment terms template; VALIDATION_FAILED names each bad field. */
export async function savePaymentTerms(
  tx: Tx,
  actor: Actor,
  orgId: string,
  input: {
    readonly code: string;
    readonly nameZh: string;
    readonly nameEn: string;
    readonly terms: PaymentTerms;
    readonly active: boolean;
  },
): Promise<TermsRecord> {
  const issues = checkPaymentTerms(input.terms).map((issue) => ({ ...issue, path: `terms.${issue.path}` }));
  if (!termsCodePattern.test(input.code)) {
    issues.push({ path: "code", code: "INVALID_FORMAT", message: "1–32 letters, digits or _ / . -" });
  }
  for (const [path, text] of [
    ["nameZh", input.nameZh],
    ["nameEn", input.nameEn],
  ] as const) {
    if (text.trim() === "" || text.length > 100)
      issues.push({ path, code: "LENGTH", message: "1–100 characters" });
  }
  if (issues.length > 0) {
    throw new AppError("VALIDATION_FAILED", { detail: issues.map((i) => i.message).join("; "), issues });
  }
  const before = (await listPaymentTerms(tx.db, orgId)).find((record) => record.code === input.code);
  await appendAudit(tx, {
    orgId,
    actor,
    action: "payment_terms.saved",
    entityType: "payment_terms",
    entityId: input.code,
    before: before === undefined ? null : JSON.parse(JSON.stringify(before)),
    after: JSON.parse(JSON.stringify(input)),
  });
  await tx.db
    .deleteFrom("payment_terms")
    .where("org_id", "=", orgId)
    .where("code", "=", input.code)
    .execute();
  await tx.db
    .insertInto("payment_terms")
    .values({
      org_id: orgId,
      code: input.code,
      name_zh: input.nameZh.trim(),
      name_en: input.nameEn.trim(),
      terms_json: JSON.stringify(input.terms),
      active: input.active ? 1n : 0n,
      created_at: tx.now,
      updated_at: tx.now,
    })
    .execute();
  return { ...input, saved: true };
}

/**
 * The terms an invoice gets: the code asked for; else the customer's granted credit terms (Net N);
 * else, for a customer without credit (cash in advance), payment on the document date.
 */
export async function resolveTerms(
  db: Executor,
  orgId: string,
  customerId: string,
  code: string | null,
): Promise<{ code: string | null; terms: PaymentTerms }> {
  if (code !== null) {
    const found = await findTerms(db, orgId, code, "termsCode");
    return { code: found.code, terms: found.terms };
  }
  const status = await getCreditStatus(db, orgId, customerId);
  if (status.terms.kind === "net") return { code: null, terms: net(status.terms.days) };
  return { code: "CASH", terms: net(0) };
}
