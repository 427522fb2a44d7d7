import { sql } from "kysely";
import { worklistScore } from "../../domain/collections/index.ts";
import type { Executor } from "../../store/database.ts";
import { appendAudit } from "../audit.ts";
import type { Actor, Tx } from "../command.ts";
import { getCustomer } from "../customers.ts";
import { requireMember } from "../people.ts";

/**
 * The collector's daily worklist: customers in arrears (from the last end-of-day run) and those
 * with an open collections task or a follow-up due, ranked by `worklistScore`; each collector sees
 * the customers assigned to them.
 */

export interface WorklistRow {
  readonly customerId: string;
  readonly code: string;
  readonly name: string;
  readonly grade: string | null;
  readonly collectorUserId: string | null;
  readonly collectorName: string | null;
  readonly asOf: string | null;
  readonly overdueMinor: bigint;
  readonly openMinor: bigint;
  readonly daysPastDue: number;
  readonly bucket: string;
  readonly brokenPromises: number;
  readonly openPromise: { readonly amountMinor: bigint; readonly promisedDate: string } | null;
  /** Notices waiting for a person: a call, a letter, a missing contact, an approval. */
  readonly openTasks: number;
  readonly lastActivityOn: string | null;
  readonly nextFollowUp: string | null;
  readonly score: number;
}

/** Whose customers: one collector's, nobody's, or everyone's. */
export type WorklistScope =
  | { readonly kind: "all" }
  | { readonly kind: "unassigned" }
  | { readonly kind: "collector"; readonly userId: string };

const taskStatuses = ["task_open", "awaiting_approval", "no_contact"];

export async function worklist(
  db: Executor,
  orgId: string,
  options: { readonly scope: WorklistScope; readonly today: string; readonly limit: number },
): Promise<WorklistRow[]> {
  const withTasks = await db
    .selectFrom("dunning_notices")
    .select(["customer_id", sql<bigint>`count(*)`.as("tasks")])
    .where("org_id", "=", orgId)
    .where("status", "in", taskStatuses)
    .groupBy("customer_id")
    .execute();
  const tasks = new Map(withTasks.map((row) => [row.customer_id, Number(row.tasks)]));
  const followUps = await db
    .selectFrom("collection_activities")
    .select([
      "customer_id",
      sql<string>`max(occurred_on)`.as("last_on"),
      sql<string | null>`max(next_follow_up)`.as("follow_up"),
    ])
    .where("org_id", "=", orgId)
    .groupBy("customer_id")
    .execute();
  const activity = new Map(followUps.map((row) => [row.customer_id, row]));
  let query = db
    .selectFrom("customers as c")
    .leftJoin("customer_delinquency as d", (join) =>
      join.onRef("d.org_id", "=", "c.org_id").onRef("d.customer_id", "=", "c.customer_id"),
    )
    .leftJoin("customer_credit as k", (join) =>
      join.onRef("k.org_id", "=", "c.org_id").onRef("k.customer_id", "=", "c.customer_id"),
    )
    .leftJoin("users as u", "u.user_id", "c.collector_user_id")
    .select([
      "c.customer_id",
      "c.code",
      "c.name",
      "c.collector_user_id",
      "u.display_name as collector_name",
      "k.grade",
      "d.as_of",
      "d.overdue_minor",
      "d.open_minor",
      "d.days_past_due",
      "d.bucket",
    ])
    .where("c.org_id", "=", orgId);
  const scope = options.scope;
  if (scope.kind === "unassigned") query = query.where("c.collector_user_id", "is", null);
  if (scope.kind === "collector") query = query.where("c.collector_user_id", "=", scope.userId);
  const candidates = new Set([...tasks.keys()]);
  for (const [customerId, row] of activity)
    if (row.follow_up !== null && row.follow_up <= options.today) candidates.add(customerId);
  query = query.where((eb) =>
    candidates.size === 0
      ? eb("d.overdue_minor", ">", 0n)
      : eb.or([eb("d.overdue_minor", ">", 0n), eb("c.customer_id", "in", [...candidates])]),
  );
  const rows = await query.execute();
  const ids = rows.map((row) => row.customer_id);
  const promises = new Map<
    string,
    { broken: number; open: { amountMinor: bigint; promisedDate: string } | null }
  >();
  for (let start = 0; start < ids.length; start += 500) {
    const found = await db
      .selectFrom("promises_to_pay")
      .select(["customer_id", "status", "amount_minor", "promised_date"])
      .where("org_id", "=", orgId)
      .where("customer_id", "in", ids.slice(start, start + 500))
      .where("status", "in", ["open", "broken"])
      .execute();
    for (const promise of found) {
      const entry = promises.get(promise.customer_id) ?? { broken: 0, open: null };
      if (promise.status === "broken") entry.broken += 1;
      else entry.open = { amountMinor: BigInt(promise.amount_minor), promisedDate: promise.promised_date };
      promises.set(promise.customer_id, entry);
    }
  }
  const list = rows.map((row): WorklistRow => {
    const overdueMinor = BigInt(row.overdue_minor ?? 0n);
    const daysPastDue = Number(row.days_past_due ?? 0n);
    const promise = promises.get(row.customer_id);
    const brokenPromises = promise?.broken ?? 0;
    const grade = row.grade ?? null;
    const done = activity.get(row.customer_id);
    return {
      customerId: row.customer_id,
      code: row.code,
      name: row.name,
      grade,
      collectorUserId: row.collector_user_id,
      collectorName: row.collector_name ?? null,
      asOf: row.as_of ?? null,
      overdueMinor,
      openMinor: BigInt(row.open_minor ?? 0n),
      daysPastDue,
      bucket: row.bucket ?? "current",
      brokenPromises,
      openPromise: promise?.open ?? null,
      openTasks: tasks.get(row.customer_id) ?? 0,
      lastActivityOn: done?.last_on ?? null,
      nextFollowUp: done?.follow_up ?? null,
      score: worklistScore({ overdueMinor, daysPastDue, grade, brokenPromises }),
    };
  });
  list.sort((a, b) => b.score - a.score || b.openTasks - a.openTasks || (a.code < b.code ? -1 : 1));
  return list.slice(0, options.limit);
}

/** Assigns a customer to a collector (a member of the organization with the collector role or any role), or to nobody. */
export async function assignCollector(
  tx: Tx,
  actor: Actor,
  orgId: string,
  customerId: string,
  userId: string | null,
): Promise<void> {
  const customer = await getCustomer(tx.db, orgId, customerId);
  await requireMember(tx.db, orgId, userId, "userId");
  const before = await tx.db
    .selectFrom("customers")
    .select("collector_user_id")
    .where("org_id", "=", orgId)
    .where("customer_id", "=", customerId)
    .executeTakeFirstOrThrow();
  await tx.db
    .updateTable("customers")
    .set({ collector_user_id: userId })
    .where("org_id", "=", orgId)
    .where("customer_id", "=", customerId)
    .execute();
  await appendAudit(tx, {
    orgId,
    actor,
    action: "customer.collector_assigned",
    entityType: "customer",
    entityId: customer.customerId,
    before: { collectorUserId: before.collector_user_id },
    after: { collectorUserId: userId },
  });
}
