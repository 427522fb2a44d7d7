import type { TFunction } from "i18next";
import { errorMessages } from "../../../src/core/error-messages.ts";
import { isApiError } from "../api/client.ts";
import type { Locale } from "../api/types.ts";

/** A rate fraction as a percentage with every digit the server sent ("0.120000" → "12.0000%"). */
function percentText(fraction: string, language: Locale): string {
  if (!/^\d+(?:\.\d+)?$/.test(fraction)) return fraction;
  const format = new Intl.NumberFormat(language, {
    style: "percent",
    minimumFractionDigits: 2,
    maximumFractionDigits: 4,
  }).format as unknown as (value: string) => string;
  return format(fraction);
}

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
  const reasons = error.params.reasons;
  if (error.code === "CREDIT_BLOCKED" && typeof reasons === "string" && reasons !== "") {
    // The credit check's reasons, as the customer's credit panel words them.
    const words = reasons
      .split(",")
      .map((reason) =>
        t(`credit.checkReasons.${reason}` as "credit.checkReasons.ON_HOLD", { defaultValue: reason }),
      );
    return { message: `${message} ${words.join(" ")}`, issues };
  }
  const { rate, ceiling } = error.params;
  if (error.code === "RATE_ABOVE_CEILING" && typeof rate === "string" && typeof ceiling === "string") {
    return {
      message: `${message} ${t("errors.rateAboveCeiling", { rate: percentText(rate, language), ceiling: percentText(ceiling, language) })}`,
      issues,
    };
  }
  const status = error.params.status;
  if (error.code === "PLAN_STATUS" && typeof status === "string") {
    const statusName = t(`planDoc.statuses.${status}` as "planDoc.statuses.draft", { defaultValue: status });
    return { message: `${message} ${t("errors.planStatusNow", { status: statusName })}`, issues };
  }
  if (error.code === "INVOICE_STATUS" && typeof status === "string") {
    const statusName = t(`invoices.statuses.${status}` as "invoices.statuses.draft", {
      defaultValue: status,
    });
    return { message: `${message} ${t("errors.invoiceStatusNow", { status: statusName })}`, issues };
  }
  const period = error.params.period;
  if (error.code === "PERIOD_SEQUENCE" && typeof period === "string" && period !== "") {
    return { message: `${message} ${t("errors.periodFirst", { period })}`, issues };
  }
  return { message, issues };
}
