import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import type { InstallmentPortfolio, InstallmentVintages, RollTarget } from "../../api/forecast-types.ts";
import type { OrganizationOfUser } from "../../api/types.ts";
import { todayIn } from "../../business-date.ts";
import { ErrorMessage } from "../../components/error-message.tsx";
import { ListTable } from "../../components/list-table.tsx";
import { formatDate, formatMoney, formatPeriod } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import type { ChartSpec } from "./chart-spec.ts";
import { formatShare } from "./forecast-format.ts";
import { useInstallmentPortfolio, useInstallmentVintages } from "./forecast-queries.ts";
import { SpecChart } from "./spec-chart.tsx";

const datePattern = /^\d{4}-\d{2}-\d{2}$/;
const rollTargets: ReadonlyArray<RollTarget> = ["current", "1-30", "31-60", "61-90", "90+", "closed"];

function ProductName(props: { readonly product: string }) {
  const { t } = useTranslation();
  const { product } = props;
  return (
    <>
      {product === "financed-sale" || product === "installment-credit"
        ? t(`forecast.portfolio.products.${product}`)
        : product}
    </>
  );
}

function Tiles(props: { readonly portfolio: InstallmentPortfolio }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const p = props.portfolio;
  return (
    <dl className="public-figures" data-testid="portfolio-tiles">
      <div>
        <dt>{t("forecast.portfolio.running")}</dt>
        <dd data-testid="portfolio-running">{p.runningCount}</dd>
      </div>
      <div>
        <dt>{t("forecast.portfolio.outstanding")}</dt>
        <dd data-testid="portfolio-outstanding">
          {formatMoney(p.outstandingPrincipal, p.currency, language)}
        </dd>
      </div>
      <div>
        <dt>{t("forecast.portfolio.unpaid")}</dt>
        <dd>{formatMoney(p.unpaid, p.currency, language)}</dd>
      </div>
    </dl>
  );
}

function RollTable(props: { readonly portfolio: InstallmentPortfolio }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { rollRates } = props.portfolio;
  const first = rollRates.monthEnds[0] ?? "";
  const last = rollRates.monthEnds.at(-1) ?? "";
  return (
    <section>
      <h2>
        {t("forecast.portfolio.rollTitle", {
          from: formatDate(first, language),
          to: formatDate(last, language),
        })}
      </h2>
      <p className="subtle">{t("forecast.portfolio.rollHelp")}</p>
      <ListTable
        pending={false}
        testId="portfolio-roll-rates"
        columnCount={rollTargets.length + 2}
        rowCount={rollRates.rows.length}
        emptyText={t("forecast.portfolio.empty")}
        head={
          <>
            <th>{t("forecast.portfolio.rollFrom")}</th>
            <th className="num">{t("forecast.portfolio.planMonths")}</th>
            {rollTargets.map((target) => (
              <th key={target} className="num">
                {t(`forecast.portfolio.buckets.${target}`)}
              </th>
            ))}
          </>
        }
      >
        {rollRates.rows.map((row) => (
          <tr key={row.from} data-from={row.from}>
            <th scope="row">{t(`forecast.portfolio.buckets.${row.from}`)}</th>
            <td className="num">{row.count}</td>
            {row.to.map((cell) => (
              <td key={cell.to} className="num" title={String(cell.count)}>
                {cell.rate === null ? "" : formatShare(cell.rate, language)}
              </td>
            ))}
          </tr>
        ))}
      </ListTable>
    </section>
  );
}

function vintageSpec(
  vintages: InstallmentVintages,
  labels: { readonly monthOnBook: string; readonly share: string },
  language: string,
): ChartSpec {
  const longest = Math.max(0, ...vintages.vintages.map((vintage) => vintage.curve.length));
  return {
    categories: Array.from({ length: longest }, (_, index) => String(index)),
    xName: labels.monthOnBook,
    yName: labels.share,
    percent: true,
    series: vintages.vintages.map((vintage) => ({
      name: formatPeriod(vintage.month, language),
      type: "line" as const,
      data: Array.from({ length: longest }, (_, index) => {
        const share = vintage.curve[index]?.share;
        return share === undefined || share === null ? null : Number(share);
      }),
    })),
  };
}

/**
 * 分期资产组合: as of a date, the running plans and their outstanding principal by product, the
 * delinquency buckets, the month-end roll rates of the last twelve months and the vintage curves.
 */
