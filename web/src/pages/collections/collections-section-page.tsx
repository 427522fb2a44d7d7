import { useTranslation } from "react-i18next";
import { errorMessages } from "../../../../src/core/error-messages.ts";
import type { OrganizationOfUser, SessionView } from "../../api/types.ts";
import { Link } from "../../components/link.tsx";
import { PageHeader } from "../../components/page-header.tsx";
import { currentLanguage } from "../../i18n/index.ts";
import {
  type CollectionsSection,
  collectionsSections,
  isCollectionsSection,
  orgPagePath,
} from "../../routes.ts";
import { can } from "../../session.ts";
import { DisputesPage } from "./disputes-page.tsx";
import { DunningPolicyPage } from "./dunning-policy-page.tsx";
import { EffectivenessPage } from "./effectiveness-page.tsx";
import { EodPage } from "./eod-page.tsx";
import { LegalPage } from "./legal-page.tsx";
import { NoticesPage } from "./notices-page.tsx";
import { OutboxPage } from "./outbox-page.tsx";
import { WorklistPage } from "./worklist-page.tsx";

function CollectionsContent(props: {
  readonly section: CollectionsSection;
  readonly org: OrganizationOfUser;
  readonly session: SessionView;
}) {
  switch (props.section) {
    case "worklist":
      return <WorklistPage org={props.org} session={props.session} />;
    case "notices":
      return <NoticesPage org={props.org} />;
    case "disputes":
      return <DisputesPage org={props.org} />;
    case "legal":
      return <LegalPage org={props.org} />;
    case "outbox":
      return <OutboxPage org={props.org} />;
    case "eod":
      return <EodPage org={props.org} />;
    case "effectiveness":
      return <EffectivenessPage org={props.org} />;
    case "policy":
      return <DunningPolicyPage org={props.org} />;
  }
}

/**
 * 催收: the collector's worklist, the dunning notices, disputes, legal cases, the outbox, the
 * end-of-day runs, effectiveness and the dunning policy. Reading takes collections.read; logging
 * calls, deciding notices, working disputes and legal cases and retrying messages
 * collections.manage; the policy and fee waivers collections.configure; running the batch eod.run.
 */
export function CollectionsSectionPage(props: {
  readonly org: OrganizationOfUser;
  readonly session: SessionView;
  readonly sub: string | null;
}) {
  const { t } = useTranslation();
  const { org } = props;
  if (!can(org, "collections.read")) {
    return <p className="notice notice-info">{errorMessages.PERMISSION_DENIED[currentLanguage()]}</p>;
  }
  const requested = props.sub ?? "worklist";
  const current = isCollectionsSection(requested) ? requested : null;
  return (
    <>
      <PageHeader title={t("nav.collections")} orgName={org.name} />
      <nav className="tabs" aria-label={t("collectionsSection.sections")}>
        {collectionsSections.map((section) => (
          <Link
            key={section}
            to={orgPagePath(org.orgId, "collections", section === "worklist" ? undefined : section)}
            className="tab"
            aria-current={section === current ? "page" : undefined}
            data-collections={section}
          >
            {t(`collectionsSection.${section}`)}
          </Link>
        ))}
      </nav>
      <div className="tab-panel">
        {current === null ? (
          <p className="notice notice-info">{t("shell.pageNotFound")}</p>
        ) : (
          // Keyed by the tab: each starts with fresh filters and forms.
          <CollectionsContent key={current} section={current} org={org} session={props.session} />
        )}
      </div>
    </>
  );
}
