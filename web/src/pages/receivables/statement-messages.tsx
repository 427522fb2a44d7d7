import { useTranslation } from "react-i18next";
import type { StatementMessage } from "../../api/statement-types.ts";
import type { OrganizationOfUser } from "../../api/types.ts";
import { formatInstant } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";

/**
 * The emails of a statement, newest first, with where each stands in the outbox. A queued email
 * waits for a mail server: the server sends at once when SMTP_URL is set, so one still queued
 * means it has none, and the page says so.
 */
export function StatementMessages(props: {
  readonly org: OrganizationOfUser;
  readonly messages: ReadonlyArray<StatementMessage>;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { messages } = props;
  if (messages.length === 0) return <p className="muted">{t("accountStatements.messagesEmpty")}</p>;
  const queued = messages.some((message) => message.status === "queued");
  return (
    <>
      {queued && (
        <p className="notice notice-warning" data-testid="statement-mail-queued">
          {t("accountStatements.queuedNote")}
        </p>
      )}
      <div className="table-wrap">
        <table className="table table-compact" data-testid="statement-messages">
          <thead>
            <tr>
              <th scope="col">{t("accountStatements.messageColumns.recipient")}</th>
              <th scope="col">{t("accountStatements.messageColumns.status")}</th>
              <th scope="col">{t("accountStatements.messageColumns.created")}</th>
              <th scope="col">{t("accountStatements.messageColumns.sent")}</th>
            </tr>
          </thead>
          <tbody>
            {messages.map((message) => (
              <tr key={message.messageId} data-status={message.status}>
                <td className="break-all">{message.recipient}</td>
                <td>
                  <span className={`status message-status-${message.status}`} data-status={message.status}>
                    {t(`accountStatements.messageStatuses.${message.status}`)}
                  </span>
                  {message.status === "failed" && message.lastError !== null && (
                    <div className="subtle pre-wrap">{message.lastError}</div>
                  )}
                </td>
                <td className="nowrap">{formatInstant(message.createdAt, props.org.timeZone, language)}</td>
                <td className="nowrap">
                  {message.sentAt === null ? (
                    <span className="subtle">{t("common.none")}</span>
                  ) : (
                    formatInstant(message.sentAt, props.org.timeZone, language)
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
