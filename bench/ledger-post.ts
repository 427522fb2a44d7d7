/**
 * Ledger posting benchmark: how fast `postEvents` books a realistic mix of business events, and
 * how that compares with the physical limit of the same engine — a plain insert of the same
 * voucher and journal line rows, in the same batch size, through the fastest path its driver
 * offers, into a second database migrated the same way. The two take turns batch by batch. Then
 * the two reads every month end needs on the full data: the trial balance and `verifyLedger`.
 *
 *   npx tsx bench/ledger-post.ts --engine sqlite|postgres [--lines 1000000] [--batch-vouchers 1000]
 *     [--no-analyze] [--keep]
 *
 * SQLite writes two files in a fresh temporary directory (the app's pragmas: WAL, synchronous
 * FULL); PostgreSQL two fresh schemas in BENCH_DATABASE_URL (default: the test database). Both are
 * removed at the end unless --keep is given. See bench/README.md.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import SqliteDatabase from "better-sqlite3";
import { sql } from "kysely";
import pg from "pg";
import { assert } from "../src/core/errors.ts";
import { uuidv7 } from "../src/core/ids.ts";
import { divideRounded } from "../src/core/rounding.ts";
import {
  type AccountRole,
  chartTemplate,
  defaultPostingRules,
  type EventType,
  eventLines,
  type LedgerEvent,
  periodOf,
} from "../src/domain/ledger/index.ts";
import { type Actor, runCommand } from "../src/services/command.ts";
import { createCustomer } from "../src/services/customers.ts";
import {
  postEvents,
  postingBatchVouchersMax,
  trialBalance,
  verifyLedger,
} from "../src/services/ledger/index.ts";
import { createOrganization } from "../src/services/organizations.ts";
import { createUser } from "../src/services/people.ts";
import { type Engine, openStore, type Store } from "../src/store/database.ts";
import { migrateToLatest } from "../src/store/migrations.ts";
import type { JournalLinesTable, VouchersTable } from "../src/store/schema.ts";

const linesDefault = 1_000_000;
const linesMax = 50_000_000;
const batchVouchersDefault = 1_000;
const customerCount = 1_000;
/** Progress is printed each time another tenth of the lines is in. */
const progressSteps = 10;
/** Fixed, so that every run books the same events and runs can be compared. */
const seed = 20_261_001;
/** Under PostgreSQL's 65,535 bind parameters per statement (14 columns a voucher, 10 a line). */
const plainVoucherRowsPerStatementMax = 4_000;
const plainLineRowsPerStatementMax = 6_000;
const databaseUrl =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  "postgres://postgres@127.0.0.1:5432/test";

/** Three months of business, so vouchers are numbered in three periods. */
const firstDayMs = Date.UTC(2026, 9, 1);
const dayCount = 31 + 30 + 31;
const lastDay = "2026-12-31";
const dayMs = 86_400_000;
const days = Array.from({ length: dayCount }, (_, offset) =>
  new Date(firstDayMs + offset * dayMs).toISOString().slice(0, 10),
);

/** 增值税 on goods for a general taxpayer (增值税暂行条例 as amended 2019): 13 %. */
const vatRatePercent = 13n;

interface MixEntry {
  readonly type: EventType;
  /** Events of this type per 1,000. */
  readonly perMille: number;
  /** Lines its voucher has under CAS when every amount is positive (checked when the rows are made). */
  readonly lines: number;
  readonly sourceType: string;
}

/**
 * What a receivables business books in a quarter: mostly invoices, cash in and its application,
 * a tail of discounts, fees, credit notes, instalment sales and loss entries.
 */
