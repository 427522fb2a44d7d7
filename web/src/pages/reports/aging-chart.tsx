import { useCallback, useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { useLazyChart } from "../../components/use-lazy-chart.ts";
import type { AgingBar } from "./aging-echarts.ts";

/** The aging bars; ECharts is imported when the chart is first shown. Clicking a bar drills in. */
export function AgingChart(props: {
  readonly bars: ReadonlyArray<AgingBar>;
  readonly selected: string | null;
  readonly onBar: (key: string) => void;
}) {
  const { t } = useTranslation();
  const onBar = useRef(props.onBar);
  onBar.current = props.onBar;
  // The chart reports clicks through the ref, so the loader (and the chart) outlive new handlers.
  const load = useCallback(
    () =>
      import("./aging-echarts.ts").then(
        (module) => (element: HTMLDivElement, language: string) =>
          module.createAgingChart(element, language, (key) => onBar.current(key)),
      ),
    [],
  );
  const { element, chart, failed } = useLazyChart(load);

  useEffect(() => {
    chart?.update(props.bars, props.selected);
  }, [chart, props.bars, props.selected]);

  return (
    <figure className="plans-chart">
      <figcaption>{t("reporting.aging.chart")}</figcaption>
      {failed && <p className="notice notice-error">{t("reporting.aging.chartFailed")}</p>}
      <div
        ref={element}
        className="plans-chart-canvas"
        data-testid="aging-chart"
        data-bar-count={chart === null ? undefined : props.bars.length}
        role="img"
        aria-label={t("reporting.aging.chart")}
      />
    </figure>
  );
}
