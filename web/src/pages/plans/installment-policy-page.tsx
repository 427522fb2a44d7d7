import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { grades } from "../../../../src/domain/credit/index.ts";
import {
  affordabilityBases,
  earlyRepaymentFeeKinds,
  feeRecognitions,
  installmentBands,
  rateCeilingModes,
  rateCeilingSourceKinds,
  scheduleMethods,
} from "../../../../src/domain/plans/index.ts";
import { api, isApiError, orgPath } from "../../api/client.ts";
import type {
  AffordabilityBasis,
  EarlyRepaymentFeeKind,
  EarlyRepaymentFeePolicyView,
  FeeRecognition,
  Grade,
  InstallmentBand,
  InstallmentPolicyBody,
  InstallmentPolicyView,
  OrganizationOfUser,
  RateCeilingMode,
  RateCeilingSourceKind,
  RateCeilingSourceView,
  ScheduleMethod,
} from "../../api/types.ts";
import { ErrorMessage, SuccessMessage } from "../../components/error-message.tsx";
import { ChoiceField } from "../../components/form-fields.tsx";
import { formatInstant } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { queryKeys } from "../../query-keys.ts";
import { can } from "../../session.ts";
import { issueText, percentToShare, readAmount, shareToPercent } from "../credit/credit-format.ts";
import { SaveBar } from "../credit/definition-page.tsx";
import { ProblemList } from "../credit/problem-list.tsx";
import { LprEditor } from "./lpr-editor.tsx";
import { useInstallmentPolicy } from "./plan-queries.ts";

/**
 * The installment policy: per pricing band the prices, methods and numbers of installments; the
 * amounts, down payments, promotion and affordability rules; fee recognition, the early-repayment
 * fee and the rate ceiling. What the form does not show (penalties, risk parameters, payment
 * behavior, upfront fee, frequency, day count, rounding) is edited as JSON under "Advanced".
 * Rates and shares are typed as percentages and sent as fractions, moved by the decimal point.
 */

/** The policy's keys the form edits; every other key is in the advanced JSON. */
const formKeys = [
  "version",
  "currency",
  "byBand",
  "amountMin",
  "amountMax",
  "downPaymentShareMinByGrade",
  "promotion",
  "affordability",
  "feeRecognition",
  "earlyRepaymentFee",
  "rateCeiling",
] as const;

interface BandDraft {
  readonly annualRatePercent: string;
  readonly feeRatePercent: string;
  readonly methods: ReadonlyArray<ScheduleMethod>;
  /** "3, 6, 12": the numbers of installments offered. */
  readonly periods: string;
}

interface Draft {
  readonly byBand: { readonly [B in InstallmentBand]: BandDraft };
  readonly amountMin: string;
  readonly amountMax: string;
  readonly downPaymentPercent: { readonly [G in Grade]: string };
  readonly promotionAllowed: boolean;
  readonly promotionPeriodsMax: string;
  readonly promotionMerchantFunded: boolean;
  readonly promotionBands: ReadonlyArray<InstallmentBand>;
  readonly paymentToIncomeMaxPercent: string;
  readonly affordabilityBasis: AffordabilityBasis;
  readonly incomeRequired: boolean;
  readonly feeRecognition: FeeRecognition;
  readonly earlyFeeKind: EarlyRepaymentFeeKind;
  readonly earlyFeeRatePercent: string;
  readonly earlyFeeAmount: string;
  readonly earlyFeeMonths: string;
  readonly earlyFeeCap: string;
  readonly ceilingMode: RateCeilingMode;
  readonly ceilingSource: RateCeilingSourceKind;
  readonly ceilingMultiple: string;
  readonly ceilingRatePercent: string;
  /** The rest of the policy, as JSON text. */
  readonly advanced: string;
}

function advancedOf(policy: InstallmentPolicyBody): string {
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(policy)) {
    if (!(formKeys as ReadonlyArray<string>).includes(key)) rest[key] = value;
  }
  return JSON.stringify(rest, null, 2);
}

