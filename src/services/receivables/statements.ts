import { createHmac, timingSafeEqual } from "node:crypto";
import { sql } from "kysely";
import { addDays, formatBusinessDate, parseBusinessDate } from "../../core/dates.ts";
import { AppError } from "../../core/errors.ts";
import { uuidv7 } from "../../core/ids.ts";
import {
  buildStatement,
  type StatementLineKind,
  type StatementMovement,
  type StatementOfAccount,
  statementLinesMax,
} from "../../domain/receivables/index.ts";
import type { Executor } from "../../store/database.ts";
import type { StatementsTable } from "../../store/schema.ts";
import { appendAudit } from "../audit.ts";
import { type Actor, lockOrganization, type Tx } from "../command.ts";
import { getCustomer } from "../customers.ts";
import { parseMinor, stringifyMinor } from "../minor-json.ts";
import { businessDateAt, getOrganization } from "../organizations.ts";
import { fieldError, textField } from "../text-field.ts";
import { getReceivablesPolicy } from "./definitions.ts";
import { nextDocumentNumber } from "./numbers.ts";
import { openItemsAt } from "./open-items.ts";

/**
 * Statements of account (对账单) and the customer's confirmation (对账确认). A statement is a
 * snapshot taken from the customer's subledger; the customer opens it through a signed link that
 * expires, without an account, and confirms the closing balance or disputes lines. Disputed lines
 * mark the documents' open items disputed, so dunning passes them by until they are settled.
 */

export const statementStatuses = ["issued", "sent", "confirmed", "disputed"] as const;
export type StatementStatus = (typeof statementStatuses)[number];
/** The longest period one statement covers. */
export const statementPeriodDaysMax = 366 * 2;
export const statementNoteLengthMax = 1_000;

export interface StatementResponse {
  readonly status: "confirmed" | "disputed";
  readonly by: string;
  readonly at: string;
  readonly note: string | null;
  readonly lines: ReadonlyArray<{ readonly seq: number; readonly note: string }>;
}

export interface StatementRecord {
  readonly statementId: string;
  readonly number: string;
  readonly customerId: string;
  readonly customerName: string;
  readonly from: string;
  readonly to: string;
  readonly currency: string;
  readonly closingMinor: bigint;
  readonly status: StatementStatus;
  readonly linkExpiresOn: string;
  readonly sentTo: string | null;
  readonly sentAt: string | null;
  readonly response: StatementResponse | null;
  readonly createdBy: string;
  readonly createdAt: string;
}

export interface StatementDetail extends StatementRecord {
  readonly statement: StatementOfAccount;
}

type StatementRow = StatementsTable & { customer_name: string };

