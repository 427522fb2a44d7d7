import {
  compare,
  type Decimal,
  decimal,
  parseDecimal,
  toFixedString,
  toNumberApprox,
} from "../../core/decimal.ts";
import { AppError, assert, type FieldIssue } from "../../core/errors.ts";
import { divideRounded, isRoundingMode, type RoundingMode } from "../../core/rounding.ts";
import { civilDateOf, epochDayOf } from "./day-count.ts";
import { decimalOfNumber, irr } from "./rates.ts";
import type { DatedAmount } from "./schedule.ts";

/**
 * Effective-interest amortization of a financed sale or loan (the `amortize` contract of issue 5).
 *
 * A sale on installments with a significant financing component is revenue at the cash price
 * (the present value of the installments); the difference to the installments is financing
 * income (未实现融资收益), earned period by period at the effective rate on the amortized cost:
 * 企业会计准则第14号——收入 (CAS 14) and IFRS 15 §§60–65. The same table amortizes a loan whose
 * fees are folded into its effective rate.
 *
 * Each payment closes one period: the rate is a rate per period between payments, like Excel's
 * IRR, whatever the calendar length of the periods (dated flows of irregular length are what
 * `annualRate` is for). Row by row: interest = opening × rate, rounded once with the rounding
 * mode; principal = payment − interest; closing = opening − principal. The last row takes the
 * whole remaining balance as principal and the rest of its payment as interest, so the closing
 * balance reaches exactly 0 (and never goes below it: should rounding drift leave an earlier
 * balance a few minor units short of its payment, that row closes at 0 the same way), the principal column adds up to the cash price to the minor unit,
 * and the interest column to the payments less the cash price.
 *
 * Give the cash price, the rate, or both:
 * - only the rate: the cash price is the present value of the payments at that rate, computed
 *   exactly and rounded once;
 * - only the cash price: the rate is the IRR of −cash price and the payments, solved in float64
 *   (see rates.ts) and then rounded half-even to `solvedRateFractionDigits` decimals; the rows use
 *   that printed rate exactly, so anyone can recompute them from the response;
 * - both: the rate is used as given and the last row absorbs whatever the two disagree by.
 */

export interface AmortizeRequest {
  /** One per period, in date order, all after `startDate`. */
  readonly payments: ReadonlyArray<DatedAmount>;
  /** The day of the sale or the drawdown: the start of the first period. */
  readonly startDate: string;
  readonly cashPriceMinor?: bigint;
  readonly ratePerPeriod?: Decimal;
  /** How each period's interest is rounded to the minor unit (and a solved cash price); half-even by default. */
  readonly roundingMode?: RoundingMode;
}

export interface AmortizationRow {
  readonly date: string;
  readonly paymentMinor: bigint;
  readonly openingMinor: bigint;
  readonly interestMinor: bigint;
  readonly principalMinor: bigint;
  readonly closingMinor: bigint;
}

export interface Amortization {
  /** The rate used for every row: as given, or solved and rounded to `solvedRateFractionDigits`. */
  readonly ratePerPeriod: Decimal;
  readonly cashPriceMinor: bigint;
  /** What was computed rather than given. */
  readonly solved: "ratePerPeriod" | "cashPrice" | null;
  /** Σ interest = Σ payments − cash price: the financing income (未实现融资收益) to recognize. */
  readonly interestTotalMinor: bigint;
  readonly rows: ReadonlyArray<AmortizationRow>;
}

/** Rows of one amortization: a hundred years of monthly payments. */
export const amortizationRowsMax = 1_200;
/** Decimals a solved rate is rounded to (half-even): the float solution is good to about 1e-15. */
export const solvedRateFractionDigits = 10;
/** Ceiling of the rounding-drift tolerance, in minor units (see `amortize`). */
const driftMinorMax = 1e12;
/** The largest rate per period accepted: 1000 % a period is a typing error, not a price. */
export const ratePerPeriodMax: Decimal = decimal(10);

function failure(issues: ReadonlyArray<FieldIssue>): AppError {
  return new AppError("VALIDATION_FAILED", {
    detail: issues.map((issue) => `${issue.path}: ${issue.message}`).join("; "),
    issues,
  });
}

