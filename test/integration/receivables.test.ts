import type { InjectOptions } from "fastify";
import { beforeAll, expect, it } from "vitest";
import type { BuiltApp } from "../../src/api/app.ts";
import { parseMinor } from "../../src/core/money.ts";
import { customerBalances, roleAccounts } from "../../src/services/ledger/index.ts";
import { openItemsAt } from "../../src/services/receivables/index.ts";
import type { Store } from "../../src/store/database.ts";
import { describeEachEngine } from "../support/engines.ts";
import {
  addTestCustomer,
  addTestMember,
  fixedClock,
  grantTestCredit,
  makeOrganization,
  type TestOrganization,
} from "../support/fixtures.ts";
import { makeTestApp, type Session, signIn } from "../support/http.ts";

/**
 * Receivables through the API on both engines: invoices on terms, open items, payments with
 * discounts, tolerance and overpayment, credit notes, reversal and refund, group payers. After
 * each scenario the books must agree with the documents: each customer's 应收账款 equals its open
 * items and its 预收账款 its unapplied money. The fixed clock makes today 2026-11-23.
 */

const minor = (text: string): bigint => parseMinor(text, "CNY");

interface ItemView {
  itemId: string;
  documentNumber: string;
  dueDate: string;
  original: string;
  open: string;
  status: string;
}

