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

/** The row of a list field (`lines.2.accountCode` → 2), counted from zero as the server does. */
export function rowOf(path: string): number | null {
  const index = path.split(".").find((part) => /^[0-9]+$/.test(part));
  return index === undefined ? null : Number(index);
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
    const name = t(fieldKey as "errors.fieldNames.email", { defaultValue: field });
    const row = rowOf(issue.path);
    // "Line 3 · Account": a voucher's lines are numbered from one on screen.
    let label = name;
    if (row !== null) {
      const line = t("errors.line", { n: row + 1 });
      label = field === String(row) ? line : `${line} · ${name}`;
    }
    const text = t(codeKey as "errors.issueCodes.REQUIRED", { defaultValue: issue.message });
    return t("errors.issue", { field: label, problem: text });
  });
  const message = errorMessages[error.code][language];
  const seconds = error.params.retryAfterSeconds;
  if (error.code === "TOO_MANY_REQUESTS" && typeof seconds === "number") {
    return { message: `${message} ${t("errors.retryAfter", { seconds })}`, issues };
  }
  const period = error.params.period;
  if (error.code === "PERIOD_SEQUENCE" && typeof period === "string" && period !== "") {
    return { message: `${message} ${t("errors.periodFirst", { period })}`, issues };
  }
  return { message, issues };
}
