import { sql } from "kysely";
import { AppError } from "../../core/errors.ts";
import { uuidv7 } from "../../core/ids.ts";
import type { LedgerEvent } from "../../domain/ledger/index.ts";
import {
  type AllocatableItem,
  type AllocationMethod,
  type AllocationResult,
  allocatePayment,
} from "../../domain/payments/index.ts";
import type { Executor } from "../../store/database.ts";
import type { PaymentsTable } from "../../store/schema.ts";
import { appendAudit } from "../audit.ts";
import { type Actor, lockOrganization, type Tx } from "../command.ts";
import { getCustomer } from "../customers.ts";
import { postEvents, reverseVoucher } from "../ledger/posting.ts";
import { stringifyMinor } from "../minor-json.ts";
import { businessDateAt, getOrganization } from "../organizations.ts";
import { fieldError, textField } from "../text-field.ts";
import { getReceivablesPolicy } from "./definitions.ts";
import { nextDocumentNumber } from "./numbers.ts";
import {
  getOpenItem,
  listOpenItems,
  moveOpenAmount,
  type OpenItem,
  recordAllocations,
  refreshInvoiceStatus,
  syncPlanItems,
} from "./open-items.ts";

/** 银行转账, 支票, 现金, 银行承兑汇票, 线上支付 (Alipay, WeChat Pay, UnionPay online). */
export const paymentMethods = ["bank_transfer", "cheque", "cash", "bank_acceptance_draft", "online"] as const;
export type PaymentMethod = (typeof paymentMethods)[number];
export const paymentStatuses = ["posted", "reversed"] as const;
export type PaymentStatus = (typeof paymentStatuses)[number];
export const paymentTextLengthMax = 500;
/** Items one allocation may touch: a head office settling a month of branch invoices stays well under. */
export const allocationItemsMax = 1000;

export interface Payment {
  readonly paymentId: string;
  readonly number: string;
  readonly customerId: string;
  readonly customerName: string;
  readonly method: PaymentMethod;
  readonly receivedDate: string;
  readonly currency: string;
  readonly amountMinor: bigint;
  readonly unappliedMinor: bigint;
  readonly payerName: string | null;
  readonly reference: string | null;
  readonly bankLineId: string | null;
  readonly status: PaymentStatus;
  readonly reversedOn: string | null;
  readonly reversalReason: string | null;
  readonly note: string | null;
  readonly createdBy: string;
  readonly createdAt: string;
}

export interface PaymentAllocation {
  readonly allocationId: string;
  readonly itemId: string;
  readonly documentNumber: string;
  readonly customerId: string;
  readonly date: string;
  readonly appliedMinor: bigint;
  readonly discountMinor: bigint;
  readonly writeOffMinor: bigint;
  readonly reversedOn: string | null;
}

export interface PaymentDetail extends Payment {
  readonly allocations: ReadonlyArray<PaymentAllocation>;
  readonly refunds: ReadonlyArray<{ refundId: string; date: string; amountMinor: bigint; reason: string }>;
}

/** How to apply money: the method, whether discounts in their window are taken, whether a small shortfall is written off. */
export interface AllocationRequest {
  readonly method: AllocationMethod;
  readonly takeDiscounts: boolean;
  readonly writeOffShortfall: boolean;
}

export interface PaymentInput {
  readonly customerId: string;
  readonly method: PaymentMethod;
  readonly receivedDate: string;
  readonly amountMinor: bigint;
  readonly payerName: string | null;
  readonly reference: string | null;
  readonly note: string | null;
  /** Null: keep the whole amount unapplied (预收) for now. */
  readonly allocation: AllocationRequest | null;
}

type PaymentRow = PaymentsTable & { customer_name: string };

function paymentQuery(db: Executor, orgId: string) {
  return db
    .selectFrom("payments as p")
    .innerJoin("customers as c", (join) =>
      join.onRef("c.org_id", "=", "p.org_id").onRef("c.customer_id", "=", "p.customer_id"),
    )
    .selectAll("p")
    .select("c.name as customer_name")
    .where("p.org_id", "=", orgId);
}

