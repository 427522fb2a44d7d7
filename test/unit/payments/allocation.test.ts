import { describe, expect, it } from "vitest";
import { decimal } from "../../../src/core/decimal.ts";
import { isAppError } from "../../../src/core/errors.ts";
import { parseMinor } from "../../../src/core/money.ts";
import {
  type AllocatableItem,
  type AllocationInput,
  type AllocationRecord,
  type AllocationResult,
  agingOf,
  allocatePayment,
  cashToSettle,
  checkAgingEdges,
  daysPastDue,
  defaultAgingEdgesDays,
  discountRateOn,
  openAmountAt,
} from "../../../src/domain/payments/index.ts";
import { discountWindows, net, withDiscounts } from "../../../src/domain/receivables/index.ts";
import { thrown } from "../core/support.ts";

const cny = (text: string): bigint => parseMinor(text, "CNY");

function item(
  itemId: string,
  dueDate: string,
  open: string,
  change: Partial<AllocatableItem> = {},
): AllocatableItem {
  return {
    itemId,
    dueDate,
    documentDate: "2026-01-01",
    openMinor: cny(open),
    originalMinor: cny(open),
    discountWindows: [],
    disputed: false,
    ...change,
  };
}

/** An invoice of 1 January 2026 on 2/10 net 30: the discount runs through 11 January. */
const twoTenNet30 = discountWindows("2026-01-01", withDiscounts(net(30), [{ rate: "0.02", days: 10 }]));

const base: AllocationInput = {
  amountMinor: 0n,
  date: "2026-01-11",
  items: [],
  method: { kind: "oldest_first" },
  takeDiscounts: true,
  tolerance: null,
  rounding: "half-up",
};

function allocateWith(change: Partial<AllocationInput>): AllocationResult {
  return allocatePayment({ ...base, ...change });
}

function issuesOf(action: () => unknown): string[] {
  const error = thrown(action);
  if (!isAppError(error)) throw error;
  expect(error.code).toBe("VALIDATION_FAILED");
  return error.issues.map((issue) => `${issue.path} ${issue.code}`);
}

