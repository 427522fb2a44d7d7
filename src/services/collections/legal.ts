import { AppError } from "../../core/errors.ts";
import { uuidv7 } from "../../core/ids.ts";
import type { Executor } from "../../store/database.ts";
import { appendAudit } from "../audit.ts";
import type { Actor, Tx } from "../command.ts";
import { getCustomer } from "../customers.ts";
import { todayOf } from "../receivables/open-items.ts";

/**
 * Legal escalation: a case per customer moves through stages — lawyer letter, lawsuit filed,
 * hearing, judgment, enforcement — each step dated, with its cost and an attached document (the
 * letter, the complaint, the judgment); it closes with an outcome and what was recovered.
 */

export const legalStages = [
  "lawyer_letter",
  "lawsuit_filed",
  "hearing",
  "judgment",
  "enforcement",
  "closed",
] as const;
export type LegalStage = (typeof legalStages)[number];
export const legalOutcomes = ["paid", "settled", "won", "lost", "withdrawn", "uncollectible"] as const;
export type LegalOutcome = (typeof legalOutcomes)[number];

/** Largest attached document: 5 MiB. */
export const legalDocumentBytesMax = 5 * 1024 * 1024;

export interface LegalEvent {
  readonly eventId: string;
  readonly stage: LegalStage;
  readonly occurredOn: string;
  readonly costMinor: bigint;
  readonly note: string | null;
  readonly document: { readonly name: string; readonly contentType: string; readonly bytes: number } | null;
  readonly createdBy: string;
}

export interface LegalCase {
  readonly caseId: string;
  readonly customerId: string;
  readonly customerName: string;
  readonly stage: LegalStage;
  readonly currency: string;
  readonly claimedMinor: bigint;
  readonly counsel: string | null;
  readonly court: string | null;
  readonly caseNumber: string | null;
  readonly openedOn: string;
  readonly outcome: LegalOutcome | null;
  readonly recoveredMinor: bigint;
  readonly closedOn: string | null;
  readonly costsMinor: bigint;
  readonly events: ReadonlyArray<LegalEvent>;
}

export async function getLegalCase(db: Executor, orgId: string, caseId: string): Promise<LegalCase> {
  const [found] = await listLegalCases(db, orgId, { caseId, limit: 1 });
  if (found === undefined) throw new AppError("NOT_FOUND", { params: { entity: "legal case" } });
  return found;
}

export async function listLegalCases(
  db: Executor,
  orgId: string,
  filter: { readonly customerId?: string | undefined; readonly caseId?: string; readonly limit: number },
): Promise<LegalCase[]> {
  let query = db
    .selectFrom("legal_cases as l")
    .innerJoin("customers as c", (join) =>
      join.onRef("c.org_id", "=", "l.org_id").onRef("c.customer_id", "=", "l.customer_id"),
    )
    .selectAll("l")
    .select("c.name as customer_name")
    .where("l.org_id", "=", orgId);
  if (filter.customerId !== undefined) query = query.where("l.customer_id", "=", filter.customerId);
  if (filter.caseId !== undefined) query = query.where("l.case_id", "=", filter.caseId);
  const cases = await query.orderBy("l.opened_on", "desc").limit(filter.limit).execute();
  if (cases.length === 0) return [];
  const events = await db
    .selectFrom("legal_case_events")
    .select([
      "case_id",
      "event_id",
      "stage",
      "occurred_on",
      "cost_minor",
      "note",
      "document_name",
      "document_type",
      "document_base64",
      "created_by",
    ])
    .where("org_id", "=", orgId)
    .where(
      "case_id",
      "in",
      cases.map((row) => row.case_id),
    )
    .orderBy("occurred_on")
    .orderBy("event_id")
    .execute();
  return cases.map((row) => {
    const own = events
      .filter((event) => event.case_id === row.case_id)
      .map(
        (event): LegalEvent => ({
          eventId: event.event_id,
          stage: event.stage as LegalStage,
          occurredOn: event.occurred_on,
          costMinor: BigInt(event.cost_minor),
          note: event.note,
          document:
            event.document_name === null
              ? null
              : {
                  name: event.document_name,
                  contentType: event.document_type ?? "application/octet-stream",
                  bytes: Buffer.from(event.document_base64 ?? "", "base64").length,
                },
          createdBy: event.created_by,
        }),
      );
    return {
      caseId: row.case_id,
      customerId: row.customer_id,
      customerName: row.customer_name,
      stage: row.stage as LegalStage,
      currency: row.currency,
      claimedMinor: BigInt(row.claimed_minor),
      counsel: row.counsel,
      court: row.court,
      caseNumber: row.case_number,
      openedOn: row.opened_on,
      outcome: row.outcome as LegalOutcome | null,
      recoveredMinor: BigInt(row.recovered_minor),
      closedOn: row.closed_on,
      costsMinor: own.reduce((sum, event) => sum + event.costMinor, 0n),
      events: own,
    };
  });
}

