import fc from "fast-check";
import { sql } from "kysely";
import { expect, it } from "vitest";
import { AppError, type ErrorCode } from "../../src/core/errors.ts";
import { uuidv7 } from "../../src/core/ids.ts";
import {
  type EventType,
  eventTypeSpecs,
  eventTypes,
  type JournalLine,
  type LedgerEvent,
  periodBounds,
  periodOf,
  type VoucherKind,
} from "../../src/domain/ledger/index.ts";
import type { AccountingFramework } from "../../src/domain/organization/index.ts";
import { verifyAuditChain } from "../../src/services/audit.ts";
import { runCommand, type Tx } from "../../src/services/command.ts";
import {
  closePeriod,
  customerBalances,
  listAccounts,
  postEvents,
  postManualVoucher,
  reconcileControlAccounts,
  reopenPeriod,
  reverseVoucher,
  trialBalance,
  verifyLedger,
} from "../../src/services/ledger/index.ts";
import type { Store } from "../../src/store/database.ts";
import { describeEachEngine } from "../support/engines.ts";
import { addTestCustomer, makeOrganization, type TestOrganization } from "../support/fixtures.ts";

/**
 * Random histories of one organization's ledger — events of every type, manual vouchers good and
 * bad, reversals, period closes and reopens — run against a small model of what must succeed.
 * Every refusal must be a typed error that leaves the books as they were, and after each history
 * the books must hold every invariant the ledger promises (STYLE.md: pair assertions).
 */

/** Runs per engine and framework: each run creates an organization and hashes its owner's password. */
const runsPerEngine = { numRuns: 12 };
const operationsMax = 25;
const customersMax = 4;
const eventsPerPostingMax = 3;
const manualPairsMax = 3;
/** Amounts reach 10^12 minor units (10 billion yuan): far beyond any invoice, far below 2^63. */
const amountMinorMax = 10n ** 12n;

/** Three months, so that numbering restarts per period and closes have an order to keep. */
const periods = ["2026-10", "2026-11", "2026-12"] as const;
const firstDayMs = Date.UTC(2026, 9, 1);
const dayCount = 31 + 30 + 31;
const lastDay = "2026-12-31";
const dayMs = 86_400_000;

const dates = fc
  .integer({ min: 0, max: dayCount - 1 })
  .map((offset) => new Date(firstDayMs + offset * dayMs).toISOString().slice(0, 10));
const slots = fc.nat({ max: 1_000 });
const amounts = fc.oneof(
  fc.constant(0n),
  fc.bigInt({ min: 1n, max: 1_000n }),
  fc.bigInt({ min: 0n, max: amountMinorMax }),
  fc.constant(amountMinorMax),
);
const positiveAmounts = fc.oneof(
  fc.bigInt({ min: 1n, max: 1_000n }),
  fc.bigInt({ min: 1n, max: amountMinorMax }),
);
/** A provision is the change in the allowance: negative when it is released. */
const signedAmounts = fc.oneof(
  amounts,
  amounts.map((amount) => -amount),
);

/** Amounts that are changes, negative when what they change shrinks. */
const signedAmountNames = new Set([
  "provision.amount",
  "financed_sale_changed.financeIncome",
  "financed_sale_changed.tax",
]);

interface EventDraft {
  readonly type: EventType;
  readonly date: string;
  readonly customerSlot: number;
  readonly namesCustomer: boolean;
  readonly amounts: Readonly<Record<string, bigint>>;
}

const eventDrafts: fc.Arbitrary<EventDraft> = fc.constantFrom(...eventTypes).chain((type) => {
  const names = eventTypeSpecs[type].amounts;
  return fc.record({
    type: fc.constant(type),
    date: dates,
    customerSlot: slots,
    // Every other event type has a line on a customer in CAS's rules (小企业会计准则's financed sale
    // has none, but its event still names the buyer), so only a provision may go without one.
    namesCustomer: type === "provision" ? fc.boolean() : fc.constant(true),
    amounts: fc
      .tuple(...names.map((name) => (signedAmountNames.has(`${type}.${name}`) ? signedAmounts : amounts)))
      .map((values) => Object.fromEntries(names.map((name, index) => [name, values[index] ?? 0n]))),
  });
});

const defects = ["none", "unbalanced", "parentAccount", "customerMissing"] as const;
type Defect = (typeof defects)[number];

