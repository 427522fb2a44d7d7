import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { OrganizationOfUser } from "../../api/types.ts";
import { ErrorMessage } from "../../components/error-message.tsx";
import { ListTable } from "../../components/list-table.tsx";
import { formatAmount, formatDate } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { collectionsIssues, formatDays } from "./collections-format.tsx";
import { useDisputeReport } from "./collections-queries.ts";
import { defaultPeriod, type Period, PeriodFields, periodIssues } from "./period-fields.tsx";

/**
 * Disputes opened in a period, by reason: how many are open, credited and rejected, what they
 * dispute (all of them and the open ones) and how many days a resolved one took on average. It
 * shows which complaints cost the most and which drag on.
 */
export function DisputeReportCard({ org }: { readonly org: OrganizationOfUser }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const [period, setPeriod] = useState<Period>(() => defaultPeriod(org.timeZone));
  const report = useDisputeReport(org.orgId, period);
  const issues = periodIssues(collectionsIssues(report.error, t));
  const lines = report.data?.lines ?? [];
  return (
    <section className="card" aria-labelledby="dispute-report-title" data-testid="dispute-report">
      <h2 id="dispute-report-title">{t("collections.disputes.reportTitle")}</h2>
      <p className="muted">{t("collections.disputes.reportIntro")}</p>
      <PeriodFields
        timeZone={org.timeZone}
        period={period}
        issues={issues}
        testId="dispute-report-period"
        onChange={setPeriod}
      />
      {issues.size === 0 && <ErrorMessage error={report.error} />}
      {report.data !== undefined && (
        <p className="subtle" data-testid="dispute-report-summary">
          {t("collections.disputes.reportPeriod", {
            from: formatDate(report.data.from, language),
            to: formatDate(report.data.to, language),
            currency: report.data.currency,
          })}
        </p>
      )}
      <ListTable
        pending={report.isPending}
        testId="dispute-report-lines"
        head={
          <>
            <th scope="col">{t("collections.disputes.columns.reason")}</th>
            <th scope="col" className="cell-amount">
              {t("collections.disputes.reportColumns.opened")}
            </th>
            <th scope="col" className="cell-amount">
              {t("collections.disputes.reportColumns.open")}
            </th>
            <th scope="col" className="cell-amount">
              {t("collections.disputes.reportColumns.credited")}
            </th>
            <th scope="col" className="cell-amount">
              {t("collections.disputes.reportColumns.rejected")}
            </th>
            <th scope="col" className="cell-amount">
              {t("collections.disputes.reportColumns.total")}
            </th>
            <th scope="col" className="cell-amount">
              {t("collections.disputes.reportColumns.openAmount")}
            </th>
            <th scope="col" className="cell-amount">
              {t("collections.disputes.reportColumns.meanDays")}
            </th>
          </>
        }
        columnCount={8}
        rowCount={lines.length}
        emptyText={t("collections.disputes.reportEmpty")}
      >
        {lines.map((line) => (
          <tr key={line.reasonCode} data-reason={line.reasonCode}>
            <td>{t(`collections.disputeReasons.${line.reasonCode}`)}</td>
            <td className="cell-amount" data-column="opened">
              {line.openCount + line.creditedCount + line.rejectedCount}
            </td>
            <td className="cell-amount" data-column="open">
              {line.openCount}
            </td>
            <td className="cell-amount" data-column="credited">
              {line.creditedCount}
            </td>
            <td className="cell-amount" data-column="rejected">
              {line.rejectedCount}
            </td>
            <td className="cell-amount">{formatAmount(line.total, language)}</td>
            <td className="cell-amount">{formatAmount(line.open, language)}</td>
            <td className="cell-amount">
              {line.meanDaysToResolve === null ? (
                <span className="subtle">{t("common.none")}</span>
              ) : (
                formatDays(line.meanDaysToResolve, language)
              )}
            </td>
          </tr>
        ))}
      </ListTable>
    </section>
  );
}
