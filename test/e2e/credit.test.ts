import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoOwnerEmail, demoUsers } from "../../src/services/demo.ts";
import { api, e2eHarness, firstDemoOrganization, navLink, screenshotDir, todayIn } from "./support.ts";

/**
 * Credit in real Chromium against a real server (STYLE.md, tests), as two people work it: a
 * credit manager creates a customer, keys in its statements, assesses it and asks for a limit
 * above the approval threshold; the approval waits, the manager cannot approve it himself; the
 * owner approves it in another browser; the manager reloads and sees the limit, the utilization
 * of a sale booked meanwhile, and the grade.
 */

const creditManager = demoUsers.find((user) => user.role === "credit_manager");
const customerCode = "E2E-CR-001";
const customerName = "信用测试贸易有限公司";
/** Above the default policy's approval threshold (100,000 元) and above any recommendation. */
const requestedLimit = "500000";
/** A sale on credit of 100,000 + 13,000 VAT, booked after the approval: 22.6 % of the new limit. */
const sale = { net: "100000.00", tax: "13000.00", gross: "113000.00" } as const;

/**
 * A sound trading company in 元 (the figures of test/integration/credit-api.test.ts), except
 * that cash, receivables and inventory add up to more than the current assets: the statement is
 * accepted with a warning on 流动资产合计, which the page must show.
 */
const statementItems: ReadonlyArray<readonly [label: string, amount: string]> = [
  ["货币资金", "200000"],
  ["应收账款", "300000"],
  ["存货", "600000"],
  ["流动资产合计", "1000000"],
  ["资产总计", "2500000"],
  ["流动负债合计", "500000"],
  ["负债合计", "1000000"],
  ["未分配利润", "600000"],
  ["所有者权益合计", "1500000"],
  ["营业收入", "6000000"],
  ["营业利润", "600000"],
  ["利息费用", "50000"],
  ["净利润", "450000"],
  ["经营活动产生的现金流量净额", "500000"],
];

const harness = e2eHarness({ name: "credit", viewport: { width: 1280, height: 900 } });
let baseUrl = "";
let orgId = "";
let orgToday = "";

const apiSignIn = (email: string) => harness.apiSignIn(email, orgId);
const signedInPage = harness.signedInPage;

/** How the page writes an amount: formatMoney of web/src/format.ts, in Chinese. */
function yuan(amount: string): string {
  const format = new Intl.NumberFormat("zh-CN", { style: "currency", currency: "CNY" }).format as unknown as (
    value: string,
  ) => string;
  return format(amount);
}

beforeAll(async () => {
  const started = await harness.setUp();
  baseUrl = started.baseUrl;
  const organization = await firstDemoOrganization(started);
  orgId = organization.orgId;
  // Its amounts are in CNY, as yuan() writes them.
  expect(organization.baseCurrency).toBe("CNY");
  orgToday = todayIn(organization.timeZone);
});

afterAll(() => harness.tearDown());

