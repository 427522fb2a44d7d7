import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { useLazyChart } from "../../components/use-lazy-chart.ts";
import type { TrendSeries } from "./kpi-echarts.ts";

const loadTrendChart = () => import("./kpi-echarts.ts").then((module) => module.createTrendChart);

/** A KPI trend by month end; ECharts is imported when the chart is first shown. */
export function KpiTrendChart(props: {
  readonly title: string;
  readonly axis: string;
  readonly percent: boolean;
  readonly months: ReadonlyArray<string>;
  readonly series: ReadonlyArray<TrendSeries>;
  readonly testId: string;
}) {
  const { t } = useTranslation();
  const { element, chart, failed } = useLazyChart(loadTrendChart);

  useEffect(() => {
    chart?.update(props.months, props.series, { axis: props.axis, percent: props.percent });
  }, [chart, props.months, props.series, props.axis, props.percent]);

  return (
    <figure className="plans-chart">
      <figcaption>{props.title}</figcaption>
      {failed && <p className="notice notice-error">{t("reporting.kpis.chartFailed")}</p>}
      <div
        ref={element}
        className="plans-chart-canvas"
        data-testid={props.testId}
        data-series-count={chart === null ? undefined : props.series.length}
        role="img"
        aria-label={props.title}
      />
    </figure>
  );
}
