import { addDays, daysBetween, formatBusinessDate, parseBusinessDate } from "../../core/dates.ts";
import type { FieldIssue } from "../../core/errors.ts";
import { grades } from "../credit/index.ts";

/**
 * Early warnings (预警), as pure rules: an organization's rule set (versioned), each rule a
 * combination (all / any) of conditions over one customer's facts on a business date, with a
 * severity and the actions its firing calls for. Evaluation takes the facts and the date as
 * arguments; the services gather the facts and keep the alerts.
 */

export const warningSeverities = ["info", "warning", "critical"] as const;
export type WarningSeverity = (typeof warningSeverities)[number];

export const warningConditionKinds = [
  "days_past_due",
  "utilization",
  "payment_trend",
  "broken_promises",
  "ratio_worsening",
  "new_lawsuits",
] as const;
export type WarningConditionKind = (typeof warningConditionKinds)[number];

export type WarningCondition =
  /** The customer's oldest overdue item is at least `daysMin` days past due. */
  | { readonly kind: "days_past_due"; readonly daysMin: number }
  /** Exposure is at least `percentMin` % of the credit limit in force (a customer without a limit never fires). */
  | { readonly kind: "utilization"; readonly percentMin: number }
  /**
   * Payments got later: the amount-weighted average days late of the allocations of the last
   * `windowDays` days exceeds that of the `windowDays` days before by at least `worseByDays`.
   */
  | { readonly kind: "payment_trend"; readonly windowDays: number; readonly worseByDays: number }
  /** At least `countMin` promises to pay broken within the last `windowDays` days. */
  | { readonly kind: "broken_promises"; readonly countMin: number; readonly windowDays: number }
  /**
   * The latest credit assessment's score fell by at least `scoreDropMin` points from the one
   * before, or (when `onGradeDrop`) its grade is worse than the one before.
   */
  | { readonly kind: "ratio_worsening"; readonly scoreDropMin: number; readonly onGradeDrop: boolean }
  /**
   * The latest credit report shows more lawsuits than the one before, or, when
   * `countEnforcements`, more enforcements (被执行). A first report has nothing to compare with:
   * what it shows was weighed by the assessment that granted the credit.
   */
  | { readonly kind: "new_lawsuits"; readonly countEnforcements: boolean };

export interface WarningActions {
  /** A task for the customer's owner (or its collector when it has no owner). */
  readonly task: boolean;
  /** Put the customer on credit hold when the alert is raised (never released automatically). */
  readonly hold: boolean;
}

export interface WarningRule {
  /** Stable name of the rule: an open alert is one per rule code and customer. */
  readonly code: string;
  readonly names: { readonly "zh-CN": string; readonly en: string };
  readonly enabled: boolean;
  readonly severity: WarningSeverity;
  readonly match: "all" | "any";
  readonly conditions: ReadonlyArray<WarningCondition>;
  readonly actions: WarningActions;
}

export interface WarningRuleSet {
  readonly version: number;
  readonly rules: ReadonlyArray<WarningRule>;
}

export const warningRulesMax = 50;
export const warningConditionsMax = 10;
/** Bounds of the parameters: a window beyond two years says nothing about a trend. */
export const warningWindowDaysMax = 730;
export const warningDaysMax = 3650;
export const warningPercentMax = 1000;
export const warningCountMax = 100;
export const warningScoreDropMax = 1000;

/** The rule set in force until an organization saves its own. */
export function defaultWarningRuleSet(): WarningRuleSet {
  return {
    version: 1,
    rules: [
      {
        code: "overdue_60",
        names: { "zh-CN": "逾期 60 天以上", en: "60 days or more overdue" },
        enabled: true,
        severity: "warning",
        match: "all",
        conditions: [{ kind: "days_past_due", daysMin: 60 }],
        actions: { task: true, hold: false },
      },
      {
        code: "utilization_90",
        names: { "zh-CN": "额度使用率达 90%", en: "90 % of the credit limit used" },
        enabled: true,
        severity: "info",
        match: "all",
        conditions: [{ kind: "utilization", percentMin: 90 }],
        actions: { task: false, hold: false },
      },
      {
        code: "broken_promises",
        names: { "zh-CN": "90 天内两次违约承诺", en: "Two promises broken in 90 days" },
        enabled: true,
        severity: "warning",
        match: "all",
        conditions: [{ kind: "broken_promises", countMin: 2, windowDays: 90 }],
        actions: { task: true, hold: false },
      },
      {
        code: "paying_later",
        names: { "zh-CN": "付款明显变慢", en: "Paying markedly later" },
        enabled: true,
        severity: "warning",
        match: "all",
        conditions: [{ kind: "payment_trend", windowDays: 90, worseByDays: 15 }],
        actions: { task: true, hold: false },
      },
      {
        code: "score_drop",
        names: { "zh-CN": "信用评分下降或降级", en: "Credit score fell or grade lowered" },
        enabled: true,
        severity: "warning",
        match: "any",
        conditions: [{ kind: "ratio_worsening", scoreDropMin: 100, onGradeDrop: true }],
        actions: { task: true, hold: false },
      },
      {
        code: "new_lawsuits",
        names: { "zh-CN": "征信报告出现新增诉讼", en: "New lawsuits in the credit report" },
        enabled: true,
        severity: "critical",
        match: "any",
        conditions: [{ kind: "new_lawsuits", countEnforcements: true }],
        actions: { task: true, hold: true },
      },
    ],
  };
}

