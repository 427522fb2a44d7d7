import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compare, parseDecimal } from "../../src/core/decimal.ts";
import { provisionFor, provisionMatrix } from "../../src/domain/risk/index.ts";

const balance = fc.bigInt({ min: -1_000_000n, max: 10_000_000_000n });

// Arbitrary month-end views of a few items (any bucket, any amount, items coming and going), and
// arbitrary write-offs: the invariants hold whatever the history.
const input = fc.integer({ min: 2, max: 8 }).chain((buckets) =>
  fc.integer({ min: 1, max: 13 }).chain((months) =>
    fc.record({
      bucketKeys: fc.constant(Array.from({ length: buckets }, (_, i) => `b${i}`)),
      snapshots: fc.array(
        fc.uniqueArray(
          fc.record({
            itemId: fc.constantFrom("i1", "i2", "i3", "i4", "i5", "i6"),
            bucket: fc.integer({ min: 0, max: buckets - 1 }),
            openMinor: balance,
          }),
          { selector: (item) => item.itemId, maxLength: 6 },
        ),
        { minLength: months, maxLength: months },
      ),
      writtenOff: fc.array(
        fc
          .array(fc.tuple(fc.constantFrom("i1", "i2", "i3"), fc.bigInt({ min: 0n, max: 10_000_000n })), {
            maxLength: 3,
          })
          .map((pairs) => new Map(pairs)),
        { minLength: months - 1, maxLength: months - 1 },
      ),
      forwardLookingAdjustment: fc.constantFrom("0", "0.1", "-0.2", "1", "-1", "0.035"),
    }),
  ),
);

describe("provision matrix properties", () => {
  it("loss rates lie in [0, 1], never fall with age, and the total is the sum of the buckets", () => {
    fc.assert(
      fc.property(input, ({ bucketKeys, snapshots, writtenOff, forwardLookingAdjustment }) => {
        const matrix = provisionMatrix({
          bucketKeys,
          snapshots,
          writtenOff,
          forwardLookingAdjustment,
          floorRates: {},
        });
        const rates = matrix.rows.map((row) => parseDecimal(row.lossRate));
        for (const rate of rates) {
          expect(compare(rate, parseDecimal("0"))).toBeGreaterThanOrEqual(0);
          expect(compare(rate, parseDecimal("1"))).toBeLessThanOrEqual(0);
        }
        for (let i = 1; i < rates.length; i += 1) {
          expect(
            compare(rates[i - 1] ?? parseDecimal("0"), rates[i] ?? parseDecimal("0")),
          ).toBeLessThanOrEqual(0);
        }
        for (const row of matrix.rows) {
          if (row.rollRate !== null)
            expect(compare(parseDecimal(row.rollRate), parseDecimal("1"))).toBeLessThanOrEqual(0);
          expect(row.provisionMinor).toBe(provisionFor(row.balanceMinor, row.lossRate));
          expect(row.provisionMinor >= 0n).toBe(true);
          expect(row.provisionMinor <= (row.balanceMinor > 0n ? row.balanceMinor : 0n)).toBe(true);
        }
        expect(matrix.requiredMinor).toBe(matrix.rows.reduce((sum, row) => sum + row.provisionMinor, 0n));
        expect(matrix.totalBalanceMinor).toBe(matrix.rows.reduce((sum, row) => sum + row.balanceMinor, 0n));
      }),
      { numRuns: 300 },
    );
  });
});
