import { AppError } from "../../core/errors.ts";
import {
  type Account,
  type AccountRole,
  type AccountType,
  accountRoles,
  assertPostingRule,
  checkSubAccountCode,
  defaultPostingRules,
  type EventType,
  eventTypeSpecs,
  eventTypes,
  type NormalBalance,
  type PostingRule,
  type PostingRules,
} from "../../domain/ledger/index.ts";
import type { AccountingFramework } from "../../domain/organization/index.ts";
import type { Executor } from "../../store/database.ts";
import { accountRow, chartAccountRows, chartRoleRows } from "../../store/migrations.ts";
import type { AccountsTable } from "../../store/schema.ts";
import { appendAudit } from "../audit.ts";
import type { Actor, Tx } from "../command.ts";
import { getOrganization } from "../organizations.ts";

export function toAccount(row: AccountsTable): Account {
  return {
    code: row.code,
    nameZh: row.name_zh,
    nameEn: row.name_en,
    type: row.type as AccountType,
    normalBalance: row.normal_balance as NormalBalance,
    parentCode: row.parent_code,
    receivablesControl: row.receivables_control === 1n,
    active: row.active === 1n,
  };
}

/** Installs the framework's chart and role map; called when an organization is created. */
export async function installChart(tx: Tx, orgId: string, framework: AccountingFramework): Promise<void> {
  await tx.db
    .insertInto("accounts")
    .values(chartAccountRows(orgId, framework, tx.now))
    .execute();
  await tx.db.insertInto("account_roles").values(chartRoleRows(orgId, framework)).execute();
}

export async function listAccounts(db: Executor, orgId: string): Promise<Account[]> {
  const rows = await db
    .selectFrom("accounts")
    .selectAll()
    .where("org_id", "=", orgId)
    .orderBy("code")
    .execute();
  return rows.map(toAccount);
}

export async function getAccount(db: Executor, orgId: string, code: string): Promise<Account> {
  const row = await db
    .selectFrom("accounts")
    .selectAll()
    .where("org_id", "=", orgId)
    .where("code", "=", code)
    .executeTakeFirst();
  if (row === undefined) throw new AppError("NOT_FOUND", { params: { entity: "account" } });
  return toAccount(row);
}

