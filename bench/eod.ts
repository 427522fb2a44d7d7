/**
 * The end-of-day batch at scale (issue 7): one business date over a book of running installment
 * plans — by default 1,000,000 contracts of 12 monthly installments (12,000,000 schedule lines)
 * held by 100,000 customers. The book is written straight into a fresh database (not timed), then
 * one `runEndOfDay` for the date is timed, step by step, in a child process of its own so that its
 * peak memory is the batch's alone.
 *
 *   npx tsx bench/eod.ts [--engine sqlite|postgres] [--contracts 1000000] [--customers 100000]
 *                        [--date 2026-11-16] [--keep DIR] [--seed-only] [--reuse DIR] [--in-process]
 *
 * `--keep DIR` leaves the book in place — the SQLite file DIR/eod.db, or the PostgreSQL schema —
 * with DIR/seed.json describing it; with `--seed-only` the batch is not run, so `--reuse DIR` can
 * then time it on the same book without seeding again: on a copy of the file each time (SQLite),
 * or once, on the kept schema itself (PostgreSQL; it is dropped afterwards unless `--keep` is given). `--in-process` runs the batch in
 * this process (for `node --cpu-prof`; the peak memory then includes the seeding). `--sql-stats`
 * prints the statements the batch spent its database time on (count and total time per statement
 * shape), measured around each driver call.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import SqliteDatabase from "better-sqlite3";
import { sql } from "kysely";
import pg from "pg";
import { addDays, formatBusinessDate, parseBusinessDate } from "../src/core/dates.ts";
import { type Decimal, parseDecimal } from "../src/core/decimal.ts";
import { uuidv7 } from "../src/core/ids.ts";
import { defaultDunningPolicy } from "../src/domain/collections/index.ts";
import { daysPastDue } from "../src/domain/payments/index.ts";
import {
  type AccountingMode,
  accruePenalty,
  formatRate,
  originalPlanItems,
  type PenaltySettings,
  type PlanBooks,
  type PlanItem,
  type PlanState,
  penaltyAnnualRate,
  type ScheduleRequest,
} from "../src/domain/plans/index.ts";
import { type EodProgress, runEndOfDay } from "../src/services/collections/eod.ts";
import { runCommand } from "../src/services/command.ts";
import { stringifyMinor } from "../src/services/minor-json.ts";
import { createOrganization } from "../src/services/organizations.ts";
import { createUser } from "../src/services/people.ts";
import { type PlanTerms, pricePlan } from "../src/services/plans/plans.ts";
import { planItemNumber } from "../src/services/receivables/open-items.ts";
import { type Engine, openStore, type Store } from "../src/store/database.ts";
import { migrateToLatest } from "../src/store/migrations.ts";
import { createRandom, loadAverage, number, peakRssMb } from "./support.ts";

const databaseUrl =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  "postgres://postgres@127.0.0.1:5432/test";
/** SQLite: rows per prepared INSERT, under its 32,766 bound variables at up to 25 columns a row. */
const sqliteInsertRowsMax = 500;
/** PostgreSQL: rows per INSERT … SELECT FROM unnest(…), one array parameter per column. */
const postgresInsertRowsMax = 5_000;
/** Rows written per seeding transaction. */
const seedTransactionRowsMax = 500_000;
/** Contracts whose customer is delinquent that have unpaid items (with 12.5 % of customers delinquent: ~5 % of contracts). */
const delinquentCustomerPerMille = 125;
const overdueContractPerMille = 440;
/** Delinquent customers with an overdue item that gave a promise to pay (about 3 % of customers). */
const promisePerMille = 260;
/** Customers with a contact that has an email address and a phone number. */
const contactPerMille = 900;
const fixedSeed = 20_261_116;
/** A mid-month business date: about one contract in thirty has an installment falling due. */
const defaultDate = "2026-11-16";

/** The contracts on offer: a mix of financed sales (分期销售) and installment credit on owed invoices. */
const products: ReadonlyArray<{
  readonly principalMinor: bigint;
  readonly annualRate: string;
  readonly mode: AccountingMode;
}> = [
  { principalMinor: 12_000_00n, annualRate: "0.06", mode: "financed-sale" },
  { principalMinor: 36_000_00n, annualRate: "0.08", mode: "financed-sale" },
  { principalMinor: 60_000_00n, annualRate: "0.08", mode: "installment-credit" },
  { principalMinor: 120_000_00n, annualRate: "0.1", mode: "financed-sale" },
  { principalMinor: 240_000_00n, annualRate: "0.0725", mode: "installment-credit" },
  { principalMinor: 480_000_00n, annualRate: "0.0435", mode: "installment-credit" },
];
const grades: ReadonlyArray<readonly [string, number]> = [
  ["AAA", 60],
  ["AA", 150],
  ["A", 300],
  ["BBB", 300],
  ["BB", 120],
  ["B", 50],
  ["C", 20],
];
const cities = [
  "上海",
  "苏州",
  "杭州",
  "宁波",
  "南京",
  "无锡",
  "常州",
  "广州",
  "深圳",
  "佛山",
  "东莞",
  "成都",
];
const syllables = ["华", "恒", "盛", "达", "信", "诚", "鑫", "隆", "泰", "瑞", "丰", "德", "安", "宏", "远"];
const trades = ["机械", "纺织", "电子", "化工", "建材", "物流", "食品", "汽配", "包装", "五金"];

interface Options {
  readonly sqlStats: boolean;
  readonly verbose: boolean;
  readonly sqliteCacheMb: number | null;
  readonly proposedIndexes: boolean;
  readonly engine: Engine;
  readonly contracts: number;
  readonly customers: number;
  /** The business date the book is made for and the batch runs. */
  readonly date: string;
  /** With --reuse: run the batch for this date instead of the book's own (a catch-up). */
  readonly runDate: string | null;
  readonly keep: string | null;
  readonly seedOnly: boolean;
  readonly reuse: string | null;
  readonly inProcess: boolean;
}

/** What the seeding wrote and what the batch should find. */
interface SeedFacts {
  /** The business date the book was made for. */
  readonly bookDate: string;
  readonly contracts: number;
  readonly customers: number;
  readonly scheduleLines: number;
  readonly overdueContracts: number;
  readonly dueToday: number;
  readonly unpaidItems: number;
  readonly openItems: number;
  readonly promises: number;
  readonly notices: number;
  readonly seedSeconds: number;
}

