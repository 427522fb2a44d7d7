import { sql } from "kysely";
import { assert } from "../../core/errors.ts";
import { uuidv7 } from "../../core/ids.ts";
import { agingOf, type DiscountWindow, daysPastDue } from "../../domain/payments/index.ts";
import type { Executor } from "../../store/database.ts";
import type { OpenItemsTable } from "../../store/schema.ts";
import { appendAudit } from "../audit.ts";
import { type Actor, lockOrganization, type Tx } from "../command.ts";
import { businessDateAt } from "../organizations.ts";
import { fieldError, textField } from "../text-field.ts";

export const openItemStatuses = ["open", "closed"] as const;
export type OpenItemStatus = (typeof openItemStatuses)[number];

/**
 * One amount a customer owes (or, negative, is owed): a due portion of an invoice or debit note,
 * or a credit note not yet used up. `openMinor` is kept current; the allocations it follows from
 * are dated, so what was open on any past date can be derived (`openItemsAt`).
 */
export interface OpenItem {
  readonly itemId: string;
  readonly customerId: string;
  readonly customerName: string;
  readonly sourceType: string;
  readonly sourceId: string;
  readonly sourceSeq: number;
  readonly documentNumber: string;
  readonly documentDate: string;
  readonly dueDate: string;
  readonly currency: string;
  readonly originalMinor: bigint;
  readonly openMinor: bigint;
  readonly discountWindows: ReadonlyArray<DiscountWindow>;
  readonly disputed: boolean;
  readonly disputeNote: string | null;
  readonly status: OpenItemStatus;
  readonly closedOn: string | null;
}

type ItemRow = OpenItemsTable & { customer_name: string };

export function toOpenItem(row: ItemRow): OpenItem {
  return {
    itemId: row.item_id,
    customerId: row.customer_id,
    customerName: row.customer_name,
    sourceType: row.source_type,
    sourceId: row.source_id,
    sourceSeq: Number(row.source_seq),
    documentNumber: row.document_number,
    documentDate: row.document_date,
    dueDate: row.due_date,
    currency: row.currency,
    originalMinor: BigInt(row.original_minor),
    openMinor: BigInt(row.open_minor),
    discountWindows: JSON.parse(row.discount_json) as DiscountWindow[],
    disputed: BigInt(row.disputed) === 1n,
    disputeNote: row.dispute_note,
    status: row.status as OpenItemStatus,
    closedOn: row.closed_on,
  };
}

export function itemQuery(db: Executor, orgId: string) {
  return db
    .selectFrom("open_items as i")
    .innerJoin("customers as c", (join) =>
      join.onRef("c.org_id", "=", "i.org_id").onRef("c.customer_id", "=", "i.customer_id"),
    )
    .selectAll("i")
    .select("c.name as customer_name")
    .where("i.org_id", "=", orgId);
}

export async function openItemsOfSource(
  db: Executor,
  orgId: string,
  sourceType: string,
  sourceId: string,
): Promise<OpenItem[]> {
  const rows = await itemQuery(db, orgId)
    .where("i.source_type", "=", sourceType)
    .where("i.source_id", "=", sourceId)
    .orderBy("i.source_seq")
    .execute();
  return rows.map(toOpenItem);
}

export async function getOpenItem(db: Executor, orgId: string, itemId: string): Promise<OpenItem> {
  const row = await itemQuery(db, orgId).where("i.item_id", "=", itemId).executeTakeFirst();
  if (row === undefined) throw fieldError("itemId", "NOT_FOUND", `no open item ${itemId}`);
  return toOpenItem(row);
}

export const openItemsPageMax = 1000;

export interface OpenItemFilter {
  readonly customerIds?: ReadonlyArray<string> | undefined;
  readonly status?: OpenItemStatus | undefined;
  /** Only items due before this date (overdue as of the day after). */
  readonly dueBefore?: string | undefined;
  readonly limit?: number | undefined;
}

