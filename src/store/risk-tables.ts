import type { Kysely, Migration } from "kysely";
import type { Engine } from "./database.ts";

/**
 * Migration 0010_risk: write-offs (asked for, approved or rejected, posted), recoveries, provision runs with their matrix, and the risk policy (versioned: write-off threshold, provision settings).
 */
export function riskMigration(engine: Engine): Migration {
  const _id = engine === "postgres" ? ("uuid" as const) : ("text" as const);
  return {
    async up(_db: Kysely<unknown>) {},
  };
}

/** The tables of migration 0010_risk, merged into `Schema`. */
// biome-ignore lint/suspicious/noEmptyInterface: its first table comes with the feature
export interface RiskTables {}
