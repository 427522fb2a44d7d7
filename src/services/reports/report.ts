import type { Permission } from "../../domain/access/index.ts";
import type { Locale } from "../../domain/organization/index.ts";
import type { Executor } from "../../store/database.ts";

/**
 * What every report is: a name (`credence report <name>`, `GET …/reports/<name>`), a title in
 * each language, the permission it takes, and a query that answers with its JSON form and the
 * tables the CSV, XLSX and PDF renderers lay out. One definition serves the page, the API, the
 * CLI and the scheduled emails, so the four can never disagree.
 */

export type ReportFormat = "json" | "csv" | "xlsx" | "pdf";
export const reportFormats: ReadonlyArray<ReportFormat> = ["json", "csv", "xlsx", "pdf"];

export type Localized = Readonly<Record<Locale, string>>;

/**
 * How a column's cells are written: `money` cells are decimal strings ("1234.56") written as
 * numbers with two decimals; `percent` cells are decimal fractions as strings ("0.1234");
 * `count` and `number` are numbers; `date` is `YYYY-MM-DD`; `text` is neutralized against
 * spreadsheet formulas.
 */
export type ReportColumnKind = "text" | "money" | "count" | "number" | "percent" | "date";

export interface ReportColumn {
  readonly key: string;
  readonly label: Localized;
  readonly kind: ReportColumnKind;
}

export type ReportCell = string | number | null;

export interface ReportTable {
  /** The sheet's name in XLSX and the heading in PDF. */
  readonly title: Localized;
  readonly columns: ReadonlyArray<ReportColumn>;
  readonly rows: ReadonlyArray<Readonly<Record<string, ReportCell>>>;
  /** A last row in bold (totals), when the table has one. */
  readonly totals?: Readonly<Record<string, ReportCell>>;
}

export interface ReportOutput {
  /** The report's JSON form (the API's and `--format json`'s answer), amounts as decimal strings. */
  readonly json: unknown;
  /** CSV writes the first table; XLSX one sheet per table; PDF every table in turn. */
  readonly tables: ReadonlyArray<ReportTable>;
}

/** What a report is asked for: the date it is as of, and its own options by name (query strings). */
export interface ReportRequest {
  readonly asOf: string;
  readonly options: Readonly<Record<string, string>>;
}

export interface ReportDefinition {
  readonly name: string;
  readonly title: Localized;
  readonly permission: Permission;
  /** The options it takes, each with a line of help for `--help` and the API docs. */
  readonly options: Readonly<Record<string, string>>;
  /** Throws a VALIDATION_FAILED AppError for a bad option. */
  run(db: Executor, orgId: string, request: ReportRequest): Promise<ReportOutput>;
}
