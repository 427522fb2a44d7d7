import { sql } from "kysely";
import { AppError, assert } from "../../core/errors.ts";
import { uuidv7 } from "../../core/ids.ts";
import {
  checkVoucherLines,
  type EventType,
  eventLines,
  formatVoucherNumber,
  type JournalLine,
  type LedgerEvent,
  type PostingContext,
  type PostingRule,
  periodOf,
  reversedLines,
  type VoucherKind,
} from "../../domain/ledger/index.ts";
import type { JournalLinesTable, VouchersTable } from "../../store/schema.ts";
import { appendAudit } from "../audit.ts";
import type { Actor, Tx } from "../command.ts";
import { effectiveRules, listAccounts, roleAccounts } from "./chart.ts";

/** A voucher before it has a number. */
export interface VoucherDraft {
  readonly date: string;
  readonly memo: string;
  readonly kind: VoucherKind;
  readonly eventType: EventType | null;
  readonly sourceType: string | null;
  readonly sourceId: string | null;
  readonly reversesVoucherId: string | null;
  readonly lines: ReadonlyArray<JournalLine>;
}

export interface PostedVoucher {
  readonly voucherId: string;
  readonly period: string;
  readonly number: bigint;
  readonly label: string;
  readonly date: string;
}

/** Vouchers per call of `postEvents`; bigger batches belong in several transactions. */
export const postingBatchVouchersMax = 10_000;
/** Rows per INSERT statement, under SQLite's 32,766 bound variables at 10 columns a row. */
const insertRowsMax = 3000;

async function postingContext(
  tx: Tx,
  orgId: string,
  customerIds: ReadonlySet<string>,
): Promise<PostingContext> {
  const accounts = await listAccounts(tx.db, orgId);
  const known = new Set<string>();
  const ids = [...customerIds];
  for (let start = 0; start < ids.length; start += insertRowsMax) {
    const rows = await tx.db
      .selectFrom("customers")
      .select("customer_id")
      .where("org_id", "=", orgId)
      .where("customer_id", "in", ids.slice(start, start + insertRowsMax))
      .execute();
    for (const row of rows) known.add(row.customer_id);
  }
  return {
    accounts: new Map(accounts.map((account) => [account.code, account])),
    parentCodes: new Set(
      accounts.flatMap((account) => (account.parentCode === null ? [] : [account.parentCode])),
    ),
    knownCustomer: (id) => known.has(id),
  };
}

/**
 * Reserves `count` consecutive numbers in a period. The upsert takes the sequence row's lock
 * before the period's status is read, so a concurrent close either waits for this voucher or is
 * seen by it — never a voucher in a period closed under it.
 */
async function reserveNumbers(tx: Tx, orgId: string, period: string, count: number): Promise<bigint> {
  const row = await tx.db
    .insertInto("voucher_sequences")
    .values({ org_id: orgId, period, last_number: BigInt(count) })
    .onConflict((oc) =>
      oc
        .columns(["org_id", "period"])
        .doUpdateSet({ last_number: sql<bigint>`voucher_sequences.last_number + ${BigInt(count)}` }),
    )
    .returning("last_number")
    .executeTakeFirstOrThrow();
  return BigInt(row.last_number) - BigInt(count) + 1n;
}

async function closedPeriods(tx: Tx, orgId: string, periods: ReadonlyArray<string>): Promise<Set<string>> {
  const rows = await tx.db
    .selectFrom("periods")
    .select("period")
    .where("org_id", "=", orgId)
    .where("status", "=", "closed")
    .where("period", "in", periods)
    .execute();
  return new Set(rows.map((row) => row.period));
}

/**
 * The posting engine's one door: checks every draft, numbers it per organization and period
 * (记-0001, …), and writes vouchers and lines in multi-row inserts. All or nothing: one bad
 * draft refuses the whole batch.
 */
