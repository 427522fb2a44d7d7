import type {
  WarningCondition,
  WarningConditionKind,
  WarningRule,
  WarningSeverity,
} from "../../api/warnings-types.ts";

/**
 * The warning-rules editor's working copy: numbers as typed (text), every rule and condition with
 * a key of its own for React. `rulesOut` turns it back into what the API takes; a number that is
 * not one goes as null, so the server names the field.
 */

export interface ConditionDraft {
  readonly key: string;
  readonly kind: WarningConditionKind;
  /** Whole-number parameters as typed, by name (daysMin, percentMin, windowDays, …). */
  readonly numbers: Readonly<Record<string, string>>;
  /** Yes/no parameters, by name (onGradeDrop, countEnforcements). */
  readonly flags: Readonly<Record<string, boolean>>;
}

export interface RuleDraft {
  readonly key: string;
  readonly code: string;
  readonly nameZh: string;
  readonly nameEn: string;
  readonly enabled: boolean;
  readonly severity: WarningSeverity;
  readonly match: "all" | "any";
  readonly conditions: ReadonlyArray<ConditionDraft>;
  readonly task: boolean;
  readonly hold: boolean;
}

/** The parameters of each condition kind, in the order the editor shows them, with a new condition's values. */
export const conditionParameters: Readonly<
  Record<
    WarningConditionKind,
    { readonly numbers: Readonly<Record<string, number>>; readonly flags: Readonly<Record<string, boolean>> }
  >
> = {
  days_past_due: { numbers: { daysMin: 60 }, flags: {} },
  utilization: { numbers: { percentMin: 90 }, flags: {} },
  payment_trend: { numbers: { windowDays: 90, worseByDays: 15 }, flags: {} },
  broken_promises: { numbers: { countMin: 2, windowDays: 90 }, flags: {} },
  ratio_worsening: { numbers: { scoreDropMin: 100 }, flags: { onGradeDrop: true } },
  new_lawsuits: { numbers: {}, flags: { countEnforcements: true } },
};

let nextKey = 0;
function key(): string {
  nextKey += 1;
  return `k${nextKey}`;
}

export function newCondition(kind: WarningConditionKind): ConditionDraft {
  const parameters = conditionParameters[kind];
  return {
    key: key(),
    kind,
    numbers: Object.fromEntries(
      Object.entries(parameters.numbers).map(([name, value]) => [name, String(value)]),
    ),
    flags: { ...parameters.flags },
  };
}

function conditionIn(condition: WarningCondition): ConditionDraft {
  const numbers: Record<string, string> = {};
  const flags: Record<string, boolean> = {};
  for (const [name, value] of Object.entries(condition)) {
    if (name === "kind") continue;
    if (typeof value === "number") numbers[name] = String(value);
    if (typeof value === "boolean") flags[name] = value;
  }
  return { key: key(), kind: condition.kind, numbers, flags };
}

export function rulesIn(rules: ReadonlyArray<WarningRule>): RuleDraft[] {
  return rules.map((rule) => ({
    key: key(),
    code: rule.code,
    nameZh: rule.names["zh-CN"],
    nameEn: rule.names.en,
    enabled: rule.enabled,
    severity: rule.severity,
    match: rule.match,
    conditions: rule.conditions.map(conditionIn),
    task: rule.actions.task,
    hold: rule.actions.hold,
  }));
}

export function newRule(index: number, name: string): RuleDraft {
  return {
    key: key(),
    code: `rule_${index + 1}`,
    nameZh: name,
    nameEn: name,
    enabled: true,
    severity: "warning",
    match: "all",
    conditions: [newCondition("days_past_due")],
    task: true,
    hold: false,
  };
}

function numberOut(text: string): number | null {
  const trimmed = text.trim();
  return /^-?\d+$/.test(trimmed) ? Number(trimmed) : null;
}

/** What the API takes: `{ rules }` with numbers as numbers. */
export function rulesOut(drafts: ReadonlyArray<RuleDraft>): { rules: unknown[] } {
  return {
    rules: drafts.map((draft) => ({
      code: draft.code.trim(),
      names: { "zh-CN": draft.nameZh.trim(), en: draft.nameEn.trim() },
      enabled: draft.enabled,
      severity: draft.severity,
      match: draft.match,
      conditions: draft.conditions.map((condition) => {
        const parameters = conditionParameters[condition.kind];
        return {
          kind: condition.kind,
          ...Object.fromEntries(
            Object.keys(parameters.numbers).map((name) => [name, numberOut(condition.numbers[name] ?? "")]),
          ),
          ...Object.fromEntries(
            Object.keys(parameters.flags).map((name) => [name, condition.flags[name] ?? false]),
          ),
        };
      }),
      actions: { task: draft.task, hold: draft.hold },
    })),
  };
}
