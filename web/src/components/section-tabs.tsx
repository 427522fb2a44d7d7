import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { errorMessages } from "../../../src/core/error-messages.ts";
import type { OrganizationOfUser, Permission } from "../api/types.ts";
import { currentLanguage } from "../i18n/index.ts";
import { orgPagePath } from "../routes.ts";
import { can } from "../session.ts";
import { Link } from "./link.tsx";
import { PageHeader } from "./page-header.tsx";

/**
 * A section of tabs (Reports, Risk): its heading, a tab per sub-page (the first at the section's
 * own address), and the current tab's page, keyed by the tab so that each starts with fresh
 * filters and forms. Reading the section takes `permission`; each link carries `data-<section>`.
 */
export function SectionTabs<Tab extends string>(props: {
  readonly org: OrganizationOfUser;
  readonly section: "reports" | "risk";
  readonly title: string;
  readonly tabsLabel: string;
  readonly permission: Permission;
  readonly tabs: ReadonlyArray<Tab>;
  readonly sub: string | null;
  readonly tabLabel: (tab: Tab) => string;
  readonly children: (tab: Tab) => ReactNode;
}) {
  const { t } = useTranslation();
  const { org, section, tabs } = props;
  if (!can(org, props.permission)) {
    return <p className="notice notice-info">{errorMessages.PERMISSION_DENIED[currentLanguage()]}</p>;
  }
  const first = tabs[0];
  const requested = props.sub ?? first;
  const current = tabs.find((tab) => tab === requested) ?? null;
  return (
    <>
      <PageHeader title={props.title} orgName={org.name} />
      <nav className="tabs" aria-label={props.tabsLabel}>
        {tabs.map((tab) => (
          <Link
            key={tab}
            to={orgPagePath(org.orgId, section, tab === first ? undefined : tab)}
            className="tab"
            aria-current={tab === current ? "page" : undefined}
            {...{ [`data-${section}`]: tab }}
          >
            {props.tabLabel(tab)}
          </Link>
        ))}
      </nav>
      <div className="tab-panel">
        {current === null ? (
          <p className="notice notice-info">{t("shell.pageNotFound")}</p>
        ) : (
          <div key={current}>{props.children(current)}</div>
        )}
      </div>
    </>
  );
}
