import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isAppError } from "../../src/core/errors.ts";
import {
  type AccountRole,
  chartTemplate,
  defaultPostingRules,
  eventLines,
  type LedgerEvent,
} from "../../src/domain/ledger/index.ts";
import {
  type AccountingMode,
  activationEvents,
  billingEvents,
  buildSchedule,
  type FeeRecognition,
  originalPlanItems,
  type PlanBooks,
  type PlanItem,
  partialPrepayment,
  rescheduledItems,
  type ScheduleMethod,
  type ScheduleRequest,
} from "../../src/domain/plans/index.ts";

/**
 * The books of a plan, whatever its terms: each voucher balances; once every item has fallen due,
 * 长期应收款, 未实现融资收益 and 待转销项税额 are back to zero; the income released is the finance
 * income booked; VAT is the rate times the contract. And the same after a partial prepayment half
 * way through, which replaces the items not yet billed.
 */

const run = { numRuns: 300 };
const context = { planId: "p", planNumber: "FQ-000001", customerId: "c", currency: "CNY" };
const cas = chartTemplate("cas");
const roles = new Map(Object.entries(cas.roles) as Array<[AccountRole, string]>);
const rules = defaultPostingRules("cas");
const codeOf = (role: AccountRole): string => cas.roles[role] ?? "";

const requests = fc
  .record({
    method: fc.constantFrom<ScheduleMethod>(
      "equal-installment",
      "equal-principal",
      "flat-fee",
      "interest-only",
    ),
    periods: fc.integer({ min: 2, max: 24 }),
    principalMinor: fc.bigInt({ min: 100_000n, max: 10n ** 10n }),
    rateBasisPoints: fc.integer({ min: 0, max: 1_500 }),
    feeBasisPoints: fc.integer({ min: 1, max: 60 }),
    downShare: fc.integer({ min: 0, max: 30 }),
    upfrontShare: fc.integer({ min: 0, max: 3 }),
  })
  .map(
    (t): ScheduleRequest => ({
      principalMinor: t.principalMinor,
      currency: "CNY",
      method: t.method,
      periods: t.periods,
      frequency: "monthly",
      startDate: "2026-01-15",
      annualRate: t.method === "flat-fee" ? "0" : (t.rateBasisPoints / 10_000).toFixed(4),
      feeRatePerPeriod: t.method === "flat-fee" ? (t.feeBasisPoints / 10_000).toFixed(4) : "0",
      downPaymentMinor: (t.principalMinor * BigInt(t.downShare)) / 100n,
      upfrontFeeMinor: (t.principalMinor * BigInt(t.upfrontShare)) / 100n,
    }),
  );

const books = fc
  .record({
    mode: fc.constantFrom<AccountingMode>("financed-sale", "installment-credit"),
    feeRecognition: fc.constantFrom<FeeRecognition>("effective-rate", "when-charged"),
    vatPercent: fc.constantFrom(0, 6, 9, 13),
    costShare: fc.integer({ min: 0, max: 90 }),
  })
  .map((b): ((principalMinor: bigint) => PlanBooks) => (principalMinor) => ({
    mode: b.mode,
    feeRecognition: b.feeRecognition,
    vatRate: b.mode === "financed-sale" ? (b.vatPercent / 100).toFixed(2) : "0",
    costMinor: b.mode === "financed-sale" ? (principalMinor * BigInt(b.costShare)) / 100n : 0n,
    roundingMode: "half-even",
  }));

/** Balances by account code after posting `events` with the CAS defaults; each voucher must balance. */
function post(events: ReadonlyArray<LedgerEvent>, balances: Map<string, bigint>): void {
  for (const event of events) {
    const lines = eventLines(event, rules[event.type], roles);
    const debit = lines.reduce((total, line) => total + line.debitMinor, 0n);
    const credit = lines.reduce((total, line) => total + line.creditMinor, 0n);
    expect(debit).toBe(credit);
    for (const line of lines) {
      balances.set(
        line.accountCode,
        (balances.get(line.accountCode) ?? 0n) + line.debitMinor - line.creditMinor,
      );
    }
  }
}

const bill = (items: ReadonlyArray<PlanItem>, b: PlanBooks) =>
  items.flatMap((item) => billingEvents(item, b, context, item.dueDate));

