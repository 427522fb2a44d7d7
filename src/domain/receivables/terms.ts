import { decimalIn, isIntegerIn } from "../../core/checks.ts";
import { addDays, addMonths, endOfMonth, formatBusinessDate, parseBusinessDate } from "../../core/dates.ts";
import {
  add,
  compare,
  type Decimal,
  decimal,
  multiply,
  ONE,
  parseDecimal,
  roundToInteger,
  toCanonicalString,
  ZERO,
} from "../../core/decimal.ts";
import { AppError, assert, type FieldIssue, isAppError } from "../../core/errors.ts";

/**
 * Payment terms (账期): when the parts of a document fall due, and the cash discounts
 * (现金折扣) offered for paying early.
 *
 * A due rule counts from the document date ("document": Net 30 is 30 days after it) or from the
 * end of the document's month ("month_end": 月结30天 is 30 days after that month's end; 次月底 is
 * the end of the next month). Months are calendar months; a day the target month lacks clamps
 * to its last day (31 Jan + 1 month = 28/29 Feb).
 */
export interface DueRule {
  readonly basis: "document" | "month_end";
  readonly months: number;
  readonly days: number;
}

export const dueBases = ["document", "month_end"] as const;

/**
 * One part of the amount and when it falls due. `share` is exact: decimal text ("0.3") or a
 * fraction of whole numbers ("1/3"), because a third of an invoice has no exact decimal.
 */
export interface TermsPortion {
  readonly share: string;
  readonly due: DueRule;
}

/** `rate` ("0.02") off the amount settled when paid within `days` days after the document date, inclusive. */
export interface DiscountTier {
  readonly rate: string;
  readonly days: number;
}

export interface PaymentTerms {
  readonly portions: ReadonlyArray<TermsPortion>;
  readonly discounts: ReadonlyArray<DiscountTier>;
}

/** Five years of monthly installments; more parts is a loan, not trade terms. */
export const termsPortionsMax = 60;
/** Tiered discounts rarely have more than two or three steps. */
export const discountTiersMax = 5;
/** Ten years: no trade term or discount window has a reason to be longer. */
export const termsDaysMax = 3650;
/** Ten years of months, the longest installment series `termsPortionsMax` allows with room to spare. */
export const termsMonthsMax = 120;
/**
 * The largest cash discount. Real ones are a few percent; half the amount is already a price
 * cut, not a discount for paying early, and a rate below 1 keeps rate / (1 − rate) finite.
 */
export const discountRateMax = "0.5";
/** Longest share text: "a/b" or a decimal, sign and point included. */
export const shareTextLengthMax = 40;

const fractionPattern = /^([0-9]+)\/([0-9]+)$/;

/**
 * The exact value of a share: "0.3", "1", or a fraction "1/3" of whole numbers. Anything else
 * is INVALID_RATE; the range (0, 1] is `checkPaymentTerms`'s job.
 */
export function parseShare(text: string): Decimal {
  const invalid = (reason: string): AppError =>
    new AppError("INVALID_RATE", { detail: `Not a share: ${reason}`, params: { reason } });
  if (typeof text !== "string") throw invalid("not text");
  if (text.length > shareTextLengthMax) throw invalid("too long");
  const fraction = fractionPattern.exec(text);
  if (fraction === null) return parseDecimal(text);
  const [, numerator = "", denominator = ""] = fraction;
  if (BigInt(denominator) === 0n) throw invalid("zero denominator");
  return decimal(BigInt(numerator), BigInt(denominator));
}

