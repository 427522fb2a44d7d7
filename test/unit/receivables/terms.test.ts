import { describe, expect, it } from "vitest";
import { decimal, parseDecimal } from "../../../src/core/decimal.ts";
import { isAppError } from "../../../src/core/errors.ts";
import { parseMinor } from "../../../src/core/money.ts";
import {
  builtInTermsTemplates,
  checkPaymentTerms,
  type DueRule,
  describeTerms,
  discountWindows,
  dueDateOf,
  dueRuleNeverBefore,
  endOfMonthPlus,
  installments,
  net,
  type PaymentTerms,
  parseShare,
  splitByTerms,
  type TermsPortion,
  withDiscounts,
} from "../../../src/domain/receivables/index.ts";
import { defined } from "../../support/fixtures.ts";
import { appErrorCode, thrown } from "../core/support.ts";

const cny = (text: string): bigint => parseMinor(text, "CNY");

function rule(basis: DueRule["basis"], months: number, days: number): DueRule {
  return { basis, months, days };
}

function issues(terms: PaymentTerms): string[] {
  return checkPaymentTerms(terms).map((issue) => `${issue.path} ${issue.code}`);
}

function issuesThrown(action: () => unknown): string[] {
  const error = thrown(action);
  if (!isAppError(error)) throw error;
  expect(error.code).toBe("VALIDATION_FAILED");
  return error.issues.map((issue) => `${issue.path} ${issue.code}`);
}

function template(code: string): PaymentTerms {
  return defined(builtInTermsTemplates.find((entry) => entry.code === code)).terms;
}

describe("parseShare", () => {
  it("reads decimals and fractions exactly", () => {
    expect(parseShare("0.3")).toEqual(parseDecimal("0.3"));
    expect(parseShare("1")).toEqual(decimal(1));
    expect(parseShare("1/3")).toEqual(decimal(1, 3));
    expect(parseShare("2/6")).toEqual(decimal(1, 3));
  });

  it("refuses anything else as INVALID_RATE", () => {
    for (const text of ["1/0", "-1/3", "1/3/4", " 1/3", "1 / 3", "0,3", "1e-1", "", "1/".padEnd(41, "1")]) {
      expect(appErrorCode(() => parseShare(text))).toBe("INVALID_RATE");
    }
  });
});

