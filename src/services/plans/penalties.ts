import { sql } from "kysely";
import { type Decimal, parseDecimal } from "../../core/decimal.ts";
import { assert } from "../../core/errors.ts";
import type { LedgerEvent } from "../../domain/ledger/index.ts";
import {
  accruePenalty,
  noPenaltyAccrued,
  type PenaltyAccrued,
  type PlanState,
  penaltyAnnualRate,
} from "../../domain/plans/index.ts";
import type { Executor } from "../../store/database.ts";
import type { PlanItemsTable } from "../../store/schema.ts";
import type { Actor, Tx } from "../command.ts";
import { postEvents } from "../ledger/posting.ts";
import { parseMinor, stringifyMinor } from "../minor-json.ts";
import { addPlanOpenItems, planItemNumber } from "../receivables/open-items.ts";
import {
  currentPlanState,
  getPlanRecord,
  type PlanRecord,
  planRecordOf,
  runningStatuses,
  storedItemOf,
} from "./plans.ts";

/** Overdue items accrued per call; the batch calls again while a pass fills it. */
export const penaltyBatchItemsMax = 2000;

/** Ids per `in (…)` list: well under SQLite's 32,766 bound variables. */
const idListMax = 1000;
/** Items per UPDATE of the accrual state: four bound values each. */
const accrualRowsPerUpdateMax = 1000;

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
  keys?: ReadonlyArray<PenaltyKey>,
): Promise<number> {
  const batch = keys ?? (await penaltyKeysDue(tx.db, orgId, asOf, penaltyBatchItemsMax));
  // An item of `keys` accrued since they were found (a run resumed after a crash) is left alone.
  const rows = (await itemsByKey(tx.db, orgId, batch)).filter(
    (row) => row.status === "billed" && (row.penalty_accrued_to === null || row.penalty_accrued_to < asOf),
  );
  // Each plan's record and current state, read for the whole batch in one query per chunk (the
  // plan-by-plan reads below are only for a plan the batch query did not find, to fail as they do).
  const planIds = [...new Set(rows.map((row) => row.plan_id))];
  const found = new Map<string, { plan: PlanRecord; stateJson: string | null }>();
  for (let start = 0; start < planIds.length; start += idListMax) {
    const planRows = await tx.db
      .selectFrom("plans as p")
      .leftJoin("plan_versions as v", (join) =>
        join
          .onRef("v.org_id", "=", "p.org_id")
          .onRef("v.plan_id", "=", "p.plan_id")
          .onRef("v.version", "=", "p.version"),
      )
      .selectAll("p")
      .select("v.state_json")
      .where("p.org_id", "=", orgId)
      .where("p.plan_id", "in", planIds.slice(start, start + idListMax))
      .execute();
    for (const row of planRows) {
      found.set(row.plan_id, { plan: planRecordOf(row), stateJson: row.state_json });
    }
  }
  // The penalty rate of each plan, worked out once: its settings on the contract rate of its
  // latest terms (a rate change moves it), held at its ceiling.
  const plans = new Map<string, { plan: PlanRecord; rate: Decimal }>();
  const events: LedgerEvent[] = [];
  const charges = new Map<string, { plan: PlanRecord; amountMinor: bigint; dueDates: string[] }>();
  const penaltyItems: Array<Parameters<typeof addPlanOpenItems>[2][number]> = [];
  const accruals: Accrued[] = [];
  for (const row of rows) {
    let entry = plans.get(row.plan_id);
    if (entry === undefined) {
      const loaded = found.get(row.plan_id);
      const plan = loaded?.plan ?? (await getPlanRecord(tx.db, orgId, row.plan_id));
      const contractRate =
        loaded?.stateJson === undefined || loaded.stateJson === null
          ? (await currentPlanState(tx.db, orgId, plan)).request.annualRate
          : annualRateOfState(loaded.stateJson);
      const ceiling = plan.terms.rateCeiling.ceilingRate;
      const rate = penaltyAnnualRate(
        plan.terms.penalty,
        contractRate,
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
    accruals.push({
      planId: row.plan_id,
      seq: BigInt(row.seq),
      stateJson: stringifyMinor(accrual.accrued),
      penaltyMinor: BigInt(row.penalty_minor) + accrual.totalMinor,
    });
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
      const charged = charges.get(plan.planId);
      if (charged === undefined) {
        charges.set(plan.planId, { plan, amountMinor: accrual.totalMinor, dueDates: [row.due_date] });
      } else {
        charged.amountMinor += accrual.totalMinor;
        charged.dueDates.push(row.due_date);
      }
    }
  }
  // One voucher per plan and day, whatever number of its items accrued: the voucher's source is
  // the plan either way, each item keeps its own open item (what was owed on any day stays exact),
  // and a day's batch of a million contracts posts tens of thousands fewer vouchers.
  for (const { plan, amountMinor, dueDates } of charges.values()) {
    events.push({
      type: "penalty",
      date: asOf,
      currency: plan.currency,
      customerId: plan.customerId,
      amounts: { amount: amountMinor },
      memo: `分期 ${plan.number} 罚息 / penalty interest (${dueDates.join(", ")})`.slice(0, 200),
      sourceType: "plan",
      sourceId: plan.planId,
    });
  }
  await saveAccruals(tx, orgId, asOf, accruals);
  await postEvents(tx, actor, orgId, events);
  await addPlanOpenItems(tx, orgId, penaltyItems);
  return rows.length;
}

/** An item of a plan: its plan and sequence number. */
export interface PenaltyKey {
  readonly plan_id: string;
  readonly seq: bigint;
}

/**
 * Most items the end-of-day step lists at once: every overdue principal-bearing item of an
 * organization (5 % of a million contracts' items is 85,000; a key is about 100 bytes).
 */
export const penaltyKeysMax = 2_000_000;

/**
 * The billed principal-bearing items of running plans that are overdue on `asOf` and not yet
 * accrued to it, in (plan, sequence) order, at most `limit`. The end-of-day step lists them once
 * and works through them a batch at a time: listing them sorts every billed item, so listing
 * them again for each batch made the pass quadratic (73 s of a 1,000,000-contract day went to
 * that alone). The status and the limit are literals: SQLite takes a partial index only for a
 * literal status, and plans for an early stop only when it knows the limit.
 */
export async function penaltyKeysDue(
  db: Executor,
  orgId: string,
  asOf: string,
  limit?: number,
): Promise<PenaltyKey[]> {
  const query = db
    .selectFrom("plan_items as i")
    .innerJoin("plans as p", (join) =>
      join.onRef("p.org_id", "=", "i.org_id").onRef("p.plan_id", "=", "i.plan_id"),
    )
    .select(["i.plan_id", "i.seq"])
    .where("i.org_id", "=", orgId)
    .where("i.status", "=", sql.lit("billed"))
    .where("i.kind", "in", principalKinds)
    .where("i.due_date", "<", asOf)
    .where((eb) => eb.or([eb("i.penalty_accrued_to", "is", null), eb("i.penalty_accrued_to", "<", asOf)]))
    .where("p.status", "in", runningStatuses)
    .orderBy("i.plan_id")
    .orderBy("i.seq");
  return query.limit(sql.lit(limit ?? penaltyKeysMax)).execute();
}

/**
 * The items of `keys`, in the order of `keys`, read by primary key: one query per sequence number
 * (and chunk of plans), so that each lookup finds one item.
 */
async function itemsByKey(
  db: Executor,
  orgId: string,
  keys: ReadonlyArray<{ plan_id: string; seq: bigint }>,
): Promise<PlanItemsTable[]> {
  const plansBySeq = new Map<bigint, string[]>();
  for (const key of keys) {
    const planIds = plansBySeq.get(key.seq) ?? [];
    planIds.push(key.plan_id);
    plansBySeq.set(key.seq, planIds);
  }
  const byKey = new Map<string, PlanItemsTable>();
  for (const [seq, planIds] of plansBySeq) {
    for (let start = 0; start < planIds.length; start += idListMax) {
      const rows = await db
        .selectFrom("plan_items")
        .selectAll()
        .where("org_id", "=", orgId)
        .where("plan_id", "in", planIds.slice(start, start + idListMax))
        .where("seq", "=", seq)
        .execute();
      for (const row of rows) byKey.set(`${row.plan_id}/${row.seq}`, row);
    }
  }
  return keys.map((key) => {
    const row = byKey.get(`${key.plan_id}/${key.seq}`);
    assert(row !== undefined, "an item just found is there (plan items are never deleted)");
    return row;
  });
}

/**
 * The contract rate of a stored plan state (`request.annualRate`), as `parseMinor` would read it,
 * without reviving the whole schedule around it (a state is mostly its installments).
 */
function annualRateOfState(stateJson: string): PlanState["request"]["annualRate"] {
  const state = JSON.parse(stateJson) as { request: { annualRate: unknown } };
  return parseMinor<PlanState["request"]["annualRate"]>(JSON.stringify(state.request.annualRate));
}

interface Accrued {
  readonly planId: string;
  readonly seq: bigint;
  readonly stateJson: string;
  readonly penaltyMinor: bigint;
}

/**
 * Each item's new accrual state, accrued-to date and penalty total, in one UPDATE … FROM (VALUES …)
 * per chunk instead of one statement per item. PostgreSQL types the VALUES columns from casts;
 * SQLite must not cast (its CAST to an unknown type name is numeric and would mangle the ids).
 */
async function saveAccruals(
  tx: Tx,
  orgId: string,
  asOf: string,
  accruals: ReadonlyArray<Accrued>,
): Promise<void> {
  const postgres = tx.engine === "postgres";
  for (let start = 0; start < accruals.length; start += accrualRowsPerUpdateMax) {
    const values = accruals
      .slice(start, start + accrualRowsPerUpdateMax)
      .map((entry) =>
        postgres
          ? sql`(cast(${entry.planId} as uuid), cast(${entry.seq} as bigint), ${entry.stateJson}, cast(${entry.penaltyMinor} as bigint))`
          : sql`(${entry.planId}, ${entry.seq}, ${entry.stateJson}, ${entry.penaltyMinor})`,
      );
    await sql`update plan_items
      set penalty_state_json = v.column3, penalty_accrued_to = ${asOf}, penalty_minor = v.column4
      from (values ${sql.join(values)}) as v
      where plan_items.org_id = ${orgId} and plan_items.plan_id = v.column1 and plan_items.seq = v.column2`.execute(
      tx.db,
    );
  }
}
