import { sql } from "kysely";
import { AppError } from "../../core/errors.ts";
import { uuidv7 } from "../../core/ids.ts";
import type { Executor } from "../../store/database.ts";
import type { WriteOffsTable } from "../../store/risk-tables.ts";
import { appendAudit } from "../audit.ts";
import { type Actor, lockOrganization, type Tx } from "../command.ts";
import { postEvents } from "../ledger/posting.ts";
import { businessDateAt, getOrganization } from "../organizations.ts";
import {
  getOpenItem,
  type OpenItem,
  recordAllocations,
  refreshInvoiceStatus,
} from "../receivables/open-items.ts";
import { fieldError, textField } from "../text-field.ts";
import { getRiskPolicy } from "./risk-policy.ts";

/**
 * Write-off (坏账核销) and recovery. A write-off closes open items of one customer with
 * allocations of no payment (`write_off_minor`), so what was open on any past date stays exact
 * and the receivables control account keeps equal to the open items. It posts per the framework's
 * rules: 借 坏账准备 / 贷 应收账款 under CAS and IFRS (the allowance absorbs the loss), 借 营业外支出
 * / 贷 应收账款 under 小企业会计准则 (第十条, direct write-off).
 *
 * Maker-checker (DESIGN.md §5): a write-off above the risk policy's threshold waits for a second
 * person with risk.approve; the requester never approves their own. At or below it posts at once.
 *
 * A recovery reinstates what the customer pays after all: a new open item for the recovered
 * amount, tied to the write-off (借 应收账款 / 贷 坏账准备, or 贷 营业外收入 under 小企业会计准则),
 * which the payment then settles through the ordinary payment flow. Never more than was written off.
 */

export const writeOffStatuses = ["pending", "posted", "rejected"] as const;
export type WriteOffStatus = (typeof writeOffStatuses)[number];
export const writeOffItemsMax = 100;
export const writeOffTextLengthMax = 500;
export const writeOffsPageMax = 200;
export const recoveryItemSourceType = "write_off_recovery";
const amountMinorMax = 10n ** 15n;

export interface WriteOffItem {
  readonly itemId: string;
  readonly documentNumber: string;
  readonly dueDate: string;
  readonly amountMinor: bigint;
  /** What is open of the item now. */
  readonly openMinor: bigint;
}

export interface Recovery {
  readonly recoveryId: string;
  readonly date: string;
  readonly amountMinor: bigint;
  /** The open item the recovery reinstated; the customer's payment settles it. */
  readonly itemId: string;
  readonly documentNumber: string;
  readonly openMinor: bigint;
  readonly voucherId: string | null;
  readonly note: string | null;
  readonly createdBy: string;
  readonly createdAt: string;
}

export interface WriteOff {
  readonly writeOffId: string;
  readonly number: string;
  readonly customerId: string;
  readonly customerName: string;
  readonly currency: string;
  readonly amountMinor: bigint;
  readonly recoveredMinor: bigint;
  readonly reason: string;
  readonly status: WriteOffStatus;
  readonly policyVersion: number;
  readonly thresholdMinor: bigint;
  readonly requestedOn: string;
  readonly requestedBy: string;
  readonly requestedByUserId: string | null;
  readonly decidedBy: string | null;
  readonly decisionNote: string | null;
  readonly decidedAt: string | null;
  readonly postedOn: string | null;
  readonly voucherId: string | null;
  readonly createdAt: string;
  readonly items: ReadonlyArray<WriteOffItem>;
  readonly recoveries: ReadonlyArray<Recovery>;
}

export interface WriteOffInput {
  readonly customerId: string;
  readonly items: ReadonlyArray<{ readonly itemId: string; readonly amountMinor: bigint }>;
  readonly reason: string;
}

type WriteOffRow = WriteOffsTable & { customer_name: string };

function writeOffQuery(db: Executor, orgId: string) {
  return db
    .selectFrom("write_offs as w")
    .innerJoin("customers as c", (join) =>
      join.onRef("c.org_id", "=", "w.org_id").onRef("c.customer_id", "=", "w.customer_id"),
    )
    .selectAll("w")
    .select("c.name as customer_name")
    .where("w.org_id", "=", orgId);
}

