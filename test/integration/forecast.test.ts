import { beforeAll, expect, it } from "vitest";
import type { BuiltApp } from "../../src/api/app.ts";
import { uuidv7 } from "../../src/core/ids.ts";
import {
  delayModel,
  plusDays,
  predictPayment,
  type SettledItem,
  unseenDelayFallbackDays,
} from "../../src/domain/forecast/index.ts";
import { backtestForecast, settledHistory } from "../../src/services/forecast/index.ts";
import { reportNamed } from "../../src/services/reports/index.ts";
import type { Store } from "../../src/store/database.ts";
import { describeEachEngine } from "../support/engines.ts";
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
 * The forecast and the installment portfolio on both engines, over a hand-built history written
 * straight into the tables (today is 2026-11-23):
 * - P (grade A) was invoiced monthly, due the 10th from 2025-12-10 to 2026-11-10, and paid every
 *   item exactly 5 days late; it owes 1,000.00 due 2026-12-10.
 * - S (grade C) was invoiced monthly, due the 1st from 2025-10-01 to 2026-09-01, and paid
 *   alternately 40 and 70 days late (those due 2026-08-01 and 09-01 at 40 and 70 days); it owes
 *   2,000.00 due 2026-10-01, 53 days overdue.
 * - N (grade A) has no history and owes 500.00 due 2026-12-20.
 * - B's only item was paid by a cheque that bounced (reversed) and C's was closed by a credit
 *   note: neither says anything of payment habits.
 * - L is being sued (lawsuit filed 2026-11-01) and owes 300.00; D disputes its 400.00 item.
 */

const today = "2026-11-23";

interface History {
  readonly settled: SettledItem[];
}

async function insertItem(
  store: Store,
  org: TestOrganization,
  input: {
    customerId: string;
    dueDate: string;
    amountMinor: bigint;
    sourceType?: string;
    sourceId?: string;
    seq?: number;
  },
): Promise<string> {
  const itemId = uuidv7();
  await store.db
    .insertInto("open_items")
    .values({
      org_id: org.orgId,
      item_id: itemId,
      customer_id: input.customerId,
      source_type: input.sourceType ?? "invoice",
      source_id: input.sourceId ?? uuidv7(),
      source_seq: BigInt(input.seq ?? 1),
      document_number: `N-${itemId.slice(-6)}`,
      tax_invoice_number: null,
      document_date: input.sourceType === "plan" ? input.dueDate : plusDays(input.dueDate, -30),
      due_date: input.dueDate,
      currency: "CNY",
      original_minor: input.amountMinor,
      open_minor: input.amountMinor,
      discount_json: "[]",
      disputed: 0n,
      dispute_note: null,
      status: "open",
      closed_on: null,
      created_at: "2025-01-01T00:00:00.000Z",
    })
    .execute();
  return itemId;
}

async function allocate(
  store: Store,
  org: TestOrganization,
  input: {
    itemId: string;
    customerId: string;
    date: string;
    amountMinor: bigint;
    cash?: boolean;
    reversedOn?: string | null;
  },
): Promise<void> {
  await store.db
    .insertInto("allocations")
    .values({
      org_id: org.orgId,
      allocation_id: uuidv7(),
      item_id: input.itemId,
      customer_id: input.customerId,
      payment_id: input.cash === false ? null : uuidv7(),
      counter_item_id: null,
      allocation_date: input.date,
      applied_minor: input.amountMinor,
      discount_minor: 0n,
      write_off_minor: 0n,
      reversed_on: input.reversedOn ?? null,
      reversal_reason: input.reversedOn ? "bounced" : null,
      created_by: "test",
      created_at: "2025-01-01T00:00:00.000Z",
    })
    .execute();
  if (input.reversedOn) return;
  await store.db
    .updateTable("open_items")
    .set({ open_minor: 0n, status: "closed", closed_on: input.date })
    .where("org_id", "=", org.orgId)
    .where("item_id", "=", input.itemId)
    .execute();
}

async function customer(store: Store, org: TestOrganization, code: string, grade: string | null) {
  const id = (await addTestCustomer(store, org, code)).customerId;
  await grantTestCredit(store, org, id);
  await store.db
    .updateTable("customer_credit")
    .set({ grade })
    .where("org_id", "=", org.orgId)
    .where("customer_id", "=", id)
    .execute();
  return id;
}

