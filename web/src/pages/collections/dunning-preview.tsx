import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, isApiError } from "../../api/client.ts";
import type { DunningSetupRequest, DunningPreview as Preview } from "../../api/collections-types.ts";
import type { OrganizationOfUser } from "../../api/types.ts";
import { ErrorMessage } from "../../components/error-message.tsx";
import { Link } from "../../components/link.tsx";
import { ListTable } from "../../components/list-table.tsx";
import { formatAmount, formatDate } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { customerCollectionsPath } from "../../routes.ts";
import { channelName, levelName, NoticeStatusBadge } from "./collections-format.tsx";
import { collectionsPath } from "./collections-queries.ts";

/**
 * Who the end-of-day batch would contact on a date (tomorrow unless another is chosen), and how:
 * the server runs the dunning step with the draft in a transaction it rolls back, so nothing is
 * sent, charged or kept. A draft the server refuses reports its issues to the editor's fields.
 */
export function DunningPreview(props: {
  readonly org: OrganizationOfUser;
  /** The editor's policies when they differ from the saved ones; null previews the saved ones. */
  readonly draft: DunningSetupRequest | null;
  readonly onError: (error: unknown) => void;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { org } = props;
  const [date, setDate] = useState("");
  const preview = useMutation({
    mutationFn: () =>
      api.post<Preview>(collectionsPath(org.orgId, "dunning-policy", "preview"), {
        ...(date === "" ? {} : { date }),
        draft: props.draft,
      }),
    onMutate: () => props.onError(null),
    onError: (error) => props.onError(error),
  });
  const shown = preview.data;

  return (
    <section className="card" aria-labelledby="dunning-preview-title" data-testid="dunning-preview">
      <h2 id="dunning-preview-title">{t("collections.preview.title")}</h2>
      <p className="muted">
        {props.draft === null ? t("collections.preview.introSaved") : t("collections.preview.introDraft")}
      </p>
      <div className="inline-form">
        <label className="field">
          <span>
            {t("collections.preview.date")}
            <span className="field-note"> ({t("collections.preview.dateHint")})</span>
          </span>
          <input
            type="date"
            name="previewDate"
            value={date}
            onChange={(event) => setDate(event.target.value)}
          />
        </label>
        <button
          type="button"
          className="button"
          data-testid="dunning-preview-run"
          disabled={preview.isPending}
          onClick={() => preview.mutate()}
        >
          {preview.isPending ? t("collections.preview.running") : t("collections.preview.run")}
        </button>
      </div>
      {isApiError(preview.error) && preview.error.issues.length > 0 ? (
        <p role="alert" className="notice notice-error" data-testid="dunning-preview-problems">
          {t("collections.preview.draftProblems")}
        </p>
      ) : (
        <ErrorMessage error={preview.error} />
      )}
      {shown !== undefined && preview.error === null && (
        <>
          <p className="subtle" data-testid="dunning-preview-summary">
            {t("collections.preview.summary", {
              date: formatDate(shown.date, language),
              count: shown.items.length,
            })}
          </p>
          <ListTable
            pending={false}
            testId="dunning-preview-items"
            head={
              <>
                <th scope="col">{t("collections.notices.columns.customer")}</th>
                <th scope="col">{t("collections.notices.columns.level")}</th>
                <th scope="col">{t("collections.preview.outcome")}</th>
                <th scope="col">{t("collections.notices.columns.recipient")}</th>
                <th scope="col" className="cell-amount">
                  {t("collections.notices.columns.total")}
                </th>
                <th scope="col" className="cell-amount">
                  {t("collections.notices.columns.fee")}
                </th>
                <th scope="col" className="cell-amount">
                  {t("collections.notices.columns.daysPastDue")}
                </th>
              </>
            }
            columnCount={7}
            rowCount={shown.items.length}
            emptyText={t("collections.preview.empty")}
          >
            {shown.items.map((row) => (
              <tr key={row.noticeId} data-customer-id={row.customerId} data-channel={row.channel}>
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
                <td className="break-all">
                  {row.recipient ?? <span className="subtle">{t("common.none")}</span>}
                </td>
                <td className="cell-amount">{formatAmount(row.total, language)}</td>
                <td className="cell-amount">{formatAmount(row.fee, language)}</td>
                <td className="cell-amount">{row.maxDaysPastDue}</td>
              </tr>
            ))}
          </ListTable>
        </>
      )}
    </section>
  );
}
