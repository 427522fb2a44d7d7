import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  autoMarginMin,
  type BankLineToMatch,
  buildMatchIndex,
  combinationItemsLimit,
  type LineMatch,
  type MatchableCustomer,
  type MatchableItem,
  type MatchOptions,
  matchBankLine,
  matchBankLines,
  matchSuggestionsMax,
} from "../../src/domain/payments/matching.ts";
import { normalizeCompanyName, payerNameSimilarity } from "../../src/domain/payments/payer-names.ts";

const run = { numRuns: 300 };

// ---------------------------------------------------------------------------------------------
// Small books, so that amounts, names and numbers collide often: equal amounts, combinations
// that fit by chance, several customers of one name, references to consumed items.
// ---------------------------------------------------------------------------------------------

const customerIds = ["c0", "c1", "c2", "c3"] as const;
/** Items may also belong to a customer the index was not told about. */
const itemCustomerIds = [...customerIds, "unlisted"] as const;
const namePool = [
  "上海星辰科技有限公司",
  "星辰科技（上海）有限责任公司",
  "北京星辰科技有限公司",
  "星辰科技",
  "华鑫贸易",
  "杭州华鑫贸易有限公司",
  "星辰科技发展有限公司",
  "Brightstar Trading Co., Ltd.",
  "张伟",
] as const;
const accountPool = ["6222000011112222", "6228 4800 1000 2222", "3100-0777-8889"] as const;
const dates = ["2026-08-01", "2026-09-01", "2026-09-15", "2026-10-01"] as const;
const taxNumbers = ["12345678", "87654321", "24312000000012345678"] as const;
const currencies = ["CNY", "CNY", "CNY", "USD"] as const;

/** `arbitrary`'s values `present` times for every `absent` null. */
function sometimes<T>(arbitrary: fc.Arbitrary<T>, present: number, absent: number): fc.Arbitrary<T | null> {
  return fc.oneof({ arbitrary, weight: present }, { arbitrary: fc.constant(null), weight: absent });
}

const customerArbitrary = (customerId: string): fc.Arbitrary<MatchableCustomer> =>
  fc.record({
    customerId: fc.constant(customerId),
    names: fc.subarray([...namePool], { minLength: 1, maxLength: 3 }),
    accounts: fc.subarray([...accountPool], { maxLength: 1 }),
    payerFor: fc.subarray([...customerIds], { maxLength: 2 }),
  });

const customersArbitrary = fc.tuple(...customerIds.map((id) => customerArbitrary(id)));

const itemsArbitrary = fc
  .array(
    fc.record({
      customerId: fc.constantFrom(...itemCustomerIds),
      installment: fc.boolean(),
      taxInvoiceNumber: sometimes(fc.constantFrom(...taxNumbers), 1, 2),
      dueDate: fc.constantFrom(...dates),
      openMinor: fc.bigInt({ min: 1n, max: 3_000n }),
      currency: fc.constantFrom(...currencies),
    }),
    { minLength: 1, maxLength: 25 },
  )
  .map((drafts) =>
    drafts.map(
      (draft, position): MatchableItem => ({
        itemId: `i${position}`,
        customerId: draft.customerId,
        documentNumber: draft.installment
          ? `FQ-000001-${String(position).padStart(2, "0")}`
          : `INV-${String(position).padStart(6, "0")}`,
        taxInvoiceNumber: draft.taxInvoiceNumber,
        dueDate: draft.dueDate,
        openMinor: draft.openMinor,
        currency: draft.currency,
      }),
    ),
  );

/** A document number as payers write it: as is, without hyphens, lower case, full-width. */
const writtenArbitrary = (documentNumber: string): fc.Arbitrary<string> =>
  fc.constantFrom(
    `付${documentNumber}货款`,
    documentNumber.replace(/-/g, ""),
    documentNumber.toLowerCase().replace("-", " "),
    documentNumber.replace(/[!-~]/g, (character) => String.fromCharCode(character.charCodeAt(0) + 0xfee0)),
  );

const noiseArbitrary = fc.constantFrom("货款", "退款", "20261205", "INV-999999", "发票号 11112222");

/**
 * Lines drawn against the book: most pay one item exactly, several items, part of one or more
 * than one, quoting its number or not, under its customer's name or another; some are noise.
 */
