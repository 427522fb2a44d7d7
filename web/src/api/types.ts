import type { ErrorCode, FieldIssue } from "../../../src/core/errors.ts";
import type { RoundingMode } from "../../../src/core/rounding.ts";
import type { Permission, Role } from "../../../src/domain/access/index.ts";
import type {
  AddressKind,
  AltmanZone,
  ContactChannel,
  CreditCheckDecision,
  CreditCheckReason,
  CustomerKind,
  FactorKey,
  Grade,
  LimitComponent,
  PricingBand,
  RatioKey,
  RatioReason,
  StatementItem,
} from "../../../src/domain/credit/index.ts";
import type {
  AccountRole,
  AccountType,
  EventType,
  NormalBalance,
  Side,
  VoucherKind,
} from "../../../src/domain/ledger/index.ts";
import type { AccountingFramework, Locale } from "../../../src/domain/organization/index.ts";
import type { DayCount, FirstPeriod, Frequency, ScheduleMethod } from "../../../src/domain/plans/index.ts";

/**
 * What the API sends, as the web app reads it. These mirror the response schemas of
 * src/api/routes/*.ts; the shared vocabulary (roles, permissions, kinds) comes from the domain
 * so that a new role or permission shows up here as a type error, not as a silent gap.
 */

export type {
  AccountingFramework,
  AccountRole,
  AccountType,
  AddressKind,
  AltmanZone,
  ContactChannel,
  CreditCheckDecision,
  CreditCheckReason,
  CustomerKind,
  DayCount,
  ErrorCode,
  EventType,
  FactorKey,
  FieldIssue,
  Frequency,
  Grade,
  LimitComponent,
  Locale,
  NormalBalance,
  Permission,
  PricingBand,
  RatioKey,
  RatioReason,
  Role,
  RoundingMode,
  ScheduleMethod,
  Side,
  StatementItem,
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
  /** Only ever the mask (110***********2X); the number itself never leaves the server. */
  readonly idNumberMasked: string | null;
  readonly industry: string | null;
  readonly tags: ReadonlyArray<string>;
  readonly ownerUserId: string | null;
  readonly notes: string | null;
  /** The grade of the current assessment; null before the first one. */
  readonly grade: Grade | null;
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

export interface MemberList {
  readonly items: ReadonlyArray<Member>;
}

export interface Contact {
  readonly contactId: string;
  readonly name: string;
  readonly role: string | null;
  readonly phone: string | null;
  readonly email: string | null;
  readonly preferredChannel: ContactChannel;
}

export interface Address {
  readonly addressId: string;
  readonly kind: AddressKind;
  readonly line: string;
  readonly city: string | null;
  readonly province: string | null;
  readonly postalCode: string | null;
  readonly country: string;
}

export interface Communication {
  readonly entryId: string;
  readonly occurredAt: string;
  readonly channel: ContactChannel;
  readonly summary: string;
  readonly author: string;
}

export interface ItemList<T> {
  readonly items: ReadonlyArray<T>;
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

/* ---------- credit (src/api/routes/credit.ts, contract in scratch/credit-api.md) ---------- */

/** Net N days (账期), or cash in advance: no credit at all. */
export type Terms = { readonly kind: "net"; readonly days: number } | { readonly kind: "cash_in_advance" };

/** An exact ratio as text, or no value and why: never NaN. */
export interface Ratio {
  readonly value: string | null;
  readonly reason: RatioReason | null;
}

export interface Exposure {
  readonly openReceivables: string;
  readonly unbilledInstallments: string;
  readonly openOrders: string;
  readonly total: string;
}

export interface CreditStatus {
  readonly customerId: string;
  readonly currency: string;
  readonly limit: string;
  readonly terms: Terms;
  readonly temporaryIncrease: { readonly amount: string; readonly expiresOn: string } | null;
  readonly effectiveLimit: string;
  readonly onHold: boolean;
  readonly holdReason: string | null;
  readonly grade: Grade | null;
  readonly score: number | null;
  readonly assessmentId: string | null;
  readonly assessmentExpiresOn: string | null;
  readonly exposure: Exposure;
  /** total / effectiveLimit ("0.4523"); null when the effective limit is 0. */
  readonly utilization: string | null;
  readonly headroom: string;
  readonly check: {
    readonly decision: CreditCheckDecision;
    readonly reasons: ReadonlyArray<CreditCheckReason>;
  };
  readonly pendingApprovals: number;
}

export type StatementItems = { readonly [Item in StatementItem]: string | null };

export interface Statement {
  readonly statementId: string;
  readonly periodEnd: string;
  readonly months: number;
  readonly currency: string;
  readonly items: StatementItems;
  readonly source: "manual" | "import";
  readonly createdBy: string;
  readonly createdAt: string;
  readonly warnings: ReadonlyArray<FieldIssue>;
}

export interface CreditReport {
  readonly reportId: string;
  readonly source: string;
  readonly reportedOn: string;
  readonly score: number | null;
  readonly defaultsCount: number;
  readonly lawsuitsCount: number;
  readonly enforcementsCount: number;
  readonly notes: string | null;
  readonly createdBy: string;
  readonly createdAt: string;
}

export interface AssessmentReason {
  /** `${factor}:${binLabel}` or `${factor}:missing`. */
  readonly code: string;
  readonly key: FactorKey;
  readonly lostPoints: string;
}

export interface AssessmentFactor {
  readonly key: FactorKey;
  readonly value: string | null;
  readonly binLabel: string | null;
  readonly points: number;
  readonly weight: number;
  readonly contribution: string;
  readonly lostPoints: string;
}

export interface LimitExplanation {
  readonly component: LimitComponent;
  readonly share: string | null;
  readonly base: string | null;
  readonly amount: string | null;
}

export interface Recommendation {
  readonly grade: Grade;
  readonly limit: string;
  readonly terms: Terms;
  readonly earlyDiscountEligible: boolean;
  readonly installmentEligible: boolean;
  readonly pricingBand: PricingBand;
  readonly explanation: ReadonlyArray<LimitExplanation>;
  readonly binding: LimitComponent | null;
}

export interface Assessment {
  readonly assessmentId: string;
  readonly customerId: string;
  readonly assessedOn: string;
  readonly expiresOn: string;
  readonly score: number;
  readonly grade: Grade;
  readonly reasons: ReadonlyArray<AssessmentReason>;
  readonly factors: ReadonlyArray<AssessmentFactor>;
  readonly ratios: { readonly [Key in RatioKey]: Ratio };
  readonly altman: {
    readonly score: string | null;
    readonly zone: AltmanZone | null;
    readonly reason: RatioReason | null;
  };
  readonly recommendation: Recommendation;
  /** The currency of the recommendation's amounts (the policy's). */
  readonly currency: string;
  readonly statementPeriodEnd: string | null;
  readonly creditReportId: string | null;
  readonly scorecardVersion: number;
  readonly policyVersion: number;
  readonly createdBy: string;
  readonly createdAt: string;
}

export type ApprovalKind = "limit" | "temporary_increase";
export type ApprovalGround = "LIMIT_INCREASE_ABOVE_THRESHOLD" | "POLICY_OVERRIDE";
export type ApprovalStatus = "pending" | "approved" | "rejected";

export interface Approval {
  readonly approvalId: string;
  readonly customerId: string;
  readonly customerCode: string;
  readonly customerName: string;
  readonly kind: ApprovalKind;
  readonly request: {
    readonly limit?: string;
    readonly terms?: Terms;
    readonly amount?: string;
    readonly expiresOn?: string;
    readonly assessmentId?: string | null;
  };
  readonly currentLimit: string;
  readonly currency: string;
  readonly grounds: ReadonlyArray<ApprovalGround>;
  readonly status: ApprovalStatus;
  readonly requestedBy: string;
  readonly requestedByUserId: string | null;
  readonly reason: string;
  readonly decidedBy: string | null;
  readonly decisionReason: string | null;
  readonly decidedAt: string | null;
  readonly createdAt: string;
}

/** A limit or a temporary increase: applied at once (200), or waiting for a second person (202). */
export type CreditChangeOutcome =
  | { readonly outcome: "applied"; readonly credit: CreditStatus }
  | { readonly outcome: "pending"; readonly approval: Approval };

export interface ScorecardBin {
  readonly label: string;
  readonly min?: string;
  readonly max?: string;
  readonly points: number;
}

export interface ScorecardFactor {
  readonly key: FactorKey;
  readonly weight: number;
  readonly missingPoints: number;
  readonly bins: ReadonlyArray<ScorecardBin>;
}

export interface GradeBand {
  readonly grade: Grade;
  readonly minScore: number;
}

export interface Scorecard {
  readonly version: number;
  readonly name: string;
  readonly factors: ReadonlyArray<ScorecardFactor>;
  readonly grades: ReadonlyArray<GradeBand>;
  readonly createdBy: string | null;
  readonly createdAt: string | null;
}

export interface GradePolicy {
  readonly limit: {
    readonly netAssetsShare: string | null;
    readonly revenueShare: string | null;
    readonly cap: string | null;
  };
  readonly terms: Terms;
  readonly earlyDiscountEligible: boolean;
  readonly installmentEligible: boolean;
  readonly pricingBand: PricingBand;
}

export interface CreditPolicy {
  readonly version: number;
  readonly currency: string;
  readonly byGrade: { readonly [G in Grade]: GradePolicy };
  readonly warnToleranceShare: string;
  readonly overdueBlockDays: number;
  readonly assessmentValidityDays: number;
  readonly reassessmentIntervalDays: number;
  readonly limitRounding: string;
  readonly approvalThreshold: string;
  readonly createdBy: string | null;
  readonly createdAt: string | null;
}

export type TaskTrigger = "periodic" | "new_statement" | "serious_overdue";

export interface CreditTask {
  readonly taskId: string;
  readonly kind: "reassessment";
  readonly customerId: string;
  readonly customerCode: string;
  readonly customerName: string;
  readonly trigger: TaskTrigger;
  readonly dueOn: string;
  readonly status: "open" | "done";
  readonly assessmentId: string | null;
  readonly note: string | null;
  readonly createdAt: string;
  readonly completedAt: string | null;
}

export interface TaskRunResult {
  readonly scheduled: number;
  readonly completed: number;
}

/** POST /api/v1/quotes (src/io/plan-contracts.ts): amounts in major units, rates as fractions. */
export interface QuoteRequest {
  readonly principal: string;
  readonly currency: string;
  readonly method: ScheduleMethod;
  /** A whole number; the designer sends what was typed so the server names a bad value at its field. */
  readonly periods: number | string;
  readonly frequency: Frequency;
  readonly startDate: string;
  readonly firstDueDate?: string;
  readonly annualRate: string;
  readonly feeRatePerPeriod?: string;
  readonly upfrontFee?: string;
  readonly downPayment?: string;
  readonly dayCount?: DayCount;
  readonly graceOnPrincipalPeriods?: number | string;
  readonly interestFree?: boolean;
  readonly roundingMode?: RoundingMode;
  readonly installmentMultiple?: string;
}

export interface QuoteInstallment {
  readonly number: number;
  readonly dueDate: string;
  readonly principal: string;
  readonly interest: string;
  readonly fee: string;
  readonly total: string;
  readonly balanceAfter: string;
}

export interface QuoteResponse {
  readonly currency: string;
  readonly method: ScheduleMethod;
  readonly financed: string;
  readonly downPayment: string;
  readonly upfrontFee: string;
  /** The merchant's 贴息 on an interest-free plan: the interest the plan would have earned. */
  readonly subsidy: string;
  readonly firstPeriod: FirstPeriod;
  readonly installments: ReadonlyArray<QuoteInstallment>;
  readonly totals: {
    readonly principal: string;
    readonly interest: string;
    readonly fee: string;
    readonly total: string;
  };
  /** Decimal fractions with 6 decimals ("0.120001"). */
  readonly annualizedRate: {
    readonly nominal: string;
    readonly effective: string;
    readonly usAprRegZ: string;
    readonly euAprc: string;
  };
}
