import { beforeAll, expect, it } from "vitest";
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

/**
 * The KPIs on both engines, over a hand-built book (Net 30, no VAT):
 *   2026-08-10 A invoice 30,000 (due 09-09)     2026-09-25 A pays 30,000 (the August invoice)
 *   2026-09-05 B invoice 60,000 (due 10-05)     2026-10-20 B pays 40,000 (of its invoice)
 *   2026-09-20 A invoice 20,000 (due 10-20)
 *   2026-10-15 C invoice 50,000 (due 11-14)
 *   2026-10-25 A invoice 50,000 (due 11-24)
 * As of 2026-10-31: open B 20,000 and A 20,000 (both overdue), C 50,000 and A 50,000 (current):
 * 140,000 of which 40,000 overdue. Credit sales: August 30,000, September 80,000, October 100,000.
 *   DSO countback: 140,000 − October's 100,000 = 40,000 (31 days); 40,000 / 80,000 of September's
 *     30 days = 15; DSO = 46.0.
 *   The three months to the date are 08-01 … 10-31, 92 days, with 210,000 of sales:
 *     DSO average = 140,000 / 210,000 × 92 = 61.33 → 61.3; best possible DSO = 100,000 / 210,000
 *     × 92 = 43.81 → 43.8; ADD = 40,000 / 210,000 × 92 = 17.52 → 17.5.
 *     CEI = (0 + 210,000 − 140,000) / (0 + 210,000 − 100,000) = 63.6 % → 0.6360.
 *   Turnover over the 365 days to the date: 210,000 / ((0 + 140,000) / 2) = 3.00; 365 / 3 = 121.7 days.
 *   Overdue ratio 40,000 / 140,000 = 0.2857.
 *   Concentration: A 70,000, C 50,000, B 20,000 of 140,000: HHI = (70² + 50² + 20²) / 140² × 10,000
 *     = 7,800 / 19,600 × 10,000 = 3,979.59, highly concentrated.
 * Trend month ends: 08-31 owes A's 30,000 billed that month (countback 31 days); 09-30 owes B's
 * 60,000 and A's 20,000, exactly September's 80,000 (30 days).
 */

