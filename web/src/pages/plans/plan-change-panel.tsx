import { useMutation } from "@tanstack/react-query";
import { type FormEvent, Fragment, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  holidayInterestTreatments,
  holidayPeriodsMax,
  prepaymentModes,
  restructureKinds,
} from "../../../../src/domain/plans/index.ts";
import { api, newIdempotencyKey } from "../../api/client.ts";
import type {
  HolidayInterest,
  OrganizationOfUser,
  PlanChangeKind,
  PlanChangeOutcome,
  PlanChangeRequest,
  PlanChangeResult,
  PlanView,
  PrepaymentMode,
} from "../../api/types.ts";
import { todayIn } from "../../business-date.ts";
import { ErrorMessage } from "../../components/error-message.tsx";
import { FormDialog } from "../../components/form-dialog.tsx";
import { ChoiceField, TextField } from "../../components/form-fields.tsx";
import { formatDate, formatMoney } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { can } from "../../session.ts";
import { percentToShare, readAmount } from "../credit/credit-format.ts";
import { plansPath, usePlanChanged } from "./plan-queries.ts";
import { PlanItemsTable } from "./plan-tables.tsx";

export const changeKinds = [
  "payoff",
  "prepayment",
  ...restructureKinds,
] as const satisfies ReadonlyArray<PlanChangeKind>;

/** The change form as typed; one date field serves as `date` or `effectiveDate`, as the kind names it. */
interface ChangeDraft {
  readonly kind: PlanChangeKind;
  readonly date: string;
  readonly amount: string;
  readonly mode: PrepaymentMode;
  readonly annualRatePercent: string;
  readonly holidayPeriods: string;
  readonly holidayInterest: HolidayInterest;
  readonly extraPeriods: string;
  readonly reason: string;
}

const wholeNumberPattern = /^\d{1,4}$/;

/** The request of a filled-in form; null while something it needs is missing. */
function changeRequestOf(draft: ChangeDraft, currency: string): PlanChangeRequest | null {
  if (draft.date === "") return null;
  const reason = draft.reason.trim();
  switch (draft.kind) {
    case "payoff":
      return { kind: "payoff", date: draft.date };
    case "prepayment": {
      const read = readAmount(draft.amount, currency);
      if (draft.amount.trim() === "") return null;
      // What cannot be read as an amount goes as typed: the server names it at its field.
      const amount = read.ok ? (read.amount ?? "") : draft.amount.trim();
      return { kind: "prepayment", date: draft.date, amount, mode: draft.mode };
    }
    case "rate-change": {
      const percent = draft.annualRatePercent.trim();
      if (percent === "" || reason === "") return null;
      return {
        kind: "rate-change",
        effectiveDate: draft.date,
        annualRate: percentToShare(percent) ?? percent,
        reason,
      };
    }
    case "payment-holiday":
      if (!wholeNumberPattern.test(draft.holidayPeriods.trim()) || reason === "") return null;
      return {
        kind: "payment-holiday",
        effectiveDate: draft.date,
        periods: Number(draft.holidayPeriods.trim()),
        holidayInterest: draft.holidayInterest,
        reason,
      };
    case "term-extension":
      if (!wholeNumberPattern.test(draft.extraPeriods.trim()) || reason === "") return null;
      return {
        kind: "term-extension",
        effectiveDate: draft.date,
        extraPeriods: Number(draft.extraPeriods.trim()),
        reason,
      };
    case "capitalize-arrears":
      if (reason === "") return null;
      return { kind: "capitalize-arrears", effectiveDate: draft.date, reason };
  }
}