const mix: ReadonlyArray<MixEntry> = [
  { type: "invoice_issued", perMille: 300, lines: 3, sourceType: "invoice" },
  { type: "payment_received", perMille: 250, lines: 2, sourceType: "payment" },
  { type: "payment_applied", perMille: 250, lines: 2, sourceType: "allocation" },
  { type: "discount_taken", perMille: 30, lines: 2, sourceType: "allocation" },
  { type: "fee_accrued", perMille: 20, lines: 2, sourceType: "fee" },
  { type: "penalty", perMille: 15, lines: 2, sourceType: "penalty" },
  { type: "credit_note", perMille: 30, lines: 3, sourceType: "credit_note" },
  { type: "financed_sale", perMille: 15, lines: 4, sourceType: "invoice" },
  { type: "plan_activated", perMille: 15, lines: 2, sourceType: "plan" },
  { type: "installment_due", perMille: 40, lines: 2, sourceType: "plan" },
  { type: "interest_accrued", perMille: 20, lines: 4, sourceType: "plan" },
  { type: "write_off", perMille: 8, lines: 2, sourceType: "write_off" },
  { type: "recovery", perMille: 2, lines: 2, sourceType: "write_off" },
  { type: "provision", perMille: 5, lines: 2, sourceType: "provision" },
];
assert(mix.reduce((total, entry) => total + entry.perMille, 0) === 1_000, "the mix adds up to 1,000");
const entryOf = (type: EventType): MixEntry => {
  const entry = mix.find((candidate) => candidate.type === type);
  assert(entry !== undefined, `${type} is in the mix`);
  return entry;
};
/** Voucher sizes that can close the run on exactly the requested number of lines. */
const closingEntryByLines = new Map<number, MixEntry>(
  [...mix].reverse().map((entry) => [entry.lines, entry] as const),
);

/** mulberry32: a small deterministic generator; only picks and integer amounts come from it. */
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

/** Minor units between `min` and `max` − 1 (both under 2^32). */
function amountBetween(random: (bound: number) => number, min: number, max: number): bigint {
  return BigInt(min + random(max - min));
}

function amountsOf(type: EventType, random: (bound: number) => number): Record<string, bigint> {
  switch (type) {
    case "invoice_issued":
    case "credit_note": {
      const net = amountBetween(random, 10_000, 50_000_000);
      // Tax invoices round VAT to the fen half up (四舍五入).
      return { net, tax: divideRounded(net * vatRatePercent, 100n, "half-up") };
    }
    case "financed_sale": {
      const principal = amountBetween(random, 1_000_000, 200_000_000);
      return {
        principal,
        financeIncome: divideRounded(principal * 8n, 100n, "half-up"),
        tax: divideRounded(principal * vatRatePercent, 100n, "half-up"),
      };
    }
    case "interest_accrued":
      return {
        amortized: amountBetween(random, 1_000, 500_000),
        charged: amountBetween(random, 100, 50_000),
      };
    case "fee_accrued":
      return { fee: amountBetween(random, 1_000, 100_000) };
    case "discount_taken":
      return { discount: amountBetween(random, 100, 500_000) };
    case "provision": {
      // The change in the allowance: now and then a release.
      const amount = amountBetween(random, 10_000, 5_000_000);
      return { amount: random(4) === 0 ? -amount : amount };
    }
    case "plan_activated":
      return { principal: amountBetween(random, 1_000_000, 200_000_000) };
    case "financed_sale_due": {
      const amount = amountBetween(random, 100_000, 20_000_000);
      return { amount, tax: divideRounded(amount * vatRatePercent, 100n, "half-up"), cost: 0n };
    }
    case "financed_sale_changed":
      return { financeIncome: amountBetween(random, 1_000, 500_000), tax: 0n, capitalized: 0n };
    case "plan_changed":
      return { capitalized: amountBetween(random, 1_000, 5_000_000), capitalizedInterest: 0n };
    case "payment_received":
    case "payment_applied":
    case "underpayment_written_off":
    case "refund_paid":
    case "installment_due":
    case "penalty":
    case "write_off":
    case "recovery":
      return { amount: amountBetween(random, 1_000, 50_000_000) };
  }
}

interface EventBatch {
  readonly events: ReadonlyArray<LedgerEvent>;
  readonly lines: number;
}

/**
 * The benchmark's business: events in date order over three months, until exactly `targetLines`
 * journal lines. The same seed gives the same events, for the posting run and for the plain one.
 */
