import type {
  DelinquencyBucket,
  DunningChannel,
  DunningLocale,
  DunningVariable,
  EodStep,
} from "../../../src/domain/collections/index.ts";
import type { OutboxChannel, OutboxStatus } from "../../../src/notify/outbox.ts";
import type {
  ActivityKind,
  CallOutcome,
  PromiseStatus,
} from "../../../src/services/collections/activities.ts";
import type { DisputeReason, DisputeStatus } from "../../../src/services/collections/disputes.ts";
import type { NoticeStatus } from "../../../src/services/collections/dunning.ts";
import type { LegalOutcome, LegalStage } from "../../../src/services/collections/legal.ts";

/**
 * What the collections and outbox APIs send and take (src/api/routes/collections.ts,
 * src/api/routes/outbox.ts), as the web app reads them. Amounts arrive through `amountsOut`: every
 * `xMinor` bigint is `x`, a decimal string in major units. The vocabularies are the server's own
 * types, so a status or channel added there is a type error here, not a silent gap.
 */

export type {
  ActivityKind,
  CallOutcome,
  DelinquencyBucket,
  DisputeReason,
  DisputeStatus,
  DunningChannel,
  DunningLocale,
  DunningVariable,
  EodStep,
  LegalOutcome,
  LegalStage,
  NoticeStatus,
  OutboxChannel,
  OutboxStatus,
  PromiseStatus,
};

export interface EodStepRecord {
  readonly step: EodStep;
  /** Items, customers or buckets the step worked on. */
  readonly count: number;
  readonly finishedAt: string;
}

export interface EodRun {
  readonly businessDate: string;
  readonly status: "running" | "completed";
  readonly steps: ReadonlyArray<EodStepRecord>;
  readonly attempts: number;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly lastError: string | null;
}

export interface EodRunList {
  readonly items: ReadonlyArray<EodRun>;
}

/** POST /eod-runs: the organization's today and every date the request went through. */
export interface EodReport {
  readonly today: string;
  /** `ranNow` false: the date was already completed and was left alone. */
  readonly runs: ReadonlyArray<EodRun & { readonly ranNow: boolean }>;
}

export interface DunningTemplate {
  readonly subject: string;
  readonly body: string;
}

export interface DunningLevel {
  readonly code: string;
  /** Days relative to the due date: −3 is three days before it, 30 is thirty days after. */
  readonly daysFromDue: number;
  readonly channel: DunningChannel;
  readonly templates: Readonly<Record<DunningLocale, DunningTemplate>>;
  readonly fee: string;
  readonly needsApproval: boolean;
}

export interface NamedDunningPolicy {
  readonly code: string;
  readonly name: string;
  /** Credit grades it applies to; empty for any. */
  readonly grades: ReadonlyArray<string>;
  /** Customer tags it applies to, any of them; empty for any. */
  readonly tags: ReadonlyArray<string>;
  readonly policy: {
    readonly minimumOverdue: string;
    readonly levels: ReadonlyArray<DunningLevel>;
  };
}

export interface DunningSetupView {
  readonly definition: {
    readonly version: number;
    readonly policies: ReadonlyArray<NamedDunningPolicy>;
  };
  /** Null while the organization runs on the built-in policy. */
  readonly createdBy: string | null;
  readonly createdAt: string | null;
}

/** PUT /dunning-policy and the draft of a preview. */
export interface DunningSetupRequest {
  readonly policies: ReadonlyArray<NamedDunningPolicy>;
}

export interface DunningNotice {
  readonly noticeId: string;
  readonly customerId: string;
  readonly customerName: string;
  readonly businessDate: string;
  readonly policyVersion: number;
  readonly policyCode: string;
  readonly levelCode: string;
  readonly levelIndex: number;
  readonly channel: DunningChannel;
  readonly status: NoticeStatus;
  readonly currency: string;
  readonly total: string;
  readonly fee: string;
  /** The day its fee was waived (POST /dunning-notices/:id/waive-fee), or null. */
  readonly feeWaivedOn: string | null;
  readonly maxDaysPastDue: number;
  readonly itemIds: ReadonlyArray<string>;
  /** The email address or phone number it went to. */
  readonly recipient: string | null;
  /** Its email or SMS in the outbox. */
  readonly messageId: string | null;
  readonly decidedBy: string | null;
  readonly decidedAt: string | null;
  readonly createdAt: string;
}

export interface DunningNoticeList {
  readonly items: ReadonlyArray<DunningNotice>;
}

export interface DunningPreview {
  readonly date: string;
  readonly items: ReadonlyArray<DunningNotice>;
}

export type NoticeDecision = "approve" | "reject" | "complete";

