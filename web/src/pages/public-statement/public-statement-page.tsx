import { type ReactNode, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { isApiError } from "../../api/client.ts";
import type { PublicStatementView } from "../../api/statement-types.ts";
import { ErrorMessage } from "../../components/error-message.tsx";
import { LanguageSwitch } from "../../components/language-switch.tsx";
import { formatDate, formatMoney } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { StatementLinesTable } from "../receivables/statement-lines-table.tsx";
import { StatementOpenItems } from "../receivables/statement-open-items.tsx";
import { StatementResponse } from "../receivables/statement-response.tsx";
import { publicStatementPdfUrl, readerTimeZone, usePublicStatement } from "./public-statement-queries.ts";
import { StatementAnswerForm } from "./statement-answer-form.tsx";

/**
 * The statement of account as its customer opens it from the email (`/s/<token>`), without an
 * account: the figures, the lines and what is open, the PDF, and the answer (对账确认). The page
 * asks the server only for this link's statement: no session, no CSRF token, nothing of the firm.
 */
export function PublicStatementPage(props: { readonly token: string }) {
  const { t } = useTranslation();
  const statement = usePublicStatement(props.token);
  const title = t("publicStatement.title");
  const number = statement.data?.number;
  useEffect(() => {
    document.title = [number === undefined ? title : `${title} ${number}`, "Credence"].join(" · ");
  }, [title, number]);

  let content: ReactNode;
  if (statement.isPending) content = <p className="muted">{t("common.loading")}</p>;
  else if (statement.isError) {
    // A cut or mangled link is refused before it is looked up (400, 404): for the customer it is
    // the same invalid link as an expired one.
    const error = statement.error;
    const invalid =
      isApiError(error) &&
      (error.code === "STATEMENT_LINK_INVALID" || error.status === 400 || error.status === 404);
    content = invalid ? (
      <section className="card public-invalid" data-testid="statement-link-invalid">
        <h1>{t("publicStatement.invalidTitle")}</h1>
        <p>{t("publicStatement.invalidAdvice")}</p>
      </section>
    ) : (
      <>
        <ErrorMessage error={statement.error} />
        <button type="button" className="button" onClick={() => void statement.refetch()}>
          {t("common.retry")}
        </button>
      </>
    );
  } else content = <PublicStatement token={props.token} view={statement.data} />;

  return (
    <div className="public-page" data-testid="public-statement-page">
      <header className="public-topbar">
        <span className="public-brand">{t("common.productName")}</span>
        <LanguageSwitch signedIn={false} />
      </header>
      <main className="public-content">{content}</main>
    </div>
  );
}

function PublicStatement(props: { readonly token: string; readonly view: PublicStatementView }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { view } = props;
  const soa = view.statement;
  const [chosen, setChosen] = useState<ReadonlyMap<number, string>>(new Map());
  const money = (amount: string) => formatMoney(amount, soa.currency, language);
  const answered = view.response;
  const disputed =
    answered === null ? chosen : new Map(answered.lines.map((line) => [line.seq, line.note] as const));

  return (
    <div data-testid="public-statement" data-status={view.status}>
      <header className="public-header">
        <p className="page-org" data-testid="public-statement-organization">
          {soa.organizationName}
        </p>
        <h1>{t("publicStatement.heading", { number: view.number })}</h1>
        <p className="muted">
          {t("publicStatement.addressedTo", { customer: soa.customer.name, code: soa.customer.code })}
        </p>
      </header>

      <section className="card public-summary" aria-labelledby="public-summary-title">
        <h2 id="public-summary-title" className="visually-hidden">
          {t("accountStatements.detailsTitle")}
        </h2>
        <p className="muted">
          {t("publicStatement.periodLine", {
            from: formatDate(soa.from, language),
            to: formatDate(soa.to, language),
            currency: soa.currency,
          })}
        </p>
        <dl className="public-figures" data-testid="public-figures">
          <div>
            <dt>{t("accountStatements.fields.opening")}</dt>
            <dd>{money(soa.opening)}</dd>
          </div>
          <div>
            <dt>{t("accountStatements.fields.debits")}</dt>
            <dd>{money(soa.debitTotal)}</dd>
          </div>
          <div>
            <dt>{t("accountStatements.fields.credits")}</dt>
            <dd>{money(soa.creditTotal)}</dd>
          </div>
          <div className="public-figure-closing">
            <dt>{t("accountStatements.fields.closing")}</dt>
            <dd data-testid="public-closing">{money(soa.closing)}</dd>
          </div>
        </dl>
        <div className="public-actions">
          {answered === null && (
            <a className="button button-primary" href="#public-answer" data-testid="public-go-to-answer">
              {t("publicStatement.goToAnswer")}
            </a>
          )}
          <a
            className="button"
            href={publicStatementPdfUrl(props.token, language)}
            target="_blank"
            rel="noopener"
            data-testid="public-statement-pdf"
          >
            {t("publicStatement.pdf")}
          </a>
          <span className="subtle">
            {t("publicStatement.validUntil", { date: formatDate(view.linkExpiresOn, language) })}
          </span>
        </div>
      </section>

      {answered !== null && (
        <section className="card" aria-labelledby="public-answer-title">
          <h2 id="public-answer-title">{t("publicStatement.answerTitle")}</h2>
          <StatementResponse
            response={answered}
            timeZone={readerTimeZone()}
            testId="public-statement-response"
          />
          <p className="muted">
            {answered.status === "confirmed"
              ? t("publicStatement.thanksConfirmed")
              : t("publicStatement.thanksDisputed")}
          </p>
        </section>
      )}

      <section className="card" aria-labelledby="public-lines-title">
        <h2 id="public-lines-title">{t("accountStatements.linesTitle")}</h2>
        <p className="subtle">{t("ledger.amountsIn", { currency: soa.currency })}</p>
        <StatementLinesTable statement={soa} disputed={disputed} testId="public-statement-lines" />
      </section>

      <section className="card" aria-labelledby="public-open-title">
        <h2 id="public-open-title">
          {t("accountStatements.openItemsTitle", { date: formatDate(soa.to, language) })}
        </h2>
        <StatementOpenItems statement={soa} testId="public-statement-open" />
      </section>

      {answered === null && (
        <section id="public-answer" className="card public-answer-card" aria-labelledby="public-answer-title">
          <h2 id="public-answer-title">{t("publicStatement.answerTitle")}</h2>
          <StatementAnswerForm token={props.token} statement={soa} onChosen={setChosen} />
        </section>
      )}
    </div>
  );
}
