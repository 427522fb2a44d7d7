import { describe, expect, it } from "vitest";
import { isAppError } from "../../../src/core/errors.ts";
import {
  type BankLineToMatch,
  buildMatchIndex,
  type LineMatch,
  type MatchableCustomer,
  type MatchableItem,
  type MatchIndex,
  type MatchProposal,
  matchBankLine,
  matchBankLines,
  matchSuggestionsMax,
} from "../../../src/domain/payments/matching.ts";
import { defined } from "../../support/fixtures.ts";

// ---------------------------------------------------------------------------------------------
// A small book. Amounts in fen.
// ---------------------------------------------------------------------------------------------

function item(
  itemId: string,
  customerId: string,
  documentNumber: string,
  openMinor: bigint,
  dueDate: string,
  more: Partial<MatchableItem> = {},
): MatchableItem {
  return {
    itemId,
    customerId,
    documentNumber,
    taxInvoiceNumber: null,
    dueDate,
    openMinor,
    currency: "CNY",
    ...more,
  };
}

function customer(
  customerId: string,
  names: ReadonlyArray<string>,
  accounts: ReadonlyArray<string> = [],
  payerFor: ReadonlyArray<string> = [],
): MatchableCustomer {
  return { customerId, names, accounts, payerFor };
}

function line(amountMinor: bigint, more: Partial<BankLineToMatch> = {}): BankLineToMatch {
  return {
    lineId: "L1",
    bookingDate: "2026-12-05",
    amountMinor,
    currency: "CNY",
    counterpartyName: null,
    counterpartyAccount: null,
    remittance: null,
    endToEndId: null,
    ...more,
  };
}

const xingchenAccount = "6222 0210 0111 2222 333";
const huaxinAccount = "6228480010002222";
const emptyShellAccount = "31000 77788 8999";

const customers: ReadonlyArray<MatchableCustomer> = [
  customer("xingchen", ["上海星辰科技有限公司", "星辰科技"], [xingchenAccount]),
  customer("huaxin", ["北京华鑫贸易有限公司", "华鑫贸易"], [huaxinAccount]),
  // A head office paying for its subsidiary in Hangzhou.
  customer("holding", ["星辰控股集团有限公司"], [], ["hangzhou"]),
  customer("hangzhou", ["杭州星辰电子有限公司"]),
  customer("brightstar", ["Brightstar Trading (Shenzhen) Co., Ltd.", "光明之星贸易（深圳）有限公司"]),
  customer("shell", ["空壳贸易有限公司"], [emptyShellAccount]),
];

const items: ReadonlyArray<MatchableItem> = [
  item("x-123", "xingchen", "INV-000123", 1_000_00n, "2026-09-01", { taxInvoiceNumber: "12345678" }),
  item("x-124", "xingchen", "INV-000124", 2_500_00n, "2026-09-15"),
  item("x-125", "xingchen", "INV-000125", 3_300_50n, "2026-10-01"),
  item("x-126", "xingchen", "INV-000126", 800_00n, "2026-10-15", {
    taxInvoiceNumber: "24312000000012345678",
  }),
  // An installment plan: three equal installments.
  item("x-fq1", "xingchen", "FQ-000004-01", 500_00n, "2026-08-01"),
  item("x-fq2", "xingchen", "FQ-000004-02", 500_00n, "2026-09-01"),
  item("x-fq3", "xingchen", "FQ-000004-03", 500_00n, "2026-10-01"),
  // The same amount as INV-000123, for another customer.
  item("h-200", "huaxin", "INV-000200", 1_000_00n, "2026-09-20"),
  item("h-201", "huaxin", "INV-000201", 4_200_00n, "2026-10-20"),
  item("s-300", "hangzhou", "INV-000300", 6_000_00n, "2026-10-05"),
  item("o-400", "holding", "INV-000400", 7_777_77n, "2026-10-10"),
  item("b-500", "brightstar", "INV-000500", 999_99n, "2026-11-01"),
  item("b-501", "brightstar", "INV-000501", 1_500_00n, "2026-11-01", { currency: "USD" }),
];

const book = (): MatchIndex => buildMatchIndex(items, customers);

function best(match: LineMatch): MatchProposal {
  return defined(match.proposals[0]);
}