const monthly = (first: string, count: number) =>
  Array.from({ length: count }, (_, index) => {
    const [year = 0, month = 1, day = 1] = first.split("-").map(Number);
    const total = year * 12 + month - 1 + index;
    return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
  });

describeEachEngine("forecast: payment-date prediction, cash forecast and back-test", (context) => {
  const store = () => context.store();
  let org: TestOrganization;
  let app: BuiltApp;
  let reader: Session;
  const ids: Record<string, string> = {};
  const history: History = { settled: [] };

  const get = (path: string, session = reader) =>
    app.app.inject({ method: "GET", url: `/api/v1/orgs/${org.orgId}${path}`, headers: session.headers });

  beforeAll(async () => {
    app = await makeTestApp(store(), { clock: fixedClock });
    org = await makeOrganization(store(), "预测测试有限公司");
    reader = await signIn(app, (await addTestMember(store(), org, "auditor")).email);
    for (const [code, grade] of [
      ["P", "A"],
      ["S", "C"],
      ["N", "A"],
      ["B", null],
      ["C", null],
      ["L", null],
      ["D", null],
    ] as const) {
      ids[code] = await customer(store(), org, code, grade);
    }
    const settle = async (customerId: string, dueDate: string, delay: number) => {
      const itemId = await insertItem(store(), org, { customerId, dueDate, amountMinor: 100_000n });
      const paidOn = plusDays(dueDate, delay);
      await allocate(store(), org, { itemId, customerId, date: paidOn, amountMinor: 100_000n });
      history.settled.push({ customerId, dueDate, settledOn: paidOn });
    };
    for (const due of monthly("2025-12-10", 12)) await settle(ids.P as string, due, 5);
    for (const [index, due] of monthly("2025-10-01", 12).entries()) {
      await settle(ids.S as string, due, index % 2 === 0 ? 40 : 70);
    }
    const bounced = await insertItem(store(), org, {
      customerId: ids.B as string,
      dueDate: "2026-06-01",
      amountMinor: 50_000n,
    });
    await allocate(store(), org, {
      itemId: bounced,
      customerId: ids.B as string,
      date: "2026-06-05",
      amountMinor: 50_000n,
      reversedOn: "2026-06-12",
    });
    const credited = await insertItem(store(), org, {
      customerId: ids.C as string,
      dueDate: "2026-06-01",
      amountMinor: 50_000n,
    });
    await allocate(store(), org, {
      itemId: credited,
      customerId: ids.C as string,
      date: "2026-06-03",
      amountMinor: 50_000n,
      cash: false,
    });
    ids.itemP = await insertItem(store(), org, {
      customerId: ids.P as string,
      dueDate: "2026-12-10",
      amountMinor: 100_000n,
    });
    ids.itemS = await insertItem(store(), org, {
      customerId: ids.S as string,
      dueDate: "2026-10-01",
      amountMinor: 200_000n,
    });
    ids.itemN = await insertItem(store(), org, {
      customerId: ids.N as string,
      dueDate: "2026-12-20",
      amountMinor: 50_000n,
    });
    ids.itemL = await insertItem(store(), org, {
      customerId: ids.L as string,
      dueDate: "2026-11-20",
      amountMinor: 30_000n,
    });
    ids.itemD = await insertItem(store(), org, {
      customerId: ids.D as string,
      dueDate: "2026-11-30",
      amountMinor: 40_000n,
    });
    const caseId = uuidv7();
    await store()
      .db.insertInto("legal_cases")
      .values({
        org_id: org.orgId,
        case_id: caseId,
        customer_id: ids.L as string,
        stage: "lawsuit_filed",
        currency: "CNY",
        claimed_minor: 30_000n,
        counsel: null,
        court: null,
        case_number: null,
        opened_on: "2026-10-20",
        outcome: null,
        recovered_minor: 0n,
        closed_on: null,
        created_by: "test",
        created_at: "2026-10-20T00:00:00.000Z",
      })
      .execute();
    for (const [stage, on] of [
      ["lawyer_letter", "2026-10-20"],
      ["lawsuit_filed", "2026-11-01"],
    ] as const) {
      await store()
        .db.insertInto("legal_case_events")
        .values({
          org_id: org.orgId,
          event_id: uuidv7(),
          case_id: caseId,
          stage,
          occurred_on: on,
          cost_minor: 0n,
          note: null,
          document_name: null,
          document_type: null,
          document_base64: null,
          created_by: "test",
          created_at: `${on}T00:00:00.000Z`,
        })
        .execute();
    }
    await store()
      .db.insertInto("disputes")
      .values({
        org_id: org.orgId,
        dispute_id: uuidv7(),
        customer_id: ids.D as string,
        invoice_id: null,
        item_id: ids.itemD as string,
        line_seq: null,
        reason_code: "quality",
        owner_user_id: null,
        status: "open",
        currency: "CNY",
        amount_minor: 40_000n,
        note: "broken",
        opened_on: "2026-11-21",
        resolved_on: null,
        resolution_note: null,
        credit_note_id: null,
        created_by: "test",
        created_at: "2026-11-21T00:00:00.000Z",
      })
      .execute();
  });

  it("reads the settled history exactly: cash-settled items only, with the closing allocation's date", async () => {
    const settled = await settledHistory(store().db, org.orgId, today);
    const key = (item: SettledItem) => `${item.customerId}|${item.dueDate}|${item.settledOn}`;
    expect(settled.map(key).sort()).toEqual(history.settled.map(key).sort());
    // As of 2026-06-30, only what was settled by then.
    const earlier = await settledHistory(store().db, org.orgId, "2026-06-30");
    expect(earlier.length).toBe(history.settled.filter((item) => item.settledOn <= "2026-06-30").length);
  });

  it("predicts each open item's payment date from its customer's habit", async () => {
    const response = await get("/forecast/items");
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json() as {
      asOf: string;
      total: number;
      items: Array<{
        key: string;
        customerName: string;
        predictedDate: string | null;
        lateProbability: string;
        basis: string;
        category: string;
        open: string;
      }>;
    };
    expect(body.asOf).toBe(today);
    // B's bounced item is open again.
    expect(body.total).toBe(6);
    const byKey = new Map(body.items.map((item) => [item.key, item]));
    const grades = new Map<string, string | null>([
      [ids.P as string, "A"],
      [ids.S as string, "C"],
      [ids.N as string, "A"],
    ]);
    const model = delayModel(history.settled, grades, today);
    const expected = (customerId: string, due: string) =>
      predictPayment(model.profileOf(customerId), due, today);
    // P pays 5 days late; blended with its grade (itself) and the organization (P and S).
    const p = byKey.get(ids.itemP as string);
    expect(p?.predictedDate).toBe(expected(ids.P as string, "2026-12-10").predictedDate);
    expect(p?.basis).toBe("customer");
    expect(p?.open).toBe("1000.00");
    expect(p?.predictedDate && p.predictedDate >= "2026-12-15" && p.predictedDate <= "2026-12-22").toBe(true);
    // S is 53 days overdue: of its delays only the 70-day ones are still possible → 12-10.
    const s = byKey.get(ids.itemS as string);
    expect(s?.predictedDate).toBe("2026-12-10");
    expect(s?.lateProbability).toBe("1.0000");
    // N has no history: its grade's (A = P's) habit.
    const n = byKey.get(ids.itemN as string);
    expect(n?.basis).toBe("grade");
    expect(n?.predictedDate).toBe(expected(ids.N as string, "2026-12-20").predictedDate);
    expect(byKey.get(ids.itemL as string)).toMatchObject({ category: "litigation", predictedDate: null });
    expect(byKey.get(ids.itemD as string)).toMatchObject({ category: "disputed", predictedDate: null });
    // One customer only; another organization's customer is not found.
    const only = await get(`/forecast/items?customerId=${ids.S}`);
    expect((only.json() as { total: number }).total).toBe(1);
    const other = await makeOrganization(store(), "Other");
    const stranger = await addTestCustomer(store(), other, "X");
    expect((await get(`/forecast/items?customerId=${stranger.customerId}`)).statusCode).toBe(404);
    expect(unseenDelayFallbackDays).toBe(30);
  });

  it("forecasts 13 Monday weeks that, with later, disputed and not expected, add up to the open total", async () => {
    const response = await get("/forecast/cash");
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json() as {
      weeks: Array<{ week: number; from: string; to: string; expected: string }>;
      later: string;
      disputed: string;
      notExpected: string;
      openTotal: string;
      month: { month: string; collected: string; forecast: string; expectedRest: string };
    };
    expect(body.weeks).toHaveLength(13);
    expect(body.weeks[0]).toMatchObject({ week: 1, from: "2026-11-23", to: "2026-11-29" });
    const cents = (text: string) => BigInt(text.replace(".", ""));
    const weekly = body.weeks.reduce((sum, week) => sum + cents(week.expected), 0n);
    expect(body.openTotal).toBe("4700.00");
    expect(weekly + cents(body.later) + cents(body.disputed) + cents(body.notExpected)).toBe(470_000n);
    expect(body.disputed).toBe("400.00");
    expect(body.notExpected).toBe("300.00");
    // S's 2,000.00 lands whole in the week of 12-10 (12-07 … 12-13).
    expect(cents(body.weeks[2]?.expected ?? "0")).toBeGreaterThanOrEqual(200_000n);
    // November: P's item due 11-10 was paid 11-15, S's due 09-01 was paid 11-10 (70 days).
    expect(body.month.month).toBe("2026-11");
    expect(body.month.collected).toBe("2000.00");
    expect(cents(body.month.forecast)).toBeGreaterThan(0n);
    expect((await get("/forecast/cash?weeks=26")).json().weeks).toHaveLength(26);
    expect((await get("/forecast/cash?weeks=27")).statusCode).toBe(400);
    expect((await get("/forecast/cash?asOf=2026-02-30")).statusCode).toBe(400);
  });

  it("back-tests a past date with finite errors", async () => {
    const response = await get("/forecast/backtest");
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json() as {
      asOf: string;
      itemsPaid: number;
      meanAbsoluteErrorDays: number | null;
      brierScore: number | null;
      weeklyWape: number | null;
      weeks: Array<{ forecast: string; actual: string; complete: boolean }>;
    };
    expect(body.asOf).toBe("2026-08-25");
    expect(body.itemsPaid).toBeGreaterThan(0);
    expect(Number.isFinite(body.meanAbsoluteErrorDays)).toBe(true);
    expect(Number.isFinite(body.brierScore)).toBe(true);
    expect(Number.isFinite(body.weeklyWape)).toBe(true);
    expect(body.weeks).toHaveLength(13);
    expect(body.weeks.filter((week) => week.complete)).toHaveLength(13);
    // The function the benchmark calls gives the same figures.
    const direct = await backtestForecast(store().db, org.orgId, "2026-08-25", today);
    expect(direct.meanAbsoluteErrorDays).toBe(body.meanAbsoluteErrorDays);
    expect((await get(`/forecast/backtest?asOf=${today}`)).statusCode).toBe(400);
  });

  it("exports the forecast report's JSON and tables", async () => {
    const report = reportNamed("forecast");
    if (report === undefined) throw new Error("the forecast report is registered");
    const output = await report.run(store().db, org.orgId, { asOf: today, options: {} });
    expect(output.tables[0]?.rows).toHaveLength(13);
    expect((output.json as { openTotal: string }).openTotal).toBe("4700.00");
    await expect(
      report.run(store().db, org.orgId, { asOf: today, options: { weeks: "99" } }),
    ).rejects.toThrow();
  });
});

