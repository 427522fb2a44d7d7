import { describe, expect, it } from "vitest";
import { grades } from "../../src/domain/credit/index.ts";
import { discountRateOn } from "../../src/domain/payments/index.ts";
import {
  builtInTermsTemplates,
  checkInvoiceLines,
  discountWindows,
  invoiceTotals,
  splitByTerms,
} from "../../src/domain/receivables/index.ts";
import {
  demoCreditPlanOf,
  demoCustomers,
  demoCustomersPerOrg,
  demoReceivablesRandom,
  seededRandom,
} from "../../src/services/demo.ts";
import {
  type DemoPaymentPlan,
  type DemoReceivablesCustomer,
  demoOrderLines,
  demoPaymentIntents,
  demoPaymentPlans,
} from "../../src/services/demo-receivables.ts";

describe("demo data", () => {
  it("is the same for the same seed and different for another", () => {
    expect(demoCustomers(7, 30)).toEqual(demoCustomers(7, 30));
    expect(demoCustomers(7, 30)).not.toEqual(demoCustomers(8, 30));
  });

  it("gives unique codes and plausible Chinese names", () => {
    const customers = demoCustomers(20261123, 200);
    expect(new Set(customers.map((c) => c.code)).size).toBe(200);
    for (const customer of customers) {
      expect(customer.name).toMatch(customer.kind === "company" ? /有限公司$/ : /^[\u4e00-\u9fff]{3}$/);
    }
  });

  it("draws numbers in [0, 1)", () => {
    const random = seededRandom(1);
    for (let i = 0; i < 1_000; i += 1) {
      const x = random();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
  });
});

/** Limits by grade as the credit demo grants them (weak grades: none), in 分. */
const limitByGrade: Readonly<Record<string, bigint>> = {
  AAA: 500_000_000n,
  AA: 300_000_000n,
  A: 150_000_000n,
  BBB: 50_000_000n,
  BB: 10_000_000n,
};

/** The demo's customers of `seed` with the credit the credit demo gives them; the first BB on hold. */
function creditedCustomers(seed: number): DemoReceivablesCustomer[] {
  const plans = demoCreditPlanOf(seed);
  let held = false;
  return demoCustomers(seed, demoCustomersPerOrg).map((customer, index) => {
    const grade = plans[index]?.grade ?? null;
    const onHold = grade === "BB" && !held;
    held ||= onHold;
    return { ...customer, grade, limitMinor: limitByGrade[grade ?? ""] ?? 0n, onHold };
  });
}

const rank = (grade: string | null) => grades.indexOf(grade as (typeof grades)[number]);

describe("demo payment plans", () => {
  const customers = creditedCustomers(20261123);
  const plans = demoPaymentPlans(seededRandom(5), customers);
  const byCode = new Map(plans.map((plan) => [plan.code, plan]));
  const withCredit = customers.filter((c) => c.limitMinor > 0n && !c.onHold);
  const ofProfile = (profile: DemoPaymentPlan["profile"]) => plans.filter((p) => p.profile === profile);

  it("is the same for the same stream and different for another", () => {
    expect(demoPaymentPlans(seededRandom(5), customers)).toEqual(plans);
    expect(demoPaymentPlans(seededRandom(6), customers)).not.toEqual(plans);
    expect(demoReceivablesRandom(3)()).toBe(demoReceivablesRandom(3)());
    expect(demoReceivablesRandom(3)()).not.toBe(demoReceivablesRandom(4)());
  });

  it("sells on credit only to customers with a limit and not on hold", () => {
    for (const customer of customers) {
      const plan = byCode.get(customer.code);
      const credit = customer.limitMinor > 0n && !customer.onHold;
      expect(plan?.profile === null, customer.code).toBe(!credit);
      if (!credit) expect(plan?.monthlyGrossMinor).toBe(0n);
    }
  });

  it("gives about 20 % early, 20 % late, 10 % stopped and 5 % group members, the rest on time", () => {
    const n = withCredit.length;
    expect(n).toBeGreaterThanOrEqual(20);
    expect(ofProfile("early")).toHaveLength(Math.round(n * 0.2));
    expect(ofProfile("late")).toHaveLength(Math.round(n * 0.2));
    expect(ofProfile("stopped")).toHaveLength(Math.round(n * 0.1));
    expect(ofProfile("group_member").length).toBe(Math.max(1, Math.round(n * 0.05)));
    expect(ofProfile("on_time").length).toBeGreaterThan(n * 0.4);
  });

  it("makes the best grades pay early and the weakest stop paying or pay late", () => {
    const gradeOf = new Map(customers.map((c) => [c.code, c.grade]));
    const worstEarly = Math.max(...ofProfile("early").map((p) => rank(gradeOf.get(p.code) ?? null)));
    const bestLate = Math.min(
      ...[...ofProfile("late"), ...ofProfile("stopped")].map((p) => rank(gradeOf.get(p.code) ?? null)),
    );
    expect(worstEarly).toBeLessThanOrEqual(bestLate);
  });

  it("puts early payers on discount terms and the others on net, month-end terms", () => {
    for (const plan of ofProfile("early")) expect(["2/10N30", "2/10-1/20N30"]).toContain(plan.termsCode);
    for (const plan of plans.filter((p) => p.profile !== null && p.profile !== "early")) {
      expect(["NET30", "NET45", "NET60", "EOM30"]).toContain(plan.termsCode);
    }
    const codes = new Set(builtInTermsTemplates.map((t) => t.code));
    for (const plan of plans) expect(codes.has(plan.termsCode)).toBe(true);
  });

  it("has a company head office, paying on time itself, for every group member", () => {
    for (const member of ofProfile("group_member")) {
      const office = byCode.get(member.headOfficeCode ?? "");
      expect(office?.profile).toBe("on_time");
      expect(office?.headOfficeCode).toBeNull();
      expect(customers.find((c) => c.code === office?.code)?.kind).toBe("company");
    }
    for (const plan of plans.filter((p) => p.profile !== "group_member"))
      expect(plan.headOfficeCode).toBeNull();
  });

  it("stops the stopped customers in the second year and sizes sales to the limit", () => {
    for (const plan of plans) {
      if (plan.profile === "stopped") {
        expect(plan.stopMonth).toBeGreaterThanOrEqual(12);
        expect(plan.stopMonth).toBeLessThan(24);
      } else {
        expect(plan.stopMonth).toBeNull();
      }
      const limit = customers.find((c) => c.code === plan.code)?.limitMinor ?? 0n;
      // What stays open is about half the limit: a month's sales for those who pay in a month or
      // more, up to twice the limit for those who pay within the week.
      const averageMonthMinor = (plan.monthlyGrossMinor * BigInt(plan.orderMonthBp)) / 10_000n;
      expect(averageMonthMinor).toBeLessThanOrEqual(plan.profile === "early" ? 2n * limit : limit);
      if (plan.profile !== null) expect(averageMonthMinor).toBeGreaterThan(limit / 20n);
      expect(plan.payWeekday).toBeGreaterThanOrEqual(1);
      expect(plan.payWeekday).toBeLessThanOrEqual(5);
    }
  });
});

describe("demo payment intents", () => {
  const terms = new Map(builtInTermsTemplates.map((t) => [t.code, t.terms]));
  const dayMs = 86_400_000;
  const days = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / dayMs;
  const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();
  const itemsOf = (termsCode: string, documentDate: string) => {
    const paymentTerms = terms.get(termsCode);
    if (paymentTerms === undefined) throw new Error(`no terms ${termsCode}`);
    const windows = discountWindows(documentDate, paymentTerms);
    return splitByTerms(documentDate, 1_000_000n, paymentTerms).map((portion) => ({
      documentDate,
      dueDate: portion.dueDate,
      discountWindows: windows,
    }));
  };
  const payer = { payWeekday: 3, payMonthDay: 15 };
  const documentDates = ["2025-01-06", "2025-02-27", "2025-06-13", "2025-12-31", "2026-03-02"];

  it("pays on weekdays after the document, the same for the same stream", () => {
    const random = seededRandom(11);
    for (const profile of ["early", "on_time", "late", "stopped", "group_member"] as const) {
      for (const date of documentDates) {
        for (const item of itemsOf(profile === "early" ? "2/10-1/20N30" : "SPLIT30-70", date)) {
          const intents = demoPaymentIntents(random, profile, payer, item, null);
          for (const intent of intents) {
            expect(intent.date > item.documentDate).toBe(true);
            expect([1, 2, 3, 4, 5]).toContain(weekday(intent.date));
          }
        }
      }
    }
    const intentsOf = (seed: number) => {
      const stream = seededRandom(seed);
      return documentDates.flatMap((date) =>
        itemsOf("NET30", date).flatMap((item) => demoPaymentIntents(stream, "late", payer, item, null)),
      );
    };
    expect(intentsOf(3)).toEqual(intentsOf(3));
    expect(intentsOf(3)).not.toEqual(intentsOf(4));
  });

  it("takes the discount inside its window for early payers", () => {
    const random = seededRandom(12);
    let discounted = 0;
    for (let i = 0; i < 200; i += 1) {
      const date = documentDates[i % documentDates.length] ?? "2025-01-06";
      const [item] = itemsOf(i % 2 === 0 ? "2/10N30" : "2/10-1/20N30", date);
      if (item === undefined) continue;
      for (const intent of demoPaymentIntents(random, "early", payer, item, null)) {
        if (!intent.discount) continue;
        discounted += 1;
        expect(discountRateOn(item.discountWindows, intent.date)).not.toBeNull();
      }
    }
    expect(discounted).toBeGreaterThan(150);
  });

  it("pays within six days of the due date on time, 15 to 120 days late when late", () => {
    const random = seededRandom(13);
    for (let i = 0; i < 300; i += 1) {
      const [item] = itemsOf("NET30", documentDates[i % documentDates.length] ?? "2025-01-06");
      if (item === undefined) continue;
      const [onTime] = demoPaymentIntents(random, "on_time", payer, item, null);
      expect(Math.abs(days(item.dueDate, onTime?.date ?? ""))).toBeLessThanOrEqual(6);
      const late = demoPaymentIntents(random, "late", payer, item, null);
      for (const intent of late) {
        expect(days(item.dueDate, intent.date)).toBeGreaterThanOrEqual(15);
        expect(days(item.dueDate, intent.date)).toBeLessThanOrEqual(120);
      }
      // In two parts, the first is a share and the rest follows later.
      if (late.length === 2) {
        expect(late[0]?.shareBp).toBeGreaterThanOrEqual(4_000);
        expect(late[1]?.shareBp).toBeNull();
        expect((late[0]?.date ?? "") < (late[1]?.date ?? "")).toBe(true);
      }
    }
  });

  it("pays nothing from the day a stopped customer stops", () => {
    const random = seededRandom(14);
    const stopOn = "2025-07-01";
    let before = 0;
    for (const date of ["2025-04-01", "2025-05-02", "2025-06-03", "2025-07-04", "2025-08-05"]) {
      for (let i = 0; i < 20; i += 1) {
        const [item] = itemsOf("NET30", date);
        if (item === undefined) continue;
        const intents = demoPaymentIntents(random, "stopped", payer, item, stopOn);
        for (const intent of intents) expect(intent.date < stopOn).toBe(true);
        before += intents.length;
      }
    }
    expect(before).toBeGreaterThan(0);
  });
});

describe("demo order lines", () => {
  const industries = ["机械制造", "电子元器件", "建材", "食品批发", "纺织服装", "物流"];

  it("bills goods at 13 % and services at 6 %, in valid lines near the order's amount", () => {
    const random = seededRandom(21);
    const rates = new Set<string>();
    for (let i = 0; i < 300; i += 1) {
      const grossMinor = 2_000_000n + BigInt(i) * 50_000n;
      const taxInclusive = i % 4 === 0;
      const lines = demoOrderLines(random, {
        industry: industries[i % industries.length] ?? "物流",
        grossMinor,
        documentDate: "2026-03-15",
        taxInclusive,
      });
      expect(lines.length).toBeGreaterThanOrEqual(1);
      expect(lines.length).toBeLessThanOrEqual(3);
      expect(checkInvoiceLines(lines, 2)).toEqual([]);
      for (const line of lines) {
        rates.add(line.vatRate);
        expect(line.vatRate).toBe(/服务费/.test(line.description) ? "0.06" : "0.13");
      }
      const totals = invoiceTotals(lines, { taxInclusive, scale: 2, rounding: "half-up" });
      expect(totals.grossMinor).toBeLessThanOrEqual(grossMinor + 100n);
      expect(totals.grossMinor * 100n).toBeGreaterThanOrEqual(grossMinor * 70n);
    }
    expect([...rates].sort()).toEqual(["0.06", "0.13"]);
  });

  it("is the same for the same stream", () => {
    const order = {
      industry: "机械制造",
      grossMinor: 12_345_600n,
      documentDate: "2025-05-20",
      taxInclusive: false,
    };
    expect(demoOrderLines(seededRandom(4), order)).toEqual(demoOrderLines(seededRandom(4), order));
  });
});
