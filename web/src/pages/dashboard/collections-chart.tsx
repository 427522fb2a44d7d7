import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { CollectionsChart as Chart, CollectionsFigures } from "./collections-echarts.ts";

/** This month's collections against the forecast; ECharts is imported when the chart is first shown. */
export function CollectionsChart(props: { readonly figures: CollectionsFigures }) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? i18n.language;
  const element = useRef<HTMLDivElement>(null);
  const [chart, setChart] = useState<Chart | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let disposed = false;
    let created: Chart | null = null;
    let observer: ResizeObserver | null = null;
    import("./collections-echarts.ts")
      .then(({ createCollectionsChart }) => {
        if (disposed || element.current === null) return;
        created = createCollectionsChart(element.current, language);
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
    chart?.update(props.figures, {
      forecast: t("dashboard.collections.forecast"),
      collected: t("dashboard.collections.collected"),
      expectedRest: t("dashboard.collections.expectedRest"),
    });
  }, [chart, props.figures, t]);

  return (
    <figure className="plans-chart">
      <figcaption>{t("dashboard.collections.title")}</figcaption>
      {failed && <p className="notice notice-error">{t("dashboard.collections.chartFailed")}</p>}
      <div
        ref={element}
        className="plans-chart-canvas dashboard-chart"
        data-testid="dashboard-collections-chart"
        data-ready={chart === null ? undefined : "true"}
        role="img"
        aria-label={t("dashboard.collections.title")}
      />
    </figure>
  );
}