interface ManualPair {
  readonly amountMinor: bigint;
  readonly debitSlot: number;
  readonly creditSlot: number;
  readonly customerSlot: number;
}

type Operation =
  | { readonly kind: "events"; readonly events: ReadonlyArray<EventDraft> }
  | {
      readonly kind: "manual";
      readonly date: string;
      readonly pairs: ReadonlyArray<ManualPair>;
      readonly defect: Defect;
      readonly defectSlot: number;
      readonly deltaMinor: bigint;
    }
  | { readonly kind: "reverse"; readonly targetSlot: number; readonly date: string }
  | { readonly kind: "close"; readonly periodSlot: number }
  | { readonly kind: "reopen"; readonly periodSlot: number };

const periodSlots = fc.integer({ min: 0, max: periods.length - 1 });
const operations: fc.Arbitrary<ReadonlyArray<Operation>> = fc.array(
  fc.oneof(
    {
      weight: 4,
      arbitrary: fc.record({
        kind: fc.constant("events" as const),
        events: fc.array(eventDrafts, { minLength: 1, maxLength: eventsPerPostingMax }),
      }),
    },
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant("manual" as const),
        date: dates,
        pairs: fc.array(
          fc.record({
            amountMinor: positiveAmounts,
            debitSlot: slots,
            creditSlot: slots,
            customerSlot: slots,
          }),
          { minLength: 1, maxLength: manualPairsMax },
        ),
        defect: fc.oneof(
          { weight: 4, arbitrary: fc.constant<Defect>("none") },
          { weight: 3, arbitrary: fc.constantFrom<Defect>("unbalanced", "parentAccount", "customerMissing") },
        ),
        defectSlot: slots,
        deltaMinor: fc.bigInt({ min: 1n, max: 1_000n }),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({ kind: fc.constant("reverse" as const), targetSlot: slots, date: dates }),
    },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant("close" as const), periodSlot: periodSlots }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("reopen" as const), periodSlot: periodSlots }) },
  ),
  { minLength: 1, maxLength: operationsMax },
);

/**
 * Which amounts of an event move money under the framework's default rules. Written out here, not
 * read from the rules, so that the property checks the rules as well. CAS carries the cost of an
 * instalment sale over at delivery, so an instalment falling due moves no cost. 小企业会计准则 keeps
 * no allowance (第十条) and recognizes an instalment sale on its collection dates (第五十九条): the
 * sale moves only the goods, a rescheduling only the arrears, and plan activation, instalments of
 * a plan falling due, provisions and amortized finance income post nothing.
 */
function bookedAmounts(framework: AccountingFramework, type: EventType): ReadonlyArray<string> {
  if (framework !== "asbe") {
    return type === "financed_sale_due" ? ["amount", "tax"] : eventTypeSpecs[type].amounts;
  }
  switch (type) {
    case "plan_activated":
    case "installment_due":
    case "provision":
      return [];
    case "financed_sale":
      return ["cost"];
    case "financed_sale_changed":
      return ["capitalized"];
    case "plan_changed":
      return ["capitalizedInterest"];
    case "interest_accrued":
      return ["charged"];
    default:
      return eventTypeSpecs[type].amounts;
  }
}

/** What the books must look like: the model the property holds the ledger to. */
class LedgerModel {
  readonly closed = new Set<string>();
  readonly lastNumber = new Map<string, bigint>();
  readonly vouchers: Array<{
    readonly voucherId: string;
    readonly kind: VoucherKind;
    reversed: boolean;
  }> = [];
  /** Audit records written by successful operations (manual vouchers, reversals, closes, reopens). */
  auditRecords = 0;

  voucherCount(period: string): bigint {
    return this.lastNumber.get(period) ?? 0n;
  }

  /** The number the next voucher of `period` gets, taken. */
  takeNumber(period: string): bigint {
    const next = this.voucherCount(period) + 1n;
    this.lastNumber.set(period, next);
    return next;
  }
}

type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly code: ErrorCode };

async function attempt<T>(store: Store, command: (tx: Tx) => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await runCommand(store, command) };
  } catch (error) {
    // Anything but an AppError is a bug, not a refusal: it fails the property as it is.
    if (!(error instanceof AppError)) throw error;
    return { ok: false, code: error.code };
  }
}

