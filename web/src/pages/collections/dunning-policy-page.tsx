import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { TFunction } from "i18next";
import { type FormEvent, Fragment, useState } from "react";
import { useTranslation } from "react-i18next";
import { errorMessages } from "../../../../src/core/error-messages.ts";
import {
  dunningChannels,
  dunningDaysMax,
  dunningDaysMin,
  dunningLocales,
  dunningVariables,
} from "../../../../src/domain/collections/index.ts";
import { grades } from "../../../../src/domain/credit/index.ts";
import { api, isApiError } from "../../api/client.ts";
import type { DunningChannel, DunningLocale, DunningSetupView } from "../../api/collections-types.ts";
import type { OrganizationOfUser } from "../../api/types.ts";
import { ErrorMessage, SuccessMessage } from "../../components/error-message.tsx";
import { formatInstant } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { can } from "../../session.ts";
import {
  collectionsIssues,
  collectionsIssueText,
  FieldProblem,
  issuePathOf,
  levelName,
} from "./collections-format.tsx";
import {
  collectionsKey,
  collectionsPath,
  useCollectionsChanged,
  useDunningPolicy,
} from "./collections-queries.ts";
import {
  bodyOf,
  draftOf,
  type LevelDraft,
  newLevelAfter,
  newPolicyFrom,
  type PolicyDraft,
} from "./dunning-policy-draft.ts";
import { DunningPreview } from "./dunning-preview.tsx";

/** "Policy 2 › Level 3 › Days from due": where an issue's path points, as the editor names it. */
function describePath(path: string, t: TFunction): string {
  const parts = path.split(".");
  const words: string[] = [];
  for (let at = 0; at < parts.length; at += 1) {
    const part = parts[at] ?? "";
    const next = parts[at + 1];
    if ((part === "policies" || part === "levels") && next !== undefined && /^\d+$/.test(next)) {
      words.push(
        t(part === "policies" ? "collections.policy.policyN" : "collections.policy.levelN", {
          n: Number(next) + 1,
        }),
      );
      at += 1;
    } else if (part === "policy") {
      // The API's wrapper around the levels: no word of its own on screen.
    } else if ((dunningLocales as ReadonlyArray<string>).includes(part)) {
      words.push(t(`collections.policy.locales.${part as DunningLocale}`));
    } else {
      const translate = t as unknown as (key: string, options: Record<string, unknown>) => string;
      words.push(translate(`collections.policy.fields.${part}`, { defaultValue: part }));
    }
  }
  return words.join(" › ");
}

