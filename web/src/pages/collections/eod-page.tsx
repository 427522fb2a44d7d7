import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client.ts";
import type { EodReport } from "../../api/collections-types.ts";
import type { OrganizationOfUser } from "../../api/types.ts";
import { todayIn } from "../../business-date.ts";
import { ConfirmDialog } from "../../components/confirm-dialog.tsx";
import { ErrorMessage, SuccessMessage } from "../../components/error-message.tsx";
import { ListTable } from "../../components/list-table.tsx";
import { formatDate, formatInstant } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { can } from "../../session.ts";
import { collectionsIssues, FieldProblem } from "./collections-format.tsx";
import { collectionsPath, useBooksChanged, useEodRuns } from "./collections-queries.ts";

/**
 * The end-of-day batch (日终批处理): each business date's run with the steps it has done and what
 * each worked on, and running it by hand for a date (the nightly run at CREDENCE_EOD_TIME does the
 * same). A date already completed is not run again; a date another server is running answers
 * EOD_BUSY; a date after today is refused at the date field.
 */
export function EodPage({ org }: { readonly org: OrganizationOfUser }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const today = todayIn(org.timeZone);
  const runs = useEodRuns(org.orgId);
  const booksChanged = useBooksChanged(org.orgId);
  const [date, setDate] = useState(today);
  const [confirming, setConfirming] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const run = useMutation({
    mutationFn: (body: { readonly date?: string }) =>
      api.post<EodReport>(collectionsPath(org.orgId, "eod-runs"), body),
    onMutate: () => setNotice(null),
    onSuccess: (report) => {
      booksChanged();
      setConfirming(false);
      const ran = report.runs
        .filter((entry) => entry.ranNow)
        .map((entry) => formatDate(entry.businessDate, language));
      const skipped = report.runs
        .filter((entry) => !entry.ranNow)
        .map((entry) => formatDate(entry.businessDate, language));
      const parts: string[] = [];
      if (ran.length > 0) parts.push(t("collections.eod.ran", { dates: ran.join(", ") }));
      if (skipped.length > 0) parts.push(t("collections.eod.alreadyDone", { dates: skipped.join(", ") }));
      setNotice(parts.length === 0 ? t("collections.eod.nothingToRun") : parts.join(" "));
    },
    // The error shows on the page, not in the dialog: EOD_BUSY and a refused date outlive the question.
    onError: () => setConfirming(false),
  });
  const issues = collectionsIssues(run.error, t);
  const runsBy = can(org, "eod.run");
  const items = runs.data?.items ?? [];

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    run.reset();
    setNotice(null);
    setConfirming(true);
  }

  const question =
    date === ""
      ? t("collections.eod.confirmCatchUp", { today: formatDate(today, language) })
      : t("collections.eod.confirmQuestion", { date: formatDate(date, language) });

  return (
    <>
      <p className="muted">{t("collections.eod.intro")}</p>
      {runsBy && (
        <section className="card" aria-labelledby="eod-run-title">
          <h2 id="eod-run-title">{t("collections.eod.runTitle")}</h2>
          <form className="inline-form" onSubmit={submit} noValidate data-testid="eod-run-form">
            <label className="field">
              <span>
                {t("collections.eod.date")}
                <span className="field-note"> ({t("collections.eod.dateHint")})</span>
              </span>
              <input
                type="date"
                name="date"
                max={today}
                value={date}
                aria-invalid={issues.has("date")}
                onChange={(event) => {
                  run.reset();
                  setDate(event.target.value);
                }}
              />
              <FieldProblem issues={issues} path="date" />
            </label>
            <button
              type="submit"
              className="button button-primary"
              data-testid="eod-run"
              disabled={run.isPending}
            >
              {run.isPending ? t("collections.eod.running") : t("collections.eod.runNow")}
            </button>
          </form>
        </section>
      )}
      <SuccessMessage>{notice}</SuccessMessage>
      <div data-testid="eod-error">
        <ErrorMessage error={run.error} />
      </div>
      <ErrorMessage error={runs.error} />
      <h2>{t("collections.eod.runsTitle")}</h2>
      <ListTable
        pending={runs.isPending}
        testId="eod-runs"
        head={
          <>
            <th scope="col">{t("collections.eod.columns.date")}</th>
            <th scope="col">{t("collections.eod.columns.status")}</th>
            <th scope="col">{t("collections.eod.columns.steps")}</th>
            <th scope="col" className="cell-amount">
              {t("collections.eod.columns.attempts")}
            </th>
            <th scope="col">{t("collections.eod.columns.started")}</th>
            <th scope="col">{t("collections.eod.columns.finished")}</th>
            <th scope="col">{t("collections.eod.columns.lastError")}</th>
          </>
        }
        columnCount={7}
        rowCount={items.length}
        emptyText={t("collections.eod.empty")}
      >
        {items.map((entry) => (
          <tr key={entry.businessDate} data-date={entry.businessDate} data-status={entry.status}>
            <td className="nowrap">{formatDate(entry.businessDate, language)}</td>
            <td>
              <span
                className={`status ${entry.status === "completed" ? "status-approved" : "status-pending"}`}
                data-status={entry.status}
              >
                {t(`collections.eodStatuses.${entry.status}`)}
              </span>
            </td>
            <td>
              <ul className="plain-list" data-testid="eod-steps">
                {entry.steps.map((step) => (
                  <li key={step.step} data-step={step.step} data-count={step.count}>
                    {t("collections.eod.stepCount", {
                      step: t(`collections.eodSteps.${step.step}`),
                      count: step.count,
                    })}
                  </li>
                ))}
              </ul>
            </td>
            <td className="cell-amount">{entry.attempts}</td>
            <td className="nowrap">{formatInstant(entry.startedAt, org.timeZone, language)}</td>
            <td className="nowrap">
              {entry.finishedAt === null ? (
                <span className="subtle">{t("common.none")}</span>
              ) : (
                formatInstant(entry.finishedAt, org.timeZone, language)
              )}
            </td>
            <td className="pre-wrap">
              {entry.lastError ?? <span className="subtle">{t("common.none")}</span>}
            </td>
          </tr>
        ))}
      </ListTable>
      <ConfirmDialog
        open={confirming}
        title={t("collections.eod.confirmTitle")}
        question={question}
        consequence={t("collections.eod.confirmConsequence")}
        confirmLabel={t("collections.eod.confirm")}
        pendingLabel={t("collections.eod.running")}
        pending={run.isPending}
        error={null}
        onConfirm={() => run.mutate(date === "" ? {} : { date })}
        onCancel={() => setConfirming(false)}
      />
    </>
  );
}
