import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client.ts";
import type { PaymentView } from "../../api/receivables-types.ts";
import type { OrganizationOfUser } from "../../api/types.ts";
import { todayIn } from "../../business-date.ts";
import { FormDialog } from "../../components/form-dialog.tsx";
import { TextField } from "../../components/form-fields.tsx";
import { formatMoney } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { useIdempotencyKey } from "../../use-idempotency-key.ts";
import { issueText } from "../credit/credit-format.ts";
import { FieldIssue, issuesByPath } from "../credit/problem-list.tsx";
import { receivablesPath, useReceivablesChanged } from "../receivables/receivables-queries.ts";
import { ReasonText } from "./reason-text.tsx";

/**
 * Reverses a payment that did not stand (a bounced cheque, a recalled transfer): every voucher it
 * posted is reversed on the date, and the items it settled are open again from that date. It is
 * the confirmation too: the consequence is spelled out and the button is the danger one.
 */
export function ReversePaymentDialog(props: {
  readonly org: OrganizationOfUser;
  readonly payment: PaymentView;
  readonly onDone: (payment: PaymentView) => void;
  readonly onCancel: () => void;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { org, payment } = props;
  const today = todayIn(org.timeZone);
  const receivablesChanged = useReceivablesChanged(org.orgId);
  const idempotency = useIdempotencyKey();
  const [date, setDate] = useState(today);
  const [reason, setReason] = useState("");
  // Not before the payment and its last application still standing: the server checks it too.
  const earliest = payment.allocations
    .filter((allocation) => allocation.reversedOn === null)
    .reduce((last, allocation) => (allocation.date > last ? allocation.date : last), payment.receivedDate);
  const reverse = useMutation({
    mutationFn: (body: { readonly date: string; readonly reason: string }) =>
      api.post<PaymentView>(receivablesPath(org.orgId, "payments", payment.paymentId, "reverse"), body, {
        "Idempotency-Key": idempotency.keyFor(body),
      }),
    onSuccess: (reversed) => {
      idempotency.renew();
      receivablesChanged();
      props.onDone(reversed);
    },
  });
  const edited = () => {
    if (reverse.error !== null) reverse.reset();
  };
  const issues = issuesByPath(reverse.error, (code, message) => issueText({ path: "", code, message }, t));
  const reopened = payment.allocations.filter((allocation) => allocation.reversedOn === null).length;
  return (
    <FormDialog
      title={t("payments.reverseTitle")}
      intro={t("payments.reverseQuestion", {
        number: payment.number,
        amount: formatMoney(payment.amount, payment.currency, language),
        payer: payment.customerName,
      })}
      submitLabel={t("payments.reverse")}
      pendingLabel={t("common.saving")}
      pending={reverse.isPending}
      error={reverse.error}
      canSubmit={date !== "" && reason.trim() !== ""}
      danger
      testId="reverse-dialog"
      onSubmit={() => reverse.mutate({ date, reason: reason.trim() })}
      onCancel={props.onCancel}
    >
      <p className="dialog-consequence">{t("payments.reverseConsequence", { count: reopened })}</p>
      <TextField
        label={t("payments.fields.reverseDate")}
        name="date"
        type="date"
        min={earliest}
        max={today}
        aria-invalid={issues.has("date")}
        value={date}
        onChange={(value) => {
          edited();
          setDate(value);
        }}
      >
        <FieldIssue issues={issues} path="date" />
      </TextField>
      <ReasonText
        value={reason}
        issues={issues}
        placeholder={t("payments.reversePlaceholder")}
        onChange={(value) => {
          edited();
          setReason(value);
        }}
      />
    </FormDialog>
  );
}
