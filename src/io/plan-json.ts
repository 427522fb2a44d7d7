import { toCanonicalString } from "../core/decimal.ts";
import { formatMinor, parseMinorAt } from "../core/money.ts";
import type { PlanItem, ScheduleRequest } from "../domain/plans/index.ts";
import type { VoucherView } from "../services/ledger/queries.ts";
import type { ChangeOutcome, PlanRecord, StoredPlanItem } from "../services/plans/index.ts";
import { voucherSummariesOut } from "./voucher-json.ts";

/**
 * The JSON of plans, policies and plan changes on the API: amounts are decimal strings in major
 * units, so every domain field `xMinor` (a bigint of minor units) appears as `x`.
 */

/** API names of amount fields inside policies (`amountMinMinor` → `amountMin`, `capMinor` → `cap`…). */
const amountKeys: ReadonlySet<string> = new Set(["amountMin", "amountMax", "amount", "min", "max", "cap"]);

/** Deep copy with every `xMinor` bigint (or null) as `x`, a decimal string in major units. */
export function amountsOut(value: unknown, currency: string): unknown {
  if (Array.isArray(value)) return value.map((entry) => amountsOut(entry, currency));
  if (typeof value !== "object" || value === null) return value;
  if (isDecimalObject(value)) return toCanonicalString(value);
  const out: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value)) {
    if (key.endsWith("Minor") && (typeof entry === "bigint" || entry === null)) {
      out[key.slice(0, -"Minor".length)] = entry === null ? null : formatMinor(entry, currency);
    } else {
      out[key] = amountsOut(entry, currency);
    }
  }
  return out;
}

function isDecimalObject(value: object): value is { numerator: bigint; denominator: bigint } {
  const candidate = value as { numerator?: unknown; denominator?: unknown };
  return typeof candidate.numerator === "bigint" && typeof candidate.denominator === "bigint";
}

/** The reverse of `amountsOut` for the amount fields of a policy; bad amounts are VALIDATION_FAILED at their path. */
export function amountsIn(value: unknown, currency: string, path = ""): unknown {
  if (Array.isArray(value))
    return value.map((entry, index) => amountsIn(entry, currency, `${path}${index}.`));
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value)) {
    if (amountKeys.has(key) && (typeof entry === "string" || entry === null)) {
      out[`${key}Minor`] = entry === null ? null : parseMinorAt(entry, currency, `${path}${key}`);
    } else {
      out[key] = amountsIn(entry, currency, `${path}${key}.`);
    }
  }
  return out;
}

export function termsOut(request: ScheduleRequest) {
  const c = request.currency;
  return {
    principal: formatMinor(request.principalMinor, c),
    currency: c,
    method: request.method,
    periods: request.periods,
    frequency: request.frequency,
    startDate: request.startDate,
    firstDueDate: request.firstDueDate ?? null,
    annualRate: String(request.annualRate),
    feeRatePerPeriod: request.feeRatePerPeriod === undefined ? "0" : String(request.feeRatePerPeriod),
    upfrontFee: formatMinor(request.upfrontFeeMinor ?? 0n, c),
    downPayment: formatMinor(request.downPaymentMinor ?? 0n, c),
    dayCount: request.dayCount ?? "30/360",
    graceOnPrincipalPeriods: request.graceOnPrincipalPeriods ?? 0,
    interestFree: request.interestFree ?? false,
    roundingMode: request.roundingMode ?? "half-even",
    installmentMultiple: formatMinor(request.installmentMultipleMinor ?? 1n, c),
  };
}

function itemOut(item: PlanItem, currency: string) {
  return {
    kind: item.kind,
    number: item.number,
    dueDate: item.dueDate,
    principal: formatMinor(item.principalMinor, currency),
    interest: formatMinor(item.interestMinor, currency),
    fee: formatMinor(item.feeMinor, currency),
    tax: formatMinor(item.taxMinor, currency),
    total: formatMinor(item.totalMinor, currency),
    amortized: formatMinor(item.amortizedMinor, currency),
    cost: formatMinor(item.costMinor, currency),
  };
}

export function storedItemOut(item: StoredPlanItem, currency: string) {
  return {
    seq: item.seq,
    version: item.version,
    ...itemOut(item, currency),
    paid: formatMinor(item.paidMinor, currency),
    penalty: formatMinor(item.penaltyMinor, currency),
    status: item.status,
    billedOn: item.billedOn,
  };
}

export interface PlanViewInput {
  readonly plan: PlanRecord;
  readonly customer: { readonly name: string; readonly code: string };
  readonly installments: ReadonlyArray<{
    readonly number: number;
    readonly dueDate: string;
    readonly principalMinor: bigint;
    readonly interestMinor: bigint;
    readonly feeMinor: bigint;
    readonly totalMinor: bigint;
    readonly balanceAfterMinor: bigint;
  }>;
  /** The plan's items; before activation, the items it would have (`itemsProjected`). */
  readonly items: ReadonlyArray<StoredPlanItem>;
  readonly itemsProjected: boolean;
  /** Interest the merchant pays for an interest-free plan (贴息). */
  readonly subsidyMinor: bigint;
  readonly versions: ReadonlyArray<{
    readonly version: number;
    readonly kind: string;
    readonly effectiveDate: string;
    readonly createdBy: string;
    readonly createdAt: string;
  }>;
  readonly vouchers: ReadonlyArray<VoucherView>;
}

const sumOf = <T>(list: ReadonlyArray<T>, pick: (entry: T) => bigint): bigint =>
  list.reduce((total, entry) => total + pick(entry), 0n);

