import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { customerTagLengthMax, grades } from "../../../../src/domain/credit/index.ts";
import { api, orgPath } from "../../api/client.ts";
import type { Customer, CustomerPage, OrganizationOfUser } from "../../api/types.ts";
import { ErrorMessage, SuccessMessage } from "../../components/error-message.tsx";
import { Link } from "../../components/link.tsx";
import { PageHeader } from "../../components/page-header.tsx";
import { queryKeys } from "../../query-keys.ts";
import { navigate, useLocation } from "../../router.ts";
import { orgPagePath } from "../../routes.ts";
import { can } from "../../session.ts";
import { useSettled } from "../../use-settled.ts";
import { useMembers } from "../credit/credit-queries.ts";
import { NewCustomerForm } from "./new-customer-form.tsx";

/**
 * A page of customers. An organization may have 100,000 of them: the list is never loaded whole,
 * it is read 50 at a time by code (keyset paging on `nextAfter`), and typing waits for a pause.
 */
const customerPageSize = 50;
const searchDelayMs = 300;

interface Filters {
  readonly search: string;
  readonly grade: string;
  readonly owner: string;
  readonly tag: string;
}

/** The filters live in the address, so a filtered list can be shared and survives a visit to a customer. */
function filtersOf(search: URLSearchParams): Filters {
  return {
    search: search.get("search") ?? "",
    grade: search.get("grade") ?? "",
    owner: search.get("owner") ?? "",
    tag: search.get("tag") ?? "",
  };
}

export function CustomersPage({ org }: { readonly org: OrganizationOfUser }) {
  const { t } = useTranslation();
  const location = useLocation();
  const [initial] = useState(() => filtersOf(location.search));
  const [searchText, setSearchText] = useState(initial.search);
  const [tagText, setTagText] = useState(initial.tag);
  const [grade, setGrade] = useState(initial.grade);
  const [owner, setOwner] = useState(initial.owner);
  const search = useSettled(searchText.trim(), searchDelayMs);
  const tag = useSettled(tagText.trim(), searchDelayMs);
  const [formOpen, setFormOpen] = useState(false);
  const [created, setCreated] = useState<Customer | null>(null);
  const readsMembers = can(org, "members.read");
  const members = useMembers(org.orgId, readsMembers);
  const memberName = new Map((members.data?.items ?? []).map((m) => [m.userId, m.displayName]));

  useEffect(() => {
    navigate(orgPagePath(org.orgId, "customers", undefined, { search, grade, owner, tag }), {
      replace: true,
    });
  }, [org.orgId, search, grade, owner, tag]);

  const customers = useInfiniteQuery({
    queryKey: [...queryKeys.customers(org.orgId), "list", { search, grade, owner, tag }],
    queryFn: ({ pageParam }) =>
      api.get<CustomerPage>(orgPath(org.orgId, "customers"), {
        search,
        grade,
        ownerUserId: owner,
        tag,
        limit: customerPageSize,
        after: pageParam,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextAfter ?? undefined,
    placeholderData: keepPreviousData,
  });
  const rows = customers.data?.pages.flatMap((page) => page.items) ?? [];
  const writable = can(org, "customers.write");
  const filtered = search !== "" || grade !== "" || owner !== "" || tag !== "";
  const columns = readsMembers ? 7 : 6;

  function clearFilters(): void {
    setSearchText("");
    setTagText("");
    setGrade("");
    setOwner("");
  }

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
      {created !== null && (
        <SuccessMessage>{t("customers.created", { code: created.code, name: created.name })}</SuccessMessage>
      )}
      {created !== null && (
        <p>
          <Link to={orgPagePath(org.orgId, "customers", created.customerId)} data-testid="open-created">
            {t("customers.openCreated", { code: created.code })}
          </Link>
        </p>
      )}
      <div className="filters" data-testid="customer-filters">
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
        <label className="field">
          <span>{t("customers.grade")}</span>
          <select name="grade" value={grade} onChange={(event) => setGrade(event.target.value)}>
            <option value="">{t("customers.anyGrade")}</option>
            {grades.map((g) => (
              <option key={g} value={g}>
                {g}
              </option>
            ))}
          </select>
        </label>
        {readsMembers && (
          <label className="field">
            <span>{t("customers.owner")}</span>
            <select name="owner" value={owner} onChange={(event) => setOwner(event.target.value)}>
              <option value="">{t("customers.anyOwner")}</option>
              {(members.data?.items ?? []).map((member) => (
                <option key={member.userId} value={member.userId}>
                  {member.displayName}
                </option>
              ))}
            </select>
          </label>
        )}
        <label className="field">
          <span>{t("customers.tag")}</span>
          <input
            name="tag"
            className="input-medium"
            maxLength={customerTagLengthMax}
            value={tagText}
            onChange={(event) => setTagText(event.target.value)}
          />
        </label>
        {filtered && (
          <button type="button" className="button button-quiet" onClick={clearFilters}>
            {t("journal.clearFilters")}
          </button>
        )}
      </div>
      <ErrorMessage error={customers.error} />
      <ErrorMessage error={members.error} />
      {customers.isPending ? (
        <p className="muted">{t("common.loading")}</p>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="customers-table" aria-busy={customers.isFetching}>
            <thead>
              <tr>
                <th scope="col">{t("customers.code")}</th>
                <th scope="col">{t("customers.name")}</th>
                <th scope="col">{t("customers.grade")}</th>
                <th scope="col">{t("customers.kind")}</th>
                <th scope="col">{t("customers.industry")}</th>
                {readsMembers && <th scope="col">{t("customers.owner")}</th>}
                <th scope="col">{t("customers.tags")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((customer) => {
                const to = orgPagePath(org.orgId, "customers", customer.customerId);
                return (
                  <tr key={customer.customerId} data-code={customer.code}>
                    <td className="mono">
                      <Link to={to}>{customer.code}</Link>
                    </td>
                    <td>
                      <Link to={to}>{customer.name}</Link>
                    </td>
                    <td>
                      {customer.grade === null ? (
                        <span className="subtle">{t("common.none")}</span>
                      ) : (
                        <span className={`grade grade-${customer.grade}`}>{customer.grade}</span>
                      )}
                    </td>
                    <td>{t(`customers.kinds.${customer.kind}`)}</td>
                    <td>{customer.industry ?? t("common.none")}</td>
                    {readsMembers && (
                      <td>
                        {customer.ownerUserId === null
                          ? t("common.none")
                          : (memberName.get(customer.ownerUserId) ?? t("common.none"))}
                      </td>
                    )}
                    <td>
                      {customer.tags.map((tagName) => (
                        <span key={tagName} className="tag tag-plain">
                          {tagName}
                        </span>
                      ))}
                    </td>
                  </tr>
                );
              })}
              {rows.length === 0 && (
                <tr>
                  <td colSpan={columns} className="table-empty">
                    {!filtered
                      ? t("customers.empty")
                      : search !== "" && grade === "" && owner === "" && tag === ""
                        ? t("customers.noMatches", { search })
                        : t("customers.noFilterMatches")}
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
