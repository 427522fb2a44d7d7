import { currencyScale } from "../core/currency.ts";
import { addDays, endOfMonth, formatBusinessDate, parseBusinessDate } from "../core/dates.ts";
import { assert } from "../core/errors.ts";
import { divideRounded } from "../core/rounding.ts";
import type { FinancialStatement, Grade } from "../domain/credit/index.ts";
import { grades } from "../domain/credit/index.ts";
import type { Actor, Tx } from "./command.ts";
import { decideApproval, requestLimit, requestTemporaryIncrease } from "./credit/approvals.ts";
import { assessCustomer } from "./credit/assessments.ts";
import { applyCreditChange } from "./credit/credit-account.ts";
import { recordCreditReport, recordStatement } from "./credit/evidence.ts";
import type { DemoCustomer } from "./demo.ts";
import { businessDateAt } from "./organizations.ts";

/**
 * The credit side of the demo (issue 4): statements for two years, credit reports, an assessment
 * per customer such that every grade appears, limits accepted through maker-checker, and the
 * things a credit manager's day holds — a pending override, a hold, temporary increases, open
 * re-assessment tasks. Everything goes through the credit services, as a person would do it.
 *
 * The evidence is designed against the built-in scorecard (`defaultScorecard`) and policy; the
 * integration test checks that each customer lands in its planned grade. While payment history
 * is not fed to assessments (issue 6), its three factors earn their missing points (150 of the
 * 1,000), so AAA (≥ 900) needs every other factor in its best bin.
 */

/** Customers per grade in an organization of 40: most in A and BBB, a few at each end. */
export const demoGradeCounts: Readonly<Record<Grade, number>> = {
  AAA: 3,
  AA: 5,
  A: 9,
  BBB: 9,
  BB: 5,
  B: 3,
  CCC: 3,
  D: 3,
};

/**
 * The shape of a company's statements, every ratio in basis points (10,000 = 1). Items are
 * derived from annual revenue: total assets from revenue, liabilities and current assets from
 * total assets, current liabilities from the current ratio, and so on, so that each scorecard
 * ratio lands where the profile puts it.
 */
export interface StatementShape {
  /** Total assets ÷ annual revenue. */
  readonly assetsBp: number;
  /** 资产负债率: total liabilities ÷ total assets. */
  readonly debtBp: number;
  /** Current assets ÷ total assets. */
  readonly currentAssetsBp: number;
  /** 流动比率. */
  readonly currentRatioBp: number;
  /** 速动比率: (current assets − inventory) ÷ current liabilities. */
  readonly quickRatioBp: number;
  /** Cash ÷ (current assets − inventory); the rest is receivables. */
  readonly cashShareBp: number;
  /** Operating profit (EBIT) ÷ revenue. */
  readonly operatingMarginBp: number;
  /** Interest expense ÷ revenue. */
  readonly interestBp: number;
  /** 销售净利率. */
  readonly netMarginBp: number;
  /** Operating cash flow ÷ current liabilities. */
  readonly operatingCashFlowBp: number;
  /** Retained earnings ÷ total assets. */
  readonly retainedBp: number;
  /** Revenue growth over the year before. */
  readonly growthBp: number;
}

interface ReportFacts {
  /**
   * The bureau score is drawn from [min, max], which may span two or three scorecard bins (so
   * that scores differ within a grade), all of which keep the profile's grade.
   */
  readonly scoreMin: number;
  readonly scoreMax: number;
  readonly defaultsCount: number;
  readonly lawsuitsCount: number;
  readonly enforcementsCount: number;
}

interface Profile {
  readonly grade: Grade;
  readonly shape: StatementShape | null;
  readonly report: ReportFacts | null;
  /** Annual revenue range in major units (元); limits follow from it. */
  readonly revenueMajorMin: number;
  readonly revenueMajorMax: number;
}