describe("cash discounts (现金折扣)", () => {
  const invoice = item("INV-1", "2026-01-31", "113000.00", { discountWindows: twoTenNet30 });

  it("2/10 net 30 on 113,000.00 paid on day 10: 110,740.00 settles it with 2,260.00 of discount", () => {
    expect(discountWindows("2026-01-01", withDiscounts(net(30), [{ rate: "0.02", days: 10 }]))).toEqual([
      { rate: "0.02", until: "2026-01-11" },
    ]);
    expect(allocateWith({ amountMinor: cny("110740.00"), items: [invoice] })).toEqual({
      lines: [
        { itemId: "INV-1", appliedMinor: cny("110740.00"), discountMinor: cny("2260.00"), writeOffMinor: 0n },
      ],
      unappliedMinor: 0n,
      appliedMinor: cny("110740.00"),
      discountMinor: cny("2260.00"),
      writeOffMinor: 0n,
    });
  });

  it("paying the full 113,000.00 in the window leaves 2,260.00 unapplied", () => {
    const result = allocateWith({ amountMinor: cny("113000.00"), items: [invoice] });
    expect(result.lines).toEqual([
      { itemId: "INV-1", appliedMinor: cny("110740.00"), discountMinor: cny("2260.00"), writeOffMinor: 0n },
    ]);
    expect(result.unappliedMinor).toBe(cny("2260.00"));
  });

  it("on day 11 the window is closed: the cash applies without discount", () => {
    const result = allocateWith({ amountMinor: cny("110740.00"), date: "2026-01-12", items: [invoice] });
    expect(result.lines).toEqual([
      { itemId: "INV-1", appliedMinor: cny("110740.00"), discountMinor: 0n, writeOffMinor: 0n },
    ]);
  });

  it("no discount unless asked for", () => {
    const result = allocateWith({ amountMinor: cny("110740.00"), items: [invoice], takeDiscounts: false });
    expect(result.discountMinor).toBe(0n);
    expect(result.appliedMinor).toBe(cny("110740.00"));
  });

  it("a partial payment of 49,000.00 in the window earns 1,000.00 and settles 50,000.00", () => {
    // 49,000 is the 98 % of 50,000 that is paid in cash: 49,000 × 0.02 ÷ 0.98 = 1,000.
    const result = allocateWith({ amountMinor: cny("49000.00"), date: "2026-01-05", items: [invoice] });
    expect(result.lines).toEqual([
      { itemId: "INV-1", appliedMinor: cny("49000.00"), discountMinor: cny("1000.00"), writeOffMinor: 0n },
    ]);
  });

  it("earns the best rate of the windows still open on the value date", () => {
    const tiers = discountWindows(
      "2026-01-01",
      withDiscounts(net(30), [
        { rate: "0.02", days: 10 },
        { rate: "0.01", days: 20 },
      ]),
    );
    expect(discountRateOn(tiers, "2026-01-05")).toEqual(decimal(2, 100));
    expect(discountRateOn(tiers, "2026-01-11")).toEqual(decimal(2, 100));
    expect(discountRateOn(tiers, "2026-01-12")).toEqual(decimal(1, 100));
    expect(discountRateOn(tiers, "2026-01-22")).toBeNull();
    const tiered = item("INV-2", "2026-01-31", "100000.00", { discountWindows: tiers });
    const result = allocateWith({ amountMinor: cny("99000.00"), date: "2026-01-15", items: [tiered] });
    expect(result.lines).toEqual([
      { itemId: "INV-2", appliedMinor: cny("99000.00"), discountMinor: cny("1000.00"), writeOffMinor: 0n },
    ]);
  });

  it("never settles an item by discount alone", () => {
    // 1 分 at 50 %, rounded half-up, would be a discount of the whole item.
    expect(cashToSettle(1n, decimal(1, 2), "half-up")).toBe(1n);
    expect(cashToSettle(cny("113000.00"), decimal(2, 100), "half-up")).toBe(cny("110740.00"));
    expect(cashToSettle(cny("113000.00"), null, "half-up")).toBe(cny("113000.00"));
  });
});

describe("oldest_first", () => {
  it("settles by due date, then document date, then id, skipping disputed items", () => {
    const items = [
      item("A", "2026-01-10", "500.00", { disputed: true }),
      item("B", "2026-01-20", "300.00"),
      item("C", "2026-01-05", "200.00"),
      item("D", "2026-01-20", "100.00", { documentDate: "2025-12-01" }),
    ];
    const result = allocateWith({ amountMinor: cny("450.00"), date: "2026-02-01", items });
    expect(result.lines).toEqual([
      { itemId: "C", appliedMinor: cny("200.00"), discountMinor: 0n, writeOffMinor: 0n },
      { itemId: "D", appliedMinor: cny("100.00"), discountMinor: 0n, writeOffMinor: 0n },
      { itemId: "B", appliedMinor: cny("150.00"), discountMinor: 0n, writeOffMinor: 0n },
    ]);
    expect(result.unappliedMinor).toBe(0n);
  });

  it("breaks a full tie by item id, whatever the input order", () => {
    const items = [item("Z", "2026-01-10", "10.00"), item("Y", "2026-01-10", "10.00")];
    expect(allocateWith({ amountMinor: cny("10.00"), items }).lines.map((line) => line.itemId)).toEqual([
      "Y",
    ]);
  });

  it("keeps an overpayment unapplied", () => {
    const result = allocateWith({ amountMinor: cny("1000.00"), items: [item("A", "2026-01-10", "300.00")] });
    expect([result.appliedMinor, result.unappliedMinor]).toEqual([cny("300.00"), cny("700.00")]);
  });

  it("with nothing to pay or nothing open, touches nothing", () => {
    expect(allocateWith({ amountMinor: 0n, items: [item("A", "2026-01-10", "300.00")] })).toEqual({
      lines: [],
      unappliedMinor: 0n,
      appliedMinor: 0n,
      discountMinor: 0n,
      writeOffMinor: 0n,
    });
    expect(allocateWith({ amountMinor: cny("5.00"), items: [] }).unappliedMinor).toBe(cny("5.00"));
    expect(
      allocateWith({ amountMinor: cny("5.00"), items: [item("A", "2026-01-10", "3.00", { disputed: true })] })
        .unappliedMinor,
    ).toBe(cny("5.00"));
  });
});