function createEventSource(targetLines: number, customerIds: ReadonlyArray<string>) {
  const random = createRandom(seed);
  let lines = 0;
  let sequence = 0;
  const pick = (): MixEntry => {
    const remaining = targetLines - lines;
    const closing = closingEntryByLines.get(remaining);
    if (closing !== undefined) return closing;
    let draw = random(1_000);
    let chosen = mix[0] ?? entryOf("invoice_issued");
    for (const entry of mix) {
      if (draw < entry.perMille) {
        chosen = entry;
        break;
      }
      draw -= entry.perMille;
    }
    // Never leave a single line over: a voucher has two at least.
    return remaining - chosen.lines === 1 || remaining < chosen.lines ? entryOf("payment_received") : chosen;
  };
  return (vouchers: number): EventBatch => {
    const events: LedgerEvent[] = [];
    let batchLines = 0;
    while (events.length < vouchers && lines < targetLines) {
      const entry = pick();
      const date = days[Math.floor((lines * dayCount) / targetLines)] ?? lastDay;
      sequence += 1;
      const customerId = customerIds[random(customerIds.length)] ?? null;
      events.push({
        type: entry.type,
        date,
        currency: "CNY",
        customerId,
        amounts: amountsOf(entry.type, random),
        memo: `${entry.type} ${sequence}`,
        sourceType: entry.sourceType,
        sourceId: `${entry.sourceType}-${sequence}`,
      });
      lines += entry.lines;
      batchLines += entry.lines;
    }
    return { events, lines: batchLines };
  };
}

interface Options {
  readonly engine: Engine;
  readonly lines: number;
  readonly batchVouchers: number;
  readonly analyze: boolean;
  readonly keep: boolean;
}

function readOptions(): Options {
  const { values } = parseArgs({
    options: {
      engine: { type: "string" },
      lines: { type: "string", default: String(linesDefault) },
      "batch-vouchers": { type: "string", default: String(batchVouchersDefault) },
      "no-analyze": { type: "boolean", default: false },
      keep: { type: "boolean", default: false },
    },
  });
  const engine = values.engine;
  if (engine !== "sqlite" && engine !== "postgres") {
    throw new Error(
      "usage: --engine sqlite|postgres [--lines N] [--batch-vouchers N] [--no-analyze] [--keep]",
    );
  }
  const lines = Number(values.lines);
  const batchVouchers = Number(values["batch-vouchers"]);
  if (!Number.isSafeInteger(lines) || lines < 2 || lines > linesMax) {
    throw new Error(`--lines must be an integer from 2 to ${linesMax}`);
  }
  if (!Number.isSafeInteger(batchVouchers) || batchVouchers < 1 || batchVouchers > postingBatchVouchersMax) {
    throw new Error(`--batch-vouchers must be an integer from 1 to ${postingBatchVouchersMax}`);
  }
  return { engine, lines, batchVouchers, analyze: !values["no-analyze"], keep: values.keep };
}

interface Database {
  readonly store: Store;
  /** Where the data is: a file (SQLite) or a schema (PostgreSQL). */
  readonly location: string;
}

/** A fresh, migrated database, made the way the test harness makes one (test/support/engines.ts). */
async function openFreshDatabase(engine: Engine, name: string, sqliteDirectory: string): Promise<Database> {
  if (engine === "sqlite") {
    const file = join(sqliteDirectory, `${name}.db`);
    const store = await openStore(`sqlite:${file}`);
    await migrateToLatest(store);
    return { store, location: file };
  }
  const schema = `bench_${process.pid}_${randomBytes(4).toString("hex")}_${name}`;
  const store = await openStore(databaseUrl, { schema });
  await migrateToLatest(store);
  return { store, location: schema };
}

async function dropSchemas(schemas: ReadonlyArray<string>): Promise<void> {
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  try {
    for (const schema of schemas) await admin.query(`drop schema if exists ${schema} cascade`);
  } finally {
    await admin.end();
  }
}