/** Everything a refused command could have touched, as one comparable text. */
async function snapshot(store: Store, orgId: string): Promise<string> {
  const vouchers = await store.db
    .selectFrom("vouchers")
    .select("voucher_id")
    .where("org_id", "=", orgId)
    .orderBy("voucher_id")
    .execute();
  const lines = await store.db
    .selectFrom("journal_lines")
    .select(sql<bigint>`count(*)`.as("n"))
    .where("org_id", "=", orgId)
    .executeTakeFirstOrThrow();
  const sequences = await store.db
    .selectFrom("voucher_sequences")
    .select(["period", "last_number"])
    .where("org_id", "=", orgId)
    .orderBy("period")
    .execute();
  const states = await store.db
    .selectFrom("periods")
    .select(["period", "status"])
    .where("org_id", "=", orgId)
    .orderBy("period")
    .execute();
  const audit = await store.db
    .selectFrom("audit_log")
    .select(sql<bigint>`count(*)`.as("n"))
    .where("org_id", "=", orgId)
    .executeTakeFirstOrThrow();
  return JSON.stringify({
    vouchers: vouchers.map((row) => row.voucher_id),
    lines: String(lines.n),
    sequences: sequences.map((row) => `${row.period}:${row.last_number}`),
    periods: states.map((row) => `${row.period}:${row.status}`),
    audit: String(audit.n),
  });
}

/** Runs a command the model says must be refused with `code`, and checks that it changed nothing. */
async function expectRefused(
  store: Store,
  orgId: string,
  code: ErrorCode,
  command: (tx: Tx) => Promise<unknown>,
): Promise<void> {
  const before = await snapshot(store, orgId);
  const outcome = await attempt(store, command);
  expect(outcome.ok ? "succeeded" : outcome.code).toBe(code);
  expect(await snapshot(store, orgId)).toBe(before);
}

function expectAccepted<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) throw new Error(`expected success, got ${outcome.code}`);
  return outcome.value;
}

interface Books {
  readonly framework: AccountingFramework;
  readonly org: TestOrganization;
  readonly customerIds: ReadonlyArray<string>;
  readonly leafCodes: ReadonlyArray<string>;
  readonly controlCodes: ReadonlyArray<string>;
  readonly parentCodes: ReadonlyArray<string>;
  readonly isControl: (code: string) => boolean;
}

function pick<T>(items: ReadonlyArray<T>, slot: number): T {
  const item = items[slot % items.length];
  if (item === undefined) throw new Error("pick from an empty list");
  return item;
}

function line(
  accountCode: string,
  debitMinor: bigint,
  creditMinor: bigint,
  customerId: string | null,
): JournalLine {
  return { accountCode, debitMinor, creditMinor, currency: "CNY", customerId, memo: null };
}

/** The manual voucher an operation describes, and the code it must be refused with (null: none). */
function manualLines(
  books: Books,
  operation: Extract<Operation, { kind: "manual" }>,
): { readonly lines: JournalLine[]; readonly defectCode: ErrorCode | null } {
  const customerOf = (code: string, slot: number) =>
    books.isControl(code) ? pick(books.customerIds, slot) : null;
  const lines = operation.pairs.flatMap((pair) => {
    const debitCode = pick(books.leafCodes, pair.debitSlot);
    const creditCode = pick(books.leafCodes, pair.creditSlot);
    return [
      line(debitCode, pair.amountMinor, 0n, customerOf(debitCode, pair.customerSlot)),
      line(creditCode, 0n, pair.amountMinor, customerOf(creditCode, pair.customerSlot + 1)),
    ];
  });
  const index = operation.defectSlot % lines.length;
  const target = lines[index];
  if (target === undefined) throw new Error("a voucher has lines");
  switch (operation.defect) {
    case "none":
      return { lines, defectCode: null };
    case "unbalanced":
      lines[index] =
        target.debitMinor > 0n
          ? { ...target, debitMinor: target.debitMinor + operation.deltaMinor }
          : { ...target, creditMinor: target.creditMinor + operation.deltaMinor };
      return { lines, defectCode: "VOUCHER_UNBALANCED" };
    case "parentAccount":
      // Only leaf accounts (末级科目) take postings; the lines before it are all sound.
      lines[index] = {
        ...target,
        accountCode: pick(books.parentCodes, operation.defectSlot),
        customerId: null,
      };
      return { lines, defectCode: "ACCOUNT_NOT_POSTABLE" };
    case "customerMissing":
      // A receivables control account names a customer on every line (辅助核算); the first line fails first.
      lines[0] = {
        ...(lines[0] ?? target),
        accountCode: pick(books.controlCodes, operation.defectSlot),
        customerId: null,
      };
      return { lines, defectCode: "CUSTOMER_REQUIRED" };
  }
}

