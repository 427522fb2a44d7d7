import { describe, expect, it } from "vitest";
import { decimal, parseDecimal } from "../../../src/core/decimal.ts";
import { type AppError, isAppError } from "../../../src/core/errors.ts";
import { parseMinor } from "../../../src/core/money.ts";
import {
  checkLprTable,
  checkRateCeiling,
  checkRateCeilingSettings,
  type LprEntry,
  lprInForce,
  percentText,
  quote,
  type RateCeilingSettings,
  rateCeiling,
} from "../../../src/domain/plans/index.ts";
import { thrown } from "../core/support.ts";

/**
 * One-year LPR changes, as published by the National Interbank Funding Center (全国银行间同业拆借中心)
 * on the PBOC's authority, each with the public report it is taken from:
 * - 3.85 %: the fixing of 20 July 2020, the Supreme People's Court's own example when it announced
 *   the 4 × LPR ceiling on 20 August 2020: "4 times the 3.85% … released on July 20, 2020 … the upper
 *   limit … is 15.4%" (China News Service, 2020-08-20,
 *   https://www.tellerreport.com/news/2020-08-20-supreme-law--substantially-reduce-the-upper-limit-of-judicial-protection-of-private-lending-interest-rates-chinanews-com.Hy6Z1f1nfw.html).
 *   It held until December 2021 ("the first LPR cut since April 2020").
 * - 3.80 % from 20 December 2021, "lowered by 5 basis points to 3.80% from 3.85%" (Reuters via
 *   Nasdaq, https://www.nasdaq.com/articles/china-cuts-lending-benchmark-lpr-for-first-time-since-april-2020).
 * - 3.70 % from 20 January 2022 and 3.65 % from 22 August 2022: "cut to 3.65% (from 3.70%) … the
 *   previous cut to the 1-year was in January" (ForexLive, 2022-08-22,
 *   https://www.forexlive.com/centralbank/china-rate-cuts-lpr-1-year-365-from-37-5-year-430-from-445-20220822/).
 * - 3.55 % from 20 June 2023 and 3.45 % from 21 August 2023: "reduced from 3.55 percent to 3.45
 *   percent" (Moneycontrol, 2023-08-21, https://www.moneycontrol.com/news/world/chinas-central-bank-cuts-key-benchmark-loan-rate-to-support-economy-11226331.html;
 *   Nippon.com: "following a cut in June").
 * - 3.35 % from 22 July 2024: "lowered by 10 basis points (0.10%) to 3.35% from 3.45%" (FNN, 2024-07-22,
 *   https://www.finnewsnetwork.com.au/archives/finance_news_network470287.html).
 * - 3.10 % from 21 October 2024: "down to 3.1 percent from the previous reading of 3.35 percent,
 *   … according to the National Interbank Funding Center" (Xinhua via China Daily HK, 2024-10-21,
 *   https://chinadailyhk.com/hk/article/595764).
 * - 3.00 % from 20 May 2025: "cut its one-year loan prime rate … to 3.0% from 3.1%" (S&P Global
 *   Market Intelligence, 2025-05-20, https://www.spglobal.com/market-intelligence/en/news-insights/articles/2025/5/china-cuts-key-lending-reference-rates-to-new-alltime-lows-89107190).
 * The January 2022 and June 2023 changes are dated on the fixing day (the 20th) of the month the
 * reports name.
 */
const lprTable: ReadonlyArray<LprEntry> = [
  { effectiveDate: "2020-07-20", rate: "0.0385" },
  { effectiveDate: "2021-12-20", rate: "0.038" },
  { effectiveDate: "2022-01-20", rate: "0.037" },
  { effectiveDate: "2022-08-22", rate: "0.0365" },
  { effectiveDate: "2023-06-20", rate: "0.0355" },
  { effectiveDate: "2023-08-21", rate: "0.0345" },
  { effectiveDate: "2024-07-22", rate: "0.0335" },
  { effectiveDate: "2024-10-21", rate: "0.031" },
  { effectiveDate: "2025-05-20", rate: "0.03" },
];

const judicial: { readonly rateCeiling: RateCeilingSettings } = {
  rateCeiling: { mode: "block", source: { kind: "lpr-multiple", multiple: "4" } },
};
const warning: { readonly rateCeiling: RateCeilingSettings } = {
  rateCeiling: { mode: "warn", source: { kind: "lpr-multiple", multiple: "4" } },
};

function issuesOf(action: () => unknown): string[] {
  const error = thrown(action);
  if (!isAppError(error)) throw error;
  expect(error.code).toBe("VALIDATION_FAILED");
  return (error as AppError).issues.map((issue) => `${issue.path} ${issue.code}`);
}

