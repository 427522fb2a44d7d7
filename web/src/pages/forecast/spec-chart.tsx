import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { ChartSpec } from "./chart-spec.ts";
import type { SpecChart as Chart } from "./echarts-forecast.ts";

/** A chart of the forecast pages; ECharts is imported when the first one is shown. */
export function SpecChart(props: {
  readonly spec: ChartSpec;
  readonly title: string;
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
    import("./echarts-forecast.ts")
      .then(({ createSpecChart }) => {
        if (disposed || element.current === null) return;
        created = createSpecChart(element.current, language);
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