describeEachEngine("receivables API", (context) => {
  const state: { built?: BuiltApp; org?: TestOrganization; accountant?: Session; collector?: Session } = {};
  beforeAll(async () => {
    const store = context.store();
    state.built = await makeTestApp(store, { clock: fixedClock });
    state.org = await makeOrganization(store, "Receivables Co.");
    state.accountant = await signIn(state.built, (await addTestMember(store, state.org, "accountant")).email);
    state.collector = await signIn(state.built, (await addTestMember(store, state.org, "collector")).email);
  });
  const store = (): Store => context.store();
  const org = () => state.org as TestOrganization;
  const inject = (options: InjectOptions) => (state.built as BuiltApp).app.inject(options);
  const url = (path: string) => `/api/v1/orgs/${org().orgId}${path}`;
  const send = (
    method: "POST" | "PUT" | "DELETE",
    path: string,
    payload?: unknown,
    session = state.accountant as Session,
    headers: Record<string, string> = {},
  ) =>
    inject({
      method,
      url: url(path),
      headers: { ...session.headers, ...headers },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const post = (path: string, payload: unknown, headers: Record<string, string> = {}) =>
    send("POST", path, payload, state.accountant as Session, headers);
  const get = (path: string, session = state.accountant as Session) =>
    inject({ method: "GET", url: url(path), headers: session.headers });

  /** A customer with a limit of 1,000,000.00 on Net 30. */
  async function customer(code: string, limitMinor = 100_000_000n): Promise<string> {
    const id = (await addTestCustomer(store(), org(), code)).customerId;
    await grantTestCredit(store(), org(), id, limitMinor);
    return id;
  }

  async function invoice(
    customerId: string,
    net: string,
    options: { termsCode?: string; date?: string; vatRate?: string } = {},
  ) {
    const response = await post("/invoices", {
      customerId,
      documentDate: options.date ?? "2026-11-20",
      termsCode: options.termsCode ?? null,
      lines: [
        { description: "钢材 Q235", quantity: "1", unitPrice: net, vatRate: options.vatRate ?? "0.13" },
      ],
      issue: true,
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as {
      invoiceId: string;
      number: string;
      gross: string;
      items: ItemView[];
      status: string;
    };
  }

  /** Each customer's 应收账款 equals its open items, and its 预收账款 minus its unapplied money is zero. */
  async function expectBooksMatchDocuments(customerIds: ReadonlyArray<string>) {
    const db = store().db;
    const roles = await roleAccounts(db, org().orgId);
    for (const customerId of customerIds) {
      const balances = await customerBalances(db, org().orgId, { asOf: "2026-11-23", customerId });
      const on = (role: "receivables" | "advance_receipts") =>
        balances
          .filter((b) => b.accountCode === roles.get(role))
          .reduce((sum, b) => sum + b.balanceMinor, 0n);
      const items = await openItemsAt(db, org().orgId, "2026-11-23", [customerId]);
      expect(on("receivables"), `应收账款 of ${customerId}`).toBe(
        items.reduce((sum, item) => sum + item.openMinor, 0n),
      );
      const unapplied = await db
        .selectFrom("payments")
        .select("unapplied_minor")
        .where("org_id", "=", org().orgId)
        .where("customer_id", "=", customerId)
        .execute();
      expect(-on("advance_receipts"), `预收账款 of ${customerId}`).toBe(
        unapplied.reduce((sum, row) => sum + BigInt(row.unapplied_minor), 0n),
      );
    }
  }

  it("issues an invoice on 2/10 net 30: number, VAT, voucher and one open item; a partial payment in the window takes a pro-rata discount", async () => {
    const id = await customer("R-001");
    const draft = await post("/invoices", {
      customerId: id,
      documentDate: "2026-11-20",
      termsCode: "2/10N30",
      lines: [
        { description: "螺纹钢", quantity: "3", unitPrice: "33.33", vatRate: "0.13" },
        { description: "运输服务", quantity: "1", unitPrice: "100000", vatRate: "0.09" },
      ],
    });
    expect(draft.statusCode, draft.body).toBe(201);
    const created = draft.json();
    expect(created).toMatchObject({
      status: "draft",
      number: null,
      net: "100099.99",
      tax: "9013.00",
      gross: "109112.99",
    });
    const issued = await post(`/invoices/${created.invoiceId}/issue`, {});
    expect(issued.statusCode, issued.body).toBe(200);
    const view = issued.json();
    expect(view.number).toMatch(/^INV-\d{6}$/);
    expect(view.items).toHaveLength(1);
    expect(view.items[0]).toMatchObject({ dueDate: "2026-12-20", original: "109112.99", open: "109112.99" });
    const detail = (await get(`/invoices/${created.invoiceId}`)).json();
    expect(detail.vouchers).toHaveLength(1);
    expect(detail.vouchers[0]).toMatchObject({ eventType: "invoice_issued", amount: "109112.99" });

    // 49,000.00 on day 3 of a 2 % window settles 50,000.00: 1,000.00 discount (pro rata).
    const paid = await post("/payments", {
      customerId: id,
      method: "bank_transfer",
      receivedDate: "2026-11-23",
      amount: "49000.00",
      reference: view.number,
      allocation: { method: "oldest_first" },
    });
    expect(paid.statusCode, paid.body).toBe(201);
    const payment = paid.json();
    expect(payment.allocations).toHaveLength(1);
    expect(payment.allocations[0]).toMatchObject({
      applied: "49000.00",
      discount: "1000.00",
      writeOff: "0.00",
    });
    expect(payment.unapplied).toBe("0.00");
    const after = (await get(`/invoices/${created.invoiceId}`)).json();
    expect(after).toMatchObject({ status: "partially_paid", open: "59112.99" });
    await expectBooksMatchDocuments([id]);
  });

  it("refuses bad invoices with the field at fault and writes nothing", async () => {
    const id = await customer("R-002");
    const before = (await get(`/invoices?customerId=${id}`)).json().items.length;
    const cases: Array<[unknown, string]> = [
      [
        {
          customerId: id,
          documentDate: "2026-11-20",
          lines: [{ description: "x", quantity: "1", unitPrice: "1", vatRate: "0.17" }],
        },
        "lines.0.vatRate",
      ],
      [
        {
          customerId: id,
          documentDate: "2026-12-01",
          lines: [{ description: "x", quantity: "1", unitPrice: "1", vatRate: "0.13" }],
        },
        "documentDate",
      ],
      [
        {
          customerId: id,
          documentDate: "2026-11-20",
          termsCode: "NOPE",
          lines: [{ description: "x", quantity: "1", unitPrice: "1", vatRate: "0.13" }],
        },
        "termsCode",
      ],
      [
        {
          customerId: id,
          documentDate: "2026-11-20",
          taxInvoiceNumber: "12AB",
          taxInvoiceDate: "2026-11-20",
          lines: [{ description: "x", quantity: "1", unitPrice: "1", vatRate: "0.13" }],
        },
        "taxInvoiceNumber",
      ],
      [
        {
          customerId: id,
          documentDate: "2026-11-20",
          lines: [{ description: "x", quantity: "-1", unitPrice: "1", vatRate: "0.13" }],
        },
        "lines.0.quantity",
      ],
    ];
    for (const [payload, path] of cases) {
      const response = await post("/invoices", payload);
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json().issues.map((i: { path: string }) => i.path)).toContain(path);
    }
    expect((await get(`/invoices?customerId=${id}`)).json().items).toHaveLength(before);
  });

  it("runs the credit check when issuing: over the limit is 422 CREDIT_BLOCKED and nothing is posted", async () => {
    const id = await customer("R-003", 1_000_00n);
    const draft = (
      await post("/invoices", {
        customerId: id,
        documentDate: "2026-11-20",
        lines: [{ description: "设备", quantity: "1", unitPrice: "5000", vatRate: "0.13" }],
      })
    ).json();
    const refused = await post(`/invoices/${draft.invoiceId}/issue`, {});
    expect(refused.statusCode).toBe(422);
    expect(refused.json().code).toBe("CREDIT_BLOCKED");
    expect((await get(`/invoices/${draft.invoiceId}`)).json()).toMatchObject({
      status: "draft",
      number: null,
      items: [],
    });
    expect((await send("DELETE", `/invoices/${draft.invoiceId}`)).statusCode).toBe(204);
    expect((await get(`/invoices/${draft.invoiceId}`)).statusCode).toBe(404);
  });

  it("keeps an overpayment as unapplied credit, applies it later to a new invoice and refunds the rest", async () => {
    const id = await customer("R-004");
    const first = await invoice(id, "1000.00");
    const paid = (
      await post("/payments", {
        customerId: id,
        method: "bank_transfer",
        receivedDate: "2026-11-21",
        amount: "2000.00",
        allocation: { method: "oldest_first" },
      })
    ).json();
    expect(paid.unapplied).toBe("870.00");
    expect((await get(`/invoices/${first.invoiceId}`)).json().status).toBe("paid");
    const second = await invoice(id, "500.00", { date: "2026-11-22" });
    const applied = await post(`/payments/${paid.paymentId}/apply`, {
      method: "chosen",
      items: [{ itemId: second.items[0]?.itemId }],
    });
    expect(applied.statusCode, applied.body).toBe(200);
    expect(applied.json().unapplied).toBe("305.00");
    const tooMuch = await post(`/payments/${paid.paymentId}/refund`, {
      date: "2026-11-23",
      amount: "305.01",
      reason: "客户要求退回",
    });
    expect(tooMuch.statusCode).toBe(400);
    const refunded = await post(`/payments/${paid.paymentId}/refund`, {
      date: "2026-11-23",
      amount: "305.00",
      reason: "客户要求退回",
    });
    expect(refunded.statusCode, refunded.body).toBe(200);
    expect(refunded.json()).toMatchObject({ unapplied: "0.00", refunds: [{ amount: "305.00" }] });
    await expectBooksMatchDocuments([id]);
  });

  it("writes off a shortfall within the tolerance (bank charges) and leaves a larger one open", async () => {
    const id = await customer("R-005");
    const small = await invoice(id, "1000.00");
    const paid = (
      await post("/payments", {
        customerId: id,
        method: "bank_transfer",
        receivedDate: "2026-11-21",
        amount: "1129.50",
        allocation: { method: "chosen", items: [{ itemId: small.items[0]?.itemId }] },
      })
    ).json();
    expect(paid.allocations[0]).toMatchObject({ applied: "1129.50", writeOff: "0.50" });
    expect((await get(`/invoices/${small.invoiceId}`)).json().status).toBe("paid");
    const large = await invoice(id, "1000.00");
    const short = (
      await post("/payments", {
        customerId: id,
        method: "cheque",
        receivedDate: "2026-11-21",
        amount: "1100.00",
        allocation: { method: "chosen", items: [{ itemId: large.items[0]?.itemId }] },
      })
    ).json();
    expect(short.allocations[0]).toMatchObject({ applied: "1100.00", writeOff: "0.00" });
    expect((await get(`/invoices/${large.invoiceId}`)).json()).toMatchObject({
      status: "partially_paid",
      open: "30.00",
    });
    await expectBooksMatchDocuments([id]);
  });

  it("a credit note reduces the invoice at once; more than the invoice charged is refused", async () => {
    const id = await customer("R-006");
    const sold = await invoice(id, "2000.00");
    const tooMuch = await post(`/invoices/${sold.invoiceId}/credit-notes`, {
      documentDate: "2026-11-22",
      reason: "退货",
      lines: [{ description: "退货", quantity: "1", unitPrice: "2000.01", vatRate: "0.13" }],
    });
    expect(tooMuch.statusCode).toBe(400);
    const credit = await post(`/invoices/${sold.invoiceId}/credit-notes`, {
      documentDate: "2026-11-22",
      reason: "质量折让",
      lines: [{ description: "质量折让", quantity: "1", unitPrice: "500", vatRate: "0.13" }],
    });
    expect(credit.statusCode, credit.body).toBe(201);
    expect(credit.json()).toMatchObject({ kind: "credit_note", gross: "565.00", open: "0.00" });
    expect(credit.json().number).toMatch(/^CN-\d{6}$/);
    const after = (await get(`/invoices/${sold.invoiceId}`)).json();
    expect(after).toMatchObject({ open: "1695.00", status: "partially_paid" });
    expect(after.notes).toHaveLength(1);
    const edit = await send("PUT", `/invoices/${sold.invoiceId}`, {
      customerId: id,
      documentDate: "2026-11-20",
      lines: [{ description: "x", quantity: "1", unitPrice: "1", vatRate: "0.13" }],
    });
    expect(edit.statusCode).toBe(409);
    expect(edit.json().code).toBe("INVOICE_STATUS");
    await expectBooksMatchDocuments([id]);
  });

  it("reversing a bounced cheque reopens the items from the reversal date; what was open before stays as it was", async () => {
    const id = await customer("R-007");
    const sold = await invoice(id, "1000.00", { date: "2026-11-01" });
    const cheque = (
      await post("/payments", {
        customerId: id,
        method: "cheque",
        receivedDate: "2026-11-10",
        amount: "1130.00",
        allocation: { method: "oldest_first" },
      })
    ).json();
    const asOf = async (date: string) =>
      (await openItemsAt(store().db, org().orgId, date, [id])).reduce(
        (sum, item) => sum + item.openMinor,
        0n,
      );
    expect(await asOf("2026-11-15")).toBe(0n);
    const noReason = await post(`/payments/${cheque.paymentId}/reverse`, { date: "2026-11-20", reason: " " });
    expect(noReason.statusCode).toBe(400);
    const reversed = await post(`/payments/${cheque.paymentId}/reverse`, {
      date: "2026-11-20",
      reason: "支票退票",
    });
    expect(reversed.statusCode, reversed.body).toBe(200);
    expect(reversed.json()).toMatchObject({ status: "reversed", reversalReason: "支票退票" });
    expect((await get(`/invoices/${sold.invoiceId}`)).json()).toMatchObject({
      status: "issued",
      open: "1130.00",
    });
    expect(await asOf("2026-11-05")).toBe(minor("1130.00"));
    expect(await asOf("2026-11-15")).toBe(0n);
    expect(await asOf("2026-11-20")).toBe(minor("1130.00"));
    const again = await post(`/payments/${cheque.paymentId}/reverse`, {
      date: "2026-11-21",
      reason: "again",
    });
    expect(again.statusCode).toBe(409);
    await expectBooksMatchDocuments([id]);
  });

  it("a head office pays for its branches: one payment settles items of several customers", async () => {
    const head = await customer("R-HQ");
    const branchA = await customer("R-BA");
    const branchB = await customer("R-BB");
    for (const branch of [branchA, branchB]) {
      const response = await send("PUT", `/customers/${branch}/group-payer`, { groupPayerId: head });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json().groupPayerId).toBe(head);
    }
    const nested = await send("PUT", `/customers/${head}/group-payer`, { groupPayerId: branchA });
    expect(nested.statusCode).toBe(400);
    await invoice(branchA, "1000.00");
    await invoice(branchB, "2000.00");
    const paid = await post("/payments", {
      customerId: head,
      method: "bank_transfer",
      receivedDate: "2026-11-22",
      amount: "3390.00",
      allocation: { method: "oldest_first" },
    });
    expect(paid.statusCode, paid.body).toBe(201);
    expect(paid.json().unapplied).toBe("0.00");
    expect(new Set(paid.json().allocations.map((a: { customerId: string }) => a.customerId))).toEqual(
      new Set([branchA, branchB]),
    );
    await expectBooksMatchDocuments([head, branchA, branchB]);
  });

  it("honors Idempotency-Key on payments and never over-applies an item under concurrent allocation", async () => {
    const id = await customer("R-008");
    const sold = await invoice(id, "1000.00");
    const body = {
      customerId: id,
      method: "bank_transfer",
      receivedDate: "2026-11-22",
      amount: "700.00",
      allocation: { method: "chosen", items: [{ itemId: sold.items[0]?.itemId }] },
    };
    const first = await post("/payments", body, { "idempotency-key": "pay-r008" });
    const replay = await post("/payments", body, { "idempotency-key": "pay-r008" });
    expect(replay.headers["idempotent-replayed"]).toBe("true");
    expect(replay.json().paymentId).toBe(first.json().paymentId);
    // Five more payments race for the 430.00 still open: together they apply exactly that.
    const racing = await Promise.all(
      Array.from({ length: 5 }, (_, n) =>
        post("/payments", { ...body, amount: "200.00" }, { "idempotency-key": `race-${n}` }),
      ),
    );
    // A payment that finds the item settled is refused (400 NOT_OPEN) and records nothing.
    for (const response of racing) {
      if (response.statusCode !== 201) expect(response.json().issues[0].code, response.body).toBe("NOT_OPEN");
    }
    const applied = racing
      .filter((response) => response.statusCode === 201)
      .reduce((sum, response) => sum + minor(response.json().amount) - minor(response.json().unapplied), 0n);
    expect(applied).toBe(minor("430.00"));
    expect((await get(`/invoices/${sold.invoiceId}`)).json()).toMatchObject({ status: "paid", open: "0.00" });
    await expectBooksMatchDocuments([id]);
  });

  it("shows aging as of a past date and lets collectors read but not record", async () => {
    const id = await customer("R-009");
    await invoice(id, "1000.00", { date: "2026-09-01" });
    const aging = await get(`/aging?asOf=2026-11-23&customerId=${id}`, state.collector);
    expect(aging.statusCode, aging.body).toBe(200);
    const row = aging.json().customers[0];
    expect(row).toMatchObject({ customerId: id, total: "1130.00", overdue: "1130.00" });
    const past = (await get(`/aging?asOf=2026-08-31&customerId=${id}`)).json();
    expect(past.customers).toHaveLength(0);
    const refused = await send(
      "POST",
      "/payments",
      { customerId: id, method: "cash", receivedDate: "2026-11-23", amount: "1.00" },
      state.collector,
    );
    expect(refused.statusCode).toBe(403);
  });
});
