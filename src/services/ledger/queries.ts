import { type Expression, type SqlBool, sql } from "kysely";
import { AppError } from "../../core/errors.ts";
import {
  type Account,
  type AccountRole,
  type EventType,
  formatVoucherNumber,
  type VoucherKind,
} from "../../domain/ledger/index.ts";
import type { Executor } from "../../store/database.ts";
import { getAccount, listAccounts, roleAccounts } from "./chart.ts";

/** Sums arrive as bigint on both engines only when cast: PostgreSQL's sum(bigint) is numeric. */
const sumOf = (expression: ReturnType<typeof sql>) =>
  sql<bigint>`cast(coalesce(sum(${expression}), 0) as bigint)`;
const net = sql`debit_minor - credit_minor`;

export const journalPageSizeMax = 200;
export const generalLedgerPageSizeMax = 5000;

export interface LineView {
  readonly lineNo: bigint;
  readonly accountCode: string;
  readonly accountNameZh: string;
  readonly accountNameEn: string;
  readonly customerId: string | null;
  readonly customerCode: string | null;
  readonly customerName: string | null;
  readonly debitMinor: bigint;
  readonly creditMinor: bigint;
  readonly currency: string;
  readonly memo: string | null;
}

export interface VoucherView {
  readonly voucherId: string;
  readonly period: string;
  readonly number: bigint;
  readonly label: string;
  readonly date: string;
  readonly kind: VoucherKind;
  readonly eventType: EventType | null;
  readonly memo: string;
  readonly sourceType: string | null;
  readonly sourceId: string | null;
  readonly reversesVoucherId: string | null;
  readonly reversedByVoucherId: string | null;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly lines: ReadonlyArray<LineView>;
}

export interface JournalFilter {
  readonly from?: string;
  readonly to?: string;
  readonly period?: string;
  /** An account and every sub-account under it (a code prefix). */
  readonly accountCode?: string;
  readonly customerId?: string;
  readonly kind?: VoucherKind;
  readonly eventType?: EventType;
  readonly sourceType?: string;
  readonly sourceId?: string;
  readonly search?: string;
}

async function linesOf(
  db: Executor,
  orgId: string,
  voucherIds: ReadonlyArray<string>,
): Promise<Map<string, LineView[]>> {
  const byVoucher = new Map<string, LineView[]>();
  if (voucherIds.length === 0) return byVoucher;
  const rows = await db
    .selectFrom("journal_lines as l")
    .innerJoin("accounts as a", (join) =>
      join.onRef("a.org_id", "=", "l.org_id").onRef("a.code", "=", "l.account_code"),
    )
    .leftJoin("customers as c", (join) =>
      join.onRef("c.org_id", "=", "l.org_id").onRef("c.customer_id", "=", "l.customer_id"),
    )
    .select([
      "l.voucher_id",
      "l.line_no",
      "l.account_code",
      "a.name_zh",
      "a.name_en",
      "l.customer_id",
      "c.code as customer_code",
      "c.name as customer_name",
      "l.debit_minor",
      "l.credit_minor",
      "l.currency",
      "l.memo",
    ])
    .where("l.org_id", "=", orgId)
    .where("l.voucher_id", "in", voucherIds)
    .orderBy("l.voucher_id")
    .orderBy("l.line_no")
    .execute();
  for (const row of rows) {
    const list = byVoucher.get(row.voucher_id) ?? [];
    list.push({
      lineNo: BigInt(row.line_no),
      accountCode: row.account_code,
      accountNameZh: row.name_zh,
      accountNameEn: row.name_en,
      customerId: row.customer_id,
      customerCode: row.customer_code,
      customerName: row.customer_name,
      debitMinor: BigInt(row.debit_minor),
      creditMinor: BigInt(row.credit_minor),
      currency: row.currency,
      memo: row.memo,
    });
    byVoucher.set(row.voucher_id, list);
  }
  return byVoucher;
}

