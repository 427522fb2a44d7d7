import { z } from "zod";
import { parseMinorAt } from "../../core/money.ts";
import type { AllocationMethod } from "../../domain/payments/index.ts";
import type { ReceivablesPolicy } from "../../domain/receivables/index.ts";
import { amountsIn, amountsOut } from "../../io/plan-json.ts";
import { dateText, decimalText } from "../../io/request-fields.ts";
import { voucherSummariesOut } from "../../io/voucher-json.ts";
import { runCommand } from "../../services/command.ts";
import { getCustomer, setGroupPayer } from "../../services/customers.ts";
import { listJournal } from "../../services/ledger/queries.ts";
import { businessDateAt, getOrganization } from "../../services/organizations.ts";
import {
  type AllocationRequest,
  agingSummary,
  applyCreditItem,
  applyPayment,
  createCreditNote,
  createDebitNote,
  createInvoice,
  deleteDraftInvoice,
  getInvoice,
  getOpenItem,
  getPayment,
  getReceivablesPolicy,
  type InvoiceInput,
  invoiceKinds,
  invoicePageSizeMax,
  invoiceStatuses,
  issueInvoice,
  listInvoices,
  listOpenItems,
  listPayments,
  listPaymentTerms,
  type NoteInput,
  openItemStatuses,
  openItemsAt,
  paymentMethods,
  paymentPageSizeMax,
  recordPayment,
  refundPayment,
  reversePayment,
  savePaymentTerms,
  saveReceivablesPolicy,
  setDispute,
  setTaxInvoice,
  updateInvoice,
} from "../../services/receivables/index.ts";
import { actorOf, membershipOf } from "../access.ts";
import type { ApiApp, ApiDeps } from "../deps.ts";
import { sendIdempotent } from "../idempotent.ts";
import { idParam, orgParams } from "../schemas.ts";

/**
 * Receivables and cash (issue 6): payment terms, invoices with their credit and debit notes, open
 * items and aging, payments with their application, reversal and refund. Amounts are decimal
 * strings in major units (`xMinor` fields of the services appear as `x`).
 */

const amountText = z.string().max(40);
const reasonText = z.string().trim().min(1).max(500);
const noteText = z.string().max(500).nullable().optional();
const quantityText = z.string().max(40);

const lineSchema = z.strictObject({
  description: z.string().max(200),
  quantity: quantityText,
  unitPrice: quantityText,
  vatRate: z.string().max(10),
});

const invoiceBody = z.strictObject({
  customerId: idParam,
  documentDate: dateText,
  termsCode: z.string().max(32).nullable().optional(),
  taxInclusive: z.boolean().default(false),
  lines: z.array(lineSchema).min(1).max(500),
  taxInvoiceNumber: z.string().max(20).nullable().optional(),
  taxInvoiceDate: dateText.nullable().optional(),
  note: noteText,
});

const noteBody = z.strictObject({
  documentDate: dateText,
  taxInclusive: z.boolean().default(false),
  lines: z.array(lineSchema).min(1).max(500),
  reason: reasonText,
  taxInvoiceNumber: z.string().max(20).nullable().optional(),
  taxInvoiceDate: dateText.nullable().optional(),
});

export const allocationBody = z.strictObject({
  method: z.enum(["oldest_first", "proportional", "chosen"]),
  items: z
    .array(z.strictObject({ itemId: idParam, amount: amountText.nullable().optional() }))
    .max(1000)
    .optional(),
  takeDiscounts: z.boolean().default(true),
  writeOffShortfall: z.boolean().default(true),
});

const termsBody = z.strictObject({
  code: z.string().max(32),
  nameZh: z.string().max(100),
  nameEn: z.string().max(100),
  active: z.boolean().default(true),
  terms: z.strictObject({
    portions: z
      .array(
        z.strictObject({
          share: z.string().max(40),
          due: z.strictObject({
            basis: z.enum(["document", "month_end"]),
            months: z.number().int(),
            days: z.number().int(),
          }),
        }),
      )
      .max(60),
    discounts: z.array(z.strictObject({ rate: decimalText, days: z.number().int() })).max(5),
  }),
});

