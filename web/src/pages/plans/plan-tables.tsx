import { useTranslation } from "react-i18next";
import type {
  OrganizationOfUser,
  PlanItemDraft,
  PlanItemView,
  PlanVersionView,
  PlanVoucher,
} from "../../api/types.ts";
import { formatAmount, formatDate, formatInstant } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { ItemStatusBadge } from "./plan-badges.tsx";

function isStored(item: PlanItemDraft | PlanItemView): item is PlanItemView {
  return "seq" in item;
}

/** "第 3 期", "首付款", "结清款": what an item is, in a cell. */
export function useItemName(): (item: PlanItemDraft) => string {
  const { t } = useTranslation();
  return (item) =>
    item.kind === "installment" && item.number !== null
      ? t("planDoc.itemKinds.installmentNumber", { n: item.number })
      : t(`planDoc.itemKinds.${item.kind}`);
}

/**
 * A plan's items (its open items): what falls due on each day, VAT included, and for stored items
 * what was paid and where each stands. Previews show the items a change would add or cancel.
 */
export function PlanItemsTable(props: {
  readonly items: ReadonlyArray<PlanItemDraft | PlanItemView>;
  readonly currency: string;
  readonly testId: string;
  readonly caption: string;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const itemName = useItemName();
  const stored = props.items.some(isStored);
  const amount = (value: string) => formatAmount(value, language);
  const c = { currency: props.currency };
  return (
    <div className="table-wrap">
      <table className="table table-compact" data-testid={props.testId}>
        <caption className="visually-hidden">{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("planDoc.itemColumns.item")}</th>
            <th scope="col">{t("plans.columns.dueDate")}</th>
            <th scope="col" className="cell-amount">
              {t("plans.columns.principal", c)}
            </th>
            <th scope="col" className="cell-amount">
              {t("plans.columns.interest", c)}
            </th>
            <th scope="col" className="cell-amount">
              {t("plans.columns.fee", c)}
            </th>
            <th scope="col" className="cell-amount">
              {t("planDoc.itemColumns.tax", c)}
            </th>
            <th scope="col" className="cell-amount">
              {t("planDoc.itemColumns.total", c)}
            </th>
            {stored && (
              <>
                <th scope="col" className="cell-amount">
                  {t("planDoc.itemColumns.paid", c)}
                </th>
                <th scope="col" className="cell-amount">
                  {t("planDoc.itemColumns.penalty", c)}
                </th>
                <th scope="col">{t("planDoc.itemColumns.status")}</th>
                <th scope="col" className="cell-number">
                  {t("planDoc.itemColumns.version")}
                </th>
              </>
            )}
          </tr>
        </thead>
        <tbody>
          {props.items.length === 0 && (
            <tr>
              <td colSpan={stored ? 11 : 7} className="table-empty">
                {t("planDoc.noItems")}
              </td>
            </tr>
          )}
          {props.items.map((item, index) => (
            <tr
              key={isStored(item) ? item.seq : `new-${index}`}
              data-kind={item.kind}
              data-number={item.number ?? ""}
              {...(isStored(item) ? { "data-status": item.status, "data-seq": item.seq } : {})}
              className={isStored(item) && item.status === "cancelled" ? "row-cancelled" : undefined}
            >
              <td className="nowrap">{itemName(item)}</td>
              <td className="nowrap">{formatDate(item.dueDate, language)}</td>
              <td className="cell-amount">{amount(item.principal)}</td>
              <td className="cell-amount">{amount(item.interest)}</td>
              <td className="cell-amount">{amount(item.fee)}</td>
              <td className="cell-amount">{amount(item.tax)}</td>
              <td className="cell-amount" data-column="total">
                {amount(item.total)}
              </td>
              {stored && isStored(item) && (
                <>
                  <td className="cell-amount">{amount(item.paid)}</td>
                  <td className="cell-amount" data-column="penalty">
                    {amount(item.penalty)}
                  </td>
                  <td className="nowrap">
                    <ItemStatusBadge status={item.status} />
                    {item.billedOn !== null && item.status === "billed" && (
                      <div className="subtle">
                        {t("planDoc.billedOn", { date: formatDate(item.billedOn, language) })}
                      </div>
                    )}
                  </td>
                  <td className="cell-number">{item.version}</td>
                </>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The schedule versions: the original and one per change, none ever rewritten. */
export function PlanVersionsTable(props: {
  readonly org: OrganizationOfUser;
  readonly versions: ReadonlyArray<PlanVersionView>;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  return (
    <div className="table-wrap">
      <table className="table table-compact" data-testid="plan-versions">
        <thead>
          <tr>
            <th scope="col" className="cell-number">
              {t("planDoc.versionColumns.version")}
            </th>
            <th scope="col">{t("planDoc.versionColumns.kind")}</th>
            <th scope="col">{t("planDoc.versionColumns.effectiveDate")}</th>
            <th scope="col">{t("planDoc.versionColumns.createdBy")}</th>
            <th scope="col">{t("planDoc.versionColumns.createdAt")}</th>
          </tr>
        </thead>
        <tbody>
          {props.versions.map((version) => (
            <tr key={version.version} data-version={version.version} data-kind={version.kind}>
              <td className="cell-number">{version.version}</td>
              <td>
                {t(`planDoc.versionKinds.${version.kind}` as "planDoc.versionKinds.original", {
                  defaultValue: version.kind,
                })}
              </td>
              <td className="nowrap">{formatDate(version.effectiveDate, language)}</td>
              <td>{version.createdBy}</td>
              <td className="nowrap">{formatInstant(version.createdAt, props.org.timeZone, language)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The vouchers posted for the plan; a label opens the voucher where ledger.read allows it. */
export function PlanVouchersTable(props: {
  readonly vouchers: ReadonlyArray<PlanVoucher>;
  readonly currency: string;
  /** Null without ledger.read: the label is shown, not opened. */
  readonly onOpen: ((voucherId: string) => void) | null;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  return (
    <div className="table-wrap">
      <table className="table table-compact" data-testid="plan-vouchers">
        <thead>
          <tr>
            <th scope="col">{t("planDoc.voucherColumns.label")}</th>
            <th scope="col">{t("planDoc.voucherColumns.date")}</th>
            <th scope="col">{t("planDoc.voucherColumns.eventType")}</th>
            <th scope="col">{t("planDoc.voucherColumns.memo")}</th>
            <th scope="col" className="cell-amount">
              {t("planDoc.voucherColumns.amount", { currency: props.currency })}
            </th>
          </tr>
        </thead>
        <tbody>
          {props.vouchers.length === 0 && (
            <tr>
              <td colSpan={5} className="table-empty">
                {t("planDoc.noVouchers")}
              </td>
            </tr>
          )}
          {props.vouchers.map((voucher) => (
            <tr key={voucher.voucherId} data-voucher-id={voucher.voucherId} data-label={voucher.label}>
              <td className="nowrap">
                {props.onOpen === null ? (
                  <span className="mono">{voucher.label}</span>
                ) : (
                  <button
                    type="button"
                    className="link-button mono"
                    data-testid="plan-voucher-label"
                    aria-label={t("planDoc.openVoucher", { label: voucher.label })}
                    onClick={() => props.onOpen?.(voucher.voucherId)}
                  >
                    {voucher.label}
                  </button>
                )}
              </td>
              <td className="nowrap">{formatDate(voucher.date, language)}</td>
              <td>
                {voucher.eventType === null
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
  );
}