function toRecord(row: StatementRow): StatementRecord {
  return {
    statementId: row.statement_id,
    number: row.number,
    customerId: row.customer_id,
    customerName: row.customer_name,
    from: row.period_from,
    to: row.period_to,
    currency: row.currency,
    closingMinor: BigInt(row.closing_minor),
    status: row.status as StatementStatus,
    linkExpiresOn: row.link_expires_on,
    sentTo: row.sent_to,
    sentAt: row.sent_at,
    response: row.response_json === null ? null : (JSON.parse(row.response_json) as StatementResponse),
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

function statementQuery(db: Executor) {
  return db
    .selectFrom("statements as s")
    .innerJoin("customers as c", (join) =>
      join.onRef("c.org_id", "=", "s.org_id").onRef("c.customer_id", "=", "s.customer_id"),
    )
    .selectAll("s")
    .select("c.name as customer_name");
}

export async function getStatement(
  db: Executor,
  orgId: string,
  statementId: string,
): Promise<StatementDetail> {
  const row = await statementQuery(db)
    .where("s.org_id", "=", orgId)
    .where("s.statement_id", "=", statementId)
    .executeTakeFirst();
  if (row === undefined) throw new AppError("NOT_FOUND", { params: { entity: "statement" } });
  return { ...toRecord(row), statement: parseMinor<StatementOfAccount>(row.snapshot_json) };
}

export async function listStatements(
  db: Executor,
  orgId: string,
  filter: {
    readonly customerId?: string | undefined;
    readonly status?: StatementStatus | undefined;
    readonly limit: number;
  },
): Promise<StatementRecord[]> {
  let query = statementQuery(db).where("s.org_id", "=", orgId);
  if (filter.customerId !== undefined) query = query.where("s.customer_id", "=", filter.customerId);
  if (filter.status !== undefined) query = query.where("s.status", "=", filter.status);
  const rows = await query.orderBy("s.created_at", "desc").limit(filter.limit).execute();
  return rows.map(toRecord);
}

function kindOf(
  eventType: string | null,
  voucherKind: string,
  invoiceKind: string | null,
): StatementLineKind {
  if (voucherKind === "reversal") return "reversal";
  switch (eventType) {
    case "invoice_issued":
      return invoiceKind === "debit_note" ? "debit_note" : "invoice";
    case "credit_note":
      return "credit_note";
    case "payment_received":
    case "payment_applied":
      return "payment";
    case "discount_taken":
      return "discount";
    case "underpayment_written_off":
    case "write_off":
      return "write_off";
    case "refund_paid":
      return "refund";
    case "financed_sale":
    case "financed_sale_due":
    case "financed_sale_changed":
    case "plan_activated":
    case "plan_changed":
    case "installment_due":
    case "interest_accrued":
    case "fee_accrued":
    case "penalty":
      return "installment";
    default:
      return "other";
  }
}

/** What the customer owed on its receivables control accounts at the end of `asOf`. */
async function balanceAt(db: Executor, orgId: string, customerId: string, asOf: string): Promise<bigint> {
  const row = await db
    .selectFrom("journal_lines as l")
    .innerJoin("accounts as a", (join) =>
      join.onRef("a.org_id", "=", "l.org_id").onRef("a.code", "=", "l.account_code"),
    )
    .select(sql<bigint>`cast(coalesce(sum(l.debit_minor - l.credit_minor), 0) as bigint)`.as("balance"))
    .where("l.org_id", "=", orgId)
    .where("l.customer_id", "=", customerId)
    .where("a.receivables_control", "=", 1n)
    .where("l.voucher_date", "<=", asOf)
    .executeTakeFirstOrThrow();
  return BigInt(row.balance);
}

/** Each voucher of the period with its net effect on what the customer owes. */
async function movementsOf(
  db: Executor,
  orgId: string,
  customerId: string,
  from: string,
  to: string,
): Promise<StatementMovement[]> {
  const rows = await db
    .selectFrom("journal_lines as l")
    .innerJoin("accounts as a", (join) =>
      join.onRef("a.org_id", "=", "l.org_id").onRef("a.code", "=", "l.account_code"),
    )
    .innerJoin("vouchers as v", (join) =>
      join.onRef("v.org_id", "=", "l.org_id").onRef("v.voucher_id", "=", "l.voucher_id"),
    )
    .leftJoin("invoices as i", (join) =>
      join
        .onRef("i.org_id", "=", "v.org_id")
        .on((eb) => eb(sql`cast(i.invoice_id as text)`, "=", eb.ref("v.source_id")))
        .on("v.source_type", "=", "invoice"),
    )
    .leftJoin("payments as p", (join) =>
      join
        .onRef("p.org_id", "=", "v.org_id")
        .on((eb) => eb(sql`cast(p.payment_id as text)`, "=", eb.ref("v.source_id")))
        .on("v.source_type", "=", "payment"),
    )
    .leftJoin("plans as f", (join) =>
      join
        .onRef("f.org_id", "=", "v.org_id")
        .on((eb) => eb(sql`cast(f.plan_id as text)`, "=", eb.ref("v.source_id")))
        .on("v.source_type", "=", "plan"),
    )
    .select([
      "v.voucher_id",
      "v.voucher_date",
      "v.kind",
      "v.event_type",
      "v.memo",
      "v.period",
      "v.number",
      "i.number as invoice_number",
      "i.kind as invoice_kind",
      "p.number as payment_number",
      "f.number as plan_number",
      sql<bigint>`cast(sum(l.debit_minor - l.credit_minor) as bigint)`.as("net"),
    ])
    .where("l.org_id", "=", orgId)
    .where("l.customer_id", "=", customerId)
    .where("a.receivables_control", "=", 1n)
    .where("l.voucher_date", ">=", from)
    .where("l.voucher_date", "<=", to)
    .groupBy([
      "v.voucher_id",
      "v.voucher_date",
      "v.kind",
      "v.event_type",
      "v.memo",
      "v.period",
      "v.number",
      "i.number",
      "i.kind",
      "p.number",
      "f.number",
    ])
    .orderBy("v.voucher_date")
    .orderBy("v.period")
    .orderBy("v.number")
    .limit(statementLinesMax + 1)
    .execute();
  if (rows.length > statementLinesMax) {
    throw fieldError("to", "TOO_MANY_LINES", `more than ${statementLinesMax} lines: choose a shorter period`);
  }
  return rows.map((row) => ({
    date: row.voucher_date,
    kind: kindOf(row.event_type, row.kind, row.invoice_kind),
    documentNumber: row.invoice_number ?? row.payment_number ?? row.plan_number ?? null,
    description: row.memo,
    amountMinor: BigInt(row.net),
    voucherId: row.voucher_id,
  }));
}

/** A signature over the statement and its link's expiry with the installation's secret. */
function signature(secret: string, statementId: string, expiresOn: string): string {
  return createHmac("sha256", secret)
    .update(`statement-link:${statementId}:${expiresOn}`)
    .digest("base64url")
    .slice(0, 32);
}

export function statementLinkToken(secret: string, statementId: string, expiresOn: string): string {
  return `${statementId}.${signature(secret, statementId, expiresOn)}`;
}

/**
 * Takes a snapshot of a customer's statement for a period: opening balance, every voucher of the
 * period on its receivables accounts, closing balance, and its open items aged at the end.
 */
export async function createStatement(
  tx: Tx,
  actor: Actor,
  orgId: string,
  input: { readonly customerId: string; readonly from: string; readonly to: string },
): Promise<StatementDetail> {
  await lockOrganization(tx, orgId);
  const customer = await getCustomer(tx.db, orgId, input.customerId);
  const organization = await getOrganization(tx.db, orgId);
  const today = await businessDateAt(tx.db, orgId, tx.now);
  if (input.from > input.to) throw fieldError("from", "AFTER_TO", "the period starts on or before its end");
  if (input.to > today) throw fieldError("to", "FUTURE_DATE", `on or before today (${today})`);
  const days = (Date.parse(input.to) - Date.parse(input.from)) / 86_400_000;
  if (days > statementPeriodDaysMax)
    throw fieldError("from", "TOO_LONG", `at most ${statementPeriodDaysMax} days`);
  const policy = (await getReceivablesPolicy(tx.db, orgId)).definition;
  const dayBefore = formatBusinessDate(addDays(parseBusinessDate(input.from), -1));
  const number = await nextDocumentNumber(tx, orgId, "statement");
  const statement = buildStatement({
    number,
    organizationName: organization.name,
    customer: {
      customerId: customer.customerId,
      code: customer.code,
      name: customer.name,
      creditCode: customer.creditCode,
    },
    currency: organization.baseCurrency,
    from: input.from,
    to: input.to,
    openingMinor: await balanceAt(tx.db, orgId, customer.customerId, dayBefore),
    movements: await movementsOf(tx.db, orgId, customer.customerId, input.from, input.to),
    openItems: await openItemsAt(tx.db, orgId, input.to, [customer.customerId]),
    agingEdgesDays: policy.agingEdgesDays,
    generatedOn: today,
  });
  const statementId = uuidv7();
  const linkExpiresOn = formatBusinessDate(addDays(parseBusinessDate(today), policy.statementLinkDays));
  await tx.db
    .insertInto("statements")
    .values({
      org_id: orgId,
      statement_id: statementId,
      number,
      customer_id: customer.customerId,
      period_from: input.from,
      period_to: input.to,
      currency: organization.baseCurrency,
      closing_minor: statement.closingMinor,
      snapshot_json: stringifyMinor(statement),
      status: "issued",
      link_expires_on: linkExpiresOn,
      sent_to: null,
      sent_at: null,
      response_json: null,
      responded_at: null,
      created_by: actor.label,
      created_at: tx.now,
    })
    .execute();
  await appendAudit(tx, {
    orgId,
    actor,
    action: "statement.created",
    entityType: "statement",
    entityId: statementId,
    after: {
      number,
      customerId: customer.customerId,
      from: input.from,
      to: input.to,
      closingMinor: statement.closingMinor.toString(),
    },
  });
  return getStatement(tx.db, orgId, statementId);
}

/** Marks a statement sent to an address (the message itself goes through the outbox). */
export async function markStatementSent(
  tx: Tx,
  actor: Actor,
  orgId: string,
  statementId: string,
  recipient: string,
): Promise<void> {
  const before = await getStatement(tx.db, orgId, statementId);
  await tx.db
    .updateTable("statements")
    .set({ sent_to: recipient, sent_at: tx.now, ...(before.status === "issued" ? { status: "sent" } : {}) })
    .where("org_id", "=", orgId)
    .where("statement_id", "=", statementId)
    .execute();
  await appendAudit(tx, {
    orgId,
    actor,
    action: "statement.sent",
    entityType: "statement",
    entityId: statementId,
    after: { recipient },
  });
}

/** The statement a link names, when its signature holds and it has not expired. */
export async function statementOfLink(
  db: Executor,
  secret: string,
  token: string,
  today: (orgId: string) => Promise<string>,
): Promise<StatementDetail & { orgId: string }> {
  const invalid = () => new AppError("STATEMENT_LINK_INVALID");
  const [statementId, given] = token.split(".");
  if (statementId === undefined || given === undefined || !/^[0-9a-f-]{36}$/.test(statementId))
    throw invalid();
  const row = await db
    .selectFrom("statements")
    .select(["org_id", "link_expires_on"])
    .where("statement_id", "=", statementId)
    .executeTakeFirst();
  if (row === undefined) throw invalid();
  const expected = Buffer.from(signature(secret, statementId, row.link_expires_on));
  const actual = Buffer.from(given);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) throw invalid();
  if ((await today(row.org_id)) > row.link_expires_on) throw invalid();
  return { ...(await getStatement(db, row.org_id, statementId)), orgId: row.org_id };
}

/**
 * Records the customer's answer through the link: the balance confirmed, or lines disputed with a
 * note each. Answered once; a second answer is refused (the firm issues a new statement instead).
 */
export async function respondToStatement(
  tx: Tx,
  orgId: string,
  statementId: string,
  input: {
    readonly status: "confirmed" | "disputed";
    readonly by: string;
    readonly note: string | null;
    readonly lines: ReadonlyArray<{ readonly seq: number; readonly note: string }>;
  },
): Promise<StatementDetail> {
  await lockOrganization(tx, orgId);
  const current = await getStatement(tx.db, orgId, statementId);
  if (current.response !== null) {
    throw new AppError("CONFLICT", {
      detail: `statement ${current.number} was already ${current.response.status}`,
    });
  }
  const by = textField(input.by, "by", { required: true, lengthMax: 200 }) ?? "";
  const note = textField(input.note, "note", {
    required: input.status === "disputed" && input.lines.length === 0,
    lengthMax: statementNoteLengthMax,
  });
  if (input.status === "confirmed" && input.lines.length > 0) {
    throw fieldError("lines", "NOT_APPLICABLE", "a confirmation disputes no lines");
  }
  const bySeq = new Map(current.statement.lines.map((line) => [line.seq, line]));
  const lines = input.lines.map((line, index) => {
    if (!bySeq.has(line.seq))
      throw fieldError(`lines.${index}.seq`, "NOT_FOUND", "no such line on the statement");
    return {
      seq: line.seq,
      note:
        textField(line.note, `lines.${index}.note`, { required: true, lengthMax: statementNoteLengthMax }) ??
        "",
    };
  });
  const response: StatementResponse = { status: input.status, by, at: tx.now, note, lines };
  await tx.db
    .updateTable("statements")
    .set({ status: input.status, response_json: JSON.stringify(response), responded_at: tx.now })
    .where("org_id", "=", orgId)
    .where("statement_id", "=", statementId)
    .execute();
  // A disputed invoice line holds its open items back from dunning and automatic allocation.
  for (const line of lines) {
    const voucherId = bySeq.get(line.seq)?.voucherId;
    if (voucherId === undefined) continue;
    const voucher = await tx.db
      .selectFrom("vouchers")
      .select(["source_type", "source_id"])
      .where("org_id", "=", orgId)
      .where("voucher_id", "=", voucherId)
      .executeTakeFirst();
    if (voucher?.source_type !== "invoice" || voucher.source_id === null) continue;
    await tx.db
      .updateTable("open_items")
      .set({ disputed: 1n, dispute_note: `对账异议 ${current.number}: ${line.note}`.slice(0, 500) })
      .where("org_id", "=", orgId)
      .where("source_type", "=", "invoice")
      .where("source_id", "=", voucher.source_id)
      .where("status", "=", "open")
      .execute();
  }
  await appendAudit(tx, {
    orgId,
    actor: { userId: null, label: `customer: ${by}`.slice(0, 200) },
    action: `statement.${input.status}`,
    entityType: "statement",
    entityId: statementId,
    after: JSON.parse(JSON.stringify(response)),
  });
  return getStatement(tx.db, orgId, statementId);
}
