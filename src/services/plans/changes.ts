import { decimalIn } from "../../core/checks.ts";
import { type Decimal, decimal, ZERO } from "../../core/decimal.ts";
import { AppError } from "../../core/errors.ts";
import type { LedgerEvent } from "../../domain/ledger/index.ts";
import {
  checkRateCeiling,
  type Installment,
  type PartialPrepayment,
  type PayoffQuote,
  type PlanChange,
  type PlanItem,
  type PlanState,
  type PrepaymentMode,
  partialPrepayment,
  payoffQuote,
  planStanding,
  type Restructuring,
  rateCeiling,
  rescheduledItems,
  restructurePlan,
} from "../../domain/plans/index.ts";
import type { Executor } from "../../store/database.ts";
import { appendAudit } from "../audit.ts";
import type { Actor, Tx } from "../command.ts";
import { postEvents } from "../ledger/posting.ts";
import { stringifyMinor } from "../minor-json.ts";
import { businessDateAt } from "../organizations.ts";
import { closeItemsByRestructuring, planOpenItems } from "../receivables/open-items.ts";
import { recordPayment } from "../receivables/payments.ts";
import { billPlanItems } from "./billing.ts";
import { getInstallmentPolicy, getLprTable } from "./definitions.ts";
import {
  assertStatus,
  booksOf,
  currentPlanState,
  eventContextOf,
  getPlanRecord,
  insertItems,
  type PlanRecord,
  type PlanStatus,
  planIssue,
  planItems,
  runningStatuses,
  type StoredPlanItem,
} from "./plans.ts";

/**
 * Early repayment and restructuring of a running plan (issue 5, must-haves 4 and 5). A preview
 * computes the change without writing; executing it writes a new schedule version (the old ones
 * stay), replaces the items not yet billed, bills the settlement of an early repayment and
 * records the cash, and posts the vouchers that keep the books equal to the items.
 *
 * Dates: a change takes effect on or after the last installment already billed (the books
 * cannot un-bill an installment), and an executed change on or before today (cash is received
 * and terms changed on a real day, not a future one).
 */

export type PlanChangeRequest =
  | { readonly kind: "payoff"; readonly date: string }
  | {
      readonly kind: "prepayment";
      readonly date: string;
      readonly amountMinor: bigint;
      readonly mode: PrepaymentMode;
    }
  | PlanChange;

export interface ChangeOutcome {
  readonly kind: PlanChangeRequest["kind"];
  readonly date: string;
  readonly payoff: PayoffQuote | null;
  readonly prepayment: PartialPrepayment | null;
  readonly restructuring: Restructuring | null;
  /** The items the change adds: the settlement billed on the date, then the new installments. */
  readonly newItems: ReadonlyArray<PlanItem>;
  /** The items not yet billed that it cancels. */
  readonly cancelledItems: ReadonlyArray<StoredPlanItem>;
  /** Billed, unpaid installments it pays (early repayment) or moves into the principal (capitalized arrears). */
  readonly settledItems: ReadonlyArray<StoredPlanItem>;
  /** Cash the customer pays on the date, VAT included: settled arrears and the settlement. */
  readonly cashMinor: bigint;
  /** The voucher that moves the books from the cancelled items to the new ones (null: nothing moves). */
  readonly event: LedgerEvent | null;
}

const changeDate = (request: PlanChangeRequest): string =>
  request.kind === "payoff" || request.kind === "prepayment" ? request.date : request.effectiveDate;

function unpaid(item: StoredPlanItem): bigint {
  return item.totalMinor - item.paidMinor;
}

/** What settling an item costs: what is unpaid of it and the penalty it has accrued. */
function owed(item: StoredPlanItem): bigint {
  return unpaid(item) + item.penaltyMinor;
}

