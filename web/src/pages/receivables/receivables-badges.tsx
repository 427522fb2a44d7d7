import { useTranslation } from "react-i18next";
import type { InvoiceStatus, OpenItemView } from "../../api/receivables-types.ts";

/** An invoice's status as a badge; the status itself is in `data-status` for tests and styles. */
export function InvoiceStatusBadge(props: { readonly status: InvoiceStatus; readonly testId?: string }) {
  const { t } = useTranslation();
  return (
    <span
      className={`status invoice-status-${props.status}`}
      data-status={props.status}
      {...(props.testId === undefined ? {} : { "data-testid": props.testId })}
    >
      {t(`invoices.statuses.${props.status}`)}
    </span>
  );
}

/** An open item's state: open, closed, and whether it is in dispute (争议). */
export function OpenItemBadges(props: { readonly item: Pick<OpenItemView, "status" | "disputed"> }) {
  const { t } = useTranslation();
  return (
    <>
      <span className={`status open-item-status-${props.item.status}`} data-status={props.item.status}>
        {t(`openItems.statuses.${props.item.status}`)}
      </span>
      {props.item.disputed && (
        <span className="status status-disputed" data-testid="item-disputed">
          {t("openItems.disputed")}
        </span>
      )}
    </>
  );
}