const linesArbitrary = (
  customers: ReadonlyArray<MatchableCustomer>,
  items: ReadonlyArray<MatchableItem>,
): fc.Arbitrary<BankLineToMatch[]> => {
  const names = [...new Set(customers.flatMap((customer) => customer.names)), ...namePool];
  const itemPick = items.length === 0 ? fc.constant(null) : fc.constantFrom(...items);
  const lineArbitrary = fc
    .record({
      paid: fc.array(itemPick, { minLength: 1, maxLength: 1 }),
      shape: fc.constantFrom("exact", "exact", "sum", "part", "more", "random"),
      randomMinor: fc.bigInt({ min: 1n, max: 6_000n }),
      quote: fc.boolean(),
      ownName: fc.boolean(),
      name: sometimes(fc.constantFrom(...names), 2, 1),
      account: sometimes(fc.constantFrom(...accountPool), 1, 1),
      noise: sometimes(noiseArbitrary, 1, 2),
      otherCurrency: sometimes(fc.constantFrom("USD", "EUR"), 1, 7),
      endToEndId: sometimes(fc.constantFrom("INV000001", "E2E-20261205"), 1, 4),
    })
    .chain((draft) => {
      const first = draft.paid[0] ?? null;
      // For a payment of several invoices: some of the first item's customer's, one currency.
      const sameCustomer = items.filter(
        (item) => item.customerId === first?.customerId && item.currency === first.currency,
      );
      const several =
        sameCustomer.length === 0
          ? fc.constant([])
          : fc.subarray(sameCustomer, { minLength: 1, maxLength: Math.min(4, sameCustomer.length) });
      const quoted =
        first !== null && draft.quote ? writtenArbitrary(first.documentNumber) : fc.constant(null);
      return fc.tuple(several, quoted).map(([paid, reference]) => {
        const open = first?.openMinor ?? 0n;
        const amountMinor =
          first === null || draft.shape === "random"
            ? draft.randomMinor
            : draft.shape === "exact"
              ? open
              : draft.shape === "sum"
                ? paid.reduce((sum, item) => sum + item.openMinor, 0n) || open
                : draft.shape === "part"
                  ? open > 1n
                    ? open / 2n
                    : open
                  : open + 7n;
        const owner = customers.find((customer) => customer.customerId === first?.customerId);
        const ownName = draft.ownName ? (owner?.names[0] ?? null) : null;
        const remittance = [reference, draft.noise].filter((part) => part !== null).join(" ");
        return {
          bookingDate: "2026-12-05",
          amountMinor,
          currency: draft.otherCurrency ?? first?.currency ?? "CNY",
          counterpartyName: ownName ?? draft.name,
          counterpartyAccount: draft.account,
          remittance: remittance.length > 0 ? remittance : null,
          endToEndId: draft.endToEndId,
        };
      });
    });
  return fc
    .array(lineArbitrary, { minLength: 1, maxLength: 15 })
    .map((drafts) =>
      drafts.map((draft, position): BankLineToMatch => ({ lineId: `L${position}`, ...draft })),
    );
};

/** A book and lines against it. */
const casesArbitrary = fc
  .tuple(customersArbitrary, itemsArbitrary)
  .chain(([customers, items]) =>
    linesArbitrary(customers, items).map((lines) => ({ customers, items, lines })),
  );

const optionsArbitrary: fc.Arbitrary<MatchOptions> = fc.record({
  autoThreshold: fc.constantFrom(0.5, 0.8, 0.9, 0.95),
  combinationItemsMax: fc.integer({ min: 1, max: combinationItemsLimit }),
  nameThreshold: fc.constantFrom(0.3, 0.6, 0.9),
});

/**
 * Every proposal balances against the line and fits what is open now (`open`); proposals are
 * ranked and few; an automatic match is a confident, clear lead.
 */
function checkMatch(
  match: LineMatch,
  line: BankLineToMatch,
  items: ReadonlyMap<string, MatchableItem>,
  open: ReadonlyMap<string, bigint>,
  options: MatchOptions,
): void {
  expect(match.lineId).toBe(line.lineId);
  expect(match.proposals.length).toBeLessThanOrEqual(matchSuggestionsMax);
  for (const [index, proposal] of match.proposals.entries()) {
    expect(proposal.confidence).toBeGreaterThanOrEqual(0);
    expect(proposal.confidence).toBeLessThanOrEqual(1);
    if (index > 0)
      expect(proposal.confidence).toBeLessThanOrEqual(match.proposals[index - 1]?.confidence ?? 1);
    expect(proposal.unappliedMinor).toBeGreaterThanOrEqual(0n);
    let allocatedMinor = 0n;
    const seen = new Set<string>();
    for (const allocation of proposal.allocations) {
      const item = items.get(allocation.itemId);
      expect(item).toBeDefined();
      expect(item?.customerId).toBe(proposal.customerId);
      expect(item?.currency).toBe(line.currency);
      expect(seen.has(allocation.itemId)).toBe(false);
      seen.add(allocation.itemId);
      expect(allocation.amountMinor).toBeGreaterThan(0n);
      expect(allocation.amountMinor).toBeLessThanOrEqual(open.get(allocation.itemId) ?? 0n);
      allocatedMinor += allocation.amountMinor;
    }
    expect(allocatedMinor + proposal.unappliedMinor).toBe(line.amountMinor);
  }
  if (match.automatic) {
    const [best, runnerUp] = match.proposals;
    expect(best).toBeDefined();
    expect(best?.allocations.length).toBeGreaterThan(0);
    expect(best?.confidence).toBeGreaterThanOrEqual(options.autoThreshold);
    if (best !== undefined && runnerUp !== undefined) {
      expect(best.confidence - runnerUp.confidence).toBeGreaterThan(autoMarginMin - 1e-9);
    }
  }
  if (![...items.values()].some((item) => item.currency === line.currency)) {
    expect(match.proposals).toEqual([]);
  }
}

