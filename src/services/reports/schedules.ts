import type { Temporal } from "temporal-polyfill";
import { addDays, addMonths, compareDates, formatBusinessDate, parseBusinessDate } from "../../core/dates.ts";
import { AppError } from "../../core/errors.ts";
import { uuidv7 } from "../../core/ids.ts";
import type { Locale } from "../../domain/organization/index.ts";
import { locales } from "../../domain/organization/index.ts";
import { enqueueEmail } from "../../notify/outbox.ts";
import type { Executor, Store } from "../../store/database.ts";
import type { ReportSchedulesTable } from "../../store/report-tables.ts";
import { appendAudit } from "../audit.ts";
import { type Actor, runCommand, type Tx } from "../command.ts";
import { businessDateAt, getOrganization, listOrganizationIds } from "../organizations.ts";
import { normalizeEmail } from "../people.ts";
import { reportNamed } from "./index.ts";
import { renderReport } from "./render-report.ts";
import type { ReportDefinition } from "./report.ts";

/**
 * Scheduled report emails: a report, its options, a file format and a language, sent to a few
 * addresses daily, weekly on a weekday or monthly on a day. The scheduler's pass
 * (`runDueReportSchedules`) runs every due schedule as of the organization's business date,
 * renders the file and queues one email per recipient through the outbox; the schedule's next
 * run date moves on in the same transaction, guarded by its old value, so a date is never sent
 * twice (not by a repeated pass, not by two instances).
 */

export const scheduleFormats = ["csv", "xlsx", "pdf"] as const;
export type ScheduleFormat = (typeof scheduleFormats)[number];
export const scheduleFrequencies = ["daily", "weekly", "monthly"] as const;
export type ScheduleFrequency = (typeof scheduleFrequencies)[number];
export const scheduleStatuses = ["sent", "failed"] as const;
export type ScheduleStatus = (typeof scheduleStatuses)[number];

/** Recipients per schedule: a report goes to a team, not a mailing list. */
export const scheduleRecipientsMax = 20;
/** Schedules per organization. */
export const schedulesPerOrganizationMax = 100;
/** Options per schedule, and characters per option value. */
export const scheduleOptionsMax = 20;
export const scheduleOptionLengthMax = 200;
const emailLengthMax = 254;
const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** Characters of a failure kept on the schedule. */
const lastErrorLengthMax = 1000;

export interface ReportScheduleInput {
  readonly reportName: string;
  readonly options: Readonly<Record<string, string>>;
  readonly format: ScheduleFormat;
  readonly locale: Locale;
  readonly recipients: ReadonlyArray<string>;
  readonly frequency: ScheduleFrequency;
  /** ISO weekday for weekly schedules: 1 = Monday … 7 = Sunday. */
  readonly weekday: number | null;
  /** Day of the month for monthly schedules, 1–31; a shorter month runs on its last day. */
  readonly dayOfMonth: number | null;
  readonly enabled: boolean;
}

