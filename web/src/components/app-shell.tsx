import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type ChangeEvent, type ReactNode, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, setCsrfToken } from "../api/client.ts";
import type { OrganizationOfUser, SessionView } from "../api/types.ts";
import { navigate } from "../router.ts";
import { isDocumentId, orgPagePath, portfolioPagePath, type Section, sections } from "../routes.ts";
import { can } from "../session.ts";
import { LanguageSwitch } from "./language-switch.tsx";
import { Link } from "./link.tsx";
import { NewOrganizationDialog } from "./new-organization-dialog.tsx";

export interface ShellPlace {
  readonly section: Section;
  readonly sub: string | null;
}

/**
 * Which sections a role sees. Payments are part of receivables: whoever reads one reads the other.
 */
function sectionVisible(org: OrganizationOfUser, section: Section): boolean {
  switch (section) {
    case "customers":
      return can(org, "customers.read");
    case "settings":
      return can(org, "org.read");
    case "ledger":
      return can(org, "ledger.read");
    case "credit":
      return can(org, "credit.read");
    // The plan designer only calculates (POST /api/v1/quotes): every signed-in person may use it.
    case "plans":
      return true;
    case "receivables":
    case "payments":
      return can(org, "receivables.read");
    case "collections":
      return can(org, "collections.read");
    case "dashboard":
      return can(org, "reports.read");
    case "risk":
      return can(org, "risk.read");
    case "reports":
      return can(org, "reports.read");
  }
}

export function AppShell(props: {
  readonly session: SessionView;
  readonly org: OrganizationOfUser | null;
  readonly place: ShellPlace | null;
  readonly children: ReactNode;
}) {
  const { session, org, place } = props;
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [creatingOrganization, setCreatingOrganization] = useState(false);
  const signOut = useMutation({
    mutationFn: () => api.post<undefined>("/api/v1/auth/logout"),
    onSettled: () => {
      setCsrfToken(null);
      navigate("/login", { replace: true });
      queryClient.clear();
    },
  });

  const sectionTitle = place === null ? null : t(`nav.${place.section}`);
  useEffect(() => {
    // Many tabs, many organizations: the tab title says which is which.
    document.title = [sectionTitle, org?.name, "Credence"].filter((part) => part != null).join(" · ");
  }, [sectionTitle, org?.name]);

  function switchOrganization(event: ChangeEvent<HTMLSelectElement>): void {
    const orgId = event.target.value;
    if (orgId === "") return;
    // A sub-page is kept (the ledger's journal stays the journal); a customer or a document (a
    // plan, an invoice, a payment) belongs to one organization only, so its page becomes the other
    // organization's list.
    const current = place?.sub ?? null;
    const sub =
      place?.section === "customers" || current === null || isDocumentId(current) ? undefined : current;
    navigate(orgPagePath(orgId, place?.section ?? "dashboard", sub));
  }

  return (
    <div className="app">
      <header className="topbar">
        <div className="brand">{t("common.productName")}</div>
        <div className="org-controls">
          {session.organizations.length > 0 && (
            <label className="org-switcher">
              <span className="topbar-label">{t("shell.organization")}</span>
              <select data-testid="org-switcher" value={org?.orgId ?? ""} onChange={switchOrganization}>
                {org === null && <option value="">{t("common.none")}</option>}
                {session.organizations.map((o) => (
                  <option key={o.orgId} value={o.orgId}>
                    {o.name}
                  </option>
                ))}
              </select>
            </label>
          )}
          {session.organizations.length >= 2 && (
            // A bookkeeping firm keeps the books of many: all of them at once.
            <Link
              to={portfolioPagePath}
              className="button button-quiet button-small topbar-link"
              data-testid="portfolio-link"
            >
              {t("dashboard.portfolio.link")}
            </Link>
          )}
          <button
            type="button"
            className="button button-quiet button-small"
            data-testid="new-organization"
            aria-haspopup="dialog"
            onClick={() => setCreatingOrganization(true)}
          >
            {t("shell.newOrganization")}
          </button>
        </div>
        <div className="topbar-end">
          <LanguageSwitch signedIn />
          <span className="user-name" title={t("shell.signedInAs", { name: session.user.email })}>
            {session.user.displayName}
          </span>
          <button
            type="button"
            className="button button-quiet"
            onClick={() => signOut.mutate()}
            disabled={signOut.isPending}
          >
            {t("auth.signOut")}
          </button>
        </div>
      </header>
      <div className="workspace">
        {org !== null && (
          <nav className="sidebar" aria-label={t("shell.mainNavigation")}>
            <ul>
              {sections
                .filter((section) => sectionVisible(org, section))
                .map((section) => (
                  <li key={section} className={section === "settings" ? "sidebar-separated" : undefined}>
                    <Link
                      to={orgPagePath(org.orgId, section)}
                      aria-current={place?.section === section ? "page" : undefined}
                      data-section={section}
                    >
                      <span>{t(`nav.${section}`)}</span>
                    </Link>
                  </li>
                ))}
            </ul>
          </nav>
        )}
        <main className="content">{props.children}</main>
      </div>
      {creatingOrganization && (
        <NewOrganizationDialog
          onClose={() => setCreatingOrganization(false)}
          onCreated={(created) => {
            setCreatingOrganization(false);
            navigate(orgPagePath(created.orgId, "dashboard"));
          }}
        />
      )}
    </div>
  );
}
