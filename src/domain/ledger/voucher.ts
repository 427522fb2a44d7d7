import { AppError, assert, type FieldIssue } from "../../core/errors.ts";
import type { Account, AccountRole } from "./accounts.ts";
import { type EventType, eventTypeSpecs } from "./events.ts";
import { evaluateCoefficients, type PostingRule, parseAmountExpression } from "./posting-rules.ts";

/** One journal line: exactly one of debit and credit is positive (minor units). */
export interface JournalLine {
  readonly accountCode: string;
  readonly debitMinor: bigint;
  readonly creditMinor: bigint;
  readonly currency: string;
  readonly customerId: string | null;
  readonly memo: string | null;
}

export const voucherKinds = ["event", "manual", "reversal"] as const;
export type VoucherKind = (typeof voucherKinds)[number];

/** A money event as the posting engine receives it; amounts in minor units of `currency`. */
export interface LedgerEvent {
  readonly type: EventType;
  readonly date: string;
  readonly currency: string;
  readonly customerId: string | null;
  readonly amounts: Readonly<Record<string, bigint>>;
  readonly memo: string;
  readonly sourceType: string | null;
  readonly sourceId: string | null;
  /**
   * Who paid, when not the customer whose receivable the money settles: a head office paying for
   * a branch (group payer). Advance receipts belong to whoever paid, so rule lines on the
   * `advance_receipts` role name the payer; every other customer line names `customerId`.
   */
  readonly payerId?: string | null;
}

export const voucherLinesMax = 1000;
export const voucherMemoLengthMax = 200;
/** 记账凭证: the one voucher word (凭证字) most Chinese firms use for every entry. */
export const voucherWord = "记";

export function formatVoucherNumber(number: bigint): string {
  return `${voucherWord}-${number.toString().padStart(4, "0")}`;
}

/** Monthly accounting periods, named `YYYY-MM`. */
export function periodOf(date: string): string {
  return date.slice(0, 7);
}

const periodPattern = /^[0-9]{4}-(0[1-9]|1[0-2])$/;
export function isPeriod(text: string): boolean {
  return periodPattern.test(text);
}

/** The first and last day of a `YYYY-MM` period. */
export function periodBounds(period: string): { readonly from: string; readonly to: string } {
  assert(isPeriod(period), `not a period: ${period}`);
  const year = Number(period.slice(0, 4));
  const month = Number(period.slice(5, 7));
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return { from: `${period}-01`, to: `${period}-${String(lastDay).padStart(2, "0")}` };
}

/**
 * Projects an event through its posting rule onto accounts. A line whose amount comes out zero is
 * left out; a negative one changes sides (a provision released). Returns no lines when the rule
 * has none or every amount is zero.
 */
export function eventLines(
  event: LedgerEvent,
  rule: PostingRule,
  roleAccounts: ReadonlyMap<AccountRole, string>,
): JournalLine[] {
  const spec = eventTypeSpecs[event.type];
  const unknown = Object.keys(event.amounts).filter((name) => !spec.amounts.includes(name));
  if (unknown.length > 0) {
    throw new AppError("VALIDATION_FAILED", {
      detail: `${event.type} carries no amount named ${unknown.join(", ")}`,
      issues: unknown.map((name) => ({ path: `amounts.${name}`, code: "UNKNOWN_AMOUNT", message: name })),
    });
  }
  const lines: JournalLine[] = [];
  for (const ruleLine of rule) {
    const parsed = parseAmountExpression(event.type, ruleLine.amount);
    assert(parsed.ok, `posting rule of ${event.type} was saved with a bad expression`);
    const value = evaluateCoefficients(parsed.coefficients, event.amounts);
    if (value === 0n) continue;
    const accountCode = roleAccounts.get(ruleLine.role);
    if (accountCode === undefined) {
      throw new AppError("VALIDATION_FAILED", {
        detail: `no account fills the role ${ruleLine.role}`,
        issues: [{ path: "role", code: "ROLE_NOT_MAPPED", message: ruleLine.role }],
      });
    }
    if (ruleLine.customer && event.customerId === null) {
      throw new AppError("CUSTOMER_REQUIRED", { params: { account: accountCode } });
    }
    const debit = (ruleLine.side === "debit") === value > 0n;
    const size = value > 0n ? value : -value;
    lines.push({
      accountCode,
      debitMinor: debit ? size : 0n,
      creditMinor: debit ? 0n : size,
      currency: event.currency,
      customerId: !ruleLine.customer
        ? null
        : ruleLine.role === "advance_receipts"
          ? (event.payerId ?? event.customerId)
          : event.customerId,
      memo: null,
    });
  }
  return lines;
}

