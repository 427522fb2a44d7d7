import type { FastifyReply } from "fastify";
import { z } from "zod";
import { csvType, xlsxType } from "../../io/export-stream.ts";
import type { ExportLanguage } from "../../io/ledger-export.ts";
import { amountsOut } from "../../io/plan-json.ts";
import {
  invoiceTemplateCsv,
  invoiceTemplateXlsx,
  paymentTemplateCsv,
  paymentTemplateXlsx,
  type ReceivablesSheetFormat,
  readInvoiceSheet,
  readPaymentSheet,
  receivablesSheetFormats,
} from "../../io/receivables-sheet.ts";
import { runCommand, type Tx } from "../../services/command.ts";
import type { ExportFile } from "../../services/ledger/index.ts";
import { businessDateAt } from "../../services/organizations.ts";
import { importInvoices, importPayments } from "../../services/receivables-import.ts";
import { importRefused, sheetImportModes, sheetImportRowStatuses } from "../../services/sheet-import.ts";
import { actorOf, membershipOf } from "../access.ts";
import type { ApiApp, ApiDeps } from "../deps.ts";
import { orgParams } from "../schemas.ts";
import { sendFile } from "../send-file.ts";
import {
  fileBase64,
  importBodyLimitBytes,
  importRowView,
  importSummaryView,
  languageQuery,
  sendRefusedImport,
} from "../sheet-import.ts";

/**
 * Invoices and payments received from a spreadsheet (CSV or XLSX inside JSON as base64), checked
 * row by row, all-or-nothing unless valid-only; and the files to fill in, with example rows.
 * Amounts in the report are decimal strings in major units, as everywhere in the API.
 */

const invoiceImportReportView = z.object({
  ...importSummaryView,
  draft: z.boolean(),
  currency: z.string(),
  invoices: z.array(
    z.object({
      reference: z.string(),
      customerCode: z.string(),
      rows: z.array(z.number()),
      status: z.enum(sheetImportRowStatuses),
      invoiceId: z.string().nullable(),
      number: z.string().nullable(),
      gross: z.string().nullable(),
    }),
  ),
  rows: z.array(importRowView({ reference: z.string() })),
});

const paymentImportReportView = z.object({
  ...importSummaryView,
  currency: z.string(),
  rows: z.array(
    importRowView({
      customerCode: z.string(),
      number: z.string().nullable(),
      paymentId: z.string().nullable(),
      amount: z.string().nullable(),
      applied: z.string().nullable(),
      unapplied: z.string().nullable(),
      appliedTo: z.array(z.string()),
    }),
  ),
});

const importBody = z.strictObject({
  format: z.enum(receivablesSheetFormats),
  fileBase64,
  mode: z.enum(sheetImportModes).default("all-or-nothing"),
  dryRun: z.boolean().default(false),
});

const templateQuery = z.strictObject({
  format: z.enum(receivablesSheetFormats).default("csv"),
  language: languageQuery,
});

function templateFile(
  stem: string,
  format: ReceivablesSheetFormat,
  language: ExportLanguage,
  content: { csv: () => string; xlsx: () => Promise<Buffer> },
): ExportFile {
  const name = language === "zh-CN" ? stem : `${stem}-en`;
  switch (format) {
    case "csv":
      return {
        filename: `${name}.csv`,
        contentType: csvType,
        write: async (output) => {
          output.end(content.csv());
        },
      };
    case "xlsx":
      return {
        filename: `${name}.xlsx`,
        contentType: xlsxType,
        write: async (output) => {
          output.end(await content.xlsx());
        },
      };
  }
}

