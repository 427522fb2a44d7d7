import { useTranslation } from "react-i18next";
import { errorMessages } from "../../../../src/core/error-messages.ts";
import { isApiError } from "../../api/client.ts";
import { ErrorMessage } from "../../components/error-message.tsx";
import { currentLanguage } from "../../i18n/index.ts";
import { issuePath, issueText } from "./credit-format.ts";

/**
 * A rejected editor save: the message, then every issue named by where it is in the editor
 * ("Factor 2 (Current ratio) › bin 3 › min"), because an editor's paths are deeper than a form's.
 */
export function ProblemList(props: { readonly error: unknown; readonly describe: (path: string) => string }) {
  const { t } = useTranslation();
  if (!isApiError(props.error) || props.error.issues.length === 0)
    return <ErrorMessage error={props.error} />;
  const error = props.error;
  return (
    <div role="alert" className="notice notice-error" data-testid="error-message">
      <p>{errorMessages[error.code][currentLanguage()]}</p>
      <p className="notice-detail">{t("errors.fields")}</p>
      <ul data-testid="problem-list">
        {error.issues.map((issue) => {
          const path = issuePath(issue);
          return (
            <li key={`${issue.path}:${issue.code}`} data-path={path} data-code={issue.code}>
              {t("errors.issue", { field: props.describe(path), problem: issueText(issue, t) })}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/** The issues of a rejected save by normalized path, to show each at its field. */
export function issuesByPath(
  error: unknown,
  text: (code: string, message: string) => string,
): Map<string, string> {
  const byPath = new Map<string, string>();
  if (!isApiError(error)) return byPath;
  for (const issue of error.issues) {
    const path = issuePath(issue);
    const line = text(issue.code, issue.message);
    byPath.set(path, byPath.has(path) ? `${byPath.get(path)}; ${line}` : line);
  }
  return byPath;
}

export function FieldIssue(props: { readonly issues: Map<string, string>; readonly path: string }) {
  const text = props.issues.get(props.path);
  if (text === undefined) return null;
  return (
    <div className="field-error" data-issue-path={props.path}>
      {text}
    </div>
  );
}
