import { useQuery } from "@tanstack/react-query";
import { api } from "../../api/client.ts";
import type { PaymentMethod, PaymentPage, PaymentStatus, PaymentView } from "../../api/receivables-types.ts";
import { queryKeys } from "../../query-keys.ts";
import { receivablesPath } from "../receivables/receivables-queries.ts";

/**
 * Payments on the API (src/api/routes/receivables.ts). The methods and statuses are the server's
 * (src/services/receivables/payments.ts), copied because that module is not for the browser; the
 * `Complete` checks make a value added there a type error here.
 */

type Complete<Listed, All> = [Exclude<All, Listed>] extends [never] ? true : never;

/** 银行转账, 支票, 现金, 银行承兑汇票, 线上支付: the usual first. */
export const paymentMethods = [
  "bank_transfer",
  "cheque",
  "cash",
  "bank_acceptance_draft",
  "online",
] as const satisfies ReadonlyArray<PaymentMethod>;
const paymentMethodsComplete: Complete<(typeof paymentMethods)[number], PaymentMethod> = true;

export const paymentStatuses = ["posted", "reversed"] as const satisfies ReadonlyArray<PaymentStatus>;
const paymentStatusesComplete: Complete<(typeof paymentStatuses)[number], PaymentStatus> = true;

void [paymentMethodsComplete, paymentStatusesComplete];

export const paymentListPageSize = 50;

export function usePayment(orgId: string, paymentId: string) {
  return useQuery({
    queryKey: queryKeys.payment(orgId, paymentId),
    queryFn: () => api.get<PaymentView>(receivablesPath(orgId, "payments", paymentId)),
  });
}

export function usePayments(
  orgId: string,
  filter: { readonly customerId?: string; readonly limit: number },
  enabled = true,
) {
  return useQuery({
    queryKey: [...queryKeys.receivables(orgId), "payments", filter],
    queryFn: () =>
      api.get<PaymentPage>(receivablesPath(orgId, "payments"), {
        customerId: filter.customerId,
        limit: filter.limit,
      }),
    enabled,
  });
}
