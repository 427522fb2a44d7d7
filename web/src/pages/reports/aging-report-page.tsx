import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { TFunction } from "i18next";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, orgPath } from "../../api/client.ts";
import type {
  AgingBasis,
  AgingBucketKey,
  AgingGrouping,
  AgingItemsJson,
  AgingSummaryJson,
} from "../../api/reporting-types.ts";
import type { OrganizationOfUser } from "../../api/types.ts";
import { todayIn } from "../../business-date.ts";
import { ErrorMessage } from "../../components/error-message.tsx";
import { Link } from "../../components/link.tsx";
import { ListTable } from "../../components/list-table.tsx";
import { formatDate, formatMoney } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { queryKeys } from "../../query-keys.ts";
import { useLocation } from "../../router.ts";
import { invoicePagePath, orgPagePath } from "../../routes.ts";
import { AgingChart } from "./aging-chart.tsx";

/**
 * 账龄分析: the aging report as of a date, by due or document date, grouped by customer, grade,
 * industry or owner — bars per bucket, the summary table, the control-account check, and the
 * items of a bucket when one is clicked. It reads the generic report route with format=json, and
 * the export links are the same route in the file formats.
 */

const datePattern = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;
const groupings: ReadonlyArray<AgingGrouping> = ["customer", "grade", "industry", "owner"];
const exportFormats = ["csv", "xlsx", "pdf"] as const;

function reportUrl(orgId: string, params: Readonly<Record<string, string>>): string {
  return `${orgPath(orgId, "reports", "aging")}?${new URLSearchParams(params).toString()}`;
}

function bucketLabelOf(spec: AgingBucketKey, t: TFunction): string {
  if (spec.fromDays === null) return t("reporting.aging.current");
  if (spec.toDays === null) return t("reporting.aging.over", { days: spec.fromDays - 1 });
  return t("reporting.aging.range", { from: spec.fromDays, to: spec.toDays });
}

function useAging<T>(orgId: string, params: Readonly<Record<string, string>>, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.agingReport(orgId, params),
    queryFn: () => api.get<T>(orgPath(orgId, "reports", "aging"), { ...params, format: "json" }),
    placeholderData: keepPreviousData,
    enabled: enabled && datePattern.test(params.asOf ?? ""),
  });
}

