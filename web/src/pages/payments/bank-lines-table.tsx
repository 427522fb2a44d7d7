import { useTranslation } from "react-i18next";
import type { BankLineView } from "../../api/bank-types.ts";
import type { OrganizationOfUser } from "../../api/types.ts";
import { Link } from "../../components/link.tsx";
import { ListTable } from "../../components/list-table.tsx";
import { formatAmount, formatDate, formatInstant } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { paymentPagePath } from "../../routes.ts";

/**
 * Bank lines already settled: matched (with the payment they became; by the engine when no one
 * resolved them) or ignored, newest first.
 */
export function BankLinesTable(props: {
  readonly org: OrganizationOfUser;
  readonly lines: ReadonlyArray<BankLineView>;
  readonly pending: boolean;
  readonly emptyText: string;
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
          <th scope="col">{t("bank.columns.date")}</th>
          <th scope="col" className="cell-amount">
            {t("bank.columns.amount")}
          </th>
          <th scope="col">{t("bank.columns.counterparty")}</th>
          <th scope="col">{t("bank.columns.remittance")}</th>
          <th scope="col">{t("bank.columns.status")}</th>
          <th scope="col">{t("bank.columns.resolved")}</th>
        </>
      }
      columnCount={6}
      rowCount={props.lines.length}
      emptyText={props.emptyText}
    >
      {props.lines.map((line) => (
        <tr key={line.lineId} data-line-id={line.lineId} data-status={line.status}>
          <td className="nowrap">{formatDate(line.bookingDate, language)}</td>
          <td className="cell-amount">{formatAmount(line.amount, language)}</td>
          <td>
            {line.counterpartyName ?? <span className="subtle">{t("bank.noName")}</span>}
            {line.counterpartyAccount !== null && (
              <div className="subtle mono">{line.counterpartyAccount}</div>
            )}
          </td>
          <td className="pre-wrap">
            {line.remittance ?? <span className="subtle">{t("common.none")}</span>}
          </td>
          <td>
            <span className={`status bank-line-status-${line.status}`} data-status={line.status}>
              {t(`bank.statuses.${line.status}`)}
            </span>
            {line.paymentId !== null && (
              <div>
                <Link to={paymentPagePath(org.orgId, line.paymentId)} data-testid="bank-line-payment">
                  {t("bank.openPayment")}
                </Link>
              </div>
            )}
          </td>
          <td>
            {line.resolvedBy === null ? (
              <span className="subtle">
                {line.status === "matched" ? t("bank.automatic") : t("common.none")}
              </span>
            ) : (
              <>
                {line.resolvedBy}
                {line.resolvedAt !== null && (
                  <div className="subtle">{formatInstant(line.resolvedAt, org.timeZone, language)}</div>
                )}
              </>
            )}
          </td>
        </tr>
      ))}
    </ListTable>
  );
}
