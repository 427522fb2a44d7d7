import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore } from "../../src/store/database.ts";
import { cliHarness } from "../support/cli.ts";
import { engines, postgresAvailable } from "../support/engines.ts";

for (const engine of engines) {
  describe.skipIf(engine === "postgres" && !postgresAvailable)(`credence CLI [${engine}]`, () => {
    const harness = cliHarness(engine);
    const { cli, dir, databaseUrl } = harness;

    beforeAll(() => harness.setUp());
    afterAll(() => harness.tearDown());

    it("explains itself with --help", async () => {
      const help = await cli("--help");
      expect(help.code).toBe(0);
      for (const command of ["serve", "migrate", "demo", "user", "verify", "export", "report"])
        expect(help.stdout).toContain(command);
      const serveHelp = await cli("serve", "--help");
      expect(serveHelp.stdout).toContain("--demo-if-empty");
      const userAddHelp = await cli("user", "add", "--help");
      expect(userAddHelp.stdout).toContain("--role <role>");
    });

    it("migrates once and then reports up to date", async () => {
      const first = await cli("migrate", "--json");
      expect(first.stderr).toBe("");
      expect(first.code).toBe(0);
      expect(JSON.parse(first.stdout).applied).toContain("0001_foundation");
      const second = await cli("migrate");
      expect(second.stdout).toContain("Up to date");
    });

    let orgIds: string[] = [];
    it("creates the demo once, reproducibly", async () => {
      const created = await cli("demo", "--json");
      expect(created.code).toBe(0);
      const result = JSON.parse(created.stdout);
      expect(result).toMatchObject({ created: true, ownerEmail: "owner@demo.credence.test" });
      orgIds = result.orgIds;
      expect(orgIds).toHaveLength(2);
      const again = await cli("demo", "--json");
      expect(JSON.parse(again.stdout)).toMatchObject({ created: false });
      // Two years of receivables through the services: tens of seconds on a busy PostgreSQL.
    }, 240_000);

    it("adds a user to an organization and prints the initial password once", async () => {
      const added = await cli(
        "user",
        "add",
        "--email",
        "new.person@example.test",
        "--name",
        "New Person",
        "--org",
        orgIds[0] ?? "",
        "--role",
        "collector",
      );
      expect(added.code).toBe(0);
      expect(added.stdout).toMatch(/Added new\.person@example\.test as collector/);
      expect(added.stdout).toMatch(/Initial password \(shown once\): \S{12,}/);
    });

    it("fails clearly on bad arguments, with a non-zero exit", async () => {
      const badRole = await cli(
        "user",
        "add",
        "--email",
        "x@example.test",
        "--org",
        orgIds[0] ?? "",
        "--role",
        "boss",
      );
      expect(badRole.code).toBe(1);
      expect(badRole.stderr).toContain("--role must be one of");
      const badOrg = await cli(
        "user",
        "add",
        "--email",
        "x@example.test",
        "--name",
        "X",
        "--org",
        "not-an-id",
        "--role",
        "auditor",
      );
      expect(badOrg.code).toBe(1);
      expect(badOrg.stderr).toContain("--org must be an organization id");
      const noOrg = await cli(
        "user",
        "add",
        "--email",
        "x@example.test",
        "--name",
        "X",
        "--org",
        "01900000-0000-7000-8000-000000000000",
        "--role",
        "auditor",
      );
      expect(noOrg.code).toBe(1);
      expect(noOrg.stderr).toContain("NOT_FOUND");
      const unknown = await cli("frobnicate");
      expect(unknown.code).not.toBe(0);
    });

    it("verifies the audit chains, and names the first tampered record", async () => {
      const clean = await cli("verify", "--json");
      expect(clean.code).toBe(0);
      const report = JSON.parse(clean.stdout);
      expect(report.ok).toBe(true);
      expect(report.audit).toHaveLength(2);

      const store = await openStore(databaseUrl);
      await store.db
        .updateTable("audit_log")
        .set({ action: "customer.deleted" })
        .where("org_id", "=", orgIds[1] ?? "")
        .where("seq", "=", 9n)
        .execute();
      await store.close();
      const tampered = await cli("verify");
      expect(tampered.code).toBe(2);
      expect(tampered.stdout).toContain(`BROKEN  audit chain of ${orgIds[1]}: record 9 (hash)`);
    });

    it("exports the journal and reports the trial balance, and asks which organization", async () => {
      const org = orgIds[0] ?? "";
      const ambiguous = await cli("report", "trial-balance", "--as-of", "2030-12-31");
      expect(ambiguous.code).toBe(1);
      expect(ambiguous.stderr).toContain("choose one with --org ID");
      const tb = await cli(
        "report",
        "trial-balance",
        "--as-of",
        "2030-12-31",
        "--format",
        "json",
        "--org",
        org,
      );
      expect(tb.code).toBe(0);
      const document = JSON.parse(tb.stdout);
      expect(document).toMatchObject({ from: null, to: "2030-12-31", balanced: true });
      expect(document.rows.find((r: { code: string }) => r.code === "1122")).toBeDefined();
      const file = join(dir, "demo.journal");
      const exported = await cli("export", "journal", "--format", "hledger", "--org", org, "--output", file);
      expect(exported.code).toBe(0);
      expect(readFileSync(file, "utf8")).toContain("记-0001");
      const badFormat = await cli("export", "journal", "--format", "pdf", "--org", org);
      expect(badFormat.code).toBe(1);
      expect(badFormat.stderr).toContain("--format must be one of");
      const badDate = await cli("report", "trial-balance", "--as-of", "30.11.2026", "--org", org);
      expect(badDate.code).not.toBe(0);
    });

    it("verifies the ledger, and names a voucher whose line was altered", async () => {
      const clean = JSON.parse((await cli("verify", "--json", "--org", orgIds[0] ?? "")).stdout);
      expect(clean.ledger[0]).toMatchObject({ ok: true, unbalancedVouchers: [] });
      expect(Number(clean.ledger[0].lines)).toBeGreaterThan(100);
      const store = await openStore(databaseUrl);
      const line = await store.db
        .selectFrom("journal_lines")
        .select(["voucher_id", "line_no"])
        .where("org_id", "=", orgIds[0] ?? "")
        .where("debit_minor", ">", 0n)
        .executeTakeFirstOrThrow();
      await store.db
        .updateTable("journal_lines")
        .set((eb) => ({ debit_minor: eb("debit_minor", "+", 1n) }))
        .where("voucher_id", "=", line.voucher_id)
        .where("line_no", "=", line.line_no)
        .execute();
      await store.close();
      const tampered = await cli("verify", "--org", orgIds[0] ?? "");
      expect(tampered.code).toBe(2);
      expect(tampered.stdout).toContain(`voucher ${line.voucher_id} is off by 1 minor units of CNY`);
      expect(tampered.stdout).toContain("trial balance off by 1 minor units of CNY");
    });
  });
}
