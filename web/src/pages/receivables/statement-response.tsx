import { useTranslation } from "react-i18next";
import type { StatementAnswer } from "../../api/statement-types.ts";
import { formatInstant } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";

/**
 * The customer's answer to a statement: the balance confirmed, or disputed with a general note
 * and a note per line. `timeZone` is the organization's on its pages, the reader's on the link.
 */
export function StatementResponse(props: {
  readonly response: StatementAnswer;
  readonly timeZone: string;
  readonly testId: string;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { response } = props;
  const at = formatInstant(response.at, props.timeZone, language);
  const confirmed = response.status === "confirmed";
  return (
    <div
      className={confirmed ? "notice notice-success" : "notice notice-warning"}
      data-testid={props.testId}
      data-status={response.status}
    >
      <p>
        <strong>
          {confirmed
            ? t("accountStatements.confirmedBy", { by: response.by, at })
            : t("accountStatements.disputedBy", { by: response.by, at })}
        </strong>
      </p>
      {response.note !== null && (
        <p className="pre-wrap">
          {t("accountStatements.responseNote")}: {response.note}
        </p>
      )}
      {response.lines.length > 0 && (
        <>
          <p className="notice-detail">{t("accountStatements.lineNotes")}</p>
          <ul>
            {response.lines.map((line) => (
              <li key={line.seq} className="pre-wrap" data-seq={line.seq}>
                {t("accountStatements.lineNote", { seq: line.seq, note: line.note })}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