describe("credit pages", () => {
  it("assesses a customer, waits for a second person's approval of a large limit and shows it applied", async () => {
    if (creditManager === undefined) throw new Error("the demo has no credit manager");
    const manager = await signedInPage(creditManager.email);
    const page = manager.page;
    await page.goto(`${baseUrl}/orgs/${orgId}/customers`);

    // Credit is a section of its own now, not a placeholder.
    expect(await navLink(page, "credit").innerText()).toBe("信用");

    // A new customer, opened from the list by its link.
    await page.getByRole("button", { name: "新建客户" }).click();
    const newCustomer = page.getByTestId("new-customer-form");
    await newCustomer.getByLabel("编码").fill(customerCode);
    await newCustomer.getByLabel("名称").fill(customerName);
    await newCustomer.getByRole("button", { name: "创建客户" }).click();
    await page
      .getByRole("status")
      .filter({ hasText: `已创建客户 ${customerCode}` })
      .waitFor();
    await page.getByRole("searchbox", { name: "搜索客户" }).fill(customerCode);
    await page.waitForURL(/search=E2E-CR-001/);
    const listRow = page.getByTestId("customers-table").locator(`tr[data-code="${customerCode}"]`);
    await listRow.getByRole("link", { name: customerName }).click();
    await page.waitForURL(new RegExp(`/orgs/${orgId}/customers/[0-9a-f-]{36}$`));
    const customerId = page.url().split("/").at(-1) ?? "";
    await page.getByRole("heading", { name: customerName, level: 1 }).waitFor();
    await page.getByTestId("credit-no-grade").waitFor();

    // Statements: the fourteen items under their Chinese names; the warning comes back.
    await page.locator('a[data-tab="statements"]').click();
    const statementForm = page.getByTestId("statement-form");
    await statementForm.getByLabel("报表截止日").fill("2025-12-31");
    for (const [label, amount] of statementItems) {
      await statementForm.getByLabel(label, { exact: true }).fill(amount);
    }
    await statementForm.getByRole("button", { name: "保存报表" }).click();
    const saved = page.getByTestId("statement-saved");
    await saved.filter({ hasText: "2025年12月31日的财务报表已保存" }).waitFor();
    expect(await saved.locator('li[data-code="PARTS_EXCEED_TOTAL"]').innerText()).toBe(
      "流动资产合计：明细项目之和大于合计数",
    );
    await page.getByTestId("statements-table").locator('tr[data-period-end="2025-12-31"]').waitFor();
    await page.screenshot({ path: join(screenshotDir, "credit-statement-zh.png"), fullPage: true });

    // Assess: grade, score and reasons as the server computed them.
    await page.locator('a[data-tab="credit"]').click();
    const assessed = page.waitForResponse(
      (r) => r.url().endsWith(`/customers/${customerId}/assessments`) && r.request().method() === "POST",
    );
    await page.getByTestId("assess-now").click();
    const assessment = (await (await assessed).json()) as {
      grade: string;
      score: number;
      reasons: ReadonlyArray<{ code: string }>;
      recommendation: { limit: string };
    };
    expect((await assessed).status()).toBe(201);
    await page.getByTestId("credit-grade").filter({ hasText: assessment.grade }).waitFor();
    expect(await page.getByTestId("credit-score").innerText()).toBe(String(assessment.score));
    const reasons = page.getByTestId("credit-reasons").locator("li");
    expect(await reasons.count()).toBe(assessment.reasons.length);
    expect(assessment.reasons.length).toBeGreaterThan(0);
    // Reason codes read as words: "营业收入增长率：缺失" rather than "revenueGrowth:missing".
    expect(await reasons.first().innerText()).not.toContain(":");
    // No previous year, so growth is not meaningful, and says why.
    expect(
      await page.getByTestId("ratios-table").locator('tr[data-ratio="revenueGrowth"]').innerText(),
    ).toContain("无意义 · 缺少报表项目");
    expect(
      await page.getByTestId("ratios-table").locator('tr[data-ratio="debtRatio"]').innerText(),
    ).toContain("40%");
    expect(await page.getByTestId("altman").innerText()).toContain("安全区");
    expect(await page.getByTestId("recommended-limit").innerText()).toBe(
      yuan(assessment.recommendation.limit),
    );
    expect(await page.getByTestId("credit-limit").innerText()).toBe(yuan("0.00"));
    await page.screenshot({ path: join(screenshotDir, "credit-assessed-zh.png"), fullPage: true });

    // A limit above the approval threshold, overriding the recommendation with a reason: it waits.
    await page.getByTestId("override").click();
    const override = page.getByTestId("override-dialog");
    await override.getByLabel("信用额度（CNY）").fill(requestedLimit);
    await override.getByLabel("原因").fill("年度框架协议，大额订单");
    await override.getByRole("button", { name: "提交" }).click();
    const outcome = page.getByTestId("credit-outcome");
    await outcome.filter({ hasText: "待审批。" }).waitFor();
    expect(await outcome.getAttribute("data-outcome")).toBe("pending");
    expect(await outcome.innerText()).toContain("增幅超过审批阈值");
    await page.getByTestId("credit-pending-approvals").waitFor();
    expect(await page.getByTestId("credit-limit").innerText()).toBe(yuan("0.00"));
    await page.screenshot({ path: join(screenshotDir, "credit-pending-zh.png"), fullPage: true });

    // The requester cannot approve his own request: the server refuses, the page says why.
    await navLink(page, "credit").click();
    await page.waitForURL(`${baseUrl}/orgs/${orgId}/credit`);
    const queueRow = page.getByTestId("approvals-table").locator(`tr[data-customer-code="${customerCode}"]`);
    await queueRow.waitFor();
    expect(await queueRow.getByTestId("approval-grounds").innerText()).toContain("增幅超过审批阈值");
    expect(await queueRow.innerText()).toContain("本人");
    await queueRow.getByRole("button", { name: "批准" }).click();
    const decision = page.getByTestId("decision-dialog");
    const refused = page.waitForResponse(
      (r) => r.url().includes("/credit/approvals/") && r.request().method() === "POST",
    );
    await decision.getByRole("button", { name: "批准" }).click();
    expect((await refused).status()).toBe(409);
    await decision.getByTestId("self-approval").filter({ hasText: "不能审批自己提交的申请。" }).waitFor();
    await page.screenshot({ path: join(screenshotDir, "credit-self-approval-zh.png") });
    await decision.getByRole("button", { name: "取消" }).click();
    await decision.waitFor({ state: "detached" });
    expect(await queueRow.getAttribute("data-status")).toBe("pending");

    // The owner, in another browser, approves it from the queue.
    const owner = await signedInPage(demoOwnerEmail);
    await owner.page.goto(`${baseUrl}/orgs/${orgId}/credit/approvals`);
    const ownerRow = owner.page
      .getByTestId("approvals-table")
      .locator(`tr[data-customer-code="${customerCode}"]`);
    await ownerRow.waitFor();
    expect(await ownerRow.innerText()).toContain(yuan("500000.00"));
    expect(await ownerRow.innerText()).not.toContain("本人");
    await ownerRow.getByRole("button", { name: "批准" }).click();
    const ownerDecision = owner.page.getByTestId("decision-dialog");
    await ownerDecision.getByLabel("原因").fill("已核实框架协议");
    await ownerDecision.getByRole("button", { name: "批准" }).click();
    await owner.page
      .getByRole("status")
      .filter({ hasText: `已批准：${customerCode}` })
      .waitFor();
    await ownerRow.waitFor({ state: "detached" });
    await owner.page.screenshot({ path: join(screenshotDir, "credit-approved-zh.png") });
    expect(owner.pageErrors).toEqual([]);
    await owner.context.close();

    // Meanwhile a sale on credit is booked to the customer: exposure for the utilization bar.
    const ownerApi = await apiSignIn(demoOwnerEmail);
    const posted = await api(ownerApi, "POST", "ledger/vouchers", {
      date: orgToday,
      memo: "E2E 信用测试 销售开票",
      lines: [
        { accountCode: "1122", debit: sale.gross, credit: "0", customerId },
        { accountCode: "6001", debit: "0", credit: sale.net },
        { accountCode: "22210102", debit: "0", credit: sale.tax },
      ],
    });
    expect(posted.status).toBe(201);

    // The credit manager reloads the customer: the approved limit, its utilization and the grade.
    await page.goto(`${baseUrl}/orgs/${orgId}/customers/${customerId}`);
    await page
      .getByTestId("credit-limit")
      .filter({ hasText: yuan("500000.00") })
      .waitFor();
    expect(await page.getByTestId("credit-grade").innerText()).toBe(assessment.grade);
    expect(await page.getByTestId("credit-exposure").innerText()).toBe(yuan(sale.gross));
    expect(await page.getByTestId("credit-utilization-text").innerText()).toBe("22.6%");
    expect(await page.getByTestId("credit-headroom").innerText()).toBe(yuan("387000.00"));
    expect(await page.getByTestId("credit-pending-approvals").count()).toBe(0);
    await page.screenshot({ path: join(screenshotDir, "credit-limit-applied-zh.png"), fullPage: true });

    // The list shows the grade, and filters by it.
    await page.getByRole("link", { name: "客户列表" }).click();
    await page
      .getByTestId("customer-filters")
      .getByRole("combobox", { name: /信用等级/ })
      .selectOption(assessment.grade);
    await page.getByRole("searchbox", { name: "搜索客户" }).fill(customerCode);
    const gradedRow = page.getByTestId("customers-table").locator(`tr[data-code="${customerCode}"]`);
    await gradedRow.waitFor();
    expect(await gradedRow.locator(".grade").innerText()).toBe(assessment.grade);

    expect(manager.pageErrors).toEqual([]);
    await manager.context.close();
  });

  it("keeps a customer's record, contacts and log, and shows the server's objections at their fields, in English", async () => {
    if (creditManager === undefined) throw new Error("the demo has no credit manager");
    const ownerApi = await apiSignIn(demoOwnerEmail);
    const created = await api<{ customerId: string }>(ownerApi, "POST", "customers", {
      code: "E2E-CR-002",
      name: "Profile Test Trading Co.",
      tags: ["key-account"],
    });
    expect(created.status).toBe(201);
    const customerId = created.body.customerId;

    const manager = await signedInPage(creditManager.email);
    const page = manager.page;
    const profileSaved = page.waitForResponse(
      (r) => r.url().endsWith("/api/v1/me") && r.request().method() === "PATCH",
    );
    await page.getByTestId("language-switch").selectOption("en");
    expect((await profileSaved).status()).toBe(200);

    // The record: owner, tags and industry; only what changed is sent.
    await page.goto(`${baseUrl}/orgs/${orgId}/customers/${customerId}?tab=profile`);
    const profile = page.getByTestId("customer-profile");
    await profile.getByRole("combobox", { name: /Owner/ }).selectOption({ label: creditManager.name });
    await profile.getByLabel("Tags").fill("key-account, export");
    await profile.getByLabel("Industry").fill("Wholesale");
    const patched = page.waitForResponse((r) => r.request().method() === "PATCH");
    await profile.getByRole("button", { name: "Save" }).click();
    expect(JSON.parse((await patched).request().postData() ?? "{}")).toEqual({
      industry: "Wholesale",
      tags: ["key-account", "export"],
      ownerUserId: expect.any(String),
    });
    await page.getByRole("status").filter({ hasText: "The record was saved." }).waitFor();
    await page
      .getByTestId("customer-summary")
      .filter({ hasText: `Owner: ${creditManager.name}` })
      .waitFor();
    await page.screenshot({ path: join(screenshotDir, "customer-profile-en.png"), fullPage: true });

    // A contact, removed again after a confirmation.
    await page.locator('a[data-tab="contacts"]').click();
    const contactForm = page.getByTestId("add-contact-form");
    await contactForm.getByLabel("Name", { exact: true }).fill("Zhang Wei");
    await contactForm.getByLabel("Phone", { exact: true }).fill("13800000000");
    await contactForm.getByRole("button", { name: "Add contact" }).click();
    const contactRow = page.getByTestId("contacts-table").locator('tr[data-contact="Zhang Wei"]');
    await contactRow.waitFor();
    await contactRow.getByRole("button", { name: "Remove" }).click();
    const confirm = page.getByTestId("confirm-dialog");
    await confirm.getByText("Remove Zhang Wei from the contacts?").waitFor();
    await confirm.getByRole("button", { name: "Remove" }).click();
    await contactRow.waitFor({ state: "detached" });
    await page.getByRole("status").filter({ hasText: "Zhang Wei was removed." }).waitFor();

    // An address and a call in the log.
    await page.locator('a[data-tab="addresses"]').click();
    await page.getByTestId("add-address-form").getByLabel("Address").fill("88 Century Avenue");
    await page.getByTestId("add-address-form").getByRole("button", { name: "Add address" }).click();
    await page.getByTestId("addresses-table").getByText("88 Century Avenue").waitFor();
    await page.locator('a[data-tab="communications"]').click();
    await page.getByTestId("log-form").getByLabel("Summary").fill("Asked for the 2025 statements.");
    await page.getByTestId("log-form").getByRole("button", { name: "Add to the log" }).click();
    await page.getByTestId("communications-table").getByText("Asked for the 2025 statements.").waitFor();

    // The list filters by tag and by owner, and links to the customer.
    await page.getByRole("link", { name: "Customers", exact: true }).first().click();
    await page.getByTestId("customer-filters").getByLabel("Tag").fill("export");
    const row = page.getByTestId("customers-table").locator('tr[data-code="E2E-CR-002"]');
    await row.waitFor();
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid="customers-table"] tbody tr[data-code]').length === 1,
    );
    await page
      .getByTestId("customer-filters")
      .getByRole("combobox", { name: /Owner/ })
      .selectOption({ label: creditManager.name });
    await page.waitForURL(/owner=/);
    await row.waitFor();
    expect(await row.innerText()).toContain(creditManager.name);
    await page.screenshot({ path: join(screenshotDir, "customers-filtered-en.png") });

    // Whatever versions the demo saved, each save makes the next one.
    const scorecardBefore = await api<{ version: number }>(ownerApi, "GET", "credit/scorecard");
    const policyBefore = await api<{ version: number }>(ownerApi, "GET", "credit/policy");

    // The scorecard editor: the server's objections, each at its field.
    await page.goto(`${baseUrl}/orgs/${orgId}/credit/scorecard`);
    const debtRatio = page.locator('fieldset[data-factor="debtRatio"]');
    await debtRatio.getByLabel("Weight (%)").fill("11");
    await page.getByTestId("weight-total").filter({ hasText: "101%" }).waitFor();
    await debtRatio.getByLabel("Min of band 2").fill("0.45");
    await page.getByRole("button", { name: "Save as new version" }).click();
    const problems = page.getByTestId("problem-list");
    await problems.locator('li[data-code="WEIGHTS_NOT_100"]').waitFor();
    expect(await problems.locator('li[data-code="BINS_GAP"]').getAttribute("data-path")).toBe(
      "factors.0.bins.1.min",
    );
    expect(await problems.locator('li[data-code="BINS_GAP"]').innerText()).toContain(
      "Factor 1: Debt ratio (资产负债率) › band 2 › Min",
    );
    await debtRatio.locator('[data-issue-path="factors.0.bins.1.min"]').waitFor();
    await page.screenshot({ path: join(screenshotDir, "credit-scorecard-errors-en.png") });
    await page.getByRole("button", { name: "Discard changes" }).click();
    await page.getByLabel("Name", { exact: true }).fill("E2E scorecard");
    await page.getByRole("button", { name: "Save as new version" }).click();
    const scorecardVersion = scorecardBefore.body.version + 1;
    await page
      .getByRole("status")
      .filter({ hasText: `Saved as version ${scorecardVersion}.` })
      .waitFor();
    await page
      .getByTestId("scorecard-version")
      .filter({ hasText: `Version ${scorecardVersion}, saved by` })
      .waitFor();

    // The policy editor: a share over 100 % is refused at its cell; a valid change saves the next version.
    await page.locator('a[data-credit="policy"]').click();
    const aaa = page.getByTestId("policy-grades").locator('tr[data-grade="AAA"]');
    await aaa.getByLabel("Share of net assets of AAA").fill("150");
    await page.getByRole("button", { name: "Save as new version" }).click();
    await aaa.locator('[data-issue-path="byGrade.AAA.limit.netAssetsShare"]').waitFor();
    await aaa.getByLabel("Share of net assets of AAA").fill("25");
    await page.getByLabel(/Increases above this need approval/).fill("200,000");
    const policySaved = page.waitForResponse(
      (r) => r.url().endsWith("/credit/policy") && r.request().method() === "PUT",
    );
    await page.getByRole("button", { name: "Save as new version" }).click();
    const policy = (await (await policySaved).json()) as {
      version: number;
      approvalThreshold: string;
      byGrade: { AAA: { limit: { netAssetsShare: string } } };
    };
    expect(policy.version).toBe(policyBefore.body.version + 1);
    expect(policy.approvalThreshold).toBe("200000.00");
    expect(Number(policy.byGrade.AAA.limit.netAssetsShare)).toBe(0.25);
    await page
      .getByRole("status")
      .filter({ hasText: `Saved as version ${policy.version}.` })
      .waitFor();
    await page.screenshot({ path: join(screenshotDir, "credit-policy-en.png"), fullPage: true });

    // Re-assessment tasks: the statement of the first test scheduled one; "Run now" runs what is due.
    await page.locator('a[data-credit="tasks"]').click();
    await page.getByTestId("tasks-table").waitFor();
    await page.getByTestId("run-tasks").click();
    await page
      .getByRole("status")
      .filter({ hasText: /scheduled, \d+ assessed\./ })
      .waitFor();
    await page.screenshot({ path: join(screenshotDir, "credit-tasks-en.png") });
    expect(manager.pageErrors).toEqual([]);
    await manager.context.close();

    // A collector reads credit but changes nothing: no actions, no approvals to decide.
    const collector = demoUsers.find((user) => user.role === "collector");
    if (collector === undefined) throw new Error("the demo has no collector");
    const reader = await signedInPage(collector.email);
    await reader.page.goto(`${baseUrl}/orgs/${orgId}/customers/${customerId}`);
    await reader.page.getByTestId("credit-panel").waitFor();
    expect(await reader.page.getByTestId("assess-now").count()).toBe(0);
    expect(await reader.page.getByTestId("override").count()).toBe(0);
    await reader.page.goto(`${baseUrl}/orgs/${orgId}/credit/approvals`);
    await reader.page.getByTestId("approvals-table").waitFor();
    expect(await reader.page.getByTestId("approvals-table").getByRole("button").count()).toBe(0);
    expect(reader.pageErrors).toEqual([]);
    await reader.context.close();
  });
});
