import { formatMinor } from "../core/money.ts";
import type { VoucherView } from "../services/ledger/queries.ts";

/** The vouchers a document posted, as its page lists them: label, date, kind of event, memo and amount. */
export function voucherSummariesOut(vouchers: ReadonlyArray<VoucherView>, currency: string) {
  return vouchers.map((voucher) => ({
    voucherId: voucher.voucherId,
    label: voucher.label,
    date: voucher.date,
    kind: voucher.kind,
    eventType: voucher.eventType,
    memo: voucher.memo,
    amount: formatMinor(
      voucher.lines.reduce((sum, line) => sum + line.debitMinor, 0n),
      currency,
    ),
  }));
}