/** Items by due date, oldest first. */
export async function listOpenItems(
  db: Executor,
  orgId: string,
  filter: OpenItemFilter,
): Promise<OpenItem[]> {
  let query = itemQuery(db, orgId);
  if (filter.customerIds !== undefined) {
    if (filter.customerIds.length === 0) return [];
    query = query.where("i.customer_id", "in", [...filter.customerIds]);
  }
  if (filter.status !== undefined) query = query.where("i.status", "=", filter.status);
  if (filter.dueBefore !== undefined) query = query.where("i.due_date", "<", filter.dueBefore);
  const rows = await query
    .orderBy("i.due_date")
    .orderBy("i.document_date")
    .orderBy("i.item_id")
    .limit(Math.min(filter.limit ?? openItemsPageMax, openItemsPageMax))
    .execute();
  return rows.map(toOpenItem);
}

/**
 * Changes an item's open amount by `deltaMinor` (negative: applied). The pair check refuses to
 * carry a debit item below zero or a credit item above zero — over-application is a bug, since
 * every caller holds the organization's lock and computed the change from the current amount.
 */
export async function moveOpenAmount(
  tx: Tx,
  orgId: string,
  itemId: string,
  deltaMinor: bigint,
  date: string,
): Promise<void> {
  const row = await tx.db
    .selectFrom("open_items")
    .select(["open_minor", "original_minor"])
    .where("org_id", "=", orgId)
    .where("item_id", "=", itemId)
    .executeTakeFirstOrThrow();
  const before = BigInt(row.open_minor);
  const original = BigInt(row.original_minor);
  const after = before + deltaMinor;
  assert(
    original > 0n ? after >= 0n && after <= original : after <= 0n && after >= original,
    `open item ${itemId} would leave its range: ${before} + ${deltaMinor} outside 0…${original}`,
  );
  // The open amount read above is the one changed: a concurrent writer would have to hold the
  // organization's lock, which every caller holds.
  const result = await tx.db
    .updateTable("open_items")
    .set({
      open_minor: after,
      status: after === 0n ? "closed" : "open",
      closed_on: after === 0n ? date : null,
    })
    .where("org_id", "=", orgId)
    .where("item_id", "=", itemId)
    .where("open_minor", "=", before)
    .executeTakeFirst();
  assert(BigInt(result.numUpdatedRows) === 1n, `open item ${itemId} changed under the lock`);
}

export interface AllocationRow {
  readonly itemId: string;
  readonly customerId: string;
  readonly paymentId: string | null;
  readonly counterItemId: string | null;
  readonly date: string;
  readonly appliedMinor: bigint;
  readonly discountMinor: bigint;
  readonly writeOffMinor: bigint;
}

/** Records allocations and moves each item's open amount by what they settle. */
export async function recordAllocations(
  tx: Tx,
  actor: Actor,
  orgId: string,
  rows: ReadonlyArray<AllocationRow>,
): Promise<void> {
  if (rows.length === 0) return;
  for (const row of rows) {
    await moveOpenAmount(
      tx,
      orgId,
      row.itemId,
      -(row.appliedMinor + row.discountMinor + row.writeOffMinor),
      row.date,
    );
  }
  await syncPlanItems(
    tx,
    orgId,
    rows.map((row) => row.itemId),
  );
  await tx.db
    .insertInto("allocations")
    .values(
      rows.map((row) => ({
        org_id: orgId,
        allocation_id: uuidv7(),
        item_id: row.itemId,
        customer_id: row.customerId,
        payment_id: row.paymentId,
        counter_item_id: row.counterItemId,
        allocation_date: row.date,
        applied_minor: row.appliedMinor,
        discount_minor: row.discountMinor,
        write_off_minor: row.writeOffMinor,
        reversed_on: null,
        reversal_reason: null,
        created_by: actor.label,
        created_at: tx.now,
      })),
    )
    .execute();
}

/**
 * Uses a credit item (a credit note's negative item) against debit items of the same customer,
 * in the order given, as far as both go. Both sides are in the customer's receivables, so nothing
 * is posted; each use is a pair of allocations (the debit item's and the credit item's).
 */
