import { sql } from "kysely";
import { AppError } from "../../core/errors.ts";
import type { Executor } from "../../store/database.ts";
import type { CustomerCreditTable } from "../../store/schema.ts";
import { appendAudit } from "../audit.ts";
import type { Actor, Tx } from "../command.ts";
import { getCustomer } from "../customers.ts";
import { getOrganization } from "../organizations.ts";

/** Payment terms as granted: Net N days, or cash in advance (no credit). */
export type Terms = { readonly kind: "net"; readonly days: number } | { readonly kind: "cash_in_advance" };

export interface Exposure {
  /** The ledger balance on the receivables control accounts (应收账款, 应收票据, 长期应收款 net of 预收账款) less the unbilled installments inside it. */
  readonly openReceivablesMinor: bigint;
  /** What installment plans will bill and have not: the contract with its VAT of a financed sale, the principal of installment credit. */
  readonly unbilledInstallmentsMinor: bigint;
  /** Orders accepted but not invoiced: the slot for the orders capability (always 0 today). */
  readonly openOrdersMinor: bigint;
  readonly totalMinor: bigint;
}

export interface CreditStatus {
  readonly customerId: string;
  readonly currency: string;
  readonly limitMinor: bigint;
  readonly terms: Terms;
  readonly temporaryIncrease: { readonly amountMinor: bigint; readonly expiresOn: string } | null;
  readonly onHold: boolean;
  readonly holdReason: string | null;
  readonly grade: string | null;
  readonly score: number | null;
  readonly assessmentId: string | null;
  readonly assessmentExpiresOn: string | null;
  readonly exposure: Exposure;
  readonly updatedAt: string | null;
}

const cashInAdvance: Terms = { kind: "cash_in_advance" };

/**
 * What a customer owes and will owe: its balance over every receivables control account (so
 * unapplied receipts, 预收账款, reduce it) and the installments not yet billed. Unbilled
 * installments sit in 长期应收款, inside that balance, except a financed sale under 小企业会计准则,
 * which books nothing until each installment falls due (第五十九条).
 */
export async function customerExposure(db: Executor, orgId: string, customerId: string): Promise<Exposure> {
  const row = await db
    .selectFrom("journal_lines as l")
    .innerJoin("accounts as a", (join) =>
      join.onRef("a.org_id", "=", "l.org_id").onRef("a.code", "=", "l.account_code"),
    )
    .select(sql<bigint>`cast(coalesce(sum(l.debit_minor - l.credit_minor), 0) as bigint)`.as("balance"))
    .where("l.org_id", "=", orgId)
    .where("l.customer_id", "=", customerId)
    .where("a.receivables_control", "=", 1n)
    .executeTakeFirstOrThrow();
  const unbilled = await db
    .selectFrom("plan_items as i")
    .innerJoin("plans as p", (join) =>
      join.onRef("p.org_id", "=", "i.org_id").onRef("p.plan_id", "=", "i.plan_id"),
    )
    .select([
      "p.accounting_mode as mode",
      sql<bigint>`cast(coalesce(sum(i.total_minor), 0) as bigint)`.as("total"),
      sql<bigint>`cast(coalesce(sum(i.principal_minor), 0) as bigint)`.as("principal"),
    ])
    .where("i.org_id", "=", orgId)
    .where("i.customer_id", "=", customerId)
    .where("i.status", "=", "scheduled")
    .groupBy("p.accounting_mode")
    .execute();
  const asbe = (await getOrganization(db, orgId)).accountingFramework === "asbe";
  let unbilledMinor = 0n;
  let insideLedgerMinor = 0n;
  for (const group of unbilled) {
    const amount = BigInt(group.mode === "financed-sale" ? group.total : group.principal);
    unbilledMinor += amount;
    if (!(asbe && group.mode === "financed-sale")) insideLedgerMinor += amount;
  }
  const open = BigInt(row.balance) - insideLedgerMinor;
  return {
    openReceivablesMinor: open,
    unbilledInstallmentsMinor: unbilledMinor,
    openOrdersMinor: 0n,
    totalMinor: open + unbilledMinor,
  };
}

async function creditRow(
  db: Executor,
  orgId: string,
  customerId: string,
): Promise<CustomerCreditTable | undefined> {
  return db
    .selectFrom("customer_credit")
    .selectAll()
    .where("org_id", "=", orgId)
    .where("customer_id", "=", customerId)
    .executeTakeFirst();
}

async function assessmentScore(
  db: Executor,
  orgId: string,
  assessmentId: string | null,
): Promise<number | null> {
  if (assessmentId === null) return null;
  const row = await db
    .selectFrom("credit_assessments")
    .select("score")
    .where("org_id", "=", orgId)
    .where("assessment_id", "=", assessmentId)
    .executeTakeFirst();
  return row === undefined ? null : Number(row.score);
}

