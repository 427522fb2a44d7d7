import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, orgPath } from "../../api/client.ts";
import type {
  ActivityKind,
  CallOutcome,
  CustomerCollections,
  DisputeList,
  DisputeReason,
  DisputeReport,
  DisputeStatus,
  DunningNoticeList,
  DunningSetupView,
  Effectiveness,
  EodRunList,
  LegalCaseList,
  LegalOutcome,
  LegalStage,
  NoticeStatus,
  OutboxChannel,
  OutboxList,
  OutboxMessageDetail,
  OutboxStatus,
  PromiseStatus,
  Worklist,
  WorklistCollector,
} from "../../api/collections-types.ts";
import type { InvoiceView } from "../../api/receivables-types.ts";
import { queryKeys } from "../../query-keys.ts";

/**
 * Collections on the API (src/api/routes/collections.ts, src/api/routes/outbox.ts). The lists of
 * statuses, kinds and outcomes are the server's (src/services/collections/*.ts, src/notify/outbox.ts),
 * copied because those modules are not for the browser; the `Complete` checks make a value added
 * there a type error here, not a silent gap.
 */

type Complete<Listed, All> = [Exclude<All, Listed>] extends [never] ? true : never;

export const noticeStatuses = [
  "awaiting_approval",
  "task_open",
  "no_contact",
  "issued",
  "done",
  "cancelled",
] as const satisfies ReadonlyArray<NoticeStatus>;
const noticeStatusesComplete: Complete<(typeof noticeStatuses)[number], NoticeStatus> = true;

export const activityKinds = [
  "call",
  "email",
  "sms",
  "visit",
  "letter",
  "note",
] as const satisfies ReadonlyArray<ActivityKind>;
const activityKindsComplete: Complete<(typeof activityKinds)[number], ActivityKind> = true;

export const callOutcomes = [
  "reached",
  "promised",
  "no_answer",
  "refused",
  "wrong_number",
  "disputed",
  "other",
] as const satisfies ReadonlyArray<CallOutcome>;
const callOutcomesComplete: Complete<(typeof callOutcomes)[number], CallOutcome> = true;

export const promiseStatuses = [
  "open",
  "kept",
  "broken",
  "cancelled",
] as const satisfies ReadonlyArray<PromiseStatus>;
const promiseStatusesComplete: Complete<(typeof promiseStatuses)[number], PromiseStatus> = true;

export const outboxStatuses = ["queued", "sent", "failed"] as const satisfies ReadonlyArray<OutboxStatus>;
const outboxStatusesComplete: Complete<(typeof outboxStatuses)[number], OutboxStatus> = true;

export const outboxChannels = ["email", "sms"] as const satisfies ReadonlyArray<OutboxChannel>;
const outboxChannelsComplete: Complete<(typeof outboxChannels)[number], OutboxChannel> = true;

export const disputeStatuses = [
  "open",
  "resolved_credit",
  "rejected",
] as const satisfies ReadonlyArray<DisputeStatus>;
const disputeStatusesComplete: Complete<(typeof disputeStatuses)[number], DisputeStatus> = true;

export const disputeReasons = [
  "quality",
  "quantity",
  "price",
  "delivery",
  "not_ordered",
  "duplicate_billing",
  "terms",
  "other",
] as const satisfies ReadonlyArray<DisputeReason>;
const disputeReasonsComplete: Complete<(typeof disputeReasons)[number], DisputeReason> = true;

/** In the order a case moves through them: a step never goes back (src/services/collections/legal.ts). */
export const legalStages = [
  "lawyer_letter",
  "lawsuit_filed",
  "hearing",
  "judgment",
  "enforcement",
  "closed",
] as const satisfies ReadonlyArray<LegalStage>;
const legalStagesComplete: Complete<(typeof legalStages)[number], LegalStage> = true;