async function apply(store: Store, books: Books, model: LedgerModel, operation: Operation, step: number) {
  const { org } = books;
  switch (operation.kind) {
    case "events": {
      const events: LedgerEvent[] = operation.events.map((draft, index) => ({
        type: draft.type,
        date: draft.date,
        currency: "CNY",
        customerId: draft.namesCustomer ? pick(books.customerIds, draft.customerSlot) : null,
        amounts: draft.amounts,
        memo: `${draft.type} ${draft.date}`,
        sourceType: "property",
        sourceId: `${step}.${index}`,
      }));
      const booked = operation.events.map((draft) =>
        bookedAmounts(books.framework, draft.type).some((name) => (draft.amounts[name] ?? 0n) !== 0n),
      );
      const closedHit = operation.events.some(
        (draft, index) => booked[index] === true && model.closed.has(periodOf(draft.date)),
      );
      if (closedHit) {
        await expectRefused(store, org.orgId, "PERIOD_CLOSED", (tx) =>
          postEvents(tx, org.actor, org.orgId, events),
        );
        return;
      }
      const posted = expectAccepted(
        await attempt(store, (tx) => postEvents(tx, org.actor, org.orgId, events)),
      );
      expect(posted).toHaveLength(events.length);
      operation.events.forEach((draft, index) => {
        const voucher = posted[index] ?? null;
        if (booked[index] !== true) {
          expect(voucher).toBeNull();
          return;
        }
        const period = periodOf(draft.date);
        expect(voucher).toMatchObject({ period, number: model.takeNumber(period), date: draft.date });
        model.vouchers.push({ voucherId: voucher?.voucherId ?? "", kind: "event", reversed: false });
      });
      return;
    }
    case "manual": {
      const { lines, defectCode } = manualLines(books, operation);
      const input = { date: operation.date, memo: `manual ${step}`, lines };
      const post = (tx: Tx) => postManualVoucher(tx, org.actor, org.orgId, input);
      const period = periodOf(operation.date);
      const expected = defectCode ?? (model.closed.has(period) ? "PERIOD_CLOSED" : null);
      if (expected !== null) {
        await expectRefused(store, org.orgId, expected, post);
        return;
      }
      const posted = expectAccepted(await attempt(store, post));
      expect(posted).toMatchObject({ period, number: model.takeNumber(period) });
      model.vouchers.push({ voucherId: posted.voucherId, kind: "manual", reversed: false });
      model.auditRecords += 1;
      return;
    }
    case "reverse": {
      const input = { date: operation.date, reason: `step ${step}` };
      if (model.vouchers.length === 0) {
        const unknownId = uuidv7();
        await expectRefused(store, org.orgId, "NOT_FOUND", (tx) =>
          reverseVoucher(tx, org.actor, org.orgId, unknownId, input),
        );
        return;
      }
      const target = pick(model.vouchers, operation.targetSlot);
      const reverse = (tx: Tx) => reverseVoucher(tx, org.actor, org.orgId, target.voucherId, input);
      const period = periodOf(operation.date);
      const expected: ErrorCode | null =
        target.kind === "reversal"
          ? "CONFLICT"
          : target.reversed
            ? "ALREADY_REVERSED"
            : model.closed.has(period)
              ? "PERIOD_CLOSED"
              : null;
      if (expected !== null) {
        await expectRefused(store, org.orgId, expected, reverse);
        return;
      }
      const posted = expectAccepted(await attempt(store, reverse));
      expect(posted).toMatchObject({ period, number: model.takeNumber(period) });
      target.reversed = true;
      model.vouchers.push({ voucherId: posted.voucherId, kind: "reversal", reversed: false });
      model.auditRecords += 1;
      // A voucher is reversed at most once, whenever the second attempt comes.
      await expectRefused(store, org.orgId, "ALREADY_REVERSED", reverse);
      return;
    }
    case "close": {
      const period = pick(periods, operation.periodSlot);
      const openBefore = periods.some(
        (p) => p < period && !model.closed.has(p) && model.voucherCount(p) > 0n,
      );
      const expected: ErrorCode | null = model.closed.has(period)
        ? "PERIOD_CLOSED"
        : openBefore
          ? "PERIOD_SEQUENCE"
          : null;
      const close = (tx: Tx) => closePeriod(tx, org.actor, org.orgId, period);
      if (expected !== null) {
        await expectRefused(store, org.orgId, expected, close);
        return;
      }
      const summary = expectAccepted(await attempt(store, close));
      expect(summary).toMatchObject({ period, status: "closed", voucherCount: model.voucherCount(period) });
      model.closed.add(period);
      model.auditRecords += 1;
      return;
    }
    case "reopen": {
      const period = pick(periods, operation.periodSlot);
      const expected: ErrorCode | null = !model.closed.has(period)
        ? "CONFLICT"
        : periods.some((p) => p > period && model.closed.has(p))
          ? "PERIOD_SEQUENCE"
          : null;
      const reopen = (tx: Tx) => reopenPeriod(tx, org.actor, org.orgId, period);
      if (expected !== null) {
        await expectRefused(store, org.orgId, expected, reopen);
        return;
      }
      const summary = expectAccepted(await attempt(store, reopen));
      expect(summary).toMatchObject({ period, status: "open" });
      model.closed.delete(period);
      model.auditRecords += 1;
      return;
    }
  }
}