export async function applyCreditItem(
  tx: Tx,
  actor: Actor,
  orgId: string,
  creditItemId: string,
  targetItemIds: ReadonlyArray<string>,
  date: string,
): Promise<bigint> {
  const credit = await getOpenItem(tx.db, orgId, creditItemId);
  if (credit.openMinor >= 0n)
    throw fieldError("creditItemId", "NOT_A_CREDIT", "the item holds no credit to apply");
  let left = -credit.openMinor;
  const rows: AllocationRow[] = [];
  for (const itemId of targetItemIds) {
    if (left === 0n) break;
    const target = await getOpenItem(tx.db, orgId, itemId);
    if (target.customerId !== credit.customerId) {
      throw fieldError("items", "OTHER_CUSTOMER", "a credit note is used for its own customer's items");
    }
    if (target.openMinor <= 0n) continue;
    const amount = target.openMinor < left ? target.openMinor : left;
    left -= amount;
    const base = {
      customerId: credit.customerId,
      paymentId: null,
      date,
      discountMinor: 0n,
      writeOffMinor: 0n,
    };
    rows.push({ ...base, itemId, counterItemId: creditItemId, appliedMinor: amount });
    rows.push({ ...base, itemId: creditItemId, counterItemId: itemId, appliedMinor: -amount });
  }
  await recordAllocations(tx, actor, orgId, rows);
  return -credit.openMinor - left;
}

/**
 * Sets each invoice's status from its open items: paid when nothing is open, partially paid when
 * something was settled, issued otherwise. Credit notes count as settled when used up.
 */
export async function refreshInvoiceStatus(
  tx: Tx,
  orgId: string,
  invoiceIds: ReadonlyArray<string>,
): Promise<void> {
  for (const invoiceId of new Set(invoiceIds)) {
    const row = await tx.db
      .selectFrom("open_items")
      .select([
        sql<bigint>`cast(coalesce(sum(open_minor), 0) as bigint)`.as("open"),
        sql<bigint>`cast(coalesce(sum(original_minor), 0) as bigint)`.as("original"),
        sql<bigint>`cast(count(*) as bigint)`.as("n"),
      ])
      .where("org_id", "=", orgId)
      .where("source_type", "=", "invoice")
      .where("source_id", "=", invoiceId)
      .executeTakeFirstOrThrow();
    if (BigInt(row.n) === 0n) continue;
    const open = BigInt(row.open);
    const status = open === 0n ? "paid" : open === BigInt(row.original) ? "issued" : "partially_paid";
    await tx.db
      .updateTable("invoices")
      .set({ status })
      .where("org_id", "=", orgId)
      .where("invoice_id", "=", invoiceId)
      .where("status", "in", ["issued", "partially_paid", "paid"])
      .execute();
  }
}

/** Marks an item disputed (automatic allocation and dunning pass it by) or clears the dispute. */
export async function setDispute(
  tx: Tx,
  actor: Actor,
  orgId: string,
  itemId: string,
  input: { readonly disputed: boolean; readonly note: string | null },
): Promise<OpenItem> {
  await lockOrganization(tx, orgId);
  const before = await getOpenItem(tx.db, orgId, itemId);
  const note = textField(input.note, "note", { required: input.disputed, lengthMax: 500 });
  await appendAudit(tx, {
    orgId,
    actor,
    action: input.disputed ? "open_item.disputed" : "open_item.dispute_cleared",
    entityType: "open_item",
    entityId: itemId,
    before: { disputed: before.disputed, note: before.disputeNote },
    after: { disputed: input.disputed, note },
  });
  await tx.db
    .updateTable("open_items")
    .set({ disputed: input.disputed ? 1n : 0n, dispute_note: note })
    .where("org_id", "=", orgId)
    .where("item_id", "=", itemId)
    .execute();
  return getOpenItem(tx.db, orgId, itemId);
}

export interface ItemAt {
  readonly itemId: string;
  readonly customerId: string;
  readonly documentNumber: string;
  readonly documentDate: string;
  readonly dueDate: string;
  readonly originalMinor: bigint;
  readonly openMinor: bigint;
}

/**
 * What was open on `asOf`: items documented by then, less the allocations dated by then that had
 * not been reversed by then. Later events do not change the answer.
 */
