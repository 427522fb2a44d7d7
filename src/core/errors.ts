/**
 * The one error catalogue. Every user or operating error is an AppError with a code from this
 * closed list; each code has an HTTP status here and a message in every UI language
 * (src/core/error-messages.ts). Programmer errors are plain `Error`s from `assert`.
 */

export const errorStatusByCode = {
  // 400 — the request itself is malformed or invalid
  VALIDATION_FAILED: 400,
  MALFORMED_JSON: 400,
  INVALID_AMOUNT: 400,
  INVALID_RATE: 400,
  INVALID_DATE: 400,
  INVALID_CURRENCY: 400,
  CURRENCY_MISMATCH: 400,
  INVALID_TIME_ZONE: 400,
  // 401/403 — who you are and what you may do
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  CSRF_TOKEN_INVALID: 403,
  PERMISSION_DENIED: 403,
  // 404/405/409 — the thing asked for
  NOT_FOUND: 404,
  ROUTE_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  EMAIL_TAKEN: 409,
  ALREADY_MEMBER: 409,
  LAST_OWNER: 409,
  IDEMPOTENCY_IN_PROGRESS: 409,
  PERIOD_CLOSED: 409,
  PERIOD_SEQUENCE: 409,
  ALREADY_REVERSED: 409,
  ACCOUNT_IN_USE: 409,
  SELF_APPROVAL: 409,
  ALREADY_DECIDED: 409,
  PLAN_STATUS: 409,
  INVOICE_STATUS: 409,
  PAYMENT_STATUS: 409,
  BANK_STATEMENT_DUPLICATE: 409,
  BANK_LINE_STATUS: 409,
  EOD_BUSY: 409,
  ALERT_STATUS: 409,
  STATEMENT_LINK_INVALID: 410,
  // 413/415/422/429 — size, format, semantics, pace
  BODY_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  IDEMPOTENCY_KEY_REUSED: 422,
  CONFIRMATION_REQUIRED: 422,
  VOUCHER_UNBALANCED: 422,
  RULE_UNBALANCED: 422,
  ACCOUNT_INACTIVE: 422,
  ACCOUNT_NOT_POSTABLE: 422,
  CUSTOMER_REQUIRED: 422,
  STATEMENT_REQUIRED: 422,
  CREDIT_BLOCKED: 422,
  RATE_ABOVE_CEILING: 422,
  RECEIVABLE_TOO_SMALL: 422,
  PROVISION_NOT_APPLICABLE: 422,
  TOO_MANY_REQUESTS: 429,
  // 5xx — never expected; a bug or an outage
  INTERNAL: 500,
  SERVICE_UNAVAILABLE: 503,
  PDF_FONT_MISSING: 503,
} as const;

export type ErrorCode = keyof typeof errorStatusByCode;

export const errorCodes = Object.keys(errorStatusByCode) as ReadonlyArray<ErrorCode>;

/** One problem with one field of the input, as data; rendered into words at the edge. */
export interface FieldIssue {
  readonly path: string;
  readonly code: string;
  readonly message: string;
}

export interface AppErrorOptions {
  readonly detail?: string;
  readonly params?: Readonly<Record<string, string | number>>;
  readonly issues?: ReadonlyArray<FieldIssue>;
  readonly cause?: unknown;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly params: Readonly<Record<string, string | number>>;
  readonly issues: ReadonlyArray<FieldIssue>;

  constructor(code: ErrorCode, options: AppErrorOptions = {}) {
    super(options.detail ?? code, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.status = errorStatusByCode[code];
    this.params = options.params ?? {};
    this.issues = options.issues ?? [];
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}

/** Programmer errors: a broken invariant is a bug, never a user's mistake. */
export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`Assertion failed: ${message}`);
}
