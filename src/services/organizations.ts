import { Temporal } from "temporal-polyfill";
import { isCurrencyCode } from "../core/currency.ts";
import { assertTimeZone, formatBusinessDate, todayIn } from "../core/dates.ts";
import { AppError } from "../core/errors.ts";
import { uuidv7 } from "../core/ids.ts";
import type { Role } from "../domain/access/index.ts";
import type { AccountingFramework } from "../domain/organization/index.ts";
import type { Executor } from "../store/database.ts";
import type { OrganizationsTable } from "../store/schema.ts";
import { appendAudit } from "./audit.ts";
import type { Actor, Tx } from "./command.ts";
import { installChart } from "./ledger/chart.ts";

export interface Organization {
  readonly orgId: string;
  readonly name: string;
  readonly baseCurrency: string;
  readonly timeZone: string;
  readonly accountingFramework: AccountingFramework;
  readonly createdAt: string;
}

export interface OrganizationInput {
  readonly name: string;
  readonly baseCurrency: string;
  readonly timeZone: string;
  readonly accountingFramework: AccountingFramework;
}

function toOrganization(row: OrganizationsTable): Organization {
  return {
    orgId: row.org_id,
    name: row.name,
    baseCurrency: row.base_currency,
    timeZone: row.time_zone,
    accountingFramework: row.accounting_framework as AccountingFramework,
    createdAt: row.created_at,
  };
}

/** Validates what a person typed; returns the time zone in its canonical spelling. */
function checkOrganizationInput(input: Partial<OrganizationInput>): string | undefined {
  if (input.baseCurrency !== undefined && !isCurrencyCode(input.baseCurrency)) {
    throw new AppError("INVALID_CURRENCY", {
      params: { currency: input.baseCurrency },
      issues: [{ path: "baseCurrency", code: "INVALID_CURRENCY", message: "unknown ISO 4217 currency" }],
    });
  }
  return input.timeZone === undefined ? undefined : assertTimeZone(input.timeZone);
}

/** Creates an organization with its first owner (the creator). */
export async function createOrganization(
  tx: Tx,
  actor: Actor,
  input: OrganizationInput & { readonly ownerUserId: string },
): Promise<Organization> {
  const timeZone = checkOrganizationInput(input) ?? input.timeZone;
  const row: OrganizationsTable = {
    org_id: uuidv7(),
    name: input.name,
    base_currency: input.baseCurrency,
    time_zone: timeZone,
    accounting_framework: input.accountingFramework,
    created_at: tx.now,
  };
  await tx.db.insertInto("organizations").values(row).execute();
  const owner: Role = "owner";
  await tx.db
    .insertInto("memberships")
    .values({ org_id: row.org_id, user_id: input.ownerUserId, role: owner, created_at: tx.now })
    .execute();
  await installChart(tx, row.org_id, row.accounting_framework as AccountingFramework);
  const organization = toOrganization(row);
  await appendAudit(tx, {
    orgId: row.org_id,
    actor,
    action: "organization.created",
    entityType: "organization",
    entityId: row.org_id,
    after: organization,
  });
  await appendAudit(tx, {
    orgId: row.org_id,
    actor,
    action: "member.added",
    entityType: "membership",
    entityId: input.ownerUserId,
    after: { userId: input.ownerUserId, role: owner },
  });
  return organization;
}

export async function getOrganization(db: Executor, orgId: string): Promise<Organization> {
  const row = await db.selectFrom("organizations").selectAll().where("org_id", "=", orgId).executeTakeFirst();
  if (row === undefined) throw new AppError("NOT_FOUND", { params: { entity: "organization" } });
  return toOrganization(row);
}

export async function updateOrganization(
  tx: Tx,
  actor: Actor,
  orgId: string,
  patch: Partial<Pick<OrganizationInput, "name" | "timeZone">>,
): Promise<Organization> {
  const timeZone = checkOrganizationInput(patch);
  const before = await getOrganization(tx.db, orgId);
  await tx.db
    .updateTable("organizations")
    .set({
      ...(patch.name === undefined ? {} : { name: patch.name }),
      ...(timeZone === undefined ? {} : { time_zone: timeZone }),
    })
    .where("org_id", "=", orgId)
    .execute();
  const after = await getOrganization(tx.db, orgId);
  await appendAudit(tx, {
    orgId,
    actor,
    action: "organization.updated",
    entityType: "organization",
    entityId: orgId,
    before,
    after,
  });
  return after;
}

export interface OrganizationOfUser extends Organization {
  readonly role: Role;
}

export async function listOrganizationsOfUser(db: Executor, userId: string): Promise<OrganizationOfUser[]> {
  const rows = await db
    .selectFrom("memberships")
    .innerJoin("organizations", "organizations.org_id", "memberships.org_id")
    .selectAll("organizations")
    .select("memberships.role")
    .where("memberships.user_id", "=", userId)
    .orderBy("organizations.name")
    .execute();
  return rows.map((row) => ({ ...toOrganization(row), role: row.role as Role }));
}

export async function listOrganizationIds(db: Executor): Promise<string[]> {
  const rows = await db.selectFrom("organizations").select("org_id").orderBy("org_id").execute();
  return rows.map((row) => row.org_id);
}

/** The organization's business date (`YYYY-MM-DD` in its time zone) at the instant `now`. */
export async function businessDateAt(db: Executor, orgId: string, now: string): Promise<string> {
  const { timeZone } = await getOrganization(db, orgId);
  return formatBusinessDate(todayIn(timeZone, Temporal.Instant.from(now)));
}
