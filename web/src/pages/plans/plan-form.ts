import { type RoundingMode, roundingModes } from "../../../../src/core/rounding.ts";
import { type DayCount, dayCounts } from "../../../../src/domain/plans/day-count.ts";
import { type Frequency, frequencies } from "../../../../src/domain/plans/frequency.ts";
import { type ScheduleMethod, scheduleMethods } from "../../../../src/domain/plans/schedule.ts";
import { isApiError } from "../../api/client.ts";
import type { QuoteRequest } from "../../api/types.ts";
import { percentToShare } from "../credit/credit-format.ts";

export { dayCounts, frequencies, roundingModes, scheduleMethods };

/**
 * The plan designer's inputs as typed: every field is text, so a half-typed value stays on screen.
 * Rates are typed as percentages (12 for 12 %) and sent as decimal fractions ("0.12"), moved by
 * the decimal point, never through a float. The server validates everything; the page only
 * waits until the required fields are filled in.
 */
export interface PlanForm {
  readonly principal: string;
  readonly currency: string;
  readonly method: ScheduleMethod;
  readonly periods: string;
  readonly frequency: Frequency;
  readonly startDate: string;
  readonly firstDueDate: string;
  readonly annualRatePercent: string;
  readonly feeRatePercent: string;
  readonly upfrontFee: string;
  readonly downPayment: string;
  readonly dayCount: DayCount;
  readonly gracePeriods: string;
  readonly interestFree: boolean;
  readonly roundingMode: RoundingMode;
  readonly installmentMultiple: string;
}

/** The contract's defaults (docs/installments.md), so an untouched field sends nothing new. */
export function initialPlanForm(baseCurrency: string, today: string): PlanForm {
  return {
    principal: "",
    currency: baseCurrency,
    method: "equal-installment",
    periods: "12",
    frequency: "monthly",
    startDate: today,
    firstDueDate: "",
    annualRatePercent: "",
    feeRatePercent: "",
    upfrontFee: "",
    downPayment: "",
    dayCount: "30/360",
    gracePeriods: "",
    interestFree: false,
    roundingMode: "half-even",
    installmentMultiple: "",
  };
}

/** Grouping people type or paste into an amount ("12,000.00", "12 000"): it carries no value. */
const groupingPattern = /[,，\s]/g;
const wholeNumberPattern = /^\d{1,6}$/;

function amount(text: string): string {
  return text.replace(groupingPattern, "");
}

/** A percentage as the fraction the API takes; what is not a number goes as typed, for the server to name. */
function rate(percentText: string): string {
  const trimmed = percentText.trim();
  return percentToShare(trimmed) ?? trimmed;
}

function wholeNumber(text: string): number | string {
  const trimmed = text.trim();
  return wholeNumberPattern.test(trimmed) ? Number(trimmed) : trimmed;
}

/** The fields the request cannot do without; until they are filled in, nothing is asked. */
export function isComplete(form: PlanForm): boolean {
  const filled = (text: string) => text.trim() !== "";
  return (
    filled(form.principal) &&
    filled(form.currency) &&
    filled(form.periods) &&
    filled(form.startDate) &&
    filled(form.annualRatePercent) &&
    (form.method !== "flat-fee" || filled(form.feeRatePercent))
  );
}

/** The quote request of a complete form; optional fields left empty are left out. */
export function quoteRequestOf(form: PlanForm): QuoteRequest | null {
  if (!isComplete(form)) return null;
  const optional = <K extends string, V>(key: K, text: string, value: (text: string) => V) =>
    text.trim() === "" ? {} : ({ [key]: value(text) } as Record<K, V>);
  return {
    principal: amount(form.principal),
    currency: form.currency.trim().toUpperCase(),
    method: form.method,
    periods: wholeNumber(form.periods),
    frequency: form.frequency,
    startDate: form.startDate,
    ...optional("firstDueDate", form.firstDueDate, (text) => text),
    annualRate: rate(form.annualRatePercent),
    // The fee per period is what makes a flat-fee plan; other methods charge interest only.
    ...(form.method === "flat-fee" ? { feeRatePerPeriod: rate(form.feeRatePercent) } : {}),
    ...optional("upfrontFee", form.upfrontFee, amount),
    ...optional("downPayment", form.downPayment, amount),
    dayCount: form.dayCount,
    ...optional("graceOnPrincipalPeriods", form.gracePeriods, wholeNumber),
    interestFree: form.interestFree,
    roundingMode: form.roundingMode,
    ...optional("installmentMultiple", form.installmentMultiple, amount),
  };
}

/** Whole-number fields: a bound they break is said as their range, not as "too short". */
export const wholeNumberRanges: Readonly<Record<string, { readonly min: number; readonly max: number }>> = {
  periods: { min: 1, max: 600 },
  graceOnPrincipalPeriods: { min: 0, max: 599 },
};

/** The form field of each request field the server may name (`body.periods` or `periods`). */
export type PlanField = keyof QuoteRequest;

/** The server's field issues of a refused quote by request field, in the server's order. */
export function issuesByField(
  error: unknown,
  text: (issue: { readonly field: string; readonly code: string; readonly message: string }) => string,
): ReadonlyMap<string, string> {
  const byField = new Map<string, string>();
  if (!isApiError(error)) return byField;
  for (const issue of error.issues) {
    const field = issue.path.replace(/^body\.?/, "").split(".")[0] ?? "";
    const line = text({ field, code: issue.code, message: issue.message });
    const before = byField.get(field);
    byField.set(field, before === undefined ? line : `${before}; ${line}`);
  }
  return byField;
}