async function detailOf(db: Executor, orgId: string, row: WriteOffRow): Promise<WriteOff> {
  const items = await db
    .selectFrom("write_off_items as w")
    .innerJoin("open_items as i", (join) =>
      join.onRef("i.org_id", "=", "w.org_id").onRef("i.item_id", "=", "w.item_id"),
    )
    .select(["w.item_id", "w.amount_minor", "i.document_number", "i.due_date", "i.open_minor"])
    .where("w.org_id", "=", orgId)
    .where("w.write_off_id", "=", row.write_off_id)
    .orderBy("i.due_date")
    .orderBy("w.item_id")
    .execute();
  const recoveries = await db
    .selectFrom("write_off_recoveries as r")
    .innerJoin("open_items as i", (join) =>
      join.onRef("i.org_id", "=", "r.org_id").onRef("i.item_id", "=", "r.item_id"),
    )
    .select([
      "r.recovery_id",
      "r.recovery_date",
      "r.amount_minor",
      "r.item_id",
      "r.voucher_id",
      "r.note",
      "r.created_by",
      "r.created_at",
      "i.document_number",
      "i.open_minor",
    ])
    .where("r.org_id", "=", orgId)
    .where("r.write_off_id", "=", row.write_off_id)
    .orderBy("r.created_at")
    .execute();
  return {
    writeOffId: row.write_off_id,
    number: row.number,
    customerId: row.customer_id,
    customerName: row.customer_name,
    currency: row.currency,
    amountMinor: BigInt(row.amount_minor),
    recoveredMinor: BigInt(row.recovered_minor),
    reason: row.reason,
    status: row.status as WriteOffStatus,
    policyVersion: Number(row.policy_version),
    thresholdMinor: BigInt(row.threshold_minor),
    requestedOn: row.requested_on,
    requestedBy: row.requested_by,
    requestedByUserId: row.requested_by_user_id,
    decidedBy: row.decided_by,
    decisionNote: row.decision_note,
    decidedAt: row.decided_at,
    postedOn: row.posted_on,
    voucherId: row.voucher_id,
    createdAt: row.created_at,
    items: items.map((item) => ({
      itemId: item.item_id,
      documentNumber: item.document_number,
      dueDate: item.due_date,
      amountMinor: BigInt(item.amount_minor),
      openMinor: BigInt(item.open_minor),
    })),
    recoveries: recoveries.map((r) => ({
      recoveryId: r.recovery_id,
      date: r.recovery_date,
      amountMinor: BigInt(r.amount_minor),
      itemId: r.item_id,
      documentNumber: r.document_number,
      openMinor: BigInt(r.open_minor),
      voucherId: r.voucher_id,
      note: r.note,
      createdBy: r.created_by,
      createdAt: r.created_at,
    })),
  };
}

export async function getWriteOff(db: Executor, orgId: string, writeOffId: string): Promise<WriteOff> {
  const row = await writeOffQuery(db, orgId).where("w.write_off_id", "=", writeOffId).executeTakeFirst();
  if (row === undefined) throw new AppError("NOT_FOUND", { params: { entity: "writeOff" } });
  return detailOf(db, orgId, row);
}

/** Write-offs, newest first. */
export async function listWriteOffs(
  db: Executor,
  orgId: string,
  filter: {
    readonly status?: WriteOffStatus | undefined;
    readonly customerId?: string | undefined;
    readonly limit: number;
  },
): Promise<WriteOff[]> {
  let query = writeOffQuery(db, orgId);
  if (filter.status !== undefined) query = query.where("w.status", "=", filter.status);
  if (filter.customerId !== undefined) query = query.where("w.customer_id", "=", filter.customerId);
  const rows = await query
    .orderBy("w.created_at", "desc")
    .orderBy("w.write_off_id", "desc")
    .limit(Math.min(Math.max(filter.limit, 1), writeOffsPageMax))
    .execute();
  return Promise.all(rows.map((row) => detailOf(db, orgId, row)));
}

/** HX-000001, …: 核销 has a gapless series of its own, like the receivables documents. */
async function nextWriteOffNumber(tx: Tx, orgId: string): Promise<string> {
  const row = await tx.db
    .insertInto("document_sequences")
    .values({ org_id: orgId, kind: "write_off", last_number: 1n })
    .onConflict((oc) =>
      oc
        .columns(["org_id", "kind"])
        .doUpdateSet({ last_number: sql<bigint>`document_sequences.last_number + 1` }),
    )
    .returning("last_number")
    .executeTakeFirstOrThrow();
  return `HX-${String(BigInt(row.last_number)).padStart(6, "0")}`;
}

