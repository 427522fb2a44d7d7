import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { WriteOff, WriteOffStatus } from "../../api/risk-types.ts";
import type { OrganizationOfUser } from "../../api/types.ts";
import { ErrorMessage, SuccessMessage } from "../../components/error-message.tsx";
import { Link } from "../../components/link.tsx";
import { ListTable } from "../../components/list-table.tsx";
import { formatAmount, formatDate, formatMoney } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { orgPagePath } from "../../routes.ts";
import { can, useSession } from "../../session.ts";
import { useRiskPolicy, useWriteOffs, writeOffStatuses } from "./risk-queries.ts";
import { DecisionDialog, RecoveryDialog, RequestWriteOffDialog } from "./write-off-dialogs.tsx";

type Dialog =
  | { readonly kind: "request" }
  | { readonly kind: "decision"; readonly writeOff: WriteOff; readonly decision: "approve" | "reject" }
  | { readonly kind: "recovery"; readonly writeOff: WriteOff };

/**
 * 坏账核销: write-offs asked for, waiting, posted or rejected; a new request from a customer's open
 * items; approval or rejection by a second person (never the requester); recoveries of what a
 * customer pays after all.
 */
export function WriteOffsPage({ org }: { readonly org: OrganizationOfUser }) {
  const { t } = useTranslation();
  const locale = currentLanguage();
  const session = useSession();
  const userId = session.data?.user.userId ?? null;
  const [status, setStatus] = useState<WriteOffStatus | "">("");
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const writeOffs = useWriteOffs(org.orgId, status);
  const policy = useRiskPolicy(org.orgId);
  const threshold = policy.data?.definition.writeOffApprovalThreshold ?? null;
  const rows = writeOffs.data?.items ?? [];
  const manages = can(org, "risk.manage");
  const approves = can(org, "risk.approve");

  const done = (key: "requested" | "posted" | "rejected") => (writeOff: WriteOff) => {
    setDialog(null);
    setNotice(t(`risk.writeOffs.${key}`, { number: writeOff.number }));
  };

  return (
    <>
      <p className="muted">
        {t("risk.writeOffs.intro", {
          threshold: threshold === null ? "…" : formatMoney(threshold, org.baseCurrency, locale),
        })}
      </p>
      <div className="filters">
        <label className="field">
          <span>{t("risk.writeOffs.status")}</span>
          <select
            name="status"
            value={status}
            onChange={(event) => setStatus(writeOffStatuses.find((s) => s === event.target.value) ?? "")}
          >
            <option value="">{t("risk.writeOffs.anyStatus")}</option>
            {writeOffStatuses.map((s) => (
              <option key={s} value={s}>
                {t(`risk.writeOffs.statuses.${s}`)}
              </option>
            ))}
          </select>
        </label>
        {manages && (
          <button
            type="button"
            className="button button-primary"
            onClick={() => {
              setNotice(null);
              setDialog({ kind: "request" });
            }}
          >
            {t("risk.writeOffs.request")}
          </button>
        )}
      </div>
      <SuccessMessage>{notice}</SuccessMessage>
      <ErrorMessage error={writeOffs.error} />
      <ListTable
        pending={writeOffs.isPending}
        testId="write-offs"
        columnCount={8}
        rowCount={rows.length}
        emptyText={t("risk.writeOffs.empty")}
        head={
          <>
            <th>{t("risk.writeOffs.columns.number")}</th>
            <th>{t("risk.writeOffs.columns.customer")}</th>
            <th>{t("risk.writeOffs.columns.items")}</th>
            <th className="cell-amount">{t("risk.writeOffs.columns.amount")}</th>
            <th className="cell-amount">{t("risk.writeOffs.columns.recovered")}</th>
            <th>{t("risk.writeOffs.columns.status")}</th>
            <th>{t("risk.writeOffs.columns.requested")}</th>
            <th>{t("risk.writeOffs.columns.actions")}</th>
          </>
        }
      >
        {rows.map((writeOff) => {
          const own = writeOff.requestedByUserId !== null && writeOff.requestedByUserId === userId;
          const recoverable =
            writeOff.status === "posted" && writeOff.recovered !== writeOff.amount && manages;
          return (
            <tr key={writeOff.writeOffId} data-write-off={writeOff.number}>
              <td>{writeOff.number}</td>
              <td>{writeOff.customerName}</td>
              <td>
                {writeOff.items.map((item) => item.documentNumber).join(", ")}
                {writeOff.recoveries.map((recovery) => (
                  <div key={recovery.recoveryId} className="subtle">
                    {recovery.documentNumber}: {formatAmount(recovery.amount, locale)} (
                    {formatDate(recovery.date, locale)})
                  </div>
                ))}
              </td>
              <td className="cell-amount">{formatAmount(writeOff.amount, locale)}</td>
              <td className="cell-amount">{formatAmount(writeOff.recovered, locale)}</td>
              <td>
                {t(`risk.writeOffs.statuses.${writeOff.status}`)}
                {writeOff.voucherId !== null && (
                  <div>
                    <Link to={orgPagePath(org.orgId, "ledger", "journal", { voucher: writeOff.voucherId })}>
                      {t("risk.writeOffs.voucher")}
                    </Link>
                  </div>
                )}
                {writeOff.decisionNote !== null && (
                  <div className="subtle pre-wrap">{writeOff.decisionNote}</div>
                )}
              </td>
              <td>
                <div>{formatDate(writeOff.requestedOn, locale)}</div>
                <div className="subtle">{writeOff.requestedBy}</div>
                <div className="subtle pre-wrap">{writeOff.reason}</div>
              </td>
              <td className="cell-actions">
                <div className="toolbar-buttons">
                  {writeOff.status === "pending" && approves && !own && (
                    <>
                      <button
                        type="button"
                        className="button button-small"
                        data-action="approve"
                        onClick={() => setDialog({ kind: "decision", writeOff, decision: "approve" })}
                      >
                        {t("risk.writeOffs.approve")}
                      </button>
                      <button
                        type="button"
                        className="button button-small"
                        data-action="reject"
                        onClick={() => setDialog({ kind: "decision", writeOff, decision: "reject" })}
                      >
                        {t("risk.writeOffs.reject")}
                      </button>
                    </>
                  )}
                  {writeOff.status === "pending" && own && (
                    <span className="subtle">{t("risk.writeOffs.ownRequest")}</span>
                  )}
                  {recoverable && (
                    <button
                      type="button"
                      className="button button-small"
                      data-action="recover"
                      onClick={() => setDialog({ kind: "recovery", writeOff })}
                    >
                      {t("risk.writeOffs.recover")}
                    </button>
                  )}
                </div>
              </td>
            </tr>
          );
        })}
      </ListTable>
      {rows.length > 0 && <p className="subtle">{t("ledger.amountsIn", { currency: org.baseCurrency })}</p>}
      {dialog?.kind === "request" && (
        <RequestWriteOffDialog
          org={org}
          threshold={threshold}
          onDone={(writeOff) => done(writeOff.status === "pending" ? "requested" : "posted")(writeOff)}
          onCancel={() => setDialog(null)}
        />
      )}
      {dialog?.kind === "decision" && (
        <DecisionDialog
          org={org}
          writeOff={dialog.writeOff}
          decision={dialog.decision}
          onDone={(writeOff) => done(writeOff.status === "posted" ? "posted" : "rejected")(writeOff)}
          onCancel={() => setDialog(null)}
        />
      )}
      {dialog?.kind === "recovery" && (
        <RecoveryDialog
          org={org}
          writeOff={dialog.writeOff}
          onDone={(writeOff) => {
            setDialog(null);
            setNotice(
              t("risk.writeOffs.recovered", {
                document: writeOff.recoveries[writeOff.recoveries.length - 1]?.documentNumber ?? "",
              }),
            );
          }}
          onCancel={() => setDialog(null)}
        />
      )}
    </>
  );
}
