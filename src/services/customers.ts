import { sql } from "kysely";
import { AppError } from "../core/errors.ts";
import { uuidv7 } from "../core/ids.ts";
import type { CustomerKind } from "../domain/credit/index.ts";
import type { Executor } from "../store/database.ts";
import type { CustomersTable } from "../store/schema.ts";
import { appendAudit } from "./audit.ts";
import type { Actor, Tx } from "./command.ts";

export const customerPageSizeMax = 200;

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

export interface CustomerInput {
  readonly code: string;
  readonly name: string;
  readonly kind: CustomerKind;
  readonly creditCode?: string | null;
  readonly industry?: string | null;
}

function toCustomer(row: CustomersTable): Customer {
  return {
    customerId: row.customer_id,
    code: row.code,
    name: row.name,
    kind: row.kind as CustomerKind,
    creditCode: row.credit_code,
    industry: row.industry,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function createCustomer(
  tx: Tx,
  actor: Actor,
  orgId: string,
  input: CustomerInput,
): Promise<Customer> {
  const taken = await tx.db
    .selectFrom("customers")
    .select("customer_id")
    .where("org_id", "=", orgId)
    .where("code", "=", input.code)
    .executeTakeFirst();
  if (taken !== undefined) {
    throw new AppError("CONFLICT", {
      detail: `customer code ${input.code} is taken`,
      issues: [{ path: "code", code: "TAKEN", message: "another customer has this code" }],
    });
  }
  const row: CustomersTable = {
    org_id: orgId,
    customer_id: uuidv7(),
    code: input.code,
    name: input.name,
    kind: input.kind,
    credit_code: input.creditCode ?? null,
    industry: input.industry ?? null,
    created_at: tx.now,
    updated_at: tx.now,
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

export async function getCustomer(db: Executor, orgId: string, customerId: string): Promise<Customer> {
  const row = await db
    .selectFrom("customers")
    .selectAll()
    .where("org_id", "=", orgId)
    .where("customer_id", "=", customerId)
    .executeTakeFirst();
  if (row === undefined) throw new AppError("NOT_FOUND", { params: { entity: "customer" } });
  return toCustomer(row);
}

export interface CustomerPage {
  readonly items: ReadonlyArray<Customer>;
  /** Pass as `after` for the next page; null on the last page. */
  readonly nextAfter: string | null;
}

/** Customers ordered by code; `search` matches code or name (case-insensitive for Latin letters). */
export async function listCustomers(
  db: Executor,
  orgId: string,
  options: { readonly limit: number; readonly after?: string; readonly search?: string },
): Promise<CustomerPage> {
  const limit = Math.min(Math.max(1, options.limit), customerPageSizeMax);
  let query = db.selectFrom("customers").selectAll().where("org_id", "=", orgId);
  if (options.after !== undefined) query = query.where("code", ">", options.after);
  if (options.search !== undefined && options.search !== "") {
    const pattern = `%${options.search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    // SQLite has no default LIKE escape character; name it so both engines treat `\` alike.
    query = query.where(
      sql<boolean>`(lower(name) like ${pattern} escape '\\' or lower(code) like ${pattern} escape '\\')`,
    );
  }
  const rows = await query
    .orderBy("code")
    .limit(limit + 1)
    .execute();
  const items = rows.slice(0, limit).map(toCustomer);
  return { items, nextAfter: rows.length > limit ? (items.at(-1)?.code ?? null) : null };
}