interface Books {
  readonly orgId: string;
  readonly actor: Actor;
  readonly customerIds: ReadonlyArray<string>;
}

/** One organization under CAS and its customers, through the services a real one goes through. */
async function setUpBooks(store: Store, customers: number): Promise<Books> {
  const { orgId, actor } = await runCommand(store, async (tx) => {
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
    return { orgId: organization.orgId, actor };
  });
  const customerIds = await runCommand(store, async (tx) => {
    const ids: string[] = [];
    for (let index = 1; index <= customers; index += 1) {
      const code = `B${String(index).padStart(5, "0")}`;
      const customer = await createCustomer(tx, actor, orgId, {
        code,
        name: `Customer ${code}`,
        kind: "company",
      });
      ids.push(customer.customerId);
    }
    return ids;
  });
  return { orgId, actor, customerIds };
}

const number = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const seconds = (ms: number) => (ms / 1_000).toFixed(1);
const perSecond = (count: number, ms: number) => (ms === 0 ? 0 : Math.round((count * 1_000) / ms));

interface PlainRows {
  readonly vouchers: VouchersTable[];
  readonly lines: JournalLinesTable[];
}

/**
 * The rows the posting engine writes for these events — same ids (UUIDv7), dates, numbers per
 * period, columns — made without its checks or its database round trips. Not timed.
 */
function createRowMaker(orgId: string, createdBy: string) {
  const rules = defaultPostingRules("cas");
  const roles = new Map(
    Object.entries(chartTemplate("cas").roles).map(
      ([role, code]) => [role as AccountRole, code ?? ""] as const,
    ),
  );
  const lastNumber = new Map<string, bigint>();
  return (events: ReadonlyArray<LedgerEvent>): PlainRows => {
    const createdAt = new Date().toISOString();
    const rows: PlainRows = { vouchers: [], lines: [] };
    for (const event of events) {
      const lines = eventLines(event, rules[event.type], roles);
      assert(
        lines.length === entryOf(event.type).lines,
        `${event.type} makes ${entryOf(event.type).lines} lines`,
      );
      const period = periodOf(event.date);
      const voucherNumber = (lastNumber.get(period) ?? 0n) + 1n;
      lastNumber.set(period, voucherNumber);
      const voucherId = uuidv7();
      rows.vouchers.push({
        org_id: orgId,
        voucher_id: voucherId,
        period,
        number: voucherNumber,
        voucher_date: event.date,
        kind: "event",
        event_type: event.type,
        memo: event.memo,
        source_type: event.sourceType,
        source_id: event.sourceId,
        reverses_voucher_id: null,
        line_count: BigInt(lines.length),
        created_by: createdBy,
        created_at: createdAt,
      });
      lines.forEach((line, index) => {
        rows.lines.push({
          org_id: orgId,
          voucher_id: voucherId,
          line_no: BigInt(index + 1),
          voucher_date: event.date,
          account_code: line.accountCode,
          customer_id: line.customerId,
          debit_minor: line.debitMinor,
          credit_minor: line.creditMinor,
          currency: line.currency,
          memo: line.memo,
        });
      });
    }
    return rows;
  };
}

const voucherColumns = [
  "org_id",
  "voucher_id",
  "period",
  "number",
  "voucher_date",
  "kind",
  "event_type",
  "memo",
  "source_type",
  "source_id",
  "reverses_voucher_id",
  "line_count",
  "created_by",
  "created_at",
] as const satisfies ReadonlyArray<keyof VouchersTable>;
const lineColumns = [
  "org_id",
  "voucher_id",
  "line_no",
  "voucher_date",
  "account_code",
  "customer_id",
  "debit_minor",
  "credit_minor",
  "currency",
  "memo",
] as const satisfies ReadonlyArray<keyof JournalLinesTable>;

type SqlValue = string | bigint | null;
const voucherValues = (row: VouchersTable): SqlValue[] => voucherColumns.map((column) => row[column]);
const lineValues = (row: JournalLinesTable): SqlValue[] => lineColumns.map((column) => row[column]);

