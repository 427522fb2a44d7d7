import nodemailer, { type Transporter } from "nodemailer";
import type { Store } from "../store/database.ts";
import type { OutboxMessagesTable } from "../store/schema.ts";
import { deliveryAttemptsMax, type OutboxAttachment, type OutboxChannel, outboxChannels } from "./outbox.ts";
import { sendSms } from "./sms.ts";

/** Messages per delivery pass; the scheduler comes back for the rest. */
export const deliveryBatchMax = 100;
/** How long one SMTP conversation may take before it counts as a failed attempt. */
export const smtpTimeoutMs = 15_000;
/** The wait after a first failed attempt; it doubles with each further failure… */
export const retryDelayMsFirst = 60_000;
/** …up to this: a mail server or gateway down for hours is tried hourly, not every minute. */
export const retryDelayMsMax = 60 * 60_000;
/**
 * While one pass sends a message, another pass (a second server, or a route delivering right
 * after its command) leaves it alone this long. Longer than any one attempt may take (SMTP's
 * connect, greeting and socket timeouts in a row); a pass that dies midway frees the message
 * when the lease runs out.
 */
export const deliveryLeaseMs = 2 * 60_000;
/** Characters of an error kept on the message. */
export const lastErrorLengthMax = 500;
export const defaultMailFrom = "Credence <no-reply@credence.invalid>";

/** Where messages go, from the environment (SMTP_URL, MAIL_FROM, SMS_WEBHOOK_URL, SMS_WEBHOOK_TOKEN). */
export interface DeliverySettings {
  /** smtp://user:pass@host:port or smtps://; null keeps email queued. */
  readonly smtpUrl: string | null;
  /** The sender of every email. */
  readonly from: string;
  /** The SMS gateway's http(s) URL; null keeps SMS queued. */
  readonly smsWebhookUrl: string | null;
  /** Sent as `Authorization: Bearer <token>` to the SMS gateway when set. */
  readonly smsWebhookToken: string | null;
}

/** No transport at all: every message stays in the outbox. */
export const deliveryDisabled: DeliverySettings = {
  smtpUrl: null,
  from: defaultMailFrom,
  smsWebhookUrl: null,
  smsWebhookToken: null,
};

export interface DeliveryReport {
  readonly sent: number;
  readonly failed: number;
}

/** The channels these settings can deliver. */
export function configuredChannels(settings: DeliverySettings): OutboxChannel[] {
  return outboxChannels.filter((channel) => transportConfigured(settings, channel));
}

function transportConfigured(settings: DeliverySettings, channel: OutboxChannel): boolean {
  switch (channel) {
    case "email":
      return settings.smtpUrl !== null;
    case "sms":
      return settings.smsWebhookUrl !== null;
  }
}

/** The wait before the next attempt after `attempts` failed ones (1 → 1 min, 2 → 2 min, … ≤ 60 min). */
export function retryDelayMs(attempts: number): number {
  const doublings = Math.max(0, attempts - 1);
  // 2^6 minutes already passes the cap; larger powers are not computed at all.
  if (doublings >= 6) return retryDelayMsMax;
  return Math.min(retryDelayMsMax, retryDelayMsFirst * 2 ** doublings);
}

/**
 * Sends the queued messages that are due (never tried, or their backoff has passed) through the
 * transport of their channel: email through the SMTP server, SMS through the webhook. A channel
 * without a transport is left alone. Each message is marked sent, or its attempt is counted, its
 * error kept and its next attempt put off (1 min, doubling, at most 60 min); after
 * `deliveryAttemptsMax` attempts it is failed and waits for a person (retry in the outbox). The
 * kept error never holds the SMTP URL, the webhook's query string or the token.
 */
export async function deliverOutbox(
  store: Store,
  settings: DeliverySettings,
  options: {
    readonly now: () => Date;
    /** Only this organization's messages (a route delivering right after its command). */
    readonly orgId?: string;
    /** Only these channels (of those configured). */
    readonly channels?: ReadonlyArray<OutboxChannel>;
    /** Only this message (a person pressed retry). */
    readonly messageId?: string;
  },
): Promise<DeliveryReport> {
  const channels = configuredChannels(settings).filter(
    (channel) => options.channels === undefined || options.channels.includes(channel),
  );
  if (channels.length === 0) return { sent: 0, failed: 0 };
  const startedAt = options.now().toISOString();
  let query = store.db
    .selectFrom("outbox_messages")
    .selectAll()
    .where("status", "=", "queued")
    .where("channel", "in", channels)
    // ISO instants of one fixed format compare as text.
    .where((eb) => eb.or([eb("next_attempt_at", "is", null), eb("next_attempt_at", "<=", startedAt)]));
  if (options.orgId !== undefined) query = query.where("org_id", "=", options.orgId);
  if (options.messageId !== undefined) query = query.where("message_id", "=", options.messageId);
  const due = await query.orderBy("created_at").orderBy("message_id").limit(deliveryBatchMax).execute();
  const redact = redactor(settings);
  let transport: Transporter | null = null;
  let sent = 0;
  let failed = 0;
  try {
    for (const message of due) {
      if (!(await claim(store, message, options.now()))) continue;
      let providerReference: string | null = null;
      try {
        const channel = message.channel as OutboxChannel;
        switch (channel) {
          case "email": {
            transport ??= mailTransport(settings.smtpUrl ?? "");
            await sendEmail(transport, settings.from, message);
            break;
          }
          case "sms": {
            const answer = await sendSms(
              { url: settings.smsWebhookUrl ?? "", token: settings.smsWebhookToken },
              { messageId: message.message_id, recipient: message.recipient, bodyText: message.body_text },
            );
            providerReference = answer.providerReference;
            break;
          }
        }
      } catch (error) {
        await recordFailure(store, message, redact(errorText(error)), options.now());
        failed += 1;
        continue;
      }
      await store.db
        .updateTable("outbox_messages")
        .set({
          status: "sent",
          sent_at: options.now().toISOString(),
          attempts: BigInt(message.attempts) + 1n,
          last_error: null,
          next_attempt_at: null,
          provider_reference: providerReference,
        })
        .where("org_id", "=", message.org_id)
        .where("message_id", "=", message.message_id)
        .execute();
      sent += 1;
    }
  } finally {
    transport?.close();
  }
  return { sent, failed };
}

