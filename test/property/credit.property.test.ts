import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  add,
  compare,
  type Decimal,
  decimal,
  multiply,
  parseDecimal,
  roundToInteger,
  subtract,
  ZERO,
} from "../../src/core/decimal.ts";
import {
  altmanZ,
  type CreditCheckDecision,
  type CreditCheckInput,
  type CreditPolicy,
  computeRatios,
  creditCheck,
  defaultCreditPolicy,
  defaultScorecard,
  evaluateScorecard,
  type FactorInputs,
  type FinancialStatement,
  factorKeys,
  grades,
  isResidentIdNumber,
  isUnifiedSocialCreditCode,
  type Ratio,
  type RatioReason,
  ratioKeys,
  ratioReasons,
  recommendCredit,
  type StatementItem,
  statementAmountMinorMax,
  statementItems,
  uscProblem,
} from "../../src/domain/credit/index.ts";
import { defined } from "../support/fixtures.ts";

const run = { numRuns: 500 };

// ---------------------------------------------------------------------------------------------
// Identity codes, with check characters computed here independently of the source.
// ---------------------------------------------------------------------------------------------

/** GB 32100-2015 表 2: the 31 characters of a 统一社会信用代码 and their values 0–30. */
const uscCharset = "0123456789ABCDEFGHJKLMNPQRTUWXY";
/** GB 32100-2015 表 3: the weights of positions 1–17. */
const uscWeightsTable = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
/** GB 11714-1997: weights of the 8 body characters of a 组织机构代码. */
const organizationWeightsTable = [3, 7, 9, 10, 5, 8, 4, 2] as const;
/** GB 11643-1999 表 1: weights of the 17 digits of a 居民身份证号码. */
const residentWeightsTable = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
/** GB 11643-1999 表 2: the check character for Σ mod 11 = 0, 1, …, 10. */
const residentCheckTable = "10X98765432";

function uscCheck(first17: string): string {
  let sum = 0;
  [...first17].forEach((character, index) => {
    sum += uscCharset.indexOf(character) * defined(uscWeightsTable[index]);
  });
  return defined(uscCharset[(31 - (sum % 31)) % 31]);
}

/** Digits are worth themselves and letters A–Z 10–35 (GB 11714), i.e. base-36 digit values. */
function organizationCheck(first8: string): string {
  let sum = 0;
  [...first8].forEach((character, index) => {
    sum += Number.parseInt(character, 36) * defined(organizationWeightsTable[index]);
  });
  const check = 11 - (sum % 11);
  return check === 10 ? "X" : check === 11 ? "0" : String(check);
}

function residentCheck(first17: string): string {
  let sum = 0;
  [...first17].forEach((digit, index) => {
    sum += Number(digit) * defined(residentWeightsTable[index]);
  });
  return defined(residentCheckTable[sum % 11]);
}

const uscCharacter = fc.constantFrom(...uscCharset);

/**
 * Valid codes: any 8 characters (registration authority, type, region), an 8-character
 * organization body with its GB 11714 check character at position 17 (index 16) — the source
 * rejects a code whose embedded 组织机构代码 is wrong, so a valid code must carry a right one —
 * and the outer check character.
 */
const unifiedSocialCreditCodes = fc
  .tuple(
    fc.array(uscCharacter, { minLength: 8, maxLength: 8 }),
    fc.array(uscCharacter, { minLength: 8, maxLength: 8 }),
  )
  .map(([head, body]) => {
    const organizationBody = body.join("");
    const first17 = `${head.join("")}${organizationBody}${organizationCheck(organizationBody)}`;
    return `${first17}${uscCheck(first17)}`;
  });

const dayMs = 86_400_000;
const birthDayFirstMs = Date.UTC(1800, 0, 1);
const birthDayCount = (Date.UTC(2099, 11, 31) - birthDayFirstMs) / dayMs;
const digitText = (length: number) =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: length, maxLength: length }).map((ds) => ds.join(""));

/** Valid numbers: any region code, a real birth date 1800–2099, any sequence, the check character. */
const residentIdNumbers = fc
  .tuple(digitText(6), fc.integer({ min: 0, max: birthDayCount }), digitText(3))
  .map(([region, dayOffset, sequence]) => {
    const birth = new Date(birthDayFirstMs + dayOffset * dayMs)
      .toISOString()
      .slice(0, 10)
      .replaceAll("-", "");
    const first17 = `${region}${birth}${sequence}`;
    return `${first17}${residentCheck(first17)}`;
  });

