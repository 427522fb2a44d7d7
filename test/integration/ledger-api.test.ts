import type { InjectOptions } from "fastify";
import { beforeAll, expect, it } from "vitest";
import type { BuiltApp } from "../../src/api/app.ts";
import { describeEachEngine } from "../support/engines.ts";
import {
  addTestCustomer,
  addTestMember,
  makeOrganization,
  type TestOrganization,
} from "../support/fixtures.ts";
import { makeTestApp, type Session, signIn } from "../support/http.ts";

describeEachEngine("ledger API", (context) => {
  let built: BuiltApp;
  let org: TestOrganization;
  let owner: Session;
  let accountant: Session;
  let customerId: string;

  beforeAll(async () => {
    built = await makeTestApp(context.store());
    org = await makeOrganization(context.store(), "Ledger API Co.");
    owner = await signIn(built, org.owner.email);
    accountant = await signIn(built, (await addTestMember(context.store(), org, "accountant")).email);
    customerId = (await addTestCustomer(context.store(), org, "L001")).customerId;
  });

  const url = (path: string) => `/api/v1/orgs/${org.orgId}/ledger/${path}`;
  const inject = (options: InjectOptions) => built.app.inject(options);
  const voucher = (memo: string, lines: Array<Record<string, unknown>>, date = "2026-10-15") => ({
    date,
    memo,
    lines,
  });

  it("posts a manual voucher once per Idempotency-Key and shows it in the journal", async () => {
    const payload = voucher("收到货款", [
      { accountCode: "1002", debit: "1130.00" },
      { accountCode: "1122", credit: "1130.00", customerId },
    ]);
    const headers = { ...accountant.headers, "idempotency-key": "manual-1" };
    const first = await inject({ method: "POST", url: url("vouchers"), headers, payload });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({
      label: "记-0001",
      period: "2026-10",
      kind: "manual",
      lines: [
        { accountCode: "1002", debit: "1130.00", credit: "0.00", accountNameZh: "银行存款" },
        { accountCode: "1122", debit: "0.00", credit: "1130.00", customerCode: "L001" },
      ],
    });
    const again = await inject({ method: "POST", url: url("vouchers"), headers, payload });
    expect(again.statusCode).toBe(201);
    expect(again.headers["idempotent-replayed"]).toBe("true");
    expect(again.json().voucherId).toBe(first.json().voucherId);
    const journal = await inject({
      method: "GET",
      url: url("vouchers?period=2026-10"),
      headers: owner.headers,
    });
    expect(journal.json().items).toHaveLength(1);
  });

  it("answers an unbalanced or malformed voucher with a 4xx problem and posts nothing", async () => {
    const before = (await inject({ method: "GET", url: url("verify"), headers: owner.headers })).json();
    const unbalanced = await inject({
      method: "POST",
      url: url("vouchers"),
      headers: accountant.headers,
      payload: voucher("x", [
        { accountCode: "1002", debit: "10.00" },
        { accountCode: "6001", credit: "9.99" },
      ]),
    });
    expect(unbalanced.statusCode).toBe(422);
    expect(unbalanced.headers["content-type"]).toContain("application/problem+json");
    expect(unbalanced.json()).toMatchObject({ code: "VOUCHER_UNBALANCED" });
    const badAmount = await inject({
      method: "POST",
      url: url("vouchers"),
      headers: accountant.headers,
      payload: voucher("x", [
        { accountCode: "1002", debit: "10.001" },
        { accountCode: "6001", credit: "10.00" },
      ]),
    });
    expect(badAmount.statusCode).toBe(400);
    expect(badAmount.json()).toMatchObject({ code: "INVALID_AMOUNT", issues: [{ path: "lines.0.debit" }] });
    const badDate = await inject({
      method: "POST",
      url: url("vouchers"),
      headers: accountant.headers,
      payload: voucher(
        "x",
        [
          { accountCode: "1002", debit: "1" },
          { accountCode: "6001", credit: "1" },
        ],
        "2026-02-30",
      ),
    });
    expect(badDate.statusCode).toBe(400);
    const after = (await inject({ method: "GET", url: url("verify"), headers: owner.headers })).json();
    expect(after).toEqual(before);
    expect(after.ok).toBe(true);
  });

  it("reverses a voucher, refuses a second reversal, and balances the trial balance", async () => {
    const posted = await inject({
      method: "POST",
      url: url("vouchers"),
      headers: accountant.headers,
      payload: voucher(
        "确认收入",
        [
          { accountCode: "1122", debit: "565.00", customerId },
          { accountCode: "6001", credit: "500.00" },
          { accountCode: "22210102", credit: "65.00" },
        ],
        "2026-10-20",
      ),
    });
    expect(posted.statusCode).toBe(201);
    const id = posted.json().voucherId as string;
    const reverse = () =>
      inject({
        method: "POST",
        url: url(`vouchers/${id}/reverse`),
        headers: accountant.headers,
        payload: { date: "2026-10-21", reason: "金额有误" },
      });
    const reversal = await reverse();
    expect(reversal.statusCode).toBe(201);
    expect(reversal.json()).toMatchObject({ kind: "reversal", reversesVoucherId: id });
    expect((await reverse()).json()).toMatchObject({ code: "ALREADY_REVERSED", status: 409 });
    const tb = await inject({
      method: "GET",
      url: url("trial-balance?period=2026-10"),
      headers: owner.headers,
    });
    expect(tb.statusCode).toBe(200);
    expect(tb.json()).toMatchObject({ from: "2026-10-01", to: "2026-10-31", balanced: true });
    const tbAsOf = await inject({
      method: "GET",
      url: url("trial-balance?asOf=2026-10-31"),
      headers: owner.headers,
    });
    expect(tbAsOf.json().rows.find((r: { code: string }) => r.code === "1122")).toMatchObject({
      closingDebit: "0.00",
      closingCredit: "1130.00",
    });
    const gl = await inject({
      method: "GET",
      url: url("accounts/1122/ledger?from=2026-10-01&to=2026-10-31"),
      headers: owner.headers,
    });
    expect(gl.json()).toMatchObject({ opening: "0.00", closing: "-1130.00", lineCount: 3 });
  });

  it("lets only the owner close and reopen periods, reopening with confirmation", async () => {
    const close = (session: Session) =>
      inject({
        method: "POST",
        url: url("periods/close"),
        headers: session.headers,
        payload: { period: "2026-10" },
      });
    expect((await close(accountant)).statusCode).toBe(403);
    expect((await close(owner)).json()).toMatchObject({ period: "2026-10", status: "closed" });
    const blocked = await inject({
      method: "POST",
      url: url("vouchers"),
      headers: accountant.headers,
      payload: voucher("late", [
        { accountCode: "1002", debit: "1" },
        { accountCode: "6001", credit: "1" },
      ]),
    });
    expect(blocked.json()).toMatchObject({ code: "PERIOD_CLOSED", status: 409 });
    const reopen = (confirm?: boolean) =>
      inject({
        method: "POST",
        url: url("periods/reopen"),
        headers: owner.headers,
        payload: confirm === undefined ? { period: "2026-10" } : { period: "2026-10", confirm },
      });
    expect((await reopen()).json()).toMatchObject({ code: "CONFIRMATION_REQUIRED" });
    expect((await reopen(true)).json()).toMatchObject({ status: "open" });
    const audit = await inject({
      method: "GET",
      url: `/api/v1/orgs/${org.orgId}/audit`,
      headers: owner.headers,
    });
    const actions = (audit.json().items as Array<{ action: string }>).map((item) => item.action);
    expect(actions).toEqual(expect.arrayContaining(["period.closed", "period.reopened", "voucher.reversed"]));
  });

  it("refuses a posting rule that cannot balance and saves one that does", async () => {
    const put = (lines: unknown) =>
      inject({
        method: "PUT",
        url: url("posting-rules"),
        headers: accountant.headers,
        payload: { eventType: "discount_taken", lines },
      });
    const bad = await put([
      { side: "debit", role: "finance_expense", amount: "discount", customer: false },
      { side: "credit", role: "receivables", amount: "discount + discount", customer: true },
    ]);
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toMatchObject({ code: "RULE_UNBALANCED", issues: [{ code: "RULE_UNBALANCED" }] });
    const good = await put([
      { side: "debit", role: "non_operating_expense", amount: "discount", customer: false },
      { side: "credit", role: "receivables", amount: "discount", customer: true },
    ]);
    expect(good.statusCode).toBe(200);
    expect(
      good.json().rules.find((r: { eventType: string }) => r.eventType === "discount_taken"),
    ).toMatchObject({
      isDefault: false,
    });
    const reset = await put(null);
    expect(
      reset.json().rules.find((r: { eventType: string }) => r.eventType === "discount_taken").isDefault,
    ).toBe(true);
  });

  it("downloads the journal and the trial balance in every format, formulas neutralized", async () => {
    const evil = await inject({
      method: "POST",
      url: `/api/v1/orgs/${org.orgId}/customers`,
      headers: owner.headers,
      payload: { code: "L002", name: '=HYPERLINK("http://x")' },
    });
    await inject({
      method: "POST",
      url: url("vouchers"),
      headers: accountant.headers,
      payload: voucher(
        "+SUM(A1)",
        [
          { accountCode: "1122", debit: "1.00", customerId: evil.json().customerId },
          { accountCode: "6001", credit: "1.00" },
        ],
        "2026-11-02",
      ),
    });
    const csv = await inject({
      method: "GET",
      url: url("exports/journal?format=csv"),
      headers: owner.headers,
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers["content-type"]).toContain("text/csv");
    expect(csv.headers["content-disposition"]).toBe('attachment; filename="journal-all.csv"');
    expect(csv.body.startsWith("\uFEFF")).toBe(true);
    expect(csv.body).toContain("'+SUM(A1)");
    expect(csv.body).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(csv.body).not.toMatch(/(^|,)[=+@]/m);
    const hledger = await inject({
      method: "GET",
      url: url("exports/journal?format=hledger&period=2026-11"),
      headers: owner.headers,
    });
    expect(hledger.body).toContain("(2026-11 记-0001)");
    for (const format of ["xlsx", "voucher-xlsx"]) {
      const xlsx = await inject({
        method: "GET",
        url: url(`exports/journal?format=${format}`),
        headers: owner.headers,
      });
      expect(xlsx.statusCode).toBe(200);
      expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe("PK");
    }
    const tb = await inject({
      method: "GET",
      url: url("exports/trial-balance?format=json&asOf=2026-11-30"),
      headers: owner.headers,
    });
    expect(JSON.parse(tb.body)).toMatchObject({ to: "2026-11-30", balanced: true });
    const tbXlsx = await inject({
      method: "GET",
      url: url("exports/trial-balance?format=xlsx&period=2026-11"),
      headers: owner.headers,
    });
    expect(tbXlsx.headers["content-disposition"]).toContain("trial-balance-2026-11-01_2026-11-30.xlsx");
    const bad = await inject({
      method: "GET",
      url: url("exports/journal?format=pdf"),
      headers: owner.headers,
    });
    expect(bad.statusCode).toBe(400);
  });

  it("adds a sub-account, lists the chart, and refuses a code outside its parent", async () => {
    const add = (code: string) =>
      inject({
        method: "POST",
        url: url("accounts"),
        headers: accountant.headers,
        payload: { parentCode: "6603", code, nameZh: "利息收入", nameEn: "Interest income" },
      });
    expect((await add("660101")).statusCode).toBe(400);
    // 6603 fills the interest_income role in CAS; it has to be remapped before it gets children.
    expect((await add("660301")).json()).toMatchObject({ code: "ACCOUNT_IN_USE" });
    const chart = await inject({ method: "GET", url: url("accounts"), headers: owner.headers });
    expect(chart.json().items.find((a: { code: string }) => a.code === "6603").roles).toEqual(
      expect.arrayContaining(["interest_income", "finance_expense"]),
    );
  });
});
