import { describe, expect, it } from "vitest";
import { formatMoney, money } from "../../../src/core/money.ts";
import { invoiceTotals } from "../../../src/domain/receivables/invoice.ts";
import { ApiError } from "../../../web/src/api/client.ts";
import type { OpenItemView } from "../../../web/src/api/receivables-types.ts";
import {
  allocationIssues,
  allocationOf,
  initialAllocation,
  payableItems,
} from "../../../web/src/pages/payments/allocation-draft.ts";
import {
  type DraftLine,
  emptyLine,
  lineRequest,
  previewLines,
} from "../../../web/src/pages/receivables/invoice-lines.ts";
import { discountRateOn } from "../../../web/src/pages/receivables/receivables-format.ts";

/**
 * The arithmetic and the requests of the receivables forms (web/src/pages/receivables and
 * payments): the live preview is the server's own computation, and what the chooser sends is
 * what the API takes, with the server's objections brought back to the item they name.
 */

function line(quantity: string, unitPrice: string, vatRate: string, description = "货物"): DraftLine {
  return { ...emptyLine(vatRate), description, quantity, unitPrice };
}

const cny = (minor: bigint) => formatMoney(money(minor, "CNY"));

describe("previewLines", () => {
  it("computes line by line as the server does: 3 × 33.33 at 13 % and 1 × 100,000 at 9 %", () => {
    // The integration test's invoice (test/integration/receivables.test.ts): 100,099.99 + 9,013.00.
    const lines = [line("3", "33.33", "0.13"), line("1", "100,000", "0.09")];
    const preview = previewLines(lines, { taxInclusive: false, currency: "CNY" });
    expect(preview.totals).toEqual({ net: "100099.99", tax: "9013.00", gross: "109112.99" });
    expect(preview.lines.get(lines[0]?.key ?? 0)).toEqual({
      ok: true,
      net: "99.99",
      tax: "13.00",
      gross: "112.99",
    });
  });

  it("agrees with invoiceTotals for tax-inclusive prices", () => {
    const lines = [line("7", "19.99", "0.13"), line("2.5", "1,000.10", "0.06"), line("1", "0.01", "0.03")];
    const preview = previewLines(lines, { taxInclusive: true, currency: "CNY" });
    const totals = invoiceTotals(lines.map(lineRequest), {
      taxInclusive: true,
      scale: 2,
      rounding: "half-up",
    });
    expect(preview.totals).toEqual({
      net: cny(totals.netMinor),
      tax: cny(totals.taxMinor),
      gross: cny(totals.grossMinor),
    });
  });

  it("leaves blank lines out and names the fields it cannot read", () => {
    const bad = line("0", "abc", "0.13");
    const lines = [line("1", "10", "0.13"), emptyLine(), bad];
    const preview = previewLines(lines, { taxInclusive: false, currency: "CNY" });
    expect(preview.totals).toBeNull();
    expect(preview.lines.size).toBe(2);
    const shown = preview.lines.get(bad.key);
    expect(shown?.ok).toBe(false);
    if (shown?.ok === false) expect([...shown.fields].sort()).toEqual(["quantity", "unitPrice"]);
  });

  it("sends figures without grouping and an unknown rate as the usual 13 %", () => {
    expect(lineRequest(line("1，000", "12 345.5", "0.13", "  钢材 "))).toEqual({
      description: "钢材",
      quantity: "1000",
      unitPrice: "12345.5",
      vatRate: "0.13",
    });
    expect(emptyLine("0.17").vatRate).toBe("0.13");
  });
});

function item(itemId: string, open: string, dueDate = "2026-12-31"): OpenItemView {
  return {
    itemId,
    customerId: "c",
    customerName: "客户",
    sourceType: "invoice",
    sourceId: `s-${itemId}`,
    sourceSeq: 1,
    documentNumber: `INV-${itemId}`,
    documentDate: "2026-12-01",
    dueDate,
    currency: "CNY",
    original: open,
    open,
    discountWindows: [
      { rate: "0.02", until: "2026-12-11" },
      { rate: "0.01", until: "2026-12-21" },
    ],
    disputed: false,
    disputeNote: null,
    status: "open",
    closedOn: null,
  };
}

describe("allocationOf", () => {
  const items = [item("a", "100.00"), item("b", "50.00"), item("credit", "-20.00")];

  it("keeps the money unapplied, or names a method with both flags", () => {
    expect(allocationOf(initialAllocation("keep"), items, "CNY")).toEqual({
      ok: true,
      body: null,
      itemIds: [],
    });
    const oldest = { ...initialAllocation("oldest_first"), writeOffShortfall: false };
    expect(allocationOf(oldest, items, "CNY")).toEqual({
      ok: true,
      body: { method: "oldest_first", takeDiscounts: true, writeOffShortfall: false },
      itemIds: [],
    });
  });

  it("sends chosen items in the list's order, an empty amount as 'as needed'", () => {
    const draft = {
      ...initialAllocation("chosen"),
      chosen: new Map([
        ["b", "10"],
        ["a", ""],
      ]),
    };
    expect(allocationOf(draft, items, "CNY")).toEqual({
      ok: true,
      body: {
        method: "chosen",
        items: [
          { itemId: "a", amount: null },
          { itemId: "b", amount: "10.00" },
        ],
        takeDiscounts: true,
        writeOffShortfall: true,
      },
      itemIds: ["a", "b"],
    });
  });

  it("refuses an amount above what is open, one it cannot read, and no item at all", () => {
    const chosen = (entries: [string, string][]) => ({
      ...initialAllocation("chosen"),
      chosen: new Map(entries),
    });
    const over = allocationOf(chosen([["b", "50.01"]]), items, "CNY");
    expect(over.ok === false && over.problems.get("b")).toBe("tooMuch");
    const unreadable = allocationOf(chosen([["a", "1.234"]]), items, "CNY");
    expect(unreadable.ok === false && unreadable.problems.get("a")).toBe("invalid");
    const none = allocationOf(chosen([]), items, "CNY");
    expect(none.ok === false && none.problems.get("")).toBe("none");
  });

  it("offers only items that are open and owed", () => {
    expect(payableItems(items, "CNY").map((i) => i.itemId)).toEqual(["a", "b"]);
  });
});

describe("allocationIssues", () => {
  it("brings the server's issues back to the item, whatever layer named them", () => {
    const error = new ApiError({
      status: 400,
      code: "VALIDATION_FAILED",
      title: "",
      issues: [
        { path: "allocation.items.1.amount", code: "NOT_AN_AMOUNT", message: "not an amount" },
        { path: "body.items.0.itemId", code: "invalid_format", message: "bad id" },
        { path: "items.1.amountMinor", code: "OUT_OF_RANGE", message: "too much" },
        { path: "receivedDate", code: "FUTURE_DATE", message: "future" },
      ],
    });
    const byItem = allocationIssues(error, ["a", "b"], (code) => code);
    expect(Object.fromEntries(byItem)).toEqual({ a: "invalid_format", b: "NOT_AN_AMOUNT; OUT_OF_RANGE" });
    expect(allocationIssues(new Error("network"), ["a"], (code) => code).size).toBe(0);
  });
});

describe("discountRateOn", () => {
  const windows = item("a", "1.00").discountWindows;
  it("is the best rate whose window the day is in, through its last day", () => {
    expect(discountRateOn(windows, "2026-12-11")).toBe("0.02");
    expect(discountRateOn(windows, "2026-12-12")).toBe("0.01");
    expect(discountRateOn(windows, "2026-12-22")).toBeNull();
    expect(discountRateOn(windows, "")).toBeNull();
  });
});
