/**
 * The business events that post to the ledger, and the amounts each one carries. Posting rules
 * refer to these amounts by name. `amounts` are independent of one another; `derived` names a
 * sum of them, so that a rule can say `gross` where it means `net + tax` and the balance check
 * still sees through it.
 *
 * `reversal` is not listed: a reversal is the mirror of the voucher it reverses, whatever rule
 * made that voucher, so it needs no template.
 */
export const eventTypes = [
  "invoice_issued",
  "financed_sale",
  "plan_activated",
  "installment_due",
  "interest_accrued",
  "fee_accrued",
  "payment_received",
  "payment_applied",
  "discount_taken",
  "penalty",
  "credit_note",
  "write_off",
  "recovery",
  "provision",
] as const;
export type EventType = (typeof eventTypes)[number];

export interface EventTypeSpec {
  readonly amounts: ReadonlyArray<string>;
  readonly derived: Readonly<Record<string, ReadonlyArray<string>>>;
}

export const eventTypeSpecs: Readonly<Record<EventType, EventTypeSpec>> = {
  invoice_issued: { amounts: ["net", "tax"], derived: { gross: ["net", "tax"] } },
  // A sale on instalments with a significant financing component (CAS 14 / IFRS 15): revenue is
  // the present value `principal`; `financeIncome` is earned over the plan.
  financed_sale: {
    amounts: ["principal", "financeIncome", "tax"],
    derived: { contract: ["principal", "financeIncome"], gross: ["principal", "financeIncome", "tax"] },
  },
  plan_activated: { amounts: ["principal"], derived: {} },
  installment_due: { amounts: ["amount"], derived: {} },
  // `amortized`: unearned finance income recognized; `charged`: interest newly billed to the customer.
  interest_accrued: { amounts: ["amortized", "charged"], derived: {} },
  fee_accrued: { amounts: ["fee"], derived: {} },
  payment_received: { amounts: ["amount"], derived: {} },
  payment_applied: { amounts: ["amount"], derived: {} },
  discount_taken: { amounts: ["discount"], derived: {} },
  penalty: { amounts: ["amount"], derived: {} },
  credit_note: { amounts: ["net", "tax"], derived: { gross: ["net", "tax"] } },
  write_off: { amounts: ["amount"], derived: {} },
  recovery: { amounts: ["amount"], derived: {} },
  // The change in the allowance this period; negative releases it (the lines change sides).
  provision: { amounts: ["amount"], derived: {} },
};

export function isEventType(value: string): value is EventType {
  return (eventTypes as ReadonlyArray<string>).includes(value);
}