/** Debits minus credits per currency; a balanced voucher has every entry zero. */
export function imbalanceByCurrency(lines: ReadonlyArray<JournalLine>): Map<string, bigint> {
  const totals = new Map<string, bigint>();
  for (const line of lines) {
    totals.set(line.currency, (totals.get(line.currency) ?? 0n) + line.debitMinor - line.creditMinor);
  }
  return totals;
}

export function isBalanced(lines: ReadonlyArray<JournalLine>): boolean {
  return [...imbalanceByCurrency(lines).values()].every((v) => v === 0n);
}

export interface PostingContext {
  readonly accounts: ReadonlyMap<string, Account>;
  /** Codes of accounts that have sub-accounts: only leaf accounts (末级科目) take postings. */
  readonly parentCodes: ReadonlySet<string>;
  readonly knownCustomer: (customerId: string) => boolean;
}

/**
 * Everything a voucher must satisfy before it is written, whoever makes it (the posting engine,
 * an accountant, a reversal): two lines at least, one side per line, posting to active leaf
 * accounts, a customer on every receivables-control line, and debits equal to credits in every
 * currency.
 */
export function checkVoucherLines(lines: ReadonlyArray<JournalLine>, context: PostingContext): void {
  const issues: FieldIssue[] = [];
  if (lines.length < 2 || lines.length > voucherLinesMax) {
    issues.push({ path: "lines", code: "LINE_COUNT", message: `2 to ${voucherLinesMax} lines` });
  }
  lines.forEach((line, index) => {
    const path = `lines.${index}`;
    const oneSide =
      (line.debitMinor > 0n && line.creditMinor === 0n) || (line.creditMinor > 0n && line.debitMinor === 0n);
    if (!oneSide) {
      issues.push({ path, code: "ONE_SIDE", message: "a positive debit or a positive credit, not both" });
    }
    const account = context.accounts.get(line.accountCode);
    if (account === undefined) {
      issues.push({ path: `${path}.accountCode`, code: "UNKNOWN_ACCOUNT", message: line.accountCode });
      return;
    }
    if (!account.active) {
      throw new AppError("ACCOUNT_INACTIVE", {
        params: { account: account.code },
        issues: [{ path: `${path}.accountCode`, code: "ACCOUNT_INACTIVE", message: account.code }],
      });
    }
    if (context.parentCodes.has(account.code)) {
      throw new AppError("ACCOUNT_NOT_POSTABLE", {
        params: { account: account.code },
        issues: [{ path: `${path}.accountCode`, code: "ACCOUNT_NOT_POSTABLE", message: account.code }],
      });
    }
    if (line.customerId === null && account.receivablesControl) {
      throw new AppError("CUSTOMER_REQUIRED", {
        params: { account: account.code },
        issues: [{ path: `${path}.customerId`, code: "CUSTOMER_REQUIRED", message: account.code }],
      });
    }
    if (line.customerId !== null && !context.knownCustomer(line.customerId)) {
      issues.push({ path: `${path}.customerId`, code: "UNKNOWN_CUSTOMER", message: line.customerId });
    }
  });
  if (issues.length > 0) {
    throw new AppError("VALIDATION_FAILED", {
      detail: issues.map((i) => `${i.path}: ${i.message}`).join("; "),
      issues,
    });
  }
  const imbalance = [...imbalanceByCurrency(lines)].filter(([, v]) => v !== 0n);
  if (imbalance.length > 0) {
    throw new AppError("VOUCHER_UNBALANCED", {
      params: { difference: imbalance.map(([currency, v]) => `${currency} ${v}`).join(", ") },
      issues: [{ path: "lines", code: "VOUCHER_UNBALANCED", message: "debits differ from credits" }],
    });
  }
}

/** A reversal mirrors every line of the original: debits become credits and back. */
export function reversedLines(lines: ReadonlyArray<JournalLine>): JournalLine[] {
  return lines.map((line) => ({ ...line, debitMinor: line.creditMinor, creditMinor: line.debitMinor }));
}