/** What other pending write-offs already ask of an item. */
async function pendingOn(tx: Tx, orgId: string, itemId: string): Promise<bigint> {
  const row = await tx.db
    .selectFrom("write_off_items as i")
    .innerJoin("write_offs as w", (join) =>
      join.onRef("w.org_id", "=", "i.org_id").onRef("w.write_off_id", "=", "i.write_off_id"),
    )
    .select(sql<bigint>`cast(coalesce(sum(i.amount_minor), 0) as bigint)`.as("pending"))
    .where("i.org_id", "=", orgId)
    .where("i.item_id", "=", itemId)
    .where("w.status", "=", "pending")
    .executeTakeFirstOrThrow();
  return BigInt(row.pending);
}

/** Asks for a write-off; it posts at once at or below the threshold and waits for approval above it. */
export async function requestWriteOff(
  tx: Tx,
  actor: Actor,
  orgId: string,
  input: WriteOffInput,
): Promise<WriteOff> {
  await lockOrganization(tx, orgId);
  const reason =
    textField(input.reason, "reason", { required: true, lengthMax: writeOffTextLengthMax }) ?? "";
  const customer = await tx.db
    .selectFrom("customers")
    .select("customer_id")
    .where("org_id", "=", orgId)
    .where("customer_id", "=", input.customerId)
    .executeTakeFirst();
  if (customer === undefined) throw fieldError("customerId", "NOT_FOUND", "no such customer");
  if (input.items.length === 0 || input.items.length > writeOffItemsMax) {
    throw fieldError("items", "COUNT", `1 to ${writeOffItemsMax} items`);
  }
  const { baseCurrency } = await getOrganization(tx.db, orgId);
  const seen = new Set<string>();
  const items: Array<{ item: OpenItem; amountMinor: bigint }> = [];
  for (const [index, chosen] of input.items.entries()) {
    const path = `items.${index}`;
    if (seen.has(chosen.itemId)) throw fieldError(`${path}.itemId`, "DUPLICATE", "each item once");
    seen.add(chosen.itemId);
    let item: OpenItem;
    try {
      item = await getOpenItem(tx.db, orgId, chosen.itemId);
    } catch {
      throw fieldError(`${path}.itemId`, "NOT_FOUND", "no such open item");
    }
    if (item.customerId !== input.customerId) {
      throw fieldError(`${path}.itemId`, "OTHER_CUSTOMER", "an item of another customer");
    }
    if (item.openMinor <= 0n)
      throw fieldError(`${path}.itemId`, "NOT_OPEN", `${item.documentNumber} is settled`);
    if (item.currency !== baseCurrency)
      throw fieldError(`${path}.itemId`, "CURRENCY_MISMATCH", item.currency);
    const available = item.openMinor - (await pendingOn(tx, orgId, item.itemId));
    if (chosen.amountMinor <= 0n || chosen.amountMinor > available) {
      throw fieldError(
        `${path}.amount`,
        "OUT_OF_RANGE",
        `more than 0 and at most what is open and not already asked for (${available} minor units)`,
      );
    }
    items.push({ item, amountMinor: chosen.amountMinor });
  }
  const amountMinor = items.reduce((sum, entry) => sum + entry.amountMinor, 0n);
  const policy = (await getRiskPolicy(tx.db, orgId)).definition;
  const today = await businessDateAt(tx.db, orgId, tx.now);
  const writeOffId = uuidv7();
  const number = await nextWriteOffNumber(tx, orgId);
  await tx.db
    .insertInto("write_offs")
    .values({
      org_id: orgId,
      write_off_id: writeOffId,
      number,
      customer_id: input.customerId,
      currency: baseCurrency,
      amount_minor: amountMinor,
      recovered_minor: 0n,
      reason,
      status: "pending",
      policy_version: BigInt(policy.version),
      threshold_minor: policy.writeOffApprovalThresholdMinor,
      requested_on: today,
      requested_by: actor.label,
      requested_by_user_id: actor.userId,
      decided_by: null,
      decided_by_user_id: null,
      decision_note: null,
      decided_at: null,
      posted_on: null,
      voucher_id: null,
      created_at: tx.now,
    })
    .execute();
  await tx.db
    .insertInto("write_off_items")
    .values(
      items.map((entry) => ({
        org_id: orgId,
        write_off_id: writeOffId,
        item_id: entry.item.itemId,
        amount_minor: entry.amountMinor,
      })),
    )
    .execute();
  const needsApproval = amountMinor > policy.writeOffApprovalThresholdMinor;
  await appendAudit(tx, {
    orgId,
    actor,
    action: "write_off.requested",
    entityType: "write_off",
    entityId: writeOffId,
    after: {
      number,
      customerId: input.customerId,
      amountMinor: amountMinor.toString(),
      thresholdMinor: policy.writeOffApprovalThresholdMinor.toString(),
      needsApproval,
      reason,
      items: items.map((entry) => ({ itemId: entry.item.itemId, amountMinor: entry.amountMinor.toString() })),
    },
  });
  if (!needsApproval) await postWriteOff(tx, actor, orgId, writeOffId, today);
  return getWriteOff(tx.db, orgId, writeOffId);
}

