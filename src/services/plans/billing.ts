import type { LedgerEvent } from "../../domain/ledger/index.ts";
import { billingEvents } from "../../domain/plans/index.ts";
import type { Actor, Tx } from "../command.ts";
import { postEvents } from "../ledger/posting.ts";
import { addPlanOpenItems, planItemNumber } from "../receivables/open-items.ts";
import {
  booksOf,
  eventContextOf,
  getPlanRecord,
  type PlanRecord,
  runningStatuses,
  storedItemOf,
} from "./plans.ts";

/** Items billed per call of `billDueItems`; the scheduler calls again while a pass fills it. */
export const billingBatchItemsMax = 2000;

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
  const rows = await tx.db
    .selectFrom("plan_items")
    .selectAll()
    .where("org_id", "=", orgId)
    .where("plan_id", "=", plan.planId)
    .where("status", "=", "scheduled")
    .where("due_date", "<=", asOf)
    .orderBy("seq")
    .execute();
  const books = booksOf(plan);
  const context = eventContextOf(plan);
  const events: LedgerEvent[] = [];
  for (const row of rows) {
    const item = storedItemOf(row);
    events.push(...billingEvents(item, books, context, item.dueDate));
  }
  await postEvents(tx, actor, orgId, events);
  if (rows.length > 0) {
    await tx.db
      .updateTable("plan_items")
      .set({ status: "billed", billed_on: asOf })
      .where("org_id", "=", orgId)
      .where("plan_id", "=", plan.planId)
      .where(
        "seq",
        "in",
        rows.map((row) => row.seq),
      )
      .execute();
    await addPlanOpenItems(
      tx,
      orgId,
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
    );
  }
  return rows.length;
}

/**
 * The billing pass of the organization (run by the scheduler and the end-of-day batch): every
 * running plan's items due on or before `asOf`, at most `billingBatchItemsMax` items' plans.
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
    .limit(billingBatchItemsMax)
    .execute();
  const planIds = [...new Set(due.map((row) => row.plan_id))];
  let billed = 0;
  for (const planId of planIds) {
    billed += await billPlanItems(tx, actor, orgId, await getPlanRecord(tx.db, orgId, planId), asOf);
  }
  return billed;
}
