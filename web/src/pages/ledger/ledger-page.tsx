import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { errorMessages } from "../../../../src/core/error-messages.ts";
import type { OrganizationOfUser } from "../../api/types.ts";
import { Link } from "../../components/link.tsx";
import { PageHeader } from "../../components/page-header.tsx";
import { currentLanguage } from "../../i18n/index.ts";
import { isLedgerSection, type LedgerSection, ledgerSections, orgPagePath } from "../../routes.ts";
import { can } from "../../session.ts";
import { AccountsPage } from "./accounts-page.tsx";
import { GeneralLedgerPage } from "./general-ledger-page.tsx";
import { JournalPage } from "./journal-page.tsx";
import { PeriodsPage } from "./periods-page.tsx";
import { TrialBalancePage } from "./trial-balance-page.tsx";

function LedgerContent(props: { readonly section: LedgerSection; readonly org: OrganizationOfUser }) {
  switch (props.section) {
    case "journal":
      return <JournalPage org={props.org} />;
    case "accounts":
      return <AccountsPage org={props.org} />;
    case "general-ledger":
      return <GeneralLedgerPage org={props.org} />;
    case "trial-balance":
      return <TrialBalancePage org={props.org} />;
    case "periods":
      return <PeriodsPage org={props.org} />;
  }
}

/** The books of one organization: journal, chart, general ledger, trial balance and periods. */
export function LedgerPage(props: { readonly org: OrganizationOfUser; readonly sub: string | null }) {
  const { t } = useTranslation();
  const { org } = props;
  const requested = props.sub ?? "journal";

  let content: ReactNode;
  if (!can(org, "ledger.read")) {
    content = <p className="notice notice-info">{errorMessages.PERMISSION_DENIED[currentLanguage()]}</p>;
  } else if (!isLedgerSection(requested)) {
    content = <p className="notice notice-info">{t("shell.pageNotFound")}</p>;
  } else {
    content = <LedgerContent section={requested} org={org} />;
  }

  return (
    <>
      <PageHeader title={t("ledger.title")} orgName={org.name} />
      {can(org, "ledger.read") && (
        <nav className="tabs" aria-label={t("ledger.sections")}>
          {ledgerSections.map((section) => (
            <Link
              key={section}
              to={orgPagePath(org.orgId, "ledger", section)}
              className="tab"
              aria-current={section === requested ? "page" : undefined}
              data-ledger={section}
            >
              {t(`ledger.${section}`)}
            </Link>
          ))}
        </nav>
      )}
      <div className="tab-panel">{content}</div>
    </>
  );
}
