import type { InjectOptions } from "fastify";
import { beforeAll, describe, expect, it } from "vitest";
import { type BuiltApp, bodyLimitBytes } from "../../src/api/app.ts";
import { LoginLimiter } from "../../src/api/login-limiter.ts";
import { describeEachEngine } from "../support/engines.ts";
import {
  addTestMember,
  makeOrganization,
  type TestOrganization,
  testPassword,
  uniqueEmail,
} from "../support/fixtures.ts";
import { makeTestApp, type Session, signIn } from "../support/http.ts";

describeEachEngine("HTTP API", (context) => {
  let built: BuiltApp;
  let org: TestOrganization;
  let owner: Session;

  beforeAll(async () => {
    built = await makeTestApp(context.store());
    org = await makeOrganization(context.store(), "API Co.");
    owner = await signIn(built, org.owner.email);
  });

  const inject = (options: InjectOptions) => built.app.inject(options);
  const customersUrl = () => `/api/v1/orgs/${org.orgId}/customers`;

  describe("system", () => {
    it("answers health with the engine", async () => {
      const response = await inject({ method: "GET", url: "/api/health" });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ status: "ok", engine: context.engine });
    });

    it("serves OpenAPI 3.1 and the docs page", async () => {
      const document = await inject({ method: "GET", url: "/api/openapi.json" });
      expect(document.json()).toMatchObject({ openapi: "3.1.0", info: { title: "Credence API" } });
      const docs = await inject({ method: "GET", url: "/api/docs" });
      expect([200, 302]).toContain(docs.statusCode);
    });

    it("answers an unknown API route with problem+json 404", async () => {
      const response = await inject({ method: "GET", url: "/api/v1/nothing-here" });
      expect(response.statusCode).toBe(404);
      expect(response.headers["content-type"]).toContain("application/problem+json");
      expect(response.json()).toMatchObject({
        code: "ROUTE_NOT_FOUND",
        status: 404,
        instance: "/api/v1/nothing-here",
      });
    });
  });

  describe("sign-in", () => {
    it("sets an HttpOnly, SameSite session cookie and returns the organizations", async () => {
      const response = await inject({
        method: "POST",
        url: "/api/v1/auth/login",
        payload: { email: org.owner.email.toUpperCase(), password: testPassword },
      });
      expect(response.statusCode).toBe(200);
      const cookie = String(response.headers["set-cookie"]);
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/SameSite=Lax/i);
      expect(cookie).toMatch(/Path=\//);
      const body = response.json();
      expect(body.organizations).toEqual([expect.objectContaining({ orgId: org.orgId, role: "owner" })]);
      expect(body.csrfToken).toMatch(/^[\w-]{20,}$/);
    });

    it("refuses a wrong password and an unknown email alike", async () => {
      for (const payload of [
        { email: org.owner.email, password: "wrong password" },
        { email: uniqueEmail("nobody"), password: testPassword },
      ]) {
        const response = await inject({ method: "POST", url: "/api/v1/auth/login", payload });
        expect(response.statusCode).toBe(401);
        expect(response.json()).toMatchObject({ code: "INVALID_CREDENTIALS" });
        expect(response.headers["set-cookie"]).toBeUndefined();
      }
    });

    it("locks out repeated failures for an email and tells when to retry", async () => {
      const limited = await makeTestApp(context.store(), {
        loginLimiter: new LoginLimiter({ failuresMax: 3, windowMs: 60_000 }),
      });
      const attempt = (password: string) =>
        limited.app.inject({
          method: "POST",
          url: "/api/v1/auth/login",
          payload: { email: org.owner.email, password },
        });
      for (let i = 0; i < 3; i += 1) expect((await attempt("wrong password")).statusCode).toBe(401);
      const locked = await attempt(testPassword);
      expect(locked.statusCode).toBe(429);
      expect(locked.json()).toMatchObject({ code: "TOO_MANY_REQUESTS" });
      expect(Number(locked.headers["retry-after"])).toBeGreaterThan(0);
    });

    it("ends the session on logout", async () => {
      const session = await signIn(built, org.owner.email);
      expect((await inject({ method: "GET", url: "/api/v1/me", headers: session.headers })).statusCode).toBe(
        200,
      );
      const out = await inject({ method: "POST", url: "/api/v1/auth/logout", headers: session.headers });
      expect(out.statusCode).toBe(204);
      expect(String(out.headers["set-cookie"])).toMatch(/credence_session=;/);
      expect((await inject({ method: "GET", url: "/api/v1/me", headers: session.headers })).statusCode).toBe(
        401,
      );
    });

    it("speaks the caller's language in problem titles", async () => {
      const zh = await inject({
        method: "GET",
        url: "/api/v1/me",
        headers: { "accept-language": "zh-CN,zh;q=0.9" },
      });
      expect(zh.json().title).toBe("请先登录。");
      const en = await inject({ method: "GET", url: "/api/v1/me", headers: { "accept-language": "en-US" } });
      expect(en.json().title).toBe("Please sign in.");
    });
  });

  describe("CSRF", () => {
    it("refuses an unsafe request of a cookie session without the token", async () => {
      const payload = { code: "CSRF1", name: "No token" };
      const without = await inject({
        method: "POST",
        url: customersUrl(),
        headers: { cookie: owner.cookie },
        payload,
      });
      expect(without.statusCode).toBe(403);
      expect(without.json()).toMatchObject({ code: "CSRF_TOKEN_INVALID" });
      const wrong = await inject({
        method: "POST",
        url: customersUrl(),
        headers: { cookie: owner.cookie, "x-csrf-token": "forged" },
        payload,
      });
      expect(wrong.statusCode).toBe(403);
      const list = await inject({
        method: "GET",
        url: `${customersUrl()}?search=CSRF1`,
        headers: { cookie: owner.cookie },
      });
      expect(list.json().items).toEqual([]);
    });
  });

  describe("bad input gets a 4xx problem and changes nothing", () => {
    const post = (payload: string, headers: Record<string, string> = {}) =>
      inject({
        method: "POST",
        url: customersUrl(),
        headers: { ...owner.headers, "content-type": "application/json", ...headers },
        payload,
      });

    it("malformed JSON → 400 MALFORMED_JSON", async () => {
      const response = await post('{"code": "X1", "name": ');
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ code: "MALFORMED_JSON" });
    });

    it("an empty JSON body → 400", async () => {
      const response = await post("");
      expect(response.statusCode).toBe(400);
    });

    it("wrong types → 400 VALIDATION_FAILED naming the field", async () => {
      const response = await post(JSON.stringify({ code: 12, name: ["x"] }));
      expect(response.statusCode).toBe(400);
      const problem = response.json();
      expect(problem.code).toBe("VALIDATION_FAILED");
      expect(problem.issues.map((i: { path: string }) => i.path).sort()).toEqual(["body.code", "body.name"]);
    });

    it("unknown fields → 400", async () => {
      const response = await post(JSON.stringify({ code: "X2", name: "Extra", isAdmin: true }));
      expect(response.statusCode).toBe(400);
      expect(response.json().issues[0]).toMatchObject({ code: "unrecognized_keys" });
    });

    it("a body over the limit → 413", async () => {
      const response = await post(JSON.stringify({ code: "X3", name: "x".repeat(bodyLimitBytes) }));
      expect(response.statusCode).toBe(413);
      expect(response.json()).toMatchObject({ code: "BODY_TOO_LARGE" });
    });

    it("a form post instead of JSON → 415", async () => {
      const response = await post("code=X4&name=Form", {
        "content-type": "application/x-www-form-urlencoded",
      });
      expect(response.statusCode).toBe(415);
      expect(response.json()).toMatchObject({ code: "UNSUPPORTED_MEDIA_TYPE" });
    });

    it("a bad query parameter → 400", async () => {
      const response = await inject({
        method: "GET",
        url: `${customersUrl()}?limit=abc`,
        headers: owner.headers,
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().issues[0]).toMatchObject({ path: "query.limit" });
    });

    it("an unknown time zone or currency for a new organization → 400", async () => {
      for (const payload of [
        { name: "Bad zone", timeZone: "Mars/Olympus" },
        { name: "Bad currency", baseCurrency: "XYZ" },
      ]) {
        const response = await inject({
          method: "POST",
          url: "/api/v1/orgs",
          headers: owner.headers,
          payload,
        });
        expect(response.statusCode).toBe(400);
      }
      const mine = await inject({ method: "GET", url: "/api/v1/orgs", headers: owner.headers });
      expect(mine.json().items).toHaveLength(1);
    });

    it("nothing of the above was written", async () => {
      const list = await inject({ method: "GET", url: customersUrl(), headers: owner.headers });
      expect(list.json().items.filter((c: { code: string }) => c.code.startsWith("X"))).toEqual([]);
    });
  });

  describe("idempotency", () => {
    it("replays the first answer for a retried key and refuses the key for another body", async () => {
      const headers = { ...owner.headers, "idempotency-key": `idem-${context.engine}` };
      const payload = { code: "ID1", name: "Idempotent Ltd." };
      const first = await inject({ method: "POST", url: customersUrl(), headers, payload });
      expect(first.statusCode).toBe(201);
      const retry = await inject({ method: "POST", url: customersUrl(), headers, payload });
      expect(retry.statusCode).toBe(201);
      expect(retry.headers["idempotent-replayed"]).toBe("true");
      expect(retry.json()).toEqual(first.json());
      const other = await inject({
        method: "POST",
        url: customersUrl(),
        headers,
        payload: { ...payload, name: "Changed" },
      });
      expect(other.statusCode).toBe(422);
      expect(other.json()).toMatchObject({ code: "IDEMPOTENCY_KEY_REUSED" });
      const list = await inject({
        method: "GET",
        url: `${customersUrl()}?search=ID1`,
        headers: owner.headers,
      });
      expect(list.json().items).toHaveLength(1);
    });
  });

  describe("organizations and people", () => {
    it("lets a user create a second organization and switch to it", async () => {
      const created = await inject({
        method: "POST",
        url: "/api/v1/orgs",
        headers: owner.headers,
        payload: { name: "第二家公司", accountingFramework: "asbe", timeZone: "asia/shanghai" },
      });
      expect(created.statusCode).toBe(201);
      expect(created.json()).toMatchObject({
        baseCurrency: "CNY",
        timeZone: "Asia/Shanghai",
        accountingFramework: "asbe",
      });
      const me = await inject({ method: "GET", url: "/api/v1/me", headers: owner.headers });
      expect(
        me
          .json()
          .organizations.map((o: { name: string }) => o.name)
          .sort(),
      ).toEqual(["API Co.", "第二家公司"]);
      const secondId = created.json().orgId as string;
      const inSecond = await inject({
        method: "GET",
        url: `/api/v1/orgs/${secondId}/customers`,
        headers: owner.headers,
      });
      expect(inSecond.statusCode).toBe(200);
      expect(inSecond.json().items).toEqual([]);
    });

    it("adds, re-roles and removes a member, and audits each step", async () => {
      const email = uniqueEmail("new");
      const added = await inject({
        method: "POST",
        url: `/api/v1/orgs/${org.orgId}/members`,
        headers: owner.headers,
        payload: { email, role: "collector", displayName: "新同事", password: "a long password" },
      });
      expect(added.statusCode).toBe(201);
      const userId = added.json().userId as string;
      const changed = await inject({
        method: "PATCH",
        url: `/api/v1/orgs/${org.orgId}/members/${userId}`,
        headers: owner.headers,
        payload: { role: "accountant" },
      });
      expect(changed.json()).toMatchObject({ role: "accountant" });
      const removed = await inject({
        method: "DELETE",
        url: `/api/v1/orgs/${org.orgId}/members/${userId}`,
        headers: owner.headers,
      });
      expect(removed.statusCode).toBe(204);
      const audit = await inject({
        method: "GET",
        url: `/api/v1/orgs/${org.orgId}/audit?limit=3`,
        headers: owner.headers,
      });
      expect(audit.json().items.map((i: { action: string }) => i.action)).toEqual([
        "member.removed",
        "member.role_changed",
        "member.added",
      ]);
      const verify = await inject({
        method: "GET",
        url: `/api/v1/orgs/${org.orgId}/audit/verify`,
        headers: owner.headers,
      });
      expect(verify.json()).toMatchObject({ ok: true, firstBroken: null });
    });

    it("refuses to demote the last owner with 409", async () => {
      const response = await inject({
        method: "PATCH",
        url: `/api/v1/orgs/${org.orgId}/members/${org.owner.userId}`,
        headers: owner.headers,
        payload: { role: "auditor" },
      });
      expect(response.statusCode).toBe(409);
      expect(response.json()).toMatchObject({ code: "LAST_OWNER" });
    });

    it("pages the audit log", async () => {
      const page1 = await inject({
        method: "GET",
        url: `/api/v1/orgs/${org.orgId}/audit?limit=2`,
        headers: owner.headers,
      });
      const { items, nextBeforeSeq } = page1.json();
      expect(items).toHaveLength(2);
      const page2 = await inject({
        method: "GET",
        url: `/api/v1/orgs/${org.orgId}/audit?limit=2&beforeSeq=${nextBeforeSeq}`,
        headers: owner.headers,
      });
      expect(page2.json().items[0].seq).toBe(items[1].seq - 1);
    });
  });

  describe("API tokens", () => {
    it("shows the secret once, works as a bearer token in its organization only, and stops when revoked", async () => {
      const collector = await addTestMember(context.store(), org, "collector");
      const session = await signIn(built, collector.email);
      const created = await inject({
        method: "POST",
        url: `/api/v1/orgs/${org.orgId}/tokens`,
        headers: session.headers,
        payload: { name: "ERP sync" },
      });
      expect(created.statusCode).toBe(201);
      const { token, tokenId } = created.json();
      expect(token).toMatch(/^cred_/);
      const listed = await inject({
        method: "GET",
        url: `/api/v1/orgs/${org.orgId}/tokens`,
        headers: session.headers,
      });
      expect(JSON.stringify(listed.json())).not.toContain(token);
      const bearer = { authorization: `Bearer ${token}` };
      expect((await inject({ method: "GET", url: customersUrl(), headers: bearer })).statusCode).toBe(200);
      // A token acts with its membership's role: a collector cannot create customers, and needs no CSRF token.
      const write = await inject({
        method: "POST",
        url: customersUrl(),
        headers: bearer,
        payload: { code: "T1", name: "T" },
      });
      expect(write.statusCode).toBe(403);
      const revoked = await inject({
        method: "DELETE",
        url: `/api/v1/orgs/${org.orgId}/tokens/${tokenId}`,
        headers: session.headers,
      });
      expect(revoked.json().revokedAt).not.toBeNull();
      expect((await inject({ method: "GET", url: customersUrl(), headers: bearer })).statusCode).toBe(401);
    });

    it("hides another member's token from a non-owner, and lists it to an owner who asks for all", async () => {
      const first = await addTestMember(context.store(), org, "accountant");
      const second = await addTestMember(context.store(), org, "accountant");
      const firstSession = await signIn(built, first.email);
      const secondSession = await signIn(built, second.email);
      const created = await inject({
        method: "POST",
        url: `/api/v1/orgs/${org.orgId}/tokens`,
        headers: firstSession.headers,
        payload: { name: "mine" },
      });
      const response = await inject({
        method: "DELETE",
        url: `/api/v1/orgs/${org.orgId}/tokens/${created.json().tokenId}`,
        headers: secondSession.headers,
      });
      expect(response.statusCode).toBe(404);
      const all = `/api/v1/orgs/${org.orgId}/tokens?scope=all`;
      expect((await inject({ method: "GET", url: all, headers: secondSession.headers })).statusCode).toBe(
        403,
      );
      const listed = await inject({ method: "GET", url: all, headers: owner.headers });
      expect(listed.statusCode).toBe(200);
      expect(listed.json().items.map((t: { tokenId: string }) => t.tokenId)).toContain(
        created.json().tokenId,
      );
      const mine = await inject({
        method: "GET",
        url: `/api/v1/orgs/${org.orgId}/tokens`,
        headers: owner.headers,
      });
      expect(mine.json().items.map((t: { tokenId: string }) => t.tokenId)).not.toContain(
        created.json().tokenId,
      );
    });
  });

  describe("sessions", () => {
    it("refuses a session cookie that was never issued", async () => {
      const response = await inject({
        method: "GET",
        url: "/api/v1/me",
        headers: { cookie: "credence_session=forged" },
      });
      expect(response.statusCode).toBe(401);
    });
  });
});
