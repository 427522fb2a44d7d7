import { describe, expect, it } from "vitest";
import {
  checkWarningRuleSet,
  defaultWarningRuleSet,
  evaluateCondition,
  evaluateRule,
  evaluateWarnings,
  type LiveAlert,
  noWarningFacts,
  planAlertChanges,
  type WarningFacts,
  type WarningRule,
  type WarningRuleSet,
} from "../../src/domain/risk/index.ts";

const date = "2026-11-23";
const facts = (over: Partial<WarningFacts>): WarningFacts => ({ ...noWarningFacts, ...over });

describe("warning conditions", () => {
  it("days past due: fires at the threshold, not a day before; unknown arrears never fire", () => {
    const condition = { kind: "days_past_due", daysMin: 60 } as const;
    expect(evaluateCondition(condition, facts({ daysPastDue: 60 }), date)).toEqual({
      holds: true,
      facts: { daysPastDue: 60, daysMin: 60 },
    });
    expect(evaluateCondition(condition, facts({ daysPastDue: 59 }), date).holds).toBe(false);
    expect(evaluateCondition(condition, facts({}), date).holds).toBe(false);
  });

  it("utilization: exposure / limit compared exactly; no limit, no utilization", () => {
    const condition = { kind: "utilization", percentMin: 90 } as const;
    // 899,999.99 of 1,000,000.00 is 89.99…%: not yet.
    expect(
      evaluateCondition(condition, facts({ exposureMinor: 89_999_999n, limitMinor: 100_000_000n }), date)
        .holds,
    ).toBe(false);
    const at = evaluateCondition(
      condition,
      facts({ exposureMinor: 90_000_000n, limitMinor: 100_000_000n }),
      date,
    );
    expect(at).toEqual({
      holds: true,
      facts: {
        exposureMinor: "90000000",
        limitMinor: "100000000",
        utilizationPercent: "90.0",
        percentMin: 90,
      },
    });
    expect(evaluateCondition(condition, facts({ exposureMinor: 5n, limitMinor: 0n }), date).holds).toBe(
      false,
    );
    expect(evaluateCondition(condition, facts({ exposureMinor: 5n, limitMinor: null }), date).holds).toBe(
      false,
    );
    // Over the limit: 2/3 → 66.7 %, half up at one decimal.
    const third = evaluateCondition(
      { kind: "utilization", percentMin: 50 },
      facts({ exposureMinor: 2n, limitMinor: 3n }),
      date,
    );
    expect(third.facts.utilizationPercent).toBe("66.7");
  });

  it("payment trend: amount-weighted days late of the last window against the window before", () => {
    const condition = { kind: "payment_trend", windowDays: 90, worseByDays: 15 } as const;
    const payments = [
      // The earlier window (2026-05-27 … 2026-08-25): 100 paid 5 days late, 300 paid on time → 1.25 days.
      { paidOn: "2026-06-06", dueDate: "2026-06-01", amountMinor: 100n },
      { paidOn: "2026-07-01", dueDate: "2026-07-10", amountMinor: 300n },
      // The last window (2026-08-25 … 2026-11-23]: 200 paid 20 days late, 200 paid 12 days late → 16 days.
      { paidOn: "2026-09-21", dueDate: "2026-09-01", amountMinor: 200n },
      { paidOn: "2026-10-13", dueDate: "2026-10-01", amountMinor: 200n },
    ];
    const result = evaluateCondition(condition, facts({ payments }), date);
    // 16 − 1.25 = 14.75 < 15: not yet.
    expect(result).toEqual({
      holds: false,
      facts: {
        windowDays: 90,
        worseByDays: 15,
        recentAverageDaysLate: "16.0",
        earlierAverageDaysLate: "1.3",
      },
    });
    expect(evaluateCondition({ ...condition, worseByDays: 14 }, facts({ payments }), date).holds).toBe(true);
    // Without payments in both windows there is no trend.
    expect(evaluateCondition(condition, facts({ payments: payments.slice(2) }), date).holds).toBe(false);
    // A payment older than both windows is ignored.
    const old = [{ paidOn: "2026-01-10", dueDate: "2025-10-01", amountMinor: 1_000n }, ...payments];
    expect(evaluateCondition(condition, facts({ payments: old }), date).facts.earlierAverageDaysLate).toBe(
      "1.3",
    );
  });

  it("broken promises: counts those broken within the window, to the date", () => {
    const condition = { kind: "broken_promises", countMin: 2, windowDays: 90 } as const;
    const on = (brokenPromisesOn: string[]) =>
      evaluateCondition(condition, facts({ brokenPromisesOn }), date);
    expect(on(["2026-10-01", "2026-11-20"]).holds).toBe(true);
    // 2026-08-25 is exactly 90 days before: outside the window (it starts the day after).
    expect(on(["2026-08-25", "2026-11-20"]).holds).toBe(false);
    expect(on(["2026-08-26", "2026-11-20"]).holds).toBe(true);
    expect(on(["2026-11-20", "2026-11-24"]).facts.brokenPromises).toBe(1);
  });

  it("ratio worsening: a score drop of X points or a lower grade than the assessment before", () => {
    const condition = { kind: "ratio_worsening", scoreDropMin: 100, onGradeDrop: true } as const;
    const two = (latest: [number, string], previous: [number, string]) =>
      facts({
        assessments: [
          { assessedOn: "2026-11-20", score: latest[0], grade: latest[1] },
          { assessedOn: "2026-05-20", score: previous[0], grade: previous[1] },
        ],
      });
    expect(evaluateCondition(condition, two([650, "BBB"], [750, "A"]), date).holds).toBe(true);
    // 60 points, same grade: no.
    expect(evaluateCondition(condition, two([710, "A"], [770, "A"]), date).holds).toBe(false);
    // 60 points, but from A to BBB: yes, unless grade drops are not asked for.
    expect(evaluateCondition(condition, two([690, "BBB"], [750, "A"]), date).holds).toBe(true);
    expect(
      evaluateCondition({ ...condition, onGradeDrop: false }, two([690, "BBB"], [750, "A"]), date).holds,
    ).toBe(false);
    // A better grade never fires; a single assessment has nothing to compare with.
    expect(evaluateCondition(condition, two([800, "AA"], [750, "A"]), date).holds).toBe(false);
    expect(
      evaluateCondition(
        condition,
        facts({ assessments: [{ assessedOn: "2026-11-20", score: 100, grade: "D" }] }),
        date,
      ).holds,
    ).toBe(false);
  });

  it("new lawsuits: more than the report before; enforcements when asked; a first report compares with nothing", () => {
    const condition = { kind: "new_lawsuits", countEnforcements: false } as const;
    const reports = (latest: [number, number], previous?: [number, number]) =>
      facts({
        creditReports: [
          { reportedOn: "2026-11-20", lawsuits: latest[0], enforcements: latest[1] },
          ...(previous === undefined
            ? []
            : [{ reportedOn: "2026-05-20", lawsuits: previous[0], enforcements: previous[1] }]),
        ],
      });
    expect(evaluateCondition(condition, reports([2, 0], [1, 0]), date)).toEqual({
      holds: true,
      facts: { latestLawsuits: 2, previousLawsuits: 1, reportedOn: "2026-11-20" },
    });
    expect(evaluateCondition(condition, reports([1, 0], [1, 0]), date).holds).toBe(false);
    expect(evaluateCondition(condition, reports([0, 3], [0, 1]), date).holds).toBe(false);
    expect(
      evaluateCondition({ kind: "new_lawsuits", countEnforcements: true }, reports([0, 3], [0, 1]), date)
        .holds,
    ).toBe(true);
    expect(evaluateCondition(condition, reports([1, 0]), date).holds).toBe(false);
    expect(evaluateCondition(condition, facts({}), date).holds).toBe(false);
  });
});

