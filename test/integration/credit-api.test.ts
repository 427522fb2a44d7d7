import type { InjectOptions } from "fastify";
import { beforeAll, expect, it } from "vitest";
import type { BuiltApp } from "../../src/api/app.ts";
import { AppError } from "../../src/core/errors.ts";
import { runScheduledJobs } from "../../src/jobs/scheduler.ts";
import { deliveryDisabled } from "../../src/notify/mailer.ts";
import { type Clock, runCommand } from "../../src/services/command.ts";
import { reserveCredit } from "../../src/services/credit/check.ts";
import { applyCreditChange } from "../../src/services/credit/credit-account.ts";
import { listTasks, runReassessments } from "../../src/services/credit/tasks.ts";
import { postEvents } from "../../src/services/ledger/index.ts";
import { describeEachEngine } from "../support/engines.ts";
import {
  addTestCustomer,
  addTestMember,
  addTestToken,
  fixedClock,
  makeOrganization,
  soundStatementItems as soundItems,
  type TestOrganization,
} from "../support/fixtures.ts";
import { makeTestApp, type Session, signIn } from "../support/http.ts";

/**
 * A sound mid-sized trading company, in 元. By hand:
 *   资产负债率 1,000,000 / 2,500,000 = 0.4000      流动比率 1,000,000 / 500,000 = 2.0000
 *   速动比率 (1,000,000 − 250,000) / 500,000 = 1.5000   利息保障倍数 600,000 / 50,000 = 12.0000
 *   现金流动负债比 500,000 / 500,000 = 1.0000       销售净利率 450,000 / 6,000,000 = 0.0750
 *   Z'' = 6.56 × 0.2 + 3.26 × 0.24 + 6.72 × 0.24 + 1.05 × 1.5 = 5.2822 (safe)
 */

