/**
 * The aging report's JSON form (GET …/reports/aging, src/services/reports/aging.ts `agingJson`),
 * written out because the server module is not for the browser. Amounts are decimal strings;
 * `buckets` are keyed by the receivables policy's buckets ("current", "1-30", …, ">365").
 */

export interface AgingBucketKey {
  readonly key: string;
  readonly fromDays: number | null;
  readonly toDays: number | null;
}

export interface AgingGroupRow {
  readonly key: string | null;
  readonly label: string;
  readonly code?: string | null;
  readonly count: number;
  readonly outstanding: string;
  readonly overdue: string;
  readonly buckets: Readonly<Record<string, string>>;
}

export interface AgingItemRow {
  readonly itemId: string;
  readonly customerId: string;
  readonly customerCode: string;
  readonly customerName: string;
  readonly sourceType: string;
  readonly sourceId: string;
  readonly documentNumber: string;
  readonly documentDate: string;
  readonly dueDate: string;
  readonly days: number;
  readonly bucket: string;
  readonly original: string;
  readonly open: string;
}

export type AgingBasis = "due" | "document";
export type AgingGrouping = "customer" | "grade" | "industry" | "owner";

interface AgingCommon {
  readonly asOf: string;
  readonly currency: string;
  readonly basis: AgingBasis;
  readonly groupBy: AgingGrouping;
  readonly bucket: string | null;
  readonly group: string | null;
  readonly bucketKeys: ReadonlyArray<AgingBucketKey>;
  readonly totals: {
    readonly count: number;
    readonly outstanding: string;
    readonly overdue: string;
    readonly buckets: Readonly<Record<string, string>>;
  };
  readonly control: {
    readonly account: string | null;
    readonly balance: string;
    readonly difference: string;
    readonly agrees: boolean;
  } | null;
}

export interface AgingSummaryJson extends AgingCommon {
  readonly detail: "summary";
  readonly rows: ReadonlyArray<AgingGroupRow>;
}

export interface AgingItemsJson extends AgingCommon {
  readonly detail: "items";
  readonly rows: ReadonlyArray<AgingItemRow>;
  readonly truncated: boolean;
}