export const legalOutcomes = [
  "paid",
  "settled",
  "won",
  "lost",
  "withdrawn",
  "uncollectible",
] as const satisfies ReadonlyArray<LegalOutcome>;
const legalOutcomesComplete: Complete<(typeof legalOutcomes)[number], LegalOutcome> = true;

void [
  disputeStatusesComplete,
  disputeReasonsComplete,
  legalStagesComplete,
  legalOutcomesComplete,
  noticeStatusesComplete,
  activityKindsComplete,
  callOutcomesComplete,
  promiseStatusesComplete,
  outboxStatusesComplete,
  outboxChannelsComplete,
];

/** Rows of the worklist one request brings (the server allows 500). */
export const worklistRowsMax = 200;
/** Notices one request brings (the server allows 500). */
export const noticesMax = 200;
/** Outbox messages one request brings (the server allows 200). */
export const outboxMessagesMax = 100;
/** End-of-day runs shown: two months of dates (the server allows 366). */
export const eodRunsMax = 60;
/** Disputes one request brings (the server allows 500). */
export const disputesMax = 200;
/** Legal cases one request brings, each with its steps (the server allows 500). */
export const legalCasesMax = 100;
/**
 * Largest document a legal step takes: 5 MiB (src/services/collections/legal.ts,
 * `legalDocumentBytesMax`); the page refuses a larger file before sending it.
 */
export const legalDocumentBytesMax = 5 * 1024 * 1024;
/**
 * Days after a notice within which money applied to its items counts as recovered by it
 * (src/services/collections/effectiveness.ts, `recoveryWindowDays`); the page names it.
 */
export const recoveryWindowDays = 30;

/**
 * Everything of collections: the worklist, notices, runs, the policy, the outbox and each
 * customer's timeline. A logged call, a decision on a notice or a batch run moves several of them
 * at once (a promise shows on the worklist and on the customer's tab), so they are one key.
 */
export function collectionsKey(orgId: string) {
  return ["collections", orgId] as const;
}

export function collectionsPath(orgId: string, ...rest: ReadonlyArray<string>): string {
  return orgPath(orgId, ...rest);
}