describeEachEngine("credit API", (context) => {
  let built: BuiltApp;
  let org: TestOrganization;
  let owner: Session;
  let manager: Session;
  let collector: Session;
  let managerToken: string;

  beforeAll(async () => {
    const store = context.store();
    // The expected dates are the fixed clock's (2026-11-23 in Asia/Shanghai), not the machine's.
    built = await makeTestApp(store, { clock: fixedClock });
    org = await makeOrganization(store, "Credit Co.");
    owner = await signIn(built, org.owner.email);
    const credit = await addTestMember(store, org, "credit_manager");
    manager = await signIn(built, credit.email);
    managerToken = (await addTestToken(store, org, credit.userId)).token;
    collector = await signIn(built, (await addTestMember(store, org, "collector")).email);
  });

  const inject = (options: InjectOptions) => built.app.inject(options);
  const url = (path: string) => `/api/v1/orgs/${org.orgId}${path}`;
  const newCustomer = async (code: string) => (await addTestCustomer(context.store(), org, code)).customerId;
  const post = (session: Session, path: string, payload: unknown) =>
    inject({ method: "POST", url: url(path), headers: session.headers, payload: payload as object });
  const get = (session: Session, path: string) =>
    inject({ method: "GET", url: url(path), headers: session.headers });

  it("records statements, assesses with ratios, Z'' and reasons, and recommends by the policy", async () => {
    const id = await newCustomer("C100");
    const nothing = await post(manager, `/customers/${id}/assessments`, {});
    expect(nothing.statusCode).toBe(422);
    expect(nothing.json()).toMatchObject({ code: "STATEMENT_REQUIRED" });

    const recorded = await post(manager, `/customers/${id}/statements`, {
      periodEnd: "2025-12-31",
      months: 12,
      items: soundItems,
    });
    expect(recorded.statusCode).toBe(201);
    expect(recorded.json()).toMatchObject({ currency: "CNY", items: { equity: "1500000.00" }, warnings: [] });
    const again = await post(manager, `/customers/${id}/statements`, {
      periodEnd: "2025-12-31",
      items: soundItems,
    });
    expect(again.statusCode).toBe(409);
    const bad = await post(manager, `/customers/${id}/statements`, {
      periodEnd: "2024-12-31",
      items: { ...soundItems, revenue: "-5", cash: "12.345" },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues[0]).toMatchObject({ path: "items.cash", code: "INVALID_AMOUNT" });

    const assessed = await post(manager, `/customers/${id}/assessments`, {});
    expect(assessed.statusCode).toBe(201);
    const a = assessed.json();
    expect(a.ratios).toMatchObject({
      debtRatio: { value: "0.4000", reason: null },
      currentRatio: { value: "2.0000" },
      quickRatio: { value: "1.5000" },
      interestCoverage: { value: "12.0000" },
      operatingCashFlowRatio: { value: "1.0000" },
      netMargin: { value: "0.0750" },
      revenueGrowth: { value: null, reason: "MISSING" },
    });
    expect(a.altman).toEqual({ score: "5.2822", zone: "safe", reason: null });
    expect(a.score).toBeGreaterThanOrEqual(0);
    expect(a.score).toBeLessThanOrEqual(1000);
    expect(a.reasons.length).toBeGreaterThan(0);
    expect(a.expiresOn).toBe("2027-11-22");

    // The limit is the least of the grade's ceilings, rounded down to the policy's multiple.
    const policy = (await get(manager, "/credit/policy")).json();
    const rule = policy.byGrade[a.grade];
    const ceilings = [
      rule.limit.netAssetsShare === null ? null : Number(rule.limit.netAssetsShare) * 1_500_000,
      rule.limit.revenueShare === null ? null : Number(rule.limit.revenueShare) * 6_000_000,
      rule.limit.cap === null ? null : Number(rule.limit.cap),
    ].filter((x): x is number => x !== null);
    const expected = Math.floor(Math.min(...ceilings) / 1000) * 1000;
    expect(Number(a.recommendation.limit)).toBe(expected);
    expect(a.recommendation.terms).toEqual(rule.terms);

    const credit = (await get(collector, `/customers/${id}/credit`)).json();
    expect(credit).toMatchObject({
      grade: a.grade,
      score: a.score,
      assessmentId: a.assessmentId,
      limit: "0.00",
    });
    const history = (await get(collector, `/customers/${id}/assessments`)).json();
    expect(history.items.map((x: { assessmentId: string }) => x.assessmentId)).toEqual([a.assessmentId]);
  });

  it("says 'not meaningful' with the reason for zero and negative denominators", async () => {
    const id = await newCustomer("C101");
    await post(manager, `/customers/${id}/statements`, {
      periodEnd: "2025-12-31",
      items: {
        ...soundItems,
        currentLiabilities: "0",
        interestExpense: "0",
        totalLiabilities: "1000000",
        revenue: "0",
        netProfit: "-10000",
      },
    });
    const a = (await post(manager, `/customers/${id}/assessments`, {})).json();
    expect(a.ratios.currentRatio).toEqual({ value: null, reason: "ZERO_DENOMINATOR" });
    expect(a.ratios.interestCoverage).toEqual({ value: null, reason: "ZERO_DENOMINATOR" });
    expect(a.ratios.netMargin).toEqual({ value: null, reason: "ZERO_DENOMINATOR" });
    expect(JSON.stringify(a)).not.toMatch(/NaN|Infinity/);
  });

  it("needs a second person for a large or generous limit: never the requester, by session or token", async () => {
    const id = await newCustomer("C102");
    await post(manager, `/customers/${id}/statements`, { periodEnd: "2025-12-31", items: soundItems });
    const a = (await post(manager, `/customers/${id}/assessments`, {})).json();

    const noReason = await post(manager, `/customers/${id}/credit/limit`, {
      limit: "9999000",
      terms: { kind: "net", days: 120 },
    });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().issues[0]).toMatchObject({ path: "reason", code: "REQUIRED" });

    const requested = await post(manager, `/customers/${id}/credit/limit`, {
      limit: "9999000",
      terms: { kind: "net", days: 120 },
      reason: "strategic customer, parent guarantee",
    });
    expect(requested.statusCode).toBe(202);
    const approval = requested.json().approval;
    expect(approval).toMatchObject({
      status: "pending",
      kind: "limit",
      request: { limit: "9999000.00", terms: { kind: "net", days: 120 }, assessmentId: a.assessmentId },
      currentLimit: "0.00",
      grounds: ["LIMIT_INCREASE_ABOVE_THRESHOLD", "POLICY_OVERRIDE"],
    });
    expect((await get(manager, `/customers/${id}/credit`)).json()).toMatchObject({
      limit: "0.00",
      pendingApprovals: 1,
    });
    const twice = await post(manager, `/customers/${id}/credit/limit`, {
      limit: "8000000",
      terms: { kind: "net", days: 90 },
      reason: "a second request while the first waits",
    });
    expect(twice.statusCode).toBe(409);

    const decision = `/credit/approvals/${approval.approvalId}/decision`;
    const self = await post(manager, decision, { decision: "approve" });
    expect(self.statusCode).toBe(409);
    expect(self.json()).toMatchObject({ code: "SELF_APPROVAL" });
    const byToken = await inject({
      method: "POST",
      url: url(decision),
      headers: { authorization: `Bearer ${managerToken}`, "content-type": "application/json" },
      payload: { decision: "approve" },
    });
    expect(byToken.json()).toMatchObject({ code: "SELF_APPROVAL" });
    expect((await post(collector, decision, { decision: "approve" })).statusCode).toBe(403);

    const queue = (await get(owner, "/credit/approvals")).json();
    expect(queue.items.map((x: { approvalId: string }) => x.approvalId)).toContain(approval.approvalId);
    const approved = await post(owner, decision, { decision: "approve", reason: "guarantee seen" });
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toMatchObject({ status: "approved", decisionReason: "guarantee seen" });
    expect((await post(owner, decision, { decision: "reject", reason: "no" })).json()).toMatchObject({
      code: "ALREADY_DECIDED",
    });
    const credit = (await get(manager, `/customers/${id}/credit`)).json();
    expect(credit).toMatchObject({
      limit: "9999000.00",
      terms: { kind: "net", days: 120 },
      utilization: "0.0000",
      pendingApprovals: 0,
      check: { decision: "pass", reasons: [] },
    });

    // Every step is in the audit log.
    const audit = await context
      .store()
      .db.selectFrom("audit_log")
      .select("action")
      .where("org_id", "=", org.orgId)
      .where("entity_id", "=", id)
      .orderBy("seq")
      .execute();
    expect(audit.map((row) => row.action)).toEqual(
      expect.arrayContaining(["credit.approval_requested", "credit.approval_approved", "credit.limit"]),
    );
  });

  it("applies a conservative limit at once, with a reason; holds and releases", async () => {
    const id = await newCustomer("C103");
    await post(manager, `/customers/${id}/statements`, { periodEnd: "2025-12-31", items: soundItems });
    await post(manager, `/customers/${id}/assessments`, {});
    const applied = await post(manager, `/customers/${id}/credit/limit`, {
      limit: "50000",
      terms: { kind: "net", days: 15 },
      reason: "new relationship: start small",
    });
    expect(applied.statusCode).toBe(200);
    expect(applied.json()).toMatchObject({ outcome: "applied", credit: { limit: "50000.00" } });

    const check = await post(collector, `/customers/${id}/credit/check`, { amount: "54000" });
    expect(check.json()).toMatchObject({
      decision: "warn",
      reasons: ["WITHIN_TOLERANCE"],
      toleranceLimit: "55000.00",
      headroom: "-4000.00",
    });
    expect(
      (await post(collector, `/customers/${id}/credit/check`, { amount: "55000.01" })).json(),
    ).toMatchObject({
      decision: "block",
      reasons: ["OVER_LIMIT"],
    });

    const noReason = await post(manager, `/customers/${id}/credit/hold`, { reason: " " });
    expect(noReason.statusCode).toBe(400);
    const held = await post(manager, `/customers/${id}/credit/hold`, { reason: "bounced cheque" });
    expect(held.json()).toMatchObject({
      onHold: true,
      holdReason: "bounced cheque",
      check: { decision: "block" },
    });
    const released = await post(manager, `/customers/${id}/credit/release`, { reason: "paid in cash" });
    expect(released.json()).toMatchObject({ onHold: false, check: { decision: "pass" } });

    const temporary = await post(manager, `/customers/${id}/credit/temporary-increase`, {
      amount: "20000",
      expiresOn: "2026-12-31",
      reason: "year-end stocking",
    });
    expect(temporary.statusCode).toBe(200);
    expect(temporary.json().credit).toMatchObject({
      effectiveLimit: "70000.00",
      temporaryIncrease: { amount: "20000.00", expiresOn: "2026-12-31" },
    });
    const tooLong = await post(manager, `/customers/${id}/credit/temporary-increase`, {
      amount: "20000",
      expiresOn: "2027-12-31",
      reason: "x",
    });
    expect(tooLong.statusCode).toBe(400);
  });

  it("lets only one of several racing orders take the last headroom", async () => {
    const store = context.store();
    const id = await newCustomer("C104");
    await post(manager, `/customers/${id}/statements`, { periodEnd: "2025-12-31", items: soundItems });
    await post(manager, `/customers/${id}/assessments`, {});
    await runCommand(store, (tx) =>
      applyCreditChange(
        tx,
        org.actor,
        org.orgId,
        id,
        { kind: "limit", limitMinor: 100_000n, terms: { kind: "net", days: 30 } },
        { reason: "race" },
      ),
    );
    // Limit 1,000.00 with 10 % tolerance: 1,100.00. Five orders of 300.00: three fit, two must not.
    const order = () =>
      runCommand(store, async (tx) => {
        await reserveCredit(tx, org.orgId, id, 30_000n, "2026-11-23");
        await postEvents(tx, org.actor, org.orgId, [
          {
            type: "invoice_issued",
            date: "2026-11-23",
            currency: "CNY",
            customerId: id,
            amounts: { net: 30_000n, tax: 0n },
            memo: "race",
            sourceType: null,
            sourceId: null,
          },
        ]);
      });
    const results = await Promise.allSettled([order(), order(), order(), order(), order()]);
    const passed = results.filter((r) => r.status === "fulfilled").length;
    const blocked = results.filter(
      (r) => r.status === "rejected" && r.reason instanceof AppError && r.reason.code === "CREDIT_BLOCKED",
    ).length;
    expect([passed, blocked]).toEqual([3, 2]);
    const credit = (await get(manager, `/customers/${id}/credit`)).json();
    expect(credit.exposure.total).toBe("900.00");
  });

  it("keeps scorecards and policies in versions and refuses invalid ones by field", async () => {
    const card = (await get(collector, "/credit/scorecard")).json();
    expect(card).toMatchObject({ version: 1, createdBy: null });
    const { version: _v, createdBy: _b, createdAt: _a, ...body } = card;
    const saved = await inject({
      method: "PUT",
      url: url("/credit/scorecard"),
      headers: manager.headers,
      payload: { ...body, name: "Stricter" },
    });
    expect(saved.statusCode).toBe(201);
    expect(saved.json()).toMatchObject({ version: 2, name: "Stricter" });
    const broken = await inject({
      method: "PUT",
      url: url("/credit/scorecard"),
      headers: manager.headers,
      payload: {
        ...body,
        factors: body.factors.map((f: object, i: number) => (i === 0 ? { ...f, weight: 1 } : f)),
      },
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().issues[0]).toMatchObject({ code: "WEIGHTS_NOT_100" });
    const forbidden = await inject({
      method: "PUT",
      url: url("/credit/scorecard"),
      headers: collector.headers,
      payload: body,
    });
    expect(forbidden.statusCode).toBe(403);

    const policy = (await get(manager, "/credit/policy")).json();
    const { version: _pv, createdBy: _pb, createdAt: _pa, ...policyBody } = policy;
    const savedPolicy = await inject({
      method: "PUT",
      url: url("/credit/policy"),
      headers: owner.headers,
      payload: { ...policyBody, approvalThreshold: "50000.00" },
    });
    expect(savedPolicy.statusCode).toBe(201);
    expect(savedPolicy.json()).toMatchObject({ version: 2, approvalThreshold: "50000.00" });
    const badPolicy = await inject({
      method: "PUT",
      url: url("/credit/policy"),
      headers: owner.headers,
      payload: { ...policyBody, warnToleranceShare: "1.5" },
    });
    expect(badPolicy.statusCode).toBe(400);
    expect(badPolicy.json().issues[0]).toMatchObject({ path: "warnToleranceShare" });
    const otherCurrency = await inject({
      method: "PUT",
      url: url("/credit/policy"),
      headers: owner.headers,
      payload: { ...policyBody, currency: "USD" },
    });
    expect(otherCurrency.json()).toMatchObject({ code: "CURRENCY_MISMATCH" });
  });

  it("schedules re-assessment tasks on new statements and periodically, and runs them", async () => {
    const store = context.store();
    const id = await newCustomer("C105");
    await post(manager, `/customers/${id}/statements`, { periodEnd: "2025-12-31", items: soundItems });
    const open = (await get(collector, "/credit/tasks"))
      .json()
      .items.filter((t: { customerId: string }) => t.customerId === id);
    expect(open).toMatchObject([{ trigger: "new_statement", status: "open", dueOn: "2026-11-23" }]);
    const ran = await post(manager, "/credit/tasks/run", {});
    expect(ran.statusCode).toBe(200);
    const done = await listTasks(store.db, org.orgId, { status: "done", customerId: id });
    expect(done).toHaveLength(1);
    expect(done[0]?.assessmentId).not.toBeNull();

    // 200 days later the assessment is older than the 180-day interval: a periodic task, run at once.
    const later: Clock = () => new Date("2027-06-11T02:00:00.000Z");
    const result = await runReassessments(store, org.orgId, { clock: later });
    expect(result.scheduled).toBeGreaterThanOrEqual(1);
    const tasks = await listTasks(store.db, org.orgId, { status: "all", customerId: id });
    expect(tasks.map((t) => [t.trigger, t.status])).toEqual([
      ["periodic", "done"],
      ["new_statement", "done"],
    ]);
    const assessments = (await get(manager, `/customers/${id}/assessments`)).json().items;
    expect(assessments[0]).toMatchObject({ assessedOn: "2027-06-11", createdBy: "system" });

    // The scheduler's pass (the end-of-day batch `credence serve` runs) finds nothing more to do today.
    const errors: string[] = [];
    await runScheduledJobs(
      store,
      { info: () => {}, error: (message) => errors.push(message) },
      { delivery: deliveryDisabled, eodTime: "01:00", clock: later },
    );
    expect(errors).toEqual([]);
    expect(await listTasks(store.db, org.orgId, { status: "open", customerId: id })).toEqual([]);
  });
});
