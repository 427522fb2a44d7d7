import { useQuery, useQueryClient } from "@tanstack/react-query";
import { api, orgPath } from "../../api/client.ts";
import type { AccountsResponse } from "../../api/types.ts";
import { queryKeys } from "../../query-keys.ts";

export function ledgerPath(orgId: string, ...rest: ReadonlyArray<string>): string {
  return orgPath(orgId, "ledger", ...rest);
}

/** The chart of accounts; every ledger page reads it, so it is fetched once and shared. */
export function useAccounts(orgId: string) {
  return useQuery({
    queryKey: [...queryKeys.ledger(orgId), "accounts"],
    queryFn: () => api.get<AccountsResponse>(ledgerPath(orgId, "accounts")),
    staleTime: 60_000,
  });
}

/** After a posting, a reversal, a close or a chart change: every ledger view may have moved. */
export function useLedgerChanged(orgId: string): () => void {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: queryKeys.ledger(orgId) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.audit(orgId) });
  };
}