export interface LegalStepInput {
  readonly stage: LegalStage;
  readonly occurredOn: string | null;
  readonly costMinor: bigint;
  readonly note: string | null;
  readonly document: { readonly name: string; readonly contentType: string; readonly base64: string } | null;
  /** Only with the closing stage. */
  readonly outcome: LegalOutcome | null;
  readonly recoveredMinor: bigint | null;
  readonly counsel?: string | null;
  readonly court?: string | null;
  readonly caseNumber?: string | null;
}

function checkStep(input: LegalStepInput, today: string, opened: string | null) {
  const issues = [];
  const on = input.occurredOn ?? today;
  if (on > today) issues.push({ path: "occurredOn", code: "FUTURE", message: `not after today (${today})` });
  if (opened !== null && on < opened)
    issues.push({ path: "occurredOn", code: "BEFORE_CASE", message: `on or after ${opened}` });
  if (input.costMinor < 0n) issues.push({ path: "cost", code: "NEGATIVE", message: "0 or more" });
  if (input.document !== null) {
    const bytes = Buffer.from(input.document.base64, "base64").length;
    if (bytes === 0 || bytes > legalDocumentBytesMax) {
      issues.push({
        path: "document.base64",
        code: "SIZE",
        message: `1 byte to ${legalDocumentBytesMax} bytes`,
      });
    }
  }
  const closing = input.stage === "closed";
  if (closing && input.outcome === null)
    issues.push({ path: "outcome", code: "REQUIRED", message: "how the case ended" });
  if (!closing && input.outcome !== null)
    issues.push({ path: "outcome", code: "ONLY_WHEN_CLOSED", message: "only with the closed stage" });
  if (issues.length > 0) throw new AppError("VALIDATION_FAILED", { issues });
  return on;
}

async function addEvent(
  tx: Tx,
  actor: Actor,
  orgId: string,
  caseId: string,
  input: LegalStepInput,
  on: string,
) {
  await tx.db
    .insertInto("legal_case_events")
    .values({
      org_id: orgId,
      event_id: uuidv7(),
      case_id: caseId,
      stage: input.stage,
      occurred_on: on,
      cost_minor: input.costMinor,
      note: input.note,
      document_name: input.document?.name ?? null,
      document_type: input.document?.contentType ?? null,
      document_base64: input.document?.base64 ?? null,
      created_by: actor.label,
      created_at: tx.now,
    })
    .execute();
}

