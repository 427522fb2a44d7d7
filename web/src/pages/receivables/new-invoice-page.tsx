import { useTranslation } from "react-i18next";
import type { OrganizationOfUser } from "../../api/types.ts";
import { ErrorMessage } from "../../components/error-message.tsx";
import { navigate, useLocation } from "../../router.ts";
import { invoicePagePath, orgPagePath } from "../../routes.ts";
import { useCustomerRecord } from "../customers/customer-queries.ts";
import { InvoiceForm } from "./invoice-form.tsx";

/**
 * A new invoice (`/receivables/new`), for the customer in `?customerId=` when it comes from a
 * customer's page. Once saved, its page opens: the totals as the server computed them, its
 * number and vouchers once issued.
 */
export function NewInvoicePage({ org }: { readonly org: OrganizationOfUser }) {
  const { t } = useTranslation();
  const location = useLocation();
  const given = location.search.get("customerId") ?? "";
  const customerId = given === "" ? null : given;
  const customer = useCustomerRecord(org.orgId, customerId);
  const leave = () => navigate(orgPagePath(org.orgId, "receivables"));
  if (customerId !== null && customer.isPending) return <p className="muted">{t("common.loading")}</p>;
  const record = customer.data;
  return (
    <>
      <ErrorMessage error={customer.error} />
      <InvoiceForm
        org={org}
        invoice={null}
        customer={
          customerId === null || record === undefined
            ? null
            : { customerId: record.customerId, code: record.code, name: record.name }
        }
        onSaved={(invoice) => navigate(invoicePagePath(org.orgId, invoice.invoiceId))}
        onCancel={leave}
      />
    </>
  );
}