function outcomeOf(
  plan: PlanRecord,
  state: PlanState,
  items: ReadonlyArray<StoredPlanItem>,
  request: PlanChangeRequest,
): ChangeOutcome {
  const date = changeDate(request);
  const path = request.kind === "payoff" || request.kind === "prepayment" ? "date" : "effectiveDate";
  const lastBilled = items
    .filter(
      (item) => item.kind === "installment" && item.status !== "scheduled" && item.status !== "cancelled",
    )
    .reduce((latest, item) => (item.dueDate > latest ? item.dueDate : latest), "");
  if (typeof date === "string" && date < lastBilled) {
    throw planIssue(path, "BEFORE_BILLED", `on or after ${lastBilled}, the last installment already billed`);
  }
  const feePolicy = plan.terms.earlyRepaymentFee;
  let payoff: PayoffQuote | null = null;
  let prepayment: PartialPrepayment | null = null;
  let restructuring: Restructuring | null = null;
  let installments: ReadonlyArray<Installment> = [];
  let keptThrough: number;
  let settlement: { principalMinor: bigint; interestMinor: bigint; feeMinor: bigint } | null = null;
  let capitalizedInterestMinor = 0n;
  switch (request.kind) {
    case "payoff": {
      payoff = payoffQuote(state, { date: request.date, feePolicy });
      keptThrough = planStanding(state, request.date).settledThrough;
      settlement = {
        principalMinor: payoff.outstandingPrincipalMinor,
        interestMinor: payoff.accruedInterestMinor,
        feeMinor: payoff.futureFeesMinor + payoff.earlyRepaymentFee.amountMinor,
      };
      break;
    }
    case "prepayment": {
      prepayment = partialPrepayment(state, {
        date: request.date,
        amountMinor: request.amountMinor,
        mode: request.mode,
        feePolicy,
      });
      keptThrough = prepayment.next.schedule.keptThrough;
      installments = prepayment.next.schedule.installments.slice(keptThrough);
      settlement = {
        principalMinor: prepayment.applied.principalMinor,
        interestMinor: prepayment.applied.accruedInterestMinor,
        feeMinor: prepayment.applied.earlyRepaymentFeeMinor,
      };
      break;
    }
    default: {
      restructuring = restructurePlan(state, request);
      keptThrough = restructuring.next.schedule.keptThrough;
      installments = restructuring.next.schedule.installments.slice(keptThrough);
      if (restructuring.kind === "payment-holiday" && restructuring.holidayInterest === "capitalize") {
        capitalizedInterestMinor = restructuring.capitalizedMinor;
      }
    }
  }
  const cancelledItems = items.filter(
    (item) => item.status === "scheduled" && item.kind === "installment" && (item.number ?? 0) > keptThrough,
  );
  // Billed installments the customer has not paid: an early repayment pays them first; capitalized
  // arrears move them into the principal.
  const arrears = items.filter(
    (item) =>
      item.status === "billed" &&
      (item.kind === "installment"
        ? (item.number ?? 0) > state.paidThrough
        : // A payoff settles everything the plan billed, the down payment and upfront fee included.
          request.kind === "payoff"),
  );
  const capitalizing = request.kind === "capitalize-arrears";
  const capitalizedMinor = capitalizing ? arrears.reduce((total, item) => total + unpaid(item), 0n) : 0n;
  const rescheduled = rescheduledItems(
    {
      cancelled: cancelledItems,
      settlement,
      installments,
      capitalizedMinor,
      capitalizedInterestMinor,
      date,
    },
    booksOf(plan),
    eventContextOf(plan),
  );
  const settledItems = settlement === null && !capitalizing ? [] : arrears;
  const settlementItem = rescheduled.items.find((item) => item.kind === "settlement");
  const cashMinor =
    settlement === null
      ? 0n
      : arrears.reduce((total, item) => total + owed(item), 0n) + (settlementItem?.totalMinor ?? 0n);
  return {
    kind: request.kind,
    date,
    payoff,
    prepayment,
    restructuring,
    newItems: rescheduled.items,
    cancelledItems,
    settledItems,
    cashMinor,
    event: rescheduled.event,
  };
}

async function load(db: Executor, orgId: string, planId: string, request: PlanChangeRequest) {
  const plan = await getPlanRecord(db, orgId, planId);
  assertStatus(plan, runningStatuses, "change");
  if (request.kind === "rate-change") await checkNewRate(db, orgId, plan, request.annualRate);
  const state = await currentPlanState(db, orgId, plan);
  const items = await planItems(db, orgId, planId);
  return { plan, state, items };
}

/**
 * A new contract rate is held to the plan's ceiling (its policy version, its contract date): the
 * annualized rate of the new terms is at least their contract rate, so a contract rate above a
 * blocking ceiling is refused as a new plan would be.
 */
async function checkNewRate(db: Executor, orgId: string, plan: PlanRecord, annualRate: Decimal | string) {
  if (typeof annualRate !== "string" || decimalIn(annualRate, ZERO, decimal(10)) === null) return;
  const policy = (await getInstallmentPolicy(db, orgId, plan.terms.policyVersion)).definition;
  const ceiling = rateCeiling(policy, plan.contractDate, (await getLprTable(db, orgId)).entries);
  const check = checkRateCeiling(annualRate, ceiling);
  if (check.decision === "block") {
    throw new AppError("RATE_ABOVE_CEILING", {
      detail: check.explanation,
      params: { rate: check.annualRateText, ceiling: ceiling.annualRateText },
    });
  }
}

/** What a change would do, without writing anything. */
export async function previewPlanChange(
  db: Executor,
  orgId: string,
  planId: string,
  request: PlanChangeRequest,
): Promise<ChangeOutcome> {
  const { plan, state, items } = await load(db, orgId, planId, request);
  return outcomeOf(plan, state, items, request);
}