async function expectInvariants(store: Store, books: Books, model: LedgerModel, auditBaseline: number) {
  const { orgId } = books.org;
  const db = store.db;

  const verification = await verifyLedger(db, orgId);
  expect(verification).toMatchObject({
    ok: true,
    unbalancedVouchers: [],
    lineCountMismatches: [],
    trialBalanceImbalance: [],
    controlMismatches: [],
  });
  expect(verification.vouchers).toBe(BigInt(model.vouchers.length));

  // Every voucher balances, line by line one-sided, with lines numbered 1..n as it says.
  const voucherRows = await db
    .selectFrom("vouchers")
    .select(["voucher_id", "period", "number", "line_count"])
    .where("org_id", "=", orgId)
    .execute();
  const lineRows = await db
    .selectFrom("journal_lines")
    .select(["voucher_id", "line_no", "debit_minor", "credit_minor"])
    .where("org_id", "=", orgId)
    .execute();
  expect(new Set(voucherRows.map((row) => row.voucher_id))).toEqual(
    new Set(model.vouchers.map((voucher) => voucher.voucherId)),
  );
  const totals = new Map<string, { debit: bigint; credit: bigint; lineNumbers: bigint[] }>();
  let debitTotal = 0n;
  for (const row of lineRows) {
    const debit = BigInt(row.debit_minor);
    const credit = BigInt(row.credit_minor);
    expect((debit > 0n && credit === 0n) || (credit > 0n && debit === 0n)).toBe(true);
    const total = totals.get(row.voucher_id) ?? { debit: 0n, credit: 0n, lineNumbers: [] };
    total.debit += debit;
    total.credit += credit;
    total.lineNumbers.push(BigInt(row.line_no));
    totals.set(row.voucher_id, total);
    debitTotal += debit;
  }
  for (const row of voucherRows) {
    const total = totals.get(row.voucher_id);
    expect(total?.debit).toBe(total?.credit);
    const count = BigInt(row.line_count);
    expect(count >= 2n).toBe(true);
    expect([...(total?.lineNumbers ?? [])].sort((a, b) => (a < b ? -1 : 1))).toEqual(
      Array.from({ length: Number(count) }, (_, index) => BigInt(index + 1)),
    );
  }
  expect(totals.size).toBe(voucherRows.length);

  // Numbers run 1..n in every period, with no gap a refused posting could have left.
  const sequences = await db
    .selectFrom("voucher_sequences")
    .select(["period", "last_number"])
    .where("org_id", "=", orgId)
    .execute();
  for (const period of periods) {
    const numbers = voucherRows
      .filter((row) => row.period === period)
      .map((row) => BigInt(row.number))
      .sort((a, b) => (a < b ? -1 : 1));
    const count = model.voucherCount(period);
    expect(numbers).toEqual(Array.from({ length: Number(count) }, (_, index) => BigInt(index + 1)));
    const sequence = sequences.find((row) => row.period === period);
    expect(sequence === undefined ? 0n : BigInt(sequence.last_number)).toBe(count);
  }

  // The trial balance balances over the whole history and month by month, and months chain.
  const whole = await trialBalance(db, orgId, { from: null, to: lastDay });
  const windows = [whole];
  for (const period of periods) windows.push(await trialBalance(db, orgId, periodBounds(period)));
  for (const balance of windows) {
    for (const total of balance.totals) {
      expect(total.openingDebitMinor).toBe(total.openingCreditMinor);
      expect(total.debitMinor).toBe(total.creditMinor);
      expect(total.closingDebitMinor).toBe(total.closingCreditMinor);
    }
  }
  expect(whole.totals.map((total) => [total.openingDebitMinor, total.debitMinor])).toEqual(
    debitTotal === 0n ? [] : [[0n, debitTotal]],
  );
  for (let index = 2; index < windows.length; index += 1) {
    const closing = windows[index - 1]?.totals[0]?.closingDebitMinor ?? 0n;
    expect(windows[index]?.totals[0]?.openingDebitMinor ?? 0n).toBe(closing);
  }

  // Control accounts equal the sum of their customers' balances, at every month end.
  for (const period of periods) {
    const asOf = periodBounds(period).to;
    const control = await reconcileControlAccounts(db, orgId, asOf);
    const byCustomer = await customerBalances(db, orgId, { asOf });
    const sums = new Map<string, bigint>();
    for (const row of byCustomer) {
      expect(books.isControl(row.accountCode)).toBe(true);
      const key = `${row.accountCode}|${row.currency}`;
      sums.set(key, (sums.get(key) ?? 0n) + row.balanceMinor);
    }
    for (const row of control) {
      expect(row.differenceMinor).toBe(0n);
      expect(sums.get(`${row.accountCode}|${row.currency}`) ?? 0n).toBe(row.accountBalanceMinor);
    }
    for (const key of sums.keys()) {
      expect(control.some((row) => `${row.accountCode}|${row.currency}` === key)).toBe(true);
    }
  }

  const chain = await verifyAuditChain(db, orgId);
  expect(chain).toMatchObject({ ok: true, checked: auditBaseline + model.auditRecords });
}

