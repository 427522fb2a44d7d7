import { z } from "zod";
import { addDays, formatBusinessDate, parseBusinessDate } from "../../core/dates.ts";
import { AppError } from "../../core/errors.ts";
import { parseMinorAt } from "../../core/money.ts";
import {
  type DunningSetup,
  dunningChannels,
  dunningDaysMax,
  dunningDaysMin,
} from "../../domain/collections/index.ts";
import { amountsOut } from "../../io/plan-json.ts";
import { dateText, decimalText } from "../../io/request-fields.ts";
import {
  activityKinds,
  callOutcomes,
  listActivities,
  listPromises,
  logActivity,
  promiseStatuses,
} from "../../services/collections/activities.ts";
import {
  disputeReasons,
  disputeStatuses,
  disputesByReason,
  listDisputes,
  openDispute,
  resolveDispute,
} from "../../services/collections/disputes.ts";
import {
  decideNotice,
  getDunningSetup,
  listNotices,
  noticeStatuses,
  previewDunning,
  saveDunningSetup,
} from "../../services/collections/dunning.ts";
import { collectionsEffectiveness } from "../../services/collections/effectiveness.ts";
import { listEodRuns, runEndOfDay } from "../../services/collections/eod.ts";
import { waiveNoticeFee } from "../../services/collections/fees.ts";
import {
  advanceLegalCase,
  legalDocument,
  legalOutcomes,
  legalStages,
  listLegalCases,
  openLegalCase,
} from "../../services/collections/legal.ts";
import { assignCollector, type WorklistScope, worklist } from "../../services/collections/worklist.ts";
import { runCommand } from "../../services/command.ts";
import { businessDateAt, getOrganization } from "../../services/organizations.ts";
import { actorOf, membershipOf, principalOf } from "../access.ts";
import type { ApiApp, ApiDeps } from "../deps.ts";
import { idParam, orgParams } from "../schemas.ts";

/**
 * Collections: the end-of-day batch's runs (and running it by hand), the dunning policies and
 * the notices they produce, the collector's worklist, the activity log and promises to pay.
 */

const customerParams = z.strictObject({ orgId: idParam, customerId: idParam });
const noticeParams = z.strictObject({ orgId: idParam, noticeId: idParam });
const disputeParams = z.strictObject({ orgId: idParam, disputeId: idParam });
const caseParams = z.strictObject({ orgId: idParam, caseId: idParam });
/** A legal step's request: a document of up to 5 MiB is about 7 MiB as base64. */
const legalBodyLimitBytes = 8 * 1024 * 1024;

/** A period; by default the 30 days to today. */
const periodQuery = z.strictObject({ from: dateText.optional(), to: dateText.optional() });
const legalStepBody = z.strictObject({
  stage: z.enum(legalStages),
  occurredOn: dateText.nullable().default(null),
  cost: decimalText.default("0"),
  note: z.string().trim().max(2000).nullable().default(null),
  document: z
    .strictObject({
      name: z.string().trim().min(1).max(200),
      contentType: z.string().max(100),
      base64: z.string().max(7_000_000),
    })
    .nullable()
    .default(null),
  outcome: z.enum(legalOutcomes).nullable().default(null),
  recovered: decimalText.nullable().default(null),
  counsel: z.string().trim().max(200).nullable().optional(),
  court: z.string().trim().max(200).nullable().optional(),
  caseNumber: z.string().trim().max(100).nullable().optional(),
});

