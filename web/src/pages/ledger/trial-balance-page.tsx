import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { isPeriod, periodBounds } from "../../../../src/domain/ledger/index.ts";
import { api } from "../../api/client.ts";
import type { OrganizationOfUser, TrialBalance } from "../../api/types.ts";
import { todayIn, yearStart } from "../../business-date.ts";
import { ErrorMessage } from "../../components/error-message.tsx";
import { formatDate } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { queryKeys } from "../../query-keys.ts";
import { AmountCell } from "./amount.tsx";
import { accountName } from "./ledger-format.ts";
import { ledgerPath } from "./ledger-queries.ts";

type RangeKind = "asOf" | "period";
const datePattern = /^\d{4}-\d{2}-\d{2}$/;

const trialBalanceFormats = ["csv", "xlsx"] as const;
/** voucher-xlsx: one row per line in the column layout Chinese accounting software imports. */
const journalFormats = ["hledger", "csv", "xlsx", "voucher-xlsx"] as const;

function downloadUrl(path: string, query: Readonly<Record<string, string>>): string {
  return `${path}?${new URLSearchParams(query).toString()}`;
}

function Downloads(props: {
  readonly orgId: string;
  readonly range: Readonly<Record<string, string>>;
  readonly journalFrom: string;
  readonly journalTo: string;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const formatLabel = (format: (typeof journalFormats)[number]) => {
    switch (format) {
      case "hledger":
        return t("trialBalance.hledger");
      case "csv":
        return t("trialBalance.csv");
      case "xlsx":
        return t("trialBalance.xlsx");
      case "voucher-xlsx":
        return t("trialBalance.voucherXlsx");
    }
  };
  return (
    <section className="card downloads" aria-labelledby="downloads-title" data-testid="ledger-downloads">
      <h2 id="downloads-title">{t("trialBalance.downloads")}</h2>
      <div className="download-row">
        <span className="download-label">{t("trialBalance.downloadTrialBalance")}</span>
        {trialBalanceFormats.map((format) => (
          <a
            key={format}
            className="button button-small"
            data-testid={`download-trial-balance-${format}`}
            href={downloadUrl(ledgerPath(props.orgId, "exports", "trial-balance"), {
              format,
              ...props.range,
              language,
            })}
            download
          >
            {formatLabel(format)}
          </a>
        ))}
      </div>
      <div className="download-row">
        <span className="download-label">
          {t("trialBalance.downloadJournal", {
            from: formatDate(props.journalFrom, language),
            to: formatDate(props.journalTo, language),
          })}
        </span>
        {journalFormats.map((format) => (
          <a
            key={format}
            className="button button-small"
            data-testid={`download-journal-${format}`}
            href={downloadUrl(ledgerPath(props.orgId, "exports", "journal"), {
              format,
              from: props.journalFrom,
              to: props.journalTo,
              language,
            })}
            download
          >
            {formatLabel(format)}
          </a>
        ))}
      </div>
    </section>
  );
}

/** 科目余额表: opening, movement and closing, each on its side, and whether debits equal credits. */
export function TrialBalancePage({ org }: { readonly org: OrganizationOfUser }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const today = todayIn(org.timeZone);
  const [kind, setKind] = useState<RangeKind>("asOf");
  const [asOf, setAsOf] = useState(today);
  const [period, setPeriod] = useState(today.slice(0, 7));
  const [includeZero, setIncludeZero] = useState(false);

  const valid = kind === "asOf" ? datePattern.test(asOf) : isPeriod(period);
  const range: Readonly<Record<string, string>> = kind === "asOf" ? { asOf } : { period };
  const balance = useQuery({
    queryKey: [...queryKeys.ledger(org.orgId), "trial-balance", range, includeZero],
    queryFn: () =>
      api.get<TrialBalance>(ledgerPath(org.orgId, "trial-balance"), {
        ...range,
        ...(includeZero ? { includeZero: "true" } : {}),
      }),
    enabled: valid,
    placeholderData: keepPreviousData,
  });
  const data = balance.data;
  const multiCurrency = (data?.totals.length ?? 0) > 1;
  // The journal of the same range: the period, or the year so far for an as-of date.
  const journalRange =
    kind === "period" && isPeriod(period) ? periodBounds(period) : { from: yearStart(asOf), to: asOf };

  return (
    <>
      <form
        className="filters"
        onSubmit={(event) => event.preventDefault()}
        data-testid="trial-balance-filters"
      >
        <fieldset className="segmented">
          <legend>{t("trialBalance.rangeKind")}</legend>
          {(["asOf", "period"] as const).map((option) => (
            <label key={option} className="segmented-option">
              <input
                type="radio"
                className="segmented-input"
                name="rangeKind"
                value={option}
                checked={kind === option}
                onChange={() => setKind(option)}
              />
              <span>{option === "asOf" ? t("trialBalance.asOf") : t("trialBalance.period")}</span>
            </label>
          ))}
        </fieldset>
        {kind === "asOf" ? (
          <label className="field">
            <span>{t("trialBalance.asOfDate")}</span>
            <input type="date" name="asOf" value={asOf} onChange={(event) => setAsOf(event.target.value)} />
          </label>
        ) : (
          <label className="field">
            <span>{t("trialBalance.periodMonth")}</span>
            <input
              type="month"
              name="period"
              value={period}
              onChange={(event) => setPeriod(event.target.value)}
            />
          </label>
        )}
        <label className="checkbox">
          <input
            type="checkbox"
            className="checkbox-input"
            name="includeZero"
            checked={includeZero}
            onChange={(event) => setIncludeZero(event.target.checked)}
          />
          <span>{t("trialBalance.includeZero")}</span>
        </label>
      </form>
      <ErrorMessage error={balance.error} />
      {balance.isPending ? (
        valid && !balance.isError ? (
          <p className="muted">{t("common.loading")}</p>
        ) : null
      ) : data === undefined ? null : (
        <>
          <div className="toolbar toolbar-spread">
            <p className="muted">
              {data.from === null
                ? t("trialBalance.rangeAsOf", { date: formatDate(data.to, language) })
                : t("trialBalance.rangePeriod", {
                    from: formatDate(data.from, language),
                    to: formatDate(data.to, language),
                  })}
              {" · "}
              {t("ledger.amountsIn", { currency: data.totals[0]?.currency ?? org.baseCurrency })}
            </p>
            <p
              className={data.balanced ? "balance-badge balance-ok" : "balance-badge balance-off"}
              role="status"
              data-testid="trial-balance-status"
              data-balanced={data.balanced}
              title={data.balanced ? t("trialBalance.balancedHint") : t("trialBalance.notBalancedHint")}
            >
              {data.balanced ? t("trialBalance.balanced") : t("trialBalance.notBalanced")}
            </p>
          </div>
          <div className="table-wrap">
            <table className="table table-ledger table-trial-balance" data-testid="trial-balance-table">
              <thead>
                <tr>
                  <th scope="col" rowSpan={2}>
                    {t("ledger.accountCode")}
                  </th>
                  <th scope="col" rowSpan={2}>
                    {t("ledger.accountName")}
                  </th>
                  <th scope="colgroup" colSpan={2} className="cell-group">
                    {t("trialBalance.opening")}
                  </th>
                  <th scope="colgroup" colSpan={2} className="cell-group">
                    {t("trialBalance.movement")}
                  </th>
                  <th scope="colgroup" colSpan={2} className="cell-group">
                    {t("trialBalance.closing")}
                  </th>
                </tr>
                <tr>
                  {(["opening", "movement", "closing"] as const).flatMap((group) => [
                    <th key={`${group}-debit`} scope="col" className="cell-amount">
                      {t("ledger.debit")}
                    </th>,
                    <th key={`${group}-credit`} scope="col" className="cell-amount">
                      {t("ledger.credit")}
                    </th>,
                  ])}
                </tr>
              </thead>
              <tbody>
                {data.rows.map((row) => (
                  <tr
                    key={`${row.code}|${row.currency}`}
                    data-code={row.code}
                    className={row.isLeaf ? undefined : "row-parent"}
                  >
                    <td className="mono nowrap">
                      <span className="tree-cell" data-level={row.level}>
                        {row.code}
                      </span>
                    </td>
                    <td className="cell-account-name">
                      {accountName(row, language)}
                      {multiCurrency && row.currency !== "" && (
                        <span className="subtle"> {row.currency}</span>
                      )}
                    </td>
                    <AmountCell amount={row.openingDebit} />
                    <AmountCell amount={row.openingCredit} />
                    <AmountCell amount={row.debit} />
                    <AmountCell amount={row.credit} />
                    <AmountCell amount={row.closingDebit} />
                    <AmountCell amount={row.closingCredit} />
                  </tr>
                ))}
                {data.rows.length === 0 && (
                  <tr>
                    <td colSpan={8} className="table-empty">
                      {t("trialBalance.empty")}
                    </td>
                  </tr>
                )}
              </tbody>
              {data.totals.length > 0 && (
                <tfoot>
                  {data.totals.map((total) => (
                    <tr key={total.currency} className="row-total" data-testid="trial-balance-total">
                      <th scope="row" colSpan={2}>
                        {t("trialBalance.total")}
                        {multiCurrency && ` ${total.currency}`}
                      </th>
                      <AmountCell amount={total.openingDebit} showZero />
                      <AmountCell amount={total.openingCredit} showZero />
                      <AmountCell amount={total.debit} showZero testId="trial-balance-total-debit" />
                      <AmountCell amount={total.credit} showZero testId="trial-balance-total-credit" />
                      <AmountCell amount={total.closingDebit} showZero />
                      <AmountCell amount={total.closingCredit} showZero />
                    </tr>
                  ))}
                </tfoot>
              )}
            </table>
          </div>
        </>
      )}
      {valid && (
        <Downloads
          orgId={org.orgId}
          range={range}
          journalFrom={journalRange.from}
          journalTo={journalRange.to}
        />
      )}
    </>
  );
}
