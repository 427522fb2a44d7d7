import { useTranslation } from "react-i18next";
import type { OrganizationOfUser } from "../../api/types.ts";
import { SectionTabs } from "../../components/section-tabs.tsx";
import { type RiskSection, riskSections } from "../../routes.ts";
import { AlertsPage } from "../warnings/alerts-page.tsx";
import { WarningRulesPage } from "../warnings/warning-rules-page.tsx";
import { ProvisionsPage } from "./provisions-page.tsx";
import { WriteOffsPage } from "./write-offs-page.tsx";

function Content(props: { readonly section: RiskSection; readonly org: OrganizationOfUser }) {
  switch (props.section) {
    case "alerts":
      return <AlertsPage org={props.org} />;
    case "rules":
      return <WarningRulesPage org={props.org} />;
    case "provisions":
      return <ProvisionsPage org={props.org} />;
    case "write-offs":
      return <WriteOffsPage org={props.org} />;
  }
}

/**
 * 风险: early-warning alerts and rules, expected-credit-loss provisions and write-offs. Reading takes
 * risk.read; handling alerts, running provisions and asking for write-offs risk.manage; approving a
 * write-off risk.approve (never the person who asked); the rules and the provision settings
 * risk.configure.
 */
export function RiskSectionPage(props: { readonly org: OrganizationOfUser; readonly sub: string | null }) {
  const { t } = useTranslation();
  return (
    <SectionTabs
      org={props.org}
      section="risk"
      title={t("nav.risk")}
      tabsLabel={t("riskSection.sections")}
      permission="risk.read"
      tabs={riskSections}
      sub={props.sub}
      tabLabel={(tab) => t(`riskSection.${tab}`)}
    >
      {(tab) => <Content section={tab} org={props.org} />}
    </SectionTabs>
  );
}
