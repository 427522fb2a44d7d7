import { AppError } from "../../core/errors.ts";
import { uuidv7 } from "../../core/ids.ts";
import type { Executor } from "../../store/database.ts";
import { appendAudit } from "../audit.ts";
import type { Actor, Tx } from "../command.ts";
import { requireMember } from "../people.ts";
import { getOpenItem, setDispute, todayOf } from "../receivables/open-items.ts";

/**
 * Disputes (争议): a customer contests an open item (or one line of its invoice) for a reason. The
 * item is marked disputed, so dunning and automatic allocation pass it by; the dispute has an
 * owner and ends either with a credit note for the invoice (made through the invoice's credit
 * note) or rejected, which clears the mark. Reported by reason.
 */

export const disputeReasons = [
  "quality",
  "quantity",
  "price",
  "delivery",
  "not_ordered",
  "duplicate_billing",
  "terms",
  "other",
] as const;
export type DisputeReason = (typeof disputeReasons)[number];
export const disputeStatuses = ["open", "resolved_credit", "rejected"] as const;
export type DisputeStatus = (typeof disputeStatuses)[number];

export interface Dispute {
  readonly disputeId: string;
  readonly customerId: string;
  readonly customerName: string;
  readonly invoiceId: string | null;
  readonly itemId: string | null;
  readonly documentNumber: string | null;
  readonly lineSeq: number | null;
  readonly reasonCode: DisputeReason;
  readonly ownerUserId: string | null;
  readonly status: DisputeStatus;
  readonly currency: string;
  readonly amountMinor: bigint;
  readonly note: string | null;
  readonly openedOn: string;
  readonly resolvedOn: string | null;
  readonly resolutionNote: string | null;
  readonly creditNoteId: string | null;
  readonly createdBy: string;
}

function disputesOf(db: Executor, orgId: string) {
  return db
    .selectFrom("disputes as d")
    .innerJoin("customers as c", (join) =>
      join.onRef("c.org_id", "=", "d.org_id").onRef("c.customer_id", "=", "d.customer_id"),
    )
    .leftJoin("open_items as i", (join) =>
      join.onRef("i.org_id", "=", "d.org_id").onRef("i.item_id", "=", "d.item_id"),
    )
    .selectAll("d")
    .select(["c.name as customer_name", "i.document_number"])
    .where("d.org_id", "=", orgId);
}

type DisputeRow = Awaited<ReturnType<ReturnType<typeof disputesOf>["executeTakeFirstOrThrow"]>>;

function toDispute(row: DisputeRow): Dispute {
  return {
    disputeId: row.dispute_id,
    customerId: row.customer_id,
    customerName: row.customer_name,
    invoiceId: row.invoice_id,
    itemId: row.item_id,
    documentNumber: row.document_number ?? null,
    lineSeq: row.line_seq === null ? null : Number(row.line_seq),
    reasonCode: row.reason_code as DisputeReason,
    ownerUserId: row.owner_user_id,
    status: row.status as DisputeStatus,
    currency: row.currency,
    amountMinor: BigInt(row.amount_minor),
    note: row.note,
    openedOn: row.opened_on,
    resolvedOn: row.resolved_on,
    resolutionNote: row.resolution_note,
    creditNoteId: row.credit_note_id,
    createdBy: row.created_by,
  };
}

export async function getDispute(db: Executor, orgId: string, disputeId: string): Promise<Dispute> {
  const row = await disputesOf(db, orgId).where("d.dispute_id", "=", disputeId).executeTakeFirst();
  if (row === undefined) throw new AppError("NOT_FOUND", { params: { entity: "dispute" } });
  return toDispute(row);
}

