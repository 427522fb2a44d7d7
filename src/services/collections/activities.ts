import { AppError } from "../../core/errors.ts";
import { uuidv7 } from "../../core/ids.ts";
import type { Executor } from "../../store/database.ts";
import type { CollectionActivitiesTable } from "../../store/schema.ts";
import { appendAudit } from "../audit.ts";
import type { Actor, Tx } from "../command.ts";
import { getCustomer } from "../customers.ts";
import { todayOf } from "../receivables/open-items.ts";

/**
 * The collections log of a customer: what the collectors did (calls with their outcome, emails,
 * visits, letters, notes), each with an optional next follow-up date, and the promises to pay
 * they took. A promise is kept when the customer's items receive its amount by its date (money
 * applied from the day it was made), broken when the date passes short of it; the end-of-day
 * batch decides, and a broken promise escalates the next dunning notice.
 */

export const activityKinds = ["call", "email", "sms", "visit", "letter", "note"] as const;
export type ActivityKind = (typeof activityKinds)[number];
export const callOutcomes = [
  "reached",
  "promised",
  "no_answer",
  "refused",
  "wrong_number",
  "disputed",
  "other",
] as const;
export type CallOutcome = (typeof callOutcomes)[number];
export const promiseStatuses = ["open", "kept", "broken", "cancelled"] as const;
export type PromiseStatus = (typeof promiseStatuses)[number];

export interface Activity {
  readonly activityId: string;
  readonly customerId: string;
  readonly kind: ActivityKind;
  readonly outcome: CallOutcome | null;
  readonly note: string | null;
  readonly occurredOn: string;
  readonly nextFollowUp: string | null;
  readonly promiseId: string | null;
  readonly by: string;
  readonly createdAt: string;
}

export interface PromiseToPay {
  readonly promiseId: string;
  readonly customerId: string;
  readonly currency: string;
  readonly amountMinor: bigint;
  readonly madeOn: string;
  readonly promisedDate: string;
  readonly status: PromiseStatus;
  readonly paidMinor: bigint;
  readonly resolvedOn: string | null;
  readonly note: string | null;
  readonly createdBy: string;
}

/** The furthest ahead a promise may be dated: a promise further out is a payment plan. */
export const promiseDaysMax = 180;

function toActivity(row: {
  activity_id: string;
  customer_id: string;
  kind: string;
  outcome: string | null;
  note: string | null;
  occurred_on: string;
  next_follow_up: string | null;
  promise_id: string | null;
  actor_label: string;
  created_at: string;
}): Activity {
  return {
    activityId: row.activity_id,
    customerId: row.customer_id,
    kind: row.kind as ActivityKind,
    outcome: row.outcome as CallOutcome | null,
    note: row.note,
    occurredOn: row.occurred_on,
    nextFollowUp: row.next_follow_up,
    promiseId: row.promise_id,
    by: row.actor_label,
    createdAt: row.created_at,
  };
}

function toPromise(row: {
  promise_id: string;
  customer_id: string;
  currency: string;
  amount_minor: bigint;
  made_on: string;
  promised_date: string;
  status: string;
  paid_minor: bigint;
  resolved_on: string | null;
  note: string | null;
  created_by: string;
}): PromiseToPay {
  return {
    promiseId: row.promise_id,
    customerId: row.customer_id,
    currency: row.currency,
    amountMinor: BigInt(row.amount_minor),
    madeOn: row.made_on,
    promisedDate: row.promised_date,
    status: row.status as PromiseStatus,
    paidMinor: BigInt(row.paid_minor),
    resolvedOn: row.resolved_on,
    note: row.note,
    createdBy: row.created_by,
  };
}

export interface ActivityInput {
  readonly kind: ActivityKind;
  readonly outcome: CallOutcome | null;
  readonly note: string | null;
  /** Default today; not in the future. */
  readonly occurredOn: string | null;
  readonly nextFollowUp: string | null;
  readonly promise: { readonly amountMinor: bigint; readonly promisedDate: string } | null;
}

