import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { voucherMemoLengthMax } from "../../../../src/domain/ledger/index.ts";
import { api, isApiError, newIdempotencyKey } from "../../api/client.ts";
import type { LedgerAccount, OrganizationOfUser, Voucher } from "../../api/types.ts";
import { todayIn } from "../../business-date.ts";
import { ErrorMessage } from "../../components/error-message.tsx";
import { formatAmount } from "../../format.ts";
import { rowOf } from "../../i18n/error-text.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { AccountOptions } from "./account-options.tsx";
import { amountText, parseAmountInput } from "./amount-math.ts";
import { CustomerPicker, type PickedCustomer } from "./customer-picker.tsx";
import { parentCodes } from "./ledger-format.ts";
import { ledgerPath, useAccounts, useLedgerChanged } from "./ledger-queries.ts";

/** Lines one form holds; a longer entry is an import, not typing. */
const formLinesMax = 50;
const initialLineCount = 2;

interface DraftLine {
  readonly key: number;
  readonly accountCode: string;
  readonly customerText: string;
  readonly customer: PickedCustomer | null;
  readonly memo: string;
  readonly debit: string;
  readonly credit: string;
}

type LineField = "accountCode" | "customerId" | "memo" | "debit" | "credit" | "line";

interface LineCheck {
  readonly blank: boolean;
  readonly debitMinor: bigint | null;
  readonly creditMinor: bigint | null;
  readonly needsCustomer: boolean;
  readonly complete: boolean;
}

interface NewVoucherBody {
  readonly date: string;
  readonly memo: string;
  readonly lines: ReadonlyArray<{
    readonly accountCode: string;
    readonly debit: string;
    readonly credit: string;
    readonly customerId?: string;
    readonly memo?: string;
  }>;
}

let nextLineKey = 1;
function emptyLine(): DraftLine {
  nextLineKey += 1;
  return {
    key: nextLineKey,
    accountCode: "",
    customerText: "",
    customer: null,
    memo: "",
    debit: "",
    credit: "",
  };
}

function checkLine(line: DraftLine, account: LedgerAccount | undefined, currency: string): LineCheck {
  const blank =
    line.accountCode === "" &&
    line.debit.trim() === "" &&
    line.credit.trim() === "" &&
    line.memo.trim() === "" &&
    line.customerText.trim() === "";
  const debitMinor = parseAmountInput(line.debit, currency);
  const creditMinor = parseAmountInput(line.credit, currency);
  const needsCustomer = account?.receivablesControl === true && line.customer === null;
  // Amounts are never negative here (parseAmountInput), so "one side" is "exactly one positive".
  const oneSide = debitMinor !== null && creditMinor !== null && debitMinor > 0n !== creditMinor > 0n;
  return {
    blank,
    debitMinor,
    creditMinor,
    needsCustomer,
    complete: account !== undefined && oneSide && !needsCustomer,
  };
}

function isLineField(value: string): value is Exclude<LineField, "line"> {
  return ["accountCode", "customerId", "memo", "debit", "credit"].includes(value);
}

/**
 * 记账凭证 keyed in by hand: a date, a memo and lines on active leaf accounts. The totals update
 * as one types, and the voucher can be posted only when debits equal credits; the server checks
 * it all again and its objections are shown at the fields they name.
 */
