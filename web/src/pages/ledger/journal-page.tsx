import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client.ts";
import type { OrganizationOfUser, Voucher, VoucherPage } from "../../api/types.ts";
import { todayIn } from "../../business-date.ts";
import { ErrorMessage, SuccessMessage } from "../../components/error-message.tsx";
import { formatDate } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { queryKeys } from "../../query-keys.ts";
import { navigate, useLocation } from "../../router.ts";
import { orgPagePath } from "../../routes.ts";
import { can } from "../../session.ts";
import { useSettled } from "../../use-settled.ts";
import { AmountCell } from "./amount.tsx";
import { accountName } from "./ledger-format.ts";
import { ledgerPath } from "./ledger-queries.ts";
import { NewVoucherForm } from "./new-voucher-form.tsx";
import { VoucherDialog } from "./voucher-dialog.tsx";

const journalPageSize = 50;
const filterDelayMs = 300;
const accountCodeFilterPattern = /^[0-9]{1,20}$/;

interface JournalFilters {
  readonly period: string;
  readonly from: string;
  readonly to: string;
  readonly accountCode: string;
  readonly search: string;
}

function VoucherRows(props: { readonly voucher: Voucher; readonly onOpen: (voucherId: string) => void }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { voucher } = props;
  const span = Math.max(voucher.lines.length, 1);
  const head = (
    <>
      <td rowSpan={span} className="nowrap cell-head">
        {formatDate(voucher.date, language)}
      </td>
      <td rowSpan={span} className="nowrap cell-head">
        <button
          type="button"
          className="link-button mono"
          onClick={() => props.onOpen(voucher.voucherId)}
          aria-label={t("journal.open", { period: voucher.period, label: voucher.label })}
          data-testid="voucher-label"
        >
          {voucher.label}
        </button>
      </td>
      <td rowSpan={span} className="cell-memo cell-head">
        {voucher.memo}
        <div className="voucher-tags">
          {voucher.kind === "reversal" && (
            <span className="tag tag-warning">{t("ledger.kinds.reversal")}</span>
          )}
          {voucher.reversedByVoucherId !== null && <span className="tag">{t("journal.reversedTag")}</span>}
          {voucher.kind === "event" && voucher.eventType !== null && (
            <span className="subtle">{t(`ledger.eventTypes.${voucher.eventType}`)}</span>
          )}
        </div>
      </td>
    </>
  );
  return (
    <tbody className="voucher-group" data-voucher-id={voucher.voucherId} data-label={voucher.label}>
      {voucher.lines.map((line, index) => (
        <tr key={line.lineNo}>
          {index === 0 && head}
          <td className="cell-account-name">
            <span className="mono">{line.accountCode}</span>{" "}
            {accountName({ nameZh: line.accountNameZh, nameEn: line.accountNameEn }, language)}
            {line.memo !== null && <div className="subtle">{line.memo}</div>}
          </td>
          <td>{line.customerName === null ? "" : `${line.customerCode ?? ""} ${line.customerName}`}</td>
          <AmountCell amount={line.debit} />
          <AmountCell amount={line.credit} />
        </tr>
      ))}
    </tbody>
  );
}

