import { z } from "zod";
import { isCurrencyCode } from "../core/currency.ts";
import { type Decimal, parseDecimal, toCanonicalString } from "../core/decimal.ts";
import { AppError } from "../core/errors.ts";
import { formatMinor, parseMinorAt } from "../core/money.ts";
import { roundingModes } from "../core/rounding.ts";
import {
  type AnnualRate,
  amortize,
  annualRate,
  type DatedAmount,
  dayCounts,
  formatRate,
  frequencies,
  quote,
  rateMethods,
  type ScheduleRequest,
  scheduleMethods,
  unitPeriods,
} from "../domain/plans/index.ts";
import { dateText, decimalText } from "./request-fields.ts";

/**
 * The JSON contracts of the three calculators (issue 5: quote, apr, amortize), shared by the HTTP
 * API (POST /api/v1/quotes, /apr, /amortizations) and the CLI (`credence quote|apr|amortize`):
 * amounts are decimal strings in major units, rates decimal fractions, dates YYYY-MM-DD. They
 * need no database.
 */

const amountText = z.string().max(40);
const currencyText = z.string().length(3).refine(isCurrencyCode, "an ISO 4217 currency code").default("CNY");
const datedAmounts = z
  .array(z.strictObject({ date: dateText, amount: amountText }))
  .min(1)
  .max(20_000);

export const quoteRequestSchema = z.strictObject({
  principal: amountText,
  currency: currencyText,
  method: z.enum(scheduleMethods as [string, ...string[]]),
  periods: z.number().int().min(1).max(600),
  frequency: z.enum(frequencies as [string, ...string[]]),
  startDate: dateText,
  firstDueDate: dateText.optional(),
  annualRate: decimalText,
  feeRatePerPeriod: decimalText.optional(),
  upfrontFee: amountText.optional(),
  downPayment: amountText.optional(),
  dayCount: z.enum(dayCounts as [string, ...string[]]).default("30/360"),
  graceOnPrincipalPeriods: z.number().int().min(0).max(599).default(0),
  interestFree: z.boolean().default(false),
  roundingMode: z.enum(roundingModes as [string, ...string[]]).default("half-even"),
  installmentMultiple: amountText.optional(),
});
export type QuoteRequest = z.input<typeof quoteRequestSchema>;

export const aprRequestSchema = z.strictObject({
  method: z.enum(rateMethods),
  currency: currencyText,
  advances: datedAmounts,
  payments: datedAmounts,
  unitPeriod: z.enum(unitPeriods).optional(),
});

export const amortizeRequestSchema = z.strictObject({
  currency: currencyText,
  payments: datedAmounts,
  startDate: dateText,
  cashPrice: amountText.optional(),
  ratePerPeriod: decimalText.optional(),
  roundingMode: z.enum(roundingModes as [string, ...string[]]).default("half-even"),
});

/** Validates `body` against `schema`, refusing with VALIDATION_FAILED and the path of each field. */
export function parseContract<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => ({
    path: issue.path.length === 0 ? "body" : issue.path.join("."),
    code: issue.code.toUpperCase(),
    message: issue.message,
  }));
  throw new AppError("VALIDATION_FAILED", {
    detail: `${issues.length === 1 ? "one field is" : `${issues.length} fields are`} not valid`,
    issues,
  });
}

function flowsIn(
  list: ReadonlyArray<{ date: string; amount: string }>,
  currency: string,
  path: string,
): DatedAmount[] {
  return list.map((flow, index) => ({
    date: flow.date,
    amountMinor: parseMinorAt(flow.amount, currency, `${path}.${index}.amount`),
  }));
}

function rateOut(rate: AnnualRate) {
  return {
    rate: rate.rateText,
    method: rate.method,
    unitPeriod: rate.unitPeriod,
    unitPeriodChosenBy: rate.unitPeriodChosenBy,
    periodsPerYear: rate.periodsPerYear,
    ratePerPeriod: formatRate(rate.ratePerPeriod, 10),
    effectiveAnnualRate: formatRate(rate.effectiveAnnualRate),
  };
}

