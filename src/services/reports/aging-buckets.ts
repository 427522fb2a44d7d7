import { addDays, daysBetween, formatBusinessDate, parseBusinessDate } from "../../core/dates.ts";
import { AppError } from "../../core/errors.ts";
import { agingBucketOfDays, checkAgingEdges } from "../../domain/payments/index.ts";
import type { Localized } from "./report.ts";

/**
 * The aging report's buckets (账龄区间), pure: their keys from the receivables policy's edges, the
 * date thresholds the database compares with, and the bucket of one item (the reference the SQL
 * CASE is tested against).
 *
 * By due date (the default), days = asOf − due date: "current" holds what is not yet past due
 * (0 days or fewer), then "1-30", "31-60", … up to ">365" with the default edges. By document
 * date, days = asOf − document date, which is never negative, so there is no "current": the first
 * bucket is "0-30" (0 to the first edge), then "31-60", … — the 账龄 of Chinese practice, counted
 * from when the receivable arose. Either way a credit (a negative open amount: a credit note not
 * yet used) sits in the first bucket: it lowers what is owed but cures no old invoice until it is
 * applied to one.
 */

export const agingBases = ["due", "document"] as const;
export type AgingBasis = (typeof agingBases)[number];

export interface AgingBucketSpec {
  readonly key: string;
  /** Fewest days in the bucket; null for "current" (not yet due). */
  readonly fromDays: number | null;
  /** Most days in the bucket; null for the last one. */
  readonly toDays: number | null;
}

/** The buckets of `edgesDays`, first to last; throws VALIDATION_FAILED for bad edges. */
export function agingBucketSpecs(edgesDays: ReadonlyArray<number>, basis: AgingBasis): AgingBucketSpec[] {
  const issues = checkAgingEdges(edgesDays);
  if (issues.length > 0) throw new AppError("VALIDATION_FAILED", { detail: "aging bucket edges", issues });
  const specs: AgingBucketSpec[] = [];
  if (basis === "due") specs.push({ key: "current", fromDays: null, toDays: 0 });
  edgesDays.forEach((edge, index) => {
    const fromDays = index === 0 ? (basis === "due" ? 1 : 0) : (edgesDays[index - 1] ?? 0) + 1;
    specs.push({ key: `${fromDays}-${edge}`, fromDays, toDays: edge });
  });
  const last = edgesDays[edgesDays.length - 1] ?? 0;
  specs.push({ key: `>${last}`, fromDays: last + 1, toDays: null });
  return specs;
}

/**
 * Date thresholds, one per bucket but the last: an item belongs to the first bucket `i` whose
 * threshold its date (due or document date, by basis) is on or after; to the last when none.
 * By due date the first threshold is asOf itself (due today or later: current); then asOf − edge.
 */
export function agingThresholds(asOf: string, edgesDays: ReadonlyArray<number>, basis: AgingBasis): string[] {
  const on = parseBusinessDate(asOf);
  const edges = edgesDays.map((edge) => formatBusinessDate(addDays(on, -edge)));
  return basis === "due" ? [asOf, ...edges] : edges;
}

/** The bucket index of one item: the reference for the SQL the report runs. */
export function agingBucketIndex(
  item: { readonly dueDate: string; readonly documentDate: string; readonly openMinor: bigint },
  asOf: string,
  edgesDays: ReadonlyArray<number>,
  basis: AgingBasis,
): number {
  if (item.openMinor < 0n) return 0;
  const date = basis === "due" ? item.dueDate : item.documentDate;
  const days = daysBetween(parseBusinessDate(date), parseBusinessDate(asOf));
  // By document date there is no "not due" bucket: day 0 opens the first one.
  return basis === "due"
    ? agingBucketOfDays(days, edgesDays)
    : agingBucketOfDays(Math.max(days, 1), edgesDays) - 1;
}

/** Days since the date the basis counts from (negative: not yet due). */
export function agingDays(
  item: { readonly dueDate: string; readonly documentDate: string },
  asOf: string,
  basis: AgingBasis,
): number {
  return daysBetween(
    parseBusinessDate(basis === "due" ? item.dueDate : item.documentDate),
    parseBusinessDate(asOf),
  );
}

/** A bucket's column heading: 未到期 / Current, 1-30天 / 1–30 days, 365天以上 / Over 365 days. */
export function agingBucketLabel(spec: AgingBucketSpec): Localized {
  if (spec.fromDays === null) return { "zh-CN": "未到期", en: "Current" };
  if (spec.toDays === null) {
    return { "zh-CN": `${spec.fromDays - 1}天以上`, en: `Over ${spec.fromDays - 1} days` };
  }
  return {
    "zh-CN": `${spec.fromDays}-${spec.toDays}天`,
    en: `${spec.fromDays}–${spec.toDays} days`,
  };
}
