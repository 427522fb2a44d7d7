import type { DiscountWindow, PaymentTerms } from "../../../src/domain/receivables/terms.ts";
import type { InvoiceKind, InvoiceStatus } from "../../../src/services/receivables/invoices.ts";
import type { OpenItemStatus } from "../../../src/services/receivables/open-items.ts";
import type { PaymentMethod, PaymentStatus } from "../../../src/services/receivables/payments.ts";
import type { EventType, VoucherKind } from "./types.ts";

/**
 * What the receivables API sends and takes (src/api/routes/receivables.ts), as the web app reads
 * it. The services' shapes arrive through `amountsOut`: every `xMinor` bigint is `x`, a decimal
 * string in major units. The vocabularies are the services' own types, so a status added there
 * is a type error here, not a silent gap.
 */

export type {
  DiscountWindow,
  InvoiceKind,
  InvoiceStatus,
  OpenItemStatus,
  PaymentMethod,
  PaymentStatus,
  PaymentTerms,
};

/** A payment terms template: built in, or the organization's own (`saved`). */
export interface PaymentTermsRecord {
  readonly code: string;
  readonly nameZh: string;
  readonly nameEn: string;
  readonly terms: PaymentTerms;
  readonly active: boolean;
  readonly saved: boolean;
}

export interface PaymentTermsList {
  readonly items: ReadonlyArray<PaymentTermsRecord>;
}

/** An invoice, credit note or debit note as lists show it. */
export interface InvoiceSummary {
  readonly invoiceId: string;
  readonly kind: InvoiceKind;
  /** Null while a draft: the number is taken when it is issued. */
  readonly number: string | null;
  readonly customerId: string;
  readonly customerName: string;
  readonly status: InvoiceStatus;
  readonly currency: string;
  readonly documentDate: string;
  /** Null: the customer's own credit terms. */
  readonly termsCode: string | null;
  readonly terms: PaymentTerms;
  readonly taxInclusive: boolean;
  readonly net: string;
  readonly tax: string;
  readonly gross: string;
  /** What the customer still owes on it (negative for a credit note not yet used). */
  readonly open: string;
  readonly taxInvoiceNumber: string | null;
  readonly taxInvoiceDate: string | null;
  /** The invoice a credit or debit note corrects. */
  readonly relatedInvoiceId: string | null;
  readonly reason: string | null;
  readonly note: string | null;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly issuedBy: string | null;
  readonly issuedAt: string | null;
}

export interface InvoiceLineView {
  readonly lineNo: number;
  readonly description: string;
  readonly quantity: string;
  readonly unitPrice: string;
  readonly vatRate: string;
  readonly net: string;
  readonly tax: string;
  readonly gross: string;
}

/** One amount a customer owes (or, negative, is owed): a due portion of a document. */
export interface OpenItemView {
  readonly itemId: string;
  readonly customerId: string;
  readonly customerName: string;
  readonly sourceType: string;
  readonly sourceId: string;
  readonly sourceSeq: number;
  readonly documentNumber: string;
  readonly documentDate: string;
  readonly dueDate: string;
  readonly currency: string;
  readonly original: string;
  readonly open: string;
  readonly discountWindows: ReadonlyArray<DiscountWindow>;
  readonly disputed: boolean;
  readonly disputeNote: string | null;
  readonly status: OpenItemStatus;
  readonly closedOn: string | null;
}

/** A voucher a document posted, as its page lists it (src/io/voucher-json.ts). */
export interface DocumentVoucher {
  readonly voucherId: string;
  readonly label: string;
  readonly date: string;
  readonly kind: VoucherKind;
  readonly eventType: EventType | null;
  readonly memo: string;
  readonly amount: string;
}

export interface InvoiceView extends InvoiceSummary {
  readonly lines: ReadonlyArray<InvoiceLineView>;
  readonly items: ReadonlyArray<OpenItemView>;
  readonly notes: ReadonlyArray<InvoiceSummary>;
  /** Only GET and PUT answer with the vouchers; the POSTs that create and issue leave them out. */
  readonly vouchers?: ReadonlyArray<DocumentVoucher>;
}

export interface InvoicePage {
  readonly items: ReadonlyArray<InvoiceSummary>;
  /** The keyset cursor of the next page (`after`), null on the last one. */
  readonly next: string | null;
}

