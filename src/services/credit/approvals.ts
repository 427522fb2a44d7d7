import { addDays, compareDates, formatBusinessDate, parseBusinessDate } from "../../core/dates.ts";
import { AppError } from "../../core/errors.ts";
import { uuidv7 } from "../../core/ids.ts";
import { limitChangeNeedsApproval, netTermsDaysMax, type PaymentTerms } from "../../domain/credit/index.ts";
import type { Executor } from "../../store/database.ts";
import type { CreditApprovalsTable } from "../../store/schema.ts";
import { appendAudit } from "../audit.ts";
import type { Actor, Tx } from "../command.ts";
import { parseMinor, stringifyMinor } from "../minor-json.ts";
import { businessDateAt } from "../organizations.ts";
import { getAssessment } from "./assessments.ts";
import {
  applyCreditChange,
  type CreditStatus,
  getCreditStatus,
  lockCustomerCredit,
} from "./credit-account.ts";
import { getCreditPolicy } from "./definitions.ts";

/**
 * Maker-checker for credit (DESIGN.md §5): a limit increase above the policy's threshold, and a
 * limit or terms more generous than the assessment recommends, wait for a second person with
 * credit.approve who is not the requester. Everything else applies at once. Every request and
 * decision is in the audit log.
 */

export const approvalKinds = ["limit", "temporary_increase"] as const;
export type ApprovalKind = (typeof approvalKinds)[number];
export const approvalStatuses = ["pending", "approved", "rejected"] as const;
export type ApprovalStatus = (typeof approvalStatuses)[number];
export const approvalGrounds = ["LIMIT_INCREASE_ABOVE_THRESHOLD", "POLICY_OVERRIDE"] as const;
export type ApprovalGround = (typeof approvalGrounds)[number];

/** Longest temporary increase: a quarter. Longer is a limit change and goes through assessment. */
export const temporaryIncreaseDaysMax = 92;

export type ApprovalRequest =
  | {
      readonly kind: "limit";
      readonly limitMinor: bigint;
      readonly terms: PaymentTerms;
      readonly assessmentId: string | null;
    }
  | { readonly kind: "temporary_increase"; readonly amountMinor: bigint; readonly expiresOn: string };

export interface Approval {
  readonly approvalId: string;
  readonly customerId: string;
  readonly customerCode: string;
  readonly customerName: string;
  readonly request: ApprovalRequest;
  readonly currentLimitMinor: bigint;
  readonly currency: string;
  readonly grounds: ReadonlyArray<ApprovalGround>;
  readonly status: ApprovalStatus;
  readonly requestedBy: string;
  readonly requestedByUserId: string | null;
  readonly reason: string;
  readonly decidedBy: string | null;
  readonly decidedByUserId: string | null;
  readonly decisionReason: string | null;
  readonly decidedAt: string | null;
  readonly createdAt: string;
}

export type CreditRequestOutcome =
  | { readonly outcome: "applied"; readonly credit: CreditStatus }
  | { readonly outcome: "pending"; readonly approval: Approval };

interface Payload {
  readonly request: ApprovalRequest;
  readonly currentLimitMinor: bigint;
  readonly currency: string;
  readonly grounds: ReadonlyArray<ApprovalGround>;
}

function toApproval(row: CreditApprovalsTable & { code: string; name: string }): Approval {
  const payload = parseMinor<Payload>(row.payload_json);
  return {
    approvalId: row.approval_id,
    customerId: row.customer_id,
    customerCode: row.code,
    customerName: row.name,
    request: payload.request,
    currentLimitMinor: payload.currentLimitMinor,
    currency: payload.currency,
    grounds: payload.grounds,
    status: row.status as ApprovalStatus,
    requestedBy: row.requested_by,
    requestedByUserId: row.requested_by_user_id,
    reason: row.reason,
    decidedBy: row.decided_by,
    decidedByUserId: row.decided_by_user_id,
    decisionReason: row.decision_reason,
    decidedAt: row.decided_at,
    createdAt: row.created_at,
  };
}

