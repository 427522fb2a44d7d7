import { useTranslation } from "react-i18next";
import type { PaymentStatus } from "../../api/receivables-types.ts";

/** A payment's status as a badge: posted, or reversed (a bounced cheque, a recalled transfer). */
export function PaymentStatusBadge(props: { readonly status: PaymentStatus; readonly testId?: string }) {
  const { t } = useTranslation();
  return (
    <span
      className={`status payment-status-${props.status}`}
      data-status={props.status}
      {...(props.testId === undefined ? {} : { "data-testid": props.testId })}
    >
      {t(`payments.statuses.${props.status}`)}
    </span>
  );
}