const invoiceParams = z.strictObject({ orgId: idParam, invoiceId: idParam });
const itemParams = z.strictObject({ orgId: idParam, itemId: idParam });
const paymentParams = z.strictObject({ orgId: idParam, paymentId: idParam });
const customerParams = z.strictObject({ orgId: idParam, customerId: idParam });

function invoiceInputOf(body: z.output<typeof invoiceBody>): InvoiceInput {
  return {
    customerId: body.customerId,
    documentDate: body.documentDate,
    termsCode: body.termsCode ?? null,
    taxInclusive: body.taxInclusive,
    lines: body.lines,
    taxInvoiceNumber: body.taxInvoiceNumber ?? null,
    taxInvoiceDate: body.taxInvoiceDate ?? null,
    note: body.note ?? null,
  };
}

function noteInputOf(body: z.output<typeof noteBody>): NoteInput {
  return {
    documentDate: body.documentDate,
    taxInclusive: body.taxInclusive,
    lines: body.lines,
    reason: body.reason,
    taxInvoiceNumber: body.taxInvoiceNumber ?? null,
    taxInvoiceDate: body.taxInvoiceDate ?? null,
  };
}

export function allocationRequestOf(
  body: z.output<typeof allocationBody>,
  currency: string,
): AllocationRequest {
  let method: AllocationMethod;
  if (body.method === "chosen") {
    method = {
      kind: "chosen",
      items: (body.items ?? []).map((item, index) => ({
        itemId: item.itemId,
        amountMinor:
          item.amount === undefined || item.amount === null
            ? null
            : parseMinorAt(item.amount, currency, `allocation.items.${index}.amount`),
      })),
    };
  } else {
    method = { kind: body.method };
  }
  return { method, takeDiscounts: body.takeDiscounts, writeOffShortfall: body.writeOffShortfall };
}

