import {
  type CashForecast,
  cashForecast,
  categoryOf,
  expectedByPeriod,
  type ForecastCategory,
  forecastWeeksDefault,
  monthEndOf,
  monthStartOf,
  type PredictionBasis,
  plusDays,
  predictPayment,
} from "../../domain/forecast/index.ts";
import type { Executor } from "../../store/database.ts";
import { getOrganization } from "../organizations.ts";
import { cashAppliedBetween, customerNames, delayModelAt, forecastEntriesAt } from "./forecast-inputs.ts";

/** Predictions per page of the list. */
export const forecastItemsPageMax = 1000;
export const forecastItemsPageDefault = 200;
/** Decimals of a probability as a decimal string. */
const probabilityDecimals = 4;

export function probabilityText(probability: number): string {
  return Math.min(1, Math.max(0, probability)).toFixed(probabilityDecimals);
}

/**
 * The month of `asOf` for the dashboard: cash applied to items from the 1st to `asOf`, against
 * what the forecast made on the eve of the month expected for the whole month, and what the
 * forecast as of `asOf` still expects until its end.
 */
export interface MonthCollections {
  readonly month: string;
  readonly from: string;
  readonly to: string;
  readonly collectedMinor: bigint;
  readonly forecastMinor: bigint;
  readonly expectedRestMinor: bigint;
}

export interface CashForecastView extends CashForecast {
  readonly currency: string;
  readonly month: MonthCollections;
}

/** The forecast of the items open on `asOf` over the given inclusive periods. */
async function expectedAt(
  db: Executor,
  orgId: string,
  asOf: string,
  today: string,
  periods: ReadonlyArray<{ from: string; to: string }>,
) {
  const [model, entries] = await Promise.all([
    delayModelAt(db, orgId, asOf),
    forecastEntriesAt(db, orgId, { asOf, today }),
  ]);
  return expectedByPeriod(entries, model, asOf, periods);
}

/** Expected collections by week (Monday to Sunday, the first holding `asOf`), with this month's figures. */
export async function forecastCash(
  db: Executor,
  orgId: string,
  input: { readonly asOf: string; readonly today: string; readonly weeks?: number | undefined },
): Promise<CashForecastView> {
  const { asOf, today } = input;
  const organization = await getOrganization(db, orgId);
  const [model, entries] = await Promise.all([
    delayModelAt(db, orgId, asOf),
    forecastEntriesAt(db, orgId, { asOf, today }),
  ]);
  const forecast = cashForecast(entries, model, asOf, input.weeks ?? forecastWeeksDefault);
  const from = monthStartOf(asOf);
  const to = monthEndOf(asOf);
  const rest = expectedByPeriod(entries, model, asOf, [{ from: asOf, to }]);
  const eve = plusDays(from, -1);
  const atMonthStart = await expectedAt(db, orgId, eve, today, [{ from, to }]);
  const collected = await cashAppliedBetween(db, orgId, { from, until: asOf });
  return {
    ...forecast,
    currency: organization.baseCurrency,
    month: {
      month: asOf.slice(0, 7),
      from,
      to,
      collectedMinor: collected.reduce((sum, row) => sum + row.amountMinor, 0n),
      forecastMinor: atMonthStart.periodsMinor[0] ?? 0n,
      expectedRestMinor: rest.periodsMinor[0] ?? 0n,
    },
  };
}

export interface ItemPrediction {
  readonly key: string;
  readonly source: "open-item" | "installment";
  readonly customerId: string;
  readonly customerName: string;
  readonly documentNumber: string;
  readonly dueDate: string;
  readonly openMinor: bigint;
  readonly category: ForecastCategory;
  /** Null for amounts not expected (disputed, in litigation, more than a year overdue). */
  readonly predictedDate: string | null;
  readonly expectedDaysLate: number | null;
  readonly lateProbability: string;
  readonly basis: PredictionBasis;
  /** The customer's own settled items behind the prediction. */
  readonly historyItems: number;
}

/** Each open amount's predicted payment date and probability of late payment, soonest first. */
export async function forecastItems(
  db: Executor,
  orgId: string,
  input: {
    readonly asOf: string;
    readonly today: string;
    readonly customerId?: string | undefined;
    readonly limit?: number | undefined;
  },
): Promise<{ asOf: string; currency: string; total: number; items: ItemPrediction[] }> {
  const { asOf } = input;
  const organization = await getOrganization(db, orgId);
  const [model, entries] = await Promise.all([
    delayModelAt(db, orgId, asOf),
    forecastEntriesAt(db, orgId, {
      asOf,
      today: input.today,
      ...(input.customerId === undefined ? {} : { customerIds: [input.customerId] }),
    }),
  ]);
  const predictions = entries.map((entry) => {
    const profile = model.profileOf(entry.customerId);
    const category = categoryOf(entry, asOf);
    const prediction = predictPayment(profile, entry.dueDate, asOf);
    const expected = category === "expected";
    return {
      key: entry.key,
      source: entry.source,
      customerId: entry.customerId,
      documentNumber: entry.documentNumber,
      dueDate: entry.dueDate,
      openMinor: entry.amountMinor,
      category,
      predictedDate: expected ? prediction.predictedDate : null,
      expectedDaysLate: expected ? prediction.expectedDaysLate : null,
      lateProbability: probabilityText(prediction.lateProbability),
      basis: profile.basis,
      historyItems: profile.ownItemCount,
    };
  });
  predictions.sort((a, b) => {
    const left = a.predictedDate ?? "9999-12-31";
    const right = b.predictedDate ?? "9999-12-31";
    if (left !== right) return left < right ? -1 : 1;
    if (a.dueDate !== b.dueDate) return a.dueDate < b.dueDate ? -1 : 1;
    return a.key < b.key ? -1 : 1;
  });
  const page = predictions.slice(0, Math.min(input.limit ?? forecastItemsPageDefault, forecastItemsPageMax));
  const names = await customerNames(
    db,
    orgId,
    page.map((item) => item.customerId),
  );
  return {
    asOf,
    currency: organization.baseCurrency,
    total: predictions.length,
    items: page.map((item) => ({ ...item, customerName: names.get(item.customerId) ?? "" })),
  };
}
