import { describe, expect, it } from "vitest";
import { demoCustomers, seededRandom } from "../../src/services/demo.ts";

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