function allocated(proposal: MatchProposal): Array<readonly [string, bigint]> {
  return proposal.allocations.map((allocation) => [allocation.itemId, allocation.amountMinor] as const);
}

function balanced(match: LineMatch, amountMinor: bigint): void {
  for (const proposal of match.proposals) {
    const sum = proposal.allocations.reduce((total, allocation) => total + allocation.amountMinor, 0n);
    expect(sum + proposal.unappliedMinor).toBe(amountMinor);
  }
}

function failure(run: () => unknown): { code: string; paths: string[] } {
  try {
    run();
  } catch (error) {
    if (!isAppError(error)) throw error;
    return { code: error.code, paths: error.issues.map((issue) => issue.path) };
  }
  throw new Error("expected an AppError");
}

// ---------------------------------------------------------------------------------------------

describe("references in the remittance text", () => {
  it("finds a document number in messy text and matches it with the exact amount", () => {
    const match = matchBankLine(
      book(),
      line(1_000_00n, {
        remittance: "付INV-000123货款",
        counterpartyName: "上海星辰科技有限公司",
        counterpartyAccount: xingchenAccount,
      }),
    );
    expect(match.automatic).toBe(true);
    expect(best(match)).toEqual({
      customerId: "xingchen",
      allocations: [{ itemId: "x-123", amountMinor: 1_000_00n }],
      unappliedMinor: 0n,
      confidence: 0.99,
      reasons: ["REFERENCE", "ACCOUNT", "NAME", "AMOUNT_EXACT"],
    });
    // The reference settles the line: no other proposal competes.
    expect(match.proposals).toHaveLength(1);
  });

  it("reads the number however it is written, in the remittance or the end-to-end id", () => {
    for (const text of [
      "INV000123",
      "inv 000123",
      "Inv-000123",
      "ＩＮＶ－０００１２３",
      "货款 INV 000 123 谢谢",
      "PAYMENT FOR INV#000123.",
      "INV-000123/2026",
    ]) {
      const match = matchBankLine(book(), line(1_000_00n, { remittance: text }));
      expect(match.automatic, text).toBe(true);
      expect(allocated(best(match)), text).toEqual([["x-123", 1_000_00n]]);
    }
    const byEndToEnd = matchBankLine(book(), line(1_000_00n, { endToEndId: "E2E-INV000123-01" }));
    expect(allocated(best(byEndToEnd))).toEqual([["x-123", 1_000_00n]]);
  });

  it("does not read a number with one digit more, or a prefix inside a word", () => {
    // INV-0001234 is no number of the book; 100,000 fen is open twice, so no amount hint either.
    expect(matchBankLine(book(), line(1_000_00n, { remittance: "INV-0001234" })).proposals).toEqual([]);
    expect(matchBankLine(book(), line(1_000_00n, { remittance: "XINV000123" })).proposals).toEqual([]);
  });

  it("finds installment numbers with their two hyphens", () => {
    for (const text of ["FQ-000004-02", "fq00000402", "分期 FQ 000004 02"]) {
      const match = matchBankLine(book(), line(500_00n, { remittance: text }));
      expect(allocated(best(match)), text).toEqual([["x-fq2", 500_00n]]);
      expect(best(match).reasons, text).toEqual(["REFERENCE", "AMOUNT_EXACT"]);
    }
  });

  it("finds 8- and 20-digit tax invoice numbers standing alone", () => {
    const paper = matchBankLine(book(), line(1_000_00n, { remittance: "发票号 12345678" }));
    expect(paper.automatic).toBe(true);
    expect(best(paper)).toMatchObject({
      allocations: [{ itemId: "x-123", amountMinor: 1_000_00n }],
      reasons: ["TAX_INVOICE_NUMBER", "AMOUNT_EXACT"],
      confidence: 0.99,
    });
    const electronic = matchBankLine(book(), line(800_00n, { remittance: "数电票24312000000012345678货款" }));
    expect(allocated(best(electronic))).toEqual([["x-126", 800_00n]]);
    // Inside a longer number it is something else (an account, an order number).
    expect(matchBankLine(book(), line(1_000_00n, { remittance: "订单 123456789" })).proposals).toEqual([]);
  });

  it("pays several referenced invoices at once", () => {
    const match = matchBankLine(book(), line(3_500_00n, { remittance: "付INV-000123，INV-000124货款" }));
    expect(match.automatic).toBe(true);
    expect(best(match)).toMatchObject({
      confidence: 0.99,
      reasons: ["REFERENCE", "AMOUNT_COMBINATION"],
    });
    expect(allocated(best(match))).toEqual([
      ["x-123", 1_000_00n],
      ["x-124", 2_500_00n],
    ]);
  });

  it("takes the one referenced invoice whose amount is paid", () => {
    const match = matchBankLine(book(), line(2_500_00n, { remittance: "INV-000123 INV-000124" }));
    expect(best(match)).toMatchObject({ confidence: 0.9, reasons: ["REFERENCE", "AMOUNT_EXACT"] });
    expect(allocated(best(match))).toEqual([["x-124", 2_500_00n]]);
    expect(match.automatic).toBe(true);
  });

  it("allocates a partial payment to the referenced invoice, with low confidence", () => {
    const amount = 1_000_00n;
    const match = matchBankLine(
      book(),
      line(amount, { remittance: "INV-000124 部分付款", counterpartyName: "星辰科技" }),
    );
    balanced(match, amount);
    expect(match.automatic).toBe(false);
    expect(best(match)).toEqual({
      customerId: "xingchen",
      allocations: [{ itemId: "x-124", amountMinor: 1_000_00n }],
      unappliedMinor: 0n,
      // 0.75, and 0.05 more because the name agrees.
      confidence: 0.8,
      reasons: ["REFERENCE", "NAME", "AMOUNT_PARTIAL"],
    });
    // INV-000123 happens to be open for exactly the amount, but the payer named INV-000124:
    // that proposal is capped at 0.70 and comes second.
    expect(match.proposals[1]).toMatchObject({
      allocations: [{ itemId: "x-123", amountMinor: 1_000_00n }],
      confidence: 0.7,
    });
  });

  it("leaves the rest of an overpayment unapplied", () => {
    const amount = 900_00n;
    const match = matchBankLine(book(), line(amount, { remittance: "INV-000126" }));
    balanced(match, amount);
    expect(best(match)).toEqual({
      customerId: "xingchen",
      allocations: [{ itemId: "x-126", amountMinor: 800_00n }],
      unappliedMinor: 100_00n,
      confidence: 0.7,
      reasons: ["REFERENCE"],
    });
    expect(match.automatic).toBe(false);
  });

  it("fills the rest of a referenced payment with an older item that fits exactly", () => {
    // 800.00 for INV-000126 and 500.00 for the oldest installment.
    const match = matchBankLine(book(), line(1_300_00n, { remittance: "INV-000126 等" }));
    expect(best(match)).toMatchObject({ confidence: 0.85, reasons: ["REFERENCE", "AMOUNT_COMBINATION"] });
    expect(allocated(best(match))).toEqual([
      ["x-fq1", 500_00n],
      ["x-126", 800_00n],
    ]);
    expect(match.automatic).toBe(false);
  });

  it("finds document numbers of any shape as whole tokens", () => {
    const index = buildMatchIndex(
      [
        item("a", "c", "SO-2026-A17", 123_45n, "2026-10-01"),
        item("b", "c", "2026000099", 678_90n, "2026-10-01"),
        // Stored full-width: compared as NFKC, like the texts.
        item("w", "c", "ＳＯ－７７７", 11_11n, "2026-10-01"),
      ],
      [],
    );
    expect(allocated(best(matchBankLine(index, line(123_45n, { remittance: "付 so-2026-a17 款" }))))).toEqual(
      [["a", 123_45n]],
    );
    expect(allocated(best(matchBankLine(index, line(678_90n, { remittance: "单号2026000099" }))))).toEqual([
      ["b", 678_90n],
    ]);
    expect(allocated(best(matchBankLine(index, line(11_11n, { remittance: "付so777" }))))).toEqual([
      ["w", 11_11n],
    ]);
  });
});

