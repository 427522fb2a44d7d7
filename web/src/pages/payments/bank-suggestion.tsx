import { useTranslation } from "react-i18next";
import type { MatchSuggestion } from "../../api/bank-types.ts";
import type { OrganizationOfUser } from "../../api/types.ts";
import { formatAmount } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { isZeroAmount } from "../receivables/receivables-format.ts";
import { useOpenItems } from "../receivables/receivables-queries.ts";
import { formatConfidence, matchReasons } from "./bank-queries.ts";
import { CustomerName } from "./customer-name.tsx";

/**
 * One ranked suggestion for a bank line: the customer, how sure the engine is and why, what each
 * of its documents would take and what would stay unapplied (预收), and the button to accept it.
 * The documents are named from the customer's open items, read as its page reads them.
 */
export function BankSuggestion(props: {
  readonly org: OrganizationOfUser;
  readonly suggestion: MatchSuggestion;
  /** Its place in the ranking, from 0: what the server is told to accept. */
  readonly index: number;
  /** Null without payments.manage: the suggestion is shown, not accepted. */
  readonly onAccept: (() => void) | null;
  readonly pending: boolean;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { org, suggestion } = props;
  const items = useOpenItems(org.orgId, suggestion.customerId);
  const documentOf = new Map((items.data?.items ?? []).map((item) => [item.itemId, item.documentNumber]));
  const reasons = matchReasons.filter((reason) => suggestion.reasons.includes(reason));
  const n = props.index + 1;
  return (
    <li
      className="bank-suggestion"
      data-suggestion={props.index}
      data-customer-id={suggestion.customerId}
      data-confidence={suggestion.confidence}
    >
      <div className="bank-suggestion-head">
        <span className="bank-suggestion-rank">{t("bank.suggestionN", { n })}</span>
        <CustomerName org={org} customerId={suggestion.customerId} />
        <span className="bank-confidence" data-testid="suggestion-confidence">
          {t("bank.confidence", { percent: formatConfidence(suggestion.confidence, language) })}
        </span>
      </div>
      <div className="bank-reasons" data-testid="suggestion-reasons">
        {reasons.map((reason) => (
          <span key={reason} className="tag tag-plain reason-tag" data-reason={reason}>
            {t(`bank.reasons.${reason}`)}
          </span>
        ))}
      </div>
      <p className="bank-allocations">
        {suggestion.allocations.length === 0
          ? t("bank.noAllocations")
          : suggestion.allocations
              .map((allocation) =>
                t("bank.allocation", {
                  document: documentOf.get(allocation.itemId) ?? t("bank.settledItem"),
                  amount: formatAmount(allocation.amount, language),
                }),
              )
              .join(t("allocation.windowSeparator"))}
        {!isZeroAmount(suggestion.unapplied) && (
          <span className="subtle">
            {" "}
            · {t("bank.unapplied", { amount: formatAmount(suggestion.unapplied, language) })}
          </span>
        )}
      </p>
      {props.onAccept !== null && (
        <button
          type="button"
          className={props.index === 0 ? "button button-primary button-small" : "button button-small"}
          data-action="accept"
          disabled={props.pending}
          onClick={props.onAccept}
        >
          {t("bank.accept", { n })}
        </button>
      )}
    </li>
  );
}
