import { uuidv7 } from "../core/ids.ts";
import type { Tx } from "../services/command.ts";
import type { Executor } from "../store/database.ts";

/**
 * Messages leave through an outbox (DESIGN.md §2: load → domain → persist → journal → audit →
 * outbox): a command writes its message in its own transaction, and delivery happens after the
 * commit, so a rolled-back command sends nothing and a failed delivery is retried, never lost.
 * Without SMTP_URL the messages stay queued and are shown in the app.
 */

export interface OutboxAttachment {
  readonly filename: string;
  readonly contentType: string;
  readonly contentBase64: string;
}

export interface OutboxMessage {
  readonly messageId: string;
  readonly channel: "email";
  readonly recipient: string;
  readonly subject: string;
  readonly bodyText: string;
  readonly attachments: ReadonlyArray<OutboxAttachment>;
  readonly relatedType: string | null;
  readonly relatedId: string | null;
  readonly status: "queued" | "sent" | "failed";
  readonly attempts: number;
  readonly lastError: string | null;
  readonly createdAt: string;
  readonly sentAt: string | null;
}

/** Delivery attempts before a message is marked failed and left for a person to look at. */
export const deliveryAttemptsMax = 5;
/** Attachment bytes per message: a long statement PDF is well under. */
export const attachmentBytesMax = 10 * 1024 * 1024;

export async function enqueueEmail(
  tx: Tx,
  orgId: string,
  message: {
    readonly recipient: string;
    readonly subject: string;
    readonly bodyText: string;
    readonly attachments: ReadonlyArray<OutboxAttachment>;
    readonly relatedType: string | null;
    readonly relatedId: string | null;
  },
): Promise<string> {
  const messageId = uuidv7();
  await tx.db
    .insertInto("outbox_messages")
    .values({
      org_id: orgId,
      message_id: messageId,
      channel: "email",
      recipient: message.recipient,
      subject: message.subject,
      body_text: message.bodyText,
      attachments_json: JSON.stringify(message.attachments),
      related_type: message.relatedType,
      related_id: message.relatedId,
      status: "queued",
      attempts: 0n,
      last_error: null,
      created_at: tx.now,
      sent_at: null,
    })
    .execute();
  return messageId;
}

export async function listOutbox(
  db: Executor,
  orgId: string,
  filter: { readonly relatedType?: string; readonly relatedId?: string; readonly limit: number },
): Promise<OutboxMessage[]> {
  let query = db.selectFrom("outbox_messages").selectAll().where("org_id", "=", orgId);
  if (filter.relatedType !== undefined) query = query.where("related_type", "=", filter.relatedType);
  if (filter.relatedId !== undefined) query = query.where("related_id", "=", filter.relatedId);
  const rows = await query.orderBy("created_at", "desc").limit(filter.limit).execute();
  return rows.map((row) => ({
    messageId: row.message_id,
    channel: "email",
    recipient: row.recipient,
    subject: row.subject,
    bodyText: row.body_text,
    // The list shows names and types; the bytes stay in the outbox.
    attachments: (JSON.parse(row.attachments_json) as OutboxAttachment[]).map((a) => ({
      ...a,
      contentBase64: "",
    })),
    relatedType: row.related_type,
    relatedId: row.related_id,
    status: row.status as OutboxMessage["status"],
    attempts: Number(row.attempts),
    lastError: row.last_error,
    createdAt: row.created_at,
    sentAt: row.sent_at,
  }));
}
