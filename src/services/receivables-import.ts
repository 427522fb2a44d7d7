import { currencyScale } from "../core/currency.ts";
import { type AppError, type FieldIssue, isAppError } from "../core/errors.ts";
import { formatMinor, parseMinor } from "../core/money.ts";
import type { AllocationMethod } from "../domain/payments/index.ts";
import { checkInvoiceLines, invoiceTotals } from "../domain/receivables/index.ts";
import type {
  InvoiceSheetDocument,
  InvoiceSheetRow,
  ParsedInvoiceSheet,
  ParsedPaymentSheet,
  PaymentSheetRow,
} from "../io/receivables-sheet.ts";
import type { Executor } from "../store/database.ts";
import { type Actor, lockOrganization, type Tx } from "./command.ts";
import { businessDateAt, getOrganization } from "./organizations.ts";
import {
  type AllocationRequest,
  createInvoice,
  issueInvoice,
  itemQuery,
  listPaymentTerms,
  type OpenItem,
  payerScope,
  recordPayment,
  toOpenItem,
} from "./receivables/index.ts";
import {
  attemptDocument,
  importWrites,
  keepImportIf,
  lookUpInChunks,
  refuseFileIssues,
  rowStatus,
  type SheetImportOptions,
  type SheetImportRowStatus,
  type SheetImportSummary,
} from "./sheet-import.ts";

/**
 * Importing invoices and payments received from a sheet (CSV or XLSX), checked row by row like the
 * customer import. Each invoice or payment goes through the same command as the API
 * (`createInvoice` and `issueInvoice` with their credit check; `recordPayment` with its
 * allocation), so it posts the same vouchers and audit records. The whole file runs in the
 * caller's one transaction, each document in a savepoint of its own: a refusal (a credit check
 * that blocks, a closed period) undoes that document only and is reported on its rows. Then the
 * mode decides: all-or-nothing keeps the documents only when no row is invalid or refused;
 * valid-only keeps those that went through; a dry run keeps nothing but reports what would happen.
 */

export interface InvoiceImportOptions extends SheetImportOptions {
  /** Create drafts, neither issued nor credit-checked, for a person to review. */
  readonly draft: boolean;
}

export interface InvoiceImportRowReport {
  readonly row: number;
  readonly reference: string;
  readonly status: SheetImportRowStatus;
  /** `path` is the column key (customerCode, vatRate, …), `credit` for the credit check, `invoice` for other refusals. */
  readonly issues: ReadonlyArray<FieldIssue>;
}

export interface InvoiceImportDocumentReport {
  readonly reference: string;
  readonly customerCode: string;
  /** Its rows, as Excel numbers them. */
  readonly rows: ReadonlyArray<number>;
  /** Invalid when any of its rows is. */
  readonly status: SheetImportRowStatus;
  /** Set once imported. */
  readonly invoiceId: string | null;
  /** INV-…, once imported and issued (a draft has no number yet). */
  readonly number: string | null;
  /** 价税合计 as its lines price it; null while its lines cannot be priced. */
  readonly grossMinor: bigint | null;
}

/** `total`, `valid` and `invalid` count rows (invoice lines); `imported` counts invoices. */
export interface InvoiceImportReport extends SheetImportSummary {
  readonly draft: boolean;
  readonly currency: string;
  readonly invoices: ReadonlyArray<InvoiceImportDocumentReport>;
  readonly rows: ReadonlyArray<InvoiceImportRowReport>;
}

export interface PaymentImportRowReport {
  readonly row: number;
  readonly customerCode: string;
  readonly status: SheetImportRowStatus;
  /** `path` is the column key (amount, invoiceNumbers, …), or `payment` for a refusal of the whole payment. */
  readonly issues: ReadonlyArray<FieldIssue>;
  /** RC-…, once imported. */
  readonly number: string | null;
  readonly paymentId: string | null;
  readonly amountMinor: bigint | null;
  /** What was (on a dry run: would be) applied to open items, and what stays unapplied. */
  readonly appliedMinor: bigint | null;
  readonly unappliedMinor: bigint | null;
  /** The documents the money went to, in order. */
  readonly appliedTo: ReadonlyArray<string>;
}

