import { sql } from "kysely";
import { AppError, type FieldIssue } from "../core/errors.ts";
import { uuidv7 } from "../core/ids.ts";
import {
  type AddressKind,
  type ContactChannel,
  type CustomerKind,
  customerTagsMax,
  maskIdNumber,
  residentIdProblem,
  uscProblem,
} from "../domain/credit/index.ts";
import type { Executor } from "../store/database.ts";
import type { CustomersTable } from "../store/schema.ts";
import { appendAudit } from "./audit.ts";
import type { Actor, Tx } from "./command.ts";
import type { IdentityCipher } from "./identity-cipher.ts";
import { requireMember } from "./people.ts";

export const customerPageSizeMax = 200;

export interface Customer {
  readonly customerId: string;
  readonly code: string;
  readonly name: string;
  readonly kind: CustomerKind;
  readonly creditCode: string | null;
  /** Only ever the mask (110***********2X); the number itself stays encrypted. */
  readonly idNumberMasked: string | null;
  readonly industry: string | null;
  readonly tags: ReadonlyArray<string>;
  readonly ownerUserId: string | null;
  readonly notes: string | null;
  readonly grade: string | null;
  /** The head office that pays for this customer (group payer), if another customer does. */
  readonly groupPayerId: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface CustomerInput {
  readonly code: string;
  readonly name: string;
  readonly kind: CustomerKind;
  readonly creditCode?: string | null;
  readonly idNumber?: string | null;
  readonly industry?: string | null;
  readonly tags?: ReadonlyArray<string>;
  readonly ownerUserId?: string | null;
  readonly notes?: string | null;
}

type CustomerRow = Omit<CustomersTable, "tags_json"> & { tags_json: string };

function toCustomer(row: CustomerRow, grade: string | null = null): Customer {
  return {
    customerId: row.customer_id,
    code: row.code,
    name: row.name,
    kind: row.kind as CustomerKind,
    creditCode: row.credit_code,
    idNumberMasked: row.id_number_masked,
    industry: row.industry,
    tags: JSON.parse(row.tags_json) as string[],
    ownerUserId: row.owner_user_id,
    notes: row.notes,
    grade,
    groupPayerId: row.group_payer_id ?? null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const uscMessages = {
  LENGTH: "18 characters",
  CHARACTERS: "digits and capital letters without I, O, S, V, Z",
  CHECK_CHARACTER: "the check character (GB 32100-2015) does not match",
  ORGANIZATION_CODE: "the embedded organization code's check character (GB 11714) does not match",
} as const;
const idMessages = {
  LENGTH: "18 characters",
  CHARACTERS: "17 digits and a digit or X",
  BIRTH_DATE: "the birth date (digits 7–14) is not a date",
  CHECK_CHARACTER: "the check character (ISO 7064 MOD 11-2) does not match",
} as const;

/** Every problem of a customer's fields, as data (import reports use it row by row). */
export function customerInputIssues(input: Partial<CustomerInput>): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (input.creditCode !== undefined && input.creditCode !== null && input.creditCode !== "") {
    const problem = uscProblem(input.creditCode);
    if (problem !== null)
      issues.push({ path: "creditCode", code: `USC_${problem}`, message: uscMessages[problem] });
  }
  if (input.idNumber !== undefined && input.idNumber !== null && input.idNumber !== "") {
    if (input.kind === "company") {
      issues.push({
        path: "idNumber",
        code: "ID_NUMBER_FOR_INDIVIDUALS",
        message: "only individuals have an ID number",
      });
    }
    const problem = residentIdProblem(input.idNumber);
    if (problem !== null)
      issues.push({ path: "idNumber", code: `ID_${problem}`, message: idMessages[problem] });
  }
  if (input.tags !== undefined && input.tags.length > customerTagsMax) {
    issues.push({ path: "tags", code: "TOO_MANY", message: `at most ${customerTagsMax} tags` });
  }
  return issues;
}

function assertValid(input: Partial<CustomerInput>): void {
  const issues = customerInputIssues(input);
  if (issues.length > 0) {
    throw new AppError("VALIDATION_FAILED", {
      detail: issues.map((i) => `${i.path}: ${i.message}`).join("; "),
      issues,
    });
  }
}

function sealIdNumber(idNumber: string | null | undefined, cipher: IdentityCipher | undefined) {
  if (idNumber === undefined) return {};
  if (idNumber === null || idNumber === "") {
    return { id_number_cipher: null, id_number_hash: null, id_number_masked: null };
  }
  if (cipher === undefined) throw new Error("an identity cipher is needed to store an ID number");
  const normalized = idNumber.toUpperCase();
  return {
    id_number_cipher: cipher.encrypt(normalized),
    id_number_hash: cipher.hash(normalized),
    id_number_masked: maskIdNumber(normalized),
  };
}

async function refuseDuplicate(
  db: Executor,
  orgId: string,
  column: "code" | "credit_code" | "id_number_hash",
  value: string | null | undefined,
  except: string | null,
): Promise<void> {
  if (value === undefined || value === null || value === "") return;
  let query = db
    .selectFrom("customers")
    .select("customer_id")
    .where("org_id", "=", orgId)
    .where(column, "=", value);
  if (except !== null) query = query.where("customer_id", "<>", except);
  if ((await query.executeTakeFirst()) === undefined) return;
  const path = { code: "code", credit_code: "creditCode", id_number_hash: "idNumber" }[column];
  throw new AppError("CONFLICT", {
    detail: `another customer has this ${path}`,
    issues: [{ path, code: "TAKEN", message: `another customer has this ${path}` }],
  });
}

export async function createCustomer(
  tx: Tx,
  actor: Actor,
  orgId: string,
  input: CustomerInput,
  cipher?: IdentityCipher,
): Promise<Customer> {
  assertValid(input);
  const creditCode =
    input.creditCode === undefined || input.creditCode === ""
      ? null
      : (input.creditCode?.toUpperCase() ?? null);
  const sealed = sealIdNumber(input.idNumber, cipher);
  await refuseDuplicate(tx.db, orgId, "code", input.code, null);
  await refuseDuplicate(tx.db, orgId, "credit_code", creditCode, null);
  await refuseDuplicate(tx.db, orgId, "id_number_hash", sealed.id_number_hash, null);
  await requireMember(tx.db, orgId, input.ownerUserId, "ownerUserId");
  const row: CustomerRow = {
    org_id: orgId,
    customer_id: uuidv7(),
    group_payer_id: null,
    collector_user_id: null,
    code: input.code,
    name: input.name,
    kind: input.kind,
    credit_code: creditCode,
    industry: input.industry ?? null,
    created_at: tx.now,
    updated_at: tx.now,
    id_number_cipher: sealed.id_number_cipher ?? null,
    id_number_hash: sealed.id_number_hash ?? null,
    id_number_masked: sealed.id_number_masked ?? null,
    owner_user_id: input.ownerUserId ?? null,
    notes: input.notes ?? null,
    tags_json: JSON.stringify(input.tags ?? []),
  };
  await tx.db.insertInto("customers").values(row).execute();
  const customer = toCustomer(row);
  await appendAudit(tx, {
    orgId,
    actor,
    action: "customer.created",
    entityType: "customer",
    entityId: row.customer_id,
    after: customer,
  });
  return customer;
}

export type CustomerPatch = Partial<Omit<CustomerInput, "kind">>;

export async function updateCustomer(
  tx: Tx,
  actor: Actor,
  orgId: string,
  customerId: string,
  patch: CustomerPatch,
  cipher?: IdentityCipher,
): Promise<Customer> {
  const before = await getCustomer(tx.db, orgId, customerId);
  assertValid({ ...patch, kind: before.kind });
  const creditCode =
    patch.creditCode === undefined
      ? undefined
      : patch.creditCode === ""
        ? null
        : (patch.creditCode?.toUpperCase() ?? null);
  const sealed = sealIdNumber(patch.idNumber, cipher);
  await refuseDuplicate(tx.db, orgId, "code", patch.code, customerId);
  await refuseDuplicate(tx.db, orgId, "credit_code", creditCode, customerId);
  await refuseDuplicate(tx.db, orgId, "id_number_hash", sealed.id_number_hash, customerId);
  await requireMember(tx.db, orgId, patch.ownerUserId, "ownerUserId");
  await tx.db
    .updateTable("customers")
    .set({
      ...(patch.code === undefined ? {} : { code: patch.code }),
      ...(patch.name === undefined ? {} : { name: patch.name }),
      ...(creditCode === undefined ? {} : { credit_code: creditCode }),
      ...(patch.industry === undefined ? {} : { industry: patch.industry }),
      ...(patch.tags === undefined ? {} : { tags_json: JSON.stringify(patch.tags) }),
      ...(patch.ownerUserId === undefined ? {} : { owner_user_id: patch.ownerUserId }),
      ...(patch.notes === undefined ? {} : { notes: patch.notes }),
      ...sealed,
      updated_at: tx.now,
    })
    .where("org_id", "=", orgId)
    .where("customer_id", "=", customerId)
    .execute();
  const after = await getCustomer(tx.db, orgId, customerId);
  await appendAudit(tx, {
    orgId,
    actor,
    action: "customer.updated",
    entityType: "customer",
    entityId: customerId,
    before,
    after,
  });
  return after;
}

/**
 * Names the head office that pays for a customer (null: it pays for itself). One level only: a
 * group payer pays for itself, so chains and cycles cannot form.
 */
export async function setGroupPayer(
  tx: Tx,
  actor: Actor,
  orgId: string,
  customerId: string,
  groupPayerId: string | null,
): Promise<Customer> {
  const before = await getCustomer(tx.db, orgId, customerId);
  const issue = (code: string, message: string) =>
    new AppError("VALIDATION_FAILED", { detail: message, issues: [{ path: "groupPayerId", code, message }] });
  if (groupPayerId !== null) {
    if (groupPayerId === customerId) throw issue("SELF", "a customer does not pay for itself as group payer");
    const payer = await customerQuery(tx.db, orgId)
      .where("c.customer_id", "=", groupPayerId)
      .executeTakeFirst();
    if (payer === undefined) throw issue("NOT_FOUND", "no such customer");
    if (payer.group_payer_id !== null)
      throw issue("NESTED", `${payer.name} is itself paid for by another customer`);
    const paysFor = await tx.db
      .selectFrom("customers")
      .select("customer_id")
      .where("org_id", "=", orgId)
      .where("group_payer_id", "=", customerId)
      .executeTakeFirst();
    if (paysFor !== undefined) throw issue("NESTED", `${before.name} already pays for other customers`);
  }
  await tx.db
    .updateTable("customers")
    .set({ group_payer_id: groupPayerId, updated_at: tx.now })
    .where("org_id", "=", orgId)
    .where("customer_id", "=", customerId)
    .execute();
  const after = await getCustomer(tx.db, orgId, customerId);
  await appendAudit(tx, {
    orgId,
    actor,
    action: "customer.group_payer_set",
    entityType: "customer",
    entityId: customerId,
    before: { groupPayerId: before.groupPayerId },
    after: { groupPayerId },
  });
  return after;
}

function customerQuery(db: Executor, orgId: string) {
  return db
    .selectFrom("customers as c")
    .leftJoin("customer_credit as k", (join) =>
      join.onRef("k.org_id", "=", "c.org_id").onRef("k.customer_id", "=", "c.customer_id"),
    )
    .selectAll("c")
    .select("k.grade")
    .where("c.org_id", "=", orgId);
}

export async function getCustomer(db: Executor, orgId: string, customerId: string): Promise<Customer> {
  const row = await customerQuery(db, orgId).where("c.customer_id", "=", customerId).executeTakeFirst();
  if (row === undefined) throw new AppError("NOT_FOUND", { params: { entity: "customer" } });
  return toCustomer(row, row.grade);
}

export interface CustomerPage {
  readonly items: ReadonlyArray<Customer>;
  /** Pass as `after` for the next page; null on the last page. */
  readonly nextAfter: string | null;
}

export interface CustomerFilter {
  readonly search?: string;
  readonly grade?: string;
  readonly ownerUserId?: string;
  readonly tag?: string;
}

const likePattern = (text: string) => `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Customers ordered by code, one page at a time (keyset paging on the unique code, so page 500 is
 * as fast as page 1); `search` matches code or name (case-insensitive for Latin letters).
 */
export async function listCustomers(
  db: Executor,
  orgId: string,
  options: { readonly limit: number; readonly after?: string } & CustomerFilter,
): Promise<CustomerPage> {
  const limit = Math.min(Math.max(1, options.limit), customerPageSizeMax);
  let query = customerQuery(db, orgId);
  if (options.after !== undefined) query = query.where("c.code", ">", options.after);
  if (options.search !== undefined && options.search !== "") {
    const pattern = likePattern(options.search);
    // SQLite has no default LIKE escape character; name it so both engines treat `\` alike. Text
    // without letter case (Chinese, digits) compares the columns as they are: lower() on every
    // name costs a scan's worth of calls and hides the column from PostgreSQL's statistics, which
    // then misjudges how many rows match (bench/customers.ts: 50 ms → under 1 ms for a common word).
    const caseless = options.search.toLowerCase() === options.search.toUpperCase();
    query = query.where(
      caseless
        ? sql<boolean>`(c.name like ${pattern} escape '\\' or c.code like ${pattern} escape '\\')`
        : sql<boolean>`(lower(c.name) like ${pattern} escape '\\' or lower(c.code) like ${pattern} escape '\\')`,
    );
  }
  if (options.grade !== undefined) query = query.where("k.grade", "=", options.grade);
  if (options.ownerUserId !== undefined) query = query.where("c.owner_user_id", "=", options.ownerUserId);
  if (options.tag !== undefined) {
    query = query.where(
      sql<boolean>`c.tags_json like ${likePattern(JSON.stringify(options.tag))} escape '\\'`,
    );
  }
  const rows = await query
    .orderBy("c.code")
    .limit(limit + 1)
    .execute();
  const items = rows.slice(0, limit).map((row) => toCustomer(row, row.grade));
  return { items, nextAfter: rows.length > limit ? (items.at(-1)?.code ?? null) : null };
}

export interface Contact {
  readonly contactId: string;
  readonly name: string;
  readonly role: string | null;
  readonly phone: string | null;
  readonly email: string | null;
  readonly preferredChannel: ContactChannel;
}

export async function listContacts(db: Executor, orgId: string, customerId: string): Promise<Contact[]> {
  const rows = await db
    .selectFrom("customer_contacts")
    .selectAll()
    .where("org_id", "=", orgId)
    .where("customer_id", "=", customerId)
    .orderBy("created_at")
    .execute();
  return rows.map((row) => ({
    contactId: row.contact_id,
    name: row.name,
    role: row.role,
    phone: row.phone,
    email: row.email,
    preferredChannel: row.preferred_channel as ContactChannel,
  }));
}

export async function addContact(
  tx: Tx,
  actor: Actor,
  orgId: string,
  customerId: string,
  input: Omit<Contact, "contactId">,
): Promise<Contact> {
  await getCustomer(tx.db, orgId, customerId);
  const contact: Contact = { contactId: uuidv7(), ...input };
  await tx.db
    .insertInto("customer_contacts")
    .values({
      org_id: orgId,
      contact_id: contact.contactId,
      customer_id: customerId,
      name: contact.name,
      role: contact.role,
      phone: contact.phone,
      email: contact.email,
      preferred_channel: contact.preferredChannel,
      created_at: tx.now,
    })
    .execute();
  await appendAudit(tx, {
    orgId,
    actor,
    action: "contact.added",
    entityType: "customer",
    entityId: customerId,
    after: contact,
  });
  return contact;
}

export async function removeContact(
  tx: Tx,
  actor: Actor,
  orgId: string,
  customerId: string,
  contactId: string,
) {
  const result = await tx.db
    .deleteFrom("customer_contacts")
    .where("org_id", "=", orgId)
    .where("customer_id", "=", customerId)
    .where("contact_id", "=", contactId)
    .executeTakeFirst();
  if (result.numDeletedRows === 0n) throw new AppError("NOT_FOUND", { params: { entity: "contact" } });
  await appendAudit(tx, {
    orgId,
    actor,
    action: "contact.removed",
    entityType: "customer",
    entityId: customerId,
    before: { contactId },
  });
}

export interface Address {
  readonly addressId: string;
  readonly kind: AddressKind;
  readonly line: string;
  readonly city: string | null;
  readonly province: string | null;
  readonly postalCode: string | null;
  readonly country: string;
}

export async function listAddresses(db: Executor, orgId: string, customerId: string): Promise<Address[]> {
  const rows = await db
    .selectFrom("customer_addresses")
    .selectAll()
    .where("org_id", "=", orgId)
    .where("customer_id", "=", customerId)
    .orderBy("created_at")
    .execute();
  return rows.map((row) => ({
    addressId: row.address_id,
    kind: row.kind as AddressKind,
    line: row.line,
    city: row.city,
    province: row.province,
    postalCode: row.postal_code,
    country: row.country,
  }));
}

export async function addAddress(
  tx: Tx,
  actor: Actor,
  orgId: string,
  customerId: string,
  input: Omit<Address, "addressId">,
): Promise<Address> {
  await getCustomer(tx.db, orgId, customerId);
  const address: Address = { addressId: uuidv7(), ...input };
  await tx.db
    .insertInto("customer_addresses")
    .values({
      org_id: orgId,
      address_id: address.addressId,
      customer_id: customerId,
      kind: address.kind,
      line: address.line,
      city: address.city,
      province: address.province,
      postal_code: address.postalCode,
      country: address.country,
      created_at: tx.now,
    })
    .execute();
  await appendAudit(tx, {
    orgId,
    actor,
    action: "address.added",
    entityType: "customer",
    entityId: customerId,
    after: address,
  });
  return address;
}

export interface Communication {
  readonly entryId: string;
  readonly occurredAt: string;
  readonly channel: ContactChannel;
  readonly summary: string;
  readonly author: string;
}

/** The communication log: what was said to or heard from the customer, newest first. */
export async function listCommunications(
  db: Executor,
  orgId: string,
  customerId: string,
  limit = 100,
): Promise<Communication[]> {
  const rows = await db
    .selectFrom("customer_communications")
    .selectAll()
    .where("org_id", "=", orgId)
    .where("customer_id", "=", customerId)
    .orderBy("occurred_at", "desc")
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    entryId: row.entry_id,
    occurredAt: row.occurred_at,
    channel: row.channel as ContactChannel,
    summary: row.summary,
    author: row.author,
  }));
}

export async function logCommunication(
  tx: Tx,
  actor: Actor,
  orgId: string,
  customerId: string,
  input: { readonly occurredAt?: string; readonly channel: ContactChannel; readonly summary: string },
): Promise<Communication> {
  await getCustomer(tx.db, orgId, customerId);
  const entry: Communication = {
    entryId: uuidv7(),
    occurredAt: input.occurredAt ?? tx.now,
    channel: input.channel,
    summary: input.summary,
    author: actor.label,
  };
  await tx.db
    .insertInto("customer_communications")
    .values({
      org_id: orgId,
      entry_id: entry.entryId,
      customer_id: customerId,
      occurred_at: entry.occurredAt,
      channel: entry.channel,
      summary: entry.summary,
      author: entry.author,
    })
    .execute();
  return entry;
}
