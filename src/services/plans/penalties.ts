import { type Decimal, parseDecimal } from "../../core/decimal.ts";
import type { LedgerEvent } from "../../domain/ledger/index.ts";
import {
  accruePenalty,
  noPenaltyAccrued,
  type PenaltyAccrued,
  penaltyAnnualRate,
} from "../../domain/plans/index.ts";
import type { Actor, Tx } from "../command.ts";
import { postEvents } from "../ledger/posting.ts";
import { parseMinor, stringifyMinor } from "../minor-json.ts";
import { addPlanOpenItems, planItemNumber } from "../receivables/open-items.ts";
import { currentPlanState, getPlanRecord, type PlanRecord, runningStatuses, storedItemOf } from "./plans.ts";

/** Overdue items accrued per call; the batch calls again while a pass fills it. */
export const penaltyBatchItemsMax = 2000;

/** Item kinds that carry principal, on which penalty interest runs. */
const principalKinds = ["installment", "down-payment"];

/**
 * The daily penalty pass (issue 5, must-have 6): every billed, unpaid principal-bearing item of a
 * running plan accrues penalty interest (and a late fee, per its plan's penalty settings) from
 * where it was last accrued to `asOf`, and each charge posts a `penalty` voucher (应收账款 against
 * 营业外收入) dated `asOf`. The accrual state is kept on the item, so the pass is idempotent per
 * date and a run over several days charges exactly what daily runs would.
 */
export async function accruePlanPenalties(
  tx: Tx,
  actor: Actor,
  orgId: string,
  asOf: string,
): Promise<number> {
  const rows = await tx.db
    .selectFrom("plan_items as i")
    .innerJoin("plans as p", (join) =>
      join.onRef("p.org_id", "=", "i.org_id").onRef("p.plan_id", "=", "i.plan_id"),
    )
    .selectAll("i")
    .where("i.org_id", "=", orgId)
    .where("i.status", "=", "billed")
    .where("i.kind", "in", principalKinds)
    .where("i.due_date", "<", asOf)
    .where((eb) => eb.or([eb("i.penalty_accrued_to", "is", null), eb("i.penalty_accrued_to", "<", asOf)]))
    .where("p.status", "in", runningStatuses)
    .orderBy("i.plan_id")
    .orderBy("i.seq")
    .limit(penaltyBatchItemsMax)
    .execute();
  // The penalty rate of each plan, worked out once: its settings on the contract rate of its
  // latest terms (a rate change moves it), held at its ceiling.
  const plans = new Map<string, { plan: PlanRecord; rate: Decimal }>();
  const events: LedgerEvent[] = [];
  const penaltyItems: Array<Parameters<typeof addPlanOpenItems>[2][number]> = [];
  for (const row of rows) {
    let entry = plans.get(row.plan_id);
    if (entry === undefined) {
      const plan = await getPlanRecord(tx.db, orgId, row.plan_id);
      const state = await currentPlanState(tx.db, orgId, plan);
      const ceiling = plan.terms.rateCeiling.ceilingRate;
      const rate = penaltyAnnualRate(
        plan.terms.penalty,
        state.request.annualRate,
        ceiling === "" ? null : parseDecimal(ceiling),
      ).annualRate;
      entry = { plan, rate };
      plans.set(row.plan_id, entry);
    }
    const { plan, rate } = entry;
    const settings = plan.terms.penalty;
    // Payments reach an item whole (an early repayment), so an unpaid item owes all of its parts.
    const accrual = accruePenalty({
      currency: plan.currency,
      dueDate: row.due_date,
      fromDate: row.penalty_accrued_to ?? row.due_date,
      toDate: asOf,
      overduePrincipalMinor: BigInt(row.principal_minor),
      overdueInterestMinor: BigInt(row.interest_minor),
      penaltyAnnualRate: rate,
      settings,
      accrued:
        row.penalty_state_json === null
          ? noPenaltyAccrued
          : parseMinor<PenaltyAccrued>(row.penalty_state_json),
    });
    await tx.db
      .updateTable("plan_items")
      .set({
        penalty_state_json: stringifyMinor(accrual.accrued),
        penalty_accrued_to: asOf,
        penalty_minor: BigInt(row.penalty_minor) + accrual.totalMinor,
      })
      .where("org_id", "=", orgId)
      .where("plan_id", "=", row.plan_id)
      .where("seq", "=", row.seq)
      .execute();
    if (accrual.totalMinor > 0n) {
      penaltyItems.push({
        planId: plan.planId,
        seq: Number(row.seq),
        customerId: plan.customerId,
        currency: plan.currency,
        documentNumber: `${planItemNumber(plan.number, storedItemOf(row))} 罚息 ${asOf}`,
        date: asOf,
        amountMinor: accrual.totalMinor,
        penalty: true,
      });
      events.push({
        type: "penalty",
        date: asOf,
        currency: plan.currency,
        customerId: plan.customerId,
        amounts: { amount: accrual.totalMinor },
        memo: `分期 ${plan.number} 罚息 / penalty interest (${row.due_date})`,
        sourceType: "plan",
        sourceId: plan.planId,
      });
    }
  }
  await postEvents(tx, actor, orgId, events);
  await addPlanOpenItems(tx, orgId, penaltyItems);
  return rows.length;
}
