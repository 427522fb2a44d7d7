import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client.ts";
import type { AllocationRequestBody, PaymentView } from "../../api/receivables-types.ts";
import type { OrganizationOfUser } from "../../api/types.ts";
import { todayIn } from "../../business-date.ts";
import { FormDialog } from "../../components/form-dialog.tsx";
import { TextField } from "../../components/form-fields.tsx";
import { formatMoney } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { useIdempotencyKey } from "../../use-idempotency-key.ts";
import { issueText } from "../credit/credit-format.ts";
import { FieldIssue, issuesByPath } from "../credit/problem-list.tsx";
import { receivablesPath, useOpenItems, useReceivablesChanged } from "../receivables/receivables-queries.ts";
import { AllocationChooser } from "./allocation-chooser.tsx";
import {
  type AllocationDraft,
  allocationIssues,
  allocationOf,
  initialAllocation,
  payableItems,
} from "./allocation-draft.ts";

/**
 * Applies what is still unapplied on a payment (an overpayment, an advance) to open items, on a
 * date from the day the money arrived to today; discount windows are still judged on the day the
 * money arrived.
 */
export function ApplyPaymentDialog(props: {
  readonly org: OrganizationOfUser;
  readonly payment: PaymentView;
  readonly onDone: (payment: PaymentView) => void;
  readonly onCancel: () => void;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { org, payment } = props;
  const currency = payment.currency;
  const today = todayIn(org.timeZone);
  const receivablesChanged = useReceivablesChanged(org.orgId);
  const idempotency = useIdempotencyKey();
  const [date, setDate] = useState(today);
  const [allocation, setAllocation] = useState<AllocationDraft>(() => initialAllocation("oldest_first"));
  const [submittedItemIds, setSubmittedItemIds] = useState<ReadonlyArray<string>>([]);
  const openItems = useOpenItems(org.orgId, payment.customerId);
  const items = openItems.data === undefined ? null : payableItems(openItems.data.items, currency);
  const apply = useMutation({
    mutationFn: (body: AllocationRequestBody & { readonly date: string }) =>
      api.post<PaymentView>(receivablesPath(org.orgId, "payments", payment.paymentId, "apply"), body, {
        "Idempotency-Key": idempotency.keyFor(body),
      }),
    onSuccess: (applied) => {
      idempotency.renew();
      receivablesChanged();
      props.onDone(applied);
    },
  });
  const outcome = allocationOf(allocation, items ?? [], currency);
  const text = (code: string, message: string) => issueText({ path: "", code, message }, t);
  const issues = issuesByPath(apply.error, text);
  return (
    <FormDialog
      title={t("payments.applyTitle")}
      intro={t("payments.applyIntro", {
        number: payment.number,
        amount: formatMoney(payment.unapplied, currency, language),
      })}
      submitLabel={t("payments.apply")}
      pendingLabel={t("common.saving")}
      pending={apply.isPending}
      error={apply.error}
      canSubmit={outcome.ok && outcome.body !== null && date !== ""}
      wide
      testId="apply-dialog"
      onSubmit={() => {
        if (!outcome.ok || outcome.body === null) return;
        setSubmittedItemIds(outcome.itemIds);
        apply.mutate({ ...outcome.body, date });
      }}
      onCancel={props.onCancel}
    >
      <TextField
        label={t("payments.fields.applyDate")}
        name="date"
        type="date"
        min={payment.receivedDate}
        max={today}
        aria-invalid={issues.has("date")}
        value={date}
        onChange={(value) => {
          if (apply.error !== null) apply.reset();
          setDate(value);
        }}
      >
        <FieldIssue issues={issues} path="date" />
      </TextField>
      <AllocationChooser
        org={org}
        draft={allocation}
        onChange={(next) => {
          if (apply.error !== null) apply.reset();
          setAllocation(next);
        }}
        allowKeep={false}
        items={items}
        itemsPending={openItems.isPending}
        itemsError={openItems.error}
        receivedDate={payment.receivedDate}
        problems={outcome.ok ? new Map() : outcome.problems}
        itemIssues={allocationIssues(apply.error, submittedItemIds, text)}
        disabled={apply.isPending}
      />
    </FormDialog>
  );
}