/** Logs an activity (and the promise to pay it took, if any). */
export async function logActivity(
  tx: Tx,
  actor: Actor,
  orgId: string,
  customerId: string,
  input: ActivityInput,
): Promise<{ activity: Activity; promise: PromiseToPay | null }> {
  await getCustomer(tx.db, orgId, customerId);
  const today = await todayOf(tx, orgId);
  const occurredOn = input.occurredOn ?? today;
  const issues = [];
  if (occurredOn > today)
    issues.push({ path: "occurredOn", code: "FUTURE", message: `not after today (${today})` });
  if (input.nextFollowUp !== null && input.nextFollowUp < occurredOn) {
    issues.push({ path: "nextFollowUp", code: "BEFORE", message: "on or after the activity" });
  }
  if (input.promise !== null) {
    if (input.promise.amountMinor <= 0n)
      issues.push({ path: "promise.amount", code: "NOT_POSITIVE", message: "more than 0" });
    const latestDate = new Date(Date.parse(`${today}T00:00:00Z`) + promiseDaysMax * 86_400_000)
      .toISOString()
      .slice(0, 10);
    if (input.promise.promisedDate < today || input.promise.promisedDate > latestDate) {
      issues.push({
        path: "promise.promisedDate",
        code: "OUT_OF_RANGE",
        message: `from today to ${promiseDaysMax} days ahead (${latestDate})`,
      });
    }
  }
  if (issues.length > 0) throw new AppError("VALIDATION_FAILED", { issues });
  let promise: PromiseToPay | null = null;
  if (input.promise !== null) {
    const organization = await tx.db
      .selectFrom("organizations")
      .select("base_currency")
      .where("org_id", "=", orgId)
      .executeTakeFirstOrThrow();
    const row = {
      org_id: orgId,
      promise_id: uuidv7(),
      customer_id: customerId,
      currency: organization.base_currency,
      amount_minor: input.promise.amountMinor,
      made_on: occurredOn,
      promised_date: input.promise.promisedDate,
      status: "open",
      paid_minor: 0n,
      resolved_on: null,
      note: input.note,
      created_by: actor.label,
      created_at: tx.now,
    };
    await tx.db.insertInto("promises_to_pay").values(row).execute();
    promise = toPromise(row);
  }
  const row = {
    org_id: orgId,
    activity_id: uuidv7(),
    customer_id: customerId,
    kind: input.kind,
    outcome: input.outcome,
    note: input.note,
    occurred_on: occurredOn,
    next_follow_up: input.nextFollowUp,
    promise_id: promise?.promiseId ?? null,
    notice_id: null,
    user_id: actor.userId,
    actor_label: actor.label,
    created_at: tx.now,
  };
  await tx.db.insertInto("collection_activities").values(row).execute();
  await appendAudit(tx, {
    orgId,
    actor,
    action: "collection.activity_logged",
    entityType: "customer",
    entityId: customerId,
    before: null,
    after: {
      kind: input.kind,
      outcome: input.outcome,
      nextFollowUp: input.nextFollowUp,
      promise:
        promise === null
          ? null
          : { amountMinor: String(promise.amountMinor), promisedDate: promise.promisedDate },
    },
  });
  return { activity: toActivity(row), promise };
}

export async function listActivities(
  db: Executor,
  orgId: string,
  customerId: string,
  limit = 100,
): Promise<Activity[]> {
  const rows = await db
    .selectFrom("collection_activities")
    .selectAll()
    .where("org_id", "=", orgId)
    .where("customer_id", "=", customerId)
    .orderBy("occurred_on", "desc")
    .orderBy("created_at", "desc")
    .limit(limit)
    .execute();
  return rows.map(toActivity);
}

export async function listPromises(
  db: Executor,
  orgId: string,
  filter: {
    readonly customerId?: string | undefined;
    readonly status?: PromiseStatus | undefined;
    readonly limit: number;
  },
): Promise<PromiseToPay[]> {
  let query = db.selectFrom("promises_to_pay").selectAll().where("org_id", "=", orgId);
  if (filter.customerId !== undefined) query = query.where("customer_id", "=", filter.customerId);
  if (filter.status !== undefined) query = query.where("status", "=", filter.status);
  const rows = await query.orderBy("promised_date", "desc").limit(filter.limit).execute();
  return rows.map(toPromise);
}

/**
 * The promises step of the end-of-day batch for `date`: each open promise counts what its
 * customer's items have received since it was made (allocations not reversed by `date`); it is
 * kept once that reaches its amount, broken when `date` is past its promised date short of it.
 * A broken promise is logged on the customer's timeline. Returns the promises resolved.
 */
