/**
 * Customer list benchmark: how fast `listCustomers` answers the customer page — first page,
 * search by name and by code, filters by grade, owner and tag, a deep page — for one
 * organization with 100,000 customers. Each query runs several times; the median is reported.
 * Queries slower than `slowMedianMs` get their query plan printed (EXPLAIN).
 *
 *   npx tsx bench/customers.ts --engine sqlite|postgres [--customers 100000] [--runs 15]
 *     [--explain] [--no-analyze] [--keep]
 *
 * The customers and their credit rows are inserted straight into the tables in batches (no audit,
 * no checks): this measures the reads, not the writes. SQLite writes a file in a fresh temporary
 * directory (the app's pragmas: WAL, synchronous FULL); PostgreSQL a fresh schema in
 * BENCH_DATABASE_URL (default: the test database). Both are removed at the end unless --keep.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { CompiledQuery, type KyselyPlugin, sql } from "kysely";
import pg from "pg";
import { assert } from "../src/core/errors.ts";
import { uuidv7 } from "../src/core/ids.ts";
import { grades } from "../src/domain/credit/index.ts";
import { type Actor, runCommand } from "../src/services/command.ts";
import { type CustomerFilter, type CustomerPage, listCustomers } from "../src/services/customers.ts";
import { createOrganization } from "../src/services/organizations.ts";
import { addMember, createUser } from "../src/services/people.ts";
import { type Engine, openStore, type Store } from "../src/store/database.ts";
import { migrateToLatest } from "../src/store/migrations.ts";
import type { CustomerCreditTable, CustomersTable } from "../src/store/schema.ts";

const customersDefault = 100_000;
const customersMax = 5_000_000;
const runsDefault = 15;
const runsMax = 1_000;
/** Runs before the timed ones: fill the page cache and the statement caches. */
const warmupRuns = 2;
/** What the web app asks for (customers-page.tsx). */
const pageSize = 50;
/** Under SQLite's 32,766 and PostgreSQL's 65,535 bind parameters (15 columns a customer). */
const insertBatchRows = 2_000;
/** A list query slower than this (median) is worth a look: its plan is printed. */
const slowMedianMs = 50;
/** Fixed, so that every run has the same customers and runs can be compared. */
const seed = 20_261_123;
const databaseUrl =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  "postgres://postgres@127.0.0.1:5432/test";

const cities = ["上海", "杭州", "苏州", "南京", "宁波", "合肥", "无锡", "常州", "嘉兴", "绍兴"];
/** Trade names are two of these: 900 pairs, so a trade name matches about 0.1 % of customers. */
const tradeSyllables = [
  "华",
  "信",
  "恒",
  "通",
  "瑞",
  "丰",
  "宏",
  "达",
  "金",
  "桥",
  "新",
  "原",
  "鼎",
  "盛",
  "永",
  "安",
  "博",
  "远",
  "嘉",
  "禾",
  "中",
  "拓",
  "汇",
  "泰",
  "联",
  "创",
  "锦",
  "程",
  "德",
  "隆",
];
const industries = ["机械制造", "电子元器件", "建材", "食品批发", "纺织服装", "物流"];
const latinWords = ["Acme", "Orient", "Pacific", "Golden", "Harbor", "Summit", "Delta", "Lotus"];
/** Shares in per mille; a customer carries each tag independently. */
const tagShares: ReadonlyArray<readonly [string, number]> = [
  ["east_china", 400],
  ["distributor", 150],
  ["export", 120],
  ["new", 100],
  ["key_account", 80],
  ["vip", 50],
  ["watch", 30],
  ["government", 5],
];
/** Of the customers with an owner, each salesperson's share in per mille. */
const ownerShares = [300, 250, 200, 150, 100];
/** Customers without an owner, and customers never assessed (no credit row), per mille. */
const unownedPerMille = 200;
const unassessedPerMille = 150;
/** Grade shares of assessed customers, per mille: most in A and BBB, as in the demo. */
const gradeShares: Readonly<Record<(typeof grades)[number], number>> = {
  AAA: 75,
  AA: 125,
  A: 225,
  BBB: 225,
  BB: 125,
  B: 75,
  CCC: 75,
  D: 75,
};

