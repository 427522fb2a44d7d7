import type { OrganizationOfUser } from "../../api/types.ts";

/** Early-warning rules (built with the warnings work). */
export function WarningRulesPage(_props: { readonly org: OrganizationOfUser }) {
  return null;
}
