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
import type {
  AccountingMode,
  AffordabilityBasis,
  DayCount,
  EarlyRepaymentFeeKind,
  FeeRecognition,
  FirstPeriod,
  Frequency,
  HolidayInterest,
  InstallmentBand,
  OfferReasonCode,
  PlanItemKind,
  PrepaymentMode,
  RateCeilingDecision,
  RateCeilingMode,
  RateCeilingSourceKind,
  ScheduleMethod,
} from "../../../src/domain/plans/index.ts";
import type { ConfirmationMethod, PlanItemStatus, PlanStatus } from "../../../src/services/plans/plans.ts";

/**
 * What the API sends, as the web app reads it. These mirror the response schemas of
 * src/api/routes/*.ts; the shared vocabulary (roles, permissions, kinds) comes from the domain
 * so that a new role or permission shows up here as a type error, not as a silent gap.
 */

export type {
  AccountingFramework,
  AccountingMode,
  AccountRole,
  AccountType,
  AddressKind,
  AffordabilityBasis,
  AltmanZone,
  ConfirmationMethod,
  ContactChannel,
  CreditCheckDecision,
  CreditCheckReason,
  CustomerKind,
  DayCount,
  EarlyRepaymentFeeKind,
  ErrorCode,
  EventType,
  FactorKey,
  FeeRecognition,
  FieldIssue,
  Frequency,
  Grade,
  HolidayInterest,
  InstallmentBand,
  LimitComponent,
  Locale,
  NormalBalance,
  OfferReasonCode,
  Permission,
  PlanItemKind,
  PlanItemStatus,
  PlanStatus,
  PrepaymentMode,
  PricingBand,
  RateCeilingDecision,
  RateCeilingMode,
  RateCeilingSourceKind,
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
  /** The head office that pays this customer's invoices (集团统一付款); null: it pays for itself. */
  readonly groupPayerId: string | null;
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

/** Decimal fractions with 6 decimals ("0.120001"), as every plan discloses them. */
export interface AnnualizedRates {
  readonly nominal: string;
  readonly effective: string;
  readonly usAprRegZ: string;
  readonly euAprc: string;
}

/** A row of GET /plans (src/io/plan-json.ts `planSummaryOut`); amounts in major units. */
export interface PlanSummary {
  readonly planId: string;
  readonly number: string;
  readonly customerId: string;
  readonly customer: { readonly name: string; readonly code: string };
  readonly status: PlanStatus;
  readonly accountingMode: AccountingMode;
  readonly currency: string;
  readonly method: ScheduleMethod;
  readonly periods: number;
  readonly frequency: Frequency;
  readonly principal: string;
  readonly financed: string;
  readonly annualizedRate: AnnualizedRates;
  readonly contractDate: string;
  readonly activatedOn: string | null;
  readonly closedOn: string | null;
  readonly createdAt: string;
}

export interface PlanPage {
  readonly items: ReadonlyArray<PlanSummary>;
  readonly nextBefore: string | null;
}

/** The terms a plan was created with: the designer's quote request, as stored. */
export interface PlanTermsView {
  readonly principal: string;
  readonly currency: string;
  readonly method: ScheduleMethod;
  readonly periods: number;
  readonly frequency: Frequency;
  readonly startDate: string;
  readonly firstDueDate: string | null;
  readonly annualRate: string;
  readonly feeRatePerPeriod: string;
  readonly upfrontFee: string;
  readonly downPayment: string;
  readonly dayCount: DayCount;
  readonly graceOnPrincipalPeriods: number;
  readonly interestFree: boolean;
  readonly roundingMode: RoundingMode;
  readonly installmentMultiple: string;
}

/** POST /plans `terms`: the designer's quote request without its currency (the organization's). */
export interface PlanTermsRequest {
  readonly principal: string;
  readonly method: ScheduleMethod;
  readonly periods: number;
  readonly frequency: Frequency;
  readonly startDate: string;
  readonly firstDueDate?: string;
  readonly annualRate: string;
  readonly feeRatePerPeriod?: string;
  readonly upfrontFee?: string;
  readonly downPayment?: string;
  readonly dayCount: DayCount;
  readonly graceOnPrincipalPeriods: number;
  readonly interestFree: boolean;
  readonly roundingMode: RoundingMode;
  readonly installmentMultiple?: string;
}

export interface NewPlanRequest {
  readonly customerId: string;
  readonly accountingMode: AccountingMode;
  readonly terms: PlanTermsRequest;
  readonly vatRate?: string;
  readonly cost?: string;
  readonly offerId?: string;
  readonly note?: string;
}

export interface PlanConfirmation {
  readonly confirmedBy: string;
  readonly method: ConfirmationMethod;
  readonly reference: string | null;
  readonly confirmedOn: string;
  readonly recordedBy: string;
  readonly recordedAt: string;
}

/** An item as a change previews it (not stored yet). */
export interface PlanItemDraft {
  readonly kind: PlanItemKind;
  readonly number: number | null;
  readonly dueDate: string;
  readonly principal: string;
  readonly interest: string;
  readonly fee: string;
  readonly tax: string;
  readonly total: string;
  readonly amortized: string;
  readonly cost: string;
}

/** One open item of a plan: what falls due on a day, VAT included. */
export interface PlanItemView extends PlanItemDraft {
  readonly seq: number;
  readonly version: number;
  readonly paid: string;
  /** Penalty interest and late fees accrued while overdue, owed besides the total. */
  readonly penalty: string;
  readonly status: PlanItemStatus;
  readonly billedOn: string | null;
}

export interface PlanVersionView {
  readonly version: number;
  /** "original", or the kind of the change that made it. */
  readonly kind: string;
  readonly effectiveDate: string;
  readonly createdBy: string;
  readonly createdAt: string;
}

export interface PlanVoucher {
  readonly voucherId: string;
  readonly label: string;
  readonly date: string;
  readonly eventType: EventType | null;
  readonly memo: string;
  readonly amount: string;
}

export type EarlyRepaymentFeePolicyView =
  | { readonly kind: "none" }
  | { readonly kind: "percent-of-prepaid"; readonly rate: string; readonly cap?: string | null }
  | { readonly kind: "fixed"; readonly amount: string; readonly cap?: string | null }
  | { readonly kind: "months-of-interest"; readonly months: number; readonly cap?: string | null };

/** GET /plans/{planId} (src/io/plan-json.ts `planOut`). */
export interface PlanView extends PlanSummary {
  readonly feeRecognition: FeeRecognition;
  readonly vatRate: string;
  readonly cost: string;
  readonly terms: PlanTermsView;
  readonly policyVersion: number;
  readonly offerId: string | null;
  readonly earlyRepaymentFee: EarlyRepaymentFeePolicyView;
  readonly penalty: unknown;
  readonly rateCeiling: {
    readonly decision: RateCeilingDecision;
    readonly ceilingRate: string;
    readonly explanation: string;
    readonly legalBasis: string | null;
  };
  readonly version: number;
  readonly paidThrough: number;
  readonly confirmation: PlanConfirmation | null;
  readonly note: string | null;
  readonly closedReason: string | null;
  readonly createdBy?: string;
  readonly updatedAt?: string;
  readonly schedule: {
    readonly installments: ReadonlyArray<QuoteInstallment>;
    readonly totals: QuoteResponse["totals"];
  };
  readonly items: ReadonlyArray<PlanItemView>;
  /** Before activation the items are the ones the plan would have, not yet stored. */
  readonly itemsProjected?: boolean;
  readonly subsidy?: string;
  readonly itemTotals: {
    readonly total: string;
    readonly tax: string;
    readonly billed: string;
    readonly paid: string;
    readonly scheduled: string;
  };
  readonly versions: ReadonlyArray<PlanVersionView>;
  readonly vouchers: ReadonlyArray<PlanVoucher>;
}

export interface AcceptPlanRequest {
  readonly confirmedBy: string;
  readonly method: ConfirmationMethod;
  readonly reference?: string;
  readonly confirmedOn: string;
}

/** POST /plans/{planId}/changes[/preview]. */
export type PlanChangeRequest =
  | { readonly kind: "payoff"; readonly date: string }
  | {
      readonly kind: "prepayment";
      readonly date: string;
      readonly amount: string;
      readonly mode: PrepaymentMode;
    }
  | {
      readonly kind: "rate-change";
      readonly effectiveDate: string;
      readonly annualRate: string;
      readonly reason: string;
    }
  | {
      readonly kind: "payment-holiday";
      readonly effectiveDate: string;
      readonly periods: number;
      readonly holidayInterest?: HolidayInterest;
      readonly reason: string;
    }
  | {
      readonly kind: "term-extension";
      readonly effectiveDate: string;
      readonly extraPeriods: number;
      readonly reason: string;
    }
  | { readonly kind: "capitalize-arrears"; readonly effectiveDate: string; readonly reason: string };
export type PlanChangeKind = PlanChangeRequest["kind"];

export interface EarlyRepaymentFeeView {
  readonly kind: EarlyRepaymentFeeKind;
  readonly prepaidPrincipal: string;
  readonly uncapped: string;
  readonly cap: string | null;
  readonly amount: string;
}

export interface PlanChangeOutcome {
  readonly kind: PlanChangeKind;
  readonly date: string;
  /** What the customer pays on the date, VAT included: settled arrears and the settlement. */
  readonly cash: string;
  readonly payoff: {
    readonly items: ReadonlyArray<{ readonly kind: string; readonly amount: string }>;
    readonly total: string;
    readonly earlyRepaymentFee: EarlyRepaymentFeeView;
    readonly accrualFrom: string;
    readonly accrualTo: string;
    readonly futureFees: string;
  } | null;
  readonly prepayment: {
    readonly mode: PrepaymentMode;
    readonly amount: string;
    readonly applied: {
      readonly arrears: string;
      readonly accruedInterest: string;
      readonly earlyRepaymentFee: string;
      readonly principal: string;
      readonly unapplied: string;
    };
    readonly earlyRepaymentFee: EarlyRepaymentFeeView;
    readonly outstandingPrincipalBefore: string;
    readonly outstandingPrincipalAfter: string;
  } | null;
  readonly restructuring: {
    readonly kind: string;
    readonly effectiveDate: string;
    readonly reason: string;
    readonly capitalized: string;
    readonly skippedDueDates: ReadonlyArray<string>;
    readonly holidayInterest: string | null;
    readonly interestBeforeChange: string;
  } | null;
  readonly newItems: ReadonlyArray<PlanItemDraft>;
  readonly cancelledItems: ReadonlyArray<PlanItemView>;
  readonly settledItems: ReadonlyArray<PlanItemView>;
}

export interface PlanChangeResult {
  readonly change: PlanChangeOutcome;
  readonly plan: PlanView;
}

export interface OfferSummaryView {
  readonly installment: string;
  readonly installmentMax: string;
  readonly installmentMin: string;
  readonly downPayment: string;
  readonly financed: string;
  readonly upfrontFee: string;
  readonly interest: string;
  readonly fee: string;
  readonly costOfCredit: string;
  readonly totalPaid: string;
  readonly subsidy: string;
  readonly firstDueDate: string;
  readonly lastDueDate: string;
}

export interface OfferView {
  readonly id: string;
  readonly rank: number;
  readonly method: ScheduleMethod;
  readonly periods: number;
  readonly interestFree: boolean;
  readonly annualRate: string;
  readonly feeRatePerPeriod: string;
  readonly offered: boolean;
  readonly reasons: ReadonlyArray<OfferReasonCode>;
  readonly warnings: ReadonlyArray<OfferReasonCode>;
  readonly summary: OfferSummaryView | null;
  readonly rates: AnnualizedRates | null;
  readonly affordability: {
    readonly monthlyPayment: string;
    readonly paymentToIncome: string | null;
    readonly paymentToIncomeMax: string;
    readonly basis: AffordabilityBasis;
    readonly withinPolicy: boolean | null;
  } | null;
  readonly margin: {
    readonly revenue: string;
    readonly costOfFunds: string;
    readonly expectedLoss: string;
    readonly margin: string;
  } | null;
  readonly installments: ReadonlyArray<QuoteInstallment>;
}

export interface RateCeilingView {
  readonly mode: RateCeilingMode;
  readonly source: RateCeilingSourceKind;
  readonly contractDate: string;
  readonly annualRate: string;
  readonly annualRateText: string;
  readonly lpr: { readonly effectiveDate: string; readonly rate: string } | null;
  readonly multiple: string | null;
  readonly legalBasis: string | null;
  readonly explanation: string;
}

/** POST /customers/{customerId}/offers. */
export interface CustomerOffers {
  readonly policyVersion: number;
  readonly currency: string;
  readonly amount: string;
  readonly startDate: string;
  readonly grade: Grade;
  readonly pricingBand: PricingBand;
  readonly customerReasons: ReadonlyArray<OfferReasonCode>;
  readonly ceiling: RateCeilingView;
  readonly options: ReadonlyArray<OfferView>;
}

export interface OffersRequest {
  readonly amount: string;
  readonly startDate?: string;
  readonly monthlyIncome?: string;
  readonly existingMonthlyObligations?: string;
}

export interface BandPricingView {
  readonly annualRate: string;
  readonly feeRatePerPeriod: string;
  readonly methods: ReadonlyArray<ScheduleMethod>;
  readonly periods: ReadonlyArray<number>;
}

export type RateCeilingSourceView =
  | { readonly kind: "lpr-multiple"; readonly multiple: string }
  | { readonly kind: "fixed"; readonly annualRate: string };

/**
 * The installment policy as the API sends it (amounts in major units). The form edits the fields
 * named here; the rest (penalties, risk, payment behavior, upfront fee…) travels as it came.
 */
export interface InstallmentPolicyBody {
  readonly version?: number;
  readonly currency: string;
  readonly frequency: Frequency;
  readonly dayCount: DayCount;
  readonly roundingMode: RoundingMode;
  readonly byBand: { readonly [B in InstallmentBand]: BandPricingView };
  readonly amountMin: string;
  readonly amountMax: string;
  readonly downPaymentShareMinByGrade: { readonly [G in Grade]: string };
  readonly promotion: {
    readonly allowed: boolean;
    readonly periodsMax: number;
    readonly merchantFunded: boolean;
    readonly bands: ReadonlyArray<InstallmentBand>;
  };
  readonly affordability: {
    readonly paymentToIncomeMax: string;
    readonly basis: AffordabilityBasis;
    readonly incomeRequired: boolean;
  };
  readonly rateCeiling: { readonly mode: RateCeilingMode; readonly source: RateCeilingSourceView };
  readonly earlyRepaymentFee: EarlyRepaymentFeePolicyView;
  readonly feeRecognition: FeeRecognition;
  readonly [other: string]: unknown;
}

export interface InstallmentPolicyView {
  readonly version: number;
  readonly createdBy: string | null;
  readonly createdAt: string | null;
  readonly policy: InstallmentPolicyBody;
}

export interface LprEntryView {
  readonly effectiveDate: string;
  readonly rate: string;
}

export interface LprTableView {
  readonly entries: ReadonlyArray<LprEntryView>;
  /** False while the organization uses the published table built in. */
  readonly saved: boolean;
}
