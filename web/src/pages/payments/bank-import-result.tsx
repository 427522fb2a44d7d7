import { useTranslation } from "react-i18next";
import type { BankImportSummary } from "../../api/bank-types.ts";
import { reconciles } from "./bank-queries.ts";

/**
 * What an import did: lines read, money in among them, how many became payments at once and how
 * many wait for a person, and each statement with the importer's warnings (a statement whose
 * balances and entries do not add up is imported, and says so here).
 */
export function BankImportResult(props: {
  readonly summary: BankImportSummary;
  readonly fileName: string;
  readonly onReview: () => void;
  readonly onClose: () => void;
}) {
  const { t } = useTranslation();
  const { summary } = props;
  return (
    <section className="card" aria-labelledby="bank-result-title" data-testid="bank-import-result">
      <div className="card-title-row">
        <h2 id="bank-result-title">{t("bank.result.title", { file: props.fileName })}</h2>
        <button type="button" className="button button-quiet button-small" onClick={props.onClose}>
          {t("common.close")}
        </button>
      </div>
      <dl className="bank-result-figures">
        <div data-figure="lines">
          <dt>{t("bank.result.lines")}</dt>
          <dd>{summary.lines}</dd>
        </div>
        <div data-figure="incoming">
          <dt>{t("bank.result.incoming")}</dt>
          <dd>{summary.incoming}</dd>
        </div>
        <div data-figure="matched">
          <dt>{t("bank.result.matched")}</dt>
          <dd>{summary.matchedAutomatically}</dd>
        </div>
        <div data-figure="waiting">
          <dt>{t("bank.result.waiting")}</dt>
          <dd>{summary.waitingForReview}</dd>
        </div>
      </dl>
      <ul className="plain-list bank-result-statements">
        {summary.statements.map((statement) => (
          <li key={statement.statementId} data-statement-id={statement.statementId}>
            <span>
              {t("bank.result.statement", {
                count: statement.lines,
                account: statement.account,
                reference: statement.reference ?? t("common.none"),
              })}
            </span>{" "}
            <ReconcileBadge warnings={statement.warnings} />
            {statement.warnings.length === 0 ? (
              <span className="subtle"> · {t("bank.result.noWarnings")}</span>
            ) : (
              <ul className="bank-warnings" data-testid="bank-import-warnings">
                {statement.warnings.map((warning) => (
                  <li key={warning} className="warning-text">
                    {warning}
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
      {summary.waitingForReview > 0 && (
        <div className="form-actions">
          <button type="button" className="button button-primary" onClick={props.onReview}>
            {t("bank.result.reviewNow", { count: summary.waitingForReview })}
          </button>
        </div>
      )}
    </section>
  );
}

/** Whether a statement's opening balance, entries and closing balance add up. */
export function ReconcileBadge(props: { readonly warnings: ReadonlyArray<string> }) {
  const { t } = useTranslation();
  const ok = reconciles(props.warnings);
  return (
    <span className={ok ? "status status-active" : "status status-disputed"} data-reconciles={ok}>
      {ok ? t("bank.reconciles") : t("bank.doesNotReconcile")}
    </span>
  );
}