describe("account and name", () => {
  it("matches the exact amount of the customer the account belongs to", () => {
    const match = matchBankLine(book(), line(4_200_00n, { counterpartyAccount: "6228-4800-1000-2222" }));
    expect(match.automatic).toBe(true);
    expect(best(match)).toMatchObject({
      customerId: "huaxin",
      allocations: [{ itemId: "h-201", amountMinor: 4_200_00n }],
      confidence: 0.95,
      reasons: ["ACCOUNT", "AMOUNT_EXACT"],
    });
  });

  it("is surer when account and name agree", () => {
    const match = matchBankLine(
      book(),
      line(4_200_00n, {
        counterpartyAccount: huaxinAccount,
        counterpartyName: "华鑫贸易（北京）有限责任公司",
      }),
    );
    expect(best(match)).toMatchObject({ confidence: 0.97, reasons: ["ACCOUNT", "NAME", "AMOUNT_EXACT"] });
  });

  it("matches Chinese name variants exactly", () => {
    for (const name of [
      "星辰科技（上海）有限公司",
      "上海星辰科技有限责任公司",
      "星辰科技",
      "上海市 星辰科技有限公司",
    ]) {
      const match = matchBankLine(book(), line(3_300_50n, { counterpartyName: name }));
      expect(match.automatic, name).toBe(true);
      expect(best(match), name).toMatchObject({
        customerId: "xingchen",
        allocations: [{ itemId: "x-125", amountMinor: 3_300_50n }],
        confidence: 0.95,
        reasons: ["NAME", "AMOUNT_EXACT"],
      });
    }
  });

  it("matches English name variants exactly", () => {
    const match = matchBankLine(book(), line(999_99n, { counterpartyName: "BRIGHTSTAR TRADING CO LTD" }));
    expect(match.automatic).toBe(true);
    expect(allocated(best(match))).toEqual([["b-500", 999_99n]]);
  });

  it("does not transliterate: pinyin for a Chinese name is no name signal", () => {
    // Only the amount is left, and 3,300.50 is open once in the book: a weak hint.
    const match = matchBankLine(
      book(),
      line(3_300_50n, { counterpartyName: "Shanghai Xingchen Keji Youxian Gongsi" }),
    );
    expect(match.automatic).toBe(false);
    expect(best(match)).toMatchObject({ confidence: 0.45, reasons: ["AMOUNT_EXACT"] });
  });

  it("scores a similar name by its similarity, below the automatic threshold", () => {
    // 星辰科技发展 contains 星辰科技: similarity 0.75 + 0.2 × 4/6; confidence 0.55 + 0.3 × that.
    const match = matchBankLine(book(), line(3_300_50n, { counterpartyName: "星辰科技发展有限公司" }));
    expect(best(match)).toMatchObject({
      customerId: "xingchen",
      allocations: [{ itemId: "x-125", amountMinor: 3_300_50n }],
      confidence: 0.815,
      reasons: ["NAME", "AMOUNT_EXACT"],
    });
    expect(match.automatic).toBe(false);
  });

  it("takes the oldest of equal installments when nothing says which", () => {
    const match = matchBankLine(book(), line(500_00n, { counterpartyName: "星辰科技" }));
    expect(match.automatic).toBe(true);
    expect(allocated(best(match))).toEqual([["x-fq1", 500_00n]]);
  });

  it("finds a combination of three invoices summing exactly", () => {
    // 1,000.00 + 2,500.00 + 3,300.50: no two of the customer's open items sum to 6,800.50.
    const match = matchBankLine(book(), line(6_800_50n, { counterpartyName: "上海星辰科技有限公司" }));
    expect(match.automatic).toBe(true);
    expect(best(match)).toMatchObject({
      customerId: "xingchen",
      unappliedMinor: 0n,
      confidence: 0.9,
      reasons: ["NAME", "AMOUNT_COMBINATION"],
    });
    expect(allocated(best(match))).toEqual([
      ["x-123", 1_000_00n],
      ["x-124", 2_500_00n],
      ["x-125", 3_300_50n],
    ]);
  });

  it("finds no combination beyond combinationItemsMax, and falls back to oldest first", () => {
    const match = matchBankLine(book(), line(6_800_50n, { counterpartyName: "星辰科技" }), {
      combinationItemsMax: 2,
    });
    expect(best(match).reasons).toEqual(["NAME", "AMOUNT_PARTIAL", "OLDEST_OPEN"]);
    expect(best(match).confidence).toBe(0.4);
    balanced(match, 6_800_50n);
  });

  it("lowers an ambiguous combination below the automatic threshold", () => {
    // 1.00 + 4.00 and 2.00 + 3.00 both make 5.00.
    const index = buildMatchIndex(
      [
        item("a", "c", "INV-1", 100n, "2026-10-01"),
        item("b", "c", "INV-2", 200n, "2026-10-02"),
        item("c", "c", "INV-3", 300n, "2026-10-03"),
        item("d", "c", "INV-4", 400n, "2026-10-04"),
      ],
      [customer("c", ["远航物流有限公司"])],
    );
    const match = matchBankLine(index, line(500n, { counterpartyName: "远航物流" }));
    expect(best(match)).toMatchObject({ confidence: 0.8, reasons: ["NAME", "AMOUNT_COMBINATION"] });
    expect(allocated(best(match))).toEqual([
      ["a", 100n],
      ["d", 400n],
    ]);
    expect(match.automatic).toBe(false);
  });

  it("prefers the customer whose region the payer names", () => {
    const index = buildMatchIndex(
      [
        item("bj", "beijing", "INV-1", 8_888_00n, "2026-10-01"),
        item("sh", "shanghai", "INV-2", 8_888_00n, "2026-10-01"),
      ],
      [customer("beijing", ["北京远航物流有限公司"]), customer("shanghai", ["上海远航物流有限公司"])],
    );
    const named = matchBankLine(index, line(8_888_00n, { counterpartyName: "远航物流（上海）有限公司" }));
    expect(named.automatic).toBe(true);
    expect(best(named).customerId).toBe("shanghai");
    // Beijing's name is read as similar (0.8): 0.55 + 0.3 × 0.8.
    expect(named.proposals[1]).toMatchObject({ customerId: "beijing", confidence: 0.79 });
    // Without a region both are the payer's name, with the same amount: a person decides.
    const unnamed = matchBankLine(index, line(8_888_00n, { counterpartyName: "远航物流" }));
    expect(unnamed.automatic).toBe(false);
    expect(unnamed.proposals.map((proposal) => proposal.confidence)).toEqual([0.95, 0.95]);
  });

  it("matches a head office's payment to its subsidiary's invoice", () => {
    const match = matchBankLine(book(), line(6_000_00n, { counterpartyName: "星辰控股集团有限公司" }));
    expect(match.automatic).toBe(true);
    expect(best(match)).toEqual({
      customerId: "hangzhou",
      allocations: [{ itemId: "s-300", amountMinor: 6_000_00n }],
      unappliedMinor: 0n,
      confidence: 0.93,
      reasons: ["NAME", "AMOUNT_EXACT"],
    });
    // The head office's own invoice, oldest first, is the runner-up.
    expect(match.proposals[1]).toMatchObject({ customerId: "holding", confidence: 0.4 });
  });

  it("allocates an overpayment oldest first and leaves the rest unapplied", () => {
    const amount = 6_000_00n;
    const match = matchBankLine(book(), line(amount, { counterpartyAccount: huaxinAccount }));
    balanced(match, amount);
    expect(best(match)).toEqual({
      customerId: "huaxin",
      allocations: [
        { itemId: "h-200", amountMinor: 1_000_00n },
        { itemId: "h-201", amountMinor: 4_200_00n },
      ],
      unappliedMinor: 800_00n,
      confidence: 0.4,
      reasons: ["ACCOUNT", "OLDEST_OPEN"],
    });
    expect(match.automatic).toBe(false);
  });

  it("proposes all of it unapplied for a known customer with nothing open", () => {
    const match = matchBankLine(book(), line(50_00n, { counterpartyAccount: emptyShellAccount }));
    expect(match.proposals).toEqual([
      { customerId: "shell", allocations: [], unappliedMinor: 50_00n, confidence: 0.4, reasons: ["ACCOUNT"] },
    ]);
    expect(match.automatic).toBe(false);
  });
});

