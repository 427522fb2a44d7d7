import { useState } from "react";
import { useTranslation } from "react-i18next";
import { netTermsDaysMax } from "../../../../src/domain/credit/index.ts";
import type { CreditChangeOutcome, CreditStatus, Terms } from "../../api/types.ts";
import { todayIn } from "../../business-date.ts";
import { FormDialog } from "../../components/form-dialog.tsx";
import { readAmount, readWholeNumber } from "./credit-format.ts";
import { useCreditChange } from "./credit-queries.ts";

/** A reason is what the audit log and the approver read: long enough to say something. */
export const reasonLengthMax = 500;

export function ReasonField(props: {
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly optional?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <label className="field">
      <span>
        {t("credit.reason")}
        {props.optional === true && <span className="field-note"> ({t("customers.optional")})</span>}
      </span>
      <textarea
        name="reason"
        rows={3}
        required={props.optional !== true}
        maxLength={reasonLengthMax}
        value={props.value}
        onChange={(event) => props.onChange(event.target.value)}
      />
    </label>
  );
}

export function TermsFields(props: {
  readonly terms: TermsDraft;
  readonly onChange: (terms: TermsDraft) => void;
}) {
  const { t } = useTranslation();
  const { terms } = props;
  return (
    <div className="form-row">
      <label className="field">
        <span>{t("credit.terms")}</span>
        <select
          name="termsKind"
          value={terms.kind}
          onChange={(event) =>
            props.onChange({ ...terms, kind: event.target.value === "net" ? "net" : "cash_in_advance" })
          }
        >
          <option value="net">{t("credit.termsKinds.net")}</option>
          <option value="cash_in_advance">{t("credit.termsKinds.cash_in_advance")}</option>
        </select>
      </label>
      {terms.kind === "net" && (
        <label className="field">
          <span>{t("credit.termsDays")}</span>
          <input
            name="termsDays"
            inputMode="numeric"
            className="input-short"
            value={terms.days}
            aria-invalid={readTermsDays(terms.days) === null}
            onChange={(event) => props.onChange({ ...terms, days: event.target.value })}
          />
        </label>
      )}
    </div>
  );
}

export interface TermsDraft {
  readonly kind: Terms["kind"];
  readonly days: string;
}

export function termsDraft(terms: Terms): TermsDraft {
  return terms.kind === "net"
    ? { kind: "net", days: String(terms.days) }
    : { kind: "cash_in_advance", days: "30" };
}

function readTermsDays(text: string): number | null {
  const days = readWholeNumber(text);
  return days !== null && days >= 0 && days <= netTermsDaysMax ? days : null;
}

/** The terms a draft stands for, or null while the days are not a whole number in range. */
export function readTerms(draft: TermsDraft): Terms | null {
  if (draft.kind === "cash_in_advance") return { kind: "cash_in_advance" };
  const days = readTermsDays(draft.days);
  return days === null ? null : { kind: "net", days };
}

