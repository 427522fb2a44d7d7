import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import type { QuoteRequest, QuoteResponse } from "../../api/types.ts";
import { formatMoney } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import type { PaymentSeries } from "./echarts-payments.ts";
import { PaymentsChart } from "./payments-chart.tsx";
import { creditCost, firstInstallment, formatRate, totalPaid } from "./plans-format.ts";

/** Offers side by side; three fit a screen and are as many as a customer weighs at once. */
export const comparedDesignsMax = 3;

export interface ComparedDesign {
  /** Numbered as added ("Design 2"); the name is worded in whatever language is on screen. */
  readonly id: number;
  /** The request as sent, to tell an identical design from a new one. */
  readonly requestJson: string;
  readonly request: QuoteRequest;
  readonly quote: QuoteResponse;
}

type Metric = "terms" | "firstInstallment" | "creditCost" | "totalPaid" | "nominal" | "effective";
const metrics: ReadonlyArray<Metric> = [
  "terms",
  "firstInstallment",
  "creditCost",
  "totalPaid",
  "nominal",
  "effective",
];

export function ComparisonPanel(props: {
  readonly designs: ReadonlyArray<ComparedDesign>;
  readonly describe: (request: QuoteRequest) => string;
  readonly onRemove: (id: number) => void;
  /** Whether a design can become a plan here (permission, currency); with `onSave`, a button per column. */
  readonly canSave?: (design: ComparedDesign) => boolean;
  readonly onSave?: (design: ComparedDesign) => void;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { designs } = props;
  const nameOf = (design: ComparedDesign) => t("plans.designName", { n: design.id });
  const series = useMemo<ReadonlyArray<PaymentSeries>>(
    () =>
      designs.map((design) => ({
        name: t("plans.designName", { n: design.id }),
        points: design.quote.installments.map((row) => ({ date: row.dueDate, total: row.total })),
      })),
    [designs, t],
  );
  if (designs.length === 0) return null;
  const currencies = new Set(designs.map((design) => design.quote.currency));
  const chartCurrency = currencies.size === 1 ? (designs[0]?.quote.currency ?? "") : "";

  function cell(design: ComparedDesign, metric: Metric): string {
    const quote = design.quote;
    const money = (amount: string) => formatMoney(amount, quote.currency, language);
    switch (metric) {
      case "terms":
        return props.describe(design.request);
      case "firstInstallment": {
        const first = firstInstallment(quote);
        return first === null ? t("common.none") : money(first);
      }
      case "creditCost":
        return money(creditCost(quote));
      case "totalPaid":
        return money(totalPaid(quote));
      case "nominal":
        return formatRate(quote.annualizedRate.nominal, language);
      case "effective":
        return formatRate(quote.annualizedRate.effective, language);
    }
  }

  return (
    <section className="card" aria-labelledby="comparison-title" data-testid="comparison-panel">
      <h2 id="comparison-title">{t("plans.comparisonTitle")}</h2>
      <div className="table-wrap">
        <table className="table table-compact" data-testid="comparison-table">
          <thead>
            <tr>
              <th>
                <span className="visually-hidden">{t("plans.metric")}</span>
              </th>
              {designs.map((design) => (
                <th key={design.id} scope="col" data-testid="comparison-design" data-design={design.id}>
                  <span className="plans-design-name">{nameOf(design)}</span>{" "}
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => props.onRemove(design.id)}
                    aria-label={t("plans.removeDesign", { name: nameOf(design) })}
                  >
                    {t("plans.remove")}
                  </button>
                  {props.onSave !== undefined && props.canSave?.(design) === true && (
                    <>
                      {" · "}
                      <button
                        type="button"
                        className="link-button"
                        data-testid="save-design"
                        onClick={() => props.onSave?.(design)}
                        aria-label={t("planDoc.saveDesign", { name: nameOf(design) })}
                      >
                        {t("planDoc.saveShort")}
                      </button>
                    </>
                  )}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {metrics.map((metric) => (
              <tr key={metric} data-metric={metric}>
                <th scope="row">{t(`plans.metrics.${metric}`)}</th>
                {designs.map((design) => (
                  <td key={design.id} className={metric === "terms" ? undefined : "cell-amount"}>
                    {cell(design, metric)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <PaymentsChart series={series} currency={chartCurrency} />
    </section>
  );
}
