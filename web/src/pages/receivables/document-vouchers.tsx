import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { DocumentVoucher } from "../../api/receivables-types.ts";
import type { OrganizationOfUser } from "../../api/types.ts";
import { formatAmount, formatDate } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { can } from "../../session.ts";
import { VoucherDialog } from "../ledger/voucher-dialog.tsx";

/**
 * The vouchers a document posted (an invoice, a note, a payment and its applications, reversals
 * and refunds). With ledger.read a label opens the voucher itself, as the journal shows it.
 */
export function DocumentVouchers(props: {
  readonly org: OrganizationOfUser;
  /** Undefined while the document is read again after a step that posted. */
  readonly vouchers: ReadonlyArray<DocumentVoucher> | undefined;
  readonly currency: string;
  readonly emptyText: string;
  readonly testId: string;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { org } = props;
  const [openVoucherId, setOpenVoucherId] = useState<string | null>(null);
  const opens = can(org, "ledger.read");
  if (props.vouchers === undefined) return <p className="muted">{t("common.loading")}</p>;
  return (
    <>
      <div className="table-wrap">
        <table className="table table-compact" data-testid={props.testId}>
          <thead>
            <tr>
              <th scope="col">{t("documentVouchers.label")}</th>
              <th scope="col">{t("documentVouchers.date")}</th>
              <th scope="col">{t("documentVouchers.eventType")}</th>
              <th scope="col">{t("documentVouchers.memo")}</th>
              <th scope="col" className="cell-amount">
                {t("documentVouchers.amount", { currency: props.currency })}
              </th>
            </tr>
          </thead>
          <tbody>
            {props.vouchers.length === 0 && (
              <tr>
                <td colSpan={5} className="table-empty">
                  {props.emptyText}
                </td>
              </tr>
            )}
            {props.vouchers.map((voucher) => (
              <tr
                key={voucher.voucherId}
                data-voucher-id={voucher.voucherId}
                data-label={voucher.label}
                className={voucher.kind === "reversal" ? "row-muted" : undefined}
              >
                <td className="nowrap">
                  {opens ? (
                    <button
                      type="button"
                      className="link-button mono"
                      data-testid="document-voucher-label"
                      aria-label={t("documentVouchers.open", { label: voucher.label })}
                      onClick={() => setOpenVoucherId(voucher.voucherId)}
                    >
                      {voucher.label}
                    </button>
                  ) : (
                    <span className="mono">{voucher.label}</span>
                  )}
                </td>
                <td className="nowrap">{formatDate(voucher.date, language)}</td>
                <td>
                  {voucher.kind === "reversal"
                    ? t("ledger.kinds.reversal")
                    : voucher.eventType === null
                      ? t("common.none")
                      : t(`ledger.eventTypes.${voucher.eventType}`, { defaultValue: voucher.eventType })}
                </td>
                <td className="cell-memo">{voucher.memo}</td>
                <td className="cell-amount">{formatAmount(voucher.amount, language)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {openVoucherId !== null && (
        <VoucherDialog
          key={openVoucherId}
          org={org}
          voucherId={openVoucherId}
          onOpen={setOpenVoucherId}
          onClose={() => setOpenVoucherId(null)}
        />
      )}
    </>
  );
}
