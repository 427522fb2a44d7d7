import { z } from "zod";
import { alertStatuses, type WarningRule, warningSeverities } from "../../domain/risk/index.ts";
import { dateText } from "../../io/request-fields.ts";
import { runCommand } from "../../services/command.ts";
import { businessDateAt } from "../../services/organizations.ts";
import {
  alertListLimitMax,
  getWarningRules,
  handleAlert,
  listAlerts,
  previewWarnings,
  saveWarningRules,
} from "../../services/risk/warnings.ts";
import { actorOf, membershipOf, principalOf } from "../access.ts";
import type { ApiApp, ApiDeps } from "../deps.ts";
import { idParam, orgParams } from "../schemas.ts";

/**
 * Early warnings: the rule set (versioned), a preview of who it flags today, and the alerts it
 * raised, with acknowledging and resolving them. Reading takes risk.read, handling alerts
 * risk.manage, saving rules risk.configure.
 */

const alertParams = z.strictObject({ orgId: idParam, alertId: idParam });
const customerParams = z.strictObject({ orgId: idParam, customerId: idParam });

const conditionBody = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("days_past_due"), daysMin: z.number().int() }),
  z.strictObject({ kind: z.literal("utilization"), percentMin: z.number().int() }),
  z.strictObject({
    kind: z.literal("payment_trend"),
    windowDays: z.number().int(),
    worseByDays: z.number().int(),
  }),
  z.strictObject({
    kind: z.literal("broken_promises"),
    countMin: z.number().int(),
    windowDays: z.number().int(),
  }),
  z.strictObject({
    kind: z.literal("ratio_worsening"),
    scoreDropMin: z.number().int(),
    onGradeDrop: z.boolean(),
  }),
  z.strictObject({ kind: z.literal("new_lawsuits"), countEnforcements: z.boolean() }),
]);
const ruleBody = z.strictObject({
  code: z.string().max(32),
  names: z.strictObject({ "zh-CN": z.string().max(100), en: z.string().max(100) }),
  enabled: z.boolean(),
  severity: z.enum(warningSeverities),
  match: z.enum(["all", "any"]),
  conditions: z.array(conditionBody).max(10),
  actions: z.strictObject({ task: z.boolean(), hold: z.boolean() }),
});
const rulesBody = z.strictObject({ rules: z.array(ruleBody).max(50) });

const alertQuery = z.strictObject({
  status: z.enum([...alertStatuses, "active"]).optional(),
  severity: z.enum(warningSeverities).optional(),
  customerId: idParam.optional(),
  /** "me": the alerts whose open task is the caller's. */
  task: z.enum(["me"]).optional(),
  limit: z.coerce.number().int().min(1).max(alertListLimitMax).default(100),
});

export function warningRoutes(app: ApiApp, deps: ApiDeps): void {
  const read = { access: { kind: "org", permission: "risk.read" } } as const;
  const manage = { access: { kind: "org", permission: "risk.manage" } } as const;
  const configure = { access: { kind: "org", permission: "risk.configure" } } as const;
  const tags = ["risk"];
  const base = "/api/v1/orgs/:orgId";
  const db = deps.store.db;
  const today = (orgId: string) => businessDateAt(db, orgId, deps.clock().toISOString());

  app.get(
    `${base}/warning-rules`,
    {
      config: read,
      schema: {
        tags,
        summary: "The early-warning rules in force (the built-in set until the organization saves its own)",
        params: orgParams,
      },
    },
    async (request) => getWarningRules(db, membershipOf(request).orgId),
  );

  app.put(
    `${base}/warning-rules`,
    {
      config: configure,
      schema: {
        tags,
        summary: "Save a new version of the early-warning rules; the answer carries the new version",
        params: orgParams,
        body: rulesBody,
      },
    },
    async (request) => {
      const { orgId } = membershipOf(request);
      return runCommand(
        deps.store,
        (tx) =>
          saveWarningRules(tx, actorOf(request), orgId, request.body.rules as ReadonlyArray<WarningRule>),
        deps.clock,
      );
    },
  );

  app.post(
    `${base}/warning-rules/preview`,
    {
      config: read,
      schema: {
        tags,
        summary:
          "Who the rules (a draft, or the saved ones) flag on a date (default today); nothing is raised, held or saved",
        params: orgParams,
        body: z.strictObject({
          date: dateText.optional(),
          draft: rulesBody.nullable().default(null),
        }),
      },
    },
    async (request) => {
      const { orgId } = membershipOf(request);
      const date = request.body.date ?? (await today(orgId));
      const draft =
        request.body.draft === null ? null : (request.body.draft.rules as ReadonlyArray<WarningRule>);
      const preview = await previewWarnings(db, orgId, date, draft);
      return { date, customers: preview.customers, truncated: preview.truncated, items: preview.rows };
    },
  );

  app.get(
    `${base}/alerts`,
    {
      config: read,
      schema: {
        tags,
        summary: "Early-warning alerts, newest first",
        params: orgParams,
        querystring: alertQuery,
      },
    },
    async (request) => {
      const { orgId } = membershipOf(request);
      const { task, ...filter } = request.query;
      const items = await listAlerts(db, orgId, {
        ...filter,
        ...(task === "me" ? { taskUserId: principalOf(request).userId } : {}),
      });
      return { items };
    },
  );

  app.post(
    `${base}/alerts/:alertId/acknowledge`,
    {
      config: manage,
      schema: {
        tags,
        summary: "Acknowledge an open alert (seen, being dealt with)",
        params: alertParams,
        body: z.strictObject({ note: z.string().trim().max(2000).nullable().default(null) }).optional(),
      },
    },
    async (request) => {
      const { orgId } = membershipOf(request);
      return runCommand(
        deps.store,
        (tx) =>
          handleAlert(
            tx,
            actorOf(request),
            orgId,
            request.params.alertId,
            "acknowledge",
            request.body?.note ?? null,
          ),
        deps.clock,
      );
    },
  );

  app.post(
    `${base}/alerts/:alertId/resolve`,
    {
      config: manage,
      schema: {
        tags,
        summary: "Resolve an open or acknowledged alert, saying how; its task is closed",
        params: alertParams,
        body: z.strictObject({ note: z.string().trim().max(2000) }),
      },
    },
    async (request) => {
      const { orgId } = membershipOf(request);
      return runCommand(
        deps.store,
        (tx) =>
          handleAlert(tx, actorOf(request), orgId, request.params.alertId, "resolve", request.body.note),
        deps.clock,
      );
    },
  );

  app.get(
    `${base}/customers/:customerId/alerts`,
    {
      config: read,
      schema: {
        tags,
        summary: "A customer's early-warning alerts, newest first",
        params: customerParams,
        querystring: z.strictObject({
          status: z.enum([...alertStatuses, "active"]).optional(),
          limit: z.coerce.number().int().min(1).max(alertListLimitMax).default(100),
        }),
      },
    },
    async (request) => {
      const { orgId } = membershipOf(request);
      const items = await listAlerts(db, orgId, { ...request.query, customerId: request.params.customerId });
      return { items };
    },
  );
}
