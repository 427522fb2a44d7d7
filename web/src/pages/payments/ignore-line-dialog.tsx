import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { BankLineResolution, BankLineResolved, BankLineView } from "../../api/bank-types.ts";
import type { OrganizationOfUser } from "../../api/types.ts";
import { FormDialog } from "../../components/form-dialog.tsx";
import { formatDate, formatMoney } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { issueText } from "../credit/credit-format.ts";
import { issuesByPath } from "../credit/problem-list.tsx";
import { ReasonText } from "./reason-text.tsx";
import { useResolveLine } from "./use-resolve-line.ts";

/**
 * Money in that is not a customer's payment (a loan drawn, a supplier's refund, interest): the
 * line leaves the queue without a payment, and the reason stays in the audit log.
 */
export function IgnoreLineDialog(props: {
  readonly org: OrganizationOfUser;
  readonly line: BankLineView;
  readonly onDone: (resolved: BankLineResolved, resolution: BankLineResolution) => void;
  readonly onCancel: () => void;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { org, line } = props;
  const [reason, setReason] = useState("");
  const resolve = useResolveLine(org, line, props.onDone);
  const issues = issuesByPath(resolve.error, (code, message) => issueText({ path: "", code, message }, t));
  return (
    <FormDialog
      title={t("bank.ignoreTitle")}
      intro={t("bank.ignoreIntro", {
        amount: formatMoney(line.amount, line.currency, language),
        date: formatDate(line.bookingDate, language),
        payer: line.counterpartyName ?? t("bank.noName"),
      })}
      submitLabel={t("bank.ignoreSubmit")}
      pendingLabel={t("common.saving")}
      pending={resolve.isPending}
      error={resolve.error}
      canSubmit={reason.trim() !== ""}
      testId="ignore-line-dialog"
      onSubmit={() => resolve.mutate({ kind: "ignore", reason: reason.trim() })}
      onCancel={props.onCancel}
    >
      <ReasonText
        value={reason}
        issues={issues}
        placeholder={t("bank.ignorePlaceholder")}
        onChange={(value) => {
          if (resolve.error !== null) resolve.reset();
          setReason(value);
        }}
      />
    </FormDialog>
  );
}
