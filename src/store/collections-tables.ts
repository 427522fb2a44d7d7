import type { Kysely, Migration } from "kysely";
import type { Engine } from "./database.ts";

/**
 * Migration 0009: collections. The end-of-day runs (one per organization and business date, with
 * the steps done so far, so that a run killed midway resumes; the lease says which instance runs
 * it); each customer's arrears as of the last run (overdue amount, days past due, delinquency
 * bucket); the day's aging per bucket, kept for trends; the dunning policies (versioned), the
 * notices the batch sends (one per customer and date at most), promises to pay, and the collectors'
 * activity log. Customers get a collector; outbox messages get an HTML part, SMS, a time for the next
 * attempt (backoff) and the provider's reference.
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
      await db.schema.alterTable("customers").addColumn("collector_user_id", id).execute();
      await db.schema.alterTable("outbox_messages").addColumn("body_html", "text").execute();
      await db.schema.alterTable("outbox_messages").addColumn("next_attempt_at", "text").execute();
      await db.schema.alterTable("outbox_messages").addColumn("provider_reference", "text").execute();
      await db.schema
        .createTable("dunning_policies")
        .addColumn("org_id", id, (c) => c.notNull().references("organizations.org_id"))
        .addColumn("version", "bigint", (c) => c.notNull())
        .addColumn("definition_json", "text", (c) => c.notNull())
        .addColumn("created_by", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("dunning_policies_pk", ["org_id", "version"])
        .execute();
      await db.schema
        .createTable("dunning_notices")
        .addColumn("org_id", id, (c) => c.notNull())
        .addColumn("notice_id", id, (c) => c.notNull())
        .addColumn("customer_id", id, (c) => c.notNull())
        .addColumn("business_date", "date", (c) => c.notNull())
        .addColumn("policy_version", "bigint", (c) => c.notNull())
        .addColumn("policy_code", "text", (c) => c.notNull())
        .addColumn("level_code", "text", (c) => c.notNull())
        .addColumn("level_index", "bigint", (c) => c.notNull())
        .addColumn("channel", "text", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("currency", "text", (c) => c.notNull())
        .addColumn("total_minor", "bigint", (c) => c.notNull())
        .addColumn("fee_minor", "bigint", (c) => c.notNull())
        .addColumn("fee_waived_on", "date")
        .addColumn("max_days_past_due", "bigint", (c) => c.notNull())
        .addColumn("item_ids_json", "text", (c) => c.notNull())
        .addColumn("recipient", "text")
        .addColumn("message_id", id)
        .addColumn("decided_by", "text")
        .addColumn("decided_at", "text")
        .addColumn("created_at", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("dunning_notices_pk", ["org_id", "notice_id"])
        .addUniqueConstraint("dunning_notices_once_a_day", ["org_id", "customer_id", "business_date"])
        .addForeignKeyConstraint("dunning_notices_customer_fk", ["org_id", "customer_id"], "customers", [
          "org_id",
          "customer_id",
        ])
        .execute();
      await db.schema
        .createIndex("dunning_notices_by_customer")
        .on("dunning_notices")
        .columns(["org_id", "customer_id", "business_date"])
        .execute();
      await db.schema
        .createIndex("dunning_notices_by_status")
        .on("dunning_notices")
        .columns(["org_id", "status", "business_date"])
        .execute();
      await db.schema
        .createTable("promises_to_pay")
        .addColumn("org_id", id, (c) => c.notNull())
        .addColumn("promise_id", id, (c) => c.notNull())
        .addColumn("customer_id", id, (c) => c.notNull())
        .addColumn("currency", "text", (c) => c.notNull())
        .addColumn("amount_minor", "bigint", (c) => c.notNull())
        .addColumn("made_on", "date", (c) => c.notNull())
        .addColumn("promised_date", "date", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("paid_minor", "bigint", (c) => c.notNull())
        .addColumn("resolved_on", "date")
        .addColumn("note", "text")
        .addColumn("created_by", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("promises_to_pay_pk", ["org_id", "promise_id"])
        .addForeignKeyConstraint("promises_to_pay_customer_fk", ["org_id", "customer_id"], "customers", [
          "org_id",
          "customer_id",
        ])
        .execute();
      await db.schema
        .createIndex("promises_to_pay_by_customer")
        .on("promises_to_pay")
        .columns(["org_id", "customer_id", "status"])
        .execute();
      await db.schema
        .createIndex("promises_to_pay_by_status")
        .on("promises_to_pay")
        .columns(["org_id", "status", "promised_date"])
        .execute();
      await db.schema
        .createTable("collection_activities")
        .addColumn("org_id", id, (c) => c.notNull())
        .addColumn("activity_id", id, (c) => c.notNull())
        .addColumn("customer_id", id, (c) => c.notNull())
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("outcome", "text")
        .addColumn("note", "text")
        .addColumn("occurred_on", "date", (c) => c.notNull())
        .addColumn("next_follow_up", "date")
        .addColumn("promise_id", id)
        .addColumn("notice_id", id)
        .addColumn("user_id", id)
        .addColumn("actor_label", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("collection_activities_pk", ["org_id", "activity_id"])
        .addForeignKeyConstraint(
          "collection_activities_customer_fk",
          ["org_id", "customer_id"],
          "customers",
          ["org_id", "customer_id"],
        )
        .execute();
      await db.schema
        .createTable("disputes")
        .addColumn("org_id", id, (c) => c.notNull())
        .addColumn("dispute_id", id, (c) => c.notNull())
        .addColumn("customer_id", id, (c) => c.notNull())
        .addColumn("invoice_id", id)
        .addColumn("item_id", id)
        .addColumn("line_seq", "bigint")
        .addColumn("reason_code", "text", (c) => c.notNull())
        .addColumn("owner_user_id", id)
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("currency", "text", (c) => c.notNull())
        .addColumn("amount_minor", "bigint", (c) => c.notNull())
        .addColumn("note", "text")
        .addColumn("opened_on", "date", (c) => c.notNull())
        .addColumn("resolved_on", "date")
        .addColumn("resolution_note", "text")
        .addColumn("credit_note_id", id)
        .addColumn("created_by", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("disputes_pk", ["org_id", "dispute_id"])
        .addForeignKeyConstraint("disputes_customer_fk", ["org_id", "customer_id"], "customers", [
          "org_id",
          "customer_id",
        ])
        .execute();
      await db.schema
        .createIndex("disputes_by_status")
        .on("disputes")
        .columns(["org_id", "status", "opened_on"])
        .execute();
      await db.schema
        .createTable("legal_cases")
        .addColumn("org_id", id, (c) => c.notNull())
        .addColumn("case_id", id, (c) => c.notNull())
        .addColumn("customer_id", id, (c) => c.notNull())
        .addColumn("stage", "text", (c) => c.notNull())
        .addColumn("currency", "text", (c) => c.notNull())
        .addColumn("claimed_minor", "bigint", (c) => c.notNull())
        .addColumn("counsel", "text")
        .addColumn("court", "text")
        .addColumn("case_number", "text")
        .addColumn("opened_on", "date", (c) => c.notNull())
        .addColumn("outcome", "text")
        .addColumn("recovered_minor", "bigint", (c) => c.notNull())
        .addColumn("closed_on", "date")
        .addColumn("created_by", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("legal_cases_pk", ["org_id", "case_id"])
        .addForeignKeyConstraint("legal_cases_customer_fk", ["org_id", "customer_id"], "customers", [
          "org_id",
          "customer_id",
        ])
        .execute();
      await db.schema
        .createTable("legal_case_events")
        .addColumn("org_id", id, (c) => c.notNull())
        .addColumn("event_id", id, (c) => c.notNull())
        .addColumn("case_id", id, (c) => c.notNull())
        .addColumn("stage", "text", (c) => c.notNull())
        .addColumn("occurred_on", "date", (c) => c.notNull())
        .addColumn("cost_minor", "bigint", (c) => c.notNull())
        .addColumn("note", "text")
        .addColumn("document_name", "text")
        .addColumn("document_type", "text")
        .addColumn("document_base64", "text")
        .addColumn("created_by", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("legal_case_events_pk", ["org_id", "event_id"])
        .addForeignKeyConstraint("legal_case_events_case_fk", ["org_id", "case_id"], "legal_cases", [
          "org_id",
          "case_id",
        ])
        .execute();
      await db.schema
        .createIndex("collection_activities_by_customer")
        .on("collection_activities")
        .columns(["org_id", "customer_id", "occurred_on"])
        .execute();
    },
  };
}
