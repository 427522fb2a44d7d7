import { useTranslation } from "react-i18next";
import type { StatementSummary } from "../../api/statement-types.ts";
import type { OrganizationOfUser } from "../../api/types.ts";
import { Link } from "../../components/link.tsx";
import { ListTable } from "../../components/list-table.tsx";
import { formatAmount, formatDate, formatInstantDate } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { orgPagePath, statementPagePath } from "../../routes.ts";
import { StatementStatusBadge } from "./statement-status-badge.tsx";

/**
 * Statements of account as a table: number, customer, period, closing balance, status, where it
 * was sent and the customer's answer. The number opens the statement; `customerColumn` is left
 * out on a customer's own page.
 */
export function StatementTable(props: {
  readonly org: OrganizationOfUser;
  readonly statements: ReadonlyArray<StatementSummary>;
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
          <th scope="col">{t("accountStatements.columns.number")}</th>
          {props.customerColumn && <th scope="col">{t("accountStatements.columns.customer")}</th>}
          <th scope="col">{t("accountStatements.columns.period")}</th>
          <th scope="col" className="cell-amount">
            {t("accountStatements.columns.closing")}
          </th>
          <th scope="col">{t("accountStatements.columns.status")}</th>
          <th scope="col">{t("accountStatements.columns.sentTo")}</th>
          <th scope="col">{t("accountStatements.columns.response")}</th>
        </>
      }
      columnCount={props.customerColumn ? 7 : 6}
      rowCount={props.statements.length}
      emptyText={props.emptyText}
    >
      {props.statements.map((statement) => (
        <tr
          key={statement.statementId}
          data-statement-id={statement.statementId}
          data-number={statement.number}
          data-status={statement.status}
        >
          <td className="nowrap">
            <Link
              to={statementPagePath(org.orgId, statement.statementId)}
              className="mono"
              data-testid="statement-link"
            >
              {statement.number}
            </Link>
          </td>
          {props.customerColumn && (
            <td>
              <Link to={orgPagePath(org.orgId, "customers", statement.customerId, { tab: "receivables" })}>
                {statement.customerName}
              </Link>
            </td>
          )}
          <td className="nowrap">
            {t("accountStatements.period", {
              from: formatDate(statement.from, language),
              to: formatDate(statement.to, language),
            })}
          </td>
          <td className="cell-amount" data-column="closing">
            {formatAmount(statement.closing, language)}
          </td>
          <td>
            <StatementStatusBadge status={statement.status} />
          </td>
          <td>
            {statement.sentTo === null ? (
              <span className="subtle">{t("common.none")}</span>
            ) : (
              <>
                <span className="break-all">{statement.sentTo}</span>
                {statement.sentAt !== null && (
                  <div className="subtle">{formatInstantDate(statement.sentAt, org.timeZone, language)}</div>
                )}
              </>
            )}
          </td>
          <td>
            {statement.response === null ? (
              <span className="subtle">{t("accountStatements.notAnswered")}</span>
            ) : (
              <>
                {t(
                  statement.response.status === "confirmed"
                    ? "accountStatements.confirmedByShort"
                    : "accountStatements.disputedByShort",
                  { by: statement.response.by },
                )}
                <div className="subtle">
                  {formatInstantDate(statement.response.at, org.timeZone, language)}
                </div>
              </>
            )}
          </td>
        </tr>
      ))}
    </ListTable>
  );
}