/** What the change does, as the server computed it: the cash due, the breakdown and the items. */
function ChangePreview(props: { readonly outcome: PlanChangeOutcome; readonly currency: string }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { outcome, currency } = props;
  const money = (amount: string) => formatMoney(amount, currency, language);
  return (
    <div data-testid="change-preview" data-kind={outcome.kind}>
      <dl className="details details-compact">
        <dt>{t("planChange.cash")}</dt>
        <dd data-testid="change-cash" data-value={outcome.cash}>
          <strong>{money(outcome.cash)}</strong>
        </dd>
        <dt>{t("planChange.date")}</dt>
        <dd>{formatDate(outcome.date, language)}</dd>
        {outcome.payoff !== null && (
          <>
            {outcome.payoff.items.map((item) => (
              <Fragment key={item.kind}>
                <dt>
                  {t(`planChange.payoffItems.${item.kind}` as "planChange.payoffItems.arrears", {
                    defaultValue: item.kind,
                  })}
                </dt>
                <dd>{money(item.amount)}</dd>
              </Fragment>
            ))}
            <dt>{t("planChange.payoffTotal")}</dt>
            <dd>{money(outcome.payoff.total)}</dd>
            <dt>{t("planChange.accrual")}</dt>
            <dd>
              {formatDate(outcome.payoff.accrualFrom, language)} –{" "}
              {formatDate(outcome.payoff.accrualTo, language)}
            </dd>
          </>
        )}
        {outcome.prepayment !== null && (
          <>
            <dt>{t("planChange.applied.arrears")}</dt>
            <dd>{money(outcome.prepayment.applied.arrears)}</dd>
            <dt>{t("planChange.applied.accruedInterest")}</dt>
            <dd>{money(outcome.prepayment.applied.accruedInterest)}</dd>
            <dt>{t("planChange.applied.earlyRepaymentFee")}</dt>
            <dd>{money(outcome.prepayment.applied.earlyRepaymentFee)}</dd>
            <dt>{t("planChange.applied.principal")}</dt>
            <dd>{money(outcome.prepayment.applied.principal)}</dd>
            <dt>{t("planChange.outstandingPrincipal")}</dt>
            <dd>
              {money(outcome.prepayment.outstandingPrincipalBefore)} →{" "}
              {money(outcome.prepayment.outstandingPrincipalAfter)}
            </dd>
          </>
        )}
        {outcome.restructuring !== null && (
          <>
            <dt>{t("planChange.capitalized")}</dt>
            <dd>{money(outcome.restructuring.capitalized)}</dd>
            {outcome.restructuring.skippedDueDates.length > 0 && (
              <>
                <dt>{t("planChange.skippedDueDates")}</dt>
                <dd>
                  {outcome.restructuring.skippedDueDates.map((date) => formatDate(date, language)).join(", ")}
                </dd>
              </>
            )}
            <dt>{t("planChange.interestBeforeChange")}</dt>
            <dd>{money(outcome.restructuring.interestBeforeChange)}</dd>
          </>
        )}
      </dl>
      {outcome.settledItems.length > 0 && (
        <>
          <h3>{t("planChange.settledItems")}</h3>
          <PlanItemsTable
            items={outcome.settledItems}
            currency={currency}
            testId="change-settled-items"
            caption={t("planChange.settledItems")}
          />
        </>
      )}
      <h3>{t("planChange.newItems")}</h3>
      <PlanItemsTable
        items={outcome.newItems}
        currency={currency}
        testId="change-new-items"
        caption={t("planChange.newItems")}
      />
      <h3>{t("planChange.cancelledItems")}</h3>
      <PlanItemsTable
        items={outcome.cancelledItems}
        currency={currency}
        testId="change-cancelled-items"
        caption={t("planChange.cancelledItems")}
      />
    </div>
  );
}

/**
 * Early repayment and restructuring of a running plan: fill in the change, preview what it does
 * (nothing is written), then execute it — on today or an earlier day only, since cash is received
 * and terms are changed on a real day. The preview shown is always the one of the form on screen.
 */
