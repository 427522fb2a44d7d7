import { z } from "zod";
import {
  addressKinds,
  contactChannels,
  customerKinds,
  customerTagLengthMax,
  customerTagsMax,
} from "../../domain/credit/index.ts";
import { runCommand, type Tx } from "../../services/command.ts";
import type { Customer } from "../../services/customers.ts";
import {
  addAddress,
  addContact,
  createCustomer,
  getCustomer,
  listAddresses,
  listCommunications,
  listContacts,
  listCustomers,
  logCommunication,
  removeContact,
  updateCustomer,
} from "../../services/customers.ts";
import { identityCipher } from "../../services/identity-cipher.ts";
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
  idNumberMasked: z.string().nullable(),
  industry: z.string().nullable(),
  tags: z.array(z.string()),
  ownerUserId: z.string().nullable(),
  notes: z.string().nullable(),
  grade: z.string().nullable(),
  groupPayerId: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const customerFields = {
  code: z.string().trim().min(1).max(32),
  name: nameText,
  creditCode: z.string().trim().max(32).nullable().optional(),
  idNumber: z.string().trim().max(32).nullable().optional(),
  industry: z.string().trim().max(100).nullable().optional(),
  tags: z.array(z.string().trim().min(1).max(customerTagLengthMax)).max(customerTagsMax).optional(),
  ownerUserId: idParam.nullable().optional(),
  notes: z.string().trim().max(2000).nullable().optional(),
};

const toView = (customer: Customer) => ({ ...customer, tags: [...customer.tags] });

/** Drops keys whose value is undefined (exactOptionalPropertyTypes: absent is not undefined). */
function defined<T extends Record<string, unknown>>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}

const contactView = z.object({
  contactId: z.string(),
  name: z.string(),
  role: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  preferredChannel: z.enum(contactChannels),
});

const addressView = z.object({
  addressId: z.string(),
  kind: z.enum(addressKinds),
  line: z.string(),
  city: z.string().nullable(),
  province: z.string().nullable(),
  postalCode: z.string().nullable(),
  country: z.string(),
});

const communicationView = z.object({
  entryId: z.string(),
  occurredAt: z.string(),
  channel: z.enum(contactChannels),
  summary: z.string(),
  author: z.string(),
});