export interface WorklistRow {
  readonly customerId: string;
  readonly code: string;
  readonly name: string;
  readonly grade: string | null;
  readonly collectorUserId: string | null;
  readonly collectorName: string | null;
  /** The end-of-day run the arrears come from; null before the first one. */
  readonly asOf: string | null;
  readonly overdue: string;
  readonly open: string;
  readonly daysPastDue: number;
  readonly bucket: DelinquencyBucket;
  readonly brokenPromises: number;
  readonly openPromise: { readonly amount: string; readonly promisedDate: string } | null;
  /** Notices waiting for a person: a call, a letter, a missing contact, an approval. */
  readonly openTasks: number;
  readonly lastActivityOn: string | null;
  readonly nextFollowUp: string | null;
  readonly score: number;
}

export interface Worklist {
  readonly currency: string;
  readonly items: ReadonlyArray<WorklistRow>;
}

/** `me`, `all`, `unassigned`, or a member's user id. */
export type WorklistCollector = string;

export interface CollectionActivity {
  readonly activityId: string;
  readonly customerId: string;
  readonly kind: ActivityKind;
  readonly outcome: CallOutcome | null;
  readonly note: string | null;
  readonly occurredOn: string;
  readonly nextFollowUp: string | null;
  readonly promiseId: string | null;
  /** Who logged it; `system` for what the end-of-day batch noted. */
  readonly by: string;
  readonly createdAt: string;
}

export interface PromiseToPay {
  readonly promiseId: string;
  readonly customerId: string;
  readonly currency: string;
  readonly amount: string;
  readonly madeOn: string;
  readonly promisedDate: string;
  readonly status: PromiseStatus;
  readonly paid: string;
  readonly resolvedOn: string | null;
  readonly note: string | null;
  readonly createdBy: string;
}

export interface CustomerCollections {
  /** Who chases the customer; null when nobody does. */
  readonly collector: { readonly userId: string; readonly name: string | null } | null;
  readonly activities: ReadonlyArray<CollectionActivity>;
  readonly promises: ReadonlyArray<PromiseToPay>;
  readonly notices: ReadonlyArray<DunningNotice>;
  readonly currency: string;
}

export interface NewActivityRequest {
  readonly kind: ActivityKind;
  readonly outcome: CallOutcome | null;
  readonly note: string | null;
  readonly occurredOn: string | null;
  readonly nextFollowUp: string | null;
  readonly promise: { readonly amount: string; readonly promisedDate: string } | null;
}

export interface ActivityLogged {
  readonly activity: CollectionActivity;
  readonly promise: PromiseToPay | null;
}

export interface CollectorAssigned {
  readonly customerId: string;
  readonly collectorUserId: string | null;
}

export interface OutboxAttachmentInfo {
  readonly filename: string;
  readonly contentType: string;
  readonly sizeBytes: number;
}

export interface OutboxMessageSummary {
  readonly messageId: string;
  readonly channel: OutboxChannel;
  readonly recipient: string;
  readonly subject: string;
  readonly attachments: ReadonlyArray<OutboxAttachmentInfo>;
  /** What the message is about (`dunning_notice`, `statement`…) and its id. */
  readonly relatedType: string | null;
  readonly relatedId: string | null;
  readonly status: OutboxStatus;
  readonly attempts: number;
  readonly lastError: string | null;
  readonly nextAttemptAt: string | null;
  readonly createdAt: string;
  readonly sentAt: string | null;
  readonly providerReference: string | null;
}

export interface OutboxMessageDetail extends OutboxMessageSummary {
  readonly bodyText: string;
  readonly bodyHtml: string | null;
}

export interface OutboxList {
  readonly items: ReadonlyArray<OutboxMessageSummary>;
  /** The channels this server delivers (SMTP_URL, SMS_WEBHOOK_URL); the others' messages stay here. */
  readonly delivery: Readonly<Record<OutboxChannel, boolean>>;
}

export interface Dispute {
  readonly disputeId: string;
  readonly customerId: string;
  readonly customerName: string;
  /** The invoice of the disputed item; null for an item of another source (a dunning fee). */
  readonly invoiceId: string | null;
  readonly itemId: string | null;
  readonly documentNumber: string | null;
  /** The invoice line contested, when one was named. */
  readonly lineSeq: number | null;
  readonly reasonCode: DisputeReason;
  readonly ownerUserId: string | null;
  readonly status: DisputeStatus;
  readonly currency: string;
  readonly amount: string;
  readonly note: string | null;
  readonly openedOn: string;
  readonly resolvedOn: string | null;
  readonly resolutionNote: string | null;
  readonly creditNoteId: string | null;
  readonly createdBy: string;
}

export interface DisputeList {
  readonly items: ReadonlyArray<Dispute>;
}

