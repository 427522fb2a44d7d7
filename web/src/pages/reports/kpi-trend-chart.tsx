import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { TrendChart as Chart, TrendSeries } from "./kpi-echarts.ts";

/** A KPI trend by month end; ECharts is imported when the chart is first shown. */
export function KpiTrendChart(props: {
  readonly title: string;
  readonly axis: string;
  readonly percent: boolean;
  readonly months: ReadonlyArray<string>;
  readonly series: ReadonlyArray<TrendSeries>;
  readonly testId: string;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? i18n.language;
  const element = useRef<HTMLDivElement>(null);
  const [chart, setChart] = useState<Chart | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let disposed = false;
    let created: Chart | null = null;
    let observer: ResizeObserver | null = null;
    import("./kpi-echarts.ts")
      .then(({ createTrendChart }) => {
        if (disposed || element.current === null) return;
        created = createTrendChart(element.current, language);
        const resizing = created;
        observer = new ResizeObserver(() => resizing.resize());
        observer.observe(element.current);
        setChart(created);
      })
      .catch(() => {
        if (!disposed) setFailed(true);
      });
    return () => {
      disposed = true;
      observer?.disconnect();
      created?.dispose();
      setChart(null);
    };
  }, [language]);

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
