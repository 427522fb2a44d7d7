import { useMutation } from "@tanstack/react-query";
import type { TFunction } from "i18next";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, isApiError } from "../../api/client.ts";
import type {
  LegalCase,
  LegalOutcome,
  LegalStage,
  LegalStepRequest,
  NewLegalCaseRequest,
} from "../../api/collections-types.ts";
import type { OrganizationOfUser } from "../../api/types.ts";
import { todayIn } from "../../business-date.ts";
import { FormDialog } from "../../components/form-dialog.tsx";
import { formatMoney } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { orNull } from "../../or-null.ts";
import {
  amountText,
  collectionsIssues,
  FieldProblem,
  formatBytes,
  isConflict,
} from "./collections-format.tsx";
import {
  collectionsPath,
  legalDocumentBytesMax,
  legalOutcomes,
  legalStages,
  useCollectionsChanged,
} from "./collections-queries.ts";
import { type PickedDocument, pickDocument } from "./legal-document.ts";

/** Characters of a note, and of counsel, court and case number, the server keeps. */
const noteLengthMax = 2000;
const nameLengthMax = 200;
const caseNumberLengthMax = 100;

/** What the dialog records: a new case on a customer, the next step of a case, or its close. */
export type LegalStepTarget =
  | {
      readonly kind: "open";
      readonly customer: { readonly customerId: string; readonly name: string };
    }
  | { readonly kind: "advance"; readonly legalCase: LegalCase }
  | { readonly kind: "close"; readonly legalCase: LegalCase };

/** The stages a step may record: a new case any but closed; a step the current one or a later one. */
function stagesFor(target: LegalStepTarget): ReadonlyArray<LegalStage> {
  switch (target.kind) {
    case "open":
      return legalStages.filter((stage) => stage !== "closed");
    case "advance":
      return legalStages.slice(legalStages.indexOf(target.legalCase.stage));
    case "close":
      return ["closed"];
  }
}

/** The stage a step starts at: the first for a new case, the next one for a case under way. */
function firstStage(target: LegalStepTarget): LegalStage {
  switch (target.kind) {
    case "open":
      return "lawyer_letter";
    case "advance":
      return legalStages[legalStages.indexOf(target.legalCase.stage) + 1] ?? "closed";
    case "close":
      return "closed";
  }
}

/**
 * Opens a legal case (律师函, 诉讼) on a customer, or records a case's next stage: its date, its
 * cost, a note and an attached document (the letter, the complaint, the judgment), and closing it
 * with the outcome and what was recovered. Stages only move forward, and a closed case takes no
 * more steps. A file over 5 MiB is refused here before it is sent; the server checks the rest,
 * and its objections show at the field they concern.
 */
