import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client.ts";
import type { Dispute, DisputeReason, NewDisputeRequest } from "../../api/collections-types.ts";
import type { OpenItemView } from "../../api/receivables-types.ts";
import type { OrganizationOfUser } from "../../api/types.ts";
import { FormDialog } from "../../components/form-dialog.tsx";
import { formatDate, formatMoney } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { useOpenItems } from "../receivables/receivables-queries.ts";
import {
  amountText,
  collectionsIssues,
  FieldProblem,
  isConflict,
  isPositiveAmount,
} from "./collections-format.tsx";
import { usePeople } from "./collections-people.ts";
import { collectionsPath, disputeReasons, useDisputesChanged, useInvoiceOf } from "./collections-queries.ts";

/** Characters of a note the server keeps. */
const noteLengthMax = 500;

/** An item a dispute may be opened on: something still owed, not already disputed. */
function disputable(item: OpenItemView): boolean {
  return item.status === "open" && isPositiveAmount(item.open) && !item.disputed;
}

/**
 * Opens a dispute (争议) on one of the customer's open items: what the customer contests (the
 * whole item or one line of its invoice, and how much), why, who owns it and a note. The item is
 * marked disputed, so dunning and automatic allocation pass it by until the dispute ends. The
 * server checks every field; its objections show at the field they concern.
 */
