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
 * Early warnings end to end, in real Chromium against a real server, on the demo's first
 * organization as its owner: a customer's second credit report shows two lawsuits where the first
 * showed none, which raises the critical alert and holds the customer at once; on Risk → Alerts
 * the alert is acknowledged and then resolved with a note through their dialogs; on Risk →
 * Warning rules the preview evaluates the editor's rules without raising anything, and a change is
 * saved as a new version.
 */

const timeZone = "Asia/Shanghai";
const customer = { code: "E2E-WARN-001", name: "E2E 预警测试有限公司" } as const;

const harness = e2eHarness({ name: "warnings", viewport: { width: 1440, height: 900 } });
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

describe("early warnings", () => {
  it("raises the lawsuit alert with a hold, acknowledges and resolves it, previews and saves the rules", async () => {
    if (session === undefined) throw new Error("no API session");
    const { customerId } = await customerWithCredit(session, customer, { today, limitMax: "100000" });
    for (const [lawsuitsCount, reportedOn] of [
      [0, addDays(today, -60)],
      [2, today],
    ] as const) {
      const report = await api(session, "POST", `customers/${customerId}/credit-reports`, {
        source: "裁判文书网检索",
        reportedOn,
        score: 70,
        defaultsCount: 0,
        lawsuitsCount,
        enforcementsCount: 0,
      });
      expect(report.status).toBe(201);
    }
    const credit = await api<{ onHold: boolean; holdReason: string | null }>(
      session,
      "GET",
      `customers/${customerId}/credit`,
    );
    expect(credit.body.onHold).toBe(true);
    expect(credit.body.holdReason).toContain("new_lawsuits");

    const { page, context, pageErrors } = await harness.signedInPage(demoOwnerEmail);

    // 1. Risk → Alerts: the critical alert, with why it fired and the hold it applied.
    await page.goto(`${baseUrl}/orgs/${orgId}/customers`);
    await navLink(page, "risk").click();
    const alerts = page.getByTestId("alerts");
    const row = alerts.locator(`tbody tr[data-customer-id="${customerId}"][data-rule="new_lawsuits"]`);
    await row.waitFor();
    expect(await row.getAttribute("data-status")).toBe("open");
    expect(await row.getByTestId("alert-severity").innerText()).toBe("严重");
    expect(await row.locator('[data-fact="latestLawsuits"]').innerText()).toContain("2");
    expect(await row.innerText()).toContain("已冻结信用");
    await page.screenshot({ path: join(screenshotDir, "warnings-alerts-zh.png"), fullPage: true });

    // 2. Acknowledged, then resolved with a note (required: the button waits for one).
    await row.locator('button[data-action="acknowledge"]').click();
    const acknowledge = page.getByTestId("alert-acknowledge-dialog");
    await acknowledge.getByRole("button", { name: "确认", exact: true }).click();
    await page
      .getByRole("status")
      .filter({ hasText: `已确认 ${customer.name} 的预警` })
      .waitFor();
    expect(await row.getAttribute("data-status")).toBe("acknowledged");
    await row.locator('button[data-action="resolve"]').click();
    const resolve = page.getByTestId("alert-resolve-dialog");
    const submit = resolve.getByRole("button", { name: "处理完毕", exact: true });
    expect(await submit.isDisabled()).toBe(true);
    await resolve.locator('textarea[name="note"]').fill("已与客户法务核实，诉讼与本公司业务无关。");
    await submit.click();
    await page
      .getByRole("status")
      .filter({ hasText: `${customer.name} 的预警已处理` })
      .waitFor();
    // Resolved alerts leave the default list (open or acknowledged); the status filter shows them.
    await page.getByTestId("alert-filters").locator('select[name="status"]').selectOption("resolved");
    await alerts.locator(`tbody tr[data-customer-id="${customerId}"][data-status="resolved"]`).waitFor();

    // 3. Risk → Warning rules: the preview changes nothing; a change saves as a new version.
    await page.locator('nav.tabs a[data-risk="rules"]').click();
    const form = page.getByTestId("warning-rules-form");
    await form.locator('section[data-rule-code="overdue_60"]').waitFor();
    const before = await api<{ items: unknown[] }>(session, "GET", "alerts?limit=500");
    await page.getByTestId("warning-preview").locator('button[data-action="preview"]').click();
    await page.getByTestId("warning-preview-count").waitFor();
    const after = await api<{ items: unknown[] }>(session, "GET", "alerts?limit=500");
    expect(after.body.items.length).toBe(before.body.items.length);
    const utilization = form.locator('section[data-rule-code="utilization_90"]');
    await utilization.locator('input[name$=".percentMin"]').fill("95");
    await page.getByTestId("warning-rules-save").click();
    await page.getByRole("status").filter({ hasText: "已保存为版本 2" }).waitFor();
    await page.getByTestId("warning-rules-version").filter({ hasText: "版本 2" }).waitFor();
    await page.screenshot({ path: join(screenshotDir, "warnings-rules-zh.png"), fullPage: true });

    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
