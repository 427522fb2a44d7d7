import { useState } from "react";
import { useTranslation } from "react-i18next";
import type {
  ActivityLogged,
  CollectionActivity,
  Dispute,
  DunningNotice,
  PromiseToPay,
} from "../../api/collections-types.ts";
import type { Customer, OrganizationOfUser } from "../../api/types.ts";
import { ErrorMessage, SuccessMessage } from "../../components/error-message.tsx";
import { ListTable } from "../../components/list-table.tsx";
import { formatAmount, formatDate, formatMoney } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { can } from "../../session.ts";
import { channelName, levelName, NoticeStatusBadge, PromiseStatusBadge } from "./collections-format.tsx";
import { useCustomerCollections, useDisputes, useLegalCases } from "./collections-queries.ts";
import { CollectorSetting } from "./collector-setting.tsx";
import { DisputesTable } from "./disputes-table.tsx";
import { LegalCasesList } from "./legal-cases-list.tsx";
import { LegalStepDialog, type LegalStepTarget, legalStepMessage } from "./legal-step-dialog.tsx";
import { LogActivityDialog } from "./log-activity-dialog.tsx";
import { OpenDisputeDialog } from "./open-dispute-dialog.tsx";

type Entry =
  | {
      readonly kind: "activity";
      readonly date: string;
      readonly at: string;
      readonly activity: CollectionActivity;
    }
  | { readonly kind: "notice"; readonly date: string; readonly at: string; readonly notice: DunningNotice }
  | { readonly kind: "promise"; readonly date: string; readonly at: string; readonly promise: PromiseToPay };

/**
 * The customer's collections history, newest first: what collectors did, what the batch sent or
 * left as a task, and each promise to pay on the activity that took it (a promise whose activity
 * is beyond the listed ones stands on its own). Same day: the later entry first.
 */
function timelineOf(
  activities: ReadonlyArray<CollectionActivity>,
  promises: ReadonlyArray<PromiseToPay>,
  notices: ReadonlyArray<DunningNotice>,
): Entry[] {
  const linked = new Set(activities.map((activity) => activity.promiseId).filter((id) => id !== null));
  const entries: Entry[] = [
    ...activities.map(
      (activity): Entry => ({
        kind: "activity",
        date: activity.occurredOn,
        at: activity.createdAt,
        activity,
      }),
    ),
    ...notices.map(
      (notice): Entry => ({ kind: "notice", date: notice.businessDate, at: notice.createdAt, notice }),
    ),
    ...promises
      .filter((promise) => !linked.has(promise.promiseId))
      .map((promise): Entry => ({ kind: "promise", date: promise.madeOn, at: "", promise })),
  ];
  return entries.sort((a, b) =>
    a.date === b.date ? b.at.localeCompare(a.at) : b.date.localeCompare(a.date),
  );
}

function PromiseLine(props: { readonly promise: PromiseToPay }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { promise } = props;
  return (
    <div data-testid="timeline-promise" data-promise-id={promise.promiseId}>
      {t("collections.customer.promiseLine", {
        amount: formatMoney(promise.amount, promise.currency, language),
        date: formatDate(promise.promisedDate, language),
      })}{" "}
      <PromiseStatusBadge status={promise.status} />
    </div>
  );
}

function keyOf(entry: Entry): string {
  switch (entry.kind) {
    case "activity":
      return entry.activity.activityId;
    case "notice":
      return entry.notice.noticeId;
    case "promise":
      return entry.promise.promiseId;
  }
}

