import { useTranslation } from "react-i18next";
import type { PaymentSummary } from "../../api/receivables-types.ts";
import type { OrganizationOfUser } from "../../api/types.ts";
import { Link } from "../../components/link.tsx";
import { ListTable } from "../../components/list-table.tsx";
import { formatAmount, formatDate } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { orgPagePath, paymentPagePath } from "../../routes.ts";
import { isZeroAmount } from "../receivables/receivables-format.ts";
import { PaymentStatusBadge } from "./payment-status-badge.tsx";

/**
 * Payments as a table: number, date, payer, method, amount, what is still unapplied and status.
 * The number opens the payment; `customerColumn` is left out on a customer's own page.
 */
export function PaymentTable(props: {
  readonly org: OrganizationOfUser;
  readonly payments: ReadonlyArray<PaymentSummary>;
  readonly pending: boolean;
  readonly emptyText: string;
  readonly customerColumn: boolean;
  readonly testId: string;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { org } = props;
  return (
    <ListTable
      pending={props.pending}
      testId={props.testId}
      head={
        <>
          <th scope="col">{t("payments.columns.number")}</th>
          <th scope="col">{t("payments.columns.receivedDate")}</th>
          {props.customerColumn && <th scope="col">{t("payments.columns.payer")}</th>}
          <th scope="col">{t("payments.columns.method")}</th>
          <th scope="col" className="cell-amount">
            {t("payments.columns.amount")}
          </th>
          <th scope="col" className="cell-amount">
            {t("payments.columns.unapplied")}
          </th>
          <th scope="col">{t("payments.columns.status")}</th>
        </>
      }
      columnCount={props.customerColumn ? 7 : 6}
      rowCount={props.payments.length}
      emptyText={props.emptyText}
    >
      {props.payments.map((payment) => (
        <tr
          key={payment.paymentId}
          data-payment-id={payment.paymentId}
          data-number={payment.number}
          data-status={payment.status}
        >
          <td className="nowrap">
            <Link
              to={paymentPagePath(org.orgId, payment.paymentId)}
              className="mono"
              data-testid="payment-link"
            >
              {payment.number}
            </Link>
          </td>
          <td className="nowrap">{formatDate(payment.receivedDate, language)}</td>
          {props.customerColumn && (
            <td>
              <Link to={orgPagePath(org.orgId, "customers", payment.customerId, { tab: "receivables" })}>
                {payment.customerName}
              </Link>
              {payment.payerName !== null && payment.payerName !== payment.customerName && (
                <div className="subtle">{payment.payerName}</div>
              )}
            </td>
          )}
          <td className="nowrap">{t(`payments.methods.${payment.method}`)}</td>
          <td className="cell-amount">{formatAmount(payment.amount, language)}</td>
          <td className="cell-amount" data-column="unapplied">
            {isZeroAmount(payment.unapplied) ? (
              <span className="subtle">{formatAmount(payment.unapplied, language)}</span>
            ) : (
              <strong>{formatAmount(payment.unapplied, language)}</strong>
            )}
          </td>
          <td>
            <PaymentStatusBadge status={payment.status} />
          </td>
        </tr>
      ))}
    </ListTable>
  );
}