/** Opens a legal case on a customer at its first stage (usually the lawyer letter). */
export async function openLegalCase(
  tx: Tx,
  actor: Actor,
  orgId: string,
  customerId: string,
  input: LegalStepInput & { readonly claimedMinor: bigint },
): Promise<LegalCase> {
  await getCustomer(tx.db, orgId, customerId);
  const on = checkStep(input, await todayOf(tx, orgId), null);
  if (input.stage === "closed") {
    throw new AppError("VALIDATION_FAILED", {
      issues: [{ path: "stage", code: "CLOSED", message: "a case opens at a stage before closed" }],
    });
  }
  if (input.claimedMinor <= 0n) {
    throw new AppError("VALIDATION_FAILED", {
      issues: [{ path: "claimed", code: "NOT_POSITIVE", message: "more than 0" }],
    });
  }
  const organization = await tx.db
    .selectFrom("organizations")
    .select("base_currency")
    .where("org_id", "=", orgId)
    .executeTakeFirstOrThrow();
  const caseId = uuidv7();
  await tx.db
    .insertInto("legal_cases")
    .values({
      org_id: orgId,
      case_id: caseId,
      customer_id: customerId,
      stage: input.stage,
      currency: organization.base_currency,
      claimed_minor: input.claimedMinor,
      counsel: input.counsel ?? null,
      court: input.court ?? null,
      case_number: input.caseNumber ?? null,
      opened_on: on,
      outcome: null,
      recovered_minor: 0n,
      closed_on: null,
      created_by: actor.label,
      created_at: tx.now,
    })
    .execute();
  await addEvent(tx, actor, orgId, caseId, input, on);
  await appendAudit(tx, {
    orgId,
    actor,
    action: "legal_case.opened",
    entityType: "legal_case",
    entityId: caseId,
    before: null,
    after: { customerId, stage: input.stage, claimedMinor: String(input.claimedMinor) },
  });
  return getLegalCase(tx.db, orgId, caseId);
}

/** Records the next stage of a case (stages only move forward), closing it with an outcome at `closed`. */
export async function advanceLegalCase(
  tx: Tx,
  actor: Actor,
  orgId: string,
  caseId: string,
  input: LegalStepInput,
): Promise<LegalCase> {
  const before = await getLegalCase(tx.db, orgId, caseId);
  if (before.stage === "closed") throw new AppError("CONFLICT", { detail: "the case is closed" });
  if (legalStages.indexOf(input.stage) < legalStages.indexOf(before.stage)) {
    throw new AppError("VALIDATION_FAILED", {
      issues: [{ path: "stage", code: "BACKWARDS", message: `at or after ${before.stage}` }],
    });
  }
  const on = checkStep(input, await todayOf(tx, orgId), before.openedOn);
  await addEvent(tx, actor, orgId, caseId, input, on);
  await tx.db
    .updateTable("legal_cases")
    .set({
      stage: input.stage,
      ...(input.counsel === undefined ? {} : { counsel: input.counsel }),
      ...(input.court === undefined ? {} : { court: input.court }),
      ...(input.caseNumber === undefined ? {} : { case_number: input.caseNumber }),
      ...(input.stage === "closed"
        ? { outcome: input.outcome, closed_on: on, recovered_minor: input.recoveredMinor ?? 0n }
        : {}),
    })
    .where("org_id", "=", orgId)
    .where("case_id", "=", caseId)
    .execute();
  await appendAudit(tx, {
    orgId,
    actor,
    action: "legal_case.advanced",
    entityType: "legal_case",
    entityId: caseId,
    before: { stage: before.stage },
    after: { stage: input.stage, outcome: input.outcome, costMinor: String(input.costMinor) },
  });
  return getLegalCase(tx.db, orgId, caseId);
}

/** An attached document's bytes, for download. */
export async function legalDocument(db: Executor, orgId: string, caseId: string, eventId: string) {
  const row = await db
    .selectFrom("legal_case_events")
    .select(["document_name", "document_type", "document_base64"])
    .where("org_id", "=", orgId)
    .where("case_id", "=", caseId)
    .where("event_id", "=", eventId)
    .executeTakeFirst();
  if (row === undefined || row.document_name === null)
    throw new AppError("NOT_FOUND", { params: { entity: "document" } });
  return {
    name: row.document_name,
    contentType: row.document_type ?? "application/octet-stream",
    bytes: Buffer.from(row.document_base64 ?? "", "base64"),
  };
}