describe("dueDateOf", () => {
  it("Net 30 counts days from the document date", () => {
    expect(dueDateOf("2026-01-15", rule("document", 0, 30))).toBe("2026-02-14");
    expect(dueDateOf("2026-12-15", rule("document", 0, 30))).toBe("2027-01-14");
  });

  it("adds calendar months with clamping to the month end, leap years included", () => {
    expect(dueDateOf("2026-01-31", rule("document", 1, 0))).toBe("2026-02-28");
    expect(dueDateOf("2024-01-31", rule("document", 1, 0))).toBe("2024-02-29");
    expect(dueDateOf("2025-03-31", rule("document", 1, 0))).toBe("2025-04-30");
    expect(dueDateOf("2024-02-29", rule("document", 12, 0))).toBe("2025-02-28");
    expect(dueDateOf("2026-01-31", rule("document", 1, 10))).toBe("2026-03-10");
  });

  it("月结30天 (EOM + 30) counts from the end of the document's month", () => {
    // Any day of January: 31 January + 30 days, which is 2 March, or 1 March in a leap year.
    expect(dueDateOf("2026-01-01", rule("month_end", 0, 30))).toBe("2026-03-02");
    expect(dueDateOf("2026-01-31", rule("month_end", 0, 30))).toBe("2026-03-02");
    expect(dueDateOf("2024-01-15", rule("month_end", 0, 30))).toBe("2024-03-01");
    // From February's end: 28 Feb + 30 = 30 March; 29 Feb 2024 + 30 = 30 March.
    expect(dueDateOf("2026-02-03", rule("month_end", 0, 30))).toBe("2026-03-30");
    expect(dueDateOf("2024-02-03", rule("month_end", 0, 30))).toBe("2024-03-30");
  });

  it("次月底 is the end of the next month, February and century years included", () => {
    expect(dueDateOf("2026-01-31", rule("month_end", 1, 0))).toBe("2026-02-28");
    expect(dueDateOf("2024-01-01", rule("month_end", 1, 0))).toBe("2024-02-29");
    expect(dueDateOf("2026-02-10", rule("month_end", 1, 0))).toBe("2026-03-31");
    expect(dueDateOf("2026-12-05", rule("month_end", 1, 0))).toBe("2027-01-31");
    // 2100 is not a leap year (divisible by 100, not by 400); 2000 was.
    expect(dueDateOf("2100-01-10", rule("month_end", 1, 0))).toBe("2100-02-28");
    expect(dueDateOf("2000-01-10", rule("month_end", 1, 0))).toBe("2000-02-29");
    // The month end itself, and twelve month ends later.
    expect(dueDateOf("2026-02-01", rule("month_end", 0, 0))).toBe("2026-02-28");
    expect(dueDateOf("2023-02-14", rule("month_end", 12, 0))).toBe("2024-02-29");
  });

  it("refuses invalid rules and dates", () => {
    expect(issuesThrown(() => dueDateOf("2026-01-01", rule("document", -1, 0)))).toEqual([
      "due.months OUT_OF_RANGE",
    ]);
    expect(issuesThrown(() => dueDateOf("2026-01-01", rule("document", 0, 1.5)))).toEqual([
      "due.days OUT_OF_RANGE",
    ]);
    expect(
      issuesThrown(() =>
        dueDateOf("2026-01-01", { basis: "week_end", months: 0, days: 0 } as unknown as DueRule),
      ),
    ).toEqual(["due.basis INVALID_CHOICE"]);
    expect(appErrorCode(() => dueDateOf("2026-02-30", rule("document", 0, 30)))).toBe("INVALID_DATE");
  });
});

describe("splitByTerms", () => {
  it("30/70 on 100.01: floor of 30 % first, the last takes the residue", () => {
    expect(splitByTerms("2026-03-10", cny("100.01"), template("SPLIT30-70"))).toEqual([
      { seq: 1, dueDate: "2026-03-10", amountMinor: cny("30.00") },
      { seq: 2, dueDate: "2026-05-09", amountMinor: cny("70.01") },
    ]);
  });

  it("three monthly installments of 100.00: 33.33, 33.33, 33.34, month ends clamped", () => {
    expect(splitByTerms("2026-01-31", cny("100.00"), installments(3, 1, 1))).toEqual([
      { seq: 1, dueDate: "2026-02-28", amountMinor: cny("33.33") },
      { seq: 2, dueDate: "2026-03-31", amountMinor: cny("33.33") },
      { seq: 3, dueDate: "2026-04-30", amountMinor: cny("33.34") },
    ]);
  });

  it("a single portion is the whole gross", () => {
    expect(splitByTerms("2026-01-15", cny("113000.00"), template("NET30"))).toEqual([
      { seq: 1, dueDate: "2026-02-14", amountMinor: cny("113000.00") },
    ]);
  });

  it("leaves out a part that rounds down to nothing, keeping the portion's number", () => {
    expect(splitByTerms("2026-03-10", 1n, template("SPLIT30-70"))).toEqual([
      { seq: 2, dueDate: "2026-05-09", amountMinor: 1n },
    ]);
  });

  it("needs a positive gross and valid terms", () => {
    expect(issuesThrown(() => splitByTerms("2026-03-10", 0n, net(30)))).toEqual(["grossMinor OUT_OF_RANGE"]);
    expect(issuesThrown(() => splitByTerms("2026-03-10", -5n, net(30)))).toEqual(["grossMinor OUT_OF_RANGE"]);
    const broken: PaymentTerms = { portions: [{ share: "0.5", due: rule("document", 0, 0) }], discounts: [] };
    expect(issuesThrown(() => splitByTerms("2026-03-10", 100n, broken))).toEqual(["portions SHARES_NOT_ONE"]);
  });
});

