import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, orgPath } from "../../api/client.ts";
import type { OrganizationOfUser } from "../../api/types.ts";
import { ConfirmDialog } from "../../components/confirm-dialog.tsx";
import { FormDialog } from "../../components/form-dialog.tsx";
import { ChoiceField } from "../../components/form-fields.tsx";
import { ListTable } from "../../components/list-table.tsx";
import { formatDate } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import {
  type ReportInfo,
  type ReportSchedule,
  type ReportScheduleRequest,
  type ScheduleFormat,
  type ScheduleFrequency,
  type ScheduleLocale,
  scheduleFormats,
  scheduleFrequencies,
  scheduleLocales,
  scheduleRecipientsMax,
  useReportList,
  useReportSchedules,
  useSchedulesChanged,
} from "./kpi-queries.ts";

const weekdays = ["1", "2", "3", "4", "5", "6", "7"] as const;
type Weekday = (typeof weekdays)[number];
const languageNames: Readonly<Record<ScheduleLocale, string>> = { "zh-CN": "中文", en: "English" };

function reportTitle(reports: ReadonlyArray<ReportInfo>, name: string, language: string): string {
  const found = reports.find((report) => report.name === name);
  if (found === undefined) return name;
  return language.startsWith("zh") ? found.title["zh-CN"] : found.title.en;
}

