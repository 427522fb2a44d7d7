import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { PaymentsChart as Chart, PaymentSeries } from "./echarts-payments.ts";

/** Installment totals over time, one line per design; ECharts is imported when first shown. */
export function PaymentsChart(props: {
  readonly series: ReadonlyArray<PaymentSeries>;
  readonly currency: string;
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
    import("./echarts-payments.ts")
      .then(({ createPaymentsChart }) => {
        if (disposed || element.current === null) return;
        created = createPaymentsChart(element.current, language);
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