/** The journal (序时账): vouchers in period and number order, with their lines, one page at a time. */
export async function listJournal(
  db: Executor,
  orgId: string,
  filter: JournalFilter,
  page: { readonly limit: number; readonly after?: string },
): Promise<{ readonly items: VoucherView[]; readonly nextAfter: string | null }> {
  let query = db.selectFrom("vouchers as v").selectAll("v").where("v.org_id", "=", orgId);
  if (filter.from !== undefined) query = query.where("v.voucher_date", ">=", filter.from);
  if (filter.to !== undefined) query = query.where("v.voucher_date", "<=", filter.to);
  if (filter.period !== undefined) query = query.where("v.period", "=", filter.period);
  if (filter.kind !== undefined) query = query.where("v.kind", "=", filter.kind);
  if (filter.eventType !== undefined) query = query.where("v.event_type", "=", filter.eventType);
  if (filter.sourceType !== undefined) query = query.where("v.source_type", "=", filter.sourceType);
  if (filter.sourceId !== undefined) query = query.where("v.source_id", "=", filter.sourceId);
  if (filter.search !== undefined && filter.search !== "") {
    query = query.where("v.memo", "like", `%${filter.search.replace(/[%_\\]/g, "")}%`);
  }
  const { accountCode, customerId } = filter;
  if (accountCode !== undefined || customerId !== undefined) {
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom("journal_lines as l")
          .select("l.line_no")
          .whereRef("l.org_id", "=", "v.org_id")
          .whereRef("l.voucher_id", "=", "v.voucher_id")
          .$if(accountCode !== undefined, (q) => q.where("l.account_code", "like", `${accountCode}%`))
          .$if(customerId !== undefined, (q) => q.where("l.customer_id", "=", customerId ?? "")),
      ),
    );
  }
  if (page.after !== undefined) {
    const [period, numberText] = page.after.split(":");
    if (period === undefined || numberText === undefined || !/^[0-9]{1,18}$/.test(numberText)) {
      throw new AppError("VALIDATION_FAILED", {
        issues: [{ path: "after", code: "INVALID_CURSOR", message: page.after }],
      });
    }
    const number = BigInt(numberText);
    query = query.where(
      (eb): Expression<SqlBool> =>
        eb.or([
          eb("v.period", ">", period),
          eb.and([eb("v.period", "=", period), eb("v.number", ">", number)]),
        ]),
    );
  }
  const rows = await query
    .orderBy("v.period")
    .orderBy("v.number")
    .limit(page.limit + 1)
    .execute();
  const pageRows = rows.slice(0, page.limit);
  const items = await voucherViews(db, orgId, pageRows);
  const last = pageRows.at(-1);
  return {
    items,
    nextAfter: rows.length > page.limit && last !== undefined ? `${last.period}:${last.number}` : null,
  };
}

type VoucherRow = {
  voucher_id: string;
  period: string;
  number: bigint;
  voucher_date: string;
  kind: string;
  event_type: string | null;
  memo: string;
  source_type: string | null;
  source_id: string | null;
  reverses_voucher_id: string | null;
  created_by: string;
  created_at: string;
};

async function voucherViews(
  db: Executor,
  orgId: string,
  rows: ReadonlyArray<VoucherRow>,
): Promise<VoucherView[]> {
  const ids = rows.map((row) => row.voucher_id);
  const lines = await linesOf(db, orgId, ids);
  const reversals =
    ids.length === 0
      ? []
      : await db
          .selectFrom("vouchers")
          .select(["voucher_id", "reverses_voucher_id"])
          .where("org_id", "=", orgId)
          .where("reverses_voucher_id", "in", ids)
          .execute();
  const reversedBy = new Map(reversals.map((row) => [row.reverses_voucher_id, row.voucher_id]));
  return rows.map((row) => ({
    voucherId: row.voucher_id,
    period: row.period,
    number: BigInt(row.number),
    label: formatVoucherNumber(BigInt(row.number)),
    date: row.voucher_date,
    kind: row.kind as VoucherKind,
    eventType: row.event_type as EventType | null,
    memo: row.memo,
    sourceType: row.source_type,
    sourceId: row.source_id,
    reversesVoucherId: row.reverses_voucher_id,
    reversedByVoucherId: reversedBy.get(row.voucher_id) ?? null,
    createdBy: row.created_by,
    createdAt: row.created_at,
    lines: lines.get(row.voucher_id) ?? [],
  }));
}

