import { useTranslation } from "react-i18next";
import { errorMessages } from "../../../../src/core/error-messages.ts";
import type { OrganizationOfUser } from "../../api/types.ts";
import { Link } from "../../components/link.tsx";
import { PageHeader } from "../../components/page-header.tsx";
import { currentLanguage } from "../../i18n/index.ts";
import { isRiskSection, orgPagePath, type RiskSection, riskSections } from "../../routes.ts";
import { can } from "../../session.ts";
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
  const { org } = props;
  if (!can(org, "risk.read")) {
    return <p className="notice notice-info">{errorMessages.PERMISSION_DENIED[currentLanguage()]}</p>;
  }
  const first = riskSections[0];
  const requested = props.sub ?? first;
  const current = isRiskSection(requested) ? requested : null;
  return (
    <>
      <PageHeader title={t("nav.risk")} orgName={org.name} />
      <nav className="tabs" aria-label={t("riskSection.sections")}>
        {riskSections.map((section) => (
          <Link
            key={section}
            to={orgPagePath(org.orgId, "risk", section === first ? undefined : section)}
            className="tab"
            aria-current={section === current ? "page" : undefined}
            data-risk={section}
          >
            {t(`riskSection.${section}`)}
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
