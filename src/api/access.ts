import type { FastifyInstance, FastifyRequest, RouteOptions } from "fastify";
import { AppError } from "../core/errors.ts";
import { isUuid } from "../core/ids.ts";
import { type Permission, type Role, roleAllows } from "../domain/access/index.ts";
import { resolveApiToken, resolveSession } from "../services/auth.ts";
import type { Actor } from "../services/command.ts";
import { getMembershipRole } from "../services/people.ts";
import { reportNamed } from "../services/reports/index.ts";
import type { Executor } from "../store/database.ts";

/**
 * Every route declares who may call it (ground rule 6). The declaration is checked before the
 * body is parsed, in this order: credentials (401) → CSRF for cookie sessions (403) → the
 * organization in the path (404 unless a member) → the role's permission (403) → every other id in
 * the path belongs to that organization (404). New routes get all of this by declaring `access`.
 */
export type RouteAccess =
  /** Anyone: health, login, the OpenAPI document. */
  | { readonly kind: "public" }
  /** Any signed-in user, by session or API token. */
  | { readonly kind: "user" }
  /** A browser session only (e.g. creating organizations; API tokens act inside one organization). */
  | { readonly kind: "session" }
  /** A member of the organization in the path (`/orgs/:orgId/…`) whose role grants `permission`. */
  | { readonly kind: "org"; readonly permission: Permission };

declare module "fastify" {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    principal: Principal | null;
    membership: Membership | null;
  }
}

export interface Principal {
  readonly userId: string;
  readonly email: string;
  readonly via: "session" | "token";
  /** Cookie sessions must echo this in `X-CSRF-Token` on unsafe methods. */
  readonly csrfToken: string | null;
  /** An API token acts in exactly this organization. */
  readonly tokenOrgId: string | null;
  readonly tokenId: string | null;
}

export interface Membership {
  readonly orgId: string;
  readonly role: Role;
}

export const sessionCookieName = "credence_session";
export const csrfHeaderName = "x-csrf-token";
const unsafeMethods = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** Does this id (a path parameter) name a row of the organization? One checker per parameter name. */
export type ParamResolver = (db: Executor, orgId: string, id: string) => Promise<boolean>;

/** A resolver for a uuid column of a tenant table. */
function uuidRow(
  table:
    | "invoices"
    | "open_items"
    | "payments"
    | "statements"
    | "bank_statements"
    | "bank_lines"
    | "outbox_messages"
    | "dunning_notices"
    | "disputes"
    | "legal_cases"
    | "legal_case_events"
    | "warning_alerts",
  column:
    | "invoice_id"
    | "item_id"
    | "payment_id"
    | "statement_id"
    | "line_id"
    | "message_id"
    | "notice_id"
    | "dispute_id"
    | "case_id"
    | "event_id"
    | "alert_id",
): ParamResolver {
  return async (db, orgId, raw) => {
    if (!isUuid(raw)) return false;
    const row = await db
      .selectFrom(table)
      .select(column)
      .where("org_id", "=", orgId)
      .where(column, "=", raw.toLowerCase())
      .executeTakeFirst();
    return row !== undefined;
  };
}

