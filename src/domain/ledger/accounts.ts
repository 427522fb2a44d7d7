import { AppError } from "../../core/errors.ts";

/**
 * Account classes. CAS and 小企业会计准则 group accounts as 资产, 负债, 所有者权益, 成本, 损益;
 * 损益 is split here into revenue and expense so that IFRS uses the same five-plus-one classes.
 * The class decides where an account goes in reports; the normal balance decides the sign.
 */
export const accountTypes = ["asset", "liability", "equity", "cost", "revenue", "expense"] as const;
export type AccountType = (typeof accountTypes)[number];

export const normalBalances = ["debit", "credit"] as const;
export type NormalBalance = (typeof normalBalances)[number];

/**
 * What a posting rule asks for instead of an account code. Each organization maps every role to
 * one of its leaf accounts; the framework's template supplies the first mapping.
 */
export const accountRoles = [
  "cash",
  "bank",
  "notes_receivable",
  "receivables",
  "other_receivables",
  "long_term_receivables",
  "unearned_finance_income",
  "bad_debt_allowance",
  "advance_receipts",
  "vat_output",
  "revenue",
  "other_revenue",
  "interest_income",
  "fee_income",
  "finance_expense",
  "credit_impairment_loss",
  "non_operating_income",
  "non_operating_expense",
  // 应交税费—应交增值税 has a tax point: for an instalment sale it is the contractual due date
  // (增值税暂行条例实施细则 第三十八条), so the output VAT of instalments not yet due waits here.
  "vat_pending",
  "inventory",
  // 发出商品: goods delivered whose revenue is not yet recognized (小企业会计准则 第五十九条).
  "goods_shipped",
  "cost_of_sales",
] as const;
export type AccountRole = (typeof accountRoles)[number];

export interface Account {
  readonly code: string;
  readonly nameZh: string;
  readonly nameEn: string;
  readonly type: AccountType;
  readonly normalBalance: NormalBalance;
  readonly parentCode: string | null;
  /** A receivables control account: every line on it names a customer (辅助核算 by customer). */
  readonly receivablesControl: boolean;
  readonly active: boolean;
}

export const accountCodeLengthMax = 20;
export const accountNameLengthMax = 100;

const accountCodePattern = /^[0-9]{4,20}$/;

export function isAccountCode(code: string): boolean {
  return accountCodePattern.test(code);
}

/**
 * Chinese charts code sub-accounts by extending the parent's code (1122 → 112201, 2221 → 222101
 * → 22210102), and accountants read the hierarchy from the digits. We hold every chart to it, so
 * "an account and everything under it" is a code prefix.
 */
export function checkSubAccountCode(parent: Account, code: string): void {
  if (!isAccountCode(code) || !code.startsWith(parent.code) || code.length <= parent.code.length) {
    throw new AppError("VALIDATION_FAILED", {
      detail: `a sub-account of ${parent.code} has a code that starts with ${parent.code} and is longer`,
      issues: [
        {
          path: "code",
          code: "SUB_ACCOUNT_CODE",
          message: `must be digits that start with ${parent.code} and are longer`,
        },
      ],
    });
  }
}

/** Debit-positive balance turned into the account's own sign (a credit-normal account reads credit − debit). */
export function signedBalance(
  account: Pick<Account, "normalBalance">,
  debitMinusCreditMinor: bigint,
): bigint {
  return account.normalBalance === "debit" ? debitMinusCreditMinor : -debitMinusCreditMinor;
}

/** Accounts in display order: by code, which puts every parent before its children. */
export function sortAccounts<T extends Pick<Account, "code">>(accounts: ReadonlyArray<T>): T[] {
  return [...accounts].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}
