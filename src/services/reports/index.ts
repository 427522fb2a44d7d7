import { forecastReport, installmentPortfolioReport } from "../forecast/forecast-reports.ts";
import { agingDefinition } from "./aging-definition.ts";
import { kpisReport } from "./kpis.ts";
import type { ReportDefinition } from "./report.ts";

export * from "./report.ts";

/**
 * Every report, by name. A report is added here and nowhere else: the API, the CLI, the pages
 * and the scheduled emails all look it up by name.
 */
export const reportDefinitions: ReadonlyArray<ReportDefinition> = [
  agingDefinition,
  kpisReport,
  forecastReport,
  installmentPortfolioReport,
];

export function reportNamed(name: string): ReportDefinition | undefined {
  return reportDefinitions.find((definition) => definition.name === name);
}