function legalStepIn(body: z.infer<typeof legalStepBody>, currency: string) {
  const { cost, recovered, counsel, court, caseNumber, ...rest } = body;
  return {
    ...rest,
    costMinor: parseMinorAt(cost, currency, "cost"),
    recoveredMinor: recovered === null ? null : parseMinorAt(recovered, currency, "recovered"),
    ...(counsel === undefined ? {} : { counsel }),
    ...(court === undefined ? {} : { court }),
    ...(caseNumber === undefined ? {} : { caseNumber }),
  };
}
const templateBody = z.strictObject({ subject: z.string().max(5000), body: z.string().max(5000) });
const levelBody = z.strictObject({
  code: z.string().max(32),
  daysFromDue: z.number().int().min(dunningDaysMin).max(dunningDaysMax),
  channel: z.enum(dunningChannels),
  templates: z.strictObject({ "zh-CN": templateBody, en: templateBody }),
  fee: decimalText,
  needsApproval: z.boolean(),
});
const setupBody = z.strictObject({
  policies: z
    .array(
      z.strictObject({
        code: z.string().max(32),
        name: z.string().max(100),
        grades: z.array(z.string().max(50)).max(50),
        tags: z.array(z.string().max(50)).max(50),
        policy: z.strictObject({ minimumOverdue: decimalText, levels: z.array(levelBody).min(1).max(20) }),
      }),
    )
    .min(1)
    .max(20),
});

function setupIn(body: z.infer<typeof setupBody>, currency: string): Omit<DunningSetup, "version"> {
  return {
    policies: body.policies.map((named, index) => ({
      ...named,
      policy: {
        minimumOverdueMinor: parseMinorAt(
          named.policy.minimumOverdue,
          currency,
          `policies.${index}.policy.minimumOverdue`,
        ),
        levels: named.policy.levels.map(({ fee, ...level }, at) => ({
          ...level,
          feeMinor: parseMinorAt(fee, currency, `policies.${index}.policy.levels.${at}.fee`),
        })),
      },
    })),
  };
}

