import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCommand } from "../../src/services/command.ts";
import { requestLimit } from "../../src/services/credit/approvals.ts";
import { recordStatement } from "../../src/services/credit/evidence.ts";
import { openStore, type Store } from "../../src/store/database.ts";
import { migrateToLatest } from "../../src/store/migrations.ts";
import { cliHarness } from "../support/cli.ts";
import { engines, postgresAvailable } from "../support/engines.ts";
import {
  addTestCustomer,
  addTestMember,
  makeOrganization,
  type TestOrganization,
} from "../support/fixtures.ts";

const yuan = (amount: number) => BigInt(amount) * 100n;

for (const engine of engines) {
  describe.skipIf(engine === "postgres" && !postgresAvailable)(`credence credit [${engine}]`, () => {
    const harness = cliHarness(engine);
    const { cli } = harness;
    let store: Store;
    let org: TestOrganization;
    let managerEmail: string;

    beforeAll(async () => {
      await harness.setUp();
      store = await openStore(harness.databaseUrl);
      await migrateToLatest(store);
      org = await makeOrganization(store, "CLI Credit Co.");
      managerEmail = (await addTestMember(store, org, "credit_manager")).email;
      const customer = await addTestCustomer(store, org, "K001");
      await runCommand(store, (tx) =>
        recordStatement(
          tx,
          org.actor,
          org.orgId,
          customer.customerId,
          {
            periodEnd: "2025-12-31",
            months: 12,
            currency: "CNY",
            cash: yuan(200_000),
            accountsReceivable: yuan(300_000),
            inventory: yuan(250_000),
            currentAssets: yuan(1_000_000),
            totalAssets: yuan(2_500_000),
            currentLiabilities: yuan(500_000),
            totalLiabilities: yuan(1_000_000),
            retainedEarnings: yuan(600_000),
            equity: yuan(1_500_000),
            revenue: yuan(6_000_000),
            operatingProfit: yuan(600_000),
            interestExpense: yuan(50_000),
            netProfit: yuan(450_000),
            operatingCashFlow: yuan(500_000),
          },
          { source: "manual" },
        ),
      );
    });

    afterAll(async () => {
      await store.close();
      await harness.tearDown();
    });

    it("assesses, shows the standing and checks an order (exit 3 when it blocks)", async () => {
      const help = await cli("credit", "--help");
      for (const command of ["status", "check", "assess", "reassess", "approvals", "decide"]) {
        expect(help.stdout).toContain(command);
      }
      const assessed = await cli("credit", "assess", "--customer", "K001", "--json");
      expect(assessed.stderr).toBe("");
      const assessment = JSON.parse(assessed.stdout);
      expect(assessment).toMatchObject({ customerId: expect.any(String), scorecardVersion: 1 });
      const status = JSON.parse((await cli("credit", "status", "--customer", "K001", "--json")).stdout);
      expect(status).toMatchObject({
        grade: assessment.grade,
        limitMinor: "0",
        check: { decision: "block" },
      });
      const check = await cli("credit", "check", "--customer", "K001", "--amount", "100.00");
      expect(check.code).toBe(3);
      expect(check.stdout).toContain("block: NO_LIMIT");
      const unknown = await cli("credit", "status", "--customer", "NOPE");
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toContain('no customer with code "NOPE"');
    });

    it("lets a second person decide from the command line, never the requester", async () => {
      const customerId = JSON.parse((await cli("credit", "status", "--customer", "K001", "--json")).stdout)
        .customerId as string;
      const outcome = await runCommand(store, (tx) =>
        requestLimit(tx, org.actor, org.orgId, customerId, {
          limitMinor: yuan(5_000_000),
          terms: { kind: "net", days: 90 },
          reason: "group guarantee",
        }),
      );
      expect(outcome.outcome).toBe("pending");
      const approvalId = outcome.outcome === "pending" ? outcome.approval.approvalId : "";
      const queue = await cli("credit", "approvals");
      expect(queue.stdout).toContain(approvalId);
      expect(queue.stdout).toContain("group guarantee");

      const self = await cli("credit", "decide", approvalId, "--approve", "--as", org.owner.email);
      expect(self.code).toBe(1);
      expect(self.stderr).toContain("SELF_APPROVAL");
      const approved = await cli("credit", "decide", approvalId, "--approve", "--as", managerEmail);
      expect(approved.stderr).toBe("");
      expect(approved.stdout).toContain("approved");
      const status = JSON.parse((await cli("credit", "status", "--customer", "K001", "--json")).stdout);
      expect(status.limitMinor).toBe("500000000");
    });
  });
}
