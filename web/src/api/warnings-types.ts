import type {
  AlertStatus,
  FactValue,
  WarningCondition,
  WarningConditionKind,
  WarningRule,
  WarningSeverity,
} from "../../../src/domain/risk/warnings.ts";
import type { AlertHistoryEntry } from "../../../src/services/risk/warnings.ts";

/**
 * What the early-warning API sends and takes (src/api/routes/warnings.ts). The vocabularies are
 * the server's own types, so a condition kind or status added there is a type error here.
 */

export type {
  AlertHistoryEntry,
  AlertStatus,
  FactValue,
  WarningCondition,
  WarningConditionKind,
  WarningRule,
  WarningSeverity,
};

export interface WarningRulesView {
  readonly definition: { readonly version: number; readonly rules: ReadonlyArray<WarningRule> };
  readonly createdBy: string | null;
  readonly createdAt: string | null;
}

export interface WarningAlertView {
  readonly alertId: string;
  readonly customerId: string;
  readonly customerCode: string;
  readonly customerName: string;
  readonly ruleCode: string;
  readonly ruleVersion: number;
  readonly ruleNames: { readonly "zh-CN": string; readonly en: string } | null;
  readonly severity: WarningSeverity;
  readonly status: AlertStatus;
  readonly facts: Readonly<Record<string, FactValue>>;
  readonly firstRaisedOn: string;
  readonly lastRaisedOn: string;
  readonly clearedOn: string | null;
  readonly handledBy: string | null;
  readonly handledAt: string | null;
  readonly note: string | null;
  readonly task: {
    readonly userId: string | null;
    readonly userName: string | null;
    readonly status: "open" | "done";
    readonly dueOn: string;
  } | null;
  readonly holdApplied: boolean;
  readonly history: ReadonlyArray<AlertHistoryEntry>;
}

export interface WarningAlertList {
  readonly items: ReadonlyArray<WarningAlertView>;
}

export interface WarningPreviewView {
  readonly date: string;
  readonly customers: number;
  readonly truncated: boolean;
  readonly items: ReadonlyArray<{
    readonly customerId: string;
    readonly customerCode: string;
    readonly customerName: string;
    readonly ruleCode: string;
    readonly severity: WarningSeverity;
    readonly facts: Readonly<Record<string, FactValue>>;
    readonly actions: { readonly task: boolean; readonly hold: boolean };
  }>;
}
