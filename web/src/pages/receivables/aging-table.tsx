import { useTranslation } from "react-i18next";
import type { AgingView, CustomerAgingView } from "../../api/receivables-types.ts";
import type { OrganizationOfUser } from "../../api/types.ts";
import { Link } from "../../components/link.tsx";
import { formatAmount } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { orgPagePath } from "../../routes.ts";
import { agingBucketLabel, isZeroAmount } from "./receivables-format.ts";

/**
 * Aging as a table: a row per customer, a column per bucket of days past due (as the policy
 * draws them), the total and what is overdue, and the totals of all customers under them. Each
 * customer opens its receivables tab; on a customer's own page there is one row and no totals.
 */
export function AgingTable(props: {
  readonly org: OrganizationOfUser;
  readonly customers: ReadonlyArray<CustomerAgingView>;
  /** The totals row; null leaves it out. */
  readonly total: AgingView | null;
  readonly customerColumn: boolean;
  readonly emptyText: string;
  readonly testId: string;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { org } = props;
  // Every row has the same buckets (the policy's edges); the totals have them even with no rows.
  const buckets = (props.total ?? props.customers[0])?.buckets ?? [];
  const amount = (value: string) =>
    isZeroAmount(value) ? (
      <span className="subtle">{formatAmount(value, language)}</span>
    ) : (
      formatAmount(value, language)
    );
  const columns = buckets.length + (props.customerColumn ? 3 : 2);
  return (
    <div className="table-wrap">
      <table className="table table-aging" data-testid={props.testId}>
        <thead>
          <tr>
            {props.customerColumn && <th scope="col">{t("aging.customer")}</th>}
            {buckets.map((bucket) => (
              <th key={bucket.key} scope="col" className="cell-amount" data-bucket={bucket.key}>
                {agingBucketLabel(bucket, t)}
              </th>
            ))}
            <th scope="col" className="cell-amount">
              {t("aging.total")}
            </th>
            <th scope="col" className="cell-amount">
              {t("aging.overdue")}
            </th>
          </tr>
        </thead>
        <tbody>
          {props.customers.length === 0 && (
            <tr>
              <td colSpan={columns} className="table-empty">
                {props.emptyText}
              </td>
            </tr>
          )}
          {props.customers.map((row) => (
            <tr key={row.customerId} data-customer-id={row.customerId}>
              {props.customerColumn && (
                <td className="cell-name">
                  <Link to={orgPagePath(org.orgId, "customers", row.customerId, { tab: "receivables" })}>
                    {row.customerName}
                  </Link>
                </td>
              )}
              {row.buckets.map((bucket) => (
                <td key={bucket.key} className="cell-amount" data-bucket={bucket.key}>
                  {amount(bucket.amount)}
                </td>
              ))}
              <td className="cell-amount" data-column="total">
                {amount(row.total)}
              </td>
              <td
                className={isZeroAmount(row.overdue) ? "cell-amount" : "cell-amount warning-text"}
                data-column="overdue"
              >
                {amount(row.overdue)}
              </td>
            </tr>
          ))}
        </tbody>
        {props.total !== null && props.customers.length > 0 && (
          <tfoot>
            <tr className="row-total" data-testid={`${props.testId}-totals`}>
              {props.customerColumn && <th scope="row">{t("aging.allCustomers")}</th>}
              {props.total.buckets.map((bucket) => (
                <td key={bucket.key} className="cell-amount" data-bucket={bucket.key}>
                  {formatAmount(bucket.amount, language)}
                </td>
              ))}
              <td className="cell-amount" data-column="total">
                {formatAmount(props.total.total, language)}
              </td>
              <td className="cell-amount" data-column="overdue">
                {formatAmount(props.total.overdue, language)}
              </td>
            </tr>
          </tfoot>
        )}
      </table>
    </div>
  );
}