export function OpenDisputeDialog(props: {
  readonly org: OrganizationOfUser;
  readonly customer: { readonly customerId: string; readonly name: string };
  readonly onDone: (dispute: Dispute) => void;
  readonly onCancel: () => void;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { org, customer } = props;
  const disputesChanged = useDisputesChanged(org.orgId);
  const openItems = useOpenItems(org.orgId, customer.customerId);
  const { people, me } = usePeople(org);
  const items = (openItems.data?.items ?? []).filter(disputable);
  const [itemId, setItemId] = useState("");
  const [lineSeq, setLineSeq] = useState("");
  const [reasonCode, setReasonCode] = useState<DisputeReason | "">("");
  const [amount, setAmount] = useState("");
  const [owner, setOwner] = useState<string | null>(null);
  const [note, setNote] = useState("");
  const item = items.find((candidate) => candidate.itemId === itemId) ?? null;
  // A line may be named only on an invoice's item: its lines are the invoice's.
  const invoiceId = item !== null && item.sourceType === "invoice" ? item.sourceId : null;
  const invoice = useInvoiceOf(org.orgId, invoiceId);
  const lines = invoiceId === null ? [] : (invoice.data?.lines ?? []);
  const ownerUserId = owner ?? me?.userId ?? "";

  const open = useMutation({
    mutationFn: (body: NewDisputeRequest) => api.post<Dispute>(collectionsPath(org.orgId, "disputes"), body),
    onSuccess: (dispute) => {
      disputesChanged();
      props.onDone(dispute);
    },
  });
  const issues = collectionsIssues(open.error, t);
  const conflict = isConflict(open.error);
  const edit =
    <T,>(set: (value: T) => void) =>
    (value: T) => {
      if (open.error !== null) open.reset();
      set(value);
    };

  function submit(): void {
    if (reasonCode === "" || item === null) return;
    open.mutate({
      itemId: item.itemId,
      lineSeq: lineSeq === "" ? null : Number(lineSeq),
      reasonCode,
      amount: amount.trim() === "" ? null : amountText(amount),
      ownerUserId: ownerUserId === "" ? null : ownerUserId,
      note: note.trim(),
    });
  }

  return (
    <FormDialog
      title={t("collections.disputes.openTitle", { name: customer.name })}
      intro={t("collections.disputes.openIntro")}
      submitLabel={t("collections.disputes.openSubmit")}
      pendingLabel={t("common.saving")}
      pending={open.isPending}
      error={conflict ? null : open.error}
      canSubmit={item !== null && reasonCode !== "" && note.trim() !== ""}
      testId="open-dispute-dialog"
      onSubmit={submit}
      onCancel={props.onCancel}
    >
      {conflict && (
        <p role="alert" className="notice notice-error">
          {t("collections.disputes.openConflict")}
        </p>
      )}
      <label className="field">
        <span>{t("collections.disputes.fields.item")}</span>
        <select
          name="itemId"
          value={itemId}
          aria-invalid={issues.has("itemId")}
          disabled={openItems.isPending}
          onChange={(event) => {
            edit(setItemId)(event.target.value);
            setLineSeq("");
          }}
        >
          <option value="">
            {openItems.isPending ? t("common.loading") : t("collections.disputes.chooseItem")}
          </option>
          {items.map((candidate) => (
            <option key={candidate.itemId} value={candidate.itemId}>
              {t("collections.disputes.itemOption", {
                document: candidate.documentNumber,
                due: formatDate(candidate.dueDate, language),
                open: formatMoney(candidate.open, candidate.currency, language),
              })}
            </option>
          ))}
        </select>
        <FieldProblem issues={issues} path="itemId" />
      </label>
      {openItems.data !== undefined && items.length === 0 && (
        <p className="notice notice-info" data-testid="no-disputable-items">
          {t("collections.disputes.noItems")}
        </p>
      )}
      {lines.length > 0 && (
        <label className="field">
          <span>
            {t("collections.disputes.fields.line")}
            <span className="field-note"> ({t("customers.optional")})</span>
          </span>
          <select
            name="lineSeq"
            value={lineSeq}
            aria-invalid={issues.has("lineSeq")}
            onChange={(event) => {
              const chosen = lines.find((line) => String(line.lineNo) === event.target.value);
              edit(setLineSeq)(event.target.value);
              // A line contested whole is its gross; the amount stays editable (a part of it).
              if (chosen !== undefined && amount.trim() === "") setAmount(chosen.gross);
            }}
          >
            <option value="">{t("collections.disputes.wholeItem")}</option>
            {lines.map((line) => (
              <option key={line.lineNo} value={String(line.lineNo)}>
                {t("collections.disputes.lineOption", {
                  n: line.lineNo,
                  description: line.description,
                  gross: formatMoney(line.gross, item?.currency ?? org.baseCurrency, language),
                })}
              </option>
            ))}
          </select>
          <FieldProblem issues={issues} path="lineSeq" />
        </label>
      )}
      <div className="form-row">
        <label className="field field-grow">
          <span>{t("collections.disputes.fields.reason")}</span>
          <select
            name="reasonCode"
            value={reasonCode}
            aria-invalid={issues.has("reasonCode")}
            onChange={(event) =>
              edit(setReasonCode)(disputeReasons.find((reason) => reason === event.target.value) ?? "")
            }
          >
            <option value="">{t("collections.disputes.chooseReason")}</option>
            {disputeReasons.map((reason) => (
              <option key={reason} value={reason}>
                {t(`collections.disputeReasons.${reason}`)}
              </option>
            ))}
          </select>
          <FieldProblem issues={issues} path="reasonCode" />
        </label>
        <label className="field field-grow">
          <span>
            {t("collections.disputes.fields.amountIn", { currency: item?.currency ?? org.baseCurrency })}
            <span className="field-note">
              {" "}
              (
              {item === null
                ? t("collections.disputes.amountHintAny")
                : t("collections.disputes.amountHint", {
                    open: formatMoney(item.open, item.currency, language),
                  })}
              )
            </span>
          </span>
          <input
            name="amount"
            inputMode="decimal"
            className="input-amount"
            value={amount}
            placeholder={item?.open ?? ""}
            aria-invalid={issues.has("amount")}
            onChange={(event) => edit(setAmount)(event.target.value)}
          />
          <FieldProblem issues={issues} path="amount" />
        </label>
      </div>
      <label className="field">
        <span>{t("collections.disputes.fields.owner")}</span>
        <select
          name="ownerUserId"
          value={ownerUserId}
          aria-invalid={issues.has("ownerUserId")}
          onChange={(event) => edit(setOwner)(event.target.value)}
        >
          <option value="">{t("collections.disputes.noOwner")}</option>
          {people.map((person) => (
            <option key={person.userId} value={person.userId}>
              {person.displayName}
            </option>
          ))}
        </select>
        <FieldProblem issues={issues} path="ownerUserId" />
      </label>
      <label className="field">
        <span>{t("collections.disputes.fields.note")}</span>
        <textarea
          name="note"
          rows={3}
          required
          maxLength={noteLengthMax}
          value={note}
          placeholder={t("collections.disputes.notePlaceholder")}
          aria-invalid={issues.has("note")}
          onChange={(event) => edit(setNote)(event.target.value)}
        />
        <FieldProblem issues={issues} path="note" />
      </label>
    </FormDialog>
  );
}