export function AgingReportPage(props: { readonly org: OrganizationOfUser }) {
  const { t } = useTranslation();
  const { org } = props;
  const language = currentLanguage();
  // A link (the dashboard's aging bars) may open the report drilled in: ?asOf=…&bucket=31-60.
  const search = useLocation().search;
  const linkedAsOf = search.get("asOf");
  const [asOf, setAsOf] = useState(
    linkedAsOf !== null && datePattern.test(linkedAsOf) ? linkedAsOf : todayIn(org.timeZone),
  );
  const [basis, setBasis] = useState<AgingBasis>("due");
  const [groupBy, setGroupBy] = useState<AgingGrouping>("customer");
  const [bucket, setBucket] = useState<string | null>(search.get("bucket"));
  const params = useMemo(() => ({ asOf, basis, groupBy }), [asOf, basis, groupBy]);
  const summary = useAging<AgingSummaryJson>(org.orgId, params, true);
  const itemParams = useMemo(() => ({ ...params, detail: "items", bucket: bucket ?? "" }), [params, bucket]);
  const items = useAging<AgingItemsJson>(org.orgId, itemParams, bucket !== null);
  const report = summary.data;
  const money = (amount: string) => formatMoney(amount, report?.currency ?? "CNY", language);
  const bucketLabel = (spec: AgingBucketKey) => bucketLabelOf(spec, t);
  const keys = report?.bucketKeys ?? [];
  const bars = useMemo(
    () =>
      (report?.bucketKeys ?? []).map((spec) => ({
        key: spec.key,
        label: bucketLabelOf(spec, t),
        amount: report?.totals.buckets[spec.key] ?? "0",
      })),
    [report, t],
  );
  const selectedSpec = keys.find((spec) => spec.key === bucket);
  const changeBasis = (next: AgingBasis) => {
    setBasis(next);
    // Bucket keys differ by basis (there is no "current" by document date).
    setBucket(null);
  };

  return (
    <section className="aging-report" data-testid="aging-report">
      <p className="muted">{t("reporting.aging.intro")}</p>
      <div className="toolbar">
        <label>
          {t("reporting.aging.asOf")}{" "}
          <input
            type="date"
            value={asOf}
            max={todayIn(org.timeZone)}
            onChange={(event) => setAsOf(event.target.value)}
            data-testid="aging-as-of"
          />
        </label>
        <fieldset className="segmented" data-testid="aging-basis">
          <legend>{t("reporting.aging.basis")}</legend>
          {(["due", "document"] as const).map((value) => (
            <label key={value}>
              <input
                type="radio"
                name="aging-basis"
                value={value}
                checked={basis === value}
                onChange={() => changeBasis(value)}
              />{" "}
              {t(`reporting.aging.bases.${value}`)}
            </label>
          ))}
        </fieldset>
        <label>
          {t("reporting.aging.groupBy")}{" "}
          <select
            value={groupBy}
            onChange={(event) => setGroupBy(event.target.value as AgingGrouping)}
            data-testid="aging-group-by"
          >
            {groupings.map((value) => (
              <option key={value} value={value}>
                {t(`reporting.aging.groupings.${value}`)}
              </option>
            ))}
          </select>
        </label>
        <span className="toolbar-actions">
          {t("reporting.exports.title")}:{" "}
          {exportFormats.map((format) => (
            <a
              key={format}
              className="button button-secondary"
              href={reportUrl(org.orgId, { ...params, format, locale: language })}
              download
              data-testid={`export-${format}`}
            >
              {t(`reporting.exports.${format}`)}
            </a>
          ))}
        </span>
      </div>
      {summary.error !== null && <ErrorMessage error={summary.error} />}
      {report?.control != null && (
        <p
          className={report.control.agrees ? "notice notice-info" : "notice notice-error"}
          data-testid="aging-control"
          data-agrees={report.control.agrees}
        >
          {report.control.agrees
            ? t("reporting.aging.controlAgrees", {
                account: report.control.account ?? "",
                balance: money(report.control.balance),
              })
            : t("reporting.aging.controlDiffers", {
                account: report.control.account ?? "",
                balance: money(report.control.balance),
                difference: money(report.control.difference),
              })}
        </p>
      )}
      <AgingChart bars={bars} selected={bucket} onBar={setBucket} />
      <fieldset className="chip-row">
        <legend>{t("reporting.aging.buckets")}</legend>
        {bars.map((bar) => (
          <button
            key={bar.key}
            type="button"
            className={bar.key === bucket ? "button" : "button button-secondary"}
            aria-pressed={bar.key === bucket}
            title={t("reporting.aging.bucketHint", { bucket: bar.label })}
            data-testid={`aging-bucket-${bar.key}`}
            onClick={() => setBucket(bar.key === bucket ? null : bar.key)}
          >
            {bar.label}: {money(bar.amount)}
          </button>
        ))}
      </fieldset>
      {bucket !== null && selectedSpec !== undefined && (
        <section className="card" data-testid="aging-items">
          <h3>
            {t("reporting.aging.detailTitle", { bucket: bucketLabel(selectedSpec) })}{" "}
            <button type="button" className="button button-secondary" onClick={() => setBucket(null)}>
              {t("reporting.aging.detailClose")}
            </button>
          </h3>
          {items.error !== null && <ErrorMessage error={items.error} />}
          <ListTable
            pending={items.isPending}
            testId="aging-items-table"
            columnCount={6}
            rowCount={items.data?.rows.length ?? 0}
            emptyText={t("reporting.aging.noItems")}
            head={
              <>
                <th>{t("reporting.aging.customer")}</th>
                <th>{t("reporting.aging.document")}</th>
                <th>{t("reporting.aging.documentDate")}</th>
                <th>{t("reporting.aging.dueDate")}</th>
                <th className="num">
                  {basis === "due"
                    ? t("reporting.aging.daysPastDue")
                    : t("reporting.aging.daysSinceDocument")}
                </th>
                <th className="num">{t("reporting.aging.open")}</th>
              </>
            }
          >
            {(items.data?.rows ?? []).map((item) => (
              <tr key={item.itemId} data-testid="aging-item">
                <td>
                  <Link to={orgPagePath(org.orgId, "customers", item.customerId)}>
                    {item.customerCode} {item.customerName}
                  </Link>
                </td>
                <td>
                  {item.sourceType === "invoice" ? (
                    <Link to={invoicePagePath(org.orgId, item.sourceId)}>{item.documentNumber}</Link>
                  ) : (
                    item.documentNumber
                  )}
                </td>
                <td>{formatDate(item.documentDate, language)}</td>
                <td>{formatDate(item.dueDate, language)}</td>
                <td className="num">{item.days}</td>
                <td className="num" data-column="open">
                  {money(item.open)}
                </td>
              </tr>
            ))}
          </ListTable>
          {items.data?.truncated === true && (
            <p className="muted">{t("reporting.aging.truncated", { count: items.data.rows.length })}</p>
          )}
        </section>
      )}
      <ListTable
        pending={summary.isPending}
        testId="aging-summary"
        columnCount={3 + keys.length}
        rowCount={report?.rows.length ?? 0}
        emptyText={t("reporting.aging.empty")}
        head={
          <>
            <th>{t(`reporting.aging.groupings.${groupBy}`)}</th>
            <th className="num">{t("reporting.aging.items")}</th>
            <th className="num">{t("reporting.aging.outstanding")}</th>
            {keys.map((spec) => (
              <th key={spec.key} className="num">
                {bucketLabel(spec)}
              </th>
            ))}
          </>
        }
      >
        {(report?.rows ?? []).map((row) => (
          <tr key={row.key ?? "none"} data-testid="aging-row">
            <td>
              {row.key === null ? (
                t("reporting.aging.none")
              ) : report?.groupBy === "customer" ? (
                <Link to={orgPagePath(org.orgId, "customers", row.key)}>
                  {row.code} {row.label}
                </Link>
              ) : (
                row.label
              )}
            </td>
            <td className="num">{row.count}</td>
            <td className="num">{money(row.outstanding)}</td>
            {keys.map((spec) => (
              <td key={spec.key} className="num">
                {money(row.buckets[spec.key] ?? "0")}
              </td>
            ))}
          </tr>
        ))}
        {report !== undefined && report.rows.length > 0 && (
          <tr className="table-total" data-testid="aging-total">
            <th scope="row">{t("reporting.aging.total")}</th>
            <td className="num">{report.totals.count}</td>
            <td className="num">{money(report.totals.outstanding)}</td>
            {keys.map((spec) => (
              <td key={spec.key} className="num">
                {money(report.totals.buckets[spec.key] ?? "0")}
              </td>
            ))}
          </tr>
        )}
      </ListTable>
    </section>
  );
}