describe("rateCeiling: 4 × the one-year LPR at contract date (民间借贷规定 Article 25)", () => {
  it("is 15.4 % on 20 August 2020, the Supreme People's Court's own example (4 × 3.85 %)", () => {
    const ceiling = rateCeiling(judicial, "2020-08-20", lprTable);
    // 4 × 0.0385 = 0.154.
    expect(ceiling.annualRate).toEqual(parseDecimal("0.154"));
    expect(ceiling.annualRateText).toBe("0.154000");
    expect(ceiling.lpr).toEqual({ effectiveDate: "2020-07-20", rate: "0.0385" });
    expect([ceiling.source, ceiling.multiple, ceiling.mode]).toEqual(["lpr-multiple", "4", "block"]);
    expect(ceiling.legalBasis).toContain("最高人民法院关于审理民间借贷案件适用法律若干问题的规定");
    expect(ceiling.legalBasis).toContain("Article 25");
    expect(ceiling.explanation).toContain("4 × the one-year LPR of 3.85% in force on 2020-08-20");
    expect(ceiling.explanation).toContain("= 15.4% a year");
    expect(ceiling.explanation).toContain("private lending");
    expect(ceiling.explanation).toContain("conservative default");
  });

  it("follows the published LPR changes: 13.8 %, 12.4 %, 12.0 %", () => {
    const at = (date: string): string => rateCeiling(judicial, date, lprTable).annualRateText;
    // 4 × 3.45 % = 13.8 % (from 2023-08-21), 4 × 3.10 % = 12.4 % (from 2024-10-21),
    // 4 × 3.00 % = 12.0 % (from 2025-05-20).
    expect(at("2023-09-01")).toBe("0.138000");
    expect(at("2024-11-01")).toBe("0.124000");
    expect(at("2025-06-01")).toBe("0.120000");
    // Between: 4 × 3.80 % = 15.2 %, 4 × 3.65 % = 14.6 %, 4 × 3.35 % = 13.4 %.
    expect(at("2022-01-19")).toBe("0.152000");
    expect(at("2023-01-01")).toBe("0.146000");
    expect(at("2024-08-01")).toBe("0.134000");
  });

  it("takes a fixing from its publication day: the day before, the earlier one applies", () => {
    const at = (date: string): LprEntry | null => rateCeiling(judicial, date, lprTable).lpr;
    expect(at("2024-10-20")?.rate).toBe("0.0335");
    expect(at("2024-10-21")?.rate).toBe("0.031");
    expect(at("2025-05-19")?.rate).toBe("0.031");
    expect(at("2025-05-20")?.rate).toBe("0.03");
  });

  it("does not depend on the order of the table", () => {
    const reversed = [...lprTable].reverse();
    expect(rateCeiling(judicial, "2023-09-01", reversed)).toEqual(
      rateCeiling(judicial, "2023-09-01", lprTable),
    );
    expect(lprInForce(reversed, "2021-12-31")).toEqual({ effectiveDate: "2021-12-20", rate: "0.038" });
  });

  it("refuses a contract date with no LPR entered (NO_LPR_IN_FORCE) rather than guess", () => {
    expect(issuesOf(() => rateCeiling(judicial, "2020-07-19", lprTable))).toEqual([
      "lprTable NO_LPR_IN_FORCE",
    ]);
    expect(issuesOf(() => rateCeiling(judicial, "2025-06-01", []))).toEqual(["lprTable NO_LPR_IN_FORCE"]);
    expect(lprInForce(lprTable, "2019-01-01")).toBeNull();
  });

  it("shows another multiple without claiming the judicial basis", () => {
    const three = {
      rateCeiling: { mode: "block" as const, source: { kind: "lpr-multiple" as const, multiple: "3" } },
    };
    const ceiling = rateCeiling(three, "2025-06-01", lprTable);
    // 3 × 3.00 % = 9 %.
    expect(ceiling.annualRateText).toBe("0.090000");
    expect(ceiling.legalBasis).toBeNull();
    expect(ceiling.explanation).toContain("chosen by the organization");
  });

  it("uses a fixed ceiling without any LPR", () => {
    const fixed = {
      rateCeiling: { mode: "warn" as const, source: { kind: "fixed" as const, annualRate: "0.24" } },
    };
    const ceiling = rateCeiling(fixed, "2019-01-01", []);
    expect([
      ceiling.annualRateText,
      ceiling.source,
      ceiling.lpr,
      ceiling.multiple,
      ceiling.legalBasis,
    ]).toEqual(["0.240000", "fixed", null, null, null]);
    expect(ceiling.explanation).toBe("The organization's fixed ceiling of 24% a year.");
  });

  it("reports invalid settings, dates and tables as field issues", () => {
    const bad = {
      rateCeiling: { mode: "stop", source: { kind: "lpr-multiple", multiple: "0" } },
    } as unknown as {
      rateCeiling: RateCeilingSettings;
    };
    expect(issuesOf(() => rateCeiling(bad, "2025-13-01", lprTable))).toEqual([
      "rateCeiling.mode INVALID_CHOICE",
      "rateCeiling.source.multiple OUT_OF_RANGE",
      "contractDate INVALID_DATE",
    ]);
    expect(
      checkRateCeilingSettings(
        { mode: "warn", source: { kind: "fixed", annualRate: "abc" } } as RateCeilingSettings,
        "policy.rateCeiling",
      ).map((issue) => `${issue.path} ${issue.code}`),
    ).toEqual(["policy.rateCeiling.source.annualRate OUT_OF_RANGE"]);
    expect(
      checkLprTable([
        { effectiveDate: "2025-05-20", rate: "0.03" },
        { effectiveDate: "2025-05-20", rate: "0.031" },
        { effectiveDate: "2025-02-30", rate: "0.3" },
        { effectiveDate: "2025-06-20", rate: "-0.01" },
      ]).map((issue) => `${issue.path} ${issue.code}`),
    ).toEqual([
      "lprTable.1.effectiveDate DUPLICATE",
      "lprTable.2.effectiveDate INVALID_DATE",
      "lprTable.2.rate OUT_OF_RANGE",
      "lprTable.3.rate OUT_OF_RANGE",
    ]);
    expect(
      issuesOf(() => rateCeiling(judicial, "2025-06-01", [{ effectiveDate: "x", rate: "0.03" }])),
    ).toEqual(["lprTable.0.effectiveDate INVALID_DATE"]);
  });
});

