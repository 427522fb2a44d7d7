import { assert } from "../../core/errors.ts";
import { type Aging, agingOf, daysPastDue } from "../payments/index.ts";

/**
 * A statement of account (对账单): what a customer owed at the start of a period, every document
 * and payment in it, what it owes at the end, and the aging of what is open. It is built from the
 * customer's subledger, so the statement and the books cannot disagree (DESIGN.md §4). The
 * customer confirms the closing balance or disputes lines (对账确认 / 询证).
 */

export const statementLineKinds = [
  "invoice",
  "debit_note",
  "credit_note",
  "payment",
  "discount",
  "write_off",
  "refund",
  "reversal",
  "installment",
  "other",
] as const;
export type StatementLineKind = (typeof statementLineKinds)[number];

/** One voucher's net effect on what the customer owes: positive raises it (an invoice), negative lowers it (a payment). */
export interface StatementMovement {
  readonly date: string;
  readonly kind: StatementLineKind;
  readonly documentNumber: string | null;
  readonly description: string;
  readonly amountMinor: bigint;
  /** The voucher behind the line, so a disputed line can be traced in the books. */
  readonly voucherId: string;
}

export interface StatementLine {
  readonly seq: number;
  readonly date: string;
  readonly kind: StatementLineKind;
  readonly documentNumber: string | null;
  readonly description: string;
  readonly debitMinor: bigint;
  readonly creditMinor: bigint;
  /** What the customer owes after this line. */
  readonly balanceMinor: bigint;
  readonly voucherId: string;
}

export interface StatementOpenItem {
  readonly documentNumber: string;
  readonly documentDate: string;
  readonly dueDate: string;
  readonly openMinor: bigint;
  readonly daysPastDue: number;
}

export interface StatementOfAccount {
  readonly number: string;
  readonly organizationName: string;
  readonly customer: {
    readonly customerId: string;
    readonly code: string;
    readonly name: string;
    readonly creditCode: string | null;
  };
  readonly currency: string;
  readonly from: string;
  readonly to: string;
  readonly openingMinor: bigint;
  readonly debitTotalMinor: bigint;
  readonly creditTotalMinor: bigint;
  readonly closingMinor: bigint;
  readonly lines: ReadonlyArray<StatementLine>;
  /** Open items as of `to`, oldest due first, and their aging. */
  readonly openItems: ReadonlyArray<StatementOpenItem>;
  readonly aging: Aging;
  readonly generatedOn: string;
}

/** Lines on one statement: a year of daily invoices and payments for a busy customer. */
export const statementLinesMax = 5_000;

export interface StatementInput {
  readonly number: string;
  readonly organizationName: string;
  readonly customer: StatementOfAccount["customer"];
  readonly currency: string;
  readonly from: string;
  readonly to: string;
  readonly openingMinor: bigint;
  readonly movements: ReadonlyArray<StatementMovement>;
  readonly openItems: ReadonlyArray<{
    readonly documentNumber: string;
    readonly documentDate: string;
    readonly dueDate: string;
    readonly openMinor: bigint;
  }>;
  readonly agingEdgesDays: ReadonlyArray<number>;
  readonly generatedOn: string;
}

/**
 * Orders the period's movements by date (then as given), runs the balance line by line and ages
 * the open items as of the period's end. Movements that net to zero (a receipt applied to an
 * invoice moves money between two of the customer's own accounts) do not appear.
 */
export function buildStatement(input: StatementInput): StatementOfAccount {
  assert(input.from <= input.to, "a statement period runs forward");
  const movements = input.movements
    .filter((movement) => movement.amountMinor !== 0n)
    .map((movement, index) => ({ movement, index }))
    .sort((a, b) =>
      a.movement.date < b.movement.date ? -1 : a.movement.date > b.movement.date ? 1 : a.index - b.index,
    )
    .map(({ movement }) => movement);
  let balance = input.openingMinor;
  let debit = 0n;
  let credit = 0n;
  const lines = movements.map((movement, index): StatementLine => {
    assert(movement.date >= input.from && movement.date <= input.to, "movements lie inside the period");
    balance += movement.amountMinor;
    const debitMinor = movement.amountMinor > 0n ? movement.amountMinor : 0n;
    const creditMinor = movement.amountMinor < 0n ? -movement.amountMinor : 0n;
    debit += debitMinor;
    credit += creditMinor;
    return {
      seq: index + 1,
      date: movement.date,
      kind: movement.kind,
      documentNumber: movement.documentNumber,
      description: movement.description,
      debitMinor,
      creditMinor,
      balanceMinor: balance,
      voucherId: movement.voucherId,
    };
  });
  const openItems = [...input.openItems]
    .filter((item) => item.openMinor !== 0n)
    .sort((a, b) =>
      a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : a.documentNumber < b.documentNumber ? -1 : 1,
    )
    .map((item) => ({ ...item, daysPastDue: Math.max(0, daysPastDue(item.dueDate, input.to)) }));
  return {
    number: input.number,
    organizationName: input.organizationName,
    customer: input.customer,
    currency: input.currency,
    from: input.from,
    to: input.to,
    openingMinor: input.openingMinor,
    debitTotalMinor: debit,
    creditTotalMinor: credit,
    closingMinor: balance,
    lines,
    openItems,
    aging: agingOf(openItems, input.to, input.agingEdgesDays),
    generatedOn: input.generatedOn,
  };
}