const paramResolvers: Readonly<Record<string, ParamResolver>> = {
  invoiceId: uuidRow("invoices", "invoice_id"),
  itemId: uuidRow("open_items", "item_id"),
  paymentId: uuidRow("payments", "payment_id"),
  statementId: uuidRow("statements", "statement_id"),
  bankStatementId: uuidRow("bank_statements", "statement_id"),
  bankLineId: uuidRow("bank_lines", "line_id"),
  messageId: uuidRow("outbox_messages", "message_id"),
  noticeId: uuidRow("dunning_notices", "notice_id"),
  disputeId: uuidRow("disputes", "dispute_id"),
  caseId: uuidRow("legal_cases", "case_id"),
  eventId: uuidRow("legal_case_events", "event_id"),
  /** A report by name (src/services/reports/index.ts): the same list in every organization. */
  async reportName(_db, _orgId, name) {
    return reportNamed(name) !== undefined;
  },
  alertId: uuidRow("warning_alerts", "alert_id"),
  async scheduleId(db, orgId, raw) {
    if (!isUuid(raw)) return false;
    const row = await db
      .selectFrom("report_schedules")
      .select("schedule_id")
      .where("org_id", "=", orgId)
      .where("schedule_id", "=", raw.toLowerCase())
      .executeTakeFirst();
    return row !== undefined;
  },
  async userId(db, orgId, raw) {
    if (!isUuid(raw)) return false;
    const id = raw.toLowerCase();
    return (await getMembershipRole(db, orgId, id)) !== undefined;
  },
  async tokenId(db, orgId, raw) {
    if (!isUuid(raw)) return false;
    const id = raw.toLowerCase();
    const row = await db
      .selectFrom("api_tokens")
      .select("token_id")
      .where("org_id", "=", orgId)
      .where("token_id", "=", id)
      .executeTakeFirst();
    return row !== undefined;
  },
  async voucherId(db, orgId, raw) {
    if (!isUuid(raw)) return false;
    const id = raw.toLowerCase();
    const row = await db
      .selectFrom("vouchers")
      .select("voucher_id")
      .where("org_id", "=", orgId)
      .where("voucher_id", "=", id)
      .executeTakeFirst();
    return row !== undefined;
  },
  async accountCode(db, orgId, code) {
    if (!/^[0-9]{4,20}$/.test(code)) return false;
    const row = await db
      .selectFrom("accounts")
      .select("code")
      .where("org_id", "=", orgId)
      .where("code", "=", code)
      .executeTakeFirst();
    return row !== undefined;
  },
  async contactId(db, orgId, raw) {
    if (!isUuid(raw)) return false;
    const row = await db
      .selectFrom("customer_contacts")
      .select("contact_id")
      .where("org_id", "=", orgId)
      .where("contact_id", "=", raw.toLowerCase())
      .executeTakeFirst();
    return row !== undefined;
  },
  async approvalId(db, orgId, raw) {
    if (!isUuid(raw)) return false;
    const row = await db
      .selectFrom("credit_approvals")
      .select("approval_id")
      .where("org_id", "=", orgId)
      .where("approval_id", "=", raw.toLowerCase())
      .executeTakeFirst();
    return row !== undefined;
  },
  async planId(db, orgId, raw) {
    if (!isUuid(raw)) return false;
    const row = await db
      .selectFrom("plans")
      .select("plan_id")
      .where("org_id", "=", orgId)
      .where("plan_id", "=", raw.toLowerCase())
      .executeTakeFirst();
    return row !== undefined;
  },
  async writeOffId(db, orgId, raw) {
    if (!isUuid(raw)) return false;
    const row = await db
      .selectFrom("write_offs")
      .select("write_off_id")
      .where("org_id", "=", orgId)
      .where("write_off_id", "=", raw.toLowerCase())
      .executeTakeFirst();
    return row !== undefined;
  },
  async customerId(db, orgId, raw) {
    if (!isUuid(raw)) return false;
    const id = raw.toLowerCase();
    const row = await db
      .selectFrom("customers")
      .select("customer_id")
      .where("org_id", "=", orgId)
      .where("customer_id", "=", id)
      .executeTakeFirst();
    return row !== undefined;
  },
};

export const resolvedParamNames: ReadonlyArray<string> = ["orgId", ...Object.keys(paramResolvers)];

export interface RegisteredRoute {
  readonly method: string;
  readonly url: string;
  readonly access: RouteAccess;
}

function pathParams(url: string): string[] {
  return [...url.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1] ?? "");
}

export interface AccessOptions {
  readonly db: Executor;
  readonly secret: string;
  readonly now: () => string;
}

