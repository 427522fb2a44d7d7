import { isIntegerIn } from "../../core/checks.ts";
import type { FieldIssue } from "../../core/errors.ts";
import { daysPastDue } from "../payments/index.ts";

/**
 * Dunning (催收): a policy of ordered levels by days relative to the due date — a friendly
 * reminder before it, then email, SMS, a phone task, a formal demand with a fee, a lawyer letter,
 * legal action — and the choice, for one customer on one business date, of the notice to send.
 * Pure: the end-of-day batch feeds it the customer's open items and its last notice.
 */

export const dunningChannels = ["email", "sms", "phone_task", "letter", "legal"] as const;
export type DunningChannel = (typeof dunningChannels)[number];

export const dunningLocales = ["zh-CN", "en"] as const;
export type DunningLocale = (typeof dunningLocales)[number];

export interface DunningTemplate {
  readonly subject: string;
  readonly body: string;
}

export interface DunningLevel {
  /** A short name, unique in the policy ("reminder", "demand"…). */
  readonly code: string;
  /** Days relative to the due date: −3 is three days before it, 30 is thirty days after. */
  readonly daysFromDue: number;
  readonly channel: DunningChannel;
  readonly templates: Readonly<Record<DunningLocale, DunningTemplate>>;
  /** A fee charged with the notice (minor units; 0 for none). */
  readonly feeMinor: bigint;
  /** The notice waits for a person's approval before it goes out (and before its fee is charged). */
  readonly needsApproval: boolean;
}

export interface DunningPolicy {
  readonly levels: ReadonlyArray<DunningLevel>;
  /** Less than this overdue (minor units) and no notice goes out. */
  readonly minimumOverdueMinor: bigint;
}

/** Variables a template may name as {{name}}. */
export const dunningVariables = [
  "customerName",
  "organizationName",
  "currency",
  "totalDue",
  "itemCount",
  "oldestDueDate",
  "daysPastDue",
  "items",
  "fee",
  "today",
] as const;
export type DunningVariable = (typeof dunningVariables)[number];

export const dunningLevelsMax = 20;
export const dunningDaysMin = -60;
export const dunningDaysMax = 3650;
const templateCharsMax = 5000;

const level = (
  code: string,
  daysFromDue: number,
  channel: DunningChannel,
  zh: DunningTemplate,
  en: DunningTemplate,
  feeMinor = 0n,
  needsApproval = false,
): DunningLevel => ({ code, daysFromDue, channel, templates: { "zh-CN": zh, en }, feeMinor, needsApproval });

const itemsLine = "\n\n{{items}}\n\n";

