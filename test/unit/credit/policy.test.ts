import { describe, expect, it } from "vitest";
import {
  assessmentExpiresOn,
  type CreditPolicy,
  checkCreditPolicy,
  defaultCreditPolicy,
  type GradePolicy,
  grades,
  limitChangeNeedsApproval,
  recommendCredit,
} from "../../../src/domain/credit/index.ts";
import { appErrorCode } from "../core/support.ts";
import { soundHalfYear, soundYear, yuan } from "./statements.ts";

const policy = defaultCreditPolicy("CNY");

function withGrade(p: CreditPolicy, grade: "AAA" | "B", change: Partial<GradePolicy>): CreditPolicy {
  return { ...p, byGrade: { ...p.byGrade, [grade]: { ...p.byGrade[grade], ...change } } };
}

function issueCodes(p: CreditPolicy): string[] {
  return checkCreditPolicy(p).map((issue) => `${issue.path} ${issue.code}`);
}

describe("the default credit policy", () => {
  it("is valid in CNY and in a currency without minor units", () => {
    expect(checkCreditPolicy(policy)).toEqual([]);
    expect(checkCreditPolicy(defaultCreditPolicy("JPY"))).toEqual([]);
    expect(defaultCreditPolicy("JPY").byGrade.AAA.limit.capMinor).toBe(5_000_000n);
    expect(policy.byGrade.AAA.limit.capMinor).toBe(yuan(5_000_000));
    expect(policy.limitRoundingMinor).toBe(yuan(1000));
  });

  it("gives strong grades Net 90/60, middle Net 45/30, BB Net 30 and weak grades cash in advance", () => {
    expect(grades.map((grade) => policy.byGrade[grade].terms)).toEqual([
      { kind: "net", days: 90 },
      { kind: "net", days: 60 },
      { kind: "net", days: 45 },
      { kind: "net", days: 30 },
      { kind: "net", days: 30 },
      { kind: "cash_in_advance" },
      { kind: "cash_in_advance" },
      { kind: "cash_in_advance" },
    ]);
    for (const grade of ["B", "CCC", "D"] as const) {
      expect(recommendCredit(policy, grade, soundYear)).toMatchObject({
        limitMinor: 0n,
        installmentEligible: false,
        earlyDiscountEligible: false,
        pricingBand: "none",
        binding: "cap",
      });
    }
    // BB gets credit on a smaller limit than BBB and no installments.
    const bb = recommendCredit(policy, "BB", null);
    const bbb = recommendCredit(policy, "BBB", null);
    expect(bb.limitMinor < bbb.limitMinor).toBe(true);
    expect([bb.installmentEligible, bbb.installmentEligible]).toEqual([false, true]);
  });
});

describe("checkCreditPolicy", () => {
  it("finds bad shares, terms, amounts and day counts", () => {
    expect(
      issueCodes(
        withGrade(policy, "AAA", { limit: { netAssetsShare: "1.5", revenueShare: "-0.1", capMinor: -1n } }),
      ),
    ).toEqual([
      "byGrade.AAA.limit.netAssetsShare INVALID_SHARE",
      "byGrade.AAA.limit.revenueShare INVALID_SHARE",
      "byGrade.AAA.limit.capMinor OUT_OF_RANGE",
    ]);
    expect(issueCodes(withGrade(policy, "AAA", { terms: { kind: "net", days: 366 } }))).toEqual([
      "byGrade.AAA.terms.days OUT_OF_RANGE",
    ]);
    expect(
      issueCodes(withGrade(policy, "B", { installmentEligible: true, earlyDiscountEligible: true })),
    ).toEqual([
      "byGrade.B.earlyDiscountEligible NEEDS_CREDIT_TERMS",
      "byGrade.B.installmentEligible NEEDS_CREDIT_TERMS",
    ]);
    expect(
      issueCodes({
        ...policy,
        warnToleranceShare: "10%",
        overdueBlockDays: -1,
        assessmentValidityDays: 0,
        limitRoundingMinor: 0n,
        approvalThresholdMinor: -1n,
      }),
    ).toEqual([
      "warnToleranceShare INVALID_SHARE",
      "overdueBlockDays OUT_OF_RANGE",
      "assessmentValidityDays OUT_OF_RANGE",
      "limitRoundingMinor OUT_OF_RANGE",
      "approvalThresholdMinor OUT_OF_RANGE",
    ]);
  });

  it("needs every grade and no other", () => {
    const { D: _dropped, ...rest } = policy.byGrade;
    const incomplete = { ...policy, byGrade: { ...rest, E: policy.byGrade.D } } as unknown as CreditPolicy;
    expect(issueCodes(incomplete)).toEqual(["byGrade.D MISSING_GRADE", "byGrade.E UNKNOWN_GRADE"]);
    expect(issueCodes({ ...policy, version: 0, currency: "XXX" })).toEqual([
      "version OUT_OF_RANGE",
      "currency INVALID_CURRENCY",
    ]);
  });
});

