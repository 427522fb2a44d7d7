import { AppError } from "../../core/errors.ts";
import { type CreditCheckResult, creditCheck } from "../../domain/credit/index.ts";
import type { Executor } from "../../store/database.ts";
import type { Tx } from "../command.ts";
import { maxDaysOverdue } from "../receivables/open-items.ts";
import { type CreditStatus, getCreditStatus, lockCustomerCredit } from "./credit-account.ts";
import { getCreditPolicy } from "./definitions.ts";

/**
 * The one credit check every command that raises a customer's exposure goes through (invoices,
 * plan activations, later orders). Days overdue are those of the customer's oldest undisputed
 * open item.
 */
export async function checkCredit(
  db: Executor,
  orgId: string,
  customerId: string,
  requestMinor: bigint,
  today: string,
): Promise<{ status: CreditStatus; check: CreditCheckResult }> {
  const status = await getCreditStatus(db, orgId, customerId);
  const policy = (await getCreditPolicy(db, orgId)).definition;
  const check = creditCheck({
    requestMinor,
    exposureMinor: status.exposure.totalMinor,
    // Cash in advance means no credit granted: any order on credit is NO_LIMIT, not merely over 0.
    limitMinor: status.terms.kind === "cash_in_advance" ? null : status.limitMinor,
    temporaryIncrease: status.temporaryIncrease,
    onHold: status.onHold,
    maxDaysOverdue: await maxDaysOverdue(db, orgId, customerId, today),
    assessmentExpiresOn: status.assessmentExpiresOn,
    today,
    policy,
  });
  return { status, check };
}

/**
 * Checks `requestMinor` inside the command's transaction after taking the customer's credit lock,
 * and refuses with CREDIT_BLOCKED (reasons in `params`) when the check blocks. The caller raises
 * the exposure in the same transaction, so two commands racing for the last headroom run one
 * after the other and the second sees the first's exposure: at most one passes.
 */
export async function reserveCredit(
  tx: Tx,
  orgId: string,
  customerId: string,
  requestMinor: bigint,
  today: string,
): Promise<CreditCheckResult> {
  await lockCustomerCredit(tx, orgId, customerId);
  const { check } = await checkCredit(tx.db, orgId, customerId, requestMinor, today);
  if (check.decision === "block") {
    throw new AppError("CREDIT_BLOCKED", {
      detail: `credit check: ${check.reasons.join(", ")}`,
      params: { reasons: check.reasons.join(","), headroomMinor: check.headroomMinor.toString() },
    });
  }
  return check;
}
