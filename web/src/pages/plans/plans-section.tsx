import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { errorMessages } from "../../../../src/core/error-messages.ts";
import type { OrganizationOfUser } from "../../api/types.ts";
import { Link } from "../../components/link.tsx";
import { PageHeader } from "../../components/page-header.tsx";
import { currentLanguage } from "../../i18n/index.ts";
import { isPlanId, isPlanSection, orgPagePath, type PlanSection, planSections } from "../../routes.ts";
import { can } from "../../session.ts";
import { InstallmentPolicyPage } from "./installment-policy-page.tsx";
import { PlanListPage } from "./plan-list-page.tsx";
import { PlanPage } from "./plan-page.tsx";
import { PlansPage } from "./plans-page.tsx";

function PlansContent(props: { readonly section: PlanSection; readonly org: OrganizationOfUser }) {
  switch (props.section) {
    case "designer":
      return <PlansPage org={props.org} />;
    case "list":
      return <PlanListPage org={props.org} />;
    case "policy":
      return <InstallmentPolicyPage org={props.org} />;
  }
}

/**
 * 分期: the designer (open to everyone: it only computes), the plans as documents and the policy
 * that prices them (plans.read), and one plan's page.
 */
export function PlansSection(props: { readonly org: OrganizationOfUser; readonly sub: string | null }) {
  const { t } = useTranslation();
  const { org } = props;
  const requested = props.sub ?? "designer";
  const reads = can(org, "plans.read");

  // A plan's page is keyed by its id: another plan starts with fresh forms.
  if (isPlanId(requested)) {
    if (!reads) {
      return <p className="notice notice-info">{errorMessages.PERMISSION_DENIED[currentLanguage()]}</p>;
    }
    return <PlanPage key={requested} org={org} planId={requested.toLowerCase()} />;
  }

  const sections = planSections.filter((section) => reads || section === "designer");
  let content: ReactNode;
  if (!isPlanSection(requested)) {
    content = <p className="notice notice-info">{t("shell.pageNotFound")}</p>;
  } else if (!sections.includes(requested)) {
    content = <p className="notice notice-info">{errorMessages.PERMISSION_DENIED[currentLanguage()]}</p>;
  } else {
    content = <PlansContent section={requested} org={org} />;
  }

  return (
    <>
      <PageHeader title={t("plans.title")} orgName={org.name} />
      {sections.length > 1 && (
        <nav className="tabs" aria-label={t("planSection.sections")}>
          {sections.map((section) => (
            <Link
              key={section}
              to={orgPagePath(org.orgId, "plans", section === "designer" ? undefined : section)}
              className="tab"
              aria-current={section === requested ? "page" : undefined}
              data-plans={section}
            >
              {t(`planSection.${section}`)}
            </Link>
          ))}
        </nav>
      )}
      <div className="tab-panel">{content}</div>
    </>
  );
}