describe("no signal, other currencies", () => {
  it("suggests, weakly, an amount that only one open item has", () => {
    const match = matchBankLine(book(), line(7_777_77n));
    expect(match.proposals).toEqual([
      {
        customerId: "holding",
        allocations: [{ itemId: "o-400", amountMinor: 7_777_77n }],
        unappliedMinor: 0n,
        confidence: 0.45,
        reasons: ["AMOUNT_EXACT"],
      },
    ]);
    expect(match.automatic).toBe(false);
  });

  it("proposes nothing for an amount open twice or not at all", () => {
    expect(matchBankLine(book(), line(1_000_00n, { remittance: "货款" })).proposals).toEqual([]);
    expect(matchBankLine(book(), line(1n, { counterpartyName: "张伟" })).proposals).toEqual([]);
  });

  it("proposes nothing in a currency the book has no items in", () => {
    const match = matchBankLine(
      book(),
      line(1_000_00n, {
        currency: "EUR",
        remittance: "INV-000123",
        counterpartyName: "上海星辰科技有限公司",
        counterpartyAccount: xingchenAccount,
      }),
    );
    expect(match).toEqual({ lineId: "L1", proposals: [], automatic: false });
  });

  it("looks only at items of the line's currency", () => {
    // A USD line naming a CNY invoice: the reference does not count.
    const cny = matchBankLine(book(), line(1_000_00n, { currency: "USD", remittance: "INV-000123" }));
    expect(cny.proposals).toEqual([]);
    const usd = matchBankLine(
      book(),
      line(1_500_00n, { currency: "USD", counterpartyName: "Brightstar Trading" }),
    );
    expect(allocated(best(usd))).toEqual([["b-501", 1_500_00n]]);
    expect(usd.automatic).toBe(true);
  });
});

