import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client.ts";
import type { DashboardBucket, PortfolioView } from "../../api/dashboard-types.ts";
import type { SessionView } from "../../api/types.ts";
import { ErrorMessage } from "../../components/error-message.tsx";
import { Link } from "../../components/link.tsx";
import { ListTable } from "../../components/list-table.tsx";
import { formatDate, formatMoney } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { queryKeys } from "../../query-keys.ts";
import { orgPagePath } from "../../routes.ts";
import { bucketLabel, formatShare } from "../dashboard/dashboard-page.tsx";
import "../dashboard/dashboard.css";

/**
 * 多账套汇总: every organization the person may read reports of, side by side (a bookkeeping
 * firm's clients), with totals per currency and the customers met in several of them by their
 * credit code. An organization's name opens its dashboard.
 */

const datePattern = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;

export function PortfolioPage(props: { readonly session: SessionView }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const [asOf, setAsOf] = useState("");
  const query = useQuery({
    queryKey: queryKeys.portfolio(asOf),
    queryFn: () => api.get<PortfolioView>("/api/v1/portfolio", asOf === "" ? {} : { asOf }),
    placeholderData: keepPreviousData,
    enabled: asOf === "" || datePattern.test(asOf),
  });
  const view = query.data;
  // The bucket columns of the first organization; one aging by other edges shows its own in a title.
  const keys: ReadonlyArray<DashboardBucket> = view?.organizations[0]?.buckets ?? [];
  const amountOf = (buckets: ReadonlyArray<DashboardBucket> | null, key: string) =>
    buckets?.find((bucket) => bucket.key === key)?.amount ?? null;

  return (
    <>
      <header className="page-header">
        <div>
          <p className="page-org">{props.session.user.displayName}</p>
          <h1>{t("dashboard.portfolio.title")}</h1>
        </div>
        <div className="page-actions">
          <label className="dashboard-as-of">
            {t("dashboard.asOf")}{" "}
            <input
              type="date"
              value={asOf}
              onChange={(event) => setAsOf(event.target.value)}
              data-testid="portfolio-as-of"
              aria-describedby="portfolio-as-of-note"
            />
          </label>
          {asOf === "" && (
            <span id="portfolio-as-of-note" className="subtle">
              {t("dashboard.portfolio.asOfEach")}
            </span>
          )}
        </div>
      </header>
      <p className="muted">{t("dashboard.portfolio.intro")}</p>
      {query.error !== null && <ErrorMessage error={query.error} />}
      {view?.truncated === true && (
        <p className="notice notice-info">
          {t("dashboard.portfolio.truncated", { count: view.organizations.length })}
        </p>
      )}
      <section className="card" data-testid="portfolio">
        <h2>{t("dashboard.portfolio.organizations")}</h2>
        <ListTable
          pending={query.isPending}
          testId="portfolio-organizations"
          columnCount={7 + keys.length}
          rowCount={view?.organizations.length ?? 0}
          emptyText={t("dashboard.portfolio.none")}
          head={
            <>
              <th>{t("dashboard.portfolio.organization")}</th>
              <th className="num">{t("dashboard.portfolio.total")}</th>
              <th className="num">{t("dashboard.portfolio.overdue")}</th>
              <th className="num">{t("dashboard.portfolio.overdueShare")}</th>
              <th className="num">{t("dashboard.portfolio.dso")}</th>
              <th className="num">{t("dashboard.portfolio.worklist")}</th>
              <th className="num">{t("dashboard.portfolio.customers")}</th>
              {keys.map((bucket) => (
                <th key={bucket.key} className="num">
                  {bucketLabel(bucket, t)}
                </th>
              ))}
            </>
          }
        >
          {(view?.organizations ?? []).map((org) => {
            const money = (amount: string | null) =>
              amount === null ? "—" : formatMoney(amount, org.currency, language);
            return (
              <tr key={org.orgId} data-testid="portfolio-organization" data-org-id={org.orgId}>
                <td>
                  <Link
                    to={orgPagePath(org.orgId, "dashboard")}
                    title={t("dashboard.portfolio.open", { name: org.name })}
                  >
                    {org.name}
                  </Link>
                  <div className="subtle">
                    {org.currency} · {formatDate(org.asOf, language)}
                  </div>
                </td>
                <td className="num" data-column="total">
                  {money(org.total)}
                </td>
                <td className="num">{money(org.overdue)}</td>
                <td className="num">{formatShare(org.overdueShare, language)}</td>
                <td className="num">
                  {org.dsoCountback === null
                    ? "—"
                    : `${org.dsoCountbackComplete ? "" : "≥ "}${org.dsoCountback}`}
                </td>
                <td className="num">{org.worklist ?? "—"}</td>
                <td className="num">{org.customers}</td>
                {keys.map((bucket) => (
                  <td key={bucket.key} className="num">
                    {money(amountOf(org.buckets, bucket.key))}
                  </td>
                ))}
              </tr>
            );
          })}
          {(view?.totals ?? []).map((total) => {
            const money = (amount: string | null) =>
              amount === null ? "—" : formatMoney(amount, total.currency, language);
            return (
              <tr key={total.currency} className="table-total" data-testid="portfolio-total">
                <th scope="row">
                  {t("dashboard.portfolio.totalRow", { count: total.organizations })} · {total.currency}
                </th>
                <td className="num" data-column="total">
                  {money(total.total)}
                </td>
                <td className="num">{money(total.overdue)}</td>
                <td className="num">{formatShare(total.overdueShare, language)}</td>
                <td className="num">—</td>
                <td className="num">{total.worklist}</td>
                <td className="num">—</td>
                {keys.map((bucket) => (
                  <td key={bucket.key} className="num">
                    {money(amountOf(total.buckets, bucket.key))}
                  </td>
                ))}
              </tr>
            );
          })}
        </ListTable>
      </section>
      <section className="card" data-testid="portfolio-shared">
        <h2>{t("dashboard.portfolio.shared")}</h2>
        <p className="muted">{t("dashboard.portfolio.sharedIntro")}</p>
        <ListTable
          pending={query.isPending}
          testId="portfolio-shared-customers"
          columnCount={5}
          rowCount={view?.sharedCustomers.length ?? 0}
          emptyText={t("dashboard.portfolio.sharedEmpty")}
          head={
            <>
              <th>{t("dashboard.portfolio.creditCode")}</th>
              <th>{t("dashboard.portfolio.organization")}</th>
              <th>{t("dashboard.topOverdue.customer")}</th>
              <th className="num">{t("dashboard.portfolio.total")}</th>
              <th className="num">{t("dashboard.portfolio.overdue")}</th>
            </>
          }
        >
          {(view?.sharedCustomers ?? []).flatMap((customer) => [
            ...customer.organizations.map((one, index) => (
              <tr key={`${customer.creditCode}:${one.orgId}`} data-testid="portfolio-shared-row">
                {index === 0 && (
                  <th scope="rowgroup" rowSpan={customer.organizations.length + customer.combined.length}>
                    <span className="mono">{customer.creditCode}</span>
                  </th>
                )}
                <td>{one.orgName}</td>
                <td>
                  <Link to={orgPagePath(one.orgId, "customers", one.customerId)}>
                    {one.code} {one.name}
                  </Link>
                </td>
                <td className="num">{formatMoney(one.outstanding, one.currency, language)}</td>
                <td className="num">{formatMoney(one.overdue, one.currency, language)}</td>
              </tr>
            )),
            ...customer.combined.map((sum) => (
              <tr
                key={`${customer.creditCode}:${sum.currency}`}
                className="table-total"
                data-testid="portfolio-shared-combined"
              >
                <td colSpan={2}>
                  {t("dashboard.portfolio.combined")} · {sum.currency}
                </td>
                <td className="num">{formatMoney(sum.outstanding, sum.currency, language)}</td>
                <td className="num">{formatMoney(sum.overdue, sum.currency, language)}</td>
              </tr>
            )),
          ])}
        </ListTable>
      </section>
    </>
  );
}