function mailTransport(smtpUrl: string): Transporter {
  return nodemailer.createTransport({
    url: smtpUrl,
    connectionTimeout: smtpTimeoutMs,
    greetingTimeout: smtpTimeoutMs,
    socketTimeout: smtpTimeoutMs,
  });
}

async function sendEmail(transport: Transporter, from: string, message: OutboxMessagesTable): Promise<void> {
  const attachments = JSON.parse(message.attachments_json) as OutboxAttachment[];
  await transport.sendMail({
    from,
    to: message.recipient,
    subject: message.subject,
    text: message.body_text,
    ...(message.body_html === null ? {} : { html: message.body_html }),
    attachments: attachments.map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      content: Buffer.from(a.contentBase64, "base64"),
    })),
  });
}

/**
 * Takes the message for this pass: only if it is still as read (queued, same attempts, same next
 * attempt), so two passes never send one message twice.
 */
async function claim(store: Store, message: OutboxMessagesTable, now: Date): Promise<boolean> {
  const result = await store.db
    .updateTable("outbox_messages")
    .set({ next_attempt_at: new Date(now.getTime() + deliveryLeaseMs).toISOString() })
    .where("org_id", "=", message.org_id)
    .where("message_id", "=", message.message_id)
    .where("status", "=", "queued")
    .where("attempts", "=", message.attempts)
    .where((eb) =>
      message.next_attempt_at === null
        ? eb("next_attempt_at", "is", null)
        : eb("next_attempt_at", "=", message.next_attempt_at),
    )
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

async function recordFailure(
  store: Store,
  message: OutboxMessagesTable,
  error: string,
  now: Date,
): Promise<void> {
  const attempts = BigInt(message.attempts) + 1n;
  const exhausted = attempts >= BigInt(deliveryAttemptsMax);
  await store.db
    .updateTable("outbox_messages")
    .set({
      attempts,
      last_error: error,
      status: exhausted ? "failed" : "queued",
      next_attempt_at: exhausted
        ? null
        : new Date(now.getTime() + retryDelayMs(Number(attempts))).toISOString(),
    })
    .where("org_id", "=", message.org_id)
    .where("message_id", "=", message.message_id)
    .execute();
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Removes what must not be shown to every collector who opens the outbox: the SMTP URL and its
 * password, the webhook's query string (gateways often take a key there) and its token. The
 * longest secret is tried first, so a URL is replaced whole rather than part by part.
 */
function redactor(settings: DeliverySettings): (text: string) => string {
  const secrets: Array<readonly [string, string]> = [];
  if (settings.smtpUrl !== null) {
    secrets.push([settings.smtpUrl, "SMTP_URL"]);
    for (const password of urlSecrets(settings.smtpUrl, "password")) secrets.push([password, "[password]"]);
  }
  if (settings.smsWebhookUrl !== null) {
    const url = settings.smsWebhookUrl;
    const queryAt = url.indexOf("?");
    if (queryAt >= 0) {
      secrets.push([url, `${url.slice(0, queryAt)}?[query]`]);
      secrets.push([url.slice(queryAt + 1), "[query]"]);
    }
    for (const query of urlSecrets(url, "search")) secrets.push([query, "[query]"]);
    for (const password of urlSecrets(url, "password")) secrets.push([password, "[password]"]);
  }
  if (settings.smsWebhookToken !== null) secrets.push([settings.smsWebhookToken, "SMS_WEBHOOK_TOKEN"]);
  const ordered = secrets.filter(([secret]) => secret !== "").sort((a, b) => b[0].length - a[0].length);
  if (ordered.length === 0) return (text) => text.slice(0, lastErrorLengthMax);
  const labels = new Map(ordered);
  // One pass: a label put in is never searched again for a (short) secret.
  const pattern = new RegExp(
    ordered.map(([secret]) => secret.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"),
    "g",
  );
  return (text) =>
    text.replace(pattern, (found) => labels.get(found) ?? "[redacted]").slice(0, lastErrorLengthMax);
}

/** A URL part as written and as decoded (an error may quote either). */
function urlSecrets(raw: string, part: "password" | "search"): string[] {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return [];
  }
  const value = part === "search" ? url.search.replace(/^\?/, "") : url.password;
  if (value === "") return [];
  let decoded = value;
  try {
    decoded = decodeURIComponent(value);
  } catch {
    // Not valid percent-encoding: the raw form is all there is.
  }
  return decoded === value ? [value] : [value, decoded];
}
