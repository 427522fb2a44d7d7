import type { InjectOptions } from "fastify";
import { beforeAll, expect, it } from "vitest";
import type { BuiltApp } from "../../src/api/app.ts";
import { describeEachEngine } from "../support/engines.ts";
import { addTestMember, makeOrganization, type TestOrganization } from "../support/fixtures.ts";
import { makeTestApp, type Session, signIn } from "../support/http.ts";

// 统一社会信用代码 of 华为技术有限公司 (as printed on its public business licence records).
const huaweiUsc = "91440300708461136T";
// The worked example of GB 11643-1999 (公民身份号码).
const standardIdNumber = "11010519491231002X";

describeEachEngine("customer records API", (context) => {
  let built: BuiltApp;
  let org: TestOrganization;
  let owner: Session;
  let collectorId: string;

  beforeAll(async () => {
    built = await makeTestApp(context.store());
    org = await makeOrganization(context.store(), "Records Co.");
    owner = await signIn(built, org.owner.email);
    collectorId = (await addTestMember(context.store(), org, "collector")).userId;
  });

  const url = (path = "") => `/api/v1/orgs/${org.orgId}/customers${path}`;
  const inject = (options: InjectOptions) => built.app.inject(options);

  it("creates a company with a valid credit code and refuses a mutated one with the field at fault", async () => {
    const created = await inject({
      method: "POST",
      url: url(),
      headers: owner.headers,
      payload: {
        code: "H001",
        name: "华为技术有限公司",
        creditCode: huaweiUsc.toLowerCase(),
        tags: ["战略"],
      },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ creditCode: huaweiUsc, tags: ["战略"], grade: null });
    const mutated = await inject({
      method: "POST",
      url: url(),
      headers: owner.headers,
      payload: { code: "H002", name: "假冒", creditCode: `${huaweiUsc.slice(0, 17)}U` },
    });
    expect(mutated.statusCode).toBe(400);
    expect(mutated.json()).toMatchObject({ issues: [{ path: "creditCode", code: "USC_CHECK_CHARACTER" }] });
    const duplicate = await inject({
      method: "POST",
      url: url(),
      headers: owner.headers,
      payload: { code: "H003", name: "重复", creditCode: huaweiUsc },
    });
    expect(duplicate.statusCode).toBe(409);
  });

  it("keeps an individual's ID number encrypted, shows only its mask, and finds duplicates", async () => {
    const created = await inject({
      method: "POST",
      url: url(),
      headers: owner.headers,
      payload: { code: "P001", name: "张三", kind: "individual", idNumber: standardIdNumber.toLowerCase() },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().idNumberMasked).toBe("110*************2X");
    expect(created.body).not.toContain("19491231");
    const row = await context
      .store()
      .db.selectFrom("customers")
      .select(["id_number_cipher", "id_number_hash"])
      .where("customer_id", "=", created.json().customerId)
      .executeTakeFirstOrThrow();
    expect(row.id_number_cipher).toMatch(/^v1\./);
    expect(row.id_number_cipher).not.toContain("110105");
    const duplicate = await inject({
      method: "POST",
      url: url(),
      headers: owner.headers,
      payload: { code: "P002", name: "张三", kind: "individual", idNumber: standardIdNumber },
    });
    expect(duplicate.json()).toMatchObject({ code: "CONFLICT", issues: [{ path: "idNumber" }] });
    const wrong = await inject({
      method: "POST",
      url: url(),
      headers: owner.headers,
      payload: { code: "P003", name: "李四", kind: "individual", idNumber: "110105194912310021" },
    });
    expect(wrong.json()).toMatchObject({ issues: [{ path: "idNumber", code: "ID_CHECK_CHARACTER" }] });
    const audit = await inject({
      method: "GET",
      url: `/api/v1/orgs/${org.orgId}/audit`,
      headers: owner.headers,
    });
    expect(audit.body).not.toContain("11010519491231002X");
  });

  it("updates owner, tags and notes, and filters the list by them", async () => {
    const created = await inject({
      method: "POST",
      url: url(),
      headers: owner.headers,
      payload: { code: "F001", name: "过滤测试有限公司" },
    });
    const id = created.json().customerId as string;
    const patched = await inject({
      method: "PATCH",
      url: url(`/${id}`),
      headers: owner.headers,
      payload: { ownerUserId: collectorId, tags: ["重点", "华东"], notes: "按月对账" },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({
      ownerUserId: collectorId,
      tags: ["重点", "华东"],
      notes: "按月对账",
    });
    const byTag = await inject({ method: "GET", url: url("?tag=华东"), headers: owner.headers });
    expect(byTag.json().items.map((c: { code: string }) => c.code)).toEqual(["F001"]);
    const byOwner = await inject({
      method: "GET",
      url: url(`?ownerUserId=${collectorId}`),
      headers: owner.headers,
    });
    expect(byOwner.json().items).toHaveLength(1);
    const notMember = await inject({
      method: "PATCH",
      url: url(`/${id}`),
      headers: owner.headers,
      payload: { ownerUserId: "01900000-0000-7000-8000-000000000000" },
    });
    expect(notMember.json()).toMatchObject({ issues: [{ path: "ownerUserId", code: "NOT_A_MEMBER" }] });
  });

  it("keeps contacts, addresses and a communication log", async () => {
    const id = (
      await inject({
        method: "POST",
        url: url(),
        headers: owner.headers,
        payload: { code: "K001", name: "联系有限公司" },
      })
    ).json().customerId as string;
    const contact = await inject({
      method: "POST",
      url: url(`/${id}/contacts`),
      headers: owner.headers,
      payload: {
        name: "王会计",
        role: "财务",
        phone: "13800000000",
        email: "wang@example.test",
        preferredChannel: "wechat",
      },
    });
    expect(contact.statusCode).toBe(201);
    const address = await inject({
      method: "POST",
      url: url(`/${id}/addresses`),
      headers: owner.headers,
      payload: { line: "浦东新区世纪大道 100 号", city: "上海", province: "上海" },
    });
    expect(address.json()).toMatchObject({ kind: "registered", country: "CN" });
    await inject({
      method: "POST",
      url: url(`/${id}/communications`),
      headers: owner.headers,
      payload: { channel: "phone", summary: "确认 11 月对账单" },
    });
    const log = await inject({ method: "GET", url: url(`/${id}/communications`), headers: owner.headers });
    expect(log.json().items).toMatchObject([
      { channel: "phone", summary: "确认 11 月对账单", author: org.owner.email },
    ]);
    const removed = await inject({
      method: "DELETE",
      url: url(`/${id}/contacts/${contact.json().contactId}`),
      headers: owner.headers,
    });
    expect(removed.statusCode).toBe(204);
    expect(
      (await inject({ method: "GET", url: url(`/${id}/contacts`), headers: owner.headers })).json().items,
    ).toEqual([]);
  });
});
