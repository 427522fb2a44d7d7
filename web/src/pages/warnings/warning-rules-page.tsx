import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client.ts";
import type { OrganizationOfUser } from "../../api/types.ts";
import type { WarningPreviewView, WarningRulesView } from "../../api/warnings-types.ts";
import { ErrorMessage, SuccessMessage } from "../../components/error-message.tsx";
import { Link } from "../../components/link.tsx";
import { ListTable } from "../../components/list-table.tsx";
import { formatDate, formatInstant } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { customerCollectionsPath } from "../../routes.ts";
import { can } from "../../session.ts";
import { collectionsIssues, FieldProblem } from "../collections/collections-format.tsx";
import {
  type ConditionDraft,
  conditionParameters,
  newCondition,
  newRule,
  type RuleDraft,
  rulesIn,
  rulesOut,
} from "./warning-rules-draft.ts";
import { FactList, SeverityBadge } from "./warnings-format.tsx";
import {
  conditionKinds,
  useWarningRules,
  useWarningsChanged,
  warningSeverities,
  warningsPath,
} from "./warnings-queries.ts";

/**
 * 预警规则 (early-warning rules): the organization's rule set as an editor — rules added and
 * removed, each with its conditions (all or any), severity and actions (a task, a credit hold);
 * saved as a new version (risk.configure), and previewed against today's customers without
 * raising anything.
 */
export function WarningRulesPage({ org }: { readonly org: OrganizationOfUser }) {
  const { t } = useTranslation();
  const rules = useWarningRules(org.orgId);
  // Kept here: the editor starts afresh after a save, the message stays.
  const [notice, setNotice] = useState<string | null>(null);
  if (rules.data === undefined) {
    return rules.error === null ? (
      <p className="muted">{t("common.loading")}</p>
    ) : (
      <ErrorMessage error={rules.error} />
    );
  }
  return (
    <>
      <SuccessMessage>{notice}</SuccessMessage>
      {/* Keyed by the version: a save starts the editor afresh from what was saved. */}
      <RulesEditor key={rules.data.definition.version} org={org} saved={rules.data} onNotice={setNotice} />
    </>
  );
}

