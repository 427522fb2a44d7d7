import { useQuery, useQueryClient } from "@tanstack/react-query";
import { api, orgPath } from "../../api/client.ts";
import type {
  ConfirmationMethod,
  InstallmentPolicyView,
  PlanItemStatus,
  PlanPage,
  PlanStatus,
  PlanView,
} from "../../api/types.ts";
import { queryKeys } from "../../query-keys.ts";

/**
 * Plans as documents on the API (src/api/routes/plan-documents.ts). The status lists are the
 * server's (src/services/plans/plans.ts), copied because that module is not for the browser; the
 * `Complete` checks make a status added there a type error here, not a silent gap.
 */

type Complete<Listed, All> = [Exclude<All, Listed>] extends [never] ? true : never;

export const planStatuses = [
  "draft",
  "offered",
  "accepted",
  "active",
  "restructured",
  "paid-off",
  "cancelled",
] as const satisfies ReadonlyArray<PlanStatus>;
const planStatusesComplete: Complete<(typeof planStatuses)[number], PlanStatus> = true;

export const confirmationMethods = [
  "signature",
  "e-signature",
  "online",
  "phone",
  "email",
] as const satisfies ReadonlyArray<ConfirmationMethod>;
const confirmationMethodsComplete: Complete<(typeof confirmationMethods)[number], ConfirmationMethod> = true;

export const planItemStatuses = [
  "scheduled",
  "billed",
  "paid",
  "capitalized",
  "cancelled",
] as const satisfies ReadonlyArray<PlanItemStatus>;
const planItemStatusesComplete: Complete<(typeof planItemStatuses)[number], PlanItemStatus> = true;

void [planStatusesComplete, confirmationMethodsComplete, planItemStatusesComplete];

/** Statuses before activation: the plan may still be cancelled. */
export const cancellableStatuses: ReadonlyArray<PlanStatus> = ["draft", "offered", "accepted"];
/** Statuses in which the plan runs: early repayment and restructuring apply. */
export const runningStatuses: ReadonlyArray<PlanStatus> = ["active", "restructured"];

/** The most plans one page of the list shows (the server allows 200). */
export const planListPageSize = 50;

export function plansPath(orgId: string, ...rest: ReadonlyArray<string>): string {
  return orgPath(orgId, "plans", ...rest);
}

export function usePlans(
  orgId: string,
  filter: { readonly status?: PlanStatus; readonly customerId?: string; readonly before?: string },
) {
  return useQuery({
    queryKey: [...queryKeys.plans(orgId), "list", filter],
    queryFn: () =>
      api.get<PlanPage>(plansPath(orgId), {
        status: filter.status,
        customerId: filter.customerId,
        before: filter.before,
        limit: planListPageSize,
      }),
  });
}

export function usePlan(orgId: string, planId: string) {
  return useQuery({
    queryKey: queryKeys.plan(orgId, planId),
    queryFn: () => api.get<PlanView>(plansPath(orgId, planId)),
  });
}

export function useInstallmentPolicy(orgId: string, enabled = true) {
  return useQuery({
    queryKey: [...queryKeys.plans(orgId), "policy"],
    queryFn: () => api.get<InstallmentPolicyView>(orgPath(orgId, "installment-policy")),
    enabled,
    staleTime: 60_000,
  });
}

/**
 * After a plan's step: the plan as the server returned it is shown at once, and whatever else
 * it moves is read again — the list, the customer's credit exposure (activation reserves it), the
 * books (activation and changes post vouchers) and the audit log.
 */
export function usePlanChanged(orgId: string): (plan: PlanView) => void {
  const queryClient = useQueryClient();
  return (plan) => {
    queryClient.setQueryData(queryKeys.plan(orgId, plan.planId), plan);
    void queryClient.invalidateQueries({ queryKey: queryKeys.plans(orgId) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.credit(orgId) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.ledger(orgId) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.audit(orgId) });
  };
}
