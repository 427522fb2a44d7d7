import { decimalIn, isAmountIn, isIntegerIn } from "../../core/checks.ts";
import { compareDates, daysBetween, parseBusinessDate } from "../../core/dates.ts";
import {
  compare,
  type Decimal,
  decimal,
  divide,
  multiply,
  ONE,
  parseDecimal,
  roundToInteger,
  subtract,
  ZERO,
} from "../../core/decimal.ts";
import { AppError, assert, type FieldIssue, isAppError } from "../../core/errors.ts";
import { allocate } from "../../core/money.ts";
import type { RoundingMode } from "../../core/rounding.ts";
import { type DiscountWindow, discountRateMax } from "../receivables/index.ts";

export type { DiscountWindow } from "../receivables/index.ts";

/**
 * Applying a receipt to open items (核销): how much cash each item takes, what cash discount
 * (现金折扣) it earns and what small shortfall is written off. Pure arithmetic: the caller brings
 * the open items as they stand, the payment's value date and the organization's settings.
 */

/** One open item of the customer, as the store holds it. */
export interface AllocatableItem {
  readonly itemId: string;
  readonly dueDate: string;
  readonly documentDate: string;
  /** What is still owed, above 0. */
  readonly openMinor: bigint;
  /** The item's amount when it was opened, at least `openMinor`. */
  readonly originalMinor: bigint;
  readonly discountWindows: ReadonlyArray<DiscountWindow>;
  /** In dispute (争议): automatic methods leave it alone; a person may still choose it. */
  readonly disputed: boolean;
}

/**
 * "chosen": the items a person picked, in that order, each taking at most `amountMinor` of cash
 * (null: as much as it needs). "oldest_first": undisputed items by due date, then document date,
 * then id. "proportional": the cash spread over the undisputed items in proportion to what each
 * needs to be settled.
 *
 * The name repeats core's `AllocationMethod` (the rounding rule of `allocate`); import this one
 * through the payments module and the two never meet.
 */
export type AllocationMethod =
  | {
      readonly kind: "chosen";
      readonly items: ReadonlyArray<{ readonly itemId: string; readonly amountMinor: bigint | null }>;
    }
  | { readonly kind: "oldest_first" }
  | { readonly kind: "proportional" };

/** A shortfall is written off when it is at most `amountMinor` and at most `share` of the item's original amount. */
export interface WriteOffTolerance {
  readonly amountMinor: bigint;
  readonly share: string;
}

export interface AllocationLine {
  readonly itemId: string;
  /** Cash applied to the item. */
  readonly appliedMinor: bigint;
  readonly discountMinor: bigint;
  readonly writeOffMinor: bigint;
}

export interface AllocationResult {
  /** The items the payment touched, in the order it reached them. */
  readonly lines: ReadonlyArray<AllocationLine>;
  /** Cash left over (an overpayment, or nothing open to take it), kept on account (预收). */
  readonly unappliedMinor: bigint;
  readonly appliedMinor: bigint;
  readonly discountMinor: bigint;
  readonly writeOffMinor: bigint;
}

export interface AllocationInput {
  /** Cash to apply, 0 or more. */
  readonly amountMinor: bigint;
  /** The payment's value date: the day discount windows are judged on. */
  readonly date: string;
  readonly items: ReadonlyArray<AllocatableItem>;
  readonly method: AllocationMethod;
  /** Give the cash discounts the item's windows offer on `date`. */
  readonly takeDiscounts: boolean;
  /** Write off small shortfalls, or null for never. */
  readonly tolerance: WriteOffTolerance | null;
  readonly rounding: RoundingMode;
}

/**
 * Most items one allocation considers; the open items of one payer, far beyond a real
 * customer's. It bounds the proportional split and the chosen list.
 */
export const allocatableItemsMax = 10_000;
/** Largest amount an allocation handles: 10^17 minor units, like the largest statement item. */
export const allocationAmountMinorMax = 10n ** 17n;

function validationFailed(issues: ReadonlyArray<FieldIssue>): AppError {
  return new AppError("VALIDATION_FAILED", {
    detail: issues.map((issue) => `${issue.path}: ${issue.message}`).join("; "),
    issues,
  });
}