export function PlanChangePanel(props: {
  readonly org: OrganizationOfUser;
  readonly plan: PlanView;
  /** What was done, for the page to say (a payoff ends the plan, and this panel with it). */
  readonly onNotice: (text: string | null) => void;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { org, plan } = props;
  const today = todayIn(org.timeZone);
  const [draft, setDraft] = useState<ChangeDraft>(() => ({
    kind: "payoff",
    date: today,
    amount: "",
    mode: "reduce-installment",
    annualRatePercent: "",
    holidayPeriods: "1",
    holidayInterest: "spread",
    extraPeriods: "1",
    reason: "",
  }));
  const [previewed, setPreviewed] = useState<{
    readonly json: string;
    readonly outcome: PlanChangeOutcome;
  } | null>(null);
  const [confirming, setConfirming] = useState<{
    readonly body: PlanChangeRequest;
    readonly key: string;
  } | null>(null);
  const setNotice = props.onNotice;
  const planChanged = usePlanChanged(org.orgId);

  const request = changeRequestOf(draft, plan.currency);
  const json = request === null ? "" : JSON.stringify(request);
  const preview = useMutation({
    mutationFn: (body: PlanChangeRequest) =>
      api.post<PlanChangeOutcome>(plansPath(org.orgId, plan.planId, "changes", "preview"), body),
    onSuccess: (outcome, body) => setPreviewed({ json: JSON.stringify(body), outcome }),
  });
  const execute = useMutation({
    mutationFn: (variables: { readonly body: PlanChangeRequest; readonly key: string }) =>
      api.post<PlanChangeResult>(plansPath(org.orgId, plan.planId, "changes"), variables.body, {
        "Idempotency-Key": variables.key,
      }),
    onSuccess: (result) => {
      setConfirming(null);
      setPreviewed(null);
      setNotice(
        t("planChange.executed", {
          kind: t(`planChange.kinds.${result.change.kind}`),
          cash: formatMoney(result.change.cash, plan.currency, language),
        }),
      );
      planChanged(result.plan);
    },
  });

  const current = previewed !== null && previewed.json === json ? previewed.outcome : null;
  const future = draft.date > today;
  const manages = can(org, "plans.manage");
  const set = <K extends keyof ChangeDraft>(key: K, value: ChangeDraft[K]) => {
    if (preview.error !== null) preview.reset();
    setNotice(null);
    setDraft((before) => ({ ...before, [key]: value }));
  };
  const needsReason = draft.kind !== "payoff" && draft.kind !== "prepayment";

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    if (request !== null && !preview.isPending) preview.mutate(request);
  }

  return (
    <section className="card" aria-labelledby="plan-change-title" data-testid="plan-change">
      <h2 id="plan-change-title">{t("planChange.title")}</h2>
      <p className="muted">{t("planChange.intro")}</p>
      <form className="form-grid plans-grid" onSubmit={submit} noValidate>
        <ChoiceField
          label={t("planChange.kind")}
          name="kind"
          choices={changeKinds}
          value={draft.kind}
          choiceLabel={(kind) => t(`planChange.kinds.${kind}`)}
          onChange={(kind) => set("kind", kind)}
        />
        <TextField
          label={
            draft.kind === "payoff" || draft.kind === "prepayment"
              ? t("planChange.fields.date")
              : t("planChange.fields.effectiveDate")
          }
          name="date"
          type="date"
          value={draft.date}
          onChange={(value) => set("date", value)}
        />
        {draft.kind === "prepayment" && (
          <>
            <TextField
              label={t("planChange.fields.amount", { currency: plan.currency })}
              name="amount"
              inputMode="decimal"
              autoComplete="off"
              className="input-amount"
              value={draft.amount}
              onChange={(value) => set("amount", value)}
            />
            <ChoiceField
              label={t("planChange.fields.mode")}
              name="mode"
              choices={prepaymentModes}
              value={draft.mode}
              choiceLabel={(mode) => t(`planChange.modes.${mode}`)}
              onChange={(mode) => set("mode", mode)}
            />
          </>
        )}
        {draft.kind === "rate-change" && (
          <TextField
            label={t("planChange.fields.annualRate")}
            name="annualRate"
            inputMode="decimal"
            autoComplete="off"
            className="input-short"
            value={draft.annualRatePercent}
            onChange={(value) => set("annualRatePercent", value)}
          />
        )}
        {draft.kind === "payment-holiday" && (
          <>
            <TextField
              label={t("planChange.fields.holidayPeriods", { max: holidayPeriodsMax })}
              name="periods"
              inputMode="numeric"
              autoComplete="off"
              className="input-short"
              value={draft.holidayPeriods}
              onChange={(value) => set("holidayPeriods", value)}
            />
            <ChoiceField
              label={t("planChange.fields.holidayInterest")}
              name="holidayInterest"
              choices={holidayInterestTreatments}
              value={draft.holidayInterest}
              choiceLabel={(treatment) => t(`planChange.holidayInterest.${treatment}`)}
              onChange={(treatment) => set("holidayInterest", treatment)}
            />
          </>
        )}
        {draft.kind === "term-extension" && (
          <TextField
            label={t("planChange.fields.extraPeriods")}
            name="extraPeriods"
            inputMode="numeric"
            autoComplete="off"
            className="input-short"
            value={draft.extraPeriods}
            onChange={(value) => set("extraPeriods", value)}
          />
        )}
        {needsReason && (
          <label className="field field-wide">
            <span>{t("credit.reason")}</span>
            <textarea
              name="reason"
              rows={2}
              maxLength={500}
              value={draft.reason}
              onChange={(event) => set("reason", event.target.value)}
            />
          </label>
        )}
        <p className="subtle form-full">{t(`planChange.hints.${draft.kind}`)}</p>
        <div className="form-actions">
          <button
            type="submit"
            className="button"
            data-testid="change-preview-button"
            disabled={request === null || preview.isPending}
          >
            {preview.isPending ? t("planChange.previewing") : t("planChange.preview")}
          </button>
          {manages && (
            <button
              type="button"
              className="button button-primary"
              data-testid="change-execute-button"
              disabled={current === null || future || execute.isPending}
              onClick={() => {
                if (request !== null) setConfirming({ body: request, key: newIdempotencyKey() });
              }}
            >
              {t("planChange.execute")}
            </button>
          )}
          <span className="muted">
            {future
              ? t("planChange.futureHint")
              : current === null && request !== null
                ? t("planChange.previewFirst")
                : null}
          </span>
        </div>
      </form>
      <ErrorMessage error={preview.error} />
      {current !== null && <ChangePreview outcome={current} currency={plan.currency} />}
      {confirming !== null && current !== null && (
        <FormDialog
          title={t("planChange.confirmTitle")}
          intro={t("planChange.confirmQuestion", {
            kind: t(`planChange.kinds.${current.kind}`),
            number: plan.number,
            date: formatDate(current.date, language),
          })}
          submitLabel={t("planChange.execute")}
          pendingLabel={t("common.saving")}
          pending={execute.isPending}
          error={execute.error}
          testId="change-confirm-dialog"
          onSubmit={() => execute.mutate(confirming)}
          onCancel={() => {
            execute.reset();
            setConfirming(null);
          }}
        >
          <p className="dialog-consequence">
            {t("planChange.confirmConsequence", {
              cash: formatMoney(current.cash, plan.currency, language),
              added: current.newItems.length,
              cancelled: current.cancelledItems.length,
            })}
          </p>
        </FormDialog>
      )}
    </section>
  );
}
