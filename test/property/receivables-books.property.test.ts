import fc from "fast-check";
import { expect, it } from "vitest";
import { isAppError } from "../../src/core/errors.ts";
import { runCommand, type Tx } from "../../src/services/command.ts";
import { customerBalances, roleAccounts } from "../../src/services/ledger/index.ts";
import {
  applyPayment,
  createCreditNote,
  createInvoice,
  issueInvoice,
  openItemsAt,
  recordPayment,
  refundPayment,
  reversePayment,
} from "../../src/services/receivables/index.ts";
import type { Store } from "../../src/store/database.ts";
import { describeEachEngine } from "../support/engines.ts";
import { addTestCustomer, fixedClock, grantTestCredit, makeOrganization } from "../support/fixtures.ts";

/**
 * Random days of receivables work on both engines — invoices on several terms, payments applied
 * oldest first or proportionally or kept unapplied, later applications, credit notes, bounced
 * payments and refunds — and after them the books and the documents must agree: money is
 * conserved, no item is over-applied, each customer's 应收账款 equals its open items and its 预收账款
 * its unapplied money on every past day, and what was open on a past day is what it was then.
 */

const customersCount = 3;
const termsCodes = ["NET30", "2/10N30", "SPLIT30-70", "INST3", "2/10-1/20N30"] as const;

type Step =
  | { kind: "invoice"; customer: number; amount: number; terms: number }
  | { kind: "payment"; customer: number; amount: number; how: "oldest_first" | "proportional" | "none" }
  | { kind: "apply"; payment: number }
  | { kind: "credit"; invoice: number; share: number }
  | { kind: "reverse"; payment: number }
  | { kind: "refund"; payment: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant("invoice" as const),
      customer: fc.nat(customersCount - 1),
      amount: fc.integer({ min: 1, max: 5_000_000 }),
      terms: fc.nat(termsCodes.length - 1),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant("payment" as const),
      customer: fc.nat(customersCount - 1),
      amount: fc.integer({ min: 1, max: 6_000_000 }),
      how: fc.constantFrom("oldest_first" as const, "proportional" as const, "none" as const),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("apply" as const), payment: fc.nat(20) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("credit" as const),
      invoice: fc.nat(20),
      share: fc.integer({ min: 1, max: 100 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("reverse" as const), payment: fc.nat(20) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("refund" as const), payment: fc.nat(20) }) },
);

/** Step k happens on 2026-06-01 + 3k days: strictly later days, so "later events" is well defined. */
function dayOf(index: number): string {
  const date = new Date(Date.UTC(2026, 5, 1 + 3 * index));
  return date.toISOString().slice(0, 10);
}

