import { beforeAll, describe, expect, it } from "vitest";
import { AppError } from "../../src/core/errors.ts";
import { grades } from "../../src/domain/credit/index.ts";
import { type Actor, type Clock, runCommand } from "../../src/services/command.ts";
import { decideApproval, listApprovals } from "../../src/services/credit/approvals.ts";
import { assessCustomer, listAssessments } from "../../src/services/credit/assessments.ts";
import { getCreditStatus } from "../../src/services/credit/credit-account.ts";
import { listStatements } from "../../src/services/credit/evidence.ts";
import { listTasks } from "../../src/services/credit/tasks.ts";
import { type Customer, listCustomers } from "../../src/services/customers.ts";
import { createDemo, demoCreditPlanOf, demoSeedDefault } from "../../src/services/demo.ts";
import { demoGradeCounts, demoStatementDates } from "../../src/services/demo-credit.ts";
import { findUserByEmail } from "../../src/services/people.ts";
import { describeEachEngine } from "../support/engines.ts";

/** 10:00 in Shanghai: the organizations' business date is the same day as the UTC date. */
const today = "2026-11-23";
const clock: Clock = () => new Date(`${today}T02:00:00.000Z`);
const creditGrades = ["AAA", "AA", "A", "BBB", "BB"];
/** The demo includes two years of receivables; PostgreSQL takes longer than SQLite. */
const demoTimeoutMs = 300_000;

