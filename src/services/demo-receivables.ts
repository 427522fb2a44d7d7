import { Temporal } from "temporal-polyfill";
import { addMonths, endOfMonth, formatBusinessDate, parseBusinessDate } from "../core/dates.ts";
import { add, decimal, multiply, ONE, parseDecimal, roundToInteger } from "../core/decimal.ts";
import { isAppError } from "../core/errors.ts";
import { divideRounded } from "../core/rounding.ts";
import { type Grade, grades } from "../domain/credit/index.ts";
import { cashToSettle, discountRateOn } from "../domain/payments/index.ts";
import type { DiscountWindow, InvoiceLineInput } from "../domain/receivables/index.ts";
import { chineseBankCsvPreset } from "../io/bank-statements/index.ts";
import type { Store } from "../store/database.ts";
import { type Actor, type Clock, runCommand, type Tx } from "./command.ts";
import { setGroupPayer } from "./customers.ts";
import { businessDateAt, getOrganization } from "./organizations.ts";
import {
  createCreditNote,
  createDebitNote,
  createInvoice,
  createStatement,
  deleteDraftInvoice,
  getOpenItem,
  getReceivablesPolicy,
  type InvoiceDetail,
  importBankStatement,
  issueInvoice,
  listOpenItems,
  markStatementSent,
  type OpenItem,
  type PaymentMethod,
  recordPayment,
  refundPayment,
  respondToStatement,
  reversePayment,
} from "./receivables/index.ts";

/**
 * The receivables side of the demo: two years of invoices, notes and payments per organization,
 * made through the receivables services as a bookkeeper would make them, so that the books are
 * the documents (each customer's 应收账款 is its open items) and every report has a history.
 *
 * Each customer gets a payment profile (early payers who take the cash discount, on time, late,
 * stopped paying, a branch whose head office pays), orders in some months on its terms, and pays
 * as its profile says. The months run in date order, one transaction per month; at the end a bank
 * statement of the last week is imported and three statements of account are sent. Everything
 * comes from a seeded stream, so a seed and a "today" give the same story on every machine.
 *
 * The volume is what keeps `npm start` quick: every document goes through its service (some
 * fifty queries each), so the demo holds a few hundred invoices per organization.
 *
 * Customers without a granted limit (cash in advance) or on hold are refused by the credit check
 * on every credit sale, so they get no invoices; the credit demo decides who they are.
 */

/** Months of history before today; the months run as `demoHistoryMonths + 1` transactions. */
export const demoHistoryMonths = 24;
/** Progress steps per organization: one per month, one for the closing documents. */
export const demoReceivablesSteps = demoHistoryMonths + 2;

export const demoPaymentProfiles = ["early", "on_time", "late", "stopped", "group_member"] as const;
/**
 * early: pays inside the discount window and takes the discount. on_time: a few days around the
 * due date. late: 15–120 days after it, sometimes in two parts. stopped: pays like on_time until
 * a day in the second year, then nothing. group_member: a branch whose head office pays for it.
 */
export type DemoPaymentProfile = (typeof demoPaymentProfiles)[number];

/** Shares of the customers with credit; the rest pay on time. */
const profileShares = { early: 0.2, late: 0.2, stopped: 0.1, group_member: 0.05 } as const;

/**
 * Terms each profile buys on. Many on-time customers settle monthly (月结): a month's invoices
 * fall due together and go out in one payment run.
 */
const termsByProfile: Readonly<Record<DemoPaymentProfile, ReadonlyArray<string>>> = {
  early: ["2/10N30", "2/10-1/20N30"],
  on_time: ["NET30", "EOM30", "EOM30", "NET45", "NET60", "NET60"],
  late: ["NET30", "NET60", "EOM30"],
  stopped: ["NET30", "NET45"],
  group_member: ["EOM30"],
};
/** On-time customers pay some large orders 30 % on receipt and 70 % in 60 days. */
const splitTermsCode = "SPLIT30-70";
const splitTermsShare = 0.2;

/** How many months of sales a profile's terms and habits leave open, in hundredths of a month. */
function monthsOpenHundredths(profile: DemoPaymentProfile, termsCode: string): number {
  const terms: Readonly<Record<string, number>> = {
    "2/10N30": 35,
    "2/10-1/20N30": 40,
    NET30: 100,
    NET45: 150,
    NET60: 200,
    EOM30: 150,
  };
  const base = terms[termsCode] ?? 100;
  switch (profile) {
    case "early":
    case "on_time":
    case "group_member":
      return base;
    case "late":
      return base + 220;
    case "stopped":
      return base + 50;
  }
}

/** A customer as the receivables demo sees it: its record and the credit the credit demo granted. */
export interface DemoReceivablesCustomer {
  readonly code: string;
  readonly name: string;
  readonly kind: "company" | "individual";
  readonly industry: string;
  readonly grade: string | null;
  readonly limitMinor: bigint;
  readonly onHold: boolean;
}

export interface DemoPaymentPlan {
  readonly code: string;
  /** Null: no credit sales (no limit, or on hold). */
  readonly profile: DemoPaymentProfile | null;
  readonly termsCode: string;
  /** The customer whose head office pays (group_member only): the head office's code. */
  readonly headOfficeCode: string | null;
  /** Month index (0 = the first month of the history) of the first order: not every customer is old. */
  readonly startMonth: number;
  /** Month index from which a stopped customer pays nothing. */
  readonly stopMonth: number | null;
  /** Chance of ordering in a month, in basis points; an ordering month has one to four orders. */
  readonly orderMonthBp: number;
  /** Sales of an ordering month, gross, sized so that what is open stays well within the limit. */
  readonly monthlyGrossMinor: bigint;
  /** The weekday (1 = Monday) of the customer's weekly payment run. */
  readonly payWeekday: number;
  /** The day of the month a late payer pays on (每月固定付款日). */
  readonly payMonthDay: number;
  /** Shares of the payments made by cheque and by bank acceptance draft, in basis points. */
  readonly chequeBp: number;
  readonly draftBp: number;
}

