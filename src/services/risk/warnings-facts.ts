import { sql } from "kysely";
import { addDays, formatBusinessDate, parseBusinessDate } from "../../core/dates.ts";
import { daysPastDue } from "../../domain/payments/index.ts";
import {
  type AssessmentFact,
  type CreditReportFact,
  conditionKindsOf,
  lookBackDaysOf,
  type PaymentFact,
  type WarningFacts,
  type WarningRuleSet,
} from "../../domain/risk/index.ts";
import type { Executor } from "../../store/database.ts";
import { getOrganization } from "../organizations.ts";

/**
 * The facts the early-warning rules read, gathered for a chunk of customers in a few queries (one
 * per kind of fact the enabled rules need, not one per customer), as of a business date.
 */

/** Customers per query: one bound value each, far below either engine's limit. */
export const warningCustomersPerQueryMax = 500;

export interface CustomerWarningFacts extends WarningFacts {
  readonly customerId: string;
  readonly name: string;
  readonly code: string;
  /** Who gets the task: the customer's owner, else its collector, else nobody. */
  readonly taskUserId: string | null;
  readonly onHold: boolean;
}

function dateMinus(date: string, days: number): string {
  return formatBusinessDate(addDays(parseBusinessDate(date), -days));
}

/** The latest two of each customer's rows (already ordered latest first). */
function latestTwo<T>(rows: ReadonlyArray<{ customer_id: string; fact: T }>): Map<string, T[]> {
  const by = new Map<string, T[]>();
  for (const row of rows) {
    const list = by.get(row.customer_id) ?? [];
    if (list.length < 2) list.push(row.fact);
    by.set(row.customer_id, list);
  }
  return by;
}

