/**
 * Accounting frameworks an organization keeps its books under (DESIGN.md §4):
 * 企业会计准则 (CAS, allowance method), 小企业会计准则 (ASBE, direct write-off), IFRS.
 */
export const accountingFrameworks = ["cas", "asbe", "ifrs"] as const;
export type AccountingFramework = (typeof accountingFrameworks)[number];

export const locales = ["zh-CN", "en"] as const;
export type Locale = (typeof locales)[number];

export const defaultTimeZone = "Asia/Shanghai";
export const defaultCurrency = "CNY";
export const defaultLocale: Locale = "zh-CN";

export function isAccountingFramework(value: string): value is AccountingFramework {
  return (accountingFrameworks as ReadonlyArray<string>).includes(value);
}
