import { z } from "zod";
import { type Decimal, decimal, toFixedString } from "../../core/decimal.ts";
import { AppError } from "../../core/errors.ts";
import { formatMinor, parseMinorAt } from "../../core/money.ts";
import {
  altmanZones,
  type CreditPolicy,
  type CreditRecommendation,
  creditCheckReasons,
  factorKeys,
  type GradePolicy,
  grades,
  limitComponents,
  type PaymentTerms,
  pricingBands,
  ratioKeys,
  ratioReasons,
  type Scorecard,
  statementItems,
} from "../../domain/credit/index.ts";
import { dateText } from "../../io/request-fields.ts";
import { runCommand, type Tx } from "../../services/command.ts";
import {
  type Approval,
  approvalGrounds,
  approvalStatuses,
  type CreditRequestOutcome,
  countPendingApprovals,
  decideApproval,
  listApprovals,
  requestLimit,
  requestTemporaryIncrease,
} from "../../services/credit/approvals.ts";
import { type Assessment, assessCustomer, listAssessments } from "../../services/credit/assessments.ts";
import { checkCredit } from "../../services/credit/check.ts";
import { applyCreditChange, assertReason, type CreditStatus } from "../../services/credit/credit-account.ts";
import {
  getCreditPolicy,
  getScorecard,
  saveCreditPolicy,
  saveScorecard,
  type Versioned,
} from "../../services/credit/definitions.ts";
import {
  type CreditReport,
  listCreditReports,
  listStatements,
  recordCreditReport,
  recordStatement,
  type StoredStatement,
} from "../../services/credit/evidence.ts";
import { listTasks, runReassessments, taskStatuses, taskTriggers } from "../../services/credit/tasks.ts";
import { getCustomer } from "../../services/customers.ts";
import { businessDateAt, getOrganization } from "../../services/organizations.ts";
import { actorOf, membershipOf } from "../access.ts";
import type { ApiApp, ApiDeps } from "../deps.ts";
import { idParam, orgParams } from "../schemas.ts";

const shareOut = (value: Decimal): string => toFixedString(value, 4, "half-even");

const amountSchema = z.string().max(40);
const reasonSchema = z.string().trim().max(500);
const termsSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("net"), days: z.number().int().min(0).max(365) }),
  z.strictObject({ kind: z.literal("cash_in_advance") }),
]);
const termsView = z.union([
  z.object({ kind: z.literal("net"), days: z.number() }),
  z.object({ kind: z.literal("cash_in_advance") }),
]);

const exposureView = z.object({
  openReceivables: z.string(),
  unbilledInstallments: z.string(),
  openOrders: z.string(),
  total: z.string(),
});
const checkView = z.object({
  decision: z.enum(["pass", "warn", "block"]),
  reasons: z.array(z.enum(creditCheckReasons)),
  effectiveLimit: z.string(),
  toleranceLimit: z.string(),
  exposureAfter: z.string(),
  headroom: z.string(),
});
const creditView = z.object({
  customerId: z.string(),
  currency: z.string(),
  limit: z.string(),
  terms: termsView,
  temporaryIncrease: z.object({ amount: z.string(), expiresOn: z.string() }).nullable(),
  effectiveLimit: z.string(),
  onHold: z.boolean(),
  holdReason: z.string().nullable(),
  grade: z.string().nullable(),
  score: z.number().nullable(),
  assessmentId: z.string().nullable(),
  assessmentExpiresOn: z.string().nullable(),
  exposure: exposureView,
  utilization: z.string().nullable(),
  headroom: z.string(),
  check: checkView.pick({ decision: true, reasons: true }),
  pendingApprovals: z.number(),
});

