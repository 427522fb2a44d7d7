import { sql } from "kysely";
import { currencyScale } from "../../core/currency.ts";
import { AppError } from "../../core/errors.ts";
import { uuidv7 } from "../../core/ids.ts";
import {
  checkInvoiceLines,
  discountWindows,
  type InvoiceLineInput,
  invoiceTotals,
  type PaymentTerms,
  splitByTerms,
} from "../../domain/receivables/index.ts";
import type { Executor } from "../../store/database.ts";
import type { InvoicesTable } from "../../store/schema.ts";
import { appendAudit } from "../audit.ts";
import { type Actor, lockOrganization, type Tx } from "../command.ts";
import { reserveCredit } from "../credit/check.ts";
import { getCustomer } from "../customers.ts";
import { postEvents } from "../ledger/posting.ts";
import { stringifyMinor } from "../minor-json.ts";
import { businessDateAt, getOrganization } from "../organizations.ts";
import { fieldError, textField } from "../text-field.ts";
import { resolveTerms } from "./definitions.ts";
import { nextDocumentNumber } from "./numbers.ts";
import { applyCreditItem, type OpenItem, openItemsOfSource, refreshInvoiceStatus } from "./open-items.ts";

export const invoiceKinds = ["invoice", "credit_note", "debit_note"] as const;
export type InvoiceKind = (typeof invoiceKinds)[number];
/**
 * draft → issued → partially_paid → paid; written_off comes with the write-off workflow. A credit
 * or debit note is issued when it is created: it corrects an issued invoice, which is otherwise
 * never edited.
 */
export const invoiceStatuses = ["draft", "issued", "partially_paid", "paid", "written_off"] as const;
export type InvoiceStatus = (typeof invoiceStatuses)[number];

export const invoiceTextLengthMax = 500;
/** 发票号码: 8 digits on paper and older electronic invoices, 20 on 数电票 (fully digital invoices). */
export const taxInvoiceNumberPattern = /^(\d{8}|\d{20})$/;

export interface InvoiceLine extends InvoiceLineInput {
  readonly lineNo: number;
  readonly netMinor: bigint;
  readonly taxMinor: bigint;
  readonly grossMinor: bigint;
}

export interface Invoice {
  readonly invoiceId: string;
  readonly kind: InvoiceKind;
  readonly number: string | null;
  readonly customerId: string;
  readonly customerName: string;
  readonly status: InvoiceStatus;
  readonly currency: string;
  readonly documentDate: string;
  readonly termsCode: string | null;
  readonly terms: PaymentTerms;
  readonly taxInclusive: boolean;
  readonly netMinor: bigint;
  readonly taxMinor: bigint;
  readonly grossMinor: bigint;
  /** What the customer still owes on it (negative for a credit note not yet used). */
  readonly openMinor: bigint;
  readonly taxInvoiceNumber: string | null;
  readonly taxInvoiceDate: string | null;
  readonly relatedInvoiceId: string | null;
  readonly reason: string | null;
  readonly note: string | null;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly issuedBy: string | null;
  readonly issuedAt: string | null;
}

export interface InvoiceDetail extends Invoice {
  readonly lines: ReadonlyArray<InvoiceLine>;
  readonly items: ReadonlyArray<OpenItem>;
  /** Credit and debit notes that correct this invoice. */
  readonly notes: ReadonlyArray<Invoice>;
}

export interface InvoiceInput {
  readonly customerId: string;
  readonly documentDate: string;
  readonly termsCode: string | null;
  readonly taxInclusive: boolean;
  readonly lines: ReadonlyArray<InvoiceLineInput>;
  readonly taxInvoiceNumber: string | null;
  readonly taxInvoiceDate: string | null;
  readonly note: string | null;
}

type InvoiceRow = InvoicesTable & { customer_name: string; open_minor: bigint | null };

