import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  binsPerFactorMax,
  factorKeys,
  pointsMax,
  scorecardNameLengthMax,
  scoreMax,
  weightTotal,
} from "../../../../src/domain/credit/index.ts";
import type { FactorKey, Grade, OrganizationOfUser, Scorecard } from "../../api/types.ts";
import { can } from "../../session.ts";
import { factorLabel } from "./credit-format.ts";
import { DefinitionPage, SaveBar, useSaveDefinition } from "./definition-page.tsx";
import { FieldIssue, ProblemList } from "./problem-list.tsx";

interface DraftBin {
  readonly id: number;
  readonly label: string;
  readonly min: string;
  readonly max: string;
  readonly points: string;
}

interface DraftFactor {
  readonly id: number;
  readonly key: FactorKey;
  readonly weight: string;
  readonly missingPoints: string;
  readonly bins: ReadonlyArray<DraftBin>;
}

interface Draft {
  readonly name: string;
  readonly factors: ReadonlyArray<DraftFactor>;
  readonly grades: ReadonlyArray<{ readonly grade: Grade; readonly minScore: string }>;
}

let nextId = 0;
const newId = (): number => {
  nextId += 1;
  return nextId;
};

function draftOf(card: Scorecard): Draft {
  return {
    name: card.name,
    factors: card.factors.map((factor) => ({
      id: newId(),
      key: factor.key,
      weight: String(factor.weight),
      missingPoints: String(factor.missingPoints),
      bins: factor.bins.map((bin) => ({
        id: newId(),
        label: bin.label,
        min: bin.min ?? "",
        max: bin.max ?? "",
        points: String(bin.points),
      })),
    })),
    grades: card.grades.map((band) => ({ grade: band.grade, minScore: String(band.minScore) })),
  };
}

/** A whole number as a number; anything else as typed, so the server names the field at fault. */
function wholeOrText(text: string): number | string {
  return /^-?\d{1,9}$/.test(text.trim()) ? Number(text.trim()) : text.trim();
}

function bodyOf(draft: Draft) {
  return {
    name: draft.name.trim(),
    factors: draft.factors.map((factor) => ({
      key: factor.key,
      weight: wholeOrText(factor.weight),
      missingPoints: wholeOrText(factor.missingPoints),
      bins: factor.bins.map((bin) => ({
        label: bin.label.trim(),
        ...(bin.min.trim() === "" ? {} : { min: bin.min.trim() }),
        ...(bin.max.trim() === "" ? {} : { max: bin.max.trim() }),
        points: wholeOrText(bin.points),
      })),
    })),
    grades: draft.grades.map((band) => ({ grade: band.grade, minScore: wholeOrText(band.minScore) })),
  };
}

