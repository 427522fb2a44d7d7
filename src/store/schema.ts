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

export interface Schema {
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
}
