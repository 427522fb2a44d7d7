import { addDays, formatBusinessDate, parseBusinessDate } from "../core/dates.ts";
import type { Store } from "../store/database.ts";
import { logActivity } from "./collections/activities.ts";
import { openDispute } from "./collections/disputes.ts";
import { runEndOfDay } from "./collections/eod.ts";
import { openLegalCase } from "./collections/legal.ts";
import { assignCollector } from "./collections/worklist.ts";
import { type Actor, type Clock, runCommand } from "./command.ts";
import { addContact } from "./customers.ts";
import { businessDateAt } from "./organizations.ts";

/**
 * The collections side of a demo organization, after its receivables: finance contacts (most with
 * an email, some with a phone only), the last week's end-of-day batches (so the dunning notices,
 * arrears and aging are there), the customers in arrears assigned to the collector, a few calls
 * with a promise to pay and a follow-up, one dispute and one lawyer letter.
 */

/**
 * Days of end-of-day batches the demo runs, ending yesterday: today's batch is left to run (by
 * `serve` at its time, or by hand), and with it the day's credit re-assessments.
 */
export const demoEodDays = 7;

export async function createDemoCollections(
  store: Store,
  orgId: string,
  actors: { readonly collector: Actor; readonly owner: Actor },
  clock: Clock,
): Promise<void> {
  const { collector, owner } = actors;
  const today = await businessDateAt(store.db, orgId, clock().toISOString());
  const day = (offset: number) => formatBusinessDate(addDays(parseBusinessDate(today), offset));
  const customers = await store.db
    .selectFrom("customers")
    .select(["customer_id", "code", "name"])
    .where("org_id", "=", orgId)
    .orderBy("code")
    .execute();
  await runCommand(
    store,
    async (tx) => {
      for (const [index, customer] of customers.entries()) {
        // Every fifth customer has only a phone: its email reminders wait as tasks.
        const phoneOnly = index % 5 === 4;
        await addContact(tx, owner, orgId, customer.customer_id, {
          name: `${customer.name.slice(0, 6)} 财务部`,
          role: "财务",
          phone: `1380013${String(1000 + index).padStart(4, "0")}`,
          email: phoneOnly ? null : `ap-${customer.code.toLowerCase()}@customer.example.cn`,
          preferredChannel: phoneOnly ? "phone" : "email",
        });
      }
    },
    clock,
  );
  for (let offset = -demoEodDays; offset < 0; offset += 1) {
    await runEndOfDay(store, orgId, { date: day(offset), clock });
  }
  const arrears = await store.db
    .selectFrom("customer_delinquency")
    .select(["customer_id", "overdue_minor", "days_past_due"])
    .where("org_id", "=", orgId)
    .where("overdue_minor", ">", 0n)
    .orderBy("days_past_due", "desc")
    .orderBy("customer_id")
    .execute();
  await runCommand(
    store,
    async (tx) => {
      for (const row of arrears) {
        await assignCollector(tx, owner, orgId, row.customer_id, collector.userId);
      }
      // The worst gets a lawyer letter, the next a promise to pay; the rest of the story needs
      // no particular arrears (an organization may have only one customer in them).
      const [worst, second] = arrears;
      if (worst !== undefined) {
        await openLegalCase(tx, collector, orgId, worst.customer_id, {
          stage: "lawyer_letter",
          occurredOn: day(-2),
          costMinor: 80_000n,
          note: "委托律师发函催收",
          document: null,
          outcome: null,
          recoveredMinor: null,
          counsel: "上海明理律师事务所",
          claimedMinor: BigInt(worst.overdue_minor),
        });
      }
      const promised = second ?? worst;
      if (promised !== undefined) {
        await logActivity(tx, collector, orgId, promised.customer_id, {
          kind: "call",
          outcome: "promised",
          note: "财务经理承诺下周付一半",
          occurredOn: day(-3),
          nextFollowUp: day(7),
          promise: { amountMinor: BigInt(promised.overdue_minor) / 2n, promisedDate: day(7) },
        });
      }
      const taken = new Set([worst?.customer_id, second?.customer_id]);
      const candidates = await tx.db
        .selectFrom("open_items")
        .select(["item_id", "customer_id"])
        .where("org_id", "=", orgId)
        .where("status", "=", "open")
        .where("open_minor", ">", 0n)
        .where("disputed", "=", 0n)
        .where("source_type", "=", "invoice")
        .orderBy("due_date")
        .orderBy("item_id")
        .execute();
      const item = candidates.find((candidate) => !taken.has(candidate.customer_id));
      if (item !== undefined) {
        await logActivity(tx, collector, orgId, item.customer_id, {
          kind: "call",
          outcome: "disputed",
          note: "客户称部分货物破损，暂缓付款",
          occurredOn: today,
          nextFollowUp: day(1),
          promise: null,
        });
        await openDispute(tx, collector, orgId, {
          itemId: item.item_id,
          lineSeq: null,
          reasonCode: "quality",
          amountMinor: null,
          ownerUserId: collector.userId,
          note: "客户称部分货物破损",
        });
      }
    },
    clock,
  );
}
