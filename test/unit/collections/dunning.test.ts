import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, formatBusinessDate, parseBusinessDate } from "../../../src/core/dates.ts";
import {
  checkDunningPolicy,
  type DunningItem,
  type DunningPolicy,
  defaultDunningPolicy,
  type LastNotice,
  renderDunningTemplate,
  selectDunning,
} from "../../../src/domain/collections/index.ts";

const policy = defaultDunningPolicy;
const codes = policy.levels.map((level) => level.code);
const day = (base: string, days: number) => formatBusinessDate(addDays(parseBusinessDate(base), days));

function item(
  itemId: string,
  dueDate: string,
  openMinor = 100_000n,
  extra: Partial<DunningItem> = {},
): DunningItem {
  return { itemId, dueDate, openMinor, disputed: false, promisedUntil: null, ...extra };
}

/** Runs the selection once a day from `from` to `to`, remembering the last notice as the batch does. */
function daily(
  items: (today: string) => DunningItem[],
  from: string,
  to: string,
  skip: (today: string) => boolean = () => false,
) {
  const sent: Array<[string, string]> = [];
  let last: LastNotice | null = null;
  for (let today = from; today <= to; today = day(today, 1)) {
    if (skip(today)) continue;
    const decision = selectDunning({ today, policy, items: items(today), lastNotice: last });
    if (decision === null) continue;
    sent.push([today, decision.level.code]);
    last = { levelIndex: decision.levelIndex, itemIds: decision.items.map((i) => i.itemId) };
  }
  return sent;
}

describe("the dunning policy", () => {
  it("ships a valid default: −3, +1, +7, +15, +30 with a fee, +60 and +90 with approval", () => {
    expect(checkDunningPolicy(policy)).toEqual([]);
    expect(policy.levels.map((level) => level.daysFromDue)).toEqual([-3, 1, 7, 15, 30, 60, 90]);
    expect(policy.levels.map((level) => level.channel)).toEqual([
      "email",
      "email",
      "sms",
      "phone_task",
      "letter",
      "letter",
      "legal",
    ]);
    expect(policy.levels.find((level) => level.code === "demand")?.feeMinor).toBe(5000n);
  });

  it("refuses levels out of order, repeated codes, unknown variables and empty templates, at the field", () => {
    const [first, second] = policy.levels;
    if (first === undefined || second === undefined) throw new Error("levels");
    const bad: DunningPolicy = {
      minimumOverdueMinor: -1n,
      levels: [
        first,
        {
          ...second,
          code: "reminder",
          daysFromDue: -3,
          templates: { ...second.templates, en: { subject: "", body: "{{amount}}" } },
        },
      ],
    };
    const paths = checkDunningPolicy(bad).map((issue) => `${issue.path} ${issue.code}`);
    expect(paths).toEqual([
      "minimumOverdue NEGATIVE",
      "levels.1.code DUPLICATE",
      "levels.1.daysFromDue ORDER",
      "levels.1.templates.en.subject LENGTH",
      "levels.1.templates.en.body UNKNOWN_VARIABLE",
    ]);
    expect(checkDunningPolicy({ minimumOverdueMinor: 0n, levels: [] })[0]?.code).toBe("COUNT");
  });

  it("fills templates with their variables", () => {
    expect(
      renderDunningTemplate("{{customerName}}：{{currency}} {{totalDue}}，{{ unknown }}。", {
        customerName: "星辰科技",
        currency: "CNY",
        totalDue: "1,130.00",
      }),
    ).toBe("星辰科技：CNY 1,130.00，。");
  });
});