// ——— Facts ———

/** One payment applied to an item: when, how much, and the item's due date. */
export interface PaymentFact {
  readonly paidOn: string;
  readonly dueDate: string;
  readonly amountMinor: bigint;
}

export interface AssessmentFact {
  readonly assessedOn: string;
  readonly score: number;
  readonly grade: string;
}

export interface CreditReportFact {
  readonly reportedOn: string;
  readonly lawsuits: number;
  readonly enforcements: number;
}

/** What the rules read about one customer on a date. A fact not gathered is null: its conditions do not hold. */
export interface WarningFacts {
  /** Days past due of the oldest overdue item (0 when nothing is overdue). */
  readonly daysPastDue: number | null;
  readonly overdueMinor: bigint | null;
  /** Exposure and the limit in force (with a temporary increase still running). */
  readonly exposureMinor: bigint | null;
  readonly limitMinor: bigint | null;
  /** Payments applied in the two windows of the trend (older ones are ignored). */
  readonly payments: ReadonlyArray<PaymentFact>;
  /** Days on which promises to pay were found broken. */
  readonly brokenPromisesOn: ReadonlyArray<string>;
  /** The latest two assessments dated on or before the date, latest first. */
  readonly assessments: ReadonlyArray<AssessmentFact>;
  /** The latest two credit reports dated on or before the date, latest first. */
  readonly creditReports: ReadonlyArray<CreditReportFact>;
}

export const noWarningFacts: WarningFacts = Object.freeze({
  daysPastDue: null,
  overdueMinor: null,
  exposureMinor: null,
  limitMinor: null,
  payments: [],
  brokenPromisesOn: [],
  assessments: [],
  creditReports: [],
});

/** A fact value shown with an alert: numbers, dates, decimal texts; money as minor units in `…Minor` keys. */
export type FactValue = string | number | boolean | null;

export interface ConditionResult {
  readonly holds: boolean;
  /** The values read and the thresholds they were held against. */
  readonly facts: Readonly<Record<string, FactValue>>;
}

/** `numerator / denominator` to one decimal place, half up (for display; comparisons stay exact). */
function oneDecimal(numerator: bigint, denominator: bigint): string {
  const tenths = (numerator * 20n + denominator) / (denominator * 2n);
  const sign = tenths < 0n ? "-" : "";
  const magnitude = tenths < 0n ? -tenths : tenths;
  return `${sign}${magnitude / 10n}.${magnitude % 10n}`;
}

function windowStart(date: string, days: number): string {
  return formatBusinessDate(addDays(parseBusinessDate(date), -days));
}

/** Amount-weighted days late of the payments in (from, to]: numerator and denominator, or null without any. */
function weightedLateness(
  payments: ReadonlyArray<PaymentFact>,
  from: string,
  to: string,
): { days: bigint; amount: bigint } | null {
  let days = 0n;
  let amount = 0n;
  for (const payment of payments) {
    if (payment.paidOn <= from || payment.paidOn > to || payment.amountMinor <= 0n) continue;
    const late = Math.max(
      0,
      daysBetween(parseBusinessDate(payment.dueDate), parseBusinessDate(payment.paidOn)),
    );
    days += BigInt(late) * payment.amountMinor;
    amount += payment.amountMinor;
  }
  return amount === 0n ? null : { days, amount };
}

function gradeRank(grade: string): number {
  const index = (grades as ReadonlyArray<string>).indexOf(grade);
  return index < 0 ? grades.length : index;
}

