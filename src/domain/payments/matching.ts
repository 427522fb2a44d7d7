import { AppError, type FieldIssue } from "../../core/errors.ts";
import { coreSimilarity, normalizeCompanyName } from "./payer-names.ts";

/**
 * Automatic cash application (自动核销): which open receivable items a bank line (money
 * received) pays, with a confidence, so that clear cases are applied without a person and the
 * rest are offered as ranked suggestions.
 *
 * The engine is pure and in memory: `buildMatchIndex` takes the open items and the customers'
 * names and accounts, and `matchBankLines` matches a statement against it. The index is the one
 * mutable thing here, on purpose: a million open items cannot be copied per line, and lines of
 * one run must see what earlier lines consumed (`consume`), so that two lines never apply the
 * same money.
 *
 * Signals, from strongest to weakest:
 * - a reference in the remittance text or end-to-end id: a document number of an open item
 *   (INV-000123, written any way: "inv 000123", "INV000123", "付INV-000123货款") or an 8- or
 *   20-digit tax invoice number (发票号码);
 * - the counterparty account, seen paying for a customer before (digits only);
 * - the counterparty name against the customers' names (see payer-names.ts), exactly on the
 *   normalized core or by similarity;
 * - the amount against the open items of the customers found so far, and of the customers a
 *   head office pays for (总部代付): one item exactly, a combination of a few, or else
 *   oldest first;
 * - without any customer, an amount that only one open item in the index has.
 *
 * Scoring table (confidence of a proposal; `automatic` needs ≥ autoThreshold, 0.9 by default,
 * and a lead of `autoMarginMin` over the next proposal):
 *
 * | who paid (evidence of the customer)          | items referenced      | exact single | combination | oldest first |
 * | -------------------------------------------- | --------------------- | ------------ | ----------- | ------------ |
 * | reference, amount = the referenced items     | 0.99                  |              |             |              |
 * | reference, amount = one referenced item      | 0.90                  |              |             |              |
 * | reference + the rest exactly by other items  | 0.85                  |              |             |              |
 * | reference, amount differs (partial or more)  | 0.75 / 0.70 over, +0.05 when account or name agree |  |  |     |
 * | account and exact name                       |                       | 0.97         | 0.92        | 0.45         |
 * | account, or exact name                       |                       | 0.95         | 0.90        | 0.40         |
 * | similar name, similarity s ≥ nameThreshold   |                       | 0.55 + 0.3 s | 0.50 + 0.3 s | 0.30        |
 * | the customer of a referenced item (others)   |                       | 0.70         | 0.65        | 0.35         |
 * | only through a head office that pays for it  | the row above − 0.02  |              |             |              |
 * | nothing; the amount is unique in the index   |                       | 0.45         |             |              |
 *
 * "Oldest" is due-date order throughout (then document number, then id). 民法典 art. 560: when
 * the debtor does not say which debt a payment is for, it goes to debts already due before those
 * not yet due and, among equals, to the one that fell due first (security and burden, which the
 * article ranks before that, are not known here; a person can always choose otherwise).
 *
 * - An ambiguous combination (another one, with different amounts, also sums to the line) is
 *   worth 0.1 less; equal amounts are no ambiguity, the older items are taken (art. 560).
 * - When the line names any open item, proposals that do not allocate to a referenced item are
 *   worth at most `unreferencedConfidenceMax` (0.70): the payer said what they pay, and an amount
 *   that happens to fit another item does not overrule that without a person.
 * - An exact core whose region contradicts the payer's (上海星辰科技 paying, 北京星辰科技 and
 *   上海星辰科技 both customers) counts as a similar name with s = `regionMismatchSimilarity`.
 * - Several items of one customer with the same open amount: the oldest is proposed, at full
 *   confidence, for the same reason (art. 560).
 * - A reference to an item in another currency, or to one already consumed, does not count.
 *
 * Every proposal allocates at most each item's open amount, and its allocations plus
 * `unappliedMinor` are the line amount: an overpayment's rest, or all of it for a customer with
 * nothing open, is unapplied (预收).
 */

export interface MatchableItem {
  readonly itemId: string;
  readonly customerId: string;
  /** e.g. INV-000123, FQ-000004-03. */
  readonly documentNumber: string;
  /** 发票号码: 8 digits (paper and older electronic invoices) or 20 (全电发票). */
  readonly taxInvoiceNumber: string | null;
  /** YYYY-MM-DD. */
  readonly dueDate: string;
  /** More than 0. */
  readonly openMinor: bigint;
  readonly currency: string;
}

export interface MatchableCustomer {
  readonly customerId: string;
  /** Legal name, short name, known payer names. */
  readonly names: ReadonlyArray<string>;
  /** Bank accounts seen paying for this customer. */
  readonly accounts: ReadonlyArray<string>;
  /** Customer ids this payer (a head office) pays for; may be empty. */
  readonly payerFor: ReadonlyArray<string>;
}

export interface BankLineToMatch {
  readonly lineId: string;
  readonly bookingDate: string;
  /** More than 0: money received. */
  readonly amountMinor: bigint;
  readonly currency: string;
  readonly counterpartyName: string | null;
  readonly counterpartyAccount: string | null;
  readonly remittance: string | null;
  readonly endToEndId: string | null;
}

export const matchReasons = [
  "REFERENCE",
  "TAX_INVOICE_NUMBER",
  "ACCOUNT",
  "NAME",
  "AMOUNT_EXACT",
  "AMOUNT_COMBINATION",
  "AMOUNT_PARTIAL",
  "OLDEST_OPEN",
] as const;
/**
 * Why a proposal was made. AMOUNT_PARTIAL: the line pays part of an item, which stays open for
 * the rest. OLDEST_OPEN: the items were chosen by age, not by reference or amount.
 */
export type MatchReason = (typeof matchReasons)[number];

export interface MatchAllocation {
  readonly itemId: string;
  readonly amountMinor: bigint;
}

export interface MatchProposal {
  /** The customer whose items are allocated (for a head office's payment, the subsidiary). */
  readonly customerId: string;
  readonly allocations: ReadonlyArray<MatchAllocation>;
  readonly unappliedMinor: bigint;
  /** 0..1, see the scoring table. */
  readonly confidence: number;
  readonly reasons: ReadonlyArray<MatchReason>;
}

export interface LineMatch {
  readonly lineId: string;
  /** Ranked best first, at most `matchSuggestionsMax`. */
  readonly proposals: ReadonlyArray<MatchProposal>;
  /** The best proposal may be applied without a person: see `matchBankLine`. */
  readonly automatic: boolean;
}

export interface MatchOptions {
  /** Least confidence of an automatic match; 0.9 by default. */
  readonly autoThreshold: number;
  /** Most items in one exact combination; 4 by default, at most `combinationItemsLimit`. */
  readonly combinationItemsMax: number;
  /** Least name similarity that counts as a signal; 0.6 by default. */
  readonly nameThreshold: number;
}

/** The open items and customers to match against; `consume` takes money off an item. */
export interface MatchIndex {
  /** Items indexed, open or not. */
  readonly itemCount: number;
  /** An item's open amount now: 0 once consumed in full, null for an unknown id. */
  openMinorOf(itemId: string): bigint | null;
  /** Takes `amountMinor` (more than 0, at most what is open) off the item. */
  consume(itemId: string, amountMinor: bigint): void;
}

export const defaultMatchOptions: MatchOptions = Object.freeze({
  autoThreshold: 0.9,
  combinationItemsMax: 4,
  nameThreshold: 0.6,
});

/** Proposals per line: what a person reviewing a line can usefully compare. */
export const matchSuggestionsMax = 5;
/** The best proposal must lead the next by this much to be automatic. */
export const autoMarginMin = 0.1;
/** Upper bound of the `combinationItemsMax` option: beyond 8 invoices an exact sum is chance. */
export const combinationItemsLimit = 8;
/** A combination is sought among a customer's oldest open items only: payers pay old invoices. */
export const combinationCandidatesMax = 20;
/** Partial sums tried per customer and line before the combination search gives up. */
export const combinationStepsMax = 20_000;
/** Allocations per proposal; an oldest-first proposal stops here and leaves the rest unapplied. */
export const allocationsMax = 100;
/** Items per index: ten times the 1,000,000 the engine is sized for. */
export const matchIndexItemsMax = 10_000_000;
/** Lines per `matchBankLines` call. */
export const matchLinesMax = 1_000_000;
/** Remittance and end-to-end id are read up to here; bank fields are far shorter (附言 ≤ 140). */
export const remittanceCharsMax = 1_000;
/** Account numbers shorter than this are not trusted to identify anyone (digits). */
export const accountDigitsMin = 6;
/** Characters allowed between a document prefix and its digits ("INV - 000123", "INV#000123"). */
export const referenceGapCharsMax = 3;
/** Distinct letter prefixes of document numbers looked for in texts; others are found as tokens. */
export const referencePrefixesMax = 64;
/**
 * A bigram shared by more customer names than this (科技, 贸易, 有限…) finds no fuzzy candidates:
 * it says little, and walking its postings would make a line cost a scan of the customers.
 */
export const bigramPostingsMax = 2_000;
/** Names scored exactly per line after the bigram count, the best counts first. */
export const fuzzyNamesMax = 50;
/** Payer names whose customers are remembered per index (see `customersByName`). */
export const payerNameCacheMax = 10_000;
/** Customers taken from names per line (exact or similar). */
export const nameCustomersMax = 10;
/** Customers a head office's payment is looked at for, its own included. */
export const payerForCustomersMax = 50;
/** Customers a line gets amount proposals for, the best evidence first. */
export const lineCustomersMax = 20;
/** See the scoring table. */
export const unreferencedConfidenceMax = 0.7;
export const regionMismatchSimilarity = 0.8;
const headOfficePenalty = 0.02;
const ambiguousCombinationPenalty = 0.1;
const agreeingIdentityBonus = 0.05;

