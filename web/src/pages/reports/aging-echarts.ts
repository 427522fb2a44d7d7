import { BarChart, type BarSeriesOption } from "echarts/charts";
import {
  GridComponent,
  type GridComponentOption,
  TooltipComponent,
  type TooltipComponentOption,
} from "echarts/components";
import { type ComposeOption, init, use } from "echarts/core";
import { SVGRenderer } from "echarts/renderers";

/**
 * The ECharts half of the aging chart, loaded only when the aging tab is shown: one bar per
 * bucket; clicking a bar drills into that bucket's items (the bucket buttons beside the chart do
 * the same for keyboards and tests).
 */

use([BarChart, GridComponent, TooltipComponent, SVGRenderer]);

type Option = ComposeOption<BarSeriesOption | GridComponentOption | TooltipComponentOption>;

export interface AgingBar {
  readonly key: string;
  readonly label: string;
  /** The amount as the API writes it ("1234.56"). */
  readonly amount: string;
}

export interface AgingChart {
  readonly update: (bars: ReadonlyArray<AgingBar>, selected: string | null) => void;
  readonly resize: () => void;
  readonly dispose: () => void;
}

export function createAgingChart(
  element: HTMLElement,
  language: string,
  onBar: (key: string) => void,
): AgingChart {
  const chart = init(element, null, { renderer: "svg", locale: language.startsWith("zh") ? "ZH" : "EN" });
  let keys: string[] = [];
  chart.on("click", (event) => {
    const key = keys[event.dataIndex];
    if (key !== undefined) onBar(key);
  });
  return {
    update(bars, selected) {
      keys = bars.map((bar) => bar.key);
      const option: Option = {
        animation: false,
        tooltip: { trigger: "axis" },
        grid: { left: 72, right: 16, top: 16, bottom: 32 },
        xAxis: { type: "category", data: bars.map((bar) => bar.label) },
        yAxis: { type: "value" },
        series: [
          {
            type: "bar",
            // A chart plots numbers; the exact amounts stay in the table.
            data: bars.map((bar) => ({
              value: Number(bar.amount),
              itemStyle: {
                color: bar.key === selected ? "#b03a2e" : bar.key === keys[0] ? "#5b8def" : "#e08a3c",
              },
            })),
            cursor: "pointer",
          },
        ],
      };
      chart.setOption(option, true);
    },
    resize: () => chart.resize(),
    dispose: () => chart.dispose(),
  };
}
