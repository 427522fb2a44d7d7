import type { FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { AppError, type FieldIssue } from "../core/errors.ts";
import {
  type SheetImportSummary,
  sheetImportModes,
  sheetImportRowStatuses,
} from "../services/sheet-import.ts";
import { problemContentType, toProblem } from "./problem.ts";

/**
 * What the import routes share (customers, invoices, payments): the file inside JSON as base64,
 * the report's shape, and the answer to a refused file, a 400 problem that carries the report.
 */

/** Request body of an import: a 11 MiB file is 15 MiB of base64 (4 characters per 3 bytes). */
export const importBodyLimitBytes = 15 * 1024 * 1024;
/** Row issues repeated in a refused import's problem `issues`; the `report` holds every one. */
const problemIssuesMax = 100;

export const fileBase64 = z.base64().min(1).max(importBodyLimitBytes);
export const languageQuery = z.enum(["zh-CN", "en"]).default("zh-CN");

export const rowIssueView = z.object({ path: z.string(), code: z.string(), message: z.string() });

/** The counts of every import report; rows and documents are added per import. */
export const importSummaryView = {
  mode: z.enum(sheetImportModes),
  dryRun: z.boolean(),
  total: z.number(),
  valid: z.number(),
  invalid: z.number(),
  imported: z.number(),
};

/** A row's report: its number, status and issues, plus what the import adds. */
export function importRowView<Shape extends z.ZodRawShape>(shape: Shape) {
  return z.object({
    row: z.number(),
    status: z.enum(sheetImportRowStatuses),
    issues: z.array(rowIssueView),
    ...shape,
  });
}

interface ReportedRow {
  readonly row: number;
  readonly issues: ReadonlyArray<FieldIssue>;
}

/** Each row's issues as problem issues: `rows.7.creditCode` is column creditCode of sheet row 7. */
function rowIssues(rows: ReadonlyArray<ReportedRow>): FieldIssue[] {
  return rows
    .flatMap((row) =>
      row.issues.map((issue) => ({
        path: `rows.${row.row}.${issue.path}`,
        code: issue.code,
        message: `row ${row.row}: ${issue.message}`,
      })),
    )
    .slice(0, problemIssuesMax);
}

/**
 * The answer to a file that all-or-nothing refused: 400 VALIDATION_FAILED, the first row issues
 * in `issues`, and the whole report (already in its API shape) as `report`.
 */
export function sendRefusedImport(
  reply: FastifyReply,
  request: FastifyRequest,
  report: SheetImportSummary & { readonly rows: ReadonlyArray<ReportedRow> },
  body: unknown,
  what: string,
): FastifyReply {
  const error = new AppError("VALIDATION_FAILED", {
    detail: `${report.invalid} of ${report.total} rows are invalid, so nothing was imported; fix them, or import with mode valid-only to import ${what}`,
    issues: rowIssues(report.rows),
  });
  // RFC 9457 §3.2: a problem may carry extension members; this one carries the whole report.
  // Sent as the error handler sends problems (no response schema for 400: plain JSON).
  return reply
    .status(error.status)
    .type(problemContentType)
    .send({ ...toProblem(error, request), report: body });
}