/** One payment per row; `imported` counts payments. */
export interface PaymentImportReport extends SheetImportSummary {
  readonly currency: string;
  readonly rows: ReadonlyArray<PaymentImportRowReport>;
}

/** The largest payment `recordPayment` takes: 10,000,000,000,000.00 in a two-decimal currency. */
const paymentAmountMinorMax = 10n ** 15n;

type IssueBook = Map<number, FieldIssue[]>;

function issueBookOf(
  rows: ReadonlyArray<{ rowNumber: number; issues: ReadonlyArray<FieldIssue> }>,
): IssueBook {
  return new Map(rows.map((row) => [row.rowNumber, [...row.issues]]));
}

function addIssue(book: IssueBook, rowNumber: number, issue: FieldIssue): void {
  const issues = book.get(rowNumber) ?? [];
  // One issue per column is enough: the sheet's own check and a command's say the same thing twice.
  if (!issues.some((existing) => existing.path === issue.path)) issues.push(issue);
  book.set(rowNumber, issues);
}

const issuesOf = (book: IssueBook, rowNumber: number): FieldIssue[] => book.get(rowNumber) ?? [];

async function customersByCode(
  db: Executor,
  orgId: string,
  codes: Iterable<string>,
): Promise<Map<string, string>> {
  const rows = await lookUpInChunks(
    [...codes].filter((code) => code !== ""),
    (chunk) =>
      db
        .selectFrom("customers")
        .select(["code", "customer_id"])
        .where("org_id", "=", orgId)
        .where("code", "in", chunk)
        .execute(),
  );
  return new Map(rows.map((row) => [row.code, row.customer_id]));
}

function unknownCustomer(code: string): FieldIssue {
  return { path: "customerCode", code: "UNKNOWN_CUSTOMER", message: `no customer has the code ${code}` };
}

function futureDate(path: string, today: string): FieldIssue {
  return { path, code: "FUTURE_DATE", message: `on or before today (${today})` };
}

// ---------------------------------------------------------------------------------------------
// Invoices

/** A refusal of the credit check, in words a credit manager reads: the reasons and what is left. */
function creditIssue(error: AppError, currency: string): FieldIssue {
  const headroom = error.params.headroomMinor;
  const headroomText =
    typeof headroom === "string" && /^-?[0-9]+$/.test(headroom)
      ? `; headroom ${formatMinor(BigInt(headroom), currency)} ${currency}`
      : "";
  return {
    path: "credit",
    code: "CREDIT_BLOCKED",
    message: `the credit check blocks this invoice (${String(error.params.reasons ?? "").replaceAll(",", ", ")})${headroomText}`,
  };
}

/** Where a command's refusal of an invoice belongs: `lines.2.vatRate` on the third line's row, the rest on every row. */
function placeInvoiceRefusal(
  book: IssueBook,
  document: InvoiceSheetDocument,
  error: AppError,
  currency: string,
): void {
  const everyRow = (issue: FieldIssue) => {
    for (const row of document.rows) addIssue(book, row.rowNumber, issue);
  };
  if (error.code === "CREDIT_BLOCKED") {
    everyRow(creditIssue(error, currency));
    return;
  }
  if (error.issues.length === 0) {
    everyRow({ path: "invoice", code: error.code, message: error.message });
    return;
  }
  for (const issue of error.issues) {
    const line = /^lines\.([0-9]+)\.(.+)$/.exec(issue.path);
    const row = line === null ? undefined : document.rows[Number(line[1])];
    if (line !== null && row !== undefined) addIssue(book, row.rowNumber, { ...issue, path: line[2] ?? "" });
    else everyRow({ ...issue, path: issue.path === "lines" ? "invoice" : issue.path });
  }
}

