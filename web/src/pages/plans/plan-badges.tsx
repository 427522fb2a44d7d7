import { useTranslation } from "react-i18next";
import type { PlanItemStatus, PlanStatus, PlanSummary, QuoteRequest } from "../../api/types.ts";

/** A plan's status as a badge; the status itself is in `data-status` for tests and styles. */
export function PlanStatusBadge(props: { readonly status: PlanStatus; readonly testId?: string }) {
  const { t } = useTranslation();
  return (
    <span
      className={`status plan-status-${props.status}`}
      data-status={props.status}
      {...(props.testId === undefined ? {} : { "data-testid": props.testId })}
    >
      {t(`planDoc.statuses.${props.status}`)}
    </span>
  );
}

export function ItemStatusBadge(props: { readonly status: PlanItemStatus }) {
  const { t } = useTranslation();
  return (
    <span className={`status item-status-${props.status}`} data-status={props.status}>
      {t(`planDoc.itemStatuses.${props.status}`)}
    </span>
  );
}

/** "等额本息 · 12 期（每月）": how a plan repays, in a list cell. */
export function usePlanShape(): (
  plan:
    | Pick<PlanSummary, "method" | "periods" | "frequency">
    | Pick<QuoteRequest, "method" | "periods" | "frequency">,
) => string {
  const { t } = useTranslation();
  return (plan) =>
    t("planDoc.shape", {
      method: t(`plans.methods.${plan.method}`),
      periods: plan.periods,
      frequency: t(`plans.frequencies.${plan.frequency}`),
    });
}
