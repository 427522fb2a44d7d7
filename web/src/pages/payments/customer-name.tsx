import { useTranslation } from "react-i18next";
import type { OrganizationOfUser } from "../../api/types.ts";
import { Link } from "../../components/link.tsx";
import { orgPagePath } from "../../routes.ts";
import { useCustomerRecord } from "../customers/customer-queries.ts";

/**
 * A customer named by its id only (a match suggestion): its record is read, shared with every
 * other place that reads it, and the name links to its receivables.
 */
export function CustomerName(props: { readonly org: OrganizationOfUser; readonly customerId: string }) {
  const { t } = useTranslation();
  const record = useCustomerRecord(props.org.orgId, props.customerId);
  const name = record.data?.name ?? (record.isPending ? "…" : t("bank.unknownCustomer"));
  return (
    <Link
      to={orgPagePath(props.org.orgId, "customers", props.customerId, { tab: "receivables" })}
      data-testid="suggestion-customer"
    >
      {name}
      {record.data !== undefined && <span className="subtle mono"> {record.data.code}</span>}
    </Link>
  );
}
