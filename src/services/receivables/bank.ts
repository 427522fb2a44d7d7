import { AppError } from "../../core/errors.ts";
import { uuidv7 } from "../../core/ids.ts";
import {
  type BankLineToMatch,
  buildMatchIndex,
  type LineMatch,
  type MatchableCustomer,
  type MatchableItem,
  type MatchProposal,
  matchBankLines,
} from "../../domain/payments/index.ts";
import {
  type BankCsvMapping,
  type BankStatementFormat,
  parseBankStatement,
  statementFingerprint,
} from "../../io/bank-statements/index.ts";
import type { Executor } from "../../store/database.ts";
import type { BankLinesTable } from "../../store/schema.ts";
import { appendAudit } from "../audit.ts";
import { type Actor, lockOrganization, type Tx } from "../command.ts";
import { parseMinor, stringifyMinor } from "../minor-json.ts";
import { getOrganization } from "../organizations.ts";
import { fieldError, textField } from "../text-field.ts";
import { getReceivablesPolicy } from "./definitions.ts";
import { type AllocationRequest, type PaymentDetail, recordPayment } from "./payments.ts";

/**
 * Bank statements in, receipts matched: a statement (camt.053, MT940 or a bank's CSV) is read,
 * refused when it was imported before, and its incoming lines are matched to open items. A match
 * the engine is sure of becomes a payment at once; the rest wait in the review queue with ranked
 * suggestions. Outgoing lines are kept (the statement stays whole) but are not receivables.
 */

export const bankLineStatuses = ["review", "matched", "ignored", "outgoing"] as const;
export type BankLineStatus = (typeof bankLineStatuses)[number];
/** Rows per INSERT, under SQLite's bound-variable limit at 20 columns a row. */
const insertRowsMax = 1_000;
/** Open items read per query when the matching index is built. */
const matchIndexPageRows = 20_000;

export interface BankLine {
  readonly lineId: string;
  readonly statementId: string;
  readonly seq: number;
  readonly bookingDate: string;
  readonly valueDate: string | null;
  readonly amountMinor: bigint;
  readonly currency: string;
  readonly counterpartyName: string | null;
  readonly counterpartyAccount: string | null;
  readonly remittance: string | null;
  readonly endToEndId: string | null;
  readonly bankReference: string | null;
  readonly status: BankLineStatus;
  readonly confidence: number | null;
  readonly suggestions: ReadonlyArray<MatchProposal>;
  readonly paymentId: string | null;
  readonly resolvedBy: string | null;
  readonly resolvedAt: string | null;
}

function toBankLine(row: BankLinesTable): BankLine {
  return {
    lineId: row.line_id,
    statementId: row.statement_id,
    seq: Number(row.seq),
    bookingDate: row.booking_date,
    valueDate: row.value_date,
    amountMinor: BigInt(row.amount_minor),
    currency: row.currency,
    counterpartyName: row.counterparty_name,
    counterpartyAccount: row.counterparty_account,
    remittance: row.remittance,
    endToEndId: row.end_to_end_id,
    bankReference: row.bank_reference,
    status: row.status as BankLineStatus,
    confidence: row.confidence === null ? null : Number(row.confidence),
    suggestions: row.suggestions_json === null ? [] : parseMinor<MatchProposal[]>(row.suggestions_json),
    paymentId: row.payment_id,
    resolvedBy: row.resolved_by,
    resolvedAt: row.resolved_at,
  };
}

export interface BankImportSummary {
  readonly statements: ReadonlyArray<{
    readonly statementId: string;
    readonly account: string;
    readonly reference: string | null;
    readonly lines: number;
    readonly warnings: ReadonlyArray<string>;
  }>;
  readonly lines: number;
  readonly incoming: number;
  readonly matchedAutomatically: number;
  readonly waitingForReview: number;
  readonly paymentIds: ReadonlyArray<string>;
}

