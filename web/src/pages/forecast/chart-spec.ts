/**
 * What a forecast or portfolio chart shows, without ECharts: categories along the bottom and
 * series of bars or lines over them. A chart plots numbers; the exact figures stay in the tables.
 */
export interface ChartSpec {
  readonly categories: ReadonlyArray<string>;
  readonly xName?: string;
  readonly yName: string;
  /** Values are fractions (0.25) shown as percentages. */
  readonly percent?: boolean;
  readonly series: ReadonlyArray<{
    readonly name: string;
    readonly type: "bar" | "line";
    readonly data: ReadonlyArray<number | null>;
  }>;
}
