import { beforeAll, expect, it } from "vitest";
import { runEndOfDay } from "../../src/services/collections/eod.ts";
import { assignCollector } from "../../src/services/collections/worklist.ts";
import { runCommand } from "../../src/services/command.ts";
import { createCustomer } from "../../src/services/customers.ts";
import { createDemo } from "../../src/services/demo.ts";
import { addMember } from "../../src/services/people.ts";
import { createInvoice, issueInvoice } from "../../src/services/receivables/index.ts";
import { dashboard } from "../../src/services/reports/dashboard.ts";
import { receivablesKpis } from "../../src/services/reports/kpis.ts";
import { listAlerts } from "../../src/services/risk/warnings.ts";
import type { Store } from "../../src/store/database.ts";
import { describeEachEngine } from "../support/engines.ts";
import {
  addTestMember,
  addTestToken,
  defined,
  fixedClock,
  grantTestCredit,
  makeOrganization,
  type TestOrganization,
} from "../support/fixtures.ts";
import { makeTestApp, type Session, signIn } from "../support/http.ts";
import { type AgingHistory, buildAgingHistory } from "./aging-history.ts";

/** fixedClock's business date in Asia/Shanghai. */
const today = "2026-11-23";
const bucketKeys = ["current", "1-30", "31-60", "61-90", "91-180", "181-365", ">365"];
/** The demo posts two years of documents; PostgreSQL takes longer than SQLite. */
const demoTimeoutMs = 300_000;

interface DashboardJson {
  asOf: string;
  currency: string;
  receivables: {
    total: string;
    current: string;
    overdue: string;
    overdueShare: string | null;
    items: number;
    customers: number;
  };
  aging: { buckets: Array<{ key: string; amount: string }> };
  dso: { countback: string | null; trend: Array<{ date: string; dsoCountback: string | null }> };
  collections: { month: string; collected: string; forecast: string; expectedRest: string };
  topOverdue: Array<{ customerId: string; code: string; overdue: string; oldestBucket: string }>;
  worklist: { scope: string; rows: Array<{ customerId: string; code: string }> } | null;
  openAlerts: number | null;
}

interface PortfolioJson {
  organizations: Array<{
    orgId: string;
    name: string;
    total: string;
    overdue: string;
    buckets: Array<{ key: string; amount: string }>;
    dsoCountback: string | null;
    worklist: number | null;
  }>;
  totals: Array<{ currency: string; organizations: number; total: string; overdue: string }>;
  sharedCustomers: Array<{
    creditCode: string;
    organizations: Array<{ orgId: string; outstanding: string; overdue: string }>;
    combined: Array<{ currency: string; outstanding: string; overdue: string }>;
  }>;
}

const cents = (amount: string) => BigInt(amount.replace(".", ""));

async function issueTestInvoice(
  store: Store,
  org: TestOrganization,
  customerId: string,
  documentDate: string,
  amount: string,
) {
  await runCommand(
    store,
    async (tx) => {
      const draft = await createInvoice(tx, org.actor, org.orgId, {
        customerId,
        documentDate,
        termsCode: null,
        taxInclusive: true,
        lines: [{ description: "goods", quantity: "1", unitPrice: amount, vatRate: "0.13" }],
        taxInvoiceNumber: null,
        taxInvoiceDate: null,
        note: null,
      });
      return issueInvoice(tx, org.actor, org.orgId, draft.invoiceId);
    },
    fixedClock,
  );
}

async function addCustomerWithCode(store: Store, org: TestOrganization, code: string, creditCode: string) {
  const customer = await runCommand(store, (tx) =>
    createCustomer(tx, org.actor, org.orgId, { code, name: `Shared ${code}`, kind: "company", creditCode }),
  );
  await grantTestCredit(store, org, customer.customerId);
  return customer.customerId;
}