/** GET /plans/{planId}: the document, its current schedule, its items, versions and vouchers. */
export function planOut(input: PlanViewInput) {
  const { plan, items } = input;
  const c = plan.currency;
  const live = items.filter((item) => item.status !== "cancelled");
  return {
    ...planSummaryOut(plan, input.customer),
    feeRecognition: plan.feeRecognition,
    vatRate: plan.vatRate,
    cost: formatMinor(plan.costMinor, c),
    terms: termsOut(plan.terms.request),
    policyVersion: plan.terms.policyVersion,
    offerId: plan.terms.offerId,
    earlyRepaymentFee: amountsOut(plan.terms.earlyRepaymentFee, c),
    penalty: amountsOut(plan.terms.penalty, c),
    rateCeiling: plan.terms.rateCeiling,
    version: plan.version,
    paidThrough: plan.paidThrough,
    confirmation: plan.confirmation,
    note: plan.note,
    closedReason: plan.closedReason,
    createdBy: plan.createdBy,
    updatedAt: plan.updatedAt,
    schedule: {
      installments: input.installments.map((row) => ({
        number: row.number,
        dueDate: row.dueDate,
        principal: formatMinor(row.principalMinor, c),
        interest: formatMinor(row.interestMinor, c),
        fee: formatMinor(row.feeMinor, c),
        total: formatMinor(row.totalMinor, c),
        balanceAfter: formatMinor(row.balanceAfterMinor, c),
      })),
      totals: {
        principal: formatMinor(
          sumOf(input.installments, (row) => row.principalMinor),
          c,
        ),
        interest: formatMinor(
          sumOf(input.installments, (row) => row.interestMinor),
          c,
        ),
        fee: formatMinor(
          sumOf(input.installments, (row) => row.feeMinor),
          c,
        ),
        total: formatMinor(
          sumOf(input.installments, (row) => row.totalMinor),
          c,
        ),
      },
    },
    items: items.map((item) => storedItemOut(item, c)),
    itemsProjected: input.itemsProjected,
    subsidy: formatMinor(input.subsidyMinor, c),
    itemTotals: {
      total: formatMinor(
        sumOf(live, (item) => item.totalMinor),
        c,
      ),
      tax: formatMinor(
        sumOf(live, (item) => item.taxMinor),
        c,
      ),
      billed: formatMinor(
        sumOf(
          live.filter((item) => item.status !== "scheduled"),
          (item) => item.totalMinor,
        ),
        c,
      ),
      paid: formatMinor(
        sumOf(live, (item) => item.paidMinor),
        c,
      ),
      scheduled: formatMinor(
        sumOf(
          live.filter((item) => item.status === "scheduled"),
          (item) => item.totalMinor,
        ),
        c,
      ),
    },
    versions: input.versions,
    vouchers: voucherSummariesOut(input.vouchers, c),
  };
}

/** A row of GET /plans. */
export function planSummaryOut(plan: PlanRecord, customer: { readonly name: string; readonly code: string }) {
  const c = plan.currency;
  const request = plan.terms.request;
  return {
    planId: plan.planId,
    number: plan.number,
    customerId: plan.customerId,
    customer,
    status: plan.status,
    accountingMode: plan.accountingMode,
    currency: c,
    method: request.method,
    periods: request.periods,
    frequency: request.frequency,
    principal: formatMinor(plan.principalMinor, c),
    financed: formatMinor(plan.financedMinor, c),
    annualizedRate: plan.terms.rates,
    contractDate: plan.contractDate,
    activatedOn: plan.activatedOn,
    closedOn: plan.closedOn,
    createdAt: plan.createdAt,
  };
}

/** The preview or result of an early repayment or restructuring. */
export function changeOut(outcome: ChangeOutcome, currency: string) {
  const c = currency;
  return {
    kind: outcome.kind,
    date: outcome.date,
    cash: formatMinor(outcome.cashMinor, c),
    payoff:
      outcome.payoff === null
        ? null
        : amountsOut(
            {
              items: outcome.payoff.items,
              totalMinor: outcome.payoff.totalMinor,
              earlyRepaymentFee: outcome.payoff.earlyRepaymentFee,
              accrualFrom: outcome.payoff.accrualFrom,
              accrualTo: outcome.payoff.accrualTo,
              futureFees: outcome.payoff.futureFees,
            },
            c,
          ),
    prepayment:
      outcome.prepayment === null
        ? null
        : amountsOut(
            {
              mode: outcome.prepayment.mode,
              amountMinor: outcome.prepayment.amountMinor,
              applied: outcome.prepayment.applied,
              earlyRepaymentFee: outcome.prepayment.earlyRepaymentFee,
              outstandingPrincipalBeforeMinor: outcome.prepayment.outstandingPrincipalBeforeMinor,
              outstandingPrincipalAfterMinor: outcome.prepayment.outstandingPrincipalAfterMinor,
            },
            c,
          ),
    restructuring:
      outcome.restructuring === null
        ? null
        : amountsOut(
            {
              kind: outcome.restructuring.kind,
              effectiveDate: outcome.restructuring.effectiveDate,
              reason: outcome.restructuring.reason,
              capitalizedMinor: outcome.restructuring.capitalizedMinor,
              skippedDueDates: outcome.restructuring.skippedDueDates,
              holidayInterestMinor: outcome.restructuring.holidayInterestMinor,
              holidayInterest: outcome.restructuring.holidayInterest,
              interestBeforeChangeMinor: outcome.restructuring.interestBeforeChangeMinor,
            },
            c,
          ),
    newItems: outcome.newItems.map((item) => itemOut(item, c)),
    cancelledItems: outcome.cancelledItems.map((item) => storedItemOut(item, c)),
    settledItems: outcome.settledItems.map((item) => storedItemOut(item, c)),
  };
}