/** Everything open that money may be applied to, and every customer with the names and accounts it pays under. */
export async function matchIndexOf(db: Executor, orgId: string) {
  // Pages in the order of the primary key, each row read as the item it is: a single query over
  // a million items sorts them or reads the table by a secondary index in random order, and
  // keeps every driver row and a copy of it alive together (measured in bench/cash-matching-sqlite).
  const items: MatchableItem[] = [];
  let after: string | null = null;
  for (;;) {
    let query = db
      .selectFrom("open_items")
      .select([
        "item_id as itemId",
        "customer_id as customerId",
        "document_number as documentNumber",
        "tax_invoice_number as taxInvoiceNumber",
        "due_date as dueDate",
        "open_minor as openMinor",
        "currency",
      ])
      .where("org_id", "=", orgId);
    if (after !== null) query = query.where("item_id", ">", after);
    const page = await query
      .where("status", "=", "open")
      .where("open_minor", ">", 0n)
      .where("disputed", "=", 0n)
      .orderBy("item_id")
      .limit(matchIndexPageRows)
      .execute();
    for (const item of page) items.push(item);
    const last = page.at(-1);
    if (last === undefined || page.length < matchIndexPageRows) break;
    after = last.itemId;
  }
  const customers = await db
    .selectFrom("customers")
    .select(["customer_id", "name", "group_payer_id"])
    .where("org_id", "=", orgId)
    .execute();
  const accounts = await db
    .selectFrom("payer_accounts")
    .select(["account", "customer_id", "payer_name"])
    .where("org_id", "=", orgId)
    .execute();
  const byCustomer = new Map<string, { names: string[]; accounts: string[]; payerFor: string[] }>();
  for (const customer of customers)
    byCustomer.set(customer.customer_id, { names: [customer.name], accounts: [], payerFor: [] });
  for (const customer of customers) {
    if (customer.group_payer_id !== null)
      byCustomer.get(customer.group_payer_id)?.payerFor.push(customer.customer_id);
  }
  for (const account of accounts) {
    const entry = byCustomer.get(account.customer_id);
    if (entry === undefined) continue;
    entry.accounts.push(account.account);
    if (account.payer_name !== null && !entry.names.includes(account.payer_name))
      entry.names.push(account.payer_name);
  }
  const matchableCustomers: MatchableCustomer[] = [...byCustomer].map(([customerId, entry]) => ({
    customerId,
    ...entry,
  }));
  return buildMatchIndex(items, matchableCustomers);
}

function lineToMatch(line: BankLine): BankLineToMatch {
  return {
    lineId: line.lineId,
    bookingDate: line.bookingDate,
    amountMinor: line.amountMinor,
    currency: line.currency,
    counterpartyName: line.counterpartyName,
    counterpartyAccount: line.counterpartyAccount,
    remittance: line.remittance,
    endToEndId: line.endToEndId,
  };
}

function allocationOf(proposal: MatchProposal): AllocationRequest {
  return {
    method: {
      kind: "chosen",
      items: proposal.allocations.map((allocation) => ({
        itemId: allocation.itemId,
        amountMinor: allocation.amountMinor,
      })),
    },
    // The bank line's amount is what arrived; the matcher already decided what it settles.
    takeDiscounts: true,
    writeOffShortfall: false,
  };
}

/** Turns a bank line into a payment of `customerId`, applied as asked, and remembers who pays from that account. */
async function paymentFromLine(
  tx: Tx,
  actor: Actor,
  orgId: string,
  line: BankLine,
  customerId: string,
  allocation: AllocationRequest | null,
): Promise<PaymentDetail> {
  const payment = await recordPayment(tx, actor, orgId, {
    customerId,
    method: "bank_transfer",
    receivedDate:
      line.valueDate !== null && line.valueDate < line.bookingDate ? line.valueDate : line.bookingDate,
    amountMinor: line.amountMinor,
    payerName: line.counterpartyName?.slice(0, 200) ?? null,
    reference: (line.endToEndId ?? line.remittance ?? line.bankReference)?.slice(0, 200) ?? null,
    note: line.remittance?.slice(0, 500) ?? null,
    allocation,
    bankLineId: line.lineId,
  });
  const account = line.counterpartyAccount?.replace(/\s/g, "") ?? "";
  if (account.length >= 6) {
    await tx.db
      .deleteFrom("payer_accounts")
      .where("org_id", "=", orgId)
      .where("account", "=", account)
      .execute();
    await tx.db
      .insertInto("payer_accounts")
      .values({
        org_id: orgId,
        account,
        customer_id: customerId,
        payer_name: line.counterpartyName?.slice(0, 200) ?? null,
        learned_at: tx.now,
      })
      .execute();
  }
  await tx.db
    .updateTable("bank_lines")
    .set({ status: "matched", payment_id: payment.paymentId, resolved_by: actor.label, resolved_at: tx.now })
    .where("org_id", "=", orgId)
    .where("line_id", "=", line.lineId)
    .execute();
  return payment;
}

