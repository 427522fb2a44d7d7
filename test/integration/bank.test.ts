import type { InjectOptions } from "fastify";
import { beforeAll, expect, it } from "vitest";
import type { BuiltApp } from "../../src/api/app.ts";
import { runCommand } from "../../src/services/command.ts";
import { createCustomer } from "../../src/services/customers.ts";
import type { Store } from "../../src/store/database.ts";
import { describeEachEngine } from "../support/engines.ts";
import {
  addTestMember,
  fixedClock,
  grantTestCredit,
  makeOrganization,
  type TestOrganization,
} from "../support/fixtures.ts";
import { makeTestApp, type Session, signIn } from "../support/http.ts";

/**
 * Bank statements on both engines: a Chinese bank's CSV export is imported, the line quoting an
 * invoice number becomes a payment by itself, a head office paying several invoices by name is
 * matched by the combination, an unclear line waits in the review queue with suggestions and is
 * resolved there; importing the same statement again is refused.
 */

const account = "6222021001112223334";

function csvOf(rows: ReadonlyArray<ReadonlyArray<string>>): string {
  const header = ["交易日期", "贷方发生额", "借方发生额", "对方户名", "对方账号", "附言", "流水号"];
  return `${[header, ...rows].map((row) => row.join(",")).join("\r\n")}\r\n`;
}

