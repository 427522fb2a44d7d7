import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client.ts";
import type {
  ActivityKind,
  ActivityLogged,
  CallOutcome,
  NewActivityRequest,
} from "../../api/collections-types.ts";
import type { OrganizationOfUser } from "../../api/types.ts";
import { todayIn } from "../../business-date.ts";
import { FormDialog } from "../../components/form-dialog.tsx";
import { orNull } from "../../or-null.ts";
import { collectionsIssues, FieldProblem } from "./collections-format.tsx";
import {
  activityKinds,
  callOutcomes,
  collectionsPath,
  useCollectionsChanged,
} from "./collections-queries.ts";

/** Characters of a note the server keeps. */
const noteLengthMax = 2000;
/** Grouping and spaces people type or paste into an amount ("5,000", "5 000"): they carry no value. */
const groupingPattern = /[,，\s]/g;

/**
 * Logs what a collector did about a customer — a call and how it went, an email, a visit, a note —
 * with the next follow-up and, when the customer promised to pay, the amount and date. The server
 * checks every field; its objections show at the field they concern.
 */
export function LogActivityDialog(props: {
  readonly org: OrganizationOfUser;
  readonly customer: { readonly customerId: string; readonly name: string };
  readonly onDone: (logged: ActivityLogged) => void;
  readonly onCancel: () => void;
}) {
  const { t } = useTranslation();
  const { org, customer } = props;
  const today = todayIn(org.timeZone);
  const collectionsChanged = useCollectionsChanged(org.orgId);
  const [kind, setKind] = useState<ActivityKind>("call");
  const [outcome, setOutcome] = useState<CallOutcome | "">("");
  const [occurredOn, setOccurredOn] = useState(today);
  const [note, setNote] = useState("");
  const [nextFollowUp, setNextFollowUp] = useState("");
  const [promiseAmount, setPromiseAmount] = useState("");
  const [promisedDate, setPromisedDate] = useState("");

  const promised = promiseAmount.trim() !== "" || promisedDate !== "";
  const body: NewActivityRequest = {
    kind,
    outcome: outcome === "" ? null : outcome,
    note: orNull(note),
    occurredOn: occurredOn === "" ? null : occurredOn,
    nextFollowUp: nextFollowUp === "" ? null : nextFollowUp,
    // Either half of a promise sends both: the server names the one that is missing.
    promise: promised ? { amount: promiseAmount.replace(groupingPattern, ""), promisedDate } : null,
  };
  const log = useMutation({
    mutationFn: () =>
      api.post<ActivityLogged>(
        collectionsPath(org.orgId, "customers", customer.customerId, "collection-activities"),
        body,
      ),
    onSuccess: (logged) => {
      collectionsChanged();
      props.onDone(logged);
    },
  });
  const issues = collectionsIssues(log.error, t);
  const edit =
    <T,>(set: (value: T) => void) =>
    (value: T) => {
      if (log.error !== null) log.reset();
      set(value);
    };

  return (
    <FormDialog
      title={t("collections.activity.title", { name: customer.name })}
      intro={t("collections.activity.intro")}
      submitLabel={t("collections.activity.submit")}
      pendingLabel={t("common.saving")}
      pending={log.isPending}
      error={log.error}
      testId="log-activity-dialog"
      onSubmit={() => log.mutate()}
      onCancel={props.onCancel}
    >
      <div className="form-row">
        <label className="field field-grow">
          <span>{t("collections.activity.kind")}</span>
          <select
            name="kind"
            value={kind}
            aria-invalid={issues.has("kind")}
            onChange={(event) => edit(setKind)(activityKinds.find((k) => k === event.target.value) ?? "call")}
          >
            {activityKinds.map((k) => (
              <option key={k} value={k}>
                {t(`collections.activityKinds.${k}`)}
              </option>
            ))}
          </select>
          <FieldProblem issues={issues} path="kind" />
        </label>
        <label className="field field-grow">
          <span>{t("collections.activity.outcome")}</span>
          <select
            name="outcome"
            value={outcome}
            aria-invalid={issues.has("outcome")}
            onChange={(event) => edit(setOutcome)(callOutcomes.find((o) => o === event.target.value) ?? "")}
          >
            <option value="">{t("collections.activity.noOutcome")}</option>
            {callOutcomes.map((o) => (
              <option key={o} value={o}>
                {t(`collections.outcomes.${o}`)}
              </option>
            ))}
          </select>
          <FieldProblem issues={issues} path="outcome" />
        </label>
      </div>
      <div className="form-row">
        <label className="field field-grow">
          <span>{t("collections.activity.occurredOn")}</span>
          <input
            type="date"
            name="occurredOn"
            max={today}
            value={occurredOn}
            aria-invalid={issues.has("occurredOn")}
            onChange={(event) => edit(setOccurredOn)(event.target.value)}
          />
          <FieldProblem issues={issues} path="occurredOn" />
        </label>
        <label className="field field-grow">
          <span>
            {t("collections.activity.nextFollowUp")}
            <span className="field-note"> ({t("customers.optional")})</span>
          </span>
          <input
            type="date"
            name="nextFollowUp"
            min={occurredOn || undefined}
            value={nextFollowUp}
            aria-invalid={issues.has("nextFollowUp")}
            onChange={(event) => edit(setNextFollowUp)(event.target.value)}
          />
          <FieldProblem issues={issues} path="nextFollowUp" />
        </label>
      </div>
      <label className="field">
        <span>
          {t("collections.activity.note")}
          <span className="field-note"> ({t("customers.optional")})</span>
        </span>
        <textarea
          name="note"
          rows={3}
          maxLength={noteLengthMax}
          value={note}
          aria-invalid={issues.has("note")}
          onChange={(event) => edit(setNote)(event.target.value)}
        />
        <FieldProblem issues={issues} path="note" />
      </label>
      <fieldset className="choices" data-testid="promise-fields">
        <legend>{t("collections.activity.promiseTitle")}</legend>
        <p className="subtle">{t("collections.activity.promiseHint")}</p>
        <div className="form-row">
          <label className="field field-grow">
            <span>{t("collections.activity.promiseAmount", { currency: org.baseCurrency })}</span>
            <input
              name="promiseAmount"
              inputMode="decimal"
              autoComplete="off"
              value={promiseAmount}
              aria-invalid={issues.has("promise.amount") || issues.has("promise")}
              onChange={(event) => edit(setPromiseAmount)(event.target.value)}
            />
            <FieldProblem issues={issues} path="promise.amount" />
          </label>
          <label className="field field-grow">
            <span>{t("collections.activity.promisedDate")}</span>
            <input
              type="date"
              name="promisedDate"
              min={today}
              value={promisedDate}
              aria-invalid={issues.has("promise.promisedDate") || issues.has("promise")}
              onChange={(event) => edit(setPromisedDate)(event.target.value)}
            />
            <FieldProblem issues={issues} path="promise.promisedDate" />
          </label>
        </div>
        <FieldProblem issues={issues} path="promise" />
      </fieldset>
    </FormDialog>
  );
}
