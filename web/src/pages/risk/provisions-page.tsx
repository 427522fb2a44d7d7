import type { OrganizationOfUser } from "../../api/types.ts";

/** Expected-credit-loss provisions (built with the risk work). */
export function ProvisionsPage(_props: { readonly org: OrganizationOfUser }) {
  return null;
}
