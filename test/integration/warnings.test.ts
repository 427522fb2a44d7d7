import { afterAll, beforeAll, expect, it } from "vitest";
import type { BuiltApp } from "../../src/api/app.ts";
import { runEndOfDay } from "../../src/services/collections/eod.ts";
import { type Clock, runCommand } from "../../src/services/command.ts";
import { getCreditStatus } from "../../src/services/credit/credit-account.ts";
import { listAlerts, runWarnings } from "../../src/services/risk/warnings.ts";
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
 * Early warnings on both engines, with the built-in rules. Today is 2026-11-23. Customer O owes an
 * invoice of 2026-08-01 on net 30 (due 08-31: 84 days late) and has an owner; U's invoice of 11-20
 * (1,130.00) is within terms but over its 1,000.00 limit; K is clean until a credit report shows a
 * lawsuit.
 */

const at =
  (instant: string): Clock =>
  () =>
    new Date(instant);

interface AlertView {
  alertId: string;
  customerId: string;
  ruleCode: string;
  severity: string;
  status: string;
  facts: Record<string, unknown>;
  firstRaisedOn: string;
  lastRaisedOn: string;
  clearedOn: string | null;
  task: { userId: string | null; status: string; dueOn: string } | null;
  holdApplied: boolean;
  history: Array<{ event: string; note: string | null }>;
}

