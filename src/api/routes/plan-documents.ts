import { z } from "zod";
import { parseMinorAt } from "../../core/money.ts";
import {
  accountingModes,
  holidayInterestTreatments,
  type InstallmentPolicy,
  originalPlanItems,
  type PlanChange,
  prepaymentModes,
  quote,
} from "../../domain/plans/index.ts";
import { renderDisclosurePdf } from "../../io/disclosure-pdf.ts";
import { quoteRequestSchema, scheduleRequestOf } from "../../io/plan-contracts.ts";
import { disclosureSheetOf } from "../../io/plan-disclosure.ts";
import { amountsIn, amountsOut, changeOut, planOut, planSummaryOut } from "../../io/plan-json.ts";
import { dateText, decimalText } from "../../io/request-fields.ts";
import { runCommand } from "../../services/command.ts";
import { getCustomer } from "../../services/customers.ts";
import { listJournal } from "../../services/ledger/queries.ts";
import { businessDateAt, getOrganization } from "../../services/organizations.ts";
import {
  acceptPlan,
  activatePlan,
  booksOf,
  cancelPlan,
  confirmationMethods,
  createPlan,
  currentPlanState,
  customerOffers,
  executePlanChange,
  getInstallmentPolicy,
  getLprTable,
  getPlanRecord,
  offerPlan,
  type PlanChangeRequest,
  type PlanRecord,
  planItems,
  planPageSizeMax,
  planRecordOf,
  planStatuses,
  previewPlanChange,
  saveInstallmentPolicy,
  saveLprTable,
} from "../../services/plans/index.ts";
import type { Executor } from "../../store/database.ts";
import { actorOf, membershipOf } from "../access.ts";
import type { ApiApp, ApiDeps } from "../deps.ts";
import { sendIdempotent } from "../idempotent.ts";
import { idParam, orgParams } from "../schemas.ts";
import { sendDocument } from "../send-file.ts";

/**
 * Installment plans as documents, their policy and the LPR table (issue 5). Amounts are decimal
 * strings in major units; see src/io/plan-json.ts for the shapes.
 */

const amountText = z.string().max(40);
const planParams = z.strictObject({ orgId: idParam, planId: idParam });
const customerParams = z.strictObject({ orgId: idParam, customerId: idParam });
const reasonText = z.string().trim().min(1).max(500);

/** A plan's terms: the quote request, in the organization's currency (set by the server). */
const termsSchema = quoteRequestSchema.omit({ currency: true });

const changeSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("payoff"), date: dateText }),
  z.strictObject({
    kind: z.literal("prepayment"),
    date: dateText,
    amount: amountText,
    mode: z.enum(prepaymentModes),
  }),
  z.strictObject({
    kind: z.literal("rate-change"),
    effectiveDate: dateText,
    annualRate: decimalText,
    reason: reasonText,
  }),
  z.strictObject({
    kind: z.literal("payment-holiday"),
    effectiveDate: dateText,
    periods: z.number().int().min(1).max(24),
    holidayInterest: z.enum(holidayInterestTreatments).optional(),
    reason: reasonText,
  }),
  z.strictObject({
    kind: z.literal("term-extension"),
    effectiveDate: dateText,
    extraPeriods: z.number().int().min(1).max(600),
    reason: reasonText,
  }),
  z.strictObject({ kind: z.literal("capitalize-arrears"), effectiveDate: dateText, reason: reasonText }),
]);

function changeRequestOf(body: z.output<typeof changeSchema>, currency: string): PlanChangeRequest {
  switch (body.kind) {
    case "payoff":
      return body;
    case "prepayment":
      return {
        kind: "prepayment",
        date: body.date,
        mode: body.mode,
        amountMinor: parseMinorAt(body.amount, currency, "amount"),
      };
    default:
      return body as PlanChange;
  }
}