function RulesEditor(props: {
  readonly org: OrganizationOfUser;
  readonly saved: WarningRulesView;
  readonly onNotice: (text: string | null) => void;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { org, saved } = props;
  const editable = can(org, "risk.configure");
  const changed = useWarningsChanged(org.orgId);
  const [draft, setDraft] = useState<ReadonlyArray<RuleDraft>>(() => rulesIn(saved.definition.rules));
  const [dirty, setDirty] = useState(false);
  const setNotice = props.onNotice;
  const save = useMutation({
    mutationFn: () => api.put<WarningRulesView>(warningsPath(org.orgId, "warning-rules"), rulesOut(draft)),
    onSuccess: (result) => {
      setNotice(t("warnings.rules.saved", { version: result.definition.version }));
      changed();
    },
  });
  const preview = useMutation({
    mutationFn: () =>
      api.post<WarningPreviewView>(warningsPath(org.orgId, "warning-rules", "preview"), {
        draft: rulesOut(draft),
      }),
  });
  const problem = save.error ?? preview.error;
  const issues = collectionsIssues(problem, t);
  const disabled = !editable || save.isPending;

  function change(next: ReadonlyArray<RuleDraft>): void {
    if (save.error !== null) save.reset();
    setNotice(null);
    setDirty(true);
    setDraft(next);
  }
  function changeRule(index: number, patch: Partial<RuleDraft>): void {
    change(draft.map((rule, at) => (at === index ? { ...rule, ...patch } : rule)));
  }
  function changeCondition(index: number, conditionIndex: number, next: ConditionDraft): void {
    const rule = draft[index];
    if (rule === undefined) return;
    changeRule(index, {
      conditions: rule.conditions.map((condition, at) => (at === conditionIndex ? next : condition)),
    });
  }
  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    if (editable && dirty && !save.isPending) save.mutate();
  }

  return (
    <>
      <p className="muted">{t("warnings.rules.intro")}</p>
      <p className="subtle" data-testid="warning-rules-version">
        {t("warnings.rules.version", { version: saved.definition.version })} ·{" "}
        {saved.createdBy === null || saved.createdAt === null
          ? t("warnings.rules.builtIn")
          : t("warnings.rules.savedBy", {
              by: saved.createdBy,
              at: formatInstant(saved.createdAt, org.timeZone, language),
            })}
      </p>
      {!editable && <p className="notice notice-info">{t("warnings.rules.readOnly")}</p>}
      <form onSubmit={submit} noValidate data-testid="warning-rules-form">
        <ErrorMessage error={problem} />
        <FieldProblem issues={issues} path="rules" />
        {draft.map((rule, index) => {
          const at = (field: string) => `rules.${index}.${field}`;
          return (
            <section key={rule.key} className="card" data-rule-index={index} data-rule-code={rule.code}>
              <div className="card-title-row">
                <h2>
                  {t("warnings.rules.ruleTitle", {
                    n: index + 1,
                    name: (language === "zh-CN" ? rule.nameZh : rule.nameEn).trim() || rule.code,
                  })}
                </h2>
                {editable && (
                  <button
                    type="button"
                    className="button button-small button-danger-quiet"
                    disabled={disabled}
                    data-action="remove-rule"
                    aria-label={t("warnings.rules.removeRuleOf", { code: rule.code })}
                    onClick={() => change(draft.filter((_, i) => i !== index))}
                  >
                    {t("warnings.rules.removeRule")}
                  </button>
                )}
              </div>
              <div className="form-grid">
                <label className="field">
                  <span>{t("warnings.rules.code")}</span>
                  <input
                    name={at("code")}
                    maxLength={32}
                    disabled={disabled}
                    value={rule.code}
                    aria-invalid={issues.has(at("code"))}
                    onChange={(event) => changeRule(index, { code: event.target.value })}
                  />
                  <FieldProblem issues={issues} path={at("code")} />
                </label>
                <label className="field">
                  <span>{t("warnings.rules.nameZh")}</span>
                  <input
                    name={at("names.zh-CN")}
                    maxLength={100}
                    disabled={disabled}
                    value={rule.nameZh}
                    aria-invalid={issues.has(at("names.zh-CN"))}
                    onChange={(event) => changeRule(index, { nameZh: event.target.value })}
                  />
                  <FieldProblem issues={issues} path={at("names.zh-CN")} />
                </label>
                <label className="field">
                  <span>{t("warnings.rules.nameEn")}</span>
                  <input
                    name={at("names.en")}
                    maxLength={100}
                    disabled={disabled}
                    value={rule.nameEn}
                    aria-invalid={issues.has(at("names.en"))}
                    onChange={(event) => changeRule(index, { nameEn: event.target.value })}
                  />
                  <FieldProblem issues={issues} path={at("names.en")} />
                </label>
                <label className="field">
                  <span>{t("warnings.rules.severity")}</span>
                  <select
                    name={at("severity")}
                    disabled={disabled}
                    value={rule.severity}
                    onChange={(event) =>
                      changeRule(index, {
                        severity: warningSeverities.find((s) => s === event.target.value) ?? rule.severity,
                      })
                    }
                  >
                    {warningSeverities.map((severity) => (
                      <option key={severity} value={severity}>
                        {t(`warnings.severities.${severity}`)}
                      </option>
                    ))}
                  </select>
                </label>
                <label className="field">
                  <span>{t("warnings.rules.match")}</span>
                  <select
                    name={at("match")}
                    disabled={disabled}
                    value={rule.match}
                    onChange={(event) =>
                      changeRule(index, { match: event.target.value === "any" ? "any" : "all" })
                    }
                  >
                    <option value="all">{t("warnings.rules.matchAll")}</option>
                    <option value="any">{t("warnings.rules.matchAny")}</option>
                  </select>
                </label>
                <label className="checkbox">
                  <input
                    type="checkbox"
                    className="checkbox-input"
                    name={at("enabled")}
                    disabled={disabled}
                    checked={rule.enabled}
                    onChange={(event) => changeRule(index, { enabled: event.target.checked })}
                  />
                  <span>{t("warnings.rules.enabled")}</span>
                </label>
              </div>

              <h3 className="form-section-title">{t("warnings.rules.conditions")}</h3>
              <FieldProblem issues={issues} path={at("conditions")} />
              {rule.conditions.map((condition, conditionIndex) => (
                <ConditionEditor
                  key={condition.key}
                  condition={condition}
                  path={at(`conditions.${conditionIndex}`)}
                  issues={issues}
                  disabled={disabled}
                  removable={editable && rule.conditions.length > 1}
                  onChange={(next) => changeCondition(index, conditionIndex, next)}
                  onRemove={() =>
                    changeRule(index, { conditions: rule.conditions.filter((_, i) => i !== conditionIndex) })
                  }
                />
              ))}
              {editable && (
                <button
                  type="button"
                  className="button button-small"
                  disabled={disabled}
                  data-action="add-condition"
                  onClick={() =>
                    changeRule(index, { conditions: [...rule.conditions, newCondition("days_past_due")] })
                  }
                >
                  {t("warnings.rules.addCondition")}
                </button>
              )}

              <h3 className="form-section-title">{t("warnings.rules.actions")}</h3>
              <div className="toolbar-inline">
                <label className="checkbox">
                  <input type="checkbox" className="checkbox-input" checked disabled />
                  <span>{t("warnings.rules.actionAlert")}</span>
                </label>
                <label className="checkbox">
                  <input
                    type="checkbox"
                    className="checkbox-input"
                    name={at("actions.task")}
                    disabled={disabled}
                    checked={rule.task}
                    onChange={(event) => changeRule(index, { task: event.target.checked })}
                  />
                  <span>{t("warnings.rules.actionTask")}</span>
                </label>
                <label className="checkbox">
                  <input
                    type="checkbox"
                    className="checkbox-input"
                    name={at("actions.hold")}
                    disabled={disabled}
                    checked={rule.hold}
                    onChange={(event) => changeRule(index, { hold: event.target.checked })}
                  />
                  <span>{t("warnings.rules.actionHold")}</span>
                </label>
              </div>
              <FieldProblem issues={issues} path={at("actions")} />
            </section>
          );
        })}
        {editable && (
          <div className="toolbar">
            <button
              type="button"
              className="button"
              disabled={disabled}
              data-action="add-rule"
              onClick={() => change([...draft, newRule(draft.length, t("warnings.rules.newRuleName"))])}
            >
              {t("warnings.rules.addRule")}
            </button>
          </div>
        )}
        {editable && (
          <div className="form-actions sticky-actions">
            <button
              type="submit"
              className="button button-primary"
              data-testid="warning-rules-save"
              disabled={save.isPending || !dirty}
            >
              {save.isPending ? t("common.saving") : t("warnings.rules.save")}
            </button>
            {dirty && (
              <button
                type="button"
                className="button"
                disabled={save.isPending}
                onClick={() => {
                  save.reset();
                  setDirty(false);
                  setDraft(rulesIn(saved.definition.rules));
                }}
              >
                {t("warnings.rules.discard")}
              </button>
            )}
          </div>
        )}
      </form>

      <section className="card" aria-labelledby="warning-preview-title" data-testid="warning-preview">
        <h2 id="warning-preview-title">{t("warnings.rules.previewTitle")}</h2>
        <p className="muted">{t("warnings.rules.previewIntro")}</p>
        <button
          type="button"
          className="button"
          data-action="preview"
          disabled={preview.isPending}
          onClick={() => preview.mutate()}
        >
          {preview.isPending ? t("warnings.rules.previewing") : t("warnings.rules.preview")}
        </button>
        {preview.data !== undefined && (
          <>
            <p className="subtle" data-testid="warning-preview-count">
              {t("warnings.rules.previewCount", {
                rows: preview.data.items.length,
                customers: preview.data.customers,
                date: formatDate(preview.data.date, language),
              })}
              {preview.data.truncated && ` ${t("warnings.rules.previewTruncated")}`}
            </p>
            <ListTable
              pending={false}
              testId="warning-preview-rows"
              head={
                <>
                  <th scope="col">{t("warnings.rules.columns.customer")}</th>
                  <th scope="col">{t("warnings.rules.columns.rule")}</th>
                  <th scope="col">{t("warnings.rules.columns.severity")}</th>
                  <th scope="col">{t("warnings.rules.columns.facts")}</th>
                  <th scope="col">{t("warnings.rules.columns.actions")}</th>
                </>
              }
              columnCount={5}
              rowCount={preview.data.items.length}
              emptyText={t("warnings.rules.previewEmpty")}
            >
              {preview.data.items.map((row) => (
                <tr
                  key={`${row.customerId}-${row.ruleCode}`}
                  data-rule={row.ruleCode}
                  data-customer-id={row.customerId}
                >
                  <td>
                    <Link to={customerCollectionsPath(org.orgId, row.customerId)}>{row.customerName}</Link>
                    <div className="subtle">{row.customerCode}</div>
                  </td>
                  <td>{row.ruleCode}</td>
                  <td>
                    <SeverityBadge severity={row.severity} />
                  </td>
                  <td>
                    <FactList facts={row.facts} />
                  </td>
                  <td>
                    {[
                      row.actions.task ? t("warnings.rules.wouldTask") : null,
                      row.actions.hold ? t("warnings.rules.wouldHold") : null,
                    ]
                      .filter((text) => text !== null)
                      .join(" · ") || <span className="subtle">{t("common.none")}</span>}
                  </td>
                </tr>
              ))}
            </ListTable>
          </>
        )}
      </section>
    </>
  );
}

