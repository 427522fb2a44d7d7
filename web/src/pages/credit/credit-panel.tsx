import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client.ts";
import type {
  Assessment,
  CreditChangeOutcome,
  CreditStatus,
  Customer,
  OrganizationOfUser,
} from "../../api/types.ts";
import { ErrorMessage } from "../../components/error-message.tsx";
import { Link } from "../../components/link.tsx";
import { formatDate } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { orgPagePath } from "../../routes.ts";
import { can } from "../../session.ts";
import { AssessmentDetails } from "./assessment-details.tsx";
import { HoldDialog, OverrideDialog, TemporaryIncreaseDialog } from "./credit-actions.tsx";
import { formatShare, money, reasonLabel, termsText } from "./credit-format.ts";
import { customerPath, useAssessments, useCreditChanged, useCreditStatus } from "./credit-queries.ts";

type OpenDialog = "hold" | "release" | "override" | "temporary" | null;

/** The result of the last change, as the person who made it should read it. */
type Outcome =
  | { readonly kind: "outcome"; readonly outcome: CreditChangeOutcome }
  | { readonly kind: "text"; readonly text: string };

/** Exposure against the effective limit; beyond 100 % the bar is full and red. */
function UtilizationBar(props: { readonly utilization: string | null }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  if (props.utilization === null) return <span className="muted">{t("credit.noUtilization")}</span>;
  // A bar's width is a picture of the ratio, not money: a float is fine here.
  const percent = Number(props.utilization) * 100;
  const width = Math.max(0, Math.min(100, percent));
  const level = percent > 100 ? "over" : percent >= 80 ? "high" : "ok";
  return (
    <div className="utilization" data-testid="credit-utilization">
      {/* The figure beside it says it in words; the bar is its picture. */}
      <div className="utilization-bar" aria-hidden="true">
        <span className={`utilization-fill utilization-fill-${level}`} style={{ width: `${width}%` }} />
      </div>
      <span className="cell-figure" data-testid="credit-utilization-text">
        {formatShare(props.utilization, language)}
      </span>
    </div>
  );
}

function OutcomeNotice(props: { readonly outcome: Outcome | null }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { outcome } = props;
  if (outcome === null) return null;
  if (outcome.kind === "text") {
    return (
      <p role="status" className="notice notice-success" data-testid="credit-outcome">
        {outcome.text}
      </p>
    );
  }
  const result = outcome.outcome;
  if (result.outcome === "applied") {
    return (
      <p role="status" className="notice notice-success" data-testid="credit-outcome" data-outcome="applied">
        {t("credit.applied", {
          limit: money(result.credit.limit, result.credit.currency, language),
          terms: termsText(result.credit.terms, t),
        })}
      </p>
    );
  }
  const grounds = result.approval.grounds
    .map((ground) => t(`credit.grounds.${ground}`))
    .join(t("credit.listSeparator"));
  return (
    <p role="status" className="notice notice-info" data-testid="credit-outcome" data-outcome="pending">
      <strong>{t("credit.pendingApproval")}</strong> {t("credit.pendingApprovalDetail", { grounds })}
    </p>
  );
}