export function InstallmentPortfolioPage({ org }: { readonly org: OrganizationOfUser }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const today = todayIn(org.timeZone);
  const [asOf, setAsOf] = useState(today);
  const valid = datePattern.test(asOf);
  const portfolio = useInstallmentPortfolio(org.orgId, valid ? asOf : today);
  const vintages = useInstallmentVintages(org.orgId, valid ? asOf : today);

  const bucketSpec = useMemo<ChartSpec | null>(() => {
    if (portfolio.data === undefined) return null;
    return {
      categories: portfolio.data.buckets.map((bucket) => t(`forecast.portfolio.buckets.${bucket.bucket}`)),
      yName: t("forecast.amountAxis", { currency: portfolio.data.currency }),
      series: [
        {
          name: t("forecast.portfolio.outstanding"),
          type: "bar",
          data: portfolio.data.buckets.map((bucket) => Number(bucket.outstandingPrincipal)),
        },
      ],
    };
  }, [portfolio.data, t]);
  const curves = useMemo(
    () =>
      vintages.data === undefined
        ? null
        : vintageSpec(
            vintages.data,
            { monthOnBook: t("forecast.portfolio.monthOnBook"), share: t("forecast.portfolio.shareAxis") },
            language,
          ),
    [vintages.data, t, language],
  );

  return (
    <>
      <div className="toolbar toolbar-spread">
        <p className="muted">{t("forecast.portfolio.intro")}</p>
      </div>
      <div className="filters">
        <label className="field">
          <span>{t("forecast.asOf")}</span>
          <input
            type="date"
            name="asOf"
            max={today}
            value={asOf}
            onChange={(event) => setAsOf(event.target.value)}
          />
        </label>
        {asOf !== today && (
          <button type="button" className="button button-quiet" onClick={() => setAsOf(today)}>
            {t("forecast.today")}
          </button>
        )}
      </div>
      <ErrorMessage error={portfolio.error ?? vintages.error} />
      {portfolio.isPending ? (
        <p className="muted">{t("common.loading")}</p>
      ) : portfolio.data === undefined ? null : (
        <>
          <Tiles portfolio={portfolio.data} />
          <section>
            <h2>{t("forecast.portfolio.byProductTitle")}</h2>
            <ListTable
              pending={false}
              testId="portfolio-products"
              columnCount={4}
              rowCount={portfolio.data.byProduct.length}
              emptyText={t("forecast.portfolio.empty")}
              head={
                <>
                  <th>{t("forecast.portfolio.product")}</th>
                  <th>{t("forecast.portfolio.method")}</th>
                  <th className="num">{t("forecast.portfolio.count")}</th>
                  <th className="num">{t("forecast.portfolio.outstanding")}</th>
                </>
              }
            >
              {portfolio.data.byProduct.map((row) => (
                <tr key={`${row.product}|${row.method}`}>
                  <td>
                    <ProductName product={row.product} />
                  </td>
                  <td>{row.method}</td>
                  <td className="num">{row.count}</td>
                  <td className="num">
                    {formatMoney(row.outstandingPrincipal, portfolio.data.currency, language)}
                  </td>
                </tr>
              ))}
            </ListTable>
          </section>
          {bucketSpec !== null && (
            <SpecChart
              spec={bucketSpec}
              title={t("forecast.portfolio.bucketsTitle")}
              testId="portfolio-buckets"
            />
          )}
          <ListTable
            pending={false}
            testId="portfolio-bucket-table"
            columnCount={3}
            rowCount={portfolio.data.buckets.length}
            emptyText={t("forecast.portfolio.empty")}
            head={
              <>
                <th>{t("forecast.portfolio.bucket")}</th>
                <th className="num">{t("forecast.portfolio.count")}</th>
                <th className="num">{t("forecast.portfolio.outstanding")}</th>
              </>
            }
          >
            {portfolio.data.buckets.map((row) => (
              <tr key={row.bucket} data-bucket={row.bucket}>
                <td>{t(`forecast.portfolio.buckets.${row.bucket}`)}</td>
                <td className="num">{row.count}</td>
                <td className="num">
                  {formatMoney(row.outstandingPrincipal, portfolio.data.currency, language)}
                </td>
              </tr>
            ))}
          </ListTable>
          <RollTable portfolio={portfolio.data} />
        </>
      )}
      {curves !== null &&
        (curves.series.length === 0 ? (
          <p className="muted">{t("forecast.portfolio.vintagesEmpty")}</p>
        ) : (
          <SpecChart spec={curves} title={t("forecast.portfolio.vintageTitle")} testId="portfolio-vintages" />
        ))}
    </>
  );
}
