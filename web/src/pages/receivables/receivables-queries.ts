import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, orgPath } from "../../api/client.ts";
import type {
  AgingSummaryView,
  InvoiceKind,
  InvoicePage,
  InvoiceStatus,
  InvoiceView,
  OpenItemList,
  PaymentTermsList,
  ReceivablesPolicyView,
} from "../../api/receivables-types.ts";
import { queryKeys } from "../../query-keys.ts";

/**
 * Receivables on the API (src/api/routes/receivables.ts). The lists of statuses and kinds are the
 * server's (src/services/receivables/invoices.ts), copied because that module is not for the
 * browser; the `Complete` checks make a value added there a type error here, not a silent gap.
 */

type Complete<Listed, All> = [Exclude<All, Listed>] extends [never] ? true : never;

export const invoiceStatuses = [
  "draft",
  "issued",
  "partially_paid",
  "paid",
  "written_off",
] as const satisfies ReadonlyArray<InvoiceStatus>;
const invoiceStatusesComplete: Complete<(typeof invoiceStatuses)[number], InvoiceStatus> = true;

export const invoiceKinds = [
  "invoice",
  "credit_note",
  "debit_note",
] as const satisfies ReadonlyArray<InvoiceKind>;
const invoiceKindsComplete: Complete<(typeof invoiceKinds)[number], InvoiceKind> = true;

void [invoiceStatusesComplete, invoiceKindsComplete];

/** Rows one page of a list shows (the server allows 200). */
export const invoiceListPageSize = 50;
/** Invoices and payments a customer's page shows: the latest, with a link to the rest. */
export const recentDocumentsMax = 10;
/** Open items one request brings (the server's page limit): a customer rarely has more open. */
export const openItemsMax = 1000;

export function receivablesPath(orgId: string, ...rest: ReadonlyArray<string>): string {
  return orgPath(orgId, ...rest);
}

export function useInvoices(
  orgId: string,
  filter: { readonly customerId?: string; readonly limit: number },
  enabled = true,
) {
  return useQuery({
    queryKey: [...queryKeys.receivables(orgId), "invoices", filter],
    queryFn: () =>
      api.get<InvoicePage>(receivablesPath(orgId, "invoices"), {
        customerId: filter.customerId,
        limit: filter.limit,
      }),
    enabled,
  });
}

export function useInvoice(orgId: string, invoiceId: string) {
  return useQuery({
    queryKey: queryKeys.invoice(orgId, invoiceId),
    queryFn: () => api.get<InvoiceView>(receivablesPath(orgId, "invoices", invoiceId)),
  });
}

/** The open items of a customer (itself only, not the branches it pays for), by due date. */
export function useOpenItems(orgId: string, customerId: string | null) {
  return useQuery({
    queryKey: [...queryKeys.receivables(orgId), "open-items", customerId],
    queryFn: () =>
      api.get<OpenItemList>(receivablesPath(orgId, "open-items"), {
        customerId: customerId ?? undefined,
        status: "open",
        limit: openItemsMax,
      }),
    enabled: customerId !== null,
  });
}

/** The aging on `asOf` (null: the organization's today), of one customer or of all. */
export function useAging(
  orgId: string,
  filter: { readonly asOf: string | null; readonly customerId?: string },
) {
  return useQuery({
    queryKey: [...queryKeys.receivables(orgId), "aging", filter],
    queryFn: () =>
      api.get<AgingSummaryView>(receivablesPath(orgId, "aging"), {
        asOf: filter.asOf ?? undefined,
        customerId: filter.customerId,
      }),
    placeholderData: keepPreviousData,
  });
}

export function usePaymentTerms(orgId: string) {
  return useQuery({
    queryKey: [...queryKeys.receivables(orgId), "payment-terms"],
    queryFn: () => api.get<PaymentTermsList>(receivablesPath(orgId, "payment-terms")),
    staleTime: 60_000,
  });
}

export function useReceivablesPolicy(orgId: string) {
  return useQuery({
    queryKey: [...queryKeys.receivables(orgId), "policy"],
    queryFn: () => api.get<ReceivablesPolicyView>(receivablesPath(orgId, "receivables-policy")),
    staleTime: 60_000,
  });
}

/**
 * After an invoice, a note or a payment: whatever it moves is read again — every receivables view
 * (open amounts, aging, payments), the customers' credit exposure (issuing reserves it, a payment
 * frees it), the books (each step posts vouchers) and the audit log.
 */
export function useReceivablesChanged(orgId: string): () => void {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: queryKeys.receivables(orgId) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.credit(orgId) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.ledger(orgId) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.audit(orgId) });
  };
}
