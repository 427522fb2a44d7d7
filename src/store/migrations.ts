import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from "kysely";
import { type Account, type AccountRole, chartTemplate } from "../domain/ledger/index.ts";
import type { AccountingFramework } from "../domain/organization/index.ts";
import { collectionsMigration } from "./collections-tables.ts";
import type { Engine, Executor, Store } from "./database.ts";
import { planPenaltiesMigration, plansMigration } from "./plan-tables.ts";
import { receivablesMigration } from "./receivables-tables.ts";
import { reportsMigration } from "./report-tables.ts";
import { riskMigration } from "./risk-tables.ts";
import type { AccountRolesTable, AccountsTable, Schema } from "./schema.ts";
import { warningsMigration } from "./warning-tables.ts";

/**
 * One migration set for both engines. Migrations only ever get appended; a released one is
 * never edited. Column types that differ by engine come from `columnTypes`.
 */
function columnTypes(engine: Engine) {
  return {
    // 16 bytes on PostgreSQL; SQLite has no uuid type and stores the text.
    id: engine === "postgres" ? ("uuid" as const) : ("text" as const),
    instant: "text" as const,
    date: "date" as const,
    money: "bigint" as const,
  };
}

type MigrationFactory = (engine: Engine) => Migration;

const foundation: MigrationFactory = (engine) => ({
  async up(db: Kysely<unknown>) {
    const t = columnTypes(engine);
    await db.schema
      .createTable("organizations")
      .addColumn("org_id", t.id, (c) => c.primaryKey())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("base_currency", "text", (c) => c.notNull())
      .addColumn("time_zone", "text", (c) => c.notNull())
      .addColumn("accounting_framework", "text", (c) => c.notNull())
      .addColumn("created_at", t.instant, (c) => c.notNull())
      .execute();

    await db.schema
      .createTable("users")
      .addColumn("user_id", t.id, (c) => c.primaryKey())
      .addColumn("email", "text", (c) => c.notNull().unique())
      .addColumn("display_name", "text", (c) => c.notNull())
      .addColumn("password_hash", "text", (c) => c.notNull())
      .addColumn("locale", "text", (c) => c.notNull())
      .addColumn("created_at", t.instant, (c) => c.notNull())
      .addColumn("disabled_at", t.instant)
      .execute();

    await db.schema
      .createTable("memberships")
      .addColumn("org_id", t.id, (c) => c.notNull().references("organizations.org_id"))
      .addColumn("user_id", t.id, (c) => c.notNull().references("users.user_id"))
      .addColumn("role", "text", (c) => c.notNull())
      .addColumn("created_at", t.instant, (c) => c.notNull())
      .addPrimaryKeyConstraint("memberships_pk", ["org_id", "user_id"])
      .execute();
    await db.schema.createIndex("memberships_by_user").on("memberships").columns(["user_id"]).execute();

    await db.schema
      .createTable("sessions")
      .addColumn("session_hash", "text", (c) => c.primaryKey())
      .addColumn("user_id", t.id, (c) => c.notNull().references("users.user_id"))
      .addColumn("csrf_token", "text", (c) => c.notNull())
      .addColumn("created_at", t.instant, (c) => c.notNull())
      .addColumn("expires_at", t.instant, (c) => c.notNull())
      .execute();
    await db.schema.createIndex("sessions_by_user").on("sessions").columns(["user_id"]).execute();

    await db.schema
      .createTable("api_tokens")
      .addColumn("org_id", t.id, (c) => c.notNull())
      .addColumn("token_id", t.id, (c) => c.notNull())
      .addColumn("user_id", t.id, (c) => c.notNull())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("token_hash", "text", (c) => c.notNull().unique())
      .addColumn("token_prefix", "text", (c) => c.notNull())
      .addColumn("created_at", t.instant, (c) => c.notNull())
      .addColumn("expires_at", t.instant)
      .addColumn("last_used_at", t.instant)
      .addColumn("revoked_at", t.instant)
      .addPrimaryKeyConstraint("api_tokens_pk", ["org_id", "token_id"])
      .addForeignKeyConstraint("api_tokens_membership_fk", ["org_id", "user_id"], "memberships", [
        "org_id",
        "user_id",
      ])
      .execute();

    await db.schema
      .createTable("audit_log")
      .addColumn("org_id", t.id, (c) => c.notNull().references("organizations.org_id"))
      .addColumn("seq", "bigint", (c) => c.notNull())
      .addColumn("recorded_at", t.instant, (c) => c.notNull())
      .addColumn("actor_user_id", t.id)
      .addColumn("actor_label", "text", (c) => c.notNull())
      .addColumn("action", "text", (c) => c.notNull())
      .addColumn("entity_type", "text", (c) => c.notNull())
      .addColumn("entity_id", "text", (c) => c.notNull())
      .addColumn("before_json", "text")
      .addColumn("after_json", "text")
      .addColumn("prev_hash", "text", (c) => c.notNull())
      .addColumn("hash", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("audit_log_pk", ["org_id", "seq"])
      .execute();

    await db.schema
      .createTable("idempotency_keys")
      .addColumn("org_id", t.id, (c) => c.notNull().references("organizations.org_id"))
      .addColumn("idempotency_key", "text", (c) => c.notNull())
      .addColumn("request_hash", "text", (c) => c.notNull())
      .addColumn("status_code", "bigint", (c) => c.notNull())
      .addColumn("response_json", "text", (c) => c.notNull())
      .addColumn("created_at", t.instant, (c) => c.notNull())
      .addPrimaryKeyConstraint("idempotency_keys_pk", ["org_id", "idempotency_key"])
      .execute();

    await db.schema
      .createTable("customers")
      .addColumn("org_id", t.id, (c) => c.notNull().references("organizations.org_id"))
      .addColumn("customer_id", t.id, (c) => c.notNull())
      .addColumn("code", "text", (c) => c.notNull())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("credit_code", "text")
      .addColumn("industry", "text")
      .addColumn("created_at", t.instant, (c) => c.notNull())
      .addColumn("updated_at", t.instant, (c) => c.notNull())
      .addPrimaryKeyConstraint("customers_pk", ["org_id", "customer_id"])
      .addUniqueConstraint("customers_code_unique", ["org_id", "code"])
      .execute();
    await db.schema.createIndex("customers_by_name").on("customers").columns(["org_id", "name"]).execute();
  },
});

const ledger: MigrationFactory = (engine) => ({
  async up(db: Kysely<unknown>) {
    const t = columnTypes(engine);
    await db.schema
      .createTable("accounts")
      .addColumn("org_id", t.id, (c) => c.notNull().references("organizations.org_id"))
      .addColumn("code", "text", (c) => c.notNull())
      .addColumn("name_zh", "text", (c) => c.notNull())
      .addColumn("name_en", "text", (c) => c.notNull())
      .addColumn("type", "text", (c) => c.notNull())
      .addColumn("normal_balance", "text", (c) => c.notNull())
      .addColumn("parent_code", "text")
      .addColumn("receivables_control", "bigint", (c) => c.notNull())
      .addColumn("active", "bigint", (c) => c.notNull())
      .addColumn("created_at", t.instant, (c) => c.notNull())
      .addPrimaryKeyConstraint("accounts_pk", ["org_id", "code"])
      .addForeignKeyConstraint("accounts_parent_fk", ["org_id", "parent_code"], "accounts", [
        "org_id",
        "code",
      ])
      .execute();

    await db.schema
      .createTable("account_roles")
      .addColumn("org_id", t.id, (c) => c.notNull())
      .addColumn("role", "text", (c) => c.notNull())
      .addColumn("account_code", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("account_roles_pk", ["org_id", "role"])
      .addForeignKeyConstraint("account_roles_account_fk", ["org_id", "account_code"], "accounts", [
        "org_id",
        "code",
      ])
      .execute();

    await db.schema
      .createTable("posting_rules")
      .addColumn("org_id", t.id, (c) => c.notNull().references("organizations.org_id"))
      .addColumn("event_type", "text", (c) => c.notNull())
      .addColumn("lines_json", "text", (c) => c.notNull())
      .addColumn("updated_at", t.instant, (c) => c.notNull())
      .addColumn("updated_by", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("posting_rules_pk", ["org_id", "event_type"])
      .execute();

    await db.schema
      .createTable("periods")
      .addColumn("org_id", t.id, (c) => c.notNull().references("organizations.org_id"))
      .addColumn("period", "text", (c) => c.notNull())
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("changed_at", t.instant, (c) => c.notNull())
      .addColumn("changed_by", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("periods_pk", ["org_id", "period"])
      .execute();

    await db.schema
      .createTable("voucher_sequences")
      .addColumn("org_id", t.id, (c) => c.notNull().references("organizations.org_id"))
      .addColumn("period", "text", (c) => c.notNull())
      .addColumn("last_number", "bigint", (c) => c.notNull())
      .addPrimaryKeyConstraint("voucher_sequences_pk", ["org_id", "period"])
      .execute();

    await db.schema
      .createTable("vouchers")
      .addColumn("org_id", t.id, (c) => c.notNull().references("organizations.org_id"))
      .addColumn("voucher_id", t.id, (c) => c.notNull())
      .addColumn("period", "text", (c) => c.notNull())
      .addColumn("number", "bigint", (c) => c.notNull())
      .addColumn("voucher_date", t.date, (c) => c.notNull())
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("event_type", "text")
      .addColumn("memo", "text", (c) => c.notNull())
      .addColumn("source_type", "text")
      .addColumn("source_id", "text")
      .addColumn("reverses_voucher_id", t.id)
      .addColumn("line_count", "bigint", (c) => c.notNull())
      .addColumn("created_by", "text", (c) => c.notNull())
      .addColumn("created_at", t.instant, (c) => c.notNull())
      .addPrimaryKeyConstraint("vouchers_pk", ["org_id", "voucher_id"])
      .addUniqueConstraint("vouchers_number_unique", ["org_id", "period", "number"])
      // A voucher is reversed at most once (NULLs do not collide on either engine).
      .addUniqueConstraint("vouchers_reversal_unique", ["org_id", "reverses_voucher_id"])
      .execute();
    await db.schema
      .createIndex("vouchers_by_date")
      .on("vouchers")
      .columns(["org_id", "voucher_date"])
      .execute();
    await db.schema
      .createIndex("vouchers_by_source")
      .on("vouchers")
      .columns(["org_id", "source_type", "source_id"])
      .execute();

    await db.schema
      .createTable("journal_lines")
      .addColumn("org_id", t.id, (c) => c.notNull())
      .addColumn("voucher_id", t.id, (c) => c.notNull())
      .addColumn("line_no", "bigint", (c) => c.notNull())
      .addColumn("voucher_date", t.date, (c) => c.notNull())
      .addColumn("account_code", "text", (c) => c.notNull())
      .addColumn("customer_id", t.id)
      .addColumn("debit_minor", t.money, (c) => c.notNull())
      .addColumn("credit_minor", t.money, (c) => c.notNull())
      .addColumn("currency", "text", (c) => c.notNull())
      .addColumn("memo", "text")
      .addPrimaryKeyConstraint("journal_lines_pk", ["org_id", "voucher_id", "line_no"])
      .addForeignKeyConstraint("journal_lines_voucher_fk", ["org_id", "voucher_id"], "vouchers", [
        "org_id",
        "voucher_id",
      ])
      .addForeignKeyConstraint("journal_lines_account_fk", ["org_id", "account_code"], "accounts", [
        "org_id",
        "code",
      ])
      .execute();
    // Trial balance and general ledger read by account and date; the subledger by customer.
    await db.schema
      .createIndex("journal_lines_by_account")
      .on("journal_lines")
      .columns(["org_id", "account_code", "voucher_date"])
      .execute();
    await db.schema
      .createIndex("journal_lines_by_customer")
      .on("journal_lines")
      .columns(["org_id", "customer_id", "account_code"])
      .execute();

    // Organizations created before the ledger existed get their framework's chart now.
    const typed = db as unknown as Kysely<Schema>;
    const organizations = await typed
      .selectFrom("organizations")
      .select(["org_id", "accounting_framework"])
      .execute();
    const now = new Date().toISOString();
    for (const organization of organizations) {
      const framework = organization.accounting_framework as AccountingFramework;
      await typed
        .insertInto("accounts")
        .values(chartAccountRows(organization.org_id, framework, now))
        .execute();
      await typed.insertInto("account_roles").values(chartRoleRows(organization.org_id, framework)).execute();
    }
  },
});

/** The rows of a framework's chart template for one organization (parents before children). */
export function chartAccountRows(
  orgId: string,
  framework: AccountingFramework,
  now: string,
): AccountsTable[] {
  return chartTemplate(framework).accounts.map((account) => accountRow(orgId, account, now));
}

export function accountRow(orgId: string, account: Account, now: string): AccountsTable {
  return {
    org_id: orgId,
    code: account.code,
    name_zh: account.nameZh,
    name_en: account.nameEn,
    type: account.type,
    normal_balance: account.normalBalance,
    parent_code: account.parentCode,
    receivables_control: account.receivablesControl ? 1n : 0n,
    active: account.active ? 1n : 0n,
    created_at: now,
  };
}

export function chartRoleRows(orgId: string, framework: AccountingFramework): AccountRolesTable[] {
  return Object.entries(chartTemplate(framework).roles).map(([role, code]) => ({
    org_id: orgId,
    role,
    account_code: code ?? "",
  }));
}

const credit: MigrationFactory = (engine) => ({
  async up(db: Kysely<unknown>) {
    const t = columnTypes(engine);
    // Customer records: identity numbers are kept encrypted (AES-256-GCM), with a keyed hash to
    // find duplicates and a mask to show; tags as a JSON array of strings.
    for (const [name, type] of [
      ["id_number_cipher", "text"],
      ["id_number_hash", "text"],
      ["id_number_masked", "text"],
      ["owner_user_id", t.id],
      ["notes", "text"],
    ] as const) {
      await db.schema.alterTable("customers").addColumn(name, type).execute();
    }
    await db.schema
      .alterTable("customers")
      .addColumn("tags_json", "text", (c) => c.notNull().defaultTo("[]"))
      .execute();
    await db.schema
      .createIndex("customers_by_owner")
      .on("customers")
      .columns(["org_id", "owner_user_id"])
      .execute();
    await db.schema
      .createIndex("customers_by_id_number")
      .on("customers")
      .columns(["org_id", "id_number_hash"])
      .execute();

    await db.schema
      .createTable("customer_contacts")
      .addColumn("org_id", t.id, (c) => c.notNull())
      .addColumn("contact_id", t.id, (c) => c.notNull())
      .addColumn("customer_id", t.id, (c) => c.notNull())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("role", "text")
      .addColumn("phone", "text")
      .addColumn("email", "text")
      .addColumn("preferred_channel", "text", (c) => c.notNull())
      .addColumn("created_at", t.instant, (c) => c.notNull())
      .addPrimaryKeyConstraint("customer_contacts_pk", ["org_id", "contact_id"])
      .addForeignKeyConstraint("customer_contacts_customer_fk", ["org_id", "customer_id"], "customers", [
        "org_id",
        "customer_id",
      ])
      .execute();
    await db.schema
      .createIndex("customer_contacts_by_customer")
      .on("customer_contacts")
      .columns(["org_id", "customer_id"])
      .execute();

    await db.schema
      .createTable("customer_addresses")
      .addColumn("org_id", t.id, (c) => c.notNull())
      .addColumn("address_id", t.id, (c) => c.notNull())
      .addColumn("customer_id", t.id, (c) => c.notNull())
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("line", "text", (c) => c.notNull())
      .addColumn("city", "text")
      .addColumn("province", "text")
      .addColumn("postal_code", "text")
      .addColumn("country", "text", (c) => c.notNull())
      .addColumn("created_at", t.instant, (c) => c.notNull())
      .addPrimaryKeyConstraint("customer_addresses_pk", ["org_id", "address_id"])
      .addForeignKeyConstraint("customer_addresses_customer_fk", ["org_id", "customer_id"], "customers", [
        "org_id",
        "customer_id",
      ])
      .execute();

    await db.schema
      .createTable("customer_communications")
      .addColumn("org_id", t.id, (c) => c.notNull())
      .addColumn("entry_id", t.id, (c) => c.notNull())
      .addColumn("customer_id", t.id, (c) => c.notNull())
      .addColumn("occurred_at", t.instant, (c) => c.notNull())
      .addColumn("channel", "text", (c) => c.notNull())
      .addColumn("summary", "text", (c) => c.notNull())
      .addColumn("author", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("customer_communications_pk", ["org_id", "entry_id"])
      .addForeignKeyConstraint(
        "customer_communications_customer_fk",
        ["org_id", "customer_id"],
        "customers",
        ["org_id", "customer_id"],
      )
      .execute();
    await db.schema
      .createIndex("customer_communications_by_customer")
      .on("customer_communications")
      .columns(["org_id", "customer_id", "occurred_at"])
      .execute();

    await db.schema
      .createTable("financial_statements")
      .addColumn("org_id", t.id, (c) => c.notNull())
      .addColumn("statement_id", t.id, (c) => c.notNull())
      .addColumn("customer_id", t.id, (c) => c.notNull())
      .addColumn("period_end", t.date, (c) => c.notNull())
      .addColumn("months", "bigint", (c) => c.notNull())
      .addColumn("currency", "text", (c) => c.notNull())
      .addColumn("items_json", "text", (c) => c.notNull())
      .addColumn("source", "text", (c) => c.notNull())
      .addColumn("created_by", "text", (c) => c.notNull())
      .addColumn("created_at", t.instant, (c) => c.notNull())
      .addPrimaryKeyConstraint("financial_statements_pk", ["org_id", "statement_id"])
      .addUniqueConstraint("financial_statements_period_unique", ["org_id", "customer_id", "period_end"])
      .addForeignKeyConstraint("financial_statements_customer_fk", ["org_id", "customer_id"], "customers", [
        "org_id",
        "customer_id",
      ])
      .execute();

    await db.schema
      .createTable("credit_reports")
      .addColumn("org_id", t.id, (c) => c.notNull())
      .addColumn("report_id", t.id, (c) => c.notNull())
      .addColumn("customer_id", t.id, (c) => c.notNull())
      .addColumn("source", "text", (c) => c.notNull())
      .addColumn("reported_on", t.date, (c) => c.notNull())
      .addColumn("score", "bigint")
      .addColumn("defaults_count", "bigint", (c) => c.notNull())
      .addColumn("lawsuits_count", "bigint", (c) => c.notNull())
      .addColumn("enforcements_count", "bigint", (c) => c.notNull())
      .addColumn("notes", "text")
      .addColumn("created_by", "text", (c) => c.notNull())
      .addColumn("created_at", t.instant, (c) => c.notNull())
      .addPrimaryKeyConstraint("credit_reports_pk", ["org_id", "report_id"])
      .addForeignKeyConstraint("credit_reports_customer_fk", ["org_id", "customer_id"], "customers", [
        "org_id",
        "customer_id",
      ])
      .execute();
    await db.schema
      .createIndex("credit_reports_by_customer")
      .on("credit_reports")
      .columns(["org_id", "customer_id", "reported_on"])
      .execute();

    // Scorecards and policies are versioned: a new version is a new row; the highest is in force.
    for (const table of ["scorecards", "credit_policies"] as const) {
      await db.schema
        .createTable(table)
        .addColumn("org_id", t.id, (c) => c.notNull().references("organizations.org_id"))
        .addColumn("version", "bigint", (c) => c.notNull())
        .addColumn("definition_json", "text", (c) => c.notNull())
        .addColumn("created_by", "text", (c) => c.notNull())
        .addColumn("created_at", t.instant, (c) => c.notNull())
        .addPrimaryKeyConstraint(`${table}_pk`, ["org_id", "version"])
        .execute();
    }

    await db.schema
      .createTable("credit_assessments")
      .addColumn("org_id", t.id, (c) => c.notNull())
      .addColumn("assessment_id", t.id, (c) => c.notNull())
      .addColumn("customer_id", t.id, (c) => c.notNull())
      .addColumn("scorecard_version", "bigint", (c) => c.notNull())
      .addColumn("policy_version", "bigint", (c) => c.notNull())
      .addColumn("inputs_json", "text", (c) => c.notNull())
      .addColumn("result_json", "text", (c) => c.notNull())
      .addColumn("score", "bigint", (c) => c.notNull())
      .addColumn("grade", "text", (c) => c.notNull())
      .addColumn("recommended_limit_minor", t.money, (c) => c.notNull())
      .addColumn("currency", "text", (c) => c.notNull())
      .addColumn("assessed_on", t.date, (c) => c.notNull())
      .addColumn("expires_on", t.date, (c) => c.notNull())
      .addColumn("created_by", "text", (c) => c.notNull())
      .addColumn("created_at", t.instant, (c) => c.notNull())
      .addPrimaryKeyConstraint("credit_assessments_pk", ["org_id", "assessment_id"])
      .addForeignKeyConstraint("credit_assessments_customer_fk", ["org_id", "customer_id"], "customers", [
        "org_id",
        "customer_id",
      ])
      .execute();
    await db.schema
      .createIndex("credit_assessments_by_customer")
      .on("credit_assessments")
      .columns(["org_id", "customer_id", "created_at"])
      .execute();

    // One row per customer with credit: the limit in force, terms, hold, temporary increase. Every
    // command that raises exposure locks this row first (the race for the last headroom).
    await db.schema
      .createTable("customer_credit")
      .addColumn("org_id", t.id, (c) => c.notNull())
      .addColumn("customer_id", t.id, (c) => c.notNull())
      .addColumn("currency", "text", (c) => c.notNull())
      .addColumn("limit_minor", t.money, (c) => c.notNull())
      .addColumn("terms_json", "text", (c) => c.notNull())
      .addColumn("temporary_increase_minor", t.money)
      .addColumn("temporary_expires_on", t.date)
      .addColumn("on_hold", "bigint", (c) => c.notNull())
      .addColumn("hold_reason", "text")
      .addColumn("assessment_id", t.id)
      .addColumn("grade", "text")
      .addColumn("assessment_expires_on", t.date)
      .addColumn("updated_at", t.instant, (c) => c.notNull())
      .addPrimaryKeyConstraint("customer_credit_pk", ["org_id", "customer_id"])
      .addForeignKeyConstraint("customer_credit_customer_fk", ["org_id", "customer_id"], "customers", [
        "org_id",
        "customer_id",
      ])
      .execute();
    await db.schema
      .createIndex("customer_credit_by_grade")
      .on("customer_credit")
      .columns(["org_id", "grade"])
      .execute();

    await db.schema
      .createTable("credit_approvals")
      .addColumn("org_id", t.id, (c) => c.notNull())
      .addColumn("approval_id", t.id, (c) => c.notNull())
      .addColumn("customer_id", t.id, (c) => c.notNull())
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("payload_json", "text", (c) => c.notNull())
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("requested_by_user_id", t.id)
      .addColumn("requested_by", "text", (c) => c.notNull())
      .addColumn("reason", "text", (c) => c.notNull())
      .addColumn("decided_by_user_id", t.id)
      .addColumn("decided_by", "text")
      .addColumn("decision_reason", "text")
      .addColumn("decided_at", t.instant)
      .addColumn("created_at", t.instant, (c) => c.notNull())
      .addPrimaryKeyConstraint("credit_approvals_pk", ["org_id", "approval_id"])
      .addForeignKeyConstraint("credit_approvals_customer_fk", ["org_id", "customer_id"], "customers", [
        "org_id",
        "customer_id",
      ])
      .execute();
    await db.schema
      .createIndex("credit_approvals_by_status")
      .on("credit_approvals")
      .columns(["org_id", "status", "created_at"])
      .execute();
  },
});

const creditTasks: MigrationFactory = (engine) => ({
  async up(db: Kysely<unknown>) {
    const t = columnTypes(engine);
    // Work the scheduler makes for people and for itself: today re-assessments of customers
    // (periodic, after new statements, after serious overdue). A customer has at most one open
    // task of a kind; the service keeps it so under the customer's credit row lock.
    await db.schema
      .createTable("credit_tasks")
      .addColumn("org_id", t.id, (c) => c.notNull())
      .addColumn("task_id", t.id, (c) => c.notNull())
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("customer_id", t.id, (c) => c.notNull())
      .addColumn("trigger", "text", (c) => c.notNull())
      .addColumn("due_on", t.date, (c) => c.notNull())
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("assessment_id", t.id)
      .addColumn("note", "text")
      .addColumn("created_at", t.instant, (c) => c.notNull())
      .addColumn("completed_at", t.instant)
      .addPrimaryKeyConstraint("credit_tasks_pk", ["org_id", "task_id"])
      .addForeignKeyConstraint("credit_tasks_customer_fk", ["org_id", "customer_id"], "customers", [
        "org_id",
        "customer_id",
      ])
      .execute();
    await db.schema
      .createIndex("credit_tasks_by_status")
      .on("credit_tasks")
      .columns(["org_id", "status", "due_on"])
      .execute();
    await db.schema
      .createIndex("credit_tasks_by_customer")
      .on("credit_tasks")
      .columns(["org_id", "customer_id", "status"])
      .execute();
    await db.schema
      .createIndex("credit_assessments_by_expiry")
      .on("customer_credit")
      .columns(["org_id", "assessment_expires_on"])
      .execute();
  },
});

export interface ChartCompletion {
  /** Codes of the accounts added, parents before children. */
  readonly accounts: ReadonlyArray<string>;
  readonly roles: ReadonlyArray<AccountRole>;
}

/**
 * Brings an existing organization's chart up to its framework's template: adds the template's
 * accounts it lacks, then maps the template's roles it has not mapped. Whatever the organization
 * did with its chart wins. An account is added only under a parent it has (or at the top), and
 * never as the first child of a leaf that holds postings or fills a role — postings stay on leaf
 * accounts (末级科目). A role is mapped only to an active leaf that is the template's account: one
 * added now, or one of the same class and side that still bears the template's name. Chinese
 * charts number 应交税费 sub-accounts freely, so an organization's own 222103 may well be 应交所得税;
 * mapping `vat_pending` to it would book VAT as income tax, so the role then stays for the
 * accountant to map in Settings.
 */
export async function completeChart(
  db: Executor,
  orgId: string,
  framework: AccountingFramework,
  now: string,
): Promise<ChartCompletion> {
  const template = chartTemplate(framework);
  const accounts = new Map(
    (await db.selectFrom("accounts").selectAll().where("org_id", "=", orgId).execute()).map((row) => [
      row.code,
      row,
    ]),
  );
  const parentCodes = new Set(
    [...accounts.values()].flatMap((row) => (row.parent_code === null ? [] : [row.parent_code])),
  );
  const roleRows = await db
    .selectFrom("account_roles")
    .select(["role", "account_code"])
    .where("org_id", "=", orgId)
    .execute();
  const mappedRoles = new Set(roleRows.map((row) => row.role));
  const roleCodes = new Set(roleRows.map((row) => row.account_code));

  const added: string[] = [];
  // Template rows run in code order, so a parent is added before its children.
  for (const account of template.accounts) {
    if (accounts.has(account.code)) continue;
    const parentCode = account.parentCode;
    if (parentCode !== null) {
      if (!accounts.has(parentCode)) continue;
      if (!parentCodes.has(parentCode)) {
        if (roleCodes.has(parentCode)) continue;
        const posting = await db
          .selectFrom("journal_lines")
          .select("voucher_id")
          .where("org_id", "=", orgId)
          .where("account_code", "=", parentCode)
          .limit(1)
          .executeTakeFirst();
        if (posting !== undefined) continue;
      }
    }
    const row = accountRow(orgId, account, now);
    await db.insertInto("accounts").values(row).execute();
    accounts.set(account.code, row);
    if (parentCode !== null) parentCodes.add(parentCode);
    added.push(account.code);
  }

  const byCode = new Map(template.accounts.map((account) => [account.code, account]));
  const roles: AccountRole[] = [];
  for (const [role, code] of Object.entries(template.roles) as Array<[AccountRole, string]>) {
    if (mappedRoles.has(role)) continue;
    const row = accounts.get(code);
    const expected = byCode.get(code);
    if (row === undefined || expected === undefined) continue;
    if (BigInt(row.active) !== 1n || parentCodes.has(code)) continue;
    const templates =
      added.includes(code) ||
      (row.type === expected.type &&
        row.normal_balance === expected.normalBalance &&
        (row.name_zh === expected.nameZh || row.name_en === expected.nameEn));
    if (!templates) continue;
    await db.insertInto("account_roles").values({ org_id: orgId, role, account_code: code }).execute();
    roles.push(role);
  }
  return { accounts: added, roles };
}

/**
 * Migration 0005: instalment sales under both accounting modes need 待转销项税额, 库存商品, 发出商品
 * and the cost of sales; organizations created before get them from their template now.
 */
export async function completeEveryChart(db: Kysely<Schema>, now: string): Promise<void> {
  const organizations = await db
    .selectFrom("organizations")
    .select(["org_id", "accounting_framework"])
    .orderBy("org_id")
    .execute();
  for (const organization of organizations) {
    await completeChart(
      db,
      organization.org_id,
      organization.accounting_framework as AccountingFramework,
      now,
    );
  }
}

const planAccounts: MigrationFactory = () => ({
  async up(db: Kysely<unknown>) {
    await completeEveryChart(db as unknown as Kysely<Schema>, new Date().toISOString());
  },
});

const migrationFactories: ReadonlyArray<readonly [string, MigrationFactory]> = [
  ["0001_foundation", foundation],
  ["0002_ledger", ledger],
  ["0003_credit", credit],
  ["0004_credit_tasks", creditTasks],
  ["0005_plan_accounts", planAccounts],
  ["0006_plans", plansMigration],
  ["0007_plan_penalties", planPenaltiesMigration],
  ["0008_receivables", receivablesMigration],
  ["0009_collections", collectionsMigration],
  ["0010_risk", riskMigration],
  ["0011_warnings", warningsMigration],
  ["0012_reports", reportsMigration],
];

class StaticMigrations implements MigrationProvider {
  readonly #engine: Engine;
  constructor(engine: Engine) {
    this.#engine = engine;
  }
  async getMigrations(): Promise<Record<string, Migration>> {
    return Object.fromEntries(migrationFactories.map(([name, make]) => [name, make(this.#engine)]));
  }
}

export interface MigrationReport {
  readonly applied: ReadonlyArray<string>;
}

export async function migrateToLatest(store: Store): Promise<MigrationReport> {
  // Kysely looks for its bookkeeping tables in every schema unless told which one; with several
  // schemas in one PostgreSQL database (one per tenant cluster, or per test file) it would find
  // another schema's and skip creating its own.
  const schema =
    store.engine === "postgres"
      ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(store.db)).rows[0]?.schema
      : undefined;
  const migrator = new Migrator({
    db: store.db as unknown as Kysely<unknown>,
    provider: new StaticMigrations(store.engine),
    ...(schema === undefined ? {} : { migrationTableSchema: schema }),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) throw error;
  return { applied: (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName) };
}

export const latestMigrationName = migrationFactories.at(-1)?.[0] ?? "";

/** True when the database holds no organization yet (a fresh install). */
export async function isEmpty(store: Store): Promise<boolean> {
  const row = await store.db
    .selectFrom("organizations")
    .select(sql<bigint>`count(*)`.as("n"))
    .executeTakeFirstOrThrow();
  return BigInt(row.n) === 0n;
}
