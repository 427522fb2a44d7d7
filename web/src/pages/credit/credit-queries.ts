import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, orgPath } from "../../api/client.ts";
import type { Assessment, CreditStatus, ItemList, MemberList } from "../../api/types.ts";
import { queryKeys } from "../../query-keys.ts";

/** `/api/v1/orgs/<orgId>/credit/…`: the organization's approvals, tasks, scorecard and policy. */
export function creditPath(orgId: string, ...rest: ReadonlyArray<string>): string {
  return orgPath(orgId, "credit", ...rest);
}

/** `/api/v1/orgs/<orgId>/customers/<customerId>/…`. */
export function customerPath(orgId: string, customerId: string, ...rest: ReadonlyArray<string>): string {
  return orgPath(orgId, "customers", customerId, ...rest);
}

/** Limit, exposure, hold and today's check of one customer. */
export function useCreditStatus(orgId: string, customerId: string, enabled = true) {
  return useQuery({
    queryKey: [...queryKeys.customerCredit(orgId, customerId), "status"],
    queryFn: () => api.get<CreditStatus>(customerPath(orgId, customerId, "credit")),
    enabled,
  });
}

/** A customer's assessments, newest first; the first one is the current one. */
export function useAssessments(orgId: string, customerId: string, enabled = true) {
  return useQuery({
    queryKey: [...queryKeys.customerCredit(orgId, customerId), "assessments"],
    queryFn: () => api.get<ItemList<Assessment>>(customerPath(orgId, customerId, "assessments")),
    enabled,
  });
}

/**
 * The members of the organization, to name owners and pick one. Shares its cache with the
 * members page; a role without members.read gets none (the caller passes enabled = false).
 */
export function useMembers(orgId: string, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.members(orgId),
    queryFn: () => api.get<MemberList>(orgPath(orgId, "members")),
    enabled,
    staleTime: 60_000,
  });
}

/**
 * After anything that changes credit: an assessment, a limit, a hold, a decision, a new policy.
 * Grades show in the customer list too, and every change is in the audit log.
 */
export function useCreditChanged(orgId: string): () => void {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: queryKeys.credit(orgId) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.customers(orgId) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.audit(orgId) });
  };
}

/**
 * A change to one customer's limit, terms or hold, posted to its credit (`action`: "limit",
 * "temporary-increase", "hold", "release"); credit is read again before `onDone` hears of it.
 */
export function useCreditChange<Body, Result>(options: {
  readonly orgId: string;
  readonly customerId: string;
  readonly action: string;
  readonly onDone: (result: Result) => void;
}) {
  const creditChanged = useCreditChanged(options.orgId);
  return useMutation({
    mutationFn: (body: Body) =>
      api.post<Result>(customerPath(options.orgId, options.customerId, "credit", options.action), body),
    onSuccess: (result) => {
      creditChanged();
      options.onDone(result);
    },
  });
}