/** Executes a change (see the module comment); returns the outcome and the plan after it. */
export async function executePlanChange(
  tx: Tx,
  actor: Actor,
  orgId: string,
  planId: string,
  request: PlanChangeRequest,
): Promise<{ outcome: ChangeOutcome; plan: PlanRecord }> {
  const today = await businessDateAt(tx.db, orgId, tx.now);
  const date = changeDate(request);
  if (typeof date === "string" && date > today) {
    throw planIssue(
      request.kind === "payoff" || request.kind === "prepayment" ? "date" : "effectiveDate",
      "IN_FUTURE",
      `on or before today (${today})`,
    );
  }
  // Bill what is due first, so the change starts from books that are up to date.
  await billPlanItems(tx, actor, orgId, await getPlanRecord(tx.db, orgId, planId), today);
  const { plan, state, items } = await load(tx.db, orgId, planId, request);
  const outcome = outcomeOf(plan, state, items, request);
  const version = plan.version + 1;
  if (outcome.event !== null) await postEvents(tx, actor, orgId, [outcome.event]);

  const setItems = async (seqs: ReadonlyArray<number>, status: string, paid: boolean) => {
    if (seqs.length === 0) return;
    await tx.db
      .updateTable("plan_items")
      .set((eb) => ({ status, ...(paid ? { paid_minor: eb.ref("total_minor") } : {}) }))
      .where("org_id", "=", orgId)
      .where("plan_id", "=", planId)
      .where("seq", "in", seqs.map(BigInt))
      .execute();
  };
  await setItems(
    outcome.cancelledItems.map((item) => item.seq),
    "cancelled",
    false,
  );
  await insertItems(tx, orgId, plan, version, outcome.newItems);
  await billPlanItems(tx, actor, orgId, plan, today);

  if (outcome.cashMinor > 0n) {
    // The customer's cash settles the arrears (with their penalties) and the settlement at once:
    // a payment applied to their open items, as any receipt is.
    const settlementSeqs = (await planItems(tx.db, orgId, planId))
      .filter((item) => item.kind === "settlement" && item.version === version)
      .map((item) => item.seq);
    const items = await planOpenItems(tx.db, orgId, planId, [
      ...outcome.settledItems.map((item) => item.seq),
      ...settlementSeqs,
    ]);
    await recordPayment(tx, actor, orgId, {
      customerId: plan.customerId,
      method: "bank_transfer",
      receivedDate: date,
      amountMinor: outcome.cashMinor,
      payerName: null,
      reference: `${plan.number} ${request.kind === "payoff" ? "提前结清" : "提前还款"}`,
      note: null,
      allocation: {
        method: { kind: "chosen", items: items.map((item) => ({ itemId: item.itemId, amountMinor: null })) },
        takeDiscounts: false,
        writeOffShortfall: false,
      },
    });
  } else if (request.kind === "capitalize-arrears") {
    const arrears = await planOpenItems(
      tx.db,
      orgId,
      planId,
      outcome.settledItems.map((item) => item.seq),
    );
    await closeItemsByRestructuring(
      tx,
      actor,
      orgId,
      arrears.filter((item) => item.sourceType === "plan").map((item) => item.itemId),
      date,
    );
    await setItems(
      outcome.settledItems.map((item) => item.seq),
      "capitalized",
      false,
    );
  }

  const next = outcome.prepayment?.next ?? outcome.restructuring?.next ?? null;
  const nextState: PlanState =
    next === null
      ? { ...state, paidThrough: state.schedule.installments.length, changedOn: date }
      : {
          request: next.request,
          schedule: {
            installments: next.schedule.installments,
            levelInstallmentMinor: next.schedule.levelInstallmentMinor,
          },
          paidThrough: next.paidThrough,
          changedOn: next.changedOn,
          ...(next.periodSplit === undefined ? {} : { periodSplit: next.periodSplit }),
        };
  const paidThrough =
    request.kind === "payoff"
      ? state.schedule.installments.length
      : request.kind === "prepayment"
        ? planStanding(nextState, date).dueThrough
        : (next?.paidThrough ?? state.paidThrough);
  await tx.db
    .insertInto("plan_versions")
    .values({
      org_id: orgId,
      plan_id: planId,
      version: BigInt(version),
      kind: request.kind,
      effective_date: date,
      state_json: stringifyMinor(nextState),
      change_json: stringifyMinor(request),
      created_by: actor.label,
      created_at: tx.now,
    })
    .execute();
  const status: PlanStatus =
    request.kind === "payoff" ? "paid-off" : request.kind === "prepayment" ? plan.status : "restructured";
  await appendAudit(tx, {
    orgId,
    actor,
    action: `plan.${request.kind}`,
    entityType: "plan",
    entityId: planId,
    before: { version: plan.version, status: plan.status },
    after: JSON.parse(stringifyMinor({ version, status, request, cashMinor: outcome.cashMinor })),
  });
  await tx.db
    .updateTable("plans")
    .set({
      version: BigInt(version),
      paid_through: BigInt(paidThrough),
      status,
      updated_at: tx.now,
      ...(request.kind === "payoff" ? { closed_on: date } : {}),
    })
    .where("org_id", "=", orgId)
    .where("plan_id", "=", planId)
    .execute();
  return { outcome, plan: await getPlanRecord(tx.db, orgId, planId) };
}
