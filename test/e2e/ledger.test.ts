import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoOwnerEmail, demoUsers } from "../../src/services/demo.ts";
import { api, e2eHarness, firstDemoOrganization, navLink, screenshotDir, todayIn } from "./support.ts";

/**
 * The ledger pages in real Chromium against a real server (STYLE.md, tests): the journal with a
 * voucher posted through the API and one keyed into the form, a reversal, the trial balance and
 * the general ledger, closing and reopening periods, the posting-rule editor, and the same pages
 * in English. Whatever the demo has posted by itself, the test posts what it reads, and finds it
 * by its memo, so that it does not depend on the demo's own vouchers.
 */

/** Months long before the demo's own: the first periods of the books, so they close first. */
const oldPeriods = ["2020-01", "2020-03"] as const;

interface PostedVoucher {
  readonly voucherId: string;
  readonly period: string;
  readonly label: string;
}

const harness = e2eHarness({ name: "ledger", viewport: { width: 1280, height: 800 } });
let baseUrl = "";
let orgId = "";
let orgToday = "";
let customer = { customerId: "", code: "", name: "" };
let apiVoucher: PostedVoucher | undefined;

const apiSignIn = () => harness.apiSignIn(demoOwnerEmail, orgId);
const signedInPage = (email = demoOwnerEmail) => harness.signedInPage(email);

/** A sale on credit of 1,000 + 130 VAT to the demo's first customer. */
function saleLines(net: string, tax: string, gross: string) {
  return [
    { accountCode: "1122", debit: gross, credit: "0", customerId: customer.customerId },
    { accountCode: "6001", debit: "0", credit: net },
    { accountCode: "22210102", debit: "0", credit: tax },
  ];
}

beforeAll(async () => {
  const started = await harness.setUp();
  baseUrl = started.baseUrl;
  const organization = await firstDemoOrganization(started);
  orgId = organization.orgId;
  orgToday = todayIn(organization.timeZone);

  const session = await apiSignIn();
  const customers = await api<{ items: Array<{ customerId: string; code: string; name: string }> }>(
    session,
    "GET",
    "customers?search=C00001&limit=1",
  );
  const first = customers.body.items[0];
  if (first === undefined) throw new Error("the demo has no customer C00001");
  customer = first;
  const posted = await api<PostedVoucher>(session, "POST", "ledger/vouchers", {
    date: orgToday,
    memo: "E2E 接口凭证 销售开票",
    lines: saleLines("1000.00", "130.00", "1130.00"),
  });
  expect(posted.status).toBe(201);
  apiVoucher = posted.body;
  for (const period of oldPeriods) {
    const old = await api<PostedVoucher>(session, "POST", "ledger/vouchers", {
      date: `${period}-15`,
      memo: `E2E 期初凭证 ${period}`,
      lines: saleLines("100.00", "13.00", "113.00"),
    });
    expect(old.status).toBe(201);
  }
});

afterAll(() => harness.tearDown());

function ledgerUrl(sub: string): string {
  return `${baseUrl}/orgs/${orgId}/ledger/${sub}`;
}

function voucherGroup(page: Page, voucherId: string) {
  return page.getByTestId("journal-table").locator(`tbody[data-voucher-id="${voucherId}"]`);
}

