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
  "financed_sale_due",
  "financed_sale_changed",
  "plan_activated",
  "plan_changed",
  "installment_due",
  "interest_accrued",
  "fee_accrued",
  "payment_received",
  "payment_applied",
  "discount_taken",
  "underpayment_written_off",
  "refund_paid",
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
  // the present value `principal`; `financeIncome` is earned over the plan. `tax` is the VAT on the
  // contract amount, owed only as instalments fall due (the tax point is the contractual
  // collection date); `cost` is the cost of the goods, carried over when revenue is recognized.
  financed_sale: {
    amounts: ["principal", "financeIncome", "tax", "cost"],
    derived: { contract: ["principal", "financeIncome"], gross: ["principal", "financeIncome", "tax"] },
  },
  // An instalment of a financed sale falls due: its tax point has come. `amount` excludes VAT,
  // `cost` is the instalment's share of the cost of goods — 小企业会计准则 recognizes revenue and
  // cost only now (第五十九条).
  financed_sale_due: { amounts: ["amount", "tax", "cost"], derived: { gross: ["amount", "tax"] } },
  // A financed sale's unbilled instalments are rescheduled. `financeIncome` and `tax` are changes
  // of the unearned finance income and of the VAT not yet due, negative when they shrink;
  // `capitalized` is billed, unpaid instalments moved back into the plan.
  financed_sale_changed: { amounts: ["financeIncome", "tax", "capitalized"], derived: {} },
  plan_activated: { amounts: ["principal"], derived: {} },
  // An installment-credit plan is rescheduled: `capitalized` is billed, unpaid amounts moved back
  // into the principal; `capitalizedInterest` is interest added to the principal (a payment holiday).
  plan_changed: { amounts: ["capitalized", "capitalizedInterest"], derived: {} },
  installment_due: { amounts: ["amount"], derived: {} },
  // `amortized`: unearned finance income recognized; `charged`: interest newly billed to the customer.
  interest_accrued: { amounts: ["amortized", "charged"], derived: {} },
  // `deferred`: a fee billed now but earned over the plan, as part of its effective interest
  // (CAS 22 / IFRS 9 treat fees integral to a financial asset so).
  fee_accrued: { amounts: ["fee", "deferred"], derived: {} },
  payment_received: { amounts: ["amount"], derived: {} },
  payment_applied: { amounts: ["amount"], derived: {} },
  discount_taken: { amounts: ["discount"], derived: {} },
  // A shortfall within the organization's tolerance (bank charges deducted by the payer's bank,
  // rounding) closed off when the payment is applied.
  underpayment_written_off: { amounts: ["amount"], derived: {} },
  // Unapplied money paid back to the customer.
  refund_paid: { amounts: ["amount"], derived: {} },
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
