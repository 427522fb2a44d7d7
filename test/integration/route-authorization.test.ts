import { beforeAll, expect, it } from "vitest";
import type { BuiltApp } from "../../src/api/app.ts";
import { uuidv7 } from "../../src/core/ids.ts";
import { type Role, roleAllows, roles } from "../../src/domain/access/index.ts";
import { chineseBankCsvPreset } from "../../src/io/bank-statements/index.ts";
import { enqueueEmail } from "../../src/notify/outbox.ts";
import { openDispute } from "../../src/services/collections/disputes.ts";
import { openLegalCase } from "../../src/services/collections/legal.ts";
import { runCommand } from "../../src/services/command.ts";
import { requestLimit } from "../../src/services/credit/approvals.ts";
import { addContact } from "../../src/services/customers.ts";
import { addSubAccount, postEvents } from "../../src/services/ledger/index.ts";
import { createPlan } from "../../src/services/plans/index.ts";
import {
  createInvoice,
  createStatement,
  importBankStatement,
  issueInvoice,
  recordPayment,
} from "../../src/services/receivables/index.ts";
import { createReportSchedule } from "../../src/services/reports/schedules.ts";
import { describeEachEngine } from "../support/engines.ts";
import {
  addTestCustomer,
  addTestMember,
  addTestToken,
  grantTestCredit,
  makeOrganization,
  type TestOrganization,
} from "../support/fixtures.ts";
import { makeTestApp, type Session, signIn } from "../support/http.ts";

/**
 * Walks every route of the OpenAPI document and proves, for each: no credentials → 401; another
 * organization's ids → 404; a role without the route's permission → 403. A new route is covered
 * the moment it is registered; a path parameter this walker cannot fill fails the test.
 */

type Ids = Record<string, string>;

interface Tenant {
  readonly org: TestOrganization;
  readonly ids: Ids;
  readonly sessions: Readonly<Record<Role, Session>>;
  readonly ownerToken: string;
}

function fill(url: string, ids: Ids): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => {
    const id = ids[name];
    if (id === undefined)
      throw new Error(`the walker has no id for :${name} in ${url}; add it to the fixture`);
    return id;
  });
}