function isBusinessDate(text: unknown): text is string {
  if (typeof text !== "string") return false;
  try {
    parseBusinessDate(text);
    return true;
  } catch (error) {
    if (!isAppError(error)) throw error;
    return false;
  }
}

function discountRateIn(text: unknown): Decimal | null {
  const rate = decimalIn(text, ZERO, parseDecimal(discountRateMax));
  return rate === null || compare(rate, ZERO) === 0 ? null : rate;
}

/**
 * The best discount rate of `windows` still open on `date` (its `until` is on or after it), or
 * null when none is. Several windows may be open at once (2/10 and 1/20 on day 5): the payer
 * earns the best of them.
 */
export function discountRateOn(windows: ReadonlyArray<DiscountWindow>, date: string): Decimal | null {
  const on = parseBusinessDate(date);
  let best: Decimal | null = null;
  for (const offer of windows) {
    const rate = discountRateIn(offer.rate);
    assert(
      rate !== null,
      `discount rate ${String(offer.rate)} is not above 0 and at most ${discountRateMax}`,
    );
    if (compareDates(parseBusinessDate(offer.until), on) < 0) continue;
    if (best === null || compare(rate, best) > 0) best = rate;
  }
  return best;
}

/**
 * The cash that settles `openMinor` in full at discount `rate`: open − round(open × rate). The
 * discount is kept below the whole amount (at most open − 1), so an item is never settled
 * without cash (1 分 at 50 % rounding up would otherwise be free).
 */
export function cashToSettle(openMinor: bigint, rate: Decimal | null, rounding: RoundingMode): bigint {
  if (rate === null) return openMinor;
  let discount = roundToInteger(multiply(decimal(openMinor), rate), rounding);
  if (discount > openMinor - 1n) discount = openMinor - 1n;
  return openMinor - discount;
}

interface Applied {
  readonly appliedMinor: bigint;
  readonly discountMinor: bigint;
}

/**
 * What `cashMinor` does to an item. Enough cash to settle it: that cash, and the rest of the
 * item is discount. Less: all of the cash, and with a discount rate the discount that cash earns
 * pro rata, cash × rate ÷ (1 − rate) (cash is the (1 − rate) part of what it settles: 49,000
 * at 2 % settles 50,000). A partial payment never settles the item: settling in full needs the
 * full settlement cash, and what is left is for a later payment or the write-off tolerance.
 * Rounding both discounts with one mode already keeps the partial one short of the item (the
 * exact shortfall, (D + 1 − open × rate) ÷ (1 − rate), is more than the rounding can take); the
 * cap below holds the rule should that arithmetic ever change.
 */
function applyCash(
  openMinor: bigint,
  cashMinor: bigint,
  rate: Decimal | null,
  rounding: RoundingMode,
): Applied {
  if (cashMinor <= 0n) return { appliedMinor: 0n, discountMinor: 0n };
  const settleMinor = cashToSettle(openMinor, rate, rounding);
  if (cashMinor >= settleMinor) return { appliedMinor: settleMinor, discountMinor: openMinor - settleMinor };
  if (rate === null) return { appliedMinor: cashMinor, discountMinor: 0n };
  let discountMinor = roundToInteger(
    multiply(decimal(cashMinor), divide(rate, subtract(ONE, rate))),
    rounding,
  );
  const discountMost = openMinor - cashMinor - 1n;
  if (discountMinor > discountMost) discountMinor = discountMost;
  if (discountMinor < 0n) discountMinor = 0n;
  return { appliedMinor: cashMinor, discountMinor };
}

function assertItems(items: ReadonlyArray<AllocatableItem>): void {
  // Open items come from the store, not from a person: a malformed one is a bug.
  assert(items.length <= allocatableItemsMax, `at most ${allocatableItemsMax} items per allocation`);
  const seen = new Set<string>();
  for (const item of items) {
    assert(typeof item.itemId === "string" && !seen.has(item.itemId), "item ids are unique");
    seen.add(item.itemId);
    assert(
      isAmountIn(item.openMinor, 1n, allocationAmountMinorMax),
      "an allocatable item has something open",
    );
    assert(
      isAmountIn(item.originalMinor, item.openMinor, allocationAmountMinorMax),
      "an item's original amount is at least what is open",
    );
    parseBusinessDate(item.dueDate);
    parseBusinessDate(item.documentDate);
    for (const offer of item.discountWindows) parseBusinessDate(offer.until);
  }
}