/**
 * Ratios of each grade's companies, and the scores they earn on the default card (payment history
 * missing: +150) with the bureau score of the comment. Bins are the default card's; the ±3 %
 * jitter applied to each ratio keeps every ratio inside its bin, except Z'' of BB, which may fall
 * on either side of 1.10 (541 or 516: BB either way).
 */
const companyShapes = {
  // Every factor in its best bin: 750 + 150 = 900.
  AAA: {
    assetsBp: 8_000,
    debtBp: 3_000,
    currentAssetsBp: 6_000,
    currentRatioBp: 25_000,
    quickRatioBp: 18_000,
    cashShareBp: 4_000,
    operatingMarginBp: 1_500,
    interestBp: 150,
    netMarginBp: 1_200,
    operatingCashFlowBp: 6_000,
    retainedBp: 4_000,
    growthBp: 1_800,
  },
  // Debt ratio moderate, current ratio and margin good: 851 (excellent bureau score), 833 (good).
  AA: {
    assetsBp: 9_000,
    debtBp: 4_500,
    currentAssetsBp: 5_500,
    currentRatioBp: 18_000,
    quickRatioBp: 11_000,
    cashShareBp: 3_500,
    operatingMarginBp: 1_100,
    interestBp: 120,
    netMarginBp: 800,
    operatingCashFlowBp: 4_500,
    retainedBp: 2_500,
    growthBp: 1_200,
  },
  // One lawsuit; 769 with a good bureau score, 787 excellent, 739 fair.
  A: {
    assetsBp: 10_000,
    debtBp: 5_500,
    currentAssetsBp: 6_000,
    currentRatioBp: 16_000,
    quickRatioBp: 9_000,
    cashShareBp: 3_000,
    operatingMarginBp: 900,
    interestBp: 225,
    netMarginBp: 600,
    operatingCashFlowBp: 3_000,
    retainedBp: 1_800,
    growthBp: 600,
  },
  // Z'' grey, one lawsuit; 653 with a good bureau score, 671 excellent, 623 fair.
  BBB: {
    assetsBp: 11_000,
    debtBp: 6_500,
    currentAssetsBp: 6_000,
    currentRatioBp: 13_000,
    quickRatioBp: 7_000,
    cashShareBp: 2_500,
    operatingMarginBp: 650,
    interestBp: 320,
    netMarginBp: 300,
    operatingCashFlowBp: 1_500,
    retainedBp: 1_000,
    growthBp: 300,
  },
  // Leveraged, thin margin, shrinking, two lawsuits; 541 with a fair bureau score, 559 good.
  BB: {
    assetsBp: 12_000,
    debtBp: 7_500,
    currentAssetsBp: 6_000,
    currentRatioBp: 11_000,
    quickRatioBp: 6_000,
    cashShareBp: 2_000,
    operatingMarginBp: 400,
    interestBp: 300,
    netMarginBp: 80,
    operatingCashFlowBp: 1_000,
    retainedBp: 800,
    growthBp: -500,
  },
  // A net loss, Z'' distress, three lawsuits; 441 with a weak bureau score, 477 fair.
  B: {
    assetsBp: 12_000,
    debtBp: 7_600,
    currentAssetsBp: 6_000,
    currentRatioBp: 10_500,
    quickRatioBp: 5_500,
    cashShareBp: 1_500,
    operatingMarginBp: 300,
    interestBp: 250,
    netMarginBp: -100,
    operatingCashFlowBp: 500,
    retainedBp: 100,
    growthBp: -1_000,
  },
  // Interest not covered, negative cash flow, one default; 347 with a fair bureau score, 311–365.
  CCC: {
    assetsBp: 13_000,
    debtBp: 8_500,
    currentAssetsBp: 5_800,
    currentRatioBp: 9_500,
    quickRatioBp: 4_500,
    cashShareBp: 1_000,
    operatingMarginBp: 200,
    interestBp: 250,
    netMarginBp: -200,
    operatingCashFlowBp: -500,
    retainedBp: -200,
    growthBp: -1_200,
  },
  // Insolvent on the books, operating loss, sales collapsing, a court enforcement: 204.
  D: {
    assetsBp: 10_000,
    debtBp: 10_500,
    currentAssetsBp: 5_000,
    currentRatioBp: 6_000,
    quickRatioBp: 3_000,
    cashShareBp: 500,
    operatingMarginBp: -800,
    interestBp: 300,
    netMarginBp: -1_500,
    operatingCashFlowBp: -1_000,
    retainedBp: -3_500,
    growthBp: -3_000,
  },
} as const satisfies Record<Grade, StatementShape>;

