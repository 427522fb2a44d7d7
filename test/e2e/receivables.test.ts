import { join } from "node:path";
import type { Locator } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoOwnerEmail, demoUsers } from "../../src/services/demo.ts";
import {
  type ApiSession,
  api,
  customerWithCredit,
  e2eHarness,
  navLink,
  screenshotDir,
  todayIn,
} from "./support.ts";

/**
 * Receivables and payments in real Chromium against a real server (STYLE.md, tests): an invoice
 * keyed in with its totals previewed, issued after a confirmation, given its 发票号码 and a
 * credit note; a payment applied to the chosen item inside its discount window, then reversed
 * as a bounced cheque; the customer's receivables tab and the aging; a draft edited and deleted;
 * and a collector who reads but records nothing.
 *
 * The tests work in an organization of their own, created through the API: the demo has years of
 * invoices and payments, and an empty list or "our row comes first" holds only where we start.
 *
 * Figures: 3 × 33.33 = 99.99 at 13 % is 13.00 of VAT (12.9987 rounded half up to the fen);
 * 1 × 1,000.00 at 9 % is 90.00; the invoice is 1,099.99 + 103.00 = 1,202.99. A credit note of
 * 1 × 33.33 at 13 % is 33.33 + 4.33 = 37.66, leaving 1,165.33 open.
 */

const harness = e2eHarness({ name: "receivables", viewport: { width: 1366, height: 900 } });
const organizationName = "E2E 应收测试有限公司";
let baseUrl = "";
let orgId = "";
let session: ApiSession | undefined;
let sharedCustomer: { customerId: string; code: string; name: string } | undefined;

beforeAll(async () => {
  const started = await harness.setUp();
  baseUrl = started.baseUrl;
  const created = await harness.apiNewOrganization(demoOwnerEmail, organizationName);
  orgId = created.orgId;
  session = created.session;
});

afterAll(() => harness.tearDown());

function apiSession(): ApiSession {
  if (session === undefined) throw new Error("no API session");
  return session;
}

/**
 * A customer with an assessment and a limit of 100,000.00: room for a small invoice, none for a
 * large one. Made once and shared by the tests, as the demo's customer used to be.
 */
async function creditworthyCustomer(): Promise<{ customerId: string; code: string; name: string }> {
  sharedCustomer ??= await customerWithCredit(
    apiSession(),
    { code: "E2E-RC-001", name: "宁波海曙五金贸易有限公司" },
    { today: todayIn("Asia/Shanghai"), limitMax: "100000" },
  );
  return sharedCustomer;
}

/** Another customer, to pay for the first as its head office. */
async function headOffice(): Promise<{ code: string; name: string }> {
  const office = { code: "E2E-RC-HQ", name: "海曙五金集团有限公司" };
  const created = await api(apiSession(), "POST", "customers", office);
  expect(created.status).toBe(201);
  return office;
}

/** Types a customer's code into a customer field and waits until the picker names the customer. */
async function pickCustomer(scope: Locator, label: string, customer: { code: string; name: string }) {
  await scope.getByLabel(label, { exact: true }).fill(customer.code);
  await scope.getByText(customer.name, { exact: true }).waitFor();
}

