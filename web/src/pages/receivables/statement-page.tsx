import type { TFunction } from "i18next";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { StatementView } from "../../api/statement-types.ts";
import type { OrganizationOfUser } from "../../api/types.ts";
import { todayIn } from "../../business-date.ts";
import { ErrorMessage } from "../../components/error-message.tsx";
import { Link } from "../../components/link.tsx";
import { PageHeader } from "../../components/page-header.tsx";
import { formatDate, formatInstant, formatMoney } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { orgPagePath } from "../../routes.ts";
import { can } from "../../session.ts";
import { SendStatementDialog } from "./send-statement-dialog.tsx";
import { StatementLinesTable } from "./statement-lines-table.tsx";
import { StatementLinkCard } from "./statement-link-card.tsx";
import { StatementMessages } from "./statement-messages.tsx";
import { StatementOpenItems } from "./statement-open-items.tsx";
import { statementDocumentUrl, statementLocales, useStatement } from "./statement-queries.ts";
import { StatementResponse } from "./statement-response.tsx";
import { StatementStatusBadge } from "./statement-status-badge.tsx";

interface Notice {
  readonly text: string;
  /** A queued or failed email is not a success: the statement has not reached the customer. */
  readonly tone: "success" | "warning";
}

/** What the newest email of a send came to, for the page to say. */
function sentNotice(sent: StatementView, t: TFunction): Notice {
  const latest = sent.messages?.[0];
  const recipient = latest?.recipient ?? sent.sentTo ?? "";
  switch (latest?.status) {
    case "sent":
      return { text: t("accountStatements.sentNotice", { recipient }), tone: "success" };
    case "failed":
      return { text: t("accountStatements.failedNotice", { recipient }), tone: "warning" };
    default:
      return { text: t("accountStatements.queuedNotice", { recipient }), tone: "warning" };
  }
}

/**
 * One statement of account (对账单): the period's figures from opening to closing balance, its
 * lines with any the customer disputed, what was open at the end and its aging, the customer's
 * answer, the confirmation link, the PDF and XLSX, and the emails that carried it.
 */
