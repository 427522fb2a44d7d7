import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from "kysely";
import { type Account, chartTemplate } from "../domain/ledger/index.ts";
import type { AccountingFramework } from "../domain/organization/index.ts";
import type { Engine, Store } from "./database.ts";
import type { AccountRolesTable, AccountsTable, Schema } from "./schema.ts";

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

const migrationFactories: ReadonlyArray<readonly [string, MigrationFactory]> = [
  ["0001_foundation", foundation],
  ["0002_ledger", ledger],
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
