import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { BuiltApp } from "../../src/api/app.ts";
import { isAppError } from "../../src/core/errors.ts";
import {
  type DeliverySettings,
  deliverOutbox,
  deliveryDisabled,
  retryDelayMs,
  retryDelayMsMax,
} from "../../src/notify/mailer.ts";
import {
  deliveryAttemptsMax,
  enqueueEmail,
  enqueueSms,
  getOutboxMessage,
  type OutboxAttachment,
} from "../../src/notify/outbox.ts";
import { runCommand } from "../../src/services/command.ts";
import { describeEachEngine } from "../support/engines.ts";
import { addTestMember, fixedClock, makeOrganization, type TestOrganization } from "../support/fixtures.ts";
import { makeTestApp, type Session, signIn } from "../support/http.ts";
import { type LoopbackSmsGateway, startLoopbackSmsGateway } from "../support/sms-gateway.ts";
import { type LoopbackSmtp, startLoopbackSmtp } from "../support/smtp.ts";

/**
 * The outbox's delivery on both engines, against a real SMTP server and a real HTTP gateway on
 * loopback: email with text, HTML and a PDF; SMS with the bearer token and the idempotency key;
 * failures counted, put off (1 min, doubling) and failed after five; a channel without its
 * transport left queued; and the outbox API (list, detail, retry) inside one organization.
 */

