import { AppError } from "../../core/errors.ts";
import { formatMinor } from "../../core/money.ts";
import { type AgingGrouping, type AgingReport, agingGroupings, agingJson, agingReport } from "./aging.ts";
import { type AgingBasis, agingBases, agingBucketLabel } from "./aging-buckets.ts";
import type { Localized, ReportColumn, ReportDefinition, ReportTable } from "./report.ts";

/**
 * The aging report as a report definition (`credence report aging`, `GET …/reports/aging`): its
 * options are query strings, its tables the summary (one row per group, a totals row) or the items.
 */

const agingOptionHelp = {
  basis: "due (days past the due date, default) or document (days since the document date)",
  groupBy: "customer (default), grade, industry or owner",
  detail: "summary (default) or items (one row per open item)",
  bucket: "only this bucket, by key: current, 1-30, 31-60, … (from the receivables policy's edges)",
  group: "only this group: a customer id, grade, industry or owner's user id; none for customers without one",
  currency: "the currency to age (default: the organization's base currency)",
} as const;

const groupLabels: Readonly<Record<AgingGrouping, Localized>> = {
  customer: { "zh-CN": "客户", en: "Customer" },
  grade: { "zh-CN": "信用等级", en: "Grade" },
  industry: { "zh-CN": "行业", en: "Industry" },
  owner: { "zh-CN": "负责人", en: "Owner" },
};

/** The label of customers without a grade, industry or owner: the same in every language. */
const noGroupText = "—";

function invalidOption(path: string, message: string): AppError {
  return new AppError("VALIDATION_FAILED", {
    detail: `${path}: ${message}`,
    issues: [{ path, code: "INVALID", message }],
  });
}

function pick<T extends string>(
  value: string | undefined,
  allowed: ReadonlyArray<T>,
  path: string,
): T | undefined {
  if (value === undefined) return undefined;
  const found = allowed.find((candidate) => candidate === value);
  if (found === undefined) throw invalidOption(path, `one of ${allowed.join(", ")}`);
  return found;
}

function tablesOf(report: AgingReport): ReportTable[] {
  const money = (minor: bigint) => formatMinor(minor, report.currency);
  const bucketColumns: ReportColumn[] = report.buckets.map((spec) => ({
    key: `bucket:${spec.key}`,
    label: agingBucketLabel(spec),
    kind: "money",
  }));
  const bucketCells = (amounts: ReadonlyArray<bigint>) =>
    Object.fromEntries(
      report.buckets.map((spec, index) => [`bucket:${spec.key}`, money(amounts[index] ?? 0n)]),
    );
  if (report.detail) {
    return [
      {
        title: { "zh-CN": "账龄明细", en: "Aging detail" },
        columns: [
          { key: "customerCode", label: { "zh-CN": "客户编号", en: "Customer code" }, kind: "text" },
          { key: "customerName", label: { "zh-CN": "客户", en: "Customer" }, kind: "text" },
          { key: "documentNumber", label: { "zh-CN": "单据号", en: "Document" }, kind: "text" },
          { key: "documentDate", label: { "zh-CN": "单据日期", en: "Document date" }, kind: "date" },
          { key: "dueDate", label: { "zh-CN": "到期日", en: "Due date" }, kind: "date" },
          {
            key: "days",
            label:
              report.basis === "due"
                ? { "zh-CN": "逾期天数", en: "Days past due" }
                : { "zh-CN": "账龄天数", en: "Days since document" },
            kind: "count",
          },
          { key: "bucket", label: { "zh-CN": "账龄区间", en: "Bucket" }, kind: "text" },
          { key: "original", label: { "zh-CN": "原始金额", en: "Original" }, kind: "money" },
          { key: "open", label: { "zh-CN": "未清金额", en: "Open" }, kind: "money" },
        ],
        rows: report.items.map((item) => ({
          customerCode: item.customerCode,
          customerName: item.customerName,
          documentNumber: item.documentNumber,
          documentDate: item.documentDate,
          dueDate: item.dueDate,
          days: item.days,
          bucket: item.bucket,
          original: money(item.originalMinor),
          open: money(item.openMinor),
        })),
        totals: { open: money(report.totals.outstandingMinor) },
      },
    ];
  }
  const columns: ReportColumn[] = [
    ...(report.groupBy === "customer"
      ? [{ key: "code", label: { "zh-CN": "客户编号", en: "Customer code" }, kind: "text" } as const]
      : []),
    { key: "label", label: groupLabels[report.groupBy], kind: "text" },
    { key: "count", label: { "zh-CN": "未清项数", en: "Items" }, kind: "count" },
    { key: "outstanding", label: { "zh-CN": "未清余额", en: "Outstanding" }, kind: "money" },
    ...bucketColumns,
  ];
  return [
    {
      title: { "zh-CN": "账龄分析", en: "Aging" },
      columns,
      rows: report.groups.map((group) => ({
        code: group.code,
        label: group.key === null ? noGroupText : group.label,
        count: group.count,
        outstanding: money(group.outstandingMinor),
        ...bucketCells(group.bucketsMinor),
      })),
      totals: {
        count: report.totals.count,
        outstanding: money(report.totals.outstandingMinor),
        ...bucketCells(report.totals.bucketsMinor),
      },
    },
  ];
}

export const agingDefinition: ReportDefinition = {
  name: "aging",
  title: { "zh-CN": "应收账款账龄分析", en: "Receivables aging" },
  permission: "reports.read",
  options: agingOptionHelp,
  async run(db, orgId, request) {
    for (const key of Object.keys(request.options)) {
      if (!(key in agingOptionHelp)) {
        throw invalidOption(
          key,
          `unknown option; the aging report takes ${Object.keys(agingOptionHelp).join(", ")}`,
        );
      }
    }
    const options = request.options;
    const basis: AgingBasis | undefined = pick(options.basis, agingBases, "basis");
    const groupBy = pick(options.groupBy, agingGroupings, "groupBy");
    const detail = pick(options.detail, ["summary", "items"] as const, "detail");
    const report = await agingReport(db, orgId, {
      asOf: request.asOf,
      ...(basis === undefined ? {} : { basis }),
      ...(groupBy === undefined ? {} : { groupBy }),
      detail: detail === "items",
      bucket: options.bucket ?? null,
      group: options.group ?? null,
      ...(options.currency === undefined ? {} : { currency: options.currency }),
    });
    return { json: agingJson(report), tables: tablesOf(report) };
  },
};
