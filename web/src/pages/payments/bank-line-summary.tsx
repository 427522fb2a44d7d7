import { useTranslation } from "react-i18next";
import type { BankLineView } from "../../api/bank-types.ts";
import { formatDate, formatMoney } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";

/** A bank line as the bank wrote it: amount, day, who paid from which account, and their words. */
export function BankLineSummary(props: { readonly line: BankLineView }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { line } = props;
  return (
    <div className="bank-line-summary">
      <div className="bank-line-amount" data-testid="bank-line-amount">
        {formatMoney(line.amount, line.currency, language)}
      </div>
      <dl className="details details-compact bank-line-details">
        <dt>{t("bank.columns.date")}</dt>
        <dd>
          {formatDate(line.bookingDate, language)}
          {line.valueDate !== null && line.valueDate !== line.bookingDate && (
            <span className="subtle">
              {" "}
              · {t("bank.valueDate", { date: formatDate(line.valueDate, language) })}
            </span>
          )}
        </dd>
        <dt>{t("bank.columns.counterparty")}</dt>
        <dd data-testid="bank-line-counterparty">
          {line.counterpartyName ?? <span className="subtle">{t("bank.noName")}</span>}
        </dd>
        <dt>{t("bank.columns.account")}</dt>
        <dd className="mono">
          {line.counterpartyAccount ?? <span className="subtle">{t("common.none")}</span>}
        </dd>
        <dt>{t("bank.columns.remittance")}</dt>
        <dd className="pre-wrap">{line.remittance ?? <span className="subtle">{t("common.none")}</span>}</dd>
        {(line.bankReference !== null || line.endToEndId !== null) && (
          <>
            <dt>{t("bank.columns.reference")}</dt>
            <dd className="mono">
              {[line.bankReference, line.endToEndId].filter((r) => r !== null).join(" · ")}
            </dd>
          </>
        )}
      </dl>
    </div>
  );
}
