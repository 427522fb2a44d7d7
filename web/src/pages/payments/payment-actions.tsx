import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { PaymentView } from "../../api/receivables-types.ts";
import type { OrganizationOfUser } from "../../api/types.ts";
import { formatMoney } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { queryKeys } from "../../query-keys.ts";
import { can } from "../../session.ts";
import { isZeroAmount } from "../receivables/receivables-format.ts";
import { ApplyPaymentDialog } from "./apply-payment-dialog.tsx";
import { RefundDialog } from "./refund-dialog.tsx";
import { ReversePaymentDialog } from "./reverse-payment-dialog.tsx";

type Open = "apply" | "refund" | "reverse";

/**
 * What can be done to a posted payment with payments.manage: apply or refund what is unapplied,
 * or reverse it when it did not stand. A refunded payment is not reversed (the server refuses).
 */
export function PaymentActions(props: {
  readonly org: OrganizationOfUser;
  readonly payment: PaymentView;
  /** What was done, for the page to say; null clears it. */
  readonly onNotice: (text: string | null) => void;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { org, payment, onNotice } = props;
  const queryClient = useQueryClient();
  const [open, setOpen] = useState<Open | null>(null);
  if (!can(org, "payments.manage") || payment.status !== "posted") return null;
  const unapplied = !isZeroAmount(payment.unapplied);
  const reversible = payment.refunds.length === 0;
  const start = (which: Open) => () => {
    onNotice(null);
    setOpen(which);
  };
  const done = (text: string) => (next: PaymentView) => {
    // The step's answer has no vouchers: the page reads them again (the change hook invalidated it).
    queryClient.setQueryData(queryKeys.payment(org.orgId, next.paymentId), next);
    setOpen(null);
    onNotice(text);
  };
  const money = (amount: string) => formatMoney(amount, payment.currency, language);

  return (
    <div className="toolbar" data-testid="payment-actions">
      {unapplied && (
        <>
          <button
            type="button"
            className="button button-primary"
            data-action="apply"
            onClick={start("apply")}
          >
            {t("payments.applyAction")}
          </button>
          <button type="button" className="button" data-action="refund" onClick={start("refund")}>
            {t("payments.refundAction")}
          </button>
        </>
      )}
      {reversible && (
        <button
          type="button"
          className="button button-danger-quiet"
          data-action="reverse"
          onClick={start("reverse")}
        >
          {t("payments.reverseAction")}
        </button>
      )}
      {!reversible && <span className="subtle">{t("payments.refundedNotReversible")}</span>}
      {open === "apply" && (
        <ApplyPaymentDialog
          org={org}
          payment={payment}
          onDone={(next) => done(t("payments.applied", { unapplied: money(next.unapplied) }))(next)}
          onCancel={() => setOpen(null)}
        />
      )}
      {open === "refund" && (
        <RefundDialog
          org={org}
          payment={payment}
          onDone={(next) => done(t("payments.refunded", { unapplied: money(next.unapplied) }))(next)}
          onCancel={() => setOpen(null)}
        />
      )}
      {open === "reverse" && (
        <ReversePaymentDialog
          org={org}
          payment={payment}
          onDone={done(t("payments.reversed", { number: payment.number }))}
          onCancel={() => setOpen(null)}
        />
      )}
    </div>
  );
}
