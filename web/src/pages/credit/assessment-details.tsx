import { useTranslation } from "react-i18next";
import { ratioKeys } from "../../../../src/domain/credit/index.ts";
import type { Assessment, Ratio, RatioKey } from "../../api/types.ts";
import { formatDate } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { binLabel, factorLabel, formatRatio, formatShare, money, termsText } from "./credit-format.ts";

/** Ratios read as a share of something (资产负债率 65 %); the others are multiples (流动比率 1.5). */
const shareRatios: ReadonlySet<RatioKey> = new Set(["debtRatio", "netMargin", "revenueGrowth"]);

function RatioValue(props: { readonly ratioKey: RatioKey; readonly ratio: Ratio }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { ratio } = props;
  if (ratio.value === null) {
    return (
      <span className="muted" data-testid="ratio-not-meaningful">
        {t("credit.notMeaningful")}
        {ratio.reason !== null && (
          <span className="subtle"> · {t(`credit.ratioReasons.${ratio.reason}`)}</span>
        )}
      </span>
    );
  }
  return (
    <span className="cell-figure">
      {shareRatios.has(props.ratioKey)
        ? formatShare(ratio.value, language)
        : formatRatio(ratio.value, language)}
    </span>
  );
}

/**
 * What an assessment found: the seven ratios (or why one is not meaningful), Altman's Z'' and its
 * zone, every factor's points, and the recommended limit with the ceiling that binds it.
 */
