import type { FastifyReply } from "fastify";
import { z } from "zod";
import { readCustomerSheet } from "../../io/customer-sheet.ts";
import {
  readStatementTable,
  type StatementSheetIssue,
  statementSheetFormats,
  statementTemplateCsv,
  statementTemplateXlsx,
} from "../../io/statement-sheet.ts";
import { runCommand, type Tx } from "../../services/command.ts";
import { customerExport, customerFileFormats, customerTemplate } from "../../services/customer-export.ts";
import {
  type CustomerImportReport,
  customerImportModes,
  importCustomers,
  importRefused,
} from "../../services/customer-import.ts";
import { identityCipher } from "../../services/identity-cipher.ts";
import type { ExportFile } from "../../services/ledger/index.ts";
import { businessDateAt } from "../../services/organizations.ts";
import { importStatements } from "../../services/statement-import.ts";
import { actorOf, membershipOf } from "../access.ts";
import type { ApiApp, ApiDeps } from "../deps.ts";
import { idParam, orgParams } from "../schemas.ts";
import { sendFile } from "../send-file.ts";
import {
  fileBase64,
  importBodyLimitBytes,
  importRowView,
  importSummaryView,
  languageQuery,
  sendRefusedImport,
} from "../sheet-import.ts";
import { statementOut, statementView } from "./credit.ts";

/**
 * Customer import and export, and financial statements from a spreadsheet (issue 4). Files travel
 * inside JSON as base64, so these routes accept larger bodies than the rest of the API.
 */

const importReportView = z.object({
  ...importSummaryView,
  rows: z.array(importRowView({ code: z.string() })),
});

const sheetIssueView = z.object({
  path: z.string(),
  code: z.string(),
  message: z.string(),
  severity: z.enum(["error", "warning"]),
  cell: z.string().nullable(),
  periodEnd: z.string().nullable(),
  item: z.string().nullable(),
});

const sheetIssueOut = (issue: StatementSheetIssue) => ({
  path: issue.path,
  code: issue.code,
  message: issue.message,
  severity: issue.severity,
  cell: issue.cell,
  periodEnd: issue.periodEnd,
  item: issue.item,
});

const reportOut = (report: CustomerImportReport) => ({
  ...report,
  rows: report.rows.map((row) => ({ ...row, issues: [...row.issues] })),
});

export function customerImportRoutes(app: ApiApp, deps: ApiDeps): void {
  const cipher = identityCipher(deps.secret);
  const run = <T>(command: (tx: Tx) => Promise<T>) => runCommand(deps.store, command, deps.clock);
  const base = "/api/v1/orgs/:orgId/customers";
  const tags = ["customers"];

  app.post(
    `${base}/import`,
    {
      config: { access: { kind: "org", permission: "customers.write" } },
      bodyLimit: importBodyLimitBytes,
      schema: {
        tags,
        summary:
          "Import customers from CSV or XLSX (base64). Every row is checked; while any row is invalid nothing is imported (400 VALIDATION_FAILED with the row report in `report`) unless mode is valid-only. dryRun checks only.",
        params: orgParams,
        body: z.strictObject({
          format: z.enum(customerFileFormats),
          fileBase64,
          mode: z.enum(customerImportModes).default("all-or-nothing"),
          dryRun: z.boolean().default(false),
        }),
        response: { 200: importReportView },
      },
    },
    async (request, reply) => {
      const { orgId } = membershipOf(request);
      const { format, mode, dryRun } = request.body;
      const sheet = await readCustomerSheet(format, Buffer.from(request.body.fileBase64, "base64"));
      const report = await run((tx) =>
        importCustomers(tx, actorOf(request), orgId, sheet, { mode, dryRun }, cipher),
      );
      if (importRefused(report)) {
        return sendRefusedImport(
          reply as FastifyReply,
          request,
          report,
          reportOut(report),
          `the ${report.valid} valid rows`,
        );
      }
      return reportOut(report);
    },
  );

  app.get(
    `${base}/export`,
    {
      config: { access: { kind: "org", permission: "customers.read" } },
      schema: {
        tags,
        summary:
          "Download the customers as CSV (UTF-8 with BOM) or XLSX, in the columns of the import; ID numbers masked",
        params: orgParams,
        querystring: z.strictObject({
          format: z.enum(customerFileFormats).default("csv"),
          language: languageQuery,
        }),
      },
    },
    async (request, reply) => {
      const { format, language } = request.query;
      return sendFile(
        reply,
        await customerExport(deps.store.db, membershipOf(request).orgId, { format, language }),
      );
    },
  );

  app.get(
    `${base}/import-template`,
    {
      config: { access: { kind: "org", permission: "customers.read" } },
      schema: {
        tags,
        summary: "Download the empty customer import file (XLSX adds a sheet that explains each column)",
        params: orgParams,
        querystring: z.strictObject({
          format: z.enum(customerFileFormats).default("csv"),
          language: languageQuery,
        }),
      },
    },
    async (request, reply) => sendFile(reply, customerTemplate(request.query)),
  );

  app.get(
    `${base}/statements-template`,
    {
      config: { access: { kind: "org", permission: "credit.read" } },
      schema: {
        tags,
        summary:
          "Download the financial statement import file: one row per item, one column per period end, with an example period",
        params: orgParams,
        querystring: z.strictObject({
          format: z.enum(statementSheetFormats).default("xlsx"),
          language: languageQuery,
        }),
      },
    },
    async (request, reply) => {
      const { format, language } = request.query;
      const today = await businessDateAt(
        deps.store.db,
        membershipOf(request).orgId,
        deps.clock().toISOString(),
      );
      // The example is last year's annual statement, the one a credit manager asks for first.
      const periodEnd = `${Number(today.slice(0, 4)) - 1}-12-31`;
      const stem = language === "zh-CN" ? "statements-template" : "statements-template-en";
      const file: ExportFile =
        format === "csv"
          ? {
              filename: `${stem}.csv`,
              contentType: "text/csv; charset=utf-8",
              write: async (output) => {
                output.end(statementTemplateCsv(language, periodEnd));
              },
            }
          : {
              filename: `${stem}.xlsx`,
              contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
              write: async (output) => {
                output.end(await statementTemplateXlsx(language, periodEnd));
              },
            };
      return sendFile(reply, file);
    },
  );

  app.post(
    `${base}/:customerId/statements/import`,
    {
      config: { access: { kind: "org", permission: "credit.manage" } },
      bodyLimit: importBodyLimitBytes,
      schema: {
        tags,
        summary:
          "Import a customer's financial statements from XLSX or CSV (base64): one row per item, one column per period end. Any error refuses the whole file, each at its cell; warnings come back",
        params: z.strictObject({ orgId: idParam, customerId: idParam }),
        body: z.strictObject({
          format: z.enum(statementSheetFormats),
          fileBase64,
          replace: z.boolean().default(false),
        }),
        response: {
          201: z.object({ statements: z.array(statementView), warnings: z.array(sheetIssueView) }),
        },
      },
    },
    async (request, reply) => {
      const { orgId } = membershipOf(request);
      const table = await readStatementTable(
        request.body.format,
        Buffer.from(request.body.fileBase64, "base64"),
      );
      const result = await run((tx) =>
        importStatements(tx, actorOf(request), orgId, request.params.customerId, table, {
          replace: request.body.replace,
        }),
      );
      return reply.status(201).send({
        statements: result.statements.map(statementOut),
        warnings: result.warnings.map(sheetIssueOut),
      });
    },
  );
}