function drawBetween(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

const gradeRank = (grade: string | null): number => {
  const rank = grades.indexOf(grade as Grade);
  return rank < 0 ? grades.length : rank;
};

/** Customers who joined during the history: this share, in its first months. */
const lateStartShare = 0.25;
const lateStartMonthMax = 8;
/** A stopped customer's last paying month, counted back from today: in the second year. */
const stopMonthsBackMin = 7;
const stopMonthsBackMax = 11;
/** Customers with at least this limit order in most months. */
const frequentBuyerLimitMinor = 100_000_000n;
const payMonthDays = [5, 10, 15, 20, 25] as const;
/** A late payer decides to pay up to this many days past due, then waits for its monthly run. */
const lateDaysMax = 85;
/** Share of a late payer's items paid in two parts. */
const lateInPartsShare = 0.3;
/** Share of the limit the customer's open items are sized to, in basis points. */
const exposureBpMin = 3_500;
const exposureBpMax = 5_500;

/**
 * Who pays how. The best grades pay early, the weakest of those with credit stop paying or pay
 * late, one or two middle customers are branches paid for by the best-graded on-time customer.
 */
export function demoPaymentPlans(
  random: () => number,
  customers: ReadonlyArray<DemoReceivablesCustomer>,
): DemoPaymentPlan[] {
  const between = (min: number, max: number): number => drawBetween(random, min, max);
  const pick = <T>(list: ReadonlyArray<T>): T => list[Math.floor(random() * list.length)] as T;
  const withCredit = customers
    .filter((customer) => customer.limitMinor > 0n && !customer.onHold)
    .map((customer) => ({ customer, tieBreak: random() }))
    .sort((a, b) => gradeRank(a.customer.grade) - gradeRank(b.customer.grade) || a.tieBreak - b.tieBreak)
    .map((entry) => entry.customer);
  const count = withCredit.length;
  const profileOf = new Map<string, DemoPaymentProfile>();
  const take = (n: number, from: "best" | "worst", profile: DemoPaymentProfile) => {
    const order = from === "best" ? withCredit : [...withCredit].reverse();
    let left = n;
    for (const customer of order) {
      if (left === 0) break;
      if (profileOf.has(customer.code)) continue;
      profileOf.set(customer.code, profile);
      left -= 1;
    }
  };
  const share = (fraction: number) => (count === 0 ? 0 : Math.max(1, Math.round(count * fraction)));
  take(share(profileShares.early), "best", "early");
  take(share(profileShares.stopped), "worst", "stopped");
  take(share(profileShares.late), "worst", "late");
  const middle = withCredit.filter((customer) => !profileOf.has(customer.code));
  const headOffice = middle.find((customer) => customer.kind === "company");
  const branches = middle.filter((customer) => customer.kind === "company" && customer !== headOffice);
  for (let n = share(profileShares.group_member); n > 0 && branches.length > 0; n -= 1) {
    const [branch] = branches.splice(Math.floor(random() * branches.length), 1);
    if (branch !== undefined) profileOf.set(branch.code, "group_member");
  }
  return customers.map((customer): DemoPaymentPlan => {
    const credit = customer.limitMinor > 0n && !customer.onHold;
    const profile = credit ? (profileOf.get(customer.code) ?? "on_time") : null;
    const termsCode = profile === null ? "CASH" : pick(termsByProfile[profile]);
    const exposureBp = between(exposureBpMin, exposureBpMax);
    // Larger customers order in more months; so do those who will stop paying, buying on credit
    // while they can.
    const orderMonthBp =
      customer.limitMinor >= frequentBuyerLimitMinor || profile === "stopped"
        ? between(3_000, 5_000)
        : between(1_200, 2_500);
    // What is open is about a month's sales times the months it stays open; a month's sales are
    // the ordering months' sales spread over all months.
    const monthlyGrossMinor =
      profile === null
        ? 0n
        : (customer.limitMinor * BigInt(exposureBp) * 10_000n) /
          BigInt(100 * monthsOpenHundredths(profile, termsCode) * orderMonthBp);
    const paysByCheque = profile !== "early" && random() < 0.15;
    const paysByDraft = profile !== "early" && customer.kind === "company" && random() < 0.25;
    return {
      code: customer.code,
      profile,
      termsCode,
      headOfficeCode: profile === "group_member" ? (headOffice?.code ?? null) : null,
      startMonth:
        profile === "early" || profile === "stopped" || random() >= lateStartShare
          ? 0
          : between(1, lateStartMonthMax),
      stopMonth:
        profile === "stopped" ? demoHistoryMonths - between(stopMonthsBackMin, stopMonthsBackMax) : null,
      orderMonthBp,
      monthlyGrossMinor,
      payWeekday: between(1, 5),
      payMonthDay: pick(payMonthDays),
      chequeBp: paysByCheque ? 3_000 : 300,
      draftBp: paysByDraft ? 4_000 : 500,
    };
  });
}

// ---------------------------------------------------------------------------------------------
// What is sold: goods at 13 % VAT, services at 6 % (财政部 税务总局 海关总署公告2019年第39号).
// ---------------------------------------------------------------------------------------------

interface Product {
  /** Name, specification and unit, as a 发票 line shows them. */
  readonly description: string;
  /** Price per unit before VAT, in 分. */
  readonly priceMinor: bigint;
  /** Decimals of the quantity: tonnes to the kilogram, pieces whole. */
  readonly quantityDecimals: 0 | 1 | 3;
}

const goods = {
  steel: [
    { description: "热轧卷板 Q235B 4.75×1500（吨）", priceMinor: 415_000n, quantityDecimals: 3 },
    { description: "冷轧薄板 SPCC 1.0mm（吨）", priceMinor: 498_000n, quantityDecimals: 3 },
    { description: "螺纹钢 HRB400E Φ16（吨）", priceMinor: 378_000n, quantityDecimals: 3 },
    { description: "不锈钢板 304 2.0mm（吨）", priceMinor: 1_580_000n, quantityDecimals: 3 },
    { description: "镀锌钢管 DN50（吨）", priceMinor: 520_000n, quantityDecimals: 3 },
  ],
  electronics: [
    { description: "贴片电容 0603 100nF 50V（千只）", priceMinor: 1_850n, quantityDecimals: 0 },
    { description: "贴片电阻 0402 10kΩ ±1%（千只）", priceMinor: 420n, quantityDecimals: 0 },
    { description: "场效应管 AO3400A SOT-23（千只）", priceMinor: 26_500n, quantityDecimals: 0 },
    { description: "单片机 STM32F103C8T6（只）", priceMinor: 980n, quantityDecimals: 0 },
    { description: "印制电路板 四层 FR-4 1.6mm（片）", priceMinor: 3_600n, quantityDecimals: 0 },
  ],
  packaging: [
    { description: "五层瓦楞纸箱 600×400×400（个）", priceMinor: 680n, quantityDecimals: 0 },
    { description: "PE缠绕膜 500mm×300m（卷）", priceMinor: 3_800n, quantityDecimals: 0 },
    { description: "珍珠棉 EPE 10mm（平方米）", priceMinor: 450n, quantityDecimals: 0 },
    { description: "熏蒸木托盘 1200×1000（个）", priceMinor: 9_500n, quantityDecimals: 0 },
  ],
  machineParts: [
    { description: "深沟球轴承 6205-2RS（套）", priceMinor: 1_260n, quantityDecimals: 0 },
    { description: "液压油缸 HOB63×200（台）", priceMinor: 168_000n, quantityDecimals: 0 },
    { description: "同步带轮 HTD-5M 40齿（个）", priceMinor: 4_500n, quantityDecimals: 0 },
  ],
  building: [
    { description: "普通硅酸盐水泥 P·O 42.5（吨）", priceMinor: 42_000n, quantityDecimals: 3 },
    { description: "铝合金型材 6063-T5（吨）", priceMinor: 2_150_000n, quantityDecimals: 3 },
  ],
  textiles: [
    { description: "涤纶长丝 DTY 150D/48F（吨）", priceMinor: 865_000n, quantityDecimals: 3 },
    { description: "全棉坯布 40S×40S（米）", priceMinor: 620n, quantityDecimals: 1 },
  ],
} as const satisfies Record<string, ReadonlyArray<Product>>;
type GoodsKind = keyof typeof goods;

/** Services billed for a month, quantity 1. */
const services = [
  "技术服务费（设备维护）",
  "软件维护服务费（仓储管理系统）",
  "检测服务费（来料检验）",
  "技术咨询服务费",
] as const;

const goodsByIndustry: Readonly<Record<string, ReadonlyArray<GoodsKind>>> = {
  机械制造: ["steel", "machineParts", "packaging"],
  电子元器件: ["electronics", "packaging"],
  建材: ["steel", "building"],
  食品批发: ["packaging"],
  纺织服装: ["textiles", "packaging"],
  物流: ["packaging"],
};

const goodsVatRate = "0.13";
const servicesVatRate = "0.06";
/** Share of lines that are services. */
const serviceLineShare = 0.15;
/** A service line is billed in whole hundreds of yuan, from 500 to 50,000 yuan; larger lines are goods. */
const serviceStepMinor = 10_000n;
const serviceLineMinor = 50_000n;
const serviceLineMinorMax = 5_000_000n;
const invoiceLinesMax = 3;
/** A goods line is of at least this many units when the trade has goods that cheap. */
const lineUnitsMin = 5n;

function decimalText(scaled: bigint, decimals: number): string {
  if (decimals === 0) return scaled.toString();
  const unit = 10n ** BigInt(decimals);
  return `${scaled / unit}.${(scaled % unit).toString().padStart(decimals, "0")}`;
}

/** The price with VAT, to the 分, for a tax-inclusive (含税) invoice. */
function withVat(priceMinor: bigint, vatRate: string): bigint {
  return roundToInteger(multiply(decimal(priceMinor), add(ONE, parseDecimal(vatRate))), "half-up");
}

/**
 * The lines of an order of about `grossMinor` (VAT included) to a customer of `industry`: one to
 * three lines, goods of its trade and now and then a service billed for the month. On a
 * tax-inclusive invoice the unit prices include VAT.
 */
export function demoOrderLines(
  random: () => number,
  order: {
    readonly industry: string;
    readonly grossMinor: bigint;
    readonly documentDate: string;
    readonly taxInclusive: boolean;
  },
): InvoiceLineInput[] {
  const kinds = goodsByIndustry[order.industry] ?? ["packaging"];
  const lineCount = 1 + Math.floor(random() * random() * invoiceLinesMax);
  const lines: InvoiceLineInput[] = [];
  let left = order.grossMinor;
  for (let index = 0; index < lineCount; index += 1) {
    const last = index === lineCount - 1;
    const lineGross = last ? left : (left * BigInt(3_000 + Math.floor(random() * 4_000))) / 10_000n;
    left -= lineGross;
    if (random() < serviceLineShare && lineGross <= serviceLineMinorMax) {
      const amount = order.taxInclusive ? lineGross : divideRounded(lineGross * 100n, 106n, "down");
      const rounded = divideRounded(amount, serviceStepMinor, "down") * serviceStepMinor;
      const month = `${order.documentDate.slice(0, 4)}年${Number(order.documentDate.slice(5, 7))}月`;
      lines.push({
        description: `${services[Math.floor(random() * services.length)]} ${month}`,
        quantity: "1",
        unitPrice: decimalText(rounded > serviceLineMinor ? rounded : serviceLineMinor, 2),
        vatRate: servicesVatRate,
      });
      continue;
    }
    const amount = order.taxInclusive ? lineGross : divideRounded(lineGross * 100n, 113n, "down");
    // Of the trade's goods, those the line buys several of.
    const list: ReadonlyArray<Product> = goods[kinds[Math.floor(random() * kinds.length)] ?? "packaging"];
    const affordable = list.filter((candidate) => candidate.priceMinor * lineUnitsMin <= amount);
    const choice = affordable.length > 0 ? affordable : list;
    const product = choice[Math.floor(random() * choice.length)] ?? goods.packaging[0];
    const price = order.taxInclusive ? withVat(product.priceMinor, goodsVatRate) : product.priceMinor;
    const unit = 10n ** BigInt(product.quantityDecimals);
    const quantity = divideRounded(amount * unit, price, "down");
    lines.push({
      description: product.description,
      quantity: decimalText(quantity > 0n ? quantity : unit, product.quantityDecimals),
      unitPrice: decimalText(price, 2),
      vatRate: goodsVatRate,
    });
  }
  return lines;
}

// ---------------------------------------------------------------------------------------------
// Dates. Documents and payments fall on weekdays; public holidays are not modeled. The history
// moves dates thousands of times, so days are counted on UTC day numbers here rather than
// through Temporal, which the services use for the dates they check.
// ---------------------------------------------------------------------------------------------

const dayMs = 86_400_000;

/** Days since 1970-01-01 of a `YYYY-MM-DD` date. */
function dayNumber(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / dayMs;
}

function dateOf(day: number): string {
  return new Date(day * dayMs).toISOString().slice(0, 10);
}

function plusDays(date: string, days: number): string {
  return dateOf(dayNumber(date) + days);
}

/** ISO weekday, 1 = Monday; 1970-01-01 was a Thursday. */
function weekdayOf(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

function workdayFrom(date: string): string {
  const day = dayNumber(date);
  const weekday = weekdayOf(day);
  return weekday <= 5 ? date : dateOf(day + 8 - weekday);
}

function workdaysBetween(first: string, last: string): string[] {
  const days: string[] = [];
  for (let day = dayNumber(first), end = dayNumber(last); day <= end; day += 1) {
    if (weekdayOf(day) <= 5) days.push(dateOf(day));
  }
  return days;
}

/** The first day on or after `date` that is the weekday `weekday` (1 = Monday). */
function weekdayFrom(date: string, weekday: number): string {
  const day = dayNumber(date);
  return dateOf(day + ((weekday - weekdayOf(day) + 7) % 7));
}

/** The first day `monthDay` (at most 28) of a month on or after `date`, moved to a weekday. */
function monthDayFrom(date: string, monthDay: number): string {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7)) - 1;
  const later = Number(date.slice(8, 10)) > monthDay ? 1 : 0;
  return workdayFrom(dateOf(Date.UTC(year, month + later, monthDay) / dayMs));
}

