import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, orgPath } from "../../api/client.ts";
import { queryKeys } from "../../query-keys.ts";

/**
 * The KPIs and the scheduled report emails on the API (src/api/routes/reports.ts). The shapes are
 * the server's (src/services/reports/kpis.ts, schedules.ts), written out because those modules
 * are not for the browser. Amounts, days and ratios arrive as decimal strings.
 */

export interface KpiFigures {
  readonly date: string;
  readonly receivables: string;
  readonly current: string;
  readonly overdue: string;
  readonly periodFrom: string;
  readonly periodDays: number;
  readonly creditSales: string;
  readonly dsoCountback: string | null;
  readonly dsoCountbackComplete: boolean;
  readonly dsoAverage: string | null;
  readonly bestPossibleDso: string | null;
  readonly averageDaysDelinquent: string | null;
  readonly cei: string | null;
  readonly overdueRatio: string | null;
}

export interface KpiStructureRow {
  readonly key: string | null;
  readonly label: string | null;
  readonly customers: number;
  readonly outstanding: string;
  readonly overdue: string;
  readonly share: string | null;
  readonly overdueRatio: string | null;
}

export type ConcentrationReading = "unconcentrated" | "moderate" | "high";

export interface KpiReport {
  readonly asOf: string;
  readonly currency: string;
  readonly periodMonths: number;
  readonly figures: KpiFigures & {
    readonly turnoverFrom: string;
    readonly turnoverDays: number;
    readonly turnoverCreditSales: string;
    readonly turnover: string | null;
    readonly turnoverInDays: string | null;
  };
  readonly trend: ReadonlyArray<KpiFigures & { readonly monthSales: string }>;
  readonly concentration: {
    readonly total: string;
    readonly customers: number;
    readonly top: ReadonlyArray<{
      readonly count: number;
      readonly amount: string;
      readonly share: string | null;
    }>;
    readonly hhi: string | null;
    readonly reading: ConcentrationReading | null;
    readonly largest: ReadonlyArray<{
      readonly customerId: string;
      readonly code: string;
      readonly name: string;
      readonly outstanding: string;
      readonly share: string | null;
    }>;
  };
  readonly structure: {
    readonly grade: ReadonlyArray<KpiStructureRow>;
    readonly industry: ReadonlyArray<KpiStructureRow>;
    readonly owner: ReadonlyArray<KpiStructureRow>;
    readonly outstanding: string;
    readonly overdue: string;
  };
}

export const scheduleFormats = ["xlsx", "pdf", "csv"] as const;
export type ScheduleFormat = (typeof scheduleFormats)[number];
export const scheduleFrequencies = ["daily", "weekly", "monthly"] as const;
export type ScheduleFrequency = (typeof scheduleFrequencies)[number];
export const scheduleLocales = ["zh-CN", "en"] as const;
export type ScheduleLocale = (typeof scheduleLocales)[number];
/** The server's limit (src/services/reports/schedules.ts). */
export const scheduleRecipientsMax = 20;

export interface ReportScheduleRequest {
  readonly reportName: string;
  readonly options: Readonly<Record<string, string>>;
  readonly format: ScheduleFormat;
  readonly locale: ScheduleLocale;
  readonly recipients: ReadonlyArray<string>;
  readonly frequency: ScheduleFrequency;
  readonly weekday: number | null;
  readonly dayOfMonth: number | null;
  readonly enabled: boolean;
}

export interface ReportSchedule extends ReportScheduleRequest {
  readonly scheduleId: string;
  readonly nextRunOn: string;
  readonly lastRunOn: string | null;
  readonly lastRunAt: string | null;
  readonly lastStatus: "sent" | "failed" | null;
  readonly lastError: string | null;
  readonly createdBy: string;
  readonly createdAt: string;
}

export interface ReportInfo {
  readonly name: string;
  readonly title: Readonly<Record<ScheduleLocale, string>>;
}

export function useKpis(orgId: string, asOf: string) {
  return useQuery({
    queryKey: queryKeys.kpis(orgId, asOf),
    queryFn: () => api.get<KpiReport>(orgPath(orgId, "kpis"), { asOf }),
    placeholderData: keepPreviousData,
    enabled: /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(asOf),
  });
}

export function useReportSchedules(orgId: string) {
  return useQuery({
    queryKey: queryKeys.reportSchedules(orgId),
    queryFn: () => api.get<{ items: ReportSchedule[] }>(orgPath(orgId, "report-schedules")),
  });
}

/** The reports a schedule may send (the member's, from the server's list). */
export function useReportList(orgId: string) {
  return useQuery({
    queryKey: [...queryKeys.reportSchedules(orgId), "reports"],
    queryFn: () => api.get<{ reports: ReportInfo[] }>(orgPath(orgId, "reports")),
  });
}

export function useSchedulesChanged(orgId: string): () => void {
  const client = useQueryClient();
  return () => {
    void client.invalidateQueries({ queryKey: queryKeys.reportSchedules(orgId) });
  };
}
