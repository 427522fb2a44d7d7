import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { parseMinor } from "../../../../src/core/money.ts";
import { api } from "../../api/client.ts";
import type { PaymentView } from "../../api/receivables-types.ts";
import type { OrganizationOfUser } from "../../api/types.ts";
import { todayIn } from "../../business-date.ts";
import { FormDialog } from "../../components/form-dialog.tsx";
import { TextField } from "../../components/form-fields.tsx";
import { formatMoney } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { useIdempotencyKey } from "../../use-idempotency-key.ts";
import { issueText, readAmount } from "../credit/credit-format.ts";
import { FieldIssue, issuesByPath } from "../credit/problem-list.tsx";
import { receivablesPath, useReceivablesChanged } from "../receivables/receivables-queries.ts";
import { ReasonText } from "./reason-text.tsx";

/** Pays back unapplied money of a payment (借 预收账款 / 贷 银行存款): at most what is unapplied. */
export function RefundDialog(props: {
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
  const [amount, setAmount] = useState(payment.unapplied);
  const [date, setDate] = useState(today);
  const [reason, setReason] = useState("");
  const refund = useMutation({
    mutationFn: (body: { readonly date: string; readonly amount: string; readonly reason: string }) =>
      api.post<PaymentView>(receivablesPath(org.orgId, "payments", payment.paymentId, "refund"), body, {
        "Idempotency-Key": idempotency.keyFor(body),
      }),
    onSuccess: (refunded) => {
      idempotency.renew();
      receivablesChanged();
      props.onDone(refunded);
    },
  });
  const edited = () => {
    if (refund.error !== null) refund.reset();
  };
  const typed = readAmount(amount, currency);
  const typedAmount = typed.ok ? typed.amount : null;
  const minor = typedAmount === null ? null : parseMinor(typedAmount, currency);
  const tooMuch = minor !== null && minor > parseMinor(payment.unapplied, currency);
  const amountValid = minor !== null && minor > 0n && !tooMuch;
  const issues = issuesByPath(refund.error, (code, message) => issueText({ path: "", code, message }, t));
  return (
    <FormDialog
      title={t("payments.refundTitle")}
      intro={t("payments.refundIntro", {
        number: payment.number,
        amount: formatMoney(payment.unapplied, currency, language),
      })}
      submitLabel={t("payments.refund")}
      pendingLabel={t("common.saving")}
      pending={refund.isPending}
      error={refund.error}
      canSubmit={amountValid && date !== "" && reason.trim() !== ""}
      testId="refund-dialog"
      onSubmit={() => {
        if (typedAmount === null) return;
        refund.mutate({ date, amount: typedAmount, reason: reason.trim() });
      }}
      onCancel={props.onCancel}
    >
      <TextField
        label={t("payments.fields.refundAmount", { currency })}
        name="amount"
        className="input-amount"
        inputMode="decimal"
        autoComplete="off"
        aria-invalid={(amount.trim() !== "" && !amountValid) || issues.has("amount")}
        value={amount}
        onChange={(value) => {
          edited();
          setAmount(value);
        }}
      >
        {amount.trim() !== "" && !amountValid && (
          <div className="field-error">
            {tooMuch ? t("payments.refundTooMuch") : t("payments.form.amountInvalid")}
          </div>
        )}
        <FieldIssue issues={issues} path="amount" />
      </TextField>
      <TextField
        label={t("payments.fields.refundDate")}
        name="date"
        type="date"
        min={payment.receivedDate}
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
        onChange={(value) => {
          edited();
          setReason(value);
        }}
      />
    </FormDialog>
  );
}
