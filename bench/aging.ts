/**
 * The aging report at scale (issue 8): the summary by customer over 1,000,000 open items held by
 * 10,000 customers, as of today and as of a past date, on SQLite and PostgreSQL. Goal: ≤ 0.5 s on
 * SQLite, ≤ 1 s on PostgreSQL, peak RSS ≤ 512 MB.
 *
 *   npx tsx bench/aging.ts [--engine sqlite|postgres|both] [--items 1000000] [--customers 10000]
 *                          [--closed 250000] [--runs 3]
 *
 * The book is written straight into a fresh database with driver bulk inserts (not timed): open
 * items spread over two years of document dates, about a third of them partly paid, some with a
 * bounced (reversed) allocation, and closed items whose payments fall on both sides of the past
 * date — so the past-date path has hundreds of thousands of allocations to correct for. The
 * report then runs in a child process of its own, so its peak RSS is the report's alone.
 * The last line is one JSON object with every figure.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import SqliteDatabase from "better-sqlite3";
import pg from "pg";
import { addDays, formatBusinessDate, parseBusinessDate } from "../src/core/dates.ts";
import { uuidv7 } from "../src/core/ids.ts";
import { runCommand } from "../src/services/command.ts";
import { stringifyMinor } from "../src/services/minor-json.ts";
import { createOrganization } from "../src/services/organizations.ts";
import { createUser } from "../src/services/people.ts";
import { agingReport } from "../src/services/reports/aging.ts";
import { type Engine, openStore, type Store } from "../src/store/database.ts";
import { migrateToLatest } from "../src/store/migrations.ts";
import { createRandom, loadAverage, number, peakRssMb } from "./support.ts";

const databaseUrl =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  "postgres://postgres@127.0.0.1:5432/test";
const today = "2026-11-23";
const pastAsOf = "2026-06-30";
/** Document dates spread over this many days before today. */
const historyDays = 720;
/** SQLite: rows per prepared INSERT (under its 32,766 bound variables at 19 columns). */
const sqliteInsertRowsMax = 1_000;
/** PostgreSQL: rows per INSERT … SELECT FROM unnest(…). */
const postgresInsertRowsMax = 10_000;
const grades = ["AAA", "AA", "A", "BBB", "BB", "B", "CCC", null] as const;
const industries = ["制造业", "批发和零售业", "建筑业", "信息技术", null] as const;

const seconds = (ms: number) => (ms / 1_000).toFixed(3);

interface Job {
  readonly engine: Engine;
  readonly url: string;
  readonly orgId: string;
  readonly runs: number;
}

type Row = ReadonlyArray<string | bigint | null>;

interface Writer {
  add(table: "customers" | "customer_credit" | "open_items" | "allocations", row: Row): Promise<void>;
  finish(): Promise<void>;
}

const tableColumns = {
  customers: [
    "org_id",
    "customer_id",
    "code",
    "name",
    "kind",
    "industry",
    "owner_user_id",
    "created_at",
    "updated_at",
  ],
  customer_credit: [
    "org_id",
    "customer_id",
    "currency",
    "limit_minor",
    "terms_json",
    "on_hold",
    "grade",
    "updated_at",
  ],
  open_items: [
    "org_id",
    "item_id",
    "customer_id",
    "source_type",
    "source_id",
    "source_seq",
    "document_number",
    "document_date",
    "due_date",
    "currency",
    "original_minor",
    "open_minor",
    "discount_json",
    "disputed",
    "status",
    "closed_on",
    "created_at",
  ],
  allocations: [
    "org_id",
    "allocation_id",
    "item_id",
    "customer_id",
    "allocation_date",
    "applied_minor",
    "discount_minor",
    "write_off_minor",
    "reversed_on",
    "created_by",
    "created_at",
  ],
} as const;

/** Tables in the order they are flushed: a row's parent goes in first. */
const tableOrder = ["customers", "customer_credit", "open_items", "allocations"] as const;

