import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client.ts";
import type { DunningNotice } from "../../api/collections-types.ts";
import type { OrganizationOfUser } from "../../api/types.ts";
import { FormDialog } from "../../components/form-dialog.tsx";
import { formatMoney } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { orNull } from "../../or-null.ts";
import { channelName, levelName } from "./collections-format.tsx";
import { collectionsPath, useBooksChanged } from "./collections-queries.ts";

/** Characters of a reason the server keeps. */
const reasonLengthMax = 500;

/** A fee above zero ("50.00"), from the decimal text the server sends. */
export function hasFee(fee: string): boolean {
  return /[1-9]/.test(fee);
}

/**
 * A person's decision on a notice that waits for approval (a lawyer letter, legal action):
 * approved, it goes out as its channel says and charges its fee; rejected, it is cancelled and
 * nothing goes out. Either way with an optional reason, kept in the audit log.
 */
export function NoticeDecisionDialog(props: {
  readonly org: OrganizationOfUser;
  readonly notice: DunningNotice;
  readonly decision: "approve" | "reject";
  readonly onDone: (notice: DunningNotice) => void;
  readonly onCancel: () => void;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { org, notice, decision } = props;
  const booksChanged = useBooksChanged(org.orgId);
  const [reason, setReason] = useState("");
  const decide = useMutation({
    mutationFn: () =>
      api.post<DunningNotice>(collectionsPath(org.orgId, "dunning-notices", notice.noticeId, "decision"), {
        decision,
        reason: orNull(reason),
      }),
    onSuccess: (decided) => {
      booksChanged();
      props.onDone(decided);
    },
  });
  const facts = {
    level: levelName(notice.levelCode, t),
    channel: channelName(notice.channel, t),
    customer: notice.customerName,
    total: formatMoney(notice.total, notice.currency, language),
    fee: formatMoney(notice.fee, notice.currency, language),
  };
  const approving = decision === "approve";
  let intro: string;
  if (!approving) intro = t("collections.notices.rejectIntro", facts);
  else if (hasFee(notice.fee)) intro = t("collections.notices.approveIntroFee", facts);
  else intro = t("collections.notices.approveIntro", facts);
  return (
    <FormDialog
      title={approving ? t("collections.notices.approveTitle") : t("collections.notices.rejectTitle")}
      intro={intro}
      submitLabel={approving ? t("collections.notices.approve") : t("collections.notices.reject")}
      pendingLabel={t("common.saving")}
      pending={decide.isPending}
      error={decide.error}
      danger={!approving}
      testId={`notice-${decision}-dialog`}
      onSubmit={() => decide.mutate()}
      onCancel={props.onCancel}
    >
      <label className="field">
        <span>
          {t("collections.notices.reason")}
          <span className="field-note"> ({t("customers.optional")})</span>
        </span>
        <textarea
          name="reason"
          rows={3}
          maxLength={reasonLengthMax}
          value={reason}
          onChange={(event) => {
            if (decide.error !== null) decide.reset();
            setReason(event.target.value);
          }}
        />
      </label>
    </FormDialog>
  );
}
