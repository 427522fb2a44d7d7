import { join } from "node:path";
import type { Locator, Request } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoOwnerEmail } from "../../src/services/demo.ts";
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
 * The receivables cycle end to end, in real Chromium against a real server (STYLE.md, tests):
 * an invoice issued on 2/10 net 30, paid in part inside its discount window; a bank statement
 * whose receipt pays another invoice under a variant of the customer's name, so it waits for
 * review and is settled by accepting the suggestion; a statement of account for the customer,
 * confirmed by the customer through its link in a browser without a session, on a phone.
 *
 * Figures: 10 × 1,000.00 at 13 % is 11,300.00. 5,000.00 received inside the 2 % window settles
 * 5,000.00 / 0.98 = 5,102.04 of it (102.04 of cash discount, src/domain/payments/allocation.ts),
 * leaving 6,197.96 open. The second invoice, on the customer's own net terms (no discount), is
 * 2,000.00 + 260.00 = 2,260.00, paid exactly by the bank line, so the closing balance is 6,197.96.
 *
 * The payer name 临江机电有限公司 has the core 临江机电 inside the customer's 临江机电设备
 * (src/domain/payments/payer-names.ts): similar, not the same company name, so even with the exact
 * amount the suggestion stays below the automatic threshold and waits for a person.
 */

const timeZone = "Asia/Shanghai";
const customerSpec = { code: "E2E-RF-001", name: "杭州临江机电设备有限公司" } as const;
const payerVariant = "临江机电有限公司";
const bankAccount = "1001234567890001";
const phone = { width: 390, height: 844 } as const;

const harness = e2eHarness({ name: "receivables-flow", viewport: { width: 1366, height: 900 } });
let baseUrl = "";
let orgId = "";
let session: ApiSession | undefined;
let today = "";

beforeAll(async () => {
  const started = await harness.setUp();
  baseUrl = started.baseUrl;
  // An organization of its own: the demo's invoices and payments cannot get in the way.
  const created = await harness.apiNewOrganization(demoOwnerEmail, "E2E 回款流程测试有限公司");
  orgId = created.orgId;
  session = created.session;
  // The business day as the server takes it: the organization's calendar day.
  today = todayIn(timeZone);
});

afterAll(() => harness.tearDown());

/** A `YYYY-MM-DD` date `days` days from another. */
function addDays(date: string, days: number): string {
  const utc = new Date(`${date}T00:00:00Z`);
  utc.setUTCDate(utc.getUTCDate() + days);
  return utc.toISOString().slice(0, 10);
}

/** Types a customer's code into a customer field and waits until the picker names the customer. */
async function pickCustomer(scope: Locator, label: string, customer: { code: string; name: string }) {
  await scope.getByLabel(label, { exact: true }).fill(customer.code);
  await scope.getByText(customer.name, { exact: true }).waitFor();
}

/** A bank's CSV export as Chinese online banking writes it, with one receipt. */
function bankCsv(amount: string): Buffer {
  const rows = [
    "交易日期,贷方发生额,借方发生额,对方户名,对方账号,附言,流水号",
    `${today},${amount},,${payerVariant},6222020200112233445,货款,E2E-RF-0001`,
  ];
  return Buffer.from(`${rows.join("\r\n")}\r\n`, "utf8");
}

