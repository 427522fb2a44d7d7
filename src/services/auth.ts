import { createHash, createHmac, randomBytes } from "node:crypto";
import { AppError } from "../core/errors.ts";
import { uuidv7 } from "../core/ids.ts";
import type { Executor } from "../store/database.ts";
import { appendAudit } from "./audit.ts";
import type { Actor, Tx } from "./command.ts";
import { unmatchableHash, verifyPassword } from "./passwords.ts";
import { findUserByEmail } from "./people.ts";

export const sessionLifetimeMs = 12 * 60 * 60 * 1000;
export const apiTokenPrefix = "cred_";
const secretTokenBytes = 32;
const tokenLastUsedRefreshMs = 60 * 1000;

function randomToken(): string {
  return randomBytes(secretTokenBytes).toString("base64url");
}

/** Session ids are stored only as an HMAC keyed by CREDENCE_SECRET: a leaked table opens no session. */
function sessionHash(token: string, secret: string): string {
  return createHmac("sha256", secret).update(token).digest("hex");
}

/** API tokens carry 256 random bits, so a plain SHA-256 at rest is enough and survives secret rotation. */
function apiTokenHash(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

function addMs(iso: string, ms: number): string {
  return new Date(Date.parse(iso) + ms).toISOString();
}

export interface SessionGrant {
  readonly sessionToken: string;
  readonly csrfToken: string;
  readonly userId: string;
  readonly expiresAt: string;
}

export async function login(
  tx: Tx,
  input: { readonly email: string; readonly password: string },
  secret: string,
): Promise<SessionGrant> {
  const user = await findUserByEmail(tx.db, input.email);
  // Hash even for an unknown email: response time must not reveal who has an account.
  const matches = await verifyPassword(input.password, user?.password_hash ?? unmatchableHash);
  if (user === undefined || !matches || user.disabled_at !== null) throw new AppError("INVALID_CREDENTIALS");
  const sessionToken = randomToken();
  const csrfToken = randomToken();
  const expiresAt = addMs(tx.now, sessionLifetimeMs);
  await tx.db
    .deleteFrom("sessions")
    .where("user_id", "=", user.user_id)
    .where("expires_at", "<", tx.now)
    .execute();
  await tx.db
    .insertInto("sessions")
    .values({
      session_hash: sessionHash(sessionToken, secret),
      user_id: user.user_id,
      csrf_token: csrfToken,
      created_at: tx.now,
      expires_at: expiresAt,
    })
    .execute();
  return { sessionToken, csrfToken, userId: user.user_id, expiresAt };
}

export interface SessionPrincipal {
  readonly userId: string;
  readonly email: string;
  readonly csrfToken: string;
}

export async function resolveSession(
  db: Executor,
  sessionToken: string,
  secret: string,
  nowIso: string,
): Promise<SessionPrincipal | undefined> {
  const row = await db
    .selectFrom("sessions")
    .innerJoin("users", "users.user_id", "sessions.user_id")
    .select([
      "sessions.user_id",
      "sessions.csrf_token",
      "sessions.expires_at",
      "users.disabled_at",
      "users.email",
    ])
    .where("sessions.session_hash", "=", sessionHash(sessionToken, secret))
    .executeTakeFirst();
  if (row === undefined || row.expires_at <= nowIso || row.disabled_at !== null) return undefined;
  return { userId: row.user_id, email: row.email, csrfToken: row.csrf_token };
}

export async function logout(db: Executor, sessionToken: string, secret: string): Promise<void> {
  await db.deleteFrom("sessions").where("session_hash", "=", sessionHash(sessionToken, secret)).execute();
}

export interface ApiTokenInfo {
  readonly tokenId: string;
  readonly userId: string;
  readonly name: string;
  readonly prefix: string;
  readonly createdAt: string;
  readonly expiresAt: string | null;
  readonly lastUsedAt: string | null;
  readonly revokedAt: string | null;
}

export interface ApiTokenGrant {
  /** The secret, shown once; only its hash is kept. */
  readonly token: string;
  readonly info: ApiTokenInfo;
}

const tokenColumns = [
  "token_id",
  "user_id",
  "name",
  "token_prefix",
  "created_at",
  "expires_at",
  "last_used_at",
  "revoked_at",
] as const;

function toTokenInfo(row: {
  token_id: string;
  user_id: string;
  name: string;
  token_prefix: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}): ApiTokenInfo {
  return {
    tokenId: row.token_id,
    userId: row.user_id,
    name: row.name,
    prefix: row.token_prefix,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

/** An API token acts for one user in one organization, with that membership's role. */
export async function createApiToken(
  tx: Tx,
  actor: Actor,
  orgId: string,
  input: { readonly userId: string; readonly name: string; readonly expiresAt?: string },
): Promise<ApiTokenGrant> {
  const token = apiTokenPrefix + randomToken();
  const row = {
    org_id: orgId,
    token_id: uuidv7(),
    user_id: input.userId,
    name: input.name,
    token_hash: apiTokenHash(token),
    token_prefix: token.slice(0, apiTokenPrefix.length + 6),
    created_at: tx.now,
    expires_at: input.expiresAt ?? null,
    last_used_at: null,
    revoked_at: null,
  };
  await tx.db.insertInto("api_tokens").values(row).execute();
  const info = toTokenInfo(row);
  await appendAudit(tx, {
    orgId,
    actor,
    action: "api_token.created",
    entityType: "api_token",
    entityId: row.token_id,
    after: info,
  });
  return { token, info };
}

/** The organization's API tokens, newest first: one user's, or everyone's when `userId` is null. */
export async function listApiTokens(
  db: Executor,
  orgId: string,
  userId: string | null,
): Promise<ApiTokenInfo[]> {
  let query = db.selectFrom("api_tokens").select(tokenColumns).where("org_id", "=", orgId);
  if (userId !== null) query = query.where("user_id", "=", userId);
  const rows = await query.orderBy("created_at", "desc").execute();
  return rows.map(toTokenInfo);
}

export async function getApiToken(db: Executor, orgId: string, tokenId: string): Promise<ApiTokenInfo> {
  const row = await db
    .selectFrom("api_tokens")
    .select(tokenColumns)
    .where("org_id", "=", orgId)
    .where("token_id", "=", tokenId)
    .executeTakeFirst();
  if (row === undefined) throw new AppError("NOT_FOUND", { params: { entity: "api_token" } });
  return toTokenInfo(row);
}

export async function revokeApiToken(
  tx: Tx,
  actor: Actor,
  orgId: string,
  tokenId: string,
): Promise<ApiTokenInfo> {
  const before = await getApiToken(tx.db, orgId, tokenId);
  if (before.revokedAt !== null) return before;
  await tx.db
    .updateTable("api_tokens")
    .set({ revoked_at: tx.now })
    .where("org_id", "=", orgId)
    .where("token_id", "=", tokenId)
    .execute();
  const after = await getApiToken(tx.db, orgId, tokenId);
  await appendAudit(tx, {
    orgId,
    actor,
    action: "api_token.revoked",
    entityType: "api_token",
    entityId: tokenId,
    before,
    after,
  });
  return after;
}

export interface TokenPrincipal {
  readonly orgId: string;
  readonly userId: string;
  readonly email: string;
  readonly tokenId: string;
}

export async function resolveApiToken(
  db: Executor,
  token: string,
  nowIso: string,
): Promise<TokenPrincipal | undefined> {
  if (!token.startsWith(apiTokenPrefix)) return undefined;
  const row = await db
    .selectFrom("api_tokens")
    .innerJoin("users", "users.user_id", "api_tokens.user_id")
    .select([
      "api_tokens.org_id",
      "api_tokens.token_id",
      "api_tokens.user_id",
      "api_tokens.expires_at",
      "api_tokens.revoked_at",
      "api_tokens.last_used_at",
      "users.disabled_at",
      "users.email",
    ])
    .where("api_tokens.token_hash", "=", apiTokenHash(token))
    .executeTakeFirst();
  if (row === undefined || row.revoked_at !== null || row.disabled_at !== null) return undefined;
  if (row.expires_at !== null && row.expires_at <= nowIso) return undefined;
  // Record use at most once a minute, so a busy integration does not turn every read into a write.
  if (
    row.last_used_at === null ||
    Date.parse(nowIso) - Date.parse(row.last_used_at) > tokenLastUsedRefreshMs
  ) {
    await db
      .updateTable("api_tokens")
      .set({ last_used_at: nowIso })
      .where("org_id", "=", row.org_id)
      .where("token_id", "=", row.token_id)
      .execute();
  }
  return { orgId: row.org_id, userId: row.user_id, email: row.email, tokenId: row.token_id };
}
