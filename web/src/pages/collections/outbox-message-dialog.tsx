import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import type { OrganizationOfUser } from "../../api/types.ts";
import { ErrorMessage } from "../../components/error-message.tsx";
import { formatInstant } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { OutboxStatusBadge } from "./collections-format.tsx";
import { useOutboxMessage } from "./collections-queries.ts";

/** Kilobytes of an attachment, as people read sizes. */
function sizeText(bytes: number, language: string): string {
  return `${new Intl.NumberFormat(language, { maximumFractionDigits: 1 }).format(bytes / 1024)} KB`;
}

/**
 * One message of the outbox as it was (or will be) sent: recipient, subject, where it stands and
 * its text. The HTML version, when there is one, is shown in a sandboxed frame: it is the
 * organization's template filled with customer data, and no script of it may run in the app.
 */
export function OutboxMessageDialog(props: {
  readonly org: OrganizationOfUser;
  readonly messageId: string;
  readonly onClose: () => void;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { org } = props;
  const dialog = useRef<HTMLDialogElement>(null);
  const message = useOutboxMessage(org.orgId, props.messageId);

  useEffect(() => {
    const element = dialog.current;
    if (element === null) return;
    if (!element.open) element.showModal();
    return () => element.close();
  }, []);

  const shown = message.data;
  return (
    <dialog
      ref={dialog}
      className="dialog dialog-form dialog-wide"
      aria-labelledby="outbox-message-title"
      data-testid="outbox-message"
      onCancel={(event) => {
        event.preventDefault();
        props.onClose();
      }}
    >
      <h2 id="outbox-message-title">{shown?.subject ?? t("collections.outbox.messageTitle")}</h2>
      <ErrorMessage error={message.error} />
      {shown === undefined ? (
        message.isPending && <p className="muted">{t("common.loading")}</p>
      ) : (
        <>
          <dl className="details details-compact">
            <dt>{t("collections.outbox.columns.channel")}</dt>
            <dd>{t(`collections.outbox.channels.${shown.channel}`)}</dd>
            <dt>{t("collections.outbox.columns.recipient")}</dt>
            <dd className="break-all" data-testid="outbox-message-recipient">
              {shown.recipient}
            </dd>
            <dt>{t("collections.outbox.columns.status")}</dt>
            <dd>
              <OutboxStatusBadge status={shown.status} />
            </dd>
            <dt>{t("collections.outbox.columns.created")}</dt>
            <dd>{formatInstant(shown.createdAt, org.timeZone, language)}</dd>
            {shown.sentAt !== null && (
              <>
                <dt>{t("collections.outbox.columns.sent")}</dt>
                <dd>{formatInstant(shown.sentAt, org.timeZone, language)}</dd>
              </>
            )}
            {shown.lastError !== null && (
              <>
                <dt>{t("collections.outbox.columns.lastError")}</dt>
                <dd className="pre-wrap">{shown.lastError}</dd>
              </>
            )}
            {shown.attachments.length > 0 && (
              <>
                <dt>{t("collections.outbox.attachments")}</dt>
                <dd>
                  {shown.attachments
                    .map((file) => `${file.filename} (${sizeText(file.sizeBytes, language)})`)
                    .join(", ")}
                </dd>
              </>
            )}
          </dl>
          <h3>{t("collections.outbox.bodyText")}</h3>
          <pre className="card pre-wrap" data-testid="outbox-message-body">
            {shown.bodyText}
          </pre>
          {shown.bodyHtml !== null && (
            <details>
              <summary>{t("collections.outbox.bodyHtml")}</summary>
              <iframe
                title={t("collections.outbox.bodyHtml")}
                sandbox=""
                srcDoc={shown.bodyHtml}
                style={{ width: "100%", height: 360, border: "1px solid var(--color-line)" }}
              />
            </details>
          )}
        </>
      )}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={props.onClose}>
          {t("common.close")}
        </button>
      </div>
    </dialog>
  );
}