/** The facts of `customerIds` (at most `warningCustomersPerQueryMax`) on `date`, for the rules of `set`. */
export async function gatherWarningFacts(
  db: Executor,
  orgId: string,
  customerIds: ReadonlyArray<string>,
  date: string,
  set: WarningRuleSet,
): Promise<CustomerWarningFacts[]> {
  if (customerIds.length === 0) return [];
  const ids = [...customerIds];
  const kinds = conditionKindsOf(set);
  const lookBack = lookBackDaysOf(set);
  const customers = await db
    .selectFrom("customers as c")
    .leftJoin("customer_credit as k", (join) =>
      join.onRef("k.org_id", "=", "c.org_id").onRef("k.customer_id", "=", "c.customer_id"),
    )
    .select([
      "c.customer_id",
      "c.code",
      "c.name",
      "c.owner_user_id",
      "c.collector_user_id",
      "k.limit_minor",
      "k.temporary_increase_minor",
      "k.temporary_expires_on",
      "k.on_hold",
    ])
    .where("c.org_id", "=", orgId)
    .where("c.customer_id", "in", ids)
    .orderBy("c.customer_id")
    .execute();

  // Arrears from the undisputed open items, as the batch's delinquency step counts them.
  const arrears = new Map<string, { days: number; overdueMinor: bigint }>();
  if (kinds.has("days_past_due")) {
    const rows = await db
      .selectFrom("open_items")
      .select([
        "customer_id",
        sql<bigint>`sum(open_minor)`.as("overdue_minor"),
        sql<string>`min(due_date)`.as("oldest"),
      ])
      .where("org_id", "=", orgId)
      .where("customer_id", "in", ids)
      .where("status", "=", "open")
      .where("open_minor", ">", 0n)
      .where("disputed", "=", 0n)
      .where("due_date", "<", date)
      .groupBy("customer_id")
      .execute();
    for (const row of rows) {
      arrears.set(row.customer_id, {
        days: daysPastDue(String(row.oldest), date),
        overdueMinor: BigInt(row.overdue_minor),
      });
    }
  }

  const limits = new Map<string, bigint>();
  for (const row of customers) {
    if (row.limit_minor === null) continue;
    const temporary =
      row.temporary_increase_minor !== null &&
      row.temporary_expires_on !== null &&
      row.temporary_expires_on >= date
        ? BigInt(row.temporary_increase_minor)
        : 0n;
    limits.set(row.customer_id, BigInt(row.limit_minor) + temporary);
  }

  // Exposure as `customerExposure` counts it (control-account balance, unbilled installments),
  // for the customers with a limit only: without one, utilization means nothing.
  const exposure = new Map<string, bigint>();
  const limited = ids.filter((id) => (limits.get(id) ?? 0n) > 0n);
  if (kinds.has("utilization") && limited.length > 0) {
    const balances = await db
      .selectFrom("journal_lines as l")
      .innerJoin("accounts as a", (join) =>
        join.onRef("a.org_id", "=", "l.org_id").onRef("a.code", "=", "l.account_code"),
      )
      .select([
        "l.customer_id",
        sql<bigint>`cast(coalesce(sum(l.debit_minor - l.credit_minor), 0) as bigint)`.as("balance"),
      ])
      .where("l.org_id", "=", orgId)
      .where("l.customer_id", "in", limited)
      .where("a.receivables_control", "=", 1n)
      .groupBy("l.customer_id")
      .execute();
    for (const row of balances)
      if (row.customer_id !== null) exposure.set(row.customer_id, BigInt(row.balance));
    // Unbilled installments sit inside the ledger balance except a financed sale under
    // 小企业会计准则, which books nothing until each installment falls due: only those are added,
    // and only such an organization reads them (summing every unbilled installment of a
    // 1,000,000-contract book took 34 s of its end-of-day batch, to add nothing).
    if ((await getOrganization(db, orgId)).accountingFramework === "asbe") {
      const unbilled = await db
        .selectFrom("plan_items as i")
        .innerJoin("plans as p", (join) =>
          join.onRef("p.org_id", "=", "i.org_id").onRef("p.plan_id", "=", "i.plan_id"),
        )
        .select(["i.customer_id", sql<bigint>`cast(coalesce(sum(i.total_minor), 0) as bigint)`.as("total")])
        .where("i.org_id", "=", orgId)
        .where("i.customer_id", "in", limited)
        .where("i.status", "=", "scheduled")
        .where("p.accounting_mode", "=", "financed-sale")
        .groupBy("i.customer_id")
        .execute();
      for (const group of unbilled) {
        exposure.set(group.customer_id, (exposure.get(group.customer_id) ?? 0n) + BigInt(group.total));
      }
    }
  }

  const payments = new Map<string, PaymentFact[]>();
  if (kinds.has("payment_trend") && lookBack.payments > 0) {
    const rows = await db
      .selectFrom("allocations as a")
      .innerJoin("open_items as i", (join) =>
        join.onRef("i.org_id", "=", "a.org_id").onRef("i.item_id", "=", "a.item_id"),
      )
      .select(["a.customer_id", "a.allocation_date", "a.applied_minor", "a.discount_minor", "i.due_date"])
      .where("a.org_id", "=", orgId)
      .where("a.customer_id", "in", ids)
      .where("a.payment_id", "is not", null)
      .where("a.allocation_date", ">", dateMinus(date, lookBack.payments))
      .where("a.allocation_date", "<=", date)
      .where((eb) => eb.or([eb("a.reversed_on", "is", null), eb("a.reversed_on", ">", date)]))
      .execute();
    for (const row of rows) {
      const list = payments.get(row.customer_id) ?? [];
      list.push({
        paidOn: row.allocation_date,
        dueDate: row.due_date,
        amountMinor: BigInt(row.applied_minor) + BigInt(row.discount_minor),
      });
      payments.set(row.customer_id, list);
    }
  }

  const broken = new Map<string, string[]>();
  if (kinds.has("broken_promises") && lookBack.promises > 0) {
    const rows = await db
      .selectFrom("promises_to_pay")
      .select(["customer_id", "resolved_on"])
      .where("org_id", "=", orgId)
      .where("customer_id", "in", ids)
      .where("status", "=", "broken")
      .where("resolved_on", ">", dateMinus(date, lookBack.promises))
      .where("resolved_on", "<=", date)
      .execute();
    for (const row of rows) {
      if (row.resolved_on === null) continue;
      broken.set(row.customer_id, [...(broken.get(row.customer_id) ?? []), row.resolved_on]);
    }
  }

  let assessments = new Map<string, AssessmentFact[]>();
  if (kinds.has("ratio_worsening")) {
    const rows = await db
      .selectFrom("credit_assessments")
      .select(["customer_id", "assessed_on", "score", "grade"])
      .where("org_id", "=", orgId)
      .where("customer_id", "in", ids)
      .where("assessed_on", "<=", date)
      .orderBy("customer_id")
      .orderBy("assessed_on", "desc")
      .orderBy("created_at", "desc")
      .orderBy("assessment_id", "desc")
      .execute();
    assessments = latestTwo(
      rows.map((row) => ({
        customer_id: row.customer_id,
        fact: { assessedOn: row.assessed_on, score: Number(row.score), grade: row.grade },
      })),
    );
  }

  let reports = new Map<string, CreditReportFact[]>();
  if (kinds.has("new_lawsuits")) {
    const rows = await db
      .selectFrom("credit_reports")
      .select(["customer_id", "reported_on", "lawsuits_count", "enforcements_count"])
      .where("org_id", "=", orgId)
      .where("customer_id", "in", ids)
      .where("reported_on", "<=", date)
      .orderBy("customer_id")
      .orderBy("reported_on", "desc")
      .orderBy("created_at", "desc")
      .orderBy("report_id", "desc")
      .execute();
    reports = latestTwo(
      rows.map((row) => ({
        customer_id: row.customer_id,
        fact: {
          reportedOn: row.reported_on,
          lawsuits: Number(row.lawsuits_count),
          enforcements: Number(row.enforcements_count),
        },
      })),
    );
  }

  return customers.map((row) => {
    const late = arrears.get(row.customer_id);
    const limit = limits.get(row.customer_id) ?? null;
    return {
      customerId: row.customer_id,
      code: row.code,
      name: row.name,
      taskUserId: row.owner_user_id ?? row.collector_user_id ?? null,
      onHold: row.on_hold === 1n,
      daysPastDue: kinds.has("days_past_due") ? (late?.days ?? 0) : null,
      overdueMinor: kinds.has("days_past_due") ? (late?.overdueMinor ?? 0n) : null,
      exposureMinor: limit !== null && limit > 0n ? (exposure.get(row.customer_id) ?? 0n) : null,
      limitMinor: limit,
      payments: payments.get(row.customer_id) ?? [],
      brokenPromisesOn: broken.get(row.customer_id) ?? [],
      assessments: assessments.get(row.customer_id) ?? [],
      creditReports: reports.get(row.customer_id) ?? [],
    };
  });
}
