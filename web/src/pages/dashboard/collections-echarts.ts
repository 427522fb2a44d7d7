import { BarChart, type BarSeriesOption } from "echarts/charts";
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
 * The ECharts half of the dashboard's collections chart, loaded with the dashboard: the month's
 * forecast as one bar, and beside it what was collected so far with what is still expected stacked
 * on top — the gap between the two bars is the shortfall the month is heading for.
 */

use([BarChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

type Option = ComposeOption<
  BarSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
>;

export interface CollectionsFigures {
  /** Amounts as the API writes them ("1234.56"). */
  readonly forecast: string;
  readonly collected: string;
  readonly expectedRest: string;
}

export interface CollectionsLabels {
  readonly forecast: string;
  readonly collected: string;
  readonly expectedRest: string;
}

export interface CollectionsChart {
  readonly update: (figures: CollectionsFigures, labels: CollectionsLabels) => void;
  readonly resize: () => void;
  readonly dispose: () => void;
}

export function createCollectionsChart(element: HTMLElement, language: string): CollectionsChart {
  const chart = init(element, null, { renderer: "svg", locale: language.startsWith("zh") ? "ZH" : "EN" });
  return {
    update(figures, labels) {
      // A chart plots numbers; the figures people read stay the exact strings in the tiles.
      const option: Option = {
        animation: false,
        tooltip: { trigger: "axis" },
        legend: { top: 0 },
        grid: { left: 72, right: 16, top: 40, bottom: 32 },
        xAxis: { type: "category", data: [labels.forecast, labels.collected] },
        yAxis: { type: "value" },
        series: [
          {
            type: "bar",
            name: labels.forecast,
            stack: "month",
            data: [Number(figures.forecast), null],
            itemStyle: { color: "#8a94a3" },
          },
          {
            type: "bar",
            name: labels.collected,
            stack: "month",
            data: [null, Number(figures.collected)],
            itemStyle: { color: "#1e7a46" },
          },
          {
            type: "bar",
            name: labels.expectedRest,
            stack: "month",
            data: [null, Number(figures.expectedRest)],
            itemStyle: { color: "#9fd3b4" },
          },
        ],
      };
      chart.setOption(option, { notMerge: true });
    },
    resize: () => chart.resize(),
    dispose: () => chart.dispose(),
  };
}
