import { useId } from "react";
import { useTranslation } from "react-i18next";
import { parseMinor } from "../../../../src/core/money.ts";
import type { OpenItemView } from "../../api/receivables-types.ts";
import type { OrganizationOfUser } from "../../api/types.ts";
import { ErrorMessage } from "../../components/error-message.tsx";
import { formatAmount, formatDate, formatMoney } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { formatShare } from "../credit/credit-format.ts";
import { amountText } from "../ledger/amount-math.ts";
import { discountRateOn, discountWindowsText } from "../receivables/receivables-format.ts";
import { useReceivablesPolicy } from "../receivables/receivables-queries.ts";
import { type AllocationChoice, type AllocationDraft, allocationChoices } from "./allocation-draft.ts";

/**
 * How a payment's money is applied: kept unapplied, oldest first, spread proportionally, or to the
 * items a person ticks, each taking as much as it needs or the amount typed. Each item shows its
 * discount windows and whether the money arrived inside one, so the clerk sees a discount coming
 * before it is booked.
 */
export function AllocationChooser(props: {
  readonly org: OrganizationOfUser;
  readonly draft: AllocationDraft;
  readonly onChange: (draft: AllocationDraft) => void;
  /** "Keep unapplied" is offered when recording; applying later always applies something. */
  readonly allowKeep: boolean;
  /** The payer's open items that can take money, or null before a payer is chosen. */
  readonly items: ReadonlyArray<OpenItemView> | null;
  readonly itemsPending: boolean;
  readonly itemsError: unknown;
  /** The day the money arrived: discount windows are judged on it. */
  readonly receivedDate: string;
  /** Local problems of ticked items (an amount that cannot be read, more than is open). */
  readonly problems: ReadonlyMap<string, "invalid" | "tooMuch" | "none">;
  /** The server's objections, by item id. */
  readonly itemIssues: ReadonlyMap<string, string>;
  readonly disabled: boolean;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const id = useId();
  const { org, draft } = props;
  const currency = org.baseCurrency;
  const policy = useReceivablesPolicy(org.orgId);
  const choices = allocationChoices.filter((choice) => props.allowKeep || choice !== "keep");
  const set = (patch: Partial<AllocationDraft>) => props.onChange({ ...draft, ...patch });
  const tolerance = policy.data?.policy;

  function tick(item: OpenItemView, checked: boolean): void {
    const chosen = new Map(draft.chosen);
    if (checked) chosen.set(item.itemId, "");
    else chosen.delete(item.itemId);
    set({ chosen });
  }

  function typeAmount(item: OpenItemView, text: string): void {
    const chosen = new Map(draft.chosen);
    chosen.set(item.itemId, text);
    set({ chosen });
  }

  let chosenOpenMinor = 0n;
  for (const item of props.items ?? []) {
    if (draft.chosen.has(item.itemId)) chosenOpenMinor += parseMinor(item.open, currency);
  }

  return (
    <fieldset
      className="allocation"
      data-testid="allocation-chooser"
      data-choice={draft.choice}
      disabled={props.disabled}
    >
      <legend>{t("allocation.title")}</legend>
      <div className="choices allocation-choices">
        {choices.map((choice: AllocationChoice) => (
          <div key={choice} className="choice">
            <input
              type="radio"
              id={`${id}-${choice}`}
              name={`${id}-method`}
              value={choice}
              checked={draft.choice === choice}
              onChange={() => set({ choice })}
              aria-describedby={`${id}-${choice}-hint`}
            />
            <label htmlFor={`${id}-${choice}`}>{t(`allocation.choices.${choice}`)}</label>
            <p id={`${id}-${choice}-hint`} className="choice-hint">
              {t(`allocation.hints.${choice}`)}
            </p>
          </div>
        ))}
      </div>

      {draft.choice !== "keep" && (
        <div className="allocation-options">
          <label className="checkbox">
            <input
              type="checkbox"
              className="checkbox-input"
              name="takeDiscounts"
              checked={draft.takeDiscounts}
              onChange={(event) => set({ takeDiscounts: event.target.checked })}
            />
            <span>{t("allocation.takeDiscounts")}</span>
          </label>
          <label className="checkbox">
            <input
              type="checkbox"
              className="checkbox-input"
              name="writeOffShortfall"
              checked={draft.writeOffShortfall}
              onChange={(event) => set({ writeOffShortfall: event.target.checked })}
            />
            <span>
              {tolerance === undefined
                ? t("allocation.writeOffShortfall")
                : t("allocation.writeOffWithin", {
                    amount: formatMoney(tolerance.underpaymentTolerance, currency, language),
                    share: formatShare(tolerance.underpaymentToleranceShare, language, 2),
                  })}
            </span>
          </label>
        </div>
      )}

      {draft.choice === "chosen" && (
        <div className="allocation-items">
          <ErrorMessage error={props.itemsError} />
          {props.items === null ? (
            <p className="muted">{t("allocation.choosePayerFirst")}</p>
          ) : props.itemsPending ? (
            <p className="muted">{t("common.loading")}</p>
          ) : (
            <>
              <div className="table-wrap">
                <table className="table table-form" data-testid="allocation-items">
                  <thead>
                    <tr>
                      <th scope="col" className="cell-check">
                        <span className="visually-hidden">{t("allocation.columns.apply")}</span>
                      </th>
                      <th scope="col">{t("openItems.columns.document")}</th>
                      <th scope="col">{t("openItems.columns.dueDate")}</th>
                      <th scope="col" className="cell-amount">
                        {t("openItems.columns.open")}
                      </th>
                      <th scope="col">{t("openItems.columns.discount")}</th>
                      <th scope="col" className="cell-amount">
                        {t("allocation.columns.amount")}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {props.items.length === 0 && (
                      <tr>
                        <td colSpan={6} className="table-empty">
                          {t("allocation.nothingOpen")}
                        </td>
                      </tr>
                    )}
                    {props.items.map((item) => {
                      const typed = draft.chosen.get(item.itemId);
                      const ticked = typed !== undefined;
                      const rate = discountRateOn(item.discountWindows, props.receivedDate);
                      const local = props.problems.get(item.itemId);
                      const problem =
                        props.itemIssues.get(item.itemId) ??
                        (local === "invalid"
                          ? t("allocation.amountInvalid")
                          : local === "tooMuch"
                            ? t("allocation.amountTooMuch")
                            : undefined);
                      return (
                        <tr
                          key={item.itemId}
                          data-item-id={item.itemId}
                          data-document={item.documentNumber}
                          data-chosen={ticked}
                          className={ticked ? undefined : "row-muted"}
                        >
                          <td className="cell-check">
                            <input
                              type="checkbox"
                              className="checkbox-input"
                              aria-label={t("allocation.applyTo", { document: item.documentNumber })}
                              checked={ticked}
                              onChange={(event) => tick(item, event.target.checked)}
                            />
                          </td>
                          <td className="nowrap">
                            <span className="mono">{item.documentNumber}</span>
                            {item.disputed && (
                              <div>
                                <span className="status status-disputed">{t("openItems.disputed")}</span>
                              </div>
                            )}
                          </td>
                          <td className="nowrap">{formatDate(item.dueDate, language)}</td>
                          <td className="cell-amount">{formatAmount(item.open, language)}</td>
                          <td>
                            {item.discountWindows.length === 0 ? (
                              <span className="subtle">{t("common.none")}</span>
                            ) : (
                              <>
                                <span className="subtle">
                                  {discountWindowsText(item.discountWindows, language, t)}
                                </span>
                                {rate !== null && (
                                  <div>
                                    <span className="status status-discount" data-testid="discount-applies">
                                      {t("allocation.discountApplies", {
                                        rate: formatShare(rate, language, 2),
                                      })}
                                    </span>
                                  </div>
                                )}
                              </>
                            )}
                          </td>
                          <td className="cell-amount">
                            <input
                              className="cell-input input-amount"
                              inputMode="decimal"
                              autoComplete="off"
                              aria-label={t("allocation.amountFor", { document: item.documentNumber })}
                              aria-invalid={problem !== undefined}
                              placeholder={ticked ? t("allocation.asMuchAsNeeded") : ""}
                              disabled={!ticked}
                              value={typed ?? ""}
                              onChange={(event) => typeAmount(item, event.target.value)}
                            />
                            {problem !== undefined && <div className="field-error">{problem}</div>}
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
              <p className="subtle" role="status" data-testid="allocation-summary">
                {draft.chosen.size === 0
                  ? t("allocation.noneChosen")
                  : t("allocation.chosenSummary", {
                      count: draft.chosen.size,
                      open: formatMoney(amountText(chosenOpenMinor, currency), currency, language),
                    })}
              </p>
              <p className="subtle">{t("allocation.groupPayerNote")}</p>
            </>
          )}
        </div>
      )}
    </fieldset>
  );
}
