import { currencyScale } from "../../../../src/core/currency.ts";
import type { RoundingMode } from "../../../../src/core/rounding.ts";
import {
  checkInvoiceLines,
  type InvoiceLineAmounts,
  invoiceLineAmounts,
  type VatRate,
  vatRates,
} from "../../../../src/domain/receivables/invoice.ts";
import type { InvoiceLineRequest, InvoiceLineView } from "../../api/receivables-types.ts";
import { amountText } from "../ledger/amount-math.ts";

/**
 * The lines of an invoice or a note being keyed in, and their amounts before the server has seen
 * them. The preview runs the server's own arithmetic (src/domain/receivables/invoice.ts) on exact
 * decimals, so what it shows is what saving will compute, to the 分.
 */

export type { VatRate };
export { vatRates };

/** 13 %: the general rate on goods (财政部 税务总局 海关总署公告2019年第39号), the usual line. */
export const defaultVatRate: VatRate = "0.13";
/** 四舍五入 to the 分, as the server computes invoices (src/services/receivables/invoices.ts). */
const invoiceRounding: RoundingMode = "half-up";
/** Lines one form holds; the server takes 500, a longer invoice is an import, not typing. */
export const formLinesMax = 100;

export interface DraftLine {
  readonly key: number;
  readonly description: string;
  readonly quantity: string;
  readonly unitPrice: string;
  readonly vatRate: VatRate;
}

export type LineField = "description" | "quantity" | "unitPrice" | "vatRate";

export function isLineField(value: string): value is LineField {
  return value === "description" || value === "quantity" || value === "unitPrice" || value === "vatRate";
}

let nextLineKey = 0;

/** A line to fill in: one of a thing, at the rate given (the line before's) or the usual 13 %. */
export function emptyLine(vatRate: string = defaultVatRate): DraftLine {
  nextLineKey += 1;
  return {
    key: nextLineKey,
    description: "",
    quantity: "1",
    unitPrice: "",
    vatRate: isVatRate(vatRate) ? vatRate : defaultVatRate,
  };
}

function isVatRate(value: string): value is VatRate {
  return (vatRates as ReadonlyArray<string>).includes(value);
}

/** Saved lines as editable ones (a draft being edited, an invoice's lines copied into a note). */
export function draftLinesOf(lines: ReadonlyArray<InvoiceLineView>): DraftLine[] {
  return lines.map((line) => {
    nextLineKey += 1;
    return {
      key: nextLineKey,
      description: line.description,
      quantity: line.quantity,
      unitPrice: line.unitPrice,
      vatRate: isVatRate(line.vatRate) ? line.vatRate : defaultVatRate,
    };
  });
}

/** Characters people type or paste into a number that carry no value: grouping and spaces. */
const groupingPattern = /[,，\s]/g;

export function isBlankLine(line: DraftLine): boolean {
  return line.description.trim() === "" && line.unitPrice.trim() === "";
}

/** A line as the API takes it: grouping gone from the figures, the description trimmed. */
export function lineRequest(line: DraftLine): InvoiceLineRequest {
  return {
    description: line.description.trim(),
    quantity: line.quantity.replace(groupingPattern, ""),
    unitPrice: line.unitPrice.replace(groupingPattern, ""),
    vatRate: line.vatRate,
  };
}

/** What the preview knows of one line: its amounts, or which of its fields cannot be read. */
export type LinePreview =
  | { readonly ok: true; readonly net: string; readonly tax: string; readonly gross: string }
  | { readonly ok: false; readonly fields: ReadonlySet<LineField> };

export interface LinesPreview {
  readonly lines: ReadonlyMap<number, LinePreview>;
  /** Null until every line that has something in it can be computed. */
  readonly totals: { readonly net: string; readonly tax: string; readonly gross: string } | null;
}

function amountsOf(amounts: InvoiceLineAmounts, currency: string) {
  return {
    net: amountText(amounts.netMinor, currency),
    tax: amountText(amounts.taxMinor, currency),
    gross: amountText(amounts.grossMinor, currency),
  };
}

/** Each non-blank line's amounts and the totals, line by line as a 增值税发票 adds them up. */
export function previewLines(
  lines: ReadonlyArray<DraftLine>,
  options: { readonly taxInclusive: boolean; readonly currency: string },
): LinesPreview {
  const scale = currencyScale(options.currency);
  const previews = new Map<number, LinePreview>();
  let net = 0n;
  let tax = 0n;
  let gross = 0n;
  let complete = true;
  let counted = 0;
  for (const line of lines) {
    if (isBlankLine(line)) continue;
    const request = lineRequest(line);
    const issues = checkInvoiceLines([request], scale);
    if (issues.length > 0) {
      const fields = new Set<LineField>();
      for (const issue of issues) {
        const field = issue.path.split(".").at(-1) ?? "";
        if (isLineField(field)) fields.add(field);
      }
      previews.set(line.key, { ok: false, fields });
      complete = false;
      continue;
    }
    const amounts = invoiceLineAmounts(request, {
      taxInclusive: options.taxInclusive,
      scale,
      rounding: invoiceRounding,
    });
    previews.set(line.key, { ok: true, ...amountsOf(amounts, options.currency) });
    net += amounts.netMinor;
    tax += amounts.taxMinor;
    gross += amounts.grossMinor;
    counted += 1;
  }
  const totals =
    complete && counted > 0
      ? amountsOf({ netMinor: net, taxMinor: tax, grossMinor: gross }, options.currency)
      : null;
  return { lines: previews, totals };
}
