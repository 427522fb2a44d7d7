import { useTranslation } from "react-i18next";
import type { StatementLineView, StatementOfAccountView } from "../../api/statement-types.ts";
import { formatAmount, formatDate } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { isZeroAmount } from "./receivables-format.ts";

/**
 * A statement's lines as the customer's books would show them: the opening balance, each
 * document and payment on its debit or credit side with the balance after it, and the period's
 * totals with the closing balance. Lines the customer disputed are marked with the customer's
 * note. On a phone each row reads as a small card (styles.css, `.table-stack`).
 */
export function StatementLinesTable(props: {
  readonly statement: StatementOfAccountView;
  /** Disputed lines by number, with the customer's note. */
  readonly disputed: ReadonlyMap<number, string>;
  readonly testId: string;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { statement } = props;
  const columns = 8;
  const label = {
    seq: t("accountStatements.lineColumns.seq"),
    date: t("accountStatements.lineColumns.date"),
    document: t("accountStatements.lineColumns.document"),
    kind: t("accountStatements.lineColumns.kind"),
    description: t("accountStatements.lineColumns.description"),
    debit: t("accountStatements.lineColumns.debit"),
    credit: t("accountStatements.lineColumns.credit"),
    balance: t("accountStatements.lineColumns.balance"),
  };
  const side = (amount: string) => (isZeroAmount(amount) ? "" : formatAmount(amount, language));

  function row(line: StatementLineView) {
    const note = props.disputed.get(line.seq);
    return (
      <tr
        key={line.seq}
        data-seq={line.seq}
        data-kind={line.kind}
        data-disputed={note !== undefined}
        className={note !== undefined ? "row-disputed" : undefined}
      >
        <td className="cell-number" data-label={label.seq}>
          {line.seq}
        </td>
        <td className="nowrap" data-label={label.date}>
          {formatDate(line.date, language)}
        </td>
        <td className="nowrap mono" data-label={label.document}>
          {line.documentNumber ?? <span className="subtle">{t("common.none")}</span>}
        </td>
        <td className="nowrap" data-label={label.kind}>
          {t(`accountStatements.kinds.${line.kind}`)}
        </td>
        <td data-label={label.description}>
          {/* One block beside the label when a phone stacks the cells. */}
          <div>
            {line.description}
            {note !== undefined && (
              <div>
                <span className="status status-disputed">{t("accountStatements.disputedLine")}</span>{" "}
                <span className="pre-wrap">{note}</span>
              </div>
            )}
          </div>
        </td>
        <td className="cell-amount" data-label={label.debit} data-column="debit">
          {side(line.debit)}
        </td>
        <td className="cell-amount" data-label={label.credit} data-column="credit">
          {side(line.credit)}
        </td>
        <td className="cell-amount" data-label={label.balance} data-column="balance">
          {formatAmount(line.balance, language)}
        </td>
      </tr>
    );
  }

  return (
    <div className="table-wrap">
      <table className="table table-stack statement-lines" data-testid={props.testId}>
        <thead>
          <tr>
            <th scope="col" className="cell-number">
              {label.seq}
            </th>
            <th scope="col">{label.date}</th>
            <th scope="col">{label.document}</th>
            <th scope="col">{label.kind}</th>
            <th scope="col">{label.description}</th>
            <th scope="col" className="cell-amount">
              {label.debit}
            </th>
            <th scope="col" className="cell-amount">
              {label.credit}
            </th>
            <th scope="col" className="cell-amount">
              {label.balance}
            </th>
          </tr>
        </thead>
        <tbody>
          <tr className="row-subtotal" data-testid={`${props.testId}-opening`}>
            <td className="cell-number" />
            <td className="nowrap" data-label={label.date}>
              {formatDate(statement.from, language)}
            </td>
            <td colSpan={3}>{t("accountStatements.openingRow")}</td>
            <td className="cell-amount" />
            <td className="cell-amount" />
            <td className="cell-amount" data-label={label.balance} data-column="balance">
              {formatAmount(statement.opening, language)}
            </td>
          </tr>
          {statement.lines.map(row)}
          {statement.lines.length === 0 && (
            <tr>
              <td colSpan={columns} className="table-empty">
                {t("accountStatements.linesEmpty")}
              </td>
            </tr>
          )}
        </tbody>
        <tfoot>
          <tr className="row-total" data-testid={`${props.testId}-totals`}>
            <th scope="row" colSpan={5}>
              {t("accountStatements.totalsRow", { date: formatDate(statement.to, language) })}
            </th>
            <td className="cell-amount" data-label={label.debit} data-column="debit">
              {formatAmount(statement.debitTotal, language)}
            </td>
            <td className="cell-amount" data-label={label.credit} data-column="credit">
              {formatAmount(statement.creditTotal, language)}
            </td>
            <td className="cell-amount" data-label={label.balance} data-column="closing">
              {formatAmount(statement.closing, language)}
            </td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
