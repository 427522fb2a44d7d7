import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, orgPath } from "../../api/client.ts";
import type { Customer, ItemList } from "../../api/types.ts";
import { queryKeys } from "../../query-keys.ts";

/** What a customer has besides its record, each a list of its own below the customer. */
type CustomerPart = "addresses" | "contacts" | "communications";

/** One customer's record, shared with its page's cache; null asks for nothing. */
export function useCustomerRecord(orgId: string, customerId: string | null) {
  return useQuery({
    queryKey: queryKeys.customer(orgId, customerId ?? ""),
    queryFn: () => api.get<Customer>(orgPath(orgId, "customers", customerId ?? "")),
    enabled: customerId !== null && customerId !== "",
  });
}

/** A customer's addresses, contacts or communications, cached under the customer's record. */
export function useCustomerItems<T>(orgId: string, customerId: string, part: CustomerPart) {
  return useQuery({
    queryKey: [...queryKeys.customer(orgId, customerId), part],
    queryFn: () => api.get<ItemList<T>>(orgPath(orgId, "customers", customerId, part)),
  });
}

/** After an address or a contact is added or removed: the customer, and the audit log that records it. */
export function useCustomerChanged(orgId: string, customerId: string): () => void {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: queryKeys.customer(orgId, customerId) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.audit(orgId) });
  };
}

/** Adds an address or a contact to a customer. */
export function useAddToCustomer<T>(options: {
  readonly orgId: string;
  readonly customerId: string;
  readonly part: "addresses" | "contacts";
  readonly onAdded: (added: T) => void;
}) {
  const { orgId, customerId, part, onAdded } = options;
  const customerChanged = useCustomerChanged(orgId, customerId);
  return useMutation({
    mutationFn: (body: unknown) => api.post<T>(orgPath(orgId, "customers", customerId, part), body),
    onSuccess: (added) => {
      customerChanged();
      onAdded(added);
    },
  });
}
