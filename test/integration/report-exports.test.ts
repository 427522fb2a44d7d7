import ExcelJS from "exceljs";
import { beforeAll, expect, it } from "vitest";
import { agingDefinition } from "../../src/services/reports/aging-definition.ts";
import { renderReport } from "../../src/services/reports/render-report.ts";
import { describeEachEngine } from "../support/engines.ts";
import { fixedClock } from "../support/fixtures.ts";
import { makeTestApp, signIn } from "../support/http.ts";
import { type AgingHistory, buildAgingHistory } from "./aging-history.ts";

describeEachEngine("report exports", (context) => {
  let history: AgingHistory;
  beforeAll(async () => {
    history = await buildAgingHistory(context.store(), "导出测试有限公司");
  });
  const render = (format: "csv" | "xlsx" | "pdf", options: Record<string, string> = {}) =>
    renderReport(context.store().db, history.org.orgId, agingDefinition, {
      asOf: "2026-11-23",
      options,
      format,
      locale: "zh-CN",
    });

  it("writes CSV with a BOM, Chinese headers, plain decimals and a neutralized formula-like name", async () => {
    const csv = String((await render("csv")).body);
    expect(csv.startsWith("\uFEFF客户编号,客户,未清项数,未清余额,未到期,1-30天")).toBe(true);
    expect(csv).toContain(`C,"'=HYPERLINK(""http://evil"",""点我"")",1,100.00,100.00,`);
    expect(csv).toContain("\r\n合计,,3,7600.00,100.00,3000.00,0.00,4500.00,0.00,0.00,0.00\r\n");
    const items = String((await render("csv", { detail: "items" })).body);
    expect(items).toContain("'=HYPERLINK");
    expect(items.split("\r\n").filter((line) => line !== "")).toHaveLength(1 + 3 + 1);
  });

  it("writes XLSX whose numbers read back to the same totals, header bold and frozen", async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await render("xlsx")).body as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet?.name).toBe("账龄分析");
    expect(sheet?.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(sheet?.getRow(1).getCell(1).font?.bold).toBe(true);
    const last = sheet?.getRow(sheet.rowCount);
    expect(last?.getCell(1).value).toBe("合计");
    expect(last?.getCell(4).value).toBe(7600);
    expect(last?.getCell(4).numFmt).toBe("#,##0.00");
    expect(last?.getCell(4).font?.bold).toBe(true);
    let sum = 0;
    for (let row = 2; row < (sheet?.rowCount ?? 0); row += 1)
      sum += Number(sheet?.getRow(row).getCell(4).value);
    expect(sum).toBeCloseTo(7600, 6);
    const names = [];
    for (let row = 2; row < (sheet?.rowCount ?? 0); row += 1) names.push(sheet?.getRow(row).getCell(2).value);
    expect(names).toContain(`'=HYPERLINK("http://evil","点我")`);
  });

  it("writes a PDF that is the same bytes every time", async () => {
    const first = (await render("pdf")).body as Buffer;
    const second = (await render("pdf")).body as Buffer;
    expect(first.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(first.equals(second)).toBe(true);
    const detail = (await render("pdf", { detail: "items", groupBy: "grade" })).body as Buffer;
    expect(detail.length).toBeGreaterThan(1000);
  });

  it("serves each format from the API as a named download", async () => {
    const built = await makeTestApp(context.store(), { clock: fixedClock });
    const session = await signIn(built, history.org.owner.email);
    for (const [format, type] of [
      ["csv", "text/csv"],
      ["xlsx", "spreadsheetml"],
      ["pdf", "application/pdf"],
    ] as const) {
      const response = await built.app.inject({
        method: "GET",
        url: `/api/v1/orgs/${history.org.orgId}/reports/aging?format=${format}&locale=en&groupBy=grade`,
        headers: session.headers,
      });
      expect(response.statusCode, format).toBe(200);
      expect(response.headers["content-type"]).toContain(type);
      expect(response.headers["content-disposition"]).toBe(
        `attachment; filename="aging-2026-11-23.${format}"`,
      );
    }
    const english = await built.app.inject({
      method: "GET",
      url: `/api/v1/orgs/${history.org.orgId}/reports/aging?format=csv&locale=en&asOf=2026-10-31`,
      headers: session.headers,
    });
    expect(english.body.startsWith("\uFEFFCustomer code,Customer,Items,Outstanding,Current,1–30 days")).toBe(
      true,
    );
    expect(english.headers["content-disposition"]).toContain("aging-2026-10-31.csv");
    await built.app.close();
  });
});
