import type { InjectOptions } from "fastify";
import { sql } from "kysely";
import { beforeAll, expect, it } from "vitest";
import type { BuiltApp } from "../../src/api/app.ts";
import { parseMinor } from "../../src/core/money.ts";
import type { EodStep } from "../../src/domain/collections/index.ts";
import type { AccountRole } from "../../src/domain/ledger/index.ts";
import type { AccountingFramework } from "../../src/domain/organization/index.ts";
import { runEndOfDay } from "../../src/services/collections/eod.ts";
import { type Clock, runCommand } from "../../src/services/command.ts";
import { applyCreditChange } from "../../src/services/credit/credit-account.ts";
import { postEvents } from "../../src/services/ledger/index.ts";
import { openItemsAt } from "../../src/services/receivables/index.ts";
import { describeEachEngine } from "../support/engines.ts";
import {
  addTestCustomer,
  addTestMember,
  fixedClock,
  makeOrganization,
  soundStatementItems as soundItems,
  type TestOrganization,
} from "../support/fixtures.ts";
import { makeTestApp, type Session, signIn } from "../support/http.ts";

/**
 * Plans as documents through the API on both engines: draft → offered → accepted → active, the
 * vouchers of both accounting modes, prepayment, restructuring and payoff. After every step the
 * books must equal the plan's items: 长期应收款 holds the items not yet billed (with their VAT for
 * a financed sale), 未实现融资收益 the income they have not released, 待转销项税额 their VAT, and
 * 应收账款 what is billed and unpaid. The fixed clock makes today 2026-11-23 (Asia/Shanghai).
 */

interface ItemView {
  kind: string;
  number: number | null;
  status: string;
  total: string;
  tax: string;
  amortized: string;
  principal: string;
  fee: string;
  paid: string;
  penalty: string;
  dueDate: string;
}

const minor = (text: string): bigint => parseMinor(text, "CNY");

