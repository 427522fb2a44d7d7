import { z } from "zod";
import { listAudit, verifyAuditChain } from "../../services/audit.ts";
import { membershipOf } from "../access.ts";
import type { ApiApp, ApiDeps } from "../deps.ts";
import { orgParams, pageLimit } from "../schemas.ts";

const auditRecordView = z.object({
  seq: z.number(),
  recordedAt: z.string(),
  actorUserId: z.string().nullable(),
  actorLabel: z.string(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  before: z.unknown(),
  after: z.unknown(),
  prevHash: z.string(),
  hash: z.string(),
});

export function auditRoutes(app: ApiApp, deps: ApiDeps): void {
  app.get(
    "/api/v1/orgs/:orgId/audit",
    {
      config: { access: { kind: "org", permission: "audit.read" } },
      schema: {
        tags: ["audit"],
        summary: "The audit log, newest first",
        params: orgParams,
        querystring: z.strictObject({
          limit: pageLimit,
          beforeSeq: z.coerce.number().int().min(1).optional(),
          entityId: z.string().max(64).optional(),
        }),
        response: {
          200: z.object({ items: z.array(auditRecordView), nextBeforeSeq: z.number().nullable() }),
        },
      },
    },
    async (request) => {
      const { limit, beforeSeq, entityId } = request.query;
      const page = await listAudit(deps.store.db, membershipOf(request).orgId, {
        limit,
        ...(beforeSeq === undefined ? {} : { beforeSeq: BigInt(beforeSeq) }),
        ...(entityId === undefined ? {} : { entityId }),
      });
      return {
        items: page.items.map(({ orgId: _orgId, seq, ...rest }) => ({ ...rest, seq: Number(seq) })),
        nextBeforeSeq: page.nextBeforeSeq === null ? null : Number(page.nextBeforeSeq),
      };
    },
  );

  app.get(
    "/api/v1/orgs/:orgId/audit/verify",
    {
      config: { access: { kind: "org", permission: "audit.read" } },
      schema: {
        tags: ["audit"],
        summary: "Recompute the audit hash chain and name the first broken record",
        params: orgParams,
        response: {
          200: z.object({
            ok: z.boolean(),
            checked: z.number(),
            firstBroken: z.object({ seq: z.number(), reason: z.enum(["hash", "link", "gap"]) }).nullable(),
          }),
        },
      },
    },
    async (request) => {
      const report = await verifyAuditChain(deps.store.db, membershipOf(request).orgId);
      return {
        ok: report.ok,
        checked: report.checked,
        firstBroken:
          report.firstBroken === null
            ? null
            : { seq: Number(report.firstBroken.seq), reason: report.firstBroken.reason },
      };
    },
  );
}
