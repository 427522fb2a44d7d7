import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client.ts";
import type { DunningNotice, NoticeStatus } from "../../api/collections-types.ts";
import type { OrganizationOfUser } from "../../api/types.ts";
import { ErrorMessage, SuccessMessage } from "../../components/error-message.tsx";
import { Link } from "../../components/link.tsx";
import { ListTable } from "../../components/list-table.tsx";
import { formatAmount, formatDate, formatInstant, formatMoney } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { customerCollectionsPath } from "../../routes.ts";
import { can } from "../../session.ts";
import { channelName, levelName, NoticeStatusBadge } from "./collections-format.tsx";
import { collectionsPath, noticeStatuses, useCollectionsChanged, useNotices } from "./collections-queries.ts";
import { NoticeDecisionDialog } from "./notice-decision-dialog.tsx";
import { feeWaivable, WaiveFeeDialog } from "./waive-fee-dialog.tsx";

type Deciding = { readonly notice: DunningNotice; readonly decision: "approve" | "reject" };

/**
 * The dunning notices the end-of-day batch made, newest first: those sent, the tasks it left for a
 * person (a call, a letter, a customer without an address) and those waiting for approval. A
 * person approves or rejects the last, and marks a task done once it is. Whoever configures
 * collections may waive a fee a notice charged, with a reason.
 */
