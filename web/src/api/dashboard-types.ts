/**
 * The dashboard and the portfolio as the API writes them (GET …/orgs/:orgId/dashboard and
 * GET /api/v1/portfolio, src/services/reports/dashboard.ts and portfolio.ts), written out because
 * the server modules are not for the browser. Amounts are decimal strings; shares are decimal
 * fractions with four decimals ("0.9868"); DSO is in days with one decimal.
 */

export interface DashboardBucket {
  readonly key: string;
  readonly fromDays: number | null;
  readonly toDays: number | null;
  readonly amount: string;
}

export type WorklistScopeKind = "all" | "unassigned" | "collector";

export interface DashboardView {
  readonly asOf: string;
  readonly today: string;
  readonly currency: string;
  readonly receivables: {
    readonly total: string;
    readonly current: string;
    readonly overdue: string;
    readonly overdueShare: string | null;
    readonly items: number;
    readonly customers: number;
  };
  readonly aging: { readonly basis: "due"; readonly buckets: ReadonlyArray<DashboardBucket> };
  readonly dso: {
    readonly countback: string | null;
    readonly countbackComplete: boolean;
    readonly average: string | null;
    readonly bestPossible: string | null;
    readonly trend: ReadonlyArray<{
      readonly date: string;
      readonly receivables: string;
      readonly overdue: string;
      readonly dsoCountback: string | null;
      readonly dsoAverage: string | null;
    }>;
  };
  readonly collections: {
    readonly month: string;
    readonly from: string;
    readonly to: string;
    readonly collected: string;
    readonly forecast: string;
    readonly expectedRest: string;
    readonly achieved: string | null;
  };
  readonly topOverdue: ReadonlyArray<{
    readonly customerId: string;
    readonly code: string;
    readonly name: string;
    readonly outstanding: string;
    readonly overdue: string;
    readonly oldestBucket: string;
  }>;
  readonly worklist: {
    readonly scope: WorklistScopeKind;
    readonly rows: ReadonlyArray<{
      readonly customerId: string;
      readonly code: string;
      readonly name: string;
      readonly grade: string | null;
      readonly collectorName: string | null;
      readonly overdue: string;
      readonly daysPastDue: number;
      readonly bucket: string;
      readonly openTasks: number;
      readonly brokenPromises: number;
      readonly nextFollowUp: string | null;
    }>;
  } | null;
  readonly openAlerts: number | null;
}

export interface PortfolioOrganization {
  readonly orgId: string;
  readonly name: string;
  readonly role: string;
  readonly currency: string;
  readonly asOf: string;
  readonly total: string;
  readonly overdue: string;
  readonly overdueShare: string | null;
  readonly customers: number;
  readonly buckets: ReadonlyArray<DashboardBucket>;
  readonly dsoCountback: string | null;
  readonly dsoCountbackComplete: boolean;
  readonly worklist: number | null;
}

export interface PortfolioView {
  readonly asOf: string | null;
  readonly organizations: ReadonlyArray<PortfolioOrganization>;
  readonly truncated: boolean;
  readonly totals: ReadonlyArray<{
    readonly currency: string;
    readonly organizations: number;
    readonly total: string;
    readonly overdue: string;
    readonly overdueShare: string | null;
    readonly buckets: ReadonlyArray<DashboardBucket> | null;
    readonly worklist: number;
  }>;
  readonly sharedCustomers: ReadonlyArray<{
    readonly creditCode: string;
    readonly name: string;
    readonly organizations: ReadonlyArray<{
      readonly orgId: string;
      readonly orgName: string;
      readonly customerId: string;
      readonly code: string;
      readonly name: string;
      readonly currency: string;
      readonly outstanding: string;
      readonly overdue: string;
    }>;
    readonly combined: ReadonlyArray<{
      readonly currency: string;
      readonly outstanding: string;
      readonly overdue: string;
    }>;
  }>;
}
