import {
  type Decimal,
  isZero,
  multiply,
  parseDecimal,
  roundToInteger,
  decimal as toDecimal,
} from "../../core/decimal.ts";
import { AppError, assert } from "../../core/errors.ts";
import { allocate } from "../../core/money.ts";
import type { RoundingMode } from "../../core/rounding.ts";
import type { LedgerEvent } from "../ledger/index.ts";
import { amortize } from "./amortize.ts";
import type { Installment, Schedule } from "./schedule.ts";

/**
 * How a plan is booked (issue 5, must-have 8). A plan is a list of items — the down payment, the
 * upfront fee, the installments, and on an early repayment the settlement billed that day — and
 * each item carries, besides what the customer owes, what the ledger needs when it falls due:
 * its VAT, the income it releases from 未实现融资收益 (`amortizedMinor`) and its share of the
 * cost of goods. The events of a plan are pure functions of its items.
 *
 * Two modes:
 * - "financed-sale": a sale of goods on installments with a significant financing component
 *   (企业会计准则第14号——收入 §17, IFRS 15 §§60–65). Revenue is the cash price; the contract
 *   (every item without VAT) sits in 长期应收款 and the difference is 未实现融资收益, released by
 *   the effective-interest method as each installment falls due. VAT is charged on the contract
 *   amount and its tax point is each installment's contractual due date (《增值税暂行条例实施细则》
 *   第三十八条(三)), so it waits in 待转销项税额 until then.
 * - "installment-credit": an amount the customer already owes (an invoice on 应收账款) is put on
 *   installments. The principal moves to 长期应收款 and comes back as each installment falls due;
 *   interest is income as it is charged; fees are either earned when charged or, under
 *   "effective-rate", deferred and released with the interest by the effective-interest method
 *   (IFRS 9 B5.4.1–B5.4.3: fees integral to the effective rate are part of the interest).
 *
 * A change of terms (prepayment, restructuring) replaces the items not yet billed with new ones
 * and keeps the carrying amount (contract − unearned income): the new items' income is the
 * effective interest that brings that carrying amount to their payments, i.e. the effective rate
 * is revised prospectively, and whatever the change adds to the principal is moved in from
 * 应收账款 (billed arrears) or earned at once (capitalized holiday interest).
 */

export const accountingModes = ["financed-sale", "installment-credit"] as const;
export type AccountingMode = (typeof accountingModes)[number];

export const feeRecognitions = ["effective-rate", "when-charged"] as const;
export type FeeRecognition = (typeof feeRecognitions)[number];

export const planItemKinds = ["down-payment", "upfront-fee", "installment", "settlement"] as const;
export type PlanItemKind = (typeof planItemKinds)[number];

export interface PlanItem {
  readonly kind: PlanItemKind;
  /** The installment's number in its schedule version; null for the other kinds. */
  readonly number: number | null;
  readonly dueDate: string;
  readonly principalMinor: bigint;
  readonly interestMinor: bigint;
  readonly feeMinor: bigint;
  /** VAT on principal + interest + fee (financed sales); 0 otherwise. */
  readonly taxMinor: bigint;
  /** What the customer pays: principal + interest + fee + tax. */
  readonly totalMinor: bigint;
  /** Income released from 未实现融资收益 when the item falls due (may be negative, see above). */
  readonly amortizedMinor: bigint;
  /** The item's share of the cost of goods sold (financed sales). */
  readonly costMinor: bigint;
}

/** What the books of one plan need besides its schedule. */
export interface PlanBooks {
  readonly mode: AccountingMode;
  readonly feeRecognition: FeeRecognition;
  /** VAT rate of a financed sale ("0.13"); "0" for installment credit. */
  readonly vatRate: string;
  /** Cost of the goods sold (financed sale); 0 for installment credit. */
  readonly costMinor: bigint;
  readonly roundingMode: RoundingMode;
}

export interface PlanEventContext {
  readonly planId: string;
  readonly planNumber: string;
  readonly customerId: string;
  readonly currency: string;
}

const sum = (items: ReadonlyArray<PlanItem>, pick: (item: PlanItem) => bigint): bigint =>
  items.reduce((total, item) => total + pick(item), 0n);

const withoutTax = (item: PlanItem): bigint => item.principalMinor + item.interestMinor + item.feeMinor;

function taxTotal(books: PlanBooks, baseMinor: bigint): bigint {
  if (books.mode !== "financed-sale") return 0n;
  const rate: Decimal = parseDecimal(books.vatRate);
  return isZero(rate) ? 0n : roundToInteger(multiply(toDecimal(baseMinor), rate), books.roundingMode);
}

