import { BarChart, type BarSeriesOption, LineChart, type LineSeriesOption } from "echarts/charts";
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
import type { ChartSpec } from "./chart-spec.ts";

/**
 * The ECharts half of the forecast and portfolio charts, loaded only when one is shown (as the
 * plans' payments chart is): bars and lines on a category axis, drawn as SVG.
 */

use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

type Option = ComposeOption<
  BarSeriesOption | LineSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
>;

export interface SpecChart {
  readonly update: (spec: ChartSpec) => void;
  readonly resize: () => void;
  readonly dispose: () => void;
}

export function createSpecChart(element: HTMLElement, language: string): SpecChart {
  const chart = init(element, null, { renderer: "svg", locale: language.startsWith("zh") ? "ZH" : "EN" });
  return {
    update(spec) {
      const percent = spec.percent === true;
      const option: Option = {
        animation: false,
        tooltip: {
          trigger: "axis",
          ...(percent ? { valueFormatter: (value) => `${(Number(value) * 100).toFixed(1)}%` } : {}),
        },
        legend: { top: 0 },
        grid: { left: 72, right: 24, top: 40, bottom: 40 },
        xAxis: { type: "category", data: [...spec.categories], name: spec.xName ?? "" },
        yAxis: {
          type: "value",
          name: spec.yName,
          ...(percent ? { axisLabel: { formatter: (value: number) => `${Math.round(value * 100)}%` } } : {}),
        },
        series: spec.series.map((one) =>
          one.type === "bar"
            ? { type: "bar", name: one.name, data: [...one.data] }
            : { type: "line", name: one.name, data: [...one.data], showSymbol: true, connectNulls: false },
        ),
      };
      chart.setOption(option, { notMerge: true });
    },
    resize: () => chart.resize(),
    dispose: () => chart.dispose(),
  };
}
