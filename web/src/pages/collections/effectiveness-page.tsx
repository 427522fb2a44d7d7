import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Effectiveness } from "../../api/collections-types.ts";
import type { OrganizationOfUser } from "../../api/types.ts";
import { ErrorMessage } from "../../components/error-message.tsx";
import { ListTable } from "../../components/list-table.tsx";
import { formatAmount, formatDate, formatMoney } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import {
  channelName,
  collectionsIssues,
  formatDays,
  formatPercent,
  levelName,
} from "./collections-format.tsx";
import { recoveryWindowDays, useEffectiveness } from "./collections-queries.ts";
import { defaultPeriod, type Period, PeriodFields, periodIssues, shiftDate } from "./period-fields.tsx";

function Percent(props: { readonly value: number | null }) {
  const { t } = useTranslation();
  if (props.value === null) return <span className="subtle">{t("common.none")}</span>;
  return <>{formatPercent(props.value, currentLanguage())}</>;
}

function Days(props: { readonly value: number | null }) {
  const { t } = useTranslation();
  if (props.value === null) return <span className="subtle">{t("common.none")}</span>;
  return <>{formatDays(props.value, currentLanguage())}</>;
}

/**
 * The collection effectiveness index (CEI) of the period, with its formula and the four figures
 * it is computed from: of what could be collected in the period (receivables at its start and what
 * was billed in it, less what is not yet due at its end), the share that was.
 */
function CeiCard(props: { readonly report: Effectiveness }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { cei, currency } = props.report;
  const money = (amount: string) => formatMoney(amount, currency, language);
  const formula = t("collections.effectiveness.ceiFormula");
  return (
    <section className="card" aria-labelledby="cei-title" data-testid="cei">
      <h2 id="cei-title">
        {t("collections.effectiveness.ceiTitle")}{" "}
        <abbr title={formula} className="subtle" data-testid="cei-formula-tip">
          ⓘ
        </abbr>
      </h2>
      <p className="score" data-testid="cei-index" data-index={cei.index ?? ""} title={formula}>
        {cei.index === null ? t("common.none") : formatPercent(cei.index, language)}
      </p>
      {cei.index === null && <p className="muted">{t("collections.effectiveness.ceiNone")}</p>}
      <p className="muted" data-testid="cei-formula">
        {formula}
      </p>
      <dl className="details details-compact details-amounts" data-testid="cei-figures">
        <dt>
          {t("collections.effectiveness.ceiBeginning", {
            date: formatDate(shiftDate(props.report.from, -1), language),
          })}
        </dt>
        <dd data-column="beginning">{money(cei.beginning)}</dd>
        <dt>{t("collections.effectiveness.ceiCreditSales")}</dt>
        <dd data-column="creditSales">{money(cei.creditSales)}</dd>
        <dt>
          {t("collections.effectiveness.ceiEndingTotal", { date: formatDate(props.report.to, language) })}
        </dt>
        <dd data-column="endingTotal">{money(cei.endingTotal)}</dd>
        <dt>
          {t("collections.effectiveness.ceiEndingCurrent", { date: formatDate(props.report.to, language) })}
        </dt>
        <dd data-column="endingCurrent">{money(cei.endingCurrent)}</dd>
      </dl>
      <p className="subtle">{t("collections.effectiveness.ceiReading")}</p>
    </section>
  );
}

/**
 * 催收成效: over a period, how well each dunning level and channel recovered what its notices named
 * and how fast, how many promises to pay were kept, what each collector's customers paid, and the
 * collection effectiveness index with its formula.
 */