/** One line of the timeline: when, what, the details and who. */
function TimelineRow(props: { readonly entry: Entry; readonly promises: ReadonlyMap<string, PromiseToPay> }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { entry } = props;
  switch (entry.kind) {
    case "activity": {
      const { activity } = entry;
      const promise = activity.promiseId === null ? undefined : props.promises.get(activity.promiseId);
      const kind = t(`collections.activityKinds.${activity.kind}`);
      return (
        <tr data-entry="activity" data-kind={activity.kind}>
          <td className="nowrap">{formatDate(activity.occurredOn, language)}</td>
          <td>
            {activity.outcome === null ? kind : `${kind} · ${t(`collections.outcomes.${activity.outcome}`)}`}
          </td>
          <td>
            {activity.note !== null && <div className="pre-wrap">{activity.note}</div>}
            {activity.nextFollowUp !== null && (
              <div className="subtle">
                {t("collections.customer.nextFollowUp", {
                  date: formatDate(activity.nextFollowUp, language),
                })}
              </div>
            )}
            {promise !== undefined && <PromiseLine promise={promise} />}
          </td>
          <td>{activity.by === "system" ? t("collections.customer.system") : activity.by}</td>
        </tr>
      );
    }
    case "notice": {
      const { notice } = entry;
      return (
        <tr data-entry="notice" data-status={notice.status} data-channel={notice.channel}>
          <td className="nowrap">{formatDate(notice.businessDate, language)}</td>
          <td>{t("collections.customer.noticeEntry", { level: levelName(notice.levelCode, t) })}</td>
          <td>
            <div>
              {channelName(notice.channel, t)} <NoticeStatusBadge status={notice.status} />
            </div>
            <div className="subtle">
              {t("collections.customer.noticeDetails", {
                total: formatMoney(notice.total, notice.currency, language),
                days: notice.maxDaysPastDue,
              })}
              {notice.recipient !== null && ` · ${notice.recipient}`}
            </div>
          </td>
          <td>{notice.decidedBy ?? t("collections.customer.system")}</td>
        </tr>
      );
    }
    case "promise":
      return (
        <tr data-entry="promise">
          <td className="nowrap">{formatDate(entry.promise.madeOn, language)}</td>
          <td>{t("collections.customer.promiseEntry")}</td>
          <td>
            <PromiseLine promise={entry.promise} />
          </td>
          <td>{entry.promise.createdBy}</td>
        </tr>
      );
  }
}

/**
 * 催收 on a customer's page: who chases it, what it disputes, its legal cases, its promises to pay
 * and where each stands, and the timeline of calls, notes and dunning notices — with the dialogs
 * to log the next call, to open a dispute on one of its open items and to open a legal case.
 */
