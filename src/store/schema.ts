import type { Generated } from "kysely";
import type { ReportTables } from "./report-tables.ts";
import type { RiskTables } from "./risk-tables.ts";
import type { WarningTables } from "./warning-tables.ts";

/**
 * Table types for Kysely. Conventions that hold on both engines:
 * - every tenant table's key starts with `org_id` (DESIGN.md §5); `users` and `sessions` are the
 *   only global tables, because one person belongs to many organizations;
 * - integers are BIGINT and arrive as JS `bigint` (SQLite safe integers, a pg type parser);
 * - ids are UUIDv7 strings; instants are ISO-8601 UTC strings with milliseconds; business dates
 *   are `YYYY-MM-DD` strings; JSON documents are text.
 */

export interface OrganizationsTable {
  org_id: string;
  name: string;
  base_currency: string;
  time_zone: string;
  accounting_framework: string;
  created_at: string;
}

export interface UsersTable {
  user_id: string;
  email: string;
  display_name: string;
  password_hash: string;
  locale: string;
  created_at: string;
  disabled_at: string | null;
}

export interface MembershipsTable {
  org_id: string;
  user_id: string;
  role: string;
  created_at: string;
}

export interface SessionsTable {
  session_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
}

export interface ApiTokensTable {
  org_id: string;
  token_id: string;
  user_id: string;
  name: string;
  token_hash: string;
  token_prefix: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface AuditLogTable {
  org_id: string;
  seq: bigint;
  recorded_at: string;
  actor_user_id: string | null;
  actor_label: string;
  action: string;
  entity_type: string;
  entity_id: string;
  before_json: string | null;
  after_json: string | null;
  prev_hash: string;
  hash: string;
}

export interface IdempotencyKeysTable {
  org_id: string;
  idempotency_key: string;
  request_hash: string;
  status_code: bigint;
  response_json: string;
  created_at: string;
}

export interface CustomersTable {
  org_id: string;
  customer_id: string;
  code: string;
  name: string;
  kind: string;
  credit_code: string | null;
  industry: string | null;
  created_at: string;
  updated_at: string;
  id_number_cipher: string | null;
  id_number_hash: string | null;
  id_number_masked: string | null;
  owner_user_id: string | null;
  notes: string | null;
  tags_json: Generated<string>;
  group_payer_id: string | null;
  collector_user_id: string | null;
}

export interface CustomerContactsTable {
  org_id: string;
  contact_id: string;
  customer_id: string;
  name: string;
  role: string | null;
  phone: string | null;
  email: string | null;
  preferred_channel: string;
  created_at: string;
}

export interface CustomerAddressesTable {
  org_id: string;
  address_id: string;
  customer_id: string;
  kind: string;
  line: string;
  city: string | null;
  province: string | null;
  postal_code: string | null;
  country: string;
  created_at: string;
}

export interface CustomerCommunicationsTable {
  org_id: string;
  entry_id: string;
  customer_id: string;
  occurred_at: string;
  channel: string;
  summary: string;
  author: string;
}

export interface FinancialStatementsTable {
  org_id: string;
  statement_id: string;
  customer_id: string;
  period_end: string;
  months: bigint;
  currency: string;
  /** Item name → minor units as a decimal integer string (or null when not reported). */
  items_json: string;
  source: string;
  created_by: string;
  created_at: string;
}

export interface CreditReportsTable {
  org_id: string;
  report_id: string;
  customer_id: string;
  source: string;
  reported_on: string;
  score: bigint | null;
  defaults_count: bigint;
  lawsuits_count: bigint;
  enforcements_count: bigint;
  notes: string | null;
  created_by: string;
  created_at: string;
}

export interface VersionedDefinitionTable {
  org_id: string;
  version: bigint;
  definition_json: string;
  created_by: string;
  created_at: string;
}

export interface CreditAssessmentsTable {
  org_id: string;
  assessment_id: string;
  customer_id: string;
  scorecard_version: bigint;
  policy_version: bigint;
  inputs_json: string;
  result_json: string;
  score: bigint;
  grade: string;
  recommended_limit_minor: bigint;
  currency: string;
  assessed_on: string;
  expires_on: string;
  created_by: string;
  created_at: string;
}

export interface CustomerCreditTable {
  org_id: string;
  customer_id: string;
  currency: string;
  limit_minor: bigint;
  terms_json: string;
  temporary_increase_minor: bigint | null;
  temporary_expires_on: string | null;
  on_hold: bigint;
  hold_reason: string | null;
  assessment_id: string | null;
  grade: string | null;
  assessment_expires_on: string | null;
  updated_at: string;
}

export interface CreditApprovalsTable {
  org_id: string;
  approval_id: string;
  customer_id: string;
  kind: string;
  payload_json: string;
  status: string;
  requested_by_user_id: string | null;
  requested_by: string;
  reason: string;
  decided_by_user_id: string | null;
  decided_by: string | null;
  decision_reason: string | null;
  decided_at: string | null;
  created_at: string;
}

export interface CreditTasksTable {
  org_id: string;
  task_id: string;
  kind: string;
  customer_id: string;
  trigger: string;
  due_on: string;
  status: string;
  assessment_id: string | null;
  note: string | null;
  created_at: string;
  completed_at: string | null;
}

export interface AccountsTable {
  org_id: string;
  code: string;
  name_zh: string;
  name_en: string;
  type: string;
  normal_balance: string;
  parent_code: string | null;
  /** 1 when every line on the account names a customer (a receivables control account). */
  receivables_control: bigint;
  active: bigint;
  created_at: string;
}

export interface AccountRolesTable {
  org_id: string;
  role: string;
  account_code: string;
}

/** An organization's own posting rule for one event type; absent → the framework's default. */
export interface PostingRulesTable {
  org_id: string;
  event_type: string;
  lines_json: string;
  updated_at: string;
  updated_by: string;
}

/** Periods that were ever closed; a period without a row is open. */
export interface PeriodsTable {
  org_id: string;
  period: string;
  status: string;
  changed_at: string;
  changed_by: string;
}

export interface VoucherSequencesTable {
  org_id: string;
  period: string;
  last_number: bigint;
}

export interface VouchersTable {
  org_id: string;
  voucher_id: string;
  period: string;
  number: bigint;
  voucher_date: string;
  kind: string;
  event_type: string | null;
  memo: string;
  source_type: string | null;
  source_id: string | null;
  reverses_voucher_id: string | null;
  line_count: bigint;
  created_by: string;
  created_at: string;
}

export interface JournalLinesTable {
  org_id: string;
  voucher_id: string;
  line_no: bigint;
  voucher_date: string;
  account_code: string;
  customer_id: string | null;
  debit_minor: bigint;
  credit_minor: bigint;
  currency: string;
  memo: string | null;
}

export interface Schema extends RiskTables, WarningTables, ReportTables {
  organizations: OrganizationsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  audit_log: AuditLogTable;
  idempotency_keys: IdempotencyKeysTable;
  customers: CustomersTable;
  accounts: AccountsTable;
  account_roles: AccountRolesTable;
  posting_rules: PostingRulesTable;
  periods: PeriodsTable;
  voucher_sequences: VoucherSequencesTable;
  vouchers: VouchersTable;
  journal_lines: JournalLinesTable;
  customer_contacts: CustomerContactsTable;
  customer_addresses: CustomerAddressesTable;
  customer_communications: CustomerCommunicationsTable;
  financial_statements: FinancialStatementsTable;
  credit_reports: CreditReportsTable;
  scorecards: VersionedDefinitionTable;
  credit_policies: VersionedDefinitionTable;
  credit_assessments: CreditAssessmentsTable;
  customer_credit: CustomerCreditTable;
  credit_approvals: CreditApprovalsTable;
  credit_tasks: CreditTasksTable;
  installment_policies: InstallmentPoliciesTable;
  lpr_rates: LprRatesTable;
  plans: PlansTable;
  plan_versions: PlanVersionsTable;
  plan_items: PlanItemsTable;
  document_sequences: DocumentSequencesTable;
  payment_terms: PaymentTermsTable;
  receivables_policies: VersionedDefinitionTable;
  invoices: InvoicesTable;
  invoice_lines: InvoiceLinesTable;
  open_items: OpenItemsTable;
  eod_runs: EodRunsTable;
  customer_delinquency: CustomerDelinquencyTable;
  aging_snapshots: AgingSnapshotsTable;
  dunning_policies: VersionedDefinitionTable;
  dunning_notices: DunningNoticesTable;
  promises_to_pay: PromisesToPayTable;
  collection_activities: CollectionActivitiesTable;
  disputes: DisputesTable;
  legal_cases: LegalCasesTable;
  legal_case_events: LegalCaseEventsTable;
  payments: PaymentsTable;
  allocations: AllocationsTable;
  refunds: RefundsTable;
  bank_statements: BankStatementsTable;
  bank_lines: BankLinesTable;
  payer_accounts: PayerAccountsTable;
  statements: StatementsTable;
  outbox_messages: OutboxMessagesTable;
}

export interface DocumentSequencesTable {
  org_id: string;
  kind: string;
  last_number: bigint;
}

export interface PaymentTermsTable {
  org_id: string;
  code: string;
  name_zh: string;
  name_en: string;
  terms_json: string;
  active: bigint;
  created_at: string;
  updated_at: string;
}

export interface InvoicesTable {
  org_id: string;
  invoice_id: string;
  kind: string;
  number: string | null;
  customer_id: string;
  status: string;
  currency: string;
  document_date: string;
  terms_code: string | null;
  terms_json: string;
  tax_inclusive: bigint;
  net_minor: bigint;
  tax_minor: bigint;
  gross_minor: bigint;
  tax_invoice_number: string | null;
  tax_invoice_date: string | null;
  related_invoice_id: string | null;
  reason: string | null;
  note: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  issued_by: string | null;
  issued_at: string | null;
}

export interface InvoiceLinesTable {
  org_id: string;
  invoice_id: string;
  line_no: bigint;
  description: string;
  quantity: string;
  unit_price: string;
  vat_rate: string;
  net_minor: bigint;
  tax_minor: bigint;
  gross_minor: bigint;
}

export interface EodRunsTable {
  org_id: string;
  business_date: string;
  status: string;
  steps_json: string;
  claimed_by: string | null;
  lease_until: string | null;
  attempts: bigint;
  last_error: string | null;
  started_at: string;
  finished_at: string | null;
}

export interface CustomerDelinquencyTable {
  org_id: string;
  customer_id: string;
  as_of: string;
  open_minor: bigint;
  overdue_minor: bigint;
  oldest_due_date: string | null;
  days_past_due: bigint;
  bucket: string;
}

export interface DunningNoticesTable {
  org_id: string;
  notice_id: string;
  customer_id: string;
  business_date: string;
  policy_version: bigint;
  policy_code: string;
  level_code: string;
  level_index: bigint;
  channel: string;
  status: string;
  currency: string;
  total_minor: bigint;
  fee_minor: bigint;
  fee_waived_on: string | null;
  max_days_past_due: bigint;
  item_ids_json: string;
  recipient: string | null;
  message_id: string | null;
  decided_by: string | null;
  decided_at: string | null;
  created_at: string;
}

export interface PromisesToPayTable {
  org_id: string;
  promise_id: string;
  customer_id: string;
  currency: string;
  amount_minor: bigint;
  made_on: string;
  promised_date: string;
  status: string;
  paid_minor: bigint;
  resolved_on: string | null;
  note: string | null;
  created_by: string;
  created_at: string;
}

export interface CollectionActivitiesTable {
  org_id: string;
  activity_id: string;
  customer_id: string;
  kind: string;
  outcome: string | null;
  note: string | null;
  occurred_on: string;
  next_follow_up: string | null;
  promise_id: string | null;
  notice_id: string | null;
  user_id: string | null;
  actor_label: string;
  created_at: string;
}

export interface DisputesTable {
  org_id: string;
  dispute_id: string;
  customer_id: string;
  invoice_id: string | null;
  item_id: string | null;
  line_seq: bigint | null;
  reason_code: string;
  owner_user_id: string | null;
  status: string;
  currency: string;
  amount_minor: bigint;
  note: string | null;
  opened_on: string;
  resolved_on: string | null;
  resolution_note: string | null;
  credit_note_id: string | null;
  created_by: string;
  created_at: string;
}

export interface LegalCasesTable {
  org_id: string;
  case_id: string;
  customer_id: string;
  stage: string;
  currency: string;
  claimed_minor: bigint;
  counsel: string | null;
  court: string | null;
  case_number: string | null;
  opened_on: string;
  outcome: string | null;
  recovered_minor: bigint;
  closed_on: string | null;
  created_by: string;
  created_at: string;
}

export interface LegalCaseEventsTable {
  org_id: string;
  event_id: string;
  case_id: string;
  stage: string;
  occurred_on: string;
  cost_minor: bigint;
  note: string | null;
  document_name: string | null;
  document_type: string | null;
  document_base64: string | null;
  created_by: string;
  created_at: string;
}

export interface AgingSnapshotsTable {
  org_id: string;
  business_date: string;
  currency: string;
  bucket: string;
  amount_minor: bigint;
  item_count: bigint;
}

export interface OpenItemsTable {
  org_id: string;
  item_id: string;
  customer_id: string;
  source_type: string;
  source_id: string;
  source_seq: bigint;
  document_number: string;
  tax_invoice_number: string | null;
  document_date: string;
  due_date: string;
  currency: string;
  original_minor: bigint;
  open_minor: bigint;
  discount_json: string;
  disputed: bigint;
  dispute_note: string | null;
  status: string;
  closed_on: string | null;
  created_at: string;
}

export interface PaymentsTable {
  org_id: string;
  payment_id: string;
  number: string;
  customer_id: string;
  method: string;
  received_date: string;
  currency: string;
  amount_minor: bigint;
  unapplied_minor: bigint;
  payer_name: string | null;
  reference: string | null;
  bank_line_id: string | null;
  status: string;
  reversed_on: string | null;
  reversal_reason: string | null;
  note: string | null;
  created_by: string;
  created_at: string;
}

export interface AllocationsTable {
  org_id: string;
  allocation_id: string;
  item_id: string;
  customer_id: string;
  payment_id: string | null;
  counter_item_id: string | null;
  allocation_date: string;
  applied_minor: bigint;
  discount_minor: bigint;
  write_off_minor: bigint;
  reversed_on: string | null;
  reversal_reason: string | null;
  created_by: string;
  created_at: string;
}

export interface RefundsTable {
  org_id: string;
  refund_id: string;
  payment_id: string;
  refund_date: string;
  amount_minor: bigint;
  reason: string;
  created_by: string;
  created_at: string;
}

export interface BankStatementsTable {
  org_id: string;
  statement_id: string;
  format: string;
  account: string;
  reference: string | null;
  currency: string;
  fingerprint: string;
  file_sha256: string;
  file_name: string | null;
  opening_minor: bigint | null;
  closing_minor: bigint | null;
  from_date: string | null;
  to_date: string | null;
  line_count: bigint;
  warnings_json: string;
  imported_by: string;
  imported_at: string;
}

export interface BankLinesTable {
  org_id: string;
  line_id: string;
  statement_id: string;
  seq: bigint;
  booking_date: string;
  value_date: string | null;
  amount_minor: bigint;
  currency: string;
  counterparty_name: string | null;
  counterparty_account: string | null;
  remittance: string | null;
  end_to_end_id: string | null;
  bank_reference: string | null;
  status: string;
  confidence: string | null;
  suggestions_json: string | null;
  payment_id: string | null;
  resolved_by: string | null;
  resolved_at: string | null;
}

export interface PayerAccountsTable {
  org_id: string;
  account: string;
  customer_id: string;
  payer_name: string | null;
  learned_at: string;
}

export interface InstallmentPoliciesTable {
  org_id: string;
  version: bigint;
  definition_json: string;
  created_by: string;
  created_at: string;
}

export interface LprRatesTable {
  org_id: string;
  effective_date: string;
  rate: string;
  created_by: string;
  created_at: string;
}

export interface PlansTable {
  org_id: string;
  plan_id: string;
  number: string;
  customer_id: string;
  status: string;
  accounting_mode: string;
  fee_recognition: string;
  currency: string;
  vat_rate: string;
  cost_minor: bigint;
  principal_minor: bigint;
  financed_minor: bigint;
  contract_date: string;
  terms_json: string;
  offer_json: string | null;
  version: bigint;
  paid_through: bigint;
  confirmation_json: string | null;
  note: string | null;
  closed_reason: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  activated_on: string | null;
  closed_on: string | null;
}

export interface PlanVersionsTable {
  org_id: string;
  plan_id: string;
  version: bigint;
  kind: string;
  effective_date: string;
  state_json: string;
  change_json: string | null;
  created_by: string;
  created_at: string;
}

export interface PlanItemsTable {
  org_id: string;
  plan_id: string;
  seq: bigint;
  customer_id: string;
  version: bigint;
  kind: string;
  number: bigint | null;
  due_date: string;
  principal_minor: bigint;
  interest_minor: bigint;
  fee_minor: bigint;
  tax_minor: bigint;
  total_minor: bigint;
  amortized_minor: bigint;
  cost_minor: bigint;
  paid_minor: bigint;
  status: string;
  billed_on: string | null;
  penalty_state_json: string | null;
  penalty_accrued_to: string | null;
  penalty_minor: bigint;
}

export interface StatementsTable {
  org_id: string;
  statement_id: string;
  number: string;
  customer_id: string;
  period_from: string;
  period_to: string;
  currency: string;
  closing_minor: bigint;
  snapshot_json: string;
  status: string;
  link_expires_on: string;
  sent_to: string | null;
  sent_at: string | null;
  response_json: string | null;
  responded_at: string | null;
  created_by: string;
  created_at: string;
}

export interface OutboxMessagesTable {
  org_id: string;
  message_id: string;
  channel: string;
  recipient: string;
  subject: string;
  body_text: string;
  attachments_json: string;
  related_type: string | null;
  related_id: string | null;
  status: string;
  attempts: bigint;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
  body_html: string | null;
  next_attempt_at: string | null;
  provider_reference: string | null;
}