function invoiceQuery(db: Executor, orgId: string) {
  return db
    .selectFrom("invoices as v")
    .innerJoin("customers as c", (join) =>
      join.onRef("c.org_id", "=", "v.org_id").onRef("c.customer_id", "=", "v.customer_id"),
    )
    .selectAll("v")
    .select("c.name as customer_name")
    .select((eb) =>
      eb
        .selectFrom("open_items as i")
        .select(sql<bigint>`cast(coalesce(sum(i.open_minor), 0) as bigint)`.as("open"))
        .whereRef("i.org_id", "=", "v.org_id")
        .where("i.source_type", "=", "invoice")
        .whereRef("i.source_id", "=", "v.invoice_id")
        .as("open_minor"),
    )
    .where("v.org_id", "=", orgId);
}

function toInvoice(row: InvoiceRow): Invoice {
  return {
    invoiceId: row.invoice_id,
    kind: row.kind as InvoiceKind,
    number: row.number,
    customerId: row.customer_id,
    customerName: row.customer_name,
    status: row.status as InvoiceStatus,
    currency: row.currency,
    documentDate: row.document_date,
    termsCode: row.terms_code,
    terms: JSON.parse(row.terms_json) as PaymentTerms,
    taxInclusive: BigInt(row.tax_inclusive) === 1n,
    netMinor: BigInt(row.net_minor),
    taxMinor: BigInt(row.tax_minor),
    grossMinor: BigInt(row.gross_minor),
    openMinor: BigInt(row.open_minor ?? 0n),
    taxInvoiceNumber: row.tax_invoice_number,
    taxInvoiceDate: row.tax_invoice_date,
    relatedInvoiceId: row.related_invoice_id,
    reason: row.reason,
    note: row.note,
    createdBy: row.created_by,
    createdAt: row.created_at,
    issuedBy: row.issued_by,
    issuedAt: row.issued_at,
  };
}

export async function getInvoice(db: Executor, orgId: string, invoiceId: string): Promise<InvoiceDetail> {
  const row = await invoiceQuery(db, orgId).where("v.invoice_id", "=", invoiceId).executeTakeFirst();
  if (row === undefined) throw new AppError("NOT_FOUND", { params: { entity: "invoice" } });
  const lines = await db
    .selectFrom("invoice_lines")
    .selectAll()
    .where("org_id", "=", orgId)
    .where("invoice_id", "=", invoiceId)
    .orderBy("line_no")
    .execute();
  const notes = await invoiceQuery(db, orgId)
    .where("v.related_invoice_id", "=", invoiceId)
    .orderBy("v.created_at")
    .execute();
  return {
    ...toInvoice(row),
    lines: lines.map((line) => ({
      lineNo: Number(line.line_no),
      description: line.description,
      quantity: line.quantity,
      unitPrice: line.unit_price,
      vatRate: line.vat_rate,
      netMinor: BigInt(line.net_minor),
      taxMinor: BigInt(line.tax_minor),
      grossMinor: BigInt(line.gross_minor),
    })),
    items: await openItemsOfSource(db, orgId, "invoice", invoiceId),
    notes: notes.map(toInvoice),
  };
}

export const invoicePageSizeMax = 200;

export interface InvoiceFilter {
  readonly customerId?: string | undefined;
  readonly status?: InvoiceStatus | undefined;
  readonly kind?: InvoiceKind | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  /** Number, tax-invoice number or customer name contains this text. */
  readonly search?: string | undefined;
  readonly limit: number;
  /** Keyset cursor: the last row's `documentDate|invoiceId` of the previous page. */
  readonly after?: string | undefined;
}