const statementItemsSchema = z.strictObject(
  Object.fromEntries(statementItems.map((item) => [item, amountSchema.nullable().optional()])) as Record<
    (typeof statementItems)[number],
    z.ZodOptional<z.ZodNullable<typeof amountSchema>>
  >,
);
const issueView = z.object({ path: z.string(), code: z.string(), message: z.string() });
export const statementView = z.object({
  statementId: z.string(),
  periodEnd: z.string(),
  months: z.number(),
  currency: z.string(),
  items: z.record(z.string(), z.string().nullable()),
  source: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  warnings: z.array(issueView),
});
const creditReportFields = {
  source: z.string().trim().min(1).max(100),
  reportedOn: dateText,
  score: z.number().int().min(0).max(100).nullable(),
  defaultsCount: z.number().int().min(0).max(100_000),
  lawsuitsCount: z.number().int().min(0).max(100_000),
  enforcementsCount: z.number().int().min(0).max(100_000),
  notes: z.string().trim().max(2000).nullable().optional(),
};
const creditReportView = z.object({
  reportId: z.string(),
  source: z.string(),
  reportedOn: z.string(),
  score: z.number().nullable(),
  defaultsCount: z.number(),
  lawsuitsCount: z.number(),
  enforcementsCount: z.number(),
  notes: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
});
const ratioView = z.object({ value: z.string().nullable(), reason: z.enum(ratioReasons).nullable() });
const recommendationView = z.object({
  grade: z.enum(grades),
  limit: z.string(),
  terms: termsView,
  earlyDiscountEligible: z.boolean(),
  installmentEligible: z.boolean(),
  pricingBand: z.enum(pricingBands),
  explanation: z.array(
    z.object({
      component: z.enum(limitComponents),
      share: z.string().nullable(),
      base: z.string().nullable(),
      amount: z.string().nullable(),
    }),
  ),
  binding: z.enum(limitComponents).nullable(),
});
const assessmentView = z.object({
  assessmentId: z.string(),
  customerId: z.string(),
  assessedOn: z.string(),
  expiresOn: z.string(),
  score: z.number(),
  grade: z.enum(grades),
  reasons: z.array(z.object({ code: z.string(), key: z.enum(factorKeys), lostPoints: z.string() })),
  factors: z.array(
    z.object({
      key: z.enum(factorKeys),
      value: z.string().nullable(),
      binLabel: z.string().nullable(),
      points: z.number(),
      weight: z.number(),
      contribution: z.string(),
      lostPoints: z.string(),
    }),
  ),
  ratios: z.object(
    Object.fromEntries(ratioKeys.map((key) => [key, ratioView])) as Record<
      (typeof ratioKeys)[number],
      typeof ratioView
    >,
  ),
  altman: z.object({
    score: z.string().nullable(),
    zone: z.enum(altmanZones).nullable(),
    reason: z.enum(ratioReasons).nullable(),
  }),
  recommendation: recommendationView,
  currency: z.string(),
  statementPeriodEnd: z.string().nullable(),
  creditReportId: z.string().nullable(),
  scorecardVersion: z.number(),
  policyVersion: z.number(),
  createdBy: z.string(),
  createdAt: z.string(),
});
const approvalView = z.object({
  approvalId: z.string(),
  customerId: z.string(),
  customerCode: z.string(),
  customerName: z.string(),
  kind: z.enum(["limit", "temporary_increase"]),
  request: z.object({
    limit: z.string().optional(),
    terms: termsView.optional(),
    assessmentId: z.string().nullable().optional(),
    amount: z.string().optional(),
    expiresOn: z.string().optional(),
  }),
  currentLimit: z.string(),
  currency: z.string(),
  grounds: z.array(z.enum(approvalGrounds)),
  status: z.enum(approvalStatuses),
  requestedBy: z.string(),
  requestedByUserId: z.string().nullable(),
  reason: z.string(),
  decidedBy: z.string().nullable(),
  decisionReason: z.string().nullable(),
  decidedAt: z.string().nullable(),
  createdAt: z.string(),
});
const outcomeView = z.object({
  outcome: z.enum(["applied", "pending"]),
  credit: creditView.optional(),
  approval: approvalView.optional(),
});

