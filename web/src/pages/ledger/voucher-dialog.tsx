import { useMutation, useQuery } from "@tanstack/react-query";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, newIdempotencyKey } from "../../api/client.ts";
import type { OrganizationOfUser, Voucher } from "../../api/types.ts";
import { todayIn } from "../../business-date.ts";
import { ConfirmDialog } from "../../components/confirm-dialog.tsx";
import { ErrorMessage } from "../../components/error-message.tsx";
import { formatDate, formatInstant, formatPeriod } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { queryKeys } from "../../query-keys.ts";
import { can } from "../../session.ts";
import { AmountCell } from "./amount.tsx";
import { sumAmounts } from "./amount-math.ts";
import { accountName } from "./ledger-format.ts";
import { ledgerPath, useLedgerChanged } from "./ledger-queries.ts";

const reasonLengthMax = 150;

interface Reversal {
  readonly date: string;
  readonly reason: string;
  readonly idempotencyKey: string;
}

function VoucherBody(props: {
  readonly org: OrganizationOfUser;
  readonly voucher: Voucher;
  readonly onOpen: (voucherId: string) => void;
}) {
  const { t } = useTranslation();
  const { org, voucher } = props;
  const language = currentLanguage();
  const ledgerChanged = useLedgerChanged(org.orgId);
  const [reversing, setReversing] = useState(false);
  const [date, setDate] = useState(() => todayIn(org.timeZone));
  const [reason, setReason] = useState("");
  const [confirming, setConfirming] = useState<Reversal | null>(null);
  const currency = voucher.lines[0]?.currency ?? org.baseCurrency;
  const reversible =
    can(org, "ledger.post") && voucher.kind !== "reversal" && voucher.reversedByVoucherId === null;

  const reverse = useMutation({
    mutationFn: (input: Reversal) =>
      api.post<Voucher>(
        ledgerPath(org.orgId, "vouchers", voucher.voucherId, "reverse"),
        { date: input.date, reason: input.reason },
        { "idempotency-key": input.idempotencyKey },
      ),
    onSuccess: (reversal) => {
      setConfirming(null);
      ledgerChanged();
      props.onOpen(reversal.voucherId);
    },
  });

  function askToReverse(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    reverse.reset();
    // One key per confirmed submission: a retry after a lost answer cannot reverse twice.
    setConfirming({ date, reason: reason.trim(), idempotencyKey: newIdempotencyKey() });
  }

  return (
    <>
      <dl className="details details-compact" data-testid="voucher-details">
        <dt>{t("voucher.period")}</dt>
        <dd>{formatPeriod(voucher.period, language)}</dd>
        <dt>{t("voucher.date")}</dt>
        <dd>{formatDate(voucher.date, language)}</dd>
        <dt>{t("voucher.kind")}</dt>
        <dd>
          {t(`ledger.kinds.${voucher.kind}`)}
          {voucher.eventType !== null && ` · ${t(`ledger.eventTypes.${voucher.eventType}`)}`}
        </dd>
        <dt>{t("voucher.memo")}</dt>
        <dd data-testid="voucher-memo">{voucher.memo}</dd>
        <dt>{t("voucher.createdBy")}</dt>
        <dd>
          {voucher.createdBy}
          <span className="subtle"> · {formatInstant(voucher.createdAt, org.timeZone, language)}</span>
        </dd>
        {voucher.sourceType !== null && (
          <>
            <dt>{t("voucher.source")}</dt>
            <dd className="mono">
              {voucher.sourceType}
              {voucher.sourceId !== null && ` ${voucher.sourceId}`}
            </dd>
          </>
        )}
        {voucher.reversesVoucherId !== null && (
          <>
            <dt>{t("voucher.reverses")}</dt>
            <dd>
              <button
                type="button"
                className="link-button"
                data-testid="voucher-original"
                onClick={() => props.onOpen(voucher.reversesVoucherId ?? "")}
              >
                {t("voucher.openOriginal")}
              </button>
            </dd>
          </>
        )}
        {voucher.reversedByVoucherId !== null && (
          <>
            <dt>{t("voucher.reversedBy")}</dt>
            <dd>
              <button
                type="button"
                className="link-button"
                data-testid="voucher-reversal"
                onClick={() => props.onOpen(voucher.reversedByVoucherId ?? "")}
              >
                {t("voucher.openReversal")}
              </button>
            </dd>
          </>
        )}
      </dl>
      <div className="table-wrap">
        <table className="table table-ledger" data-testid="voucher-lines">
          <thead>
            <tr>
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
          <tbody>
            {voucher.lines.map((line) => (
              <tr key={line.lineNo}>
                <td>{line.memo ?? voucher.memo}</td>
                <td>
                  <span className="mono">{line.accountCode}</span>{" "}
                  {accountName({ nameZh: line.accountNameZh, nameEn: line.accountNameEn }, language)}
                </td>
                <td>{line.customerName === null ? "" : `${line.customerCode ?? ""} ${line.customerName}`}</td>
                <AmountCell amount={line.debit} />
                <AmountCell amount={line.credit} />
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr className="row-total">
              <th scope="row" colSpan={3}>
                {t("voucher.total")}
              </th>
              <AmountCell
                amount={sumAmounts(
                  voucher.lines.map((line) => line.debit),
                  currency,
                )}
                showZero
                testId="voucher-total-debit"
              />
              <AmountCell
                amount={sumAmounts(
                  voucher.lines.map((line) => line.credit),
                  currency,
                )}
                showZero
                testId="voucher-total-credit"
              />
            </tr>
          </tfoot>
        </table>
      </div>
      {reversible && !reversing && (
        <div className="dialog-actions dialog-actions-start">
          <button
            type="button"
            className="button button-danger-quiet"
            data-testid="voucher-reverse"
            onClick={() => setReversing(true)}
          >
            {t("voucher.reverse")}
          </button>
        </div>
      )}
      {reversible && reversing && (
        <section className="subsection" aria-labelledby="reverse-title">
          <h3 id="reverse-title">{t("voucher.reverseTitle")}</h3>
          <p className="muted">{t("voucher.reverseHint")}</p>
          <form className="inline-form" onSubmit={askToReverse} data-testid="reverse-form">
            <label className="field">
              <span>{t("voucher.reverseDate")}</span>
              <input
                type="date"
                name="date"
                required
                value={date}
                onChange={(event) => setDate(event.target.value)}
              />
            </label>
            <label className="field field-grow">
              <span>{t("voucher.reason")}</span>
              <input
                name="reason"
                required
                maxLength={reasonLengthMax}
                placeholder={t("voucher.reasonPlaceholder")}
                value={reason}
                onChange={(event) => setReason(event.target.value)}
              />
            </label>
            <button
              type="submit"
              className="button button-danger"
              disabled={date === "" || reason.trim() === ""}
            >
              {t("voucher.reverseConfirm")}
            </button>
            <button type="button" className="button" onClick={() => setReversing(false)}>
              {t("common.cancel")}
            </button>
          </form>
        </section>
      )}
      <ConfirmDialog
        open={confirming !== null}
        title={t("voucher.reverseTitle")}
        question={t("voucher.reverseQuestion", { period: voucher.period, label: voucher.label })}
        consequence={t("voucher.reverseConsequence", {
          date: confirming === null ? "" : formatDate(confirming.date, language),
        })}
        confirmLabel={t("voucher.reverseConfirm")}
        pendingLabel={t("voucher.reversing")}
        pending={reverse.isPending}
        error={reverse.error}
        onConfirm={() => {
          if (confirming !== null) reverse.mutate(confirming);
        }}
        onCancel={() => setConfirming(null)}
      />
    </>
  );
}

/** One voucher: its header, lines and totals, the link between a reversal and its original. */
export function VoucherDialog(props: {
  readonly org: OrganizationOfUser;
  readonly voucherId: string;
  readonly onOpen: (voucherId: string) => void;
  readonly onClose: () => void;
}) {
  const { t } = useTranslation();
  const { org } = props;
  const dialog = useRef<HTMLDialogElement>(null);
  const voucher = useQuery({
    queryKey: [...queryKeys.ledger(org.orgId), "voucher", props.voucherId],
    queryFn: () => api.get<Voucher>(ledgerPath(org.orgId, "vouchers", props.voucherId)),
  });

  useEffect(() => {
    const element = dialog.current;
    if (element === null) return;
    if (!element.open) element.showModal();
    return () => element.close();
  }, []);

  const data = voucher.data;
  return (
    <dialog
      ref={dialog}
      className="dialog dialog-wide"
      aria-labelledby="voucher-dialog-title"
      data-testid="voucher-dialog"
      onCancel={(event) => {
        event.preventDefault();
        // Escape in the confirmation on top reaches here too; it closes only that one.
        if (event.target === event.currentTarget) props.onClose();
      }}
    >
      <div className="dialog-header">
        <h2 id="voucher-dialog-title">
          {data === undefined
            ? t("voucher.loading")
            : t("voucher.title", { period: data.period, label: data.label })}
          {data?.kind === "reversal" && <span className="tag tag-warning">{t("ledger.kinds.reversal")}</span>}
          {data !== undefined && data.reversedByVoucherId !== null && (
            <span className="tag">{t("journal.reversedTag")}</span>
          )}
        </h2>
        <button type="button" className="button button-small" onClick={props.onClose}>
          {t("common.close")}
        </button>
      </div>
      <ErrorMessage error={voucher.error} />
      {data !== undefined && (
        <VoucherBody key={data.voucherId} org={org} voucher={data} onOpen={props.onOpen} />
      )}
    </dialog>
  );
}
