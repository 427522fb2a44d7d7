import { useMutation, useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client.ts";
import type { CreditReport, ItemList, OrganizationOfUser } from "../../api/types.ts";
import { todayIn } from "../../business-date.ts";
import { ErrorMessage, SuccessMessage } from "../../components/error-message.tsx";
import { ListTable } from "../../components/list-table.tsx";
import { formatDate } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { queryKeys } from "../../query-keys.ts";
import { can } from "../../session.ts";
import { readWholeNumber } from "./credit-format.ts";
import { customerPath, useCreditChanged } from "./credit-queries.ts";

/** Bureau scores are on a 0–100 scale, higher is better (see the default scorecard). */
const reportScoreMax = 100;
const countMax = 9999;

function countOf(text: string): number | null {
  const value = readWholeNumber(text);
  return value !== null && value >= 0 && value <= countMax ? value : null;
}

function ReportForm(props: {
  readonly org: OrganizationOfUser;
  readonly customerId: string;
  readonly onSaved: (report: CreditReport) => void;
}) {
  const { t } = useTranslation();
  const { org } = props;
  const creditChanged = useCreditChanged(org.orgId);
  const [source, setSource] = useState("");
  const [reportedOn, setReportedOn] = useState(() => todayIn(org.timeZone));
  const [score, setScore] = useState("");
  const [defaults, setDefaults] = useState("0");
  const [lawsuits, setLawsuits] = useState("0");
  const [enforcements, setEnforcements] = useState("0");
  const [notes, setNotes] = useState("");

  const scoreValue = score.trim() === "" ? null : readWholeNumber(score);
  const scoreValid =
    score.trim() === "" || (scoreValue !== null && scoreValue >= 0 && scoreValue <= reportScoreMax);
  const counts = [countOf(defaults), countOf(lawsuits), countOf(enforcements)] as const;
  const ready = source.trim() !== "" && reportedOn !== "" && scoreValid && counts.every((c) => c !== null);

  const save = useMutation({
    mutationFn: (body: unknown) =>
      api.post<CreditReport>(customerPath(org.orgId, props.customerId, "credit-reports"), body),
    onSuccess: (report) => {
      creditChanged();
      setSource("");
      setScore("");
      setDefaults("0");
      setLawsuits("0");
      setEnforcements("0");
      setNotes("");
      props.onSaved(report);
    },
  });

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    if (!ready) return;
    save.mutate({
      source: source.trim(),
      reportedOn,
      score: scoreValue,
      defaultsCount: counts[0],
      lawsuitsCount: counts[1],
      enforcementsCount: counts[2],
      ...(notes.trim() === "" ? {} : { notes: notes.trim() }),
    });
  }

  const countField = (name: string, label: string, value: string, set: (v: string) => void) => (
    <label className="field">
      <span>{label}</span>
      <input
        name={name}
        inputMode="numeric"
        className="input-short"
        value={value}
        aria-invalid={countOf(value) === null}
        onChange={(event) => set(event.target.value)}
      />
    </label>
  );

  return (
    <section className="card" aria-labelledby="report-form-title">
      <h2 id="report-form-title">{t("reports.formTitle")}</h2>
      <ErrorMessage error={save.error} />
      <form className="form-grid" onSubmit={submit} noValidate data-testid="report-form">
        <label className="field">
          <span>{t("reports.source")}</span>
          <input
            name="source"
            maxLength={100}
            placeholder={t("reports.sourcePlaceholder")}
            value={source}
            onChange={(event) => setSource(event.target.value)}
          />
        </label>
        <label className="field">
          <span>{t("reports.reportedOn")}</span>
          <input
            type="date"
            name="reportedOn"
            value={reportedOn}
            onChange={(event) => setReportedOn(event.target.value)}
          />
        </label>
        <label className="field">
          <span>
            {t("reports.score")} <span className="field-note">({t("reports.scoreHint")})</span>
          </span>
          <input
            name="score"
            inputMode="numeric"
            className="input-short"
            value={score}
            aria-invalid={!scoreValid}
            onChange={(event) => setScore(event.target.value)}
          />
        </label>
        {countField("defaultsCount", t("reports.defaults"), defaults, setDefaults)}
        {countField("lawsuitsCount", t("reports.lawsuits"), lawsuits, setLawsuits)}
        {countField("enforcementsCount", t("reports.enforcements"), enforcements, setEnforcements)}
        <label className="field field-wide">
          <span>
            {t("reports.notes")} <span className="field-note">({t("customers.optional")})</span>
          </span>
          <input
            name="notes"
            maxLength={2000}
            value={notes}
            onChange={(event) => setNotes(event.target.value)}
          />
        </label>
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={save.isPending || !ready}>
            {save.isPending ? t("common.saving") : t("reports.save")}
          </button>
        </div>
      </form>
    </section>
  );
}

/** Credit reports (征信报告 or a commercial bureau's): score, defaults, lawsuits, enforcements. */
export function CreditReportsSection(props: {
  readonly org: OrganizationOfUser;
  readonly customerId: string;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { org } = props;
  const [notice, setNotice] = useState<string | null>(null);
  const reports = useQuery({
    queryKey: [...queryKeys.customerCredit(org.orgId, props.customerId), "reports"],
    queryFn: () =>
      api.get<ItemList<CreditReport>>(customerPath(org.orgId, props.customerId, "credit-reports")),
  });
  const items = reports.data?.items ?? [];

  return (
    <>
      <SuccessMessage>{notice}</SuccessMessage>
      <ErrorMessage error={reports.error} />
      <ListTable
        pending={reports.isPending}
        testId="reports-table"
        head={
          <>
            <th scope="col">{t("reports.reportedOn")}</th>
            <th scope="col">{t("reports.source")}</th>
            <th scope="col" className="cell-number">
              {t("reports.score")}
            </th>
            <th scope="col" className="cell-number">
              {t("reports.defaults")}
            </th>
            <th scope="col" className="cell-number">
              {t("reports.lawsuits")}
            </th>
            <th scope="col" className="cell-number">
              {t("reports.enforcements")}
            </th>
            <th scope="col">{t("reports.notes")}</th>
            <th scope="col">{t("reports.enteredBy")}</th>
          </>
        }
        columnCount={8}
        rowCount={items.length}
        emptyText={t("reports.empty")}
      >
        {items.map((report) => (
          <tr key={report.reportId}>
            <td>{formatDate(report.reportedOn, language)}</td>
            <td>{report.source}</td>
            <td className="cell-number cell-figure">{report.score ?? t("common.none")}</td>
            <td className="cell-number cell-figure">{report.defaultsCount}</td>
            <td className="cell-number cell-figure">{report.lawsuitsCount}</td>
            <td className="cell-number cell-figure">{report.enforcementsCount}</td>
            <td>{report.notes ?? t("common.none")}</td>
            <td className="subtle">{report.createdBy}</td>
          </tr>
        ))}
      </ListTable>
      {can(org, "credit.manage") && (
        <ReportForm
          org={org}
          customerId={props.customerId}
          onSaved={(report) => setNotice(t("reports.saved", { source: report.source }))}
        />
      )}
    </>
  );
}
