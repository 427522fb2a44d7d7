import { useQuery } from "@tanstack/react-query";
import { api, setCsrfToken } from "./api/client.ts";
import type { OrganizationOfUser, Permission, SessionView } from "./api/types.ts";

export const sessionKey = ["session"] as const;
export const mePath = "/api/v1/me";

export async function fetchSession(): Promise<SessionView> {
  const session = await api.get<SessionView>(mePath);
  setCsrfToken(session.csrfToken);
  return session;
}

/** Who is signed in, their organizations and what their role in each allows. */
export function useSession() {
  return useQuery({ queryKey: sessionKey, queryFn: fetchSession, staleTime: 60_000 });
}

/** What the UI offers; the server checks every request again (src/api/access.ts). */
export function can(org: OrganizationOfUser, permission: Permission): boolean {
  return org.permissions.includes(permission);
}

const lastOrgStorageKey = "credence.lastOrgId";

export function rememberOrg(orgId: string): void {
  try {
    localStorage.setItem(lastOrgStorageKey, orgId);
  } catch {
    // Storage may be refused; the address still holds the organization.
  }
}

/** Where `/` leads: the organization used last in this browser, else the first one. */
export function homeOrg(session: SessionView): OrganizationOfUser | undefined {
  let last: string | null = null;
  try {
    last = localStorage.getItem(lastOrgStorageKey);
  } catch {
    last = null;
  }
  return session.organizations.find((o) => o.orgId === last) ?? session.organizations[0];
}