/** Put a customer on credit hold, or release it; the reason goes to the audit log. */
export function HoldDialog(props: {
  readonly orgId: string;
  readonly customerId: string;
  readonly release: boolean;
  readonly onDone: (status: CreditStatus) => void;
  readonly onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState("");
  const change = useCreditChange<{ readonly reason: string }, CreditStatus>({
    orgId: props.orgId,
    customerId: props.customerId,
    action: props.release ? "release" : "hold",
    onDone: props.onDone,
  });
  return (
    <FormDialog
      title={props.release ? t("credit.releaseTitle") : t("credit.holdTitle")}
      intro={props.release ? t("credit.releaseIntro") : t("credit.holdIntro")}
      submitLabel={props.release ? t("credit.release") : t("credit.hold")}
      pendingLabel={t("common.saving")}
      pending={change.isPending}
      error={change.error}
      canSubmit={reason.trim() !== ""}
      danger={!props.release}
      testId="hold-dialog"
      onSubmit={() => change.mutate({ reason: reason.trim() })}
      onCancel={props.onCancel}
    >
      <ReasonField value={reason} onChange={setReason} />
    </FormDialog>
  );
}

/**
 * A limit and terms other than the recommendation (an override): it needs a reason, and a second
 * person's approval when it overrides the policy or raises the limit by more than the threshold.
 */
export function OverrideDialog(props: {
  readonly orgId: string;
  readonly customerId: string;
  readonly currency: string;
  readonly initialLimit: string;
  readonly initialTerms: Terms;
  readonly assessmentId: string | null;
  readonly onDone: (outcome: CreditChangeOutcome) => void;
  readonly onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [limit, setLimit] = useState(props.initialLimit);
  const [terms, setTerms] = useState<TermsDraft>(() => termsDraft(props.initialTerms));
  const [reason, setReason] = useState("");
  const amount = readAmount(limit, props.currency);
  const parsedTerms = readTerms(terms);

  const propose = useCreditChange<
    {
      readonly limit: string;
      readonly terms: Terms;
      readonly reason: string;
      readonly assessmentId?: string;
    },
    CreditChangeOutcome
  >({ orgId: props.orgId, customerId: props.customerId, action: "limit", onDone: props.onDone });

  return (
    <FormDialog
      title={t("credit.overrideTitle")}
      intro={t("credit.overrideIntro")}
      submitLabel={t("credit.propose")}
      pendingLabel={t("common.saving")}
      pending={propose.isPending}
      error={propose.error}
      canSubmit={amount.ok && amount.amount !== null && parsedTerms !== null && reason.trim() !== ""}
      testId="override-dialog"
      onSubmit={() => {
        if (!amount.ok || amount.amount === null || parsedTerms === null) return;
        propose.mutate({
          limit: amount.amount,
          terms: parsedTerms,
          reason: reason.trim(),
          ...(props.assessmentId === null ? {} : { assessmentId: props.assessmentId }),
        });
      }}
      onCancel={props.onCancel}
    >
      <label className="field">
        <span>{t("credit.limitIn", { currency: props.currency })}</span>
        <input
          name="limit"
          inputMode="decimal"
          autoComplete="off"
          className="input-amount"
          value={limit}
          aria-invalid={!amount.ok}
          onChange={(event) => setLimit(event.target.value)}
        />
        {!amount.ok && <span className="field-error">{t("voucherForm.invalidAmount")}</span>}
      </label>
      <TermsFields terms={terms} onChange={setTerms} />
      <ReasonField value={reason} onChange={setReason} />
    </FormDialog>
  );
}

/** 临时额度: an amount on top of the limit until a date, with a reason. */
export function TemporaryIncreaseDialog(props: {
  readonly orgId: string;
  readonly customerId: string;
  readonly currency: string;
  readonly timeZone: string;
  readonly onDone: (outcome: CreditChangeOutcome) => void;
  readonly onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [amountText, setAmountText] = useState("");
  const [expiresOn, setExpiresOn] = useState("");
  const [reason, setReason] = useState("");
  const amount = readAmount(amountText, props.currency);
  const today = todayIn(props.timeZone);

  const propose = useCreditChange<
    { readonly amount: string; readonly expiresOn: string; readonly reason: string },
    CreditChangeOutcome
  >({ orgId: props.orgId, customerId: props.customerId, action: "temporary-increase", onDone: props.onDone });

  return (
    <FormDialog
      title={t("credit.temporaryTitle")}
      intro={t("credit.temporaryIntro")}
      submitLabel={t("credit.propose")}
      pendingLabel={t("common.saving")}
      pending={propose.isPending}
      error={propose.error}
      canSubmit={amount.ok && amount.amount !== null && expiresOn !== "" && reason.trim() !== ""}
      testId="temporary-dialog"
      onSubmit={() => {
        if (!amount.ok || amount.amount === null) return;
        propose.mutate({ amount: amount.amount, expiresOn, reason: reason.trim() });
      }}
      onCancel={props.onCancel}
    >
      <div className="form-row">
        <label className="field">
          <span>{t("credit.amountIn", { currency: props.currency })}</span>
          <input
            name="amount"
            inputMode="decimal"
            autoComplete="off"
            className="input-amount"
            value={amountText}
            aria-invalid={!amount.ok}
            onChange={(event) => setAmountText(event.target.value)}
          />
        </label>
        <label className="field">
          <span>{t("credit.expiresOn")}</span>
          <input
            type="date"
            name="expiresOn"
            min={today}
            value={expiresOn}
            onChange={(event) => setExpiresOn(event.target.value)}
          />
        </label>
      </div>
      {!amount.ok && <span className="field-error">{t("voucherForm.invalidAmount")}</span>}
      <ReasonField value={reason} onChange={setReason} />
    </FormDialog>
  );
}
