import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useCallback, useState } from "react";
import { useTranslation } from "react-i18next";
import { parseMinor } from "../../../../src/core/money.ts";
import { api } from "../../api/client.ts";
import type { NewPaymentRequest, PaymentMethod, PaymentView } from "../../api/receivables-types.ts";
import type { OrganizationOfUser } from "../../api/types.ts";
import { todayIn } from "../../business-date.ts";
import { ErrorMessage } from "../../components/error-message.tsx";
import { ChoiceField, TextField } from "../../components/form-fields.tsx";
import { formatMoney } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { orNull } from "../../or-null.ts";
import { queryKeys } from "../../query-keys.ts";
import { useIdempotencyKey } from "../../use-idempotency-key.ts";
import { issueText, readAmount } from "../credit/credit-format.ts";
import { FieldIssue, issuesByPath } from "../credit/problem-list.tsx";
import { amountText } from "../ledger/amount-math.ts";
import type { PickedCustomer } from "../ledger/customer-picker.tsx";
import { CustomerField } from "../receivables/customer-field.tsx";
import { receivablesPath, useOpenItems, useReceivablesChanged } from "../receivables/receivables-queries.ts";
import { AllocationChooser } from "./allocation-chooser.tsx";
import {
  type AllocationDraft,
  allocationIssues,
  allocationOf,
  initialAllocation,
  payableItems,
} from "./allocation-draft.ts";
import { paymentMethods } from "./payment-queries.ts";

const textLengthMax = 200;
const noteLengthMax = 500;

/**
 * 收款: money received from a customer (or from the head office that pays for it), and how it is
 * applied. One Idempotency-Key per body: pressing twice, or again after a lost answer, records the
 * payment once. Once recorded, the payment's page opens with what was applied.
 */
