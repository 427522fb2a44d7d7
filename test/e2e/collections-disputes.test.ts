import { readFileSync } from "node:fs";
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
 * Disputes, legal cases, effectiveness and fee waivers end to end, in real Chromium against a real
 * server (STYLE.md, tests), on the demo's first organization, signed in as its owner:
 *
 * - a dispute opened on one of a customer's open items from its collections tab (an amount above
 *   what is open refused at its field first), found on the disputes tab and rejected with a note;
 *   another resolved with a credit note of its invoice, picked among the invoice's notes;
 * - a legal case opened from the same tab with a small text file attached (a file over 5 MiB
 *   refused in the browser first), its next stage "lawsuit filed" recorded with a cost on the legal
 *   tab, and the attached document downloaded byte for byte;
 * - the effectiveness tab with the CEI the API computes, and its formula;
 * - a dunning fee waived from the notices page, with a reason; waived twice, the API refuses.
 *
 * The customer is one the demo's story leaves alone (no dispute, no legal case), with an invoice
 * item still open: whatever the day, the demo has such customers.
 */

const timeZone = "Asia/Shanghai";
const disputeNote = "客户称 20 箱中有 3 箱到货破损";
const rejectionNote = "签收单无异议，破损发生在客户仓库";
const documentName = "律师函-E2E.txt";
const documentText = "上海明理律师事务所\n律师函\n请于十日内支付所欠货款。\n";
const fee = "50.00";
const ownCustomer = { code: "E2E-FEE-001", name: "E2E 减免测试有限公司" } as const;

const harness = e2eHarness({ name: "collections-disputes", viewport: { width: 1440, height: 900 } });
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

/** Money as the pages show it in Chinese: "¥1,234.50". */
function zhMoney(amount: string): string {
  return new Intl.NumberFormat("zh-CN", { style: "currency", currency: "CNY" }).format(Number(amount));
}

interface OpenItem {
  readonly itemId: string;
  readonly customerId: string;
  readonly customerName: string;
  readonly sourceType: string;
  readonly documentNumber: string;
  readonly open: string;
  readonly disputed: boolean;
}

/** A customer without disputes or legal cases, and its oldest invoice item still open. */
async function quietCustomerItem(signedIn: ApiSession): Promise<OpenItem> {
  const items = await api<{ items: OpenItem[] }>(signedIn, "GET", "open-items?status=open&limit=1000");
  expect(items.status).toBe(200);
  const disputes = await api<{ items: { customerId: string }[] }>(signedIn, "GET", "disputes?limit=500");
  expect(disputes.status).toBe(200);
  const cases = await api<{ items: { customerId: string }[] }>(signedIn, "GET", "legal-cases?limit=500");
  expect(cases.status).toBe(200);
  const busy = new Set([...disputes.body.items, ...cases.body.items].map((entry) => entry.customerId));
  const item = items.body.items.find(
    (candidate) =>
      candidate.sourceType === "invoice" &&
      !candidate.disputed &&
      Number(candidate.open) > 200 &&
      !busy.has(candidate.customerId),
  );
  if (item === undefined) throw new Error("the demo has no quiet customer with an open invoice item");
  return item;
}