export function customerRoutes(app: ApiApp, deps: ApiDeps): void {
  const cipher = identityCipher(deps.secret);
  const run = <T>(command: (tx: Tx) => Promise<T>) => runCommand(deps.store, command, deps.clock);
  const customerParams = z.strictObject({ orgId: idParam, customerId: idParam });
  const read = { access: { kind: "org", permission: "customers.read" } } as const;
  const write = { access: { kind: "org", permission: "customers.write" } } as const;

  app.patch(
    "/api/v1/orgs/:orgId/customers/:customerId",
    {
      config: write,
      schema: {
        tags: ["customers"],
        summary: "Change a customer's record (send only the fields that change; null clears)",
        params: customerParams,
        body: z.strictObject(
          Object.fromEntries(Object.entries(customerFields).map(([k, v]) => [k, v.optional()])) as {
            [K in keyof typeof customerFields]: z.ZodOptional<(typeof customerFields)[K]>;
          },
        ),
        response: { 200: customerView },
      },
    },
    async (request) => {
      const { orgId } = membershipOf(request);
      const patch = defined(request.body);
      return toView(
        await run((tx) =>
          updateCustomer(tx, actorOf(request), orgId, request.params.customerId, patch, cipher),
        ),
      );
    },
  );

  app.get(
    "/api/v1/orgs/:orgId/customers/:customerId/contacts",
    {
      config: read,
      schema: {
        tags: ["customers"],
        summary: "Contacts of a customer",
        params: customerParams,
        response: { 200: z.object({ items: z.array(contactView) }) },
      },
    },
    async (request) => ({
      items: await listContacts(deps.store.db, membershipOf(request).orgId, request.params.customerId),
    }),
  );

  app.post(
    "/api/v1/orgs/:orgId/customers/:customerId/contacts",
    {
      config: write,
      schema: {
        tags: ["customers"],
        summary: "Add a contact",
        params: customerParams,
        body: z.strictObject({
          name: nameText,
          role: z.string().trim().max(100).nullable().default(null),
          phone: z.string().trim().max(40).nullable().default(null),
          email: z.email().max(254).nullable().default(null),
          preferredChannel: z.enum(contactChannels).default("phone"),
        }),
        response: { 201: contactView },
      },
    },
    async (request, reply) => {
      const contact = await run((tx) =>
        addContact(
          tx,
          actorOf(request),
          membershipOf(request).orgId,
          request.params.customerId,
          request.body,
        ),
      );
      return reply.status(201).send(contact);
    },
  );

  app.delete(
    "/api/v1/orgs/:orgId/customers/:customerId/contacts/:contactId",
    {
      config: write,
      schema: {
        tags: ["customers"],
        summary: "Remove a contact",
        params: z.strictObject({ orgId: idParam, customerId: idParam, contactId: idParam }),
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await run((tx) =>
        removeContact(
          tx,
          actorOf(request),
          membershipOf(request).orgId,
          request.params.customerId,
          request.params.contactId,
        ),
      );
      return reply.status(204).send(null);
    },
  );

  app.get(
    "/api/v1/orgs/:orgId/customers/:customerId/addresses",
    {
      config: read,
      schema: {
        tags: ["customers"],
        summary: "Addresses of a customer",
        params: customerParams,
        response: { 200: z.object({ items: z.array(addressView) }) },
      },
    },
    async (request) => ({
      items: await listAddresses(deps.store.db, membershipOf(request).orgId, request.params.customerId),
    }),
  );

  app.post(
    "/api/v1/orgs/:orgId/customers/:customerId/addresses",
    {
      config: write,
      schema: {
        tags: ["customers"],
        summary: "Add an address",
        params: customerParams,
        body: z.strictObject({
          kind: z.enum(addressKinds).default("registered"),
          line: z.string().trim().min(1).max(300),
          city: z.string().trim().max(100).nullable().default(null),
          province: z.string().trim().max(100).nullable().default(null),
          postalCode: z.string().trim().max(20).nullable().default(null),
          country: z.string().trim().length(2).default("CN"),
        }),
        response: { 201: addressView },
      },
    },
    async (request, reply) => {
      const address = await run((tx) =>
        addAddress(
          tx,
          actorOf(request),
          membershipOf(request).orgId,
          request.params.customerId,
          request.body,
        ),
      );
      return reply.status(201).send(address);
    },
  );

  app.get(
    "/api/v1/orgs/:orgId/customers/:customerId/communications",
    {
      config: read,
      schema: {
        tags: ["customers"],
        summary: "Communication log, newest first",
        params: customerParams,
        response: { 200: z.object({ items: z.array(communicationView) }) },
      },
    },
    async (request) => ({
      items: await listCommunications(deps.store.db, membershipOf(request).orgId, request.params.customerId),
    }),
  );

  app.post(
    "/api/v1/orgs/:orgId/customers/:customerId/communications",
    {
      config: write,
      schema: {
        tags: ["customers"],
        summary: "Log a call, email, visit or letter",
        params: customerParams,
        body: z.strictObject({
          channel: z.enum(contactChannels),
          summary: z.string().trim().min(1).max(2000),
          occurredAt: z.iso.datetime().optional(),
        }),
        response: { 201: communicationView },
      },
    },
    async (request, reply) => {
      const entry = await run((tx) =>
        logCommunication(
          tx,
          actorOf(request),
          membershipOf(request).orgId,
          request.params.customerId,
          defined(request.body) as {
            channel: (typeof contactChannels)[number];
            summary: string;
            occurredAt?: string;
          },
        ),
      );
      return reply.status(201).send(entry);
    },
  );

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
          grade: z.string().max(4).optional(),
          ownerUserId: idParam.optional(),
          tag: z.string().max(customerTagLengthMax).optional(),
        }),
        response: { 200: z.object({ items: z.array(customerView), nextAfter: z.string().nullable() }) },
      },
    },
    async (request) => {
      const page = await listCustomers(deps.store.db, membershipOf(request).orgId, {
        limit: request.query.limit,
        ...defined({ ...request.query, limit: undefined }),
      });
      return { items: page.items.map(toView), nextAfter: page.nextAfter };
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
        body: z.strictObject({ ...customerFields, kind: z.enum(customerKinds).default("company") }),
        response: { 201: customerView },
      },
    },
    async (request, reply) => {
      const { code, name, kind, ...rest } = request.body;
      return sendIdempotent(deps, request, reply, async (tx) => ({
        statusCode: 201,
        body: toView(
          await createCustomer(
            tx,
            actorOf(request),
            membershipOf(request).orgId,
            { code, name, kind, ...defined(rest) },
            cipher,
          ),
        ),
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
    async (request) =>
      toView(await getCustomer(deps.store.db, membershipOf(request).orgId, request.params.customerId)),
  );
}
