import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { uuidv7 } from "../../src/core/ids.ts";
import { openStore } from "../../src/store/database.ts";
import { migrateToLatest } from "../../src/store/migrations.ts";
import { describeEachEngine } from "../support/engines.ts";
import { makeOrganization } from "../support/fixtures.ts";

/** Tables whose key is not the organization's: people exist across organizations. */
const globalTables = new Set(["users", "sessions"]);

describeEachEngine("store", (context) => {
  it("runs migrations again without change", async () => {
    const report = await migrateToLatest(context.store());
    expect(report.applied).toEqual([]);
  });

  it("starts every tenant table's primary key with org_id", async () => {
    const store = context.store();
    const tables = (await store.db.introspection.getTables())
      .map((t) => t.name)
      .filter((n) => !n.startsWith("kysely_"));
    expect(tables.length).toBeGreaterThan(5);
    for (const table of tables) {
      if (globalTables.has(table)) continue;
      let firstKeyColumn: string | undefined;
      if (store.engine === "sqlite") {
        const rows = await sql<{
          name: string;
          pk: bigint;
        }>`select name, pk from pragma_table_info(${table})`.execute(store.db);
        firstKeyColumn = rows.rows.find((r) => Number(r.pk) === 1)?.name;
      } else {
        const rows = await sql<{ column_name: string }>`
          select a.attname as column_name
          from pg_index i
          join pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[0]
          where i.indrelid = ${table}::regclass and i.indisprimary`.execute(store.db);
        firstKeyColumn = rows.rows[0]?.column_name;
      }
      expect(firstKeyColumn, `primary key of ${table}`).toBe("org_id");
    }
  });

  it("keeps 64-bit integers exact as bigint", async () => {
    const store = context.store();
    const { orgId } = await makeOrganization(store);
    const extremes = [9_223_372_036_854_775_807n, -9_223_372_036_854_775_808n, 9_007_199_254_740_993n];
    for (const [i, value] of extremes.entries()) {
      await store.db
        .insertInto("idempotency_keys")
        .values({
          org_id: orgId,
          idempotency_key: `k${i}`,
          request_hash: "h",
          status_code: value,
          response_json: "{}",
          created_at: "2026-11-23T00:00:00.000Z",
        })
        .execute();
    }
    const rows = await store.db
      .selectFrom("idempotency_keys")
      .select(["status_code"])
      .where("org_id", "=", orgId)
      .orderBy("idempotency_key")
      .execute();
    expect(rows.map((r) => r.status_code)).toEqual(extremes);
    const total = await store.db
      .selectFrom("idempotency_keys")
      .select(sql<bigint>`cast(sum(status_code) as bigint)`.as("total"))
      .where("org_id", "=", orgId)
      .where("idempotency_key", "in", ["k0", "k1"])
      .executeTakeFirstOrThrow();
    expect(BigInt(total.total)).toBe(-1n);
  });

  it("refuses a membership of an organization that does not exist", async () => {
    await expect(
      context
        .store()
        .db.insertInto("memberships")
        .values({
          org_id: uuidv7(),
          user_id: uuidv7(),
          role: "owner",
          created_at: "2026-11-23T00:00:00.000Z",
        })
        .execute(),
    ).rejects.toThrow();
  });
});

describe("SQLite file settings", () => {
  const dir = mkdtempSync(join(tmpdir(), "credence-store-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("opens the file in WAL mode with synchronous=FULL and foreign keys on", async () => {
    const store = await openStore(`sqlite:${join(dir, "nested", "credence.db")}`);
    try {
      await migrateToLatest(store);
      const journal = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(store.db);
      const synchronous = await sql<{ synchronous: bigint }>`pragma synchronous`.execute(store.db);
      const foreignKeys = await sql<{ foreign_keys: bigint }>`pragma foreign_keys`.execute(store.db);
      expect(journal.rows[0]?.journal_mode).toBe("wal");
      expect(Number(synchronous.rows[0]?.synchronous)).toBe(2);
      expect(Number(foreignKeys.rows[0]?.foreign_keys)).toBe(1);
    } finally {
      await store.close();
    }
  });

  it("rejects a DATABASE_URL of an unknown kind", async () => {
    await expect(openStore("mysql://root@localhost/x")).rejects.toThrow(/sqlite: or postgres/);
  });
});
