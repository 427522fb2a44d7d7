import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { StatementStatus } from "../../api/statement-types.ts";
import type { OrganizationOfUser } from "../../api/types.ts";
import { ErrorMessage } from "../../components/error-message.tsx";
import { navigate, useLocation } from "../../router.ts";
import { orgPagePath, statementPagePath } from "../../routes.ts";
import { can } from "../../session.ts";
import { useCustomerRecord } from "../customers/customer-queries.ts";
import type { PickedCustomer } from "../ledger/customer-picker.tsx";
import { CustomerField } from "./customer-field.tsx";
import { NewStatementDialog } from "./new-statement-dialog.tsx";
import { statementListMax, statementStatuses, useStatements } from "./statement-queries.ts";
import { StatementTable } from "./statement-table.tsx";

function statusOf(value: string | null): StatementStatus | "" {
  return statementStatuses.find((status) => status === value) ?? "";
}

/**
 * 对账单: the statements of account, newest first, by customer and by status (which are still
 * unanswered, which were disputed), and a new one (statements.send). The filters live in the
 * address.
 */
export function StatementListPage({ org }: { readonly org: OrganizationOfUser }) {
  const { t } = useTranslation();
  const location = useLocation();
  // The address as the page was opened; from then on the list writes it.
  const [search] = useState(() => location.search);
  const customerId = search.get("customerId") ?? "";
  const record = useCustomerRecord(org.orgId, customerId === "" ? null : customerId);
  // The customer filter starts from the customer in the address: wait for its code to type it in.
  if (customerId !== "" && record.isPending) return <p className="muted">{t("common.loading")}</p>;
  const initial =
    record.data === undefined
      ? null
      : { customerId: record.data.customerId, code: record.data.code, name: record.data.name };
  return <StatementList org={org} initialCustomer={initial} initialStatus={statusOf(search.get("status"))} />;
}

function StatementList(props: {
  readonly org: OrganizationOfUser;
  readonly initialCustomer: PickedCustomer | null;
  readonly initialStatus: StatementStatus | "";
}) {
  const { t } = useTranslation();
  const { org } = props;
  const [customer, setCustomer] = useState<PickedCustomer | null>(props.initialCustomer);
  const [status, setStatus] = useState<StatementStatus | "">(props.initialStatus);
  const [pickerKey, setPickerKey] = useState(0);
  const [creating, setCreating] = useState(false);
  const customerId = customer?.customerId ?? "";

  useEffect(() => {
    navigate(orgPagePath(org.orgId, "receivables", "statements", { customerId, status }), { replace: true });
  }, [org.orgId, customerId, status]);

  const statements = useStatements(org.orgId, { customerId, status, limit: statementListMax });
  const rows = statements.data?.items ?? [];
  const filtered = customerId !== "" || status !== "";

  function clearFilters(): void {
    setCustomer(null);
    // A fresh picker: its text goes with the customer.
    setPickerKey((key) => key + 1);
    setStatus("");
  }

  return (
    <>
      <div className="toolbar toolbar-spread">
        <p className="muted">{t("accountStatements.listIntro")}</p>
        {can(org, "statements.send") && (
          <button
            type="button"
            className="button button-primary"
            data-testid="new-statement"
            onClick={() => setCreating(true)}
          >
            {t("accountStatements.newStatement")}
          </button>
        )}
      </div>
      <div className="filters" data-testid="statement-filters">
        <CustomerField
          key={pickerKey}
          orgId={org.orgId}
          name="customerId"
          label={t("accountStatements.columns.customer")}
          initial={props.initialCustomer}
          customer={customer}
          invalid={false}
          onPick={setCustomer}
        />
        <label className="field">
          <span>{t("accountStatements.columns.status")}</span>
          <select name="status" value={status} onChange={(event) => setStatus(statusOf(event.target.value))}>
            <option value="">{t("accountStatements.anyStatus")}</option>
            {statementStatuses.map((s) => (
              <option key={s} value={s}>
                {t(`accountStatements.statuses.${s}`)}
              </option>
            ))}
          </select>
        </label>
        {filtered && (
          <button type="button" className="button button-quiet" onClick={clearFilters}>
            {t("journal.clearFilters")}
          </button>
        )}
      </div>
      <ErrorMessage error={statements.error} />
      <p className="subtle">{t("ledger.amountsIn", { currency: org.baseCurrency })}</p>
      <StatementTable
        org={org}
        statements={rows}
        pending={statements.isPending}
        emptyText={filtered ? t("accountStatements.listEmptyFiltered") : t("accountStatements.listEmpty")}
        customerColumn
        testId="statement-list"
      />
      {rows.length >= statementListMax && (
        <p className="subtle">{t("accountStatements.latestOnly", { count: statementListMax })}</p>
      )}
      {creating && (
        <NewStatementDialog
          org={org}
          customer={customer}
          onCreated={(created) => navigate(statementPagePath(org.orgId, created.statementId))}
          onCancel={() => setCreating(false)}
        />
      )}
    </>
  );
}
