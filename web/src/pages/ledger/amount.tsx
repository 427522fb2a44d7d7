import { formatAmount } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { isZeroAmount } from "./ledger-format.ts";

/**
 * A money column cell: right-aligned, tabular figures. Ledgers leave a zero blank (a line is a
 * debit or a credit, never both), so the eye finds the figures that are there.
 */
export function AmountCell(props: {
  readonly amount: string;
  readonly showZero?: boolean;
  readonly testId?: string;
}) {
  const blank = props.showZero !== true && isZeroAmount(props.amount);
  return (
    <td className="cell-amount" data-testid={props.testId}>
      {blank ? "" : formatAmount(props.amount, currentLanguage())}
    </td>
  );
}
