import type { OrganizationOfUser } from "../../api/types.ts";

/** KPIs (built with the reports work). */
export function KpiPage(_props: { readonly org: OrganizationOfUser }) {
  return null;
}