describeEachEngine("bank statements and matching", (context) => {
  const state: {
    built?: BuiltApp;
    org?: TestOrganization;
    accountant?: Session;
    ids: Record<string, string>;
  } = { ids: {} };
  const store = (): Store => context.store();
  const org = () => state.org as TestOrganization;
  const inject = (options: InjectOptions) => (state.built as BuiltApp).app.inject(options);
  const url = (path: string) => `/api/v1/orgs/${org().orgId}${path}`;
  const post = (path: string, payload: object) =>
    inject({ method: "POST", url: url(path), headers: (state.accountant as Session).headers, payload });
  const get = (path: string) =>
    inject({ method: "GET", url: url(path), headers: (state.accountant as Session).headers });
  const invoices: Record<string, { number: string; gross: string; itemId: string }> = {};

  beforeAll(async () => {
    state.built = await makeTestApp(store(), { clock: fixedClock });
    state.org = await makeOrganization(store(), "Bank Co.");
    state.accountant = await signIn(
      state.built,
      (await addTestMember(store(), state.org, "accountant")).email,
    );
    for (const [code, name] of [
      ["B-STAR", "上海星辰科技有限公司"],
      ["B-RIVER", "杭州江河贸易有限公司"],
      ["B-MOON", "北京明月机械制造有限公司"],
    ] as const) {
      const customer = await runCommand(store(), (tx) =>
        createCustomer(tx, org().actor, org().orgId, { code, name, kind: "company" }),
      );
      await grantTestCredit(store(), org(), customer.customerId);
      state.ids[code] = customer.customerId;
    }
    for (const [key, code, price] of [
      ["star", "B-STAR", "1000"],
      ["river1", "B-RIVER", "2000"],
      ["river2", "B-RIVER", "3000"],
      ["moon", "B-MOON", "4321"],
    ] as const) {
      const response = await post("/invoices", {
        customerId: state.ids[code],
        documentDate: "2026-11-02",
        lines: [{ description: "货物", quantity: "1", unitPrice: price, vatRate: "0.13" }],
        issue: true,
      });
      expect(response.statusCode, response.body).toBe(201);
      const body = response.json();
      invoices[key] = { number: body.number, gross: body.gross, itemId: body.items[0].itemId };
    }
  });

  function statementFile() {
    const star = invoices.star;
    const river1 = invoices.river1;
    const river2 = invoices.river2;
    const moon = invoices.moon;
    if (!star || !river1 || !river2 || !moon) throw new Error("invoices first");
    const both = (Number(river1.gross) + Number(river2.gross)).toFixed(2);
    return csvOf([
      [
        "2026-11-20",
        star.gross,
        "",
        "上海星辰科技有限公司",
        "31001234567890",
        `货款 ${star.number}`,
        "SEQ001",
      ],
      ["2026-11-20", both, "", "杭州江河贸易有限公司", "", "11月货款", "SEQ002"],
      ["2026-11-21", "777.00", "", "某某个人", "", "转账", "SEQ003"],
      ["2026-11-21", moon.gross, "", "明月机械（北京）", "", "付款", "SEQ004"],
      ["2026-11-22", "", "500.00", "电费", "", "代扣电费", "SEQ005"],
    ]);
  }

  const importFile = (text: string, fileName = "statement.csv") =>
    post("/bank-statements", {
      fileBase64: Buffer.from(text, "utf8").toString("base64"),
      fileName,
      format: "csv",
      csvMapping: { account },
    });

  it("imports a CSV statement, applies the sure matches and queues the rest; the same statement twice is refused", async () => {
    const imported = await importFile(statementFile());
    expect(imported.statusCode, imported.body).toBe(201);
    const summary = imported.json();
    expect(summary).toMatchObject({ lines: 5, incoming: 4 });
    expect(summary.matchedAutomatically).toBeGreaterThanOrEqual(2);
    expect(summary.matchedAutomatically + summary.waitingForReview).toBe(4);
    expect((await get(`/invoices?customerId=${state.ids["B-STAR"]}`)).json().items[0].status).toBe("paid");
    const river = (await get(`/invoices?customerId=${state.ids["B-RIVER"]}`)).json().items;
    expect(river.map((invoice: { status: string }) => invoice.status)).toEqual(["paid", "paid"]);

    const again = await importFile(statementFile(), "same-statement-renamed.csv");
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe("BANK_STATEMENT_DUPLICATE");
    const reordered = await importFile(`${statementFile()}\r\n`, "same-statement-other-bytes.csv");
    expect(reordered.statusCode).toBe(409);
    const statements = (await get("/bank-statements")).json().items;
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatchObject({ account, lineCount: 5 });
  });

  it("resolves the review queue: accepts a suggestion, ignores a line with a reason, and refuses a second resolution", async () => {
    const queue = (await get("/bank-lines?status=review")).json().items as Array<{
      bankLineId?: string;
      lineId: string;
      counterpartyName: string;
      suggestions: Array<{ customerId: string; confidence: number }>;
    }>;
    const moonLine = queue.find((line) => line.counterpartyName === "明月机械（北京）");
    expect(moonLine, "the name variant waits for a person").toBeDefined();
    expect(moonLine?.suggestions[0]?.customerId).toBe(state.ids["B-MOON"]);
    const accepted = await post(`/bank-lines/${moonLine?.lineId}/resolve`, { kind: "accept", suggestion: 0 });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json().line.status).toBe("matched");
    expect((await get(`/invoices?customerId=${state.ids["B-MOON"]}`)).json().items[0].status).toBe("paid");
    const twice = await post(`/bank-lines/${moonLine?.lineId}/resolve`, { kind: "accept", suggestion: 0 });
    expect(twice.statusCode).toBe(409);

    const stranger = queue.find((line) => line.counterpartyName === "某某个人");
    const noReason = await post(`/bank-lines/${stranger?.lineId}/resolve`, { kind: "ignore", reason: "" });
    expect(noReason.statusCode).toBe(400);
    const ignored = await post(`/bank-lines/${stranger?.lineId}/resolve`, {
      kind: "ignore",
      reason: "股东借款，非客户回款",
    });
    expect(ignored.statusCode, ignored.body).toBe(200);
    expect((await get("/bank-lines?status=review")).json().items).toHaveLength(0);
    expect((await get("/bank-lines?status=outgoing")).json().items).toHaveLength(1);
  });

  it("learns the payer's account from a match, so its next receipt matches by account", async () => {
    const sold = await post("/invoices", {
      customerId: state.ids["B-STAR"],
      documentDate: "2026-11-22",
      lines: [{ description: "货物", quantity: "2", unitPrice: "250", vatRate: "0.13" }],
      issue: true,
    });
    const gross = sold.json().gross;
    const next = csvOf([["2026-11-23", gross, "", "SX TECH", "31001234567890", "payment", "SEQ101"]]);
    const imported = await importFile(next, "next.csv");
    expect(imported.statusCode, imported.body).toBe(201);
    expect(imported.json().matchedAutomatically).toBe(1);
  });

  it("matches a receipt quoting only the 发票号码 recorded after the invoice was issued", async () => {
    const sold = await post("/invoices", {
      customerId: state.ids["B-MOON"],
      documentDate: "2026-11-22",
      lines: [{ description: "配件", quantity: "3", unitPrice: "111", vatRate: "0.13" }],
      issue: true,
    });
    expect(sold.statusCode, sold.body).toBe(201);
    const taxInvoice = await inject({
      method: "PUT",
      url: url(`/invoices/${sold.json().invoiceId}/tax-invoice`),
      headers: (state.accountant as Session).headers,
      payload: { taxInvoiceNumber: "26442000000012345678", taxInvoiceDate: "2026-11-22" },
    });
    expect(taxInvoice.statusCode, taxInvoice.body).toBe(200);
    const line = csvOf([
      ["2026-11-23", sold.json().gross, "", "个人代付", "", "发票26442000000012345678", "SEQ201"],
    ]);
    const imported = await importFile(line, "tax-invoice.csv");
    expect(imported.statusCode, imported.body).toBe(201);
    expect(imported.json().matchedAutomatically).toBe(1);
    expect((await get(`/invoices/${sold.json().invoiceId}`)).json().status).toBe("paid");
  });

  it("refuses a bad mapping and a file that is not a statement with the field at fault", async () => {
    const badMapping = await post("/bank-statements", {
      fileBase64: Buffer.from(statementFile()).toString("base64"),
      format: "csv",
      csvMapping: { account: "" },
    });
    expect(badMapping.statusCode).toBe(400);
    const garbage = await post("/bank-statements", {
      fileBase64: Buffer.from("hello").toString("base64"),
      format: "MT940",
    });
    expect(garbage.statusCode).toBe(400);
    expect(garbage.json().issues[0].path).toBe("file");
  });
});
