import type { Kysely, Migration } from "kysely";
import { uuidv7 } from "../core/ids.ts";
import type { Engine } from "./database.ts";
import type { Schema } from "./schema.ts";

/**
 * Migration 0008: receivables and cash. Invoices (and their credit and debit notes) with lines;
 * open items — each due portion of a document, signed (a credit note's item is negative), with
 * its current open amount kept for speed while `allocations` hold the dated history it follows
 * from, so the open amount at any past date can be derived; payments and refunds; payment terms
 * templates; the receivables policy (versioned); bank statements and their lines; the payer accounts learned from confirmed matches;
 * gapless document numbers per kind; statements of account (对账单) with the customer's response; and the
 * outbox of messages (email) waiting for delivery. `customers.group_payer_id` names the head office that
 * pays for a customer.
 */
export function receivablesMigration(engine: Engine): Migration {
  const id = engine === "postgres" ? ("uuid" as const) : ("text" as const);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable("customers").addColumn("group_payer_id", id).execute();
      await db.schema
        .createTable("document_sequences")
        .addColumn("org_id", id, (c) => c.notNull().references("organizations.org_id"))
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("last_number", "bigint", (c) => c.notNull())
        .addPrimaryKeyConstraint("document_sequences_pk", ["org_id", "kind"])
        .execute();
      await db.schema
        .createTable("receivables_policies")
        .addColumn("org_id", id, (c) => c.notNull().references("organizations.org_id"))
        .addColumn("version", "bigint", (c) => c.notNull())
        .addColumn("definition_json", "text", (c) => c.notNull())
        .addColumn("created_by", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("receivables_policies_pk", ["org_id", "version"])
        .execute();
      await db.schema
        .createTable("payment_terms")
        .addColumn("org_id", id, (c) => c.notNull().references("organizations.org_id"))
        .addColumn("code", "text", (c) => c.notNull())
        .addColumn("name_zh", "text", (c) => c.notNull())
        .addColumn("name_en", "text", (c) => c.notNull())
        .addColumn("terms_json", "text", (c) => c.notNull())
        .addColumn("active", "bigint", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("updated_at", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("payment_terms_pk", ["org_id", "code"])
        .execute();
      await db.schema
        .createTable("invoices")
        .addColumn("org_id", id, (c) => c.notNull().references("organizations.org_id"))
        .addColumn("invoice_id", id, (c) => c.notNull())
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("number", "text")
        .addColumn("customer_id", id, (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("currency", "text", (c) => c.notNull())
        .addColumn("document_date", "date", (c) => c.notNull())
        .addColumn("terms_code", "text")
        .addColumn("terms_json", "text", (c) => c.notNull())
        .addColumn("tax_inclusive", "bigint", (c) => c.notNull())
        .addColumn("net_minor", "bigint", (c) => c.notNull())
        .addColumn("tax_minor", "bigint", (c) => c.notNull())
        .addColumn("gross_minor", "bigint", (c) => c.notNull())
        .addColumn("tax_invoice_number", "text")
        .addColumn("tax_invoice_date", "date")
        .addColumn("related_invoice_id", id)
        .addColumn("reason", "text")
        .addColumn("note", "text")
        .addColumn("created_by", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("updated_at", "text", (c) => c.notNull())
        .addColumn("issued_by", "text")
        .addColumn("issued_at", "text")
        .addPrimaryKeyConstraint("invoices_pk", ["org_id", "invoice_id"])
        .addUniqueConstraint("invoices_number_unique", ["org_id", "number"])
        .addForeignKeyConstraint("invoices_customer_fk", ["org_id", "customer_id"], "customers", [
          "org_id",
          "customer_id",
        ])
        .execute();
      await db.schema
        .createIndex("invoices_by_customer")
        .on("invoices")
        .columns(["org_id", "customer_id", "document_date"])
        .execute();
      await db.schema
        .createIndex("invoices_by_status")
        .on("invoices")
        .columns(["org_id", "status", "document_date"])
        .execute();
      await db.schema
        .createTable("invoice_lines")
        .addColumn("org_id", id, (c) => c.notNull())
        .addColumn("invoice_id", id, (c) => c.notNull())
        .addColumn("line_no", "bigint", (c) => c.notNull())
        .addColumn("description", "text", (c) => c.notNull())
        .addColumn("quantity", "text", (c) => c.notNull())
        .addColumn("unit_price", "text", (c) => c.notNull())
        .addColumn("vat_rate", "text", (c) => c.notNull())
        .addColumn("net_minor", "bigint", (c) => c.notNull())
        .addColumn("tax_minor", "bigint", (c) => c.notNull())
        .addColumn("gross_minor", "bigint", (c) => c.notNull())
        .addPrimaryKeyConstraint("invoice_lines_pk", ["org_id", "invoice_id", "line_no"])
        .addForeignKeyConstraint("invoice_lines_invoice_fk", ["org_id", "invoice_id"], "invoices", [
          "org_id",
          "invoice_id",
        ])
        .execute();
      await db.schema
        .createTable("open_items")
        .addColumn("org_id", id, (c) => c.notNull().references("organizations.org_id"))
        .addColumn("item_id", id, (c) => c.notNull())
        .addColumn("customer_id", id, (c) => c.notNull())
        .addColumn("source_type", "text", (c) => c.notNull())
        .addColumn("source_id", id, (c) => c.notNull())
        .addColumn("source_seq", "bigint", (c) => c.notNull())
        .addColumn("document_number", "text", (c) => c.notNull())
        // The source invoice's 发票号码, kept here so that matching reads the items alone.
        .addColumn("tax_invoice_number", "text")
        .addColumn("document_date", "date", (c) => c.notNull())
        .addColumn("due_date", "date", (c) => c.notNull())
        .addColumn("currency", "text", (c) => c.notNull())
        .addColumn("original_minor", "bigint", (c) => c.notNull())
        .addColumn("open_minor", "bigint", (c) => c.notNull())
        .addColumn("discount_json", "text", (c) => c.notNull())
        .addColumn("disputed", "bigint", (c) => c.notNull())
        .addColumn("dispute_note", "text")
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("closed_on", "date")
        .addColumn("created_at", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("open_items_pk", ["org_id", "item_id"])
        .addForeignKeyConstraint("open_items_customer_fk", ["org_id", "customer_id"], "customers", [
          "org_id",
          "customer_id",
        ])
        .execute();
      await db.schema
        .createIndex("open_items_by_customer")
        .on("open_items")
        .columns(["org_id", "customer_id", "status", "due_date"])
        .execute();
      await db.schema
        .createIndex("open_items_by_due")
        .on("open_items")
        .columns(["org_id", "status", "due_date"])
        .execute();
      await db.schema
        .createIndex("open_items_by_source")
        .on("open_items")
        .columns(["org_id", "source_type", "source_id", "source_seq"])
        .execute();
      await db.schema
        .createIndex("open_items_by_number")
        .on("open_items")
        .columns(["org_id", "document_number"])
        .execute();
      await db.schema
        .createTable("payments")
        .addColumn("org_id", id, (c) => c.notNull().references("organizations.org_id"))
        .addColumn("payment_id", id, (c) => c.notNull())
        .addColumn("number", "text", (c) => c.notNull())
        .addColumn("customer_id", id, (c) => c.notNull())
        .addColumn("method", "text", (c) => c.notNull())
        .addColumn("received_date", "date", (c) => c.notNull())
        .addColumn("currency", "text", (c) => c.notNull())
        .addColumn("amount_minor", "bigint", (c) => c.notNull())
        .addColumn("unapplied_minor", "bigint", (c) => c.notNull())
        .addColumn("payer_name", "text")
        .addColumn("reference", "text")
        .addColumn("bank_line_id", id)
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("reversed_on", "date")
        .addColumn("reversal_reason", "text")
        .addColumn("note", "text")
        .addColumn("created_by", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("payments_pk", ["org_id", "payment_id"])
        .addUniqueConstraint("payments_number_unique", ["org_id", "number"])
        .addForeignKeyConstraint("payments_customer_fk", ["org_id", "customer_id"], "customers", [
          "org_id",
          "customer_id",
        ])
        .execute();
      await db.schema
        .createIndex("payments_by_customer")
        .on("payments")
        .columns(["org_id", "customer_id", "received_date"])
        .execute();
      await db.schema
        .createIndex("payments_by_date")
        .on("payments")
        .columns(["org_id", "received_date"])
        .execute();
      await db.schema
        .createTable("allocations")
        .addColumn("org_id", id, (c) => c.notNull().references("organizations.org_id"))
        .addColumn("allocation_id", id, (c) => c.notNull())
        .addColumn("item_id", id, (c) => c.notNull())
        .addColumn("customer_id", id, (c) => c.notNull())
        .addColumn("payment_id", id)
        .addColumn("counter_item_id", id)
        .addColumn("allocation_date", "date", (c) => c.notNull())
        .addColumn("applied_minor", "bigint", (c) => c.notNull())
        .addColumn("discount_minor", "bigint", (c) => c.notNull())
        .addColumn("write_off_minor", "bigint", (c) => c.notNull())
        .addColumn("reversed_on", "date")
        .addColumn("reversal_reason", "text")
        .addColumn("created_by", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("allocations_pk", ["org_id", "allocation_id"])
        .addForeignKeyConstraint("allocations_item_fk", ["org_id", "item_id"], "open_items", [
          "org_id",
          "item_id",
        ])
        .execute();
      await db.schema
        .createIndex("allocations_by_item")
        .on("allocations")
        .columns(["org_id", "item_id", "allocation_date"])
        .execute();
      await db.schema
        .createIndex("allocations_by_payment")
        .on("allocations")
        .columns(["org_id", "payment_id"])
        .execute();
      await db.schema
        .createIndex("allocations_by_customer")
        .on("allocations")
        .columns(["org_id", "customer_id", "allocation_date"])
        .execute();
      await db.schema
        .createTable("refunds")
        .addColumn("org_id", id, (c) => c.notNull().references("organizations.org_id"))
        .addColumn("refund_id", id, (c) => c.notNull())
        .addColumn("payment_id", id, (c) => c.notNull())
        .addColumn("refund_date", "date", (c) => c.notNull())
        .addColumn("amount_minor", "bigint", (c) => c.notNull())
        .addColumn("reason", "text", (c) => c.notNull())
        .addColumn("created_by", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("refunds_pk", ["org_id", "refund_id"])
        .addForeignKeyConstraint("refunds_payment_fk", ["org_id", "payment_id"], "payments", [
          "org_id",
          "payment_id",
        ])
        .execute();
      await db.schema
        .createTable("bank_statements")
        .addColumn("org_id", id, (c) => c.notNull().references("organizations.org_id"))
        .addColumn("statement_id", id, (c) => c.notNull())
        .addColumn("format", "text", (c) => c.notNull())
        .addColumn("account", "text", (c) => c.notNull())
        .addColumn("reference", "text")
        .addColumn("currency", "text", (c) => c.notNull())
        .addColumn("fingerprint", "text", (c) => c.notNull())
        .addColumn("file_sha256", "text", (c) => c.notNull())
        .addColumn("file_name", "text")
        .addColumn("opening_minor", "bigint")
        .addColumn("closing_minor", "bigint")
        .addColumn("from_date", "date")
        .addColumn("to_date", "date")
        .addColumn("line_count", "bigint", (c) => c.notNull())
        .addColumn("warnings_json", "text", (c) => c.notNull())
        .addColumn("imported_by", "text", (c) => c.notNull())
        .addColumn("imported_at", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("bank_statements_pk", ["org_id", "statement_id"])
        .addUniqueConstraint("bank_statements_fingerprint_unique", ["org_id", "fingerprint"])
        .execute();
      await db.schema
        .createTable("bank_lines")
        .addColumn("org_id", id, (c) => c.notNull().references("organizations.org_id"))
        .addColumn("line_id", id, (c) => c.notNull())
        .addColumn("statement_id", id, (c) => c.notNull())
        .addColumn("seq", "bigint", (c) => c.notNull())
        .addColumn("booking_date", "date", (c) => c.notNull())
        .addColumn("value_date", "date")
        .addColumn("amount_minor", "bigint", (c) => c.notNull())
        .addColumn("currency", "text", (c) => c.notNull())
        .addColumn("counterparty_name", "text")
        .addColumn("counterparty_account", "text")
        .addColumn("remittance", "text")
        .addColumn("end_to_end_id", "text")
        .addColumn("bank_reference", "text")
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("confidence", "text")
        .addColumn("suggestions_json", "text")
        .addColumn("payment_id", id)
        .addColumn("resolved_by", "text")
        .addColumn("resolved_at", "text")
        .addPrimaryKeyConstraint("bank_lines_pk", ["org_id", "line_id"])
        .addForeignKeyConstraint("bank_lines_statement_fk", ["org_id", "statement_id"], "bank_statements", [
          "org_id",
          "statement_id",
        ])
        .execute();
      await db.schema
        .createIndex("bank_lines_by_status")
        .on("bank_lines")
        .columns(["org_id", "status", "booking_date"])
        .execute();
      await db.schema
        .createIndex("bank_lines_by_statement")
        .on("bank_lines")
        .columns(["org_id", "statement_id", "seq"])
        .execute();
      await db.schema
        .createTable("statements")
        .addColumn("org_id", id, (c) => c.notNull().references("organizations.org_id"))
        .addColumn("statement_id", id, (c) => c.notNull())
        .addColumn("number", "text", (c) => c.notNull())
        .addColumn("customer_id", id, (c) => c.notNull())
        .addColumn("period_from", "date", (c) => c.notNull())
        .addColumn("period_to", "date", (c) => c.notNull())
        .addColumn("currency", "text", (c) => c.notNull())
        .addColumn("closing_minor", "bigint", (c) => c.notNull())
        .addColumn("snapshot_json", "text", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("link_expires_on", "date", (c) => c.notNull())
        .addColumn("sent_to", "text")
        .addColumn("sent_at", "text")
        .addColumn("response_json", "text")
        .addColumn("responded_at", "text")
        .addColumn("created_by", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("statements_pk", ["org_id", "statement_id"])
        .addUniqueConstraint("statements_number_unique", ["org_id", "number"])
        .addForeignKeyConstraint("statements_customer_fk", ["org_id", "customer_id"], "customers", [
          "org_id",
          "customer_id",
        ])
        .execute();
      // A customer's link names the statement alone; the signature proves it was ours.
      await db.schema.createIndex("statements_by_id").on("statements").columns(["statement_id"]).execute();
      await db.schema
        .createIndex("statements_by_customer")
        .on("statements")
        .columns(["org_id", "customer_id", "period_to"])
        .execute();
      await db.schema
        .createTable("outbox_messages")
        .addColumn("org_id", id, (c) => c.notNull().references("organizations.org_id"))
        .addColumn("message_id", id, (c) => c.notNull())
        .addColumn("channel", "text", (c) => c.notNull())
        .addColumn("recipient", "text", (c) => c.notNull())
        .addColumn("subject", "text", (c) => c.notNull())
        .addColumn("body_text", "text", (c) => c.notNull())
        .addColumn("attachments_json", "text", (c) => c.notNull())
        .addColumn("related_type", "text")
        .addColumn("related_id", id)
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("attempts", "bigint", (c) => c.notNull())
        .addColumn("last_error", "text")
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("sent_at", "text")
        .addPrimaryKeyConstraint("outbox_messages_pk", ["org_id", "message_id"])
        .execute();
      await db.schema
        .createIndex("outbox_messages_by_status")
        .on("outbox_messages")
        .columns(["status", "created_at"])
        .execute();
      await db.schema
        .createTable("payer_accounts")
        .addColumn("org_id", id, (c) => c.notNull().references("organizations.org_id"))
        .addColumn("account", "text", (c) => c.notNull())
        .addColumn("customer_id", id, (c) => c.notNull())
        .addColumn("payer_name", "text")
        .addColumn("learned_at", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("payer_accounts_pk", ["org_id", "account"])
        .execute();
      await planItemsAsOpenItems(db as unknown as Kysely<Schema>, new Date().toISOString());
    },
  };
}

/**
 * Installment plans billed before receivables existed become open items: each billed, unpaid item
 * for what is unpaid of it, and its unpaid penalty as one item dated the day it was accrued to.
 */
async function planItemsAsOpenItems(db: Kysely<Schema>, now: string): Promise<void> {
  const rows = await db
    .selectFrom("plan_items as i")
    .innerJoin("plans as p", (join) =>
      join.onRef("p.org_id", "=", "i.org_id").onRef("p.plan_id", "=", "i.plan_id"),
    )
    .select([
      "i.org_id",
      "i.plan_id",
      "i.seq",
      "i.kind",
      "i.number",
      "i.customer_id",
      "i.due_date",
      "i.total_minor",
      "i.paid_minor",
      "i.penalty_minor",
      "i.penalty_accrued_to",
      "p.number as plan_number",
      "p.currency",
    ])
    .where("i.status", "=", "billed")
    .execute();
  for (const row of rows) {
    const label =
      row.kind === "installment"
        ? `${row.plan_number}-${String(row.number ?? row.seq).padStart(2, "0")}`
        : row.kind === "down-payment"
          ? `${row.plan_number}-DP`
          : row.kind === "upfront-fee"
            ? `${row.plan_number}-FEE`
            : `${row.plan_number}-ES${row.seq}`;
    const parts = [
      {
        type: "plan",
        amount: BigInt(row.total_minor) - BigInt(row.paid_minor),
        date: row.due_date,
        number: label,
      },
      {
        type: "plan_penalty",
        amount: BigInt(row.penalty_minor),
        date: row.penalty_accrued_to ?? row.due_date,
        number: `${label} 罚息`,
      },
    ];
    for (const part of parts) {
      if (part.amount <= 0n) continue;
      await db
        .insertInto("open_items")
        .values({
          org_id: row.org_id,
          item_id: uuidv7(),
          customer_id: row.customer_id,
          source_type: part.type,
          source_id: row.plan_id,
          source_seq: BigInt(row.seq),
          document_number: part.number,
          tax_invoice_number: null,
          document_date: part.date,
          due_date: part.date,
          currency: row.currency,
          original_minor: part.amount,
          open_minor: part.amount,
          discount_json: "[]",
          disputed: 0n,
          dispute_note: null,
          status: "open",
          closed_on: null,
          created_at: now,
        })
        .execute();
    }
  }
}
