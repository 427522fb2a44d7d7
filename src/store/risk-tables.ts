import type { Kysely, Migration } from "kysely";
import type { Engine } from "./database.ts";

/**
 * Migration 0010_risk: write-offs (asked for, approved or rejected, posted), recoveries, provision runs with their matrix, and the risk policy (versioned: write-off threshold, provision settings).
 */
export function riskMigration(engine: Engine): Migration {
  const id = engine === "postgres" ? ("uuid" as const) : ("text" as const);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("risk_policies")
        .addColumn("org_id", id, (c) => c.notNull().references("organizations.org_id"))
        .addColumn("version", "bigint", (c) => c.notNull())
        .addColumn("definition_json", "text", (c) => c.notNull())
        .addColumn("created_by", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("risk_policies_pk", ["org_id", "version"])
        .execute();
      await db.schema
        .createTable("provision_runs")
        .addColumn("org_id", id, (c) => c.notNull().references("organizations.org_id"))
        .addColumn("run_id", id, (c) => c.notNull())
        .addColumn("as_of", "date", (c) => c.notNull())
        .addColumn("currency", "text", (c) => c.notNull())
        .addColumn("policy_version", "bigint", (c) => c.notNull())
        .addColumn("matrix_json", "text", (c) => c.notNull())
        .addColumn("required_minor", "bigint", (c) => c.notNull())
        .addColumn("previous_minor", "bigint", (c) => c.notNull())
        .addColumn("posted_minor", "bigint", (c) => c.notNull())
        .addColumn("voucher_id", id)
        .addColumn("created_by", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("provision_runs_pk", ["org_id", "run_id"])
        .execute();
      await db.schema
        .createIndex("provision_runs_by_date")
        .on("provision_runs")
        .columns(["org_id", "as_of", "created_at"])
        .execute();
      await db.schema
        .createTable("write_offs")
        .addColumn("org_id", id, (c) => c.notNull())
        .addColumn("write_off_id", id, (c) => c.notNull())
        .addColumn("number", "text", (c) => c.notNull())
        .addColumn("customer_id", id, (c) => c.notNull())
        .addColumn("currency", "text", (c) => c.notNull())
        .addColumn("amount_minor", "bigint", (c) => c.notNull())
        .addColumn("recovered_minor", "bigint", (c) => c.notNull())
        .addColumn("reason", "text", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("policy_version", "bigint", (c) => c.notNull())
        .addColumn("threshold_minor", "bigint", (c) => c.notNull())
        .addColumn("requested_on", "date", (c) => c.notNull())
        .addColumn("requested_by", "text", (c) => c.notNull())
        .addColumn("requested_by_user_id", id)
        .addColumn("decided_by", "text")
        .addColumn("decided_by_user_id", id)
        .addColumn("decision_note", "text")
        .addColumn("decided_at", "text")
        .addColumn("posted_on", "date")
        .addColumn("voucher_id", id)
        .addColumn("created_at", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("write_offs_pk", ["org_id", "write_off_id"])
        .addForeignKeyConstraint("write_offs_customer_fk", ["org_id", "customer_id"], "customers", [
          "org_id",
          "customer_id",
        ])
        .execute();
      await db.schema
        .createIndex("write_offs_by_status")
        .on("write_offs")
        .columns(["org_id", "status", "created_at"])
        .execute();
      await db.schema
        .createTable("write_off_items")
        .addColumn("org_id", id, (c) => c.notNull())
        .addColumn("write_off_id", id, (c) => c.notNull())
        .addColumn("item_id", id, (c) => c.notNull())
        .addColumn("amount_minor", "bigint", (c) => c.notNull())
        .addPrimaryKeyConstraint("write_off_items_pk", ["org_id", "write_off_id", "item_id"])
        .addForeignKeyConstraint("write_off_items_write_off_fk", ["org_id", "write_off_id"], "write_offs", [
          "org_id",
          "write_off_id",
        ])
        .addForeignKeyConstraint("write_off_items_item_fk", ["org_id", "item_id"], "open_items", [
          "org_id",
          "item_id",
        ])
        .execute();
      await db.schema
        .createTable("write_off_recoveries")
        .addColumn("org_id", id, (c) => c.notNull())
        .addColumn("recovery_id", id, (c) => c.notNull())
        .addColumn("write_off_id", id, (c) => c.notNull())
        .addColumn("recovery_date", "date", (c) => c.notNull())
        .addColumn("amount_minor", "bigint", (c) => c.notNull())
        .addColumn("item_id", id, (c) => c.notNull())
        .addColumn("voucher_id", id)
        .addColumn("note", "text")
        .addColumn("created_by", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("write_off_recoveries_pk", ["org_id", "recovery_id"])
        .addForeignKeyConstraint(
          "write_off_recoveries_write_off_fk",
          ["org_id", "write_off_id"],
          "write_offs",
          ["org_id", "write_off_id"],
        )
        .execute();
    },
  };
}

export interface RiskPoliciesTable {
  org_id: string;
  version: bigint;
  definition_json: string;
  created_by: string;
  created_at: string;
}

export interface ProvisionRunsTable {
  org_id: string;
  run_id: string;
  as_of: string;
  currency: string;
  policy_version: bigint;
  matrix_json: string;
  required_minor: bigint;
  previous_minor: bigint;
  posted_minor: bigint;
  voucher_id: string | null;
  created_by: string;
  created_at: string;
}

export interface WriteOffsTable {
  org_id: string;
  write_off_id: string;
  number: string;
  customer_id: string;
  currency: string;
  amount_minor: bigint;
  recovered_minor: bigint;
  reason: string;
  status: string;
  policy_version: bigint;
  threshold_minor: bigint;
  requested_on: string;
  requested_by: string;
  requested_by_user_id: string | null;
  decided_by: string | null;
  decided_by_user_id: string | null;
  decision_note: string | null;
  decided_at: string | null;
  posted_on: string | null;
  voucher_id: string | null;
  created_at: string;
}

export interface WriteOffItemsTable {
  org_id: string;
  write_off_id: string;
  item_id: string;
  amount_minor: bigint;
}

export interface WriteOffRecoveriesTable {
  org_id: string;
  recovery_id: string;
  write_off_id: string;
  recovery_date: string;
  amount_minor: bigint;
  item_id: string;
  voucher_id: string | null;
  note: string | null;
  created_by: string;
  created_at: string;
}

/** The tables of migration 0010_risk, merged into `Schema`. */
export interface RiskTables {
  risk_policies: RiskPoliciesTable;
  provision_runs: ProvisionRunsTable;
  write_offs: WriteOffsTable;
  write_off_items: WriteOffItemsTable;
  write_off_recoveries: WriteOffRecoveriesTable;
}