export interface DemoPaymentIntent {
  readonly date: string;
  /** Part of what is open then, in basis points; null for all of it. */
  readonly shareBp: number | null;
  /** Pays within a discount window and takes the discount. */
  readonly discount: boolean;
}

/**
 * When a customer pays an open item, by its profile. Payers pay in runs, so that one transfer
 * settles what fell due together: early and on-time payers weekly on their weekday, late payers
 * monthly on their day. `payer` is the one who pays (a head office for its branches); `stopOn`
 * drops what a stopped customer would have paid from that day. Dates after today are returned
 * too; the caller keeps what has happened.
 */
export function demoPaymentIntents(
  random: () => number,
  profile: DemoPaymentProfile,
  payer: Pick<DemoPaymentPlan, "payWeekday" | "payMonthDay">,
  item: {
    readonly documentDate: string;
    readonly dueDate: string;
    readonly discountWindows: ReadonlyArray<DiscountWindow>;
  },
  stopOn: string | null,
): DemoPaymentIntent[] {
  const between = (min: number, max: number): number => drawBetween(random, min, max);
  const earliest = plusDays(item.documentDate, 1);
  const notBefore = (date: string): string =>
    date < earliest ? weekdayFrom(earliest, payer.payWeekday) : date;
  const weekly = (daysFromDue: number): string =>
    notBefore(weekdayFrom(plusDays(item.dueDate, daysFromDue), payer.payWeekday));
  const monthly = (daysFromDue: number): string =>
    notBefore(monthDayFrom(plusDays(item.dueDate, daysFromDue), payer.payMonthDay));
  // The run on or after a day up to six days before the due date: within six days of it.
  const onTime = (): DemoPaymentIntent[] => [
    { date: weekly(between(-6, 0)), shareBp: null, discount: false },
  ];
  // From 15 days past due to the next monthly run after 85: 15 to 120 days late.
  const late = (): DemoPaymentIntent[] => {
    if (random() >= lateInPartsShare) {
      return [{ date: monthly(between(15, lateDaysMax)), shareBp: null, discount: false }];
    }
    // Part now, the rest at a later monthly run.
    const first = monthly(between(15, 40));
    const rest = monthly(between(50, lateDaysMax));
    return [
      { date: first, shareBp: between(4_000, 6_000), discount: false },
      {
        date: rest > first ? rest : monthDayFrom(plusDays(first, 1), payer.payMonthDay),
        shareBp: null,
        discount: false,
      },
    ];
  };
  switch (profile) {
    case "early": {
      if (item.discountWindows.length === 0 || random() < 0.1) return onTime();
      // The next weekly run (inside the 10-day window); with a second tier, sometimes the one after.
      const wait = item.discountWindows.length > 1 && random() < 0.3 ? 8 : 1;
      return [
        {
          date: weekdayFrom(plusDays(item.documentDate, wait), payer.payWeekday),
          shareBp: null,
          discount: true,
        },
      ];
    }
    case "on_time":
    case "group_member":
      return onTime();
    case "late":
      return late();
    case "stopped":
      return (random() < 0.7 ? onTime() : late()).filter((intent) => stopOn === null || intent.date < stopOn);
  }
}