/** The rows of an invoice are imported together or not at all: the others learn which row stops them. */
function spreadInvalidity(book: IssueBook, document: InvoiceSheetDocument): void {
  const invalid = document.rows.filter((row) => issuesOf(book, row.rowNumber).length > 0);
  if (invalid.length === 0) return;
  const numbers = invalid.map((row) => row.rowNumber).join(", ");
  for (const row of document.rows) {
    if (issuesOf(book, row.rowNumber).length > 0) continue;
    addIssue(book, row.rowNumber, {
      path: "reference",
      code: "INVOICE_INVALID",
      message: `${document.reference} is not imported: row${invalid.length > 1 ? "s" : ""} ${numbers} of it ${invalid.length > 1 ? "are" : "is"} invalid`,
    });
  }
}

/**
 * Checks every row of an invoice file against the organization (customer codes, terms codes,
 * dates not after today, lines that price) and imports the invoices the mode allows, each created
 * and (unless `draft`) issued. A file-level problem (missing columns, no rows) is thrown as
 * VALIDATION_FAILED, since there are no rows to report on.
 */
export async function importInvoices(
  tx: Tx,
  actor: Actor,
  orgId: string,
  sheet: ParsedInvoiceSheet,
  options: InvoiceImportOptions,
): Promise<InvoiceImportReport> {
  refuseFileIssues(sheet.fileIssues);
  // Writers of this organization wait until the import ends, so the checks below stay true.
  await lockOrganization(tx, orgId);
  const { baseCurrency: currency } = await getOrganization(tx.db, orgId);
  const scale = currencyScale(currency);
  const today = await businessDateAt(tx.db, orgId, tx.now);
  const customers = await customersByCode(
    tx.db,
    orgId,
    sheet.rows.map((row) => row.customerCode),
  );
  // Terms codes compare without regard to case: "net30" is NET30.
  const termsByKey = new Map(
    (await listPaymentTerms(tx.db, orgId))
      .filter((terms) => terms.active)
      .map((terms) => [terms.code.toUpperCase(), terms.code]),
  );

  const book = issueBookOf(sheet.rows);
  const checkRow = (row: InvoiceSheetRow) => {
    const faulty = (path: string) => issuesOf(book, row.rowNumber).some((i) => i.path === path);
    if (row.customerCode !== "" && !faulty("customerCode") && !customers.has(row.customerCode)) {
      addIssue(book, row.rowNumber, unknownCustomer(row.customerCode));
    }
    if (row.termsCode !== null && !termsByKey.has(row.termsCode.toUpperCase())) {
      addIssue(book, row.rowNumber, {
        path: "termsCode",
        code: "UNKNOWN_TERMS",
        message: `no active payment terms with the code ${row.termsCode}`,
      });
    }
    if (row.documentDate !== null && row.documentDate > today) {
      addIssue(book, row.rowNumber, futureDate("documentDate", today));
    }
  };
  const grossByDocument = new Map<InvoiceSheetDocument, bigint>();
  for (const document of sheet.documents) {
    for (const row of document.rows) checkRow(row);
    const lines = document.rows.map((row) => row.line);
    for (const issue of checkInvoiceLines(lines, scale)) {
      const line = /^lines\.([0-9]+)\.(.+)$/.exec(issue.path);
      const row = line === null ? undefined : document.rows[Number(line[1])];
      if (line !== null && row !== undefined)
        addIssue(book, row.rowNumber, { ...issue, path: line[2] ?? "" });
      else for (const each of document.rows) addIssue(book, each.rowNumber, { ...issue, path: "invoice" });
    }
    const first = document.rows[0];
    if (first !== undefined && document.rows.every((row) => issuesOf(book, row.rowNumber).length === 0)) {
      const totals = invoiceTotals(lines, { taxInclusive: first.taxInclusive, scale, rounding: "half-up" });
      grossByDocument.set(document, totals.grossMinor);
      if (totals.grossMinor <= 0n) {
        for (const row of document.rows) {
          addIssue(book, row.rowNumber, {
            path: "unitPrice",
            code: "AMOUNT_ZERO",
            message: `the total of ${document.reference} must be above 0`,
          });
        }
      }
    }
    spreadInvalidity(book, document);
  }

  return keepImportIf(tx, async () => {
    const created = new Map<InvoiceSheetDocument, { invoiceId: string; number: string | null }>();
    for (const document of sheet.documents) {
      const first = document.rows[0];
      const customerId = first === undefined ? undefined : customers.get(first.customerCode);
      if (first === undefined || customerId === undefined || first.documentDate === null) continue;
      if (document.rows.some((row) => issuesOf(book, row.rowNumber).length > 0)) continue;
      const outcome = await attemptDocument(tx, async () => {
        const draft = await createInvoice(tx, actor, orgId, {
          customerId,
          documentDate: first.documentDate ?? "",
          termsCode:
            first.termsCode === null ? null : (termsByKey.get(first.termsCode.toUpperCase()) ?? null),
          taxInclusive: first.taxInclusive,
          lines: document.rows.map((row) => row.line),
          taxInvoiceNumber: first.taxInvoiceNumber,
          taxInvoiceDate: first.taxInvoiceDate,
          note: document.note,
        });
        return options.draft ? draft : issueInvoice(tx, actor, orgId, draft.invoiceId);
      });
      if (outcome.ok)
        created.set(document, { invoiceId: outcome.value.invoiceId, number: outcome.value.number });
      else {
        placeInvoiceRefusal(book, document, outcome.error, currency);
        spreadInvalidity(book, document);
      }
    }

    const invalid = sheet.rows.filter((row) => issuesOf(book, row.rowNumber).length > 0).length;
    const writes = importWrites(options, invalid);
    const rows = sheet.rows.map((row) => {
      const issues = issuesOf(book, row.rowNumber);
      return {
        row: row.rowNumber,
        reference: row.reference,
        status: rowStatus(issues, options, writes),
        issues,
      };
    });
    const invoices = sheet.documents.map((document): InvoiceImportDocumentReport => {
      const issues = document.rows.flatMap((row) => issuesOf(book, row.rowNumber));
      const status = rowStatus(issues, options, writes);
      const done = status === "imported" ? created.get(document) : undefined;
      return {
        reference: document.reference,
        customerCode: document.rows[0]?.customerCode ?? "",
        rows: document.rows.map((row) => row.rowNumber),
        status,
        invoiceId: done?.invoiceId ?? null,
        number: done?.number ?? null,
        grossMinor: grossByDocument.get(document) ?? null,
      };
    });
    const report: InvoiceImportReport = {
      mode: options.mode,
      dryRun: options.dryRun,
      draft: options.draft,
      currency,
      total: rows.length,
      valid: rows.length - invalid,
      invalid,
      imported: invoices.filter((invoice) => invoice.status === "imported").length,
      invoices,
      rows,
    };
    return { value: report, keep: writes };
  });
}

