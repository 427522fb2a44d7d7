import { sql } from "kysely";
import { beforeAll, expect, it } from "vitest";
import type { BuiltApp } from "../../src/api/app.ts";
import { runCommand } from "../../src/services/command.ts";
import { roleAccounts } from "../../src/services/ledger/chart.ts";
import { verifyLedger } from "../../src/services/ledger/index.ts";
import { recordPayment } from "../../src/services/receivables/payments.ts";
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
 * Provisions, write-offs and recoveries on both engines, through the API. Today is 2026-11-23.
 * Customers A and B owe invoices of 1,130.00 each (1,000 + 13 % VAT) from May to October, so the
 * month ends from May to October have balances in several aging buckets.
 */

describeEachEngine("risk: provisions, write-offs and recoveries", (context) => {
  const store = () => context.store();
  let app: BuiltApp;
  let org: TestOrganization;
  let asbe: TestOrganization;
  let owner: Session;
  let accountant: Session;
  let manager: Session;
  let asbeOwner: Session;
  const ids: Record<string, string> = {};
  const items: Record<string, string> = {};

  const call = async (
    method: "GET" | "POST" | "PUT",
    path: string,
    session: Session,
    payload?: object,
    headers: Record<string, string> = {},
    orgId = org.orgId,
  ) =>
    app.app.inject({
      method,
      url: `/api/v1/orgs/${orgId}${path}`,
      headers: { ...session.headers, ...headers },
      ...(payload === undefined ? {} : { payload }),
    });

  const openSum = async (orgId: string) => {
    const row = await store()
      .db.selectFrom("open_items")
      .select(sql<bigint>`cast(coalesce(sum(open_minor), 0) as bigint)`.as("open"))
      .where("org_id", "=", orgId)
      .executeTakeFirstOrThrow();
    return BigInt(row.open);
  };
  const receivablesBalance = async (orgId: string) => {
    const code = (await roleAccounts(store().db, orgId)).get("receivables") ?? "";
    const row = await store()
      .db.selectFrom("journal_lines")
      .select(sql<bigint>`cast(coalesce(sum(debit_minor - credit_minor), 0) as bigint)`.as("balance"))
      .where("org_id", "=", orgId)
      .where("account_code", "=", code)
      .executeTakeFirstOrThrow();
    return BigInt(row.balance);
  };
  const count = async (table: "write_offs" | "provision_runs" | "vouchers") => {
    const row = await store()
      .db.selectFrom(table)
      .select(sql<bigint>`count(*)`.as("n"))
      .where("org_id", "=", org.orgId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };

  beforeAll(async () => {
    app = await makeTestApp(store(), { clock: fixedClock });
    org = await makeOrganization(store(), "风险测试有限公司");
    asbe = await makeOrganization(store(), "小企业测试有限公司", "asbe");
    owner = await signIn(app, org.owner.email);
    asbeOwner = await signIn(app, asbe.owner.email);
    accountant = await signIn(app, (await addTestMember(store(), org, "accountant")).email);
    manager = await signIn(app, (await addTestMember(store(), org, "credit_manager")).email);
    // One customer per invoice: the credit check refuses new invoices to a customer already overdue.
    for (const [code, date] of [
      ["A0", "2026-05-10"],
      ["A1", "2026-08-01"],
      ["A2", "2026-10-15"],
      ["B0", "2026-06-20"],
      ["B1", "2026-09-05"],
      ["B2", "2026-10-28"],
    ] as const) {
      ids[code] = (await addTestCustomer(store(), org, code)).customerId;
      await grantTestCredit(store(), org, ids[code] as string);
      const invoice = await call("POST", "/invoices", accountant, {
        customerId: ids[code],
        documentDate: date,
        lines: [{ description: "货物", quantity: "1", unitPrice: "1000", vatRate: "0.13" }],
        issue: true,
      });
      expect(invoice.statusCode, invoice.body).toBe(201);
      items[code] = invoice.json().items[0].itemId;
    }
    // B pays its June invoice in August: history with a cure.
    await runCommand(
      store(),
      (tx) =>
        recordPayment(tx, org.actor, org.orgId, {
          customerId: ids.B0 as string,
          method: "bank_transfer",
          receivedDate: "2026-08-20",
          amountMinor: 113_000n,
          payerName: null,
          reference: null,
          note: null,
          allocation: {
            method: { kind: "chosen", items: [{ itemId: items.B0 as string, amountMinor: null }] },
            takeDiscounts: false,
            writeOffShortfall: false,
          },
        }),
      fixedClock,
    );
  });

  it("keeps a versioned risk policy with field-level validation", async () => {
    const initial = await call("GET", "/risk-policy", accountant);
    expect(initial.statusCode).toBe(200);
    expect(initial.json().definition).toMatchObject({
      version: 1,
      writeOffApprovalThreshold: "10000.00",
      historyMonths: 12,
      forwardLookingAdjustment: "0",
    });
    const bad = await call("PUT", "/risk-policy", owner, {
      writeOffApprovalThreshold: "-1",
      historyMonths: 12,
      forwardLookingAdjustment: "3",
      floorRates: { over_365: "1.5" },
    });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .issues.map((issue: { path: string }) => issue.path)
        .sort(),
    ).toEqual(["floorRates.over_365", "forwardLookingAdjustment", "writeOffApprovalThreshold"]);
    expect((await call("PUT", "/risk-policy", accountant, initial.json().definition)).statusCode).toBe(403);
    const saved = await call("PUT", "/risk-policy", owner, {
      writeOffApprovalThreshold: "500.00",
      historyMonths: 6,
      forwardLookingAdjustment: "0.10",
      // Six months of a young book show no flow past 91–180 days yet: floors carry those buckets.
      floorRates: { not_due: "0.01", "91_180": "0.5" },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().definition).toMatchObject({ version: 2, writeOffApprovalThreshold: "500.00" });
  });

  it("previews the matrix, posts the provision, trues up only the difference and releases when balances fall", async () => {
    const preview = await call("GET", "/provision-matrix?asOf=2026-10-31", accountant);
    expect(preview.statusCode, preview.body).toBe(200);
    const body = preview.json();
    expect(body.monthEnds).toHaveLength(7);
    expect(body.matrix.rows.map((row: { bucket: string }) => row.bucket)).toEqual([
      "not_due",
      "1_30",
      "31_60",
      "61_90",
      "91_180",
      "181_365",
      "over_365",
    ]);
    // On 10-31: A's May invoice (due 06-09) is 144 days late; A's August one (due 08-31) 61;
    // B's September one (due 10-05) 26; A's and B's October ones are not due; B's June one is paid.
    expect(body.matrix.totalBalance).toBe("5650.00");
    expect(body.currentAllowance).toBe("0.00");
    const sum = body.matrix.rows.reduce(
      (total: number, row: { provision: string }) => total + Math.round(Number(row.provision) * 100),
      0,
    );
    expect(Math.round(Number(body.matrix.required) * 100)).toBe(sum);
    expect(body.trueUp).toBe(body.matrix.required);
    expect(Number(body.matrix.required)).toBeGreaterThan(0);
    // The floor of 1 % holds the not-due bucket up: 2,260.00 × 0.011 (× 1.10) at least.
    expect(Number(body.matrix.rows[0].lossRate)).toBeGreaterThanOrEqual(0.01);

    const notMonthEnd = await call("POST", "/provision-runs", accountant, { asOf: "2026-10-30" });
    expect(notMonthEnd.statusCode).toBe(400);
    expect(await count("provision_runs")).toBe(0);

    const first = await call("POST", "/provision-runs", accountant, { asOf: "2026-10-31" });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({
      required: body.matrix.required,
      previous: "0.00",
      posted: body.matrix.required,
    });
    expect(first.json().voucherId).not.toBeNull();
    const voucher = await call("GET", `/ledger/vouchers/${first.json().voucherId}`, accountant);
    expect(voucher.statusCode).toBe(200);
    expect(voucher.json().lines.map((line: { accountCode: string }) => line.accountCode)).toEqual([
      "6702",
      "1231",
    ]);

    const again = await call("POST", "/provision-runs", accountant, { asOf: "2026-10-31" });
    expect(again.statusCode).toBe(201);
    expect(again.json()).toMatchObject({ posted: "0.00", voucherId: null, previous: body.matrix.required });

    // A pays its May invoice on 10-20 (recorded today, dated back): October's balances fall.
    await runCommand(
      store(),
      (tx) =>
        recordPayment(tx, org.actor, org.orgId, {
          customerId: ids.A0 as string,
          method: "bank_transfer",
          receivedDate: "2026-10-20",
          amountMinor: 113_000n,
          payerName: null,
          reference: null,
          note: null,
          allocation: {
            method: { kind: "chosen", items: [{ itemId: items.A0 as string, amountMinor: null }] },
            takeDiscounts: false,
            writeOffShortfall: false,
          },
        }),
      fixedClock,
    );
    const release = await call("POST", "/provision-runs", accountant, { asOf: "2026-10-31" });
    expect(release.statusCode, release.body).toBe(201);
    const released = release.json();
    expect(Number(released.posted)).toBeLessThan(0);
    expect(Math.round((Number(released.previous) + Number(released.posted)) * 100)).toBe(
      Math.round(Number(released.required) * 100),
    );
    const reversed = await call("GET", `/ledger/vouchers/${released.voucherId}`, accountant);
    // A release: the lines change sides — 借 坏账准备 / 贷 信用减值损失.
    const allowanceLine = reversed
      .json()
      .lines.find((line: { accountCode: string }) => line.accountCode === "1231");
    expect(Number(allowanceLine.debit)).toBe(-Number(released.posted));
    const runs = await call("GET", "/provision-runs", accountant);
    expect(runs.json().items).toHaveLength(3);
    expect(runs.json().items[0].matrix.rows).toHaveLength(7);
  });

  it("refuses provisions under 小企业会计准则 with a clear 4xx", async () => {
    const preview = await call("GET", "/provision-matrix", asbeOwner, undefined, {}, asbe.orgId);
    expect(preview.statusCode).toBe(422);
    expect(preview.json().code).toBe("PROVISION_NOT_APPLICABLE");
    const run = await call("POST", "/provision-runs", asbeOwner, { asOf: "2026-10-31" }, {}, asbe.orgId);
    expect(run.statusCode).toBe(422);
  });

  let pendingId = "";
  it("posts a write-off at or below the threshold at once, idempotently", async () => {
    const before = await count("vouchers");
    const payload = {
      customerId: ids.B1,
      items: [{ itemId: items.B1, amount: "300.00" }],
      reason: "客户经营困难，部分无法收回",
    };
    const posted = await call("POST", "/write-offs", accountant, payload, { "idempotency-key": "wo-1" });
    expect(posted.statusCode, posted.body).toBe(201);
    expect(posted.json()).toMatchObject({ status: "posted", amount: "300.00", number: "HX-000001" });
    expect(posted.json().items[0]).toMatchObject({ amount: "300.00", open: "830.00" });
    const replay = await call("POST", "/write-offs", accountant, payload, { "idempotency-key": "wo-1" });
    expect(replay.headers["idempotent-replayed"]).toBe("true");
    expect(replay.json().writeOffId).toBe(posted.json().writeOffId);
    expect(await count("vouchers")).toBe(before + 1);
    const voucher = await call("GET", `/ledger/vouchers/${posted.json().voucherId}`, accountant);
    expect(voucher.statusCode, voucher.body).toBe(200);
    expect(voucher.json().lines.map((line: { accountCode: string }) => line.accountCode)).toEqual([
      "1231",
      "1122",
    ]);
  });

  it("refuses bad write-offs with 4xx and changes nothing", async () => {
    const before = await count("write_offs");
    const tooMuch = await call("POST", "/write-offs", accountant, {
      customerId: ids.B1,
      items: [{ itemId: items.B1, amount: "830.01" }],
      reason: "超额",
    });
    expect(tooMuch.statusCode).toBe(400);
    expect(tooMuch.json().issues[0].path).toBe("items.0.amount");
    const other = await call("POST", "/write-offs", accountant, {
      customerId: ids.B1,
      items: [{ itemId: items.A1, amount: "1.00" }],
      reason: "别的客户",
    });
    expect(other.statusCode).toBe(400);
    const noReason = await call("POST", "/write-offs", accountant, {
      customerId: ids.B1,
      items: [{ itemId: items.B1, amount: "1.00" }],
      reason: " ",
    });
    expect(noReason.statusCode).toBe(400);
    expect(await count("write_offs")).toBe(before);
  });

  it("holds a write-off above the threshold for another person: the requester cannot approve it", async () => {
    const requested = await call("POST", "/write-offs", owner, {
      customerId: ids.A1,
      items: [{ itemId: items.A1, amount: "1130.00" }],
      reason: "诉讼终结，无财产可供执行",
    });
    expect(requested.statusCode, requested.body).toBe(201);
    expect(requested.json()).toMatchObject({ status: "pending", voucherId: null });
    pendingId = requested.json().writeOffId;
    const listed = await call("GET", "/write-offs?status=pending", accountant);
    expect(listed.json().items.map((w: { writeOffId: string }) => w.writeOffId)).toEqual([pendingId]);
    // The same item cannot be asked for twice while the first request waits.
    const twice = await call("POST", "/write-offs", accountant, {
      customerId: ids.A1,
      items: [{ itemId: items.A1, amount: "1.00" }],
      reason: "重复",
    });
    expect(twice.statusCode).toBe(400);
    const self = await call("POST", `/write-offs/${pendingId}/decision`, owner, { decision: "approve" });
    expect(self.statusCode).toBe(409);
    expect(self.json().code).toBe("SELF_APPROVAL");
    const noRight = await call("POST", `/write-offs/${pendingId}/decision`, accountant, {
      decision: "approve",
    });
    expect(noRight.statusCode).toBe(403);
    const approved = await call("POST", `/write-offs/${pendingId}/decision`, manager, {
      decision: "approve",
      note: "同意",
    });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ status: "posted", postedOn: "2026-11-23" });
    expect(approved.json().items[0].open).toBe("0.00");
    const decidedAgain = await call("POST", `/write-offs/${pendingId}/decision`, manager, {
      decision: "reject",
      note: "x",
    });
    expect(decidedAgain.statusCode).toBe(409);
  });

  it("rejects a write-off without touching the books", async () => {
    const vouchers = await count("vouchers");
    const requested = await call("POST", "/write-offs", accountant, {
      customerId: ids.B2,
      items: [{ itemId: items.B2, amount: "1130.00" }],
      reason: "申请核销",
    });
    expect(requested.json().status).toBe("pending");
    const noNote = await call("POST", `/write-offs/${requested.json().writeOffId}/decision`, owner, {
      decision: "reject",
    });
    expect(noNote.statusCode).toBe(400);
    const rejected = await call("POST", `/write-offs/${requested.json().writeOffId}/decision`, owner, {
      decision: "reject",
      note: "仍在催收中",
    });
    expect(rejected.statusCode).toBe(200);
    expect(rejected.json()).toMatchObject({ status: "rejected", decisionNote: "仍在催收中" });
    expect(rejected.json().items[0].open).toBe("1130.00");
    expect(await count("vouchers")).toBe(vouchers);
  });

  it("recovers a written-off amount as a new open item, which a payment then settles", async () => {
    const over = await call("POST", `/write-offs/${pendingId}/recoveries`, accountant, {
      amount: "1130.01",
      date: "2026-11-23",
    });
    expect(over.statusCode).toBe(400);
    const recovered = await call(
      "POST",
      `/write-offs/${pendingId}/recoveries`,
      accountant,
      { amount: "400.00", date: "2026-11-23", note: "法院执行回款" },
      { "idempotency-key": "rec-1" },
    );
    expect(recovered.statusCode, recovered.body).toBe(201);
    expect(recovered.json()).toMatchObject({ recovered: "400.00" });
    const recovery = recovered.json().recoveries[0];
    expect(recovery).toMatchObject({ amount: "400.00", open: "400.00", documentNumber: "HX-000002-R1" });
    await runCommand(
      store(),
      (tx) =>
        recordPayment(tx, org.actor, org.orgId, {
          customerId: ids.A1 as string,
          method: "bank_transfer",
          receivedDate: "2026-11-23",
          amountMinor: 40_000n,
          payerName: null,
          reference: null,
          note: null,
          allocation: {
            method: { kind: "chosen", items: [{ itemId: recovery.itemId, amountMinor: null }] },
            takeDiscounts: false,
            writeOffShortfall: false,
          },
        }),
      fixedClock,
    );
    const after = await call("GET", `/write-offs/${pendingId}`, accountant);
    expect(after.json().recoveries[0].open).toBe("0.00");
    const rest = await call("POST", `/write-offs/${pendingId}/recoveries`, accountant, {
      amount: "730.01",
      date: "2026-11-23",
    });
    expect(rest.statusCode).toBe(400);
  });

  it("keeps the control account equal to the open items, and the ledger sound", async () => {
    expect(await receivablesBalance(org.orgId)).toBe(await openSum(org.orgId));
    const verification = await verifyLedger(store().db, org.orgId);
    expect(verification.ok, JSON.stringify(verification.controlMismatches)).toBe(true);
  });

  it("answers 404 to another organization's write-off", async () => {
    const other = await makeOrganization(store(), "别家公司");
    const otherOwner = await signIn(app, other.owner.email);
    const response = await call("GET", `/write-offs/${pendingId}`, otherOwner, undefined, {}, other.orgId);
    expect(response.statusCode).toBe(404);
    const decision = await call(
      "POST",
      `/write-offs/${pendingId}/decision`,
      otherOwner,
      { decision: "reject", note: "x" },
      {},
      other.orgId,
    );
    expect(decision.statusCode).toBe(404);
  });
});