describeEachEngine("demo credit data", (context) => {
  let orgIds: ReadonlyArray<string> = [];
  const customersOf = new Map<string, ReadonlyArray<Customer>>();
  let owner: Actor;
  let creditManager: Actor;

  beforeAll(async () => {
    const store = context.store();
    const demo = await createDemo(store, { clock });
    orgIds = demo.orgIds;
    for (const orgId of orgIds) {
      customersOf.set(orgId, (await listCustomers(store.db, orgId, { limit: 200 })).items);
    }
    const user = async (email: string): Promise<Actor> => {
      const row = await findUserByEmail(store.db, email);
      if (row === undefined) throw new Error(`no demo user ${email}`);
      return { userId: row.user_id, label: row.email };
    };
    owner = await user(demo.ownerEmail);
    creditManager = await user("credit@demo.credence.test");
  }, demoTimeoutMs);

  const customers = (orgId: string): ReadonlyArray<Customer> => customersOf.get(orgId) ?? [];

  it("gives several customers every grade in each organization, each the grade its plan designs", () => {
    expect(orgIds).toHaveLength(2);
    for (const [index, orgId] of orgIds.entries()) {
      const planned = new Map(demoCreditPlanOf(demoSeedDefault + index).map((p) => [p.code, p.grade]));
      const list = customers(orgId);
      expect(list).toHaveLength(40);
      for (const customer of list)
        expect([customer.code, customer.grade]).toEqual([customer.code, planned.get(customer.code)]);
      for (const grade of grades) {
        const count = list.filter((c) => c.grade === grade).length;
        expect(count, grade).toBe(demoGradeCounts[grade]);
        expect(count, grade).toBeGreaterThanOrEqual(3);
      }
      // Most in A and BBB.
      const middle = list.filter((c) => c.grade === "A" || c.grade === "BBB").length;
      expect(middle).toBeGreaterThan(list.length / 3);
    }
  });

  it("makes each customer's grade its latest assessment's, valid today, with its evidence", async () => {
    const db = context.store().db;
    for (const orgId of orgIds) {
      for (const customer of customers(orgId)) {
        const status = await getCreditStatus(db, orgId, customer.customerId);
        const [latest] = await listAssessments(db, orgId, customer.customerId);
        expect(latest).toBeDefined();
        expect(status.grade).toBe(latest?.grade);
        expect(status.assessmentId).toBe(latest?.assessmentId);
        expect(latest?.assessedOn).toBe(today);
        expect(status.assessmentExpiresOn).toBe("2027-11-22");
        const statements = await listStatements(db, orgId, customer.customerId);
        if (customer.kind === "company") {
          // Two years, so that revenue growth is computed; no statement warns.
          expect(latest?.statementPeriodEnd).toBe("2025-12-31");
          expect(latest?.ratios.revenueGrowth.value).not.toBeNull();
          expect(statements.map((s) => s.periodEnd)).toEqual(
            expect.arrayContaining(["2025-12-31", "2024-12-31"]),
          );
          for (const statement of statements) expect(statement.warnings).toEqual([]);
        } else {
          expect(statements).toEqual([]);
          expect(latest?.creditReportId).not.toBeNull();
        }
      }
    }
  });

  it("gives the credit grades a limit on net terms and the weak grades none", async () => {
    const db = context.store().db;
    for (const orgId of orgIds) {
      for (const customer of customers(orgId)) {
        const status = await getCreditStatus(db, orgId, customer.customerId);
        if (creditGrades.includes(customer.grade ?? "")) {
          expect(status.limitMinor, customer.code).toBeGreaterThan(0n);
          expect(status.terms.kind).toBe("net");
        } else {
          expect(status.limitMinor, customer.code).toBe(0n);
          expect(status.terms).toEqual({ kind: "cash_in_advance" });
        }
      }
      // Limits above the approval threshold went through the owner, never the credit manager alone.
      const approved = await listApprovals(db, orgId, { status: "approved" });
      expect(approved.length).toBeGreaterThan(0);
      for (const approval of approved) {
        expect(approval.requestedByUserId).toBe(creditManager.userId);
        expect(approval.decidedByUserId).toBe(owner.userId);
      }
    }
  });

  it("leaves an override waiting for the owner, which the credit manager cannot approve", async () => {
    const store = context.store();
    for (const orgId of orgIds) {
      const pending = await listApprovals(store.db, orgId, { status: "pending" });
      const override = pending.find((a) => a.request.kind === "limit");
      expect(override?.grounds).toContain("POLICY_OVERRIDE");
      expect(override?.requestedByUserId).toBe(creditManager.userId);
      expect(override?.reason).not.toBe("");
      expect(pending.some((a) => a.request.kind === "temporary_increase")).toBe(true);
      if (override === undefined) continue;
      const self = runCommand(
        store,
        (tx) => decideApproval(tx, creditManager, orgId, override.approvalId, { decision: "approve" }),
        clock,
      );
      await expect(self).rejects.toThrowError(AppError);
      await expect(self).rejects.toMatchObject({ code: "SELF_APPROVAL" });
      const decided = await runCommand(
        store,
        (tx) => decideApproval(tx, owner, orgId, override.approvalId, { decision: "approve" }),
        clock,
      );
      expect(decided.status).toBe("approved");
      const status = await getCreditStatus(store.db, orgId, override.customerId);
      expect(override.request.kind === "limit" && status.limitMinor === override.request.limitMinor).toBe(
        true,
      );
    }
  });

  it("puts one customer on hold with a reason and gives one a temporary increase", async () => {
    const db = context.store().db;
    for (const orgId of orgIds) {
      const statuses = await Promise.all(
        customers(orgId).map((c) => getCreditStatus(db, orgId, c.customerId)),
      );
      const held = statuses.filter((s) => s.onHold);
      expect(held).toHaveLength(1);
      expect(held[0]?.holdReason).toMatch(/\S/);
      const increased = statuses.filter((s) => s.temporaryIncrease !== null);
      expect(increased).toHaveLength(1);
      expect(increased[0]?.temporaryIncrease?.expiresOn).toBe("2027-01-07");
    }
  });

  it("leaves re-assessment tasks open for new statements, which an assessment closes", async () => {
    const store = context.store();
    for (const orgId of orgIds) {
      const open = await listTasks(store.db, orgId, { status: "open" });
      expect(open.length).toBeGreaterThanOrEqual(3);
      for (const task of open) {
        expect(task.trigger).toBe("new_statement");
        expect(task.dueOn).toBe(today);
        const statements = await listStatements(store.db, orgId, task.customerId);
        expect(statements[0]).toMatchObject({ periodEnd: "2026-09-30", months: 9 });
      }
      const [first] = open;
      if (first === undefined) continue;
      const before = await getCreditStatus(store.db, orgId, first.customerId);
      const assessment = await runCommand(
        store,
        (tx) => assessCustomer(tx, creditManager, orgId, first.customerId),
        clock,
      );
      // The quarter's figures keep the customer's ratios, so its grade holds.
      expect(assessment.statementPeriodEnd).toBe("2026-09-30");
      expect(assessment.grade).toBe(before.grade);
      const still = await listTasks(store.db, orgId, { status: "open" });
      expect(still.map((t) => t.taskId)).not.toContain(first.taskId);
    }
  });
});

describe("demo statement dates", () => {
  it("takes the last quarter end before today and the two year ends before its year", () => {
    expect(demoStatementDates("2026-11-23")).toEqual({
      interim: { periodEnd: "2026-09-30", months: 9 },
      latestYearEnd: "2025-12-31",
      previousYearEnd: "2024-12-31",
    });
    // A quarter end itself is not yet reported on that day.
    expect(demoStatementDates("2026-09-30").interim).toEqual({ periodEnd: "2026-06-30", months: 6 });
    expect(demoStatementDates("2026-10-01").interim).toEqual({ periodEnd: "2026-09-30", months: 9 });
    // In the first quarter the last quarter end is last year's: full-year management accounts.
    expect(demoStatementDates("2027-02-10")).toEqual({
      interim: { periodEnd: "2026-12-31", months: 12 },
      latestYearEnd: "2025-12-31",
      previousYearEnd: "2024-12-31",
    });
  });
});
