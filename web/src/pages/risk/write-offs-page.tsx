import type { OrganizationOfUser } from "../../api/types.ts";

/** Write-offs (built with the risk work). */
export function WriteOffsPage(_props: { readonly org: OrganizationOfUser }) {
  return null;
}