const t0 = fixedClock().getTime();
const minuteMs = 60_000;
const at = (offsetMs: number) => () => new Date(t0 + offsetMs);
const iso = (offsetMs: number) => new Date(t0 + offsetMs).toISOString();
const smsToken = "tok-9f8e7d6c5b4a";
const smsQueryKey = "k3y-in-the-query";
/** Bytes that look like a PDF and are not text: a NUL, high bytes, a CRLF. */
const pdfBytes = Buffer.concat([
  Buffer.from("%PDF-1.7\n%\u00e2\u00e3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "latin1"),
  Buffer.from([0x00, 0xff, 0xfe, 0x0d, 0x0a, 0x80]),
  Buffer.from("\n%%EOF\n"),
]);

async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/sms`;
}

describeEachEngine("outbox delivery", (context) => {
  let smtp: LoopbackSmtp;
  let gateway: LoopbackSmsGateway;
  let emailOnly: DeliverySettings;
  let both: DeliverySettings;

  beforeAll(async () => {
    smtp = await startLoopbackSmtp();
    gateway = await startLoopbackSmsGateway();
    emailOnly = { ...deliveryDisabled, smtpUrl: smtp.url };
    both = {
      ...emailOnly,
      from: "Credence Test <ar@credence.test>",
      smsWebhookUrl: `${gateway.url}?key=${smsQueryKey}`,
      smsWebhookToken: smsToken,
    };
  });
  afterAll(async () => {
    await smtp.close();
    await gateway.close();
  });

  const email = (
    org: TestOrganization,
    fields: {
      recipient?: string;
      subject?: string;
      bodyHtml?: string;
      attachments?: OutboxAttachment[];
    } = {},
    clock = fixedClock,
  ) =>
    runCommand(
      context.store(),
      (tx) =>
        enqueueEmail(tx, org.orgId, {
          recipient: fields.recipient ?? "ap@customer.example",
          subject: fields.subject ?? `提醒 ${org.orgId.slice(-6)}`,
          bodyText: "贵司尚有一笔账款已逾期，请于本周内安排付款。",
          ...(fields.bodyHtml === undefined ? {} : { bodyHtml: fields.bodyHtml }),
          attachments: fields.attachments ?? [],
          relatedType: "test",
          relatedId: null,
        }),
      clock,
    );
  const sms = (
    org: TestOrganization,
    recipient = "13800138000",
    bodyText = "【对账测试】贵司账款已逾期 3 天，请尽快付款。",
  ) =>
    runCommand(
      context.store(),
      (tx) => enqueueSms(tx, org.orgId, { recipient, bodyText, relatedType: "test", relatedId: null }),
      fixedClock,
    );
  const deliver = (org: TestOrganization, settings: DeliverySettings, offsetMs = 0) =>
    deliverOutbox(context.store(), settings, { now: at(offsetMs), orgId: org.orgId });
  const message = (org: TestOrganization, messageId: string) =>
    getOutboxMessage(context.store().db, org.orgId, messageId);

  it("delivers an email with its text, its HTML and a PDF attachment", async () => {
    const org = await makeOrganization(context.store(), "邮件测试");
    const subject = `对账单 DZ-${org.orgId.slice(-6)}`;
    const messageId = await email(org, {
      recipient: "finance@customer.example",
      subject,
      bodyHtml: "<p>贵司尚有一笔账款<strong>已逾期</strong>。</p>",
      attachments: [
        {
          filename: "DZ-000001.pdf",
          contentType: "application/pdf",
          contentBase64: pdfBytes.toString("base64"),
        },
      ],
    });
    expect(await deliver(org, both)).toEqual({ sent: 1, failed: 0 });
    const received = smtp.received.filter((m) => m.subject === subject);
    expect(received).toHaveLength(1);
    const mail = received[0];
    expect(mail?.from).toBe("ar@credence.test");
    expect(mail?.to).toEqual(["finance@customer.example"]);
    expect(mail?.plain).toContain("贵司尚有一笔账款已逾期，请于本周内安排付款。");
    expect(mail?.plain).not.toContain("<strong>");
    expect(mail?.html).toContain("<strong>已逾期</strong>");
    expect(mail?.attachments).toHaveLength(1);
    expect(mail?.attachments[0]?.type).toBe("application/pdf");
    expect(mail?.attachments[0]?.filename).toBe("DZ-000001.pdf");
    expect(mail?.attachments[0]?.bytes.equals(pdfBytes)).toBe(true);
    expect(await message(org, messageId)).toMatchObject({
      status: "sent",
      attempts: 1,
      sentAt: fixedClock().toISOString(),
      lastError: null,
      nextAttemptAt: null,
      bodyHtml: "<p>贵司尚有一笔账款<strong>已逾期</strong>。</p>",
      attachments: [
        { filename: "DZ-000001.pdf", contentType: "application/pdf", sizeBytes: pdfBytes.length },
      ],
    });
    // Without HTML the email is text only.
    const plainSubject = `${subject} plain`;
    await email(org, { subject: plainSubject });
    expect(await deliver(org, emailOnly)).toEqual({ sent: 1, failed: 0 });
    const plain = smtp.received.find((m) => m.subject === plainSubject);
    expect(plain?.partTypes).toEqual(["text/plain"]);
    expect(plain?.html).toBe("");
  });

  it("counts a refused email, puts the next attempt off by a minute, and sends it then", async () => {
    const org = await makeOrganization(context.store(), "退信测试");
    const subject = `retry ${org.orgId}`;
    const messageId = await email(org, { subject });
    smtp.failNext(1);
    expect(await deliver(org, emailOnly)).toEqual({ sent: 0, failed: 1 });
    const failed = await message(org, messageId);
    expect(failed).toMatchObject({
      status: "queued",
      attempts: 1,
      sentAt: null,
      nextAttemptAt: iso(minuteMs),
    });
    expect(failed.lastError).toContain("451");
    expect(failed.lastError).not.toContain(smtp.url);
    // Not before its time: a pass 59 seconds later leaves it alone.
    expect(await deliver(org, emailOnly, 59_000)).toEqual({ sent: 0, failed: 0 });
    expect(smtp.received.filter((m) => m.subject === subject)).toHaveLength(0);
    expect((await message(org, messageId)).attempts).toBe(1);
    expect(await deliver(org, emailOnly, minuteMs)).toEqual({ sent: 1, failed: 0 });
    expect(smtp.received.filter((m) => m.subject === subject)).toHaveLength(1);
    expect(await message(org, messageId)).toMatchObject({
      status: "sent",
      attempts: 2,
      lastError: null,
      nextAttemptAt: null,
      sentAt: iso(minuteMs),
    });
    // Sent is final: later passes never send it again.
    expect(await deliver(org, emailOnly, 10 * minuteMs)).toEqual({ sent: 0, failed: 0 });
    expect(smtp.received.filter((m) => m.subject === subject)).toHaveLength(1);
  });

  it("doubles the wait after each failure (capped at an hour) and fails the message after five attempts", async () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 50].map((n) => retryDelayMs(n) / minuteMs)).toEqual([
      1, 2, 4, 8, 16, 32, 60, 60, 60,
    ]);
    expect(retryDelayMsMax).toBe(60 * minuteMs);
    const org = await makeOrganization(context.store(), "五次失败");
    const subject = `five ${org.orgId}`;
    const messageId = await email(org, { subject });
    smtp.failNext(deliveryAttemptsMax);
    let offsetMs = 0;
    for (let attempt = 1; attempt <= deliveryAttemptsMax; attempt += 1) {
      expect(await deliver(org, emailOnly, offsetMs), `attempt ${attempt}`).toEqual({ sent: 0, failed: 1 });
      const after = await message(org, messageId);
      expect(after.attempts).toBe(attempt);
      if (attempt < deliveryAttemptsMax) {
        expect(after.status).toBe("queued");
        expect(after.nextAttemptAt).toBe(iso(offsetMs + 2 ** (attempt - 1) * minuteMs));
        offsetMs += 2 ** (attempt - 1) * minuteMs;
      } else {
        expect(after).toMatchObject({ status: "failed", nextAttemptAt: null });
        expect(after.lastError).toContain("451");
      }
    }
    // A failed message waits for a person: passes a day later do not touch it.
    expect(await deliver(org, emailOnly, 24 * 60 * minuteMs)).toEqual({ sent: 0, failed: 0 });
    expect(smtp.received.filter((m) => m.subject === subject)).toHaveLength(0);
  });

  it("refuses an SMS to something that is not a phone number, or longer than 500 characters", async () => {
    const org = await makeOrganization(context.store(), "短信校验");
    for (const recipient of ["abc", "12345", "+86 13800138000", "138-0013-8000", "++8613800138000", ""]) {
      const refused = await sms(org, recipient).catch((error: unknown) => error);
      expect(isAppError(refused), recipient).toBe(true);
      expect(refused).toMatchObject({ code: "VALIDATION_FAILED", issues: [{ path: "recipient" }] });
    }
    const tooLong = await sms(org, "13800138000", "催".repeat(501)).catch((error: unknown) => error);
    expect(tooLong).toMatchObject({ code: "VALIDATION_FAILED", issues: [{ path: "bodyText" }] });
    // The limit counts characters: 500 Chinese characters (1,500 UTF-8 bytes) pass, as do E.164 numbers.
    await sms(org, "13800138000", "催".repeat(500));
    await sms(org, "+8613800138000");
    await sms(org, " +14155550123 ");
    const stored = await context
      .store()
      .db.selectFrom("outbox_messages")
      .select("recipient")
      .where("org_id", "=", org.orgId)
      .orderBy("message_id")
      .execute();
    expect(stored.map((row) => row.recipient)).toEqual(["13800138000", "+8613800138000", "+14155550123"]);
  });

  it("posts an SMS to the gateway with the bearer token and the idempotency key, and keeps the provider's id", async () => {
    const org = await makeOrganization(context.store(), "短信发送");
    const messageId = await sms(org);
    const before = gateway.requests.length;
    expect(await deliver(org, both)).toEqual({ sent: 1, failed: 0 });
    expect(gateway.requests).toHaveLength(before + 1);
    const request = gateway.requests.at(-1);
    expect(request?.method).toBe("POST");
    expect(request?.url).toBe(`/sms?key=${smsQueryKey}`);
    expect(request?.headers.authorization).toBe(`Bearer ${smsToken}`);
    expect(request?.headers["idempotency-key"]).toBe(messageId);
    expect(request?.headers["content-type"]).toContain("application/json");
    expect(request?.body).toEqual({
      to: "13800138000",
      text: "【对账测试】贵司账款已逾期 3 天，请尽快付款。",
      messageId,
    });
    expect(await message(org, messageId)).toMatchObject({
      channel: "sms",
      status: "sent",
      attempts: 1,
      providerReference: `gw-${before + 1}`,
      sentAt: fixedClock().toISOString(),
    });
  });

  it("counts a 500 from the gateway, keeps no secret in the error, and sends after the backoff", async () => {
    const org = await makeOrganization(context.store(), "短信失败");
    const messageId = await sms(org);
    // The gateway echoes what it got: the error must not carry the token or the query string on.
    gateway.answerNext({
      status: 500,
      body: (request) => `upstream down for ${request.url} with ${String(request.headers.authorization)}`,
    });
    expect(await deliver(org, both)).toEqual({ sent: 0, failed: 1 });
    const failed = await message(org, messageId);
    expect(failed).toMatchObject({
      status: "queued",
      attempts: 1,
      nextAttemptAt: iso(minuteMs),
      providerReference: null,
    });
    expect(failed.lastError).toContain("HTTP 500");
    expect(failed.lastError).toContain("upstream down");
    expect(failed.lastError).not.toContain(smsToken);
    expect(failed.lastError).not.toContain(smsQueryKey);
    const count = gateway.requests.length;
    expect(await deliver(org, both, 30_000)).toEqual({ sent: 0, failed: 0 });
    expect(gateway.requests).toHaveLength(count);
    // A 2xx without JSON is still delivered; there is no id to keep.
    gateway.answerNext({ status: 202, body: "accepted" });
    expect(await deliver(org, both, minuteMs)).toEqual({ sent: 1, failed: 0 });
    expect(gateway.requests.at(-1)?.headers["idempotency-key"]).toBe(messageId);
    expect(await message(org, messageId)).toMatchObject({
      status: "sent",
      attempts: 2,
      lastError: null,
      providerReference: null,
    });
  });

  it("counts an unreachable gateway as a failed attempt", async () => {
    const org = await makeOrganization(context.store(), "网关不可达");
    const messageId = await sms(org);
    const unreachable = { ...both, smsWebhookUrl: `${await closedPortUrl()}?key=${smsQueryKey}` };
    expect(await deliver(org, unreachable)).toEqual({ sent: 0, failed: 1 });
    const failed = await message(org, messageId);
    expect(failed).toMatchObject({ status: "queued", attempts: 1, nextAttemptAt: iso(minuteMs) });
    expect(failed.lastError).toContain("unreachable");
    expect(failed.lastError).not.toContain(smsQueryKey);
  });

  it("leaves SMS queued without a webhook, and everything queued without any transport", async () => {
    const org = await makeOrganization(context.store(), "无短信通道");
    const smsId = await sms(org);
    const emailId = await email(org);
    const before = gateway.requests.length;
    expect(await deliver(org, deliveryDisabled)).toEqual({ sent: 0, failed: 0 });
    expect((await message(org, emailId)).status).toBe("queued");
    expect(await deliver(org, emailOnly)).toEqual({ sent: 1, failed: 0 });
    expect((await message(org, emailId)).status).toBe("sent");
    expect(await message(org, smsId)).toMatchObject({
      status: "queued",
      attempts: 0,
      lastError: null,
      nextAttemptAt: null,
    });
    expect(gateway.requests).toHaveLength(before);
    // Once the webhook is configured, the waiting SMS goes out.
    expect(await deliver(org, both, 5 * minuteMs)).toEqual({ sent: 1, failed: 0 });
    expect((await message(org, smsId)).status).toBe("sent");
  });

  it("lists, shows and retries messages through the API, inside the organization only", async () => {
    const store = context.store();
    const quiet = await makeTestApp(store, { clock: fixedClock });
    const live = await makeTestApp(store, {
      clock: fixedClock,
      smsWebhookUrl: both.smsWebhookUrl ?? "",
      smsWebhookToken: smsToken,
    });
    const org = await makeOrganization(store, "发件箱 API");
    const other = await makeOrganization(store, "另一家");
    const collector: Session = await signIn(quiet, (await addTestMember(store, org, "collector")).email);
    const stranger: Session = await signIn(quiet, (await addTestMember(store, other, "collector")).email);
    const call = (app: BuiltApp, session: Session, method: "GET" | "POST", path: string, orgId = org.orgId) =>
      app.app.inject({
        method,
        url: `/api/v1/orgs/${orgId}/outbox${path}`,
        headers: session.headers,
        ...(method === "POST" ? { payload: {} } : {}),
      });

    // One email sent, one failed after five attempts, one SMS waiting for a webhook.
    const sentId = await email(org, {
      bodyHtml: "<p>已付款，谢谢</p>",
      attachments: [
        { filename: "DZ-1.pdf", contentType: "application/pdf", contentBase64: pdfBytes.toString("base64") },
      ],
    });
    expect(await deliver(org, emailOnly)).toEqual({ sent: 1, failed: 0 });
    const failedId = await email(org, { recipient: "bounce@customer.example" }, at(1_000));
    smtp.failNext(deliveryAttemptsMax);
    let offsetMs = 1_000;
    for (let attempt = 1; attempt <= deliveryAttemptsMax; attempt += 1) {
      expect(await deliver(org, emailOnly, offsetMs)).toEqual({ sent: 0, failed: 1 });
      offsetMs += retryDelayMs(attempt);
    }
    const smsId = await runCommand(
      store,
      (tx) =>
        enqueueSms(tx, org.orgId, {
          recipient: "13900139000",
          bodyText: "请付款",
          relatedType: null,
          relatedId: null,
        }),
      at(2_000),
    );

    const listed = await call(quiet, collector, "GET", "");
    expect(listed.statusCode, listed.body).toBe(200);
    const items = listed.json().items as Array<Record<string, unknown>>;
    expect(items.map((item) => item.messageId)).toEqual([smsId, failedId, sentId]);
    expect(items[0]).toMatchObject({
      channel: "sms",
      status: "queued",
      attempts: 0,
      recipient: "13900139000",
    });
    expect(items[1]).toMatchObject({ channel: "email", status: "failed", attempts: 5, nextAttemptAt: null });
    expect(String(items[1]?.lastError)).toContain("451");
    expect(items[2]).toMatchObject({
      status: "sent",
      sentAt: fixedClock().toISOString(),
      attachments: [{ filename: "DZ-1.pdf", contentType: "application/pdf", sizeBytes: pdfBytes.length }],
      providerReference: null,
    });
    expect(items[2]).not.toHaveProperty("bodyText");
    expect(listed.body).not.toContain(pdfBytes.toString("base64").slice(0, 40));
    const failedOnly = (await call(quiet, collector, "GET", "?status=failed")).json().items;
    expect(failedOnly.map((item: { messageId: string }) => item.messageId)).toEqual([failedId]);
    const smsOnly = (await call(quiet, collector, "GET", "?channel=sms&limit=5")).json().items;
    expect(smsOnly.map((item: { messageId: string }) => item.messageId)).toEqual([smsId]);
    expect((await call(quiet, collector, "GET", "?channel=fax")).statusCode).toBe(400);
    expect((await call(quiet, collector, "GET", "?limit=1")).json().items).toHaveLength(1);

    const shown = await call(quiet, collector, "GET", `/${sentId}`);
    expect(shown.statusCode, shown.body).toBe(200);
    expect(shown.json()).toMatchObject({
      messageId: sentId,
      bodyText: "贵司尚有一笔账款已逾期，请于本周内安排付款。",
      bodyHtml: "<p>已付款，谢谢</p>",
      attachments: [{ filename: "DZ-1.pdf", sizeBytes: pdfBytes.length }],
    });
    expect(shown.json().attachments[0]).not.toHaveProperty("contentBase64");

    // Retrying the failed email without a mail server: queued again now, attempts kept, audited.
    const retried = await call(quiet, collector, "POST", `/${failedId}/retry`);
    expect(retried.statusCode, retried.body).toBe(200);
    expect(retried.json()).toMatchObject({ status: "queued", attempts: 5, nextAttemptAt: null });
    const audit = await store.db
      .selectFrom("audit_log")
      .select(["action", "entity_type", "actor_label"])
      .where("org_id", "=", org.orgId)
      .where("entity_id", "=", failedId)
      .execute();
    expect(audit).toEqual([
      { action: "outbox.retried", entity_type: "outbox_message", actor_label: expect.any(String) },
    ]);
    expect(await deliver(org, emailOnly, offsetMs)).toEqual({ sent: 1, failed: 0 });
    expect(await message(org, failedId)).toMatchObject({ status: "sent", attempts: 6 });

    // With the gateway configured, a retry delivers at once.
    const retriedSms = await call(live, collector, "POST", `/${smsId}/retry`);
    expect(retriedSms.statusCode, retriedSms.body).toBe(200);
    expect(retriedSms.json()).toMatchObject({ status: "sent", attempts: 1 });
    expect(gateway.requests.at(-1)?.headers["idempotency-key"]).toBe(smsId);

    // A sent message is never sent twice.
    const again = await call(quiet, collector, "POST", `/${sentId}/retry`);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: "CONFLICT" });

    // Another organization's collector: neither our organization nor our message ids exist for them.
    expect((await call(quiet, stranger, "GET", "")).statusCode).toBe(404);
    expect((await call(quiet, stranger, "GET", `/${sentId}`)).statusCode).toBe(404);
    const foreign = await call(quiet, stranger, "GET", `/${sentId}`, other.orgId);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json()).toMatchObject({ code: "NOT_FOUND" });
    expect((await call(quiet, stranger, "POST", `/${failedId}/retry`, other.orgId)).statusCode).toBe(404);
    expect((await call(quiet, collector, "GET", "/not-a-uuid")).statusCode).toBe(404);
  });
});
