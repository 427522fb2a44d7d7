import { expect, it } from "vitest";
import type { AccountingFramework } from "../../src/domain/organization/index.ts";
import { runCommand } from "../../src/services/command.ts";
import { addSubAccount, listAccounts, roleAccounts } from "../../src/services/ledger/index.ts";
import type { Store } from "../../src/store/database.ts";
import { completeChart, completeEveryChart } from "../../src/store/migrations.ts";
import { describeEachEngine } from "../support/engines.ts";
import { makeOrganization } from "../support/fixtures.ts";

/**
 * Migration 0005_plan_accounts brings organizations created before the instalment-sale accounts
 * up to their template through `completeChart`. Here an organization is put back into the state
 * such an organization was in (the accounts and roles removed), and the function is run again.
 */
const now = "2026-11-23T08:00:00.000Z";

async function removeRoles(store: Store, orgId: string, roles: ReadonlyArray<string>): Promise<void> {
  await store.db.deleteFrom("account_roles").where("org_id", "=", orgId).where("role", "in", roles).execute();
}

async function removeAccounts(store: Store, orgId: string, codes: ReadonlyArray<string>): Promise<void> {
  // Children first: an account's parent is a foreign key.
  for (const code of [...codes].sort().reverse()) {
    await store.db.deleteFrom("accounts").where("org_id", "=", orgId).where("code", "=", code).execute();
  }
}

function complete(store: Store, orgId: string, framework: AccountingFramework) {
  return runCommand(store, (tx) => completeChart(tx.db, orgId, framework, now));
}

describeEachEngine("chart completion (migration 0005)", (context) => {
  it("gives a CAS organization back 待转销项税额 and the vat_pending role", async () => {
    const store = context.store();
    const org = await makeOrganization(store, "Before instalment sales", "cas");
    await removeRoles(store, org.orgId, ["vat_pending", "inventory", "goods_shipped", "cost_of_sales"]);
    await removeAccounts(store, org.orgId, ["222103"]);
    expect((await listAccounts(store.db, org.orgId)).some((a) => a.code === "222103")).toBe(false);

    expect(await complete(store, org.orgId, "cas")).toEqual({
      accounts: ["222103"],
      roles: ["vat_pending", "inventory", "goods_shipped", "cost_of_sales"],
    });
    const account = (await listAccounts(store.db, org.orgId)).find((a) => a.code === "222103");
    expect(account).toEqual({
      code: "222103",
      nameZh: "待转销项税额",
      nameEn: "Output VAT not yet due",
      type: "liability",
      normalBalance: "credit",
      parentCode: "2221",
      receivablesControl: false,
      active: true,
    });
    const roles = await roleAccounts(store.db, org.orgId);
    expect(roles.get("vat_pending")).toBe("222103");
    expect(roles.get("inventory")).toBe("1405");
    expect(roles.get("goods_shipped")).toBe("1406");
    expect(roles.get("cost_of_sales")).toBe("6401");

    // A second run finds nothing to do.
    expect(await complete(store, org.orgId, "cas")).toEqual({ accounts: [], roles: [] });
  });

  it("gives a 小企业会计准则 organization back 发出商品 and 待转销项税额", async () => {
    const store = context.store();
    const org = await makeOrganization(store, "Small enterprise", "asbe");
    await removeRoles(store, org.orgId, ["vat_pending", "goods_shipped"]);
    await removeAccounts(store, org.orgId, ["222103", "1406"]);

    expect(await complete(store, org.orgId, "asbe")).toEqual({
      accounts: ["1406", "222103"],
      roles: ["vat_pending", "goods_shipped"],
    });
    const byCode = new Map((await listAccounts(store.db, org.orgId)).map((a) => [a.code, a]));
    expect(byCode.get("1406")).toMatchObject({ nameZh: "发出商品", type: "asset", parentCode: null });
    expect(byCode.get("222103")).toMatchObject({ nameZh: "待转销项税额", parentCode: "2221" });
    const roles = await roleAccounts(store.db, org.orgId);
    expect(roles.get("vat_pending")).toBe("222103");
    expect(roles.get("goods_shipped")).toBe("1406");
    expect(roles.get("cost_of_sales")).toBe("5401");
  });

  it("does not map inventory to a 库存商品 that has sub-accounts", async () => {
    const store = context.store();
    const org = await makeOrganization(store, "Inventory by warehouse", "cas");
    await removeRoles(store, org.orgId, ["inventory"]);
    await runCommand(store, (tx) =>
      addSubAccount(tx, org.actor, org.orgId, {
        parentCode: "1405",
        code: "140501",
        nameZh: "库存商品—北京仓",
        nameEn: "Merchandise — Beijing",
      }),
    );

    expect(await complete(store, org.orgId, "cas")).toEqual({ accounts: [], roles: [] });
    expect((await roleAccounts(store.db, org.orgId)).has("inventory")).toBe(false);
  });

  it("does not map vat_pending to an account of the organization's own that took the code", async () => {
    const store = context.store();
    const org = await makeOrganization(store, "Own tax accounts", "cas");
    await removeRoles(store, org.orgId, ["vat_pending"]);
    await removeAccounts(store, org.orgId, ["222103"]);
    await runCommand(store, (tx) =>
      addSubAccount(tx, org.actor, org.orgId, {
        parentCode: "2221",
        code: "222103",
        nameZh: "应交所得税",
        nameEn: "Income tax payable",
      }),
    );

    expect(await complete(store, org.orgId, "cas")).toEqual({ accounts: [], roles: [] });
    expect((await roleAccounts(store.db, org.orgId)).has("vat_pending")).toBe(false);
  });

  it("adds no first child under a leaf that fills a role, and does under one that does not", async () => {
    const store = context.store();
    const org = await makeOrganization(store, "Flat VAT", "cas");
    // 应交增值税 kept as one leaf account that takes the output VAT itself.
    await removeRoles(store, org.orgId, ["vat_output"]);
    await removeAccounts(store, org.orgId, ["22210101", "22210102"]);
    await store.db
      .insertInto("account_roles")
      .values({ org_id: org.orgId, role: "vat_output", account_code: "222101" })
      .execute();
    expect(await complete(store, org.orgId, "cas")).toEqual({ accounts: [], roles: [] });

    await removeRoles(store, org.orgId, ["vat_output"]);
    expect(await complete(store, org.orgId, "cas")).toEqual({
      accounts: ["22210101", "22210102"],
      roles: ["vat_output"],
    });
    expect((await roleAccounts(store.db, org.orgId)).get("vat_output")).toBe("22210102");
  });
});

