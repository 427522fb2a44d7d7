import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, orgPath } from "../../api/client.ts";
import type { Customer, CustomerPage, OrganizationOfUser } from "../../api/types.ts";
import { ErrorMessage, SuccessMessage } from "../../components/error-message.tsx";
import { PageHeader } from "../../components/page-header.tsx";
import { queryKeys } from "../../query-keys.ts";
import { can } from "../../session.ts";
import { useSettled } from "../../use-settled.ts";
import { NewCustomerForm } from "./new-customer-form.tsx";

const customerPageSize = 50;
const searchDelayMs = 300;

export function CustomersPage({ org }: { readonly org: OrganizationOfUser }) {
  const { t } = useTranslation();
  const [searchText, setSearchText] = useState("");
  const search = useSettled(searchText.trim(), searchDelayMs);
  const [formOpen, setFormOpen] = useState(false);
  const [created, setCreated] = useState<Customer | null>(null);

  const customers = useInfiniteQuery({
    queryKey: [...queryKeys.customers(org.orgId), search],
    queryFn: ({ pageParam }) =>
      api.get<CustomerPage>(orgPath(org.orgId, "customers"), {
        search,
        limit: customerPageSize,
        after: pageParam,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextAfter ?? undefined,
    placeholderData: keepPreviousData,
  });
  const rows = customers.data?.pages.flatMap((page) => page.items) ?? [];
  const writable = can(org, "customers.write");

  return (
    <>
      <PageHeader
        title={t("customers.title")}
        orgName={org.name}
        actions={
          writable && !formOpen ? (
            <button
              type="button"
              className="button button-primary"
              onClick={() => {
                setCreated(null);
                setFormOpen(true);
              }}
            >
              {t("customers.newCustomer")}
            </button>
          ) : undefined
        }
      />
      {writable && formOpen && (
        <NewCustomerForm
          orgId={org.orgId}
          onCreated={(customer) => {
            setCreated(customer);
            setFormOpen(false);
          }}
          onCancel={() => setFormOpen(false)}
        />
      )}
      <SuccessMessage>
        {created === null ? null : t("customers.created", { code: created.code, name: created.name })}
      </SuccessMessage>
      <div className="toolbar">
        <label className="search-field">
          <span className="visually-hidden">{t("customers.searchLabel")}</span>
          <input
            type="search"
            placeholder={t("customers.searchPlaceholder")}
            aria-label={t("customers.searchLabel")}
            value={searchText}
            maxLength={100}
            onChange={(event) => setSearchText(event.target.value)}
          />
        </label>
      </div>
      <ErrorMessage error={customers.error} />
      {customers.isPending ? (
        <p className="muted">{t("common.loading")}</p>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="customers-table">
            <thead>
              <tr>
                <th scope="col">{t("customers.code")}</th>
                <th scope="col">{t("customers.name")}</th>
                <th scope="col">{t("customers.kind")}</th>
                <th scope="col">{t("customers.industry")}</th>
                <th scope="col">{t("customers.creditCode")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((customer) => (
                <tr key={customer.customerId}>
                  <td className="mono">{customer.code}</td>
                  <td>{customer.name}</td>
                  <td>{t(`customers.kinds.${customer.kind}`)}</td>
                  <td>{customer.industry ?? t("common.none")}</td>
                  <td className="mono">{customer.creditCode ?? t("common.none")}</td>
                </tr>
              ))}
              {rows.length === 0 && (
                <tr>
                  <td colSpan={5} className="table-empty">
                    {search === "" ? t("customers.empty") : t("customers.noMatches", { search })}
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      )}
      {rows.length > 0 && (
        <div className="table-footer">
          <span className="muted">
            {customers.hasNextPage
              ? t("common.shownSoFar", { count: rows.length })
              : t("common.allLoaded", { count: rows.length })}
          </span>
          {customers.hasNextPage && (
            <button
              type="button"
              className="button"
              onClick={() => void customers.fetchNextPage()}
              disabled={customers.isFetchingNextPage}
            >
              {customers.isFetchingNextPage ? t("common.loadingMore") : t("common.loadMore")}
            </button>
          )}
        </div>
      )}
    </>
  );
}
