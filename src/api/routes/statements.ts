import type { FastifyRequest } from "fastify";
import { z } from "zod";
import { amountsOut } from "../../io/plan-json.ts";
import { dateText } from "../../io/request-fields.ts";
import { renderStatementPdf } from "../../io/statement-pdf.ts";
import { statementWorkbook } from "../../io/statement-workbook.ts";
import { deliverOutbox } from "../../notify/mailer.ts";
import { enqueueEmail, listOutbox } from "../../notify/outbox.ts";
import { runCommand } from "../../services/command.ts";
import { businessDateAt } from "../../services/organizations.ts";
import {
  createStatement,
  getStatement,
  listStatements,
  markStatementSent,
  respondToStatement,
  type StatementDetail,
  statementLinkToken,
  statementOfLink,
  statementStatuses,
} from "../../services/receivables/index.ts";
import { actorOf, membershipOf } from "../access.ts";
import type { ApiApp, ApiDeps } from "../deps.ts";
import { idParam, orgParams } from "../schemas.ts";
import { sendDocument } from "../send-file.ts";

/**
 * Statements of account (对账单): created from the customer's subledger, downloaded as PDF or
 * XLSX, sent by email with a signed link, and answered by the customer through that link without
 * an account (the public routes under /api/v1/public/statements/:token).
 */

const localeEnum = z.enum(["zh-CN", "en"]);
const statementParams = z.strictObject({ orgId: idParam, statementId: idParam });
const tokenParams = z.strictObject({ token: z.string().min(10).max(120) });

/** The page the customer opens; the SPA serves it without signing in. */
export function statementLinkUrl(request: FastifyRequest, token: string): string {
  const origin = process.env.PUBLIC_URL?.replace(/\/$/, "") ?? `${request.protocol}://${request.host}`;
  return `${origin}/s/${token}`;
}

