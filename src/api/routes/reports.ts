import { z } from "zod";
import { AppError } from "../../core/errors.ts";
import { roleAllows } from "../../domain/access/index.ts";
import { defaultLocale, locales } from "../../domain/organization/index.ts";
import { dateText } from "../../io/request-fields.ts";
import { runCommand } from "../../services/command.ts";
import { businessDateAt } from "../../services/organizations.ts";
import { reportDefinitions, reportFormats, reportNamed } from "../../services/reports/index.ts";
import { kpiTrendMonthsDefault, kpiTrendMonthsMax, receivablesKpis } from "../../services/reports/kpis.ts";
import { renderReport } from "../../services/reports/render-report.ts";
import {
  createReportSchedule,
  deleteReportSchedule,
  getReportSchedule,
  listReportSchedules,
  scheduleFormats,
  scheduleFrequencies,
  updateReportSchedule,
} from "../../services/reports/schedules.ts";
import { actorOf, membershipOf } from "../access.ts";
import type { ApiApp, ApiDeps } from "../deps.ts";
import { idParam, localeEnum, orgParams } from "../schemas.ts";

/** Routes of aging, KPIs, report exports and scheduled report emails. */
export function reportRoutes(app: ApiApp, deps: ApiDeps): void {
  const db = deps.store.db;
  const base = "/api/v1/orgs/:orgId";
  const tags = ["reports"];
  const read = { access: { kind: "org", permission: "reports.read" } } as const;
  // KPIs and scheduled report emails (their own functions below).
  kpiRoutes(app, deps);
  reportScheduleRoutes(app, deps);

  app.get(
    `${base}/reports`,
    {
      config: read,
      schema: {
        tags,
        summary: "The reports the member may read: names, titles and options",
        params: orgParams,
      },
    },
    async (request) => {
      const { role } = membershipOf(request);
      return {
        reports: reportDefinitions
          .filter((definition) => roleAllows(role, definition.permission))
          .map((definition) => ({
            name: definition.name,
            title: definition.title,
            permission: definition.permission,
            options: definition.options,
            formats: reportFormats,
          })),
      };
    },
  );

  app.get(
    `${base}/reports/:reportName`,
    {
      config: read,
      schema: {
        tags,
        summary:
          "A report as of a date (today by default) as JSON, CSV, XLSX or PDF; other query parameters are the report's options",
        params: z.strictObject({ orgId: orgParams.shape.orgId, reportName: z.string().max(60) }),
        querystring: z
          .object({
            asOf: dateText.optional(),
            format: z.enum(reportFormats).default("json"),
            locale: z.enum(locales).default(defaultLocale),
          })
          .catchall(z.string().max(200)),
      },
    },
    async (request, reply) => {
      const { orgId, role } = membershipOf(request);
      const definition = reportNamed(request.params.reportName);
      if (definition === undefined) throw new AppError("NOT_FOUND", { params: { entity: "report" } });
      // The route is generic; each report names its own permission.
      if (!roleAllows(role, definition.permission)) {
        throw new AppError("PERMISSION_DENIED", { params: { permission: definition.permission } });
      }
      const { asOf, format, locale, ...options } = request.query;
      const rendered = await renderReport(db, orgId, definition, {
        asOf: asOf ?? (await businessDateAt(db, orgId, deps.clock().toISOString())),
        options: options as Record<string, string>,
        format,
        locale,
      });
      if (format === "json") return rendered.json;
      return reply
        .header("content-type", rendered.contentType)
        .header("content-disposition", `attachment; filename="${rendered.filename}"`)
        .header("cache-control", "no-store")
        .send(rendered.body);
    },
  );
}

// ---- KPIs -------------------------------------------------------------------------------------

const kpiQuery = z.strictObject({
  asOf: dateText.optional(),
  months: z.coerce.number().int().min(1).max(kpiTrendMonthsMax).default(kpiTrendMonthsDefault),
});