/** Oldest first: due date, then document date, then id, so that the order never depends on input order. */
function oldestFirst(a: AllocatableItem, b: AllocatableItem): number {
  if (a.dueDate !== b.dueDate) return a.dueDate < b.dueDate ? -1 : 1;
  if (a.documentDate !== b.documentDate) return a.documentDate < b.documentDate ? -1 : 1;
  return a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : 0;
}

function checkInput(input: AllocationInput): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (!isAmountIn(input.amountMinor, 0n, allocationAmountMinorMax)) {
    issues.push({ path: "amountMinor", code: "OUT_OF_RANGE", message: "an amount of 0 or more" });
  }
  if (!isBusinessDate(input.date)) {
    issues.push({ path: "date", code: "INVALID_DATE", message: "a date (YYYY-MM-DD)" });
  }
  if (input.tolerance !== null) {
    if (!isAmountIn(input.tolerance.amountMinor, 0n, allocationAmountMinorMax)) {
      issues.push({ path: "tolerance.amountMinor", code: "OUT_OF_RANGE", message: "an amount of 0 or more" });
    }
    if (decimalIn(input.tolerance.share, ZERO, ONE) === null) {
      issues.push({ path: "tolerance.share", code: "INVALID_SHARE", message: "a share from 0 to 1" });
    }
  }
  return issues;
}

interface Plan {
  readonly item: AllocatableItem;
  readonly cashMinor: bigint;
}

/** The chosen items with the most cash each may take, or the issues of the choice ("items.2.amountMinor"). */
function chosenPlan(
  chosen: Extract<AllocationMethod, { kind: "chosen" }>,
  byId: ReadonlyMap<string, AllocatableItem>,
): { readonly caps: ReadonlyArray<Plan>; readonly issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const caps: Plan[] = [];
  if (!Array.isArray(chosen.items) || chosen.items.length > allocatableItemsMax) {
    return {
      caps,
      issues: [{ path: "items", code: "TOO_MANY", message: `at most ${allocatableItemsMax} items` }],
    };
  }
  const seen = new Set<string>();
  for (const [index, entry] of chosen.items.entries()) {
    const item = byId.get(entry.itemId);
    if (item === undefined) {
      issues.push({
        path: `items.${index}.itemId`,
        code: "NOT_FOUND",
        message: "not an open item of this payment",
      });
      continue;
    }
    if (seen.has(entry.itemId)) {
      issues.push({ path: `items.${index}.itemId`, code: "DUPLICATE", message: "an item is chosen once" });
      continue;
    }
    seen.add(entry.itemId);
    if (entry.amountMinor !== null && !isAmountIn(entry.amountMinor, 0n, item.openMinor)) {
      issues.push({
        path: `items.${index}.amountMinor`,
        code: "OUT_OF_RANGE",
        message: "from 0 to the item's open amount",
      });
      continue;
    }
    caps.push({ item, cashMinor: entry.amountMinor ?? item.openMinor });
  }
  return { caps, issues };
}