// ---------------------------------------------------------------------------------------------
// The simulation
// ---------------------------------------------------------------------------------------------

export interface DemoReceivablesPeople {
  /** Issues invoices and notes, records payments, imports the bank statement. */
  readonly accountant: Actor;
  /** Sends statements of account. */
  readonly collector: Actor;
}

export interface DemoReceivablesSummary {
  readonly from: string;
  readonly to: string;
  readonly invoices: number;
  readonly creditNotes: number;
  readonly debitNotes: number;
  /** Orders the credit check refused (CREDIT_BLOCKED); their drafts were deleted. */
  readonly blockedOrders: number;
  readonly payments: number;
  readonly reversedPayments: number;
  readonly refunds: number;
  readonly bankLinesMatched: number;
  readonly bankLinesInReview: number;
  readonly statements: number;
}

interface Account extends DemoReceivablesCustomer {
  readonly customerId: string;
  readonly profile: DemoPaymentProfile;
  readonly plan: DemoPaymentPlan;
  /** Who pays its items: its head office, or null for itself. */
  readonly headOffice: Account | null;
  readonly stopOn: string | null;
  /** The bank account it pays from, as a bank statement shows it. */
  readonly bankAccount: string;
}

type PaymentPart =
  | { readonly kind: "full"; readonly discount: boolean }
  | { readonly kind: "share"; readonly bp: number };

type OrderEvent = {
  readonly kind: "order";
  readonly account: Account;
  readonly termsCode: string;
  readonly taxInclusive: boolean;
  readonly grossMinor: bigint;
  readonly taxInvoice: boolean;
};
type NoteEvent = {
  readonly kind: "credit_note" | "debit_note";
  readonly account: Account;
  readonly invoice: InvoiceDetail;
  /** A credit note for returned goods rather than a price allowance. */
  readonly returned: boolean;
};
type PaymentEvent = {
  readonly kind: "payment";
  readonly payer: Account;
  readonly itemIds: string[];
  readonly part: PaymentPart;
};
type DemoEvent =
  | OrderEvent
  | NoteEvent
  | PaymentEvent
  | {
      readonly kind: "bounce";
      readonly paymentId: string;
      readonly payer: Account;
      readonly itemIds: string[];
    }
  | { readonly kind: "refund"; readonly paymentId: string; readonly amountMinor: bigint };

/** Documents before payments on a day, and a payment before its reversal or refund. */
const rankOf: Readonly<Record<DemoEvent["kind"], number>> = {
  order: 0,
  credit_note: 1,
  debit_note: 1,
  payment: 2,
  bounce: 3,
  refund: 3,
};

interface Scheduled {
  readonly date: string;
  readonly rank: number;
  readonly seq: number;
  readonly event: DemoEvent;
}

/** Month indexes from which each story is told once, by the first document or payment that fits. */
const creditNoteMonths = [4, 9, 15, 20] as const;
const debitNoteMonth = 11;
const bouncedChequeMonth = 8;
const refundedOverpaymentMonth = 10;
/** The overpayment kept on account is recent, some two months old. */
const keptOverpaymentMonth = demoHistoryMonths - 2;
const overpaymentMinor = 500_000n;
/** Bank charges a payer deducts (手续费), whole yuan, when within the write-off tolerance. */
const bankChargeYuanMin = 2;
const bankChargeYuanMax = 8;
const bankChargeShare = 0.08;
/** Share of invoices whose 发票号码 is on file. */
const taxInvoiceShare = 0.25;
/** 数电票 (fully digital invoices, 20-digit numbers) replaced paper ones nationwide by 2025. */
const digitalInvoicesFrom = "2025-01-01";
const taxInclusiveShare = 0.2;
/** Orders in an ordering month: one, or with this chance two to four. */
const moreOrdersShare = 0.3;
const ordersPerMonthMax = 4;
/** Refusals in a row by the credit check after which a stopped customer's orders are not taken. */
const blockedOrdersMax = 2;
const orderGrossMinorMin = 100_000n;
/** No order is more than this part of the customer's limit, in basis points. */
const orderLimitBpMax = 3_000n;
/** Orders this large may go on split terms. */
const splitOrderMinorMin = 10_000_000n;
/** The bank statement covers the last week; this many of its receipts are payments due then. */
const bankStatementDays = 7;
const bankMatchedLinesMax = 7;
/** Rounds over the customers for those receipts: at most this many lines per customer. */
const bankRoundsMax = 3;
/** The history's working day starts at this local time; each document takes this long. */
const workdayStart = "09:00";
const documentSpacingMs = 60_000;
/** A note corrects an invoice that stays open at least this long after the note. */
const noteOpenDaysMin = 14;

const reasons = {
  bounced: "支票退票：出票人账户余额不足 (cheque returned unpaid: insufficient funds)",
  refund: "客户多付货款，原路退回多付部分 (overpaid amount returned to the payer)",
  kept: "多付款项暂作预收，抵下批货款 (overpayment kept on account for the next order)",
  returned: "退货：部分货物规格不符 (goods returned: part of the delivery off specification)",
  allowance: "销售折让：外观瑕疵，协商折让3% (3 % price allowance agreed for cosmetic defects)",
  surcharge:
    "合同约定按交货月均价结算，补收差价 (price adjusted to the delivery month's average per contract)",
  bankCharge: "扣除银行手续费 (bank charges deducted by the payer)",
} as const;

function digitsOf(random: () => number, count: number): string {
  return Array.from({ length: count }, () => Math.floor(random() * 10)).join("");
}

/**
 * Runs the receivables history of one organization, from `demoHistoryMonths` months before today
 * up to today, one transaction per month, then the closing documents (at the clock's instant).
 * Expects the customers' credit in place: the credit check of every invoice is the real one.
 */