export interface NewDisputeRequest {
  readonly itemId: string;
  readonly lineSeq: number | null;
  readonly reasonCode: DisputeReason;
  /** Null: all that is open on the item. */
  readonly amount: string | null;
  readonly ownerUserId: string | null;
  readonly note: string;
}

export type DisputeResolutionRequest =
  | { readonly resolution: "credit_note"; readonly creditNoteId: string; readonly note: string | null }
  | { readonly resolution: "rejected"; readonly note: string };

export interface DisputeReasonLine {
  readonly reasonCode: DisputeReason;
  readonly openCount: number;
  readonly creditedCount: number;
  readonly rejectedCount: number;
  /** What the open ones dispute. */
  readonly open: string;
  /** What all of them disputed. */
  readonly total: string;
  /** Mean days from opening to resolution of the resolved ones; null when none is resolved. */
  readonly meanDaysToResolve: number | null;
}

/** Disputes opened in a period, by reason (GET /disputes/report). */
export interface DisputeReport {
  readonly from: string;
  readonly to: string;
  readonly currency: string;
  readonly lines: ReadonlyArray<DisputeReasonLine>;
}

export interface LegalDocumentInfo {
  readonly name: string;
  readonly contentType: string;
  readonly bytes: number;
}

export interface LegalEvent {
  readonly eventId: string;
  readonly stage: LegalStage;
  readonly occurredOn: string;
  readonly cost: string;
  readonly note: string | null;
  readonly document: LegalDocumentInfo | null;
  readonly createdBy: string;
}

export interface LegalCase {
  readonly caseId: string;
  readonly customerId: string;
  readonly customerName: string;
  readonly stage: LegalStage;
  readonly currency: string;
  readonly claimed: string;
  readonly counsel: string | null;
  readonly court: string | null;
  readonly caseNumber: string | null;
  readonly openedOn: string;
  readonly outcome: LegalOutcome | null;
  readonly recovered: string;
  readonly closedOn: string | null;
  /** The costs of all its steps. */
  readonly costs: string;
  /** Oldest first. */
  readonly events: ReadonlyArray<LegalEvent>;
}

export interface LegalCaseList {
  readonly items: ReadonlyArray<LegalCase>;
}

/** A document as POST /legal-cases takes it: the file's bytes in base64. */
export interface LegalDocumentUpload {
  readonly name: string;
  readonly contentType: string;
  readonly base64: string;
}

/** POST /legal-cases/:caseId/steps; opening a case (POST /customers/:id/legal-cases) adds `claimed`. */
export interface LegalStepRequest {
  readonly stage: LegalStage;
  readonly occurredOn: string | null;
  readonly cost: string;
  readonly note: string | null;
  readonly document: LegalDocumentUpload | null;
  /** Only with the closed stage. */
  readonly outcome: LegalOutcome | null;
  readonly recovered: string | null;
  readonly counsel: string | null;
  readonly court: string | null;
  readonly caseNumber: string | null;
}

export interface NewLegalCaseRequest extends LegalStepRequest {
  readonly claimed: string;
}

export interface LevelEffect {
  readonly levelCode: string;
  readonly channel: DunningChannel;
  readonly notices: number;
  /** What the notices named. */
  readonly noticed: string;
  /** What was paid on their items within the recovery window after each. */
  readonly recovered: string;
  /** Percent, one decimal; null when nothing was noticed. */
  readonly recoveryRate: number | null;
  /** Amount-weighted mean days from the notice to the money; null when nothing was recovered. */
  readonly meanDaysToCollect: number | null;
}

export interface CollectorEffect {
  /** Null: the customers nobody collects from. */
  readonly userId: string | null;
  readonly name: string | null;
  readonly customers: number;
  readonly activities: number;
  readonly promisesKept: number;
  readonly promisesBroken: number;
  readonly collected: string;
}

/** GET /collections/effectiveness. */
export interface Effectiveness {
  readonly from: string;
  readonly to: string;
  readonly currency: string;
  readonly levels: ReadonlyArray<LevelEffect>;
  readonly promises: {
    readonly kept: number;
    readonly broken: number;
    /** Percent, one decimal; null when none was resolved. */
    readonly keptRate: number | null;
  };
  readonly collectors: ReadonlyArray<CollectorEffect>;
  /** Collection effectiveness index: receivables the day before `from`, billed in the period, at `to`. */
  readonly cei: {
    readonly beginning: string;
    readonly creditSales: string;
    readonly endingTotal: string;
    /** What is not yet due at `to`. */
    readonly endingCurrent: string;
    /** Percent, one decimal; null when nothing was collectible. */
    readonly index: number | null;
  };
}
