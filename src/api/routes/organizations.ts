import { z } from "zod";
import { permissionsByRole } from "../../domain/access/index.ts";
import { accountingFrameworks, defaultCurrency, defaultTimeZone } from "../../domain/organization/index.ts";
import { runCommand } from "../../services/command.ts";
import {
  createOrganization,
  getOrganization,
  listOrganizationsOfUser,
  updateOrganization,
} from "../../services/organizations.ts";
import { actorOf, membershipOf, type Principal, principalOf } from "../access.ts";
import type { ApiApp, ApiDeps } from "../deps.ts";
import { nameText, organizationOfUserView, organizationView, orgParams } from "../schemas.ts";

/** The organizations a caller may act in, with their permissions: an API token sees only its own. */
export async function organizationsVisibleTo(
  deps: ApiDeps,
  principal: Pick<Principal, "userId" | "tokenOrgId">,
) {
  return (await listOrganizationsOfUser(deps.store.db, principal.userId))
    .filter((o) => principal.tokenOrgId === null || o.orgId === principal.tokenOrgId)
    .map((o) => ({ ...o, permissions: [...permissionsByRole[o.role]] }));
}

export function organizationRoutes(app: ApiApp, deps: ApiDeps): void {
  app.get(
    "/api/v1/orgs",
    {
      config: { access: { kind: "user" } },
      schema: {
        tags: ["organizations"],
        summary: "Organizations the caller belongs to, with their role in each",
        response: { 200: z.object({ items: z.array(organizationOfUserView) }) },
      },
    },
    async (request) => {
      return { items: await organizationsVisibleTo(deps, principalOf(request)) };
    },
  );

  app.post(
    "/api/v1/orgs",
    {
      config: { access: { kind: "session" } },
      schema: {
        tags: ["organizations"],
        summary: "Create an organization; the caller becomes its owner",
        body: z.strictObject({
          name: nameText,
          baseCurrency: z.string().length(3).default(defaultCurrency),
          timeZone: z.string().min(1).max(64).default(defaultTimeZone),
          accountingFramework: z.enum(accountingFrameworks).default("cas"),
        }),
        response: { 201: organizationView },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const organization = await runCommand(
        deps.store,
        (tx) => createOrganization(tx, actorOf(request), { ...request.body, ownerUserId: principal.userId }),
        deps.clock,
      );
      return reply.status(201).send(organization);
    },
  );

  app.get(
    "/api/v1/orgs/:orgId",
    {
      config: { access: { kind: "org", permission: "org.read" } },
      schema: {
        tags: ["organizations"],
        summary: "One organization's settings",
        params: orgParams,
        response: { 200: organizationView },
      },
    },
    async (request) => getOrganization(deps.store.db, membershipOf(request).orgId),
  );

  app.patch(
    "/api/v1/orgs/:orgId",
    {
      config: { access: { kind: "org", permission: "org.manage" } },
      schema: {
        tags: ["organizations"],
        summary: "Rename an organization or change its time zone",
        params: orgParams,
        body: z.strictObject({ name: nameText.optional(), timeZone: z.string().min(1).max(64).optional() }),
        response: { 200: organizationView },
      },
    },
    async (request) => {
      const { name, timeZone } = request.body;
      return runCommand(
        deps.store,
        (tx) =>
          updateOrganization(tx, actorOf(request), membershipOf(request).orgId, {
            ...(name === undefined ? {} : { name }),
            ...(timeZone === undefined ? {} : { timeZone }),
          }),
        deps.clock,
      );
    },
  );
}
