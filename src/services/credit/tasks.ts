import { addDays, formatBusinessDate, parseBusinessDate } from "../../core/dates.ts";
import { AppError } from "../../core/errors.ts";
import { uuidv7 } from "../../core/ids.ts";
import type { Executor, Store } from "../../store/database.ts";
import type { CreditTasksTable } from "../../store/schema.ts";
import { type Actor, type Clock, runCommand, systemActor, type Tx } from "../command.ts";
import { businessDateAt } from "../organizations.ts";
import { assessCustomer } from "./assessments.ts";
import { getCreditPolicy } from "./definitions.ts";

/**
 * Re-assessment as visible work: the scheduler (and events such as new statements) create tasks;
 * running a task assesses the customer, which closes it. A customer has at most one open
 * re-assessment task; a new trigger for a customer that has one leaves it (the earlier due date
 * wins) rather than piling up duplicates.
 */

export const taskTriggers = ["periodic", "new_statement", "serious_overdue"] as const;
export type TaskTrigger = (typeof taskTriggers)[number];
export const taskStatuses = ["open", "done"] as const;
export type TaskStatus = (typeof taskStatuses)[number];

export interface CreditTask {
  readonly taskId: string;
  readonly kind: "reassessment";
  readonly customerId: string;
  readonly customerCode: string;
  readonly customerName: string;
  readonly trigger: TaskTrigger;
  readonly dueOn: string;
  readonly status: TaskStatus;
  readonly assessmentId: string | null;
  /** Why a run closed the task without an assessment (no evidence), or null. */
  readonly note: string | null;
  readonly createdAt: string;
  readonly completedAt: string | null;
}

function toTask(row: CreditTasksTable & { code: string; name: string }): CreditTask {
  return {
    taskId: row.task_id,
    kind: "reassessment",
    customerId: row.customer_id,
    customerCode: row.code,
    customerName: row.name,
    trigger: row.trigger as TaskTrigger,
    dueOn: row.due_on,
    status: row.status as TaskStatus,
    assessmentId: row.assessment_id,
    note: row.note,
    createdAt: row.created_at,
    completedAt: row.completed_at,
  };
}

export async function listTasks(
  db: Executor,
  orgId: string,
  filter: { readonly status: TaskStatus | "all"; readonly customerId?: string },
): Promise<CreditTask[]> {
  let query = db
    .selectFrom("credit_tasks as t")
    .innerJoin("customers as c", (join) =>
      join.onRef("c.org_id", "=", "t.org_id").onRef("c.customer_id", "=", "t.customer_id"),
    )
    .selectAll("t")
    .select(["c.code", "c.name"])
    .where("t.org_id", "=", orgId);
  if (filter.status !== "all") query = query.where("t.status", "=", filter.status);
  if (filter.customerId !== undefined) query = query.where("t.customer_id", "=", filter.customerId);
  const rows = await query
    .orderBy(
      filter.status === "open" ? "t.due_on" : "t.created_at",
      filter.status === "open" ? "asc" : "desc",
    )
    .orderBy("t.task_id")
    .limit(500)
    .execute();
  return rows.map(toTask);
}

/** Opens a re-assessment task for a customer unless one is open; returns whether it made one. */
export async function scheduleReassessment(
  tx: Tx,
  orgId: string,
  customerId: string,
  trigger: TaskTrigger,
  dueOn: string,
): Promise<boolean> {
  const open = await tx.db
    .selectFrom("credit_tasks")
    .select(["task_id", "due_on"])
    .where("org_id", "=", orgId)
    .where("customer_id", "=", customerId)
    .where("kind", "=", "reassessment")
    .where("status", "=", "open")
    .executeTakeFirst();
  if (open !== undefined) {
    if (dueOn < open.due_on) {
      await tx.db
        .updateTable("credit_tasks")
        .set({ due_on: dueOn, trigger })
        .where("org_id", "=", orgId)
        .where("task_id", "=", open.task_id)
        .execute();
    }
    return false;
  }
  await tx.db
    .insertInto("credit_tasks")
    .values({
      org_id: orgId,
      task_id: uuidv7(),
      kind: "reassessment",
      customer_id: customerId,
      trigger,
      due_on: dueOn,
      status: "open",
      assessment_id: null,
      note: null,
      created_at: tx.now,
      completed_at: null,
    })
    .execute();
  return true;
}