describeEachEngine("every route's authorization", (context) => {
  let built: BuiltApp;
  let a: Tenant;
  let b: Tenant;

  async function tenant(name: string): Promise<Tenant> {
    const store = context.store();
    const org = await makeOrganization(store, name);
    const emails: Partial<Record<Role, string>> = { owner: org.owner.email };
    let someMember = org.owner.userId;
    for (const role of roles) {
      if (role === "owner") continue;
      const member = await addTestMember(store, org, role);
      emails[role] = member.email;
      someMember = member.userId;
    }
    const customer = await addTestCustomer(store, org, "R001");
    const contact = await runCommand(store, (tx) =>
      addContact(tx, org.actor, org.orgId, customer.customerId, {
        name: "联系人",
        role: null,
        phone: null,
        email: null,
        preferredChannel: "phone",
      }),
    );
    // Account codes are per organization; give each tenant one the other lacks.
    const accountCode = name === "Tenant A" ? "660201" : "660202";
    const voucherId = await runCommand(store, async (tx) => {
      await addSubAccount(tx, org.actor, org.orgId, {
        parentCode: "6602",
        code: accountCode,
        nameZh: "办公费",
        nameEn: "Office",
      });
      const [posted] = await postEvents(tx, org.actor, org.orgId, [
        {
          type: "invoice_issued",
          date: "2026-11-02",
          currency: "CNY",
          customerId: customer.customerId,
          amounts: { net: 10000n, tax: 1300n },
          memo: "walker",
          sourceType: null,
          sourceId: null,
        },
      ]);
      return posted?.voucherId ?? "";
    });
    // A pending limit request (no assessment: every limit needs a reason and is an override).
    const approval = await runCommand(store, (tx) =>
      requestLimit(tx, org.actor, org.orgId, customer.customerId, {
        limitMinor: 50_000_000n,
        terms: { kind: "net", days: 30 },
        reason: "walker",
      }),
    );
    const approvalId = approval.outcome === "pending" ? approval.approval.approvalId : "";
    const plan = await runCommand(store, (tx) =>
      createPlan(tx, org.actor, org.orgId, {
        customerId: customer.customerId,
        accountingMode: "financed-sale",
        request: {
          principalMinor: 1_200_000n,
          currency: "CNY",
          method: "equal-installment",
          periods: 12,
          frequency: "monthly",
          startDate: "2026-11-02",
          annualRate: "0.08",
        },
      }),
    );
    await grantTestCredit(store, org, customer.customerId);
    const invoice = await runCommand(store, async (tx) => {
      const draft = await createInvoice(tx, org.actor, org.orgId, {
        customerId: customer.customerId,
        documentDate: "2026-11-20",
        termsCode: null,
        taxInclusive: false,
        lines: [{ description: "walker", quantity: "1", unitPrice: "100", vatRate: "0.13" }],
        taxInvoiceNumber: null,
        taxInvoiceDate: null,
        note: null,
      });
      return issueInvoice(tx, org.actor, org.orgId, draft.invoiceId);
    });
    const payment = await runCommand(store, (tx) =>
      recordPayment(tx, org.actor, org.orgId, {
        customerId: customer.customerId,
        method: "bank_transfer",
        receivedDate: "2026-11-21",
        amountMinor: 1_00n,
        payerName: null,
        reference: null,
        note: null,
        allocation: null,
      }),
    );
    const statement = await runCommand(store, (tx) =>
      createStatement(tx, org.actor, org.orgId, {
        customerId: customer.customerId,
        from: "2026-11-01",
        to: "2026-11-21",
      }),
    );
    // One line the matcher cannot place, so it waits in the review queue.
    const bank = await runCommand(store, (tx) =>
      importBankStatement(tx, org.actor, org.orgId, {
        bytes: Buffer.from(`交易日期,贷方发生额,借方发生额,对方户名\n2026-11-21,12.34,,${name} 某人\n`),
        fileName: null,
        format: "csv",
        csvMapping: { ...chineseBankCsvPreset, account: "6222000011112222" },
      }),
    );
    const bankLine = await store.db
      .selectFrom("bank_lines")
      .select("line_id")
      .where("org_id", "=", org.orgId)
      .where("statement_id", "=", bank.statements[0]?.statementId ?? "")
      .executeTakeFirstOrThrow();
    const messageId = await runCommand(store, (tx) =>
      enqueueEmail(tx, org.orgId, {
        recipient: "walker@example.test",
        subject: "walker",
        bodyText: "walker",
        attachments: [],
        relatedType: null,
        relatedId: null,
      }),
    );
    // A notice waiting for approval, as the end-of-day batch leaves one.
    const noticeId = uuidv7();
    await store.db
      .insertInto("dunning_notices")
      .values({
        org_id: org.orgId,
        notice_id: noticeId,
        customer_id: customer.customerId,
        business_date: "2026-11-21",
        policy_version: 1n,
        policy_code: "standard",
        level_code: "lawyer",
        level_index: 5n,
        channel: "letter",
        status: "awaiting_approval",
        currency: "CNY",
        total_minor: 100n,
        fee_minor: 0n,
        fee_waived_on: null,
        max_days_past_due: 61n,
        item_ids_json: "[]",
        recipient: null,
        message_id: null,
        decided_by: null,
        decided_at: null,
        created_at: "2026-11-21T00:00:00.000Z",
      })
      .execute();
    // A write-off waiting for approval (its items do not matter to the walker).
    const writeOffId = uuidv7();
    await store.db
      .insertInto("write_offs")
      .values({
        org_id: org.orgId,
        write_off_id: writeOffId,
        number: "HX-000001",
        customer_id: customer.customerId,
        currency: "CNY",
        amount_minor: 100n,
        recovered_minor: 0n,
        reason: "walker",
        status: "pending",
        policy_version: 1n,
        threshold_minor: 0n,
        requested_on: "2026-11-21",
        requested_by: "walker",
        requested_by_user_id: null,
        decided_by: null,
        decided_by_user_id: null,
        decision_note: null,
        decided_at: null,
        posted_on: null,
        voucher_id: null,
        created_at: "2026-11-21T00:00:00.000Z",
      })
      .execute();
    // An open early-warning alert, as the end-of-day batch raises one.
    const alertId = uuidv7();
    await store.db
      .insertInto("warning_alerts")
      .values({
        org_id: org.orgId,
        alert_id: alertId,
        customer_id: customer.customerId,
        rule_code: "overdue_60",
        rule_version: 1n,
        severity: "warning",
        status: "open",
        facts_json: JSON.stringify({ daysPastDue: 61, daysMin: 60 }),
        first_raised_on: "2026-11-21",
        last_raised_on: "2026-11-21",
        cleared_on: null,
        handled_by: null,
        handled_at: null,
        note: null,
        task_user_id: null,
        task_status: null,
        task_due_on: null,
        hold_applied: 0n,
        history_json: "[]",
        created_at: "2026-11-21T00:00:00.000Z",
        updated_at: "2026-11-21T00:00:00.000Z",
      })
      .execute();
    const dispute = await runCommand(store, (tx) =>
      openDispute(tx, org.actor, org.orgId, {
        itemId: invoice.items[0]?.itemId ?? "",
        lineSeq: null,
        reasonCode: "quality",
        amountMinor: null,
        ownerUserId: null,
        note: "walker",
      }),
    );
    const legalCase = await runCommand(store, (tx) =>
      openLegalCase(tx, org.actor, org.orgId, customer.customerId, {
        stage: "lawyer_letter",
        occurredOn: null,
        costMinor: 0n,
        note: null,
        document: {
          name: "letter.txt",
          contentType: "text/plain",
          base64: Buffer.from("walker").toString("base64"),
        },
        outcome: null,
        recoveredMinor: null,
        claimedMinor: 100n,
      }),
    );
    const schedule = await runCommand(store, (tx) =>
      createReportSchedule(tx, org.actor, org.orgId, {
        reportName: "kpis",
        options: {},
        format: "csv",
        locale: "zh-CN",
        recipients: ["walker@example.test"],
        frequency: "daily",
        weekday: null,
        dayOfMonth: null,
        enabled: false,
      }),
    );
    const token = await addTestToken(store, org, org.owner.userId);
    const sessions = {} as Record<Role, Session>;
    for (const role of roles) sessions[role] = await signIn(built, emails[role] ?? "");
    return {
      org,
      ids: {
        orgId: org.orgId,
        userId: someMember,
        tokenId: token.info.tokenId,
        customerId: customer.customerId,
        voucherId,
        accountCode,
        contactId: contact.contactId,
        approvalId,
        planId: plan.planId,
        invoiceId: invoice.invoiceId,
        itemId: invoice.items[0]?.itemId ?? "",
        paymentId: payment.paymentId,
        statementId: statement.statementId,
        bankLineId: bankLine.line_id,
        messageId,
        noticeId,
        disputeId: dispute.disputeId,
        alertId,
        writeOffId,
        caseId: legalCase.caseId,
        eventId: legalCase.events[0]?.eventId ?? "",
        reportName: "aging",
        scheduleId: schedule.scheduleId,
      },
      sessions,
      ownerToken: token.token,
    };
  }

  beforeAll(async () => {
    built = await makeTestApp(context.store());
    a = await tenant("Tenant A");
    b = await tenant("Tenant B");
  });

  const request = (method: string, url: string, headers: Record<string, string>) =>
    built.app.inject({
      method: method as "GET",
      url,
      headers: { ...headers, ...(method === "GET" ? {} : { "content-type": "application/json" }) },
      ...(method === "GET" ? {} : { payload: "{}" }),
    });

  it("documents exactly the routes that declare access", async () => {
    const document = (await built.app.inject({ method: "GET", url: "/api/openapi.json" })).json() as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
    };
    expect(document.openapi).toBe("3.1.0");
    const documented = Object.entries(document.paths)
      .flatMap(([path, operations]) =>
        Object.keys(operations).map((m) => `${m.toUpperCase()} ${path.replace(/\{([^}]+)\}/g, ":$1")}`),
      )
      .sort();
    const registered = built.routes
      .filter((r) => r.url !== "/api/openapi.json")
      .map((r) => `${r.method} ${r.url}`);
    expect(documented).toEqual([...registered].sort());
    expect(documented.length).toBeGreaterThan(15);
  });

  it("answers 401 to every protected route without credentials", async () => {
    for (const route of built.routes) {
      if (route.access.kind === "public") continue;
      const response = await request(route.method, fill(route.url, a.ids), {});
      expect(response.statusCode, `${route.method} ${route.url}`).toBe(401);
      expect(response.headers["content-type"]).toContain("application/problem+json");
      expect(response.json()).toMatchObject({ code: "UNAUTHENTICATED", status: 401 });
    }
  });

  it("answers 401 to a forged or revoked bearer token", async () => {
    const response = await request("GET", "/api/v1/me", { authorization: "Bearer cred_forged" });
    expect(response.statusCode).toBe(401);
  });

  it("answers 404 to another organization's ids, by session and by token", async () => {
    let checked = 0;
    for (const route of built.routes) {
      if (route.access.kind !== "org") continue;
      const label = `${route.method} ${route.url}`;
      // The whole path in the other organization.
      const foreign = fill(route.url, b.ids);
      expect((await request(route.method, foreign, a.sessions.owner.headers)).statusCode, label).toBe(404);
      expect(
        (await request(route.method, foreign, { authorization: `Bearer ${a.ownerToken}` })).statusCode,
        label,
      ).toBe(404);
      // Our organization, but a sub-resource id of the other.
      const mixed = fill(route.url, { ...b.ids, orgId: a.org.orgId });
      if (mixed !== fill(route.url, a.ids)) {
        const response = await request(route.method, mixed, a.sessions.owner.headers);
        expect(response.statusCode, `${label} with a foreign sub-resource`).toBe(404);
        expect(response.json()).toMatchObject({ code: "NOT_FOUND" });
      }
      // Ids that are not ids at all.
      const garbage = fill(route.url, {
        orgId: a.org.orgId,
        userId: "x'--",
        tokenId: "1",
        customerId: "%00",
        voucherId: "0",
        contactId: "-1",
        approvalId: "0",
        planId: "x",
        invoiceId: "0",
        itemId: "x'--",
        paymentId: "%00",
        statementId: "0",
        bankLineId: "x",
        messageId: "0",
        noticeId: "x",
        disputeId: "0",
        alertId: "%00",
        writeOffId: "x'--",
        caseId: "%00",
        eventId: "x'--",
        reportName: "x'--",
        scheduleId: "0",
        accountCode: "1'--",
      });
      if (garbage !== fill(route.url, a.ids)) {
        expect((await request(route.method, garbage, a.sessions.owner.headers)).statusCode, label).toBe(404);
      }
      checked += 1;
    }
    expect(checked).toBeGreaterThan(10);
  });

  it("answers 403 to every role that lacks the route's permission, and lets the others read", async () => {
    let denied = 0;
    for (const route of built.routes) {
      if (route.access.kind !== "org") continue;
      const permission = route.access.permission;
      for (const role of roles) {
        const label = `${role} → ${route.method} ${route.url}`;
        if (roleAllows(role, permission)) {
          // Allowed writes would change the fixture under the other checks; the API tests cover them.
          if (route.method !== "GET") continue;
          const response = await request(route.method, fill(route.url, a.ids), a.sessions[role].headers);
          expect(response.statusCode, label).toBe(200);
        } else {
          const response = await request(route.method, fill(route.url, a.ids), a.sessions[role].headers);
          expect(response.statusCode, label).toBe(403);
          expect(response.json(), label).toMatchObject({ code: "PERMISSION_DENIED" });
          denied += 1;
        }
      }
    }
    expect(denied).toBeGreaterThan(10);
  });

  it("keeps session-only routes away from API tokens", async () => {
    for (const route of built.routes) {
      if (route.access.kind !== "session") continue;
      const response = await request(route.method, fill(route.url, a.ids), {
        authorization: `Bearer ${a.ownerToken}`,
      });
      expect(response.statusCode, `${route.method} ${route.url}`).toBe(403);
    }
  });
});
