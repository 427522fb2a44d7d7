import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { grades, pricingBands } from "../../../../src/domain/credit/index.ts";
import type { CreditPolicy, Grade, GradePolicy, OrganizationOfUser, PricingBand } from "../../api/types.ts";
import { can } from "../../session.ts";
import { readTerms, type TermsDraft, termsDraft } from "./credit-actions.tsx";
import { percentToShare, readAmount, shareToPercent } from "./credit-format.ts";
import { DefinitionPage, SaveBar, useSaveDefinition } from "./definition-page.tsx";
import { FieldIssue, ProblemList } from "./problem-list.tsx";

interface GradeDraft {
  readonly netAssetsShare: string;
  readonly revenueShare: string;
  readonly cap: string;
  readonly terms: TermsDraft;
  readonly earlyDiscountEligible: boolean;
  readonly installmentEligible: boolean;
  readonly pricingBand: PricingBand;
}

interface Draft {
  readonly byGrade: { readonly [G in Grade]: GradeDraft };
  readonly warnTolerance: string;
  readonly overdueBlockDays: string;
  readonly assessmentValidityDays: string;
  readonly reassessmentIntervalDays: string;
  readonly limitRounding: string;
  readonly approvalThreshold: string;
}

function gradeDraft(policy: GradePolicy): GradeDraft {
  return {
    netAssetsShare: policy.limit.netAssetsShare === null ? "" : shareToPercent(policy.limit.netAssetsShare),
    revenueShare: policy.limit.revenueShare === null ? "" : shareToPercent(policy.limit.revenueShare),
    cap: policy.limit.cap ?? "",
    terms: termsDraft(policy.terms),
    earlyDiscountEligible: policy.earlyDiscountEligible,
    installmentEligible: policy.installmentEligible,
    pricingBand: policy.pricingBand,
  };
}

function draftOf(policy: CreditPolicy): Draft {
  return {
    byGrade: Object.fromEntries(grades.map((g) => [g, gradeDraft(policy.byGrade[g])])) as Draft["byGrade"],
    warnTolerance: shareToPercent(policy.warnToleranceShare),
    overdueBlockDays: String(policy.overdueBlockDays),
    assessmentValidityDays: String(policy.assessmentValidityDays),
    reassessmentIntervalDays: String(policy.reassessmentIntervalDays),
    limitRounding: policy.limitRounding,
    approvalThreshold: policy.approvalThreshold,
  };
}

/** Values as the API takes them; what cannot be read goes as typed, so the server names the field. */
function shareOrText(percent: string): string | null {
  if (percent.trim() === "") return null;
  return percentToShare(percent) ?? percent.trim();
}

function amountOrText(text: string, currency: string): string | null {
  const read = readAmount(text, currency);
  return read.ok ? read.amount : text.trim();
}

function wholeOrText(text: string): number | string {
  return /^\d{1,9}$/.test(text.trim()) ? Number(text.trim()) : text.trim();
}

/**
 * The PUT body. The policy's currency is the organization's and is not sent: the route takes
 * amounts in the organization's currency (scratch/credit-api.md lists it; the route refuses it).
 */
function bodyOf(draft: Draft, currency: string) {
  return {
    byGrade: Object.fromEntries(
      grades.map((g) => {
        const d = draft.byGrade[g];
        const terms = readTerms(d.terms) ?? { kind: "net", days: wholeOrText(d.terms.days) };
        return [
          g,
          {
            limit: {
              netAssetsShare: shareOrText(d.netAssetsShare),
              revenueShare: shareOrText(d.revenueShare),
              cap: amountOrText(d.cap, currency),
            },
            terms,
            earlyDiscountEligible: d.earlyDiscountEligible,
            installmentEligible: d.installmentEligible,
            pricingBand: d.pricingBand,
          },
        ];
      }),
    ),
    warnToleranceShare: shareOrText(draft.warnTolerance) ?? "",
    overdueBlockDays: wholeOrText(draft.overdueBlockDays),
    assessmentValidityDays: wholeOrText(draft.assessmentValidityDays),
    reassessmentIntervalDays: wholeOrText(draft.reassessmentIntervalDays),
    limitRounding: amountOrText(draft.limitRounding, currency) ?? "",
    approvalThreshold: amountOrText(draft.approvalThreshold, currency) ?? "",
  };
}

function isPricingBand(value: string): value is PricingBand {
  return (pricingBands as ReadonlyArray<string>).includes(value);
}