export function CustomerCollections(props: {
  readonly org: OrganizationOfUser;
  readonly customer: Customer;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { org, customer } = props;
  const collections = useCustomerCollections(org.orgId, customer.customerId);
  const disputes = useDisputes(org.orgId, { status: "", reason: "", customerId: customer.customerId });
  const legalCases = useLegalCases(org.orgId, customer.customerId);
  const [logging, setLogging] = useState(false);
  const [disputing, setDisputing] = useState(false);
  const [stepping, setStepping] = useState<LegalStepTarget | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const data = collections.data;
  const promises = data?.promises ?? [];
  const byId = new Map(promises.map((promise) => [promise.promiseId, promise]));
  const timeline = data === undefined ? [] : timelineOf(data.activities, data.promises, data.notices);

  function logged(result: ActivityLogged): void {
    setLogging(false);
    const promise = result.promise;
    setNotice(
      promise === null
        ? t("collections.worklist.logged", { name: customer.name })
        : t("collections.worklist.loggedWithPromise", {
            name: customer.name,
            amount: formatMoney(promise.amount, promise.currency, language),
            date: formatDate(promise.promisedDate, language),
          }),
    );
  }

  function disputed(dispute: Dispute): void {
    setDisputing(false);
    setNotice(
      t("collections.disputes.opened", {
        document: dispute.documentNumber ?? t("common.none"),
        amount: formatMoney(dispute.amount, dispute.currency, language),
      }),
    );
  }

  return (
    <div data-testid="customer-collections">
      {can(org, "collections.manage") && (
        <div className="toolbar">
          <div className="toolbar-buttons">
            <button
              type="button"
              className="button button-primary"
              data-testid="customer-log-activity"
              onClick={() => {
                setNotice(null);
                setLogging(true);
              }}
            >
              {t("collections.worklist.logActivity")}
            </button>
            <button
              type="button"
              className="button"
              data-testid="customer-open-dispute"
              onClick={() => {
                setNotice(null);
                setDisputing(true);
              }}
            >
              {t("collections.disputes.open")}
            </button>
            <button
              type="button"
              className="button"
              data-testid="customer-open-legal-case"
              onClick={() => {
                setNotice(null);
                setStepping({ kind: "open", customer });
              }}
            >
              {t("collections.legal.open")}
            </button>
          </div>
        </div>
      )}
      <SuccessMessage>{notice}</SuccessMessage>
      <CollectorSetting org={org} customerId={customer.customerId} />
      <ErrorMessage error={collections.error} />

      <section className="card" aria-labelledby="customer-disputes-title">
        <h2 id="customer-disputes-title">{t("collections.disputes.customerTitle")}</h2>
        <ErrorMessage error={disputes.error} />
        <DisputesTable
          org={org}
          disputes={disputes.data?.items ?? []}
          pending={disputes.isPending}
          showCustomer={false}
          testId="customer-disputes"
          emptyText={t("collections.disputes.customerEmpty")}
          onStart={() => setNotice(null)}
          onResolved={setNotice}
        />
      </section>

      <section aria-labelledby="customer-legal-title" data-testid="customer-legal">
        <h2 id="customer-legal-title">{t("collections.legal.customerTitle")}</h2>
        <ErrorMessage error={legalCases.error} />
        <LegalCasesList
          org={org}
          cases={legalCases.data?.items ?? []}
          pending={legalCases.isPending}
          showCustomer={false}
          emptyText={t("collections.legal.customerEmpty")}
          onStep={(target) => {
            setNotice(null);
            setStepping(target);
          }}
        />
      </section>

      <section className="card" aria-labelledby="customer-promises-title">
        <h2 id="customer-promises-title">{t("collections.customer.promisesTitle")}</h2>
        <ListTable
          pending={collections.isPending}
          testId="customer-promises"
          head={
            <>
              <th scope="col">{t("collections.customer.columns.madeOn")}</th>
              <th scope="col" className="cell-amount">
                {t("collections.customer.columns.amount")}
              </th>
              <th scope="col">{t("collections.customer.columns.promisedDate")}</th>
              <th scope="col">{t("collections.customer.columns.status")}</th>
              <th scope="col" className="cell-amount">
                {t("collections.customer.columns.paid")}
              </th>
              <th scope="col">{t("collections.customer.columns.resolvedOn")}</th>
              <th scope="col">{t("collections.customer.columns.by")}</th>
            </>
          }
          columnCount={7}
          rowCount={promises.length}
          emptyText={t("collections.customer.noPromises")}
        >
          {promises.map((promise) => (
            <tr key={promise.promiseId} data-promise-id={promise.promiseId} data-status={promise.status}>
              <td className="nowrap">{formatDate(promise.madeOn, language)}</td>
              <td className="cell-amount" data-column="amount">
                {formatAmount(promise.amount, language)}
              </td>
              <td className="nowrap" data-column="promisedDate">
                {formatDate(promise.promisedDate, language)}
              </td>
              <td>
                <PromiseStatusBadge status={promise.status} />
              </td>
              <td className="cell-amount">{formatAmount(promise.paid, language)}</td>
              <td className="nowrap">
                {promise.resolvedOn === null ? (
                  <span className="subtle">{t("common.none")}</span>
                ) : (
                  formatDate(promise.resolvedOn, language)
                )}
              </td>
              <td>{promise.createdBy}</td>
            </tr>
          ))}
        </ListTable>
        {data !== undefined && <p className="subtle">{t("ledger.amountsIn", { currency: data.currency })}</p>}
      </section>

      <section className="card" aria-labelledby="customer-timeline-title">
        <h2 id="customer-timeline-title">{t("collections.customer.timelineTitle")}</h2>
        <ListTable
          pending={collections.isPending}
          testId="customer-timeline"
          head={
            <>
              <th scope="col">{t("collections.customer.columns.date")}</th>
              <th scope="col">{t("collections.customer.columns.what")}</th>
              <th scope="col">{t("collections.customer.columns.details")}</th>
              <th scope="col">{t("collections.customer.columns.by")}</th>
            </>
          }
          columnCount={4}
          rowCount={timeline.length}
          emptyText={t("collections.customer.noTimeline")}
        >
          {timeline.map((entry) => (
            <TimelineRow key={keyOf(entry)} entry={entry} promises={byId} />
          ))}
        </ListTable>
      </section>

      {logging && (
        <LogActivityDialog org={org} customer={customer} onDone={logged} onCancel={() => setLogging(false)} />
      )}
      {disputing && (
        <OpenDisputeDialog
          org={org}
          customer={customer}
          onDone={disputed}
          onCancel={() => setDisputing(false)}
        />
      )}
      {stepping !== null && (
        <LegalStepDialog
          org={org}
          target={stepping}
          onDone={(legalCase) => {
            setStepping(null);
            setNotice(legalStepMessage(stepping, legalCase, t));
          }}
          onCancel={() => setStepping(null)}
        />
      )}
    </div>
  );
}
