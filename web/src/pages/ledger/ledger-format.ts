import type { Locale } from "../../api/types.ts";

/**
 * Reading the ledger's decimal strings without arithmetic: the server sends every amount in the
 * currency's canonical form ("-1234.50"), so sign and zero are read from the text. Sums the web
 * app needs itself (a voucher being keyed in) go through src/core/money.ts in minor units.
 */

const zeroPattern = /^-?0+(?:\.0+)?$/;

export function isZeroAmount(amount: string): boolean {
  return zeroPattern.test(amount);
}

export type BalanceSide = "debit" | "credit" | "flat";

/** A debit-positive balance as Chinese ledgers print it: a direction (借/贷/平) and a size. */
export function balanceSide(amount: string): BalanceSide {
  if (isZeroAmount(amount)) return "flat";
  return amount.startsWith("-") ? "credit" : "debit";
}

export function absoluteAmount(amount: string): string {
  return amount.startsWith("-") ? amount.slice(1) : amount;
}

/** An account's name in the language the user reads. */
export function accountName(
  account: { readonly nameZh: string; readonly nameEn: string },
  language: Locale,
): string {
  return language === "en" ? account.nameEn : account.nameZh;
}

/** Codes of accounts that have sub-accounts: those take no postings (末级科目 only). */
export function parentCodes(
  accounts: ReadonlyArray<{ readonly parentCode: string | null }>,
): ReadonlySet<string> {
  return new Set(accounts.flatMap((account) => (account.parentCode === null ? [] : [account.parentCode])));
}
