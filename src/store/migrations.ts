import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from "kysely";
import type { Engine, Store } from "./database.ts";

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

const migrationFactories: ReadonlyArray<readonly [string, MigrationFactory]> = [
  ["0001_foundation", foundation],
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
  const migrator = new Migrator({
    db: store.db as unknown as Kysely<unknown>,
    provider: new StaticMigrations(store.engine),
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
