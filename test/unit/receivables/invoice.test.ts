import { describe, expect, it } from "vitest";
import { isAppError } from "../../../src/core/errors.ts";
import { parseMinor } from "../../../src/core/money.ts";
import {
  checkInvoiceLines,
  type InvoiceAmountOptions,
  type InvoiceLineInput,
  invoiceLineAmounts,
  invoiceLinesMax,
  invoiceTotals,
  isVatRate,
  vatRates,
} from "../../../src/domain/receivables/index.ts";
import { thrown } from "../core/support.ts";

const cny = (text: string): bigint => parseMinor(text, "CNY");

const exclusive: InvoiceAmountOptions = { taxInclusive: false, scale: 2, rounding: "half-up" };
const inclusive: InvoiceAmountOptions = { taxInclusive: true, scale: 2, rounding: "half-up" };

function line(quantity: string, unitPrice: string, vatRate: string, description = "货物"): InvoiceLineInput {
  return { description, quantity, unitPrice, vatRate };
}

function issues(lines: ReadonlyArray<InvoiceLineInput>, scale = 2): string[] {
  return checkInvoiceLines(lines, scale).map((issue) => `${issue.path} ${issue.code}`);
}

describe("invoiceTotals", () => {
  it("tax-exclusive: 3 × 33.33 at 13 % is 99.99 + 13.00 = 112.99", () => {
    // 99.99 × 0.13 = 12.9987, rounded half-up to 13.00.
    expect(invoiceTotals([line("3", "33.33", "0.13")], exclusive)).toEqual({
      lines: [{ netMinor: cny("99.99"), taxMinor: cny("13.00"), grossMinor: cny("112.99") }],
      netMinor: cny("99.99"),
      taxMinor: cny("13.00"),
      grossMinor: cny("112.99"),
    });
  });

  it("tax-inclusive (含税价): 1,000.00 at 13 % holds 115.04 of tax on 884.96", () => {
    // 实施细则第十四条: 销售额 = 1000 ÷ 1.13 = 884.955…; 税额 = 1000 × 0.13 ÷ 1.13 = 115.044… → 115.04.
    expect(invoiceTotals([line("1", "1000.00", "0.13")], inclusive)).toEqual({
      lines: [{ netMinor: cny("884.96"), taxMinor: cny("115.04"), grossMinor: cny("1000.00") }],
      netMinor: cny("884.96"),
      taxMinor: cny("115.04"),
      grossMinor: cny("1000.00"),
    });
  });

  it("tax-inclusive at 9 % and 6 %: 109.00 is 100.00 + 9.00, 106.00 is 100.00 + 6.00", () => {
    expect(invoiceLineAmounts(line("1", "109", "0.09"), inclusive)).toEqual({
      netMinor: cny("100.00"),
      taxMinor: cny("9.00"),
      grossMinor: cny("109.00"),
    });
    expect(invoiceLineAmounts(line("2", "53", "0.06"), inclusive)).toEqual({
      netMinor: cny("100.00"),
      taxMinor: cny("6.00"),
      grossMinor: cny("106.00"),
    });
  });

  it("computes tax per line, so the invoice's tax is the sum of the lines' tax", () => {
    // Each 0.10 line has 0.013 of tax, rounded to 0.01; the tax of the summed 0.30 would be 0.04.
    const totals = invoiceTotals(
      [line("1", "0.10", "0.13"), line("1", "0.10", "0.13"), line("1", "0.10", "0.13")],
      exclusive,
    );
    expect([totals.netMinor, totals.taxMinor, totals.grossMinor]).toEqual([30n, 3n, 33n]);
  });

  it("sums lines at different rates", () => {
    const totals = invoiceTotals(
      [
        line("10", "100", "0.13", "设备"),
        line("1", "500", "0.06", "技术服务"),
        line("2", "25.5", "0", "出口货物"),
      ],
      exclusive,
    );
    expect(totals.lines).toEqual([
      { netMinor: cny("1000.00"), taxMinor: cny("130.00"), grossMinor: cny("1130.00") },
      { netMinor: cny("500.00"), taxMinor: cny("30.00"), grossMinor: cny("530.00") },
      { netMinor: cny("51.00"), taxMinor: 0n, grossMinor: cny("51.00") },
    ]);
    expect([totals.netMinor, totals.taxMinor, totals.grossMinor]).toEqual([
      cny("1551.00"),
      cny("160.00"),
      cny("1711.00"),
    ]);
  });

  it("rounds the line amount once, with the mode given", () => {
    // 0.12345678 × 100 = 12.345678.
    expect(invoiceLineAmounts(line("0.12345678", "100", "0"), exclusive).netMinor).toBe(cny("12.35"));
    expect(
      invoiceLineAmounts(line("0.12345678", "100", "0"), { ...exclusive, rounding: "down" }).netMinor,
    ).toBe(cny("12.34"));
    // 0.5 × 0.25 = 0.125 at a tie: half-even keeps 0.12, half-up makes 0.13.
    expect(
      invoiceLineAmounts(line("0.5", "0.25", "0"), { ...exclusive, rounding: "half-even" }).netMinor,
    ).toBe(12n);
    expect(invoiceLineAmounts(line("0.5", "0.25", "0"), exclusive).netMinor).toBe(13n);
  });

  it("follows the currency's scale: 0 decimals for JPY", () => {
    const yen: InvoiceAmountOptions = { taxInclusive: false, scale: 0, rounding: "half-up" };
    expect(invoiceTotals([line("3", "333.5", "0.13")], yen).lines).toEqual([
      // 1000.5 → 1001; 1001 × 0.13 = 130.13 → 130.
      { netMinor: 1001n, taxMinor: 130n, grossMinor: 1131n },
    ]);
  });

  it("allows a free line (赠品) at price 0", () => {
    expect(invoiceLineAmounts(line("5", "0", "0.13"), exclusive)).toEqual({
      netMinor: 0n,
      taxMinor: 0n,
      grossMinor: 0n,
    });
  });

  it("throws VALIDATION_FAILED with the line issues", () => {
    const error = thrown(() => invoiceTotals([line("0", "1", "0.13")], exclusive));
    if (!isAppError(error)) throw error;
    expect(error.code).toBe("VALIDATION_FAILED");
    expect(error.issues.map((issue) => issue.path)).toEqual(["lines.0.quantity"]);
  });
});