describe("receivables and payments", () => {
  it("issues an invoice, corrects it, applies and reverses a payment, and shows the aging", async () => {
    const customer = await creditworthyCustomer();
    const { page, context, pageErrors } = await harness.signedInPage(demoOwnerEmail);
    await page.goto(`${baseUrl}/orgs/${orgId}/customers`);

    // 应收 and 回款 are sections of their own now, not placeholders.
    await navLink(page, "receivables").click();
    await page.getByRole("heading", { name: "应收", level: 1 }).waitFor();
    await page.getByTestId("invoice-list").getByText("还没有发票。").waitFor();

    // A new invoice on 2/10 net 30: the totals are previewed line by line as typed.
    await page.getByTestId("new-invoice").click();
    await page.waitForURL(/\/receivables\/new$/);
    const form = page.getByTestId("invoice-form");
    await pickCustomer(form, "客户", customer);
    await form.getByLabel("付款条件").selectOption("2/10N30");
    await form.getByLabel("第 1 行名称").fill("螺纹钢");
    await form.getByLabel("第 1 行数量").fill("3");

    // Far over the customer's limit: the credit check refuses, with its reason, and nothing is saved.
    await form.getByLabel("第 1 行单价").fill("100,000,000");
    await form.getByRole("button", { name: "保存并开具…" }).click();
    const blocked = page.getByTestId("issue-dialog");
    await blocked.getByRole("button", { name: "开具", exact: true }).click();
    await blocked.getByTestId("error-message").filter({ hasText: "信用检查未通过" }).waitFor();
    expect(await blocked.getByTestId("error-message").innerText()).toContain("信用占用超出额度且超出容差");
    await blocked.getByTestId("credit-blocked").filter({ hasText: "客户将超出信用额度" }).waitFor();
    await page.screenshot({ path: join(screenshotDir, "receivables-credit-blocked-zh.png") });
    await blocked.getByRole("button", { name: "取消" }).click();
    expect(page.url()).toMatch(/\/receivables\/new$/);

    await form.getByLabel("第 1 行单价").fill("33.33");
    await form.getByRole("button", { name: "添加一行" }).click();
    // The new line has the focus and the rate of the line before.
    await page.keyboard.type("运输服务");
    await form.getByLabel("第 2 行单价").fill("1,000");
    await form.getByLabel("第 2 行税率").selectOption("0.09");
    const lines = page.getByTestId("invoice-form-lines");
    await page.getByTestId("invoice-form-lines-gross").filter({ hasText: "1,202.99" }).waitFor();
    expect(await page.getByTestId("invoice-form-lines-tax").innerText()).toBe("103.00");
    expect(await lines.locator("tbody tr").first().locator('td[data-column="tax"]').innerText()).toBe(
      "13.00",
    );
    await page.screenshot({ path: join(screenshotDir, "receivables-new-invoice-zh.png"), fullPage: true });

    // Issuing asks first, and says what it does.
    await form.getByRole("button", { name: "保存并开具…" }).click();
    const issue = page.getByTestId("issue-dialog");
    await issue.getByText("已开具的发票只能通过红字发票或补开单据更正", { exact: false }).waitFor();
    expect(await issue.innerText()).toContain("¥1,202.99");
    await issue.getByRole("button", { name: "开具", exact: true }).click();
    await page.waitForURL(/\/receivables\/[0-9a-f-]{36}$/);
    const status = page.getByTestId("invoice-status");
    await status.filter({ hasText: "已开具" }).waitFor();
    expect(await page.getByRole("heading", { level: 1 }).innerText()).toMatch(/^发票 INV-\d{6}$/);
    expect(await page.getByTestId("invoice-gross").innerText()).toBe("1,202.99");
    const items = page.getByTestId("invoice-items");
    expect(await items.locator("tbody tr").count()).toBe(1);
    expect(await items.innerText()).toContain("2%");
    const vouchers = page.getByTestId("invoice-vouchers");
    await vouchers.locator("tbody tr[data-voucher-id]").first().waitFor();
    expect(await vouchers.innerText()).toContain("开具发票");

    // The 发票号码 is refused with 9 digits and recorded with 8.
    await page.getByTestId("invoice-actions").getByRole("button", { name: "登记发票号码…" }).click();
    const taxInvoice = page.getByTestId("tax-invoice-dialog");
    await taxInvoice.getByLabel("发票号码").fill("123456789");
    await taxInvoice.getByText("纸质发票 8 位，数电票 20 位数字。").waitFor();
    expect(await taxInvoice.getByRole("button", { name: "保存" }).isDisabled()).toBe(true);
    await taxInvoice.getByLabel("发票号码").fill("12345678");
    await taxInvoice.getByRole("button", { name: "保存" }).click();
    await page.getByTestId("invoice-tax-invoice").filter({ hasText: "12345678" }).waitFor();

    // A credit note for one returned unit reduces what is open at once.
    await page.getByTestId("invoice-actions").getByRole("button", { name: "开红字发票…" }).click();
    const credit = page.getByTestId("credit-note-dialog");
    await credit.getByLabel("原因").fill("退货 1 件");
    await credit.getByLabel("第 1 行名称").fill("螺纹钢退货");
    await credit.getByLabel("第 1 行单价").fill("33.33");
    await page.getByTestId("note-lines-gross").filter({ hasText: "37.66" }).waitFor();
    await credit.getByRole("button", { name: "开具红字发票" }).click();
    await credit.waitFor({ state: "detached" });
    await page.getByTestId("invoice-open").filter({ hasText: "¥1,165.33" }).waitFor();
    await page
      .getByTestId("invoice-notes")
      .getByText(/^CN-\d{6}$/)
      .waitFor();
    await status.filter({ hasText: "部分回款" }).waitFor();
    await page.screenshot({ path: join(screenshotDir, "receivables-invoice-zh.png"), fullPage: true });

    // The customer's receivables tab: its open item, the invoice, and a payment for it.
    await page.getByTestId("invoice-customer").click();
    const tab = page.getByTestId("customer-receivables");
    await tab.waitFor();
    expect(await page.locator('nav.tabs a[data-tab="receivables"]').getAttribute("aria-current")).toBe(
      "page",
    );
    await tab.getByTestId("customer-open-items").locator("tbody tr[data-item-id]").first().waitFor();
    expect(await tab.getByTestId("customer-aging").innerText()).toContain("1,165.33");
    await page.screenshot({ path: join(screenshotDir, "receivables-customer-tab-zh.png"), fullPage: true });

    // Paid by a head office, then by itself again.
    const groupPayer = tab.getByTestId("group-payer");
    await groupPayer.getByRole("button", { name: "设置集团总部…" }).click();
    const office = await headOffice();
    await pickCustomer(groupPayer, "集团总部", office);
    await groupPayer.getByRole("button", { name: "保存" }).click();
    await groupPayer.getByText("已保存集团总部。").waitFor();
    await tab.getByTestId("group-payer-current").filter({ hasText: office.name }).waitFor();
    await groupPayer.getByRole("button", { name: "改为自行付款" }).click();
    await tab.getByTestId("group-payer-current").filter({ hasText: "客户自行付款" }).waitFor();
    await tab.getByTestId("customer-record-payment").click();
    await page.waitForURL(/\/payments\/new\?customerId=/);
    const payment = page.getByTestId("new-payment-form");
    await payment.getByTestId("payer-open").waitFor();
    await payment.getByLabel("收款方式").selectOption("cheque");
    await payment.getByLabel("金额（CNY）").fill("500");
    await payment.getByLabel("参考号").fill("支票 00012345");
    await payment.getByRole("radio", { name: "指定未清项" }).check();
    const chooser = page.getByTestId("allocation-items");
    await chooser.locator("tbody tr[data-item-id]").first().waitFor();
    // Received today, inside the 10-day window: the 2 % discount is shown before it is booked.
    await chooser.getByTestId("discount-applies").first().waitFor();
    await chooser.getByRole("checkbox").first().check();
    await page.getByTestId("allocation-summary").filter({ hasText: "已选 1 项" }).waitFor();
    await page.screenshot({ path: join(screenshotDir, "receivables-new-payment-zh.png"), fullPage: true });
    await payment.getByRole("button", { name: "登记回款" }).click();
    await page.waitForURL(/\/payments\/[0-9a-f-]{36}$/);
    const allocations = page.getByTestId("payment-allocations");
    await allocations.locator("tbody tr[data-document]").first().waitFor();
    expect(await allocations.locator('td[data-column="applied"]').first().innerText()).toBe("500.00");
    // 500.00 in a 2 % window settles 510.20: 10.20 of cash discount (pro rata).
    expect(await allocations.locator('td[data-column="discount"]').first().innerText()).toBe("10.20");
    await page.getByTestId("payment-vouchers").locator("tbody tr[data-voucher-id]").first().waitFor();
    await page.screenshot({ path: join(screenshotDir, "receivables-payment-zh.png"), fullPage: true });

    // The cheque bounces: the reversal says what it does and needs a reason.
    await page.getByTestId("payment-actions").getByRole("button", { name: "冲销…" }).click();
    const reverse = page.getByTestId("reverse-dialog");
    await reverse.getByText("全部凭证将在所选日期冲销", { exact: false }).waitFor();
    expect(await reverse.getByRole("button", { name: "冲销回款" }).isDisabled()).toBe(true);
    await reverse.getByLabel("原因").fill("支票被银行退回，余额不足");
    await reverse.getByRole("button", { name: "冲销回款" }).click();
    await page.getByTestId("payment-status").filter({ hasText: "已冲销" }).waitFor();
    await allocations.locator("tbody tr.row-cancelled").first().waitFor();
    expect(await page.getByTestId("payment-actions").count()).toBe(0);

    // The aging has the customer, and its row opens the customer's receivables.
    await navLink(page, "receivables").click();
    await page.locator('nav.tabs a[data-receivables="aging"]').click();
    const aging = page.getByTestId("aging-table");
    const row = aging.locator(`tbody tr[data-customer-id="${customer.customerId}"]`);
    await row.waitFor();
    expect(await row.locator('td[data-column="total"]').innerText()).toBe("1,165.33");
    expect(await aging.locator("thead").innerText()).toContain("未到期");
    await page.screenshot({ path: join(screenshotDir, "receivables-aging-zh.png"), fullPage: true });

    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it("saves a draft, edits it and deletes it after a confirmation, in English", async () => {
    const customer = await creditworthyCustomer();
    const { page, context, pageErrors } = await harness.signedInPage(demoOwnerEmail);
    await page.goto(`${baseUrl}/orgs/${orgId}/receivables/new?customerId=${customer.customerId}`);
    await page.getByTestId("language-switch").selectOption("en");
    const form = page.getByTestId("invoice-form");
    await form.getByRole("heading", { name: "New invoice" }).waitFor();
    // From a customer's page the customer is already chosen.
    expect(await form.getByLabel("Customer", { exact: true }).inputValue()).toBe(customer.code);
    await form.getByLabel("Description of line 1").fill("Consulting");
    await form.getByLabel("Unit price of line 1").fill("200");
    await form.getByLabel("VAT rate of line 1").selectOption("0.06");
    await page.getByTestId("invoice-form-lines-gross").filter({ hasText: "212.00" }).waitFor();
    await form.getByRole("button", { name: "Save draft" }).click();
    await page.waitForURL(/\/receivables\/[0-9a-f-]{36}$/);
    await page.getByTestId("invoice-status").filter({ hasText: "Draft" }).waitFor();
    expect(await page.getByTestId("invoice-vouchers").innerText()).toContain("Nothing is posted while");
    await page.screenshot({ path: join(screenshotDir, "receivables-draft-en.png"), fullPage: true });

    await page.getByTestId("invoice-actions").getByRole("button", { name: "Edit" }).click();
    const edit = page.getByTestId("invoice-form");
    await edit.getByLabel("Quantity of line 1").fill("2");
    await page.getByTestId("invoice-form-lines-gross").filter({ hasText: "424.00" }).waitFor();
    await edit.getByRole("button", { name: "Save changes" }).click();
    await page.getByTestId("invoice-gross").filter({ hasText: "424.00" }).waitFor();

    await page.getByTestId("invoice-actions").getByRole("button", { name: "Delete draft" }).click();
    const confirm = page.getByTestId("confirm-dialog");
    await confirm.getByText("it is removed for good", { exact: false }).waitFor();
    await confirm.getByRole("button", { name: "Delete draft" }).click();
    await page.waitForURL(new RegExp(`/orgs/${orgId}/receivables$`));
    const list = page.getByTestId("invoice-list");
    await list.locator("tbody tr[data-invoice-id]").first().waitFor();
    // The list may show its cached rows until it refetches: wait for the draft to leave.
    await expect.poll(() => list.locator('tr[data-status="draft"]').count(), { timeout: 15_000 }).toBe(0);
    expect(await list.locator("thead").innerText()).toContain("Tax invoice no.");
    await page.screenshot({ path: join(screenshotDir, "receivables-invoices-en.png"), fullPage: true });

    // The payments list in English, and the owner back in Chinese for whoever comes next.
    await navLink(page, "payments").click();
    await page.getByTestId("payment-list").locator("tbody tr[data-payment-id]").first().waitFor();
    expect(await page.getByTestId("payment-list").innerText()).toContain("Reversed");
    await page.screenshot({ path: join(screenshotDir, "receivables-payments-en.png"), fullPage: true });
    await page.getByTestId("language-switch").selectOption("zh-CN");
    await navLink(page, "payments").filter({ hasText: "回款" }).waitFor();

    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it("lets a collector read receivables and payments but record nothing", async () => {
    const collector = demoUsers.find((user) => user.role === "collector");
    if (collector === undefined) throw new Error("no demo collector");
    // The demo's collector, made a collector of this organization too.
    const added = await api(apiSession(), "POST", "members", { email: collector.email, role: "collector" });
    expect(added.status).toBe(201);
    const { page, context, pageErrors } = await harness.signedInPage(collector.email);
    await page.goto(`${baseUrl}/orgs/${orgId}/receivables`);
    await page.getByTestId("invoice-list").locator("tbody tr[data-invoice-id]").first().waitFor();
    expect(await page.getByTestId("new-invoice").count()).toBe(0);
    await page.getByTestId("invoice-list").getByTestId("invoice-link").first().click();
    await page.getByTestId("invoice-page").waitFor();
    expect(await page.getByTestId("invoice-actions").count()).toBe(0);
    await navLink(page, "payments").click();
    await page.getByTestId("payment-list").locator("tbody tr[data-payment-id]").first().waitFor();
    expect(await page.getByTestId("new-payment").count()).toBe(0);
    expect(await page.locator('nav.tabs a[data-payments="new"]').count()).toBe(0);

    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
