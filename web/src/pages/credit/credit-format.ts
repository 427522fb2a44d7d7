import type { TFunction } from "i18next";
import { parseMinor } from "../../../../src/core/money.ts";
import type { FactorKey, FieldIssue, Terms } from "../../api/types.ts";
import { formatMoney } from "../../format.ts";
import { amountText } from "../ledger/amount-math.ts";

/**
 * Words and figures of credit: shares as percentages, terms, reason codes. Shares and ratios
 * arrive as exact decimal text; they are formatted as strings (Intl formats decimal strings
 * exactly) and converted between share and percent by moving the decimal point, never by floats.
 */

type DecimalFormat = (value: string) => string;

const decimalPattern = /^(-?)(\d+)(?:\.(\d+))?$/;

/** "0.4523" → "45.23%"; at most `digits` decimals of the percentage. */
export function formatShare(share: string, locale: string, digits = 2): string {
  if (!decimalPattern.test(share)) return share;
  const format = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: digits })
    .format as unknown as DecimalFormat;
  return format(share);
}

/** A ratio or a score for reading: grouped, at most four decimals ("1.5", "-0.1234"). */
export function formatRatio(value: string, locale: string): string {
  if (!decimalPattern.test(value)) return value;
  const format = new Intl.NumberFormat(locale, { maximumFractionDigits: 4 })
    .format as unknown as DecimalFormat;
  return format(value);
}

function trimDecimal(sign: string, integer: string, fraction: string): string {
  const whole = integer.replace(/^0+(?=\d)/, "");
  const part = fraction.replace(/0+$/, "");
  const text = part === "" ? whole : `${whole}.${part}`;
  return sign === "-" && /[1-9]/.test(text) ? `-${text}` : text;
}

/** "0.20" → "20": a share as the percentage people type. */
export function shareToPercent(share: string): string {
  const match = decimalPattern.exec(share);
  if (match === null) return share;
  const [, sign = "", integer = "0", fraction = ""] = match;
  const padded = fraction.padEnd(2, "0");
  return trimDecimal(sign, integer + padded.slice(0, 2), padded.slice(2));
}

/** "20" → "0.2"; null when the text is not a non-negative decimal. */
export function percentToShare(percent: string): string | null {
  const match = decimalPattern.exec(percent.trim());
  if (match === null || match[1] === "-") return null;
  const integer = (match[2] ?? "0").padStart(3, "0");
  const fraction = match[3] ?? "";
  return trimDecimal("", integer.slice(0, -2), integer.slice(-2) + fraction);
}

/** Characters people type or paste into an amount that carry no value: grouping and spaces. */
const groupingPattern = /[,，\s]/g;

export type AmountInput =
  | { readonly ok: true; readonly amount: string | null }
  | { readonly ok: false; readonly amount?: undefined };

/**
 * A typed amount as the API's decimal text ("1,234.5" → "1234.50" in CNY); empty is null. Amounts
 * go through integer minor units (src/core/money.ts), so no digit is lost or invented.
 */
export function readAmount(
  text: string,
  currency: string,
  options: { readonly negative?: boolean } = {},
): AmountInput {
  const cleaned = text.replace(groupingPattern, "");
  if (cleaned === "") return { ok: true, amount: null };
  try {
    const minor = parseMinor(cleaned, currency);
    if (minor < 0n && options.negative !== true) return { ok: false };
    return { ok: true, amount: amountText(minor, currency) };
  } catch {
    return { ok: false };
  }
}

/** A whole number typed into a field, or null when it is not one. */
export function readWholeNumber(text: string): number | null {
  const trimmed = text.trim();
  if (!/^-?\d{1,12}$/.test(trimmed)) return null;
  return Number(trimmed);
}

export function money(amount: string, currency: string, locale: string): string {
  return formatMoney(amount, currency, locale);
}

export function termsText(terms: Terms, t: TFunction): string {
  switch (terms.kind) {
    case "net":
      return t("credit.termsNet", { days: terms.days });
    case "cash_in_advance":
      return t("credit.termsCash");
  }
}

export function factorLabel(key: FactorKey, t: TFunction): string {
  return t(`credit.factors.${key}`);
}

/** A bin label is a code the organization may have made up: translated when we know it. */
export function binLabel(label: string, t: TFunction): string {
  return t(`credit.bins.${label}` as "credit.bins.low", { defaultValue: label.replaceAll("_", " ") });
}

/** "debtRatio:high" → "Debt ratio: high". */
export function reasonLabel(code: string, key: FactorKey, t: TFunction): string {
  const label = code.slice(code.indexOf(":") + 1);
  return t("credit.reasonText", { factor: factorLabel(key, t), bin: binLabel(label, t) });
}

/**
 * Where a server issue points, without the request part (`body.factors.0.weight` →
 * `factors.0.weight`) and with the domain's minor-unit names as the API spells them.
 */
export function issuePath(issue: FieldIssue): string {
  return issue.path
    .replace(/^body\./, "")
    .replace(/capMinor$/, "cap")
    .replace(/limitRoundingMinor$/, "limitRounding")
    .replace(/approvalThresholdMinor$/, "approvalThreshold");
}

/** The text of an issue in the UI language when its code is known, else the server's words. */
export function issueText(issue: FieldIssue, t: TFunction): string {
  return t(`errors.issueCodes.${issue.code}` as "errors.issueCodes.REQUIRED", {
    defaultValue: issue.message,
  });
}