// ---------------------------------------------------------------------------------------------
// The index. Items are numbered by position and kept in parallel arrays, and the lookups by id,
// document number, tax invoice number and amount are hash tables in typed arrays: at a million
// items, an object per item and a Map per lookup cost several times the matching itself, in
// garbage collection and in memory reads that miss the cache.
// ---------------------------------------------------------------------------------------------

/**
 * A multimap from 32-bit hashes to item positions, built once from the hash of every position:
 * (hash, position) pairs grouped by slot, with the start of each slot. Grouping is a radix sort,
 * which reads and writes memory in order; filling chained buckets one item at a time writes all
 * over a table larger than the cache, several times slower at a million items. Positions added
 * later (an item consumed in part, under its new amount) go to a small Map. Callers compare the
 * keys themselves; `find` returns the positions with the same hash.
 */
const entriesPerSlot = 4;

class HashTable {
  readonly starts: Int32Array;
  /** (hash, position) pairs, grouped by slot. */
  readonly entries: Int32Array;
  readonly mask: number;
  readonly added = new Map<number, number[]>();

  /**
   * `hashes[position]` for every position with `present[position]` (all when null). `scratch`:
   * four or more arrays at least as long as `hashes`, shared by the tables of one index so that building
   * them allocates only what they keep (large allocations outside the heap make the collector
   * run over the whole heap).
   */
  constructor(hashes: Int32Array, present: Uint8Array | null, scratch: ReadonlyArray<Int32Array>) {
    let count = 0;
    for (let position = 0; position < hashes.length; position += 1) {
      if (present === null || present[position] === 1) count += 1;
    }
    // About four entries a slot: they lie side by side, so a lookup still reads one cache line,
    // and the slot starts take a quarter of the memory.
    let bits = 4;
    while (1 << bits < count / entriesPerSlot) bits += 1;
    this.mask = (1 << bits) - 1;
    // The hashes travel with the positions, so that no pass reads them out of order.
    let [keys, positions, keysOut, positionsOut] = scratch;
    if (
      keys === undefined ||
      positions === undefined ||
      keysOut === undefined ||
      positionsOut === undefined
    ) {
      throw new Error("Assertion failed: four scratch arrays");
    }
    let at = 0;
    for (let position = 0; position < hashes.length; position += 1) {
      if (present !== null && present[position] !== 1) continue;
      keys[at] = hashes[position] ?? 0;
      positions[at] = position;
      at += 1;
    }
    // Least significant digit first, at most 12 bits a pass: the counters stay in the cache.
    const passes = Math.ceil(bits / 12);
    const digitBits = Math.ceil(bits / passes);
    const digitMask = (1 << digitBits) - 1;
    const counts = new Int32Array((1 << digitBits) + 1);
    for (let shift = 0; shift < bits; shift += digitBits) {
      counts.fill(0);
      for (let index = 0; index < count; index += 1) {
        const digit = ((((keys[index] ?? 0) & this.mask) >>> shift) & digitMask) + 1;
        counts[digit] = (counts[digit] ?? 0) + 1;
      }
      for (let digit = 1; digit < counts.length; digit += 1) {
        counts[digit] = (counts[digit] ?? 0) + (counts[digit - 1] ?? 0);
      }
      for (let index = 0; index < count; index += 1) {
        const key = keys[index] ?? 0;
        const digit = ((key & this.mask) >>> shift) & digitMask;
        const to = counts[digit] ?? 0;
        counts[digit] = to + 1;
        keysOut[to] = key;
        positionsOut[to] = positions[index] ?? 0;
      }
      [keys, keysOut] = [keysOut, keys];
      [positions, positionsOut] = [positionsOut, positions];
    }
    this.starts = new Int32Array(this.mask + 2);
    this.entries = new Int32Array(count * 2);
    let slotAt = 0;
    for (let index = 0; index < count; index += 1) {
      const key = keys[index] ?? 0;
      const slot = key & this.mask;
      while (slotAt <= slot) {
        this.starts[slotAt] = index;
        slotAt += 1;
      }
      this.entries[index * 2] = key;
      this.entries[index * 2 + 1] = positions[index] ?? 0;
    }
    while (slotAt < this.starts.length) {
      this.starts[slotAt] = count;
      slotAt += 1;
    }
  }

  /** Positions whose hash is `hash`. */
  find(hash: number): number[] {
    const found: number[] = [];
    const slot = hash & this.mask;
    const end = this.starts[slot + 1] ?? 0;
    for (let index = this.starts[slot] ?? 0; index < end; index += 1) {
      if (this.entries[index * 2] === hash) found.push(this.entries[index * 2 + 1] ?? 0);
    }
    const later = this.added.get(hash);
    if (later !== undefined) found.push(...later);
    return found;
  }

  add(hash: number, position: number): void {
    const later = this.added.get(hash);
    if (later === undefined) this.added.set(hash, [position]);
    else later.push(position);
  }
}

const fnvOffset = 0x811c9dc5;
const fnvPrime = 0x01000193;