export interface ReportSchedule extends ReportScheduleInput {
  readonly scheduleId: string;
  readonly nextRunOn: string;
  readonly lastRunOn: string | null;
  readonly lastRunAt: string | null;
  readonly lastStatus: ScheduleStatus | null;
  readonly lastError: string | null;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

function toSchedule(row: ReportSchedulesTable): ReportSchedule {
  return {
    scheduleId: row.schedule_id,
    reportName: row.report_name,
    options: JSON.parse(row.options_json) as Record<string, string>,
    format: row.format as ScheduleFormat,
    locale: row.locale as Locale,
    recipients: JSON.parse(row.recipients_json) as string[],
    frequency: row.frequency as ScheduleFrequency,
    weekday: row.weekday === null ? null : Number(row.weekday),
    dayOfMonth: row.day_of_month === null ? null : Number(row.day_of_month),
    enabled: BigInt(row.enabled) === 1n,
    nextRunOn: row.next_run_on,
    lastRunOn: row.last_run_on,
    lastRunAt: row.last_run_at,
    lastStatus: row.last_status as ScheduleStatus | null,
    lastError: row.last_error,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * The first date after `after` on which the schedule runs: the next day; the next given weekday;
 * or the given day of the next month that has it (the 31st runs on the 30th of a 30-day month).
 */
export function nextRunAfter(
  schedule: Pick<ReportScheduleInput, "frequency" | "weekday" | "dayOfMonth">,
  after: string,
): string {
  const from = parseBusinessDate(after);
  switch (schedule.frequency) {
    case "daily":
      return formatBusinessDate(addDays(from, 1));
    case "weekly": {
      const weekday = schedule.weekday ?? 1;
      const ahead = (weekday - from.dayOfWeek + 7) % 7;
      return formatBusinessDate(addDays(from, ahead === 0 ? 7 : ahead));
    }
    case "monthly": {
      const day = schedule.dayOfMonth ?? 1;
      const inMonth = (month: Temporal.PlainDate) => month.with({ day: Math.min(day, month.daysInMonth) });
      const thisMonth = inMonth(from.with({ day: 1 }));
      if (compareDates(thisMonth, from) > 0) return formatBusinessDate(thisMonth);
      return formatBusinessDate(inMonth(addMonths(from.with({ day: 1 }), 1)));
    }
    default:
      return unknownFrequency(schedule.frequency);
  }
}

function unknownFrequency(frequency: never): never {
  throw new Error(`Assertion failed: unknown frequency ${String(frequency)}`);
}

interface Issue {
  readonly path: string;
  readonly code: string;
  readonly message: string;
}

/** The input checked and normalized (addresses trimmed, lower-cased, without repeats). */
function checkInput(input: ReportScheduleInput): ReportScheduleInput {
  const issues: Issue[] = [];
  const definition: ReportDefinition | undefined = reportNamed(input.reportName);
  if (definition === undefined) {
    issues.push({ path: "reportName", code: "UNKNOWN_REPORT", message: "no report of this name" });
  } else {
    const entries = Object.entries(input.options);
    if (entries.length > scheduleOptionsMax)
      issues.push({ path: "options", code: "TOO_MANY", message: `at most ${scheduleOptionsMax} options` });
    for (const [key, value] of entries) {
      if (!Object.hasOwn(definition.options, key) || key === "asOf")
        issues.push({
          path: `options.${key}`,
          code: "UNKNOWN_OPTION",
          message: "the report has no such option",
        });
      else if (typeof value !== "string" || value.length > scheduleOptionLengthMax)
        issues.push({
          path: `options.${key}`,
          code: "TOO_LONG",
          message: `at most ${scheduleOptionLengthMax} characters`,
        });
    }
  }
  if (!(scheduleFormats as ReadonlyArray<string>).includes(input.format))
    issues.push({ path: "format", code: "INVALID", message: `one of ${scheduleFormats.join(", ")}` });
  if (!(locales as ReadonlyArray<string>).includes(input.locale))
    issues.push({ path: "locale", code: "INVALID", message: `one of ${locales.join(", ")}` });
  const recipients = [...new Set(input.recipients.map(normalizeEmail))];
  if (recipients.length === 0)
    issues.push({ path: "recipients", code: "REQUIRED", message: "at least one address" });
  if (recipients.length > scheduleRecipientsMax)
    issues.push({
      path: "recipients",
      code: "TOO_MANY",
      message: `at most ${scheduleRecipientsMax} addresses`,
    });
  input.recipients.forEach((raw, index) => {
    const email = normalizeEmail(raw);
    if (email.length > emailLengthMax || !emailPattern.test(email))
      issues.push({ path: `recipients.${index}`, code: "INVALID_EMAIL", message: "an email address" });
  });
  switch (input.frequency) {
    case "daily":
      if (input.weekday !== null)
        issues.push({ path: "weekday", code: "NOT_ALLOWED", message: "only for weekly schedules" });
      if (input.dayOfMonth !== null)
        issues.push({ path: "dayOfMonth", code: "NOT_ALLOWED", message: "only for monthly schedules" });
      break;
    case "weekly":
      if (
        input.weekday === null ||
        !Number.isInteger(input.weekday) ||
        input.weekday < 1 ||
        input.weekday > 7
      )
        issues.push({ path: "weekday", code: "OUT_OF_RANGE", message: "1 (Monday) to 7 (Sunday)" });
      if (input.dayOfMonth !== null)
        issues.push({ path: "dayOfMonth", code: "NOT_ALLOWED", message: "only for monthly schedules" });
      break;
    case "monthly":
      if (
        input.dayOfMonth === null ||
        !Number.isInteger(input.dayOfMonth) ||
        input.dayOfMonth < 1 ||
        input.dayOfMonth > 31
      )
        issues.push({ path: "dayOfMonth", code: "OUT_OF_RANGE", message: "1 to 31" });
      if (input.weekday !== null)
        issues.push({ path: "weekday", code: "NOT_ALLOWED", message: "only for weekly schedules" });
      break;
    default:
      issues.push({
        path: "frequency",
        code: "INVALID",
        message: `one of ${scheduleFrequencies.join(", ")}`,
      });
  }
  if (issues.length > 0) {
    throw new AppError("VALIDATION_FAILED", {
      detail: issues.map((issue) => `${issue.path}: ${issue.message}`).join("; "),
      issues,
    });
  }
  return { ...input, recipients };
}

export async function listReportSchedules(db: Executor, orgId: string): Promise<ReportSchedule[]> {
  const rows = await db
    .selectFrom("report_schedules")
    .selectAll()
    .where("org_id", "=", orgId)
    .orderBy("created_at")
    .orderBy("schedule_id")
    .limit(schedulesPerOrganizationMax)
    .execute();
  return rows.map(toSchedule);
}

export async function getReportSchedule(
  db: Executor,
  orgId: string,
  scheduleId: string,
): Promise<ReportSchedule> {
  const row = await db
    .selectFrom("report_schedules")
    .selectAll()
    .where("org_id", "=", orgId)
    .where("schedule_id", "=", scheduleId.toLowerCase())
    .executeTakeFirst();
  if (row === undefined) throw new AppError("NOT_FOUND", { params: { entity: "schedule" } });
  return toSchedule(row);
}

/** The first run date on or after today, and never a date already sent. */
function firstRunOn(input: ReportScheduleInput, today: string, lastRunOn: string | null): string {
  const yesterday = formatBusinessDate(addDays(parseBusinessDate(today), -1));
  const after = lastRunOn !== null && lastRunOn > yesterday ? lastRunOn : yesterday;
  return nextRunAfter(input, after);
}

export async function createReportSchedule(
  tx: Tx,
  actor: Actor,
  orgId: string,
  raw: ReportScheduleInput,
): Promise<ReportSchedule> {
  const input = checkInput(raw);
  const count = await tx.db
    .selectFrom("report_schedules")
    .select((eb) => eb.fn.countAll<string | number | bigint>().as("n"))
    .where("org_id", "=", orgId)
    .executeTakeFirstOrThrow();
  if (Number(count.n) >= schedulesPerOrganizationMax) {
    throw new AppError("VALIDATION_FAILED", {
      detail: `at most ${schedulesPerOrganizationMax} schedules per organization`,
      issues: [{ path: "", code: "TOO_MANY", message: `at most ${schedulesPerOrganizationMax} schedules` }],
    });
  }
  const today = await businessDateAt(tx.db, orgId, tx.now);
  const scheduleId = uuidv7();
  await tx.db
    .insertInto("report_schedules")
    .values({
      org_id: orgId,
      schedule_id: scheduleId,
      ...columnsOf(input),
      next_run_on: firstRunOn(input, today, null),
      last_run_on: null,
      last_run_at: null,
      last_status: null,
      last_error: null,
      created_by: actor.label,
      created_at: tx.now,
      updated_at: tx.now,
    })
    .execute();
  const created = await getReportSchedule(tx.db, orgId, scheduleId);
  await appendAudit(tx, {
    orgId,
    actor,
    action: "report_schedule.created",
    entityType: "report_schedule",
    entityId: scheduleId,
    before: null,
    after: created,
  });
  return created;
}

function columnsOf(input: ReportScheduleInput) {
  return {
    report_name: input.reportName,
    options_json: JSON.stringify(input.options),
    format: input.format,
    locale: input.locale,
    recipients_json: JSON.stringify(input.recipients),
    frequency: input.frequency,
    weekday: input.weekday === null ? null : BigInt(input.weekday),
    day_of_month: input.dayOfMonth === null ? null : BigInt(input.dayOfMonth),
    enabled: input.enabled ? 1n : 0n,
  };
}

/** Replaces the schedule's settings; its next run is worked out again from today. */
export async function updateReportSchedule(
  tx: Tx,
  actor: Actor,
  orgId: string,
  scheduleId: string,
  raw: ReportScheduleInput,
): Promise<ReportSchedule> {
  const input = checkInput(raw);
  const before = await getReportSchedule(tx.db, orgId, scheduleId);
  const today = await businessDateAt(tx.db, orgId, tx.now);
  await tx.db
    .updateTable("report_schedules")
    .set({ ...columnsOf(input), next_run_on: firstRunOn(input, today, before.lastRunOn), updated_at: tx.now })
    .where("org_id", "=", orgId)
    .where("schedule_id", "=", before.scheduleId)
    .execute();
  const after = await getReportSchedule(tx.db, orgId, before.scheduleId);
  await appendAudit(tx, {
    orgId,
    actor,
    action: "report_schedule.updated",
    entityType: "report_schedule",
    entityId: before.scheduleId,
    before,
    after,
  });
  return after;
}

export async function deleteReportSchedule(
  tx: Tx,
  actor: Actor,
  orgId: string,
  scheduleId: string,
): Promise<void> {
  const before = await getReportSchedule(tx.db, orgId, scheduleId);
  await tx.db
    .deleteFrom("report_schedules")
    .where("org_id", "=", orgId)
    .where("schedule_id", "=", before.scheduleId)
    .execute();
  await appendAudit(tx, {
    orgId,
    actor,
    action: "report_schedule.deleted",
    entityType: "report_schedule",
    entityId: before.scheduleId,
    before,
    after: null,
  });
}

const mailText: Readonly<
  Record<
    Locale,
    {
      subject: (title: string, asOf: string) => string;
      body: (org: string, title: string, asOf: string) => string;
    }
  >
> = {
  "zh-CN": {
    subject: (title, asOf) => `${title}（截至 ${asOf}）`,
    body: (org, title, asOf) =>
      `您好：\n\n附件是${org}截至 ${asOf} 的${title}。\n\n此邮件由 Credence 定时报表自动发送；如需调整收件人或频率，请在“报表 → 关键指标 → 定时邮件”中修改。`,
  },
  en: {
    subject: (title, asOf) => `${title} as of ${asOf}`,
    body: (org, title, asOf) =>
      `Hello,\n\nAttached is the ${title} of ${org} as of ${asOf}.\n\nThis email is sent by a Credence report schedule; its recipients and frequency are set under Reports → KPIs → Scheduled emails.`,
  },
};

export interface ScheduleRunReport {
  readonly sent: number;
  readonly failed: number;
  readonly messages: number;
}

/**
 * Runs every enabled schedule whose next run date has come, in every organization, as of the
 * organization's business date at `now`: the report, its file, one email per recipient, and the
 * next run date — all in one transaction, which first moves the next run date on from the value
 * it read (so a date another pass has claimed is skipped). A failure (a report whose options
 * no longer hold) is recorded on the schedule, which moves on to its next date.
 */
export async function runDueReportSchedules(store: Store, now: Date): Promise<ScheduleRunReport> {
  let sent = 0;
  let failed = 0;
  let messages = 0;
  const clock = () => now;
  for (const orgId of await listOrganizationIds(store.db)) {
    const organization = await getOrganization(store.db, orgId);
    const today = await businessDateAt(store.db, orgId, now.toISOString());
    const due = await store.db
      .selectFrom("report_schedules")
      .selectAll()
      .where("org_id", "=", orgId)
      .where("enabled", "=", 1n)
      .where("next_run_on", "<=", today)
      .orderBy("next_run_on")
      .orderBy("schedule_id")
      .execute();
    for (const row of due.map(toSchedule)) {
      const claim = (tx: Tx, status: ScheduleStatus, error: string | null) =>
        tx.db
          .updateTable("report_schedules")
          .set({
            next_run_on: nextRunAfter(row, today),
            last_run_on: today,
            last_run_at: tx.now,
            last_status: status,
            last_error: error,
          })
          .where("org_id", "=", orgId)
          .where("schedule_id", "=", row.scheduleId)
          .where("next_run_on", "=", row.nextRunOn)
          .where("enabled", "=", 1n)
          .executeTakeFirst();
      try {
        const queued = await runCommand(
          store,
          async (tx) => {
            const claimed = await claim(tx, "sent", null);
            if (BigInt(claimed.numUpdatedRows) !== 1n) return null;
            const definition = reportNamed(row.reportName);
            if (definition === undefined) throw new Error(`the report ${row.reportName} no longer exists`);
            const file = await renderReport(tx.db, orgId, definition, {
              asOf: today,
              options: row.options,
              format: row.format,
              locale: row.locale,
            });
            const bytes = typeof file.body === "string" ? Buffer.from(file.body, "utf8") : file.body;
            const text = mailText[row.locale];
            const title = definition.title[row.locale];
            for (const recipient of row.recipients) {
              await enqueueEmail(tx, orgId, {
                recipient,
                subject: text.subject(title, today),
                bodyText: text.body(organization.name, title, today),
                attachments: [
                  {
                    filename: file.filename,
                    contentType: file.contentType,
                    contentBase64: bytes.toString("base64"),
                  },
                ],
                relatedType: "report_schedule",
                relatedId: row.scheduleId,
              });
            }
            return row.recipients.length;
          },
          clock,
        );
        if (queued !== null) {
          sent += 1;
          messages += queued;
        }
      } catch (error) {
        const message = (error instanceof Error ? error.message : String(error)).slice(0, lastErrorLengthMax);
        const recorded = await runCommand(store, (tx) => claim(tx, "failed", message), clock);
        if (BigInt(recorded.numUpdatedRows) === 1n) failed += 1;
      }
    }
  }
  return { sent, failed, messages };
}