describe("the receivables cycle", () => {
  it("invoices, takes a discounted partial payment, reconciles the bank and has the statement confirmed", async () => {
    if (session === undefined) throw new Error("no API session");
    const customer = await customerWithCredit(session, customerSpec, { today, limitMax: "100000" });
    const { page, context, pageErrors } = await harness.signedInPage(demoOwnerEmail);

    // 1. An invoice on 2/10 net 30, dated two days ago, keyed in and issued through the page.
    await page.goto(`${baseUrl}/orgs/${orgId}/receivables`);
    await page.getByTestId("invoice-list").getByText("还没有发票。").waitFor();
    await page.getByTestId("new-invoice").click();
    const form = page.getByTestId("invoice-form");
    await pickCustomer(form, "客户", customer);
    await form.getByLabel("开票日期", { exact: true }).fill(addDays(today, -2));
    await form.getByLabel("付款条件").selectOption("2/10N30");
    await form.getByLabel("第 1 行名称").fill("数控机床配件");
    await form.getByLabel("第 1 行数量").fill("10");
    await form.getByLabel("第 1 行单价").fill("1,000");
    await page.getByTestId("invoice-form-lines-gross").filter({ hasText: "11,300.00" }).waitFor();
    await form.getByRole("button", { name: "保存并开具…" }).click();
    await page.getByTestId("issue-dialog").getByRole("button", { name: "开具", exact: true }).click();
    await page.waitForURL(/\/receivables\/[0-9a-f-]{36}$/);
    await page.getByTestId("invoice-status").filter({ hasText: "已开具" }).waitFor();
    const firstNumber = (await page.getByRole("heading", { level: 1 }).innerText()).replace(/^发票 /, "");
    expect(firstNumber).toMatch(/^INV-\d{6}$/);

    // 2. A partial payment inside the discount window: the discount is shown before and after.
    await page.getByTestId("invoice-customer").click();
    await page.getByTestId("customer-record-payment").click();
    const payment = page.getByTestId("new-payment-form");
    await payment.getByTestId("payer-open").waitFor();
    await payment.getByLabel("金额（CNY）").fill("5,000");
    await payment.getByRole("radio", { name: "指定未清项" }).check();
    const chooser = page.getByTestId("allocation-items");
    const item = chooser.locator(`tbody tr[data-document="${firstNumber}"]`);
    await item.getByTestId("discount-applies").waitFor();
    await item.getByRole("checkbox").check();
    await payment.getByRole("button", { name: "登记回款" }).click();
    await page.waitForURL(/\/payments\/[0-9a-f-]{36}$/);
    const allocations = page.getByTestId("payment-allocations");
    const applied = allocations.locator(`tbody tr[data-document="${firstNumber}"]`);
    await applied.waitFor();
    expect(await applied.locator('td[data-column="applied"]').innerText()).toBe("5,000.00");
    expect(await applied.locator('td[data-column="discount"]').innerText()).toBe("102.04");
    await page.screenshot({ path: join(screenshotDir, "flow-payment-discount-zh.png"), fullPage: true });

    // Another invoice, issued behind the page: the one the bank line pays.
    const second = await api<{ number: string; gross: string }>(session, "POST", "invoices", {
      customerId: customer.customerId,
      documentDate: today,
      // The customer's own credit terms, without a discount: the line pays it exactly.
      termsCode: null,
      lines: [{ description: "设备维修服务", quantity: "1", unitPrice: "2000", vatRate: "0.13" }],
      issue: true,
    });
    expect(second.status).toBe(201);
    expect(second.body.gross).toBe("2260.00");

    // 3. The bank statement, a CSV export: read with the account typed in; one line waits.
    await navLink(page, "payments").click();
    await page.locator('nav.tabs a[data-payments="bank"]').click();
    await page.waitForURL(/\/payments\/bank/);
    const importForm = page.getByTestId("bank-import-form");
    const statementFile = { name: "工行明细-e2e.csv", mimeType: "text/csv", buffer: bankCsv("2260.00") };
    await importForm.locator('input[type="file"]').setInputFiles(statementFile);
    await importForm.getByTestId("bank-format-guess").filter({ hasText: "CSV" }).waitFor();
    await importForm.getByLabel("本方账号").fill(bankAccount);
    await importForm.getByRole("button", { name: "导入", exact: true }).click();
    const result = page.getByTestId("bank-import-result");
    await result.waitFor();
    expect(await result.locator('[data-figure="lines"] dd').innerText()).toBe("1");
    expect(await result.locator('[data-figure="matched"] dd').innerText()).toBe("0");
    expect(await result.locator('[data-figure="waiting"] dd').innerText()).toBe("1");
    // A CSV export has no balances: the statement is imported, and says it cannot be reconciled.
    await result.getByText("余额未能核对").waitFor();
    expect(await result.getByTestId("bank-import-warnings").innerText()).toContain("does not reconcile");

    // The same file again is refused, and the page says why in plain words.
    await importForm.locator('input[type="file"]').setInputFiles(statementFile);
    await importForm.getByLabel("本方账号").fill(bankAccount);
    await importForm.getByRole("button", { name: "导入", exact: true }).click();
    const duplicate = importForm.getByTestId("bank-duplicate");
    await duplicate.waitFor();
    expect(await duplicate.innerText()).toContain("该银行对账单已导入过");

    // 4. The review queue: the line with its suggestion, the customer named, and why.
    const line = page.getByTestId("bank-review").getByTestId("bank-line");
    await line.waitFor();
    expect(await line.getByTestId("bank-line-counterparty").innerText()).toBe(payerVariant);
    const best = line.locator('li[data-suggestion="0"]');
    await best.getByTestId("suggestion-customer").filter({ hasText: customer.name }).waitFor();
    expect(await best.locator('[data-reason="NAME"]').innerText()).toBe("付款人名称");
    expect(await best.locator('[data-reason="AMOUNT_EXACT"]').innerText()).toBe("金额一致");
    const confidence = Number(await best.getAttribute("data-confidence"));
    expect(confidence).toBeGreaterThan(0);
    expect(confidence).toBeLessThan(0.9);
    await best.getByText(`${second.body.number} 2,260.00`).waitFor();
    await page.screenshot({ path: join(screenshotDir, "flow-bank-review-zh.png"), fullPage: true });
    await best.getByRole("button", { name: "接受建议 1" }).click();
    const notice = page.getByTestId("bank-notice");
    await notice.filter({ hasText: customer.name }).waitFor();
    await page.getByTestId("bank-review-empty").waitFor();
    expect(await page.getByTestId("bank-review-count").innerText()).toBe("0");
    await page.locator('button[data-view="matched"]').click();
    const matched = page.getByTestId("bank-lines-matched");
    await matched.locator("tbody tr[data-line-id]").first().waitFor();
    expect(await matched.innerText()).toContain(payerVariant);

    // 5. A statement of account from the customer's page: the period defaults to last month on.
    await page.goto(`${baseUrl}/orgs/${orgId}/customers/${customer.customerId}?tab=receivables`);
    await page.getByTestId("customer-new-statement").click();
    const create = page.getByTestId("new-statement-dialog");
    expect(await create.getByLabel("截止日期").inputValue()).toBe(today);
    expect(await create.getByLabel("起始日期").inputValue()).toMatch(/^\d{4}-\d{2}-01$/);
    await create.getByRole("button", { name: "生成对账单" }).click();
    await page.waitForURL(/\/receivables\/statements\/[0-9a-f-]{36}$/);
    await page.getByTestId("statement-status").filter({ hasText: "已生成" }).waitFor();
    expect(await page.getByTestId("statement-closing").innerText()).toBe("¥6,197.96");
    const lines = page.getByTestId("statement-lines");
    expect(await lines.locator('tbody tr[data-kind="invoice"]').count()).toBe(2);
    expect(await lines.locator('tbody tr[data-kind="discount"] td[data-column="credit"]').innerText()).toBe(
      "102.04",
    );
    await page.getByTestId("statement-no-response").waitFor();

    // Emailed without a mail server: the email is queued, and the page says what that means.
    await page.getByTestId("statement-actions").getByRole("button", { name: "邮件发送…" }).click();
    const send = page.getByTestId("send-statement-dialog");
    await send.getByLabel("收件人邮箱").fill("finance@linjiang.example");
    await send.getByRole("button", { name: "发送", exact: true }).click();
    await page.getByTestId("statement-mail-queued").filter({ hasText: "SMTP_URL" }).waitFor();
    await page.getByTestId("statement-status").filter({ hasText: "已发送" }).waitFor();
    const link = await page.getByTestId("statement-link-url").inputValue();
    expect(link).toMatch(new RegExp(`^${baseUrl}/s/[0-9a-f-]{36}\\.[A-Za-z0-9_-]+$`));
    await page.screenshot({ path: join(screenshotDir, "flow-statement-zh.png"), fullPage: true });

    // 6. The customer opens the link on a phone, in a browser that has never signed in.
    const customerBrowser = await harness.newPage(phone);
    const requests: Request[] = [];
    customerBrowser.page.on("request", (request) => {
      if (request.url().includes("/api/")) requests.push(request);
    });
    await customerBrowser.page.goto(link);
    const statement = customerBrowser.page.getByTestId("public-statement");
    await statement.waitFor();
    expect(await customerBrowser.page.getByTestId("public-statement-organization").innerText()).toBe(
      "E2E 回款流程测试有限公司",
    );
    expect(await customerBrowser.page.getByTestId("public-closing").innerText()).toBe("¥6,197.96");
    await customerBrowser.page
      .getByTestId("public-statement-lines")
      .locator(`tbody tr[data-kind="invoice"]`)
      .first()
      .waitFor();
    // Laid out for the phone: nothing wider than the screen.
    const overflow = await customerBrowser.page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await customerBrowser.page.screenshot({
      path: join(screenshotDir, "flow-public-statement-phone-zh.png"),
      fullPage: true,
    });

    const answer = customerBrowser.page.getByTestId("statement-answer-form");
    await answer.getByRole("button", { name: "余额无误，确认" }).click();
    await answer.getByRole("button", { name: "确认余额" }).click();
    await answer.getByText("请填写您的姓名。").waitFor();
    await answer.getByLabel("您的姓名").fill("王会计");
    await answer.getByLabel(/^说明/).fill("已与我司应付账款核对一致");
    await answer.getByRole("button", { name: "确认余额" }).click();
    const recorded = customerBrowser.page.getByTestId("public-statement-response");
    await recorded.filter({ hasText: "王会计" }).waitFor();
    expect(await recorded.getAttribute("data-status")).toBe("confirmed");
    expect(await answer.count()).toBe(0);
    await customerBrowser.page.screenshot({
      path: join(screenshotDir, "flow-public-confirmed-phone-zh.png"),
      fullPage: true,
    });
    // Both languages, without signing in: the switch changes only this browser.
    await customerBrowser.page.getByTestId("language-switch").selectOption("en");
    await recorded.filter({ hasText: "Balance confirmed by 王会计" }).waitFor();
    await customerBrowser.page.getByRole("heading", { name: /^Statement of account DZ-/ }).waitFor();
    await customerBrowser.page.getByTestId("language-switch").selectOption("zh-CN");

    // The page asked only for its own statement and sent the answer: no /me, nothing of the firm.
    expect(requests.map((request) => request.method())).toEqual(["GET", "POST"]);
    for (const request of requests) expect(request.url()).toContain("/api/v1/public/statements/");

    // A link that was tampered with does not open, and says what to do.
    await customerBrowser.page.goto(`${link}x`);
    const invalid = customerBrowser.page.getByTestId("statement-link-invalid");
    await invalid.getByText("链接无效或已过期").waitFor();
    expect(await invalid.innerText()).toContain("重新发送");
    expect(customerBrowser.pageErrors).toEqual([]);
    await customerBrowser.context.close();

    // 7. Back at the firm, the statement shows the customer's confirmation.
    await page.reload();
    await page.getByTestId("statement-status").filter({ hasText: "已确认" }).waitFor();
    expect(await page.getByTestId("statement-response").innerText()).toContain("王会计");
    await page.getByRole("link", { name: /对账单列表/ }).click();
    const row = page.getByTestId("statement-list").locator("tbody tr[data-statement-id]").first();
    expect(await row.getAttribute("data-status")).toBe("confirmed");
    expect(await row.innerText()).toContain("finance@linjiang.example");

    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it("assigns and ignores bank lines, and takes a customer's dispute through the link, in English", async () => {
    if (session === undefined) throw new Error("no API session");
    const customer = await customerWithCredit(
      session,
      { code: "E2E-RF-002", name: "苏州博远电子科技有限公司" },
      { today, limitMax: "100000" },
    );
    // 3 × 1,000.00 at 13 % = 3,390.00 on the customer's own terms.
    const invoice = await api<{ number: string }>(session, "POST", "invoices", {
      customerId: customer.customerId,
      documentDate: today,
      termsCode: null,
      lines: [{ description: "贴片电容", quantity: "3", unitPrice: "1000", vatRate: "0.13" }],
      issue: true,
    });
    expect(invoice.status).toBe(201);
    const { page, context, pageErrors } = await harness.signedInPage(demoOwnerEmail);

    // A statement with a bank loan, a private person paying for the customer, and money out.
    await page.goto(`${baseUrl}/orgs/${orgId}/payments/bank`);
    const importForm = page.getByTestId("bank-import-form");
    const rows = [
      "交易日期,贷方发生额,借方发生额,对方户名,对方账号,附言,流水号",
      `${today},100000.00,,中国工商银行股份有限公司杭州分行,,贷款放款,E2E-RF-0101`,
      `${today},500.00,,张三,6222000011112222,代付货款,E2E-RF-0102`,
      `${today},,120.00,国网浙江省电力有限公司,,电费,E2E-RF-0103`,
    ];
    await importForm.locator('input[type="file"]').setInputFiles({
      name: "statement-2.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(`${rows.join("\r\n")}\r\n`, "utf8"),
    });
    await importForm.getByLabel("本方账号").fill(bankAccount);
    await importForm.getByRole("button", { name: "导入", exact: true }).click();
    const result = page.getByTestId("bank-import-result");
    await result.locator('[data-figure="lines"] dd').filter({ hasText: "3" }).waitFor();
    expect(await result.locator('[data-figure="incoming"] dd').innerText()).toBe("2");
    expect(await result.locator('[data-figure="waiting"] dd').innerText()).toBe("2");

    // The loan is not a customer's money: ignored, with the reason it needs.
    const loan = page.getByTestId("bank-line").filter({ hasText: "中国工商银行股份有限公司杭州分行" });
    await loan.getByRole("button", { name: "忽略…" }).click();
    const ignore = page.getByTestId("ignore-line-dialog");
    expect(await ignore.getByRole("button", { name: "忽略流水" }).isDisabled()).toBe(true);
    await ignore.getByLabel("原因").fill("银行贷款放款，非客户回款");
    await ignore.getByRole("button", { name: "忽略流水" }).click();
    await page.getByTestId("bank-notice").filter({ hasText: "已忽略该流水" }).waitFor();
    await loan.waitFor({ state: "detached" });

    // 张三 pays for the customer: assigned, and applied oldest first.
    const person = page.getByTestId("bank-line").filter({ hasText: "张三" });
    await person.getByRole("button", { name: "指定客户…" }).click();
    const assign = page.getByTestId("assign-line-dialog");
    await pickCustomer(assign, "客户", customer);
    await assign.getByRole("button", { name: "登记回款" }).click();
    await page.getByTestId("bank-notice").filter({ hasText: customer.name }).waitFor();
    await page.getByTestId("bank-review-empty").waitFor();
    await page.locator('button[data-view="ignored"]').click();
    const ignored = page.getByTestId("bank-lines-ignored");
    await ignored.locator("tbody tr[data-line-id]").first().waitFor();
    expect(await ignored.innerText()).toContain("中国工商银行股份有限公司杭州分行");
    await page.locator('button[data-view="statements"]').click();
    await page.getByTestId("bank-statements").getByText("statement-2.csv").waitFor();

    // A statement from the statements tab: 3,390.00 invoiced, 500.00 received.
    await navLink(page, "receivables").click();
    await page.locator('nav.tabs a[data-receivables="statements"]').click();
    await page.getByTestId("new-statement").click();
    const create = page.getByTestId("new-statement-dialog");
    await pickCustomer(create, "客户", customer);
    await create.getByRole("button", { name: "生成对账单" }).click();
    await page.waitForURL(/\/receivables\/statements\/[0-9a-f-]{36}$/);
    expect(await page.getByTestId("statement-closing").innerText()).toBe("¥2,890.00");
    const link = await page.getByTestId("statement-link-url").inputValue();

    // Opened in a browser where someone of the firm is signed in, the page still sends neither
    // the session's cookie nor its CSRF token: it means the same to everyone who holds the link.
    const inFirm = await context.newPage();
    const firmRequests: Request[] = [];
    inFirm.on("request", (request) => {
      if (request.url().includes("/api/")) firmRequests.push(request);
    });
    await inFirm.goto(link);
    await inFirm.getByTestId("public-statement").waitFor();
    expect(firmRequests.length).toBe(1);
    for (const request of firmRequests) {
      expect(request.url()).toContain("/api/v1/public/statements/");
      expect(await request.headerValue("cookie")).toBeNull();
      expect(await request.headerValue("x-csrf-token")).toBeNull();
    }
    await inFirm.close();

    // The customer answers in English: the invoice line is disputed, with a note.
    const customerBrowser = await harness.newPage(phone);
    await customerBrowser.page.goto(link);
    await customerBrowser.page.getByTestId("language-switch").selectOption("en");
    const answer = customerBrowser.page.getByTestId("statement-answer-form");
    await answer.getByRole("button", { name: "I dispute" }).click();
    const invoiceLine = answer.locator("li[data-seq]").filter({ hasText: invoice.body.number });
    await invoiceLine.getByRole("checkbox").check();
    await answer.getByLabel("Your name").fill("Li Wei");
    await answer.getByRole("button", { name: "Send the dispute" }).click();
    await invoiceLine.getByText("Say what is wrong with this line.").waitFor();
    await invoiceLine.getByRole("textbox").fill("Two units were returned on delivery.");
    // The line is marked in the statement above while the answer is written.
    await customerBrowser.page
      .getByTestId("public-statement-lines")
      .locator('tbody tr[data-disputed="true"]')
      .waitFor();
    await answer.getByRole("button", { name: "Send the dispute" }).click();
    const recorded = customerBrowser.page.getByTestId("public-statement-response");
    await recorded.filter({ hasText: "Disputed by Li Wei" }).waitFor();
    expect(await recorded.innerText()).toContain("Two units were returned on delivery.");
    await customerBrowser.page.screenshot({
      path: join(screenshotDir, "flow-public-disputed-phone-en.png"),
      fullPage: true,
    });
    expect(customerBrowser.pageErrors).toEqual([]);
    await customerBrowser.context.close();

    // The firm sees the dispute on the line, and the invoice's item is held back as disputed.
    await page.reload();
    await page.getByTestId("statement-status").filter({ hasText: "有异议" }).waitFor();
    const disputedRow = page.getByTestId("statement-lines").locator('tbody tr[data-disputed="true"]');
    expect(await disputedRow.innerText()).toContain("Two units were returned on delivery.");
    expect(await disputedRow.innerText()).toContain(invoice.body.number);
    await page.screenshot({ path: join(screenshotDir, "flow-statement-disputed-zh.png"), fullPage: true });
    await page.goto(`${baseUrl}/orgs/${orgId}/customers/${customer.customerId}?tab=receivables`);
    const item = page
      .getByTestId("customer-open-items")
      .locator(`tr[data-document="${invoice.body.number}"]`);
    expect(await item.getAttribute("data-disputed")).toBe("true");
    const statements = page.getByTestId("customer-statements");
    expect(await statements.locator("tbody tr[data-status]").first().getAttribute("data-status")).toBe(
      "disputed",
    );

    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