export function LegalStepDialog(props: {
  readonly org: OrganizationOfUser;
  readonly target: LegalStepTarget;
  readonly onDone: (legalCase: LegalCase) => void;
  readonly onCancel: () => void;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { org, target } = props;
  const today = todayIn(org.timeZone);
  const existing = target.kind === "open" ? null : target.legalCase;
  const collectionsChanged = useCollectionsChanged(org.orgId);
  const choices = stagesFor(target);
  const [stage, setStage] = useState<LegalStage>(firstStage(target));
  const [occurredOn, setOccurredOn] = useState(today);
  const [claimed, setClaimed] = useState("");
  const [cost, setCost] = useState("");
  const [note, setNote] = useState("");
  const [counsel, setCounsel] = useState(existing?.counsel ?? "");
  const [court, setCourt] = useState(existing?.court ?? "");
  const [caseNumber, setCaseNumber] = useState(existing?.caseNumber ?? "");
  const [outcome, setOutcome] = useState<LegalOutcome | "">("");
  const [recovered, setRecovered] = useState("");
  const [picked, setPicked] = useState<PickedDocument | null>(null);
  const [reading, setReading] = useState(false);
  const [fileKey, setFileKey] = useState(0);
  const closing = stage === "closed";

  const record = useMutation({
    mutationFn: (body: LegalStepRequest) =>
      target.kind === "open"
        ? api.post<LegalCase>(
            collectionsPath(org.orgId, "customers", target.customer.customerId, "legal-cases"),
            { ...body, claimed: amountText(claimed) } satisfies NewLegalCaseRequest,
          )
        : api.post<LegalCase>(
            collectionsPath(org.orgId, "legal-cases", target.legalCase.caseId, "steps"),
            body,
          ),
    onSuccess: (legalCase) => {
      collectionsChanged();
      props.onDone(legalCase);
    },
  });
  const issues = collectionsIssues(record.error, t);
  const conflict = isConflict(record.error);
  // The request as a whole was refused for its size: the attached file is what makes it large.
  const bodyTooLarge = isApiError(record.error) && record.error.code === "BODY_TOO_LARGE";
  const edit =
    <T,>(set: (value: T) => void) =>
    (value: T) => {
      if (record.error !== null) record.reset();
      set(value);
    };

  async function choose(file: File | undefined): Promise<void> {
    if (record.error !== null) record.reset();
    if (file === undefined) {
      setPicked(null);
      return;
    }
    setReading(true);
    try {
      setPicked(await pickDocument(file));
    } finally {
      setReading(false);
    }
  }

  function submit(): void {
    if (picked?.state === "too_large") return;
    record.mutate({
      stage,
      occurredOn: occurredOn === "" ? null : occurredOn,
      cost: cost.trim() === "" ? "0" : amountText(cost),
      note: orNull(note),
      document: picked?.state === "ready" ? picked.upload : null,
      outcome: closing && outcome !== "" ? outcome : null,
      recovered: closing && recovered.trim() !== "" ? amountText(recovered) : null,
      counsel: orNull(counsel),
      court: orNull(court),
      caseNumber: orNull(caseNumber),
    });
  }

  let title: string;
  let intro: string;
  switch (target.kind) {
    case "open":
      title = t("collections.legal.openTitle", { name: target.customer.name });
      intro = t("collections.legal.openIntro");
      break;
    case "advance":
      title = t("collections.legal.stepTitle", { name: target.legalCase.customerName });
      intro = t("collections.legal.stepIntro", {
        stage: t(`collections.legalStages.${target.legalCase.stage}`),
      });
      break;
    case "close":
      title = t("collections.legal.closeTitle", { name: target.legalCase.customerName });
      intro = t("collections.legal.closeIntro", {
        claimed: formatMoney(target.legalCase.claimed, target.legalCase.currency, language),
        costs: formatMoney(target.legalCase.costs, target.legalCase.currency, language),
      });
      break;
  }
  const currency = existing?.currency ?? org.baseCurrency;
  const fileProblem =
    picked?.state === "too_large"
      ? t("collections.legal.fileTooLarge", {
          name: picked.name,
          size: formatBytes(picked.bytes, language),
          max: formatBytes(legalDocumentBytesMax, language),
        })
      : bodyTooLarge
        ? t("collections.legal.fileRefusedBySize")
        : null;

  return (
    <FormDialog
      title={title}
      intro={intro}
      submitLabel={
        target.kind === "open"
          ? t("collections.legal.openSubmit")
          : closing
            ? t("collections.legal.closeSubmit")
            : t("collections.legal.stepSubmit")
      }
      pendingLabel={t("common.saving")}
      pending={record.isPending}
      error={conflict || bodyTooLarge ? null : record.error}
      canSubmit={
        !reading &&
        picked?.state !== "too_large" &&
        (target.kind !== "open" || claimed.trim() !== "") &&
        (!closing || outcome !== "")
      }
      danger={closing}
      testId={target.kind === "open" ? "open-legal-case-dialog" : "legal-step-dialog"}
      onSubmit={submit}
      onCancel={props.onCancel}
    >
      {conflict && (
        <p role="alert" className="notice notice-error">
          {t("collections.legal.closedConflict")}
        </p>
      )}
      {closing && <p className="dialog-consequence">{t("collections.legal.closeConsequence")}</p>}
      <div className="form-row">
        <label className="field field-grow">
          <span>{t("collections.legal.fields.stage")}</span>
          <select
            name="stage"
            value={stage}
            aria-invalid={issues.has("stage")}
            disabled={choices.length === 1}
            onChange={(event) => edit(setStage)(choices.find((s) => s === event.target.value) ?? stage)}
          >
            {choices.map((choice) => (
              <option key={choice} value={choice}>
                {t(`collections.legalStages.${choice}`)}
              </option>
            ))}
          </select>
          <FieldProblem issues={issues} path="stage" />
        </label>
        <label className="field field-grow">
          <span>{t("collections.legal.fields.occurredOn")}</span>
          <input
            type="date"
            name="occurredOn"
            min={existing?.openedOn}
            max={today}
            value={occurredOn}
            aria-invalid={issues.has("occurredOn")}
            onChange={(event) => edit(setOccurredOn)(event.target.value)}
          />
          <FieldProblem issues={issues} path="occurredOn" />
        </label>
      </div>
      <div className="form-row">
        {target.kind === "open" && (
          <label className="field field-grow">
            <span>{t("collections.legal.fields.claimedIn", { currency })}</span>
            <input
              name="claimed"
              inputMode="decimal"
              className="input-amount"
              required
              value={claimed}
              aria-invalid={issues.has("claimed")}
              onChange={(event) => edit(setClaimed)(event.target.value)}
            />
            <FieldProblem issues={issues} path="claimed" />
          </label>
        )}
        <label className="field field-grow">
          <span>
            {t("collections.legal.fields.costIn", { currency })}
            <span className="field-note"> ({t("collections.legal.costHint")})</span>
          </span>
          <input
            name="cost"
            inputMode="decimal"
            className="input-amount"
            value={cost}
            placeholder="0.00"
            aria-invalid={issues.has("cost")}
            onChange={(event) => edit(setCost)(event.target.value)}
          />
          <FieldProblem issues={issues} path="cost" />
        </label>
      </div>
      {closing && (
        <div className="form-row" data-testid="legal-close-fields">
          <label className="field field-grow">
            <span>{t("collections.legal.fields.outcome")}</span>
            <select
              name="outcome"
              value={outcome}
              required
              aria-invalid={issues.has("outcome")}
              onChange={(event) =>
                edit(setOutcome)(legalOutcomes.find((o) => o === event.target.value) ?? "")
              }
            >
              <option value="">{t("collections.legal.chooseOutcome")}</option>
              {legalOutcomes.map((o) => (
                <option key={o} value={o}>
                  {t(`collections.legalOutcomes.${o}`)}
                </option>
              ))}
            </select>
            <FieldProblem issues={issues} path="outcome" />
          </label>
          <label className="field field-grow">
            <span>
              {t("collections.legal.fields.recoveredIn", { currency })}
              <span className="field-note"> ({t("collections.legal.recoveredHint")})</span>
            </span>
            <input
              name="recovered"
              inputMode="decimal"
              className="input-amount"
              value={recovered}
              placeholder="0.00"
              aria-invalid={issues.has("recovered")}
              onChange={(event) => edit(setRecovered)(event.target.value)}
            />
            <FieldProblem issues={issues} path="recovered" />
          </label>
        </div>
      )}
      {!closing && (
        <div className="form-row">
          <label className="field field-grow">
            <span>
              {t("collections.legal.fields.counsel")}
              <span className="field-note"> ({t("customers.optional")})</span>
            </span>
            <input
              name="counsel"
              maxLength={nameLengthMax}
              value={counsel}
              aria-invalid={issues.has("counsel")}
              onChange={(event) => edit(setCounsel)(event.target.value)}
            />
            <FieldProblem issues={issues} path="counsel" />
          </label>
          <label className="field field-grow">
            <span>
              {t("collections.legal.fields.court")}
              <span className="field-note"> ({t("customers.optional")})</span>
            </span>
            <input
              name="court"
              maxLength={nameLengthMax}
              value={court}
              aria-invalid={issues.has("court")}
              onChange={(event) => edit(setCourt)(event.target.value)}
            />
            <FieldProblem issues={issues} path="court" />
          </label>
        </div>
      )}
      {!closing && (
        <div className="form-row">
          <label className="field field-grow">
            <span>
              {t("collections.legal.fields.caseNumber")}
              <span className="field-note"> ({t("customers.optional")})</span>
            </span>
            <input
              name="caseNumber"
              maxLength={caseNumberLengthMax}
              value={caseNumber}
              aria-invalid={issues.has("caseNumber")}
              onChange={(event) => edit(setCaseNumber)(event.target.value)}
            />
            <FieldProblem issues={issues} path="caseNumber" />
          </label>
        </div>
      )}
      <label className="field">
        <span>
          {t("collections.legal.fields.note")}
          <span className="field-note"> ({t("customers.optional")})</span>
        </span>
        <textarea
          name="note"
          rows={3}
          maxLength={noteLengthMax}
          value={note}
          aria-invalid={issues.has("note")}
          onChange={(event) => edit(setNote)(event.target.value)}
        />
        <FieldProblem issues={issues} path="note" />
      </label>
      <div className="field" data-testid="legal-document-field">
        <span>
          <label htmlFor="legal-document-input">{t("collections.legal.fields.document")}</label>
          <span className="field-note">
            {" "}
            ({t("collections.legal.documentHint", { max: formatBytes(legalDocumentBytesMax, language) })})
          </span>
        </span>
        <div className="download-row">
          <input
            key={fileKey}
            id="legal-document-input"
            type="file"
            name="document"
            aria-invalid={fileProblem !== null || issues.has("document.base64")}
            onChange={(event) => void choose(event.target.files?.[0])}
          />
          {picked !== null && (
            <button
              type="button"
              className="button button-small button-quiet"
              onClick={() => {
                setPicked(null);
                setFileKey((key) => key + 1);
                if (record.error !== null) record.reset();
              }}
            >
              {t("collections.legal.removeFile")}
            </button>
          )}
        </div>
        {reading && <div className="subtle">{t("collections.legal.readingFile")}</div>}
        {picked?.state === "ready" && (
          <div className="subtle" data-testid="legal-document-picked">
            {t("collections.legal.filePicked", {
              name: picked.upload.name,
              size: formatBytes(picked.bytes, language),
            })}
          </div>
        )}
        {fileProblem !== null && (
          <div className="field-error" data-issue-path="document.base64" role="alert">
            {fileProblem}
          </div>
        )}
        {fileProblem === null && <FieldProblem issues={issues} path="document.base64" />}
        <FieldProblem issues={issues} path="document.name" />
        <FieldProblem issues={issues} path="document.contentType" />
      </div>
    </FormDialog>
  );
}

/** What the page says once a step is recorded. */
export function legalStepMessage(target: LegalStepTarget, legalCase: LegalCase, t: TFunction): string {
  const stage = t(`collections.legalStages.${legalCase.stage}`);
  switch (target.kind) {
    case "open":
      return t("collections.legal.opened", { name: legalCase.customerName, stage });
    case "advance":
      return t("collections.legal.stepRecorded", { name: legalCase.customerName, stage });
    case "close":
      return t("collections.legal.closed", {
        name: legalCase.customerName,
        outcome: legalCase.outcome === null ? stage : t(`collections.legalOutcomes.${legalCase.outcome}`),
      });
  }
}
