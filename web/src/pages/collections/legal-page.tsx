import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { OrganizationOfUser } from "../../api/types.ts";
import { ErrorMessage, SuccessMessage } from "../../components/error-message.tsx";
import { useLegalCases } from "./collections-queries.ts";
import { LegalCasesList } from "./legal-cases-list.tsx";
import { LegalStepDialog, type LegalStepTarget, legalStepMessage } from "./legal-step-dialog.tsx";

const shownChoices = ["open", "closed", "all"] as const;
type Shown = (typeof shownChoices)[number];

/**
 * Legal escalation (法务): every case — lawyer letter, lawsuit, hearing, judgment, enforcement — with
 * what is claimed, what it has cost, its steps and their documents, and how it ended. A case is
 * opened from the customer's collections tab; its next steps and its close are recorded here.
 */
export function LegalPage({ org }: { readonly org: OrganizationOfUser }) {
  const { t } = useTranslation();
  const cases = useLegalCases(org.orgId);
  const [shown, setShown] = useState<Shown>("open");
  const [stepping, setStepping] = useState<LegalStepTarget | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // The API lists every case (up to its limit) without a stage filter: open and closed part here.
  const all = cases.data?.items ?? [];
  const listed = all.filter((legalCase) =>
    shown === "all" ? true : (legalCase.stage === "closed") === (shown === "closed"),
  );

  return (
    <>
      <p className="muted">{t("collections.legal.intro")}</p>
      <div className="filters" data-testid="legal-filters">
        <label className="field">
          <span>{t("collections.legal.show")}</span>
          <select
            name="shown"
            value={shown}
            onChange={(event) => setShown(shownChoices.find((c) => c === event.target.value) ?? "open")}
          >
            {shownChoices.map((choice) => (
              <option key={choice} value={choice}>
                {t(`collections.legal.shown.${choice}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <SuccessMessage>{notice}</SuccessMessage>
      <ErrorMessage error={cases.error} />
      <LegalCasesList
        org={org}
        cases={listed}
        pending={cases.isPending}
        showCustomer
        emptyText={shown === "open" ? t("collections.legal.emptyOpen") : t("collections.legal.empty")}
        onStep={(target) => {
          setNotice(null);
          setStepping(target);
        }}
      />
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
    </>
  );
}
