import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { ActivityLogged, WorklistRow } from "../../api/collections-types.ts";
import type { OrganizationOfUser, SessionView } from "../../api/types.ts";
import { ErrorMessage, SuccessMessage } from "../../components/error-message.tsx";
import { Link } from "../../components/link.tsx";
import { ListTable } from "../../components/list-table.tsx";
import { formatAmount, formatDate, formatMoney } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { navigate, useLocation } from "../../router.ts";
import { customerCollectionsPath, orgPagePath } from "../../routes.ts";
import { can } from "../../session.ts";
import { useMembers } from "../credit/credit-queries.ts";
import { bucketName } from "./collections-format.tsx";
import { useEodRuns, useWorklist } from "./collections-queries.ts";
import { LogActivityDialog } from "./log-activity-dialog.tsx";

/**
 * Whose customers the worklist shows. A collector works their own and may pick up the unassigned
 * ones (the server keeps a collector to those, src/api/routes/collections.ts); everyone else sees
 * all customers by default and may narrow to one collector.
 */
function collectorChoices(org: OrganizationOfUser): ReadonlyArray<string> {
  return org.role === "collector" ? ["me", "unassigned"] : ["all", "me", "unassigned"];
}

/**
 * The collector's day: the customers to chase, most urgent first (overdue × days past due × grade
 * risk × broken promises), each with its open promise, open tasks and next follow-up, and a dialog
 * to log the call made.
 */