export function collectionsRoutes(app: ApiApp, deps: ApiDeps): void {
  const read = { access: { kind: "org", permission: "collections.read" } } as const;
  const manage = { access: { kind: "org", permission: "collections.manage" } } as const;
  const configure = { access: { kind: "org", permission: "collections.configure" } } as const;
  const run = { access: { kind: "org", permission: "eod.run" } } as const;
  const tags = ["collections"];
  const base = "/api/v1/orgs/:orgId";
  const db = deps.store.db;
  const currencyOf = async (orgId: string) => (await getOrganization(db, orgId)).baseCurrency;
  const today = (orgId: string) => businessDateAt(db, orgId, deps.clock().toISOString());
  const periodOf = async (orgId: string, query: { from?: string | undefined; to?: string | undefined }) => {
    const to = query.to ?? (await today(orgId));
    const from = query.from ?? formatBusinessDate(addDays(parseBusinessDate(to), -29));
    if (from > to) {
      throw new AppError("VALIDATION_FAILED", {
        issues: [{ path: "from", code: "AFTER_TO", message: "on or before to" }],
      });
    }
    return { from, to };
  };

  app.get(
    `${base}/eod-runs`,
    {
      config: read,
      schema: {
        tags,
        summary: "End-of-day runs, latest business date first, with the steps each has done",
        params: orgParams,
        querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(366).default(60) }),
      },
    },
    async (request) => {
      const { orgId } = membershipOf(request);
      return { items: await listEodRuns(deps.store, orgId, request.query.limit) };
    },
  );

  app.post(
    `${base}/eod-runs`,
    {
      config: run,
      schema: {
        tags,
        summary:
          "Run the end-of-day batch now: one date, or every date since the last completed run (already completed dates are not run again)",
        params: orgParams,
        body: z.strictObject({ date: dateText.optional() }),
      },
    },
    async (request) => {
      const { orgId } = membershipOf(request);
      return runEndOfDay(deps.store, orgId, {
        clock: deps.clock,
        ...(request.body.date === undefined ? {} : { date: request.body.date }),
      });
    },
  );

  app.get(
    `${base}/dunning-policy`,
    {
      config: read,
      schema: {
        tags,
        summary:
          "The dunning policies in force (the first matching a customer's grade and tags applies, the last to the rest)",
        params: orgParams,
      },
    },
    async (request) => {
      const { orgId } = membershipOf(request);
      const current = await getDunningSetup(db, orgId);
      return { ...current, definition: amountsOut(current.definition, await currencyOf(orgId)) };
    },
  );

  app.put(
    `${base}/dunning-policy`,
    {
      config: configure,
      schema: {
        tags,
        summary: "Save a new version of the dunning policies",
        params: orgParams,
        body: setupBody,
      },
    },
    async (request) => {
      const { orgId } = membershipOf(request);
      const currency = await currencyOf(orgId);
      const saved = await runCommand(
        deps.store,
        (tx) => saveDunningSetup(tx, actorOf(request), orgId, setupIn(request.body, currency)),
        deps.clock,
      );
      return { ...saved, definition: amountsOut(saved.definition, currency) };
    },
  );

  app.post(
    `${base}/dunning-policy/preview`,
    {
      config: read,
      schema: {
        tags,
        summary:
          "Who the batch would contact on a date (default tomorrow), with the saved policies or a draft; nothing is sent or kept",
        params: orgParams,
        body: z.strictObject({ date: dateText.optional(), draft: setupBody.nullable().default(null) }),
      },
    },
    async (request) => {
      const { orgId } = membershipOf(request);
      const currency = await currencyOf(orgId);
      const date = request.body.date ?? formatBusinessDate(addDays(parseBusinessDate(await today(orgId)), 1));
      const draft = request.body.draft === null ? null : setupIn(request.body.draft, currency);
      const notices = await previewDunning(deps.store, orgId, date, draft, deps.clock);
      return { date, items: notices.map((notice) => amountsOut(notice, notice.currency)) };
    },
  );

  app.get(
    `${base}/dunning-notices`,
    {
      config: read,
      schema: {
        tags,
        summary: "Dunning notices, newest first",
        params: orgParams,
        querystring: z.strictObject({
          customerId: idParam.optional(),
          status: z.enum(noticeStatuses).optional(),
          date: dateText.optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
      },
    },
    async (request) => {
      const { orgId } = membershipOf(request);
      const { date, ...filter } = request.query;
      const items = await listNotices(db, orgId, {
        ...filter,
        ...(date === undefined ? {} : { businessDate: date }),
      });
      return { items: items.map((item) => amountsOut(item, item.currency)) };
    },
  );

  app.post(
    `${base}/dunning-notices/:noticeId/decision`,
    {
      config: manage,
      schema: {
        tags,
        summary:
          "Approve or reject a notice waiting for approval, or mark a task (call, letter, missing contact) done",
        params: noticeParams,
        body: z.strictObject({
          decision: z.enum(["approve", "reject", "complete"]),
          reason: z.string().trim().max(500).nullable().default(null),
        }),
      },
    },
    async (request) => {
      const { orgId } = membershipOf(request);
      const notice = await runCommand(
        deps.store,
        (tx) =>
          decideNotice(
            tx,
            actorOf(request),
            orgId,
            request.params.noticeId,
            request.body.decision,
            request.body.reason,
          ),
        deps.clock,
      );
      return amountsOut(notice, notice.currency);
    },
  );

  app.get(
    `${base}/collections/worklist`,
    {
      config: read,
      schema: {
        tags,
        summary:
          "The collector's worklist: customers in arrears, with open tasks or a follow-up due, ranked by overdue × days × grade risk × broken promises",
        params: orgParams,
        querystring: z.strictObject({
          collector: z.union([z.enum(["me", "all", "unassigned"]), idParam]).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
      },
    },
    async (request) => {
      const { orgId, role } = membershipOf(request);
      const me = principalOf(request).userId;
      // A collector works their own customers (and may pick up unassigned ones); others see all by default.
      const wanted = request.query.collector ?? (role === "collector" ? "me" : "all");
      const asked: WorklistScope =
        wanted === "all"
          ? { kind: "all" }
          : wanted === "unassigned"
            ? { kind: "unassigned" }
            : { kind: "collector", userId: wanted === "me" ? me : wanted.toLowerCase() };
      const scope: WorklistScope =
        role === "collector" && asked.kind !== "unassigned" ? { kind: "collector", userId: me } : asked;
      const currency = await currencyOf(orgId);
      const rows = await worklist(db, orgId, {
        scope,
        today: await today(orgId),
        limit: request.query.limit,
      });
      return { currency, items: rows.map((row) => amountsOut(row, currency)) };
    },
  );

  app.get(
    `${base}/customers/:customerId/collections`,
    {
      config: read,
      schema: {
        tags,
        summary: "A customer's collections timeline: activities, promises to pay and dunning notices",
        params: customerParams,
      },
    },
    async (request) => {
      const { orgId } = membershipOf(request);
      const { customerId } = request.params;
      const currency = await currencyOf(orgId);
      const [activities, promises, notices, collector] = await Promise.all([
        listActivities(db, orgId, customerId),
        listPromises(db, orgId, { customerId, limit: 100 }),
        listNotices(db, orgId, { customerId, limit: 100 }),
        db
          .selectFrom("customers as c")
          .leftJoin("users as u", "u.user_id", "c.collector_user_id")
          .select(["c.collector_user_id", "u.display_name"])
          .where("c.org_id", "=", orgId)
          .where("c.customer_id", "=", customerId)
          .executeTakeFirst(),
      ]);
      return {
        collector:
          collector?.collector_user_id == null
            ? null
            : { userId: collector.collector_user_id, name: collector.display_name ?? null },
        activities,
        promises: promises.map((promise) => amountsOut(promise, promise.currency)),
        notices: notices.map((notice) => amountsOut(notice, notice.currency)),
        currency,
      };
    },
  );

  app.post(
    `${base}/customers/:customerId/collection-activities`,
    {
      config: manage,
      schema: {
        tags,
        summary: "Log a call, email, visit, letter or note, with its next follow-up and any promise to pay",
        params: customerParams,
        body: z.strictObject({
          kind: z.enum(activityKinds),
          outcome: z.enum(callOutcomes).nullable().default(null),
          note: z.string().trim().max(2000).nullable().default(null),
          occurredOn: dateText.nullable().default(null),
          nextFollowUp: dateText.nullable().default(null),
          promise: z.strictObject({ amount: decimalText, promisedDate: dateText }).nullable().default(null),
        }),
      },
    },
    async (request, reply) => {
      const { orgId } = membershipOf(request);
      const currency = await currencyOf(orgId);
      const { promise, ...rest } = request.body;
      const logged = await runCommand(
        deps.store,
        (tx) =>
          logActivity(tx, actorOf(request), orgId, request.params.customerId, {
            ...rest,
            promise:
              promise === null
                ? null
                : {
                    amountMinor: parseMinorAt(promise.amount, currency, "promise.amount"),
                    promisedDate: promise.promisedDate,
                  },
          }),
        deps.clock,
      );
      reply.code(201);
      return amountsOut(logged, currency);
    },
  );

  app.put(
    `${base}/customers/:customerId/collector`,
    {
      config: manage,
      schema: {
        tags,
        summary: "Assign the customer to a collector (a member of the organization), or to nobody",
        params: customerParams,
        body: z.strictObject({ userId: idParam.nullable() }),
      },
    },
    async (request) => {
      const { orgId } = membershipOf(request);
      const userId = request.body.userId?.toLowerCase() ?? null;
      await runCommand(
        deps.store,
        (tx) => assignCollector(tx, actorOf(request), orgId, request.params.customerId, userId),
        deps.clock,
      );
      return { customerId: request.params.customerId, collectorUserId: userId };
    },
  );

  app.get(
    `${base}/promises`,
    {
      config: read,
      schema: {
        tags,
        summary: "Promises to pay, latest promised date first",
        params: orgParams,
        querystring: z.strictObject({
          customerId: idParam.optional(),
          status: z.enum(promiseStatuses).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
      },
    },
    async (request) => {
      const { orgId } = membershipOf(request);
      const items = await listPromises(db, orgId, request.query);
      return { items: items.map((item) => amountsOut(item, item.currency)) };
    },
  );

  app.post(
    `${base}/dunning-notices/:noticeId/waive-fee`,
    {
      config: configure,
      schema: {
        tags,
        summary:
          "Waive a notice's fee: its voucher is reversed and its open item closed (audited, with a reason)",
        params: noticeParams,
        body: z.strictObject({ reason: z.string().trim().min(1).max(500) }),
      },
    },
    async (request) => {
      const { orgId } = membershipOf(request);
      const notice = await runCommand(
        deps.store,
        (tx) => waiveNoticeFee(tx, actorOf(request), orgId, request.params.noticeId, request.body.reason),
        deps.clock,
      );
      return amountsOut(notice, notice.currency);
    },
  );

  app.get(
    `${base}/disputes`,
    {
      config: read,
      schema: {
        tags,
        summary: "Disputes, newest first",
        params: orgParams,
        querystring: z.strictObject({
          status: z.enum(disputeStatuses).optional(),
          customerId: idParam.optional(),
          reason: z.enum(disputeReasons).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
      },
    },
    async (request) => {
      const { orgId } = membershipOf(request);
      const { reason, ...filter } = request.query;
      const items = await listDisputes(db, orgId, { ...filter, reasonCode: reason });
      return { items: items.map((item) => amountsOut(item, item.currency)) };
    },
  );

  app.post(
    `${base}/disputes`,
    {
      config: manage,
      schema: {
        tags,
        summary: "Open a dispute on an open item (or one line of its invoice): dunning pauses for it",
        params: orgParams,
        body: z.strictObject({
          itemId: idParam,
          lineSeq: z.number().int().min(1).max(1000).nullable().default(null),
          reasonCode: z.enum(disputeReasons),
          amount: decimalText.nullable().default(null),
          ownerUserId: idParam.nullable().default(null),
          note: z.string().trim().min(1).max(500),
        }),
      },
    },
    async (request, reply) => {
      const { orgId } = membershipOf(request);
      const currency = await currencyOf(orgId);
      const { amount, ownerUserId, itemId, ...rest } = request.body;
      const dispute = await runCommand(
        deps.store,
        (tx) =>
          openDispute(tx, actorOf(request), orgId, {
            ...rest,
            itemId: itemId.toLowerCase(),
            ownerUserId: ownerUserId?.toLowerCase() ?? null,
            amountMinor: amount === null ? null : parseMinorAt(amount, currency, "amount"),
          }),
        deps.clock,
      );
      reply.code(201);
      return amountsOut(dispute, dispute.currency);
    },
  );

  app.post(
    `${base}/disputes/:disputeId/resolution`,
    {
      config: manage,
      schema: {
        tags,
        summary:
          "Resolve a dispute with the credit note issued for it, or reject it; either way dunning resumes for what is open",
        params: disputeParams,
        body: z.discriminatedUnion("resolution", [
          z.strictObject({
            resolution: z.literal("credit_note"),
            creditNoteId: idParam,
            note: z.string().trim().max(500).nullable().default(null),
          }),
          z.strictObject({ resolution: z.literal("rejected"), note: z.string().trim().min(1).max(500) }),
        ]),
      },
    },
    async (request) => {
      const { orgId } = membershipOf(request);
      const body = request.body;
      const dispute = await runCommand(
        deps.store,
        (tx) =>
          resolveDispute(
            tx,
            actorOf(request),
            orgId,
            request.params.disputeId,
            body.resolution === "credit_note"
              ? { ...body, creditNoteId: body.creditNoteId.toLowerCase() }
              : body,
          ),
        deps.clock,
      );
      return amountsOut(dispute, dispute.currency);
    },
  );

  app.get(
    `${base}/disputes/report`,
    {
      config: read,
      schema: {
        tags,
        summary: "Disputes opened in a period by reason: counts by status, amounts, days to resolve",
        params: orgParams,
        querystring: periodQuery,
      },
    },
    async (request) => {
      const { orgId } = membershipOf(request);
      const currency = await currencyOf(orgId);
      const period = await periodOf(orgId, request.query);
      const lines = await disputesByReason(db, orgId, period);
      return { ...period, currency, lines: lines.map((line) => amountsOut(line, currency)) };
    },
  );

  app.get(
    `${base}/legal-cases`,
    {
      config: read,
      schema: {
        tags,
        summary: "Legal cases (lawyer letters, lawsuits) with their steps, costs and documents",
        params: orgParams,
        querystring: z.strictObject({
          customerId: idParam.optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
      },
    },
    async (request) => {
      const { orgId } = membershipOf(request);
      const cases = await listLegalCases(db, orgId, request.query);
      return { items: cases.map((item) => amountsOut(item, item.currency)) };
    },
  );

  app.post(
    `${base}/customers/:customerId/legal-cases`,
    {
      config: manage,
      bodyLimit: legalBodyLimitBytes,
      schema: {
        tags,
        summary: "Open a legal case on a customer at its first stage",
        params: customerParams,
        body: legalStepBody.extend({ claimed: decimalText }),
      },
    },
    async (request, reply) => {
      const { orgId } = membershipOf(request);
      const currency = await currencyOf(orgId);
      const { claimed, ...step } = request.body;
      const opened = await runCommand(
        deps.store,
        (tx) =>
          openLegalCase(tx, actorOf(request), orgId, request.params.customerId, {
            ...legalStepIn(step, currency),
            claimedMinor: parseMinorAt(claimed, currency, "claimed"),
          }),
        deps.clock,
      );
      reply.code(201);
      return amountsOut(opened, opened.currency);
    },
  );

  app.post(
    `${base}/legal-cases/:caseId/steps`,
    {
      config: manage,
      bodyLimit: legalBodyLimitBytes,
      schema: {
        tags,
        summary: "Record a case's next stage (with its cost and document); closing needs the outcome",
        params: caseParams,
        body: legalStepBody,
      },
    },
    async (request) => {
      const { orgId } = membershipOf(request);
      const currency = await currencyOf(orgId);
      const advanced = await runCommand(
        deps.store,
        (tx) =>
          advanceLegalCase(
            tx,
            actorOf(request),
            orgId,
            request.params.caseId,
            legalStepIn(request.body, currency),
          ),
        deps.clock,
      );
      return amountsOut(advanced, advanced.currency);
    },
  );

  app.get(
    `${base}/legal-cases/:caseId/events/:eventId/document`,
    {
      config: read,
      schema: {
        tags,
        summary: "Download the document attached to a step of a legal case",
        params: z.strictObject({ orgId: idParam, caseId: idParam, eventId: idParam }),
      },
    },
    async (request, reply) => {
      const { orgId } = membershipOf(request);
      const document = await legalDocument(db, orgId, request.params.caseId, request.params.eventId);
      reply.header("content-type", document.contentType);
      reply.header(
        "content-disposition",
        `attachment; filename*=UTF-8''${encodeURIComponent(document.name)}`,
      );
      return reply.send(document.bytes);
    },
  );

  app.get(
    `${base}/collections/effectiveness`,
    {
      config: read,
      schema: {
        tags,
        summary:
          "Effectiveness over a period: recovery rate and days to collect per dunning level and channel, promise-kept rate, collectors, CEI",
        params: orgParams,
        querystring: periodQuery,
      },
    },
    async (request) => {
      const { orgId } = membershipOf(request);
      const report = await collectionsEffectiveness(db, orgId, await periodOf(orgId, request.query));
      return amountsOut(report, report.currency);
    },
  );
}
