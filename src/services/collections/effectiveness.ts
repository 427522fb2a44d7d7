import { addDays, daysBetween, formatBusinessDate, parseBusinessDate } from "../../core/dates.ts";
import { collectionEffectivenessIndex, ratioPercent } from "../../domain/collections/index.ts";
import type { Executor } from "../../store/database.ts";
import { openItemsAt } from "../receivables/open-items.ts";

/**
 * The effectiveness of collections over a period: for each dunning level and channel, how much of
 * what the notices named was paid within the window after them and how fast; the share of
 * promises kept; each collector's figures; and the collection effectiveness index.
 */

/** Money counts as recovered by a notice when applied to its items within this many days. */
export const recoveryWindowDays = 30;

export interface LevelEffect {
  readonly levelCode: string;
  readonly channel: string;
  readonly notices: number;
  readonly noticedMinor: bigint;
  readonly recoveredMinor: bigint;
  readonly recoveryRate: number | null;
  /** Amount-weighted mean days from the notice to the money; null when nothing was recovered. */
  readonly meanDaysToCollect: number | null;
}

export interface CollectorEffect {
  readonly userId: string | null;
  readonly name: string | null;
  readonly customers: number;
  readonly activities: number;
  readonly promisesKept: number;
  readonly promisesBroken: number;
  readonly collectedMinor: bigint;
}

export interface Effectiveness {
  readonly from: string;
  readonly to: string;
  readonly currency: string;
  readonly levels: ReadonlyArray<LevelEffect>;
  readonly promises: { readonly kept: number; readonly broken: number; readonly keptRate: number | null };
  readonly collectors: ReadonlyArray<CollectorEffect>;
  readonly cei: {
    readonly beginningMinor: bigint;
    readonly creditSalesMinor: bigint;
    readonly endingTotalMinor: bigint;
    readonly endingCurrentMinor: bigint;
    readonly index: number | null;
  };
}

interface Allocation {
  readonly item_id: string;
  readonly customer_id: string;
  readonly allocation_date: string;
  readonly amount: bigint;
}

/** Money applied from payments (not reversed) to the given items or customers from `from` on. */
async function allocationsOf(
  db: Executor,
  orgId: string,
  by: { readonly itemIds?: ReadonlyArray<string>; readonly from: string; readonly to: string },
): Promise<Allocation[]> {
  const found: Allocation[] = [];
  const ids = by.itemIds === undefined ? [null] : [...by.itemIds];
  for (let start = 0; start < ids.length; start += 500) {
    let query = db
      .selectFrom("allocations")
      .select(["item_id", "customer_id", "allocation_date", "applied_minor", "discount_minor", "reversed_on"])
      .where("org_id", "=", orgId)
      .where("payment_id", "is not", null)
      .where("allocation_date", ">=", by.from)
      .where("allocation_date", "<=", by.to);
    if (by.itemIds !== undefined)
      query = query.where("item_id", "in", ids.slice(start, start + 500) as string[]);
    for (const row of await query.execute()) {
      if (row.reversed_on !== null && row.reversed_on <= by.to) continue;
      found.push({
        item_id: row.item_id,
        customer_id: row.customer_id,
        allocation_date: row.allocation_date,
        amount: BigInt(row.applied_minor) + BigInt(row.discount_minor),
      });
    }
  }
  return found;
}

