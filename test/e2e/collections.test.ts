import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoOwnerEmail } from "../../src/services/demo.ts";
import {
  type ApiSession,
  api,
  customerWithCredit,
  e2eHarness,
  firstDemoOrganization,
  navLink,
  screenshotDir,
  todayIn,
} from "./support.ts";

/**
 * Collections end to end, in real Chromium against a real server (STYLE.md, tests), on the demo's
 * first organization, signed in as its owner (who may run the batch): today's end-of-day batch
 * run from its page (a date after today refused at its field first), the worklist it fills, a
 * call logged from the worklist with a promise to pay (a promise 200 days out refused at its field
 * first), the promise on the customer's collections tab, today's dunning email on the notices
 * page and, by its notice, in the outbox, and the dunning policy editor with its preview. The
 * server has no SMTP_URL here, so the email stays queued and the outbox says why.
 *
 * Whom today's batch emails depends on the demo's story and on the day the test runs. The test
 * asks the server first (the preview: nothing is kept). A customer to be emailed without an email
 * address (its notice would be `no_contact`: src/services/collections/dunning.ts sends to the
 * first contact with one) gets a contact with an address. Should nobody be emailed today, a
 * customer of the test's own with an invoice two days overdue gets the `overdue` email (+1 to +6
 * days in the default policy).
 */

const timeZone = "Asia/Shanghai";
const contactEmail = "ar-e2e@example.com";
const ownCustomer = { code: "E2E-COL-001", name: "E2E 催收测试有限公司" } as const;
/** The promise to pay the test takes: an amount no demo promise has. */
const promisedAmount = "12,345.67";

const harness = e2eHarness({ name: "collections", viewport: { width: 1440, height: 900 } });
let baseUrl = "";
let orgId = "";
let session: ApiSession | undefined;
let today = "";

beforeAll(async () => {
  const started = await harness.setUp();
  baseUrl = started.baseUrl;
  orgId = (await firstDemoOrganization(started)).orgId;
  session = await harness.apiSignIn(demoOwnerEmail, orgId);
  today = todayIn(timeZone);
});

afterAll(() => harness.tearDown());

function addDays(date: string, days: number): string {
  const utc = new Date(`${date}T00:00:00Z`);
  utc.setUTCDate(utc.getUTCDate() + days);
  return utc.toISOString().slice(0, 10);
}

/** A business date as the pages show it in Chinese: "2026年12月6日". */
function zhDate(date: string): string {
  return new Intl.DateTimeFormat("zh-CN", { dateStyle: "medium", timeZone: "UTC" }).format(
    new Date(`${date}T00:00:00Z`),
  );
}

interface PreviewNotice {
  readonly customerId: string;
  readonly customerName: string;
  readonly channel: string;
  readonly status: string;
  readonly recipient: string | null;
}

async function emailNoticesToday(signedIn: ApiSession): Promise<PreviewNotice[]> {
  const preview = await api<{ date: string; items: PreviewNotice[] }>(
    signedIn,
    "POST",
    "dunning-policy/preview",
    { date: today },
  );
  expect(preview.status).toBe(200);
  expect(preview.body.date).toBe(today);
  return preview.body.items.filter((notice) => notice.channel === "email");
}

/** A customer of the test's own that the batch emails today: one invoice two days overdue. */
async function overdueCustomer(signedIn: ApiSession): Promise<void> {
  const customer = await customerWithCredit(signedIn, ownCustomer, { today, limitMax: "100000" });
  const credit = await api<{ terms: { kind: string; days?: number } }>(
    signedIn,
    "GET",
    `customers/${customer.customerId}/credit`,
  );
  expect(credit.status).toBe(200);
  const days = credit.body.terms.kind === "net" ? (credit.body.terms.days ?? 30) : 0;
  const invoice = await api(signedIn, "POST", "invoices", {
    customerId: customer.customerId,
    documentDate: addDays(today, -days - 2),
    termsCode: null,
    lines: [{ description: "催收测试货款", quantity: "1", unitPrice: "3000", vatRate: "0.13" }],
    issue: true,
  });
  expect(invoice.status).toBe(201);
}