async function storeSuggestions(tx: Tx, orgId: string, matches: ReadonlyArray<LineMatch>): Promise<void> {
  for (const match of matches) {
    await tx.db
      .updateTable("bank_lines")
      .set({
        suggestions_json: stringifyMinor(match.proposals),
        confidence: match.proposals[0] === undefined ? null : match.proposals[0].confidence.toFixed(3),
      })
      .where("org_id", "=", orgId)
      .where("line_id", "=", match.lineId)
      .execute();
  }
}

/**
 * Matches lines waiting for review: sure matches become payments, the others get fresh
 * suggestions. `onlyLineIds` limits the pass to lines just imported.
 */
export async function matchWaitingLines(
  tx: Tx,
  actor: Actor,
  orgId: string,
  onlyLineIds?: ReadonlyArray<string>,
): Promise<{ matched: number; waiting: number; paymentIds: string[] }> {
  let query = tx.db
    .selectFrom("bank_lines")
    .selectAll()
    .where("org_id", "=", orgId)
    .where("status", "=", "review");
  if (onlyLineIds !== undefined) {
    if (onlyLineIds.length === 0) return { matched: 0, waiting: 0, paymentIds: [] };
    const rows: BankLinesTable[] = [];
    for (let start = 0; start < onlyLineIds.length; start += insertRowsMax) {
      rows.push(
        ...(await query.where("line_id", "in", onlyLineIds.slice(start, start + insertRowsMax)).execute()),
      );
    }
    return matchRows(tx, actor, orgId, rows);
  }
  query = query.orderBy("booking_date").orderBy("seq");
  return matchRows(tx, actor, orgId, await query.execute());
}

async function matchRows(
  tx: Tx,
  actor: Actor,
  orgId: string,
  rows: ReadonlyArray<BankLinesTable>,
): Promise<{ matched: number; waiting: number; paymentIds: string[] }> {
  const lines = rows
    .map(toBankLine)
    .sort((a, b) => (a.bookingDate < b.bookingDate ? -1 : a.bookingDate > b.bookingDate ? 1 : a.seq - b.seq));
  if (lines.length === 0) return { matched: 0, waiting: 0, paymentIds: [] };
  const policy = (await getReceivablesPolicy(tx.db, orgId)).definition;
  const index = await matchIndexOf(tx.db, orgId);
  const matches = matchBankLines(index, lines.map(lineToMatch), {
    autoThreshold: Number(policy.autoMatchThreshold),
  });
  await storeSuggestions(tx, orgId, matches);
  const byId = new Map(lines.map((line) => [line.lineId, line]));
  const paymentIds: string[] = [];
  for (const match of matches) {
    const best = match.proposals[0];
    const line = byId.get(match.lineId);
    if (!match.automatic || best === undefined || line === undefined) continue;
    const payment = await paymentFromLine(
      tx,
      actor,
      orgId,
      line,
      best.customerId,
      best.allocations.length > 0 ? allocationOf(best) : null,
    );
    paymentIds.push(payment.paymentId);
  }
  return { matched: paymentIds.length, waiting: lines.length - paymentIds.length, paymentIds };
}

/**
 * Imports a bank statement file. The same statement (same account, numbers, balances and lines)
 * imported again is refused with BANK_STATEMENT_DUPLICATE, as is the same file; a statement in
 * another currency than the organization's is refused. Statements whose own figures do not add
 * up are imported with their warnings shown.
 */
