import { sql } from "kysely";
import { addMonths, endOfMonth, formatBusinessDate, parseBusinessDate } from "../../core/dates.ts";
import { AppError } from "../../core/errors.ts";
import { uuidv7 } from "../../core/ids.ts";
import { formatVoucherNumber } from "../../domain/ledger/index.ts";
import { agingOf, daysPastDue } from "../../domain/payments/index.ts";
import {
  bucketIndexOf,
  type ItemSnapshot,
  type ProvisionMatrix,
  provisionMatrix,
} from "../../domain/risk/index.ts";
import type { Executor } from "../../store/database.ts";
import { appendAudit } from "../audit.ts";
import { type Actor, lockOrganization, type Tx } from "../command.ts";
import { postEvents } from "../ledger/posting.ts";
import { roleAccountBalance } from "../ledger/queries.ts";
import { parseMinor, stringifyMinor } from "../minor-json.ts";
import { businessDateAt, getOrganization } from "../organizations.ts";
import { getReceivablesPolicy } from "../receivables/definitions.ts";
import { openItemsAt } from "../receivables/open-items.ts";
import { fieldError } from "../text-field.ts";
import { getRiskPolicy } from "./risk-policy.ts";

/**
 * Expected-credit-loss provisions by the simplified approach (CAS 22 / IFRS 9 §5.5.15): the
 * provision matrix from the organization's own aging history (src/domain/risk/provision-matrix.ts),
 * and the monthly run that trues the allowance (坏账准备) up to what the matrix requires:
 * 借 信用减值损失 / 贷 坏账准备 for an increase, the lines the other way round for a release.
 * 小企业会计准则 has no allowance (第十条: bad debts are expensed when they occur), so its
 * organizations are refused.
 */

export interface ProvisionPreview {
  readonly asOf: string;
  readonly currency: string;
  readonly policyVersion: number;
  readonly historyMonths: number;
  readonly monthEnds: ReadonlyArray<string>;
  readonly matrix: ProvisionMatrix;
  /** The allowance account's balance (credit positive) at the end of `asOf`. */
  readonly currentAllowanceMinor: bigint;
  /** What a run would post: required − current (negative releases). */
  readonly trueUpMinor: bigint;
  readonly allowanceAccountCode: string | null;
}

export interface ProvisionRun {
  readonly runId: string;
  readonly asOf: string;
  readonly currency: string;
  readonly policyVersion: number;
  readonly matrix: ProvisionMatrix;
  readonly requiredMinor: bigint;
  readonly previousMinor: bigint;
  readonly postedMinor: bigint;
  readonly voucherId: string | null;
  readonly voucherLabel: string | null;
  readonly createdBy: string;
  readonly createdAt: string;
}

export const provisionRunsPageMax = 200;

function isMonthEnd(date: string): boolean {
  return formatBusinessDate(endOfMonth(parseBusinessDate(date))) === date;
}

/** The last month end before `today` (today itself is not yet closed). */
export function lastMonthEndBefore(today: string): string {
  const first = parseBusinessDate(today).with({ day: 1 });
  return formatBusinessDate(endOfMonth(addMonths(first, -1)));
}

/** `months` month ends before `asOf`, then `asOf`: oldest first. */
export function monthEndsEndingAt(asOf: string, months: number): string[] {
  const end = parseBusinessDate(asOf);
  const list: string[] = [];
  for (let back = months; back >= 0; back -= 1) {
    list.push(formatBusinessDate(endOfMonth(addMonths(end.with({ day: 1 }), -back))));
  }
  return list;
}

async function assertApplicable(db: Executor, orgId: string) {
  const organization = await getOrganization(db, orgId);
  if (organization.accountingFramework === "asbe") {
    throw new AppError("PROVISION_NOT_APPLICABLE", {
      detail: "小企业会计准则采用直接转销法，不计提坏账准备 (direct write-off; no allowance)",
      params: { framework: "asbe" },
    });
  }
  return organization;
}