export async function getCreditStatus(
  db: Executor,
  orgId: string,
  customerId: string,
): Promise<CreditStatus> {
  await getCustomer(db, orgId, customerId);
  const row = await creditRow(db, orgId, customerId);
  const currency = row?.currency ?? (await getOrganization(db, orgId)).baseCurrency;
  return {
    customerId,
    currency,
    limitMinor: row === undefined ? 0n : BigInt(row.limit_minor),
    terms: row === undefined ? cashInAdvance : (JSON.parse(row.terms_json) as Terms),
    temporaryIncrease:
      row?.temporary_increase_minor === null ||
      row?.temporary_increase_minor === undefined ||
      row.temporary_expires_on === null
        ? null
        : { amountMinor: BigInt(row.temporary_increase_minor), expiresOn: row.temporary_expires_on },
    onHold: row?.on_hold === 1n,
    holdReason: row?.hold_reason ?? null,
    grade: row?.grade ?? null,
    score: await assessmentScore(db, orgId, row?.assessment_id ?? null),
    assessmentId: row?.assessment_id ?? null,
    assessmentExpiresOn: row?.assessment_expires_on ?? null,
    exposure: await customerExposure(db, orgId, customerId),
    updatedAt: row?.updated_at ?? null,
  };
}

/**
 * Takes the customer's credit row lock until the transaction ends (creating the row on first
 * use). Every command that raises exposure or changes credit takes it first, so two of them for the
 * same customer run one after the other and the second sees the first's exposure — on PostgreSQL
 * by the row lock, on SQLite by the database write lock.
 */
export async function lockCustomerCredit(tx: Tx, orgId: string, customerId: string): Promise<void> {
  const currency = (await getOrganization(tx.db, orgId)).baseCurrency;
  await tx.db
    .insertInto("customer_credit")
    .values({
      org_id: orgId,
      customer_id: customerId,
      currency,
      limit_minor: 0n,
      terms_json: JSON.stringify(cashInAdvance),
      temporary_increase_minor: null,
      temporary_expires_on: null,
      on_hold: 0n,
      hold_reason: null,
      assessment_id: null,
      grade: null,
      assessment_expires_on: null,
      updated_at: tx.now,
    })
    .onConflict((oc) =>
      oc
        .columns(["org_id", "customer_id"])
        .doUpdateSet({ updated_at: sql<string>`customer_credit.updated_at` }),
    )
    .execute();
}

export type CreditChange =
  | { readonly kind: "limit"; readonly limitMinor: bigint; readonly terms: Terms }
  | { readonly kind: "temporary_increase"; readonly amountMinor: bigint; readonly expiresOn: string }
  | { readonly kind: "hold"; readonly reason: string }
  | { readonly kind: "release"; readonly reason: string };

/** Applies a credit change (after its approval, where one was needed) and audits it. */
export async function applyCreditChange(
  tx: Tx,
  actor: Actor,
  orgId: string,
  customerId: string,
  change: CreditChange,
  extra: { readonly reason: string; readonly approvalId?: string },
): Promise<CreditStatus> {
  await lockCustomerCredit(tx, orgId, customerId);
  const before = await getCreditStatus(tx.db, orgId, customerId);
  const set = (() => {
    switch (change.kind) {
      case "limit":
        return { limit_minor: change.limitMinor, terms_json: JSON.stringify(change.terms) };
      case "temporary_increase":
        return { temporary_increase_minor: change.amountMinor, temporary_expires_on: change.expiresOn };
      case "hold":
        return { on_hold: 1n, hold_reason: change.reason };
      case "release":
        return { on_hold: 0n, hold_reason: null };
    }
  })();
  await tx.db
    .updateTable("customer_credit")
    .set({ ...set, updated_at: tx.now })
    .where("org_id", "=", orgId)
    .where("customer_id", "=", customerId)
    .execute();
  const after = await getCreditStatus(tx.db, orgId, customerId);
  await appendAudit(tx, {
    orgId,
    actor,
    action: `credit.${change.kind}`,
    entityType: "customer",
    entityId: customerId,
    before: {
      limitMinor: before.limitMinor.toString(),
      terms: before.terms,
      onHold: before.onHold,
      temporaryIncrease: before.temporaryIncrease,
    },
    after: {
      limitMinor: after.limitMinor.toString(),
      terms: after.terms,
      onHold: after.onHold,
      temporaryIncrease: after.temporaryIncrease,
      reason: extra.reason,
      approvalId: extra.approvalId ?? null,
    },
  });
  return after;
}

export function assertReason(reason: string): void {
  if (reason.trim() === "") {
    throw new AppError("VALIDATION_FAILED", {
      issues: [{ path: "reason", code: "REQUIRED", message: "say why" }],
    });
  }
}