function CheckDecision(props: { readonly check: CreditStatus["check"] }) {
  const { t } = useTranslation();
  return (
    <div data-testid="credit-check" data-decision={props.check.decision}>
      <span className={`decision decision-${props.check.decision}`}>
        {t(`credit.decisions.${props.check.decision}`)}
      </span>
      {props.check.reasons.length > 0 && (
        <ul className="plain-list">
          {props.check.reasons.map((reason) => (
            <li key={reason}>{t(`credit.checkReasons.${reason}`)}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/**
 * One customer's credit: grade, score and the reasons that cost the most; limit, terms,
 * temporary increase, exposure and headroom; today's check; and what a credit manager does about
 * it — assess, accept or override the recommendation, raise the limit for a while, hold, release.
 */
export function CreditPanel(props: { readonly org: OrganizationOfUser; readonly customer: Customer }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { org, customer } = props;
  const manage = can(org, "credit.manage");
  const status = useCreditStatus(org.orgId, customer.customerId);
  const assessments = useAssessments(org.orgId, customer.customerId);
  const creditChanged = useCreditChanged(org.orgId);
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const assess = useMutation({
    mutationFn: () => api.post<Assessment>(customerPath(org.orgId, customer.customerId, "assessments"), {}),
    onMutate: () => setOutcome(null),
    onSuccess: (assessment) => {
      creditChanged();
      setOutcome({
        kind: "text",
        text: t("credit.assessed", { grade: assessment.grade, score: assessment.score }),
      });
    },
  });

  const accept = useMutation({
    mutationFn: (assessment: Assessment) =>
      api.post<CreditChangeOutcome>(customerPath(org.orgId, customer.customerId, "credit", "limit"), {
        limit: assessment.recommendation.limit,
        terms: assessment.recommendation.terms,
        assessmentId: assessment.assessmentId,
      }),
    onMutate: () => setOutcome(null),
    onSuccess: (result) => {
      creditChanged();
      setOutcome({ kind: "outcome", outcome: result });
    },
  });

  if (status.isPending) return <p className="muted">{t("common.loading")}</p>;
  if (status.isError) return <ErrorMessage error={status.error} />;
  const credit = status.data;
  const currency = credit.currency;
  const items = assessments.data?.items ?? [];
  const latest = items.find((a) => a.assessmentId === credit.assessmentId) ?? items[0] ?? null;

  function openDialog(next: OpenDialog): void {
    setOutcome(null);
    setDialog(next);
  }

  function done(result: CreditChangeOutcome): void {
    setDialog(null);
    setOutcome({ kind: "outcome", outcome: result });
  }

  return (
    <div className="credit-panel" data-testid="credit-panel">
      <OutcomeNotice outcome={outcome} />
      <ErrorMessage error={assess.error} />
      <ErrorMessage error={accept.error} />
      {credit.onHold && (
        <div className="notice notice-error" data-testid="credit-on-hold">
          <p>
            <strong>{t("credit.onHold")}</strong>
            {credit.holdReason !== null && ` · ${credit.holdReason}`}
          </p>
        </div>
      )}
      {credit.pendingApprovals > 0 && (
        <p className="notice notice-info" data-testid="credit-pending-approvals">
          {t("credit.pendingCount", { count: credit.pendingApprovals })}{" "}
          <Link to={orgPagePath(org.orgId, "credit", "approvals")}>{t("credit.openApprovals")}</Link>
        </p>
      )}

      <div className="credit-columns">
        <section className="card" aria-labelledby="credit-grade-title">
          <h2 id="credit-grade-title">{t("credit.gradeTitle")}</h2>
          {credit.grade === null ? (
            <p className="muted" data-testid="credit-no-grade">
              {t("credit.notAssessed")}
            </p>
          ) : (
            <>
              <div className="grade-line">
                <span className={`grade grade-large grade-${credit.grade}`} data-testid="credit-grade">
                  {credit.grade}
                </span>
                <span className="score">
                  <span className="cell-figure" data-testid="credit-score">
                    {credit.score ?? t("common.none")}
                  </span>
                  <span className="subtle"> / 1000</span>
                </span>
              </div>
              <p className="subtle">
                {latest !== null && t("credit.assessedOn", { date: formatDate(latest.assessedOn, language) })}
                {credit.assessmentExpiresOn !== null &&
                  ` · ${t("credit.validThrough", { date: formatDate(credit.assessmentExpiresOn, language) })}`}
              </p>
              {latest !== null && latest.reasons.length > 0 && (
                <>
                  <h3>{t("credit.topReasons")}</h3>
                  <ol className="reasons" data-testid="credit-reasons">
                    {latest.reasons.map((reason) => (
                      <li key={reason.code} data-code={reason.code}>
                        {reasonLabel(reason.code, reason.key, t)}{" "}
                        <span className="subtle">
                          {t("credit.lostPointsText", { points: reason.lostPoints })}
                        </span>
                      </li>
                    ))}
                  </ol>
                </>
              )}
            </>
          )}
          {manage && (
            <div className="toolbar-buttons">
              <button
                type="button"
                className="button button-primary"
                data-testid="assess-now"
                onClick={() => assess.mutate()}
                disabled={assess.isPending}
              >
                {assess.isPending ? t("credit.assessing") : t("credit.assessNow")}
              </button>
            </div>
          )}
        </section>

        <section className="card" aria-labelledby="credit-limit-title">
          <h2 id="credit-limit-title">{t("credit.limitTitle")}</h2>
          <dl className="details details-compact" data-testid="credit-standing">
            <dt>{t("credit.limit")}</dt>
            <dd className="cell-figure" data-testid="credit-limit">
              {money(credit.limit, currency, language)}
            </dd>
            <dt>{t("credit.terms")}</dt>
            <dd data-testid="credit-terms">{termsText(credit.terms, t)}</dd>
            <dt>{t("credit.temporaryIncrease")}</dt>
            <dd>
              {credit.temporaryIncrease === null
                ? t("common.none")
                : t("credit.temporaryUntil", {
                    amount: money(credit.temporaryIncrease.amount, currency, language),
                    date: formatDate(credit.temporaryIncrease.expiresOn, language),
                  })}
            </dd>
            <dt>{t("credit.effectiveLimit")}</dt>
            <dd className="cell-figure" data-testid="credit-effective-limit">
              {money(credit.effectiveLimit, currency, language)}
            </dd>
            <dt>{t("credit.exposure")}</dt>
            <dd>
              <span className="cell-figure" data-testid="credit-exposure">
                {money(credit.exposure.total, currency, language)}
              </span>
              <div className="subtle">
                {t("credit.exposureParts", {
                  receivables: money(credit.exposure.openReceivables, currency, language),
                  installments: money(credit.exposure.unbilledInstallments, currency, language),
                  orders: money(credit.exposure.openOrders, currency, language),
                })}
              </div>
            </dd>
            <dt>{t("credit.utilization")}</dt>
            <dd>
              <UtilizationBar utilization={credit.utilization} />
            </dd>
            <dt>{t("credit.headroom")}</dt>
            <dd className="cell-figure" data-testid="credit-headroom">
              {money(credit.headroom, currency, language)}
            </dd>
            <dt>{t("credit.check")}</dt>
            <dd>
              <CheckDecision check={credit.check} />
            </dd>
          </dl>
          {manage && (
            <div className="toolbar-buttons credit-actions">
              {latest !== null && (
                <button
                  type="button"
                  className="button"
                  data-testid="accept-recommendation"
                  disabled={accept.isPending}
                  title={t("credit.acceptHint", {
                    limit: money(latest.recommendation.limit, latest.currency, language),
                    terms: termsText(latest.recommendation.terms, t),
                  })}
                  onClick={() => accept.mutate(latest)}
                >
                  {accept.isPending ? t("common.saving") : t("credit.acceptRecommendation")}
                </button>
              )}
              <button
                type="button"
                className="button"
                data-testid="override"
                onClick={() => openDialog("override")}
              >
                {t("credit.override")}
              </button>
              <button
                type="button"
                className="button"
                data-testid="temporary-increase"
                onClick={() => openDialog("temporary")}
              >
                {t("credit.temporaryIncreaseAction")}
              </button>
              {credit.onHold ? (
                <button
                  type="button"
                  className="button"
                  data-testid="release"
                  onClick={() => openDialog("release")}
                >
                  {t("credit.releaseAction")}
                </button>
              ) : (
                <button
                  type="button"
                  className="button button-danger-quiet"
                  data-testid="hold"
                  onClick={() => openDialog("hold")}
                >
                  {t("credit.holdAction")}
                </button>
              )}
            </div>
          )}
        </section>
      </div>

      <ErrorMessage error={assessments.error} />
      {latest !== null && <AssessmentDetails assessment={latest} currency={latest.currency} />}

      {(dialog === "hold" || dialog === "release") && (
        <HoldDialog
          orgId={org.orgId}
          customerId={customer.customerId}
          release={dialog === "release"}
          onDone={() => {
            setDialog(null);
            setOutcome({
              kind: "text",
              text: dialog === "release" ? t("credit.released") : t("credit.held"),
            });
          }}
          onCancel={() => setDialog(null)}
        />
      )}
      {dialog === "override" && (
        <OverrideDialog
          orgId={org.orgId}
          customerId={customer.customerId}
          currency={currency}
          initialLimit={latest?.recommendation.limit ?? credit.limit}
          initialTerms={latest?.recommendation.terms ?? credit.terms}
          assessmentId={latest?.assessmentId ?? null}
          onDone={done}
          onCancel={() => setDialog(null)}
        />
      )}
      {dialog === "temporary" && (
        <TemporaryIncreaseDialog
          orgId={org.orgId}
          customerId={customer.customerId}
          currency={currency}
          timeZone={org.timeZone}
          onDone={done}
          onCancel={() => setDialog(null)}
        />
      )}
    </div>
  );
}
