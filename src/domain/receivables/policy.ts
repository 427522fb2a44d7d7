import { decimalIn, isAmountIn, isIntegerIn } from "../../core/checks.ts";
import { type Decimal, parseDecimal } from "../../core/decimal.ts";
import { AppError, type FieldIssue } from "../../core/errors.ts";

/**
 * How an organization runs its receivables: what shortfall it writes off when a customer pays
 * a little less (the payer's bank charges, rounding), how sure the bank matcher must be before
 * it applies a receipt by itself, how long a statement-of-account link stays valid, and the
 * aging buckets. Versioned like the credit policy, because a write-off names the version that
 * allowed it.
 */
export interface ReceivablesPolicy {
  readonly version: number;
  /** The largest shortfall written off without asking, in minor units. */
  readonly underpaymentToleranceMinor: bigint;
  /** …and at most this share of the item's original amount. */
  readonly underpaymentToleranceShare: string;
  /** Bank matches at or above this confidence (0–1) are applied automatically. */
  readonly autoMatchThreshold: string;
  /** Days a statement-of-account link stays valid. */
  readonly statementLinkDays: number;
  /** Upper edges of the aging buckets in days past due, ascending. */
  readonly agingEdgesDays: ReadonlyArray<number>;
  /** Terms for invoices whose customer has none from credit (a template code). */
  readonly defaultTermsCode: string;
}

export const toleranceMinorMax = 100_000_00n;
export const statementLinkDaysMax = 366;
export const agingEdgesMax = 10;

export function defaultReceivablesPolicy(): ReceivablesPolicy {
  return {
    version: 1,
    underpaymentToleranceMinor: 10_00n,
    underpaymentToleranceShare: "0.005",
    autoMatchThreshold: "0.9",
    statementLinkDays: 30,
    agingEdgesDays: [30, 60, 90, 180, 365],
    defaultTermsCode: "NET30",
  };
}

const unitInterval = (text: unknown): Decimal | null => decimalIn(text, parseDecimal("0"), parseDecimal("1"));

export function checkReceivablesPolicy(policy: ReceivablesPolicy): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const issue = (path: string, code: string, message: string) => issues.push({ path, code, message });
  if (!isAmountIn(policy.underpaymentToleranceMinor, 0n, toleranceMinorMax)) {
    issue("underpaymentTolerance", "OUT_OF_RANGE", "from 0 to 100,000.00");
  }
  if (unitInterval(policy.underpaymentToleranceShare) === null) {
    issue("underpaymentToleranceShare", "OUT_OF_RANGE", "a decimal fraction from 0 to 1, such as 0.005");
  }
  if (unitInterval(policy.autoMatchThreshold) === null) {
    issue("autoMatchThreshold", "OUT_OF_RANGE", "a decimal fraction from 0 to 1, such as 0.9");
  }
  if (!isIntegerIn(policy.statementLinkDays, 1, statementLinkDaysMax)) {
    issue("statementLinkDays", "OUT_OF_RANGE", `whole days from 1 to ${statementLinkDaysMax}`);
  }
  const edges = policy.agingEdgesDays;
  if (edges.length === 0 || edges.length > agingEdgesMax) {
    issue("agingEdgesDays", "OUT_OF_RANGE", `1 to ${agingEdgesMax} bucket edges`);
  }
  edges.forEach((edge, index) => {
    if (!isIntegerIn(edge, 1, 3650) || (index > 0 && edge <= (edges[index - 1] ?? 0))) {
      issue(`agingEdgesDays.${index}`, "OUT_OF_RANGE", "ascending whole days from 1 to 3650");
    }
  });
  if (!/^[A-Za-z0-9_/.-]{1,32}$/.test(policy.defaultTermsCode)) {
    issue("defaultTermsCode", "INVALID_FORMAT", "a payment terms code");
  }
  return issues;
}

export function assertReceivablesPolicy(policy: ReceivablesPolicy): void {
  const issues = checkReceivablesPolicy(policy);
  if (issues.length > 0) {
    throw new AppError("VALIDATION_FAILED", { detail: issues.map((i) => i.message).join("; "), issues });
  }
}