const clean = { defaultsCount: 0, lawsuitsCount: 0, enforcementsCount: 0 } as const;

const companyProfiles: Readonly<Record<Grade, Profile>> = {
  AAA: {
    grade: "AAA",
    shape: companyShapes.AAA,
    report: { scoreMin: 86, scoreMax: 97, ...clean },
    revenueMajorMin: 60_000_000,
    revenueMajorMax: 200_000_000,
  },
  AA: {
    grade: "AA",
    shape: companyShapes.AA,
    report: { scoreMin: 72, scoreMax: 95, ...clean },
    revenueMajorMin: 30_000_000,
    revenueMajorMax: 120_000_000,
  },
  A: {
    grade: "A",
    shape: companyShapes.A,
    report: { scoreMin: 56, scoreMax: 95, ...clean, lawsuitsCount: 1 },
    revenueMajorMin: 12_000_000,
    revenueMajorMax: 60_000_000,
  },
  BBB: {
    grade: "BBB",
    shape: companyShapes.BBB,
    report: { scoreMin: 56, scoreMax: 95, ...clean, lawsuitsCount: 1 },
    revenueMajorMin: 6_000_000,
    revenueMajorMax: 30_000_000,
  },
  BB: {
    grade: "BB",
    shape: companyShapes.BB,
    report: { scoreMin: 56, scoreMax: 84, ...clean, lawsuitsCount: 2 },
    revenueMajorMin: 3_000_000,
    revenueMajorMax: 15_000_000,
  },
  B: {
    grade: "B",
    shape: companyShapes.B,
    report: { scoreMin: 41, scoreMax: 69, ...clean, lawsuitsCount: 3 },
    revenueMajorMin: 2_000_000,
    revenueMajorMax: 10_000_000,
  },
  CCC: {
    grade: "CCC",
    shape: companyShapes.CCC,
    report: { scoreMin: 41, scoreMax: 84, defaultsCount: 1, lawsuitsCount: 2, enforcementsCount: 0 },
    revenueMajorMin: 1_500_000,
    revenueMajorMax: 8_000_000,
  },
  D: {
    grade: "D",
    shape: companyShapes.D,
    report: { scoreMin: 20, scoreMax: 39, defaultsCount: 1, lawsuitsCount: 3, enforcementsCount: 1 },
    revenueMajorMin: 1_000_000,
    revenueMajorMax: 6_000_000,
  },
};

/**
 * AA statements and no credit report: the report's four factors earn their missing points, 162
 * below perfect, so the company lands in BBB (689). Shows what a missing bureau check costs.
 */
const companyWithoutReport: Profile = {
  grade: "BBB",
  shape: companyShapes.AA,
  report: null,
  revenueMajorMin: 6_000_000,
  revenueMajorMax: 30_000_000,
};

/**
 * Individuals hand in a personal credit report and no statements, so the eight statement factors
 * earn their missing points (153) and the grade is BBB at best: a perfect report gives 603. BB
 * 585 or 549, B 448 or 484, CCC 357 or 393, by the bureau score's bin.
 */