export async function listDisputes(
  db: Executor,
  orgId: string,
  filter: {
    readonly status?: DisputeStatus | undefined;
    readonly customerId?: string | undefined;
    readonly reasonCode?: DisputeReason | undefined;
    readonly limit: number;
  },
): Promise<Dispute[]> {
  let query = disputesOf(db, orgId);
  if (filter.status !== undefined) query = query.where("d.status", "=", filter.status);
  if (filter.customerId !== undefined) query = query.where("d.customer_id", "=", filter.customerId);
  if (filter.reasonCode !== undefined) query = query.where("d.reason_code", "=", filter.reasonCode);
  const rows = await query
    .orderBy("d.opened_on", "desc")
    .orderBy("d.dispute_id", "desc")
    .limit(filter.limit)
    .execute();
  return rows.map(toDispute);
}

/**
 * Opens a dispute on an open item (optionally naming the invoice line contested): the item is
 * marked disputed. The amount defaults to what is open; it may be less (one line of several).
 */
export async function openDispute(
  tx: Tx,
  actor: Actor,
  orgId: string,
  input: {
    readonly itemId: string;
    readonly lineSeq: number | null;
    readonly reasonCode: DisputeReason;
    readonly amountMinor: bigint | null;
    readonly ownerUserId: string | null;
    readonly note: string;
  },
): Promise<Dispute> {
  const item = await getOpenItem(tx.db, orgId, input.itemId);
  await requireMember(tx.db, orgId, input.ownerUserId, "ownerUserId");
  const amountMinor = input.amountMinor ?? item.openMinor;
  if (item.openMinor <= 0n)
    throw new AppError("CONFLICT", { detail: "nothing is open on this item to dispute" });
  if (amountMinor <= 0n || amountMinor > item.openMinor) {
    throw new AppError("VALIDATION_FAILED", {
      issues: [{ path: "amount", code: "OUT_OF_RANGE", message: "more than 0 and at most what is open" }],
    });
  }
  const open = await tx.db
    .selectFrom("disputes")
    .select("dispute_id")
    .where("org_id", "=", orgId)
    .where("item_id", "=", input.itemId)
    .where("status", "=", "open")
    .executeTakeFirst();
  if (open !== undefined) throw new AppError("CONFLICT", { detail: "this item already has an open dispute" });
  const source = await tx.db
    .selectFrom("open_items")
    .select(["source_type", "source_id"])
    .where("org_id", "=", orgId)
    .where("item_id", "=", input.itemId)
    .executeTakeFirstOrThrow();
  const disputeId = uuidv7();
  await tx.db
    .insertInto("disputes")
    .values({
      org_id: orgId,
      dispute_id: disputeId,
      customer_id: item.customerId,
      invoice_id: source.source_type === "invoice" ? source.source_id : null,
      item_id: input.itemId,
      line_seq: input.lineSeq === null ? null : BigInt(input.lineSeq),
      reason_code: input.reasonCode,
      owner_user_id: input.ownerUserId,
      status: "open",
      currency: item.currency,
      amount_minor: amountMinor,
      note: input.note,
      opened_on: await todayOf(tx, orgId),
      resolved_on: null,
      resolution_note: null,
      credit_note_id: null,
      created_by: actor.label,
      created_at: tx.now,
    })
    .execute();
  await setDispute(tx, actor, orgId, input.itemId, {
    disputed: true,
    note: `${input.reasonCode}: ${input.note}`.slice(0, 500),
  });
  return getDispute(tx.db, orgId, disputeId);
}

/**
 * Ends a dispute: with the credit note issued for its invoice (`resolved_credit`), or rejected.
 * Either way the item's dispute mark is cleared, so dunning takes up what is still open.
 */
