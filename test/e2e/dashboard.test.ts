import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoOwnerEmail, demoPassword } from "../../src/services/demo.ts";
import { type ApiSession, api, e2eHarness, screenshotDir, signIn } from "./support.ts";

/**
 * The dashboard end to end, in real Chromium against a real server, on the demo: signing in lands
 * on the dashboard of the owner's organization (tiles, the aging bars, the DSO trend, this
 * month's collections against the forecast, the top overdue customers, today's worklist); a
 * click on an overdue bucket opens Reports → Aging drilled into that bucket's items; Export XLSX
 * downloads a workbook with rows. The demo owner belongs to both demo organizations, so the
 * portfolio link shows, and the portfolio lists both and opens either one's dashboard.
 */

const harness = e2eHarness({ name: "dashboard", viewport: { width: 1440, height: 900 } });
let baseUrl = "";
let orgIds: ReadonlyArray<string> = [];

beforeAll(async () => {
  const started = await harness.setUp();
  baseUrl = started.baseUrl;
  orgIds = started.orgIds;
});

afterAll(() => harness.tearDown());

interface DashboardJson {
  readonly asOf: string;
  readonly receivables: { readonly total: string };
  readonly aging: { readonly buckets: ReadonlyArray<{ readonly key: string; readonly amount: string }> };
  readonly topOverdue: ReadonlyArray<unknown>;
  readonly worklist: { readonly rows: ReadonlyArray<unknown> } | null;
}

interface AgingItemsJson {
  readonly rows: ReadonlyArray<{ readonly itemId: string }>;
}

describe("dashboard", () => {
  it("lands on the dashboard, drills from an aging bucket into its items and exports them as XLSX", async () => {
    const { page, context, pageErrors } = await harness.newPage();
    await page.goto(`${baseUrl}/`);
    await page.waitForURL(/\/login/);
    await signIn(page, demoPassword);

    // The first screen after signing in is the dashboard.
    await page.waitForURL(/\/orgs\/[0-9a-f-]+\/dashboard$/);
    const orgId = /\/orgs\/([0-9a-f-]+)\//.exec(page.url())?.[1] ?? "";
    expect(orgIds).toContain(orgId);
    const session: ApiSession = await harness.apiSignIn(demoOwnerEmail, orgId);
    const expected = await api<DashboardJson>(session, "GET", "dashboard");
    expect(expected.status).toBe(200);
    await page.locator('[data-testid="dashboard"][data-ready="true"]').waitFor();
    await page.getByRole("heading", { name: "首页看板", level: 1 }).waitFor();
    for (const tile of ["total", "overdue-share", "dso", "collected"]) {
      await page.getByTestId(`dashboard-tile-${tile}`).waitFor();
    }
    const totalText = (
      await page.getByTestId("dashboard-tile-total").locator("[data-column=value]").innerText()
    )
      .replace(/[^0-9.]/g, "")
      .replace(/^\./, "");
    expect(Number(totalText).toFixed(2)).toBe(expected.body.receivables.total);
    await page
      .locator(`[data-testid="aging-chart"][data-bar-count="${expected.body.aging.buckets.length}"]`)
      .waitFor();
    await page.locator('[data-testid="dashboard-dso-chart"][data-series-count="2"]').waitFor();
    await page.locator('[data-testid="dashboard-collections-chart"][data-ready="true"]').waitFor();
    expect(await page.getByTestId("dashboard-top-overdue-row").count()).toBe(expected.body.topOverdue.length);
    expect(await page.getByTestId("dashboard-worklist-row").count()).toBe(
      expected.body.worklist?.rows.length,
    );
    await page.screenshot({ path: join(screenshotDir, "dashboard-zh.png"), fullPage: true });

    // An overdue bucket with money in it: its link opens the aging report drilled into it.
    const bucket = expected.body.aging.buckets.find((one) => one.key !== "current" && one.amount !== "0.00");
    expect(bucket, "the demo has overdue receivables").toBeDefined();
    const key = bucket?.key ?? "";
    const items = await api<AgingItemsJson>(
      session,
      "GET",
      `reports/aging?asOf=${expected.body.asOf}&detail=items&bucket=${encodeURIComponent(key)}`,
    );
    expect(items.body.rows.length).toBeGreaterThan(0);
    await page.getByTestId(`dashboard-aging-${key}`).click();
    await page.waitForURL(
      (url) => url.pathname === `/orgs/${orgId}/reports` && url.searchParams.get("bucket") === key,
    );
    const table = page.getByTestId("aging-items-table");
    await table.locator('[data-testid="aging-item"]').first().waitFor();
    expect(await table.locator('[data-testid="aging-item"]').count()).toBe(items.body.rows.length);
    expect(await page.getByTestId(`aging-bucket-${key}`).getAttribute("aria-pressed")).toBe("true");

    // Export XLSX: a workbook arrives, with rows.
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByTestId("export-xlsx").click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(await download.path());
    const sheet = workbook.worksheets[0];
    expect(sheet?.rowCount ?? 0).toBeGreaterThan(2);

    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it("shows the portfolio of both demo organizations and opens one's dashboard", async () => {
    const { page, context, pageErrors } = await harness.signedInPage(demoOwnerEmail);
    await page.getByTestId("portfolio-link").click();
    await page.waitForURL(`${baseUrl}/portfolio`);
    await page.getByRole("heading", { name: "多账套汇总", level: 1 }).waitFor();
    const rows = page.getByTestId("portfolio-organization");
    await rows.first().waitFor();
    expect(await rows.count()).toBe(orgIds.length);
    expect(
      (await rows.evaluateAll((all) => all.map((row) => row.getAttribute("data-org-id")))).sort(),
    ).toEqual([...orgIds].sort());
    await page.getByTestId("portfolio-total").first().waitFor();
    await page.screenshot({ path: join(screenshotDir, "portfolio-zh.png"), fullPage: true });

    const second = orgIds[1] ?? "";
    await page.locator(`[data-testid="portfolio-organization"][data-org-id="${second}"] a`).click();
    await page.waitForURL(`${baseUrl}/orgs/${second}/dashboard`);
    await page.locator('[data-testid="dashboard"][data-ready="true"]').waitFor();
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