export async function createDemoReceivables(
  store: Store,
  orgId: string,
  people: DemoReceivablesPeople,
  options: { readonly random: () => number; readonly clock: Clock; readonly onStep?: () => void },
): Promise<DemoReceivablesSummary> {
  const { accountant } = people;
  const { random, clock } = options;
  const between = (min: number, max: number): number => drawBetween(random, min, max);
  const chance = (share: number): boolean => random() < share;
  const today = await businessDateAt(store.db, orgId, clock().toISOString());
  const start = formatBusinessDate(addMonths(parseBusinessDate(today), -demoHistoryMonths));
  const lastWeekFrom = plusDays(today, 1 - bankStatementDays);
  const policy = (await getReceivablesPolicy(store.db, orgId)).definition;
  const { timeZone } = await getOrganization(store.db, orgId);
  const realNow = clock().toISOString();
  /**
   * The bookkeeper works through the history day by day: each document is made at its own date
   * (from 09:00, a minute apart), so that what the services check as "today" — the credit check's
   * days overdue above all — is the day the document was made, and its timestamps are that day's.
   */
  const openings = new Map<string, number>();
  const workingInstant = (date: string, step: number): string => {
    let opening = openings.get(date);
    if (opening === undefined) {
      const zoned = Temporal.PlainDate.from(date).toZonedDateTime({ timeZone, plainTime: workdayStart });
      opening = zoned.epochMilliseconds;
      openings.set(date, opening);
    }
    const instant = new Date(opening + step * documentSpacingMs).toISOString();
    return instant < realNow ? instant : realNow;
  };
  const monthStart = (month: number): string => {
    const date = formatBusinessDate(addMonths(parseBusinessDate(`${start.slice(0, 7)}-01`), month));
    return date < start ? start : date;
  };
  const monthEnd = (month: number): string => {
    const last = formatBusinessDate(endOfMonth(parseBusinessDate(monthStart(month))));
    return last > today ? today : last;
  };

  const accounts = await demoAccounts(store, orgId, random, monthStart);
  const counts = {
    invoices: 0,
    creditNotes: 0,
    debitNotes: 0,
    blockedOrders: 0,
    payments: 0,
    reversedPayments: 0,
    refunds: 0,
  };

  const queue: Scheduled[] = [];
  let seq = 0;
  const schedule = (date: string, event: DemoEvent): void => {
    if (date > today) return;
    seq += 1;
    const entry: Scheduled = { date, rank: rankOf[event.kind], seq, event };
    const before = (a: Scheduled): boolean =>
      a.date !== entry.date ? a.date < entry.date : a.rank !== entry.rank ? a.rank < entry.rank : true;
    let low = 0;
    let high = queue.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (before(queue[middle] as Scheduled)) low = middle + 1;
      else high = middle;
    }
    queue.splice(low, 0, entry);
  };
  /** Full payments of one payer on one day go out as one transfer. */
  const pendingFull = new Map<string, string[]>();
  const fullKey = (payer: Account, date: string, discount: boolean) =>
    `${payer.customerId}|${date}|${discount}`;
  const schedulePayment = (date: string, payer: Account, itemId: string, part: PaymentPart): void => {
    if (date > today) return;
    if (part.kind === "share") {
      schedule(date, { kind: "payment", payer, itemIds: [itemId], part });
      return;
    }
    const key = fullKey(payer, date, part.discount);
    const itemIds = pendingFull.get(key);
    if (itemIds !== undefined) {
      itemIds.push(itemId);
      return;
    }
    const list = [itemId];
    pendingFull.set(key, list);
    schedule(date, { kind: "payment", payer, itemIds: list, part });
  };

  // What is open before the first month — installments the plans demo billed — is paid like the
  // customer's invoices.
  for (const account of accounts) {
    const payer = account.headOffice ?? account;
    const open = await listOpenItems(store.db, orgId, { customerIds: [account.customerId], status: "open" });
    for (const item of open) {
      if (item.openMinor <= 0n) continue;
      for (const intent of demoPaymentIntents(random, account.profile, payer.plan, item, account.stopOn)) {
        schedulePayment(intent.date, payer, item.itemId, { kind: "full", discount: false });
      }
    }
  }

  const blockedOf = new Map<string, number>();
  const blockedThisMonth = new Set<string>();
  const story = { creditNotes: 0, debitNote: false, bounced: false, refunded: false, kept: false };
  let month = 0;
  let taxInvoiceSerial = 0;
  const bankReceipts: BankReceipt[] = [];
  const reservedItems = new Set<string>();

  const taxInvoiceNumber = (date: string): string => {
    taxInvoiceSerial += 1;
    // A 数电票 number: the year, the province (31 上海), the issuing channel, a 15-digit serial.
    const serial = String(taxInvoiceSerial % 10_000).padStart(4, "0");
    if (date >= digitalInvoicesFrom) return `${date.slice(2, 4)}312${digitsOf(random, 11)}${serial}`;
    return `${digitsOf(random, 4)}${serial}`;
  };

  const issueOrder = async (tx: Tx, date: string, event: OrderEvent): Promise<void> => {
    const { account } = event;
    // Refused once this month, the customer's other orders wait for the credit manager.
    if (blockedThisMonth.has(account.customerId)) return;
    const taxNumber = event.taxInvoice ? taxInvoiceNumber(date) : null;
    const draft = await createInvoice(tx, accountant, orgId, {
      customerId: account.customerId,
      documentDate: date,
      termsCode: event.termsCode,
      taxInclusive: event.taxInclusive,
      lines: demoOrderLines(random, {
        industry: account.industry,
        grossMinor: event.grossMinor,
        documentDate: date,
        taxInclusive: event.taxInclusive,
      }),
      taxInvoiceNumber: taxNumber,
      taxInvoiceDate: taxNumber === null ? null : date,
      note: `客户订单 PO${date.slice(2).replaceAll("-", "")}-${String(between(1, 999)).padStart(3, "0")}`,
    });
    let invoice: InvoiceDetail;
    try {
      invoice = await issueInvoice(tx, accountant, orgId, draft.invoiceId);
    } catch (error) {
      // Over the limit (or past it, for a customer who stopped paying): the sale does not happen.
      if (!isAppError(error) || error.code !== "CREDIT_BLOCKED") throw error;
      await deleteDraftInvoice(tx, accountant, orgId, draft.invoiceId);
      blockedThisMonth.add(account.customerId);
      counts.blockedOrders += 1;
      blockedOf.set(account.customerId, (blockedOf.get(account.customerId) ?? 0) + 1);
      return;
    }
    counts.invoices += 1;
    blockedOf.delete(account.customerId);
    const payer = account.headOffice ?? account;
    for (const item of invoice.items) {
      for (const intent of demoPaymentIntents(
        random,
        account.profile,
        (account.headOffice ?? account).plan,
        item,
        account.stopOn,
      )) {
        schedulePayment(
          intent.date,
          payer,
          item.itemId,
          intent.shareBp === null
            ? { kind: "full", discount: intent.discount }
            : { kind: "share", bp: intent.shareBp },
        );
      }
    }
    // Returns, allowances and a surcharge, on invoices that stay open for weeks after them.
    if (account.profile !== "on_time" && account.profile !== "late") return;
    const noteDate = workdayFrom(plusDays(date, between(3, 9)));
    const openLongEnough = invoice.items.every((item) => item.dueDate >= plusDays(noteDate, noteOpenDaysMin));
    if (noteDate > today || !openLongEnough) return;
    const creditNoteFrom = creditNoteMonths[story.creditNotes];
    if (creditNoteFrom !== undefined && month >= creditNoteFrom) {
      story.creditNotes += 1;
      schedule(noteDate, { kind: "credit_note", account, invoice, returned: story.creditNotes % 2 === 1 });
    } else if (!story.debitNote && month >= debitNoteMonth) {
      story.debitNote = true;
      schedule(noteDate, { kind: "debit_note", account, invoice, returned: false });
    }
  };

  const issueNote = async (tx: Tx, date: string, event: NoteEvent): Promise<void> => {
    const { invoice, account } = event;
    const line = invoice.lines[0];
    if (line === undefined) return;
    if (event.kind === "credit_note") {
      // A return takes back a fifth of a line counted in whole pieces; otherwise a 3 % allowance.
      const pieces = /^[0-9]+$/.test(line.quantity) ? BigInt(line.quantity) / 5n : 0n;
      const returned = event.returned && pieces > 0n;
      await createCreditNote(tx, accountant, orgId, invoice.invoiceId, {
        documentDate: date,
        taxInclusive: returned ? invoice.taxInclusive : false,
        lines: [
          returned
            ? {
                description: line.description,
                quantity: pieces.toString(),
                unitPrice: line.unitPrice,
                vatRate: line.vatRate,
              }
            : {
                description: `销售折让 ${line.description}`,
                quantity: "1",
                unitPrice: decimalText((line.netMinor * 3n) / 100n, 2),
                vatRate: line.vatRate,
              },
        ],
        reason: returned ? reasons.returned : reasons.allowance,
        taxInvoiceNumber: null,
        taxInvoiceDate: null,
      });
      counts.creditNotes += 1;
      return;
    }
    let note: InvoiceDetail;
    try {
      note = await createDebitNote(tx, accountant, orgId, invoice.invoiceId, {
        documentDate: date,
        taxInclusive: false,
        lines: [
          {
            description: `补收差价 ${line.description}`,
            quantity: "1",
            unitPrice: decimalText((line.netMinor * 2n) / 100n, 2),
            vatRate: line.vatRate,
          },
        ],
        reason: reasons.surcharge,
        taxInvoiceNumber: null,
        taxInvoiceDate: null,
      });
    } catch (error) {
      if (!isAppError(error) || error.code !== "CREDIT_BLOCKED") throw error;
      counts.blockedOrders += 1;
      return;
    }
    counts.debitNotes += 1;
    for (const item of note.items) {
      for (const intent of demoPaymentIntents(
        random,
        account.profile,
        (account.headOffice ?? account).plan,
        item,
        account.stopOn,
      )) {
        schedulePayment(intent.date, account.headOffice ?? account, item.itemId, {
          kind: "full",
          discount: false,
        });
      }
    }
  };

  const payMethod = (payer: Account, amountMinor: bigint): PaymentMethod => {
    const draw = random() * 10_000;
    if (draw < payer.plan.chequeBp) return "cheque";
    // Bank acceptance drafts (银行承兑汇票) settle large amounts.
    if (draw < payer.plan.chequeBp + payer.plan.draftBp && amountMinor >= 2_000_000n) {
      return "bank_acceptance_draft";
    }
    return "bank_transfer";
  };

  const referenceOf = (method: PaymentMethod): string => {
    switch (method) {
      case "cheque":
        return `转账支票 ${digitsOf(random, 8)}`;
      case "bank_acceptance_draft":
        return `电子银行承兑汇票 ${digitsOf(random, 30)}`;
      case "bank_transfer":
        return `网银 ${digitsOf(random, 16)}`;
      case "cash":
      case "online":
        return digitsOf(random, 12);
    }
  };

  /** The bank charge a payer may deduct from the last item without it staying open. */
  const bankChargeOf = (item: OpenItem): bigint => {
    const byShare = roundToInteger(
      multiply(decimal(item.originalMinor), parseDecimal(policy.underpaymentToleranceShare)),
      "down",
    );
    const most = byShare < policy.underpaymentToleranceMinor ? byShare : policy.underpaymentToleranceMinor;
    const charge = BigInt(between(bankChargeYuanMin, bankChargeYuanMax)) * 100n;
    return charge <= most && charge < item.openMinor ? charge : 0n;
  };

  const pay = async (tx: Tx, date: string, event: PaymentEvent): Promise<void> => {
    const { part, payer } = event;
    if (part.kind === "full") pendingFull.delete(fullKey(payer, date, part.discount));
    const items: OpenItem[] = [];
    for (const itemId of event.itemIds) {
      if (reservedItems.has(itemId)) continue;
      const item = await getOpenItem(tx.db, orgId, itemId);
      if (item.openMinor > 0n && !item.disputed) items.push(item);
    }
    if (items.length === 0) return;
    let amountMinor = 0n;
    for (const item of items) {
      if (part.kind === "share") {
        // Whole yuan, and never all of it: the rest follows.
        const share = ((item.openMinor * BigInt(part.bp)) / 1_000_000n) * 100n;
        amountMinor += share > 0n && share < item.openMinor ? share : item.openMinor;
      } else if (part.discount) {
        amountMinor += cashToSettle(item.openMinor, discountRateOn(item.discountWindows, date), "half-up");
      } else {
        amountMinor += item.openMinor;
      }
    }
    const discount = part.kind === "full" && part.discount;
    // A plain payment: all of its own items, no discount; the stories below pick from these.
    const plain = part.kind === "full" && !discount && items.every((i) => i.customerId === payer.customerId);
    // The bank statement names each item by its number; a split invoice's portions (INV-000504/2)
    // are left to the payments recorded by hand.
    const whole = items.every((item) => !item.documentNumber.includes("/"));
    if (plain && whole && date >= lastWeekFrom && bankReceipts.length < bankMatchedLinesMax) {
      // It arrives on the bank statement imported at the end, which matches it.
      bankReceipts.push({ payer, date, items, amountMinor });
      for (const item of items) reservedItems.add(item.itemId);
      return;
    }
    let method: PaymentMethod = discount ? "bank_transfer" : payMethod(payer, amountMinor);
    let extraMinor = 0n;
    let shortMinor = 0n;
    let note: string | null = null;
    let then: "bounce" | "refund" | null = null;
    if (plain && !story.bounced && month >= bouncedChequeMonth && payer.profile !== "early") {
      story.bounced = true;
      then = "bounce";
      method = "cheque";
    } else if (plain && !story.refunded && month >= refundedOverpaymentMonth) {
      story.refunded = true;
      then = "refund";
      extraMinor = overpaymentMinor;
    } else if (plain && !story.kept && month >= keptOverpaymentMonth && date < lastWeekFrom) {
      story.kept = true;
      extraMinor = overpaymentMinor;
      note = reasons.kept;
    } else if (plain && chance(bankChargeShare)) {
      const last = items.at(-1);
      shortMinor = last === undefined ? 0n : bankChargeOf(last);
      if (shortMinor > 0n) note = reasons.bankCharge;
    }
    const payment = await recordPayment(tx, accountant, orgId, {
      customerId: payer.customerId,
      method,
      receivedDate: date,
      amountMinor: amountMinor + extraMinor - shortMinor,
      payerName: payer.name,
      reference: referenceOf(method),
      note,
      allocation: {
        method: {
          kind: "chosen",
          items: items.map((item) => ({
            itemId: item.itemId,
            amountMinor: part.kind === "share" ? amountMinor : null,
          })),
        },
        takeDiscounts: discount,
        writeOffShortfall: shortMinor > 0n,
      },
    });
    counts.payments += 1;
    if (then === "bounce") {
      schedule(workdayFrom(plusDays(date, between(3, 6))), {
        kind: "bounce",
        paymentId: payment.paymentId,
        payer,
        itemIds: items.map((item) => item.itemId),
      });
    } else if (then === "refund") {
      schedule(workdayFrom(plusDays(date, between(15, 25))), {
        kind: "refund",
        paymentId: payment.paymentId,
        amountMinor: payment.unappliedMinor,
      });
    }
  };

  const run = async (tx: Tx, event: DemoEvent, date: string): Promise<void> => {
    switch (event.kind) {
      case "order":
        return issueOrder(tx, date, event);
      case "credit_note":
      case "debit_note":
        return issueNote(tx, date, event);
      case "payment":
        return pay(tx, date, event);
      case "bounce": {
        await reversePayment(tx, accountant, orgId, event.paymentId, { date, reason: reasons.bounced });
        counts.reversedPayments += 1;
        // The customer pays again by transfer a week or two later.
        const again = workdayFrom(plusDays(date, between(7, 14)));
        for (const itemId of event.itemIds) {
          schedulePayment(again, event.payer, itemId, { kind: "full", discount: false });
        }
        return;
      }
      case "refund":
        await refundPayment(tx, accountant, orgId, event.paymentId, {
          date,
          amountMinor: event.amountMinor,
          reason: reasons.refund,
        });
        counts.refunds += 1;
        return;
    }
  };

  for (month = 0; month <= demoHistoryMonths; month += 1) {
    const first = monthStart(month);
    const last = monthEnd(month);
    const days = workdaysBetween(first, last);
    const monthDays = workdaysBetween(
      `${first.slice(0, 7)}-01`,
      formatBusinessDate(endOfMonth(parseBusinessDate(first))),
    ).length;
    for (const account of accounts) {
      if (month < account.plan.startMonth || days.length === 0) continue;
      // A customer who has stopped paying is refused twice; then sales stops taking its orders.
      const refused = blockedOf.get(account.customerId) ?? 0;
      if (account.profile === "stopped" && refused >= blockedOrdersMax) continue;
      // A part month (the first and the current) orders in its part. A customer about to stop
      // paying places a last large order in the month it stops.
      const lastOrder = month === account.plan.stopMonth;
      if (!lastOrder && random() * 10_000 * monthDays >= account.plan.orderMonthBp * days.length) continue;
      const orders = chance(moreOrdersShare) ? between(2, ordersPerMonthMax) : 1;
      for (let order = 0; order < orders; order += 1) {
        const date = days[Math.floor(random() * days.length)] ?? first;
        const drawn =
          (account.plan.monthlyGrossMinor * BigInt(between(6_000, 14_000))) / BigInt(orders * 10_000);
        const most = (account.limitMinor * orderLimitBpMax) / 10_000n;
        const capped = drawn < most ? drawn : most;
        const grossMinor = capped > orderGrossMinorMin ? capped : orderGrossMinorMin;
        const split =
          account.profile === "on_time" && grossMinor >= splitOrderMinorMin && chance(splitTermsShare);
        schedule(date, {
          kind: "order",
          account,
          termsCode: split ? splitTermsCode : account.plan.termsCode,
          taxInclusive: chance(taxInclusiveShare),
          grossMinor,
          taxInvoice: chance(taxInvoiceShare),
        });
      }
    }
    await runCommand(
      store,
      async (tx) => {
        if (month === 0) {
          const opened = { ...tx, now: workingInstant(first, 0) };
          for (const account of accounts) {
            if (account.headOffice === null) continue;
            await setGroupPayer(opened, accountant, orgId, account.customerId, account.headOffice.customerId);
          }
        }
        blockedThisMonth.clear();
        let day = "";
        let step = 0;
        for (let next = queue[0]; next !== undefined && next.date <= last; next = queue[0]) {
          queue.shift();
          step = next.date === day ? step + 1 : 0;
          day = next.date;
          await run({ ...tx, now: workingInstant(next.date, step) }, next.event, next.date);
        }
      },
      clock,
    );
    options.onStep?.();
  }

  const closing = await runCommand(
    store,
    (tx) =>
      closingDocuments(tx, {
        orgId,
        today,
        lastWeekFrom,
        people,
        accounts,
        bankReceipts,
        reservedItems,
        random,
      }),
    clock,
  );
  options.onStep?.();
  return { from: start, to: today, ...counts, ...closing };
}