function isDigitCode(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isCapitalCode(code: number): boolean {
  return code >= 65 && code <= 90;
}

/** FNV-1a over the characters. */
function textHash(text: string): number {
  let hash = fnvOffset;
  for (let at = 0; at < text.length; at += 1) hash = Math.imul(hash ^ text.charCodeAt(at), fnvPrime);
  return hash;
}

/**
 * Document numbers compare upper-cased and without spaces and hyphens, so that "inv 000123",
 * "INV000123" and "INV-000123" are one number. ASCII numbers are stored as given and compared
 * through these folds; others are NFKC-normalized once when indexed.
 */
function documentCode(code: number): number {
  if (code === 32 || code === 45 || code === 9) return -1;
  return code >= 97 && code <= 122 ? code - 32 : code;
}

function documentHash(text: string): number {
  let hash = fnvOffset;
  for (let at = 0; at < text.length; at += 1) {
    const code = documentCode(text.charCodeAt(at));
    if (code >= 0) hash = Math.imul(hash ^ code, fnvPrime);
  }
  return hash;
}

/** Whether the stored number `stored` is `wanted` (already folded: capitals and digits). */
function documentEquals(stored: string, wanted: string): boolean {
  let at = 0;
  for (let from = 0; from < stored.length; from += 1) {
    const code = documentCode(stored.charCodeAt(from));
    if (code < 0) continue;
    if (code !== wanted.charCodeAt(at)) return false;
    at += 1;
  }
  return at === wanted.length;
}

/** Tax invoice numbers compare on their digits only. */
function digitsHash(text: string): number {
  let hash = fnvOffset;
  for (let at = 0; at < text.length; at += 1) {
    const code = text.charCodeAt(at);
    if (isDigitCode(code)) hash = Math.imul(hash ^ code, fnvPrime);
  }
  return hash;
}

function digitsEqual(stored: string, wanted: string): boolean {
  let at = 0;
  for (let from = 0; from < stored.length; from += 1) {
    const code = stored.charCodeAt(from);
    if (!isDigitCode(code)) continue;
    if (code !== wanted.charCodeAt(at)) return false;
    at += 1;
  }
  return at === wanted.length;
}

const twoTo32 = 4_294_967_296;

function customerSalt(customer: number, currency: number): number {
  return Math.imul(customer + 1, 0x27d4eb2d) ^ currency;
}

/**
 * Hash of an amount under a salt (a currency, or a customer and currency); amounts beyond 2^53
 * hash on their nearest double, still consistently.
 */
function amountHash(amountMinor: bigint, salt: number): number {
  return amountNumberHash(Number(amountMinor), salt);
}

function amountNumberHash(value: number, salt: number): number {
  const low = value % twoTo32;
  const high = (value - low) / twoTo32;
  let hash = Math.imul((low | 0) ^ salt, 0x9e3779b1);
  hash = Math.imul(hash ^ (high | 0) ^ (hash >>> 15), 0x85ebca6b);
  return hash ^ (hash >>> 13);
}

const safeIntegerMaxMinor = BigInt(Number.MAX_SAFE_INTEGER);

const nonDigitPattern = /\D/g;

function digitsOnly(text: string): string {
  for (let at = 0; at < text.length; at += 1) {
    if (!isDigitCode(text.charCodeAt(at))) return text.replace(nonDigitPattern, "");
  }
  return text;
}

/** YYYYMMDD of a YYYY-MM-DD text, or −1. */
function dueDayOf(text: string): number {
  if (text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return -1;
  let value = 0;
  for (let at = 0; at < 10; at += 1) {
    if (at === 4 || at === 7) continue;
    const code = text.charCodeAt(at);
    if (!isDigitCode(code)) return -1;
    value = value * 10 + (code - 48);
  }
  return value;
}

/**
 * The character bigrams of a core (as `coreBigrams` counts them: code points, a one-character
 * core its own) as numbers, first × 0x110000 + second: keys for the postings that allocate no
 * strings. A bigram key is at least 0x110000, above every one-character key.
 */
function bigramKeys(core: string): number[] {
  const keys: number[] = [];
  let previous = -1;
  for (let at = 0; at < core.length; ) {
    const point = core.codePointAt(at) ?? 0;
    at += point > 0xffff ? 2 : 1;
    if (previous >= 0) keys.push(previous * 0x110000 + point);
    previous = point;
  }
  if (keys.length === 0 && previous >= 0) keys.push(previous);
  return keys;
}

/** Positions under one key of a small Map (names, accounts): most keys have exactly one. */
type Bucket = number | number[];

function bucketAdd<K>(map: Map<K, Bucket>, key: K, value: number): void {
  const bucket = map.get(key);
  if (bucket === undefined) map.set(key, value);
  else if (typeof bucket === "number") map.set(key, [bucket, value]);
  else bucket.push(value);
}

function bucketValues(bucket: Bucket | undefined): ReadonlyArray<number> {
  if (bucket === undefined) return [];
  return typeof bucket === "number" ? [bucket] : bucket;
}

interface CustomerState {
  readonly customerId: string;
  /** The customer's items are `customerItems[start..end)`, oldest first (see `orderItems`). */
  start: number;
  end: number;
  /** Items of `customerItems` before this index are all consumed. */
  firstOpen: number;
  /** Customer numbers this one pays for. */
  payerFor: number[];
}

interface NameEntry {
  readonly customer: number;
  readonly core: string;
  readonly region: string | null;
}

const factsPerItem = 4;

/** Due-date ranks beyond this many days fall back from counting sort to a comparison sort. */
const dueDaySpanMax = 4_000_000;

class IndexState implements MatchIndex {
  readonly items: ReadonlyArray<MatchableItem>;
  /** Open amount of each item now; 0n once consumed. */
  readonly openMinor: bigint[];
  /**
   * Per item, side by side so that one memory read finds them all: the open amount as a
   * double (exact up to 2^53, a filter before the bigint is compared), customer number,
   * currency number and due day (YYYYMMDD).
   */
  readonly facts: Float64Array;
  /** Document numbers as compared: the item's own if ASCII, else its NFKC form. */
  readonly documentKeys: string[];
  byId: HashTable | null = null;
  byDocument: HashTable | null = null;
  byTaxInvoice: HashTable | null = null;
  /**
   * Open items by customer, currency and open amount, kept exact as amounts are consumed.
   * Round amounts (10,000.00) are shared by thousands of items across the book, but by few
   * items of one customer, so this is the lookup that matching leans on.
   */
  byCustomerAmount: HashTable | null = null;
  /**
   * Items by currency and amount when indexed, for the amount-only hint: an item consumed in
   * part leaves it and is not found there again (a hint never applies money by itself).
   */
  byAmount: HashTable | null = null;
  readonly currencyNumbers = new Map<string, number>();
  readonly customers: CustomerState[] = [];
  readonly customerNumberById = new Map<string, number>();
  customerItems = new Int32Array(0);
  /** Open amount (as a double) and currency number of `customerItems[i]`, read in order by `openItems`. */
  orderOpen = new Float64Array(0);
  orderCurrency = new Int32Array(0);
  /** Index in `customerItems` of each position. */
  orderOf = new Int32Array(0);
  /** Letter prefix of document numbers → their digit counts ("" for numbers without letters). */
  readonly prefixDigitCounts = new Map<string, Set<number>>();
  /** Some document numbers have another shape (letters after digits…): they are found as tokens. */
  irregularDocuments = false;
  prefixPattern: RegExp | null = null;
  readonly byAccount = new Map<string, Bucket>();
  readonly names: NameEntry[] = [];
  readonly byCore = new Map<string, Bucket>();
  /** Name ids by bigram key (see `bigramKeys`), each name once. */
  readonly bigramPostings = new Map<number, number[]>();
  /** Scratch counters of the fuzzy name search, one per name, all 0 between lines. */
  nameCounts = new Int32Array(0);
  /** See `customersByName`. */
  readonly nameCache = new Map<string, ReadonlyArray<number>>();
  /** The name threshold the cached answers were found with. */
  nameCacheThreshold = Number.NaN;

  constructor(items: ReadonlyArray<MatchableItem>) {
    const count = items.length;
    this.items = items;
    this.openMinor = new Array<bigint>(count);
    this.facts = new Float64Array(count * factsPerItem);
    this.documentKeys = new Array<string>(count);
  }

  get itemCount(): number {
    return this.items.length;
  }

  openOf(position: number): number {
    return this.facts[position * factsPerItem] ?? 0;
  }

  customerOf(position: number): number {
    return this.facts[position * factsPerItem + 1] ?? 0;
  }

  currencyOf(position: number): number {
    return this.facts[position * factsPerItem + 2] ?? 0;
  }

  dueOf(position: number): number {
    return this.facts[position * factsPerItem + 3] ?? 0;
  }

  positionOf(itemId: string): number {
    for (const position of this.byId?.find(textHash(itemId)) ?? []) {
      if (this.items[position]?.itemId === itemId) return position;
    }
    return -1;
  }

  openMinorOf(itemId: string): bigint | null {
    const position = this.positionOf(itemId);
    return position < 0 ? null : (this.openMinor[position] ?? null);
  }

  consume(itemId: string, amountMinor: bigint): void {
    const position = this.positionOf(itemId);
    if (position < 0) throw new AppError("NOT_FOUND", { detail: `no item ${itemId} in the match index` });
    const open = this.openMinor[position] ?? 0n;
    if (typeof amountMinor !== "bigint" || amountMinor <= 0n || amountMinor > open) {
      throw invalid([
        {
          path: "amountMinor",
          code: "NOT_OPEN",
          message: `more than 0 and at most the ${open} open on ${itemId}`,
        },
      ]);
    }
    this.take(position, amountMinor);
  }

  take(position: number, amountMinor: bigint): void {
    const rest = (this.openMinor[position] ?? 0n) - amountMinor;
    this.openMinor[position] = rest;
    this.facts[position * factsPerItem] = Number(rest);
    this.orderOpen[this.orderOf[position] ?? 0] = Number(rest);
    // The entry under the old amount stays and is skipped by the amount compare: amounts only go
    // down, so an item never comes back to an amount it left.
    if (rest > 0n) this.byCustomerAmount?.add(this.customerAmountHash(position, rest), position);
  }

  customerAmountHash(position: number, amountMinor: bigint): number {
    return amountHash(amountMinor, customerSalt(this.customerOf(position), this.currencyOf(position)));
  }

  currencyNumber(currency: string): number {
    let number = this.currencyNumbers.get(currency);
    if (number === undefined) {
      number = this.currencyNumbers.size;
      this.currencyNumbers.set(currency, number);
    }
    return number;
  }

  customerNumber(customerId: string): number {
    let number = this.customerNumberById.get(customerId);
    if (number === undefined) {
      number = this.customers.length;
      this.customers.push({ customerId, start: 0, end: 0, firstOpen: 0, payerFor: [] });
      this.customerNumberById.set(customerId, number);
    }
    return number;
  }

  /** The customer's oldest open item of the currency whose open amount is `amountMinor`, or −1. */
  oldestWithAmount(customer: number, currency: number, amountMinor: bigint): number {
    const hash = amountHash(amountMinor, customerSalt(customer, currency));
    const amountNumber = Number(amountMinor);
    let oldest = -1;
    for (const at of this.byCustomerAmount?.find(hash) ?? []) {
      if (
        this.openOf(at) === amountNumber &&
        this.customerOf(at) === customer &&
        this.currencyOf(at) === currency &&
        this.openMinor[at] === amountMinor &&
        (oldest < 0 || this.compareItems(at, oldest) < 0)
      ) {
        oldest = at;
      }
    }
    return oldest;
  }

  /** The one open item of the currency with this amount as indexed, or −1 for none or several. */
  onlyWithAmount(currency: number, amountMinor: bigint): number {
    const hash = amountHash(amountMinor, currency);
    const amountNumber = Number(amountMinor);
    let only = -1;
    for (const at of this.byAmount?.find(hash) ?? []) {
      if (this.openOf(at) !== amountNumber || this.currencyOf(at) !== currency) continue;
      if (this.openMinor[at] !== amountMinor) continue;
      if (only >= 0) return -1;
      only = at;
    }
    return only;
  }

  /** Open items of the currency whose document number is `wanted` (folded). */
  itemsWithDocument(wanted: string): number[] {
    return (this.byDocument?.find(documentHash(wanted)) ?? []).filter((position) =>
      documentEquals(this.documentKeys[position] ?? "", wanted),
    );
  }

  itemsWithTaxInvoice(digits: string): number[] {
    return (this.byTaxInvoice?.find(digitsHash(digits)) ?? []).filter((position) => {
      const number = this.items[position]?.taxInvoiceNumber ?? null;
      return number !== null && digitsEqual(number, digits);
    });
  }

  addName(customer: number, name: string): void {
    const { core, region } = normalizeCompanyName(name);
    if (core.length === 0) return;
    for (const id of bucketValues(this.byCore.get(core))) {
      const entry = this.names[id];
      if (entry !== undefined && entry.customer === customer && entry.region === region) return;
    }
    const id = this.names.length;
    this.names.push({ customer, core, region });
    bucketAdd(this.byCore, core, id);
    for (const gram of bigramKeys(core)) {
      const postings = this.bigramPostings.get(gram);
      if (postings === undefined) this.bigramPostings.set(gram, [id]);
      else if (postings[postings.length - 1] !== id) postings.push(id);
    }
  }

  /** Oldest first: due date, then document number, then id (see the module comment). */
  compareItems(a: number, b: number): number {
    const dueA = this.dueOf(a);
    const dueB = this.dueOf(b);
    if (dueA !== dueB) return dueA - dueB;
    const x = this.items[a];
    const y = this.items[b];
    if (x === undefined || y === undefined) return a - b;
    if (x.documentNumber !== y.documentNumber) return x.documentNumber < y.documentNumber ? -1 : 1;
    return x.itemId < y.itemId ? -1 : x.itemId > y.itemId ? 1 : 0;
  }

  /**
   * Groups the items by customer, oldest first: a counting sort by due day, then a stable
   * one by customer (linear at a million items, where a comparison sort takes a second), then
   * items of one customer due the same day by comparison.
   */
  orderItems(scratch: ReadonlyArray<Int32Array>): void {
    const count = this.items.length;
    const customerCount = this.customers.length;
    let dayMin = Number.POSITIVE_INFINITY;
    let dayMax = Number.NEGATIVE_INFINITY;
    for (let position = 0; position < count; position += 1) {
      const day = this.dueOf(position);
      dayMin = Math.min(dayMin, day);
      dayMax = Math.max(dayMax, day);
    }
    // Each pass carries the keys the next one reads, so that none reads the facts out of order.
    // YYYYMMDD has gaps between months and years; ranks keep their order, which is all that counts.
    const span = count === 0 ? 0 : dayMax - dayMin + 1;
    // Temporary arrays of `count` entries, lent by the caller (see HashTable).
    const [byDay, byDayCustomer, byDayDue, byCustomerOwner, byCustomerDue] = scratch;
    if (
      byDay === undefined ||
      byDayCustomer === undefined ||
      byDayDue === undefined ||
      byCustomerOwner === undefined ||
      byCustomerDue === undefined
    ) {
      throw new Error("Assertion failed: five scratch arrays");
    }
    if (span <= dueDaySpanMax) {
      const starts = new Int32Array(span + 1);
      for (let position = 0; position < count; position += 1) {
        const rank = this.dueOf(position) - dayMin + 1;
        starts[rank] = (starts[rank] ?? 0) + 1;
      }
      for (let rank = 0; rank < span; rank += 1) {
        starts[rank + 1] = (starts[rank + 1] ?? 0) + (starts[rank] ?? 0);
      }
      for (let position = 0; position < count; position += 1) {
        const rank = this.dueOf(position) - dayMin;
        const at = starts[rank] ?? 0;
        byDay[at] = position;
        byDayCustomer[at] = this.customerOf(position);
        byDayDue[at] = rank;
        starts[rank] = at + 1;
      }
    } else {
      const sorted = Int32Array.from({ length: count }, (_, position) => position);
      sorted.sort((a, b) => this.dueOf(a) - this.dueOf(b));
      for (let at = 0; at < count; at += 1) {
        const position = sorted[at] ?? 0;
        byDay[at] = position;
        byDayCustomer[at] = this.customerOf(position);
        byDayDue[at] = this.dueOf(position);
      }
    }
    const starts = new Int32Array(customerCount + 1);
    for (let position = 0; position < count; position += 1) {
      const customer = this.customerOf(position);
      starts[customer + 1] = (starts[customer + 1] ?? 0) + 1;
    }
    for (let customer = 0; customer < customerCount; customer += 1) {
      starts[customer + 1] = (starts[customer + 1] ?? 0) + (starts[customer] ?? 0);
    }
    for (const [customer, state] of this.customers.entries()) {
      state.start = starts[customer] ?? 0;
      state.firstOpen = state.start;
      state.end = starts[customer + 1] ?? 0;
    }
    const byCustomer = new Int32Array(count);
    // byCustomerOwner, byCustomerDue: customer and due day (or its rank) of `byCustomer[at]`, for
    // finding the runs below in order.
    for (let at = 0; at < count; at += 1) {
      const customer = byDayCustomer[at] ?? 0;
      const to = starts[customer] ?? 0;
      byCustomer[to] = byDay[at] ?? 0;
      byCustomerOwner[to] = customer;
      byCustomerDue[to] = byDayDue[at] ?? 0;
      starts[customer] = to + 1;
    }
    // Same customer, same day: by document number, then id.
    let runStart = 0;
    for (let at = 1; at <= count; at += 1) {
      const sameRun =
        at < count &&
        byCustomerOwner[at] === byCustomerOwner[at - 1] &&
        byCustomerDue[at] === byCustomerDue[at - 1];
      if (sameRun) continue;
      if (at - runStart > 1) byCustomer.subarray(runStart, at).sort((a, b) => this.compareItems(a, b));
      runStart = at;
    }
    this.customerItems = byCustomer;
    this.orderOpen = new Float64Array(count);
    this.orderCurrency = new Int32Array(count);
    this.orderOf = new Int32Array(count);
    for (let at = 0; at < count; at += 1) {
      const position = byCustomer[at] ?? 0;
      this.orderOpen[at] = this.openOf(position);
      this.orderCurrency[at] = this.currencyOf(position);
      this.orderOf[position] = at;
    }
  }
}

function invalid(issues: ReadonlyArray<FieldIssue>): AppError {
  return new AppError("VALIDATION_FAILED", {
    detail: issues.map((issue) => `${issue.path}: ${issue.message}`).join("; "),
    issues,
  });
}

/**
 * Indexes open items and customers for matching. Items may belong to customers not listed
 * (they are then found by reference and amount only). An array of items is kept as given, not
 * copied: it must not change while the index is used. Throws VALIDATION_FAILED for a repeated
 * item or customer id, an open amount that is not more than 0, a due date not in YYYY-MM-DD,
 * or more than `matchIndexItemsMax` items.
 */
export function buildMatchIndex(
  items: Iterable<MatchableItem>,
  customers: Iterable<MatchableCustomer>,
): MatchIndex {
  // An array is used as given (copying a million references costs more than all the checks).
  const tooMany = () =>
    invalid([{ path: "items", code: "TOO_MANY", message: `at most ${matchIndexItemsMax} items` }]);
  let list: ReadonlyArray<MatchableItem>;
  if (Array.isArray(items)) list = items;
  else {
    const copy: MatchableItem[] = [];
    for (const item of items) {
      if (copy.length >= matchIndexItemsMax) throw tooMany();
      copy.push(item);
    }
    list = copy;
  }
  if (list.length > matchIndexItemsMax) throw tooMany();
  const index = new IndexState(list);

  const payerForIds: Array<ReadonlyArray<string>> = [];
  let customerPosition = 0;
  for (const customer of customers) {
    if (index.customerNumberById.has(customer.customerId)) {
      throw invalid([
        { path: `customers.${customerPosition}.customerId`, code: "DUPLICATE", message: "repeated" },
      ]);
    }
    const number = index.customerNumber(customer.customerId);
    payerForIds[number] = customer.payerFor;
    for (const name of customer.names) index.addName(number, name);
    for (const account of customer.accounts) {
      const digits = digitsOnly(account);
      if (digits.length < accountDigitsMin) continue;
      if (!bucketValues(index.byAccount.get(digits)).includes(number))
        bucketAdd(index.byAccount, digits, number);
    }
    customerPosition += 1;
  }
  index.nameCounts = new Int32Array(index.names.length);

  // Consecutive items often share customer, currency and prefix: the last ones are remembered.
  let lastCustomerId: string | null = null;
  let lastCustomer = -1;
  let lastCurrencyText: string | null = null;
  let lastCurrency = -1;
  let lastPrefix = "";
  let lastPrefixCounts: Set<number> | null = null;
  // Hashes first, tables after (see HashTable).
  const count = list.length;
  const idHashes = new Int32Array(count);
  const documentHashes = new Int32Array(count);
  const taxHashes = new Int32Array(count);
  const hasTax = new Uint8Array(count);
  const amountHashes = new Int32Array(count);
  const customerAmountHashes = new Int32Array(count);
  for (let position = 0; position < count; position += 1) {
    const item = list[position];
    if (item === undefined) throw new Error("Assertion failed: items are an array without holes");
    if (typeof item.openMinor !== "bigint" || item.openMinor <= 0n) {
      throw invalid([
        { path: `items.${position}.openMinor`, code: "NOT_POSITIVE", message: "more than 0 minor units" },
      ]);
    }
    const dueDay = dueDayOf(item.dueDate);
    if (dueDay < 0) {
      throw invalid([{ path: `items.${position}.dueDate`, code: "INVALID_DATE", message: "YYYY-MM-DD" }]);
    }
    idHashes[position] = textHash(item.itemId);
    if (item.customerId !== lastCustomerId) {
      lastCustomerId = item.customerId;
      lastCustomer = index.customerNumber(item.customerId);
    }
    if (item.currency !== lastCurrencyText) {
      lastCurrencyText = item.currency;
      lastCurrency = index.currencyNumber(item.currency);
    }
    index.openMinor[position] = item.openMinor;
    const amountNumber = Number(item.openMinor);
    const at = position * factsPerItem;
    index.facts[at] = amountNumber;
    index.facts[at + 1] = lastCustomer;
    index.facts[at + 2] = lastCurrency;
    index.facts[at + 3] = dueDay;
    amountHashes[position] = amountNumberHash(amountNumber, lastCurrency);
    customerAmountHashes[position] = amountNumberHash(amountNumber, customerSalt(lastCustomer, lastCurrency));

    // One pass for the hash and the shape (capital letters, then digits only), both as folded;
    // a number with other than ASCII is NFKC-normalized first and read again.
    let document = item.documentNumber;
    let hash = fnvOffset;
    let letters = 0;
    let digits = 0;
    let regular = true;
    for (let read = 0; read < 2; read += 1) {
      hash = fnvOffset;
      letters = 0;
      digits = 0;
      regular = true;
      let ascii = true;
      for (let offset = 0; offset < document.length; offset += 1) {
        const raw = document.charCodeAt(offset);
        if (raw > 0x7e) ascii = false;
        const code = documentCode(raw);
        if (code < 0) continue;
        hash = Math.imul(hash ^ code, fnvPrime);
        if (isCapitalCode(code) && digits === 0) letters += 1;
        else if (isDigitCode(code)) digits += 1;
        else regular = false;
      }
      if (ascii) break;
      document = document.normalize("NFKC").toUpperCase().replace(/[\s-]/g, "");
    }
    index.documentKeys[position] = document;
    documentHashes[position] = hash;
    if (!regular || digits === 0) index.irregularDocuments = true;
    else {
      const samePrefix =
        lastPrefixCounts !== null &&
        letters === lastPrefix.length &&
        documentStartsWith(document, lastPrefix);
      if (!samePrefix) {
        lastPrefix = foldedPrefix(document, letters);
        lastPrefixCounts = index.prefixDigitCounts.get(lastPrefix) ?? null;
        if (
          lastPrefixCounts === null &&
          (lastPrefix === "" || index.prefixDigitCounts.size < referencePrefixesMax)
        ) {
          lastPrefixCounts = new Set();
          index.prefixDigitCounts.set(lastPrefix, lastPrefixCounts);
        }
      }
      if (lastPrefixCounts === null) index.irregularDocuments = true;
      else lastPrefixCounts.add(digits);
    }
    if (item.taxInvoiceNumber !== null) {
      taxHashes[position] = digitsHash(item.taxInvoiceNumber);
      hasTax[position] = 1;
    }
  }
  const scratch = [0, 1, 2, 3, 4].map(() => new Int32Array(count));
  index.byId = new HashTable(idHashes, null, scratch);
  index.byDocument = new HashTable(documentHashes, null, scratch);
  index.byTaxInvoice = new HashTable(taxHashes, hasTax, scratch);
  index.byAmount = new HashTable(amountHashes, null, scratch);
  index.byCustomerAmount = new HashTable(customerAmountHashes, null, scratch);
  // Repeated ids share a hash, hence a slot: compare within slots only.
  const { starts, entries } = index.byId;
  for (let slot = 0; slot + 1 < starts.length; slot += 1) {
    const end = starts[slot + 1] ?? 0;
    for (let first = starts[slot] ?? 0; first < end; first += 1) {
      for (let second = first + 1; second < end; second += 1) {
        if (entries[first * 2] !== entries[second * 2]) continue;
        const a = entries[first * 2 + 1] ?? 0;
        const b = entries[second * 2 + 1] ?? 0;
        if (list[a]?.itemId === list[b]?.itemId) {
          throw invalid([{ path: `items.${Math.max(a, b)}.itemId`, code: "DUPLICATE", message: "repeated" }]);
        }
      }
    }
  }
  index.orderItems(scratch);
  for (const [number, customer] of index.customers.entries()) {
    customer.payerFor = (payerForIds[number] ?? [])
      .map((id) => index.customerNumberById.get(id))
      .filter((other): other is number => other !== undefined && other !== number);
  }
  const prefixes = [...index.prefixDigitCounts.keys()].filter((prefix) => prefix !== "");
  if (prefixes.length > 0) {
    // Longest first, so that a prefix is never cut short by a shorter one it starts with.
    prefixes.sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
    index.prefixPattern = new RegExp(`(?<![A-Z])(${prefixes.join("|")})`, "g");
  }
  return index;
}

/** The first `letters` folded characters of a document number. */
function foldedPrefix(document: string, letters: number): string {
  let prefix = "";
  for (let at = 0; at < document.length && prefix.length < letters; at += 1) {
    const code = documentCode(document.charCodeAt(at));
    if (code >= 0) prefix += String.fromCharCode(code);
  }
  return prefix;
}

function documentStartsWith(document: string, prefix: string): boolean {
  let matched = 0;
  for (let at = 0; at < document.length && matched < prefix.length; at += 1) {
    const code = documentCode(document.charCodeAt(at));
    if (code < 0) continue;
    if (code !== prefix.charCodeAt(matched)) return false;
    matched += 1;
  }
  return matched === prefix.length;
}

function indexState(index: MatchIndex): IndexState {
  if (!(index instanceof IndexState)) throw new Error("Assertion failed: an index made by buildMatchIndex");
  return index;
}

// ---------------------------------------------------------------------------------------------
// Signals. A line involves a handful of items and customers: small arrays searched in order,
// where Maps, entry iterators and closures per line would be most of the garbage.
// ---------------------------------------------------------------------------------------------

/** Reasons as bits of `matchReasons` indexes, made into arrays once per combination. */
const reasonBit: Readonly<Record<MatchReason, number>> = Object.freeze(
  Object.fromEntries(matchReasons.map((reason, at) => [reason, 1 << at])) as Record<MatchReason, number>,
);
const referenceBit = reasonBit.REFERENCE;
const taxInvoiceBit = reasonBit.TAX_INVOICE_NUMBER;

/** Open items of the line's currency named by the line, with how (reference bits). */
interface References {
  readonly positions: number[];
  readonly kinds: number[];
}

const referenceGapCharacters = new Set([" ", "-", "_", ":", "#", ".", "/"]);
const digitRunPattern = /\d+/g;
const tokenPattern = /[A-Z0-9][A-Z0-9-]*/g;

function noteReferences(
  index: IndexState,
  found: ReadonlyArray<number>,
  kind: number,
  currency: number,
  references: References,
): void {
  for (const position of found) {
    if (index.openMinor[position] === 0n || index.currencyOf(position) !== currency) continue;
    const known = references.positions.indexOf(position);
    if (known >= 0) references.kinds[known] = (references.kinds[known] ?? 0) | kind;
    else {
      references.positions.push(position);
      references.kinds.push(kind);
    }
  }
}

/** Open items of the line's currency named in its remittance or end-to-end id. */
function findReferences(index: IndexState, texts: ReadonlyArray<string>, currency: number): References {
  const references: References = { positions: [], kinds: [] };
  for (const raw of texts) {
    const text = raw.slice(0, remittanceCharsMax).normalize("NFKC").toUpperCase();
    /** Starts and ends of digits already read as part of a prefixed document number. */
    const taken: number[] = [];
    const pattern = index.prefixPattern;
    if (pattern !== null) {
      pattern.lastIndex = 0;
      for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
        const prefix = match[1] ?? "";
        const counts = index.prefixDigitCounts.get(prefix);
        if (counts === undefined) continue;
        let countMax = 0;
        for (const count of counts) countMax = Math.max(countMax, count);
        let at = match.index + prefix.length;
        for (
          let gap = 0;
          gap < referenceGapCharsMax && referenceGapCharacters.has(text[at] ?? "");
          gap += 1
        ) {
          at += 1;
        }
        const start = at;
        let digits = "";
        // Digits may be grouped by one space or hyphen (FQ-000004-03, INV 000 123); a number
        // ends where a digit count of the index's numbers with this prefix meets a non-digit.
        while (at < text.length && digits.length < countMax) {
          const code = text.charCodeAt(at);
          if (isDigitCode(code)) {
            digits += text[at];
            at += 1;
            if (counts.has(digits.length) && !isDigitCode(text.charCodeAt(at))) {
              const found = index.itemsWithDocument(`${prefix}${digits}`);
              if (found.length > 0) {
                noteReferences(index, found, referenceBit, currency, references);
                taken.push(start, at);
              }
            }
          } else if (
            (code === 32 || code === 45) &&
            digits.length > 0 &&
            isDigitCode(text.charCodeAt(at + 1))
          ) {
            at += 1;
          } else break;
        }
      }
    }
    const bareCounts = index.prefixDigitCounts.get("");
    digitRunPattern.lastIndex = 0;
    for (let match = digitRunPattern.exec(text); match !== null; match = digitRunPattern.exec(text)) {
      const start = match.index;
      const run = match[0];
      let inside = false;
      for (let pair = 0; pair < taken.length && !inside; pair += 2) {
        inside = start >= (taken[pair] ?? 0) && start < (taken[pair + 1] ?? 0);
      }
      if (inside) continue;
      // 发票号码: 8 digits, or 20 for a 全电发票, standing alone.
      if (run.length === 8 || run.length === 20) {
        noteReferences(index, index.itemsWithTaxInvoice(run), taxInvoiceBit, currency, references);
      }
      if (bareCounts?.has(run.length)) {
        noteReferences(index, index.itemsWithDocument(run), referenceBit, currency, references);
      }
    }
    if (index.irregularDocuments) {
      tokenPattern.lastIndex = 0;
      for (let match = tokenPattern.exec(text); match !== null; match = tokenPattern.exec(text)) {
        noteReferences(
          index,
          index.itemsWithDocument(match[0].replace(/-/g, "")),
          referenceBit,
          currency,
          references,
        );
      }
    }
  }
  return references;
}

/**
 * Customers whose names are like the payer's, as pairs (customer number, similarity) in one
 * array. The same payer sends many lines: answers are kept per index, up to
 * `payerNameCacheMax` names.
 */
function customersByName(
  index: IndexState,
  counterpartyName: string,
  nameThreshold: number,
): ReadonlyArray<number> {
  if (index.nameCacheThreshold !== nameThreshold) {
    index.nameCache.clear();
    index.nameCacheThreshold = nameThreshold;
  }
  const known = index.nameCache.get(counterpartyName);
  if (known !== undefined) return known;
  const pairs = lookUpName(index, counterpartyName, nameThreshold);
  if (index.nameCache.size >= payerNameCacheMax) index.nameCache.clear();
  index.nameCache.set(counterpartyName, pairs);
  return pairs;
}

/** Pairs (customer number, similarity) of customers whose names are like `counterpartyName`. */
function lookUpName(index: IndexState, counterpartyName: string, nameThreshold: number): number[] {
  const pairs: number[] = [];
  const { core, region } = normalizeCompanyName(counterpartyName);
  if (core.length === 0) return pairs;
  const exact = bucketValues(index.byCore.get(core));
  if (exact.length > 0) {
    // Per customer: 1 when a name of it with this core has a region, 2 when one has the payer's.
    const customers: number[] = [];
    const flags: number[] = [];
    let someAgree = false;
    for (const id of exact) {
      const entry = index.names[id];
      if (entry === undefined) continue;
      const agrees = region !== null && entry.region === region;
      someAgree ||= agrees;
      const flag = (entry.region === null ? 0 : 1) | (agrees ? 2 : 0);
      const known = customers.indexOf(entry.customer);
      if (known < 0) {
        customers.push(entry.customer);
        flags.push(flag);
      } else flags[known] = (flags[known] ?? 0) | flag;
    }
    for (let at = 0; at < customers.length; at += 1) {
      const contradicts = someAgree && flags[at] === 1;
      pairs.push(customers[at] ?? 0, contradicts ? regionMismatchSimilarity : 1);
    }
    return pairs;
  }

  // Similar names: count shared bigrams through the postings, then score the best counts.
  const bigrams = bigramKeys(core);
  const counts = index.nameCounts;
  const touched: number[] = [];
  for (let at = 0; at < bigrams.length; at += 1) {
    const gram = bigrams[at] ?? 0;
    if (bigrams.indexOf(gram) < at) continue;
    const postings = index.bigramPostings.get(gram);
    if (postings === undefined || postings.length > bigramPostingsMax) continue;
    for (const id of postings) {
      if (counts[id] === 0) touched.push(id);
      counts[id] = (counts[id] ?? 0) + 1;
    }
  }
  // Dice ≥ t needs s shared bigrams with s ≥ t·n/(2 − t) for n bigrams here; containment needs
  // the shorter core's bigrams, at least containmentCharsMin − 1 = 3. Either bound lets a name in.
  const sharedMin = Math.max(
    1,
    Math.min(Math.ceil((nameThreshold * bigrams.length) / (2 - nameThreshold) - 1e-9), 3),
  );
  const candidates = touched.filter((id) => (counts[id] ?? 0) >= sharedMin);
  candidates.sort((a, b) => (counts[b] ?? 0) - (counts[a] ?? 0) || a - b);
  for (const id of touched) counts[id] = 0;
  const customers: number[] = [];
  const similarities: number[] = [];
  for (const id of candidates.slice(0, fuzzyNamesMax)) {
    const entry = index.names[id];
    if (entry === undefined) continue;
    const similarity = coreSimilarity(core, entry.core);
    if (similarity < nameThreshold) continue;
    const known = customers.indexOf(entry.customer);
    if (known < 0) {
      customers.push(entry.customer);
      similarities.push(similarity);
    } else if (similarity > (similarities[known] ?? 0)) similarities[known] = similarity;
  }
  // The most similar first, at most nameCustomersMax.
  const order = customers.map((_, at) => at);
  order.sort(
    (a, b) => (similarities[b] ?? 0) - (similarities[a] ?? 0) || (customers[a] ?? 0) - (customers[b] ?? 0),
  );
  for (const at of order.slice(0, nameCustomersMax)) pairs.push(customers[at] ?? 0, similarities[at] ?? 0);
  return pairs;
}

/** Confidence of the three amount proposals for one customer, by what points at it. */
interface IdentityScores {
  readonly exact: number;
  readonly combination: number;
  readonly oldest: number;
  readonly reasons: number;
}

function headOfficeScores(scores: IdentityScores): IdentityScores {
  return {
    exact: scores.exact - headOfficePenalty,
    combination: scores.combination - headOfficePenalty,
    oldest: scores.oldest - headOfficePenalty,
    reasons: scores.reasons,
  };
}

const accountAndNameScores: IdentityScores = {
  exact: 0.97,
  combination: 0.92,
  oldest: 0.45,
  reasons: reasonBit.ACCOUNT | reasonBit.NAME,
};
const accountScores: IdentityScores = {
  exact: 0.95,
  combination: 0.9,
  oldest: 0.4,
  reasons: reasonBit.ACCOUNT,
};
const nameScores: IdentityScores = { exact: 0.95, combination: 0.9, oldest: 0.4, reasons: reasonBit.NAME };
const headOfficeTable = new Map(
  [accountAndNameScores, accountScores, nameScores].map((scores) => [scores, headOfficeScores(scores)]),
);
const referencedCustomerScores: IdentityScores = {
  exact: 0.7,
  combination: 0.65,
  oldest: 0.35,
  reasons: referenceBit,
};

/** What points at a customer, apart from references: an account, a name (similarity, 1 = same). */
function identityScores(
  account: boolean,
  nameSimilarity: number,
  nameThreshold: number,
  viaHeadOffice: boolean,
): IdentityScores | null {
  const exactName = nameSimilarity === 1;
  let scores: IdentityScores | null = null;
  if (account && exactName) scores = accountAndNameScores;
  else if (account) scores = accountScores;
  else if (exactName) scores = nameScores;
  else if (nameSimilarity >= nameThreshold) {
    scores = {
      exact: 0.55 + 0.3 * nameSimilarity,
      combination: 0.5 + 0.3 * nameSimilarity,
      oldest: 0.3,
      reasons: reasonBit.NAME,
    };
  }
  if (scores === null || !viaHeadOffice) return scores;
  return headOfficeTable.get(scores) ?? headOfficeScores(scores);
}

// ---------------------------------------------------------------------------------------------
// Proposals.
// ---------------------------------------------------------------------------------------------

interface Draft {
  readonly customer: number;
  /** Item positions and amounts. */
  readonly positions: ReadonlyArray<number>;
  readonly amounts: ReadonlyArray<bigint>;
  readonly unappliedMinor: bigint;
  readonly confidence: number;
  /** Bits of `reasonBit`. */
  readonly reasons: number;
  /** Allocates to an item the line refers to. */
  readonly referenced: boolean;
}

function draftOf(
  customer: number,
  positions: ReadonlyArray<number>,
  amounts: ReadonlyArray<bigint>,
  unappliedMinor: bigint,
  confidence: number,
  reasons: number,
  referenced: boolean,
): Draft {
  return { customer, positions, amounts, unappliedMinor, confidence, reasons, referenced };
}

interface OpenItems {
  readonly positions: number[];
  /** Their open amounts as doubles, exact up to 2^53. */
  readonly amounts: number[];
}

/** Open items of the customer in `currency`, oldest first, at most `limit`. */
function openItems(index: IndexState, customer: CustomerState, currency: number, limit: number): OpenItems {
  const open = index.orderOpen;
  while (customer.firstOpen < customer.end && open[customer.firstOpen] === 0) customer.firstOpen += 1;
  const positions: number[] = [];
  const amounts: number[] = [];
  for (let at = customer.firstOpen; at < customer.end && positions.length < limit; at += 1) {
    const amount = open[at] ?? 0;
    if (amount > 0 && index.orderCurrency[at] === currency) {
      positions.push(index.customerItems[at] ?? 0);
      amounts.push(amount);
    }
  }
  return { positions, amounts };
}

interface Combination {
  readonly positions: ReadonlyArray<number>;
  /** Another combination with other amounts sums to the same total, or the search ran out of steps. */
  readonly ambiguous: boolean;
}

const noSlots: ReadonlyArray<number> = [];

/** State of one combination search (see `findCombination`). */
interface CombinationSearch {
  readonly amounts: ReadonlyArray<number>;
  readonly target: number;
  /** Slots (indexes in `amounts`) by amount, in order. */
  readonly slotsByAmount: Map<number, number[]>;
  readonly chosen: number[];
  steps: number;
  found: number[] | null;
  foundSignature: string;
  ambiguous: boolean;
}

function amountsSignature(amounts: ReadonlyArray<number>, slots: ReadonlyArray<number>): string {
  return slots
    .map((slot) => amounts[slot] ?? 0)
    .sort((a, b) => a - b)
    .join(",");
}

/** Chooses `remaining` more slots from `from` on, the last one by its amount. True: stop. */
function searchCombination(search: CombinationSearch, from: number, remaining: number, sum: number): boolean {
  search.steps += 1;
  if (search.steps > combinationStepsMax) return true;
  const { amounts } = search;
  if (remaining === 1) {
    let last = -1;
    for (const slot of search.slotsByAmount.get(search.target - sum) ?? noSlots) {
      if (slot >= from) {
        last = slot;
        break;
      }
    }
    if (last < 0) return false;
    const slots = [...search.chosen, last];
    if (search.found === null) {
      search.found = slots;
      search.foundSignature = amountsSignature(amounts, slots);
      return false;
    }
    if (amountsSignature(amounts, slots) !== search.foundSignature) {
      search.ambiguous = true;
      return true;
    }
    return false;
  }
  for (let slot = from; slot <= amounts.length - remaining; slot += 1) {
    const amount = amounts[slot] ?? 0;
    if (sum + amount >= search.target) continue;
    search.chosen.push(slot);
    const stop = searchCombination(search, slot + 1, remaining - 1, sum + amount);
    search.chosen.pop();
    if (stop) return true;
  }
  return false;
}

/**
 * The oldest combination of 2..`sizeMax` of `candidates` (oldest first) whose open amounts sum
 * exactly to `targetMinor`: fewest items first, then the oldest. The last item of each
 * combination is found through a map of amounts, so k items cost C(n, k − 1) partial sums; the
 * search stops after `combinationStepsMax` of them. Amounts are compared as doubles, exact for
 * every sum below a target of at most 2^53.
 */
function findCombination(candidates: OpenItems, targetMinor: bigint, sizeMax: number): Combination | null {
  const { amounts } = candidates;
  if (targetMinor > safeIntegerMaxMinor || amounts.length < 2 || sizeMax < 2) return null;
  const slotsByAmount = new Map<number, number[]>();
  for (let slot = 0; slot < amounts.length; slot += 1) {
    const amount = amounts[slot] ?? 0;
    const slots = slotsByAmount.get(amount);
    if (slots === undefined) slotsByAmount.set(amount, [slot]);
    else slots.push(slot);
  }
  const search: CombinationSearch = {
    amounts,
    target: Number(targetMinor),
    slotsByAmount,
    chosen: [],
    steps: 0,
    found: null,
    foundSignature: "",
    ambiguous: false,
  };
  for (let size = 2; size <= Math.min(sizeMax, amounts.length); size += 1) {
    searchCombination(search, 0, size, 0);
    if (search.found !== null || search.steps > combinationStepsMax) break;
  }
  const found = search.found;
  if (found === null) return null;
  return {
    positions: found.map((slot) => candidates.positions[slot] ?? 0),
    ambiguous: search.ambiguous || search.steps > combinationStepsMax,
  };
}

interface Allocation {
  readonly positions: number[];
  readonly amounts: bigint[];
  readonly unappliedMinor: bigint;
  /** The last item is left partly open. */
  readonly partial: boolean;
}

/** Allocates `amountMinor` over the items in their order, at most `allocationsMax`; the rest is unapplied. */
function allocateInOrder(index: IndexState, items: ReadonlyArray<number>, amountMinor: bigint): Allocation {
  const positions: number[] = [];
  const amounts: bigint[] = [];
  let rest = amountMinor;
  let partial = false;
  for (const position of items) {
    if (rest === 0n || positions.length >= allocationsMax) break;
    const open = index.openMinor[position] ?? 0n;
    const amount = rest < open ? rest : open;
    if (amount < open) partial = true;
    positions.push(position);
    amounts.push(amount);
    rest -= amount;
  }
  return { positions, amounts, unappliedMinor: rest, partial };
}

function openAmounts(index: IndexState, positions: ReadonlyArray<number>): bigint[] {
  return positions.map((position) => index.openMinor[position] ?? 0n);
}

/** How the line named these items: REFERENCE and/or TAX_INVOICE_NUMBER bits. */
function referenceBits(references: References, positions: ReadonlyArray<number>): number {
  let bits = 0;
  for (const position of positions) bits |= references.kinds[references.positions.indexOf(position)] ?? 0;
  return bits;
}

/**
 * The proposal for a customer's referenced items, and whether it settles the line exactly.
 * `agreeing`: what else points at this customer (account, name), which its reasons then name.
 */
function referenceDraft(
  index: IndexState,
  customer: number,
  referenced: ReadonlyArray<number>,
  references: References,
  line: BankLineToMatch,
  currency: number,
  options: MatchOptions,
  agreeing: IdentityScores | undefined,
): { draft: Draft; exact: boolean } {
  const amount = line.amountMinor;
  const named = referenceBits(references, referenced) | (agreeing?.reasons ?? 0);
  let total = 0n;
  for (const position of referenced) total += index.openMinor[position] ?? 0n;
  if (total === amount) {
    const kind = referenced.length === 1 ? reasonBit.AMOUNT_EXACT : reasonBit.AMOUNT_COMBINATION;
    const draft = draftOf(customer, referenced, openAmounts(index, referenced), 0n, 0.99, named | kind, true);
    return { draft, exact: true };
  }
  const single = referenced.find((position) => index.openMinor[position] === amount);
  if (single !== undefined) {
    const reasons = referenceBits(references, [single]) | (agreeing?.reasons ?? 0) | reasonBit.AMOUNT_EXACT;
    return { draft: draftOf(customer, [single], [amount], 0n, 0.9, reasons, true), exact: true };
  }
  const bonus = agreeing === undefined ? 0 : agreeingIdentityBonus;
  if (amount < total) {
    const { positions, amounts, unappliedMinor } = allocateInOrder(index, referenced, amount);
    const reasons = named | reasonBit.AMOUNT_PARTIAL;
    return {
      draft: draftOf(customer, positions, amounts, unappliedMinor, 0.75 + bonus, reasons, true),
      exact: false,
    };
  }
  // More than the referenced items: perhaps they and some older items, exactly.
  const rest = amount - total;
  const state = index.customers[customer];
  const others: OpenItems = { positions: [], amounts: [] };
  if (state !== undefined) {
    const open = openItems(index, state, currency, combinationCandidatesMax + referenced.length);
    for (
      let at = 0;
      at < open.positions.length && others.positions.length < combinationCandidatesMax;
      at += 1
    ) {
      const position = open.positions[at] ?? 0;
      if (referenced.includes(position)) continue;
      others.positions.push(position);
      others.amounts.push(open.amounts[at] ?? 0);
    }
  }
  const one = others.positions.find((position) => index.openMinor[position] === rest);
  const room = Math.max(options.combinationItemsMax, 2) - referenced.length;
  const fill = one !== undefined ? [one] : (findCombination(others, rest, room)?.positions ?? null);
  if (fill !== null && fill.length <= room) {
    const positions = [...referenced, ...fill].sort((a, b) => index.compareItems(a, b));
    const reasons = named | reasonBit.AMOUNT_COMBINATION;
    return {
      draft: draftOf(customer, positions, openAmounts(index, positions), 0n, 0.85, reasons, true),
      exact: false,
    };
  }
  const draft = draftOf(customer, referenced, openAmounts(index, referenced), rest, 0.7 + bonus, named, true);
  return { draft, exact: false };
}

/** Exact item, else exact combination, else oldest first, for one customer. */
function amountDraft(
  index: IndexState,
  customer: number,
  scores: IdentityScores,
  line: BankLineToMatch,
  currency: number,
  options: MatchOptions,
): Draft {
  const amount = line.amountMinor;
  // Of several items with the amount, the oldest (art. 560).
  const oldest = index.oldestWithAmount(customer, currency, amount);
  if (oldest >= 0) {
    return draftOf(
      customer,
      [oldest],
      [amount],
      0n,
      scores.exact,
      scores.reasons | reasonBit.AMOUNT_EXACT,
      false,
    );
  }
  const state = index.customers[customer];
  let open: OpenItems =
    state === undefined
      ? { positions: [], amounts: [] }
      : openItems(index, state, currency, combinationCandidatesMax);
  const combination = findCombination(open, amount, options.combinationItemsMax);
  if (combination !== null) {
    const confidence = scores.combination - (combination.ambiguous ? ambiguousCombinationPenalty : 0);
    const reasons = scores.reasons | reasonBit.AMOUNT_COMBINATION;
    return draftOf(
      customer,
      combination.positions,
      openAmounts(index, combination.positions),
      0n,
      confidence,
      reasons,
      false,
    );
  }
  // Nothing open: all of it is unapplied, a prepayment of this customer (预收).
  if (open.positions.length === 0)
    return draftOf(customer, [], [], amount, scores.oldest, scores.reasons, false);
  // Whether the oldest items leave money over, from their amounts as doubles: only a choice of
  // how many items to read, the allocation itself is exact.
  let openTotal = 0;
  for (const value of open.amounts) openTotal += value;
  if (
    state !== undefined &&
    openTotal < Number(amount) &&
    open.positions.length === combinationCandidatesMax
  ) {
    open = openItems(index, state, currency, allocationsMax);
  }
  const { positions, amounts, unappliedMinor, partial } = allocateInOrder(index, open.positions, amount);
  const reasons = scores.reasons | reasonBit.OLDEST_OPEN | (partial ? reasonBit.AMOUNT_PARTIAL : 0);
  return draftOf(customer, positions, amounts, unappliedMinor, scores.oldest, reasons, false);
}

function roundConfidence(value: number): number {
  return Math.min(1, Math.max(0, Math.round(value * 1000) / 1000));
}

/** Reason lists in the order of `matchReasons`, one shared frozen array per combination. */
const reasonLists = new Map<number, ReadonlyArray<MatchReason>>();

function reasonList(bits: number): ReadonlyArray<MatchReason> {
  let list = reasonLists.get(bits);
  if (list === undefined) {
    list = Object.freeze(matchReasons.filter((reason) => (bits & reasonBit[reason]) !== 0));
    reasonLists.set(bits, list);
  }
  return list;
}

/** A draft as ranked: its confidence after the reference cap, and the reasons of its equals. */
interface Ranked {
  readonly draft: Draft;
  readonly confidence: number;
  reasons: number;
}

function sameAllocation(a: Draft, b: Draft): boolean {
  if (a.customer !== b.customer || a.unappliedMinor !== b.unappliedMinor) return false;
  if (a.positions.length !== b.positions.length) return false;
  return a.positions.every((position, at) => position === b.positions[at] && a.amounts[at] === b.amounts[at]);
}

function compareRanked(index: IndexState, a: Ranked, b: Ranked): number {
  if (a.confidence !== b.confidence) return b.confidence - a.confidence;
  if (a.draft.unappliedMinor !== b.draft.unappliedMinor) {
    return a.draft.unappliedMinor < b.draft.unappliedMinor ? -1 : 1;
  }
  const x = index.customers[a.draft.customer]?.customerId ?? "";
  const y = index.customers[b.draft.customer]?.customerId ?? "";
  if (x !== y) return x < y ? -1 : 1;
  const first = index.items[a.draft.positions[0] ?? -1]?.itemId ?? "";
  const second = index.items[b.draft.positions[0] ?? -1]?.itemId ?? "";
  return first < second ? -1 : first > second ? 1 : 0;
}

function proposalOf(index: IndexState, ranked: Ranked): MatchProposal {
  const { draft } = ranked;
  return {
    customerId: index.customers[draft.customer]?.customerId ?? "",
    allocations: draft.positions.map((position, at) => ({
      itemId: index.items[position]?.itemId ?? "",
      amountMinor: draft.amounts[at] ?? 0n,
    })),
    unappliedMinor: draft.unappliedMinor,
    confidence: ranked.confidence,
    reasons: reasonList(ranked.reasons),
  };
}

function resolveOptions(options: Partial<MatchOptions> | undefined): MatchOptions {
  const resolved: MatchOptions = { ...defaultMatchOptions, ...options };
  const issues: FieldIssue[] = [];
  const isShare = (value: number) => typeof value === "number" && value >= 0 && value <= 1;
  if (!isShare(resolved.autoThreshold)) {
    issues.push({ path: "autoThreshold", code: "OUT_OF_RANGE", message: "from 0 to 1" });
  }
  if (!isShare(resolved.nameThreshold) || resolved.nameThreshold === 0) {
    issues.push({ path: "nameThreshold", code: "OUT_OF_RANGE", message: "more than 0, at most 1" });
  }
  if (
    !Number.isInteger(resolved.combinationItemsMax) ||
    resolved.combinationItemsMax < 1 ||
    resolved.combinationItemsMax > combinationItemsLimit
  ) {
    issues.push({
      path: "combinationItemsMax",
      code: "OUT_OF_RANGE",
      message: `an integer from 1 to ${combinationItemsLimit}`,
    });
  }
  if (issues.length > 0) throw invalid(issues);
  return resolved;
}

/** Evidence of the customers a line may come from, in parallel arrays (see the section comment). */
interface Candidates {
  readonly customers: number[];
  readonly scores: IdentityScores[];
}

function offer(candidates: Candidates, customer: number, scores: IdentityScores | null): void {
  if (scores === null) return;
  const known = candidates.customers.indexOf(customer);
  if (known < 0) {
    candidates.customers.push(customer);
    candidates.scores.push(scores);
  } else if (scores.exact > (candidates.scores[known]?.exact ?? 0)) candidates.scores[known] = scores;
}

interface LineResult {
  readonly match: LineMatch;
  /** Positions and amounts of the best proposal, for consuming it. */
  readonly best: Draft | null;
}

const noTexts: ReadonlyArray<string> = [];
const noReferences: References = { positions: [], kinds: [] };

function matchLine(index: IndexState, line: BankLineToMatch, options: MatchOptions): LineResult {
  if (typeof line.amountMinor !== "bigint" || line.amountMinor <= 0n) {
    throw invalid([{ path: "amountMinor", code: "NOT_POSITIVE", message: "money received, more than 0" }]);
  }
  const currency = index.currencyNumbers.get(line.currency);
  if (currency === undefined) {
    return { match: { lineId: line.lineId, proposals: [], automatic: false }, best: null };
  }

  const texts =
    line.remittance === null
      ? line.endToEndId === null
        ? noTexts
        : [line.endToEndId]
      : line.endToEndId === null
        ? [line.remittance]
        : [line.remittance, line.endToEndId];
  const references = texts.length === 0 ? noReferences : findReferences(index, texts, currency);
  const referenced = references.positions.length > 0;

  // Who the payer is, by account and name: customer, account seen, name similarity.
  const payers: number[] = [];
  const payerAccounts: boolean[] = [];
  const payerSimilarities: number[] = [];
  if (line.counterpartyAccount !== null) {
    const digits = digitsOnly(line.counterpartyAccount);
    if (digits.length >= accountDigitsMin) {
      for (const customer of bucketValues(index.byAccount.get(digits))) {
        payers.push(customer);
        payerAccounts.push(true);
        payerSimilarities.push(0);
      }
    }
  }
  if (line.counterpartyName !== null) {
    const pairs = customersByName(index, line.counterpartyName, options.nameThreshold);
    for (let at = 0; at < pairs.length; at += 2) {
      const customer = pairs[at] ?? 0;
      const known = payers.indexOf(customer);
      if (known >= 0) payerSimilarities[known] = pairs[at + 1] ?? 0;
      else {
        payers.push(customer);
        payerAccounts.push(false);
        payerSimilarities.push(pairs[at + 1] ?? 0);
      }
    }
  }

  // Scores per customer: its own evidence, or a head office's that pays for it, the better.
  const candidates: Candidates = { customers: [], scores: [] };
  for (let at = 0; at < payers.length; at += 1) {
    const customer = payers[at] ?? 0;
    const account = payerAccounts[at] ?? false;
    const similarity = payerSimilarities[at] ?? 0;
    offer(candidates, customer, identityScores(account, similarity, options.nameThreshold, false));
    const payerFor = index.customers[customer]?.payerFor ?? [];
    const subsidiaries = Math.min(payerFor.length, payerForCustomersMax - 1);
    for (let next = 0; next < subsidiaries; next += 1) {
      offer(
        candidates,
        payerFor[next] ?? 0,
        identityScores(account, similarity, options.nameThreshold, true),
      );
    }
  }

  const drafts: Draft[] = [];
  const settled: number[] = [];
  if (referenced) {
    // The referenced items by customer, each group oldest first.
    const byCustomer = [...references.positions].sort(
      (a, b) => index.customerOf(a) - index.customerOf(b) || index.compareItems(a, b),
    );
    for (let start = 0; start < byCustomer.length; ) {
      const customer = index.customerOf(byCustomer[start] ?? 0);
      let end = start + 1;
      while (end < byCustomer.length && index.customerOf(byCustomer[end] ?? 0) === customer) end += 1;
      const known = candidates.customers.indexOf(customer);
      const agreeing = known < 0 ? undefined : candidates.scores[known];
      const group = byCustomer.slice(start, end);
      const { draft, exact } = referenceDraft(
        index,
        customer,
        group,
        references,
        line,
        currency,
        options,
        agreeing,
      );
      drafts.push(draft);
      if (exact) settled.push(customer);
      else offer(candidates, customer, referencedCustomerScores);
      start = end;
    }
  }

  const order: number[] = [];
  for (let at = 0; at < candidates.customers.length; at += 1) {
    if (!settled.includes(candidates.customers[at] ?? 0)) order.push(at);
  }
  order.sort(
    (a, b) =>
      (candidates.scores[b]?.exact ?? 0) - (candidates.scores[a]?.exact ?? 0) ||
      (candidates.customers[a] ?? 0) - (candidates.customers[b] ?? 0),
  );
  for (const at of order.slice(0, lineCustomersMax)) {
    const scores = candidates.scores[at];
    if (scores === undefined) continue;
    drafts.push(amountDraft(index, candidates.customers[at] ?? 0, scores, line, currency, options));
  }
  if (order.length === 0 && !referenced) {
    // No customer at all: an amount that only one open item has is a weak hint.
    const only = index.onlyWithAmount(currency, line.amountMinor);
    if (only >= 0) {
      drafts.push(
        draftOf(index.customerOf(only), [only], [line.amountMinor], 0n, 0.45, reasonBit.AMOUNT_EXACT, false),
      );
    }
  }

  // One proposal per distinct allocation, with the best confidence and all reasons.
  const ranking: Ranked[] = [];
  for (const draft of drafts) {
    const capped = referenced && !draft.referenced;
    const confidence = roundConfidence(
      capped ? Math.min(draft.confidence, unreferencedConfidenceMax) : draft.confidence,
    );
    const known = ranking.findIndex((entry) => sameAllocation(entry.draft, draft));
    const equal = ranking[known];
    if (equal === undefined) ranking.push({ draft, confidence, reasons: draft.reasons });
    else if (equal.confidence >= confidence) equal.reasons |= draft.reasons;
    else ranking[known] = { draft, confidence, reasons: equal.reasons | draft.reasons };
  }
  ranking.sort((a, b) => compareRanked(index, a, b));
  const proposals = ranking.slice(0, matchSuggestionsMax).map((entry) => proposalOf(index, entry));
  const best = proposals[0];
  const runnerUp = proposals[1];
  const automatic =
    best !== undefined &&
    best.allocations.length > 0 &&
    best.confidence >= options.autoThreshold &&
    (runnerUp === undefined ||
      Math.round((best.confidence - runnerUp.confidence) * 1000) >= Math.round(autoMarginMin * 1000));
  return { match: { lineId: line.lineId, proposals, automatic }, best: ranking[0]?.draft ?? null };
}

/**
 * Proposals for one line against the index as it is; consumes nothing. `automatic` when the
 * best proposal allocates something, has at least `autoThreshold` and leads the next proposal
 * by `autoMarginMin`. A line in a currency of which the index has no open item gets no
 * proposals. Throws VALIDATION_FAILED for an amount not more than 0 or options out of range.
 */
export function matchBankLine(
  index: MatchIndex,
  line: BankLineToMatch,
  options?: Partial<MatchOptions>,
): LineMatch {
  return matchLine(indexState(index), line, resolveOptions(options)).match;
}

/**
 * Matches the lines in order, consuming from the index the allocations of each automatic
 * match, so that later lines are offered only what is still open and two lines never apply
 * the same money. Suggestions that are not automatic consume nothing.
 */
export function matchBankLines(
  index: MatchIndex,
  lines: Iterable<BankLineToMatch>,
  options?: Partial<MatchOptions>,
): LineMatch[] {
  const state = indexState(index);
  const resolved = resolveOptions(options);
  const results: LineMatch[] = [];
  for (const line of lines) {
    if (results.length >= matchLinesMax) {
      throw invalid([{ path: "lines", code: "TOO_MANY", message: `at most ${matchLinesMax} lines` }]);
    }
    const { match, best } = matchLine(state, line, resolved);
    if (match.automatic && best !== null) {
      for (let at = 0; at < best.positions.length; at += 1) {
        state.take(best.positions[at] ?? 0, best.amounts[at] ?? 0n);
      }
    }
    results.push(match);
  }
  return results;
}