describe("ledger pages", () => {
  it("shows a posted voucher in the journal, posts a balanced manual voucher and reverses one", async () => {
    const posted = apiVoucher;
    if (posted === undefined) throw new Error("no voucher was posted");
    const { context, page, pageErrors } = await signedInPage();

    // The ledger is a section of its own now, and the journal is its first page.
    await navLink(page, "ledger").click();
    await page.waitForURL(ledgerUrl("journal").replace(/\/journal$/, ""));
    await page.getByRole("heading", { name: "总账", level: 1 }).waitFor();
    expect(await page.locator('a[data-ledger="journal"]').getAttribute("aria-current")).toBe("page");
    expect(await page.getByTestId("journal-filters").getByLabel("会计期间").inputValue()).toBe(
      orgToday.slice(0, 7),
    );

    // The voucher posted through the API, found by its memo: date, number, lines and amounts.
    await page.getByTestId("journal-filters").getByLabel("摘要").fill("E2E 接口凭证");
    const group = voucherGroup(page, posted.voucherId);
    await group.waitFor();
    expect(await group.getAttribute("data-label")).toBe(posted.label);
    expect(await group.locator("tr").count()).toBe(3);
    const firstLine = await group.locator("tr").first().innerText();
    expect(firstLine).toContain(posted.label);
    expect(firstLine).toContain("1122 应收账款");
    expect(firstLine).toContain(customer.name);
    expect(firstLine).toContain("1,130.00");
    expect(await group.locator("tr").nth(2).innerText()).toContain("22210102");
    await page.screenshot({ path: join(screenshotDir, "ledger-journal-zh.png") });

    // Its detail: header, lines and equal totals.
    await group.getByTestId("voucher-label").click();
    const dialog = page.getByTestId("voucher-dialog");
    await dialog.getByRole("heading", { name: `凭证 ${posted.period} ${posted.label}` }).waitFor();
    expect(await dialog.getByTestId("voucher-total-debit").innerText()).toBe("1,130.00");
    expect(await dialog.getByTestId("voucher-total-credit").innerText()).toBe("1,130.00");
    await dialog.getByRole("button", { name: "关闭" }).click();
    await dialog.waitFor({ state: "detached" });

    // A manual voucher: the customer is required on 1122, and an unbalanced one cannot be posted.
    await page.getByTestId("new-voucher").click();
    const form = page.getByTestId("new-voucher-form");
    const submit = form.getByRole("button", { name: "保存凭证" });
    const status = form.getByTestId("voucher-form-status");
    await form.getByLabel("摘要", { exact: true }).fill("E2E 手工凭证 收到货款");
    await form.getByLabel("第 1 行的科目").selectOption("1002");
    await form.getByLabel("第 1 行的借方金额").fill("500");
    await form.getByLabel("第 2 行的科目").selectOption("1122");
    await form.getByLabel("第 2 行的贷方金额").fill("400");
    await status.filter({ hasText: "借贷不平衡，差额 100.00。" }).waitFor();
    expect(await status.getAttribute("data-balanced")).toBe("false");
    expect(await submit.isDisabled()).toBe(true);
    expect(await form.getByTestId("voucher-form-debit-total").innerText()).toBe("500.00");
    expect(await form.getByTestId("voucher-form-credit-total").innerText()).toBe("400.00");
    await form.getByLabel("第 2 行的贷方金额").fill("500.00");
    await status.filter({ hasText: "借贷平衡" }).waitFor();
    // Balanced, but line 2 has no customer yet.
    expect(await submit.isDisabled()).toBe(true);
    await form.getByLabel("第 2 行的客户").fill(customer.code);
    await form.getByText(customer.name, { exact: true }).waitFor();
    await page.waitForFunction(
      () =>
        !(
          document.querySelector(
            '[data-testid="new-voucher-form"] button[type="submit"]',
          ) as HTMLButtonElement
        ).disabled,
    );
    await page.screenshot({ path: join(screenshotDir, "ledger-new-voucher-zh.png") });
    const response = page.waitForResponse(
      (r) => r.url().endsWith("/ledger/vouchers") && r.request().method() === "POST",
    );
    await submit.click();
    const manual = (await (await response).json()) as PostedVoucher & { kind: string };
    expect((await response).status()).toBe(201);
    expect(manual.label).toMatch(/^记-\d{4}$/);
    expect(manual.kind).toBe("manual");
    expect(Number(manual.label.slice(2))).toBeGreaterThan(Number(posted.label.slice(2)));
    expect((await response).request().headers()["idempotency-key"]).toMatch(/^[0-9a-f-]{36}$/);

    // It opens at once, and the journal lists it under its number.
    await dialog.getByRole("heading", { name: `凭证 ${manual.period} ${manual.label}` }).waitFor();
    await page
      .getByRole("status")
      .filter({ hasText: `已保存凭证 ${manual.period} ${manual.label}` })
      .waitFor();
    await dialog.getByRole("button", { name: "关闭" }).click();
    await page.getByTestId("journal-filters").getByLabel("摘要").fill("E2E 手工凭证");
    const manualGroup = voucherGroup(page, manual.voucherId);
    await manualGroup.waitFor();
    expect(await manualGroup.getAttribute("data-label")).toBe(manual.label);
    expect(await manualGroup.innerText()).toContain("1002 银行存款");

    // Reversing it: date and reason, a confirmation, then the reversal opens and links back.
    await manualGroup.getByTestId("voucher-label").click();
    await dialog.getByTestId("voucher-reverse").click();
    await dialog.getByLabel("原因").fill("E2E 重复录入");
    await dialog.getByTestId("reverse-form").getByRole("button", { name: "冲销" }).click();
    const confirm = page.getByTestId("confirm-dialog");
    await confirm.getByText(`确定冲销凭证 ${manual.period} ${manual.label} 吗？`).waitFor();
    await confirm.getByRole("button", { name: "冲销" }).click();
    await dialog.getByTestId("voucher-original").waitFor();
    expect(await dialog.getByTestId("voucher-memo").innerText()).toContain("E2E 重复录入");
    expect(await dialog.getByTestId("voucher-total-debit").innerText()).toBe("500.00");
    await page.screenshot({ path: join(screenshotDir, "ledger-reversal-zh.png") });
    await dialog.getByTestId("voucher-original").click();
    await dialog.getByTestId("voucher-reversal").waitFor();
    expect(await dialog.getByTestId("voucher-reverse").count()).toBe(0);
    await dialog.getByRole("button", { name: "关闭" }).click();

    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it("shows a balanced trial balance, the chart as a tree and an account's general ledger", async () => {
    const { context, page, pageErrors } = await signedInPage();
    await page.goto(ledgerUrl("trial-balance"));
    const balance = page.getByTestId("trial-balance-status");
    await balance.waitFor();
    expect(await balance.getAttribute("data-balanced")).toBe("true");
    expect(await balance.innerText()).toBe("试算平衡 ✓");
    const total = page.getByTestId("trial-balance-total").first();
    const debit = await total.getByTestId("trial-balance-total-debit").innerText();
    expect(debit).not.toBe("0.00");
    expect(await total.getByTestId("trial-balance-total-credit").innerText()).toBe(debit);
    const receivables = page.getByTestId("trial-balance-table").locator('tr[data-code="1122"]');
    expect(await receivables.innerText()).toContain("应收账款");
    // 2221 应交税费 carries its sub-accounts: the parent is shown, the child indented under it.
    expect(await page.locator('tr[data-code="2221"] .tree-cell').getAttribute("data-level")).toBe("1");
    expect(await page.locator('tr[data-code="22210102"] .tree-cell').getAttribute("data-level")).toBe("3");
    await page.screenshot({ path: join(screenshotDir, "ledger-trial-balance-zh.png"), fullPage: true });

    // One period: the journal of 2020-01 holds one sale of 113.00.
    const filters = page.getByTestId("trial-balance-filters");
    await filters.getByText("会计期间", { exact: true }).click();
    await filters.getByLabel("期间", { exact: true }).fill("2020-01");
    await total
      .getByTestId("trial-balance-total-debit")
      .filter({ hasText: /^113\.00$/ })
      .waitFor();
    expect(await balance.getAttribute("data-balanced")).toBe("true");
    const journalCsv = page.getByTestId("download-journal-csv");
    expect(await journalCsv.getAttribute("href")).toBe(
      `/api/v1/orgs/${orgId}/ledger/exports/journal?format=csv&from=2020-01-01&to=2020-01-31&language=zh-CN`,
    );
    expect(await page.getByTestId("download-trial-balance-xlsx").getAttribute("href")).toBe(
      `/api/v1/orgs/${orgId}/ledger/exports/trial-balance?format=xlsx&period=2020-01&language=zh-CN`,
    );

    // The chart: 2221 folds away its sub-accounts; an account opens its general ledger.
    await page.locator('a[data-ledger="accounts"]').click();
    const chart = page.getByTestId("accounts-table");
    await chart.locator('tr[data-code="22210102"]').waitFor();
    await chart.getByRole("button", { name: "收起 2221", exact: true }).click();
    await chart.locator('tr[data-code="22210102"]').waitFor({ state: "detached" });
    await chart.getByRole("button", { name: "展开 2221", exact: true }).click();
    await chart.locator('tr[data-code="22210102"]').waitFor();
    expect(await chart.locator('tr[data-code="1122"]').innerText()).toContain("客户");
    await page.screenshot({ path: join(screenshotDir, "ledger-accounts-zh.png") });

    // A sub-account under an unused account: a code that does not extend the parent's is refused
    // at its field; then it is added, deactivated and activated again, each change confirmed.
    await chart.getByRole("button", { name: "在 1012 下增加下级科目" }).click();
    const addDialog = page.getByTestId("new-account-dialog");
    await addDialog.getByLabel("科目编码").fill("2012");
    await addDialog.getByLabel("中文名称").fill("支付宝");
    await addDialog.getByLabel("英文名称").fill("Alipay");
    await addDialog.getByRole("button", { name: "增加科目" }).click();
    const codeRefused = addDialog.getByTestId("error-message");
    await codeRefused.waitFor();
    expect(await codeRefused.innerText()).toContain("编码：须以上级科目编码开头且更长");
    await addDialog.getByLabel("科目编码").fill("101201");
    await addDialog.getByRole("button", { name: "增加科目" }).click();
    await page.getByRole("status").filter({ hasText: "已增加科目 101201 支付宝。" }).waitFor();
    const alipay = chart.locator('tr[data-code="101201"]');
    expect(await alipay.locator(".tree-cell").getAttribute("data-level")).toBe("2");
    await alipay.getByRole("button", { name: "停用" }).click();
    const confirm = page.getByTestId("confirm-dialog");
    await confirm.getByText("确定停用 101201 支付宝 吗？").waitFor();
    await confirm.getByRole("button", { name: "停用" }).click();
    await page.getByRole("status").filter({ hasText: "已停用 101201 支付宝。" }).waitFor();
    // The list refetches after the change; wait for it rather than read it at once.
    await alipay
      .locator(".status")
      .filter({ hasText: /^停用$/ })
      .waitFor();
    await alipay.getByRole("button", { name: "启用" }).click();
    await confirm.getByRole("button", { name: "启用" }).click();
    await page.getByRole("status").filter({ hasText: "已启用 101201 支付宝。" }).waitFor();
    await alipay
      .locator(".status")
      .filter({ hasText: /^启用$/ })
      .waitFor();
    await chart.locator('tr[data-code="1122"]').getByRole("link", { name: "1122" }).click();
    await page.waitForURL(/\/ledger\/general-ledger\?account=1122/);
    const ledger = page.getByTestId("general-ledger-table");
    await ledger.waitFor();
    expect(await page.getByTestId("general-ledger-account").inputValue()).toBe("1122");
    expect(await page.getByTestId("general-ledger-opening").innerText()).toContain("期初余额");
    expect(await ledger.getByTestId("general-ledger-line").count()).toBeGreaterThan(0);
    const closing = await page.getByTestId("general-ledger-closing").innerText();
    expect(closing).toContain("期末余额");
    expect(closing).toMatch(/借|平/);

    // The general ledger of 2020: the two old sales, a running balance on the debit side.
    await page.getByLabel("开始日期").fill("2020-01-01");
    await page.getByLabel("结束日期").fill("2020-12-31");
    await page.waitForURL(/from=2020-01-01&to=2020-12-31/);
    // The URL changes before the table refetches: wait for 2020's lines, not the year's before.
    await expect.poll(() => ledger.getByTestId("general-ledger-line").count(), { timeout: 15_000 }).toBe(2);
    expect(await ledger.getByTestId("general-ledger-line").nth(1).innerText()).toMatch(/借\s+226\.00/);
    expect(await page.getByTestId("general-ledger-totals").innerText()).toContain("226.00");
    await page.screenshot({ path: join(screenshotDir, "ledger-general-ledger-zh.png") });

    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it("closes periods in order and reopens one, each after a confirmation", async () => {
    const { context, page, pageErrors } = await signedInPage();
    await page.goto(ledgerUrl("periods"));
    const table = page.getByTestId("periods-table");
    const [january, march] = oldPeriods.map((period) => table.locator(`tr[data-period="${period}"]`));
    if (january === undefined || march === undefined) throw new Error("no old periods");
    await march.waitFor();
    expect(await march.getAttribute("data-status")).toBe("open");
    const confirm = page.getByTestId("confirm-dialog");

    // March before January is out of order: the server says which to close first.
    await march.getByRole("button", { name: "结账" }).click();
    await confirm.getByText("确定对 2020年3月 结账吗？").waitFor();
    await confirm.getByRole("button", { name: "结账" }).click();
    const refusal = confirm.getByTestId("error-message");
    await refusal.waitFor();
    expect(await refusal.innerText()).toContain("会计期间须按顺序结账、按倒序反结账。");
    expect(await refusal.innerText()).toContain("2020-01");
    await confirm.getByRole("button", { name: "取消" }).click();
    expect(await march.getAttribute("data-status")).toBe("open");

    await january.getByRole("button", { name: "结账" }).click();
    await confirm.getByText("确定对 2020年1月 结账吗？").waitFor();
    await confirm.getByRole("button", { name: "结账" }).click();
    await page.getByRole("status").filter({ hasText: "2020年1月 已结账。" }).waitFor();
    await table.locator('tr[data-period="2020-01"][data-status="closed"]').waitFor();
    expect(await january.innerText()).toContain("已结账");
    expect(await january.innerText()).toContain(demoOwnerEmail);

    // A closed period takes no voucher.
    const session = await apiSignIn();
    const refused = await api<{ code: string }>(session, "POST", "ledger/vouchers", {
      date: "2020-01-20",
      memo: "E2E 不应记入",
      lines: saleLines("1.00", "0.13", "1.13"),
    });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe("PERIOD_CLOSED");
    await page.screenshot({ path: join(screenshotDir, "ledger-periods-zh.png") });

    // The voucher form says so too, in words, and keeps what was typed.
    await page.locator('a[data-ledger="journal"]').click();
    await page.getByTestId("new-voucher").click();
    const form = page.getByTestId("new-voucher-form");
    await form.getByLabel("日期").fill("2020-01-20");
    await form.getByLabel("摘要", { exact: true }).fill("E2E 已结账期间");
    await form.getByLabel("第 1 行的科目").selectOption("1002");
    await form.getByLabel("第 1 行的借方金额").fill("1");
    await form.getByLabel("第 2 行的科目").selectOption("6001");
    await form.getByLabel("第 2 行的贷方金额").fill("1");
    await form.getByRole("button", { name: "保存凭证" }).click();
    const closedError = page.getByTestId("error-message");
    await closedError.waitFor();
    expect(await closedError.innerText()).toContain("会计期间已结账");
    expect(await form.getByLabel("摘要", { exact: true }).inputValue()).toBe("E2E 已结账期间");
    await form.getByRole("button", { name: "取消" }).click();
    await page.locator('a[data-ledger="periods"]').click();

    // Reopening explains what follows before it happens.
    await january.getByRole("button", { name: "反结账" }).click();
    await confirm.getByText("确定对 2020年1月 反结账吗？").waitFor();
    expect(await confirm.innerText()).toContain("已报出的该期报表可能因此变化");
    await confirm.getByRole("button", { name: "反结账" }).click();
    await page.getByRole("status").filter({ hasText: "2020年1月 已反结账。" }).waitFor();
    await table.locator('tr[data-period="2020-01"][data-status="open"]').waitFor();

    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it("refuses an unbalanced posting rule with a message and saves a balanced one", async () => {
    const { context, page, pageErrors } = await signedInPage();
    await page.goto(`${baseUrl}/orgs/${orgId}/settings/posting-rules`);
    const card = page.locator('[data-testid="posting-rule"][data-event-type="invoice_issued"]');
    await card.getByRole("heading", { name: /开具发票/ }).waitFor();
    expect(await card.getByTestId("rule-badge").innerText()).toBe("默认");
    expect(await card.getByTestId("rule-lines").innerText()).toContain("22210102");
    await page.screenshot({ path: join(screenshotDir, "posting-rules-zh.png") });

    // Without the VAT line, tax is credited nowhere: the editor says so, the server refuses it.
    await card.getByRole("button", { name: "编辑" }).click();
    const editor = card.getByTestId("rule-editor");
    await editor.getByRole("button", { name: "删除第 3 行" }).click();
    const check = editor.getByTestId("rule-check");
    expect(await check.innerText()).toBe("借贷在以下金额上不相等：tax（税额）");
    await editor.getByRole("button", { name: "保存" }).click();
    const refusal = editor.getByTestId("error-message");
    await refusal.waitFor();
    expect(await refusal.innerText()).toContain("记账规则借贷不平衡");
    await page.screenshot({ path: join(screenshotDir, "posting-rules-refused-zh.png") });
    expect(await card.getByTestId("rule-badge").innerText()).toBe("默认");

    // Revenue takes the gross amount instead: it balances, and is saved.
    await editor.getByLabel("第 2 行的金额").fill("gross");
    expect(await check.innerText()).toBe("任何金额下都借贷平衡 ✓");
    await editor.getByRole("button", { name: "保存" }).click();
    await card.getByRole("status").filter({ hasText: "“开具发票”的记账规则已保存。" }).waitFor();
    await card
      .getByTestId("rule-badge")
      .filter({ hasText: /^已自定义$/ })
      .waitFor();
    expect(await card.getByTestId("rule-lines").locator("tbody tr").count()).toBe(2);

    // Back to the default, after a confirmation.
    await card.getByRole("button", { name: "恢复默认…" }).click();
    const confirm = page.getByTestId("confirm-dialog").filter({ hasText: "“开具发票”恢复为默认规则" });
    await confirm.getByRole("button", { name: "恢复默认" }).click();
    await card.getByTestId("rule-badge").filter({ hasText: "默认" }).waitFor();
    expect(await card.getByTestId("rule-lines").locator("tbody tr").count()).toBe(3);

    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it("shows a read-only auditor the books without buttons that change them", async () => {
    const auditor = demoUsers.find((u) => u.role === "auditor");
    if (auditor === undefined) throw new Error("no demo auditor");
    const { context, page, pageErrors } = await signedInPage(auditor.email);
    await page.goto(ledgerUrl("journal"));
    await page.getByTestId("journal-table").waitFor();
    expect(await page.getByTestId("new-voucher").count()).toBe(0);
    await page.locator('a[data-ledger="periods"]').click();
    await page.getByTestId("periods-table").locator("tbody tr").first().waitFor();
    expect(await page.getByTestId("periods-table").getByRole("button").count()).toBe(0);
    await page.locator('a[data-ledger="accounts"]').click();
    await page.getByTestId("accounts-table").locator('tr[data-code="1122"]').waitFor();
    expect(await page.getByRole("button", { name: "增加下级科目" }).count()).toBe(0);
    await page.goto(`${baseUrl}/orgs/${orgId}/settings/posting-rules`);
    await page.getByTestId("posting-rule").first().waitFor();
    expect(await page.getByRole("button", { name: "编辑" }).count()).toBe(0);
    expect(await page.getByTestId("role-accounts").getByRole("combobox").count()).toBe(0);
    expect(pageErrors).toEqual([]);
    await context.close();

    // A collector keeps no books: the section is not offered.
    const collector = demoUsers.find((u) => u.role === "collector");
    if (collector === undefined) throw new Error("no demo collector");
    const other = await signedInPage(collector.email);
    // Signed in, the collector lands on the dashboard, the first screen for everyone.
    await other.page.locator('[data-testid="dashboard"][data-ready="true"]').waitFor();
    expect(await navLink(other.page, "ledger").count()).toBe(0);
    await other.context.close();
  });

  // Last: switching the language is saved in the owner's profile.
  it("switches the ledger to English", async () => {
    const { context, page, pageErrors } = await signedInPage();
    await page.goto(ledgerUrl("trial-balance"));
    await page.getByTestId("trial-balance-status").waitFor();
    await page.getByTestId("language-switch").selectOption("en");
    await page.getByRole("heading", { name: "Ledger", level: 1 }).waitFor();
    expect(await page.locator('a[data-ledger="trial-balance"]').innerText()).toBe("Trial balance");
    expect(await page.getByTestId("trial-balance-status").innerText()).toBe("Balanced ✓");
    const head = await page.getByTestId("trial-balance-table").locator("thead").innerText();
    expect(head).toContain("Opening balance");
    expect(head).toContain("Debit");
    expect(
      await page.getByTestId("trial-balance-table").locator('tr[data-code="1122"]').innerText(),
    ).toContain("Accounts receivable");
    await page.screenshot({ path: join(screenshotDir, "ledger-trial-balance-en.png"), fullPage: true });

    await page.locator('a[data-ledger="journal"]').click();
    await page.getByTestId("journal-filters").getByLabel("Memo").fill("E2E");
    // This month's vouchers with "E2E" in the memo: the API's sale, the manual one and its reversal.
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid="journal-table"] tbody.voucher-group').length === 3,
    );
    expect(await page.getByTestId("journal-table").locator("thead").innerText()).toContain("Voucher");
    await page.getByTestId("new-voucher").click();
    await page.getByRole("heading", { name: "New voucher" }).waitFor();
    await page.screenshot({ path: join(screenshotDir, "ledger-journal-en.png"), fullPage: true });

    await page.goto(`${baseUrl}/orgs/${orgId}/settings/posting-rules`);
    const card = page.locator('[data-testid="posting-rule"][data-event-type="payment_received"]');
    await card.getByRole("heading", { name: /Payment received/ }).waitFor();
    expect(await card.innerText()).toContain("Bank");
    await page.screenshot({ path: join(screenshotDir, "posting-rules-en.png") });

    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
