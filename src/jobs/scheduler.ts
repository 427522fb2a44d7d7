import { Temporal } from "temporal-polyfill";
import { isAppError } from "../core/errors.ts";
import { parseEodTime } from "../domain/collections/index.ts";
import { configuredChannels, type DeliverySettings, deliverOutbox } from "../notify/mailer.ts";
import { runEndOfDay } from "../services/collections/eod.ts";
import { type Clock, systemClock } from "../services/command.ts";
import { getOrganization, listOrganizationIds } from "../services/organizations.ts";
import { runDueReportSchedules } from "../services/reports/schedules.ts";
import type { Store } from "../store/database.ts";

export interface SchedulerLog {
  info(message: string): void;
  error(message: string): void;
}

/** How often the scheduler looks for due work: the batch starts within this much of its time. */
export const schedulerIntervalMs = 5 * 60 * 1000;

export interface SchedulerOptions {
  /** Where queued messages go; a channel without its transport (SMTP_URL, SMS_WEBHOOK_URL) stays queued. */
  readonly delivery: DeliverySettings;
  /** "HH:MM" in each organization's time zone. */
  readonly eodTime: string;
  readonly clock?: Clock;
}

/**
 * The last business date whose batch is due at `now` in `timeZone`: today once the local time
 * has reached `eodTime`, yesterday before.
 */
export function eodDueThrough(now: Date, timeZone: string, eodTime: string): string {
  const time = parseEodTime(eodTime);
  if (time === null) throw new Error(`CREDENCE_EOD_TIME must be HH:MM (got "${eodTime}")`);
  const local = Temporal.Instant.fromEpochMilliseconds(now.getTime()).toZonedDateTimeISO(timeZone);
  const reached = local.hour > time.hour || (local.hour === time.hour && local.minute >= time.minute);
  return (reached ? local.toPlainDate() : local.toPlainDate().subtract({ days: 1 })).toString();
}

/**
 * One pass over every organization: the end-of-day batch of every date that is due and not run
 * (catching up after downtime, oldest first), then delivery of the outbox's due messages. Safe to repeat; one
 * organization's failure is logged and the rest go on; a date another instance is running is
 * left to it.
 */
export async function runScheduledJobs(
  store: Store,
  log: SchedulerLog,
  options: SchedulerOptions,
): Promise<void> {
  const clock = options.clock ?? systemClock;
  for (const orgId of await listOrganizationIds(store.db)) {
    try {
      const { timeZone } = await getOrganization(store.db, orgId);
      const through = eodDueThrough(clock(), timeZone, options.eodTime);
      const report = await runEndOfDay(store, orgId, { through, clock });
      for (const run of report.runs.filter((r) => r.ranNow)) {
        const steps = run.steps.map((record) => `${record.step} ${record.count}`).join(", ");
        log.info(`end of day ${run.businessDate} in ${orgId}: ${steps}`);
      }
    } catch (error) {
      if (isAppError(error) && error.code === "EOD_BUSY") {
        log.info(`end of day in ${orgId}: running on another instance`);
        continue;
      }
      log.error(`end of day in ${orgId} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  // Scheduled report emails queue their files here, and go out with the outbox just below.
  try {
    const schedules = await runDueReportSchedules(store, clock());
    if (schedules.sent + schedules.failed > 0)
      log.info(
        `report schedules: ${schedules.sent} sent (${schedules.messages} emails), ${schedules.failed} failed`,
      );
  } catch (error) {
    log.error(`report schedules failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (configuredChannels(options.delivery).length > 0) {
    // The batch's notices go out here, and messages whose backoff has passed are tried again.
    try {
      const report = await deliverOutbox(store, options.delivery, { now: () => clock() });
      if (report.sent + report.failed > 0) log.info(`outbox: ${report.sent} sent, ${report.failed} failed`);
    } catch (error) {
      log.error(`outbox delivery failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

/**
 * Runs the jobs shortly after start and then every `intervalMs` inside `credence serve`. Passes
 * never overlap. Returns a function that stops the timer (and waits for a running pass).
 */
export function startScheduler(
  store: Store,
  log: SchedulerLog,
  options: SchedulerOptions,
  intervalMs: number = schedulerIntervalMs,
): () => Promise<void> {
  let running: Promise<void> | null = null;
  const tick = () => {
    if (running !== null) return;
    running = runScheduledJobs(store, log, options).finally(() => {
      running = null;
    });
  };
  const first = setTimeout(tick, 5_000);
  const timer = setInterval(tick, intervalMs);
  first.unref();
  timer.unref();
  return async () => {
    clearTimeout(first);
    clearInterval(timer);
    await running;
  };
}
