import type { Locale } from "../../domain/organization/index.ts";
import { reportCsv } from "../../io/report-csv.ts";
import { reportPdf } from "../../io/report-pdf.ts";
import { reportWorkbook } from "../../io/report-xlsx.ts";
import type { Executor } from "../../store/database.ts";
import { getOrganization } from "../organizations.ts";
import type { ReportDefinition, ReportFormat, ReportRequest } from "./report.ts";

/**
 * A report in one of its formats: the one path the API, the CLI and the scheduled emails take
 * from a definition to bytes, so a file and the page never disagree.
 */

export interface RenderedReport {
  readonly format: ReportFormat;
  readonly contentType: string;
  /** `aging-2026-11-23.xlsx`: the report's name and date, for Content-Disposition and --output. */
  readonly filename: string;
  /** JSON text, CSV text, or the bytes of an XLSX or PDF file. */
  readonly body: string | Buffer;
  readonly json: unknown;
}

export const reportContentTypes: Readonly<Record<ReportFormat, string>> = {
  json: "application/json; charset=utf-8",
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  pdf: "application/pdf",
};

const optionLabels: Readonly<Record<Locale, string>> = { "zh-CN": "选项", en: "Options" };
const currencyLabels: Readonly<Record<Locale, string>> = { "zh-CN": "币种", en: "Currency" };

export async function renderReport(
  db: Executor,
  orgId: string,
  definition: ReportDefinition,
  input: ReportRequest & { readonly format: ReportFormat; readonly locale: Locale },
): Promise<RenderedReport> {
  const output = await definition.run(db, orgId, { asOf: input.asOf, options: input.options });
  const base = {
    format: input.format,
    contentType: reportContentTypes[input.format],
    filename: `${definition.name}-${input.asOf}.${input.format}`,
    json: output.json,
  };
  const title = definition.title[input.locale];
  switch (input.format) {
    case "json":
      return { ...base, body: `${JSON.stringify(output.json, null, 2)}\n` };
    case "csv": {
      const first = output.tables[0];
      return { ...base, body: first === undefined ? "" : reportCsv(first, input.locale) };
    }
    case "xlsx": {
      const organization = await getOrganization(db, orgId);
      const body = await reportWorkbook({
        title,
        organizationName: organization.name,
        asOf: input.asOf,
        locale: input.locale,
        tables: output.tables,
      });
      return { ...base, body };
    }
    case "pdf": {
      const organization = await getOrganization(db, orgId);
      const json = output.json as { readonly currency?: unknown };
      const options = Object.entries(input.options)
        .map(([key, value]) => `${key}=${value}`)
        .sort()
        .join(", ");
      const body = await reportPdf({
        title,
        organizationName: organization.name,
        asOf: input.asOf,
        locale: input.locale,
        facts: [
          ...(typeof json.currency === "string"
            ? [{ label: currencyLabels[input.locale], value: json.currency }]
            : []),
          ...(options === "" ? [] : [{ label: optionLabels[input.locale], value: options }]),
        ],
        tables: output.tables,
      });
      return { ...base, body };
    }
  }
}