describe("chosen", () => {
  const items = [
    item("A", "2026-01-10", "500.00", { disputed: true }),
    item("B", "2026-01-20", "300.00"),
    item("X", "2026-01-31", "113000.00", { discountWindows: twoTenNet30 }),
  ];

  it("follows the given order and caps, disputed items included", () => {
    const result = allocateWith({
      amountMinor: cny("500.00"),
      items,
      method: {
        kind: "chosen",
        items: [
          { itemId: "B", amountMinor: null },
          { itemId: "A", amountMinor: cny("100.00") },
        ],
      },
    });
    expect(result.lines).toEqual([
      { itemId: "B", appliedMinor: cny("300.00"), discountMinor: 0n, writeOffMinor: 0n },
      { itemId: "A", appliedMinor: cny("100.00"), discountMinor: 0n, writeOffMinor: 0n },
    ]);
    expect(result.unappliedMinor).toBe(cny("100.00"));
  });

  it("a discounted item takes only its settlement cash; the rest moves on", () => {
    const result = allocateWith({
      amountMinor: cny("113000.00"),
      items,
      method: {
        kind: "chosen",
        items: [
          { itemId: "X", amountMinor: cny("113000.00") },
          { itemId: "B", amountMinor: null },
        ],
      },
    });
    expect(result.lines).toEqual([
      { itemId: "X", appliedMinor: cny("110740.00"), discountMinor: cny("2260.00"), writeOffMinor: 0n },
      { itemId: "B", appliedMinor: cny("300.00"), discountMinor: 0n, writeOffMinor: 0n },
    ]);
    expect(result.unappliedMinor).toBe(cny("1960.00"));
  });

  it("refuses unknown and repeated items and caps above the open amount", () => {
    const chosen = (entries: ReadonlyArray<{ itemId: string; amountMinor: bigint | null }>): string[] =>
      issuesOf(() =>
        allocateWith({ amountMinor: cny("10.00"), items, method: { kind: "chosen", items: entries } }),
      );
    expect(
      chosen([
        { itemId: "B", amountMinor: null },
        { itemId: "NOPE", amountMinor: null },
      ]),
    ).toEqual(["items.1.itemId NOT_FOUND"]);
    expect(chosen([{ itemId: "B", amountMinor: cny("300.01") }])).toEqual([
      "items.0.amountMinor OUT_OF_RANGE",
    ]);
    expect(chosen([{ itemId: "B", amountMinor: -1n }])).toEqual(["items.0.amountMinor OUT_OF_RANGE"]);
    expect(
      chosen([
        { itemId: "B", amountMinor: null },
        { itemId: "B", amountMinor: null },
      ]),
    ).toEqual(["items.1.itemId DUPLICATE"]);
  });
});

