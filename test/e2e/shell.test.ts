import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  demoCustomers,
  demoCustomersPerOrg,
  demoPassword,
  demoSeedDefault,
  demoUsers,
} from "../../src/services/demo.ts";
import { getOrganization } from "../../src/services/organizations.ts";
import type { Store } from "../../src/store/database.ts";
import { e2eHarness, navLink, screenshotDir, signIn } from "./support.ts";

/**
 * The web app in real Chromium against a real server (STYLE.md, tests): sign in, switch
 * organizations and languages, read people and the audit log, sign out.
 */

interface DemoOrg {
  readonly orgId: string;
  readonly name: string;
  readonly accountingFramework: string;
  /** demoCustomers(seed + index): the customers createDemo gave this organization, by code. */
  readonly customerNames: ReadonlyArray<string>;
}

const harness = e2eHarness({ name: "shell", viewport: { width: 1280, height: 800 } });
const newPage = harness.newPage;
let store: Store | undefined;
let baseUrl = "";
let demoOrgs: ReadonlyArray<DemoOrg> = [];

beforeAll(async () => {
  const started = await harness.setUp();
  store = started.store;
  baseUrl = started.baseUrl;
  demoOrgs = await Promise.all(
    started.orgIds.map(async (orgId, index) => {
      const organization = await getOrganization(started.store.db, orgId);
      return {
        orgId,
        name: organization.name,
        accountingFramework: organization.accountingFramework,
        customerNames: demoCustomers(demoSeedDefault + index, demoCustomersPerOrg).map((c) => c.name),
      };
    }),
  );
});

afterAll(() => harness.tearDown());

function orgOfUrl(url: string): DemoOrg {
  const orgId = /\/orgs\/([0-9a-f-]+)\//.exec(url)?.[1];
  const org = demoOrgs.find((o) => o.orgId === orgId);
  if (org === undefined) throw new Error(`no demo organization in ${url}`);
  return org;
}

function customerCell(page: Page, name: string) {
  return page.getByTestId("customers-table").getByRole("cell", { name, exact: true });
}

