import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { errorMessages } from "../../../../src/core/error-messages.ts";
import type { OrganizationOfUser } from "../../api/types.ts";
import { Link } from "../../components/link.tsx";
import { PageHeader } from "../../components/page-header.tsx";
import { currentLanguage } from "../../i18n/index.ts";
import {
  isDocumentId,
  isReceivablesSection,
  newInvoiceSub,
  orgPagePath,
  type ReceivablesSection,
  receivablesSections,
} from "../../routes.ts";
import { can } from "../../session.ts";
import { AgingPage } from "./aging-page.tsx";
import { InvoiceListPage } from "./invoice-list-page.tsx";
import { InvoicePage } from "./invoice-page.tsx";
import { NewInvoicePage } from "./new-invoice-page.tsx";
import { StatementListPage } from "./statement-list-page.tsx";
import { StatementPage } from "./statement-page.tsx";

function ReceivablesContent(props: {
  readonly section: ReceivablesSection;
  readonly org: OrganizationOfUser;
}) {
  switch (props.section) {
    case "invoices":
      return <InvoiceListPage org={props.org} />;
    case "aging":
      return <AgingPage org={props.org} />;
    case "statements":
      return <StatementListPage org={props.org} />;
  }
}

function denied() {
  return <p className="notice notice-info">{errorMessages.PERMISSION_DENIED[currentLanguage()]}</p>;
}

/**
 * 应收: the invoices (with credit and debit notes), the aging and the statements of account, one
 * document's or statement's page, and the new-invoice form. Reading takes receivables.read;
 * keying in an invoice receivables.manage, making and sending a statement statements.send.
 */
export function ReceivablesSectionPage(props: {
  readonly org: OrganizationOfUser;
  readonly sub: string | null;
  /** A statement's id below `statements`. */
  readonly detail: string | null;
}) {
  const { t } = useTranslation();
  const { org, detail } = props;
  const requested = props.sub ?? "invoices";
  if (!can(org, "receivables.read")) return denied();

  // A document's page is keyed by its id: another document starts with fresh forms.
  if (isDocumentId(requested)) {
    return <InvoicePage key={requested} org={org} invoiceId={requested.toLowerCase()} />;
  }
  if (requested === "statements" && detail !== null) {
    if (!isDocumentId(detail)) return <p className="notice notice-info">{t("shell.pageNotFound")}</p>;
    return <StatementPage key={detail} org={org} statementId={detail.toLowerCase()} />;
  }

  let content: ReactNode;
  let current: ReceivablesSection | null = null;
  if (requested === newInvoiceSub) {
    content = can(org, "receivables.manage") ? <NewInvoicePage org={org} /> : denied();
    current = "invoices";
  } else if (isReceivablesSection(requested)) {
    content = <ReceivablesContent section={requested} org={org} />;
    current = requested;
  } else {
    content = <p className="notice notice-info">{t("shell.pageNotFound")}</p>;
  }

  return (
    <>
      <PageHeader title={t("nav.receivables")} orgName={org.name} />
      <nav className="tabs" aria-label={t("receivablesSection.sections")}>
        {receivablesSections.map((section) => (
          <Link
            key={section}
            to={orgPagePath(org.orgId, "receivables", section === "invoices" ? undefined : section)}
            className="tab"
            aria-current={section === current ? "page" : undefined}
            data-receivables={section}
          >
            {t(`receivablesSection.${section}`)}
          </Link>
        ))}
      </nav>
      <div className="tab-panel">{content}</div>
    </>
  );
}