export async function postVouchers(
  tx: Tx,
  actor: Actor,
  orgId: string,
  drafts: ReadonlyArray<VoucherDraft>,
): Promise<PostedVoucher[]> {
  if (drafts.length === 0) return [];
  assert(drafts.length <= postingBatchVouchersMax, `at most ${postingBatchVouchersMax} vouchers per batch`);
  const customerIds = new Set<string>();
  for (const draft of drafts)
    for (const line of draft.lines) if (line.customerId !== null) customerIds.add(line.customerId);
  const context = await postingContext(tx, orgId, customerIds);
  drafts.forEach((draft, index) => {
    try {
      checkVoucherLines(draft.lines, context);
    } catch (error) {
      if (error instanceof AppError && drafts.length > 1) {
        throw new AppError(error.code, {
          detail: `voucher ${index + 1} (${draft.memo}): ${error.message}`,
          params: error.params,
          issues: error.issues.map((issue) => ({ ...issue, path: `vouchers.${index}.${issue.path}` })),
        });
      }
      throw error;
    }
  });

  const countByPeriod = new Map<string, number>();
  for (const draft of drafts) {
    const period = periodOf(draft.date);
    countByPeriod.set(period, (countByPeriod.get(period) ?? 0) + 1);
  }
  const nextNumber = new Map<string, bigint>();
  for (const [period, count] of [...countByPeriod].sort()) {
    nextNumber.set(period, await reserveNumbers(tx, orgId, period, count));
  }
  const closed = await closedPeriods(tx, orgId, [...countByPeriod.keys()]);
  if (closed.size > 0) {
    const period = [...closed].sort()[0] ?? "";
    throw new AppError("PERIOD_CLOSED", { params: { period }, detail: `period ${period} is closed` });
  }

  const createdBy = actor.label;
  const voucherRows: VouchersTable[] = [];
  const lineRows: JournalLinesTable[] = [];
  const posted: PostedVoucher[] = [];
  for (const draft of drafts) {
    const period = periodOf(draft.date);
    const number = nextNumber.get(period) ?? 1n;
    nextNumber.set(period, number + 1n);
    const voucherId = uuidv7();
    voucherRows.push({
      org_id: orgId,
      voucher_id: voucherId,
      period,
      number,
      voucher_date: draft.date,
      kind: draft.kind,
      event_type: draft.eventType,
      memo: draft.memo,
      source_type: draft.sourceType,
      source_id: draft.sourceId,
      reverses_voucher_id: draft.reversesVoucherId,
      line_count: BigInt(draft.lines.length),
      created_by: createdBy,
      created_at: tx.now,
    });
    draft.lines.forEach((line, index) => {
      lineRows.push({
        org_id: orgId,
        voucher_id: voucherId,
        line_no: BigInt(index + 1),
        voucher_date: draft.date,
        account_code: line.accountCode,
        customer_id: line.customerId,
        debit_minor: line.debitMinor,
        credit_minor: line.creditMinor,
        currency: line.currency,
        memo: line.memo,
      });
    });
    posted.push({ voucherId, period, number, label: formatVoucherNumber(number), date: draft.date });
  }
  const voucherChunk = Math.floor(insertRowsMax * 0.7);
  for (let start = 0; start < voucherRows.length; start += voucherChunk) {
    await tx.db
      .insertInto("vouchers")
      .values(voucherRows.slice(start, start + voucherChunk))
      .execute();
  }
  for (let start = 0; start < lineRows.length; start += insertRowsMax) {
    await tx.db
      .insertInto("journal_lines")
      .values(lineRows.slice(start, start + insertRowsMax))
      .execute();
  }
  return posted;
}

/** What a business command hands the ledger: its events; rules and role map come from the organization. */
export async function postEvents(
  tx: Tx,
  actor: Actor,
  orgId: string,
  events: ReadonlyArray<LedgerEvent>,
): Promise<Array<PostedVoucher | null>> {
  const rules = new Map<EventType, PostingRule>(
    (await effectiveRules(tx.db, orgId)).map((rule) => [rule.eventType, rule.lines]),
  );
  const roles = await roleAccounts(tx.db, orgId);
  const drafts: VoucherDraft[] = [];
  const draftIndex: Array<number | null> = [];
  for (const event of events) {
    const lines = eventLines(event, rules.get(event.type) ?? [], roles);
    if (lines.length === 0) {
      draftIndex.push(null);
      continue;
    }
    draftIndex.push(drafts.length);
    drafts.push({
      date: event.date,
      memo: event.memo,
      kind: "event",
      eventType: event.type,
      sourceType: event.sourceType,
      sourceId: event.sourceId,
      reversesVoucherId: null,
      lines,
    });
  }
  const posted = await postVouchers(tx, actor, orgId, drafts);
  return draftIndex.map((index) => (index === null ? null : (posted[index] ?? null)));
}

