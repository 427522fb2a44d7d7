import { useTranslation } from "react-i18next";
import { errorMessages } from "../../../../src/core/error-messages.ts";
import type { OrganizationOfUser } from "../../api/types.ts";
import { Link } from "../../components/link.tsx";
import { PageHeader } from "../../components/page-header.tsx";
import { currentLanguage } from "../../i18n/index.ts";
import { isReportsSection, orgPagePath, type ReportsSection, reportsSections } from "../../routes.ts";
import { can } from "../../session.ts";
import { ForecastPage } from "../forecast/forecast-page.tsx";
import { InstallmentPortfolioPage } from "../forecast/installment-portfolio-page.tsx";
import { AgingReportPage } from "./aging-report-page.tsx";
import { KpiPage } from "./kpi-page.tsx";

function Content(props: { readonly section: ReportsSection; readonly org: OrganizationOfUser }) {
  switch (props.section) {
    case "aging":
      return <AgingReportPage org={props.org} />;
    case "kpis":
      return <KpiPage org={props.org} />;
    case "forecast":
      return <ForecastPage org={props.org} />;
    case "installments":
      return <InstallmentPortfolioPage org={props.org} />;
  }
}

/** 报表: the aging, the KPIs, the cash forecast and the installment portfolio (reports.read). */
export function ReportsSectionPage(props: { readonly org: OrganizationOfUser; readonly sub: string | null }) {
  const { t } = useTranslation();
  const { org } = props;
  if (!can(org, "reports.read")) {
    return <p className="notice notice-info">{errorMessages.PERMISSION_DENIED[currentLanguage()]}</p>;
  }
  const first = reportsSections[0];
  const requested = props.sub ?? first;
  const current = isReportsSection(requested) ? requested : null;
  return (
    <>
      <PageHeader title={t("nav.reports")} orgName={org.name} />
      <nav className="tabs" aria-label={t("reportsSection.sections")}>
        {reportsSections.map((section) => (
          <Link
            key={section}
            to={orgPagePath(org.orgId, "reports", section === first ? undefined : section)}
            className="tab"
            aria-current={section === current ? "page" : undefined}
            data-reports={section}
          >
            {t(`reportsSection.${section}`)}
          </Link>
        ))}
      </nav>
      <div className="tab-panel">
        {current === null ? (
          <p className="notice notice-info">{t("shell.pageNotFound")}</p>
        ) : (
          // Keyed by the tab: each starts with fresh filters and forms.
          <Content key={current} section={current} org={org} />
        )}
      </div>
    </>
  );
}
