import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { AgingBar, AgingChart as Chart } from "./aging-echarts.ts";

/** The aging bars; ECharts is imported when the chart is first shown. Clicking a bar drills in. */
export function AgingChart(props: {
  readonly bars: ReadonlyArray<AgingBar>;
  readonly selected: string | null;
  readonly onBar: (key: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? i18n.language;
  const element = useRef<HTMLDivElement>(null);
  const onBar = useRef(props.onBar);
  onBar.current = props.onBar;
  const [chart, setChart] = useState<Chart | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let disposed = false;
    let created: Chart | null = null;
    let observer: ResizeObserver | null = null;
    import("./aging-echarts.ts")
      .then(({ createAgingChart }) => {
        if (disposed || element.current === null) return;
        created = createAgingChart(element.current, language, (key) => onBar.current(key));
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
