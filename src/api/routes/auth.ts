import type { FastifyReply } from "fastify";
import { z } from "zod";
import { AppError } from "../../core/errors.ts";
import { login, logout, sessionLifetimeMs } from "../../services/auth.ts";
import { runCommand } from "../../services/command.ts";
import { getUser, normalizeEmail, updateProfile } from "../../services/people.ts";
import { type Principal, principalOf, sessionCookieName } from "../access.ts";
import type { ApiApp, ApiDeps } from "../deps.ts";
import { emailText, localeEnum, nameText, organizationOfUserView, userView } from "../schemas.ts";
import { organizationsVisibleTo } from "./organizations.ts";

const sessionView = z.object({
  user: userView,
  organizations: z.array(organizationOfUserView),
  /** Echo in `X-CSRF-Token` on every POST, PUT, PATCH and DELETE of this session; null for API tokens. */
  csrfToken: z.string().nullable(),
});

async function sessionViewOf(
  deps: ApiDeps,
  principal: Pick<Principal, "userId" | "csrfToken" | "tokenOrgId">,
) {
  const user = await getUser(deps.store.db, principal.userId);
  return {
    user,
    organizations: await organizationsVisibleTo(deps, principal),
    csrfToken: principal.csrfToken,
  };
}

function setSessionCookie(reply: FastifyReply, deps: ApiDeps, token: string): void {
  reply.setCookie(sessionCookieName, token, {
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    secure: deps.secureCookies,
    maxAge: Math.floor(sessionLifetimeMs / 1000),
  });
}

export function authRoutes(app: ApiApp, deps: ApiDeps): void {
  app.post(
    "/api/v1/auth/login",
    {
      config: { access: { kind: "public" } },
      schema: {
        tags: ["auth"],
        summary: "Sign in; sets the HttpOnly session cookie and returns the CSRF token",
        body: z.strictObject({ email: emailText, password: z.string().min(1).max(200) }),
        response: { 200: sessionView },
      },
    },
    async (request, reply) => {
      const nowMs = deps.clock().getTime();
      const limiterKey = `${request.ip}|${normalizeEmail(request.body.email)}`;
      deps.loginLimiter.check(limiterKey, nowMs);
      let grant: Awaited<ReturnType<typeof login>>;
      try {
        grant = await runCommand(deps.store, (tx) => login(tx, request.body, deps.secret), deps.clock);
      } catch (error) {
        if (error instanceof AppError && error.code === "INVALID_CREDENTIALS") {
          deps.loginLimiter.recordFailure(limiterKey, nowMs);
        }
        throw error;
      }
      deps.loginLimiter.recordSuccess(limiterKey);
      setSessionCookie(reply, deps, grant.sessionToken);
      return sessionViewOf(deps, { userId: grant.userId, csrfToken: grant.csrfToken, tokenOrgId: null });
    },
  );

  app.post(
    "/api/v1/auth/logout",
    {
      config: { access: { kind: "session" } },
      schema: { tags: ["auth"], summary: "Sign out: ends this session", response: { 204: z.null() } },
    },
    async (request, reply) => {
      const token = request.cookies[sessionCookieName];
      if (token !== undefined) await logout(deps.store.db, token, deps.secret);
      reply.clearCookie(sessionCookieName, { path: "/" });
      return reply.status(204).send(null);
    },
  );

  app.get(
    "/api/v1/me",
    {
      config: { access: { kind: "user" } },
      schema: {
        tags: ["auth"],
        summary: "The signed-in user, their organizations and roles",
        response: { 200: sessionView },
      },
    },
    async (request) => sessionViewOf(deps, principalOf(request)),
  );

  app.patch(
    "/api/v1/me",
    {
      config: { access: { kind: "session" } },
      schema: {
        tags: ["auth"],
        summary: "Change one's display name or language",
        body: z.strictObject({ displayName: nameText.optional(), locale: localeEnum.optional() }),
        response: { 200: sessionView },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      await runCommand(
        deps.store,
        (tx) =>
          updateProfile(tx, principal.userId, {
            ...(request.body.displayName === undefined ? {} : { displayName: request.body.displayName }),
            ...(request.body.locale === undefined ? {} : { locale: request.body.locale }),
          }),
        deps.clock,
      );
      return sessionViewOf(deps, principal);
    },
  );
}