describe("discountWindows", () => {
  it("2/10, 1/20: the last day of each window counts the document date + days", () => {
    expect(discountWindows("2026-01-01", template("2/10-1/20N30"))).toEqual([
      { rate: "0.02", until: "2026-01-11" },
      { rate: "0.01", until: "2026-01-21" },
    ]);
    expect(discountWindows("2026-01-01", net(30))).toEqual([]);
  });
});

describe("checkPaymentTerms", () => {
  const portion = (share: string, due: DueRule): TermsPortion => ({ share, due });

  it("accepts every built-in template", () => {
    const codes = builtInTermsTemplates.map((entry) => entry.code);
    expect(codes).toEqual([
      "CASH",
      "NET30",
      "NET45",
      "NET60",
      "NET90",
      "EOM30",
      "2/10N30",
      "2/10-1/20N30",
      "SPLIT30-70",
      "INST3",
      "INST6",
      "INST12",
    ]);
    for (const entry of builtInTermsTemplates) expect(issues(entry.terms)).toEqual([]);
  });

  it("needs shares above 0 that add up to exactly 1", () => {
    expect(
      issues({
        portions: [portion("0.3", rule("document", 0, 0)), portion("0.6", rule("document", 0, 30))],
        discounts: [],
      }),
    ).toEqual(["portions SHARES_NOT_ONE"]);
    expect(
      issues({
        portions: [portion("0", rule("document", 0, 0)), portion("1", rule("document", 0, 30))],
        discounts: [],
      }),
    ).toEqual(["portions.0.share INVALID_SHARE"]);
    expect(
      issues({
        portions: [portion("1/3", rule("document", 0, 0)), portion("2/3", rule("document", 0, 30))],
        discounts: [],
      }),
    ).toEqual([]);
    expect(issues({ portions: [portion("1.5", rule("document", 0, 0))], discounts: [] })).toEqual([
      "portions.0.share INVALID_SHARE",
    ]);
  });

  it("needs 1 to 60 portions", () => {
    expect(issues({ portions: [], discounts: [] })).toEqual(["portions COUNT"]);
    const many = Array.from({ length: 61 }, () => portion("1/61", rule("document", 0, 0)));
    expect(issues({ portions: many, discounts: [] })).toEqual(["portions COUNT"]);
    const sixty = Array.from({ length: 60 }, () => portion("1/60", rule("document", 0, 0)));
    expect(issues({ portions: sixty, discounts: [] })).toEqual([]);
  });

  it("checks the range of months and days", () => {
    expect(issues({ portions: [portion("1", rule("document", 121, 3651))], discounts: [] })).toEqual([
      "portions.0.due.months OUT_OF_RANGE",
      "portions.0.due.days OUT_OF_RANGE",
    ]);
    expect(issues({ portions: [portion("1", rule("document", 120, 3650))], discounts: [] })).toEqual([]);
  });

  it("needs each portion due no earlier than the one before for every document date", () => {
    const pair = (first: DueRule, second: DueRule): string[] =>
      issues({ portions: [portion("0.5", first), portion("0.5", second)], discounts: [] });
    expect(pair(rule("document", 0, 60), rule("document", 0, 30))).toEqual([
      "portions.1.due DUE_BEFORE_PREVIOUS",
    ]);
    // 31 Jan + 30 days is 2 March, but 31 Jan + 1 month is 28 February.
    expect(pair(rule("document", 0, 30), rule("document", 1, 0))).toEqual([
      "portions.1.due DUE_BEFORE_PREVIOUS",
    ]);
    // A month is at most 31 days, so a month after the document date is never after 31 days past its month end.
    expect(pair(rule("document", 1, 0), rule("month_end", 0, 31))).toEqual([]);
    // The next month end is at most 31 days after this one.
    expect(pair(rule("month_end", 1, 0), rule("month_end", 0, 31))).toEqual([]);
    // January: 31 Jan + 30 = 2 March, after the end of February.
    expect(pair(rule("month_end", 0, 30), rule("month_end", 1, 0))).toEqual([
      "portions.1.due DUE_BEFORE_PREVIOUS",
    ]);
    // Equal due dates are in order.
    expect(pair(rule("document", 0, 30), rule("document", 0, 30))).toEqual([]);
    expect(pair(rule("document", 0, 0), rule("month_end", 0, 0))).toEqual([]);
  });

  it("dueRuleNeverBefore agrees with real dates over four years of document dates", () => {
    const rules = [
      rule("document", 0, 0),
      rule("document", 0, 28),
      rule("document", 0, 31),
      rule("document", 1, 0),
      rule("document", 1, 3),
      rule("document", 2, 0),
      rule("month_end", 0, 0),
      rule("month_end", 0, 28),
      rule("month_end", 1, 0),
      rule("month_end", 0, 31),
    ];
    const dates: string[] = [];
    for (let day = 0; day < 4 * 366; day += 1) {
      dates.push(new Date(Date.UTC(2023, 0, 1 + day)).toISOString().slice(0, 10));
    }
    const due = rules.map((entry) => dates.map((date) => dueDateOf(date, entry)));
    const accepted: string[] = [];
    const ordered: string[] = [];
    for (const [earlierIndex, earlier] of rules.entries()) {
      for (const [laterIndex, later] of rules.entries()) {
        const misordered = dates.filter(
          (_, index) => defined(due[laterIndex]?.[index]) < defined(due[earlierIndex]?.[index]),
        );
        const pair = JSON.stringify([earlier, later]);
        if (misordered.length === 0) ordered.push(pair);
        if (!dueRuleNeverBefore(later, earlier)) continue;
        accepted.push(pair);
        expect(misordered, pair).toEqual([]);
      }
    }
    // Not vacuous: the check recognizes every ordered pair of these rules.
    expect(ordered.filter((pair) => !accepted.includes(pair))).toEqual([]);
  });

  it("needs discount tiers with longer windows for smaller rates, at most 50 %", () => {
    const on = (discounts: PaymentTerms["discounts"]): string[] =>
      issues({ portions: net(30).portions, discounts });
    expect(on([{ rate: "0", days: 10 }])).toEqual(["discounts.0.rate INVALID_RATE"]);
    expect(on([{ rate: "0.51", days: 10 }])).toEqual(["discounts.0.rate INVALID_RATE"]);
    expect(on([{ rate: "0.5", days: 10 }])).toEqual([]);
    expect(on([{ rate: "2%", days: 10 }])).toEqual(["discounts.0.rate INVALID_RATE"]);
    expect(
      on([
        { rate: "0.02", days: 10 },
        { rate: "0.01", days: 10 },
      ]),
    ).toEqual(["discounts.1.days NOT_INCREASING"]);
    expect(
      on([
        { rate: "0.01", days: 10 },
        { rate: "0.02", days: 20 },
      ]),
    ).toEqual(["discounts.1.rate NOT_DECREASING"]);
    expect(on([{ rate: "0.02", days: 3651 }])).toEqual(["discounts.0.days OUT_OF_RANGE"]);
    expect(on([{ rate: "0.02", days: -1 }])).toEqual(["discounts.0.days OUT_OF_RANGE"]);
    const six = [0.06, 0.05, 0.04, 0.03, 0.02, 0.01].map((rate, index) => ({
      rate: String(rate),
      days: index + 1,
    }));
    expect(on(six)).toEqual(["discounts COUNT"]);
    expect(on(six.slice(1))).toEqual([]);
  });
});