/** The batch's job, as the parent hands it to the child. */
interface Job {
  readonly engine: Engine;
  /** The SQLite file, or the PostgreSQL schema. */
  readonly location: string;
  readonly orgId: string;
  readonly date: string;
  readonly facts: SeedFacts;
  readonly sqlStats: boolean;
  /** Print every batch as it commits. */
  readonly verbose: boolean;
  /** SQLite: a page cache of this many MB for the batch's connection instead of the default 2 MB (an experiment). */
  readonly sqliteCacheMb: number | null;
  /** Create `proposedIndexes` before the batch (not timed). */
  readonly proposedIndexes: boolean;
}

/**
 * Indexes proposed for the schema (not in the migrations yet), created by `--proposed-indexes`
 * before the batch so that their effect can be measured. The penalty pass looks for the first
 * billed items in (plan, seq) order not yet accrued to the date: billed items are few (the unpaid
 * ones), so a partial index holds just them, in that order, with the columns the search tests.
 */
const proposedIndexes: ReadonlyArray<string> = [
  "create index plan_items_billed on plan_items (org_id, plan_id, seq, status, due_date, penalty_accrued_to, kind) where status = 'billed'",
];

const seconds = (ms: number) => (ms / 1_000).toFixed(2);

function shiftDate(date: string, days: number): string {
  return formatBusinessDate(addDays(parseBusinessDate(date), days));
}

// ---------------------------------------------------------------------------------------------
// Writers: the fastest plain path of each driver, in big transactions.

interface Writer {
  /** Queues a row; returns a promise when the queue was flushed and must be awaited. */
  add(table: string, row: unknown[]): Promise<void> | undefined;
  finish(): Promise<void>;
  readonly rows: number;
}

const columnsOf: Readonly<Record<string, ReadonlyArray<string>>> = {
  customers: [
    "org_id",
    "customer_id",
    "code",
    "name",
    "kind",
    "credit_code",
    "industry",
    "created_at",
    "updated_at",
    "id_number_cipher",
    "id_number_hash",
    "id_number_masked",
    "owner_user_id",
    "notes",
    "tags_json",
    "group_payer_id",
    "collector_user_id",
  ],
  customer_credit: [
    "org_id",
    "customer_id",
    "currency",
    "limit_minor",
    "terms_json",
    "temporary_increase_minor",
    "temporary_expires_on",
    "on_hold",
    "hold_reason",
    "assessment_id",
    "grade",
    "assessment_expires_on",
    "updated_at",
  ],
  customer_contacts: [
    "org_id",
    "contact_id",
    "customer_id",
    "name",
    "role",
    "phone",
    "email",
    "preferred_channel",
    "created_at",
  ],
  plans: [
    "org_id",
    "plan_id",
    "number",
    "customer_id",
    "status",
    "accounting_mode",
    "fee_recognition",
    "currency",
    "vat_rate",
    "cost_minor",
    "principal_minor",
    "financed_minor",
    "contract_date",
    "terms_json",
    "offer_json",
    "version",
    "paid_through",
    "confirmation_json",
    "note",
    "closed_reason",
    "created_by",
    "created_at",
    "updated_at",
    "activated_on",
    "closed_on",
  ],
  plan_versions: [
    "org_id",
    "plan_id",
    "version",
    "kind",
    "effective_date",
    "state_json",
    "change_json",
    "created_by",
    "created_at",
  ],
  plan_items: [
    "org_id",
    "plan_id",
    "seq",
    "customer_id",
    "version",
    "kind",
    "number",
    "due_date",
    "principal_minor",
    "interest_minor",
    "fee_minor",
    "tax_minor",
    "total_minor",
    "amortized_minor",
    "cost_minor",
    "paid_minor",
    "status",
    "billed_on",
    "penalty_state_json",
    "penalty_accrued_to",
    "penalty_minor",
  ],
  open_items: [
    "org_id",
    "item_id",
    "customer_id",
    "source_type",
    "source_id",
    "source_seq",
    "document_number",
    "tax_invoice_number",
    "document_date",
    "due_date",
    "currency",
    "original_minor",
    "open_minor",
    "discount_json",
    "disputed",
    "dispute_note",
    "status",
    "closed_on",
    "created_at",
  ],
  promises_to_pay: [
    "org_id",
    "promise_id",
    "customer_id",
    "currency",
    "amount_minor",
    "made_on",
    "promised_date",
    "status",
    "paid_minor",
    "resolved_on",
    "note",
    "created_by",
    "created_at",
  ],
  payments: [
    "org_id",
    "payment_id",
    "number",
    "customer_id",
    "method",
    "received_date",
    "currency",
    "amount_minor",
    "unapplied_minor",
    "payer_name",
    "reference",
    "bank_line_id",
    "status",
    "reversed_on",
    "reversal_reason",
    "note",
    "created_by",
    "created_at",
  ],
  allocations: [
    "org_id",
    "allocation_id",
    "item_id",
    "customer_id",
    "payment_id",
    "counter_item_id",
    "allocation_date",
    "applied_minor",
    "discount_minor",
    "write_off_minor",
    "reversed_on",
    "reversal_reason",
    "created_by",
    "created_at",
  ],
  dunning_notices: [
    "org_id",
    "notice_id",
    "customer_id",
    "business_date",
    "policy_version",
    "policy_code",
    "level_code",
    "level_index",
    "channel",
    "status",
    "currency",
    "total_minor",
    "fee_minor",
    "max_days_past_due",
    "item_ids_json",
    "recipient",
    "message_id",
    "decided_by",
    "decided_at",
    "created_at",
  ],
};

function columns(table: string): ReadonlyArray<string> {
  const list = columnsOf[table];
  if (list === undefined) throw new Error(`no columns for ${table}`);
  return list;
}

/**
 * better-sqlite3 on the file itself, with the app's connection closed: prepared multi-row INSERTs
 * in transactions of `seedTransactionRowsMax` rows, without fsync (a crash would only lose the
 * bench's own seed). Rows go in primary-key order where the key is a UUIDv7.
 */