/**
 * Serious overdue: a re-assessment task, due `date`, for every customer whose oldest overdue
 * item passed the credit policy's `overdueBlockDays` on `date` (the end-of-day batch's arrears of
 * that day, `customer_delinquency`, must be current). Returns the tasks made.
 */
export async function scheduleSeriousOverdue(tx: Tx, orgId: string, date: string): Promise<number> {
  const { overdueBlockDays } = (await getCreditPolicy(tx.db, orgId)).definition;
  const crossed = await tx.db
    .selectFrom("customer_delinquency")
    .select("customer_id")
    .where("org_id", "=", orgId)
    .where("as_of", "=", date)
    .where("days_past_due", "=", BigInt(overdueBlockDays + 1))
    .execute();
  let made = 0;
  for (const row of crossed) {
    if (await scheduleReassessment(tx, orgId, row.customer_id, "serious_overdue", date)) made += 1;
  }
  return made;
}

/**
 * Periodic re-assessment: a task, due today, for every customer whose current assessment is at
 * least `reassessmentIntervalDays` old and who has no open task. Customers never assessed are not
 * scheduled: without evidence there is nothing to assess, and a first assessment is a person's call.
 */
export async function schedulePeriodicReassessments(tx: Tx, orgId: string, today: string): Promise<number> {
  const policy = (await getCreditPolicy(tx.db, orgId)).definition;
  const cutoff = formatBusinessDate(addDays(parseBusinessDate(today), -policy.reassessmentIntervalDays));
  const due = await tx.db
    .selectFrom("customer_credit as cc")
    .innerJoin("credit_assessments as a", (join) =>
      join.onRef("a.org_id", "=", "cc.org_id").onRef("a.assessment_id", "=", "cc.assessment_id"),
    )
    .select("cc.customer_id")
    .where("cc.org_id", "=", orgId)
    .where("a.assessed_on", "<=", cutoff)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom("credit_tasks as t")
            .select("t.task_id")
            .whereRef("t.org_id", "=", "cc.org_id")
            .whereRef("t.customer_id", "=", "cc.customer_id")
            .where("t.status", "=", "open"),
        ),
      ),
    )
    .execute();
  let made = 0;
  for (const row of due) {
    if (await scheduleReassessment(tx, orgId, row.customer_id, "periodic", today)) made += 1;
  }
  return made;
}

/**
 * One scheduler pass for an organization: schedule the periodic tasks, then run every open task
 * due by today, each in its own transaction (one customer's failure does not undo the others).
 * A customer without evidence gets its task closed with a note instead of an assessment.
 */
export async function runReassessments(
  store: Store,
  orgId: string,
  options: { readonly actor?: Actor; readonly clock?: Clock } = {},
): Promise<{ scheduled: number; completed: number }> {
  const actor = options.actor ?? systemActor;
  const scheduled = await runCommand(
    store,
    async (tx) => schedulePeriodicReassessments(tx, orgId, await businessDateAt(tx.db, orgId, tx.now)),
    options.clock,
  );
  const today = await runCommand(store, (tx) => businessDateAt(tx.db, orgId, tx.now), options.clock);
  const due = await store.db
    .selectFrom("credit_tasks")
    .select(["task_id", "customer_id"])
    .where("org_id", "=", orgId)
    .where("status", "=", "open")
    .where("due_on", "<=", today)
    .orderBy("due_on")
    .orderBy("task_id")
    .execute();
  let completed = 0;
  for (const task of due) {
    await runCommand(
      store,
      async (tx) => {
        try {
          await assessCustomer(tx, actor, orgId, task.customer_id);
        } catch (error) {
          if (!(error instanceof AppError) || error.code !== "STATEMENT_REQUIRED") throw error;
          await tx.db
            .updateTable("credit_tasks")
            .set({ status: "done", note: "no statements or credit report to assess", completed_at: tx.now })
            .where("org_id", "=", orgId)
            .where("task_id", "=", task.task_id)
            .execute();
        }
      },
      options.clock,
    );
    completed += 1;
  }
  return { scheduled, completed };
}