export function NewVoucherForm(props: {
  readonly org: OrganizationOfUser;
  readonly onPosted: (voucher: Voucher) => void;
  readonly onCancel: () => void;
}) {
  const { t } = useTranslation();
  const { org } = props;
  const language = currentLanguage();
  const currency = org.baseCurrency;
  const ledgerChanged = useLedgerChanged(org.orgId);
  const accounts = useAccounts(org.orgId);
  const [date, setDate] = useState(() => todayIn(org.timeZone));
  const [memo, setMemo] = useState("");
  const [lines, setLines] = useState<ReadonlyArray<DraftLine>>(() =>
    Array.from({ length: initialLineCount }, emptyLine),
  );
  // Which draft line each submitted line was: server issues name submitted lines by index.
  const [submittedKeys, setSubmittedKeys] = useState<ReadonlyArray<number>>([]);

  const all = accounts.data?.items ?? [];
  const parents = parentCodes(all);
  const postable = all.filter((account) => account.active && !parents.has(account.code));
  const byCode = new Map(postable.map((account) => [account.code, account]));

  const post = useMutation({
    mutationFn: (input: { readonly body: NewVoucherBody; readonly idempotencyKey: string }) =>
      api.post<Voucher>(ledgerPath(org.orgId, "vouchers"), input.body, {
        "idempotency-key": input.idempotencyKey,
      }),
    onSuccess: (voucher) => {
      ledgerChanged();
      props.onPosted(voucher);
    },
  });

  const checks = lines.map((line) => checkLine(line, byCode.get(line.accountCode), currency));
  const filled = lines.flatMap((line, index) => {
    const check = checks[index];
    return check === undefined || check.blank ? [] : [{ line, check }];
  });
  let debitTotal = 0n;
  let creditTotal = 0n;
  let amountsValid = true;
  for (const { check } of filled) {
    if (check.debitMinor === null || check.creditMinor === null) amountsValid = false;
    debitTotal += check.debitMinor ?? 0n;
    creditTotal += check.creditMinor ?? 0n;
  }
  const difference = debitTotal - creditTotal;
  const balanced = amountsValid && difference === 0n && debitTotal > 0n;
  const complete = filled.length >= 2 && filled.every(({ check }) => check.complete);
  const ready = balanced && complete && date !== "" && memo.trim() !== "";

  const serverIssues = new Map<string, string>();
  if (isApiError(post.error)) {
    for (const issue of post.error.issues) {
      const row = rowOf(issue.path);
      const key = row === null ? undefined : submittedKeys[row];
      if (key === undefined) continue;
      const last = issue.path.split(".").at(-1) ?? "";
      const field: LineField = isLineField(last) ? last : "line";
      const text = t(`errors.issueCodes.${issue.code}` as "errors.issueCodes.REQUIRED", {
        defaultValue: issue.message,
      });
      serverIssues.set(`${key}:${field}`, text);
    }
  }

  function change(key: number, patch: Partial<Omit<DraftLine, "key">>): void {
    if (post.error !== null) post.reset();
    setLines((current) => current.map((line) => (line.key === key ? { ...line, ...patch } : line)));
  }

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    if (!ready) return;
    const body: NewVoucherBody = {
      date,
      memo: memo.trim(),
      lines: filled.map(({ line, check }) => {
        const account = byCode.get(line.accountCode);
        return {
          accountCode: line.accountCode,
          debit: amountText(check.debitMinor ?? 0n, currency),
          credit: amountText(check.creditMinor ?? 0n, currency),
          ...(account?.receivablesControl === true && line.customer !== null
            ? { customerId: line.customer.customerId }
            : {}),
          ...(line.memo.trim() === "" ? {} : { memo: line.memo.trim() }),
        };
      }),
    };
    setSubmittedKeys(filled.map(({ line }) => line.key));
    post.mutate({ body, idempotencyKey: newIdempotencyKey() });
  }

  let status: string;
  if (!amountsValid) status = t("voucherForm.invalidAmount");
  else if (debitTotal === 0n && creditTotal === 0n) status = t("voucherForm.enterAmounts");
  else if (difference !== 0n) {
    const size = difference < 0n ? -difference : difference;
    status = t("voucherForm.unbalanced", { amount: formatAmount(amountText(size, currency), language) });
  } else status = t("voucherForm.balanced");

  return (
    <section className="card" aria-labelledby="new-voucher-title">
      <h2 id="new-voucher-title">{t("voucherForm.title")}</h2>
      <p className="muted">{t("voucherForm.hint")}</p>
      <ErrorMessage error={post.error} />
      <ErrorMessage error={accounts.error} />
      <form onSubmit={submit} noValidate data-testid="new-voucher-form">
        <div className="form-row voucher-head">
          <label className="field">
            <span>{t("voucherForm.date")}</span>
            <input
              type="date"
              name="date"
              required
              value={date}
              onChange={(event) => {
                if (post.error !== null) post.reset();
                setDate(event.target.value);
              }}
            />
          </label>
          <label className="field field-grow">
            <span>{t("voucherForm.memo")}</span>
            <input
              name="memo"
              required
              maxLength={voucherMemoLengthMax}
              placeholder={t("voucherForm.memoPlaceholder")}
              value={memo}
              onChange={(event) => {
                if (post.error !== null) post.reset();
                setMemo(event.target.value);
              }}
            />
          </label>
        </div>
        <div className="table-wrap">
          <table className="table table-form" data-testid="voucher-form-lines">
            <thead>
              <tr>
                <th scope="col" className="cell-number">
                  {t("voucherForm.lineNo")}
                </th>
                <th scope="col">{t("voucherForm.account")}</th>
                <th scope="col">{t("voucherForm.customer")}</th>
                <th scope="col">{t("voucherForm.lineMemo")}</th>
                <th scope="col" className="cell-amount">
                  {t("ledger.debit")}
                </th>
                <th scope="col" className="cell-amount">
                  {t("ledger.credit")}
                </th>
                <th scope="col" className="cell-actions">
                  <span className="visually-hidden">{t("accounts.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {lines.map((line, index) => {
                const n = index + 1;
                const check = checks[index];
                const account = byCode.get(line.accountCode);
                const issue = (field: LineField) => serverIssues.get(`${line.key}:${field}`);
                const fieldError = (field: LineField, local: string | null) => {
                  const text = issue(field) ?? local;
                  return text === null || text === undefined ? null : (
                    <div className="field-error">{text}</div>
                  );
                };
                return (
                  <tr key={line.key} data-testid="voucher-line">
                    <td className="cell-number subtle">{n}</td>
                    <td className="cell-account">
                      <select
                        className="cell-input"
                        aria-label={t("voucherForm.accountOf", { n })}
                        aria-invalid={issue("accountCode") !== undefined}
                        value={line.accountCode}
                        onChange={(event) => {
                          const next = byCode.get(event.target.value);
                          change(line.key, {
                            accountCode: event.target.value,
                            ...(next?.receivablesControl === true
                              ? {}
                              : { customerText: "", customer: null }),
                          });
                        }}
                      >
                        <option value="">{t("voucherForm.chooseAccount")}</option>
                        <AccountOptions accounts={postable} />
                      </select>
                      {fieldError("accountCode", null)}
                      {fieldError("line", null)}
                    </td>
                    <td className="cell-customer">
                      {account?.receivablesControl === true ? (
                        <>
                          <CustomerPicker
                            orgId={org.orgId}
                            text={line.customerText}
                            customer={line.customer}
                            label={t("voucherForm.customerOf", { n })}
                            invalid={issue("customerId") !== undefined}
                            onText={(text) => change(line.key, { customerText: text })}
                            onPick={(customer) => {
                              setLines((current) =>
                                current.map((l) => (l.key === line.key ? { ...l, customer } : l)),
                              );
                            }}
                          />
                          {fieldError(
                            "customerId",
                            check?.needsCustomer === true && line.customerText.trim() !== ""
                              ? t("voucherForm.customerRequired")
                              : null,
                          )}
                        </>
                      ) : (
                        <span className="subtle">{t("voucherForm.notNeeded")}</span>
                      )}
                    </td>
                    <td>
                      <input
                        className="cell-input"
                        aria-label={t("voucherForm.lineMemoOf", { n })}
                        maxLength={voucherMemoLengthMax}
                        value={line.memo}
                        onChange={(event) => change(line.key, { memo: event.target.value })}
                      />
                      {fieldError("memo", null)}
                    </td>
                    <td className="cell-amount">
                      <input
                        className="cell-input input-amount"
                        inputMode="decimal"
                        autoComplete="off"
                        aria-label={t("voucherForm.debitOf", { n })}
                        aria-invalid={check?.debitMinor === null || issue("debit") !== undefined}
                        value={line.debit}
                        onChange={(event) =>
                          // One side per line: typing a debit clears the credit, as paper vouchers do.
                          change(line.key, {
                            debit: event.target.value,
                            ...(event.target.value.trim() === "" ? {} : { credit: "" }),
                          })
                        }
                      />
                      {fieldError(
                        "debit",
                        check?.debitMinor === null ? t("voucherForm.invalidAmount") : null,
                      )}
                    </td>
                    <td className="cell-amount">
                      <input
                        className="cell-input input-amount"
                        inputMode="decimal"
                        autoComplete="off"
                        aria-label={t("voucherForm.creditOf", { n })}
                        aria-invalid={check?.creditMinor === null || issue("credit") !== undefined}
                        value={line.credit}
                        onChange={(event) =>
                          change(line.key, {
                            credit: event.target.value,
                            ...(event.target.value.trim() === "" ? {} : { debit: "" }),
                          })
                        }
                      />
                      {fieldError(
                        "credit",
                        check?.creditMinor === null ? t("voucherForm.invalidAmount") : null,
                      )}
                    </td>
                    <td className="cell-actions">
                      <button
                        type="button"
                        className="button button-small button-danger-quiet"
                        aria-label={t("voucherForm.removeLine", { n })}
                        disabled={lines.length <= initialLineCount}
                        onClick={() => {
                          if (post.error !== null) post.reset();
                          setLines((current) => current.filter((l) => l.key !== line.key));
                        }}
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
                <td colSpan={4}>
                  <div className="row-total-cell">
                    <button
                      type="button"
                      className="button button-small"
                      disabled={lines.length >= formLinesMax}
                      onClick={() => setLines((current) => [...current, emptyLine()])}
                    >
                      {t("voucherForm.addLine")}
                    </button>
                    <span>{t("voucherForm.totals")}</span>
                  </div>
                </td>
                <td className="cell-amount" data-testid="voucher-form-debit-total">
                  {formatAmount(amountText(debitTotal, currency), language)}
                </td>
                <td className="cell-amount" data-testid="voucher-form-credit-total">
                  {formatAmount(amountText(creditTotal, currency), language)}
                </td>
                <td />
              </tr>
            </tfoot>
          </table>
        </div>
        <div className="form-actions voucher-actions">
          <p
            className={
              balanced
                ? "balance-status balance-ok"
                : debitTotal === 0n && creditTotal === 0n && amountsValid
                  ? "balance-status"
                  : "balance-status balance-off"
            }
            role="status"
            data-testid="voucher-form-status"
            data-balanced={balanced}
          >
            {status}
            {!balanced && difference !== 0n && amountsValid && (
              <span className="visually-hidden">
                {t("voucherForm.difference")} {formatAmount(amountText(difference, currency), language)}
              </span>
            )}
          </p>
          <button type="button" className="button" onClick={props.onCancel} disabled={post.isPending}>
            {t("common.cancel")}
          </button>
          <button type="submit" className="button button-primary" disabled={!ready || post.isPending}>
            {post.isPending ? t("voucherForm.posting") : t("voucherForm.post")}
          </button>
        </div>
      </form>
    </section>
  );
}
