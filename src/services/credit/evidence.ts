import { AppError } from "../../core/errors.ts";
import { uuidv7 } from "../../core/ids.ts";
import {
  checkStatement,
  type FinancialStatement,
  isStatementUsable,
  type StatementAmounts,
  type StatementIssue,
  statementItems,
} from "../../domain/credit/index.ts";
import type { Executor } from "../../store/database.ts";
import type { FinancialStatementsTable } from "../../store/schema.ts";
import { appendAudit } from "../audit.ts";
import type { Actor, Tx } from "../command.ts";
import { getCustomer } from "../customers.ts";
import { businessDateAt } from "../organizations.ts";
import { warnOnEvent } from "../risk/warnings.ts";
import { scheduleReassessment } from "./tasks.ts";

export const statementSources = ["manual", "import"] as const;
export type StatementSource = (typeof statementSources)[number];

export interface StoredStatement extends FinancialStatement {
  readonly statementId: string;
  readonly source: StatementSource;
  readonly createdBy: string;
  readonly createdAt: string;
  /** Warnings the statement was accepted with (totals that do not add up, …). */
  readonly warnings: ReadonlyArray<StatementIssue>;
}

function toStatement(row: FinancialStatementsTable): StoredStatement {
  const items = JSON.parse(row.items_json) as Record<string, string | null>;
  const amounts = Object.fromEntries(
    statementItems.map((item) => [
      item,
      items[item] === null || items[item] === undefined ? null : BigInt(items[item]),
    ]),
  ) as StatementAmounts;
  const statement: FinancialStatement = {
    ...amounts,
    periodEnd: row.period_end,
    months: Number(row.months),
    currency: row.currency,
  };
  return {
    ...statement,
    statementId: row.statement_id,
    source: row.source as StatementSource,
    createdBy: row.created_by,
    createdAt: row.created_at,
    warnings: checkStatement(statement).filter((issue) => issue.severity === "warning"),
  };
}

/** A customer's statements, newest period first. */
export async function listStatements(
  db: Executor,
  orgId: string,
  customerId: string,
): Promise<StoredStatement[]> {
  const rows = await db
    .selectFrom("financial_statements")
    .selectAll()
    .where("org_id", "=", orgId)
    .where("customer_id", "=", customerId)
    .orderBy("period_end", "desc")
    .execute();
  return rows.map(toStatement);
}

/**
 * Records a customer's statements for one period. Errors refuse it; warnings (totals that do not
 * add up) are kept with it for the credit manager to see. A period is entered once; a correction
 * replaces it with `replace: true`, and the audit log keeps both versions.
 */
export async function recordStatement(
  tx: Tx,
  actor: Actor,
  orgId: string,
  customerId: string,
  statement: FinancialStatement,
  options: { readonly source: StatementSource; readonly replace?: boolean },
): Promise<StoredStatement> {
  await getCustomer(tx.db, orgId, customerId);
  const issues = checkStatement(statement);
  if (!isStatementUsable(issues)) {
    throw new AppError("VALIDATION_FAILED", {
      detail: issues.map((i) => `${i.path}: ${i.message}`).join("; "),
      issues: issues.filter((i) => i.severity === "error"),
    });
  }
  const existing = await tx.db
    .selectFrom("financial_statements")
    .selectAll()
    .where("org_id", "=", orgId)
    .where("customer_id", "=", customerId)
    .where("period_end", "=", statement.periodEnd)
    .executeTakeFirst();
  if (existing !== undefined && options.replace !== true) {
    throw new AppError("CONFLICT", {
      detail: `statements for ${statement.periodEnd} exist; send replace: true to correct them`,
      issues: [{ path: "periodEnd", code: "TAKEN", message: "statements for this period exist" }],
    });
  }
  if (existing !== undefined) {
    await tx.db
      .deleteFrom("financial_statements")
      .where("org_id", "=", orgId)
      .where("statement_id", "=", existing.statement_id)
      .execute();
  }
  const row: FinancialStatementsTable = {
    org_id: orgId,
    statement_id: uuidv7(),
    customer_id: customerId,
    period_end: statement.periodEnd,
    months: BigInt(statement.months),
    currency: statement.currency,
    items_json: JSON.stringify(
      Object.fromEntries(
        statementItems.map((item) => [item, statement[item] === null ? null : String(statement[item])]),
      ),
    ),
    source: options.source,
    created_by: actor.label,
    created_at: tx.now,
  };
  await tx.db.insertInto("financial_statements").values(row).execute();
  // New evidence makes the current grade stale: a re-assessment task, due today.
  await scheduleReassessment(
    tx,
    orgId,
    customerId,
    "new_statement",
    await businessDateAt(tx.db, orgId, tx.now),
  );
  const stored = toStatement(row);
  await appendAudit(tx, {
    orgId,
    actor,
    action: existing === undefined ? "statement.recorded" : "statement.replaced",
    entityType: "customer",
    entityId: customerId,
    before: existing === undefined ? null : JSON.parse(existing.items_json),
    after: { periodEnd: statement.periodEnd, months: statement.months, items: JSON.parse(row.items_json) },
  });
  return stored;
}

export interface CreditReport {
  readonly reportId: string;
  readonly source: string;
  readonly reportedOn: string;
  readonly score: number | null;
  readonly defaultsCount: number;
  readonly lawsuitsCount: number;
  readonly enforcementsCount: number;
  readonly notes: string | null;
  readonly createdBy: string;
  readonly createdAt: string;
}

export async function listCreditReports(
  db: Executor,
  orgId: string,
  customerId: string,
): Promise<CreditReport[]> {
  const rows = await db
    .selectFrom("credit_reports")
    .selectAll()
    .where("org_id", "=", orgId)
    .where("customer_id", "=", customerId)
    .orderBy("reported_on", "desc")
    .execute();
  return rows.map((row) => ({
    reportId: row.report_id,
    source: row.source,
    reportedOn: row.reported_on,
    score: row.score === null ? null : Number(row.score),
    defaultsCount: Number(row.defaults_count),
    lawsuitsCount: Number(row.lawsuits_count),
    enforcementsCount: Number(row.enforcements_count),
    notes: row.notes,
    createdBy: row.created_by,
    createdAt: row.created_at,
  }));
}

/** A credit-bureau record (人行征信, 百行, a commercial bureau, or a court search). */
export async function recordCreditReport(
  tx: Tx,
  actor: Actor,
  orgId: string,
  customerId: string,
  input: Omit<CreditReport, "reportId" | "createdBy" | "createdAt">,
): Promise<CreditReport> {
  await getCustomer(tx.db, orgId, customerId);
  const report: CreditReport = { ...input, reportId: uuidv7(), createdBy: actor.label, createdAt: tx.now };
  await tx.db
    .insertInto("credit_reports")
    .values({
      org_id: orgId,
      report_id: report.reportId,
      customer_id: customerId,
      source: report.source,
      reported_on: report.reportedOn,
      score: report.score === null ? null : BigInt(report.score),
      defaults_count: BigInt(report.defaultsCount),
      lawsuits_count: BigInt(report.lawsuitsCount),
      enforcements_count: BigInt(report.enforcementsCount),
      notes: report.notes,
      created_by: report.createdBy,
      created_at: report.createdAt,
    })
    .execute();
  await appendAudit(tx, {
    orgId,
    actor,
    action: "credit_report.recorded",
    entityType: "customer",
    entityId: customerId,
    after: report,
  });
  // New lawsuits or enforcements may raise an early warning (and a hold), in this transaction.
  await warnOnEvent(tx, actor, orgId, customerId);
  return report;
}