export function AssessmentDetails(props: { readonly assessment: Assessment; readonly currency: string }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { assessment, currency } = props;
  const recommendation = assessment.recommendation;
  const altman = assessment.altman;

  return (
    <div className="assessment-details" data-testid="assessment-details">
      <div className="credit-columns">
        <section className="card" aria-labelledby={`ratios-${assessment.assessmentId}`}>
          <h2 id={`ratios-${assessment.assessmentId}`}>{t("credit.ratiosTitle")}</h2>
          <p className="subtle">
            {assessment.statementPeriodEnd === null
              ? t("credit.noStatementUsed")
              : t("credit.statementUsed", { date: formatDate(assessment.statementPeriodEnd, language) })}
          </p>
          <table className="table table-compact" data-testid="ratios-table">
            <tbody>
              {ratioKeys.map((key) => (
                <tr key={key} data-ratio={key}>
                  <th scope="row">{t(`credit.factors.${key}`)}</th>
                  <td className="cell-amount">
                    <RatioValue ratioKey={key} ratio={assessment.ratios[key]} />
                  </td>
                </tr>
              ))}
              <tr data-ratio="altmanZ">
                <th scope="row">{t("credit.altmanTitle")}</th>
                <td className="cell-amount" data-testid="altman">
                  {altman.score === null ? (
                    <span className="muted">
                      {t("credit.notMeaningful")}
                      {altman.reason !== null && (
                        <span className="subtle"> · {t(`credit.ratioReasons.${altman.reason}`)}</span>
                      )}
                    </span>
                  ) : (
                    <>
                      <span className="cell-figure">{formatRatio(altman.score, language)}</span>
                      {altman.zone !== null && (
                        <span className={`zone zone-${altman.zone}`}>{t(`credit.zones.${altman.zone}`)}</span>
                      )}
                    </>
                  )}
                </td>
              </tr>
            </tbody>
          </table>
          <p className="subtle">{t("credit.altmanHint")}</p>
        </section>

        <section className="card" aria-labelledby={`recommendation-${assessment.assessmentId}`}>
          <h2 id={`recommendation-${assessment.assessmentId}`}>{t("credit.recommendationTitle")}</h2>
          <dl className="details details-compact" data-testid="recommendation">
            <dt>{t("credit.grade")}</dt>
            <dd>
              <span className={`grade grade-${recommendation.grade}`}>{recommendation.grade}</span>
            </dd>
            <dt>{t("credit.limit")}</dt>
            <dd className="cell-figure" data-testid="recommended-limit">
              {money(recommendation.limit, currency, language)}
            </dd>
            <dt>{t("credit.terms")}</dt>
            <dd>{termsText(recommendation.terms, t)}</dd>
            <dt>{t("credit.pricingBand")}</dt>
            <dd>{t(`credit.pricingBands.${recommendation.pricingBand}`)}</dd>
            <dt>{t("credit.offers")}</dt>
            <dd>
              {recommendation.earlyDiscountEligible
                ? t("credit.earlyDiscountYes")
                : t("credit.earlyDiscountNo")}
              {" · "}
              {recommendation.installmentEligible ? t("credit.installmentYes") : t("credit.installmentNo")}
            </dd>
          </dl>
          <table className="table table-compact" data-testid="limit-explanation">
            <thead>
              <tr>
                <th scope="col">{t("credit.ceiling")}</th>
                <th scope="col" className="cell-number">
                  {t("credit.share")}
                </th>
                <th scope="col" className="cell-amount">
                  {t("credit.base")}
                </th>
                <th scope="col" className="cell-amount">
                  {t("credit.ceilingAmount")}
                </th>
              </tr>
            </thead>
            <tbody>
              {recommendation.explanation.map((part) => {
                const binds = recommendation.binding === part.component;
                return (
                  <tr key={part.component} data-component={part.component}>
                    <td>
                      {t(`credit.components.${part.component}`)}
                      {binds && <span className="tag">{t("credit.binds")}</span>}
                    </td>
                    <td className="cell-number">
                      {part.share === null ? t("common.none") : formatShare(part.share, language)}
                    </td>
                    <td className="cell-amount">
                      {part.base === null ? t("common.none") : money(part.base, currency, language)}
                    </td>
                    <td className="cell-amount">
                      {part.amount === null
                        ? t("credit.notAvailable")
                        : money(part.amount, currency, language)}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <p className="subtle" data-testid="binding-text">
            {recommendation.binding === null
              ? t("credit.bindingNone")
              : t("credit.bindingText", { ceiling: t(`credit.components.${recommendation.binding}`) })}
          </p>
        </section>
      </div>

      <section className="card" aria-labelledby={`factors-${assessment.assessmentId}`}>
        <h2 id={`factors-${assessment.assessmentId}`}>{t("credit.factorsTitle")}</h2>
        <div className="table-wrap">
          <table className="table table-compact" data-testid="factors-table">
            <thead>
              <tr>
                <th scope="col">{t("credit.factor")}</th>
                <th scope="col" className="cell-number">
                  {t("credit.value")}
                </th>
                <th scope="col">{t("credit.bin")}</th>
                <th scope="col" className="cell-number">
                  {t("credit.weight")}
                </th>
                <th scope="col" className="cell-number">
                  {t("credit.points")}
                </th>
                <th scope="col" className="cell-number">
                  {t("credit.contribution")}
                </th>
                <th scope="col" className="cell-number">
                  {t("credit.lostPoints")}
                </th>
              </tr>
            </thead>
            <tbody>
              {assessment.factors.map((factor) => (
                <tr key={factor.key}>
                  <td>{factorLabel(factor.key, t)}</td>
                  <td className="cell-number cell-figure">
                    {factor.value === null ? t("credit.missing") : formatRatio(factor.value, language)}
                  </td>
                  <td>{factor.binLabel === null ? t("credit.missing") : binLabel(factor.binLabel, t)}</td>
                  <td className="cell-number cell-figure">{factor.weight}%</td>
                  <td className="cell-number cell-figure">{factor.points}</td>
                  <td className="cell-number cell-figure">{formatRatio(factor.contribution, language)}</td>
                  <td className="cell-number cell-figure">{formatRatio(factor.lostPoints, language)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="subtle">
          {t("credit.versions", { scorecard: assessment.scorecardVersion, policy: assessment.policyVersion })}
        </p>
      </section>
    </div>
  );
}