export interface InvoiceLineRequest {
  readonly description: string;
  readonly quantity: string;
  readonly unitPrice: string;
  readonly vatRate: string;
}

export interface InvoiceRequest {
  readonly customerId: string;
  readonly documentDate: string;
  readonly termsCode: string | null;
  readonly taxInclusive: boolean;
  readonly lines: ReadonlyArray<InvoiceLineRequest>;
  readonly taxInvoiceNumber: string | null;
  readonly taxInvoiceDate: string | null;
  readonly note: string | null;
}

export interface NoteRequest {
  readonly documentDate: string;
  readonly taxInclusive: boolean;
  readonly lines: ReadonlyArray<InvoiceLineRequest>;
  readonly reason: string;
}

export interface OpenItemList {
  readonly asOf: string;
  readonly items: ReadonlyArray<OpenItemView>;
}

/** `key` is `not_due`, `<from>_<to>` or `over_<days>`; the days come with it. */
export interface AgingBucketView {
  readonly key: string;
  readonly fromDays: number | null;
  readonly toDays: number | null;
  readonly amount: string;
  readonly count: number;
}

export interface AgingView {
  readonly buckets: ReadonlyArray<AgingBucketView>;
  readonly total: string;
  readonly overdue: string;
}

export interface CustomerAgingView extends AgingView {
  readonly customerId: string;
  readonly customerName: string;
}

export interface AgingSummaryView {
  readonly asOf: string;
  readonly customers: ReadonlyArray<CustomerAgingView>;
  readonly total: AgingView;
}

export interface PaymentSummary {
  readonly paymentId: string;
  readonly number: string;
  /** The payer: the customer itself, or the head office that pays for it. */
  readonly customerId: string;
  readonly customerName: string;
  readonly method: PaymentMethod;
  readonly receivedDate: string;
  readonly currency: string;
  readonly amount: string;
  readonly unapplied: string;
  readonly payerName: string | null;
  readonly reference: string | null;
  readonly bankLineId: string | null;
  readonly status: PaymentStatus;
  readonly reversedOn: string | null;
  readonly reversalReason: string | null;
  readonly note: string | null;
  readonly createdBy: string;
  readonly createdAt: string;
}

export interface PaymentAllocationView {
  readonly allocationId: string;
  readonly itemId: string;
  readonly documentNumber: string;
  readonly customerId: string;
  readonly date: string;
  readonly applied: string;
  readonly discount: string;
  readonly writeOff: string;
  readonly reversedOn: string | null;
}

export interface RefundView {
  readonly refundId: string;
  readonly date: string;
  readonly amount: string;
  readonly reason: string;
}

export interface PaymentView extends PaymentSummary {
  readonly allocations: ReadonlyArray<PaymentAllocationView>;
  readonly refunds: ReadonlyArray<RefundView>;
  /** Only GET answers with the vouchers; the POSTs leave them out. */
  readonly vouchers?: ReadonlyArray<DocumentVoucher>;
}

export interface PaymentPage {
  readonly items: ReadonlyArray<PaymentSummary>;
  readonly next: string | null;
}

export type AllocationMethodName = "oldest_first" | "proportional" | "chosen";

/** How money is applied: `amount` null takes as much as the item needs. */
export interface AllocationRequestBody {
  readonly method: AllocationMethodName;
  readonly items?: ReadonlyArray<{ readonly itemId: string; readonly amount: string | null }>;
  readonly takeDiscounts: boolean;
  readonly writeOffShortfall: boolean;
}

export interface NewPaymentRequest {
  readonly customerId: string;
  readonly method: PaymentMethod;
  readonly receivedDate: string;
  readonly amount: string;
  readonly payerName: string | null;
  readonly reference: string | null;
  readonly note: string | null;
  /** Null: keep the whole amount unapplied (预收) for now. */
  readonly allocation: AllocationRequestBody | null;
}

export interface ReceivablesPolicyView {
  readonly createdBy: string | null;
  readonly createdAt: string | null;
  readonly policy: {
    readonly version: number;
    /** The largest shortfall written off without asking, in major units. */
    readonly underpaymentTolerance: string;
    /** …and at most this share of the item's original amount. */
    readonly underpaymentToleranceShare: string;
    readonly autoMatchThreshold: string;
    readonly statementLinkDays: number;
    readonly agingEdgesDays: ReadonlyArray<number>;
    readonly defaultTermsCode: string;
  };
}
