import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client.ts";
import type {
  OutboxChannel,
  OutboxMessageDetail,
  OutboxMessageSummary,
  OutboxStatus,
} from "../../api/collections-types.ts";
import type { OrganizationOfUser } from "../../api/types.ts";
import { ErrorMessage, SuccessMessage } from "../../components/error-message.tsx";
import { ListTable } from "../../components/list-table.tsx";
import { formatInstant } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { queryKeys } from "../../query-keys.ts";
import { can } from "../../session.ts";
import { OutboxStatusBadge, textOr } from "./collections-format.tsx";
import {
  collectionsPath,
  outboxChannels,
  outboxStatuses,
  useCollectionsChanged,
  useOutbox,
} from "./collections-queries.ts";
import { OutboxMessageDialog } from "./outbox-message-dialog.tsx";

/**
 * A message that may be sent again by hand: a failed one (its attempts are spent), or a queued one
 * already tried and waiting out its backoff. A sent message answers 409 on the server.
 */
function retryable(message: OutboxMessageSummary): boolean {
  return message.status === "failed" || (message.status === "queued" && message.attempts > 0);
}

/**
 * The outbox: every email and SMS the organization has queued — dunning notices, statements of
 * account — where each stands, how many attempts it took, why the last failed and when the next
 * is due. A message opens to its text; a failed one is retried from here. Without a mail server
 * (SMTP_URL) or SMS gateway the server keeps that channel's messages here: it says which channels
 * it delivers (`delivery`), and the page says which it does not.
 */
