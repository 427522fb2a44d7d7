import { sql } from "kysely";
import type { Executor } from "../../store/database.ts";
import { reconcileControlAccounts, trialBalance } from "./queries.ts";

/** Findings listed per check; more would only repeat the message. */
export const verifyFindingsMax = 20;

export interface LedgerVerification {
  readonly orgId: string;
  readonly vouchers: bigint;
  readonly lines: bigint;
  readonly unbalancedVouchers: ReadonlyArray<{
    readonly voucherId: string;
    readonly currency: string;
    readonly differenceMinor: bigint;
  }>;
  /**
   * Vouchers whose stored line count differs from the lines present (a line lost or smuggled in).
   * Lines without a voucher cannot exist: journal_lines has a foreign key to vouchers.
   */
  readonly lineCountMismatches: ReadonlyArray<string>;
  readonly trialBalanceImbalance: ReadonlyArray<{
    readonly currency: string;
    readonly differenceMinor: bigint;
  }>;
  readonly controlMismatches: ReadonlyArray<{
    readonly accountCode: string;
    readonly currency: string;
    readonly differenceMinor: bigint;
  }>;
  readonly ok: boolean;
}

/**
 * The ledger's invariants, read back from the database (the pair of the checks the posting engine
 * makes before it writes): every voucher balances and has all its lines, the trial balance nets
 * to zero, and every receivables control account equals the sum of its customers' balances.
 */
export async function verifyLedger(
  db: Executor,
  orgId: string,
  asOf = "9999-12-31",
): Promise<LedgerVerification> {
  const counts = await db
    .selectFrom("vouchers")
    .select([
      sql<bigint>`count(*)`.as("vouchers"),
      sql<bigint>`cast(coalesce(sum(line_count), 0) as bigint)`.as("lines"),
    ])
    .where("org_id", "=", orgId)
    .executeTakeFirstOrThrow();
  const unbalanced = await db
    .selectFrom("journal_lines")
    .select([
      "voucher_id",
      "currency",
      sql<bigint>`cast(sum(debit_minor) - sum(credit_minor) as bigint)`.as("difference"),
    ])
    .where("org_id", "=", orgId)
    .groupBy(["voucher_id", "currency"])
    .having(sql<boolean>`sum(debit_minor) <> sum(credit_minor)`)
    .limit(verifyFindingsMax)
    .execute();
  const mismatched = await db
    .selectFrom("vouchers as v")
    .leftJoin(
      (eb) =>
        eb
          .selectFrom("journal_lines")
          .select(["voucher_id", sql<bigint>`count(*)`.as("n")])
          .where("org_id", "=", orgId)
          .groupBy("voucher_id")
          .as("l"),
      (join) => join.onRef("l.voucher_id", "=", "v.voucher_id"),
    )
    .select("v.voucher_id")
    .where("v.org_id", "=", orgId)
    .where(sql<boolean>`coalesce(l.n, 0) <> v.line_count`)
    .limit(verifyFindingsMax)
    .execute();
  const balance = await trialBalance(db, orgId, { from: null, to: asOf });
  const control = await reconcileControlAccounts(db, orgId, asOf);
  const result = {
    orgId,
    vouchers: BigInt(counts.vouchers),
    lines: BigInt(counts.lines),
    unbalancedVouchers: unbalanced.map((row) => ({
      voucherId: row.voucher_id,
      currency: row.currency,
      differenceMinor: BigInt(row.difference),
    })),
    lineCountMismatches: mismatched.map((row) => row.voucher_id),
    trialBalanceImbalance: balance.totals
      .map((t) => ({ currency: t.currency, differenceMinor: t.closingDebitMinor - t.closingCreditMinor }))
      .filter((t) => t.differenceMinor !== 0n || false),
    controlMismatches: control
      .filter((row) => row.differenceMinor !== 0n)
      .map((row) => ({
        accountCode: row.accountCode,
        currency: row.currency,
        differenceMinor: row.differenceMinor,
      })),
  };
  return {
    ...result,
    ok:
      result.unbalancedVouchers.length === 0 &&
      result.lineCountMismatches.length === 0 &&
      result.trialBalanceImbalance.length === 0 &&
      result.controlMismatches.length === 0,
  };
}