describe("proportional", () => {
  it("splits the cash by what each undisputed item needs", () => {
    const items = [
      item("P", "2026-01-10", "100.00"),
      item("Q", "2026-01-20", "300.00"),
      item("R", "2026-01-05", "1000.00", { disputed: true }),
    ];
    const method = { kind: "proportional" } as const;
    expect(allocateWith({ amountMinor: cny("200.00"), items, method }).lines).toEqual([
      { itemId: "P", appliedMinor: cny("50.00"), discountMinor: 0n, writeOffMinor: 0n },
      { itemId: "Q", appliedMinor: cny("150.00"), discountMinor: 0n, writeOffMinor: 0n },
    ]);
    const more = allocateWith({ amountMinor: cny("500.00"), items, method });
    expect(more.lines.map((line) => line.appliedMinor)).toEqual([cny("100.00"), cny("300.00")]);
    expect(more.unappliedMinor).toBe(cny("100.00"));
  });

  it("gives rounding remainders to the oldest items first", () => {
    const items = [
      item("L", "2026-01-03", "0.01"),
      item("K", "2026-01-02", "0.01"),
      item("J", "2026-01-01", "0.01"),
    ];
    const result = allocateWith({ amountMinor: 2n, items, method: { kind: "proportional" } });
    expect(result.lines.map((line) => [line.itemId, line.appliedMinor])).toEqual([
      ["J", 1n],
      ["K", 1n],
    ]);
  });

  it("weighs a discounted item by its settlement cash and gives it its pro-rata discount", () => {
    const items = [
      item("P", "2026-01-31", "100.00", { discountWindows: twoTenNet30 }),
      item("Q", "2026-01-31", "100.00"),
    ];
    // Needs 98.00 and 100.00; 99.00 splits 49.00 / 50.00, and 49.00 at 2 % earns 1.00.
    const result = allocateWith({ amountMinor: cny("99.00"), items, method: { kind: "proportional" } });
    expect(result.lines).toEqual([
      { itemId: "P", appliedMinor: cny("49.00"), discountMinor: cny("1.00"), writeOffMinor: 0n },
      { itemId: "Q", appliedMinor: cny("50.00"), discountMinor: 0n, writeOffMinor: 0n },
    ]);
  });
});

describe("write-off of a small shortfall", () => {
  const items = [item("F", "2026-01-01", "100.00"), item("G", "2026-02-01", "200.00")];
  const tolerance = { amountMinor: cny("10.00"), share: "0.005" };

  it("writes off 0.50 short of 200.00 (at most 10.00 and 0.5 % = 1.00)", () => {
    const result = allocateWith({ amountMinor: cny("299.50"), date: "2026-02-05", items, tolerance });
    expect(result).toEqual({
      lines: [
        { itemId: "F", appliedMinor: cny("100.00"), discountMinor: 0n, writeOffMinor: 0n },
        { itemId: "G", appliedMinor: cny("199.50"), discountMinor: 0n, writeOffMinor: cny("0.50") },
      ],
      unappliedMinor: 0n,
      appliedMinor: cny("299.50"),
      discountMinor: 0n,
      writeOffMinor: cny("0.50"),
    });
  });

  it("not beyond either limit, nor without a tolerance", () => {
    // 1.50 short is more than 0.5 % of 200.00.
    expect(allocateWith({ amountMinor: cny("298.50"), items, tolerance }).writeOffMinor).toBe(0n);
    // 1.00 short is exactly the share limit: written off.
    expect(allocateWith({ amountMinor: cny("299.00"), items, tolerance }).writeOffMinor).toBe(cny("1.00"));
    const small = { amountMinor: cny("0.30"), share: "0.005" };
    expect(allocateWith({ amountMinor: cny("299.50"), items, tolerance: small }).writeOffMinor).toBe(0n);
    expect(allocateWith({ amountMinor: cny("299.50"), items, tolerance: null }).writeOffMinor).toBe(0n);
  });

  it("never when cash is left over", () => {
    const result = allocateWith({
      amountMinor: cny("150.00"),
      items,
      method: {
        kind: "chosen",
        items: [
          { itemId: "F", amountMinor: cny("99.50") },
          { itemId: "G", amountMinor: cny("50.00") },
        ],
      },
      tolerance,
    });
    expect(result.unappliedMinor).toBe(cny("0.50"));
    expect(result.writeOffMinor).toBe(0n);
  });

  it("writes off what a partial discount leaves", () => {
    // 110,739.50 on day 10: 2,259.99 of discount pro rata, 0.51 left, within 10.00.
    const invoice = item("INV-1", "2026-01-31", "113000.00", { discountWindows: twoTenNet30 });
    const result = allocateWith({ amountMinor: cny("110739.50"), items: [invoice], tolerance });
    expect(result.lines).toEqual([
      {
        itemId: "INV-1",
        appliedMinor: cny("110739.50"),
        discountMinor: cny("2259.99"),
        writeOffMinor: cny("0.51"),
      },
    ]);
  });
});