describeEachEngine("receivables KPIs", (context) => {
  const store = () => context.store();
  let org: TestOrganization;
  let app: BuiltApp;
  let accountant: Session;
  let collector: Session;
  const ids: Record<string, string> = {};

  const call = async (method: "GET" | "POST", path: string, session: Session, payload?: object) =>
    app.app.inject({
      method,
      url: `/api/v1/orgs/${org.orgId}${path}`,
      headers: session.headers,
      ...(payload === undefined ? {} : { payload }),
    });

  const invoice = async (code: string, date: string, amount: string) => {
    const response = await call("POST", "/invoices", accountant, {
      customerId: ids[code],
      documentDate: date,
      lines: [{ description: "货物", quantity: "1", unitPrice: amount, vatRate: "0" }],
      issue: true,
    });
    expect(response.statusCode, response.body).toBe(201);
  };
  const payment = async (code: string, date: string, amount: string) => {
    const response = await call("POST", "/payments", accountant, {
      customerId: ids[code],
      method: "bank_transfer",
      receivedDate: date,
      amount,
      allocation: { method: "oldest_first" },
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json().unapplied).toBe("0.00");
  };

  beforeAll(async () => {
    app = await makeTestApp(store(), { clock: fixedClock });
    org = await makeOrganization(store(), "指标测试有限公司");
    accountant = await signIn(app, (await addTestMember(store(), org, "accountant")).email);
    collector = await signIn(app, (await addTestMember(store(), org, "collector")).email);
    for (const [code, industry, grade] of [
      ["A", "制造业", "A"],
      ["B", "制造业", "B"],
      ["C", "批发零售", null],
    ] as const) {
      ids[code] = (await addTestCustomer(store(), org, code)).customerId;
      await grantTestCredit(store(), org, ids[code] as string);
      await store()
        .db.updateTable("customers")
        .set({ industry, owner_user_id: code === "A" ? org.owner.userId : null })
        .where("org_id", "=", org.orgId)
        .where("customer_id", "=", ids[code] as string)
        .execute();
      await store()
        .db.updateTable("customer_credit")
        .set({ grade })
        .where("org_id", "=", org.orgId)
        .where("customer_id", "=", ids[code] as string)
        .execute();
    }
    // The credit check looks at today (11-23): A's invoices go in an order that never leaves A
    // with something overdue when the next one is issued.
    await invoice("A", "2026-10-25", "50000");
    await invoice("A", "2026-08-10", "30000");
    await payment("A", "2026-09-25", "30000.00");
    await invoice("A", "2026-09-20", "20000");
    await invoice("B", "2026-09-05", "60000");
    await payment("B", "2026-10-20", "40000.00");
    await invoice("C", "2026-10-15", "50000");
  });

  it("computes every figure of the hand-built book as of 31 October", async () => {
    const response = await call("GET", "/kpis?asOf=2026-10-31&months=3", collector);
    expect(response.statusCode, response.body).toBe(200);
    const report = response.json();
    expect(report).toMatchObject({ asOf: "2026-10-31", currency: "CNY", periodMonths: 3 });
    expect(report.figures).toMatchObject({
      date: "2026-10-31",
      receivables: "140000.00",
      current: "100000.00",
      overdue: "40000.00",
      periodFrom: "2026-08-01",
      periodDays: 92,
      creditSales: "210000.00",
      dsoCountback: "46.0",
      dsoCountbackComplete: true,
      dsoAverage: "61.3",
      bestPossibleDso: "43.8",
      averageDaysDelinquent: "17.5",
      cei: "0.6360",
      overdueRatio: "0.2857",
      turnoverFrom: "2025-11-01",
      turnoverDays: 365,
      turnoverCreditSales: "210000.00",
      turnover: "3.00",
      turnoverInDays: "121.7",
    });
    expect(
      report.trend.map(
        (point: { date: string; receivables: string; monthSales: string; dsoCountback: string }) => [
          point.date,
          point.receivables,
          point.monthSales,
          point.dsoCountback,
        ],
      ),
    ).toEqual([
      ["2026-08-31", "30000.00", "30000.00", "31.0"],
      ["2026-09-30", "80000.00", "80000.00", "30.0"],
      ["2026-10-31", "140000.00", "100000.00", "46.0"],
    ]);
    expect(report.trend[2]).toMatchObject({ dsoAverage: "61.3", cei: "0.6360", overdue: "40000.00" });
    expect(report.concentration).toMatchObject({
      total: "140000.00",
      customers: 3,
      hhi: "3979.59",
      reading: "high",
      top: [
        { count: 5, amount: "140000.00", share: "1.0000" },
        { count: 10, amount: "140000.00", share: "1.0000" },
      ],
    });
    expect(
      report.concentration.largest.map((one: { code: string; outstanding: string; share: string }) => [
        one.code,
        one.outstanding,
        one.share,
      ]),
    ).toEqual([
      ["A", "70000.00", "0.5000"],
      ["C", "50000.00", "0.3571"],
      ["B", "20000.00", "0.1429"],
    ]);
    expect(report.structure.industry).toEqual([
      {
        key: "制造业",
        label: "制造业",
        customers: 2,
        outstanding: "90000.00",
        overdue: "40000.00",
        share: "0.6429",
        overdueRatio: "0.4444",
      },
      {
        key: "批发零售",
        label: "批发零售",
        customers: 1,
        outstanding: "50000.00",
        overdue: "0.00",
        share: "0.3571",
        overdueRatio: "0.0000",
      },
    ]);
    expect(report.structure.grade.map((row: { key: string | null }) => row.key)).toEqual(["A", null, "B"]);
    // A tie of 70,000 each: by key, customers without an owner first.
    expect(report.structure.owner).toMatchObject([
      { key: null, label: null, customers: 2, outstanding: "70000.00", overdue: "20000.00" },
      { key: org.owner.userId, label: "Owner", customers: 1, outstanding: "70000.00", overdue: "20000.00" },
    ]);
    expect(report.structure).toMatchObject({ outstanding: "140000.00", overdue: "40000.00" });
  });

  it("defaults to today and 12 months, and refuses bad input", async () => {
    const today = await call("GET", "/kpis", collector);
    expect(today.statusCode, today.body).toBe(200);
    expect(today.json().asOf).toBe("2026-11-23");
    expect(today.json().trend).toHaveLength(12);
    expect(today.json().trend.at(-1).date).toBe("2026-10-31");
    // Today everything is open except the paid parts: 140,000; A's 50,000 is due tomorrow.
    expect(today.json().figures).toMatchObject({ receivables: "140000.00", overdue: "90000.00" });
    for (const query of ["months=0", "months=37", "months=x", "asOf=2026-02-30", "other=1"]) {
      const refused = await call("GET", `/kpis?${query}`, collector);
      expect(refused.statusCode, query).toBe(400);
      expect(refused.headers["content-type"]).toContain("application/problem+json");
    }
  });

  it("is the kpis report: the same JSON through the generic route, and its files", async () => {
    const direct = (await call("GET", "/kpis?asOf=2026-10-31&months=3", collector)).json();
    const generic = await call("GET", "/reports/kpis?asOf=2026-10-31&months=3", collector);
    expect(generic.statusCode, generic.body).toBe(200);
    expect(generic.json()).toEqual(direct);
    const csv = await call("GET", "/reports/kpis?asOf=2026-10-31&months=3&format=csv&locale=en", collector);
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.body).toContain("DSO (countback)");
    expect(csv.body).toContain("46");
    const xlsx = await call("GET", "/reports/kpis?asOf=2026-10-31&format=xlsx", collector);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe("PK");
    const pdf = await call("GET", "/reports/kpis?asOf=2026-10-31&format=pdf", collector);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe("%PDF-");
    const refused = await call("GET", "/reports/kpis?months=99", collector);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().issues[0]).toMatchObject({ path: "months" });
  });
});