function split(totalMinor: bigint, weights: ReadonlyArray<bigint>): bigint[] {
  if (totalMinor === 0n || !weights.some((weight) => weight > 0n)) return weights.map(() => 0n);
  return allocate(totalMinor, weights);
}

/**
 * The effective-interest income of each payment when `carryingMinor` is what they repay: the
 * `amortize` table's interest column, which adds up to Σ payments − carrying exactly. Payments of
 * zero earn nothing. When no rate exists (the payments are worth less than the carrying amount,
 * or nothing is carried) the income is spread in proportion to the payments.
 */
function effectiveIncome(
  payments: ReadonlyArray<{ readonly date: string; readonly amountMinor: bigint }>,
  startDate: string,
  carryingMinor: bigint,
  mode: RoundingMode,
): bigint[] {
  const totalMinor = payments.reduce((total, payment) => total + payment.amountMinor, 0n);
  const incomeMinor = totalMinor - carryingMinor;
  const positive = payments.flatMap((payment, index) => (payment.amountMinor > 0n ? [index] : []));
  if (positive.length === 0) return payments.map(() => 0n);
  if (incomeMinor > 0n && carryingMinor > 0n && payments.every((p) => p.date > startDate)) {
    try {
      const table = amortize({
        payments: positive.map((index) => payments[index] as { date: string; amountMinor: bigint }),
        startDate,
        cashPriceMinor: carryingMinor,
        roundingMode: mode,
      });
      const income = payments.map(() => 0n);
      table.rows.forEach((row, position) => {
        income[positive[position] as number] = row.interestMinor;
      });
      return income;
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
    }
  }
  return split(
    incomeMinor,
    payments.map((payment) => (payment.amountMinor > 0n ? payment.amountMinor : 0n)),
  );
}

function item(
  kind: PlanItemKind,
  number: number | null,
  dueDate: string,
  parts: { principalMinor?: bigint; interestMinor?: bigint; feeMinor?: bigint },
): PlanItem {
  const principalMinor = parts.principalMinor ?? 0n;
  const interestMinor = parts.interestMinor ?? 0n;
  const feeMinor = parts.feeMinor ?? 0n;
  return {
    kind,
    number,
    dueDate,
    principalMinor,
    interestMinor,
    feeMinor,
    taxMinor: 0n,
    totalMinor: principalMinor + interestMinor + feeMinor,
    amortizedMinor: 0n,
    costMinor: 0n,
  };
}

/** Adds VAT to items in proportion to their amounts, the whole rounded once. */
function withTax(books: PlanBooks, items: ReadonlyArray<PlanItem>): PlanItem[] {
  const taxes = split(taxTotal(books, sum(items, withoutTax)), items.map(withoutTax));
  return items.map((entry, index) => {
    const taxMinor = taxes[index] ?? 0n;
    return { ...entry, taxMinor, totalMinor: withoutTax(entry) + taxMinor };
  });
}

function withCost(costMinor: bigint, items: ReadonlyArray<PlanItem>): PlanItem[] {
  const costs = split(
    costMinor,
    items.map((entry) => entry.principalMinor),
  );
  return items.map((entry, index) => ({ ...entry, costMinor: costs[index] ?? 0n }));
}

/**
 * Income released by installments that repay `carryingMinor` (see the module comment): a
 * financed sale releases the whole effective interest; installment credit under "effective-rate"
 * releases the effective interest beyond the contract interest (which is income when charged);
 * under "when-charged" nothing is deferred.
 */
function withIncome(
  books: PlanBooks,
  items: ReadonlyArray<PlanItem>,
  startDate: string,
  carryingMinor: bigint,
): PlanItem[] {
  if (books.mode === "installment-credit" && books.feeRecognition === "when-charged") return [...items];
  const income = effectiveIncome(
    items.map((entry) => ({ date: entry.dueDate, amountMinor: withoutTax(entry) })),
    startDate,
    carryingMinor,
    books.roundingMode,
  );
  return items.map((entry, index) => ({
    ...entry,
    amortizedMinor: (income[index] ?? 0n) - (books.mode === "installment-credit" ? entry.interestMinor : 0n),
  }));
}

/** The items of a plan as activated: down payment and upfront fee on the start date, then the installments. */
export function originalPlanItems(schedule: Schedule, startDate: string, books: PlanBooks): PlanItem[] {
  const upfront: PlanItem[] = [];
  if (schedule.downPaymentMinor > 0n) {
    upfront.push(item("down-payment", null, startDate, { principalMinor: schedule.downPaymentMinor }));
  }
  if (schedule.upfrontFeeMinor > 0n) {
    upfront.push(item("upfront-fee", null, startDate, { feeMinor: schedule.upfrontFeeMinor }));
  }
  const installments = schedule.installments.map((row) => installmentItem(row));
  // The installments repay the amount financed less the upfront fee: the fee is financing income
  // spread over the plan, not income of the first day.
  const carrying = schedule.financedMinor - schedule.upfrontFeeMinor;
  const all = [...upfront, ...withIncome(books, installments, startDate, carrying)];
  const costed = books.mode === "financed-sale" ? withCost(books.costMinor, all) : all;
  return withTax(books, costed);
}