const individualProfiles: Partial<Record<Grade, Profile>> = {
  BBB: { grade: "BBB", shape: null, report: { scoreMin: 86, scoreMax: 98, ...clean }, ...noRevenue() },
  BB: { grade: "BB", shape: null, report: { scoreMin: 56, scoreMax: 84, ...clean }, ...noRevenue() },
  B: {
    grade: "B",
    shape: null,
    report: { scoreMin: 41, scoreMax: 69, defaultsCount: 1, lawsuitsCount: 1, enforcementsCount: 0 },
    ...noRevenue(),
  },
  CCC: {
    grade: "CCC",
    shape: null,
    report: { scoreMin: 20, scoreMax: 54, defaultsCount: 1, lawsuitsCount: 3, enforcementsCount: 1 },
    ...noRevenue(),
  },
};

function noRevenue(): Pick<Profile, "revenueMajorMin" | "revenueMajorMax"> {
  return { revenueMajorMin: 0, revenueMajorMax: 0 };
}

/** A limit for a person without statements: the policy's cap is sized for companies. */
const individualLimitMajor = 50_000n;
/** Every third BBB company has no credit report on file. */
const withoutReportEvery = 3;
/** Statement ratios vary by up to ±3 % between customers of a grade (in per mille). */
const jitterPerMilleMax = 30;
/** Credit reports were pulled within the last quarter. */
const reportAgeDaysMax = 80;
/** Revenues are whole 10,000 元 (万元), as SMEs quote them. */
const revenueStepMajor = 10_000;

/** Something a customer does beyond getting its limit, to give the credit pages a working day. */
export type DemoCreditRole =
  | "override_pending"
  | "temporary_increase_pending"
  | "temporary_increase"
  | "hold"
  | "interim_statement";

export interface DemoCreditPlan {
  readonly code: string;
  /** The grade the evidence earns on the default scorecard. */
  readonly grade: Grade;
  readonly shape: StatementShape | null;
  readonly revenueMajor: bigint;
  readonly report: {
    /** Days before today the report was pulled. */
    readonly ageDays: number;
    readonly score: number;
    readonly defaultsCount: number;
    readonly lawsuitsCount: number;
    readonly enforcementsCount: number;
  } | null;
  readonly roles: ReadonlyArray<DemoCreditRole>;
}

/** Which roles go to which grade, in order; each to the first company of that grade without one. */
const roleGrades: ReadonlyArray<readonly [DemoCreditRole, Grade]> = [
  ["override_pending", "A"],
  ["temporary_increase_pending", "AAA"],
  ["temporary_increase", "AA"],
  ["hold", "BB"],
  ["interim_statement", "A"],
  ["interim_statement", "BBB"],
  ["interim_statement", "BB"],
];

/** Grades evenly spread over `count` customers in the proportions of `demoGradeCounts`. */
function gradeSlots(count: number): Grade[] {
  const total = grades.reduce((sum, grade) => sum + demoGradeCounts[grade], 0);
  const slots: Grade[] = [];
  for (let index = 0; index < count; index += 1) {
    // The slot's midpoint on the cumulative scale of grade counts.
    const point = ((2 * index + 1) * total) / (2 * count);
    let cumulative = 0;
    const grade = grades.find((candidate) => {
      cumulative += demoGradeCounts[candidate];
      return point < cumulative;
    });
    slots.push(grade ?? "D");
  }
  return slots;
}

function shuffled<T>(items: ReadonlyArray<T>, random: () => number): T[] {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [copy[index], copy[other]] = [copy[other] as T, copy[index] as T];
  }
  return copy;
}

function jittered(shape: StatementShape, random: () => number): StatementShape {
  const jitter = (bp: number): number =>
    Math.round((bp * (1_000 + Math.round((random() * 2 - 1) * jitterPerMilleMax))) / 1_000);
  return Object.fromEntries(
    Object.entries(shape).map(([key, bp]) => [key, jitter(bp as number)]),
  ) as unknown as StatementShape;
}

/**
 * Which grade, evidence and roles each customer gets, drawn from `random`. Individuals take the
 * grades a personal report can earn (BBB to CCC); an individual left without one is treated as a
 * sole proprietor with books, like a company.
 */
