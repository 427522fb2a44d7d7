import { useTranslation } from "react-i18next";
import type { StatementStatus } from "../../api/statement-types.ts";

/** A statement's status as a badge; the status itself is in `data-status` for tests and styles. */
export function StatementStatusBadge(props: { readonly status: StatementStatus; readonly testId?: string }) {
  const { t } = useTranslation();
  return (
    <span
      className={`status statement-status-${props.status}`}
      data-status={props.status}
      {...(props.testId === undefined ? {} : { "data-testid": props.testId })}
    >
      {t(`accountStatements.statuses.${props.status}`)}
    </span>
  );
}
