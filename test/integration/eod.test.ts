import type { InjectOptions } from "fastify";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eodSteps } from "../../src/domain/collections/index.ts";
import { listEodRuns, runEndOfDay } from "../../src/services/collections/eod.ts";
import type { Clock } from "../../src/services/command.ts";
import { openStore, type Store } from "../../src/store/database.ts";
import { migrateToLatest } from "../../src/store/migrations.ts";
import { cliHarness } from "../support/cli.ts";
import { describeEachEngine, engines, postgresAvailable } from "../support/engines.ts";
import {
  addTestCustomer,
  addTestMember,
  fixedClock,
  grantTestCredit,
  makeOrganization,
  type TestOrganization,
} from "../support/fixtures.ts";
import { makeTestApp, type Session, signIn } from "../support/http.ts";

/**
 * The end-of-day batch on both engines: a date runs once (a second run changes nothing); missed
 * dates are caught up in order; a date another instance holds is left alone until its lease runs
 * out; and a run killed midway (SIGKILL, through the CLI) resumes and ends in the same state as an
 * uninterrupted run of a twin organization. Today is 2026-11-23 (the fixed clock).
 */

const at =
  (instant: string): Clock =>
  () =>
    new Date(instant);

/** 120,000.00 over 12 months from 2026-08-23: on 11-23 the down payment and two installments are overdue. */
const planTerms = {
  principal: "120000.00",
  method: "equal-installment",
  periods: 12,
  frequency: "monthly",
  startDate: "2026-08-23",
  annualRate: "0.08",
  downPayment: "20000.00",
};

/**
 * An organization's receivables for the batch: a plan with overdue installments (customer P), an
 * invoice 53 days overdue (customer L) and one not yet due (customer N).
 */
async function seedBooks(
  store: Store,
  name: string,
): Promise<{ org: TestOrganization; ids: Record<string, string> }> {
  const built = await makeTestApp(store, { clock: fixedClock });
  try {
    const org = await makeOrganization(store, name);
    const manager = await signIn(built, (await addTestMember(store, org, "credit_manager")).email);
    const accountant = await signIn(built, (await addTestMember(store, org, "accountant")).email);
    const post = async (session: Session, path: string, payload: object) => {
      const options: InjectOptions = {
        method: "POST",
        url: `/api/v1/orgs/${org.orgId}${path}`,
        headers: session.headers,
        payload,
      };
      const response = await built.app.inject(options);
      expect(response.statusCode, `${path}: ${response.body}`).toBeLessThan(300);
      return response.json();
    };
    const ids: Record<string, string> = {};
    for (const code of ["P", "L", "N"]) {
      ids[code] = (await addTestCustomer(store, org, code)).customerId;
      await grantTestCredit(store, org, ids[code] as string);
    }
    const plan = await post(manager, "/plans", {
      customerId: ids.P,
      accountingMode: "financed-sale",
      terms: planTerms,
    });
    await post(manager, `/plans/${plan.planId}/offer`, {});
    await post(manager, `/plans/${plan.planId}/accept`, {
      confirmedBy: "Qian",
      method: "phone",
      confirmedOn: "2026-11-23",
    });
    await post(manager, `/plans/${plan.planId}/activate`, {});
    for (const [code, date] of [
      ["L", "2026-09-01"],
      ["N", "2026-11-20"],
    ] as const) {
      await post(accountant, "/invoices", {
        customerId: ids[code],
        documentDate: date,
        lines: [{ description: "货物", quantity: "1", unitPrice: "1000", vatRate: "0.13" }],
        issue: true,
      });
    }
    return { org, ids };
  } finally {
    await built.app.close();
  }
}

