import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { DisputeReason, DisputeStatus } from "../../api/collections-types.ts";
import type { OrganizationOfUser } from "../../api/types.ts";
import { ErrorMessage, SuccessMessage } from "../../components/error-message.tsx";
import { disputeReasons, disputeStatuses, useDisputes } from "./collections-queries.ts";
import { DisputeReportCard } from "./dispute-report.tsx";
import { DisputesTable } from "./disputes-table.tsx";

/**
 * Disputes (争议): what customers contest, open ones first by default — on which document, why,
 * for how much and who owns each — resolved with a credit note of the invoice or rejected, and
 * the disputes of a period by reason. A dispute is opened from the customer's collections tab,
 * where its open items are.
 */
export function DisputesPage({ org }: { readonly org: OrganizationOfUser }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<DisputeStatus | "">("open");
  const [reason, setReason] = useState<DisputeReason | "">("");
  const [notice, setNotice] = useState<string | null>(null);
  const disputes = useDisputes(org.orgId, { status, reason });
  const rows = disputes.data?.items ?? [];
  const filtered = status !== "open" || reason !== "";

  return (
    <>
      <p className="muted">{t("collections.disputes.intro")}</p>
      <div className="filters" data-testid="dispute-filters">
        <label className="field">
          <span>{t("collections.disputes.columns.status")}</span>
          <select
            name="status"
            value={status}
            onChange={(event) => setStatus(disputeStatuses.find((s) => s === event.target.value) ?? "")}
          >
            <option value="">{t("collections.disputes.anyStatus")}</option>
            {disputeStatuses.map((s) => (
              <option key={s} value={s}>
                {t(`collections.disputeStatuses.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t("collections.disputes.columns.reason")}</span>
          <select
            name="reason"
            value={reason}
            onChange={(event) => setReason(disputeReasons.find((r) => r === event.target.value) ?? "")}
          >
            <option value="">{t("collections.disputes.anyReason")}</option>
            {disputeReasons.map((r) => (
              <option key={r} value={r}>
                {t(`collections.disputeReasons.${r}`)}
              </option>
            ))}
          </select>
        </label>
        {filtered && (
          <button
            type="button"
            className="button button-quiet"
            onClick={() => {
              setStatus("open");
              setReason("");
            }}
          >
            {t("collections.disputes.resetFilters")}
          </button>
        )}
      </div>
      <SuccessMessage>{notice}</SuccessMessage>
      <ErrorMessage error={disputes.error} />
      <DisputesTable
        org={org}
        disputes={rows}
        pending={disputes.isPending}
        showCustomer
        testId="disputes"
        emptyText={
          status === "open" && reason === ""
            ? t("collections.disputes.emptyOpen")
            : t("collections.disputes.emptyFiltered")
        }
        onStart={() => setNotice(null)}
        onResolved={setNotice}
      />
      {disputes.data !== undefined && rows.length > 0 && (
        <p className="subtle">{t("ledger.amountsIn", { currency: rows[0]?.currency ?? org.baseCurrency })}</p>
      )}
      <DisputeReportCard org={org} />
    </>
  );
}
