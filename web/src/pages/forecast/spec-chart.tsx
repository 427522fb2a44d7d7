import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { useLazyChart } from "../../components/use-lazy-chart.ts";
import type { ChartSpec } from "./chart-spec.ts";

const loadSpecChart = () => import("./echarts-forecast.ts").then((module) => module.createSpecChart);

/** A chart of the forecast pages; ECharts is imported when the first one is shown. */
export function SpecChart(props: {
  readonly spec: ChartSpec;
  readonly title: string;
  readonly testId: string;
}) {
  const { t } = useTranslation();
  const { element, chart, failed } = useLazyChart(loadSpecChart);

  useEffect(() => {
    chart?.update(props.spec);
  }, [chart, props.spec]);

  return (
    <figure className="plans-chart">
      <figcaption>{props.title}</figcaption>
      {failed && <p className="notice notice-error">{t("forecast.chartFailed")}</p>}
      <div
        ref={element}
        className="plans-chart-canvas"
        data-testid={props.testId}
        data-series-count={chart === null ? undefined : props.spec.series.length}
        role="img"
        aria-label={props.title}
      />
    </figure>
  );
}