describeEachEngine("migration 0005_plan_accounts", (context) => {
  it("completes the chart of every organization that predates it", async () => {
    const store = context.store();
    const cas = await makeOrganization(store, "Old CAS", "cas");
    const asbe = await makeOrganization(store, "Old ASBE", "asbe");
    const ifrs = await makeOrganization(store, "Old IFRS", "ifrs");
    await removeRoles(store, cas.orgId, ["vat_pending"]);
    await removeAccounts(store, cas.orgId, ["222103"]);
    await removeRoles(store, asbe.orgId, ["vat_pending", "goods_shipped"]);
    await removeAccounts(store, asbe.orgId, ["222103", "1406"]);
    await removeRoles(store, ifrs.orgId, ["vat_pending", "inventory", "cost_of_sales"]);
    await removeAccounts(store, ifrs.orgId, ["203003"]);
    // As if the database had stopped at 0004: migration 0005 runs again.
    await completeEveryChart(store.db, "2026-11-23T08:00:00.000Z");
    for (const [org, code] of [
      [cas, "222103"],
      [asbe, "222103"],
      [ifrs, "203003"],
    ] as const) {
      expect((await roleAccounts(store.db, org.orgId)).get("vat_pending")).toBe(code);
    }
    expect((await roleAccounts(store.db, asbe.orgId)).get("goods_shipped")).toBe("1406");
    const ifrsRoles = await roleAccounts(store.db, ifrs.orgId);
    expect([
      ifrsRoles.get("inventory"),
      ifrsRoles.get("cost_of_sales"),
      ifrsRoles.get("goods_shipped"),
    ]).toEqual(["1150", "5000", undefined]);
  });
});
