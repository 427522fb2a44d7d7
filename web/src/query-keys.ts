/** Cache keys per organization: switching organizations never shows another one's data. */
export const queryKeys = {
  /** The customer list and every customer's record: an edit or a new grade invalidates it as one. */
  customers: (orgId: string) => ["customers", orgId] as const,
  customer: (orgId: string, customerId: string) => ["customers", orgId, "record", customerId] as const,
  organization: (orgId: string) => ["organization", orgId] as const,
  members: (orgId: string) => ["members", orgId] as const,
  tokens: (orgId: string) => ["tokens", orgId] as const,
  audit: (orgId: string) => ["audit", orgId] as const,
  /** Everything of the ledger: a posting, a close or a rule change invalidates it as one. */
  ledger: (orgId: string) => ["ledger", orgId] as const,
  /**
   * Everything of credit: a decision on an approval, an assessment or a new policy can move any
   * customer's limit, grade or check, so they are invalidated as one.
   */
  credit: (orgId: string) => ["credit", orgId] as const,
  /**
   * Everything of installment plans: the list, each plan, the policy and the LPR table. A plan's
   * step (activation, a change) moves its list row and its customer's plans at once.
   */
  plans: (orgId: string) => ["plans", orgId] as const,
  plan: (orgId: string, planId: string) => ["plans", orgId, "plan", planId] as const,
  /**
   * Everything of receivables and payments: invoices, open items, aging and payments. A payment
   * moves invoices' open amounts and the aging at once, so they are invalidated as one.
   */
  receivables: (orgId: string) => ["receivables", orgId] as const,
  invoice: (orgId: string, invoiceId: string) => ["receivables", orgId, "invoice", invoiceId] as const,
  payment: (orgId: string, paymentId: string) => ["receivables", orgId, "payment", paymentId] as const,
  /** A statement of account: a snapshot, but its status, emails and the customer's answer move. */
  statement: (orgId: string, statementId: string) =>
    ["receivables", orgId, "statement", statementId] as const,
  /** Bank statements and their lines: resolving a line records a payment, so they sit under receivables. */
  bank: (orgId: string) => ["receivables", orgId, "bank"] as const,
  /** The aging report (or its items) for one set of options; under receivables, since payments move it. */
  agingReport: (orgId: string, params: Readonly<Record<string, string>>) =>
    ["receivables", orgId, "aging-report", params] as const,
  customerCredit: (orgId: string, customerId: string) => ["credit", orgId, "customer", customerId] as const,
  /** Early-warning rules and alerts: saving rules or handling an alert moves the lists as one. */
  warnings: (orgId: string) => ["warnings", orgId] as const,
  /** Provisions, write-offs and the risk policy: a run or a write-off moves the matrix and the lists as one. */
  risk: (orgId: string) => ["risk", orgId] as const,
  /** The KPIs as of a date: read-only, refreshed with the books. */
  kpis: (orgId: string, asOf: string) => ["kpis", orgId, asOf] as const,
  /** Scheduled report emails: a change moves the list. */
  reportSchedules: (orgId: string) => ["report-schedules", orgId] as const,
  /** The dashboard as of a date: under receivables, so a payment or an invoice refreshes it. */
  dashboard: (orgId: string, asOf: string) => ["receivables", orgId, "dashboard", asOf] as const,
  /** The portfolio across organizations: the person's, not one organization's. */
  portfolio: (asOf: string) => ["portfolio", asOf] as const,
};
