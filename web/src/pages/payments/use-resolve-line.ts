import { useMutation } from "@tanstack/react-query";
import type { BankLineResolution, BankLineResolved, BankLineView } from "../../api/bank-types.ts";
import { api } from "../../api/client.ts";
import type { OrganizationOfUser } from "../../api/types.ts";
import { useIdempotencyKey } from "../../use-idempotency-key.ts";
import { receivablesPath, useReceivablesChanged } from "../receivables/receivables-queries.ts";

/**
 * Resolves a line of the review queue: accept a suggestion, assign it to a customer, or ignore it.
 * Accepting and assigning record a payment, so the request carries an Idempotency-Key that follows
 * its body; afterwards every receivables view is read again and the line leaves the queue.
 */
export function useResolveLine(
  org: OrganizationOfUser,
  line: BankLineView,
  onResolved: (resolved: BankLineResolved, resolution: BankLineResolution) => void,
) {
  const idempotency = useIdempotencyKey();
  const receivablesChanged = useReceivablesChanged(org.orgId);
  return useMutation({
    mutationFn: (body: BankLineResolution) =>
      api.post<BankLineResolved>(receivablesPath(org.orgId, "bank-lines", line.lineId, "resolve"), body, {
        "Idempotency-Key": idempotency.keyFor(body),
      }),
    onSuccess: (resolved, body) => {
      idempotency.renew();
      receivablesChanged();
      onResolved(resolved, body);
    },
  });
}
