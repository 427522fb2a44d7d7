import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoOwnerEmail } from "../../src/services/demo.ts";
import { e2eHarness, firstDemoOrganization, screenshotDir } from "./support.ts";

/**
 * Every page of the Reports and Risk sections opens on the demo's first organization, as its
 * owner, in real Chromium: the KPIs, the cash forecast, the installment portfolio, the provision
 * matrix and the write-offs each show their figures with no error on the page and none thrown in
 * the browser. Their behaviour is tested through the API (test/integration); this is what only a
 * browser sees: that each page renders what the API answers.
 */

const harness = e2eHarness({ name: "reports-pages", viewport: { width: 1440, height: 900 } });
let baseUrl = "";
let orgId = "";

beforeAll(async () => {
  const started = await harness.setUp();
  baseUrl = started.baseUrl;
  orgId = (await firstDemoOrganization(started)).orgId;
});

afterAll(() => harness.tearDown());

const pages = [
  { path: "reports/kpis", ready: '[data-testid="kpi-tiles"]', shot: "reports-kpis-zh.png" },
  { path: "reports/forecast", ready: '[data-testid="forecast-figures"]', shot: "reports-forecast-zh.png" },
  {
    path: "reports/installments",
    ready: '[data-testid="portfolio-tiles"]',
    shot: "reports-installments-zh.png",
  },
  { path: "risk/provisions", ready: '[data-testid="provision-summary"]', shot: "risk-provisions-zh.png" },
  { path: "risk/write-offs", ready: '[data-testid="write-offs"]', shot: "risk-write-offs-zh.png" },
] as const;

describe("reports and risk pages", () => {
  it("open with their figures and no errors", async () => {
    const { context, page, pageErrors } = await harness.signedInPage(demoOwnerEmail);
    for (const { path, ready, shot } of pages) {
      await page.goto(`${baseUrl}/orgs/${orgId}/${path}`);
      await page.locator(ready).first().waitFor();
      expect(await page.locator(".tab-panel .notice-error").count(), path).toBe(0);
      await page.screenshot({ path: join(screenshotDir, shot), fullPage: true });
    }
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
