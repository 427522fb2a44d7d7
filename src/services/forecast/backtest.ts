import { AppError } from "../../core/errors.ts";
import {
  brierScore,
  cashForecast,
  categoryOf,
  forecastWeeksDefault,
  meanAbsoluteErrorDays,
  plusDays,
  predictPayment,
  weightedAbsolutePercentageError,
} from "../../domain/forecast/index.ts";
import type { Executor } from "../../store/database.ts";
import { businessDateAt, getOrganization } from "../organizations.ts";
import { probabilityText } from "./cash-forecast.ts";
import { cashAppliedBetween, delayModelAt, forecastEntriesAt, settledHistory } from "./forecast-inputs.ts";

/** The back-test's default date: this many days before today. */
export const backtestLookbackDaysDefault = 90;

export interface BacktestWeek {
  readonly week: number;
  readonly from: string;
  readonly to: string;
  readonly forecastMinor: bigint;
  readonly actualMinor: bigint;
  /** The week ended before today, so its actual collections are all known. */
  readonly complete: boolean;
}

export interface BacktestResult {
  readonly asOf: string;
  /** The last day of what happened afterwards: today. */
  readonly measuredThrough: string;
  readonly currency: string;
  /** Open amounts the forecast of `asOf` had a date for. */
  readonly itemsPredicted: number;
  /** Of those, items paid in full since, whose payment date could be compared. */
  readonly itemsPaid: number;
  readonly meanAbsoluteErrorDays: number | null;
  /** Items not yet due on `asOf` whose outcome (on time or late) is known. */
  readonly itemsWithOutcome: number;
  readonly brierScore: number | null;
  readonly observedLateShare: string | null;
  readonly predictedLateShare: string | null;
  readonly weeks: ReadonlyArray<BacktestWeek>;
  /** Over complete weeks: Σ|forecast − actual| / Σ actual. */
  readonly weeklyWape: number | null;
}

/**
 * The back-test of the forecast (issue 8, must-have 6): predicts, as of a past date, every item
 * open then from the history settled by then only, and compares with what happened up to today —
 * the error of the predicted payment dates (items paid since), the Brier score of the
 * probabilities of late payment (items due on or after the date whose outcome is known), and the
 * 13-week forecast against the cash actually applied to those items each week.
 */
export async function backtestForecast(
  db: Executor,
  orgId: string,
  asOf: string,
  todayInput?: string,
): Promise<BacktestResult> {
  const organization = await getOrganization(db, orgId);
  const today = todayInput ?? (await businessDateAt(db, orgId, new Date().toISOString()));
  if (asOf >= today) {
    throw new AppError("VALIDATION_FAILED", {
      detail: "the back-test needs a date before today",
      issues: [{ path: "asOf", code: "NOT_IN_PAST", message: `a date before ${today}` }],
    });
  }
  const [model, entries, settledNow, planItemIds, openNowRows, applied] = await Promise.all([
    delayModelAt(db, orgId, asOf),
    forecastEntriesAt(db, orgId, { asOf, today }),
    settledHistory(db, orgId, today),
    db
      .selectFrom("open_items")
      .select(["item_id", "source_id", "source_seq"])
      .where("org_id", "=", orgId)
      .where("source_type", "=", "plan")
      .where("document_date", ">", asOf)
      .execute(),
    db
      .selectFrom("open_items")
      .select("item_id")
      .where("org_id", "=", orgId)
      .where("status", "=", "open")
      .where("open_minor", ">", 0n)
      .execute(),
    cashAppliedBetween(db, orgId, { from: plusDays(asOf, 1), until: today }),
  ]);
  const settledOn = new Map(settledNow.map((item) => [item.itemId, item.settledOn]));
  const itemOfPlanKey = new Map(
    planItemIds.map((row) => [`plan:${row.source_id}:${Number(row.source_seq)}`, row.item_id]),
  );
  const openNow = new Set(openNowRows.map((row) => row.item_id));

  const datePairs: Array<{ predictedDate: string; actualDate: string }> = [];
  const outcomes: Array<{ probability: number; late: boolean }> = [];
  let itemsPredicted = 0;
  for (const entry of entries) {
    if (categoryOf(entry, asOf) !== "expected") continue;
    itemsPredicted += 1;
    const prediction = predictPayment(model.profileOf(entry.customerId), entry.dueDate, asOf);
    const itemId = entry.source === "open-item" ? entry.key : itemOfPlanKey.get(entry.key);
    const paidOn = itemId === undefined ? undefined : settledOn.get(itemId);
    if (paidOn !== undefined && paidOn > asOf) {
      datePairs.push({ predictedDate: prediction.predictedDate, actualDate: paidOn });
    }
    if (entry.dueDate < asOf) continue;
    if (paidOn !== undefined && paidOn > asOf) {
      outcomes.push({ probability: prediction.lateProbability, late: paidOn > entry.dueDate });
    } else if (itemId !== undefined && openNow.has(itemId) && entry.dueDate < today) {
      outcomes.push({ probability: prediction.lateProbability, late: true });
    }
  }

  const forecast = cashForecast(entries, model, asOf, forecastWeeksDefault);
  const keys = new Set(entries.map((entry) => entry.key));
  const actualByWeek = forecast.weeks.map(() => 0n);
  for (const row of applied) {
    if (!keys.has(row.itemId) && (row.planKey === null || !keys.has(row.planKey))) continue;
    const index = forecast.weeks.findIndex((week) => row.date >= week.from && row.date <= week.to);
    if (index >= 0) actualByWeek[index] = (actualByWeek[index] ?? 0n) + row.amountMinor;
  }
  const weeks = forecast.weeks.map((week, index) => ({
    week: week.week,
    from: week.from,
    to: week.to,
    forecastMinor: week.expectedMinor,
    actualMinor: actualByWeek[index] ?? 0n,
    complete: week.to < today,
  }));
  const complete = weeks.filter((week) => week.complete);
  const lateCount = outcomes.filter((outcome) => outcome.late).length;
  const probabilitySum = outcomes.reduce((sum, outcome) => sum + outcome.probability, 0);
  return {
    asOf,
    measuredThrough: today,
    currency: organization.baseCurrency,
    itemsPredicted,
    itemsPaid: datePairs.length,
    meanAbsoluteErrorDays: meanAbsoluteErrorDays(datePairs),
    itemsWithOutcome: outcomes.length,
    brierScore: brierScore(outcomes),
    observedLateShare: outcomes.length === 0 ? null : probabilityText(lateCount / outcomes.length),
    predictedLateShare: outcomes.length === 0 ? null : probabilityText(probabilitySum / outcomes.length),
    weeks,
    weeklyWape: weightedAbsolutePercentageError(
      complete.map((week) => week.forecastMinor),
      complete.map((week) => week.actualMinor),
    ),
  };
}
