import { AppError } from "../core/errors.ts";
import { uuidv7 } from "../core/ids.ts";
import { appendAudit } from "../services/audit.ts";
import { type Actor, lockOrganization, type Tx } from "../services/command.ts";
import { fieldError } from "../services/text-field.ts";
import type { Executor } from "../store/database.ts";
import type { OutboxMessagesTable } from "../store/schema.ts";

/**
 * Messages leave through an outbox (DESIGN.md §2: load → domain → persist → journal → audit →
 * outbox): a command writes its message in its own transaction, and delivery happens after the
 * commit, so a rolled-back command sends nothing and a failed delivery is retried, never lost.
 * A channel without a transport (no SMTP_URL for email, no SMS_WEBHOOK_URL for SMS) keeps its
 * messages queued; they are shown in the app.
 */

export const outboxChannels = ["email", "sms"] as const;
export type OutboxChannel = (typeof outboxChannels)[number];
export const outboxStatuses = ["queued", "sent", "failed"] as const;
export type OutboxStatus = (typeof outboxStatuses)[number];

export interface OutboxAttachment {
  readonly filename: string;
  readonly contentType: string;
  readonly contentBase64: string;
}

/** An attachment as the outbox shows it: the bytes stay in the outbox. */
export interface OutboxAttachmentInfo {
  readonly filename: string;
  readonly contentType: string;
  readonly sizeBytes: number;
}

export interface OutboxMessage {
  readonly messageId: string;
  readonly channel: OutboxChannel;
  readonly recipient: string;
  /** Empty for SMS. */
  readonly subject: string;
  readonly bodyText: string;
  readonly bodyHtml: string | null;
  readonly attachments: ReadonlyArray<OutboxAttachmentInfo>;
  readonly relatedType: string | null;
  readonly relatedId: string | null;
  readonly status: OutboxStatus;
  readonly attempts: number;
  readonly lastError: string | null;
  /** Not before this instant is a queued message tried again (backoff after a failure); null = now. */
  readonly nextAttemptAt: string | null;
  readonly createdAt: string;
  readonly sentAt: string | null;
  /** The SMS provider's id for the message, when it answered with one. */
  readonly providerReference: string | null;
}

/** Delivery attempts before a message is marked failed and left for a person to look at. */
export const deliveryAttemptsMax = 5;
/** Attachment bytes per message: a long statement PDF is well under. */
export const attachmentBytesMax = 10 * 1024 * 1024;
/** Characters of an email's HTML part: templated letters are a few kilobytes. */
export const bodyHtmlLengthMax = 1_000_000;
/**
 * Characters of one SMS text. Providers split long texts into parts (70 characters each for
 * Chinese), and carriers cap the parts; a reminder that needs more belongs in an email.
 */
export const smsTextLengthMax = 500;
/** A phone number: E.164 (+ and up to 15 digits) or a national number such as a Chinese mobile (11 digits). */
const phonePattern = /^\+?[0-9]{6,20}$/;

export async function enqueueEmail(
  tx: Tx,
  orgId: string,
  message: {
    readonly recipient: string;
    readonly subject: string;
    readonly bodyText: string;
    /** An HTML alternative to the text; the text part is always sent. */
    readonly bodyHtml?: string | null;
    readonly attachments: ReadonlyArray<OutboxAttachment>;
    readonly relatedType: string | null;
    readonly relatedId: string | null;
  },
): Promise<string> {
  const bodyHtml = message.bodyHtml ?? null;
  if (bodyHtml !== null && bodyHtml.length > bodyHtmlLengthMax)
    throw fieldError("bodyHtml", "TOO_LONG", `at most ${bodyHtmlLengthMax} characters`);
  const attachmentBytes = message.attachments.reduce(
    (sum, a) => sum + Buffer.byteLength(a.contentBase64, "base64"),
    0,
  );
  if (attachmentBytes > attachmentBytesMax)
    throw fieldError("attachments", "TOO_LARGE", `at most ${attachmentBytesMax} bytes in all`);
  return insertMessage(tx, orgId, {
    channel: "email",
    recipient: message.recipient,
    subject: message.subject,
    body_text: message.bodyText,
    body_html: bodyHtml,
    attachments_json: JSON.stringify(message.attachments),
    related_type: message.relatedType,
    related_id: message.relatedId,
  });
}

/**
 * Queues a text message to a phone. The number is kept as given (trimmed): the provider knows
 * its own rules for national numbers, and the outbox only refuses what cannot be a number.
 */
