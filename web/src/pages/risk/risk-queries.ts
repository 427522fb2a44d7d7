import { useQuery } from "@tanstack/react-query";
import type { TFunction } from "i18next";
import { api, orgPath } from "../../api/client.ts";
import type {
  ProvisionPreview,
  ProvisionRun,
  RiskPolicyView,
  WriteOff,
  WriteOffStatus,
} from "../../api/risk-types.ts";
import { queryKeys } from "../../query-keys.ts";

/** Provisions, write-offs and the risk policy on the API (src/api/routes/risk.ts). */

export const writeOffStatuses = [
  "pending",
  "posted",
  "rejected",
] as const satisfies ReadonlyArray<WriteOffStatus>;

export function riskPath(orgId: string, ...rest: ReadonlyArray<string>): string {
  return orgPath(orgId, ...rest);
}

export function useRiskPolicy(orgId: string) {
  return useQuery({
    queryKey: [...queryKeys.risk(orgId), "policy"],
    queryFn: () => api.get<RiskPolicyView>(riskPath(orgId, "risk-policy")),
  });
}

export function useProvisionPreview(orgId: string, asOf: string, enabled: boolean) {
  return useQuery({
    queryKey: [...queryKeys.risk(orgId), "provision-matrix", asOf],
    queryFn: () =>
      api.get<ProvisionPreview>(riskPath(orgId, "provision-matrix"), {
        asOf: asOf === "" ? undefined : asOf,
      }),
    enabled,
    retry: false,
  });
}

export function useProvisionRuns(orgId: string, enabled: boolean) {
  return useQuery({
    queryKey: [...queryKeys.risk(orgId), "provision-runs"],
    queryFn: () => api.get<{ items: ProvisionRun[] }>(riskPath(orgId, "provision-runs")),
    enabled,
  });
}

export function useWriteOffs(orgId: string, status: WriteOffStatus | "") {
  return useQuery({
    queryKey: [...queryKeys.risk(orgId), "write-offs", status],
    queryFn: () =>
      api.get<{ items: WriteOff[] }>(riskPath(orgId, "write-offs"), {
        status: status === "" ? undefined : status,
      }),
  });
}

/** "not_due", "31_60", "over_365" in words. */
export function bucketLabel(key: string, t: TFunction): string {
  if (key === "not_due") return t("risk.buckets.not_due");
  const over = /^over_(\d+)$/.exec(key);
  if (over !== null) return t("risk.buckets.over", { days: over[1] });
  const range = /^(\d+)_(\d+)$/.exec(key);
  if (range !== null) return t("risk.buckets.range", { from: range[1], to: range[2] });
  return key;
}

/** A rate fraction as a percentage with every digit the server sent ("0.115714" → "11.5714%"). */
export function formatRate(fraction: string, locale: string): string {
  if (!/^-?\d+(?:\.\d+)?$/.test(fraction)) return fraction;
  const format = new Intl.NumberFormat(locale, {
    style: "percent",
    minimumFractionDigits: 2,
    maximumFractionDigits: 4,
  }).format as unknown as (value: string) => string;
  return format(fraction);
}

/** The last day of a `YYYY-MM` month. */
export function monthEndOf(month: string): string {
  const [year, mon] = month.split("-").map(Number);
  const day = new Date(Date.UTC(year ?? 1970, mon ?? 1, 0)).getUTCDate();
  return `${month}-${String(day).padStart(2, "0")}`;
}

/**
 * Decimal text in minor units of `digits` decimals, for sums and comparisons in forms; null when
 * the text is not an amount. Exact (BigInt), never a float.
 */
export function minorOf(text: string, digits: number): bigint | null {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (match === null) return null;
  const fraction = match[2] ?? "";
  if (fraction.length > digits) return null;
  return BigInt(match[1] ?? "0") * 10n ** BigInt(digits) + BigInt(fraction.padEnd(digits, "0") || "0");
}

export function decimalOf(minor: bigint, digits: number): string {
  const negative = minor < 0n;
  const text = (negative ? -minor : minor).toString().padStart(digits + 1, "0");
  const body = digits === 0 ? text : `${text.slice(0, -digits)}.${text.slice(-digits)}`;
  return negative ? `-${body}` : body;
}

export function currencyDigits(currency: string): number {
  return (
    new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2
  );
}