export function demoCreditPlan(
  random: () => number,
  customers: ReadonlyArray<DemoCustomer>,
): DemoCreditPlan[] {
  const slots = shuffled(gradeSlots(customers.length), random);
  const gradeOf = new Map<string, Grade>();
  const take = (accept: (grade: Grade) => boolean): Grade | undefined => {
    const index = slots.findIndex(accept);
    if (index < 0) return undefined;
    return slots.splice(index, 1)[0];
  };
  for (const customer of customers) {
    if (customer.kind !== "individual") continue;
    const grade = take((candidate) => individualProfiles[candidate] !== undefined) ?? take(() => true);
    if (grade !== undefined) gradeOf.set(customer.code, grade);
  }
  for (const customer of customers) {
    if (customer.kind === "individual") continue;
    const grade = take(() => true);
    if (grade !== undefined) gradeOf.set(customer.code, grade);
  }
  const rolesOf = new Map<string, DemoCreditRole[]>();
  const order = shuffled(customers, random);
  for (const [role, grade] of roleGrades) {
    const chosen = order.find(
      (customer) =>
        customer.kind === "company" && gradeOf.get(customer.code) === grade && !rolesOf.has(customer.code),
    );
    if (chosen !== undefined) rolesOf.set(chosen.code, [role]);
  }
  let bbbCompanies = 0;
  return customers.map((customer): DemoCreditPlan => {
    const grade = gradeOf.get(customer.code);
    assert(grade !== undefined, "every demo customer has a grade slot");
    const personal = customer.kind === "individual" ? individualProfiles[grade] : undefined;
    let profile = personal ?? companyProfiles[grade];
    if (personal === undefined && grade === "BBB") {
      bbbCompanies += 1;
      // Not the customers with a role: their story needs a report on file.
      if (bbbCompanies % withoutReportEvery === 0 && !rolesOf.has(customer.code)) {
        profile = companyWithoutReport;
      }
    }
    const revenueSteps = Math.floor((profile.revenueMajorMax - profile.revenueMajorMin) / revenueStepMajor);
    const revenueMajor = BigInt(
      profile.revenueMajorMin + Math.floor(random() * (revenueSteps + 1)) * revenueStepMajor,
    );
    const report = profile.report;
    return {
      code: customer.code,
      grade: profile.grade,
      shape: profile.shape === null ? null : jittered(profile.shape, random),
      revenueMajor,
      report:
        report === null
          ? null
          : {
              ageDays: 1 + Math.floor(random() * reportAgeDaysMax),
              score: report.scoreMin + Math.floor(random() * (report.scoreMax - report.scoreMin + 1)),
              defaultsCount: report.defaultsCount,
              lawsuitsCount: report.lawsuitsCount,
              enforcementsCount: report.enforcementsCount,
            },
      roles: rolesOf.get(customer.code) ?? [],
    };
  });
}

/** amount × bp ÷ 10,000 in whole 元; statements are filed rounded to the yuan. */
function share(amountMajor: bigint, bp: number): bigint {
  return divideRounded(amountMajor * BigInt(bp), 10_000n, "half-even");
}

/**
 * Statements of `months` months (year to date) ending on `periodEnd`, for a company with annual
 * revenue `revenueMajor`: the balance sheet scales with the year's revenue, flows with the months.
 */
