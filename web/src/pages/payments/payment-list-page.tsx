import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client.ts";
import type { PaymentPage } from "../../api/receivables-types.ts";
import type { OrganizationOfUser } from "../../api/types.ts";
import { ErrorMessage } from "../../components/error-message.tsx";
import { Link } from "../../components/link.tsx";
import { ListFooter } from "../../components/list-footer.tsx";
import { queryKeys } from "../../query-keys.ts";
import { navigate, useLocation } from "../../router.ts";
import { newPaymentPath, orgPagePath } from "../../routes.ts";
import { can } from "../../session.ts";
import { useCustomerRecord } from "../customers/customer-queries.ts";
import type { PickedCustomer } from "../ledger/customer-picker.tsx";
import { CustomerField } from "../receivables/customer-field.tsx";
import { receivablesPath } from "../receivables/receivables-queries.ts";
import { paymentListPageSize } from "./payment-queries.ts";
import { PaymentTable } from "./payment-table.tsx";

/**
 * Payments received, newest first, read 50 at a time: by payer, only those with money still
 * unapplied (to apply or refund), and by date received. The filters live in the address.
 */
export function PaymentListPage({ org }: { readonly org: OrganizationOfUser }) {
  const { t } = useTranslation();
  const location = useLocation();
  // The address as the page was opened; from then on the list writes it.
  const [search] = useState(() => location.search);
  const customerId = search.get("customerId") ?? "";
  const record = useCustomerRecord(org.orgId, customerId === "" ? null : customerId);
  // The payer filter starts from the customer in the address: wait for its code to type it in.
  if (customerId !== "" && record.isPending) return <p className="muted">{t("common.loading")}</p>;
  const initial =
    record.data === undefined
      ? null
      : { customerId: record.data.customerId, code: record.data.code, name: record.data.name };
  return <PaymentList org={org} initialCustomer={initial} search={search} />;
}

function PaymentList(props: {
  readonly org: OrganizationOfUser;
  readonly initialCustomer: PickedCustomer | null;
  readonly search: URLSearchParams;
}) {
  const { t } = useTranslation();
  const { org } = props;
  const [customer, setCustomer] = useState<PickedCustomer | null>(props.initialCustomer);
  const [unapplied, setUnapplied] = useState(props.search.get("unapplied") === "true");
  const [from, setFrom] = useState(props.search.get("from") ?? "");
  const [to, setTo] = useState(props.search.get("to") ?? "");
  const [pickerKey, setPickerKey] = useState(0);
  const customerId = customer?.customerId ?? "";
  const filters = { customerId, unapplied, from, to };

  useEffect(() => {
    navigate(
      orgPagePath(org.orgId, "payments", undefined, {
        customerId,
        unapplied: unapplied ? "true" : undefined,
        from,
        to,
      }),
      { replace: true },
    );
  }, [org.orgId, customerId, unapplied, from, to]);

  const payments = useInfiniteQuery({
    queryKey: [...queryKeys.receivables(org.orgId), "payments", "list", filters],
    queryFn: ({ pageParam }) =>
      api.get<PaymentPage>(receivablesPath(org.orgId, "payments"), {
        customerId,
        unapplied: unapplied ? "true" : undefined,
        from,
        to,
        limit: paymentListPageSize,
        after: pageParam,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next ?? undefined,
    placeholderData: keepPreviousData,
  });
  const rows = payments.data?.pages.flatMap((page) => page.items) ?? [];
  const filtered = customerId !== "" || unapplied || from !== "" || to !== "";

  function clearFilters(): void {
    setCustomer(null);
    // A fresh picker: its text goes with the customer.
    setPickerKey((key) => key + 1);
    setUnapplied(false);
    setFrom("");
    setTo("");
  }

  return (
    <>
      <div className="toolbar toolbar-spread">
        <p className="muted">{t("payments.listIntro")}</p>
        {can(org, "payments.manage") && (
          <Link
            to={newPaymentPath(org.orgId, customerId === "" ? undefined : customerId)}
            className="button button-primary"
            data-testid="new-payment"
          >
            {t("payments.newPayment")}
          </Link>
        )}
      </div>
      <div className="filters" data-testid="payment-filters">
        <CustomerField
          key={pickerKey}
          orgId={org.orgId}
          name="customerId"
          label={t("payments.filters.payer")}
          initial={props.initialCustomer}
          customer={customer}
          invalid={false}
          onPick={setCustomer}
        />
        <label className="checkbox">
          <input
            type="checkbox"
            className="checkbox-input"
            name="unapplied"
            checked={unapplied}
            onChange={(event) => setUnapplied(event.target.checked)}
          />
          <span>{t("payments.filters.unappliedOnly")}</span>
        </label>
        <label className="field">
          <span>{t("payments.filters.from")}</span>
          <input
            type="date"
            name="from"
            value={from}
            max={to || undefined}
            onChange={(e) => setFrom(e.target.value)}
          />
        </label>
        <label className="field">
          <span>{t("payments.filters.to")}</span>
          <input
            type="date"
            name="to"
            value={to}
            min={from || undefined}
            onChange={(e) => setTo(e.target.value)}
          />
        </label>
        {filtered && (
          <button type="button" className="button button-quiet" onClick={clearFilters}>
            {t("journal.clearFilters")}
          </button>
        )}
      </div>
      <ErrorMessage error={payments.error} />
      <p className="subtle">{t("ledger.amountsIn", { currency: org.baseCurrency })}</p>
      <PaymentTable
        org={org}
        payments={rows}
        pending={payments.isPending}
        emptyText={filtered ? t("payments.listEmptyFiltered") : t("payments.listEmpty")}
        customerColumn
        testId="payment-list"
      />
      <ListFooter
        count={rows.length}
        hasNextPage={payments.hasNextPage}
        fetchingNextPage={payments.isFetchingNextPage}
        onMore={() => void payments.fetchNextPage()}
      />
    </>
  );
}