/** The routine of the issue: −3 reminder, +1 email, +7 SMS, +15 phone, +30 formal demand with a fee, +60 lawyer letter, +90 legal action. */
export const defaultDunningPolicy: DunningPolicy = Object.freeze({
  minimumOverdueMinor: 100n,
  levels: Object.freeze([
    level(
      "reminder",
      -3,
      "email",
      {
        subject: "付款提醒：{{totalDue}} 即将到期",
        body: `{{customerName}}：\n\n您好！以下款项将于近日到期，合计 {{currency}} {{totalDue}}，请按时安排付款。${itemsLine}如已付款，请忽略本邮件。\n\n{{organizationName}}`,
      },
      {
        subject: "Payment reminder: {{totalDue}} falls due soon",
        body: `Dear {{customerName}},\n\nThe following falls due shortly, {{currency}} {{totalDue}} in all.${itemsLine}If you have paid already, please ignore this message.\n\n{{organizationName}}`,
      },
    ),
    level(
      "overdue",
      1,
      "email",
      {
        subject: "逾期通知：{{totalDue}} 已到期未付",
        body: `{{customerName}}：\n\n以下款项已到期未付，合计 {{currency}} {{totalDue}}，最早一笔逾期 {{daysPastDue}} 天。请尽快付款。${itemsLine}{{organizationName}}`,
      },
      {
        subject: "Overdue: {{totalDue}} is past due",
        body: `Dear {{customerName}},\n\nThe following is past due, {{currency}} {{totalDue}} in all; the oldest is {{daysPastDue}} days late. Please pay at your earliest convenience.${itemsLine}{{organizationName}}`,
      },
    ),
    level(
      "sms",
      7,
      "sms",
      {
        subject: "逾期短信",
        body: "【{{organizationName}}】{{customerName}}，您有 {{currency}} {{totalDue}} 已逾期 {{daysPastDue}} 天，请尽快付款。",
      },
      {
        subject: "Overdue SMS",
        body: "{{organizationName}}: {{customerName}}, {{currency}} {{totalDue}} is {{daysPastDue}} days overdue. Please pay.",
      },
    ),
    level(
      "phone",
      15,
      "phone_task",
      {
        subject: "电话催收 {{customerName}}",
        body: "致电 {{customerName}}：逾期 {{currency}} {{totalDue}}，最早逾期 {{daysPastDue}} 天。记录结果与承诺还款。",
      },
      {
        subject: "Call {{customerName}}",
        body: "Call {{customerName}}: {{currency}} {{totalDue}} overdue, the oldest {{daysPastDue}} days. Log the outcome and any promise to pay.",
      },
    ),
    level(
      "demand",
      30,
      "letter",
      {
        subject: "催款函",
        body: `{{customerName}}：\n\n截至 {{today}}，贵司欠付我司款项 {{currency}} {{totalDue}}，最早一笔逾期 {{daysPastDue}} 天。${itemsLine}依约收取催收费 {{currency}} {{fee}}。请于七日内付清，否则我司将采取进一步措施。\n\n{{organizationName}}`,
      },
      {
        subject: "Formal demand for payment",
        body: `Dear {{customerName}},\n\nAs of {{today}} you owe us {{currency}} {{totalDue}}; the oldest item is {{daysPastDue}} days overdue.${itemsLine}A collection fee of {{currency}} {{fee}} is charged as agreed. Please pay within seven days, or we will take further steps.\n\n{{organizationName}}`,
      },
      5000n,
    ),
    level(
      "lawyer",
      60,
      "letter",
      {
        subject: "律师函",
        body: `{{customerName}}：\n\n受 {{organizationName}} 委托，就贵司逾期欠款 {{currency}} {{totalDue}} 致函。${itemsLine}请于收函后十日内付清，否则将依法提起诉讼。`,
      },
      {
        subject: "Lawyer's letter",
        body: `Dear {{customerName}},\n\nOn behalf of {{organizationName}} we write about your overdue debt of {{currency}} {{totalDue}}.${itemsLine}Unless it is paid within ten days of this letter, legal proceedings will follow.`,
      },
      0n,
      true,
    ),
    level(
      "legal",
      90,
      "legal",
      {
        subject: "提起诉讼或委托催收：{{customerName}}",
        body: "{{customerName}} 逾期 {{currency}} {{totalDue}}，最早逾期 {{daysPastDue}} 天：决定起诉或委托催收机构。",
      },
      {
        subject: "Sue or hand over to an agency: {{customerName}}",
        body: "{{customerName}} owes {{currency}} {{totalDue}} overdue, the oldest {{daysPastDue}} days: decide on a lawsuit or a collection agency.",
      },
      0n,
      true,
    ),
  ]),
});

function templateIssues(text: string, path: string): FieldIssue[] {
  if (typeof text !== "string" || text.trim() === "" || text.length > templateCharsMax) {
    return [{ path, code: "LENGTH", message: `1 to ${templateCharsMax} characters` }];
  }
  const unknown = [...text.matchAll(/\{\{\s*([^}]*?)\s*\}\}/g)]
    .map((match) => match[1] ?? "")
    .filter((name) => !(dunningVariables as ReadonlyArray<string>).includes(name));
  return unknown.length === 0
    ? []
    : [
        {
          path,
          code: "UNKNOWN_VARIABLE",
          message: `unknown {{${unknown[0]}}}; known: ${dunningVariables.join(", ")}`,
        },
      ];
}

