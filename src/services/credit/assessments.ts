import { type Decimal, toCanonicalString, toFixedString } from "../../core/decimal.ts";
import { AppError } from "../../core/errors.ts";
import { uuidv7 } from "../../core/ids.ts";
import {
  type AltmanZone,
  altmanZ,
  assessmentExpiresOn,
  type CreditRecommendation,
  computeRatios,
  evaluateScorecard,
  type FactorKey,
  type FinancialStatement,
  factorInputs,
  formatRatio,
  type Grade,
  type RatioKey,
  type RatioReason,
  ratioKeys,
  recommendCredit,
  statementItems,
} from "../../domain/credit/index.ts";
import type { Executor } from "../../store/database.ts";
import type { CreditAssessmentsTable } from "../../store/schema.ts";
import { appendAudit } from "../audit.ts";
import type { Actor, Tx } from "../command.ts";
import { getCustomer } from "../customers.ts";
import { parseMinor, stringifyMinor } from "../minor-json.ts";
import { businessDateAt } from "../organizations.ts";
import { warnOnEvent } from "../risk/warnings.ts";
import { lockCustomerCredit } from "./credit-account.ts";
import { getCreditPolicy, getScorecard } from "./definitions.ts";
import { type CreditReport, listCreditReports, listStatements, type StoredStatement } from "./evidence.ts";

/**
 * A credit assessment: evidence in (the latest statements and the ones before, the latest credit
 * report), an explainable score and grade out, with the recommendation the policy makes for that
 * grade. Stored once and never changed: its inputs are copied into it, so correcting a statement
 * later does not rewrite history. Decimals are text (ratios with four decimals, points exact).
 */
export interface Assessment {
  readonly assessmentId: string;
  readonly customerId: string;
  readonly assessedOn: string;
  readonly expiresOn: string;
  readonly score: number;
  readonly grade: Grade;
  readonly reasons: ReadonlyArray<{
    readonly code: string;
    readonly key: FactorKey;
    readonly lostPoints: string;
  }>;
  readonly factors: ReadonlyArray<{
    readonly key: FactorKey;
    readonly value: string | null;
    readonly binLabel: string | null;
    readonly points: number;
    readonly weight: number;
    readonly contribution: string;
    readonly lostPoints: string;
  }>;
  readonly ratios: Readonly<
    Record<RatioKey, { readonly value: string | null; readonly reason: RatioReason | null }>
  >;
  readonly altman: {
    readonly score: string | null;
    readonly zone: AltmanZone | null;
    readonly reason: RatioReason | null;
  };
  readonly recommendation: CreditRecommendation;
  readonly currency: string;
  readonly statementPeriodEnd: string | null;
  readonly creditReportId: string | null;
  readonly scorecardVersion: number;
  readonly policyVersion: number;
  readonly createdBy: string;
  readonly createdAt: string;
}

const decimalText = (value: Decimal): string => toCanonicalString(value);

function statementJson(statement: FinancialStatement | null): unknown {
  if (statement === null) return null;
  return {
    periodEnd: statement.periodEnd,
    months: statement.months,
    currency: statement.currency,
    items: Object.fromEntries(
      statementItems.map((item) => [item, statement[item] === null ? null : String(statement[item])]),
    ),
  };
}