function sqliteWriter(file: string): Writer {
  const connection = new SqliteDatabase(file);
  connection.pragma("synchronous = OFF");
  connection.pragma("foreign_keys = OFF");
  connection.pragma("cache_size = -262144");
  const queues = new Map<string, unknown[]>();
  const statements = new Map<string, SqliteDatabase.Statement>();
  let rows = 0;
  let inTransaction = false;
  const statement = (table: string, count: number) => {
    const key = `${table}/${count}`;
    let prepared = statements.get(key);
    if (prepared === undefined) {
      const names = columns(table);
      const tuple = `(${names.map(() => "?").join(",")})`;
      prepared = connection.prepare(
        `insert into ${table} (${names.join(",")}) values ${Array.from({ length: count }, () => tuple).join(",")}`,
      );
      statements.set(key, prepared);
    }
    return prepared;
  };
  const flush = (table: string) => {
    const queue = queues.get(table);
    if (queue === undefined || queue.length === 0) return;
    const width = columns(table).length;
    statement(table, queue.length / width).run(queue);
    queues.set(table, []);
  };
  const flushAll = () => {
    for (const table of queues.keys()) flush(table);
  };
  return {
    get rows() {
      return rows;
    },
    add(table, row) {
      if (!inTransaction) {
        connection.exec("begin");
        inTransaction = true;
      }
      let queue = queues.get(table);
      if (queue === undefined) {
        queue = [];
        queues.set(table, queue);
      }
      for (const value of row) queue.push(typeof value === "boolean" ? (value ? 1 : 0) : value);
      rows += 1;
      if (queue.length >= sqliteInsertRowsMax * row.length) flush(table);
      if (rows % seedTransactionRowsMax === 0) {
        flushAll();
        connection.exec("commit");
        inTransaction = false;
      }
      return undefined;
    },
    async finish() {
      flushAll();
      if (inTransaction) connection.exec("commit");
      connection.pragma("wal_checkpoint(TRUNCATE)");
      connection.close();
    },
  };
}