export function WorklistPage(props: { readonly org: OrganizationOfUser; readonly session: SessionView }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { org, session } = props;
  const location = useLocation();
  const members = useMembers(org.orgId, can(org, "members.read") && org.role !== "collector");
  const fixed = collectorChoices(org);
  const defaultCollector = fixed[0] ?? "me";
  const others = (members.data?.items ?? []).filter((member) => member.userId !== session.user.userId);
  const asked = location.search.get("collector");
  const [collector, setCollector] = useState<string>(
    asked !== null && (fixed.includes(asked) || org.role !== "collector") ? asked : defaultCollector,
  );
  const [logging, setLogging] = useState<WorklistRow | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const worklist = useWorklist(org.orgId, collector);
  const runs = useEodRuns(org.orgId);
  const manages = can(org, "collections.manage");

  // The filter lives in the address, so a collector's view can be bookmarked and shared.
  useEffect(() => {
    const search = { collector: collector === defaultCollector ? undefined : collector };
    navigate(orgPagePath(org.orgId, "collections", undefined, search), { replace: true });
  }, [org.orgId, collector, defaultCollector]);

  const rows = worklist.data?.items ?? [];
  const currency = worklist.data?.currency ?? org.baseCurrency;
  // The arrears are those of the last completed run, whether or not anyone is in arrears now.
  const asOf = runs.data?.items.find((run) => run.status === "completed")?.businessDate ?? null;

  function logged(row: WorklistRow, result: ActivityLogged): void {
    setLogging(null);
    const promise = result.promise;
    setNotice(
      promise === null
        ? t("collections.worklist.logged", { name: row.name })
        : t("collections.worklist.loggedWithPromise", {
            name: row.name,
            amount: formatMoney(promise.amount, promise.currency, language),
            date: formatDate(promise.promisedDate, language),
          }),
    );
  }

  return (
    <>
      <div className="toolbar toolbar-spread">
        <p className="muted">{t("collections.worklist.intro")}</p>
        <label className="field">
          <span>{t("collections.worklist.collector")}</span>
          <select
            name="collector"
            data-testid="worklist-collector"
            value={collector}
            onChange={(event) => {
              setNotice(null);
              setCollector(event.target.value);
            }}
          >
            {fixed.map((choice) => (
              <option key={choice} value={choice}>
                {t(`collections.worklist.collectorFilter.${choice as "me"}`)}
              </option>
            ))}
            {org.role !== "collector" &&
              others.map((member) => (
                <option key={member.userId} value={member.userId}>
                  {member.displayName}
                </option>
              ))}
          </select>
        </label>
      </div>
      <SuccessMessage>{notice}</SuccessMessage>
      <ErrorMessage error={worklist.error} />
      {runs.data !== undefined && (
        <p className="subtle" data-testid="worklist-as-of">
          {asOf === null
            ? t("collections.worklist.noRun")
            : t("collections.worklist.asOf", { date: formatDate(asOf, language), currency })}
        </p>
      )}
      <ListTable
        pending={worklist.isPending}
        testId="worklist"
        head={
          <>
            <th scope="col" className="cell-number">
              {t("collections.worklist.columns.rank")}
            </th>
            <th scope="col">{t("collections.worklist.columns.customer")}</th>
            <th scope="col">{t("collections.worklist.columns.grade")}</th>
            <th scope="col" className="cell-amount">
              {t("collections.worklist.columns.overdue")}
            </th>
            <th scope="col" className="cell-amount">
              {t("collections.worklist.columns.daysPastDue")}
            </th>
            <th scope="col">{t("collections.worklist.columns.openPromise")}</th>
            <th scope="col" className="cell-amount">
              {t("collections.worklist.columns.brokenPromises")}
            </th>
            <th scope="col" className="cell-amount">
              {t("collections.worklist.columns.openTasks")}
            </th>
            <th scope="col">{t("collections.worklist.columns.nextFollowUp")}</th>
            <th scope="col">{t("collections.worklist.columns.collector")}</th>
            {manages && (
              <th scope="col">
                <span className="visually-hidden">{t("collections.worklist.columns.actions")}</span>
              </th>
            )}
          </>
        }
        columnCount={manages ? 11 : 10}
        rowCount={rows.length}
        emptyText={collector === "me" ? t("collections.worklist.emptyMine") : t("collections.worklist.empty")}
      >
        {rows.map((row, index) => (
          <tr
            key={row.customerId}
            data-customer-id={row.customerId}
            data-code={row.code}
            data-days-past-due={row.daysPastDue}
            data-open-promise={row.openPromise !== null}
          >
            <td className="cell-number">{index + 1}</td>
            <td className="nowrap">
              <Link to={customerCollectionsPath(org.orgId, row.customerId)} data-testid="worklist-customer">
                {row.name}
              </Link>
              <div className="subtle mono">{row.code}</div>
            </td>
            <td>
              {row.grade === null ? (
                <span className="subtle">{t("common.none")}</span>
              ) : (
                <span className={`grade grade-${row.grade}`}>{row.grade}</span>
              )}
            </td>
            <td className="cell-amount" data-column="overdue">
              {formatAmount(row.overdue, language)}
            </td>
            <td className="cell-amount" data-column="daysPastDue">
              {row.daysPastDue}
              <div className="subtle nowrap" data-column="bucket">
                {bucketName(row.bucket, t)}
              </div>
            </td>
            <td data-column="openPromise">
              {row.openPromise === null ? (
                <span className="subtle">{t("common.none")}</span>
              ) : (
                t("collections.worklist.promiseBy", {
                  amount: formatAmount(row.openPromise.amount, language),
                  date: formatDate(row.openPromise.promisedDate, language),
                })
              )}
            </td>
            <td className="cell-amount">
              {row.brokenPromises > 0 ? (
                <span className="warning-text">{row.brokenPromises}</span>
              ) : (
                row.brokenPromises
              )}
            </td>
            <td className="cell-amount">{row.openTasks}</td>
            <td className="nowrap" data-column="nextFollowUp">
              {row.nextFollowUp === null ? (
                <span className="subtle">{t("common.none")}</span>
              ) : (
                formatDate(row.nextFollowUp, language)
              )}
            </td>
            <td>{row.collectorName ?? <span className="subtle">{t("collections.worklist.nobody")}</span>}</td>
            {manages && (
              <td className="cell-actions">
                <button
                  type="button"
                  className="button button-small"
                  data-action="log-activity"
                  aria-label={t("collections.worklist.logActivityOf", { name: row.name })}
                  onClick={() => {
                    setNotice(null);
                    setLogging(row);
                  }}
                >
                  {t("collections.worklist.logActivity")}
                </button>
              </td>
            )}
          </tr>
        ))}
      </ListTable>
      {logging !== null && (
        <LogActivityDialog
          org={org}
          customer={logging}
          onDone={(result) => logged(logging, result)}
          onCancel={() => setLogging(null)}
        />
      )}
    </>
  );
}
