import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import SqliteDatabase from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect, type Transaction } from "kysely";
import pg from "pg";
import type { Schema } from "./schema.ts";

export type Engine = "sqlite" | "postgres";
export type Db = Kysely<Schema>;
export type Trx = Transaction<Schema>;
/** Anything queries can run on: the database or an open transaction. */
export type Executor = Db | Trx;

export interface Store {
  readonly engine: Engine;
  readonly db: Db;
  /** Where the data lives, without credentials: for logs and the console. */
  readonly location: string;
  close(): Promise<void>;
}

export const defaultDatabaseUrl = "sqlite:./data/credence.db";
const sqliteBusyTimeoutMs = 5_000;
const postgresPoolSizeMax = 10;

export function engineOf(url: string): Engine {
  if (url.startsWith("sqlite:")) return "sqlite";
  if (url.startsWith("postgres://") || url.startsWith("postgresql://")) return "postgres";
  throw new Error(`DATABASE_URL must start with sqlite: or postgres:// (got "${redactUrl(url)}")`);
}

export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+):([^@/]*)@/, "//$1:***@");
}

// PostgreSQL sends BIGINT as text to keep precision; we want exact bigints, never numbers.
// Dates stay `YYYY-MM-DD` strings, as on SQLite.
const pgTypeIdInt8 = 20;
const pgTypeIdDate = 1082;
pg.types.setTypeParser(pgTypeIdInt8, (text) => BigInt(text));
pg.types.setTypeParser(pgTypeIdDate, (text) => text);

export interface OpenOptions {
  /** PostgreSQL only: the schema to use (created when missing). Tests use one per run. */
  readonly schema?: string;
}

export async function openStore(url: string, options: OpenOptions = {}): Promise<Store> {
  const engine = engineOf(url);
  if (engine === "sqlite") return openSqlite(url.slice("sqlite:".length));
  return openPostgres(url, options.schema);
}

function openSqlite(path: string): Store {
  const inMemory = path === ":memory:" || path === "";
  const file = inMemory ? ":memory:" : resolve(path);
  if (!inMemory) mkdirSync(dirname(file), { recursive: true });
  const connection = new SqliteDatabase(file);
  // WAL lets readers proceed during a write; FULL makes a committed voucher survive power loss.
  connection.pragma("journal_mode = WAL");
  connection.pragma("synchronous = FULL");
  connection.pragma("foreign_keys = ON");
  connection.pragma(`busy_timeout = ${sqliteBusyTimeoutMs}`);
  connection.defaultSafeIntegers(true);
  const db = new Kysely<Schema>({ dialect: new SqliteDialect({ database: connection }) });
  return {
    engine: "sqlite",
    db,
    location: inMemory ? "sqlite::memory:" : `sqlite:${file}`,
    close: () => db.destroy(),
  };
}

async function openPostgres(url: string, schema: string | undefined): Promise<Store> {
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new Error(`invalid schema name "${schema}"`);
  }
  if (schema !== undefined) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(`create schema if not exists ${schema}`);
    } finally {
      await admin.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: postgresPoolSizeMax,
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
  });
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  return {
    engine: "postgres",
    db,
    location: redactUrl(url) + (schema === undefined ? "" : ` (schema ${schema})`),
    close: () => db.destroy(),
  };
}
