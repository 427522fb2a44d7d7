import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { errorMessages } from "../../../../src/core/error-messages.ts";
import type { OrganizationOfUser } from "../../api/types.ts";
import { Link } from "../../components/link.tsx";
import { PageHeader } from "../../components/page-header.tsx";
import { currentLanguage } from "../../i18n/index.ts";
import {
  isDocumentId,
  isPaymentSection,
  orgPagePath,
  type PaymentSection,
  paymentSections,
} from "../../routes.ts";
import { can } from "../../session.ts";
import { BankPage } from "./bank-page.tsx";
import { NewPaymentPage } from "./new-payment-page.tsx";
import { PaymentListPage } from "./payment-list-page.tsx";
import { PaymentPage } from "./payment-page.tsx";

function PaymentsContent(props: { readonly section: PaymentSection; readonly org: OrganizationOfUser }) {
  switch (props.section) {
    case "list":
      return <PaymentListPage org={props.org} />;
    case "bank":
      return <BankPage org={props.org} />;
    case "new":
      return <NewPaymentPage org={props.org} />;
  }
}

function denied() {
  return <p className="notice notice-info">{errorMessages.PERMISSION_DENIED[currentLanguage()]}</p>;
}

/**
 * 回款: the payments received, the bank statements with their review queue (银行对账), recording one
 * (payments.manage), and one payment's page. Reading takes receivables.read, like the rest of
 * receivables; importing and resolving bank lines take payments.manage.
 */
export function PaymentsSectionPage(props: {
  readonly org: OrganizationOfUser;
  readonly sub: string | null;
}) {
  const { t } = useTranslation();
  const { org } = props;
  const requested = props.sub ?? "list";
  if (!can(org, "receivables.read")) return denied();

  // A payment's page is keyed by its id: another payment starts with fresh dialogs.
  if (isDocumentId(requested)) {
    return <PaymentPage key={requested} org={org} paymentId={requested.toLowerCase()} />;
  }

  const records = can(org, "payments.manage");
  const sections = paymentSections.filter((section) => records || section !== "new");
  let content: ReactNode;
  if (!isPaymentSection(requested)) {
    content = <p className="notice notice-info">{t("shell.pageNotFound")}</p>;
  } else if (!sections.includes(requested)) {
    content = denied();
  } else {
    content = <PaymentsContent section={requested} org={org} />;
  }

  return (
    <>
      <PageHeader title={t("nav.payments")} orgName={org.name} />
      {sections.length > 1 && (
        <nav className="tabs" aria-label={t("paymentSection.sections")}>
          {sections.map((section) => (
            <Link
              key={section}
              to={orgPagePath(org.orgId, "payments", section === "list" ? undefined : section)}
              className="tab"
              aria-current={section === requested ? "page" : undefined}
              data-payments={section}
            >
              {t(`paymentSection.${section}`)}
            </Link>
          ))}
        </nav>
      )}
      <div className="tab-panel">{content}</div>
    </>
  );
}