function ConditionEditor(props: {
  readonly condition: ConditionDraft;
  readonly path: string;
  readonly issues: Map<string, string>;
  readonly disabled: boolean;
  readonly removable: boolean;
  readonly onChange: (next: ConditionDraft) => void;
  readonly onRemove: () => void;
}) {
  const { t } = useTranslation();
  const { condition, path, issues, disabled } = props;
  const parameters = conditionParameters[condition.kind];
  return (
    <div className="inline-form" data-condition-kind={condition.kind}>
      <label className="field">
        <span>{t("warnings.rules.conditionKind")}</span>
        <select
          name={`${path}.kind`}
          disabled={disabled}
          value={condition.kind}
          onChange={(event) => {
            const kind = conditionKinds.find((k) => k === event.target.value);
            if (kind !== undefined) props.onChange({ ...newCondition(kind), key: condition.key });
          }}
        >
          {conditionKinds.map((kind) => (
            <option key={kind} value={kind}>
              {t(`warnings.conditionKinds.${kind}`)}
            </option>
          ))}
        </select>
        <FieldProblem issues={issues} path={`${path}.kind`} />
      </label>
      {Object.keys(parameters.numbers).map((name) => (
        <label key={name} className="field">
          <span>{t(`warnings.conditionParams.${name as "daysMin"}`)}</span>
          <input
            name={`${path}.${name}`}
            className="input-short"
            inputMode="numeric"
            autoComplete="off"
            disabled={disabled}
            value={condition.numbers[name] ?? ""}
            aria-invalid={issues.has(`${path}.${name}`)}
            onChange={(event) =>
              props.onChange({ ...condition, numbers: { ...condition.numbers, [name]: event.target.value } })
            }
          />
          <FieldProblem issues={issues} path={`${path}.${name}`} />
        </label>
      ))}
      {Object.keys(parameters.flags).map((name) => (
        <label key={name} className="checkbox">
          <input
            type="checkbox"
            className="checkbox-input"
            name={`${path}.${name}`}
            disabled={disabled}
            checked={condition.flags[name] ?? false}
            onChange={(event) =>
              props.onChange({ ...condition, flags: { ...condition.flags, [name]: event.target.checked } })
            }
          />
          <span>{t(`warnings.conditionParams.${name as "onGradeDrop"}`)}</span>
        </label>
      ))}
      {props.removable && (
        <button
          type="button"
          className="button button-small button-danger-quiet"
          disabled={disabled}
          data-action="remove-condition"
          onClick={props.onRemove}
        >
          {t("warnings.rules.removeCondition")}
        </button>
      )}
    </div>
  );
}