const binSchema = z.strictObject({
  label: z.string().trim().min(1).max(40),
  min: z.string().max(40).optional(),
  max: z.string().max(40).optional(),
  points: z.number().int(),
});
const scorecardBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  factors: z
    .array(
      z.strictObject({
        key: z.enum(factorKeys),
        weight: z.number(),
        missingPoints: z.number().int(),
        bins: z.array(binSchema).min(1).max(20),
      }),
    )
    .min(1)
    .max(factorKeys.length),
  grades: z
    .array(z.strictObject({ grade: z.enum(grades), minScore: z.number().int() }))
    .length(grades.length),
});
const scorecardView = scorecardBody.extend({
  version: z.number(),
  createdBy: z.string().nullable(),
  createdAt: z.string().nullable(),
});
const shareSchema = z.string().max(20);
const gradePolicyBody = z.strictObject({
  limit: z.strictObject({
    netAssetsShare: shareSchema.nullable(),
    revenueShare: shareSchema.nullable(),
    cap: amountSchema.nullable(),
  }),
  terms: termsSchema,
  earlyDiscountEligible: z.boolean(),
  installmentEligible: z.boolean(),
  pricingBand: z.enum(pricingBands),
});
const policyBody = z.strictObject({
  /** Optional, so that a GET answer can be sent back; it must be the organization's currency. */
  currency: z.string().length(3).optional(),
  byGrade: z.strictObject(
    Object.fromEntries(grades.map((grade) => [grade, gradePolicyBody])) as Record<
      (typeof grades)[number],
      typeof gradePolicyBody
    >,
  ),
  warnToleranceShare: shareSchema,
  overdueBlockDays: z.number().int(),
  assessmentValidityDays: z.number().int(),
  reassessmentIntervalDays: z.number().int(),
  limitRounding: amountSchema,
  approvalThreshold: amountSchema,
});
const policyView = z.object({
  version: z.number(),
  currency: z.string(),
  byGrade: z.record(
    z.string(),
    z.object({
      limit: z.object({
        netAssetsShare: z.string().nullable(),
        revenueShare: z.string().nullable(),
        cap: z.string().nullable(),
      }),
      terms: termsView,
      earlyDiscountEligible: z.boolean(),
      installmentEligible: z.boolean(),
      pricingBand: z.enum(pricingBands),
    }),
  ),
  warnToleranceShare: z.string(),
  overdueBlockDays: z.number(),
  assessmentValidityDays: z.number(),
  reassessmentIntervalDays: z.number(),
  limitRounding: z.string(),
  approvalThreshold: z.string(),
  createdBy: z.string().nullable(),
  createdAt: z.string().nullable(),
});
const taskView = z.object({
  taskId: z.string(),
  kind: z.literal("reassessment"),
  customerId: z.string(),
  customerCode: z.string(),
  customerName: z.string(),
  trigger: z.enum(taskTriggers),
  dueOn: z.string(),
  status: z.enum(taskStatuses),
  assessmentId: z.string().nullable(),
  note: z.string().nullable(),
  createdAt: z.string(),
  completedAt: z.string().nullable(),
});

function recommendationOut(r: CreditRecommendation, currency: string) {
  return {
    grade: r.grade,
    limit: formatMinor(r.limitMinor, currency),
    terms: r.terms,
    earlyDiscountEligible: r.earlyDiscountEligible,
    installmentEligible: r.installmentEligible,
    pricingBand: r.pricingBand,
    explanation: r.explanation.map((e) => ({
      component: e.component,
      share: e.share,
      base: e.baseMinor === null ? null : formatMinor(e.baseMinor, currency),
      amount: e.amountMinor === null ? null : formatMinor(e.amountMinor, currency),
    })),
    binding: r.binding,
  };
}

function assessmentOut(a: Assessment) {
  return {
    ...a,
    reasons: [...a.reasons],
    factors: [...a.factors],
    recommendation: recommendationOut(a.recommendation, a.currency),
  };
}

export function statementOut(s: StoredStatement) {
  return {
    statementId: s.statementId,
    periodEnd: s.periodEnd,
    months: s.months,
    currency: s.currency,
    items: Object.fromEntries(
      statementItems.map((item) => {
        const value = s[item];
        return [item, value === null ? null : formatMinor(value, s.currency)];
      }),
    ),
    source: s.source,
    createdBy: s.createdBy,
    createdAt: s.createdAt,
    warnings: s.warnings.map(({ path, code, message }) => ({ path, code, message })),
  };
}