export function receivablesImportRoutes(app: ApiApp, deps: ApiDeps): void {
  const run = <T>(command: (tx: Tx) => Promise<T>) => runCommand(deps.store, command, deps.clock);
  const base = "/api/v1/orgs/:orgId";
  const tags = ["receivables"];
  const todayOf = (orgId: string) => businessDateAt(deps.store.db, orgId, deps.clock().toISOString());

  app.post(
    `${base}/invoices/import`,
    {
      config: { access: { kind: "org", permission: "receivables.manage" } },
      bodyLimit: importBodyLimitBytes,
      schema: {
        tags,
        summary:
          "Import invoices from CSV or XLSX (base64), one row per invoice line, rows with the same reference making one invoice. Each invoice is created and issued (credit check, number, voucher, open items), or left a draft with draft: true. While any row is invalid or refused nothing is imported (400 VALIDATION_FAILED with the row report in `report`) unless mode is valid-only. dryRun checks and tries everything, then keeps nothing.",
        params: orgParams,
        body: importBody.extend({ draft: z.boolean().default(false) }),
        response: { 200: invoiceImportReportView },
      },
    },
    async (request, reply) => {
      const { orgId } = membershipOf(request);
      const { format, mode, dryRun, draft } = request.body;
      const sheet = await readInvoiceSheet(format, Buffer.from(request.body.fileBase64, "base64"));
      const report = await run((tx) =>
        importInvoices(tx, actorOf(request), orgId, sheet, { mode, dryRun, draft }),
      );
      const body = amountsOut(report, report.currency) as z.infer<typeof invoiceImportReportView>;
      if (importRefused(report)) {
        const importable = report.invoices.filter((invoice) => invoice.status !== "invalid").length;
        return sendRefusedImport(
          reply as FastifyReply,
          request,
          report,
          body,
          `the ${importable} invoices whose rows are all valid`,
        );
      }
      return body;
    },
  );

  app.post(
    `${base}/payments/import`,
    {
      config: { access: { kind: "org", permission: "payments.manage" } },
      bodyLimit: importBodyLimitBytes,
      schema: {
        tags,
        summary:
          "Import payments received from CSV or XLSX (base64), one per row, each recorded and applied as its row says (oldest first by default, proportionally, to the documents named, or not at all). While any row is invalid or refused nothing is imported (400 VALIDATION_FAILED with the row report in `report`) unless mode is valid-only. dryRun checks and tries everything, then keeps nothing.",
        params: orgParams,
        body: importBody,
        response: { 200: paymentImportReportView },
      },
    },
    async (request, reply) => {
      const { orgId } = membershipOf(request);
      const { format, mode, dryRun } = request.body;
      const sheet = await readPaymentSheet(format, Buffer.from(request.body.fileBase64, "base64"));
      const report = await run((tx) => importPayments(tx, actorOf(request), orgId, sheet, { mode, dryRun }));
      const body = amountsOut(report, report.currency) as z.infer<typeof paymentImportReportView>;
      if (importRefused(report)) {
        return sendRefusedImport(
          reply as FastifyReply,
          request,
          report,
          body,
          `the ${report.valid} valid rows`,
        );
      }
      return body;
    },
  );

  app.get(
    `${base}/invoices/import-template`,
    {
      config: { access: { kind: "org", permission: "receivables.read" } },
      schema: {
        tags,
        summary:
          "Download the invoice import file with example rows (XLSX adds a sheet that explains each column)",
        params: orgParams,
        querystring: templateQuery,
      },
    },
    async (request, reply) => {
      const { format, language } = request.query;
      const today = await todayOf(membershipOf(request).orgId);
      return sendFile(
        reply,
        templateFile("invoices-template", format, language, {
          csv: () => invoiceTemplateCsv(language, today),
          xlsx: () => invoiceTemplateXlsx(language, today),
        }),
      );
    },
  );

  app.get(
    `${base}/payments/import-template`,
    {
      config: { access: { kind: "org", permission: "receivables.read" } },
      schema: {
        tags,
        summary:
          "Download the payment import file with example rows (XLSX adds a sheet that explains each column)",
        params: orgParams,
        querystring: templateQuery,
      },
    },
    async (request, reply) => {
      const { format, language } = request.query;
      const today = await todayOf(membershipOf(request).orgId);
      return sendFile(
        reply,
        templateFile("payments-template", format, language, {
          csv: () => paymentTemplateCsv(language, today),
          xlsx: () => paymentTemplateXlsx(language, today),
        }),
      );
    },
  );
}
