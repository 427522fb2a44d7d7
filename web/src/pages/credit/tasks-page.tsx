import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client.ts";
import type { CreditTask, ItemList, OrganizationOfUser, TaskRunResult } from "../../api/types.ts";
import { ErrorMessage, SuccessMessage } from "../../components/error-message.tsx";
import { ChoiceField } from "../../components/form-fields.tsx";
import { Link } from "../../components/link.tsx";
import { ListTable } from "../../components/list-table.tsx";
import { formatDate, formatInstant } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { queryKeys } from "../../query-keys.ts";
import { orgPagePath } from "../../routes.ts";
import { can } from "../../session.ts";
import { creditPath, useCreditChanged } from "./credit-queries.ts";

const taskFilters = ["open", "done", "all"] as const;
type TaskFilter = (typeof taskFilters)[number];

/**
 * Re-assessments due: periodic ones, after new statements and after a serious overdue. The end of
 * day runs them; "Run now" does the same at once.
 */
export function TasksPage({ org }: { readonly org: OrganizationOfUser }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const creditChanged = useCreditChanged(org.orgId);
  const [status, setStatus] = useState<TaskFilter>("open");
  const [notice, setNotice] = useState<string | null>(null);

  const tasks = useQuery({
    queryKey: [...queryKeys.credit(org.orgId), "tasks", status],
    queryFn: () => api.get<ItemList<CreditTask>>(creditPath(org.orgId, "tasks"), { status }),
  });
  const run = useMutation({
    mutationFn: () => api.post<TaskRunResult>(creditPath(org.orgId, "tasks", "run"), {}),
    onMutate: () => setNotice(null),
    onSuccess: (result) => {
      creditChanged();
      setNotice(t("tasks.ran", { scheduled: result.scheduled, completed: result.completed }));
    },
  });
  const items = tasks.data?.items ?? [];

  return (
    <>
      <div className="toolbar toolbar-spread">
        <p className="muted">{t("tasks.intro")}</p>
        <div className="toolbar-buttons">
          <ChoiceField
            label={t("tasks.status")}
            name="status"
            choices={taskFilters}
            value={status}
            choiceLabel={(s) => t(`tasks.statuses.${s}`)}
            onChange={setStatus}
          />
          {can(org, "credit.manage") && (
            <button
              type="button"
              className="button button-primary"
              data-testid="run-tasks"
              onClick={() => run.mutate()}
              disabled={run.isPending}
            >
              {run.isPending ? t("tasks.running") : t("tasks.runNow")}
            </button>
          )}
        </div>
      </div>
      <SuccessMessage>{notice}</SuccessMessage>
      <ErrorMessage error={run.error} />
      <ErrorMessage error={tasks.error} />
      <ListTable
        pending={tasks.isPending}
        testId="tasks-table"
        head={
          <>
            <th scope="col">{t("tasks.dueOn")}</th>
            <th scope="col">{t("approvals.customer")}</th>
            <th scope="col">{t("tasks.trigger")}</th>
            <th scope="col">{t("tasks.status")}</th>
            <th scope="col">{t("tasks.created")}</th>
            <th scope="col">{t("tasks.completed")}</th>
          </>
        }
        columnCount={6}
        rowCount={items.length}
        emptyText={status === "open" ? t("tasks.emptyOpen") : t("tasks.empty")}
      >
        {items.map((task) => (
          <tr key={task.taskId} data-status={task.status}>
            <td>{formatDate(task.dueOn, language)}</td>
            <td>
              <Link to={orgPagePath(org.orgId, "customers", task.customerId)}>
                <span className="mono">{task.customerCode}</span> {task.customerName}
              </Link>
            </td>
            <td>
              {t(`tasks.triggers.${task.trigger}`)}
              {task.note !== null && <div className="subtle">{task.note}</div>}
            </td>
            <td>
              <span className={`status status-${task.status === "open" ? "pending" : "approved"}`}>
                {t(`tasks.statuses.${task.status}`)}
              </span>
            </td>
            <td>{formatInstant(task.createdAt, org.timeZone, language)}</td>
            <td>
              {task.completedAt === null ? (
                t("common.none")
              ) : (
                <Link to={orgPagePath(org.orgId, "customers", task.customerId, { tab: "assessments" })}>
                  {formatInstant(task.completedAt, org.timeZone, language)}
                </Link>
              )}
            </td>
          </tr>
        ))}
      </ListTable>
    </>
  );
}
