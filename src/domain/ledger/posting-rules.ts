import { AppError, type FieldIssue } from "../../core/errors.ts";
import type { AccountingFramework } from "../organization/index.ts";
import { type AccountRole, accountRoles } from "./accounts.ts";
import { type EventType, eventTypeSpecs, eventTypes } from "./events.ts";

export const sides = ["debit", "credit"] as const;
export type Side = (typeof sides)[number];

/** One line of a posting rule: which side, which account (by role), how much, whether it names the customer. */
export interface RuleLine {
  readonly side: Side;
  readonly role: AccountRole;
  /** Names of the event's amounts joined by + and −, e.g. `net + tax` or `gross - discount`. */
  readonly amount: string;
  readonly customer: boolean;
}

export type PostingRule = ReadonlyArray<RuleLine>;
export type PostingRules = Readonly<Record<EventType, PostingRule>>;

export const ruleLinesMax = 20;
export const amountExpressionLengthMax = 200;

/** An amount expression as integer coefficients of the event's independent amounts. */
export type Coefficients = ReadonlyMap<string, bigint>;

const termPattern = /^\s*([+-])?\s*([A-Za-z][A-Za-z0-9]*)\s*/;

/**
 * Parses `a + b - c` into coefficients over the event type's independent amounts (derived names
 * expand). Returns the unknown name on failure.
 */
export function parseAmountExpression(
  eventType: EventType,
  expression: string,
):
  | { readonly ok: true; readonly coefficients: Coefficients }
  | { readonly ok: false; readonly reason: string } {
  const spec = eventTypeSpecs[eventType];
  const coefficients = new Map<string, bigint>();
  let rest = expression;
  let first = true;
  if (expression.length > amountExpressionLengthMax || expression.trim() === "") {
    return { ok: false, reason: "empty or too long" };
  }
  while (rest.trim() !== "") {
    const match = termPattern.exec(rest);
    if (match === null) return { ok: false, reason: `cannot read "${rest.trim()}"` };
    const sign = match[1] === "-" ? -1n : 1n;
    if (!first && match[1] === undefined) return { ok: false, reason: `missing + or - before ${match[2]}` };
    const name = match[2] ?? "";
    const parts = spec.amounts.includes(name) ? [name] : spec.derived[name];
    if (parts === undefined) return { ok: false, reason: `unknown amount "${name}"` };
    for (const part of parts) coefficients.set(part, (coefficients.get(part) ?? 0n) + sign);
    rest = rest.slice(match[0].length);
    first = false;
  }
  return { ok: true, coefficients };
}

/** Evaluates coefficients against an event's amounts (minor units). */
export function evaluateCoefficients(
  coefficients: Coefficients,
  amounts: Readonly<Record<string, bigint>>,
): bigint {
  let total = 0n;
  for (const [name, factor] of coefficients) total += factor * (amounts[name] ?? 0n);
  return total;
}

/**
 * Checks a rule as saved in Settings. A rule balances when, for every independent amount of
 * the event, its debit coefficients equal its credit coefficients — then every voucher it makes
 * balances, whatever the amounts. A rule with no lines means "this event posts nothing" (e.g. a
 * plan's activation under 小企业会计准则, which has no 长期应收款).
 */
export function checkPostingRule(
  eventType: EventType,
  rule: PostingRule,
  mappedRoles: ReadonlySet<AccountRole>,
): ReadonlyArray<FieldIssue> {
  const issues: FieldIssue[] = [];
  if (rule.length > ruleLinesMax) {
    issues.push({ path: "lines", code: "TOO_MANY", message: `at most ${ruleLinesMax} lines` });
  }
  const net = new Map<string, bigint>();
  rule.forEach((line, index) => {
    if (!(accountRoles as ReadonlyArray<string>).includes(line.role)) {
      issues.push({
        path: `lines.${index}.role`,
        code: "UNKNOWN_ROLE",
        message: `unknown role ${line.role}`,
      });
    } else if (!mappedRoles.has(line.role)) {
      issues.push({
        path: `lines.${index}.role`,
        code: "ROLE_NOT_MAPPED",
        message: `no account of this organization fills the role ${line.role}`,
      });
    }
    const parsed = parseAmountExpression(eventType, line.amount);
    if (!parsed.ok) {
      issues.push({ path: `lines.${index}.amount`, code: "INVALID_EXPRESSION", message: parsed.reason });
      return;
    }
    const sign = line.side === "debit" ? 1n : -1n;
    for (const [name, factor] of parsed.coefficients) net.set(name, (net.get(name) ?? 0n) + sign * factor);
  });
  const unbalanced = [...net].filter(([, factor]) => factor !== 0n).map(([name]) => name);
  if (unbalanced.length > 0 && issues.length === 0) {
    issues.push({
      path: "lines",
      code: "RULE_UNBALANCED",
      message: `debits and credits differ in: ${unbalanced.join(", ")}`,
    });
  }
  return issues;
}

export function assertPostingRule(
  eventType: EventType,
  rule: PostingRule,
  mappedRoles: ReadonlySet<AccountRole>,
): void {
  const issues = checkPostingRule(eventType, rule, mappedRoles);
  if (issues.length > 0) {
    const unbalanced = issues.some((issue) => issue.code === "RULE_UNBALANCED");
    throw new AppError(unbalanced ? "RULE_UNBALANCED" : "VALIDATION_FAILED", {
      detail: issues.map((issue) => issue.message).join("; "),
      params: { eventType },
      issues,
    });
  }
}

