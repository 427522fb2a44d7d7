import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client.ts";
import type { OrganizationOfUser } from "../../api/types.ts";
import type { AlertStatus, WarningAlertView, WarningSeverity } from "../../api/warnings-types.ts";
import { ErrorMessage, SuccessMessage } from "../../components/error-message.tsx";
import { FormDialog } from "../../components/form-dialog.tsx";
import { Link } from "../../components/link.tsx";
import { ListTable } from "../../components/list-table.tsx";
import { formatDate } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { orNull } from "../../or-null.ts";
import { customerCollectionsPath } from "../../routes.ts";
import { can } from "../../session.ts";
import { AlertStatusBadge, FactList, ruleName, SeverityBadge } from "./warnings-format.tsx";
import {
  alertStatuses,
  useAlerts,
  useWarningsChanged,
  warningSeverities,
  warningsPath,
} from "./warnings-queries.ts";

/** Characters of a note the server keeps. */
const noteLengthMax = 2000;

type Handling = { readonly action: "acknowledge" | "resolve"; readonly alert: WarningAlertView };

/**
 * 预警 (early-warning alerts): what the rules raised, open and acknowledged first by default —
 * how severe, for which customer, by which rule and why (the facts it read), since when, and the
 * task it gave. With risk.manage an open alert is acknowledged, and an open or acknowledged one
 * resolved with a note.
 */
