import type { OrganizationOfUser } from "../../api/types.ts";

/** The cash forecast (built with the forecast work). */
export function ForecastPage(_props: { readonly org: OrganizationOfUser }) {
  return null;
}
