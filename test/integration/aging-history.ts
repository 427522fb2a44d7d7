import { runCommand, type Tx } from "../../src/services/command.ts";
import {
  createCreditNote,
  createInvoice,
  issueInvoice,
  recordPayment,
  reversePayment,
} from "../../src/services/receivables/index.ts";
import type { Store } from "../../src/store/database.ts";
import {
  addTestCustomer,
  fixedClock,
  grantTestCredit,
  makeOrganization,
  type TestOrganization,
} from "../support/fixtures.ts";

/**
 * A small receivables history with known answers, for the aging report's tests (Net 30):
 *   2026-03-01 invoice A-1 to A, 10,000.00, due 03-31
 *   2026-04-10 A pays 4,000.00 (oldest first): A-1 open 6,000.00
 *   2026-08-15 invoice A-2 to A, 5,000.00, due 09-14
 *   2026-09-01 credit note on A-2, 500.00, applied to it: A-2 open 4,500.00
 *   2026-10-20 invoice B-1 to B, 3,000.00, due 11-19
 *   2026-11-01 B pays 1,000.00: B-1 open 2,000.00
 *   2026-11-10 B's payment bounces (reversed): B-1 open 3,000.00 again
 *   2026-11-20 A pays 6,000.00: A-1 closed
 * A is grade A, industry 制造业, owned by the organization's owner; B is grade BB with neither.
 * The customer C, named like a formula, owes 100.00 from 2026-11-23 (due 12-23).
 */
export interface AgingHistory {
  readonly org: TestOrganization;
  readonly customerA: string;
  readonly customerB: string;
  readonly customerC: string;
}

export async function buildAgingHistory(store: Store, name = "Aging Co."): Promise<AgingHistory> {
  const org = await makeOrganization(store, name);
  const run = <T>(command: (tx: Tx) => Promise<T>) => runCommand(store, command, fixedClock);
  const customers: string[] = [];
  for (const code of ["A", "B", "C"]) {
    const id = (await addTestCustomer(store, org, code)).customerId;
    await grantTestCredit(store, org, id);
    customers.push(id);
  }
  const [customerA = "", customerB = "", customerC = ""] = customers;
  await store.db
    .updateTable("customers")
    .set({ industry: "制造业", owner_user_id: org.owner.userId })
    .where("org_id", "=", org.orgId)
    .where("customer_id", "=", customerA)
    .execute();
  await store.db
    .updateTable("customers")
    .set({ name: '=HYPERLINK("http://evil","点我")' })
    .where("org_id", "=", org.orgId)
    .where("customer_id", "=", customerC)
    .execute();
  for (const [customerId, grade] of [
    [customerA, "A"],
    [customerB, "BB"],
    [customerC, null],
  ] as const) {
    await store.db
      .updateTable("customer_credit")
      .set({ grade })
      .where("org_id", "=", org.orgId)
      .where("customer_id", "=", customerId)
      .execute();
  }
  const invoice = (customerId: string, documentDate: string, amount: string) =>
    run(async (tx) => {
      const draft = await createInvoice(tx, org.actor, org.orgId, {
        customerId,
        documentDate,
        termsCode: null,
        taxInclusive: true,
        lines: [{ description: "goods", quantity: "1", unitPrice: amount, vatRate: "0.13" }],
        taxInvoiceNumber: null,
        taxInvoiceDate: null,
        note: null,
      });
      return issueInvoice(tx, org.actor, org.orgId, draft.invoiceId);
    });
  const pay = (customerId: string, receivedDate: string, amountMinor: bigint) =>
    run((tx) =>
      recordPayment(tx, org.actor, org.orgId, {
        customerId,
        method: "bank_transfer",
        receivedDate,
        amountMinor,
        payerName: null,
        reference: null,
        note: null,
        allocation: { method: { kind: "oldest_first" }, takeDiscounts: false, writeOffShortfall: false },
      }),
    );
  await invoice(customerA, "2026-03-01", "10000.00");
  await pay(customerA, "2026-04-10", 400_000n);
  // Issued today, A-2 would be refused for A-1's arrears (the credit check sees today's overdue):
  // A-1 is set aside as disputed while A-2 is issued, as a credit manager's override would.
  const disputeA = (disputed: bigint) =>
    store.db
      .updateTable("open_items")
      .set({ disputed })
      .where("org_id", "=", org.orgId)
      .where("customer_id", "=", customerA)
      .execute();
  await disputeA(1n);
  const a2 = await invoice(customerA, "2026-08-15", "5000.00");
  await disputeA(0n);
  await run((tx) =>
    createCreditNote(tx, org.actor, org.orgId, a2.invoiceId, {
      documentDate: "2026-09-01",
      taxInclusive: true,
      lines: [{ description: "return", quantity: "1", unitPrice: "500.00", vatRate: "0.13" }],
      reason: "return",
      taxInvoiceNumber: null,
      taxInvoiceDate: null,
    }),
  );
  await invoice(customerB, "2026-10-20", "3000.00");
  const bounced = await pay(customerB, "2026-11-01", 100_000n);
  await run((tx) =>
    reversePayment(tx, org.actor, org.orgId, bounced.paymentId, { date: "2026-11-10", reason: "bounced" }),
  );
  await pay(customerA, "2026-11-20", 600_000n);
  await invoice(customerC, "2026-11-23", "100.00");
  return { org, customerA, customerB, customerC };
}
