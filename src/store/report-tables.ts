import type { Kysely, Migration } from "kysely";
import type { Engine } from "./database.ts";

/**
 * Migration 0012_reports: scheduled report emails (`report_schedules`: what report, in which
 * format and language, to whom, how often, and when it runs next and how it last went), and the
 * indexes the aging report reads: one covering every column its pass over today's open items
 * needs (the pass reads the index alone), and allocations by date and by reversal date (the
 * correction for a past date reads only the allocations after it).
 */
export function reportsMigration(engine: Engine): Migration {
  const id = engine === "postgres" ? ("uuid" as const) : ("text" as const);
  return {
    async up(db: Kysely<unknown>) {
      // Scheduled report emails: one row per schedule; the conditional advance of next_run_on in
      // the run's transaction is what keeps a date from being sent twice.
      await db.schema
        .createTable("report_schedules")
        .addColumn("org_id", id, (c) => c.notNull().references("organizations.org_id"))
        .addColumn("schedule_id", id, (c) => c.notNull())
        .addColumn("report_name", "text", (c) => c.notNull())
        .addColumn("options_json", "text", (c) => c.notNull())
        .addColumn("format", "text", (c) => c.notNull())
        .addColumn("locale", "text", (c) => c.notNull())
        .addColumn("recipients_json", "text", (c) => c.notNull())
        .addColumn("frequency", "text", (c) => c.notNull())
        .addColumn("weekday", "bigint")
        .addColumn("day_of_month", "bigint")
        .addColumn("next_run_on", "date", (c) => c.notNull())
        .addColumn("last_run_on", "date")
        .addColumn("last_run_at", "text")
        .addColumn("last_status", "text")
        .addColumn("last_error", "text")
        .addColumn("enabled", "bigint", (c) => c.notNull())
        .addColumn("created_by", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("updated_at", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("report_schedules_pk", ["org_id", "schedule_id"])
        .execute();
      await db.schema
        .createIndex("report_schedules_due")
        .on("report_schedules")
        .columns(["org_id", "enabled", "next_run_on"])
        .execute();
      await db.schema
        .createIndex("open_items_aging")
        .on("open_items")
        .columns(["org_id", "status", "currency", "customer_id", "due_date", "document_date", "open_minor"])
        .execute();
      await db.schema
        .createIndex("allocations_by_date")
        .on("allocations")
        .columns(["org_id", "allocation_date"])
        .execute();
      await db.schema
        .createIndex("allocations_by_reversal")
        .on("allocations")
        .columns(["org_id", "reversed_on"])
        .execute();
    },
  };
}

/** The tables of migration 0012_reports, merged into `Schema`. */
export interface ReportTables {
  report_schedules: ReportSchedulesTable;
}

export interface ReportSchedulesTable {
  org_id: string;
  schedule_id: string;
  report_name: string;
  options_json: string;
  format: string;
  locale: string;
  recipients_json: string;
  frequency: string;
  weekday: bigint | null;
  day_of_month: bigint | null;
  next_run_on: string;
  last_run_on: string | null;
  last_run_at: string | null;
  last_status: string | null;
  last_error: string | null;
  enabled: bigint;
  created_by: string;
  created_at: string;
  updated_at: string;
}
