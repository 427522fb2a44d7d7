import { sql } from "kysely";
import { addDays, daysBetween, formatBusinessDate, parseBusinessDate } from "../../core/dates.ts";
import { formatMinor } from "../../core/money.ts";
import { type Role, roleAllows } from "../../domain/access/index.ts";
import {
  dsoCountback,
  kpiDaysText,
  kpiRatioText,
  overdueRatio,
  type SalesSegment,
} from "../../domain/receivables/index.ts";
import type { Executor } from "../../store/database.ts";
import { type WorklistScope, worklist } from "../collections/worklist.ts";
import { businessDateAt } from "../organizations.ts";
import { agingReport } from "./aging.ts";
import { countbackMonthsMax } from "./kpis.ts";

/**
 * The portfolio across organizations (多账套汇总): what a person who works for several
 * organizations — a bookkeeping firm (代账公司) and its client companies — sees in one view. Only
 * the organizations the caller is a member of, and only those where their role may read reports;
 * each with its receivables, aging, DSO (countback, as the KPIs compute it) and worklist size;
 * totals per currency (organizations in different currencies are never added together); and the
 * customers met in more than one organization, recognized by their unified social credit code
 * (统一社会信用代码), with what each organization is owed by them.
 */

/** Organizations in one answer; a person in more sees the first ones by name and `truncated`. */
export const portfolioOrganizationsMax = 200;
/** Credit codes listed among the shared customers (the most owed first). */
export const portfolioSharedCustomersMax = 500;
/** Rows read to count a worklist: more than any collector works in a day. */
const worklistCountMax = 100_000;

export interface PortfolioMembership {
  readonly orgId: string;
  readonly name: string;
  readonly role: Role;
}

export interface PortfolioBucket {
  readonly key: string;
  readonly fromDays: number | null;
  readonly toDays: number | null;
  readonly amount: string;
}

export interface PortfolioOrganization {
  readonly orgId: string;
  readonly name: string;
  readonly role: Role;
  readonly currency: string;
  readonly asOf: string;
  readonly total: string;
  readonly overdue: string;
  readonly overdueShare: string | null;
  readonly customers: number;
  readonly buckets: ReadonlyArray<PortfolioBucket>;
  readonly dsoCountback: string | null;
  readonly dsoCountbackComplete: boolean;
  /** Customers on the member's worklist; null when their role may not read collections. */
  readonly worklist: number | null;
}

export interface PortfolioTotal {
  readonly currency: string;
  readonly organizations: number;
  readonly total: string;
  readonly overdue: string;
  readonly overdueShare: string | null;
  /** Summed by bucket when every organization in the currency ages by the same buckets; else null. */
  readonly buckets: ReadonlyArray<PortfolioBucket> | null;
  readonly worklist: number;
}

export interface SharedCustomer {
  readonly creditCode: string;
  readonly name: string;
  readonly organizations: ReadonlyArray<{
    readonly orgId: string;
    readonly orgName: string;
    readonly customerId: string;
    readonly code: string;
    readonly name: string;
    readonly currency: string;
    readonly outstanding: string;
    readonly overdue: string;
  }>;
  readonly combined: ReadonlyArray<{
    readonly currency: string;
    readonly outstanding: string;
    readonly overdue: string;
  }>;
}

export interface PortfolioView {
  /** The date asked for; null when each organization is read as of its own business date. */
  readonly asOf: string | null;
  readonly organizations: ReadonlyArray<PortfolioOrganization>;
  readonly truncated: boolean;
  readonly totals: ReadonlyArray<PortfolioTotal>;
  readonly sharedCustomers: ReadonlyArray<SharedCustomer>;
}

interface OrgFacts {
  readonly view: PortfolioOrganization;
  readonly totalMinor: bigint;
  readonly overdueMinor: bigint;
  readonly bucketsMinor: ReadonlyArray<bigint>;
  readonly byCustomer: ReadonlyMap<string, { totalMinor: bigint; overdueMinor: bigint }>;
}

/**
 * DSO by the countback method at `asOf`: the month to the date, then whole calendar months, back
 * until the balance is used up — the same segments as `receivablesKpis` (kpis.ts), so that the
 * portfolio and the organization's own KPIs agree, from one query of the credit sales.
 */
