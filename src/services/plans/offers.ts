import { AppError } from "../../core/errors.ts";
import { grades } from "../../domain/credit/index.ts";
import { type Offers, personalizedOffers } from "../../domain/plans/index.ts";
import type { Executor } from "../../store/database.ts";
import { getCreditStatus } from "../credit/credit-account.ts";
import { getCreditPolicy } from "../credit/definitions.ts";
import { getInstallmentPolicy, getLprTable } from "./definitions.ts";

export interface OffersInput {
  readonly amountMinor: bigint;
  readonly startDate: string;
  readonly monthlyIncomeMinor: bigint | null;
  readonly existingMonthlyObligationsMinor: bigint;
}

/**
 * The personalized offers for a customer (issue 5, must-have 7): its grade, band and
 * eligibility from the credit policy, its headroom from its limit and exposure, the stated income
 * from the request. Payment behavior is unknown until receivables record payments (issue 6), so
 * the behavior rules do not yet exclude anyone.
 */
export async function customerOffers(
  db: Executor,
  orgId: string,
  customerId: string,
  input: OffersInput,
): Promise<Offers> {
  const status = await getCreditStatus(db, orgId, customerId);
  const grade = grades.find((candidate) => candidate === status.grade);
  if (grade === undefined) {
    throw new AppError("CREDIT_BLOCKED", {
      detail: "the customer has no credit grade yet: assess it first",
      params: { reasons: "NO_ASSESSMENT" },
    });
  }
  const creditPolicy = (await getCreditPolicy(db, orgId)).definition;
  const gradePolicy = creditPolicy.byGrade[grade];
  const temporary = status.temporaryIncrease?.amountMinor ?? 0n;
  return personalizedOffers({
    customer: {
      grade,
      pricingBand: gradePolicy.pricingBand,
      installmentEligible: gradePolicy.installmentEligible && !status.onHold,
      limitHeadroomMinor: status.limitMinor + temporary - status.exposure.totalMinor,
      monthlyIncomeMinor: input.monthlyIncomeMinor,
      existingMonthlyObligationsMinor: input.existingMonthlyObligationsMinor,
      paymentBehavior: { averageDaysLate: null, trend: null },
    },
    amountMinor: input.amountMinor,
    currency: status.currency,
    startDate: input.startDate,
    policy: (await getInstallmentPolicy(db, orgId)).definition,
    lprTable: (await getLprTable(db, orgId)).entries,
  });
}