/** mulberry32: a small deterministic generator. */
function createRandom(initial: number): (bound: number) => number {
  let state = initial >>> 0;
  return (bound) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) % bound;
  };
}

interface Options {
  readonly engine: Engine;
  readonly customers: number;
  readonly runs: number;
  readonly explain: boolean;
  readonly analyze: boolean;
  readonly keep: boolean;
}

function readOptions(): Options {
  const { values } = parseArgs({
    options: {
      engine: { type: "string" },
      customers: { type: "string", default: String(customersDefault) },
      runs: { type: "string", default: String(runsDefault) },
      explain: { type: "boolean", default: false },
      "no-analyze": { type: "boolean", default: false },
      keep: { type: "boolean", default: false },
    },
  });
  const engine = values.engine;
  if (engine !== "sqlite" && engine !== "postgres") {
    throw new Error(
      "usage: --engine sqlite|postgres [--customers N] [--runs N] [--explain] [--no-analyze] [--keep]",
    );
  }
  const customers = Number(values.customers);
  const runs = Number(values.runs);
  if (!Number.isSafeInteger(customers) || customers < 1_000 || customers > customersMax) {
    throw new Error(`--customers must be an integer from 1,000 to ${customersMax}`);
  }
  if (!Number.isSafeInteger(runs) || runs < 1 || runs > runsMax) {
    throw new Error(`--runs must be an integer from 1 to ${runsMax}`);
  }
  return {
    engine,
    customers,
    runs,
    explain: values.explain,
    analyze: !values["no-analyze"],
    keep: values.keep,
  };
}

interface Database {
  readonly store: Store;
  /** Where the data is: a file (SQLite) or a schema (PostgreSQL). */
  readonly location: string;
}

/** A fresh, migrated database, made the way the test harness makes one (test/support/engines.ts). */
async function openFreshDatabase(engine: Engine, sqliteDirectory: string): Promise<Database> {
  if (engine === "sqlite") {
    const file = join(sqliteDirectory, "customers.db");
    const store = await openStore(`sqlite:${file}`);
    await migrateToLatest(store);
    return { store, location: file };
  }
  const schema = `bench_${process.pid}_${randomBytes(4).toString("hex")}_customers`;
  const store = await openStore(databaseUrl, { schema });
  await migrateToLatest(store);
  return { store, location: schema };
}

async function dropSchema(schema: string): Promise<void> {
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  try {
    await admin.query(`drop schema if exists ${schema} cascade`);
  } finally {
    await admin.end();
  }
}

interface Books {
  readonly orgId: string;
  /** The salespeople customers are assigned to, in `ownerShares` order. */
  readonly ownerIds: ReadonlyArray<string>;
}

/** One organization and its salespeople, through the services a real one goes through. */
async function setUpBooks(store: Store): Promise<Books> {
  return runCommand(store, async (tx) => {
    const email = `bench.${process.pid}.${Date.now()}@example.test`;
    const owner = await createUser(tx, {
      email,
      displayName: "Benchmark",
      password: "benchmark password",
      locale: "en",
    });
    const actor: Actor = { userId: owner.userId, label: email };
    const organization = await createOrganization(tx, actor, {
      name: "Benchmark Co.",
      baseCurrency: "CNY",
      timeZone: "Asia/Shanghai",
      accountingFramework: "cas",
      ownerUserId: owner.userId,
    });
    const ownerIds: string[] = [];
    for (const [index] of ownerShares.entries()) {
      const member = await addMember(tx, actor, organization.orgId, {
        email: `sales.${index + 1}.${process.pid}@example.test`,
        role: "collector",
        displayName: `Salesperson ${index + 1}`,
        password: "benchmark password",
      });
      ownerIds.push(member.userId);
    }
    return { orgId: organization.orgId, ownerIds };
  });
}

/** Picks an entry by per-mille shares (the shares sum to at most 1,000; the rest picks none). */
function pickShare<T>(entries: ReadonlyArray<readonly [T, number]>, draw: number): T | undefined {
  let remaining = draw;
  for (const [value, share] of entries) {
    if (remaining < share) return value;
    remaining -= share;
  }
  return undefined;
}

interface Generated {
  readonly customer: Omit<CustomersTable, "tags_json"> & { tags_json: string };
  readonly credit: CustomerCreditTable | null;
}

