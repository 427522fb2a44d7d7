import { describe, expect, it } from "vitest";
import { type AppError, isAppError } from "../../../src/core/errors.ts";
import {
  type AnnualRateRequest,
  annualRate,
  appendixJUnitPeriod,
  decimalOfNumber,
  effectiveAnnualRate,
  formatRate,
  ipmt,
  irr,
  pmt,
  ppmt,
  rate,
  rateCashFlowsMax,
} from "../../../src/domain/plans/rates.ts";
import type { DatedAmount } from "../../../src/domain/plans/schedule.ts";
import { thrown } from "../core/support.ts";

/** Whole currency units (dollars, yuan, ECU) as minor units of a two-decimal currency. */
function units(amount: number): bigint {
  return BigInt(Math.round(amount * 100));
}

function flow(date: string, amount: number): DatedAmount {
  return { date, amountMinor: units(amount) };
}

function text(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** `count` dates `stepMonths` apart from `first` (a day every month has). */
function monthly(first: string, count: number, stepMonths = 1): string[] {
  const [year = 0, month = 0, day = 0] = first.split("-").map(Number);
  return Array.from({ length: count }, (_, index) => {
    const monthIndex = year * 12 + month - 1 + index * stepMonths;
    return text(Math.floor(monthIndex / 12), (monthIndex % 12) + 1, day);
  });
}

/** `count` dates `stepDays` apart from `first`. */
function everyDays(first: string, count: number, stepDays: number): string[] {
  const start = Date.parse(`${first}T00:00:00Z`);
  return Array.from({ length: count }, (_, index) =>
    new Date(start + index * stepDays * 86_400_000).toISOString().slice(0, 10),
  );
}

function paying(dates: ReadonlyArray<string>, amount: number): DatedAmount[] {
  return dates.map((date) => flow(date, amount));
}

function regZ(advances: ReadonlyArray<DatedAmount>, payments: ReadonlyArray<DatedAmount>) {
  return annualRate({ method: "us-reg-z", advances, payments });
}

/** The rate in percent with two decimals, as Appendix J prints its answers. */
function percent(value: number): string {
  return (value * 100).toFixed(2);
}

function validationIssues(request: AnnualRateRequest): ReadonlyArray<{ path: string; code: string }> {
  const error = thrown(() => annualRate(request));
  expect(isAppError(error)).toBe(true);
  const appError = error as AppError;
  expect(appError.code).toBe("VALIDATION_FAILED");
  return appError.issues.map(({ path, code }) => ({ path, code }));
}

/**
 * 12 CFR 1026 (Regulation Z), Appendix J, paragraph (c) "Examples for the actuarial method", as
 * published by the CFPB (consumerfinance.gov/rules-policy/regulations/1026/j/). Each example gives
 * its inputs and the APR to two decimals; none states the unit-period here, Appendix J (b)(4)
 * chooses it from the dates.
 */
describe("us-reg-z: Regulation Z Appendix J (c) worked examples", () => {
  it("(c)(1) monthly payments, regular first period: $5,000, 24 × $230 from 2-10-78 → 9.69 %", () => {
    const result = regZ([flow("1978-01-10", 5000)], paying(monthly("1978-02-10", 24), 230));
    expect(result.unitPeriod).toBe("month");
    expect(result.unitPeriodChosenBy).toBe("appendix-j");
    expect(result.periodsPerYear).toBe(12);
    expect(percent(result.rate)).toBe("9.69");
    // The issue's sample `apr` response {"rate":"0.096857"} is this example to six decimals.
    expect(result.rateText).toBe("0.096857");
  });

  it("(c)(1) monthly payments, long first period: $6,000 on 2-10-78, 36 × $200 from 4-1-78 → 11.82 %", () => {
    // 2-10 → 4-1: one full month back from 4-1 (to 3-1) and 19 odd days, f = 19/30.
    const result = regZ([flow("1978-02-10", 6000)], paying(monthly("1978-04-01", 36), 200));
    expect(result.unitPeriod).toBe("month");
    expect(percent(result.rate)).toBe("11.82");
  });

  it("(c)(1) semimonthly payments, short first period: $5,000 on 2-23-78, 24 × $219.17 on the 1st and 16th → 10.34 %", () => {
    const dates = monthly("1978-03-01", 12).flatMap((first) => [first, `${first.slice(0, 8)}16`]);
    // 2-23 → 3-1 is 6 days, f = 6/15; 24 semimonths a year ((b)(5)(iii)).
    const result = regZ([flow("1978-02-23", 5000)], paying(dates, 219.17));
    expect(result.unitPeriod).toBe("semimonth");
    expect(result.periodsPerYear).toBe(24);
    expect(percent(result.rate)).toBe("10.34");
  });

  it("(c)(1) quarterly payments, long first period: $10,000 on 5-23-78, 40 × $385 from 10-1-78 → 8.97 %", () => {
    // 5-23 → 10-1: 4 full months and 9 days = 129 days of 30-day months; t = 1, f = 39/90.
    const result = regZ([flow("1978-05-23", 10_000)], paying(monthly("1978-10-01", 40, 3), 385));
    expect(result.unitPeriod).toBe("quarter");
    expect(result.periodsPerYear).toBe(4);
    expect(percent(result.rate)).toBe("8.97");
  });

  it("(c)(1) weekly payments, long first period: $500 on 3-20-78, 30 × $17.60 from 4-21-78 → 14.96 %", () => {
    // 32 days: t = 4 weeks, f = 4/7; 52 weeks a year ((b)(5)(iv)).
    const result = regZ([flow("1978-03-20", 500)], paying(everyDays("1978-04-21", 30, 7), 17.6));
    expect(result.unitPeriod).toBe("week");
    expect(result.periodsPerYear).toBe(52);
    expect(percent(result.rate)).toBe("14.96");
  });

  it("(c)(2) odd first payment: $5,000, $250 on 2-10-78 then 23 × $230 → 10.08 %", () => {
    const payments = [flow("1978-02-10", 250), ...paying(monthly("1978-03-10", 23), 230)];
    expect(percent(regZ([flow("1978-01-10", 5000)], payments).rate)).toBe("10.08");
  });

  it("(c)(2) every 4 weeks, long first period, odd first payment: $400, $39.50 then 11 × $38.31 → 28.50 %", () => {
    const payments = [flow("1978-04-20", 39.5), ...paying(everyDays("1978-05-18", 11, 28), 38.31)];
    const result = regZ([flow("1978-03-18", 400)], payments);
    expect(result.unitPeriod).toBe("4week");
    expect(result.periodsPerYear).toBe(13);
    expect(percent(result.rate)).toBe("28.50");
  });

  it("(c)(3) odd final payment: $5,000, 23 × $230 then $280 → 10.50 %", () => {
    const dates = monthly("1978-02-10", 24);
    const payments = [...paying(dates.slice(0, 23), 230), flow(dates[23] ?? "", 280)];
    expect(percent(regZ([flow("1978-01-10", 5000)], payments).rate)).toBe("10.50");
  });

  it("(c)(3) every 2 weeks, short first period, odd final payment: $200, 19 × $9.50 then $30 → 12.22 %", () => {
    const dates = everyDays("1978-04-11", 20, 14);
    const payments = [...paying(dates.slice(0, 19), 9.5), flow(dates[19] ?? "", 30)];
    const result = regZ([flow("1978-04-03", 200)], payments);
    expect(result.unitPeriod).toBe("biweek");
    expect(result.periodsPerYear).toBe(26);
    expect(percent(result.rate)).toBe("12.22");
  });

  it("(c)(4) odd first and final payments: $5,000, $250, 22 × $230, $280 → 10.90 %", () => {
    const dates = monthly("1978-03-10", 23);
    const payments = [
      flow("1978-02-10", 250),
      ...paying(dates.slice(0, 22), 230),
      flow(dates[22] ?? "", 280),
    ];
    expect(percent(regZ([flow("1978-01-10", 5000)], payments).rate)).toBe("10.90");
  });

  it("(c)(4) every 2 months, short first period: $8,000, $449.36, 18 × $465, $200 → 7.30 %", () => {
    const dates = monthly("1978-05-01", 19, 2);
    const payments = [
      flow("1978-03-01", 449.36),
      ...paying(dates.slice(0, 18), 465),
      flow(dates[18] ?? "", 200),
    ];
    const result = regZ([flow("1978-01-10", 8000)], payments);
    expect(result.unitPeriod).toBe("2month");
    expect(result.periodsPerYear).toBe(6);
    expect(percent(result.rate)).toBe("7.30");
  });

  it("(c)(5) single advance, single payment, term under a year in days: $1,000 on 1-3-78, $1,080 on 9-15-78 → 11.45 %", () => {
    // (b)(4)(ii), (b)(5)(vii): the unit-period is the 255-day term; 365/255 of them a year.
    const result = regZ([flow("1978-01-03", 1000)], [flow("1978-09-15", 1080)]);
    expect(result.unitPeriod).toBe("255day");
    expect(result.periodsPerYear).toBeCloseTo(365 / 255, 12);
    expect(result.ratePerPeriod).toBeCloseTo(0.08, 12);
    expect(percent(result.rate)).toBe("11.45");
  });

  it("honours a unit-period named in the request", () => {
    const result = annualRate({
      method: "us-reg-z",
      unitPeriod: "month",
      advances: [flow("1978-01-03", 1000)],
      payments: [flow("1978-09-15", 1080)],
    });
    expect(result.unitPeriod).toBe("month");
    expect(result.unitPeriodChosenBy).toBe("request");
    expect(result.periodsPerYear).toBe(12);
    // 8 full months back from 9-15 (to 1-15) and 12 odd days: (1 + 12/30·i)(1 + i)^8 = 1.08.
    const i = result.ratePerPeriod;
    expect((1 + (12 / 30) * i) * (1 + i) ** 8).toBeCloseTo(1.08, 12);
  });
});

describe("us-reg-z: odd days and month ends, Appendix J (b)(3)(iv) and (b)(5)", () => {
  it("counts a payment on a month end as whole months from a start on the 31st", () => {
    // 31 Jan → 28 Feb → 31 Mar → 30 Apr: every interval is one month, no odd days, so the APR is
    // exactly 12 × the rate of a 3-payment annuity (Excel RATE gives the same periodic rate).
    const payments = paying(["2023-02-28", "2023-03-31", "2023-04-30"], 340);
    const result = regZ([flow("2023-01-31", 1000)], payments);
    expect(result.unitPeriod).toBe("month");
    expect(result.ratePerPeriod).toBeCloseTo(rate(3, -340, 1000), 14);
  });

  it("uses the last day of February for a series on the 30th", () => {
    const payments = paying(["2023-02-28", "2023-03-30", "2023-04-30"], 340);
    expect(regZ([flow("2023-01-30", 1000)], payments).ratePerPeriod).toBeCloseTo(rate(3, -340, 1000), 14);
  });

  it("earns simple interest on the odd days: one month and 15 days at 1 % a month", () => {
    // Start 1 Jan, one payment 16 Feb, unit-period a month by request: t = 1, f = 15/30 (b)(5)(ii).
    const result = annualRate({
      method: "us-reg-z",
      unitPeriod: "month",
      advances: [flow("2023-01-01", 1000)],
      payments: [flow("2023-02-16", 1000 * 1.005 * 1.01)],
    });
    expect(result.ratePerPeriod).toBeCloseTo(0.01, 9);
    expect(result.rate).toBeCloseTo(0.12, 8);
  });
});

describe("Appendix J (b)(4): choosing the unit-period", () => {
  it("takes the common period that occurs most often", () => {
    // Periods: 1 month (start → first), then 2 months, 2 months, 2 months.
    expect(
      appendixJUnitPeriod(["2024-01-15"], ["2024-02-15", "2024-04-15", "2024-06-15", "2024-08-15"]),
    ).toBe("2month");
  });

  it("takes the smaller of two common periods that occur equally often ((b)(4)(i)(A))", () => {
    // Periods: 1, 1, 3, 3 months.
    expect(
      appendixJUnitPeriod(["2024-01-01"], ["2024-02-01", "2024-03-01", "2024-06-01", "2024-09-01"]),
    ).toBe("month");
  });

  it("rounds the average period to the nearest standard interval when none is common ((b)(4)(i)(B))", () => {
    // Periods of 1, 2 and 3 months average 2 months.
    expect(appendixJUnitPeriod(["2024-01-01"], ["2024-02-01", "2024-04-01", "2024-07-01"])).toBe("2month");
    // 10 and 25 days average 17.5 days: nearer a semimonth (15.2 days) than 3 weeks (21 days).
    expect(appendixJUnitPeriod(["2024-01-01"], ["2024-01-11", "2024-02-05"])).toBe("semimonth");
  });

  it("takes the term of a single advance repaid at once, at most a year ((b)(4)(ii), (b)(5)(vi))", () => {
    expect(appendixJUnitPeriod(["2024-01-10"], ["2024-07-10"])).toBe("halfyear");
    expect(appendixJUnitPeriod(["2024-01-10"], ["2024-05-10"])).toBe("4month");
    expect(appendixJUnitPeriod(["2024-01-10"], ["2025-07-10"])).toBe("year");
  });

  it("measures a single payment after more than a year in years and a fraction ((b)(5)(v))", () => {
    // $1,000 on 1 Jan 2024, $1,210 on 1 Jul 2025: one year and 6/12; (1 + i/2)(1 + i) = 1.21.
    const result = regZ([flow("2024-01-01", 1000)], [flow("2025-07-01", 1210)]);
    expect(result.unitPeriod).toBe("year");
    const i = result.ratePerPeriod;
    expect((1 + i / 2) * (1 + i)).toBeCloseTo(1.21, 12);
  });

  it("recognises semimonths on the 20th and 15 days later", () => {
    const dates = ["2024-01-20", "2024-02-04", "2024-02-20", "2024-03-06", "2024-03-20", "2024-04-04"];
    expect(appendixJUnitPeriod(["2024-01-05"], dates)).toBe("semimonth");
  });
});

/**
 * The card-installment example: 12,000 yuan in 12 monthly installments with a fee of 0.6 % a month
 * on the original principal (72 yuan a month on top of 1,000 yuan of principal). The nominal
 * annualized rate by the IRR method is about 13.03 % a year, the figure issue 5 quotes, and the
 * reason PBOC announcement 〔2021〕 No. 3 requires the annualized rate, not the fee rate, to be shown.
 * (The issue attributes the figure to Chinese press coverage in 2021; the stored sources at hand
 * did not include the article, so the test rests on the arithmetic.)
 */
describe("irr-nominal: the card-installment example (0.6 % a month for 12 months)", () => {
  const request: AnnualRateRequest = {
    method: "irr-nominal",
    advances: [flow("2021-03-15", 12_000)],
    payments: paying(monthly("2021-04-15", 12), 1072),
  };

  it("is about 13.03 % a year, more than twice the 7.2 % that 12 × 0.6 % suggests", () => {
    const result = annualRate(request);
    expect(result.unitPeriod).toBe("month");
    expect(result.rateText).toBe("0.130342");
    expect(result.effectiveAnnualRate).toBeCloseTo(0.138418, 6);
  });

  it("agrees with Excel RATE on the same annuity and with the actuarial APR when no day is odd", () => {
    const result = annualRate(request);
    expect(result.ratePerPeriod).toBeCloseTo(rate(12, -1072, 12_000), 14);
    expect(annualRate({ ...request, method: "us-reg-z" }).rate).toBeCloseTo(result.rate, 13);
  });

  it("compounds the odd days, where Appendix J adds simple interest", () => {
    // First payment 1 month and 10 days after the drawdown: t + f = 1 + 1/3.
    const odd = { ...request, advances: [flow("2021-03-05", 12_000)] };
    const nominal = annualRate(odd);
    const actuarial = annualRate({ ...odd, method: "us-reg-z" });
    const i = nominal.ratePerPeriod;
    const presentValue = Array.from({ length: 12 }, (_, k) => 1072 * (1 + i) ** -(k + 1 + 10 / 30)).reduce(
      (total, value) => total + value,
    );
    expect(presentValue).toBeCloseTo(12_000, 6);
    expect(nominal.rate).not.toBeCloseTo(actuarial.rate, 9);
  });
});

describe("effectiveAnnualRate and formatRate", () => {
  it("compounds a periodic rate: 2 % a month is 26.8242 % a year", () => {
    // The issue's quote sample: annualRate 0.24 monthly → "effective": "0.268242".
    expect(formatRate(effectiveAnnualRate(0.02, 12))).toBe("0.268242");
    expect(effectiveAnnualRate(0.1, 1)).toBeCloseTo(0.1, 15);
  });

  it("rounds half-even on the exact binary value", () => {
    // 0.5 and 0.25 are exact in binary: true ties.
    expect(formatRate(0.5, 0)).toBe("0");
    expect(formatRate(1.5, 0)).toBe("2");
    expect(formatRate(0.125, 2)).toBe("0.12");
    expect(formatRate(0.375, 2)).toBe("0.38");
    // 0.0000005 is not exact: its double is 4.99999999999999977e-7, below the tie.
    expect(formatRate(0.0000005)).toBe("0.000000");
    expect(formatRate(-0.0212448)).toBe("-0.021245");
  });

  it("turns a double into its exact fraction", () => {
    expect(decimalOfNumber(0.75)).toEqual({ numerator: 3n, denominator: 4n });
    expect(decimalOfNumber(-3)).toEqual({ numerator: -3n, denominator: 1n });
    expect(decimalOfNumber(0.1).denominator).toBe(2n ** 55n);
  });
});

/**
 * Directive 2008/48/EC, Annex I, Part I: the basic equation and its remark (c) on measuring
 * time. The Directive itself has no worked examples; its predecessor, Directive 98/7/EC
 * (amending 87/102/EEC), Annex III "Examples of calculation", part A "on a calendar basis
 * (1 year = 365 days (or 366 days for leap years))", solves the same equation.
 */
describe("eu-aprc: Directive 2008/48/EC Annex I (examples of Directive 98/7/EC Annex III A)", () => {
  const calendar = { method: "eu-aprc", aprcTimeBasis: "calendar-days" } as const;

  it("first example: ECU 1,000 on 1 Jan 1994, ECU 1,200 on 1 Jul 1995 (546 days) → 12.96 %", () => {
    const result = annualRate({
      ...calendar,
      advances: [flow("1994-01-01", 1000)],
      payments: [flow("1995-07-01", 1200)],
    });
    expect(percent(result.rate)).toBe("12.96");
    expect(result.unitPeriod).toBe("year");
    expect(result.effectiveAnnualRate).toBe(result.rate);
  });

  it("second example: ECU 50 retained for expenses, so ECU 950 lent → 16.9 %", () => {
    const result = annualRate({
      ...calendar,
      advances: [flow("1994-01-01", 950)],
      payments: [flow("1995-07-01", 1200)],
    });
    expect((result.rate * 100).toFixed(1)).toBe("16.9");
  });

  it("third example: ECU 1,000 repaid by ECU 600 after one and after two years → i = 0.1306623", () => {
    for (const aprcTimeBasis of ["calendar-days", "equal-months"] as const) {
      const result = annualRate({
        method: "eu-aprc",
        aprcTimeBasis,
        advances: [flow("1994-01-01", 1000)],
        payments: [flow("1995-01-01", 600), flow("1996-01-01", 600)],
      });
      // The Annex prints i = 0,1306623 (and 13,07 % to two decimals): seven decimals, not rounded.
      expect(Math.abs(result.rate - 0.1306623)).toBeLessThan(1e-7);
      expect(percent(result.rate)).toBe("13.07");
    }
  });

  it("by default counts whole months as twelfths: 18 months are 1.5 years, not 546/365", () => {
    const result = annualRate({
      method: "eu-aprc",
      advances: [flow("1994-01-01", 1000)],
      payments: [flow("1995-07-01", 1200)],
    });
    expect(result.rate).toBeCloseTo(1.2 ** (1 / 1.5) - 1, 14);
  });

  it("of a regular monthly plan is the effective annual rate of its monthly IRR", () => {
    const base = {
      advances: [flow("2021-03-15", 12_000)],
      payments: paying(monthly("2021-04-15", 12), 1072),
    };
    const aprc = annualRate({ method: "eu-aprc", ...base });
    const nominal = annualRate({ method: "irr-nominal", ...base });
    expect(aprc.rate).toBeCloseTo(nominal.effectiveAnnualRate, 13);
  });
});

/** Microsoft Support, "XIRR function", example (support.microsoft.com/excel/xirr-function). */
describe("xirr: Excel's XIRR example", () => {
  it("−10,000 on 2008-01-01; 2,750, 4,250, 3,250, 2,750 later → 0.373362535", () => {
    const result = annualRate({
      method: "xirr",
      advances: [flow("2008-01-01", 10_000)],
      payments: [
        flow("2008-03-01", 2750),
        flow("2008-10-30", 4250),
        flow("2009-02-15", 3250),
        flow("2009-04-01", 2750),
      ],
    });
    // Excel stops when its result is good to 0.000001 %, so it agrees to about 1e-8.
    expect(Math.abs(result.rate - 0.373362535)).toBeLessThan(1e-8);
    expect(result.rateText).toBe("0.373363");
  });

  it("takes the flows in any order", () => {
    const payments = [
      flow("2009-04-01", 2750),
      flow("2008-10-30", 4250),
      flow("2008-03-01", 2750),
      flow("2009-02-15", 3250),
    ];
    const result = annualRate({ method: "xirr", advances: [flow("2008-01-01", 10_000)], payments });
    expect(Math.abs(result.rate - 0.373362535)).toBeLessThan(1e-8);
  });
});

/** Microsoft Support pages "RATE function", "PMT function", "IPMT function", "PPMT function", "IRR function". */
describe("Excel-compatible helpers against Microsoft's documented examples", () => {
  it("RATE: 4 years of −200 a month on a loan of 8,000 → 1 % a month (shown rounded), 9.24 % a year", () => {
    const monthlyRate = rate(4 * 12, -200, 8000);
    expect(monthlyRate).toBeCloseTo(0.0077015, 7);
    expect((monthlyRate * 100).toFixed(0)).toBe("1");
    expect((monthlyRate * 12 * 100).toFixed(2)).toBe("9.24");
  });

  it("RATE with a future value and payments in advance stays consistent with PMT", () => {
    const periodic = rate(24, -500, 10_000, -1000, 1);
    expect(pmt(periodic, 24, 10_000, -1000, 1)).toBeCloseTo(-500, 9);
    expect(rate(12, -100, 1200)).toBeCloseTo(0, 15);
    expect(Number.isNaN(rate(12, 100, 1200))).toBe(true);
  });

  it("PMT: 8 % a year, 10 months, 10,000 → −1,037.03 (−1,030.16 paid in advance); saving 50,000 in 18 years at 6 % → −129.08", () => {
    expect(pmt(0.08 / 12, 10, 10_000).toFixed(2)).toBe("-1037.03");
    expect(pmt(0.08 / 12, 10, 10_000, 0, 1).toFixed(2)).toBe("-1030.16");
    expect(pmt(0.06 / 12, 18 * 12, 0, 50_000).toFixed(2)).toBe("-129.08");
    expect(pmt(0, 10, 1000)).toBe(-100);
  });

  it("IPMT: 10 % a year on 8,000 over 3 years → −66.67 in the first month, −292.45 in the last yearly period", () => {
    expect(ipmt(0.1 / 12, 1, 3 * 12, 8000).toFixed(2)).toBe("-66.67");
    expect(ipmt(0.1, 3, 3, 8000).toFixed(2)).toBe("-292.45");
  });

  it("PPMT: 10 % a year on 2,000 over 2 years → −75.62 in month 1; 8 % on 200,000 over 10 years → −27,598.05 in year 10", () => {
    expect(ppmt(0.1 / 12, 1, 2 * 12, 2000).toFixed(2)).toBe("-75.62");
    expect(ppmt(0.08, 10, 10, 200_000).toFixed(2)).toBe("-27598.05");
  });

  it("IPMT + PPMT = PMT in every period, payments in arrears or in advance", () => {
    for (const type of [0, 1] as const) {
      const payment = pmt(0.01, 12, 5000, 0, type);
      for (let per = 1; per <= 12; per += 1) {
        expect(ipmt(0.01, per, 12, 5000, 0, type) + ppmt(0.01, per, 12, 5000, 0, type)).toBeCloseTo(
          payment,
          9,
        );
      }
    }
    // Paid in advance, the first payment falls on the day of the loan and carries no interest.
    expect(ipmt(0.01, 1, 12, 5000, 0, 1)).toBe(0);
    expect(ipmt(0.01, 1, 12, 5000, 0, 0)).toBeCloseTo(-50, 12);
  });

  it("IRR: −70,000 then 12,000 … 26,000 → −2.1 % after four years, 8.7 % after five, −44.4 % after two", () => {
    expect((irr([-70_000, 12_000, 15_000, 18_000, 21_000]) * 100).toFixed(1)).toBe("-2.1");
    expect((irr([-70_000, 12_000, 15_000, 18_000, 21_000, 26_000]) * 100).toFixed(1)).toBe("8.7");
    expect((irr([-70_000, 12_000, 15_000]) * 100).toFixed(1)).toBe("-44.4");
    expect(Number.isNaN(irr([100, 200]))).toBe(true);
  });
});

describe("annualRate rejects invalid input with VALIDATION_FAILED and the path at fault", () => {
  const valid: AnnualRateRequest = {
    method: "irr-nominal",
    advances: [flow("2024-01-01", 1000)],
    payments: paying(monthly("2024-02-01", 3), 340),
  };

  it("no advances, or no payments", () => {
    expect(validationIssues({ ...valid, advances: [] })).toEqual([{ path: "advances", code: "REQUIRED" }]);
    expect(validationIssues({ ...valid, payments: [] })).toEqual([{ path: "payments", code: "REQUIRED" }]);
    expect(validationIssues({ ...valid, payments: undefined as never })).toEqual([
      { path: "payments", code: "REQUIRED" },
    ]);
    const tooMany = Array.from({ length: rateCashFlowsMax + 1 }, () => flow("2024-03-01", 1));
    expect(validationIssues({ ...valid, payments: tooMany })).toEqual([
      { path: "payments", code: "TOO_MANY" },
    ]);
  });

  it("a payment before the first advance", () => {
    expect(validationIssues({ ...valid, payments: [flow("2023-12-31", 500), ...valid.payments] })).toEqual([
      { path: "payments[0].date", code: "BEFORE_FIRST_ADVANCE" },
    ]);
  });

  it("all amounts zero: no sign change, so no rate", () => {
    expect(validationIssues({ ...valid, advances: [flow("2024-01-01", 0)] })).toEqual([
      { path: "advances", code: "ALL_ZERO" },
    ]);
    expect(validationIssues({ ...valid, payments: paying(monthly("2024-02-01", 3), 0) })).toEqual([
      { path: "payments", code: "ALL_ZERO" },
    ]);
  });

  it("a negative amount (the sign is given by the side, not the amount)", () => {
    expect(validationIssues({ ...valid, payments: [{ date: "2024-02-01", amountMinor: -1n }] })).toEqual([
      { path: "payments[0].amountMinor", code: "OUT_OF_RANGE" },
    ]);
  });

  it("a date that is not a day, an unknown method or unit-period", () => {
    expect(validationIssues({ ...valid, advances: [flow("2024-02-30", 1000)] })).toEqual([
      { path: "advances[0].date", code: "INVALID_DATE" },
    ]);
    expect(
      validationIssues({ ...valid, method: "flat" as never, unitPeriod: "fortnight" as never }).map(
        (i) => i.path,
      ),
    ).toEqual(["method", "unitPeriod"]);
  });

  it("payments all on the day of the advance: no time passes", () => {
    expect(validationIssues({ ...valid, payments: [flow("2024-01-01", 1000)] })).toEqual([
      { path: "payments", code: "NO_TERM" },
    ]);
  });

  it("flows that no rate balances", () => {
    // −100 + 300·v − 250·v² < 0 for every v: lend 100, get 300 back, lend 250 more.
    const request: AnnualRateRequest = {
      method: "xirr",
      advances: [flow("2020-01-01", 100), flow("2022-01-01", 250)],
      payments: [flow("2021-01-01", 300)],
    };
    expect(validationIssues(request)).toEqual([{ path: "payments", code: "NO_RATE" }]);
  });

  it("accepts a negative rate when less comes back than was lent", () => {
    const result = annualRate({ ...valid, payments: paying(monthly("2024-02-01", 3), 300) });
    expect(result.rate).toBeLessThan(0);
    expect(result.ratePerPeriod).toBeCloseTo(rate(3, -300, 1000), 14);
  });
});