export async function getVoucher(db: Executor, orgId: string, voucherId: string): Promise<VoucherView> {
  const row = await db
    .selectFrom("vouchers")
    .selectAll()
    .where("org_id", "=", orgId)
    .where("voucher_id", "=", voucherId)
    .executeTakeFirst();
  if (row === undefined) throw new AppError("NOT_FOUND", { params: { entity: "voucher" } });
  const [view] = await voucherViews(db, orgId, [row]);
  if (view === undefined) throw new Error("unreachable");
  return view;
}

export interface TrialBalanceRow {
  readonly code: string;
  readonly nameZh: string;
  readonly nameEn: string;
  readonly type: Account["type"];
  readonly normalBalance: Account["normalBalance"];
  readonly parentCode: string | null;
  readonly level: number;
  readonly isLeaf: boolean;
  readonly currency: string;
  readonly openingDebitMinor: bigint;
  readonly openingCreditMinor: bigint;
  readonly debitMinor: bigint;
  readonly creditMinor: bigint;
  readonly closingDebitMinor: bigint;
  readonly closingCreditMinor: bigint;
}

export interface TrialBalance {
  readonly from: string | null;
  readonly to: string;
  readonly rows: ReadonlyArray<TrialBalanceRow>;
  /** Per currency, over top-level accounts: each debit column equals its credit column. */
  readonly totals: ReadonlyArray<
    Omit<
      TrialBalanceRow,
      "code" | "nameZh" | "nameEn" | "type" | "normalBalance" | "parentCode" | "level" | "isLeaf"
    >
  >;
}

interface Movement {
  opening: bigint;
  debit: bigint;
  credit: bigint;
}

const sideOf = (value: bigint) => ({ debit: value > 0n ? value : 0n, credit: value < 0n ? -value : 0n });

/**
 * 科目余额表: for each account, opening balance before `from`, debits and credits from `from` to
 * `to`, closing balance at `to`, each balance on its side. Parents carry the sum of their
 * sub-accounts. Without `from` it is the trial balance as of `to` (everything is movement).
 */
