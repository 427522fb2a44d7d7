import type { LightMyRequestResponse } from "fastify";
import { type BuiltApp, buildApp } from "../../src/api/app.ts";
import { LoginLimiter } from "../../src/api/login-limiter.ts";
import { deliveryDisabled } from "../../src/notify/mailer.ts";
import type { Clock } from "../../src/services/command.ts";
import type { Store } from "../../src/store/database.ts";
import { testPassword } from "./fixtures.ts";

export const testSecret = "test-secret-0123456789abcdef";

export async function makeTestApp(
  store: Store,
  options: {
    loginLimiter?: LoginLimiter;
    clock?: Clock;
    smtpUrl?: string;
    smsWebhookUrl?: string;
    smsWebhookToken?: string;
  } = {},
): Promise<BuiltApp> {
  return buildApp({
    store,
    secret: testSecret,
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    loginLimiter: options.loginLimiter ?? new LoginLimiter({ failuresMax: 1_000, windowMs: 60_000 }),
    webRoot: "/nonexistent-web-root",
    delivery: {
      ...deliveryDisabled,
      smtpUrl: options.smtpUrl ?? null,
      smsWebhookUrl: options.smsWebhookUrl ?? null,
      smsWebhookToken: options.smsWebhookToken ?? null,
    },
  });
}

export interface Session {
  readonly cookie: string;
  readonly csrfToken: string;
  /** Headers for a request in this session, including the CSRF token. */
  readonly headers: Record<string, string>;
}

export async function signIn(built: BuiltApp, email: string, password = testPassword): Promise<Session> {
  const response = await built.app.inject({
    method: "POST",
    url: "/api/v1/auth/login",
    payload: { email, password },
  });
  if (response.statusCode !== 200) throw new Error(`login failed: ${response.statusCode} ${response.body}`);
  const cookie = sessionCookieOf(response);
  const csrfToken = (response.json() as { csrfToken: string }).csrfToken;
  return { cookie, csrfToken, headers: { cookie, "x-csrf-token": csrfToken } };
}

export function sessionCookieOf(response: LightMyRequestResponse): string {
  const header = response.headers["set-cookie"];
  const first = Array.isArray(header) ? header[0] : header;
  if (first === undefined) throw new Error("no session cookie was set");
  return first.split(";")[0] ?? "";
}