function ScorecardEditor(props: {
  readonly org: OrganizationOfUser;
  readonly card: Scorecard;
  readonly onSaved: (card: Scorecard) => void;
}) {
  const { t } = useTranslation();
  const { org, card } = props;
  const editable = can(org, "credit.configure");
  const [draft, setDraft] = useState<Draft>(() => draftOf(card));
  const original = JSON.stringify(bodyOf(draftOf(card)));
  const body = bodyOf(draft);
  const dirty = JSON.stringify(body) !== original;

  const { save, issues } = useSaveDefinition<Scorecard>({
    orgId: org.orgId,
    definition: "scorecard",
    body,
    onSaved: (saved) => {
      setDraft(draftOf(saved));
      props.onSaved(saved);
    },
  });

  const weights = draft.factors.reduce((sum, factor) => {
    const weight = wholeOrText(factor.weight);
    return typeof weight === "number" ? sum + weight : sum;
  }, 0);

  function describe(path: string): string {
    const parts = path.split(".");
    const words: string[] = [];
    if (parts[0] === "factors") {
      const index = Number(parts[1]);
      const factor = draft.factors[index];
      if (Number.isInteger(index) && factor !== undefined) {
        words.push(t("scorecard.factorN", { n: index + 1, name: factorLabel(factor.key, t) }));
      } else words.push(t("scorecard.factors"));
      if (parts[2] === "bins") {
        const bin = Number(parts[3]);
        words.push(Number.isInteger(bin) ? t("scorecard.binN", { n: bin + 1 }) : t("scorecard.bins"));
        if (parts[4] !== undefined)
          words.push(
            t(`scorecard.fields.${parts[4]}` as "scorecard.fields.label", { defaultValue: parts[4] }),
          );
      } else if (parts[2] !== undefined) {
        words.push(t(`scorecard.fields.${parts[2]}` as "scorecard.fields.label", { defaultValue: parts[2] }));
      }
    } else if (parts[0] === "grades") {
      const index = Number(parts[1]);
      const band = draft.grades[index];
      words.push(band === undefined ? t("scorecard.grades") : t("scorecard.gradeN", { grade: band.grade }));
      if (parts[2] !== undefined)
        words.push(t(`scorecard.fields.${parts[2]}` as "scorecard.fields.label", { defaultValue: parts[2] }));
    } else {
      words.push(t(`scorecard.fields.${path}` as "scorecard.fields.label", { defaultValue: path }));
    }
    return words.join(" › ");
  }

  function change(update: (current: Draft) => Draft): void {
    if (save.error !== null) save.reset();
    setDraft(update);
  }
  function changeFactor(id: number, update: (factor: DraftFactor) => DraftFactor): void {
    change((current) => ({
      ...current,
      factors: current.factors.map((factor) => (factor.id === id ? update(factor) : factor)),
    }));
  }
  function changeBin(factorId: number, binId: number, patch: Partial<Omit<DraftBin, "id">>): void {
    changeFactor(factorId, (factor) => ({
      ...factor,
      bins: factor.bins.map((bin) => (bin.id === binId ? { ...bin, ...patch } : bin)),
    }));
  }
  function addFactor(): void {
    const used = new Set(draft.factors.map((factor) => factor.key));
    const key = factorKeys.find((k) => !used.has(k));
    if (key === undefined) return;
    change((current) => ({
      ...current,
      factors: [
        ...current.factors,
        {
          id: newId(),
          key,
          weight: "0",
          missingPoints: "50",
          bins: [
            { id: newId(), label: "low", min: "", max: "1", points: "0" },
            { id: newId(), label: "high", min: "1", max: "", points: "100" },
          ],
        },
      ],
    }));
  }

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    if (editable && dirty) save.mutate();
  }

  const disabled = !editable || save.isPending;
  const factorNumber = (factor: DraftFactor, index: number, field: "weight" | "missingPoints") => (
    <label className="field">
      <span>{t(`scorecard.fields.${field}`)}</span>
      <input
        className="input-short"
        inputMode="numeric"
        disabled={disabled}
        value={factor[field]}
        aria-invalid={issues.has(`factors.${index}.${field}`)}
        onChange={(event) => changeFactor(factor.id, (f) => ({ ...f, [field]: event.target.value }))}
      />
      <FieldIssue issues={issues} path={`factors.${index}.${field}`} />
    </label>
  );
  return (
    <form onSubmit={submit} noValidate data-testid="scorecard-form">
      <ProblemList error={save.error} describe={describe} />
      <div className="form-row">
        <label className="field field-grow">
          <span>{t("scorecard.name")}</span>
          <input
            name="name"
            maxLength={scorecardNameLengthMax}
            disabled={disabled}
            value={draft.name}
            aria-invalid={issues.has("name")}
            onChange={(event) => change((current) => ({ ...current, name: event.target.value }))}
          />
          <FieldIssue issues={issues} path="name" />
        </label>
        <p
          className={weights === weightTotal ? "weight-total" : "weight-total warning-text"}
          data-testid="weight-total"
        >
          {t("scorecard.weightTotal", { total: weights, required: weightTotal })}
        </p>
      </div>
      <FieldIssue issues={issues} path="factors" />
      <p className="subtle">{t("scorecard.binsHint", { points: pointsMax })}</p>

      <div className="factor-grid">
        {draft.factors.map((factor, index) => (
          <fieldset key={factor.id} className="factor-card" data-factor={factor.key}>
            <legend>{t("scorecard.factorN", { n: index + 1, name: factorLabel(factor.key, t) })}</legend>
            <div className="form-row">
              <label className="field">
                <span>{t("scorecard.fields.key")}</span>
                <select
                  disabled={disabled}
                  value={factor.key}
                  aria-invalid={issues.has(`factors.${index}.key`)}
                  onChange={(event) => {
                    const key = factorKeys.find((k) => k === event.target.value);
                    if (key !== undefined) changeFactor(factor.id, (f) => ({ ...f, key }));
                  }}
                >
                  {factorKeys.map((key) => (
                    <option key={key} value={key}>
                      {factorLabel(key, t)}
                    </option>
                  ))}
                </select>
                <FieldIssue issues={issues} path={`factors.${index}.key`} />
              </label>
              {factorNumber(factor, index, "weight")}
              {factorNumber(factor, index, "missingPoints")}
              {editable && (
                <button
                  type="button"
                  className="button button-small button-danger-quiet"
                  disabled={disabled}
                  onClick={() =>
                    change((current) => ({
                      ...current,
                      factors: current.factors.filter((f) => f.id !== factor.id),
                    }))
                  }
                >
                  {t("scorecard.removeFactor")}
                </button>
              )}
            </div>
            <FieldIssue issues={issues} path={`factors.${index}.bins`} />
            <table className="table table-form table-compact bins-table">
              <thead>
                <tr>
                  <th scope="col" className="bins-label">
                    {t("scorecard.fields.label")}
                  </th>
                  <th scope="col" className="bins-bound">
                    {t("scorecard.fields.min")}
                  </th>
                  <th scope="col" className="bins-bound">
                    {t("scorecard.fields.max")}
                  </th>
                  <th scope="col" className="bins-points">
                    {t("scorecard.fields.points")}
                  </th>
                  {editable && (
                    <th scope="col" className="bins-action">
                      <span className="visually-hidden">{t("accounts.actions")}</span>
                    </th>
                  )}
                </tr>
              </thead>
              <tbody>
                {factor.bins.map((bin, binIndex) => {
                  const at = `factors.${index}.bins.${binIndex}`;
                  const cell = (field: "label" | "min" | "max" | "points", className: string) => (
                    <td>
                      <input
                        className={className}
                        aria-label={t("scorecard.binField", {
                          n: binIndex + 1,
                          field: t(`scorecard.fields.${field}`),
                        })}
                        disabled={disabled}
                        value={bin[field]}
                        aria-invalid={issues.has(`${at}.${field}`)}
                        onChange={(event) => changeBin(factor.id, bin.id, { [field]: event.target.value })}
                      />
                      <FieldIssue issues={issues} path={`${at}.${field}`} />
                    </td>
                  );
                  return (
                    <tr key={bin.id}>
                      {cell("label", "cell-input mono")}
                      {cell("min", "cell-input input-amount")}
                      {cell("max", "cell-input input-amount")}
                      {cell("points", "cell-input")}
                      {editable && (
                        <td className="cell-actions">
                          <button
                            type="button"
                            className="button button-small button-quiet"
                            disabled={disabled || factor.bins.length <= 1}
                            aria-label={t("scorecard.removeBin", { n: binIndex + 1 })}
                            onClick={() =>
                              changeFactor(factor.id, (f) => ({
                                ...f,
                                bins: f.bins.filter((b) => b.id !== bin.id),
                              }))
                            }
                          >
                            ×
                          </button>
                          <FieldIssue issues={issues} path={at} />
                        </td>
                      )}
                    </tr>
                  );
                })}
              </tbody>
            </table>
            {editable && factor.bins.length < binsPerFactorMax && (
              <button
                type="button"
                className="button button-small"
                disabled={disabled}
                onClick={() =>
                  changeFactor(factor.id, (f) => ({
                    ...f,
                    bins: [
                      ...f.bins,
                      { id: newId(), label: "", min: f.bins.at(-1)?.max ?? "", max: "", points: "0" },
                    ],
                  }))
                }
              >
                {t("scorecard.addBin")}
              </button>
            )}
          </fieldset>
        ))}
      </div>
      {editable && draft.factors.length < factorKeys.length && (
        <p>
          <button type="button" className="button" disabled={disabled} onClick={addFactor}>
            {t("scorecard.addFactor")}
          </button>
        </p>
      )}

      <section className="card" aria-labelledby="grade-bands-title">
        <h2 id="grade-bands-title">{t("scorecard.grades")}</h2>
        <p className="subtle">{t("scorecard.gradesHint", { max: scoreMax })}</p>
        <FieldIssue issues={issues} path="grades" />
        <table className="table table-compact grade-bands" data-testid="grade-bands">
          <thead>
            <tr>
              <th scope="col">{t("credit.grade")}</th>
              <th scope="col">{t("scorecard.fields.minScore")}</th>
            </tr>
          </thead>
          <tbody>
            {draft.grades.map((band, index) => (
              <tr key={band.grade}>
                <td>
                  <span className={`grade grade-${band.grade}`}>{band.grade}</span>
                  <FieldIssue issues={issues} path={`grades.${index}.grade`} />
                </td>
                <td>
                  <input
                    className="input-short"
                    inputMode="numeric"
                    aria-label={t("scorecard.minScoreOf", { grade: band.grade })}
                    disabled={disabled}
                    value={band.minScore}
                    aria-invalid={issues.has(`grades.${index}.minScore`)}
                    onChange={(event) =>
                      change((current) => ({
                        ...current,
                        grades: current.grades.map((g, i) =>
                          i === index ? { ...g, minScore: event.target.value } : g,
                        ),
                      }))
                    }
                  />
                  <FieldIssue issues={issues} path={`grades.${index}.minScore`} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      {editable && (
        <SaveBar
          pending={save.isPending}
          dirty={dirty}
          saveLabel={t("scorecard.save")}
          hint={t("scorecard.saveHint")}
          onDiscard={() => {
            save.reset();
            setDraft(draftOf(card));
          }}
        />
      )}
    </form>
  );
}

/** The scorecard: factors, their weights and bins, and the grade bands. Saving makes a new version. */
export function ScorecardPage({ org }: { readonly org: OrganizationOfUser }) {
  const { t } = useTranslation();
  return (
    <DefinitionPage<Scorecard>
      org={org}
      definition="scorecard"
      intro={t("scorecard.intro")}
      savedText={(saved) => t("scorecard.saved", { version: saved.version })}
      editor={(card, onSaved) => <ScorecardEditor org={org} card={card} onSaved={onSaved} />}
    />
  );
}