export function receivablesRoutes(app: ApiApp, deps: ApiDeps): void {
  const read = { access: { kind: "org", permission: "receivables.read" } } as const;
  const manage = { access: { kind: "org", permission: "receivables.manage" } } as const;
  const configure = { access: { kind: "org", permission: "receivables.configure" } } as const;
  const cash = { access: { kind: "org", permission: "payments.manage" } } as const;
  const tags = ["receivables"];
  const base = "/api/v1/orgs/:orgId";
  const db = deps.store.db;
  const currencyOf = async (orgId: string) => (await getOrganization(db, orgId)).baseCurrency;
  const out = async (orgId: string, value: unknown) => amountsOut(value, await currencyOf(orgId));

  async function invoiceView(orgId: string, invoiceId: string) {
    const invoice = await getInvoice(db, orgId, invoiceId);
    const vouchers = await listJournal(
      db,
      orgId,
      { sourceType: "invoice", sourceId: invoiceId },
      { limit: 100 },
    );
    return {
      ...(amountsOut(invoice, invoice.currency) as object),
      vouchers: voucherSummariesOut(vouchers.items, invoice.currency),
    };
  }

  async function paymentView(orgId: string, paymentId: string) {
    const payment = await getPayment(db, orgId, paymentId);
    const vouchers = await listJournal(
      db,
      orgId,
      { sourceType: "payment", sourceId: paymentId },
      { limit: 200 },
    );
    return {
      ...(amountsOut(payment, payment.currency) as object),
      vouchers: voucherSummariesOut(vouchers.items, payment.currency),
    };
  }

  app.get(
    `${base}/payment-terms`,
    {
      config: read,
      schema: {
        tags,
        summary: "Payment terms templates (built-in and the organization's own)",
        params: orgParams,
      },
    },
    async (request) => ({ items: await listPaymentTerms(db, membershipOf(request).orgId) }),
  );

  app.put(
    `${base}/payment-terms`,
    {
      config: configure,
      schema: {
        tags,
        summary: "Create or replace a payment terms template by its code",
        params: orgParams,
        body: termsBody,
      },
    },
    async (request) =>
      runCommand(
        deps.store,
        (tx) => savePaymentTerms(tx, actorOf(request), membershipOf(request).orgId, request.body),
        deps.clock,
      ),
  );

  app.get(
    `${base}/receivables-policy`,
    { config: read, schema: { tags, summary: "The receivables policy in force", params: orgParams } },
    async (request) => {
      const { orgId } = membershipOf(request);
      const versioned = await getReceivablesPolicy(db, orgId);
      return { ...versioned, definition: undefined, policy: await out(orgId, versioned.definition) };
    },
  );

  app.put(
    `${base}/receivables-policy`,
    {
      config: configure,
      schema: {
        tags,
        summary: "Save a new version of the receivables policy (underpaymentTolerance in major units)",
        params: orgParams,
        body: z.record(z.string(), z.unknown()),
      },
    },
    async (request) => {
      const { orgId } = membershipOf(request);
      const currency = await currencyOf(orgId);
      const body = { ...request.body } as Record<string, unknown>;
      const tolerance = body.underpaymentTolerance;
      delete body.underpaymentTolerance;
      delete body.version;
      const policy = {
        ...(amountsIn(body, currency) as Omit<ReceivablesPolicy, "version">),
        underpaymentToleranceMinor:
          // A missing tolerance is read as "" and refused at its field like any bad amount.
          parseMinorAt(typeof tolerance === "string" ? tolerance : "", currency, "underpaymentTolerance"),
      };
      const saved = await runCommand(
        deps.store,
        (tx) => saveReceivablesPolicy(tx, actorOf(request), orgId, policy),
        deps.clock,
      );
      return { ...saved, definition: undefined, policy: amountsOut(saved.definition, currency) };
    },
  );

  app.get(
    `${base}/invoices`,
    {
      config: read,
      schema: {
        tags,
        summary: "Invoices, credit and debit notes, newest first",
        params: orgParams,
        querystring: z.strictObject({
          customerId: idParam.optional(),
          status: z.enum(invoiceStatuses).optional(),
          kind: z.enum(invoiceKinds).optional(),
          from: dateText.optional(),
          to: dateText.optional(),
          q: z.string().max(100).optional(),
          limit: z.coerce.number().int().min(1).max(invoicePageSizeMax).default(50),
          after: z.string().max(100).optional(),
        }),
      },
    },
    async (request) => {
      const { orgId } = membershipOf(request);
      const q = request.query;
      const page = await listInvoices(db, orgId, { ...q, search: q.q });
      return out(orgId, page);
    },
  );

  app.post(
    `${base}/invoices`,
    {
      config: manage,
      schema: {
        tags,
        summary:
          "Create a draft invoice (issue: true issues it at once: credit check, number, voucher, open items)",
        params: orgParams,
        body: invoiceBody.extend({ issue: z.boolean().default(false) }),
      },
    },
    async (request, reply) => {
      const { orgId } = membershipOf(request);
      return sendIdempotent(deps, request, reply, async (tx) => {
        const actor = actorOf(request);
        const draft = await createInvoice(tx, actor, orgId, invoiceInputOf(request.body));
        const invoice = request.body.issue ? await issueInvoice(tx, actor, orgId, draft.invoiceId) : draft;
        return { statusCode: 201, body: await amountsOut(invoice, invoice.currency) };
      });
    },
  );

  app.get(
    `${base}/invoices/:invoiceId`,
    {
      config: read,
      schema: {
        tags,
        summary: "An invoice with its lines, open items, notes and vouchers",
        params: invoiceParams,
      },
    },
    async (request) => invoiceView(membershipOf(request).orgId, request.params.invoiceId),
  );

  app.put(
    `${base}/invoices/:invoiceId`,
    {
      config: manage,
      schema: { tags, summary: "Replace a draft invoice", params: invoiceParams, body: invoiceBody },
    },
    async (request) => {
      const { orgId } = membershipOf(request);
      await runCommand(
        deps.store,
        (tx) =>
          updateInvoice(tx, actorOf(request), orgId, request.params.invoiceId, invoiceInputOf(request.body)),
        deps.clock,
      );
      return invoiceView(orgId, request.params.invoiceId);
    },
  );

  app.delete(
    `${base}/invoices/:invoiceId`,
    { config: manage, schema: { tags, summary: "Delete a draft invoice", params: invoiceParams } },
    async (request, reply) => {
      const { orgId } = membershipOf(request);
      await runCommand(
        deps.store,
        (tx) => deleteDraftInvoice(tx, actorOf(request), orgId, request.params.invoiceId),
        deps.clock,
      );
      return reply.status(204).send();
    },
  );

  app.post(
    `${base}/invoices/:invoiceId/issue`,
    { config: manage, schema: { tags, summary: "Issue a draft invoice", params: invoiceParams } },
    async (request, reply) => {
      const { orgId } = membershipOf(request);
      return sendIdempotent(deps, request, reply, async (tx) => {
        const invoice = await issueInvoice(tx, actorOf(request), orgId, request.params.invoiceId);
        return { statusCode: 200, body: await amountsOut(invoice, invoice.currency) };
      });
    },
  );

  app.put(
    `${base}/invoices/:invoiceId/tax-invoice`,
    {
      config: manage,
      schema: {
        tags,
        summary: "Record the tax invoice (发票号码 and date) of an invoice",
        params: invoiceParams,
        body: z.strictObject({
          taxInvoiceNumber: z.string().max(20).nullable(),
          taxInvoiceDate: dateText.nullable(),
        }),
      },
    },
    async (request) => {
      const { orgId } = membershipOf(request);
      await runCommand(
        deps.store,
        (tx) => setTaxInvoice(tx, actorOf(request), orgId, request.params.invoiceId, request.body),
        deps.clock,
      );
      return invoiceView(orgId, request.params.invoiceId);
    },
  );

  for (const kind of ["credit-notes", "debit-notes"] as const) {
    app.post(
      `${base}/invoices/:invoiceId/${kind}`,
      {
        config: manage,
        schema: {
          tags,
          summary:
            kind === "credit-notes"
              ? "Issue a credit note (红字) against an invoice; it is applied at once to what is open on the invoice"
              : "Issue a debit note (an additional charge) on an invoice",
          params: invoiceParams,
          body: noteBody,
        },
      },
      async (request, reply) => {
        const { orgId } = membershipOf(request);
        return sendIdempotent(deps, request, reply, async (tx) => {
          const create = kind === "credit-notes" ? createCreditNote : createDebitNote;
          const note = await create(
            tx,
            actorOf(request),
            orgId,
            request.params.invoiceId,
            noteInputOf(request.body),
          );
          return { statusCode: 201, body: await amountsOut(note, note.currency) };
        });
      },
    );
  }

  app.get(
    `${base}/open-items`,
    {
      config: read,
      schema: {
        tags,
        summary: "Open items by due date; with asOf, what was open on that date",
        params: orgParams,
        querystring: z.strictObject({
          customerId: idParam.optional(),
          status: z.enum(openItemStatuses).optional(),
          asOf: dateText.optional(),
          overdue: z.enum(["true", "false"]).optional(),
          limit: z.coerce.number().int().min(1).max(1000).default(200),
        }),
      },
    },
    async (request) => {
      const { orgId } = membershipOf(request);
      const q = request.query;
      const customerIds = q.customerId === undefined ? undefined : [q.customerId];
      if (q.asOf !== undefined) {
        const items = await openItemsAt(db, orgId, q.asOf, customerIds);
        return out(orgId, { asOf: q.asOf, items: items.slice(0, q.limit) });
      }
      const today = await businessDateAt(db, orgId, deps.clock().toISOString());
      const items = await listOpenItems(db, orgId, {
        customerIds,
        status: q.status ?? "open",
        dueBefore: q.overdue === "true" ? today : undefined,
        limit: q.limit,
      });
      return out(orgId, { asOf: today, items });
    },
  );

  app.post(
    `${base}/open-items/:itemId/dispute`,
    {
      config: manage,
      schema: {
        tags,
        summary: "Mark an open item disputed (with a note) or clear the dispute",
        params: itemParams,
        body: z.strictObject({ disputed: z.boolean(), note: noteText }),
      },
    },
    async (request) => {
      const { orgId } = membershipOf(request);
      const item = await runCommand(
        deps.store,
        (tx) =>
          setDispute(tx, actorOf(request), orgId, request.params.itemId, {
            disputed: request.body.disputed,
            note: request.body.note ?? null,
          }),
        deps.clock,
      );
      return out(orgId, item);
    },
  );

  app.post(
    `${base}/open-items/:itemId/apply-credit`,
    {
      config: manage,
      schema: {
        tags,
        summary:
          "Use what is left of a credit note (a negative open item) against the customer's other items",
        params: itemParams,
        body: z.strictObject({ itemIds: z.array(idParam).min(1).max(1000), date: dateText.optional() }),
      },
    },
    async (request) => {
      const { orgId } = membershipOf(request);
      const applied = await runCommand(
        deps.store,
        async (tx) => {
          const date = request.body.date ?? (await businessDateAt(tx.db, orgId, tx.now));
          return applyCreditItem(
            tx,
            actorOf(request),
            orgId,
            request.params.itemId,
            request.body.itemIds,
            date,
          );
        },
        deps.clock,
      );
      return out(orgId, { appliedMinor: applied, item: await getOpenItem(db, orgId, request.params.itemId) });
    },
  );

  app.get(
    `${base}/aging`,
    {
      config: read,
      schema: {
        tags,
        summary:
          "Customer aging summary as of a date (today by default): what was open then, by days past due",
        params: orgParams,
        querystring: z.strictObject({ asOf: dateText.optional(), customerId: idParam.optional() }),
      },
    },
    async (request) => {
      const { orgId } = membershipOf(request);
      const asOf = request.query.asOf ?? (await businessDateAt(db, orgId, deps.clock().toISOString()));
      const policy = (await getReceivablesPolicy(db, orgId)).definition;
      const summary = await agingSummary(db, orgId, {
        asOf,
        edgesDays: policy.agingEdgesDays,
        ...(request.query.customerId === undefined ? {} : { customerIds: [request.query.customerId] }),
      });
      return out(orgId, summary);
    },
  );

  app.get(
    `${base}/payments`,
    {
      config: read,
      schema: {
        tags,
        summary: "Payments received, newest first",
        params: orgParams,
        querystring: z.strictObject({
          customerId: idParam.optional(),
          unapplied: z.enum(["true", "false"]).optional(),
          from: dateText.optional(),
          to: dateText.optional(),
          limit: z.coerce.number().int().min(1).max(paymentPageSizeMax).default(50),
          after: z.string().max(100).optional(),
        }),
      },
    },
    async (request) => {
      const { orgId } = membershipOf(request);
      const q = request.query;
      return out(orgId, await listPayments(db, orgId, { ...q, unappliedOnly: q.unapplied === "true" }));
    },
  );

  app.post(
    `${base}/payments`,
    {
      config: cash,
      schema: {
        tags,
        summary: "Record a payment received and apply it (allocation null: keep it unapplied)",
        params: orgParams,
        body: z.strictObject({
          customerId: idParam,
          method: z.enum(paymentMethods),
          receivedDate: dateText,
          amount: amountText,
          payerName: z.string().max(200).nullable().optional(),
          reference: z.string().max(200).nullable().optional(),
          note: noteText,
          allocation: allocationBody.nullable().default(null),
        }),
      },
    },
    async (request, reply) => {
      const { orgId } = membershipOf(request);
      const currency = await currencyOf(orgId);
      const body = request.body;
      return sendIdempotent(deps, request, reply, async (tx) => {
        const payment = await recordPayment(tx, actorOf(request), orgId, {
          customerId: body.customerId,
          method: body.method,
          receivedDate: body.receivedDate,
          amountMinor: parseMinorAt(body.amount, currency, "amount"),
          payerName: body.payerName ?? null,
          reference: body.reference ?? null,
          note: body.note ?? null,
          allocation: body.allocation === null ? null : allocationRequestOf(body.allocation, currency),
        });
        return { statusCode: 201, body: amountsOut(payment, currency) };
      });
    },
  );

  app.get(
    `${base}/payments/:paymentId`,
    {
      config: read,
      schema: {
        tags,
        summary: "A payment with its allocations, refunds and vouchers",
        params: paymentParams,
      },
    },
    async (request) => paymentView(membershipOf(request).orgId, request.params.paymentId),
  );

  app.post(
    `${base}/payments/:paymentId/apply`,
    {
      config: cash,
      schema: {
        tags,
        summary: "Apply a payment's unapplied money to open items",
        params: paymentParams,
        body: allocationBody.extend({ date: dateText.optional() }),
      },
    },
    async (request, reply) => {
      const { orgId } = membershipOf(request);
      const currency = await currencyOf(orgId);
      return sendIdempotent(deps, request, reply, async (tx) => {
        const payment = await applyPayment(tx, actorOf(request), orgId, request.params.paymentId, {
          ...allocationRequestOf(request.body, currency),
          date: request.body.date ?? null,
        });
        return { statusCode: 200, body: amountsOut(payment, currency) };
      });
    },
  );

  app.post(
    `${base}/payments/:paymentId/reverse`,
    {
      config: cash,
      schema: {
        tags,
        summary:
          "Reverse a payment that did not stand (bounced cheque): its vouchers are reversed and its items reopened",
        params: paymentParams,
        body: z.strictObject({ date: dateText, reason: reasonText }),
      },
    },
    async (request, reply) => {
      const { orgId } = membershipOf(request);
      const currency = await currencyOf(orgId);
      return sendIdempotent(deps, request, reply, async (tx) => {
        const payment = await reversePayment(
          tx,
          actorOf(request),
          orgId,
          request.params.paymentId,
          request.body,
        );
        return { statusCode: 200, body: amountsOut(payment, currency) };
      });
    },
  );

  app.post(
    `${base}/payments/:paymentId/refund`,
    {
      config: cash,
      schema: {
        tags,
        summary: "Refund unapplied money of a payment",
        params: paymentParams,
        body: z.strictObject({ date: dateText, amount: amountText, reason: reasonText }),
      },
    },
    async (request, reply) => {
      const { orgId } = membershipOf(request);
      const currency = await currencyOf(orgId);
      return sendIdempotent(deps, request, reply, async (tx) => {
        const payment = await refundPayment(tx, actorOf(request), orgId, request.params.paymentId, {
          date: request.body.date,
          reason: request.body.reason,
          amountMinor: parseMinorAt(request.body.amount, currency, "amount"),
        });
        return { statusCode: 200, body: amountsOut(payment, currency) };
      });
    },
  );

  app.put(
    `${base}/customers/:customerId/group-payer`,
    {
      config: manage,
      schema: {
        tags,
        summary: "Name the head office that pays for this customer (null: it pays for itself)",
        params: customerParams,
        body: z.strictObject({ groupPayerId: idParam.nullable() }),
      },
    },
    async (request) => {
      const { orgId } = membershipOf(request);
      await runCommand(
        deps.store,
        (tx) =>
          setGroupPayer(tx, actorOf(request), orgId, request.params.customerId, request.body.groupPayerId),
        deps.clock,
      );
      return getCustomer(db, orgId, request.params.customerId);
    },
  );
}