export function statementRoutes(app: ApiApp, deps: ApiDeps): void {
  const read = { access: { kind: "org", permission: "receivables.read" } } as const;
  const send = { access: { kind: "org", permission: "statements.send" } } as const;
  const tags = ["statements"];
  const base = "/api/v1/orgs/:orgId/statements";
  const db = deps.store.db;
  const today = (orgId: string) => businessDateAt(db, orgId, deps.clock().toISOString());

  const view = (detail: StatementDetail, link: { url: string; expiresOn: string } | null) => ({
    ...(amountsOut({ ...detail, statement: undefined }, detail.currency) as object),
    statement: amountsOut(detail.statement, detail.currency),
    link,
  });

  async function documentOf(
    detail: StatementDetail,
    format: "pdf" | "xlsx",
    locale: "zh-CN" | "en",
    link: { url: string; expiresOn: string } | null,
  ) {
    if (format === "xlsx") return statementWorkbook(detail.statement, { locale });
    return renderStatementPdf(detail.statement, {
      locale,
      confirmation: detail.response === null ? link : null,
      response:
        detail.response === null
          ? null
          : {
              status: detail.response.status,
              by: detail.response.by,
              at: detail.response.at,
              note: detail.response.note,
            },
    });
  }

  app.get(
    base,
    {
      config: read,
      schema: {
        tags,
        summary: "Statements of account, newest first, with their confirmation status",
        params: orgParams,
        querystring: z.strictObject({
          customerId: idParam.optional(),
          status: z.enum(statementStatuses).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
      },
    },
    async (request) => {
      const { orgId } = membershipOf(request);
      const items = await listStatements(db, orgId, request.query);
      return { items: items.map((item) => amountsOut(item, item.currency)) };
    },
  );

  app.post(
    base,
    {
      config: send,
      schema: {
        tags,
        summary: "Create a customer's statement of account for a period (a snapshot of its subledger)",
        params: orgParams,
        body: z.strictObject({ customerId: idParam, from: dateText, to: dateText }),
      },
    },
    async (request, reply) => {
      const { orgId } = membershipOf(request);
      const detail = await runCommand(
        deps.store,
        (tx) => createStatement(tx, actorOf(request), orgId, request.body),
        deps.clock,
      );
      const token = statementLinkToken(deps.secret, detail.statementId, detail.linkExpiresOn);
      return reply
        .status(201)
        .send(view(detail, { url: statementLinkUrl(request, token), expiresOn: detail.linkExpiresOn }));
    },
  );

  app.get(
    `${base}/:statementId`,
    {
      config: read,
      schema: {
        tags,
        summary: "A statement with its lines, open items, aging, link and response",
        params: statementParams,
      },
    },
    async (request) => {
      const { orgId } = membershipOf(request);
      const detail = await getStatement(db, orgId, request.params.statementId);
      const token = statementLinkToken(deps.secret, detail.statementId, detail.linkExpiresOn);
      const messages = await listOutbox(db, orgId, {
        relatedType: "statement",
        relatedId: detail.statementId,
        limit: 20,
      });
      return {
        ...view(detail, { url: statementLinkUrl(request, token), expiresOn: detail.linkExpiresOn }),
        messages,
      };
    },
  );

  app.get(
    `${base}/:statementId/document`,
    {
      config: read,
      schema: {
        tags,
        summary: "The statement as PDF or XLSX",
        params: statementParams,
        querystring: z.strictObject({
          format: z.enum(["pdf", "xlsx"]).default("pdf"),
          locale: localeEnum.default("zh-CN"),
        }),
      },
    },
    async (request, reply) => {
      const { orgId } = membershipOf(request);
      const detail = await getStatement(db, orgId, request.params.statementId);
      const token = statementLinkToken(deps.secret, detail.statementId, detail.linkExpiresOn);
      const { format, locale } = request.query;
      const bytes = await documentOf(detail, format, locale, {
        url: statementLinkUrl(request, token),
        expiresOn: detail.linkExpiresOn,
      });
      return sendDocument(reply, {
        bytes,
        filename: `${detail.number}.${format}`,
        contentType:
          format === "pdf"
            ? "application/pdf"
            : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        inline: format === "pdf",
      });
    },
  );

  app.post(
    `${base}/:statementId/send`,
    {
      config: send,
      schema: {
        tags,
        summary:
          "Email the statement (PDF attached, with the confirmation link); delivered at once when SMTP_URL is set",
        params: statementParams,
        body: z.strictObject({ recipient: z.email().max(254), locale: localeEnum.default("zh-CN") }),
      },
    },
    async (request) => {
      const { orgId } = membershipOf(request);
      const { recipient, locale } = request.body;
      const detail = await getStatement(db, orgId, request.params.statementId);
      const token = statementLinkToken(deps.secret, detail.statementId, detail.linkExpiresOn);
      const link = { url: statementLinkUrl(request, token), expiresOn: detail.linkExpiresOn };
      const pdf = await documentOf(detail, "pdf", locale, link);
      const closing = (
        amountsOut({ closingMinor: detail.closingMinor }, detail.currency) as { closing: string }
      ).closing;
      const zh = locale === "zh-CN";
      const subject = zh
        ? `对账单 ${detail.number}（${detail.from} 至 ${detail.to}）— ${detail.statement.organizationName}`
        : `Statement of account ${detail.number} (${detail.from} to ${detail.to}) — ${detail.statement.organizationName}`;
      const bodyText = zh
        ? `${detail.customerName}：\n\n附件为贵司 ${detail.from} 至 ${detail.to} 的对账单，期末余额 ${detail.currency} ${closing}。\n请核对并通过以下链接确认余额或对有异议的行提出说明（链接有效期至 ${link.expiresOn}）：\n${link.url}\n\n${detail.statement.organizationName}`
        : `Dear ${detail.customerName},\n\nAttached is your statement of account for ${detail.from} to ${detail.to}; the closing balance is ${detail.currency} ${closing}.\nPlease confirm the balance, or dispute any line, through this link (valid until ${link.expiresOn}):\n${link.url}\n\n${detail.statement.organizationName}`;
      await runCommand(
        deps.store,
        async (tx) => {
          await enqueueEmail(tx, orgId, {
            recipient,
            subject,
            bodyText,
            attachments: [
              {
                filename: `${detail.number}.pdf`,
                contentType: "application/pdf",
                contentBase64: pdf.toString("base64"),
              },
            ],
            relatedType: "statement",
            relatedId: detail.statementId,
          });
          await markStatementSent(tx, actorOf(request), orgId, detail.statementId, recipient);
        },
        deps.clock,
      );
      await deliverOutbox(deps.store, deps.delivery, { now: deps.clock, orgId, channels: ["email"] });
      const messages = await listOutbox(db, orgId, {
        relatedType: "statement",
        relatedId: detail.statementId,
        limit: 20,
      });
      return { ...view(await getStatement(db, orgId, detail.statementId), link), messages };
    },
  );

  const publicAccess = { access: { kind: "public" } } as const;
  const publicBase = "/api/v1/public/statements/:token";

  app.get(
    publicBase,
    {
      config: publicAccess,
      schema: { tags, summary: "The statement a signed link names (no account needed)", params: tokenParams },
    },
    async (request) => {
      const detail = await statementOfLink(db, deps.secret, request.params.token, today);
      return {
        number: detail.number,
        status: detail.status,
        linkExpiresOn: detail.linkExpiresOn,
        response: detail.response,
        statement: amountsOut(detail.statement, detail.currency),
      };
    },
  );

  app.get(
    `${publicBase}/document`,
    {
      config: publicAccess,
      schema: {
        tags,
        summary: "The statement a signed link names, as PDF",
        params: tokenParams,
        querystring: z.strictObject({ locale: localeEnum.default("zh-CN") }),
      },
    },
    async (request, reply) => {
      const detail = await statementOfLink(db, deps.secret, request.params.token, today);
      const bytes = await documentOf(detail, "pdf", request.query.locale, null);
      return sendDocument(reply, {
        bytes,
        filename: `${detail.number}.pdf`,
        contentType: "application/pdf",
        inline: true,
      });
    },
  );

  app.post(
    `${publicBase}/response`,
    {
      config: publicAccess,
      schema: {
        tags,
        summary: "The customer confirms the balance or disputes lines (once)",
        params: tokenParams,
        body: z.strictObject({
          status: z.enum(["confirmed", "disputed"]),
          by: z.string().max(200),
          note: z.string().max(1000).nullable().optional(),
          lines: z
            .array(z.strictObject({ seq: z.number().int().min(1), note: z.string().max(1000) }))
            .max(500)
            .default([]),
        }),
      },
    },
    async (request) => {
      const linked = await statementOfLink(db, deps.secret, request.params.token, today);
      const detail = await runCommand(
        deps.store,
        (tx) =>
          respondToStatement(tx, linked.orgId, linked.statementId, {
            status: request.body.status,
            by: request.body.by,
            note: request.body.note ?? null,
            lines: request.body.lines,
          }),
        deps.clock,
      );
      return { number: detail.number, status: detail.status, response: detail.response };
    },
  );
}