/**
 * Applies `amountMinor` of cash on `date` to open items.
 *
 * - chosen: the given order; `amountMinor` caps the cash an item takes (VALIDATION_FAILED at
 *   `items.N.amountMinor` above the item's open amount; an unknown or repeated item at
 *   `items.N.itemId`). Disputed items may be chosen. A cap above the item's settlement cash
 *   (with a discount) leaves the difference for the next item.
 * - oldest_first: undisputed items by due date, then document date, then id, each settled in
 *   full before the next is touched.
 * - proportional: undisputed items (in oldest-first order, which breaks rounding ties) share the
 *   cash in proportion to each one's settlement cash, largest remainder; with enough cash every
 *   item is settled.
 * - Discounts (现金折扣, e.g. 2/10 net 30), only with `takeDiscounts`: the best rate among the
 *   item's windows with `until` ≥ `date`. Settling in full needs open − round(open × rate) of
 *   cash, and the rest is discount; less cash earns round(cash × rate ÷ (1 − rate)), never
 *   settling the item (see `applyCash`).
 * - Write-off of a shortfall, only when all the cash is used and `tolerance` is given: each
 *   touched item whose remainder (open − applied − discount) is above 0 and at most
 *   min(tolerance.amountMinor, round(original × tolerance.share)) has its remainder written off.
 *   A payer who short-pays by a bank charge has meant to settle; one who has cash left has not
 *   run short.
 * - Cash that no item takes is unapplied (an overpayment stays on account).
 *
 * For every line applied + discount + write-off ≤ the item's open amount and all are ≥ 0;
 * Σ applied + unapplied = amountMinor; lines are only for items the cash reached.
 */
export function allocatePayment(input: AllocationInput): AllocationResult {
  const issues = checkInput(input);
  if (issues.length > 0) throw validationFailed(issues);
  assertItems(input.items);
  const byId = new Map(input.items.map((item) => [item.itemId, item]));
  const rateOf = (item: AllocatableItem): Decimal | null =>
    input.takeDiscounts ? discountRateOn(item.discountWindows, input.date) : null;

  let plan: ReadonlyArray<Plan>;
  const method = input.method;
  switch (method.kind) {
    case "chosen": {
      const chosen = chosenPlan(method, byId);
      if (chosen.issues.length > 0) throw validationFailed(chosen.issues);
      plan = chosen.caps;
      break;
    }
    case "oldest_first":
      plan = input.items
        .filter((item) => !item.disputed)
        .sort(oldestFirst)
        .map((item) => ({ item, cashMinor: item.openMinor }));
      break;
    case "proportional": {
      const eligible = input.items.filter((item) => !item.disputed).sort(oldestFirst);
      const needs = eligible.map((item) => cashToSettle(item.openMinor, rateOf(item), input.rounding));
      const needed = needs.reduce((total, need) => total + need, 0n);
      const shares =
        eligible.length === 0 || input.amountMinor >= needed ? needs : allocate(input.amountMinor, needs);
      plan = eligible.map((item, index) => ({ item, cashMinor: shares[index] ?? 0n }));
      break;
    }
    default:
      return unknownMethod(method);
  }

  let cashMinor = input.amountMinor;
  const touched: Array<{ readonly item: AllocatableItem; readonly applied: Applied }> = [];
  for (const step of plan) {
    const offered = step.cashMinor < cashMinor ? step.cashMinor : cashMinor;
    const applied = applyCash(step.item.openMinor, offered, rateOf(step.item), input.rounding);
    if (applied.appliedMinor === 0n && applied.discountMinor === 0n) continue;
    cashMinor -= applied.appliedMinor;
    touched.push({ item: step.item, applied });
  }

  const tolerance = input.tolerance;
  const toleranceShare = tolerance === null ? null : parseDecimal(tolerance.share);
  const lines: AllocationLine[] = touched.map(({ item, applied }) => {
    let writeOffMinor = 0n;
    if (tolerance !== null && toleranceShare !== null && cashMinor === 0n) {
      const remainingMinor = item.openMinor - applied.appliedMinor - applied.discountMinor;
      const shareMinor = roundToInteger(
        multiply(decimal(item.originalMinor), toleranceShare),
        input.rounding,
      );
      const limitMinor = shareMinor < tolerance.amountMinor ? shareMinor : tolerance.amountMinor;
      if (remainingMinor > 0n && remainingMinor <= limitMinor) writeOffMinor = remainingMinor;
    }
    return { itemId: item.itemId, ...applied, writeOffMinor };
  });

  let appliedMinor = 0n;
  let discountMinor = 0n;
  let writeOffMinor = 0n;
  for (const line of lines) {
    const open = byId.get(line.itemId)?.openMinor ?? 0n;
    assert(
      line.appliedMinor >= 0n && line.discountMinor >= 0n && line.writeOffMinor >= 0n,
      "no negative parts",
    );
    assert(
      line.appliedMinor + line.discountMinor + line.writeOffMinor <= open,
      "a line settles at most what is open",
    );
    appliedMinor += line.appliedMinor;
    discountMinor += line.discountMinor;
    writeOffMinor += line.writeOffMinor;
  }
  assert(appliedMinor + cashMinor === input.amountMinor, "applied and unapplied cash make the payment");
  return { lines, unappliedMinor: cashMinor, appliedMinor, discountMinor, writeOffMinor };
}