export async function openItemsAt(
  db: Executor,
  orgId: string,
  asOf: string,
  customerIds?: ReadonlyArray<string>,
): Promise<ItemAt[]> {
  let query = db
    .selectFrom("open_items as i")
    .leftJoin("allocations as a", (join) =>
      join
        .onRef("a.org_id", "=", "i.org_id")
        .onRef("a.item_id", "=", "i.item_id")
        .on("a.allocation_date", "<=", asOf)
        .on((eb) => eb.or([eb("a.reversed_on", "is", null), eb("a.reversed_on", ">", asOf)])),
    )
    .select([
      "i.item_id",
      "i.customer_id",
      "i.document_number",
      "i.document_date",
      "i.due_date",
      "i.original_minor",
      sql<bigint>`cast(i.original_minor - coalesce(sum(a.applied_minor + a.discount_minor + a.write_off_minor), 0) as bigint)`.as(
        "open_at",
      ),
    ])
    .where("i.org_id", "=", orgId)
    .where("i.document_date", "<=", asOf)
    .groupBy([
      "i.item_id",
      "i.customer_id",
      "i.document_number",
      "i.document_date",
      "i.due_date",
      "i.original_minor",
    ]);
  if (customerIds !== undefined) {
    if (customerIds.length === 0) return [];
    query = query.where("i.customer_id", "in", [...customerIds]);
  }
  const rows = await query.execute();
  return rows
    .map((row) => ({
      itemId: row.item_id,
      customerId: row.customer_id,
      documentNumber: row.document_number,
      documentDate: row.document_date,
      dueDate: row.due_date,
      originalMinor: BigInt(row.original_minor),
      openMinor: BigInt(row.open_at),
    }))
    .filter((item) => item.openMinor !== 0n)
    .sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : a.itemId < b.itemId ? -1 : 1));
}

export interface CustomerAging {
  readonly customerId: string;
  readonly customerName: string;
  readonly buckets: ReturnType<typeof agingOf>["buckets"];
  readonly totalMinor: bigint;
  readonly overdueMinor: bigint;
}

/** The aging of every customer with something open on `asOf` (today when not given). */
export async function agingSummary(
  db: Executor,
  orgId: string,
  input: {
    readonly asOf: string;
    readonly edgesDays: ReadonlyArray<number>;
    readonly customerIds?: ReadonlyArray<string>;
  },
): Promise<{ asOf: string; customers: CustomerAging[]; total: ReturnType<typeof agingOf> }> {
  const items = await openItemsAt(db, orgId, input.asOf, input.customerIds);
  const byCustomer = new Map<string, ItemAt[]>();
  for (const item of items) {
    const list = byCustomer.get(item.customerId) ?? [];
    list.push(item);
    byCustomer.set(item.customerId, list);
  }
  const names = new Map<string, string>();
  const ids = [...byCustomer.keys()];
  for (let start = 0; start < ids.length; start += 1000) {
    const rows = await db
      .selectFrom("customers")
      .select(["customer_id", "name"])
      .where("org_id", "=", orgId)
      .where("customer_id", "in", ids.slice(start, start + 1000))
      .execute();
    for (const row of rows) names.set(row.customer_id, row.name);
  }
  const customers = [...byCustomer].map(([customerId, list]) => {
    const aging = agingOf(list, input.asOf, input.edgesDays);
    return { customerId, customerName: names.get(customerId) ?? "", ...aging };
  });
  customers.sort((a, b) =>
    a.overdueMinor === b.overdueMinor
      ? a.totalMinor > b.totalMinor
        ? -1
        : 1
      : a.overdueMinor > b.overdueMinor
        ? -1
        : 1,
  );
  return { asOf: input.asOf, customers, total: agingOf(items, input.asOf, input.edgesDays) };
}

/** The most days any of the customer's open items is past due today (0 when none). */
export async function maxDaysOverdue(
  db: Executor,
  orgId: string,
  customerId: string,
  today: string,
): Promise<number> {
  const row = await db
    .selectFrom("open_items")
    .select(sql<string | null>`min(due_date)`.as("oldest"))
    .where("org_id", "=", orgId)
    .where("customer_id", "=", customerId)
    .where("status", "=", "open")
    .where("open_minor", ">", 0n)
    .where("disputed", "=", 0n)
    .executeTakeFirst();
  const oldest = row?.oldest ?? null;
  if (oldest === null || oldest >= today) return 0;
  return daysPastDue(oldest, today);
}

export async function todayOf(tx: Tx, orgId: string): Promise<string> {
  return businessDateAt(tx.db, orgId, tx.now);
}

/** The label of a plan item's open item: FQ-000001-03 for the third installment, -DP, -FEE, -ES. */
export function planItemNumber(
  planNumber: string,
  item: { readonly kind: string; readonly number: number | null; readonly seq: number },
): string {
  switch (item.kind) {
    case "installment":
      return `${planNumber}-${String(item.number ?? item.seq).padStart(2, "0")}`;
    case "down-payment":
      return `${planNumber}-DP`;
    case "upfront-fee":
      return `${planNumber}-FEE`;
    default:
      return `${planNumber}-ES${item.seq}`;
  }
}

