import { LineChart, type LineSeriesOption } from "echarts/charts";
import {
  GridComponent,
  type GridComponentOption,
  LegendComponent,
  type LegendComponentOption,
  TooltipComponent,
  type TooltipComponentOption,
} from "echarts/components";
import { type ComposeOption, init, use } from "echarts/core";
import { SVGRenderer } from "echarts/renderers";

/**
 * The ECharts half of the KPI trend charts, loaded only when the KPI tab is shown. One line chart
 * per unit: days (DSO, best possible DSO, ADD) or percentages (CEI, overdue ratio). SVG, like the
 * payments chart, so that screenshots stay sharp and a test can read it.
 */

use([LineChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

type Option = ComposeOption<
  LineSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
>;

export interface TrendSeries {
  readonly name: string;
  /** One value per month end, as the API writes it ("46.0", "0.6360"); null where undefined. */
  readonly values: ReadonlyArray<string | null>;
}

export interface TrendChart {
  readonly update: (
    months: ReadonlyArray<string>,
    series: ReadonlyArray<TrendSeries>,
    options: { readonly axis: string; readonly percent: boolean },
  ) => void;
  readonly resize: () => void;
  readonly dispose: () => void;
}

export function createTrendChart(element: HTMLElement, language: string): TrendChart {
  const chart = init(element, null, { renderer: "svg", locale: language.startsWith("zh") ? "ZH" : "EN" });
  return {
    update(months, series, options) {
      const scale = options.percent ? 100 : 1;
      const option: Option = {
        animation: false,
        tooltip: { trigger: "axis" },
        legend: { top: 0 },
        grid: { left: 56, right: 24, top: 40, bottom: 32 },
        xAxis: { type: "category", data: [...months] },
        yAxis: { type: "value", name: options.axis },
        series: series.map((one) => ({
          type: "line",
          name: one.name,
          showSymbol: true,
          connectNulls: false,
          // A chart plots numbers; the figures people read stay the exact strings in the tiles.
          data: one.values.map((value) => (value === null ? null : Number(value) * scale)),
        })),
      };
      chart.setOption(option, { notMerge: true });
    },
    resize: () => chart.resize(),
    dispose: () => chart.dispose(),
  };
}