describe("matchBankLines", () => {
  it("never applies the same money twice: two lines competing for one item", () => {
    const index = book();
    const [first, second] = matchBankLines(index, [
      line(4_200_00n, { lineId: "L1", remittance: "INV-000201" }),
      line(4_200_00n, { lineId: "L2", counterpartyName: "华鑫贸易" }),
    ]);
    expect(defined(first).automatic).toBe(true);
    expect(allocated(best(defined(first)))).toEqual([["h-201", 4_200_00n]]);
    expect(index.openMinorOf("h-201")).toBe(0n);
    // The second line is left the rest of the customer's book, oldest first, for a person.
    expect(defined(second).automatic).toBe(false);
    expect(
      defined(second).proposals.flatMap((proposal) => proposal.allocations.map((a) => a.itemId)),
    ).not.toContain("h-201");
  });

  it("forgets a consumed item's reference and amount", () => {
    const index = book();
    const [first, second] = matchBankLines(index, [
      line(1_000_00n, { lineId: "L1", remittance: "INV-000123" }),
      line(1_000_00n, { lineId: "L2", remittance: "INV-000123" }),
    ]);
    expect(defined(first).automatic).toBe(true);
    // INV-000123 is settled; 1,000.00 is now open only on Huaxin's INV-000200: a weak hint.
    expect(defined(second).automatic).toBe(false);
    expect(defined(second).proposals).toEqual([
      {
        customerId: "huaxin",
        allocations: [{ itemId: "h-200", amountMinor: 1_000_00n }],
        unappliedMinor: 0n,
        confidence: 0.45,
        reasons: ["AMOUNT_EXACT"],
      },
    ]);
  });

  it("finds an item partly consumed under its new open amount", () => {
    const index = book();
    index.consume("x-125", 3_000_00n);
    const match = matchBankLines(index, [line(300_50n, { counterpartyName: "星辰科技" })]);
    expect(allocated(best(defined(match[0])))).toEqual([["x-125", 300_50n]]);
    expect(index.openMinorOf("x-125")).toBe(0n);
  });

  it("consumes nothing for suggestions, and matchBankLine nothing at all", () => {
    const index = book();
    const suggestion = line(1_000_00n, { remittance: "INV-000124" });
    matchBankLines(index, [suggestion]);
    expect(index.openMinorOf("x-124")).toBe(2_500_00n);
    const automatic = line(2_500_00n, { remittance: "INV-000124" });
    expect(matchBankLine(index, automatic)).toEqual(matchBankLine(index, automatic));
    expect(index.openMinorOf("x-124")).toBe(2_500_00n);
  });

  it("keeps the lines' order and ids", () => {
    const results = matchBankLines(book(), [
      line(1n, { lineId: "a" }),
      line(2n, { lineId: "b" }),
      line(3n, { lineId: "c" }),
    ]);
    expect(results.map((result) => result.lineId)).toEqual(["a", "b", "c"]);
  });
});