/** Invoices newest first, in keyset pages. */
export async function listInvoices(
  db: Executor,
  orgId: string,
  filter: InvoiceFilter,
): Promise<{ items: Invoice[]; next: string | null }> {
  let query = invoiceQuery(db, orgId);
  if (filter.customerId !== undefined) query = query.where("v.customer_id", "=", filter.customerId);
  if (filter.status !== undefined) query = query.where("v.status", "=", filter.status);
  if (filter.kind !== undefined) query = query.where("v.kind", "=", filter.kind);
  if (filter.from !== undefined) query = query.where("v.document_date", ">=", filter.from);
  if (filter.to !== undefined) query = query.where("v.document_date", "<=", filter.to);
  const search = filter.search?.trim();
  if (search) {
    const pattern = `%${search.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    query = query.where((eb) =>
      eb.or([
        eb("v.number", "like", pattern),
        eb("v.tax_invoice_number", "like", pattern),
        eb("c.name", "like", pattern),
      ]),
    );
  }
  if (filter.after !== undefined) {
    const [date, id] = filter.after.split("|");
    if (date !== undefined && id !== undefined) {
      query = query.where((eb) =>
        eb.or([
          eb("v.document_date", "<", date),
          eb.and([eb("v.document_date", "=", date), eb("v.invoice_id", "<", id)]),
        ]),
      );
    }
  }
  const limit = Math.min(Math.max(filter.limit, 1), invoicePageSizeMax);
  const rows = await query
    .orderBy("v.document_date", "desc")
    .orderBy("v.invoice_id", "desc")
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit).map(toInvoice);
  const last = page.at(-1);
  return { items: page, next: rows.length > limit && last ? `${last.documentDate}|${last.invoiceId}` : null };
}

function checkTaxInvoice(number: string | null, date: string | null): void {
  if (number !== null && !taxInvoiceNumberPattern.test(number)) {
    throw fieldError("taxInvoiceNumber", "INVALID_FORMAT", "8 or 20 digits (发票号码)");
  }
  if ((number === null) !== (date === null)) {
    throw fieldError(
      number === null ? "taxInvoiceNumber" : "taxInvoiceDate",
      "REQUIRED",
      "number and date go together",
    );
  }
}

async function computeLines(
  db: Executor,
  orgId: string,
  lines: ReadonlyArray<InvoiceLineInput>,
  taxInclusive: boolean,
) {
  const { baseCurrency } = await getOrganization(db, orgId);
  const scale = currencyScale(baseCurrency);
  const issues = checkInvoiceLines(lines, scale);
  if (issues.length > 0) {
    throw new AppError("VALIDATION_FAILED", {
      detail: issues.map((i) => `${i.path}: ${i.message}`).join("; "),
      issues,
    });
  }
  const totals = invoiceTotals(lines, { taxInclusive, scale, rounding: "half-up" });
  if (totals.grossMinor <= 0n)
    throw fieldError("lines", "AMOUNT_ZERO", "the document's total must be positive");
  return { currency: baseCurrency, totals };
}

async function writeLines(
  tx: Tx,
  orgId: string,
  invoiceId: string,
  lines: ReadonlyArray<InvoiceLineInput>,
  totals: ReturnType<typeof invoiceTotals>,
): Promise<void> {
  await tx.db
    .deleteFrom("invoice_lines")
    .where("org_id", "=", orgId)
    .where("invoice_id", "=", invoiceId)
    .execute();
  await tx.db
    .insertInto("invoice_lines")
    .values(
      lines.map((line, index) => {
        const amounts = totals.lines[index];
        if (amounts === undefined) throw new Error("a total for every line");
        return {
          org_id: orgId,
          invoice_id: invoiceId,
          line_no: BigInt(index + 1),
          description: line.description.trim(),
          quantity: line.quantity,
          unit_price: line.unitPrice,
          vat_rate: line.vatRate,
          net_minor: amounts.netMinor,
          tax_minor: amounts.taxMinor,
          gross_minor: amounts.grossMinor,
        };
      }),
    )
    .execute();
}

async function assertDocumentDate(tx: Tx, orgId: string, date: string, path: string): Promise<string> {
  const today = await businessDateAt(tx.db, orgId, tx.now);
  if (date > today) throw fieldError(path, "FUTURE_DATE", `on or before today (${today})`);
  return today;
}

/** Creates a draft invoice; nothing is posted until it is issued. */
export async function createInvoice(
  tx: Tx,
  actor: Actor,
  orgId: string,
  input: InvoiceInput,
): Promise<InvoiceDetail> {
  await getCustomer(tx.db, orgId, input.customerId);
  await assertDocumentDate(tx, orgId, input.documentDate, "documentDate");
  checkTaxInvoice(input.taxInvoiceNumber, input.taxInvoiceDate);
  const { currency, totals } = await computeLines(tx.db, orgId, input.lines, input.taxInclusive);
  const terms = await resolveTerms(tx.db, orgId, input.customerId, input.termsCode);
  const invoiceId = uuidv7();
  await appendAudit(tx, {
    orgId,
    actor,
    action: "invoice.created",
    entityType: "invoice",
    entityId: invoiceId,
    after: JSON.parse(stringifyMinor({ ...input, grossMinor: totals.grossMinor })),
  });
  await tx.db
    .insertInto("invoices")
    .values({
      org_id: orgId,
      invoice_id: invoiceId,
      kind: "invoice",
      number: null,
      customer_id: input.customerId,
      status: "draft",
      currency,
      document_date: input.documentDate,
      terms_code: terms.code,
      terms_json: JSON.stringify(terms.terms),
      tax_inclusive: input.taxInclusive ? 1n : 0n,
      net_minor: totals.netMinor,
      tax_minor: totals.taxMinor,
      gross_minor: totals.grossMinor,
      tax_invoice_number: input.taxInvoiceNumber,
      tax_invoice_date: input.taxInvoiceDate,
      related_invoice_id: null,
      reason: null,
      note: textField(input.note, "note", { required: false, lengthMax: invoiceTextLengthMax }),
      created_by: actor.label,
      created_at: tx.now,
      updated_at: tx.now,
      issued_by: null,
      issued_at: null,
    })
    .execute();
  await writeLines(tx, orgId, invoiceId, input.lines, totals);
  return getInvoice(tx.db, orgId, invoiceId);
}

async function draftOf(tx: Tx, orgId: string, invoiceId: string): Promise<InvoiceDetail> {
  const invoice = await getInvoice(tx.db, orgId, invoiceId);
  if (invoice.status !== "draft") {
    throw new AppError("INVOICE_STATUS", {
      detail: `${invoice.number ?? "the invoice"} is ${invoice.status}; an issued invoice is corrected by a credit or debit note`,
      params: { status: invoice.status },
    });
  }
  return invoice;
}

/** Replaces a draft's fields and lines. */
export async function updateInvoice(
  tx: Tx,
  actor: Actor,
  orgId: string,
  invoiceId: string,
  input: InvoiceInput,
): Promise<InvoiceDetail> {
  await lockOrganization(tx, orgId);
  const before = await draftOf(tx, orgId, invoiceId);
  await getCustomer(tx.db, orgId, input.customerId);
  await assertDocumentDate(tx, orgId, input.documentDate, "documentDate");
  checkTaxInvoice(input.taxInvoiceNumber, input.taxInvoiceDate);
  const { totals } = await computeLines(tx.db, orgId, input.lines, input.taxInclusive);
  const terms = await resolveTerms(tx.db, orgId, input.customerId, input.termsCode);
  await appendAudit(tx, {
    orgId,
    actor,
    action: "invoice.updated",
    entityType: "invoice",
    entityId: invoiceId,
    before: JSON.parse(stringifyMinor(before)),
    after: JSON.parse(stringifyMinor({ ...input, grossMinor: totals.grossMinor })),
  });
  await tx.db
    .updateTable("invoices")
    .set({
      customer_id: input.customerId,
      document_date: input.documentDate,
      terms_code: terms.code,
      terms_json: JSON.stringify(terms.terms),
      tax_inclusive: input.taxInclusive ? 1n : 0n,
      net_minor: totals.netMinor,
      tax_minor: totals.taxMinor,
      gross_minor: totals.grossMinor,
      tax_invoice_number: input.taxInvoiceNumber,
      tax_invoice_date: input.taxInvoiceDate,
      note: textField(input.note, "note", { required: false, lengthMax: invoiceTextLengthMax }),
      updated_at: tx.now,
    })
    .where("org_id", "=", orgId)
    .where("invoice_id", "=", invoiceId)
    .execute();
  await writeLines(tx, orgId, invoiceId, input.lines, totals);
  return getInvoice(tx.db, orgId, invoiceId);
}

/** Deletes a draft (it has no number, no voucher and no open items yet). */
export async function deleteDraftInvoice(
  tx: Tx,
  actor: Actor,
  orgId: string,
  invoiceId: string,
): Promise<void> {
  await lockOrganization(tx, orgId);
  const before = await draftOf(tx, orgId, invoiceId);
  await appendAudit(tx, {
    orgId,
    actor,
    action: "invoice.deleted",
    entityType: "invoice",
    entityId: invoiceId,
    before: JSON.parse(stringifyMinor(before)),
  });
  await tx.db
    .deleteFrom("invoice_lines")
    .where("org_id", "=", orgId)
    .where("invoice_id", "=", invoiceId)
    .execute();
  await tx.db
    .deleteFrom("invoices")
    .where("org_id", "=", orgId)
    .where("invoice_id", "=", invoiceId)
    .execute();
}

/** The open items of an issued document: one per due portion of its terms. */
async function createOpenItems(
  tx: Tx,
  orgId: string,
  document: {
    invoiceId: string;
    number: string;
    taxInvoiceNumber: string | null;
    customerId: string;
    currency: string;
    documentDate: string;
    grossMinor: bigint;
    terms: PaymentTerms;
  },
): Promise<void> {
  const portions = splitByTerms(document.documentDate, document.grossMinor, document.terms);
  const windows = discountWindows(document.documentDate, document.terms);
  await tx.db
    .insertInto("open_items")
    .values(
      portions.map((portion) => ({
        org_id: orgId,
        item_id: uuidv7(),
        customer_id: document.customerId,
        source_type: "invoice",
        source_id: document.invoiceId,
        source_seq: BigInt(portion.seq),
        document_number: portions.length === 1 ? document.number : `${document.number}/${portion.seq}`,
        tax_invoice_number: document.taxInvoiceNumber,
        document_date: document.documentDate,
        due_date: portion.dueDate,
        currency: document.currency,
        original_minor: portion.amountMinor,
        open_minor: portion.amountMinor,
        discount_json: JSON.stringify(windows),
        disputed: 0n,
        dispute_note: null,
        status: "open",
        closed_on: null,
        created_at: tx.now,
      })),
    )
    .execute();
}

/**
 * Issues a draft: the credit check (raising the customer's exposure under its credit lock), the
 * next number of the series, the voucher 借 应收账款 / 贷 主营业务收入, 应交税费—销项税额, and one
 * open item per due portion of the terms.
 */
export async function issueInvoice(
  tx: Tx,
  actor: Actor,
  orgId: string,
  invoiceId: string,
): Promise<InvoiceDetail> {
  await lockOrganization(tx, orgId);
  const draft = await draftOf(tx, orgId, invoiceId);
  const today = await assertDocumentDate(tx, orgId, draft.documentDate, "documentDate");
  await reserveCredit(tx, orgId, draft.customerId, draft.grossMinor, today);
  const number = await nextDocumentNumber(tx, orgId, "invoice");
  await postEvents(tx, actor, orgId, [
    {
      type: "invoice_issued",
      date: draft.documentDate,
      currency: draft.currency,
      customerId: draft.customerId,
      amounts: { net: draft.netMinor, tax: draft.taxMinor },
      memo: `销售开票 ${number} ${draft.customerName}`.slice(0, 200),
      sourceType: "invoice",
      sourceId: invoiceId,
    },
  ]);
  await tx.db
    .updateTable("invoices")
    .set({ number, status: "issued", issued_by: actor.label, issued_at: tx.now, updated_at: tx.now })
    .where("org_id", "=", orgId)
    .where("invoice_id", "=", invoiceId)
    .execute();
  await createOpenItems(tx, orgId, { ...draft, number });
  await appendAudit(tx, {
    orgId,
    actor,
    action: "invoice.issued",
    entityType: "invoice",
    entityId: invoiceId,
    after: { number, grossMinor: draft.grossMinor.toString() },
  });
  return getInvoice(tx.db, orgId, invoiceId);
}

/** Records the 发票号码 and date of an issued invoice (often drawn after the receivable is booked). */
export async function setTaxInvoice(
  tx: Tx,
  actor: Actor,
  orgId: string,
  invoiceId: string,
  input: { readonly taxInvoiceNumber: string | null; readonly taxInvoiceDate: string | null },
): Promise<InvoiceDetail> {
  checkTaxInvoice(input.taxInvoiceNumber, input.taxInvoiceDate);
  const before = await getInvoice(tx.db, orgId, invoiceId);
  await appendAudit(tx, {
    orgId,
    actor,
    action: "invoice.tax_invoice_set",
    entityType: "invoice",
    entityId: invoiceId,
    before: { taxInvoiceNumber: before.taxInvoiceNumber, taxInvoiceDate: before.taxInvoiceDate },
    after: { ...input },
  });
  await tx.db
    .updateTable("invoices")
    .set({
      tax_invoice_number: input.taxInvoiceNumber,
      tax_invoice_date: input.taxInvoiceDate,
      updated_at: tx.now,
    })
    .where("org_id", "=", orgId)
    .where("invoice_id", "=", invoiceId)
    .execute();
  await tx.db
    .updateTable("open_items")
    .set({ tax_invoice_number: input.taxInvoiceNumber })
    .where("org_id", "=", orgId)
    .where("source_type", "=", "invoice")
    .where("source_id", "=", invoiceId)
    .execute();
  return getInvoice(tx.db, orgId, invoiceId);
}

export interface NoteInput {
  readonly documentDate: string;
  readonly taxInclusive: boolean;
  readonly lines: ReadonlyArray<InvoiceLineInput>;
  readonly reason: string;
  readonly taxInvoiceNumber: string | null;
  readonly taxInvoiceDate: string | null;
}

/**
 * What every note starts with: the organization's lock, the issued invoice it corrects, its date
 * (not before the invoice's, not after today), its tax invoice fields and its lines' totals.
 */
async function notePrelude(tx: Tx, orgId: string, invoiceId: string, input: NoteInput) {
  await lockOrganization(tx, orgId);
  const original = await getInvoice(tx.db, orgId, invoiceId);
  if (original.kind !== "invoice" || original.status === "draft") {
    throw new AppError("INVOICE_STATUS", {
      detail: "credit and debit notes correct an issued invoice",
      params: { status: original.status },
    });
  }
  const today = await assertDocumentDate(tx, orgId, input.documentDate, "documentDate");
  if (input.documentDate < original.documentDate) {
    throw fieldError(
      "documentDate",
      "BEFORE_ORIGINAL",
      `on or after the invoice's date ${original.documentDate}`,
    );
  }
  checkTaxInvoice(input.taxInvoiceNumber, input.taxInvoiceDate);
  const { totals } = await computeLines(tx.db, orgId, input.lines, input.taxInclusive);
  return { original, today, totals };
}