/** Whether one condition holds for a customer's facts on `date`, with the values it read. */
export function evaluateCondition(
  condition: WarningCondition,
  facts: WarningFacts,
  date: string,
): ConditionResult {
  switch (condition.kind) {
    case "days_past_due": {
      const days = facts.daysPastDue;
      return {
        holds: days !== null && days >= condition.daysMin,
        facts: { daysPastDue: days, daysMin: condition.daysMin },
      };
    }
    case "utilization": {
      const { exposureMinor, limitMinor } = facts;
      if (exposureMinor === null || limitMinor === null || limitMinor <= 0n) {
        return {
          holds: false,
          facts: {
            percentMin: condition.percentMin,
            limitMinor: limitMinor === null ? null : limitMinor.toString(),
          },
        };
      }
      return {
        // exposure / limit ≥ percent / 100, compared exactly.
        holds: exposureMinor * 100n >= limitMinor * BigInt(condition.percentMin),
        facts: {
          exposureMinor: exposureMinor.toString(),
          limitMinor: limitMinor.toString(),
          utilizationPercent: oneDecimal(exposureMinor * 100n, limitMinor),
          percentMin: condition.percentMin,
        },
      };
    }
    case "payment_trend": {
      const middle = windowStart(date, condition.windowDays);
      const recent = weightedLateness(facts.payments, middle, date);
      const before = weightedLateness(facts.payments, windowStart(date, 2 * condition.windowDays), middle);
      const base = { windowDays: condition.windowDays, worseByDays: condition.worseByDays };
      if (recent === null || before === null) {
        return {
          holds: false,
          facts: {
            ...base,
            recentAverageDaysLate: recent === null ? null : oneDecimal(recent.days, recent.amount),
            earlierAverageDaysLate: before === null ? null : oneDecimal(before.days, before.amount),
          },
        };
      }
      // recent.days/recent.amount − before.days/before.amount ≥ worseByDays, without division.
      const worse =
        recent.days * before.amount - before.days * recent.amount >=
        BigInt(condition.worseByDays) * recent.amount * before.amount;
      return {
        holds: worse,
        facts: {
          ...base,
          recentAverageDaysLate: oneDecimal(recent.days, recent.amount),
          earlierAverageDaysLate: oneDecimal(before.days, before.amount),
        },
      };
    }
    case "broken_promises": {
      const from = windowStart(date, condition.windowDays);
      const count = facts.brokenPromisesOn.filter((on) => on > from && on <= date).length;
      return {
        holds: count >= condition.countMin,
        facts: { brokenPromises: count, countMin: condition.countMin, windowDays: condition.windowDays },
      };
    }
    case "ratio_worsening": {
      const [latest, previous] = facts.assessments;
      if (latest === undefined || previous === undefined) {
        return {
          holds: false,
          facts: { scoreDropMin: condition.scoreDropMin, latestScore: latest?.score ?? null },
        };
      }
      const drop = previous.score - latest.score;
      const gradeFell = gradeRank(latest.grade) > gradeRank(previous.grade);
      return {
        holds: drop >= condition.scoreDropMin || (condition.onGradeDrop && gradeFell),
        facts: {
          latestScore: latest.score,
          previousScore: previous.score,
          scoreDrop: drop,
          scoreDropMin: condition.scoreDropMin,
          latestGrade: latest.grade,
          previousGrade: previous.grade,
          assessedOn: latest.assessedOn,
        },
      };
    }
    case "new_lawsuits": {
      const [latest, previous] = facts.creditReports;
      if (latest === undefined || previous === undefined) {
        return { holds: false, facts: { latestLawsuits: latest?.lawsuits ?? null } };
      }
      const more =
        latest.lawsuits > previous.lawsuits ||
        (condition.countEnforcements && latest.enforcements > previous.enforcements);
      return {
        holds: more,
        facts: {
          latestLawsuits: latest.lawsuits,
          previousLawsuits: previous.lawsuits,
          ...(condition.countEnforcements
            ? { latestEnforcements: latest.enforcements, previousEnforcements: previous.enforcements }
            : {}),
          reportedOn: latest.reportedOn,
        },
      };
    }
  }
}

export interface RuleFiring {
  readonly rule: WarningRule;
  readonly facts: Readonly<Record<string, FactValue>>;
}

/**
 * Whether a rule fires: all of its conditions hold (`all`) or at least one does (`any`). The facts
 * kept are those of the conditions that hold; a disabled rule or one without conditions never fires.
 */
