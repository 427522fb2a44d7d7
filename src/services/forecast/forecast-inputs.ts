import { sql } from "kysely";
import {
  type DelayModel,
  delayModel,
  type ForecastItem,
  type SettledItem,
} from "../../domain/forecast/index.ts";
import type { Executor } from "../../store/database.ts";
import { openItemsAt, planItemNumber } from "../receivables/open-items.ts";

/**
 * What the forecast reads, as of a date, exactly from the dated history: the items settled by
 * then (the habits), the items open then, the installments not yet billed then, and which items
 * were disputed and which customers were being sued.
 */

/** Ids per `in (…)` list: well under SQLite's 32,766 bound variables. */
const idListMax = 1000;

/** Legal stages from which a customer's debts follow the court rather than its habits. */
export const litigationStages = ["lawsuit_filed", "hearing", "judgment", "enforcement"] as const;

export interface SettledHistoryItem extends SettledItem {
  readonly itemId: string;
}

/**
 * Items fully settled by the end of `asOf` (debit items of invoices and plans, penalties left
 * out: they fall due daily and are settled with their installment), with the date of the
 * allocation that closed each. Items closed without cash (a credit note, a write-off, a plan
 * change) say nothing of payment habits and are left out.
 */
export async function settledHistory(
  db: Executor,
  orgId: string,
  asOf: string,
): Promise<SettledHistoryItem[]> {
  const rows = await db
    .selectFrom("open_items as i")
    .innerJoin("allocations as a", (join) =>
      join
        .onRef("a.org_id", "=", "i.org_id")
        .onRef("a.item_id", "=", "i.item_id")
        .on("a.allocation_date", "<=", asOf)
        .on((eb) => eb.or([eb("a.reversed_on", "is", null), eb("a.reversed_on", ">", asOf)])),
    )
    .select([
      "i.item_id",
      "i.customer_id",
      "i.due_date",
      sql<string>`max(a.allocation_date)`.as("settled_on"),
      sql<bigint>`cast(sum(a.write_off_minor) as bigint)`.as("written_off"),
      sql<bigint>`cast(sum(case when a.payment_id is null then 0 else 1 end) as bigint)`.as("cash_count"),
    ])
    .where("i.org_id", "=", orgId)
    .where("i.original_minor", ">", 0n)
    .where("i.source_type", "<>", "plan_penalty")
    .where("i.document_date", "<=", asOf)
    .groupBy(["i.item_id", "i.customer_id", "i.due_date", "i.original_minor"])
    .having(
      sql<bigint>`sum(a.applied_minor + a.discount_minor + a.write_off_minor)`,
      "=",
      sql<bigint>`i.original_minor`,
    )
    .execute();
  return rows
    .filter((row) => BigInt(row.cash_count) > 0n && BigInt(row.written_off) === 0n)
    .map((row) => ({
      itemId: row.item_id,
      customerId: row.customer_id,
      dueDate: row.due_date,
      settledOn: row.settled_on,
    }));
}

/** Every customer's credit grade (null: not graded). The current grade stands for past dates too. */
export async function customerGrades(db: Executor, orgId: string): Promise<Map<string, string | null>> {
  const rows = await db
    .selectFrom("customer_credit")
    .select(["customer_id", "grade"])
    .where("org_id", "=", orgId)
    .execute();
  return new Map(rows.map((row) => [row.customer_id, row.grade]));
}

/** The payment habits as of a date. */
export async function delayModelAt(db: Executor, orgId: string, asOf: string): Promise<DelayModel> {
  const [history, grades] = await Promise.all([settledHistory(db, orgId, asOf), customerGrades(db, orgId)]);
  return delayModel(history, grades, asOf);
}

/** One amount the forecast expects: an open item, or an installment not yet billed. */
export interface ForecastEntry extends ForecastItem {
  /** The open item's id, or `plan:<planId>:<seq>` for an installment not yet billed. */
  readonly key: string;
  readonly documentNumber: string;
  readonly source: "open-item" | "installment";
}

