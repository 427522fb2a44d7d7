import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { errorMessages } from "../../../../src/core/error-messages.ts";
import type { OrganizationOfUser, Permission, SessionView } from "../../api/types.ts";
import { Link } from "../../components/link.tsx";
import { PageHeader } from "../../components/page-header.tsx";
import { currentLanguage } from "../../i18n/index.ts";
import { isSettingsSection, orgPagePath, type SettingsSection, settingsSections } from "../../routes.ts";
import { can } from "../../session.ts";
import { AuditLogPage } from "./audit-log-page.tsx";
import { MembersPage } from "./members-page.tsx";
import { OrganizationSettings } from "./organization-settings.tsx";
import { PostingRulesPage } from "./posting-rules-page.tsx";
import { TokensPage } from "./tokens-page.tsx";

const permissionOf: Readonly<Record<SettingsSection, Permission>> = {
  organization: "org.read",
  members: "members.read",
  tokens: "tokens.manage",
  audit: "audit.read",
  "posting-rules": "ledger.read",
};

function SettingsContent(props: {
  readonly section: SettingsSection;
  readonly org: OrganizationOfUser;
  readonly session: SessionView;
}) {
  switch (props.section) {
    case "organization":
      return <OrganizationSettings org={props.org} />;
    case "members":
      return <MembersPage org={props.org} session={props.session} />;
    case "tokens":
      return <TokensPage org={props.org} />;
    case "audit":
      return <AuditLogPage org={props.org} />;
    case "posting-rules":
      return <PostingRulesPage org={props.org} />;
  }
}

export function SettingsPage(props: {
  readonly org: OrganizationOfUser;
  readonly session: SessionView;
  readonly sub: string | null;
}) {
  const { t } = useTranslation();
  const { org } = props;
  const requested = props.sub ?? "organization";
  const visible = settingsSections.filter((section) => can(org, permissionOf[section]));

  let content: ReactNode;
  if (!isSettingsSection(requested)) {
    content = <p className="notice notice-info">{t("shell.pageNotFound")}</p>;
  } else if (!can(org, permissionOf[requested])) {
    content = <p className="notice notice-info">{errorMessages.PERMISSION_DENIED[currentLanguage()]}</p>;
  } else {
    content = <SettingsContent section={requested} org={org} session={props.session} />;
  }

  return (
    <>
      <PageHeader title={t("settings.title")} orgName={org.name} />
      <nav className="tabs" aria-label={t("settings.sections")}>
        {visible.map((section) => (
          <Link
            key={section}
            to={orgPagePath(org.orgId, "settings", section)}
            className="tab"
            aria-current={section === requested ? "page" : undefined}
            data-settings={section}
          >
            {t(`settings.${section}`)}
          </Link>
        ))}
      </nav>
      <div className="tab-panel">{content}</div>
    </>
  );
}
