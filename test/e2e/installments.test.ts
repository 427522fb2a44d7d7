import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoOwnerEmail } from "../../src/services/demo.ts";
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
/** A fixed start, so the due dates in the screenshots do not move from day to day. */
const startDate = "2026-01-15";

beforeAll(async () => {
  const started = await harness.setUp();
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
    expect(await navLink(page, "plans").locator(".sidebar-soon").count()).toBe(0);
    await navLink(page, "plans").click();
    await page.waitForURL(`${baseUrl}/orgs/${orgId}/plans`);
    await page.getByRole("heading", { name: "分期", level: 1 }).waitFor();
    expect(await page.getByTestId("coming-soon").count()).toBe(0);

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
});