/** Field issues of a policy ("levels.2.daysFromDue"): levels in strictly ascending days, codes unique, templates in both languages. */
export function checkDunningPolicy(policy: DunningPolicy): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (typeof policy.minimumOverdueMinor !== "bigint" || policy.minimumOverdueMinor < 0n) {
    issues.push({ path: "minimumOverdue", code: "NEGATIVE", message: "0 or more" });
  }
  if (!Array.isArray(policy.levels) || policy.levels.length < 1 || policy.levels.length > dunningLevelsMax) {
    issues.push({ path: "levels", code: "COUNT", message: `1 to ${dunningLevelsMax} levels` });
    return issues;
  }
  const codes = new Set<string>();
  for (const [index, entry] of policy.levels.entries()) {
    const path = `levels.${index}`;
    if (typeof entry.code !== "string" || !/^[a-z][a-z0-9_-]{0,31}$/.test(entry.code)) {
      issues.push({ path: `${path}.code`, code: "FORMAT", message: "a-z, 0-9, _ or -, up to 32 characters" });
    } else if (codes.has(entry.code)) {
      issues.push({ path: `${path}.code`, code: "DUPLICATE", message: "used by an earlier level" });
    }
    codes.add(entry.code);
    const previous = index === 0 ? null : (policy.levels[index - 1]?.daysFromDue ?? null);
    if (!isIntegerIn(entry.daysFromDue, dunningDaysMin, dunningDaysMax)) {
      issues.push({
        path: `${path}.daysFromDue`,
        code: "OUT_OF_RANGE",
        message: `whole days from ${dunningDaysMin} to ${dunningDaysMax}`,
      });
    } else if (previous !== null && entry.daysFromDue <= previous) {
      issues.push({ path: `${path}.daysFromDue`, code: "ORDER", message: "more days than the level before" });
    }
    if (!(dunningChannels as ReadonlyArray<string>).includes(entry.channel)) {
      issues.push({ path: `${path}.channel`, code: "UNKNOWN", message: dunningChannels.join(", ") });
    }
    if (typeof entry.feeMinor !== "bigint" || entry.feeMinor < 0n) {
      issues.push({ path: `${path}.fee`, code: "NEGATIVE", message: "0 or more" });
    }
    for (const locale of dunningLocales) {
      const template = entry.templates?.[locale];
      issues.push(
        ...templateIssues(template?.subject as string, `${path}.templates.${locale}.subject`),
        ...templateIssues(template?.body as string, `${path}.templates.${locale}.body`),
      );
    }
  }
  return issues;
}

/** {{name}} replaced by its value; a name without a value is left empty. */
export function renderDunningTemplate(
  text: string,
  values: Readonly<Partial<Record<DunningVariable, string>>>,
): string {
  return text.replace(/\{\{\s*([^}]*?)\s*\}\}/g, (_, name: string) => values[name as DunningVariable] ?? "");
}

export interface DunningItem {
  readonly itemId: string;
  readonly dueDate: string;
  readonly openMinor: bigint;
  readonly disputed: boolean;
  /** The date an open promise to pay covers this item until (inclusive), or null. */
  readonly promisedUntil: string | null;
}

export interface LastNotice {
  /** Index in the policy's levels of the last notice sent to the customer. */
  readonly levelIndex: number;
  /** The items that notice covered. */
  readonly itemIds: ReadonlyArray<string>;
}

export interface DunningDecision {
  readonly levelIndex: number;
  readonly level: DunningLevel;
  /** The items the notice covers: every eligible item at or past the level's day, oldest first. */
  readonly items: ReadonlyArray<DunningItem & { readonly daysPastDue: number }>;
  readonly totalMinor: bigint;
  readonly maxDaysPastDue: number;
}

/**
 * The notice to send a customer today, or null. Items with nothing open, disputed items and items
 * under an open promise to pay are left out. The level is the highest whose day the oldest
 * remaining item has reached; it goes out only if it is above the last notice's level — a level is
 * never sent twice, and after an outage the batch sends the level reached, not every level
 * missed. The escalation goes on while an item of the last notice is still unpaid; once all of
 * them are settled (or disputed, or promised) a new round starts at the level its oldest item has
 * reached (the reminder, when the batch runs daily). Amounts overdue under the policy's minimum send nothing (a reminder before the due date
 * counts the amount falling due).
 */