function unknownMethod(method: never): never {
  throw new AppError("VALIDATION_FAILED", {
    detail: "method: chosen, oldest_first or proportional",
    issues: [
      { path: "method.kind", code: "INVALID_CHOICE", message: "chosen, oldest_first or proportional" },
    ],
    params: { kind: String((method as { kind?: unknown })?.kind) },
  });
}

// ---------------------------------------------------------------------------------------------
// Open amounts on a date
// ---------------------------------------------------------------------------------------------

/** One allocation to one item. A reversal does not delete it: it is dated `reversedOn`. */
export interface AllocationRecord {
  readonly itemId: string;
  readonly date: string;
  readonly appliedMinor: bigint;
  readonly discountMinor: bigint;
  readonly writeOffMinor: bigint;
  /** The day the allocation was reversed, on or after its date; null while it stands. */
  readonly reversedOn: string | null;
}

/**
 * What was open of one item at the end of `asOf`: the original amount less every allocation
 * dated on or before `asOf` that had not been reversed by then (a reversal on `asOf` itself
 * counts, since the day's close sees it). `records` are the allocations of that one item.
 */
export function openAmountAt(
  originalMinor: bigint,
  records: ReadonlyArray<AllocationRecord>,
  asOf: string,
): bigint {
  const on = parseBusinessDate(asOf);
  const itemId = records[0]?.itemId;
  let openMinor = originalMinor;
  for (const record of records) {
    assert(record.itemId === itemId, "openAmountAt takes the records of one item");
    assert(
      record.appliedMinor >= 0n && record.discountMinor >= 0n && record.writeOffMinor >= 0n,
      "allocation parts are not negative",
    );
    const date = parseBusinessDate(record.date);
    if (compareDates(date, on) > 0) continue;
    if (record.reversedOn !== null) {
      const reversed = parseBusinessDate(record.reversedOn);
      assert(compareDates(reversed, date) >= 0, "an allocation is reversed on or after its date");
      if (compareDates(reversed, on) <= 0) continue;
    }
    openMinor -= record.appliedMinor + record.discountMinor + record.writeOffMinor;
  }
  return openMinor;
}

// ---------------------------------------------------------------------------------------------
// Aging (账龄)
// ---------------------------------------------------------------------------------------------

export interface AgingBucket {
  /** "not_due", "1_30", "31_60", …, "over_365": derived from the edges. */
  readonly key: string;
  /** Fewest days past due in the bucket; null for not_due. */
  readonly fromDays: number | null;
  /** Most days past due in the bucket (0 for not_due); null for the last bucket. */
  readonly toDays: number | null;
  readonly amountMinor: bigint;
  readonly count: number;
}

export interface Aging {
  readonly buckets: AgingBucket[];
  /** Everything open, credits included. */
  readonly totalMinor: bigint;
  /** The amounts of every bucket past due. */
  readonly overdueMinor: bigint;
}

/** The usual 账龄 buckets: 1–30, 31–60, 61–90, 91–180, 181–365 and over 365 days past due. */
export const defaultAgingEdgesDays: ReadonlyArray<number> = Object.freeze([30, 60, 90, 180, 365]);
/** Most bucket edges; a report with more columns than this is not read. */
export const agingBucketEdgesMax = 20;
/** Largest edge: ten years past due. */
export const agingEdgeDaysMax = 3650;