export function planDocumentRoutes(app: ApiApp, deps: ApiDeps): void {
  const read = { access: { kind: "org", permission: "plans.read" } } as const;
  const manage = { access: { kind: "org", permission: "plans.manage" } } as const;
  const configure = { access: { kind: "org", permission: "plans.configure" } } as const;
  const tags = ["installments"];
  const base = "/api/v1/orgs/:orgId";
  const db = deps.store.db;

  async function planView(executor: Executor, orgId: string, plan: PlanRecord) {
    const db = executor;
    const customer = await getCustomer(db, orgId, plan.customerId);
    const state = await currentPlanState(db, orgId, plan);
    const versions = await db
      .selectFrom("plan_versions")
      .select(["version", "kind", "effective_date", "created_by", "created_at"])
      .where("org_id", "=", orgId)
      .where("plan_id", "=", plan.planId)
      .orderBy("version")
      .execute();
    const vouchers = await listJournal(
      db,
      orgId,
      { sourceType: "plan", sourceId: plan.planId },
      { limit: 500 },
    );
    const original = quote(plan.terms.request).schedule;
    const stored = await planItems(db, orgId, plan.planId);
    const itemsProjected = stored.length === 0;
    const items = itemsProjected
      ? originalPlanItems(original, plan.contractDate, booksOf(plan)).map((item, index) => ({
          ...item,
          seq: index + 1,
          version: 1,
          status: "scheduled" as const,
          paidMinor: 0n,
          billedOn: null,
          penaltyMinor: 0n,
        }))
      : stored;
    return planOut({
      plan,
      customer: { name: customer.name, code: customer.code },
      installments: state.schedule.installments,
      items,
      itemsProjected,
      subsidyMinor: original.subsidyMinor,
      versions: versions.map((row) => ({
        version: Number(row.version),
        kind: row.kind,
        effectiveDate: row.effective_date,
        createdBy: row.created_by,
        createdAt: row.created_at,
      })),
      vouchers: vouchers.items,
    });
  }

  async function currencyOf(orgId: string): Promise<string> {
    return (await getOrganization(db, orgId)).baseCurrency;
  }

  app.get(
    `${base}/installment-policy`,
    { config: read, schema: { tags, summary: "The installment policy in force", params: orgParams } },
    async (request) => {
      const { orgId } = membershipOf(request);
      const versioned = await getInstallmentPolicy(db, orgId);
      const currency = versioned.definition.currency;
      return {
        version: versioned.definition.version,
        createdBy: versioned.createdBy,
        createdAt: versioned.createdAt,
        policy: amountsOut(versioned.definition, currency),
      };
    },
  );

  app.put(
    `${base}/installment-policy`,
    {
      config: configure,
      schema: {
        tags,
        summary: "Save a new version of the installment policy (amounts in major units)",
        params: orgParams,
        body: z.record(z.string(), z.unknown()),
      },
    },
    async (request) => {
      const { orgId } = membershipOf(request);
      const currency = await currencyOf(orgId);
      const { version: _ignored, ...policy } = amountsIn(request.body, currency) as InstallmentPolicy;
      const saved = await runCommand(
        deps.store,
        (tx) => saveInstallmentPolicy(tx, actorOf(request), orgId, policy),
        deps.clock,
      );
      return {
        version: saved.definition.version,
        createdBy: saved.createdBy,
        createdAt: saved.createdAt,
        policy: amountsOut(saved.definition, currency),
      };
    },
  );

  app.get(
    `${base}/lpr`,
    {
      config: read,
      schema: { tags, summary: "The one-year LPR table rate ceilings are computed from", params: orgParams },
    },
    async (request) => getLprTable(db, membershipOf(request).orgId),
  );

  app.put(
    `${base}/lpr`,
    {
      config: configure,
      schema: {
        tags,
        summary: "Replace the one-year LPR table",
        params: orgParams,
        body: z.strictObject({
          entries: z.array(z.strictObject({ effectiveDate: dateText, rate: decimalText })).max(1000),
        }),
      },
    },
    async (request) =>
      runCommand(
        deps.store,
        (tx) => saveLprTable(tx, actorOf(request), membershipOf(request).orgId, request.body.entries),
        deps.clock,
      ),
  );

  app.post(
    `${base}/customers/:customerId/offers`,
    {
      config: read,
      schema: {
        tags,
        summary: "Personalized installment offers for a customer and an amount, ranked, with reasons",
        params: customerParams,
        body: z.strictObject({
          amount: amountText,
          startDate: dateText.optional(),
          monthlyIncome: amountText.nullable().optional(),
          existingMonthlyObligations: amountText.optional(),
        }),
      },
    },
    async (request) => {
      const { orgId } = membershipOf(request);
      const currency = await currencyOf(orgId);
      const body = request.body;
      const offers = await customerOffers(db, orgId, request.params.customerId, {
        amountMinor: parseMinorAt(body.amount, currency, "amount"),
        startDate: body.startDate ?? (await businessDateAt(db, orgId, deps.clock().toISOString())),
        monthlyIncomeMinor:
          body.monthlyIncome === undefined || body.monthlyIncome === null
            ? null
            : parseMinorAt(body.monthlyIncome, currency, "monthlyIncome"),
        existingMonthlyObligationsMinor: parseMinorAt(
          body.existingMonthlyObligations ?? "0",
          currency,
          "existingMonthlyObligations",
        ),
      });
      return amountsOut(
        {
          ...offers,
          options: offers.options.map(({ schedule, ...option }) => ({
            ...option,
            installments: schedule?.installments ?? [],
          })),
        },
        currency,
      );
    },
  );

  app.get(
    `${base}/plans`,
    {
      config: read,
      schema: {
        tags,
        summary: "Installment plans, newest first",
        params: orgParams,
        querystring: z.strictObject({
          status: z.enum(planStatuses).optional(),
          customerId: idParam.optional(),
          limit: z.coerce.number().int().min(1).max(planPageSizeMax).default(50),
          before: z.string().max(40).optional(),
        }),
      },
    },
    async (request) => {
      const { orgId } = membershipOf(request);
      const q = request.query;
      let query = db
        .selectFrom("plans as p")
        .innerJoin("customers as c", (join) =>
          join.onRef("c.org_id", "=", "p.org_id").onRef("c.customer_id", "=", "p.customer_id"),
        )
        .selectAll("p")
        .select(["c.name as customer_name", "c.code as customer_code"])
        .where("p.org_id", "=", orgId);
      if (q.status !== undefined) query = query.where("p.status", "=", q.status);
      if (q.customerId !== undefined) query = query.where("p.customer_id", "=", q.customerId);
      if (q.before !== undefined) query = query.where("p.number", "<", q.before);
      const rows = await query
        .orderBy("p.number", "desc")
        .limit(q.limit + 1)
        .execute();
      const page = rows.slice(0, q.limit);
      return {
        items: page.map((row) =>
          planSummaryOut(planRecordOf(row), { name: row.customer_name, code: row.customer_code }),
        ),
        nextBefore: rows.length > q.limit ? (page.at(-1)?.number ?? null) : null,
      };
    },
  );

  app.post(
    `${base}/plans`,
    {
      config: manage,
      schema: {
        tags,
        summary: "Create a draft plan for a customer (honors Idempotency-Key)",
        params: orgParams,
        body: z.strictObject({
          customerId: idParam,
          accountingMode: z.enum(accountingModes),
          terms: termsSchema,
          vatRate: decimalText.optional(),
          cost: amountText.optional(),
          offerId: z.string().max(100).optional(),
          note: z.string().max(500).optional(),
        }),
      },
    },
    async (request, reply) => {
      const { orgId } = membershipOf(request);
      const currency = await currencyOf(orgId);
      const body = request.body;
      const terms = scheduleRequestOf({ ...body.terms, currency }, "terms.");
      return sendIdempotent(deps, request, reply, async (tx) => {
        const plan = await createPlan(tx, actorOf(request), orgId, {
          customerId: body.customerId,
          accountingMode: body.accountingMode,
          request: terms,
          vatRate: body.vatRate,
          costMinor: body.cost === undefined ? undefined : parseMinorAt(body.cost, currency, "cost"),
          offerId: body.offerId,
          note: body.note,
        });
        return { statusCode: 201, body: await planView(tx.db, orgId, plan) };
      });
    },
  );

  app.get(
    `${base}/plans/:planId`,
    {
      config: read,
      schema: {
        tags,
        summary: "A plan: terms, rates, schedule, items, versions, vouchers",
        params: planParams,
      },
    },
    async (request) => {
      const { orgId } = membershipOf(request);
      return planView(db, orgId, await getPlanRecord(db, orgId, request.params.planId));
    },
  );

  const action = (
    path: string,
    summary: string,
    body: z.ZodType,
    run: (
      tx: Parameters<Parameters<typeof runCommand>[1]>[0],
      orgId: string,
      planId: string,
      body: never,
      request: Parameters<typeof actorOf>[0],
    ) => Promise<PlanRecord>,
  ) => {
    app.post(
      `${base}/plans/:planId/${path}`,
      { config: manage, schema: { tags, summary, params: planParams, body } },
      async (request, reply) => {
        const { orgId } = membershipOf(request);
        const planId = (request.params as { planId: string }).planId;
        return sendIdempotent(deps, request, reply, async (tx) => {
          const plan = await run(tx, orgId, planId, request.body as never, request);
          return { statusCode: 200, body: await planView(tx.db, orgId, plan) };
        });
      },
    );
  };

  action(
    "offer",
    "Offer a draft plan to the customer",
    z.strictObject({}),
    (tx, orgId, planId, _body, request) => offerPlan(tx, actorOf(request), orgId, planId),
  );
  action(
    "accept",
    "Record the customer's confirmation of an offered plan",
    z.strictObject({
      confirmedBy: z.string().trim().min(1).max(200),
      method: z.enum(confirmationMethods),
      reference: z.string().max(200).optional(),
      confirmedOn: dateText,
    }),
    (
      tx,
      orgId,
      planId,
      body: {
        confirmedBy: string;
        method: (typeof confirmationMethods)[number];
        reference?: string;
        confirmedOn: string;
      },
      request,
    ) => acceptPlan(tx, actorOf(request), orgId, planId, body),
  );
  action(
    "activate",
    "Activate an accepted plan: credit check, items, vouchers (honors Idempotency-Key)",
    z.strictObject({}),
    (tx, orgId, planId, _body, request) => activatePlan(tx, actorOf(request), orgId, planId),
  );
  action(
    "cancel",
    "Cancel a plan that is not active yet",
    z.strictObject({ reason: reasonText }),
    (tx, orgId, planId, body: { reason: string }, request) =>
      cancelPlan(tx, actorOf(request), orgId, planId, body.reason),
  );

  app.post(
    `${base}/plans/:planId/changes/preview`,
    {
      config: read,
      schema: {
        tags,
        summary: "Preview a payoff, prepayment or restructuring (changes nothing)",
        params: planParams,
        body: changeSchema,
      },
    },
    async (request) => {
      const { orgId } = membershipOf(request);
      const plan = await getPlanRecord(db, orgId, request.params.planId);
      const outcome = await previewPlanChange(
        db,
        orgId,
        plan.planId,
        changeRequestOf(request.body, plan.currency),
      );
      return changeOut(outcome, plan.currency);
    },
  );

  app.post(
    `${base}/plans/:planId/changes`,
    {
      config: manage,
      schema: {
        tags,
        summary:
          "Execute a payoff, prepayment or restructuring: new schedule version and vouchers (honors Idempotency-Key)",
        params: planParams,
        body: changeSchema,
      },
    },
    async (request, reply) => {
      const { orgId } = membershipOf(request);
      const currency = await currencyOf(orgId);
      return sendIdempotent(deps, request, reply, async (tx) => {
        const { outcome, plan } = await executePlanChange(
          tx,
          actorOf(request),
          orgId,
          request.params.planId,
          changeRequestOf(request.body, currency),
        );
        return {
          statusCode: 200,
          body: { change: changeOut(outcome, currency), plan: await planView(tx.db, orgId, plan) },
        };
      });
    },
  );

  app.get(
    `${base}/plans/:planId/disclosure.pdf`,
    {
      config: read,
      schema: {
        tags,
        summary: "The plan's disclosure sheet (PDF, Chinese or English)",
        params: planParams,
        querystring: z.strictObject({ locale: z.enum(["zh-CN", "en"]).default("zh-CN") }),
      },
    },
    async (request, reply) => {
      const { orgId } = membershipOf(request);
      const plan = await getPlanRecord(db, orgId, request.params.planId);
      const view = await planView(db, orgId, plan);
      const organization = await getOrganization(db, orgId);
      const pdf = await renderDisclosurePdf(
        disclosureSheetOf(view, organization.name, request.query.locale, deps.clock().toISOString()),
      );
      return sendDocument(reply, {
        bytes: pdf,
        filename: `${plan.number}.pdf`,
        contentType: "application/pdf",
        inline: true,
      });
    },
  );
}