export async function enqueueSms(
  tx: Tx,
  orgId: string,
  message: {
    readonly recipient: string;
    readonly bodyText: string;
    readonly relatedType: string | null;
    readonly relatedId: string | null;
  },
): Promise<string> {
  const recipient = message.recipient.trim();
  if (!phonePattern.test(recipient))
    throw fieldError(
      "recipient",
      "INVALID_PHONE",
      "a phone number: digits with an optional leading +, 6 to 20 digits",
    );
  // Code points, not UTF-16 units: a Chinese character or an emoji is one character to the reader.
  const length = [...message.bodyText].length;
  if (length === 0) throw fieldError("bodyText", "REQUIRED", "required");
  if (length > smsTextLengthMax)
    throw fieldError("bodyText", "TOO_LONG", `at most ${smsTextLengthMax} characters`);
  return insertMessage(tx, orgId, {
    channel: "sms",
    recipient,
    subject: "",
    body_text: message.bodyText,
    body_html: null,
    attachments_json: "[]",
    related_type: message.relatedType,
    related_id: message.relatedId,
  });
}

async function insertMessage(
  tx: Tx,
  orgId: string,
  content: Pick<
    OutboxMessagesTable,
    "recipient" | "subject" | "body_text" | "body_html" | "attachments_json" | "related_type" | "related_id"
  > & { readonly channel: OutboxChannel },
): Promise<string> {
  const messageId = uuidv7();
  await tx.db
    .insertInto("outbox_messages")
    .values({
      org_id: orgId,
      message_id: messageId,
      ...content,
      status: "queued",
      attempts: 0n,
      last_error: null,
      next_attempt_at: null,
      provider_reference: null,
      created_at: tx.now,
      sent_at: null,
    })
    .execute();
  return messageId;
}

export async function listOutbox(
  db: Executor,
  orgId: string,
  filter: {
    readonly relatedType?: string | undefined;
    readonly relatedId?: string | undefined;
    readonly status?: OutboxStatus | undefined;
    readonly channel?: OutboxChannel | undefined;
    readonly limit: number;
  },
): Promise<OutboxMessage[]> {
  let query = db.selectFrom("outbox_messages").selectAll().where("org_id", "=", orgId);
  if (filter.relatedType !== undefined) query = query.where("related_type", "=", filter.relatedType);
  if (filter.relatedId !== undefined) query = query.where("related_id", "=", filter.relatedId);
  if (filter.status !== undefined) query = query.where("status", "=", filter.status);
  if (filter.channel !== undefined) query = query.where("channel", "=", filter.channel);
  // Message ids are time-ordered (UUIDv7): they order the messages of one command's instant.
  const rows = await query
    .orderBy("created_at", "desc")
    .orderBy("message_id", "desc")
    .limit(filter.limit)
    .execute();
  return rows.map(messageOf);
}

export async function getOutboxMessage(
  db: Executor,
  orgId: string,
  messageId: string,
): Promise<OutboxMessage> {
  const row = await db
    .selectFrom("outbox_messages")
    .selectAll()
    .where("org_id", "=", orgId)
    .where("message_id", "=", messageId)
    .executeTakeFirst();
  if (row === undefined) throw new AppError("NOT_FOUND", { params: { entity: "message" } });
  return messageOf(row);
}

/**
 * Queues a failed (or still queued) message again, to go out on the next delivery pass: a person
 * fixed the address or the provider is back. The attempts so far are kept, so one more failure
 * marks it failed again without another five tries. A sent message is never sent twice.
 */
export async function retryOutboxMessage(
  tx: Tx,
  actor: Actor,
  orgId: string,
  messageId: string,
): Promise<OutboxMessage> {
  await lockOrganization(tx, orgId);
  const before = await getOutboxMessage(tx.db, orgId, messageId);
  if (before.status === "sent")
    throw new AppError("CONFLICT", { detail: `message ${messageId} was already sent` });
  await tx.db
    .updateTable("outbox_messages")
    .set({ status: "queued", next_attempt_at: null })
    .where("org_id", "=", orgId)
    .where("message_id", "=", messageId)
    .execute();
  await appendAudit(tx, {
    orgId,
    actor,
    action: "outbox.retried",
    entityType: "outbox_message",
    entityId: messageId,
    before: { status: before.status, attempts: before.attempts, lastError: before.lastError },
    after: { status: "queued" },
  });
  return getOutboxMessage(tx.db, orgId, messageId);
}

function messageOf(row: OutboxMessagesTable): OutboxMessage {
  return {
    messageId: row.message_id,
    channel: row.channel as OutboxChannel,
    recipient: row.recipient,
    subject: row.subject,
    bodyText: row.body_text,
    bodyHtml: row.body_html,
    attachments: (JSON.parse(row.attachments_json) as OutboxAttachment[]).map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      sizeBytes: Buffer.byteLength(a.contentBase64, "base64"),
    })),
    relatedType: row.related_type,
    relatedId: row.related_id,
    status: row.status as OutboxStatus,
    attempts: Number(row.attempts),
    lastError: row.last_error,
    nextAttemptAt: row.next_attempt_at,
    createdAt: row.created_at,
    sentAt: row.sent_at,
    providerReference: row.provider_reference,
  };
}
