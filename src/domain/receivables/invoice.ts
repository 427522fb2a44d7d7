import { isIntegerIn } from "../../core/checks.ts";
import {
  add,
  compare,
  type Decimal,
  decimal,
  divide,
  multiply,
  ONE,
  parseDecimal,
  roundToInteger,
  toMinor,
  ZERO,
} from "../../core/decimal.ts";
import { AppError, assert, type FieldIssue } from "../../core/errors.ts";
import type { RoundingMode } from "../../core/rounding.ts";

/**
 * The VAT rates (税率) and levy rates (征收率) an invoice line may carry. 13 %, 9 % and 6 % are
 * the general taxpayer's rates since 1 April 2019 (财政部 税务总局 海关总署公告2019年第39号),
 * and the same three plus 0 (exports, 零税率) are the rates of the 增值税法 in force from
 * 1 January 2026. 5 % and 3 % are the levy rates of the simplified method (简易计税) and 1 % the
 * reduced levy rate of small-scale taxpayers (财政部 税务总局公告2023年第19号). "0" also covers
 * exempt lines (免税), which a 发票 shows as 免税 with no tax.
 */
export const vatRates = ["0.13", "0.09", "0.06", "0.05", "0.03", "0.01", "0"] as const;
export type VatRate = (typeof vatRates)[number];

export function isVatRate(value: unknown): value is VatRate {
  return typeof value === "string" && (vatRates as ReadonlyArray<string>).includes(value);
}

export interface InvoiceLineInput {
  readonly description: string;
  /** Decimal text above 0 with at most `invoiceFractionDigitsMax` decimals. */
  readonly quantity: string;
  /** Decimal text, 0 or more, with at most `invoiceFractionDigitsMax` decimals. */
  readonly unitPrice: string;
  /** One of `vatRates`, spelled exactly so. */
  readonly vatRate: string;
}

export interface InvoiceLineAmounts {
  /** 金额: the amount without tax. */
  readonly netMinor: bigint;
  /** 税额. */
  readonly taxMinor: bigint;
  /** 价税合计. */
  readonly grossMinor: bigint;
}

export interface InvoiceTotals {
  readonly lines: ReadonlyArray<InvoiceLineAmounts>;
  readonly netMinor: bigint;
  readonly taxMinor: bigint;
  readonly grossMinor: bigint;
}

/** A 数电发票 has no fixed line limit; 500 lines is beyond any invoice a person reads. */
export const invoiceLinesMax = 500;
export const invoiceDescriptionLengthMax = 200;
/** Decimals in quantities and unit prices: enough for a price per gram or per kWh. */
export const invoiceFractionDigitsMax = 8;
/** Longest quantity or unit price text; 8 decimals and 20 integer digits are plenty. */
export const invoiceNumberTextLengthMax = 30;
/** Largest line total (价税合计) in minor units: 10^13 元, far beyond any real line. */
export const invoiceLineGrossMinorMax = 10n ** 15n;
/** Currencies have 0 to 4 decimals (ISO 4217); the bound only catches a wrong argument. */
const scaleMax = 18;

const invoiceNumberPattern = /^[0-9]+(?:\.[0-9]{1,8})?$/;

function invoiceNumber(text: unknown): Decimal | null {
  if (
    typeof text !== "string" ||
    text.length > invoiceNumberTextLengthMax ||
    !invoiceNumberPattern.test(text)
  ) {
    return null;
  }
  return parseDecimal(text);
}

/**
 * Field issues of invoice lines ("lines.3.quantity"); empty when they can be invoiced in a
 * currency of `scale` decimals. A line's total may not pass `invoiceLineGrossMinorMax` under any
 * rounding mode or tax basis. Discounts and corrections are not negative lines here: a price
 * reduction is its own line price, and a correction is a credit note (红字发票).
 */
