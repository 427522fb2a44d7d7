import {
  type DunningChannel,
  type DunningLocale,
  dunningLocales,
} from "../../../../src/domain/collections/index.ts";
import type {
  DunningLevel,
  DunningSetupRequest,
  DunningTemplate,
  NamedDunningPolicy,
} from "../../api/collections-types.ts";

/**
 * The dunning policies as the editor holds them: every number as the text typed, so a half-typed
 * value stays on screen, and a key per policy and level so that React keeps each one's fields
 * when others are added or removed. `bodyOf` turns the draft into the API's body; the server
 * checks it and names the field at fault.
 */

export interface LevelDraft {
  readonly key: number;
  readonly code: string;
  readonly daysFromDue: string;
  readonly channel: DunningChannel;
  readonly fee: string;
  readonly needsApproval: boolean;
  readonly templates: Readonly<Record<DunningLocale, DunningTemplate>>;
}

export interface PolicyDraft {
  readonly key: number;
  readonly code: string;
  readonly name: string;
  readonly grades: ReadonlyArray<string>;
  /** Comma-separated, as typed. */
  readonly tags: string;
  readonly minimumOverdue: string;
  readonly levels: ReadonlyArray<LevelDraft>;
}

let lastKey = 0;
export function nextKey(): number {
  lastKey += 1;
  return lastKey;
}

function levelDraft(level: DunningLevel): LevelDraft {
  return {
    key: nextKey(),
    code: level.code,
    daysFromDue: String(level.daysFromDue),
    channel: level.channel,
    fee: level.fee,
    needsApproval: level.needsApproval,
    templates: level.templates,
  };
}

export function draftOf(policies: ReadonlyArray<NamedDunningPolicy>): ReadonlyArray<PolicyDraft> {
  return policies.map((named) => ({
    key: nextKey(),
    code: named.code,
    name: named.name,
    grades: named.grades,
    tags: named.tags.join(", "),
    minimumOverdue: named.policy.minimumOverdue,
    levels: named.policy.levels.map(levelDraft),
  }));
}

/** Grouping and spaces people type or paste into an amount: they carry no value. */
const groupingPattern = /[,，\s]/g;

/** An amount as the API takes it; empty is 0 (no fee, no minimum). */
function amountOf(text: string): string {
  const cleaned = text.replace(groupingPattern, "");
  return cleaned === "" ? "0" : cleaned;
}

/**
 * Whole days as a number; anything else is sent as typed, so that the server refuses it at the
 * field (`policies.0.policy.levels.2.daysFromDue`) instead of the editor guessing a value.
 */
function daysOf(text: string): number | string {
  const cleaned = text.trim().replace("−", "-");
  return /^-?\d{1,5}$/.test(cleaned) ? Number(cleaned) : cleaned;
}

export function tagsOf(text: string): string[] {
  return text
    .split(/[,，]/)
    .map((tag) => tag.trim())
    .filter((tag) => tag !== "");
}

export function bodyOf(draft: ReadonlyArray<PolicyDraft>): DunningSetupRequest {
  return {
    policies: draft.map((named) => ({
      code: named.code.trim(),
      name: named.name.trim(),
      grades: named.grades,
      tags: tagsOf(named.tags),
      policy: {
        minimumOverdue: amountOf(named.minimumOverdue),
        levels: named.levels.map((level) => ({
          code: level.code.trim(),
          // A number the server checks; the type says what the API expects once it is one.
          daysFromDue: daysOf(level.daysFromDue) as number,
          channel: level.channel,
          templates: level.templates,
          fee: amountOf(level.fee),
          needsApproval: level.needsApproval,
        })),
      },
    })),
  };
}

/**
 * The next level after the last: a day later, by email, with the last level's wording to edit (a
 * level needs both languages' templates to be saved).
 */
export function newLevelAfter(levels: ReadonlyArray<LevelDraft>): LevelDraft {
  const last = levels[levels.length - 1];
  const lastDays = last === undefined ? Number.NaN : Number(last.daysFromDue);
  const emptyTemplates = Object.fromEntries(
    dunningLocales.map((locale) => [locale, { subject: "", body: "" }]),
  ) as Record<DunningLocale, DunningTemplate>;
  return {
    key: nextKey(),
    code: `level${levels.length + 1}`,
    daysFromDue: Number.isInteger(lastDays) ? String(lastDays + 1) : "1",
    channel: "email",
    fee: "0",
    needsApproval: false,
    templates: last?.templates ?? emptyTemplates,
  };
}

/** A new policy: the levels of the one it is made from, for other grades or tags to get. */
export function newPolicyFrom(model: PolicyDraft | undefined, count: number): PolicyDraft {
  return {
    key: nextKey(),
    code: `policy${count + 1}`,
    name: "",
    grades: [],
    tags: "",
    minimumOverdue: model?.minimumOverdue ?? "0",
    levels: (model?.levels ?? []).map((level) => ({ ...level, key: nextKey() })),
  };
}