/** The organization's customers with credit, each with its payment plan and who pays for it. */
async function demoAccounts(
  store: Store,
  orgId: string,
  random: () => number,
  monthStart: (month: number) => string,
): Promise<Account[]> {
  const rows = await store.db
    .selectFrom("customers as c")
    .leftJoin("customer_credit as k", (join) =>
      join.onRef("k.org_id", "=", "c.org_id").onRef("k.customer_id", "=", "c.customer_id"),
    )
    .select([
      "c.customer_id",
      "c.code",
      "c.name",
      "c.kind",
      "c.industry",
      "k.grade",
      "k.limit_minor",
      "k.on_hold",
    ])
    .where("c.org_id", "=", orgId)
    .orderBy("c.code")
    .execute();
  const customers = rows.map((row) => ({
    customerId: row.customer_id,
    code: row.code,
    name: row.name,
    kind: row.kind === "individual" ? ("individual" as const) : ("company" as const),
    industry: row.industry ?? "",
    grade: row.grade ?? null,
    limitMinor: row.limit_minor === null ? 0n : BigInt(row.limit_minor),
    onHold: row.on_hold !== null && BigInt(row.on_hold) === 1n,
  }));
  const plans = demoPaymentPlans(random, customers);
  const made = new Map<string, Account>();
  customers.forEach((customer, index) => {
    const plan = plans[index];
    if (plan === undefined || plan.profile === null) return;
    made.set(customer.code, {
      ...customer,
      profile: plan.profile,
      plan,
      headOffice: null,
      stopOn:
        plan.stopMonth === null
          ? null
          : workdayFrom(plusDays(monthStart(plan.stopMonth), drawBetween(random, 0, 20))),
      bankAccount: `6${digitsOf(random, 18)}`,
    });
  });
  return [...made.values()].map((account) => {
    const office = account.plan.headOfficeCode === null ? undefined : made.get(account.plan.headOfficeCode);
    return office === undefined ? account : { ...account, headOffice: office };
  });
}

