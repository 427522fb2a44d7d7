import { useTranslation } from "react-i18next";
import type { AlertStatus, FactValue, WarningSeverity } from "../../api/warnings-types.ts";
import { formatAmount, formatDate } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { textOr } from "../collections/collections-format.tsx";

/** Badges and the words of early warnings: severities, statuses and the facts that made a rule fire. */

const severityClasses: Readonly<Record<WarningSeverity, string>> = {
  info: "statement-status-sent",
  warning: "status-pending",
  critical: "status-rejected",
};

export function SeverityBadge(props: { readonly severity: WarningSeverity }) {
  const { t } = useTranslation();
  return (
    <span
      className={`status ${severityClasses[props.severity]}`}
      data-severity={props.severity}
      data-testid="alert-severity"
    >
      {t(`warnings.severities.${props.severity}`)}
    </span>
  );
}

const statusClasses: Readonly<Record<AlertStatus, string>> = {
  open: "status-pending",
  acknowledged: "statement-status-sent",
  resolved: "status-approved",
  cleared: "status-revoked",
};

export function AlertStatusBadge(props: { readonly status: AlertStatus }) {
  const { t } = useTranslation();
  return (
    <span
      className={`status ${statusClasses[props.status]}`}
      data-status={props.status}
      data-testid="alert-status"
    >
      {t(`warnings.statuses.${props.status}`)}
    </span>
  );
}

const moneyFacts: ReadonlySet<string> = new Set(["exposure", "limit"]);
const dateFacts: ReadonlySet<string> = new Set(["assessedOn", "reportedOn"]);

/** The facts of a firing, one a line; thresholds are shown beside what they held. */
export function FactList(props: { readonly facts: Readonly<Record<string, FactValue>> }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const entries = Object.entries(props.facts).filter(([, value]) => value !== null);
  if (entries.length === 0) return <span className="subtle">{t("common.none")}</span>;
  return (
    <div data-testid="alert-facts">
      {entries.map(([key, value]) => {
        let shown = String(value);
        if (typeof value === "string" && moneyFacts.has(key)) shown = formatAmount(value, language);
        else if (typeof value === "string" && dateFacts.has(key)) shown = formatDate(value, language);
        return (
          <div key={key} data-fact={key} className="nowrap">
            <span className="subtle">{textOr(t, `warnings.facts.${key}`, key)}: </span>
            {shown}
          </div>
        );
      })}
    </div>
  );
}

/** A rule's name in the reader's language, else its code. */
export function ruleName(
  names: { readonly "zh-CN": string; readonly en: string } | null,
  code: string,
  language: string,
): string {
  if (names === null) return code;
  return language === "zh-CN" ? names["zh-CN"] : names.en;
}