export function useWorklist(orgId: string, collector: WorklistCollector, enabled = true) {
  return useQuery({
    queryKey: [...collectionsKey(orgId), "worklist", collector],
    queryFn: () =>
      api.get<Worklist>(collectionsPath(orgId, "collections", "worklist"), {
        collector,
        limit: worklistRowsMax,
      }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useNotices(
  orgId: string,
  filter: { readonly status: NoticeStatus | ""; readonly date: string },
) {
  return useQuery({
    queryKey: [...collectionsKey(orgId), "notices", filter],
    queryFn: () =>
      api.get<DunningNoticeList>(collectionsPath(orgId, "dunning-notices"), {
        status: filter.status,
        date: filter.date,
        limit: noticesMax,
      }),
    placeholderData: keepPreviousData,
  });
}

export function useEodRuns(orgId: string) {
  return useQuery({
    queryKey: [...collectionsKey(orgId), "eod-runs"],
    queryFn: () => api.get<EodRunList>(collectionsPath(orgId, "eod-runs"), { limit: eodRunsMax }),
  });
}

export function useDunningPolicy(orgId: string) {
  return useQuery({
    queryKey: [...collectionsKey(orgId), "policy"],
    queryFn: () => api.get<DunningSetupView>(collectionsPath(orgId, "dunning-policy")),
  });
}

export function useOutbox(
  orgId: string,
  filter: { readonly status: OutboxStatus | ""; readonly channel: OutboxChannel | "" },
) {
  return useQuery({
    queryKey: [...collectionsKey(orgId), "outbox", filter],
    queryFn: () =>
      api.get<OutboxList>(collectionsPath(orgId, "outbox"), {
        status: filter.status,
        channel: filter.channel,
        limit: outboxMessagesMax,
      }),
    placeholderData: keepPreviousData,
  });
}

export function useOutboxMessage(orgId: string, messageId: string) {
  return useQuery({
    queryKey: [...collectionsKey(orgId), "outbox", "message", messageId],
    queryFn: () => api.get<OutboxMessageDetail>(collectionsPath(orgId, "outbox", messageId)),
  });
}

export function useCustomerCollections(orgId: string, customerId: string) {
  return useQuery({
    queryKey: [...collectionsKey(orgId), "customer", customerId],
    queryFn: () =>
      api.get<CustomerCollections>(collectionsPath(orgId, "customers", customerId, "collections")),
  });
}

export function useDisputes(
  orgId: string,
  filter: {
    readonly status: DisputeStatus | "";
    readonly reason: DisputeReason | "";
    readonly customerId?: string;
  },
) {
  return useQuery({
    queryKey: [...collectionsKey(orgId), "disputes", filter],
    queryFn: () =>
      api.get<DisputeList>(collectionsPath(orgId, "disputes"), {
        status: filter.status,
        reason: filter.reason,
        customerId: filter.customerId,
        limit: disputesMax,
      }),
    placeholderData: keepPreviousData,
  });
}

/** Disputes opened between `from` and `to`, by reason. */
export function useDisputeReport(orgId: string, period: { readonly from: string; readonly to: string }) {
  return useQuery({
    queryKey: [...collectionsKey(orgId), "disputes", "report", period],
    queryFn: () => api.get<DisputeReport>(collectionsPath(orgId, "disputes", "report"), period),
    placeholderData: keepPreviousData,
    retry: false,
  });
}

export function useLegalCases(orgId: string, customerId?: string) {
  return useQuery({
    queryKey: [...collectionsKey(orgId), "legal-cases", customerId ?? null],
    queryFn: () =>
      api.get<LegalCaseList>(collectionsPath(orgId, "legal-cases"), { customerId, limit: legalCasesMax }),
  });
}

/** The address of a legal step's document: a GET the browser downloads with the session cookie. */
export function legalDocumentPath(orgId: string, caseId: string, eventId: string): string {
  return collectionsPath(orgId, "legal-cases", caseId, "events", eventId, "document");
}

export function useEffectiveness(orgId: string, period: { readonly from: string; readonly to: string }) {
  return useQuery({
    queryKey: [...collectionsKey(orgId), "effectiveness", period],
    queryFn: () => api.get<Effectiveness>(collectionsPath(orgId, "collections", "effectiveness"), period),
    placeholderData: keepPreviousData,
    retry: false,
  });
}

/**
 * After a dispute is opened or resolved: the item's dispute mark moves with it (receivables show
 * it, dunning and automatic allocation pass it by), and a resolution names a credit note.
 */
export function useDisputesChanged(orgId: string): () => void {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: collectionsKey(orgId) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.receivables(orgId) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.audit(orgId) });
  };
}

/** After a logged activity, a decision on a notice, a new collector or a retried message. */
export function useCollectionsChanged(orgId: string): () => void {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: collectionsKey(orgId) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.audit(orgId) });
  };
}

/**
 * After a decision that may charge a fee (an approved notice posts a penalty voucher and opens an
 * item) or a batch run (it bills installments, accrues penalties, re-assesses credit and keeps the
 * day's aging): everything those touch is read again.
 */
export function useBooksChanged(orgId: string): () => void {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: collectionsKey(orgId) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.receivables(orgId) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.credit(orgId) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.plans(orgId) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.ledger(orgId) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.customers(orgId) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.audit(orgId) });
  };
}

/**
 * One invoice with its lines and notes (GET /invoices/:id, receivables.read), under the key the
 * invoice's own page uses: a dispute names a line of it, and is resolved by one of its credit notes.
 */
export function useInvoiceOf(orgId: string, invoiceId: string | null) {
  return useQuery({
    queryKey: queryKeys.invoice(orgId, invoiceId ?? ""),
    queryFn: () => api.get<InvoiceView>(orgPath(orgId, "invoices", invoiceId ?? "")),
    enabled: invoiceId !== null,
  });
}