/** The customers, in code order; the same seed gives the same customers on every engine. */
function createCustomerSource(books: Books, count: number) {
  const random = createRandom(seed);
  const pick = <T>(list: ReadonlyArray<T>): T => list[random(list.length)] as T;
  const ownerEntries = books.ownerIds.map((id, index) => [id, ownerShares[index] ?? 0] as const);
  const gradeEntries = grades.map((grade) => [grade, gradeShares[grade]] as const);
  const createdAt = new Date().toISOString();
  const expiresOn = "2027-11-22";
  let index = 0;
  return (rows: number): Generated[] => {
    const batch: Generated[] = [];
    while (batch.length < rows && index < count) {
      index += 1;
      const code = `C${String(index).padStart(6, "0")}`;
      const industry = pick(industries);
      const name =
        random(10) === 0
          ? `${pick(latinWords)} ${pick(latinWords)} Trading Co., Ltd.`
          : `${pick(cities)}${pick(tradeSyllables)}${pick(tradeSyllables)}${industry}有限公司`;
      const tags = tagShares.filter(([, share]) => random(1_000) < share).map(([tag]) => tag);
      const owner = random(1_000) < unownedPerMille ? null : (pickShare(ownerEntries, random(1_000)) ?? null);
      const customerId = uuidv7();
      const grade = random(1_000) < unassessedPerMille ? undefined : pickShare(gradeEntries, random(1_000));
      batch.push({
        customer: {
          org_id: books.orgId,
          customer_id: customerId,
          group_payer_id: null,
          collector_user_id: null,
          code,
          name,
          kind: "company",
          credit_code: null,
          industry,
          created_at: createdAt,
          updated_at: createdAt,
          id_number_cipher: null,
          id_number_hash: null,
          id_number_masked: null,
          owner_user_id: owner,
          notes: null,
          tags_json: JSON.stringify(tags),
        },
        credit:
          grade === undefined
            ? null
            : {
                org_id: books.orgId,
                customer_id: customerId,
                currency: "CNY",
                limit_minor: BigInt(1 + random(500)) * 1_000_00n,
                terms_json: JSON.stringify({ kind: "net", days: 30 }),
                temporary_increase_minor: null,
                temporary_expires_on: null,
                on_hold: 0n,
                hold_reason: null,
                assessment_id: null,
                grade,
                assessment_expires_on: expiresOn,
                updated_at: createdAt,
              },
      });
    }
    return batch;
  };
}

interface Inserted {
  readonly customers: number;
  readonly creditRows: number;
  readonly ms: number;
  /** Every name, by code order, to count what a search should find. */
  readonly names: ReadonlyArray<string>;
}

/** Straight into the tables, one transaction per batch, with the app's Kysely. */
async function insertCustomers(store: Store, books: Books, count: number): Promise<Inserted> {
  const next = createCustomerSource(books, count);
  const names: string[] = [];
  let customers = 0;
  let creditRows = 0;
  const started = performance.now();
  for (;;) {
    const batch = next(insertBatchRows);
    if (batch.length === 0) break;
    const credit = batch.flatMap((row) => (row.credit === null ? [] : [row.credit]));
    await store.db.transaction().execute(async (trx) => {
      await trx
        .insertInto("customers")
        .values(batch.map((row) => row.customer))
        .execute();
      if (credit.length > 0) await trx.insertInto("customer_credit").values(credit).execute();
    });
    for (const row of batch) names.push(row.customer.name);
    customers += batch.length;
    creditRows += credit.length;
  }
  return { customers, creditRows, ms: performance.now() - started, names };
}

interface Case {
  readonly label: string;
  readonly filter: CustomerFilter & { readonly after?: string };
  /** Customers the filter matches (before paging), or null when not counted. */
  readonly matches: number | null;
}

function countMatching(names: ReadonlyArray<string>, fragment: string): number {
  const needle = fragment.toLowerCase();
  let count = 0;
  for (const [index, name] of names.entries()) {
    const code = `C${String(index + 1).padStart(6, "0")}`;
    if (name.toLowerCase().includes(needle) || code.toLowerCase().includes(needle)) count += 1;
  }
  return count;
}