function toAssessment(row: CreditAssessmentsTable): Assessment {
  const result = parseMinor<
    Omit<
      Assessment,
      | "assessmentId"
      | "customerId"
      | "assessedOn"
      | "expiresOn"
      | "score"
      | "grade"
      | "createdBy"
      | "createdAt"
    >
  >(row.result_json);
  return {
    ...result,
    assessmentId: row.assessment_id,
    customerId: row.customer_id,
    assessedOn: row.assessed_on,
    expiresOn: row.expires_on,
    score: Number(row.score),
    grade: row.grade as Grade,
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

/** The evidence an assessment on `today` uses: statements and reports dated on or before it. */
function pickEvidence(
  statements: ReadonlyArray<StoredStatement>,
  reports: ReadonlyArray<CreditReport>,
  today: string,
): { current: StoredStatement | null; previous: StoredStatement | null; report: CreditReport | null } {
  const dated = statements.filter((s) => s.periodEnd <= today);
  return {
    current: dated[0] ?? null,
    previous: dated[1] ?? null,
    report: reports.find((r) => r.reportedOn <= today) ?? null,
  };
}

/**
 * Assesses a customer now: scores the latest evidence on the scorecard in force, asks the policy
 * in force for a recommendation, stores the assessment and makes it the customer's current one
 * (grade and expiry; the limit changes only when someone accepts the recommendation). Without
 * statements and without a credit report there is nothing to assess: STATEMENT_REQUIRED.
 *
 * The payment-history factors stay "missing" until receivables exist (issue 6 feeds them).
 */
export async function assessCustomer(
  tx: Tx,
  actor: Actor,
  orgId: string,
  customerId: string,
): Promise<Assessment> {
  await getCustomer(tx.db, orgId, customerId);
  await lockCustomerCredit(tx, orgId, customerId);
  const today = await businessDateAt(tx.db, orgId, tx.now);
  const { current, previous, report } = pickEvidence(
    await listStatements(tx.db, orgId, customerId),
    await listCreditReports(tx.db, orgId, customerId),
    today,
  );
  if (current === null && report === null) {
    throw new AppError("STATEMENT_REQUIRED", {
      detail: "the customer has no financial statements and no credit report dated on or before today",
    });
  }
  const scorecard = (await getScorecard(tx.db, orgId)).definition;
  const policy = (await getCreditPolicy(tx.db, orgId)).definition;

  const ratios = current === null ? null : computeRatios(current, previous);
  const altman = current === null ? null : altmanZ(current);
  const evaluation = evaluateScorecard(
    scorecard,
    factorInputs({
      ratios,
      altman,
      creditReport:
        report === null
          ? null
          : {
              score: report.score === null ? null : { numerator: BigInt(report.score), denominator: 1n },
              defaultsCount: report.defaultsCount,
              lawsuitsCount: report.lawsuitsCount,
              enforcementsCount: report.enforcementsCount,
            },
      paymentHistory: null,
    }),
  );
  const recommendation = recommendCredit(policy, evaluation.grade, current);
  const assessmentId = uuidv7();
  const result = {
    reasons: evaluation.reasons.map((r) => ({
      code: r.code,
      key: r.key,
      lostPoints: decimalText(r.lostPoints),
    })),
    factors: evaluation.factors.map((f) => ({
      key: f.key,
      value: f.value,
      binLabel: f.binLabel,
      points: f.points,
      weight: f.weight,
      contribution: decimalText(f.contribution),
      lostPoints: decimalText(f.lostPoints),
    })),
    ratios: Object.fromEntries(
      ratioKeys.map((key) => {
        const ratio = ratios?.[key] ?? { value: null, reason: "MISSING" as const };
        return [
          key,
          ratio.value === null
            ? { value: null, reason: ratio.reason }
            : { value: formatRatio(ratio, "half-even"), reason: null },
        ];
      }),
    ),
    altman:
      altman === null
        ? { score: null, zone: null, reason: "MISSING" }
        : altman.score === null
          ? { score: null, zone: null, reason: altman.reason }
          : { score: toFixedString(altman.score, 4, "half-even"), zone: altman.zone, reason: null },
    recommendation,
    currency: policy.currency,
    statementPeriodEnd: current?.periodEnd ?? null,
    creditReportId: report?.reportId ?? null,
    scorecardVersion: scorecard.version,
    policyVersion: policy.version,
  };
  const row: CreditAssessmentsTable = {
    org_id: orgId,
    assessment_id: assessmentId,
    customer_id: customerId,
    scorecard_version: BigInt(scorecard.version),
    policy_version: BigInt(policy.version),
    inputs_json: JSON.stringify({
      statement: statementJson(current),
      previousStatement: statementJson(previous),
      creditReport: report,
      paymentHistory: null,
    }),
    result_json: stringifyMinor(result),
    score: BigInt(evaluation.score),
    grade: evaluation.grade,
    recommended_limit_minor: recommendation.limitMinor,
    currency: policy.currency,
    assessed_on: today,
    expires_on: assessmentExpiresOn(policy, today),
    created_by: actor.label,
    created_at: tx.now,
  };
  await tx.db.insertInto("credit_assessments").values(row).execute();
  await tx.db
    .updateTable("customer_credit")
    .set({
      grade: row.grade,
      assessment_id: assessmentId,
      assessment_expires_on: row.expires_on,
      updated_at: tx.now,
    })
    .where("org_id", "=", orgId)
    .where("customer_id", "=", customerId)
    .execute();
  await tx.db
    .updateTable("credit_tasks")
    .set({ status: "done", assessment_id: assessmentId, completed_at: tx.now })
    .where("org_id", "=", orgId)
    .where("customer_id", "=", customerId)
    .where("kind", "=", "reassessment")
    .where("status", "=", "open")
    .execute();
  await appendAudit(tx, {
    orgId,
    actor,
    action: "credit.assessed",
    entityType: "customer",
    entityId: customerId,
    after: {
      assessmentId,
      score: evaluation.score,
      grade: evaluation.grade,
      reasons: result.reasons.map((r) => r.code),
      recommendedLimitMinor: recommendation.limitMinor.toString(),
      expiresOn: row.expires_on,
      scorecardVersion: scorecard.version,
      policyVersion: policy.version,
    },
  });
  // A worse score or grade than the assessment before may raise an early warning, in this transaction.
  await warnOnEvent(tx, actor, orgId, customerId);
  return toAssessment(row);
}

export async function getAssessment(db: Executor, orgId: string, assessmentId: string): Promise<Assessment> {
  const row = await db
    .selectFrom("credit_assessments")
    .selectAll()
    .where("org_id", "=", orgId)
    .where("assessment_id", "=", assessmentId)
    .executeTakeFirst();
  if (row === undefined) throw new AppError("NOT_FOUND", { params: { entity: "assessment" } });
  return toAssessment(row);
}

/** A customer's assessments, newest first. */
export async function listAssessments(
  db: Executor,
  orgId: string,
  customerId: string,
): Promise<Assessment[]> {
  await getCustomer(db, orgId, customerId);
  const rows = await db
    .selectFrom("credit_assessments")
    .selectAll()
    .where("org_id", "=", orgId)
    .where("customer_id", "=", customerId)
    .orderBy("created_at", "desc")
    .orderBy("assessment_id", "desc")
    .limit(200)
    .execute();
  return rows.map(toAssessment);
}
