import i18next from "i18next";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { errorMessages } from "../../src/core/error-messages.ts";
import { isApiError } from "./api/client.ts";
import type { Locale, OrganizationOfUser, SessionView } from "./api/types.ts";
import { AppShell } from "./components/app-shell.tsx";
import { ErrorMessage } from "./components/error-message.tsx";
import { Link } from "./components/link.tsx";
import { currentLanguage, rememberLanguage } from "./i18n/index.ts";
import { CollectionsSectionPage } from "./pages/collections/collections-section-page.tsx";
import { CreditPage } from "./pages/credit/credit-page.tsx";
import { CustomerPage } from "./pages/customers/customer-page.tsx";
import { CustomersPage } from "./pages/customers/customers-page.tsx";
import { DashboardPage } from "./pages/dashboard/dashboard-page.tsx";
import { LedgerPage } from "./pages/ledger/ledger-page.tsx";
import { LoginPage } from "./pages/login/login-page.tsx";
import { PaymentsSectionPage } from "./pages/payments/payments-section-page.tsx";
import { PlansSection } from "./pages/plans/plans-section.tsx";
import { PortfolioPage } from "./pages/portfolio/portfolio-page.tsx";
import { PublicStatementPage } from "./pages/public-statement/public-statement-page.tsx";
import { ReceivablesSectionPage } from "./pages/receivables/receivables-section-page.tsx";
import { ReportsSectionPage } from "./pages/reports/reports-section-page.tsx";
import { RiskSectionPage } from "./pages/risk/risk-section-page.tsx";
import { SettingsPage } from "./pages/settings/settings-page.tsx";
import { navigate, safeNextPath, useLocation } from "./router.ts";
import { orgPagePath, parseRoute, type Route } from "./routes.ts";
import { can, homeOrg, rememberOrg, useSession } from "./session.ts";

function Redirect({ to }: { readonly to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

/** The profile's language applies whenever it changes (sign-in, another tab, another device). */
function useProfileLanguage(locale: Locale | undefined): void {
  useEffect(() => {
    if (locale === undefined || locale === currentLanguage()) return;
    void i18next.changeLanguage(locale);
    rememberLanguage(locale);
  }, [locale]);
}

function OrgPage(props: {
  readonly org: OrganizationOfUser;
  readonly session: SessionView;
  readonly route: Extract<Route, { kind: "org" }>;
}) {
  const { org, route } = props;
  useEffect(() => rememberOrg(org.orgId), [org.orgId]);
  const section = route.section;
  if (section === "settings") return <SettingsPage org={org} session={props.session} sub={route.sub} />;
  if (section === "ledger") return <LedgerPage org={org} sub={route.sub} />;
  if (section === "credit") return <CreditPage org={org} session={props.session} sub={route.sub} />;
  if (section === "plans") return <PlansSection org={org} sub={route.sub} />;
  if (section === "receivables") {
    return <ReceivablesSectionPage org={org} sub={route.sub} detail={route.detail} />;
  }
  if (section === "payments") return <PaymentsSectionPage org={org} sub={route.sub} />;
  if (section === "collections") {
    return <CollectionsSectionPage org={org} session={props.session} sub={route.sub} />;
  }
  if (section === "reports") return <ReportsSectionPage org={org} sub={route.sub} />;
  if (section === "risk") return <RiskSectionPage org={org} sub={route.sub} />;
  if (section === "dashboard") return <DashboardPage org={org} />;
  if (!can(org, "customers.read")) {
    return <p className="notice notice-info">{errorMessages.PERMISSION_DENIED[currentLanguage()]}</p>;
  }
  // A customer's page is keyed by its id: another customer starts with fresh forms.
  if (route.sub !== null) return <CustomerPage key={route.sub} org={org} customerId={route.sub} />;
  return <CustomersPage org={org} />;
}

function SignedInApp({
  route,
}: {
  readonly route: Exclude<Route, { kind: "login" } | { kind: "statementLink" }>;
}) {
  const { t } = useTranslation();
  const session = useSession();
  useProfileLanguage(session.data?.user.locale);

  if (session.isPending) return <div className="splash">{t("common.loading")}</div>;
  if (session.isError) {
    // Not signed in: the API client has already sent the browser to the login page.
    if (isApiError(session.error) && session.error.status === 401) return null;
    return (
      <div className="splash">
        <ErrorMessage error={session.error} />
        <button type="button" className="button" onClick={() => void session.refetch()}>
          {t("common.retry")}
        </button>
      </div>
    );
  }

  const me = session.data;
  const first = homeOrg(me);
  const elsewhere =
    first === undefined ? null : (
      <p>
        <Link to={orgPagePath(first.orgId, "dashboard")}>
          {t("shell.goToFirstOrganization", { name: first.name })}
        </Link>
      </p>
    );

  switch (route.kind) {
    case "home":
      if (first !== undefined) return <Redirect to={orgPagePath(first.orgId, "dashboard")} />;
      return (
        <AppShell session={me} org={null} place={null}>
          <p className="notice notice-info">{t("shell.noOrganizations")}</p>
        </AppShell>
      );
    case "portfolio":
      return (
        <AppShell session={me} org={null} place={null}>
          <PortfolioPage session={me} />
        </AppShell>
      );
    case "notFound":
      return (
        <AppShell session={me} org={null} place={null}>
          <p className="notice notice-info">{t("shell.pageNotFound")}</p>
          {elsewhere}
        </AppShell>
      );
    case "org": {
      const org = me.organizations.find((o) => o.orgId === route.orgId);
      if (org === undefined) {
        return (
          <AppShell session={me} org={null} place={route}>
            <p className="notice notice-info" data-testid="org-not-found">
              {t("shell.organizationNotFound")}
            </p>
            {elsewhere}
          </AppShell>
        );
      }
      return (
        <AppShell session={me} org={org} place={route}>
          <OrgPage key={org.orgId} org={org} session={me} route={route} />
        </AppShell>
      );
    }
  }
}

export function App() {
  const location = useLocation();
  const route = parseRoute(location.pathname);
  if (route.kind === "login") {
    return (
      <LoginPage
        next={safeNextPath(location.search.get("next"))}
        sessionEnded={location.search.get("ended") === "1"}
      />
    );
  }
  // The customer's link: no session is asked for, so no sign-in page is shown to a customer.
  if (route.kind === "statementLink") return <PublicStatementPage key={route.token} token={route.token} />;
  return <SignedInApp route={route} />;
}
