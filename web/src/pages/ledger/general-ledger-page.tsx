import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { periodBounds } from "../../../../src/domain/ledger/index.ts";
import { api } from "../../api/client.ts";
import type { GeneralLedger, OrganizationOfUser } from "../../api/types.ts";
import { todayIn } from "../../business-date.ts";
import { ErrorMessage } from "../../components/error-message.tsx";
import { Link } from "../../components/link.tsx";
import { formatAmount, formatDate } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { queryKeys } from "../../query-keys.ts";
import { navigate, useLocation } from "../../router.ts";
import { orgPagePath } from "../../routes.ts";
import { AccountOptions } from "./account-options.tsx";
import { AmountCell } from "./amount.tsx";
import { absoluteAmount, balanceSide } from "./ledger-format.ts";
import { ledgerPath, useAccounts } from "./ledger-queries.ts";

/** Lines per request; the server allows up to 5000, a page of 500 keeps the table quick. */
const generalLedgerPageSize = 500;
const datePattern = /^\d{4}-\d{2}-\d{2}$/;

/** 借/贷/平 and the size: how a Chinese ledger prints a balance, whatever the account's side. */
function BalanceCells({ balance }: { readonly balance: string }) {
  const { t } = useTranslation();
  return (
    <>
      <td className="cell-direction">{t(`ledger.sides.${balanceSide(balance)}`)}</td>
      <td className="cell-amount">{formatAmount(absoluteAmount(balance), currentLanguage())}</td>
    </>
  );
}