describe("ranking and options", () => {
  it("returns at most matchSuggestionsMax proposals, best first", () => {
    // Eight customers with the payer's name, none with the amount: eight oldest-first proposals.
    const many = Array.from({ length: 8 }, (_, index) => `c${index}`);
    const index = buildMatchIndex(
      many.map((id, position) =>
        item(`i${position}`, id, `INV-${position}`, BigInt(100 + position), "2026-10-01"),
      ),
      many.map((id) => customer(id, ["远航物流有限公司"])),
    );
    const match = matchBankLine(index, line(10_000n, { counterpartyName: "远航物流" }));
    expect(match.proposals).toHaveLength(matchSuggestionsMax);
    const confidences = match.proposals.map((proposal) => proposal.confidence);
    expect(confidences).toEqual([...confidences].sort((a, b) => b - a));
    balanced(match, 10_000n);
  });

  it("applies automatically only from autoThreshold on", () => {
    const account = line(4_200_00n, { counterpartyAccount: huaxinAccount });
    expect(matchBankLine(book(), account).automatic).toBe(true);
    expect(matchBankLine(book(), account, { autoThreshold: 0.96 }).automatic).toBe(false);
  });

  it("counts a similar name only from nameThreshold on", () => {
    const similar = line(3_300_50n, { counterpartyName: "星辰科技发展" });
    expect(best(matchBankLine(book(), similar)).reasons).toContain("NAME");
    expect(best(matchBankLine(book(), similar, { nameThreshold: 0.9 })).reasons).not.toContain("NAME");
  });

  it("rejects options out of range", () => {
    const index = book();
    const probe = line(1n);
    expect(failure(() => matchBankLine(index, probe, { autoThreshold: 1.5 }))).toEqual({
      code: "VALIDATION_FAILED",
      paths: ["autoThreshold"],
    });
    expect(
      failure(() => matchBankLine(index, probe, { nameThreshold: 0, combinationItemsMax: 9 })).paths,
    ).toEqual(["nameThreshold", "combinationItemsMax"]);
    expect(failure(() => matchBankLines(index, [probe], { combinationItemsMax: 0 })).paths).toEqual([
      "combinationItemsMax",
    ]);
  });

  it("rejects a line that receives nothing", () => {
    expect(failure(() => matchBankLine(book(), line(0n))).paths).toEqual(["amountMinor"]);
    expect(failure(() => matchBankLine(book(), line(-5n))).code).toBe("VALIDATION_FAILED");
  });
});

