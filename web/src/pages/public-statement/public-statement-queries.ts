import { useQuery } from "@tanstack/react-query";
import { publicRequest, publicStatementPath } from "../../api/public-client.ts";
import type { PublicStatementView } from "../../api/statement-types.ts";

/** What the customer's link names; the only request the page makes before an answer. */
export const publicStatementKey = (token: string) => ["public-statement", token] as const;

export function usePublicStatement(token: string) {
  return useQuery({
    queryKey: publicStatementKey(token),
    queryFn: () => publicRequest<PublicStatementView>(publicStatementPath(token)),
    staleTime: 60_000,
  });
}

/** The statement as PDF in a language, for the customer's own files. */
export function publicStatementPdfUrl(token: string, locale: string): string {
  return `${publicStatementPath(token, "document")}?${new URLSearchParams({ locale }).toString()}`;
}

/** The reader's own clock: the link is opened outside the firm, wherever the customer is. */
export function readerTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}
