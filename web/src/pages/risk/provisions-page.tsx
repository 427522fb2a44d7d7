import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client.ts";
import type { ProvisionRun } from "../../api/risk-types.ts";
import type { OrganizationOfUser } from "../../api/types.ts";
import { ConfirmDialog } from "../../components/confirm-dialog.tsx";
import { ErrorMessage, SuccessMessage } from "../../components/error-message.tsx";
import { Link } from "../../components/link.tsx";
import { ListTable } from "../../components/list-table.tsx";
import { formatAmount, formatDate, formatMoney } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { queryKeys } from "../../query-keys.ts";
import { orgPagePath } from "../../routes.ts";
import { can } from "../../session.ts";
import { useIdempotencyKey } from "../../use-idempotency-key.ts";
import {
  bucketLabel,
  formatRate,
  monthEndOf,
  riskPath,
  useProvisionPreview,
  useProvisionRuns,
} from "./risk-queries.ts";

/**
 * 坏账准备: the provision matrix on a month end (balance, roll rate, loss rate and provision per
 * aging bucket), the allowance booked against what it requires, and posting the difference.
 * Organizations on 小企业会计准则 see why there is nothing to provide.
 */
export function ProvisionsPage({ org }: { readonly org: OrganizationOfUser }) {
  const { t } = useTranslation();
  const locale = currentLanguage();
  const queryClient = useQueryClient();
  const applicable = org.accountingFramework !== "asbe";
  const [month, setMonth] = useState("");
  const asOf = month === "" ? "" : monthEndOf(month);
  const preview = useProvisionPreview(org.orgId, asOf, applicable);
  const runs = useProvisionRuns(org.orgId, applicable);
  const [confirming, setConfirming] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const idempotency = useIdempotencyKey();

  const post = useMutation({
    mutationFn: (body: { asOf: string }) =>
      api.post<ProvisionRun>(riskPath(org.orgId, "provision-runs"), body, {
        "idempotency-key": idempotency.keyFor(body),
      }),
    onSuccess: async (run) => {
      idempotency.renew();
      setConfirming(false);
      setNotice(
        run.voucherId === null
          ? t("risk.provisions.postedNothing")
          : t("risk.provisions.posted", { amount: formatMoney(run.posted, run.currency, locale) }),
      );
      await queryClient.invalidateQueries({ queryKey: queryKeys.risk(org.orgId) });
      await queryClient.invalidateQueries({ queryKey: queryKeys.ledger(org.orgId) });
    },
  });

  if (!applicable) {
    return (
      <p className="notice notice-info" data-testid="provisions-asbe">
        {t("risk.provisions.asbeNote")}
      </p>
    );
  }

  const data = preview.data;
  const currency = data?.currency ?? org.baseCurrency;
  const trueUpZero = data === undefined || /^-?0(\.0+)?$/.test(data.trueUp);

  return (
    <>
      <p className="muted">{t("risk.provisions.intro")}</p>
      <div className="filters">
        <label className="field">
          <span>{t("risk.provisions.asOf")}</span>
          <input
            type="month"
            name="asOf"
            value={month === "" && data !== undefined ? data.asOf.slice(0, 7) : month}
            onChange={(event) => {
              setNotice(null);
              setMonth(event.target.value);
            }}
          />
        </label>
      </div>
      <SuccessMessage>{notice}</SuccessMessage>
      <ErrorMessage error={preview.error} />
      {data !== undefined && (
        <>
          <p className="subtle">
            {t("risk.provisions.method", {
              months: data.historyMonths,
              adjustment: formatRate(data.matrix.forwardLookingAdjustment, locale),
              version: data.policyVersion,
            })}
          </p>
          <ListTable
            pending={preview.isPending}
            testId="provision-matrix"
            columnCount={5}
            rowCount={data.matrix.rows.length}
            emptyText=""
            head={
              <>
                <th>{t("risk.provisions.columns.bucket")}</th>
                <th className="cell-amount">{t("risk.provisions.columns.balance")}</th>
                <th className="cell-amount">{t("risk.provisions.columns.rollRate")}</th>
                <th className="cell-amount">{t("risk.provisions.columns.lossRate")}</th>
                <th className="cell-amount">{t("risk.provisions.columns.provision")}</th>
              </>
            }
          >
            {data.matrix.rows.map((row) => (
              <tr key={row.bucket} data-bucket={row.bucket}>
                <td>{bucketLabel(row.bucket, t)}</td>
                <td className="cell-amount">{formatAmount(row.balance, locale)}</td>
                <td className="cell-amount">
                  {row.rollRate === null ? "—" : formatRate(row.rollRate, locale)}
                  {!row.observed && <span className="field-note"> ({t("risk.provisions.unobserved")})</span>}
                </td>
                <td className="cell-amount">{formatRate(row.lossRate, locale)}</td>
                <td className="cell-amount">{formatAmount(row.provision, locale)}</td>
              </tr>
            ))}
            <tr>
              <th scope="row">{t("risk.provisions.total")}</th>
              <td className="cell-amount">{formatAmount(data.matrix.totalBalance, locale)}</td>
              <td />
              <td />
              <td className="cell-amount" data-testid="provision-required">
                {formatAmount(data.matrix.required, locale)}
              </td>
            </tr>
          </ListTable>
          <p className="subtle">{t("ledger.amountsIn", { currency })}</p>
          <dl className="details-amounts" data-testid="provision-summary">
            <dt>{t("risk.provisions.currentAllowance")}</dt>
            <dd>{formatMoney(data.currentAllowance, currency, locale)}</dd>
            <dt>{t("risk.provisions.required")}</dt>
            <dd>{formatMoney(data.matrix.required, currency, locale)}</dd>
            <dt>{t("risk.provisions.trueUp")}</dt>
            <dd data-testid="provision-true-up">{formatMoney(data.trueUp, currency, locale)}</dd>
          </dl>
          {can(org, "risk.manage") &&
            (trueUpZero ? (
              <p className="muted">{t("risk.provisions.nothingToPost")}</p>
            ) : (
              <button
                type="button"
                className="button button-primary"
                onClick={() => {
                  post.reset();
                  setConfirming(true);
                }}
              >
                {t("risk.provisions.post")}
              </button>
            ))}
          <ConfirmDialog
            open={confirming}
            title={t("risk.provisions.confirmTitle")}
            question={t("risk.provisions.confirmQuestion", {
              asOf: formatDate(data.asOf, locale),
              amount: formatMoney(data.trueUp, currency, locale),
            })}
            consequence={
              data.trueUp.startsWith("-")
                ? t("risk.provisions.confirmRelease", { asOf: data.asOf })
                : t("risk.provisions.confirmIncrease", { asOf: data.asOf })
            }
            confirmLabel={t("risk.provisions.post")}
            pendingLabel={t("risk.provisions.posting")}
            pending={post.isPending}
            error={post.error}
            onConfirm={() => post.mutate({ asOf: data.asOf })}
            onCancel={() => setConfirming(false)}
          />
        </>
      )}
      {preview.isPending && <p className="muted">{t("common.loading")}</p>}
      <h2>{t("risk.provisions.runsTitle")}</h2>
      <ErrorMessage error={runs.error} />
      <ListTable
        pending={runs.isPending}
        testId="provision-runs"
        columnCount={6}
        rowCount={runs.data?.items.length ?? 0}
        emptyText={t("risk.provisions.noRuns")}
        head={
          <>
            <th>{t("risk.provisions.runColumns.asOf")}</th>
            <th className="cell-amount">{t("risk.provisions.runColumns.required")}</th>
            <th className="cell-amount">{t("risk.provisions.runColumns.previous")}</th>
            <th className="cell-amount">{t("risk.provisions.runColumns.posted")}</th>
            <th>{t("risk.provisions.runColumns.voucher")}</th>
            <th>{t("risk.provisions.runColumns.by")}</th>
          </>
        }
      >
        {(runs.data?.items ?? []).map((run) => (
          <tr key={run.runId}>
            <td>{formatDate(run.asOf, locale)}</td>
            <td className="cell-amount">{formatAmount(run.required, locale)}</td>
            <td className="cell-amount">{formatAmount(run.previous, locale)}</td>
            <td className="cell-amount">{formatAmount(run.posted, locale)}</td>
            <td>
              {run.voucherId === null ? (
                t("risk.provisions.noVoucher")
              ) : (
                <Link to={orgPagePath(org.orgId, "ledger", "journal", { voucher: run.voucherId })}>
                  {run.voucherLabel ?? run.voucherId}
                </Link>
              )}
            </td>
            <td>{run.createdBy}</td>
          </tr>
        ))}
      </ListTable>
    </>
  );
}