export function NoticesPage({ org }: { readonly org: OrganizationOfUser }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const [status, setStatus] = useState<NoticeStatus | "">("");
  const [date, setDate] = useState("");
  const [deciding, setDeciding] = useState<Deciding | null>(null);
  const [waiving, setWaiving] = useState<DunningNotice | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const notices = useNotices(org.orgId, { status, date });
  const collectionsChanged = useCollectionsChanged(org.orgId);
  const manages = can(org, "collections.manage");
  const waives = can(org, "collections.configure");
  const acts = manages || waives;
  const complete = useMutation({
    mutationFn: (target: DunningNotice) =>
      api.post<DunningNotice>(collectionsPath(org.orgId, "dunning-notices", target.noticeId, "decision"), {
        decision: "complete",
      }),
    onMutate: () => setNotice(null),
    onSuccess: (done) => {
      collectionsChanged();
      setNotice(t("collections.notices.completed", { customer: done.customerName }));
    },
  });
  const rows = notices.data?.items ?? [];
  const filtered = status !== "" || date !== "";

  return (
    <>
      <div className="toolbar toolbar-spread">
        <p className="muted">{t("collections.notices.intro")}</p>
      </div>
      <div className="filters" data-testid="notice-filters">
        <label className="field">
          <span>{t("collections.notices.columns.status")}</span>
          <select
            name="status"
            value={status}
            onChange={(event) => setStatus(noticeStatuses.find((s) => s === event.target.value) ?? "")}
          >
            <option value="">{t("collections.notices.anyStatus")}</option>
            {noticeStatuses.map((s) => (
              <option key={s} value={s}>
                {t(`collections.noticeStatuses.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t("collections.notices.columns.date")}</span>
          <input type="date" name="date" value={date} onChange={(event) => setDate(event.target.value)} />
        </label>
        {filtered && (
          <button
            type="button"
            className="button button-quiet"
            onClick={() => {
              setStatus("");
              setDate("");
            }}
          >
            {t("journal.clearFilters")}
          </button>
        )}
      </div>
      <SuccessMessage>{notice}</SuccessMessage>
      <ErrorMessage error={complete.error} />
      <ErrorMessage error={notices.error} />
      <ListTable
        pending={notices.isPending}
        testId="notices"
        head={
          <>
            <th scope="col">{t("collections.notices.columns.date")}</th>
            <th scope="col">{t("collections.notices.columns.customer")}</th>
            <th scope="col">{t("collections.notices.columns.level")}</th>
            <th scope="col">{t("collections.notices.columns.status")}</th>
            <th scope="col" className="cell-amount">
              {t("collections.notices.columns.total")}
            </th>
            <th scope="col" className="cell-amount">
              {t("collections.notices.columns.fee")}
            </th>
            <th scope="col" className="cell-amount">
              {t("collections.notices.columns.daysPastDue")}
            </th>
            <th scope="col">{t("collections.notices.columns.recipient")}</th>
            <th scope="col">{t("collections.notices.columns.decided")}</th>
            {acts && (
              <th scope="col">
                <span className="visually-hidden">{t("collections.notices.columns.actions")}</span>
              </th>
            )}
          </>
        }
        columnCount={acts ? 10 : 9}
        rowCount={rows.length}
        emptyText={filtered ? t("collections.notices.emptyFiltered") : t("collections.notices.empty")}
      >
        {rows.map((row) => (
          <tr
            key={row.noticeId}
            data-notice-id={row.noticeId}
            data-status={row.status}
            data-channel={row.channel}
            data-customer-id={row.customerId}
          >
            <td className="nowrap">{formatDate(row.businessDate, language)}</td>
            <td>
              <Link to={customerCollectionsPath(org.orgId, row.customerId)}>{row.customerName}</Link>
            </td>
            <td>
              {levelName(row.levelCode, t)}
              <div className="subtle">{channelName(row.channel, t)}</div>
            </td>
            <td>
              <NoticeStatusBadge status={row.status} />
            </td>
            <td className="cell-amount">{formatAmount(row.total, language)}</td>
            <td className="cell-amount" data-column="fee" data-fee-waived={row.feeWaivedOn !== null}>
              {row.feeWaivedOn === null ? (
                formatAmount(row.fee, language)
              ) : (
                <>
                  <s>{formatAmount(row.fee, language)}</s>
                  <div className="subtle nowrap">
                    {t("collections.waiveFee.waivedOn", { date: formatDate(row.feeWaivedOn, language) })}
                  </div>
                </>
              )}
            </td>
            <td className="cell-amount">{row.maxDaysPastDue}</td>
            <td className="break-all">
              {row.recipient ?? <span className="subtle">{t("common.none")}</span>}
            </td>
            <td>
              {row.decidedBy === null ? (
                <span className="subtle">{t("common.none")}</span>
              ) : (
                <>
                  {row.decidedBy}
                  {row.decidedAt !== null && (
                    <div className="subtle nowrap">
                      {formatInstant(row.decidedAt, org.timeZone, language)}
                    </div>
                  )}
                </>
              )}
            </td>
            {acts && (
              <td className="cell-actions">
                {manages && row.status === "awaiting_approval" && (
                  <div className="toolbar-buttons">
                    <button
                      type="button"
                      className="button button-small"
                      data-action="approve"
                      onClick={() => {
                        setNotice(null);
                        setDeciding({ notice: row, decision: "approve" });
                      }}
                    >
                      {t("collections.notices.approve")}
                    </button>
                    <button
                      type="button"
                      className="button button-small button-danger-quiet"
                      data-action="reject"
                      onClick={() => {
                        setNotice(null);
                        setDeciding({ notice: row, decision: "reject" });
                      }}
                    >
                      {t("collections.notices.reject")}
                    </button>
                  </div>
                )}
                {manages && (row.status === "task_open" || row.status === "no_contact") && (
                  <button
                    type="button"
                    className="button button-small"
                    data-action="complete"
                    disabled={complete.isPending}
                    onClick={() => complete.mutate(row)}
                  >
                    {t("collections.notices.complete")}
                  </button>
                )}
                {waives && feeWaivable(row) && (
                  <button
                    type="button"
                    className="button button-small button-danger-quiet"
                    data-action="waive-fee"
                    aria-label={t("collections.waiveFee.actionOf", {
                      fee: formatMoney(row.fee, row.currency, language),
                      customer: row.customerName,
                    })}
                    onClick={() => {
                      setNotice(null);
                      setWaiving(row);
                    }}
                  >
                    {t("collections.waiveFee.action")}
                  </button>
                )}
              </td>
            )}
          </tr>
        ))}
      </ListTable>
      {deciding !== null && (
        <NoticeDecisionDialog
          org={org}
          notice={deciding.notice}
          decision={deciding.decision}
          onDone={(decided) => {
            setDeciding(null);
            setNotice(
              deciding.decision === "approve"
                ? t("collections.notices.approved", {
                    customer: decided.customerName,
                    status: t(`collections.noticeStatuses.${decided.status}`),
                  })
                : t("collections.notices.rejected", { customer: decided.customerName }),
            );
          }}
          onCancel={() => setDeciding(null)}
        />
      )}
      {waiving !== null && (
        <WaiveFeeDialog
          org={org}
          notice={waiving}
          onDone={(waived) => {
            setWaiving(null);
            setNotice(
              t("collections.waiveFee.done", {
                fee: formatMoney(waived.fee, waived.currency, language),
                customer: waived.customerName,
              }),
            );
          }}
          onCancel={() => setWaiving(null)}
        />
      )}
    </>
  );
}