function setup(
  context: { store: () => import("../../src/store/database.ts").Store },
  framework: AccountingFramework,
) {
  const state: { built?: BuiltApp; org?: TestOrganization; manager?: Session; collector?: Session } = {};
  beforeAll(async () => {
    const store = context.store();
    state.built = await makeTestApp(store, { clock: fixedClock });
    state.org = await makeOrganization(store, `Plans ${framework}`, framework);
    state.manager = await signIn(
      state.built,
      (await addTestMember(store, state.org, "credit_manager")).email,
    );
    state.collector = await signIn(state.built, (await addTestMember(store, state.org, "collector")).email);
  });
  const org = () => state.org as TestOrganization;
  const inject = (options: InjectOptions) => (state.built as BuiltApp).app.inject(options);
  const url = (path: string) => `/api/v1/orgs/${org().orgId}${path}`;
  const post = (path: string, payload: unknown, session = state.manager as Session) =>
    inject({ method: "POST", url: url(path), headers: session.headers, payload: payload as object });
  const get = (path: string, session = state.manager as Session) =>
    inject({ method: "GET", url: url(path), headers: session.headers });

  /** A customer with an assessment and a limit of 1,000,000.00 on Net 30. */
  async function creditworthy(code: string): Promise<string> {
    const store = context.store();
    const id = (await addTestCustomer(store, org(), code)).customerId;
    expect(
      (await post(`/customers/${id}/statements`, { periodEnd: "2025-12-31", items: soundItems })).statusCode,
    ).toBe(201);
    expect((await post(`/customers/${id}/assessments`, {})).statusCode).toBe(201);
    await runCommand(store, (tx) =>
      applyCreditChange(
        tx,
        org().actor,
        org().orgId,
        id,
        { kind: "limit", limitMinor: 100_000_000n, terms: { kind: "net", days: 30 } },
        { reason: "test" },
      ),
    );
    return id;
  }

  /** The customer's (or, with null, everyone's) balance on the account a role maps to, debit positive. */
  async function roleBalance(role: AccountRole, customerId: string | null): Promise<bigint> {
    const db = context.store().db;
    let query = db
      .selectFrom("journal_lines as l")
      .innerJoin("account_roles as r", (join) =>
        join.onRef("r.org_id", "=", "l.org_id").onRef("r.account_code", "=", "l.account_code"),
      )
      .select(sql<bigint>`cast(coalesce(sum(l.debit_minor - l.credit_minor), 0) as bigint)`.as("balance"))
      .where("l.org_id", "=", org().orgId)
      .where("r.role", "=", role);
    if (customerId !== null) query = query.where("l.customer_id", "=", customerId);
    return BigInt((await query.executeTakeFirstOrThrow()).balance);
  }

  /** The books equal the items (module comment). */
  async function expectBooksMatchItems(
    planId: string,
    customerId: string,
    mode: "financed-sale" | "installment-credit",
  ) {
    const plan = (await get(`/plans/${planId}`)).json() as { items: ItemView[] };
    const live = plan.items.filter((item) => item.status !== "cancelled");
    const sum = (list: ItemView[], pick: (item: ItemView) => bigint) =>
      list.reduce((t, i) => t + pick(i), 0n);
    const scheduled = live.filter((item) => item.status === "scheduled");
    const billed = live.filter((item) => item.status === "billed" || item.status === "paid");
    const cas = framework !== "asbe";
    if (cas) {
      const unbilled =
        mode === "financed-sale"
          ? sum(scheduled, (item) => minor(item.total))
          : sum(scheduled, (item) => minor(item.principal));
      expect(await roleBalance("long_term_receivables", customerId)).toBe(unbilled);
      // Installment credit defers a fee when it is billed; a financed sale its whole income at the sale.
      expect(-(await roleBalance("unearned_finance_income", null))).toBe(
        sum(scheduled, (item) => minor(item.amortized) - (mode === "financed-sale" ? 0n : minor(item.fee))),
      );
    }
    if (mode === "financed-sale") {
      expect(-(await roleBalance("vat_pending", null))).toBe(
        cas ? sum(scheduled, (item) => minor(item.tax)) : 0n,
      );
      const unpaidPenalties = sum(
        billed.filter((item) => item.status === "billed"),
        (item) => minor(item.penalty),
      );
      expect(await roleBalance("receivables", customerId)).toBe(
        sum(billed, (item) => minor(item.total) - minor(item.paid)) + unpaidPenalties,
      );
    }
    // The receivables are open items like any invoice's: what the plan billed and is unpaid, penalties included.
    const open = await openItemsAt(context.store().db, org().orgId, "9999-12-31", [customerId]);
    expect(await roleBalance("receivables", customerId)).toBe(
      open.reduce((t, item) => t + item.openMinor, 0n),
    );
    const trial = await context
      .store()
      .db.selectFrom("journal_lines")
      .select(sql<bigint>`cast(coalesce(sum(debit_minor - credit_minor), 0) as bigint)`.as("net"))
      .where("org_id", "=", org().orgId)
      .executeTakeFirstOrThrow();
    expect(BigInt(trial.net)).toBe(0n);
  }

  /** What one step of the end-of-day batch of `date` did (0 when the date had run already). */
  async function endOfDay(step: EodStep, date: string, clock: Clock): Promise<number> {
    const report = await runEndOfDay(context.store(), org().orgId, { date, clock });
    const run = report.runs.find((r) => r.businessDate === date && r.ranNow);
    return run?.steps.find((record) => record.step === step)?.count ?? 0;
  }

  return { org, post, get, creditworthy, roleBalance, expectBooksMatchItems, endOfDay, state };
}

const financedSaleTerms = {
  principal: "120000.00",
  method: "equal-installment",
  periods: 12,
  frequency: "monthly",
  startDate: "2026-08-23",
  annualRate: "0.08",
  downPayment: "20000.00",
};