function draftOf(policy: InstallmentPolicyBody): Draft {
  const fee: EarlyRepaymentFeePolicyView = policy.earlyRepaymentFee;
  const source: RateCeilingSourceView = policy.rateCeiling.source;
  return {
    byBand: Object.fromEntries(
      installmentBands.map((band) => {
        const pricing = policy.byBand[band];
        return [
          band,
          {
            annualRatePercent: shareToPercent(pricing.annualRate),
            feeRatePercent: shareToPercent(pricing.feeRatePerPeriod),
            methods: pricing.methods,
            periods: pricing.periods.join(", "),
          },
        ];
      }),
    ) as Draft["byBand"],
    amountMin: policy.amountMin,
    amountMax: policy.amountMax,
    downPaymentPercent: Object.fromEntries(
      grades.map((grade) => [grade, shareToPercent(policy.downPaymentShareMinByGrade[grade])]),
    ) as Draft["downPaymentPercent"],
    promotionAllowed: policy.promotion.allowed,
    promotionPeriodsMax: String(policy.promotion.periodsMax),
    promotionMerchantFunded: policy.promotion.merchantFunded,
    promotionBands: policy.promotion.bands,
    paymentToIncomeMaxPercent: shareToPercent(policy.affordability.paymentToIncomeMax),
    affordabilityBasis: policy.affordability.basis,
    incomeRequired: policy.affordability.incomeRequired,
    feeRecognition: policy.feeRecognition,
    earlyFeeKind: fee.kind,
    earlyFeeRatePercent: fee.kind === "percent-of-prepaid" ? shareToPercent(fee.rate) : "",
    earlyFeeAmount: fee.kind === "fixed" ? fee.amount : "",
    earlyFeeMonths: fee.kind === "months-of-interest" ? String(fee.months) : "",
    earlyFeeCap: fee.kind !== "none" && fee.cap !== undefined && fee.cap !== null ? fee.cap : "",
    ceilingMode: policy.rateCeiling.mode,
    ceilingSource: source.kind,
    ceilingMultiple: source.kind === "lpr-multiple" ? source.multiple : "4",
    ceilingRatePercent: source.kind === "fixed" ? shareToPercent(source.annualRate) : "",
    advanced: advancedOf(policy),
  };
}

/** Values as the API takes them; what cannot be read goes as typed, so the server names the field. */
function share(percent: string): string {
  return percentToShare(percent) ?? percent.trim();
}

function amount(text: string, currency: string): string {
  const read = readAmount(text, currency);
  return read.ok ? (read.amount ?? "") : text.trim();
}

function whole(text: string): number | string {
  return /^\d{1,9}$/.test(text.trim()) ? Number(text.trim()) : text.trim();
}

function periodsOf(text: string): ReadonlyArray<number | string> {
  return text
    .split(/[,，\s]+/)
    .filter((part) => part !== "")
    .map(whole);
}

function earlyFeeOf(draft: Draft, currency: string): unknown {
  const cap = draft.earlyFeeCap.trim() === "" ? {} : { cap: amount(draft.earlyFeeCap, currency) };
  switch (draft.earlyFeeKind) {
    case "none":
      return { kind: "none" };
    case "percent-of-prepaid":
      return { kind: "percent-of-prepaid", rate: share(draft.earlyFeeRatePercent), ...cap };
    case "fixed":
      return { kind: "fixed", amount: amount(draft.earlyFeeAmount, currency), ...cap };
    case "months-of-interest":
      return { kind: "months-of-interest", months: whole(draft.earlyFeeMonths), ...cap };
  }
}