export function demoStatement(
  shape: StatementShape,
  revenueMajor: bigint,
  periodEnd: string,
  months: number,
  currency: string,
): FinancialStatement {
  const totalAssets = share(revenueMajor, shape.assetsBp);
  const totalLiabilities = share(totalAssets, shape.debtBp);
  const currentAssets = share(totalAssets, shape.currentAssetsBp);
  const currentLiabilities = divideRounded(
    currentAssets * 10_000n,
    BigInt(shape.currentRatioBp),
    "half-even",
  );
  const quickAssets = share(currentLiabilities, shape.quickRatioBp);
  const cash = share(quickAssets, shape.cashShareBp);
  const flow = (bp: number): bigint =>
    divideRounded(share(revenueMajor, bp) * BigInt(months), 12n, "half-even");
  const toMinor = 10n ** BigInt(currencyScale(currency));
  const minor = (major: bigint): bigint => major * toMinor;
  return {
    periodEnd,
    months,
    currency,
    cash: minor(cash),
    accountsReceivable: minor(quickAssets - cash),
    inventory: minor(currentAssets - quickAssets),
    currentAssets: minor(currentAssets),
    totalAssets: minor(totalAssets),
    currentLiabilities: minor(currentLiabilities),
    totalLiabilities: minor(totalLiabilities),
    retainedEarnings: minor(share(totalAssets, shape.retainedBp)),
    equity: minor(totalAssets - totalLiabilities),
    revenue: minor(flow(10_000)),
    operatingProfit: minor(flow(shape.operatingMarginBp)),
    interestExpense: minor(flow(shape.interestBp)),
    netProfit: minor(flow(shape.netMarginBp)),
    // The ratio is to current liabilities over a year; a part-year flow is that share of it.
    operatingCashFlow: minor(
      divideRounded(share(currentLiabilities, shape.operatingCashFlowBp) * BigInt(months), 12n, "half-even"),
    ),
  };
}

/**
 * The reporting dates a demo made on `today` uses: the last quarter end before today (year-to-date
 * management accounts, handed in after the assessment), and the two year ends before that quarter's
 * year (annual statements). On 2026-11-23: 2026-09-30 (9 months), 2025-12-31 and 2024-12-31.
 */
export function demoStatementDates(today: string): {
  readonly interim: { readonly periodEnd: string; readonly months: number };
  readonly latestYearEnd: string;
  readonly previousYearEnd: string;
} {
  const date = parseBusinessDate(today);
  const quarterMonth = Math.floor((date.month - 1) / 3) * 3;
  const interimYear = quarterMonth === 0 ? date.year - 1 : date.year;
  const interimMonth = quarterMonth === 0 ? 12 : quarterMonth;
  const interimEnd = endOfMonth(
    parseBusinessDate(`${interimYear}-${String(interimMonth).padStart(2, "0")}-01`),
  );
  return {
    interim: { periodEnd: formatBusinessDate(interimEnd), months: interimMonth },
    latestYearEnd: `${interimYear - 1}-12-31`,
    previousYearEnd: `${interimYear - 2}-12-31`,
  };
}

const reasons = {
  individualLimit:
    "个人客户无财务报表，按银行流水核定额度 (individual without statements: sized on bank statements)",
  override:
    "年度框架合同签订，采购额预计翻倍 (annual framework contract signed; purchases expected to double)",
  temporaryIncreasePending: "大型项目集中备货 (stocking up for a large project)",
  temporaryIncrease: "旺季备货 (peak-season stocking)",
  hold: "新增诉讼两起，暂停赊销待核实 (two new lawsuits; credit on hold pending review)",
} as const;

/** The override asks this much over the recommendation; the pending temporary increase this much. */
const overrideExtraMajor = 500_000n;
const temporaryIncreasePendingMajor = 1_000_000n;
/** Under the default approval threshold (100,000 元), so it applies at once. */
const temporaryIncreaseMajor = 80_000n;
const temporaryIncreaseDays = 45;
const temporaryIncreasePendingDays = 60;

export interface DemoCreditPeople {
  /** Records evidence, assesses and requests limits (the maker). */
  readonly creditManager: Actor;
  /** Approves what needs a second person (the checker). */
  readonly owner: Actor;
}

/**
 * Runs the plan for one organization in `tx`: evidence, assessment and limit per customer, then
 * its roles. `onCustomer` is called after each customer (progress).
 */
