import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, newIdempotencyKey } from "../../api/client.ts";
import type { AcceptPlanRequest, ConfirmationMethod, OrganizationOfUser, PlanView } from "../../api/types.ts";
import { todayIn } from "../../business-date.ts";
import { ErrorMessage } from "../../components/error-message.tsx";
import { FormDialog } from "../../components/form-dialog.tsx";
import { ChoiceField, TextField } from "../../components/form-fields.tsx";
import { formatDate, formatMoney } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { can } from "../../session.ts";
import { ReasonField } from "../credit/credit-actions.tsx";
import { cancellableStatuses, confirmationMethods, plansPath, usePlanChanged } from "./plan-queries.ts";

type Step = "accept" | "activate" | "cancel";

/** POST /plans/{planId}/{step}; the plan as the server returns it replaces the one on screen. */
function usePlanStep(org: OrganizationOfUser, plan: PlanView, onDone: (plan: PlanView) => void) {
  const planChanged = usePlanChanged(org.orgId);
  return useMutation({
    mutationFn: (variables: {
      readonly step: "offer" | Step;
      readonly body: unknown;
      readonly idempotencyKey?: string;
    }) =>
      api.post<PlanView>(
        plansPath(org.orgId, plan.planId, variables.step),
        variables.body,
        variables.idempotencyKey === undefined ? undefined : { "Idempotency-Key": variables.idempotencyKey },
      ),
    onSuccess: (next) => {
      planChanged(next);
      onDone(next);
    },
  });
}

function AcceptDialog(props: {
  readonly org: OrganizationOfUser;
  readonly plan: PlanView;
  readonly onDone: (plan: PlanView) => void;
  readonly onCancel: () => void;
}) {
  const { t } = useTranslation();
  const today = todayIn(props.org.timeZone);
  const [confirmedBy, setConfirmedBy] = useState("");
  const [method, setMethod] = useState<ConfirmationMethod>("signature");
  const [reference, setReference] = useState("");
  const [confirmedOn, setConfirmedOn] = useState(today);
  const step = usePlanStep(props.org, props.plan, props.onDone);
  const body: AcceptPlanRequest = {
    confirmedBy: confirmedBy.trim(),
    method,
    ...(reference.trim() === "" ? {} : { reference: reference.trim() }),
    confirmedOn,
  };
  return (
    <FormDialog
      title={t("planDoc.acceptTitle")}
      intro={t("planDoc.acceptIntro", { number: props.plan.number, customer: props.plan.customer.name })}
      submitLabel={t("planDoc.acceptSubmit")}
      pendingLabel={t("common.saving")}
      pending={step.isPending}
      error={step.error}
      canSubmit={confirmedBy.trim() !== "" && confirmedOn !== ""}
      testId="accept-dialog"
      onSubmit={() => step.mutate({ step: "accept", body })}
      onCancel={props.onCancel}
    >
      <TextField
        label={t("planDoc.fields.confirmedBy")}
        name="confirmedBy"
        maxLength={200}
        autoComplete="off"
        value={confirmedBy}
        onChange={setConfirmedBy}
      />
      <ChoiceField
        label={t("planDoc.fields.confirmationMethod")}
        name="method"
        choices={confirmationMethods}
        value={method}
        choiceLabel={(m) => t(`planDoc.confirmationMethods.${m}`)}
        onChange={setMethod}
      />
      <TextField
        label={t("planDoc.fields.reference")}
        note={t("plans.optional")}
        name="reference"
        maxLength={200}
        autoComplete="off"
        value={reference}
        onChange={setReference}
      />
      <TextField
        label={t("planDoc.fields.confirmedOn")}
        name="confirmedOn"
        type="date"
        max={today}
        value={confirmedOn}
        onChange={setConfirmedOn}
      />
    </FormDialog>
  );
}

/**
 * Activation runs the credit check and books the plan: a second look before it, since what it
 * posts is reversed only by a change, never undone.
 */