describe("recommendCredit", () => {
  it("takes the least of the ceilings, rounded down to the rounding multiple", () => {
    // AAA: net assets 6,004,321.55 × 0.20 = 1,200,864.31; revenue 30,000,000 × 0.10 = 3,000,000;
    // cap 5,000,000. Least: net assets → rounded down to 1,000 元: 1,200,000.
    const statement = { ...soundYear, equity: 600_432_155n };
    const recommendation = recommendCredit(policy, "AAA", statement);
    expect(recommendation).toEqual({
      grade: "AAA",
      limitMinor: yuan(1_200_000),
      terms: { kind: "net", days: 90 },
      earlyDiscountEligible: true,
      installmentEligible: true,
      pricingBand: "prime",
      explanation: [
        { component: "netAssets", share: "0.20", baseMinor: 600_432_155n, amountMinor: 120_086_431n },
        { component: "revenue", share: "0.10", baseMinor: yuan(30_000_000), amountMinor: yuan(3_000_000) },
        { component: "cap", share: null, baseMinor: null, amountMinor: yuan(5_000_000) },
      ],
      binding: "netAssets",
    });
  });

  it("annualizes revenue before taking its share", () => {
    const statement = { ...soundHalfYear, revenue: yuan(5_000_000), equity: yuan(50_000_000) };
    // AAA: net assets 50,000,000 × 0.20 = 10,000,000; half-year revenue 5,000,000 × 12/6 × 0.10 =
    // 1,000,000 (without annualizing it would be 500,000); cap 5,000,000.
    const recommendation = recommendCredit(policy, "AAA", statement);
    expect(recommendation.limitMinor).toBe(yuan(1_000_000));
    expect(recommendation.binding).toBe("revenue");
    expect(recommendation.explanation[1]).toEqual({
      component: "revenue",
      share: "0.10",
      baseMinor: yuan(10_000_000),
      amountMinor: yuan(1_000_000),
    });
  });

  it("the cap binds a large customer", () => {
    const large = { ...soundYear, equity: yuan(100_000_000), revenue: yuan(300_000_000) };
    expect(recommendCredit(policy, "AAA", large)).toMatchObject({
      limitMinor: yuan(5_000_000),
      binding: "cap",
    });
  });

  it("ties go to the first component", () => {
    // BB: 6,000,000 × 0.05 = 300,000 = the cap of 300,000.
    expect(recommendCredit(policy, "BB", soundYear)).toMatchObject({
      limitMinor: yuan(300_000),
      binding: "netAssets",
    });
  });

  it("without a statement only the cap applies, and without a cap the limit is 0", () => {
    expect(recommendCredit(policy, "AA", null)).toMatchObject({
      limitMinor: yuan(3_000_000),
      binding: "cap",
      explanation: [
        { component: "netAssets", share: "0.15", baseMinor: null, amountMinor: null },
        { component: "revenue", share: "0.08", baseMinor: null, amountMinor: null },
        { component: "cap", share: null, baseMinor: null, amountMinor: yuan(3_000_000) },
      ],
    });
    const uncapped = withGrade(policy, "AAA", {
      limit: { netAssetsShare: "0.2", revenueShare: null, capMinor: null },
    });
    expect(recommendCredit(uncapped, "AAA", null)).toMatchObject({ limitMinor: 0n, binding: null });
    expect(recommendCredit(uncapped, "AAA", soundYear)).toMatchObject({
      limitMinor: yuan(1_200_000),
      binding: "netAssets",
    });
  });

  it("a missing item drops its ceiling; negative equity gives 0, never a negative limit", () => {
    expect(recommendCredit(policy, "AAA", { ...soundYear, equity: null })).toMatchObject({
      limitMinor: yuan(3_000_000),
      binding: "revenue",
    });
    const negative = recommendCredit(policy, "AAA", { ...soundYear, equity: yuan(-2_000_000) });
    expect(negative).toMatchObject({ limitMinor: 0n, binding: "netAssets" });
    expect(negative.explanation[0]?.amountMinor).toBe(0n);
  });

  it("refuses a statement in another currency and an invalid policy", () => {
    expect(appErrorCode(() => recommendCredit(policy, "AAA", { ...soundYear, currency: "USD" }))).toBe(
      "CURRENCY_MISMATCH",
    );
    expect(appErrorCode(() => recommendCredit({ ...policy, limitRoundingMinor: 0n }, "AAA", null))).toBe(
      "VALIDATION_FAILED",
    );
  });
});

describe("approvals and validity", () => {
  it("a limit increase above the threshold needs a second person", () => {
    const threshold = policy.approvalThresholdMinor;
    expect(limitChangeNeedsApproval(policy, yuan(50_000), yuan(50_000) + threshold)).toBe(false);
    expect(limitChangeNeedsApproval(policy, yuan(50_000), yuan(50_000) + threshold + 1n)).toBe(true);
    expect(limitChangeNeedsApproval(policy, null, threshold + 1n)).toBe(true);
    expect(limitChangeNeedsApproval(policy, yuan(5_000_000), 0n)).toBe(false);
  });

  it("an assessment is valid for assessmentValidityDays days including its own", () => {
    expect(assessmentExpiresOn(policy, "2026-01-01")).toBe("2026-12-31");
    expect(assessmentExpiresOn(policy, "2028-01-01")).toBe("2028-12-30"); // 2028 has 366 days
    expect(assessmentExpiresOn({ ...policy, assessmentValidityDays: 1 }, "2026-03-31")).toBe("2026-03-31");
    expect(appErrorCode(() => assessmentExpiresOn(policy, "2026-02-30"))).toBe("INVALID_DATE");
  });
});
