/**
 * The collector's worklist: customers in arrears ranked by how much attention they need — the
 * amount overdue × days past due × the risk of the grade × broken promises. Pure.
 */

/** Risk weight by credit grade: a poorer grade is chased sooner. Unrated customers weigh as BB. */
export const gradeRiskWeights: Readonly<Record<string, number>> = Object.freeze({
  AAA: 0.6,
  AA: 0.7,
  A: 0.8,
  BBB: 1,
  BB: 1.3,
  B: 1.6,
  CCC: 2,
  D: 2.5,
});
const unratedWeight = 1.3;

export interface WorklistFacts {
  readonly overdueMinor: bigint;
  readonly daysPastDue: number;
  readonly grade: string | null;
  readonly brokenPromises: number;
}

/**
 * The ranking score: overdue (in major units, so that scores stay readable) × days past due ×
 * grade weight × (1 + broken promises). 0 when nothing is overdue. For ordering only.
 */
export function worklistScore(facts: WorklistFacts): number {
  if (facts.overdueMinor <= 0n || facts.daysPastDue <= 0) return 0;
  const weight = facts.grade === null ? unratedWeight : (gradeRiskWeights[facts.grade] ?? unratedWeight);
  const amount = Number(facts.overdueMinor) / 100;
  return Math.round(amount * facts.daysPastDue * weight * (1 + facts.brokenPromises));
}
