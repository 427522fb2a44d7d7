import { useTranslation } from "react-i18next";
import type { StatementOfAccountView } from "../../api/statement-types.ts";
import { formatAmount, formatDate } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { agingBucketLabel, isZeroAmount } from "./receivables-format.ts";

/**
 * What was open at the end of a statement's period, document by document with its days past due,
 * and the aging of it in the policy's buckets: what the closing balance consists of. A document
 * has one item per due date of its terms, so number and due date name a row.
 */
export function StatementOpenItems(props: {
  readonly statement: StatementOfAccountView;
  readonly testId: string;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { statement } = props;
  const label = {
    document: t("accountStatements.openItemColumns.document"),
    documentDate: t("accountStatements.openItemColumns.documentDate"),
    dueDate: t("accountStatements.openItemColumns.dueDate"),
    open: t("accountStatements.openItemColumns.open"),
    daysPastDue: t("accountStatements.openItemColumns.daysPastDue"),
  };
  return (
    <div className="statement-open" data-testid={props.testId}>
      <div className="table-wrap">
        <table className="table table-stack" data-testid={`${props.testId}-items`}>
          <thead>
            <tr>
              <th scope="col">{label.document}</th>
              <th scope="col">{label.documentDate}</th>
              <th scope="col">{label.dueDate}</th>
              <th scope="col" className="cell-amount">
                {label.open}
              </th>
              <th scope="col" className="cell-amount">
                {label.daysPastDue}
              </th>
            </tr>
          </thead>
          <tbody>
            {statement.openItems.length === 0 && (
              <tr>
                <td colSpan={5} className="table-empty">
                  {t("accountStatements.openItemsEmpty")}
                </td>
              </tr>
            )}
            {statement.openItems.map((item) => (
              <tr key={`${item.documentNumber}@${item.dueDate}`} data-document={item.documentNumber}>
                <td className="nowrap mono" data-label={label.document}>
                  {item.documentNumber}
                </td>
                <td className="nowrap" data-label={label.documentDate}>
                  {formatDate(item.documentDate, language)}
                </td>
                <td className="nowrap" data-label={label.dueDate}>
                  {formatDate(item.dueDate, language)}
                </td>
                <td className="cell-amount" data-label={label.open}>
                  {formatAmount(item.open, language)}
                </td>
                <td
                  className={item.daysPastDue > 0 ? "cell-amount warning-text" : "cell-amount"}
                  data-label={label.daysPastDue}
                >
                  {item.daysPastDue > 0 ? item.daysPastDue : t("aging.notDue")}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h3 className="statement-subtitle">{t("accountStatements.agingTitle")}</h3>
      <dl className="details details-amounts statement-aging" data-testid={`${props.testId}-aging`}>
        {statement.aging.buckets.map((bucket) => (
          <div key={bucket.key} className="statement-aging-row" data-bucket={bucket.key}>
            <dt>{agingBucketLabel(bucket, t)}</dt>
            <dd className={isZeroAmount(bucket.amount) ? "subtle" : undefined}>
              {formatAmount(bucket.amount, language)}
            </dd>
          </div>
        ))}
        <div className="statement-aging-row statement-aging-total">
          <dt>{t("aging.total")}</dt>
          <dd>{formatAmount(statement.aging.total, language)}</dd>
        </div>
        <div className="statement-aging-row">
          <dt>{t("aging.overdue")}</dt>
          <dd className={isZeroAmount(statement.aging.overdue) ? undefined : "warning-text"}>
            {formatAmount(statement.aging.overdue, language)}
          </dd>
        </div>
      </dl>
    </div>
  );
}