type GlobalField =
  | "warnTolerance"
  | "overdueBlockDays"
  | "assessmentValidityDays"
  | "reassessmentIntervalDays"
  | "limitRounding"
  | "approvalThreshold";

/** Where each global field's issues arrive (the API's names), and so its label. */
const globalPaths = {
  warnTolerance: "warnToleranceShare",
  overdueBlockDays: "overdueBlockDays",
  assessmentValidityDays: "assessmentValidityDays",
  reassessmentIntervalDays: "reassessmentIntervalDays",
  limitRounding: "limitRounding",
  approvalThreshold: "approvalThreshold",
} as const satisfies Readonly<Record<GlobalField, string>>;

function PolicyEditor(props: {
  readonly org: OrganizationOfUser;
  readonly policy: CreditPolicy;
  readonly onSaved: (p: CreditPolicy) => void;
}) {
  const { t } = useTranslation();
  const { org, policy } = props;
  const currency = policy.currency;
  const editable = can(org, "credit.configure");
  const [draft, setDraft] = useState<Draft>(() => draftOf(policy));
  const body = bodyOf(draft, currency);
  const dirty = JSON.stringify(body) !== JSON.stringify(bodyOf(draftOf(policy), currency));

  const { save, issues } = useSaveDefinition<CreditPolicy>({
    orgId: org.orgId,
    definition: "policy",
    body,
    onSaved: (saved) => {
      setDraft(draftOf(saved));
      props.onSaved(saved);
    },
  });
  const disabled = !editable || save.isPending;

  function describe(path: string): string {
    const parts = path.split(".");
    if (parts[0] === "byGrade" && parts[1] !== undefined) {
      const rest = parts.slice(2).join(".");
      const field = t(`policy.fields.${rest}` as "policy.fields.pricingBand", { defaultValue: rest });
      return rest === "" ? parts[1] : `${parts[1]} › ${field}`;
    }
    return t(`policy.fields.${path}` as "policy.fields.pricingBand", { defaultValue: path });
  }

  function changeGrade(grade: Grade, patch: Partial<GradeDraft>): void {
    if (save.error !== null) save.reset();
    setDraft((current) => ({
      ...current,
      byGrade: { ...current.byGrade, [grade]: { ...current.byGrade[grade], ...patch } },
    }));
  }
  function changeGlobal(field: GlobalField, value: string): void {
    if (save.error !== null) save.reset();
    setDraft((current) => ({ ...current, [field]: value }));
  }

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    if (editable && dirty) save.mutate();
  }

  const globalField = (field: GlobalField, className: string, hint: string) => (
    <label className="field">
      <span>
        {t(`policy.fields.${globalPaths[field]}`)}
        <span className="field-note"> ({hint})</span>
      </span>
      <input
        name={field}
        className={className}
        inputMode="decimal"
        disabled={disabled}
        value={draft[field]}
        aria-invalid={issues.has(globalPaths[field])}
        onChange={(event) => changeGlobal(field, event.target.value)}
      />
      <FieldIssue issues={issues} path={globalPaths[field]} />
    </label>
  );

  return (
    <form onSubmit={submit} noValidate data-testid="policy-form">
      <ProblemList error={save.error} describe={describe} />
      <div className="table-wrap">
        <table className="table table-form policy-table" data-testid="policy-grades">
          <thead>
            <tr>
              <th scope="col">{t("credit.grade")}</th>
              <th scope="col">{t("policy.fields.limit.netAssetsShare")} %</th>
              <th scope="col">{t("policy.fields.limit.revenueShare")} %</th>
              <th scope="col">{t("policy.capIn", { currency })}</th>
              <th scope="col">{t("credit.terms")}</th>
              <th scope="col">{t("policy.fields.earlyDiscountEligible")}</th>
              <th scope="col">{t("policy.fields.installmentEligible")}</th>
              <th scope="col">{t("policy.fields.pricingBand")}</th>
            </tr>
          </thead>
          <tbody>
            {grades.map((grade) => {
              const d = draft.byGrade[grade];
              const at = (field: string) => `byGrade.${grade}.${field}`;
              const label = (field: string) =>
                t("policy.fieldOf", {
                  grade,
                  field: t(`policy.fields.${field}` as "policy.fields.pricingBand"),
                });
              const limitCell = (field: "netAssetsShare" | "revenueShare" | "cap", className: string) => (
                <td>
                  <input
                    className={className}
                    inputMode="decimal"
                    aria-label={label(`limit.${field}`)}
                    disabled={disabled}
                    value={d[field]}
                    aria-invalid={issues.has(at(`limit.${field}`))}
                    onChange={(event) => changeGrade(grade, { [field]: event.target.value })}
                  />
                  <FieldIssue issues={issues} path={at(`limit.${field}`)} />
                </td>
              );
              const offerCell = (field: "earlyDiscountEligible" | "installmentEligible") => (
                <td>
                  <input
                    type="checkbox"
                    className="checkbox-input"
                    aria-label={label(field)}
                    disabled={disabled}
                    checked={d[field]}
                    onChange={(event) => changeGrade(grade, { [field]: event.target.checked })}
                  />
                  <FieldIssue issues={issues} path={at(field)} />
                </td>
              );
              return (
                <tr key={grade} data-grade={grade}>
                  <th scope="row">
                    <span className={`grade grade-${grade}`}>{grade}</span>
                    <FieldIssue issues={issues} path={`byGrade.${grade}`} />
                  </th>
                  {limitCell("netAssetsShare", "input-share")}
                  {limitCell("revenueShare", "input-share")}
                  {limitCell("cap", "input-amount input-cap")}
                  <td className="nowrap">
                    <select
                      className="terms-select"
                      aria-label={label("terms.kind")}
                      disabled={disabled}
                      value={d.terms.kind}
                      onChange={(event) =>
                        changeGrade(grade, {
                          terms: {
                            ...d.terms,
                            kind: event.target.value === "net" ? "net" : "cash_in_advance",
                          },
                        })
                      }
                    >
                      <option value="net">{t("credit.termsKinds.net")}</option>
                      <option value="cash_in_advance">{t("credit.termsKinds.cash_in_advance")}</option>
                    </select>
                    {d.terms.kind === "net" && (
                      <input
                        className="input-tiny"
                        inputMode="numeric"
                        aria-label={label("terms.days")}
                        disabled={disabled}
                        value={d.terms.days}
                        aria-invalid={issues.has(at("terms.days"))}
                        onChange={(event) =>
                          changeGrade(grade, { terms: { ...d.terms, days: event.target.value } })
                        }
                      />
                    )}
                    <FieldIssue issues={issues} path={at("terms.days")} />
                    <FieldIssue issues={issues} path={at("terms.kind")} />
                  </td>
                  {offerCell("earlyDiscountEligible")}
                  {offerCell("installmentEligible")}
                  <td>
                    <select
                      aria-label={label("pricingBand")}
                      disabled={disabled}
                      value={d.pricingBand}
                      onChange={(event) => {
                        if (isPricingBand(event.target.value))
                          changeGrade(grade, { pricingBand: event.target.value });
                      }}
                    >
                      {pricingBands.map((band) => (
                        <option key={band} value={band}>
                          {t(`credit.pricingBands.${band}`)}
                        </option>
                      ))}
                    </select>
                    <FieldIssue issues={issues} path={at("pricingBand")} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p className="subtle">{t("policy.limitHint")}</p>

      <section className="card" aria-labelledby="policy-rules-title">
        <h2 id="policy-rules-title">{t("policy.rulesTitle")}</h2>
        <div className="form-grid">
          {globalField("warnTolerance", "input-short", "%")}
          {globalField("overdueBlockDays", "input-short", t("policy.days"))}
          {globalField("assessmentValidityDays", "input-short", t("policy.days"))}
          {globalField("reassessmentIntervalDays", "input-short", t("policy.days"))}
          {globalField("limitRounding", "input-amount", currency)}
          {globalField("approvalThreshold", "input-amount", currency)}
        </div>
        <FieldIssue issues={issues} path="currency" />
      </section>

      {editable && (
        <SaveBar
          pending={save.isPending}
          dirty={dirty}
          saveLabel={t("policy.save")}
          hint={t("policy.saveHint")}
          onDiscard={() => {
            save.reset();
            setDraft(draftOf(policy));
          }}
        />
      )}
    </form>
  );
}

/** The credit policy: per grade the limit formula, terms and offers, plus the rules of the check. */
export function PolicyPage({ org }: { readonly org: OrganizationOfUser }) {
  const { t } = useTranslation();
  return (
    <DefinitionPage<CreditPolicy>
      org={org}
      definition="policy"
      intro={t("policy.intro")}
      savedText={(saved) => t("policy.saved", { version: saved.version })}
      editor={(policy, onSaved) => <PolicyEditor org={org} policy={policy} onSaved={onSaved} />}
    />
  );
}