describe("allocatePayment input", () => {
  it("names invalid fields", () => {
    expect(issuesOf(() => allocateWith({ amountMinor: -1n }))).toEqual(["amountMinor OUT_OF_RANGE"]);
    expect(issuesOf(() => allocateWith({ date: "2026-13-01" }))).toEqual(["date INVALID_DATE"]);
    expect(issuesOf(() => allocateWith({ tolerance: { amountMinor: -1n, share: "1.5" } }))).toEqual([
      "tolerance.amountMinor OUT_OF_RANGE",
      "tolerance.share INVALID_SHARE",
    ]);
    expect(
      issuesOf(() =>
        allocateWith({ method: { kind: "newest_first" } as unknown as AllocationInput["method"] }),
      ),
    ).toEqual(["method.kind INVALID_CHOICE"]);
  });

  it("treats malformed open items as a bug", () => {
    const broken = [item("A", "2026-01-10", "0.00")];
    expect(() => allocateWith({ amountMinor: 1n, items: broken })).toThrow(/Assertion failed/);
    const twice = [item("A", "2026-01-10", "1.00"), item("A", "2026-01-11", "1.00")];
    expect(() => allocateWith({ amountMinor: 1n, items: twice })).toThrow(/Assertion failed/);
  });
});

describe("openAmountAt", () => {
  const records: AllocationRecord[] = [
    {
      itemId: "A",
      date: "2026-01-10",
      appliedMinor: cny("300.00"),
      discountMinor: 0n,
      writeOffMinor: 0n,
      reversedOn: null,
    },
    {
      itemId: "A",
      date: "2026-01-20",
      appliedMinor: cny("200.00"),
      discountMinor: cny("10.00"),
      writeOffMinor: cny("0.50"),
      reversedOn: "2026-01-25",
    },
  ];

  it("counts allocations up to the date, and reversals from their day", () => {
    expect(openAmountAt(cny("1000.00"), records, "2026-01-09")).toBe(cny("1000.00"));
    expect(openAmountAt(cny("1000.00"), records, "2026-01-10")).toBe(cny("700.00"));
    expect(openAmountAt(cny("1000.00"), records, "2026-01-20")).toBe(cny("489.50"));
    expect(openAmountAt(cny("1000.00"), records, "2026-01-24")).toBe(cny("489.50"));
    expect(openAmountAt(cny("1000.00"), records, "2026-01-25")).toBe(cny("700.00"));
    expect(openAmountAt(cny("1000.00"), records, "2027-01-01")).toBe(cny("700.00"));
    expect(openAmountAt(cny("1000.00"), [], "2027-01-01")).toBe(cny("1000.00"));
  });

  it("refuses records of several items and reversals before the allocation", () => {
    expect(() =>
      openAmountAt(100n, [...records, { ...records[0], itemId: "B" } as AllocationRecord], "2026-02-01"),
    ).toThrow(/one item/);
    const early = { ...records[1], reversedOn: "2026-01-19" } as AllocationRecord;
    expect(() => openAmountAt(100n, [early], "2026-02-01")).toThrow(/reversed on or after/);
  });
});