interface PlainInserter {
  insert(rows: PlainRows): Promise<void>;
  count(): Promise<{ readonly vouchers: number; readonly lines: number }>;
  close(): Promise<void>;
}

/** better-sqlite3 on the file: prepared single-row INSERTs, one transaction per batch, the app's pragmas. */
function sqliteInserter(file: string): PlainInserter {
  const connection = new SqliteDatabase(file);
  connection.pragma("journal_mode = WAL");
  connection.pragma("synchronous = FULL");
  connection.pragma("foreign_keys = ON");
  connection.defaultSafeIntegers(true);
  const placeholders = (count: number) => Array.from({ length: count }, () => "?").join(", ");
  const insertVoucher = connection.prepare(
    `insert into vouchers (${voucherColumns.join(", ")}) values (${placeholders(voucherColumns.length)})`,
  );
  const insertLine = connection.prepare(
    `insert into journal_lines (${lineColumns.join(", ")}) values (${placeholders(lineColumns.length)})`,
  );
  const insertBatch = connection.transaction((rows: PlainRows) => {
    for (const row of rows.vouchers) insertVoucher.run(...voucherValues(row));
    for (const row of rows.lines) insertLine.run(...lineValues(row));
  });
  return {
    insert: async (rows) => {
      insertBatch(rows);
    },
    count: async () => {
      const vouchers = connection.prepare("select count(*) as n from vouchers").get() as { n: bigint };
      const lines = connection.prepare("select count(*) as n from journal_lines").get() as { n: bigint };
      return { vouchers: Number(vouchers.n), lines: Number(lines.n) };
    },
    close: async () => {
      connection.close();
    },
  };
}

/** pg on one connection: multi-row INSERTs with bind parameters, one transaction per batch. */
async function postgresInserter(schema: string): Promise<PlainInserter> {
  const client = new pg.Client({ connectionString: databaseUrl, options: `-c search_path=${schema}` });
  await client.connect();
  const statements = new Map<string, string>();
  const statementFor = (table: string, columns: ReadonlyArray<string>, rowCount: number): string => {
    const key = `${table}:${rowCount}`;
    const cached = statements.get(key);
    if (cached !== undefined) return cached;
    const tuples: string[] = [];
    for (let row = 0; row < rowCount; row += 1) {
      const base = row * columns.length;
      tuples.push(`(${columns.map((_, column) => `$${base + column + 1}`).join(", ")})`);
    }
    const text = `insert into ${table} (${columns.join(", ")}) values ${tuples.join(", ")}`;
    statements.set(key, text);
    return text;
  };
  async function insertChunks<T>(
    table: string,
    columns: ReadonlyArray<string>,
    rows: ReadonlyArray<T>,
    values: (row: T) => SqlValue[],
    rowsPerStatement: number,
  ): Promise<void> {
    for (let start = 0; start < rows.length; start += rowsPerStatement) {
      const chunk = rows.slice(start, start + rowsPerStatement);
      await client.query(statementFor(table, columns, chunk.length), chunk.flatMap(values));
    }
  }
  return {
    insert: async (rows) => {
      await client.query("begin");
      try {
        await insertChunks(
          "vouchers",
          voucherColumns,
          rows.vouchers,
          voucherValues,
          plainVoucherRowsPerStatementMax,
        );
        await insertChunks(
          "journal_lines",
          lineColumns,
          rows.lines,
          lineValues,
          plainLineRowsPerStatementMax,
        );
        await client.query("commit");
      } catch (error) {
        await client.query("rollback");
        throw error;
      }
    },
    count: async () => {
      const vouchers = await client.query<{ n: bigint }>("select count(*) as n from vouchers");
      const lines = await client.query<{ n: bigint }>("select count(*) as n from journal_lines");
      return { vouchers: Number(vouchers.rows[0]?.n ?? 0n), lines: Number(lines.rows[0]?.n ?? 0n) };
    },
    close: () => client.end(),
  };
}