/** pg on one connection: INSERT … SELECT FROM unnest($1::type[], …), one array per column. */
async function postgresWriter(schema: string): Promise<Writer> {
  const client = new pg.Client({ connectionString: databaseUrl, options: `-c search_path=${schema}` });
  await client.connect();
  const typeRows = await client.query<{ table_name: string; column_name: string; udt_name: string }>(
    "select table_name, column_name, udt_name from information_schema.columns where table_schema = $1",
    [schema],
  );
  const typeOf = new Map(typeRows.rows.map((row) => [`${row.table_name}.${row.column_name}`, row.udt_name]));
  const queues = new Map<string, unknown[][]>();
  let rows = 0;
  let inTransaction = false;
  const flush = async (table: string) => {
    const queue = queues.get(table);
    if (queue === undefined || queue.length === 0) return;
    queues.set(table, []);
    const names = columns(table);
    const arrays = names.map((_, index) =>
      queue.map((row) => {
        const value = row[index];
        return typeof value === "bigint" ? value.toString() : value;
      }),
    );
    const casts = names.map((name, index) => `$${index + 1}::${typeOf.get(`${table}.${name}`) ?? "text"}[]`);
    await client.query(
      `insert into ${table} (${names.join(",")}) select * from unnest(${casts.join(",")})`,
      arrays,
    );
  };
  const flushAll = async () => {
    for (const table of queues.keys()) await flush(table);
  };
  return {
    get rows() {
      return rows;
    },
    add(table, row) {
      let queue = queues.get(table);
      if (queue === undefined) {
        queue = [];
        queues.set(table, queue);
      }
      queue.push(row);
      rows += 1;
      const full = queue.length >= postgresInsertRowsMax;
      const commit = rows % seedTransactionRowsMax === 0;
      if (!full && !commit && inTransaction) return undefined;
      return (async () => {
        if (!inTransaction) {
          await client.query("begin");
          inTransaction = true;
        }
        if (commit) {
          await flushAll();
          await client.query("commit");
          inTransaction = false;
        } else if (full) {
          // Every table, in the order they were first written: a row's parent (foreign key) goes first.
          await flushAll();
        }
      })();
    },
    async finish() {
      if (!inTransaction) await client.query("begin");
      await flushAll();
      await client.query("commit");
      await client.end();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The book.

/** A contract made from one product on one start date: everything but its ids and customer. */
interface Template {
  readonly product: (typeof products)[number];
  readonly startDate: string;
  readonly feeRecognition: string;
  readonly vatRate: string;
  readonly costMinor: bigint;
  readonly principalMinor: bigint;
  readonly financedMinor: bigint;
  readonly termsJson: string;
  readonly stateJson: string;
  readonly items: ReadonlyArray<PlanItem>;
  readonly penaltySettings: PenaltySettings;
  readonly penaltyRate: Decimal;
}

/** Every product on every start date of the year before `date`, priced by the plan service's own `pricePlan`. */
async function buildTemplates(store: Store, orgId: string, date: string): Promise<Template[][]> {
  const byProduct: Template[][] = [];
  for (const product of products) {
    const list: Template[] = [];
    for (let offset = 1; offset <= 365; offset += 1) {
      const startDate = shiftDate(date, -offset);
      const request: ScheduleRequest = {
        principalMinor: product.principalMinor,
        currency: "CNY",
        method: "equal-installment",
        periods: 12,
        frequency: "monthly",
        startDate,
        annualRate: product.annualRate,
      };
      const { quoted, ceiling, policy } = await pricePlan(store.db, orgId, request);
      const financedSale = product.mode === "financed-sale";
      const vatRate = financedSale ? "0.13" : "0";
      const costMinor = financedSale ? (product.principalMinor * 70n) / 100n : 0n;
      const books: PlanBooks = {
        mode: product.mode,
        feeRecognition: policy.feeRecognition,
        vatRate,
        costMinor,
        roundingMode: request.roundingMode ?? "half-even",
      };
      const terms: PlanTerms = {
        request,
        policyVersion: policy.version,
        earlyRepaymentFee: policy.earlyRepaymentFee,
        penalty: policy.penalty,
        rates: {
          nominal: quoted.rates.nominal.rateText,
          effective: formatRate(quoted.rates.effective),
          usAprRegZ: quoted.rates.usAprRegZ.rateText,
          euAprc: quoted.rates.euAprc.rateText,
        },
        rateCeiling: {
          decision: ceiling.decision,
          ceilingRate: ceiling.ceiling.annualRateText,
          explanation: ceiling.explanation,
          legalBasis: ceiling.ceiling.legalBasis,
        },
        offerId: "equal-installment/12",
      };
      const state: PlanState = {
        request,
        schedule: {
          installments: quoted.schedule.installments,
          levelInstallmentMinor: quoted.schedule.levelInstallmentMinor,
        },
        paidThrough: 0,
      };
      const ceilingRate = terms.rateCeiling.ceilingRate;
      list.push({
        product,
        startDate,
        feeRecognition: policy.feeRecognition,
        vatRate,
        costMinor,
        principalMinor: quoted.schedule.principalMinor,
        financedMinor: quoted.schedule.financedMinor,
        termsJson: stringifyMinor(terms),
        stateJson: stringifyMinor(state),
        items: originalPlanItems(quoted.schedule, startDate, books),
        penaltySettings: policy.penalty,
        penaltyRate: penaltyAnnualRate(
          policy.penalty,
          request.annualRate,
          ceilingRate === "" ? null : parseDecimal(ceilingRate),
        ).annualRate,
      });
    }
    byProduct.push(list);
  }
  return byProduct;
}

interface OverdueItem {
  readonly itemId: string;
  readonly dueDate: string;
  readonly openMinor: bigint;
}

/** A delinquent customer's arrears, for its dunning history and its promise to pay. */
interface Arrears {
  readonly items: OverdueItem[];
  paid: { planId: string; seq: number; dueDate: string; totalMinor: bigint; documentNumber: string } | null;
}

async function seedBook(
  writer: Writer,
  templates: Template[][],
  orgId: string,
  options: Options,
): Promise<Omit<SeedFacts, "seedSeconds">> {
  const random = createRandom(fixedSeed);
  const now = new Date().toISOString();
  const date = options.date;
  const yesterday = shiftDate(date, -1);
  const write = async (table: string, row: unknown[]) => {
    const pending = writer.add(table, row);
    if (pending !== undefined) await pending;
  };

  const customerIds: string[] = [];
  const delinquent: boolean[] = [];
  for (let index = 0; index < options.customers; index += 1) {
    const customerId = uuidv7();
    customerIds.push(customerId);
    delinquent.push(random(1_000) < delinquentCustomerPerMille);
    const trade = trades[random(trades.length)] ?? "";
    const name = `${cities[random(cities.length)]}${syllables[random(syllables.length)]}${syllables[random(syllables.length)]}${trade}有限公司`;
    const tags = random(1_000) < 50 ? '["vip"]' : "[]";
    await write("customers", [
      orgId,
      customerId,
      `C${String(index + 1).padStart(6, "0")}`,
      name,
      "company",
      null,
      trade,
      now,
      now,
      null,
      null,
      null,
      null,
      null,
      tags,
      null,
      null,
    ]);
    let draw = random(1_000);
    let grade = "BBB";
    for (const [entry, share] of grades) {
      if (draw < share) {
        grade = entry;
        break;
      }
      draw -= share;
    }
    await write("customer_credit", [
      orgId,
      customerId,
      "CNY",
      BigInt(1 + random(500)) * 100_000_00n,
      JSON.stringify({ kind: "net", days: 30 }),
      null,
      null,
      0n,
      null,
      null,
      grade,
      "2027-12-31",
      now,
    ]);
    if (random(1_000) < contactPerMille) {
      await write("customer_contacts", [
        orgId,
        uuidv7(),
        customerId,
        "财务部",
        "finance",
        `1380000${String(index % 10_000).padStart(4, "0")}`,
        `ar${index + 1}@customer.example.test`,
        "email",
        now,
      ]);
    }
  }

  let overdueContracts = 0;
  let dueToday = 0;
  let unpaidItems = 0;
  let openItems = 0;
  const arrears = new Map<number, Arrears>();
  for (let index = 0; index < options.contracts; index += 1) {
    const customerIndex = index % options.customers;
    const customerId = customerIds[customerIndex] ?? "";
    const productIndex = random(products.length);
    const template = templates[productIndex]?.[random(365)];
    if (template === undefined) throw new Error("no template");
    const planId = uuidv7();
    const planNumber = `FQ-${String(index + 1).padStart(6, "0")}`;
    const pastDue = template.items.filter((item) => item.dueDate < date).length;
    let unpaid = 0;
    if (delinquent[customerIndex] === true && pastDue > 0 && random(1_000) < overdueContractPerMille) {
      const draw = random(100);
      unpaid = Math.min(pastDue, draw < 55 ? 1 : draw < 80 ? 2 : draw < 92 ? 3 : 4 + random(3));
      overdueContracts += 1;
    }
    await write("plans", [
      orgId,
      planId,
      planNumber,
      customerId,
      "active",
      template.product.mode,
      template.feeRecognition,
      "CNY",
      template.vatRate,
      template.costMinor,
      template.principalMinor,
      template.financedMinor,
      template.startDate,
      template.termsJson,
      null,
      1n,
      0n,
      JSON.stringify({
        confirmedBy: "财务负责人",
        method: "e-signature",
        reference: `ES-${index + 1}`,
        confirmedOn: template.startDate,
        recordedBy: "bench",
        recordedAt: now,
      }),
      null,
      null,
      "bench",
      now,
      now,
      template.startDate,
      null,
    ]);
    await write("plan_versions", [
      orgId,
      planId,
      1n,
      "original",
      template.startDate,
      template.stateJson,
      null,
      "bench",
      now,
    ]);
    let customerArrears = arrears.get(customerIndex);
    if (delinquent[customerIndex] === true && customerArrears === undefined) {
      customerArrears = { items: [], paid: null };
      arrears.set(customerIndex, customerArrears);
    }
    for (const [position, item] of template.items.entries()) {
      const seq = position + 1;
      let status = "scheduled";
      let paidMinor = 0n;
      let billedOn: string | null = null;
      let penaltyState: string | null = null;
      let penaltyAccruedTo: string | null = null;
      let penaltyMinor = 0n;
      if (item.dueDate === date) dueToday += 1;
      if (item.dueDate < date) {
        billedOn = item.dueDate;
        const documentNumber = planItemNumber(planNumber, { kind: item.kind, number: item.number, seq });
        if (position >= pastDue - unpaid) {
          // Billed by an earlier batch and still unpaid: its open item, and penalties accrued to yesterday.
          status = "billed";
          unpaidItems += 1;
          const accrual = accruePenalty({
            currency: "CNY",
            dueDate: item.dueDate,
            fromDate: item.dueDate,
            toDate: yesterday,
            overduePrincipalMinor: item.principalMinor,
            overdueInterestMinor: item.interestMinor,
            penaltyAnnualRate: template.penaltyRate,
            settings: template.penaltySettings,
          });
          penaltyState = stringifyMinor(accrual.accrued);
          penaltyAccruedTo = yesterday;
          penaltyMinor = accrual.totalMinor;
          const itemId = uuidv7();
          await write("open_items", [
            orgId,
            itemId,
            customerId,
            "plan",
            planId,
            BigInt(seq),
            documentNumber,
            null,
            item.dueDate,
            item.dueDate,
            "CNY",
            item.totalMinor,
            item.totalMinor,
            "[]",
            0n,
            null,
            "open",
            null,
            now,
          ]);
          openItems += 1;
          customerArrears?.items.push({ itemId, dueDate: item.dueDate, openMinor: item.totalMinor });
          if (accrual.totalMinor > 0n) {
            await write("open_items", [
              orgId,
              uuidv7(),
              customerId,
              "plan_penalty",
              planId,
              BigInt(seq),
              `${documentNumber} 罚息 ${yesterday}`,
              null,
              yesterday,
              yesterday,
              "CNY",
              accrual.totalMinor,
              accrual.totalMinor,
              "[]",
              0n,
              null,
              "open",
              null,
              now,
            ]);
            openItems += 1;
          }
        } else {
          status = "paid";
          paidMinor = item.totalMinor;
          if (customerArrears !== undefined && customerArrears.paid === null) {
            customerArrears.paid = {
              planId,
              seq,
              dueDate: item.dueDate,
              totalMinor: item.totalMinor,
              documentNumber,
            };
          }
        }
      }
      await write("plan_items", [
        orgId,
        planId,
        BigInt(seq),
        customerId,
        1n,
        item.kind,
        item.number === null ? null : BigInt(item.number),
        item.dueDate,
        item.principalMinor,
        item.interestMinor,
        item.feeMinor,
        item.taxMinor,
        item.totalMinor,
        item.amortizedMinor,
        item.costMinor,
        paidMinor,
        status,
        billedOn,
        penaltyState,
        penaltyAccruedTo,
        penaltyMinor,
      ]);
    }
  }

  // Each delinquent customer's dunning so far (the level its oldest item had reached by
  // yesterday), and for some a promise to pay, a few of them paid in part or in full since.
  const levels = defaultDunningPolicy.levels;
  let notices = 0;
  let promises = 0;
  let payments = 0;
  for (const [customerIndex, owed] of [...arrears].sort((a, b) => a[0] - b[0])) {
    if (owed.items.length === 0) continue;
    const customerId = customerIds[customerIndex] ?? "";
    const oldest = owed.items.reduce((first, item) => (item.dueDate < first ? item.dueDate : first), date);
    const late = daysPastDue(oldest, yesterday);
    let levelIndex = -1;
    for (const [index, level] of levels.entries()) if (level.daysFromDue <= late) levelIndex = index;
    const level = levels[levelIndex];
    if (level !== undefined) {
      const sentOn = shiftDate(oldest, Math.max(level.daysFromDue, 0));
      const covered = owed.items.filter((item) => item.dueDate <= sentOn);
      const status = level.needsApproval
        ? "awaiting_approval"
        : level.channel === "email" || level.channel === "sms"
          ? "issued"
          : "task_open";
      await write("dunning_notices", [
        orgId,
        uuidv7(),
        customerId,
        sentOn,
        1n,
        "standard",
        level.code,
        BigInt(levelIndex),
        level.channel,
        status,
        "CNY",
        covered.reduce((sum, item) => sum + item.openMinor, 0n),
        level.needsApproval ? 0n : level.feeMinor,
        BigInt(daysPastDue(oldest, sentOn)),
        JSON.stringify(covered.map((item) => item.itemId)),
        null,
        null,
        null,
        null,
        now,
      ]);
      notices += 1;
    }
    if (random(1_000) >= promisePerMille) continue;
    const madeOn = shiftDate(date, -(1 + random(10)));
    const promisedDate = shiftDate(madeOn, 2 + random(14));
    const kind = random(3);
    const paid = kind === 0 ? owed.paid : null;
    const amountMinor =
      paid === null
        ? owed.items.reduce((sum, item) => sum + item.openMinor, 0n)
        : random(2) === 0
          ? paid.totalMinor
          : paid.totalMinor * 2n;
    await write("promises_to_pay", [
      orgId,
      uuidv7(),
      customerId,
      "CNY",
      amountMinor,
      madeOn,
      promisedDate,
      "open",
      0n,
      null,
      null,
      "collector",
      now,
    ]);
    promises += 1;
    if (paid !== null) {
      // An installment paid since the promise: its settled open item, the payment and the allocation.
      const receivedOn = madeOn < yesterday ? shiftDate(madeOn, 1) : yesterday;
      const itemId = uuidv7();
      const paymentId = uuidv7();
      payments += 1;
      await write("open_items", [
        orgId,
        itemId,
        customerId,
        "plan",
        paid.planId,
        BigInt(paid.seq),
        paid.documentNumber,
        null,
        paid.dueDate,
        paid.dueDate,
        "CNY",
        paid.totalMinor,
        0n,
        "[]",
        0n,
        null,
        "closed",
        receivedOn,
        now,
      ]);
      await write("payments", [
        orgId,
        paymentId,
        `SK-BENCH-${String(payments).padStart(6, "0")}`,
        customerId,
        "bank_transfer",
        receivedOn,
        "CNY",
        paid.totalMinor,
        0n,
        null,
        null,
        null,
        "posted",
        null,
        null,
        null,
        "bench",
        now,
      ]);
      await write("allocations", [
        orgId,
        uuidv7(),
        itemId,
        customerId,
        paymentId,
        null,
        receivedOn,
        paid.totalMinor,
        0n,
        0n,
        null,
        null,
        "bench",
        now,
      ]);
    }
  }
  await writer.finish();
  return {
    bookDate: date,
    contracts: options.contracts,
    customers: options.customers,
    scheduleLines: options.contracts * 12,
    overdueContracts,
    dueToday,
    unpaidItems,
    openItems,
    promises,
    notices,
  };
}

// ---------------------------------------------------------------------------------------------
// The parent: a fresh database, the organization, the book; then the batch in a child.

async function createBooks(store: Store): Promise<string> {
  return runCommand(store, async (tx) => {
    const owner = await createUser(tx, {
      email: `bench.eod.${process.pid}@example.test`,
      displayName: "Bench",
      password: "bench-password-1",
      locale: "zh-CN",
    });
    const organization = await createOrganization(
      tx,
      { userId: owner.userId, label: "bench" },
      {
        name: "分期基准有限公司",
        baseCurrency: "CNY",
        timeZone: "Asia/Shanghai",
        accountingFramework: "cas",
        ownerUserId: owner.userId,
      },
    );
    return organization.orgId;
  });
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

async function openJobStore(job: Pick<Job, "engine" | "location">): Promise<Store> {
  return job.engine === "sqlite"
    ? openStore(`sqlite:${job.location}`)
    : openStore(databaseUrl, { schema: job.location });
}

async function seed(options: Options, directory: string): Promise<Job> {
  const started = performance.now();
  let location: string;
  let store: Store;
  if (options.engine === "sqlite") {
    location = join(directory, "eod.db");
    store = await openStore(`sqlite:${location}`);
  } else {
    location = `bench_${process.pid}_${randomBytes(4).toString("hex")}_eod`;
    store = await openStore(databaseUrl, { schema: location });
  }
  let orgId: string;
  let facts: Omit<SeedFacts, "seedSeconds">;
  let rowsWritten: number;
  try {
    await migrateToLatest(store);
    orgId = await createBooks(store);
    const templates = await buildTemplates(store, orgId, options.date);
    await store.close();
    console.log(
      `organization made and ${number.format(products.length * 365)} contract templates priced in ${seconds(performance.now() - started)} s`,
    );
    const writer = options.engine === "sqlite" ? sqliteWriter(location) : await postgresWriter(location);
    facts = await seedBook(writer, templates, orgId, options);
    rowsWritten = writer.rows;
  } catch (error) {
    await store.close().catch(() => {});
    if (options.engine === "postgres" && options.keep === null) await dropSchema(location);
    throw error;
  }
  const writtenMs = performance.now() - started;
  if (options.engine === "postgres") {
    // The test server runs without autovacuum; a production server would have statistics.
    const client = new pg.Client({ connectionString: databaseUrl, options: `-c search_path=${location}` });
    await client.connect();
    await client.query("analyze");
    await client.query("checkpoint");
    await client.end();
  }
  const seedSeconds = Number(seconds(performance.now() - started));
  console.log(
    `seeded in ${seedSeconds} s (${number.format(rowsWritten)} rows written in ${seconds(writtenMs)} s${
      options.engine === "postgres" ? ", then ANALYZE" : ""
    }; not timed below): ${number.format(facts.customers)} customers, ${number.format(facts.contracts)} running plans, ${number.format(facts.scheduleLines)} schedule lines; ${number.format(facts.overdueContracts)} contracts overdue (${((100 * facts.overdueContracts) / facts.contracts).toFixed(1)} %) with ${number.format(facts.unpaidItems)} unpaid items, ${number.format(facts.openItems)} open items, ${number.format(facts.notices)} earlier notices, ${number.format(facts.promises)} open promises; ${number.format(facts.dueToday)} installments fall due on ${options.date}`,
  );
  return {
    engine: options.engine,
    location,
    orgId,
    date: options.date,
    facts: { ...facts, seedSeconds },
    sqlStats: options.sqlStats,
    verbose: options.verbose,
    sqliteCacheMb: options.sqliteCacheMb,
    proposedIndexes: options.proposedIndexes,
  };
}

async function countRows(store: Store, orgId: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of [
    "vouchers",
    "journal_lines",
    "open_items",
    "dunning_notices",
    "outbox_messages",
    "collection_activities",
    "customer_delinquency",
  ] as const) {
    const row = await store.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<bigint>().as("n"))
      .where("org_id", "=", orgId)
      .executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  return counts;
}

// ---------------------------------------------------------------------------------------------
// The batch, timed.

/** Time per statement shape (lists of placeholders folded), from the driver's calls. */
const sqlTimes = new Map<string, { count: number; ms: number }>();

function shapeOf(text: string): string {
  return text
    .replace(/(\?|\$\d+)(\s*,\s*(\?|\$\d+))+/g, "…")
    .replace(/\((…)\)(\s*,\s*\(…\))+/g, "(…)…")
    .replace(/\s+/g, " ")
    .slice(0, 160);
}

function recordSql(text: string, ms: number): void {
  const key = shapeOf(text);
  const entry = sqlTimes.get(key) ?? { count: 0, ms: 0 };
  entry.count += 1;
  entry.ms += ms;
  sqlTimes.set(key, entry);
}

/** Wraps the drivers' calls: better-sqlite3 statements (and their preparation), pg queries. */
function instrumentDrivers(): void {
  const prototype = SqliteDatabase.prototype as unknown as {
    prepare: (this: unknown, text: string) => Record<string, (...args: unknown[]) => unknown>;
  };
  const prepare = prototype.prepare;
  prototype.prepare = function (this: unknown, text: string) {
    const started = performance.now();
    const statement = prepare.call(this, text);
    recordSql(`(prepare) ${text}`, performance.now() - started);
    for (const method of ["all", "run", "get", "iterate"]) {
      const original = statement[method];
      if (original === undefined) continue;
      statement[method] = (...args: unknown[]) => {
        const at = performance.now();
        const result = original.apply(statement, args);
        recordSql(text, performance.now() - at);
        return result;
      };
    }
    return statement;
  };
  const clientPrototype = pg.Client.prototype as unknown as {
    query: (this: unknown, ...args: unknown[]) => unknown;
  };
  const query = clientPrototype.query;
  clientPrototype.query = function (this: unknown, ...args: unknown[]) {
    const first = args[0];
    const text = typeof first === "string" ? first : ((first as { text?: string })?.text ?? "?");
    const at = performance.now();
    const result = query.apply(this, args);
    if (result instanceof Promise) {
      return result.finally(() => recordSql(text, performance.now() - at));
    }
    return result;
  };
}

function printSqlStats(): void {
  const entries = [...sqlTimes].sort((a, b) => b[1].ms - a[1].ms);
  const totalMs = entries.reduce((sum, [, entry]) => sum + entry.ms, 0);
  console.log(`database calls: ${seconds(totalMs)} s in all; the costliest statement shapes:`);
  for (const [text, entry] of entries.slice(0, 25)) {
    console.log(
      `  ${seconds(entry.ms).padStart(7)} s ${number.format(entry.count).padStart(8)}×  ${text.slice(0, 150)}`,
    );
  }
}

async function timeBatch(job: Job): Promise<void> {
  if (job.sqlStats) instrumentDrivers();
  const store = await openJobStore(job);
  try {
    // A kept book may predate later migrations; bring it up to date (not timed).
    const migrated = await migrateToLatest(store);
    if (migrated.applied.length > 0)
      console.log(`migrated the book (not timed): ${migrated.applied.join(", ")}`);
    if (job.sqliteCacheMb !== null && job.engine === "sqlite") {
      await sql.raw(`pragma cache_size = -${Math.round(job.sqliteCacheMb * 1024)}`).execute(store.db);
      console.log(`experiment: SQLite page cache ${job.sqliteCacheMb} MB (the app keeps the default 2 MB)`);
    }
    if (job.proposedIndexes) {
      const indexStarted = performance.now();
      for (const statement of proposedIndexes) await sql.raw(statement).execute(store.db);
      if (job.engine === "postgres") await sql.raw("analyze plan_items").execute(store.db);
      console.log(
        `proposed indexes created in ${seconds(performance.now() - indexStarted)} s (not timed): ${proposedIndexes.join("; ")}`,
      );
    }
    const before = await countRows(store, job.orgId);
    const loadBefore = loadAverage();
    // The batch runs at 22:00 in Shanghai on the date, as the scheduler would start it.
    const clockStartMs = Date.parse(`${job.date}T14:00:00.000Z`);
    const startedAt = performance.now();
    const clock = () => new Date(clockStartMs + (performance.now() - startedAt));
    const cpuBefore = process.cpuUsage();
    const steps: Array<{ step: string; ms: number; cpuMs: number; count: number; batches: number }> = [];
    let stepStarted = startedAt;
    let stepCpu = process.cpuUsage();
    let batches = 0;
    const onProgress = (progress: EodProgress) => {
      if (!progress.done) {
        batches += 1;
        if (job.verbose) {
          console.log(
            `    ${progress.step} batch ${batches}: ${number.format(progress.count)} so far, ${seconds(performance.now() - stepStarted)} s`,
          );
        }
        return;
      }
      const at = performance.now();
      const used = process.cpuUsage(stepCpu);
      const cpuMs = (used.user + used.system) / 1_000;
      steps.push({ step: progress.step, ms: at - stepStarted, cpuMs, count: progress.count, batches });
      console.log(
        `  ${progress.step.padEnd(13)} ${seconds(at - stepStarted).padStart(8)} s  ${number.format(progress.count).padStart(9)}  (CPU ${seconds(cpuMs)} s, ${batches} batch${batches === 1 ? "" : "es"}, RSS ${Math.round(process.memoryUsage.rss() / 1_048_576)} MB)`,
      );
      stepStarted = at;
      stepCpu = process.cpuUsage();
      batches = 0;
    };
    console.log(`end of day ${job.date} on ${job.engine} (load average ${loadBefore}):`);
    const report = await runEndOfDay(store, job.orgId, { date: job.date, clock, onProgress });
    const totalMs = performance.now() - startedAt;
    const cpu = process.cpuUsage(cpuBefore);
    const peakMb = peakRssMb();
    const loadAfter = loadAverage();
    const after = await countRows(store, job.orgId);
    const run = report.runs[0];
    if (run === undefined || run.status !== "completed") throw new Error("the run did not complete");
    const written = Object.fromEntries(
      Object.entries(after).map(([table, count]) => [table, count - (before[table] ?? 0)]),
    );
    const countOf = (step: string) => steps.find((entry) => entry.step === step)?.count ?? 0;
    console.log(
      `total ${seconds(totalMs)} s (this process's CPU ${seconds((cpu.user + cpu.system) / 1_000)} s), peak RSS ${number.format(peakMb)} MB, load average after ${loadAfter}`,
    );
    if (job.date !== job.facts.bookDate) {
      console.log(`a catch-up: the book was made for ${job.facts.bookDate}, the batch ran for ${job.date}`);
    } else
      console.log(
        `expected: billing ${number.format(job.facts.dueToday)} items, penalties ${number.format(job.facts.unpaidItems)} items; got ${number.format(countOf("billing"))} and ${number.format(countOf("penalties"))}`,
      );
    console.log(
      `written: ${Object.entries(written)
        .map(([table, count]) => `${table} ${count >= 0 ? "+" : ""}${number.format(count)}`)
        .join(", ")}`,
    );
    if (job.sqlStats) printSqlStats();
    const goalMet = job.engine === "sqlite" ? totalMs <= 60_000 && peakMb <= 1_024 : null;
    if (goalMet !== null) console.log(`goal ≤ 60 s and ≤ 1 GB on SQLite: ${goalMet ? "met" : "not met"}`);
    console.log(
      JSON.stringify({
        benchmark: "eod",
        engine: job.engine,
        businessDate: job.date,
        contracts: job.facts.contracts,
        customers: job.facts.customers,
        scheduleLines: job.facts.scheduleLines,
        dueToday: job.facts.dueToday,
        unpaidItems: job.facts.unpaidItems,
        seedSeconds: job.facts.seedSeconds,
        proposedIndexes: job.proposedIndexes,
        sqliteCacheMb: job.sqliteCacheMb,
        totalSeconds: Number(seconds(totalMs)),
        cpuSeconds: Number(seconds((cpu.user + cpu.system) / 1_000)),
        steps: Object.fromEntries(
          steps.map((entry) => [
            entry.step,
            {
              seconds: Number(seconds(entry.ms)),
              cpuSeconds: Number(seconds(entry.cpuMs)),
              count: entry.count,
              batches: entry.batches,
            },
          ]),
        ),
        written,
        peakRssMb: peakMb,
        loadAverage: { before: loadBefore, after: loadAfter },
        date: new Date().toISOString(),
        node: process.version,
      }),
    );
  } finally {
    await store.close();
  }
}

/** Runs the batch in a fresh process (this script, with this process's flags), so its peak RSS is its own. */
function timeBatchInChild(job: Job): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], {
      env: { ...process.env, BENCH_EOD_JOB: JSON.stringify(job) },
      stdio: "inherit",
    });
    child.on("error", fail);
    child.on("exit", (code, signal) =>
      code === 0 ? done() : fail(new Error(`the batch process ended with ${signal ?? code}`)),
    );
  });
}