function ActivateDialog(props: {
  readonly org: OrganizationOfUser;
  readonly plan: PlanView;
  readonly onDone: (plan: PlanView) => void;
  readonly onCancel: () => void;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { plan } = props;
  const today = todayIn(props.org.timeZone);
  const step = usePlanStep(props.org, plan, props.onDone);
  const [idempotencyKey] = useState(newIdempotencyKey);
  const early = plan.contractDate > today;
  return (
    <FormDialog
      title={t("planDoc.activateTitle")}
      intro={t("planDoc.activateQuestion", {
        number: plan.number,
        customer: plan.customer.name,
        total: formatMoney(plan.itemTotals.total, plan.currency, language),
      })}
      submitLabel={t("planDoc.activate")}
      pendingLabel={t("common.saving")}
      pending={step.isPending}
      error={step.error}
      testId="activate-dialog"
      // One key for the dialog: pressing again after a lost answer cannot book the plan twice.
      onSubmit={() => step.mutate({ step: "activate", body: {}, idempotencyKey })}
      onCancel={props.onCancel}
    >
      <p className="dialog-consequence">
        {plan.accountingMode === "financed-sale"
          ? t("planDoc.activateConsequence.financed-sale")
          : t("planDoc.activateConsequence.installment-credit")}
      </p>
      {early && (
        <p className="notice notice-warning">
          {t("planDoc.activateEarly", { date: formatDate(plan.contractDate, language) })}
        </p>
      )}
    </FormDialog>
  );
}

function CancelDialog(props: {
  readonly org: OrganizationOfUser;
  readonly plan: PlanView;
  readonly onDone: (plan: PlanView) => void;
  readonly onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState("");
  const step = usePlanStep(props.org, props.plan, props.onDone);
  return (
    <FormDialog
      title={t("planDoc.cancelTitle")}
      intro={t("planDoc.cancelQuestion", { number: props.plan.number })}
      submitLabel={t("planDoc.cancelSubmit")}
      pendingLabel={t("common.saving")}
      pending={step.isPending}
      error={step.error}
      canSubmit={reason.trim() !== ""}
      danger
      testId="cancel-dialog"
      onSubmit={() => step.mutate({ step: "cancel", body: { reason: reason.trim() } })}
      onCancel={props.onCancel}
    >
      <ReasonField value={reason} onChange={setReason} />
    </FormDialog>
  );
}

/**
 * The next step of a plan, as its status and the user's permission allow: offer a draft, record
 * the customer's acceptance, activate, or cancel before activation.
 */
export function PlanActions(props: {
  readonly org: OrganizationOfUser;
  readonly plan: PlanView;
  /** What was done, for the page to say; null clears it. */
  readonly onNotice: (text: string | null) => void;
}) {
  const { t } = useTranslation();
  const { org, plan } = props;
  const [open, setOpen] = useState<Step | null>(null);
  const setNotice = props.onNotice;
  const done = (text: string) => () => {
    setOpen(null);
    setNotice(text);
  };
  const offer = usePlanStep(org, plan, () => setNotice(t("planDoc.offered", { number: plan.number })));
  const manages = can(org, "plans.manage");
  const status = plan.status;
  const cancellable = cancellableStatuses.includes(status);

  const buttons = manages && (status === "draft" || status === "offered" || status === "accepted");
  return (
    <div data-testid="plan-actions" data-status={status}>
      <ErrorMessage error={offer.error} />
      {buttons && (
        <div className="toolbar">
          {status === "draft" && (
            <button
              type="button"
              className="button button-primary"
              data-action="offer"
              disabled={offer.isPending}
              onClick={() => {
                setNotice(null);
                offer.mutate({ step: "offer", body: {} });
              }}
            >
              {offer.isPending ? t("common.saving") : t("planDoc.offer")}
            </button>
          )}
          {status === "offered" && (
            <button
              type="button"
              className="button button-primary"
              data-action="accept"
              onClick={() => {
                setNotice(null);
                setOpen("accept");
              }}
            >
              {t("planDoc.recordAcceptance")}
            </button>
          )}
          {status === "accepted" && (
            <button
              type="button"
              className="button button-primary"
              data-action="activate"
              onClick={() => {
                setNotice(null);
                setOpen("activate");
              }}
            >
              {t("planDoc.activate")}
            </button>
          )}
          {cancellable && (
            <button
              type="button"
              className="button button-danger-quiet"
              data-action="cancel"
              onClick={() => {
                setNotice(null);
                setOpen("cancel");
              }}
            >
              {t("planDoc.cancel")}
            </button>
          )}
          <span className="subtle">{t(`planDoc.nextStep.${status}`)}</span>
        </div>
      )}
      {open === "accept" && (
        <AcceptDialog
          org={org}
          plan={plan}
          onDone={done(t("planDoc.accepted", { number: plan.number }))}
          onCancel={() => setOpen(null)}
        />
      )}
      {open === "activate" && (
        <ActivateDialog
          org={org}
          plan={plan}
          onDone={done(t("planDoc.activated", { number: plan.number }))}
          onCancel={() => setOpen(null)}
        />
      )}
      {open === "cancel" && (
        <CancelDialog
          org={org}
          plan={plan}
          onDone={done(t("planDoc.cancelled", { number: plan.number }))}
          onCancel={() => setOpen(null)}
        />
      )}
    </div>
  );
}
