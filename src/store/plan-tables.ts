import type { Kysely, Migration } from "kysely";
import type { Engine } from "./database.ts";

/**
 * Migration 0006: installment plans. A plan is a document (`plans`) with immutable schedule
 * versions (`plan_versions`) and one row per item the customer owes (`plan_items`: down payment,
 * upfront fee, installments, early-repayment settlements) — the plan's open items. The
 * installment policy is versioned like the credit policy; the LPR table is the organization's
 * record of the one-year Loan Prime Rate by effective date.
 */
export function plansMigration(engine: Engine): Migration {
  const id = engine === "postgres" ? ("uuid" as const) : ("text" as const);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("installment_policies")
        .addColumn("org_id", id, (c) => c.notNull().references("organizations.org_id"))
        .addColumn("version", "bigint", (c) => c.notNull())
        .addColumn("definition_json", "text", (c) => c.notNull())
        .addColumn("created_by", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("installment_policies_pk", ["org_id", "version"])
        .execute();
      await db.schema
        .createTable("lpr_rates")
        .addColumn("org_id", id, (c) => c.notNull().references("organizations.org_id"))
        .addColumn("effective_date", "date", (c) => c.notNull())
        .addColumn("rate", "text", (c) => c.notNull())
        .addColumn("created_by", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("lpr_rates_pk", ["org_id", "effective_date"])
        .execute();
      await db.schema
        .createTable("plans")
        .addColumn("org_id", id, (c) => c.notNull().references("organizations.org_id"))
        .addColumn("plan_id", id, (c) => c.notNull())
        .addColumn("number", "text", (c) => c.notNull())
        .addColumn("customer_id", id, (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("accounting_mode", "text", (c) => c.notNull())
        .addColumn("fee_recognition", "text", (c) => c.notNull())
        .addColumn("currency", "text", (c) => c.notNull())
        .addColumn("vat_rate", "text", (c) => c.notNull())
        .addColumn("cost_minor", "bigint", (c) => c.notNull())
        .addColumn("principal_minor", "bigint", (c) => c.notNull())
        .addColumn("financed_minor", "bigint", (c) => c.notNull())
        .addColumn("contract_date", "date", (c) => c.notNull())
        .addColumn("terms_json", "text", (c) => c.notNull())
        .addColumn("offer_json", "text")
        .addColumn("version", "bigint", (c) => c.notNull())
        .addColumn("paid_through", "bigint", (c) => c.notNull())
        .addColumn("confirmation_json", "text")
        .addColumn("note", "text")
        .addColumn("closed_reason", "text")
        .addColumn("created_by", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("updated_at", "text", (c) => c.notNull())
        .addColumn("activated_on", "date")
        .addColumn("closed_on", "date")
        .addPrimaryKeyConstraint("plans_pk", ["org_id", "plan_id"])
        .addUniqueConstraint("plans_number_unique", ["org_id", "number"])
        .addForeignKeyConstraint("plans_customer_fk", ["org_id", "customer_id"], "customers", [
          "org_id",
          "customer_id",
        ])
        .execute();
      await db.schema
        .createIndex("plans_by_customer")
        .on("plans")
        .columns(["org_id", "customer_id"])
        .execute();
      await db.schema
        .createIndex("plans_by_status")
        .on("plans")
        .columns(["org_id", "status", "created_at"])
        .execute();
      await db.schema
        .createTable("plan_versions")
        .addColumn("org_id", id, (c) => c.notNull())
        .addColumn("plan_id", id, (c) => c.notNull())
        .addColumn("version", "bigint", (c) => c.notNull())
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("effective_date", "date", (c) => c.notNull())
        .addColumn("state_json", "text", (c) => c.notNull())
        .addColumn("change_json", "text")
        .addColumn("created_by", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("plan_versions_pk", ["org_id", "plan_id", "version"])
        .addForeignKeyConstraint("plan_versions_plan_fk", ["org_id", "plan_id"], "plans", [
          "org_id",
          "plan_id",
        ])
        .execute();
      await db.schema
        .createTable("plan_items")
        .addColumn("org_id", id, (c) => c.notNull())
        .addColumn("plan_id", id, (c) => c.notNull())
        .addColumn("seq", "bigint", (c) => c.notNull())
        .addColumn("customer_id", id, (c) => c.notNull())
        .addColumn("version", "bigint", (c) => c.notNull())
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("number", "bigint")
        .addColumn("due_date", "date", (c) => c.notNull())
        .addColumn("principal_minor", "bigint", (c) => c.notNull())
        .addColumn("interest_minor", "bigint", (c) => c.notNull())
        .addColumn("fee_minor", "bigint", (c) => c.notNull())
        .addColumn("tax_minor", "bigint", (c) => c.notNull())
        .addColumn("total_minor", "bigint", (c) => c.notNull())
        .addColumn("amortized_minor", "bigint", (c) => c.notNull())
        .addColumn("cost_minor", "bigint", (c) => c.notNull())
        .addColumn("paid_minor", "bigint", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("billed_on", "date")
        .addPrimaryKeyConstraint("plan_items_pk", ["org_id", "plan_id", "seq"])
        .addForeignKeyConstraint("plan_items_plan_fk", ["org_id", "plan_id"], "plans", ["org_id", "plan_id"])
        .execute();
      // The billing pass looks for scheduled items due by a date; exposure sums a customer's.
      await db.schema
        .createIndex("plan_items_by_due")
        .on("plan_items")
        .columns(["org_id", "status", "due_date"])
        .execute();
      await db.schema
        .createIndex("plan_items_by_customer")
        .on("plan_items")
        .columns(["org_id", "customer_id", "status"])
        .execute();
    },
  };
}

/**
 * Migration 0007: penalty interest (罚息) accrued on overdue plan items by the daily batch. Each
 * item keeps the exact accrual state (so a range split over several days charges exactly what one
 * accrual would), the day it is accrued to, and the penalty charged so far.
 */
export function planPenaltiesMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable("plan_items").addColumn("penalty_state_json", "text").execute();
      await db.schema.alterTable("plan_items").addColumn("penalty_accrued_to", "date").execute();
      await db.schema
        .alterTable("plan_items")
        .addColumn("penalty_minor", "bigint", (c) => c.notNull().defaultTo(0))
        .execute();
    },
  };
}