export async function resolveDispute(
  tx: Tx,
  actor: Actor,
  orgId: string,
  disputeId: string,
  input:
    | { readonly resolution: "credit_note"; readonly creditNoteId: string; readonly note: string | null }
    | { readonly resolution: "rejected"; readonly note: string },
): Promise<Dispute> {
  const before = await getDispute(tx.db, orgId, disputeId);
  if (before.status !== "open") throw new AppError("CONFLICT", { detail: `the dispute is ${before.status}` });
  if (input.resolution === "credit_note") {
    const note = await tx.db
      .selectFrom("invoices")
      .select(["kind", "related_invoice_id", "status"])
      .where("org_id", "=", orgId)
      .where("invoice_id", "=", input.creditNoteId)
      .executeTakeFirst();
    if (note === undefined || note.kind !== "credit_note" || note.related_invoice_id !== before.invoiceId) {
      throw new AppError("VALIDATION_FAILED", {
        issues: [
          {
            path: "creditNoteId",
            code: "NOT_ITS_CREDIT_NOTE",
            message: "a credit note of the disputed invoice",
          },
        ],
      });
    }
  }
  const today = await todayOf(tx, orgId);
  const status: DisputeStatus = input.resolution === "credit_note" ? "resolved_credit" : "rejected";
  await tx.db
    .updateTable("disputes")
    .set({
      status,
      resolved_on: today,
      resolution_note: input.note,
      credit_note_id: input.resolution === "credit_note" ? input.creditNoteId : null,
    })
    .where("org_id", "=", orgId)
    .where("dispute_id", "=", disputeId)
    .execute();
  if (before.itemId !== null)
    await setDispute(tx, actor, orgId, before.itemId, { disputed: false, note: null });
  await appendAudit(tx, {
    orgId,
    actor,
    action: `dispute.${status}`,
    entityType: "dispute",
    entityId: disputeId,
    before: { status: before.status },
    after: { status, note: input.note },
  });
  return getDispute(tx.db, orgId, disputeId);
}

export interface DisputeReasonLine {
  readonly reasonCode: DisputeReason;
  readonly openCount: number;
  readonly creditedCount: number;
  readonly rejectedCount: number;
  readonly openMinor: bigint;
  readonly totalMinor: bigint;
  /** Mean days from opening to resolution of the resolved ones; null when none. */
  readonly meanDaysToResolve: number | null;
}

/** Disputes by reason, opened between `from` and `to`: counts by status, amounts, time to resolve. */
export async function disputesByReason(
  db: Executor,
  orgId: string,
  period: { readonly from: string; readonly to: string },
): Promise<DisputeReasonLine[]> {
  const rows = await db
    .selectFrom("disputes")
    .select(["reason_code", "status", "amount_minor", "opened_on", "resolved_on"])
    .where("org_id", "=", orgId)
    .where("opened_on", ">=", period.from)
    .where("opened_on", "<=", period.to)
    .execute();
  const lines = new Map<
    string,
    { open: number; credit: number; rejected: number; openMinor: bigint; totalMinor: bigint; days: number[] }
  >();
  for (const row of rows) {
    const line = lines.get(row.reason_code) ?? {
      open: 0,
      credit: 0,
      rejected: 0,
      openMinor: 0n,
      totalMinor: 0n,
      days: [],
    };
    const amount = BigInt(row.amount_minor);
    line.totalMinor += amount;
    if (row.status === "open") {
      line.open += 1;
      line.openMinor += amount;
    } else {
      if (row.status === "resolved_credit") line.credit += 1;
      else line.rejected += 1;
      if (row.resolved_on !== null) {
        line.days.push((Date.parse(row.resolved_on) - Date.parse(row.opened_on)) / 86_400_000);
      }
    }
    lines.set(row.reason_code, line);
  }
  return disputeReasons
    .filter((reason) => lines.has(reason))
    .map((reason) => {
      const line = lines.get(reason) ?? {
        open: 0,
        credit: 0,
        rejected: 0,
        openMinor: 0n,
        totalMinor: 0n,
        days: [],
      };
      return {
        reasonCode: reason,
        openCount: line.open,
        creditedCount: line.credit,
        rejectedCount: line.rejected,
        openMinor: line.openMinor,
        totalMinor: line.totalMinor,
        meanDaysToResolve:
          line.days.length === 0
            ? null
            : Math.round((10 * line.days.reduce((a, b) => a + b, 0)) / line.days.length) / 10,
      };
    });
}
