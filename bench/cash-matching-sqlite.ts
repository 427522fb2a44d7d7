/**
 * Cash matching on SQLite: the whole of what an import does before it writes payments — load every
 * open item and customer of the organization from the database (`matchIndexOf`), build the index,
 * match the bank lines. The same fixed-seed book and lines as bench/cash-matching.ts, written to a
 * fresh SQLite file first (not timed).
 *
 *   npx tsx bench/cash-matching-sqlite.ts [--items 1000000] [--lines 100000] [--customers 50000]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { uuidv7 } from "../src/core/ids.ts";
import { matchBankLines } from "../src/domain/payments/index.ts";
import { runCommand } from "../src/services/command.ts";
import { createOrganization } from "../src/services/organizations.ts";
import { createUser } from "../src/services/people.ts";
import { matchIndexOf } from "../src/services/receivables/bank.ts";
import { openStore } from "../src/store/database.ts";
import { migrateToLatest } from "../src/store/migrations.ts";
import { generate } from "./cash-matching.ts";

/** Rows per INSERT: under SQLite's 32,766 bound variables at up to 26 columns a row. */
const insertRowsMax = 1_000;

const { values } = parseArgs({
  options: {
    items: { type: "string", default: "1000000" },
    lines: { type: "string", default: "100000" },
    customers: { type: "string", default: "50000" },
  },
});
const options = {
  items: Number(values.items),
  lines: Number(values.lines),
  customers: Number(values.customers),
};
const number = new Intl.NumberFormat("en-US");
const seconds = (ms: number) => (ms / 1_000).toFixed(2);

const dir = mkdtempSync(join(tmpdir(), "credence-cash-matching-"));
const store = await openStore(`sqlite:${join(dir, "bench.db")}`);
try {
  await migrateToLatest(store);
  console.log(
    `cash matching on SQLite: ${number.format(options.lines)} bank lines against ${number.format(options.items)} open items of ${number.format(options.customers)} customers`,
  );
  const { customers, items, lines } = generate(options);
  const now = new Date().toISOString();
  const orgId = await runCommand(store, async (tx) => {
    const owner = await createUser(tx, {
      email: "bench@example.test",
      displayName: "Bench",
      password: "bench-password-1",
      locale: "en",
    });
    const organization = await createOrganization(
      tx,
      { userId: owner.userId, label: "bench" },
      {
        name: "Bench Co.",
        baseCurrency: "CNY",
        timeZone: "Asia/Shanghai",
        accountingFramework: "cas",
        ownerUserId: owner.userId,
      },
    );
    return organization.orgId;
  });
  const seedStarted = performance.now();
  const payerOf = new Map<string, string>();
  for (const { customer } of customers)
    for (const member of customer.payerFor) payerOf.set(member, customer.customerId);
  await store.db.transaction().execute(async (db) => {
    for (let start = 0; start < customers.length; start += insertRowsMax) {
      const batch = customers.slice(start, start + insertRowsMax);
      await db
        .insertInto("customers")
        .values(
          batch.map((generated, offset) => ({
            org_id: orgId,
            customer_id: generated.customer.customerId,
            code: `C${start + offset}`,
            name: generated.legalName,
            kind: "company",
            credit_code: null,
            industry: null,
            created_at: now,
            updated_at: now,
            id_number_cipher: null,
            id_number_hash: null,
            id_number_masked: null,
            owner_user_id: null,
            notes: null,
            tags_json: "[]",
            group_payer_id: payerOf.get(generated.customer.customerId) ?? null,
          })),
        )
        .execute();
      await db
        .insertInto("payer_accounts")
        .values(
          batch.map((generated) => ({
            org_id: orgId,
            account: generated.account,
            customer_id: generated.customer.customerId,
            payer_name: generated.shortName,
            learned_at: now,
          })),
        )
        .execute();
    }
    for (let start = 0; start < items.length; start += insertRowsMax) {
      const batch = items.slice(start, start + insertRowsMax);
      const documents = batch.map((item) => ({ item, invoiceId: uuidv7() }));
      await db
        .insertInto("invoices")
        .values(
          documents.map(({ item, invoiceId }) => ({
            org_id: orgId,
            invoice_id: invoiceId,
            kind: "invoice",
            number: item.documentNumber,
            customer_id: item.customerId,
            status: "issued",
            currency: item.currency,
            document_date: item.dueDate,
            terms_code: "NET30",
            terms_json: "{}",
            tax_inclusive: 0n,
            net_minor: item.openMinor,
            tax_minor: 0n,
            gross_minor: item.openMinor,
            tax_invoice_number: item.taxInvoiceNumber,
            tax_invoice_date: null,
            related_invoice_id: null,
            reason: null,
            note: null,
            created_by: "bench",
            created_at: now,
            updated_at: now,
            issued_by: "bench",
            issued_at: now,
          })),
        )
        .execute();
      await db
        .insertInto("open_items")
        .values(
          documents.map(({ item, invoiceId }) => ({
            org_id: orgId,
            item_id: item.itemId,
            customer_id: item.customerId,
            source_type: "invoice",
            source_id: invoiceId,
            source_seq: 1n,
            document_number: item.documentNumber,
            tax_invoice_number: item.taxInvoiceNumber,
            document_date: item.dueDate,
            due_date: item.dueDate,
            currency: item.currency,
            original_minor: item.openMinor,
            open_minor: item.openMinor,
            discount_json: "[]",
            disputed: 0n,
            dispute_note: null,
            status: "open",
            closed_on: null,
            created_at: now,
          })),
        )
        .execute();
    }
  });
  console.log(`database written in ${seconds(performance.now() - seedStarted)} s (not timed below)`);

  const loadStarted = performance.now();
  const index = await matchIndexOf(store.db, orgId);
  const loadMs = performance.now() - loadStarted;
  console.log(
    `open items loaded and indexed in ${seconds(loadMs)} s (${number.format(index.itemCount)} items)`,
  );
  const matchStarted = performance.now();
  const matches = matchBankLines(index, lines);
  const matchMs = performance.now() - matchStarted;
  const automatic = matches.filter((match) => match.automatic).length;
  console.log(`matched in ${seconds(matchMs)} s; load + build + match ${seconds(loadMs + matchMs)} s`);
  console.log(`automatic: ${((100 * automatic) / lines.length).toFixed(2)} % of lines`);
  console.log(`peak RSS: ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
  console.log(
    JSON.stringify({
      benchmark: "cash-matching-sqlite",
      items: options.items,
      lines: options.lines,
      loadAndBuildSeconds: Number(seconds(loadMs)),
      matchSeconds: Number(seconds(matchMs)),
      totalSeconds: Number(seconds(loadMs + matchMs)),
      automaticShare: Number((automatic / lines.length).toFixed(4)),
      date: new Date().toISOString(),
    }),
  );
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