export async function trialBalance(
  db: Executor,
  orgId: string,
  range: { readonly from: string | null; readonly to: string; readonly includeZero?: boolean },
): Promise<TrialBalance> {
  const from = range.from ?? "0001-01-01";
  const rows = await db
    .selectFrom("journal_lines")
    .select([
      "account_code",
      "currency",
      sumOf(sql`case when voucher_date < ${from} then ${net} else 0 end`).as("opening"),
      sumOf(sql`case when voucher_date >= ${from} then debit_minor else 0 end`).as("debit"),
      sumOf(sql`case when voucher_date >= ${from} then credit_minor else 0 end`).as("credit"),
    ])
    .where("org_id", "=", orgId)
    .where("voucher_date", "<=", range.to)
    .groupBy(["account_code", "currency"])
    .execute();
  const accounts = await listAccounts(db, orgId);
  const byCode = new Map(accounts.map((account) => [account.code, account]));
  const parents = new Set(accounts.flatMap((a) => (a.parentCode === null ? [] : [a.parentCode])));
  const movements = new Map<string, Movement>(); // key: code|currency
  for (const row of rows) {
    let code: string | null = row.account_code;
    while (code !== null) {
      const key = `${code}|${row.currency}`;
      const m = movements.get(key) ?? { opening: 0n, debit: 0n, credit: 0n };
      m.opening += BigInt(row.opening);
      m.debit += BigInt(row.debit);
      m.credit += BigInt(row.credit);
      movements.set(key, m);
      code = byCode.get(code)?.parentCode ?? null;
    }
  }
  const levelOf = (account: Account): number => {
    let level = 1;
    let parent = account.parentCode;
    while (parent !== null) {
      level += 1;
      parent = byCode.get(parent)?.parentCode ?? null;
    }
    return level;
  };
  const currencies = [...new Set(rows.map((row) => row.currency))].sort();
  const result: TrialBalanceRow[] = [];
  const totals = new Map<
    string,
    Movement & { closingDebit: bigint; closingCredit: bigint; openingDebit: bigint; openingCredit: bigint }
  >();
  for (const account of accounts) {
    for (const currency of currencies.length === 0 ? [""] : currencies) {
      const m = movements.get(`${account.code}|${currency}`);
      if (m === undefined && range.includeZero !== true) continue;
      const movement = m ?? { opening: 0n, debit: 0n, credit: 0n };
      const opening = sideOf(movement.opening);
      const closing = sideOf(movement.opening + movement.debit - movement.credit);
      result.push({
        code: account.code,
        nameZh: account.nameZh,
        nameEn: account.nameEn,
        type: account.type,
        normalBalance: account.normalBalance,
        parentCode: account.parentCode,
        level: levelOf(account),
        isLeaf: !parents.has(account.code),
        currency,
        openingDebitMinor: opening.debit,
        openingCreditMinor: opening.credit,
        debitMinor: movement.debit,
        creditMinor: movement.credit,
        closingDebitMinor: closing.debit,
        closingCreditMinor: closing.credit,
      });
      if (account.parentCode === null && m !== undefined) {
        const t = totals.get(currency) ?? {
          opening: 0n,
          debit: 0n,
          credit: 0n,
          closingDebit: 0n,
          closingCredit: 0n,
          openingDebit: 0n,
          openingCredit: 0n,
        };
        t.openingDebit += opening.debit;
        t.openingCredit += opening.credit;
        t.debit += movement.debit;
        t.credit += movement.credit;
        t.closingDebit += closing.debit;
        t.closingCredit += closing.credit;
        totals.set(currency, t);
      }
    }
  }
  return {
    from: range.from,
    to: range.to,
    rows: result,
    totals: [...totals].map(([currency, t]) => ({
      currency,
      openingDebitMinor: t.openingDebit,
      openingCreditMinor: t.openingCredit,
      debitMinor: t.debit,
      creditMinor: t.credit,
      closingDebitMinor: t.closingDebit,
      closingCreditMinor: t.closingCredit,
    })),
  };
}

export interface GeneralLedgerLine {
  readonly voucherId: string;
  readonly date: string;
  readonly period: string;
  readonly label: string;
  readonly memo: string;
  readonly accountCode: string;
  readonly customerId: string | null;
  readonly debitMinor: bigint;
  readonly creditMinor: bigint;
  /** Debits minus credits up to and including this line, from the opening balance. */
  readonly balanceMinor: bigint;
}

export interface GeneralLedger {
  readonly account: Account;
  readonly currency: string;
  readonly from: string;
  readonly to: string;
  /** Debit-positive; an account with a credit normal balance reads them negated. */
  readonly openingMinor: bigint;
  readonly debitMinor: bigint;
  readonly creditMinor: bigint;
  readonly closingMinor: bigint;
  readonly lineCount: number;
  readonly lines: ReadonlyArray<GeneralLedgerLine>;
}

