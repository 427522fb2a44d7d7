import { beforeAll, expect, it } from "vitest";
import { addDays, formatBusinessDate, parseBusinessDate } from "../../src/core/dates.ts";
import { defaultAgingEdgesDays } from "../../src/domain/payments/index.ts";
import { openItemsAt } from "../../src/services/receivables/index.ts";
import { agingReport } from "../../src/services/reports/aging.ts";
import { agingBucketIndex, agingBucketSpecs } from "../../src/services/reports/aging-buckets.ts";
import { describeEachEngine } from "../support/engines.ts";
import { fixedClock } from "../support/fixtures.ts";
import { makeTestApp, signIn } from "../support/http.ts";
import { type AgingHistory, buildAgingHistory } from "./aging-history.ts";

const zeroBuckets = {
  current: "0.00",
  "1-30": "0.00",
  "31-60": "0.00",
  "61-90": "0.00",
  "91-180": "0.00",
  "181-365": "0.00",
  ">365": "0.00",
};

describeEachEngine("aging report", (context) => {
  let history: AgingHistory;
  beforeAll(async () => {
    history = await buildAgingHistory(context.store());
  });
  const db = () => context.store().db;
  const json = async (asOf: string, options: Record<string, string> = {}) => {
    const { agingDefinition } = await import("../../src/services/reports/aging-definition.ts");
    return (await agingDefinition.run(db(), history.org.orgId, { asOf, options })).json as {
      asOf: string;
      currency: string;
      rows: Array<Record<string, unknown>>;
      totals: { outstanding: string; buckets: Record<string, string> };
      control: { account: string; balance: string; difference: string; agrees: boolean } | null;
    };
  };

  it("ages a hand-built history as of past dates, by hand-computed figures", async () => {
    // 2026-08-31: A-1 153 days past due (6,000.00), A-2 not yet due (5,000.00).
    const august = await json("2026-08-31");
    expect(august.totals).toMatchObject({
      outstanding: "11000.00",
      buckets: { ...zeroBuckets, current: "5000.00", "91-180": "6000.00" },
    });
    // 2026-10-31: A-1 214 days, A-2 after its credit note 47 days, B-1 not yet due.
    const october = await json("2026-10-31");
    expect(october.totals).toMatchObject({
      outstanding: "13500.00",
      buckets: { ...zeroBuckets, current: "3000.00", "31-60": "4500.00", "181-365": "6000.00" },
    });
    expect(october.rows).toEqual([
      expect.objectContaining({ key: history.customerA, code: "A", outstanding: "10500.00", count: 2 }),
      expect.objectContaining({ key: history.customerB, code: "B", outstanding: "3000.00", count: 1 }),
    ]);
    // 2026-11-05: B's payment of 11-01 counts; its reversal (11-10) has not happened yet.
    const november = await json("2026-11-05");
    expect(november.totals.buckets).toEqual({
      ...zeroBuckets,
      current: "2000.00",
      "31-60": "4500.00",
      "181-365": "6000.00",
    });
    // Today: A-1 paid on 11-20, A-2 70 days past due, B-1 4 days, C's invoice of today.
    const today = await json("2026-11-23");
    expect(today).toMatchObject({
      asOf: "2026-11-23",
      currency: "CNY",
      totals: {
        outstanding: "7600.00",
        buckets: { ...zeroBuckets, current: "100.00", "1-30": "3000.00", "61-90": "4500.00" },
      },
    });
  });

  it("ages by document date without a current bucket", async () => {
    const report = await json("2026-11-23", { basis: "document" });
    expect(Object.keys(report.totals.buckets)).toEqual([
      "0-30",
      "31-60",
      "61-90",
      "91-180",
      "181-365",
      ">365",
    ]);
    expect(report.totals.buckets).toMatchObject({
      "0-30": "100.00",
      "31-60": "3000.00",
      "91-180": "4500.00",
    });
  });

  it("agrees with the receivables control account on every date, and with openItemsAt item by item", async () => {
    const edges = defaultAgingEdgesDays;
    const specs = agingBucketSpecs(edges, "due");
    let date = parseBusinessDate("2026-02-25");
    const end = parseBusinessDate("2026-11-24");
    let dates = 0;
    while (date.until(end).days > 0) {
      const asOf = formatBusinessDate(date);
      const report = await json(asOf);
      expect(report.control, asOf).toMatchObject({ account: "1122", difference: "0.00", agrees: true });
      expect(report.control?.balance).toBe(report.totals.outstanding);
      // The reference: the slow exact query, bucketed by the pure function.
      const expected = new Map<string, bigint>();
      for (const item of await openItemsAt(db(), history.org.orgId, asOf)) {
        const key = specs[agingBucketIndex({ ...item }, asOf, edges, "due")]?.key ?? "";
        expected.set(key, (expected.get(key) ?? 0n) + item.openMinor);
      }
      const got = new Map(
        Object.entries(report.totals.buckets)
          .filter(([, amount]) => amount !== "0.00")
          .map(([key, amount]) => [key, BigInt(amount.replace(".", ""))]),
      );
      expect(got, asOf).toEqual(new Map([...expected].filter(([, amount]) => amount !== 0n)));
      dates += 1;
      date = addDays(date, 4);
    }
    expect(dates).toBeGreaterThan(60);
  });

  it("groups by grade, industry and owner", async () => {
    const grade = await json("2026-10-31", { groupBy: "grade" });
    expect(grade.rows.map((row) => [row.key, row.outstanding])).toEqual([
      ["A", "10500.00"],
      ["BB", "3000.00"],
    ]);
    const industry = await json("2026-11-23", { groupBy: "industry" });
    expect(industry.rows.map((row) => [row.key, row.label, row.outstanding])).toEqual([
      ["制造业", "制造业", "4500.00"],
      [null, "", "3100.00"],
    ]);
    const owner = await json("2026-11-23", { groupBy: "owner" });
    expect(owner.rows.map((row) => [row.key, row.label, row.outstanding])).toEqual([
      [history.org.owner.userId, "Owner", "4500.00"],
      [null, "", "3100.00"],
    ]);
    expect(owner.totals.outstanding).toBe("7600.00");
  });

  it("lists the items of a bucket and of a group, for the drill-down", async () => {
    const items = await json("2026-10-31", { detail: "items", bucket: "181-365" });
    expect(items.rows).toEqual([
      expect.objectContaining({
        customerId: history.customerA,
        dueDate: "2026-03-31",
        days: 214,
        bucket: "181-365",
        original: "10000.00",
        open: "6000.00",
      }),
    ]);
    expect(items.totals).toMatchObject({ outstanding: "6000.00", buckets: { "181-365": "6000.00" } });
    expect(items.control).toBeNull();
    const none = await json("2026-11-23", { detail: "items", groupBy: "grade", group: "none" });
    expect(none.rows.map((row) => row.customerId)).toEqual([history.customerC]);
    const all = await json("2026-11-23", { detail: "items" });
    expect(all.rows.map((row) => row.open)).toEqual(["4500.00", "3000.00", "100.00"]);
    expect(all.control).toMatchObject({ agrees: true });
  });

  it("refuses bad options with a 400 naming the field, and unknown reports with a 404", async () => {
    const built = await makeTestApp(context.store(), { clock: fixedClock });
    const session = await signIn(built, history.org.owner.email);
    const get = (url: string) =>
      built.app.inject({
        method: "GET",
        url: `/api/v1/orgs/${history.org.orgId}${url}`,
        headers: session.headers,
      });
    const list = await get("/reports");
    expect(list.statusCode).toBe(200);
    expect(list.json().reports.map((r: { name: string }) => r.name)).toContain("aging");
    const plain = await get("/reports/aging");
    expect(plain.statusCode).toBe(200);
    expect(Object.keys(plain.json()).slice(0, 2)).toEqual(["asOf", "currency"]);
    expect(plain.json()).toMatchObject({ asOf: "2026-11-23", totals: { outstanding: "7600.00" } });
    for (const [query, path] of [
      ["basis=later", "basis"],
      ["groupBy=planet", "groupBy"],
      ["bucket=2-3", "bucket"],
      ["colour=red", "colour"],
    ] as const) {
      const response = await get(`/reports/aging?${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(response.json()).toMatchObject({ code: "VALIDATION_FAILED" });
      expect(JSON.stringify(response.json().issues), query).toContain(path);
    }
    expect((await get("/reports/aging?asOf=2026-02-30")).statusCode).toBe(400);
    expect((await get("/reports/aging?format=doc")).statusCode).toBe(400);
    const unknown = await get("/reports/nothing");
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: "NOT_FOUND" });
    await built.app.close();
  });

  it("keeps the JSON form's shape: asOf, currency, rows and totals with one key per bucket", async () => {
    const report = await agingReport(db(), history.org.orgId, { asOf: "2026-11-23" });
    expect(report.buckets.map((spec) => spec.key)).toEqual([
      "current",
      "1-30",
      "31-60",
      "61-90",
      "91-180",
      "181-365",
      ">365",
    ]);
    const shaped = await json("2026-11-23");
    expect(Object.keys(shaped.totals.buckets)).toEqual(report.buckets.map((spec) => spec.key));
    expect(typeof shaped.totals.outstanding).toBe("string");
  });
});