export function evaluateRule(rule: WarningRule, facts: WarningFacts, date: string): RuleFiring | null {
  if (!rule.enabled || rule.conditions.length === 0) return null;
  const results = rule.conditions.map((condition) => evaluateCondition(condition, facts, date));
  const fires = rule.match === "all" ? results.every((r) => r.holds) : results.some((r) => r.holds);
  if (!fires) return null;
  const kept: Record<string, FactValue> = {};
  for (const result of results) if (result.holds) Object.assign(kept, result.facts);
  return { rule, facts: kept };
}

/** The rules of a set that fire for one customer's facts on `date`, in the set's order. */
export function evaluateWarnings(set: WarningRuleSet, facts: WarningFacts, date: string): RuleFiring[] {
  const firings: RuleFiring[] = [];
  for (const rule of set.rules) {
    const firing = evaluateRule(rule, facts, date);
    if (firing !== null) firings.push(firing);
  }
  return firings;
}

/** The condition kinds a set's enabled rules read, so that only their facts are gathered. */
export function conditionKindsOf(set: WarningRuleSet): Set<WarningConditionKind> {
  const kinds = new Set<WarningConditionKind>();
  for (const rule of set.rules) {
    if (!rule.enabled) continue;
    for (const condition of rule.conditions) kinds.add(condition.kind);
  }
  return kinds;
}

/** The longest look-back of a set's trend and promise conditions, in days (0 without any). */
export function lookBackDaysOf(set: WarningRuleSet): { payments: number; promises: number } {
  let payments = 0;
  let promises = 0;
  for (const rule of set.rules) {
    if (!rule.enabled) continue;
    for (const condition of rule.conditions) {
      if (condition.kind === "payment_trend") payments = Math.max(payments, 2 * condition.windowDays);
      if (condition.kind === "broken_promises") promises = Math.max(promises, condition.windowDays);
    }
  }
  return { payments, promises };
}

// ——— Alerts ———

export const alertStatuses = ["open", "acknowledged", "resolved", "cleared"] as const;
export type AlertStatus = (typeof alertStatuses)[number];

/** The latest alert of a rule and customer that still stands for its episode. */
export interface LiveAlert {
  readonly alertId: string;
  readonly customerId: string;
  readonly ruleCode: string;
  readonly status: AlertStatus;
  /** For a resolved alert: the day its condition was last found not holding (then a new firing is a new episode). */
  readonly clearedOn: string | null;
}

export type AlertChange =
  /** No alert stands for this rule and customer: raise one. */
  | { readonly kind: "raise"; readonly customerId: string; readonly firing: RuleFiring }
  /** The alert stands (open, acknowledged, or resolved while its condition kept holding): move its last-seen date. */
  | { readonly kind: "seen"; readonly alertId: string; readonly firing: RuleFiring }
  /** The condition no longer holds (or its rule is gone or disabled): an open alert is cleared, a resolved one notes the day. */
  | {
      readonly kind: "clear";
      readonly alertId: string;
      readonly reason: "condition_no_longer_holds" | "rule_disabled";
    };

/**
 * What an evaluation does to the alerts of the customers evaluated. An alert stands while it is
 * open or acknowledged, and also while it is resolved but its condition has held ever since (a
 * person has dealt with it: raising it again every day would be noise). Once the condition stops
 * holding, the next firing is a new episode and raises a new alert.
 */
export function planAlertChanges(input: {
  readonly set: WarningRuleSet;
  readonly customerIds: ReadonlyArray<string>;
  readonly firings: ReadonlyMap<string, ReadonlyArray<RuleFiring>>;
  readonly live: ReadonlyArray<LiveAlert>;
}): AlertChange[] {
  const standing = new Map<string, LiveAlert>();
  for (const alert of input.live) {
    if (alert.status === "cleared") continue;
    if (alert.status === "resolved" && alert.clearedOn !== null) continue;
    standing.set(`${alert.customerId}\u0000${alert.ruleCode}`, alert);
  }
  const enabled = new Set(input.set.rules.filter((rule) => rule.enabled).map((rule) => rule.code));
  const changes: AlertChange[] = [];
  const touched = new Set<string>();
  for (const customerId of input.customerIds) {
    for (const firing of input.firings.get(customerId) ?? []) {
      const key = `${customerId}\u0000${firing.rule.code}`;
      touched.add(key);
      const alert = standing.get(key);
      changes.push(
        alert === undefined
          ? { kind: "raise", customerId, firing }
          : { kind: "seen", alertId: alert.alertId, firing },
      );
    }
  }
  const evaluated = new Set(input.customerIds);
  for (const [key, alert] of standing) {
    if (touched.has(key) || !evaluated.has(alert.customerId)) continue;
    changes.push({
      kind: "clear",
      alertId: alert.alertId,
      reason: enabled.has(alert.ruleCode) ? "condition_no_longer_holds" : "rule_disabled",
    });
  }
  return changes;
}