async function disputedItemsAt(
  db: Executor,
  orgId: string,
  asOf: string,
  today: string,
): Promise<Set<string>> {
  const rows = await db
    .selectFrom("disputes")
    .select("item_id")
    .where("org_id", "=", orgId)
    .where("item_id", "is not", null)
    .where("opened_on", "<=", asOf)
    .where((eb) => eb.or([eb("resolved_on", "is", null), eb("resolved_on", ">", asOf)]))
    .execute();
  const ids = new Set(rows.flatMap((row) => (row.item_id === null ? [] : [row.item_id])));
  // An item can be marked disputed without a dispute record; the mark is undated, so it counts
  // from today on only.
  if (asOf >= today) {
    const marked = await db
      .selectFrom("open_items")
      .select("item_id")
      .where("org_id", "=", orgId)
      .where("status", "=", "open")
      .where("disputed", "=", 1n)
      .execute();
    for (const row of marked) ids.add(row.item_id);
  }
  return ids;
}

/** Customers with a legal case past the lawyer's letter and not closed on `asOf`. */
export async function customersInLitigation(db: Executor, orgId: string, asOf: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom("legal_case_events as e")
    .innerJoin("legal_cases as c", (join) =>
      join.onRef("c.org_id", "=", "e.org_id").onRef("c.case_id", "=", "e.case_id"),
    )
    .select("c.customer_id")
    .distinct()
    .where("e.org_id", "=", orgId)
    .where("e.stage", "in", [...litigationStages])
    .where("e.occurred_on", "<=", asOf)
    .where((eb) => eb.or([eb("c.closed_on", "is", null), eb("c.closed_on", ">", asOf)]))
    .execute();
  return new Set(rows.map((row) => row.customer_id));
}

/**
 * Installments of plans running on `asOf` that fall due after it and so were not billed by then
 * (billing happens on the due date), and scheduled ones the billing pass has not reached: written
 * by a schedule version in effect by `asOf`, not cancelled since. The whole amount was owed then.
 */
export async function unbilledInstallmentsAt(
  db: Executor,
  orgId: string,
  asOf: string,
): Promise<
  Array<{
    planId: string;
    seq: number;
    customerId: string;
    dueDate: string;
    amountMinor: bigint;
    number: string;
  }>
> {
  const rows = await db
    .selectFrom("plan_items as i")
    .innerJoin("plans as p", (join) =>
      join.onRef("p.org_id", "=", "i.org_id").onRef("p.plan_id", "=", "i.plan_id"),
    )
    .innerJoin("plan_versions as v", (join) =>
      join
        .onRef("v.org_id", "=", "i.org_id")
        .onRef("v.plan_id", "=", "i.plan_id")
        .onRef("v.version", "=", "i.version"),
    )
    .select([
      "i.plan_id",
      "i.seq",
      "i.kind",
      "i.number",
      "i.customer_id",
      "i.due_date",
      "i.total_minor",
      "i.paid_minor",
      "i.status",
      "p.number as plan_number",
    ])
    .where("i.org_id", "=", orgId)
    .where("i.status", "in", ["scheduled", "billed", "paid", "capitalized"])
    // A scheduled item due by `asOf` is one the billing pass has not reached yet: owed all the same.
    .where((eb) => eb.or([eb("i.due_date", ">", asOf), eb("i.status", "=", "scheduled")]))
    .where("v.effective_date", "<=", asOf)
    .where("p.activated_on", "<=", asOf)
    .where((eb) => eb.or([eb("p.closed_on", "is", null), eb("p.closed_on", ">", asOf)]))
    .execute();
  return rows
    .map((row) => ({
      planId: row.plan_id,
      seq: Number(row.seq),
      customerId: row.customer_id,
      dueDate: row.due_date,
      amountMinor:
        row.status === "scheduled"
          ? BigInt(row.total_minor) - BigInt(row.paid_minor)
          : BigInt(row.total_minor),
      number: planItemNumber(row.plan_number, {
        kind: row.kind,
        number: row.number === null ? null : Number(row.number),
        seq: Number(row.seq),
      }),
    }))
    .filter((row) => row.amountMinor > 0n);
}