const sum = (items: ReadonlyArray<PlanItem>, pick: (item: PlanItem) => bigint) =>
  items.reduce((total, item) => total + pick(item), 0n);

function expectClosed(balances: Map<string, bigint>): void {
  expect(balances.get(codeOf("long_term_receivables")) ?? 0n).toBe(0n);
  expect(balances.get(codeOf("unearned_finance_income")) ?? 0n).toBe(0n);
  expect(balances.get(codeOf("vat_pending")) ?? 0n).toBe(0n);
}

describe("plan accounting", () => {
  it("books a plan to zero once every item falls due, with exact income, VAT and cost", () => {
    fc.assert(
      fc.property(requests, books, (request, booksOf) => {
        const schedule = buildSchedule(request);
        const b = booksOf(request.principalMinor);
        const items = originalPlanItems(schedule, request.startDate, b);
        expect(sum(items, (item) => item.principalMinor)).toBe(request.principalMinor);
        expect(sum(items, (item) => item.costMinor)).toBe(b.costMinor);
        if (b.mode === "financed-sale") {
          const income = sum(items, (item) => item.interestMinor + item.feeMinor);
          expect(sum(items, (item) => item.amortizedMinor)).toBe(income);
          const contract = sum(items, (item) => item.principalMinor + item.interestMinor + item.feeMinor);
          const vat = (contract * BigInt(Math.round(Number(b.vatRate) * 100)) * 2n + 100n) / 200n;
          expect(sum(items, (item) => item.taxMinor) - vat).toBeGreaterThanOrEqual(-1n);
          expect(sum(items, (item) => item.taxMinor) - vat).toBeLessThanOrEqual(1n);
        }
        const balances = new Map<string, bigint>();
        post(activationEvents(items, b, context, request.startDate), balances);
        post(bill(items, b), balances);
        expectClosed(balances);
      }),
      run,
    );
  });

  it("stays exact when a partial prepayment replaces the items not yet billed", () => {
    fc.assert(
      fc.property(requests, books, fc.integer({ min: 1, max: 40 }), (request, booksOf, share) => {
        const schedule = buildSchedule(request);
        const b = booksOf(request.principalMinor);
        const items = originalPlanItems(schedule, request.startDate, b);
        const installments = items.filter((item) => item.kind === "installment");
        const half = Math.floor(installments.length / 2);
        const date = installments[half]?.dueDate ?? request.startDate;
        let prepaid: ReturnType<typeof partialPrepayment>;
        try {
          prepaid = partialPrepayment(
            { request, schedule, paidThrough: 0 },
            {
              date,
              amountMinor: (schedule.financedMinor * BigInt(share)) / 100n + 1n,
              mode: "reduce-installment",
              feePolicy: { kind: "none" },
            },
          );
        } catch (error) {
          if (isAppError(error)) return;
          throw error;
        }
        const kept = prepaid.next.schedule.keptThrough;
        const billedNow = items.filter((item) => item.kind !== "installment" || (item.number ?? 0) <= kept);
        const cancelled = items.filter((item) => item.kind === "installment" && (item.number ?? 0) > kept);
        const balances = new Map<string, bigint>();
        post(activationEvents(items, b, context, request.startDate), balances);
        post(bill(billedNow, b), balances);
        const rescheduled = rescheduledItems(
          {
            cancelled,
            settlement: {
              principalMinor: prepaid.applied.principalMinor,
              interestMinor: prepaid.applied.accruedInterestMinor,
              feeMinor: prepaid.applied.earlyRepaymentFeeMinor,
            },
            installments: prepaid.next.schedule.installments.slice(kept),
            capitalizedMinor: 0n,
            capitalizedInterestMinor: 0n,
            date,
          },
          b,
          context,
        );
        if (rescheduled.event !== null) post([rescheduled.event], balances);
        post(bill(rescheduled.items, b), balances);
        expectClosed(balances);
        // Principal: what was billed before, the settlement and the new installments make the whole.
        expect(
          sum(billedNow, (item) => item.principalMinor) +
            sum(rescheduled.items, (item) => item.principalMinor),
        ).toBe(request.principalMinor);
      }),
      run,
    );
  });
});
