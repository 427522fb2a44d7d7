import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { sql } from "kysely";
import { formatBusinessDate, parseBusinessDate } from "../../core/dates.ts";
import { AppError } from "../../core/errors.ts";
import {
  datesToRun,
  delinquencyBucketOf,
  type EodStep,
  eodSteps,
  isEodStep,
} from "../../domain/collections/index.ts";
import { agingOf, daysPastDue, defaultAgingEdgesDays } from "../../domain/payments/index.ts";
import type { Store } from "../../store/database.ts";
import { type Clock, lockOrganization, runCommand, systemActor, systemClock, type Tx } from "../command.ts";
import { runReassessments, scheduleSeriousOverdue } from "../credit/tasks.ts";
import { businessDateAt } from "../organizations.ts";
import { billDueItems, billingBatchItemsMax } from "../plans/billing.ts";
import { accruePlanPenalties, penaltyBatchItemsMax, penaltyKeysDue } from "../plans/penalties.ts";
import { runWarnings } from "../risk/warnings.ts";
import { evaluatePromises } from "./activities.ts";
import { runDunning } from "./dunning.ts";

/**
 * The end-of-day batch (日终批处理) of an organization: for each business date in order, the
 * steps of `eodSteps`, each idempotent and done in batches of one transaction each. A run's row
 * in `eod_runs` says which steps are done, so a run killed midway resumes with the first step not
 * done (running a done-in-part step again finds only the work left). An instance takes a date by
 * a lease it renews after every batch; another instance finds the lease and leaves the date alone
 * until the lease runs out (a crashed instance's date is taken over then).
 */

/** How long a claim on a date lasts without renewal; every batch renews it. */
export const eodLeaseMs = 5 * 60 * 1000;
/** Rows written per INSERT of the delinquency step. */
const insertRowsMax = 1000;

export interface EodStepRecord {
  readonly step: EodStep;
  /** Items, customers or buckets the step worked on. */
  readonly count: number;
  readonly finishedAt: string;
}

export interface EodRun {
  readonly businessDate: string;
  readonly status: "running" | "completed";
  readonly steps: ReadonlyArray<EodStepRecord>;
  readonly attempts: number;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly lastError: string | null;
}

export interface EodProgress {
  readonly businessDate: string;
  readonly step: EodStep;
  /** What the step has done so far. */
  readonly count: number;
  readonly done: boolean;
}

export interface EodOptions {
  /** One date only (it must not be after today); otherwise every date due, oldest first. */
  readonly date?: string;
  /** The last date to run when catching up (default: today). */
  readonly through?: string;
  readonly clock?: Clock;
  /** Who holds the lease: one value per process (see `processInstanceId`). */
  readonly instanceId?: string;
  readonly onProgress?: (progress: EodProgress) => void;
}

let instance: string | null = null;

