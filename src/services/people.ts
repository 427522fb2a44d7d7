import { AppError } from "../core/errors.ts";
import { uuidv7 } from "../core/ids.ts";
import { isRole, type Role } from "../domain/access/index.ts";
import type { Locale } from "../domain/organization/index.ts";
import type { Executor } from "../store/database.ts";
import type { UsersTable } from "../store/schema.ts";
import { appendAudit } from "./audit.ts";
import { type Actor, lockOrganization, type Tx } from "./command.ts";
import { hashPassword, passwordLengthMax, passwordLengthMin } from "./passwords.ts";

export interface User {
  readonly userId: string;
  readonly email: string;
  readonly displayName: string;
  readonly locale: Locale;
  readonly createdAt: string;
}

export interface Member {
  readonly userId: string;
  readonly email: string;
  readonly displayName: string;
  readonly role: Role;
  readonly memberSince: string;
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function toUser(row: UsersTable): User {
  return {
    userId: row.user_id,
    email: row.email,
    displayName: row.display_name,
    locale: row.locale as Locale,
    createdAt: row.created_at,
  };
}

function checkPassword(password: string): void {
  if (password.length < passwordLengthMin || password.length > passwordLengthMax) {
    throw new AppError("VALIDATION_FAILED", {
      issues: [
        {
          path: "password",
          code: "PASSWORD_LENGTH",
          message: `password must have ${passwordLengthMin} to ${passwordLengthMax} characters`,
        },
      ],
    });
  }
}

export interface NewUser {
  readonly email: string;
  readonly displayName: string;
  readonly password: string;
  readonly locale: Locale;
}

/** Users are global (one person, many organizations); the audit trail lives in each membership. */
export async function createUser(tx: Tx, input: NewUser): Promise<User> {
  checkPassword(input.password);
  const email = normalizeEmail(input.email);
  const existing = await findUserByEmail(tx.db, email);
  if (existing !== undefined) throw new AppError("EMAIL_TAKEN", { params: { email } });
  const row: UsersTable = {
    user_id: uuidv7(),
    email,
    display_name: input.displayName,
    password_hash: await hashPassword(input.password),
    locale: input.locale,
    created_at: tx.now,
    disabled_at: null,
  };
  await tx.db.insertInto("users").values(row).execute();
  return toUser(row);
}

export async function findUserByEmail(db: Executor, email: string): Promise<UsersTable | undefined> {
  return db.selectFrom("users").selectAll().where("email", "=", normalizeEmail(email)).executeTakeFirst();
}

export async function getUser(db: Executor, userId: string): Promise<User> {
  const row = await db.selectFrom("users").selectAll().where("user_id", "=", userId).executeTakeFirst();
  if (row === undefined) throw new AppError("NOT_FOUND", { params: { entity: "user" } });
  return toUser(row);
}

export async function updateProfile(
  tx: Tx,
  userId: string,
  patch: { readonly displayName?: string; readonly locale?: Locale },
): Promise<User> {
  const set = {
    ...(patch.displayName === undefined ? {} : { display_name: patch.displayName }),
    ...(patch.locale === undefined ? {} : { locale: patch.locale }),
  };
  if (Object.keys(set).length > 0) {
    await tx.db.updateTable("users").set(set).where("user_id", "=", userId).execute();
  }
  return getUser(tx.db, userId);
}

/** Refuses, at the field `path`, a user who is not a member of the organization (no user passes). */
export async function requireMember(
  db: Executor,
  orgId: string,
  userId: string | null | undefined,
  path: string,
): Promise<void> {
  if (userId === undefined || userId === null) return;
  if ((await getMembershipRole(db, orgId, userId)) === undefined) {
    throw new AppError("VALIDATION_FAILED", {
      issues: [{ path, code: "NOT_A_MEMBER", message: "not a member of this organization" }],
    });
  }
}

export async function getMembershipRole(
  db: Executor,
  orgId: string,
  userId: string,
): Promise<Role | undefined> {
  const row = await db
    .selectFrom("memberships")
    .select("role")
    .where("org_id", "=", orgId)
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return row !== undefined && isRole(row.role) ? row.role : undefined;
}

export async function listMembers(db: Executor, orgId: string): Promise<Member[]> {
  const rows = await db
    .selectFrom("memberships")
    .innerJoin("users", "users.user_id", "memberships.user_id")
    .select([
      "users.user_id",
      "users.email",
      "users.display_name",
      "memberships.role",
      "memberships.created_at",
    ])
    .where("memberships.org_id", "=", orgId)
    .orderBy("users.email")
    .execute();
  return rows.map((row) => ({
    userId: row.user_id,
    email: row.email,
    displayName: row.display_name,
    role: row.role as Role,
    memberSince: row.created_at,
  }));
}

export async function getMember(db: Executor, orgId: string, userId: string): Promise<Member> {
  const member = (await listMembers(db, orgId)).find((m) => m.userId === userId);
  if (member === undefined) throw new AppError("NOT_FOUND", { params: { entity: "member" } });
  return member;
}

export interface NewMember {
  readonly email: string;
  readonly role: Role;
  /** Needed only when no user with this email exists yet. */
  readonly displayName?: string;
  readonly password?: string;
  readonly locale?: Locale;
}

/** Adds a person to an organization: an existing user by email, or a new user. */
export async function addMember(tx: Tx, actor: Actor, orgId: string, input: NewMember): Promise<Member> {
  const existing = await findUserByEmail(tx.db, input.email);
  let userId: string;
  if (existing !== undefined) {
    userId = existing.user_id;
    if ((await getMembershipRole(tx.db, orgId, userId)) !== undefined) {
      throw new AppError("ALREADY_MEMBER", { params: { email: existing.email } });
    }
  } else {
    if (input.password === undefined || input.displayName === undefined) {
      throw new AppError("VALIDATION_FAILED", {
        detail: "a new user needs a display name and an initial password",
        issues: [
          ...(input.displayName === undefined
            ? [{ path: "displayName", code: "REQUIRED", message: "required for a new user" }]
            : []),
          ...(input.password === undefined
            ? [{ path: "password", code: "REQUIRED", message: "required for a new user" }]
            : []),
        ],
      });
    }
    const user = await createUser(tx, {
      email: input.email,
      displayName: input.displayName,
      password: input.password,
      locale: input.locale ?? "zh-CN",
    });
    userId = user.userId;
  }
  await tx.db
    .insertInto("memberships")
    .values({ org_id: orgId, user_id: userId, role: input.role, created_at: tx.now })
    .execute();
  const member = await getMember(tx.db, orgId, userId);
  await appendAudit(tx, {
    orgId,
    actor,
    action: "member.added",
    entityType: "membership",
    entityId: userId,
    after: member,
  });
  return member;
}

/** Callers hold the organization lock, so two owners cannot demote each other at once. */
async function assertNotLastOwner(tx: Tx, orgId: string, member: Member): Promise<void> {
  if (member.role !== "owner") return;
  const owners = (await listMembers(tx.db, orgId)).filter((m) => m.role === "owner");
  if (owners.length <= 1) throw new AppError("LAST_OWNER");
}

export async function changeRole(
  tx: Tx,
  actor: Actor,
  orgId: string,
  userId: string,
  role: Role,
): Promise<Member> {
  await lockOrganization(tx, orgId);
  const before = await getMember(tx.db, orgId, userId);
  if (before.role === role) return before;
  if (role !== "owner") await assertNotLastOwner(tx, orgId, before);
  await tx.db
    .updateTable("memberships")
    .set({ role })
    .where("org_id", "=", orgId)
    .where("user_id", "=", userId)
    .execute();
  const after = await getMember(tx.db, orgId, userId);
  await appendAudit(tx, {
    orgId,
    actor,
    action: "member.role_changed",
    entityType: "membership",
    entityId: userId,
    before,
    after,
  });
  return after;
}

/** Removes a person from an organization; their API tokens for it go with them. */
export async function removeMember(tx: Tx, actor: Actor, orgId: string, userId: string): Promise<void> {
  await lockOrganization(tx, orgId);
  const before = await getMember(tx.db, orgId, userId);
  await assertNotLastOwner(tx, orgId, before);
  await tx.db.deleteFrom("api_tokens").where("org_id", "=", orgId).where("user_id", "=", userId).execute();
  await tx.db.deleteFrom("memberships").where("org_id", "=", orgId).where("user_id", "=", userId).execute();
  await appendAudit(tx, {
    orgId,
    actor,
    action: "member.removed",
    entityType: "membership",
    entityId: userId,
    before,
  });
}