describeEachEngine("installment plans as documents (CAS)", (context) => {
  const t = setup(context, "cas");

  it("takes a financed sale from draft to paid off, and the books follow every step", async () => {
    const customerId = await t.creditworthy("P100");
    const created = await t.post("/plans", {
      customerId,
      accountingMode: "financed-sale",
      terms: financedSaleTerms,
      vatRate: "0.13",
      cost: "90000.00",
      note: "12 months, 20 % down",
    });
    expect(created.statusCode).toBe(201);
    const draft = created.json();
    expect(draft).toMatchObject({
      number: "FQ-000001",
      status: "draft",
      accountingMode: "financed-sale",
      principal: "120000.00",
      financed: "100000.00",
      itemsProjected: true,
      rateCeiling: { decision: "ok", ceilingRate: "0.120000" },
      versions: [{ version: 1, kind: "original" }],
      vouchers: [],
    });
    // A plain equal-installment plan's nominal annualized rate is its contract rate.
    expect(Math.abs(Number(draft.annualizedRate.nominal) - 0.08)).toBeLessThan(1e-5);
    // Down payment first, then twelve installments; VAT 13 % on the contract, last item absorbs.
    expect(draft.items).toHaveLength(13);
    expect(draft.items[0]).toMatchObject({ kind: "down-payment", principal: "20000.00", tax: "2600.00" });
    const planId = draft.planId as string;
    const pdf = await t.get(`/plans/${planId}/disclosure.pdf?locale=zh-CN`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers["content-type"]).toBe("application/pdf");
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe("%PDF-");

    const early = await t.post(`/plans/${planId}/activate`, {});
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ code: "PLAN_STATUS" });
    expect((await t.post(`/plans/${planId}/offer`, {})).json()).toMatchObject({ status: "offered" });
    const noName = await t.post(`/plans/${planId}/accept`, {
      confirmedBy: " ",
      method: "signature",
      confirmedOn: "2026-11-20",
    });
    expect(noName.statusCode).toBe(400);
    const accepted = await t.post(`/plans/${planId}/accept`, {
      confirmedBy: "王经理",
      method: "signature",
      reference: "HT-2026-088",
      confirmedOn: "2026-11-20",
    });
    expect(accepted.json()).toMatchObject({ status: "accepted", confirmation: { confirmedBy: "王经理" } });
    const collectorTry = await t.post(`/plans/${planId}/activate`, {}, t.state.collector);
    expect(collectorTry.statusCode).toBe(403);

    const activated = await t.post(`/plans/${planId}/activate`, {});
    expect(activated.statusCode).toBe(200);
    const active = activated.json();
    expect(active).toMatchObject({ status: "active", activatedOn: "2026-11-23", itemsProjected: false });
    // The sale, then the down payment and the installments of Sep, Oct and Nov 23 fall due.
    const events = active.vouchers.map((v: { eventType: string }) => v.eventType);
    expect(events[0]).toBe("financed_sale");
    expect(events.filter((e: string) => e === "financed_sale_due")).toHaveLength(4);
    expect(events.filter((e: string) => e === "interest_accrued")).toHaveLength(3);
    expect(active.items.filter((item: ItemView) => item.status === "billed")).toHaveLength(4);
    await t.expectBooksMatchItems(planId, customerId, "financed-sale");
    // Exposure splits out what the plan has not billed yet; the total is the ledger's balance.
    const credit = (await t.get(`/customers/${customerId}/credit`)).json();
    expect(credit.exposure.unbilledInstallments).toBe(active.itemTotals.scheduled);
    expect(minor(credit.exposure.total)).toBe(minor(active.itemTotals.total));
    // Revenue is the cash price; the cost of goods is carried over in full.
    expect(-(await t.roleBalance("revenue", null))).toBe(12_000_000n);
    expect(await t.roleBalance("cost_of_sales", null)).toBe(9_000_000n);

    const preview = await t.post(`/plans/${planId}/changes/preview`, {
      kind: "prepayment",
      date: "2026-11-23",
      amount: "30000.00",
      mode: "reduce-term",
    });
    expect(preview.statusCode).toBe(200);
    expect((await t.get(`/plans/${planId}`)).json().version).toBe(1);
    const prepaid = await t.post(`/plans/${planId}/changes`, {
      kind: "prepayment",
      date: "2026-11-23",
      amount: "30000.00",
      mode: "reduce-term",
    });
    expect(prepaid.statusCode).toBe(200);
    const afterPrepayment = prepaid.json();
    expect(afterPrepayment.change.cash).toBe(preview.json().cash);
    expect(afterPrepayment.plan).toMatchObject({ version: 2, status: "active" });
    await t.expectBooksMatchItems(planId, customerId, "financed-sale");

    const dear = await t.post(`/plans/${planId}/changes/preview`, {
      kind: "rate-change",
      effectiveDate: "2026-11-23",
      annualRate: "0.5",
      reason: "test",
    });
    expect(dear.statusCode).toBe(422);
    expect(dear.json()).toMatchObject({ code: "RATE_ABOVE_CEILING" });
    const future = await t.post(`/plans/${planId}/changes`, {
      kind: "term-extension",
      effectiveDate: "2026-12-01",
      extraPeriods: 3,
      reason: "cash flow",
    });
    expect(future.statusCode).toBe(400);
    const extended = await t.post(`/plans/${planId}/changes`, {
      kind: "term-extension",
      effectiveDate: "2026-11-23",
      extraPeriods: 3,
      reason: "cash flow",
    });
    expect(extended.json()).toMatchObject({ plan: { status: "restructured" } });
    expect(extended.json().plan).toMatchObject({ version: 3, status: "restructured" });
    await t.expectBooksMatchItems(planId, customerId, "financed-sale");
    const capitalize = await t.post(`/plans/${planId}/changes/preview`, {
      kind: "capitalize-arrears",
      effectiveDate: "2026-11-23",
      reason: "arrears",
    });
    expect(capitalize.statusCode).toBe(400);

    const paidOff = await t.post(`/plans/${planId}/changes`, { kind: "payoff", date: "2026-11-23" });
    expect(paidOff.statusCode).toBe(200);
    expect(paidOff.json().plan).toMatchObject({ status: "paid-off", closedOn: "2026-11-23" });
    await t.expectBooksMatchItems(planId, customerId, "financed-sale");
    expect(await t.roleBalance("long_term_receivables", customerId)).toBe(0n);
    expect(await t.roleBalance("unearned_finance_income", null)).toBe(0n);
    expect(await t.roleBalance("vat_pending", null)).toBe(0n);
    const again = await t.post(`/plans/${planId}/changes`, { kind: "payoff", date: "2026-11-23" });
    expect(again.statusCode).toBe(409);

    const versions = (await t.get(`/plans/${planId}`)).json().versions.map((v: { kind: string }) => v.kind);
    expect(versions).toEqual(["original", "prepayment", "term-extension", "payoff"]);
  });

  it("accrues penalty interest on overdue items once a day, and a payoff settles it", async () => {
    const customerId = await t.creditworthy("P103");
    const planId = (
      await t.post("/plans", { customerId, accountingMode: "financed-sale", terms: financedSaleTerms })
    ).json().planId as string;
    await t.post(`/plans/${planId}/offer`, {});
    await t.post(`/plans/${planId}/accept`, {
      confirmedBy: "Qian",
      method: "phone",
      confirmedOn: "2026-11-23",
    });
    expect((await t.post(`/plans/${planId}/activate`, {})).statusCode).toBe(200);

    // On 2026-11-23 the down payment (due 08-23), installments 1 (09-23) and 2 (10-23) are overdue;
    // installment 3 falls due today. Contract 8 % + 50 % = 12 %, within the 12 % ceiling.
    expect(await t.endOfDay("penalties", "2026-11-23", fixedClock)).toBe(3);
    expect(await t.endOfDay("penalties", "2026-11-23", fixedClock)).toBe(0);
    const items = (await t.get(`/plans/${planId}`)).json().items as ItemView[];
    const downPayment = items.find((item) => item.kind === "down-payment");
    // 20,000.00 × 12 % × 92 nights / 365 = 604.9315… → 604.93 (actual/365, 四舍五入).
    expect(downPayment?.penalty).toBe("604.93");
    const first = items.find((item) => item.number === 1);
    const expectedFirst = (minor(first?.principal ?? "0") * 12n * 61n * 2n + 36_500n) / (100n * 365n * 2n);
    expect(minor(first?.penalty ?? "0")).toBe(expectedFirst);
    expect(items.find((item) => item.number === 3)?.penalty).toBe("0.00");
    await t.expectBooksMatchItems(planId, customerId, "financed-sale");

    const paidOff = await t.post(`/plans/${planId}/changes`, { kind: "payoff", date: "2026-11-23" });
    expect(paidOff.statusCode).toBe(200);
    await t.expectBooksMatchItems(planId, customerId, "financed-sale");
    expect(await t.roleBalance("receivables", customerId)).toBe(0n);
  });

  it("pays off on the day of a payment holiday", async () => {
    const customerId = await t.creditworthy("P104");
    const planId = (
      await t.post("/plans", {
        customerId,
        accountingMode: "financed-sale",
        terms: { ...financedSaleTerms, startDate: "2026-11-20" },
      })
    ).json().planId as string;
    await t.post(`/plans/${planId}/offer`, {});
    await t.post(`/plans/${planId}/accept`, {
      confirmedBy: "Sun",
      method: "online",
      confirmedOn: "2026-11-23",
    });
    await t.post(`/plans/${planId}/activate`, {});
    const holiday = await t.post(`/plans/${planId}/changes`, {
      kind: "payment-holiday",
      effectiveDate: "2026-11-23",
      periods: 2,
      holidayInterest: "capitalize",
      reason: "harvest season",
    });
    expect(holiday.statusCode).toBe(200);
    await t.expectBooksMatchItems(planId, customerId, "financed-sale");
    const paidOff = await t.post(`/plans/${planId}/changes`, { kind: "payoff", date: "2026-11-23" });
    expect(paidOff.json()).toMatchObject({ plan: { status: "paid-off" } });
    await t.expectBooksMatchItems(planId, customerId, "financed-sale");
  });

  it("refuses a rate above the ceiling and a plan for another organization's customer", async () => {
    const customerId = await t.creditworthy("P101");
    const dear = await t.post("/plans", {
      customerId,
      accountingMode: "financed-sale",
      terms: { ...financedSaleTerms, annualRate: "0.2" },
    });
    expect(dear.statusCode).toBe(422);
    expect(dear.json()).toMatchObject({ code: "RATE_ABOVE_CEILING" });
    const missing = await t.post("/plans", {
      customerId: "0190aaaa-0000-7000-8000-000000000000",
      accountingMode: "financed-sale",
      terms: financedSaleTerms,
    });
    expect(missing.statusCode).toBe(404);
    const list = await t.get("/plans?status=draft");
    expect(list.statusCode).toBe(200);
  });

  it("puts an owed invoice on installments, capitalizes arrears and keeps the books equal to the items", async () => {
    const customerId = await t.creditworthy("P102");
    const terms = {
      principal: "50000.00",
      method: "equal-principal",
      periods: 10,
      frequency: "monthly",
      startDate: "2026-08-23",
      annualRate: "0.05",
      feeRatePerPeriod: "0.001",
      upfrontFee: "200.00",
    };
    const created = await t.post("/plans", { customerId, accountingMode: "installment-credit", terms });
    expect(created.statusCode).toBe(201);
    const planId = created.json().planId as string;
    await t.post(`/plans/${planId}/offer`, {});
    await t.post(`/plans/${planId}/accept`, {
      confirmedBy: "Li",
      method: "email",
      confirmedOn: "2026-11-23",
    });
    const tooMuch = await t.post(`/plans/${planId}/activate`, {});
    expect(tooMuch.statusCode).toBe(422);
    expect(tooMuch.json()).toMatchObject({ code: "RECEIVABLE_TOO_SMALL" });

    await runCommand(context.store(), (tx) =>
      postEvents(tx, t.org().actor, t.org().orgId, [
        {
          type: "invoice_issued",
          date: "2026-08-23",
          currency: "CNY",
          customerId,
          amounts: { net: 5_000_000n, tax: 0n },
          memo: "goods",
          sourceType: null,
          sourceId: null,
        },
      ]),
    );
    const activated = await t.post(`/plans/${planId}/activate`, {});
    expect(activated.statusCode).toBe(200);
    expect(activated.json().vouchers[0].eventType).toBe("plan_activated");
    await t.expectBooksMatchItems(planId, customerId, "installment-credit");

    const capitalized = await t.post(`/plans/${planId}/changes`, {
      kind: "capitalize-arrears",
      effectiveDate: "2026-11-23",
      reason: "customer asked to fold arrears in",
    });
    expect(capitalized.statusCode).toBe(200);
    const plan = capitalized.json().plan;
    expect(plan.items.filter((item: ItemView) => item.status === "capitalized")).toHaveLength(3);
    expect(plan.vouchers.some((v: { eventType: string }) => v.eventType === "plan_changed")).toBe(true);
    await t.expectBooksMatchItems(planId, customerId, "installment-credit");
    // Deferred fees are all released once the plan is paid off.
    expect(
      (await t.post(`/plans/${planId}/changes`, { kind: "payoff", date: "2026-11-23" })).statusCode,
    ).toBe(200);
    await t.expectBooksMatchItems(planId, customerId, "installment-credit");
    expect(await t.roleBalance("long_term_receivables", customerId)).toBe(0n);
    expect(await t.roleBalance("unearned_finance_income", null)).toBe(0n);
  });
});

