import { describe, expect, it } from "vitest";
import { isAppError } from "../../../src/core/errors.ts";
import {
  type CreditCheckInput,
  creditCheck,
  creditCheckReasons,
  defaultCreditPolicy,
} from "../../../src/domain/credit/index.ts";
import { appErrorCode, thrown } from "../core/support.ts";
import { yuan } from "./statements.ts";

/** Default CNY policy: warn up to 10 % over the limit, block beyond 30 days overdue. */
const policy = defaultCreditPolicy("CNY");

/**
 * A customer in good standing on 2026-06-30: limit 100,000 元, 60,000 元 already owed, nothing
 * overdue, an assessment valid through the end of the year, no temporary increase.
 */
const standing: CreditCheckInput = {
  requestMinor: yuan(30_000),
  exposureMinor: yuan(60_000),
  limitMinor: yuan(100_000),
  temporaryIncrease: null,
  onHold: false,
  maxDaysOverdue: 0,
  assessmentExpiresOn: "2026-12-31",
  today: "2026-06-30",
  policy,
};

function check(change: Partial<CreditCheckInput>) {
  return creditCheck({ ...standing, ...change });
}

describe("creditCheck against the limit", () => {
  it("passes cleanly with headroom left", () => {
    // 60,000 + 30,000 = 90,000 元 of 100,000: 10,000 元 headroom. Tolerance 100,000 × 1.10 = 110,000.
    expect(check({})).toEqual({
      decision: "pass",
      reasons: [],
      effectiveLimitMinor: 10_000_000n,
      toleranceLimitMinor: 11_000_000n,
      exposureAfterMinor: 9_000_000n,
      headroomMinor: 1_000_000n,
    });
  });

  it("passes when the request reaches the limit exactly", () => {
    // 60,000 + 40,000 = 100,000 元 = the limit.
    expect(check({ requestMinor: yuan(40_000) })).toMatchObject({
      decision: "pass",
      reasons: [],
      exposureAfterMinor: 10_000_000n,
      headroomMinor: 0n,
    });
  });

  it("warns one fen over the limit, within the tolerance", () => {
    expect(check({ requestMinor: yuan(40_000) + 1n })).toMatchObject({
      decision: "warn",
      reasons: ["WITHIN_TOLERANCE"],
      exposureAfterMinor: 10_000_001n,
      headroomMinor: -1n,
    });
  });

  it("rounds the tolerance limit down, warns up to it and blocks one fen beyond", () => {
    // Limit 1,234,567.89 元 = 123,456,789 分; × 1.10 = 135,802,467.9 分 → 135,802,467 分.
    const limitMinor = 123_456_789n;
    const at = check({ limitMinor, exposureMinor: 0n, requestMinor: 135_802_467n });
    expect(at).toMatchObject({
      decision: "warn",
      reasons: ["WITHIN_TOLERANCE"],
      effectiveLimitMinor: 123_456_789n,
      toleranceLimitMinor: 135_802_467n,
      headroomMinor: 123_456_789n - 135_802_467n,
    });
    expect(check({ limitMinor, exposureMinor: 0n, requestMinor: 135_802_468n })).toMatchObject({
      decision: "block",
      reasons: ["OVER_LIMIT"],
      toleranceLimitMinor: 135_802_467n,
    });
  });

  it("applies the policy's tolerance share, rounding down", () => {
    // 9.99 元 × 1.05 = 10.4895 元 = 1,048.95 分 → 1,048 分.
    const fivePercent = { ...policy, warnToleranceShare: "0.05" };
    const base = { policy: fivePercent, limitMinor: 999n, exposureMinor: 1_000n };
    expect(check({ ...base, requestMinor: 48n })).toMatchObject({
      decision: "warn",
      toleranceLimitMinor: 1_048n,
    });
    expect(check({ ...base, requestMinor: 49n })).toMatchObject({
      decision: "block",
      reasons: ["OVER_LIMIT"],
    });
    // No tolerance: one fen over the limit blocks at once.
    const none = { ...policy, warnToleranceShare: "0" };
    expect(check({ policy: none, requestMinor: yuan(40_000) + 1n })).toMatchObject({
      decision: "block",
      reasons: ["OVER_LIMIT"],
      toleranceLimitMinor: 10_000_000n,
    });
  });

  it("blocks over the tolerance", () => {
    // 60,000 + 50,000.01 = 110,000.01 元 > 110,000 元.
    expect(check({ requestMinor: yuan(50_000) + 1n })).toMatchObject({
      decision: "block",
      reasons: ["OVER_LIMIT"],
      headroomMinor: -(yuan(10_000) + 1n),
    });
  });

  it("a zero limit allows a zero request and nothing more", () => {
    expect(check({ limitMinor: 0n, exposureMinor: 0n, requestMinor: 0n }).decision).toBe("pass");
    // 0 × 1.10 = 0: no tolerance on nothing.
    expect(check({ limitMinor: 0n, exposureMinor: 0n, requestMinor: 1n })).toMatchObject({
      decision: "block",
      reasons: ["OVER_LIMIT"],
      toleranceLimitMinor: 0n,
    });
  });
});

describe("temporary increases (临时额度)", () => {
  // Limit 100,000 + 20,000 元 through 2026-06-30; the order brings exposure to 115,000 元.
  const increased = {
    temporaryIncrease: { amountMinor: yuan(20_000), expiresOn: "2026-06-30" },
    requestMinor: yuan(55_000),
  };

  it("counts through the expiry day inclusive", () => {
    expect(check({ ...increased, today: "2026-06-30" })).toMatchObject({
      decision: "pass",
      effectiveLimitMinor: yuan(120_000),
      toleranceLimitMinor: yuan(132_000), // 120,000 × 1.10
      headroomMinor: yuan(5_000),
    });
    expect(check({ ...increased, today: "2026-01-01" }).effectiveLimitMinor).toBe(yuan(120_000));
  });

  it("no longer counts the day after", () => {
    // 115,000 元 against 100,000 (tolerance 110,000): over the tolerance.
    expect(check({ ...increased, today: "2026-07-01" })).toMatchObject({
      decision: "block",
      reasons: ["OVER_LIMIT"],
      effectiveLimitMinor: yuan(100_000),
      toleranceLimitMinor: yuan(110_000),
      headroomMinor: -yuan(15_000),
    });
  });
});

