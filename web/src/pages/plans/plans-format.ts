import type { QuoteResponse } from "../../api/types.ts";
import { sumAmounts } from "../ledger/amount-math.ts";

/**
 * Figures of a quote for reading and comparing. Rates arrive as fractions with six decimals, so
 * four decimals of a percentage show every digit the server computed; Intl formats the decimal
 * string exactly. Sums of money go through integer minor units (amount-math.ts), never floats.
 */

type DecimalFormat = (value: string) => string;

const rateDigits = 4;

/** "0.120001" → "12.0001%" (or "12.0001 %" where the locale spaces it). */
export function formatRate(fraction: string, locale: string): string {
  if (!/^-?\d+(?:\.\d+)?$/.test(fraction)) return fraction;
  const format = new Intl.NumberFormat(locale, {
    style: "percent",
    minimumFractionDigits: rateDigits,
    maximumFractionDigits: rateDigits,
  }).format as unknown as DecimalFormat;
  return format(fraction);
}

/** The cost of the credit: interest, the fees of every period and the upfront fee. */
export function creditCost(quote: QuoteResponse): string {
  return sumAmounts([quote.totals.interest, quote.totals.fee, quote.upfrontFee], quote.currency);
}

/** Everything the customer pays: the down payment, the upfront fee and every installment. */
export function totalPaid(quote: QuoteResponse): string {
  return sumAmounts([quote.downPayment, quote.upfrontFee, quote.totals.total], quote.currency);
}

/** The first installment: the one a customer is quoted ("1,066.19 a month"). */
export function firstInstallment(quote: QuoteResponse): string | null {
  return quote.installments[0]?.total ?? null;
}