interface CheckedRequest {
  readonly amounts: ReadonlyArray<bigint>;
  readonly totalMinor: bigint;
  readonly mode: RoundingMode;
}

function check(request: AmortizeRequest): CheckedRequest {
  const issues: FieldIssue[] = [];
  const start = civilDateOf(request.startDate);
  if (start === null) issues.push({ path: "startDate", code: "INVALID_DATE", message: "a date YYYY-MM-DD" });
  const payments = request.payments;
  const amounts: bigint[] = [];
  let totalMinor = 0n;
  if (!Array.isArray(payments) || payments.length === 0) {
    issues.push({ path: "payments", code: "REQUIRED", message: "at least one payment" });
  } else if (payments.length > amortizationRowsMax) {
    issues.push({ path: "payments", code: "TOO_MANY", message: `at most ${amortizationRowsMax} payments` });
  } else {
    let previousDay = start === null ? null : epochDayOf(start.year, start.month, start.day);
    payments.forEach((payment, index) => {
      const date = civilDateOf(payment?.date);
      if (date === null) {
        issues.push({ path: `payments[${index}].date`, code: "INVALID_DATE", message: "a date YYYY-MM-DD" });
        previousDay = null;
      } else {
        const day = epochDayOf(date.year, date.month, date.day);
        if (previousDay !== null && day <= previousDay) {
          const message =
            index === 0
              ? "the first payment must come after the start date"
              : "payments must be in date order, one a day";
          issues.push({ path: `payments[${index}].date`, code: "NOT_ASCENDING", message });
        }
        previousDay = day;
      }
      const amount = payment?.amountMinor;
      if (typeof amount !== "bigint" || amount < 0n) {
        issues.push({
          path: `payments[${index}].amountMinor`,
          code: "OUT_OF_RANGE",
          message: "a non-negative amount",
        });
      } else {
        amounts.push(amount);
        totalMinor += amount;
      }
    });
    if (issues.length === 0 && totalMinor === 0n) {
      issues.push({ path: "payments", code: "ALL_ZERO", message: "the payments add up to zero" });
    }
  }
  const { cashPriceMinor, ratePerPeriod } = request;
  if (cashPriceMinor === undefined && ratePerPeriod === undefined) {
    issues.push({
      path: "cashPrice",
      code: "REQUIRED",
      message: "the cash price, the rate per period, or both",
    });
  }
  if (cashPriceMinor !== undefined && (typeof cashPriceMinor !== "bigint" || cashPriceMinor <= 0n)) {
    issues.push({ path: "cashPrice", code: "OUT_OF_RANGE", message: "a positive amount" });
  }
  if (
    ratePerPeriod !== undefined &&
    (ratePerPeriod.numerator < 0n ||
      compare(ratePerPeriod, ratePerPeriodMax) > 0 ||
      ratePerPeriod.denominator <= 0n)
  ) {
    issues.push({ path: "ratePerPeriod", code: "OUT_OF_RANGE", message: "from 0 to 10 (1000 %) a period" });
  }
  const mode = request.roundingMode ?? "half-even";
  if (!isRoundingMode(mode))
    issues.push({ path: "roundingMode", code: "UNKNOWN", message: "a rounding mode" });
  if (issues.length > 0) throw failure(issues);
  return { amounts, totalMinor, mode };
}

/**
 * The present value of `amounts` (one period apart, the first one period from now) at `rate`,
 * exactly, rounded once. Horner's scheme from the last payment back keeps it one fraction:
 * with 1 + rate = (a + b)/b, each step multiplies by b/(a + b).
 */
function presentValueMinor(amounts: ReadonlyArray<bigint>, rate: Decimal, mode: RoundingMode): bigint {
  const growthNumerator = rate.numerator + rate.denominator;
  let numerator = 0n;
  let denominator = 1n;
  for (let index = amounts.length - 1; index >= 0; index -= 1) {
    numerator = (numerator + (amounts[index] ?? 0n) * denominator) * rate.denominator;
    denominator *= growthNumerator;
  }
  return divideRounded(numerator, denominator, mode);
}

