import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { BankLineResolution, BankLineResolved, BankLineView } from "../../api/bank-types.ts";
import type { OrganizationOfUser } from "../../api/types.ts";
import { FormDialog } from "../../components/form-dialog.tsx";
import { formatDate, formatMoney } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { issueText } from "../credit/credit-format.ts";
import { FieldIssue, issuesByPath } from "../credit/problem-list.tsx";
import type { PickedCustomer } from "../ledger/customer-picker.tsx";
import { CustomerField } from "../receivables/customer-field.tsx";
import { useResolveLine } from "./use-resolve-line.ts";

/**
 * A line none of the suggestions got right, given to the customer a person knows it is from: a
 * payment is recorded for that customer and applied oldest first, with the discounts whose window
 * the money arrived in and a small shortfall written off within the policy's tolerance.
 */
export function AssignLineDialog(props: {
  readonly org: OrganizationOfUser;
  readonly line: BankLineView;
  readonly onDone: (resolved: BankLineResolved, resolution: BankLineResolution) => void;
  readonly onCancel: () => void;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { org, line } = props;
  const [customer, setCustomer] = useState<PickedCustomer | null>(null);
  const resolve = useResolveLine(org, line, props.onDone);
  const issues = issuesByPath(resolve.error, (code, message) => issueText({ path: "", code, message }, t));
  return (
    <FormDialog
      title={t("bank.assignTitle")}
      intro={t("bank.assignIntro", {
        amount: formatMoney(line.amount, line.currency, language),
        date: formatDate(line.bookingDate, language),
        payer: line.counterpartyName ?? t("bank.noName"),
      })}
      submitLabel={t("bank.assignSubmit")}
      pendingLabel={t("common.saving")}
      pending={resolve.isPending}
      error={resolve.error}
      canSubmit={customer !== null}
      testId="assign-line-dialog"
      onSubmit={() => {
        if (customer === null) return;
        resolve.mutate({
          kind: "assign",
          customerId: customer.customerId,
          allocation: { method: "oldest_first", takeDiscounts: true, writeOffShortfall: true },
        });
      }}
      onCancel={props.onCancel}
    >
      <CustomerField
        orgId={org.orgId}
        name="customerId"
        label={t("bank.assignCustomer")}
        initial={null}
        customer={customer}
        invalid={issues.has("customerId")}
        onText={() => {
          if (resolve.error !== null) resolve.reset();
        }}
        onPick={setCustomer}
      >
        <FieldIssue issues={issues} path="customerId" />
      </CustomerField>
      <p className="subtle">{t("bank.assignAllocation")}</p>
    </FormDialog>
  );
}
