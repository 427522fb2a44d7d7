import type { StatementLineKind } from "../../../src/domain/receivables/statement.ts";
import type { StatementStatus } from "../../../src/services/receivables/statements.ts";
import type { AgingView } from "./receivables-types.ts";

/**
 * Statements of account (对账单) as src/api/routes/statements.ts sends them: `xMinor` of the
 * services is `x`, a decimal string in major units. The public view is what the customer's link
 * shows, without an account.
 */

export type { StatementLineKind, StatementStatus };

export interface StatementAnswer {
  readonly status: "confirmed" | "disputed";
  /** Who answered, as they typed their name. */
  readonly by: string;
  readonly at: string;
  readonly note: string | null;
  /** Disputed lines, by their number on the statement. */
  readonly lines: ReadonlyArray<{ readonly seq: number; readonly note: string }>;
}

export interface StatementSummary {
  readonly statementId: string;
  readonly number: string;
  readonly customerId: string;
  readonly customerName: string;
  readonly from: string;
  readonly to: string;
  readonly currency: string;
  readonly closing: string;
  readonly status: StatementStatus;
  readonly linkExpiresOn: string;
  readonly sentTo: string | null;
  readonly sentAt: string | null;
  readonly response: StatementAnswer | null;
  readonly createdBy: string;
  readonly createdAt: string;
}

export interface StatementList {
  readonly items: ReadonlyArray<StatementSummary>;
}

export interface StatementLineView {
  readonly seq: number;
  readonly date: string;
  readonly kind: StatementLineKind;
  readonly documentNumber: string | null;
  readonly description: string;
  readonly debit: string;
  readonly credit: string;
  /** What the customer owes after the line. */
  readonly balance: string;
}

export interface StatementOpenItemView {
  readonly documentNumber: string;
  readonly documentDate: string;
  readonly dueDate: string;
  readonly open: string;
  readonly daysPastDue: number;
}

/** The snapshot of the customer's subledger the statement was made from. */
export interface StatementOfAccountView {
  readonly number: string;
  readonly organizationName: string;
  readonly customer: { readonly name: string; readonly code: string };
  readonly currency: string;
  readonly from: string;
  readonly to: string;
  readonly opening: string;
  readonly debitTotal: string;
  readonly creditTotal: string;
  readonly closing: string;
  readonly lines: ReadonlyArray<StatementLineView>;
  readonly openItems: ReadonlyArray<StatementOpenItemView>;
  readonly aging: AgingView;
  readonly generatedOn: string;
}

export interface StatementLink {
  readonly url: string;
  readonly expiresOn: string;
}

/** An email of the statement in the outbox: queued until a mail server (SMTP_URL) takes it. */
export interface StatementMessage {
  readonly messageId: string;
  readonly recipient: string;
  readonly subject: string;
  readonly status: "queued" | "sent" | "failed";
  readonly attempts: number;
  readonly lastError: string | null;
  readonly createdAt: string;
  readonly sentAt: string | null;
}

export interface StatementView extends StatementSummary {
  readonly statement: StatementOfAccountView;
  readonly link: StatementLink | null;
  /** GET and send answer with the statement's emails; create does not. */
  readonly messages?: ReadonlyArray<StatementMessage>;
}

export interface NewStatementRequest {
  readonly customerId: string;
  readonly from: string;
  readonly to: string;
}

export interface SendStatementRequest {
  readonly recipient: string;
  readonly locale: "zh-CN" | "en";
}

/** What the customer's link shows (GET /api/v1/public/statements/:token). */
export interface PublicStatementView {
  readonly number: string;
  readonly status: StatementStatus;
  readonly linkExpiresOn: string;
  readonly response: StatementAnswer | null;
  readonly statement: StatementOfAccountView;
}

export interface StatementAnswerRequest {
  readonly status: "confirmed" | "disputed";
  readonly by: string;
  readonly note: string | null;
  readonly lines: ReadonlyArray<{ readonly seq: number; readonly note: string }>;
}

export interface StatementAnswered {
  readonly number: string;
  readonly status: StatementStatus;
  readonly response: StatementAnswer | null;
}
