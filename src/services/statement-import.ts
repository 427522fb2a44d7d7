import { AppError } from "../core/errors.ts";
import { parseStatementTable, type StatementSheetIssue } from "../io/statement-sheet.ts";
import type { Actor, Tx } from "./command.ts";
import { recordStatement, type StoredStatement } from "./credit/evidence.ts";
import { getCustomer } from "./customers.ts";
import { getOrganization } from "./organizations.ts";

/**
 * Importing a customer's financial statements from a sheet (issue 4): every period column of the
 * file is recorded, or none is. An error anywhere (a cell that is not an amount, a negative
 * inventory, a period already recorded without `replace`) refuses the whole file with every
 * error at its cell; warnings (totals that do not add up, rows not read) come back with the result.
 */

export interface StatementImportResult {
  /** The recorded statements, in the file's column order. */
  readonly statements: ReadonlyArray<StoredStatement>;
  readonly warnings: ReadonlyArray<StatementSheetIssue>;
}

function refuse(
  issues: ReadonlyArray<StatementSheetIssue>,
  code: "VALIDATION_FAILED" | "CONFLICT",
): AppError {
  return new AppError(code, {
    detail: issues.map((issue) => `${issue.path}: ${issue.message}`).join("; "),
    issues,
  });
}

/**
 * Records the statements of a sheet (rows of cell text, see `readStatementTable`) for one customer,
 * in the organization's base currency, with source `import`. `replace` corrects periods that are
 * already recorded (the audit log keeps both versions); without it they refuse the file (409).
 */
export async function importStatements(
  tx: Tx,
  actor: Actor,
  orgId: string,
  customerId: string,
  table: ReadonlyArray<ReadonlyArray<string>>,
  options: { readonly replace: boolean },
): Promise<StatementImportResult> {
  await getCustomer(tx.db, orgId, customerId);
  const organization = await getOrganization(tx.db, orgId);
  const sheet = parseStatementTable(table, { currency: organization.baseCurrency });
  const errors = sheet.issues.filter((issue) => issue.severity === "error");
  if (errors.length > 0) throw refuse(errors, "VALIDATION_FAILED");
  if (sheet.statements.length === 0) {
    throw new AppError("VALIDATION_FAILED", {
      detail: "the file holds no period",
      issues: [{ path: "file", code: "NO_PERIODS", message: "the file holds no period" }],
    });
  }

  if (!options.replace) {
    const existing = await tx.db
      .selectFrom("financial_statements")
      .select("period_end")
      .where("org_id", "=", orgId)
      .where("customer_id", "=", customerId)
      .where(
        "period_end",
        "in",
        sheet.statements.map((statement) => statement.periodEnd),
      )
      .execute();
    if (existing.length > 0) {
      throw refuse(
        existing.map(({ period_end: periodEnd }) => {
          const cell = sheet.periodCells.get(periodEnd) ?? null;
          return {
            path: cell ?? "file",
            code: "TAKEN",
            message: `statements for ${periodEnd} are already recorded; import with replace to correct them`,
            severity: "error" as const,
            cell,
            periodEnd,
            item: null,
          };
        }),
        "CONFLICT",
      );
    }
  }

  const statements: StoredStatement[] = [];
  for (const statement of sheet.statements) {
    statements.push(
      await recordStatement(tx, actor, orgId, customerId, statement, {
        source: "import",
        replace: options.replace,
      }),
    );
  }
  return { statements, warnings: sheet.issues.filter((issue) => issue.severity === "warning") };
}
