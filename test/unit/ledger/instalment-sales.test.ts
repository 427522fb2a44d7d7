import { describe, expect, it } from "vitest";
import {
  type AccountRole,
  chartTemplate,
  defaultPostingRules,
  type EventType,
  eventLines,
  isBalanced,
  type LedgerEvent,
} from "../../../src/domain/ledger/index.ts";
import type { AccountingFramework } from "../../../src/domain/organization/index.ts";

/**
 * An instalment sale booked in both accounting modes, with illustrative figures: goods with a cash
 * price of 1,600,000.00 sold for 2,000,000.00 in five yearly instalments of 400,000.00 (finance
 * income 400,000.00), VAT at 13% (财政部 税务总局 海关总署公告2019年第39号) on the contract amount,
 * 260,000.00, and a cost of 1,200,000.00 — 240,000.00 for each instalment.
 */
const customerId = "c-1";
const sale = { principal: 160_000_000n, financeIncome: 40_000_000n, tax: 26_000_000n, cost: 120_000_000n };
const instalment = { amount: 40_000_000n, tax: 5_200_000n, cost: 24_000_000n };
const instalmentCount = 5;

function event(type: EventType, amounts: Record<string, bigint>): LedgerEvent {
  return {
    type,
    date: "2026-11-30",
    currency: "CNY",
    customerId,
    amounts,
    memo: type,
    sourceType: "plan",
    sourceId: "P-1",
  };
}

type Row = readonly [string, bigint, bigint, string | null];

function post(framework: AccountingFramework, ledgerEvent: LedgerEvent): Row[] {
  const roles = new Map(Object.entries(chartTemplate(framework).roles)) as Map<AccountRole, string>;
  const lines = eventLines(ledgerEvent, defaultPostingRules(framework)[ledgerEvent.type], roles);
  expect(isBalanced(lines)).toBe(true);
  for (const line of lines) expect(line.debitMinor > 0n !== line.creditMinor > 0n).toBe(true);
  return lines.map((line) => [line.accountCode, line.debitMinor, line.creditMinor, line.customerId]);
}

/** Debit-positive balance per account over several vouchers. */
function balances(vouchers: ReadonlyArray<ReadonlyArray<Row>>): Map<string, bigint> {
  const totals = new Map<string, bigint>();
  for (const [code, debit, credit] of vouchers.flat()) {
    totals.set(code, (totals.get(code) ?? 0n) + debit - credit);
  }
  return totals;
}

describe("an instalment sale under 企业会计准则 (allowance method)", () => {
  it("recognizes revenue at the cash price and the cost at delivery; the VAT waits in 待转销项税额", () => {
    expect(post("cas", event("financed_sale", sale))).toEqual([
      ["1531", 226_000_000n, 0n, customerId],
      ["6001", 0n, 160_000_000n, null],
      ["1532", 0n, 40_000_000n, null],
      ["222103", 0n, 26_000_000n, null],
      ["6401", 120_000_000n, 0n, null],
      ["1405", 0n, 120_000_000n, null],
    ]);
  });

  it("bills an instalment as it falls due and turns its VAT into output VAT; the cost was carried over", () => {
    expect(post("cas", event("financed_sale_due", instalment))).toEqual([
      ["1122", 45_200_000n, 0n, customerId],
      ["1531", 0n, 45_200_000n, customerId],
      ["222103", 5_200_000n, 0n, null],
      ["22210102", 0n, 5_200_000n, null],
    ]);
    expect(post("cas", event("financed_sale_due", { cost: instalment.cost }))).toEqual([]);
  });

  it("clears 长期应收款 and 待转销项税额 once every instalment has fallen due", () => {
    const vouchers = [post("cas", event("financed_sale", sale))];
    for (let n = 0; n < instalmentCount; n += 1)
      vouchers.push(post("cas", event("financed_sale_due", instalment)));
    const totals = balances(vouchers);
    expect(totals.get("1531")).toBe(0n);
    expect(totals.get("222103")).toBe(0n);
    expect(totals.get("22210102")).toBe(-26_000_000n);
    expect(totals.get("1122")).toBe(226_000_000n);
    // The finance income is still unearned: interest_accrued amortizes it over the plan.
    expect(totals.get("1532")).toBe(-40_000_000n);
  });

  it("books a rescheduling whose finance income and VAT shrink on the other sides", () => {
    expect(
      post(
        "cas",
        event("financed_sale_changed", { financeIncome: -123_456n, tax: -16_049n, capitalized: 45_200_000n }),
      ),
    ).toEqual([
      ["1531", 0n, 123_456n, customerId],
      ["1532", 123_456n, 0n, null],
      ["1531", 0n, 16_049n, customerId],
      ["222103", 16_049n, 0n, null],
      ["1531", 45_200_000n, 0n, customerId],
      ["1122", 0n, 45_200_000n, customerId],
    ]);
    expect(
      post("cas", event("financed_sale_changed", { financeIncome: 123_456n, tax: 16_049n, capitalized: 0n })),
    ).toEqual([
      ["1531", 123_456n, 0n, customerId],
      ["1532", 0n, 123_456n, null],
      ["1531", 16_049n, 0n, customerId],
      ["222103", 0n, 16_049n, null],
    ]);
  });

  it("posts nothing for a rescheduling that changes no amount", () => {
    expect(
      post("cas", event("financed_sale_changed", { financeIncome: 0n, tax: 0n, capitalized: 0n })),
    ).toEqual([]);
  });

  it("moves arrears back into a plan's principal and capitalizes holiday interest", () => {
    expect(
      post("cas", event("plan_changed", { capitalized: 1_000_000n, capitalizedInterest: 35_000n })),
    ).toEqual([
      ["1531", 1_000_000n, 0n, customerId],
      ["1122", 0n, 1_000_000n, customerId],
      ["1531", 35_000n, 0n, customerId],
      ["6603", 0n, 35_000n, null],
    ]);
  });

  it("defers a fee that is part of the effective interest into 未实现融资收益", () => {
    expect(post("cas", event("fee_accrued", { fee: 20_000n, deferred: 150_000n }))).toEqual([
      ["1122", 170_000n, 0n, customerId],
      ["6051", 0n, 20_000n, null],
      ["1532", 0n, 150_000n, null],
    ]);
  });
});

