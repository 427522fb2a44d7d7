import { z } from "zod";
import { roleAllows } from "../../domain/access/index.ts";
import { dateText } from "../../io/request-fields.ts";
import type { WorklistScope } from "../../services/collections/worklist.ts";
import { businessDateAt } from "../../services/organizations.ts";
import { dashboard } from "../../services/reports/dashboard.ts";
import { portfolio } from "../../services/reports/portfolio.ts";
import { membershipOf, principalOf } from "../access.ts";
import type { ApiApp, ApiDeps } from "../deps.ts";
import { orgParams } from "../schemas.ts";
import { organizationsVisibleTo } from "./organizations.ts";

/**
 * The dashboard of one organization (the first screen after signing in) and the portfolio across
 * every organization the caller belongs to (a bookkeeping firm's view of its clients).
 */
export function dashboardRoutes(app: ApiApp, deps: ApiDeps): void {
  const db = deps.store.db;
  const tags = ["reports"];
  const now = () => deps.clock().toISOString();

  app.get(
    "/api/v1/orgs/:orgId/dashboard",
    {
      config: { access: { kind: "org", permission: "reports.read" } },
      schema: {
        tags,
        summary:
          "The dashboard as of a date (today by default): receivables, overdue share, aging, DSO trend, this month's collections against the forecast, top overdue customers, today's worklist",
        params: orgParams,
        querystring: z.strictObject({ asOf: dateText.optional() }),
      },
    },
    async (request) => {
      const { orgId, role } = membershipOf(request);
      const me = principalOf(request).userId;
      const today = await businessDateAt(db, orgId, now());
      // As on the worklist page: a collector works their own customers; others see them all.
      const worklistScope: WorklistScope | null = !roleAllows(role, "collections.read")
        ? null
        : role === "collector"
          ? { kind: "collector", userId: me }
          : { kind: "all" };
      return dashboard(db, orgId, {
        asOf: request.query.asOf ?? today,
        today,
        worklistScope,
        alerts: roleAllows(role, "risk.read"),
      });
    },
  );

  app.get(
    "/api/v1/portfolio",
    {
      config: { access: { kind: "user" } },
      schema: {
        tags,
        summary:
          "Every organization the caller may read reports of (an API token: its own only): receivables, aging, DSO and worklist size, totals per currency, and the customers shared between them by credit code",
        querystring: z.strictObject({ asOf: dateText.optional() }),
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const memberships = await organizationsVisibleTo(deps, principal);
      return portfolio(
        db,
        memberships.map((org) => ({ orgId: org.orgId, name: org.name, role: org.role })),
        { asOf: request.query.asOf ?? null, now: now(), userId: principal.userId },
      );
    },
  );
}