describe("matchBankLine", () => {
  it("balances every proposal and never allocates more than is open", () => {
    fc.assert(
      fc.property(casesArbitrary, optionsArbitrary, ({ customers, items, lines }, options) => {
        const index = buildMatchIndex(items, customers);
        const byId = new Map(items.map((item) => [item.itemId, item]));
        const open = new Map(items.map((item) => [item.itemId, item.openMinor]));
        for (const line of lines) checkMatch(matchBankLine(index, line, options), line, byId, open, options);
        // Proposals alone consume nothing.
        for (const item of items) expect(index.openMinorOf(item.itemId)).toBe(item.openMinor);
      }),
      run,
    );
  });
});

describe("matchBankLines", () => {
  it("consumes exactly the automatic allocations, never more than an item's open amount across lines", () => {
    fc.assert(
      fc.property(casesArbitrary, optionsArbitrary, ({ customers, items, lines }, options) => {
        const index = buildMatchIndex(items, customers);
        const byId = new Map(items.map((item) => [item.itemId, item]));
        // What is open before each line, kept here independently of the index.
        const open = new Map(items.map((item) => [item.itemId, item.openMinor]));
        const matches = matchBankLines(index, lines, options);
        expect(matches).toHaveLength(lines.length);
        for (const [position, match] of matches.entries()) {
          const line = lines[position];
          if (line === undefined) throw new Error("one match per line");
          checkMatch(match, line, byId, open, options);
          if (!match.automatic) continue;
          for (const allocation of match.proposals[0]?.allocations ?? []) {
            const rest = (open.get(allocation.itemId) ?? 0n) - allocation.amountMinor;
            expect(rest).toBeGreaterThanOrEqual(0n);
            open.set(allocation.itemId, rest);
          }
        }
        for (const item of items) expect(index.openMinorOf(item.itemId)).toBe(open.get(item.itemId));
      }),
      run,
    );
  });

  it("matches a line the same whether alone or after lines that consumed nothing", () => {
    fc.assert(
      fc.property(casesArbitrary, ({ customers, items, lines }) => {
        // With an unreachable threshold nothing is consumed, so every line sees the fresh book.
        const options = { autoThreshold: 1 };
        const together = matchBankLines(buildMatchIndex(items, customers), lines, options);
        const index = buildMatchIndex(items, customers);
        expect(together).toEqual(lines.map((line) => matchBankLine(index, line, options)));
      }),
      { numRuns: 100 },
    );
  });
});

describe("payer names", () => {
  const nameArbitrary = fc.oneof(
    fc.constantFrom(...namePool),
    fc.string({ maxLength: 12 }),
    fc
      .tuple(
        fc.constantFrom("上海", "广西壮族自治区", ""),
        fc.string({ minLength: 1, maxLength: 6 }),
        fc.constantFrom("有限公司", "厂", " Co., Ltd.", ""),
      )
      .map((parts) => parts.join("")),
  );

  it("scores from 0 to 1, symmetrically, and 1 exactly for equal cores", () => {
    fc.assert(
      fc.property(nameArbitrary, nameArbitrary, (a, b) => {
        const score = payerNameSimilarity(a, b);
        expect(score).toBeGreaterThanOrEqual(0);
        expect(score).toBeLessThanOrEqual(1);
        expect(payerNameSimilarity(b, a)).toBe(score);
        const coreA = normalizeCompanyName(a).core;
        const coreB = normalizeCompanyName(b).core;
        expect(score === 1).toBe(coreA.length > 0 && coreA === coreB);
      }),
      { numRuns: 1_000 },
    );
  });
});
