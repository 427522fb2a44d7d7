import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoOwnerEmail } from "../../src/services/demo.ts";
import type { Store } from "../../src/store/database.ts";
import { e2eHarness, firstDemoOrganization, navLink, screenshotDir, todayIn } from "./support.ts";

/**
 * The installment plan designer in real Chromium against a real server (STYLE.md, tests): the
 * owner designs a 12-month equal-installment plan, sees a refused term named at its field while
 * the last good schedule stays on screen, turns it into a card-style flat-fee plan and sets the
 * two side by side.
 *
 * Figures: 12,000.00 at 12 % over 12 months is 1,066.19 a month (PMT(1 %, 12, 12000) =
 * 1066.1855; the rounded installment makes the IRR 12.0001 %); 0.6 % a month on 12,000.00 is
 * 72.00 a month, 1,072.00 with the principal, and 13.03 % nominal (docs/installments.md).
 */

const harness = e2eHarness({ name: "installments", viewport: { width: 1280, height: 900 } });
let baseUrl = "";
let orgId = "";
let orgToday = "";
let store: Store | undefined;
/** A fixed start, so the due dates in the screenshots do not move from day to day. */
const startDate = "2026-01-15";

beforeAll(async () => {
  const started = await harness.setUp();
  store = started.store;
  baseUrl = started.baseUrl;
  const organization = await firstDemoOrganization(started);
  orgId = organization.orgId;
  expect(organization.baseCurrency).toBe("CNY");
  orgToday = todayIn(organization.timeZone);
});

afterAll(() => harness.tearDown());

function designer(page: Page) {
  return page.getByTestId("plan-designer");
}

function firstRowTotal(page: Page) {
  return page.getByTestId("schedule-table").locator('tbody tr[data-number="1"] td[data-column="total"]');
}

/** Waits until the result on screen is the quote of the terms on screen. */
async function currentResult(page: Page): Promise<void> {
  await page.locator('[data-testid="quote-result"][data-state="current"]').waitFor();
}