/** This process's name in leases: host, process id and a random part. */
export function processInstanceId(): string {
  instance ??= `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
  return instance;
}

/**
 * A fault switch for the kill-midway test: `CREDENCE_FAULT_KILL_AFTER=<step>` kills the process
 * (SIGKILL, no clean-up) right after the first batch of that step has committed.
 */
function faultPoint(step: EodStep): void {
  if (process.env.CREDENCE_FAULT_KILL_AFTER === step) process.kill(process.pid, "SIGKILL");
}

function toRun(row: {
  business_date: string;
  status: string;
  steps_json: string;
  attempts: bigint;
  started_at: string;
  finished_at: string | null;
  last_error: string | null;
}): EodRun {
  return {
    businessDate: row.business_date,
    status: row.status === "completed" ? "completed" : "running",
    steps: JSON.parse(row.steps_json) as EodStepRecord[],
    attempts: Number(row.attempts),
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    lastError: row.last_error,
  };
}

/** The organization's runs, latest date first. */
export async function listEodRuns(store: Store, orgId: string, limit = 60): Promise<EodRun[]> {
  const rows = await store.db
    .selectFrom("eod_runs")
    .selectAll()
    .where("org_id", "=", orgId)
    .orderBy("business_date", "desc")
    .limit(limit)
    .execute();
  return rows.map(toRun);
}

async function lastCompletedDate(store: Store, orgId: string): Promise<string | null> {
  const row = await store.db
    .selectFrom("eod_runs")
    .select(sql<string | null>`max(business_date)`.as("last"))
    .where("org_id", "=", orgId)
    .where("status", "=", "completed")
    .executeTakeFirst();
  return row?.last ?? null;
}

type Claim =
  | { readonly kind: "claimed"; readonly run: EodRun }
  | { readonly kind: "completed" | "busy"; readonly run: EodRun };

/** Takes the date for this instance, unless it is done or another instance holds a live lease. */
async function claim(store: Store, orgId: string, date: string, me: string, clock: Clock): Promise<Claim> {
  return runCommand(
    store,
    async (tx) => {
      await lockOrganization(tx, orgId);
      const leaseUntil = new Date(Date.parse(tx.now) + eodLeaseMs).toISOString();
      const row = await tx.db
        .selectFrom("eod_runs")
        .selectAll()
        .where("org_id", "=", orgId)
        .where("business_date", "=", date)
        .executeTakeFirst();
      if (row === undefined) {
        const inserted = {
          org_id: orgId,
          business_date: date,
          status: "running",
          steps_json: "[]",
          claimed_by: me,
          lease_until: leaseUntil,
          attempts: 1n,
          last_error: null,
          started_at: tx.now,
          finished_at: null,
        };
        await tx.db.insertInto("eod_runs").values(inserted).execute();
        return { kind: "claimed", run: toRun(inserted) };
      }
      if (row.status === "completed") return { kind: "completed", run: toRun(row) };
      const held = row.claimed_by !== null && row.claimed_by !== me && (row.lease_until ?? "") > tx.now;
      if (held) return { kind: "busy", run: toRun(row) };
      const taken = { claimed_by: me, lease_until: leaseUntil, attempts: BigInt(row.attempts) + 1n };
      await tx.db
        .updateTable("eod_runs")
        .set(taken)
        .where("org_id", "=", orgId)
        .where("business_date", "=", date)
        .execute();
      return { kind: "claimed", run: toRun({ ...row, ...taken }) };
    },
    clock,
  );
}

/** Renews the lease after a batch; refuses to go on when another instance has taken the date. */
async function renew(store: Store, orgId: string, date: string, me: string, clock: Clock): Promise<void> {
  await runCommand(
    store,
    async (tx) => {
      const result = await tx.db
        .updateTable("eod_runs")
        .set({ lease_until: new Date(Date.parse(tx.now) + eodLeaseMs).toISOString() })
        .where("org_id", "=", orgId)
        .where("business_date", "=", date)
        .where("claimed_by", "=", me)
        .executeTakeFirst();
      if (result.numUpdatedRows !== 1n) {
        throw new AppError("EOD_BUSY", { detail: `the lease on ${date} was taken over by another instance` });
      }
    },
    clock,
  );
}

async function recordStep(
  store: Store,
  orgId: string,
  date: string,
  me: string,
  steps: EodStepRecord[],
  clock: Clock,
): Promise<void> {
  const last = steps.length === eodSteps.length;
  await runCommand(
    store,
    async (tx) => {
      const result = await tx.db
        .updateTable("eod_runs")
        .set({
          steps_json: JSON.stringify(steps),
          ...(last ? { status: "completed", finished_at: tx.now, claimed_by: null, lease_until: null } : {}),
        })
        .where("org_id", "=", orgId)
        .where("business_date", "=", date)
        .where("claimed_by", "=", me)
        .executeTakeFirst();
      if (result.numUpdatedRows !== 1n) {
        throw new AppError("EOD_BUSY", { detail: `the lease on ${date} was taken over by another instance` });
      }
    },
    clock,
  );
}

interface StepContext {
  readonly store: Store;
  readonly orgId: string;
  readonly date: string;
  readonly today: string;
  readonly clock: Clock;
  /** Called after each committed batch with the count so far. */
  readonly batchDone: (count: number) => Promise<void>;
}

/** Repeats a batch command until a batch comes back short of the batch size. */
async function inBatches(
  context: StepContext,
  batchMax: number,
  batch: (tx: Tx) => Promise<number>,
): Promise<number> {
  let total = 0;
  for (;;) {
    const count = await runCommand(context.store, batch, context.clock);
    total += count;
    await context.batchDone(total);
    if (count < batchMax) return total;
  }
}

/** A step done in one transaction. */
async function singleBatch(context: StepContext, work: (tx: Tx) => Promise<number>): Promise<number> {
  const count = await runCommand(context.store, work, context.clock);
  await context.batchDone(count);
  return count;
}

const stepWork: Readonly<Record<EodStep, (context: StepContext) => Promise<number>>> = {
  billing: (context) =>
    inBatches(context, billingBatchItemsMax, (tx) =>
      billDueItems(tx, systemActor, context.orgId, context.date),
    ),
  // The items to accrue are listed once, then accrued a batch (one transaction) at a time.
  penalties: async (context) => {
    const keys = await penaltyKeysDue(context.store.db, context.orgId, context.date);
    let total = 0;
    for (let start = 0; start < keys.length || start === 0; start += penaltyBatchItemsMax) {
      const batch = keys.slice(start, start + penaltyBatchItemsMax);
      total += await runCommand(
        context.store,
        (tx) => accruePlanPenalties(tx, systemActor, context.orgId, context.date, batch),
        context.clock,
      );
      await context.batchDone(total);
    }
    return total;
  },
  promises: (context) => singleBatch(context, (tx) => evaluatePromises(tx, context.orgId, context.date)),
  dunning: (context) => singleBatch(context, (tx) => runDunning(tx, context.orgId, context.date)),
  delinquency: (context) =>
    singleBatch(context, async (tx) => {
      const customers = await classifyDelinquency(tx, context.orgId, context.date);
      // Falling more than the credit policy's overdue days behind calls for a re-assessment.
      await scheduleSeriousOverdue(tx, context.orgId, context.date);
      return customers;
    }),
  // After the arrears are classified, so that an automatic hold is in place before dunning.
  warnings: (context) => singleBatch(context, (tx) => runWarnings(tx, context.orgId, context.date)),
  reassessment: async (context) => {
    // Assessments are dated by the clock: a catch-up of past dates leaves them to today's run.
    if (context.date !== context.today) return 0;
    const { scheduled, completed } = await runReassessments(context.store, context.orgId, {
      clock: context.clock,
    });
    await context.batchDone(scheduled + completed);
    return scheduled + completed;
  },
  aging: (context) => singleBatch(context, (tx) => snapshotAging(tx, context.orgId, context.date)),
};

/**
 * Each customer's arrears on `date` from its undisputed open items: open and overdue amounts, the
 * oldest overdue due date, days past due and the delinquency bucket. Replaces the previous run's
 * figures; customers with nothing open have no row.
 */
async function classifyDelinquency(tx: Tx, orgId: string, date: string) {
  const base = () =>
    tx.db
      .selectFrom("open_items")
      .where("org_id", "=", orgId)
      .where("status", "=", "open")
      .where("open_minor", ">", 0n)
      .where("disputed", "=", 0n);
  const open = await base()
    .select(["customer_id", sql<bigint>`sum(open_minor)`.as("open_minor")])
    .groupBy("customer_id")
    .execute();
  const overdue = await base()
    .select([
      "customer_id",
      sql<bigint>`sum(open_minor)`.as("overdue_minor"),
      sql<string>`min(due_date)`.as("oldest"),
    ])
    .where("due_date", "<", date)
    .groupBy("customer_id")
    .execute();
  const overdueBy = new Map(overdue.map((row) => [row.customer_id, row]));
  const rows = open.map((row) => {
    const late = overdueBy.get(row.customer_id);
    const days = late === undefined ? 0 : daysPastDue(String(late.oldest), date);
    return {
      org_id: orgId,
      customer_id: row.customer_id,
      as_of: date,
      open_minor: BigInt(row.open_minor),
      overdue_minor: late === undefined ? 0n : BigInt(late.overdue_minor),
      oldest_due_date: late === undefined ? null : String(late.oldest),
      days_past_due: BigInt(days),
      bucket: delinquencyBucketOf(days),
    };
  });
  await tx.db.deleteFrom("customer_delinquency").where("org_id", "=", orgId).execute();
  for (let start = 0; start < rows.length; start += insertRowsMax) {
    await tx.db
      .insertInto("customer_delinquency")
      .values(rows.slice(start, start + insertRowsMax))
      .execute();
  }
  return rows.length;
}

/** The aging of everything open on `date` (credits included), per currency and bucket. */
async function snapshotAging(tx: Tx, orgId: string, date: string) {
  const groups = await tx.db
    .selectFrom("open_items")
    .select([
      "due_date",
      "currency",
      sql<number>`case when open_minor > 0 then 1 else 0 end`.as("positive"),
      sql<bigint>`sum(open_minor)`.as("amount"),
      sql<bigint>`count(*)`.as("items"),
    ])
    .where("org_id", "=", orgId)
    .where("status", "=", "open")
    .where("open_minor", "<>", 0n)
    .groupBy(["due_date", "currency", sql`case when open_minor > 0 then 1 else 0 end`])
    .execute();
  const byCurrency = new Map<string, Array<{ dueDate: string; openMinor: bigint; count: number }>>();
  for (const group of groups) {
    const list = byCurrency.get(group.currency) ?? [];
    list.push({
      dueDate: String(group.due_date),
      openMinor: BigInt(group.amount),
      count: Number(group.items),
    });
    byCurrency.set(group.currency, list);
  }
  await tx.db
    .deleteFrom("aging_snapshots")
    .where("org_id", "=", orgId)
    .where("business_date", "=", date)
    .execute();
  const rows = [...byCurrency].flatMap(([currency, list]) =>
    agingOf(list, date, defaultAgingEdgesDays).buckets.map((bucket) => ({
      org_id: orgId,
      business_date: date,
      currency,
      bucket: bucket.key,
      amount_minor: bucket.amountMinor,
      item_count: BigInt(bucket.count),
    })),
  );
  if (rows.length > 0) await tx.db.insertInto("aging_snapshots").values(rows).execute();
  return rows.length;
}

/** Runs one date's steps that are not done yet, in order; the claim must be this instance's. */
async function runDate(
  store: Store,
  orgId: string,
  date: string,
  today: string,
  me: string,
  run: EodRun,
  clock: Clock,
  onProgress: (progress: EodProgress) => void,
): Promise<EodRun> {
  const steps = run.steps.filter((record) => isEodStep(record.step));
  for (const step of eodSteps) {
    if (steps.some((record) => record.step === step)) continue;
    let batches = 0;
    const count = await stepWork[step]({
      store,
      orgId,
      date,
      today,
      clock,
      batchDone: async (so) => {
        batches += 1;
        if (batches === 1) faultPoint(step);
        await renew(store, orgId, date, me, clock);
        onProgress({ businessDate: date, step, count: so, done: false });
      },
    });
    steps.push({ step, count, finishedAt: clock().toISOString() });
    await recordStep(store, orgId, date, me, steps, clock);
    onProgress({ businessDate: date, step, count, done: true });
  }
  const row = await store.db
    .selectFrom("eod_runs")
    .selectAll()
    .where("org_id", "=", orgId)
    .where("business_date", "=", date)
    .executeTakeFirstOrThrow();
  return toRun(row);
}

export interface EodReport {
  readonly today: string;
  /** Every date looked at, oldest first: run now, or found completed before. */
  readonly runs: ReadonlyArray<EodRun & { readonly ranNow: boolean }>;
}

/**
 * Runs the end-of-day batch of an organization: one date (`date`), or every date from the day
 * after the last completed one to `through` (default today), oldest first. A date another
 * instance is running stops the catch-up with EOD_BUSY (later dates never run before it); a
 * failing step leaves the date running, with its error, for the next attempt.
 */
export async function runEndOfDay(store: Store, orgId: string, options: EodOptions = {}): Promise<EodReport> {
  const clock = options.clock ?? systemClock;
  const me = options.instanceId ?? processInstanceId();
  const today = await businessDateAt(store.db, orgId, clock().toISOString());
  const onProgress = options.onProgress ?? (() => {});
  let dates: string[];
  if (options.date !== undefined) {
    const date = formatBusinessDate(parseBusinessDate(options.date));
    if (date > today) {
      throw new AppError("VALIDATION_FAILED", {
        issues: [{ path: "date", code: "OUT_OF_RANGE", message: `a date up to today (${today})` }],
      });
    }
    dates = [date];
  } else {
    const through = options.through !== undefined && options.through < today ? options.through : today;
    dates = datesToRun(await lastCompletedDate(store, orgId), through).filter((date) => date <= through);
  }
  const runs: Array<EodRun & { ranNow: boolean }> = [];
  for (const date of dates) {
    const claimed = await claim(store, orgId, date, me, clock);
    if (claimed.kind === "completed") {
      runs.push({ ...claimed.run, ranNow: false });
      continue;
    }
    if (claimed.kind === "busy") {
      throw new AppError("EOD_BUSY", { detail: `the end-of-day batch of ${date} is running elsewhere` });
    }
    try {
      runs.push({
        ...(await runDate(store, orgId, date, today, me, claimed.run, clock, onProgress)),
        ranNow: true,
      });
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      await store.db
        .updateTable("eod_runs")
        .set({ last_error: text.slice(0, 500), claimed_by: null, lease_until: null })
        .where("org_id", "=", orgId)
        .where("business_date", "=", date)
        .where("claimed_by", "=", me)
        .execute();
      throw error;
    }
  }
  return { today, runs };
}
