import { useState } from "react";
import { useTranslation } from "react-i18next";
import type {
  BankLineResolution,
  BankLineResolved,
  BankLineView,
  MatchSuggestion,
} from "../../api/bank-types.ts";
import type { OrganizationOfUser } from "../../api/types.ts";
import { ErrorMessage } from "../../components/error-message.tsx";
import { can } from "../../session.ts";
import { AssignLineDialog } from "./assign-line-dialog.tsx";
import { BankLineSummary } from "./bank-line-summary.tsx";
import { BankSuggestion } from "./bank-suggestion.tsx";
import { IgnoreLineDialog } from "./ignore-line-dialog.tsx";
import { useResolveLine } from "./use-resolve-line.ts";

/** A suggestion is one customer with one set of items and what stays unapplied. */
function suggestionKey(suggestion: MatchSuggestion): string {
  const items = suggestion.allocations.map((allocation) => allocation.itemId).join(",");
  return `${suggestion.customerId}:${items}:${suggestion.unapplied}`;
}

/**
 * A line of the review queue: what the bank says, the ranked suggestions, and the three ways out
 * of the queue (payments.manage): accept a suggestion, assign it to a customer, or ignore it.
 */
export function BankLineCard(props: {
  readonly org: OrganizationOfUser;
  readonly line: BankLineView;
  readonly onResolved: (resolved: BankLineResolved, resolution: BankLineResolution) => void;
}) {
  const { t } = useTranslation();
  const { org, line } = props;
  const [open, setOpen] = useState<"assign" | "ignore" | null>(null);
  const accept = useResolveLine(org, line, props.onResolved);
  const manages = can(org, "payments.manage");
  return (
    <article
      className="card bank-line"
      data-line-id={line.lineId}
      data-status={line.status}
      data-testid="bank-line"
    >
      <BankLineSummary line={line} />
      <h3 className="bank-suggestions-title">{t("bank.suggestions")}</h3>
      <ErrorMessage error={accept.error} />
      {line.suggestions.length === 0 ? (
        <p className="muted">{t("bank.noSuggestions")}</p>
      ) : (
        <ol className="bank-suggestions">
          {line.suggestions.map((suggestion, index) => (
            <BankSuggestion
              key={suggestionKey(suggestion)}
              org={org}
              suggestion={suggestion}
              index={index}
              pending={accept.isPending}
              onAccept={manages ? () => accept.mutate({ kind: "accept", suggestion: index }) : null}
            />
          ))}
        </ol>
      )}
      {manages && (
        <div className="toolbar bank-line-actions">
          <button type="button" className="button" data-action="assign" onClick={() => setOpen("assign")}>
            {t("bank.assign")}
          </button>
          <button
            type="button"
            className="button button-danger-quiet"
            data-action="ignore"
            onClick={() => setOpen("ignore")}
          >
            {t("bank.ignore")}
          </button>
        </div>
      )}
      {open === "assign" && (
        <AssignLineDialog
          org={org}
          line={line}
          onDone={(resolved, resolution) => {
            setOpen(null);
            props.onResolved(resolved, resolution);
          }}
          onCancel={() => setOpen(null)}
        />
      )}
      {open === "ignore" && (
        <IgnoreLineDialog
          org={org}
          line={line}
          onDone={(resolved, resolution) => {
            setOpen(null);
            props.onResolved(resolved, resolution);
          }}
          onCancel={() => setOpen(null)}
        />
      )}
    </article>
  );
}