function approvalOut(a: Approval) {
  const r = a.request;
  const request =
    r.kind === "limit"
      ? { limit: formatMinor(r.limitMinor, a.currency), terms: r.terms, assessmentId: r.assessmentId }
      : { amount: formatMinor(r.amountMinor, a.currency), expiresOn: r.expiresOn };
  return {
    approvalId: a.approvalId,
    customerId: a.customerId,
    customerCode: a.customerCode,
    customerName: a.customerName,
    kind: r.kind,
    request,
    currentLimit: formatMinor(a.currentLimitMinor, a.currency),
    currency: a.currency,
    grounds: [...a.grounds],
    status: a.status,
    requestedBy: a.requestedBy,
    requestedByUserId: a.requestedByUserId,
    reason: a.reason,
    decidedBy: a.decidedBy,
    decisionReason: a.decisionReason,
    decidedAt: a.decidedAt,
    createdAt: a.createdAt,
  };
}

function scorecardOut(v: Versioned<Scorecard>) {
  const card = v.definition;
  return {
    version: card.version,
    name: card.name,
    factors: card.factors.map((factor) => ({ ...factor, bins: factor.bins.map((bin) => ({ ...bin })) })),
    grades: card.grades.map((band) => ({ ...band })),
    createdBy: v.createdBy,
    createdAt: v.createdAt,
  };
}

function gradePolicyOut(g: GradePolicy, currency: string) {
  return {
    ...g,
    limit: {
      netAssetsShare: g.limit.netAssetsShare,
      revenueShare: g.limit.revenueShare,
      cap: g.limit.capMinor === null ? null : formatMinor(g.limit.capMinor, currency),
    },
  };
}

function policyOut(v: Versioned<CreditPolicy>) {
  const p = v.definition;
  return {
    version: p.version,
    currency: p.currency,
    byGrade: Object.fromEntries(grades.map((grade) => [grade, gradePolicyOut(p.byGrade[grade], p.currency)])),
    warnToleranceShare: p.warnToleranceShare,
    overdueBlockDays: p.overdueBlockDays,
    assessmentValidityDays: p.assessmentValidityDays,
    reassessmentIntervalDays: p.reassessmentIntervalDays,
    limitRounding: formatMinor(p.limitRoundingMinor, p.currency),
    approvalThreshold: formatMinor(p.approvalThresholdMinor, p.currency),
    createdBy: v.createdBy,
    createdAt: v.createdAt,
  };
}