/** 明细账: one account (with its sub-accounts) between two dates, with a running balance. */
export function GeneralLedgerPage({ org }: { readonly org: OrganizationOfUser }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const location = useLocation();
  const accounts = useAccounts(org.orgId);
  // The current month unless the address says otherwise: the view an accountant opens most.
  const month = periodBounds(todayIn(org.timeZone).slice(0, 7));
  const accountCode = location.search.get("account") ?? "";
  const fromParam = location.search.get("from") ?? "";
  const toParam = location.search.get("to") ?? "";
  const from = datePattern.test(fromParam) ? fromParam : month.from;
  const to = datePattern.test(toParam) ? toParam : month.to;
  const rangeValid = from <= to;

  function show(patch: { readonly account?: string; readonly from?: string; readonly to?: string }): void {
    navigate(
      orgPagePath(org.orgId, "ledger", "general-ledger", {
        account: patch.account ?? accountCode,
        from: patch.from ?? from,
        to: patch.to ?? to,
      }),
      { replace: true },
    );
  }

  const ledger = useInfiniteQuery({
    queryKey: [...queryKeys.ledger(org.orgId), "general-ledger", accountCode, from, to],
    queryFn: ({ pageParam }) =>
      api.get<GeneralLedger>(ledgerPath(org.orgId, "accounts", accountCode, "ledger"), {
        from,
        to,
        limit: generalLedgerPageSize,
        offset: pageParam,
      }),
    initialPageParam: 0,
    getNextPageParam: (last, pages) => {
      const loaded = pages.reduce((count, page) => count + page.lines.length, 0);
      return loaded < last.lineCount ? loaded : undefined;
    },
    enabled: accountCode !== "" && rangeValid,
    placeholderData: keepPreviousData,
  });
  const first = ledger.data?.pages[0];
  const lines = ledger.data?.pages.flatMap((page) => page.lines) ?? [];

  return (
    <>
      <form
        className="filters"
        onSubmit={(event) => event.preventDefault()}
        data-testid="general-ledger-filters"
      >
        <label className="field field-grow">
          <span>{t("generalLedger.account")}</span>
          <select
            name="account"
            value={accountCode}
            onChange={(event) => show({ account: event.target.value })}
            data-testid="general-ledger-account"
          >
            <option value="">{t("generalLedger.chooseAccount")}</option>
            <AccountOptions accounts={accounts.data?.items ?? []} />
          </select>
        </label>
        <label className="field">
          <span>{t("generalLedger.from")}</span>
          <input
            type="date"
            name="from"
            value={from}
            onChange={(event) => {
              if (datePattern.test(event.target.value)) show({ from: event.target.value });
            }}
          />
        </label>
        <label className="field">
          <span>{t("generalLedger.to")}</span>
          <input
            type="date"
            name="to"
            value={to}
            aria-invalid={!rangeValid}
            onChange={(event) => {
              if (datePattern.test(event.target.value)) show({ to: event.target.value });
            }}
          />
        </label>
      </form>
      <ErrorMessage error={accounts.error} />
      <ErrorMessage error={ledger.error} />
      {!rangeValid && (
        <p className="notice notice-error">
          {t("errors.issue", {
            field: t("errors.fieldNames.to"),
            problem: t("errors.issueCodes.BEFORE_FROM"),
          })}
        </p>
      )}
      {accountCode === "" ? (
        <p className="notice notice-info">{t("generalLedger.chooseFirst")}</p>
      ) : ledger.isPending || first === undefined ? (
        ledger.isError || !rangeValid ? null : (
          <p className="muted">{t("common.loading")}</p>
        )
      ) : (
        <>
          <p className="muted">
            {t("ledger.amountsIn", { currency: first.currency })}
            {accounts.data?.items.some((account) => account.parentCode === accountCode) === true &&
              ` · ${t("generalLedger.includesSub")}`}
          </p>
          <div className="table-wrap">
            <table className="table table-ledger" data-testid="general-ledger-table">
              <thead>
                <tr>
                  <th scope="col">{t("ledger.date")}</th>
                  <th scope="col">{t("ledger.voucherNo")}</th>
                  <th scope="col">{t("ledger.memo")}</th>
                  <th scope="col" className="cell-amount">
                    {t("ledger.debit")}
                  </th>
                  <th scope="col" className="cell-amount">
                    {t("ledger.credit")}
                  </th>
                  <th scope="col" className="cell-direction">
                    {t("ledger.direction")}
                  </th>
                  <th scope="col" className="cell-amount">
                    {t("ledger.balance")}
                  </th>
                </tr>
              </thead>
              <tbody>
                <tr className="row-subtotal" data-testid="general-ledger-opening">
                  <td className="nowrap">{formatDate(first.from, language)}</td>
                  <td />
                  <td>{t("generalLedger.opening")}</td>
                  <td />
                  <td />
                  <BalanceCells balance={first.opening} />
                </tr>
                {lines.map((line, index) => (
                  // A voucher may post to one account twice, and a line carries no number here; the
                  // list is in posting order and only ever grows at its end, so the place is stable.
                  // biome-ignore lint/suspicious/noArrayIndexKey: see above
                  <tr key={`${line.voucherId}-${index}`} data-testid="general-ledger-line">
                    <td className="nowrap">{formatDate(line.date, language)}</td>
                    <td className="nowrap">
                      <Link
                        className="mono"
                        to={orgPagePath(org.orgId, "ledger", "journal", { voucher: line.voucherId })}
                        title={t("journal.open", { period: line.period, label: line.label })}
                      >
                        {line.label}
                      </Link>
                    </td>
                    <td>
                      {line.memo}
                      {line.accountCode !== accountCode && (
                        <span className="subtle mono"> {line.accountCode}</span>
                      )}
                    </td>
                    <AmountCell amount={line.debit} />
                    <AmountCell amount={line.credit} />
                    <BalanceCells balance={line.balance} />
                  </tr>
                ))}
                {first.lineCount === 0 && (
                  <tr>
                    <td colSpan={7} className="table-empty">
                      {t("generalLedger.empty")}
                    </td>
                  </tr>
                )}
              </tbody>
              <tfoot>
                <tr className="row-total" data-testid="general-ledger-totals">
                  <td className="nowrap">{formatDate(first.to, language)}</td>
                  <td />
                  <th scope="row">{t("generalLedger.periodTotal")}</th>
                  <AmountCell amount={first.debit} showZero />
                  <AmountCell amount={first.credit} showZero />
                  <td />
                  <td />
                </tr>
                <tr className="row-total" data-testid="general-ledger-closing">
                  <td className="nowrap">{formatDate(first.to, language)}</td>
                  <td />
                  <th scope="row">{t("generalLedger.closing")}</th>
                  <td />
                  <td />
                  <BalanceCells balance={first.closing} />
                </tr>
              </tfoot>
            </table>
          </div>
          {ledger.hasNextPage && (
            <div className="table-footer">
              <span className="muted">
                {t("generalLedger.shown", { shown: lines.length, count: first.lineCount })}
              </span>
              <button
                type="button"
                className="button"
                onClick={() => void ledger.fetchNextPage()}
                disabled={ledger.isFetchingNextPage}
              >
                {ledger.isFetchingNextPage ? t("common.loadingMore") : t("common.loadMore")}
              </button>
            </div>
          )}
        </>
      )}
    </>
  );
}
