import { z } from "zod";
import { AppError } from "../../core/errors.ts";
import { roleAllows } from "../../domain/access/index.ts";
import { createApiToken, getApiToken, listApiTokens, revokeApiToken } from "../../services/auth.ts";
import { runCommand } from "../../services/command.ts";
import { actorOf, membershipOf, principalOf } from "../access.ts";
import type { ApiApp, ApiDeps } from "../deps.ts";
import { idParam, instantText, nameText, orgParams } from "../schemas.ts";

const tokenView = z.object({
  tokenId: z.string(),
  userId: z.string(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});

export function tokenRoutes(app: ApiApp, deps: ApiDeps): void {
  app.get(
    "/api/v1/orgs/:orgId/tokens",
    {
      config: { access: { kind: "org", permission: "tokens.manage" } },
      schema: {
        tags: ["people"],
        summary: "The caller's API tokens for this organization; `scope=all` lists everyone's (owners only)",
        params: orgParams,
        querystring: z.strictObject({ scope: z.enum(["mine", "all"]).default("mine") }),
        response: { 200: z.object({ items: z.array(tokenView) }) },
      },
    },
    async (request) => {
      const membership = membershipOf(request);
      if (request.query.scope === "all" && !roleAllows(membership.role, "members.manage")) {
        throw new AppError("PERMISSION_DENIED", { params: { permission: "members.manage" } });
      }
      const userId = request.query.scope === "all" ? null : principalOf(request).userId;
      return { items: await listApiTokens(deps.store.db, membership.orgId, userId) };
    },
  );

  app.post(
    "/api/v1/orgs/:orgId/tokens",
    {
      config: { access: { kind: "org", permission: "tokens.manage" } },
      schema: {
        tags: ["people"],
        summary: "Create an API token acting as the caller in this organization; the secret is shown once",
        params: orgParams,
        body: z.strictObject({ name: nameText, expiresAt: instantText.optional() }),
        response: { 201: tokenView.extend({ token: z.string() }) },
      },
    },
    async (request, reply) => {
      const { name, expiresAt } = request.body;
      const grant = await runCommand(
        deps.store,
        (tx) =>
          createApiToken(tx, actorOf(request), membershipOf(request).orgId, {
            userId: principalOf(request).userId,
            name,
            ...(expiresAt === undefined ? {} : { expiresAt: new Date(expiresAt).toISOString() }),
          }),
        deps.clock,
      );
      return reply.status(201).send({ ...grant.info, token: grant.token });
    },
  );

  app.delete(
    "/api/v1/orgs/:orgId/tokens/:tokenId",
    {
      config: { access: { kind: "org", permission: "tokens.manage" } },
      schema: {
        tags: ["people"],
        summary: "Revoke an API token (one's own; owners may revoke anyone's)",
        params: z.strictObject({ orgId: idParam, tokenId: idParam }),
        response: { 200: tokenView },
      },
    },
    async (request) => {
      const membership = membershipOf(request);
      const token = await getApiToken(deps.store.db, membership.orgId, request.params.tokenId);
      if (token.userId !== principalOf(request).userId && !roleAllows(membership.role, "members.manage")) {
        throw new AppError("NOT_FOUND", { params: { entity: "api_token" } });
      }
      return runCommand(
        deps.store,
        (tx) => revokeApiToken(tx, actorOf(request), membership.orgId, request.params.tokenId),
        deps.clock,
      );
    },
  );
}
