import { formatCivilDate } from "../domain/plans/index.ts";
import type { Store } from "../store/database.ts";
import { type Actor, type Clock, runCommand } from "./command.ts";
import { businessDateAt } from "./organizations.ts";
import { acceptPlan, activatePlan, createPlan, offerPlan } from "./plans/index.ts";

/** The date `months` calendar months before `date`, on the same day (clamped to the 28th). */
function monthsBefore(date: string, months: number): string {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7)) - 1 - months;
  const day = Math.min(Number(date.slice(8, 10)), 28);
  return formatCivilDate(year + Math.floor(month / 12), (((month % 12) + 12) % 12) + 1, day);
}

/**
 * Demo installment plans for an organization: for the two best-graded customers with room under
 * their limits, a 12-month financed sale activated four months ago (its first installments have
 * fallen due and are booked) and a 6-month plan offered and waiting for the customer.
 */
export async function createDemoPlans(
  store: Store,
  orgId: string,
  actor: Actor,
  clock: Clock,
): Promise<number> {
  const candidates = await store.db
    .selectFrom("customer_credit")
    .select(["customer_id", "limit_minor", "grade"])
    .where("org_id", "=", orgId)
    .where("grade", "in", ["AAA", "AA", "A"])
    .where("on_hold", "=", 0n)
    .orderBy("limit_minor", "desc")
    .limit(2)
    .execute();
  let made = 0;
  for (const [index, candidate] of candidates.entries()) {
    // A quarter of the limit, in whole thousands of yuan, at most 300,000.00.
    const quarter = BigInt(candidate.limit_minor) / 4n;
    const principalMinor = ((quarter < 30_000_000n ? quarter : 30_000_000n) / 100_000n) * 100_000n;
    if (principalMinor < 100_000n) continue;
    await runCommand(
      store,
      async (tx) => {
        const today = await businessDateAt(tx.db, orgId, tx.now);
        const active = index === 0;
        const plan = await createPlan(tx, actor, orgId, {
          customerId: candidate.customer_id,
          accountingMode: "financed-sale",
          request: {
            principalMinor,
            currency: "CNY",
            method: active ? "equal-installment" : "equal-principal",
            periods: active ? 12 : 6,
            frequency: "monthly",
            startDate: active ? monthsBefore(today, 4) : today,
            annualRate: "0.065",
            downPaymentMinor: principalMinor / 10n,
            roundingMode: "half-up",
          },
          vatRate: "0.13",
          costMinor: (principalMinor * 7n) / 10n,
          note: active ? "演示：已生效的分期收款销售" : "演示：待客户确认",
        });
        await offerPlan(tx, actor, orgId, plan.planId);
        if (!active) return;
        await acceptPlan(tx, actor, orgId, plan.planId, {
          confirmedBy: "客户财务负责人",
          method: "signature",
          reference: `HT-${plan.number}`,
          confirmedOn: plan.contractDate,
        });
        await activatePlan(tx, actor, orgId, plan.planId);
      },
      clock,
    );
    made += 1;
  }
  return made;
}
