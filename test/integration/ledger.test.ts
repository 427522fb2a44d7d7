import { expect, it } from "vitest";
import { AppError } from "../../src/core/errors.ts";
import type { LedgerEvent } from "../../src/domain/ledger/index.ts";
import { verifyAuditChain } from "../../src/services/audit.ts";
import { runCommand } from "../../src/services/command.ts";
import {
  addSubAccount,
  closePeriod,
  customerBalances,
  effectiveRules,
  generalLedger,
  getVoucher,
  listAccounts,
  listJournal,
  postEvents,
  postManualVoucher,
  reconcileControlAccounts,
  reopenPeriod,
  reverseVoucher,
  savePostingRule,
  trialBalance,
  updateAccount,
  verifyLedger,
} from "../../src/services/ledger/index.ts";
import type { Store } from "../../src/store/database.ts";
import { describeEachEngine } from "../support/engines.ts";
import { addTestCustomer, makeOrganization, type TestOrganization } from "../support/fixtures.ts";

async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  await expect(promise).rejects.toSatisfy((e: unknown) => e instanceof AppError && e.code === code);
}

function invoice(customerId: string, date: string, net: bigint, tax: bigint): LedgerEvent {
  return {
    type: "invoice_issued",
    date,
    currency: "CNY",
    customerId,
    amounts: { net, tax },
    memo: `销售开票 ${date}`,
    sourceType: "invoice",
    sourceId: `INV-${date}`,
  };
}

async function post(store: Store, org: TestOrganization, events: LedgerEvent[]) {
  return runCommand(store, (tx) => postEvents(tx, org.actor, org.orgId, events));
}