async function hasPostings(db: Executor, orgId: string, code: string): Promise<boolean> {
  const row = await db
    .selectFrom("journal_lines")
    .select("voucher_id")
    .where("org_id", "=", orgId)
    .where("account_code", "=", code)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export interface SubAccountInput {
  readonly parentCode: string;
  readonly code: string;
  readonly nameZh: string;
  readonly nameEn: string;
}

/**
 * Adds a sub-account (明细科目). It inherits type, normal balance and the control flag from its
 * parent. A parent that already holds postings cannot get children: its balance would then sit
 * on a non-leaf account, which no report could explain.
 */
export async function addSubAccount(
  tx: Tx,
  actor: Actor,
  orgId: string,
  input: SubAccountInput,
): Promise<Account> {
  const parent = await getAccount(tx.db, orgId, input.parentCode);
  checkSubAccountCode(parent, input.code);
  const taken = await tx.db
    .selectFrom("accounts")
    .select("code")
    .where("org_id", "=", orgId)
    .where("code", "=", input.code)
    .executeTakeFirst();
  if (taken !== undefined) {
    throw new AppError("CONFLICT", {
      detail: `account ${input.code} exists`,
      issues: [{ path: "code", code: "TAKEN", message: "another account has this code" }],
    });
  }
  if (await hasPostings(tx.db, orgId, parent.code)) {
    throw new AppError("ACCOUNT_IN_USE", {
      detail: `account ${parent.code} already has postings; sub-accounts can only be added to an unused account`,
      params: { account: parent.code },
    });
  }
  const roleOfParent = await tx.db
    .selectFrom("account_roles")
    .select("role")
    .where("org_id", "=", orgId)
    .where("account_code", "=", parent.code)
    .executeTakeFirst();
  if (roleOfParent !== undefined) {
    throw new AppError("ACCOUNT_IN_USE", {
      detail: `account ${parent.code} fills the posting role ${roleOfParent.role}; map the role to another account first`,
      params: { account: parent.code },
    });
  }
  const account: Account = {
    code: input.code,
    nameZh: input.nameZh,
    nameEn: input.nameEn,
    type: parent.type,
    normalBalance: parent.normalBalance,
    parentCode: parent.code,
    receivablesControl: parent.receivablesControl,
    active: true,
  };
  await tx.db
    .insertInto("accounts")
    .values(accountRow(orgId, account, tx.now))
    .execute();
  await appendAudit(tx, {
    orgId,
    actor,
    action: "account.created",
    entityType: "account",
    entityId: account.code,
    after: account,
  });
  return account;
}

export interface AccountPatch {
  readonly nameZh?: string;
  readonly nameEn?: string;
  readonly active?: boolean;
}

/** Renames or (de)activates an account; codes never change once postings may refer to them. */
export async function updateAccount(
  tx: Tx,
  actor: Actor,
  orgId: string,
  code: string,
  patch: AccountPatch,
): Promise<Account> {
  const before = await getAccount(tx.db, orgId, code);
  if (patch.active === false) {
    const role = await tx.db
      .selectFrom("account_roles")
      .select("role")
      .where("org_id", "=", orgId)
      .where("account_code", "=", code)
      .executeTakeFirst();
    if (role !== undefined) {
      throw new AppError("ACCOUNT_IN_USE", {
        detail: `account ${code} fills the posting role ${role.role}; map the role to another account first`,
        params: { account: code },
      });
    }
  }
  await tx.db
    .updateTable("accounts")
    .set({
      ...(patch.nameZh === undefined ? {} : { name_zh: patch.nameZh }),
      ...(patch.nameEn === undefined ? {} : { name_en: patch.nameEn }),
      ...(patch.active === undefined ? {} : { active: patch.active ? 1n : 0n }),
    })
    .where("org_id", "=", orgId)
    .where("code", "=", code)
    .execute();
  const after = await getAccount(tx.db, orgId, code);
  await appendAudit(tx, {
    orgId,
    actor,
    action: "account.updated",
    entityType: "account",
    entityId: code,
    before,
    after,
  });
  return after;
}

export async function roleAccounts(db: Executor, orgId: string): Promise<Map<AccountRole, string>> {
  const rows = await db
    .selectFrom("account_roles")
    .select(["role", "account_code"])
    .where("org_id", "=", orgId)
    .execute();
  return new Map(rows.map((row) => [row.role as AccountRole, row.account_code]));
}

/** Points a posting role at another active leaf account of the organization. */
export async function setRoleAccount(
  tx: Tx,
  actor: Actor,
  orgId: string,
  role: AccountRole,
  accountCode: string,
): Promise<void> {
  const account = await getAccount(tx.db, orgId, accountCode);
  const child = await tx.db
    .selectFrom("accounts")
    .select("code")
    .where("org_id", "=", orgId)
    .where("parent_code", "=", accountCode)
    .limit(1)
    .executeTakeFirst();
  if (child !== undefined) throw new AppError("ACCOUNT_NOT_POSTABLE", { params: { account: accountCode } });
  if (!account.active) throw new AppError("ACCOUNT_INACTIVE", { params: { account: accountCode } });
  const before = (await roleAccounts(tx.db, orgId)).get(role) ?? null;
  await tx.db.deleteFrom("account_roles").where("org_id", "=", orgId).where("role", "=", role).execute();
  await tx.db
    .insertInto("account_roles")
    .values({ org_id: orgId, role, account_code: accountCode })
    .execute();
  await appendAudit(tx, {
    orgId,
    actor,
    action: "account_role.updated",
    entityType: "account_role",
    entityId: role,
    before: { role, accountCode: before },
    after: { role, accountCode },
  });
}

export interface EffectiveRule {
  readonly eventType: EventType;
  readonly amounts: ReadonlyArray<string>;
  readonly derived: Readonly<Record<string, ReadonlyArray<string>>>;
  readonly lines: PostingRule;
  readonly isDefault: boolean;
}

/** The rules in force: the organization's own where it saved one, its framework's default elsewhere. */
export async function effectiveRules(db: Executor, orgId: string): Promise<EffectiveRule[]> {
  const organization = await getOrganization(db, orgId);
  const defaults: PostingRules = defaultPostingRules(organization.accountingFramework);
  const rows = await db.selectFrom("posting_rules").selectAll().where("org_id", "=", orgId).execute();
  const own = new Map(rows.map((row) => [row.event_type, JSON.parse(row.lines_json) as PostingRule]));
  return eventTypes.map((eventType) => ({
    eventType,
    amounts: eventTypeSpecs[eventType].amounts,
    derived: eventTypeSpecs[eventType].derived,
    lines: own.get(eventType) ?? defaults[eventType],
    isDefault: !own.has(eventType),
  }));
}

/**
 * Saves an organization's rule for one event type, or with `lines: null` returns it to the
 * framework's default. A rule that cannot balance for every amount is refused.
 */
export async function savePostingRule(
  tx: Tx,
  actor: Actor,
  orgId: string,
  eventType: EventType,
  lines: PostingRule | null,
): Promise<EffectiveRule> {
  const before = (await effectiveRules(tx.db, orgId)).find((rule) => rule.eventType === eventType);
  if (lines !== null) {
    const mapped = new Set((await roleAccounts(tx.db, orgId)).keys());
    assertPostingRule(eventType, lines, mapped);
  }
  await tx.db
    .deleteFrom("posting_rules")
    .where("org_id", "=", orgId)
    .where("event_type", "=", eventType)
    .execute();
  if (lines !== null) {
    await tx.db
      .insertInto("posting_rules")
      .values({
        org_id: orgId,
        event_type: eventType,
        lines_json: JSON.stringify(lines),
        updated_at: tx.now,
        updated_by: actor.label,
      })
      .execute();
  }
  const after = (await effectiveRules(tx.db, orgId)).find((rule) => rule.eventType === eventType);
  await appendAudit(tx, {
    orgId,
    actor,
    action: lines === null ? "posting_rule.reset" : "posting_rule.updated",
    entityType: "posting_rule",
    entityId: eventType,
    before: before?.lines ?? null,
    after: after?.lines ?? null,
  });
  if (after === undefined) throw new Error("unreachable: every event type has a rule");
  return after;
}

export { accountRoles };