/**
 * Open items for what a plan bills: each billed item, and each penalty accrual (one item per
 * accrual, so what was owed on any past day stays exact). The caller has posted the vouchers.
 */
export async function addPlanOpenItems(
  tx: Tx,
  orgId: string,
  rows: ReadonlyArray<{
    readonly planId: string;
    readonly seq: number;
    readonly customerId: string;
    readonly currency: string;
    readonly documentNumber: string;
    readonly date: string;
    readonly amountMinor: bigint;
    readonly penalty: boolean;
  }>,
): Promise<void> {
  const values = rows
    .filter((row) => row.amountMinor > 0n)
    .map((row) => ({
      org_id: orgId,
      item_id: uuidv7(),
      customer_id: row.customerId,
      source_type: row.penalty ? "plan_penalty" : "plan",
      source_id: row.planId,
      source_seq: BigInt(row.seq),
      document_number: row.documentNumber,
      tax_invoice_number: null,
      document_date: row.date,
      due_date: row.date,
      currency: row.currency,
      original_minor: row.amountMinor,
      open_minor: row.amountMinor,
      discount_json: "[]",
      disputed: 0n,
      dispute_note: null,
      status: "open",
      closed_on: null,
      created_at: tx.now,
    }));
  for (let start = 0; start < values.length; start += 1000) {
    await tx.db
      .insertInto("open_items")
      .values(values.slice(start, start + 1000))
      .execute();
  }
}

/**
 * Keeps a plan's items in step with their open items: what is settled of an installment is its
 * paid amount, and it is paid when nothing is open. Penalty items settle penalties, which the
 * plan item only counts.
 */
export async function syncPlanItems(tx: Tx, orgId: string, itemIds: ReadonlyArray<string>): Promise<void> {
  for (const itemId of new Set(itemIds)) {
    const item = await tx.db
      .selectFrom("open_items")
      .select(["source_type", "source_id", "source_seq", "open_minor", "original_minor"])
      .where("org_id", "=", orgId)
      .where("item_id", "=", itemId)
      .executeTakeFirst();
    if (item === undefined || item.source_type !== "plan") continue;
    const open = BigInt(item.open_minor);
    await tx.db
      .updateTable("plan_items")
      .set((eb) => ({
        paid_minor: sql<bigint>`${eb.ref("total_minor")} - ${open}`,
        status: open === 0n ? "paid" : "billed",
      }))
      .where("org_id", "=", orgId)
      .where("plan_id", "=", item.source_id)
      .where("seq", "=", BigInt(item.source_seq))
      .where("status", "in", ["billed", "paid"])
      .execute();
  }
}

/**
 * Closes items without cash, for a plan change that moves them back into the plan (capitalized
 * arrears): an allocation of no payment, dated the change, so the history still explains it.
 */
export async function closeItemsByRestructuring(
  tx: Tx,
  actor: Actor,
  orgId: string,
  itemIds: ReadonlyArray<string>,
  date: string,
): Promise<void> {
  const rows: AllocationRow[] = [];
  for (const itemId of itemIds) {
    const item = await getOpenItem(tx.db, orgId, itemId);
    if (item.openMinor <= 0n) continue;
    rows.push({
      itemId,
      customerId: item.customerId,
      paymentId: null,
      counterItemId: null,
      date,
      appliedMinor: item.openMinor,
      discountMinor: 0n,
      writeOffMinor: 0n,
    });
  }
  await recordAllocations(tx, actor, orgId, rows);
}

/** The open items of a plan's items by sequence number, penalty items included. */
export async function planOpenItems(
  db: Executor,
  orgId: string,
  planId: string,
  seqs: ReadonlyArray<number>,
): Promise<OpenItem[]> {
  if (seqs.length === 0) return [];
  const rows = await itemQuery(db, orgId)
    .where("i.source_type", "in", ["plan", "plan_penalty"])
    .where("i.source_id", "=", planId)
    .where("i.source_seq", "in", seqs.map(BigInt))
    .where("i.status", "=", "open")
    .orderBy("i.due_date")
    .orderBy("i.item_id")
    .execute();
  return rows.map(toOpenItem);
}