/** GET …/kpis: DSO (countback, average), best possible DSO, ADD, CEI, turnover, overdue ratio, trend, concentration, structure. */
function kpiRoutes(app: ApiApp, deps: ApiDeps): void {
  const db = deps.store.db;
  app.get(
    "/api/v1/orgs/:orgId/kpis",
    {
      config: { access: { kind: "org", permission: "reports.read" } },
      schema: {
        tags: ["reports"],
        summary: `Receivables KPIs as of a date (today by default) with a monthly trend (months, default ${kpiTrendMonthsDefault}, at most ${kpiTrendMonthsMax})`,
        params: orgParams,
        querystring: kpiQuery,
      },
    },
    async (request) => {
      const { orgId } = membershipOf(request);
      const asOf = request.query.asOf ?? (await businessDateAt(db, orgId, deps.clock().toISOString()));
      return receivablesKpis(db, orgId, { asOf, months: request.query.months });
    },
  );
}

// ---- Scheduled report emails ------------------------------------------------------------------

const scheduleParams = z.strictObject({ orgId: idParam, scheduleId: idParam });
const scheduleBody = z.strictObject({
  reportName: z.string().max(60),
  options: z.record(z.string().max(60), z.string().max(200)).default({}),
  format: z.enum(scheduleFormats),
  locale: localeEnum.default(defaultLocale),
  recipients: z.array(z.string().max(254)).max(100),
  frequency: z.enum(scheduleFrequencies),
  weekday: z.number().int().nullable().default(null),
  dayOfMonth: z.number().int().nullable().default(null),
  enabled: z.boolean().default(true),
});

/** GET/POST …/report-schedules, PUT/DELETE …/report-schedules/:scheduleId. */
function reportScheduleRoutes(app: ApiApp, deps: ApiDeps): void {
  const db = deps.store.db;
  const base = "/api/v1/orgs/:orgId/report-schedules";
  const tags = ["reports"];
  const manage = { access: { kind: "org", permission: "reports.manage" } } as const;

  app.get(
    base,
    {
      config: { access: { kind: "org", permission: "reports.read" } },
      schema: { tags, summary: "The scheduled report emails", params: orgParams },
    },
    async (request) => ({ items: await listReportSchedules(db, membershipOf(request).orgId) }),
  );

  app.post(
    base,
    {
      config: manage,
      schema: {
        tags,
        summary: "Schedule a report email (daily, weekly or monthly)",
        params: orgParams,
        body: scheduleBody,
      },
    },
    async (request, reply) => {
      const created = await runCommand(
        deps.store,
        (tx) => createReportSchedule(tx, actorOf(request), membershipOf(request).orgId, request.body),
        deps.clock,
      );
      reply.code(201);
      return created;
    },
  );

  app.get(
    `${base}/:scheduleId`,
    {
      config: { access: { kind: "org", permission: "reports.read" } },
      schema: { tags, summary: "One scheduled report email", params: scheduleParams },
    },
    async (request) => getReportSchedule(db, membershipOf(request).orgId, request.params.scheduleId),
  );

  app.put(
    `${base}/:scheduleId`,
    {
      config: manage,
      schema: {
        tags,
        summary: "Change a scheduled report email",
        params: scheduleParams,
        body: scheduleBody,
      },
    },
    async (request) =>
      runCommand(
        deps.store,
        (tx) =>
          updateReportSchedule(
            tx,
            actorOf(request),
            membershipOf(request).orgId,
            request.params.scheduleId,
            request.body,
          ),
        deps.clock,
      ),
  );

  app.delete(
    `${base}/:scheduleId`,
    {
      config: manage,
      schema: {
        tags,
        summary: "Delete a scheduled report email",
        params: scheduleParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await runCommand(
        deps.store,
        (tx) =>
          deleteReportSchedule(tx, actorOf(request), membershipOf(request).orgId, request.params.scheduleId),
        deps.clock,
      );
      return reply.status(204).send(null);
    },
  );
}
