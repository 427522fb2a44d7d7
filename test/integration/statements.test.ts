import type { InjectOptions } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { BuiltApp } from "../../src/api/app.ts";
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
import { type LoopbackSmtp, startLoopbackSmtp } from "../support/smtp.ts";

/**
 * Statements of account on both engines: the snapshot equals the subledger, the email goes to a
 * real SMTP server on loopback with the PDF and the signed link, and the customer answers through
 * the link without an account — once, and not after it expires or when it is tampered with.
 */

describeEachEngine("statements of account", (context) => {
  let smtp: LoopbackSmtp;
  const state: {
    built?: BuiltApp;
    quiet?: BuiltApp;
    later?: BuiltApp;
    org?: TestOrganization;
    collector?: Session;
    customerId?: string;
  } = {};

  beforeAll(async () => {
    smtp = await startLoopbackSmtp();
    const store = context.store();
    state.built = await makeTestApp(store, { clock: fixedClock, smtpUrl: smtp.url });
    state.quiet = await makeTestApp(store, { clock: fixedClock });
    state.later = await makeTestApp(store, { clock: () => new Date("2027-03-01T08:00:00Z") });
    state.org = await makeOrganization(store, "对账测试有限公司");
    const accountant = await signIn(state.built, (await addTestMember(store, state.org, "accountant")).email);
    state.collector = await signIn(state.built, (await addTestMember(store, state.org, "collector")).email);
    const customerId = (await addTestCustomer(store, state.org, "S-001")).customerId;
    await grantTestCredit(store, state.org, customerId);
    state.customerId = customerId;
    const url = (path: string) => `/api/v1/orgs/${state.org?.orgId}${path}`;
    const post = (path: string, payload: object) =>
      state.built?.app.inject({ method: "POST", url: url(path), headers: accountant.headers, payload });
    for (const [date, price] of [
      ["2026-10-15", "1000"],
      ["2026-11-05", "2000"],
      ["2026-11-10", "500"],
    ] as const) {
      const response = await post("/invoices", {
        customerId,
        documentDate: date,
        lines: [{ description: "货物", quantity: "1", unitPrice: price, vatRate: "0.13" }],
        issue: true,
      });
      expect(response?.statusCode, response?.body).toBe(201);
    }
    const paid = await post("/payments", {
      customerId,
      method: "bank_transfer",
      receivedDate: "2026-11-12",
      amount: "1130.00",
      allocation: { method: "oldest_first" },
    });
    expect(paid?.statusCode, paid?.body).toBe(201);
  });
  afterAll(async () => {
    await smtp.close();
  });

  const org = () => state.org as TestOrganization;
  const inject = (options: InjectOptions, app = state.built as BuiltApp) => app.app.inject(options);
  const url = (path: string) => `/api/v1/orgs/${org().orgId}${path}`;
  const asCollector = (method: "GET" | "POST", path: string, payload?: object, app?: BuiltApp) =>
    inject(
      {
        method,
        url: url(path),
        headers: (state.collector as Session).headers,
        ...(payload ? { payload } : {}),
      },
      app,
    );

  async function newStatement(from = "2026-11-01", to = "2026-11-23") {
    const response = await asCollector("POST", "/statements", { customerId: state.customerId, from, to });
    expect(response.statusCode, response.body).toBe(201);
    return response.json();
  }

  it("takes the period from the subledger: opening balance, documents, payments, closing balance and aging", async () => {
    const created = await newStatement();
    expect(created.number).toMatch(/^DZ-\d{6}$/);
    const statement = created.statement;
    expect(statement).toMatchObject({
      opening: "1130.00",
      closing: "2825.00",
      debitTotal: "2825.00",
      creditTotal: "1130.00",
    });
    expect(statement.lines.map((line: { kind: string }) => line.kind)).toEqual([
      "invoice",
      "invoice",
      "payment",
    ]);
    expect(statement.lines.at(-1).balance).toBe("2825.00");
    expect(statement.openItems).toHaveLength(2);
    expect(created.link.url).toMatch(/\/s\/[0-9a-f-]{36}\.[A-Za-z0-9_-]{32}$/);
    const bad = await asCollector("POST", "/statements", {
      customerId: state.customerId,
      from: "2026-11-23",
      to: "2026-11-01",
    });
    expect(bad.statusCode).toBe(400);
    const pdf = await asCollector("GET", `/statements/${created.statementId}/document?format=pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe("%PDF-");
    const xlsx = await asCollector("GET", `/statements/${created.statementId}/document?format=xlsx`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe("PK");
  });

  it("emails the statement with its PDF and link through SMTP, or keeps it in the outbox without SMTP", async () => {
    const created = await newStatement();
    const sent = await asCollector("POST", `/statements/${created.statementId}/send`, {
      recipient: "finance@customer.example",
      locale: "zh-CN",
    });
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json()).toMatchObject({ status: "sent", sentTo: "finance@customer.example" });
    expect(sent.json().messages[0]).toMatchObject({ status: "sent", recipient: "finance@customer.example" });
    const message = smtp.received.find(
      (m) => m.to.includes("finance@customer.example") && m.subject.includes(created.number),
    );
    expect(message, "the SMTP server received the statement").toBeDefined();
    expect(message?.partTypes).toContain("application/pdf");
    expect(message?.text).toContain(`/s/${created.statementId}.`);

    const other = await newStatement();
    const queued = await asCollector(
      "POST",
      `/statements/${other.statementId}/send`,
      { recipient: "ap@customer.example", locale: "en" },
      state.quiet,
    );
    expect(queued.statusCode, queued.body).toBe(200);
    expect(queued.json().messages[0]).toMatchObject({ status: "queued" });
  });

  it("lets the customer dispute lines through the link, once; the disputed invoice's items are held back", async () => {
    const created = await newStatement();
    const token = String(created.link.url).split("/s/")[1] ?? "";
    const publicGet = await inject({ method: "GET", url: `/api/v1/public/statements/${token}` });
    expect(publicGet.statusCode, publicGet.body).toBe(200);
    expect(publicGet.json()).toMatchObject({ number: created.number, response: null });
    const tampered = await inject({ method: "GET", url: `/api/v1/public/statements/${token.slice(0, -1)}x` });
    expect(tampered.statusCode).toBe(410);
    expect(tampered.json().code).toBe("STATEMENT_LINK_INVALID");
    const pdf = await inject({ method: "GET", url: `/api/v1/public/statements/${token}/document` });
    expect(pdf.statusCode).toBe(200);

    const disputedLine = created.statement.lines[1];
    const answer = await inject({
      method: "POST",
      url: `/api/v1/public/statements/${token}/response`,
      payload: {
        status: "disputed",
        by: "王会计",
        lines: [{ seq: disputedLine.seq, note: "数量不符，应为 1 吨" }],
      },
    });
    expect(answer.statusCode, answer.body).toBe(200);
    expect(answer.json()).toMatchObject({ status: "disputed", response: { by: "王会计" } });
    const again = await inject({
      method: "POST",
      url: `/api/v1/public/statements/${token}/response`,
      payload: { status: "confirmed", by: "王会计" },
    });
    expect(again.statusCode).toBe(409);
    const items = (await asCollector("GET", `/open-items?customerId=${state.customerId}`)).json().items;
    const held = items.filter((item: { disputed: boolean }) => item.disputed);
    expect(held).toHaveLength(1);
    expect(held[0].documentNumber).toBe(disputedLine.documentNumber);
    const listed = (
      await asCollector("GET", `/statements?customerId=${state.customerId}&status=disputed`)
    ).json();
    expect(listed.items.map((s: { statementId: string }) => s.statementId)).toContain(created.statementId);
  });

  it("confirms a balance, and refuses an expired link", async () => {
    const created = await newStatement();
    const token = String(created.link.url).split("/s/")[1] ?? "";
    const expired = await inject(
      {
        method: "POST",
        url: `/api/v1/public/statements/${token}/response`,
        payload: { status: "confirmed", by: "李总" },
      },
      state.later,
    );
    expect(expired.statusCode).toBe(410);
    const confirmed = await inject({
      method: "POST",
      url: `/api/v1/public/statements/${token}/response`,
      payload: { status: "confirmed", by: "李总", note: "余额无误" },
    });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect((await asCollector("GET", `/statements/${created.statementId}`)).json()).toMatchObject({
      status: "confirmed",
      response: { status: "confirmed", by: "李总", note: "余额无误" },
    });
  });
});
