import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client.ts";
import type { InvoiceKind, InvoicePage, InvoiceStatus } from "../../api/receivables-types.ts";
import type { OrganizationOfUser } from "../../api/types.ts";
import { ErrorMessage } from "../../components/error-message.tsx";
import { Link } from "../../components/link.tsx";
import { ListFooter } from "../../components/list-footer.tsx";
import { queryKeys } from "../../query-keys.ts";
import { navigate, useLocation } from "../../router.ts";
import { newInvoicePath, orgPagePath } from "../../routes.ts";
import { can } from "../../session.ts";
import { useSettled } from "../../use-settled.ts";
import { useCustomerRecord } from "../customers/customer-queries.ts";
import { InvoiceTable } from "./invoice-table.tsx";
import {
  invoiceKinds,
  invoiceListPageSize,
  invoiceStatuses,
  receivablesPath,
} from "./receivables-queries.ts";

const searchDelayMs = 300;

interface Filters {
  readonly status: InvoiceStatus | "";
  readonly kind: InvoiceKind | "";
  readonly q: string;
  readonly from: string;
  readonly to: string;
  /** Set by a customer's page ("all invoices of this customer"); shown as a filter to remove. */
  readonly customerId: string;
}

function oneOf<T extends string>(values: ReadonlyArray<T>, value: string | null): T | "" {
  return values.find((v) => v === value) ?? "";
}

/** The filters live in the address, so a filtered list can be shared and survives opening an invoice. */
function filtersOf(search: URLSearchParams): Filters {
  return {
    status: oneOf(invoiceStatuses, search.get("status")),
    kind: oneOf(invoiceKinds, search.get("kind")),
    q: search.get("q") ?? "",
    from: search.get("from") ?? "",
    to: search.get("to") ?? "",
    customerId: search.get("customerId") ?? "",
  };
}

/** Invoices, credit and debit notes of the organization, newest first, read 50 at a time. */
export function InvoiceListPage({ org }: { readonly org: OrganizationOfUser }) {
  const { t } = useTranslation();
  const location = useLocation();
  const [initial] = useState(() => filtersOf(location.search));
  const [status, setStatus] = useState(initial.status);
  const [kind, setKind] = useState(initial.kind);
  const [searchText, setSearchText] = useState(initial.q);
  const [from, setFrom] = useState(initial.from);
  const [to, setTo] = useState(initial.to);
  const [customerId, setCustomerId] = useState(initial.customerId);
  const q = useSettled(searchText.trim(), searchDelayMs);
  const customer = useCustomerRecord(org.orgId, customerId === "" ? null : customerId);
  const filters: Filters = { status, kind, q, from, to, customerId };

  useEffect(() => {
    navigate(orgPagePath(org.orgId, "receivables", undefined, { status, kind, q, from, to, customerId }), {
      replace: true,
    });
  }, [org.orgId, status, kind, q, from, to, customerId]);

  const invoices = useInfiniteQuery({
    queryKey: [...queryKeys.receivables(org.orgId), "invoices", "list", filters],
    queryFn: ({ pageParam }) =>
      api.get<InvoicePage>(receivablesPath(org.orgId, "invoices"), {
        status,
        kind,
        q,
        from,
        to,
        customerId,
        limit: invoiceListPageSize,
        after: pageParam,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next ?? undefined,
    placeholderData: keepPreviousData,
  });
  const rows = invoices.data?.pages.flatMap((page) => page.items) ?? [];
  const filtered = status !== "" || kind !== "" || q !== "" || from !== "" || to !== "" || customerId !== "";

  function clearFilters(): void {
    setStatus("");
    setKind("");
    setSearchText("");
    setFrom("");
    setTo("");
    setCustomerId("");
  }

  return (
    <>
      <div className="toolbar toolbar-spread">
        <p className="muted">{t("invoices.listIntro")}</p>
        {can(org, "receivables.manage") && (
          <Link
            to={newInvoicePath(org.orgId, customerId === "" ? undefined : customerId)}
            className="button button-primary"
            data-testid="new-invoice"
          >
            {t("invoices.newInvoice")}
          </Link>
        )}
      </div>
      <div className="filters" data-testid="invoice-filters">
        <label className="field field-grow">
          <span>{t("invoices.filters.search")}</span>
          <input
            type="search"
            name="q"
            maxLength={100}
            placeholder={t("invoices.filters.searchPlaceholder")}
            value={searchText}
            onChange={(event) => setSearchText(event.target.value)}
          />
        </label>
        <label className="field">
          <span>{t("invoices.columns.status")}</span>
          <select
            name="status"
            value={status}
            onChange={(event) => setStatus(oneOf(invoiceStatuses, event.target.value))}
          >
            <option value="">{t("invoices.filters.anyStatus")}</option>
            {invoiceStatuses.map((s) => (
              <option key={s} value={s}>
                {t(`invoices.statuses.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t("invoices.columns.kind")}</span>
          <select
            name="kind"
            value={kind}
            onChange={(event) => setKind(oneOf(invoiceKinds, event.target.value))}
          >
            <option value="">{t("invoices.filters.anyKind")}</option>
            {invoiceKinds.map((k) => (
              <option key={k} value={k}>
                {t(`invoices.kinds.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t("invoices.filters.from")}</span>
          <input
            type="date"
            name="from"
            value={from}
            max={to || undefined}
            onChange={(e) => setFrom(e.target.value)}
          />
        </label>
        <label className="field">
          <span>{t("invoices.filters.to")}</span>
          <input
            type="date"
            name="to"
            value={to}
            min={from || undefined}
            onChange={(e) => setTo(e.target.value)}
          />
        </label>
        {customerId !== "" && (
          <span className="tag tag-plain filter-chip" data-testid="invoice-customer-filter">
            {t("invoices.filters.customer", { name: customer.data?.name ?? "…" })}
            <button
              type="button"
              className="link-button"
              aria-label={t("invoices.filters.removeCustomer")}
              onClick={() => setCustomerId("")}
            >
              ×
            </button>
          </span>
        )}
        {filtered && (
          <button type="button" className="button button-quiet" onClick={clearFilters}>
            {t("journal.clearFilters")}
          </button>
        )}
      </div>
      <ErrorMessage error={invoices.error} />
      <p className="subtle">{t("ledger.amountsIn", { currency: org.baseCurrency })}</p>
      <InvoiceTable
        org={org}
        invoices={rows}
        pending={invoices.isPending}
        emptyText={filtered ? t("invoices.listEmptyFiltered") : t("invoices.listEmpty")}
        customerColumn
        testId="invoice-list"
      />
      <ListFooter
        count={rows.length}
        hasNextPage={invoices.hasNextPage}
        fetchingNextPage={invoices.isFetchingNextPage}
        onMore={() => void invoices.fetchNextPage()}
      />
    </>
  );
}
