import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { expect } from "vitest";
import { buildApp } from "../../src/api/app.ts";
import type { ApiApp } from "../../src/api/deps.ts";
import { createDemo, demoOwnerEmail, demoPassword } from "../../src/services/demo.ts";
import { getOrganization } from "../../src/services/organizations.ts";
import { openStore, type Store } from "../../src/store/database.ts";
import { migrateToLatest } from "../../src/store/migrations.ts";
import { soundStatementItems } from "../support/fixtures.ts";

/**
 * What every browser test runs against (STYLE.md, tests): the demo in a SQLite file of its own,
 * the real server on a free port, and Debian's Chromium. The server serves the built SPA from
 * web/dist, so `npm run test:e2e` builds it first; a bare run builds it here.
 */

const repoRoot = resolve(import.meta.dirname, "../..");
export const screenshotDir = resolve(repoRoot, "test-results/e2e");

/** One person's browser: its own cookies, and the errors its pages threw. */
export interface BrowserPage {
  readonly context: BrowserContext;
  readonly page: Page;
  readonly pageErrors: string[];
}

/** A signed-in API client of one organization, for what a test sets up or checks behind the page. */
export interface ApiSession {
  readonly orgUrl: string;
  readonly cookie: string;
  readonly csrfToken: string;
}

/**
 * The server and browser of one test file: `setUp` in beforeAll, `tearDown` in afterAll, which
 * closes whatever `setUp` got to open. `name` tells the file's temporary directory apart.
 */