function approvalQuery(db: Executor, orgId: string) {
  return db
    .selectFrom("credit_approvals as a")
    .innerJoin("customers as c", (join) =>
      join.onRef("c.org_id", "=", "a.org_id").onRef("c.customer_id", "=", "a.customer_id"),
    )
    .selectAll("a")
    .select(["c.code", "c.name"])
    .where("a.org_id", "=", orgId);
}

export async function getApproval(db: Executor, orgId: string, approvalId: string): Promise<Approval> {
  const row = await approvalQuery(db, orgId).where("a.approval_id", "=", approvalId).executeTakeFirst();
  if (row === undefined) throw new AppError("NOT_FOUND", { params: { entity: "approval" } });
  return toApproval(row);
}

/** The approvals queue: pending requests oldest first; decided ones newest first. */
export async function listApprovals(
  db: Executor,
  orgId: string,
  filter: { readonly status: ApprovalStatus | "all"; readonly customerId?: string },
): Promise<Approval[]> {
  let query = approvalQuery(db, orgId);
  if (filter.status !== "all") query = query.where("a.status", "=", filter.status);
  if (filter.customerId !== undefined) query = query.where("a.customer_id", "=", filter.customerId);
  const rows = await query
    .orderBy("a.created_at", filter.status === "pending" ? "asc" : "desc")
    .orderBy("a.approval_id")
    .limit(500)
    .execute();
  return rows.map(toApproval);
}

