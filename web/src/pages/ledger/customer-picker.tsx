import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useId } from "react";
import { useTranslation } from "react-i18next";
import { api, orgPath } from "../../api/client.ts";
import type { CustomerPage } from "../../api/types.ts";
import { queryKeys } from "../../query-keys.ts";
import { useSettled } from "../../use-settled.ts";

const suggestionsMax = 20;
const searchDelayMs = 250;

export interface PickedCustomer {
  readonly customerId: string;
  readonly code: string;
  readonly name: string;
}

export function customerLabel(customer: { readonly code: string; readonly name: string }): string {
  return `${customer.code} ${customer.name}`;
}

/** The text names a customer when it is its code, or its code and name as the list shows them. */
function matches(customer: { readonly code: string; readonly name: string }, text: string): boolean {
  const typed = text.trim().toLowerCase();
  return typed === customer.code.toLowerCase() || typed === customerLabel(customer).toLowerCase();
}

/**
 * A customer by code or name: type, and the browser's own suggestion list (a datalist, usable by
 * keyboard) offers matches from the customers API. The line has a customer once the text is a
 * customer's code, or its code and name.
 */
export function CustomerPicker(props: {
  readonly orgId: string;
  readonly text: string;
  readonly customer: PickedCustomer | null;
  readonly label: string;
  readonly invalid: boolean;
  readonly onText: (text: string) => void;
  readonly onPick: (customer: PickedCustomer | null) => void;
}) {
  const { t } = useTranslation();
  const listId = useId();
  // The first word is enough to search by: "C00001 宁波…" searches "C00001".
  const search = useSettled(props.text.trim().split(/\s+/)[0] ?? "", searchDelayMs);
  const suggestions = useQuery({
    queryKey: [...queryKeys.customers(props.orgId), "picker", search],
    queryFn: () =>
      api.get<CustomerPage>(orgPath(props.orgId, "customers"), { search, limit: suggestionsMax }),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
  const items = suggestions.data?.items ?? [];
  const match = items.find((customer) => matches(customer, props.text));
  const { customer, onPick } = props;

  useEffect(() => {
    if (match === undefined) {
      // Keep a pick while its suggestions are still loading; drop it once the text names no one.
      if (customer !== null && !suggestions.isFetching && !matches(customer, props.text)) {
        onPick(null);
      }
      return;
    }
    if (customer?.customerId !== match.customerId) {
      onPick({ customerId: match.customerId, code: match.code, name: match.name });
    }
  }, [match, customer, onPick, props.text, suggestions.isFetching]);

  return (
    <div className="customer-picker">
      <input
        className="cell-input"
        list={listId}
        aria-label={props.label}
        aria-invalid={props.invalid}
        autoComplete="off"
        maxLength={200}
        placeholder={t("voucherForm.customerSearchPlaceholder")}
        value={props.text}
        onChange={(event) => props.onText(event.target.value)}
      />
      <datalist id={listId}>
        {items.map((item) => (
          <option key={item.customerId} value={customerLabel(item)} />
        ))}
      </datalist>
      {customer !== null && props.text.trim().toLowerCase() === customer.code.toLowerCase() && (
        <div className="subtle">{customer.name}</div>
      )}
    </div>
  );
}