// ——— Validation ———

const codePattern = /^[a-z][a-z0-9_-]{0,31}$/;

function intIn(value: unknown, min: number, max: number): boolean {
  return typeof value === "number" && Number.isInteger(value) && value >= min && value <= max;
}

function checkCondition(condition: WarningCondition, path: string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const range = (key: string, value: unknown, min: number, max: number) => {
    if (!intIn(value, min, max)) {
      issues.push({
        path: `${path}.${key}`,
        code: "OUT_OF_RANGE",
        message: `a whole number from ${min} to ${max}`,
      });
    }
  };
  const flag = (key: string, value: unknown) => {
    if (typeof value !== "boolean")
      issues.push({ path: `${path}.${key}`, code: "FORMAT", message: "true or false" });
  };
  switch (condition?.kind) {
    case "days_past_due":
      range("daysMin", condition.daysMin, 1, warningDaysMax);
      break;
    case "utilization":
      range("percentMin", condition.percentMin, 1, warningPercentMax);
      break;
    case "payment_trend":
      range("windowDays", condition.windowDays, 7, warningWindowDaysMax / 2);
      range("worseByDays", condition.worseByDays, 1, warningDaysMax);
      break;
    case "broken_promises":
      range("countMin", condition.countMin, 1, warningCountMax);
      range("windowDays", condition.windowDays, 1, warningWindowDaysMax);
      break;
    case "ratio_worsening":
      range("scoreDropMin", condition.scoreDropMin, 1, warningScoreDropMax);
      flag("onGradeDrop", condition.onGradeDrop);
      break;
    case "new_lawsuits":
      flag("countEnforcements", condition.countEnforcements);
      break;
    default:
      issues.push({
        path: `${path}.kind`,
        code: "FORMAT",
        message: `one of ${warningConditionKinds.join(", ")}`,
      });
  }
  return issues;
}

/** Every problem of a rule set, field by field (empty when it can be saved). */
export function checkWarningRuleSet(set: WarningRuleSet): FieldIssue[] {
  if (!Array.isArray(set.rules) || set.rules.length > warningRulesMax) {
    return [{ path: "rules", code: "COUNT", message: `0 to ${warningRulesMax} rules` }];
  }
  const issues: FieldIssue[] = [];
  const codes = new Set<string>();
  for (const [index, rule] of set.rules.entries()) {
    const path = `rules.${index}`;
    if (typeof rule.code !== "string" || !codePattern.test(rule.code)) {
      issues.push({ path: `${path}.code`, code: "FORMAT", message: "a-z, 0-9, _ or -, up to 32 characters" });
    } else if (codes.has(rule.code)) {
      issues.push({ path: `${path}.code`, code: "DUPLICATE", message: "used by an earlier rule" });
    }
    codes.add(rule.code);
    for (const locale of ["zh-CN", "en"] as const) {
      const name = rule.names?.[locale];
      if (typeof name !== "string" || name.trim() === "" || name.length > 100) {
        issues.push({ path: `${path}.names.${locale}`, code: "LENGTH", message: "1 to 100 characters" });
      }
    }
    if (!(warningSeverities as ReadonlyArray<string>).includes(rule.severity)) {
      issues.push({ path: `${path}.severity`, code: "FORMAT", message: warningSeverities.join(", ") });
    }
    if (rule.match !== "all" && rule.match !== "any") {
      issues.push({ path: `${path}.match`, code: "FORMAT", message: "all or any" });
    }
    if (
      !Array.isArray(rule.conditions) ||
      rule.conditions.length < 1 ||
      rule.conditions.length > warningConditionsMax
    ) {
      issues.push({
        path: `${path}.conditions`,
        code: "COUNT",
        message: `1 to ${warningConditionsMax} conditions`,
      });
    } else {
      for (const [at, condition] of rule.conditions.entries()) {
        issues.push(...checkCondition(condition, `${path}.conditions.${at}`));
      }
    }
    if (typeof rule.enabled !== "boolean") {
      issues.push({ path: `${path}.enabled`, code: "FORMAT", message: "true or false" });
    }
    if (typeof rule.actions?.task !== "boolean" || typeof rule.actions?.hold !== "boolean") {
      issues.push({ path: `${path}.actions`, code: "FORMAT", message: "task and hold, each true or false" });
    }
  }
  return issues;
}