async function countbackAt(
  db: Executor,
  orgId: string,
  input: { readonly asOf: string; readonly currency: string; readonly receivablesMinor: bigint },
) {
  const date = parseBusinessDate(input.asOf);
  const segmentsEnd: Array<{ from: string; to: string; days: number }> = [];
  let segmentEnd = date;
  for (let index = 0; index < countbackMonthsMax; index += 1) {
    const before = addDays(segmentEnd.with({ day: 1 }), -1);
    segmentsEnd.push({
      from: formatBusinessDate(before),
      to: formatBusinessDate(segmentEnd),
      days: daysBetween(before, segmentEnd),
    });
    segmentEnd = before;
  }
  const oldest = formatBusinessDate(segmentEnd);
  const rows = await db
    .selectFrom("open_items")
    .select(["document_date", sql<bigint>`cast(sum(original_minor) as bigint)`.as("sales")])
    .where("org_id", "=", orgId)
    .where("original_minor", ">", 0n)
    .where("currency", "=", input.currency)
    .where("document_date", ">", oldest)
    .where("document_date", "<=", input.asOf)
    .groupBy("document_date")
    .execute();
  const segments: SalesSegment[] = segmentsEnd.map((segment) => {
    let salesMinor = 0n;
    for (const row of rows) {
      const day = String(row.document_date);
      if (day > segment.from && day <= segment.to) salesMinor += BigInt(row.sales);
    }
    return { days: segment.days, creditSalesMinor: salesMinor };
  });
  return dsoCountback(input.receivablesMinor, segments);
}

function worklistScopeOf(role: Role, userId: string): WorklistScope | null {
  if (!roleAllows(role, "collections.read")) return null;
  // As on the worklist page: a collector works their own customers, the others see all of them.
  return role === "collector" ? { kind: "collector", userId } : { kind: "all" };
}

async function organizationFacts(
  db: Executor,
  membership: PortfolioMembership,
  input: { readonly asOf: string | null; readonly now: string; readonly userId: string },
): Promise<OrgFacts> {
  const { orgId } = membership;
  const today = await businessDateAt(db, orgId, input.now);
  const asOf = input.asOf ?? today;
  const aging = await agingReport(db, orgId, { asOf, groupBy: "customer" });
  const currency = aging.currency;
  const money = (minor: bigint) => formatMinor(minor, currency);
  const totals = aging.totals;
  const scope = worklistScopeOf(membership.role, input.userId);
  const [countback, rows] = await Promise.all([
    countbackAt(db, orgId, { asOf, currency, receivablesMinor: totals.outstandingMinor }),
    scope === null ? Promise.resolve(null) : worklist(db, orgId, { scope, today, limit: worklistCountMax }),
  ]);
  const byCustomer = new Map<string, { totalMinor: bigint; overdueMinor: bigint }>();
  for (const group of aging.groups) {
    if (group.key !== null)
      byCustomer.set(group.key, { totalMinor: group.outstandingMinor, overdueMinor: group.overdueMinor });
  }
  return {
    view: {
      orgId,
      name: membership.name,
      role: membership.role,
      currency,
      asOf,
      total: money(totals.outstandingMinor),
      overdue: money(totals.overdueMinor),
      overdueShare: kpiRatioText(overdueRatio(totals.overdueMinor, totals.outstandingMinor)),
      customers: byCustomer.size,
      buckets: aging.buckets.map((spec, index) => ({
        key: spec.key,
        fromDays: spec.fromDays,
        toDays: spec.toDays,
        amount: money(totals.bucketsMinor[index] ?? 0n),
      })),
      dsoCountback: kpiDaysText(countback.days),
      dsoCountbackComplete: countback.complete,
      worklist: rows === null ? null : rows.length,
    },
    totalMinor: totals.outstandingMinor,
    overdueMinor: totals.overdueMinor,
    bucketsMinor: totals.bucketsMinor,
    byCustomer,
  };
}

function totalsOf(facts: ReadonlyArray<OrgFacts>): PortfolioTotal[] {
  const byCurrency = new Map<string, OrgFacts[]>();
  for (const one of facts) {
    const list = byCurrency.get(one.view.currency) ?? [];
    list.push(one);
    byCurrency.set(one.view.currency, list);
  }
  return [...byCurrency]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([currency, list]) => {
      const money = (minor: bigint) => formatMinor(minor, currency);
      const totalMinor = list.reduce((sum, one) => sum + one.totalMinor, 0n);
      const overdueMinor = list.reduce((sum, one) => sum + one.overdueMinor, 0n);
      const keysOf = (one: OrgFacts) => one.view.buckets.map((bucket) => bucket.key).join("|");
      const first = list[0];
      const sameBuckets = first !== undefined && list.every((one) => keysOf(one) === keysOf(first));
      return {
        currency,
        organizations: list.length,
        total: money(totalMinor),
        overdue: money(overdueMinor),
        overdueShare: kpiRatioText(overdueRatio(overdueMinor, totalMinor)),
        buckets:
          !sameBuckets || first === undefined
            ? null
            : first.view.buckets.map((bucket, index) => ({
                ...bucket,
                amount: money(list.reduce((sum, one) => sum + (one.bucketsMinor[index] ?? 0n), 0n)),
              })),
        worklist: list.reduce((sum, one) => sum + (one.view.worklist ?? 0), 0),
      };
    });
}