const rule = (over: Partial<WarningRule>): WarningRule => ({
  code: "r",
  names: { "zh-CN": "规则", en: "Rule" },
  enabled: true,
  severity: "warning",
  match: "all",
  conditions: [
    { kind: "days_past_due", daysMin: 30 },
    { kind: "broken_promises", countMin: 1, windowDays: 30 },
  ],
  actions: { task: true, hold: false },
  ...over,
});

describe("combining conditions", () => {
  const late = facts({ daysPastDue: 45, brokenPromisesOn: [] });
  const lateAndBroken = facts({ daysPastDue: 45, brokenPromisesOn: ["2026-11-01"] });

  it("all: every condition must hold, and the facts of all are kept", () => {
    expect(evaluateRule(rule({}), late, date)).toBeNull();
    expect(evaluateRule(rule({}), lateAndBroken, date)?.facts).toEqual({
      daysPastDue: 45,
      daysMin: 30,
      brokenPromises: 1,
      countMin: 1,
      windowDays: 30,
    });
  });

  it("any: one condition is enough, and only the facts of those that hold are kept", () => {
    expect(evaluateRule(rule({ match: "any" }), late, date)?.facts).toEqual({ daysPastDue: 45, daysMin: 30 });
    expect(evaluateRule(rule({ match: "any" }), facts({ daysPastDue: 3 }), date)).toBeNull();
  });

  it("a disabled rule never fires; a set fires its rules in order", () => {
    expect(evaluateRule(rule({ enabled: false }), lateAndBroken, date)).toBeNull();
    const set: WarningRuleSet = {
      version: 3,
      rules: [rule({ code: "b", match: "any" }), rule({ code: "a" }), rule({ code: "c", enabled: false })],
    };
    expect(evaluateWarnings(set, lateAndBroken, date).map((f) => f.rule.code)).toEqual(["b", "a"]);
  });

  it("the default set: 92 days overdue and a new lawsuit fire the overdue and the lawsuit rules", () => {
    const fired = evaluateWarnings(
      defaultWarningRuleSet(),
      facts({
        daysPastDue: 92,
        creditReports: [
          { reportedOn: "2026-11-01", lawsuits: 1, enforcements: 0 },
          { reportedOn: "2026-05-01", lawsuits: 0, enforcements: 0 },
        ],
      }),
      date,
    );
    expect(fired.map((f) => [f.rule.code, f.rule.severity, f.rule.actions.hold])).toEqual([
      ["overdue_60", "warning", false],
      ["new_lawsuits", "critical", true],
    ]);
    expect(checkWarningRuleSet(defaultWarningRuleSet())).toEqual([]);
  });
});