/** Closes the items and posts the write-off on `date`; an item paid meanwhile refuses it (409). */
async function postWriteOff(tx: Tx, actor: Actor, orgId: string, writeOffId: string, date: string) {
  const writeOff = await getWriteOff(tx.db, orgId, writeOffId);
  for (const entry of writeOff.items) {
    if (entry.amountMinor > entry.openMinor) {
      throw new AppError("CONFLICT", {
        detail: `${entry.documentNumber} has only ${entry.openMinor} minor units open now; ask again for what is open`,
      });
    }
  }
  await recordAllocations(
    tx,
    actor,
    orgId,
    writeOff.items.map((entry) => ({
      itemId: entry.itemId,
      customerId: writeOff.customerId,
      paymentId: null,
      counterItemId: null,
      date,
      appliedMinor: 0n,
      discountMinor: 0n,
      writeOffMinor: entry.amountMinor,
    })),
  );
  const numbers = writeOff.items.map((entry) => entry.documentNumber);
  const [posted] = await postEvents(tx, actor, orgId, [
    {
      type: "write_off",
      date,
      currency: writeOff.currency,
      customerId: writeOff.customerId,
      amounts: { amount: writeOff.amountMinor },
      memo: `坏账核销 ${writeOff.number} ${writeOff.customerName}: ${numbers.slice(0, 5).join(", ")}${
        numbers.length > 5 ? " …" : ""
      }`.slice(0, 200),
      sourceType: "write_off",
      sourceId: writeOffId,
    },
  ]);
  const sources = await tx.db
    .selectFrom("open_items")
    .select("source_id")
    .where("org_id", "=", orgId)
    .where("source_type", "=", "invoice")
    .where(
      "item_id",
      "in",
      writeOff.items.map((entry) => entry.itemId),
    )
    .execute();
  await refreshInvoiceStatus(
    tx,
    orgId,
    sources.map((row) => row.source_id),
  );
  await tx.db
    .updateTable("write_offs")
    .set({ status: "posted", posted_on: date, voucher_id: posted?.voucherId ?? null })
    .where("org_id", "=", orgId)
    .where("write_off_id", "=", writeOffId)
    .execute();
}

/** Approves (posts) or rejects a pending write-off; never by the person who asked for it. */
export async function decideWriteOff(
  tx: Tx,
  actor: Actor,
  orgId: string,
  writeOffId: string,
  input: { readonly decision: "approve" | "reject"; readonly note: string | null },
): Promise<WriteOff> {
  await lockOrganization(tx, orgId);
  const writeOff = await getWriteOff(tx.db, orgId, writeOffId);
  if (writeOff.status !== "pending") {
    throw new AppError("ALREADY_DECIDED", { detail: `${writeOff.number} is ${writeOff.status}` });
  }
  const sameUser =
    writeOff.requestedByUserId !== null
      ? writeOff.requestedByUserId === actor.userId
      : writeOff.requestedBy === actor.label;
  if (sameUser) throw new AppError("SELF_APPROVAL", { detail: "a write-off is approved by another person" });
  const note = textField(input.note, "note", {
    required: input.decision === "reject",
    lengthMax: writeOffTextLengthMax,
  });
  await tx.db
    .updateTable("write_offs")
    .set({
      status: input.decision === "approve" ? "pending" : "rejected",
      decided_by: actor.label,
      decided_by_user_id: actor.userId,
      decision_note: note,
      decided_at: tx.now,
    })
    .where("org_id", "=", orgId)
    .where("write_off_id", "=", writeOffId)
    .execute();
  await appendAudit(tx, {
    orgId,
    actor,
    action: input.decision === "approve" ? "write_off.approved" : "write_off.rejected",
    entityType: "write_off",
    entityId: writeOffId,
    before: { status: "pending" },
    after: { status: input.decision === "approve" ? "posted" : "rejected", note },
  });
  if (input.decision === "approve") {
    await postWriteOff(tx, actor, orgId, writeOffId, await businessDateAt(tx.db, orgId, tx.now));
  }
  return getWriteOff(tx.db, orgId, writeOffId);
}

