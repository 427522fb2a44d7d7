/** The addresses of the app. Every page of an organization lives under `/orgs/<orgId>/`. */

export const sections = [
  "customers",
  "credit",
  "plans",
  "receivables",
  "payments",
  "collections",
  "ledger",
  "reports",
  "settings",
] as const;
export type Section = (typeof sections)[number];

/** Sections whose pages are still to be built: they say what they will hold, and nothing more. */
export const upcomingSections = [
  "credit",
  "plans",
  "receivables",
  "payments",
  "collections",
  "ledger",
  "reports",
] as const satisfies ReadonlyArray<Section>;
export type UpcomingSection = (typeof upcomingSections)[number];

export const settingsSections = ["organization", "members", "tokens", "audit"] as const;
export type SettingsSection = (typeof settingsSections)[number];

export type Route =
  | { readonly kind: "login" }
  | { readonly kind: "home" }
  | { readonly kind: "org"; readonly orgId: string; readonly section: Section; readonly sub: string | null }
  | { readonly kind: "notFound" };

function isSection(value: string): value is Section {
  return (sections as ReadonlyArray<string>).includes(value);
}

export function isSettingsSection(value: string): value is SettingsSection {
  return (settingsSections as ReadonlyArray<string>).includes(value);
}

export function isUpcomingSection(value: Section): value is UpcomingSection {
  return (upcomingSections as ReadonlyArray<string>).includes(value);
}

export function parseRoute(pathname: string): Route {
  const parts = pathname.split("/").filter((part) => part !== "");
  if (parts.length === 0) return { kind: "home" };
  if (parts.length === 1 && parts[0] === "login") return { kind: "login" };
  const [first, orgId, section = "customers", sub, ...rest] = parts;
  if (first !== "orgs" || orgId === undefined || rest.length > 0 || !isSection(section)) {
    return { kind: "notFound" };
  }
  return { kind: "org", orgId: decodeURIComponent(orgId).toLowerCase(), section, sub: sub ?? null };
}

export function orgPagePath(orgId: string, section: Section, sub?: string): string {
  const base = `/orgs/${encodeURIComponent(orgId)}/${section}`;
  return sub === undefined ? base : `${base}/${encodeURIComponent(sub)}`;
}

export function loginPagePath(next: string | null, ended = false): string {
  const search = new URLSearchParams();
  if (next !== null && next !== "/" && !next.startsWith("/login")) search.set("next", next);
  if (ended) search.set("ended", "1");
  const text = search.toString();
  return text === "" ? "/login" : `/login?${text}`;
}