async function main(): Promise<void> {
  const childJob = process.env.BENCH_EOD_JOB;
  if (childJob !== undefined) {
    await timeBatch(JSON.parse(childJob) as Job);
    return;
  }
  const { values } = parseArgs({
    options: {
      engine: { type: "string", default: "sqlite" },
      contracts: { type: "string", default: "1000000" },
      customers: { type: "string", default: "100000" },
      date: { type: "string" },
      keep: { type: "string" },
      "seed-only": { type: "boolean", default: false },
      reuse: { type: "string" },
      "in-process": { type: "boolean", default: false },
      "sql-stats": { type: "boolean", default: false },
      verbose: { type: "boolean", default: false },
      "sqlite-cache-mb": { type: "string" },
      "proposed-indexes": { type: "boolean", default: false },
    },
  });
  if (values.engine !== "sqlite" && values.engine !== "postgres") {
    throw new Error("--engine must be sqlite or postgres");
  }
  const options: Options = {
    engine: values.engine,
    contracts: Number(values.contracts),
    customers: Number(values.customers),
    date: formatBusinessDate(parseBusinessDate(values.date ?? defaultDate)),
    runDate: values.date === undefined ? null : formatBusinessDate(parseBusinessDate(values.date)),
    keep: values.keep === undefined ? null : resolve(values.keep),
    seedOnly: values["seed-only"],
    reuse: values.reuse === undefined ? null : resolve(values.reuse),
    inProcess: values["in-process"],
    sqlStats: values["sql-stats"],
    verbose: values.verbose,
    sqliteCacheMb: values["sqlite-cache-mb"] === undefined ? null : Number(values["sqlite-cache-mb"]),
    proposedIndexes: values["proposed-indexes"],
  };
  if (!Number.isSafeInteger(options.contracts) || options.contracts < 1)
    throw new Error("--contracts: a count");
  if (!Number.isSafeInteger(options.customers) || options.customers < 1)
    throw new Error("--customers: a count");

  let directory: string;
  let job: Job;
  if (options.reuse !== null) {
    const seeded = JSON.parse(readFileSync(join(options.reuse, "seed.json"), "utf8")) as Job;
    if (seeded.engine !== options.engine) throw new Error(`${options.reuse} holds a ${seeded.engine} book`);
    directory = options.keep ?? mkdtempSync(join(tmpdir(), "credence-eod-"));
    mkdirSync(directory, { recursive: true });
    if (options.engine === "sqlite") {
      const copyStarted = performance.now();
      const location = join(directory, "eod.db");
      if (resolve(location) === resolve(seeded.location)) throw new Error("--keep must differ from --reuse");
      copyFileSync(seeded.location, location);
      job = {
        ...seeded,
        location,
        date: options.runDate ?? seeded.date,
        sqlStats: options.sqlStats,
        verbose: options.verbose,
        sqliteCacheMb: options.sqliteCacheMb,
        proposedIndexes: options.proposedIndexes,
      };
      console.log(
        `the book of ${options.reuse} copied in ${seconds(performance.now() - copyStarted)} s: ${number.format(job.facts.contracts)} plans, ${number.format(job.facts.customers)} customers (seeded in ${job.facts.seedSeconds} s)`,
      );
    } else {
      // A schema cannot be copied cheaply: the batch runs on the kept one, once.
      job = {
        ...seeded,
        date: options.runDate ?? seeded.date,
        sqlStats: options.sqlStats,
        verbose: options.verbose,
        sqliteCacheMb: options.sqliteCacheMb,
        proposedIndexes: options.proposedIndexes,
      };
      console.log(
        `the book of ${options.reuse} (schema ${job.location}, used up by this run): ${number.format(job.facts.contracts)} plans, ${number.format(job.facts.customers)} customers (seeded in ${job.facts.seedSeconds} s)`,
      );
    }
    if (options.keep !== null)
      writeFileSync(join(directory, "seed.json"), `${JSON.stringify(job, null, 2)}\n`);
  } else {
    directory = options.keep ?? mkdtempSync(join(tmpdir(), "credence-eod-"));
    mkdirSync(directory, { recursive: true });
    if (existsSync(join(directory, "seed.json"))) throw new Error(`${directory} already holds a book`);
    console.log(
      `end-of-day bench on ${options.engine}: ${number.format(options.contracts)} plans of 12 monthly installments, ${number.format(options.customers)} customers, business date ${options.date}`,
    );
    try {
      job = await seed(options, directory);
    } catch (error) {
      if (options.keep === null) rmSync(directory, { recursive: true, force: true });
      throw error;
    }
    if (options.keep !== null)
      writeFileSync(join(directory, "seed.json"), `${JSON.stringify(job, null, 2)}\n`);
  }
  try {
    if (!options.seedOnly) {
      if (options.inProcess) await timeBatch(job);
      else await timeBatchInChild(job);
    }
  } finally {
    if (options.keep === null) {
      if (options.engine === "postgres") await dropSchema(job.location);
      rmSync(directory, { recursive: true, force: true });
    } else {
      console.log(
        options.engine === "sqlite"
          ? `kept: ${job.location}`
          : `kept: schema ${job.location} in ${databaseUrl.replace(/\/\/([^:@/]+):([^@/]*)@/, "//$1:***@")} (seed.json in ${directory})`,
      );
    }
  }
}

await main();
