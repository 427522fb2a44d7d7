import type { ErrorCode, FieldIssue } from "../../../src/core/errors.ts";
import type { Permission, Role } from "../../../src/domain/access/index.ts";
import type { CustomerKind } from "../../../src/domain/credit/index.ts";
import type { AccountingFramework, Locale } from "../../../src/domain/organization/index.ts";

/**
 * What the API sends, as the web app reads it. These mirror the response schemas of
 * src/api/routes/*.ts; the shared vocabulary (roles, permissions, kinds) comes from the domain
 * so that a new role or permission shows up here as a type error, not as a silent gap.
 */

export type { AccountingFramework, CustomerKind, ErrorCode, FieldIssue, Locale, Permission, Role };

export interface User {
  readonly userId: string;
  readonly email: string;
  readonly displayName: string;
  readonly locale: Locale;
  readonly createdAt: string;
}

export interface Organization {
  readonly orgId: string;
  readonly name: string;
  readonly baseCurrency: string;
  readonly timeZone: string;
  readonly accountingFramework: AccountingFramework;
  readonly createdAt: string;
}

export interface OrganizationOfUser extends Organization {
  readonly role: Role;
  readonly permissions: ReadonlyArray<Permission>;
}

export interface SessionView {
  readonly user: User;
  readonly organizations: ReadonlyArray<OrganizationOfUser>;
  /** Echoed in `X-CSRF-Token` on every unsafe request of this session. */
  readonly csrfToken: string | null;
}

export interface Customer {
  readonly customerId: string;
  readonly code: string;
  readonly name: string;
  readonly kind: CustomerKind;
  readonly creditCode: string | null;
  readonly industry: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface CustomerPage {
  readonly items: ReadonlyArray<Customer>;
  readonly nextAfter: string | null;
}

export interface Member {
  readonly userId: string;
  readonly email: string;
  readonly displayName: string;
  readonly role: Role;
  readonly memberSince: string;
}

export interface ApiToken {
  readonly tokenId: string;
  readonly userId: string;
  readonly name: string;
  readonly prefix: string;
  readonly createdAt: string;
  readonly expiresAt: string | null;
  readonly lastUsedAt: string | null;
  readonly revokedAt: string | null;
}

/** Returned once, at creation: the only time the secret leaves the server. */
export interface ApiTokenGrant extends ApiToken {
  readonly token: string;
}

export interface AuditRecord {
  readonly seq: number;
  readonly recordedAt: string;
  readonly actorUserId: string | null;
  readonly actorLabel: string;
  readonly action: string;
  readonly entityType: string;
  readonly entityId: string;
  readonly before: unknown;
  readonly after: unknown;
  readonly prevHash: string;
  readonly hash: string;
}

export interface AuditPage {
  readonly items: ReadonlyArray<AuditRecord>;
  readonly nextBeforeSeq: number | null;
}

export interface AuditVerification {
  readonly ok: boolean;
  readonly checked: number;
  readonly firstBroken: { readonly seq: number; readonly reason: "hash" | "link" | "gap" } | null;
}
