import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import type { InjectOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BuiltApp } from "../../src/api/app.ts";
import { runCommand } from "../../src/services/command.ts";
import { listCustomers } from "../../src/services/customers.ts";
import { addMember } from "../../src/services/people.ts";
import { openStore, type Store } from "../../src/store/database.ts";
import { migrateToLatest } from "../../src/store/migrations.ts";
import { cliHarness } from "../support/cli.ts";
import { describeEachEngine, engines, postgresAvailable } from "../support/engines.ts";
import {
  addTestCustomer,
  addTestMember,
  defined,
  makeOrganization,
  type TestOrganization,
} from "../support/fixtures.ts";
import { makeTestApp, type Session, signIn } from "../support/http.ts";

// 统一社会信用代码 of 华为技术有限公司 and 阿里巴巴（中国）有限公司 (their published licences).
const huaweiUsc = "91440300708461136T";
const alibabaUsc = "91330100716105852F";
// The worked example of GB 11643-1999 (公民身份号码).
const standardIdNumber = "11010519491231002X";
const header = [
  "客户编码",
  "客户名称",
  "类型",
  "统一社会信用代码",
  "身份证号",
  "行业",
  "标签",
  "负责人邮箱",
  "备注",
];

function csvText(rows: ReadonlyArray<ReadonlyArray<string>>): string {
  const quote = (cell: string) => (/[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell);
  return `\uFEFF${rows.map((row) => row.map(quote).join(",")).join("\r\n")}\r\n`;
}
const base64Csv = (rows: ReadonlyArray<ReadonlyArray<string>>) =>
  Buffer.from(csvText(rows)).toString("base64");

async function xlsxOf(rows: ReadonlyArray<ReadonlyArray<ExcelJS.CellValue>>): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("Sheet1");
  for (const row of rows) sheet.addRow([...row]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Statements of two years in 万元, as a finance team keeps them; the figures balance. */
async function statementsXlsx(overrides: Readonly<Record<string, ExcelJS.CellValue>> = {}): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("报表");
  sheet.addRow(["单位：万元"]);
  sheet.addRow(["项目", new Date(Date.UTC(2024, 11, 31)), new Date(Date.UTC(2025, 11, 31))]);
  sheet.addRow(["月数", 12, 12]);
  sheet.addRow(["货币资金", 120, 150.5]);
  sheet.addRow(["应收账款", 250, 280]);
  sheet.addRow(["流动资产合计", 600, 650]);
  sheet.addRow(["资产总计", 1500, 1600]);
  sheet.addRow(["负债合计", 900, 950]);
  sheet.addRow(["所有者权益合计", 600, 650]);
  sheet.addRow(["营业收入", "3,000", "3,300"]);
  sheet.addRow(["净利润", 165, 180]);
  for (const [address, value] of Object.entries(overrides)) sheet.getCell(address).value = value;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describeEachEngine("customer import and export API", (context) => {
  let built: BuiltApp;
  let org: TestOrganization;
  let owner: Session;
  let creditManager: { userId: string; email: string };

  beforeAll(async () => {
    built = await makeTestApp(context.store());
    org = await makeOrganization(context.store(), "Import Co.");
    owner = await signIn(built, org.owner.email);
    creditManager = await addTestMember(context.store(), org, "credit_manager");
  });

  const url = (path: string, orgId = org.orgId) => `/api/v1/orgs/${orgId}/customers${path}`;
  const inject = (options: InjectOptions) => built.app.inject(options);
  const importCsv = (rows: ReadonlyArray<ReadonlyArray<string>>, extra: Record<string, unknown> = {}) =>
    inject({
      method: "POST",
      url: url("/import"),
      headers: owner.headers,
      payload: { format: "csv", fileBase64: base64Csv(rows), ...extra },
    });
  const customerCount = async (orgId = org.orgId) =>
    Number(
      (
        await context
          .store()
          .db.selectFrom("customers")
          .select((eb) => eb.fn.countAll().as("n"))
          .where("org_id", "=", orgId)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const auditCount = async () =>
    Number(
      (
        await context
          .store()
          .db.selectFrom("audit_log")
          .select((eb) => eb.fn.countAll().as("n"))
          .where("org_id", "=", org.orgId)
          .executeTakeFirstOrThrow()
      ).n,
    );

  const mixedRows = () => [
    header,
    ["H001", "华为技术有限公司", "公司", huaweiUsc, "", "通信设备", "战略; 华南", creditManager.email, ""],
    ["BAD1", "校验码错误", "公司", `${huaweiUsc.slice(0, 17)}U`, "", "", "", "", ""],
    ["P001", "张三", "个人", "", standardIdNumber, "", "", "", "老客户"],
  ];

  it("imports nothing while one row is invalid, and answers 400 with the row report", async () => {
    const [customersBefore, auditBefore] = [await customerCount(), await auditCount()];
    const response = await importCsv(mixedRows());
    expect(response.statusCode).toBe(400);
    expect(response.headers["content-type"]).toContain("application/problem+json");
    const problem = response.json();
    expect(problem).toMatchObject({
      code: "VALIDATION_FAILED",
      issues: [{ path: "rows.3.creditCode", code: "USC_CHECK_CHARACTER" }],
      report: { mode: "all-or-nothing", dryRun: false, total: 3, valid: 2, invalid: 1, imported: 0 },
    });
    expect(problem.detail).toContain("1 of 3 rows are invalid");
    expect(
      problem.report.rows.map((row: { row: number; status: string }) => `${row.row} ${row.status}`),
    ).toEqual(["2 skipped", "3 invalid", "4 skipped"]);
    expect(await customerCount()).toBe(customersBefore);
    expect(await auditCount()).toBe(auditBefore);
  });

  it("checks only on a dry run, in either mode", async () => {
    const before = await customerCount();
    for (const mode of ["all-or-nothing", "valid-only"]) {
      const response = await importCsv(mixedRows(), { mode, dryRun: true });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ dryRun: true, valid: 2, invalid: 1, imported: 0 });
      expect(response.json().rows.map((row: { status: string }) => row.status)).toEqual([
        "valid",
        "invalid",
        "valid",
      ]);
    }
    expect(await customerCount()).toBe(before);
  });

  it("imports the valid rows with valid-only, owner by email, ID number encrypted", async () => {
    const before = await customerCount();
    const response = await importCsv(mixedRows(), { mode: "valid-only" });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ total: 3, valid: 2, invalid: 1, imported: 2 });
    expect(response.json().rows.map((row: { status: string }) => row.status)).toEqual([
      "imported",
      "invalid",
      "imported",
    ]);
    expect(await customerCount()).toBe(before + 2);
    const { items } = await listCustomers(context.store().db, org.orgId, { limit: 10, search: "H001" });
    expect(items[0]).toMatchObject({
      code: "H001",
      creditCode: huaweiUsc,
      industry: "通信设备",
      tags: ["战略", "华南"],
      ownerUserId: creditManager.userId,
    });
    const person = await context
      .store()
      .db.selectFrom("customers")
      .select(["id_number_cipher", "id_number_masked", "notes"])
      .where("org_id", "=", org.orgId)
      .where("code", "=", "P001")
      .executeTakeFirstOrThrow();
    expect(person).toMatchObject({ id_number_masked: "110*************2X", notes: "老客户" });
    expect(person.id_number_cipher).toMatch(/^v1\./);
  });

  it("reports duplicates inside the file and against the customers already there", async () => {
    const response = await importCsv(
      [
        header,
        ["H001", "已有编码", "公司", "", "", "", "", "", ""],
        ["N001", "已有信用代码", "公司", huaweiUsc.toLowerCase(), "", "", "", "", ""],
        ["N002", "已有身份证号", "个人", "", standardIdNumber.toLowerCase(), "", "", "", ""],
        ["N003", "文件内重复甲", "公司", alibabaUsc, "", "", "", "", ""],
        ["N003", "文件内重复乙", "公司", alibabaUsc, "", "", "", "", ""],
        ["N005", "负责人不是成员", "公司", "", "", "", "", "stranger@example.test", ""],
      ],
      { mode: "valid-only", dryRun: true },
    );
    expect(response.statusCode).toBe(200);
    const issues = response
      .json()
      .rows.map((row: { issues: Array<{ path: string; code: string }> }) =>
        row.issues.map((issue) => `${issue.path} ${issue.code}`),
      );
    expect(issues).toEqual([
      ["code TAKEN"],
      ["creditCode TAKEN"],
      ["idNumber TAKEN"],
      ["code DUPLICATE_IN_FILE", "creditCode DUPLICATE_IN_FILE"],
      ["code DUPLICATE_IN_FILE", "creditCode DUPLICATE_IN_FILE"],
      ["ownerEmail NOT_A_MEMBER"],
    ]);
    expect(response.json().valid).toBe(0);
  });

  it("refuses a file without the required columns, or one that is not the format it claims", async () => {
    const missing = await importCsv([["名称"], ["甲"]]);
    expect(missing.statusCode).toBe(400);
    expect(missing.json().issues.map((issue: { code: string }) => issue.code)).toEqual([
      "UNKNOWN_COLUMNS",
      "MISSING_COLUMNS",
    ]);
    const wrong = await inject({
      method: "POST",
      url: url("/import"),
      headers: owner.headers,
      payload: { format: "xlsx", fileBase64: base64Csv([header]) },
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().issues).toMatchObject([{ path: "file", code: "NOT_XLSX" }]);
    const notBase64 = await inject({
      method: "POST",
      url: url("/import"),
      headers: owner.headers,
      payload: { format: "csv", fileBase64: "not base64!" },
    });
    expect(notBase64.statusCode).toBe(400);
    expect(notBase64.json().issues[0].path).toBe("body.fileBase64");
  });

  it("imports 10,000 rows from XLSX in one request larger than the default body limit", async () => {
    const rows = Array.from({ length: 10_000 }, (_, index) => [
      `B${String(index).padStart(5, "0")}`,
      `批量客户 ${index}`,
      "公司",
      "",
      "",
      "",
      "批量",
      "",
      // Random text, so that the zip cannot shrink the file below the default body limit.
      randomBytes(150).toString("base64"),
    ]);
    const file = await xlsxOf([header, ...rows]);
    const payload = { format: "xlsx", fileBase64: file.toString("base64"), mode: "all-or-nothing" };
    expect(JSON.stringify(payload).length).toBeGreaterThan(1024 * 1024);
    const started = performance.now();
    const response = await inject({ method: "POST", url: url("/import"), headers: owner.headers, payload });
    const elapsedMs = performance.now() - started;
    expect(response.statusCode, response.body.slice(0, 500)).toBe(200);
    expect(response.json()).toMatchObject({ total: 10_000, imported: 10_000 });
    console.info(`[${context.engine}] 10,000 customers imported in ${Math.round(elapsedMs)} ms`);
    expect(elapsedMs).toBeLessThan(50_000);
  });

  it("exports CSV and XLSX with masked ID numbers, and the export imports into a fresh organization", async () => {
    const csv = await inject({ method: "GET", url: url("/export"), headers: owner.headers });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers["content-type"]).toBe("text/csv; charset=utf-8");
    expect(csv.headers["content-disposition"]).toBe('attachment; filename="customers.csv"');
    expect(csv.body.startsWith(`\uFEFF${header.join(",")}\r\n`)).toBe(true);
    expect(csv.body).toContain("110*************2X");
    expect(csv.body).not.toContain(standardIdNumber);
    expect(csv.body).toContain(
      `H001,华为技术有限公司,公司,${huaweiUsc},,通信设备,战略; 华南,${creditManager.email},`,
    );

    const xlsx = await inject({
      method: "GET",
      url: url("/export?format=xlsx&language=en"),
      headers: owner.headers,
    });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers["content-type"]).toContain("spreadsheetml");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as never);
    expect(workbook.worksheets[0]?.getCell("A1").value).toBe("code");
    expect(workbook.worksheets[0]?.rowCount).toBe((await customerCount()) + 1);

    // A fresh organization that the same owner (of H001) belongs to.
    const fresh = await makeOrganization(context.store(), "Fresh Co.");
    await runCommand(context.store(), (tx) =>
      addMember(tx, fresh.actor, fresh.orgId, { email: creditManager.email, role: "credit_manager" }),
    );
    const freshOwner = await signIn(built, fresh.owner.email);
    const reimported = await inject({
      method: "POST",
      url: url("/import", fresh.orgId),
      headers: freshOwner.headers,
      payload: { format: "xlsx", fileBase64: xlsx.rawPayload.toString("base64") },
    });
    expect(reimported.statusCode, reimported.body.slice(0, 500)).toBe(200);
    expect(reimported.json().imported).toBe(await customerCount());
    const shape = async (orgId: string) => {
      const { items } = await listCustomers(context.store().db, orgId, { limit: 200, search: "0" });
      return items
        .filter((c) => !c.code.startsWith("B"))
        .map(({ code, name, kind, creditCode, industry, tags, ownerUserId, notes }) => ({
          code,
          name,
          kind,
          creditCode,
          industry,
          tags,
          ownerUserId,
          notes,
        }));
    };
    expect(await shape(fresh.orgId)).toEqual(await shape(org.orgId));
    // ID numbers never leave Credence: the fresh organization has the customer without one.
    const { items } = await listCustomers(context.store().db, fresh.orgId, { limit: 1, search: "P001" });
    expect(items[0]).toMatchObject({ kind: "individual", idNumberMasked: null });
  });

  it("offers the import templates", async () => {
    const csv = await inject({
      method: "GET",
      url: url("/import-template?language=en"),
      headers: owner.headers,
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toBe("\uFEFFcode,name,kind,creditCode,idNumber,industry,tags,ownerEmail,notes\r\n");
    const statements = await inject({
      method: "GET",
      url: url("/statements-template"),
      headers: owner.headers,
    });
    expect(statements.statusCode).toBe(200);
    expect(statements.headers["content-type"]).toContain("spreadsheetml");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(statements.rawPayload as never);
    const sheet = defined(workbook.worksheets[0]);
    expect(sheet.getCell("A1").value).toBe("单位：元");
    // The example is last year's annual statement.
    expect(sheet.getCell("B2").value).toEqual(new Date(Date.UTC(new Date().getUTCFullYear() - 1, 11, 31)));
    expect(sheet.getCell("A4").value).toBe("货币资金");
  });

  it("imports statements from XLSX, refuses a period already there, replaces on request", async () => {
    const customer = await addTestCustomer(context.store(), org, "S001");
    const statementsUrl = url(`/${customer.customerId}/statements`);
    const send = async (file: Buffer, replace?: boolean) =>
      inject({
        method: "POST",
        url: `${statementsUrl}/import`,
        headers: owner.headers,
        payload: {
          format: "xlsx",
          fileBase64: file.toString("base64"),
          ...(replace === undefined ? {} : { replace }),
        },
      });
    const created = await send(await statementsXlsx());
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().warnings).toEqual([]);
    expect(created.json().statements).toMatchObject([
      {
        periodEnd: "2024-12-31",
        months: 12,
        currency: "CNY",
        source: "import",
        items: { cash: "1200000.00", revenue: "30000000.00", inventory: null },
      },
      { periodEnd: "2025-12-31", items: { cash: "1505000.00", totalAssets: "16000000.00" } },
    ]);
    const listed = await inject({ method: "GET", url: statementsUrl, headers: owner.headers });
    expect(
      listed.json().items.map((s: { periodEnd: string; source: string }) => `${s.periodEnd} ${s.source}`),
    ).toEqual(["2025-12-31 import", "2024-12-31 import"]);

    const again = await send(await statementsXlsx());
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({
      code: "CONFLICT",
      issues: [
        { path: "B2", cell: "B2", code: "TAKEN", periodEnd: "2024-12-31" },
        { path: "C2", cell: "C2", code: "TAKEN", periodEnd: "2025-12-31" },
      ],
    });
    // Total assets no longer equal liabilities plus equity: accepted, with a warning at the cell.
    const replaced = await send(await statementsXlsx({ C7: 1700 }), true);
    expect(replaced.statusCode).toBe(201);
    expect(replaced.json().warnings).toMatchObject([
      {
        cell: "C7",
        code: "BALANCE_SHEET_UNBALANCED",
        severity: "warning",
        periodEnd: "2025-12-31",
        item: "totalAssets",
      },
    ]);
    expect(replaced.json().statements[1].items.totalAssets).toBe("17000000.00");
  });

  it("refuses a statement file with a bad cell, naming it, and records nothing", async () => {
    const customer = await addTestCustomer(context.store(), org, "S002");
    const response = await inject({
      method: "POST",
      url: url(`/${customer.customerId}/statements/import`),
      headers: owner.headers,
      payload: {
        format: "xlsx",
        fileBase64: (await statementsXlsx({ C5: "二百八十", B4: -5 })).toString("base64"),
      },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      code: "VALIDATION_FAILED",
      issues: [
        { path: "B4", code: "NEGATIVE", item: "cash", periodEnd: "2024-12-31" },
        { path: "C5", code: "NOT_AN_AMOUNT", item: "accountsReceivable", periodEnd: "2025-12-31" },
      ],
    });
    expect(response.json().detail).toContain("C5: 应收账款: 二百八十 is not an amount");
    const listed = await inject({
      method: "GET",
      url: url(`/${customer.customerId}/statements`),
      headers: owner.headers,
    });
    expect(listed.json().items).toEqual([]);
  });
});