describeEachEngine("installment plans as documents (小企业会计准则)", (context) => {
  const t = setup(context, "asbe");

  it("recognizes a financed sale's revenue at each due date", async () => {
    const customerId = await t.creditworthy("S100");
    const created = await t.post("/plans", {
      customerId,
      accountingMode: "financed-sale",
      terms: financedSaleTerms,
      cost: "90000.00",
    });
    const planId = created.json().planId as string;
    await t.post(`/plans/${planId}/offer`, {});
    await t.post(`/plans/${planId}/accept`, {
      confirmedBy: "Zhao",
      method: "online",
      confirmedOn: "2026-11-23",
    });
    const active = (await t.post(`/plans/${planId}/activate`, {})).json();
    const billed = active.items.filter((item: ItemView) => item.status === "billed");
    const billedWithoutTax = billed.reduce(
      (total: bigint, item: ItemView) => total + minor(item.total) - minor(item.tax),
      0n,
    );
    expect(-(await t.roleBalance("revenue", null))).toBe(billedWithoutTax);
    await t.expectBooksMatchItems(planId, customerId, "financed-sale");
    // Nothing of the unbilled contract is in the ledger yet, and exposure still counts it.
    const credit = (await t.get(`/customers/${customerId}/credit`)).json();
    expect(credit.exposure.unbilledInstallments).toBe(active.itemTotals.scheduled);
    expect(minor(credit.exposure.total)).toBe(minor(active.itemTotals.total));

    // The end-of-day batch bills what falls due later: on 1 January 2027 the installment of 23 December.
    const later = () => new Date("2027-01-01T02:00:00.000Z");
    expect(await t.endOfDay("billing", "2027-01-01", later)).toBe(1);
    expect(await t.endOfDay("billing", "2027-01-01", later)).toBe(0);
    await t.expectBooksMatchItems(planId, customerId, "financed-sale");
    const december = (await t.get(`/plans/${planId}`))
      .json()
      .items.find((item: ItemView & { dueDate: string }) => item.dueDate === "2026-12-23");
    expect(december).toMatchObject({ status: "billed" });
  });
});