/** The schedule request of validated quote terms; amount fields that fail are VALIDATION_FAILED at `path`. */
export function scheduleRequestOf(r: z.output<typeof quoteRequestSchema>, pathPrefix = ""): ScheduleRequest {
  const c = r.currency;
  const optionalAmount = (text: string | undefined, path: string) =>
    text === undefined ? undefined : parseMinorAt(text, c, `${pathPrefix}${path}`);
  return {
    principalMinor: parseMinorAt(r.principal, c, `${pathPrefix}principal`),
    currency: c,
    method: r.method as (typeof scheduleMethods)[number],
    periods: r.periods,
    frequency: r.frequency as (typeof frequencies)[number],
    startDate: r.startDate,
    firstDueDate: r.firstDueDate,
    annualRate: r.annualRate,
    feeRatePerPeriod: r.feeRatePerPeriod,
    upfrontFeeMinor: optionalAmount(r.upfrontFee, "upfrontFee"),
    downPaymentMinor: optionalAmount(r.downPayment, "downPayment"),
    dayCount: r.dayCount as (typeof dayCounts)[number],
    graceOnPrincipalPeriods: r.graceOnPrincipalPeriods,
    interestFree: r.interestFree,
    roundingMode: r.roundingMode as (typeof roundingModes)[number],
    installmentMultipleMinor: optionalAmount(r.installmentMultiple, "installmentMultiple"),
  };
}

/** POST /api/v1/quotes, `credence quote`: a schedule with its totals and annualized rates. */
export function quoteResponse(body: unknown) {
  const r = parseContract(quoteRequestSchema, body);
  const c = r.currency;
  const { schedule, rates } = quote(scheduleRequestOf(r));
  return {
    currency: c,
    method: schedule.method,
    financed: formatMinor(schedule.financedMinor, c),
    downPayment: formatMinor(schedule.downPaymentMinor, c),
    upfrontFee: formatMinor(schedule.upfrontFeeMinor, c),
    subsidy: formatMinor(schedule.subsidyMinor, c),
    firstPeriod: schedule.firstPeriod,
    installments: schedule.installments.map((row) => ({
      number: row.number,
      dueDate: row.dueDate,
      principal: formatMinor(row.principalMinor, c),
      interest: formatMinor(row.interestMinor, c),
      fee: formatMinor(row.feeMinor, c),
      total: formatMinor(row.totalMinor, c),
      balanceAfter: formatMinor(row.balanceAfterMinor, c),
    })),
    totals: {
      principal: formatMinor(schedule.totals.principalMinor, c),
      interest: formatMinor(schedule.totals.interestMinor, c),
      fee: formatMinor(schedule.totals.feeMinor, c),
      total: formatMinor(schedule.totals.totalMinor, c),
    },
    annualizedRate: {
      nominal: rates.nominal.rateText,
      effective: formatRate(rates.effective),
      usAprRegZ: rates.usAprRegZ.rateText,
      euAprc: rates.euAprc.rateText,
    },
  };
}

/** POST /api/v1/apr, `credence apr`: the annual rate of dated advances and payments by a method. */
export function aprResponse(body: unknown) {
  const r = parseContract(aprRequestSchema, body);
  return rateOut(
    annualRate({
      method: r.method,
      advances: flowsIn(r.advances, r.currency, "advances"),
      payments: flowsIn(r.payments, r.currency, "payments"),
      ...(r.unitPeriod === undefined ? {} : { unitPeriod: r.unitPeriod }),
    }),
  );
}

/** POST /api/v1/amortizations, `credence amortize`: an effective-interest table (未实现融资收益). */
export function amortizeResponse(body: unknown) {
  const r = parseContract(amortizeRequestSchema, body);
  const c = r.currency;
  const ratePerPeriod: Decimal | undefined =
    r.ratePerPeriod === undefined ? undefined : parseDecimal(r.ratePerPeriod);
  const result = amortize({
    payments: flowsIn(r.payments, c, "payments"),
    startDate: r.startDate,
    ...(r.cashPrice === undefined ? {} : { cashPriceMinor: parseMinorAt(r.cashPrice, c, "cashPrice") }),
    ...(ratePerPeriod === undefined ? {} : { ratePerPeriod }),
    roundingMode: r.roundingMode as (typeof roundingModes)[number],
  });
  return {
    currency: c,
    ratePerPeriod: toCanonicalString(result.ratePerPeriod),
    cashPrice: formatMinor(result.cashPriceMinor, c),
    solved: result.solved,
    interestTotal: formatMinor(result.interestTotalMinor, c),
    rows: result.rows.map((row) => ({
      date: row.date,
      payment: formatMinor(row.paymentMinor, c),
      opening: formatMinor(row.openingMinor, c),
      interest: formatMinor(row.interestMinor, c),
      principal: formatMinor(row.principalMinor, c),
      closing: formatMinor(row.closingMinor, c),
    })),
  };
}
