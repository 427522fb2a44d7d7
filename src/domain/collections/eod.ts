import { addDays, compareDates, formatBusinessDate, parseBusinessDate } from "../../core/dates.ts";

/**
 * The end-of-day batch (日终批处理) of one organization and business date, as pure rules: which
 * steps run in which order, which dates a catch-up runs, and how a customer's arrears are
 * classified. The services run the steps; each step is idempotent, so a run killed midway is
 * resumed by running its unfinished steps again.
 */

/** The steps of a run, in order. */
export const eodSteps = [
  // Plan installments due by the date become open items (billing).
  "billing",
  // Penalty interest and late fees on overdue plan items, to the date.
  "penalties",
  // Open promises to pay: kept once paid, broken when their date has passed.
  "promises",
  // Each customer's arrears: overdue amount, days past due, delinquency bucket.
  "delinquency",
  // Early-warning rules over every customer: alerts raised, kept or cleared; tasks and holds.
  "warnings",
  // The notice each customer's dunning policy calls for (email, SMS, a task, or one to approve).
  "dunning",
  // Periodic credit re-assessments (only on a run for the current business date).
  "reassessment",
  // The day's aging, kept per bucket for trends.
  "aging",
] as const;
export type EodStep = (typeof eodSteps)[number];

export function isEodStep(value: string): value is EodStep {
  return (eodSteps as ReadonlyArray<string>).includes(value);
}

/** Most dates one catch-up runs; a longer outage is caught up by running again. */
export const eodCatchUpDaysMax = 366;

/**
 * The dates a batch runs, oldest first: from the day after the last completed date to `today`,
 * at most `eodCatchUpDaysMax` of them. An organization that never ran starts at `today` (the
 * past is not replayed).
 */
export function datesToRun(lastCompleted: string | null, today: string): string[] {
  const end = parseBusinessDate(today);
  if (lastCompleted === null) return [today];
  let day = addDays(parseBusinessDate(lastCompleted), 1);
  const dates: string[] = [];
  while (compareDates(day, end) <= 0 && dates.length < eodCatchUpDaysMax) {
    dates.push(formatBusinessDate(day));
    day = addDays(day, 1);
  }
  return dates;
}

/**
 * Delinquency buckets by days past due of a customer's oldest overdue item: current (nothing
 * overdue), then 1–30, 31–60, 61–90, 91–180, 181–365 and over 365 (the default aging buckets).
 */
export const delinquencyBuckets = ["current", "1-30", "31-60", "61-90", "91-180", "181-365", "365+"] as const;
export type DelinquencyBucket = (typeof delinquencyBuckets)[number];

const bucketEdges: ReadonlyArray<readonly [number, DelinquencyBucket]> = [
  [0, "current"],
  [30, "1-30"],
  [60, "31-60"],
  [90, "61-90"],
  [180, "91-180"],
  [365, "181-365"],
];

export function delinquencyBucketOf(daysPastDue: number): DelinquencyBucket {
  for (const [edge, bucket] of bucketEdges) if (daysPastDue <= edge) return bucket;
  return "365+";
}

/** "HH:MM", 00:00–23:59: the local time at which `serve` runs the day's batch. */
export function parseEodTime(text: string): { hour: number; minute: number } | null {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  if (match === null) return null;
  return { hour: Number(match[1]), minute: Number(match[2]) };
}