describe("aging", () => {
  const asOf = "2026-03-31";

  it("daysPastDue is asOf − dueDate", () => {
    expect(daysPastDue("2026-03-31", asOf)).toBe(0);
    expect(daysPastDue("2026-02-28", asOf)).toBe(31);
    expect(daysPastDue("2026-04-01", asOf)).toBe(-1);
    expect(daysPastDue("2024-02-28", "2024-03-01")).toBe(2);
  });

  it("puts each edge day in the bucket it closes", () => {
    // Due dates 0, 1, 30, 31, 60, 61, 90, 91, 180, 181, 365 and 366 days before 31 March 2026.
    const dueDates = [
      "2026-03-31",
      "2026-03-30",
      "2026-03-01",
      "2026-02-28",
      "2026-01-30",
      "2026-01-29",
      "2025-12-31",
      "2025-12-30",
      "2025-10-02",
      "2025-10-01",
      "2025-03-31",
      "2025-03-30",
    ];
    const items = dueDates.map((dueDate, index) => ({ dueDate, openMinor: BigInt(10 ** index) }));
    items.push({ dueDate: "2026-04-01", openMinor: 5n }, { dueDate: "2020-01-01", openMinor: 0n });
    const aging = agingOf(items, asOf);
    expect(aging.buckets).toEqual([
      { key: "not_due", fromDays: null, toDays: 0, amountMinor: 1n + 5n, count: 2 },
      { key: "1_30", fromDays: 1, toDays: 30, amountMinor: 110n, count: 2 },
      { key: "31_60", fromDays: 31, toDays: 60, amountMinor: 11_000n, count: 2 },
      { key: "61_90", fromDays: 61, toDays: 90, amountMinor: 1_100_000n, count: 2 },
      { key: "91_180", fromDays: 91, toDays: 180, amountMinor: 110_000_000n, count: 2 },
      { key: "181_365", fromDays: 181, toDays: 365, amountMinor: 11_000_000_000n, count: 2 },
      { key: "over_365", fromDays: 366, toDays: null, amountMinor: 100_000_000_000n, count: 1 },
    ]);
    expect(aging.totalMinor).toBe(111_111_111_111n + 5n);
    expect(aging.overdueMinor).toBe(111_111_111_110n);
  });

  it("counts credits in not_due and leaves overdue amounts gross", () => {
    const aging = agingOf(
      [
        { dueDate: "2025-01-01", openMinor: cny("-50.00") },
        { dueDate: "2026-01-01", openMinor: cny("100.00") },
      ],
      asOf,
    );
    expect(aging.buckets[0]).toEqual({
      key: "not_due",
      fromDays: null,
      toDays: 0,
      amountMinor: cny("-50.00"),
      count: 1,
    });
    expect([aging.totalMinor, aging.overdueMinor]).toEqual([cny("50.00"), cny("100.00")]);
  });

  it("derives the buckets from the edges", () => {
    expect(defaultAgingEdgesDays).toEqual([30, 60, 90, 180, 365]);
    const aging = agingOf([{ dueDate: "2026-03-01", openMinor: 7n }], asOf, [15, 45]);
    expect(aging.buckets.map((bucket) => [bucket.key, bucket.amountMinor])).toEqual([
      ["not_due", 0n],
      ["1_15", 0n],
      ["16_45", 7n],
      ["over_45", 0n],
    ]);
  });

  it("refuses edges that are not ascending whole days", () => {
    expect(checkAgingEdges([30, 30]).map((issue) => `${issue.path} ${issue.code}`)).toEqual([
      "edgesDays.1 OUT_OF_RANGE",
    ]);
    expect(checkAgingEdges([0, 10]).map((issue) => issue.path)).toEqual(["edgesDays.0"]);
    expect(checkAgingEdges([1.5]).map((issue) => issue.path)).toEqual(["edgesDays.0"]);
    expect(issuesOf(() => agingOf([], asOf, []))).toEqual(["edgesDays COUNT"]);
  });
});
