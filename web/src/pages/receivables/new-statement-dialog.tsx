import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client.ts";
import type { NewStatementRequest, StatementView } from "../../api/statement-types.ts";
import type { OrganizationOfUser } from "../../api/types.ts";
import { previousMonthStart, todayIn } from "../../business-date.ts";
import { FormDialog } from "../../components/form-dialog.tsx";
import { TextField } from "../../components/form-fields.tsx";
import { queryKeys } from "../../query-keys.ts";
import { issueText } from "../credit/credit-format.ts";
import { FieldIssue, issuesByPath } from "../credit/problem-list.tsx";
import type { PickedCustomer } from "../ledger/customer-picker.tsx";
import { CustomerField } from "./customer-field.tsx";
import { receivablesPath, useReceivablesChanged } from "./receivables-queries.ts";

/**
 * A new statement of account (对账单) for a customer and a period: by default the previous month
 * and this one up to today, the span a clerk usually sends at the start of a month. The statement
 * is a snapshot of the subledger taken now; its page opens once it is made.
 */
export function NewStatementDialog(props: {
  readonly org: OrganizationOfUser;
  /** The customer already chosen (from its page), or null to pick one. */
  readonly customer: PickedCustomer | null;
  readonly onCreated: (statement: StatementView) => void;
  readonly onCancel: () => void;
}) {
  const { t } = useTranslation();
  const { org } = props;
  const today = todayIn(org.timeZone);
  const queryClient = useQueryClient();
  const receivablesChanged = useReceivablesChanged(org.orgId);
  const [customer, setCustomer] = useState<PickedCustomer | null>(props.customer);
  const [from, setFrom] = useState(() => previousMonthStart(today));
  const [to, setTo] = useState(today);
  const create = useMutation({
    mutationFn: (body: NewStatementRequest) =>
      api.post<StatementView>(receivablesPath(org.orgId, "statements"), body),
    onSuccess: (statement) => {
      queryClient.setQueryData(queryKeys.statement(org.orgId, statement.statementId), statement);
      receivablesChanged();
      props.onCreated(statement);
    },
  });
  const edited = () => {
    if (create.error !== null) create.reset();
  };
  const issues = issuesByPath(create.error, (code, message) => issueText({ path: "", code, message }, t));
  const periodValid = from !== "" && to !== "" && from <= to && to <= today;
  return (
    <FormDialog
      title={t("accountStatements.new.title")}
      intro={t("accountStatements.new.intro")}
      submitLabel={t("accountStatements.new.submit")}
      pendingLabel={t("accountStatements.new.creating")}
      pending={create.isPending}
      error={create.error}
      canSubmit={customer !== null && periodValid}
      testId="new-statement-dialog"
      onSubmit={() => {
        if (customer === null) return;
        create.mutate({ customerId: customer.customerId, from, to });
      }}
      onCancel={props.onCancel}
    >
      <CustomerField
        orgId={org.orgId}
        name="customerId"
        label={t("accountStatements.new.customer")}
        initial={props.customer}
        customer={customer}
        invalid={issues.has("customerId")}
        onText={edited}
        onPick={setCustomer}
      >
        <FieldIssue issues={issues} path="customerId" />
      </CustomerField>
      <div className="form-row">
        <TextField
          label={t("accountStatements.new.from")}
          name="from"
          type="date"
          max={to || today}
          aria-invalid={issues.has("from")}
          value={from}
          onChange={(value) => {
            edited();
            setFrom(value);
          }}
        >
          <FieldIssue issues={issues} path="from" />
        </TextField>
        <TextField
          label={t("accountStatements.new.to")}
          name="to"
          type="date"
          min={from || undefined}
          max={today}
          aria-invalid={issues.has("to")}
          value={to}
          onChange={(value) => {
            edited();
            setTo(value);
          }}
        >
          <FieldIssue issues={issues} path="to" />
        </TextField>
      </div>
      {from !== "" && to !== "" && from > to && (
        <p className="field-error">{t("accountStatements.new.fromAfterTo")}</p>
      )}
    </FormDialog>
  );
}