export interface ManualVoucherInput {
  readonly date: string;
  readonly memo: string;
  readonly lines: ReadonlyArray<JournalLine>;
}

/** A voucher an accountant keys in; the same checks as every other voucher, and audited. */
export async function postManualVoucher(
  tx: Tx,
  actor: Actor,
  orgId: string,
  input: ManualVoucherInput,
): Promise<PostedVoucher> {
  const [posted] = await postVouchers(tx, actor, orgId, [
    {
      date: input.date,
      memo: input.memo,
      kind: "manual",
      eventType: null,
      sourceType: null,
      sourceId: null,
      reversesVoucherId: null,
      lines: input.lines,
    },
  ]);
  assert(posted !== undefined, "one draft, one voucher");
  await appendAudit(tx, {
    orgId,
    actor,
    action: "voucher.posted",
    entityType: "voucher",
    entityId: posted.voucherId,
    after: { ...posted, number: posted.number.toString(), memo: input.memo },
  });
  return posted;
}

/**
 * Reverses a posted voucher with a new one dated `date` (in an open period) whose lines mirror
 * the original's. The original stays as it was; each voucher is reversed at most once, and a
 * reversal is not itself reversed (post the entry again instead).
 */
export async function reverseVoucher(
  tx: Tx,
  actor: Actor,
  orgId: string,
  voucherId: string,
  input: { readonly date: string; readonly reason: string },
): Promise<PostedVoucher> {
  const original = await tx.db
    .selectFrom("vouchers")
    .selectAll()
    .where("org_id", "=", orgId)
    .where("voucher_id", "=", voucherId)
    .executeTakeFirst();
  if (original === undefined) throw new AppError("NOT_FOUND", { params: { entity: "voucher" } });
  if (original.kind === "reversal") {
    throw new AppError("CONFLICT", { detail: "a reversal is not reversed; post the entry again instead" });
  }
  const already = await tx.db
    .selectFrom("vouchers")
    .select("voucher_id")
    .where("org_id", "=", orgId)
    .where("reverses_voucher_id", "=", voucherId)
    .executeTakeFirst();
  if (already !== undefined) throw new AppError("ALREADY_REVERSED");
  const lines = await tx.db
    .selectFrom("journal_lines")
    .selectAll()
    .where("org_id", "=", orgId)
    .where("voucher_id", "=", voucherId)
    .orderBy("line_no")
    .execute();
  const label = `${original.period} ${formatVoucherNumber(BigInt(original.number))}`;
  const [posted] = await postVouchers(tx, actor, orgId, [
    {
      date: input.date,
      memo: `冲销 ${label}: ${input.reason}`.slice(0, 200),
      kind: "reversal",
      eventType: original.event_type as EventType | null,
      sourceType: original.source_type,
      sourceId: original.source_id,
      reversesVoucherId: voucherId,
      lines: reversedLines(
        lines.map((line) => ({
          accountCode: line.account_code,
          debitMinor: BigInt(line.debit_minor),
          creditMinor: BigInt(line.credit_minor),
          currency: line.currency,
          customerId: line.customer_id,
          memo: line.memo,
        })),
      ),
    },
  ]);
  assert(posted !== undefined, "one draft, one voucher");
  await appendAudit(tx, {
    orgId,
    actor,
    action: "voucher.reversed",
    entityType: "voucher",
    entityId: voucherId,
    after: { reversal: posted.voucherId, label: posted.label, period: posted.period, reason: input.reason },
  });
  return posted;
}