async function insertNote(
  tx: Tx,
  actor: Actor,
  orgId: string,
  original: InvoiceDetail,
  kind: "credit_note" | "debit_note",
  input: NoteInput,
  totals: ReturnType<typeof invoiceTotals>,
): Promise<{ noteId: string; number: string }> {
  const reason = textField(input.reason, "reason", { required: true, lengthMax: invoiceTextLengthMax }) ?? "";
  const noteId = uuidv7();
  const number = await nextDocumentNumber(tx, orgId, kind);
  await tx.db
    .insertInto("invoices")
    .values({
      org_id: orgId,
      invoice_id: noteId,
      kind,
      number,
      customer_id: original.customerId,
      status: "issued",
      currency: original.currency,
      document_date: input.documentDate,
      terms_code: original.termsCode,
      terms_json: JSON.stringify(original.terms),
      tax_inclusive: input.taxInclusive ? 1n : 0n,
      net_minor: totals.netMinor,
      tax_minor: totals.taxMinor,
      gross_minor: totals.grossMinor,
      tax_invoice_number: input.taxInvoiceNumber,
      tax_invoice_date: input.taxInvoiceDate,
      related_invoice_id: original.invoiceId,
      reason,
      note: null,
      created_by: actor.label,
      created_at: tx.now,
      updated_at: tx.now,
      issued_by: actor.label,
      issued_at: tx.now,
    })
    .execute();
  await writeLines(tx, orgId, noteId, input.lines, totals);
  await appendAudit(tx, {
    orgId,
    actor,
    action: `invoice.${kind}_issued`,
    entityType: "invoice",
    entityId: noteId,
    after: JSON.parse(
      stringifyMinor({ number, original: original.number, grossMinor: totals.grossMinor, reason }),
    ),
  });
  return { noteId, number };
}