describe("collections: disputes, legal cases, effectiveness", () => {
  it("opens and rejects a dispute, takes a customer to court with a document, and shows the CEI", async () => {
    if (session === undefined) throw new Error("no API session");
    const item = await quietCustomerItem(session);
    const { page, context, pageErrors } = await harness.signedInPage(demoOwnerEmail);

    // 1. The customer's collections tab: a dispute on one of its open items.
    await page.goto(`${baseUrl}/orgs/${orgId}/customers/${item.customerId}?tab=collections`);
    await page.getByTestId("customer-collections").waitFor();
    await page.getByTestId("customer-disputes").getByText("该客户没有提出过争议。").waitFor();
    await page.getByTestId("customer-open-dispute").click();
    const dialog = page.getByTestId("open-dispute-dialog");
    await dialog.getByRole("heading", { name: `发起争议：${item.customerName}` }).waitFor();
    const submit = dialog.getByRole("button", { name: "发起争议", exact: true });
    expect(await submit.isDisabled()).toBe(true);
    const itemField = dialog.locator('select[name="itemId"]');
    await itemField.locator(`option[value="${item.itemId}"]`).waitFor({ state: "attached" });
    await itemField.selectOption(item.itemId);
    await dialog.locator('select[name="reasonCode"]').selectOption("quality");
    await dialog.locator('textarea[name="note"]').fill(disputeNote);
    // More than is open on the item: refused at the amount.
    const tooMuch = (Number(item.open) + 1000).toFixed(2);
    const amountField = dialog.locator('input[name="amount"]');
    await amountField.fill(tooMuch);
    await submit.click();
    await dialog
      .locator('[data-issue-path="amount"]')
      .filter({ hasText: "须大于 0，且不超过该未清项的未清金额" })
      .waitFor();
    expect(await amountField.getAttribute("aria-invalid")).toBe("true");
    const disputed = "200.00";
    await amountField.fill(disputed);
    await submit.click();
    await page
      .getByRole("status")
      .filter({ hasText: `已就 ${item.documentNumber} 发起争议，金额 ${zhMoney(disputed)}` })
      .waitFor();
    expect(await dialog.count()).toBe(0);
    const ownRow = page.getByTestId("customer-disputes").locator(`tbody tr[data-item-id="${item.itemId}"]`);
    await ownRow.waitFor();
    expect(await ownRow.getAttribute("data-status")).toBe("open");
    expect(await ownRow.getAttribute("data-reason")).toBe("quality");
    const disputeId = await ownRow.getAttribute("data-dispute-id");
    if (disputeId === null) throw new Error("the dispute row names no dispute");

    // 2. The disputes tab: open ones by default, the new one among them; rejected with a note.
    await navLink(page, "collections").click();
    await page.locator('nav.tabs a[data-collections="disputes"]').click();
    await page.waitForURL(/\/collections\/disputes$/);
    const list = page.getByTestId("disputes");
    const row = list.locator(`tbody tr[data-dispute-id="${disputeId}"]`);
    await row.waitFor();
    expect(await row.getAttribute("data-status")).toBe("open");
    expect(await row.innerText()).toContain(item.customerName);
    expect(await row.innerText()).toContain(disputeNote);
    expect(await row.locator('td[data-column="amount"]').innerText()).toBe("200.00");
    expect(await row.getByTestId("dispute-status").innerText()).toBe("处理中");
    // The report by reason counts it among the quality disputes opened in the last 30 days.
    const quality = page.getByTestId("dispute-report-lines").locator('tbody tr[data-reason="quality"]');
    await quality.waitFor();
    expect(Number(await quality.locator('td[data-column="open"]').innerText())).toBeGreaterThanOrEqual(1);
    await page.screenshot({ path: join(screenshotDir, "collections-disputes-zh.png"), fullPage: true });

    await row.locator('button[data-action="reject"]').click();
    const reject = page.getByTestId("dispute-reject-dialog");
    await reject
      .getByText(
        `驳回 ${item.customerName} 对 ${item.documentNumber} 金额 ${zhMoney(disputed)} 的争议（质量问题）？`,
      )
      .waitFor();
    const rejectButton = reject.getByRole("button", { name: "驳回争议", exact: true });
    expect(await rejectButton.isDisabled()).toBe(true);
    await reject.locator('textarea[name="note"]').fill(rejectionNote);
    await rejectButton.click();
    await page
      .getByRole("status")
      .filter({ hasText: `${item.customerName} 对 ${item.documentNumber} 的争议已驳回。` })
      .waitFor();
    expect(await reject.count()).toBe(0);
    // Gone from the open ones; among the rejected, with its note.
    await row.waitFor({ state: "detached" });
    await page.getByTestId("dispute-filters").locator('select[name="status"]').selectOption("rejected");
    await row.waitFor();
    expect(await row.getAttribute("data-status")).toBe("rejected");
    expect(await row.locator('td[data-column="resolution"]').innerText()).toContain(rejectionNote);
    // The item is no longer disputed: dunning takes it up again.
    const after = await api<{ items: OpenItem[] }>(
      session,
      "GET",
      `open-items?customerId=${item.customerId}&status=open`,
    );
    expect(after.body.items.find((entry) => entry.itemId === item.itemId)?.disputed).toBe(false);

    // 3. A legal case from the customer's tab, with the lawyer's letter attached.
    await page.goto(`${baseUrl}/orgs/${orgId}/customers/${item.customerId}?tab=collections`);
    await page.getByTestId("customer-legal").getByText("该客户没有法务案件。").waitFor();
    await page.getByTestId("customer-open-legal-case").click();
    const opening = page.getByTestId("open-legal-case-dialog");
    await opening.getByRole("heading", { name: `发起法务案件：${item.customerName}` }).waitFor();
    expect(await opening.locator('select[name="stage"]').inputValue()).toBe("lawyer_letter");
    await opening.locator('input[name="claimed"]').fill("50,000");
    await opening.locator('input[name="cost"]').fill("800");
    await opening.locator('input[name="counsel"]').fill("上海明理律师事务所");
    await opening.locator('textarea[name="note"]').fill("委托律师发函催收");
    const fileField = opening.locator('input[type="file"][name="document"]');
    const openButton = opening.getByRole("button", { name: "发起案件", exact: true });
    // A file over 5 MiB is refused here, before anything is sent.
    await fileField.setInputFiles({
      name: "scan.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.alloc(5 * 1024 * 1024 + 1, 0x25),
    });
    await opening
      .locator('[data-issue-path="document.base64"]')
      .filter({ hasText: "文书最大 5 MiB" })
      .waitFor();
    expect(await openButton.isDisabled()).toBe(true);
    await fileField.setInputFiles({
      name: documentName,
      mimeType: "text/plain",
      buffer: Buffer.from(documentText, "utf8"),
    });
    await opening.getByTestId("legal-document-picked").filter({ hasText: documentName }).waitFor();
    expect(await opening.locator('[data-issue-path="document.base64"]').count()).toBe(0);
    await openButton.click();
    await page
      .getByRole("status")
      .filter({ hasText: `已对 ${item.customerName} 发起法务案件：律师函。` })
      .waitFor();
    const ownCase = page.getByTestId("customer-legal").getByTestId("legal-case");
    await ownCase.waitFor();
    const caseId = await ownCase.getAttribute("data-case-id");
    if (caseId === null) throw new Error("the case card names no case");

    // 4. The legal tab: the case under way; "lawsuit filed" recorded with its cost.
    await navLink(page, "collections").click();
    await page.locator('nav.tabs a[data-collections="legal"]').click();
    await page.waitForURL(/\/collections\/legal$/);
    const card = page.locator(`[data-testid="legal-case"][data-case-id="${caseId}"]`);
    await card.waitFor();
    expect(await card.getAttribute("data-stage")).toBe("lawyer_letter");
    expect(await card.locator('dd[data-column="claimed"]').innerText()).toBe(zhMoney("50000"));
    await card.locator('button[data-action="legal-step"]').click();
    const step = page.getByTestId("legal-step-dialog");
    await step.getByRole("heading", { name: `记录下一步：${item.customerName}` }).waitFor();
    expect(await step.locator('select[name="stage"]').inputValue()).toBe("lawsuit_filed");
    expect(await step.locator('input[name="counsel"]').inputValue()).toBe("上海明理律师事务所");
    await step.locator('input[name="cost"]').fill("3,500.00");
    await step.locator('input[name="court"]').fill("上海市浦东新区人民法院");
    await step.locator('input[name="caseNumber"]').fill("(2026)沪0115民初E2E号");
    await step.locator('textarea[name="note"]').fill("已向法院提交起诉状");
    await step.getByRole("button", { name: "记录步骤", exact: true }).click();
    await page
      .getByRole("status")
      .filter({ hasText: `已为 ${item.customerName} 记录：已起诉。` })
      .waitFor();
    await card.locator('[data-testid="legal-stage"][data-stage="lawsuit_filed"]').waitFor();
    expect(await card.getAttribute("data-stage")).toBe("lawsuit_filed");
    expect(await card.locator('dd[data-column="costs"]').innerText()).toBe(zhMoney("4300"));
    const events = card.getByTestId("legal-events").locator("tbody tr[data-event-id]");
    expect(await events.count()).toBe(2);
    const filed = card.getByTestId("legal-events").locator('tbody tr[data-stage="lawsuit_filed"]');
    expect(await filed.locator('td[data-column="cost"]').innerText()).toBe("3,500.00");
    expect(await card.innerText()).toContain("上海市浦东新区人民法院");
    await page.screenshot({ path: join(screenshotDir, "collections-legal-zh.png"), fullPage: true });

    // The lawyer's letter, downloaded as it was attached.
    const letter = card.getByTestId("legal-events").locator('tbody tr[data-stage="lawyer_letter"]');
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      letter.getByTestId("legal-document").click(),
    ]);
    expect(download.suggestedFilename()).toBe(documentName);
    const saved = await download.path();
    expect(readFileSync(saved, "utf8")).toBe(documentText);

    // 5. Effectiveness: the CEI of the last 30 days, as the API computes it, with its formula.
    const effectiveness = await api<{ from: string; to: string; cei: { index: number | null } }>(
      session,
      "GET",
      "collections/effectiveness",
    );
    expect(effectiveness.status).toBe(200);
    expect(effectiveness.body.to).toBe(today);
    expect(effectiveness.body.from).toBe(addDays(today, -29));
    await page.locator('nav.tabs a[data-collections="effectiveness"]').click();
    await page.waitForURL(/\/collections\/effectiveness$/);
    const cei = page.getByTestId("cei");
    await cei.waitFor();
    const index = effectiveness.body.cei.index;
    const shown =
      index === null
        ? "—"
        : new Intl.NumberFormat("zh-CN", {
            style: "percent",
            minimumFractionDigits: 1,
            maximumFractionDigits: 1,
          }).format(index / 100);
    if (index !== null) expect(await cei.getByTestId("cei-index").innerText()).toBe(shown);
    expect(await cei.getByTestId("cei-formula").innerText()).toContain("CEI =（期初应收账款 + 期间赊销额");
    expect(await cei.getByTestId("cei-formula-tip").getAttribute("title")).toContain("期末未到期应收账款");
    expect(await page.locator('[data-preset="last30"]').getAttribute("aria-pressed")).toBe("true");
    await page.getByTestId("effectiveness-levels").waitFor();
    await page.getByTestId("effectiveness-collectors").locator("tbody tr").first().waitFor();
    await page.screenshot({ path: join(screenshotDir, "collections-effectiveness-zh.png"), fullPage: true });
    // A period that ends before it starts is refused at its field.
    await page.getByTestId("effectiveness-period").locator('input[name="from"]').fill(addDays(today, -1));
    await page.getByTestId("effectiveness-period").locator('input[name="to"]').fill(addDays(today, -10));
    await page
      .getByTestId("effectiveness-period")
      .locator('[data-issue-path="from"]')
      .filter({ hasText: "不能晚于截止日" })
      .waitFor();

    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it("resolves a dispute with a credit note issued on its invoice", async () => {
    if (session === undefined) throw new Error("no API session");
    const item = await quietCustomerItem(session);
    const opened = await api<{ disputeId: string; invoiceId: string | null }>(session, "POST", "disputes", {
      itemId: item.itemId,
      reasonCode: "price",
      amount: "113.00",
      note: "单价高于合同价",
    });
    expect(opened.status).toBe(201);
    const { disputeId, invoiceId } = opened.body;
    if (invoiceId === null) throw new Error("the dispute names no invoice");

    const { page, context, pageErrors } = await harness.signedInPage(demoOwnerEmail);
    const customerPage = `${baseUrl}/orgs/${orgId}/customers/${item.customerId}?tab=collections`;
    await page.goto(customerPage);
    const row = page.getByTestId("customer-disputes").locator(`tbody tr[data-dispute-id="${disputeId}"]`);
    await row.waitFor();
    expect(await row.getByTestId("dispute-status").innerText()).toBe("处理中");
    // No credit note yet: the dialog says so and leads to the invoice's page, where one is issued.
    await row.locator('button[data-action="credit"]').click();
    const dialog = page.getByTestId("dispute-credit-dialog");
    await dialog.getByTestId("no-credit-notes").waitFor();
    expect(await dialog.getByTestId("dispute-invoice-link").getAttribute("href")).toBe(
      `/orgs/${orgId}/receivables/${invoiceId}`,
    );
    expect(await dialog.getByRole("button", { name: "解决争议", exact: true }).isDisabled()).toBe(true);
    await dialog.getByRole("button", { name: "取消", exact: true }).click();

    // The credit note, as the invoice's page issues it (receivables.manage).
    const note = await api<{ invoiceId: string; number: string }>(
      session,
      "POST",
      `invoices/${invoiceId}/credit-notes`,
      {
        documentDate: today,
        taxInclusive: false,
        lines: [{ description: "价格折让", quantity: "1", unitPrice: "100", vatRate: "0.13" }],
        reason: "单价按合同价调整",
      },
    );
    expect(note.status).toBe(201);

    await page.reload();
    await row.locator('button[data-action="credit"]').click();
    const choice = dialog.locator(`[data-credit-note-id="${note.body.invoiceId}"]`);
    await choice.waitFor();
    expect(await choice.innerText()).toContain(note.body.number);
    await choice.locator('input[type="radio"]').check();
    await dialog.locator('textarea[name="note"]').fill("以红字发票冲减差价");
    await dialog.getByRole("button", { name: "解决争议", exact: true }).click();
    await page
      .getByRole("status")
      .filter({ hasText: `${item.customerName} 对 ${item.documentNumber} 的争议已以红字发票解决。` })
      .waitFor();
    expect(await row.getAttribute("data-status")).toBe("resolved_credit");
    expect(await row.getByTestId("dispute-credit-note").getAttribute("href")).toBe(
      `/orgs/${orgId}/receivables/${note.body.invoiceId}`,
    );
    // Resolved once: the server refuses a second resolution.
    const again = await api(session, "POST", `disputes/${disputeId}/resolution`, {
      resolution: "rejected",
      note: "again",
    });
    expect(again.status).toBe(409);

    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it("waives a dunning fee from the notices page, with a reason", async () => {
    if (session === undefined) throw new Error("no API session");
    // Every level that goes out without approval charges a fee from now on.
    const policy = await api<{ definition: { policies: Array<Record<string, unknown>> } }>(
      session,
      "GET",
      "dunning-policy",
    );
    expect(policy.status).toBe(200);
    const policies = policy.body.definition.policies.map((named) => {
      const inner = named.policy as { minimumOverdue: string; levels: Array<Record<string, unknown>> };
      return {
        ...named,
        policy: {
          ...inner,
          levels: inner.levels.map((level) => (level.needsApproval === true ? level : { ...level, fee })),
        },
      };
    });
    const put = await fetch(`${session.orgUrl}/dunning-policy`, {
      method: "PUT",
      headers: {
        cookie: session.cookie,
        "x-csrf-token": session.csrfToken,
        "content-type": "application/json",
      },
      body: JSON.stringify({ policies }),
    });
    expect(put.status).toBe(200);
    // Someone to contact today: the demo's story, or else a customer of the test's own, overdue.
    const preview = await api<{ items: unknown[] }>(session, "POST", "dunning-policy/preview", {
      date: today,
    });
    if (preview.body.items.length === 0) {
      const customer = await customerWithCredit(session, ownCustomer, { today, limitMax: "100000" });
      const invoice = await api(session, "POST", "invoices", {
        customerId: customer.customerId,
        documentDate: addDays(today, -62),
        termsCode: null,
        lines: [{ description: "减免测试货款", quantity: "1", unitPrice: "3000", vatRate: "0.13" }],
        issue: true,
      });
      expect(invoice.status).toBe(201);
    }
    const run = await api(session, "POST", "eod-runs", { date: today });
    expect(run.status).toBe(200);
    const notices = await api<{
      items: {
        noticeId: string;
        customerName: string;
        fee: string;
        status: string;
        feeWaivedOn: string | null;
      }[];
    }>(session, "GET", `dunning-notices?date=${today}&limit=500`);
    const charged = notices.body.items.find(
      (notice) => notice.fee === fee && notice.feeWaivedOn === null && notice.status !== "awaiting_approval",
    );
    if (charged === undefined) throw new Error("today's batch charged no fee");

    const { page, context, pageErrors } = await harness.signedInPage(demoOwnerEmail);
    await page.goto(`${baseUrl}/orgs/${orgId}/collections/notices`);
    await page.getByTestId("notice-filters").locator('input[name="date"]').fill(today);
    const row = page.getByTestId("notices").locator(`tbody tr[data-notice-id="${charged.noticeId}"]`);
    await row.waitFor();
    expect(await row.locator('td[data-column="fee"]').getAttribute("data-fee-waived")).toBe("false");
    await row.locator('button[data-action="waive-fee"]').click();
    const dialog = page.getByTestId("waive-fee-dialog");
    await dialog.getByText(`向 ${charged.customerName} 收取的催收费 ${zhMoney(fee)}？`).waitFor();
    const waive = dialog.getByRole("button", { name: "减免费用", exact: true });
    expect(await waive.isDisabled()).toBe(true);
    await dialog.locator('textarea[name="reason"]').fill("客户首次逾期，经理同意减免");
    await waive.click();
    await page
      .getByRole("status")
      .filter({ hasText: `向 ${charged.customerName} 收取的催收费 ${zhMoney(fee)} 已减免。` })
      .waitFor();
    await row.locator('td[data-column="fee"][data-fee-waived="true"]').waitFor();
    expect(await row.locator('button[data-action="waive-fee"]').count()).toBe(0);
    // Waived once: the server refuses a second time.
    const again = await api(session, "POST", `dunning-notices/${charged.noticeId}/waive-fee`, {
      reason: "again",
    });
    expect(again.status).toBe(409);

    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
