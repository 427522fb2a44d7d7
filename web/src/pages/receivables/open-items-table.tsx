import { useTranslation } from "react-i18next";
import type { OpenItemView } from "../../api/receivables-types.ts";
import type { OrganizationOfUser } from "../../api/types.ts";
import { Link } from "../../components/link.tsx";
import { ListTable } from "../../components/list-table.tsx";
import { formatAmount, formatDate } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { invoicePagePath } from "../../routes.ts";
import { OpenItemBadges } from "./receivables-badges.tsx";
import { discountWindowsText, isNegativeAmount } from "./receivables-format.ts";

/**
 * Open items as a table: the document and its due date, what it was and what is still open, any
 * discount window, its state, and the dispute (争议) action where the role allows it. The number
 * opens the document when `linkDocuments` (a customer's page); on the document's own page it
 * does not.
 */
export function OpenItemsTable(props: {
  readonly org: OrganizationOfUser;
  readonly items: ReadonlyArray<OpenItemView>;
  readonly pending: boolean;
  readonly asOf: string | null;
  readonly linkDocuments: boolean;
  readonly emptyText: string;
  readonly testId: string;
  /** Null without receivables.manage: the dispute is shown, not changed. */
  readonly onDispute: ((item: OpenItemView) => void) | null;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { org } = props;
  const columns = props.onDispute === null ? 7 : 8;
  return (
    <ListTable
      pending={props.pending}
      testId={props.testId}
      head={
        <>
          <th scope="col">{t("openItems.columns.document")}</th>
          <th scope="col">{t("openItems.columns.documentDate")}</th>
          <th scope="col">{t("openItems.columns.dueDate")}</th>
          <th scope="col" className="cell-amount">
            {t("openItems.columns.original")}
          </th>
          <th scope="col" className="cell-amount">
            {t("openItems.columns.open")}
          </th>
          <th scope="col">{t("openItems.columns.discount")}</th>
          <th scope="col">{t("openItems.columns.status")}</th>
          {props.onDispute !== null && (
            <th scope="col" className="cell-actions">
              <span className="visually-hidden">{t("openItems.columns.actions")}</span>
            </th>
          )}
        </>
      }
      columnCount={columns}
      rowCount={props.items.length}
      emptyText={props.emptyText}
    >
      {props.items.map((item) => {
        const overdue =
          props.asOf !== null &&
          item.status === "open" &&
          !isNegativeAmount(item.open) &&
          item.dueDate < props.asOf;
        return (
          <tr
            key={item.itemId}
            data-item-id={item.itemId}
            data-document={item.documentNumber}
            data-disputed={item.disputed}
          >
            <td className="nowrap">
              {props.linkDocuments && item.sourceType === "invoice" ? (
                <Link to={invoicePagePath(org.orgId, item.sourceId)} className="mono">
                  {item.documentNumber}
                </Link>
              ) : (
                <span className="mono">{item.documentNumber}</span>
              )}
            </td>
            <td className="nowrap">{formatDate(item.documentDate, language)}</td>
            <td className={overdue ? "nowrap warning-text" : "nowrap"}>
              {formatDate(item.dueDate, language)}
              {overdue && <div className="subtle">{t("openItems.overdue")}</div>}
            </td>
            <td className="cell-amount">{formatAmount(item.original, language)}</td>
            <td className="cell-amount" data-column="open">
              {formatAmount(item.open, language)}
            </td>
            <td className="subtle">
              {item.discountWindows.length === 0
                ? t("common.none")
                : discountWindowsText(item.discountWindows, language, t)}
            </td>
            <td>
              <OpenItemBadges item={item} />
              {item.disputed && item.disputeNote !== null && (
                <div className="subtle pre-wrap">{item.disputeNote}</div>
              )}
            </td>
            {props.onDispute !== null && (
              <td className="cell-actions">
                {item.status === "open" && !isNegativeAmount(item.open) && (
                  <button
                    type="button"
                    className="button button-small button-quiet"
                    data-action={item.disputed ? "clear-dispute" : "dispute"}
                    onClick={() => props.onDispute?.(item)}
                  >
                    {item.disputed ? t("openItems.clearDispute") : t("openItems.dispute")}
                  </button>
                )}
              </td>
            )}
          </tr>
        );
      })}
    </ListTable>
  );
}