/** 明细账: one account (with its sub-accounts) between two dates, with a running balance. */
export async function generalLedger(
  db: Executor,
  orgId: string,
  input: {
    readonly accountCode: string;
    readonly currency: string;
    readonly from: string;
    readonly to: string;
    readonly limit: number;
    readonly offset: number;
    readonly customerId?: string;
  },
): Promise<GeneralLedger> {
  const account = await getAccount(db, orgId, input.accountCode);
  const base = db
    .selectFrom("journal_lines as l")
    .where("l.org_id", "=", orgId)
    .where("l.account_code", "like", `${input.accountCode}%`)
    .where("l.currency", "=", input.currency)
    .$if(input.customerId !== undefined, (q) => q.where("l.customer_id", "=", input.customerId ?? ""));
  const before = await base
    .select(sumOf(sql`l.debit_minor - l.credit_minor`).as("n"))
    .where("l.voucher_date", "<", input.from)
    .executeTakeFirstOrThrow();
  const within = base.where("l.voucher_date", ">=", input.from).where("l.voucher_date", "<=", input.to);
  const totals = await within
    .select([
      sumOf(sql`l.debit_minor`).as("debit"),
      sumOf(sql`l.credit_minor`).as("credit"),
      sql<bigint>`count(*)`.as("n"),
    ])
    .executeTakeFirstOrThrow();
  const ordered = within
    .innerJoin("vouchers as v", (join) =>
      join.onRef("v.org_id", "=", "l.org_id").onRef("v.voucher_id", "=", "l.voucher_id"),
    )
    .orderBy("l.voucher_date")
    .orderBy("v.period")
    .orderBy("v.number")
    .orderBy("l.line_no");
  let running = BigInt(before.n);
  if (input.offset > 0) {
    const skipped = await db
      .selectFrom(ordered.select(sql`l.debit_minor - l.credit_minor`.as("x")).limit(input.offset).as("s"))
      .select(sumOf(sql`x`).as("n"))
      .executeTakeFirstOrThrow();
    running += BigInt(skipped.n);
  }
  const rows = await ordered
    .select([
      "l.voucher_id",
      "l.voucher_date",
      "v.period",
      "v.number",
      "v.memo",
      "l.account_code",
      "l.customer_id",
      "l.debit_minor",
      "l.credit_minor",
    ])
    .limit(input.limit)
    .offset(input.offset)
    .execute();
  const lines = rows.map((row) => {
    running += BigInt(row.debit_minor) - BigInt(row.credit_minor);
    return {
      voucherId: row.voucher_id,
      date: row.voucher_date,
      period: row.period,
      label: formatVoucherNumber(BigInt(row.number)),
      memo: row.memo,
      accountCode: row.account_code,
      customerId: row.customer_id,
      debitMinor: BigInt(row.debit_minor),
      creditMinor: BigInt(row.credit_minor),
      balanceMinor: running,
    };
  });
  const openingMinor = BigInt(before.n);
  const debitMinor = BigInt(totals.debit);
  const creditMinor = BigInt(totals.credit);
  return {
    account,
    currency: input.currency,
    from: input.from,
    to: input.to,
    openingMinor,
    debitMinor,
    creditMinor,
    closingMinor: openingMinor + debitMinor - creditMinor,
    lineCount: Number(totals.n),
    lines,
  };
}

export interface CustomerBalance {
  readonly customerId: string;
  readonly customerCode: string | null;
  readonly customerName: string | null;
  readonly accountCode: string;
  readonly currency: string;
  /** Debit-positive (what the customer owes on a receivables account). */
  readonly balanceMinor: bigint;
}

/** Lines on receivables control accounts up to a date, with their account and (known) customer. */
function controlAccountLines(db: Executor, orgId: string, asOf: string) {
  return db
    .selectFrom("journal_lines as l")
    .innerJoin("accounts as a", (join) =>
      join.onRef("a.org_id", "=", "l.org_id").onRef("a.code", "=", "l.account_code"),
    )
    .leftJoin("customers as c", (join) =>
      join.onRef("c.org_id", "=", "l.org_id").onRef("c.customer_id", "=", "l.customer_id"),
    )
    .where("l.org_id", "=", orgId)
    .where("a.receivables_control", "=", 1n)
    .where("l.voucher_date", "<=", asOf);
}