export function checkInvoiceLines(lines: ReadonlyArray<InvoiceLineInput>, scale: number): FieldIssue[] {
  assert(isIntegerIn(scale, 0, scaleMax), "scale must be a currency's number of decimals");
  if (!Array.isArray(lines) || lines.length === 0) {
    return [{ path: "lines", code: "REQUIRED", message: "at least one line" }];
  }
  if (lines.length > invoiceLinesMax) {
    return [{ path: "lines", code: "TOO_MANY", message: `at most ${invoiceLinesMax} lines` }];
  }
  const issues: FieldIssue[] = [];
  for (const [index, line] of lines.entries()) {
    const path = `lines.${index}`;
    const description: unknown = line?.description;
    if (typeof description !== "string" || description.trim() === "") {
      issues.push({ path: `${path}.description`, code: "REQUIRED", message: "a description" });
    } else if ([...description].length > invoiceDescriptionLengthMax) {
      issues.push({
        path: `${path}.description`,
        code: "TOO_LONG",
        message: `at most ${invoiceDescriptionLengthMax} characters`,
      });
    }
    const quantity = invoiceNumber(line?.quantity);
    if (quantity === null || compare(quantity, ZERO) <= 0) {
      issues.push({
        path: `${path}.quantity`,
        code: "INVALID_QUANTITY",
        message: `a number above 0 with at most ${invoiceFractionDigitsMax} decimals`,
      });
    }
    const unitPrice = invoiceNumber(line?.unitPrice);
    if (unitPrice === null) {
      issues.push({
        path: `${path}.unitPrice`,
        code: "INVALID_PRICE",
        message: `a number of 0 or more with at most ${invoiceFractionDigitsMax} decimals`,
      });
    }
    const rateValid = isVatRate(line?.vatRate);
    if (!rateValid) {
      issues.push({
        path: `${path}.vatRate`,
        code: "INVALID_CHOICE",
        message: `one of ${vatRates.join(", ")}`,
      });
    }
    if (quantity !== null && unitPrice !== null && rateValid) {
      // Rounded up twice, this is the most any mode and either tax basis can make the line's total.
      const amountMost = toMinor(multiply(quantity, unitPrice), scale, "ceiling");
      const taxMost = roundToInteger(multiply(decimal(amountMost), parseDecimal(line.vatRate)), "ceiling");
      if (amountMost + taxMost > invoiceLineGrossMinorMax) {
        issues.push({
          path: `${path}.unitPrice`,
          code: "TOO_LARGE",
          message: "the line's total is too large",
        });
      }
    }
  }
  return issues;
}

export interface InvoiceAmountOptions {
  /** Prices include VAT (含税价), as is usual in China, or exclude it. */
  readonly taxInclusive: boolean;
  /** The currency's minor digits (CNY 2). */
  readonly scale: number;
  /** 四舍五入 ("half-up") is the tax authority's rounding to the 分. */
  readonly rounding: RoundingMode;
}

/**
 * One line's amounts. Under the VAT rules the tax is the sales amount times the rate
 * (《增值税暂行条例》第五条: 销项税额＝销售额×税率), and a price that includes tax is first brought
 * back to the sales amount (《增值税暂行条例实施细则》第十四条: 销售额＝含税销售额÷(1＋税率)). So:
 * amount = round(quantity × unit price) to the minor unit; exclusive: net = amount, tax =
 * round(net × rate); inclusive: gross = amount, tax = round(gross × rate ÷ (1 + rate)), net =
 * gross − tax, so that the line's gross is exactly what was priced.
 */
export function invoiceLineAmounts(
  line: InvoiceLineInput,
  options: InvoiceAmountOptions,
): InvoiceLineAmounts {
  const amountMinor = toMinor(
    multiply(parseDecimal(line.quantity), parseDecimal(line.unitPrice)),
    options.scale,
    options.rounding,
  );
  const rate = parseDecimal(line.vatRate);
  if (options.taxInclusive) {
    const taxMinor = roundToInteger(
      multiply(decimal(amountMinor), divide(rate, add(ONE, rate))),
      options.rounding,
    );
    return { netMinor: amountMinor - taxMinor, taxMinor, grossMinor: amountMinor };
  }
  const taxMinor = roundToInteger(multiply(decimal(amountMinor), rate), options.rounding);
  return { netMinor: amountMinor, taxMinor, grossMinor: amountMinor + taxMinor };
}

/**
 * The amounts of each line and of the invoice. The tax is computed line by line and the
 * invoice's totals are the sums of its lines, as a 增值税发票 shows them (each line carries its own
 * 金额, 税率 and 税额, and 合计 adds them up), never the tax of the summed amounts.
 * VALIDATION_FAILED with the issues of `checkInvoiceLines` when a line is not valid.
 */
export function invoiceTotals(
  lines: ReadonlyArray<InvoiceLineInput>,
  options: InvoiceAmountOptions,
): InvoiceTotals {
  const issues = checkInvoiceLines(lines, options.scale);
  if (issues.length > 0) {
    throw new AppError("VALIDATION_FAILED", {
      detail: issues.map((issue) => `${issue.path}: ${issue.message}`).join("; "),
      issues,
    });
  }
  const amounts = lines.map((line) => invoiceLineAmounts(line, options));
  let netMinor = 0n;
  let taxMinor = 0n;
  let grossMinor = 0n;
  for (const amount of amounts) {
    assert(amount.netMinor + amount.taxMinor === amount.grossMinor, "a line's net and tax make its gross");
    assert(amount.netMinor >= 0n && amount.taxMinor >= 0n, "a line's amounts are not negative");
    netMinor += amount.netMinor;
    taxMinor += amount.taxMinor;
    grossMinor += amount.grossMinor;
  }
  return { lines: amounts, netMinor, taxMinor, grossMinor };
}