describe("collections", () => {
  it("runs the batch, works the worklist, takes a promise to pay and shows the dunning email in the outbox", async () => {
    if (session === undefined) throw new Error("no API session");

    // Whom the batch will email today, and at which address.
    let emailed = await emailNoticesToday(session);
    if (emailed.length === 0) {
      await overdueCustomer(session);
      emailed = await emailNoticesToday(session);
    }
    const target = emailed.find((notice) => notice.recipient !== null) ?? emailed[0];
    if (target === undefined) throw new Error("nobody to email today, even with an overdue customer");
    let recipient = target.recipient;
    if (recipient === null) {
      const contact = await api(session, "POST", `customers/${target.customerId}/contacts`, {
        name: "王会计",
        role: "财务",
        email: contactEmail,
        preferredChannel: "email",
      });
      expect(contact.status).toBe(201);
      recipient = contactEmail;
    }

    const { page, context, pageErrors } = await harness.signedInPage(demoOwnerEmail);

    // 1. The end-of-day page: a date after today is refused at the date field…
    await page.goto(`${baseUrl}/orgs/${orgId}/customers`);
    await navLink(page, "collections").click();
    await page.getByTestId("worklist").waitFor();
    await page.locator('nav.tabs a[data-collections="eod"]').click();
    await page.waitForURL(/\/collections\/eod$/);
    const runs = page.getByTestId("eod-runs");
    await runs.waitFor();
    expect(await runs.locator(`tbody tr[data-date="${today}"]`).count()).toBe(0);
    const runForm = page.getByTestId("eod-run-form");
    const dateField = runForm.locator('input[name="date"]');
    expect(await dateField.inputValue()).toBe(today);
    const tomorrow = addDays(today, 1);
    await dateField.fill(tomorrow);
    await page.getByTestId("eod-run").click();
    const confirm = page.getByTestId("confirm-dialog");
    await confirm.getByText(`为 ${zhDate(tomorrow)} 运行日终批处理？`).waitFor();
    await confirm.getByRole("button", { name: "运行", exact: true }).click();
    await runForm.locator('[data-issue-path="date"]').filter({ hasText: "须为今天或更早的日期" }).waitFor();
    expect(await dateField.getAttribute("aria-invalid")).toBe("true");

    // …and today runs, after a question that names the date.
    await dateField.fill(today);
    await page.getByTestId("eod-run").click();
    await confirm.getByText(`为 ${zhDate(today)} 运行日终批处理？`).waitFor();
    await confirm.getByRole("button", { name: "运行", exact: true }).click();
    await page
      .getByRole("status")
      .filter({ hasText: `已运行 ${zhDate(today)}` })
      .waitFor();
    const run = runs.locator(`tbody tr[data-date="${today}"]`);
    expect(await run.getAttribute("data-status")).toBe("completed");
    expect(await run.locator("li[data-step]").count()).toBe(8);
    const dunningStep = run.locator('li[data-step="dunning"]');
    expect(Number(await dunningStep.getAttribute("data-count"))).toBeGreaterThanOrEqual(1);

    // 2. The worklist: customers in arrears as of today's run, most urgent first.
    await page.locator('nav.tabs a[data-collections="worklist"]').click();
    const worklist = page.getByTestId("worklist");
    await worklist.locator("tbody tr[data-customer-id]").first().waitFor();
    await page
      .getByTestId("worklist-as-of")
      .filter({ hasText: zhDate(today) })
      .waitFor();
    await page.screenshot({ path: join(screenshotDir, "collections-worklist-zh.png"), fullPage: true });
    // The most urgent customer in arrears that has not promised to pay yet.
    const chosen = worklist
      .locator('tbody tr[data-customer-id][data-open-promise="false"]:not([data-days-past-due="0"])')
      .first();
    const customerId = await chosen.getAttribute("data-customer-id");
    if (customerId === null) throw new Error("the worklist row names no customer");
    const customerName = await chosen.getByTestId("worklist-customer").innerText();
    expect(await chosen.locator('td[data-column="overdue"]').innerText()).not.toBe("0.00");

    // 3. A call with a promise to pay, logged from the row: a date too far out is refused at the field.
    await chosen.locator('button[data-action="log-activity"]').click();
    const dialog = page.getByTestId("log-activity-dialog");
    await dialog.getByRole("heading", { name: `记录催收：${customerName}` }).waitFor();
    expect(await dialog.locator('select[name="kind"]').inputValue()).toBe("call");
    await dialog.locator('select[name="outcome"]').selectOption("promised");
    await dialog.locator('textarea[name="note"]').fill("财务王会计确认下周付款。");
    await dialog.locator('input[name="nextFollowUp"]').fill(addDays(today, 3));
    await dialog.locator('input[name="promiseAmount"]').fill(promisedAmount);
    await dialog.locator('input[name="promisedDate"]').fill(addDays(today, 200));
    await dialog.getByRole("button", { name: "记录", exact: true }).click();
    await dialog
      .locator('[data-issue-path="promise.promisedDate"]')
      .filter({ hasText: "须在今天至 180 天之内" })
      .waitFor();
    const promisedDate = addDays(today, 7);
    await dialog.locator('input[name="promisedDate"]').fill(promisedDate);
    await dialog.getByRole("button", { name: "记录", exact: true }).click();
    await page
      .getByRole("status")
      .filter({ hasText: `已为 ${customerName} 记录催收，承诺于 ${zhDate(promisedDate)} 前还款` })
      .waitFor();
    expect(await dialog.count()).toBe(0);
    const row = worklist.locator(`tbody tr[data-customer-id="${customerId}"]`);
    await row.locator('td[data-column="openPromise"]').filter({ hasText: promisedAmount }).waitFor();
    expect(await row.getAttribute("data-open-promise")).toBe("true");

    // 4. The customer's collections tab: the promise, open, and the call on the timeline.
    await row.getByTestId("worklist-customer").click();
    await page.waitForURL(new RegExp(`/customers/${customerId}\\?tab=collections$`));
    await page.locator('nav.tabs a[data-tab="collections"][aria-current="page"]').waitFor();
    const promise = page
      .getByTestId("customer-promises")
      .locator("tbody tr[data-promise-id]", { hasText: promisedAmount });
    await promise.waitFor();
    expect(await promise.count()).toBe(1);
    expect(await promise.getAttribute("data-status")).toBe("open");
    expect(await promise.locator('td[data-column="promisedDate"]').innerText()).toBe(zhDate(promisedDate));
    expect(await promise.getByTestId("promise-status").innerText()).toBe("待兑现");
    const call = page
      .getByTestId("customer-timeline")
      .locator('tbody tr[data-entry="activity"][data-kind="call"]', { hasText: "财务王会计确认下周付款。" });
    expect(await call.innerText()).toContain("电话 · 承诺还款");
    expect(await call.getByTestId("timeline-promise").innerText()).toContain(promisedAmount);
    // On the worklist, so the page knows who collects from the customer.
    await page.locator('[data-testid="customer-collector-name"][data-state="known"]').waitFor();
    await page.screenshot({ path: join(screenshotDir, "collections-customer-zh.png"), fullPage: true });

    // 5. Today's dunning email: on the notices page as sent to its address…
    await navLink(page, "collections").click();
    await page.locator('nav.tabs a[data-collections="notices"]').click();
    await page.waitForURL(/\/collections\/notices$/);
    await page.getByTestId("notice-filters").locator('input[name="date"]').fill(today);
    const notice = page
      .getByTestId("notices")
      .locator(`tbody tr[data-customer-id="${target.customerId}"][data-channel="email"]`);
    await notice.waitFor();
    expect(await notice.count()).toBe(1);
    expect(await notice.getAttribute("data-status")).toBe("issued");
    expect(await notice.innerText()).toContain(recipient);
    const noticeId = await notice.getAttribute("data-notice-id");
    if (noticeId === null) throw new Error("the notice row names no notice");

    // …and in the outbox, queued, with the reason it waits; opened, it reads as sent.
    await page.locator('nav.tabs a[data-collections="outbox"]').click();
    await page.waitForURL(/\/collections\/outbox$/);
    const email = page.getByTestId("outbox").locator(`tbody tr[data-related-id="${noticeId}"]`);
    await email.waitFor();
    expect(await email.getAttribute("data-channel")).toBe("email");
    expect(await email.getAttribute("data-status")).toBe("queued");
    expect(await email.locator('td[data-column="recipient"]').innerText()).toBe(recipient);
    await page.getByTestId("outbox-not-delivering").filter({ hasText: "SMTP_URL" }).waitFor();
    await page.screenshot({ path: join(screenshotDir, "collections-outbox-zh.png"), fullPage: true });
    await email.locator('button[data-action="open"]').click();
    const message = page.getByTestId("outbox-message");
    await message.getByTestId("outbox-message-recipient").filter({ hasText: recipient }).waitFor();
    expect(await message.getByTestId("outbox-message-body").innerText()).toContain(target.customerName);
    await message.getByRole("button", { name: "关闭" }).click();
    expect(await message.count()).toBe(0);

    // 6. The dunning policy: its levels and templates; a level out of order is refused at its
    //    field (by a save and by a preview of the draft), and the preview of the saved policy
    //    shows who tomorrow's batch would contact.
    await page.locator('nav.tabs a[data-collections="policy"]').click();
    const editor = page.getByTestId("dunning-policy-form");
    const levels = editor.locator('section[data-policy-index="0"] fieldset[data-level-index]');
    await levels.first().waitFor();
    expect(await levels.count()).toBeGreaterThanOrEqual(2);
    await page.getByTestId("template-variables").getByText("{{customerName}}").waitFor();
    await page.screenshot({ path: join(screenshotDir, "collections-policy-zh.png"), fullPage: true });
    const firstDays = await levels
      .nth(0)
      .locator('input[name="policies.0.policy.levels.0.daysFromDue"]')
      .inputValue();
    const secondDays = levels.nth(1).locator('input[name="policies.0.policy.levels.1.daysFromDue"]');
    const savedDays = await secondDays.inputValue();
    await secondDays.fill(String(Number(firstDays) - 1));
    await page.getByTestId("dunning-policy-save").click();
    await levels
      .nth(1)
      .locator('[data-issue-path="policies.0.policy.levels.1.daysFromDue"]')
      .filter({ hasText: "须多于上一级别的天数" })
      .waitFor();
    expect(await secondDays.getAttribute("aria-invalid")).toBe("true");
    // The preview takes the draft as it stands: refused the same way, nothing saved.
    await page.getByTestId("dunning-preview-run").click();
    await page.getByTestId("dunning-preview-problems").waitFor();
    await editor.getByRole("button", { name: "放弃修改" }).click();
    expect(await secondDays.inputValue()).toBe(savedDays);
    await page.getByTestId("dunning-preview-run").click();
    await page
      .getByTestId("dunning-preview-summary")
      .filter({ hasText: zhDate(tomorrow) })
      .waitFor();
    expect(await page.getByTestId("dunning-preview-problems").count()).toBe(0);

    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