// ---------------------------------------------------------------------------------------------
// The installment portfolio
// ---------------------------------------------------------------------------------------------

/**
 * Three plans written straight into the tables, each of three installments of 1,000.00 (900.00
 * principal):
 * - good, from 2026-06-01, paid each installment on its due date (07-01, 08-01, 09-01);
 * - bad, from 2026-06-15, never paid its first (07-01), paid the second (08-01) on 08-05; its
 *   third falls due 12-01 (scheduled);
 * - fresh, from 2026-10-10, paid its first on 11-10; the second falls due 12-10.
 */
describeEachEngine("forecast: the installment portfolio", (context) => {
  const store = () => context.store();
  let org: TestOrganization;
  let app: BuiltApp;
  let reader: Session;

  const get = (path: string) =>
    app.app.inject({ method: "GET", url: `/api/v1/orgs/${org.orgId}${path}`, headers: reader.headers });

  async function insertPlan(
    customerId: string,
    number: string,
    start: string,
    items: ReadonlyArray<{ due: string; paidOn: string | null; scheduled?: boolean }>,
  ) {
    const planId = uuidv7();
    const db = store().db;
    await db
      .insertInto("plans")
      .values({
        org_id: org.orgId,
        plan_id: planId,
        number,
        customer_id: customerId,
        status: "active",
        accounting_mode: "installment-credit",
        fee_recognition: "effective-interest",
        currency: "CNY",
        vat_rate: "0",
        cost_minor: 0n,
        principal_minor: 270_000n,
        financed_minor: 270_000n,
        contract_date: start,
        terms_json: JSON.stringify({ request: { method: "equal-installment" } }),
        offer_json: null,
        version: 1n,
        paid_through: 0n,
        confirmation_json: null,
        note: null,
        closed_reason: null,
        created_by: "test",
        created_at: `${start}T00:00:00.000Z`,
        updated_at: `${start}T00:00:00.000Z`,
        activated_on: start,
        closed_on: null,
      })
      .execute();
    await db
      .insertInto("plan_versions")
      .values({
        org_id: org.orgId,
        plan_id: planId,
        version: 1n,
        kind: "original",
        effective_date: start,
        state_json: "{}",
        change_json: null,
        created_by: "test",
        created_at: `${start}T00:00:00.000Z`,
      })
      .execute();
    for (const [index, item] of items.entries()) {
      const seq = index + 1;
      const status = item.scheduled ? "scheduled" : item.paidOn === null ? "billed" : "paid";
      await db
        .insertInto("plan_items")
        .values({
          org_id: org.orgId,
          plan_id: planId,
          seq: BigInt(seq),
          customer_id: customerId,
          version: 1n,
          kind: "installment",
          number: BigInt(seq),
          due_date: item.due,
          principal_minor: 90_000n,
          interest_minor: 10_000n,
          fee_minor: 0n,
          tax_minor: 0n,
          total_minor: 100_000n,
          amortized_minor: 0n,
          cost_minor: 0n,
          paid_minor: item.paidOn === null ? 0n : 100_000n,
          status,
          billed_on: item.scheduled ? null : item.due,
          penalty_state_json: null,
          penalty_accrued_to: null,
          penalty_minor: 0n,
        })
        .execute();
      if (item.scheduled) continue;
      const itemId = await insertItem(store(), org, {
        customerId,
        dueDate: item.due,
        amountMinor: 100_000n,
        sourceType: "plan",
        sourceId: planId,
        seq,
      });
      if (item.paidOn !== null) {
        await allocate(store(), org, { itemId, customerId, date: item.paidOn, amountMinor: 100_000n });
      }
    }
  }

  beforeAll(async () => {
    app = await makeTestApp(store(), { clock: fixedClock });
    org = await makeOrganization(store(), "分期组合测试");
    reader = await signIn(app, (await addTestMember(store(), org, "auditor")).email);
    const customerId = await customer(store(), org, "K", "B");
    await insertPlan(customerId, "FQ-000001", "2026-06-01", [
      { due: "2026-07-01", paidOn: "2026-07-01" },
      { due: "2026-08-01", paidOn: "2026-08-01" },
      { due: "2026-09-01", paidOn: "2026-09-01" },
    ]);
    await insertPlan(customerId, "FQ-000002", "2026-06-15", [
      { due: "2026-07-01", paidOn: null },
      { due: "2026-08-01", paidOn: "2026-08-05" },
      { due: "2026-12-01", paidOn: null, scheduled: true },
    ]);
    await insertPlan(customerId, "FQ-000003", "2026-10-10", [
      { due: "2026-11-10", paidOn: "2026-11-10" },
      { due: "2026-12-10", paidOn: null, scheduled: true },
    ]);
  });

  it("gives outstanding principal and delinquency buckets as of a date", async () => {
    const response = await get("/installments/portfolio");
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json() as {
      asOf: string;
      runningCount: number;
      outstandingPrincipal: string;
      byProduct: Array<{ product: string; method: string; count: number; outstandingPrincipal: string }>;
      buckets: Array<{ bucket: string; count: number; outstandingPrincipal: string }>;
      rollRates: {
        rows: Array<{
          from: string;
          count: number;
          to: Array<{ to: string; count: number; rate: string | null }>;
        }>;
      };
    };
    expect(body.asOf).toBe(today);
    // bad (1st unpaid + 3rd scheduled) and fresh (2nd scheduled); good is paid up.
    expect(body.runningCount).toBe(2);
    expect(body.outstandingPrincipal).toBe("2700.00");
    expect(body.byProduct).toEqual([
      {
        product: "installment-credit",
        method: "equal-installment",
        count: 2,
        outstandingPrincipal: "2700.00",
      },
    ]);
    const bucket = (name: string) => body.buckets.find((b) => b.bucket === name);
    expect(bucket("current")).toMatchObject({ count: 1, outstandingPrincipal: "900.00" });
    expect(bucket("90+")).toMatchObject({ count: 1, outstandingPrincipal: "1800.00" }); // 07-01: 145 days
    // Month ends 2025-10-31 … 2026-10-31. good: current 06→07→08, closed at 09-30. bad: current
    // (06-30), 1-30 (07-31: 30 days), 61-90 (08-31: 61 days), 90+ (09-30), 90+ (10-31).
    const row = (from: string) => body.rollRates.rows.find((r) => r.from === from);
    const to = (from: string, target: string) => row(from)?.to.find((t) => t.to === target);
    expect(row("current")?.count).toBe(4);
    expect(to("current", "current")).toMatchObject({ count: 2, rate: "0.5000" });
    expect(to("current", "1-30")).toMatchObject({ count: 1, rate: "0.2500" });
    expect(to("current", "closed")).toMatchObject({ count: 1, rate: "0.2500" });
    expect(to("1-30", "61-90")).toMatchObject({ count: 1, rate: "1.0000" });
    expect(to("61-90", "90+")).toMatchObject({ count: 1, rate: "1.0000" });
    expect(to("90+", "90+")).toMatchObject({ count: 1, rate: "1.0000" });
    // As of 2026-07-20 the bad plan was 19 days late and good was current; fresh had not started.
    const past = (await get("/installments/portfolio?asOf=2026-07-20")).json() as typeof body;
    expect(past.runningCount).toBe(2);
    expect(past.outstandingPrincipal).toBe("4500.00");
    expect(past.buckets.find((b) => b.bucket === "1-30")?.count).toBe(1);
  });

  it("draws the vintage curves", async () => {
    const response = await get("/installments/vintages");
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json() as {
      vintages: Array<{
        month: string;
        planCount: number;
        originalPrincipal: string;
        curve: Array<{ share: string }>;
      }>;
    };
    expect(body.vintages.map((v) => [v.month, v.planCount, v.originalPrincipal])).toEqual([
      ["2026-06", 2, "5400.00"],
      ["2026-10", 1, "2700.00"],
    ]);
    // bad's first installment is more than 30 days past due from 08-01: month on book 2 (August).
    expect(body.vintages[0]?.curve.map((point) => point.share)).toEqual([
      "0.0000",
      "0.0000",
      "0.5000",
      "0.5000",
      "0.5000",
    ]);
    expect(body.vintages[1]?.curve.map((point) => point.share)).toEqual(["0.0000"]);
  });

  it("counts the scheduled installments in the cash forecast", async () => {
    const body = (await get("/forecast/cash")).json() as { openTotal: string };
    // bad's unpaid 1st (1,000.00) and 3rd (1,000.00), fresh's 2nd (1,000.00).
    expect(body.openTotal).toBe("3000.00");
  });

  it("exports the installment-portfolio report", async () => {
    const output = await reportNamed("installment-portfolio")?.run(store().db, org.orgId, {
      asOf: today,
      options: {},
    });
    expect(output?.tables.map((table) => table.title.en)).toEqual([
      "By product",
      "Delinquency",
      "Roll rates",
      "Vintage curves",
    ]);
  });
});
