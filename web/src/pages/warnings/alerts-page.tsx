import type { OrganizationOfUser } from "../../api/types.ts";

/** Early-warning alerts (built with the warnings work). */
export function AlertsPage(_props: { readonly org: OrganizationOfUser }) {
  return null;
}
