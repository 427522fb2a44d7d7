import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { type ReactNode, useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client.ts";
import type { OrganizationOfUser, QuoteRequest, QuoteResponse } from "../../api/types.ts";
import { todayIn } from "../../business-date.ts";
import { ErrorMessage } from "../../components/error-message.tsx";
import { ChoiceField } from "../../components/form-fields.tsx";
import { can } from "../../session.ts";
import { useSettled } from "../../use-settled.ts";
import { shareToPercent } from "../credit/credit-format.ts";
import { type ComparedDesign, ComparisonPanel, comparedDesignsMax } from "./comparison-panel.tsx";
import {
  dayCounts,
  frequencies,
  initialPlanForm,
  issuesByField,
  type PlanField,
  type PlanForm,
  quoteRequestOf,
  roundingModes,
  scheduleMethods,
  wholeNumberRanges,
} from "./plan-form.ts";
import { QuoteResult } from "./quote-result.tsx";
import { planTermsOf, SavePlanCard, SavePlanDialog } from "./save-plan-form.tsx";

export const quotePath = "/api/v1/quotes";
/** Typing pauses this long before a quote is asked for: one request per thought, not per key. */
const quoteSettleMs = 300;

interface Quoted {
  readonly requestJson: string;
  readonly quote: QuoteResponse;
}

/** What a designer field hands its input: the label's id and whether the server refused it. */
interface FieldControl {
  readonly id: string;
  readonly "aria-invalid"?: true;
  readonly "aria-describedby"?: string;
}

/** A labelled input of the designer, with the server's complaint about its request field under it. */
function Field(props: {
  readonly label: string;
  readonly note?: string;
  readonly issue: string | undefined;
  readonly field: PlanField;
  readonly children: (control: FieldControl) => ReactNode;
}) {
  const id = useId();
  const issueId = `${id}-issue`;
  const control: FieldControl =
    props.issue === undefined ? { id } : { id, "aria-invalid": true, "aria-describedby": issueId };
  return (
    <div className="field" data-field={props.field}>
      <label htmlFor={id}>
        {props.label}
        {props.note !== undefined && (
          <>
            {" "}
            <span className="field-note">({props.note})</span>
          </>
        )}
      </label>
      {props.children(control)}
      {props.issue !== undefined && (
        <span className="field-error" id={issueId} data-issue-field={props.field}>
          {props.issue}
        </span>
      )}
    </div>
  );
}

/**
 * 分期: the plan designer. Every complete set of terms is quoted by the server (POST /api/v1/quotes)
 * as it is typed; the schedule and the four annualized rates follow, and up to three designs can
 * be set side by side to weigh one offer against another.
 */
export function PlansPage({ org }: { readonly org: OrganizationOfUser }) {
  const { t } = useTranslation();
  const [form, setForm] = useState<PlanForm>(() => initialPlanForm(org.baseCurrency, todayIn(org.timeZone)));
  const [designs, setDesigns] = useState<ReadonlyArray<ComparedDesign>>([]);
  const [nextDesignNumber, setNextDesignNumber] = useState(1);
  const [lastGood, setLastGood] = useState<Quoted | null>(null);
  const [savingDesign, setSavingDesign] = useState<ComparedDesign | null>(null);

  const request = quoteRequestOf(form);
  const requestJson = request === null ? "" : JSON.stringify(request);
  const settledJson = useSettled(requestJson, quoteSettleMs);
  const quote = useQuery({
    queryKey: ["quote", settledJson],
    queryFn: () => api.post<QuoteResponse>(quotePath, JSON.parse(settledJson) as QuoteRequest),
    enabled: settledJson !== "",
    // A quote is a pure function of its terms: asked once, it holds.
    staleTime: Number.POSITIVE_INFINITY,
    // Terms the server refuses are refused again; it says which field, at once.
    retry: false,
    placeholderData: keepPreviousData,
  });

  const fresh = quote.isSuccess && !quote.isPlaceholderData ? quote.data : null;
  useEffect(() => {
    if (fresh !== null) setLastGood({ requestJson: settledJson, quote: fresh });
  }, [fresh, settledJson]);

  // The last good schedule stays on screen while new terms are quoted or refused, marked as such.
  const shown = fresh !== null && settledJson === requestJson ? { requestJson, quote: fresh } : lastGood;
  const current = shown !== null && shown.requestJson === requestJson;
  const loading = request !== null && (settledJson !== requestJson || quote.isFetching);
  const issues = quote.isError
    ? issuesByField(quote.error, ({ field, code, message }) => {
        const range = wholeNumberRanges[field];
        if (range !== undefined && (code === "too_small" || code === "too_big" || code === "OUT_OF_RANGE"))
          return t("plans.wholeNumberRange", range);
        return t(`errors.issueCodes.${code}` as "errors.issueCodes.REQUIRED", { defaultValue: message });
      })
    : new Map<string, string>();
  const fields = new Set<string>([...Object.keys(form), ...(request === null ? [] : Object.keys(request))]);
  const unplacedIssue = [...issues.keys()].some((field) => !fields.has(field));

  const set = <K extends keyof PlanForm>(key: K, value: PlanForm[K]) =>
    setForm((before) => ({ ...before, [key]: value }));
  const issue = (field: PlanField) => issues.get(field);

  const methodLabel = (method: PlanForm["method"]) => t(`plans.methods.${method}`);
  const describe = (sent: QuoteRequest) =>
    t("plans.terms", {
      method: methodLabel(sent.method),
      periods: sent.periods,
      frequency: t(`plans.frequencies.${sent.frequency}`),
      rate:
        sent.method === "flat-fee"
          ? t("plans.feeTerms", { rate: `${shareToPercent(sent.feeRatePerPeriod ?? "0")}%` })
          : `${shareToPercent(sent.annualRate)}%`,
    });

  const alreadyCompared = designs.some((design) => design.requestJson === requestJson);
  const canCompare = current && shown !== null && !alreadyCompared && designs.length < comparedDesignsMax;
  function addToComparison(): void {
    if (!canCompare || shown === null || request === null) return;
    setNextDesignNumber((n) => n + 1);
    setDesigns((before) => [...before, { id: nextDesignNumber, requestJson, request, quote: shown.quote }]);
  }

  const textInput = (key: keyof PlanForm & string, extra: Record<string, unknown> = {}) => ({
    name: key,
    value: String(form[key]),
    onChange: (event: { readonly target: { readonly value: string } }) =>
      set(key, event.target.value as PlanForm[typeof key]),
    ...extra,
  });

  const savable = (design: ComparedDesign) =>
    can(org, "plans.manage") && design.request.currency === org.baseCurrency;

  return (
    <>
      <form
        className="card"
        aria-labelledby="designer-title"
        data-testid="plan-designer"
        onSubmit={(event) => event.preventDefault()}
      >
        <h2 id="designer-title">{t("plans.designerTitle")}</h2>
        <div className="form-grid plans-grid">
          <Field label={t("plans.fields.principal")} field="principal" issue={issue("principal")}>
            {(invalid) => (
              <input
                {...textInput("principal", { inputMode: "decimal", autoComplete: "off" })}
                {...invalid}
              />
            )}
          </Field>
          <Field label={t("plans.fields.currency")} field="currency" issue={issue("currency")}>
            {(invalid) => (
              <input
                {...textInput("currency", { maxLength: 3, className: "input-code", autoComplete: "off" })}
                {...invalid}
              />
            )}
          </Field>
          <ChoiceField
            label={t("plans.fields.method")}
            name="method"
            choices={scheduleMethods}
            value={form.method}
            choiceLabel={methodLabel}
            onChange={(method) => set("method", method)}
          />
          <Field label={t("plans.fields.periods")} field="periods" issue={issue("periods")}>
            {(invalid) => (
              <input {...textInput("periods", { inputMode: "numeric", autoComplete: "off" })} {...invalid} />
            )}
          </Field>
          <ChoiceField
            label={t("plans.fields.frequency")}
            name="frequency"
            choices={frequencies}
            value={form.frequency}
            choiceLabel={(frequency) => t(`plans.frequencies.${frequency}`)}
            onChange={(frequency) => set("frequency", frequency)}
          />
          <Field label={t("plans.fields.startDate")} field="startDate" issue={issue("startDate")}>
            {(invalid) => <input type="date" {...textInput("startDate")} {...invalid} />}
          </Field>
          <Field
            label={t("plans.fields.firstDueDate")}
            note={t("plans.optional")}
            field="firstDueDate"
            issue={issue("firstDueDate")}
          >
            {(invalid) => <input type="date" {...textInput("firstDueDate")} {...invalid} />}
          </Field>
          <Field label={t("plans.fields.annualRate")} field="annualRate" issue={issue("annualRate")}>
            {(invalid) => (
              <input
                {...textInput("annualRatePercent", { inputMode: "decimal", autoComplete: "off" })}
                {...invalid}
              />
            )}
          </Field>
          {form.method === "flat-fee" && (
            <Field
              label={t("plans.fields.feeRatePerPeriod")}
              field="feeRatePerPeriod"
              issue={issue("feeRatePerPeriod")}
            >
              {(invalid) => (
                <input
                  {...textInput("feeRatePercent", { inputMode: "decimal", autoComplete: "off" })}
                  {...invalid}
                />
              )}
            </Field>
          )}
        </div>
        <details className="plans-more">
          <summary>{t("plans.moreTerms")}</summary>
          <div className="form-grid plans-grid">
            <Field
              label={t("plans.fields.downPayment")}
              note={t("plans.optional")}
              field="downPayment"
              issue={issue("downPayment")}
            >
              {(invalid) => (
                <input
                  {...textInput("downPayment", { inputMode: "decimal", autoComplete: "off" })}
                  {...invalid}
                />
              )}
            </Field>
            <Field
              label={t("plans.fields.upfrontFee")}
              note={t("plans.optional")}
              field="upfrontFee"
              issue={issue("upfrontFee")}
            >
              {(invalid) => (
                <input
                  {...textInput("upfrontFee", { inputMode: "decimal", autoComplete: "off" })}
                  {...invalid}
                />
              )}
            </Field>
            <ChoiceField
              label={t("plans.fields.dayCount")}
              name="dayCount"
              choices={dayCounts}
              value={form.dayCount}
              choiceLabel={(dayCount) => t(`plans.dayCounts.${dayCount}`)}
              onChange={(dayCount) => set("dayCount", dayCount)}
            />
            <Field
              label={t("plans.fields.graceOnPrincipalPeriods")}
              note={t("plans.optional")}
              field="graceOnPrincipalPeriods"
              issue={issue("graceOnPrincipalPeriods")}
            >
              {(invalid) => (
                <input
                  {...textInput("gracePeriods", { inputMode: "numeric", autoComplete: "off" })}
                  {...invalid}
                />
              )}
            </Field>
            <ChoiceField
              label={t("plans.fields.roundingMode")}
              name="roundingMode"
              choices={roundingModes}
              value={form.roundingMode}
              choiceLabel={(mode) => t(`plans.roundingModes.${mode}`)}
              onChange={(mode) => set("roundingMode", mode)}
            />
            <Field
              label={t("plans.fields.installmentMultiple")}
              note={t("plans.optional")}
              field="installmentMultiple"
              issue={issue("installmentMultiple")}
            >
              {(invalid) => (
                <input
                  {...textInput("installmentMultiple", { inputMode: "decimal", autoComplete: "off" })}
                  {...invalid}
                />
              )}
            </Field>
            <label className="checkbox" data-field="interestFree">
              <input
                type="checkbox"
                name="interestFree"
                className="checkbox-input"
                checked={form.interestFree}
                onChange={(event) => set("interestFree", event.target.checked)}
              />
              <span>{t("plans.fields.interestFree")}</span>
            </label>
          </div>
        </details>
        <div className="form-actions plans-actions">
          <button
            type="button"
            className="button button-primary"
            data-testid="add-to-comparison"
            disabled={!canCompare}
            onClick={addToComparison}
          >
            {t("plans.addToComparison")}
          </button>
          <span className="muted" data-testid="comparison-hint">
            {designs.length >= comparedDesignsMax
              ? t("plans.comparisonFull", { max: comparedDesignsMax })
              : alreadyCompared
                ? t("plans.alreadyCompared")
                : null}
          </span>
        </div>
      </form>

      <section
        className="card"
        aria-labelledby="result-title"
        aria-busy={loading}
        data-testid="quote-result"
        data-state={shown === null ? "empty" : current && !loading ? "current" : "stale"}
      >
        <h2 id="result-title">{t("plans.resultTitle")}</h2>
        {quote.isError && (unplacedIssue || issues.size === 0) && <ErrorMessage error={quote.error} />}
        {quote.isError && !unplacedIssue && issues.size > 0 && (
          <p role="alert" className="notice notice-error" data-testid="quote-refused">
            {t("plans.fixFields")}
          </p>
        )}
        {request === null && shown === null && <p className="muted">{t("plans.incomplete")}</p>}
        {shown !== null && !current && !quote.isError && loading && (
          <p className="muted" role="status">
            {t("plans.updating")}
          </p>
        )}
        {shown !== null && (
          <div className={current ? undefined : "plans-stale"}>
            {!current && (quote.isError || request === null) && (
              <p className="muted">{t("plans.lastGood")}</p>
            )}
            <QuoteResult
              quote={shown.quote}
              interestFree={(JSON.parse(shown.requestJson) as QuoteRequest).interestFree === true}
            />
          </div>
        )}
      </section>

      <SavePlanCard org={org} request={current && !loading && shown !== null ? request : null} />

      <ComparisonPanel
        designs={designs}
        describe={describe}
        onRemove={(id) => setDesigns((before) => before.filter((design) => design.id !== id))}
        {...(can(org, "plans.manage") ? { canSave: savable, onSave: setSavingDesign } : {})}
      />
      {savingDesign !== null && (
        <SavePlanDialog
          org={org}
          title={t("planDoc.saveDesignTitle", { name: t("plans.designName", { n: savingDesign.id }) })}
          intro={describe(savingDesign.request)}
          terms={planTermsOf(savingDesign.request)}
          customer={null}
          onCancel={() => setSavingDesign(null)}
        />
      )}
    </>
  );
}
