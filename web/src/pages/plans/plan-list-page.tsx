import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client.ts";
import type { OrganizationOfUser, PlanPage, PlanStatus, PlanSummary } from "../../api/types.ts";
import { ErrorMessage } from "../../components/error-message.tsx";
import { ChoiceField } from "../../components/form-fields.tsx";
import { Link } from "../../components/link.tsx";
import { ListTable } from "../../components/list-table.tsx";
import { formatDate, formatMoney } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { queryKeys } from "../../query-keys.ts";
import { orgPagePath, planPagePath } from "../../routes.ts";
import { PlanStatusBadge, usePlanShape } from "./plan-badges.tsx";
import { planListPageSize, planStatuses, plansPath } from "./plan-queries.ts";
import { formatRate } from "./plans-format.ts";

const statusFilters = ["all", ...planStatuses] as const;
type StatusFilter = (typeof statusFilters)[number];

/**
 * Plans as a table: number, customer, status, how it repays, the amount financed, the nominal
 * annualized rate and the contract date. The number opens the plan; `customerColumn` is left out
 * on a customer's own page.
 */
export function PlanTable(props: {
  readonly org: OrganizationOfUser;
  readonly plans: ReadonlyArray<PlanSummary>;
  readonly pending: boolean;
  readonly emptyText: string;
  readonly customerColumn: boolean;
  readonly testId: string;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const shape = usePlanShape();
  const { org } = props;
  return (
    <ListTable
      pending={props.pending}
      testId={props.testId}
      head={
        <>
          <th scope="col">{t("planDoc.columns.number")}</th>
          {props.customerColumn && <th scope="col">{t("planDoc.columns.customer")}</th>}
          <th scope="col">{t("planDoc.columns.status")}</th>
          <th scope="col">{t("planDoc.columns.shape")}</th>
          <th scope="col" className="cell-amount">
            {t("planDoc.columns.financed")}
          </th>
          <th scope="col" className="cell-amount">
            {t("planDoc.columns.nominal")}
          </th>
          <th scope="col">{t("planDoc.columns.contractDate")}</th>
        </>
      }
      columnCount={props.customerColumn ? 7 : 6}
      rowCount={props.plans.length}
      emptyText={props.emptyText}
    >
      {props.plans.map((plan) => (
        <tr key={plan.planId} data-plan-id={plan.planId} data-number={plan.number} data-status={plan.status}>
          <td className="nowrap">
            <Link to={planPagePath(org.orgId, plan.planId)} className="mono" data-testid="plan-link">
              {plan.number}
            </Link>
          </td>
          {props.customerColumn && (
            <td>
              <Link to={orgPagePath(org.orgId, "customers", plan.customerId, { tab: "plans" })}>
                <span className="mono nowrap">{plan.customer.code}</span> {plan.customer.name}
              </Link>
            </td>
          )}
          <td>
            <PlanStatusBadge status={plan.status} />
          </td>
          <td>
            {shape(plan)}
            <div className="subtle">{t(`planDoc.accountingModes.${plan.accountingMode}`)}</div>
          </td>
          <td className="cell-amount">{formatMoney(plan.financed, plan.currency, language)}</td>
          <td className="cell-amount" data-value={plan.annualizedRate.nominal}>
            {formatRate(plan.annualizedRate.nominal, language)}
          </td>
          <td className="nowrap">{formatDate(plan.contractDate, language)}</td>
        </tr>
      ))}
    </ListTable>
  );
}

/** Every plan of the organization, newest first, filtered by status. */
export function PlanListPage({ org }: { readonly org: OrganizationOfUser }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<StatusFilter>("all");
  const filter: PlanStatus | undefined = status === "all" ? undefined : status;
  const plans = useInfiniteQuery({
    queryKey: [...queryKeys.plans(org.orgId), "list", "all", filter ?? "all"],
    queryFn: ({ pageParam }) =>
      api.get<PlanPage>(plansPath(org.orgId), { status: filter, limit: planListPageSize, before: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextBefore ?? undefined,
    placeholderData: keepPreviousData,
  });
  const items = plans.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <>
      <div className="toolbar toolbar-spread">
        <p className="muted">{t("planDoc.listIntro")}</p>
        <ChoiceField
          label={t("planDoc.columns.status")}
          name="status"
          choices={statusFilters}
          value={status}
          choiceLabel={(s) => (s === "all" ? t("planDoc.allStatuses") : t(`planDoc.statuses.${s}`))}
          onChange={setStatus}
        />
      </div>
      <ErrorMessage error={plans.error} />
      <PlanTable
        org={org}
        plans={items}
        pending={plans.isPending}
        emptyText={status === "all" ? t("planDoc.listEmpty") : t("planDoc.listEmptyFiltered")}
        customerColumn
        testId="plan-list"
      />
      {items.length > 0 && (
        <div className="table-footer">
          <span className="muted">
            {plans.hasNextPage
              ? t("common.shownSoFar", { count: items.length })
              : t("common.allLoaded", { count: items.length })}
          </span>
          {plans.hasNextPage && (
            <button
              type="button"
              className="button"
              onClick={() => void plans.fetchNextPage()}
              disabled={plans.isFetchingNextPage}
            >
              {plans.isFetchingNextPage ? t("common.loadingMore") : t("common.loadMore")}
            </button>
          )}
        </div>
      )}
    </>
  );
}