describeEachEngine("early warnings", (context) => {
  const store = () => context.store();
  let org: TestOrganization;
  let other: TestOrganization;
  let app: BuiltApp;
  let owner: Session;
  let manager: Session;
  let collector: Session;
  let outsider: Session;
  let ownerOfO: string;
  const ids: Record<string, string> = {};

  const call = async (method: "GET" | "POST" | "PUT", path: string, session: Session, payload?: object) =>
    app.app.inject({
      method,
      url: `/api/v1/orgs/${org.orgId}${path}`,
      headers: session.headers,
      ...(payload === undefined ? {} : { payload }),
    });
  const alertsOf = async (code: string): Promise<AlertView[]> =>
    (await call("GET", `/customers/${ids[code]}/alerts`, owner)).json().items;

  beforeAll(async () => {
    app = await makeTestApp(store(), { clock: fixedClock });
    org = await makeOrganization(store(), "预警测试有限公司");
    other = await makeOrganization(store(), "Other Co.");
    owner = await signIn(app, org.owner.email);
    outsider = await signIn(app, other.owner.email);
    const accountant = await signIn(app, (await addTestMember(store(), org, "accountant")).email);
    manager = await signIn(app, (await addTestMember(store(), org, "credit_manager")).email);
    collector = await signIn(app, (await addTestMember(store(), org, "collector")).email);
    ownerOfO = (await addTestMember(store(), org, "credit_manager")).userId;
    for (const code of ["O", "U", "K"]) {
      ids[code] = (await addTestCustomer(store(), org, code)).customerId;
      await grantTestCredit(store(), org, ids[code] as string);
    }
    await store()
      .db.updateTable("customers")
      .set({ owner_user_id: ownerOfO })
      .where("org_id", "=", org.orgId)
      .where("customer_id", "=", ids.O as string)
      .execute();
    for (const [code, date] of [
      ["O", "2026-08-01"],
      ["U", "2026-11-20"],
    ] as const) {
      const response = await call("POST", "/invoices", accountant, {
        customerId: ids[code],
        documentDate: date,
        lines: [{ description: "货物", quantity: "1", unitPrice: "1000", vatRate: "0.13" }],
        issue: true,
      });
      expect(response.statusCode, response.body).toBeLessThan(300);
    }
    // U's limit is cut after its invoice went out.
    await grantTestCredit(store(), org, ids.U as string, 100_000n);
  });

  afterAll(async () => {
    await app?.app.close();
  });

  it("the batch raises an alert per rule and customer, a task for the owner, and nothing twice", async () => {
    const report = await runEndOfDay(store(), org.orgId, { clock: fixedClock });
    const steps = report.runs[0]?.steps.map((record) => record.step) ?? [];
    expect(steps.indexOf("warnings")).toBe(steps.indexOf("delinquency") + 1);
    expect(steps.indexOf("dunning")).toBe(steps.indexOf("warnings") + 1);
    expect(report.runs[0]?.steps.find((record) => record.step === "warnings")?.count).toBe(2);

    const [overdue] = await alertsOf("O");
    expect(overdue).toMatchObject({
      ruleCode: "overdue_60",
      severity: "warning",
      status: "open",
      facts: { daysPastDue: 84, daysMin: 60 },
      firstRaisedOn: "2026-11-23",
      lastRaisedOn: "2026-11-23",
      task: { userId: ownerOfO, status: "open", dueOn: "2026-11-23" },
      holdApplied: false,
    });
    const [used] = await alertsOf("U");
    // 1,130.00 of a 1,000.00 limit; the rule is information only: no task.
    expect(used).toMatchObject({
      ruleCode: "utilization_90",
      severity: "info",
      facts: { exposure: "1130.00", limit: "1000.00", utilizationPercent: "113.0", percentMin: 90 },
      task: null,
    });
    expect(await alertsOf("K")).toEqual([]);

    // The same date again, and the step itself again: nothing new.
    expect(
      (await runEndOfDay(store(), org.orgId, { clock: fixedClock, date: "2026-11-23" })).runs[0]?.ranNow,
    ).toBe(false);
    expect(await runCommand(store(), (tx) => runWarnings(tx, org.orgId, "2026-11-23"), fixedClock)).toBe(0);
    // The next day the condition still holds: the alert is seen again, not raised again.
    await runEndOfDay(store(), org.orgId, { clock: at("2026-11-24T08:00:00Z") });
    const again = await alertsOf("O");
    expect(again).toHaveLength(1);
    expect(again[0]).toMatchObject({
      alertId: overdue?.alertId,
      firstRaisedOn: "2026-11-23",
      lastRaisedOn: "2026-11-24",
      facts: { daysPastDue: 85 },
    });
    expect(again[0]?.history.map((entry) => entry.event)).toEqual(["raised"]);
  });

  it("clears an alert by itself once its condition no longer holds, and says so", async () => {
    await grantTestCredit(store(), org, ids.U as string, 200_000n);
    const counts = await runCommand(store(), (tx) => runWarnings(tx, org.orgId, "2026-11-24"), fixedClock);
    expect(counts).toBe(0);
    const [used] = await alertsOf("U");
    expect(used).toMatchObject({ status: "cleared", clearedOn: "2026-11-24" });
    expect(used?.history.at(-1)).toMatchObject({
      event: "cleared",
      note: expect.stringContaining("no longer holds"),
    });
    // Over the limit again: a new episode, a new alert.
    await grantTestCredit(store(), org, ids.U as string, 100_000n);
    expect(await runCommand(store(), (tx) => runWarnings(tx, org.orgId, "2026-11-25"), fixedClock)).toBe(1);
    const list = await alertsOf("U");
    expect(list.map((alert) => alert.status)).toEqual(["open", "cleared"]);
  });

  it("a credit report with more lawsuits raises the critical alert and holds the customer in the same request", async () => {
    const post = (lawsuitsCount: number, reportedOn: string) =>
      call("POST", `/customers/${ids.K}/credit-reports`, manager, {
        source: "court search",
        reportedOn,
        score: 60,
        defaultsCount: 0,
        lawsuitsCount,
        enforcementsCount: 0,
      });
    expect((await post(0, "2026-11-01")).statusCode).toBe(201);
    expect(await alertsOf("K")).toEqual([]);
    expect((await post(2, "2026-11-20")).statusCode).toBe(201);
    const [alert] = await alertsOf("K");
    expect(alert).toMatchObject({
      ruleCode: "new_lawsuits",
      severity: "critical",
      status: "open",
      holdApplied: true,
      facts: { latestLawsuits: 2, previousLawsuits: 0, reportedOn: "2026-11-20" },
    });
    const credit = await getCreditStatus(store().db, org.orgId, ids.K as string);
    expect(credit.onHold).toBe(true);
    expect(credit.holdReason).toContain("new_lawsuits");
    const audit = await store()
      .db.selectFrom("audit_log")
      .select(["action", "actor_label"])
      .where("org_id", "=", org.orgId)
      .where("entity_id", "=", ids.K as string)
      .where("action", "=", "credit.hold")
      .execute();
    expect(audit).toEqual([{ action: "credit.hold", actor_label: "system" }]);
    // A later report with as many lawsuits: the alert clears; the hold stays for a person to release.
    expect((await post(2, "2026-11-22")).statusCode).toBe(201);
    expect((await alertsOf("K"))[0]).toMatchObject({ status: "cleared", holdApplied: true });
    expect((await getCreditStatus(store().db, org.orgId, ids.K as string)).onHold).toBe(true);
  });

  it("acknowledges and resolves alerts, refusing what their status does not allow", async () => {
    const [alert] = await alertsOf("O");
    const id = alert?.alertId as string;
    expect((await call("POST", `/alerts/${id}/acknowledge`, collector, {})).statusCode).toBe(403);
    const acknowledged = await call("POST", `/alerts/${id}/acknowledge`, manager, {});
    expect(acknowledged.statusCode, acknowledged.body).toBe(200);
    expect(acknowledged.json()).toMatchObject({ status: "acknowledged", task: { status: "open" } });
    const twice = await call("POST", `/alerts/${id}/acknowledge`, manager, {});
    expect(twice.statusCode).toBe(409);
    expect(twice.json()).toMatchObject({ code: "ALERT_STATUS" });
    const noNote = await call("POST", `/alerts/${id}/resolve`, manager, { note: "  " });
    expect(noNote.statusCode).toBe(400);
    expect(noNote.json().issues[0].path).toBe("note");
    const resolved = await call("POST", `/alerts/${id}/resolve`, manager, { note: "已电话沟通，下周付款" });
    expect(resolved.statusCode).toBe(200);
    expect(resolved.json()).toMatchObject({
      status: "resolved",
      note: "已电话沟通，下周付款",
      task: { status: "done" },
    });
    expect(resolved.json().history.map((entry: { event: string }) => entry.event)).toEqual([
      "raised",
      "acknowledged",
      "resolved",
    ]);
    expect((await call("POST", `/alerts/${id}/resolve`, manager, { note: "again" })).statusCode).toBe(409);
    // Still 60+ days late the next day: the resolved alert stands, nothing is raised again.
    expect(await runCommand(store(), (tx) => runWarnings(tx, org.orgId, "2026-11-26"), fixedClock)).toBe(0);
    expect((await alertsOf("O")).map((a) => a.status)).toEqual(["resolved"]);

    // Another organization's alert is not found, by path or by list.
    expect(
      (
        await app.app.inject({
          method: "POST",
          url: `/api/v1/orgs/${other.orgId}/alerts/${id}/acknowledge`,
          headers: outsider.headers,
          payload: {},
        })
      ).statusCode,
    ).toBe(404);
    expect((await call("GET", "/alerts", outsider)).statusCode).toBe(404);
  });

  it("lists alerts by status, severity and the caller's tasks, newest first", async () => {
    const all = (await call("GET", "/alerts", collector)).json().items as AlertView[];
    expect(all.length).toBeGreaterThanOrEqual(4);
    const days = all.map((alert) => alert.lastRaisedOn);
    expect([...days].sort().reverse()).toEqual(days);
    const critical = (await call("GET", "/alerts?severity=critical", owner)).json().items as AlertView[];
    expect(critical.map((alert) => alert.ruleCode)).toEqual(["new_lawsuits"]);
    const open = (await call("GET", "/alerts?status=open&limit=1", owner)).json().items as AlertView[];
    expect(open).toHaveLength(1);
    expect((await call("GET", "/alerts?status=closed", owner)).statusCode).toBe(400);
  });

  it("saves rules as a new version field by field, refuses bad ones, previews without raising, clears a disabled rule's alerts", async () => {
    const current = (await call("GET", "/warning-rules", collector)).json();
    expect(current).toMatchObject({ definition: { version: 1 }, createdBy: null });
    const rules = current.definition.rules as Array<Record<string, unknown>>;

    const bad = await call("PUT", "/warning-rules", manager, {
      rules: [
        { ...rules[0], code: "Bad Code" },
        { ...rules[1], conditions: [{ kind: "utilization", percentMin: 0 }] },
      ],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues.map((issue: { path: string }) => issue.path)).toEqual([
      "rules.0.code",
      "rules.1.conditions.0.percentMin",
    ]);
    const unknownKind = await call("PUT", "/warning-rules", manager, {
      rules: [{ ...rules[0], conditions: [{ kind: "weather", days: 1 }] }],
    });
    expect(unknownKind.statusCode).toBe(400);
    expect((await call("PUT", "/warning-rules", collector, { rules })).statusCode).toBe(403);

    const alertsBefore = await listAlerts(store().db, org.orgId, { limit: 500 });
    const draft = rules.map((rule) =>
      rule.code === "overdue_60" ? { ...rule, conditions: [{ kind: "days_past_due", daysMin: 1 }] } : rule,
    );
    const preview = await call("POST", "/warning-rules/preview", collector, { draft: { rules: draft } });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json()).toMatchObject({ date: "2026-11-23", customers: 3 });
    expect(
      preview
        .json()
        .items.map((row: { customerCode: string; ruleCode: string }) => `${row.customerCode} ${row.ruleCode}`)
        .sort(),
    ).toEqual(["O overdue_60", "U utilization_90"]);
    expect(await listAlerts(store().db, org.orgId, { limit: 500 })).toEqual(alertsBefore);
    expect(
      (
        await call("POST", "/warning-rules/preview", collector, {
          draft: { rules: [{ ...rules[0], code: "" }] },
        })
      ).statusCode,
    ).toBe(400);

    const saved = await call("PUT", "/warning-rules", manager, {
      rules: rules.map((rule) => (rule.code === "utilization_90" ? { ...rule, enabled: false } : rule)),
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ definition: { version: 2 } });
    expect((await call("GET", "/warning-rules", owner)).json().definition.version).toBe(2);
    await runCommand(store(), (tx) => runWarnings(tx, org.orgId, "2026-11-26"), fixedClock);
    const [used] = await alertsOf("U");
    expect(used).toMatchObject({ status: "cleared" });
    expect(used?.history.at(-1)?.note).toContain("disabled");
  });
});
