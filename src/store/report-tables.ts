import type { Kysely, Migration } from "kysely";
import type { Engine } from "./database.ts";

/**
 * Migration 0012_reports: scheduled report emails.
 */
export function reportsMigration(engine: Engine): Migration {
  const _id = engine === "postgres" ? ("uuid" as const) : ("text" as const);
  return {
    async up(_db: Kysely<unknown>) {},
  };
}

/** The tables of migration 0012_reports, merged into `Schema`. */
// biome-ignore lint/suspicious/noEmptyInterface: its first table comes with the feature
export interface ReportTables {}
