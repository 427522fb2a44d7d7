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
 * The ECharts half of the payments chart, loaded only when a comparison is shown: the rest of
 * the app does without its few hundred kilobytes. Only the line chart and the SVG renderer are
 * registered (SVG stays sharp in screenshots and prints, and a test can read it).
 */

use([LineChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

type Option = ComposeOption<
  LineSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
>;

export interface PaymentSeries {
  readonly name: string;
  /** Due dates (`YYYY-MM-DD`) and the installment's total, as the API writes amounts. */
  readonly points: ReadonlyArray<{ readonly date: string; readonly total: string }>;
}

export interface PaymentsChart {
  readonly update: (series: ReadonlyArray<PaymentSeries>, labels: { readonly amount: string }) => void;
  readonly resize: () => void;
  readonly dispose: () => void;
}

/** ECharts words its axes itself (month names, "2027"): in the language on screen. */
export function createPaymentsChart(element: HTMLElement, language: string): PaymentsChart {
  const chart = init(element, null, { renderer: "svg", locale: language.startsWith("zh") ? "ZH" : "EN" });
  return {
    update(series, labels) {
      const option: Option = {
        animation: false,
        tooltip: { trigger: "axis" },
        legend: { top: 0 },
        grid: { left: 64, right: 24, top: 40, bottom: 32 },
        xAxis: { type: "time" },
        // Offers differ by a few percent: an axis from zero would draw them as one line.
        yAxis: { type: "value", name: labels.amount, scale: true },
        series: series.map((one) => ({
          type: "line",
          name: one.name,
          step: "end",
          showSymbol: true,
          // A chart plots numbers; the figures people read stay the exact strings in the table.
          data: one.points.map((point) => [point.date, Number(point.total)]),
        })),
      };
      chart.setOption(option, { notMerge: true });
    },
    resize: () => chart.resize(),
    dispose: () => chart.dispose(),
  };
}
