import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { useLazyChart } from "../../components/use-lazy-chart.ts";
import type { PaymentSeries } from "./echarts-payments.ts";

const loadPaymentsChart = () => import("./echarts-payments.ts").then((module) => module.createPaymentsChart);

/** Installment totals over time, one line per design; ECharts is imported when first shown. */
export function PaymentsChart(props: {
  readonly series: ReadonlyArray<PaymentSeries>;
  readonly currency: string;
}) {
  const { t } = useTranslation();
  const { element, chart, failed } = useLazyChart(loadPaymentsChart);

  const amountLabel = t("plans.chartAmount", { currency: props.currency });
  useEffect(() => {
    chart?.update(props.series, { amount: amountLabel });
  }, [chart, props.series, amountLabel]);

  return (
    <figure className="plans-chart">
      <figcaption>{t("plans.chartTitle")}</figcaption>
      {failed && <p className="notice notice-error">{t("plans.chartFailed")}</p>}
      <div
        ref={element}
        className="plans-chart-canvas"
        data-testid="payments-chart"
        data-series-count={chart === null ? undefined : props.series.length}
        role="img"
        aria-label={t("plans.chartTitle")}
      />
    </figure>
  );
}
