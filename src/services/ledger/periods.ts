import { sql } from "kysely";
import { AppError } from "../../core/errors.ts";
import { isPeriod } from "../../domain/ledger/index.ts";
import type { Executor } from "../../store/database.ts";
import { appendAudit } from "../audit.ts";
import type { Actor, Tx } from "../command.ts";

export const periodStatuses = ["open", "closed"] as const;
export type PeriodStatus = (typeof periodStatuses)[number];

export interface PeriodSummary {
  readonly period: string;
  readonly status: PeriodStatus;
  readonly voucherCount: bigint;
  readonly changedAt: string | null;
  readonly changedBy: string | null;
}

/** Every period that has vouchers or was ever closed, newest first. */
export async function listPeriods(db: Executor, orgId: string): Promise<PeriodSummary[]> {
  const counts = await db
    .selectFrom("vouchers")
    .select(["period", sql<bigint>`count(*)`.as("n")])
    .where("org_id", "=", orgId)
    .groupBy("period")
    .execute();
  const states = await db.selectFrom("periods").selectAll().where("org_id", "=", orgId).execute();
  const byPeriod = new Map<string, PeriodSummary>();
  for (const row of counts) {
    byPeriod.set(row.period, {
      period: row.period,
      status: "open",
      voucherCount: BigInt(row.n),
      changedAt: null,
      changedBy: null,
    });
  }
  for (const row of states) {
    byPeriod.set(row.period, {
      period: row.period,
      status: row.status as PeriodStatus,
      voucherCount: byPeriod.get(row.period)?.voucherCount ?? 0n,
      changedAt: row.changed_at,
      changedBy: row.changed_by,
    });
  }
  return [...byPeriod.values()].sort((a, b) => (a.period < b.period ? 1 : -1));
}

function checkPeriod(period: string): void {
  if (!isPeriod(period)) {
    throw new AppError("VALIDATION_FAILED", {
      issues: [{ path: "period", code: "INVALID_PERIOD", message: "YYYY-MM" }],
    });
  }
}

/** Touches the period's number sequence so that a posting in flight either finishes first or sees the close. */
async function lockPeriod(tx: Tx, orgId: string, period: string): Promise<void> {
  await tx.db
    .insertInto("voucher_sequences")
    .values({ org_id: orgId, period, last_number: 0n })
    .onConflict((oc) =>
      oc
        .columns(["org_id", "period"])
        .doUpdateSet({ last_number: sql<bigint>`voucher_sequences.last_number` }),
    )
    .execute();
}

async function setStatus(tx: Tx, actor: Actor, orgId: string, period: string, status: PeriodStatus) {
  await tx.db.deleteFrom("periods").where("org_id", "=", orgId).where("period", "=", period).execute();
  await tx.db
    .insertInto("periods")
    .values({ org_id: orgId, period, status, changed_at: tx.now, changed_by: actor.label })
    .execute();
  await appendAudit(tx, {
    orgId,
    actor,
    action: status === "closed" ? "period.closed" : "period.reopened",
    entityType: "period",
    entityId: period,
    after: { period, status },
  });
}

/**
 * 结账: closes a period to postings. Periods close in order: every earlier period that holds
 * vouchers must be closed first, so that a closed month never follows an open one.
 */
export async function closePeriod(
  tx: Tx,
  actor: Actor,
  orgId: string,
  period: string,
): Promise<PeriodSummary> {
  checkPeriod(period);
  await lockPeriod(tx, orgId, period);
  const periods = await listPeriods(tx.db, orgId);
  if (periods.find((p) => p.period === period)?.status === "closed") {
    throw new AppError("PERIOD_CLOSED", { params: { period }, detail: `period ${period} is already closed` });
  }
  const openBefore = periods.filter((p) => p.period < period && p.status === "open" && p.voucherCount > 0n);
  if (openBefore.length > 0) {
    throw new AppError("PERIOD_SEQUENCE", {
      detail: `close ${openBefore
        .map((p) => p.period)
        .sort()
        .join(", ")} first`,
      params: { period: openBefore.map((p) => p.period).sort()[0] ?? "" },
    });
  }
  await setStatus(tx, actor, orgId, period, "closed");
  return (await listPeriods(tx.db, orgId)).find((p) => p.period === period) as PeriodSummary;
}

/** 反结账: reopens the latest closed period only, so the closed months stay one unbroken run. */
export async function reopenPeriod(
  tx: Tx,
  actor: Actor,
  orgId: string,
  period: string,
): Promise<PeriodSummary> {
  checkPeriod(period);
  const periods = await listPeriods(tx.db, orgId);
  if (periods.find((p) => p.period === period)?.status !== "closed") {
    throw new AppError("CONFLICT", { detail: `period ${period} is not closed` });
  }
  const closedAfter = periods.filter((p) => p.period > period && p.status === "closed");
  if (closedAfter.length > 0) {
    throw new AppError("PERIOD_SEQUENCE", {
      detail: `reopen ${closedAfter
        .map((p) => p.period)
        .sort()
        .reverse()
        .join(", ")} first`,
      params: {
        period:
          closedAfter
            .map((p) => p.period)
            .sort()
            .at(-1) ?? "",
      },
    });
  }
  await setStatus(tx, actor, orgId, period, "open");
  return (await listPeriods(tx.db, orgId)).find((p) => p.period === period) as PeriodSummary;
}