/** The server's objections to a save or a preview, each named by where it is in the editor. */
function PolicyProblems(props: { readonly error: unknown }) {
  const { t } = useTranslation();
  const { error } = props;
  if (!isApiError(error) || error.issues.length === 0) return <ErrorMessage error={error} />;
  return (
    <div role="alert" className="notice notice-error" data-testid="error-message">
      <p>{errorMessages[error.code][currentLanguage()]}</p>
      <p className="notice-detail">{t("errors.fields")}</p>
      <ul data-testid="problem-list">
        {error.issues.map((issue) => (
          <li key={`${issue.path}:${issue.code}`} data-path={issuePathOf(issue)}>
            {t("errors.issue", {
              field: describePath(issuePathOf(issue), t),
              problem: collectionsIssueText(issue, t),
            })}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The {{variables}} a template may name, with what each becomes. */
function TemplateVariables() {
  const { t } = useTranslation();
  const half = Math.ceil(dunningVariables.length / 2);
  return (
    <details className="card" data-testid="template-variables" open>
      <summary>
        <strong>{t("collections.policy.variablesTitle")}</strong>
      </summary>
      <p className="subtle">{t("collections.policy.variablesIntro")}</p>
      <div className="factor-grid">
        {[dunningVariables.slice(0, half), dunningVariables.slice(half)].map((names) => (
          <dl key={names[0]} className="details details-compact">
            {names.map((name) => (
              <Fragment key={name}>
                <dt className="mono">{`{{${name}}}`}</dt>
                <dd>{t(`collections.policy.variables.${name}`)}</dd>
              </Fragment>
            ))}
          </dl>
        ))}
      </div>
    </details>
  );
}

/**
 * The dunning policies: for each, the customers it applies to (grades, tags), the minimum overdue
 * and its levels by days from the due date — channel, fee, whether a person approves, and the
 * wording in both languages. Saving makes a new version (collections.configure); the preview shows
 * who the batch would contact on a date with the draft as it stands, without saving it.
 */
export function DunningPolicyPage({ org }: { readonly org: OrganizationOfUser }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const query = useDunningPolicy(org.orgId);
  const [notice, setNotice] = useState<string | null>(null);
  if (query.isPending) return <p className="muted">{t("common.loading")}</p>;
  if (query.isError) return <ErrorMessage error={query.error} />;
  const current = query.data;
  const editable = can(org, "collections.configure");
  return (
    <>
      <p className="muted">
        {t("collections.policy.intro")}
        {editable ? "" : ` ${t("collections.policy.readOnly")}`}
      </p>
      <p className="subtle" data-testid="dunning-policy-version">
        {current.createdAt === null
          ? t("collections.policy.versionDefault", { version: current.definition.version })
          : t("collections.policy.version", {
              version: current.definition.version,
              by: current.createdBy ?? t("common.none"),
              at: formatInstant(current.createdAt, org.timeZone, language),
            })}
      </p>
      <SuccessMessage>{notice}</SuccessMessage>
      <TemplateVariables />
      <PolicyEditor
        key={current.definition.version}
        org={org}
        current={current}
        editable={editable}
        onSaved={(saved) => setNotice(t("collections.policy.saved", { version: saved.definition.version }))}
      />
    </>
  );
}

function PolicyEditor(props: {
  readonly org: OrganizationOfUser;
  readonly current: DunningSetupView;
  readonly editable: boolean;
  readonly onSaved: (saved: DunningSetupView) => void;
}) {
  const { t } = useTranslation();
  const { org, current, editable } = props;
  const queryClient = useQueryClient();
  const collectionsChanged = useCollectionsChanged(org.orgId);
  const [draft, setDraft] = useState<ReadonlyArray<PolicyDraft>>(() => draftOf(current.definition.policies));
  const body = bodyOf(draft);
  const dirty = JSON.stringify(body) !== JSON.stringify(bodyOf(draftOf(current.definition.policies)));
  const save = useMutation({
    mutationFn: () => api.put<DunningSetupView>(collectionsPath(org.orgId, "dunning-policy"), body),
    onSuccess: (saved) => {
      queryClient.setQueryData([...collectionsKey(org.orgId), "policy"], saved);
      collectionsChanged();
      props.onSaved(saved);
    },
  });
  const [previewError, setPreviewError] = useState<unknown>(null);
  const problem = save.error ?? previewError;
  const issues = collectionsIssues(problem, t);
  const disabled = !editable || save.isPending;

  function change(next: ReadonlyArray<PolicyDraft>): void {
    if (save.error !== null) save.reset();
    setDraft(next);
  }
  function changePolicy(index: number, patch: Partial<PolicyDraft>): void {
    change(draft.map((named, at) => (at === index ? { ...named, ...patch } : named)));
  }
  function changeLevel(index: number, levelIndex: number, patch: Partial<LevelDraft>): void {
    const named = draft[index];
    if (named === undefined) return;
    changePolicy(index, {
      levels: named.levels.map((level, at) => (at === levelIndex ? { ...level, ...patch } : level)),
    });
  }
  function movePolicy(index: number, by: -1 | 1): void {
    const target = index + by;
    const moved = draft[index];
    const other = draft[target];
    if (moved === undefined || other === undefined) return;
    change(draft.map((named, at) => (at === index ? other : at === target ? moved : named)));
  }
  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    if (editable && dirty && !save.isPending) save.mutate();
  }

  const invalid = (path: string) => issues.has(path);

  return (
    <>
      <form onSubmit={submit} noValidate data-testid="dunning-policy-form">
        <PolicyProblems error={problem} />
        <FieldProblem issues={issues} path="policies" />
        {draft.map((named, index) => {
          const at = (field: string) => `policies.${index}.${field}`;
          const levelsPath = at("policy.levels");
          return (
            <section
              key={named.key}
              className="card"
              data-policy-index={index}
              data-policy-code={named.code}
              aria-labelledby={`dunning-policy-${named.key}-title`}
            >
              <div className="card-title-row">
                <h2 id={`dunning-policy-${named.key}-title`}>
                  {t("collections.policy.policyTitle", {
                    n: index + 1,
                    name: named.name.trim() === "" ? named.code : named.name,
                  })}
                  {index === draft.length - 1 && (
                    <span className="tag tag-plain">{t("collections.policy.fallback")}</span>
                  )}
                </h2>
                {editable && (
                  <div className="toolbar-buttons">
                    <button
                      type="button"
                      className="button button-small"
                      disabled={disabled || index === 0}
                      onClick={() => movePolicy(index, -1)}
                    >
                      {t("collections.policy.moveUp")}
                    </button>
                    <button
                      type="button"
                      className="button button-small"
                      disabled={disabled || index === draft.length - 1}
                      onClick={() => movePolicy(index, 1)}
                    >
                      {t("collections.policy.moveDown")}
                    </button>
                    <button
                      type="button"
                      className="button button-small button-danger-quiet"
                      disabled={disabled || draft.length === 1}
                      onClick={() => change(draft.filter((_, i) => i !== index))}
                    >
                      {t("collections.policy.removePolicy")}
                    </button>
                  </div>
                )}
              </div>
              <FieldProblem issues={issues} path={`policies.${index}`} />
              <div className="form-grid form-grid-top">
                <label className="field">
                  <span>{t("collections.policy.fields.code")}</span>
                  <input
                    name={at("code")}
                    className="mono"
                    maxLength={32}
                    autoComplete="off"
                    disabled={disabled}
                    value={named.code}
                    aria-invalid={invalid(at("code"))}
                    onChange={(event) => changePolicy(index, { code: event.target.value })}
                  />
                  <FieldProblem issues={issues} path={at("code")} />
                </label>
                <label className="field">
                  <span>{t("collections.policy.fields.name")}</span>
                  <input
                    name={at("name")}
                    maxLength={100}
                    disabled={disabled}
                    value={named.name}
                    aria-invalid={invalid(at("name"))}
                    onChange={(event) => changePolicy(index, { name: event.target.value })}
                  />
                  <FieldProblem issues={issues} path={at("name")} />
                </label>
                <label className="field">
                  <span>
                    {t("collections.policy.fields.minimumOverdueIn", { currency: org.baseCurrency })}
                  </span>
                  <input
                    name={at("policy.minimumOverdue")}
                    className="input-short"
                    inputMode="decimal"
                    autoComplete="off"
                    disabled={disabled}
                    value={named.minimumOverdue}
                    aria-invalid={invalid(at("policy.minimumOverdue"))}
                    onChange={(event) => changePolicy(index, { minimumOverdue: event.target.value })}
                  />
                  <FieldProblem issues={issues} path={at("policy.minimumOverdue")} />
                </label>
                <fieldset className="choices field-wide">
                  <legend>
                    {t("collections.policy.fields.grades")}
                    <span className="field-note"> ({t("collections.policy.gradesHint")})</span>
                  </legend>
                  <div className="toolbar-inline">
                    {grades.map((grade) => (
                      <label key={grade} className="checkbox">
                        <input
                          type="checkbox"
                          className="checkbox-input"
                          disabled={disabled}
                          checked={named.grades.includes(grade)}
                          onChange={(event) =>
                            changePolicy(index, {
                              grades: event.target.checked
                                ? grades.filter((g) => g === grade || named.grades.includes(g))
                                : named.grades.filter((g) => g !== grade),
                            })
                          }
                        />
                        <span>{grade}</span>
                      </label>
                    ))}
                  </div>
                  <FieldProblem issues={issues} path={at("grades")} />
                </fieldset>
                <label className="field">
                  <span>
                    {t("collections.policy.fields.tags")}
                    <span className="field-note"> ({t("collections.policy.tagsHint")})</span>
                  </span>
                  <input
                    name={at("tags")}
                    disabled={disabled}
                    value={named.tags}
                    aria-invalid={invalid(at("tags"))}
                    onChange={(event) => changePolicy(index, { tags: event.target.value })}
                  />
                  <FieldProblem issues={issues} path={at("tags")} />
                </label>
              </div>

              <h3 className="form-section-title">{t("collections.policy.levelsTitle")}</h3>
              <p className="subtle">{t("collections.policy.levelsIntro")}</p>
              <FieldProblem issues={issues} path={levelsPath} />
              {named.levels.map((level, levelIndex) => (
                <LevelEditor
                  key={level.key}
                  level={level}
                  index={levelIndex}
                  path={`${levelsPath}.${levelIndex}`}
                  currency={org.baseCurrency}
                  issues={issues}
                  disabled={disabled}
                  removable={editable && named.levels.length > 1}
                  onChange={(patch) => changeLevel(index, levelIndex, patch)}
                  onRemove={() =>
                    changePolicy(index, { levels: named.levels.filter((_, i) => i !== levelIndex) })
                  }
                />
              ))}
              {editable && (
                <button
                  type="button"
                  className="button"
                  disabled={disabled}
                  data-action="add-level"
                  onClick={() =>
                    changePolicy(index, { levels: [...named.levels, newLevelAfter(named.levels)] })
                  }
                >
                  {t("collections.policy.addLevel")}
                </button>
              )}
            </section>
          );
        })}
        {editable && (
          <div className="toolbar">
            <button
              type="button"
              className="button"
              disabled={disabled}
              data-action="add-policy"
              onClick={() => {
                // Before the last: the last policy is the one for everyone no other policy matches.
                const made = newPolicyFrom(draft[draft.length - 1], draft.length);
                change([...draft.slice(0, -1), made, ...draft.slice(-1)]);
              }}
            >
              {t("collections.policy.addPolicy")}
            </button>
            <span className="subtle">{t("collections.policy.orderHint")}</span>
          </div>
        )}
        {editable && (
          <div className="form-actions sticky-actions">
            <button
              type="submit"
              className="button button-primary"
              data-testid="dunning-policy-save"
              disabled={save.isPending || !dirty}
            >
              {save.isPending ? t("common.saving") : t("collections.policy.save")}
            </button>
            <button
              type="button"
              className="button"
              disabled={save.isPending || !dirty}
              onClick={() => {
                save.reset();
                setPreviewError(null);
                setDraft(draftOf(current.definition.policies));
              }}
            >
              {t("collections.policy.discard")}
            </button>
            <span className="subtle">
              {dirty ? t("collections.policy.unsaved") : t("collections.policy.saveHint")}
            </span>
          </div>
        )}
      </form>
      {/* Outside the form: Enter in the preview's date previews, it does not save the policy. */}
      <DunningPreview
        org={org}
        draft={dirty ? body : null}
        onError={(error) => {
          if (save.error !== null) save.reset();
          setPreviewError(error);
        }}
      />
    </>
  );
}

function LevelEditor(props: {
  readonly level: LevelDraft;
  readonly index: number;
  readonly path: string;
  readonly currency: string;
  readonly issues: Map<string, string>;
  readonly disabled: boolean;
  readonly removable: boolean;
  readonly onChange: (patch: Partial<LevelDraft>) => void;
  readonly onRemove: () => void;
}) {
  const { t } = useTranslation();
  const { level, path, issues, disabled } = props;
  const at = (field: string) => `${path}.${field}`;
  const invalid = (field: string) => issues.has(at(field));
  function changeTemplate(locale: DunningLocale, part: "subject" | "body", value: string): void {
    const template = level.templates[locale];
    props.onChange({ templates: { ...level.templates, [locale]: { ...template, [part]: value } } });
  }
  return (
    <fieldset className="factor-card" data-level-index={props.index} data-level-code={level.code}>
      <legend>
        {t("collections.policy.levelTitle", { n: props.index + 1, code: level.code })}
        {levelName(level.code, t) !== level.code && ` · ${levelName(level.code, t)}`}
      </legend>
      <FieldProblem issues={issues} path={path} />
      <div className="form-row">
        <label className="field">
          <span>{t("collections.policy.fields.code")}</span>
          <input
            name={at("code")}
            className="input-code"
            maxLength={32}
            autoComplete="off"
            disabled={disabled}
            value={level.code}
            aria-invalid={invalid("code")}
            onChange={(event) => props.onChange({ code: event.target.value })}
          />
          <FieldProblem issues={issues} path={at("code")} />
        </label>
        <label className="field">
          <span>{t("collections.policy.fields.daysFromDue")}</span>
          <input
            name={at("daysFromDue")}
            className="input-short"
            inputMode="numeric"
            autoComplete="off"
            disabled={disabled}
            value={level.daysFromDue}
            aria-invalid={invalid("daysFromDue")}
            onChange={(event) => props.onChange({ daysFromDue: event.target.value })}
          />
          <FieldProblem issues={issues} path={at("daysFromDue")} />
        </label>
        <label className="field">
          <span>{t("collections.policy.fields.channel")}</span>
          <select
            name={at("channel")}
            disabled={disabled}
            value={level.channel}
            aria-invalid={invalid("channel")}
            onChange={(event) => {
              const channel = dunningChannels.find((c) => c === event.target.value);
              if (channel !== undefined) props.onChange({ channel: channel as DunningChannel });
            }}
          >
            {dunningChannels.map((channel) => (
              <option key={channel} value={channel}>
                {t(`collections.channels.${channel}`)}
              </option>
            ))}
          </select>
          <FieldProblem issues={issues} path={at("channel")} />
        </label>
        <label className="field">
          <span>{t("collections.policy.fields.feeIn", { currency: props.currency })}</span>
          <input
            name={at("fee")}
            className="input-short"
            inputMode="decimal"
            autoComplete="off"
            disabled={disabled}
            value={level.fee}
            aria-invalid={invalid("fee")}
            onChange={(event) => props.onChange({ fee: event.target.value })}
          />
          <FieldProblem issues={issues} path={at("fee")} />
        </label>
        <label className="checkbox">
          <input
            type="checkbox"
            className="checkbox-input"
            name={at("needsApproval")}
            disabled={disabled}
            checked={level.needsApproval}
            onChange={(event) => props.onChange({ needsApproval: event.target.checked })}
          />
          <span>{t("collections.policy.fields.needsApproval")}</span>
        </label>
        {props.removable && (
          <button
            type="button"
            className="button button-small button-danger-quiet"
            disabled={disabled}
            onClick={props.onRemove}
          >
            {t("collections.policy.removeLevel")}
          </button>
        )}
      </div>
      <p className="subtle">
        {t("collections.policy.daysHint", { min: dunningDaysMin, max: dunningDaysMax })}
      </p>
      <div className="factor-grid">
        {dunningLocales.map((locale) => (
          <div key={locale} className="form-stack" data-locale={locale}>
            <h3>{t(`collections.policy.locales.${locale}`)}</h3>
            <label className="field">
              <span>{t("collections.policy.fields.subject")}</span>
              <input
                name={at(`templates.${locale}.subject`)}
                maxLength={5000}
                disabled={disabled}
                value={level.templates[locale].subject}
                aria-invalid={invalid(`templates.${locale}.subject`)}
                onChange={(event) => changeTemplate(locale, "subject", event.target.value)}
              />
              <FieldProblem issues={issues} path={at(`templates.${locale}.subject`)} />
            </label>
            <label className="field">
              <span>{t("collections.policy.fields.body")}</span>
              <textarea
                name={at(`templates.${locale}.body`)}
                rows={6}
                maxLength={5000}
                disabled={disabled}
                value={level.templates[locale].body}
                aria-invalid={invalid(`templates.${locale}.body`)}
                onChange={(event) => changeTemplate(locale, "body", event.target.value)}
              />
              <FieldProblem issues={issues} path={at(`templates.${locale}.body`)} />
            </label>
          </div>
        ))}
      </div>
    </fieldset>
  );
}
