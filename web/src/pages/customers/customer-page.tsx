import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { errorMessages } from "../../../../src/core/error-messages.ts";
import { api, orgPath } from "../../api/client.ts";
import type { Customer, OrganizationOfUser } from "../../api/types.ts";
import { ErrorMessage } from "../../components/error-message.tsx";
import { Link } from "../../components/link.tsx";
import { PageHeader } from "../../components/page-header.tsx";
import { currentLanguage } from "../../i18n/index.ts";
import { queryKeys } from "../../query-keys.ts";
import { useLocation } from "../../router.ts";
import { type CustomerTab, customerTabs, isCustomerTab, orgPagePath } from "../../routes.ts";
import { can } from "../../session.ts";
import { CustomerCollections } from "../collections/customer-collections.tsx";
import { AssessmentHistory } from "../credit/assessment-history.tsx";
import { CreditPanel } from "../credit/credit-panel.tsx";
import { useMembers } from "../credit/credit-queries.ts";
import { CreditReportsSection } from "../credit/credit-reports-section.tsx";
import { StatementsSection } from "../credit/statements-section.tsx";
import { CustomerOffers } from "../plans/customer-offers.tsx";
import { CustomerReceivables } from "../receivables/customer-receivables.tsx";
import { CustomerAddresses } from "./customer-addresses.tsx";
import { CustomerCommunications } from "./customer-communications.tsx";
import { CustomerContacts } from "./customer-contacts.tsx";
import { CustomerProfile, ownerName } from "./customer-profile.tsx";

/**
 * The credit tabs need credit.read, receivables receivables.read, collections collections.read,
 * the installment offers plans.read; the record's tabs come with customers.read.
 */
const creditTabs: ReadonlySet<CustomerTab> = new Set(["credit", "statements", "reports", "assessments"]);

function TabContent(props: {
  readonly tab: CustomerTab;
  readonly org: OrganizationOfUser;
  readonly customer: Customer;
  readonly members: ReturnType<typeof useMembers>["data"];
}) {
  const { org, customer } = props;
  const id = customer.customerId;
  switch (props.tab) {
    case "credit":
      return <CreditPanel org={org} customer={customer} />;
    case "receivables":
      return <CustomerReceivables org={org} customer={customer} />;
    case "collections":
      return <CustomerCollections org={org} customer={customer} />;
    case "statements":
      return <StatementsSection org={org} customerId={id} />;
    case "reports":
      return <CreditReportsSection org={org} customerId={id} />;
    case "assessments":
      return <AssessmentHistory org={org} customerId={id} />;
    case "plans":
      return <CustomerOffers org={org} customer={customer} />;
    case "profile":
      return <CustomerProfile org={org} customer={customer} members={props.members?.items} />;
    case "contacts":
      return <CustomerContacts org={org} customerId={id} />;
    case "addresses":
      return <CustomerAddresses org={org} customerId={id} />;
    case "communications":
      return <CustomerCommunications org={org} customerId={id} />;
  }
}

/**
 * One customer: its credit first, what it owes and how it is chased, then statements, reports,
 * assessments and the record itself.
 */
export function CustomerPage(props: { readonly org: OrganizationOfUser; readonly customerId: string }) {
  const { t } = useTranslation();
  const { org, customerId } = props;
  const location = useLocation();
  const members = useMembers(org.orgId, can(org, "members.read"));
  const customer = useQuery({
    queryKey: queryKeys.customer(org.orgId, customerId),
    queryFn: () => api.get<Customer>(orgPath(org.orgId, "customers", customerId)),
  });

  const readsCredit = can(org, "credit.read");
  const readsPlans = can(org, "plans.read");
  const readsReceivables = can(org, "receivables.read");
  const readsCollections = can(org, "collections.read");
  const tabs = customerTabs.filter(
    (tab) =>
      (readsCredit || !creditTabs.has(tab)) &&
      (readsPlans || tab !== "plans") &&
      (readsReceivables || tab !== "receivables") &&
      (readsCollections || tab !== "collections"),
  );
  const requested = location.search.get("tab") ?? tabs[0] ?? "profile";
  const back = (
    <Link to={orgPagePath(org.orgId, "customers")} className="back-link">
      ← {t("customers.backToList")}
    </Link>
  );

  if (customer.isPending) {
    return (
      <>
        {back}
        <p className="muted">{t("common.loading")}</p>
      </>
    );
  }
  if (customer.isError) {
    return (
      <>
        {back}
        <ErrorMessage error={customer.error} />
      </>
    );
  }
  const record = customer.data;
  const owner = ownerName(members.data?.items, record.ownerUserId);

  let content: ReactNode;
  if (!isCustomerTab(requested)) content = <p className="notice notice-info">{t("shell.pageNotFound")}</p>;
  else if (!tabs.includes(requested)) {
    content = <p className="notice notice-info">{errorMessages.PERMISSION_DENIED[currentLanguage()]}</p>;
  } else content = <TabContent tab={requested} org={org} customer={record} members={members.data} />;

  return (
    <>
      {back}
      <PageHeader title={record.name} orgName={org.name} />
      <p className="customer-summary" data-testid="customer-summary">
        <span className="mono">{record.code}</span>
        <span>{t(`customers.kinds.${record.kind}`)}</span>
        {record.grade !== null && <span className={`grade grade-${record.grade}`}>{record.grade}</span>}
        {record.industry !== null && <span>{record.industry}</span>}
        {owner !== null && <span>{t("customers.ownedBy", { name: owner })}</span>}
        {record.tags.map((tag) => (
          <span key={tag} className="tag tag-plain">
            {tag}
          </span>
        ))}
      </p>
      <nav className="tabs" aria-label={t("customer.sections")}>
        {tabs.map((tab) => (
          <Link
            key={tab}
            to={orgPagePath(org.orgId, "customers", customerId, { tab })}
            className="tab"
            aria-current={tab === requested ? "page" : undefined}
            data-tab={tab}
          >
            {t(`customer.tabs.${tab}`)}
          </Link>
        ))}
      </nav>
      <div className="tab-panel">{content}</div>
    </>
  );
}
