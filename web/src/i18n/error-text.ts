import type { TFunction } from "i18next";
import { errorMessages } from "../../../src/core/error-messages.ts";
import { isApiError } from "../api/client.ts";
import type { Locale } from "../api/types.ts";

export interface ErrorText {
  readonly message: string;
  /** One line per field at fault, e.g. "Code: already used by another record". */
  readonly issues: ReadonlyArray<string>;
}

/** The last part of a server issue path (`body.email` → `email`) names the field. */
function fieldOf(path: string): string {
  const parts = path.split(".");
  return parts[parts.length - 1] ?? path;
}

/**
 * Words for an error, in the UI language: the message comes from the catalogue shared with the
 * server (by `code`); field issues name the field in the UI language where we know it and fall
 * back to the server's wording otherwise.
 */
export function errorText(error: unknown, language: Locale, t: TFunction): ErrorText {
  if (!isApiError(error)) return { message: t("errors.unknown"), issues: [] };
  const issues = error.issues.map((issue) => {
    const field = fieldOf(issue.path);
    const fieldKey = `errors.fieldNames.${field}`;
    const codeKey = `errors.issueCodes.${issue.code}`;
    const label = t(fieldKey as "errors.fieldNames.email", { defaultValue: field });
    const text = t(codeKey as "errors.issueCodes.REQUIRED", { defaultValue: issue.message });
    return t("errors.issue", { field: label, problem: text });
  });
  const message = errorMessages[error.code][language];
  const seconds = error.params.retryAfterSeconds;
  if (error.code === "TOO_MANY_REQUESTS" && typeof seconds === "number") {
    return { message: `${message} ${t("errors.retryAfter", { seconds })}`, issues };
  }
  return { message, issues };
}