async function countWhere(store: Store, orgId: string, filter: CustomerFilter): Promise<number> {
  let query = store.db
    .selectFrom("customers as c")
    .leftJoin("customer_credit as k", (join) =>
      join.onRef("k.org_id", "=", "c.org_id").onRef("k.customer_id", "=", "c.customer_id"),
    )
    .select(sql<bigint>`count(*)`.as("n"))
    .where("c.org_id", "=", orgId);
  if (filter.grade !== undefined) query = query.where("k.grade", "=", filter.grade);
  if (filter.ownerUserId !== undefined) query = query.where("c.owner_user_id", "=", filter.ownerUserId);
  if (filter.tag !== undefined) query = query.where("c.tags_json", "like", `%${JSON.stringify(filter.tag)}%`);
  const row = await query.executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The cases of the customer page, with the data's own names, owners and codes. */
async function listCases(store: Store, books: Books, inserted: Inserted): Promise<Case[]> {
  const count = inserted.customers;
  // A trade name (two syllables after the city) of a customer in the last tenth, so that a page
  // needs most of the table scanned; its city and industry as well for a nearly unique name.
  const sample = inserted.names.slice(Math.floor(count * 0.9)).find((name) => !/^[A-Za-z]/.test(name)) ?? "";
  const tradeName = sample.slice(2, 4);
  const fullName = sample.replace(/有限公司$/, "");
  const codePrefix = `C${String(count - 123).padStart(6, "0")}`.slice(0, -1);
  const owner = books.ownerIds[0] ?? "";
  const search = (label: string, text: string): Case => ({
    label,
    filter: { search: text },
    matches: countMatching(inserted.names, text),
  });
  const filtered = async (label: string, filter: CustomerFilter): Promise<Case> => ({
    label,
    filter,
    matches: await countWhere(store, books.orgId, filter),
  });
  return [
    { label: "first page, no filter", filter: {}, matches: count },
    search("search name, common word (机械)", "机械"),
    search("search name, Latin, any case (harbor)", "harbor"),
    search(`search name, trade name (${tradeName})`, tradeName),
    search(`search name, nearly unique (${fullName})`, fullName),
    search("search, no match", "不存在的客户"),
    search(`search code prefix (${codePrefix})`, codePrefix),
    await filtered("grade AAA", { grade: "AAA" }),
    await filtered("grade D", { grade: "D" }),
    await filtered("owner (largest book, 24 %)", { ownerUserId: owner }),
    await filtered("tag vip (5 %)", { tag: "vip" }),
    await filtered("tag government (0.5 %)", { tag: "government" }),
    await filtered("grade BBB + owner", { grade: "BBB", ownerUserId: owner }),
    {
      label: "deep page (after the 99.95th per cent)",
      filter: { after: `C${String(count - Math.floor(count / 2_000)).padStart(6, "0")}` },
      matches: null,
    },
  ];
}

/** A Kysely that remembers the last query it compiled, to EXPLAIN it. */
function withCapture(store: Store): {
  readonly store: Store;
  readonly last: () => CompiledQuery | undefined;
} {
  let last: CompiledQuery | undefined;
  const executor = store.db.getExecutor();
  const plugin: KyselyPlugin = {
    transformQuery: (args) => {
      last = executor.compileQuery(args.node, args.queryId);
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  return { store: { ...store, db: store.db.withPlugin(plugin) }, last: () => last };
}

async function explain(store: Store, query: CompiledQuery): Promise<string> {
  const prefix = store.engine === "sqlite" ? "explain query plan " : "explain (analyze, buffers) ";
  const result = await store.db.executeQuery<Record<string, unknown>>(
    CompiledQuery.raw(prefix + query.sql, [...query.parameters]),
  );
  if (store.engine === "sqlite") {
    // id, parent, detail: indent each step under its parent.
    const depth = new Map<string, number>();
    return result.rows
      .map((row) => {
        const level = (depth.get(String(row.parent)) ?? -1) + 1;
        depth.set(String(row.id), level);
        return `${"  ".repeat(level + 1)}${String(row.detail)}`;
      })
      .join("\n");
  }
  return result.rows.map((row) => `  ${String(row["QUERY PLAN"])}`).join("\n");
}

function median(values: ReadonlyArray<number>): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

interface Timing {
  readonly label: string;
  readonly matches: number | null;
  readonly returned: number;
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  readonly plan: string | null;
}

async function timeCase(store: Store, orgId: string, item: Case, options: Options): Promise<Timing> {
  const captured = withCapture(store);
  const run = (): Promise<CustomerPage> =>
    listCustomers(captured.store.db, orgId, { limit: pageSize, ...item.filter });
  let page: CustomerPage | undefined;
  for (let index = 0; index < warmupRuns; index += 1) page = await run();
  const times: number[] = [];
  for (let index = 0; index < options.runs; index += 1) {
    const started = performance.now();
    page = await run();
    times.push(performance.now() - started);
  }
  assert(page !== undefined, "the case ran");
  const expected = item.matches === null ? null : Math.min(item.matches, pageSize);
  assert(expected === null || page.items.length === expected, `${item.label}: a full page or every match`);
  if (item.filter.grade !== undefined) {
    assert(
      page.items.every((customer) => customer.grade === item.filter.grade),
      "grade filter",
    );
  }
  const medianMs = median(times);
  const query = captured.last();
  const plan =
    query !== undefined && (options.explain || medianMs > slowMedianMs) ? await explain(store, query) : null;
  return {
    label: item.label,
    matches: item.matches,
    returned: page.items.length,
    medianMs,
    minMs: Math.min(...times),
    maxMs: Math.max(...times),
    plan,
  };
}

const number = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const milliseconds = (ms: number) => ms.toFixed(ms < 10 ? 2 : 1);

async function main(): Promise<void> {
  const options = readOptions();
  console.log(
    `customer list benchmark: ${options.engine}, ${number.format(options.customers)} customers, ` +
      `pages of ${pageSize}, median of ${options.runs} runs after ${warmupRuns} warm-up runs`,
  );
  const sqliteDirectory = options.engine === "sqlite" ? mkdtempSync(join(tmpdir(), "credence-bench-")) : "";
  const database = await openFreshDatabase(options.engine, sqliteDirectory);
  try {
    const books = await setUpBooks(database.store);
    const inserted = await insertCustomers(database.store, books, options.customers);
    console.log(
      `setup: ${database.location}; ${number.format(inserted.customers)} customers and ` +
        `${number.format(inserted.creditRows)} credit rows inserted in ${(inserted.ms / 1_000).toFixed(1)} s`,
    );
    let analyzeMs: number | null = null;
    if (options.engine === "postgres" && options.analyze) {
      // Autovacuum would have gathered statistics on a server that runs it (the test server does not).
      const started = performance.now();
      await sql`analyze customers, customer_credit`.execute(database.store.db);
      analyzeMs = Math.round(performance.now() - started);
      console.log(`analyze customers, customer_credit: ${analyzeMs} ms`);
    }
    const cases = await listCases(database.store, books, inserted);
    const timings: Timing[] = [];
    for (const item of cases) {
      const timing = await timeCase(database.store, books.orgId, item, options);
      timings.push(timing);
      const matches = timing.matches === null ? "" : `, ${number.format(timing.matches)} match`;
      console.log(
        `${timing.label.padEnd(52)} median ${milliseconds(timing.medianMs).padStart(7)} ms` +
          `  (min ${milliseconds(timing.minMs)}, max ${milliseconds(timing.maxMs)}; ` +
          `${timing.returned} rows${matches})${timing.medianMs > slowMedianMs ? "  SLOW" : ""}`,
      );
      if (timing.plan !== null) console.log(timing.plan);
    }
    console.log(
      JSON.stringify({
        benchmark: "customers",
        engine: options.engine,
        customers: inserted.customers,
        creditRows: inserted.creditRows,
        pageSize,
        runs: options.runs,
        insertSeconds: Number((inserted.ms / 1_000).toFixed(2)),
        analyzeMs,
        queries: timings.map((t) => ({
          label: t.label,
          matches: t.matches,
          returned: t.returned,
          medianMs: Number(t.medianMs.toFixed(2)),
          minMs: Number(t.minMs.toFixed(2)),
          maxMs: Number(t.maxMs.toFixed(2)),
        })),
        date: new Date().toISOString(),
        node: process.version,
      }),
    );
  } finally {
    await database.store.close();
    if (options.keep) {
      console.log(`kept: ${database.location}`);
    } else if (options.engine === "sqlite") {
      rmSync(sqliteDirectory, { recursive: true, force: true });
    } else {
      await dropSchema(database.location);
    }
  }
}

await main();