describe("installment plan designer", () => {
  it("designs a plan as it is typed, names refused terms at their fields and compares two offers", async () => {
    const { page, context, pageErrors } = await harness.signedInPage(demoOwnerEmail);
    await page.goto(`${baseUrl}/orgs/${orgId}/customers`);

    // 分期 is a section of its own now, not a placeholder.
    expect(await navLink(page, "plans").innerText()).toBe("分期");
    await navLink(page, "plans").click();
    await page.waitForURL(`${baseUrl}/orgs/${orgId}/plans`);
    await page.getByRole("heading", { name: "分期", level: 1 }).waitFor();

    // Defaults: the organization's currency and today; nothing is asked until terms are complete.
    const form = designer(page);
    expect(await form.getByLabel("币种").inputValue()).toBe("CNY");
    expect(await form.getByLabel("起始日").inputValue()).toBe(orgToday);
    expect(await form.getByLabel("期数", { exact: true }).inputValue()).toBe("12");
    expect(await page.getByTestId("quote-result").getAttribute("data-state")).toBe("empty");
    expect(await page.getByTestId("add-to-comparison").isDisabled()).toBe(true);

    // 12,000.00 at 12 % for 12 months, equal installments: quoted as typed.
    const quoted = page.waitForResponse(
      (r) => r.url().endsWith("/api/v1/quotes") && r.request().method() === "POST" && r.status() === 200,
    );
    await form.getByLabel("本金", { exact: true }).fill("12,000.00");
    await form.getByLabel("起始日").fill(startDate);
    await form.getByLabel("年利率（%）").fill("12");
    const sent = (await quoted).request().postDataJSON() as Record<string, unknown>;
    expect(sent).toMatchObject({
      principal: "12000.00",
      currency: "CNY",
      method: "equal-installment",
      periods: 12,
      frequency: "monthly",
      startDate,
      annualRate: "0.12",
    });
    await currentResult(page);
    expect(await page.getByTestId("first-installment").innerText()).toBe("¥1,066.19");
    expect(await firstRowTotal(page).innerText()).toBe("1,066.19");
    expect(await page.getByTestId("schedule-table").locator("tbody tr").count()).toBe(12);
    expect(
      await page.getByTestId("schedule-table").locator('tbody tr[data-number="1"]').innerText(),
    ).toContain("2026年2月15日");
    expect(await page.getByTestId("schedule-totals").locator('td[data-column="total"]').innerText()).toBe(
      "12,794.23",
    );
    const nominal = page.getByTestId("rate-nominal");
    expect(await nominal.getAttribute("data-value")).toBe("0.120001");
    expect(await nominal.innerText()).toBe("12.0001%");
    expect(await page.getByTestId("quote-rates").innerText()).toContain("年化利率（IRR）");
    expect(await page.getByTestId("rate-effective").innerText()).toBe("12.6826%");
    expect(await page.getByTestId("credit-cost").innerText()).toBe("¥794.23");
    await page.screenshot({ path: join(screenshotDir, "installments-designer-zh.png"), fullPage: true });

    await page.getByTestId("add-to-comparison").click();
    const comparison = page.getByTestId("comparison-table");
    await comparison.waitFor();
    expect(await comparison.getByTestId("comparison-design").count()).toBe(1);
    // The same terms twice are one design.
    expect(await page.getByTestId("add-to-comparison").isDisabled()).toBe(true);
    expect(await page.getByTestId("comparison-hint").innerText()).toBe("该方案已在对比中。");

    // Terms the server refuses: named at their field; the last good schedule stays, marked stale.
    const refused = page.waitForResponse(
      (r) => r.url().endsWith("/api/v1/quotes") && r.request().method() === "POST" && r.status() === 400,
    );
    await form.getByLabel("期数", { exact: true }).fill("0");
    expect((await refused).status()).toBe(400);
    const periodsIssue = form.locator('[data-issue-field="periods"]');
    await periodsIssue.waitFor();
    expect(await periodsIssue.innerText()).toBe("须为 1 到 600 的整数");
    expect(await form.getByLabel("期数", { exact: true }).getAttribute("aria-invalid")).toBe("true");
    expect(await page.getByTestId("quote-refused").innerText()).toBe("这些条款无法报价，请检查标红的字段。");
    expect(await page.getByTestId("quote-result").getAttribute("data-state")).toBe("stale");
    expect(await firstRowTotal(page).innerText()).toBe("1,066.19");
    expect(await page.getByTestId("add-to-comparison").isDisabled()).toBe(true);
    await page.screenshot({ path: join(screenshotDir, "installments-refused-zh.png"), fullPage: true });
    await form.getByLabel("期数", { exact: true }).fill("12");
    await currentResult(page);
    expect(await periodsIssue.count()).toBe(0);
    expect(await form.getByLabel("期数", { exact: true }).getAttribute("aria-invalid")).toBeNull();

    // A card installment: a fee of 0.6 % a month on the amount financed and no interest.
    await form.getByLabel("还款方式").selectOption("flat-fee");
    await form.getByLabel("年利率（%）").fill("0");
    await form.getByLabel("每期手续费率（%）").fill("0.6");
    await page.getByTestId("first-installment").filter({ hasText: "¥1,072.00" }).waitFor();
    await currentResult(page);
    expect(await firstRowTotal(page).innerText()).toBe("1,072.00");
    expect(await nominal.getAttribute("data-value")).toBe("0.130342");
    expect(await nominal.innerText()).toBe("13.0342%");
    expect(await page.getByTestId("credit-cost").innerText()).toBe("¥864.00");

    await page.getByTestId("add-to-comparison").click();
    const designs = comparison.getByTestId("comparison-design");
    await designs.nth(1).waitFor();
    expect(await designs.count()).toBe(2);
    expect(await designs.allInnerTexts()).toEqual([
      expect.stringContaining("方案 1"),
      expect.stringContaining("方案 2"),
    ]);
    const row = (metric: string) => comparison.locator(`tr[data-metric="${metric}"] td`);
    expect(await row("firstInstallment").allInnerTexts()).toEqual(["¥1,066.19", "¥1,072.00"]);
    expect(await row("creditCost").allInnerTexts()).toEqual(["¥794.23", "¥864.00"]);
    expect(await row("totalPaid").allInnerTexts()).toEqual(["¥12,794.23", "¥12,864.00"]);
    expect(await row("nominal").allInnerTexts()).toEqual(["12.0001%", "13.0342%"]);
    expect(await row("effective").allInnerTexts()).toEqual(["12.6826%", "13.8418%"]);
    expect(await row("terms").allInnerTexts()).toEqual([
      "等额本息，12 期（每月），12%",
      "手续费分期，12 期（每月），每期 0.6%",
    ]);

    // The chart: ECharts, loaded on demand, draws one line per design into an SVG.
    const chart = page.getByTestId("payments-chart");
    await page.locator('[data-testid="payments-chart"][data-series-count="2"]').waitFor();
    await chart.locator("svg").waitFor();
    const svgText = await chart.locator("svg").textContent();
    expect(svgText).toContain("方案 1");
    expect(svgText).toContain("方案 2");
    await page.getByTestId("comparison-panel").scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(screenshotDir, "installments-comparison-zh.png"), fullPage: true });

    // In English: the same figures under the names English readers know them by.
    await page.getByTestId("language-switch").selectOption("en");
    await navLink(page, "plans").filter({ hasText: "Installments" }).waitFor();
    await page.getByRole("heading", { name: "Installments", level: 1 }).waitFor();
    expect(await page.getByTestId("quote-rates").innerText()).toContain("Annualized rate (IRR, nominal)");
    expect(await nominal.innerText()).toBe("13.0342%");
    expect(await row("firstInstallment").allInnerTexts()).toEqual(["CN¥1,066.19", "CN¥1,072.00"]);
    // The chart is drawn again in English, legend and axes alike.
    await chart.locator("svg", { hasText: "Design 2" }).waitFor();
    await page.screenshot({ path: join(screenshotDir, "installments-comparison-en.png"), fullPage: true });

    // Removing a design takes its column and its line away.
    await comparison.getByRole("button", { name: "Remove Design 1 from the comparison" }).click();
    await page.locator('[data-testid="payments-chart"][data-series-count="1"]').waitFor();
    expect(await designs.count()).toBe(1);

    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it("saves a compared design as a plan, takes it to active and finds its vouchers", async () => {
    // An AAA customer with room under its limit that the demo gave no plan.
    const candidates = await (store as Store).db
      .selectFrom("customer_credit as cc")
      .innerJoin("customers as c", (join) =>
        join.onRef("c.org_id", "=", "cc.org_id").onRef("c.customer_id", "=", "cc.customer_id"),
      )
      .leftJoin("plans as p", (join) =>
        join.onRef("p.org_id", "=", "cc.org_id").onRef("p.customer_id", "=", "cc.customer_id"),
      )
      .select(["c.code", "c.name"])
      .where("cc.org_id", "=", orgId)
      .where("cc.grade", "in", ["AAA", "AA"])
      .where("cc.on_hold", "=", 0n)
      .where("cc.limit_minor", ">=", 10_000_000n)
      .where("p.plan_id", "is", null)
      .orderBy("c.code")
      .execute();
    const customer = candidates[0];
    expect(customer).toBeDefined();
    const { page, context, pageErrors } = await harness.signedInPage(demoOwnerEmail);
    await page.goto(`${baseUrl}/orgs/${orgId}/plans`);
    // The test before left the owner in English; this one reads the Chinese screens.
    await page.getByTestId("language-switch").selectOption("zh-CN");
    await page.getByRole("heading", { name: "分期", level: 1 }).waitFor();
    const form = designer(page);
    await form.getByLabel("本金", { exact: true }).fill("12,000.00");
    await form.getByLabel("起始日").fill(startDate);
    // Both designs stay under the default ceiling, 4 × the one-year LPR of 3.00 % = 12 %.
    await form.getByLabel("年利率（%）").fill("8");
    await currentResult(page);
    await page.getByTestId("add-to-comparison").click();
    await form.getByLabel("还款方式").selectOption("flat-fee");
    await form.getByLabel("年利率（%）").fill("0");
    await form.getByLabel("每期手续费率（%）").fill("0.35");
    await page.getByTestId("first-installment").filter({ hasText: "¥1,042.00" }).waitFor();
    await currentResult(page);
    await page.getByTestId("add-to-comparison").click();
    const comparison = page.getByTestId("comparison-table");
    await comparison.getByTestId("comparison-design").nth(1).waitFor();
    const nominals = await comparison.locator('tr[data-metric="nominal"] td').allInnerTexts();
    // 8 % a year in equal installments, rounded to the fen: 7.9999 %; 0.35 % a month flat: 7.6644 %.
    expect(nominals).toEqual(["7.9999%", "7.6644%"]);

    // The equal-installment design becomes a plan for the customer.
    await comparison.getByTestId("save-design").first().click();
    const dialog = page.getByTestId("save-plan-dialog");
    await dialog.getByLabel("客户").fill(customer?.code ?? "");
    await dialog.getByText(customer?.name ?? "").waitFor();
    await dialog.getByLabel("商品成本（CNY）").fill("9000");
    await dialog.getByRole("button", { name: "保存为计划" }).click();
    await page.waitForURL(/\/plans\/[0-9a-f-]{36}$/);
    const planPage = page.getByTestId("plan-page");
    await planPage.waitFor();
    const status = page.getByTestId("plan-status");
    expect(await status.innerText()).toBe("草稿");
    expect(await page.getByTestId("plan-rates").innerText()).toContain(nominals[0] ?? "");
    expect(await page.getByTestId("plan-vouchers").innerText()).toContain("尚未入账");

    // Offered, confirmed by the customer, activated.
    const actions = page.getByTestId("plan-actions");
    await actions.getByRole("button", { name: "提供给客户" }).click();
    await status.filter({ hasText: "已提供" }).waitFor();
    await actions.getByRole("button", { name: "记录客户确认…" }).click();
    const accept = page.getByTestId("accept-dialog");
    await accept.getByLabel("确认人（客户签署人）").fill("王经理");
    await accept.getByRole("button", { name: "记录确认" }).click();
    await status.filter({ hasText: "客户已确认" }).waitFor();
    await actions.getByRole("button", { name: "生效" }).click();
    await page.getByTestId("activate-dialog").getByRole("button", { name: "生效" }).click();
    await status.filter({ hasText: "执行中" }).waitFor();

    // The sale and every installment due since 15 January are booked; each voucher opens.
    const vouchers = page.getByTestId("plan-vouchers");
    await vouchers.locator("tbody tr[data-voucher-id]").first().waitFor();
    const rows = vouchers.locator("tbody tr[data-voucher-id]");
    expect(await rows.first().innerText()).toContain("分期收款销售");
    // Due on the 15th from February 2026: one a month up to the organization's today.
    const monthsSinceJanuary = (Number(orgToday.slice(0, 4)) - 2026) * 12 + Number(orgToday.slice(5, 7)) - 1;
    const dueThrough = monthsSinceJanuary - (Number(orgToday.slice(8, 10)) >= 15 ? 0 : 1);
    expect(await vouchers.getByText("分期收款销售到期").count()).toBe(Math.min(dueThrough, 12));
    expect(await page.getByTestId("plan-items").innerText()).toContain("已出账");
    await page.screenshot({ path: join(screenshotDir, "installments-plan-active-zh.png"), fullPage: true });
    await vouchers.getByTestId("plan-voucher-label").first().click();
    const lines = page.getByTestId("voucher-lines");
    await lines.waitFor();
    const linesText = await lines.innerText();
    expect(linesText).toContain("1531");
    expect(linesText).toContain("6001");
    expect(linesText).toContain("222103");
    await page.screenshot({ path: join(screenshotDir, "installments-plan-voucher-zh.png"), fullPage: true });

    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
