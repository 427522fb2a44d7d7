import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { isApiError } from "../../api/client.ts";
import type {
  DelinquencyBucket,
  DisputeStatus,
  DunningChannel,
  LegalStage,
  NoticeStatus,
  OutboxStatus,
  PromiseStatus,
} from "../../api/collections-types.ts";
import type { FieldIssue } from "../../api/types.ts";

/**
 * Words and badges of collections, and the server's objections placed at their fields. Level
 * codes are the organization's own (the default policy's are translated, others shown as typed).
 */

/** A key built at run time (a status, a level code): translated when known, else the fallback. */
export function textOr(
  t: TFunction,
  key: string,
  fallback: string,
  values: Record<string, unknown> = {},
): string {
  const translate = t as unknown as (key: string, options: Record<string, unknown>) => string;
  return translate(key, { ...values, defaultValue: fallback });
}

export function levelName(code: string, t: TFunction): string {
  return textOr(t, `collections.levels.${code}`, code);
}

export function channelName(channel: DunningChannel, t: TFunction): string {
  return t(`collections.channels.${channel}`);
}

export function bucketName(bucket: DelinquencyBucket, t: TFunction): string {
  return textOr(t, `collections.buckets.${bucket}`, bucket);
}

/** A decimal amount the server sent is above zero ("50.00" yes, "0.00" and "-3.00" no). */
export function isPositiveAmount(amount: string): boolean {
  return !amount.startsWith("-") && /[1-9]/.test(amount);
}

/** Grouping and spaces people type or paste into an amount ("5,000", "5 000"): they carry no value. */
const groupingPattern = /[,，\s]/g;

/** An amount as typed, as the API takes it: "5,000.00" → "5000.00". */
export function amountText(typed: string): string {
  return typed.replace(groupingPattern, "");
}

/** A percentage the server computed (`87.5` for 87.5 %), one decimal as it rounds them. */
export function formatPercent(percent: number, locale: string): string {
  return new Intl.NumberFormat(locale, {
    style: "percent",
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  }).format(percent / 100);
}

/** A mean number of days (one decimal, as the server rounds it). */
export function formatDays(days: number, locale: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(days);
}

/** A file's size for people: bytes, KiB or MiB. */
export function formatBytes(bytes: number, locale: string): string {
  const format = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  if (bytes < 1024) return `${format.format(bytes)} B`;
  if (bytes < 1024 * 1024) return `${format.format(bytes / 1024)} KiB`;
  return `${format.format(bytes / (1024 * 1024))} MiB`;
}

/** The server refused the request as in conflict with what is recorded (409). */
export function isConflict(error: unknown): boolean {
  return isApiError(error) && error.code === "CONFLICT";
}

/** Where a server issue points, without the request part: `body.promise.amount` → `promise.amount`. */
export function issuePathOf(issue: FieldIssue): string {
  return issue.path.replace(/^body\.?/, "");
}

/** The last named part of a path (`policies.0.policy.levels.2.daysFromDue` → `daysFromDue`). */
function fieldOf(path: string): string {
  const parts = path.split(".").filter((part) => !/^\d+$/.test(part));
  return parts[parts.length - 1] ?? path;
}

/**
 * An issue in the UI language: a wording for this field and code when there is one (a promise's
 * date out of range says how far ahead it may be), else for the code, else the server's words.
 */
export function collectionsIssueText(issue: FieldIssue, t: TFunction): string {
  if (issue.code === "UNKNOWN_VARIABLE") {
    const name = /\{\{([^}]*)\}\}/.exec(issue.message)?.[1] ?? "";
    return t("collections.issues.unknownVariable", { name: `{{${name}}}` });
  }
  const field = fieldOf(issuePathOf(issue));
  const general = textOr(
    t,
    `collections.issues.codes.${issue.code}`,
    textOr(t, `errors.issueCodes.${issue.code}`, issue.message),
  );
  return textOr(t, `collections.issues.byField.${field}.${issue.code}`, general);
}

/** The issues of a failed request by path, to show each at its field. */
export function collectionsIssues(error: unknown, t: TFunction): Map<string, string> {
  const byPath = new Map<string, string>();
  if (!isApiError(error)) return byPath;
  for (const issue of error.issues) {
    const path = issuePathOf(issue);
    const text = collectionsIssueText(issue, t);
    byPath.set(path, byPath.has(path) ? `${byPath.get(path)}; ${text}` : text);
  }
  return byPath;
}

export function FieldProblem(props: { readonly issues: Map<string, string>; readonly path: string }) {
  const text = props.issues.get(props.path);
  if (text === undefined) return null;
  return (
    <div className="field-error" data-issue-path={props.path}>
      {text}
    </div>
  );
}

const noticeStatusClasses: Readonly<Record<NoticeStatus, string>> = {
  issued: "status-active",
  task_open: "statement-status-sent",
  awaiting_approval: "status-pending",
  no_contact: "status-rejected",
  done: "status-approved",
  cancelled: "status-revoked",
};

const promiseStatusClasses: Readonly<Record<PromiseStatus, string>> = {
  open: "statement-status-sent",
  kept: "status-approved",
  broken: "status-rejected",
  cancelled: "status-revoked",
};

const disputeStatusClasses: Readonly<Record<DisputeStatus, string>> = {
  open: "status-disputed",
  resolved_credit: "status-approved",
  rejected: "status-revoked",
};

export function DisputeStatusBadge(props: { readonly status: DisputeStatus }) {
  const { t } = useTranslation();
  return (
    <span
      className={`status ${disputeStatusClasses[props.status]}`}
      data-status={props.status}
      data-testid="dispute-status"
    >
      {t(`collections.disputeStatuses.${props.status}`)}
    </span>
  );
}

export function LegalStageBadge(props: { readonly stage: LegalStage }) {
  const { t } = useTranslation();
  return (
    <span
      className={`status ${props.stage === "closed" ? "status-revoked" : "status-pending"}`}
      data-stage={props.stage}
      data-testid="legal-stage"
    >
      {t(`collections.legalStages.${props.stage}`)}
    </span>
  );
}

export function NoticeStatusBadge(props: { readonly status: NoticeStatus }) {
  const { t } = useTranslation();
  return (
    <span className={`status ${noticeStatusClasses[props.status]}`} data-status={props.status}>
      {t(`collections.noticeStatuses.${props.status}`)}
    </span>
  );
}

export function PromiseStatusBadge(props: { readonly status: PromiseStatus }) {
  const { t } = useTranslation();
  return (
    <span
      className={`status ${promiseStatusClasses[props.status]}`}
      data-status={props.status}
      data-testid="promise-status"
    >
      {t(`collections.promiseStatuses.${props.status}`)}
    </span>
  );
}

export function OutboxStatusBadge(props: { readonly status: OutboxStatus }) {
  const { t } = useTranslation();
  return (
    <span className={`status message-status-${props.status}`} data-status={props.status}>
      {t(`collections.outbox.statuses.${props.status}`)}
    </span>
  );
}
