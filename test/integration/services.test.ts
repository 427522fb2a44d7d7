import { expect, it } from "vitest";
import { AppError } from "../../src/core/errors.ts";
import { appendAudit, verifyAuditChain } from "../../src/services/audit.ts";
import { runCommand } from "../../src/services/command.ts";
import { createCustomer, listCustomers } from "../../src/services/customers.ts";
import { withIdempotency } from "../../src/services/idempotency.ts";
import { addMember, changeRole, listMembers, removeMember } from "../../src/services/people.ts";
import { describeEachEngine } from "../support/engines.ts";
import { addTestCustomer, addTestMember, makeOrganization, uniqueEmail } from "../support/fixtures.ts";

async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  await expect(promise).rejects.toSatisfy((e: unknown) => e instanceof AppError && e.code === code);
}

describeEachEngine("audit log", (context) => {
  it("chains every command's record and verifies the chain", async () => {
    const store = context.store();
    const org = await makeOrganization(store);
    await addTestMember(store, org, "collector");
    await addTestCustomer(store, org, "A001");
    const report = await verifyAuditChain(store.db, org.orgId);
    expect(report).toMatchObject({ ok: true, checked: 4, firstBroken: null });
  });

  it("records who, what, when, before and after", async () => {
    const store = context.store();
    const org = await makeOrganization(store);
    const member = await addTestMember(store, org, "collector");
    await runCommand(store, (tx) => changeRole(tx, org.actor, org.orgId, member.userId, "accountant"));
    const last = await store.db
      .selectFrom("audit_log")
      .selectAll()
      .where("org_id", "=", org.orgId)
      .orderBy("seq", "desc")
      .executeTakeFirstOrThrow();
    expect(last.action).toBe("member.role_changed");
    expect(last.actor_user_id).toBe(org.owner.userId);
    expect(last.actor_label).toBe(org.owner.email);
    expect(JSON.parse(last.before_json ?? "null")).toMatchObject({ role: "collector" });
    expect(JSON.parse(last.after_json ?? "null")).toMatchObject({ role: "accountant" });
    expect(last.recorded_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it("names the first tampered record: edited content, a broken link, a deleted record", async () => {
    const store = context.store();
    const org = await makeOrganization(store);
    for (const code of ["T1", "T2", "T3", "T4"]) await addTestCustomer(store, org, code);
    // seq 1-2: organization and owner; 3-6: the customers.
    await store.db
      .updateTable("audit_log")
      .set({ after_json: '{"name":"forged"}' })
      .where("org_id", "=", org.orgId)
      .where("seq", "=", 4n)
      .execute();
    expect((await verifyAuditChain(store.db, org.orgId)).firstBroken).toEqual({ seq: 4n, reason: "hash" });

    const other = await makeOrganization(store);
    for (const code of ["U1", "U2", "U3"]) await addTestCustomer(store, other, code);
    await store.db.deleteFrom("audit_log").where("org_id", "=", other.orgId).where("seq", "=", 3n).execute();
    expect((await verifyAuditChain(store.db, other.orgId)).firstBroken).toEqual({ seq: 4n, reason: "gap" });

    const third = await makeOrganization(store);
    await addTestCustomer(store, third, "V1");
    await store.db
      .updateTable("audit_log")
      .set({ prev_hash: "f".repeat(64) })
      .where("org_id", "=", third.orgId)
      .where("seq", "=", 2n)
      .execute();
    expect((await verifyAuditChain(store.db, third.orgId)).firstBroken).toEqual({ seq: 2n, reason: "link" });
  });

  it("keeps one gapless chain under concurrent commands", async () => {
    const store = context.store();
    const org = await makeOrganization(store);
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        runCommand(store, (tx) =>
          appendAudit(tx, {
            orgId: org.orgId,
            actor: org.actor,
            action: "test.concurrent",
            entityType: "t",
            entityId: String(i),
          }),
        ),
      ),
    );
    expect(await verifyAuditChain(store.db, org.orgId)).toMatchObject({ ok: true, checked: 14 });
  });
});

describeEachEngine("people", (context) => {
  it("adds an existing user to a second organization without a new password", async () => {
    const store = context.store();
    const first = await makeOrganization(store, "First");
    const second = await makeOrganization(store, "Second");
    await runCommand(store, (tx) =>
      addMember(tx, second.actor, second.orgId, { email: first.owner.email, role: "auditor" }),
    );
    const members = await listMembers(store.db, second.orgId);
    expect(members.map((m) => [m.email, m.role])).toContainEqual([first.owner.email, "auditor"]);
  });

  it("refuses a duplicate member, a new user without password, and a short password", async () => {
    const store = context.store();
    const org = await makeOrganization(store);
    await expectCode(
      runCommand(store, (tx) =>
        addMember(tx, org.actor, org.orgId, { email: org.owner.email, role: "collector" }),
      ),
      "ALREADY_MEMBER",
    );
    await expectCode(
      runCommand(store, (tx) =>
        addMember(tx, org.actor, org.orgId, { email: uniqueEmail("new"), role: "collector" }),
      ),
      "VALIDATION_FAILED",
    );
    await expectCode(
      runCommand(store, (tx) =>
        addMember(tx, org.actor, org.orgId, {
          email: uniqueEmail("new"),
          role: "collector",
          displayName: "N",
          password: "short",
        }),
      ),
      "VALIDATION_FAILED",
    );
    expect(await listMembers(store.db, org.orgId)).toHaveLength(1);
  });

  it("never leaves an organization without an owner", async () => {
    const store = context.store();
    const org = await makeOrganization(store);
    await expectCode(
      runCommand(store, (tx) => changeRole(tx, org.actor, org.orgId, org.owner.userId, "auditor")),
      "LAST_OWNER",
    );
    await expectCode(
      runCommand(store, (tx) => removeMember(tx, org.actor, org.orgId, org.owner.userId)),
      "LAST_OWNER",
    );
    const second = await addTestMember(store, org, "owner");
    await runCommand(store, (tx) => changeRole(tx, org.actor, org.orgId, org.owner.userId, "auditor"));
    await expectCode(
      runCommand(store, (tx) => removeMember(tx, org.actor, org.orgId, second.userId)),
      "LAST_OWNER",
    );
    expect((await listMembers(store.db, org.orgId)).filter((m) => m.role === "owner")).toHaveLength(1);
  });

  it("keeps one owner when two owners demote each other at the same time", async () => {
    const store = context.store();
    const org = await makeOrganization(store);
    const other = await addTestMember(store, org, "owner");
    const results = await Promise.allSettled([
      runCommand(store, (tx) => changeRole(tx, org.actor, org.orgId, org.owner.userId, "auditor")),
      runCommand(store, (tx) => changeRole(tx, org.actor, org.orgId, other.userId, "auditor")),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect((await listMembers(store.db, org.orgId)).filter((m) => m.role === "owner")).toHaveLength(1);
  });
});

describeEachEngine("idempotency", (context) => {
  const create = (
    store: ReturnType<typeof context.store>,
    org: Awaited<ReturnType<typeof makeOrganization>>,
    key: string,
    fingerprint: string,
    code: string,
  ) =>
    runCommand(store, (tx) =>
      withIdempotency(tx, org.orgId, key, fingerprint, async () => ({
        statusCode: 201,
        body: await createCustomer(tx, org.actor, org.orgId, { code, name: code, kind: "company" }),
      })),
    );

  it("replays the first answer for the same key and request, once in effect", async () => {
    const store = context.store();
    const org = await makeOrganization(store);
    const first = await create(store, org, "key-1", "fp-a", "I001");
    const again = await create(store, org, "key-1", "fp-a", "I001");
    expect(first.replayed).toBe(false);
    expect(again).toEqual({ ...first, replayed: true });
    expect((await listCustomers(store.db, org.orgId, { limit: 10 })).items).toHaveLength(1);
  });

  it("refuses the same key with a different request and changes nothing", async () => {
    const store = context.store();
    const org = await makeOrganization(store);
    await create(store, org, "key-2", "fp-a", "I002");
    await expectCode(create(store, org, "key-2", "fp-b", "I003"), "IDEMPOTENCY_KEY_REUSED");
    expect((await listCustomers(store.db, org.orgId, { limit: 10 })).items.map((c) => c.code)).toEqual([
      "I002",
    ]);
  });

  it("runs the command once when the same key races", async () => {
    const store = context.store();
    const org = await makeOrganization(store);
    const outcomes = await Promise.all(
      Array.from({ length: 5 }, () => create(store, org, "key-3", "fp-a", "I004")),
    );
    expect(outcomes.filter((o) => !o.replayed)).toHaveLength(1);
    expect(new Set(outcomes.map((o) => JSON.stringify(o.body))).size).toBe(1);
    expect((await listCustomers(store.db, org.orgId, { limit: 10 })).items).toHaveLength(1);
  });

  it("keeps keys per organization", async () => {
    const store = context.store();
    const a = await makeOrganization(store);
    const b = await makeOrganization(store);
    await create(store, a, "shared-key", "fp-a", "S001");
    const other = await create(store, b, "shared-key", "fp-a", "S001");
    expect(other.replayed).toBe(false);
  });
});

describeEachEngine("customers", (context) => {
  it("searches code and name, treating % and _ literally", async () => {
    const store = context.store();
    const org = await makeOrganization(store);
    for (const [code, name] of [
      ["C1", "上海华信机械有限公司"],
      ["C2", "100% Steel"],
      ["C3", "Steel_Works"],
      ["C4", "SteelX Works"],
    ] as const) {
      await runCommand(store, (tx) =>
        createCustomer(tx, org.actor, org.orgId, { code, name, kind: "company" }),
      );
    }
    const names = async (search: string) =>
      (await listCustomers(store.db, org.orgId, { limit: 50, search })).items.map((c) => c.code);
    expect(await names("华信")).toEqual(["C1"]);
    expect(await names("%")).toEqual(["C2"]);
    expect(await names("l_w")).toEqual(["C3"]);
    expect(await names("steel")).toEqual(["C2", "C3", "C4"]);
    expect(await names("c4")).toEqual(["C4"]);
  });

  it("pages by code and refuses a duplicate code", async () => {
    const store = context.store();
    const org = await makeOrganization(store);
    for (const code of ["P1", "P2", "P3"]) await addTestCustomer(store, org, code);
    const page1 = await listCustomers(store.db, org.orgId, { limit: 2 });
    expect(page1.items.map((c) => c.code)).toEqual(["P1", "P2"]);
    const page2 = await listCustomers(store.db, org.orgId, { limit: 2, after: page1.nextAfter ?? "" });
    expect(page2).toMatchObject({ nextAfter: null });
    expect(page2.items.map((c) => c.code)).toEqual(["P3"]);
    await expectCode(addTestCustomer(store, org, "P1"), "CONFLICT");
  });
});
