import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

/**
 * A list read from the server, as a table: "Loading…" until it arrives, then its rows, or one row
 * across every column that says there are none.
 */
export function ListTable(props: {
  readonly pending: boolean;
  readonly testId: string;
  /** The header cells. */
  readonly head: ReactNode;
  readonly columnCount: number;
  readonly rowCount: number;
  readonly emptyText: string;
  readonly children: ReactNode;
}) {
  const { t } = useTranslation();
  if (props.pending) return <p className="muted">{t("common.loading")}</p>;
  return (
    <div className="table-wrap">
      <table className="table" data-testid={props.testId}>
        <thead>
          <tr>{props.head}</tr>
        </thead>
        <tbody>
          {props.children}
          {props.rowCount === 0 && (
            <tr>
              <td colSpan={props.columnCount} className="table-empty">
                {props.emptyText}
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
