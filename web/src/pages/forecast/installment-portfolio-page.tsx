import type { OrganizationOfUser } from "../../api/types.ts";

/** The installment portfolio (built with the forecast work). */
export function InstallmentPortfolioPage(_props: { readonly org: OrganizationOfUser }) {
  return null;
}
