import { useTranslation } from "react-i18next";
import type { BankStatementSummary } from "../../api/bank-types.ts";
import type { OrganizationOfUser } from "../../api/types.ts";
import { ListTable } from "../../components/list-table.tsx";
import { formatAmount, formatDate, formatInstant } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { ReconcileBadge } from "./bank-import-result.tsx";

/** Imported bank statements, newest first: which account and days, its balances, and its warnings. */
export function BankStatementsTable(props: {
  readonly org: OrganizationOfUser;
  readonly statements: ReadonlyArray<BankStatementSummary>;
  readonly pending: boolean;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { org } = props;
  const balance = (amount: string | null) =>
    amount === null ? <span className="subtle">{t("common.none")}</span> : formatAmount(amount, language);
  return (
    <ListTable
      pending={props.pending}
      testId="bank-statements"
      head={
        <>
          <th scope="col">{t("bank.statementColumns.importedAt")}</th>
          <th scope="col">{t("bank.statementColumns.file")}</th>
          <th scope="col">{t("bank.statementColumns.account")}</th>
          <th scope="col">{t("bank.statementColumns.period")}</th>
          <th scope="col" className="cell-number">
            {t("bank.statementColumns.lines")}
          </th>
          <th scope="col" className="cell-amount">
            {t("bank.statementColumns.opening")}
          </th>
          <th scope="col" className="cell-amount">
            {t("bank.statementColumns.closing")}
          </th>
          <th scope="col">{t("bank.statementColumns.check")}</th>
        </>
      }
      columnCount={8}
      rowCount={props.statements.length}
      emptyText={t("bank.statementsEmpty")}
    >
      {props.statements.map((statement) => (
        <tr key={statement.statementId} data-statement-id={statement.statementId}>
          <td className="nowrap">
            {formatInstant(statement.importedAt, org.timeZone, language)}
            <div className="subtle">{statement.importedBy}</div>
          </td>
          <td>
            {statement.fileName ?? <span className="subtle">{t("common.none")}</span>}
            <div className="subtle">{statement.format}</div>
          </td>
          <td className="mono">
            {statement.account}
            {statement.reference !== null && <div className="subtle">{statement.reference}</div>}
          </td>
          <td className="nowrap">
            {statement.from === null || statement.to === null
              ? t("common.none")
              : t("accountStatements.period", {
                  from: formatDate(statement.from, language),
                  to: formatDate(statement.to, language),
                })}
          </td>
          <td className="cell-number">{statement.lineCount}</td>
          <td className="cell-amount">{balance(statement.opening)}</td>
          <td className="cell-amount">{balance(statement.closing)}</td>
          <td>
            <ReconcileBadge warnings={statement.warnings} />
            {statement.warnings.length > 0 && (
              <ul className="bank-warnings">
                {statement.warnings.map((warning) => (
                  <li key={warning} className="subtle">
                    {warning}
                  </li>
                ))}
              </ul>
            )}
          </td>
        </tr>
      ))}
    </ListTable>
  );
}
