import type { Kysely, Migration } from "kysely";
import type { Engine } from "./database.ts";

/**
 * Migration 0011_warnings: early-warning rules (versioned) and the alerts they raise.
 */
export function warningsMigration(engine: Engine): Migration {
  const _id = engine === "postgres" ? ("uuid" as const) : ("text" as const);
  return {
    async up(_db: Kysely<unknown>) {},
  };
}

/** The tables of migration 0011_warnings, merged into `Schema`. */
// biome-ignore lint/suspicious/noEmptyInterface: its first table comes with the feature
export interface WarningTables {}
