import { beforeAll, expect, it } from "vitest";
import type { BuiltApp } from "../../src/api/app.ts";
import { runEndOfDay } from "../../src/services/collections/eod.ts";
import type { Clock } from "../../src/services/command.ts";
import { verifyLedger } from "../../src/services/ledger/index.ts";
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
 * Dunning, promises and the worklist on both engines, through the API and the end-of-day batch.
 * Today is 2026-11-23. Customer L owes an invoice due 10-01 (53 days late) and has an email
 * contact; S has an invoice due 11-25 and only a phone; D's overdue invoice is disputed; P's
 * overdue invoice is under a promise to pay.
 */

const at =
  (instant: string): Clock =>
  () =>
    new Date(instant);

describeEachEngine("collections: dunning, promises and the worklist", (context) => {
  const store = () => context.store();
  let org: TestOrganization;
  let app: BuiltApp;
  let accountant: Session;
  let collector: Session;
  let collectorId: string;
  const ids: Record<string, string> = {};
  const items: Record<string, string> = {};

  const call = async (
    method: "GET" | "POST" | "PUT",
    path: string,
    session: Session,
    payload?: object,
    built = app,
  ) =>
    built.app.inject({
      method,
      url: `/api/v1/orgs/${org.orgId}${path}`,
      headers: session.headers,
      ...(payload === undefined ? {} : { payload }),
    });

  beforeAll(async () => {
    app = await makeTestApp(store(), { clock: fixedClock });
    org = await makeOrganization(store(), "催收测试有限公司");
    accountant = await signIn(app, (await addTestMember(store(), org, "accountant")).email);
    const member = await addTestMember(store(), org, "collector");
    collectorId = member.userId;
    collector = await signIn(app, member.email);
    const owner = await signIn(app, org.owner.email);
    for (const [code, date, contact] of [
      ["L", "2026-09-01", { email: "ap@l.example" }],
      ["S", "2026-10-26", { phone: "13800138000" }],
      ["D", "2026-09-15", { email: "ap@d.example" }],
      ["P", "2026-10-01", { email: "ap@p.example" }],
      ["E", "2026-10-23", { email: "ap@e.example" }],
    ] as const) {
      ids[code] = (await addTestCustomer(store(), org, code)).customerId;
      await grantTestCredit(store(), org, ids[code] as string);
      const added = await call("POST", `/customers/${ids[code]}/contacts`, owner, {
        name: `财务 ${code}`,
        ...contact,
      });
      expect(added.statusCode, added.body).toBe(201);
      const invoice = await call("POST", "/invoices", accountant, {
        customerId: ids[code],
        documentDate: date,
        lines: [{ description: "货物", quantity: "1", unitPrice: "1000", vatRate: "0.13" }],
        issue: true,
      });
      expect(invoice.statusCode, invoice.body).toBe(201);
      items[code] = invoice.json().items[0].itemId;
    }
    const disputed = await call("POST", `/open-items/${items.D}/dispute`, accountant, {
      disputed: true,
      note: "质量问题",
    });
    expect(disputed.statusCode, disputed.body).toBe(200);
  });

  it("logs a call with a promise to pay, then the batch dunns the rest: one notice each, disputes and promises skipped, the fee booked", async () => {
    const logged = await call("POST", `/customers/${ids.P}/collection-activities`, collector, {
      kind: "call",
      outcome: "promised",
      note: "财务说月底前付",
      nextFollowUp: "2026-11-30",
      promise: { amount: "1130.00", promisedDate: "2026-11-30" },
    });
    expect(logged.statusCode, logged.body).toBe(201);
    expect(logged.json().promise).toMatchObject({
      amount: "1130.00",
      promisedDate: "2026-11-30",
      status: "open",
    });
    const refused = await call("POST", `/customers/${ids.P}/collection-activities`, collector, {
      kind: "call",
      promise: { amount: "0", promisedDate: "2026-11-01" },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().issues.map((issue: { path: string }) => issue.path)).toEqual([
      "promise.amount",
      "promise.promisedDate",
    ]);

    const report = await runEndOfDay(store(), org.orgId, { clock: fixedClock });
    expect(report.runs[0]?.steps.find((record) => record.step === "dunning")?.count).toBe(3);
    const notices = (await call("GET", "/dunning-notices", collector)).json().items;
    const byCustomer = Object.fromEntries(
      notices.map((notice: { customerId: string }) => [notice.customerId, notice]),
    );
    // L: 53 days late — the formal demand (+30), with its fee, by letter: a task for the collector.
    expect(byCustomer[ids.L as string]).toMatchObject({
      levelCode: "demand",
      channel: "letter",
      status: "task_open",
      total: "1130.00",
      fee: "50.00",
      maxDaysPastDue: 53,
    });
    // S: due in 2 days — the friendly reminder by email, but S has no email address.
    expect(byCustomer[ids.S as string]).toMatchObject({ levelCode: "reminder", status: "no_contact" });
    // E: one day late — the overdue notice by email, in the outbox with a text and an HTML part.
    expect(byCustomer[ids.E as string]).toMatchObject({
      levelCode: "overdue",
      status: "issued",
      recipient: "ap@e.example",
    });
    const message = await call("GET", `/outbox/${byCustomer[ids.E as string].messageId}`, collector);
    expect(message.statusCode, message.body).toBe(200);
    expect(message.json()).toMatchObject({ channel: "email", status: "queued", recipient: "ap@e.example" });
    expect(message.json().subject).toContain("逾期通知");
    expect(message.json().bodyText).toContain("1130.00");
    expect(message.json().bodyHtml).toContain("<p>");
    expect(byCustomer[ids.D as string]).toBeUndefined();
    expect(byCustomer[ids.P as string]).toBeUndefined();
    // The fee is an open item of L's and a voucher: the books still agree with the open items.
    const open = (await call("GET", `/open-items?customerId=${ids.L}`, accountant)).json().items;
    expect(
      open.map((item: { openAmount?: string; open?: string }) => item.open ?? item.openAmount),
    ).toContain("50.00");
    expect((await verifyLedger(store().db, org.orgId)).ok).toBe(true);
    // The batch again for the same day changes nothing.
    await runEndOfDay(store(), org.orgId, { clock: fixedClock, date: "2026-11-23" });
    expect((await call("GET", "/dunning-notices", collector)).json().items).toHaveLength(3);
  });

  it("ranks the worklist; a collector sees the customers assigned to them", async () => {
    const all = (await call("GET", "/collections/worklist", accountant)).json();
    // D's only overdue item is disputed: paused, so not on the list; S is not late but has a task (no contact).
    expect(all.items.map((row: { code: string }) => row.code)).toEqual(["L", "P", "E", "S"]);
    expect(all.items[0]).toMatchObject({ code: "L", overdue: "1130.00", daysPastDue: 53, openTasks: 1 });
    expect(all.items.find((row: { code: string }) => row.code === "P")).toMatchObject({
      openPromise: { amount: "1130.00", promisedDate: "2026-11-30" },
    });
    expect((await call("GET", "/collections/worklist", collector)).json().items).toEqual([]);
    const assigned = await call("PUT", `/customers/${ids.L}/collector`, collector, { userId: collectorId });
    expect(assigned.statusCode, assigned.body).toBe(200);
    const mine = (await call("GET", "/collections/worklist", collector)).json().items;
    expect(mine.map((row: { code: string }) => row.code)).toEqual(["L"]);
    // Who the batch would contact on 11-26: S, one day late. Nothing is kept.
    const preview = await call("POST", "/dunning-policy/preview", collector, { date: "2026-11-26" });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(
      preview.json().items.map((n: { customerId: string; levelCode: string }) => [n.customerId, n.levelCode]),
    ).toEqual([[ids.S, "overdue"]]);
    expect((await call("GET", "/dunning-notices", collector)).json().items).toHaveLength(3);
    const stranger = await call("PUT", `/customers/${ids.L}/collector`, accountant, {
      userId: "01900000-0000-7000-8000-000000000000",
    });
    expect(stranger.statusCode).toBe(403);
  });

  it("breaks an unkept promise and escalates; a notice that needs approval goes out once approved", async () => {
    const later = at("2026-12-01T08:00:00Z");
    const report = await runEndOfDay(store(), org.orgId, { clock: later });
    expect(report.runs.map((run) => run.businessDate).at(-1)).toBe("2026-12-01");
    const promises = (await call("GET", `/promises?customerId=${ids.P}`, collector)).json().items;
    expect(promises[0]).toMatchObject({ status: "broken", resolvedOn: "2026-12-01", paid: "0.00" });
    const timeline = (await call("GET", `/customers/${ids.P}/collections`, collector)).json();
    expect(timeline.activities.map((a: { kind: string; note: string }) => a.note)).toContain(
      "承诺还款未兑现 / promise to pay broken",
    );
    // P's invoice was due 10-31: 31 days late on 12-01, and the broken promise lifts it a level at least.
    const pNotices = timeline.notices.map((n: { levelCode: string; businessDate: string }) => [
      n.businessDate,
      n.levelCode,
    ]);
    expect(pNotices[0]).toEqual(["2026-12-01", "demand"]);

    // L reached 60 days on 11-30: the lawyer letter waits for approval, and its fee is not charged yet.
    const waiting = (await call("GET", "/dunning-notices?status=awaiting_approval", collector)).json().items;
    const lawyer = waiting.find((n: { customerId: string }) => n.customerId === ids.L);
    expect(lawyer).toMatchObject({ levelCode: "lawyer", businessDate: "2026-11-30" });
    const approved = await call("POST", `/dunning-notices/${lawyer.noticeId}/decision`, collector, {
      decision: "approve",
    });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ status: "task_open", decidedBy: expect.any(String) });
    const again = await call("POST", `/dunning-notices/${lawyer.noticeId}/decision`, collector, {
      decision: "approve",
    });
    expect(again.statusCode).toBe(409);
    const done = await call("POST", `/dunning-notices/${lawyer.noticeId}/decision`, collector, {
      decision: "complete",
      reason: "律师函已寄出",
    });
    expect(done.json()).toMatchObject({ status: "done" });
  });

  it("keeps a promise paid on time", async () => {
    const later = await makeTestApp(store(), { clock: at("2026-12-02T08:00:00Z") });
    try {
      // Sessions from 11-23 have expired by 12-02.
      collector = await signIn(later, (await addTestMember(store(), org, "collector")).email);
      accountant = await signIn(later, (await addTestMember(store(), org, "accountant")).email);
      const promised = await call(
        "POST",
        `/customers/${ids.S}/collection-activities`,
        collector,
        { kind: "call", outcome: "promised", promise: { amount: "500.00", promisedDate: "2026-12-05" } },
        later,
      );
      expect(promised.statusCode, promised.body).toBe(201);
      const paid = await call(
        "POST",
        "/payments",
        accountant,
        {
          customerId: ids.S,
          method: "bank_transfer",
          receivedDate: "2026-12-02",
          amount: "500.00",
          allocation: { method: "oldest_first" },
        },
        later,
      );
      expect(paid.statusCode, paid.body).toBe(201);
      await runEndOfDay(store(), org.orgId, { clock: at("2026-12-02T08:00:00Z") });
      const promises = (await call("GET", `/promises?customerId=${ids.S}`, collector)).json().items;
      expect(promises[0]).toMatchObject({ status: "kept", paid: "500.00", resolvedOn: "2026-12-02" });
    } finally {
      await later.app.close();
    }
  });

  it("keeps the dunning policy as versions, refused at the field when it is wrong", async () => {
    const current = (await call("GET", "/dunning-policy", collector)).json();
    expect(current.definition.policies[0].policy.levels[4]).toMatchObject({ code: "demand", fee: "50.00" });
    const policies = current.definition.policies;
    const refused = await call("PUT", "/dunning-policy", collector, { policies });
    expect(refused.statusCode).toBe(403);
    const owner = await signIn(app, org.owner.email);
    const wrong = structuredClone(policies);
    wrong[0].policy.levels[1].daysFromDue = -10;
    const bad = await call("PUT", "/dunning-policy", owner, { policies: wrong });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues[0].path).toBe("policies.0.policy.levels.1.daysFromDue");
    const keyAccounts = {
      ...structuredClone(policies[0]),
      code: "key",
      name: "大客户",
      grades: ["AAA", "AA"],
    };
    const saved = await call("PUT", "/dunning-policy", owner, { policies: [keyAccounts, ...policies] });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().definition.version).toBe(2);
  });
});
