import { z } from "zod";
import { runCommand } from "../../services/command.ts";
import { passwordLengthMax, passwordLengthMin } from "../../services/passwords.ts";
import { addMember, changeRole, listMembers, removeMember } from "../../services/people.ts";
import { actorOf, membershipOf } from "../access.ts";
import type { ApiApp, ApiDeps } from "../deps.ts";
import { emailText, idParam, localeEnum, memberView, nameText, orgParams, roleEnum } from "../schemas.ts";

const memberParams = z.strictObject({ orgId: idParam, userId: idParam });

export function memberRoutes(app: ApiApp, deps: ApiDeps): void {
  app.get(
    "/api/v1/orgs/:orgId/members",
    {
      config: { access: { kind: "org", permission: "members.read" } },
      schema: {
        tags: ["people"],
        summary: "People in the organization and their roles",
        params: orgParams,
        response: { 200: z.object({ items: z.array(memberView) }) },
      },
    },
    async (request) => ({ items: await listMembers(deps.store.db, membershipOf(request).orgId) }),
  );

  app.post(
    "/api/v1/orgs/:orgId/members",
    {
      config: { access: { kind: "org", permission: "members.manage" } },
      schema: {
        tags: ["people"],
        summary:
          "Add a person: an existing user by email, or a new user (then name and password are required)",
        params: orgParams,
        body: z.strictObject({
          email: emailText,
          role: roleEnum,
          displayName: nameText.optional(),
          password: z.string().min(passwordLengthMin).max(passwordLengthMax).optional(),
          locale: localeEnum.optional(),
        }),
        response: { 201: memberView },
      },
    },
    async (request, reply) => {
      const { email, role, displayName, password, locale } = request.body;
      const member = await runCommand(
        deps.store,
        (tx) =>
          addMember(tx, actorOf(request), membershipOf(request).orgId, {
            email,
            role,
            ...(displayName === undefined ? {} : { displayName }),
            ...(password === undefined ? {} : { password }),
            ...(locale === undefined ? {} : { locale }),
          }),
        deps.clock,
      );
      return reply.status(201).send(member);
    },
  );

  app.patch(
    "/api/v1/orgs/:orgId/members/:userId",
    {
      config: { access: { kind: "org", permission: "members.manage" } },
      schema: {
        tags: ["people"],
        summary: "Change a member's role (an organization keeps at least one owner)",
        params: memberParams,
        body: z.strictObject({ role: roleEnum }),
        response: { 200: memberView },
      },
    },
    async (request) =>
      runCommand(
        deps.store,
        (tx) =>
          changeRole(
            tx,
            actorOf(request),
            membershipOf(request).orgId,
            request.params.userId,
            request.body.role,
          ),
        deps.clock,
      ),
  );

  app.delete(
    "/api/v1/orgs/:orgId/members/:userId",
    {
      config: { access: { kind: "org", permission: "members.manage" } },
      schema: {
        tags: ["people"],
        summary: "Remove a member from the organization (their API tokens for it are deleted)",
        params: memberParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await runCommand(
        deps.store,
        (tx) => removeMember(tx, actorOf(request), membershipOf(request).orgId, request.params.userId),
        deps.clock,
      );
      return reply.status(204).send(null);
    },
  );
}