function sqliteWriter(path: string): Writer {
  const connection = new SqliteDatabase(path);
  connection.pragma("synchronous = OFF");
  connection.exec("begin");
  const queues = new Map<string, Row[]>();
  const flush = (table: keyof typeof tableColumns) => {
    const queue = queues.get(table) ?? [];
    if (queue.length === 0) return;
    const names = tableColumns[table];
    const one = `(${names.map(() => "?").join(",")})`;
    connection
      .prepare(`insert into ${table} (${names.join(",")}) values ${queue.map(() => one).join(",")}`)
      .run(queue.flat());
    queues.set(table, []);
  };
  return {
    async add(table, row) {
      const queue = queues.get(table) ?? [];
      queue.push(row);
      queues.set(table, queue);
      if (queue.length >= sqliteInsertRowsMax) {
        // Parents first, so foreign keys hold at every statement.
        for (const name of tableOrder) {
          flush(name);
          if (name === table) break;
        }
      }
    },
    async finish() {
      for (const name of tableOrder) flush(name);
      connection.exec("commit");
      connection.exec("analyze");
      connection.pragma("wal_checkpoint(TRUNCATE)");
      connection.close();
    },
  };
}

async function postgresWriter(schema: string): Promise<Writer> {
  const client = new pg.Client({ connectionString: databaseUrl, options: `-c search_path=${schema}` });
  await client.connect();
  const types = await client.query<{ table_name: string; column_name: string; udt_name: string }>(
    "select table_name, column_name, udt_name from information_schema.columns where table_schema = $1",
    [schema],
  );
  const typeOf = new Map(types.rows.map((row) => [`${row.table_name}.${row.column_name}`, row.udt_name]));
  const queues = new Map<string, Row[]>();
  const flush = async (table: keyof typeof tableColumns) => {
    const queue = queues.get(table) ?? [];
    if (queue.length === 0) return;
    queues.set(table, []);
    const names = tableColumns[table];
    const arrays = names.map((_, index) =>
      queue.map((row) => {
        const value = row[index];
        return typeof value === "bigint" ? value.toString() : (value ?? null);
      }),
    );
    const casts = names.map((name, index) => `$${index + 1}::${typeOf.get(`${table}.${name}`) ?? "text"}[]`);
    await client.query(
      `insert into ${table} (${names.join(",")}) select * from unnest(${casts.join(",")})`,
      arrays,
    );
  };
  return {
    async add(table, row) {
      const queue = queues.get(table) ?? [];
      queue.push(row);
      queues.set(table, queue);
      if (queue.length >= postgresInsertRowsMax) {
        for (const name of tableOrder) {
          await flush(name);
          if (name === table) break;
        }
      }
    },
    async finish() {
      for (const name of tableOrder) await flush(name);
      await client.query("analyze");
      await client.end();
    },
  };
}