export function NewPaymentForm(props: {
  readonly org: OrganizationOfUser;
  readonly payer: PickedCustomer | null;
  readonly onRecorded: (payment: PaymentView) => void;
  readonly onCancel: () => void;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { org } = props;
  const currency = org.baseCurrency;
  const today = todayIn(org.timeZone);
  const queryClient = useQueryClient();
  const receivablesChanged = useReceivablesChanged(org.orgId);
  const idempotency = useIdempotencyKey();

  const [payer, setPayer] = useState<PickedCustomer | null>(props.payer);
  const [method, setMethod] = useState<PaymentMethod>("bank_transfer");
  const [receivedDate, setReceivedDate] = useState(today);
  const [amount, setAmount] = useState("");
  const [payerName, setPayerName] = useState("");
  const [reference, setReference] = useState("");
  const [note, setNote] = useState("");
  const [allocation, setAllocation] = useState<AllocationDraft>(() => initialAllocation("oldest_first"));
  const [submittedItemIds, setSubmittedItemIds] = useState<ReadonlyArray<string>>([]);
  const openItems = useOpenItems(org.orgId, payer?.customerId ?? null);
  const items = openItems.data === undefined ? null : payableItems(openItems.data.items, currency);

  const record = useMutation({
    mutationFn: (body: NewPaymentRequest) =>
      api.post<PaymentView>(receivablesPath(org.orgId, "payments"), body, {
        "Idempotency-Key": idempotency.keyFor(body),
      }),
    onSuccess: (payment) => {
      idempotency.renew();
      queryClient.setQueryData(queryKeys.payment(org.orgId, payment.paymentId), payment);
      receivablesChanged();
      props.onRecorded(payment);
    },
  });
  const edited = () => {
    if (record.error !== null) record.reset();
  };
  const pickPayer = useCallback((picked: PickedCustomer | null) => {
    setPayer(picked);
    // Ticked items belong to the payer they were ticked for.
    setAllocation((draft) => (draft.chosen.size === 0 ? draft : { ...draft, chosen: new Map() }));
  }, []);

  const typedAmount = readAmount(amount, currency);
  const amountTyped = typedAmount.ok ? typedAmount.amount : null;
  const amountValid = amountTyped !== null && parseMinor(amountTyped, currency) > 0n;
  const outcome = allocationOf(allocation, items ?? [], currency);
  const ready = payer !== null && amountValid && receivedDate !== "" && outcome.ok;
  const text = (code: string, message: string) => issueText({ path: "", code, message }, t);
  const issues = issuesByPath(record.error, text);
  const itemIssues = allocationIssues(record.error, submittedItemIds, text);

  let openMinor = 0n;
  for (const item of items ?? []) openMinor += parseMinor(item.open, currency);

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    if (!ready || payer === null || !outcome.ok || amountTyped === null || record.isPending) return;
    setSubmittedItemIds(outcome.itemIds);
    record.mutate({
      customerId: payer.customerId,
      method,
      receivedDate,
      amount: amountTyped,
      payerName: orNull(payerName),
      reference: orNull(reference),
      note: orNull(note),
      allocation: outcome.body,
    });
  }

  let hint: string | null = null;
  if (payer === null) hint = t("payments.form.needsPayer");
  else if (!amountValid) hint = t("payments.form.needsAmount");
  else if (!outcome.ok && outcome.problems.has("")) hint = t("allocation.noneChosen");

  return (
    <form className="card" onSubmit={submit} noValidate data-testid="new-payment-form">
      <h2>{t("payments.form.title")}</h2>
      <p className="muted">{t("payments.form.intro")}</p>
      <ErrorMessage error={record.error} />
      <div className="form-grid form-grid-top">
        <CustomerField
          orgId={org.orgId}
          name="customerId"
          label={t("payments.fields.payer")}
          initial={props.payer}
          customer={payer}
          invalid={issues.has("customerId")}
          onText={edited}
          onPick={pickPayer}
        >
          <FieldIssue issues={issues} path="customerId" />
          {payer !== null && items !== null && (
            <div className="subtle" data-testid="payer-open">
              {items.length === 0
                ? t("payments.form.payerNothingOpen")
                : t("payments.form.payerOpen", {
                    count: items.length,
                    amount: formatMoney(amountText(openMinor, currency), currency, language),
                  })}
            </div>
          )}
        </CustomerField>
        <ChoiceField
          label={t("payments.fields.method")}
          name="method"
          choices={paymentMethods}
          value={method}
          choiceLabel={(m) => t(`payments.methods.${m}`)}
          onChange={(value) => {
            edited();
            setMethod(value);
          }}
        />
        <TextField
          label={t("payments.fields.receivedDate")}
          name="receivedDate"
          type="date"
          max={today}
          aria-invalid={issues.has("receivedDate")}
          value={receivedDate}
          onChange={(value) => {
            edited();
            setReceivedDate(value);
          }}
        >
          <FieldIssue issues={issues} path="receivedDate" />
        </TextField>
        <TextField
          label={t("payments.fields.amount", { currency })}
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
            <div className="field-error">{t("payments.form.amountInvalid")}</div>
          )}
          <FieldIssue issues={issues} path="amount" />
        </TextField>
        <TextField
          label={t("payments.fields.payerName")}
          note={t("payments.form.payerNameHint")}
          name="payerName"
          maxLength={textLengthMax}
          autoComplete="off"
          value={payerName}
          onChange={(value) => {
            edited();
            setPayerName(value);
          }}
        >
          <FieldIssue issues={issues} path="payerName" />
        </TextField>
        <TextField
          label={t("payments.fields.reference")}
          note={t("payments.form.referenceHint")}
          name="reference"
          maxLength={textLengthMax}
          autoComplete="off"
          value={reference}
          onChange={(value) => {
            edited();
            setReference(value);
          }}
        >
          <FieldIssue issues={issues} path="reference" />
        </TextField>
        <label className="field form-full">
          <span>
            {t("payments.fields.note")} <span className="field-note">({t("customers.optional")})</span>
          </span>
          <textarea
            name="note"
            rows={2}
            maxLength={noteLengthMax}
            value={note}
            onChange={(event) => {
              edited();
              setNote(event.target.value);
            }}
          />
          <FieldIssue issues={issues} path="note" />
        </label>
      </div>

      <AllocationChooser
        org={org}
        draft={allocation}
        onChange={(next) => {
          edited();
          setAllocation(next);
        }}
        allowKeep
        items={payer === null ? null : items}
        itemsPending={openItems.isPending}
        itemsError={openItems.error}
        receivedDate={receivedDate}
        problems={outcome.ok ? new Map() : outcome.problems}
        itemIssues={itemIssues}
        disabled={record.isPending}
      />

      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={!ready || record.isPending}>
          {record.isPending ? t("payments.form.recording") : t("payments.form.record")}
        </button>
        <button
          type="button"
          className="button button-quiet"
          onClick={props.onCancel}
          disabled={record.isPending}
        >
          {t("common.cancel")}
        </button>
        {hint !== null && <span className="muted">{hint}</span>}
      </div>
    </form>
  );
}
