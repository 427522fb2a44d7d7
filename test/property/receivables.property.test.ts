import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  add as addDecimal,
  compare,
  type Decimal,
  decimal,
  divide,
  multiply,
  ONE,
  parseDecimal,
  roundToInteger,
  subtract,
} from "../../src/core/decimal.ts";
import { type RoundingMode, roundingModes } from "../../src/core/rounding.ts";
import {
  type AllocatableItem,
  type AllocationMethod,
  type AllocationRecord,
  allocatePayment,
  cashToSettle,
  discountRateOn,
  openAmountAt,
  type WriteOffTolerance,
} from "../../src/domain/payments/index.ts";
import {
  checkPaymentTerms,
  type DueRule,
  dueDateOf,
  type InvoiceLineInput,
  invoiceTotals,
  type PaymentTerms,
  parseShare,
  splitByTerms,
  vatRates,
} from "../../src/domain/receivables/index.ts";

const run = { numRuns: 300 };

/** The calendar date `day` days after 1 January 2000, computed without the code under test. */
function dateAt(day: number): string {
  return new Date(Date.UTC(2000, 0, 1 + day)).toISOString().slice(0, 10);
}

const documentDays = fc.integer({ min: 0, max: 365 * 90 });

// ---------------------------------------------------------------------------------------------
// Terms
// ---------------------------------------------------------------------------------------------

/** Terms of one basis with rules that never go backwards, and exact fraction shares. */
const orderedTerms: fc.Arbitrary<PaymentTerms> = fc
  .record({
    basis: fc.constantFrom<DueRule["basis"]>("document", "month_end"),
    steps: fc.array(
      fc.record({
        weight: fc.integer({ min: 1, max: 1_000 }),
        months: fc.integer({ min: 0, max: 3 }),
        days: fc.integer({ min: 0, max: 40 }),
      }),
      { minLength: 1, maxLength: 8 },
    ),
  })
  .map(({ basis, steps }) => {
    const total = steps.reduce((sum, step) => sum + step.weight, 0);
    let months = 0;
    let days = 0;
    return {
      portions: steps.map((step) => {
        months += step.months;
        days += step.days;
        return { share: `${step.weight}/${total}`, due: { basis, months, days } };
      }),
      discounts: [],
    };
  });

const anyRule: fc.Arbitrary<DueRule> = fc.record({
  basis: fc.constantFrom<DueRule["basis"]>("document", "month_end"),
  months: fc.integer({ min: 0, max: 4 }),
  days: fc.integer({ min: 0, max: 70 }),
});

