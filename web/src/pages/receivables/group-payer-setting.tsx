import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, orgPath } from "../../api/client.ts";
import type { Customer, OrganizationOfUser } from "../../api/types.ts";
import { ErrorMessage, SuccessMessage } from "../../components/error-message.tsx";
import { Link } from "../../components/link.tsx";
import { queryKeys } from "../../query-keys.ts";
import { orgPagePath } from "../../routes.ts";
import { can } from "../../session.ts";
import { issueText } from "../credit/credit-format.ts";
import { FieldIssue, issuesByPath } from "../credit/problem-list.tsx";
import { useCustomerRecord } from "../customers/customer-queries.ts";
import type { PickedCustomer } from "../ledger/customer-picker.tsx";
import { CustomerField } from "./customer-field.tsx";
import { useReceivablesChanged } from "./receivables-queries.ts";

/**
 * 集团统一付款: the head office that pays this customer's invoices. A payment from the head office
 * may then settle this customer's items. One level only: a head office pays for itself, and a
 * customer that pays for others has no head office of its own (the server refuses chains).
 */
export function GroupPayerSetting(props: { readonly org: OrganizationOfUser; readonly customer: Customer }) {
  const { t } = useTranslation();
  const { org, customer } = props;
  const queryClient = useQueryClient();
  const receivablesChanged = useReceivablesChanged(org.orgId);
  const current = useCustomerRecord(org.orgId, customer.groupPayerId);
  const [changing, setChanging] = useState(false);
  const [picked, setPicked] = useState<PickedCustomer | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (groupPayerId: string | null) =>
      api.put<Customer>(orgPath(org.orgId, "customers", customer.customerId, "group-payer"), {
        groupPayerId,
      }),
    onSuccess: (saved) => {
      queryClient.setQueryData(queryKeys.customer(org.orgId, saved.customerId), saved);
      void queryClient.invalidateQueries({ queryKey: queryKeys.customers(org.orgId) });
      receivablesChanged();
      setChanging(false);
      setPicked(null);
      setNotice(saved.groupPayerId === null ? t("groupPayer.cleared") : t("groupPayer.saved"));
    },
  });
  const issues = issuesByPath(save.error, (code, message) => issueText({ path: "", code, message }, t));
  const manages = can(org, "receivables.manage");
  const payer = current.data;

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    if (picked === null || save.isPending) return;
    save.mutate(picked.customerId);
  }

  return (
    <div data-testid="group-payer">
      <p className="muted">{t("groupPayer.intro")}</p>
      <SuccessMessage>{notice}</SuccessMessage>
      <dl className="details details-compact">
        <dt>{t("groupPayer.paidBy")}</dt>
        <dd data-testid="group-payer-current">
          {customer.groupPayerId === null ? (
            t("groupPayer.itself")
          ) : payer === undefined ? (
            t("common.loading")
          ) : (
            <Link to={orgPagePath(org.orgId, "customers", payer.customerId, { tab: "receivables" })}>
              <span className="mono">{payer.code}</span> {payer.name}
            </Link>
          )}
        </dd>
      </dl>
      {manages && !changing && (
        <div className="toolbar">
          <button
            type="button"
            className="button"
            data-action="change-group-payer"
            onClick={() => {
              setNotice(null);
              save.reset();
              setChanging(true);
            }}
          >
            {customer.groupPayerId === null ? t("groupPayer.set") : t("groupPayer.change")}
          </button>
          {customer.groupPayerId !== null && (
            <button
              type="button"
              className="button button-danger-quiet"
              data-action="clear-group-payer"
              disabled={save.isPending}
              onClick={() => {
                setNotice(null);
                save.mutate(null);
              }}
            >
              {t("groupPayer.clear")}
            </button>
          )}
        </div>
      )}
      {!changing && <ErrorMessage error={save.error} />}
      {manages && changing && (
        <form className="inline-form" onSubmit={submit} noValidate data-testid="group-payer-form">
          <CustomerField
            orgId={org.orgId}
            name="groupPayerId"
            label={t("groupPayer.headOffice")}
            initial={null}
            customer={picked}
            invalid={issues.has("groupPayerId")}
            onText={() => {
              if (save.error !== null) save.reset();
            }}
            onPick={setPicked}
          >
            <FieldIssue issues={issues} path="groupPayerId" />
          </CustomerField>
          <button
            type="submit"
            className="button button-primary"
            disabled={picked === null || save.isPending}
          >
            {save.isPending ? t("common.saving") : t("common.save")}
          </button>
          <button type="button" className="button button-quiet" onClick={() => setChanging(false)}>
            {t("common.cancel")}
          </button>
        </form>
      )}
    </div>
  );
}