async function sharedCustomersOf(db: Executor, facts: ReadonlyArray<OrgFacts>): Promise<SharedCustomer[]> {
  const orgIds = facts.map((one) => one.view.orgId);
  if (orgIds.length < 2) return [];
  const rows = await db
    .selectFrom("customers")
    .select(["org_id", "customer_id", "code", "name", "credit_code"])
    .where("org_id", "in", orgIds)
    .where("credit_code", "is not", null)
    .execute();
  const byCode = new Map<string, typeof rows>();
  for (const row of rows) {
    const creditCode = (row.credit_code ?? "").toUpperCase();
    if (creditCode === "") continue;
    const list = byCode.get(creditCode) ?? [];
    list.push(row);
    byCode.set(creditCode, list);
  }
  const factsOf = new Map(facts.map((one) => [one.view.orgId, one]));
  const shared: Array<SharedCustomer & { readonly sortMinor: bigint }> = [];
  for (const [creditCode, list] of byCode) {
    if (new Set(list.map((row) => row.org_id)).size < 2) continue;
    const combined = new Map<string, { outstandingMinor: bigint; overdueMinor: bigint }>();
    const organizations = list
      .map((row) => {
        const org = factsOf.get(row.org_id);
        const currency = org?.view.currency ?? "CNY";
        const balance = org?.byCustomer.get(row.customer_id) ?? { totalMinor: 0n, overdueMinor: 0n };
        const sum = combined.get(currency) ?? { outstandingMinor: 0n, overdueMinor: 0n };
        combined.set(currency, {
          outstandingMinor: sum.outstandingMinor + balance.totalMinor,
          overdueMinor: sum.overdueMinor + balance.overdueMinor,
        });
        return {
          orgId: row.org_id,
          orgName: org?.view.name ?? "",
          customerId: row.customer_id,
          code: row.code,
          name: row.name,
          currency,
          outstanding: formatMinor(balance.totalMinor, currency),
          overdue: formatMinor(balance.overdueMinor, currency),
        };
      })
      .sort((a, b) => (a.orgName < b.orgName ? -1 : a.orgName > b.orgName ? 1 : a.orgId < b.orgId ? -1 : 1));
    shared.push({
      creditCode,
      name: organizations[0]?.name ?? "",
      organizations,
      combined: [...combined]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([currency, sum]) => ({
          currency,
          outstanding: formatMinor(sum.outstandingMinor, currency),
          overdue: formatMinor(sum.overdueMinor, currency),
        })),
      sortMinor: [...combined.values()].reduce((total, sum) => total + sum.outstandingMinor, 0n),
    });
  }
  shared.sort((a, b) =>
    a.sortMinor !== b.sortMinor ? (a.sortMinor > b.sortMinor ? -1 : 1) : a.creditCode < b.creditCode ? -1 : 1,
  );
  return shared.slice(0, portfolioSharedCustomersMax).map(({ sortMinor: _, ...customer }) => customer);
}

/**
 * The portfolio of the organizations in `memberships` (the caller's, as the API lists them) where
 * the role may read reports; the others are left out, not reported as denied.
 */
export async function portfolio(
  db: Executor,
  memberships: ReadonlyArray<PortfolioMembership>,
  input: { readonly asOf: string | null; readonly now: string; readonly userId: string },
): Promise<PortfolioView> {
  const readable = memberships.filter((membership) => roleAllows(membership.role, "reports.read"));
  const chosen = readable.slice(0, portfolioOrganizationsMax);
  const facts: OrgFacts[] = [];
  // One organization after another: a portfolio of many must not take every connection at once.
  for (const membership of chosen) facts.push(await organizationFacts(db, membership, input));
  return {
    asOf: input.asOf,
    organizations: facts.map((one) => one.view),
    truncated: readable.length > chosen.length,
    totals: totalsOf(facts),
    sharedCustomers: await sharedCustomersOf(db, facts),
  };
}
