import type { Kysely, Migration } from "kysely";
import type { Engine } from "./database.ts";

/**
 * Migration 0009: collections. The end-of-day runs (one per organization and business date, with
 * the steps done so far, so that a run killed midway resumes; the lease says which instance runs
 * it); each customer's arrears as of the last run (overdue amount, days past due, delinquency
 * bucket); and the day's aging per bucket, kept for trends.
 */
export function collectionsMigration(engine: Engine): Migration {
  const id = engine === "postgres" ? ("uuid" as const) : ("text" as const);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("eod_runs")
        .addColumn("org_id", id, (c) => c.notNull().references("organizations.org_id"))
        .addColumn("business_date", "date", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("steps_json", "text", (c) => c.notNull())
        .addColumn("claimed_by", "text")
        .addColumn("lease_until", "text")
        .addColumn("attempts", "bigint", (c) => c.notNull())
        .addColumn("last_error", "text")
        .addColumn("started_at", "text", (c) => c.notNull())
        .addColumn("finished_at", "text")
        .addPrimaryKeyConstraint("eod_runs_pk", ["org_id", "business_date"])
        .execute();
      await db.schema
        .createTable("customer_delinquency")
        .addColumn("org_id", id, (c) => c.notNull())
        .addColumn("customer_id", id, (c) => c.notNull())
        .addColumn("as_of", "date", (c) => c.notNull())
        .addColumn("open_minor", "bigint", (c) => c.notNull())
        .addColumn("overdue_minor", "bigint", (c) => c.notNull())
        .addColumn("oldest_due_date", "date")
        .addColumn("days_past_due", "bigint", (c) => c.notNull())
        .addColumn("bucket", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("customer_delinquency_pk", ["org_id", "customer_id"])
        .addForeignKeyConstraint("customer_delinquency_customer_fk", ["org_id", "customer_id"], "customers", [
          "org_id",
          "customer_id",
        ])
        .execute();
      await db.schema
        .createIndex("customer_delinquency_by_bucket")
        .on("customer_delinquency")
        .columns(["org_id", "bucket", "days_past_due"])
        .execute();
      await db.schema
        .createTable("aging_snapshots")
        .addColumn("org_id", id, (c) => c.notNull().references("organizations.org_id"))
        .addColumn("business_date", "date", (c) => c.notNull())
        .addColumn("currency", "text", (c) => c.notNull())
        .addColumn("bucket", "text", (c) => c.notNull())
        .addColumn("amount_minor", "bigint", (c) => c.notNull())
        .addColumn("item_count", "bigint", (c) => c.notNull())
        .addPrimaryKeyConstraint("aging_snapshots_pk", ["org_id", "business_date", "currency", "bucket"])
        .execute();
    },
  };
}