interface Run {
  readonly vouchers: number;
  readonly lines: number;
  readonly ms: number;
}

/**
 * Posts each batch of events, then inserts the same batch's rows plainly, timing each alone. Taking
 * turns lets both paths meet the same database sizes, checkpoints and cache state, so the ratio
 * does not depend on which went first.
 */
async function postAndInsert(
  store: Store,
  books: Books,
  inserter: PlainInserter,
  plainBooks: Books,
  options: Options,
): Promise<{ readonly posting: Run; readonly plain: Run }> {
  const nextBatch = createEventSource(options.lines, books.customerIds);
  const makeRows = createRowMaker(plainBooks.orgId, plainBooks.actor.label);
  const step = Math.ceil(options.lines / progressSteps);
  let nextReport = step;
  let vouchers = 0;
  let lines = 0;
  let postingMs = 0;
  let plainMs = 0;
  for (;;) {
    const batch = nextBatch(options.batchVouchers);
    if (batch.events.length === 0) break;
    const postingStarted = performance.now();
    const posted = await runCommand(store, (tx) => postEvents(tx, books.actor, books.orgId, batch.events));
    postingMs += performance.now() - postingStarted;
    assert(
      posted.every((voucher) => voucher !== null),
      "every event of the mix makes a voucher",
    );
    const rows = makeRows(batch.events);
    assert(rows.lines.length === batch.lines, "the plain rows have the posted number of lines");
    const plainStarted = performance.now();
    await inserter.insert(rows);
    plainMs += performance.now() - plainStarted;
    vouchers += posted.length;
    lines += batch.lines;
    if (lines >= nextReport) {
      const percent = Math.round((lines * 100) / options.lines);
      console.log(
        `${number.format(lines).padStart(12)} / ${number.format(options.lines)} lines (${String(percent).padStart(3)} %)` +
          `  ${number.format(vouchers)} vouchers` +
          `  posting ${seconds(postingMs)} s ${number.format(perSecond(lines, postingMs))} lines/s` +
          `  plain ${seconds(plainMs)} s ${number.format(perSecond(lines, plainMs))} lines/s`,
      );
      while (nextReport <= lines) nextReport += step;
    }
  }
  return { posting: { vouchers, lines, ms: postingMs }, plain: { vouchers, lines, ms: plainMs } };
}