describe("checkInvoiceLines", () => {
  it("accepts the VAT rates, spelled exactly", () => {
    expect(vatRates).toEqual(["0.13", "0.09", "0.06", "0.05", "0.03", "0.01", "0"]);
    for (const rate of vatRates) expect(issues([line("1", "1", rate)])).toEqual([]);
    expect(isVatRate("0.13")).toBe(true);
    for (const rate of ["0.17", "0.16", "0.130", "13%", "0.00", "", null]) {
      expect(isVatRate(rate)).toBe(false);
    }
    expect(issues([line("1", "1", "0.17")])).toEqual(["lines.0.vatRate INVALID_CHOICE"]);
  });

  it("needs a quantity above 0 and a price of 0 or more, each with at most 8 decimals", () => {
    expect(issues([line("1.12345678", "0.00000001", "0.13")])).toEqual([]);
    for (const quantity of ["0", "0.00000000", "-1", "1.123456789", "1e3", "1,000", " 1", ""]) {
      expect(issues([line(quantity, "1", "0.13")]), quantity).toEqual(["lines.0.quantity INVALID_QUANTITY"]);
    }
    for (const price of ["-0.01", "1.123456789", "abc", "+1"]) {
      expect(issues([line("1", price, "0.13")]), price).toEqual(["lines.0.unitPrice INVALID_PRICE"]);
    }
  });

  it("needs a description of 1 to 200 characters, counting each Chinese character as one", () => {
    expect(issues([line("1", "1", "0.13", "")])).toEqual(["lines.0.description REQUIRED"]);
    expect(issues([line("1", "1", "0.13", "   ")])).toEqual(["lines.0.description REQUIRED"]);
    expect(issues([line("1", "1", "0.13", "货".repeat(200))])).toEqual([]);
    expect(issues([line("1", "1", "0.13", "货".repeat(201))])).toEqual(["lines.0.description TOO_LONG"]);
    // 200 characters outside the Basic Multilingual Plane are 400 UTF-16 units, still 200 characters.
    expect(issues([line("1", "1", "0.13", "𠀀".repeat(200))])).toEqual([]);
  });

  it("needs 1 to 500 lines", () => {
    expect(issues([])).toEqual(["lines REQUIRED"]);
    expect(issues(Array.from({ length: invoiceLinesMax }, () => line("1", "1", "0.13")))).toEqual([]);
    expect(issues(Array.from({ length: invoiceLinesMax + 1 }, () => line("1", "1", "0.13")))).toEqual([
      "lines TOO_MANY",
    ]);
  });

  it("refuses a line whose total could pass 10^15 minor units", () => {
    // 10^13 元 exactly at 0 % is the most a line may be.
    expect(issues([line("10000000000", "1000", "0")])).toEqual([]);
    expect(issues([line("10000000000", "1000", "0.13")])).toEqual(["lines.0.unitPrice TOO_LARGE"]);
    expect(issues([line("10000000000", "1000.00000001", "0")])).toEqual(["lines.0.unitPrice TOO_LARGE"]);
  });

  it("names each line's issues by index", () => {
    expect(issues([line("1", "1", "0.13"), line("0", "-1", "0.2", "")])).toEqual([
      "lines.1.description REQUIRED",
      "lines.1.quantity INVALID_QUANTITY",
      "lines.1.unitPrice INVALID_PRICE",
      "lines.1.vatRate INVALID_CHOICE",
    ]);
  });
});