describe("splitByTerms", () => {
  it("parts add up to the gross, floor shares first, dates in order", () => {
    fc.assert(
      fc.property(
        orderedTerms,
        documentDays,
        fc.oneof(fc.bigInt({ min: 1n, max: 1_000n }), fc.bigInt({ min: 1n, max: 10n ** 15n })),
        (terms, day, grossMinor) => {
          expect(checkPaymentTerms(terms)).toEqual([]);
          const parts = splitByTerms(dateAt(day), grossMinor, terms);
          expect(parts.reduce((sum, part) => sum + part.amountMinor, 0n)).toBe(grossMinor);
          expect(parts[parts.length - 1]?.seq).toBe(terms.portions.length);
          let previousSeq = 0;
          let previousDate = "";
          for (const part of parts) {
            expect(part.amountMinor > 0n).toBe(true);
            expect(part.seq > previousSeq).toBe(true);
            expect(part.dueDate >= previousDate).toBe(true);
            const portion = terms.portions[part.seq - 1];
            if (portion === undefined) throw new Error("no such portion");
            const exact = multiply(decimal(grossMinor), parseShare(portion.share));
            if (part.seq < terms.portions.length) {
              expect(part.amountMinor).toBe(roundToInteger(exact, "floor"));
            } else {
              expect(compare(decimal(part.amountMinor), exact) >= 0).toBe(true);
            }
            previousSeq = part.seq;
            previousDate = part.dueDate;
          }
        },
      ),
      run,
    );
  });

  it("terms that pass the check fall due in portion order on every document date", () => {
    fc.assert(
      fc.property(fc.array(anyRule, { minLength: 2, maxLength: 4 }), documentDays, (rules, day) => {
        const terms: PaymentTerms = {
          portions: rules.map((due) => ({ share: `1/${rules.length}`, due })),
          discounts: [],
        };
        fc.pre(checkPaymentTerms(terms).length === 0);
        const dates = rules.map((due) => dueDateOf(dateAt(day), due));
        expect([...dates].sort()).toEqual(dates);
      }),
      { numRuns: 2_000 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Invoices
// ---------------------------------------------------------------------------------------------

const decimalText = (integerMax: number): fc.Arbitrary<string> =>
  fc
    .record({
      integer: fc.integer({ min: 0, max: integerMax }),
      fraction: fc.option(fc.stringMatching(/^[0-9]{1,8}$/), { nil: null }),
    })
    .map(({ integer, fraction }) => (fraction === null ? String(integer) : `${integer}.${fraction}`));

const lines: fc.Arbitrary<InvoiceLineInput[]> = fc.array(
  fc.record({
    description: fc.constant("货物"),
    quantity: decimalText(10_000).filter((text) => compare(parseDecimal(text), decimal(0)) > 0),
    unitPrice: decimalText(1_000_000),
    vatRate: fc.constantFrom(...vatRates),
  }),
  { minLength: 1, maxLength: 12 },
);

/** |a − b| < 1 */
function withinOne(a: Decimal, b: Decimal): boolean {
  const difference = subtract(a, b);
  return compare(difference, ONE) < 0 && compare(difference, decimal(-1)) > 0;
}

describe("invoiceTotals", () => {
  it("net + tax = gross on every line, totals are the sums, tax is the rate's within a unit", () => {
    fc.assert(
      fc.property(
        lines,
        fc.boolean(),
        fc.integer({ min: 0, max: 3 }),
        fc.constantFrom<RoundingMode>(...roundingModes),
        (input, taxInclusive, scale, rounding) => {
          const totals = invoiceTotals(input, { taxInclusive, scale, rounding });
          expect(totals.lines.length).toBe(input.length);
          let net = 0n;
          let tax = 0n;
          let gross = 0n;
          totals.lines.forEach((amounts, index) => {
            const line = input[index];
            if (line === undefined) throw new Error("no such line");
            expect(amounts.netMinor + amounts.taxMinor).toBe(amounts.grossMinor);
            expect(amounts.netMinor >= 0n && amounts.taxMinor >= 0n).toBe(true);
            const exactAmount = multiply(
              multiply(parseDecimal(line.quantity), parseDecimal(line.unitPrice)),
              decimal(10n ** BigInt(scale)),
            );
            const rate = parseDecimal(line.vatRate);
            const priced = taxInclusive ? amounts.grossMinor : amounts.netMinor;
            expect(withinOne(decimal(priced), exactAmount)).toBe(true);
            const taxExact = taxInclusive
              ? multiply(decimal(amounts.grossMinor), divide(rate, addDecimal(ONE, rate)))
              : multiply(decimal(amounts.netMinor), rate);
            expect(withinOne(decimal(amounts.taxMinor), taxExact)).toBe(true);
            net += amounts.netMinor;
            tax += amounts.taxMinor;
            gross += amounts.grossMinor;
          });
          expect([totals.netMinor, totals.taxMinor, totals.grossMinor]).toEqual([net, tax, gross]);
        },
      ),
      run,
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Allocation
// ---------------------------------------------------------------------------------------------

const paymentDay = 400;

const items: fc.Arbitrary<AllocatableItem[]> = fc
  .array(
    fc.record({
      openMinor: fc.oneof(fc.bigInt({ min: 1n, max: 100n }), fc.bigInt({ min: 1n, max: 100_000_000n })),
      extraMinor: fc.oneof(fc.constant(0n), fc.bigInt({ min: 0n, max: 1_000_000n })),
      dueOffset: fc.integer({ min: -60, max: 60 }),
      documentOffset: fc.integer({ min: -90, max: 0 }),
      windows: fc.array(
        fc.record({
          rate: fc.constantFrom("0.005", "0.01", "0.02", "0.05", "0.5"),
          untilOffset: fc.integer({ min: -10, max: 10 }),
        }),
        { maxLength: 2 },
      ),
      disputed: fc.boolean(),
    }),
    { maxLength: 8 },
  )
  .map((drafts) =>
    drafts.map((draft, index) => ({
      itemId: `I${index}`,
      dueDate: dateAt(paymentDay + draft.dueOffset),
      documentDate: dateAt(paymentDay + draft.documentOffset),
      openMinor: draft.openMinor,
      originalMinor: draft.openMinor + draft.extraMinor,
      discountWindows: draft.windows.map((window) => ({
        rate: window.rate,
        until: dateAt(paymentDay + window.untilOffset),
      })),
      disputed: draft.disputed,
    })),
  );

function openTotal(list: ReadonlyArray<AllocatableItem>): bigint {
  return list.reduce((sum, item) => sum + item.openMinor, 0n);
}

const allocationCases = items.chain((list) =>
  fc.record({
    items: fc.constant(list),
    method: fc.oneof(
      fc.constant<AllocationMethod>({ kind: "oldest_first" }),
      fc.constant<AllocationMethod>({ kind: "proportional" }),
      fc.shuffledSubarray(list).chain((picked) =>
        fc
          .tuple(
            ...picked.map((item) =>
              fc.option(fc.bigInt({ min: 0n, max: item.openMinor }), { nil: null, freq: 2 }),
            ),
          )
          .map(
            (caps): AllocationMethod => ({
              kind: "chosen",
              items: picked.map((item, index) => ({ itemId: item.itemId, amountMinor: caps[index] ?? null })),
            }),
          ),
      ),
    ),
    amountMinor: fc.oneof(
      fc.bigInt({ min: 0n, max: 1_000n }),
      fc.bigInt({ min: 0n, max: (openTotal(list) * 6n) / 5n + 10n }),
      // Just short of everything open: where shortfalls are written off.
      fc
        .bigInt({ min: 0n, max: 200n })
        .map((short) => (openTotal(list) > short ? openTotal(list) - short : 0n)),
    ),
    takeDiscounts: fc.boolean(),
    tolerance: fc.option(
      fc.record({
        amountMinor: fc.bigInt({ min: 0n, max: 10_000n }),
        share: fc.constantFrom("0", "0.005", "0.01", "1"),
      }),
      { nil: null },
    ),
    rounding: fc.constantFrom<RoundingMode>(...roundingModes),
  }),
);

describe("allocatePayment", () => {
  it("keeps its invariants for every method, discount and tolerance", () => {
    fc.assert(
      fc.property(allocationCases, (input) => {
        const date = dateAt(paymentDay);
        const result = allocatePayment({ ...input, date });
        const byId = new Map(input.items.map((item) => [item.itemId, item]));
        const caps =
          input.method.kind === "chosen"
            ? new Map(input.method.items.map((entry) => [entry.itemId, entry.amountMinor]))
            : null;

        expect(result.appliedMinor + result.unappliedMinor).toBe(input.amountMinor);
        expect(result.unappliedMinor >= 0n).toBe(true);
        const sum = (pick: (line: (typeof result.lines)[number]) => bigint): bigint =>
          result.lines.reduce((total, line) => total + pick(line), 0n);
        expect(sum((line) => line.appliedMinor)).toBe(result.appliedMinor);
        expect(sum((line) => line.discountMinor)).toBe(result.discountMinor);
        expect(sum((line) => line.writeOffMinor)).toBe(result.writeOffMinor);
        expect(new Set(result.lines.map((line) => line.itemId)).size).toBe(result.lines.length);

        const touched = new Set<string>();
        for (const line of result.lines) {
          const item = byId.get(line.itemId);
          if (item === undefined) throw new Error(`line for unknown item ${line.itemId}`);
          touched.add(line.itemId);
          expect(line.appliedMinor >= 0n && line.discountMinor >= 0n && line.writeOffMinor >= 0n).toBe(true);
          expect(line.appliedMinor > 0n).toBe(true);
          const settled = line.appliedMinor + line.discountMinor + line.writeOffMinor;
          expect(settled <= item.openMinor).toBe(true);
          if (caps === null) {
            expect(item.disputed).toBe(false);
          } else {
            expect(caps.has(item.itemId)).toBe(true);
            const cap = caps.get(item.itemId) ?? null;
            if (cap !== null) expect(line.appliedMinor <= cap).toBe(true);
          }
          const rate = input.takeDiscounts ? discountRateOn(item.discountWindows, date) : null;
          const settleMinor = cashToSettle(item.openMinor, rate, input.rounding);
          expect(line.appliedMinor <= settleMinor).toBe(true);
          if (rate === null) expect(line.discountMinor).toBe(0n);
          if (line.appliedMinor < settleMinor) {
            // A partial payment never settles the item by itself.
            expect(line.appliedMinor + line.discountMinor < item.openMinor).toBe(true);
          } else {
            expect(line.appliedMinor + line.discountMinor).toBe(item.openMinor);
          }
          if (line.writeOffMinor > 0n) {
            const tolerance = input.tolerance as WriteOffTolerance;
            expect(tolerance).not.toBeNull();
            expect(result.unappliedMinor).toBe(0n);
            expect(settled).toBe(item.openMinor);
            expect(line.writeOffMinor <= tolerance.amountMinor).toBe(true);
            const shareLimit = multiply(decimal(item.originalMinor), parseDecimal(tolerance.share));
            expect(
              compare(decimal(line.writeOffMinor), shareLimit) <= 0 ||
                withinOne(decimal(line.writeOffMinor), shareLimit),
            ).toBe(true);
          }
        }

        // Cash left over means nothing the method could reach still needed it.
        if (result.unappliedMinor > 0n) {
          expect(result.writeOffMinor).toBe(0n);
          const reachable =
            input.method.kind === "chosen"
              ? input.method.items.map((entry) => ({ item: byId.get(entry.itemId), cap: entry.amountMinor }))
              : input.items.filter((item) => !item.disputed).map((item) => ({ item, cap: null }));
          for (const { item, cap } of reachable) {
            if (item === undefined) throw new Error("no such item");
            const rate = input.takeDiscounts ? discountRateOn(item.discountWindows, date) : null;
            const settleMinor = cashToSettle(item.openMinor, rate, input.rounding);
            const wanted = cap === null || cap > settleMinor ? settleMinor : cap;
            const line = result.lines.find((entry) => entry.itemId === item.itemId);
            expect(line?.appliedMinor ?? 0n).toBe(wanted);
          }
        }
      }),
      { numRuns: 1_000 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Open amounts on a date
// ---------------------------------------------------------------------------------------------

const records: fc.Arbitrary<AllocationRecord[]> = fc.array(
  fc
    .record({
      day: fc.integer({ min: 0, max: 200 }),
      appliedMinor: fc.bigInt({ min: 0n, max: 1_000_000n }),
      discountMinor: fc.bigInt({ min: 0n, max: 10_000n }),
      writeOffMinor: fc.bigInt({ min: 0n, max: 100n }),
      reversedAfter: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }),
    })
    .map((draft) => ({
      itemId: "A",
      date: dateAt(draft.day),
      appliedMinor: draft.appliedMinor,
      discountMinor: draft.discountMinor,
      writeOffMinor: draft.writeOffMinor,
      reversedOn: draft.reversedAfter === null ? null : dateAt(draft.day + draft.reversedAfter),
    })),
  { maxLength: 10 },
);

describe("openAmountAt", () => {
  it("never exceeds the original, and after every date is the original less what stands", () => {
    fc.assert(
      fc.property(
        records,
        fc.bigInt({ min: 0n, max: 100_000_000n }),
        fc.integer({ min: -5, max: 320 }),
        (list, originalMinor, day) => {
          expect(openAmountAt(originalMinor, list, dateAt(day)) <= originalMinor).toBe(true);
          const standing = list
            .filter((record) => record.reversedOn === null)
            .reduce(
              (sum, record) => sum + record.appliedMinor + record.discountMinor + record.writeOffMinor,
              0n,
            );
          expect(openAmountAt(originalMinor, list, dateAt(400))).toBe(originalMinor - standing);
          expect(openAmountAt(originalMinor, list, dateAt(-1))).toBe(originalMinor);
        },
      ),
      run,
    );
  });
});