/**
 * Everything the forecast expects as of `asOf`: the items open then (credits left out) and the
 * installments not yet billed, each marked disputed or in litigation as it was then. `today`
 * decides whether today's undated dispute marks count.
 */
export async function forecastEntriesAt(
  db: Executor,
  orgId: string,
  input: { readonly asOf: string; readonly today: string; readonly customerIds?: ReadonlyArray<string> },
): Promise<ForecastEntry[]> {
  const [open, installments, disputed, litigation] = await Promise.all([
    openItemsAt(db, orgId, input.asOf, input.customerIds),
    unbilledInstallmentsAt(db, orgId, input.asOf),
    disputedItemsAt(db, orgId, input.asOf, input.today),
    customersInLitigation(db, orgId, input.asOf),
  ]);
  const only = input.customerIds === undefined ? null : new Set(input.customerIds);
  const entries: ForecastEntry[] = [];
  for (const item of open) {
    if (item.openMinor <= 0n) continue;
    entries.push({
      key: item.itemId,
      customerId: item.customerId,
      dueDate: item.dueDate,
      amountMinor: item.openMinor,
      disputed: disputed.has(item.itemId),
      litigation: litigation.has(item.customerId),
      documentNumber: item.documentNumber,
      source: "open-item",
    });
  }
  for (const row of installments) {
    if (only !== null && !only.has(row.customerId)) continue;
    entries.push({
      key: `plan:${row.planId}:${row.seq}`,
      customerId: row.customerId,
      dueDate: row.dueDate,
      amountMinor: row.amountMinor,
      disputed: false,
      litigation: litigation.has(row.customerId),
      documentNumber: row.number,
      source: "installment",
    });
  }
  return entries;
}

/** Customer names by id, read in chunks. */
export async function customerNames(
  db: Executor,
  orgId: string,
  customerIds: Iterable<string>,
): Promise<Map<string, string>> {
  const ids = [...new Set(customerIds)];
  const names = new Map<string, string>();
  for (let start = 0; start < ids.length; start += idListMax) {
    const rows = await db
      .selectFrom("customers")
      .select(["customer_id", "name"])
      .where("org_id", "=", orgId)
      .where("customer_id", "in", ids.slice(start, start + idListMax))
      .execute();
    for (const row of rows) names.set(row.customer_id, row.name);
  }
  return names;
}

/**
 * Cash applied to items (allocations of payments, not reversed by `until`) dated from `from` to
 * `until`, each with the item it settled: an open item's id, and for an installment billed after
 * `billedAfter` also its `plan:<planId>:<seq>` key.
 */
export async function cashAppliedBetween(
  db: Executor,
  orgId: string,
  input: { readonly from: string; readonly until: string },
): Promise<Array<{ itemId: string; planKey: string | null; date: string; amountMinor: bigint }>> {
  const rows = await db
    .selectFrom("allocations as a")
    .innerJoin("open_items as i", (join) =>
      join.onRef("i.org_id", "=", "a.org_id").onRef("i.item_id", "=", "a.item_id"),
    )
    .select([
      "a.item_id",
      "a.allocation_date",
      "a.applied_minor",
      "i.source_type",
      "i.source_id",
      "i.source_seq",
    ])
    .where("a.org_id", "=", orgId)
    .where("a.payment_id", "is not", null)
    .where("a.allocation_date", ">=", input.from)
    .where("a.allocation_date", "<=", input.until)
    .where((eb) => eb.or([eb("a.reversed_on", "is", null), eb("a.reversed_on", ">", input.until)]))
    .execute();
  return rows.map((row) => ({
    itemId: row.item_id,
    planKey: row.source_type === "plan" ? `plan:${row.source_id}:${Number(row.source_seq)}` : null,
    date: row.allocation_date,
    amountMinor: BigInt(row.applied_minor),
  }));
}