describe("alert changes", () => {
  const set: WarningRuleSet = {
    version: 2,
    rules: [rule({ code: "a" }), rule({ code: "off", enabled: false })],
  };
  const firing = { rule: rule({ code: "a" }), facts: { daysPastDue: 40 } };
  const alert = (over: Partial<LiveAlert>): LiveAlert => ({
    alertId: "x",
    customerId: "c1",
    ruleCode: "a",
    status: "open",
    clearedOn: null,
    ...over,
  });

  it("raises once, then only sees it while it stands (open, acknowledged, or resolved with the condition holding)", () => {
    const firings = new Map([["c1", [firing]]]);
    expect(planAlertChanges({ set, customerIds: ["c1"], firings, live: [] })).toEqual([
      { kind: "raise", customerId: "c1", firing },
    ]);
    for (const status of ["open", "acknowledged", "resolved"] as const) {
      expect(planAlertChanges({ set, customerIds: ["c1"], firings, live: [alert({ status })] })).toEqual([
        { kind: "seen", alertId: "x", firing },
      ]);
    }
    // A resolved alert whose condition stopped holding once: the next firing is a new episode.
    expect(
      planAlertChanges({
        set,
        customerIds: ["c1"],
        firings,
        live: [alert({ status: "resolved", clearedOn: "2026-11-01" })],
      }),
    ).toEqual([{ kind: "raise", customerId: "c1", firing }]);
  });

  it("clears what no longer fires, says why, and leaves customers not evaluated alone", () => {
    const live = [
      alert({}),
      alert({ alertId: "y", ruleCode: "off" }),
      alert({ alertId: "z", customerId: "c2" }),
    ];
    expect(planAlertChanges({ set, customerIds: ["c1"], firings: new Map(), live })).toEqual([
      { kind: "clear", alertId: "x", reason: "condition_no_longer_holds" },
      { kind: "clear", alertId: "y", reason: "rule_disabled" },
    ]);
  });
});

describe("rule set validation", () => {
  it("names the field at fault", () => {
    const bad = {
      version: 1,
      rules: [
        rule({ code: "A b" }),
        rule({ code: "r", names: { "zh-CN": "", en: "x" } }),
        rule({ code: "r" }),
        rule({ code: "s", conditions: [] }),
        rule({ code: "t", conditions: [{ kind: "utilization", percentMin: 0 }] }),
        rule({ code: "u", conditions: [{ kind: "payment_trend", windowDays: 3, worseByDays: 1.5 }] }),
      ],
    } as WarningRuleSet;
    expect(checkWarningRuleSet(bad).map((issue) => `${issue.path} ${issue.code}`)).toEqual([
      "rules.0.code FORMAT",
      "rules.1.names.zh-CN LENGTH",
      "rules.2.code DUPLICATE",
      "rules.3.conditions COUNT",
      "rules.4.conditions.0.percentMin OUT_OF_RANGE",
      "rules.5.conditions.0.windowDays OUT_OF_RANGE",
      "rules.5.conditions.0.worseByDays OUT_OF_RANGE",
    ]);
  });
});