// ---------------------------------------------------------------------------------------------
// Payments

/**
 * The open items that document numbers name, for each number in the order given: INV-000012 is
 * every open portion of the invoice (by due date), INV-000012/2 that portion only.
 */
async function itemsByNumber(
  db: Executor,
  orgId: string,
  numbers: Iterable<string>,
): Promise<Map<string, OpenItem[]>> {
  const wanted = [...new Set(numbers)];
  const bases = wanted.map((number) => number.split("/")[0] ?? number);
  const rows = await lookUpInChunks(bases, (chunk) =>
    itemQuery(db, orgId)
      .where((eb) =>
        eb.or([
          eb("i.document_number", "in", chunk),
          eb.and([
            eb("i.source_type", "=", "invoice"),
            eb(
              "i.source_id",
              "in",
              eb
                .selectFrom("invoices as v")
                .select("v.invoice_id")
                .where("v.org_id", "=", orgId)
                .where("v.number", "in", chunk),
            ),
          ]),
        ]),
      )
      .orderBy("i.due_date")
      .orderBy("i.source_seq")
      .orderBy("i.item_id")
      .execute(),
  );
  // By the number before the portion's slash, so each number is matched among its own items only.
  const byBase = new Map<string, OpenItem[]>();
  for (const item of rows.map(toOpenItem)) {
    const base = item.documentNumber.split("/")[0] ?? item.documentNumber;
    const group = byBase.get(base);
    if (group === undefined) byBase.set(base, [item]);
    else group.push(item);
  }
  return new Map(
    wanted.map((number, index) => [
      number,
      (byBase.get(bases[index] ?? number) ?? []).filter(
        (item) => !number.includes("/") || item.documentNumber === number,
      ),
    ]),
  );
}