describe("choosing the notice", () => {
  it("escalates one level at a time, each on its day, and never sends a level twice", () => {
    const items = () => [item("a", "2026-11-01")];
    expect(daily(items, "2026-10-20", "2027-03-01")).toEqual([
      ["2026-10-29", "reminder"],
      ["2026-11-02", "overdue"],
      ["2026-11-08", "sms"],
      ["2026-11-16", "phone"],
      ["2026-12-01", "demand"],
      ["2026-12-31", "lawyer"],
      ["2027-01-30", "legal"],
    ]);
  });

  it("after an outage sends the level reached, not every level missed (the catch-up runs each date)", () => {
    const items = () => [item("a", "2026-11-01")];
    const down = (today: string) => today >= "2026-11-03" && today < "2026-12-05";
    expect(daily(items, "2026-10-20", "2026-12-10", down)).toEqual([
      ["2026-10-29", "reminder"],
      ["2026-11-02", "overdue"],
      ["2026-12-05", "demand"],
    ]);
  });

  it("leaves disputed items out, and a customer whose only overdue item is disputed gets nothing", () => {
    const today = "2026-11-20";
    const disputed = item("d", "2026-10-01", 500_000n, { disputed: true });
    expect(selectDunning({ today, policy, items: [disputed], lastNotice: null })).toBeNull();
    const decision = selectDunning({
      today,
      policy,
      items: [disputed, item("b", "2026-11-10")],
      lastNotice: null,
    });
    expect(decision?.level.code).toBe("sms");
    expect(decision?.items.map((i) => i.itemId)).toEqual(["b"]);
    expect(decision?.totalMinor).toBe(100_000n);
  });

  it("pauses while a promise to pay is open and resumes the next day when it is broken", () => {
    const promised = () => [item("a", "2026-11-01", 100_000n, { promisedUntil: "2026-11-20" })];
    const sent = daily(promised, "2026-10-25", "2026-12-05");
    expect(sent).toEqual([
      ["2026-11-21", "phone"],
      ["2026-12-01", "demand"],
    ]);
  });

  it("counts what is left after a partial payment, and stays quiet under the minimum", () => {
    const today = "2026-11-10";
    const part = selectDunning({
      today,
      policy,
      items: [item("a", "2026-11-01", 35_000n)],
      lastNotice: null,
    });
    expect(part?.totalMinor).toBe(35_000n);
    expect(
      selectDunning({ today, policy, items: [item("a", "2026-11-01", 99n)], lastNotice: null }),
    ).toBeNull();
    // A partial payment does not restart the escalation.
    expect(
      selectDunning({
        today,
        policy,
        items: [item("a", "2026-11-01", 35_000n)],
        lastNotice: { levelIndex: 2, itemIds: ["a"] },
      }),
    ).toBeNull();
  });

  it("covers every overdue item in one notice, and before the due date what falls due", () => {
    const today = "2026-11-29";
    const items = [
      item("old", "2026-10-01"),
      item("new", "2026-11-20"),
      item("soon", "2026-12-01"),
      item("later", "2026-12-20"),
    ];
    const decision = selectDunning({ today, policy, items, lastNotice: null });
    // The oldest is 59 days late: the formal demand, and it names the newer overdue item too.
    expect(decision?.level.code).toBe("demand");
    expect(decision?.items.map((i) => [i.itemId, i.daysPastDue])).toEqual([
      ["old", 59],
      ["new", 9],
    ]);
    const reminder = selectDunning({ today, policy, items: [item("soon", "2026-12-01")], lastNotice: null });
    expect(reminder?.level.code).toBe("reminder");
    expect(reminder?.items.map((i) => i.itemId)).toEqual(["soon"]);
  });

  it("starts a new round once every item of the last notice is settled", () => {
    const today = "2026-12-03";
    const last: LastNotice = { levelIndex: 4, itemIds: ["paid"] };
    const decision = selectDunning({ today, policy, items: [item("fresh", "2026-12-02")], lastNotice: last });
    expect(decision?.level.code).toBe("overdue");
  });

  it("property: within a round levels only rise, and disputed or promised items are never dunned", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            due: fc.integer({ min: 0, max: 120 }),
            open: fc.bigInt({ min: 0n, max: 1_000_000n }),
            disputed: fc.boolean(),
            promise: fc.option(fc.integer({ min: 0, max: 150 }), { nil: null }),
          }),
          { minLength: 1, maxLength: 6 },
        ),
        (specs) => {
          const base = "2026-01-01";
          const items = specs.map((spec, index) =>
            item(`i${index}`, day(base, spec.due), spec.open, {
              disputed: spec.disputed,
              promisedUntil: spec.promise === null ? null : day(base, spec.promise),
            }),
          );
          let last: LastNotice | null = null;
          for (let offset = 0; offset <= 240; offset += 1) {
            const today = day(base, offset);
            const decision = selectDunning({ today, policy, items, lastNotice: last });
            if (decision === null) continue;
            for (const covered of decision.items) {
              expect(covered.disputed).toBe(false);
              expect(covered.promisedUntil === null || covered.promisedUntil < today).toBe(true);
              expect(covered.openMinor > 0n).toBe(true);
            }
            if (last !== null && decision.items.some((i) => last?.itemIds.includes(i.itemId))) {
              expect(decision.levelIndex).toBeGreaterThan(last.levelIndex);
            }
            last = { levelIndex: decision.levelIndex, itemIds: decision.items.map((i) => i.itemId) };
          }
          expect(codes.length).toBe(7);
        },
      ),
      { numRuns: 100 },
    );
  });
});