async function seed(
  store: Store,
  writer: () => Promise<Writer>,
  counts: { items: number; customers: number; closed: number },
): Promise<{ orgId: string; allocations: number }> {
  const now = `${today}T08:00:00.000Z`;
  const clock = () => new Date(now);
  const { orgId, ownerId } = await runCommand(
    store,
    async (tx) => {
      const owner = await createUser(tx, {
        email: `bench.${randomBytes(4).toString("hex")}@example.test`,
        displayName: "Bench",
        password: "correct horse battery",
        locale: "zh-CN",
      });
      const organization = await createOrganization(
        tx,
        { userId: owner.userId, label: "bench" },
        {
          name: "账龄基准有限公司",
          baseCurrency: "CNY",
          timeZone: "Asia/Shanghai",
          accountingFramework: "cas",
          ownerUserId: owner.userId,
        },
      );
      return { orgId: organization.orgId, ownerId: owner.userId };
    },
    clock,
  );
  const out = await writer();
  const random = createRandom(20261123);
  const customerIds: string[] = [];
  for (let n = 0; n < counts.customers; n += 1) {
    const id = uuidv7();
    customerIds.push(id);
    await out.add("customers", [
      orgId,
      id,
      `C${String(n).padStart(6, "0")}`,
      `客户 ${n}`,
      "company",
      industries[n % industries.length] ?? null,
      n % 3 === 0 ? ownerId : null,
      now,
      now,
    ]);
    await out.add("customer_credit", [
      orgId,
      id,
      "CNY",
      100_000_000n,
      '{"kind":"net","days":30}',
      0n,
      grades[n % grades.length] ?? null,
      now,
    ]);
  }
  const start = parseBusinessDate(today);
  const dateBefore = (days: number) => formatBusinessDate(addDays(start, -days));
  const later = (date: string, days: number) => {
    const moved = formatBusinessDate(addDays(parseBusinessDate(date), days));
    return moved > today ? today : moved;
  };
  let allocations = 0;
  const allocate = async (
    item: string,
    customer: string,
    date: string,
    amount: bigint,
    reversedOn: string | null,
  ) => {
    allocations += 1;
    await out.add("allocations", [
      orgId,
      uuidv7(),
      item,
      customer,
      date,
      amount,
      0n,
      0n,
      reversedOn,
      "bench",
      now,
    ]);
  };
  for (let n = 0; n < counts.items + counts.closed; n += 1) {
    const closed = n >= counts.items;
    const customer = customerIds[random(customerIds.length)] ?? "";
    const documentDate = dateBefore(random(historyDays));
    const dueDate = formatBusinessDate(addDays(parseBusinessDate(documentDate), 30));
    const original = BigInt(1_000 + random(500_000));
    const item = uuidv7();
    const kind = random(100);
    let open = original;
    const paid: Array<[string, bigint, string | null]> = [];
    if (closed) {
      paid.push([later(documentDate, 10 + random(120)), original, null]);
      open = 0n;
    } else if (kind < 33) {
      const part = original / 2n;
      paid.push([later(documentDate, 5 + random(90)), part, null]);
      open -= part;
      // A bounced receipt: applied, then reversed a few days later; it changes nothing today.
      if (kind < 4) {
        const date = later(documentDate, 3 + random(60));
        paid.push([date, original - part, later(date, 7)]);
      }
    }
    await out.add("open_items", [
      orgId,
      item,
      customer,
      "invoice",
      item,
      1n,
      `INV-${String(n).padStart(8, "0")}`,
      documentDate,
      dueDate,
      "CNY",
      original,
      open,
      "[]",
      0n,
      open === 0n ? "closed" : "open",
      open === 0n ? (paid[0]?.[0] ?? today) : null,
      now,
    ]);
    for (const [date, amount, reversedOn] of paid) await allocate(item, customer, date, amount, reversedOn);
  }
  await out.finish();
  return { orgId, allocations };
}

/** The timed part, in a child process: each summary `runs` times, the best and the last kept. */
async function timeReport(job: Job): Promise<void> {
  const store = await openStore(job.url);
  const figures: Record<string, number> = {};
  const totals: Record<string, string> = {};
  for (const [label, options] of [
    ["today", { asOf: today }],
    ["past", { asOf: pastAsOf }],
    ["today-by-grade", { asOf: today, groupBy: "grade" as const }],
  ] as const) {
    let best = Number.POSITIVE_INFINITY;
    for (let run = 0; run < job.runs; run += 1) {
      const started = performance.now();
      const report = await agingReport(store.db, job.orgId, options);
      best = Math.min(best, performance.now() - started);
      totals[label] =
        `${report.totals.outstandingMinor} minor in ${report.groups.length} groups, ${report.totals.count} items`;
    }
    figures[label] = best;
  }
  await store.close();
  process.stdout.write(`${JSON.stringify({ figures, totals, peakRssMb: peakRssMb() })}\n`);
}

async function runChild(
  job: Job,
): Promise<{ figures: Record<string, number>; totals: Record<string, string>; peakRssMb: number }> {
  const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], {
    env: { ...process.env, BENCH_AGING_JOB: JSON.stringify(job) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString("utf8");
  });
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  if (code !== 0) throw new Error(`the timed run failed with exit code ${code}`);
  return JSON.parse(output.trim().split("\n").pop() ?? "{}");
}

