import type { Frequency } from "./frequency.ts";
import { type AnnualRate, annualRate, type UnitPeriod } from "./rates.ts";
import { buildSchedule, type Schedule, type ScheduleRequest } from "./schedule.ts";

/** The unit-period of a plan's frequency, for the IRR-based nominal rate. */
export const unitPeriodOfFrequency: Readonly<Record<Frequency, UnitPeriod>> = {
  weekly: "week",
  biweekly: "biweek",
  semimonthly: "semimonth",
  monthly: "month",
  quarterly: "quarter",
  yearly: "year",
};

export interface QuoteRates {
  /** 年化利率 as PBOC announcement 2021 No. 3 requires: the IRR per period × periods a year. */
  readonly nominal: AnnualRate;
  /** (1 + IRR per period)^(periods a year) − 1. */
  readonly effective: number;
  /** Regulation Z Appendix J actuarial APR. */
  readonly usAprRegZ: AnnualRate;
  /** EU APRC (Directive 2008/48/EC Annex I). */
  readonly euAprc: AnnualRate;
}

export interface Quote {
  readonly schedule: Schedule;
  readonly rates: QuoteRates;
}

/**
 * A schedule and every annualized rate of it, computed on the customer's cash flows: the amount
 * financed less any upfront fee received at the start, and each installment paid on its due date.
 * An interest-free plan without fees costs nothing: every rate is 0.
 */
export function quote(request: ScheduleRequest): Quote {
  const schedule = buildSchedule(request);
  const { advances, payments } = schedule.cashFlows;
  const nominal = annualRate({
    method: "irr-nominal",
    advances,
    payments,
    unitPeriod: unitPeriodOfFrequency[schedule.frequency],
  });
  return {
    schedule,
    rates: {
      nominal,
      effective: nominal.effectiveAnnualRate,
      usAprRegZ: annualRate({ method: "us-reg-z", advances, payments }),
      euAprc: annualRate({ method: "eu-aprc", advances, payments }),
    },
  };
}
