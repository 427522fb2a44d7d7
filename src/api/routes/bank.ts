import { z } from "zod";
import { AppError } from "../../core/errors.ts";
import {
  type BankCsvMapping,
  checkBankCsvMapping,
  chineseBankCsvPreset,
} from "../../io/bank-statements/index.ts";
import { amountsOut } from "../../io/plan-json.ts";
import { runCommand } from "../../services/command.ts";
import { getOrganization } from "../../services/organizations.ts";
import {
  bankLineStatuses,
  bankLinesPageMax,
  importBankStatement,
  listBankLines,
  listBankStatements,
  matchWaitingLines,
  resolveBankLine,
} from "../../services/receivables/index.ts";
import { actorOf, membershipOf } from "../access.ts";
import type { ApiApp, ApiDeps } from "../deps.ts";
import { sendIdempotent } from "../idempotent.ts";
import { idParam, orgParams } from "../schemas.ts";
import { allocationBody, allocationRequestOf } from "./receivables.ts";

/**
 * Bank statements and the review queue (issue 6): import a camt.053, MT940 or CSV statement, see
 * what was matched automatically, and resolve the rest from ranked suggestions.
 */

/** A statement file is base64 in JSON: 20 MiB of file is about 27 MiB of text. */
export const bankImportBodyLimitBytes = 28 * 1024 * 1024;

const lineParams = z.strictObject({ orgId: idParam, bankLineId: idParam });

export function bankRoutes(app: ApiApp, deps: ApiDeps): void {
  const read = { access: { kind: "org", permission: "receivables.read" } } as const;
  const cash = { access: { kind: "org", permission: "payments.manage" } } as const;
  const tags = ["bank"];
  const base = "/api/v1/orgs/:orgId";
  const db = deps.store.db;
  const currencyOf = async (orgId: string) => (await getOrganization(db, orgId)).baseCurrency;

  app.post(
    `${base}/bank-statements`,
    {
      config: cash,
      bodyLimit: bankImportBodyLimitBytes,
      schema: {
        tags,
        summary:
          "Import a bank statement (camt.053, MT940 or CSV, base64); incoming lines are matched: sure matches become payments, the rest wait for review. The same statement twice is 409 BANK_STATEMENT_DUPLICATE.",
        params: orgParams,
        body: z.strictObject({
          fileBase64: z.string().min(1),
          fileName: z.string().max(200).nullable().optional(),
          format: z.enum(["camt.053", "MT940", "csv"]).optional(),
          /** For CSV: the column mapping; `account` is required, the rest defaults to the common Chinese bank export. */
          csvMapping: z.record(z.string(), z.unknown()).optional(),
        }),
      },
    },
    async (request, reply) => {
      const { orgId } = membershipOf(request);
      const body = request.body;
      let csvMapping: BankCsvMapping | undefined;
      if (body.csvMapping !== undefined) {
        const mapping = { ...chineseBankCsvPreset, ...body.csvMapping };
        const issues = checkBankCsvMapping(mapping).map((issue) => ({
          ...issue,
          path: `csvMapping.${issue.path}`,
        }));
        if (issues.length > 0)
          throw new AppError("VALIDATION_FAILED", { detail: "the CSV column mapping is not valid", issues });
        csvMapping = mapping as BankCsvMapping;
      }
      const currency = await currencyOf(orgId);
      return sendIdempotent(deps, request, reply, async (tx) => {
        const summary = await importBankStatement(tx, actorOf(request), orgId, {
          bytes: Buffer.from(body.fileBase64, "base64"),
          fileName: body.fileName ?? null,
          format: body.format,
          csvMapping,
        });
        return { statusCode: 201, body: amountsOut(summary, currency) };
      });
    },
  );

  app.get(
    `${base}/bank-statements`,
    {
      config: read,
      schema: {
        tags,
        summary: "Imported bank statements, newest first",
        params: orgParams,
        querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(200).default(50) }),
      },
    },
    async (request) => {
      const { orgId } = membershipOf(request);
      const items = await listBankStatements(db, orgId, request.query.limit);
      return { items: items.map((item) => amountsOut(item, item.currency)) };
    },
  );

  app.get(
    `${base}/bank-lines`,
    {
      config: read,
      schema: {
        tags,
        summary:
          "Bank lines; status=review is the queue of receipts waiting for a person, with ranked suggestions",
        params: orgParams,
        querystring: z.strictObject({
          status: z.enum(bankLineStatuses).optional(),
          bankStatementId: idParam.optional(),
          limit: z.coerce.number().int().min(1).max(bankLinesPageMax).default(100),
        }),
      },
    },
    async (request) => {
      const { orgId } = membershipOf(request);
      const currency = await currencyOf(orgId);
      const lines = await listBankLines(db, orgId, {
        status: request.query.status,
        statementId: request.query.bankStatementId,
        limit: request.query.limit,
      });
      return { items: amountsOut(lines, currency) };
    },
  );

  app.post(
    `${base}/bank-lines/rematch`,
    {
      config: cash,
      schema: {
        tags,
        summary: "Match the lines waiting for review again (after new invoices or learned payer accounts)",
        params: orgParams,
      },
    },
    async (request) => {
      const { orgId } = membershipOf(request);
      return runCommand(deps.store, (tx) => matchWaitingLines(tx, actorOf(request), orgId), deps.clock);
    },
  );

  app.post(
    `${base}/bank-lines/:bankLineId/resolve`,
    {
      config: cash,
      schema: {
        tags,
        summary:
          "Resolve a line from the review queue: accept a suggestion, assign it to a customer, or ignore it with a reason",
        params: lineParams,
        body: z.discriminatedUnion("kind", [
          z.strictObject({ kind: z.literal("accept"), suggestion: z.number().int().min(0).max(20) }),
          z.strictObject({
            kind: z.literal("assign"),
            customerId: idParam,
            allocation: allocationBody.nullable(),
          }),
          z.strictObject({ kind: z.literal("ignore"), reason: z.string().max(500) }),
        ]),
      },
    },
    async (request, reply) => {
      const { orgId } = membershipOf(request);
      const currency = await currencyOf(orgId);
      const body = request.body;
      return sendIdempotent(deps, request, reply, async (tx) => {
        const result = await resolveBankLine(
          tx,
          actorOf(request),
          orgId,
          request.params.bankLineId,
          body.kind === "assign"
            ? {
                kind: "assign",
                customerId: body.customerId,
                allocation: body.allocation === null ? null : allocationRequestOf(body.allocation, currency),
              }
            : body,
        );
        return { statusCode: 200, body: amountsOut(result, currency) };
      });
    },
  );
}