async function forecastBacktest(store: Store, orgId: string): Promise<unknown> {
  // The forecast's back-test (another part of issue 8): printed when the module provides it.
  const module = (await import("../src/services/forecast/index.ts").catch(() => null)) as {
    backtestForecast?: (db: Store["db"], orgId: string, asOf: string) => Promise<unknown>;
  } | null;
  if (module?.backtestForecast === undefined) return "not available";
  // The error figures only; the week-by-week table is the forecast page's.
  const { weeks: _weeks, ...errors } = (await module.backtestForecast(store.db, orgId, today)) as {
    weeks?: unknown;
  };
  return errors;
}

async function benchEngine(
  engine: Engine,
  counts: { items: number; customers: number; closed: number },
  runs: number,
) {
  const directory = mkdtempSync(join(tmpdir(), "credence-aging-"));
  const schema = `bench_aging_${randomBytes(4).toString("hex")}`;
  const url = engine === "sqlite" ? `sqlite:${join(directory, "aging.db")}` : databaseUrl;
  const store = await openStore(url, engine === "postgres" ? { schema } : {});
  try {
    await migrateToLatest(store);
    const seedStarted = performance.now();
    const { orgId, allocations } = await seed(
      store,
      async () => (engine === "sqlite" ? sqliteWriter(join(directory, "aging.db")) : postgresWriter(schema)),
      counts,
    );
    const seedMs = performance.now() - seedStarted;
    console.log(
      `${engine}: seeded ${number.format(counts.items)} open and ${number.format(counts.closed)} closed items, ${number.format(allocations)} allocations, ${number.format(counts.customers)} customers in ${seconds(seedMs)} s`,
    );
    const jobUrl =
      engine === "sqlite" ? url : `${databaseUrl}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
    const result = await runChild({ engine, url: jobUrl, orgId, runs });
    const backtest = await forecastBacktest(store, orgId).catch(
      (error: unknown) => `failed: ${String(error)}`,
    );
    const goalMs = engine === "sqlite" ? 500 : 1_000;
    for (const [label, ms] of Object.entries(result.figures)) {
      console.log(`  ${label.padEnd(15)} ${seconds(ms).padStart(7)} s  (${result.totals[label]})`);
    }
    console.log(
      `  peak RSS ${result.peakRssMb} MB, load average ${loadAverage()}; forecast back-test: ${stringifyMinor(backtest)}`,
    );
    const goalMet = Object.entries(result.figures).every(([, ms]) => ms <= goalMs) && result.peakRssMb <= 512;
    return {
      engine,
      ...counts,
      allocations,
      seedMs: Math.round(seedMs),
      ...result,
      goalMs,
      goalMet,
      load: loadAverage(),
      backtest,
    };
  } finally {
    await store.close();
    rmSync(directory, { recursive: true, force: true });
    if (engine === "postgres") {
      const admin = new pg.Client({ connectionString: databaseUrl });
      await admin.connect();
      await admin.query(`drop schema if exists ${schema} cascade`);
      await admin.end();
    }
  }
}

async function main(): Promise<void> {
  const childJob = process.env.BENCH_AGING_JOB;
  if (childJob !== undefined) {
    await timeReport(JSON.parse(childJob) as Job);
    return;
  }
  const { values } = parseArgs({
    options: {
      engine: { type: "string", default: "both" },
      items: { type: "string", default: "1000000" },
      customers: { type: "string", default: "10000" },
      closed: { type: "string", default: "250000" },
      runs: { type: "string", default: "3" },
    },
  });
  const counts = {
    items: Number(values.items),
    customers: Number(values.customers),
    closed: Number(values.closed),
  };
  const engines: Engine[] = values.engine === "both" ? ["sqlite", "postgres"] : [values.engine as Engine];
  const results = [];
  for (const engine of engines) results.push(await benchEngine(engine, counts, Number(values.runs)));
  console.log(stringifyMinor({ bench: "aging", today, pastAsOf, results }));
}

await main();
