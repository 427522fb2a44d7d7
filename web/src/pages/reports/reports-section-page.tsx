import { useTranslation } from "react-i18next";
import type { OrganizationOfUser } from "../../api/types.ts";
import { SectionTabs } from "../../components/section-tabs.tsx";
import { type ReportsSection, reportsSections } from "../../routes.ts";
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
  return (
    <SectionTabs
      org={props.org}
      section="reports"
      title={t("nav.reports")}
      tabsLabel={t("reportsSection.sections")}
      permission="reports.read"
      tabs={reportsSections}
      sub={props.sub}
      tabLabel={(tab) => t(`reportsSection.${tab}`)}
    >
      {(tab) => <Content section={tab} org={props.org} />}
    </SectionTabs>
  );
}