describe("the index", () => {
  it("takes money off an item, at most what is open", () => {
    const index = book();
    expect(index.itemCount).toBe(items.length);
    index.consume("x-124", 500_00n);
    expect(index.openMinorOf("x-124")).toBe(2_000_00n);
    expect(failure(() => index.consume("x-124", 2_000_01n))).toEqual({
      code: "VALIDATION_FAILED",
      paths: ["amountMinor"],
    });
    expect(failure(() => index.consume("x-124", 0n)).code).toBe("VALIDATION_FAILED");
    expect(failure(() => index.consume("nope", 1n)).code).toBe("NOT_FOUND");
    expect(index.openMinorOf("nope")).toBeNull();
  });

  it("rejects repeated ids, amounts not above 0 and malformed due dates", () => {
    const good = item("a", "c", "INV-1", 100n, "2026-10-01");
    expect(failure(() => buildMatchIndex([good, { ...good, documentNumber: "INV-2" }], []))).toEqual({
      code: "VALIDATION_FAILED",
      paths: ["items.1.itemId"],
    });
    expect(failure(() => buildMatchIndex([{ ...good, openMinor: 0n }], [])).paths).toEqual([
      "items.0.openMinor",
    ]);
    expect(failure(() => buildMatchIndex([{ ...good, dueDate: "2026/10/01" }], [])).paths).toEqual([
      "items.0.dueDate",
    ]);
    expect(failure(() => buildMatchIndex([], [customer("c", []), customer("c", [])])).paths).toEqual([
      "customers.1.customerId",
    ]);
  });

  it("works on an empty book", () => {
    const index = buildMatchIndex([], []);
    expect(index.itemCount).toBe(0);
    expect(matchBankLine(index, line(100n, { remittance: "INV-000123" })).proposals).toEqual([]);
  });

  it("accepts any iterable", () => {
    function* generated(): Generator<MatchableItem> {
      yield* items;
    }
    const index = buildMatchIndex(generated(), new Set(customers));
    expect(matchBankLine(index, line(1_000_00n, { remittance: "INV-000123" })).automatic).toBe(true);
  });
});
