import { sql } from "kysely";
import type { Tx } from "../command.ts";

/** Document kinds with their own gapless number series, and the prefix each number carries. */
export const documentPrefixes = {
  invoice: "INV",
  credit_note: "CN",
  debit_note: "DN",
  payment: "RC",
  statement: "DZ",
} as const;
export type DocumentKind = keyof typeof documentPrefixes;

/**
 * The next number of a series (INV-000001, …). The upsert takes the series row's lock until the
 * transaction ends, so two issuers never share a number and a rolled-back command leaves no gap
 * (发票 and 收款单 series are checked for gaps by auditors).
 */
export async function nextDocumentNumber(tx: Tx, orgId: string, kind: DocumentKind): Promise<string> {
  const row = await tx.db
    .insertInto("document_sequences")
    .values({ org_id: orgId, kind, last_number: 1n })
    .onConflict((oc) =>
      oc
        .columns(["org_id", "kind"])
        .doUpdateSet({ last_number: sql<bigint>`document_sequences.last_number + 1` }),
    )
    .returning("last_number")
    .executeTakeFirstOrThrow();
  return `${documentPrefixes[kind]}-${String(BigInt(row.last_number)).padStart(6, "0")}`;
}