describe("web app shell", () => {
  it("signs in, switches organization and language, shows people and a verified audit log, signs out", async () => {
    const { context, page, pageErrors } = await newPage();
    await page.goto(`${baseUrl}/`);
    await page.waitForURL(/\/login$/);
    await signIn(page, demoPassword);

    // The dashboard of the first organization is the first screen; then its customers, in Chinese.
    await page.waitForURL(/\/orgs\/[0-9a-f-]+\/dashboard$/);
    await page.getByTestId("dashboard").waitFor();
    await navLink(page, "customers").click();
    await page.waitForURL(/\/orgs\/[0-9a-f-]+\/customers$/);
    const first = orgOfUrl(page.url());
    const firstCustomer = first.customerNames[0] ?? "";
    await customerCell(page, firstCustomer).waitFor();
    expect(await page.getByTestId("org-name").textContent()).toBe(first.name);
    expect(await page.getByTestId("customers-table").locator("tbody tr").count()).toBe(demoCustomersPerOrg);
    expect(await navLink(page, "customers").textContent()).toContain("客户");
    await page.screenshot({ path: join(screenshotDir, "shell-zh.png") });

    // Search narrows the list to one code.
    await page.getByRole("searchbox", { name: "搜索客户" }).fill("C00002");
    await customerCell(page, first.customerNames[1] ?? "").waitFor();
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid="customers-table"] tbody tr').length === 1,
    );
    await page.getByRole("searchbox", { name: "搜索客户" }).fill("");
    await customerCell(page, firstCustomer).waitFor();

    // A new customer, posted with the CSRF token and an Idempotency-Key.
    await page.getByRole("button", { name: "新建客户" }).click();
    const form = page.getByTestId("new-customer-form");
    await form.getByLabel("编码").fill("E2E-001");
    await form.getByLabel("名称").fill("浏览器测试有限公司");
    await form.getByRole("button", { name: "创建客户" }).click();
    await page.getByRole("status").filter({ hasText: "已创建客户 E2E-001" }).waitFor();
    await customerCell(page, "浏览器测试有限公司").waitFor();

    // The other organization: address, name and customers change together.
    const second = demoOrgs.find((o) => o.orgId !== first.orgId);
    if (second === undefined) throw new Error("the demo has one organization only");
    await page.getByTestId("org-switcher").selectOption(second.orgId);
    await page.waitForURL(`${baseUrl}/orgs/${second.orgId}/customers`);
    await customerCell(page, second.customerNames[0] ?? "").waitFor();
    expect(await page.getByTestId("org-name").textContent()).toBe(second.name);
    expect(await customerCell(page, firstCustomer).count()).toBe(0);
    expect(await customerCell(page, "浏览器测试有限公司").count()).toBe(0);

    // English, remembered in the profile: a reload keeps it.
    const profileSaved = page.waitForResponse(
      (r) => r.url().endsWith("/api/v1/me") && r.request().method() === "PATCH",
    );
    await page.getByTestId("language-switch").selectOption("en");
    await navLink(page, "customers").filter({ hasText: "Customers" }).waitFor();
    expect((await profileSaved).status()).toBe(200);
    await page.reload();
    await navLink(page, "customers").filter({ hasText: "Customers" }).waitFor();
    expect(await navLink(page, "settings").textContent()).toContain("Settings");
    await page.screenshot({ path: join(screenshotDir, "shell-en.png") });

    // The dashboard, in English.
    await navLink(page, "dashboard").click();
    await page.getByRole("heading", { name: "Dashboard", level: 1 }).waitFor();
    await page.getByTestId("dashboard-tile-total").waitFor();

    // Users & roles: the five demo people; the last owner cannot be demoted.
    await navLink(page, "settings").click();
    await page.getByRole("link", { name: "Users & roles" }).click();
    const members = page.getByTestId("members-table");
    await members
      .locator("tbody tr")
      .nth(demoUsers.length - 1)
      .waitFor();
    expect(await members.locator("tbody tr").count()).toBe(demoUsers.length);
    for (const user of demoUsers) {
      expect(await members.locator(`tr[data-email="${user.email}"]`).count()).toBe(1);
    }
    const owner = demoUsers[0];
    if (owner === undefined) throw new Error("no demo owner");
    await members.getByLabel(`Role of ${owner.name}`).selectOption("auditor");
    await page
      .getByTestId("error-message")
      .filter({ hasText: "An organization needs at least one owner." })
      .waitFor();
    const collector = demoUsers.find((u) => u.role === "collector");
    if (collector === undefined) throw new Error("no demo collector");
    await members
      .locator(`tr[data-email="${collector.email}"]`)
      .getByRole("button", { name: "Remove" })
      .click();
    const dialog = page.getByTestId("confirm-dialog");
    await dialog.getByText(`Remove ${collector.name} from this organization?`).waitFor();
    await page.screenshot({ path: join(screenshotDir, "settings-members-en.png") });
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await dialog.waitFor({ state: "hidden" });
    expect(await members.locator("tbody tr").count()).toBe(demoUsers.length);

    // Organization settings: the framework is shown, the owner renames the organization.
    await page.getByRole("link", { name: "Organization", exact: true }).click();
    const details = page.getByTestId("organization-details");
    await details.waitFor();
    expect(await details.textContent()).toContain(second.accountingFramework.toUpperCase());
    const renamed = `${second.name} 2`;
    await page.getByLabel("Name", { exact: true }).fill(renamed);
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByRole("status").filter({ hasText: "Saved." }).waitFor();
    await page.getByTestId("org-name").filter({ hasText: renamed }).waitFor();
    await page
      .getByTestId("org-switcher")
      .locator("option:checked")
      .filter({ hasText: renamed })
      .waitFor({ state: "attached" });

    // API tokens: the secret is shown once and works until it is revoked.
    await page.getByRole("link", { name: "API tokens" }).click();
    await page.getByLabel("Name", { exact: true }).fill("e2e script");
    await page.getByRole("button", { name: "Create token" }).click();
    const secret = await page.getByTestId("token-secret").inputValue();
    expect(secret.length).toBeGreaterThan(20);
    await page.screenshot({ path: join(screenshotDir, "tokens-en.png") });
    const asToken = () => fetch(`${baseUrl}/api/v1/me`, { headers: { authorization: `Bearer ${secret}` } });
    expect((await asToken()).status).toBe(200);
    await page.getByRole("button", { name: "I have copied it" }).click();
    await page.getByTestId("new-token").waitFor({ state: "hidden" });
    const tokenRow = page.getByTestId("tokens-table").locator("tbody tr").filter({ hasText: "e2e script" });
    await tokenRow.getByText("Active").waitFor();
    await tokenRow.getByRole("button", { name: "Revoke" }).click();
    await dialog.getByText("Revoke the token “e2e script”?").waitFor();
    await dialog.getByRole("button", { name: "Revoke" }).click();
    await tokenRow.getByText("Revoked").waitFor();
    expect((await asToken()).status).toBe(401);

    // The audit log: newest first, expandable, and its hash chain verifies.
    await page.getByRole("link", { name: "Audit log" }).click();
    const audit = page.getByTestId("audit-table");
    await audit.locator("tbody tr").first().waitFor();
    await audit.getByRole("button", { expanded: false }).first().click();
    await audit.getByRole("heading", { name: "After" }).first().waitFor();
    await page.getByTestId("audit-verify").click();
    const verdict = page.getByTestId("audit-verify-result");
    await verdict.waitFor();
    expect(await verdict.getAttribute("data-ok")).toBe("true");
    expect(await verdict.textContent()).toContain("OK");
    await page.screenshot({ path: join(screenshotDir, "audit-en.png") });

    // Sign out: back to the login page, and the session is gone.
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/login$/);
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    await page.goto(`${baseUrl}/orgs/${first.orgId}/customers`);
    await page.waitForURL(/\/login\?/);

    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it("creates an organization for a new client and opens its empty customer list", async () => {
    const { context, page, pageErrors } = await newPage();
    await page.goto(`${baseUrl}/login`);
    await signIn(page, demoPassword);
    await page.waitForURL(/\/orgs\/[0-9a-f-]+\/dashboard$/);
    await navLink(page, "customers").click();
    await page.waitForURL(/\/orgs\/[0-9a-f-]+\/customers$/);
    const before = orgOfUrl(page.url());
    await customerCell(page, before.customerNames[0] ?? "").waitFor();
    // The walkthrough may have left the owner's profile in English.
    await page.getByTestId("language-switch").selectOption("zh-CN");
    await navLink(page, "customers").filter({ hasText: "客户" }).waitFor();

    await page.getByRole("button", { name: "新建组织…" }).click();
    const dialog = page.getByTestId("new-organization-dialog");
    await dialog.getByRole("heading", { name: "新建组织" }).waitFor();
    expect(await dialog.getByLabel("本位币").inputValue()).toBe("CNY");
    expect(await dialog.getByLabel("时区").inputValue()).toBe("Asia/Shanghai");
    expect(await dialog.getByRole("radio", { name: "企业会计准则（CAS）" }).isChecked()).toBe(true);

    // Without a name the server refuses; its issue is shown in Chinese, inside the dialog.
    await dialog.getByRole("button", { name: "创建组织" }).click();
    const error = dialog.getByTestId("error-message");
    await error.waitFor();
    expect(await error.textContent()).toContain("名称：");

    await dialog.getByLabel("名称", { exact: true }).fill("测试客户公司");
    await dialog.getByRole("radio", { name: "小企业会计准则（ASBE）" }).check();
    await page.screenshot({ path: join(screenshotDir, "new-organization-zh.png") });
    const response = page.waitForResponse(
      (r) => r.url().endsWith("/api/v1/orgs") && r.request().method() === "POST" && r.status() === 201,
    );
    await dialog.getByRole("button", { name: "创建组织" }).click();
    const created = (await (await response).json()) as { orgId: string };
    expect(created.orgId).not.toBe(before.orgId);

    // The new organization opens on its dashboard, all zeros; then its customers: none yet.
    await page.waitForURL(`${baseUrl}/orgs/${created.orgId}/dashboard`);
    await page.getByTestId("dashboard-empty").waitFor();
    await navLink(page, "customers").click();
    await page.waitForURL(`${baseUrl}/orgs/${created.orgId}/customers`);
    await dialog.waitFor({ state: "detached" });
    await page
      .getByTestId("org-switcher")
      .locator("option:checked")
      .filter({ hasText: "测试客户公司" })
      .waitFor({ state: "attached" });
    expect(await page.getByTestId("org-switcher").inputValue()).toBe(created.orgId);
    expect(await page.getByTestId("org-name").textContent()).toBe("测试客户公司");
    const rows = page.getByTestId("customers-table").locator("tbody tr");
    await rows.getByText("还没有客户。").waitFor();
    expect(await rows.count()).toBe(1);

    if (store === undefined) throw new Error("store did not open");
    const stored = await getOrganization(store.db, created.orgId);
    expect(stored).toMatchObject({
      name: "测试客户公司",
      baseCurrency: "CNY",
      timeZone: "Asia/Shanghai",
      accountingFramework: "asbe",
    });
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it("shows a read-only auditor no buttons that change data", async () => {
    const { context, page, pageErrors } = await newPage();
    await page.goto(`${baseUrl}/login`);
    const auditor = demoUsers.find((u) => u.role === "auditor");
    if (auditor === undefined) throw new Error("no demo auditor");
    await signIn(page, demoPassword, auditor.email);
    await page.waitForURL(/\/dashboard$/);
    await navLink(page, "customers").click();
    await page.waitForURL(/\/customers$/);
    await page.getByTestId("customers-table").locator("tbody tr").first().waitFor();
    expect(await page.getByRole("button", { name: "新建客户" }).count()).toBe(0);
    await navLink(page, "settings").click();
    await page.getByRole("link", { name: "用户与角色" }).click();
    const members = page.getByTestId("members-table");
    await members
      .locator("tbody tr")
      .nth(demoUsers.length - 1)
      .waitFor();
    expect(await members.getByRole("combobox").count()).toBe(0);
    expect(await members.getByRole("button").count()).toBe(0);
    expect(await page.getByTestId("add-member-form").count()).toBe(0);
    expect(await page.getByRole("link", { name: "API 令牌" }).count()).toBe(0);
    await page.getByRole("link", { name: "组织信息" }).click();
    await page.getByTestId("organization-details").waitFor();
    expect(await page.getByRole("button", { name: "保存" }).count()).toBe(0);
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it("shows the translated error for a wrong password and stays on the login page", async () => {
    const { context, page, pageErrors } = await newPage();
    await page.goto(`${baseUrl}/login`);
    await signIn(page, "not-the-password");
    const error = page.getByTestId("error-message");
    await error.waitFor();
    expect(await error.textContent()).toContain("邮箱或密码错误。");
    expect(new URL(page.url()).pathname).toBe("/login");
    expect(await page.getByRole("button", { name: "登录" }).isEnabled()).toBe(true);
    await page.screenshot({ path: join(screenshotDir, "login-error-zh.png") });
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