export function e2eHarness(options: {
  readonly name: string;
  readonly viewport: { width: number; height: number };
}) {
  let tempDir = "";
  let store: Store | undefined;
  let app: ApiApp | undefined;
  let browser: Browser | undefined;
  let baseUrl = "";

  async function newPage(viewport = options.viewport): Promise<BrowserPage> {
    if (browser === undefined) throw new Error("browser did not start");
    const context = await browser.newContext({ locale: "zh-CN", viewport });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    return { context, page, pageErrors };
  }

  async function apiSignIn(email: string, orgId: string): Promise<ApiSession> {
    const response = await fetch(`${baseUrl}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password: demoPassword }),
    });
    expect(response.status).toBe(200);
    const cookie = response.headers
      .getSetCookie()
      .map((header) => header.split(";")[0])
      .join("; ");
    const body = (await response.json()) as { csrfToken: string };
    return { orgUrl: `${baseUrl}/api/v1/orgs/${orgId}`, cookie, csrfToken: body.csrfToken };
  }

  return {
    /** The demo created, the server listening and Chromium started; the demo's organizations. */
    async setUp(): Promise<{
      readonly store: Store;
      readonly orgIds: ReadonlyArray<string>;
      readonly baseUrl: string;
    }> {
      if (!existsSync(resolve(repoRoot, "web/dist/index.html"))) {
        execFileSync("npx", ["vite", "build", "--config", "web/vite.config.ts"], {
          cwd: repoRoot,
          stdio: "inherit",
        });
      }
      tempDir = mkdtempSync(join(tmpdir(), `credence-e2e-${options.name}-`));
      const opened = await openStore(`sqlite:${join(tempDir, "e2e.db")}`);
      store = opened;
      await migrateToLatest(opened);
      const demo = await createDemo(opened);
      ({ app } = await buildApp({ store: opened, secret: "e2e-secret-0123456789" }));
      await app.listen({ port: 0, host: "127.0.0.1" });
      baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
      browser = await chromium.launch({
        executablePath: "/usr/bin/chromium",
        headless: true,
        args: [
          "--no-sandbox",
          "--disable-gpu",
          "--disable-quic",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
        ],
      });
      mkdirSync(screenshotDir, { recursive: true });
      return { store: opened, orgIds: demo.orgIds, baseUrl };
    },

    async tearDown(): Promise<void> {
      await browser?.close();
      await app?.close();
      await store?.close();
      if (tempDir !== "") rmSync(tempDir, { recursive: true, force: true });
    },

    /** A fresh browser context, in Chinese: another person (on a phone, given a phone's viewport). */
    newPage,

    /** A fresh browser context (its own cookies: another person) signed in as `email`. */
    async signedInPage(email: string): Promise<BrowserPage> {
      const opened = await newPage();
      await opened.page.goto(`${baseUrl}/login`);
      await signIn(opened.page, demoPassword, email);
      await opened.page.waitForURL(/\/orgs\//);
      return opened;
    },

    apiSignIn,

    /**
     * A new organization of its own for a test (Asia/Shanghai, CNY, CAS), owned by `email`, and an
     * API session for it: whatever the demo holds, its lists start empty.
     */
    async apiNewOrganization(email: string, name: string): Promise<{ orgId: string; session: ApiSession }> {
      const signedIn = await apiSignIn(email, "none");
      const response = await fetch(`${baseUrl}/api/v1/orgs`, {
        method: "POST",
        headers: {
          cookie: signedIn.cookie,
          "x-csrf-token": signedIn.csrfToken,
          "content-type": "application/json",
        },
        body: JSON.stringify({
          name,
          baseCurrency: "CNY",
          timeZone: "Asia/Shanghai",
          accountingFramework: "cas",
        }),
      });
      expect(response.status).toBe(201);
      const { orgId } = (await response.json()) as { orgId: string };
      return { orgId, session: { ...signedIn, orgUrl: `${baseUrl}/api/v1/orgs/${orgId}` } };
    },
  };
}

/** Minor units of a two-decimal amount the API sends ("123456.00" → 12345600n). */
function centsOf(amount: string): bigint {
  const [whole = "0", fraction = ""] = amount.split(".");
  return BigInt(whole) * 100n + BigInt(fraction.padEnd(2, "0").slice(0, 2));
}

/**
 * A customer that may buy on credit, made through the API as a credit manager would: its
 * statements (the sound trading company of test/support/fixtures.ts), an assessment, and a limit
 * of at most `limitMax` on the recommended terms. A limit below the recommendation applies at
 * once, with a reason and without a second person's approval (src/services/credit/approvals.ts).
 */
export async function customerWithCredit(
  session: ApiSession,
  customer: { readonly code: string; readonly name: string },
  options: { readonly today: string; readonly limitMax: string },
): Promise<{ customerId: string; code: string; name: string; limit: string }> {
  const created = await api<{ customerId: string }>(session, "POST", "customers", customer);
  expect(created.status).toBe(201);
  const { customerId } = created.body;
  const lastYearEnd = `${Number(options.today.slice(0, 4)) - 1}-12-31`;
  const statement = await api(session, "POST", `customers/${customerId}/statements`, {
    periodEnd: lastYearEnd,
    items: soundStatementItems,
  });
  expect(statement.status).toBe(201);
  const assessed = await api<{
    assessmentId: string;
    recommendation: { limit: string; terms: unknown };
  }>(session, "POST", `customers/${customerId}/assessments`, {});
  expect(assessed.status).toBe(201);
  const recommended = assessed.body.recommendation;
  expect(centsOf(recommended.limit)).toBeGreaterThan(0n);
  const lower = centsOf(options.limitMax) < centsOf(recommended.limit);
  const limit = lower ? options.limitMax : recommended.limit;
  const granted = await api(session, "POST", `customers/${customerId}/credit/limit`, {
    limit,
    terms: recommended.terms,
    assessmentId: assessed.body.assessmentId,
    ...(lower ? { reason: "E2E: a small limit for the test" } : {}),
  });
  expect(granted.status).toBe(200);
  return { customerId, code: customer.code, name: customer.name, limit };
}

/** The demo's first organization, which keeps its books under 企业会计准则 (CAS): 1122, 6001, 22210102. */
export async function firstDemoOrganization(started: {
  readonly store: Store;
  readonly orgIds: ReadonlyArray<string>;
}) {
  const orgId = started.orgIds[0];
  if (orgId === undefined) throw new Error("the demo has no organization");
  const organization = await getOrganization(started.store.db, orgId);
  expect(organization.accountingFramework).toBe("cas");
  return organization;
}

/** A request below the session's organization; a body goes with an Idempotency-Key. */
export async function api<T>(
  session: ApiSession,
  method: "GET" | "POST",
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${session.orgUrl}/${path}`, {
    method,
    headers: {
      cookie: session.cookie,
      "x-csrf-token": session.csrfToken,
      ...(body === undefined
        ? {}
        : { "content-type": "application/json", "idempotency-key": crypto.randomUUID() }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as T };
}

/** Fills in and sends the login form (in Chinese). */
export async function signIn(page: Page, password: string, email = demoOwnerEmail): Promise<void> {
  await page.getByLabel("邮箱").fill(email);
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: "登录" }).click();
}

export function navLink(page: Page, section: string) {
  return page.locator(`nav a[data-section="${section}"]`);
}

/** Today's date in an organization's time zone, as the server and the pages take it. */
export function todayIn(timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).formatToParts(new Date());
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("year")}-${part("month")}-${part("day")}`;
}
