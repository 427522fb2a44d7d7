import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoOwnerEmail } from "../../src/services/demo.ts";
import { type ApiSession, api, e2eHarness, firstDemoOrganization, navLink } from "./support.ts";

/**
 * The aging report end to end, in real Chromium against a real server, on the demo's first
 * organization: Reports opens on the aging tab, the control-account check agrees, a click on an
 * overdue bucket drills into its items (linked to their invoices), and Export XLSX downloads a
 * workbook whose total is the page's.
 */

const harness = e2eHarness({ name: "aging", viewport: { width: 1440, height: 900 } });
let baseUrl = "";
let orgId = "";
let session: ApiSession | undefined;

beforeAll(async () => {
  const started = await harness.setUp();
  baseUrl = started.baseUrl;
  orgId = (await firstDemoOrganization(started)).orgId;
  session = await harness.apiSignIn(demoOwnerEmail, orgId);
});

afterAll(() => harness.tearDown());

interface AgingJson {
  readonly totals: { readonly outstanding: string; readonly buckets: Record<string, string> };
}

describe("aging report", () => {
  it("drills from a bucket into its items and exports the report as XLSX", async () => {
    if (session === undefined) throw new Error("no session");
    const expected = await api<AgingJson>(session, "GET", "reports/aging");
    expect(expected.status).toBe(200);
    const overdue = Object.entries(expected.body.totals.buckets).find(
      ([key, amount]) => key !== "current" && amount !== "0.00",
    );
    expect(overdue, "the demo has overdue receivables").toBeDefined();
    const [bucketKey] = overdue ?? ["", ""];

    const { page, context, pageErrors } = await harness.signedInPage(demoOwnerEmail);
    await page.goto(`${baseUrl}/orgs/${orgId}/customers`);
    await navLink(page, "reports").click();
    await page.getByTestId("aging-summary").waitFor();
    await page.getByTestId("aging-chart").waitFor();
    await page.locator('[data-testid="aging-control"][data-agrees="true"]').waitFor();
    expect(await page.getByTestId("aging-row").count()).toBeGreaterThan(0);

    await page.getByTestId(`aging-bucket-${bucketKey}`).click();
    const items = page.getByTestId("aging-items-table");
    await items.locator('[data-testid="aging-item"]').first().waitFor();
    expect(
      await items.locator('[data-testid="aging-item"] a[href*="/receivables/"]').count(),
    ).toBeGreaterThan(0);

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByTestId("export-xlsx").click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^aging-[0-9]{4}-[0-9]{2}-[0-9]{2}\.xlsx$/);
    const path = await download.path();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path);
    const sheet = workbook.worksheets[0];
    const totalRow = sheet?.getRow(sheet.rowCount);
    expect(totalRow?.getCell(1).value).toBe("合计");
    expect(Number(totalRow?.getCell(4).value).toFixed(2)).toBe(expected.body.totals.outstanding);

    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
