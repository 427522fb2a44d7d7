import { useTranslation } from "react-i18next";
import { previousMonthStart, todayIn, yearStart } from "../../business-date.ts";
import { FieldProblem } from "./collections-format.tsx";

/** A reporting period of business dates, both days included. */
export interface Period {
  readonly from: string;
  readonly to: string;
}

/** Days of the default period, as the server counts it (src/api/routes/collections.ts: 30 days to today). */
const defaultPeriodDays = 30;

/** `date` moved by `days` calendar days (`YYYY-MM-DD`, no time zone involved). */
export function shiftDate(date: string, days: number): string {
  const utc = new Date(`${date}T00:00:00Z`);
  utc.setUTCDate(utc.getUTCDate() + days);
  return utc.toISOString().slice(0, 10);
}

const presets = ["last30", "thisMonth", "lastMonth", "yearToDate"] as const;
type Preset = (typeof presets)[number];

function presetPeriod(preset: Preset, today: string): Period {
  switch (preset) {
    case "last30":
      return { from: shiftDate(today, -(defaultPeriodDays - 1)), to: today };
    case "thisMonth":
      return { from: `${today.slice(0, 7)}-01`, to: today };
    case "lastMonth":
      return { from: previousMonthStart(today), to: shiftDate(`${today.slice(0, 7)}-01`, -1) };
    case "yearToDate":
      return { from: yearStart(today), to: today };
  }
}

/** The period a report opens with: the 30 days to the organization's today, as the server's default. */
export function defaultPeriod(timeZone: string): Period {
  return presetPeriod("last30", todayIn(timeZone));
}

/**
 * The from and to dates of a report, with the usual periods one click away. A period the server
 * refuses (from after to) is marked at its field.
 */
export function PeriodFields(props: {
  readonly timeZone: string;
  readonly period: Period;
  readonly issues: Map<string, string>;
  readonly testId: string;
  readonly onChange: (period: Period) => void;
}) {
  const { t } = useTranslation();
  const today = todayIn(props.timeZone);
  const { period } = props;
  return (
    <div className="filters" data-testid={props.testId}>
      <label className="field">
        <span>{t("collections.period.from")}</span>
        <input
          type="date"
          name="from"
          max={today}
          value={period.from}
          aria-invalid={props.issues.has("from")}
          onChange={(event) => props.onChange({ ...period, from: event.target.value })}
        />
        <FieldProblem issues={props.issues} path="from" />
      </label>
      <label className="field">
        <span>{t("collections.period.to")}</span>
        <input
          type="date"
          name="to"
          value={period.to}
          aria-invalid={props.issues.has("to")}
          onChange={(event) => props.onChange({ ...period, to: event.target.value })}
        />
        <FieldProblem issues={props.issues} path="to" />
      </label>
      <div className="toolbar-buttons">
        {presets.map((preset) => {
          const target = presetPeriod(preset, today);
          const current = target.from === period.from && target.to === period.to;
          return (
            <button
              key={preset}
              type="button"
              className="button button-small button-quiet"
              data-preset={preset}
              aria-pressed={current}
              onClick={() => props.onChange(target)}
            >
              {t(`collections.period.presets.${preset}`)}
            </button>
          );
        })}
      </div>
    </div>
  );
}

/** The issues of a period query by field: the server names them `query.from` or, checked together, `from`. */
export function periodIssues(issues: Map<string, string>): Map<string, string> {
  const byField = new Map<string, string>();
  for (const [path, text] of issues) byField.set(path.replace(/^query\./, ""), text);
  return byField;
}
