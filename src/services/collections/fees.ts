import { AppError } from "../../core/errors.ts";
import { appendAudit } from "../audit.ts";
import type { Actor, Tx } from "../command.ts";
import { reverseVoucher } from "../ledger/posting.ts";
import { closeItemsByRestructuring, todayOf } from "../receivables/open-items.ts";
import { type DunningNotice, getNotice } from "./dunning.ts";

/**
 * Waives a dunning notice's fee, explicitly and with a reason: its `penalty` voucher is reversed
 * and its open item closed on the same day, so the customer owes nothing for it and the control
 * account still equals the open items. A fee already paid in part is refunded or credited
 * instead (409).
 */
export async function waiveNoticeFee(
  tx: Tx,
  actor: Actor,
  orgId: string,
  noticeId: string,
  reason: string,
): Promise<DunningNotice> {
  const notice = await getNotice(tx.db, orgId, noticeId);
  if (notice.feeWaivedOn !== null) throw new AppError("CONFLICT", { detail: "the fee is already waived" });
  const item = await tx.db
    .selectFrom("open_items")
    .select(["item_id", "original_minor", "open_minor"])
    .where("org_id", "=", orgId)
    .where("source_type", "=", "dunning_fee")
    .where("source_id", "=", noticeId)
    .executeTakeFirst();
  if (item === undefined) throw new AppError("CONFLICT", { detail: "no fee was charged for this notice" });
  if (BigInt(item.open_minor) !== BigInt(item.original_minor)) {
    throw new AppError("CONFLICT", { detail: "part of the fee is paid: refund or credit it instead" });
  }
  const voucher = await tx.db
    .selectFrom("vouchers")
    .select("voucher_id")
    .where("org_id", "=", orgId)
    .where("source_type", "=", "dunning_notice")
    .where("source_id", "=", noticeId)
    .where("reverses_voucher_id", "is", null)
    .executeTakeFirstOrThrow();
  const today = await todayOf(tx, orgId);
  await reverseVoucher(tx, actor, orgId, voucher.voucher_id, {
    date: today,
    reason: `催收费减免 / fee waived: ${reason}`,
  });
  await closeItemsByRestructuring(tx, actor, orgId, [item.item_id], today);
  await tx.db
    .updateTable("dunning_notices")
    .set({ fee_waived_on: today })
    .where("org_id", "=", orgId)
    .where("notice_id", "=", noticeId)
    .execute();
  await appendAudit(tx, {
    orgId,
    actor,
    action: "dunning_notice.fee_waived",
    entityType: "dunning_notice",
    entityId: noticeId,
    before: { feeMinor: String(notice.feeMinor) },
    after: { waivedOn: today, reason },
  });
  return getNotice(tx.db, orgId, noticeId);
}
