import { type ErrorCode, errorStatusByCode, type FieldIssue } from "../../../src/core/errors.ts";

/**
 * The one way the web app talks to the API. Cookie sessions authenticate every request; unsafe
 * methods also carry the session's CSRF token (src/api/access.ts). Failures arrive as RFC 9457
 * problem+json and become an ApiError with the server's stable `code`, which the UI translates.
 */

export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  /** The server's own wording, localized by Accept-Language; the UI prefers its catalogue by `code`. */
  readonly title: string;
  readonly issues: ReadonlyArray<FieldIssue>;
  readonly params: Readonly<Record<string, string | number>>;

  constructor(options: {
    readonly status: number;
    readonly code: ErrorCode;
    readonly title: string;
    readonly issues?: ReadonlyArray<FieldIssue>;
    readonly params?: Readonly<Record<string, string | number>>;
  }) {
    super(`${options.status} ${options.code}: ${options.title}`);
    this.name = "ApiError";
    this.status = options.status;
    this.code = options.code;
    this.title = options.title;
    this.issues = options.issues ?? [];
    this.params = options.params ?? {};
  }
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}

export const loginApiPath = "/api/v1/auth/login";
const mePath = "/api/v1/me";
const unsafeMethods: ReadonlySet<string> = new Set(["POST", "PUT", "PATCH", "DELETE"]);

let csrfToken: string | null = null;
let requestLanguage = "zh-CN";
let unauthorizedHandler: () => void = () => {};

/** Every session view (login, /me) carries the CSRF token of the session; keep the latest. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Server titles follow Accept-Language; keep them in the language the user reads. */
export function setRequestLanguage(language: string): void {
  requestLanguage = language;
}

/** Called when the session has ended (expired, signed out in another tab): show the login page. */
export function setUnauthorizedHandler(handler: () => void): void {
  unauthorizedHandler = handler;
}

function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === "string" && Object.hasOwn(errorStatusByCode, value);
}

function isFieldIssue(value: unknown): value is FieldIssue {
  if (typeof value !== "object" || value === null) return false;
  const issue = value as Record<string, unknown>;
  return (
    typeof issue.path === "string" && typeof issue.code === "string" && typeof issue.message === "string"
  );
}

/** A response that is not problem+json still becomes a typed error, named by its status. */
function codeForStatus(status: number): ErrorCode {
  if (status === 401) return "UNAUTHENTICATED";
  if (status === 403) return "PERMISSION_DENIED";
  if (status === 404) return "NOT_FOUND";
  if (status === 409) return "CONFLICT";
  if (status === 413) return "BODY_TOO_LARGE";
  if (status === 429) return "TOO_MANY_REQUESTS";
  if (status === 502 || status === 503 || status === 504) return "SERVICE_UNAVAILABLE";
  if (status >= 400 && status < 500) return "VALIDATION_FAILED";
  return "INTERNAL";
}

export async function toApiError(response: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // A proxy's HTML error page or an empty body: the status is all we know.
  }
  const problem = typeof body === "object" && body !== null ? (body as Record<string, unknown>) : {};
  const code = isErrorCode(problem.code) ? problem.code : codeForStatus(response.status);
  const params =
    typeof problem.params === "object" && problem.params !== null
      ? (problem.params as Record<string, string | number>)
      : {};
  return new ApiError({
    status: response.status,
    code,
    title: typeof problem.title === "string" ? problem.title : response.statusText,
    issues: Array.isArray(problem.issues) ? problem.issues.filter(isFieldIssue) : [],
    params,
  });
}

export type QueryValue = string | number | undefined;

export interface RequestOptions {
  readonly method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  readonly query?: Readonly<Record<string, QueryValue>>;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

function urlOf(path: string, query: RequestOptions["query"]): string {
  if (query === undefined) return path;
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== "") search.set(name, String(value));
  }
  const text = search.toString();
  return text === "" ? path : `${path}?${text}`;
}

async function send(path: string, options: RequestOptions): Promise<Response> {
  const method = options.method ?? "GET";
  const headers: Record<string, string> = {
    accept: "application/json, application/problem+json",
    "accept-language": requestLanguage,
    ...options.headers,
  };
  if (unsafeMethods.has(method) && csrfToken !== null) headers["x-csrf-token"] = csrfToken;
  const init: RequestInit = { method, headers, credentials: "same-origin" };
  if (options.body !== undefined) {
    // Only with a body: the server refuses an empty body declared as JSON.
    headers["content-type"] = "application/json";
    init.body = JSON.stringify(options.body);
  }
  try {
    return await fetch(urlOf(path, options.query), init);
  } catch {
    throw new ApiError({ status: 0, code: "SERVICE_UNAVAILABLE", title: "network error" });
  }
}

/**
 * Sends a request and returns its JSON body (undefined for 204). A stale CSRF token (another tab
 * signed in again and replaced the session) is refreshed from /me and the request retried once:
 * the server refuses such requests before reading them, so the retry cannot apply anything twice.
 */
export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  let response = await send(path, options);
  if (response.status === 403 && path !== mePath && unsafeMethods.has(options.method ?? "GET")) {
    const error = await toApiError(response.clone());
    if (error.code === "CSRF_TOKEN_INVALID") {
      const session = await send(mePath, {});
      if (session.ok) {
        const body = (await session.json()) as { csrfToken?: string | null };
        setCsrfToken(body.csrfToken ?? null);
        response = await send(path, options);
      }
    }
  }
  if (!response.ok) {
    const error = await toApiError(response);
    if (error.status === 401 && path !== loginApiPath) unauthorizedHandler();
    throw error;
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

export const api = {
  get<T>(path: string, query?: RequestOptions["query"]): Promise<T> {
    return apiRequest<T>(path, query === undefined ? {} : { query });
  },
  post<T>(path: string, body?: unknown, headers?: Readonly<Record<string, string>>): Promise<T> {
    return apiRequest<T>(path, {
      method: "POST",
      ...(body === undefined ? {} : { body }),
      ...(headers === undefined ? {} : { headers }),
    });
  },
  put<T>(path: string, body: unknown): Promise<T> {
    return apiRequest<T>(path, { method: "PUT", body });
  },
  patch<T>(path: string, body: unknown): Promise<T> {
    return apiRequest<T>(path, { method: "PATCH", body });
  },
  delete<T>(path: string): Promise<T> {
    return apiRequest<T>(path, { method: "DELETE" });
  },
};

/** Path segments are ids from the URL; encode them so a hand-edited address cannot reach elsewhere. */
export function orgPath(orgId: string, ...rest: ReadonlyArray<string>): string {
  return ["/api/v1/orgs", orgId, ...rest]
    .map((part, i) => (i === 0 ? part : encodeURIComponent(part)))
    .join("/");
}

/**
 * A fresh Idempotency-Key. crypto.randomUUID exists only in secure contexts (HTTPS or localhost);
 * an office server reached over plain HTTP on the LAN still has getRandomValues.
 */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  // RFC 9562 version 4: four version bits, two variant bits, the rest random.
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
