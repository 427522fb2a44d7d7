import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client.ts";
import type { OpenItemList } from "../../api/receivables-types.ts";
import type { WriteOff } from "../../api/risk-types.ts";
import type { OrganizationOfUser } from "../../api/types.ts";
import { todayIn } from "../../business-date.ts";
import { FormDialog } from "../../components/form-dialog.tsx";
import { formatDate, formatMoney } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { queryKeys } from "../../query-keys.ts";
import { useIdempotencyKey } from "../../use-idempotency-key.ts";
import { currencyDigits, decimalOf, minorOf, riskPath } from "./risk-queries.ts";

async function refresh(queryClient: ReturnType<typeof useQueryClient>, orgId: string) {
  await queryClient.invalidateQueries({ queryKey: queryKeys.risk(orgId) });
  await queryClient.invalidateQueries({ queryKey: queryKeys.receivables(orgId) });
  await queryClient.invalidateQueries({ queryKey: queryKeys.ledger(orgId) });
}

/** Asks for a write-off of one customer's open items: which, how much of each, and why. */
export function RequestWriteOffDialog(props: {
  readonly org: OrganizationOfUser;
  readonly threshold: string | null;
  readonly onDone: (writeOff: WriteOff) => void;
  readonly onCancel: () => void;
}) {
  const { org } = props;
  const { t } = useTranslation();
  const locale = currentLanguage();
  const queryClient = useQueryClient();
  const idempotency = useIdempotencyKey();
  const digits = currencyDigits(org.baseCurrency);
  const items = useQuery({
    queryKey: [...queryKeys.receivables(org.orgId), "open-items", "write-off"],
    queryFn: () => api.get<OpenItemList>(riskPath(org.orgId, "open-items"), { status: "open", limit: 1000 }),
  });
  const open = (items.data?.items ?? []).filter((item) => !item.open.startsWith("-") && item.open !== "0.00");
  const customers = [...new Map(open.map((item) => [item.customerId, item.customerName])).entries()];
  const [customerId, setCustomerId] = useState("");
  const [amounts, setAmounts] = useState<Record<string, string>>({});
  const [reason, setReason] = useState("");
  const chosen = open.filter((item) => item.customerId === customerId);
  const lines = chosen
    .map((item) => ({ itemId: item.itemId, amount: (amounts[item.itemId] ?? "").trim() }))
    .filter((line) => line.amount !== "");
  const total = lines.reduce((sum, line) => sum + (minorOf(line.amount, digits) ?? 0n), 0n);
  const thresholdMinor = props.threshold === null ? null : minorOf(props.threshold, digits);

  const request = useMutation({
    mutationFn: (body: object) =>
      api.post<WriteOff>(riskPath(org.orgId, "write-offs"), body, {
        "idempotency-key": idempotency.keyFor(body),
      }),
    onSuccess: async (writeOff) => {
      idempotency.renew();
      await refresh(queryClient, org.orgId);
      props.onDone(writeOff);
    },
  });

  return (
    <FormDialog
      title={t("risk.writeOffs.dialog.title")}
      intro={t("risk.writeOffs.dialog.intro")}
      submitLabel={t("risk.writeOffs.dialog.submit")}
      pendingLabel={t("risk.writeOffs.dialog.submitting")}
      pending={request.isPending}
      error={request.error}
      canSubmit={customerId !== "" && lines.length > 0 && reason.trim() !== ""}
      danger
      wide
      testId="write-off-dialog"
      onSubmit={() => request.mutate({ customerId, items: lines, reason })}
      onCancel={props.onCancel}
    >
      <label className="field">
        <span>{t("risk.writeOffs.dialog.customer")}</span>
        <select
          name="customerId"
          value={customerId}
          onChange={(event) => {
            setCustomerId(event.target.value);
            setAmounts({});
          }}
        >
          <option value="">
            {items.isPending ? t("risk.writeOffs.loadingItems") : t("risk.writeOffs.dialog.chooseCustomer")}
          </option>
          {customers.map(([id, name]) => (
            <option key={id} value={id}>
              {name}
            </option>
          ))}
        </select>
      </label>
      {customerId !== "" && (
        <div className="table-wrap">
          <table className="table" data-testid="write-off-items">
            <thead>
              <tr>
                <th>{t("risk.writeOffs.dialog.item")}</th>
                <th>{t("risk.writeOffs.dialog.dueDate")}</th>
                <th className="cell-amount">{t("risk.writeOffs.dialog.open")}</th>
                <th className="cell-amount">{t("risk.writeOffs.dialog.amount")}</th>
              </tr>
            </thead>
            <tbody>
              {chosen.map((item) => (
                <tr key={item.itemId}>
                  <td>{item.documentNumber}</td>
                  <td>{formatDate(item.dueDate, locale)}</td>
                  <td className="cell-amount">{formatMoney(item.open, item.currency, locale)}</td>
                  <td className="cell-amount">
                    <input
                      className="input-amount"
                      inputMode="decimal"
                      name={`amount-${item.documentNumber}`}
                      aria-label={`${t("risk.writeOffs.dialog.amount")} ${item.documentNumber}`}
                      value={amounts[item.itemId] ?? ""}
                      placeholder={item.open}
                      onChange={(event) => setAmounts({ ...amounts, [item.itemId]: event.target.value })}
                    />
                  </td>
                </tr>
              ))}
              {chosen.length === 0 && (
                <tr>
                  <td colSpan={4} className="table-empty">
                    {t("risk.writeOffs.dialog.noItems")}
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      )}
      {lines.length > 0 && (
        <p className="muted">
          {t("risk.writeOffs.dialog.total", {
            amount: formatMoney(decimalOf(total, digits), org.baseCurrency, locale),
          })}{" "}
          {thresholdMinor !== null &&
            (total > thresholdMinor
              ? t("risk.writeOffs.dialog.needsApproval")
              : t("risk.writeOffs.dialog.postsAtOnce"))}
        </p>
      )}
      <label className="field">
        <span>{t("risk.writeOffs.dialog.reason")}</span>
        <textarea
          name="reason"
          maxLength={500}
          value={reason}
          onChange={(event) => setReason(event.target.value)}
        />
      </label>
    </FormDialog>
  );
}

/** Approves (posts) or rejects a pending write-off, with a note (required to reject). */
export function DecisionDialog(props: {
  readonly org: OrganizationOfUser;
  readonly writeOff: WriteOff;
  readonly decision: "approve" | "reject";
  readonly onDone: (writeOff: WriteOff) => void;
  readonly onCancel: () => void;
}) {
  const { t } = useTranslation();
  const locale = currentLanguage();
  const queryClient = useQueryClient();
  const [note, setNote] = useState("");
  const { writeOff, decision } = props;
  const decide = useMutation({
    mutationFn: () =>
      api.post<WriteOff>(riskPath(props.org.orgId, "write-offs", writeOff.writeOffId, "decision"), {
        decision,
        note: note.trim() === "" ? null : note,
      }),
    onSuccess: async (decided) => {
      await refresh(queryClient, props.org.orgId);
      props.onDone(decided);
    },
  });
  return (
    <FormDialog
      title={t(
        decision === "approve"
          ? "risk.writeOffs.decision.approveTitle"
          : "risk.writeOffs.decision.rejectTitle",
        { number: writeOff.number },
      )}
      intro={t("risk.writeOffs.decision.intro", {
        customer: writeOff.customerName,
        amount: formatMoney(writeOff.amount, writeOff.currency, locale),
        reason: writeOff.reason,
      })}
      submitLabel={t(
        decision === "approve"
          ? "risk.writeOffs.decision.submitApprove"
          : "risk.writeOffs.decision.submitReject",
      )}
      pendingLabel={t("risk.writeOffs.decision.pending")}
      pending={decide.isPending}
      error={decide.error}
      canSubmit={decision === "approve" || note.trim() !== ""}
      danger={decision === "approve"}
      testId="write-off-decision-dialog"
      onSubmit={() => decide.mutate()}
      onCancel={props.onCancel}
    >
      <label className="field">
        <span>{t("risk.writeOffs.decision.note")}</span>
        <textarea
          name="note"
          maxLength={500}
          value={note}
          onChange={(event) => setNote(event.target.value)}
        />
      </label>
    </FormDialog>
  );
}

/** Records money received on a written-off amount: it comes back as an open item to apply the payment to. */
export function RecoveryDialog(props: {
  readonly org: OrganizationOfUser;
  readonly writeOff: WriteOff;
  readonly onDone: (writeOff: WriteOff) => void;
  readonly onCancel: () => void;
}) {
  const { t } = useTranslation();
  const locale = currentLanguage();
  const queryClient = useQueryClient();
  const idempotency = useIdempotencyKey();
  const { writeOff } = props;
  const digits = currencyDigits(writeOff.currency);
  const left = (minorOf(writeOff.amount, digits) ?? 0n) - (minorOf(writeOff.recovered, digits) ?? 0n);
  const [amount, setAmount] = useState(decimalOf(left, digits));
  const [date, setDate] = useState(todayIn(props.org.timeZone));
  const [note, setNote] = useState("");
  const record = useMutation({
    mutationFn: (body: object) =>
      api.post<WriteOff>(riskPath(props.org.orgId, "write-offs", writeOff.writeOffId, "recoveries"), body, {
        "idempotency-key": idempotency.keyFor(body),
      }),
    onSuccess: async (recovered) => {
      idempotency.renew();
      await refresh(queryClient, props.org.orgId);
      props.onDone(recovered);
    },
  });
  return (
    <FormDialog
      title={t("risk.writeOffs.recovery.title", { number: writeOff.number })}
      intro={t("risk.writeOffs.recovery.intro", {
        left: formatMoney(decimalOf(left, digits), writeOff.currency, locale),
      })}
      submitLabel={t("risk.writeOffs.recovery.submit")}
      pendingLabel={t("risk.writeOffs.recovery.pending")}
      pending={record.isPending}
      error={record.error}
      canSubmit={amount.trim() !== "" && date !== ""}
      testId="write-off-recovery-dialog"
      onSubmit={() => record.mutate({ amount: amount.trim(), date, note: note.trim() === "" ? null : note })}
      onCancel={props.onCancel}
    >
      <label className="field">
        <span>{t("risk.writeOffs.recovery.amount")}</span>
        <input
          name="amount"
          inputMode="decimal"
          value={amount}
          onChange={(event) => setAmount(event.target.value)}
        />
      </label>
      <label className="field">
        <span>{t("risk.writeOffs.recovery.date")}</span>
        <input type="date" name="date" value={date} onChange={(event) => setDate(event.target.value)} />
      </label>
      <label className="field">
        <span>{t("risk.writeOffs.recovery.note")}</span>
        <input name="note" maxLength={500} value={note} onChange={(event) => setNote(event.target.value)} />
      </label>
    </FormDialog>
  );
}