export async function importBankStatement(
  tx: Tx,
  actor: Actor,
  orgId: string,
  input: {
    readonly bytes: Uint8Array;
    readonly fileName: string | null;
    readonly format?: BankStatementFormat | undefined;
    readonly csvMapping?: BankCsvMapping | undefined;
  },
): Promise<BankImportSummary> {
  await lockOrganization(tx, orgId);
  const parsed = parseBankStatement(input.bytes, {
    ...(input.format === undefined ? {} : { format: input.format }),
    ...(input.csvMapping === undefined ? {} : { csvMapping: input.csvMapping }),
  });
  const { baseCurrency } = await getOrganization(tx.db, orgId);
  const sameFile = await tx.db
    .selectFrom("bank_statements")
    .select("imported_at")
    .where("org_id", "=", orgId)
    .where("file_sha256", "=", parsed.sha256)
    .executeTakeFirst();
  if (sameFile !== undefined) {
    throw new AppError("BANK_STATEMENT_DUPLICATE", {
      detail: `this file was imported on ${sameFile.imported_at}`,
    });
  }
  const summaries: Array<BankImportSummary["statements"][number]> = [];
  const incomingIds: string[] = [];
  let lineCount = 0;
  for (const [index, statement] of parsed.statements.entries()) {
    const currency = statement.currency ?? statement.entries[0]?.currency ?? baseCurrency;
    if (currency !== baseCurrency) {
      throw fieldError(
        `statements.${index}.currency`,
        "CURRENCY_MISMATCH",
        `the statement is in ${currency}; receivables are in ${baseCurrency}`,
      );
    }
    const fingerprint = statementFingerprint(statement);
    const seen = await tx.db
      .selectFrom("bank_statements")
      .select(["imported_at", "file_name"])
      .where("org_id", "=", orgId)
      .where("fingerprint", "=", fingerprint)
      .executeTakeFirst();
    if (seen !== undefined) {
      throw new AppError("BANK_STATEMENT_DUPLICATE", {
        detail: `statement ${statement.id ?? ""} of account ${statement.account} was imported on ${seen.imported_at}${seen.file_name ? ` from ${seen.file_name}` : ""}`,
      });
    }
    const statementId = uuidv7();
    const dates = statement.entries
      .map((entry) => entry.bookingDate ?? entry.valueDate ?? "")
      .filter((d) => d !== "")
      .sort();
    await tx.db
      .insertInto("bank_statements")
      .values({
        org_id: orgId,
        statement_id: statementId,
        format: statement.format,
        account: statement.account,
        reference: statement.id,
        currency,
        fingerprint,
        file_sha256: parsed.sha256,
        file_name: textField(input.fileName, "fileName", { required: false, lengthMax: 200 }),
        opening_minor: statement.opening === null ? null : signedOf(statement.opening),
        closing_minor: statement.closing === null ? null : signedOf(statement.closing),
        from_date: dates[0] ?? null,
        to_date: dates.at(-1) ?? null,
        line_count: BigInt(statement.entries.length),
        warnings_json: JSON.stringify(statement.warnings),
        imported_by: actor.label,
        imported_at: tx.now,
      })
      .execute();
    const rows = statement.entries.map((entry, seq) => {
      const lineId = uuidv7();
      const incoming = entry.signedMinor > 0n;
      if (incoming) incomingIds.push(lineId);
      const bookingDate = entry.bookingDate ?? entry.valueDate;
      if (bookingDate === null)
        throw fieldError(`statements.${index}.entries.${seq}`, "DATE_MISSING", "an entry without a date");
      return {
        org_id: orgId,
        line_id: lineId,
        statement_id: statementId,
        seq: BigInt(seq + 1),
        booking_date: bookingDate,
        value_date: entry.valueDate,
        amount_minor: entry.signedMinor,
        currency: entry.currency,
        counterparty_name: entry.counterpartyName,
        counterparty_account: entry.counterpartyAccount,
        remittance: entry.remittance,
        end_to_end_id: entry.endToEndId,
        bank_reference: entry.bankReference,
        status: incoming ? "review" : "outgoing",
        confidence: null,
        suggestions_json: null,
        payment_id: null,
        resolved_by: null,
        resolved_at: null,
      };
    });
    for (let start = 0; start < rows.length; start += insertRowsMax) {
      await tx.db
        .insertInto("bank_lines")
        .values(rows.slice(start, start + insertRowsMax))
        .execute();
    }
    lineCount += rows.length;
    summaries.push({
      statementId,
      account: statement.account,
      reference: statement.id,
      lines: rows.length,
      warnings: statement.warnings,
    });
  }
  const matched = await matchWaitingLines(tx, actor, orgId, incomingIds);
  await appendAudit(tx, {
    orgId,
    actor,
    action: "bank_statement.imported",
    entityType: "bank_statement",
    entityId: summaries[0]?.statementId ?? "none",
    after: {
      fileName: input.fileName,
      statements: summaries.length,
      lines: lineCount,
      matched: matched.matched,
    },
  });
  return {
    statements: summaries,
    lines: lineCount,
    incoming: incomingIds.length,
    matchedAutomatically: matched.matched,
    waitingForReview: matched.waiting,
    paymentIds: matched.paymentIds,
  };
}

function signedOf(balance: { readonly amountMinor: bigint; readonly creditDebit: string }): bigint {
  return balance.creditDebit.startsWith("D") ? -balance.amountMinor : balance.amountMinor;
}

export async function getBankLine(db: Executor, orgId: string, lineId: string): Promise<BankLine> {
  const row = await db
    .selectFrom("bank_lines")
    .selectAll()
    .where("org_id", "=", orgId)
    .where("line_id", "=", lineId)
    .executeTakeFirst();
  if (row === undefined) throw new AppError("NOT_FOUND", { params: { entity: "bank line" } });
  return toBankLine(row);
}

