import {
  type PortfolioAllocation,
  type PortfolioItem,
  type PortfolioPlan,
  type PortfolioSummary,
  portfolioSummary,
  type RollRates,
  rollRates,
  type Vintage,
  vintageCurves,
} from "../../domain/forecast/index.ts";
import type { Executor } from "../../store/database.ts";
import { getOrganization } from "../organizations.ts";

/** Ids per `in (…)` list: well under SQLite's 32,766 bound variables. */
const idListMax = 1000;

interface BilledItem {
  documentDate: string;
  originalMinor: bigint;
  allocations: PortfolioAllocation[];
}

/**
 * Every plan activated by `asOf` with its items, its versions' dates and, for each billed item,
 * its open item and the allocations dated by `asOf` — what the portfolio figures are derived from.
 */
export async function portfolioPlans(db: Executor, orgId: string, asOf: string): Promise<PortfolioPlan[]> {
  const planRows = await db
    .selectFrom("plans")
    .select([
      "plan_id",
      "number",
      "customer_id",
      "accounting_mode",
      "terms_json",
      "contract_date",
      "activated_on",
      "closed_on",
      "principal_minor",
    ])
    .where("org_id", "=", orgId)
    .where("activated_on", "is not", null)
    .where("activated_on", "<=", asOf)
    .execute();
  const planIds = planRows.map((row) => row.plan_id);
  const items = new Map<string, PortfolioItem[]>();
  const versions = new Map<string, Map<number, string>>();
  const billed = new Map<string, BilledItem>();
  const billedByItemId = new Map<string, BilledItem>();
  for (let start = 0; start < planIds.length; start += idListMax) {
    const ids = planIds.slice(start, start + idListMax);
    const [itemRows, versionRows, openRows, allocationRows] = await Promise.all([
      db
        .selectFrom("plan_items")
        .select(["plan_id", "seq", "version", "status", "due_date", "principal_minor", "total_minor"])
        .where("org_id", "=", orgId)
        .where("plan_id", "in", ids)
        .orderBy("plan_id")
        .orderBy("seq")
        .execute(),
      db
        .selectFrom("plan_versions")
        .select(["plan_id", "version", "effective_date"])
        .where("org_id", "=", orgId)
        .where("plan_id", "in", ids)
        .execute(),
      db
        .selectFrom("open_items")
        .select(["item_id", "source_id", "source_seq", "document_date", "original_minor"])
        .where("org_id", "=", orgId)
        .where("source_type", "=", "plan")
        .where("source_id", "in", ids)
        .where("document_date", "<=", asOf)
        .execute(),
      db
        .selectFrom("allocations as a")
        .innerJoin("open_items as i", (join) =>
          join.onRef("i.org_id", "=", "a.org_id").onRef("i.item_id", "=", "a.item_id"),
        )
        .select([
          "a.item_id",
          "a.allocation_date",
          "a.applied_minor",
          "a.discount_minor",
          "a.write_off_minor",
          "a.reversed_on",
        ])
        .where("a.org_id", "=", orgId)
        .where("i.source_type", "=", "plan")
        .where("i.source_id", "in", ids)
        .where("a.allocation_date", "<=", asOf)
        .execute(),
    ]);
    for (const row of versionRows) {
      const map = versions.get(row.plan_id) ?? new Map<number, string>();
      map.set(Number(row.version), row.effective_date);
      versions.set(row.plan_id, map);
    }
    for (const row of openRows) {
      const key = `${row.source_id}|${Number(row.source_seq)}`;
      const entry = billed.get(key);
      // An item billed twice (never in practice) counts as one, from its first billing.
      const merged: BilledItem =
        entry === undefined
          ? { documentDate: row.document_date, originalMinor: BigInt(row.original_minor), allocations: [] }
          : {
              documentDate: entry.documentDate < row.document_date ? entry.documentDate : row.document_date,
              originalMinor: entry.originalMinor + BigInt(row.original_minor),
              allocations: entry.allocations,
            };
      billed.set(key, merged);
      billedByItemId.set(row.item_id, merged);
    }
    for (const row of allocationRows) {
      billedByItemId.get(row.item_id)?.allocations.push({
        date: row.allocation_date,
        settledMinor: BigInt(row.applied_minor) + BigInt(row.discount_minor) + BigInt(row.write_off_minor),
        reversedOn: row.reversed_on,
      });
    }
    for (const row of itemRows) {
      const list = items.get(row.plan_id) ?? [];
      list.push({
        seq: Number(row.seq),
        version: Number(row.version),
        status: row.status,
        dueDate: row.due_date,
        principalMinor: BigInt(row.principal_minor),
        totalMinor: BigInt(row.total_minor),
        billed: billed.get(`${row.plan_id}|${Number(row.seq)}`) ?? null,
      });
      items.set(row.plan_id, list);
    }
  }
  return planRows.map((row) => ({
    planId: row.plan_id,
    number: row.number,
    customerId: row.customer_id,
    product: row.accounting_mode,
    method: methodOf(row.terms_json),
    contractDate: row.contract_date,
    activatedOn: row.activated_on,
    closedOn: row.closed_on,
    originalPrincipalMinor: BigInt(row.principal_minor),
    versionDates: versions.get(row.plan_id) ?? new Map(),
    items: items.get(row.plan_id) ?? [],
  }));
}

function methodOf(termsJson: string): string {
  const terms = JSON.parse(termsJson) as { request?: { method?: unknown } };
  return typeof terms.request?.method === "string" ? terms.request.method : "unknown";
}

export interface PortfolioView extends PortfolioSummary {
  readonly currency: string;
  readonly rollRates: RollRates;
}

/** Outstanding, delinquency buckets and roll rates of the installment plans as of a date. */
export async function installmentPortfolio(
  db: Executor,
  orgId: string,
  asOf: string,
): Promise<PortfolioView> {
  const [organization, plans] = await Promise.all([
    getOrganization(db, orgId),
    portfolioPlans(db, orgId, asOf),
  ]);
  return {
    ...portfolioSummary(plans, asOf),
    currency: organization.baseCurrency,
    rollRates: rollRates(plans, asOf),
  };
}

/** The vintage curves of the installment plans as of a date. */
export async function installmentVintages(
  db: Executor,
  orgId: string,
  asOf: string,
): Promise<{ asOf: string; currency: string; vintages: Vintage[] }> {
  const [organization, plans] = await Promise.all([
    getOrganization(db, orgId),
    portfolioPlans(db, orgId, asOf),
  ]);
  return { asOf, currency: organization.baseCurrency, vintages: vintageCurves(plans, asOf) };
}