describeEachEngine("ledger", (context) => {
  it("gives a CAS organization the standard chart, with control accounts and VAT sub-accounts", async () => {
    const store = context.store();
    const org = await makeOrganization(store);
    const accounts = await listAccounts(store.db, org.orgId);
    const byCode = new Map(accounts.map((a) => [a.code, a]));
    expect(byCode.get("1122")).toMatchObject({
      nameZh: "应收账款",
      receivablesControl: true,
      normalBalance: "debit",
    });
    expect(byCode.get("1231")).toMatchObject({ nameZh: "坏账准备", normalBalance: "credit" });
    expect(byCode.get("22210102")).toMatchObject({ nameZh: "销项税额", parentCode: "222101" });
    expect(byCode.get("6702")).toMatchObject({ nameZh: "信用减值损失", type: "expense" });
  });

  it("posts an invoice as one balanced voucher numbered 记-0001 in its period", async () => {
    const store = context.store();
    const org = await makeOrganization(store);
    const customer = await addTestCustomer(store, org, "C001");
    const [first, second, third] = await post(store, org, [
      invoice(customer.customerId, "2026-11-05", 1_000_000n, 130_000n),
      invoice(customer.customerId, "2026-11-06", 500_000n, 65_000n),
      invoice(customer.customerId, "2026-12-01", 100n, 13n),
    ]);
    expect(first).toMatchObject({ period: "2026-11", label: "记-0001" });
    expect(second).toMatchObject({ period: "2026-11", label: "记-0002" });
    expect(third).toMatchObject({ period: "2026-12", label: "记-0001" });
    const voucher = await getVoucher(store.db, org.orgId, first?.voucherId ?? "");
    expect(voucher.lines.map((l) => [l.accountCode, l.debitMinor, l.creditMinor, l.customerCode])).toEqual([
      ["1122", 1_130_000n, 0n, "C001"],
      ["6001", 0n, 1_000_000n, null],
      ["22210102", 0n, 130_000n, null],
    ]);
    const balance = await trialBalance(store.db, org.orgId, { from: "2026-11-01", to: "2026-11-30" });
    expect(balance.totals).toEqual([
      {
        currency: "CNY",
        openingDebitMinor: 0n,
        openingCreditMinor: 0n,
        debitMinor: 1_695_000n,
        creditMinor: 1_695_000n,
        closingDebitMinor: 1_695_000n,
        closingCreditMinor: 1_695_000n,
      },
    ]);
    const vat = balance.rows.find((r) => r.code === "2221");
    expect(vat).toMatchObject({ closingCreditMinor: 195_000n, level: 1, isLeaf: false });
    const december = await trialBalance(store.db, org.orgId, { from: "2026-12-01", to: "2026-12-31" });
    expect(december.rows.find((r) => r.code === "1122")).toMatchObject({
      openingDebitMinor: 1_695_000n,
      debitMinor: 113n,
      closingDebitMinor: 1_695_113n,
    });
    const ledger = await generalLedger(store.db, org.orgId, {
      accountCode: "1122",
      currency: "CNY",
      from: "2026-11-06",
      to: "2026-12-31",
      limit: 1,
      offset: 1,
    });
    expect(ledger).toMatchObject({ openingMinor: 1_130_000n, lineCount: 2, closingMinor: 1_695_113n });
    expect(ledger.lines.map((l) => l.balanceMinor)).toEqual([1_695_113n]);
    expect(await customerBalances(store.db, org.orgId, { asOf: "2026-11-30" })).toMatchObject([
      { customerCode: "C001", accountCode: "1122", balanceMinor: 1_695_000n },
    ]);
    expect(await reconcileControlAccounts(store.db, org.orgId, "2026-12-31")).toMatchObject([
      { accountCode: "1122", accountBalanceMinor: 1_695_113n, differenceMinor: 0n },
    ]);
    expect((await verifyLedger(store.db, org.orgId)).ok).toBe(true);
    const journal = await listJournal(store.db, org.orgId, { accountCode: "1122" }, { limit: 2 });
    expect(journal.items.map((v) => `${v.period} ${v.label}`)).toEqual([
      "2026-11 记-0001",
      "2026-11 记-0002",
    ]);
    const rest = await listJournal(
      store.db,
      org.orgId,
      { accountCode: "1122" },
      { limit: 2, after: journal.nextAfter ?? "" },
    );
    expect(rest.items.map((v) => `${v.period} ${v.label}`)).toEqual(["2026-12 记-0001"]);
    expect(rest.nextAfter).toBeNull();
  });

  it("rejects unbalanced, inactive, non-leaf and customer-less lines, and changes nothing", async () => {
    const store = context.store();
    const org = await makeOrganization(store);
    const customer = await addTestCustomer(store, org, "C002");
    const manual = (lines: Array<[string, bigint, bigint, string | null]>) =>
      runCommand(store, (tx) =>
        postManualVoucher(tx, org.actor, org.orgId, {
          date: "2026-11-10",
          memo: "调整",
          lines: lines.map(([accountCode, debitMinor, creditMinor, customerId]) => ({
            accountCode,
            debitMinor,
            creditMinor,
            customerId,
            currency: "CNY",
            memo: null,
          })),
        }),
      );
    await expectCode(
      manual([
        ["1002", 100n, 0n, null],
        ["6001", 0n, 99n, null],
      ]),
      "VOUCHER_UNBALANCED",
    );
    await expectCode(
      manual([
        ["1002", 100n, 0n, null],
        ["2221", 0n, 100n, null],
      ]),
      "ACCOUNT_NOT_POSTABLE",
    );
    await expectCode(
      manual([
        ["1122", 100n, 0n, null],
        ["6001", 0n, 100n, null],
      ]),
      "CUSTOMER_REQUIRED",
    );
    await expectCode(
      manual([
        ["1002", 100n, 100n, null],
        ["6001", 0n, 0n, null],
      ]),
      "VALIDATION_FAILED",
    );
    await runCommand(store, (tx) => updateAccount(tx, org.actor, org.orgId, "6101", { active: false }));
    await expectCode(
      manual([
        ["1002", 100n, 0n, null],
        ["6101", 0n, 100n, null],
      ]),
      "ACCOUNT_INACTIVE",
    );
    expect((await listJournal(store.db, org.orgId, {}, { limit: 10 })).items).toEqual([]);
    const posted = await manual([
      ["1122", 100n, 0n, customer.customerId],
      ["6001", 0n, 100n, null],
    ]);
    expect(posted.label).toBe("记-0001");
    expect((await verifyAuditChain(store.db, org.orgId)).ok).toBe(true);
  });

  it("closes periods in order, refuses postings into them, and reopens the latest", async () => {
    const store = context.store();
    const org = await makeOrganization(store);
    const customer = await addTestCustomer(store, org, "C003");
    await post(store, org, [
      invoice(customer.customerId, "2026-10-15", 100n, 13n),
      invoice(customer.customerId, "2026-11-15", 100n, 13n),
    ]);
    await expectCode(
      runCommand(store, (tx) => closePeriod(tx, org.actor, org.orgId, "2026-11")),
      "PERIOD_SEQUENCE",
    );
    await runCommand(store, (tx) => closePeriod(tx, org.actor, org.orgId, "2026-10"));
    await runCommand(store, (tx) => closePeriod(tx, org.actor, org.orgId, "2026-11"));
    await expectCode(post(store, org, [invoice(customer.customerId, "2026-11-20", 1n, 0n)]), "PERIOD_CLOSED");
    await expectCode(
      runCommand(store, (tx) => reopenPeriod(tx, org.actor, org.orgId, "2026-10")),
      "PERIOD_SEQUENCE",
    );
    await runCommand(store, (tx) => reopenPeriod(tx, org.actor, org.orgId, "2026-11"));
    const [late] = await post(store, org, [invoice(customer.customerId, "2026-11-20", 1n, 0n)]);
    expect(late?.label).toBe("记-0002");
  });

  it("reverses a voucher once, with mirrored lines, leaving the original untouched", async () => {
    const store = context.store();
    const org = await makeOrganization(store);
    const customer = await addTestCustomer(store, org, "C004");
    const [original] = await post(store, org, [invoice(customer.customerId, "2026-11-05", 1000n, 130n)]);
    const id = original?.voucherId ?? "";
    const reversal = await runCommand(store, (tx) =>
      reverseVoucher(tx, org.actor, org.orgId, id, { date: "2026-11-07", reason: "开错客户" }),
    );
    expect(reversal.label).toBe("记-0002");
    const view = await getVoucher(store.db, org.orgId, reversal.voucherId);
    expect(view).toMatchObject({ kind: "reversal", reversesVoucherId: id });
    expect(view.lines[0]).toMatchObject({ accountCode: "1122", debitMinor: 0n, creditMinor: 1130n });
    expect((await getVoucher(store.db, org.orgId, id)).reversedByVoucherId).toBe(reversal.voucherId);
    await expectCode(
      runCommand(store, (tx) =>
        reverseVoucher(tx, org.actor, org.orgId, id, { date: "2026-11-08", reason: "again" }),
      ),
      "ALREADY_REVERSED",
    );
    const balance = await trialBalance(store.db, org.orgId, { from: null, to: "2026-11-30" });
    expect(balance.rows.find((r) => r.code === "1122")).toMatchObject({
      closingDebitMinor: 0n,
      closingCreditMinor: 0n,
    });
  });

  it("saves a balancing rule, refuses one that cannot balance, and posts by the saved rule", async () => {
    const store = context.store();
    const org = await makeOrganization(store);
    const customer = await addTestCustomer(store, org, "C005");
    await expectCode(
      runCommand(store, (tx) =>
        savePostingRule(tx, org.actor, org.orgId, "invoice_issued", [
          { side: "debit", role: "receivables", amount: "gross", customer: true },
          { side: "credit", role: "revenue", amount: "net", customer: false },
        ]),
      ),
      "RULE_UNBALANCED",
    );
    await expectCode(
      runCommand(store, (tx) =>
        savePostingRule(tx, org.actor, org.orgId, "invoice_issued", [
          { side: "debit", role: "receivables", amount: "gross + bogus", customer: true },
          { side: "credit", role: "revenue", amount: "gross", customer: false },
        ]),
      ),
      "VALIDATION_FAILED",
    );
    // All of it to other revenue (e.g. a firm that books service income to 6051).
    const saved = await runCommand(store, (tx) =>
      savePostingRule(tx, org.actor, org.orgId, "invoice_issued", [
        { side: "debit", role: "receivables", amount: "net + tax", customer: true },
        { side: "credit", role: "other_revenue", amount: "gross - tax", customer: false },
        { side: "credit", role: "vat_output", amount: "tax", customer: false },
      ]),
    );
    expect(saved.isDefault).toBe(false);
    const [posted] = await post(store, org, [invoice(customer.customerId, "2026-11-05", 1000n, 130n)]);
    const view = await getVoucher(store.db, org.orgId, posted?.voucherId ?? "");
    expect(view.lines.map((l) => l.accountCode)).toEqual(["1122", "6051", "22210102"]);
    const reset = await runCommand(store, (tx) =>
      savePostingRule(tx, org.actor, org.orgId, "invoice_issued", null),
    );
    expect(reset.isDefault).toBe(true);
    expect(
      (await effectiveRules(store.db, org.orgId)).find((r) => r.eventType === "invoice_issued")?.lines[1]
        ?.role,
    ).toBe("revenue");
  });

  it("writes off directly to 营业外支出 under 小企业会计准则, and skips what the framework does not book", async () => {
    const store = context.store();
    const org = await makeOrganization(store, "Small Co.", "asbe");
    const customer = await addTestCustomer(store, org, "S001");
    const results = await post(store, org, [
      invoice(customer.customerId, "2026-11-05", 1000n, 130n),
      {
        ...invoice(customer.customerId, "2026-11-30", 0n, 0n),
        type: "write_off",
        amounts: { amount: 1130n },
        memo: "坏账核销",
      },
      {
        ...invoice(customer.customerId, "2026-11-30", 0n, 0n),
        type: "provision",
        amounts: { amount: 500n },
        memo: "计提",
      },
    ]);
    expect(results[2]).toBeNull();
    const view = await getVoucher(store.db, org.orgId, results[1]?.voucherId ?? "");
    expect(view.lines.map((l) => [l.accountCode, l.debitMinor, l.creditMinor])).toEqual([
      ["5711", 1130n, 0n],
      ["1122", 0n, 1130n],
    ]);
  });

  it("adds sub-accounts under unused accounts only, coded under their parent", async () => {
    const store = context.store();
    const org = await makeOrganization(store);
    const customer = await addTestCustomer(store, org, "C006");
    const sub = await runCommand(store, (tx) =>
      addSubAccount(tx, org.actor, org.orgId, {
        parentCode: "6602",
        code: "660201",
        nameZh: "办公费",
        nameEn: "Office",
      }),
    );
    expect(sub).toMatchObject({ type: "expense", normalBalance: "debit", parentCode: "6602" });
    await expectCode(
      runCommand(store, (tx) =>
        addSubAccount(tx, org.actor, org.orgId, {
          parentCode: "6602",
          code: "660101",
          nameZh: "x",
          nameEn: "x",
        }),
      ),
      "VALIDATION_FAILED",
    );
    await expectCode(
      runCommand(store, (tx) =>
        addSubAccount(tx, org.actor, org.orgId, {
          parentCode: "1122",
          code: "112201",
          nameZh: "x",
          nameEn: "x",
        }),
      ),
      "ACCOUNT_IN_USE",
    );
    await post(store, org, [invoice(customer.customerId, "2026-11-05", 1000n, 130n)]);
    await expectCode(
      runCommand(store, (tx) =>
        addSubAccount(tx, org.actor, org.orgId, {
          parentCode: "6001",
          code: "600101",
          nameZh: "x",
          nameEn: "x",
        }),
      ),
      "ACCOUNT_IN_USE",
    );
  });

  it("numbers concurrent postings 1..n without gaps or duplicates", async () => {
    const store = context.store();
    const org = await makeOrganization(store);
    const customer = await addTestCustomer(store, org, "C008");
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        post(store, org, [invoice(customer.customerId, "2026-11-05", BigInt(i + 1), 0n)]),
      ),
    );
    const numbers = results.map(([posted]) => Number(posted?.number)).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
  });

  it("verify finds a voucher whose line was removed behind the ledger's back", async () => {
    const store = context.store();
    const org = await makeOrganization(store);
    const customer = await addTestCustomer(store, org, "C007");
    const [posted] = await post(store, org, [invoice(customer.customerId, "2026-11-05", 1000n, 130n)]);
    await store.db
      .deleteFrom("journal_lines")
      .where("org_id", "=", org.orgId)
      .where("voucher_id", "=", posted?.voucherId ?? "")
      .where("line_no", "=", 3n)
      .execute();
    const report = await verifyLedger(store.db, org.orgId);
    expect(report.ok).toBe(false);
    expect(report.unbalancedVouchers).toMatchObject([
      { voucherId: posted?.voucherId, differenceMinor: 130n },
    ]);
    expect(report.lineCountMismatches).toEqual([posted?.voucherId]);
    expect(report.trialBalanceImbalance).toEqual([{ currency: "CNY", differenceMinor: 130n }]);
  });
});
