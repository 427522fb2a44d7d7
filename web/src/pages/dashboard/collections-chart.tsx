import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { useLazyChart } from "../../components/use-lazy-chart.ts";
import type { CollectionsFigures } from "./collections-echarts.ts";

const loadCollectionsChart = () =>
  import("./collections-echarts.ts").then((module) => module.createCollectionsChart);

/** This month's collections against the forecast; ECharts is imported when the chart is first shown. */
export function CollectionsChart(props: { readonly figures: CollectionsFigures }) {
  const { t } = useTranslation();
  const { element, chart, failed } = useLazyChart(loadCollectionsChart);

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
