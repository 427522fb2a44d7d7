import { z } from "zod";
import { dateText } from "../../io/request-fields.ts";
import { listEodRuns, runEndOfDay } from "../../services/collections/eod.ts";
import { membershipOf } from "../access.ts";
import type { ApiApp, ApiDeps } from "../deps.ts";
import { orgParams } from "../schemas.ts";

/**
 * Collections: the end-of-day batch's runs, and running it by hand (the batch otherwise runs
 * inside `serve` at CREDENCE_EOD_TIME, or from `credence eod`).
 */
export function collectionsRoutes(app: ApiApp, deps: ApiDeps): void {
  const read = { access: { kind: "org", permission: "collections.read" } } as const;
  const run = { access: { kind: "org", permission: "eod.run" } } as const;
  const tags = ["collections"];
  const base = "/api/v1/orgs/:orgId/eod-runs";

  app.get(
    base,
    {
      config: read,
      schema: {
        tags,
        summary: "End-of-day runs, latest business date first, with the steps each has done",
        params: orgParams,
        querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(366).default(60) }),
      },
    },
    async (request) => {
      const { orgId } = membershipOf(request);
      return { items: await listEodRuns(deps.store, orgId, request.query.limit) };
    },
  );

  app.post(
    base,
    {
      config: run,
      schema: {
        tags,
        summary:
          "Run the end-of-day batch now: one date, or every date since the last completed run (already completed dates are not run again)",
        params: orgParams,
        body: z.strictObject({ date: dateText.optional() }),
      },
    },
    async (request) => {
      const { orgId } = membershipOf(request);
      const report = await runEndOfDay(deps.store, orgId, {
        clock: deps.clock,
        ...(request.body.date === undefined ? {} : { date: request.body.date }),
      });
      return report;
    },
  );
}
