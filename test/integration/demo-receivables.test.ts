import { sql } from "kysely";
import { beforeAll, expect, it } from "vitest";
import { createDemo, type DemoResult } from "../../src/services/demo.ts";
import { demoHistoryMonths } from "../../src/services/demo-receivables.ts";
import { customerBalances, roleAccounts, verifyLedger } from "../../src/services/ledger/index.ts";
import { openItemsAt } from "../../src/services/receivables/index.ts";
import type { Executor } from "../../src/store/database.ts";
import { describeEachEngine, openTestStore } from "../support/engines.ts";
import { fixedClock } from "../support/fixtures.ts";

/** fixedClock's business date in Asia/Shanghai, the demo organizations' zone. */
const today = "2026-11-23";
const historyFrom = "2024-11-23";
/** The demo posts two years of documents; PostgreSQL takes longer than SQLite. */
const demoTimeoutMs = 300_000;

const daysBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 86_400_000;

/** What the history made in an organization, in number order, without ids: equal for equal demos. */
async function fingerprint(db: Executor, orgId: string) {
  const invoices = await db
    .selectFrom("invoices as v")
    .innerJoin("customers as c", (join) =>
      join.onRef("c.org_id", "=", "v.org_id").onRef("c.customer_id", "=", "v.customer_id"),
    )
    .select(["v.number", "c.code", "v.kind", "v.document_date", "v.gross_minor", "v.status"])
    .where("v.org_id", "=", orgId)
    .orderBy("v.kind")
    .orderBy("v.number")
    .execute();
  const payments = await db
    .selectFrom("payments as p")
    .innerJoin("customers as c", (join) =>
      join.onRef("c.org_id", "=", "p.org_id").onRef("c.customer_id", "=", "p.customer_id"),
    )
    .select([
      "p.number",
      "c.code",
      "p.method",
      "p.received_date",
      "p.amount_minor",
      "p.unapplied_minor",
      "p.status",
    ])
    .where("p.org_id", "=", orgId)
    .orderBy("p.number")
    .execute();
  const lines = await db
    .selectFrom("bank_lines")
    .select(["seq", "booking_date", "amount_minor", "counterparty_name", "status"])
    .where("org_id", "=", orgId)
    .orderBy("seq")
    .execute();
  return JSON.stringify({ invoices, payments, lines }, (_, value) =>
    typeof value === "bigint" ? value.toString() : value,
  );
}