export const bankLinesPageMax = 500;

export async function listBankLines(
  db: Executor,
  orgId: string,
  filter: {
    readonly status?: BankLineStatus | undefined;
    readonly statementId?: string | undefined;
    readonly limit: number;
  },
): Promise<BankLine[]> {
  let query = db.selectFrom("bank_lines").selectAll().where("org_id", "=", orgId);
  if (filter.status !== undefined) query = query.where("status", "=", filter.status);
  if (filter.statementId !== undefined) query = query.where("statement_id", "=", filter.statementId);
  const rows = await query
    .orderBy("booking_date", "desc")
    .orderBy("statement_id")
    .orderBy("seq")
    .limit(Math.min(filter.limit, bankLinesPageMax))
    .execute();
  return rows.map(toBankLine);
}

export async function listBankStatements(db: Executor, orgId: string, limit: number) {
  const rows = await db
    .selectFrom("bank_statements")
    .selectAll()
    .where("org_id", "=", orgId)
    .orderBy("imported_at", "desc")
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    statementId: row.statement_id,
    format: row.format,
    account: row.account,
    reference: row.reference,
    currency: row.currency,
    fileName: row.file_name,
    openingMinor: row.opening_minor === null ? null : BigInt(row.opening_minor),
    closingMinor: row.closing_minor === null ? null : BigInt(row.closing_minor),
    from: row.from_date,
    to: row.to_date,
    lineCount: Number(row.line_count),
    warnings: JSON.parse(row.warnings_json) as string[],
    importedBy: row.imported_by,
    importedAt: row.imported_at,
  }));
}

export type BankLineResolution =
  | { readonly kind: "accept"; readonly suggestion: number }
  | { readonly kind: "assign"; readonly customerId: string; readonly allocation: AllocationRequest | null }
  | { readonly kind: "ignore"; readonly reason: string };

/**
 * A person settles a line from the review queue: accepts one of its suggestions, assigns it to a
 * customer with an allocation of their own, or marks it as not a customer receipt (a loan, a
 * refund from a supplier) with a reason.
 */
export async function resolveBankLine(
  tx: Tx,
  actor: Actor,
  orgId: string,
  lineId: string,
  resolution: BankLineResolution,
): Promise<{ line: BankLine; payment: PaymentDetail | null }> {
  await lockOrganization(tx, orgId);
  const line = await getBankLine(tx.db, orgId, lineId);
  if (line.status !== "review") {
    throw new AppError("BANK_LINE_STATUS", {
      detail: `the line is ${line.status}`,
      params: { status: line.status },
    });
  }
  let payment: PaymentDetail | null = null;
  switch (resolution.kind) {
    case "accept": {
      const proposal = line.suggestions[resolution.suggestion];
      if (proposal === undefined)
        throw fieldError("suggestion", "NOT_FOUND", `the line has ${line.suggestions.length} suggestions`);
      // Items may have been settled since the suggestion was made: apply what is still open.
      payment = await paymentFromLine(tx, actor, orgId, line, proposal.customerId, {
        method: {
          kind: "chosen",
          items: proposal.allocations.map((a) => ({ itemId: a.itemId, amountMinor: null })),
        },
        takeDiscounts: true,
        writeOffShortfall: true,
      });
      break;
    }
    case "assign":
      payment = await paymentFromLine(tx, actor, orgId, line, resolution.customerId, resolution.allocation);
      break;
    case "ignore": {
      const reason = textField(resolution.reason, "reason", { required: true, lengthMax: 500 });
      await tx.db
        .updateTable("bank_lines")
        .set({
          status: "ignored",
          resolved_by: actor.label,
          resolved_at: tx.now,
          remittance: line.remittance,
        })
        .where("org_id", "=", orgId)
        .where("line_id", "=", lineId)
        .execute();
      await appendAudit(tx, {
        orgId,
        actor,
        action: "bank_line.ignored",
        entityType: "bank_line",
        entityId: lineId,
        after: { reason },
      });
      break;
    }
  }
  if (payment !== null) {
    await appendAudit(tx, {
      orgId,
      actor,
      action: "bank_line.matched",
      entityType: "bank_line",
      entityId: lineId,
      after: { paymentId: payment.paymentId, kind: resolution.kind },
    });
  }
  return { line: await getBankLine(tx.db, orgId, lineId), payment };
}
