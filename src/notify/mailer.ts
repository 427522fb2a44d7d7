import nodemailer from "nodemailer";
import type { Store } from "../store/database.ts";
import { deliveryAttemptsMax, type OutboxAttachment } from "./outbox.ts";

/** Messages per delivery pass; the scheduler comes back for the rest. */
export const deliveryBatchMax = 100;
/** How long one SMTP conversation may take before it counts as a failed attempt. */
export const smtpTimeoutMs = 15_000;

export interface DeliveryReport {
  readonly sent: number;
  readonly failed: number;
}

/**
 * Sends queued email through the SMTP server at `smtpUrl` (smtp://user:pass@host:port, or smtps://):
 * each message is marked sent, or its error and attempt count are kept for the next pass. The
 * error text is the server's answer, never the URL (which may hold the password).
 */
export async function deliverOutbox(
  store: Store,
  smtpUrl: string,
  options: { readonly from: string; readonly now: () => Date; readonly orgId?: string },
): Promise<DeliveryReport> {
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    connectionTimeout: smtpTimeoutMs,
    greetingTimeout: smtpTimeoutMs,
    socketTimeout: smtpTimeoutMs,
  });
  let query = store.db
    .selectFrom("outbox_messages")
    .selectAll()
    .where("status", "=", "queued")
    .where("channel", "=", "email");
  if (options.orgId !== undefined) query = query.where("org_id", "=", options.orgId);
  const queued = await query.orderBy("created_at").limit(deliveryBatchMax).execute();
  let sent = 0;
  let failed = 0;
  try {
    for (const message of queued) {
      const attachments = JSON.parse(message.attachments_json) as OutboxAttachment[];
      try {
        await transport.sendMail({
          from: options.from,
          to: message.recipient,
          subject: message.subject,
          text: message.body_text,
          attachments: attachments.map((a) => ({
            filename: a.filename,
            contentType: a.contentType,
            content: Buffer.from(a.contentBase64, "base64"),
          })),
        });
        await store.db
          .updateTable("outbox_messages")
          .set({
            status: "sent",
            sent_at: options.now().toISOString(),
            attempts: BigInt(message.attempts) + 1n,
            last_error: null,
          })
          .where("org_id", "=", message.org_id)
          .where("message_id", "=", message.message_id)
          .execute();
        sent += 1;
      } catch (error) {
        const attempts = BigInt(message.attempts) + 1n;
        const text = error instanceof Error ? error.message : String(error);
        await store.db
          .updateTable("outbox_messages")
          .set({
            attempts,
            last_error: text.replaceAll(smtpUrl, "SMTP_URL").slice(0, 500),
            status: attempts >= BigInt(deliveryAttemptsMax) ? "failed" : "queued",
          })
          .where("org_id", "=", message.org_id)
          .where("message_id", "=", message.message_id)
          .execute();
        failed += 1;
      }
    }
  } finally {
    transport.close();
  }
  return { sent, failed };
}
