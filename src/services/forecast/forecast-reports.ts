import { AppError } from "../../core/errors.ts";
import { formatMinor } from "../../core/money.ts";
import { forecastWeeksDefault, forecastWeeksMax, rollTargets } from "../../domain/forecast/index.ts";
import { amountsOut } from "../../io/plan-json.ts";
import type { Executor } from "../../store/database.ts";
import { businessDateAt } from "../organizations.ts";
import type { ReportDefinition, ReportOutput, ReportRequest, ReportTable } from "../reports/report.ts";
import { forecastCash } from "./cash-forecast.ts";
import { installmentPortfolio, installmentVintages } from "./portfolio.ts";

/**
 * The `forecast` and `installment-portfolio` reports: the JSON the API answers, and the tables
 * the CSV, XLSX and PDF renderers lay out.
 */

function weeksOption(request: ReportRequest): number {
  const text = request.options.weeks;
  if (text === undefined) return forecastWeeksDefault;
  const weeks = Number(text);
  if (!/^[0-9]{1,2}$/.test(text) || weeks < 1 || weeks > forecastWeeksMax) {
    throw new AppError("VALIDATION_FAILED", {
      issues: [{ path: "weeks", code: "OUT_OF_RANGE", message: `whole weeks from 1 to ${forecastWeeksMax}` }],
    });
  }
  return weeks;
}

export const forecastReport: ReportDefinition = {
  name: "forecast",
  title: { "zh-CN": "现金回款预测", en: "Cash forecast" },
  permission: "reports.read",
  options: { weeks: `weeks forecast, 1 to ${forecastWeeksMax} (default ${forecastWeeksDefault})` },
  async run(db: Executor, orgId: string, request: ReportRequest): Promise<ReportOutput> {
    const weeks = weeksOption(request);
    const today = await businessDateAt(db, orgId, new Date().toISOString());
    const forecast = await forecastCash(db, orgId, { asOf: request.asOf, today, weeks });
    const money = (minor: bigint) => formatMinor(minor, forecast.currency);
    const table: ReportTable = {
      title: { "zh-CN": "按周预计回款", en: "Expected collections by week" },
      columns: [
        { key: "week", label: { "zh-CN": "周", en: "Week" }, kind: "count" },
        { key: "from", label: { "zh-CN": "起", en: "From" }, kind: "date" },
        { key: "to", label: { "zh-CN": "止", en: "To" }, kind: "date" },
        { key: "expected", label: { "zh-CN": "预计回款", en: "Expected" }, kind: "money" },
      ],
      rows: forecast.weeks.map((week) => ({
        week: week.week,
        from: week.from,
        to: week.to,
        expected: money(week.expectedMinor),
      })),
      totals: {
        week: null,
        from: null,
        to: null,
        expected: money(forecast.weeks.reduce((sum, week) => sum + week.expectedMinor, 0n)),
      },
    };
    const summary: ReportTable = {
      title: { "zh-CN": "汇总", en: "Summary" },
      columns: [
        { key: "line", label: { "zh-CN": "项目", en: "Line" }, kind: "text" },
        { key: "amount", label: { "zh-CN": "金额", en: "Amount" }, kind: "money" },
      ],
      rows: [
        {
          line: "在预测期内 / Within the weeks",
          amount: money(
            forecast.openTotalMinor -
              forecast.laterMinor -
              forecast.disputedMinor -
              forecast.notExpectedMinor,
          ),
        },
        { line: "更晚 / Later", amount: money(forecast.laterMinor) },
        { line: "争议中 / Disputed", amount: money(forecast.disputedMinor) },
        { line: "不预计收回 / Not expected", amount: money(forecast.notExpectedMinor) },
        { line: "本月已回款 / Collected this month", amount: money(forecast.month.collectedMinor) },
        { line: "本月预测 / Forecast for the month", amount: money(forecast.month.forecastMinor) },
      ],
      totals: { line: "未清合计 / Open total", amount: money(forecast.openTotalMinor) },
    };
    return { json: amountsOut(forecast, forecast.currency), tables: [table, summary] };
  },
};