/** The allowance account's credit balance at the end of `asOf`. */
export async function allowanceBalance(
  db: Executor,
  orgId: string,
  asOf: string,
): Promise<{ accountCode: string | null; balanceMinor: bigint }> {
  const { accountCode, balanceMinor } = await roleAccountBalance(db, orgId, "bad_debt_allowance", asOf);
  return { accountCode, balanceMinor: -balanceMinor };
}

/** Amounts written off after `from` up to `to` (and not reversed by then), by item. */
async function writtenOffBetween(
  db: Executor,
  orgId: string,
  from: string,
  to: string,
): Promise<Map<string, bigint>> {
  const rows = await db
    .selectFrom("allocations")
    .select(["item_id", sql<bigint>`cast(sum(write_off_minor) as bigint)`.as("written_off")])
    .where("org_id", "=", orgId)
    .where("write_off_minor", ">", 0n)
    .where("allocation_date", ">", from)
    .where("allocation_date", "<=", to)
    .where((eb) => eb.or([eb("reversed_on", "is", null), eb("reversed_on", ">", to)]))
    .groupBy("item_id")
    .execute();
  return new Map(rows.map((row) => [row.item_id, BigInt(row.written_off)]));
}

async function checkAsOf(db: Executor, orgId: string, asOf: string, now: string): Promise<void> {
  if (!isMonthEnd(asOf)) throw fieldError("asOf", "NOT_MONTH_END", "the last day of a month");
  const today = await businessDateAt(db, orgId, now);
  if (asOf > today) throw fieldError("asOf", "FUTURE_DATE", `on or before today (${today})`);
}

/** The matrix and the true-up a run on `asOf` (a month end) would post; nothing is written. */
export async function previewProvision(
  db: Executor,
  orgId: string,
  asOf: string,
  now: string,
): Promise<ProvisionPreview> {
  const organization = await assertApplicable(db, orgId);
  await checkAsOf(db, orgId, asOf, now);
  const policy = await getRiskPolicy(db, orgId);
  const receivables = (await getReceivablesPolicy(db, orgId)).definition;
  const monthEnds = monthEndsEndingAt(asOf, policy.definition.historyMonths);
  const edges = receivables.agingEdgesDays;
  const bucketKeys = agingOf([], asOf, edges).buckets.map((bucket) => bucket.key);
  const snapshots: ItemSnapshot[][] = [];
  // One exact as-of view per month end, from dated allocations (fine for monthly runs).
  for (const monthEnd of monthEnds) {
    const items = await openItemsAt(db, orgId, monthEnd);
    snapshots.push(
      items
        .filter((item) => item.openMinor > 0n)
        .map((item) => ({
          itemId: item.itemId,
          bucket: bucketIndexOf(daysPastDue(item.dueDate, monthEnd), edges),
          openMinor: item.openMinor,
        })),
    );
  }
  const writtenOff: Array<Map<string, bigint>> = [];
  for (let month = 0; month + 1 < monthEnds.length; month += 1) {
    writtenOff.push(
      await writtenOffBetween(db, orgId, monthEnds[month] ?? asOf, monthEnds[month + 1] ?? asOf),
    );
  }
  const matrix = provisionMatrix({
    bucketKeys,
    snapshots,
    writtenOff,
    forwardLookingAdjustment: policy.definition.forwardLookingAdjustment,
    floorRates: policy.definition.floorRates,
  });
  const allowance = await allowanceBalance(db, orgId, asOf);
  return {
    asOf,
    currency: organization.baseCurrency,
    policyVersion: policy.definition.version,
    historyMonths: policy.definition.historyMonths,
    monthEnds,
    matrix,
    currentAllowanceMinor: allowance.balanceMinor,
    trueUpMinor: matrix.requiredMinor - allowance.balanceMinor,
    allowanceAccountCode: allowance.accountCode,
  };
}

/**
 * Trues the allowance up to the matrix on `asOf`: posts the difference dated `asOf` (a closed
 * period is refused by the posting engine) and keeps the run with its matrix. Run again for the
 * same month, it posts only what changed since — nothing at all when nothing did.
 */