/** 序时账: the vouchers in number order, each with its lines; a voucher opens in a dialog. */
export function JournalPage({ org }: { readonly org: OrganizationOfUser }) {
  const { t } = useTranslation();
  const location = useLocation();
  const openVoucherId = location.search.get("voucher");
  // An accountant opens the current month first; older months are one filter away.
  const [filters, setFilters] = useState<JournalFilters>({
    period: todayIn(org.timeZone).slice(0, 7),
    from: "",
    to: "",
    accountCode: "",
    search: "",
  });
  const settled = useSettled(filters, filterDelayMs);
  const [formOpen, setFormOpen] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const postable = can(org, "ledger.post");

  const query = {
    period: settled.period,
    from: settled.from,
    to: settled.to,
    accountCode: accountCodeFilterPattern.test(settled.accountCode) ? settled.accountCode : "",
    search: settled.search.trim(),
  };
  const journal = useInfiniteQuery({
    queryKey: [...queryKeys.ledger(org.orgId), "journal", query],
    queryFn: ({ pageParam }) =>
      api.get<VoucherPage>(ledgerPath(org.orgId, "vouchers"), {
        ...query,
        limit: journalPageSize,
        after: pageParam,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextAfter ?? undefined,
    placeholderData: keepPreviousData,
  });
  const vouchers = journal.data?.pages.flatMap((page) => page.items) ?? [];
  const filtered = Object.values(filters).some((value) => value !== "");

  function update(patch: Partial<JournalFilters>): void {
    setFilters((current) => ({ ...current, ...patch }));
  }

  function openVoucher(voucherId: string | null): void {
    // Opening is a place to come back to; closing only tidies the address.
    if (voucherId === null) navigate(orgPagePath(org.orgId, "ledger", "journal"), { replace: true });
    else navigate(orgPagePath(org.orgId, "ledger", "journal", { voucher: voucherId }));
  }

  return (
    <>
      <div className="toolbar toolbar-spread">
        <p className="muted">{t("ledger.amountsIn", { currency: org.baseCurrency })}</p>
        {postable && !formOpen && (
          <button
            type="button"
            className="button button-primary"
            data-testid="new-voucher"
            onClick={() => {
              setNotice(null);
              setFormOpen(true);
            }}
          >
            {t("journal.newVoucher")}
          </button>
        )}
      </div>
      {postable && formOpen && (
        <NewVoucherForm
          org={org}
          onPosted={(voucher) => {
            setFormOpen(false);
            setNotice(t("journal.posted", { period: voucher.period, label: voucher.label }));
            // Show the new voucher where it is, whatever the filters said before, and open it.
            setFilters({ period: voucher.period, from: "", to: "", accountCode: "", search: "" });
            openVoucher(voucher.voucherId);
          }}
          onCancel={() => setFormOpen(false)}
        />
      )}
      <SuccessMessage>{notice}</SuccessMessage>
      <form className="filters" onSubmit={(event) => event.preventDefault()} data-testid="journal-filters">
        <label className="field">
          <span>{t("journal.period")}</span>
          <input
            type="month"
            name="period"
            value={filters.period}
            onChange={(event) => update({ period: event.target.value, from: "", to: "" })}
          />
        </label>
        <label className="field">
          <span>{t("journal.from")}</span>
          <input
            type="date"
            name="from"
            value={filters.from}
            onChange={(event) => update({ from: event.target.value, period: "" })}
          />
        </label>
        <label className="field">
          <span>{t("journal.to")}</span>
          <input
            type="date"
            name="to"
            value={filters.to}
            onChange={(event) => update({ to: event.target.value, period: "" })}
          />
        </label>
        <label className="field">
          <span>{t("journal.accountCode")}</span>
          <input
            name="accountCode"
            inputMode="numeric"
            maxLength={20}
            className="input-code"
            placeholder={t("journal.accountCodePlaceholder")}
            aria-invalid={filters.accountCode !== "" && !accountCodeFilterPattern.test(filters.accountCode)}
            value={filters.accountCode}
            onChange={(event) => update({ accountCode: event.target.value.trim() })}
          />
        </label>
        <label className="field field-grow">
          <span>{t("journal.search")}</span>
          <input
            type="search"
            name="search"
            maxLength={100}
            placeholder={t("journal.searchPlaceholder")}
            value={filters.search}
            onChange={(event) => update({ search: event.target.value })}
          />
        </label>
        <button
          type="button"
          className="button"
          disabled={!filtered}
          onClick={() => setFilters({ period: "", from: "", to: "", accountCode: "", search: "" })}
        >
          {t("journal.clearFilters")}
        </button>
      </form>
      <ErrorMessage error={journal.error} />
      {journal.isPending ? (
        <p className="muted">{t("common.loading")}</p>
      ) : (
        <div className="table-wrap">
          <table className="table table-ledger" data-testid="journal-table">
            <thead>
              <tr>
                <th scope="col">{t("ledger.date")}</th>
                <th scope="col">{t("ledger.voucherNo")}</th>
                <th scope="col">{t("ledger.memo")}</th>
                <th scope="col">{t("ledger.account")}</th>
                <th scope="col">{t("ledger.customer")}</th>
                <th scope="col" className="cell-amount">
                  {t("ledger.debit")}
                </th>
                <th scope="col" className="cell-amount">
                  {t("ledger.credit")}
                </th>
              </tr>
            </thead>
            {vouchers.map((voucher) => (
              <VoucherRows key={voucher.voucherId} voucher={voucher} onOpen={openVoucher} />
            ))}
            {vouchers.length === 0 && (
              <tbody>
                <tr>
                  <td colSpan={7} className="table-empty">
                    {filtered ? t("journal.noMatches") : t("journal.empty")}
                  </td>
                </tr>
              </tbody>
            )}
          </table>
        </div>
      )}
      {vouchers.length > 0 && (
        <div className="table-footer">
          <span className="muted">
            {journal.hasNextPage
              ? t("common.shownSoFar", { count: vouchers.length })
              : t("common.allLoaded", { count: vouchers.length })}
          </span>
          {journal.hasNextPage && (
            <button
              type="button"
              className="button"
              onClick={() => void journal.fetchNextPage()}
              disabled={journal.isFetchingNextPage}
            >
              {journal.isFetchingNextPage ? t("common.loadingMore") : t("common.loadMore")}
            </button>
          )}
        </div>
      )}
      {openVoucherId !== null && (
        <VoucherDialog
          key={openVoucherId}
          org={org}
          voucherId={openVoucherId}
          onOpen={openVoucher}
          onClose={() => openVoucher(null)}
        />
      )}
    </>
  );
}
