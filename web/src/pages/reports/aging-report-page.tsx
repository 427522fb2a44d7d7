import type { OrganizationOfUser } from "../../api/types.ts";

/** The aging report (built with the reports work). */
export function AgingReportPage(_props: { readonly org: OrganizationOfUser }) {
  return null;
}