export async function runProvision(tx: Tx, actor: Actor, orgId: string, asOf: string): Promise<ProvisionRun> {
  await lockOrganization(tx, orgId);
  const preview = await previewProvision(tx.db, orgId, asOf, tx.now);
  const runId = uuidv7();
  let voucherId: string | null = null;
  if (preview.trueUpMinor !== 0n) {
    const [posted] = await postEvents(tx, actor, orgId, [
      {
        type: "provision",
        date: asOf,
        currency: preview.currency,
        customerId: null,
        amounts: { amount: preview.trueUpMinor },
        memo: `${preview.trueUpMinor > 0n ? "计提" : "转回"}坏账准备 ${asOf}（账龄组合，预期信用损失）`,
        sourceType: "provision_run",
        sourceId: runId,
      },
    ]);
    voucherId = posted?.voucherId ?? null;
  }
  await tx.db
    .insertInto("provision_runs")
    .values({
      org_id: orgId,
      run_id: runId,
      as_of: asOf,
      currency: preview.currency,
      policy_version: BigInt(preview.policyVersion),
      matrix_json: stringifyMinor(preview.matrix),
      required_minor: preview.matrix.requiredMinor,
      previous_minor: preview.currentAllowanceMinor,
      posted_minor: preview.trueUpMinor,
      voucher_id: voucherId,
      created_by: actor.label,
      created_at: tx.now,
    })
    .execute();
  await appendAudit(tx, {
    orgId,
    actor,
    action: "provision.run",
    entityType: "provision_run",
    entityId: runId,
    after: {
      asOf,
      requiredMinor: preview.matrix.requiredMinor.toString(),
      previousMinor: preview.currentAllowanceMinor.toString(),
      postedMinor: preview.trueUpMinor.toString(),
      voucherId,
    },
  });
  return getProvisionRun(tx.db, orgId, runId);
}

type RunRow = {
  run_id: string;
  as_of: string;
  currency: string;
  policy_version: bigint;
  matrix_json: string;
  required_minor: bigint;
  previous_minor: bigint;
  posted_minor: bigint;
  voucher_id: string | null;
  created_by: string;
  created_at: string;
  period: string | null;
  number: bigint | null;
};

function runQuery(db: Executor, orgId: string) {
  return db
    .selectFrom("provision_runs as r")
    .leftJoin("vouchers as v", (join) =>
      join.onRef("v.org_id", "=", "r.org_id").onRef("v.voucher_id", "=", "r.voucher_id"),
    )
    .select([
      "r.run_id",
      "r.as_of",
      "r.currency",
      "r.policy_version",
      "r.matrix_json",
      "r.required_minor",
      "r.previous_minor",
      "r.posted_minor",
      "r.voucher_id",
      "r.created_by",
      "r.created_at",
      "v.period",
      "v.number",
    ])
    .where("r.org_id", "=", orgId);
}

function toRun(row: RunRow): ProvisionRun {
  return {
    runId: row.run_id,
    asOf: row.as_of,
    currency: row.currency,
    policyVersion: Number(row.policy_version),
    matrix: parseMinor<ProvisionMatrix>(row.matrix_json),
    requiredMinor: BigInt(row.required_minor),
    previousMinor: BigInt(row.previous_minor),
    postedMinor: BigInt(row.posted_minor),
    voucherId: row.voucher_id,
    voucherLabel:
      row.period === null || row.number === null
        ? null
        : `${row.period} ${formatVoucherNumber(BigInt(row.number))}`,
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

export async function getProvisionRun(db: Executor, orgId: string, runId: string): Promise<ProvisionRun> {
  const row = await runQuery(db, orgId).where("r.run_id", "=", runId).executeTakeFirst();
  if (row === undefined) throw new AppError("NOT_FOUND", { params: { entity: "provision run" } });
  return toRun(row);
}

/** Runs, newest first. */
export async function listProvisionRuns(db: Executor, orgId: string, limit: number): Promise<ProvisionRun[]> {
  const rows = await runQuery(db, orgId)
    .orderBy("r.created_at", "desc")
    .orderBy("r.run_id", "desc")
    .limit(Math.min(Math.max(limit, 1), provisionRunsPageMax))
    .execute();
  return rows.map(toRun);
}