async function main(): Promise<void> {
  const options = readOptions();
  console.log(
    `ledger posting benchmark: ${options.engine}, ${number.format(options.lines)} lines, ` +
      `${number.format(options.batchVouchers)} vouchers a transaction, ${number.format(customerCount)} customers`,
  );
  const sqliteDirectory = options.engine === "sqlite" ? mkdtempSync(join(tmpdir(), "credence-bench-")) : "";
  const posting = await openFreshDatabase(options.engine, "posting", sqliteDirectory);
  const plain = await openFreshDatabase(options.engine, "plain", sqliteDirectory);
  let plainStoreOpen = true;
  try {
    const setupStarted = performance.now();
    const books = await setUpBooks(posting.store, customerCount);
    // The plain database needs only what the rows' foreign keys point at: the organization and its chart.
    const plainBooks = { ...(await setUpBooks(plain.store, 0)), customerIds: books.customerIds };
    await plain.store.close();
    plainStoreOpen = false;
    console.log(
      `setup: ${posting.location} and ${plain.location}, ${seconds(performance.now() - setupStarted)} s`,
    );

    const inserter =
      options.engine === "sqlite" ? sqliteInserter(plain.location) : await postgresInserter(plain.location);
    let runs: { readonly posting: Run; readonly plain: Run };
    try {
      runs = await postAndInsert(posting.store, books, inserter, plainBooks, options);
      const stored = await inserter.count();
      assert(
        stored.vouchers === runs.plain.vouchers && stored.lines === runs.plain.lines,
        "the plain insert stored every row",
      );
    } finally {
      await inserter.close();
    }
    const { posting: postingRun, plain: plainRun } = runs;
    assert(postingRun.lines === options.lines, "posted exactly the lines asked for");
    const vouchersPerSecond = perSecond(postingRun.vouchers, postingRun.ms);
    const linesPerSecond = perSecond(postingRun.lines, postingRun.ms);
    console.log(
      `posting: ${number.format(postingRun.vouchers)} vouchers, ${number.format(postingRun.lines)} lines in ` +
        `${seconds(postingRun.ms)} s — ${number.format(vouchersPerSecond)} vouchers/s, ${number.format(linesPerSecond)} lines/s`,
    );
    const plainLinesPerSecond = perSecond(plainRun.lines, plainRun.ms);
    const plainRowsPerSecond = perSecond(plainRun.lines + plainRun.vouchers, plainRun.ms);
    const ratio = plainLinesPerSecond === 0 ? 0 : linesPerSecond / plainLinesPerSecond;
    console.log(
      `plain insert: ${number.format(plainRun.vouchers)} vouchers + ${number.format(plainRun.lines)} lines in ` +
        `${seconds(plainRun.ms)} s — ${number.format(plainRowsPerSecond)} rows/s, ${number.format(plainLinesPerSecond)} lines/s`,
    );
    console.log(`posting / plain (lines/s): ${ratio.toFixed(3)}`);

    let analyzeMs: number | null = null;
    if (options.engine === "postgres" && options.analyze) {
      // Autovacuum would have gathered statistics by now on a server that runs it (the test
      // server does not). Without them PostgreSQL plans verify's anti-join as a nested loop over
      // every line and voucher: quadratic, hours at this size. --no-analyze measures that case.
      const analyzeStarted = performance.now();
      await sql`analyze vouchers, journal_lines`.execute(posting.store.db);
      analyzeMs = Math.round(performance.now() - analyzeStarted);
      console.log(`analyze vouchers, journal_lines: ${analyzeMs} ms`);
    }
    const trialBalanceStarted = performance.now();
    const balance = await trialBalance(posting.store.db, books.orgId, { from: null, to: lastDay });
    const trialBalanceMs = Math.round(performance.now() - trialBalanceStarted);
    for (const total of balance.totals) {
      assert(total.debitMinor === total.creditMinor, "the trial balance balances");
      assert(total.closingDebitMinor === total.closingCreditMinor, "closing balances balance");
    }
    console.log(
      `trial balance (all periods to ${lastDay}, ${balance.rows.length} rows): ${trialBalanceMs} ms`,
    );
    const verifyStarted = performance.now();
    const verification = await verifyLedger(posting.store.db, books.orgId);
    const verifyMs = Math.round(performance.now() - verifyStarted);
    assert(verification.ok, "the posted ledger verifies");
    assert(verification.vouchers === BigInt(postingRun.vouchers), "verify counts every voucher");
    assert(verification.lines === BigInt(postingRun.lines), "verify counts every line");
    console.log(`verify ledger (ok): ${verifyMs} ms`);
    console.log(
      JSON.stringify({
        benchmark: "ledger-post",
        engine: options.engine,
        lines: postingRun.lines,
        vouchers: postingRun.vouchers,
        batchVouchers: options.batchVouchers,
        customers: customerCount,
        seconds: Number((postingRun.ms / 1_000).toFixed(2)),
        vouchersPerSecond,
        linesPerSecond,
        plainSeconds: Number((plainRun.ms / 1_000).toFixed(2)),
        plainLinesPerSecond,
        plainRowsPerSecond,
        ratio: Number(ratio.toFixed(3)),
        analyzeMs,
        trialBalanceMs,
        verifyMs,
        date: new Date().toISOString(),
        node: process.version,
      }),
    );
  } finally {
    await posting.store.close();
    if (plainStoreOpen) await plain.store.close();
    if (options.keep) {
      console.log(`kept: ${posting.location} and ${plain.location}`);
    } else if (options.engine === "sqlite") {
      rmSync(sqliteDirectory, { recursive: true, force: true });
    } else {
      await dropSchemas([posting.location, plain.location]);
    }
  }
}

await main();