export async function countPendingApprovals(
  db: Executor,
  orgId: string,
  customerId: string,
): Promise<number> {
  const row = await db
    .selectFrom("credit_approvals")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("org_id", "=", orgId)
    .where("customer_id", "=", customerId)
    .where("status", "=", "pending")
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

function reasonRequired(message: string): AppError {
  return new AppError("VALIDATION_FAILED", {
    detail: message,
    issues: [{ path: "reason", code: "REQUIRED", message }],
  });
}

/** Longer terms, or credit where cash in advance was recommended, are more generous. */
function termsMoreGenerous(asked: PaymentTerms, recommended: PaymentTerms): boolean {
  if (asked.kind === "cash_in_advance") return false;
  return recommended.kind === "cash_in_advance" || asked.days > recommended.days;
}

function termsEqual(a: PaymentTerms, b: PaymentTerms): boolean {
  return a.kind === b.kind && (a.kind === "cash_in_advance" || (b.kind === "net" && a.days === b.days));
}

async function openApproval(
  tx: Tx,
  actor: Actor,
  orgId: string,
  customerId: string,
  payload: Payload,
  reason: string,
): Promise<Approval> {
  const pending = await tx.db
    .selectFrom("credit_approvals")
    .select("approval_id")
    .where("org_id", "=", orgId)
    .where("customer_id", "=", customerId)
    .where("kind", "=", payload.request.kind)
    .where("status", "=", "pending")
    .executeTakeFirst();
  if (pending !== undefined) {
    throw new AppError("CONFLICT", {
      detail: "a request of this kind is already waiting for approval for this customer; decide it first",
      params: { approvalId: pending.approval_id },
    });
  }
  const approvalId = uuidv7();
  await tx.db
    .insertInto("credit_approvals")
    .values({
      org_id: orgId,
      approval_id: approvalId,
      customer_id: customerId,
      kind: payload.request.kind,
      payload_json: stringifyMinor(payload),
      status: "pending",
      requested_by_user_id: actor.userId,
      requested_by: actor.label,
      reason,
      decided_by_user_id: null,
      decided_by: null,
      decision_reason: null,
      decided_at: null,
      created_at: tx.now,
    })
    .execute();
  await appendAudit(tx, {
    orgId,
    actor,
    action: "credit.approval_requested",
    entityType: "customer",
    entityId: customerId,
    after: { approvalId, reason, ...JSON.parse(stringifyMinor(payload)) },
  });
  return getApproval(tx.db, orgId, approvalId);
}

/**
 * Sets a customer's limit and terms, usually by accepting the recommendation of an assessment
 * (the customer's current one unless `assessmentId` names another of its assessments). Departing
 * from the recommendation needs a reason; departing in the customer's favour (a higher limit or
 * longer terms) is a policy override and needs approval, as does an increase above the policy's
 * threshold. A lower limit or shorter terms than recommended only reduce risk and apply at once.
 */
export async function requestLimit(
  tx: Tx,
  actor: Actor,
  orgId: string,
  customerId: string,
  input: {
    readonly limitMinor: bigint;
    readonly terms: PaymentTerms;
    readonly assessmentId?: string | undefined;
    readonly reason?: string | undefined;
  },
): Promise<CreditRequestOutcome> {
  await lockCustomerCredit(tx, orgId, customerId);
  const status = await getCreditStatus(tx.db, orgId, customerId);
  const policy = (await getCreditPolicy(tx.db, orgId)).definition;
  if (input.limitMinor < 0n) {
    throw new AppError("VALIDATION_FAILED", {
      issues: [{ path: "limit", code: "OUT_OF_RANGE", message: "a limit is not negative" }],
    });
  }
  if (input.terms.kind === "net" && !(input.terms.days >= 0 && input.terms.days <= netTermsDaysMax)) {
    throw new AppError("VALIDATION_FAILED", {
      issues: [{ path: "terms.days", code: "OUT_OF_RANGE", message: `0 to ${netTermsDaysMax} days` }],
    });
  }
  const assessmentId = input.assessmentId ?? status.assessmentId;
  const assessment = assessmentId === null ? null : await getAssessment(tx.db, orgId, assessmentId);
  if (assessment !== null && assessment.customerId !== customerId) {
    throw new AppError("NOT_FOUND", { params: { entity: "assessment" } });
  }
  const recommended = assessment?.recommendation ?? null;
  const grounds: ApprovalGround[] = [];
  if (limitChangeNeedsApproval(policy, status.limitMinor, input.limitMinor)) {
    grounds.push("LIMIT_INCREASE_ABOVE_THRESHOLD");
  }
  const generous =
    recommended === null
      ? input.limitMinor > 0n
      : input.limitMinor > recommended.limitMinor || termsMoreGenerous(input.terms, recommended.terms);
  if (generous) grounds.push("POLICY_OVERRIDE");
  const departs =
    recommended === null ||
    input.limitMinor !== recommended.limitMinor ||
    !termsEqual(input.terms, recommended.terms);
  const reason = input.reason?.trim() ?? "";
  if (departs && reason === "") {
    throw reasonRequired(
      recommended === null
        ? "without an assessment every limit is a decision of its own: say why"
        : "the limit or terms differ from the recommendation: say why",
    );
  }
  const recorded = reason === "" ? `accepted the recommendation of assessment ${assessmentId}` : reason;
  const request: ApprovalRequest = {
    kind: "limit",
    limitMinor: input.limitMinor,
    terms: input.terms,
    assessmentId,
  };
  if (grounds.length > 0) {
    const payload = { request, currentLimitMinor: status.limitMinor, currency: status.currency, grounds };
    return {
      outcome: "pending",
      approval: await openApproval(tx, actor, orgId, customerId, payload, recorded),
    };
  }
  const credit = await applyCreditChange(
    tx,
    actor,
    orgId,
    customerId,
    { kind: "limit", limitMinor: input.limitMinor, terms: input.terms },
    { reason: recorded },
  );
  return { outcome: "applied", credit };
}

/**
 * A temporary increase on top of the limit through `expiresOn` (at most `temporaryIncreaseDaysMax`
 * days ahead); it replaces any earlier one. Above the approval threshold it waits for approval.
 */
export async function requestTemporaryIncrease(
  tx: Tx,
  actor: Actor,
  orgId: string,
  customerId: string,
  input: { readonly amountMinor: bigint; readonly expiresOn: string; readonly reason: string },
): Promise<CreditRequestOutcome> {
  await lockCustomerCredit(tx, orgId, customerId);
  const status = await getCreditStatus(tx.db, orgId, customerId);
  const policy = (await getCreditPolicy(tx.db, orgId)).definition;
  const today = parseBusinessDate(await businessDateAt(tx.db, orgId, tx.now));
  const expires = parseBusinessDate(input.expiresOn);
  const latest = addDays(today, temporaryIncreaseDaysMax);
  if (compareDates(expires, today) < 0 || compareDates(expires, latest) > 0) {
    throw new AppError("VALIDATION_FAILED", {
      issues: [
        {
          path: "expiresOn",
          code: "OUT_OF_RANGE",
          message: `from today to ${formatBusinessDate(latest)} (${temporaryIncreaseDaysMax} days)`,
        },
      ],
    });
  }
  if (input.amountMinor <= 0n) {
    throw new AppError("VALIDATION_FAILED", {
      issues: [{ path: "amount", code: "OUT_OF_RANGE", message: "a temporary increase is more than zero" }],
    });
  }
  const reason = input.reason.trim();
  if (reason === "") throw reasonRequired("say why the customer needs more credit for a while");
  if (input.amountMinor > policy.approvalThresholdMinor) {
    const payload: Payload = {
      request: { kind: "temporary_increase", amountMinor: input.amountMinor, expiresOn: input.expiresOn },
      currentLimitMinor: status.limitMinor,
      currency: status.currency,
      grounds: ["LIMIT_INCREASE_ABOVE_THRESHOLD"],
    };
    return {
      outcome: "pending",
      approval: await openApproval(tx, actor, orgId, customerId, payload, reason),
    };
  }
  const credit = await applyCreditChange(
    tx,
    actor,
    orgId,
    customerId,
    { kind: "temporary_increase", amountMinor: input.amountMinor, expiresOn: input.expiresOn },
    { reason },
  );
  return { outcome: "applied", credit };
}

/**
 * Approves or rejects a pending request. The decider must not be the requester (SELF_APPROVAL,
 * whatever their role: one person cannot be maker and checker) and must be a person, not the
 * system. A request is decided once (ALREADY_DECIDED). Approving applies the change as requested.
 */
export async function decideApproval(
  tx: Tx,
  actor: Actor,
  orgId: string,
  approvalId: string,
  input: { readonly decision: "approve" | "reject"; readonly reason?: string | undefined },
): Promise<Approval> {
  const approval = await getApproval(tx.db, orgId, approvalId);
  await lockCustomerCredit(tx, orgId, approval.customerId);
  const reason = input.reason?.trim() ?? "";
  if (input.decision === "reject" && reason === "") throw reasonRequired("say why the request is rejected");
  if (actor.userId === null || actor.userId === approval.requestedByUserId) {
    throw new AppError("SELF_APPROVAL", {
      detail: "a credit request is approved by a second person, not by the one who made it",
    });
  }
  const status: ApprovalStatus = input.decision === "approve" ? "approved" : "rejected";
  const updated = await tx.db
    .updateTable("credit_approvals")
    .set({
      status,
      decided_by_user_id: actor.userId,
      decided_by: actor.label,
      decision_reason: reason === "" ? null : reason,
      decided_at: tx.now,
    })
    .where("org_id", "=", orgId)
    .where("approval_id", "=", approvalId)
    .where("status", "=", "pending")
    .executeTakeFirst();
  if (updated.numUpdatedRows === 0n) {
    throw new AppError("ALREADY_DECIDED", { detail: `the request was already ${approval.status}` });
  }
  await appendAudit(tx, {
    orgId,
    actor,
    action: `credit.approval_${status}`,
    entityType: "customer",
    entityId: approval.customerId,
    before: { approvalId, status: "pending" },
    after: { approvalId, status, reason: reason === "" ? null : reason },
  });
  if (status === "approved") {
    const request = approval.request;
    const extra = { reason: approval.reason, approvalId };
    await applyCreditChange(
      tx,
      actor,
      orgId,
      approval.customerId,
      request.kind === "limit"
        ? { kind: "limit", limitMinor: request.limitMinor, terms: request.terms }
        : { kind: "temporary_increase", amountMinor: request.amountMinor, expiresOn: request.expiresOn },
      extra,
    );
  }
  return getApproval(tx.db, orgId, approvalId);
}