export function creditRoutes(app: ApiApp, deps: ApiDeps): void {
  const run = <T>(command: (tx: Tx) => Promise<T>) => runCommand(deps.store, command, deps.clock);
  const customerParams = z.strictObject({ orgId: idParam, customerId: idParam });
  const read = { access: { kind: "org", permission: "credit.read" } } as const;
  const manage = { access: { kind: "org", permission: "credit.manage" } } as const;
  const tags = ["credit"];
  const today = (orgId: string) => businessDateAt(deps.store.db, orgId, deps.clock().toISOString());
  const currencyOf = async (orgId: string) => (await getOrganization(deps.store.db, orgId)).baseCurrency;

  async function creditOut(orgId: string, customerId: string) {
    const { status, check } = await checkCredit(deps.store.db, orgId, customerId, 0n, await today(orgId));
    return creditViewOf(status, check, await countPendingApprovals(deps.store.db, orgId, customerId));
  }

  function creditViewOf(
    status: CreditStatus,
    check: {
      decision: "pass" | "warn" | "block";
      reasons: ReadonlyArray<string>;
      effectiveLimitMinor: bigint;
    },
    pendingApprovals: number,
  ) {
    const c = status.currency;
    const effective = check.effectiveLimitMinor;
    const total = status.exposure.totalMinor;
    return {
      customerId: status.customerId,
      currency: c,
      limit: formatMinor(status.limitMinor, c),
      terms: status.terms,
      temporaryIncrease:
        status.temporaryIncrease === null
          ? null
          : {
              amount: formatMinor(status.temporaryIncrease.amountMinor, c),
              expiresOn: status.temporaryIncrease.expiresOn,
            },
      effectiveLimit: formatMinor(effective, c),
      onHold: status.onHold,
      holdReason: status.holdReason,
      grade: status.grade,
      score: status.score,
      assessmentId: status.assessmentId,
      assessmentExpiresOn: status.assessmentExpiresOn,
      exposure: {
        openReceivables: formatMinor(status.exposure.openReceivablesMinor, c),
        unbilledInstallments: formatMinor(status.exposure.unbilledInstallmentsMinor, c),
        openOrders: formatMinor(status.exposure.openOrdersMinor, c),
        total: formatMinor(total, c),
      },
      utilization: effective === 0n ? null : shareOut(decimal(total, effective)),
      headroom: formatMinor(effective - total, c),
      check: {
        decision: check.decision,
        reasons: [...check.reasons] as (typeof creditCheckReasons)[number][],
      },
      pendingApprovals,
    };
  }

  async function outcomeOut(orgId: string, customerId: string, outcome: CreditRequestOutcome) {
    return outcome.outcome === "applied"
      ? { outcome: "applied" as const, credit: await creditOut(orgId, customerId) }
      : { outcome: "pending" as const, approval: approvalOut(outcome.approval) };
  }

  app.get(
    "/api/v1/orgs/:orgId/customers/:customerId/credit",
    {
      config: read,
      schema: {
        tags,
        summary: "Limit, terms, hold, grade, exposure, utilization and today's credit check",
        params: customerParams,
        response: { 200: creditView },
      },
    },
    async (request) => creditOut(membershipOf(request).orgId, request.params.customerId),
  );

  app.post(
    "/api/v1/orgs/:orgId/customers/:customerId/credit/check",
    {
      config: read,
      schema: {
        tags,
        summary: "Would an order of `amount` pass, warn or block? Changes nothing",
        params: customerParams,
        body: z.strictObject({ amount: amountSchema.default("0") }),
        response: { 200: checkView },
      },
    },
    async (request) => {
      const { orgId } = membershipOf(request);
      const { customerId } = request.params;
      await getCustomer(deps.store.db, orgId, customerId);
      const currency = await currencyOf(orgId);
      const requestMinor = parseMinorAt(request.body.amount, currency, "amount");
      if (requestMinor < 0n) {
        throw new AppError("VALIDATION_FAILED", {
          issues: [{ path: "amount", code: "OUT_OF_RANGE", message: "an order amount is not negative" }],
        });
      }
      const { check } = await checkCredit(deps.store.db, orgId, customerId, requestMinor, await today(orgId));
      return {
        decision: check.decision,
        reasons: [...check.reasons],
        effectiveLimit: formatMinor(check.effectiveLimitMinor, currency),
        toleranceLimit: formatMinor(check.toleranceLimitMinor, currency),
        exposureAfter: formatMinor(check.exposureAfterMinor, currency),
        headroom: formatMinor(check.headroomMinor, currency),
      };
    },
  );

  app.get(
    "/api/v1/orgs/:orgId/customers/:customerId/statements",
    {
      config: read,
      schema: {
        tags,
        summary: "Financial statements, newest period first",
        params: customerParams,
        response: { 200: z.object({ items: z.array(statementView) }) },
      },
    },
    async (request) => {
      const { orgId } = membershipOf(request);
      await getCustomer(deps.store.db, orgId, request.params.customerId);
      const items = await listStatements(deps.store.db, orgId, request.params.customerId);
      return { items: items.map(statementOut) };
    },
  );

  app.post(
    "/api/v1/orgs/:orgId/customers/:customerId/statements",
    {
      config: manage,
      schema: {
        tags,
        summary: "Record the statements of one period (amounts in major units; null = not reported)",
        params: customerParams,
        body: z.strictObject({
          periodEnd: dateText,
          months: z.number().int().min(1).max(12).default(12),
          currency: z.string().length(3).optional(),
          items: statementItemsSchema,
          replace: z.boolean().default(false),
        }),
        response: { 201: statementView },
      },
    },
    async (request, reply) => {
      const { orgId } = membershipOf(request);
      const body = request.body;
      const currency = body.currency ?? (await currencyOf(orgId));
      const amounts = Object.fromEntries(
        statementItems.map((item) => {
          const text = body.items[item];
          return [
            item,
            text === null || text === undefined ? null : parseMinorAt(text, currency, `items.${item}`),
          ];
        }),
      ) as Record<(typeof statementItems)[number], bigint | null>;
      const stored = await run((tx) =>
        recordStatement(
          tx,
          actorOf(request),
          orgId,
          request.params.customerId,
          { ...amounts, periodEnd: body.periodEnd, months: body.months, currency },
          { source: "manual", replace: body.replace },
        ),
      );
      return reply.status(201).send(statementOut(stored));
    },
  );

  app.get(
    "/api/v1/orgs/:orgId/customers/:customerId/credit-reports",
    {
      config: read,
      schema: {
        tags,
        summary: "Credit-report records, newest first",
        params: customerParams,
        response: { 200: z.object({ items: z.array(creditReportView) }) },
      },
    },
    async (request) => {
      const { orgId } = membershipOf(request);
      await getCustomer(deps.store.db, orgId, request.params.customerId);
      return { items: await listCreditReports(deps.store.db, orgId, request.params.customerId) };
    },
  );

  app.post(
    "/api/v1/orgs/:orgId/customers/:customerId/credit-reports",
    {
      config: manage,
      schema: {
        tags,
        summary: "Record a credit report (bureau score 0–100, defaults, lawsuits, enforcement records)",
        params: customerParams,
        body: z.strictObject(creditReportFields),
        response: { 201: creditReportView },
      },
    },
    async (request, reply) => {
      const { orgId } = membershipOf(request);
      const report: CreditReport = await run((tx) =>
        recordCreditReport(tx, actorOf(request), orgId, request.params.customerId, {
          ...request.body,
          notes: request.body.notes ?? null,
        }),
      );
      return reply.status(201).send(report);
    },
  );

  app.get(
    "/api/v1/orgs/:orgId/customers/:customerId/assessments",
    {
      config: read,
      schema: {
        tags,
        summary: "Assessments, newest first (at most 200)",
        params: customerParams,
        response: { 200: z.object({ items: z.array(assessmentView) }) },
      },
    },
    async (request) => {
      const items = await listAssessments(
        deps.store.db,
        membershipOf(request).orgId,
        request.params.customerId,
      );
      return { items: items.map(assessmentOut) };
    },
  );

  app.post(
    "/api/v1/orgs/:orgId/customers/:customerId/assessments",
    {
      config: manage,
      schema: {
        tags,
        summary: "Assess the customer now with the scorecard and policy in force",
        params: customerParams,
        body: z.strictObject({}).optional(),
        response: { 201: assessmentView },
      },
    },
    async (request, reply) => {
      const assessment = await run((tx) =>
        assessCustomer(tx, actorOf(request), membershipOf(request).orgId, request.params.customerId),
      );
      return reply.status(201).send(assessmentOut(assessment));
    },
  );

  app.post(
    "/api/v1/orgs/:orgId/customers/:customerId/credit/limit",
    {
      config: manage,
      schema: {
        tags,
        summary:
          "Set limit and terms: accept a recommendation, or override it with a reason (may need approval)",
        params: customerParams,
        body: z.strictObject({
          limit: amountSchema,
          terms: termsSchema,
          assessmentId: idParam.optional(),
          reason: reasonSchema.optional(),
        }),
        response: { 200: outcomeView, 202: outcomeView },
      },
    },
    async (request, reply) => {
      const { orgId } = membershipOf(request);
      const { customerId } = request.params;
      const currency = await currencyOf(orgId);
      const body = request.body;
      const outcome = await run((tx) =>
        requestLimit(tx, actorOf(request), orgId, customerId, {
          limitMinor: parseMinorAt(body.limit, currency, "limit"),
          terms: body.terms as PaymentTerms,
          assessmentId: body.assessmentId,
          reason: body.reason,
        }),
      );
      return reply
        .status(outcome.outcome === "applied" ? 200 : 202)
        .send(await outcomeOut(orgId, customerId, outcome));
    },
  );

  app.post(
    "/api/v1/orgs/:orgId/customers/:customerId/credit/temporary-increase",
    {
      config: manage,
      schema: {
        tags,
        summary: "A temporary increase through a date (may need approval)",
        params: customerParams,
        body: z.strictObject({ amount: amountSchema, expiresOn: dateText, reason: reasonSchema }),
        response: { 200: outcomeView, 202: outcomeView },
      },
    },
    async (request, reply) => {
      const { orgId } = membershipOf(request);
      const { customerId } = request.params;
      const currency = await currencyOf(orgId);
      const outcome = await run((tx) =>
        requestTemporaryIncrease(tx, actorOf(request), orgId, customerId, {
          amountMinor: parseMinorAt(request.body.amount, currency, "amount"),
          expiresOn: request.body.expiresOn,
          reason: request.body.reason,
        }),
      );
      return reply
        .status(outcome.outcome === "applied" ? 200 : 202)
        .send(await outcomeOut(orgId, customerId, outcome));
    },
  );

  for (const kind of ["hold", "release"] as const) {
    app.post(
      `/api/v1/orgs/:orgId/customers/:customerId/credit/${kind}`,
      {
        config: manage,
        schema: {
          tags,
          summary:
            kind === "hold"
              ? "Put the customer on credit hold, with a reason"
              : "Release a credit hold, with a reason",
          params: customerParams,
          body: z.strictObject({ reason: reasonSchema }),
          response: { 200: creditView },
        },
      },
      async (request) => {
        const { orgId } = membershipOf(request);
        const { customerId } = request.params;
        assertReason(request.body.reason);
        await run((tx) =>
          applyCreditChange(
            tx,
            actorOf(request),
            orgId,
            customerId,
            { kind, reason: request.body.reason },
            { reason: request.body.reason },
          ),
        );
        return creditOut(orgId, customerId);
      },
    );
  }

  app.get(
    "/api/v1/orgs/:orgId/credit/approvals",
    {
      config: read,
      schema: {
        tags,
        summary: "The approvals queue (pending oldest first by default)",
        params: orgParams,
        querystring: z.strictObject({
          status: z.enum([...approvalStatuses, "all"]).default("pending"),
          customerId: idParam.optional(),
        }),
        response: { 200: z.object({ items: z.array(approvalView) }) },
      },
    },
    async (request) => {
      const { status, customerId } = request.query;
      const items = await listApprovals(deps.store.db, membershipOf(request).orgId, {
        status,
        ...(customerId === undefined ? {} : { customerId }),
      });
      return { items: items.map(approvalOut) };
    },
  );

  app.post(
    "/api/v1/orgs/:orgId/credit/approvals/:approvalId/decision",
    {
      config: { access: { kind: "org", permission: "credit.approve" } },
      schema: {
        tags,
        summary: "Approve or reject a request: a second person, never the requester",
        params: z.strictObject({ orgId: idParam, approvalId: idParam }),
        body: z.strictObject({ decision: z.enum(["approve", "reject"]), reason: reasonSchema.optional() }),
        response: { 200: approvalView },
      },
    },
    async (request) => {
      const approval = await run((tx) =>
        decideApproval(
          tx,
          actorOf(request),
          membershipOf(request).orgId,
          request.params.approvalId,
          request.body,
        ),
      );
      return approvalOut(approval);
    },
  );

  app.get(
    "/api/v1/orgs/:orgId/credit/scorecard",
    {
      config: read,
      schema: {
        tags,
        summary: "The scorecard in force",
        params: orgParams,
        response: { 200: scorecardView },
      },
    },
    async (request) => scorecardOut(await getScorecard(deps.store.db, membershipOf(request).orgId)),
  );

  app.put(
    "/api/v1/orgs/:orgId/credit/scorecard",
    {
      config: { access: { kind: "org", permission: "credit.configure" } },
      schema: {
        tags,
        summary: "Save a new scorecard version",
        params: orgParams,
        body: scorecardBody,
        response: { 201: scorecardView },
      },
    },
    async (request, reply) => {
      const saved = await run((tx) =>
        saveScorecard(
          tx,
          actorOf(request),
          membershipOf(request).orgId,
          request.body as Omit<Scorecard, "version">,
        ),
      );
      return reply.status(201).send(scorecardOut(saved));
    },
  );

  app.get(
    "/api/v1/orgs/:orgId/credit/policy",
    {
      config: read,
      schema: {
        tags,
        summary: "The credit policy in force",
        params: orgParams,
        response: { 200: policyView },
      },
    },
    async (request) => policyOut(await getCreditPolicy(deps.store.db, membershipOf(request).orgId)),
  );

  app.put(
    "/api/v1/orgs/:orgId/credit/policy",
    {
      config: { access: { kind: "org", permission: "credit.configure" } },
      schema: {
        tags,
        summary: "Save a new credit policy version (amounts in the organization's currency)",
        params: orgParams,
        body: policyBody,
        response: { 201: policyView },
      },
    },
    async (request, reply) => {
      const { orgId } = membershipOf(request);
      const currency = await currencyOf(orgId);
      const body = request.body;
      if (body.currency !== undefined && body.currency !== currency) {
        throw new AppError("CURRENCY_MISMATCH", {
          detail: `a credit policy is in the organization's currency, ${currency}`,
          issues: [{ path: "currency", code: "CURRENCY_MISMATCH", message: `use ${currency}` }],
        });
      }
      const byGrade = Object.fromEntries(
        grades.map((grade) => {
          const g = body.byGrade[grade];
          return [
            grade,
            {
              ...g,
              terms: g.terms as PaymentTerms,
              limit: {
                netAssetsShare: g.limit.netAssetsShare,
                revenueShare: g.limit.revenueShare,
                capMinor:
                  g.limit.cap === null
                    ? null
                    : parseMinorAt(g.limit.cap, currency, `byGrade.${grade}.limit.cap`),
              },
            },
          ];
        }),
      ) as CreditPolicy["byGrade"];
      const saved = await run((tx) =>
        saveCreditPolicy(tx, actorOf(request), orgId, {
          currency,
          byGrade,
          warnToleranceShare: body.warnToleranceShare,
          overdueBlockDays: body.overdueBlockDays,
          assessmentValidityDays: body.assessmentValidityDays,
          reassessmentIntervalDays: body.reassessmentIntervalDays,
          limitRoundingMinor: parseMinorAt(body.limitRounding, currency, "limitRounding"),
          approvalThresholdMinor: parseMinorAt(body.approvalThreshold, currency, "approvalThreshold"),
        }),
      );
      return reply.status(201).send(policyOut(saved));
    },
  );

  app.get(
    "/api/v1/orgs/:orgId/credit/tasks",
    {
      config: read,
      schema: {
        tags,
        summary: "Re-assessment tasks (open, due first, by default)",
        params: orgParams,
        querystring: z.strictObject({ status: z.enum([...taskStatuses, "all"]).default("open") }),
        response: { 200: z.object({ items: z.array(taskView) }) },
      },
    },
    async (request) => ({
      items: await listTasks(deps.store.db, membershipOf(request).orgId, { status: request.query.status }),
    }),
  );

  app.post(
    "/api/v1/orgs/:orgId/credit/tasks/run",
    {
      config: manage,
      schema: {
        tags,
        summary:
          "Schedule periodic re-assessments and run every task due today (the scheduler does this daily)",
        params: orgParams,
        body: z.strictObject({}).optional(),
        response: { 200: z.object({ scheduled: z.number(), completed: z.number() }) },
      },
    },
    async (request) =>
      runReassessments(deps.store, membershipOf(request).orgId, {
        actor: actorOf(request),
        clock: deps.clock,
      }),
  );
}
