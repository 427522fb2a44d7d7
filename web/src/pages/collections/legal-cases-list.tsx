import { useTranslation } from "react-i18next";
import type { LegalCase } from "../../api/collections-types.ts";
import type { OrganizationOfUser } from "../../api/types.ts";
import { Link } from "../../components/link.tsx";
import { formatAmount, formatDate, formatMoney } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { customerCollectionsPath } from "../../routes.ts";
import { can } from "../../session.ts";
import { formatBytes, LegalStageBadge } from "./collections-format.tsx";
import { legalDocumentPath } from "./collections-queries.ts";
import type { LegalStepTarget } from "./legal-step-dialog.tsx";

function Optional(props: { readonly value: string | null }) {
  const { t } = useTranslation();
  if (props.value === null) return <span className="subtle">{t("common.none")}</span>;
  return props.value;
}

/**
 * One legal case as a card: the customer, the stage it stands at, what is claimed, what it has
 * cost and (closed) how it ended and what was recovered; counsel, court and case number; and its
 * steps, oldest first, each with its date, cost, note and document to download. A case under way
 * takes its next step or is closed from here (collections.manage).
 */
function LegalCaseCard(props: {
  readonly org: OrganizationOfUser;
  readonly legalCase: LegalCase;
  readonly showCustomer: boolean;
  readonly onStep: (target: LegalStepTarget) => void;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { org, legalCase } = props;
  const closed = legalCase.stage === "closed";
  const money = (amount: string) => formatMoney(amount, legalCase.currency, language);
  const titleId = `legal-case-${legalCase.caseId}`;
  return (
    <section
      className="card"
      aria-labelledby={titleId}
      data-testid="legal-case"
      data-case-id={legalCase.caseId}
      data-customer-id={legalCase.customerId}
      data-stage={legalCase.stage}
    >
      <div className="card-title-row">
        <h3 id={titleId}>
          {props.showCustomer ? (
            <Link to={customerCollectionsPath(org.orgId, legalCase.customerId)}>
              {legalCase.customerName}
            </Link>
          ) : (
            t("collections.legal.caseOf", { date: formatDate(legalCase.openedOn, language) })
          )}{" "}
          <LegalStageBadge stage={legalCase.stage} />
        </h3>
        {can(org, "collections.manage") && !closed && (
          <div className="toolbar-buttons">
            <button
              type="button"
              className="button button-small"
              data-action="legal-step"
              onClick={() => props.onStep({ kind: "advance", legalCase })}
            >
              {t("collections.legal.recordStep")}
            </button>
            <button
              type="button"
              className="button button-small button-danger-quiet"
              data-action="legal-close"
              onClick={() => props.onStep({ kind: "close", legalCase })}
            >
              {t("collections.legal.close")}
            </button>
          </div>
        )}
      </div>
      <dl className="details details-compact details-amounts" data-testid="legal-case-facts">
        <dt>{t("collections.legal.fields.claimed")}</dt>
        <dd data-column="claimed">{money(legalCase.claimed)}</dd>
        <dt>{t("collections.legal.fields.costs")}</dt>
        <dd data-column="costs">{money(legalCase.costs)}</dd>
        {closed && (
          <>
            <dt>{t("collections.legal.fields.outcome")}</dt>
            <dd data-column="outcome">
              {legalCase.outcome === null ? (
                <span className="subtle">{t("common.none")}</span>
              ) : (
                t(`collections.legalOutcomes.${legalCase.outcome}`)
              )}
            </dd>
            <dt>{t("collections.legal.fields.recovered")}</dt>
            <dd data-column="recovered">{money(legalCase.recovered)}</dd>
          </>
        )}
        <dt>{t("collections.legal.fields.openedOn")}</dt>
        <dd>
          {formatDate(legalCase.openedOn, language)}
          {legalCase.closedOn !== null &&
            ` – ${t("collections.legal.closedOn", { date: formatDate(legalCase.closedOn, language) })}`}
        </dd>
        <dt>{t("collections.legal.fields.counsel")}</dt>
        <dd>
          <Optional value={legalCase.counsel} />
        </dd>
        <dt>{t("collections.legal.fields.court")}</dt>
        <dd>
          <Optional value={legalCase.court} />
          {legalCase.caseNumber !== null && (
            <span className="mono">
              {" "}
              · {t("collections.legal.caseNumberIs", { number: legalCase.caseNumber })}
            </span>
          )}
        </dd>
      </dl>
      <div className="table-wrap">
        <table className="table table-compact" data-testid="legal-events">
          <caption className="visually-hidden">{t("collections.legal.stepsTitle")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("collections.legal.columns.date")}</th>
              <th scope="col">{t("collections.legal.columns.stage")}</th>
              <th scope="col" className="cell-amount">
                {t("collections.legal.columns.cost")}
              </th>
              <th scope="col">{t("collections.legal.columns.note")}</th>
              <th scope="col">{t("collections.legal.columns.document")}</th>
              <th scope="col">{t("collections.legal.columns.by")}</th>
            </tr>
          </thead>
          <tbody>
            {legalCase.events.map((event) => (
              <tr key={event.eventId} data-event-id={event.eventId} data-stage={event.stage}>
                <td className="nowrap">{formatDate(event.occurredOn, language)}</td>
                <td>{t(`collections.legalStages.${event.stage}`)}</td>
                <td className="cell-amount" data-column="cost">
                  {formatAmount(event.cost, language)}
                </td>
                <td className="pre-wrap">
                  <Optional value={event.note} />
                </td>
                <td>
                  {event.document === null ? (
                    <span className="subtle">{t("common.none")}</span>
                  ) : (
                    <>
                      <a
                        href={legalDocumentPath(org.orgId, legalCase.caseId, event.eventId)}
                        download={event.document.name}
                        data-testid="legal-document"
                        className="break-all"
                      >
                        {event.document.name}
                      </a>
                      <div className="subtle">{formatBytes(event.document.bytes, language)}</div>
                    </>
                  )}
                </td>
                <td>{event.createdBy}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** Legal cases as cards, newest first; `emptyText` when there are none. */
export function LegalCasesList(props: {
  readonly org: OrganizationOfUser;
  readonly cases: ReadonlyArray<LegalCase>;
  readonly pending: boolean;
  readonly showCustomer: boolean;
  readonly emptyText: string;
  readonly onStep: (target: LegalStepTarget) => void;
}) {
  const { t } = useTranslation();
  if (props.pending) return <p className="muted">{t("common.loading")}</p>;
  if (props.cases.length === 0) {
    return (
      <p className="muted" data-testid="legal-cases-empty">
        {props.emptyText}
      </p>
    );
  }
  return (
    <div data-testid="legal-cases">
      {props.cases.map((legalCase) => (
        <LegalCaseCard
          key={legalCase.caseId}
          org={props.org}
          legalCase={legalCase}
          showCustomer={props.showCustomer}
          onStep={props.onStep}
        />
      ))}
    </div>
  );
}