/** Customer subledger (客户往来余额): balances by customer on the receivables control accounts. */
export async function customerBalances(
  db: Executor,
  orgId: string,
  input: { readonly asOf: string; readonly customerId?: string },
): Promise<CustomerBalance[]> {
  const rows = await controlAccountLines(db, orgId, input.asOf)
    .select([
      "l.customer_id",
      "c.code",
      "c.name",
      "l.account_code",
      "l.currency",
      sumOf(sql`l.debit_minor - l.credit_minor`).as("balance"),
    ])
    .where("l.customer_id", "is not", null)
    .$if(input.customerId !== undefined, (q) => q.where("l.customer_id", "=", input.customerId ?? ""))
    .groupBy(["l.customer_id", "c.code", "c.name", "l.account_code", "l.currency"])
    .orderBy("c.code")
    .orderBy("l.account_code")
    .execute();
  return rows
    .filter((row) => BigInt(row.balance) !== 0n)
    .map((row) => ({
      customerId: row.customer_id ?? "",
      customerCode: row.code,
      customerName: row.name,
      accountCode: row.account_code,
      currency: row.currency,
      balanceMinor: BigInt(row.balance),
    }));
}

export interface ControlReconciliation {
  readonly accountCode: string;
  readonly nameZh: string;
  readonly nameEn: string;
  readonly currency: string;
  readonly accountBalanceMinor: bigint;
  readonly customersBalanceMinor: bigint;
  /** Lines on the account that name no known customer; zero when the books are sound. */
  readonly differenceMinor: bigint;
}

/**
 * The debit balance (debits − credits) of the account that plays `role`, at the end of `asOf`, in
 * one currency when one is given; null account when the chart gives the role no account. A credit
 * balance (an allowance) comes out negative.
 */
export async function roleAccountBalance(
  db: Executor,
  orgId: string,
  role: AccountRole,
  asOf: string,
  currency?: string,
): Promise<{ accountCode: string | null; balanceMinor: bigint }> {
  const accountCode = (await roleAccounts(db, orgId)).get(role) ?? null;
  if (accountCode === null) return { accountCode, balanceMinor: 0n };
  let query = db
    .selectFrom("journal_lines")
    .select(sumOf(sql`debit_minor - credit_minor`).as("balance"))
    .where("org_id", "=", orgId)
    .where("account_code", "=", accountCode)
    .where("voucher_date", "<=", asOf);
  if (currency !== undefined) query = query.where("currency", "=", currency);
  const row = await query.executeTakeFirstOrThrow();
  return { accountCode, balanceMinor: BigInt(row.balance) };
}

/** Each receivables control account against the sum of its customers' balances. */
export async function reconcileControlAccounts(
  db: Executor,
  orgId: string,
  asOf: string,
): Promise<ControlReconciliation[]> {
  const rows = await controlAccountLines(db, orgId, asOf)
    .select([
      "l.account_code",
      "a.name_zh",
      "a.name_en",
      "l.currency",
      sumOf(sql`l.debit_minor - l.credit_minor`).as("account_balance"),
      sumOf(sql`case when c.customer_id is not null then l.debit_minor - l.credit_minor else 0 end`).as(
        "customers_balance",
      ),
    ])
    .groupBy(["l.account_code", "a.name_zh", "a.name_en", "l.currency"])
    .orderBy("l.account_code")
    .execute();
  return rows.map((row) => ({
    accountCode: row.account_code,
    nameZh: row.name_zh,
    nameEn: row.name_en,
    currency: row.currency,
    accountBalanceMinor: BigInt(row.account_balance),
    customersBalanceMinor: BigInt(row.customers_balance),
    differenceMinor: BigInt(row.account_balance) - BigInt(row.customers_balance),
  }));
}

/** Every voucher that matches, page by page, for exports that must not hold the journal in memory. */
export async function* journalVouchers(
  db: Executor,
  orgId: string,
  filter: JournalFilter,
): AsyncGenerator<VoucherView> {
  let after: string | undefined;
  for (;;) {
    const page = await listJournal(db, orgId, filter, {
      limit: journalPageSizeMax,
      ...(after === undefined ? {} : { after }),
    });
    yield* page.items;
    if (page.nextAfter === null) return;
    after = page.nextAfter;
  }
}
