import { readFileSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore } from "../../src/store/database.ts";
import { migrateToLatest } from "../../src/store/migrations.ts";
import { cliHarness } from "../support/cli.ts";
import { engines, postgresAvailable } from "../support/engines.ts";
import { buildAgingHistory } from "./aging-history.ts";

for (const engine of engines) {
  describe.skipIf(engine === "postgres" && !postgresAvailable)(`credence report [${engine}]`, () => {
    const harness = cliHarness(engine);
    const { cli, dir, databaseUrl } = harness;

    beforeAll(async () => {
      await harness.setUp();
      const store = await openStore(databaseUrl);
      await migrateToLatest(store);
      await buildAgingHistory(store);
      await store.close();
    });
    afterAll(() => harness.tearDown());

    it("lists the reports and explains itself", async () => {
      const list = await cli("report", "--list");
      expect(list.code).toBe(0);
      expect(list.stdout).toContain("aging  应收账款账龄分析 / Receivables aging");
      expect(list.stdout).toContain("groupBy:");
      const help = await cli("report", "--help");
      expect(help.stdout).toContain("--as-of <YYYY-MM-DD>");
      expect(help.stdout).toContain("credence report aging");
    });

    it("prints the aging as JSON and writes it as XLSX", async () => {
      const printed = await cli("report", "aging", "--as-of", "2026-10-31", "--format", "json");
      expect(printed.code).toBe(0);
      const report = JSON.parse(printed.stdout);
      expect(report).toMatchObject({
        asOf: "2026-10-31",
        currency: "CNY",
        totals: { outstanding: "13500.00", buckets: { current: "3000.00", "31-60": "4500.00" } },
        control: { agrees: true },
      });
      const grouped = await cli("report", "aging", "--as-of", "2026-10-31", "--option", "groupBy=grade");
      expect(JSON.parse(grouped.stdout).rows.map((row: { key: string }) => row.key)).toEqual(["A", "BB"]);
      const file = join(dir, "aging.xlsx");
      const written = await cli("report", "aging", "--as-of", "2026-11-23", "--format", "xlsx", "-o", file);
      expect(written.code).toBe(0);
      expect(written.stderr).toContain(`Wrote ${file}`);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(readFileSync(file) as unknown as ArrayBuffer);
      const sheet = workbook.worksheets[0];
      expect(sheet?.getRow(sheet.rowCount).getCell(4).value).toBe(7600);
      // The trial balance keeps its own --format.
      const tb = await cli("report", "trial-balance", "--as-of", "2026-11-23", "--format", "csv");
      expect(tb.code).toBe(0);
      expect(tb.stdout).toContain("1122");
    });

    it("fails clearly, with a non-zero exit", async () => {
      const unknown = await cli("report", "nothing");
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toContain('no report "nothing"');
      const badDate = await cli("report", "aging", "--as-of", "2026-02-30");
      expect(badDate.code).toBe(1);
      expect(badDate.stderr).toContain("--as-of must be a date");
      const badOption = await cli("report", "aging", "--option", "groupBy=planet");
      expect(badOption.code).toBe(1);
      expect(badOption.stderr).toContain("groupBy");
      const badFormat = await cli("report", "aging", "--format", "doc");
      expect(badFormat.code).toBe(1);
      expect(badFormat.stderr).toContain("--format must be one of");
    });
  });
}
