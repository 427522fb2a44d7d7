import { useQuery } from "@tanstack/react-query";
import { api } from "../../api/client.ts";
import type {
  StatementLineKind,
  StatementList,
  StatementStatus,
  StatementView,
} from "../../api/statement-types.ts";
import { queryKeys } from "../../query-keys.ts";
import { receivablesPath } from "./receivables-queries.ts";

/**
 * Statements of account on the API (src/api/routes/statements.ts). The statuses and line kinds
 * are the server's (src/services/receivables/statements.ts, src/domain/receivables/statement.ts),
 * copied because those modules are not for the browser; the `Complete` checks make a value added
 * there a type error here.
 */

type Complete<Listed, All> = [Exclude<All, Listed>] extends [never] ? true : never;

/** issued → sent (emailed) → confirmed or disputed (the customer's answer through the link). */
export const statementStatuses = [
  "issued",
  "sent",
  "confirmed",
  "disputed",
] as const satisfies ReadonlyArray<StatementStatus>;
const statementStatusesComplete: Complete<(typeof statementStatuses)[number], StatementStatus> = true;

export const statementLineKinds = [
  "invoice",
  "debit_note",
  "credit_note",
  "payment",
  "discount",
  "write_off",
  "refund",
  "reversal",
  "installment",
  "other",
] as const satisfies ReadonlyArray<StatementLineKind>;
const statementLineKindsComplete: Complete<(typeof statementLineKinds)[number], StatementLineKind> = true;

void [statementStatusesComplete, statementLineKindsComplete];

/** Statements one list shows, newest first (the server's most; it has no further pages). */
export const statementListMax = 200;
/** The languages a statement is written and emailed in. */
export const statementLocales = ["zh-CN", "en"] as const;

export function useStatements(
  orgId: string,
  filter: { readonly customerId?: string; readonly status?: StatementStatus | ""; readonly limit: number },
) {
  return useQuery({
    queryKey: [...queryKeys.receivables(orgId), "statements", filter],
    queryFn: () =>
      api.get<StatementList>(receivablesPath(orgId, "statements"), {
        customerId: filter.customerId,
        status: filter.status,
        limit: filter.limit,
      }),
  });
}

export function useStatement(orgId: string, statementId: string) {
  return useQuery({
    queryKey: queryKeys.statement(orgId, statementId),
    queryFn: () => api.get<StatementView>(receivablesPath(orgId, "statements", statementId)),
  });
}

/** The PDF or XLSX of a statement, in a language; the session's cookie authorizes the download. */
export function statementDocumentUrl(
  orgId: string,
  statementId: string,
  format: "pdf" | "xlsx",
  locale: (typeof statementLocales)[number],
): string {
  const query = new URLSearchParams({ format, locale });
  return `${receivablesPath(orgId, "statements", statementId, "document")}?${query.toString()}`;
}
