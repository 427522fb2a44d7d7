import type { TFunction } from "i18next";
import type {
  AgingBucketView,
  DiscountWindow,
  PaymentTerms,
  PaymentTermsRecord,
} from "../../api/receivables-types.ts";
import type { Locale } from "../../api/types.ts";
import { formatDate } from "../../format.ts";
import { formatShare } from "../credit/credit-format.ts";

/**
 * Words and figures of receivables: VAT rates, terms, aging buckets, discount windows. Rates
 * arrive as exact decimal text and are formatted as strings, never through floats.
 */

/** "0.13" → "13%", "0.015" → "1.5%". */
export function formatVatRate(rate: string, language: Locale): string {
  return formatShare(rate, language, 2);
}

/** A template's name in the UI language. */
export function termsName(record: PaymentTermsRecord, language: Locale): string {
  return language === "zh-CN" ? record.nameZh : record.nameEn;
}

/**
 * How a document's terms read when no template names them (the customer's own credit terms):
 * "Net 30" for one portion due N days after the document, else the count of portions.
 */
export function termsDescription(terms: PaymentTerms, t: TFunction): string {
  const [only] = terms.portions;
  if (terms.portions.length === 1 && only !== undefined && only.due.months === 0) {
    return only.due.basis === "document"
      ? t("invoices.termsNet", { days: only.due.days })
      : t("invoices.termsMonthEnd", { days: only.due.days });
  }
  return t("invoices.termsPortions", { count: terms.portions.length });
}

/** A document's terms: the template's code and name, or the customer's terms described. */
export function documentTermsText(options: {
  readonly termsCode: string | null;
  readonly terms: PaymentTerms;
  readonly templates: ReadonlyArray<PaymentTermsRecord> | undefined;
  readonly language: Locale;
  readonly t: TFunction;
}): string {
  const { termsCode, t } = options;
  if (termsCode === null) {
    return `${t("invoices.customerTerms")} · ${termsDescription(options.terms, t)}`;
  }
  const template = options.templates?.find((record) => record.code === termsCode);
  return template === undefined ? termsCode : `${termsCode} · ${termsName(template, options.language)}`;
}

/** "Not due", "1–30 days", "Over 365 days": from the bucket's days, whatever the policy's edges. */
export function agingBucketLabel(bucket: AgingBucketView, t: TFunction): string {
  if (bucket.fromDays === null) return t("aging.notDue");
  if (bucket.toDays === null) return t("aging.over", { days: bucket.fromDays - 1 });
  return t("aging.range", { from: bucket.fromDays, to: bucket.toDays });
}

/** "2% until 30 Nov 2026" for each window, tier by tier. */
export function discountWindowsText(
  windows: ReadonlyArray<DiscountWindow>,
  language: Locale,
  t: TFunction,
): string {
  return windows
    .map((window) =>
      t("allocation.discountUntil", {
        rate: formatShare(window.rate, language, 2),
        date: formatDate(window.until, language),
      }),
    )
    .join(t("allocation.windowSeparator"));
}

/** The discount rate that applies to money received on `date`, or null when no window is open. */
export function discountRateOn(windows: ReadonlyArray<DiscountWindow>, date: string): string | null {
  // Windows are tiers by their last day, best rate first; the first still open on the date applies.
  const open = windows.filter((window) => date !== "" && date <= window.until);
  return open[0]?.rate ?? null;
}

const negativePattern = /^-/;
const zeroPattern = /^-?0+(?:\.0+)?$/;

/** A decimal amount from the API below zero (a credit note's open amount). */
export function isNegativeAmount(amount: string): boolean {
  return negativePattern.test(amount) && !zeroPattern.test(amount);
}

export function isZeroAmount(amount: string): boolean {
  return zeroPattern.test(amount);
}
