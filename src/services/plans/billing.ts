import type { LedgerEvent } from "../../domain/ledger/index.ts";
import { billingEvents } from "../../domain/plans/index.ts";
import type { Executor } from "../../store/database.ts";
import type { PlanItemsTable } from "../../store/schema.ts";
import type { Actor, Tx } from "../command.ts";
import { postEvents, postingBatchVouchersMax } from "../ledger/posting.ts";
import { addPlanOpenItems, planItemNumber } from "../receivables/open-items.ts";
import {
  booksOf,
  eventContextOf,
  getPlanRecord,
  type PlanRecord,
  planRecordOf,
  runningStatuses,
  storedItemOf,
} from "./plans.ts";

/** Items billed per call of `billDueItems`; the scheduler calls again while a pass fills it. */
export const billingBatchItemsMax = 2000;

/** A plan and its scheduled items due by the billing date, in `seq` order. */
interface PlanDue {
  readonly plan: PlanRecord;
  readonly rows: ReadonlyArray<PlanItemsTable>;
}

/** Ids per `in (…)` list: well under SQLite's 32,766 bound variables. */
const idListMax = 1000;

function scheduledDue(db: Executor, orgId: string, asOf: string) {
  return db
    .selectFrom("plan_items")
    .selectAll()
    .where("org_id", "=", orgId)
    .where("status", "=", "scheduled")
    .where("due_date", "<=", asOf);
}

/**
 * Bills a plan's scheduled items due on or before `asOf`: each posts its vouchers (dated its due
 * date) and becomes an open item the customer owes now.
 */
export async function billPlanItems(
  tx: Tx,
  actor: Actor,
  orgId: string,
  plan: PlanRecord,
  asOf: string,
): Promise<number> {
  const rows = await scheduledDue(tx.db, orgId, asOf)
    .where("plan_id", "=", plan.planId)
    .orderBy("seq")
    .execute();
  await postEvents(tx, actor, orgId, dueEvents([{ plan, rows }]));
  await markBilled(tx, orgId, [{ plan, rows }], asOf);
  return rows.length;
}

function dueEvents(plans: ReadonlyArray<PlanDue>): LedgerEvent[] {
  const events: LedgerEvent[] = [];
  for (const { plan, rows } of plans) {
    const books = booksOf(plan);
    const context = eventContextOf(plan);
    for (const row of rows) {
      const item = storedItemOf(row);
      events.push(...billingEvents(item, books, context, item.dueDate));
    }
  }
  return events;
}

/**
 * The billed items' status and their open items. Plans whose billed items have the same sequence
 * numbers (most bill one installment, the same one) share one UPDATE.
 */
async function markBilled(tx: Tx, orgId: string, plans: ReadonlyArray<PlanDue>, asOf: string): Promise<void> {
  const plansBySeqs = new Map<string, { seqs: bigint[]; planIds: string[] }>();
  for (const { plan, rows } of plans) {
    if (rows.length === 0) continue;
    const seqs = rows.map((row) => row.seq);
    const key = seqs.join(",");
    const group = plansBySeqs.get(key) ?? { seqs, planIds: [] };
    group.planIds.push(plan.planId);
    plansBySeqs.set(key, group);
  }
  for (const { seqs, planIds } of plansBySeqs.values()) {
    for (let start = 0; start < planIds.length; start += idListMax) {
      await tx.db
        .updateTable("plan_items")
        .set({ status: "billed", billed_on: asOf })
        .where("org_id", "=", orgId)
        .where("plan_id", "in", planIds.slice(start, start + idListMax))
        .where("seq", "in", seqs)
        .execute();
    }
  }
  await addPlanOpenItems(
    tx,
    orgId,
    plans.flatMap(({ plan, rows }) =>
      rows.map((row) => {
        const item = storedItemOf(row);
        return {
          planId: plan.planId,
          seq: item.seq,
          customerId: plan.customerId,
          currency: plan.currency,
          documentNumber: planItemNumber(plan.number, item),
          date: item.dueDate,
          amountMinor: item.totalMinor - item.paidMinor,
          penalty: false,
        };
      }),
    ),
  );
}

/**
 * The billing pass of the organization (run by the scheduler and the end-of-day batch): every
 * running plan's items due on or before `asOf`, at most `billingBatchItemsMax` items' plans.
 * The plans and their items are read in a few queries, not plan by plan (a nightly batch bills
 * thousands), and their vouchers are posted together, in the order plan by plan would give them
 * — numbers within a period follow the order of the drafts.
 */
export async function billDueItems(tx: Tx, actor: Actor, orgId: string, asOf: string): Promise<number> {
  const due = await tx.db
    .selectFrom("plan_items as i")
    .innerJoin("plans as p", (join) =>
      join.onRef("p.org_id", "=", "i.org_id").onRef("p.plan_id", "=", "i.plan_id"),
    )
    .select("i.plan_id")
    .where("i.org_id", "=", orgId)
    .where("i.status", "=", "scheduled")
    .where("i.due_date", "<=", asOf)
    .where("p.status", "in", runningStatuses)
    // In due-date order, so that both engines walk the (org, status, due date) index: without an
    // order PostgreSQL, which cannot know that few scheduled items are due, scanned the table for
    // each batch.
    .orderBy("i.due_date")
    .limit(billingBatchItemsMax)
    .execute();
  const planIds = [...new Set(due.map((row) => row.plan_id))];
  const plans = new Map<string, PlanRecord>();
  const rowsByPlan = new Map<string, PlanItemsTable[]>();
  for (let start = 0; start < planIds.length; start += idListMax) {
    const ids = planIds.slice(start, start + idListMax);
    const planRows = await tx.db
      .selectFrom("plans")
      .selectAll()
      .where("org_id", "=", orgId)
      .where("plan_id", "in", ids)
      .execute();
    for (const row of planRows) plans.set(row.plan_id, planRecordOf(row));
    const itemRows = await scheduledDue(tx.db, orgId, asOf)
      .where("plan_id", "in", ids)
      .orderBy("plan_id")
      .orderBy("seq")
      .execute();
    for (const row of itemRows) {
      const list = rowsByPlan.get(row.plan_id) ?? [];
      list.push(row);
      rowsByPlan.set(row.plan_id, list);
    }
  }
  let billed = 0;
  let pending: PlanDue[] = [];
  let pendingEvents: LedgerEvent[] = [];
  const flush = async () => {
    await postEvents(tx, actor, orgId, pendingEvents);
    await markBilled(tx, orgId, pending, asOf);
    pending = [];
    pendingEvents = [];
  };
  for (const planId of planIds) {
    const plan = plans.get(planId) ?? (await getPlanRecord(tx.db, orgId, planId));
    const entry = { plan, rows: rowsByPlan.get(planId) ?? [] };
    const events = dueEvents([entry]);
    if (pendingEvents.length + events.length > postingBatchVouchersMax) await flush();
    pending.push(entry);
    pendingEvents.push(...events);
    billed += entry.rows.length;
  }
  if (pending.length > 0) await flush();
  return billed;
}
