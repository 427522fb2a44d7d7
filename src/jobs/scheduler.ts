import { deliverOutbox } from "../notify/mailer.ts";
import { type Clock, runCommand, systemActor, systemClock } from "../services/command.ts";
import { runReassessments } from "../services/credit/tasks.ts";
import { businessDateAt, listOrganizationIds } from "../services/organizations.ts";
import { billDueItems, billingBatchItemsMax } from "../services/plans/billing.ts";
import { accruePlanPenalties, penaltyBatchItemsMax } from "../services/plans/penalties.ts";
import type { Store } from "../store/database.ts";

export interface SchedulerLog {
  info(message: string): void;
  error(message: string): void;
}

/** How often the scheduler looks for due work. Work is due by business date, so hourly is plenty. */
export const schedulerIntervalMs = 60 * 60 * 1000;

/** Billing batches per organization and pass; a backlog beyond it waits for the next pass. */
export const billingBatchesPerPassMax = 50;

/**
 * Bills every running plan's items that have fallen due by the organization's business date, one
 * transaction per batch. Returns the number of items billed.
 */
export async function billDuePlanItems(
  store: Store,
  orgId: string,
  clock: Clock = systemClock,
): Promise<number> {
  let billed = 0;
  for (let batch = 0; batch < billingBatchesPerPassMax; batch += 1) {
    const count = await runCommand(
      store,
      async (tx) => billDueItems(tx, systemActor, orgId, await businessDateAt(tx.db, orgId, tx.now)),
      clock,
    );
    billed += count;
    if (count < billingBatchItemsMax) break;
  }
  return billed;
}

/**
 * Accrues penalty interest on overdue plan items to the organization's business date (the daily
 * batch; idempotent per date). Returns the number of items accrued.
 */
export async function accrueDuePenalties(
  store: Store,
  orgId: string,
  clock: Clock = systemClock,
): Promise<number> {
  let accrued = 0;
  for (let batch = 0; batch < billingBatchesPerPassMax; batch += 1) {
    const count = await runCommand(
      store,
      async (tx) => accruePlanPenalties(tx, systemActor, orgId, await businessDateAt(tx.db, orgId, tx.now)),
      clock,
    );
    accrued += count;
    if (count < penaltyBatchItemsMax) break;
  }
  return accrued;
}

/**
 * One pass over every organization: schedule periodic re-assessments and run the due ones, and
 * bill the installments that have fallen due. Safe to repeat (a pass finds no work twice); one
 * organization's failure is logged and the rest go on.
 */
export async function runScheduledJobs(
  store: Store,
  log: SchedulerLog,
  mail: SchedulerMail | null = null,
): Promise<void> {
  for (const orgId of await listOrganizationIds(store.db)) {
    try {
      const { scheduled, completed } = await runReassessments(store, orgId);
      if (scheduled + completed > 0) {
        log.info(`re-assessment in ${orgId}: ${scheduled} scheduled, ${completed} assessed`);
      }
    } catch (error) {
      log.error(
        `re-assessment in ${orgId} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    try {
      const billed = await billDuePlanItems(store, orgId);
      if (billed > 0) log.info(`installments in ${orgId}: ${billed} items fell due and were billed`);
      const accrued = await accrueDuePenalties(store, orgId);
      if (accrued > 0)
        log.info(`installments in ${orgId}: penalty interest accrued on ${accrued} overdue items`);
    } catch (error) {
      log.error(`billing in ${orgId} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (mail !== null) {
    // Messages whose first delivery failed (the SMTP server was down) are tried again here.
    try {
      const report = await deliverOutbox(store, mail.smtpUrl, { from: mail.from, now: () => new Date() });
      if (report.sent + report.failed > 0) log.info(`outbox: ${report.sent} sent, ${report.failed} failed`);
    } catch (error) {
      log.error(`outbox delivery failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

/** Where the scheduler delivers queued email; null without SMTP_URL. */
export interface SchedulerMail {
  readonly smtpUrl: string;
  readonly from: string;
}

/**
 * Runs the jobs shortly after start and then every `intervalMs` inside `credence serve`. Passes
 * never overlap. Returns a function that stops the timer (and waits for a running pass).
 */
export function startScheduler(
  store: Store,
  log: SchedulerLog,
  intervalMs: number = schedulerIntervalMs,
  mail: SchedulerMail | null = null,
): () => Promise<void> {
  let running: Promise<void> | null = null;
  const tick = () => {
    if (running !== null) return;
    running = runScheduledJobs(store, log, mail).finally(() => {
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