/** The PUT body, or an error text when the advanced JSON is not an object. */
function bodyOf(
  draft: Draft,
  currency: string,
): { readonly body: Record<string, unknown> } | { readonly jsonError: string } {
  let rest: unknown;
  try {
    rest = JSON.parse(draft.advanced);
  } catch (error) {
    return { jsonError: error instanceof Error ? error.message : String(error) };
  }
  if (typeof rest !== "object" || rest === null || Array.isArray(rest)) return { jsonError: "{ … }" };
  const restWithoutForm = Object.fromEntries(
    Object.entries(rest).filter(([key]) => !(formKeys as ReadonlyArray<string>).includes(key)),
  );
  return {
    body: {
      ...restWithoutForm,
      currency,
      byBand: Object.fromEntries(
        installmentBands.map((band) => {
          const d = draft.byBand[band];
          return [
            band,
            {
              annualRate: share(d.annualRatePercent),
              feeRatePerPeriod: share(d.feeRatePercent),
              // In the order the designer lists them, whatever order they were ticked in.
              methods: scheduleMethods.filter((method) => d.methods.includes(method)),
              periods: periodsOf(d.periods),
            },
          ];
        }),
      ),
      amountMin: amount(draft.amountMin, currency),
      amountMax: amount(draft.amountMax, currency),
      downPaymentShareMinByGrade: Object.fromEntries(
        grades.map((grade) => [grade, share(draft.downPaymentPercent[grade])]),
      ),
      promotion: {
        allowed: draft.promotionAllowed,
        periodsMax: whole(draft.promotionPeriodsMax),
        merchantFunded: draft.promotionMerchantFunded,
        bands: installmentBands.filter((band) => draft.promotionBands.includes(band)),
      },
      affordability: {
        paymentToIncomeMax: share(draft.paymentToIncomeMaxPercent),
        basis: draft.affordabilityBasis,
        incomeRequired: draft.incomeRequired,
      },
      feeRecognition: draft.feeRecognition,
      earlyRepaymentFee: earlyFeeOf(draft, currency),
      rateCeiling: {
        mode: draft.ceilingMode,
        source:
          draft.ceilingSource === "lpr-multiple"
            ? { kind: "lpr-multiple", multiple: draft.ceilingMultiple.trim() }
            : { kind: "fixed", annualRate: share(draft.ceilingRatePercent) },
      },
    },
  };
}

/**
 * Where an issue points, as the form names it: without the request part, and with the domain's
 * minor-unit names as the API spells them (`amountMinMinor` → `amountMin`, `capMinor` → `cap`).
 */
function policyIssuePath(path: string): string {
  return path
    .replace(/^body\.?/, "")
    .split(".")
    .map((part) => (part.endsWith("Minor") && part !== "Minor" ? part.slice(0, -"Minor".length) : part))
    .join(".");
}

function toggle<T>(list: ReadonlyArray<T>, value: T, on: boolean): ReadonlyArray<T> {
  return on ? (list.includes(value) ? list : [...list, value]) : list.filter((entry) => entry !== value);
}

