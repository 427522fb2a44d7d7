/**
 * Cash matching benchmark: how fast and how well `matchBankLines` applies a day's worth of bank
 * lines to a large book of open items, in memory (the database load comes on top, measured by
 * whoever adds it; the goal for the whole is 100,000 lines against 1,000,000 items in 10 s on
 * SQLite, so the engine should stay well under 5 s).
 *
 *   npx tsx bench/cash-matching.ts [--items 1000000] [--lines 100000] [--customers 50000]
 *
 * A fixed-seed generator makes, before any clock starts:
 * - customers with Chinese company names built like real ones (region + trade name + industry
 *   + legal form, the region sometimes in parentheses after the trade name), a short name, some
 *   an English name, one known bank account each; a few head offices pay for subsidiaries;
 * - open items (invoices INV-0000001…, installments FQ-000123-04) spread unevenly over the
 *   customers, most with a tax invoice number of 8 or 20 digits, 2 % in USD;
 * - bank lines with the truth of what each pays, in this mix: 50 % quote a document or tax
 *   invoice number (in messy text, sometimes full-width), 20 % only the payer's name and the
 *   exact amount, 10 % several invoices at once (half quote the numbers), 10 % the exact amount
 *   under a variant of the name (region moved into parentheses, 有限责任公司 for 有限公司,
 *   full-width, spaces, the short name), 5 % partial payments, 5 % noise that matches nothing.
 *   Some name-only lines come from a head office paying for a subsidiary.
 *
 * Then it times `buildMatchIndex` and `matchBankLines` and compares each automatic match with
 * the truth: correct means the same customer and the same items with the same amounts. Prints
 * the figures, and last one JSON line. No database, no I/O. See bench/README.md.
 */