// ---------------------------------------------------------------------------------------------
// The last day: a bank statement of the last week, and statements of account
// ---------------------------------------------------------------------------------------------

interface BankReceipt {
  readonly payer: Account;
  readonly date: string;
  readonly items: ReadonlyArray<OpenItem>;
  readonly amountMinor: bigint;
}

interface BankRow {
  readonly date: string;
  /** Positive: money in. */
  readonly amountMinor: bigint;
  readonly name: string;
  readonly account: string;
  readonly remittance: string;
}

/**
 * Short names payers type for the trade (机械 for 机械制造): close to the name, never the same.
 * A trade without a shorter word gets a longer one (建材贸易), as close.
 */
const shortIndustries: Readonly<Record<string, string>> = {
  机械制造: "机械",
  电子元器件: "电子",
  食品批发: "食品",
  纺织服装: "纺织",
};
const tradeSuffix = "贸易";
/** The organization's own account at its bank, as the export names it. */
const ownBankAccount = "31050161373600001234";
const unknownPayer = { name: "宁波市鄞州区永兴五金经营部", amountMinor: 680_000n } as const;
const partialShareBp = 4_000n;
const partialItemMinorMin = 1_000_000n;

function csvCell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The rows as an online-banking export (网银交易明细) under `chineseBankCsvPreset`'s headers. */
function bankCsv(rows: ReadonlyArray<BankRow>, seedDigits: string): string {
  const amount = (minor: bigint) => decimalText(minor < 0n ? -minor : minor, 2);
  const lines = [
    "账户交易明细",
    `账号：${ownBankAccount},币种：人民币`,
    "交易日期,流水号,对方户名,对方账号,借方发生额,贷方发生额,摘要,附言",
    ...rows.map((row, index) =>
      [
        row.date,
        `${row.date.replaceAll("-", "")}${seedDigits}${String(index + 1).padStart(4, "0")}`,
        row.name,
        row.account,
        row.amountMinor < 0n ? amount(row.amountMinor) : "",
        row.amountMinor > 0n ? amount(row.amountMinor) : "",
        row.amountMinor > 0n ? "转账收入" : "转账支出",
        row.remittance,
      ]
        .map(csvCell)
        .join(","),
    ),
  ];
  return `${lines.join("\r\n")}\r\n`;
}