export function selectDunning(input: {
  readonly today: string;
  readonly policy: DunningPolicy;
  readonly items: ReadonlyArray<DunningItem>;
  readonly lastNotice: LastNotice | null;
  /** A promise to pay was broken since the last notice: the round goes up at least one level. */
  readonly escalate?: boolean;
}): DunningDecision | null {
  const { today, policy } = input;
  const first = policy.levels[0];
  if (first === undefined) return null;
  const eligible = input.items
    .filter(
      (item) =>
        item.openMinor > 0n && !item.disputed && (item.promisedUntil === null || item.promisedUntil < today),
    )
    .map((item) => ({ ...item, daysPastDue: daysPastDue(item.dueDate, today) }))
    .filter((item) => item.daysPastDue >= first.daysFromDue)
    .sort((a, b) => b.daysPastDue - a.daysPastDue || (a.itemId < b.itemId ? -1 : 1));
  const oldest = eligible[0];
  if (oldest === undefined) return null;
  let levelIndex = -1;
  for (const [index, entry] of policy.levels.entries())
    if (entry.daysFromDue <= oldest.daysPastDue) levelIndex = index;
  const ongoing =
    input.lastNotice !== null &&
    eligible.some((item) => input.lastNotice?.itemIds.includes(item.itemId) === true);
  if (ongoing && input.lastNotice !== null && input.escalate === true) {
    levelIndex = Math.min(Math.max(levelIndex, input.lastNotice.levelIndex + 1), policy.levels.length - 1);
  }
  const level = policy.levels[levelIndex];
  if (level === undefined) return null;
  if (ongoing && input.lastNotice !== null && levelIndex <= input.lastNotice.levelIndex) return null;
  // Before the due date the notice covers what falls due; after it, everything overdue.
  const fromDays = Math.min(level.daysFromDue, 1);
  const items = eligible.filter((item) => item.daysPastDue >= fromDays);
  const totalMinor = items.reduce((sum, item) => sum + item.openMinor, 0n);
  if (totalMinor < policy.minimumOverdueMinor) return null;
  return { levelIndex, level, items, totalMinor, maxDaysPastDue: oldest.daysPastDue };
}

export interface NamedDunningPolicy {
  /** Unique in the set ("standard", "key-accounts"…). */
  readonly code: string;
  readonly name: string;
  /** Credit grades it applies to; empty for any. */
  readonly grades: ReadonlyArray<string>;
  /** Customer tags (segments) it applies to, any of them; empty for any. */
  readonly tags: ReadonlyArray<string>;
  readonly policy: DunningPolicy;
}

/** An organization's dunning policies, versioned: the first that matches a customer applies, the last one to everyone else. */
export interface DunningSetup {
  readonly version: number;
  readonly policies: ReadonlyArray<NamedDunningPolicy>;
}

export const dunningPoliciesMax = 20;

export function defaultDunningSetup(): DunningSetup {
  return {
    version: 1,
    policies: [
      { code: "standard", name: "标准催收 / Standard", grades: [], tags: [], policy: defaultDunningPolicy },
    ],
  };
}

export function checkDunningSetup(setup: DunningSetup): FieldIssue[] {
  if (
    !Array.isArray(setup.policies) ||
    setup.policies.length < 1 ||
    setup.policies.length > dunningPoliciesMax
  ) {
    return [{ path: "policies", code: "COUNT", message: `1 to ${dunningPoliciesMax} policies` }];
  }
  const issues: FieldIssue[] = [];
  const codes = new Set<string>();
  for (const [index, named] of setup.policies.entries()) {
    const path = `policies.${index}`;
    if (typeof named.code !== "string" || !/^[a-z][a-z0-9_-]{0,31}$/.test(named.code)) {
      issues.push({ path: `${path}.code`, code: "FORMAT", message: "a-z, 0-9, _ or -, up to 32 characters" });
    } else if (codes.has(named.code)) {
      issues.push({ path: `${path}.code`, code: "DUPLICATE", message: "used by an earlier policy" });
    }
    codes.add(named.code);
    if (typeof named.name !== "string" || named.name.trim() === "" || named.name.length > 100) {
      issues.push({ path: `${path}.name`, code: "LENGTH", message: "1 to 100 characters" });
    }
    for (const key of ["grades", "tags"] as const) {
      const list = named[key];
      if (
        !Array.isArray(list) ||
        list.length > 50 ||
        list.some((v) => typeof v !== "string" || v.length > 50)
      ) {
        issues.push({
          path: `${path}.${key}`,
          code: "FORMAT",
          message: "up to 50 texts of up to 50 characters",
        });
      }
    }
    issues.push(
      ...checkDunningPolicy(named.policy).map((issue) => ({
        ...issue,
        path: `${path}.policy.${issue.path}`,
      })),
    );
  }
  return issues;
}

/** The policy that applies to a customer: the first matching its grade and tags, else the last. */
export function dunningPolicyFor(
  setup: DunningSetup,
  customer: { readonly grade: string | null; readonly tags: ReadonlyArray<string> },
): NamedDunningPolicy {
  const match = setup.policies.find(
    (named) =>
      (named.grades.length === 0 || (customer.grade !== null && named.grades.includes(customer.grade))) &&
      (named.tags.length === 0 || named.tags.some((tag) => customer.tags.includes(tag))),
  );
  const chosen = match ?? setup.policies[setup.policies.length - 1];
  if (chosen === undefined) throw new Error("Assertion failed: a dunning setup has a policy");
  return chosen;
}