/** What the batch leaves behind, free of ids: the books, the items, the arrears and the aging. */
async function stateOf(store: Store, orgId: string) {
  const codes = new Map(
    (
      await store.db
        .selectFrom("customers")
        .select(["customer_id", "code"])
        .where("org_id", "=", orgId)
        .execute()
    ).map((row) => [row.customer_id, row.code]),
  );
  const lines = await store.db
    .selectFrom("journal_lines")
    .select([
      "account_code",
      sql<bigint>`cast(sum(debit_minor) as bigint)`.as("debit"),
      sql<bigint>`cast(sum(credit_minor) as bigint)`.as("credit"),
      sql<bigint>`count(*)`.as("lines"),
    ])
    .where("org_id", "=", orgId)
    .groupBy("account_code")
    .orderBy("account_code")
    .execute();
  const items = await store.db
    .selectFrom("open_items")
    .select(["customer_id", "document_number", "due_date", "original_minor", "open_minor", "status"])
    .where("org_id", "=", orgId)
    .orderBy("document_number")
    .execute();
  const arrears = await store.db
    .selectFrom("customer_delinquency")
    .select(["customer_id", "as_of", "open_minor", "overdue_minor", "days_past_due", "bucket"])
    .where("org_id", "=", orgId)
    .execute();
  const aging = await store.db
    .selectFrom("aging_snapshots")
    .select(["business_date", "bucket", "amount_minor", "item_count"])
    .where("org_id", "=", orgId)
    .orderBy("business_date")
    .orderBy("bucket")
    .execute();
  const plain = (value: unknown) =>
    JSON.parse(JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v)));
  return plain({
    lines: lines.map((row) => ({
      ...row,
      debit: BigInt(row.debit),
      credit: BigInt(row.credit),
      lines: Number(row.lines),
    })),
    items: items.map((row) => ({ ...row, customer_id: codes.get(row.customer_id) })),
    arrears: arrears
      .map((row) => ({ ...row, customer_id: codes.get(row.customer_id) }))
      .sort((a, b) => String(a.customer_id).localeCompare(String(b.customer_id))),
    aging: aging.map((row) => ({
      ...row,
      amount_minor: BigInt(row.amount_minor),
      item_count: Number(row.item_count),
    })),
  });
}