describe("checkRateCeiling", () => {
  const ceiling2025 = rateCeiling(judicial, "2025-06-01", lprTable);

  it("passes a rate at or below the ceiling, as disclosed with six decimals", () => {
    expect(checkRateCeiling("0.12", ceiling2025).decision).toBe("ok");
    expect(checkRateCeiling("0.085", ceiling2025).decision).toBe("ok");
    // 0.1200004 is disclosed as 0.120000 and 0.1200005 too (half-even tie to the even 0): within.
    expect(checkRateCeiling("0.1200004", ceiling2025).decision).toBe("ok");
    expect(checkRateCeiling("0.1200005", ceiling2025).decision).toBe("ok");
    expect(checkRateCeiling("0.1200006", ceiling2025).decision).toBe("block");
    expect(checkRateCeiling(decimal(12_0001, 1_000_000), ceiling2025).decision).toBe("block");
  });

  it("blocks or warns above it, as the policy's mode says, and explains which ceiling applied", () => {
    const blocked = checkRateCeiling("0.13", ceiling2025);
    expect([blocked.decision, blocked.source, blocked.annualRateText]).toEqual([
      "block",
      "lpr-multiple",
      "0.130000",
    ]);
    expect(blocked.explanation).toContain(
      "The annualized rate 13% is above the ceiling of 12%. The plan is not offered.",
    );
    expect(blocked.explanation).toContain("effective 2025-05-20");
    const warned = checkRateCeiling("0.13", rateCeiling(warning, "2025-06-01", lprTable));
    expect(warned.decision).toBe("warn");
    expect(warned.explanation).toContain("with a warning");
    const ok = checkRateCeiling("0.1", ceiling2025);
    expect(ok.explanation).toContain("is within the ceiling of 12%");
  });

  it("blocks the 0.6 %-a-month card installment (13.03 %) under the 2025 ceiling but not under 2020's", () => {
    // Issue 5's example: 12 monthly installments with a fee of 0.6 % a month on 12,000 are about
    // 13.03 % a year by the IRR method (PBOC announcement 〔2021〕 No. 3's 年化利率).
    const card = quote({
      principalMinor: parseMinor("12000", "CNY"),
      currency: "CNY",
      method: "flat-fee",
      periods: 12,
      frequency: "monthly",
      startDate: "2025-06-01",
      annualRate: "0",
      feeRatePerPeriod: "0.006",
    });
    expect(card.rates.nominal.rateText).toBe("0.130342");
    // 13.0342 % > 12.0 % = 4 × 3.00 % (2025-06-01); 13.0342 % ≤ 15.4 % = 4 × 3.85 % (2020-09-01).
    expect(checkRateCeiling(card.rates.nominal.rateText, ceiling2025).decision).toBe("block");
    const ceiling2020 = rateCeiling(judicial, "2020-09-01", lprTable);
    expect(checkRateCeiling(card.rates.nominal.rateText, ceiling2020).decision).toBe("ok");
  });

  it("refuses a rate that is not a decimal", () => {
    expect(issuesOf(() => checkRateCeiling("13 %", ceiling2025))).toEqual(["annualRate INVALID_RATE"]);
  });

  it("formats percentages without trailing zeros", () => {
    expect(percentText(parseDecimal("0.154"))).toBe("15.4%");
    expect(percentText(parseDecimal("0.0385"))).toBe("3.85%");
    expect(percentText(decimal(1, 3))).toBe("33.3333%");
  });
});
