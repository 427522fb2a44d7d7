import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api, orgPath } from "../../api/client.ts";
import type {
  Backtest,
  CashForecastView,
  InstallmentPortfolio,
  InstallmentVintages,
  ItemPredictionList,
} from "../../api/forecast-types.ts";
import { queryKeys } from "../../query-keys.ts";

/**
 * The forecast and the installment portfolio on the API (src/api/routes/forecast.ts). They are
 * read from receivables and plans, so they sit under the receivables key: a payment refreshes
 * them with the open items.
 */

const key = (orgId: string, ...rest: ReadonlyArray<string | number>) =>
  [...queryKeys.receivables(orgId), "forecast", ...rest] as const;

export function useCashForecast(orgId: string, asOf: string) {
  return useQuery({
    queryKey: key(orgId, "cash", asOf),
    queryFn: () => api.get<CashForecastView>(orgPath(orgId, "forecast", "cash"), { asOf }),
    placeholderData: keepPreviousData,
    retry: false,
  });
}

/** Predictions shown on the page, soonest first. */
export const predictionsShown = 50;

export function usePredictions(orgId: string, asOf: string) {
  return useQuery({
    queryKey: key(orgId, "items", asOf),
    queryFn: () =>
      api.get<ItemPredictionList>(orgPath(orgId, "forecast", "items"), { asOf, limit: predictionsShown }),
    placeholderData: keepPreviousData,
    retry: false,
  });
}

export function useBacktest(orgId: string, asOf: string | null) {
  return useQuery({
    queryKey: key(orgId, "backtest", asOf ?? ""),
    queryFn: () => api.get<Backtest>(orgPath(orgId, "forecast", "backtest"), { asOf: asOf ?? undefined }),
    enabled: asOf !== null,
    retry: false,
  });
}

export function useInstallmentPortfolio(orgId: string, asOf: string) {
  return useQuery({
    queryKey: key(orgId, "installments", asOf),
    queryFn: () => api.get<InstallmentPortfolio>(orgPath(orgId, "installments", "portfolio"), { asOf }),
    placeholderData: keepPreviousData,
    retry: false,
  });
}

export function useInstallmentVintages(orgId: string, asOf: string) {
  return useQuery({
    queryKey: key(orgId, "vintages", asOf),
    queryFn: () => api.get<InstallmentVintages>(orgPath(orgId, "installments", "vintages"), { asOf }),
    placeholderData: keepPreviousData,
    retry: false,
  });
}