describeEachEngine("demo receivables", (context) => {
  let demo: DemoResult;
  const steps: Array<readonly [number, number]> = [];

  beforeAll(async () => {
    demo = await createDemo(context.store(), {
      clock: fixedClock,
      onStep: (done, total) => steps.push([done, total]),
    });
  }, demoTimeoutMs);

  it("reports its progress step by step up to the total, months of history included", () => {
    const total = steps[0]?.[1] ?? 0;
    // Per organization: itself, 40 customers and their credit, the months, the closing documents, collections.
    expect(total).toBe(2 * (2 + 2 * 40 + demoHistoryMonths + 2));
    expect(steps.map(([done]) => done)).toEqual(Array.from({ length: total }, (_, index) => index + 1));
    expect(steps.every(([, each]) => each === total)).toBe(true);
  });

  const db = () => context.store().db;

  it("keeps each customer's 应收账款 equal to its open items", async () => {
    expect(demo.orgIds).toHaveLength(2);
    for (const orgId of demo.orgIds) {
      const receivables = (await roleAccounts(db(), orgId)).get("receivables");
      expect(receivables).toBeDefined();
      const booked = new Map<string, bigint>();
      for (const balance of await customerBalances(db(), orgId, { asOf: today })) {
        if (balance.accountCode === receivables) booked.set(balance.customerId, balance.balanceMinor);
      }
      const customers = await db()
        .selectFrom("customers")
        .select("customer_id")
        .where("org_id", "=", orgId)
        .execute();
      let owing = 0;
      for (const { customer_id: customerId } of customers) {
        const items = await openItemsAt(db(), orgId, today, [customerId]);
        const openMinor = items.reduce((sum, item) => sum + item.openMinor, 0n);
        expect(booked.get(customerId) ?? 0n, customerId).toBe(openMinor);
        if (openMinor > 0n) owing += 1;
      }
      // Not vacuous: many customers with credit owe something today.
      expect(owing).toBeGreaterThan(5);
      const verified = await verifyLedger(db(), orgId);
      expect(verified.ok).toBe(true);
      // The demo no longer posts raw events: every voucher comes from a document.
      const raw = await db()
        .selectFrom("vouchers")
        .select("voucher_id")
        .where("org_id", "=", orgId)
        .where("source_type", "=", "demo")
        .execute();
      expect(raw).toEqual([]);
    }
  });

  it("spreads two years of invoices over the months, every date by today and in order", async () => {
    for (const [index, orgId] of demo.orgIds.entries()) {
      const invoices = await db()
        .selectFrom("invoices")
        .select(["number", "kind", "document_date", "status"])
        .where("org_id", "=", orgId)
        .orderBy("number")
        .execute();
      const sales = invoices.filter((invoice) => invoice.kind === "invoice");
      expect(sales.length).toBe(demo.receivables[index]?.invoices);
      expect(sales.length).toBeGreaterThan(200);
      expect(invoices.every((invoice) => invoice.status !== "draft")).toBe(true);
      const months = new Set(sales.map((invoice) => invoice.document_date.slice(0, 7)));
      expect(months.size).toBeGreaterThanOrEqual(20);
      expect(months.size).toBeLessThanOrEqual(demoHistoryMonths + 1);
      for (const invoice of invoices) {
        expect(invoice.document_date >= historyFrom && invoice.document_date <= today).toBe(true);
      }
      // Issued day by day: the number series follows the dates.
      const dates = sales.map((invoice) => invoice.document_date);
      expect(dates).toEqual([...dates].sort());

      const payments = await db()
        .selectFrom("payments")
        .select(["number", "received_date", "bank_line_id", "reversed_on"])
        .where("org_id", "=", orgId)
        .orderBy("number")
        .execute();
      expect(payments.length).toBeGreaterThan(200);
      for (const payment of payments) {
        expect(payment.received_date >= historyFrom && payment.received_date <= today).toBe(true);
        if (payment.reversed_on !== null) expect(payment.reversed_on >= payment.received_date).toBe(true);
      }
      // Those recorded as they came follow their dates; those from the bank statement were
      // recorded when it was imported, today.
      const recorded = payments.filter((p) => p.bank_line_id === null).map((p) => p.received_date);
      expect(recorded).toEqual([...recorded].sort());

      const early = await db()
        .selectFrom("allocations as a")
        .innerJoin("open_items as i", (join) =>
          join.onRef("i.org_id", "=", "a.org_id").onRef("i.item_id", "=", "a.item_id"),
        )
        .select(["a.allocation_date", "i.document_date"])
        .where("a.org_id", "=", orgId)
        .where((eb) =>
          eb.or([
            eb("a.allocation_date", "<", eb.ref("i.document_date")),
            eb("a.allocation_date", ">", today),
          ]),
        )
        .execute();
      expect(early).toEqual([]);
      const late = await db()
        .selectFrom("vouchers")
        .select("voucher_date")
        .where("org_id", "=", orgId)
        .where("voucher_date", ">", today)
        .execute();
      expect(late).toEqual([]);
    }
  });

  it("has discounts taken, bank charges written off, items long overdue, a bounced cheque and money on account", async () => {
    for (const orgId of demo.orgIds) {
      const allocations = await db()
        .selectFrom("allocations")
        .select([
          sql<bigint>`cast(sum(case when discount_minor > 0 then 1 else 0 end) as bigint)`.as("discounted"),
          sql<bigint>`cast(sum(case when write_off_minor > 0 then 1 else 0 end) as bigint)`.as("written_off"),
          sql<bigint>`cast(coalesce(max(write_off_minor), 0) as bigint)`.as("write_off_max"),
        ])
        .where("org_id", "=", orgId)
        .executeTakeFirstOrThrow();
      expect(BigInt(allocations.discounted)).toBeGreaterThan(10n);
      expect(BigInt(allocations.written_off)).toBeGreaterThan(0n);
      // A few yuan of bank charges, within the default tolerance of 10.00.
      expect(BigInt(allocations.write_off_max)).toBeLessThanOrEqual(1_000n);

      const items = await openItemsAt(db(), orgId, today);
      const overdue = items.filter((item) => item.openMinor > 0n && daysBetween(item.dueDate, today) > 90);
      expect(overdue.length).toBeGreaterThan(0);
      expect(items.some((item) => item.openMinor > 0n && daysBetween(item.dueDate, today) > 180)).toBe(true);

      const payments = await db()
        .selectFrom("payments")
        .select(["method", "status", "reversal_reason", "unapplied_minor"])
        .where("org_id", "=", orgId)
        .execute();
      const reversed = payments.filter((payment) => payment.status === "reversed");
      expect(reversed).toHaveLength(1);
      expect(reversed[0]?.method).toBe("cheque");
      expect(reversed[0]?.reversal_reason).toMatch(/退票/);
      const unapplied = payments.filter((p) => p.status === "posted" && BigInt(p.unapplied_minor) > 0n);
      expect(unapplied.length).toBeGreaterThan(0);
      const transfers = payments.filter((payment) => payment.method === "bank_transfer").length;
      expect(transfers).toBeGreaterThan(payments.length / 2);
      expect(payments.some((payment) => payment.method === "bank_acceptance_draft")).toBe(true);
      const refunds = await db().selectFrom("refunds").select("reason").where("org_id", "=", orgId).execute();
      expect(refunds).toHaveLength(1);

      // A head office pays its branches' items.
      const forBranches = await db()
        .selectFrom("allocations as a")
        .innerJoin("payments as p", (join) =>
          join.onRef("p.org_id", "=", "a.org_id").onRef("p.payment_id", "=", "a.payment_id"),
        )
        .innerJoin("customers as c", (join) =>
          join.onRef("c.org_id", "=", "a.org_id").onRef("c.customer_id", "=", "a.customer_id"),
        )
        .select(["c.group_payer_id", "p.customer_id"])
        .where("a.org_id", "=", orgId)
        .whereRef("a.customer_id", "!=", "p.customer_id")
        .execute();
      expect(forBranches.length).toBeGreaterThan(0);
      for (const row of forBranches) expect(row.group_payer_id).toBe(row.customer_id);
    }
  });

  it("bills goods and services, on the profiles' terms, with notes and 发票号码", async () => {
    for (const orgId of demo.orgIds) {
      const invoices = await db()
        .selectFrom("invoices")
        .select(["kind", "terms_code", "tax_inclusive", "tax_invoice_number", "reason"])
        .where("org_id", "=", orgId)
        .execute();
      const terms = new Set(invoices.map((invoice) => invoice.terms_code));
      for (const code of ["2/10N30", "2/10-1/20N30", "NET30", "EOM30", "SPLIT30-70"])
        expect(terms).toContain(code);
      expect(invoices.filter((invoice) => invoice.kind === "credit_note").length).toBeGreaterThanOrEqual(2);
      expect(invoices.filter((invoice) => invoice.kind === "debit_note")).toHaveLength(1);
      for (const note of invoices.filter((invoice) => invoice.kind !== "invoice"))
        expect(note.reason).toMatch(/\S/);
      expect(invoices.some((invoice) => BigInt(invoice.tax_inclusive) === 1n)).toBe(true);
      const numbers = invoices.flatMap((invoice) =>
        invoice.tax_invoice_number === null ? [] : [invoice.tax_invoice_number],
      );
      expect(numbers.some((number) => /^\d{8}$/.test(number))).toBe(true);
      expect(numbers.some((number) => /^\d{20}$/.test(number))).toBe(true);
      const rates = await db()
        .selectFrom("invoice_lines")
        .select("vat_rate")
        .distinct()
        .where("org_id", "=", orgId)
        .execute();
      expect(rates.map((row) => row.vat_rate).sort()).toEqual(["0.06", "0.13"]);
    }
  });

  it("leaves bank lines for review and sends statements: confirmed, disputed and sent", async () => {
    for (const [index, orgId] of demo.orgIds.entries()) {
      const lines = await db()
        .selectFrom("bank_lines")
        .select(["status", "booking_date"])
        .where("org_id", "=", orgId)
        .execute();
      const count = (status: string) => lines.filter((line) => line.status === status).length;
      expect(count("review")).toBe(3);
      expect(count("matched")).toBeGreaterThan(count("review"));
      expect(count("matched")).toBe(demo.receivables[index]?.bankLinesMatched);
      for (const line of lines) expect(daysBetween(line.booking_date, today)).toBeLessThan(7);
      const statements = await db()
        .selectFrom("statements")
        .select(["status", "period_to"])
        .where("org_id", "=", orgId)
        .execute();
      expect(statements.map((statement) => statement.status).sort()).toEqual([
        "confirmed",
        "disputed",
        "sent",
      ]);
      const disputed = await db()
        .selectFrom("open_items")
        .select("item_id")
        .where("org_id", "=", orgId)
        .where("disputed", "=", 1n)
        .execute();
      expect(disputed.length).toBeGreaterThan(0);
    }
  });

  it("has a week of end-of-day batches, dunning notices, a promise, a dispute and a lawyer letter", async () => {
    for (const orgId of demo.orgIds) {
      const count = async (
        table: "eod_runs" | "dunning_notices" | "promises_to_pay" | "disputes" | "legal_cases",
      ) => (await db().selectFrom(table).select("org_id").where("org_id", "=", orgId).execute()).length;
      const runs = await db()
        .selectFrom("eod_runs")
        .select(["business_date", "status"])
        .where("org_id", "=", orgId)
        .orderBy("business_date")
        .execute();
      expect(runs.map((run) => run.business_date)).toEqual([
        "2026-11-16",
        "2026-11-17",
        "2026-11-18",
        "2026-11-19",
        "2026-11-20",
        "2026-11-21",
        "2026-11-22",
      ]);
      expect(runs.every((run) => run.status === "completed")).toBe(true);
      // Most demo customers pay, late or not; the ones that stopped are dunned.
      expect(await count("dunning_notices")).toBeGreaterThanOrEqual(2);
      expect(await count("promises_to_pay")).toBe(1);
      expect(await count("legal_cases")).toBe(1);
      expect(await count("disputes")).toBe(1);
    }
    const emails = await db()
      .selectFrom("outbox_messages")
      .select("message_id")
      .where("org_id", "in", demo.orgIds)
      .where("related_type", "=", "dunning_notice")
      .execute();
    expect(emails.length).toBeGreaterThan(0);
  });

  it.runIf(context.engine === "sqlite")(
    "is the same for the same seed and clock",
    async () => {
      const other = await openTestStore("sqlite");
      try {
        const again = await createDemo(other, { clock: fixedClock });
        expect(again.receivables).toEqual(demo.receivables);
        for (const [index, orgId] of demo.orgIds.entries()) {
          expect(await fingerprint(other.db, again.orgIds[index] ?? "")).toBe(await fingerprint(db(), orgId));
        }
      } finally {
        await other.close();
      }
    },
    demoTimeoutMs,
  );
});