const d = (role: AccountRole, amount: string, customer = false): RuleLine => ({
  side: "debit",
  role,
  amount,
  customer,
});
const c = (role: AccountRole, amount: string, customer = false): RuleLine => ({
  side: "credit",
  role,
  amount,
  customer,
});

/** The allowance method (CAS 22 / IFRS 9): losses go through 坏账准备 / the loss allowance. */
const allowanceMethodRules: PostingRules = {
  invoice_issued: [d("receivables", "gross", true), c("revenue", "net"), c("vat_output", "tax")],
  // Revenue and its cost when control passes; the VAT waits in 待转销项税额 until each instalment's
  // tax point (财会〔2016〕22号).
  financed_sale: [
    d("long_term_receivables", "gross", true),
    c("revenue", "principal"),
    c("unearned_finance_income", "financeIncome"),
    c("vat_pending", "tax"),
    d("cost_of_sales", "cost"),
    c("inventory", "cost"),
  ],
  financed_sale_due: [
    d("receivables", "gross", true),
    c("long_term_receivables", "gross", true),
    d("vat_pending", "tax"),
    c("vat_output", "tax"),
  ],
  financed_sale_changed: [
    d("long_term_receivables", "financeIncome", true),
    c("unearned_finance_income", "financeIncome"),
    d("long_term_receivables", "tax", true),
    c("vat_pending", "tax"),
    d("long_term_receivables", "capitalized", true),
    c("receivables", "capitalized", true),
  ],
  plan_activated: [d("long_term_receivables", "principal", true), c("receivables", "principal", true)],
  plan_changed: [
    d("long_term_receivables", "capitalized", true),
    c("receivables", "capitalized", true),
    d("long_term_receivables", "capitalizedInterest", true),
    c("interest_income", "capitalizedInterest"),
  ],
  installment_due: [d("receivables", "amount", true), c("long_term_receivables", "amount", true)],
  interest_accrued: [
    d("unearned_finance_income", "amortized"),
    c("interest_income", "amortized"),
    d("receivables", "charged", true),
    c("interest_income", "charged"),
  ],
  fee_accrued: [
    d("receivables", "fee + deferred", true),
    c("fee_income", "fee"),
    c("unearned_finance_income", "deferred"),
  ],
  payment_received: [d("bank", "amount"), c("advance_receipts", "amount", true)],
  payment_applied: [d("advance_receipts", "amount", true), c("receivables", "amount", true)],
  discount_taken: [d("finance_expense", "discount"), c("receivables", "discount", true)],
  underpayment_written_off: [d("finance_expense", "amount"), c("receivables", "amount", true)],
  refund_paid: [d("advance_receipts", "amount", true), c("bank", "amount")],
  penalty: [d("receivables", "amount", true), c("non_operating_income", "amount")],
  credit_note: [d("revenue", "net"), d("vat_output", "tax"), c("receivables", "gross", true)],
  write_off: [d("bad_debt_allowance", "amount"), c("receivables", "amount", true)],
  recovery: [d("receivables", "amount", true), c("bad_debt_allowance", "amount")],
  provision: [d("credit_impairment_loss", "amount"), c("bad_debt_allowance", "amount")],
};

/**
 * 小企业会计准则: no allowance and no discounting. A bad debt is a 营业外支出 when it occurs and a
 * recovery a 营业外收入 (第十条). An instalment sale recognizes revenue, at the contract amount, on
 * each contractual collection date (第五十九条): until then the goods wait in 发出商品 and neither
 * the receivable nor the VAT is booked. An installment-credit plan's principal stays in 应收账款,
 * so plan activation and instalments falling due move nothing between accounts, and fees are
 * income when billed (there is no effective-interest method to defer them by).
 */
const directWriteOffRules: PostingRules = {
  ...allowanceMethodRules,
  financed_sale: [d("goods_shipped", "cost"), c("inventory", "cost")],
  financed_sale_due: [
    d("receivables", "gross", true),
    c("revenue", "amount"),
    c("vat_output", "tax"),
    d("cost_of_sales", "cost"),
    c("goods_shipped", "cost"),
  ],
  // The arrears return to future instalments, which bill — and recognize — them again.
  financed_sale_changed: [d("revenue", "capitalized"), c("receivables", "capitalized", true)],
  plan_activated: [],
  plan_changed: [d("receivables", "capitalizedInterest", true), c("interest_income", "capitalizedInterest")],
  installment_due: [],
  interest_accrued: [d("receivables", "charged", true), c("interest_income", "charged")],
  fee_accrued: [d("receivables", "fee + deferred", true), c("fee_income", "fee + deferred")],
  write_off: [d("non_operating_expense", "amount"), c("receivables", "amount", true)],
  recovery: [d("receivables", "amount", true), c("non_operating_income", "amount")],
  provision: [],
};

export function defaultPostingRules(framework: AccountingFramework): PostingRules {
  switch (framework) {
    case "cas":
    case "ifrs":
      return allowanceMethodRules;
    case "asbe":
      return directWriteOffRules;
  }
}

export { eventTypes };
