import { describe, expect, it } from "vitest";
import {
  type AccountRole,
  accountRoles,
  chartTemplate,
  checkPostingRule,
  defaultPostingRules,
  eventLines,
  eventTypes,
  formatVoucherNumber,
  isBalanced,
  type LedgerEvent,
  parseAmountExpression,
  periodBounds,
} from "../../../src/domain/ledger/index.ts";
import { accountingFrameworks } from "../../../src/domain/organization/index.ts";

describe("amount expressions", () => {
  it("expands derived names into the event's independent amounts", () => {
    const parsed = parseAmountExpression("invoice_issued", "gross - tax");
    expect(parsed.ok && Object.fromEntries(parsed.coefficients)).toEqual({ net: 1n, tax: 0n });
    const contract = parseAmountExpression("financed_sale", " contract+tax ");
    expect(contract.ok && Object.fromEntries(contract.coefficients)).toEqual({
      principal: 1n,
      financeIncome: 1n,
      tax: 1n,
    });
  });

  it("names what it cannot read", () => {
    expect(parseAmountExpression("invoice_issued", "net * 2")).toMatchObject({ ok: false });
    expect(parseAmountExpression("invoice_issued", "net tax")).toMatchObject({ ok: false });
    expect(parseAmountExpression("invoice_issued", "amount")).toEqual({
      ok: false,
      reason: 'unknown amount "amount"',
    });
    expect(parseAmountExpression("invoice_issued", "")).toMatchObject({ ok: false });
  });
});

describe("the frameworks' charts and default rules", () => {
  for (const framework of accountingFrameworks) {
    it(`${framework}: every default rule balances and uses only mapped leaf accounts`, () => {
      const chart = chartTemplate(framework);
      const codes = new Set(chart.accounts.map((a) => a.code));
      const parents = new Set(chart.accounts.flatMap((a) => (a.parentCode === null ? [] : [a.parentCode])));
      for (const code of Object.values(chart.roles)) {
        expect(codes.has(code ?? "")).toBe(true);
        expect(parents.has(code ?? "")).toBe(false);
      }
      const mapped = new Set(Object.keys(chart.roles) as AccountRole[]);
      const rules = defaultPostingRules(framework);
      for (const eventType of eventTypes) {
        expect(checkPostingRule(eventType, rules[eventType], mapped), `${framework} ${eventType}`).toEqual(
          [],
        );
      }
    });

    it(`${framework}: children extend their parent's code and share its class`, () => {
      const chart = chartTemplate(framework);
      const byCode = new Map(chart.accounts.map((a) => [a.code, a]));
      for (const account of chart.accounts) {
        if (account.parentCode === null) continue;
        const parent = byCode.get(account.parentCode);
        expect(account.code.startsWith(account.parentCode)).toBe(true);
        expect(parent?.type).toBe(account.type);
      }
    });
  }

  it("小企业会计准则 has no allowance for bad debts, CAS and IFRS do", () => {
    expect(chartTemplate("asbe").roles.bad_debt_allowance).toBeUndefined();
    expect(chartTemplate("asbe").accounts.some((a) => a.nameZh === "坏账准备")).toBe(false);
    expect(chartTemplate("cas").roles.bad_debt_allowance).toBe("1231");
    expect(chartTemplate("ifrs").roles.bad_debt_allowance).toBe("1120");
    expect(defaultPostingRules("asbe").provision).toEqual([]);
  });

  it("knows every role it maps", () => {
    for (const framework of accountingFrameworks) {
      for (const role of Object.keys(chartTemplate(framework).roles)) {
        expect(accountRoles).toContain(role);
      }
    }
  });
});

describe("rules that cannot balance", () => {
  const all = new Set(accountRoles);
  it("are refused with the amounts that differ", () => {
    const issues = checkPostingRule(
      "invoice_issued",
      [
        { side: "debit", role: "receivables", amount: "gross", customer: true },
        { side: "credit", role: "revenue", amount: "net", customer: false },
      ],
      all,
    );
    expect(issues).toEqual([
      { path: "lines", code: "RULE_UNBALANCED", message: "debits and credits differ in: tax" },
    ]);
  });

  it("refuse roles the organization has not mapped", () => {
    const issues = checkPostingRule(
      "provision",
      [
        { side: "debit", role: "credit_impairment_loss", amount: "amount", customer: false },
        { side: "credit", role: "bad_debt_allowance", amount: "amount", customer: false },
      ],
      new Set<AccountRole>(["credit_impairment_loss"]),
    );
    expect(issues).toMatchObject([{ path: "lines.1.role", code: "ROLE_NOT_MAPPED" }]);
  });
});

describe("event lines", () => {
  const roles = new Map(Object.entries(chartTemplate("cas").roles)) as Map<AccountRole, string>;
  const event = (amount: bigint): LedgerEvent => ({
    type: "provision",
    date: "2026-11-30",
    currency: "CNY",
    customerId: null,
    amounts: { amount },
    memo: "计提",
    sourceType: null,
    sourceId: null,
  });

  it("turns a negative amount (a release) to the other side, and leaves zero lines out", () => {
    const release = eventLines(event(-500n), defaultPostingRules("cas").provision, roles);
    expect(release.map((l) => [l.accountCode, l.debitMinor, l.creditMinor])).toEqual([
      ["6702", 0n, 500n],
      ["1231", 500n, 0n],
    ]);
    expect(isBalanced(release)).toBe(true);
    expect(eventLines(event(0n), defaultPostingRules("cas").provision, roles)).toEqual([]);
  });

  it("refuses an amount the event type does not carry", () => {
    expect(() =>
      eventLines(
        { ...event(1n), amounts: { amount: 1n, bogus: 2n } },
        defaultPostingRules("cas").provision,
        roles,
      ),
    ).toThrow(/bogus/);
  });

  it("numbers vouchers 记-0001 and knows each period's last day", () => {
    expect(formatVoucherNumber(7n)).toBe("记-0007");
    expect(formatVoucherNumber(12345n)).toBe("记-12345");
    expect(periodBounds("2028-02")).toEqual({ from: "2028-02-01", to: "2028-02-29" });
    expect(periodBounds("2026-12")).toEqual({ from: "2026-12-01", to: "2026-12-31" });
  });
});
