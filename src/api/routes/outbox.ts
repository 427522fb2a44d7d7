import { z } from "zod";
import { configuredChannels, deliverOutbox } from "../../notify/mailer.ts";
import {
  getOutboxMessage,
  listOutbox,
  type OutboxMessage,
  outboxChannels,
  outboxStatuses,
  retryOutboxMessage,
} from "../../notify/outbox.ts";
import { runCommand } from "../../services/command.ts";
import { actorOf, membershipOf } from "../access.ts";
import type { ApiApp, ApiDeps } from "../deps.ts";
import { idParam, orgParams } from "../schemas.ts";

/**
 * The outbox: every email and SMS the organization has queued, where each stands (queued, sent,
 * failed), why the last attempt failed and when the next one is due, and retrying a failed one
 * by hand. Without SMTP_URL or SMS_WEBHOOK_URL the messages of that channel wait here.
 */

const messageParams = z.strictObject({ orgId: idParam, messageId: idParam });
const pageSizeMax = 200;

const attachmentView = z.object({ filename: z.string(), contentType: z.string(), sizeBytes: z.number() });
const summaryView = z.object({
  messageId: z.string(),
  channel: z.enum(outboxChannels),
  recipient: z.string(),
  subject: z.string(),
  attachments: z.array(attachmentView),
  relatedType: z.string().nullable(),
  relatedId: z.string().nullable(),
  status: z.enum(outboxStatuses),
  attempts: z.number(),
  lastError: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  providerReference: z.string().nullable(),
});
const detailView = summaryView.extend({ bodyText: z.string(), bodyHtml: z.string().nullable() });

/** The list leaves the bodies out: a page of letters is heavy, and the detail has them. */
function summaryOf(message: OutboxMessage): z.infer<typeof summaryView> {
  const { bodyText: _bodyText, bodyHtml: _bodyHtml, ...summary } = message;
  return { ...summary, attachments: [...summary.attachments] };
}

function detailOf(message: OutboxMessage): z.infer<typeof detailView> {
  return { ...message, attachments: [...message.attachments] };
}

export function outboxRoutes(app: ApiApp, deps: ApiDeps): void {
  const read = { access: { kind: "org", permission: "collections.read" } } as const;
  const manage = { access: { kind: "org", permission: "collections.manage" } } as const;
  const tags = ["outbox"];
  const base = "/api/v1/orgs/:orgId/outbox";
  const db = deps.store.db;

  app.get(
    base,
    {
      config: read,
      schema: {
        tags,
        summary: "Outbox messages (email and SMS), newest first, with their delivery status",
        params: orgParams,
        querystring: z.strictObject({
          status: z.enum(outboxStatuses).optional(),
          channel: z.enum(outboxChannels).optional(),
          limit: z.coerce.number().int().min(1).max(pageSizeMax).default(50),
        }),
        response: {
          200: z.object({
            items: z.array(summaryView),
            // Which channels this server delivers; the others' messages stay here until it does.
            delivery: z.object({ email: z.boolean(), sms: z.boolean() }),
          }),
        },
      },
    },
    async (request) => {
      const { orgId } = membershipOf(request);
      const messages = await listOutbox(db, orgId, request.query);
      const channels = configuredChannels(deps.delivery);
      return {
        items: messages.map(summaryOf),
        delivery: { email: channels.includes("email"), sms: channels.includes("sms") },
      };
    },
  );

  app.get(
    `${base}/:messageId`,
    {
      config: read,
      schema: {
        tags,
        summary: "One outbox message with its text and HTML bodies (attachments by name and size)",
        params: messageParams,
        response: { 200: detailView },
      },
    },
    async (request) => {
      const { orgId } = membershipOf(request);
      return detailOf(await getOutboxMessage(db, orgId, request.params.messageId));
    },
  );

  app.post(
    `${base}/:messageId/retry`,
    {
      config: manage,
      schema: {
        tags,
        summary:
          "Queue a failed or queued message again, now (attempts are kept); delivered at once when its channel has a transport; a sent message answers 409",
        params: messageParams,
        body: z.strictObject({}).optional(),
        response: { 200: detailView },
      },
    },
    async (request) => {
      const { orgId } = membershipOf(request);
      const { messageId } = request.params;
      await runCommand(
        deps.store,
        (tx) => retryOutboxMessage(tx, actorOf(request), orgId, messageId),
        deps.clock,
      );
      // A person pressing retry expects it to go now, not on the scheduler's next pass.
      await deliverOutbox(deps.store, deps.delivery, { now: deps.clock, orgId, messageId });
      return detailOf(await getOutboxMessage(db, orgId, messageId));
    },
  );
}