function shareIn(text: unknown): Decimal | null {
  if (typeof text !== "string") return null;
  try {
    const share = parseShare(text);
    return compare(share, ZERO) > 0 && compare(share, ONE) <= 0 ? share : null;
  } catch (error) {
    if (!isAppError(error)) throw error;
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Month spans of the Gregorian calendar, for the order check of portions.
// ---------------------------------------------------------------------------------------------

/** The Gregorian calendar repeats every 400 years: 4,800 months. */
const cycleMonths = 4800;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

interface MonthTables {
  readonly lengths: ReadonlyArray<number>;
  /** prefix[i] = days in months 0..i−1 of the cycle, extended past its end by wrapping. */
  readonly prefix: ReadonlyArray<number>;
}

let monthTables: MonthTables | null = null;

function tables(): MonthTables {
  if (monthTables !== null) return monthTables;
  const monthDays = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  const lengths: number[] = [];
  for (let index = 0; index < cycleMonths + termsMonthsMax + 2; index += 1) {
    const year = Math.floor((index % cycleMonths) / 12);
    const month = index % 12;
    lengths.push(month === 1 && isLeapYear(year) ? 29 : (monthDays[month] ?? 0));
  }
  const prefix = [0];
  for (const length of lengths) prefix.push((prefix[prefix.length - 1] ?? 0) + length);
  monthTables = { lengths, prefix };
  return monthTables;
}

interface SpanBounds {
  /** Fewest and most days in `months` consecutive whole months. */
  readonly windowMin: number;
  readonly windowMax: number;
  /** Fewest days `addMonths(d, months)` can add, clamping included. */
  readonly addMin: number;
}

const spanCache = new Map<number, SpanBounds>();

function spanBounds(months: number): SpanBounds {
  const cached = spanCache.get(months);
  if (cached !== undefined) return cached;
  const { lengths, prefix } = tables();
  let windowMin = Number.POSITIVE_INFINITY;
  let windowMax = 0;
  let addMin = Number.POSITIVE_INFINITY;
  for (let start = 0; start < cycleMonths; start += 1) {
    const window = (prefix[start + months] ?? 0) - (prefix[start] ?? 0);
    // From the last day of the start month the clamp loses the most days (31 Jan → 28 Feb).
    const clampLoss = Math.max(0, (lengths[start] ?? 0) - (lengths[start + months] ?? 0));
    windowMin = Math.min(windowMin, window);
    windowMax = Math.max(windowMax, window);
    addMin = Math.min(addMin, window - clampLoss);
  }
  const bounds = { windowMin, windowMax, addMin };
  spanCache.set(months, bounds);
  return bounds;
}

/** Fewest and most days after the document date that `rule` can fall due, over every date. */
function offsetBounds(rule: DueRule): { readonly low: number; readonly high: number } {
  const span = spanBounds(rule.months);
  switch (rule.basis) {
    case "document":
      return { low: span.addMin + rule.days, high: span.windowMax + rule.days };
    case "month_end":
      // The document's month end is 0 to 30 days after the document date, and the following
      // `months` whole months one window; the longest is the window one month longer, less a day.
      return { low: span.windowMin + rule.days, high: spanBounds(rule.months + 1).windowMax - 1 + rule.days };
  }
}

/**
 * Whether `later` falls due no earlier than `earlier` whatever the document date.
 *
 * Exact shortcuts first. Each step only moves forward, so within one basis a rule with no fewer
 * months and no fewer days is never earlier. `addMonths(d, m)` lies in the month m after the
 * document's, on or before its end and after the end of the month before: so a document rule
 * is never after the month-end rule of as many months or more with as many days or more, and a
 * month-end rule is never after a document rule of more months with at most one day fewer.
 * Two other month-end rules compare from the common month end.
 *
 * Otherwise the latest date `earlier` can give must not pass the earliest `later` can give,
 * from the shortest and longest month spans of the 400-year Gregorian cycle. That is sound,
 * and may refuse a mixed-basis pair that happens to be ordered; it can be written in one basis.
 */
export function dueRuleNeverBefore(later: DueRule, earlier: DueRule): boolean {
  const monthEndFirst = earlier.basis === "month_end";
  if (monthEndFirst && later.basis === "document") {
    if (later.months > earlier.months && later.days + 1 >= earlier.days) return true;
  } else if (later.months >= earlier.months && later.days >= earlier.days) {
    return true;
  }
  if (monthEndFirst && later.basis === "month_end") {
    const earliest = spanBounds(later.months).windowMin + later.days;
    return spanBounds(earlier.months).windowMax + earlier.days <= earliest;
  }
  return offsetBounds(earlier).high <= offsetBounds(later).low;
}

// ---------------------------------------------------------------------------------------------
// Checks
// ---------------------------------------------------------------------------------------------

/** Field issues of one due rule at `path` ("portions.0.due"). */
export function checkDueRule(rule: DueRule, path: string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (typeof rule !== "object" || rule === null) {
    return [{ path, code: "REQUIRED", message: "a due rule" }];
  }
  if (!(dueBases as ReadonlyArray<string>).includes(rule.basis)) {
    issues.push({ path: `${path}.basis`, code: "INVALID_CHOICE", message: "document or month_end" });
  }
  if (!isIntegerIn(rule.months, 0, termsMonthsMax)) {
    issues.push({ path: `${path}.months`, code: "OUT_OF_RANGE", message: `0 to ${termsMonthsMax} months` });
  }
  if (!isIntegerIn(rule.days, 0, termsDaysMax)) {
    issues.push({ path: `${path}.days`, code: "OUT_OF_RANGE", message: `0 to ${termsDaysMax} days` });
  }
  return issues;
}

/**
 * Field issues of payment terms; empty when they can be used.
 *
 * Portions: 1 to `termsPortionsMax`, each share in (0, 1] and together exactly 1, each due no
 * earlier than the portion before it for every document date (see `dueRuleNeverBefore`), so
 * that portion order is due-date order. Discounts: up to `discountTiersMax` tiers with rates in
 * (0, `discountRateMax`], each tier a longer window (strictly more days) for a smaller rate
 * (strictly less), because a longer window that paid as much would make the shorter one pointless.
 */
export function checkPaymentTerms(terms: PaymentTerms): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const portions: unknown = terms?.portions;
  if (!Array.isArray(portions) || portions.length < 1 || portions.length > termsPortionsMax) {
    issues.push({ path: "portions", code: "COUNT", message: `1 to ${termsPortionsMax} portions` });
  } else {
    let total: Decimal | null = ZERO;
    let previous: DueRule | null = null;
    for (const [index, portion] of (portions as ReadonlyArray<TermsPortion>).entries()) {
      const share = shareIn(portion?.share);
      if (share === null) {
        issues.push({
          path: `portions.${index}.share`,
          code: "INVALID_SHARE",
          message: "a share above 0 and at most 1, as a decimal or a fraction a/b",
        });
        total = null;
      } else if (total !== null) {
        total = add(total, share);
      }
      const ruleIssues = checkDueRule(portion?.due, `portions.${index}.due`);
      issues.push(...ruleIssues);
      if (ruleIssues.length > 0) {
        previous = null;
        continue;
      }
      if (previous !== null && !dueRuleNeverBefore(portion.due, previous)) {
        issues.push({
          path: `portions.${index}.due`,
          code: "DUE_BEFORE_PREVIOUS",
          message: "each portion falls due no earlier than the one before, whatever the document date",
        });
      }
      previous = portion.due;
    }
    if (total !== null && compare(total, ONE) !== 0) {
      issues.push({ path: "portions", code: "SHARES_NOT_ONE", message: "the shares add up to exactly 1" });
    }
  }
  const discounts: unknown = terms?.discounts;
  if (!Array.isArray(discounts) || discounts.length > discountTiersMax) {
    issues.push({ path: "discounts", code: "COUNT", message: `0 to ${discountTiersMax} discount tiers` });
  } else {
    const rateMax = parseDecimal(discountRateMax);
    let previousRate: Decimal | null = null;
    let previousDays: number | null = null;
    for (const [index, tier] of (discounts as ReadonlyArray<DiscountTier>).entries()) {
      const rate = decimalIn(tier?.rate, ZERO, rateMax);
      if (rate === null || compare(rate, ZERO) === 0) {
        issues.push({
          path: `discounts.${index}.rate`,
          code: "INVALID_RATE",
          message: `a rate above 0 and at most ${discountRateMax}`,
        });
      } else if (previousRate !== null && compare(rate, previousRate) >= 0) {
        issues.push({
          path: `discounts.${index}.rate`,
          code: "NOT_DECREASING",
          message: "each later tier gives a smaller discount",
        });
      }
      if (!isIntegerIn(tier?.days, 0, termsDaysMax)) {
        issues.push({
          path: `discounts.${index}.days`,
          code: "OUT_OF_RANGE",
          message: `0 to ${termsDaysMax} days`,
        });
      } else if (previousDays !== null && tier.days <= previousDays) {
        issues.push({
          path: `discounts.${index}.days`,
          code: "NOT_INCREASING",
          message: "each later tier has a longer window",
        });
      }
      previousRate = rate ?? previousRate;
      previousDays = isIntegerIn(tier?.days, 0, termsDaysMax) ? tier.days : previousDays;
    }
  }
  return issues;
}

export function assertPaymentTerms(terms: PaymentTerms): void {
  const issues = checkPaymentTerms(terms);
  if (issues.length > 0) {
    throw new AppError("VALIDATION_FAILED", {
      detail: issues.map((issue) => `${issue.path}: ${issue.message}`).join("; "),
      issues,
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Dates and amounts
// ---------------------------------------------------------------------------------------------

/**
 * The due date of `rule` for a document dated `documentDate`. "document": the date + months
 * (clamped) + days. "month_end": the end of the document's month, then the end of the month
 * `months` later, then + days; so 月结30天 on any day of January is 2 March (1 March in a leap
 * year), and 次月底 on 31 January is the end of February.
 */
export function dueDateOf(documentDate: string, rule: DueRule): string {
  const issues = checkDueRule(rule, "due");
  if (issues.length > 0) {
    throw new AppError("VALIDATION_FAILED", {
      detail: issues.map((issue) => `${issue.path}: ${issue.message}`).join("; "),
      issues,
    });
  }
  const date = parseBusinessDate(documentDate);
  switch (rule.basis) {
    case "document":
      return formatBusinessDate(addDays(addMonths(date, rule.months), rule.days));
    case "month_end":
      return formatBusinessDate(addDays(endOfMonth(addMonths(endOfMonth(date), rule.months)), rule.days));
  }
}

export interface TermsPortionAmount {
  /** 1-based: portion `seq` of the terms. */
  readonly seq: number;
  readonly dueDate: string;
  readonly amountMinor: bigint;
}

/**
 * The parts of `grossMinor` and their due dates, in portion order. Every part but the last is
 * floor(gross × share); the last takes the rest, so the parts add up to the gross exactly and
 * no early portion asks for more than its share. A tiny gross can make an early part 0 (1 分 on
 * 30/70): such a part is left out, because an open item of nothing is not a receivable, and
 * `seq` stays the portion's number (so it may skip). The last part is never 0: it holds at
 * least gross × its share, which is above 0.
 */
export function splitByTerms(
  documentDate: string,
  grossMinor: bigint,
  terms: PaymentTerms,
): TermsPortionAmount[] {
  assertPaymentTerms(terms);
  if (typeof grossMinor !== "bigint" || grossMinor <= 0n) {
    throw new AppError("VALIDATION_FAILED", {
      detail: "grossMinor: a positive amount",
      issues: [{ path: "grossMinor", code: "OUT_OF_RANGE", message: "a positive amount" }],
    });
  }
  const parts: TermsPortionAmount[] = [];
  let assigned = 0n;
  terms.portions.forEach((portion, index) => {
    const last = index === terms.portions.length - 1;
    const amountMinor = last
      ? grossMinor - assigned
      : roundToInteger(multiply(decimal(grossMinor), parseShare(portion.share)), "floor");
    assigned += amountMinor;
    if (amountMinor > 0n)
      parts.push({ seq: index + 1, dueDate: dueDateOf(documentDate, portion.due), amountMinor });
  });
  assert(assigned === grossMinor, "splitByTerms: parts must add up to the gross");
  return parts;
}

export interface DiscountWindow {
  readonly rate: string;
  /** The last day the discount applies, inclusive. */
  readonly until: string;
}

/** The discount windows of a document dated `documentDate`: tier by tier, document date + days. */
export function discountWindows(documentDate: string, terms: PaymentTerms): DiscountWindow[] {
  assertPaymentTerms(terms);
  const date = parseBusinessDate(documentDate);
  return terms.discounts.map((tier) => ({
    rate: tier.rate,
    until: formatBusinessDate(addDays(date, tier.days)),
  }));
}

// ---------------------------------------------------------------------------------------------
// Builders and templates
// ---------------------------------------------------------------------------------------------

function checked(terms: PaymentTerms): PaymentTerms {
  assertPaymentTerms(terms);
  return terms;
}

/** Net N: all of it due `days` days after the document date (net(0) is cash, 现款). */
export function net(days: number): PaymentTerms {
  return checked({ portions: [{ share: "1", due: { basis: "document", months: 0, days } }], discounts: [] });
}

/** EOM + N (月结N天): all of it due `days` days after the end of the document's month. */
export function endOfMonthPlus(days: number): PaymentTerms {
  return checked({ portions: [{ share: "1", due: { basis: "month_end", months: 0, days } }], discounts: [] });
}

/** `terms` with its discount tiers replaced by `tiers`. */
export function withDiscounts(terms: PaymentTerms, tiers: ReadonlyArray<DiscountTier>): PaymentTerms {
  return checked({ portions: terms.portions, discounts: tiers });
}

/** 1/count as share text: a decimal when it has one ("0.25"), else the fraction ("1/3"). */
function equalShare(count: number): string {
  const share = decimal(1, count);
  let denominator = share.denominator;
  while (denominator % 2n === 0n) denominator /= 2n;
  while (denominator % 5n === 0n) denominator /= 5n;
  return denominator === 1n ? toCanonicalString(share) : `1/${count}`;
}

/**
 * `count` equal installments (分期), the first `firstAfterMonths` months after the document date
 * and then every `everyMonths` months. Shares are exact ("1/3"); `splitByTerms` gives the
 * rounding residue to the last installment (100.00 in 3: 33.33, 33.33, 33.34).
 */
export function installments(count: number, everyMonths: number, firstAfterMonths: number): PaymentTerms {
  const issues: FieldIssue[] = [];
  if (!isIntegerIn(count, 1, termsPortionsMax)) {
    issues.push({ path: "count", code: "OUT_OF_RANGE", message: `1 to ${termsPortionsMax} installments` });
  }
  if (!isIntegerIn(everyMonths, 1, termsMonthsMax)) {
    issues.push({ path: "everyMonths", code: "OUT_OF_RANGE", message: `1 to ${termsMonthsMax} months` });
  }
  if (!isIntegerIn(firstAfterMonths, 0, termsMonthsMax)) {
    issues.push({ path: "firstAfterMonths", code: "OUT_OF_RANGE", message: `0 to ${termsMonthsMax} months` });
  }
  if (issues.length === 0 && firstAfterMonths + (count - 1) * everyMonths > termsMonthsMax) {
    issues.push({
      path: "count",
      code: "OUT_OF_RANGE",
      message: `the last installment within ${termsMonthsMax} months`,
    });
  }
  if (issues.length > 0) {
    throw new AppError("VALIDATION_FAILED", {
      detail: issues.map((issue) => `${issue.path}: ${issue.message}`).join("; "),
      issues,
    });
  }
  const share = equalShare(count);
  return checked({
    portions: Array.from({ length: count }, (_, index) => ({
      share,
      due: { basis: "document" as const, months: firstAfterMonths + index * everyMonths, days: 0 },
    })),
    discounts: [],
  });
}

export interface TermsTemplate {
  readonly code: string;
  readonly nameZh: string;
  readonly nameEn: string;
  readonly terms: PaymentTerms;
}

/** The terms an organization starts with; it may add its own. */
export const builtInTermsTemplates: ReadonlyArray<TermsTemplate> = Object.freeze([
  { code: "CASH", nameZh: "现款", nameEn: "Cash", terms: net(0) },
  { code: "NET30", nameZh: "30天账期", nameEn: "Net 30", terms: net(30) },
  { code: "NET45", nameZh: "45天账期", nameEn: "Net 45", terms: net(45) },
  { code: "NET60", nameZh: "60天账期", nameEn: "Net 60", terms: net(60) },
  { code: "NET90", nameZh: "90天账期", nameEn: "Net 90", terms: net(90) },
  { code: "EOM30", nameZh: "月结30天", nameEn: "EOM 30", terms: endOfMonthPlus(30) },
  {
    code: "2/10N30",
    nameZh: "10天内付款折扣2%，30天账期",
    nameEn: "2/10 net 30",
    terms: withDiscounts(net(30), [{ rate: "0.02", days: 10 }]),
  },
  {
    code: "2/10-1/20N30",
    nameZh: "10天内折扣2%，20天内折扣1%，30天账期",
    nameEn: "2/10, 1/20 net 30",
    terms: withDiscounts(net(30), [
      { rate: "0.02", days: 10 },
      { rate: "0.01", days: 20 },
    ]),
  },
  {
    code: "SPLIT30-70",
    nameZh: "30%见票即付，70%于60天内付清",
    nameEn: "30% on receipt, 70% net 60",
    terms: checked({
      portions: [
        { share: "0.3", due: { basis: "document", months: 0, days: 0 } },
        { share: "0.7", due: { basis: "document", months: 0, days: 60 } },
      ],
      discounts: [],
    }),
  },
  { code: "INST3", nameZh: "分3期按月付款", nameEn: "3 monthly installments", terms: installments(3, 1, 1) },
  { code: "INST6", nameZh: "分6期按月付款", nameEn: "6 monthly installments", terms: installments(6, 1, 1) },
  {
    code: "INST12",
    nameZh: "分12期按月付款",
    nameEn: "12 monthly installments",
    terms: installments(12, 1, 1),
  },
]);

// ---------------------------------------------------------------------------------------------
// Description
// ---------------------------------------------------------------------------------------------

/** A rate or share as a percentage ("2%", "12.5%"), or as the fraction when it has no decimal ("1/3"). */
function percentText(value: Decimal): string {
  const percent = multiply(value, decimal(100));
  let denominator = percent.denominator;
  while (denominator % 2n === 0n) denominator /= 2n;
  while (denominator % 5n === 0n) denominator /= 5n;
  return denominator === 1n ? `${toCanonicalString(percent)}%` : `${value.numerator}/${value.denominator}`;
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

function dueText(rule: DueRule, language: "zh-CN" | "en"): string {
  const { months, days } = rule;
  switch (rule.basis) {
    case "document":
      if (language === "zh-CN") {
        if (months === 0 && days === 0) return "见票即付";
        const monthPart = months === 0 ? "" : `${months}个月`;
        const dayPart = days === 0 ? "" : `${days}天`;
        return `${monthPart}${dayPart}内付清`;
      }
      if (months === 0 && days === 0) return "due on receipt";
      if (months === 0) return `net ${days}`;
      return `net ${plural(months, "month", "months")}${days === 0 ? "" : ` ${plural(days, "day", "days")}`}`;
    case "month_end":
      if (language === "zh-CN") {
        const monthEnd = months === 0 ? "当月底" : months === 1 ? "次月底" : `${months}个月后月底`;
        if (days === 0) return `${monthEnd}付清`;
        return months === 0 ? `月结${days}天` : `${monthEnd}后${days}天内付清`;
      }
      if (days === 0) {
        return months === 0
          ? "end of month"
          : months === 1
            ? "end of next month"
            : `end of month + ${months} months`;
      }
      return months === 0
        ? `net ${days} EOM`
        : `net ${days} after the end of month + ${plural(months, "month", "months")}`;
  }
}

/** Equal shares due every `step` months from `first` months, or null when the portions are not. */
function installmentSeries(
  portions: ReadonlyArray<TermsPortion>,
): { readonly first: number; readonly step: number } | null {
  const first = portions[0];
  const second = portions[1];
  if (first === undefined || second === undefined) return null;
  const step = second.due.months - first.due.months;
  if (step < 1) return null;
  const share = parseShare(first.share);
  const regular = portions.every(
    (portion, index) =>
      portion.due.basis === "document" &&
      portion.due.days === 0 &&
      portion.due.months === first.due.months + index * step &&
      compare(parseShare(portion.share), share) === 0,
  );
  return regular ? { first: first.due.months, step } : null;
}

/**
 * The terms in words: "2/10, 1/20, net 30" or "10天内付款折扣2%，20天内折扣1%，30天内付清".
 * Discounts come first, as on an invoice; several portions name each share, and equal monthly
 * installments are said as a series.
 */
export function describeTerms(terms: PaymentTerms, language: "zh-CN" | "en"): string {
  assertPaymentTerms(terms);
  const zh = language === "zh-CN";
  const parts: string[] = terms.discounts.map((tier, index) => {
    const rate = percentText(parseDecimal(tier.rate));
    if (!zh) return `${rate.slice(0, -1)}/${tier.days}`;
    const window = tier.days === 0 ? "当天" : `${tier.days}天内`;
    return index === 0 ? `${window}付款折扣${rate}` : `${window}折扣${rate}`;
  });
  const series = terms.portions.length >= 2 ? installmentSeries(terms.portions) : null;
  const count = terms.portions.length;
  if (series !== null) {
    if (zh) {
      const every = series.step === 1 ? "按月" : `每${series.step}个月`;
      const first = series.first === 0 ? "首期见票即付" : `首期于开票后${series.first}个月`;
      parts.push(`分${count}期${every}付款，${first}`);
    } else {
      const head =
        series.step === 1
          ? `${count} monthly installments`
          : `${count} installments every ${series.step} months`;
      const first =
        series.first === 0
          ? "the first on receipt"
          : `the first ${plural(series.first, "month", "months")} after the document date`;
      parts.push(`${head}, ${first}`);
    }
  } else if (count === 1) {
    const only = terms.portions[0];
    assert(only !== undefined, "terms have a portion");
    parts.push(dueText(only.due, language));
  } else {
    for (const portion of terms.portions) {
      const share = percentText(parseShare(portion.share));
      parts.push(
        zh ? `${share}款项${dueText(portion.due, language)}` : `${share} ${dueText(portion.due, language)}`,
      );
    }
  }
  return parts.join(zh ? "，" : ", ");
}
