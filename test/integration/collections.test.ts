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
  const invoices: Record<string, string> = {};

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
      invoices[code] = invoice.json().invoiceId;
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

  it("pauses dunning for a dispute, resolves it with a credit note or rejects it, and reports by reason", async () => {
    const opened = await call("POST", "/disputes", collector, {
      itemId: items.E,
      reasonCode: "quality",
      amount: "130.00",
      ownerUserId: collectorId,
      note: "一箱破损",
    });
    expect(opened.statusCode, opened.body).toBe(201);
    expect(opened.json()).toMatchObject({ status: "open", amount: "130.00", reasonCode: "quality" });
    const twice = await call("POST", "/disputes", collector, {
      itemId: items.E,
      reasonCode: "price",
      note: "again",
    });
    expect(twice.statusCode).toBe(409);
    const decision = await runEndOfDay(store(), org.orgId, { clock: at("2026-12-03T08:00:00Z") });
    expect(decision.runs.at(-1)?.businessDate).toBe("2026-12-03");
    const eNotices = (
      await call("GET", `/dunning-notices?customerId=${ids.E}&date=2026-12-03`, collector)
    ).json().items;
    expect(eNotices).toEqual([]);

    const credit = await call("POST", `/invoices/${invoices.E}/credit-notes`, accountant, {
      documentDate: "2026-11-23",
      lines: [{ description: "破损退货", quantity: "1", unitPrice: "115.04", vatRate: "0.13" }],
      reason: "破损",
    });
    expect(credit.statusCode, credit.body).toBe(201);
    const wrongNote = await call("POST", `/disputes/${opened.json().disputeId}/resolution`, collector, {
      resolution: "credit_note",
      creditNoteId: invoices.L,
    });
    expect(wrongNote.statusCode).toBe(400);
    const resolved = await call("POST", `/disputes/${opened.json().disputeId}/resolution`, collector, {
      resolution: "credit_note",
      creditNoteId: credit.json().invoiceId,
      note: "已开红字",
    });
    expect(resolved.statusCode, resolved.body).toBe(200);
    expect(resolved.json()).toMatchObject({
      status: "resolved_credit",
      creditNoteId: credit.json().invoiceId,
    });
    const item = (await call("GET", `/open-items?customerId=${ids.E}`, accountant))
      .json()
      .items.find((row: { itemId: string }) => row.itemId === items.E);
    expect(item?.disputed).toBe(false);

    const other = await call("POST", "/disputes", collector, {
      itemId: items.L,
      reasonCode: "price",
      note: "价格不对",
    });
    expect(other.statusCode, other.body).toBe(201);
    const rejected = await call("POST", `/disputes/${other.json().disputeId}/resolution`, collector, {
      resolution: "rejected",
      note: "合同价格无误",
    });
    expect(rejected.json()).toMatchObject({ status: "rejected" });
    const report = (await call("GET", "/disputes/report?from=2026-11-01&to=2026-12-31", collector)).json();
    expect(report.lines).toEqual([
      expect.objectContaining({
        reasonCode: "quality",
        creditedCount: 1,
        rejectedCount: 0,
        openCount: 0,
        open: "0.00",
        total: "130.00",
      }),
      expect.objectContaining({ reasonCode: "price", creditedCount: 0, rejectedCount: 1 }),
    ]);
  });

  it("waives a fee explicitly: the voucher reversed, the item closed, the books still agree", async () => {
    const owner = await signIn(app, org.owner.email);
    const [demand] = (await call("GET", `/dunning-notices?customerId=${ids.L}&date=2026-11-23`, owner)).json()
      .items;
    expect(demand).toMatchObject({ levelCode: "demand", fee: "50.00", feeWaivedOn: null });
    const refused = await call("POST", `/dunning-notices/${demand.noticeId}/waive-fee`, collector, {
      reason: "x",
    });
    expect(refused.statusCode).toBe(403);
    const waived = await call("POST", `/dunning-notices/${demand.noticeId}/waive-fee`, owner, {
      reason: "老客户首次",
    });
    expect(waived.statusCode, waived.body).toBe(200);
    expect(waived.json().feeWaivedOn).toBe("2026-11-23");
    const again = await call("POST", `/dunning-notices/${demand.noticeId}/waive-fee`, owner, {
      reason: "again",
    });
    expect(again.statusCode).toBe(409);
    const open = (await call("GET", `/open-items?customerId=${ids.L}`, accountant)).json().items;
    expect(open.some((row: { documentNumber: string }) => row.documentNumber.startsWith("催收费"))).toBe(
      false,
    );
    expect((await verifyLedger(store().db, org.orgId)).ok).toBe(true);
  });

  it("follows a legal case from the lawyer letter to a settlement, with costs and documents", async () => {
    const letter = Buffer.from("律师函正文").toString("base64");
    const opened = await call("POST", `/customers/${ids.L}/legal-cases`, collector, {
      stage: "lawyer_letter",
      claimed: "1130.00",
      cost: "800.00",
      counsel: "某某律师事务所",
      document: { name: "律师函.pdf", contentType: "application/pdf", base64: letter },
    });
    expect(opened.statusCode, opened.body).toBe(201);
    const caseId = opened.json().caseId;
    const filed = await call("POST", `/legal-cases/${caseId}/steps`, collector, {
      stage: "lawsuit_filed",
      cost: "1500.00",
      court: "上海市浦东新区人民法院",
      caseNumber: "(2026)沪0115民初12345号",
    });
    expect(filed.statusCode, filed.body).toBe(200);
    expect(filed.json()).toMatchObject({ stage: "lawsuit_filed", costs: "2300.00" });
    // A scanned complaint of 2 MB goes through (the routes take documents up to 5 MiB).
    const scan = await call("POST", `/legal-cases/${caseId}/steps`, collector, {
      stage: "lawsuit_filed",
      note: "起诉状扫描件",
      document: {
        name: "起诉状.pdf",
        contentType: "application/pdf",
        base64: Buffer.alloc(2_000_000, 7).toString("base64"),
      },
    });
    expect(scan.statusCode, scan.body.slice(0, 300)).toBe(200);
    const back = await call("POST", `/legal-cases/${caseId}/steps`, collector, { stage: "lawyer_letter" });
    expect(back.statusCode).toBe(400);
    const noOutcome = await call("POST", `/legal-cases/${caseId}/steps`, collector, { stage: "closed" });
    expect(noOutcome.json().issues[0].path).toBe("outcome");
    const closed = await call("POST", `/legal-cases/${caseId}/steps`, collector, {
      stage: "closed",
      outcome: "settled",
      recovered: "1000.00",
    });
    expect(closed.json()).toMatchObject({
      stage: "closed",
      outcome: "settled",
      recovered: "1000.00",
      closedOn: "2026-11-23",
    });
    const eventId = closed.json().events[0].eventId;
    const document = await call("GET", `/legal-cases/${caseId}/events/${eventId}/document`, collector);
    expect(document.statusCode).toBe(200);
    expect(document.headers["content-type"]).toContain("application/pdf");
    expect(document.rawPayload.toString("utf8")).toBe("律师函正文");
  });

  it("measures effectiveness: recovery by level and channel, promises kept, collectors, CEI", async () => {
    const report = await call("GET", "/collections/effectiveness?from=2026-11-01&to=2026-12-31", collector);
    expect(report.statusCode, report.body).toBe(200);
    const body = report.json();
    expect(body.promises).toEqual({ kept: 1, broken: 1, keptRate: 50 });
    const codes = body.levels.map(
      (level: { levelCode: string; channel: string }) => `${level.levelCode}/${level.channel}`,
    );
    expect(codes).toEqual(expect.arrayContaining(["demand/letter", "overdue/email", "reminder/email"]));
    expect(typeof body.cei.index).toBe("number");
    expect(body.collectors.length).toBeGreaterThan(0);
    expect((await call("GET", "/collections/effectiveness", collector)).statusCode).toBe(200);
  });
});