describeEachEngine("receivables books (property)", (context) => {
  it("conserve money and agree with the documents on every past day", async () => {
    const store: Store = context.store();
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 25 }), async (steps) => {
        const org = await makeOrganization(store, "Property Co.");
        const customers: string[] = [];
        for (let n = 0; n < customersCount; n += 1) {
          const id = (await addTestCustomer(store, org, `P-${n}`)).customerId;
          await grantTestCredit(store, org, id, 10_000_000_000n);
          customers.push(id);
        }
        const invoices: Array<{ id: string; grossMinor: bigint }> = [];
        const payments: string[] = [];
        const snapshots: Array<{ date: string; open: Map<string, bigint> }> = [];
        const run = <T>(command: (tx: Tx) => Promise<T>) => runCommand(store, command, fixedClock);
        for (const [index, s] of steps.entries()) {
          const date = dayOf(index);
          try {
            switch (s.kind) {
              case "invoice": {
                const invoice = await run(async (tx) => {
                  const draft = await createInvoice(tx, org.actor, org.orgId, {
                    customerId: customers[s.customer] ?? "",
                    documentDate: date,
                    termsCode: termsCodes[s.terms] ?? null,
                    taxInclusive: s.amount % 2 === 0,
                    lines: [
                      {
                        description: "goods",
                        quantity: "1",
                        unitPrice: (s.amount / 100).toFixed(2),
                        vatRate: "0.13",
                      },
                    ],
                    taxInvoiceNumber: null,
                    taxInvoiceDate: null,
                    note: null,
                  });
                  return issueInvoice(tx, org.actor, org.orgId, draft.invoiceId);
                });
                invoices.push({ id: invoice.invoiceId, grossMinor: invoice.grossMinor });
                break;
              }
              case "payment": {
                const payment = await run((tx) =>
                  recordPayment(tx, org.actor, org.orgId, {
                    customerId: customers[s.customer] ?? "",
                    method: "bank_transfer",
                    receivedDate: date,
                    amountMinor: BigInt(s.amount),
                    payerName: null,
                    reference: null,
                    note: null,
                    allocation:
                      s.how === "none"
                        ? null
                        : { method: { kind: s.how }, takeDiscounts: true, writeOffShortfall: true },
                  }),
                );
                payments.push(payment.paymentId);
                break;
              }
              case "apply": {
                const paymentId = payments[s.payment % Math.max(payments.length, 1)];
                if (paymentId === undefined) break;
                await run((tx) =>
                  applyPayment(tx, org.actor, org.orgId, paymentId, {
                    method: { kind: "oldest_first" },
                    takeDiscounts: true,
                    writeOffShortfall: false,
                    date,
                  }),
                );
                break;
              }
              case "credit": {
                const invoice = invoices[s.invoice % Math.max(invoices.length, 1)];
                if (invoice === undefined) break;
                const gross = (invoice.grossMinor * BigInt(s.share)) / 100n;
                if (gross <= 0n) break;
                await run((tx) =>
                  createCreditNote(tx, org.actor, org.orgId, invoice.id, {
                    documentDate: date,
                    taxInclusive: true,
                    lines: [
                      {
                        description: "return",
                        quantity: "1",
                        unitPrice: (Number(gross) / 100).toFixed(2),
                        vatRate: "0.13",
                      },
                    ],
                    reason: "return",
                    taxInvoiceNumber: null,
                    taxInvoiceDate: null,
                  }),
                );
                break;
              }
              case "reverse": {
                const paymentId = payments[s.payment % Math.max(payments.length, 1)];
                if (paymentId === undefined) break;
                await run((tx) =>
                  reversePayment(tx, org.actor, org.orgId, paymentId, { date, reason: "bounced" }),
                );
                break;
              }
              case "refund": {
                const paymentId = payments[s.payment % Math.max(payments.length, 1)];
                if (paymentId === undefined) break;
                const row = await store.db
                  .selectFrom("payments")
                  .select(["unapplied_minor", "status"])
                  .where("org_id", "=", org.orgId)
                  .where("payment_id", "=", paymentId)
                  .executeTakeFirstOrThrow();
                const half = BigInt(row.unapplied_minor) / 2n;
                if (half <= 0n || row.status !== "posted") break;
                await run((tx) =>
                  refundPayment(tx, org.actor, org.orgId, paymentId, {
                    date,
                    amountMinor: half,
                    reason: "refund",
                  }),
                );
                break;
              }
            }
          } catch (error) {
            // A refusal with a code (a credit note beyond the invoice, a second reversal) changes nothing.
            if (!isAppError(error) || error.status >= 500) throw error;
          }
          const open = new Map(
            (await openItemsAt(store.db, org.orgId, date)).map(
              (item) => [item.itemId, item.openMinor] as const,
            ),
          );
          snapshots.push({ date, open });
        }

        const db = store.db;
        // No item is over-applied: a debit item stays within 0…original, a credit item within original…0.
        const items = await db.selectFrom("open_items").selectAll().where("org_id", "=", org.orgId).execute();
        for (const item of items) {
          const open = BigInt(item.open_minor);
          const original = BigInt(item.original_minor);
          if (original > 0n) expect(open >= 0n && open <= original).toBe(true);
          else expect(open <= 0n && open >= original).toBe(true);
        }
        // Money is conserved: every posted payment is applied, unapplied or refunded.
        for (const paymentId of payments) {
          const payment = await db
            .selectFrom("payments")
            .selectAll()
            .where("org_id", "=", org.orgId)
            .where("payment_id", "=", paymentId)
            .executeTakeFirstOrThrow();
          if (payment.status !== "posted") continue;
          const applied = await db
            .selectFrom("allocations")
            .select(["applied_minor"])
            .where("org_id", "=", org.orgId)
            .where("payment_id", "=", paymentId)
            .where("reversed_on", "is", null)
            .execute();
          const refunds = await db
            .selectFrom("refunds")
            .select("amount_minor")
            .where("org_id", "=", org.orgId)
            .where("payment_id", "=", paymentId)
            .execute();
          const sum = (rows: ReadonlyArray<{ [key: string]: bigint }>, key: string) =>
            rows.reduce((total, row) => total + BigInt(row[key] ?? 0n), 0n);
          expect(
            sum(applied, "applied_minor") + BigInt(payment.unapplied_minor) + sum(refunds, "amount_minor"),
          ).toBe(BigInt(payment.amount_minor));
        }
        // On every day of the run: what was open then is unchanged by what came later, and the
        // ledger's 应收账款 on that day equals it, customer by customer.
        const roles = await roleAccounts(db, org.orgId);
        for (const snapshot of snapshots) {
          const now = new Map(
            (await openItemsAt(db, org.orgId, snapshot.date)).map(
              (item) => [item.itemId, item.openMinor] as const,
            ),
          );
          expect(now, `open items as of ${snapshot.date}`).toEqual(snapshot.open);
          const balances = await customerBalances(db, org.orgId, { asOf: snapshot.date });
          const ledger = new Map<string, bigint>();
          for (const balance of balances) {
            if (balance.accountCode !== roles.get("receivables")) continue;
            ledger.set(balance.customerId, (ledger.get(balance.customerId) ?? 0n) + balance.balanceMinor);
          }
          const documents = new Map<string, bigint>();
          for (const item of await openItemsAt(db, org.orgId, snapshot.date)) {
            documents.set(item.customerId, (documents.get(item.customerId) ?? 0n) + item.openMinor);
          }
          for (const customerId of customers) {
            expect(ledger.get(customerId) ?? 0n, `应收账款 of a customer on ${snapshot.date}`).toBe(
              documents.get(customerId) ?? 0n,
            );
          }
        }
      }),
      { numRuns: 12 },
    );
  });
});
