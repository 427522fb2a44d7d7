import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { errorMessages } from "../../../../src/core/error-messages.ts";
import type { OrganizationOfUser, SessionView } from "../../api/types.ts";
import { Link } from "../../components/link.tsx";
import { PageHeader } from "../../components/page-header.tsx";
import { currentLanguage } from "../../i18n/index.ts";
import { type CreditSection, creditSections, isCreditSection, orgPagePath } from "../../routes.ts";
import { can } from "../../session.ts";
import { ApprovalsPage } from "./approvals-page.tsx";
import { PolicyPage } from "./policy-page.tsx";
import { ScorecardPage } from "./scorecard-page.tsx";
import { TasksPage } from "./tasks-page.tsx";

function CreditContent(props: {
  readonly section: CreditSection;
  readonly org: OrganizationOfUser;
  readonly session: SessionView;
}) {
  switch (props.section) {
    case "approvals":
      return <ApprovalsPage org={props.org} session={props.session} />;
    case "tasks":
      return <TasksPage org={props.org} />;
    case "scorecard":
      return <ScorecardPage org={props.org} />;
    case "policy":
      return <PolicyPage org={props.org} />;
  }
}

/** Credit work of the organization: approvals, re-assessment tasks, the scorecard and the policy. */
export function CreditPage(props: {
  readonly org: OrganizationOfUser;
  readonly session: SessionView;
  readonly sub: string | null;
}) {
  const { t } = useTranslation();
  const { org } = props;
  const requested = props.sub ?? "approvals";
  const reads = can(org, "credit.read");

  let content: ReactNode;
  if (!reads) {
    content = <p className="notice notice-info">{errorMessages.PERMISSION_DENIED[currentLanguage()]}</p>;
  } else if (!isCreditSection(requested)) {
    content = <p className="notice notice-info">{t("shell.pageNotFound")}</p>;
  } else {
    content = <CreditContent section={requested} org={org} session={props.session} />;
  }

  return (
    <>
      <PageHeader title={t("creditSection.title")} orgName={org.name} />
      {reads && (
        <nav className="tabs" aria-label={t("creditSection.sections")}>
          {creditSections.map((section) => (
            <Link
              key={section}
              to={orgPagePath(org.orgId, "credit", section)}
              className="tab"
              aria-current={section === requested ? "page" : undefined}
              data-credit={section}
            >
              {t(`creditSection.${section}`)}
            </Link>
          ))}
        </nav>
      )}
      <div className="tab-panel">{content}</div>
    </>
  );
}