/** Reinstates `amountMinor` of a posted write-off as a new open item of its customer, dated `date`. */
export async function recordRecovery(
  tx: Tx,
  actor: Actor,
  orgId: string,
  writeOffId: string,
  input: { readonly amountMinor: bigint; readonly date: string; readonly note: string | null },
): Promise<WriteOff> {
  await lockOrganization(tx, orgId);
  const writeOff = await getWriteOff(tx.db, orgId, writeOffId);
  if (writeOff.status !== "posted" || writeOff.postedOn === null) {
    throw new AppError("CONFLICT", {
      detail: `${writeOff.number} is ${writeOff.status}; only a posted write-off is recovered`,
    });
  }
  const note = textField(input.note, "note", { required: false, lengthMax: writeOffTextLengthMax });
  const left = writeOff.amountMinor - writeOff.recoveredMinor;
  if (input.amountMinor <= 0n || input.amountMinor > left || input.amountMinor > amountMinorMax) {
    throw fieldError(
      "amount",
      "OUT_OF_RANGE",
      `more than 0 and at most what is written off and not recovered (${left} minor units)`,
    );
  }
  const today = await businessDateAt(tx.db, orgId, tx.now);
  if (input.date > today) throw fieldError("date", "FUTURE_DATE", `on or before today (${today})`);
  if (input.date < writeOff.postedOn) {
    throw fieldError("date", "TOO_EARLY", `on or after the write-off (${writeOff.postedOn})`);
  }
  const recoveryId = uuidv7();
  const itemId = uuidv7();
  const seq = writeOff.recoveries.length + 1;
  const documentNumber = `${writeOff.number}-R${seq}`;
  await tx.db
    .insertInto("open_items")
    .values({
      org_id: orgId,
      item_id: itemId,
      customer_id: writeOff.customerId,
      source_type: recoveryItemSourceType,
      source_id: recoveryId,
      source_seq: BigInt(seq),
      document_number: documentNumber,
      tax_invoice_number: null,
      document_date: input.date,
      due_date: input.date,
      currency: writeOff.currency,
      original_minor: input.amountMinor,
      open_minor: input.amountMinor,
      discount_json: "[]",
      disputed: 0n,
      dispute_note: null,
      status: "open",
      closed_on: null,
      created_at: tx.now,
    })
    .execute();
  const [posted] = await postEvents(tx, actor, orgId, [
    {
      type: "recovery",
      date: input.date,
      currency: writeOff.currency,
      customerId: writeOff.customerId,
      amounts: { amount: input.amountMinor },
      memo: `已核销坏账收回 ${documentNumber} ${writeOff.customerName}`.slice(0, 200),
      sourceType: "write_off",
      sourceId: writeOffId,
    },
  ]);
  await tx.db
    .insertInto("write_off_recoveries")
    .values({
      org_id: orgId,
      recovery_id: recoveryId,
      write_off_id: writeOffId,
      recovery_date: input.date,
      amount_minor: input.amountMinor,
      item_id: itemId,
      voucher_id: posted?.voucherId ?? null,
      note,
      created_by: actor.label,
      created_at: tx.now,
    })
    .execute();
  await tx.db
    .updateTable("write_offs")
    .set({ recovered_minor: sql<bigint>`recovered_minor + ${input.amountMinor}` })
    .where("org_id", "=", orgId)
    .where("write_off_id", "=", writeOffId)
    .execute();
  await appendAudit(tx, {
    orgId,
    actor,
    action: "write_off.recovered",
    entityType: "write_off",
    entityId: writeOffId,
    after: {
      recoveryId,
      itemId,
      documentNumber,
      date: input.date,
      amountMinor: input.amountMinor.toString(),
      note,
    },
  });
  return getWriteOff(tx.db, orgId, writeOffId);
}