export function AlertsPage({ org }: { readonly org: OrganizationOfUser }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const [status, setStatus] = useState<AlertStatus | "active" | "">("active");
  const [severity, setSeverity] = useState<WarningSeverity | "">("");
  const [mine, setMine] = useState(false);
  const [handling, setHandling] = useState<Handling | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const alerts = useAlerts(org.orgId, { status, severity, mine });
  const rows = alerts.data?.items ?? [];
  const manages = can(org, "risk.manage");
  const filtered = status !== "active" || severity !== "" || mine;
  const columnCount = 7 + (manages ? 1 : 0);

  return (
    <>
      <p className="muted">{t("warnings.alerts.intro")}</p>
      <div className="filters" data-testid="alert-filters">
        <label className="field">
          <span>{t("warnings.alerts.status")}</span>
          <select
            name="status"
            value={status}
            onChange={(event) => {
              const value = event.target.value;
              setStatus(value === "active" ? "active" : (alertStatuses.find((s) => s === value) ?? ""));
            }}
          >
            <option value="active">{t("warnings.alerts.active")}</option>
            <option value="">{t("warnings.alerts.anyStatus")}</option>
            {alertStatuses.map((s) => (
              <option key={s} value={s}>
                {t(`warnings.statuses.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t("warnings.alerts.severity")}</span>
          <select
            name="severity"
            value={severity}
            onChange={(event) => setSeverity(warningSeverities.find((s) => s === event.target.value) ?? "")}
          >
            <option value="">{t("warnings.alerts.anySeverity")}</option>
            {warningSeverities.map((s) => (
              <option key={s} value={s}>
                {t(`warnings.severities.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="checkbox">
          <input
            type="checkbox"
            className="checkbox-input"
            name="mine"
            checked={mine}
            onChange={(event) => setMine(event.target.checked)}
          />
          <span>{t("warnings.alerts.myTasks")}</span>
        </label>
      </div>
      <SuccessMessage>{notice}</SuccessMessage>
      <ErrorMessage error={alerts.error} />
      <ListTable
        pending={alerts.isPending}
        testId="alerts"
        head={
          <>
            <th scope="col">{t("warnings.alerts.columns.severity")}</th>
            <th scope="col">{t("warnings.alerts.columns.customer")}</th>
            <th scope="col">{t("warnings.alerts.columns.rule")}</th>
            <th scope="col">{t("warnings.alerts.columns.facts")}</th>
            <th scope="col">{t("warnings.alerts.columns.raised")}</th>
            <th scope="col">{t("warnings.alerts.columns.status")}</th>
            <th scope="col">{t("warnings.alerts.columns.task")}</th>
            {manages && (
              <th scope="col">
                <span className="visually-hidden">{t("warnings.alerts.columns.actions")}</span>
              </th>
            )}
          </>
        }
        columnCount={columnCount}
        rowCount={rows.length}
        emptyText={filtered ? t("warnings.alerts.emptyFiltered") : t("warnings.alerts.empty")}
      >
        {rows.map((alert) => (
          <tr
            key={alert.alertId}
            data-alert-id={alert.alertId}
            data-rule={alert.ruleCode}
            data-status={alert.status}
            data-customer-id={alert.customerId}
          >
            <td>
              <SeverityBadge severity={alert.severity} />
            </td>
            <td>
              <Link to={customerCollectionsPath(org.orgId, alert.customerId)}>{alert.customerName}</Link>
              <div className="subtle">{alert.customerCode}</div>
            </td>
            <td>
              {ruleName(alert.ruleNames, alert.ruleCode, language)}
              <div className="subtle">{t("warnings.alerts.ruleVersion", { version: alert.ruleVersion })}</div>
              {alert.holdApplied && <div className="tag">{t("warnings.alerts.holdApplied")}</div>}
            </td>
            <td>
              <FactList facts={alert.facts} />
            </td>
            <td className="nowrap">
              <div>
                {t("warnings.alerts.firstRaised", { date: formatDate(alert.firstRaisedOn, language) })}
              </div>
              <div className="subtle">
                {t("warnings.alerts.lastRaised", { date: formatDate(alert.lastRaisedOn, language) })}
              </div>
            </td>
            <td>
              <AlertStatusBadge status={alert.status} />
              {alert.clearedOn !== null && (
                <div className="subtle nowrap">
                  {t("warnings.alerts.clearedOn", { date: formatDate(alert.clearedOn, language) })}
                </div>
              )}
              {alert.note !== null && <div className="pre-wrap">{alert.note}</div>}
              <AlertHistory alert={alert} />
            </td>
            <td>
              {alert.task === null ? (
                <span className="subtle">{t("common.none")}</span>
              ) : alert.task.status === "done" ? (
                t("warnings.alerts.taskDone")
              ) : alert.task.userId === null ? (
                t("warnings.alerts.taskOpenUnassigned")
              ) : (
                t("warnings.alerts.taskOpen", {
                  name: alert.task.userName ?? t("warnings.alerts.anotherMember"),
                })
              )}
            </td>
            {manages && (
              <td className="cell-actions">
                <div className="toolbar-buttons">
                  {alert.status === "open" && (
                    <button
                      type="button"
                      className="button button-small"
                      data-action="acknowledge"
                      aria-label={t("warnings.alerts.acknowledgeOf", { customer: alert.customerName })}
                      onClick={() => {
                        setNotice(null);
                        setHandling({ action: "acknowledge", alert });
                      }}
                    >
                      {t("warnings.alerts.acknowledge")}
                    </button>
                  )}
                  {(alert.status === "open" || alert.status === "acknowledged") && (
                    <button
                      type="button"
                      className="button button-small"
                      data-action="resolve"
                      aria-label={t("warnings.alerts.resolveOf", { customer: alert.customerName })}
                      onClick={() => {
                        setNotice(null);
                        setHandling({ action: "resolve", alert });
                      }}
                    >
                      {t("warnings.alerts.resolve")}
                    </button>
                  )}
                </div>
              </td>
            )}
          </tr>
        ))}
      </ListTable>
      {handling !== null && (
        <HandleAlertDialog
          org={org}
          handling={handling}
          onCancel={() => setHandling(null)}
          onDone={(alert) => {
            setHandling(null);
            setNotice(
              alert.status === "resolved"
                ? t("warnings.alerts.resolved", { customer: alert.customerName })
                : t("warnings.alerts.acknowledged", { customer: alert.customerName }),
            );
          }}
        />
      )}
    </>
  );
}

function AlertHistory(props: { readonly alert: WarningAlertView }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  if (props.alert.history.length <= 1) return null;
  return (
    <details className="subtle">
      <summary>{t("warnings.alerts.history")}</summary>
      <ul data-testid="alert-history">
        {props.alert.history.map((entry) => (
          <li key={`${entry.at}-${entry.event}`}>
            {t("warnings.alerts.historyEntry", {
              date: formatDate(entry.on, language),
              event: t(`warnings.alerts.historyEvents.${entry.event}`),
              by: entry.by,
            })}
            {entry.note !== null && entry.event !== "raised" && <div>{entry.note}</div>}
          </li>
        ))}
      </ul>
    </details>
  );
}

/** Acknowledge (an optional note) or resolve (a note required) one alert. */
function HandleAlertDialog(props: {
  readonly org: OrganizationOfUser;
  readonly handling: Handling;
  readonly onDone: (alert: WarningAlertView) => void;
  readonly onCancel: () => void;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { org, handling } = props;
  const { alert, action } = handling;
  const changed = useWarningsChanged(org.orgId);
  const [note, setNote] = useState("");
  const resolving = action === "resolve";
  const handle = useMutation({
    mutationFn: () =>
      api.post<WarningAlertView>(
        warningsPath(org.orgId, "alerts", alert.alertId, action),
        resolving ? { note } : { note: orNull(note) },
      ),
    onSuccess: (handled) => {
      changed();
      props.onDone(handled);
    },
  });
  const facts = { customer: alert.customerName, rule: ruleName(alert.ruleNames, alert.ruleCode, language) };
  return (
    <FormDialog
      title={resolving ? t("warnings.alerts.resolveTitle") : t("warnings.alerts.acknowledgeTitle")}
      intro={
        resolving ? t("warnings.alerts.resolveIntro", facts) : t("warnings.alerts.acknowledgeIntro", facts)
      }
      submitLabel={resolving ? t("warnings.alerts.resolve") : t("warnings.alerts.acknowledge")}
      pendingLabel={t("common.saving")}
      pending={handle.isPending}
      error={handle.error}
      canSubmit={!resolving || note.trim() !== ""}
      testId={`alert-${action}-dialog`}
      onSubmit={() => handle.mutate()}
      onCancel={props.onCancel}
    >
      <label className="field">
        <span>{resolving ? t("warnings.alerts.noteRequired") : t("warnings.alerts.note")}</span>
        <textarea
          name="note"
          rows={3}
          maxLength={noteLengthMax}
          value={note}
          onChange={(event) => {
            if (handle.error !== null) handle.reset();
            setNote(event.target.value);
          }}
        />
      </label>
    </FormDialog>
  );
}
