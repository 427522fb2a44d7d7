import type { Role } from "../domain/access/index.ts";
import type { CustomerKind } from "../domain/credit/index.ts";
import type { LedgerEvent } from "../domain/ledger/index.ts";
import type { AccountingFramework } from "../domain/organization/index.ts";
import type { Store } from "../store/database.ts";
import { type Actor, type Clock, runCommand, systemClock } from "./command.ts";
import { createCustomer } from "./customers.ts";
import { createDemoCredit, type DemoCreditPlan, demoCreditPlan } from "./demo-credit.ts";
import { createDemoPlans } from "./demo-plans.ts";
import { postEvents } from "./ledger/index.ts";
import { createOrganization } from "./organizations.ts";
import { addMember, createUser, findUserByEmail } from "./people.ts";

/**
 * The demo: two organizations (so a bookkeeping firm's switch between clients can be tried), one
 * user per role, and a reproducible set of customers from a fixed seed. Later capabilities extend
 * it with their own documents.
 */
export const demoPassword = "credence-demo";
export const demoOwnerEmail = "owner@demo.credence.test";
export const demoSeedDefault = 20261123;
export const demoCustomersPerOrg = 40;

export const demoUsers: ReadonlyArray<{
  readonly email: string;
  readonly name: string;
  readonly role: Role;
}> = [
  { email: demoOwnerEmail, name: "王芳 (Owner)", role: "owner" },
  { email: "credit@demo.credence.test", name: "李强 (Credit manager)", role: "credit_manager" },
  { email: "collector@demo.credence.test", name: "张伟 (Collector)", role: "collector" },
  { email: "accountant@demo.credence.test", name: "刘洋 (Accountant)", role: "accountant" },
  { email: "auditor@demo.credence.test", name: "陈静 (Auditor)", role: "auditor" },
];

const demoCurrency = "CNY";

const demoOrganizations: ReadonlyArray<{ readonly name: string; readonly framework: AccountingFramework }> = [
  { name: "华东示范贸易有限公司 (Demo Trading)", framework: "cas" },
  { name: "江南小微科技有限公司 (Demo Small Co.)", framework: "asbe" },
];

/** A small seeded generator (mulberry32): the same seed gives the same demo on every machine. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const cities = ["上海", "杭州", "苏州", "南京", "宁波", "合肥", "无锡", "常州", "嘉兴", "绍兴"];
const brandWords = [
  "华信",
  "恒通",
  "瑞丰",
  "宏达",
  "金桥",
  "新原",
  "鼎盛",
  "永安",
  "博远",
  "嘉禾",
  "中拓",
  "汇丰",
];
const industries = [
  { zh: "机械制造", en: "Machinery" },
  { zh: "电子元器件", en: "Electronic components" },
  { zh: "建材", en: "Building materials" },
  { zh: "食品批发", en: "Food wholesale" },
  { zh: "纺织服装", en: "Textiles" },
  { zh: "物流", en: "Logistics" },
];
const surnames = ["赵", "钱", "孙", "周", "吴", "郑", "冯", "陈"];
const givenNames = ["明", "华", "磊", "婷", "军", "敏", "杰", "丽"];

export interface DemoCustomer {
  readonly code: string;
  readonly name: string;
  readonly kind: CustomerKind;
  readonly industry: string;
}

export function demoCustomers(seed: number, count: number): DemoCustomer[] {
  const random = seededRandom(seed);
  const pick = <T>(list: ReadonlyArray<T>): T => list[Math.floor(random() * list.length)] as T;
  const customers: DemoCustomer[] = [];
  for (let i = 1; i <= count; i += 1) {
    const individual = random() < 0.1;
    const industry = pick(industries);
    customers.push({
      code: `C${String(i).padStart(5, "0")}`,
      name: individual
        ? `${pick(surnames)}${pick(givenNames)}${pick(givenNames)}`
        : `${pick(cities)}${pick(brandWords)}${industry.zh}有限公司`,
      kind: individual ? "individual" : "company",
      industry: industry.zh,
    });
  }
  return customers;
}

/**
 * The credit plan of the demo organization made from `seed` (createDemo gives organization i the
 * seed `seed + i`): each customer's grade, evidence and role. On a stream of its own, so that the
 * customers and vouchers stay what they were before credit data was added.
 */
export function demoCreditPlanOf(seed: number): DemoCreditPlan[] {
  return demoCreditPlan(seededRandom(seed * 31 + 17), demoCustomers(seed, demoCustomersPerOrg));
}

const demoLedgerMonths = 3;

function isoDate(year: number, month: number, day: number): string {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.toISOString().slice(0, 10);
}

/**
 * Three months of sales on credit, receipts and their application, a discount and a bad debt,
 * ending at `today`, so that the ledger pages have something true to show. Net amounts are whole
 * hundreds of yuan so that 13 % VAT comes out exact.
 */