function solvedRate(cashPriceMinor: bigint, amounts: ReadonlyArray<bigint>, totalMinor: bigint): Decimal {
  if (cashPriceMinor === totalMinor) return decimal(0);
  if (cashPriceMinor > totalMinor) {
    throw failure([
      {
        path: "cashPrice",
        code: "ABOVE_PAYMENTS",
        message: "the cash price exceeds the payments: there is no financing income to amortize",
      },
    ]);
  }
  // Floats carry the solver only; 2^53 minor units (90 trillion yuan) is far beyond any sale.
  const periodic = irr([-Number(cashPriceMinor), ...amounts.map((amount) => Number(amount))]);
  if (!Number.isFinite(periodic)) {
    throw failure([
      { path: "payments", code: "NO_RATE", message: "no rate makes the payments worth the cash price" },
    ]);
  }
  return parseDecimal(toFixedString(decimalOfNumber(periodic), solvedRateFractionDigits, "half-even"));
}

/** The amortization table of `request`; see the top of this file. */
export function amortize(request: AmortizeRequest): Amortization {
  const { amounts, totalMinor, mode } = check(request);
  const given = { cash: request.cashPriceMinor, rate: request.ratePerPeriod };
  const rate = given.rate ?? solvedRate(given.cash ?? 0n, amounts, totalMinor);
  const cashPriceMinor = given.cash ?? presentValueMinor(amounts, rate, mode);
  const solved = given.rate === undefined ? "ratePerPeriod" : given.cash === undefined ? "cashPrice" : null;

  const rows: AmortizationRow[] = [];
  // How far rounding alone can have moved the balance, in minor units: a cash price is within one
  // unit of an exact value, each row's interest rounds by at most one more, and both grow with
  // the rate from row to row. Capped so it stays a finite tolerance, not a number to book.
  const growth = 1 + toNumberApprox(rate);
  let driftMinor = 1;
  let opening = cashPriceMinor;
  let interestTotalMinor = 0n;
  const last = amounts.length - 1;
  for (let index = 0; index <= last; index += 1) {
    const paymentMinor = amounts[index] ?? 0n;
    const date = request.payments[index]?.date ?? "";
    let interestMinor =
      index === last
        ? paymentMinor - opening
        : divideRounded(opening * rate.numerator, rate.denominator, mode);
    let principalMinor = paymentMinor - interestMinor;
    driftMinor = Math.min(driftMinor * growth + 1, driftMinorMax);
    if (principalMinor > opening) {
      // Rounding each row's interest (and a solved cash price) can leave the balance a few minor
      // units short of a small later payment. Within that drift the balance stops at 0 and the
      // rest of the payment is income; beyond it the cash price and the rate contradict each other.
      if (principalMinor - opening > BigInt(Math.ceil(driftMinor))) {
        throw inconsistent(`payment ${index + 1} exceeds the balance due at this rate`);
      }
      principalMinor = opening;
      interestMinor = paymentMinor - opening;
    }
    const closingMinor = opening - principalMinor;
    rows.push({ date, paymentMinor, openingMinor: opening, interestMinor, principalMinor, closingMinor });
    interestTotalMinor += interestMinor;
    opening = closingMinor;
  }
  const lastRow = rows[last];
  assert(lastRow !== undefined && lastRow.closingMinor === 0n, "the last row closes the balance");
  // Beyond the rounding drift, a negative last interest means the cash price is worth more than
  // the payments at this rate.
  if (lastRow.interestMinor < -BigInt(Math.ceil(driftMinor))) {
    throw inconsistent("the cash price is more than the payments are worth at this rate");
  }
  assert(interestTotalMinor === totalMinor - cashPriceMinor, "interest is the payments less the cash price");
  return { ratePerPeriod: rate, cashPriceMinor, solved, interestTotalMinor, rows };
}

function inconsistent(message: string): AppError {
  return failure([{ path: "cashPrice", code: "INCONSISTENT_WITH_RATE", message }]);
}
