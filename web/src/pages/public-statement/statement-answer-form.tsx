import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { isApiError } from "../../api/client.ts";
import { publicRequest, publicStatementPath } from "../../api/public-client.ts";
import type {
  PublicStatementView,
  StatementAnswered,
  StatementAnswerRequest,
  StatementOfAccountView,
} from "../../api/statement-types.ts";
import { ErrorMessage } from "../../components/error-message.tsx";
import { formatAmount, formatDate } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { issueText } from "../credit/credit-format.ts";
import { FieldIssue, issuesByPath } from "../credit/problem-list.tsx";
import { isZeroAmount } from "../receivables/receivables-format.ts";
import { publicStatementKey } from "./public-statement-queries.ts";

/** The server's limits (src/api/routes/statements.ts, src/services/receivables/statements.ts). */
const nameLengthMax = 200;
const noteLengthMax = 1000;

type Answer = "confirmed" | "disputed";

/**
 * The customer's answer (对账确认): "the balance is right" with a name, or "I dispute" with the
 * lines that are wrong, each with a note, and/or a general note. Answered once: the page then
 * shows the answer instead of the form.
 */
export function StatementAnswerForm(props: {
  readonly token: string;
  readonly statement: StatementOfAccountView;
  /** The lines ticked so far with their notes, for the statement above to mark them. */
  readonly onChosen: (chosen: ReadonlyMap<number, string>) => void;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { statement } = props;
  const queryClient = useQueryClient();
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [by, setBy] = useState("");
  const [note, setNote] = useState("");
  const [chosen, setChosen] = useState<ReadonlyMap<number, string>>(new Map());
  const [tried, setTried] = useState(false);
  const respond = useMutation({
    mutationFn: (body: StatementAnswerRequest) =>
      publicRequest<StatementAnswered>(publicStatementPath(props.token, "response"), {
        method: "POST",
        body,
      }),
    onSuccess: (answered) => {
      queryClient.setQueryData<PublicStatementView>(publicStatementKey(props.token), (current) =>
        current === undefined
          ? current
          : { ...current, status: answered.status, response: answered.response },
      );
    },
    onError: (error) => {
      // Answered meanwhile (another person, another tab): show that answer instead of the form.
      if (isApiError(error) && error.status === 409) {
        void queryClient.invalidateQueries({ queryKey: publicStatementKey(props.token) });
      }
    },
  });

  function choose(next: Map<number, string>): void {
    setChosen(next);
    props.onChosen(next);
  }

  function pick(which: Answer): void {
    if (respond.error !== null) respond.reset();
    setAnswer(which);
    setTried(false);
    if (which === "confirmed" && chosen.size > 0) choose(new Map());
  }

  const edited = () => {
    if (respond.error !== null) respond.reset();
  };
  const missingNotes = new Set([...chosen].filter(([, text]) => text.trim() === "").map(([seq]) => seq));
  const nameMissing = by.trim() === "";
  const disputeEmpty = answer === "disputed" && chosen.size === 0 && note.trim() === "";
  const ready = answer !== null && !nameMissing && !disputeEmpty && missingNotes.size === 0;
  const issues = issuesByPath(respond.error, (code, message) => issueText({ path: "", code, message }, t));

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    setTried(true);
    if (!ready || answer === null || respond.isPending) return;
    respond.mutate({
      status: answer,
      by: by.trim(),
      note: note.trim() === "" ? null : note.trim(),
      lines:
        answer === "disputed"
          ? [...chosen].sort(([a], [b]) => a - b).map(([seq, text]) => ({ seq, note: text.trim() }))
          : [],
    });
  }

  return (
    <form
      className="form-stack public-answer"
      onSubmit={submit}
      noValidate
      data-testid="statement-answer-form"
    >
      <p className="muted">
        {t("publicStatement.answerIntro", { closing: formatAmount(statement.closing, language) })}
      </p>
      <fieldset className="public-choices">
        <legend className="visually-hidden">{t("publicStatement.answerTitle")}</legend>
        <button
          type="button"
          className={answer === "confirmed" ? "button button-primary public-choice" : "button public-choice"}
          aria-pressed={answer === "confirmed"}
          data-answer="confirmed"
          onClick={() => pick("confirmed")}
        >
          {t("publicStatement.confirmChoice")}
        </button>
        <button
          type="button"
          className={answer === "disputed" ? "button button-primary public-choice" : "button public-choice"}
          aria-pressed={answer === "disputed"}
          data-answer="disputed"
          onClick={() => pick("disputed")}
        >
          {t("publicStatement.disputeChoice")}
        </button>
      </fieldset>

      {answer === "disputed" && (
        <fieldset className="public-dispute" disabled={respond.isPending}>
          <legend>{t("publicStatement.disputeLegend")}</legend>
          <p className="subtle">{t("publicStatement.disputeIntro")}</p>
          {statement.lines.length === 0 && <p className="muted">{t("accountStatements.linesEmpty")}</p>}
          <ul className="public-dispute-lines">
            {statement.lines.map((line) => {
              const typed = chosen.get(line.seq);
              const amount = isZeroAmount(line.debit) ? line.credit : line.debit;
              return (
                <li
                  key={line.seq}
                  className="public-dispute-line"
                  data-seq={line.seq}
                  data-chosen={typed !== undefined}
                >
                  <label className="checkbox">
                    <input
                      type="checkbox"
                      className="checkbox-input"
                      checked={typed !== undefined}
                      onChange={(event) => {
                        edited();
                        const next = new Map(chosen);
                        if (event.target.checked) next.set(line.seq, "");
                        else next.delete(line.seq);
                        choose(next);
                      }}
                    />
                    <span>
                      {t("publicStatement.lineChoice", {
                        seq: line.seq,
                        date: formatDate(line.date, language),
                        document: line.documentNumber ?? t(`accountStatements.kinds.${line.kind}`),
                        side: isZeroAmount(line.debit)
                          ? t("accountStatements.lineColumns.credit")
                          : t("accountStatements.lineColumns.debit"),
                        amount: formatAmount(amount, language),
                      })}
                    </span>
                  </label>
                  {typed !== undefined && (
                    <label className="field">
                      <span>{t("publicStatement.lineNote", { seq: line.seq })}</span>
                      <textarea
                        rows={2}
                        maxLength={noteLengthMax}
                        aria-invalid={tried && missingNotes.has(line.seq)}
                        value={typed}
                        onChange={(event) => {
                          edited();
                          choose(new Map(chosen).set(line.seq, event.target.value));
                        }}
                      />
                      {tried && missingNotes.has(line.seq) && (
                        <div className="field-error">{t("publicStatement.needsLineNote")}</div>
                      )}
                    </label>
                  )}
                </li>
              );
            })}
          </ul>
        </fieldset>
      )}

      {answer !== null && (
        <>
          <label className="field">
            <span>{t("publicStatement.name")}</span>
            <input
              name="by"
              autoComplete="name"
              required
              maxLength={nameLengthMax}
              placeholder={t("publicStatement.namePlaceholder")}
              aria-invalid={(tried && nameMissing) || issues.has("by")}
              value={by}
              onChange={(event) => {
                edited();
                setBy(event.target.value);
              }}
            />
            {tried && nameMissing && <div className="field-error">{t("publicStatement.needsName")}</div>}
            <FieldIssue issues={issues} path="by" />
          </label>
          <label className="field">
            <span>
              {answer === "disputed" ? t("publicStatement.generalNote") : t("publicStatement.note")}{" "}
              <span className="field-note">
                (
                {answer === "disputed" ? t("publicStatement.generalNoteHint") : t("publicStatement.optional")}
                )
              </span>
            </span>
            <textarea
              name="note"
              rows={3}
              maxLength={noteLengthMax}
              aria-invalid={(tried && disputeEmpty) || issues.has("note")}
              value={note}
              onChange={(event) => {
                edited();
                setNote(event.target.value);
              }}
            />
            {tried && disputeEmpty && <div className="field-error">{t("publicStatement.needsDispute")}</div>}
            <FieldIssue issues={issues} path="note" />
          </label>
          <ErrorMessage error={respond.error} />
          <div className="form-actions">
            <button
              type="submit"
              className={
                answer === "confirmed"
                  ? "button button-primary button-wide"
                  : "button button-danger button-wide"
              }
              disabled={respond.isPending}
            >
              {respond.isPending
                ? t("publicStatement.sending")
                : answer === "confirmed"
                  ? t("publicStatement.confirmSubmit")
                  : t("publicStatement.disputeSubmit")}
            </button>
          </div>
        </>
      )}
    </form>
  );
}
