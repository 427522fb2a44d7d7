import { afterAll, beforeAll, expect, it } from "vitest";
import type { BuiltApp } from "../../src/api/app.ts";
import { deliverOutbox, deliveryDisabled } from "../../src/notify/mailer.ts";
import { listOutbox } from "../../src/notify/outbox.ts";
import { nextRunAfter, runDueReportSchedules } from "../../src/services/reports/schedules.ts";
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
 * Scheduled report emails on both engines: create, list, change and delete through the API with
 * its checks (4xx, nothing written; another organization's schedule is 404), and a due run that
 * renders the report, queues one email per recipient with the file attached, delivers it to a real
 * SMTP server on loopback, and never sends the same date twice. Today is Monday 2026-11-23.
 */

const dayMs = 24 * 60 * 60 * 1000;
const at = (offsetDays: number) => new Date(fixedClock().getTime() + offsetDays * dayMs);

describeEachEngine("scheduled report emails", (context) => {
  const store = () => context.store();
  let org: TestOrganization;
  let other: TestOrganization;
  let app: BuiltApp;
  let smtp: LoopbackSmtp;
  let accountant: Session;
  let collector: Session;
  let otherOwner: Session;

  const call = async (
    method: "GET" | "POST" | "PUT" | "DELETE",
    path: string,
    session: Session,
    payload?: object,
    orgId = org.orgId,
  ) =>
    app.app.inject({
      method,
      url: `/api/v1/orgs/${orgId}${path}`,
      headers: session.headers,
      ...(payload === undefined ? {} : { payload }),
    });

  const weekly = {
    reportName: "kpis",
    options: { months: "6" },
    format: "xlsx",
    locale: "zh-CN",
    recipients: [" CFO@Example.test ", "ar@example.test", "cfo@example.test"],
    frequency: "weekly",
    weekday: 1,
  };

  beforeAll(async () => {
    smtp = await startLoopbackSmtp();
    app = await makeTestApp(store(), { clock: fixedClock });
    org = await makeOrganization(store(), "定时报表有限公司");
    other = await makeOrganization(store(), "Other Co.");
    accountant = await signIn(app, (await addTestMember(store(), org, "accountant")).email);
    collector = await signIn(app, (await addTestMember(store(), org, "collector")).email);
    otherOwner = await signIn(app, other.owner.email);
    const customer = await addTestCustomer(store(), org, "K");
    await grantTestCredit(store(), org, customer.customerId);
    const invoice = await call("POST", "/invoices", accountant, {
      customerId: customer.customerId,
      documentDate: "2026-10-01",
      lines: [{ description: "货物", quantity: "1", unitPrice: "1000", vatRate: "0.13" }],
      issue: true,
    });
    expect(invoice.statusCode, invoice.body).toBe(201);
  });
  afterAll(async () => {
    await smtp.close();
  });

  it("works out the next run date for each frequency", () => {
    const daily = { frequency: "daily", weekday: null, dayOfMonth: null } as const;
    expect(nextRunAfter(daily, "2026-12-31")).toBe("2027-01-01");
    // 2026-11-23 is a Monday (1); the next Monday is a week on, the next Friday (5) in four days.
    expect(nextRunAfter({ ...daily, frequency: "weekly", weekday: 1 }, "2026-11-23")).toBe("2026-11-30");
    expect(nextRunAfter({ ...daily, frequency: "weekly", weekday: 5 }, "2026-11-23")).toBe("2026-11-27");
    const monthly = (dayOfMonth: number) => ({ ...daily, frequency: "monthly" as const, dayOfMonth });
    expect(nextRunAfter(monthly(31), "2026-11-23")).toBe("2026-11-30");
    expect(nextRunAfter(monthly(31), "2026-11-30")).toBe("2026-12-31");
    expect(nextRunAfter(monthly(31), "2027-01-31")).toBe("2027-02-28");
    expect(nextRunAfter(monthly(1), "2026-11-01")).toBe("2026-12-01");
    expect(nextRunAfter(monthly(23), "2026-11-22")).toBe("2026-11-23");
  });

  it("creates, lists, changes and deletes a schedule; collectors may only read", async () => {
    const created = await call("POST", "/report-schedules", accountant, weekly);
    expect(created.statusCode, created.body).toBe(201);
    const schedule = created.json();
    expect(schedule).toMatchObject({
      reportName: "kpis",
      options: { months: "6" },
      format: "xlsx",
      locale: "zh-CN",
      recipients: ["cfo@example.test", "ar@example.test"],
      frequency: "weekly",
      weekday: 1,
      dayOfMonth: null,
      enabled: true,
      // Today is a Monday: the first run is today.
      nextRunOn: "2026-11-23",
      lastStatus: null,
    });
    const listed = await call("GET", "/report-schedules", collector);
    expect(listed.statusCode).toBe(200);
    expect(listed.json().items.map((s: { scheduleId: string }) => s.scheduleId)).toContain(
      schedule.scheduleId,
    );
    expect((await call("POST", "/report-schedules", collector, weekly)).statusCode).toBe(403);

    const changed = await call("PUT", `/report-schedules/${schedule.scheduleId}`, accountant, {
      ...weekly,
      frequency: "monthly",
      weekday: null,
      dayOfMonth: 31,
      format: "pdf",
      locale: "en",
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ frequency: "monthly", dayOfMonth: 31, nextRunOn: "2026-11-30" });

    // Another organization sees none of it.
    const foreign = `/report-schedules/${schedule.scheduleId}`;
    expect((await call("GET", foreign, otherOwner, undefined, other.orgId)).statusCode).toBe(404);
    expect((await call("DELETE", foreign, otherOwner, undefined, other.orgId)).statusCode).toBe(404);
    expect((await call("PUT", foreign, otherOwner, weekly, other.orgId)).statusCode).toBe(404);
    expect((await call("GET", "/report-schedules", otherOwner, undefined, other.orgId)).json().items).toEqual(
      [],
    );

    expect((await call("DELETE", foreign, accountant)).statusCode).toBe(204);
    expect((await call("GET", foreign, accountant)).statusCode).toBe(404);
    expect((await call("DELETE", foreign, accountant)).statusCode).toBe(404);
  });

  it("refuses bad schedules with the field at fault, and writes nothing", async () => {
    const before = (await call("GET", "/report-schedules", accountant)).json().items.length;
    const cases: ReadonlyArray<[object, string]> = [
      [{ recipients: ["not-an-address"] }, "recipients.0"],
      [{ recipients: [] }, "recipients"],
      [{ recipients: Array.from({ length: 21 }, (_, i) => `r${i}@example.test`) }, "recipients"],
      [{ weekday: null }, "weekday"],
      [{ weekday: 8 }, "weekday"],
      [{ frequency: "daily" }, "weekday"],
      [{ frequency: "monthly", weekday: null, dayOfMonth: 0 }, "dayOfMonth"],
      [{ reportName: "nope" }, "reportName"],
      [{ options: { asOf: "2026-01-01" } }, "options.asOf"],
      [{ options: { colour: "red" } }, "options.colour"],
    ];
    for (const [change, path] of cases) {
      const refused = await call("POST", "/report-schedules", accountant, { ...weekly, ...change });
      expect(refused.statusCode, JSON.stringify(change)).toBe(400);
      expect(refused.json().code).toBe("VALIDATION_FAILED");
      expect(
        refused.json().issues.map((issue: { path: string }) => issue.path),
        JSON.stringify(change),
      ).toContain(path);
    }
    for (const body of [
      { ...weekly, format: "json" },
      { ...weekly, frequency: "hourly" },
      { ...weekly, extra: 1 },
    ]) {
      expect((await call("POST", "/report-schedules", accountant, body)).statusCode).toBe(400);
    }
    expect((await call("GET", "/report-schedules", accountant)).json().items.length).toBe(before);
  });

  it("sends a due schedule once per date, with the report attached, through the outbox and SMTP", async () => {
    const created = await call("POST", "/report-schedules", accountant, {
      ...weekly,
      frequency: "daily",
      weekday: null,
    });
    expect(created.statusCode, created.body).toBe(201);
    const scheduleId = created.json().scheduleId as string;
    // Not due yet tomorrow's schedule: a monthly one on the 30th.
    const later = await call("POST", "/report-schedules", accountant, {
      ...weekly,
      format: "csv",
      frequency: "monthly",
      weekday: null,
      dayOfMonth: 30,
    });
    expect(later.json().nextRunOn).toBe("2026-11-30");

    const first = await runDueReportSchedules(store(), at(0));
    expect(first).toMatchObject({ sent: 1, failed: 0, messages: 2 });
    const again = await runDueReportSchedules(store(), at(0));
    expect(again).toMatchObject({ sent: 0, failed: 0, messages: 0 });

    const queued = await listOutbox(store().db, org.orgId, {
      relatedType: "report_schedule",
      relatedId: scheduleId,
      limit: 10,
    });
    expect(queued.map((message) => message.recipient).sort()).toEqual([
      "ar@example.test",
      "cfo@example.test",
    ]);
    expect(queued[0]).toMatchObject({ channel: "email", status: "queued" });
    expect(queued[0]?.subject).toBe("应收账款关键指标（截至 2026-11-23）");
    expect(queued[0]?.attachments).toEqual([
      {
        filename: "kpis-2026-11-23.xlsx",
        contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        sizeBytes: expect.any(Number),
      },
    ]);
    const schedule = (await call("GET", `/report-schedules/${scheduleId}`, accountant)).json();
    expect(schedule).toMatchObject({ lastRunOn: "2026-11-23", lastStatus: "sent", nextRunOn: "2026-11-24" });

    const report = await deliverOutbox(
      store(),
      { ...deliveryDisabled, smtpUrl: smtp.url },
      { now: () => at(0), orgId: org.orgId },
    );
    expect(report.sent).toBe(2);
    const mails = smtp.received.filter((mail) => mail.subject === "应收账款关键指标（截至 2026-11-23）");
    expect(mails.map((mail) => mail.to[0]).sort()).toEqual(["ar@example.test", "cfo@example.test"]);
    const attachment = mails[0]?.attachments[0];
    expect(attachment?.filename).toBe("kpis-2026-11-23.xlsx");
    expect(attachment?.bytes.subarray(0, 2).toString()).toBe("PK");
    expect(mails[0]?.plain).toContain("定时报表有限公司");

    // The next day it is due again, once.
    expect(await runDueReportSchedules(store(), at(1))).toMatchObject({ sent: 1, messages: 2 });
    expect(await runDueReportSchedules(store(), at(1))).toMatchObject({ sent: 0 });
    // Changing a schedule that ran today never makes today due again.
    const changed = await call("PUT", `/report-schedules/${scheduleId}`, accountant, {
      ...weekly,
      frequency: "weekly",
      weekday: 1,
    });
    expect(changed.json().nextRunOn).toBe("2026-11-30");
  });

  it("records a run that fails and moves on; a disabled schedule never runs", async () => {
    const broken = await call("POST", "/report-schedules", accountant, {
      ...weekly,
      options: { months: "99" },
      frequency: "daily",
      weekday: null,
    });
    const disabled = await call("POST", "/report-schedules", accountant, {
      ...weekly,
      frequency: "daily",
      weekday: null,
      enabled: false,
    });
    const result = await runDueReportSchedules(store(), at(2));
    expect(result.failed).toBe(1);
    const failed = (await call("GET", `/report-schedules/${broken.json().scheduleId}`, accountant)).json();
    expect(failed).toMatchObject({ lastStatus: "failed", lastRunOn: "2026-11-25", nextRunOn: "2026-11-26" });
    expect(failed.lastError).toContain("months");
    const untouched = (
      await call("GET", `/report-schedules/${disabled.json().scheduleId}`, accountant)
    ).json();
    expect(untouched).toMatchObject({ lastRunOn: null, nextRunOn: "2026-11-23", enabled: false });
    expect(await runDueReportSchedules(store(), at(2))).toMatchObject({ sent: 0, failed: 0 });
  });
});
