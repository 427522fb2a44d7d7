import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client.ts";
import type { DunningNotice, NoticeStatus } from "../../api/collections-types.ts";
import type { OrganizationOfUser } from "../../api/types.ts";
import { FormDialog } from "../../components/form-dialog.tsx";
import { formatDate, formatMoney } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import {
  collectionsIssues,
  FieldProblem,
  isConflict,
  isPositiveAmount,
  levelName,
} from "./collections-format.tsx";
import { collectionsPath, useBooksChanged } from "./collections-queries.ts";

/** Characters of a reason the server keeps. */
const reasonLengthMax = 500;

/**
 * Statuses of a notice whose fee was charged: it went out, or became a task (src/services/
 * collections/dunning.ts charges the fee when it issues a notice). One waiting for approval or
 * rejected charged nothing.
 */
const chargedStatuses: ReadonlySet<NoticeStatus> = new Set(["issued", "task_open", "no_contact", "done"]);

/** A notice whose charged fee may still be waived: the server answers 409 for one already paid in part. */
export function feeWaivable(notice: DunningNotice): boolean {
  return isPositiveAmount(notice.fee) && notice.feeWaivedOn === null && chargedStatuses.has(notice.status);
}

/**
 * Waives a notice's fee (催收费减免), with the reason the audit log keeps: its penalty voucher is
 * reversed and its open item closed, so the customer owes nothing for it. The question names the
 * amount and the customer; a fee already paid in part is refunded or credited instead, and the
 * dialog says so when the server refuses.
 */
export function WaiveFeeDialog(props: {
  readonly org: OrganizationOfUser;
  readonly notice: DunningNotice;
  readonly onDone: (notice: DunningNotice) => void;
  readonly onCancel: () => void;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { org, notice } = props;
  const booksChanged = useBooksChanged(org.orgId);
  const [reason, setReason] = useState("");
  const waive = useMutation({
    mutationFn: () =>
      api.post<DunningNotice>(collectionsPath(org.orgId, "dunning-notices", notice.noticeId, "waive-fee"), {
        reason: reason.trim(),
      }),
    onSuccess: (waived) => {
      booksChanged();
      props.onDone(waived);
    },
  });
  const issues = collectionsIssues(waive.error, t);
  const conflict = isConflict(waive.error);
  return (
    <FormDialog
      title={t("collections.waiveFee.title")}
      intro={t("collections.waiveFee.question", {
        fee: formatMoney(notice.fee, notice.currency, language),
        customer: notice.customerName,
        level: levelName(notice.levelCode, t),
        date: formatDate(notice.businessDate, language),
      })}
      submitLabel={t("collections.waiveFee.submit")}
      pendingLabel={t("common.saving")}
      pending={waive.isPending}
      error={conflict ? null : waive.error}
      canSubmit={reason.trim() !== ""}
      danger
      testId="waive-fee-dialog"
      onSubmit={() => waive.mutate()}
      onCancel={props.onCancel}
    >
      <p className="dialog-consequence">{t("collections.waiveFee.consequence")}</p>
      {conflict && (
        <p role="alert" className="notice notice-error">
          {t("collections.waiveFee.conflict")}
        </p>
      )}
      <label className="field">
        <span>{t("collections.waiveFee.reason")}</span>
        <textarea
          name="reason"
          rows={3}
          required
          maxLength={reasonLengthMax}
          value={reason}
          aria-invalid={issues.has("reason")}
          onChange={(event) => {
            if (waive.error !== null) waive.reset();
            setReason(event.target.value);
          }}
        />
        <FieldProblem issues={issues} path="reason" />
      </label>
    </FormDialog>
  );
}