import { availableParallelism, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { assert } from "../src/core/errors.ts";
import {
  type BankLineToMatch,
  buildMatchIndex,
  type LineMatch,
  type MatchableCustomer,
  type MatchableItem,
  matchBankLines,
} from "../src/domain/payments/matching.ts";

const itemsDefault = 1_000_000;
const linesDefault = 100_000;
const customersDefault = 50_000;
const countMax = 20_000_000;
/** Fixed, so that every run matches the same lines against the same items. */
const seed = 20_261_206;
/** Share of customers that are head offices paying for one to three others. */
const headOfficeShare = 0.03;
/** Share of customers that also go by an English name. */
const englishNameShare = 0.05;
/** A multi-invoice payment takes its invoices among the customer's oldest this many. */
const combinationPoolItems = 8;

/** mulberry32: a small deterministic generator. */
function createRandom(initial: number): () => number {
  let state = initial >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const random = createRandom(seed);
const below = (bound: number): number => Math.floor(random() * bound);
const chance = (share: number): boolean => random() < share;
function pick<T>(list: ReadonlyArray<T>): T {
  const value = list[below(list.length)];
  assert(value !== undefined, "pick from a non-empty list");
  return value;
}

// ---------------------------------------------------------------------------------------------
// Names.
// ---------------------------------------------------------------------------------------------

/** Region, written short, with its official suffix, and in pinyin. */
const regions: ReadonlyArray<readonly [string, string, string]> = [
  ["上海", "上海市", "Shanghai"],
  ["北京", "北京市", "Beijing"],
  ["天津", "天津市", "Tianjin"],
  ["重庆", "重庆市", "Chongqing"],
  ["广东", "广东省", "Guangdong"],
  ["江苏", "江苏省", "Jiangsu"],
  ["浙江", "浙江省", "Zhejiang"],
  ["山东", "山东省", "Shandong"],
  ["福建", "福建省", "Fujian"],
  ["湖北", "湖北省", "Hubei"],
  ["四川", "四川省", "Sichuan"],
  ["河南", "河南省", "Henan"],
  ["深圳", "深圳市", "Shenzhen"],
  ["广州", "广州市", "Guangzhou"],
  ["杭州", "杭州市", "Hangzhou"],
  ["苏州", "苏州市", "Suzhou"],
  ["南京", "南京市", "Nanjing"],
  ["宁波", "宁波市", "Ningbo"],
  ["无锡", "无锡市", "Wuxi"],
  ["成都", "成都市", "Chengdu"],
  ["武汉", "武汉市", "Wuhan"],
  ["青岛", "青岛市", "Qingdao"],
  ["厦门", "厦门市", "Xiamen"],
  ["东莞", "东莞市", "Dongguan"],
  ["佛山", "佛山市", "Foshan"],
  ["合肥", "合肥市", "Hefei"],
  ["长沙", "长沙市", "Changsha"],
  ["西安", "西安市", "Xian"],
];
/** Trade-name characters and their pinyin, position by position. */
const tradeCharacters = Array.from(
  "华信恒通瑞丰宏达金桥新源鼎盛永安博远嘉禾中拓汇泰联创智星辰光耀东方海天龙凤祥和佳美宇航越腾飞云锦程益万合力豪邦辉旺顺发荣富润泽林森晨阳春秋鸿运成德隆兴昌明利康诚凯",
);
const tradePinyin =
  "hua xin heng tong rui feng hong da jin qiao xin yuan ding sheng yong an bo yuan jia he zhong tuo hui tai lian chuang zhi xing chen guang yao dong fang hai tian long feng xiang he jia mei yu hang yue teng fei yun jin cheng yi wan he li hao bang hui wang shun fa rong fu run ze lin sen chen yang chun qiu hong yun cheng de long xing chang ming li kang cheng kai".split(
    " ",
  );
assert(tradeCharacters.length === tradePinyin.length, "a pinyin for every trade-name character");
const industries: ReadonlyArray<readonly [string, string]> = [
  ["科技", "Technology"],
  ["贸易", "Trading"],
  ["机械", "Machinery"],
  ["电子", "Electronics"],
  ["化工", "Chemical"],
  ["纺织", "Textile"],
  ["建材", "Building Materials"],
  ["物流", "Logistics"],
  ["食品", "Food"],
  ["医药", "Pharmaceutical"],
  ["包装", "Packaging"],
  ["汽车配件", "Auto Parts"],
  ["新材料", "New Materials"],
  ["环保科技", "Environmental Technology"],
  ["信息技术", "Information Technology"],
  ["建筑工程", "Construction Engineering"],
  ["电气", "Electric"],
  ["五金", "Hardware"],
  ["塑料制品", "Plastics"],
  ["服饰", "Apparel"],
  ["家具", "Furniture"],
  ["光电", "Optoelectronics"],
  ["精密机械", "Precision Machinery"],
  ["生物科技", "Biotechnology"],
  ["供应链管理", "Supply Chain Management"],
  ["实业", "Industrial"],
  ["智能装备", "Intelligent Equipment"],
  ["能源", "Energy"],
  ["印刷", "Printing"],
  ["商贸", "Commerce"],
];
/** Legal forms with how often they occur among our customers. */
const legalForms: ReadonlyArray<readonly [string, number]> = [
  ["有限公司", 0.6],
  ["有限责任公司", 0.15],
  ["股份有限公司", 0.1],
  ["集团有限公司", 0.05],
  ["厂", 0.05],
  ["商行", 0.05],
];
const surnames = Array.from("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗");
const givenNames = Array.from("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚");

export interface GeneratedCustomer {
  readonly customer: MatchableCustomer;
  readonly region: readonly [string, string, string];
  readonly trade: string;
  readonly tradeLatin: string;
  readonly industry: readonly [string, string];
  readonly legalForm: string;
  readonly legalName: string;
  readonly shortName: string;
  readonly englishName: string | null;
  readonly account: string;
  readonly headOffice: boolean;
}

function legalFormOf(): string {
  let roll = random();
  for (const [form, share] of legalForms) {
    roll -= share;
    if (roll < 0) return form;
  }
  return "有限公司";
}

function accountNumber(): string {
  let digits = pick(["6222", "6228", "6217", "3100", "1001", "4420"]);
  const length = 16 + below(4);
  while (digits.length < length) digits += String(below(10));
  return digits;
}

function makeCustomers(count: number): GeneratedCustomer[] {
  const seen = new Set<string>();
  const generated: GeneratedCustomer[] = [];
  for (let number = 1; number <= count; number += 1) {
    let region = pick(regions);
    let trade = "";
    let tradeLatin = "";
    let industry = pick(industries);
    let legalForm = legalFormOf();
    // Same region, trade name and industry is the same registered name: draw again.
    for (;;) {
      region = pick(regions);
      const size = chance(0.15) ? 3 : 2;
      const positions = Array.from({ length: size }, () => below(tradeCharacters.length));
      trade = positions.map((position) => tradeCharacters[position] ?? "").join("");
      tradeLatin = positions.map((position) => tradePinyin[position] ?? "").join("");
      industry = pick(industries);
      legalForm = legalFormOf();
      const key = `${region[0]}${trade}${industry[0]}`;
      if (!seen.has(key)) {
        seen.add(key);
        break;
      }
    }
    const core = `${trade}${industry[0]}`;
    const legalName = chance(0.8) ? `${region[0]}${core}${legalForm}` : `${core}（${region[0]}）${legalForm}`;
    const latin = tradeLatin.charAt(0).toUpperCase() + tradeLatin.slice(1);
    const englishName = chance(englishNameShare) ? `${latin} ${industry[1]} (${region[2]}) Co., Ltd.` : null;
    const account = accountNumber();
    const customerId = `C${String(number).padStart(6, "0")}`;
    const names = [legalName, core, ...(englishName === null ? [] : [englishName])];
    generated.push({
      customer: { customerId, names, accounts: [account], payerFor: [] },
      region,
      trade,
      tradeLatin,
      industry,
      legalForm,
      legalName,
      shortName: core,
      englishName,
      account,
      headOffice: false,
    });
  }
  // Head offices pay for one to three customers further down the list.
  for (let index = 0; index < generated.length; index += 1) {
    const office = generated[index];
    if (office === undefined || !chance(headOfficeShare)) continue;
    const payerFor: string[] = [];
    const subsidiaries = 1 + below(3);
    for (let step = 0; step < subsidiaries; step += 1) {
      const other = generated[below(generated.length)];
      if (other !== undefined && other !== office) payerFor.push(other.customer.customerId);
    }
    generated[index] = { ...office, customer: { ...office.customer, payerFor }, headOffice: true };
  }
  return generated;
}

// ---------------------------------------------------------------------------------------------
// Items.
// ---------------------------------------------------------------------------------------------

const dayMs = 86_400_000;
const firstDueMs = Date.UTC(2026, 0, 1);

function amountMinor(): bigint {
  // Log-uniform from 100.00 to 500,000.00 元; one in ten a round hundred 元.
  const fen = Math.round(Math.exp(Math.log(10_000) + random() * Math.log(5_000)));
  return BigInt(chance(0.1) ? Math.max(10_000, Math.round(fen / 10_000) * 10_000) : fen);
}

function makeItems(count: number, customers: ReadonlyArray<GeneratedCustomer>): MatchableItem[] {
  const items: MatchableItem[] = [];
  const taxNumbers = new Set<string>();
  let plan = 0;
  let invoice = 0;
  while (items.length < count) {
    // Uneven books: the square of a uniform number favours the first customers.
    const u = random();
    const customer = customers[Math.floor(u * u * customers.length)];
    assert(customer !== undefined, "a customer");
    const currency = chance(0.02) ? "USD" : "CNY";
    const dueDate = new Date(firstDueMs + below(365) * dayMs).toISOString().slice(0, 10);
    if (chance(0.1)) {
      // An installment plan: 3 to 12 equal monthly installments.
      plan += 1;
      const installments = Math.min(3 + below(10), count - items.length);
      const amount = amountMinor();
      for (let number = 1; number <= installments; number += 1) {
        const due = new Date(Date.parse(dueDate) + (number - 1) * 30 * dayMs).toISOString().slice(0, 10);
        items.push({
          itemId: `I${items.length + 1}`,
          customerId: customer.customer.customerId,
          documentNumber: `FQ-${String(plan).padStart(6, "0")}-${String(number).padStart(2, "0")}`,
          taxInvoiceNumber: null,
          dueDate: due,
          openMinor: amount,
          currency,
        });
      }
      continue;
    }
    invoice += 1;
    let taxInvoiceNumber: string | null = null;
    if (chance(0.6)) {
      const length = chance(0.66) ? 8 : 20;
      do {
        taxInvoiceNumber = Array.from({ length }, (_, position) =>
          position === 0 ? String(1 + below(9)) : String(below(10)),
        ).join("");
      } while (taxNumbers.has(taxInvoiceNumber));
      taxNumbers.add(taxInvoiceNumber);
    }
    items.push({
      itemId: `I${items.length + 1}`,
      customerId: customer.customer.customerId,
      documentNumber: `INV-${String(invoice).padStart(7, "0")}`,
      taxInvoiceNumber,
      dueDate,
      openMinor: amountMinor(),
      currency,
    });
  }
  return items;
}

// ---------------------------------------------------------------------------------------------
// Lines and their truth.
// ---------------------------------------------------------------------------------------------

const categories = ["reference", "name", "several", "variant", "partial", "noise"] as const;
type Category = (typeof categories)[number];
const categoryShares: Readonly<Record<Category, number>> = {
  reference: 0.5,
  name: 0.2,
  several: 0.1,
  variant: 0.1,
  partial: 0.05,
  noise: 0.05,
};

interface Truth {
  readonly category: Category;
  /** Null for noise: nothing should be applied. */
  readonly customerId: string | null;
  readonly allocations: ReadonlyArray<{ readonly itemId: string; readonly amountMinor: bigint }>;
}

const toFullWidth = (text: string): string =>
  text.replace(/[!-~]/g, (character) => String.fromCharCode(character.charCodeAt(0) + 0xfee0));

function referenceText(item: MatchableItem): string {
  if (item.taxInvoiceNumber !== null && chance(0.3)) {
    return pick([
      `发票号 ${item.taxInvoiceNumber}`,
      `付发票${item.taxInvoiceNumber}款`,
      `货款 发票号码:${item.taxInvoiceNumber}`,
    ]);
  }
  const number = item.documentNumber;
  const bare = number.replace(/-/g, "");
  return pick([
    `付${number}货款`,
    number,
    bare,
    `${number.toLowerCase().replace("-", " ")}`,
    `货款 ${number} 谢谢`,
    toFullWidth(number),
    `PAYMENT ${bare} THANK YOU`,
    `支付${number}款项`,
  ]);
}

function nameVariant(customer: GeneratedCustomer): string {
  const core = customer.shortName;
  const [short, official] = customer.region;
  const form = customer.legalForm === "有限公司" ? "有限责任公司" : "有限公司";
  return pick([
    `${core}（${short}）${customer.legalForm}`,
    `${official}${core}${customer.legalForm}`,
    `${short}${core}${form}`,
    `${short} ${core} ${customer.legalForm}`,
    `${core}(${short})${form}`,
    `\u3000${short}${core}${customer.legalForm}\u3000`,
    toFullWidth(`${core}(${short})`) + customer.legalForm,
    `${short}${core}`,
  ]);
}

function personName(): string {
  return `${pick(surnames)}${pick(givenNames)}${chance(0.5) ? pick(givenNames) : ""}`;
}

interface Book {
  readonly customers: ReadonlyArray<GeneratedCustomer>;
  readonly customerById: ReadonlyMap<string, GeneratedCustomer>;
  readonly items: ReadonlyArray<MatchableItem>;
  /** Each customer's items, oldest first. */
  readonly itemsByCustomer: ReadonlyMap<string, ReadonlyArray<MatchableItem>>;
  /** Items already paid by a generated line. */
  readonly used: Set<string>;
}

function unusedItem(book: Book): MatchableItem {
  for (;;) {
    const item = pick(book.items);
    if (!book.used.has(item.itemId)) {
      book.used.add(item.itemId);
      return item;
    }
  }
}

/**
 * An unpaid item for a line that gives only its amount: of the customer's unpaid items with that
 * amount the oldest, as the engine rightly takes (民法典 art. 560), e.g. equal installments.
 */
function unusedItemByAmount(book: Book): MatchableItem {
  const drawn = unusedItem(book);
  book.used.delete(drawn.itemId);
  const oldest =
    (book.itemsByCustomer.get(drawn.customerId) ?? []).find(
      (item) =>
        item.currency === drawn.currency && item.openMinor === drawn.openMinor && !book.used.has(item.itemId),
    ) ?? drawn;
  book.used.add(oldest.itemId);
  return oldest;
}

function payerFor(book: Book, item: MatchableItem): GeneratedCustomer {
  const customer = book.customerById.get(item.customerId);
  assert(customer !== undefined, "every item has a customer");
  return customer;
}

function makeLines(count: number, book: Book): { lines: BankLineToMatch[]; truths: Truth[] } {
  const lines: BankLineToMatch[] = [];
  const truths: Truth[] = [];
  const headOfficeOf = new Map<string, GeneratedCustomer>();
  for (const customer of book.customers) {
    for (const id of customer.customer.payerFor) headOfficeOf.set(id, customer);
  }
  const bookingDate = "2026-12-05";
  for (let number = 1; number <= count; number += 1) {
    let roll = random();
    let category: Category = "noise";
    for (const candidate of categories) {
      roll -= categoryShares[candidate];
      if (roll < 0) {
        category = candidate;
        break;
      }
    }
    const lineId = `L${number}`;
    const base = { lineId, bookingDate, endToEndId: null };
    switch (category) {
      case "reference": {
        const item = unusedItem(book);
        const customer = payerFor(book, item);
        lines.push({
          ...base,
          amountMinor: item.openMinor,
          currency: item.currency,
          counterpartyName: chance(0.8) ? customer.legalName : customer.shortName,
          counterpartyAccount: chance(0.7) ? customer.account : accountNumber(),
          remittance: referenceText(item),
        });
        truths.push({
          category,
          customerId: item.customerId,
          allocations: [{ itemId: item.itemId, amountMinor: item.openMinor }],
        });
        break;
      }
      case "name": {
        const item = unusedItemByAmount(book);
        const customer = payerFor(book, item);
        const office = headOfficeOf.get(customer.customer.customerId);
        // Half the time a customer has a head office, the head office pays.
        const payer = office !== undefined && chance(0.5) ? office : customer;
        const name =
          payer.englishName !== null && chance(0.5)
            ? payer.englishName
            : pick([payer.legalName, payer.legalName, payer.shortName]);
        lines.push({
          ...base,
          amountMinor: item.openMinor,
          currency: item.currency,
          counterpartyName: name,
          counterpartyAccount: payer === office && chance(0.5) ? payer.account : accountNumber(),
          remittance: pick([null, "货款", "付款", "往来款"]),
        });
        truths.push({
          category,
          customerId: item.customerId,
          allocations: [{ itemId: item.itemId, amountMinor: item.openMinor }],
        });
        break;
      }
      case "several": {
        // Two to four unpaid invoices among the customer's oldest, one currency.
        const anchor = unusedItem(book);
        book.used.delete(anchor.itemId);
        const customer = payerFor(book, anchor);
        const pool = (book.itemsByCustomer.get(anchor.customerId) ?? [])
          .filter((item) => item.currency === anchor.currency && !book.used.has(item.itemId))
          .slice(0, combinationPoolItems);
        const wanted = 2 + below(3);
        const chosen = pool.filter(() => chance(wanted / Math.max(pool.length, 1))).slice(0, wanted);
        const paid = chosen.length >= 2 ? chosen : pool.slice(0, Math.min(2, pool.length));
        if (paid.length === 0) {
          number -= 1;
          continue;
        }
        // Equal amounts (installments of one plan) are taken oldest first, as the engine does.
        const customerItems = book.itemsByCustomer.get(anchor.customerId) ?? [];
        for (const [position, item] of paid.entries()) {
          const oldest = customerItems.find(
            (other) =>
              other.currency === item.currency &&
              other.openMinor === item.openMinor &&
              !book.used.has(other.itemId),
          );
          if (oldest !== undefined) paid[position] = oldest;
          book.used.add((oldest ?? item).itemId);
        }
        const total = paid.reduce((sum, item) => sum + item.openMinor, 0n);
        lines.push({
          ...base,
          amountMinor: total,
          currency: anchor.currency,
          counterpartyName: customer.legalName,
          counterpartyAccount: chance(0.5) ? customer.account : accountNumber(),
          remittance: chance(0.5) ? `付${paid.map((item) => item.documentNumber).join("，")}货款` : "货款",
        });
        truths.push({
          category,
          customerId: anchor.customerId,
          allocations: paid.map((item) => ({ itemId: item.itemId, amountMinor: item.openMinor })),
        });
        break;
      }
      case "variant": {
        const item = unusedItemByAmount(book);
        const customer = payerFor(book, item);
        lines.push({
          ...base,
          amountMinor: item.openMinor,
          currency: item.currency,
          counterpartyName: nameVariant(customer),
          counterpartyAccount: accountNumber(),
          remittance: pick([null, "货款", "付款"]),
        });
        truths.push({
          category,
          customerId: item.customerId,
          allocations: [{ itemId: item.itemId, amountMinor: item.openMinor }],
        });
        break;
      }
      case "partial": {
        const item = unusedItem(book);
        const customer = payerFor(book, item);
        const share = 0.3 + random() * 0.5;
        const amount = BigInt(Math.max(1, Math.floor(Number(item.openMinor) * share)));
        lines.push({
          ...base,
          amountMinor: amount,
          currency: item.currency,
          counterpartyName: customer.legalName,
          counterpartyAccount: chance(0.5) ? customer.account : accountNumber(),
          remittance: chance(0.5) ? `${item.documentNumber} 部分付款` : "部分货款",
        });
        truths.push({
          category,
          customerId: item.customerId,
          allocations: [{ itemId: item.itemId, amountMinor: amount }],
        });
        break;
      }
      case "noise": {
        lines.push({
          ...base,
          amountMinor: BigInt(100 + below(10_000_000)),
          currency: "CNY",
          counterpartyName: chance(0.6) ? personName() : `${pick(regions)[0]}${personName()}餐饮店`,
          counterpartyAccount: accountNumber(),
          remittance: pick([null, "退款", "利息", "报销", "押金退还", "转账"]),
        });
        truths.push({ category, customerId: null, allocations: [] });
        break;
      }
      default: {
        const unknown: never = category;
        throw new Error(`unknown category ${String(unknown)}`);
      }
    }
  }
  return { lines, truths };
}

// ---------------------------------------------------------------------------------------------

export interface Options {
  readonly items: number;
  readonly lines: number;
  readonly customers: number;
}

function readOptions(): Options {
  const { values } = parseArgs({
    options: {
      items: { type: "string", default: String(itemsDefault) },
      lines: { type: "string", default: String(linesDefault) },
      customers: { type: "string", default: String(customersDefault) },
    },
  });
  const items = Number(values.items);
  const lines = Number(values.lines);
  const customers = Number(values.customers);
  for (const [name, value] of [
    ["--items", items],
    ["--lines", lines],
    ["--customers", customers],
  ] as const) {
    if (!Number.isSafeInteger(value) || value < 1 || value > countMax) {
      throw new Error(`${name} must be an integer from 1 to ${countMax}`);
    }
  }
  // Every line pays items of its own (several at most four): there must be enough to go round.
  if (lines * 2 > items) throw new Error("--items must be at least twice --lines");
  return { items, lines, customers };
}

const number = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const percent = (part: number, whole: number): string =>
  whole === 0 ? "—" : `${((100 * part) / whole).toFixed(2)} %`;
const seconds = (ms: number): string => (ms / 1_000).toFixed(2);
/** User and system time of the process: on a busy machine, closer to the work than the clock. */
const cpuMs = (usage: NodeJS.CpuUsage): number => (usage.user + usage.system) / 1_000;
const share = (part: number, whole: number): number => (whole === 0 ? 0 : Number((part / whole).toFixed(4)));

type Verdict = "same items" | "equal amounts" | "wrong";

/**
 * "same items": the truth's customer, items and amounts. "equal amounts": the truth's customer
 * and amounts, but another of its items with the same open amount settled in full — a line that
 * names no item cannot tell equal items apart, and the older goes first (民法典 art. 560); the
 * truth can differ when an older equal item was left open by an earlier line that was not
 * applied automatically (a partial payment).
 */
function verdictOf(match: LineMatch, truth: Truth, openAtStart: ReadonlyMap<string, bigint>): Verdict {
  const best = match.proposals[0];
  if (best === undefined || truth.customerId === null || best.customerId !== truth.customerId) return "wrong";
  if (best.allocations.length !== truth.allocations.length) return "wrong";
  const wanted = new Map(truth.allocations.map((allocation) => [allocation.itemId, allocation.amountMinor]));
  if (best.allocations.every((allocation) => wanted.get(allocation.itemId) === allocation.amountMinor)) {
    return "same items";
  }
  const amounts = (list: ReadonlyArray<{ readonly amountMinor: bigint }>): string =>
    list
      .map((allocation) => allocation.amountMinor)
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
      .join(",");
  const settledInFull = best.allocations.every(
    (allocation) => openAtStart.get(allocation.itemId) === allocation.amountMinor,
  );
  return settledInFull && amounts(best.allocations) === amounts(truth.allocations)
    ? "equal amounts"
    : "wrong";
}

/**
 * A full collection before the clock starts, so that the engine is not charged for the
 * generator's garbage (the engine's own garbage, build and matching, stays in the figures).
 * V8 gives `gc` only under --expose-gc; setting the flag at run time is enough for a new context.
 */
function collectGarbage(): void {
  setFlagsFromString("--expose-gc");
  const gc: unknown = runInNewContext("gc");
  if (typeof gc === "function") gc();
}

/**
 * The book and the lines. What only the generator needs (items by customer, items paid) is
 * left behind here, so that it is not live while the engine is timed: a full collection's cost
 * grows with the live heap.
 */
export function generate(options: Options): {
  customers: ReadonlyArray<GeneratedCustomer>;
  items: ReadonlyArray<MatchableItem>;
  lines: ReadonlyArray<BankLineToMatch>;
  truths: ReadonlyArray<Truth>;
} {
  const customers = makeCustomers(options.customers);
  const items = makeItems(options.items, customers);
  const itemsByCustomer = new Map<string, MatchableItem[]>();
  for (const item of items) {
    const list = itemsByCustomer.get(item.customerId);
    if (list === undefined) itemsByCustomer.set(item.customerId, [item]);
    else list.push(item);
  }
  for (const list of itemsByCustomer.values()) list.sort(oldestFirst);
  const book: Book = {
    customers,
    customerById: new Map(customers.map((customer) => [customer.customer.customerId, customer])),
    items,
    itemsByCustomer,
    used: new Set(),
  };
  const { lines, truths } = makeLines(options.lines, book);
  return { customers, items, lines, truths };
}

/** Due date, then document number: the engine's order (YYYY-MM-DD text sorts as the dates do). */
function oldestFirst(a: MatchableItem, b: MatchableItem): number {
  if (a.dueDate !== b.dueDate) return a.dueDate < b.dueDate ? -1 : 1;
  return a.documentNumber < b.documentNumber ? -1 : a.documentNumber > b.documentNumber ? 1 : 0;
}

function main(): void {
  const options = readOptions();
  console.log(
    `cash matching benchmark: ${number.format(options.lines)} bank lines against ` +
      `${number.format(options.items)} open items of ${number.format(options.customers)} customers`,
  );
  const generationStarted = performance.now();
  const { customers, items, lines, truths } = generate(options);
  console.log(
    `generated in ${((performance.now() - generationStarted) / 1_000).toFixed(2)} s (not timed below); ` +
      `head offices: ${customers.filter((customer) => customer.headOffice).length}`,
  );

  collectGarbage();
  const buildCpu = process.cpuUsage();
  const buildStarted = performance.now();
  const index = buildMatchIndex(
    items,
    customers.map((customer) => customer.customer),
  );
  const buildMs = performance.now() - buildStarted;
  const buildCpuMs = cpuMs(process.cpuUsage(buildCpu));
  console.log(`index built in ${seconds(buildMs)} s (CPU ${seconds(buildCpuMs)} s)`);

  const matchCpu = process.cpuUsage();
  const matchStarted = performance.now();
  const matches = matchBankLines(index, lines);
  const matchMs = performance.now() - matchStarted;
  const matchCpuMs = cpuMs(process.cpuUsage(matchCpu));
  const linesPerSecond = Math.round((lines.length * 1_000) / matchMs);
  console.log(
    `matched in ${seconds(matchMs)} s (CPU ${seconds(matchCpuMs)} s) — ${number.format(linesPerSecond)} lines/s; ` +
      `build + match ${seconds(buildMs + matchMs)} s`,
  );

  // The engine never changes its input: the items still hold their open amounts at the start.
  const openAtStart = new Map(items.map((item) => [item.itemId, item.openMinor]));
  let automatic = 0;
  let correct = 0;
  let equalAmounts = 0;
  let wrong = 0;
  let bestCorrect = 0;
  const byCategory = new Map<
    Category,
    { lines: number; automatic: number; correct: number; wrong: number }
  >();
  const wrongExamples: string[] = [];
  matches.forEach((match, position) => {
    const truth = truths[position];
    assert(truth !== undefined && match.lineId === lines[position]?.lineId, "one result per line, in order");
    const counts = byCategory.get(truth.category) ?? { lines: 0, automatic: 0, correct: 0, wrong: 0 };
    counts.lines += 1;
    const verdict = verdictOf(match, truth, openAtStart);
    const right = verdict !== "wrong";
    if (right) bestCorrect += 1;
    if (match.automatic) {
      automatic += 1;
      counts.automatic += 1;
      if (right) {
        correct += 1;
        if (verdict === "equal amounts") equalAmounts += 1;
        counts.correct += 1;
      } else {
        wrong += 1;
        counts.wrong += 1;
        if (wrongExamples.length < 12) {
          const line = lines[position];
          wrongExamples.push(
            `  ${truth.category} ${line?.counterpartyName} ${line?.remittance} ${line?.amountMinor}: ` +
              `${JSON.stringify(match.proposals[0], (_key, value) => (typeof value === "bigint" ? String(value) : value))}`,
          );
        }
      }
    }
    byCategory.set(truth.category, counts);
  });

  const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  console.log(`automatic: ${percent(automatic, lines.length)} of lines`);
  console.log(
    `correct automatic: ${percent(correct, lines.length)} of lines ` +
      `(${equalAmounts} of them an older item of the same amount than the generator's)`,
  );
  console.log(`wrong automatic: ${percent(wrong, lines.length)} of lines (${wrong})`);
  console.log(`best proposal correct (automatic or not): ${percent(bestCorrect, lines.length)} of lines`);
  for (const category of categories) {
    const counts = byCategory.get(category);
    if (counts === undefined) continue;
    console.log(
      `  ${category.padEnd(10)} ${number.format(counts.lines).padStart(7)} lines  automatic ${percent(counts.automatic, counts.lines).padStart(8)}` +
        `  correct ${percent(counts.correct, counts.lines).padStart(8)}  wrong ${counts.wrong}`,
    );
  }
  if (wrongExamples.length > 0)
    console.log(`wrong automatic matches, first ones:\n${wrongExamples.join("\n")}`);
  console.log(`peak RSS: ${number.format(peakRssMb)} MB`);
  // On a shared machine the clock counts other processes' time too; the CPU times above do not.
  const loadAverage = Number((loadavg()[0] ?? 0).toFixed(2));
  console.log(`load average (1 min) at the end: ${loadAverage} on ${availableParallelism()} cores`);
  console.log(
    JSON.stringify({
      benchmark: "cash-matching",
      items: items.length,
      lines: lines.length,
      customers: customers.length,
      buildSeconds: Number((buildMs / 1_000).toFixed(2)),
      matchSeconds: Number((matchMs / 1_000).toFixed(2)),
      buildCpuSeconds: Number((buildCpuMs / 1_000).toFixed(2)),
      matchCpuSeconds: Number((matchCpuMs / 1_000).toFixed(2)),
      linesPerSecond,
      automaticShare: share(automatic, lines.length),
      correctAutomaticShare: share(correct, lines.length),
      correctAutomaticEqualAmounts: equalAmounts,
      wrongAutomaticShare: share(wrong, lines.length),
      wrongAutomatic: wrong,
      bestProposalCorrectShare: share(bestCorrect, lines.length),
      peakRssMb,
      loadAverage,
      date: new Date().toISOString(),
      node: process.version,
    }),
  );
}

// Run as a script; bench/cash-matching-sqlite.ts imports the generator.
if (process.argv[1]?.endsWith("cash-matching.ts")) main();
