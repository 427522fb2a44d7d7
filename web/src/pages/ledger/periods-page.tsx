import { useMutation, useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { isPeriod } from "../../../../src/domain/ledger/index.ts";
import { api } from "../../api/client.ts";
import type { LedgerPeriod, OrganizationOfUser, PeriodsResponse } from "../../api/types.ts";
import { todayIn } from "../../business-date.ts";
import { ConfirmDialog } from "../../components/confirm-dialog.tsx";
import { ErrorMessage, SuccessMessage } from "../../components/error-message.tsx";
import { formatInstant, formatPeriod } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { queryKeys } from "../../query-keys.ts";
import { can } from "../../session.ts";
import { ledgerPath, useLedgerChanged } from "./ledger-queries.ts";

type PeriodAction = "close" | "reopen";

interface Pending {
  readonly period: string;
  readonly action: PeriodAction;
}

/** 结账 and 反结账: periods close oldest first and reopen newest first; owners only. */
export function PeriodsPage({ org }: { readonly org: OrganizationOfUser }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const manage = can(org, "periods.manage");
  const ledgerChanged = useLedgerChanged(org.orgId);
  const [pending, setPending] = useState<Pending | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [otherPeriod, setOtherPeriod] = useState(() => todayIn(org.timeZone).slice(0, 7));

  const periods = useQuery({
    queryKey: [...queryKeys.ledger(org.orgId), "periods"],
    queryFn: () => api.get<PeriodsResponse>(ledgerPath(org.orgId, "periods")),
  });

  const change = useMutation({
    mutationFn: (input: Pending) =>
      input.action === "close"
        ? api.post<LedgerPeriod>(ledgerPath(org.orgId, "periods", "close"), { period: input.period })
        : // The server wants the reopening confirmed in so many words; the dialog asked.
          api.post<LedgerPeriod>(ledgerPath(org.orgId, "periods", "reopen"), {
            period: input.period,
            confirm: true,
          }),
    onSuccess: (period, input) => {
      setPending(null);
      const name = formatPeriod(period.period, language);
      setNotice(
        input.action === "close"
          ? t("periods.closedNotice", { period: name })
          : t("periods.reopenedNotice", { period: name }),
      );
      ledgerChanged();
    },
  });

  function ask(period: string, action: PeriodAction): void {
    setNotice(null);
    change.reset();
    setPending({ period, action });
  }

  function closeOther(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    if (isPeriod(otherPeriod)) ask(otherPeriod, "close");
  }

  const items = periods.data?.items ?? [];
  const pendingName = pending === null ? "" : formatPeriod(pending.period, language);

  return (
    <>
      <p className="muted">
        {t("periods.intro")}
        {manage ? "" : ` ${t("periods.onlyOwners")}`}
      </p>
      <SuccessMessage>{notice}</SuccessMessage>
      <ErrorMessage error={periods.error} />
      {periods.isPending ? (
        <p className="muted">{t("common.loading")}</p>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="periods-table">
            <thead>
              <tr>
                <th scope="col">{t("periods.period")}</th>
                <th scope="col">{t("periods.status")}</th>
                <th scope="col" className="cell-number">
                  {t("periods.voucherCount")}
                </th>
                <th scope="col">{t("periods.changed")}</th>
                {manage && (
                  <th scope="col" className="cell-actions">
                    {t("periods.actions")}
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {items.map((period) => (
                <tr key={period.period} data-period={period.period} data-status={period.status}>
                  <td>
                    {formatPeriod(period.period, language)}
                    <span className="subtle mono"> {period.period}</span>
                  </td>
                  <td>
                    <span className={`status status-${period.status === "open" ? "active" : "revoked"}`}>
                      {period.status === "open" ? t("periods.open") : t("periods.closed")}
                    </span>
                  </td>
                  <td className="cell-number cell-figure">{period.voucherCount}</td>
                  <td>
                    {period.changedAt === null ? (
                      t("common.none")
                    ) : (
                      <>
                        {formatInstant(period.changedAt, org.timeZone, language)}
                        {period.changedBy !== null && <div className="subtle">{period.changedBy}</div>}
                      </>
                    )}
                  </td>
                  {manage && (
                    <td className="cell-actions">
                      {period.status === "open" ? (
                        <button
                          type="button"
                          className="button button-small"
                          onClick={() => ask(period.period, "close")}
                        >
                          {t("periods.close")}
                        </button>
                      ) : (
                        <button
                          type="button"
                          className="button button-small button-danger-quiet"
                          onClick={() => ask(period.period, "reopen")}
                        >
                          {t("periods.reopen")}
                        </button>
                      )}
                    </td>
                  )}
                </tr>
              ))}
              {items.length === 0 && (
                <tr>
                  <td colSpan={manage ? 5 : 4} className="table-empty">
                    {t("periods.empty")}
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      )}
      {manage && (
        <section className="card" aria-labelledby="close-other-title">
          <h2 id="close-other-title">{t("periods.closeOther")}</h2>
          <p className="muted">{t("periods.closeOtherHint")}</p>
          <form className="inline-form" onSubmit={closeOther}>
            <label className="field">
              <span>{t("periods.period")}</span>
              <input
                type="month"
                name="period"
                required
                value={otherPeriod}
                onChange={(event) => setOtherPeriod(event.target.value)}
              />
            </label>
            <button type="submit" className="button" disabled={!isPeriod(otherPeriod)}>
              {t("periods.close")}
            </button>
          </form>
        </section>
      )}
      <ConfirmDialog
        open={pending !== null}
        title={pending?.action === "reopen" ? t("periods.reopenTitle") : t("periods.closeTitle")}
        question={
          pending?.action === "reopen"
            ? t("periods.reopenQuestion", { period: pendingName })
            : t("periods.closeQuestion", { period: pendingName })
        }
        consequence={
          pending?.action === "reopen"
            ? t("periods.reopenConsequence", { period: pendingName })
            : t("periods.closeConsequence", { period: pendingName })
        }
        confirmLabel={pending?.action === "reopen" ? t("periods.reopen") : t("periods.close")}
        pendingLabel={pending?.action === "reopen" ? t("periods.reopening") : t("periods.closing")}
        pending={change.isPending}
        error={change.error}
        onConfirm={() => {
          if (pending !== null) change.mutate(pending);
        }}
        onCancel={() => setPending(null)}
      />
    </>
  );
}
