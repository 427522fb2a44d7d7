import { z } from "zod";
import { customerKinds } from "../../domain/credit/index.ts";
import { createCustomer, getCustomer, listCustomers } from "../../services/customers.ts";
import { actorOf, membershipOf } from "../access.ts";
import type { ApiApp, ApiDeps } from "../deps.ts";
import { sendIdempotent } from "../idempotent.ts";
import { idParam, nameText, orgParams, pageLimit } from "../schemas.ts";

const customerView = z.object({
  customerId: z.string(),
  code: z.string(),
  name: z.string(),
  kind: z.enum(customerKinds),
  creditCode: z.string().nullable(),
  industry: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export function customerRoutes(app: ApiApp, deps: ApiDeps): void {
  app.get(
    "/api/v1/orgs/:orgId/customers",
    {
      config: { access: { kind: "org", permission: "customers.read" } },
      schema: {
        tags: ["customers"],
        summary: "Customers by code; `search` matches code or name",
        params: orgParams,
        querystring: z.strictObject({
          limit: pageLimit,
          after: z.string().max(64).optional(),
          search: z.string().max(100).optional(),
        }),
        response: { 200: z.object({ items: z.array(customerView), nextAfter: z.string().nullable() }) },
      },
    },
    async (request) => {
      const { limit, after, search } = request.query;
      const page = await listCustomers(deps.store.db, membershipOf(request).orgId, {
        limit,
        ...(after === undefined ? {} : { after }),
        ...(search === undefined ? {} : { search }),
      });
      return { items: [...page.items], nextAfter: page.nextAfter };
    },
  );

  app.post(
    "/api/v1/orgs/:orgId/customers",
    {
      config: { access: { kind: "org", permission: "customers.write" } },
      schema: {
        tags: ["customers"],
        summary: "Create a customer (honors Idempotency-Key)",
        params: orgParams,
        headers: z.object({ "idempotency-key": z.string().max(200).optional() }),
        body: z.strictObject({
          code: z.string().trim().min(1).max(32),
          name: nameText,
          kind: z.enum(customerKinds).default("company"),
          creditCode: z.string().trim().max(32).nullable().optional(),
          industry: z.string().trim().max(100).nullable().optional(),
        }),
        response: { 201: customerView },
      },
    },
    async (request, reply) => {
      const { code, name, kind, creditCode, industry } = request.body;
      return sendIdempotent(deps, request, reply, async (tx) => ({
        statusCode: 201,
        body: await createCustomer(tx, actorOf(request), membershipOf(request).orgId, {
          code,
          name,
          kind,
          ...(creditCode === undefined ? {} : { creditCode }),
          ...(industry === undefined ? {} : { industry }),
        }),
      }));
    },
  );

  app.get(
    "/api/v1/orgs/:orgId/customers/:customerId",
    {
      config: { access: { kind: "org", permission: "customers.read" } },
      schema: {
        tags: ["customers"],
        summary: "One customer",
        params: z.strictObject({ orgId: idParam, customerId: idParam }),
        response: { 200: customerView },
      },
    },
    async (request) => getCustomer(deps.store.db, membershipOf(request).orgId, request.params.customerId),
  );
}
