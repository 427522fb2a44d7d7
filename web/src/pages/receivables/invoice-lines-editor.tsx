import { useState } from "react";
import { useTranslation } from "react-i18next";
import { invoiceDescriptionLengthMax } from "../../../../src/domain/receivables/invoice.ts";
import { formatAmount } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import {
  type DraftLine,
  emptyLine,
  formLinesMax,
  type LineField,
  type LinesPreview,
  vatRates,
} from "./invoice-lines.ts";
import { formatVatRate } from "./receivables-format.ts";

/**
 * The lines of an invoice or a note as a table of inputs: description, quantity, unit price and
 * VAT rate, with each line's 金额, 税额 and 价税合计 as they will be computed. A new line takes the
 * rate of the line before it and gets the focus, so a long invoice is keyed in without the mouse.
 */
export function InvoiceLinesEditor(props: {
  readonly lines: ReadonlyArray<DraftLine>;
  readonly preview: LinesPreview;
  readonly taxInclusive: boolean;
  readonly currency: string;
  readonly disabled: boolean;
  /** The server's objection to a field of a line, by the line's key. */
  readonly issueAt: (key: number, field: LineField | "line") => string | undefined;
  readonly onChange: (lines: ReadonlyArray<DraftLine>) => void;
  readonly testId: string;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { lines, preview } = props;
  const [focusKey, setFocusKey] = useState<number | null>(null);

  function change(key: number, patch: Partial<Omit<DraftLine, "key">>): void {
    props.onChange(lines.map((line) => (line.key === key ? { ...line, ...patch } : line)));
  }

  function addLine(): void {
    const line = emptyLine(lines.at(-1)?.vatRate);
    setFocusKey(line.key);
    props.onChange([...lines, line]);
  }

  const figure = (amount: string | undefined) =>
    amount === undefined ? (
      <span className="subtle">{t("common.none")}</span>
    ) : (
      formatAmount(amount, language)
    );

  return (
    <div className="table-wrap">
      <table className="table table-form" data-testid={props.testId}>
        <thead>
          <tr>
            <th scope="col" className="cell-number">
              {t("invoiceLines.lineNo")}
            </th>
            <th scope="col">{t("invoiceLines.description")}</th>
            <th scope="col" className="cell-amount">
              {t("invoiceLines.quantity")}
            </th>
            <th scope="col" className="cell-amount">
              {props.taxInclusive
                ? t("invoiceLines.unitPriceInclusive")
                : t("invoiceLines.unitPriceExclusive")}
            </th>
            <th scope="col">{t("invoiceLines.vatRate")}</th>
            <th scope="col" className="cell-amount">
              {t("invoiceLines.net")}
            </th>
            <th scope="col" className="cell-amount">
              {t("invoiceLines.tax")}
            </th>
            <th scope="col" className="cell-amount">
              {t("invoiceLines.gross")}
            </th>
            <th scope="col" className="cell-actions">
              <span className="visually-hidden">{t("invoiceLines.actions")}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {lines.map((line, index) => {
            const n = index + 1;
            const shown = preview.lines.get(line.key);
            const amounts = shown?.ok === true ? shown : undefined;
            const unreadable = shown?.ok === false ? shown.fields : new Set<LineField>();
            const problem = (field: LineField, local: string) => {
              const text = props.issueAt(line.key, field) ?? (unreadable.has(field) ? local : undefined);
              return text === undefined ? null : <div className="field-error">{text}</div>;
            };
            const invalid = (field: LineField) =>
              props.issueAt(line.key, field) !== undefined || unreadable.has(field);
            return (
              <tr key={line.key} data-testid="invoice-line">
                <td className="cell-number subtle">{n}</td>
                <td className="cell-description">
                  <input
                    className="cell-input"
                    aria-label={t("invoiceLines.descriptionOf", { n })}
                    aria-invalid={invalid("description")}
                    maxLength={invoiceDescriptionLengthMax}
                    autoComplete="off"
                    // biome-ignore lint/a11y/noAutofocus: the line just added by the keyboard gets the focus
                    autoFocus={line.key === focusKey}
                    disabled={props.disabled}
                    value={line.description}
                    onChange={(event) => change(line.key, { description: event.target.value })}
                  />
                  {problem("description", t("invoiceLines.descriptionRequired"))}
                  {props.issueAt(line.key, "line") !== undefined && (
                    <div className="field-error">{props.issueAt(line.key, "line")}</div>
                  )}
                </td>
                <td className="cell-amount">
                  <input
                    className="cell-input input-quantity"
                    inputMode="decimal"
                    autoComplete="off"
                    aria-label={t("invoiceLines.quantityOf", { n })}
                    aria-invalid={invalid("quantity")}
                    disabled={props.disabled}
                    value={line.quantity}
                    onChange={(event) => change(line.key, { quantity: event.target.value })}
                  />
                  {problem("quantity", t("invoiceLines.quantityInvalid"))}
                </td>
                <td className="cell-amount">
                  <input
                    className="cell-input input-amount"
                    inputMode="decimal"
                    autoComplete="off"
                    aria-label={t("invoiceLines.unitPriceOf", { n })}
                    aria-invalid={invalid("unitPrice")}
                    disabled={props.disabled}
                    value={line.unitPrice}
                    onChange={(event) => change(line.key, { unitPrice: event.target.value })}
                  />
                  {problem("unitPrice", t("invoiceLines.unitPriceInvalid"))}
                </td>
                <td>
                  <select
                    className="cell-input input-rate"
                    aria-label={t("invoiceLines.vatRateOf", { n })}
                    aria-invalid={invalid("vatRate")}
                    disabled={props.disabled}
                    value={line.vatRate}
                    onChange={(event) => {
                      const rate = vatRates.find((r) => r === event.target.value);
                      if (rate !== undefined) change(line.key, { vatRate: rate });
                    }}
                  >
                    {vatRates.map((rate) => (
                      <option key={rate} value={rate}>
                        {formatVatRate(rate, language)}
                      </option>
                    ))}
                  </select>
                  {problem("vatRate", t("invoiceLines.vatRateInvalid"))}
                </td>
                <td className="cell-amount cell-preview" data-column="net">
                  {figure(amounts?.net)}
                </td>
                <td className="cell-amount cell-preview" data-column="tax">
                  {figure(amounts?.tax)}
                </td>
                <td className="cell-amount cell-preview" data-column="gross">
                  {figure(amounts?.gross)}
                </td>
                <td className="cell-actions">
                  <button
                    type="button"
                    className="button button-small button-danger-quiet"
                    aria-label={t("invoiceLines.removeLine", { n })}
                    disabled={props.disabled || lines.length <= 1}
                    onClick={() => props.onChange(lines.filter((l) => l.key !== line.key))}
                  >
                    ×
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
        <tfoot>
          <tr className="row-total">
            <td colSpan={5}>
              <div className="row-total-cell">
                <button
                  type="button"
                  className="button button-small"
                  disabled={props.disabled || lines.length >= formLinesMax}
                  onClick={addLine}
                >
                  {t("invoiceLines.addLine")}
                </button>
                <span>{t("invoiceLines.totals", { currency: props.currency })}</span>
              </div>
            </td>
            <td className="cell-amount" data-testid={`${props.testId}-net`}>
              {figure(preview.totals?.net)}
            </td>
            <td className="cell-amount" data-testid={`${props.testId}-tax`}>
              {figure(preview.totals?.tax)}
            </td>
            <td className="cell-amount" data-testid={`${props.testId}-gross`}>
              {figure(preview.totals?.gross)}
            </td>
            <td />
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
