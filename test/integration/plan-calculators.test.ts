import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BuiltApp } from "../../src/api/app.ts";
import { cliHarness } from "../support/cli.ts";
import { describeEachEngine } from "../support/engines.ts";
import { makeOrganization } from "../support/fixtures.ts";
import { makeTestApp, type Session, signIn } from "../support/http.ts";

// The contract example of issue 5 (a 24 % loan of 12,000.00 over four months).
const contractQuote = {
  principal: "12000.00",
  currency: "CNY",
  method: "equal-installment",
  periods: 4,
  frequency: "monthly",
  startDate: "2011-09-20",
  firstDueDate: "2011-10-20",
  annualRate: "0.24",
  feeRatePerPeriod: "0",
  upfrontFee: "0",
  dayCount: "30/360",
  graceOnPrincipalPeriods: 0,
  roundingMode: "half-even",
  installmentMultiple: "0.01",
};

// 12 CFR 1026 Appendix J (c)(1) example: 5,000 advanced on 1978-01-10, 24 monthly payments of
// 230.00 from 1978-02-10 → APR 9.69 % (0.096857: the `apr` sample response of issue 5).
const regZ = {
  method: "us-reg-z",
  advances: [{ date: "1978-01-10", amount: "5000.00" }],
  payments: Array.from({ length: 24 }, (_, i) => {
    const month = 1 + i + 1;
    const year = 1978 + Math.floor((month - 1) / 12);
    return { date: `${year}-${String(((month - 1) % 12) + 1).padStart(2, "0")}-10`, amount: "230.00" };
  }),
};

describeEachEngine("installment calculators API", (context) => {
  let built: BuiltApp;
  let session: Session;

  beforeAll(async () => {
    built = await makeTestApp(context.store());
    const org = await makeOrganization(context.store(), "Calculators Co.");
    session = await signIn(built, org.owner.email);
  });

  const post = (url: string, payload: object, headers = session.headers) =>
    built.app.inject({ method: "POST", url, headers, payload });

  it("quotes the contract example with its annualized rates", async () => {
    expect((await post("/api/v1/quotes", contractQuote, {})).statusCode).toBe(401);
    const response = await post("/api/v1/quotes", contractQuote);
    expect(response.statusCode).toBe(200);
    const q = response.json();
    expect(q.installments[0]).toEqual({
      number: 1,
      dueDate: "2011-10-20",
      principal: "2911.49",
      interest: "240.00",
      fee: "0.00",
      total: "3151.49",
      balanceAfter: "9088.51",
    });
    expect(q.totals.principal).toBe("12000.00");
    expect(q.annualizedRate).toEqual({
      nominal: "0.240000",
      effective: "0.268242",
      usAprRegZ: "0.240000",
      euAprc: "0.268242",
    });
  });

  it("computes a Regulation Z APR and an amortization table, and refuses bad input by field", async () => {
    const apr = await post("/api/v1/apr", regZ);
    expect(apr.statusCode).toBe(200);
    expect(apr.json()).toMatchObject({ rate: "0.096857", unitPeriod: "month" });
    const table = await post("/api/v1/amortizations", {
      startDate: "2025-01-01",
      payments: [1, 2, 3, 4, 5].map((y) => ({ date: `${2025 + y}-01-01`, amount: "180000.00" })),
      ratePerPeriod: "0.06",
    });
    expect(table.json()).toMatchObject({ cashPrice: "758225.48", rows: expect.any(Array) });
    expect(table.json().rows.at(-1).closing).toBe("0.00");
    const bad = await post("/api/v1/quotes", { ...contractQuote, periods: 0, principal: "12,000" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues.map((i: { path: string }) => i.path)).toContain("body.periods");
    const badAmount = await post("/api/v1/quotes", { ...contractQuote, principal: "12,000" });
    expect(badAmount.statusCode).toBe(400);
    expect(badAmount.json().issues[0]).toMatchObject({ path: "principal", code: "INVALID_AMOUNT" });
  });
});

describe("credence quote|apr|amortize", () => {
  const harness = cliHarness("sqlite");
  beforeAll(() => harness.setUp());
  afterAll(() => harness.tearDown());

  it("reads a request from a file and prints the response, without a database", async () => {
    const file = join(harness.dir, "quote.json");
    writeFileSync(file, JSON.stringify(contractQuote));
    const quoted = await harness.cli("quote", file);
    expect(quoted.stderr).toBe("");
    expect(JSON.parse(quoted.stdout).annualizedRate.nominal).toBe("0.240000");
    const aprFile = join(harness.dir, "apr.json");
    writeFileSync(aprFile, JSON.stringify(regZ));
    expect(JSON.parse((await harness.cli("apr", aprFile)).stdout).rate).toBe("0.096857");
    const broken = join(harness.dir, "broken.json");
    writeFileSync(broken, "{");
    const failed = await harness.cli("amortize", broken);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain("not valid JSON");
    const invalid = join(harness.dir, "invalid.json");
    writeFileSync(invalid, JSON.stringify({ ...contractQuote, frequency: "daily" }));
    const refused = await harness.cli("quote", invalid);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("frequency");
  });
});