export function EffectivenessPage({ org }: { readonly org: OrganizationOfUser }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const [period, setPeriod] = useState<Period>(() => defaultPeriod(org.timeZone));
  const effectiveness = useEffectiveness(org.orgId, period);
  const issues = periodIssues(collectionsIssues(effectiveness.error, t));
  const report = effectiveness.data;
  const levels = report?.levels ?? [];
  const collectors = report?.collectors ?? [];

  return (
    <>
      <p className="muted">{t("collections.effectiveness.intro")}</p>
      <PeriodFields
        timeZone={org.timeZone}
        period={period}
        issues={issues}
        testId="effectiveness-period"
        onChange={setPeriod}
      />
      {issues.size === 0 && <ErrorMessage error={effectiveness.error} />}
      {effectiveness.isPending && <p className="muted">{t("common.loading")}</p>}
      {report !== undefined && (
        <>
          <p className="subtle" data-testid="effectiveness-summary">
            {t("collections.effectiveness.period", {
              from: formatDate(report.from, language),
              to: formatDate(report.to, language),
              currency: report.currency,
            })}
          </p>
          <CeiCard report={report} />

          <section className="card" aria-labelledby="levels-title">
            <h2 id="levels-title">{t("collections.effectiveness.levelsTitle")}</h2>
            <p className="muted">
              {t("collections.effectiveness.levelsIntro", { days: recoveryWindowDays })}
            </p>
            <ListTable
              pending={false}
              testId="effectiveness-levels"
              head={
                <>
                  <th scope="col">{t("collections.effectiveness.columns.level")}</th>
                  <th scope="col">{t("collections.effectiveness.columns.channel")}</th>
                  <th scope="col" className="cell-amount">
                    {t("collections.effectiveness.columns.notices")}
                  </th>
                  <th scope="col" className="cell-amount">
                    {t("collections.effectiveness.columns.noticed")}
                  </th>
                  <th scope="col" className="cell-amount">
                    {t("collections.effectiveness.columns.recovered")}
                  </th>
                  <th scope="col" className="cell-amount">
                    {t("collections.effectiveness.columns.recoveryRate")}
                  </th>
                  <th scope="col" className="cell-amount">
                    {t("collections.effectiveness.columns.meanDaysToCollect")}
                  </th>
                </>
              }
              columnCount={7}
              rowCount={levels.length}
              emptyText={t("collections.effectiveness.levelsEmpty")}
            >
              {levels.map((level) => (
                <tr
                  key={`${level.levelCode}/${level.channel}`}
                  data-level={level.levelCode}
                  data-channel={level.channel}
                >
                  <td>{levelName(level.levelCode, t)}</td>
                  <td>{channelName(level.channel, t)}</td>
                  <td className="cell-amount">{level.notices}</td>
                  <td className="cell-amount">{formatAmount(level.noticed, language)}</td>
                  <td className="cell-amount">{formatAmount(level.recovered, language)}</td>
                  <td className="cell-amount" data-column="recoveryRate">
                    <Percent value={level.recoveryRate} />
                  </td>
                  <td className="cell-amount">
                    <Days value={level.meanDaysToCollect} />
                  </td>
                </tr>
              ))}
            </ListTable>
          </section>

          <section className="card" aria-labelledby="promises-title" data-testid="effectiveness-promises">
            <h2 id="promises-title">{t("collections.effectiveness.promisesTitle")}</h2>
            <p className="muted">{t("collections.effectiveness.promisesIntro")}</p>
            <dl className="details details-compact">
              <dt>{t("collections.effectiveness.promisesKept")}</dt>
              <dd data-column="kept">{report.promises.kept}</dd>
              <dt>{t("collections.effectiveness.promisesBroken")}</dt>
              <dd data-column="broken">{report.promises.broken}</dd>
              <dt>{t("collections.effectiveness.keptRate")}</dt>
              <dd data-column="keptRate">
                <Percent value={report.promises.keptRate} />
              </dd>
            </dl>
          </section>

          <section className="card" aria-labelledby="collectors-title">
            <h2 id="collectors-title">{t("collections.effectiveness.collectorsTitle")}</h2>
            <p className="muted">{t("collections.effectiveness.collectorsIntro")}</p>
            <ListTable
              pending={false}
              testId="effectiveness-collectors"
              head={
                <>
                  <th scope="col">{t("collections.effectiveness.columns.collector")}</th>
                  <th scope="col" className="cell-amount">
                    {t("collections.effectiveness.columns.customers")}
                  </th>
                  <th scope="col" className="cell-amount">
                    {t("collections.effectiveness.columns.activities")}
                  </th>
                  <th scope="col" className="cell-amount">
                    {t("collections.effectiveness.columns.promisesKept")}
                  </th>
                  <th scope="col" className="cell-amount">
                    {t("collections.effectiveness.columns.promisesBroken")}
                  </th>
                  <th scope="col" className="cell-amount">
                    {t("collections.effectiveness.columns.collected")}
                  </th>
                </>
              }
              columnCount={6}
              rowCount={collectors.length}
              emptyText={t("collections.effectiveness.collectorsEmpty")}
            >
              {collectors.map((collector) => (
                <tr key={collector.userId ?? ""} data-user-id={collector.userId ?? ""}>
                  <td>
                    {collector.userId === null ? (
                      <span className="subtle">{t("collections.worklist.nobody")}</span>
                    ) : (
                      (collector.name ?? collector.userId)
                    )}
                  </td>
                  <td className="cell-amount">{collector.customers}</td>
                  <td className="cell-amount">{collector.activities}</td>
                  <td className="cell-amount">{collector.promisesKept}</td>
                  <td className="cell-amount">{collector.promisesBroken}</td>
                  <td className="cell-amount">{formatAmount(collector.collected, language)}</td>
                </tr>
              ))}
            </ListTable>
          </section>
        </>
      )}
    </>
  );
}
