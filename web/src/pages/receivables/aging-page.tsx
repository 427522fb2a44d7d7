import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { OrganizationOfUser } from "../../api/types.ts";
import { todayIn } from "../../business-date.ts";
import { ErrorMessage } from "../../components/error-message.tsx";
import { formatDate } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { navigate, useLocation } from "../../router.ts";
import { orgPagePath } from "../../routes.ts";
import { AgingTable } from "./aging-table.tsx";
import { useAging } from "./receivables-queries.ts";

const datePattern = /^\d{4}-\d{2}-\d{2}$/;

/**
 * 账龄: what every customer owed on a date (today by default), by days past due. Past dates show
 * what was open then: later payments and notes do not change the answer. The date lives in the
 * address, so a month-end aging can be shared.
 */
export function AgingPage({ org }: { readonly org: OrganizationOfUser }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const location = useLocation();
  const today = todayIn(org.timeZone);
  const [asOf, setAsOf] = useState(() => {
    const given = location.search.get("asOf") ?? "";
    return datePattern.test(given) ? given : today;
  });
  const valid = datePattern.test(asOf);
  useEffect(() => {
    if (!valid) return;
    navigate(orgPagePath(org.orgId, "receivables", "aging", { asOf: asOf === today ? undefined : asOf }), {
      replace: true,
    });
  }, [org.orgId, asOf, valid, today]);
  // A date input is empty while a date is half typed: the last whole date stays on screen.
  const aging = useAging(org.orgId, { asOf: valid ? asOf : today });

  return (
    <>
      <div className="toolbar toolbar-spread">
        <p className="muted">{t("aging.intro")}</p>
      </div>
      <div className="filters">
        <label className="field">
          <span>{t("aging.asOf")}</span>
          <input
            type="date"
            name="asOf"
            max={today}
            value={asOf}
            onChange={(event) => setAsOf(event.target.value)}
          />
        </label>
        {asOf !== today && (
          <button type="button" className="button button-quiet" onClick={() => setAsOf(today)}>
            {t("aging.today")}
          </button>
        )}
      </div>
      <ErrorMessage error={aging.error} />
      {aging.isPending ? (
        <p className="muted">{t("common.loading")}</p>
      ) : aging.data === undefined ? null : (
        <>
          <p className="subtle">
            {t("aging.shownAsOf", {
              date: formatDate(aging.data.asOf, language),
              currency: org.baseCurrency,
            })}
          </p>
          <AgingTable
            org={org}
            customers={aging.data.customers}
            total={aging.data.total}
            customerColumn
            emptyText={t("aging.empty")}
            testId="aging-table"
          />
        </>
      )}
    </>
  );
}