function installmentItem(row: Installment): PlanItem {
  return item("installment", row.number, row.dueDate, {
    principalMinor: row.principalMinor,
    interestMinor: row.interestMinor,
    feeMinor: row.feeMinor,
  });
}

function event(
  context: PlanEventContext,
  type: LedgerEvent["type"],
  date: string,
  amounts: Record<string, bigint>,
  memo: string,
): LedgerEvent {
  return {
    type,
    date,
    currency: context.currency,
    customerId: context.customerId,
    amounts,
    memo,
    sourceType: "plan",
    sourceId: context.planId,
  };
}

const nonZero = (amounts: Record<string, bigint>): boolean => Object.values(amounts).some((v) => v !== 0n);

/** The vouchers of activation: the sale (financed sale) or the move of the principal (installment credit). */
export function activationEvents(
  items: ReadonlyArray<PlanItem>,
  books: PlanBooks,
  context: PlanEventContext,
  date: string,
): LedgerEvent[] {
  const memo = `分期 ${context.planNumber} 生效 / plan activated`;
  switch (books.mode) {
    case "financed-sale": {
      const principal = sum(items, (entry) => entry.principalMinor);
      return [
        event(
          context,
          "financed_sale",
          date,
          {
            principal,
            financeIncome: sum(items, (entry) => entry.interestMinor + entry.feeMinor),
            tax: sum(items, (entry) => entry.taxMinor),
            cost: sum(items, (entry) => entry.costMinor),
          },
          memo,
        ),
      ];
    }
    case "installment-credit": {
      const financed = sum(
        items.filter((entry) => entry.kind === "installment"),
        (entry) => entry.principalMinor,
      );
      return [event(context, "plan_activated", date, { principal: financed }, memo)];
    }
    default:
      return unknownMode(books.mode);
  }
}

function itemLabel(entry: PlanItem): string {
  switch (entry.kind) {
    case "down-payment":
      return "首付 / down payment";
    case "upfront-fee":
      return "手续费 / upfront fee";
    case "installment":
      return `第${entry.number}期 / installment ${entry.number}`;
    case "settlement":
      return "提前还款 / early repayment";
    default:
      return unknownKind(entry.kind);
  }
}

/** The vouchers of an item falling due (or billed early, a settlement). */
export function billingEvents(
  entry: PlanItem,
  books: PlanBooks,
  context: PlanEventContext,
  date: string,
): LedgerEvent[] {
  const memo = `分期 ${context.planNumber} ${itemLabel(entry)}`;
  const events: LedgerEvent[] = [];
  const push = (type: LedgerEvent["type"], amounts: Record<string, bigint>): void => {
    if (nonZero(amounts)) events.push(event(context, type, date, amounts, memo));
  };
  switch (books.mode) {
    case "financed-sale":
      push("financed_sale_due", { amount: withoutTax(entry), tax: entry.taxMinor, cost: entry.costMinor });
      push("interest_accrued", { amortized: entry.amortizedMinor });
      return events;
    case "installment-credit": {
      // The down payment never left 应收账款: the customer simply owes it now.
      if (entry.kind === "down-payment") return events;
      push("installment_due", { amount: entry.principalMinor });
      push("interest_accrued", { charged: entry.interestMinor, amortized: entry.amortizedMinor });
      const deferred = books.feeRecognition === "effective-rate" && entry.kind !== "settlement";
      push("fee_accrued", deferred ? { deferred: entry.feeMinor } : { fee: entry.feeMinor });
      return events;
    }
    default:
      return unknownMode(books.mode);
  }
}

export interface Rescheduling {
  /** The items not yet billed that the change cancels. */
  readonly cancelled: ReadonlyArray<PlanItem>;
  /** Billed on the change date: what an early repayment settles (null for a restructuring). */
  readonly settlement: {
    readonly principalMinor: bigint;
    readonly interestMinor: bigint;
    readonly feeMinor: bigint;
  } | null;
  /** The new version's rows after the kept ones. */
  readonly installments: ReadonlyArray<Installment>;
  /** Billed, unpaid amounts the change moves back into the principal (capitalized arrears). */
  readonly capitalizedMinor: bigint;
  /** Interest added to the principal without having been billed (a payment holiday's). */
  readonly capitalizedInterestMinor: bigint;
  readonly date: string;
}