/**
 * A credit note (红字发票 / 销售折让, a return or a price reduction) against an issued invoice: at
 * most what the invoice and its debit notes charged less earlier credit notes. It posts the
 * reversal of revenue and output VAT, becomes a negative open item, and is applied at once to
 * what is still open on the invoice; any rest stays as the customer's credit for other items.
 */
export async function createCreditNote(
  tx: Tx,
  actor: Actor,
  orgId: string,
  invoiceId: string,
  input: NoteInput,
): Promise<InvoiceDetail> {
  const { original, totals } = await notePrelude(tx, orgId, invoiceId, input);
  const charged =
    original.grossMinor +
    original.notes.reduce(
      (sum, note) => sum + (note.kind === "debit_note" ? note.grossMinor : -note.grossMinor),
      0n,
    );
  if (totals.grossMinor > charged) {
    throw fieldError(
      "lines",
      "CREDIT_EXCEEDS_INVOICE",
      `at most ${charged} minor units are left to credit on ${original.number}`,
    );
  }
  const { noteId, number } = await insertNote(tx, actor, orgId, original, "credit_note", input, totals);
  await postEvents(tx, actor, orgId, [
    {
      type: "credit_note",
      date: input.documentDate,
      currency: original.currency,
      customerId: original.customerId,
      amounts: { net: totals.netMinor, tax: totals.taxMinor },
      memo: `红字冲销 ${number} (${original.number}) ${original.customerName}`.slice(0, 200),
      sourceType: "invoice",
      sourceId: noteId,
    },
  ]);
  const creditItemId = uuidv7();
  await tx.db
    .insertInto("open_items")
    .values({
      org_id: orgId,
      item_id: creditItemId,
      customer_id: original.customerId,
      source_type: "invoice",
      source_id: noteId,
      source_seq: 1n,
      document_number: number,
      tax_invoice_number: input.taxInvoiceNumber,
      document_date: input.documentDate,
      due_date: input.documentDate,
      currency: original.currency,
      original_minor: -totals.grossMinor,
      open_minor: -totals.grossMinor,
      discount_json: "[]",
      disputed: 0n,
      dispute_note: null,
      status: "open",
      closed_on: null,
      created_at: tx.now,
    })
    .execute();
  const targets = original.items.filter((item) => item.openMinor > 0n).map((item) => item.itemId);
  for (const note of original.notes) {
    if (note.kind === "debit_note") {
      for (const item of await openItemsOfSource(tx.db, orgId, "invoice", note.invoiceId)) {
        if (item.openMinor > 0n) targets.push(item.itemId);
      }
    }
  }
  if (targets.length > 0) await applyCreditItem(tx, actor, orgId, creditItemId, targets, input.documentDate);
  await refreshInvoiceStatus(tx, orgId, [invoiceId, noteId]);
  return getInvoice(tx.db, orgId, noteId);
}

