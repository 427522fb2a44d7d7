import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, orgPath } from "../../api/client.ts";
import type {
  AlertStatus,
  WarningAlertList,
  WarningConditionKind,
  WarningRulesView,
  WarningSeverity,
} from "../../api/warnings-types.ts";
import { queryKeys } from "../../query-keys.ts";

/**
 * Early warnings on the API (src/api/routes/warnings.ts). The vocabularies are the server's
 * (src/domain/risk/warnings.ts), copied because that module is not for the browser; the `Complete`
 * checks make a value added there a type error here.
 */

type Complete<Listed, All> = [Exclude<All, Listed>] extends [never] ? true : never;

export const alertStatuses = [
  "open",
  "acknowledged",
  "resolved",
  "cleared",
] as const satisfies ReadonlyArray<AlertStatus>;
const alertStatusesComplete: Complete<(typeof alertStatuses)[number], AlertStatus> = true;

export const warningSeverities = [
  "critical",
  "warning",
  "info",
] as const satisfies ReadonlyArray<WarningSeverity>;
const severitiesComplete: Complete<(typeof warningSeverities)[number], WarningSeverity> = true;

export const conditionKinds = [
  "days_past_due",
  "utilization",
  "payment_trend",
  "broken_promises",
  "ratio_worsening",
  "new_lawsuits",
] as const satisfies ReadonlyArray<WarningConditionKind>;
const conditionKindsComplete: Complete<(typeof conditionKinds)[number], WarningConditionKind> = true;

void [alertStatusesComplete, severitiesComplete, conditionKindsComplete];

/** Alerts one list shows (the server's maximum). */
export const alertsShownMax = 500;

export function warningsPath(orgId: string, ...rest: ReadonlyArray<string>): string {
  return orgPath(orgId, ...rest);
}

export function useAlerts(
  orgId: string,
  filter: {
    readonly status: AlertStatus | "active" | "";
    readonly severity: WarningSeverity | "";
    readonly mine: boolean;
  },
) {
  return useQuery({
    queryKey: [...queryKeys.warnings(orgId), "alerts", filter],
    queryFn: () =>
      api.get<WarningAlertList>(warningsPath(orgId, "alerts"), {
        status: filter.status === "" ? undefined : filter.status,
        severity: filter.severity === "" ? undefined : filter.severity,
        task: filter.mine ? "me" : undefined,
        limit: alertsShownMax,
      }),
    placeholderData: keepPreviousData,
  });
}

export function useWarningRules(orgId: string) {
  return useQuery({
    queryKey: [...queryKeys.warnings(orgId), "rules"],
    queryFn: () => api.get<WarningRulesView>(warningsPath(orgId, "warning-rules")),
  });
}

/** After a change: the alerts and rules lists, and credit (an alert may have put a customer on hold). */
export function useWarningsChanged(orgId: string): () => void {
  const client = useQueryClient();
  return () => {
    void client.invalidateQueries({ queryKey: queryKeys.warnings(orgId) });
    void client.invalidateQueries({ queryKey: queryKeys.credit(orgId) });
  };
}