export async function createDemoCredit(
  tx: Tx,
  people: DemoCreditPeople,
  orgId: string,
  customers: ReadonlyArray<{ readonly customerId: string; readonly plan: DemoCreditPlan }>,
  options: { readonly currency: string; readonly onCustomer?: () => void },
): Promise<void> {
  const { creditManager, owner } = people;
  const today = await businessDateAt(tx.db, orgId, tx.now);
  const todayDate = parseBusinessDate(today);
  const daysFromToday = (days: number): string => formatBusinessDate(addDays(todayDate, days));
  const dates = demoStatementDates(today);
  const toMinor = 10n ** BigInt(currencyScale(options.currency));
  for (const { customerId, plan } of customers) {
    if (plan.shape !== null) {
      const previousRevenue = divideRounded(
        plan.revenueMajor * 10_000n,
        BigInt(10_000 + plan.shape.growthBp),
        "half-even",
      );
      for (const [periodEnd, revenue] of [
        [dates.previousYearEnd, previousRevenue],
        [dates.latestYearEnd, plan.revenueMajor],
      ] as const) {
        await recordStatement(
          tx,
          creditManager,
          orgId,
          customerId,
          demoStatement(plan.shape, revenue, periodEnd, 12, options.currency),
          { source: "manual" },
        );
      }
    }
    if (plan.report !== null) {
      await recordCreditReport(tx, creditManager, orgId, customerId, {
        source: "人行征信中心 (PBOC Credit Reference Center)",
        reportedOn: daysFromToday(-plan.report.ageDays),
        score: plan.report.score,
        defaultsCount: plan.report.defaultsCount,
        lawsuitsCount: plan.report.lawsuitsCount,
        enforcementsCount: plan.report.enforcementsCount,
        notes: null,
      });
    }
    const assessment = await assessCustomer(tx, creditManager, orgId, customerId);
    const recommended = assessment.recommendation;
    if (recommended.limitMinor > 0n && recommended.terms.kind === "net") {
      const personal = plan.shape === null && recommended.limitMinor > individualLimitMajor * toMinor;
      const asked = await requestLimit(tx, creditManager, orgId, customerId, {
        limitMinor: personal ? individualLimitMajor * toMinor : recommended.limitMinor,
        terms: recommended.terms,
        assessmentId: assessment.assessmentId,
        reason: personal ? reasons.individualLimit : undefined,
      });
      // Above the approval threshold: the owner checks what the credit manager made.
      if (asked.outcome === "pending") {
        await decideApproval(tx, owner, orgId, asked.approval.approvalId, { decision: "approve" });
      }
      for (const role of plan.roles) {
        switch (role) {
          case "override_pending":
            await requestLimit(tx, creditManager, orgId, customerId, {
              limitMinor: recommended.limitMinor + overrideExtraMajor * toMinor,
              terms: recommended.terms,
              assessmentId: assessment.assessmentId,
              reason: reasons.override,
            });
            break;
          case "temporary_increase_pending":
            await requestTemporaryIncrease(tx, creditManager, orgId, customerId, {
              amountMinor: temporaryIncreasePendingMajor * toMinor,
              expiresOn: daysFromToday(temporaryIncreasePendingDays),
              reason: reasons.temporaryIncreasePending,
            });
            break;
          case "temporary_increase":
            await requestTemporaryIncrease(tx, creditManager, orgId, customerId, {
              amountMinor: temporaryIncreaseMajor * toMinor,
              expiresOn: daysFromToday(temporaryIncreaseDays),
              reason: reasons.temporaryIncrease,
            });
            break;
          case "hold":
            await applyCreditChange(
              tx,
              creditManager,
              orgId,
              customerId,
              { kind: "hold", reason: reasons.hold },
              { reason: reasons.hold },
            );
            break;
          case "interim_statement":
            // New evidence after the assessment: recordStatement opens a re-assessment task.
            if (plan.shape !== null) {
              await recordStatement(
                tx,
                creditManager,
                orgId,
                customerId,
                demoStatement(
                  plan.shape,
                  share(plan.revenueMajor, 10_000 + plan.shape.growthBp),
                  dates.interim.periodEnd,
                  dates.interim.months,
                  options.currency,
                ),
                { source: "manual" },
              );
            }
            break;
        }
      }
    }
    options.onCustomer?.();
  }
}
