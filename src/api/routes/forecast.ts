import { z } from "zod";
import { forecastWeeksDefault, forecastWeeksMax, plusDays } from "../../domain/forecast/index.ts";
import { amountsOut } from "../../io/plan-json.ts";
import { dateText } from "../../io/request-fields.ts";
import { getCustomer } from "../../services/customers.ts";
import {
  backtestForecast,
  backtestLookbackDaysDefault,
  forecastCash,
  forecastItems,
  forecastItemsPageDefault,
  forecastItemsPageMax,
  installmentPortfolio,
  installmentVintages,
} from "../../services/forecast/index.ts";
import { businessDateAt } from "../../services/organizations.ts";
import { membershipOf } from "../access.ts";
import type { ApiApp, ApiDeps } from "../deps.ts";
import { idParam, orgParams } from "../schemas.ts";

/**
 * Routes of payment-date predictions, the 13-week cash forecast with its back-test, and the
 * installment portfolio. All read-only; each date defaults to today's business date.
 */
export function forecastRoutes(app: ApiApp, deps: ApiDeps): void {
  const read = { access: { kind: "org", permission: "reports.read" } } as const;
  const tags = ["forecast"];
  const base = "/api/v1/orgs/:orgId";
  const db = deps.store.db;
  const todayOf = (orgId: string) => businessDateAt(db, orgId, deps.clock().toISOString());

  app.get(
    `${base}/forecast/cash`,
    {
      config: read,
      schema: {
        tags,
        summary: "Expected collections by week (Monday to Sunday) from the payment-date predictions",
        params: orgParams,
        querystring: z.strictObject({
          asOf: dateText.optional(),
          weeks: z.coerce.number().int().min(1).max(forecastWeeksMax).default(forecastWeeksDefault),
        }),
      },
    },
    async (request) => {
      const { orgId } = membershipOf(request);
      const today = await todayOf(orgId);
      const forecast = await forecastCash(db, orgId, {
        asOf: request.query.asOf ?? today,
        today,
        weeks: request.query.weeks,
      });
      return amountsOut(forecast, forecast.currency);
    },
  );

  app.get(
    `${base}/forecast/items`,
    {
      config: read,
      schema: {
        tags,
        summary: "Each open amount's predicted payment date and probability of late payment",
        params: orgParams,
        querystring: z.strictObject({
          asOf: dateText.optional(),
          customerId: idParam.optional(),
          limit: z.coerce.number().int().min(1).max(forecastItemsPageMax).default(forecastItemsPageDefault),
        }),
      },
    },
    async (request) => {
      const { orgId } = membershipOf(request);
      const q = request.query;
      if (q.customerId !== undefined) await getCustomer(db, orgId, q.customerId);
      const today = await todayOf(orgId);
      const list = await forecastItems(db, orgId, {
        asOf: q.asOf ?? today,
        today,
        customerId: q.customerId,
        limit: q.limit,
      });
      return amountsOut(list, list.currency);
    },
  );

  app.get(
    `${base}/forecast/backtest`,
    {
      config: read,
      schema: {
        tags,
        summary: `The forecast made on a past date (default ${backtestLookbackDaysDefault} days ago) against what happened since`,
        params: orgParams,
        querystring: z.strictObject({ asOf: dateText.optional() }),
      },
    },
    async (request) => {
      const { orgId } = membershipOf(request);
      const today = await todayOf(orgId);
      const asOf = request.query.asOf ?? plusDays(today, -backtestLookbackDaysDefault);
      const result = await backtestForecast(db, orgId, asOf, today);
      return amountsOut(result, result.currency);
    },
  );

  app.get(
    `${base}/installments/portfolio`,
    {
      config: read,
      schema: {
        tags,
        summary: "Installment plans: outstanding principal, delinquency buckets and roll rates as of a date",
        params: orgParams,
        querystring: z.strictObject({ asOf: dateText.optional() }),
      },
    },
    async (request) => {
      const { orgId } = membershipOf(request);
      const asOf = request.query.asOf ?? (await todayOf(orgId));
      const portfolio = await installmentPortfolio(db, orgId, asOf);
      return amountsOut(portfolio, portfolio.currency);
    },
  );

  app.get(
    `${base}/installments/vintages`,
    {
      config: read,
      schema: {
        tags,
        summary: "Vintage curves: by start month, the share of principal ever more than 30 days past due",
        params: orgParams,
        querystring: z.strictObject({ asOf: dateText.optional() }),
      },
    },
    async (request) => {
      const { orgId } = membershipOf(request);
      const asOf = request.query.asOf ?? (await todayOf(orgId));
      const vintages = await installmentVintages(db, orgId, asOf);
      return amountsOut(vintages, vintages.currency);
    },
  );
}
