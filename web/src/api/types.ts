import type { ErrorCode, FieldIssue } from "../../../src/core/errors.ts";
import type { Permission, Role } from "../../../src/domain/access/index.ts";
import type { CustomerKind } from "../../../src/domain/credit/index.ts";
import type {
  AccountRole,
  AccountType,
  EventType,
  NormalBalance,
  Side,
  VoucherKind,
} from "../../../src/domain/ledger/index.ts";
import type { AccountingFramework, Locale } from "../../../src/domain/organization/index.ts";

/**
 * What the API sends, as the web app reads it. These mirror the response schemas of
 * src/api/routes/*.ts; the shared vocabulary (roles, permissions, kinds) comes from the domain
 * so that a new role or permission shows up here as a type error, not as a silent gap.
 */

export type {
  AccountingFramework,
  AccountRole,
  AccountType,
  CustomerKind,
  ErrorCode,
  EventType,
  FieldIssue,
  Locale,
  NormalBalance,
  Permission,
  Role,
  Side,
  VoucherKind,
};

export interface User {
  readonly userId: string;
  readonly email: string;
  readonly displayName: string;
  readonly locale: Locale;
  readonly createdAt: string;
}

export interface Organization {
  readonly orgId: string;
  readonly name: string;
  readonly baseCurrency: string;
  readonly timeZone: string;
  readonly accountingFramework: AccountingFramework;
  readonly createdAt: string;
}

export interface OrganizationOfUser extends Organization {
  readonly role: Role;
  readonly permissions: ReadonlyArray<Permission>;
}

export interface SessionView {
  readonly user: User;
  readonly organizations: ReadonlyArray<OrganizationOfUser>;
  /** Echoed in `X-CSRF-Token` on every unsafe request of this session. */
  readonly csrfToken: string | null;
}

export interface Customer {
  readonly customerId: string;
  readonly code: string;
  readonly name: string;
  readonly kind: CustomerKind;
  readonly creditCode: string | null;
  readonly industry: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface CustomerPage {
  readonly items: ReadonlyArray<Customer>;
  readonly nextAfter: string | null;
}

export interface Member {
  readonly userId: string;
  readonly email: string;
  readonly displayName: string;
  readonly role: Role;
  readonly memberSince: string;
}

export interface ApiToken {
  readonly tokenId: string;
  readonly userId: string;
  readonly name: string;
  readonly prefix: string;
  readonly createdAt: string;
  readonly expiresAt: string | null;
  readonly lastUsedAt: string | null;
  readonly revokedAt: string | null;
}

/** Returned once, at creation: the only time the secret leaves the server. */
export interface ApiTokenGrant extends ApiToken {
  readonly token: string;
}

export interface AuditRecord {
  readonly seq: number;
  readonly recordedAt: string;
  readonly actorUserId: string | null;
  readonly actorLabel: string;
  readonly action: string;
  readonly entityType: string;
  readonly entityId: string;
  readonly before: unknown;
  readonly after: unknown;
  readonly prevHash: string;
  readonly hash: string;
}

export interface AuditPage {
  readonly items: ReadonlyArray<AuditRecord>;
  readonly nextBeforeSeq: number | null;
}

export interface AuditVerification {
  readonly ok: boolean;
  readonly checked: number;
  readonly firstBroken: { readonly seq: number; readonly reason: "hash" | "link" | "gap" } | null;
}

/* ---------- ledger (src/api/routes/ledger.ts) ---------- */

export interface LedgerAccount {
  readonly code: string;
  readonly nameZh: string;
  readonly nameEn: string;
  readonly type: AccountType;
  readonly normalBalance: NormalBalance;
  readonly parentCode: string | null;
  /** Every line on it names a customer (辅助核算 by customer). */
  readonly receivablesControl: boolean;
  readonly active: boolean;
  readonly roles: ReadonlyArray<AccountRole>;
}

export interface AccountsResponse {
  readonly items: ReadonlyArray<LedgerAccount>;
}

export interface VoucherLine {
  readonly lineNo: number;
  readonly accountCode: string;
  readonly accountNameZh: string;
  readonly accountNameEn: string;
  readonly customerId: string | null;
  readonly customerCode: string | null;
  readonly customerName: string | null;
  readonly debit: string;
  readonly credit: string;
  readonly currency: string;
  readonly memo: string | null;
}

export interface Voucher {
  readonly voucherId: string;
  readonly period: string;
  readonly number: number;
  /** 记-0001: the number within its period. */
  readonly label: string;
  readonly date: string;
  readonly kind: VoucherKind;
  readonly eventType: EventType | null;
  readonly memo: string;
  readonly sourceType: string | null;
  readonly sourceId: string | null;
  readonly reversesVoucherId: string | null;
  readonly reversedByVoucherId: string | null;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly lines: ReadonlyArray<VoucherLine>;
}

export interface VoucherPage {
  readonly items: ReadonlyArray<Voucher>;
  readonly nextAfter: string | null;
}

export interface GeneralLedgerLine {
  readonly voucherId: string;
  readonly date: string;
  readonly period: string;
  readonly label: string;
  readonly memo: string;
  readonly accountCode: string;
  readonly customerId: string | null;
  readonly debit: string;
  readonly credit: string;
  /** Debit-positive running balance. */
  readonly balance: string;
}

export interface GeneralLedger {
  readonly account: Omit<LedgerAccount, "roles">;
  readonly currency: string;
  readonly from: string;
  readonly to: string;
  /** Debit-positive, as are `closing` and every line's `balance`. */
  readonly opening: string;
  readonly debit: string;
  readonly credit: string;
  readonly closing: string;
  readonly lineCount: number;
  readonly lines: ReadonlyArray<GeneralLedgerLine>;
}

export interface BalanceColumns {
  readonly openingDebit: string;
  readonly openingCredit: string;
  readonly debit: string;
  readonly credit: string;
  readonly closingDebit: string;
  readonly closingCredit: string;
}

export interface TrialBalanceRow extends BalanceColumns {
  readonly code: string;
  readonly nameZh: string;
  readonly nameEn: string;
  readonly type: AccountType;
  readonly normalBalance: NormalBalance;
  readonly parentCode: string | null;
  readonly level: number;
  readonly isLeaf: boolean;
  readonly currency: string;
}

export interface TrialBalance {
  readonly from: string | null;
  readonly to: string;
  readonly rows: ReadonlyArray<TrialBalanceRow>;
  readonly totals: ReadonlyArray<BalanceColumns & { readonly currency: string }>;
  readonly balanced: boolean;
}

export type PeriodStatus = "open" | "closed";

export interface LedgerPeriod {
  readonly period: string;
  readonly status: PeriodStatus;
  readonly voucherCount: number;
  readonly changedAt: string | null;
  readonly changedBy: string | null;
}

export interface PeriodsResponse {
  readonly items: ReadonlyArray<LedgerPeriod>;
}

export interface RuleLine {
  readonly side: Side;
  readonly role: AccountRole;
  /** Names of the event's amounts joined by + and −, e.g. `net + tax`. */
  readonly amount: string;
  readonly customer: boolean;
}

export interface PostingRuleView {
  readonly eventType: EventType;
  readonly amounts: ReadonlyArray<string>;
  readonly derived: Readonly<Record<string, ReadonlyArray<string>>>;
  readonly lines: ReadonlyArray<RuleLine>;
  readonly isDefault: boolean;
}

export interface PostingRulesResponse {
  readonly roles: ReadonlyArray<{ readonly role: AccountRole; readonly accountCode: string | null }>;
  readonly rules: ReadonlyArray<PostingRuleView>;
}