/** The chosen items of a row, or the issue that stops it: unknown, another customer's, settled. */
function chosenItems(
  row: PaymentSheetRow,
  items: ReadonlyMap<string, ReadonlyArray<OpenItem>>,
  scope: ReadonlyArray<string>,
): { itemIds: string[]; issue: FieldIssue | null } {
  const itemIds: string[] = [];
  const problem = (code: string, message: string) => ({
    itemIds: [],
    issue: { path: "invoiceNumbers", code, message },
  });
  for (const number of row.invoiceNumbers) {
    const found = items.get(number) ?? [];
    if (found.length === 0) return problem("UNKNOWN_DOCUMENT", `no document has the number ${number}`);
    if (found.some((item) => !scope.includes(item.customerId))) {
      return problem(
        "OTHER_CUSTOMER",
        `${number} belongs to ${found[0]?.customerName ?? "another customer"}, whom ${row.customerCode} does not pay for`,
      );
    }
    const open = found.filter((item) => item.openMinor > 0n);
    if (open.length === 0) return problem("NOT_OPEN", `${number} has nothing open`);
    for (const item of open) if (!itemIds.includes(item.itemId)) itemIds.push(item.itemId);
  }
  return { itemIds, issue: null };
}

function allocationOf(row: PaymentSheetRow, itemIds: ReadonlyArray<string>): AllocationRequest | null {
  let method: AllocationMethod;
  switch (row.allocation) {
    case "none":
      return null;
    case "chosen":
      method = { kind: "chosen", items: itemIds.map((itemId) => ({ itemId, amountMinor: null })) };
      break;
    case "oldest_first":
    case "proportional":
      method = { kind: row.allocation };
      break;
  }
  // The API's defaults (POST /payments): discounts in their window are taken, and a shortfall
  // within the policy's tolerance is written off.
  return { method, takeDiscounts: true, writeOffShortfall: true };
}

/** A refusal's issues on the payment's row, at the column they concern. */
function placePaymentRefusal(book: IssueBook, row: PaymentSheetRow, error: AppError): void {
  if (error.issues.length === 0) {
    addIssue(book, row.rowNumber, { path: "payment", code: error.code, message: error.message });
    return;
  }
  for (const issue of error.issues) {
    const path = issue.path.startsWith("allocation") ? "invoiceNumbers" : issue.path;
    addIssue(book, row.rowNumber, { ...issue, path });
  }
}

/**
 * Checks every row of a payment file against the organization (customer codes, dates not after
 * today, amounts in the currency, the documents named) and records the payments the mode allows,
 * each applied as its row says. A file-level problem is thrown as VALIDATION_FAILED.
 */