describeEachEngine("end-of-day batch", (context) => {
  let org: TestOrganization;
  let ids: Record<string, string>;
  const store = () => context.store();

  beforeAll(async () => {
    ({ org, ids } = await seedBooks(store(), "日终测试有限公司"));
  });

  it("runs a date once: arrears classified, aging kept, penalties accrued; a second run changes nothing", async () => {
    const first = await runEndOfDay(store(), org.orgId, { clock: fixedClock });
    expect(first.today).toBe("2026-11-23");
    expect(first.runs.map((run) => [run.businessDate, run.status, run.ranNow])).toEqual([
      ["2026-11-23", "completed", true],
    ]);
    const steps = first.runs[0]?.steps ?? [];
    expect(steps.map((record) => record.step)).toEqual([...eodSteps]);
    // The down payment and installments 1 and 2 are overdue on 11-23.
    expect(steps.find((record) => record.step === "penalties")?.count).toBe(3);

    const state = await stateOf(store(), org.orgId);
    const arrears = Object.fromEntries(
      state.arrears.map((row: { customer_id: string }) => [row.customer_id, row]),
    );
    // The down payment was due 08-23: 92 days; the invoice of 09-01 on net 30 fell due 10-01: 53 days.
    expect(arrears.P).toMatchObject({ days_past_due: "92", bucket: "91-180", as_of: "2026-11-23" });
    expect(arrears.L).toMatchObject({ days_past_due: "53", bucket: "31-60", overdue_minor: "113000" });
    expect(arrears.N).toMatchObject({ days_past_due: "0", bucket: "current", overdue_minor: "0" });
    // The aging buckets add up to everything open.
    const open = state.items.reduce(
      (sum: bigint, item: { open_minor: string }) => sum + BigInt(item.open_minor),
      0n,
    );
    const aged = state.aging.reduce(
      (sum: bigint, row: { amount_minor: string }) => sum + BigInt(row.amount_minor),
      0n,
    );
    expect(aged).toBe(open);

    const again = await runEndOfDay(store(), org.orgId, { clock: fixedClock });
    expect(again.runs).toEqual([]);
    const named = await runEndOfDay(store(), org.orgId, { clock: fixedClock, date: "2026-11-23" });
    expect(named.runs.map((run) => run.ranNow)).toEqual([false]);
    expect(await stateOf(store(), org.orgId)).toEqual(state);
  });

  it("catches up the dates missed while it was down, oldest first", async () => {
    const progress: string[] = [];
    const report = await runEndOfDay(store(), org.orgId, {
      clock: at("2026-11-26T08:00:00Z"),
      onProgress: (p) => {
        if (p.done) progress.push(`${p.businessDate} ${p.step}`);
      },
    });
    expect(report.runs.map((run) => [run.businessDate, run.ranNow])).toEqual([
      ["2026-11-24", true],
      ["2026-11-25", true],
      ["2026-11-26", true],
    ]);
    expect(progress.slice(0, eodSteps.length)).toEqual(eodSteps.map((step) => `2026-11-24 ${step}`));
    expect(progress).toHaveLength(3 * eodSteps.length);
    const runs = await listEodRuns(store(), org.orgId);
    expect(runs.map((run) => run.businessDate)).toEqual([
      "2026-11-26",
      "2026-11-25",
      "2026-11-24",
      "2026-11-23",
    ]);
    const arrears = await store()
      .db.selectFrom("customer_delinquency")
      .select(["as_of", "days_past_due"])
      .where("org_id", "=", org.orgId)
      .where("customer_id", "=", ids.P as string)
      .executeTakeFirstOrThrow();
    expect(arrears).toMatchObject({ as_of: "2026-11-26" });
    expect(Number(arrears.days_past_due)).toBe(95);
  });

  it("leaves a date another instance holds alone, takes it over when the lease runs out, and refuses a future date", async () => {
    await store()
      .db.insertInto("eod_runs")
      .values({
        org_id: org.orgId,
        business_date: "2026-11-27",
        status: "running",
        steps_json: JSON.stringify([{ step: "billing", count: 0, finishedAt: "2026-11-27T07:59:00.000Z" }]),
        claimed_by: "other-host:1:abcd",
        lease_until: "2026-11-27T08:04:00.000Z",
        attempts: 1n,
        last_error: null,
        started_at: "2026-11-27T07:59:00.000Z",
        finished_at: null,
      })
      .execute();
    await expect(
      runEndOfDay(store(), org.orgId, { clock: at("2026-11-27T08:00:00Z") }),
    ).rejects.toMatchObject({
      code: "EOD_BUSY",
    });
    const report = await runEndOfDay(store(), org.orgId, { clock: at("2026-11-27T08:10:00Z") });
    expect(report.runs.map((run) => [run.businessDate, run.ranNow, run.attempts])).toEqual([
      ["2026-11-27", true, 2],
    ]);
    // The step the other instance finished is not done again.
    expect(report.runs[0]?.steps.map((record) => record.step)).toEqual([...eodSteps]);
    expect(report.runs[0]?.steps[0]?.finishedAt).toBe("2026-11-27T07:59:00.000Z");

    await expect(
      runEndOfDay(store(), org.orgId, { clock: at("2026-11-27T08:10:00Z"), date: "2026-11-28" }),
    ).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    await expect(
      runEndOfDay(store(), org.orgId, { clock: at("2026-11-27T08:10:00Z"), date: "2026-02-30" }),
    ).rejects.toMatchObject({ code: "INVALID_DATE" });
  });
  it("runs through the API for whoever may run it, and lists the runs to collectors", async () => {
    const built = await makeTestApp(store(), { clock: at("2026-11-28T08:00:00Z") });
    try {
      const accountant = await signIn(built, (await addTestMember(store(), org, "accountant")).email);
      const collector = await signIn(built, (await addTestMember(store(), org, "collector")).email);
      const url = `/api/v1/orgs/${org.orgId}/eod-runs`;
      const refused = await built.app.inject({
        method: "POST",
        url,
        headers: collector.headers,
        payload: {},
      });
      expect(refused.statusCode).toBe(403);
      const ran = await built.app.inject({ method: "POST", url, headers: accountant.headers, payload: {} });
      expect(ran.statusCode, ran.body).toBe(200);
      expect(ran.json().runs.map((r: { businessDate: string }) => r.businessDate)).toEqual(["2026-11-28"]);
      const bad = await built.app.inject({
        method: "POST",
        url,
        headers: accountant.headers,
        payload: { date: "2026-12-01" },
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().issues[0].path).toBe("date");
      const listed = await built.app.inject({ method: "GET", url, headers: collector.headers });
      expect(listed.statusCode).toBe(200);
      expect(listed.json().items[0]).toMatchObject({ businessDate: "2026-11-28", status: "completed" });
    } finally {
      await built.app.close();
    }
  });
  it("asks for a re-assessment on the day a customer falls more than the policy's 30 days behind", async () => {
    // N's invoice of 11-20 on net 30 fell due 12-20; on 2027-01-20 it is 31 days late.
    await runEndOfDay(store(), org.orgId, { clock: at("2027-01-20T08:00:00Z"), date: "2027-01-20" });
    const tasks = await store()
      .db.selectFrom("credit_tasks")
      .select(["customer_id", "trigger", "due_on"])
      .where("org_id", "=", org.orgId)
      .where("trigger", "=", "serious_overdue")
      .execute();
    expect(tasks).toEqual([{ customer_id: ids.N, trigger: "serious_overdue", due_on: "2027-01-20" }]);
  });
});

for (const engine of engines) {
  describe.skipIf(engine === "postgres" && !postgresAvailable)(
    `credence eod, killed midway [${engine}]`,
    () => {
      const harness = cliHarness(engine);
      let store: Store;

      beforeAll(async () => {
        await harness.setUp();
        store = await openStore(harness.databaseUrl);
        await migrateToLatest(store);
      });

      afterAll(async () => {
        await store.close();
        await harness.tearDown();
      });

      it("resumes a run killed after its first penalty batch and ends as an uninterrupted run does", async () => {
        const killed = (await seedBooks(store, "Killed Co.")).org;
        const whole = (await seedBooks(store, "Whole Co.")).org;

        const crash = await harness.cliWith(
          { CREDENCE_FAULT_KILL_AFTER: "penalties" },
          "eod",
          "--org",
          killed.orgId,
          "--date",
          "2026-11-23",
        );
        expect(crash.signal).toBe("SIGKILL");
        const [halfDone] = await listEodRuns(store, killed.orgId);
        expect(halfDone).toMatchObject({ businessDate: "2026-11-23", status: "running" });
        expect(halfDone?.steps.map((record) => record.step)).toEqual(["billing"]);

        // The dead process's lease is still live: a second instance must wait for it to run out.
        await store.db
          .updateTable("eod_runs")
          .set({ lease_until: "2000-01-01T00:00:00.000Z" })
          .where("org_id", "=", killed.orgId)
          .execute();
        const resumed = await harness.cli("eod", "--org", killed.orgId, "--date", "2026-11-23", "--json");
        expect(resumed.code, resumed.stderr).toBe(0);
        const [run] = JSON.parse(resumed.stdout).organizations[0].runs;
        expect(run).toMatchObject({ status: "completed", attempts: 2, ranNow: true });

        const uninterrupted = await harness.cli("eod", "--org", whole.orgId, "--date", "2026-11-23");
        expect(uninterrupted.code, uninterrupted.stderr).toBe(0);
        expect(uninterrupted.stdout).toContain("2026-11-23: completed");
        expect(uninterrupted.stderr).toContain("penalties: 3 done");

        expect(await stateOf(store, killed.orgId)).toEqual(await stateOf(store, whole.orgId));
      });
    },
  );
}
