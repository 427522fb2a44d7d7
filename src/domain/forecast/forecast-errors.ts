import { assert } from "../../core/errors.ts";
import { daysFrom } from "./day-numbers.ts";

/**
 * How wrong a forecast was, measured after the fact (the back-test). Each figure is null when
 * nothing could be measured (no item paid since, no collections in the weeks).
 */

/** Mean of |predicted − actual payment date| in days. */
export function meanAbsoluteErrorDays(
  pairs: ReadonlyArray<{ readonly predictedDate: string; readonly actualDate: string }>,
): number | null {
  if (pairs.length === 0) return null;
  let sum = 0;
  for (const pair of pairs) sum += Math.abs(daysFrom(pair.actualDate, pair.predictedDate));
  return sum / pairs.length;
}

/**
 * The Brier score: the mean squared difference between the predicted probability of paying late
 * and what happened (1 late, 0 on time). 0 is perfect; always saying 50 % scores 0.25.
 * (G. W. Brier, "Verification of forecasts expressed in terms of probability", Monthly Weather
 * Review 78(1), 1950.)
 */
export function brierScore(
  outcomes: ReadonlyArray<{ readonly probability: number; readonly late: boolean }>,
): number | null {
  if (outcomes.length === 0) return null;
  let sum = 0;
  for (const outcome of outcomes) {
    assert(outcome.probability >= 0 && outcome.probability <= 1, "probabilities are from 0 to 1");
    const error = outcome.probability - (outcome.late ? 1 : 0);
    sum += error * error;
  }
  return sum / outcomes.length;
}

/**
 * Weighted absolute percentage error of amounts by period: Σ|forecast − actual| / Σ actual, so a
 * week of large collections weighs more than a quiet one (and a quiet week cannot blow it up the
 * way the plain mean of percentage errors does).
 */
export function weightedAbsolutePercentageError(
  forecastMinor: ReadonlyArray<bigint>,
  actualMinor: ReadonlyArray<bigint>,
): number | null {
  assert(forecastMinor.length === actualMinor.length, "one forecast per actual");
  let errors = 0n;
  let actuals = 0n;
  for (const [index, forecast] of forecastMinor.entries()) {
    const actual = actualMinor[index] ?? 0n;
    errors += forecast > actual ? forecast - actual : actual - forecast;
    actuals += actual;
  }
  if (actuals <= 0n) return null;
  // Six decimals of the ratio, exactly, before it becomes a number.
  return Number((errors * 1_000_000n) / actuals) / 1_000_000;
}