export interface RescheduledItems {
  /** The settlement first (when any), then the new installments. */
  readonly items: ReadonlyArray<PlanItem>;
  readonly event: LedgerEvent | null;
}

/** The new items of a change of terms and the voucher that moves the books to them (module comment). */
export function rescheduledItems(
  change: Rescheduling,
  books: PlanBooks,
  context: PlanEventContext,
): RescheduledItems {
  const { cancelled, settlement, date } = change;
  if (books.mode === "financed-sale" && change.capitalizedMinor !== 0n) {
    throw new AppError("VALIDATION_FAILED", {
      detail:
        "the arrears of a financed sale have had their VAT declared; extend the term or grant a holiday instead",
      issues: [{ path: "kind", code: "NOT_APPLICABLE", message: "capitalizing arrears of a financed sale" }],
    });
  }
  const installments = change.installments.map((row) => installmentItem(row));
  const carriedPrincipal = sum(cancelled, (entry) => entry.principalMinor);
  // What the cancelled items still carry: the contract less its unearned income (financed sale),
  // or the principal less the fees already deferred and not yet released (installment credit,
  // whose fees are deferred when billed, so the cancelled items' own fees were never deferred).
  const unreleased = sum(cancelled, (entry) => entry.amortizedMinor);
  const carrying =
    books.mode === "financed-sale"
      ? sum(cancelled, withoutTax) - unreleased + change.capitalizedMinor
      : carriedPrincipal -
        (unreleased - sum(cancelled, (entry) => entry.feeMinor)) +
        change.capitalizedMinor +
        change.capitalizedInterestMinor;
  const settled: PlanItem[] =
    settlement === null
      ? []
      : [
          item("settlement", null, date, {
            principalMinor: settlement.principalMinor,
            interestMinor: settlement.interestMinor,
            feeMinor: settlement.feeMinor,
          }),
        ];
  const remainingCarrying = carrying - (settled[0]?.principalMinor ?? 0n);
  const settledEntry = settled[0];
  const settledItems: PlanItem[] = [];
  if (settledEntry !== undefined) {
    // A settlement is earned on the day; with nothing left to repay it also releases whatever
    // the cancelled items had not (so 未实现融资收益 ends at 0).
    const releasedRest = installments.length === 0 ? remainingCarrying : 0n;
    const earned =
      books.mode === "financed-sale"
        ? settledEntry.interestMinor + settledEntry.feeMinor - releasedRest
        : books.feeRecognition === "effective-rate"
          ? -releasedRest
          : 0n;
    settledItems.push({ ...settledEntry, amortizedMinor: earned });
  }
  const unpriced = [...settledItems, ...withIncome(books, installments, date, remainingCarrying)];
  const all = withTax(
    books,
    books.mode === "financed-sale"
      ? withCost(
          sum(cancelled, (entry) => entry.costMinor),
          unpriced,
        )
      : unpriced,
  );

  const newPrincipal = sum(all, (entry) => entry.principalMinor);
  const amounts: Record<string, bigint> =
    books.mode === "financed-sale"
      ? {
          financeIncome: sum(all, (entry) => entry.amortizedMinor) - unreleased,
          tax: sum(all, (entry) => entry.taxMinor) - sum(cancelled, (entry) => entry.taxMinor),
          capitalized: 0n,
        }
      : { capitalized: change.capitalizedMinor, capitalizedInterest: change.capitalizedInterestMinor };
  // Pair assertion: the contract (financed sale) or principal (credit) moves by exactly what the
  // voucher says, so 长期应收款 still equals the items not yet billed.
  if (books.mode === "financed-sale") {
    assert(
      sum(all, withoutTax) - sum(cancelled, withoutTax) === (amounts.financeIncome ?? 0n),
      "financed sale rescheduling moves the contract by its finance income",
    );
  } else {
    assert(
      newPrincipal - carriedPrincipal === change.capitalizedMinor + change.capitalizedInterestMinor,
      "installment credit rescheduling moves the principal by what it capitalizes",
    );
  }
  const memo = `分期 ${context.planNumber} 变更 / plan changed`;
  const type = books.mode === "financed-sale" ? "financed_sale_changed" : "plan_changed";
  return { items: all, event: nonZero(amounts) ? event(context, type, date, amounts, memo) : null };
}

function unknownMode(mode: never): never {
  throw new Error(`Assertion failed: unknown accounting mode ${String(mode)}`);
}

function unknownKind(kind: never): never {
  throw new Error(`Assertion failed: unknown plan item kind ${String(kind)}`);
}