describe("an instalment sale under 小企业会计准则 (direct write-off)", () => {
  it("moves only the goods to 发出商品 at delivery (第五十九条)", () => {
    expect(post("asbe", event("financed_sale", sale))).toEqual([
      ["1406", 120_000_000n, 0n, null],
      ["1405", 0n, 120_000_000n, null],
    ]);
    expect(post("asbe", event("financed_sale", { ...sale, cost: 0n }))).toEqual([]);
  });

  it("recognizes revenue, output VAT and the cost share on each collection date", () => {
    expect(post("asbe", event("financed_sale_due", instalment))).toEqual([
      ["1122", 45_200_000n, 0n, customerId],
      ["5001", 0n, 40_000_000n, null],
      ["22210102", 0n, 5_200_000n, null],
      ["5401", 24_000_000n, 0n, null],
      ["1406", 0n, 24_000_000n, null],
    ]);
  });

  it("has recognized the contract amount and the whole cost once every instalment has fallen due", () => {
    const vouchers = [post("asbe", event("financed_sale", sale))];
    for (let n = 0; n < instalmentCount; n += 1) {
      vouchers.push(post("asbe", event("financed_sale_due", instalment)));
    }
    const totals = balances(vouchers);
    expect(totals.get("1406")).toBe(0n);
    expect(totals.get("1405")).toBe(-120_000_000n);
    expect(totals.get("5001")).toBe(-200_000_000n);
    expect(totals.get("5401")).toBe(120_000_000n);
    expect(totals.get("22210102")).toBe(-26_000_000n);
    expect(totals.get("1122")).toBe(226_000_000n);
    expect(totals.has("222103")).toBe(false);
  });

  it("takes arrears back out of revenue when a rescheduling returns them to the plan", () => {
    expect(
      post(
        "asbe",
        event("financed_sale_changed", { financeIncome: -123_456n, tax: -16_049n, capitalized: 45_200_000n }),
      ),
    ).toEqual([
      ["5001", 45_200_000n, 0n, null],
      ["1122", 0n, 45_200_000n, customerId],
    ]);
    expect(
      post(
        "asbe",
        event("financed_sale_changed", { financeIncome: -123_456n, tax: -16_049n, capitalized: 0n }),
      ),
    ).toEqual([]);
  });

  it("books only capitalized interest when a plan is rescheduled: its principal never left 应收账款", () => {
    expect(
      post("asbe", event("plan_changed", { capitalized: 1_000_000n, capitalizedInterest: 35_000n })),
    ).toEqual([
      ["1122", 35_000n, 0n, customerId],
      ["5603", 0n, 35_000n, null],
    ]);
  });

  it("takes a whole fee to income when billed", () => {
    expect(post("asbe", event("fee_accrued", { fee: 20_000n, deferred: 150_000n }))).toEqual([
      ["1122", 170_000n, 0n, customerId],
      ["5051", 0n, 170_000n, null],
    ]);
  });
});

describe("the new accounts in the charts", () => {
  it("puts 待转销项税额 under 应交税费 and maps the roles each framework has", () => {
    const parentOf = (framework: AccountingFramework, code: string) =>
      chartTemplate(framework).accounts.find((account) => account.code === code)?.parentCode;
    expect(parentOf("cas", "222103")).toBe("2221");
    expect(parentOf("asbe", "222103")).toBe("2221");
    expect(parentOf("ifrs", "203003")).toBe("2030");
    expect(parentOf("asbe", "1406")).toBeNull();
    expect(chartTemplate("cas").roles).toMatchObject({
      vat_pending: "222103",
      inventory: "1405",
      goods_shipped: "1406",
      cost_of_sales: "6401",
    });
    expect(chartTemplate("asbe").roles).toMatchObject({
      vat_pending: "222103",
      inventory: "1405",
      goods_shipped: "1406",
      cost_of_sales: "5401",
    });
    expect(chartTemplate("ifrs").roles).toMatchObject({
      vat_pending: "203003",
      inventory: "1150",
      cost_of_sales: "5000",
    });
    expect(chartTemplate("ifrs").roles.goods_shipped).toBeUndefined();
  });

  it("keeps every chart in code order", () => {
    for (const framework of ["cas", "asbe", "ifrs"] as const) {
      const codes = chartTemplate(framework).accounts.map((account) => account.code);
      expect(codes).toEqual([...codes].sort());
    }
  });

  it("has no IFRS rule that needs goods_shipped, which IFRS does not map", () => {
    const used = Object.values(defaultPostingRules("ifrs")).flatMap((rule) => rule.map((line) => line.role));
    expect(used).not.toContain("goods_shipped");
  });
});
