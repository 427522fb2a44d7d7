import { useTranslation } from "react-i18next";
import type { OrganizationOfUser } from "../../api/types.ts";
import { ErrorMessage } from "../../components/error-message.tsx";
import { navigate, useLocation } from "../../router.ts";
import { orgPagePath, paymentPagePath } from "../../routes.ts";
import { useCustomerRecord } from "../customers/customer-queries.ts";
import { NewPaymentForm } from "./new-payment-form.tsx";

/** Recording a payment (`/payments/new`), for the payer in `?customerId=` when one is given. */
export function NewPaymentPage({ org }: { readonly org: OrganizationOfUser }) {
  const { t } = useTranslation();
  const location = useLocation();
  const given = location.search.get("customerId") ?? "";
  const customerId = given === "" ? null : given;
  const customer = useCustomerRecord(org.orgId, customerId);
  if (customerId !== null && customer.isPending) return <p className="muted">{t("common.loading")}</p>;
  const record = customer.data;
  return (
    <>
      <ErrorMessage error={customer.error} />
      <NewPaymentForm
        org={org}
        payer={
          customerId === null || record === undefined
            ? null
            : { customerId: record.customerId, code: record.code, name: record.name }
        }
        onRecorded={(payment) => navigate(paymentPagePath(org.orgId, payment.paymentId))}
        onCancel={() => navigate(orgPagePath(org.orgId, "payments"))}
      />
    </>
  );
}