function substituted(code: string, position: number, character: string): string {
  return code.slice(0, position) + character + code.slice(position + 1);
}

function swapped(code: string, position: number): string {
  return (
    code.slice(0, position) + code.charAt(position + 1) + code.charAt(position) + code.slice(position + 2)
  );
}

describe("identity codes", () => {
  it("the weight tables are the standards' formulas: 3^i mod 31 and 2^(17−i) mod 11", () => {
    expect(uscWeightsTable.map((_, i) => 3 ** i % 31)).toEqual([...uscWeightsTable]);
    expect(residentWeightsTable.map((_, i) => 2 ** (17 - i) % 11)).toEqual([...residentWeightsTable]);
  });

  it("generated unified social credit codes are valid", () => {
    fc.assert(
      fc.property(unifiedSocialCreditCodes, (code) => {
        expect(uscProblem(code)).toBeNull();
        expect(isUnifiedSocialCreditCode(code)).toBe(true);
      }),
      run,
    );
  });

  it("every single substitution of a unified social credit code is detected", () => {
    // Always true for GB 32100: changing position i from value a to b changes the weighted sum by
    // w_i·(b − a), and 31 is prime, every w_i = 3^i is non-zero mod 31 and 0 < |b − a| < 31, so
    // the sum mod 31 changes and the outer check character no longer fits. (The outer check alone
    // suffices; the inner GB 11714 check is a second line.)
    fc.assert(
      fc.property(unifiedSocialCreditCodes, (code) => {
        for (let position = 0; position < code.length; position += 1) {
          for (const character of uscCharset) {
            if (character === code[position]) continue;
            const mutant = substituted(code, position, character);
            if (isUnifiedSocialCreditCode(mutant)) expect.fail(`${code} → ${mutant} accepted`);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it("every swap of two adjacent different characters of a unified social credit code is detected", () => {
    // Swapping a and b at i, i+1 changes the sum by (a − b)(w_i − w_{i+1}) = (a − b)·3^i·(1 − 3),
    // non-zero mod 31; swapping the last two changes it by (w_16 − 1)(a − b) = 27(a − b), too.
    fc.assert(
      fc.property(unifiedSocialCreditCodes, (code) => {
        for (let position = 0; position + 1 < code.length; position += 1) {
          if (code[position] === code[position + 1]) continue;
          const mutant = swapped(code, position);
          if (isUnifiedSocialCreditCode(mutant)) expect.fail(`${code} → ${mutant} accepted`);
        }
      }),
      run,
    );
  });

  it("a wrong embedded 组织机构代码 is caught even under a right outer check character", () => {
    fc.assert(
      fc.property(unifiedSocialCreditCodes, uscCharacter, (code, character) => {
        fc.pre(character !== code[16]);
        const first17 = substituted(code.slice(0, 17), 16, character);
        expect(uscProblem(`${first17}${uscCheck(first17)}`)).toBe("ORGANIZATION_CODE");
      }),
      run,
    );
  });

  it("generated resident identity numbers are valid", () => {
    fc.assert(
      fc.property(residentIdNumbers, (id) => {
        expect(isResidentIdNumber(id)).toBe(true);
      }),
      run,
    );
  });

  it("every single substitution of a resident identity number is detected", () => {
    // ISO 7064 MOD 11-2: 11 is prime, every weight 2^(17−i) is non-zero mod 11 and two digits
    // differ by 1 to 9, so any one changed digit changes the sum mod 11. Position 18 may also be X.
    fc.assert(
      fc.property(residentIdNumbers, (id) => {
        for (let position = 0; position < id.length; position += 1) {
          const allowed = position === 17 ? "0123456789X" : "0123456789";
          for (const character of allowed) {
            if (character === id[position]) continue;
            const mutant = substituted(id, position, character);
            if (isResidentIdNumber(mutant)) expect.fail(`${id} → ${mutant} accepted`);
          }
        }
      }),
      run,
    );
  });

  it("every swap of two adjacent different digits of a resident identity number is detected", () => {
    // The sum changes by (a − b)(w_i − w_{i+1}) = (a − b)·2^(16−i), non-zero mod 11; with the check
    // digit (weight 1) by (a − b)(2 − 1). Swaps that break the birth date are rejected anyway.
    fc.assert(
      fc.property(residentIdNumbers, (id) => {
        for (let position = 0; position + 1 < id.length; position += 1) {
          const [a, b] = [id.charAt(position), id.charAt(position + 1)];
          if (a === b || a === "X" || b === "X") continue;
          const mutant = swapped(id, position);
          if (isResidentIdNumber(mutant)) expect.fail(`${id} → ${mutant} accepted`);
        }
      }),
      run,
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Scorecard
// ---------------------------------------------------------------------------------------------

/** Every bin edge of the default card, where off-by-one errors live. */
const binEdges = defaultScorecard.factors.flatMap((factor) =>
  factor.bins.flatMap((bin) => (bin.min === undefined ? [] : [parseDecimal(bin.min)])),
);

const factorValues: fc.Arbitrary<Decimal> = fc.oneof(
  fc.constantFrom(...binEdges),
  fc
    .tuple(fc.integer({ min: -20_000, max: 20_000 }), fc.constantFrom(1, 2, 3, 7, 10, 100, 1_000))
    .map(([n, dd]) => decimal(n, dd)),
  fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }).map((n) => decimal(n, 10n ** 6n)),
);

/** Each factor absent, null or a value. */
const factorInputsArbitrary: fc.Arbitrary<FactorInputs> = fc
  .array(fc.option(fc.option(factorValues, { nil: null }), { nil: undefined }), {
    minLength: factorKeys.length,
    maxLength: factorKeys.length,
  })
  .map((values) => {
    const inputs: Partial<Record<(typeof factorKeys)[number], Decimal | null>> = {};
    factorKeys.forEach((key, index) => {
      const value = values[index];
      if (value !== undefined) inputs[key] = value;
    });
    return inputs;
  });

describe("the default scorecard", () => {
  it("scores 0–1000 as the floor of its contributions, with the grade of the band and the top 3 reasons", () => {
    fc.assert(
      fc.property(factorInputsArbitrary, (inputs) => {
        const result = evaluateScorecard(defaultScorecard, inputs);
        expect(Number.isInteger(result.score)).toBe(true);
        expect(result.score).toBeGreaterThanOrEqual(0);
        expect(result.score).toBeLessThanOrEqual(1000);

        const total = result.factors.map((factor) => factor.contribution).reduce(add, ZERO);
        expect(BigInt(result.score)).toBe(roundToInteger(total, "floor"));
        for (const factor of result.factors) {
          expect(factor.contribution).toEqual(decimal(factor.weight * factor.points, 10));
          expect(add(factor.contribution, factor.lostPoints)).toEqual(decimal(factor.weight * 10));
          const input = inputs[factor.key] ?? null;
          if (input === null) {
            expect(factor.binLabel).toBeNull();
            expect(factor.points).toBe(
              defined(defaultScorecard.factors.find((f) => f.key === factor.key)).missingPoints,
            );
          }
        }

        // The band: at or above its minScore and below the minScore of the grade above it.
        const bandIndex = grades.indexOf(result.grade);
        const band = defined(defaultScorecard.grades[bandIndex]);
        expect(band.grade).toBe(result.grade);
        expect(result.score).toBeGreaterThanOrEqual(band.minScore);
        if (bandIndex > 0)
          expect(result.score).toBeLessThan(defined(defaultScorecard.grades[bandIndex - 1]).minScore);

        // Reasons: at most 3, each a factor that lost points, most lost first, and none left out
        // that lost more than the last one reported.
        const losing = result.factors.filter((factor) => factor.lostPoints.numerator > 0n);
        expect(result.reasons.length).toBe(Math.min(3, losing.length));
        result.reasons.forEach((reason, index) => {
          const factor = defined(result.factors.find((f) => f.key === reason.key));
          expect(reason.lostPoints).toEqual(factor.lostPoints);
          expect(reason.code).toBe(`${factor.key}:${factor.binLabel ?? "missing"}`);
          const next = result.reasons[index + 1];
          if (next !== undefined)
            expect(compare(reason.lostPoints, next.lostPoints)).toBeGreaterThanOrEqual(0);
        });
        const last = result.reasons[result.reasons.length - 1];
        if (last !== undefined) {
          const reported = new Set(result.reasons.map((reason) => reason.key));
          for (const factor of losing) {
            if (!reported.has(factor.key))
              expect(compare(factor.lostPoints, last.lostPoints)).toBeLessThanOrEqual(0);
          }
        }
      }),
      { numRuns: 1_000 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Ratios and Altman Z''
// ---------------------------------------------------------------------------------------------

const statementAmounts = fc.oneof(
  fc.constant(0n),
  fc.bigInt({ min: -1_000n, max: 1_000n }),
  fc.bigInt({ min: -statementAmountMinorMax, max: statementAmountMinorMax }),
);

const statementItemsArbitrary = fc
  .array(fc.option(statementAmounts, { nil: null, freq: 4 }), {
    minLength: statementItems.length,
    maxLength: statementItems.length,
  })
  .map((values) => Object.fromEntries(statementItems.map((item, index) => [item, values[index] ?? null])));

/** Statements as a careless import could hand them over: any sign, gaps, even unusable periods. */
const statements: fc.Arbitrary<FinancialStatement> = fc
  .record({
    items: statementItemsArbitrary,
    periodEnd: fc.constantFrom("2024-12-31", "2025-06-30", "2025-12-31"),
    months: fc.oneof(fc.integer({ min: 1, max: 12 }), fc.constantFrom(0, -1, 13, 1.5)),
    currency: fc.constantFrom("CNY", "CNY", "USD"),
  })
  .map(
    ({ items, periodEnd, months, currency }) =>
      ({ ...items, periodEnd, months, currency }) as unknown as FinancialStatement,
  );

function monthsUsable(months: number): boolean {
  return Number.isSafeInteger(months) && months >= 1 && months <= 12;
}

/** The ratio a numerator and denominator must give, judged by the denominator's sign alone. */
function expectedRatio(numerator: Decimal | null, denominator: Decimal | null): Ratio {
  if (numerator === null || denominator === null) return { value: null, reason: "MISSING" };
  if (denominator.numerator === 0n) return { value: null, reason: "ZERO_DENOMINATOR" };
  if (denominator.numerator < 0n) return { value: null, reason: "NEGATIVE_DENOMINATOR" };
  return {
    value: decimal(
      numerator.numerator * denominator.denominator,
      numerator.denominator * denominator.numerator,
    ),
  };
}

function item(s: FinancialStatement, key: StatementItem): Decimal | null {
  const value = s[key];
  return value === null ? null : decimal(value);
}

function annual(s: FinancialStatement, key: StatementItem): Decimal | null {
  const value = s[key];
  return value === null || !monthsUsable(s.months) ? null : decimal(value * 12n, BigInt(s.months));
}

function expectExact(ratio: Ratio): void {
  if (ratio.value === null) {
    expect(ratioReasons as ReadonlyArray<string>).toContain(ratio.reason);
  } else {
    expect(typeof ratio.value.numerator).toBe("bigint");
    expect(ratio.value.denominator > 0n).toBe(true);
  }
}

describe("ratios and Altman Z'' on arbitrary statements", () => {
  it("computeRatios gives an exact value or a reason, never throws, and agrees with the definitions", () => {
    fc.assert(
      fc.property(statements, fc.option(statements, { nil: null }), (current, previous) => {
        const ratios = computeRatios(current, previous);
        for (const key of ratioKeys) expectExact(ratios[key]);

        const currentAssets = item(current, "currentAssets");
        const inventory = item(current, "inventory");
        const growth = (): Ratio => {
          if (
            previous === null ||
            previous.currency !== current.currency ||
            previous.periodEnd >= current.periodEnd
          ) {
            return { value: null, reason: "MISSING" };
          }
          const now = annual(current, "revenue");
          const before = annual(previous, "revenue");
          return now === null || before === null
            ? { value: null, reason: "MISSING" }
            : expectedRatio(subtract(now, before), before);
        };
        expect(ratios).toEqual({
          debtRatio: expectedRatio(item(current, "totalLiabilities"), item(current, "totalAssets")),
          currentRatio: expectedRatio(currentAssets, item(current, "currentLiabilities")),
          quickRatio: expectedRatio(
            currentAssets === null || inventory === null ? null : subtract(currentAssets, inventory),
            item(current, "currentLiabilities"),
          ),
          interestCoverage: expectedRatio(item(current, "operatingProfit"), item(current, "interestExpense")),
          operatingCashFlowRatio: expectedRatio(
            annual(current, "operatingCashFlow"),
            item(current, "currentLiabilities"),
          ),
          netMargin: expectedRatio(item(current, "netProfit"), item(current, "revenue")),
          revenueGrowth: growth(),
        });
      }),
      { numRuns: 2_000 },
    );
  });

  it("altmanZ gives an exact score in its zone, or no score and a reason; never throws", () => {
    const altmanItems: ReadonlyArray<StatementItem> = [
      "currentAssets",
      "currentLiabilities",
      "totalAssets",
      "totalLiabilities",
      "retainedEarnings",
      "operatingProfit",
      "equity",
    ];
    fc.assert(
      fc.property(statements, (s) => {
        const result = altmanZ(s);
        const missing = altmanItems.filter((key) => s[key] === null);
        const ta = s.totalAssets;
        const tl = s.totalLiabilities;
        let reason: RatioReason | null = null;
        if (missing.length > 0 || !monthsUsable(s.months)) reason = "MISSING";
        else if (ta === 0n || tl === 0n) reason = "ZERO_DENOMINATOR";
        else if ((ta ?? 0n) < 0n || (tl ?? 0n) < 0n) reason = "NEGATIVE_DENOMINATOR";

        if (reason !== null) {
          expect(result).toEqual({ score: null, reason, missing });
          return;
        }
        if (result.score === null) return expect.fail(`no score: ${result.reason}`);
        const at = (key: StatementItem): bigint => defined(s[key] ?? undefined);
        // Z'' = 6.56·X1 + 3.26·X2 + 6.72·X3 + 1.05·X4, EBIT annualized.
        const x1 = decimal(at("currentAssets") - at("currentLiabilities"), at("totalAssets"));
        const x2 = decimal(at("retainedEarnings"), at("totalAssets"));
        const x3 = decimal(at("operatingProfit") * 12n, at("totalAssets") * BigInt(s.months));
        const x4 = decimal(at("equity"), at("totalLiabilities"));
        const score = [
          multiply(parseDecimal("6.56"), x1),
          multiply(parseDecimal("3.26"), x2),
          multiply(parseDecimal("6.72"), x3),
          multiply(parseDecimal("1.05"), x4),
        ].reduce(add);
        expect(result.score).toEqual(score);
        expect(result.score.denominator > 0n).toBe(true);
        const zone =
          compare(score, parseDecimal("2.6")) > 0
            ? "safe"
            : compare(score, parseDecimal("1.1")) < 0
              ? "distress"
              : "grey";
        expect(result.zone).toBe(zone);
      }),
      { numRuns: 2_000 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Credit policy
// ---------------------------------------------------------------------------------------------

/** A share from 0 to 1 with up to four decimals, as policy text. */
const shareTexts = fc
  .integer({ min: 0, max: 10_000 })
  .map((n) => `${Math.floor(n / 10_000)}.${String(n % 10_000).padStart(4, "0")}`);

const policies: fc.Arbitrary<{ policy: CreditPolicy; grade: (typeof grades)[number] }> = fc
  .record({
    currency: fc.constantFrom("CNY", "JPY"),
    grade: fc.constantFrom(...grades),
    netAssetsShare: fc.option(shareTexts, { nil: null }),
    revenueShare: fc.option(shareTexts, { nil: null }),
    capMinor: fc.option(fc.bigInt({ min: 0n, max: 10n ** 17n }), { nil: null }),
    limitRoundingMinor: fc.oneof(
      fc.constantFrom(1n, 100n, 100_000n),
      fc.bigInt({ min: 1n, max: 10n ** 9n }),
      fc.bigInt({ min: 1n, max: 10n ** 17n }),
    ),
  })
  .map(({ currency, grade, netAssetsShare, revenueShare, capMinor, limitRoundingMinor }) => {
    const base = defaultCreditPolicy(currency);
    const rule = base.byGrade[grade];
    const policy: CreditPolicy = {
      ...base,
      limitRoundingMinor,
      byGrade: { ...base.byGrade, [grade]: { ...rule, limit: { netAssetsShare, revenueShare, capMinor } } },
    };
    return { policy, grade };
  });

function floorDivide(a: bigint, b: bigint): bigint {
  const quotient = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? quotient - 1n : quotient;
}

describe("recommendCredit", () => {
  it("the limit is ≥ 0, a multiple of the rounding, at most every ceiling and within one step of the least", () => {
    fc.assert(
      fc.property(policies, fc.option(statements, { nil: null }), ({ policy, grade }, drawn) => {
        const statement = drawn === null ? null : { ...drawn, currency: policy.currency };
        const recommendation = recommendCredit(policy, grade, statement);
        const { limitMinor } = recommendation;
        const rule = policy.byGrade[grade].limit;

        // Ceilings computed here: share × base rounded down, never below 0.
        const shareCeiling = (
          share: string | null,
          numerator: bigint | null,
          denominator: bigint,
        ): bigint | null => {
          if (share === null || numerator === null) return null;
          const s = parseDecimal(share);
          const amount = floorDivide(s.numerator * numerator, s.denominator * denominator);
          return amount < 0n ? 0n : amount;
        };
        const months = statement?.months ?? 0;
        const ceilings = [
          shareCeiling(rule.netAssetsShare, statement?.equity ?? null, 1n),
          monthsUsable(months)
            ? shareCeiling(
                rule.revenueShare,
                statement?.revenue === null || statement?.revenue === undefined
                  ? null
                  : statement.revenue * 12n,
                BigInt(months),
              )
            : null,
          rule.capMinor,
        ];
        expect(recommendation.explanation.map((entry) => entry.amountMinor)).toEqual(ceilings);

        expect(limitMinor >= 0n).toBe(true);
        expect(limitMinor % policy.limitRoundingMinor).toBe(0n);
        const available = ceilings.filter((ceiling): ceiling is bigint => ceiling !== null);
        for (const ceiling of available) expect(limitMinor <= ceiling).toBe(true);
        if (available.length === 0) {
          expect(limitMinor).toBe(0n);
          expect(recommendation.binding).toBeNull();
        } else {
          const least = available.reduce((a, b) => (b < a ? b : a));
          // Rounded down: the next multiple would exceed the least ceiling.
          expect(limitMinor + policy.limitRoundingMinor > least).toBe(true);
          const binding = defined(
            recommendation.explanation.find((entry) => entry.component === recommendation.binding),
          );
          expect(binding.amountMinor).toBe(least);
        }
      }),
      { numRuns: 2_000 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Credit check
// ---------------------------------------------------------------------------------------------

const firstTodayMs = Date.UTC(2026, 0, 1);
function dayAfter(todayOffset: number, days: number): string {
  return new Date(firstTodayMs + (todayOffset + days) * dayMs).toISOString().slice(0, 10);
}

const checkPolicies = fc
  .record({
    warnToleranceShare: fc.constantFrom("0", "0.05", "0.10", "0.333", "1"),
    overdueBlockDays: fc.integer({ min: 0, max: 45 }),
  })
  .map((change): CreditPolicy => ({ ...defaultCreditPolicy("CNY"), ...change }));

const limits = fc.oneof(fc.constantFrom(0n, 1n, 10n), fc.bigInt({ min: 0n, max: 10n ** 12n }));

const checkInputs: fc.Arbitrary<CreditCheckInput> = fc
  .record({
    todayOffset: fc.integer({ min: 0, max: 365 }),
    requestMinor: fc.oneof(fc.constant(0n), fc.bigInt({ min: 0n, max: 10n ** 12n })),
    exposureMinor: fc.bigInt({ min: -(10n ** 6n), max: 10n ** 12n }),
    limitMinor: fc.option(limits, { nil: null, freq: 6 }),
    increase: fc.option(fc.record({ amountMinor: limits, expiresIn: fc.integer({ min: -3, max: 3 }) }), {
      nil: null,
    }),
    onHold: fc.boolean(),
    maxDaysOverdue: fc.integer({ min: 0, max: 60 }),
    assessmentExpiresIn: fc.option(fc.integer({ min: -3, max: 400 }), { nil: null, freq: 6 }),
    policy: checkPolicies,
  })
  .map((r) => ({
    requestMinor: r.requestMinor,
    exposureMinor: r.exposureMinor,
    limitMinor: r.limitMinor,
    temporaryIncrease:
      r.increase === null
        ? null
        : { amountMinor: r.increase.amountMinor, expiresOn: dayAfter(r.todayOffset, r.increase.expiresIn) },
    onHold: r.onHold,
    maxDaysOverdue: r.maxDaysOverdue,
    assessmentExpiresOn:
      r.assessmentExpiresIn === null ? null : dayAfter(r.todayOffset, r.assessmentExpiresIn),
    today: dayAfter(r.todayOffset, 0),
    policy: r.policy,
  }));

const decisionRank: Readonly<Record<CreditCheckDecision, number>> = { pass: 0, warn: 1, block: 2 };

describe("creditCheck", () => {
  it("is monotone in the request: a larger request never decides more leniently", () => {
    fc.assert(
      fc.property(checkInputs, fc.bigInt({ min: 0n, max: 10n ** 12n }), (input, more) => {
        const smaller = creditCheck(input);
        const larger = creditCheck({ ...input, requestMinor: input.requestMinor + more });
        expect(decisionRank[larger.decision]).toBeGreaterThanOrEqual(decisionRank[smaller.decision]);
        if (smaller.decision === "block") expect(larger.decision).toBe("block");
        // A blocking finding does not go away when the request grows.
        for (const reason of smaller.reasons) {
          if (reason !== "WITHIN_TOLERANCE") expect(larger.reasons).toContain(reason);
        }
        expect(larger.effectiveLimitMinor).toBe(smaller.effectiveLimitMinor);
        expect(larger.headroomMinor).toBe(smaller.headroomMinor - more);
      }),
      { numRuns: 2_000 },
    );
  });

  it("exposure plus request exactly at the effective limit passes; one fen more warns or blocks by the tolerance", () => {
    fc.assert(
      fc.property(
        checkInputs,
        limits,
        fc.bigInt({ min: 0n, max: 10n ** 6n }),
        fc.nat(400),
        (drawn, limitMinor, requestPartMinor, validDays) => {
          const policy = drawn.policy;
          const increase = drawn.temporaryIncrease;
          const effectiveLimitMinor =
            limitMinor + (increase !== null && increase.expiresOn >= drawn.today ? increase.amountMinor : 0n);
          // Any split of the effective limit into request and exposure (negative: a credit balance).
          const requestMinor = requestPartMinor;
          const todayOffset = (Date.parse(drawn.today) - firstTodayMs) / dayMs;
          const input: CreditCheckInput = {
            ...drawn,
            limitMinor,
            onHold: false,
            maxDaysOverdue: Math.min(drawn.maxDaysOverdue, policy.overdueBlockDays),
            assessmentExpiresOn: dayAfter(todayOffset, validDays),
            requestMinor,
            exposureMinor: effectiveLimitMinor - requestMinor,
          };
          const at = creditCheck(input);
          expect(at).toMatchObject({
            decision: "pass",
            reasons: [],
            effectiveLimitMinor,
            exposureAfterMinor: effectiveLimitMinor,
            headroomMinor: 0n,
          });
          // Tolerance limit = effective × (1 + share), rounded down.
          const toleranceLimitMinor = roundToInteger(
            multiply(decimal(effectiveLimitMinor), add(decimal(1), parseDecimal(policy.warnToleranceShare))),
            "floor",
          );
          expect(at.toleranceLimitMinor).toBe(toleranceLimitMinor);
          const over = creditCheck({ ...input, requestMinor: requestMinor + 1n });
          if (toleranceLimitMinor > effectiveLimitMinor) {
            expect(over).toMatchObject({ decision: "warn", reasons: ["WITHIN_TOLERANCE"] });
          } else {
            expect(over).toMatchObject({ decision: "block", reasons: ["OVER_LIMIT"] });
          }
        },
      ),
      { numRuns: 2_000 },
    );
  });
});