export async function evaluatePromises(tx: Tx, orgId: string, date: string): Promise<number> {
  const open = await tx.db
    .selectFrom("promises_to_pay")
    .selectAll()
    .where("org_id", "=", orgId)
    .where("status", "=", "open")
    .where("made_on", "<=", date)
    .execute();
  const received = await receivedSince(tx, orgId, open, date);
  let resolved = 0;
  const notes: CollectionActivitiesTable[] = [];
  for (const promise of open) {
    // What the customer's items received from the day the promise was made.
    const paidMinor = (received.get(promise.customer_id) ?? [])
      .filter((allocation) => allocation.date >= promise.made_on)
      .reduce((sum, allocation) => sum + allocation.amountMinor, 0n);
    const kept = paidMinor >= BigInt(promise.amount_minor);
    const broken = !kept && date > promise.promised_date;
    const status = kept ? "kept" : broken ? "broken" : "open";
    if (status === "open" && paidMinor === BigInt(promise.paid_minor)) continue;
    await tx.db
      .updateTable("promises_to_pay")
      .set({ paid_minor: paidMinor, status, resolved_on: status === "open" ? null : date })
      .where("org_id", "=", orgId)
      .where("promise_id", "=", promise.promise_id)
      .execute();
    if (status === "open") continue;
    resolved += 1;
    notes.push({
      org_id: orgId,
      activity_id: uuidv7(),
      customer_id: promise.customer_id,
      kind: "note",
      outcome: null,
      note: kept ? "承诺还款已兑现 / promise to pay kept" : "承诺还款未兑现 / promise to pay broken",
      occurred_on: date,
      next_follow_up: broken ? date : null,
      promise_id: promise.promise_id,
      notice_id: null,
      user_id: null,
      actor_label: "system",
      created_at: tx.now,
    });
  }
  for (let start = 0; start < notes.length; start += activityRowsPerInsertMax) {
    await tx.db
      .insertInto("collection_activities")
      .values(notes.slice(start, start + activityRowsPerInsertMax))
      .execute();
  }
  return resolved;
}

/** Customers per query of the allocations behind promises (one bound value each). */
const promiseCustomersPerQueryMax = 500;
/** Activities per INSERT: thirteen bound values each. */
const activityRowsPerInsertMax = 1000;

/**
 * The payments applied to each promising customer's items (discounts counted, allocations reversed
 * by `date` not) from the earliest day one of its open promises was made to `date`, in a query per
 * chunk of customers rather than one per promise.
 */
async function receivedSince(
  tx: Tx,
  orgId: string,
  promises: ReadonlyArray<{ customer_id: string; made_on: string }>,
  date: string,
): Promise<Map<string, Array<{ date: string; amountMinor: bigint }>>> {
  const since = new Map<string, string>();
  for (const promise of promises) {
    const earliest = since.get(promise.customer_id);
    if (earliest === undefined || promise.made_on < earliest) since.set(promise.customer_id, promise.made_on);
  }
  const customerIds = [...since.keys()];
  const received = new Map<string, Array<{ date: string; amountMinor: bigint }>>();
  for (let start = 0; start < customerIds.length; start += promiseCustomersPerQueryMax) {
    const ids = customerIds.slice(start, start + promiseCustomersPerQueryMax);
    const earliest = ids.reduce((first, id) => {
      const made = since.get(id) ?? date;
      return made < first ? made : first;
    }, date);
    const rows = await tx.db
      .selectFrom("allocations")
      .select(["customer_id", "allocation_date", "applied_minor", "discount_minor"])
      .where("org_id", "=", orgId)
      .where("customer_id", "in", ids)
      .where("payment_id", "is not", null)
      .where("allocation_date", ">=", earliest)
      .where("allocation_date", "<=", date)
      .where((eb) => eb.or([eb("reversed_on", "is", null), eb("reversed_on", ">", date)]))
      .execute();
    for (const row of rows) {
      const list = received.get(row.customer_id) ?? [];
      list.push({
        date: row.allocation_date,
        amountMinor: BigInt(row.applied_minor) + BigInt(row.discount_minor),
      });
      received.set(row.customer_id, list);
    }
  }
  return received;
}