async function openBooks(
  store: Store,
  framework: AccountingFramework,
  customerCount: number,
): Promise<Books> {
  const org = await makeOrganization(store, `Property ${framework}`, framework);
  const customerIds: string[] = [];
  for (let index = 0; index < customerCount; index += 1) {
    customerIds.push((await addTestCustomer(store, org, `P${index + 1}`)).customerId);
  }
  const accounts = await listAccounts(store.db, org.orgId);
  const parents = new Set(
    accounts.flatMap((account) => (account.parentCode === null ? [] : [account.parentCode])),
  );
  const leaves = accounts.filter((account) => !parents.has(account.code) && account.active);
  const controls = new Set(
    accounts.filter((account) => account.receivablesControl).map((account) => account.code),
  );
  return {
    framework,
    org,
    customerIds,
    leafCodes: leaves.map((account) => account.code),
    controlCodes: leaves.filter((account) => controls.has(account.code)).map((account) => account.code),
    parentCodes: [...parents].sort(),
    isControl: (code) => controls.has(code),
  };
}

const frameworks: ReadonlyArray<readonly [AccountingFramework, string]> = [
  ["cas", "企业会计准则 (CAS)"],
  ["asbe", "小企业会计准则 (ASBE)"],
];

describeEachEngine("ledger properties", (context) => {
  for (const [framework, name] of frameworks) {
    it(`every history under ${name} keeps the books balanced, numbered and reconciled`, async () => {
      const store = context.store();
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 1, max: customersMax }),
          operations,
          async (customerCount, history) => {
            const books = await openBooks(store, framework, customerCount);
            const auditBaseline = (await verifyAuditChain(store.db, books.org.orgId)).checked;
            const model = new LedgerModel();
            for (const [step, operation] of history.entries()) {
              await apply(store, books, model, operation, step);
            }
            await expectInvariants(store, books, model, auditBaseline);
          },
        ),
        runsPerEngine,
      );
    });
  }
});
