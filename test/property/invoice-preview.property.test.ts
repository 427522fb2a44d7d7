import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatMoney, money } from "../../src/core/money.ts";
import { checkInvoiceLines, invoiceTotals, vatRates } from "../../src/domain/receivables/invoice.ts";
import {
  type DraftLine,
  emptyLine,
  lineRequest,
  previewLines,
} from "../../web/src/pages/receivables/invoice-lines.ts";

/**
 * The new-invoice form's preview (web/src/pages/receivables/invoice-lines.ts) against the server's
 * computation: the same amounts to the fen for whatever a clerk types, and no totals where the
 * server would refuse the lines.
 */

const run = { numRuns: 300 };
const cny = (minor: bigint) => formatMoney(money(minor, "CNY"));

/** A figure as a clerk types it: up to 8 decimals, thousands grouped with "," now and then. */
const typedFigure = fc
  .tuple(
    fc.integer({ min: 0, max: 9_999_999 }),
    fc.integer({ min: 0, max: 99_999_999 }),
    fc.nat(8),
    fc.boolean(),
  )
  .map(([whole, fraction, digits, grouped]) => {
    const integer = grouped ? whole.toLocaleString("en-US") : String(whole);
    const decimals = String(fraction).padStart(8, "0").slice(0, digits);
    return digits === 0 ? integer : `${integer}.${decimals}`;
  });

const draftLine = fc.tuple(typedFigure, typedFigure, fc.constantFrom(...vatRates)).map(
  ([quantity, unitPrice, vatRate]): DraftLine => ({
    ...emptyLine(vatRate),
    description: "货物",
    quantity,
    unitPrice,
  }),
);

describe("the new-invoice preview", () => {
  it("shows exactly the amounts the server computes, or no totals where the server would refuse", () => {
    fc.assert(
      fc.property(
        fc.array(draftLine, { minLength: 1, maxLength: 8 }),
        fc.boolean(),
        (lines, taxInclusive) => {
          const preview = previewLines(lines, { taxInclusive, currency: "CNY" });
          const requests = lines.map(lineRequest);
          const refused = checkInvoiceLines(requests, 2);
          if (refused.length > 0) {
            expect(preview.totals).toBeNull();
            for (const issue of refused) {
              const index = Number(issue.path.split(".")[1]);
              expect(preview.lines.get(lines[index]?.key ?? -1)?.ok).toBe(false);
            }
            return;
          }
          const server = invoiceTotals(requests, { taxInclusive, scale: 2, rounding: "half-up" });
          expect(preview.totals).toEqual({
            net: cny(server.netMinor),
            tax: cny(server.taxMinor),
            gross: cny(server.grossMinor),
          });
          for (const [index, line] of lines.entries()) {
            const amounts = server.lines[index];
            expect(preview.lines.get(line.key)).toEqual({
              ok: true,
              net: cny(amounts?.netMinor ?? -1n),
              tax: cny(amounts?.taxMinor ?? -1n),
              gross: cny(amounts?.grossMinor ?? -1n),
            });
          }
        },
      ),
      run,
    );
  });
});