export function demoLedgerEvents(
  seed: number,
  customerIds: ReadonlyArray<string>,
  today: string,
): LedgerEvent[] {
  const random = seededRandom(seed * 7 + 3);
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const events: LedgerEvent[] = [];
  const owed = new Map<string, bigint>();
  const base = { currency: "CNY", sourceType: "demo", sourceId: null } as const;
  for (let back = demoLedgerMonths - 1; back >= 0; back -= 1) {
    const first = new Date(Date.UTC(year, month - 1 - back, 1));
    const y = first.getUTCFullYear();
    const m = first.getUTCMonth() + 1;
    const lastDay = back === 0 ? Number(today.slice(8, 10)) : new Date(Date.UTC(y, m, 0)).getUTCDate();
    const day = () => isoDate(y, m, 1 + Math.floor(random() * lastDay));
    for (const [index, customerId] of customerIds.entries()) {
      if (random() < 0.4) continue;
      const net = BigInt(50 + Math.floor(random() * 1950)) * 10_000n;
      const tax = (net * 13n) / 100n;
      const issued = day();
      events.push({
        ...base,
        type: "invoice_issued",
        date: issued,
        customerId,
        amounts: { net, tax },
        memo: `销售开票 C${String(index + 1).padStart(5, "0")}`,
      });
      const paid = random();
      let open = net + tax;
      if (paid < 0.6) {
        const later = day();
        const date = later < issued ? issued : later;
        const amount = paid < 0.45 ? net + tax : (net + tax) / 2n;
        open -= amount;
        events.push({
          ...base,
          type: "payment_received",
          date,
          customerId,
          amounts: { amount },
          memo: "银行收款",
        });
        events.push({
          ...base,
          type: "payment_applied",
          date,
          customerId,
          amounts: { amount },
          memo: "回款核销",
        });
      }
      owed.set(customerId, (owed.get(customerId) ?? 0n) + open);
    }
  }
  // The provision first, then a small bad debt out of the largest unpaid balance.
  events.push({
    ...base,
    type: "provision",
    date: today,
    customerId: null,
    amounts: { amount: 500_000n },
    memo: "计提坏账准备",
  });
  const [lost] = [...owed].sort((a, b) => (a[1] < b[1] ? 1 : a[1] > b[1] ? -1 : 0));
  if (lost !== undefined && lost[1] >= 100_000n) {
    events.push({
      ...base,
      type: "write_off",
      date: today,
      customerId: lost[0],
      amounts: { amount: 100_000n },
      memo: "坏账核销",
    });
  }
  // Posted in date order, as a bookkeeper enters them, so that voucher numbers follow the dates.
  events.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return events;
}

export interface DemoResult {
  readonly created: boolean;
  readonly orgIds: ReadonlyArray<string>;
  readonly ownerEmail: string;
  readonly password: string;
}

export async function createDemo(
  store: Store,
  options: {
    readonly seed?: number;
    readonly clock?: Clock;
    readonly onStep?: (done: number, total: number) => void;
  } = {},
): Promise<DemoResult> {
  const clock = options.clock ?? systemClock;
  const seed = options.seed ?? demoSeedDefault;
  if ((await findUserByEmail(store.db, demoOwnerEmail)) !== undefined) {
    return { created: false, orgIds: [], ownerEmail: demoOwnerEmail, password: demoPassword };
  }
  const actor: Actor = { userId: null, label: "demo" };
  // Per organization: itself, then each customer twice (its record, then its credit).
  const total = demoOrganizations.length * (1 + 2 * demoCustomersPerOrg);
  let done = 0;
  const orgIds: string[] = [];
  const users = await runCommand(
    store,
    async (tx) => {
      const made = new Map<Role, Actor>();
      for (const demoUser of demoUsers) {
        const user = await createUser(tx, {
          email: demoUser.email,
          displayName: demoUser.name,
          password: demoPassword,
          locale: "zh-CN",
        });
        made.set(demoUser.role, { userId: user.userId, label: user.email });
      }
      return made;
    },
    clock,
  );
  const owner = users.get("owner");
  const creditManager = users.get("credit_manager");
  if (owner === undefined || owner.userId === null || creditManager === undefined) {
    throw new Error("the demo users include an owner and a credit manager");
  }
  const ownerUserId = owner.userId;
  for (const [index, spec] of demoOrganizations.entries()) {
    const orgId = await runCommand(
      store,
      async (tx) => {
        const organization = await createOrganization(tx, actor, {
          name: spec.name,
          baseCurrency: demoCurrency,
          timeZone: "Asia/Shanghai",
          accountingFramework: spec.framework,
          ownerUserId,
        });
        for (const member of demoUsers.slice(1)) {
          await addMember(tx, actor, organization.orgId, { email: member.email, role: member.role });
        }
        return organization.orgId;
      },
      clock,
    );
    orgIds.push(orgId);
    done += 1;
    options.onStep?.(done, total);
    const customers = demoCustomers(seed + index, demoCustomersPerOrg);
    const ids = await runCommand(
      store,
      async (tx) => {
        const made: string[] = [];
        for (const customer of customers) {
          made.push((await createCustomer(tx, actor, orgId, customer)).customerId);
          done += 1;
          options.onStep?.(done, total);
        }
        const today = clock().toISOString().slice(0, 10);
        await postEvents(tx, actor, orgId, demoLedgerEvents(seed + index, made, today));
        return made;
      },
      clock,
    );
    const plan = demoCreditPlanOf(seed + index);
    await runCommand(
      store,
      (tx) =>
        createDemoCredit(
          tx,
          { creditManager, owner },
          orgId,
          plan.map((entry, at) => {
            const customerId = ids[at];
            if (customerId === undefined || entry.code !== customers[at]?.code) {
              throw new Error("the credit plan follows the demo customers one for one");
            }
            return { customerId, plan: entry };
          }),
          {
            currency: demoCurrency,
            onCustomer: () => {
              done += 1;
              options.onStep?.(done, total);
            },
          },
        ),
      clock,
    );
    await createDemoPlans(store, orgId, creditManager, clock);
  }
  return { created: true, orgIds, ownerEmail: demoOwnerEmail, password: demoPassword };
}