describe("builders", () => {
  it("net, endOfMonthPlus and withDiscounts build single-portion terms", () => {
    expect(net(30)).toEqual({ portions: [{ share: "1", due: rule("document", 0, 30) }], discounts: [] });
    expect(endOfMonthPlus(30)).toEqual({
      portions: [{ share: "1", due: rule("month_end", 0, 30) }],
      discounts: [],
    });
    expect(withDiscounts(net(30), [{ rate: "0.02", days: 10 }]).discounts).toEqual([
      { rate: "0.02", days: 10 },
    ]);
    expect(issuesThrown(() => net(-1))).toEqual(["portions.0.due.days OUT_OF_RANGE"]);
    expect(issuesThrown(() => withDiscounts(net(30), [{ rate: "0.9", days: 10 }]))).toEqual([
      "discounts.0.rate INVALID_RATE",
    ]);
  });

  it("installments use exact shares: a fraction when the decimal does not end", () => {
    expect(installments(3, 1, 1).portions.map((entry) => entry.share)).toEqual(["1/3", "1/3", "1/3"]);
    expect(installments(4, 3, 0).portions).toEqual([
      { share: "0.25", due: rule("document", 0, 0) },
      { share: "0.25", due: rule("document", 3, 0) },
      { share: "0.25", due: rule("document", 6, 0) },
      { share: "0.25", due: rule("document", 9, 0) },
    ]);
    expect(installments(1, 1, 2).portions).toEqual([{ share: "1", due: rule("document", 2, 0) }]);
  });

  it("installments refuse counts, steps and spans out of range", () => {
    expect(issuesThrown(() => installments(0, 1, 1))).toEqual(["count OUT_OF_RANGE"]);
    expect(issuesThrown(() => installments(61, 1, 1))).toEqual(["count OUT_OF_RANGE"]);
    expect(issuesThrown(() => installments(3, 0, 1))).toEqual(["everyMonths OUT_OF_RANGE"]);
    expect(issuesThrown(() => installments(3, 1, -1))).toEqual(["firstAfterMonths OUT_OF_RANGE"]);
    // The last of 60 quarterly installments would fall 178 months out.
    expect(issuesThrown(() => installments(60, 3, 1))).toEqual(["count OUT_OF_RANGE"]);
  });
});