for (const engine of engines) {
  describe.skipIf(engine === "postgres" && !postgresAvailable)(
    `credence import/export CLI [${engine}]`,
    () => {
      const harness = cliHarness(engine);
      const { cli, dir } = harness;
      let store: Store;
      let org: TestOrganization;

      const file = (name: string, content: string | Buffer) => {
        const path = join(dir, name);
        writeFileSync(path, content);
        return path;
      };

      beforeAll(async () => {
        await harness.setUp();
        store = await openStore(harness.databaseUrl);
        await migrateToLatest(store);
        org = await makeOrganization(store, "CLI Import Co.");
      });

      afterAll(async () => {
        await store.close();
        await harness.tearDown();
      });

      it("explains the commands with --help", async () => {
        const help = await cli("import", "customers", "--help");
        expect(help.code).toBe(0);
        expect(help.stdout).toContain("--valid-only");
        expect(help.stdout).toContain("客户编码/code");
        expect((await cli("import", "statements", "--help")).stdout).toContain("--customer <code>");
        expect((await cli("export", "customers", "--help")).stdout).toContain("--language <lang>");
      });

      it("imports nothing while a row is invalid (exit 1), then the valid rows with --valid-only", async () => {
        const path = file(
          "customers.csv",
          csvText([
            ["code", "name", "kind", "creditCode", "ownerEmail"],
            ["C001", "华为技术有限公司", "company", huaweiUsc, org.owner.email],
            ["C002", "bad", "company", `${alibabaUsc.slice(0, 17)}X`, ""],
          ]),
        );
        const refused = await cli("import", "customers", path, "--org", org.orgId);
        expect(refused.code).toBe(1);
        expect(refused.stdout).toContain("Nothing imported: 2 rows: 1 valid, 1 invalid.");
        expect(refused.stdout).toContain("row 3 (C002)  creditCode:");
        // A dry run exits as the import would: 1 in all-or-nothing, 0 when the valid rows would go in.
        const dryAll = await cli("import", "customers", path, "--dry-run");
        expect(dryAll.code).toBe(1);
        expect(dryAll.stdout).toContain("Dry run, nothing written. 2 rows: 1 valid, 1 invalid.");
        const dryRun = await cli("import", "customers", path, "--valid-only", "--dry-run", "--json");
        expect(dryRun.code).toBe(0);
        expect(JSON.parse(dryRun.stdout)).toMatchObject({ dryRun: true, valid: 1, invalid: 1, imported: 0 });
        const imported = await cli("import", "customers", path, "--valid-only");
        expect(imported.code).toBe(0);
        expect(imported.stdout).toContain("Imported 1 customers.");
        const { items } = await listCustomers(store.db, org.orgId, { limit: 10 });
        expect(items.map((c) => [c.code, c.ownerUserId])).toEqual([["C001", org.owner.userId]]);
      });

      it("refuses a file it cannot read by its name", async () => {
        const refused = await cli("import", "customers", file("customers.xls", "x"));
        expect(refused.code).toBe(1);
        expect(refused.stderr).toContain("save it as .xlsx first");
      });

      it("exports customers as CSV to stdout and as XLSX to a file", async () => {
        const csv = await cli("export", "customers", "--language", "en");
        expect(csv.code).toBe(0);
        expect(csv.stdout).toContain(`C001,华为技术有限公司,company,${huaweiUsc},,,,${org.owner.email},`);
        const output = join(dir, "customers.xlsx");
        const xlsx = await cli("export", "customers", "--format", "xlsx", "--output", output);
        expect(xlsx.code).toBe(0);
        expect(xlsx.stderr).toContain(`Wrote ${output}`);
        const workbook = new ExcelJS.Workbook();
        await workbook.xlsx.load(readFileSync(output) as never);
        expect(workbook.worksheets[0]?.getCell("B2").value).toBe("华为技术有限公司");
      });

      it("imports statements for a customer by code, and names the bad cell otherwise", async () => {
        const good = await cli(
          "import",
          "statements",
          file("s.xlsx", await statementsXlsx()),
          "--customer",
          "C001",
        );
        expect(good.stderr).toBe("");
        expect(good.code).toBe(0);
        expect(good.stdout).toContain("Recorded the statements of C001 for 2024-12-31, 2025-12-31.");
        const bad = await cli(
          "import",
          "statements",
          file("bad.xlsx", await statementsXlsx({ B5: "n/a" })),
          "--customer",
          "C001",
          "--replace",
        );
        expect(bad.code).toBe(1);
        expect(bad.stderr).toContain("B5: 应收账款: n/a is not an amount");
        const unknown = await cli(
          "import",
          "statements",
          file("s2.xlsx", await statementsXlsx()),
          "--customer",
          "NOPE",
        );
        expect(unknown.code).toBe(1);
        expect(unknown.stderr).toContain('no customer has the code "NOPE"');
      });
    },
  );
}