export async function importPayments(
  tx: Tx,
  actor: Actor,
  orgId: string,
  sheet: ParsedPaymentSheet,
  options: SheetImportOptions,
): Promise<PaymentImportReport> {
  refuseFileIssues(sheet.fileIssues);
  await lockOrganization(tx, orgId);
  const { baseCurrency: currency } = await getOrganization(tx.db, orgId);
  const today = await businessDateAt(tx.db, orgId, tx.now);
  const customers = await customersByCode(
    tx.db,
    orgId,
    sheet.rows.map((row) => row.customerCode),
  );
  const items = await itemsByNumber(
    tx.db,
    orgId,
    sheet.rows.flatMap((row) => row.invoiceNumbers),
  );
  const scopes = new Map<string, string[]>();

  const book = issueBookOf(sheet.rows);
  const planned = new Map<PaymentSheetRow, { customerId: string; amountMinor: bigint; itemIds: string[] }>();
  for (const row of sheet.rows) {
    const faulty = (path: string) => issuesOf(book, row.rowNumber).some((i) => i.path === path);
    const customerId = customers.get(row.customerCode);
    if (row.customerCode !== "" && !faulty("customerCode") && customerId === undefined) {
      addIssue(book, row.rowNumber, unknownCustomer(row.customerCode));
    }
    if (row.receivedDate !== null && row.receivedDate > today) {
      addIssue(book, row.rowNumber, futureDate("receivedDate", today));
    }
    let amountMinor: bigint | null = null;
    if (row.amount !== null) {
      try {
        amountMinor = parseMinor(row.amount, currency);
      } catch (error) {
        if (!isAppError(error)) throw error;
        addIssue(book, row.rowNumber, {
          path: "amount",
          code: "INVALID_AMOUNT",
          message: `${row.amount} has more decimals than ${currency} has (${currencyScale(currency)})`,
        });
      }
      if (amountMinor !== null && amountMinor > paymentAmountMinorMax) {
        addIssue(book, row.rowNumber, {
          path: "amount",
          code: "OUT_OF_RANGE",
          message: `at most ${formatMinor(paymentAmountMinorMax, currency)}`,
        });
      }
    }
    let itemIds: string[] = [];
    if (customerId !== undefined && row.invoiceNumbers.length > 0) {
      const scope = scopes.get(customerId) ?? (await payerScope(tx.db, orgId, customerId));
      scopes.set(customerId, scope);
      const chosen = chosenItems(row, items, scope);
      if (chosen.issue !== null) addIssue(book, row.rowNumber, chosen.issue);
      itemIds = chosen.itemIds;
    }
    if (customerId !== undefined && amountMinor !== null && issuesOf(book, row.rowNumber).length === 0) {
      planned.set(row, { customerId, amountMinor, itemIds });
    }
  }

  return keepImportIf(tx, async () => {
    const recorded = new Map<
      PaymentSheetRow,
      {
        paymentId: string;
        number: string;
        amountMinor: bigint;
        unappliedMinor: bigint;
        appliedTo: string[];
      }
    >();
    for (const [row, plan] of planned) {
      const outcome = await attemptDocument(tx, () =>
        recordPayment(tx, actor, orgId, {
          customerId: plan.customerId,
          method: row.method,
          receivedDate: row.receivedDate ?? "",
          amountMinor: plan.amountMinor,
          payerName: row.payerName,
          reference: row.reference,
          note: row.note,
          allocation: allocationOf(row, plan.itemIds),
        }),
      );
      if (outcome.ok) {
        const payment = outcome.value;
        recorded.set(row, {
          paymentId: payment.paymentId,
          number: payment.number,
          amountMinor: payment.amountMinor,
          unappliedMinor: payment.unappliedMinor,
          appliedTo: [...new Set(payment.allocations.map((allocation) => allocation.documentNumber))],
        });
      } else placePaymentRefusal(book, row, outcome.error);
    }

    const invalid = sheet.rows.filter((row) => issuesOf(book, row.rowNumber).length > 0).length;
    const writes = importWrites(options, invalid);
    const rows = sheet.rows.map((row): PaymentImportRowReport => {
      const issues = issuesOf(book, row.rowNumber);
      const status = rowStatus(issues, options, writes);
      const done = issues.length === 0 ? recorded.get(row) : undefined;
      const kept = status === "imported" ? done : undefined;
      return {
        row: row.rowNumber,
        customerCode: row.customerCode,
        status,
        issues,
        number: kept?.number ?? null,
        paymentId: kept?.paymentId ?? null,
        amountMinor: planned.get(row)?.amountMinor ?? null,
        appliedMinor: done === undefined ? null : done.amountMinor - done.unappliedMinor,
        unappliedMinor: done?.unappliedMinor ?? null,
        appliedTo: done?.appliedTo ?? [],
      };
    });
    const report: PaymentImportReport = {
      mode: options.mode,
      dryRun: options.dryRun,
      currency,
      total: rows.length,
      valid: rows.length - invalid,
      invalid,
      imported: rows.filter((row) => row.status === "imported").length,
      rows,
    };
    return { value: report, keep: writes };
  });
}