/** The new-schedule form: a report, its format and language, the recipients and how often. */
function CreateScheduleDialog(props: {
  readonly org: OrganizationOfUser;
  readonly reports: ReadonlyArray<ReportInfo>;
  readonly onDone: () => void;
  readonly onCancel: () => void;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const changed = useSchedulesChanged(props.org.orgId);
  const names = props.reports.map((report) => report.name);
  const [reportName, setReportName] = useState(names.includes("kpis") ? "kpis" : (names[0] ?? "kpis"));
  const [format, setFormat] = useState<ScheduleFormat>("xlsx");
  const [locale, setLocale] = useState<ScheduleLocale>(language.startsWith("zh") ? "zh-CN" : "en");
  const [recipients, setRecipients] = useState("");
  const [frequency, setFrequency] = useState<ScheduleFrequency>("weekly");
  const [weekday, setWeekday] = useState<Weekday>("1");
  const [dayOfMonth, setDayOfMonth] = useState("1");
  const create = useMutation({
    mutationFn: (body: ReportScheduleRequest) =>
      api.post<ReportSchedule>(orgPath(props.org.orgId, "report-schedules"), body),
    onSuccess: () => {
      changed();
      props.onDone();
    },
  });
  const addresses = recipients
    .split(/[\n,;，；]+/)
    .map((address) => address.trim())
    .filter((address) => address !== "");
  const submit = () =>
    create.mutate({
      reportName,
      options: {},
      format,
      locale,
      recipients: addresses,
      frequency,
      weekday: frequency === "weekly" ? Number(weekday) : null,
      dayOfMonth: frequency === "monthly" ? Number(dayOfMonth) : null,
      enabled: true,
    });
  return (
    <FormDialog
      title={t("reporting.schedules.add")}
      intro={t("reporting.schedules.intro")}
      submitLabel={t("reporting.schedules.save")}
      pendingLabel={t("reporting.schedules.saving")}
      pending={create.isPending}
      error={create.error}
      canSubmit={addresses.length > 0}
      testId="schedule-dialog"
      onSubmit={submit}
      onCancel={props.onCancel}
    >
      <ChoiceField
        label={t("reporting.schedules.report")}
        name="reportName"
        choices={names.length > 0 ? names : [reportName]}
        value={reportName}
        choiceLabel={(name) => reportTitle(props.reports, name, language)}
        onChange={setReportName}
      />
      <ChoiceField
        label={t("reporting.schedules.format")}
        name="format"
        choices={scheduleFormats}
        value={format}
        choiceLabel={(choice) => choice.toUpperCase()}
        onChange={setFormat}
      />
      <ChoiceField
        label={t("reporting.schedules.language")}
        name="locale"
        choices={scheduleLocales}
        value={locale}
        choiceLabel={(choice) => languageNames[choice]}
        onChange={setLocale}
      />
      <label className="field field-wide">
        <span>
          {t("reporting.schedules.recipients")}{" "}
          <span className="field-note">
            ({t("reporting.schedules.recipientsNote", { max: scheduleRecipientsMax })})
          </span>
        </span>
        <textarea
          name="recipients"
          rows={3}
          value={recipients}
          onChange={(event) => {
            if (create.error !== null) create.reset();
            setRecipients(event.target.value);
          }}
        />
      </label>
      <ChoiceField
        label={t("reporting.schedules.frequency")}
        name="frequency"
        choices={scheduleFrequencies}
        value={frequency}
        choiceLabel={(choice) => t(`reporting.schedules.frequencies.${choice}`)}
        onChange={setFrequency}
      />
      {frequency === "weekly" && (
        <ChoiceField
          label={t("reporting.schedules.weekday")}
          name="weekday"
          choices={weekdays}
          value={weekday}
          choiceLabel={(choice) => t(`reporting.schedules.weekdays.${choice}`)}
          onChange={setWeekday}
        />
      )}
      {frequency === "monthly" && (
        <label className="field">
          <span>
            {t("reporting.schedules.dayOfMonth")}{" "}
            <span className="field-note">({t("reporting.schedules.dayOfMonthNote")})</span>
          </span>
          <input
            type="number"
            name="dayOfMonth"
            min={1}
            max={31}
            value={dayOfMonth}
            onChange={(event) => setDayOfMonth(event.target.value)}
          />
        </label>
      )}
    </FormDialog>
  );
}

/** 定时邮件: the scheduled report emails, with a form to add one and deletion behind a question. */
export function SchedulePanel(props: { readonly org: OrganizationOfUser; readonly canManage: boolean }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { org } = props;
  const schedules = useReportSchedules(org.orgId);
  const reports = useReportList(org.orgId);
  const changed = useSchedulesChanged(org.orgId);
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<ReportSchedule | null>(null);
  const remove = useMutation({
    mutationFn: (scheduleId: string) => api.delete<void>(orgPath(org.orgId, "report-schedules", scheduleId)),
    onSuccess: () => {
      changed();
      setDeleting(null);
    },
  });
  const reportList = reports.data?.reports ?? [];
  const items = schedules.data?.items ?? [];
  const when = (schedule: ReportSchedule) => {
    const frequency = t(`reporting.schedules.frequencies.${schedule.frequency}`);
    if (schedule.frequency === "weekly" && schedule.weekday !== null)
      return `${frequency} · ${t(`reporting.schedules.weekdays.${String(schedule.weekday) as Weekday}`)}`;
    if (schedule.frequency === "monthly" && schedule.dayOfMonth !== null)
      return `${frequency} · ${schedule.dayOfMonth}`;
    return frequency;
  };
  return (
    <section className="card" aria-labelledby="schedules-title" data-testid="report-schedules">
      <h2 id="schedules-title">{t("reporting.schedules.title")}</h2>
      <p className="muted">{t("reporting.schedules.intro")}</p>
      {props.canManage && (
        <p>
          <button
            type="button"
            className="button"
            onClick={() => setCreating(true)}
            data-testid="schedule-add"
          >
            {t("reporting.schedules.add")}
          </button>
        </p>
      )}
      <ListTable
        pending={schedules.isPending}
        testId="schedule-list"
        head={
          <>
            <th scope="col">{t("reporting.schedules.report")}</th>
            <th scope="col">{t("reporting.schedules.format")}</th>
            <th scope="col">{t("reporting.schedules.recipients")}</th>
            <th scope="col">{t("reporting.schedules.frequency")}</th>
            <th scope="col">{t("reporting.schedules.nextRun")}</th>
            <th scope="col">{t("reporting.schedules.lastRun")}</th>
            {props.canManage && <th scope="col" />}
          </>
        }
        columnCount={props.canManage ? 7 : 6}
        rowCount={items.length}
        emptyText={t("reporting.schedules.empty")}
      >
        {items.map((schedule) => (
          <tr key={schedule.scheduleId} data-schedule-id={schedule.scheduleId}>
            <td>{reportTitle(reportList, schedule.reportName, language)}</td>
            <td>
              {schedule.format.toUpperCase()} · {languageNames[schedule.locale]}
            </td>
            <td>{schedule.recipients.join(", ")}</td>
            <td>{when(schedule)}</td>
            <td>
              {schedule.enabled ? (
                formatDate(schedule.nextRunOn, language)
              ) : (
                <span className="subtle">{t("reporting.schedules.disabled")}</span>
              )}
            </td>
            <td title={schedule.lastError ?? undefined}>
              {schedule.lastRunOn === null
                ? t("reporting.schedules.never")
                : `${formatDate(schedule.lastRunOn, language)} · ${
                    schedule.lastStatus === null ? "" : t(`reporting.schedules.status.${schedule.lastStatus}`)
                  }`}
            </td>
            {props.canManage && (
              <td>
                <button
                  type="button"
                  className="button button-small"
                  data-testid="schedule-delete"
                  onClick={() => {
                    remove.reset();
                    setDeleting(schedule);
                  }}
                >
                  {t("reporting.schedules.delete")}
                </button>
              </td>
            )}
          </tr>
        ))}
      </ListTable>
      {creating && (
        <CreateScheduleDialog
          org={org}
          reports={reportList}
          onDone={() => setCreating(false)}
          onCancel={() => setCreating(false)}
        />
      )}
      <ConfirmDialog
        open={deleting !== null}
        title={t("reporting.schedules.deleteTitle")}
        question={t("reporting.schedules.deleteQuestion", {
          report: deleting === null ? "" : reportTitle(reportList, deleting.reportName, language),
          recipients: deleting?.recipients.join(", ") ?? "",
        })}
        consequence={t("reporting.schedules.deleteConsequence")}
        confirmLabel={t("reporting.schedules.delete")}
        pendingLabel={t("reporting.schedules.deleting")}
        pending={remove.isPending}
        error={remove.error}
        onConfirm={() => {
          if (deleting !== null) remove.mutate(deleting.scheduleId);
        }}
        onCancel={() => setDeleting(null)}
      />
    </section>
  );
}