function PolicyEditor(props: {
  readonly org: OrganizationOfUser;
  readonly current: InstallmentPolicyView;
  readonly onSaved: (saved: InstallmentPolicyView) => void;
}) {
  const { t } = useTranslation();
  const { org, current } = props;
  const queryClient = useQueryClient();
  const policy = current.policy;
  const currency = policy.currency;
  const editable = can(org, "plans.configure");
  const [draft, setDraft] = useState<Draft>(() => draftOf(policy));
  const built = bodyOf(draft, currency);
  const original = bodyOf(draftOf(policy), currency);
  const dirty = JSON.stringify(built) !== JSON.stringify(original);

  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      api.put<InstallmentPolicyView>(orgPath(org.orgId, "installment-policy"), body),
    onSuccess: (saved) => {
      queryClient.setQueryData([...queryKeys.plans(org.orgId), "policy"], saved);
      void queryClient.invalidateQueries({ queryKey: queryKeys.audit(org.orgId) });
      props.onSaved(saved);
    },
  });
  const issues = new Map<string, string>();
  if (isApiError(save.error)) {
    for (const issue of save.error.issues) {
      const path = policyIssuePath(issue.path);
      const text = issueText(issue, t);
      issues.set(path, issues.has(path) ? `${issues.get(path)}; ${text}` : text);
    }
  }
  /** Issues at a field or anywhere under it (`byBand.prime.periods.2`). */
  const issueAt = (path: string): string | undefined => {
    const found = [...issues.entries()]
      .filter(([at]) => at === path || at.startsWith(`${path}.`))
      .map(([, text]) => text);
    return found.length === 0 ? undefined : found.join("; ");
  };
  const disabled = !editable || save.isPending;

  function change(patch: Partial<Draft>): void {
    if (save.error !== null) save.reset();
    setDraft((before) => ({ ...before, ...patch }));
  }
  function changeBand(band: InstallmentBand, patch: Partial<BandDraft>): void {
    if (save.error !== null) save.reset();
    setDraft((before) => ({
      ...before,
      byBand: { ...before.byBand, [band]: { ...before.byBand[band], ...patch } },
    }));
  }

  function describe(path: string): string {
    const parts = policyIssuePath(path).split(".");
    return parts
      .map((part) => {
        if ((installmentBands as ReadonlyArray<string>).includes(part))
          return t(`credit.pricingBands.${part as InstallmentBand}`);
        if ((grades as ReadonlyArray<string>).includes(part) || /^\d+$/.test(part)) return part;
        return t(`planPolicy.paths.${part}` as "planPolicy.paths.byBand", { defaultValue: part });
      })
      .join(" › ");
  }

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    if (editable && dirty && "body" in built && !save.isPending) save.mutate(built.body);
  }

  const issueLine = (path: string) => {
    const text = issueAt(path);
    return text === undefined ? null : (
      <div className="field-error" data-issue-path={path}>
        {text}
      </div>
    );
  };
  const input = (options: {
    readonly path: string;
    readonly label: string;
    readonly note?: string;
    readonly value: string;
    readonly className?: string;
    readonly onChange: (value: string) => void;
  }): ReactNode => (
    <label className="field" data-field={options.path}>
      <span>
        {options.label}
        {options.note !== undefined && <span className="field-note"> ({options.note})</span>}
      </span>
      <input
        name={options.path}
        className={options.className ?? "input-short"}
        inputMode="decimal"
        autoComplete="off"
        disabled={disabled}
        value={options.value}
        aria-invalid={issueAt(options.path) !== undefined}
        onChange={(event) => options.onChange(event.target.value)}
      />
      {issueLine(options.path)}
    </label>
  );
  const checkbox = (options: {
    readonly label: string;
    readonly checked: boolean;
    readonly onChange: (checked: boolean) => void;
  }): ReactNode => (
    <label className="checkbox">
      <input
        type="checkbox"
        className="checkbox-input"
        disabled={disabled}
        checked={options.checked}
        onChange={(event) => options.onChange(event.target.checked)}
      />
      <span>{options.label}</span>
    </label>
  );

  return (
    <form onSubmit={submit} noValidate data-testid="installment-policy-form">
      <ProblemList error={save.error} describe={describe} />

      <section className="card" aria-labelledby="policy-bands-title">
        <h2 id="policy-bands-title">{t("planPolicy.bandsTitle")}</h2>
        <p className="muted">{t("planPolicy.bandsIntro")}</p>
        <div className="table-wrap">
          <table className="table table-form policy-table" data-testid="policy-bands">
            <thead>
              <tr>
                <th scope="col">{t("planPolicy.band")}</th>
                <th scope="col">{t("planPolicy.fields.annualRate")}</th>
                <th scope="col">{t("planPolicy.fields.feeRatePerPeriod")}</th>
                <th scope="col">{t("planPolicy.fields.methods")}</th>
                <th scope="col">{t("planPolicy.fields.periods")}</th>
              </tr>
            </thead>
            <tbody>
              {installmentBands.map((band) => {
                const d = draft.byBand[band];
                const at = (field: string) => `byBand.${band}.${field}`;
                const label = (field: string) =>
                  t("planPolicy.fieldOf", {
                    band: t(`credit.pricingBands.${band}`),
                    field: t(`planPolicy.fields.${field}` as "planPolicy.fields.annualRate"),
                  });
                return (
                  <tr key={band} data-band={band}>
                    <th scope="row">
                      {t(`credit.pricingBands.${band}`)}
                      {issues.has(`byBand.${band}`) && (
                        <div className="field-error">{issues.get(`byBand.${band}`)}</div>
                      )}
                    </th>
                    <td>
                      <input
                        className="input-share"
                        inputMode="decimal"
                        aria-label={label("annualRate")}
                        disabled={disabled}
                        value={d.annualRatePercent}
                        aria-invalid={issueAt(at("annualRate")) !== undefined}
                        onChange={(event) => changeBand(band, { annualRatePercent: event.target.value })}
                      />
                      {issueLine(at("annualRate"))}
                    </td>
                    <td>
                      <input
                        className="input-share"
                        inputMode="decimal"
                        aria-label={label("feeRatePerPeriod")}
                        disabled={disabled}
                        value={d.feeRatePercent}
                        aria-invalid={issueAt(at("feeRatePerPeriod")) !== undefined}
                        onChange={(event) => changeBand(band, { feeRatePercent: event.target.value })}
                      />
                      {issueLine(at("feeRatePerPeriod"))}
                    </td>
                    <td>
                      <div className="policy-choices">
                        {scheduleMethods.map((method) => (
                          <label key={method} className="checkbox">
                            <input
                              type="checkbox"
                              className="checkbox-input"
                              disabled={disabled}
                              checked={d.methods.includes(method)}
                              onChange={(event) =>
                                changeBand(band, { methods: toggle(d.methods, method, event.target.checked) })
                              }
                            />
                            <span>{t(`plans.methods.${method}`)}</span>
                          </label>
                        ))}
                      </div>
                      {issueLine(at("methods"))}
                    </td>
                    <td>
                      <input
                        className="input-medium"
                        aria-label={label("periods")}
                        disabled={disabled}
                        value={d.periods}
                        aria-invalid={issueAt(at("periods")) !== undefined}
                        onChange={(event) => changeBand(band, { periods: event.target.value })}
                      />
                      {issueLine(at("periods"))}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>

      <section className="card" aria-labelledby="policy-amounts-title">
        <h2 id="policy-amounts-title">{t("planPolicy.amountsTitle")}</h2>
        <div className="form-grid plans-grid">
          {input({
            path: "amountMin",
            label: t("planPolicy.fields.amountMin"),
            note: currency,
            className: "input-amount",
            value: draft.amountMin,
            onChange: (value) => change({ amountMin: value }),
          })}
          {input({
            path: "amountMax",
            label: t("planPolicy.fields.amountMax"),
            note: currency,
            className: "input-amount",
            value: draft.amountMax,
            onChange: (value) => change({ amountMax: value }),
          })}
        </div>
        <h3>{t("planPolicy.downPaymentTitle")}</h3>
        <div className="form-grid plans-grid" data-testid="policy-down-payments">
          {grades.map((grade) =>
            input({
              path: `downPaymentShareMinByGrade.${grade}`,
              label: grade,
              note: "%",
              value: draft.downPaymentPercent[grade],
              onChange: (value) =>
                change({ downPaymentPercent: { ...draft.downPaymentPercent, [grade]: value } }),
            }),
          )}
        </div>
      </section>

      <section className="card" aria-labelledby="policy-promotion-title">
        <h2 id="policy-promotion-title">{t("planPolicy.promotionTitle")}</h2>
        <div className="form-grid plans-grid">
          {checkbox({
            label: t("planPolicy.fields.promotionAllowed"),
            checked: draft.promotionAllowed,
            onChange: (checked) => change({ promotionAllowed: checked }),
          })}
          {input({
            path: "promotion.periodsMax",
            label: t("planPolicy.fields.promotionPeriodsMax"),
            value: draft.promotionPeriodsMax,
            onChange: (value) => change({ promotionPeriodsMax: value }),
          })}
          {checkbox({
            label: t("planPolicy.fields.merchantFunded"),
            checked: draft.promotionMerchantFunded,
            onChange: (checked) => change({ promotionMerchantFunded: checked }),
          })}
          <div className="field policy-choices">
            <span>{t("planPolicy.fields.promotionBands")}</span>
            {installmentBands.map((band) => (
              <label key={band} className="checkbox">
                <input
                  type="checkbox"
                  className="checkbox-input"
                  disabled={disabled}
                  checked={draft.promotionBands.includes(band)}
                  onChange={(event) =>
                    change({ promotionBands: toggle(draft.promotionBands, band, event.target.checked) })
                  }
                />
                <span>{t(`credit.pricingBands.${band}`)}</span>
              </label>
            ))}
            {issueLine("promotion.bands")}
          </div>
        </div>
      </section>

      <section className="card" aria-labelledby="policy-affordability-title">
        <h2 id="policy-affordability-title">{t("planPolicy.affordabilityTitle")}</h2>
        <div className="form-grid plans-grid">
          {input({
            path: "affordability.paymentToIncomeMax",
            label: t("planPolicy.fields.paymentToIncomeMax"),
            note: "%",
            value: draft.paymentToIncomeMaxPercent,
            onChange: (value) => change({ paymentToIncomeMaxPercent: value }),
          })}
          <ChoiceField
            label={t("planPolicy.fields.affordabilityBasis")}
            name="affordability.basis"
            choices={affordabilityBases}
            value={draft.affordabilityBasis}
            choiceLabel={(basis) => t(`planPolicy.affordabilityBases.${basis}`)}
            onChange={(basis) => change({ affordabilityBasis: basis })}
          />
          {checkbox({
            label: t("planPolicy.fields.incomeRequired"),
            checked: draft.incomeRequired,
            onChange: (checked) => change({ incomeRequired: checked }),
          })}
        </div>
      </section>

      <section className="card" aria-labelledby="policy-fees-title">
        <h2 id="policy-fees-title">{t("planPolicy.feesTitle")}</h2>
        <div className="form-grid plans-grid">
          <ChoiceField
            label={t("planPolicy.fields.feeRecognition")}
            name="feeRecognition"
            choices={feeRecognitions}
            value={draft.feeRecognition}
            choiceLabel={(recognition) => t(`planDoc.feeRecognitions.${recognition}`)}
            onChange={(recognition) => change({ feeRecognition: recognition })}
          />
          <ChoiceField
            label={t("planPolicy.fields.earlyRepaymentFee")}
            name="earlyRepaymentFee.kind"
            choices={earlyRepaymentFeeKinds}
            value={draft.earlyFeeKind}
            choiceLabel={(kind) => t(`planPolicy.earlyFeeKinds.${kind}`)}
            onChange={(kind) => change({ earlyFeeKind: kind })}
          />
          {draft.earlyFeeKind === "percent-of-prepaid" &&
            input({
              path: "earlyRepaymentFee.rate",
              label: t("planPolicy.fields.earlyFeeRate"),
              note: "%",
              value: draft.earlyFeeRatePercent,
              onChange: (value) => change({ earlyFeeRatePercent: value }),
            })}
          {draft.earlyFeeKind === "fixed" &&
            input({
              path: "earlyRepaymentFee.amount",
              label: t("planPolicy.fields.earlyFeeAmount"),
              note: currency,
              className: "input-amount",
              value: draft.earlyFeeAmount,
              onChange: (value) => change({ earlyFeeAmount: value }),
            })}
          {draft.earlyFeeKind === "months-of-interest" &&
            input({
              path: "earlyRepaymentFee.months",
              label: t("planPolicy.fields.earlyFeeMonths"),
              value: draft.earlyFeeMonths,
              onChange: (value) => change({ earlyFeeMonths: value }),
            })}
          {draft.earlyFeeKind !== "none" &&
            input({
              path: "earlyRepaymentFee.cap",
              label: t("planPolicy.fields.earlyFeeCap"),
              note: `${currency}, ${t("plans.optional")}`,
              className: "input-amount",
              value: draft.earlyFeeCap,
              onChange: (value) => change({ earlyFeeCap: value }),
            })}
        </div>
        {issueLine("feeRecognition")}
        {issueLine("earlyRepaymentFee.kind")}
      </section>

      <section className="card" aria-labelledby="policy-ceiling-title">
        <h2 id="policy-ceiling-title">{t("planPolicy.ceilingTitle")}</h2>
        <p className="muted">{t("planPolicy.ceilingIntro")}</p>
        <div className="form-grid plans-grid">
          <ChoiceField
            label={t("planPolicy.fields.ceilingMode")}
            name="rateCeiling.mode"
            choices={rateCeilingModes}
            value={draft.ceilingMode}
            choiceLabel={(mode) => t(`planPolicy.ceilingModes.${mode}`)}
            onChange={(mode) => change({ ceilingMode: mode })}
          />
          <ChoiceField
            label={t("planPolicy.fields.ceilingSource")}
            name="rateCeiling.source.kind"
            choices={rateCeilingSourceKinds}
            value={draft.ceilingSource}
            choiceLabel={(kind) => t(`planPolicy.ceilingSources.${kind}`)}
            onChange={(kind) => change({ ceilingSource: kind })}
          />
          {draft.ceilingSource === "lpr-multiple"
            ? input({
                path: "rateCeiling.source.multiple",
                label: t("planPolicy.fields.ceilingMultiple"),
                value: draft.ceilingMultiple,
                onChange: (value) => change({ ceilingMultiple: value }),
              })
            : input({
                path: "rateCeiling.source.annualRate",
                label: t("planPolicy.fields.ceilingRate"),
                note: "%",
                value: draft.ceilingRatePercent,
                onChange: (value) => change({ ceilingRatePercent: value }),
              })}
        </div>
      </section>

      <section className="card" aria-labelledby="policy-advanced-title">
        <details>
          <summary id="policy-advanced-title">{t("planPolicy.advancedTitle")}</summary>
          <p className="muted">{t("planPolicy.advancedIntro")}</p>
          <label className="field field-wide">
            <span className="visually-hidden">{t("planPolicy.advancedTitle")}</span>
            <textarea
              name="advanced"
              className="audit-json"
              rows={24}
              spellCheck={false}
              disabled={disabled}
              value={draft.advanced}
              aria-invalid={"jsonError" in built}
              onChange={(event) => change({ advanced: event.target.value })}
              data-testid="policy-advanced"
            />
          </label>
        </details>
        {"jsonError" in built && (
          <p className="field-error" data-testid="policy-json-error">
            {t("planPolicy.jsonError", { error: built.jsonError })}
          </p>
        )}
      </section>

      {editable && (
        <SaveBar
          pending={save.isPending}
          dirty={dirty && "body" in built}
          saveLabel={t("planPolicy.save")}
          hint={t("planPolicy.saveHint")}
          onDiscard={() => {
            save.reset();
            setDraft(draftOf(policy));
          }}
        />
      )}
    </form>
  );
}

/** The installment policy and the LPR table; plans.configure edits them, everyone else reads. */
export function InstallmentPolicyPage({ org }: { readonly org: OrganizationOfUser }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const policy = useInstallmentPolicy(org.orgId);
  const [notice, setNotice] = useState<string | null>(null);
  const editable = can(org, "plans.configure");
  if (policy.isPending) return <p className="muted">{t("common.loading")}</p>;
  if (policy.isError) return <ErrorMessage error={policy.error} />;
  const current = policy.data;
  return (
    <div data-testid="installment-policy">
      <p className="muted">
        {t("planPolicy.intro")}
        {editable ? "" : ` ${t("scorecard.readOnly")}`}
      </p>
      <p className="subtle" data-testid="installment-policy-version">
        {current.createdAt === null
          ? t("scorecard.versionDefault", { version: current.version })
          : t("scorecard.version", {
              version: current.version,
              by: current.createdBy ?? t("common.none"),
              at: formatInstant(current.createdAt, org.timeZone, language),
            })}
      </p>
      <SuccessMessage>{notice}</SuccessMessage>
      <PolicyEditor
        key={current.version}
        org={org}
        current={current}
        onSaved={(saved) => setNotice(t("planPolicy.saved", { version: saved.version }))}
      />
      <LprEditor org={org} />
    </div>
  );
}
