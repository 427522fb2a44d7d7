import type { Role } from "../../src/domain/access/index.ts";
import type { AccountingFramework } from "../../src/domain/organization/index.ts";
import { createApiToken } from "../../src/services/auth.ts";
import { type Actor, type Clock, runCommand } from "../../src/services/command.ts";
import { applyCreditChange } from "../../src/services/credit/credit-account.ts";
import { createCustomer } from "../../src/services/customers.ts";
import { createOrganization } from "../../src/services/organizations.ts";
import { addMember, createUser } from "../../src/services/people.ts";
import type { Store } from "../../src/store/database.ts";

export const testPassword = "correct horse battery";
export const fixedClock: Clock = () => new Date("2026-11-23T08:00:00.000Z");
let counter = 0;

export function uniqueEmail(label: string): string {
  counter += 1;
  return `${label}.${process.pid}.${counter}.${Date.now()}@example.test`;
}

export interface TestOrganization {
  readonly orgId: string;
  readonly owner: { readonly userId: string; readonly email: string };
  readonly actor: Actor;
}

export async function makeOrganization(
  store: Store,
  name = "Test Co.",
  accountingFramework: AccountingFramework = "cas",
): Promise<TestOrganization> {
  return runCommand(store, async (tx) => {
    const email = uniqueEmail("owner");
    const owner = await createUser(tx, { email, displayName: "Owner", password: testPassword, locale: "en" });
    const actor: Actor = { userId: owner.userId, label: email };
    const organization = await createOrganization(tx, actor, {
      name,
      baseCurrency: "CNY",
      timeZone: "Asia/Shanghai",
      accountingFramework,
      ownerUserId: owner.userId,
    });
    return { orgId: organization.orgId, owner: { userId: owner.userId, email }, actor };
  });
}

export async function addTestMember(
  store: Store,
  organization: TestOrganization,
  role: Role,
): Promise<{ readonly userId: string; readonly email: string }> {
  const email = uniqueEmail(role);
  const member = await runCommand(store, (tx) =>
    addMember(tx, organization.actor, organization.orgId, {
      email,
      role,
      displayName: role,
      password: testPassword,
    }),
  );
  return { userId: member.userId, email };
}

export async function addTestCustomer(store: Store, organization: TestOrganization, code: string) {
  return runCommand(store, (tx) =>
    createCustomer(tx, organization.actor, organization.orgId, {
      code,
      name: `Customer ${code}`,
      kind: "company",
    }),
  );
}

/**
 * Grants a customer a limit on Net 30 with a current assessment, directly (the credit workflow
 * has its own tests), so that invoices pass the credit check.
 */
export async function grantTestCredit(
  store: Store,
  organization: TestOrganization,
  customerId: string,
  limitMinor = 100_000_000n,
): Promise<void> {
  await runCommand(store, (tx) =>
    applyCreditChange(
      tx,
      organization.actor,
      organization.orgId,
      customerId,
      { kind: "limit", limitMinor, terms: { kind: "net", days: 30 } },
      { reason: "test" },
    ),
  );
  await store.db
    .updateTable("customer_credit")
    .set({ assessment_expires_on: "2099-12-31" })
    .where("org_id", "=", organization.orgId)
    .where("customer_id", "=", customerId)
    .execute();
}

export async function addTestToken(store: Store, organization: TestOrganization, userId: string) {
  return runCommand(store, (tx) =>
    createApiToken(tx, organization.actor, organization.orgId, { userId, name: "test" }),
  );
}

/** `value`, failing the test when it is undefined (an index or a search that found nothing). */
export function defined<T>(value: T | undefined): T {
  if (value === undefined) throw new Error("expected a value, got undefined");
  return value;
}

/**
 * A sound mid-sized trading company's statement items, in 元 (the credit tests' by-hand figures):
 * 资产负债率 0.4, 流动比率 2.0, 速动比率 1.5, 利息保障倍数 12, 现金流动负债比 1.0, 销售净利率 0.075.
 */
export const soundStatementItems = {
  cash: "200000",
  accountsReceivable: "300000",
  inventory: "250000",
  currentAssets: "1000000",
  totalAssets: "2500000",
  currentLiabilities: "500000",
  totalLiabilities: "1000000",
  retainedEarnings: "600000",
  equity: "1500000",
  revenue: "6000000",
  operatingProfit: "600000",
  interestExpense: "50000",
  netProfit: "450000",
  operatingCashFlow: "500000",
} as const;
