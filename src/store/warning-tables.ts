import type { Kysely, Migration } from "kysely";
import type { Engine } from "./database.ts";
import type { VersionedDefinitionTable } from "./schema.ts";

/**
 * Migration 0011_warnings: early-warning rules (versioned, like the dunning policies: every alert
 * names the version that raised it) and the alerts they raise. An alert is one rule firing for one
 * customer, kept open while its condition holds (a later firing only moves its last-seen date); it
 * carries the facts that made it fire, its history, and the task it gave the customer's owner.
 */
export function warningsMigration(engine: Engine): Migration {
  const id = engine === "postgres" ? ("uuid" as const) : ("text" as const);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("warning_rule_sets")
        .addColumn("org_id", id, (c) => c.notNull().references("organizations.org_id"))
        .addColumn("version", "bigint", (c) => c.notNull())
        .addColumn("definition_json", "text", (c) => c.notNull())
        .addColumn("created_by", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("warning_rule_sets_pk", ["org_id", "version"])
        .execute();
      await db.schema
        .createTable("warning_alerts")
        .addColumn("org_id", id, (c) => c.notNull())
        .addColumn("alert_id", id, (c) => c.notNull())
        .addColumn("customer_id", id, (c) => c.notNull())
        .addColumn("rule_code", "text", (c) => c.notNull())
        .addColumn("rule_version", "bigint", (c) => c.notNull())
        .addColumn("severity", "text", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("facts_json", "text", (c) => c.notNull())
        .addColumn("first_raised_on", "date", (c) => c.notNull())
        .addColumn("last_raised_on", "date", (c) => c.notNull())
        .addColumn("cleared_on", "date")
        .addColumn("handled_by", "text")
        .addColumn("handled_at", "text")
        .addColumn("note", "text")
        .addColumn("task_user_id", id)
        .addColumn("task_status", "text")
        .addColumn("task_due_on", "date")
        .addColumn("hold_applied", "bigint", (c) => c.notNull())
        .addColumn("history_json", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("updated_at", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("warning_alerts_pk", ["org_id", "alert_id"])
        .addForeignKeyConstraint("warning_alerts_customer_fk", ["org_id", "customer_id"], "customers", [
          "org_id",
          "customer_id",
        ])
        .execute();
      await db.schema
        .createIndex("warning_alerts_by_customer")
        .on("warning_alerts")
        .columns(["org_id", "customer_id", "rule_code"])
        .execute();
      await db.schema
        .createIndex("warning_alerts_by_status")
        .on("warning_alerts")
        .columns(["org_id", "status", "last_raised_on"])
        .execute();
    },
  };
}

export interface WarningAlertsTable {
  org_id: string;
  alert_id: string;
  customer_id: string;
  rule_code: string;
  rule_version: bigint;
  severity: string;
  status: string;
  facts_json: string;
  first_raised_on: string;
  last_raised_on: string;
  /** The day the condition was found no longer holding (a resolved alert keeps its status). */
  cleared_on: string | null;
  handled_by: string | null;
  handled_at: string | null;
  note: string | null;
  task_user_id: string | null;
  task_status: string | null;
  task_due_on: string | null;
  hold_applied: bigint;
  history_json: string;
  created_at: string;
  updated_at: string;
}

/** The tables of migration 0011_warnings, merged into `Schema`. */
export interface WarningTables {
  warning_rule_sets: VersionedDefinitionTable;
  warning_alerts: WarningAlertsTable;
}