async function closingDocuments(
  tx: Tx,
  input: {
    readonly orgId: string;
    readonly today: string;
    readonly lastWeekFrom: string;
    readonly people: DemoReceivablesPeople;
    readonly accounts: ReadonlyArray<Account>;
    readonly bankReceipts: ReadonlyArray<BankReceipt>;
    readonly reservedItems: ReadonlySet<string>;
    readonly random: () => number;
  },
): Promise<{ bankLinesMatched: number; bankLinesInReview: number; statements: number }> {
  const { orgId, today, accounts, random } = input;
  const { accountant, collector } = input.people;
  const lastWeek = workdaysBetween(input.lastWeekFrom, today);
  const someDay = () => lastWeek[Math.floor(random() * lastWeek.length)] ?? today;
  const taken = new Set(input.reservedItems);
  const openOf = async (account: Account): Promise<OpenItem[]> =>
    (await listOpenItems(tx.db, orgId, { customerIds: [account.customerId], status: "open" })).filter(
      (item) => item.openMinor > 0n && !item.disputed && !taken.has(item.itemId),
    );
  const payday = (account: Account): string => {
    const date = weekdayFrom(input.lastWeekFrom, account.plan.payWeekday);
    return date <= today ? date : someDay();
  };

  const rows: BankRow[] = input.bankReceipts.map((receipt) => ({
    date: receipt.date,
    amountMinor: receipt.amountMinor,
    name: receipt.payer.name,
    account: receipt.payer.bankAccount,
    remittance: `货款 ${receipt.items.map((item) => item.documentNumber).join(" ")}`,
  }));
  /** The first open item, customers taken in the order of `profiles`, that `accept` takes. */
  const firstItem = async (
    profiles: ReadonlyArray<DemoPaymentProfile>,
    accept: (account: Account, item: OpenItem) => boolean,
  ): Promise<{ account: Account; item: OpenItem } | undefined> => {
    for (const profile of profiles) {
      for (const account of accounts) {
        if (account.profile !== profile || account.headOffice !== null) continue;
        const item = (await openOf(account)).find((candidate) => accept(account, candidate));
        if (item === undefined) continue;
        taken.add(item.itemId);
        return { account, item };
      }
    }
    return undefined;
  };
  // The bank names items by their numbers; a split invoice's portions (INV-000504/2) it does not.
  const whole = (item: OpenItem) => !item.documentNumber.includes("/");

  // A payer writing a shorter name and no invoice number: a suggestion for a person to confirm.
  const variant = await firstItem(
    ["on_time", "early", "late"],
    (account, item) => account.kind === "company" && whole(item),
  );
  if (variant !== undefined) {
    const { account, item } = variant;
    const short = shortIndustries[account.industry] ?? `${account.industry}${tradeSuffix}`;
    rows.push({
      date: someDay(),
      amountMinor: item.openMinor,
      name: account.name.replace(account.industry, short),
      account: "",
      remittance: "货款",
    });
  }
  // Someone who is not a customer.
  rows.push({
    date: someDay(),
    amountMinor: unknownPayer.amountMinor,
    name: unknownPayer.name,
    account: `6${digitsOf(random, 18)}`,
    remittance: "往来款",
  });
  // A late payer paying part of an invoice it names.
  const partial = await firstItem(
    ["late", "stopped", "on_time"],
    (_, item) => whole(item) && item.openMinor >= partialItemMinorMin,
  );
  if (partial !== undefined) {
    const { account, item } = partial;
    rows.push({
      date: someDay(),
      amountMinor: ((item.openMinor * partialShareBp) / 1_000_000n) * 100n,
      name: account.name,
      account: account.bankAccount,
      remittance: `付${item.documentNumber}部分货款`,
    });
  }
  // The week's other receipts: customers paying what is open on an invoice — due soon, or for
  // late payers overdue — named in the remittance as most payers do. The history leaves these
  // open: their payment runs come after today. One per customer, then more.
  const payers = ["on_time", "early", "late"].flatMap((profile) =>
    accounts.filter((account) => account.profile === profile && account.headOffice === null),
  );
  let matchedLines = input.bankReceipts.length;
  for (let round = 0; round < bankRoundsMax && matchedLines < bankMatchedLinesMax; round += 1) {
    for (const account of payers) {
      if (matchedLines >= bankMatchedLinesMax) break;
      const usual = payday(account);
      const item = (await openOf(account)).find(
        (candidate) => whole(candidate) && candidate.documentDate < today,
      );
      if (item === undefined) continue;
      // Paid on the customer's day, or after a recent invoice's date.
      const date = usual > item.documentDate ? usual : lastWeek.find((day) => day > item.documentDate);
      if (date === undefined) continue;
      taken.add(item.itemId);
      matchedLines += 1;
      rows.push({
        date,
        amountMinor: item.openMinor,
        name: account.name,
        account: account.bankAccount,
        remittance: `货款 ${item.documentNumber}`,
      });
    }
  }
  // Money out is on the statement too; it is no receivable.
  rows.push(
    {
      date: someDay(),
      amountMinor: -BigInt(drawBetween(random, 20, 80)) * 1_000_000n,
      name: "嘉兴市恒远物流有限公司",
      account: `3${digitsOf(random, 19)}`,
      remittance: "支付运费",
    },
    { date: someDay(), amountMinor: -2_500n, name: "", account: "", remittance: "网银手续费" },
  );
  rows.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const imported = await importBankStatement(tx, accountant, orgId, {
    bytes: new TextEncoder().encode(bankCsv(rows, digitsOf(random, 6))),
    fileName: `网银交易明细_${input.lastWeekFrom}_${today}.csv`,
    format: "csv",
    csvMapping: { ...chineseBankCsvPreset, account: ownBankAccount },
  });

  // Statements of account for the last three months: one confirmed, one disputed, one just sent.
  const from = formatBusinessDate(addMonths(parseBusinessDate(`${today.slice(0, 7)}-01`), -2));
  // Customers with something on their account in the period, invoiced ones first.
  const invoiced = await tx.db
    .selectFrom("invoices")
    .select("customer_id")
    .distinct()
    .where("org_id", "=", orgId)
    .where("kind", "=", "invoice")
    .where("status", "!=", "draft")
    .where("document_date", ">=", from)
    .execute();
  const moved = await tx.db
    .selectFrom("journal_lines")
    .select("customer_id")
    .distinct()
    .where("org_id", "=", orgId)
    .where("voucher_date", ">=", from)
    .where("customer_id", "is not", null)
    .execute();
  const active = [
    new Set(invoiced.map((row) => row.customer_id)),
    new Set(moved.flatMap((row) => (row.customer_id === null ? [] : [row.customer_id]))),
  ];
  const chosen = new Set<string>();
  /** The first customer of the first profile with activity in the period, not chosen yet. */
  const pickAccount = (profiles: ReadonlyArray<DemoPaymentProfile>): Account | undefined => {
    for (const customers of active) {
      for (const profile of profiles) {
        const account = accounts.find(
          (candidate) =>
            candidate.profile === profile &&
            customers.has(candidate.customerId) &&
            !chosen.has(candidate.customerId),
        );
        if (account === undefined) continue;
        chosen.add(account.customerId);
        return account;
      }
    }
    return undefined;
  };
  let statements = 0;
  const sendStatement = async (account: Account) => {
    const statement = await createStatement(tx, collector, orgId, {
      customerId: account.customerId,
      from,
      to: today,
    });
    await markStatementSent(
      tx,
      collector,
      orgId,
      statement.statementId,
      `finance.${account.code.toLowerCase()}@example.com`,
    );
    statements += 1;
    return statement;
  };
  const confirming = pickAccount(["on_time", "early", "group_member"]);
  if (confirming !== undefined) {
    const statement = await sendStatement(confirming);
    await respondToStatement(tx, orgId, statement.statementId, {
      status: "confirmed",
      by: "周敏（财务主管）",
      note: "余额核对无误 (balance agreed)",
      lines: [],
    });
  }
  const disputing = pickAccount(["late", "stopped", "on_time"]);
  if (disputing !== undefined) {
    const statement = await sendStatement(disputing);
    const line = statement.statement.lines.find((candidate) => candidate.kind === "invoice");
    await respondToStatement(tx, orgId, statement.statementId, {
      status: "disputed",
      by: "孙杰（采购部）",
      note:
        line === undefined ? "对账单余额与我方账面不符，请核对 (the balance differs from our books)" : null,
      lines:
        line === undefined
          ? []
          : [
              {
                seq: line.seq,
                note: "到货数量短少2件，待双方核实 (two pieces short on delivery; to be checked)",
              },
            ],
    });
  }
  const waiting = pickAccount(["early", "group_member", "on_time"]);
  if (waiting !== undefined) await sendStatement(waiting);

  return {
    bankLinesMatched: imported.matchedAutomatically,
    bankLinesInReview: imported.waitingForReview,
    statements,
  };
}