export function installAccessControl(app: FastifyInstance, options: AccessOptions): RegisteredRoute[] {
  const routes: RegisteredRoute[] = [];
  app.decorateRequest("principal", null);
  app.decorateRequest("membership", null);

  app.addHook("onRoute", (route: RouteOptions) => {
    if (!route.url.startsWith("/api/")) return;
    const access = route.config?.access;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (methods.every((m) => m === "HEAD")) return;
    if (access === undefined) throw new Error(`route ${methods.join(",")} ${route.url} declares no access`);
    // The OpenAPI document says which operations need no credentials.
    if (access.kind === "public" && route.schema !== undefined)
      route.schema = { ...route.schema, security: [] };
    if (access.kind === "org" && route.schema !== undefined) {
      route.schema = {
        ...route.schema,
        description: `Requires the permission \`${access.permission}\` in the organization.`,
      };
    }
    const params = pathParams(route.url);
    if (access.kind === "org" && !route.url.startsWith("/api/v1/orgs/:orgId")) {
      throw new Error(`org route ${route.url} must live under /api/v1/orgs/:orgId`);
    }
    // A public route's path parameter is a credential the route checks itself (a signed link).
    for (const param of access.kind === "public" ? [] : params) {
      if (!resolvedParamNames.includes(param)) {
        throw new Error(`route ${route.url}: path parameter :${param} has no resolver in access.ts`);
      }
    }
    for (const method of methods) if (method !== "HEAD") routes.push({ method, url: route.url, access });
  });

  app.addHook("onRequest", async (request) => {
    const access = request.routeOptions.config.access;
    if (access === undefined || access.kind === "public") return;
    request.principal = await authenticate(request, options);
    if (request.principal === null) throw new AppError("UNAUTHENTICATED");
    const principal = request.principal;
    if (principal.via === "session" && unsafeMethods.has(request.method)) {
      if (request.headers[csrfHeaderName] !== principal.csrfToken) throw new AppError("CSRF_TOKEN_INVALID");
    }
    if (access.kind === "session" && principal.via !== "session") {
      throw new AppError("PERMISSION_DENIED", { detail: "this action needs a signed-in browser session" });
    }
    if (access.kind !== "org") return;
    const params = request.params as Record<string, string>;
    const orgId = (params.orgId ?? "").toLowerCase();
    const role = await memberRole(options.db, principal, orgId);
    // Another organization is indistinguishable from one that does not exist.
    if (role === undefined) throw new AppError("NOT_FOUND", { params: { entity: "organization" } });
    if (!roleAllows(role, access.permission)) {
      throw new AppError("PERMISSION_DENIED", { params: { permission: access.permission } });
    }
    request.membership = { orgId, role };
    for (const [name, value] of Object.entries(params)) {
      const resolver = paramResolvers[name];
      if (resolver === undefined) continue;
      if (!(await resolver(options.db, orgId, value))) {
        throw new AppError("NOT_FOUND", { params: { entity: name.replace(/Id$/, "") } });
      }
    }
  });
  return routes;
}

async function memberRole(db: Executor, principal: Principal, orgId: string): Promise<Role | undefined> {
  if (!isUuid(orgId)) return undefined;
  if (principal.tokenOrgId !== null && principal.tokenOrgId !== orgId.toLowerCase()) return undefined;
  return getMembershipRole(db, orgId.toLowerCase(), principal.userId);
}

async function authenticate(request: FastifyRequest, options: AccessOptions): Promise<Principal | null> {
  const authorization = request.headers.authorization;
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (match?.[1] === undefined) return null;
    const token = await resolveApiToken(options.db, match[1], options.now());
    if (token === undefined) return null;
    return {
      userId: token.userId,
      email: token.email,
      via: "token",
      csrfToken: null,
      tokenOrgId: token.orgId,
      tokenId: token.tokenId,
    };
  }
  const cookie = request.cookies[sessionCookieName];
  if (cookie === undefined || cookie === "") return null;
  const session = await resolveSession(options.db, cookie, options.secret, options.now());
  if (session === undefined) return null;
  return {
    userId: session.userId,
    email: session.email,
    via: "session",
    csrfToken: session.csrfToken,
    tokenOrgId: null,
    tokenId: null,
  };
}

/** The membership the access check established; only org routes call this. */
export function membershipOf(request: FastifyRequest): Membership {
  if (request.membership === null) throw new Error("membershipOf called on a route without org access");
  return request.membership;
}

export function principalOf(request: FastifyRequest): Principal {
  if (request.principal === null) throw new Error("principalOf called on a public route");
  return request.principal;
}

/** The audit trail's "who": the signed-in user, named by email. */
export function actorOf(request: FastifyRequest): Actor {
  const principal = principalOf(request);
  return {
    userId: principal.userId,
    label: principal.via === "token" ? `${principal.email} (API token)` : principal.email,
  };
}