const bucketLabel = { "zh-CN": "逾期分组", en: "Bucket" } as const;

export const installmentPortfolioReport: ReportDefinition = {
  name: "installment-portfolio",
  title: { "zh-CN": "分期资产组合", en: "Installment portfolio" },
  permission: "reports.read",
  options: {},
  async run(db: Executor, orgId: string, request: ReportRequest): Promise<ReportOutput> {
    const portfolio = await installmentPortfolio(db, orgId, request.asOf);
    const { vintages } = await installmentVintages(db, orgId, request.asOf);
    const money = (minor: bigint) => formatMinor(minor, portfolio.currency);
    const products: ReportTable = {
      title: { "zh-CN": "按产品", en: "By product" },
      columns: [
        { key: "product", label: { "zh-CN": "产品", en: "Product" }, kind: "text" },
        { key: "method", label: { "zh-CN": "还款方式", en: "Method" }, kind: "text" },
        { key: "count", label: { "zh-CN": "在还计划数", en: "Running plans" }, kind: "count" },
        { key: "outstanding", label: { "zh-CN": "未还本金", en: "Outstanding principal" }, kind: "money" },
      ],
      rows: portfolio.byProduct.map((row) => ({
        product: row.product,
        method: row.method,
        count: row.count,
        outstanding: money(row.outstandingPrincipalMinor),
      })),
      totals: {
        product: null,
        method: null,
        count: portfolio.runningCount,
        outstanding: money(portfolio.outstandingPrincipalMinor),
      },
    };
    const buckets: ReportTable = {
      title: { "zh-CN": "逾期分布", en: "Delinquency" },
      columns: [
        { key: "bucket", label: bucketLabel, kind: "text" },
        { key: "count", label: { "zh-CN": "计划数", en: "Plans" }, kind: "count" },
        { key: "outstanding", label: { "zh-CN": "未还本金", en: "Outstanding principal" }, kind: "money" },
      ],
      rows: portfolio.buckets.map((row) => ({
        bucket: row.bucket,
        count: row.count,
        outstanding: money(row.outstandingPrincipalMinor),
      })),
    };
    const rolls: ReportTable = {
      title: { "zh-CN": "迁徙率", en: "Roll rates" },
      columns: [
        { key: "from", label: { "zh-CN": "月末分组", en: "From" }, kind: "text" },
        { key: "count", label: { "zh-CN": "计划·月", en: "Plan-months" }, kind: "count" },
        ...rollTargets.map((target) => ({
          key: target,
          label: { "zh-CN": `→ ${target === "closed" ? "结清" : target}`, en: `→ ${target}` },
          kind: "percent" as const,
        })),
      ],
      rows: portfolio.rollRates.rows.map((row) => ({
        from: row.from,
        count: row.count,
        ...Object.fromEntries(row.to.map((target) => [target.to, target.rate])),
      })),
    };
    const curves: ReportTable = {
      title: { "zh-CN": "账龄曲线（Vintage）", en: "Vintage curves" },
      columns: [
        { key: "vintage", label: { "zh-CN": "起始月", en: "Start month" }, kind: "text" },
        { key: "plans", label: { "zh-CN": "计划数", en: "Plans" }, kind: "count" },
        { key: "principal", label: { "zh-CN": "原始本金", en: "Original principal" }, kind: "money" },
        { key: "monthOnBook", label: { "zh-CN": "账龄月", en: "Month on book" }, kind: "count" },
        {
          key: "share",
          label: { "zh-CN": "累计逾期30天以上占比", en: "Ever 30+ days past due" },
          kind: "percent",
        },
      ],
      rows: vintages.flatMap((vintage) =>
        vintage.curve.map((point) => ({
          vintage: vintage.month,
          plans: vintage.planCount,
          principal: money(vintage.originalPrincipalMinor),
          monthOnBook: point.monthOnBook,
          share: point.share,
        })),
      ),
    };
    return {
      json: amountsOut({ ...portfolio, vintages }, portfolio.currency),
      tables: [products, buckets, rolls, curves],
    };
  },
};