describeEachEngine("dashboard", (context) => {
  const store = () => context.store();
  let history: AgingHistory;
  let built: Awaited<ReturnType<typeof makeTestApp>>;
  let owner: Session;
  let collector: Session;
  let collectorUserId: string;
  let auditor: Session;

  beforeAll(async () => {
    history = await buildAgingHistory(store(), "Dashboard Co.");
    // The worklist reads the arrears the end-of-day batch leaves behind.
    await runEndOfDay(store(), history.org.orgId, { clock: fixedClock, date: today });
    const collectorMember = await addTestMember(store(), history.org, "collector");
    collectorUserId = collectorMember.userId;
    const auditorMember = await addTestMember(store(), history.org, "auditor");
    await runCommand(store(), (tx) =>
      assignCollector(tx, history.org.actor, history.org.orgId, history.customerB, collectorUserId),
    );
    built = await makeTestApp(store(), { clock: fixedClock });
    owner = await signIn(built, history.org.owner.email);
    collector = await signIn(built, collectorMember.email);
    auditor = await signIn(built, auditorMember.email);
  });

  const get = async (session: Session, url: string) => {
    const response = await built.app.inject({ method: "GET", url, headers: session.headers });
    return response;
  };
  const dashboardOf = async (session: Session, orgId = history.org.orgId, query = "") => {
    const response = await get(session, `/api/v1/orgs/${orgId}/dashboard${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as DashboardJson;
  };

  it("adds up the hand-built book: total = Σ buckets, overdue and its share, top overdue customers", async () => {
    const view = await dashboardOf(owner);
    expect(view.asOf).toBe(today);
    // As of 2026-11-23: A-2 4,500.00 due 09-14 (70 days: 61-90), B-1 3,000.00 due 11-19 (4 days:
    // 1-30), C's 100.00 due 12-23 (current); A-1 was paid on 11-20 (aging-history.ts).
    expect(view.aging.buckets.map((bucket) => bucket.key)).toEqual(bucketKeys);
    expect(Object.fromEntries(view.aging.buckets.map((bucket) => [bucket.key, bucket.amount]))).toEqual({
      current: "100.00",
      "1-30": "3000.00",
      "31-60": "0.00",
      "61-90": "4500.00",
      "91-180": "0.00",
      "181-365": "0.00",
      ">365": "0.00",
    });
    const sum = view.aging.buckets.reduce((total, bucket) => total + cents(bucket.amount), 0n);
    expect(view.receivables).toEqual({
      total: "7600.00",
      current: "100.00",
      overdue: "7500.00",
      // 7,500 / 7,600 = 0.98684… → 0.9868
      overdueShare: "0.9868",
      items: 3,
      customers: 3,
    });
    expect(sum).toBe(cents(view.receivables.total));
    expect(view.topOverdue.map((row) => [row.code, row.overdue, row.oldestBucket])).toEqual([
      ["A", "4500.00", "61-90"],
      ["B", "3000.00", "1-30"],
    ]);
    // The KPIs' DSO, with a year of trend ending at the last month end.
    const kpis = await receivablesKpis(store().db, history.org.orgId, { asOf: today, months: 12 });
    expect(view.dso.countback).toBe(kpis.figures.dsoCountback);
    expect(view.dso.trend).toHaveLength(12);
    expect(view.dso.trend.at(-1)?.date).toBe("2026-10-31");
    // November: A's 6,000.00 of 11-20; B's 1,000.00 of 11-01 bounced on 11-10 and does not count.
    expect(view.collections).toMatchObject({ month: "2026-11", collected: "6000.00" });
    // The end-of-day batch raised the early warnings; the dashboard counts those still active.
    const active = await listAlerts(store().db, history.org.orgId, { status: "active", limit: 500 });
    expect(view.openAlerts).toBe(active.length);
  });

  it("reads the book as of a past date", async () => {
    // 2026-10-31 (aging-history.ts): A-1 6,000.00 at 214 days, A-2 4,500.00 at 47, B-1 not yet due.
    const view = await dashboardOf(owner, history.org.orgId, "?asOf=2026-10-31");
    expect(view.receivables).toMatchObject({ total: "13500.00", overdue: "10500.00" });
    expect(view.collections.month).toBe("2026-10");
  });

  it("shows a collector only their own worklist; the owner and the auditor see everyone's", async () => {
    const mine = await dashboardOf(collector);
    expect(mine.worklist?.scope).toBe("collector");
    expect(mine.worklist?.rows.map((row) => row.customerId)).toEqual([history.customerB]);
    const all = await dashboardOf(owner);
    expect(all.worklist?.scope).toBe("all");
    expect(all.worklist?.rows.map((row) => row.code).sort()).toEqual(["A", "B"]);
    const audited = await dashboardOf(auditor);
    expect(audited.worklist?.rows).toHaveLength(2);
  });

  it("has no worklist part for a member who may not read collections", async () => {
    // Every role granting reports.read grants collections.read today; the service takes the
    // route's decision, so the case is checked there.
    const view = await dashboard(store().db, history.org.orgId, {
      asOf: today,
      today,
      worklistScope: null,
      alerts: false,
    });
    expect(view.worklist).toBeNull();
    expect(view.openAlerts).toBeNull();
    expect(view.receivables.total).toBe("7600.00");
  });

  it("answers for an empty organization with zeros", async () => {
    const empty = await makeOrganization(store(), "Empty Co.");
    const session = await signIn(built, empty.owner.email);
    const view = await dashboardOf(session, empty.orgId);
    expect(view.receivables).toEqual({
      total: "0.00",
      current: "0.00",
      overdue: "0.00",
      overdueShare: null,
      items: 0,
      customers: 0,
    });
    expect(view.aging.buckets.every((bucket) => bucket.amount === "0.00")).toBe(true);
    expect(view.topOverdue).toEqual([]);
    expect(view.worklist).toEqual({ scope: "all", rows: [] });
    expect(view.collections).toMatchObject({ collected: "0.00", forecast: "0.00" });
    expect(view.dso.trend).toHaveLength(12);
  });

  it("refuses a bad date and another organization", async () => {
    const bad = await get(owner, `/api/v1/orgs/${history.org.orgId}/dashboard?asOf=2026-13-01`);
    expect(bad.statusCode).toBe(400);
    const other = await makeOrganization(store(), "Other Co.");
    expect((await get(owner, `/api/v1/orgs/${other.orgId}/dashboard`)).statusCode).toBe(404);
  });

  it(
    "answers quickly for the demo organization",
    async () => {
      const demo = await createDemo(store(), { clock: fixedClock });
      const session = await signIn(built, demo.ownerEmail, demo.password);
      const orgId = defined(demo.orgIds[0]);
      await dashboardOf(session, orgId);
      const started = performance.now();
      const view = await dashboardOf(session, orgId);
      const elapsedMs = performance.now() - started;
      console.log(`dashboard [${context.engine}] demo organization: ${elapsedMs.toFixed(0)} ms`);
      expect(view.aging.buckets.reduce((total, bucket) => total + cents(bucket.amount), 0n)).toBe(
        cents(view.receivables.total),
      );
      expect(cents(view.receivables.total)).toBeGreaterThan(0n);
      const portfolioStarted = performance.now();
      const response = await get(session, "/api/v1/portfolio");
      console.log(
        `portfolio [${context.engine}] ${demo.orgIds.length} demo organizations: ${(performance.now() - portfolioStarted).toFixed(0)} ms`,
      );
      expect(response.statusCode).toBe(200);
      const body = response.json() as PortfolioJson;
      expect(body.organizations.map((org) => org.orgId).sort()).toEqual([...demo.orgIds].sort());
    },
    demoTimeoutMs,
  );
});

describeEachEngine("portfolio across organizations", (context) => {
  const store = () => context.store();
  let built: Awaited<ReturnType<typeof makeTestApp>>;
  let firm: TestOrganization;
  let client: TestOrganization;
  let stranger: TestOrganization;
  let session: Session;
  /** Valid unified social credit codes (GB 32100-2015), as in the credit tests. */
  const shared = "91440300708461136T";
  const onlyOne = "91330100716105852F";

  beforeAll(async () => {
    firm = await makeOrganization(store(), "A Firm Client");
    client = await makeOrganization(store(), "B Client");
    stranger = await makeOrganization(store(), "C Stranger");
    // The firm's owner keeps the client's books too.
    await runCommand(store(), (tx) =>
      addMember(tx, client.actor, client.orgId, { email: firm.owner.email, role: "accountant" }),
    );
    const inFirm = await addCustomerWithCode(store(), firm, "S1", shared);
    const inClient = await addCustomerWithCode(store(), client, "X9", shared);
    const inStranger = await addCustomerWithCode(store(), stranger, "S1", shared);
    const alone = await addCustomerWithCode(store(), firm, "S2", onlyOne);
    // Net 30: 2026-10-01 is due 10-31 (23 days past due on 11-23); 2026-11-10 is not yet due.
    await issueTestInvoice(store(), firm, inFirm, "2026-10-01", "1000.00");
    await issueTestInvoice(store(), firm, alone, "2026-11-10", "50.00");
    await issueTestInvoice(store(), client, inClient, "2026-11-10", "2000.00");
    await issueTestInvoice(store(), stranger, inStranger, "2026-10-01", "9999.00");
    built = await makeTestApp(store(), { clock: fixedClock });
    session = await signIn(built, firm.owner.email);
  });

  const portfolioOf = async (headers: Record<string, string>, query = "") => {
    const response = await built.app.inject({ method: "GET", url: `/api/v1/portfolio${query}`, headers });
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as PortfolioJson;
  };

  it("lists every organization of the user, never another's, with totals per currency", async () => {
    const view = await portfolioOf(session.headers);
    expect(view.organizations.map((org) => org.name)).toEqual(["A Firm Client", "B Client"]);
    expect(view.organizations.map((org) => org.orgId)).not.toContain(stranger.orgId);
    const [first, second] = view.organizations;
    expect(first).toMatchObject({ total: "1050.00", overdue: "1000.00" });
    expect(second).toMatchObject({ total: "2000.00", overdue: "0.00" });
    expect(Object.fromEntries((first?.buckets ?? []).map((b) => [b.key, b.amount]))).toMatchObject({
      current: "50.00",
      "1-30": "1000.00",
    });
    expect(view.totals).toEqual([
      expect.objectContaining({ currency: "CNY", organizations: 2, total: "3050.00", overdue: "1000.00" }),
    ]);
    // The same countback DSO as the organization's own KPIs.
    const kpis = await receivablesKpis(store().db, firm.orgId, { asOf: today, months: 1 });
    expect(first?.dsoCountback).toBe(kpis.figures.dsoCountback);
    expect(first?.worklist).toBe(0);
  });

  it("recognizes a customer in two organizations by its credit code, and only in the user's", async () => {
    const view = await portfolioOf(session.headers);
    expect(view.sharedCustomers).toHaveLength(1);
    const [customer] = view.sharedCustomers;
    expect(customer?.creditCode).toBe(shared);
    expect(customer?.organizations.map((org) => [org.orgId, org.outstanding, org.overdue])).toEqual([
      [firm.orgId, "1000.00", "1000.00"],
      [client.orgId, "2000.00", "0.00"],
    ]);
    expect(customer?.combined).toEqual([{ currency: "CNY", outstanding: "3000.00", overdue: "1000.00" }]);
  });

  it("reads every organization as of a past date", async () => {
    const view = await portfolioOf(session.headers, "?asOf=2026-10-15");
    expect(view.organizations.map((org) => org.total)).toEqual(["1000.00", "0.00"]);
  });

  it("shows an API token its own organization only; another user sees theirs", async () => {
    const token = await addTestToken(store(), firm, firm.owner.userId);
    const view = await portfolioOf({ authorization: `Bearer ${token.token}` });
    expect(view.organizations.map((org) => org.orgId)).toEqual([firm.orgId]);
    expect(view.sharedCustomers).toEqual([]);
    const strangerSession = await signIn(built, stranger.owner.email);
    const theirs = await portfolioOf(strangerSession.headers);
    expect(theirs.organizations.map((org) => org.orgId)).toEqual([stranger.orgId]);
    expect(theirs.sharedCustomers).toEqual([]);
  });

  it("leaves out an organization once the user is no longer a member, and refuses without a session", async () => {
    await store()
      .db.deleteFrom("memberships")
      .where("org_id", "=", client.orgId)
      .where("user_id", "=", firm.owner.userId)
      .execute();
    const view = await portfolioOf(session.headers);
    expect(view.organizations.map((org) => org.orgId)).toEqual([firm.orgId]);
    expect(view.sharedCustomers).toEqual([]);
    const anonymous = await built.app.inject({ method: "GET", url: "/api/v1/portfolio" });
    expect(anonymous.statusCode).toBe(401);
    const bad = await built.app.inject({
      method: "GET",
      url: "/api/v1/portfolio?asOf=yesterday",
      headers: session.headers,
    });
    expect(bad.statusCode).toBe(400);
  });
});