/** A debit note (an additional charge on an issued invoice): credit-checked and posted like an invoice, due on the invoice's terms from its own date. */
export async function createDebitNote(
  tx: Tx,
  actor: Actor,
  orgId: string,
  invoiceId: string,
  input: NoteInput,
): Promise<InvoiceDetail> {
  const { original, today, totals } = await notePrelude(tx, orgId, invoiceId, input);
  await reserveCredit(tx, orgId, original.customerId, totals.grossMinor, today);
  const { noteId, number } = await insertNote(tx, actor, orgId, original, "debit_note", input, totals);
  await postEvents(tx, actor, orgId, [
    {
      type: "invoice_issued",
      date: input.documentDate,
      currency: original.currency,
      customerId: original.customerId,
      amounts: { net: totals.netMinor, tax: totals.taxMinor },
      memo: `补开应收 ${number} (${original.number}) ${original.customerName}`.slice(0, 200),
      sourceType: "invoice",
      sourceId: noteId,
    },
  ]);
  await createOpenItems(tx, orgId, {
    invoiceId: noteId,
    number,
    taxInvoiceNumber: input.taxInvoiceNumber,
    customerId: original.customerId,
    currency: original.currency,
    documentDate: input.documentDate,
    grossMinor: totals.grossMinor,
    terms: original.terms,
  });
  await refreshInvoiceStatus(tx, orgId, [invoiceId]);
  return getInvoice(tx.db, orgId, noteId);
}
