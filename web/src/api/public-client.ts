import { currentLanguage } from "../i18n/index.ts";
import { ApiError, toApiError } from "./client.ts";

/**
 * Requests of the pages anyone may open without an account (a customer's statement link). They
 * carry no cookie and no CSRF token: such a page must work, and must mean the same, in a browser
 * where someone of the firm happens to be signed in.
 */
export async function publicRequest<T>(
  path: string,
  options: { readonly method?: "GET" | "POST"; readonly body?: unknown } = {},
): Promise<T> {
  const headers: Record<string, string> = {
    accept: "application/json, application/problem+json",
    "accept-language": currentLanguage(),
  };
  const init: RequestInit = { method: options.method ?? "GET", headers, credentials: "omit" };
  if (options.body !== undefined) {
    headers["content-type"] = "application/json";
    init.body = JSON.stringify(options.body);
  }
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new ApiError({ status: 0, code: "SERVICE_UNAVAILABLE", title: "network error" });
  }
  if (!response.ok) throw await toApiError(response);
  return (await response.json()) as T;
}

/** The public statement routes of one link (src/api/routes/statements.ts). */
export function publicStatementPath(token: string, ...rest: ReadonlyArray<string>): string {
  return ["/api/v1/public/statements", token, ...rest]
    .map((part, i) => (i === 0 ? part : encodeURIComponent(part)))
    .join("/");
}