export function OutboxPage({ org }: { readonly org: OrganizationOfUser }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const queryClient = useQueryClient();
  const collectionsChanged = useCollectionsChanged(org.orgId);
  const [status, setStatus] = useState<OutboxStatus | "">("");
  const [channel, setChannel] = useState<OutboxChannel | "">("");
  const [opened, setOpened] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const outbox = useOutbox(org.orgId, { status, channel });
  const retry = useMutation({
    mutationFn: (message: OutboxMessageSummary) =>
      api.post<OutboxMessageDetail>(collectionsPath(org.orgId, "outbox", message.messageId, "retry")),
    onMutate: () => setNotice(null),
    onSuccess: (message) => {
      collectionsChanged();
      // A statement's emails show on the statement's page too.
      void queryClient.invalidateQueries({ queryKey: queryKeys.receivables(org.orgId) });
      setNotice(
        t("collections.outbox.retried", {
          recipient: message.recipient,
          status: t(`collections.outbox.statuses.${message.status}`),
        }),
      );
    },
  });
  const rows = outbox.data?.items ?? [];
  // The server says which channels it delivers; the others' messages stay here until it does.
  const delivery = outbox.data?.delivery;
  const heldChannels =
    delivery === undefined ? [] : outboxChannels.filter((candidate) => !delivery[candidate]);
  const filtered = status !== "" || channel !== "";
  const retries = can(org, "collections.manage");

  return (
    <>
      <p className="muted">{t("collections.outbox.intro")}</p>
      {heldChannels.length > 0 && (
        <div
          className="notice notice-warning"
          data-testid="outbox-not-delivering"
          data-channels={heldChannels.join(" ")}
        >
          {heldChannels.includes("email") && <p>{t("collections.outbox.noSmtp")}</p>}
          {heldChannels.includes("sms") && <p>{t("collections.outbox.noSmsGateway")}</p>}
        </div>
      )}
      <div className="filters" data-testid="outbox-filters">
        <label className="field">
          <span>{t("collections.outbox.columns.status")}</span>
          <select
            name="status"
            value={status}
            onChange={(event) => setStatus(outboxStatuses.find((s) => s === event.target.value) ?? "")}
          >
            <option value="">{t("collections.outbox.anyStatus")}</option>
            {outboxStatuses.map((s) => (
              <option key={s} value={s}>
                {t(`collections.outbox.statuses.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t("collections.outbox.columns.channel")}</span>
          <select
            name="channel"
            value={channel}
            onChange={(event) => setChannel(outboxChannels.find((c) => c === event.target.value) ?? "")}
          >
            <option value="">{t("collections.outbox.anyChannel")}</option>
            {outboxChannels.map((c) => (
              <option key={c} value={c}>
                {t(`collections.outbox.channels.${c}`)}
              </option>
            ))}
          </select>
        </label>
        {filtered && (
          <button
            type="button"
            className="button button-quiet"
            onClick={() => {
              setStatus("");
              setChannel("");
            }}
          >
            {t("journal.clearFilters")}
          </button>
        )}
      </div>
      <SuccessMessage>{notice}</SuccessMessage>
      <ErrorMessage error={retry.error} />
      <ErrorMessage error={outbox.error} />
      <ListTable
        pending={outbox.isPending}
        testId="outbox"
        head={
          <>
            <th scope="col">{t("collections.outbox.columns.created")}</th>
            <th scope="col">{t("collections.outbox.columns.channel")}</th>
            <th scope="col">{t("collections.outbox.columns.recipient")}</th>
            <th scope="col">{t("collections.outbox.columns.subject")}</th>
            <th scope="col">{t("collections.outbox.columns.status")}</th>
            <th scope="col" className="cell-amount">
              {t("collections.outbox.columns.attempts")}
            </th>
            <th scope="col">{t("collections.outbox.columns.lastError")}</th>
            <th scope="col">{t("collections.outbox.columns.nextAttempt")}</th>
            <th scope="col">
              <span className="visually-hidden">{t("collections.outbox.columns.actions")}</span>
            </th>
          </>
        }
        columnCount={9}
        rowCount={rows.length}
        emptyText={filtered ? t("collections.outbox.emptyFiltered") : t("collections.outbox.empty")}
      >
        {rows.map((message) => (
          <tr
            key={message.messageId}
            data-message-id={message.messageId}
            data-status={message.status}
            data-channel={message.channel}
            data-related={message.relatedType ?? ""}
            data-related-id={message.relatedId ?? ""}
          >
            <td className="nowrap">{formatInstant(message.createdAt, org.timeZone, language)}</td>
            <td>{t(`collections.outbox.channels.${message.channel}`)}</td>
            <td className="break-all" data-column="recipient">
              {message.recipient}
            </td>
            <td>
              {message.subject === "" ? <span className="subtle">{t("common.none")}</span> : message.subject}
              {message.relatedType !== null && (
                <div className="subtle">
                  {textOr(t, `collections.outbox.related.${message.relatedType}`, message.relatedType)}
                </div>
              )}
            </td>
            <td>
              <OutboxStatusBadge status={message.status} />
              {message.sentAt !== null && (
                <div className="subtle nowrap">{formatInstant(message.sentAt, org.timeZone, language)}</div>
              )}
            </td>
            <td className="cell-amount">{message.attempts}</td>
            <td className="pre-wrap">
              {message.lastError ?? <span className="subtle">{t("common.none")}</span>}
            </td>
            <td className="nowrap">
              {message.status === "queued" && message.nextAttemptAt !== null ? (
                formatInstant(message.nextAttemptAt, org.timeZone, language)
              ) : (
                <span className="subtle">{t("common.none")}</span>
              )}
            </td>
            <td className="cell-actions">
              <div className="toolbar-buttons">
                <button
                  type="button"
                  className="button button-small"
                  data-action="open"
                  onClick={() => setOpened(message.messageId)}
                >
                  {t("collections.outbox.open")}
                </button>
                {retries && retryable(message) && (
                  <button
                    type="button"
                    className="button button-small"
                    data-action="retry"
                    disabled={retry.isPending}
                    onClick={() => retry.mutate(message)}
                  >
                    {t("collections.outbox.retry")}
                  </button>
                )}
              </div>
            </td>
          </tr>
        ))}
      </ListTable>
      {opened !== null && (
        <OutboxMessageDialog org={org} messageId={opened} onClose={() => setOpened(null)} />
      )}
    </>
  );
}