describe("blocking reasons besides the limit", () => {
  it("ON_HOLD blocks whatever the headroom", () => {
    expect(check({ onHold: true, requestMinor: 0n })).toMatchObject({
      decision: "block",
      reasons: ["ON_HOLD"],
    });
  });

  it("OVERDUE blocks beyond overdueBlockDays, not at it", () => {
    expect(check({ maxDaysOverdue: 30 })).toMatchObject({ decision: "pass", reasons: [] });
    expect(check({ maxDaysOverdue: 31 })).toMatchObject({ decision: "block", reasons: ["OVERDUE"] });
    const strict = { ...policy, overdueBlockDays: 0 };
    expect(check({ policy: strict, maxDaysOverdue: 0 }).decision).toBe("pass");
    expect(check({ policy: strict, maxDaysOverdue: 1 }).reasons).toEqual(["OVERDUE"]);
  });

  it("NO_ASSESSMENT blocks a customer never assessed", () => {
    expect(check({ assessmentExpiresOn: null })).toMatchObject({
      decision: "block",
      reasons: ["NO_ASSESSMENT"],
    });
  });

  it("ASSESSMENT_EXPIRED: valid through its expiry day, expired the day after", () => {
    expect(check({ assessmentExpiresOn: "2026-06-30" })).toMatchObject({ decision: "pass", reasons: [] });
    expect(check({ assessmentExpiresOn: "2026-06-29" })).toMatchObject({
      decision: "block",
      reasons: ["ASSESSMENT_EXPIRED"],
    });
  });

  it("NO_LIMIT blocks even an empty request, and a temporary increase is no substitute", () => {
    expect(check({ limitMinor: null, requestMinor: 0n, exposureMinor: 0n })).toMatchObject({
      decision: "block",
      reasons: ["NO_LIMIT"],
      effectiveLimitMinor: 0n,
    });
    expect(
      check({
        limitMinor: null,
        temporaryIncrease: { amountMinor: yuan(500_000), expiresOn: "2026-12-31" },
      }).reasons,
    ).toEqual(["NO_LIMIT"]);
  });
});

describe("several findings", () => {
  it("are all reported, in the documented order", () => {
    expect(
      check({
        onHold: true,
        maxDaysOverdue: 45,
        assessmentExpiresOn: "2026-01-31",
        requestMinor: yuan(100_000),
      }),
    ).toMatchObject({
      decision: "block",
      reasons: ["ON_HOLD", "OVERDUE", "ASSESSMENT_EXPIRED", "OVER_LIMIT"],
    });
    expect(check({ limitMinor: null, assessmentExpiresOn: null, maxDaysOverdue: 31 }).reasons).toEqual([
      "OVERDUE",
      "NO_ASSESSMENT",
      "NO_LIMIT",
    ]);
    expect(creditCheckReasons).toEqual([
      "ON_HOLD",
      "OVERDUE",
      "NO_ASSESSMENT",
      "ASSESSMENT_EXPIRED",
      "NO_LIMIT",
      "OVER_LIMIT",
      "WITHIN_TOLERANCE",
    ]);
  });

  it("a warning next to a blocking reason is still reported, and the decision is block", () => {
    expect(check({ onHold: true, requestMinor: yuan(45_000) })).toMatchObject({
      decision: "block",
      reasons: ["ON_HOLD", "WITHIN_TOLERANCE"],
    });
  });
});

describe("invalid input", () => {
  function issue(change: Partial<CreditCheckInput>): unknown {
    const error = thrown(() => check(change));
    if (!isAppError(error)) throw error;
    return { code: error.code, paths: error.issues.map((i) => i.path) };
  }

  it("a negative request is VALIDATION_FAILED", () => {
    expect(issue({ requestMinor: -1n })).toEqual({ code: "VALIDATION_FAILED", paths: ["requestMinor"] });
  });

  it("negative limits and increases, and bad day counts, are VALIDATION_FAILED", () => {
    expect(issue({ limitMinor: -1n })).toEqual({ code: "VALIDATION_FAILED", paths: ["limitMinor"] });
    expect(issue({ temporaryIncrease: { amountMinor: -1n, expiresOn: "2026-12-31" } })).toEqual({
      code: "VALIDATION_FAILED",
      paths: ["temporaryIncrease.amountMinor"],
    });
    expect(issue({ maxDaysOverdue: -1 })).toEqual({ code: "VALIDATION_FAILED", paths: ["maxDaysOverdue"] });
    expect(issue({ maxDaysOverdue: 1.5 })).toEqual({ code: "VALIDATION_FAILED", paths: ["maxDaysOverdue"] });
  });

  it("an invalid policy is VALIDATION_FAILED and a bad date INVALID_DATE", () => {
    expect(issue({ policy: { ...policy, warnToleranceShare: "1.5" } })).toEqual({
      code: "VALIDATION_FAILED",
      paths: ["warnToleranceShare"],
    });
    expect(appErrorCode(() => check({ today: "2026-02-30" }))).toBe("INVALID_DATE");
    expect(appErrorCode(() => check({ assessmentExpiresOn: "2026-13-01" }))).toBe("INVALID_DATE");
  });
});