describe("describeTerms", () => {
  it("puts discounts first, in both languages", () => {
    expect(describeTerms(template("2/10-1/20N30"), "en")).toBe("2/10, 1/20, net 30");
    expect(describeTerms(template("2/10-1/20N30"), "zh-CN")).toBe(
      "10天内付款折扣2%，20天内折扣1%，30天内付清",
    );
    expect(describeTerms(template("2/10N30"), "en")).toBe("2/10, net 30");
  });

  it("names month-end rules", () => {
    expect(describeTerms(template("EOM30"), "zh-CN")).toBe("月结30天");
    expect(describeTerms(template("EOM30"), "en")).toBe("net 30 EOM");
    const nextMonthEnd: PaymentTerms = {
      portions: [{ share: "1", due: rule("month_end", 1, 0) }],
      discounts: [],
    };
    expect(describeTerms(nextMonthEnd, "zh-CN")).toBe("次月底付清");
    expect(describeTerms(nextMonthEnd, "en")).toBe("end of next month");
  });

  it("names cash, portions and installment series", () => {
    expect(describeTerms(template("CASH"), "en")).toBe("due on receipt");
    expect(describeTerms(template("CASH"), "zh-CN")).toBe("见票即付");
    expect(describeTerms(template("SPLIT30-70"), "en")).toBe("30% due on receipt, 70% net 60");
    expect(describeTerms(template("SPLIT30-70"), "zh-CN")).toBe("30%款项见票即付，70%款项60天内付清");
    expect(describeTerms(template("INST3"), "en")).toBe(
      "3 monthly installments, the first 1 month after the document date",
    );
    expect(describeTerms(template("INST3"), "zh-CN")).toBe("分3期按月付款，首期于开票后1个月");
    expect(describeTerms(installments(4, 3, 0), "en")).toBe(
      "4 installments every 3 months, the first on receipt",
    );
    const thirds: PaymentTerms = {
      portions: [
        { share: "1/3", due: rule("document", 0, 0) },
        { share: "2/3", due: rule("document", 0, 45) },
      ],
      discounts: [],
    };
    expect(describeTerms(thirds, "en")).toBe("1/3 due on receipt, 2/3 net 45");
  });
});
