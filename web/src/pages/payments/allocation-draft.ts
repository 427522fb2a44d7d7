import { parseMinor } from "../../../../src/core/money.ts";
import { isApiError } from "../../api/client.ts";
import type { AllocationRequestBody, OpenItemView } from "../../api/receivables-types.ts";
import { readAmount } from "../credit/credit-format.ts";

/**
 * How a payment's money is to be applied, as the chooser holds it, and the request it becomes.
 * "keep" leaves it unapplied (预收) for now; the other three are the server's methods.
 */

export const allocationChoices = ["keep", "oldest_first", "proportional", "chosen"] as const;
export type AllocationChoice = (typeof allocationChoices)[number];

export interface AllocationDraft {
  readonly choice: AllocationChoice;
  /** The items ticked, with the amount typed for each ("" takes as much as the item needs). */
  readonly chosen: ReadonlyMap<string, string>;
  /** Give the cash discounts whose window the money arrived in. */
  readonly takeDiscounts: boolean;
  /** Write off a shortfall within the policy's tolerance (the payer's bank charges, rounding). */
  readonly writeOffShortfall: boolean;
}

export function initialAllocation(choice: AllocationChoice): AllocationDraft {
  return { choice, chosen: new Map(), takeDiscounts: true, writeOffShortfall: true };
}

/** Items money can go to: open and owed (a credit note's negative item is used by its own action). */
export function payableItems(items: ReadonlyArray<OpenItemView>, currency: string): OpenItemView[] {
  return items.filter((item) => item.status === "open" && parseMinor(item.open, currency) > 0n);
}

export type AllocationOutcome =
  | {
      readonly ok: true;
      /** Null: keep the money unapplied. */
      readonly body: AllocationRequestBody | null;
      /** The chosen items in the order sent: the server's issues name them by this index. */
      readonly itemIds: ReadonlyArray<string>;
    }
  | {
      readonly ok: false;
      /** The reason by item, or under "" when nothing is chosen. */
      readonly problems: ReadonlyMap<string, "invalid" | "tooMuch" | "none">;
    };

/**
 * The allocation request of a draft, or what keeps it from being sent: an amount that cannot be
 * read or is more than the item's open amount, or "choose items" with none ticked. Chosen items
 * go in the order of the list (by due date), the order the server applies them in.
 */
export function allocationOf(
  draft: AllocationDraft,
  items: ReadonlyArray<OpenItemView>,
  currency: string,
): AllocationOutcome {
  const flags = { takeDiscounts: draft.takeDiscounts, writeOffShortfall: draft.writeOffShortfall };
  switch (draft.choice) {
    case "keep":
      return { ok: true, body: null, itemIds: [] };
    case "oldest_first":
    case "proportional":
      return { ok: true, body: { method: draft.choice, ...flags }, itemIds: [] };
    case "chosen": {
      const problems = new Map<string, "invalid" | "tooMuch" | "none">();
      const chosen: { itemId: string; amount: string | null }[] = [];
      for (const item of items) {
        const typed = draft.chosen.get(item.itemId);
        if (typed === undefined) continue;
        const amount = readAmount(typed, currency);
        if (!amount.ok) {
          problems.set(item.itemId, "invalid");
        } else if (
          amount.amount !== null &&
          parseMinor(amount.amount, currency) > parseMinor(item.open, currency)
        ) {
          problems.set(item.itemId, "tooMuch");
        } else {
          chosen.push({ itemId: item.itemId, amount: amount.amount });
        }
      }
      if (chosen.length === 0 && problems.size === 0) problems.set("", "none");
      if (problems.size > 0) return { ok: false, problems };
      return {
        ok: true,
        body: { method: "chosen", items: chosen, ...flags },
        itemIds: chosen.map((entry) => entry.itemId),
      };
    }
  }
}

/** `allocation.items.3.amount`, `body.items.3.itemId`, `items.3.amountMinor`: the index and the field. */
const itemIssuePattern = /(?:^|\.)items\.(\d+)\.(\w+)$/;

/** The server's objections to chosen items, by item id (the index of `itemIds`, as sent). */
export function allocationIssues(
  error: unknown,
  itemIds: ReadonlyArray<string>,
  text: (code: string, message: string) => string,
): Map<string, string> {
  const byItem = new Map<string, string>();
  if (!isApiError(error)) return byItem;
  for (const issue of error.issues) {
    const match = itemIssuePattern.exec(issue.path);
    const itemId = match === null ? undefined : itemIds[Number(match[1])];
    if (itemId === undefined) continue;
    const line = text(issue.code, issue.message);
    byItem.set(itemId, byItem.has(itemId) ? `${byItem.get(itemId)}; ${line}` : line);
  }
  return byItem;
}