export async function collectionsEffectiveness(
  db: Executor,
  orgId: string,
  period: { readonly from: string; readonly to: string },
): Promise<Effectiveness> {
  const organization = await db
    .selectFrom("organizations")
    .select("base_currency")
    .where("org_id", "=", orgId)
    .executeTakeFirstOrThrow();
  const currency = organization.base_currency;
  const windowEnd = (date: string) =>
    formatBusinessDate(addDays(parseBusinessDate(date), recoveryWindowDays));

  // Dunning levels and channels.
  const notices = await db
    .selectFrom("dunning_notices")
    .select(["level_code", "channel", "business_date", "total_minor", "item_ids_json"])
    .where("org_id", "=", orgId)
    .where("business_date", ">=", period.from)
    .where("business_date", "<=", period.to)
    .where("status", "not in", ["awaiting_approval", "cancelled"])
    .execute();
  const itemIds = [...new Set(notices.flatMap((notice) => JSON.parse(notice.item_ids_json) as string[]))];
  const paid = await allocationsOf(db, orgId, { itemIds, from: period.from, to: windowEnd(period.to) });
  const paidByItem = new Map<string, Allocation[]>();
  for (const allocation of paid)
    paidByItem.set(allocation.item_id, [...(paidByItem.get(allocation.item_id) ?? []), allocation]);
  const levels = new Map<
    string,
    { notices: number; noticed: bigint; recovered: bigint; weightedDays: bigint }
  >();
  for (const notice of notices) {
    const key = `${notice.level_code}\u0000${notice.channel}`;
    const entry = levels.get(key) ?? { notices: 0, noticed: 0n, recovered: 0n, weightedDays: 0n };
    entry.notices += 1;
    entry.noticed += BigInt(notice.total_minor);
    const until = windowEnd(notice.business_date);
    let recovered = 0n;
    for (const itemId of JSON.parse(notice.item_ids_json) as string[]) {
      for (const allocation of paidByItem.get(itemId) ?? []) {
        if (allocation.allocation_date < notice.business_date || allocation.allocation_date > until) continue;
        recovered += allocation.amount;
        const days = daysBetween(
          parseBusinessDate(notice.business_date),
          parseBusinessDate(allocation.allocation_date),
        );
        entry.weightedDays += allocation.amount * BigInt(days);
      }
    }
    // A notice recovers at most what it named (a later notice on the same items counts its own).
    entry.recovered += recovered > BigInt(notice.total_minor) ? BigInt(notice.total_minor) : recovered;
    levels.set(key, entry);
  }
  const levelEffects = [...levels].map(([key, entry]): LevelEffect => {
    const [levelCode = "", channel = ""] = key.split("\u0000");
    return {
      levelCode,
      channel,
      notices: entry.notices,
      noticedMinor: entry.noticed,
      recoveredMinor: entry.recovered,
      recoveryRate: ratioPercent(entry.recovered, entry.noticed),
      meanDaysToCollect:
        entry.recovered === 0n ? null : Math.round(Number((entry.weightedDays * 10n) / entry.recovered)) / 10,
    };
  });

  // Promises resolved in the period.
  const promises = await db
    .selectFrom("promises_to_pay")
    .select(["status", "customer_id"])
    .where("org_id", "=", orgId)
    .where("resolved_on", ">=", period.from)
    .where("resolved_on", "<=", period.to)
    .where("status", "in", ["kept", "broken"])
    .execute();
  const kept = promises.filter((promise) => promise.status === "kept").length;
  const broken = promises.length - kept;

  // Collectors: their customers, what those paid in the period, the activities they logged.
  const customers = await db
    .selectFrom("customers as c")
    .leftJoin("users as u", "u.user_id", "c.collector_user_id")
    .select(["c.customer_id", "c.collector_user_id", "u.display_name"])
    .where("c.org_id", "=", orgId)
    .execute();
  const collectorOf = new Map(customers.map((row) => [row.customer_id, row.collector_user_id]));
  const collected = await allocationsOf(db, orgId, { from: period.from, to: period.to });
  const activities = await db
    .selectFrom("collection_activities")
    .select(["customer_id", "user_id"])
    .where("org_id", "=", orgId)
    .where("occurred_on", ">=", period.from)
    .where("occurred_on", "<=", period.to)
    .where("user_id", "is not", null)
    .execute();
  interface Tally {
    userId: string | null;
    name: string | null;
    customers: number;
    activities: number;
    promisesKept: number;
    promisesBroken: number;
    collectedMinor: bigint;
  }
  const collectors = new Map<string, Tally>();
  const tallyOf = (collector: string | null): Tally => {
    let tally = collectors.get(collector ?? "");
    if (tally === undefined) {
      const name = customers.find((row) => row.collector_user_id === collector)?.display_name ?? null;
      tally = {
        userId: collector,
        name,
        customers: 0,
        activities: 0,
        promisesKept: 0,
        promisesBroken: 0,
        collectedMinor: 0n,
      };
      collectors.set(collector ?? "", tally);
    }
    return tally;
  };
  const tallyOfCustomer = (customerId: string) => tallyOf(collectorOf.get(customerId) ?? null);
  for (const row of customers) tallyOf(row.collector_user_id).customers += 1;
  for (const allocation of collected)
    tallyOfCustomer(allocation.customer_id).collectedMinor += allocation.amount;
  for (const activity of activities) tallyOfCustomer(activity.customer_id).activities += 1;
  for (const promise of promises) {
    const tally = tallyOfCustomer(promise.customer_id);
    if (promise.status === "kept") tally.promisesKept += 1;
    else tally.promisesBroken += 1;
  }

  // CEI: receivables the day before the period and at its end, and what was billed in it.
  const dayBefore = formatBusinessDate(addDays(parseBusinessDate(period.from), -1));
  const beginning = await openItemsAt(db, orgId, dayBefore);
  const ending = await openItemsAt(db, orgId, period.to);
  const sales = await db
    .selectFrom("open_items")
    .select(["original_minor"])
    .where("org_id", "=", orgId)
    .where("document_date", ">=", period.from)
    .where("document_date", "<=", period.to)
    .where("original_minor", ">", 0n)
    .execute();
  const sum = (values: ReadonlyArray<bigint>) => values.reduce((total, value) => total + value, 0n);
  const beginningMinor = sum(beginning.map((item) => item.openMinor));
  const creditSalesMinor = sum(sales.map((row) => BigInt(row.original_minor)));
  const endingTotalMinor = sum(ending.map((item) => item.openMinor));
  const endingCurrentMinor = sum(
    ending.filter((item) => item.dueDate >= period.to).map((item) => item.openMinor),
  );
  return {
    from: period.from,
    to: period.to,
    currency,
    levels: levelEffects,
    promises: { kept, broken, keptRate: ratioPercent(BigInt(kept), BigInt(kept + broken)) },
    collectors: [...collectors.values()].sort((a, b) => (a.collectedMinor > b.collectedMinor ? -1 : 1)),
    cei: {
      beginningMinor,
      creditSalesMinor,
      endingTotalMinor,
      endingCurrentMinor,
      index: collectionEffectivenessIndex({
        beginningMinor,
        creditSalesMinor,
        endingTotalMinor,
        endingCurrentMinor,
      }),
    },
  };
}