/** Field issues of aging bucket edges ("edgesDays.2"): 1 to `agingBucketEdgesMax` ascending whole days. */
export function checkAgingEdges(edgesDays: ReadonlyArray<number>): FieldIssue[] {
  if (!Array.isArray(edgesDays) || edgesDays.length < 1 || edgesDays.length > agingBucketEdgesMax) {
    return [{ path: "edgesDays", code: "COUNT", message: `1 to ${agingBucketEdgesMax} edges` }];
  }
  const issues: FieldIssue[] = [];
  for (const [index, edge] of edgesDays.entries()) {
    const previous = index === 0 ? 0 : (edgesDays[index - 1] ?? 0);
    if (!isIntegerIn(edge, 1, agingEdgeDaysMax) || edge <= previous) {
      issues.push({
        path: `edgesDays.${index}`,
        code: "OUT_OF_RANGE",
        message: `ascending whole days from 1 to ${agingEdgeDaysMax}`,
      });
    }
  }
  return issues;
}

/**
 * The aging bucket of an amount `daysPastDue` days past due: 0 (not due) for 0 or less, then the
 * first bucket whose upper edge it does not pass, and after the last edge the last bucket. The one
 * rule every aging in Credence follows (this summary, the aging report, the provision matrix).
 */
export function agingBucketOfDays(daysPastDue: number, edgesDays: ReadonlyArray<number>): number {
  if (daysPastDue <= 0) return 0;
  const index = edgesDays.findIndex((edge) => daysPastDue <= edge);
  return index === -1 ? edgesDays.length + 1 : index + 1;
}

/** asOf − dueDate in days: positive when overdue, 0 on the due date, negative before it. */
export function daysPastDue(dueDate: string, asOf: string): number {
  return daysBetween(parseBusinessDate(dueDate), parseBusinessDate(asOf));
}

/**
 * The aging of open items on `asOf`. Days past due = asOf − dueDate; 0 or less is not_due, and
 * then each bucket runs from the edge before it + 1 to its edge, the last one beyond the last
 * edge. Items with nothing open are left out. A negative open amount (a credit note or
 * unapplied cash on account) goes to not_due whatever its date: it lowers the total owed, but
 * it does not cure an overdue invoice until it is applied to one, so overdue amounts stay gross.
 * Items stream through once, so there is no item limit. An entry may stand for `count` items
 * of one due date summed together (default 1).
 */
export function agingOf(
  items: Iterable<{ readonly dueDate: string; readonly openMinor: bigint; readonly count?: number }>,
  asOf: string,
  edgesDays: ReadonlyArray<number> = defaultAgingEdgesDays,
): Aging {
  const issues = checkAgingEdges(edgesDays);
  if (issues.length > 0) throw validationFailed(issues);
  const on = parseBusinessDate(asOf);
  const amounts = new Array<bigint>(edgesDays.length + 2).fill(0n);
  const counts = new Array<number>(edgesDays.length + 2).fill(0);
  for (const item of items) {
    if (item.openMinor === 0n) continue;
    const days = daysBetween(parseBusinessDate(item.dueDate), on);
    const bucket = item.openMinor > 0n ? agingBucketOfDays(days, edgesDays) : 0;
    amounts[bucket] = (amounts[bucket] ?? 0n) + item.openMinor;
    counts[bucket] = (counts[bucket] ?? 0) + (item.count ?? 1);
  }
  const buckets: AgingBucket[] = [];
  let totalMinor = 0n;
  let overdueMinor = 0n;
  for (let index = 0; index < edgesDays.length + 2; index += 1) {
    const amountMinor = amounts[index] ?? 0n;
    const count = counts[index] ?? 0;
    totalMinor += amountMinor;
    if (index > 0) overdueMinor += amountMinor;
    if (index === 0) {
      buckets.push({ key: "not_due", fromDays: null, toDays: 0, amountMinor, count });
    } else if (index <= edgesDays.length) {
      const fromDays = (index === 1 ? 0 : (edgesDays[index - 2] ?? 0)) + 1;
      const toDays = edgesDays[index - 1] ?? 0;
      buckets.push({ key: `${fromDays}_${toDays}`, fromDays, toDays, amountMinor, count });
    } else {
      const last = edgesDays[edgesDays.length - 1] ?? 0;
      buckets.push({ key: `over_${last}`, fromDays: last + 1, toDays: null, amountMinor, count });
    }
  }
  return { buckets, totalMinor, overdueMinor };
}