export function StatementPage(props: { readonly org: OrganizationOfUser; readonly statementId: string }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { org } = props;
  const statement = useStatement(org.orgId, props.statementId);
  const [sending, setSending] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(null);
  const back = (
    <Link to={orgPagePath(org.orgId, "receivables", "statements")} className="back-link">
      ← {t("accountStatements.backToList")}
    </Link>
  );
  if (statement.isPending) {
    return (
      <>
        {back}
        <p className="muted">{t("common.loading")}</p>
      </>
    );
  }
  if (statement.isError) {
    return (
      <>
        {back}
        <ErrorMessage error={statement.error} />
      </>
    );
  }
  const view = statement.data;
  const soa = view.statement;
  const money = (amount: string) => formatMoney(amount, view.currency, language);
  const disputed = new Map((view.response?.lines ?? []).map((line) => [line.seq, line.note]));

  return (
    <div data-testid="statement-page" data-statement-id={view.statementId} data-status={view.status}>
      {back}
      <PageHeader title={t("accountStatements.pageTitle", { number: view.number })} orgName={org.name} />
      <p className="customer-summary" data-testid="statement-summary">
        <StatementStatusBadge status={view.status} testId="statement-status" />
        <span>{view.customerName}</span>
        <span>
          {t("accountStatements.period", {
            from: formatDate(view.from, language),
            to: formatDate(view.to, language),
          })}
        </span>
        <span>{t("accountStatements.closingNow", { amount: money(view.closing) })}</span>
      </p>
      {notice !== null && (
        <p
          role="status"
          className={notice.tone === "success" ? "notice notice-success" : "notice notice-warning"}
          data-testid="statement-notice"
        >
          {notice.text}
        </p>
      )}
      {can(org, "statements.send") && (
        <div className="toolbar" data-testid="statement-actions">
          <button
            type="button"
            className="button button-primary"
            onClick={() => {
              setNotice(null);
              setSending(true);
            }}
          >
            {t("accountStatements.send")}
          </button>
        </div>
      )}

      <section className="card" aria-labelledby="statement-response-title">
        <h2 id="statement-response-title">{t("accountStatements.responseTitle")}</h2>
        {view.response === null ? (
          <p className="muted" data-testid="statement-no-response">
            {t("accountStatements.noResponse")}
          </p>
        ) : (
          <StatementResponse response={view.response} timeZone={org.timeZone} testId="statement-response" />
        )}
      </section>

      <section className="card" aria-labelledby="statement-details-title">
        <h2 id="statement-details-title">{t("accountStatements.detailsTitle")}</h2>
        <div className="credit-columns">
          <dl className="details" data-testid="statement-details">
            <dt>{t("accountStatements.fields.customer")}</dt>
            <dd>
              <Link to={orgPagePath(org.orgId, "customers", view.customerId, { tab: "receivables" })}>
                {view.customerName}
              </Link>{" "}
              <span className="subtle mono">{soa.customer.code}</span>
            </dd>
            <dt>{t("accountStatements.fields.period")}</dt>
            <dd>
              {t("accountStatements.period", {
                from: formatDate(view.from, language),
                to: formatDate(view.to, language),
              })}
            </dd>
            <dt>{t("accountStatements.fields.status")}</dt>
            <dd>
              <StatementStatusBadge status={view.status} />
            </dd>
            <dt>{t("accountStatements.fields.linkExpires")}</dt>
            <dd data-testid="statement-link-expires">{formatDate(view.linkExpiresOn, language)}</dd>
            <dt>{t("accountStatements.fields.sentTo")}</dt>
            <dd>
              {view.sentTo === null ? (
                <span className="subtle">{t("common.none")}</span>
              ) : (
                <>
                  <span className="break-all">{view.sentTo}</span>
                  {view.sentAt !== null && (
                    <div className="subtle">{formatInstant(view.sentAt, org.timeZone, language)}</div>
                  )}
                </>
              )}
            </dd>
            <dt>{t("accountStatements.fields.createdBy")}</dt>
            <dd>
              {view.createdBy} · {formatInstant(view.createdAt, org.timeZone, language)}
            </dd>
          </dl>
          <dl className="details details-amounts" data-testid="statement-amounts">
            <dt>{t("accountStatements.fields.opening")}</dt>
            <dd data-testid="statement-opening">{money(soa.opening)}</dd>
            <dt>{t("accountStatements.fields.debits")}</dt>
            <dd data-testid="statement-debits">{money(soa.debitTotal)}</dd>
            <dt>{t("accountStatements.fields.credits")}</dt>
            <dd data-testid="statement-credits">{money(soa.creditTotal)}</dd>
            <dt>{t("accountStatements.fields.closing")}</dt>
            <dd data-testid="statement-closing">
              <strong>{money(soa.closing)}</strong>
            </dd>
          </dl>
        </div>
      </section>

      {view.link !== null && <StatementLinkCard link={view.link} today={todayIn(org.timeZone)} />}

      <section
        className="card downloads"
        aria-labelledby="statement-documents-title"
        data-testid="statement-downloads"
      >
        <h2 id="statement-documents-title">{t("accountStatements.documentsTitle")}</h2>
        {statementLocales.map((locale) => (
          <div key={locale} className="download-row">
            <span className="download-label">{t(`language.${locale}`)}</span>
            {(["pdf", "xlsx"] as const).map((format) => (
              <a
                key={format}
                className="button button-small"
                data-testid={`download-statement-${format}-${locale}`}
                href={statementDocumentUrl(org.orgId, view.statementId, format, locale)}
                {...(format === "pdf" ? { target: "_blank", rel: "noopener" } : { download: true })}
              >
                {t(`accountStatements.formats.${format}`)}
              </a>
            ))}
          </div>
        ))}
      </section>

      <section className="card" aria-labelledby="statement-lines-title">
        <h2 id="statement-lines-title">{t("accountStatements.linesTitle")}</h2>
        <p className="subtle">{t("ledger.amountsIn", { currency: view.currency })}</p>
        <StatementLinesTable statement={soa} disputed={disputed} testId="statement-lines" />
      </section>

      <section className="card" aria-labelledby="statement-open-title">
        <h2 id="statement-open-title">
          {t("accountStatements.openItemsTitle", { date: formatDate(view.to, language) })}
        </h2>
        <StatementOpenItems statement={soa} testId="statement-open" />
      </section>

      <section className="card" aria-labelledby="statement-messages-title">
        <h2 id="statement-messages-title">{t("accountStatements.messagesTitle")}</h2>
        <StatementMessages org={org} messages={view.messages ?? []} />
      </section>

      {sending && (
        <SendStatementDialog
          org={org}
          statement={view}
          onDone={(sent) => {
            setSending(false);
            setNotice(sentNotice(sent, t));
          }}
          onCancel={() => setSending(false)}
        />
      )}
    </div>
  );
}
