import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe } from "vitest";
import { type Engine, openStore, type Store } from "../../src/store/database.ts";
import { migrateToLatest } from "../../src/store/migrations.ts";

/**
 * Runs store and service tests on both engines (STYLE.md: Kysely's dialect matrix). PostgreSQL
 * comes from TEST_DATABASE_URL; each test file gets its own schema, dropped afterwards, so runs
 * never collide. Without a reachable PostgreSQL the PostgreSQL half is skipped — except under
 * CI=true, where that is a failure.
 */
export const engines: ReadonlyArray<Engine> = ["sqlite", "postgres"];
export const testDatabaseUrl = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const probeTimeoutMs = 3_000;

async function probePostgres(): Promise<string | null> {
  const client = new pg.Client({
    connectionString: testDatabaseUrl,
    connectionTimeoutMillis: probeTimeoutMs,
  });
  try {
    await client.connect();
    await client.query("select 1");
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => {});
  }
}

const postgresProblem = await probePostgres();
if (postgresProblem !== null) {
  if (process.env.CI === "true") {
    throw new Error(`PostgreSQL tests cannot run under CI=true: ${postgresProblem} (${testDatabaseUrl})`);
  }
  console.warn(`PostgreSQL unreachable (${postgresProblem}); its half of the engine matrix is skipped.`);
}
export const postgresAvailable = postgresProblem === null;

export async function openTestStore(engine: Engine): Promise<Store> {
  if (engine === "sqlite") {
    const store = await openStore("sqlite::memory:");
    await migrateToLatest(store);
    return store;
  }
  const schema = `t_${process.pid}_${randomBytes(4).toString("hex")}`;
  const store = await openStore(testDatabaseUrl, { schema });
  await migrateToLatest(store);
  return {
    ...store,
    close: async () => {
      await store.close();
      const admin = new pg.Client({ connectionString: testDatabaseUrl });
      await admin.connect();
      await admin.query(`drop schema if exists ${schema} cascade`);
      await admin.end();
    },
  };
}

export interface EngineContext {
  readonly engine: Engine;
  /** The store for this describe block; valid inside tests and hooks. */
  store(): Store;
}

/** Declares the same suite once per engine, with a fresh migrated store for each. */
export function describeEachEngine(title: string, body: (context: EngineContext) => void): void {
  for (const engine of engines) {
    describe.skipIf(engine === "postgres" && !postgresAvailable)(`${title} [${engine}]`, () => {
      let store: Store | undefined;
      beforeAll(async () => {
        store = await openTestStore(engine);
      });
      afterAll(async () => {
        await store?.close();
      });
      body({
        engine,
        store() {
          if (store === undefined) throw new Error("store used outside a test");
          return store;
        },
      });
    });
  }
}
