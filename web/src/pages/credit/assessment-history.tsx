import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { OrganizationOfUser } from "../../api/types.ts";
import { ErrorMessage } from "../../components/error-message.tsx";
import { ListTable } from "../../components/list-table.tsx";
import { formatDate, formatInstant } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { AssessmentDetails } from "./assessment-details.tsx";
import { money, termsText } from "./credit-format.ts";
import { useAssessments } from "./credit-queries.ts";

/** Every assessment of a customer, newest first; one opens to show what it found. */
export function AssessmentHistory(props: { readonly org: OrganizationOfUser; readonly customerId: string }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { org } = props;
  const assessments = useAssessments(org.orgId, props.customerId);
  const [selected, setSelected] = useState<string | null>(null);
  const items = assessments.data?.items ?? [];
  const shown = items.find((a) => a.assessmentId === selected) ?? null;

  return (
    <>
      <ErrorMessage error={assessments.error} />
      <ListTable
        pending={assessments.isPending}
        testId="assessments-table"
        head={
          <>
            <th scope="col">{t("assessments.assessedOn")}</th>
            <th scope="col">{t("credit.grade")}</th>
            <th scope="col" className="cell-number">
              {t("credit.score")}
            </th>
            <th scope="col" className="cell-amount">
              {t("assessments.recommendedLimit")}
            </th>
            <th scope="col">{t("credit.terms")}</th>
            <th scope="col">{t("assessments.statement")}</th>
            <th scope="col">{t("assessments.validThrough")}</th>
            <th scope="col">{t("assessments.versions")}</th>
            <th scope="col">{t("assessments.by")}</th>
            <th scope="col" className="cell-actions">
              <span className="visually-hidden">{t("accounts.actions")}</span>
            </th>
          </>
        }
        columnCount={10}
        rowCount={items.length}
        emptyText={t("assessments.empty")}
      >
        {items.map((assessment) => (
          <tr key={assessment.assessmentId}>
            <td>{formatDate(assessment.assessedOn, language)}</td>
            <td>
              <span className={`grade grade-${assessment.grade}`}>{assessment.grade}</span>
            </td>
            <td className="cell-number cell-figure">{assessment.score}</td>
            <td className="cell-amount">
              {money(assessment.recommendation.limit, assessment.currency, language)}
            </td>
            <td>{termsText(assessment.recommendation.terms, t)}</td>
            <td>
              {assessment.statementPeriodEnd === null
                ? t("common.none")
                : formatDate(assessment.statementPeriodEnd, language)}
            </td>
            <td>{formatDate(assessment.expiresOn, language)}</td>
            <td className="subtle">
              {t("assessments.versionText", {
                scorecard: assessment.scorecardVersion,
                policy: assessment.policyVersion,
              })}
            </td>
            <td>
              {assessment.createdBy}
              <div className="subtle">{formatInstant(assessment.createdAt, org.timeZone, language)}</div>
            </td>
            <td className="cell-actions">
              <button
                type="button"
                className="button button-small"
                aria-pressed={assessment.assessmentId === selected}
                onClick={() =>
                  setSelected(assessment.assessmentId === selected ? null : assessment.assessmentId)
                }
              >
                {assessment.assessmentId === selected ? t("statements.hide") : t("statements.show")}
              </button>
            </td>
          </tr>
        ))}
      </ListTable>
      {shown !== null && <AssessmentDetails assessment={shown} currency={shown.currency} />}
    </>
  );
}