function toPayment(row: PaymentRow): Payment {
  return {
    paymentId: row.payment_id,
    number: row.number,
    customerId: row.customer_id,
    customerName: row.customer_name,
    method: row.method as PaymentMethod,
    receivedDate: row.received_date,
    currency: row.currency,
    amountMinor: BigInt(row.amount_minor),
    unappliedMinor: BigInt(row.unapplied_minor),
    payerName: row.payer_name,
    reference: row.reference,
    bankLineId: row.bank_line_id,
    status: row.status as PaymentStatus,
    reversedOn: row.reversed_on,
    reversalReason: row.reversal_reason,
    note: row.note,
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

export async function getPayment(db: Executor, orgId: string, paymentId: string): Promise<PaymentDetail> {
  const row = await paymentQuery(db, orgId).where("p.payment_id", "=", paymentId).executeTakeFirst();
  if (row === undefined) throw new AppError("NOT_FOUND", { params: { entity: "payment" } });
  const allocations = await db
    .selectFrom("allocations as a")
    .innerJoin("open_items as i", (join) =>
      join.onRef("i.org_id", "=", "a.org_id").onRef("i.item_id", "=", "a.item_id"),
    )
    .select([
      "a.allocation_id",
      "a.item_id",
      "i.document_number",
      "a.customer_id",
      "a.allocation_date",
      "a.applied_minor",
      "a.discount_minor",
      "a.write_off_minor",
      "a.reversed_on",
    ])
    .where("a.org_id", "=", orgId)
    .where("a.payment_id", "=", paymentId)
    .orderBy("a.created_at")
    .orderBy("a.allocation_id")
    .execute();
  const refunds = await db
    .selectFrom("refunds")
    .selectAll()
    .where("org_id", "=", orgId)
    .where("payment_id", "=", paymentId)
    .orderBy("refund_date")
    .execute();
  return {
    ...toPayment(row),
    allocations: allocations.map((a) => ({
      allocationId: a.allocation_id,
      itemId: a.item_id,
      documentNumber: a.document_number,
      customerId: a.customer_id,
      date: a.allocation_date,
      appliedMinor: BigInt(a.applied_minor),
      discountMinor: BigInt(a.discount_minor),
      writeOffMinor: BigInt(a.write_off_minor),
      reversedOn: a.reversed_on,
    })),
    refunds: refunds.map((r) => ({
      refundId: r.refund_id,
      date: r.refund_date,
      amountMinor: BigInt(r.amount_minor),
      reason: r.reason,
    })),
  };
}

export const paymentPageSizeMax = 200;

export async function listPayments(
  db: Executor,
  orgId: string,
  filter: {
    readonly customerId?: string | undefined;
    readonly unappliedOnly?: boolean | undefined;
    readonly from?: string | undefined;
    readonly to?: string | undefined;
    readonly limit: number;
    readonly after?: string | undefined;
  },
): Promise<{ items: Payment[]; next: string | null }> {
  let query = paymentQuery(db, orgId);
  if (filter.customerId !== undefined) query = query.where("p.customer_id", "=", filter.customerId);
  if (filter.unappliedOnly)
    query = query.where("p.unapplied_minor", ">", 0n).where("p.status", "=", "posted");
  if (filter.from !== undefined) query = query.where("p.received_date", ">=", filter.from);
  if (filter.to !== undefined) query = query.where("p.received_date", "<=", filter.to);
  if (filter.after !== undefined) {
    const [date, id] = filter.after.split("|");
    if (date !== undefined && id !== undefined) {
      query = query.where((eb) =>
        eb.or([
          eb("p.received_date", "<", date),
          eb.and([eb("p.received_date", "=", date), eb("p.payment_id", "<", id)]),
        ]),
      );
    }
  }
  const limit = Math.min(Math.max(filter.limit, 1), paymentPageSizeMax);
  const rows = await query
    .orderBy("p.received_date", "desc")
    .orderBy("p.payment_id", "desc")
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit).map(toPayment);
  const last = page.at(-1);
  return { items: page, next: rows.length > limit && last ? `${last.receivedDate}|${last.paymentId}` : null };
}

/** The customers whose items a payer may settle: itself and those it pays for as group payer. */
export async function payerScope(db: Executor, orgId: string, payerId: string): Promise<string[]> {
  const rows = await db
    .selectFrom("customers")
    .select("customer_id")
    .where("org_id", "=", orgId)
    .where("group_payer_id", "=", payerId)
    .execute();
  return [payerId, ...rows.map((row) => row.customer_id)];
}

function allocatable(item: OpenItem): AllocatableItem {
  return {
    itemId: item.itemId,
    dueDate: item.dueDate,
    documentDate: item.documentDate,
    openMinor: item.openMinor,
    originalMinor: item.originalMinor,
    discountWindows: item.discountWindows,
    disputed: item.disputed,
  };
}

/**
 * Applies up to `amountMinor` of a payment's unapplied money to open items and posts what it
 * settles: 借 预收账款 (the payer) / 贷 应收账款 (the item's customer), cash discounts to 财务费用,
 * a tolerated shortfall to 财务费用. Discount windows are judged on the day the money arrived.
 */
async function applyToItems(
  tx: Tx,
  actor: Actor,
  orgId: string,
  payment: Payment,
  request: AllocationRequest,
  date: string,
): Promise<AllocationResult> {
  const scope = await payerScope(tx.db, orgId, payment.customerId);
  let items: OpenItem[];
  if (request.method.kind === "chosen") {
    if (request.method.items.length > allocationItemsMax) {
      throw fieldError("allocation.items", "TOO_MANY", `at most ${allocationItemsMax} items`);
    }
    items = [];
    for (const [index, chosen] of request.method.items.entries()) {
      let item: OpenItem;
      try {
        item = await getOpenItem(tx.db, orgId, chosen.itemId);
      } catch {
        throw fieldError(`allocation.items.${index}.itemId`, "NOT_FOUND", "no such open item");
      }
      if (!scope.includes(item.customerId)) {
        throw fieldError(
          `allocation.items.${index}.itemId`,
          "OTHER_CUSTOMER",
          "the item belongs to a customer this payer does not pay for",
        );
      }
      if (item.openMinor <= 0n)
        throw fieldError(`allocation.items.${index}.itemId`, "NOT_OPEN", `${item.documentNumber} is settled`);
      if (item.currency !== payment.currency)
        throw fieldError(`allocation.items.${index}.itemId`, "CURRENCY_MISMATCH", item.currency);
      items.push(item);
    }
  } else {
    items = (
      await listOpenItems(tx.db, orgId, { customerIds: scope, status: "open", limit: allocationItemsMax })
    ).filter(
      (item) => item.openMinor > 0n && item.currency === payment.currency && item.documentDate <= date,
    );
  }
  const policy = (await getReceivablesPolicy(tx.db, orgId)).definition;
  const result = allocatePayment({
    amountMinor: payment.unappliedMinor,
    date: payment.receivedDate,
    items: items.map(allocatable),
    method: request.method,
    takeDiscounts: request.takeDiscounts,
    tolerance: request.writeOffShortfall
      ? { amountMinor: policy.underpaymentToleranceMinor, share: policy.underpaymentToleranceShare }
      : null,
    rounding: "half-up",
  });
  const byId = new Map(items.map((item) => [item.itemId, item]));
  await recordAllocations(
    tx,
    actor,
    orgId,
    result.lines.map((line) => ({
      itemId: line.itemId,
      customerId: byId.get(line.itemId)?.customerId ?? payment.customerId,
      paymentId: payment.paymentId,
      counterItemId: null,
      date,
      appliedMinor: line.appliedMinor,
      discountMinor: line.discountMinor,
      writeOffMinor: line.writeOffMinor,
    })),
  );
  // One voucher per customer and kind, so a head office's payment for ten branches stays readable.
  const perCustomer = new Map<
    string,
    { applied: bigint; discount: bigint; writeOff: bigint; numbers: string[] }
  >();
  for (const line of result.lines) {
    const item = byId.get(line.itemId);
    if (item === undefined) continue;
    const sums = perCustomer.get(item.customerId) ?? { applied: 0n, discount: 0n, writeOff: 0n, numbers: [] };
    sums.applied += line.appliedMinor;
    sums.discount += line.discountMinor;
    sums.writeOff += line.writeOffMinor;
    sums.numbers.push(item.documentNumber);
    perCustomer.set(item.customerId, sums);
  }
  const events: LedgerEvent[] = [];
  for (const [customerId, sums] of perCustomer) {
    const base = {
      date,
      currency: payment.currency,
      customerId,
      payerId: payment.customerId,
      sourceType: "payment",
      sourceId: payment.paymentId,
    };
    const numbers = sums.numbers.slice(0, 5).join(", ") + (sums.numbers.length > 5 ? " …" : "");
    events.push({
      ...base,
      type: "payment_applied",
      amounts: { amount: sums.applied },
      memo: `回款核销 ${payment.number}: ${numbers}`.slice(0, 200),
    });
    if (sums.discount > 0n) {
      events.push({
        ...base,
        type: "discount_taken",
        amounts: { discount: sums.discount },
        memo: `现金折扣 ${payment.number}: ${numbers}`.slice(0, 200),
      });
    }
    if (sums.writeOff > 0n) {
      events.push({
        ...base,
        type: "underpayment_written_off",
        amounts: { amount: sums.writeOff },
        memo: `尾差核销 ${payment.number}: ${numbers}`.slice(0, 200),
      });
    }
  }
  await postEvents(tx, actor, orgId, events);
  await tx.db
    .updateTable("payments")
    .set({ unapplied_minor: sql<bigint>`unapplied_minor - ${result.appliedMinor}` })
    .where("org_id", "=", orgId)
    .where("payment_id", "=", payment.paymentId)
    .execute();
  const sources = result.lines.flatMap((line) => {
    const item = byId.get(line.itemId);
    return item !== undefined && item.sourceType === "invoice" ? [item.sourceId] : [];
  });
  await refreshInvoiceStatus(tx, orgId, sources);
  return result;
}

function checkDate(
  date: string,
  path: string,
  today: string,
  notBefore?: { date: string; what: string },
): void {
  if (date > today) throw fieldError(path, "FUTURE_DATE", `on or before today (${today})`);
  if (notBefore !== undefined && date < notBefore.date) {
    throw fieldError(path, "TOO_EARLY", `on or after ${notBefore.what} (${notBefore.date})`);
  }
}

/**
 * Records money received (回款) from a customer, or from a head office for the customers it pays
 * for: 借 银行存款 / 贷 预收账款 (the payer), then applies it as asked. What is not applied stays
 * as the payer's unapplied credit, to apply later or refund.
 */
export async function recordPayment(
  tx: Tx,
  actor: Actor,
  orgId: string,
  input: PaymentInput & { readonly bankLineId?: string | null },
): Promise<PaymentDetail> {
  await lockOrganization(tx, orgId);
  const payer = await getCustomer(tx.db, orgId, input.customerId);
  const today = await businessDateAt(tx.db, orgId, tx.now);
  checkDate(input.receivedDate, "receivedDate", today);
  if (!(paymentMethods as ReadonlyArray<string>).includes(input.method)) {
    throw fieldError("method", "INVALID_CHOICE", paymentMethods.join(", "));
  }
  if (input.amountMinor <= 0n || input.amountMinor > 10n ** 15n) {
    throw fieldError("amount", "OUT_OF_RANGE", "more than 0 and at most 10,000,000,000,000.00");
  }
  const { baseCurrency } = await getOrganization(tx.db, orgId);
  const paymentId = uuidv7();
  const number = await nextDocumentNumber(tx, orgId, "payment");
  const payerName = textField(input.payerName, "payerName", { required: false, lengthMax: 200 });
  const reference = textField(input.reference, "reference", { required: false, lengthMax: 200 });
  await tx.db
    .insertInto("payments")
    .values({
      org_id: orgId,
      payment_id: paymentId,
      number,
      customer_id: input.customerId,
      method: input.method,
      received_date: input.receivedDate,
      currency: baseCurrency,
      amount_minor: input.amountMinor,
      unapplied_minor: input.amountMinor,
      payer_name: payerName,
      reference,
      bank_line_id: input.bankLineId ?? null,
      status: "posted",
      reversed_on: null,
      reversal_reason: null,
      note: textField(input.note, "note", { required: false, lengthMax: paymentTextLengthMax }),
      created_by: actor.label,
      created_at: tx.now,
    })
    .execute();
  await postEvents(tx, actor, orgId, [
    {
      type: "payment_received",
      date: input.receivedDate,
      currency: baseCurrency,
      customerId: input.customerId,
      amounts: { amount: input.amountMinor },
      memo: `收款 ${number} ${payer.name}${reference ? ` ${reference}` : ""}`.slice(0, 200),
      sourceType: "payment",
      sourceId: paymentId,
    },
  ]);
  await appendAudit(tx, {
    orgId,
    actor,
    action: "payment.recorded",
    entityType: "payment",
    entityId: paymentId,
    after: JSON.parse(stringifyMinor({ ...input, number })),
  });
  if (input.allocation !== null) {
    const payment = await getPayment(tx.db, orgId, paymentId);
    await applyToItems(tx, actor, orgId, payment, input.allocation, input.receivedDate);
  }
  return getPayment(tx.db, orgId, paymentId);
}

async function postedPayment(tx: Tx, orgId: string, paymentId: string): Promise<PaymentDetail> {
  const payment = await getPayment(tx.db, orgId, paymentId);
  if (payment.status !== "posted") {
    throw new AppError("PAYMENT_STATUS", {
      detail: `${payment.number} was reversed on ${payment.reversedOn}`,
      params: { status: payment.status },
    });
  }
  return payment;
}

/** Applies a payment's unapplied money (an overpayment, an advance) to open items later. */
export async function applyPayment(
  tx: Tx,
  actor: Actor,
  orgId: string,
  paymentId: string,
  input: AllocationRequest & { readonly date: string | null },
): Promise<PaymentDetail> {
  await lockOrganization(tx, orgId);
  const payment = await postedPayment(tx, orgId, paymentId);
  const today = await businessDateAt(tx.db, orgId, tx.now);
  const date = input.date ?? today;
  checkDate(date, "date", today, { date: payment.receivedDate, what: "the day the money arrived" });
  if (payment.unappliedMinor === 0n)
    throw fieldError("paymentId", "NOTHING_UNAPPLIED", `${payment.number} is fully applied`);
  const result = await applyToItems(tx, actor, orgId, payment, input, date);
  await appendAudit(tx, {
    orgId,
    actor,
    action: "payment.applied",
    entityType: "payment",
    entityId: paymentId,
    after: JSON.parse(stringifyMinor({ date, lines: result.lines })),
  });
  return getPayment(tx.db, orgId, paymentId);
}

/**
 * Reverses a payment that did not stand (a bounced cheque, a recalled transfer): every voucher it
 * posted is reversed on `date`, its allocations are marked reversed on that date (so the items
 * are open again from then on, and what was open before stays as it was), with the reason.
 */
export async function reversePayment(
  tx: Tx,
  actor: Actor,
  orgId: string,
  paymentId: string,
  input: { readonly date: string; readonly reason: string },
): Promise<PaymentDetail> {
  await lockOrganization(tx, orgId);
  const payment = await postedPayment(tx, orgId, paymentId);
  const reason = textField(input.reason, "reason", { required: true, lengthMax: paymentTextLengthMax }) ?? "";
  const today = await businessDateAt(tx.db, orgId, tx.now);
  const active = payment.allocations.filter((a) => a.reversedOn === null);
  const latest = active.reduce((last, a) => (a.date > last ? a.date : last), payment.receivedDate);
  checkDate(input.date, "date", today, { date: latest, what: "the payment and its last application" });
  if (payment.refunds.length > 0) {
    throw new AppError("PAYMENT_STATUS", {
      detail: `${payment.number} has refunds; a refunded payment is not reversed`,
      params: { status: "refunded" },
    });
  }
  const vouchers = await tx.db
    .selectFrom("vouchers")
    .select(["voucher_id", "kind"])
    .where("org_id", "=", orgId)
    .where("source_type", "=", "payment")
    .where("source_id", "=", paymentId)
    .orderBy("period")
    .orderBy("number")
    .execute();
  const reversed = new Set(
    (
      await tx.db
        .selectFrom("vouchers")
        .select("reverses_voucher_id")
        .where("org_id", "=", orgId)
        .where("source_type", "=", "payment")
        .where("source_id", "=", paymentId)
        .where("kind", "=", "reversal")
        .execute()
    ).map((row) => row.reverses_voucher_id),
  );
  for (const voucher of vouchers) {
    if (voucher.kind === "reversal" || reversed.has(voucher.voucher_id)) continue;
    await reverseVoucher(tx, actor, orgId, voucher.voucher_id, { date: input.date, reason });
  }
  for (const allocation of active) {
    await moveOpenAmount(
      tx,
      orgId,
      allocation.itemId,
      allocation.appliedMinor + allocation.discountMinor + allocation.writeOffMinor,
      input.date,
    );
  }
  await syncPlanItems(
    tx,
    orgId,
    active.map((a) => a.itemId),
  );
  await tx.db
    .updateTable("allocations")
    .set({ reversed_on: input.date, reversal_reason: reason })
    .where("org_id", "=", orgId)
    .where("payment_id", "=", paymentId)
    .where("reversed_on", "is", null)
    .execute();
  await tx.db
    .updateTable("payments")
    .set({ status: "reversed", reversed_on: input.date, reversal_reason: reason, unapplied_minor: 0n })
    .where("org_id", "=", orgId)
    .where("payment_id", "=", paymentId)
    .execute();
  const items = await Promise.all(active.map((a) => getOpenItem(tx.db, orgId, a.itemId)));
  await refreshInvoiceStatus(
    tx,
    orgId,
    items.filter((item) => item.sourceType === "invoice").map((item) => item.sourceId),
  );
  await appendAudit(tx, {
    orgId,
    actor,
    action: "payment.reversed",
    entityType: "payment",
    entityId: paymentId,
    after: { date: input.date, reason, reopened: active.length },
  });
  return getPayment(tx.db, orgId, paymentId);
}

/** Pays back unapplied money: 借 预收账款 / 贷 银行存款. */
export async function refundPayment(
  tx: Tx,
  actor: Actor,
  orgId: string,
  paymentId: string,
  input: { readonly date: string; readonly amountMinor: bigint; readonly reason: string },
): Promise<PaymentDetail> {
  await lockOrganization(tx, orgId);
  const payment = await postedPayment(tx, orgId, paymentId);
  const reason = textField(input.reason, "reason", { required: true, lengthMax: paymentTextLengthMax }) ?? "";
  const today = await businessDateAt(tx.db, orgId, tx.now);
  checkDate(input.date, "date", today, { date: payment.receivedDate, what: "the day the money arrived" });
  if (input.amountMinor <= 0n || input.amountMinor > payment.unappliedMinor) {
    throw fieldError(
      "amount",
      "OUT_OF_RANGE",
      `more than 0 and at most the unapplied ${payment.unappliedMinor} minor units`,
    );
  }
  const refundId = uuidv7();
  await tx.db
    .insertInto("refunds")
    .values({
      org_id: orgId,
      refund_id: refundId,
      payment_id: paymentId,
      refund_date: input.date,
      amount_minor: input.amountMinor,
      reason,
      created_by: actor.label,
      created_at: tx.now,
    })
    .execute();
  await tx.db
    .updateTable("payments")
    .set({ unapplied_minor: sql<bigint>`unapplied_minor - ${input.amountMinor}` })
    .where("org_id", "=", orgId)
    .where("payment_id", "=", paymentId)
    .execute();
  await postEvents(tx, actor, orgId, [
    {
      type: "refund_paid",
      date: input.date,
      currency: payment.currency,
      customerId: payment.customerId,
      amounts: { amount: input.amountMinor },
      memo: `退款 ${payment.number} ${payment.customerName}: ${reason}`.slice(0, 200),
      sourceType: "payment",
      sourceId: paymentId,
    },
  ]);
  await appendAudit(tx, {
    orgId,
    actor,
    action: "payment.refunded",
    entityType: "payment",
    entityId: paymentId,
    after: { refundId, date: input.date, amountMinor: input.amountMinor.toString(), reason },
  });
  return getPayment(tx.db, orgId, paymentId);
}
