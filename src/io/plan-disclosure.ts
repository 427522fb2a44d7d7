import { type DisclosureLocale, type DisclosureSheet, percentText } from "./disclosure-pdf.ts";
import type { planOut } from "./plan-json.ts";

/**
 * The disclosure sheet of a plan, from its API view: the words around the figures in the sheet's
 * language. The figures are the view's, so the sheet shows exactly what the API and the UI show.
 */

type PlanView = ReturnType<typeof planOut>;

const words = {
  "zh-CN": {
    mode: { "financed-sale": "分期收款销售", "installment-credit": "账款分期" },
    method: {
      "equal-installment": "等额本息",
      "equal-principal": "等额本金",
      "flat-fee": "手续费分期",
      "interest-only": "先息后本",
    },
    frequency: {
      weekly: "每周",
      biweekly: "每两周",
      semimonthly: "每半月",
      monthly: "每月",
      quarterly: "每季",
      yearly: "每年",
    },
    status: {
      draft: "草稿",
      offered: "已提供",
      accepted: "已确认",
      active: "生效中",
      restructured: "已重组",
      "paid-off": "已结清",
      cancelled: "已取消",
    },
    judicialCeiling: "合同成立时一年期LPR的4倍（最高人民法院民间借贷司法解释第二十五条）",
    ownCeiling: "本组织设定的年化利率上限",
    noEarlyFee: "提前还款不收取手续费。利息计至还款日。",
    earlyFee: (text: string) => `提前还款手续费：${text}。利息计至还款日。`,
    late: (rate: string, grace: number) =>
      `逾期本金按${rate}计收罚息，宽限期 ${grace} 天；罚息不超过合同约定及法律允许的上限。`,
    markup: (share: string) => `合同利率上浮 ${percentText(share)}`,
    fixed: (rate: string) => `年利率 ${percentText(rate)}`,
  },
  en: {
    mode: { "financed-sale": "Installment sale", "installment-credit": "Installment credit" },
    method: {
      "equal-installment": "Equal installments",
      "equal-principal": "Equal principal",
      "flat-fee": "Flat fee",
      "interest-only": "Interest only",
    },
    frequency: {
      weekly: "Weekly",
      biweekly: "Every two weeks",
      semimonthly: "Twice a month",
      monthly: "Monthly",
      quarterly: "Quarterly",
      yearly: "Yearly",
    },
    status: {
      draft: "Draft",
      offered: "Offered",
      accepted: "Accepted",
      active: "Active",
      restructured: "Restructured",
      "paid-off": "Paid off",
      cancelled: "Cancelled",
    },
    judicialCeiling: "4 × the one-year LPR at contract date (SPC private-lending provisions, Art. 25)",
    ownCeiling: "the organization's own annualized-rate ceiling",
    noEarlyFee: "You may repay early without a fee; interest runs to the day you repay.",
    earlyFee: (text: string) => `Early repayment fee: ${text}. Interest runs to the day you repay.`,
    late: (rate: string, grace: number) =>
      `Overdue principal bears penalty interest at ${rate} after ${grace} days of grace, within the contract's and the law's limits.`,
    markup: (share: string) => `the contract rate plus ${percentText(share)}`,
    fixed: (rate: string) => `${percentText(rate)} a year`,
  },
} as const;

function earlyRepaymentText(view: PlanView, locale: DisclosureLocale): string {
  const w = words[locale];
  const fee = view.earlyRepaymentFee as {
    kind: string;
    rate?: string;
    amount?: string;
    months?: number;
    cap?: string;
  };
  switch (fee.kind) {
    case "percent-of-prepaid":
      return w.earlyFee(
        `${percentText(fee.rate ?? "0")}${locale === "en" ? " of the principal repaid early" : "（按提前偿还本金计）"}`,
      );
    case "fixed":
      return w.earlyFee(`${fee.amount ?? "0"} ${view.currency}`);
    case "months-of-interest":
      return w.earlyFee(locale === "en" ? `${fee.months} months of interest` : `${fee.months} 个月利息`);
    default:
      return w.noEarlyFee;
  }
}

function latePaymentText(view: PlanView, locale: DisclosureLocale): string {
  const w = words[locale];
  const penalty = view.penalty as {
    rate: { kind: string; markupShare?: string; annualRate?: string };
    graceDays: number;
  };
  const rate =
    penalty.rate.kind === "fixed"
      ? w.fixed(penalty.rate.annualRate ?? "0")
      : w.markup(penalty.rate.markupShare ?? "0");
  return w.late(rate, penalty.graceDays);
}

export function disclosureSheetOf(
  view: PlanView,
  organizationName: string,
  locale: DisclosureLocale,
  generatedAt: string,
): DisclosureSheet {
  const w = words[locale];
  const live = view.items.filter((item) => item.status !== "cancelled");
  const taxOf = (number: number): string | null => {
    if (view.accountingMode !== "financed-sale") return null;
    const item = live.find((candidate) => candidate.kind === "installment" && candidate.number === number);
    return item?.tax ?? null;
  };
  const hasTax = view.accountingMode === "financed-sale";
  const terms = view.terms;
  return {
    locale,
    organizationName,
    customerName: view.customer.name,
    customerCode: view.customer.code,
    planNumber: view.number,
    status: w.status[view.status],
    contractDate: view.contractDate,
    currency: view.currency,
    accountingModeLabel: w.mode[view.accountingMode],
    methodLabel: w.method[terms.method],
    frequencyLabel: w.frequency[terms.frequency],
    dayCount: terms.dayCount,
    periods: terms.periods,
    price: view.principal,
    downPayment: terms.downPayment,
    financed: view.financed,
    upfrontFee: terms.upfrontFee,
    totals: { ...view.schedule.totals, tax: hasTax ? view.itemTotals.tax : null },
    totalPayable: view.itemTotals.total,
    subsidy: terms.interestFree ? view.subsidy : null,
    rates: view.annualizedRate,
    contractAnnualRate: terms.annualRate,
    rateCeiling: {
      ceilingRate: view.rateCeiling.ceilingRate,
      basis: view.rateCeiling.legalBasis === null ? w.ownCeiling : w.judicialCeiling,
      decision: view.rateCeiling.decision,
    },
    earlyRepayment: earlyRepaymentText(view, locale),
    latePayment: latePaymentText(view, locale),
    rows: view.schedule.installments.map((row) => ({
      number: row.number,
      dueDate: row.dueDate,
      principal: row.principal,
      interest: row.interest,
      fee: row.fee,
      tax: hasTax ? taxOf(row.number) : null,
      total: row.total,
      balanceAfter: row.balanceAfter,
    })),
    generatedAt,
  };
}
